//! Every rule of SPEC.md's date arithmetic, each with a date computed by hand.
//! As-of 2026-03-02 is a Monday; March 2026: Sat 7, 14, 21; Sun 8, 15, 22.

mod common;

use common::*;
use promise::model::Kind;
use promise::plan::{self, BottleneckKind, Plan};
use promise::report::Outcome;
use promise::snapshot::Snapshot;
use std::sync::Arc;

const ORDERS: &str = "order_id,product_id,qty,requested_date,destination,status,priority,promised_date,done_qty,mode";

fn orders(rows: &[&str]) -> String {
    let mut s = String::from(ORDERS);
    s.push('\n');
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

// ---- SPEC.md's worked example -------------------------------------------------------

#[test]
fn worked_example_ad_hoc_quote() {
    let (plant, p) = quote(&[], "P1", 450.0, None, Kind::Standard);
    let s = sched(&p, 0);
    assert_eq!(prod(s), (d("2026-03-02"), d("2026-03-06")));
    assert_eq!(s.ship, d("2026-03-07"));
    assert_eq!(s.delivery, d("2026-03-09"));
    assert_eq!(p.delivery, Some(d("2026-03-09")));
    assert_eq!(s.material_ready, Some(a()));
    assert_eq!(
        plant.destinations[s.destination].modes[s.mode].name,
        "truck"
    );
}

#[test]
fn worked_example_committed_order_that_cannot_be_just_in_time() {
    let o = orders(&["C1,P1,300,2026-03-06,D1,committed,0,,,"]);
    let extra = [("orders.csv", o.as_str())];
    let (_, book, plan) = plan(&extra);
    let c1 = planned(&book, &plan, "C1");
    let s = sched(c1, 0);
    assert_eq!(prod(s), (d("2026-03-02"), d("2026-03-04")));
    assert_eq!(c1.delivery, Some(d("2026-03-07")));
    assert_eq!(Outcome::of(&book.orders[0], c1, 0).late_days, Some(1));
    let (_, q) = quote(&extra, "P1", 450.0, None, Kind::Standard);
    assert_eq!(prod(sched(&q, 0)), (d("2026-03-05"), d("2026-03-11")));
    assert_eq!(q.delivery, Some(d("2026-03-14")));
}

#[test]
fn worked_example_committed_order_just_in_time() {
    let o = orders(&["C1,P1,300,2026-03-20,D1,committed,0,,,"]);
    let extra = [("orders.csv", o.as_str())];
    let (_, book, plan) = plan(&extra);
    let c1 = planned(&book, &plan, "C1");
    let s = sched(c1, 0);
    let days: Vec<_> = s
        .production
        .as_ref()
        .unwrap()
        .allocs
        .iter()
        .map(|a| a.day.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(days, ["2026-03-13", "2026-03-16", "2026-03-17"]);
    assert_eq!(c1.delivery, Some(d("2026-03-20")));
    let (_, q) = quote(&extra, "P1", 450.0, None, Kind::Standard);
    assert_eq!(q.delivery, Some(d("2026-03-09")));
}

#[test]
fn worked_example_material_bottleneck() {
    let extra = [
        ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,2\n"),
        (
            "materials.csv",
            "material_id,on_hand,lead_time_days,inspection_days\nM1,0,10,2\n",
        ),
    ];
    let (_, p) = quote(&extra, "P1", 450.0, None, Kind::Standard);
    let s = sched(&p, 0);
    assert_eq!(s.material_ready, Some(d("2026-03-14")));
    assert_eq!(prod(s), (d("2026-03-16"), d("2026-03-20")));
    assert_eq!(p.delivery, Some(d("2026-03-23")));
    assert_eq!(p.bottleneck.kind, BottleneckKind::Material);
    assert_eq!(p.bottleneck.id, "M1");
}

// ---- 1. Finished stock ---------------------------------------------------------------

const STOCKED: &str =
    "product_id,inspection_days,packaging_days,on_hand,safety_stock\nP1,1,1,500,100\n";

#[test]
fn stock_less_safety_stock_serves_a_line_fully() {
    let (_, p) = quote(
        &[("products.csv", STOCKED)],
        "P1",
        300.0,
        None,
        Kind::Standard,
    );
    let s = sched(&p, 0);
    assert_eq!(p.lines[0].from_stock, 300.0);
    assert!(s.production.is_none() && s.material_ready.is_none());
    // Ship on A + packaging (stock is already inspected), then 2 days of truck.
    assert_eq!(s.ship, d("2026-03-03"));
    assert_eq!(p.delivery, Some(d("2026-03-05")));
    assert_eq!(p.bottleneck.kind, BottleneckKind::Stock);
}

#[test]
fn stock_taken_by_earlier_lines_is_gone_and_the_rest_is_made() {
    let o = orders(&["C1,P1,300,2026-03-20,D1,committed,0,,,"]);
    let (_, p) = quote(
        &[("products.csv", STOCKED), ("orders.csv", &o)],
        "P1",
        300.0,
        None,
        Kind::Standard,
    );
    // 400 usable, the committed order took 300: 100 from stock, 200 made on 03-02..03-03.
    assert_eq!(p.lines[0].from_stock, 100.0);
    let s = sched(&p, 0);
    assert_eq!(prod(s), (d("2026-03-02"), d("2026-03-03")));
    assert_eq!(s.ship, d("2026-03-05"));
    assert_eq!(p.delivery, Some(d("2026-03-07")));
}

#[test]
fn done_qty_is_not_made_again_but_qty_is_reported() {
    let o = orders(&["C1,P1,450,2026-03-20,D1,committed,0,,250,"]);
    let (_, book, plan) = plan(&[("orders.csv", &o)]);
    let c1 = planned(&book, &plan, "C1");
    // 200 left, just in time for E* = 03-20 − 2 − 1 = 03-17: 03-16 and 03-17.
    assert_eq!(prod(sched(c1, 0)), (d("2026-03-16"), d("2026-03-17")));
    assert_eq!(c1.lines[0].qty, 450.0);
    assert_eq!(c1.delivery, Some(d("2026-03-20")));
}

#[test]
fn a_line_with_nothing_left_is_like_one_served_from_stock() {
    let o = orders(&["C1,P1,450,2026-03-20,D1,committed,0,,450,"]);
    let (_, book, plan) = plan(&[("orders.csv", &o)]);
    let c1 = planned(&book, &plan, "C1");
    let s = sched(c1, 0);
    assert!(s.production.is_none());
    assert_eq!(s.ship, a());
    assert_eq!(c1.delivery, Some(d("2026-03-04")));
    assert_eq!(c1.bottleneck.kind, BottleneckKind::Stock);
}

// ---- 2. Design -------------------------------------------------------------------------

const DESIGNED: &str = "product_id,inspection_days,design_days\nP1,1,5\n";

#[test]
fn special_orders_wait_for_design_standard_ones_do_not() {
    let (_, p) = quote(
        &[("products.csv", DESIGNED)],
        "P1",
        100.0,
        None,
        Kind::Special,
    );
    let s = sched(&p, 0);
    assert_eq!(s.design_end, d("2026-03-07"));
    // Design ends on a Saturday: production on Monday.
    assert_eq!(prod(s), (d("2026-03-09"), d("2026-03-09")));
    assert_eq!(p.delivery, Some(d("2026-03-12")));
    assert_eq!(p.bottleneck.kind, BottleneckKind::Design);
    let (_, p) = quote(
        &[("products.csv", DESIGNED)],
        "P1",
        100.0,
        None,
        Kind::Standard,
    );
    assert_eq!(p.delivery, Some(d("2026-03-05")));
}

#[test]
fn purchases_of_special_orders_are_released_when_design_ends() {
    let extra = [
        ("products.csv", DESIGNED),
        ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,1\n"),
        ("materials.csv", "material_id,lead_time_days\nM1,3\n"),
    ];
    let (_, p) = quote(&extra, "P1", 100.0, None, Kind::Special);
    let s = sched(&p, 0);
    assert_eq!(s.materials[0].release, d("2026-03-07"));
    assert_eq!(s.material_ready, Some(d("2026-03-10")));
    assert_eq!(prod(s), (d("2026-03-10"), d("2026-03-10")));
    assert_eq!(p.delivery, Some(d("2026-03-13")));
    // Design 5 days beats material 3, capacity 1 and transit 2.
    assert_eq!(p.bottleneck.kind, BottleneckKind::Design);
}

// ---- 3. Materials --------------------------------------------------------------------

const NETTING: [(&str, &str); 3] = [
    ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,1\n"),
    (
        "materials.csv",
        "material_id,on_hand,safety_stock,lead_time_days,inspection_days\nM1,150,50,10,1\n",
    ),
    (
        "receipts.csv",
        "material_id,qty,due_date\nM1,100,2026-03-05\nM1,100,2026-03-03\n",
    ),
];

#[test]
fn materials_net_stock_then_receipts_by_due_date_then_a_purchase() {
    let o = orders(&[
        "Q1,P1,150,2026-03-10,D1,quote,0,,,",
        "Q2,P1,200,2026-03-11,D1,quote,0,,,",
    ]);
    let mut extra = NETTING.to_vec();
    extra.push(("orders.csv", &o));
    let (_, book, plan) = plan(&extra);
    // Q1: 100 from stock (150 − 50 safety), 50 from the receipt due 03-03 (+1 day inspection).
    let q1 = planned(&book, &plan, "Q1");
    let s = sched(q1, 0);
    assert_eq!(s.materials[0].from_stock, 100.0);
    assert_eq!(s.material_ready, Some(d("2026-03-04")));
    assert_eq!(prod(s), (d("2026-03-04"), d("2026-03-05")));
    assert_eq!(q1.delivery, Some(d("2026-03-08")));
    // Q2: 50 left of the 03-03 receipt, 100 of the 03-05 one, 50 bought: ready 03-02 + 10 + 1.
    let q2 = planned(&book, &plan, "Q2");
    let s = sched(q2, 0);
    assert_eq!(s.materials[0].purchase, 50.0);
    assert_eq!(s.material_ready, Some(d("2026-03-13")));
    assert_eq!(prod(s), (d("2026-03-13"), d("2026-03-16")));
    assert_eq!(q2.delivery, Some(d("2026-03-19")));
    assert_eq!(
        (
            q2.bottleneck.kind,
            q2.bottleneck.id.as_str(),
            q2.bottleneck.days
        ),
        (BottleneckKind::Material, "M1", 11)
    );
}

#[test]
fn a_receipt_due_before_the_as_of_date_is_available_from_it_on() {
    let mats = [
        ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,1\n"),
        (
            "materials.csv",
            "material_id,lead_time_days,inspection_days\nM1,10,1\n",
        ),
        (
            "receipts.csv",
            "material_id,qty,due_date\nM1,100,2026-02-20\n",
        ),
    ];
    let (_, p) = quote(&mats, "P1", 100.0, None, Kind::Standard);
    assert_eq!(sched(&p, 0).material_ready, Some(a()));
    assert_eq!(p.delivery, Some(d("2026-03-05")));
    // Due 03-01 with 3 days of inspection: available 03-04.
    let mats = [
        mats[0],
        (
            "materials.csv",
            "material_id,lead_time_days,inspection_days\nM1,10,3\n",
        ),
        (
            "receipts.csv",
            "material_id,qty,due_date\nM1,100,2026-03-01\n",
        ),
    ];
    let (_, p) = quote(&mats, "P1", 100.0, None, Kind::Standard);
    assert_eq!(sched(&p, 0).material_ready, Some(d("2026-03-04")));
    assert_eq!(p.delivery, Some(d("2026-03-07")));
}

#[test]
fn the_material_ready_last_names_the_bottleneck_ties_in_bom_order() {
    let extra = [
        (
            "bom.csv",
            "product_id,material_id,qty_per_unit\nP1,M2,1\nP1,M1,1\nP1,M3,1\n",
        ),
        (
            "materials.csv",
            "material_id,lead_time_days\nM1,10\nM2,10\nM3,4\n",
        ),
    ];
    let (_, p) = quote(&extra, "P1", 100.0, None, Kind::Standard);
    assert_eq!(p.bottleneck.kind, BottleneckKind::Material);
    assert_eq!(p.bottleneck.id, "M2");
}

// ---- 4. Production ---------------------------------------------------------------------

#[test]
fn calendar_overrides_line_specific_rows_win() {
    let cal = "date,line_id,shifts,reason\n2026-03-03,,0,holiday\n2026-03-04,,0,power cut\n2026-03-04,L1,1,rationed\n2026-03-07,L1,3,overtime\n";
    let (_, p) = quote(&[("calendar.csv", cal)], "P1", 450.0, None, Kind::Standard);
    // 03-02 100, 03-03 closed, 03-04 100 (the L1 row wins), 03-05 100, 03-06 100, Sat 03-07 50 of 300.
    let s = sched(&p, 0);
    assert_eq!(prod(s), (d("2026-03-02"), d("2026-03-07")));
    assert!(
        s.production
            .as_ref()
            .unwrap()
            .allocs
            .iter()
            .all(|a| a.day != d("2026-03-03"))
    );
    assert_eq!(p.delivery, Some(d("2026-03-10")));
}

const TWO_LINES: [(&str, &str); 2] = [
    (
        "lines.csv",
        "line_id,shifts_per_day,work_days\nL2,1,Mon-Fri\nL1,1,Mon-Fri\n",
    ),
    (
        "capacity.csv",
        "line_id,product_id,units_per_shift\nL2,P1,50\nL1,P1,100\n",
    ),
];

#[test]
fn a_day_takes_time_from_the_able_lines_in_ascending_id() {
    let (plant, p) = quote(&TWO_LINES, "P1", 450.0, None, Kind::Standard);
    let s = sched(&p, 0);
    assert_eq!(prod(s), (d("2026-03-02"), d("2026-03-04")));
    assert_eq!(s.production.as_ref().unwrap().lines_used(&plant), "L1,L2");
    assert_eq!(p.bottleneck.id, "L1,L2");
    let (plant, p) = quote(&TWO_LINES, "P1", 80.0, None, Kind::Standard);
    assert_eq!(
        sched(&p, 0).production.as_ref().unwrap().lines_used(&plant),
        "L1"
    );
    let (_, p) = quote(&TWO_LINES, "P1", 120.0, None, Kind::Standard);
    let allocs = &sched(&p, 0).production.as_ref().unwrap().allocs;
    assert_eq!(
        allocs.iter().map(|a| a.units).collect::<Vec<_>>(),
        [100.0, 20.0]
    );
}

#[test]
fn crumbs_of_line_time_never_start_a_new_day() {
    let extra = [(
        "capacity.csv",
        "line_id,product_id,units_per_shift\nL1,P1,3\n",
    )];
    let o = orders(&[
        "Q1,P1,1,,D1,quote,0,,,",
        "Q2,P1,1,,D1,quote,0,,,",
        "Q3,P1,1,,D1,quote,0,,,",
        "Q4,P1,1,,D1,quote,0,,,",
    ]);
    let mut e = extra.to_vec();
    e.push(("orders.csv", &o));
    let (_, book, plan) = plan(&e);
    for id in ["Q1", "Q2", "Q3"] {
        assert_eq!(
            prod(sched(planned(&book, &plan, id), 0)),
            (a(), a()),
            "{id}"
        );
    }
    assert_eq!(
        prod(sched(planned(&book, &plan, "Q4"), 0)),
        (d("2026-03-03"), d("2026-03-03"))
    );
    // A quantity within 1e-9 of a unit is covered.
    let (_, p) = quote(&[], "P1", 100.0 + 1e-10, None, Kind::Standard);
    assert_eq!(prod(sched(&p, 0)), (a(), a()));
}

// ---- Just in time ------------------------------------------------------------------------

const SEA_AND_TRUCK: &str = "destination,mode,days,cost_per_unit\nD1,truck,2,1\nD1,sea,10,0.5\n";

#[test]
fn just_in_time_targets_the_cheapest_mode_inspection_packaging_and_safety_days() {
    let o = orders(&["C1,P1,300,2026-03-20,D1,committed,0,,,"]);
    let extra = [("transit.csv", SEA_AND_TRUCK), ("orders.csv", o.as_str())];
    let (plant, book, plan) = plan(&extra);
    // E* = 03-20 − 10 (sea, the cheapest) − 1 = 03-09: 03-09, 03-06, 03-05.
    let c1 = planned(&book, &plan, "C1");
    let s = sched(c1, 0);
    assert_eq!(prod(s), (d("2026-03-05"), d("2026-03-09")));
    assert!(s.production.as_ref().unwrap().just_in_time);
    assert_eq!(plant.destinations[0].modes[s.mode].name, "sea");
    assert_eq!(c1.delivery, Some(d("2026-03-20")));
    // With 2 safety days: E* = 03-07 (Sat) → 03-04, 03-05, 03-06; delivered 03-17.
    let (plant, book) = load(&extra);
    let mut st = settings();
    st.safety_days = 2;
    let plan = Plan::build(&plant, &book, st);
    let c1 = planned(&book, &plan, "C1");
    assert_eq!(prod(sched(c1, 0)), (d("2026-03-04"), d("2026-03-06")));
    assert_eq!(c1.delivery, Some(d("2026-03-17")));
}

#[test]
fn just_in_time_uses_the_order_mode_when_it_names_one() {
    let o = orders(&["C1,P1,300,2026-03-20,D1,committed,0,,,truck"]);
    let (_, book, plan) = plan(&[("transit.csv", SEA_AND_TRUCK), ("orders.csv", &o)]);
    // E* = 03-20 − 2 − 1 = 03-17.
    assert_eq!(
        prod(sched(planned(&book, &plan, "C1"), 0)),
        (d("2026-03-13"), d("2026-03-17"))
    );
}

#[test]
fn just_in_time_leaves_earlier_time_to_later_planned_orders() {
    // The more important order is due later; the less important one still gets this week.
    let o = orders(&[
        "C1,P1,300,2026-04-30,D1,committed,0,,,",
        "C2,P1,300,2026-03-07,D1,committed,1,,,",
    ]);
    let (_, book, plan) = plan(&[("orders.csv", &o)]);
    assert_eq!(planned(&book, &plan, "C1").delivery, Some(d("2026-04-30")));
    // C2: E* = 03-04, fits 03-02..03-04.
    assert_eq!(planned(&book, &plan, "C2").delivery, Some(d("2026-03-07")));
}

#[test]
fn just_in_time_target_is_capped_by_the_horizon() {
    let o = orders(&["C1,P1,100,2040-01-01,D1,committed,0,,,"]);
    let (plant, book) = load(&[("orders.csv", &o)]);
    let mut st = settings();
    st.horizon_days = 10;
    let plan = Plan::build(&plant, &book, st);
    // E* = min(…, A + 10 = 03-12), a Thursday.
    assert_eq!(
        prod(sched(planned(&book, &plan, "C1"), 0)),
        (d("2026-03-12"), d("2026-03-12"))
    );
}

// ---- 6. Transit ----------------------------------------------------------------------------

const MODES: &str =
    "destination,mode,days,cost_per_unit\nD1,truck,2,1\nD1,air,1,5\nD1,sea,10,0.5\n";

fn mode_for(requested: Option<&str>) -> (String, String) {
    let (plant, p) = quote(
        &[("transit.csv", MODES)],
        "P1",
        100.0,
        requested,
        Kind::Standard,
    );
    let s = sched(&p, 0);
    (
        plant.destinations[s.destination].modes[s.mode].name.clone(),
        s.delivery.to_string(),
    )
}

#[test]
fn transit_takes_the_cheapest_mode_on_time_else_the_fastest() {
    // Ships 03-03.
    assert_eq!(
        mode_for(Some("2026-03-20")),
        ("sea".into(), "2026-03-13".into())
    );
    assert_eq!(
        mode_for(Some("2026-03-06")),
        ("truck".into(), "2026-03-05".into())
    );
    assert_eq!(
        mode_for(Some("2026-03-04")),
        ("air".into(), "2026-03-04".into())
    );
    assert_eq!(
        mode_for(Some("2026-03-03")),
        ("air".into(), "2026-03-04".into())
    );
    assert_eq!(mode_for(None), ("air".into(), "2026-03-04".into()));
}

#[test]
fn transit_ties_go_to_fewer_days_then_the_mode_name() {
    let t = "destination,mode,days,cost_per_unit\nD1,van,3,1\nD1,truck,2,1\nD1,b,1,9\nD1,a,1,9\n";
    let (plant, p) = quote(
        &[("transit.csv", t)],
        "P1",
        100.0,
        Some("2026-03-20"),
        Kind::Standard,
    );
    let s = sched(&p, 0);
    assert_eq!(plant.destinations[0].modes[s.mode].name, "truck");
    let (plant, p) = quote(&[("transit.csv", t)], "P1", 100.0, None, Kind::Standard);
    let s = sched(&p, 0);
    assert_eq!(plant.destinations[0].modes[s.mode].name, "a");
}

#[test]
fn every_line_chooses_its_mode_for_the_order_due_date() {
    // Rows due 03-20 and 03-06: the order's due date is 03-06 for both lines.
    let p = "product_id,inspection_days\nP1,1\nP2,1\n";
    let c = "line_id,product_id,units_per_shift\nL1,P1,100\nL1,P2,100\n";
    let o = orders(&[
        "Q1,P1,100,2026-03-20,D1,quote,0,,,",
        "Q1,P2,100,2026-03-06,D1,quote,0,,,",
    ]);
    let (plant, book, plan) = plan(&[
        ("transit.csv", MODES),
        ("products.csv", p),
        ("capacity.csv", c),
        ("orders.csv", &o),
    ]);
    let q1 = planned(&book, &plan, "Q1");
    for line in 0..2 {
        let s = sched(q1, line);
        assert_eq!(
            plant.destinations[0].modes[s.mode].name, "truck",
            "line {line}"
        );
    }
    // Lines planned one after another: P1 on 03-02, P2 on 03-03; the order is the latest.
    assert_eq!(q1.delivery, Some(d("2026-03-06")));
    assert_eq!(q1.critical_line, 1);
}

// ---- Order of planning ---------------------------------------------------------------------

#[test]
fn order_of_planning_committed_first_then_priority_due_date_and_id() {
    let o = orders(&[
        "Q0,P1,1,2026-03-03,D1,quote,-5,,,",
        "C3,P1,1,2026-03-09,D1,committed,0,,,",
        "C2,P1,1,2026-03-09,D1,committed,0,,,",
        "C1,P1,1,2026-03-20,D1,committed,0,2026-03-05,,",
        "C0,P1,1,2026-03-01,D1,committed,1,,,",
        "CN,P1,1,,D1,committed,0,,,",
        "X1,P1,1,2026-03-01,D1,shipped,-9,,,",
    ]);
    let (_, book) = load(&[("orders.csv", &o)]);
    let ids: Vec<&str> = plan::sequence(&book)
        .iter()
        .map(|&i| book.orders[i].id.as_str())
        .collect();
    // C1's promised date (03-05) is its due date; an order with no due date comes last.
    assert_eq!(ids, ["C1", "C2", "C3", "CN", "C0", "Q0"]);
}

#[test]
fn an_order_key_takes_its_smallest_priority_and_earliest_due_date() {
    let p = "product_id\nP1\nP2\n";
    let c = "line_id,product_id,units_per_shift\nL1,P1,100\nL1,P2,100\n";
    let o = orders(&[
        "A,P1,1,2026-03-30,D1,committed,5,,,",
        "A,P2,1,2026-03-10,D1,committed,0,,,",
        "B,P1,1,2026-03-09,D1,committed,0,,,",
    ]);
    let (_, book) = load(&[("products.csv", p), ("capacity.csv", c), ("orders.csv", &o)]);
    let ids: Vec<&str> = plan::sequence(&book)
        .iter()
        .map(|&i| book.orders[i].id.as_str())
        .collect();
    assert_eq!(ids, ["B", "A"]);
}

#[test]
fn priority_beats_due_date() {
    let o = orders(&[
        "C1,P1,100,2026-03-05,D1,committed,1,,,",
        "C2,P1,300,2026-03-06,D1,committed,0,,,",
    ]);
    let (_, book, plan) = plan(&[("orders.csv", &o)]);
    // C2 first: cannot be just in time (E* 03-03), so 03-02..03-04. C1 then gets 03-05.
    assert_eq!(
        prod(sched(planned(&book, &plan, "C2"), 0)),
        (d("2026-03-02"), d("2026-03-04"))
    );
    assert_eq!(
        prod(sched(planned(&book, &plan, "C1"), 0)),
        (d("2026-03-05"), d("2026-03-05"))
    );
}

#[test]
fn quote_of_a_committed_order_is_planned_after_all_the_others() {
    let o = orders(&[
        "C1,P1,300,2026-03-06,D1,committed,0,,,",
        "C2,P1,300,2026-03-06,D1,committed,0,,,",
    ]);
    let (plant, book) = load(&[("orders.csv", &o)]);
    let ix = book.index["C1"];
    let order = book.orders[ix].clone();
    let snap = Snapshot::without(Arc::new(plant), Arc::new(book), settings(), Some(ix));
    let p = snap.quote(&order);
    // C2 takes 03-02..03-04; C1 is quoted as soon as possible after it: 03-05..03-09.
    assert_eq!(prod(sched(&p, 0)), (d("2026-03-05"), d("2026-03-09")));
    assert_eq!(p.delivery, Some(d("2026-03-12")));
}

// ---- Infeasible lines ------------------------------------------------------------------------

#[test]
fn a_line_no_line_can_make_is_infeasible_and_takes_nothing() {
    let p = "product_id,on_hand\nP1,0\nP2,5\n";
    let o = orders(&[
        "C1,P2,10,2026-03-20,D1,committed,0,,,",
        "C1,P1,100,2026-03-20,D1,committed,0,,,",
        "C2,P2,5,2026-03-21,D1,committed,0,,,",
    ]);
    let (_, book, plan) = plan(&[("products.csv", p), ("orders.csv", &o)]);
    let c1 = planned(&book, &plan, "C1");
    assert!(!c1.feasible());
    assert!(c1.lines[0].schedule().is_none());
    assert!(
        c1.lines[1].schedule().is_some(),
        "the other line of the order is planned"
    );
    assert_eq!(
        (c1.bottleneck.kind, c1.bottleneck.id.as_str()),
        (BottleneckKind::Capacity, "P2")
    );
    assert!(c1.reason.as_ref().unwrap().contains("no line can make P2"));
    let o = Outcome::of(&book.orders[book.index["C1"]], c1, 0);
    assert_eq!(
        (o.feasible, o.late_days, o.delivery),
        (Some(false), None, None)
    );
    // The infeasible line took no stock: C2 gets the 5 units.
    let c2 = planned(&book, &plan, "C2");
    assert_eq!(c2.lines[0].from_stock, 5.0);
    assert_eq!(c2.delivery, Some(d("2026-03-04")));
}

#[test]
fn production_beyond_the_horizon_is_infeasible() {
    let (plant, book) = load(&[]);
    let plant = Arc::new(plant);
    let mut st = settings();
    st.horizon_days = 3;
    let snap = Snapshot::new(plant.clone(), Arc::new(book.clone()), st);
    let p = snap.quote(&ad_hoc(&plant, "P1", 450.0, "D1", None, Kind::Standard));
    assert!(!p.feasible());
    assert!(p.reason.as_ref().unwrap().contains("horizon"));
    st.horizon_days = 4;
    let snap = Snapshot::new(plant.clone(), Arc::new(book), st);
    assert_eq!(
        snap.quote(&ad_hoc(&plant, "P1", 450.0, "D1", None, Kind::Standard))
            .delivery,
        Some(d("2026-03-09"))
    );
}

#[test]
fn no_fixed_horizon_ten_years_of_load_still_plans() {
    // 1 shift a day of 100: 260,000 units is about 10 years of weekdays.
    let (_, p) = quote(&[], "P1", 260_000.0, None, Kind::Standard);
    let s = sched(&p, 0);
    assert!(prod(s).1 > d("2035-12-01"), "{:?}", prod(s));
    assert_eq!(s.production.as_ref().unwrap().allocs.len(), 2600);
}

// ---- Bottleneck ties -----------------------------------------------------------------------

#[test]
fn bottleneck_ties_go_to_the_earlier_stage() {
    // Capacity 2 days vs transit 2 days: capacity.
    let (_, p) = quote(&[], "P1", 200.0, None, Kind::Standard);
    assert_eq!(
        (p.bottleneck.kind, p.bottleneck.days),
        (BottleneckKind::Capacity, 2)
    );
    // Capacity 1 day vs transit 2 days: transit.
    let (_, p) = quote(&[], "P1", 100.0, None, Kind::Standard);
    assert_eq!(
        (p.bottleneck.kind, p.bottleneck.id.as_str()),
        (BottleneckKind::Transit, "truck")
    );
    // Design 2 days vs transit 2 days: design.
    let (_, p) = quote(
        &[("products.csv", "product_id,design_days\nP1,2\n")],
        "P1",
        100.0,
        None,
        Kind::Special,
    );
    assert_eq!(p.bottleneck.kind, BottleneckKind::Design);
}

#[test]
fn just_in_time_capacity_counts_from_production_start() {
    let o = orders(&["C1,P1,300,2026-03-20,D1,committed,0,,,"]);
    let (_, book, plan) = plan(&[("orders.csv", &o)]);
    // 03-13..03-17: 5 days beat transit 2.
    let c1 = planned(&book, &plan, "C1");
    assert_eq!(
        (c1.bottleneck.kind, c1.bottleneck.days),
        (BottleneckKind::Capacity, 5)
    );
}

#[test]
fn feasible_is_promise_not_after_the_due_date_and_null_without_one() {
    let (plant, book) = load(&[]);
    let plant = Arc::new(plant);
    let snap = Snapshot::new(plant.clone(), Arc::new(book), settings());
    let order = ad_hoc(
        &plant,
        "P1",
        450.0,
        "D1",
        Some("2026-03-09"),
        Kind::Standard,
    );
    let p = snap.quote(&order);
    assert_eq!(Outcome::of(&order, &p, 0).feasible, Some(true));
    assert_eq!(Outcome::of(&order, &p, 1).feasible, Some(false));
    assert_eq!(Outcome::of(&order, &p, 1).promise, Some(d("2026-03-10")));
    let order = ad_hoc(&plant, "P1", 450.0, "D1", None, Kind::Standard);
    assert_eq!(Outcome::of(&order, &snap.quote(&order), 0).feasible, None);
}
