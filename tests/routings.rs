//! SPEC.md's "Routings and made components", rule by rule, each with dates computed by
//! hand. As-of 2026-03-02 is a Monday; March 2026: Sat 7, 14, 21; Sun 8, 15, 22.

mod common;

use common::*;
use promise::day::Day;
use promise::load::load_files;
use promise::model::{Kind, OrderBook, Plant};
use promise::plan::{BottleneckKind, OrderPlan, Plan, Production};
use promise::snapshot::Snapshot;
use std::sync::Arc;

/// SPEC.md's worked example of routings: P1 machined on L1 (100 a shift, then 2 days'
/// wait) and assembled on L2 (50 a shift) with one C1 per unit, C1 made on L1 (200 a
/// shift); both inspected for a day; truck to D1 in 2 days.
const LINES: &str = "line_id,shifts_per_day,work_days\nL1,1,Mon-Fri\nL2,1,Mon-Fri\n";
const CAPACITY: &str =
    "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL2,P1,50,2\nL1,C1,200,1\n";
const ROUTING: &str = "product_id,step,name,wait_days\nP1,1,machining,2\nP1,2,assembly,0\n";
const PRODUCTS: &str = "product_id,inspection_days\nP1,1\nC1,1\n";
const BOM: &str = "product_id,material_id,qty_per_unit,step\nP1,C1,1,2\n";
const ORDERS: &str = "order_id,product_id,qty,requested_date,destination,status";

/// The worked example's files, `extra` replacing or adding files.
fn routed_files<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = files(&[
        ("lines.csv", LINES),
        ("capacity.csv", CAPACITY),
        ("routing.csv", ROUTING),
        ("products.csv", PRODUCTS),
        ("bom.csv", BOM),
        ("orders.csv", ORDERS),
    ]);
    for (name, text) in extra {
        f.retain(|(n, _)| n != name);
        f.push((name, text));
    }
    f
}

fn routed(extra: &[(&str, &str)]) -> (Plant, OrderBook) {
    match load_files(&routed_files(extra)) {
        Ok(x) => x,
        Err(d) => panic!("test plant does not load:\n{d}"),
    }
}

/// An ad-hoc quote after the committed orders.
fn quote_on(plant: Plant, book: OrderBook, product: &str, qty: f64) -> (Arc<Plant>, OrderPlan) {
    let plant = Arc::new(plant);
    let snap = Snapshot::new(plant.clone(), Arc::new(book), settings());
    let order = ad_hoc(&plant, product, qty, "D1", None, Kind::Standard);
    let p = snap.quote(&order);
    (plant, p)
}

fn production(p: &OrderPlan, line: usize) -> &Production {
    sched(p, line).production.as_ref().expect("produced")
}

/// (first, last) day of each step of the line's own item.
fn steps(p: &Production) -> Vec<(Day, Day)> {
    p.steps().iter().map(|r| (r.start, r.end)).collect()
}

/// Units booked per (line id, day) by one production.
fn booked(plant: &Plant, p: &Production) -> Vec<(String, String, f64)> {
    let mut v: Vec<(String, String, f64)> = p
        .allocs
        .iter()
        .map(|a| (plant.lines[a.line].id.clone(), a.day.to_string(), a.shifts))
        .collect();
    v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    v
}

fn dd(a: &str, b: &str) -> (Day, Day) {
    (d(a), d(b))
}

// ---- SPEC.md's worked example -------------------------------------------------------

#[test]
fn worked_example_ad_hoc_quote() {
    let (plant, book) = routed(&[]);
    let (plant, q) = quote_on(plant, book, "P1", 100.0);
    let p = production(&q, 0);
    // The work order: 100 × C1 on L1 on 03-02 (half a shift), ready 03-03.
    let wo = &p.work_orders()[0];
    assert_eq!(plant.products[wo.product].id, "C1");
    assert_eq!(wo.qty, 100.0);
    assert_eq!(
        (wo.steps[0].start, wo.steps[0].end),
        dd("2026-03-02", "2026-03-02")
    );
    assert_eq!(wo.ready, d("2026-03-03"));
    // Machining: the other half of 03-02 and half of 03-03; assembly from
    // max(03-03, 03-03 + 2) = Thu 03-05, runs 03-05..03-06.
    assert_eq!(
        steps(p),
        [
            dd("2026-03-02", "2026-03-03"),
            dd("2026-03-05", "2026-03-06")
        ]
    );
    assert_eq!(
        booked(&plant, p),
        [
            ("L1".into(), "2026-03-02".into(), 0.5),
            ("L1".into(), "2026-03-02".into(), 0.5),
            ("L1".into(), "2026-03-03".into(), 0.5),
            ("L2".into(), "2026-03-05".into(), 1.0),
            ("L2".into(), "2026-03-06".into(), 1.0),
        ]
    );
    let s = sched(&q, 0);
    assert_eq!(s.ship, d("2026-03-07"));
    assert_eq!(q.delivery, Some(d("2026-03-09")));
    // Capacity L1 (machining, 2 days) ties assembly and transit: the earlier stage wins.
    assert_eq!(q.bottleneck.kind, BottleneckKind::Capacity);
    assert_eq!(q.bottleneck.id, "L1");
    assert_eq!(q.bottleneck.days, 2);
    assert_eq!(q.bottleneck.step, Some(0));
}

#[test]
fn worked_example_committed_order_then_the_quote() {
    let orders = format!("{ORDERS}\nC1,P1,100,2026-03-11,D1,committed\n");
    let (plant, book) = routed(&[("orders.csv", &orders)]);
    let plan = Plan::build(&plant, &book, settings());
    let c = planned(&book, &plan, "C1");
    let p = production(c, 0);
    assert!(p.just_in_time);
    // Assembly just in time from 03-08 backward: 03-06 and 03-05; machining (target
    // 03-05 − 2) all of 03-03; its C1 (target 03-05 − 1) half a shift on 03-04.
    assert_eq!(
        steps(p),
        [
            dd("2026-03-03", "2026-03-03"),
            dd("2026-03-05", "2026-03-06")
        ]
    );
    let wo = &p.work_orders()[0];
    assert_eq!(
        (wo.steps[0].start, wo.steps[0].end),
        dd("2026-03-04", "2026-03-04")
    );
    assert_eq!(wo.ready, d("2026-03-05"));
    assert_eq!(c.delivery, Some(d("2026-03-09")));
    // The quote: C1 in the first half of 03-02, machining the other half and the half of
    // 03-04 left; assembly may start 03-06 — taken — so 03-09..03-10.
    let (plant, q) = quote_on(plant, book, "P1", 100.0);
    let p = production(&q, 0);
    assert_eq!(
        steps(p),
        [
            dd("2026-03-02", "2026-03-04"),
            dd("2026-03-09", "2026-03-10")
        ]
    );
    assert_eq!(
        (p.work_orders()[0].steps[0].start, p.work_orders()[0].ready),
        (d("2026-03-02"), d("2026-03-03"))
    );
    assert_eq!(q.delivery, Some(d("2026-03-13")));
    assert_eq!(q.bottleneck.kind, BottleneckKind::Capacity);
    assert_eq!((q.bottleneck.id.as_str(), q.bottleneck.days), ("L2", 5));
    assert!(
        booked(&plant, p)
            .iter()
            .all(|(_, day, _)| day != "2026-03-03")
    );
}

// ---- Waits, lines, stock, depth -------------------------------------------------------

/// P1 machined on L1 (100 a shift) then assembled on L2 (100 a shift), no components.
fn two_steps(wait: i32) -> (Plant, OrderBook) {
    let capacity = "line_id,product_id,units_per_shift,step\nL1,P1,100,10\nL2,P1,100,20\n";
    let routing = format!("product_id,step,name,wait_days\nP1,10,machining,{wait}\n");
    let bom = "product_id,material_id,qty_per_unit\n";
    let (plant, book) = routed(&[
        ("capacity.csv", capacity),
        ("routing.csv", routing.as_str()),
        ("bom.csv", bom),
    ]);
    (plant, book)
}

#[test]
fn a_wait_is_calendar_days_after_the_step() {
    // 100 units: machining Mon 03-02; wait 3 → assembly from Thu 03-05.
    let (plant, book) = two_steps(3);
    let (_, q) = quote_on(plant, book, "P1", 100.0);
    let p = production(&q, 0);
    assert_eq!(
        steps(p),
        [
            dd("2026-03-02", "2026-03-02"),
            dd("2026-03-05", "2026-03-05")
        ]
    );
    // Ship: E + wait of the last step (0) + inspection 1.
    assert_eq!(sched(&q, 0).ship, d("2026-03-06"));
    // 500 units: machining Mon..Fri 03-06; + 2 days = Sun 03-08, assembly Mon..Fri.
    let (plant, book) = two_steps(2);
    let (_, q) = quote_on(plant, book, "P1", 500.0);
    assert_eq!(
        steps(production(&q, 0)),
        [
            dd("2026-03-02", "2026-03-06"),
            dd("2026-03-09", "2026-03-13")
        ]
    );
    // Without a wait the next step may start the day the previous ends.
    let (plant, book) = two_steps(0);
    let (_, q) = quote_on(plant, book, "P1", 100.0);
    assert_eq!(
        steps(production(&q, 0)),
        [
            dd("2026-03-02", "2026-03-02"),
            dd("2026-03-02", "2026-03-02")
        ]
    );
}

#[test]
fn the_wait_after_the_last_step_comes_before_inspection() {
    let capacity = "line_id,product_id,units_per_shift,step\nL1,P1,100,1\n";
    let routing = "product_id,step,name,wait_days\nP1,1,painting,4\n";
    let (plant, book) = routed(&[
        ("capacity.csv", capacity),
        ("routing.csv", routing),
        ("bom.csv", "product_id,material_id,qty_per_unit\n"),
    ]);
    let (_, q) = quote_on(plant, book, "P1", 100.0);
    // Made Mon 03-02; + 4 days wait + 1 inspection = ship Sat 03-07; truck → Mon 03-09.
    assert_eq!(sched(&q, 0).ship, d("2026-03-07"));
    assert_eq!(q.delivery, Some(d("2026-03-09")));
}

#[test]
fn a_step_with_two_able_lines_fills_them_in_line_order() {
    // Machining Mon 03-02 (250 a shift); + 2 days → assembly from Wed 03-04 on L2 and L3
    // (50 a shift each), line by line each day: 100 on 03-04, 100 on 03-05, 50 on 03-06.
    let lines = "line_id,shifts_per_day\nL1,1\nL2,1\nL3,1\n";
    let capacity = "line_id,product_id,units_per_shift,step\nL1,P1,250,1\nL3,P1,50,2\nL2,P1,50,2\n";
    let (plant, book) = routed(&[
        ("lines.csv", lines),
        ("capacity.csv", capacity),
        ("bom.csv", "product_id,material_id,qty_per_unit\n"),
    ]);
    let (plant, q) = quote_on(plant, book, "P1", 250.0);
    let p = production(&q, 0);
    assert_eq!(
        steps(p),
        [
            dd("2026-03-02", "2026-03-02"),
            dd("2026-03-04", "2026-03-06")
        ]
    );
    let assembly: Vec<(String, String)> = p.allocs[p.steps()[1].allocs.clone()]
        .iter()
        .map(|a| (plant.lines[a.line].id.clone(), a.day.to_string()))
        .collect();
    assert_eq!(
        assembly,
        [
            ("L2".to_string(), "2026-03-04".to_string()),
            ("L3".to_string(), "2026-03-04".to_string()),
            ("L2".to_string(), "2026-03-05".to_string()),
            ("L3".to_string(), "2026-03-05".to_string()),
            ("L2".to_string(), "2026-03-06".to_string()),
        ]
    );
}

#[test]
fn a_component_comes_partly_from_stock_above_its_safety_stock() {
    // C1: 70 on hand, 20 safety → 50 usable. 100 × P1 needs 100 C1: 50 from stock, a work
    // order of 50 (a quarter shift on L1, 03-02, ready 03-03).
    let products = "product_id,inspection_days,on_hand,safety_stock\nP1,1,0,0\nC1,1,70,20\n";
    let (plant, book) = routed(&[("products.csv", products)]);
    let c1 = plant.product("C1").unwrap();
    let (_, q) = quote_on(plant, book, "P1", 100.0);
    let p = production(&q, 0);
    assert_eq!(p.components.len(), 1);
    assert_eq!(
        (p.components[0].from_stock, p.components[0].need),
        (50.0, 100.0)
    );
    assert_eq!(p.work_orders()[0].qty, 50.0);
    assert_eq!(p.work_orders()[0].product, c1);
    // The stock is shared: a second order for 100 × P1 finds none left, and an order
    // for C1 itself finds none either (it is made).
    let orders =
        format!("{ORDERS}\nA,P1,100,2026-04-30,D1,committed\nB,C1,30,2026-04-30,D1,committed\n");
    let (plant2, book2) = routed(&[("products.csv", products), ("orders.csv", &orders)]);
    let plan = Plan::build(&plant2, &book2, settings());
    let a = planned(&book2, &plan, "A");
    assert_eq!(production(a, 0).components[0].from_stock, 50.0);
    let b = planned(&book2, &plan, "B");
    assert_eq!(b.lines[0].from_stock, 0.0);
    assert!(sched(b, 0).production.is_some());
    assert_eq!(plan.resources.inventory.product_stock(c1), 0.0);
}

#[test]
fn components_three_levels_deep() {
    // P1 ← C1 ← C2 ← C3, each one step on its own line (100 a shift), each inspected 1
    // day. ASAP depth first: C3 Mon 03-02 (ready 03-03), C2 Tue 03-03 (ready 03-04), C1
    // Wed 03-04 (ready 03-05), P1 Thu 03-05; ship Fri 03-06 (inspection 1), delivery
    // Sun 03-08.
    let lines = "line_id,shifts_per_day\nL0,1\nL1,1\nL2,1\nL3,1\n";
    let capacity =
        "line_id,product_id,units_per_shift\nL0,P1,100\nL1,C1,100\nL2,C2,100\nL3,C3,100\n";
    let products = "product_id,inspection_days\nP1,1\nC1,1\nC2,1\nC3,1\n";
    let bom = "product_id,material_id,qty_per_unit\nP1,C1,1\nC1,C2,1\nC2,C3,1\n";
    let (plant, book) = routed(&[
        ("lines.csv", lines),
        ("capacity.csv", capacity),
        ("products.csv", products),
        ("bom.csv", bom),
        ("routing.csv", "product_id,step\n"),
    ]);
    let (plant, q) = quote_on(plant, book, "P1", 100.0);
    let p = production(&q, 0);
    let wos: Vec<(String, Day, Day)> = p
        .work_orders()
        .iter()
        .map(|w| {
            (
                plant.products[w.product].id.clone(),
                w.steps[0].start,
                w.ready,
            )
        })
        .collect();
    assert_eq!(
        wos,
        [
            ("C1".to_string(), d("2026-03-04"), d("2026-03-05")),
            ("C2".to_string(), d("2026-03-03"), d("2026-03-04")),
            ("C3".to_string(), d("2026-03-02"), d("2026-03-03")),
        ]
    );
    assert_eq!(steps(p), [dd("2026-03-05", "2026-03-05")]);
    assert_eq!(q.delivery, Some(d("2026-03-08")));
    // The work order arriving last binds as `material`, counted as its component.
    assert_eq!(q.bottleneck.kind, BottleneckKind::Material);
    assert_eq!(q.bottleneck.id, "C1");
    assert_eq!(q.bottleneck.days, 3);
    // Just in time, the whole tree backward from the due date: requested Fri 03-13 →
    // E* = 03-13 − 2 − 1 = Tue 03-10; C1 by 03-10 − 1 = Mon 03-09, C2 by Fri 03-06 (Sun
    // and Sat are not worked), C3 by Thu 03-05.
    let orders = format!("{ORDERS}\nJ,P1,100,2026-03-13,D1,committed\n");
    let (plant, book) = routed(&[
        ("lines.csv", lines),
        ("capacity.csv", capacity),
        ("products.csv", products),
        ("bom.csv", bom),
        ("routing.csv", "product_id,step\n"),
        ("orders.csv", &orders),
    ]);
    let plan = Plan::build(&plant, &book, settings());
    let j = production(planned(&book, &plan, "J"), 0);
    assert!(j.just_in_time);
    let days: Vec<Day> = j.items.iter().map(|i| i.steps[0].start).collect();
    assert_eq!(
        days,
        [
            d("2026-03-10"),
            d("2026-03-09"),
            d("2026-03-06"),
            d("2026-03-05")
        ]
    );
}

#[test]
fn a_just_in_time_order_whose_component_does_not_fit_is_planned_as_soon_as_possible_whole() {
    // C1 takes 4 days of inspection: for a committed order requested Tue 03-10, E* =
    // 03-10 − 2 − 1 = Sat 03-07, assembly just in time on 03-06 and 03-05, machining by
    // 03-03 — but C1 would have to be ready by 03-05, made by 03-01, before the as-of
    // date. Nothing of the attempt is kept: the whole line is planned as soon as
    // possible, exactly as a quote would be.
    let products = "product_id,inspection_days\nP1,1\nC1,4\n";
    let orders = format!("{ORDERS}\nC,P1,100,2026-03-10,D1,committed\n");
    let (plant, book) = routed(&[("products.csv", products), ("orders.csv", &orders)]);
    let plan = Plan::build(&plant, &book, settings());
    let c = planned(&book, &plan, "C");
    let p = production(c, 0);
    assert!(!p.just_in_time);
    // ASAP: C1 on 03-02 (half), ready 03-06; machining 03-02..03-03; assembly from
    // max(03-06, 03-05) = Fri 03-06 and Mon 03-09; ship 03-10, delivery Thu 03-12.
    assert_eq!(p.work_orders()[0].ready, d("2026-03-06"));
    assert_eq!(
        steps(p),
        [
            dd("2026-03-02", "2026-03-03"),
            dd("2026-03-06", "2026-03-09")
        ]
    );
    assert_eq!(c.delivery, Some(d("2026-03-12")));
    // Only the as-soon-as-possible placement is booked: 1.5 shifts on L1, 2 on L2.
    let l1 = plant.line("L1").unwrap();
    let l2 = plant.line("L2").unwrap();
    let free = |l, day: &str| {
        let cap = &plan.resources.capacity;
        cap.free(&plant, l, cap.index(d(day)))
    };
    assert_eq!(free(l1, "2026-03-02"), 0.0);
    assert_eq!(free(l1, "2026-03-03"), 0.5);
    assert_eq!(free(l1, "2026-03-04"), 1.0);
    assert_eq!(free(l2, "2026-03-05"), 1.0);
    assert_eq!(free(l2, "2026-03-06"), 0.0);
}

#[test]
fn a_component_no_line_can_make_makes_the_line_infeasible_and_it_takes_nothing() {
    // C1 has no capacity rows and 30 usable in stock: 100 × P1 cannot be made.
    let capacity = "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL2,P1,50,2\n";
    let products = "product_id,inspection_days,on_hand\nP1,1,0\nC1,1,30\n";
    let orders =
        format!("{ORDERS}\nX,P1,100,2026-03-20,D1,committed\nY,C1,30,2026-03-20,D1,committed\n");
    let (plant, book) = routed(&[
        ("capacity.csv", capacity),
        ("products.csv", products),
        ("orders.csv", &orders),
    ]);
    let plan = Plan::build(&plant, &book, settings());
    let x = planned(&book, &plan, "X");
    assert!(!x.feasible());
    let why = x.reason.clone().unwrap();
    assert!(
        why.contains("no line can make C1 (a component of P1)"),
        "{why}"
    );
    // Nothing taken: Y gets all 30 of C1 from stock, and L1 is free on 03-02.
    let y = planned(&book, &plan, "Y");
    assert_eq!(y.lines[0].from_stock, 30.0);
    let cap = &plan.resources.capacity;
    assert_eq!(cap.free(&plant, 0, cap.index(a())), 1.0);
}

#[test]
fn a_work_order_beyond_the_horizon_makes_the_line_infeasible() {
    // C1 needs 10,000 shifts; with a horizon of 100 days it cannot be made in time.
    let capacity =
        "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL2,P1,50,2\nL1,C1,0.01,1\n";
    let (plant, _) = routed(&[("capacity.csv", capacity)]);
    let mut s = settings();
    s.horizon_days = 100;
    let order = ad_hoc(&plant, "P1", 100.0, "D1", None, Kind::Standard);
    let mut res = promise::plan::Resources::new(&plant, a());
    let before = res.capacity.clone();
    let p = promise::plan::plan_order(&plant, &s, &mut res, &order, promise::plan::Placement::Asap);
    assert!(!p.feasible());
    assert!(
        p.reason
            .unwrap()
            .contains("(a component of P1) would end after the horizon")
    );
    for l in 0..plant.lines.len() {
        assert!(
            res.capacity.same_line(&before, &plant, l),
            "line {l} untouched"
        );
    }
}

#[test]
fn a_material_needed_at_a_later_step_does_not_hold_the_first() {
    // M1 (lead time 6 days) is needed at assembly only: machining starts on the as-of
    // date, assembly waits for M1 (ready 03-08, a Sunday) → Mon 03-09.
    let materials = "material_id,lead_time_days\nM1,6\n";
    let bom = "product_id,material_id,qty_per_unit,step\nP1,M1,1,2\n";
    let (plant, book) = routed(&[("materials.csv", materials), ("bom.csv", bom)]);
    let (_, q) = quote_on(plant, book, "P1", 100.0);
    let s = sched(&q, 0);
    assert_eq!(s.material_ready, Some(a()), "R_1 is the first step's");
    assert_eq!(
        steps(production(&q, 0)),
        [
            dd("2026-03-02", "2026-03-02"),
            dd("2026-03-09", "2026-03-10")
        ]
    );
    // Stages: machining capacity 1, assembly material R_2 − (E_1 + 2) = 03-08 − 03-04 = 4
    // days (M1), assembly capacity 03-10 − 03-08 + 1 = 3, transit 2: M1 at assembly.
    assert_eq!(q.bottleneck.kind, BottleneckKind::Material);
    assert_eq!((q.bottleneck.id.as_str(), q.bottleneck.days), ("M1", 4));
    assert_eq!(q.bottleneck.step, Some(1));
}

#[test]
fn a_material_in_both_a_product_and_its_component_is_netted_once() {
    // 60 of M1 in stock; P1 needs C1 and then M1 (1 each per unit, at assembly), C1 needs
    // 1 M1 per unit. 50 × P1: P1's C1 row comes first in bom.csv, and its work order is
    // netted right away (depth first): C1's 50 of M1 from stock, then P1's own 50: the
    // 10 left in stock and 40 bought (lead time 10, ready Thu 03-12). Assembly may start
    // 03-04 (machining 03-02 + 2): M1 at assembly holds it 8 days.
    let materials = "material_id,on_hand,lead_time_days\nM1,60,10\n";
    let bom = "product_id,material_id,qty_per_unit,step\nP1,C1,1,2\nP1,M1,1,2\nC1,M1,1,1\n";
    let (plant, book) = routed(&[("materials.csv", materials), ("bom.csv", bom)]);
    let (_, q) = quote_on(plant, book, "P1", 50.0);
    let s = sched(&q, 0);
    let covers: Vec<(usize, f64, f64)> = s
        .materials
        .iter()
        .map(|c| (c.item, c.from_stock, c.purchase))
        .collect();
    assert_eq!(covers, [(1, 50.0, 0.0), (0, 10.0, 40.0)]);
    assert_eq!(q.bottleneck.kind, BottleneckKind::Material);
    assert_eq!((q.bottleneck.id.as_str(), q.bottleneck.days), ("M1", 8));
}

#[test]
fn a_plant_without_routings_plans_the_same_with_an_explicit_step_of_one() {
    let orders = "order_id,product_id,qty,requested_date,destination,status\nC,P1,300,2026-03-20,D1,committed\nQ,P1,450,,D1,quote\n";
    let plain = load(&[("orders.csv", orders)]);
    let stepped = load(&[
        ("orders.csv", orders),
        (
            "capacity.csv",
            "line_id,product_id,units_per_shift,step\nL1,P1,100,1\n",
        ),
    ]);
    assert!(!plain.0.routed && !stepped.0.routed);
    let a = promise::report::json::plan_json(
        &plain.0,
        &plain.1,
        &Plan::build(&plain.0, &plain.1, settings()),
    );
    let b = promise::report::json::plan_json(
        &stepped.0,
        &stepped.1,
        &Plan::build(&stepped.0, &stepped.1, settings()),
    );
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

// ---- Levers and change notices ------------------------------------------------------

#[test]
fn a_made_component_arriving_last_is_sped_up_on_its_own_lines() {
    // C1 machined on L1 (100 a shift): 300 units take Mon–Wed, ready Thu 03-05 after a
    // day's inspection; P1 assembled on L2 (300 a shift) on Thu, inspected Fri, truck →
    // Sun 03-08. One more shift a day on L1 while C1 is made: 200 on Mon, 100 on Tue,
    // ready Wed, assembly Wed, delivery Sat 03-07: one day gained, on C1's lines.
    let capacity = "line_id,product_id,units_per_shift,step\nL2,P1,300,1\nL1,C1,100,1\n";
    let bom = "product_id,material_id,qty_per_unit,step\nP1,C1,1,\n";
    let subs = "subcontractor_id,product_id,units_per_day,lead_days,inspection_days,transit_days\nS1,P1,300,1,0,1\n";
    let (plant, book) = routed(&[
        ("capacity.csv", capacity),
        ("bom.csv", bom),
        ("routing.csv", "product_id,step\n"),
        ("subcontractors.csv", subs),
    ]);
    let snap = Snapshot::new(Arc::new(plant), Arc::new(book), settings());
    let order = ad_hoc(&snap.plant, "P1", 300.0, "D1", None, Kind::Standard);
    let r = promise::explain::review(&snap, &order, false);
    assert_eq!(r.plan.delivery, Some(d("2026-03-08")));
    assert_eq!(r.plan.bottleneck.kind, BottleneckKind::Material);
    assert_eq!(r.plan.bottleneck.id, "C1");
    let levers: Vec<(String, String, i32)> = r
        .levers
        .iter()
        .map(|l| (l.kind.as_str().to_string(), l.detail.clone(), l.days_gained))
        .collect();
    assert!(
        levers.contains(&(
            "extra_shift".into(),
            "one more shift a day on L1 on 2 working days from 2026-03-02 to 2026-03-03: 2 extra shifts".into(),
            1
        )),
        "{levers:#?}"
    );
    // Subcontracting the whole product is a lever once: lead 1 + 1 day + transit 1 from
    // 03-02 → 03-05 (3 days gained).
    let subcontract: Vec<_> = levers.iter().filter(|l| l.0 == "subcontract").collect();
    assert_eq!(subcontract.len(), 1, "{levers:#?}");
    assert_eq!(subcontract[0].2, 3);
    // No lever shortens a wait or touches L2, which does not bind.
    assert!(levers.iter().all(|l| !l.1.contains("L2")), "{levers:#?}");
}

#[test]
fn a_line_down_on_machining_moves_the_assembly_and_the_notice_says_which_step() {
    // The worked example's committed order (machining 03-03, its C1 on 03-04, assembly
    // 03-05..03-06, delivered 03-09). L1 down 03-03..03-04: just in time no longer fits
    // (machining would have to end by 03-03), so as soon as possible: C1 and machining
    // share 03-02 and 03-05, assembly 03-09..03-10, delivery 03-13.
    let orders = format!("{ORDERS}\nC,P1,100,2026-03-11,D1,committed\n");
    let (plant, book) = routed(&[("orders.csv", &orders)]);
    let changes = "kind,line_id,from,to\nline_down,L1,2026-03-03,2026-03-04\n";
    let (edits, p2, b2) =
        promise::load::apply_changes("changes.csv", changes.as_bytes(), &plant, &book)
            .unwrap_or_else(|d| panic!("{d}"));
    let c = promise::explain::change_notice(&plant, &book, p2, b2, settings());
    let m = &c.notice.moved[0];
    assert_eq!(
        (m.old_delivery, m.new_delivery),
        (Some(d("2026-03-09")), Some(d("2026-03-13")))
    );
    type Moved = (String, bool, usize, (Day, Day), (Day, Day));
    let steps: Vec<Moved> = m
        .steps
        .iter()
        .map(|x| {
            (
                plant.products[x.product].id.clone(),
                x.work_order,
                x.step,
                x.old.unwrap(),
                x.new.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (
                "P1".into(),
                false,
                0,
                dd("2026-03-03", "2026-03-03"),
                dd("2026-03-02", "2026-03-05")
            ),
            (
                "P1".into(),
                false,
                1,
                dd("2026-03-05", "2026-03-06"),
                dd("2026-03-09", "2026-03-10")
            ),
            (
                "C1".into(),
                true,
                0,
                dd("2026-03-04", "2026-03-04"),
                dd("2026-03-02", "2026-03-02")
            ),
        ]
    );
    let text = promise::report::notice::notice_text(
        &c.plant,
        &plant,
        a(),
        &edits,
        &c.notice,
        promise::report::html::Lang::En,
    );
    assert!(
        text.contains("assembly of P1 moved 2026-03-05..2026-03-06 → 2026-03-09..2026-03-10"),
        "{text}"
    );
}

#[test]
fn a_closed_line_is_said_to_be_closed_not_booked() {
    // L1 down all week: 100 × P1 (one step) is made Mon 03-09; nothing was booked before.
    let (plant, book) = load(&[(
        "calendar.csv",
        "date,to,line_id,shifts\n2026-03-02,2026-03-06,L1,0\n",
    )]);
    let snap = Snapshot::new(Arc::new(plant), Arc::new(book), settings());
    let order = ad_hoc(&snap.plant, "P1", 100.0, "D1", None, Kind::Standard);
    let q = snap.quote(&order);
    assert_eq!(q.bottleneck.kind, BottleneckKind::Capacity);
    let detail = promise::report::detail::detail(
        &snap.plant,
        &order,
        &q,
        &snap.bookings,
        promise::snapshot::AFTER_ALL,
    );
    assert_eq!(
        detail,
        "line L1 is closed from 2026-03-02 until 2026-03-08; 100 × P1 made 2026-03-09..2026-03-09 (1 shifts)"
    );
}
