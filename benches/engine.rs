//! The hot paths of planning and quoting, over plants from the project's own generator.
//!
//! - `load_and_plan/{s,m,l}`: CSV text → validated model → full plan (the whole job of
//!   `promise plan` minus reading files and printing). `l` has twice the orders of `m`
//!   over twice the horizon, so `l / m` is the scaling ratio.
//! - `plan/{s,m,l}`: planning alone on a loaded model.
//! - `quote/{s,m}`: one ad-hoc quote against the kept committed plan (a warm snapshot).
//! - `m-routed`, `l-routed`: the same plants with routings and made components (about
//!   half the products in 2–3 steps with waits, a fifth also made components).

/// The allocator the binary uses (src/main.rs), so that the benches measure what ships.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use promise::day::Day;
use promise::generator::{generate, generate_routed, sized};
use promise::load::load_files;
use promise::model::{Kind, Order, OrderLine};
use promise::plan::{Plan, Settings};
use promise::snapshot::Snapshot;
use std::hint::black_box;
use std::sync::Arc;

fn start() -> Day {
    Day::parse("2026-03-02").unwrap()
}

fn files(size: &str) -> Vec<(&'static str, String)> {
    match sized(size, start()).unwrap() {
        (p, true) => generate_routed(&p),
        (p, false) => generate(&p),
    }
}

fn refs<'a>(files: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    files.iter().map(|(n, t)| (*n, t.as_str())).collect()
}

fn load_and_plan(c: &mut Criterion) {
    let mut g = c.benchmark_group("load_and_plan");
    g.sample_size(10);
    for size in ["s", "m", "l", "m-routed", "l-routed"] {
        let f = files(size);
        let r = refs(&f);
        g.bench_with_input(BenchmarkId::from_parameter(size), &r, |b, r| {
            b.iter(|| {
                let (plant, book) = load_files(r).unwrap();
                black_box(
                    Plan::build(&plant, &book, Settings::new(start()))
                        .planned
                        .len(),
                )
            })
        });
    }
    g.finish();
}

fn plan_only(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan");
    g.sample_size(10);
    for size in ["s", "m", "l", "m-routed", "l-routed"] {
        let f = files(size);
        let (plant, book) = load_files(&refs(&f)).unwrap();
        g.bench_function(BenchmarkId::from_parameter(size), |b| {
            b.iter(|| {
                black_box(
                    Plan::build(&plant, &book, Settings::new(start()))
                        .planned
                        .len(),
                )
            })
        });
    }
    g.finish();
}

fn quote(c: &mut Criterion) {
    let mut g = c.benchmark_group("quote");
    for size in ["s", "m", "m-routed"] {
        let f = files(size);
        let (plant, book) = load_files(&refs(&f)).unwrap();
        let plant = Arc::new(plant);
        let snap = Snapshot::new(plant.clone(), Arc::new(book), Settings::new(start()));
        // A spread of products, so the bench does not measure one lucky line.
        let orders: Vec<Order> = (0..64)
            .map(|i| {
                let product = (i * 31) % plant.products.len();
                let kind = if i % 10 == 0 {
                    Kind::Special
                } else {
                    Kind::Standard
                };
                let line = OrderLine::new(
                    product,
                    50.0 + (i % 7) as f64 * 40.0,
                    i % plant.destinations.len(),
                );
                Order::quote(
                    format!("Q{i}"),
                    vec![OrderLine {
                        requested: Some(start() + 30),
                        kind,
                        ..line
                    }],
                )
            })
            .collect();
        let mut i = 0;
        g.bench_function(BenchmarkId::from_parameter(size), |b| {
            b.iter(|| {
                i = (i + 1) % orders.len();
                black_box(snap.quote(&orders[i]).delivery)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, load_and_plan, plan_only, quote);
criterion_main!(benches);
