//! The order review record's reasoning (客户订单评审记录) and the change notice: what
//! would make a quote earlier, how a split order can be delivered, who slips when an
//! order is rushed in, and what moves when the plant or the orders change.
//!
//! Pure, like the planner: every answer is computed by planning again on a modified copy
//! (of the free resources, the plant or the order), never estimated, and nothing here
//! reads a file or mutates a snapshot.

pub mod change;
pub mod insert;
pub mod levers;
pub mod notice;
pub mod split;

pub use change::{Change, ChangeError, Edit};
pub use insert::{Impact, Rush};
pub use levers::{Lever, LeverKind};
pub use notice::Notice;
pub use split::Delivery;

use crate::model::{Order, OrderBook, Plant};
use crate::plan::{OrderPlan, Plan, Settings};
use crate::snapshot::{AFTER_ALL, Snapshot};

/// Everything the review record of one quote says beyond its plan.
#[derive(Clone, Debug)]
pub struct Review {
    /// Planned as a rush order (`quote --insert`) rather than after every committed order.
    pub inserted: bool,
    /// The answer: the quote's plan (the rush plan when inserted).
    pub plan: OrderPlan,
    /// The quote's planning position, for explanations that count earlier orders.
    pub seq: u32,
    pub levers: Vec<Lever>,
    /// The delivery schedule, for orders that may be split.
    pub deliveries: Option<Vec<Delivery>>,
    /// What a rush insertion would do (or did, when inserted).
    pub rush: Rush,
    /// The quote after every committed order (the plan when not inserted).
    pub queued: OrderPlan,
}

/// The part of the review record that needs no re-plan of the committed orders: the
/// quote after every committed order, what would make it earlier, and (for split orders)
/// the delivery schedule. Microseconds to a millisecond on a warm snapshot — what the
/// service answers an inquiry with; [`review`] adds the rush insertion.
#[derive(Clone, Debug)]
pub struct Inquiry {
    pub plan: OrderPlan,
    pub levers: Vec<Lever>,
    pub deliveries: Option<Vec<Delivery>>,
}

/// Quotes `order` after every committed order of the snapshot (base and appended), with
/// its levers and split schedule.
pub fn inquiry(snapshot: &Snapshot, order: &Order) -> Inquiry {
    let plant = &*snapshot.plant;
    let settings = &snapshot.settings;
    let plan = snapshot.quote(order);
    let resources = &snapshot.resources;
    let levers = levers::levers(plant, settings, resources, order, &plan);
    let deliveries = order
        .split()
        .then(|| split::deliveries(plant, settings, resources, order, &plan));
    Inquiry {
        plan,
        levers,
        deliveries,
    }
}

/// Reviews `order` against the snapshot's committed plan: planned after every committed
/// order, or, with `insert`, ahead of those of equal or lower priority. Orders committed
/// since the snapshot's base are folded into it first (the rush insertion walks the whole
/// committed sequence: base, then appended in commit order).
pub fn review(snapshot: &Snapshot, order: &Order, insert: bool) -> Review {
    let snapshot = snapshot.folded();
    let plant = &*snapshot.plant;
    let settings = &snapshot.settings;
    let rush = insert::rush(snapshot, order);
    let queued = snapshot.quote(order);
    let (resources, plan, seq) = if insert {
        (&rush.resources, rush.plan.clone(), rush.position as u32)
    } else {
        (&snapshot.resources, queued.clone(), AFTER_ALL)
    };
    let levers = levers::levers(plant, settings, resources, order, &plan);
    let deliveries = order
        .split()
        .then(|| split::deliveries(plant, settings, resources, order, &plan));
    Review {
        inserted: insert,
        plan,
        seq,
        levers,
        deliveries,
        rush,
        queued,
    }
}

/// A change set applied and planned: the plans before and after, and the notice.
pub struct Changed {
    pub plant: Plant,
    pub book: OrderBook,
    pub before: Plan,
    pub after: Plan,
    pub notice: Notice,
}

/// Plans every open order before and after the (already applied) change and compares.
pub fn change_notice(
    plant_before: &Plant,
    book_before: &OrderBook,
    plant: Plant,
    book: OrderBook,
    settings: Settings,
) -> Changed {
    // The two plans are independent: plan them side by side.
    let (before, after) = rayon::join(
        || Plan::build(plant_before, book_before, settings),
        || Plan::build(&plant, &book, settings),
    );
    let notice = notice::notice(&plant, book_before, &before, &book, &after);
    Changed {
        plant,
        book,
        before,
        after,
        notice,
    }
}
