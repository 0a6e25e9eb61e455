//! Every planned order's implementation schedule, compactly, for the page's script to draw
//! as a Gantt chart on demand: the steps are [`gantt::steps`] (the same as the review
//! record's chart), reduced to numbers — day offsets from the as-of date and indices into
//! the plant's id tables — so the M plant's 20,000 schedules stay a few megabytes.
//!
//! Per order: `[id, customer, status, due, delivery, late_days, bottleneck_kind,
//! bottleneck_id, reason, lines, outlook]` where `status` is 0 committed / 1 quote, dates
//! are offsets (`null` when absent), `lines` is `[[product, destination, qty, steps]]`,
//! a step is `[code, from, to, subject, qty]` (trailing `null`s dropped; `code` + 16 marks
//! the bottleneck; an operation, a work order and a wait add `op, lines`: the step's name
//! and the lines used) and `outlook` (only with reliability) is `[confidence ‰ | null,
//! promise]`.

use super::i18n::bottleneck_index;
use super::json::Json;
use crate::day::Day;
use crate::model::{OrderBook, Plant, Status};
use crate::plan::Plan;
use crate::reliability::Outlook;
use crate::report::Outcome;
use crate::report::gantt::{self, StepKind, Supply};
use std::collections::HashMap;

/// The code of a step kind in the data (the script's `KINDS` table follows this order).
pub fn code(kind: StepKind) -> u8 {
    match kind {
        StepKind::Stock => 0,
        StepKind::Design => 1,
        StepKind::Material(Supply::Stock) => 2,
        StepKind::Material(Supply::Receipts) => 3,
        StepKind::Material(Supply::Buy) => 4,
        StepKind::Production => 5,
        StepKind::Inspection => 6,
        StepKind::Packaging => 7,
        StepKind::Transit => 8,
        StepKind::Operation => 9,
        StepKind::WorkOrder => 10,
        StepKind::Wait => 11,
    }
}

/// Every kind, in code order.
pub const KINDS: [StepKind; 12] = [
    StepKind::Stock,
    StepKind::Design,
    StepKind::Material(Supply::Stock),
    StepKind::Material(Supply::Receipts),
    StepKind::Material(Supply::Buy),
    StepKind::Production,
    StepKind::Inspection,
    StepKind::Packaging,
    StepKind::Transit,
    StepKind::Operation,
    StepKind::WorkOrder,
    StepKind::Wait,
];

/// `"spans": [[d0, d1], …]`: per kind code, what the drawn span adds to (from, to) —
/// [`StepKind::span`], so the script draws bars exactly as the review record does.
pub fn spans(j: &mut Json) {
    j.key("spans").raw("[");
    for (i, k) in KINDS.iter().enumerate() {
        let a = Day(0);
        let (s0, s1) = k.span(a, a);
        if i > 0 {
            j.raw(",");
        }
        j.raw("[")
            .int(s0.since(a).into())
            .raw(",")
            .int(s1.since(a).into())
            .raw("]");
    }
    j.raw("]");
}

/// The plant's id tables the schedules index into.
pub fn tables(j: &mut Json, plant: &Plant) {
    j.key("products")
        .strs(plant.products.iter().map(|p| p.id.as_str()));
    j.raw(",").key("materials");
    j.strs(plant.materials.iter().map(|m| m.id.as_str()));
    j.raw(",").key("lines");
    j.strs(plant.lines.iter().map(|l| l.id.as_str()));
    j.raw(",").key("dests").raw("[");
    for (i, d) in plant.destinations.iter().enumerate() {
        if i > 0 {
            j.raw(",");
        }
        j.raw("[").str(&d.id).raw(",");
        j.strs(d.modes.iter().map(|m| m.name.as_str())).raw("]");
    }
    j.raw("]");
}

/// `"customers": […], "orders": […]` in planning order.
pub fn orders(
    j: &mut Json,
    plant: &Plant,
    book: &OrderBook,
    plan: &Plan,
    outlooks: Option<(f64, &[Option<Outlook>])>,
) {
    let a = plan.settings.as_of;
    let mut customers: Vec<&str> = Vec::new();
    let mut customer_ix: HashMap<&str, usize> = HashMap::new();
    let mut body = Json::default();
    body.raw("[");
    for (n, p) in plan.planned.iter().enumerate() {
        let order = &book.orders[p.order];
        let o = Outcome::of(order, &p.plan, 0);
        let c = *customer_ix.entry(order.customer()).or_insert_with(|| {
            customers.push(order.customer());
            customers.len() - 1
        });
        let off = |d: Option<Day>| d.map(|d| i64::from(d.since(a)));
        if n > 0 {
            body.raw(",\n");
        }
        body.raw("[").str(&order.id).raw(",").int(c as i64).raw(",");
        body.int(i64::from(order.status != Status::Committed))
            .raw(",");
        body.opt_int(off(o.due)).raw(",").opt_int(off(o.delivery));
        body.raw(",").opt_int(o.late_days.map(i64::from)).raw(",");
        body.int(bottleneck_index(p.plan.bottleneck.kind) as i64)
            .raw(",");
        body.str(&p.plan.bottleneck.id).raw(",");
        match &p.plan.reason {
            Some(r) => body.str(r),
            None => body.raw("null"),
        };
        body.raw(",");
        lines(&mut body, plant, &plan.settings, order, &p.plan);
        if let Some((level, outs)) = outlooks
            && let Some(Some(out)) = outs.get(n)
        {
            let conf = o
                .due
                .map(|due| (out.distribution.confidence(due) * 1000.0).round() as i64);
            body.raw(",[").opt_int(conf).raw(",");
            body.int(out.distribution.promise(level).since(a).into());
            body.raw("]");
        }
        body.raw("]");
    }
    body.raw("]");
    j.key("customers").strs(customers.iter().copied());
    j.raw(",").key("orders").raw(&body.out);
}

/// `[[product, destination, qty, steps]]` for every line of the order.
fn lines(
    j: &mut Json,
    plant: &Plant,
    settings: &crate::plan::Settings,
    order: &crate::model::Order,
    plan: &crate::plan::OrderPlan,
) {
    let a = settings.as_of;
    let steps = gantt::steps(plant, settings, plan);
    j.raw("[");
    for (i, (line, lp)) in order.lines.iter().zip(&plan.lines).enumerate() {
        if i > 0 {
            j.raw(",");
        }
        j.raw("[").int(lp.product as i64).raw(",");
        j.int(line.destination as i64)
            .raw(",")
            .num(lp.qty)
            .raw(",[");
        for (k, s) in steps.iter().filter(|s| s.line == i).enumerate() {
            if k > 0 {
                j.raw(",");
            }
            let bn = if s.bottleneck { 16 } else { 0 };
            j.raw("[").int(i64::from(code(s.kind) + bn)).raw(",");
            j.int(s.from.since(a).into()).raw(",");
            j.int(s.to.since(a).into());
            match (s.subject, s.qty, &s.op) {
                (x, q, Some((op, on))) => {
                    j.raw(",").int(x.map_or(-1, |x| x as i64)).raw(",");
                    match q {
                        Some(q) => j.num(q),
                        None => j.raw("null"),
                    };
                    j.raw(",").str(op).raw(",").str(on);
                }
                (None, None, None) => {}
                (Some(x), None, None) => {
                    j.raw(",").int(x as i64);
                }
                (x, Some(q), None) => {
                    j.raw(",").int(x.map_or(-1, |x| x as i64)).raw(",").num(q);
                }
            }
            j.raw("]");
        }
        j.raw("]]");
    }
    j.raw("]");
}
