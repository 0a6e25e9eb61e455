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
use super::{Commit, Event, lifecycle_of, now};
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
pub fn commit(snap: &Snapshot, mut order: Order) -> Result<Booked, Refusal> {
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
            order_id: order.id.clone(),
            status: "committed".into(),
            at: now(),
            note,
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
    /// `in_production`: recorded, nothing planned changes.
    InProduction,
    /// `shipped` or `cancelled`: no longer planned (a new base).
    Closed(Status),
}

/// The lifecycle step `status` asks of an order that is `current`.
pub fn status_change(id: &str, current: Status, status: &str) -> Result<Lifecycle, Refusal> {
    let not_from = |what: &str| {
        Refusal::Status(format!(
            "status: order \"{id}\" is {}; {what}",
            lifecycle_of(current.as_str())
        ))
    };
    match status {
        "in_production" if current == Status::Committed => Ok(Lifecycle::InProduction),
        "in_production" => Err(not_from("only a committed order goes into production")),
        "shipped" if current == Status::Committed => Ok(Lifecycle::Closed(Status::Shipped)),
        "cancelled" if current.is_open() => Ok(Lifecycle::Closed(Status::Cancelled)),
        "shipped" | "cancelled" => Err(not_from(&format!("it cannot be {status}"))),
        _ => Err(Refusal::field(
            "status",
            format!(
                "expected in_production, shipped or cancelled, found \"{status}\" (commit with POST /orders)"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_changes_follow_the_lifecycle() {
        use Lifecycle::*;
        let c = Status::Committed;
        assert_eq!(status_change("A", c, "in_production"), Ok(InProduction));
        assert_eq!(
            status_change("A", c, "shipped"),
            Ok(Closed(Status::Shipped))
        );
        assert_eq!(
            status_change("A", Status::Quote, "cancelled"),
            Ok(Closed(Status::Cancelled))
        );
        assert!(matches!(
            status_change("A", Status::Quote, "shipped"),
            Err(Refusal::Status(_))
        ));
        assert!(matches!(
            status_change("A", Status::Shipped, "cancelled"),
            Err(Refusal::Status(_))
        ));
        assert!(matches!(
            status_change("A", c, "committed"),
            Err(Refusal::Invalid(_))
        ));
    }
}
