//! Checks an order-book database as `promise serve` would boot it (for `scripts/soak.sh`):
//! the committed plan rebuilt (base, then the commits in their order), every line-day's
//! booked shifts against its shifts, and every order's status, promised date and planned
//! delivery, as JSON on stdout.
//!
//! `cargo run --release --example book_check -- DB AS_OF [HORIZON_DAYS]` — run it when no
//! server holds the database (it may re-plan, and store that, when the settings differ).

use promise::day::Day;
use promise::serve::{Clock, boot};
use promise::store::Store;
use serde_json::json;
use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: book_check DB AS_OF [HORIZON_DAYS]");
        std::process::exit(2);
    }
    let as_of = Day::parse(&args[2]).expect("AS_OF: a date YYYY-MM-DD");
    let horizon_days = args
        .get(3)
        .map_or(7300, |h| h.parse().expect("HORIZON_DAYS"));
    let mut store = Store::open(std::path::Path::new(&args[1])).expect("the database opens");
    let clock = Clock {
        fixed: Some(as_of),
        horizon_days,
        safety_days: 0,
    };
    let Ok((snap, _)) = boot(&mut store, &clock) else {
        eprintln!("the database does not boot");
        std::process::exit(1);
    };
    let f = snap.folded();
    let mut used: HashMap<(usize, Day), f64> = HashMap::new();
    for p in &f.committed.planned {
        for lp in &p.plan.lines {
            if let Some(prod) = lp.schedule().and_then(|s| s.production.as_ref()) {
                for x in &prod.allocs {
                    *used.entry((x.line, x.day)).or_default() += x.shifts;
                }
            }
        }
    }
    let mut overbooked: Vec<String> = used
        .iter()
        .filter(|((line, day), shifts)| **shifts > f64::from(f.plant.shifts(*line, *day)) + 1e-6)
        .map(|((line, day), shifts)| format!("{} {day}: {shifts}", f.plant.lines[*line].id))
        .collect();
    overbooked.sort();
    let mut delivery: HashMap<usize, Option<Day>> = HashMap::new();
    for p in &f.committed.planned {
        delivery.insert(p.order, p.plan.delivery);
    }
    let orders: serde_json::Map<String, serde_json::Value> = f
        .book
        .orders
        .iter()
        .enumerate()
        .map(|(i, o)| {
            (
                o.id.clone(),
                json!({
                    "status": o.status.as_str(),
                    "promised": o.promised(),
                    "delivery": delivery.get(&i).copied().flatten(),
                }),
            )
        })
        .collect();
    println!(
        "{}",
        json!({
            "line_days": used.len(),
            "overbooked": overbooked,
            "orders": orders,
        })
    );
}
