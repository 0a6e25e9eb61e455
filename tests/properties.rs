//! Invariants of the plan on generated plants (proptest).

mod common;

use common::{a, ad_hoc, settings};
use promise::day::Day;
use promise::generator::{GenParams, generate};
use promise::load::load_files;
use promise::model::{Kind, Line, OrderBook, Plant, Route, Status, Step, WeekMask};
use promise::plan::graph;
use promise::plan::{Placement, Plan};
use promise::report::json::plan_json;
use promise::snapshot::Snapshot;
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

fn small_plant() -> impl Strategy<Value = (Plant, OrderBook)> {
    (
        1usize..5,
        1usize..9,
        0usize..12,
        1usize..30,
        15i32..60,
        0.3f64..1.6,
        any::<u64>(),
    )
        .prop_map(
            |(lines, products, materials, orders, horizon_days, load, seed)| {
                let p = GenParams {
                    lines,
                    products,
                    materials,
                    orders,
                    horizon_days,
                    load,
                    seed,
                    start: a(),
                };
                let files = generate(&p);
                let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
                load_files(&refs).unwrap_or_else(|d| panic!("generated plant does not load: {d}"))
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_line_day_is_used_above_its_shifts((plant, book) in small_plant()) {
        let plan = Plan::build(&plant, &book, settings());
        let mut used: HashMap<(usize, promise::Day), f64> = HashMap::new();
        for p in &plan.planned {
            for l in &p.plan.lines {
                if let Some(prod) = l.schedule().and_then(|s| s.production.as_ref()) {
                    for x in &prod.allocs {
                        prop_assert!(x.shifts > 0.0 && x.units > 0.0);
                        prop_assert!(x.day >= a());
                        *used.entry((x.line, x.day)).or_default() += x.shifts;
                    }
                }
            }
        }
        for ((line, day), u) in used {
            prop_assert!(u <= f64::from(plant.shifts(line, day)) + 1e-9, "{} on {day}: {u}", plant.lines[line].id);
        }
    }

    #[test]
    fn no_stock_or_material_balance_goes_negative((plant, book) in small_plant()) {
        let plan = Plan::build(&plant, &book, settings());
        let mut product = vec![0.0; plant.products.len()];
        let mut material = vec![0.0; plant.materials.len()];
        let mut receipt = vec![0.0; plant.receipts.len()];
        for p in &plan.planned {
            for l in &p.plan.lines {
                product[l.product] += l.from_stock;
                if let Some(s) = l.schedule() {
                    for c in &s.materials {
                        material[c.material] += c.from_stock;
                        for &(r, q) in &c.receipts { receipt[r] += q; }
                        let covered = c.from_stock + c.receipts.iter().map(|x| x.1).sum::<f64>() + c.purchase;
                        prop_assert!((covered - c.need).abs() <= 1e-6 * c.need.max(1.0));
                    }
                }
            }
        }
        for (i, p) in plant.products.iter().enumerate() {
            prop_assert!(product[i] <= (p.on_hand - p.safety_stock).max(0.0) + 1e-6);
        }
        for (i, m) in plant.materials.iter().enumerate() {
            prop_assert!(material[i] <= (m.on_hand - m.safety_stock).max(0.0) + 1e-6);
        }
        for (i, r) in plant.receipts.iter().enumerate() {
            prop_assert!(receipt[i] <= r.qty + 1e-6);
        }
    }

    #[test]
    fn the_plan_is_deterministic((plant, book) in small_plant()) {
        let one = serde_json::to_string(&plan_json(&plant, &book, &Plan::build(&plant, &book, settings()))).unwrap();
        let two = serde_json::to_string(&plan_json(&plant, &book, &Plan::build(&plant, &book, settings()))).unwrap();
        prop_assert_eq!(one, two);
    }

    #[test]
    fn dates_are_monotone_and_the_graph_longest_path_is_the_delivery((plant, book) in small_plant()) {
        let st = settings();
        let plan = Plan::build(&plant, &book, st);
        for p in &plan.planned {
            let order = &book.orders[p.order];
            for l in &p.plan.lines {
                let Some(s) = l.schedule() else { continue };
                if let Some(prod) = &s.production {
                    let r = s.material_ready.unwrap();
                    prop_assert!(s.design_end.max(r) <= prod.start, "{}: earliest after start", order.id);
                    prop_assert!(prod.start <= prod.end);
                    prop_assert!(prod.end <= s.ship);
                }
                prop_assert!(a() <= s.ship && s.ship <= s.delivery);
            }
            if let Some(delivery) = p.plan.delivery {
                prop_assert_eq!(graph::build(&plant, &st, order, &p.plan).longest_path_end(), delivery);
            }
        }
    }

    #[test]
    fn committed_orders_are_just_in_time_when_they_can_be((plant, book) in small_plant()) {
        let st = settings();
        let plan = Plan::build(&plant, &book, st);
        for p in plan.planned.iter().filter(|p| p.placement == Placement::JustInTime) {
            let order = &book.orders[p.order];
            let Some(due) = order.due() else { continue };
            for (row, l) in p.plan.lines.iter().enumerate() {
                let Some(prod) = l.schedule().and_then(|s| s.production.as_ref()) else { continue };
                let line = &order.lines[row];
                let product = &plant.products[line.product];
                let dest = &plant.destinations[line.destination];
                let m = line.mode.unwrap_or_else(|| dest.cheapest());
                let target = due - dest.modes[m].days - product.inspection_days - product.packaging_days;
                if prod.just_in_time {
                    prop_assert!(prod.end <= target, "{}: ends {} after its target {target}", order.id, prod.end);
                    prop_assert!(l.schedule().unwrap().delivery <= due, "{}: just in time but late", order.id);
                } else {
                    // Planned as soon as possible only when it could not end by the target.
                    prop_assert!(prod.end > target, "{}: could have been just in time", order.id);
                }
            }
        }
    }

    #[test]
    fn more_capacity_never_makes_a_quote_later(
        (plant, book) in small_plant(),
        pick in any::<(usize, usize, u16, u8)>(),
    ) {
        let (line, product, day, qty) = pick;
        let committed = OrderBook::new(book.orders.iter().filter(|o| o.status == Status::Committed).cloned().collect());
        let product = product % plant.products.len();
        let qty = 1.0 + f64::from(qty) * 3.0;
        let quote = |p: &Plant| {
            let snap = Snapshot::new(Arc::new(p.clone()), Arc::new(committed.clone()), settings());
            let order = ad_hoc(p, &p.products[product].id, qty, &p.destinations[0].id, None, Kind::Standard);
            snap.quote(&order).delivery
        };
        let base = quote(&plant);
        // One more shift on one line-day.
        let mut more = plant.clone();
        let l = line % plant.lines.len();
        let day = a() + i32::from(day % 90);
        let s = more.shifts(l, day);
        more.calendar.set(
            Some(l),
            promise::model::Span { from: day, to: day, shifts: (s + 1).min(4), reason: String::new() },
        );
        prop_assert!(no_later(quote(&more), base), "extra shift on {} {day}", plant.lines[l].id);
        // One more line able to make some products.
        let mut more = plant.clone();
        more.lines.push(Line { id: "ZZ".into(), shifts_per_day: 1, work_days: WeekMask::MON_FRI, availability: 1.0 });
        let z = more.lines.len() - 1;
        for (i, p) in more.products.iter_mut().enumerate() {
            if i % 2 == line % 2 || i == product {
                if p.steps.is_empty() {
                    p.steps.push(Step { number: 1, ..Step::default() });
                }
                for step in 0..p.steps.len() {
                    p.routes.push(Route { line: z, units_per_shift: 10.0, step });
                }
                p.routes.sort_by_key(|r| (r.step, r.line));
            }
        }
        more.reindex();
        prop_assert!(no_later(quote(&more), base), "extra line");
    }
}

/// SPEC.md's tolerance of 10⁻⁹: a need above what a day holds by less than it fits that
/// day; by more, it spills to the next working day.
#[test]
fn a_crumb_below_the_tolerance_fits_the_day() {
    let end = |qty| {
        let (_, p) = common::quote(&[], "P1", qty, None, Kind::Standard);
        common::prod(common::sched(&p, 0)).1
    };
    assert_eq!(end(100.0 + 5e-10), common::d("2026-03-02"));
    assert_eq!(end(100.0 + 1e-6), common::d("2026-03-03"));
}

/// `a` is no later than `b`, an infeasible quote (`None`) being later than any date
/// (`Option`'s own order puts `None` first, which would let an infeasible quote pass).
fn no_later(a: Option<Day>, b: Option<Day>) -> bool {
    match (a, b) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(x), Some(y)) => x <= y,
    }
}

#[test]
fn an_infeasible_quote_is_later_than_any_date() {
    let d = common::d("2026-03-02");
    assert!(!no_later(None, Some(d)));
    assert!(no_later(Some(d), None));
    assert!(no_later(Some(d), Some(d)));
}
