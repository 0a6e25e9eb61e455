//! Risk-aware safety time. A committed order planned exactly just in time has no slack, so
//! under any variance it has only even odds of arriving by its due date. With a service
//! level P, each committed order's just-in-time target moves earlier by its own P-margin —
//! the P-quantile of its delay in the scenarios — where capacity allows; orders that still
//! cannot be protected are the ones the at-risk list should name.

use super::{Options, Outlook, simulate};
use crate::model::{OrderBook, Plant, Status};
use crate::plan::{Plan, Planned, Settings, default_placement, plan_order, sequence};

/// Rounds of "simulate, widen margins, re-plan". Moving production earlier changes its
/// material slack, so one more round checks the margins against the re-planned dates.
const ROUNDS: usize = 2;

/// The plan with each committed order's margin, and its outlooks.
pub fn risk_aware_plan(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    level: f64,
    opts: Options,
    progress: &(dyn Fn(u32) + Sync),
) -> (Plan, Vec<Option<Outlook>>) {
    let mut margins = vec![0i32; book.orders.len()];
    let mut plan = Plan::build(plant, book, settings);
    let mut outlooks = simulate(plant, book, &plan, opts, progress);
    for _ in 0..ROUNDS {
        let mut widened = false;
        for (p, o) in plan.planned.iter().zip(&outlooks) {
            let (Some(o), Status::Committed) = (o, book.orders[p.order].status) else {
                continue;
            };
            let delay = o
                .distribution
                .quantile(level)
                .since(o.distribution.deterministic)
                .max(0);
            if delay > margins[p.order] {
                margins[p.order] = delay;
                widened = true;
            }
        }
        if !widened {
            break;
        }
        plan = with_margins(plant, book, settings, &margins);
        outlooks = simulate(plant, book, &plan, opts, progress);
    }
    (plan, outlooks)
}

/// SPEC.md's plan with each committed order's just-in-time target moved earlier by its
/// margin. Where capacity does not allow the earlier target, SPEC.md's own fallback
/// applies (as soon as possible), which protects the order at least as well as any
/// smaller margin would (measured: a ladder of shrinking margins left more orders at
/// risk on both the demo and the M plant).
pub fn with_margins(plant: &Plant, book: &OrderBook, settings: Settings, margins: &[i32]) -> Plan {
    let mut plan = Plan::empty(plant, settings);
    for i in sequence(book) {
        let order = &book.orders[i];
        let mut own = settings;
        if order.status == Status::Committed {
            own.safety_days += margins[i];
        }
        let placement = default_placement(order);
        let p = plan_order(plant, &own, &mut plan.resources, order, placement);
        plan.planned.push(Planned {
            order: i,
            placement,
            plan: p,
        });
    }
    plan
}
