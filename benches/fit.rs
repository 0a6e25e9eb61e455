//! `promise fit` on a year of history for the M plant (5,000 materials, ~100,000
//! receipts, 50 lines): loading the history files and fitting (goal ≤ 2 s).

/// The allocator the binary uses (src/main.rs), so that the benches measure what ships.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use promise::day::Day;
use promise::generator::{generate, history, sized};
use promise::load::{load_files, load_history_files};
use std::hint::black_box;

fn fit_m(c: &mut Criterion) {
    let start = Day::parse("2026-03-02").unwrap();
    let (params, _) = sized("m", start).unwrap();
    let files = generate(&params);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let (plant, _) = load_files(&refs).unwrap();
    let past = history(&plant, start, params.seed);
    let past_refs: Vec<(&str, &str)> = past.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let loaded = load_history_files(&past_refs, &plant).unwrap();
    let mut g = c.benchmark_group("fit");
    g.sample_size(10);
    g.bench_function("fit m (fit only)", |b| {
        b.iter(|| black_box(promise::fit::fit(&plant, &loaded)))
    });
    g.bench_function("fit m (load history + fit)", |b| {
        b.iter(|| {
            let h = load_history_files(&past_refs, &plant).unwrap();
            black_box(promise::fit::fit(&plant, &h))
        })
    });
    g.finish();
}

criterion_group!(benches, fit_m);
criterion_main!(benches);
