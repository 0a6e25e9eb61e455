//! `plan --optimize`: the lower bound, the optimiser and the class guard.

mod common;

use common::{a, settings};
use promise::generator::{GenParams, generate};
use promise::load::load_files;
use promise::model::{OrderBook, Plant};
use promise::optimize::{Guard, Options, Solver, lp, optimize, wt};
use promise::plan::{Placement, Plan, default_placement, sequence};
use proptest::prelude::*;
use std::time::Duration;

fn plant_of(files: &[(&'static str, String)]) -> (Plant, OrderBook) {
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    load_files(&refs).unwrap_or_else(|d| panic!("plant does not load: {d}"))
}

fn generated(
    lines: usize,
    products: usize,
    materials: usize,
    orders: usize,
    days: i32,
    load: f64,
    seed: u64,
) -> (Plant, OrderBook) {
    plant_of(&generate(&GenParams {
        lines,
        products,
        materials,
        orders,
        horizon_days: days,
        load,
        seed,
        start: a(),
    }))
}

fn options(iterations: u64) -> Options {
    Options {
        time_limit: Duration::from_secs(20),
        iterations: Some(iterations),
        seed: 7,
        solver: Solver::Microlp,
        lower_bound: true,
        special: true,
    }
}

fn bound(plant: &Plant, book: &OrderBook) -> lp::Bound {
    lp::lower_bound(
        plant,
        book,
        &settings(),
        &lp::LpOptions {
            solver: Solver::Microlp,
            seconds: 20.0,
            max_variables: 4_000,
            days: 400,
        },
    )
}

/// Every permutation of `items` with every placement choice.
fn all_sequences(items: &[usize]) -> Vec<Vec<(usize, Placement)>> {
    let mut perms: Vec<Vec<usize>> = vec![vec![]];
    for _ in items {
        perms = perms
            .into_iter()
            .flat_map(|p| {
                items
                    .iter()
                    .filter(|x| !p.contains(x))
                    .map(|&x| {
                        let mut q = p.clone();
                        q.push(x);
                        q
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    let mut out = Vec::new();
    for p in perms {
        for mask in 0..(1u32 << p.len()) {
            out.push(
                p.iter()
                    .enumerate()
                    .map(|(k, &o)| {
                        (
                            o,
                            if mask >> k & 1 == 1 {
                                Placement::Asap
                            } else {
                                Placement::JustInTime
                            },
                        )
                    })
                    .collect(),
            );
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The LP bound is below the objective of every plan the engine makes: the heuristic
    /// plan, random re-sequencings and re-timings, and the optimised plan.
    #[test]
    fn the_lp_bound_is_below_every_plan(
        (lines, products, materials, orders, days, load, seed) in (1usize..4, 1usize..7, 0usize..10, 2usize..25, 15i32..50, 0.6f64..1.8, any::<u64>()),
        shuffles in proptest::collection::vec(any::<u64>(), 4),
    ) {
        let (plant, book) = generated(lines, products, materials, orders, days, load, seed);
        let b = bound(&plant, &book);
        let heuristic = Plan::build(&plant, &book, settings());
        prop_assert!(b.value <= heuristic.weighted_lateness(&book) + 1e-6, "bound {} above the heuristic {}", b.value, heuristic.weighted_lateness(&book));
        let seq = sequence(&book);
        for s in shuffles {
            let mut v: Vec<(usize, Placement)> = seq.iter().map(|&o| (o, default_placement(&book.orders[o]))).collect();
            let n = v.len();
            let mut x = s;
            for i in (1..n).rev() {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                v.swap(i, (x >> 33) as usize % (i + 1));
                if x & 1 == 1 { v[i].1 = Placement::Asap; }
            }
            let p = Plan::build_in(&plant, &book, settings(), v);
            prop_assert!(b.value <= p.weighted_lateness(&book) + 1e-6, "bound {} above a plan's {}", b.value, p.weighted_lateness(&book));
        }
        let o = optimize(&plant, &book, settings(), &options(30)).unwrap();
        prop_assert!(o.lower_bound <= o.objective + 1e-6);
        prop_assert!(o.objective <= o.heuristic_objective + 1e-6);
    }

    /// Classes stay strict: the optimised plan never makes an order of a class later than
    /// in the heuristic plan unless its own class gained, and never worsens a class
    /// before a less important one gains.
    #[test]
    fn priority_classes_are_never_violated(
        (lines, products, orders, load, seed) in (1usize..4, 1usize..6, 5usize..40, 0.8f64..1.8, any::<u64>()),
    ) {
        let (plant, book) = generated(lines, products, 4, orders, 30, load, seed);
        let heuristic = Plan::build(&plant, &book, settings());
        let guard = Guard::new(&book, &heuristic);
        let o = optimize(&plant, &book, settings(), &options(40)).unwrap();
        prop_assert!(guard.admits(&book, &o.plan));
        let same = Plan::build_in(&plant, &book, settings(), o.plan.planned.iter().map(|p| (p.order, p.placement)));
        prop_assert_eq!(same.weighted_lateness(&book), o.objective, "the optimised plan is an engine plan");
    }
}

/// On tiny plants (≤ 6 order lines, one class) the optimiser finds the optimum found by
/// brute force over every sequence and placement.
#[test]
fn tiny_plants_reach_the_brute_force_optimum() {
    let mut checked = 0;
    for seed in 0..40u64 {
        let (plant, mut book) = generated(2, 3, 3, 4, 15, 1.6, seed);
        // One class, so that every sequence is allowed.
        for o in &mut book.orders {
            o.status = promise::model::Status::Committed;
            for l in &mut o.lines {
                l.priority = 0;
            }
        }
        let seq = sequence(&book);
        let lines: usize = seq.iter().map(|&o| book.orders[o].lines.len()).sum();
        if lines > 6 {
            continue;
        }
        let best = all_sequences(&seq)
            .into_iter()
            .map(|s| Plan::build_in(&plant, &book, settings(), s).weighted_lateness(&book))
            .fold(f64::INFINITY, f64::min);
        let o = optimize(&plant, &book, settings(), &options(300)).unwrap();
        assert_eq!(
            o.objective, best,
            "seed {seed}: optimiser {} vs brute force {best}",
            o.objective
        );
        assert!(o.lower_bound <= best + 1e-9);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} tiny plants checked");
}

/// A handful of OR-Library wt40 instances reach their published optimum quickly, and the
/// LP bound is never above it.
#[test]
fn wt40_instances_reach_their_optimum() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/or-library-wt");
    let Ok(text) = std::fs::read_to_string(dir.join("wt40.txt")) else {
        eprintln!("skipped: no {}", dir.display());
        return;
    };
    let optima =
        wt::parse_numbers(&std::fs::read_to_string(dir.join("wtopt40.txt")).unwrap()).unwrap();
    let instances = wt::parse(&text, 40).unwrap();
    for k in [0usize, 6, 30, 61, 92, 117] {
        let (plant, book) = plant_of(&wt::plant_files(&instances[k], a()));
        let mut opts = options(400);
        opts.time_limit = Duration::from_secs(5);
        let o = optimize(&plant, &book, settings(), &opts).unwrap();
        let opt = optima[k] as f64;
        assert_eq!(o.objective, opt, "wt40 #{}", k + 1);
        assert!(
            o.bound.value <= opt,
            "wt40 #{}: bound {} above the optimum {opt}",
            k + 1,
            o.bound.value
        );
    }
}

/// `promise import wt` then `promise plan --optimize --json`: the instance's objective
/// and SPEC.md's `optimization` keys; `--solver highs` needs the feature.
#[test]
fn import_and_optimize_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wt3.txt");
    std::fs::write(&file, "3 2 4\n1 5 2\n4 2 6\n").unwrap();
    let plant = dir.path().join("plant");
    let bin = || assert_cmd::Command::cargo_bin("promise").unwrap();
    bin()
        .args(["import", "wt"])
        .arg(&file)
        .args(["--instance", "1", "--out"])
        .arg(&plant)
        .assert()
        .success();
    bin()
        .args(["import", "wt"])
        .arg(&file)
        .args(["--instance", "2", "--out"])
        .arg(dir.path().join("other"))
        .assert()
        .code(2);
    let out = bin()
        .args(["plan", "--data"])
        .arg(&plant)
        .args([
            "--as-of",
            "2026-03-02",
            "--optimize",
            "--iterations",
            "50",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let o = &j["optimization"];
    for key in [
        "heuristic_objective",
        "objective",
        "lower_bound",
        "gap",
        "seconds",
    ] {
        assert!(o[key].is_number(), "{key} in {o}");
    }
    // Jobs (p, w, d): (3,1,4), (2,5,2), (4,2,6): the best order 1,0,2 costs 7 without
    // pre-emption; the engine may share line time between orders, which can do better.
    let objective = o["objective"].as_f64().unwrap();
    assert!(objective <= 7.0, "{o}");
    assert!(o["lower_bound"].as_f64().unwrap() <= objective);
    let text = bin()
        .args(["plan", "--data"])
        .arg(&plant)
        .args(["--as-of", "2026-03-02", "--optimize", "--time-limit", "1s"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Optimisation: heuristic"));
    bin()
        .args(["plan", "--data"])
        .arg(&plant)
        .args([
            "--as-of",
            "2026-03-02",
            "--optimize",
            "--time-limit",
            "soon",
        ])
        .assert()
        .code(2);
    let highs = bin()
        .args(["plan", "--data"])
        .arg(&plant)
        .args([
            "--as-of",
            "2026-03-02",
            "--optimize",
            "--iterations",
            "5",
            "--solver",
            "highs",
        ])
        .assert();
    if cfg!(feature = "highs") {
        highs.success();
    } else {
        highs.code(2);
    }
}
