//! `promise gen`: one-step plants are the same bytes as before routings existed; multi-step
//! plants load without a diagnostic, plan, are deterministic and have the shape issue 9 asks
//! for (steps in line families, waits, made components two levels deep, materials at the
//! step that uses them).

use assert_cmd::Command;
use promise::day::Day;
use promise::generator::{Files, GenParams, generate, generate_routed, sized};
use promise::load::load_files;
use promise::model::{Need, OrderBook, Plant, Product};
use promise::plan::{Plan, Settings};
use std::collections::HashSet;

fn start() -> Day {
    Day::parse("2026-03-02").unwrap()
}

fn preset(name: &str) -> GenParams {
    GenParams::preset(name, start()).unwrap()
}

fn load(files: &Files) -> (Plant, OrderBook) {
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    load_files(&refs).unwrap_or_else(|d| panic!("the generated plant does not load:\n{d}"))
}

/// FNV-1a over every file's name and text, in the order they are written.
fn fingerprint(files: &Files) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, text) in files {
        for b in name.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[test]
fn one_step_plants_are_the_bytes_they_always_were() {
    // Fingerprints of the files `promise gen --size xs|s|m` wrote before routings existed
    // (the `main` binary; `cmp` showed l identical too).
    for (size, before) in [
        ("xs", 0x6200_bf82_0f26_8fc2_u64),
        ("s", 0xbd8c_943b_7a08_458a),
        ("m", 0xa443_93b5_3358_c26b),
    ] {
        let files = generate(&preset(size));
        assert_eq!(fingerprint(&files), before, "gen --size {size} changed");
        assert!(files.iter().all(|(n, _)| *n != "routing.csv"));
    }
}

#[test]
fn named_sizes_with_routings() {
    assert_eq!(sized("m", start()), Some((preset("m"), false)));
    assert_eq!(sized("m-routed", start()), Some((preset("m"), true)));
    assert_eq!(sized("l-routed", start()), Some((preset("l"), true)));
    assert_eq!(sized("q-routed", start()), None);
    assert_eq!(sized("routed", start()), None);
}

#[test]
fn routed_plants_are_deterministic_and_keep_the_one_step_plants_orders() {
    let p = preset("s");
    let a = generate_routed(&p);
    assert_eq!(a, generate_routed(&p), "same seed, same bytes");
    let other = generate_routed(&GenParams {
        seed: 2,
        ..p.clone()
    });
    assert_ne!(fingerprint(&a), fingerprint(&other));
    // The routing reshapes the plant, not the demand or the supply chain around it.
    let one_step = generate(&p);
    let file = |f: &Files, name: &str| f.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    for name in ["orders.csv", "transit.csv", "receipts.csv"] {
        assert_eq!(file(&a, name), file(&one_step, name), "{name}");
    }
}

/// Plans `files` and returns (orders, late, infeasible).
fn plan_counts(files: &Files) -> (usize, usize, usize) {
    let (plant, book) = load(files);
    let plan = Plan::build(&plant, &book, Settings::new(start()));
    let mut late = 0;
    let mut infeasible = 0;
    for p in &plan.planned {
        let order = &book.orders[p.order];
        match (p.plan.delivery, order.due()) {
            (None, _) => infeasible += 1,
            (Some(d), Some(due)) if d > due => late += 1,
            _ => {}
        }
    }
    (plan.planned.len(), late, infeasible)
}

#[test]
fn routed_plants_of_any_size_load_and_plan() {
    // Down to plants too small for every line family or role.
    for (lines, products, materials, orders, seed) in [
        (3, 12, 20, 40, 1),
        (1, 5, 10, 20, 3),
        (2, 1, 0, 10, 4),
        (2, 2, 3, 10, 5),
        (4, 30, 0, 60, 6),
    ] {
        let p = GenParams {
            lines,
            products,
            materials,
            orders,
            seed,
            ..preset("xs")
        };
        let files = generate_routed(&p);
        let (n, _, infeasible) = plan_counts(&files);
        assert_eq!((n, infeasible), (orders, 0), "{p:?}");
    }
}

#[test]
fn a_routed_plant_plans_like_a_plant_people_run() {
    // Most orders are on time, a realistic share late (issue 9: roughly 10–30 %, like M).
    let (n, late, infeasible) = plan_counts(&generate_routed(&preset("s")));
    assert_eq!(infeasible, 0);
    let share = late as f64 / n as f64;
    assert!((0.05..=0.35).contains(&share), "{late} of {n} late");
}

fn family(plant: &Plant, p: &Product, k: usize) -> String {
    let ids: HashSet<&str> = p
        .step_routes(k)
        .iter()
        .map(|r| &plant.lines[r.line].id[..3])
        .collect();
    assert_eq!(ids.len(), 1, "{} step {k} spans line families", p.id);
    ids.into_iter().next().unwrap().to_string()
}

/// The longest chain of made components under `p`, counting `p` (1 = no component).
fn levels(plant: &Plant, p: &Product) -> usize {
    1 + p
        .bom
        .iter()
        .filter_map(|b| match b.need {
            Need::Component(c) => Some(levels(plant, &plant.products[c])),
            Need::Material(_) => None,
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn a_routed_plant_has_the_shape_of_a_pump_works() {
    let (plant, _) = load(&generate_routed(&preset("s")));
    let n = plant.products.len() as f64;
    let multi = plant.products.iter().filter(|p| p.steps.len() >= 2).count() as f64;
    assert!(
        (0.4..=0.6).contains(&(multi / n)),
        "{multi} of {n} in 2-3 steps"
    );
    assert!(
        plant
            .products
            .iter()
            .all(|p| (1..=3).contains(&p.steps.len()))
    );
    let components: HashSet<usize> = plant
        .products
        .iter()
        .flat_map(|p| &p.bom)
        .filter_map(|b| match b.need {
            Need::Component(c) => Some(c),
            Need::Material(_) => None,
        })
        .collect();
    let share = components.len() as f64 / n;
    assert!(
        (0.15..=0.25).contains(&share),
        "{share} of products are components"
    );
    assert!(
        plant.products.iter().any(|p| levels(&plant, p) == 3),
        "a shaft in a rotor in a pump"
    );
    assert!(
        components.iter().any(
            |&c| plant.products[c].on_hand > plant.products[c].safety_stock
                && plant.products[c].safety_stock > 0.0
        ),
        "components in stock above a safety stock"
    );
    let waits: Vec<i32> = plant
        .products
        .iter()
        .flat_map(|p| p.steps.iter().map(|s| s.wait_days))
        .collect();
    assert!(waits.iter().any(|w| (2..=5).contains(w)) && waits.iter().all(|w| (0..=5).contains(w)));
    let names: HashSet<&str> = plant
        .products
        .iter()
        .flat_map(|p| p.steps.iter().map(|s| s.name.as_str()))
        .collect();
    assert!(names.contains("装配") && names.contains("assembly") && names.contains("试验"));
    for p in &plant.products {
        for k in 0..p.steps.len() {
            assert!((1..=3).contains(&p.step_routes(k).len()));
            let family = family(&plant, p, k);
            for b in p.step_needs(k) {
                match b.need {
                    // Made components go into assembly.
                    Need::Component(_) => assert_eq!(family, "ASM", "{} step {k}", p.id),
                    Need::Material(m) => {
                        let name = &plant.materials[m].name;
                        let machining = name.starts_with("Bar stock");
                        let assembly = ["Seal", "Bearing", "Motor", "Fastener"]
                            .iter()
                            .any(|s| name.starts_with(s));
                        assert!(!machining || family == "MCH", "{name} at {} {family}", p.id);
                        assert!(!assembly || family == "ASM", "{name} at {} {family}", p.id);
                    }
                }
            }
        }
    }
}

#[test]
fn gen_routings_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], out: &str| {
        Command::cargo_bin("promise")
            .unwrap()
            .args(["gen", "--seed", "3", "--out"])
            .arg(dir.path().join(out))
            .args(args)
            .assert()
    };
    run(&["--size", "xs", "--routings"], "flag").success();
    run(&["--size", "xs-routed"], "named").success();
    for f in ["routing.csv", "capacity.csv", "bom.csv", "orders.csv"] {
        assert_eq!(
            std::fs::read(dir.path().join("flag").join(f)).unwrap(),
            std::fs::read(dir.path().join("named").join(f)).unwrap(),
            "{f}"
        );
    }
    run(&["--size", "xs-routing"], "bad").code(2);
    Command::cargo_bin("promise")
        .unwrap()
        .args(["plan", "--as-of", "2026-03-02", "--data"])
        .arg(dir.path().join("flag"))
        .assert()
        .success();
}

#[test]
fn a_generated_history_holds_only_what_was_received_before_the_as_of_date() {
    // The history is what the ERP exports on the as-of date: a purchase received later
    // is an open receipt, not history (the walk-forward check would otherwise see the
    // future).
    let start = promise::day::Day::parse("2026-03-02").unwrap();
    let (params, _) = promise::generator::sized("s", start).unwrap();
    let files = promise::generator::generate(&params);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let (plant, _) = promise::load::load_files(&refs).unwrap();
    let mut rows = 0;
    for seed in 1..=10 {
        let history = promise::generator::history(&plant, start, seed);
        let receipts = &history
            .iter()
            .find(|(n, _)| *n == "receipts.csv")
            .unwrap()
            .1;
        for row in receipts.lines().skip(1) {
            let received = row.rsplit(',').next().unwrap();
            assert!(received < "2026-03-02", "seed {seed}: {row}");
            rows += 1;
        }
    }
    assert!(rows > 1000, "{rows} receipts");
}
