//! The warm plan: the committed orders planned once and kept, immutable.
//!
//! A quote is evaluated on a snapshot without rebuilding or mutating it: it plans on a
//! copy-on-write view of the free resources, which copies only the lines and balances
//! it actually books. Many quotes can therefore run concurrently on one snapshot; a
//! commit or a change builds and publishes a new one (rust-analyzer's snapshot shape).

use crate::model::{Order, OrderBook, OrderIx, Plant, Status};
use crate::plan::bookings::{self, Bookings};
use crate::plan::{OrderPlan, Placement, Plan, Settings, plan_order};
use crate::reliability::{self, replay::Replay};
use std::sync::{Arc, OnceLock};

#[derive(Clone)]
pub struct Snapshot {
    pub plant: Arc<Plant>,
    pub book: Arc<OrderBook>,
    pub settings: Settings,
    /// The committed orders of the book, planned just in time in SPEC.md's order.
    pub committed: Arc<Plan>,
    pub bookings: Arc<Bookings>,
    /// The committed plan in replayable form, built on the first reliability question.
    replay: Arc<OnceLock<Replay>>,
}

/// Planning position given to a quote: after every committed order.
pub const AFTER_ALL: u32 = u32::MAX;

impl Snapshot {
    /// Plans the committed orders of `book`.
    pub fn new(plant: Arc<Plant>, book: Arc<OrderBook>, settings: Settings) -> Snapshot {
        Snapshot::without(plant, book, settings, None)
    }

    /// Plans the committed orders of `book` except `skip` (for `quote --order` of an order
    /// that is itself committed: it is quoted against all the others).
    pub fn without(
        plant: Arc<Plant>,
        book: Arc<OrderBook>,
        settings: Settings,
        skip: Option<OrderIx>,
    ) -> Snapshot {
        let committed = Plan::build_where(&plant, &book, settings, |i| {
            Some(i) != skip && book.orders[i].status == Status::Committed
        });
        let bookings = Bookings::of_plan(&plant, &committed);
        Snapshot {
            plant,
            book,
            settings,
            committed: Arc::new(committed),
            bookings: Arc::new(bookings),
            replay: Arc::default(),
        }
    }

    /// The earliest the plant can deliver `order` after every committed order: planned as
    /// soon as possible on what the committed plan leaves. The snapshot is not changed.
    pub fn quote(&self, order: &Order) -> OrderPlan {
        let mut resources = self.committed.resources.clone();
        plan_order(
            &self.plant,
            &self.settings,
            &mut resources,
            order,
            Placement::Asap,
        )
    }

    /// The committed plan as a [`Replay`] for the reliability model (built once).
    pub fn replay(&self) -> &Replay {
        self.replay
            .get_or_init(|| reliability::replay_of(&self.plant, &self.book, &self.committed))
    }

    /// The one-line explanation of a quote's bottleneck.
    pub fn explain(&self, order: &Order, plan: &OrderPlan) -> String {
        bookings::detail(&self.plant, order, plan, &self.bookings, AFTER_ALL)
    }
}
