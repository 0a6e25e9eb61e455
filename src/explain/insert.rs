//! Rush insertion (插单): the order planned ahead of every committed order whose priority
//! number is equal or greater than its own, and who slips because of it.
//!
//! The committed plan of a [`Snapshot`] is a sequence; the rush order goes in at the
//! first committed order it outranks or ties. Everything before that point is unchanged,
//! so its resources are rebuilt by replaying the kept bookings (no re-planning), the rush
//! order is planned as soon as possible on them, and the committed orders after it are
//! planned again, each with its usual placement — those that can read a line, stock or
//! material the rush order or a moved order changed ([`crate::plan::reach`]); the others
//! would be planned exactly as before, so their bookings are replayed. The impact is the
//! difference between their old and new deliveries.

use crate::day::Day;
use crate::model::{Order, OrderIx};
use crate::plan::reach::Touched;
use crate::plan::{OrderPlan, Placement, Resources, plan_order};
use crate::snapshot::Snapshot;

/// A committed order whose delivery moves when the rush order is planned ahead of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Impact {
    pub order: OrderIx,
    pub old_delivery: Option<Day>,
    pub new_delivery: Option<Day>,
    /// On time (or without a due date) before, late or infeasible now.
    pub newly_late: bool,
    /// Σ weight × late days after the insertion, less before.
    pub extra_weighted_late_days: f64,
}

impl Impact {
    /// Positive when the order is delivered later; `None` when either side is infeasible.
    pub fn days_moved(&self) -> Option<i32> {
        Some(self.new_delivery?.since(self.old_delivery?))
    }
}

/// The rush order's plan when inserted, and what it does to the committed orders.
#[derive(Clone, Debug)]
pub struct Rush {
    /// Committed orders still planned before it (more important ones).
    pub position: usize,
    /// Committed orders it is planned ahead of.
    pub ahead_of: usize,
    pub plan: OrderPlan,
    /// The resources it was planned on: what the committed orders before it left.
    pub resources: Resources,
    /// Every committed order whose delivery moves, in planning order.
    pub impact: Vec<Impact>,
}

impl Rush {
    pub fn newly_late(&self) -> usize {
        self.impact.iter().filter(|i| i.newly_late).count()
    }

    /// What the rush costs the others: Σ weight × extra late days.
    pub fn extra_weighted_late_days(&self) -> f64 {
        self.impact.iter().map(|i| i.extra_weighted_late_days).sum()
    }
}

/// Plans `order` as a rush order on the snapshot's committed plan (which is not changed).
pub fn rush(snapshot: &Snapshot, order: &Order) -> Rush {
    let plant = &*snapshot.plant;
    let book = &*snapshot.book;
    let settings = &snapshot.settings;
    let committed = &snapshot.committed.planned;
    let priority = order.priority();
    let position = committed
        .iter()
        .position(|p| book.orders[p.order].priority() >= priority)
        .unwrap_or(committed.len());
    let mut res = Resources::new(plant, settings.as_of);
    for p in &committed[..position] {
        res.replay(plant, &p.plan);
    }
    let before = res.clone();
    let plan = plan_order(plant, settings, &mut res, order, Placement::Asap);
    let mut touched = Touched::none(plant);
    touched.mark(plant, order);
    let mut impact = Vec::new();
    for old in &committed[position..] {
        let o = &book.orders[old.order];
        if !touched.reaches(plant, o) {
            res.replay(plant, &old.plan);
            continue;
        }
        let new = plan_order(plant, settings, &mut res, o, old.placement);
        if new != old.plan {
            touched.mark(plant, o);
        }
        if new.delivery != old.plan.delivery {
            impact.push(Impact {
                order: old.order,
                old_delivery: old.plan.delivery,
                new_delivery: new.delivery,
                newly_late: !is_late(o, old.plan.delivery) && is_late(o, new.delivery),
                extra_weighted_late_days: new.weighted_lateness(o) - old.plan.weighted_lateness(o),
            });
        }
    }
    Rush {
        position,
        ahead_of: committed.len() - position,
        plan,
        resources: before,
        impact,
    }
}

/// Late against the order's due date (promised, else requested). An infeasible order is
/// late; a feasible one without a due date never is.
pub fn is_late(order: &Order, delivery: Option<Day>) -> bool {
    match (order.due(), delivery) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(due), Some(d)) => d > due,
    }
}
