//! The order review record and the change notice, each case computed by hand on the
//! worked example plant of SPEC.md (L1: one shift Mon–Fri, 100 × P1 a shift; P1 has one
//! day of inspection; truck to D1 takes 2 days). As-of 2026-03-02 is a Monday; March
//! 2026: Sat 7, 14, 21, 28; Sun 8, 15, 22, 29.

mod common;

use common::*;
use promise::explain::{self, LeverKind, Review};
use promise::generator::{GenParams, generate};
use promise::load::{apply_changes, load_files};
use promise::model::{Kind, Order, OrderBook, Plant};
use promise::snapshot::Snapshot;
use std::sync::Arc;

const ORDERS: &str = "order_id,product_id,qty,requested_date,destination,status,priority,weight";

fn orders(rows: &[&str]) -> String {
    let mut s = format!("{ORDERS}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

fn snapshot(extra: &[(&str, &str)]) -> Snapshot {
    let (plant, book) = load(extra);
    Snapshot::new(Arc::new(plant), Arc::new(book), settings())
}

fn review_of(snap: &Snapshot, order: &Order, insert: bool) -> Review {
    explain::review(snap, order, insert)
}

/// (kind, new delivery, days gained) of every lever, best first.
fn levers(r: &Review) -> Vec<(LeverKind, String, i32)> {
    r.levers
        .iter()
        .map(|l| (l.kind, l.new_delivery.to_string(), l.days_gained))
        .collect()
}

fn order(snap: &Snapshot, qty: f64, requested: Option<&str>, kind: Kind) -> Order {
    ad_hoc(&snap.plant, "P1", qty, "D1", requested, kind)
}

// ---- What would make it earlier -------------------------------------------------------

#[test]
fn an_extra_shift_gains_exactly_the_days_it_should_on_a_one_line_plant() {
    // 450 × P1: Mon–Fri 03-02..03-06 (4.5 shifts), delivered 03-09. With a second shift
    // on 03-02..03-06: 2 + 2 + 0.5 shifts end production on Wed 03-04, ship 03-05,
    // delivery 03-07: two days earlier, for 3 extra shifts. No Saturday lies in the
    // production window, there is one mode and no subcontractor: the only lever.
    let snap = snapshot(&[]);
    let r = review_of(&snap, &order(&snap, 450.0, None, Kind::Standard), false);
    assert_eq!(r.plan.delivery, Some(d("2026-03-09")));
    assert_eq!(
        levers(&r),
        [(LeverKind::ExtraShift, "2026-03-07".into(), 2)]
    );
    assert!(
        r.levers[0].detail.contains("3 extra shifts"),
        "{}",
        r.levers[0].detail
    );
    assert_eq!(r.levers[0].cost, None);
}

#[test]
fn a_saturday_in_the_production_window_gains_a_day() {
    // 700 × P1: 03-02..03-06 and 03-09..03-10, delivered 03-13. Working Sat 03-07 ends
    // production on Mon 03-09 (delivery 03-12); a second shift every working day ends it
    // on Thu 03-05 (2 + 2 + 2 + 1 shifts), delivery 03-08.
    let snap = snapshot(&[]);
    let r = review_of(&snap, &order(&snap, 700.0, None, Kind::Standard), false);
    assert_eq!(r.plan.delivery, Some(d("2026-03-13")));
    assert_eq!(
        levers(&r),
        [
            (LeverKind::ExtraShift, "2026-03-08".into(), 5),
            (LeverKind::SaturdayShift, "2026-03-12".into(), 1),
        ]
    );
}

#[test]
fn expediting_the_binding_purchase_and_the_capacity_levers_behind_it() {
    // SPEC's material example: M1 bought on 03-02, ready 03-14 (10 + 2 days); production
    // 03-16..03-20; delivery 03-23. Expedited by its whole lead time (nothing else binds
    // before 03-14): ready 03-04, production 03-04..03-10, delivery 03-13 (10 days).
    // A second shift on 03-16.. ends production 03-18 (delivery 03-21); working Sat 03-14
    // ends it 03-19 (delivery 03-22).
    let extra = [
        ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,2\n"),
        (
            "materials.csv",
            "material_id,on_hand,lead_time_days,inspection_days\nM1,0,10,2\n",
        ),
    ];
    let snap = snapshot(&extra);
    let r = review_of(&snap, &order(&snap, 450.0, None, Kind::Standard), false);
    assert_eq!(r.plan.delivery, Some(d("2026-03-23")));
    assert_eq!(
        levers(&r),
        [
            (LeverKind::ExpediteMaterial, "2026-03-13".into(), 10),
            (LeverKind::ExtraShift, "2026-03-21".into(), 2),
            (LeverKind::SaturdayShift, "2026-03-22".into(), 1),
        ]
    );
    assert!(
        r.levers[0].detail.contains("M1 by 10 days"),
        "{}",
        r.levers[0].detail
    );
}

#[test]
fn pulling_in_the_binding_receipt() {
    // 100 × P1 needs 100 × M1: the receipt due 03-10 covers it (ready 03-10), production
    // Tue 03-10, delivery 03-13. Pulled in to 03-02 (8 days): production 03-02, delivery 03-05.
    let extra = [
        ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,1\n"),
        ("materials.csv", "material_id,lead_time_days\nM1,30\n"),
        (
            "receipts.csv",
            "material_id,qty,due_date\nM1,500,2026-03-10\n",
        ),
    ];
    let snap = snapshot(&extra);
    let r = review_of(&snap, &order(&snap, 100.0, None, Kind::Standard), false);
    assert_eq!(r.plan.delivery, Some(d("2026-03-13")));
    assert_eq!(
        levers(&r),
        [(LeverKind::ExpediteMaterial, "2026-03-05".into(), 8)]
    );
    assert!(
        r.levers[0]
            .detail
            .contains("receipt of M1 due 2026-03-10 by 8 days"),
        "{}",
        r.levers[0].detail
    );
}

#[test]
fn a_faster_mode_costs_qty_times_the_cost_difference() {
    // Requested 03-20: the cheapest mode on time is truck (delivery 03-09). Air takes one
    // day less: 03-08, for 450 × (5 − 1) = 1800.
    let transit = "destination,mode,days,cost_per_unit\nD1,truck,2,1\nD1,air,1,5\n";
    let snap = snapshot(&[("transit.csv", transit)]);
    let r = review_of(
        &snap,
        &order(&snap, 450.0, Some("2026-03-20"), Kind::Standard),
        false,
    );
    let air = r
        .levers
        .iter()
        .find(|l| l.kind == LeverKind::FasterTransport)
        .expect("a transport lever");
    assert_eq!((air.new_delivery, air.days_gained), (d("2026-03-08"), 1));
    assert_eq!(air.cost, Some(1800.0));
}

#[test]
fn a_subcontractor_and_waiving_design() {
    // Special 100 × P1 with 5 design days: design to Sat 03-07, production Mon 03-09,
    // delivery 03-12. The standard variant: production 03-02, delivery 03-05 (7 days).
    // Working Sat 03-07, the day design ends: production 03-07, delivery 03-10 (2 days).
    // Subcontractor S1 (200 a day, lead 1, inspection 1, transit 1) starts when design
    // ends: 03-07 + 1 + 1 + 1 + 1 = 03-11 (1 day). A second shift on Mon 03-09 gains nothing.
    let extra = [
        (
            "products.csv",
            "product_id,inspection_days,design_days\nP1,1,5\n",
        ),
        (
            "subcontractors.csv",
            "subcontractor_id,product_id,units_per_day,lead_days,inspection_days,transit_days\nS1,P1,200,1,1,1\n",
        ),
    ];
    let snap = snapshot(&extra);
    let r = review_of(&snap, &order(&snap, 100.0, None, Kind::Special), false);
    assert_eq!(r.plan.delivery, Some(d("2026-03-12")));
    assert_eq!(
        levers(&r),
        [
            (LeverKind::WaiveDesign, "2026-03-05".into(), 7),
            (LeverKind::SaturdayShift, "2026-03-10".into(), 2),
            (LeverKind::Subcontract, "2026-03-11".into(), 1),
        ]
    );
}

// ---- Split delivery -------------------------------------------------------------------

#[test]
fn split_delivery_quantities_add_up_to_the_order() {
    // C1 (300, due 03-06) is planned as soon as possible on 03-02..03-04. The quote of 450
    // due 03-10 is made 03-05..03-11 (delivery 03-14). Arriving by 03-10 means shipping by
    // 03-08, production by Sat 03-07: 03-05 and 03-06, 200 units, delivered 03-09. The
    // other 250 follow: 03-09, 03-10, half of 03-11, delivered 03-14.
    let o = orders(&["C1,P1,300,2026-03-06,D1,committed,0,1"]);
    let snap = snapshot(&[("orders.csv", &o)]);
    let mut q = order(&snap, 450.0, Some("2026-03-10"), Kind::Standard);
    q.lines[0].split = true;
    let r = review_of(&snap, &q, false);
    assert_eq!(r.plan.delivery, Some(d("2026-03-14")));
    let ds: Vec<(f64, String)> = r
        .deliveries
        .as_ref()
        .expect("a split order has a delivery schedule")
        .iter()
        .map(|x| (x.qty, x.delivery.unwrap().to_string()))
        .collect();
    assert_eq!(
        ds,
        [(200.0, "2026-03-09".into()), (250.0, "2026-03-14".into())]
    );
    assert_eq!(ds.iter().map(|x| x.0).sum::<f64>(), 450.0);
    // Not split: no schedule.
    q.lines[0].split = false;
    assert!(review_of(&snap, &q, false).deliveries.is_none());
}

// ---- Rush insertion ---------------------------------------------------------------------

/// C0 (priority −1, 100, due 03-06): just in time on 03-03. C1 (0, 300, due 03-13, weight
/// 2): 03-06, 03-09, 03-10. C3 (0, 100, due 04-30): 04-27. C2 (1, 200, due 03-31): 03-26,
/// 03-27. Order of planning: C0, C1, C3, C2.
fn rush_plant() -> Snapshot {
    let o = orders(&[
        "C0,P1,100,2026-03-06,D1,committed,-1,1",
        "C1,P1,300,2026-03-13,D1,committed,0,2",
        "C2,P1,200,2026-03-31,D1,committed,1,1",
        "C3,P1,100,2026-04-30,D1,committed,0,1",
    ]);
    snapshot(&[("orders.csv", &o)])
}

#[test]
fn rush_insertion_lists_exactly_the_orders_that_slip() {
    // A rush of 400 at priority 0 goes in after C0 only: 03-02, 03-04, 03-05, 03-06,
    // delivery 03-09 (after every committed order: 03-02, 03-04, 03-05, 03-11 → 03-14). C1 then finds only
    // 03-09 and 03-10 free before its target 03-10: as soon as possible 03-09..03-11,
    // delivery 03-14, one day late. C3 and C2 keep their days. C0 is ahead.
    let snap = rush_plant();
    let mut q = order(&snap, 400.0, Some("2026-03-12"), Kind::Standard);
    q.lines[0].priority = 0;
    let r = review_of(&snap, &q, true);
    assert_eq!(r.plan.delivery, Some(d("2026-03-09")));
    assert_eq!(r.queued.delivery, Some(d("2026-03-14")));
    assert_eq!((r.rush.position, r.rush.ahead_of), (1, 3));
    let impact: Vec<(&str, String, String, Option<i32>, bool)> = r
        .rush
        .impact
        .iter()
        .map(|i| {
            (
                snap.book.orders[i.order].id.as_str(),
                i.old_delivery.unwrap().to_string(),
                i.new_delivery.unwrap().to_string(),
                i.days_moved(),
                i.newly_late,
            )
        })
        .collect();
    assert_eq!(
        impact,
        [(
            "C1",
            "2026-03-13".to_string(),
            "2026-03-14".to_string(),
            Some(1),
            true
        )]
    );
    assert_eq!(r.rush.newly_late(), 1);
    assert_eq!(r.rush.extra_weighted_late_days(), 2.0); // weight 2 × 1 day
}

#[test]
fn a_less_important_rush_goes_behind_the_more_important_orders_and_moves_nobody() {
    // At priority 1 it goes after C0, C1 and C3, ahead of C2 only: 03-02, 03-04, 03-05,
    // 03-11, delivery 03-14; C2's days (03-26, 03-27) stay free.
    let snap = rush_plant();
    let mut q = order(&snap, 400.0, Some("2026-03-12"), Kind::Standard);
    q.lines[0].priority = 1;
    let r = review_of(&snap, &q, true);
    assert_eq!((r.rush.position, r.rush.ahead_of), (3, 1));
    assert_eq!(r.plan.delivery, Some(d("2026-03-14")));
    assert!(r.rush.impact.is_empty());
    // Without --insert the answer is the queued plan, and the rush is still reported.
    let r = review_of(&snap, &q, false);
    assert_eq!(r.plan, r.queued);
    assert_eq!(r.rush.plan.delivery, Some(d("2026-03-14")));
}

#[test]
fn replaying_the_committed_prefix_is_exact_on_generated_plants() {
    // An order that cannot be made takes nothing: rushing it in anywhere must leave every
    // committed order exactly where it was, which holds only if replaying the committed
    // bookings rebuilds the resources bit for bit.
    for seed in 1..=3 {
        let mut p = GenParams::preset("xs", a()).unwrap();
        p.seed = seed;
        let files = generate(&p);
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (plant, book) = load_files(&refs).unwrap();
        let snap = Snapshot::new(Arc::new(plant), Arc::new(book), settings());
        for priority in [-1, 0, 1, 2] {
            let plant = &snap.plant;
            let mut q = ad_hoc(
                plant,
                &plant.products[0].id,
                1e12,
                &plant.destinations[0].id,
                None,
                Kind::Standard,
            );
            q.lines[0].priority = priority;
            let r = explain::insert::rush(&snap, &q);
            assert!(r.plan.delivery.is_none());
            assert!(
                r.impact.is_empty(),
                "seed {seed} priority {priority}: {:?}",
                r.impact
            );
        }
    }
}

// ---- Change notices -------------------------------------------------------------------

fn change(extra: &[(&str, &str)], changes: &str) -> (Plant, OrderBook, explain::Changed) {
    let (plant, book) = load(extra);
    let (_, p2, b2) = match apply_changes("changes.csv", changes.as_bytes(), &plant, &book) {
        Ok(x) => x,
        Err(d) => panic!("changes do not apply:\n{d}"),
    };
    let c = explain::change_notice(&plant, &book, p2, b2, settings());
    (plant, book, c)
}

fn moved(c: &explain::Changed) -> Vec<(String, String, String)> {
    c.notice
        .moved
        .iter()
        .map(|m| {
            (
                m.order.clone(),
                m.old_delivery.unwrap().to_string(),
                m.new_delivery.unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_cancelled_order_frees_its_capacity_and_the_orders_behind_it_move_earlier() {
    // Before: C1 (300, due 03-06) as soon as possible 03-02..03-04; C2 (300, due 03-09)
    // cannot fit before its target 03-06, so 03-05, 03-06, 03-09: delivery 03-12 (late);
    // the quote Q3 (100) takes 03-10: delivery 03-13. Cancelling C1: C2 just in time on
    // 03-04..03-06 (delivery 03-09, on time), Q3 on 03-02 (delivery 03-05).
    let o = orders(&[
        "C1,P1,300,2026-03-06,D1,committed,0,1",
        "C2,P1,300,2026-03-09,D1,committed,0,1",
        "Q3,P1,100,2026-03-20,D1,quote,0,1",
    ]);
    let (_, _, c) = change(&[("orders.csv", &o)], "kind,order_id\norder_cancel,C1\n");
    assert_eq!(
        moved(&c),
        [
            ("C2".into(), "2026-03-12".into(), "2026-03-09".into()),
            ("Q3".into(), "2026-03-13".into(), "2026-03-05".into()),
        ]
    );
    assert_eq!(c.notice.newly_on_time, ["C2"]);
    assert!(c.notice.newly_late.is_empty());
    assert_eq!(c.notice.removed, ["C1"]);
    // 03-03, 03-09 and 03-10 are no longer booked; 03-02 changed hands.
    let t = &c.notice.line_time[0];
    assert_eq!(
        (t.before, t.after, t.freed, t.consumed),
        (7.0, 4.0, 3.0, 0.0)
    );
}

#[test]
fn a_line_down_moves_orders() {
    // C1 (300, due 03-20) just in time on 03-13, 03-16, 03-17. L1 down 03-16..03-17:
    // just in time backwards from the target 03-17 it gets 03-11..03-13, so it ends on
    // 03-13 and is delivered 03-16, earlier. Every line down 03-02..03-13 instead: only
    // 03-16, 03-17 remain before the target; as soon as possible 03-16..03-18, delivery
    // 03-21, late.
    let o = orders(&["C1,P1,300,2026-03-20,D1,committed,0,1"]);
    let extra = [("orders.csv", o.as_str())];
    let (_, _, c) = change(
        &extra,
        "kind,line_id,from,to\nline_down,L1,2026-03-16,2026-03-17\n",
    );
    assert_eq!(
        moved(&c),
        [("C1".into(), "2026-03-20".into(), "2026-03-16".into())]
    );
    assert!(c.notice.newly_late.is_empty());
    let (_, _, c) = change(
        &extra,
        "kind,line_id,from,to\nline_down,,2026-03-02,2026-03-13\n",
    );
    assert_eq!(
        moved(&c),
        [("C1".into(), "2026-03-20".into(), "2026-03-21".into())]
    );
    assert_eq!(c.notice.newly_late, ["C1"]);
}

#[test]
fn qty_date_receipt_and_new_order_changes() {
    let o = orders(&["C1,P1,300,2026-03-20,D1,committed,0,1"]);
    let extra = [("orders.csv", o.as_str())];
    // More of C1, same due date: just in time on 03-11..03-13, 03-16, 03-17 — it does not
    // move (moved lists only deliveries that differ), but 2 more shifts are booked.
    let (_, _, c) = change(
        &extra,
        "kind,order_id,product_id,qty\norder_qty,C1,P1,500\n",
    );
    assert!(c.notice.moved.is_empty());
    let t = &c.notice.line_time[0];
    assert_eq!((t.freed, t.consumed), (0.0, 2.0));
    // Requested a week earlier: just in time for 03-13 (03-06, 03-09, 03-10).
    let (_, _, c) = change(&extra, "kind,order_id,date\norder_date,C1,2026-03-13\n");
    assert_eq!(
        moved(&c),
        [("C1".into(), "2026-03-20".into(), "2026-03-13".into())]
    );
    assert!(c.notice.newly_late.is_empty());
    // A new committed order due 03-10 takes 03-05..03-06 just in time: nobody moves.
    let (_, _, c) = change(
        &extra,
        "kind,order_id,product_id,qty,requested_date,destination\nnew_order,N1,P1,200,2026-03-10,D1\n",
    );
    assert_eq!(c.notice.added, ["N1"]);
    assert!(c.notice.moved.is_empty());
    // C1 needs 300 × M1 from the receipt due 03-05; delayed to 03-18, production can
    // only start after the target 03-17: 03-18..03-20, delivery 03-23, late.
    let extra = [
        ("orders.csv", o.as_str()),
        ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,1\n"),
        ("materials.csv", "material_id,lead_time_days\nM1,60\n"),
        (
            "receipts.csv",
            "material_id,qty,due_date\nM1,300,2026-03-05\n",
        ),
    ];
    let (_, _, c) = change(
        &extra,
        "kind,material_id,date,to\nreceipt_delay,M1,2026-03-05,2026-03-18\n",
    );
    assert_eq!(
        moved(&c),
        [("C1".into(), "2026-03-20".into(), "2026-03-23".into())]
    );
    assert_eq!(c.notice.newly_late, ["C1"]);
}

#[test]
fn bad_change_rows_are_reported_with_line_and_column() {
    let (plant, book) = load(&[(
        "orders.csv",
        &orders(&["C1,P1,300,2026-03-20,D1,committed,0,1"]),
    )]);
    let bad = "kind,order_id,product_id,qty,line_id,from,to\n\
               order_cancel,NOPE,,,,,\n\
               order_qty,C1,P9,10,,,\n\
               line_down,,,,L1,2026-03-05,2026-03-01\n\
               explode,,,,,,\n";
    let err = apply_changes("changes.csv", bad.as_bytes(), &plant, &book).expect_err("bad rows");
    let got: Vec<(usize, String)> = err
        .items
        .iter()
        .map(|d| (d.line.unwrap(), d.column.clone().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "order_id".into()),
            (3, "product_id".into()),
            (4, "to".into()),
            (5, "kind".into()),
        ]
    );
    assert!(
        err.to_string()
            .contains("changes.csv:2: column order_id: unknown order \"NOPE\"")
    );
}

#[test]
fn rush_insertion_equals_planning_the_whole_sequence_from_scratch_on_generated_plants() {
    use promise::model::OrderBook as Book;
    use promise::plan::{Placement, Plan, default_placement};
    for seed in 1..=4 {
        let mut p = GenParams::preset("xs", a()).unwrap();
        p.seed = seed;
        let files = generate(&p);
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (plant, book) = load_files(&refs).unwrap();
        let snap = Snapshot::new(Arc::new(plant), Arc::new(book.clone()), settings());
        for (k, priority) in [-1i64, 0, 1].into_iter().enumerate() {
            let product = &snap.plant.products[(seed as usize * 5 + k) % snap.plant.products.len()];
            let mut q = ad_hoc(
                &snap.plant,
                &product.id,
                40.0 + 30.0 * k as f64,
                &snap.plant.destinations[0].id,
                Some("2026-03-20"),
                Kind::Standard,
            );
            q.lines[0].priority = priority;
            q.lines[0].split = true;
            let r = review_of(&snap, &q, true);
            // From scratch: the book with the quote, planned in the rush sequence.
            let mut orders = book.orders.clone();
            orders.push(q.clone());
            let full = Book::new(orders);
            let qi = full.orders.len() - 1;
            let committed = &snap.committed.planned;
            let seq = committed[..r.rush.position]
                .iter()
                .map(|p| (p.order, p.placement))
                .chain([(qi, Placement::Asap)])
                .chain(
                    committed[r.rush.position..]
                        .iter()
                        .map(|p| (p.order, p.placement)),
                );
            let scratch = Plan::build_in(&snap.plant, &full, settings(), seq);
            assert_eq!(scratch.find(qi).unwrap().plan, r.plan, "seed {seed}");
            let moved: Vec<usize> = committed
                .iter()
                .filter(|old| scratch.find(old.order).unwrap().plan.delivery != old.plan.delivery)
                .map(|old| old.order)
                .collect();
            let impact: Vec<usize> = r.rush.impact.iter().map(|i| i.order).collect();
            assert_eq!(impact, moved, "seed {seed} priority {priority}");
            assert!(
                committed
                    .iter()
                    .all(|p| default_placement(&book.orders[p.order]) == p.placement)
            );
            // Levers gain, best first; split parts add up.
            let base = r.plan.delivery.unwrap();
            for l in &r.levers {
                assert!(
                    l.days_gained > 0 && l.new_delivery == base - l.days_gained,
                    "{l:?}"
                );
            }
            assert!(
                r.levers
                    .windows(2)
                    .all(|w| w[0].days_gained >= w[1].days_gained)
            );
            let total: f64 = r.deliveries.as_ref().unwrap().iter().map(|d| d.qty).sum();
            assert!((total - q.lines[0].qty).abs() < 1e-9, "{total}");
        }
    }
}
