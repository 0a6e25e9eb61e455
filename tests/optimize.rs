//! `plan --optimize`: the lower bound, the optimiser and the class guard, each checked
//! against something computed independently: objectives recomputed from the plan's own
//! dates, optima found by brute force over every sequence, published optima.

mod common;

use common::{a, settings};
use promise::generator::{GenParams, generate};
use promise::load::load_files;
use promise::model::{OrderBook, Plant, Status};
use promise::optimize::{Optimized, Options, Solver, lp, optimize, wt};
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

/// A fixed number of search steps (the plan does not depend on the clock); the time limit
/// only sizes the LP ladder.
fn options(iterations: u64) -> Options {
    Options {
        time_limit: Duration::from_secs(1),
        iterations: Some(iterations),
        seed: 7,
        solver: Solver::Microlp,
        lower_bound: true,
        special: true,
    }
}

/// Σ weight × late days of every order line, by class (committed before quotes, then
/// priority), recomputed from the plan's own delivery dates and the orders' due dates: an
/// infeasible line counts 10,000 days. Returns (per-class objectives, per-order costs).
fn recomputed(book: &OrderBook, plan: &Plan) -> (Vec<f64>, Vec<f64>) {
    let keys = class_keys(book, plan);
    let mut class = vec![0.0; keys.len()];
    let mut cost = vec![0.0; book.orders.len()];
    for p in &plan.planned {
        let order = &book.orders[p.order];
        let mut c = 0.0;
        for (lp, line) in p.plan.lines.iter().zip(&order.lines) {
            let due = line.promised.or(line.requested);
            let late = match (&lp.outcome, due) {
                (Err(_), _) => 10_000.0,
                (Ok(s), Some(due)) => f64::from(s.delivery.since(due).max(0)),
                (Ok(_), None) => 0.0,
            };
            c += line.weight * late;
        }
        cost[p.order] = c;
        class[keys.binary_search(&class_key(book, p.order)).unwrap()] += c;
    }
    (class, cost)
}

/// (quote, priority): committed orders first, then the lowest priority number.
fn class_key(book: &OrderBook, o: usize) -> (bool, i64) {
    let order = &book.orders[o];
    let priority = order.lines.iter().map(|l| l.priority).min().unwrap_or(0);
    (order.status != Status::Committed, priority)
}

fn class_keys(book: &OrderBook, plan: &Plan) -> Vec<(bool, i64)> {
    let mut keys: Vec<(bool, i64)> = plan
        .planned
        .iter()
        .map(|p| class_key(book, p.order))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The optimised plan against the heuristic plan, both recomputed from their dates: the
/// reported objective is the plan's, the classes are lexicographically no worse, and an
/// order later than in the heuristic plan belongs to a class that gained as a whole.
fn check_against_heuristic(plant: &Plant, book: &OrderBook, o: &Optimized) -> Result<(), String> {
    let heuristic = Plan::build(plant, book, settings());
    let (h_class, h_cost) = recomputed(book, &heuristic);
    let (o_class, o_cost) = recomputed(book, &o.plan);
    let total: f64 = o_class.iter().sum();
    if (total - o.objective).abs() > 1e-6 {
        return Err(format!(
            "reported {} but the plan's dates give {total}",
            o.objective
        ));
    }
    for (k, (a, b)) in o_class.iter().zip(&h_class).enumerate() {
        if a < &(b - 1e-9) {
            break;
        }
        if a > &(b + 1e-9) {
            return Err(format!("class {k} worse: {o_class:?} vs {h_class:?}"));
        }
    }
    let keys = class_keys(book, &o.plan);
    for p in &o.plan.planned {
        let k = keys.binary_search(&class_key(book, p.order)).unwrap();
        if o_cost[p.order] > h_cost[p.order] + 1e-9 && o_class[k] >= h_class[k] - 1e-9 {
            return Err(format!(
                "{} costs {} (heuristic {}) while its class did not gain",
                book.orders[p.order].id, o_cost[p.order], h_cost[p.order]
            ));
        }
    }
    Ok(())
}

fn bound(plant: &Plant, book: &OrderBook) -> lp::Bound {
    lp::lower_bound(
        plant,
        book,
        &settings(),
        &lp::LpOptions {
            solver: Solver::Microlp,
            seconds: 20.0,
            max_variables: 16_000,
            days: 400,
        },
    )
}

/// The raw LP bound against the heuristic plan and random re-sequencings and re-timings
/// of it, each objective recomputed from the plan's dates.
fn bound_below_plans(
    plant: &Plant,
    book: &OrderBook,
    shuffles: &[u64],
) -> Result<(), TestCaseError> {
    let b = bound(plant, book);
    let heuristic = Plan::build(plant, book, settings());
    let (h, _) = recomputed(book, &heuristic);
    prop_assert!(
        b.value <= h.iter().sum::<f64>() + 1e-6,
        "bound {} above the heuristic {}",
        b.value,
        h.iter().sum::<f64>()
    );
    let seq = sequence(book);
    for &s in shuffles {
        let mut v: Vec<(usize, Placement)> = seq
            .iter()
            .map(|&o| (o, default_placement(&book.orders[o])))
            .collect();
        let n = v.len();
        let mut x = s;
        for i in (1..n).rev() {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            v.swap(i, (x >> 33) as usize % (i + 1));
            if x & 1 == 1 {
                v[i].1 = Placement::Asap;
            }
        }
        let p = Plan::build_in(plant, book, settings(), v);
        let (c, _) = recomputed(book, &p);
        prop_assert!(
            b.value <= c.iter().sum::<f64>() + 1e-6,
            "bound {} above a plan's {}",
            b.value,
            c.iter().sum::<f64>()
        );
    }
    Ok(())
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

    /// The raw LP bound is below the objective of every plan the engine makes: the
    /// heuristic plan, random re-sequencings and re-timings, and the optimised plan, whose
    /// objective and classes are recomputed from its dates.
    #[test]
    fn the_lp_bound_is_below_every_plan(
        (lines, products, materials, orders, days, load, seed) in (1usize..4, 1usize..7, 0usize..10, 2usize..25, 15i32..50, 0.6f64..1.8, any::<u64>()),
        shuffles in proptest::collection::vec(any::<u64>(), 4),
    ) {
        let (plant, book) = generated(lines, products, materials, orders, days, load, seed);
        bound_below_plans(&plant, &book, &shuffles)?;
        let o = optimize(&plant, &book, settings(), &options(30)).unwrap();
        prop_assert!(o.valid, "the optimiser's bound {} is above its objective {}", o.lower_bound, o.objective);
        if let Err(e) = check_against_heuristic(&plant, &book, &o) {
            prop_assert!(false, "{}", e);
        }
    }

    /// The same on plants made in steps with waits and made components: the bound (which
    /// counts the last step's lines and materials and the wait after it) stays below every
    /// plan, and the optimiser plans such plants with a valid bound.
    #[test]
    fn the_lp_bound_is_below_every_plan_on_multi_step_plants(
        spec in common::routed::spec(),
        shuffles in proptest::collection::vec(any::<u64>(), 4),
    ) {
        let (plant, book) = spec.load();
        bound_below_plans(&plant, &book, &shuffles)?;
        let o = optimize(&plant, &book, settings(), &options(30)).unwrap();
        prop_assert!(o.valid, "the optimiser's bound {} is above its objective {}", o.lower_bound, o.objective);
        if let Err(e) = check_against_heuristic(&plant, &book, &o) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Classes stay strict, checked from the dates of both plans (not with the guard),
    /// with the special path on and off.
    #[test]
    fn priority_classes_are_never_violated(
        (lines, products, orders, load, seed) in (1usize..4, 1usize..6, 5usize..40, 0.8f64..1.8, any::<u64>()),
    ) {
        let (plant, book) = generated(lines, products, 4, orders, 30, load, seed);
        for special in [true, false] {
            let mut opts = options(60);
            opts.special = special;
            let o = optimize(&plant, &book, settings(), &opts).unwrap();
            if let Err(e) = check_against_heuristic(&plant, &book, &o) {
                prop_assert!(false, "special {}: {}", special, e);
            }
            let same = Plan::build_in(&plant, &book, settings(), o.plan.planned.iter().map(|p| (p.order, p.placement)));
            prop_assert_eq!(recomputed(&book, &same).0, recomputed(&book, &o.plan).0, "the optimised plan is an engine plan");
        }
    }
}

/// Brute force over every sequence and placement of a tiny plant's orders (one class).
fn brute_force(plant: &Plant, book: &OrderBook) -> f64 {
    all_sequences(&sequence(book))
        .into_iter()
        .map(|s| {
            recomputed(book, &Plan::build_in(plant, book, settings(), s))
                .0
                .iter()
                .sum::<f64>()
        })
        .fold(f64::INFINITY, f64::min)
}

/// A tiny generated plant with every order in one class (so that every sequence is
/// allowed), if it has at most `max_orders` orders.
fn tiny(seed: u64, lines: usize, orders: usize, max_orders: usize) -> Option<(Plant, OrderBook)> {
    let (plant, mut book) = generated(lines, 3, 3, orders, 15, 1.6, seed);
    for o in &mut book.orders {
        o.status = Status::Committed;
        for l in &mut o.lines {
            l.priority = 0;
        }
    }
    (sequence(&book).len() <= max_orders).then_some((plant, book))
}

/// On tiny plants the optimiser (special path on and off) finds the brute-force optimum,
/// and the raw LP bound is at most that optimum.
#[test]
fn tiny_plants_reach_the_brute_force_optimum() {
    let mut checked = 0;
    for seed in 0..40u64 {
        let Some((plant, book)) = tiny(seed, 2, 4, 6) else {
            continue;
        };
        let best = brute_force(&plant, &book);
        for special in [true, false] {
            let mut opts = options(300);
            opts.special = special;
            let o = optimize(&plant, &book, settings(), &opts).unwrap();
            let found: f64 = recomputed(&book, &o.plan).0.iter().sum();
            assert_eq!(
                found, best,
                "seed {seed}, special {special}: optimiser {found} vs brute force {best}"
            );
        }
        let b = bound(&plant, &book);
        assert!(
            b.value <= best + 1e-9,
            "seed {seed}: raw bound {} above the optimum {best}",
            b.value
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} tiny plants checked");
}

/// The raw LP bound against brute-force optima of tiny plants of 2 and 3 lines: never
/// above, and not always zero where the optimum is not.
#[test]
fn the_raw_bound_is_below_brute_force_optima() {
    let (mut checked, mut positive) = (0, 0);
    for seed in 0..30u64 {
        let lines = 2 + (seed % 2) as usize;
        let Some((plant, book)) = tiny(seed, lines, 5, 5) else {
            continue;
        };
        let best = brute_force(&plant, &book);
        let b = bound(&plant, &book);
        assert!(b.solved, "seed {seed}: {}", b.note);
        assert!(
            b.value <= best + 1e-9,
            "seed {seed}: raw bound {} above the optimum {best}",
            b.value
        );
        checked += 1;
        if b.value > 0.0 {
            positive += 1;
        }
    }
    assert!(checked >= 8, "only {checked} plants checked");
    assert!(positive >= 1, "the bound was 0 on every plant");
}

/// OR-Library instances vendored in tests/data (never skipped).
fn wt_sample() -> Vec<(wt::Instance, f64)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let text = std::fs::read_to_string(dir.join("wt40_sample.txt")).unwrap();
    let optima =
        wt::parse_numbers(&std::fs::read_to_string(dir.join("wtopt40_sample.txt")).unwrap())
            .unwrap();
    let instances = wt::parse(&text, 40).unwrap();
    assert_eq!(instances.len(), optima.len());
    instances
        .into_iter()
        .zip(optima.into_iter().map(|x| x as f64))
        .collect()
}

/// The general search (special path off) reaches the published optimum of wt40
/// instances, also with data added that changes nothing; the special path does too; the
/// raw bound is never above the optimum.
#[test]
fn wt40_instances_reach_their_optimum() {
    for (k, (inst, opt)) in wt_sample().into_iter().enumerate().take(2) {
        let files = wt::plant_files(&inst, a());
        for (special, irrelevant) in [(true, false), (false, false), (false, true), (true, true)] {
            let files = if irrelevant {
                wt::with_irrelevant_data(&files, a())
            } else {
                files.clone()
            };
            let (plant, book) = plant_of(&files);
            let mut opts = options(3_000);
            opts.special = special;
            opts.lower_bound = !irrelevant;
            let o = optimize(&plant, &book, settings(), &opts).unwrap();
            let found: f64 = recomputed(&book, &o.plan).0.iter().sum();
            assert_eq!(
                found, opt,
                "sample {k}, special {special}, irrelevant data {irrelevant}"
            );
            assert!(
                o.bound.value <= opt,
                "sample {k}: bound {} above the optimum {opt}",
                o.bound.value
            );
        }
    }
}

/// `--iterations` gives the same plan whatever the thread count.
#[test]
fn iterations_give_the_same_plan_on_any_thread_count() {
    let (inst, _) = wt_sample().swap_remove(3);
    let (plant, book) = plant_of(&wt::with_irrelevant_data(&wt::plant_files(&inst, a()), a()));
    let (plant2, book2) = generated(3, 5, 6, 60, 40, 1.4, 11);
    let run = |threads: usize, plant: &Plant, book: &OrderBook| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut opts = options(400);
            opts.special = false;
            opts.lower_bound = false;
            let o = optimize(plant, book, settings(), &opts).unwrap();
            o.plan
                .planned
                .iter()
                .map(|p| (p.order, p.placement))
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(run(1, &plant, &book), run(2, &plant, &book));
    assert_eq!(run(1, &plant2, &book2), run(3, &plant2, &book2));
}

/// The bound never decreases when the time limit grows: the same ladder of LPs, more of
/// it solved.
#[test]
fn a_longer_time_limit_never_lowers_the_bound() {
    let (plant, book) = generated(3, 8, 10, 300, 60, 1.3, 5);
    let mut last = (0.0, 0);
    for seconds in [0.05, 0.3, 2.0] {
        let b = lp::lower_bound(
            &plant,
            &book,
            &settings(),
            &lp::LpOptions {
                solver: Solver::Microlp,
                seconds,
                max_variables: Solver::Microlp.max_variables(),
                days: 120,
            },
        );
        assert!(
            b.value >= last.0,
            "{seconds} s: bound {} below {} with less time",
            b.value,
            last.0
        );
        assert!(
            b.rungs >= last.1,
            "{seconds} s: {} LPs solved, {} with less time",
            b.rungs,
            last.1
        );
        last = (b.value, b.rungs);
    }
    assert!(last.1 >= 2, "the ladder never went past its first LP");
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
    assert_eq!(o["lp"]["valid"], serde_json::Value::Bool(true), "{o}");
    // The risk-aware margins would be lost: the combination is refused.
    let refused = bin()
        .args(["plan", "--data"])
        .arg(&plant)
        .args([
            "--as-of",
            "2026-03-02",
            "--optimize",
            "--service-level",
            "0.9",
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--optimize cannot be combined with --service-level"),
        "{err}"
    );
    assert!(refused.stdout.is_empty());
    // --no-special plans the same instance with the general search.
    let general = bin()
        .args(["plan", "--data"])
        .arg(&plant)
        .args([
            "--as-of",
            "2026-03-02",
            "--optimize",
            "--no-special",
            "--iterations",
            "50",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(general.status.success());
    let g: serde_json::Value = serde_json::from_slice(&general.stdout).unwrap();
    assert_eq!(g["optimization"]["objective"], o["objective"]);
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
