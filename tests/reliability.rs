//! The reliability model: distributions known by hand, no variance → no spread,
//! thread-count independence, and the quote shortcut equal to the full replay.

mod common;

use common::*;
use promise::generator::{GenParams, generate};
use promise::load::load_files;
use promise::model::{Kind, OrderBook, Plant, Status};
use promise::plan::{Placement, Plan, default_placement, sequence};
use promise::reliability::{self, Options, RiskKind};
use promise::snapshot::Snapshot;
use std::sync::Arc;

/// A line working every day, so that a delay shifts the delivery day for day.
const SEVEN_DAYS: &str = "line_id,shifts_per_day,work_days\nL1,1,Mon-Sun\n";

#[test]
fn one_varying_lead_time_gives_its_quantiles_shifted_by_fixed_steps() {
    let extra = [
        ("lines.csv", SEVEN_DAYS),
        ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,1\n"),
        (
            "materials.csv",
            "material_id,lead_time_days,inspection_days,lead_time_sd_days\nM1,10,2,3\n",
        ),
    ];
    let (plant, book) = load(&extra);
    let plant = Arc::new(plant);
    let snap = Snapshot::new(plant.clone(), Arc::new(book), settings());
    let order = ad_hoc(
        &plant,
        "P1",
        100.0,
        "D1",
        Some("2026-03-19"),
        Kind::Standard,
    );
    let plan = snap.quote(&order);
    // Deterministic: ready 03-14 (A + 10 + 2), made 03-14, ship 03-15, delivered 03-17.
    assert_eq!(plan.delivery, Some(d("2026-03-17")));
    let o = snap
        .outlook(
            &order,
            &plan,
            Options {
                scenarios: 20_000,
                seed: 3,
            },
        )
        .unwrap();
    let dist = &o.distribution;
    // Delivery = A + max(12, L + 2) + 3 days with L lognormal(mean 10, sd 3), rounded:
    // L's quantiles are p50 9.58 → 10, p80 12.26 → 12, p90 13.95 → 14, p99 18.96 → 19.
    assert_eq!(dist.quantile(0.5), d("2026-03-17"));
    assert_eq!(dist.quantile(0.8), d("2026-03-19"));
    assert_eq!(dist.quantile(0.9), d("2026-03-21"));
    assert_eq!(dist.quantile(0.99), d("2026-03-26"));
    // P(L + 2 ≤ 14) = P(L ≤ 12) = P(lognormal < 12.5) ≈ 0.823.
    let c = dist.confidence(d("2026-03-19"));
    assert!((c - 0.823).abs() < 0.01, "confidence {c}");
    let risk = o.risk.unwrap();
    assert_eq!((risk.kind, risk.id.as_str()), (RiskKind::Material, "M1"));
}

#[test]
fn one_varying_lane_shifts_the_delivery_by_its_transit() {
    let extra = [
        ("lines.csv", SEVEN_DAYS),
        (
            "transit.csv",
            "destination,mode,days,days_sd\nD1,truck,2,1\n",
        ),
    ];
    let (plant, book) = load(&extra);
    let plant = Arc::new(plant);
    let snap = Snapshot::new(plant.clone(), Arc::new(book), settings());
    let order = ad_hoc(&plant, "P1", 100.0, "D1", None, Kind::Standard);
    let plan = snap.quote(&order);
    // Made 03-02, ship 03-03, then 2 ± 1 days: lognormal(2, 1) quantiles
    // p50 1.79 → 2, p90 3.28 → 3, p99 5.37 → 5.
    let o = snap
        .outlook(
            &order,
            &plan,
            Options {
                scenarios: 20_000,
                seed: 5,
            },
        )
        .unwrap();
    assert_eq!(o.distribution.deterministic, d("2026-03-05"));
    assert_eq!(o.distribution.quantile(0.5), d("2026-03-05"));
    assert_eq!(o.distribution.quantile(0.9), d("2026-03-06"));
    assert_eq!(o.distribution.quantile(0.99), d("2026-03-08"));
    assert_eq!(o.risk.unwrap().kind, RiskKind::Transit);
    // The promise is never before the deterministic date, even if the lane is often fast.
    assert!(o.distribution.quantile(0.2) < o.distribution.deterministic);
    assert_eq!(o.distribution.promise(0.2), o.distribution.deterministic);
}

/// A generated plant; with `certain`, no variance anywhere.
fn generated(seed: u64, orders: usize, certain: bool) -> (Plant, OrderBook) {
    let p = GenParams {
        lines: 4,
        products: 10,
        materials: 12,
        orders,
        horizon_days: 40,
        load: 1.0,
        seed,
        start: a(),
    };
    let files = generate(&p);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let (mut plant, book) = load_files(&refs).unwrap();
    if certain {
        plant.lines.iter_mut().for_each(|l| l.availability = 1.0);
        plant
            .materials
            .iter_mut()
            .for_each(|m| m.lead_time_sd_days = 0.0);
        plant
            .destinations
            .iter_mut()
            .flat_map(|d| d.modes.iter_mut())
            .for_each(|m| m.days_sd = 0.0);
    }
    (plant, book)
}

#[test]
fn without_variance_every_quantile_is_the_plan_and_confidence_is_0_or_1() {
    for seed in 0..5 {
        let (plant, book) = generated(seed, 40, true);
        let plan = Plan::build(&plant, &book, settings());
        let outlooks = reliability::simulate(
            &plant,
            &book,
            &plan,
            Options {
                scenarios: 50,
                seed,
            },
            &|_| {},
        );
        for (p, o) in plan.planned.iter().zip(&outlooks) {
            let Some(o) = o else { continue };
            let det = p.plan.delivery.unwrap();
            assert!(
                o.distribution.counts().all(|(x, _)| x == det),
                "order {} replays off its plan",
                book.orders[p.order].id
            );
            for (q, _) in reliability::QUANTILES {
                assert_eq!(o.distribution.quantile(q), det);
            }
            if let Some(due) = book.orders[p.order].due() {
                let c = o.distribution.confidence(due);
                assert!(c == 0.0 || c == 1.0);
            }
            assert_eq!(o.risk.as_ref().unwrap().kind, RiskKind::None);
        }
    }
}

#[test]
fn same_seed_same_result_with_one_or_two_threads() {
    let (plant, book) = generated(11, 60, false);
    let plan = Plan::build(&plant, &book, settings());
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            reliability::simulate(
                &plant,
                &book,
                &plan,
                Options {
                    scenarios: 120,
                    seed: 9,
                },
                &|_| {},
            )
        })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert!(
        one.iter().flatten().any(|o| o.distribution.varies()),
        "the plant should have variance"
    );
    let other = reliability::simulate(
        &plant,
        &book,
        &plan,
        Options {
            scenarios: 120,
            seed: 10,
        },
        &|_| {},
    );
    assert_ne!(one, other);
}

#[test]
fn the_quote_shortcut_equals_the_full_replay() {
    for seed in 0..6 {
        let (plant, book) = generated(seed, 50, false);
        let committed: Vec<_> = book
            .orders
            .iter()
            .filter(|o| o.status == Status::Committed)
            .cloned()
            .collect();
        let plant = Arc::new(plant);
        let committed_book = OrderBook::new(committed.clone());
        let snap = Snapshot::new(plant.clone(), Arc::new(committed_book.clone()), settings());
        for (i, product) in [0usize, 3, 7].into_iter().enumerate() {
            let mut order = ad_hoc(
                &plant,
                &plant.products[product].id,
                40.0 + 30.0 * i as f64,
                &plant.destinations[0].id,
                Some("2026-03-20"),
                Kind::Standard,
            );
            order.id = format!("QQ{i}");
            let quote = snap.quote(&order);
            let opts = Options {
                scenarios: 200,
                seed: 77,
            };
            let short = snap.outlook(&order, &quote, opts);
            // The full replay: every committed order, then the quote last.
            let mut all = committed.clone();
            all.push(order.clone());
            let full_book = OrderBook::new(all);
            let seq: Vec<(usize, Placement)> = sequence(&committed_book)
                .into_iter()
                .map(|o| (o, default_placement(&full_book.orders[o])))
                .chain([(full_book.orders.len() - 1, Placement::Asap)])
                .collect();
            let full_plan = Plan::build_in(&plant, &full_book, settings(), seq);
            assert_eq!(
                full_plan.planned.last().unwrap().plan,
                quote,
                "the quote plans the same either way"
            );
            let full = reliability::simulate(&plant, &full_book, &full_plan, opts, &|_| {});
            assert_eq!(
                short,
                full.last().unwrap().clone(),
                "seed {seed}, product {product}"
            );
        }
    }
}

#[test]
fn a_line_whose_history_shows_outages_is_named_by_its_outages() {
    // With a breakdown law learnt from history (`--history`), L1's lost shifts come from
    // sampled outages, and the main risk says so instead of quoting an availability.
    let (mut plant, book) = load(&[]);
    plant.learnt = Some(Arc::new(promise::fit::Learnt {
        outages: vec![Some(promise::fit::outage::OutageLaw {
            rate: 0.1,
            mean_days: 3.0,
            loss: 1.0,
            window: 18,
        })],
        ..Default::default()
    }));
    let plant = Arc::new(plant);
    let snap = Snapshot::new(plant.clone(), Arc::new(book), settings());
    let order = ad_hoc(&plant, "P1", 450.0, "D1", None, Kind::Standard);
    let plan = snap.quote(&order);
    let o = snap
        .outlook(
            &order,
            &plan,
            Options {
                scenarios: 2_000,
                seed: 3,
            },
        )
        .unwrap();
    let risk = o.risk.unwrap();
    assert_eq!((risk.kind, risk.id.as_str()), (RiskKind::Capacity, "L1"));
    assert!(
        risk.detail
            .starts_with("outages on line L1 (about every 10 days, 3.0 days long in history)"),
        "{}",
        risk.detail
    );
    assert!(o.distribution.quantile(0.9) > o.distribution.deterministic);
}
