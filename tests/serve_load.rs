//! The service under load and under a crash: concurrent clients racing to commit
//! overlapping orders never double-book a line-day and never break a promise; a server
//! killed with SIGKILL in the middle of a stream of commits keeps every acknowledged one
//! and nothing else; import → export plans identically. And the snapshot's commits,
//! checked against planning from scratch.

mod common;

use common::http::{Server, commit_body, worked_example};
use common::{a, ad_hoc, settings};
use promise::day::Day;
use promise::generator::{GenParams, generate};
use promise::load::load_files;
use promise::model::{Kind, Plant};
use promise::plan::bookings::Bookings;
use promise::plan::{Placement, Plan, plan_order};
use promise::reliability::{self, Options};
use promise::serve::{Clock, boot};
use promise::snapshot::Snapshot;
use promise::store::Store;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::Command;
use std::sync::{Arc, Mutex};

const NO_ORDERS: &str = "order_id,product_id,qty,requested_date,destination\n";

/// Line time booked per (line, day) over a committed plan, checked against the shifts.
fn assert_no_line_day_overbooked(plant: &Plant, plan: &Plan) {
    let mut used: HashMap<(usize, Day), f64> = HashMap::new();
    for p in &plan.planned {
        for lp in &p.plan.lines {
            if let Some(prod) = lp.schedule().and_then(|s| s.production.as_ref()) {
                for x in &prod.allocs {
                    *used.entry((x.line, x.day)).or_default() += x.shifts;
                }
            }
        }
    }
    for ((line, day), shifts) in used {
        let cap = f64::from(plant.shifts(line, day));
        assert!(
            shifts <= cap + 1e-6,
            "line {line} on {day}: {shifts} shifts booked of {cap}"
        );
    }
}

#[test]
fn racing_clients_never_double_book_and_every_accepted_promise_holds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    worked_example(&data, NO_ORDERS);
    race(dir.path(), &data);
}

/// The same race on SPEC.md's plant with routings: every commit books two steps on two
/// lines and a work order for its component on the machining line.
#[test]
fn racing_clients_never_double_book_steps_and_work_orders() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    worked_example(&data, NO_ORDERS);
    for (name, text) in [
        (
            "lines.csv",
            "line_id,shifts_per_day,work_days\nL1,1,Mon-Fri\nL2,1,Mon-Fri\n",
        ),
        (
            "capacity.csv",
            "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL2,P1,50,2\nL1,C1,200,1\n",
        ),
        (
            "routing.csv",
            "product_id,step,name,wait_days\nP1,1,machining,2\nP1,2,assembly,0\n",
        ),
        (
            "products.csv",
            "product_id,inspection_days,on_hand\nP1,1,0\nC1,1,120\n",
        ),
        (
            "bom.csv",
            "product_id,material_id,qty_per_unit,step\nP1,C1,1,2\n",
        ),
    ] {
        std::fs::write(data.join(name), text).unwrap();
    }
    race(dir.path(), &data);
}

/// 8 clients commit 25 overlapping orders each while 2 quote: afterwards no line-day is
/// overbooked, every accepted order keeps its promise, and the database boots to the
/// same plan.
fn race(dir: &std::path::Path, data: &std::path::Path) {
    let db = dir.join("book.db");
    let mut s = Server::start(dir, data, &db, &[]);
    let addr = s.addr.clone();
    let done = std::sync::atomic::AtomicBool::new(false);
    let results: Vec<(String, u16, Value)> = std::thread::scope(|scope| {
        // Quotes meanwhile: their review records are written by the journal while the
        // writer commits; neither may fail for the other.
        for _ in 0..2 {
            let (addr, done) = (addr.clone(), &done);
            scope.spawn(move || {
                let body = r#"{"product_id": "P1", "qty": 30, "destination": "D1"}"#;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    let (st, v) = common::http::call(
                        &addr,
                        "POST",
                        "/quote",
                        Some(common::http::TOKEN),
                        Some(body),
                    )
                    .unwrap();
                    assert_eq!(st, 200, "{v}");
                }
            });
        }
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let addr = addr.clone();
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for k in 0..25 {
                        let id = format!("T{t}-{k:02}");
                        let qty = 50.0 * (1 + (t * 7 + k * 13) % 5) as f64;
                        let due = Day::parse("2026-03-09").unwrap() + ((k * 5 + t * 3) % 90);
                        let body = commit_body(&id, qty, &due.to_string(), Some(&due.to_string()));
                        let (st, v) = common::http::call(
                            &addr,
                            "POST",
                            "/orders",
                            Some(common::http::TOKEN),
                            Some(&body),
                        )
                        .unwrap();
                        out.push((id, st, v));
                    }
                    out
                })
            })
            .collect();
        let all = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        all
    });
    let mut accepted: BTreeMap<String, String> = BTreeMap::new();
    let mut rejected = 0;
    for (id, st, v) in &results {
        match st {
            201 => {
                accepted.insert(id.clone(), v["promised_date"].as_str().unwrap().to_string());
                assert!(v["delivery"].as_str().unwrap() <= v["promised_date"].as_str().unwrap());
            }
            409 => {
                rejected += 1;
                assert!(
                    v["earliest_delivery"].as_str().unwrap() > v["promised_date"].as_str().unwrap(),
                    "{v}"
                );
            }
            _ => panic!("{id}: {st} {v}"),
        }
    }
    assert!(
        accepted.len() >= 20 && rejected >= 20,
        "{} accepted, {rejected} rejected",
        accepted.len()
    );
    // The live plan: exactly the accepted orders, each on or before its promise.
    let (_, plan) = s.call("GET", "/plan", None);
    let mut live: BTreeMap<String, String> = BTreeMap::new();
    for o in plan["orders"].as_array().unwrap() {
        assert!(
            o["delivery"].as_str().unwrap() <= o["promised_date"].as_str().unwrap(),
            "{o}"
        );
        live.insert(
            o["order_id"].as_str().unwrap().into(),
            o["delivery"].as_str().unwrap().into(),
        );
    }
    assert_eq!(
        live.keys().collect::<Vec<_>>(),
        accepted.keys().collect::<Vec<_>>()
    );
    s.kill();
    // The database, booted as the service boots: the same plan, no line-day overbooked.
    let mut store = Store::open(&db).unwrap();
    let clock = Clock {
        fixed: Some(a()),
        horizon_days: 7300,
        safety_days: 0,
    };
    let Ok((snap, _)) = boot(&mut store, &clock) else {
        panic!("boots")
    };
    let f = snap.folded();
    assert_no_line_day_overbooked(&f.plant, &f.committed);
    assert_eq!(f.committed.planned.len(), accepted.len());
    for p in &f.committed.planned {
        let o = &f.book.orders[p.order];
        assert_eq!(
            live[&o.id],
            p.plan.delivery.unwrap().to_string(),
            "{}",
            o.id
        );
        assert!(p.plan.delivery <= o.promised());
    }
}

#[test]
fn a_killed_server_keeps_every_acknowledged_commit_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    worked_example(&data, NO_ORDERS);
    std::fs::write(
        data.join("capacity.csv"),
        "line_id,product_id,units_per_shift\nL1,P1,1000000\n",
    )
    .unwrap();
    let db = dir.path().join("book.db");
    let mut s = Server::start(dir.path(), &data, &db, &[]);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let addr = s.addr.clone();
    let client = {
        let acked = acked.clone();
        std::thread::spawn(move || {
            for i in 0..5000 {
                let id = format!("D{i:04}");
                let body = commit_body(&id, 10.0, "2026-06-01", Some("2026-06-01"));
                match common::http::call(
                    &addr,
                    "POST",
                    "/orders",
                    Some(common::http::TOKEN),
                    Some(&body),
                ) {
                    Ok((201, _)) => acked.lock().unwrap().push(id),
                    Ok((st, v)) => panic!("{id}: {st} {v}"),
                    // The request in flight when the server died: it may or may not be stored.
                    Err(_) => return Some(id),
                }
            }
            None
        })
    };
    while acked.lock().unwrap().len() < 40 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    s.kill();
    let in_flight = client.join().unwrap();
    let acked = acked.lock().unwrap().clone();
    let s = Server::start(dir.path(), &data, &db, &[]);
    let (_, plan) = s.call("GET", "/plan", None);
    let stored: BTreeSet<String> = plan["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_id"].as_str().unwrap().to_string())
        .collect();
    let acked_set: BTreeSet<String> = acked.iter().cloned().collect();
    assert!(
        acked_set.is_subset(&stored),
        "an acknowledged commit was lost"
    );
    let extra: Vec<&String> = stored.difference(&acked_set).collect();
    assert!(
        extra.len() <= 1 && extra.iter().all(|e| Some(*e) == in_flight.as_ref()),
        "not acknowledged yet stored: {extra:?}"
    );
    for id in acked.iter().take(3) {
        let (st, v) = s.call("GET", &format!("/orders/{id}"), None);
        assert_eq!((st, &v["status"]), (200, &"committed".into()));
    }
}

#[test]
fn import_export_round_trip_plans_identically() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = dir.path().join("export");
    let bin = env!("CARGO_BIN_EXE_promise");
    let run = |args: &[&std::ffi::OsStr]| Command::new(bin).args(args).output().unwrap();
    let demo = std::path::Path::new("data/demo");
    let o = run(&[
        "import".as_ref(),
        "--data".as_ref(),
        demo.as_os_str(),
        "--db".as_ref(),
        db.as_os_str(),
        "--quiet".as_ref(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A second import into a database that holds a book is refused without --force.
    let o = run(&[
        "import".as_ref(),
        "--data".as_ref(),
        demo.as_os_str(),
        "--db".as_ref(),
        db.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    // Export refuses the directory the data came from.
    let o = run(&[
        "export".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--out".as_ref(),
        demo.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "export".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan = |d: &std::path::Path| {
        let o = run(&[
            "plan".as_ref(),
            "--data".as_ref(),
            d.as_os_str(),
            "--as-of".as_ref(),
            "2026-03-02".as_ref(),
            "--json".as_ref(),
        ]);
        assert!(o.status.success());
        o.stdout
    };
    assert_eq!(plan(demo), plan(&out));
}

/// Generated plants: a snapshot after commits equals planning the same sequence from
/// scratch — its free resources, its bookings, a quote on it — and restoring the commits
/// on a new base gives the same plans.
#[test]
fn commits_on_a_snapshot_equal_planning_the_sequence_from_scratch() {
    for seed in 1..=3 {
        let mut p = GenParams::preset("xs", a()).unwrap();
        p.seed = seed;
        let files = generate(&p);
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (plant, book) = load_files(&refs).unwrap();
        let plant = Arc::new(plant);
        let book = Arc::new(book);
        let mut snap = Snapshot::new(plant.clone(), book.clone(), settings());
        let mut committed = 0;
        for k in 0..30 {
            let product = &plant.products[(k * 7 + seed as usize) % plant.products.len()];
            let due = a() + 20 + (k as i32 * 9) % 150;
            let mut o = ad_hoc(
                &plant,
                &product.id,
                20.0 + 15.0 * (k % 6) as f64,
                &plant.destinations[k % plant.destinations.len()].id,
                Some(&due.to_string()),
                Kind::Standard,
            );
            o.id = format!("N{k}");
            o.status = promise::model::Status::Committed;
            o.lines[0].promised = Some(due);
            match snap.commit(o.clone()) {
                Ok(next) => {
                    committed += 1;
                    let a = next.appended.last().unwrap();
                    assert!(a.plan.delivery.unwrap() <= due);
                    snap = next;
                }
                Err(r) => assert!(r.earliest.delivery.is_none_or(|d| d > due)),
            }
        }
        assert!(committed > 0, "seed {seed}");
        let f = snap.folded();
        assert_eq!(
            f.committed.planned.len(),
            snap.committed.planned.len() + committed
        );
        let scratch = Plan::build_in(
            &plant,
            &f.book,
            settings(),
            f.committed.planned.iter().map(|p| (p.order, p.placement)),
        );
        for (x, y) in scratch.planned.iter().zip(&f.committed.planned) {
            assert_eq!(x.plan, y.plan, "seed {seed}");
        }
        assert_eq!(*snap.bookings, Bookings::of_plan(&plant, &f.committed));
        assert_no_line_day_overbooked(&plant, &f.committed);
        let q = ad_hoc(
            &plant,
            &plant.products[1].id,
            55.0,
            &plant.destinations[0].id,
            None,
            Kind::Standard,
        );
        let mut res = scratch.resources.clone();
        let quote = snap.quote(&q);
        assert_eq!(
            quote,
            plan_order(&plant, &settings(), &mut res, &q, Placement::Asap)
        );
        // The reliability of a quote replays base and appended orders: it equals the full
        // replay of the sequence with the quote last.
        let opts = Options {
            scenarios: 60,
            seed: 5,
        };
        let short = snap.outlook(&q, &quote, opts);
        let mut orders = f.book.orders.clone();
        orders.push(q.clone());
        let full_book = promise::model::OrderBook::new(orders);
        let seq = f
            .committed
            .planned
            .iter()
            .map(|p| (p.order, p.placement))
            .chain([(full_book.orders.len() - 1, Placement::Asap)]);
        let full_plan = Plan::build_in(&plant, &full_book, settings(), seq);
        let full = reliability::simulate(&plant, &full_book, &full_plan, opts, &|_| {});
        assert_eq!(short, full.last().cloned().flatten(), "seed {seed}");
        // The rush insertion walks base and appended orders: rushing an order that takes
        // nothing moves nobody.
        let mut nothing = q.clone();
        nothing.lines[0].qty = 1e-12;
        let r = promise::explain::review(&snap, &nothing, true);
        assert!(r.rush.impact.is_empty(), "seed {seed}: {:?}", r.rush.impact);
        // Restored on a new base (a restart): the same plans.
        let ids: Vec<String> = snap.appended.iter().map(|a| a.order.id.clone()).collect();
        let restored = Snapshot::new(plant.clone(), book.clone(), settings())
            .restore(snap.appended.iter().map(|a| a.order.clone()));
        for (x, y) in restored.appended.iter().zip(snap.appended.iter()) {
            assert_eq!(x.plan, y.plan);
        }
        assert_eq!(ids.len(), restored.appended.len());
        assert!(
            snap.commit(snap.appended[0].order.clone()).is_err(),
            "committed twice"
        );
    }
}
