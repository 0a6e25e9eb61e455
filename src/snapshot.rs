//! The warm plan: the committed orders planned once and kept, immutable.
//!
//! A quote is evaluated on a snapshot without rebuilding or mutating it: it plans on a
//! copy-on-write view of the free resources, which copies only the lines and balances
//! it actually books. Many quotes can therefore run concurrently on one snapshot; a
//! commit or a change builds and publishes a new one (rust-analyzer's snapshot shape:
//! [`Snapshot::revise`] returns the next snapshot and leaves this one as it was).
//!
//! A snapshot is a **base plan** — the committed orders of its book, planned just in time
//! in SPEC.md's order — followed by the orders **committed since**, each booked on arrival
//! on what everything before it left, just in time for its own promise. Appending an order
//! costs what its own lines book (the line trees and balances it touches are copied, the
//! rest shared), never a re-plan of the whole book: that is what lets a service take
//! hundreds of commits a second. Re-sequencing everything in SPEC.md's order is a new
//! base ([`Revision::Replan`]): the nightly job, or a change set.

use crate::model::{Order, OrderBook, OrderIx, Plant, Status};
use crate::plan::bookings::Bookings;
use crate::plan::{OrderPlan, Placement, Plan, Planned, Resources, Settings, plan_order};
use crate::reliability::{self, replay::Replay};
use std::sync::{Arc, OnceLock};

/// An order committed after the base plan was built, with the plan it was booked with.
#[derive(Clone, Debug)]
pub struct Appended {
    pub order: Order,
    pub placement: Placement,
    pub plan: OrderPlan,
}

#[derive(Clone)]
pub struct Snapshot {
    pub plant: Arc<Plant>,
    /// The order book of the base plan (orders committed since are in `appended`).
    pub book: Arc<OrderBook>,
    pub settings: Settings,
    /// The committed orders of the book, planned just in time in SPEC.md's order.
    pub committed: Arc<Plan>,
    /// Who booked which line-day: the base plan's positions, then the appended orders'.
    pub bookings: Arc<Bookings>,
    /// Orders committed since the base plan, in the order they were booked: a persistent
    /// vector, so the next snapshot shares it and appending costs O(log n), not a copy.
    pub appended: imbl::Vector<Arc<Appended>>,
    /// The ids of the appended orders → their place in `appended`.
    appended_ids: imbl::HashMap<String, usize>,
    /// What the base plan and the appended orders leave: what a quote plans on.
    pub resources: Resources,
    /// The committed plan in replayable form, built on the first reliability question.
    replay: Arc<OnceLock<Replay>>,
    /// The appended orders folded into the base (built on first use; see [`Snapshot::folded`]).
    folded: Arc<OnceLock<Arc<Snapshot>>>,
}

/// Planning position given to a quote: after every committed order.
pub const AFTER_ALL: u32 = u32::MAX;

/// A revision of the committed plan: one more commit, or a new base. The service applies
/// them one at a time. (A change *set* — orders and plant edited — is
/// [`crate::explain::change::Change`]; it ends in a `Replan`.)
pub enum Revision {
    /// Book one more committed order on what the plan leaves, keeping its due date (its
    /// promised date, else its requested date).
    Commit(Order),
    /// A new base: the committed orders of `book` planned afresh in SPEC.md's order (a
    /// change set, a status change, the nightly re-plan).
    Replan {
        plant: Arc<Plant>,
        book: Arc<OrderBook>,
        settings: Settings,
    },
}

/// A commit that cannot keep its due date: nothing was booked.
#[derive(Clone, Debug)]
pub struct Rejected {
    /// The order planned as soon as possible on what the plan leaves: its delivery is
    /// the earliest date that can be promised now (`None` when infeasible).
    pub earliest: Box<OrderPlan>,
    /// Why: already committed, or the date.
    pub reason: String,
}

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
        Snapshot::base_where(plant, book, settings, |i| Some(i) != skip)
    }

    /// Plans the committed orders of `book` for which `keep` holds, in SPEC.md's order
    /// (a service restarting on its database keeps out the orders it books afterwards,
    /// in their commit order).
    pub fn base_where(
        plant: Arc<Plant>,
        book: Arc<OrderBook>,
        settings: Settings,
        keep: impl Fn(OrderIx) -> bool,
    ) -> Snapshot {
        let committed = Plan::build_where(&plant, &book, settings, |i| {
            keep(i) && book.orders[i].status == Status::Committed
        });
        let bookings = Bookings::of_plan(&plant, &committed);
        Snapshot {
            resources: committed.resources.clone(),
            plant,
            book,
            settings,
            committed: Arc::new(committed),
            bookings: Arc::new(bookings),
            appended: imbl::Vector::new(),
            appended_ids: imbl::HashMap::new(),
            replay: Arc::default(),
            folded: Arc::default(),
        }
    }

    /// Plans `order` on what every committed order leaves (base and appended), without
    /// booking anything.
    pub fn plan(&self, order: &Order, placement: Placement) -> OrderPlan {
        let mut resources = self.resources.clone();
        plan_order(
            &self.plant,
            &self.settings,
            &mut resources,
            order,
            placement,
        )
    }

    /// The earliest the plant can deliver `order` after every committed order: planned as
    /// soon as possible on what the committed plan leaves. The snapshot is not changed.
    pub fn quote(&self, order: &Order) -> OrderPlan {
        self.plan(order, Placement::Asap)
    }

    /// The next snapshot: this one with the revision applied. This one is not changed, so
    /// readers holding it go on undisturbed.
    pub fn revise(&self, revision: Revision) -> Result<Snapshot, Rejected> {
        match revision {
            Revision::Commit(order) => self.commit(order),
            Revision::Replan {
                plant,
                book,
                settings,
            } => Ok(Snapshot::new(plant, book, settings)),
        }
    }

    /// Books `order` just in time for its due date on what the plan leaves, or — if that
    /// misses the date — as soon as possible; rejected (nothing booked) if neither keeps
    /// the date, or if an order of that id is already committed.
    pub fn commit(&self, order: Order) -> Result<Snapshot, Rejected> {
        if self.is_committed(&order.id) {
            return Err(Rejected {
                earliest: Box::new(self.quote(&order)),
                reason: format!("order \"{}\" is already committed", order.id),
            });
        }
        let booked = self.book_order(&order);
        if !keeps_due(&order, &booked.1) {
            let earliest = self.quote(&order);
            let reason = match (earliest.delivery, order.due()) {
                (None, _) => earliest.reason.clone().unwrap_or_default(),
                (Some(d), Some(due)) => format!("the earliest delivery is {d}, after {due}"),
                (Some(d), None) => format!("the earliest delivery is {d}"),
            };
            return Err(Rejected {
                earliest: Box::new(earliest),
                reason,
            });
        }
        Ok(self.append(order, booked))
    }

    /// Books `orders` in turn like [`Snapshot::commit`] does, but keeps each even when it
    /// misses its date (a service restarting replays its commits exactly as they were
    /// booked). One pass: the appended list is built once, not copied per order.
    pub fn restore(&self, orders: impl IntoIterator<Item = Order>) -> Snapshot {
        let mut next = self.clone();
        let mut bookings = (*self.bookings).clone();
        for order in orders {
            let (placement, plan, resources) = next.book_order(&order);
            next.push(&mut bookings, order, placement, plan);
            next.resources = resources;
        }
        next.bookings = Arc::new(bookings);
        next.replay = Arc::default();
        next.folded = Arc::default();
        next
    }

    /// Adds a booked order to the appended list and `bookings`.
    fn push(
        &mut self,
        bookings: &mut Bookings,
        order: Order,
        placement: Placement,
        plan: OrderPlan,
    ) {
        let seq = (self.committed.planned.len() + self.appended.len()) as u32;
        bookings.add(&plan, seq);
        self.appended_ids
            .insert(order.id.clone(), self.appended.len());
        self.appended.push_back(Arc::new(Appended {
            order,
            placement,
            plan,
        }));
    }

    /// The placement and plan a commit books: just in time, else as soon as possible when
    /// that keeps the date and just in time does not (a multi-line order whose first line,
    /// placed late, squeezes the next).
    fn book_order(&self, order: &Order) -> (Placement, OrderPlan, Resources) {
        let mut jit = self.resources.clone();
        let plan = plan_order(
            &self.plant,
            &self.settings,
            &mut jit,
            order,
            Placement::JustInTime,
        );
        if keeps_due(order, &plan) {
            return (Placement::JustInTime, plan, jit);
        }
        let mut asap = self.resources.clone();
        let fast = plan_order(
            &self.plant,
            &self.settings,
            &mut asap,
            order,
            Placement::Asap,
        );
        if keeps_due(order, &fast) {
            (Placement::Asap, fast, asap)
        } else {
            (Placement::JustInTime, plan, jit)
        }
    }

    fn append(
        &self,
        order: Order,
        (placement, plan, resources): (Placement, OrderPlan, Resources),
    ) -> Snapshot {
        let mut next = self.clone();
        let mut bookings = (*self.bookings).clone();
        next.push(&mut bookings, order, placement, plan);
        next.bookings = Arc::new(bookings);
        next.resources = resources;
        next.replay = Arc::default();
        next.folded = Arc::default();
        next
    }

    /// Whether an order of that id is committed in this plan (base or appended).
    pub fn is_committed(&self, id: &str) -> bool {
        self.appended_ids.contains_key(id)
            || self
                .book
                .get(id)
                .is_some_and(|o| o.status == Status::Committed)
    }

    /// The order of that id as the plan knows it: an appended order wins over the base
    /// book's (a quote of the book committed since).
    pub fn order(&self, id: &str) -> Option<&Order> {
        self.appended_ids
            .get(id)
            .and_then(|&i| self.appended.get(i))
            .map(|a| &a.order)
            .or_else(|| self.book.get(id))
    }

    /// This snapshot with the appended orders folded into its base: one book (the base
    /// book with each appended order in place of a book order of the same id, or added at
    /// the end) and one committed plan (the base plan, then the appended orders in commit
    /// order). The free resources and bookings are the same. Built once per snapshot, in
    /// O(book + plan); for the questions that walk the whole committed plan (rush
    /// insertion, reliability, the plan report, change notices). Without appended orders
    /// it is the snapshot itself.
    pub fn folded(&self) -> &Snapshot {
        if self.appended.is_empty() {
            return self;
        }
        self.folded.get_or_init(|| {
            let mut book = (*self.book).clone();
            let mut planned = self.committed.planned.clone();
            for a in self.appended.iter() {
                let ix = match book.index.get(&a.order.id) {
                    Some(&ix) => {
                        book.orders[ix] = a.order.clone();
                        ix
                    }
                    None => {
                        book.index.insert(a.order.id.clone(), book.orders.len());
                        book.orders.push(a.order.clone());
                        book.orders.len() - 1
                    }
                };
                planned.push(Planned {
                    order: ix,
                    placement: a.placement,
                    plan: a.plan.clone(),
                });
            }
            let plan = Plan {
                settings: self.settings,
                planned,
                resources: self.resources.clone(),
            };
            Arc::new(Snapshot {
                plant: self.plant.clone(),
                book: Arc::new(book),
                settings: self.settings,
                committed: Arc::new(plan),
                bookings: self.bookings.clone(),
                appended: imbl::Vector::new(),
                appended_ids: imbl::HashMap::new(),
                resources: self.resources.clone(),
                replay: self.replay.clone(),
                folded: Arc::default(),
            })
        })
    }

    /// Every open order of the folded book planned: the committed plan as it stands, then
    /// the quotes of the book as soon as possible in SPEC.md's order (what `plan` reports).
    pub fn full_plan(&self) -> (Arc<OrderBook>, Plan) {
        let f = self.folded();
        let mut plan = (*f.committed).clone();
        for i in crate::plan::sequence(&f.book) {
            if f.book.orders[i].status == Status::Quote {
                plan.add(&f.plant, &f.book, i, Placement::Asap);
            }
        }
        (f.book.clone(), plan)
    }

    /// The committed plan as a [`Replay`] for the reliability model (built once).
    pub fn replay(&self) -> &Replay {
        let f = self.folded();
        self.replay
            .get_or_init(|| reliability::replay_of(&f.plant, &f.book, &f.committed))
    }

    /// What the scenarios say about a quote planned on this snapshot (`plan` from
    /// [`Snapshot::quote`]): the reliability model on the warm [`Snapshot::replay`].
    pub fn outlook(
        &self,
        order: &Order,
        plan: &OrderPlan,
        opts: reliability::Options,
    ) -> Option<reliability::Outlook> {
        reliability::simulate_quote(&self.plant, self.replay(), order, plan, opts)
    }

    /// [`Snapshot::outlook`], stopped early (`None`) when `stop` says so between chunks
    /// of scenarios (a client gone, a deadline, shutdown).
    pub fn outlook_until(
        &self,
        order: &Order,
        plan: &OrderPlan,
        opts: reliability::Options,
        stop: &reliability::Stop<'_>,
    ) -> Option<Option<reliability::Outlook>> {
        reliability::simulate_quote_until(&self.plant, self.replay(), order, plan, opts, stop)
    }
}

/// Feasible and delivered by the order's due date (when it has one).
fn keeps_due(order: &Order, plan: &OrderPlan) -> bool {
    match (plan.delivery, order.due()) {
        (None, _) => false,
        (Some(d), Some(due)) => d <= due,
        (Some(_), None) => true,
    }
}
