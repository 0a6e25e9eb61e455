//! The JSON of SPEC.md: `quote --json` and `plan --json`.

use super::review::{DeliveryJson, ImpactJson, LeverJson, RushJson};
use super::{Outcome, qty};
use crate::day::Day;
use crate::model::{Order, OrderBook, Plant};
use crate::plan::bookings::Bookings;
use crate::plan::{LinePlan, OrderPlan, Plan, Planned};
use crate::report::detail;
use serde::Serialize;

#[derive(Serialize, Clone, Debug)]
pub struct BottleneckJson {
    pub kind: &'static str,
    pub id: String,
    pub detail: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct LineJson {
    pub product_id: String,
    #[serde(serialize_with = "qty")]
    pub qty: f64,
    #[serde(serialize_with = "qty")]
    pub from_stock: f64,
    pub material_ready: Option<Day>,
    pub production_start: Option<Day>,
    pub production_end: Option<Day>,
    pub ship_date: Option<Day>,
    pub mode: Option<String>,
    pub delivery: Option<Day>,
    /// Extension: the lines that make it, ascending.
    pub production_lines: Vec<String>,
    /// Extension: this line's own bottleneck.
    pub bottleneck: BottleneckJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A produced line of a plant with routings: its steps and its work orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<super::routing::StepJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_orders: Option<Vec<super::routing::WorkOrderJson>>,
}

/// One order, in the shape of `quote --json` (or, with `planned`, of a `plan --json` entry).
#[derive(Serialize, Clone, Debug)]
pub struct OrderJson {
    pub order_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest_delivery: Option<Option<Day>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Option<Day>>,
    pub promise_date: Option<Day>,
    pub requested_date: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promised_date: Option<Option<Day>>,
    /// Extension: the due date used (promised, else requested; earliest over the rows).
    pub due_date: Option<Day>,
    pub feasible: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_days: Option<Option<i32>>,
    pub buffer_days: i32,
    pub bottleneck: BottleneckJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub customer: String,
    pub priority: i64,
    pub lines: Vec<LineJson>,
    /// With `--service-level`: `service_level`, `confidence`, `quantiles`, `risk`, `at_risk`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub outlook: Option<super::outlook::OutlookJson>,
    /// The review record (`quote`): what would make it earlier, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levers: Option<Vec<LeverJson>>,
    /// The review record of a split order: its delivery schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliveries: Option<Vec<DeliveryJson>>,
    /// `quote --insert`: every committed order whose delivery moves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Vec<ImpactJson>>,
    /// Extension of the review record: what a rush insertion gains and costs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rush: Option<RushJson>,
}

pub fn line_json(
    plant: &Plant,
    order: &Order,
    lp: &LinePlan,
    bookings: &Bookings,
    seq: u32,
) -> LineJson {
    let s = lp.schedule();
    let prod = s.and_then(|s| s.production.as_ref());
    let mut lines: Vec<String> = prod.map_or(Vec::new(), |p| {
        let mut v: Vec<usize> = p.allocs.iter().map(|a| a.line).collect();
        v.sort_unstable();
        v.dedup();
        v.into_iter().map(|l| plant.lines[l].id.clone()).collect()
    });
    lines.dedup();
    LineJson {
        product_id: plant.products[lp.product].id.clone(),
        qty: lp.qty,
        from_stock: lp.from_stock,
        material_ready: prod.and(s.and_then(|s| s.material_ready)),
        production_start: prod.map(|p| p.start),
        production_end: prod.map(|p| p.end),
        ship_date: s.map(|s| s.ship),
        mode: s.map(|s| plant.destinations[s.destination].modes[s.mode].name.clone()),
        delivery: s.map(|s| s.delivery),
        production_lines: lines,
        bottleneck: BottleneckJson {
            kind: lp.bottleneck.kind.as_str(),
            id: lp.bottleneck.id.clone(),
            detail: detail::line_detail(plant, order, lp, bookings, seq),
        },
        reason: lp.outcome.as_ref().err().cloned(),
        steps: prod
            .filter(|_| plant.routed)
            .map(|p| super::routing::steps(plant, p)),
        work_orders: prod
            .filter(|_| plant.routed)
            .map(|p| super::routing::work_orders(plant, p)),
    }
}

/// Whether the JSON is a quote's or an entry of a plan.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Quote,
    Planned,
}

pub fn order_json(
    plant: &Plant,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
    buffer_days: i32,
    flavour: Flavour,
) -> OrderJson {
    let o = Outcome::of(order, plan, buffer_days);
    let planned = flavour == Flavour::Planned;
    OrderJson {
        order_id: order.id.clone(),
        status: planned.then(|| order.status.as_str()),
        earliest_delivery: (!planned).then_some(o.delivery),
        delivery: planned.then_some(o.delivery),
        promise_date: o.promise,
        requested_date: order.requested(),
        promised_date: planned.then(|| order.promised()),
        due_date: o.due,
        feasible: o.feasible,
        late_days: planned.then_some(o.late_days),
        buffer_days,
        bottleneck: BottleneckJson {
            kind: plan.bottleneck.kind.as_str(),
            id: plan.bottleneck.id.clone(),
            detail: detail::detail(plant, order, plan, bookings, seq),
        },
        reason: plan.reason.clone(),
        customer: order.customer().to_string(),
        priority: order.priority(),
        lines: plan
            .lines
            .iter()
            .map(|lp| line_json(plant, order, lp, bookings, seq))
            .collect(),
        outlook: None,
        levers: None,
        deliveries: None,
        impact: None,
        rush: None,
    }
}

#[derive(Serialize, Clone, Debug)]
pub struct Kpi {
    pub orders: usize,
    pub on_time: usize,
    pub on_time_rate: Option<f64>,
    /// Extensions.
    pub late: usize,
    pub infeasible: usize,
    pub late_days: i64,
    /// Σ weight × late days over the lines of feasible orders, each line against its own
    /// due date (the objective of `plan --optimize`).
    pub weighted_late_days: f64,
    /// With `--service-level`: the level and the number of orders at risk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_level: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_risk: Option<usize>,
}

#[derive(Serialize, Clone, Debug)]
pub struct PlanJson {
    pub as_of: Day,
    pub orders: Vec<OrderJson>,
    pub kpi: Kpi,
    /// `plan --optimize`: the objectives, the lower bound and the gap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimization: Option<OptimizationJson>,
}

/// SPEC.md's `optimization` object, plus extensions (the search, the LP and the late
/// order-days of both plans).
#[derive(Serialize, Clone, Debug)]
pub struct OptimizationJson {
    pub heuristic_objective: f64,
    pub objective: f64,
    pub lower_bound: f64,
    /// Percent: `100 × (objective − lower_bound) / objective` (0 when the objective is 0).
    pub gap: f64,
    pub seconds: f64,
    pub iterations: u64,
    pub solver: &'static str,
    pub heuristic_late_days: i64,
    pub late_days: i64,
    pub lp: LpJson,
}

#[derive(Serialize, Clone, Debug)]
pub struct LpJson {
    pub solved: bool,
    /// Whether the bound is at most the objective (`false` is a bug in the bound, shown).
    pub valid: bool,
    /// LPs of the anytime ladder solved (coarsest first).
    pub rungs: usize,
    pub variables: usize,
    pub constraints: usize,
    pub bucket_days: usize,
    pub seconds: f64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The `optimization` object of an optimised plan.
pub fn optimization_json(
    book: &OrderBook,
    heuristic: &Plan,
    o: &crate::optimize::Optimized,
) -> OptimizationJson {
    let r = |x: f64| (x * 1e6).round() / 1e6;
    OptimizationJson {
        heuristic_objective: r(o.heuristic_objective),
        objective: r(o.objective),
        lower_bound: r(o.lower_bound),
        gap: (o.gap * 100.0).round() / 100.0,
        seconds: (o.seconds * 1000.0).round() / 1000.0,
        iterations: o.iterations,
        solver: o.solver.name(),
        heuristic_late_days: kpi(book, heuristic).late_days,
        late_days: kpi(book, &o.plan).late_days,
        lp: LpJson {
            solved: o.bound.solved,
            valid: o.valid,
            rungs: o.bound.rungs,
            variables: o.bound.variables,
            constraints: o.bound.constraints,
            bucket_days: o.bound.bucket_days,
            seconds: (o.bound.seconds * 1000.0).round() / 1000.0,
            note: o.bound.note.clone(),
        },
    }
}

/// The orders of a plan, in the order of the order book (file order).
/// Each entry comes with its planning position (which earlier bookings count against it).
pub fn plan_entries(plan: &Plan) -> Vec<(u32, &Planned)> {
    let mut entries: Vec<(u32, &Planned)> = plan
        .planned
        .iter()
        .enumerate()
        .map(|(i, p)| (i as u32, p))
        .collect();
    entries.sort_by_key(|(_, p)| p.order);
    entries
}

pub fn kpi(book: &OrderBook, plan: &Plan) -> Kpi {
    let mut k = Kpi {
        orders: 0,
        on_time: 0,
        on_time_rate: None,
        late: 0,
        infeasible: 0,
        late_days: 0,
        weighted_late_days: 0.0,
        service_level: None,
        at_risk: None,
    };
    for p in &plan.planned {
        let order = &book.orders[p.order];
        let o = Outcome::of(order, &p.plan, 0);
        k.orders += 1;
        match o.late_days {
            None => k.infeasible += 1,
            Some(0) => k.on_time += 1,
            Some(d) => {
                k.late += 1;
                k.late_days += i64::from(d);
            }
        }
        if p.plan.feasible() {
            k.weighted_late_days += p.plan.weighted_lateness(order);
        }
    }
    k.on_time_rate = (k.orders > 0).then(|| k.on_time as f64 / k.orders as f64);
    k
}

pub fn plan_json(plant: &Plant, book: &OrderBook, plan: &Plan) -> PlanJson {
    let bookings = Bookings::of_plan(plant, plan);
    let orders = plan_entries(plan)
        .into_iter()
        .map(|(seq, p)| {
            order_json(
                plant,
                &book.orders[p.order],
                &p.plan,
                &bookings,
                seq,
                0,
                Flavour::Planned,
            )
        })
        .collect();
    PlanJson {
        as_of: plan.settings.as_of,
        orders,
        kpi: kpi(book, plan),
        optimization: None,
    }
}
