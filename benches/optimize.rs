//! The optimiser's parts, over plants from the project's own generator and OR-Library.
//!
//! - `lp_bound/{s,m}`: the LP lower bound with microlp, sized for a 60 s run.
//! - `wt40/{special,general}/{1,7,31}`: `optimize` on three wt40 instances (a fixed number of
//!   kicks, or of steps per chain of the general search with `--no-special`).

/// The allocator the binary uses (src/main.rs), so that the benches measure what ships.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use promise::day::Day;
use promise::generator::{GenParams, generate};
use promise::load::load_files;
use promise::model::{OrderBook, Plant};
use promise::optimize::{Options, Solver, lp, optimize, wt};
use promise::plan::Settings;
use std::hint::black_box;
use std::time::Duration;

fn start() -> Day {
    Day::parse("2026-03-02").unwrap()
}

fn load(files: &[(&'static str, String)]) -> (Plant, OrderBook) {
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    load_files(&refs).unwrap()
}

fn lp_bound(c: &mut Criterion) {
    let mut g = c.benchmark_group("lp_bound");
    g.sample_size(10);
    for size in ["s", "m"] {
        let (plant, book) = load(&generate(&GenParams::preset(size, start()).unwrap()));
        let opts = lp::LpOptions {
            solver: Solver::Microlp,
            seconds: 60.0,
            max_variables: Solver::Microlp.max_variables(),
            days: 320,
        };
        g.bench_with_input(BenchmarkId::from_parameter(size), &(), |b, _| {
            b.iter(|| {
                black_box(lp::lower_bound(&plant, &book, &Settings::new(start()), &opts).value)
            })
        });
    }
    g.finish();
}

fn wt40(c: &mut Criterion) {
    // Instances 1, 7 and 31 of wt40, vendored in tests/data (see its README).
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wt40_sample.txt");
    let instances = wt::parse(&std::fs::read_to_string(path).unwrap(), 40).unwrap();
    let mut g = c.benchmark_group("wt40");
    g.sample_size(10);
    for (k, inst) in [1usize, 7, 31].into_iter().zip(&instances) {
        let (plant, book) = load(&wt::plant_files(inst, start()));
        for (name, special) in [("special", true), ("general", false)] {
            let opts = Options {
                time_limit: Duration::from_secs(10),
                iterations: Some(200),
                seed: 1,
                solver: Solver::Microlp,
                lower_bound: true,
                special,
            };
            g.bench_with_input(BenchmarkId::new(name, k), &(), |b, _| {
                b.iter(|| {
                    black_box(
                        optimize(&plant, &book, Settings::new(start()), &opts)
                            .unwrap()
                            .objective,
                    )
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, lp_bound, wt40);
criterion_main!(benches);
