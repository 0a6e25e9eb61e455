//! What the order book accepts: the rules of every write, free of HTTP. Each function
//! takes the published snapshot and a request and gives what to store and publish, or a
//! [`Refusal`] saying why nothing may be; the service maps refusals to status codes at its
//! edge (`serve::error`).
//!
//! The rule above all: **a write must leave a data set that loads.** What is stored is
//! read back by the same loader as the CSV files (`load::load_files`) at the next start,
//! by `promise export` and by every later change set; a row the loader would reject —
//! a date outside 1900–2999, say — would brick the book. So a commit's rows are parsed
//! back, and a new base is loaded from the very texts to be written, before anything is.

use super::spec_csv::{self, OrderRow};
use super::{Commit, Event, lifecycle_of};
use crate::day::Day;
use crate::load::{self, Diagnostics};
use crate::model::{Order, OrderBook, Plant, Status};
use crate::plan::Placement;
use crate::snapshot::{Rejected, Snapshot};

/// Why a write was refused. Nothing was stored or published.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// The request is wrong: every problem, each starting with the field it is about.
    Invalid(Vec<String>),
    /// No order of that id.
    UnknownOrder(String),
    /// The order's status does not allow it.
    Status(String),
    /// The promise cannot be kept on the plan as it stands: the earliest date that can.
    Unkeepable {
        order_id: String,
        earliest: Option<Day>,
        promised: Option<Day>,
        reason: String,
    },
    /// The database failed.
    Storage(String),
}

impl Refusal {
    pub fn field(field: &str, message: impl std::fmt::Display) -> Refusal {
        Refusal::Invalid(vec![format!("{field}: {message}")])
    }
}

/// An order accepted on a snapshot: what to store, and its dates.
pub struct Booked {
    pub next: Snapshot,
    pub commit: Commit,
    pub delivery: Option<Day>,
    pub promised: Option<Day>,
}

/// Books one order on `snap`: its promise (the one given, else the date a committed order
/// gets: just in time for its requested date, else as soon as possible) kept, or
/// [`Refusal::Unkeepable`] with the earliest date.
/// `service_level`, when given, is recorded with the commit as the level the promise was
/// given at (the client quoted at it): `promise kpi` measures how often such promises are
/// kept. It does not change the promise.
pub fn commit(
    snap: &Snapshot,
    mut order: Order,
    service_level: Option<f64>,
) -> Result<Booked, Refusal> {
    if let Some(o) = snap.order(&order.id)
        && (o.status != Status::Quote || snap.is_committed(&order.id))
    {
        return Err(Refusal::field(
            "order_id",
            format!(
                "order \"{}\" already exists ({})",
                order.id,
                lifecycle_of(o.status.as_str())
            ),
        ));
    }
    if order.promised().is_none() {
        let p = snap.plan(&order, Placement::JustInTime);
        let Some(d) = p.delivery else {
            return Err(unkeepable(
                &order,
                &Rejected {
                    reason: p.reason.clone().unwrap_or_default(),
                    earliest: Box::new(p),
                },
            ));
        };
        if !d.in_range() {
            return Err(Refusal::field(
                "promised_date",
                format!(
                    "the earliest delivery, {d}, is after {}, the last date the order book can store",
                    Day::LAST
                ),
            ));
        }
        for l in &mut order.lines {
            l.promised = Some(d);
        }
    }
    let next = snap
        .commit(order.clone())
        .map_err(|r| unkeepable(&order, &r))?;
    let delivery = next.appended.last().and_then(|a| a.plan.delivery);
    let promised = order.promised();
    let rows = spec_csv::order_rows(&snap.plant, &order);
    rows_load(&snap.plant, &rows)?;
    let note = match (promised, delivery) {
        (Some(p), Some(d)) => format!("promised {p}; planned delivery {d}"),
        _ => String::new(),
    };
    let commit = Commit {
        order_id: order.id.clone(),
        rows,
        event: Event {
            service_level,
            ..Event::now(&order.id, "committed", &note)
        },
    };
    Ok(Booked {
        next,
        commit,
        delivery,
        promised,
    })
}

fn unkeepable(order: &Order, r: &Rejected) -> Refusal {
    Refusal::Unkeepable {
        order_id: order.id.clone(),
        earliest: r.earliest.delivery,
        promised: order.promised(),
        reason: r.reason.clone(),
    }
}

/// Checks that an order's rows, as stored, read back: parsed by the loader of
/// `orders.csv` against the plant.
pub fn rows_load(plant: &Plant, rows: &[OrderRow]) -> Result<(), Refusal> {
    load::parse_orders("orders.csv", &spec_csv::orders_csv(rows), plant)
        .map(|_| ())
        .map_err(|d| cannot_store(&d))
}

/// Loads the data set a new base would write (plant files and `orders.csv`): the plant
/// and book to plan, or a refusal when the loader would reject what is stored.
pub fn data_set_loads(texts: &[(&str, &str)]) -> Result<(Plant, OrderBook), Refusal> {
    load::load_files(texts).map_err(|d| cannot_store(&d))
}

fn cannot_store(d: &Diagnostics) -> Refusal {
    Refusal::Invalid(
        d.items
            .iter()
            .take(load::SHOWN)
            .map(|item| format!("the order book cannot store this (nothing was changed): {item}"))
            .collect(),
    )
}

/// What a status change does to the book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    /// `in_production` or `received`: recorded, nothing planned changes.
    Recorded,
    /// `shipped` or `cancelled`: no longer planned (a new base).
    Closed(Status),
}

/// A status change as asked: the status and the dates that came with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusRequest<'a> {
    pub status: &'a str,
    /// `shipped` only: the day the order left (default: the service's as-of day).
    pub shipped_date: Option<Day>,
    /// `received` only: the day the customer received it (default: the as-of day).
    pub received_date: Option<Day>,
}

/// A status change accepted: what it does and the day it happened on (`shipped`,
/// `received`; `None` for the others).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub lifecycle: Lifecycle,
    pub date: Option<Day>,
}

/// The lifecycle step `req` asks of an order that is `current`, with the history `past`
/// (oldest first) and `today` (the service's as-of day, the default date). The seed's
/// states: placed → reviewed → in production → shipped → received; so `received` only
/// after `shipped`, once, and not before the ship date.
pub fn status_change(
    id: &str,
    current: Status,
    past: &[Event],
    req: &StatusRequest,
    today: Day,
) -> Result<Step, Refusal> {
    let status = req.status;
    let not_from = |what: &str| {
        Refusal::Status(format!(
            "status: order \"{id}\" is {}; {what}",
            lifecycle_of(current.as_str())
        ))
    };
    let mut misplaced = Vec::new();
    if req.shipped_date.is_some() && status != "shipped" {
        misplaced.push("shipped_date: only with the status shipped".to_string());
    }
    if req.received_date.is_some() && status != "received" {
        misplaced.push("received_date: only with the status received".to_string());
    }
    if !misplaced.is_empty() {
        return Err(Refusal::Invalid(misplaced));
    }
    let recorded = |date| Step {
        lifecycle: Lifecycle::Recorded,
        date,
    };
    let closed = |s, date| Step {
        lifecycle: Lifecycle::Closed(s),
        date,
    };
    match status {
        "in_production" if current == Status::Committed => Ok(recorded(None)),
        "in_production" => Err(not_from("only a committed order goes into production")),
        "shipped" if current == Status::Committed => Ok(closed(
            Status::Shipped,
            Some(req.shipped_date.unwrap_or(today)),
        )),
        "received" if current == Status::Shipped => {
            if let Some(r) = past.iter().find(|e| e.status == "received") {
                let on = r.date.map_or(String::new(), |d| format!(" on {d}"));
                return Err(not_from(&format!("it was already received{on}")));
            }
            let date = req.received_date.unwrap_or(today);
            let shipped = past
                .iter()
                .rev()
                .find(|e| e.status == "shipped")
                .and_then(|e| e.date);
            match shipped {
                Some(s) if date < s => Err(Refusal::field(
                    "received_date",
                    format!("expected a date on or after the ship date {s}, found \"{date}\""),
                )),
                _ => Ok(recorded(Some(date))),
            }
        }
        "received" => Err(not_from("only a shipped order can be received")),
        "cancelled" if current.is_open() => Ok(closed(Status::Cancelled, None)),
        "shipped" | "cancelled" => Err(not_from(&format!("it cannot be {status}"))),
        _ => Err(Refusal::field(
            "status",
            format!(
                "expected in_production, shipped, received or cancelled, found \"{status}\" (commit with POST /orders)"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(status: &str) -> StatusRequest<'_> {
        StatusRequest {
            status,
            ..StatusRequest::default()
        }
    }

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn shipped_on(d: &str) -> Event {
        Event {
            date: Some(day(d)),
            ..Event::now("A", "shipped", "")
        }
    }

    #[test]
    fn status_changes_follow_the_lifecycle() {
        use Lifecycle::*;
        let c = Status::Committed;
        let today = day("2026-03-02");
        let change = |current, status| status_change("A", current, &[], &ask(status), today);
        assert_eq!(
            change(c, "in_production").map(|s| s.lifecycle),
            Ok(Recorded)
        );
        assert_eq!(
            change(c, "shipped"),
            Ok(Step {
                lifecycle: Closed(Status::Shipped),
                date: Some(today)
            })
        );
        assert_eq!(
            change(Status::Quote, "cancelled"),
            Ok(Step {
                lifecycle: Closed(Status::Cancelled),
                date: None
            })
        );
        assert!(matches!(
            change(Status::Quote, "shipped"),
            Err(Refusal::Status(_))
        ));
        assert!(matches!(
            change(Status::Shipped, "cancelled"),
            Err(Refusal::Status(_))
        ));
        assert!(matches!(change(c, "committed"), Err(Refusal::Invalid(_))));
        // Received only after shipped.
        assert!(matches!(change(c, "received"), Err(Refusal::Status(_))));
        assert!(matches!(
            change(Status::Quote, "received"),
            Err(Refusal::Status(_))
        ));
    }

    #[test]
    fn dates_go_with_their_status_and_received_is_not_before_shipped() {
        let today = day("2026-03-20");
        let shipped = StatusRequest {
            status: "shipped",
            shipped_date: Some(day("2026-03-10")),
            ..StatusRequest::default()
        };
        assert_eq!(
            status_change("A", Status::Committed, &[], &shipped, today).map(|s| s.date),
            Ok(Some(day("2026-03-10")))
        );
        let wrong = StatusRequest {
            status: "received",
            shipped_date: Some(day("2026-03-10")),
            ..StatusRequest::default()
        };
        assert_eq!(
            status_change("A", Status::Shipped, &[], &wrong, today),
            Err(Refusal::Invalid(vec![
                "shipped_date: only with the status shipped".into()
            ]))
        );
        let past = [shipped_on("2026-03-10")];
        let early = StatusRequest {
            status: "received",
            received_date: Some(day("2026-03-09")),
            ..StatusRequest::default()
        };
        assert_eq!(
            status_change("A", Status::Shipped, &past, &early, today),
            Err(Refusal::field(
                "received_date",
                "expected a date on or after the ship date 2026-03-10, found \"2026-03-09\""
            ))
        );
        let same_day = StatusRequest {
            received_date: Some(day("2026-03-10")),
            ..early
        };
        assert_eq!(
            status_change("A", Status::Shipped, &past, &same_day, today).map(|s| s.date),
            Ok(Some(day("2026-03-10")))
        );
        // Received without a date: today. Twice: refused.
        assert_eq!(
            status_change("A", Status::Shipped, &past, &ask("received"), today).map(|s| s.date),
            Ok(Some(today))
        );
        let twice = [
            shipped_on("2026-03-10"),
            Event {
                date: Some(day("2026-03-12")),
                ..Event::now("A", "received", "")
            },
        ];
        assert!(matches!(
            status_change("A", Status::Shipped, &twice, &ask("received"), today),
            Err(Refusal::Status(m)) if m.contains("already received on 2026-03-12")
        ));
    }
}
