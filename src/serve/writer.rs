//! The one writer. Commits, change sets, status changes and re-plans are applied one at
//! a time by a dedicated thread that owns the database connection: it builds the next
//! snapshot from the published one, writes the transaction, and only when that is on
//! disk publishes the snapshot and answers. Readers never wait for it.
//!
//! Commits that queue up while a transaction is being written are taken together (group
//! commit): each is booked in turn on the snapshot the ones before it left — so none can
//! take capacity another was given — and all are written in one transaction, one fsync.
//!
//! What may be written is decided by [`crate::store::rules`] (a [`Refusal`] changes
//! nothing); this module only sequences, stores and publishes. Status codes are the HTTP
//! layer's business (`serve::error`).

use super::metrics::Metrics;
use super::state::Published;
use super::{Clock, settings_key};
use crate::day::Day;
use crate::explain::change::{self, Change, Edit};
use crate::explain::notice;
use crate::load::{self, Diagnostics};
use crate::model::{Order, OrderBook, Plant, Status};
use crate::report::notice::notice_json;
use crate::snapshot::Snapshot;
use crate::store::rules::{self, Lifecycle, Refusal, StatusRequest};
use crate::store::spec_csv::{self, OrderRow};
use crate::store::{Commit, Event, Rebase, Store, lifecycle_of, now};
use serde_json::{Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Instant;
use tokio::sync::oneshot;

pub type Reply<T> = oneshot::Sender<Result<T, Refusal>>;

/// Commits taken into one transaction, at most.
const GROUP: usize = 64;

/// What the writer is asked to do.
pub enum Job {
    Commit {
        order: Order,
        /// The service level the promise was given at, recorded with the commit.
        service_level: Option<f64>,
        reply: Reply<Value>,
    },
    Changes {
        file: String,
        request: String,
        reply: Reply<Value>,
    },
    Replan {
        as_of: Option<Day>,
        reply: Reply<Value>,
    },
    Status {
        order_id: String,
        status: String,
        note: String,
        shipped_date: Option<Day>,
        received_date: Option<Day>,
        reply: Reply<Value>,
    },
}

pub struct Writer {
    pub store: Store,
    pub published: Arc<Published>,
    /// The plant files as the database holds them.
    pub files: Vec<(String, String)>,
    pub clock: Clock,
    pub metrics: Arc<Metrics>,
}

impl Writer {
    /// Serves jobs until every sender is gone.
    pub fn run(mut self, rx: Receiver<Job>) {
        let mut next: Option<Job> = None;
        loop {
            let job = match next.take() {
                Some(j) => j,
                None => match rx.recv() {
                    Ok(j) => {
                        self.metrics.dequeued(1);
                        j
                    }
                    Err(_) => return,
                },
            };
            match job {
                Job::Commit {
                    order,
                    service_level,
                    reply,
                } => {
                    let mut group = vec![(order, service_level, reply)];
                    while group.len() < GROUP {
                        match rx.try_recv() {
                            Ok(Job::Commit {
                                order,
                                service_level,
                                reply,
                            }) => {
                                self.metrics.dequeued(1);
                                group.push((order, service_level, reply));
                            }
                            Ok(other) => {
                                self.metrics.dequeued(1);
                                next = Some(other);
                                break;
                            }
                            Err(_) => break,
                        }
                    }
                    // A bug must not take the writer down: the transaction is rolled back,
                    // nothing is published, and the callers see their reply dropped (500).
                    let _ = catch_unwind(AssertUnwindSafe(|| self.commits(group)));
                }
                Job::Changes {
                    file,
                    request,
                    reply,
                } => {
                    self.answer(reply, |w| w.changes(&file, &request));
                }
                Job::Replan { as_of, reply } => self.answer(reply, |w| w.replan(as_of)),
                Job::Status {
                    order_id,
                    status,
                    note,
                    shipped_date,
                    received_date,
                    reply,
                } => {
                    let req = StatusRequest {
                        status: &status,
                        shipped_date,
                        received_date,
                    };
                    self.answer(reply, |w| w.status(&order_id, &req, &note))
                }
            }
        }
    }

    fn answer(
        &mut self,
        reply: Reply<Value>,
        f: impl FnOnce(&mut Writer) -> Result<Value, Refusal>,
    ) {
        if let Ok(result) = catch_unwind(AssertUnwindSafe(|| f(self))) {
            let _ = reply.send(result);
        }
    }

    fn commits(&mut self, group: Vec<(Order, Option<f64>, Reply<Value>)>) {
        let started = Instant::now();
        let mut snap: Snapshot = (*self.published.load()).clone();
        let mut accepted: Vec<(Commit, Reply<Value>, Value)> = Vec::new();
        for (order, level, reply) in group {
            match rules::commit(&snap, order, level) {
                Ok(b) => {
                    snap = b.next;
                    let answer = json!({
                        "order_id": b.commit.order_id,
                        "delivery": b.delivery,
                        "promised_date": b.promised,
                    });
                    accepted.push((b.commit, reply, answer));
                }
                Err(e) => {
                    let _ = reply.send(Err(e));
                }
            }
        }
        if accepted.is_empty() {
            return;
        }
        let commits: Vec<Commit> = accepted
            .iter_mut()
            .map(|(c, _, _)| std::mem::replace(c, empty_commit()))
            .collect();
        let written = Instant::now();
        match self.store.commit_orders(&commits) {
            Ok(()) => {
                self.metrics.transaction(written.elapsed(), commits.len());
                self.published.publish(snap);
                for (_, reply, answer) in accepted {
                    let _ = reply.send(Ok(answer));
                }
                self.metrics.commit_job(started.elapsed());
            }
            Err(e) => {
                for (_, reply, _) in accepted {
                    let _ = reply.send(Err(Refusal::Storage(format!(
                        "the commit was not stored ({e}); nothing was booked"
                    ))));
                }
            }
        }
    }

    fn changes(&mut self, file: &str, request: &str) -> Result<Value, Refusal> {
        let snap = self.published.load();
        let f = snap.folded();
        let (changes, plant, book) =
            load::apply_changes("changes", file.as_bytes(), &f.plant, &f.book)
                .map_err(|d| change_problems(&d))?;
        let last = snap.settings.as_of + snap.settings.horizon_days;
        let beyond = change::beyond(&changes, last);
        if !beyond.is_empty() {
            let mut d = Diagnostics::default();
            for e in beyond {
                d.push("changes", Some(e.line), Some(e.column), e.message);
            }
            return Err(change_problems(&d));
        }
        let mut replaced = Vec::new();
        if changes
            .iter()
            .any(|c| matches!(c.edit, Edit::LineDown { .. }))
        {
            replaced.push(("calendar.csv".to_string(), spec_csv::calendar_csv(&plant)));
        }
        if changes
            .iter()
            .any(|c| matches!(c.edit, Edit::ReceiptDelay { .. }))
        {
            replaced.push(("receipts.csv".to_string(), spec_csv::receipts_csv(&plant)));
        }
        let at = now();
        let events = changes
            .iter()
            .filter_map(|c| change_event(&plant, &f.plant, &book, c, &at))
            .collect();
        self.rebase(&snap, &plant, &book, replaced, events, &changes, request)
    }

    /// Writes the changed plant and book as the new base, plans it afresh in SPEC.md's
    /// order from the texts written (so the plan served is the plan a restart loads),
    /// publishes it, and answers the change notice against the plan it replaces.
    #[allow(clippy::too_many_arguments)]
    fn rebase(
        &mut self,
        snap: &Snapshot,
        plant: &Plant,
        book: &OrderBook,
        replaced: Vec<(String, String)>,
        events: Vec<Event>,
        changes: &[Change],
        request: &str,
    ) -> Result<Value, Refusal> {
        let f = snap.folded();
        let rows: Vec<OrderRow> = book
            .orders
            .iter()
            .flat_map(|o| spec_csv::order_rows(plant, o))
            .collect();
        let mut files = self.files.clone();
        for (name, text) in &replaced {
            files.retain(|(n, _)| n != name);
            files.push((name.clone(), text.clone()));
        }
        let orders = spec_csv::orders_csv(&rows);
        let mut texts: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        texts.push(("orders.csv", &orders));
        let (p, b) = rules::data_set_loads(&texts)?;
        let after = Snapshot::new(Arc::new(p), Arc::new(b), snap.settings);
        let (_, before_plan) = snap.full_plan();
        let (after_book, after_plan) = after.full_plan();
        let n = notice::notice(
            &after.plant,
            &f.book,
            &before_plan,
            &after_book,
            &after_plan,
        );
        let answer = json!(notice_json(&after.plant, &f.plant, changes, &n));
        self.store
            .rebase(&Rebase {
                plant_files: replaced,
                rows: Some(rows),
                events,
                notice: Some((request.to_string(), answer.to_string())),
                plan_settings: settings_key(&after.settings),
            })
            .map_err(|e| {
                Refusal::Storage(format!("the change was not stored ({e}); nothing changed"))
            })?;
        self.files = files;
        self.published.publish(after);
        Ok(answer)
    }

    /// The nightly re-plan: every committed order planned afresh in SPEC.md's order on
    /// the as-of date given (else the service's), the commits since folded into the base.
    fn replan(&mut self, as_of: Option<Day>) -> Result<Value, Refusal> {
        let snap = self.published.load();
        let f = snap.folded();
        let settings = self.clock.settings(as_of);
        let after = Snapshot::new(f.plant.clone(), f.book.clone(), settings);
        let (_, before_plan) = snap.full_plan();
        let (after_book, after_plan) = after.full_plan();
        let n = notice::notice(
            &after.plant,
            &f.book,
            &before_plan,
            &after_book,
            &after_plan,
        );
        let mut answer = json!(notice_json(&after.plant, &f.plant, &[], &n));
        answer["as_of"] = json!(settings.as_of);
        self.store
            .rebase(&Rebase {
                notice: Some((
                    json!({ "replan": settings.as_of }).to_string(),
                    answer.to_string(),
                )),
                plan_settings: settings_key(&settings),
                ..Rebase::default()
            })
            .map_err(|e| Refusal::Storage(format!("the re-plan was not stored ({e})")))?;
        self.published.publish(after);
        Ok(answer)
    }

    /// An order goes into production or is received (recorded), ships or is cancelled
    /// (no longer planned: a new base, with the notice of what that frees).
    fn status(&mut self, id: &str, req: &StatusRequest, note: &str) -> Result<Value, Refusal> {
        let snap = self.published.load();
        let f = snap.folded();
        let Some(&ix) = f.book.index.get(id) else {
            return Err(Refusal::UnknownOrder(id.to_string()));
        };
        let past = self
            .store
            .history(id)
            .map_err(|e| Refusal::Storage(format!("cannot read the order's history ({e})")))?;
        let today = self.clock.settings(None).as_of;
        let step = rules::status_change(id, f.book.orders[ix].status, &past, req, today)?;
        let status = req.status;
        let event = Event {
            date: step.date,
            ..Event::now(id, status, note)
        };
        let mut answer = json!({ "order_id": id, "status": status, "at": event.at });
        if let Some(d) = step.date {
            answer["date"] = json!(d);
        }
        match step.lifecycle {
            Lifecycle::Recorded => {
                self.store
                    .add_events(&[event])
                    .map_err(|e| Refusal::Storage(format!("not stored ({e})")))?;
            }
            Lifecycle::Closed(closed) => {
                let mut book = (*f.book).clone();
                book.orders[ix].status = closed;
                let changes = if closed == Status::Cancelled {
                    vec![Change {
                        line: 0,
                        edit: Edit::OrderCancel {
                            order: id.to_string(),
                        },
                    }]
                } else {
                    Vec::new()
                };
                let request = json!({ "order_id": id, "status": status, "note": note }).to_string();
                let plant = f.plant.clone();
                answer["notice"] = self.rebase(
                    &snap,
                    &plant,
                    &book,
                    Vec::new(),
                    vec![event],
                    &changes,
                    &request,
                )?;
            }
        }
        Ok(answer)
    }
}

/// A change set's problems, each named by its JSON path (`changes[2].to: …`).
pub(super) fn change_problems(d: &Diagnostics) -> Refusal {
    Refusal::Invalid(super::body::change_messages(d))
}

fn empty_commit() -> Commit {
    Commit {
        order_id: String::new(),
        rows: Vec::new(),
        event: Event::now("", "", ""),
    }
}

/// The history entry a change leaves on the order it names.
fn change_event(
    plant: &Plant,
    before: &Plant,
    book: &OrderBook,
    c: &Change,
    at: &str,
) -> Option<Event> {
    let (id, status) = match &c.edit {
        Edit::OrderCancel { order } => (order, "cancelled".to_string()),
        Edit::NewOrder { order, .. } => (
            order,
            lifecycle_of(book.get(order).map_or("committed", |o| o.status.as_str())).to_string(),
        ),
        Edit::OrderQty { order, .. } | Edit::OrderDate { order, .. } => {
            (order, "changed".to_string())
        }
        _ => return None,
    };
    Some(Event {
        at: at.to_string(),
        ..Event::now(
            id,
            &status,
            &crate::report::notice::describe(plant, before, &c.edit, crate::report::html::Lang::En),
        )
    })
}
