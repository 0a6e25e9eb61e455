//! The reliability model's hot paths on the M plant: a quote at a service level with
//! 1,000 scenarios (the cluster replay) — also under the laws fitted from a generated
//! history (`m-history`, what `--history` simulates) — and a full-plan replay.

/// The allocator the binary uses (src/main.rs), so that the benches measure what ships.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use promise::day::Day;
use promise::generator::{generate, generate_routed, sized};
use promise::load::load_files;
use promise::model::{Order, OrderLine};
use promise::plan::{Plan, Settings};
use promise::reliability::{self, Options};
use promise::snapshot::Snapshot;
use std::hint::black_box;
use std::sync::Arc;

/// The generated plant of `size` (`m`, or `m-routed` with routings).
fn plant_of(size: &str) -> (promise::model::Plant, promise::model::OrderBook) {
    let start = Day::parse("2026-03-02").unwrap();
    let files = match sized(size, start).unwrap() {
        (p, true) => generate_routed(&p),
        (p, false) => generate(&p),
    };
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    load_files(&refs).unwrap()
}

fn quote_at_service_level(c: &mut Criterion) {
    for size in ["m", "m-routed", "m-history"] {
        quote_at_service_level_of(c, size);
    }
}

/// `m` with the laws `promise fit` learns from `gen --history`'s year (what `--history`
/// hands the reliability model: fitted lead times, delays, transit, outages and
/// availability).
fn with_history(size: &str) -> (promise::model::Plant, promise::model::OrderBook) {
    let (mut plant, book) = plant_of(size);
    let start = Day::parse("2026-03-02").unwrap();
    let files = promise::generator::history(&plant, start, 1);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let history = promise::load::load_history_files(&refs, &plant).unwrap();
    promise::fit::fit(&plant, &history)
        .apply_to(&mut plant, promise::load::ranges::MIN_AVAILABILITY);
    (plant, book)
}

fn quote_at_service_level_of(c: &mut Criterion, size: &str) {
    let (plant, book) = match size.strip_suffix("-history") {
        Some(base) => with_history(base),
        None => plant_of(size),
    };
    let settings = Settings::new(Day::parse("2026-03-02").unwrap());
    let plant = Arc::new(plant);
    let snap = Snapshot::new(plant.clone(), Arc::new(book), settings);
    snap.replay();
    let orders: Vec<Order> = (0..16)
        .map(|i| {
            let line = OrderLine::new(
                (i * 127) % plant.products.len(),
                60.0,
                i % plant.destinations.len(),
            );
            Order::quote(
                format!("Q{i}"),
                vec![OrderLine {
                    requested: Some(settings.as_of + 40),
                    ..line
                }],
            )
        })
        .collect();
    let mut i = 0;
    c.bench_function(&format!("quote_service_level/{size}/1000"), |b| {
        b.iter(|| {
            i = (i + 1) % orders.len();
            let plan = snap.quote(&orders[i]);
            black_box(
                snap.outlook(
                    &orders[i],
                    &plan,
                    Options {
                        scenarios: 1000,
                        seed: 1,
                    },
                )
                .map(|o| o.distribution.promise(0.95)),
            )
        })
    });
}

fn simulate_plan(c: &mut Criterion) {
    let mut g = c.benchmark_group("simulate_plan");
    g.sample_size(10);
    for size in ["m", "m-routed"] {
        simulate_plan_of(&mut g, size);
    }
    g.finish();
}

fn simulate_plan_of(
    g: &mut criterion::BenchmarkGroup<criterion::measurement::WallTime>,
    size: &str,
) {
    let (plant, book) = plant_of(size);
    let plan = Plan::build(
        &plant,
        &book,
        Settings::new(Day::parse("2026-03-02").unwrap()),
    );
    g.bench_function(format!("{size}/100"), |b| {
        b.iter(|| {
            black_box(
                reliability::simulate(
                    &plant,
                    &book,
                    &plan,
                    Options {
                        scenarios: 100,
                        seed: 1,
                    },
                    &|_| {},
                )
                .len(),
            )
        })
    });
}

criterion_group!(benches, quote_at_service_level, simulate_plan);
criterion_main!(benches);
