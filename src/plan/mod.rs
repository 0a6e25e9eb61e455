//! The deterministic plan of SPEC.md: orders in their order of planning, committed ones
//! just in time and quotes as soon as possible, all sharing one pool of [`Resources`].

pub mod bookings;
pub mod bottleneck;
pub mod capacity;
pub mod facts;
pub mod graph;
pub mod inventory;
pub mod item;
pub mod order;
pub mod place;
pub mod production;
pub mod reach;

pub use bottleneck::{Bottleneck, BottleneckKind};
pub use item::{ComponentCover, Item, Netted, Parent, StepRun};
pub use order::{LinePlan, OrderPlan, Placement, Production, Schedule, plan_order};
pub use production::Alloc;

use crate::day::Day;
use crate::model::{OrderBook, OrderIx, Plant, Status};
use capacity::Capacity;
use inventory::Inventory;

/// Command-line knobs that every plan depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `A`: shifts on this day are usable.
    pub as_of: Day,
    /// Production ending more than this many days after `A` is infeasible (default 7300).
    pub horizon_days: i32,
    /// Days a just-in-time target keeps before the due date (default 0).
    pub safety_days: i32,
}

impl Settings {
    pub fn new(as_of: Day) -> Settings {
        Settings {
            as_of,
            horizon_days: 7300,
            safety_days: 0,
        }
    }
}

/// Everything orders compete for: free line time and free stock.
#[derive(Clone, Debug)]
pub struct Resources {
    pub capacity: Capacity,
    pub inventory: Inventory,
}

impl Resources {
    pub fn new(plant: &Plant, as_of: Day) -> Resources {
        Resources {
            capacity: Capacity::new(plant, as_of),
            inventory: Inventory::new(plant),
        }
    }

    /// Books an order's plan again, without planning it: the same bookings, in the same
    /// order, as [`plan_order`] made them, so replaying a plan's first orders rebuilds the
    /// resources they left bit for bit (rush insertion starts from there instead of
    /// re-planning the prefix).
    pub fn replay(&mut self, plant: &Plant, plan: &OrderPlan) {
        for lp in &plan.lines {
            if let Some(s) = lp.schedule() {
                s.book(plant, lp, self);
            }
        }
    }
}

/// One order's place in a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub order: OrderIx,
    pub placement: Placement,
    pub plan: OrderPlan,
}

/// A plan: orders in the sequence they were planned, and the resources left after them.
#[derive(Clone, Debug)]
pub struct Plan {
    pub settings: Settings,
    pub planned: Vec<Planned>,
    pub resources: Resources,
}

/// SPEC.md's order of planning over the open orders of the book (shipped and cancelled
/// orders are skipped).
pub fn sequence(book: &OrderBook) -> Vec<OrderIx> {
    let mut seq: Vec<OrderIx> = (0..book.orders.len())
        .filter(|&i| book.orders[i].status.is_open())
        .collect();
    // Each key walks the order's rows: compute it once per order, not per comparison.
    seq.sort_by_cached_key(|&i| book.orders[i].planning_key());
    seq
}

/// SPEC.md: committed orders just in time, quotes as soon as possible.
pub fn default_placement(order: &crate::model::Order) -> Placement {
    match order.status {
        Status::Committed => Placement::JustInTime,
        _ => Placement::Asap,
    }
}

impl Plan {
    /// An empty plan: nothing booked yet.
    pub fn empty(plant: &Plant, settings: Settings) -> Plan {
        Plan {
            settings,
            planned: Vec::new(),
            resources: Resources::new(plant, settings.as_of),
        }
    }

    /// Plans every open order of the book.
    pub fn build(plant: &Plant, book: &OrderBook, settings: Settings) -> Plan {
        Plan::build_where(plant, book, settings, |_| true)
    }

    /// Plans the open orders of the book for which `keep` holds, in SPEC.md's order.
    pub fn build_where(
        plant: &Plant,
        book: &OrderBook,
        settings: Settings,
        keep: impl Fn(OrderIx) -> bool,
    ) -> Plan {
        let seq = sequence(book).into_iter().filter(|&i| keep(i));
        Plan::build_in(
            plant,
            book,
            settings,
            seq.map(|i| (i, default_placement(&book.orders[i]))),
        )
    }

    /// Plans the given orders in the given sequence, each with its placement: the entry
    /// point for re-sequencing (the optimiser, rush insertion).
    pub fn build_in(
        plant: &Plant,
        book: &OrderBook,
        settings: Settings,
        sequence: impl IntoIterator<Item = (OrderIx, Placement)>,
    ) -> Plan {
        let mut plan = Plan::empty(plant, settings);
        for (i, placement) in sequence {
            plan.add(plant, book, i, placement);
        }
        plan
    }

    /// Σ weight × late days over every order line of the plan (see
    /// [`OrderPlan::weighted_lateness`]).
    pub fn weighted_lateness(&self, book: &OrderBook) -> f64 {
        self.planned
            .iter()
            .map(|p| p.plan.weighted_lateness(&book.orders[p.order]))
            .sum()
    }

    /// Plans one more order of the book on what is left.
    pub fn add(
        &mut self,
        plant: &Plant,
        book: &OrderBook,
        order: OrderIx,
        placement: Placement,
    ) -> &Planned {
        let plan = plan_order(
            plant,
            &self.settings,
            &mut self.resources,
            &book.orders[order],
            placement,
        );
        self.planned.push(Planned {
            order,
            placement,
            plan,
        });
        self.planned.last().expect("just pushed")
    }

    pub fn find(&self, order: OrderIx) -> Option<&Planned> {
        self.planned.iter().find(|p| p.order == order)
    }
}
