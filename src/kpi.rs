//! Promises kept, measured on the order book (`promise kpi`, `GET /kpi`): the on-time
//! delivery rate (准时交付率) of shipped orders against their promised and their
//! requested dates, by month, customer and product family; the review cycle time; the
//! changes per order; and the realised calibration of promises given at a service level
//! — the real-world version of `promise backtest`.
//!
//! Pure: it takes each order's facts as the store read them ([`OrderFacts`]) and counts.
//! Every figure is over the same orders: those **shipped in the window** (ship date from
//! `from` to `to`, inclusive; either end may be open).
//!
//! - An order is delivered on its `received` date when one was recorded, else on its ship
//!   date (a lower bound: record `received` for exact figures); it is on time against a
//!   date when delivered on or before it. The order's promised (requested) date is the
//!   earliest of its lines' (SPEC.md); an order without a promised date counts only
//!   against its requested date.
//! - Months are the ship date's (`YYYY-MM`).
//! - The product family is the product id up to its first `-` (`PUMP-50` → `PUMP`; an id
//!   without one is its own family). An order of several families counts in each.
//! - The review cycle runs from the order's first quote on record (its `quoted` event or
//!   its first review record, whichever is earlier) to its first `committed` event; a
//!   quote on record only after the commit leaves the order unmeasured (`without_quote`).

use crate::day::Day;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the order book knows of one order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderFacts {
    pub order_id: String,
    pub customer: String,
    /// Its lines' products, in line order.
    pub products: Vec<String>,
    /// The earliest requested date of its lines.
    pub requested: Option<Day>,
    /// The earliest promised date of its lines.
    pub promised: Option<Day>,
    /// The service level the promise was given at, when it was.
    pub service_level: Option<f64>,
    /// The first quote on record.
    pub first_quote: Option<DateTime<Utc>>,
    /// The first commit.
    pub committed: Option<DateTime<Utc>>,
    /// Edits recorded on the order (`changed` events).
    pub changes: u32,
    /// Whether the order shipped.
    pub shipped: bool,
    /// Its ship date, when known (an order imported as shipped has none).
    pub shipped_date: Option<Day>,
    /// Its delivery date, when `received` was recorded.
    pub received_date: Option<Day>,
}

/// The ship dates measured, each end inclusive and optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub from: Option<Day>,
    pub to: Option<Day>,
}

impl Window {
    pub fn contains(&self, d: Day) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    /// Why the window is empty by construction, if it is.
    pub fn problem(&self) -> Option<String> {
        match (self.from, self.to) {
            (Some(f), Some(t)) if t < f => Some(format!(
                "expected a date on or after from ({f}), found \"{t}\""
            )),
            _ => None,
        }
    }
}

/// On time against one date: orders measured, those delivered by it, the share.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rate {
    pub orders: u32,
    pub on_time: u32,
    /// `on_time / orders`; `null` when no order was measured.
    pub rate: Option<f64>,
}

impl Rate {
    fn add(&mut self, kept: bool) {
        self.orders += 1;
        self.on_time += u32::from(kept);
        self.rate = Some(f64::from(self.on_time) / f64::from(self.orders));
    }
}

/// On time against the promised and the requested dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct OnTime {
    pub promised: Rate,
    pub requested: Rate,
}

/// Review cycle time, in hours, over the orders with both a quote and a commit on record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Cycle {
    pub orders: u32,
    /// Orders committed with no quote on record before (committed directly, or quoted
    /// ad hoc, or their records pruned): not measured.
    pub without_quote: u32,
    pub mean_hours: Option<f64>,
    pub median_hours: Option<f64>,
    pub max_hours: Option<f64>,
}

/// Changes recorded per order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Changes {
    pub orders: u32,
    pub changes: u32,
    pub per_order: Option<f64>,
}

/// Promises given at one service level: how many were kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Calibration {
    pub orders: u32,
    pub kept: u32,
    /// `kept / orders`: to compare with the level.
    pub share: Option<f64>,
}

/// The figures (`promise kpi --json`, `GET /kpi`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Kpi {
    pub from: Option<Day>,
    pub to: Option<Day>,
    /// Orders shipped in the window (with a ship date).
    pub shipped: u32,
    /// Of those, delivered on a recorded `received` date (the rest on their ship date).
    pub received: u32,
    /// Orders shipped with no ship date on record (imported as shipped): not measured.
    pub shipped_without_date: u32,
    pub on_time: OnTime,
    /// Keyed by ship month `YYYY-MM`.
    pub by_month: BTreeMap<String, OnTime>,
    pub by_customer: BTreeMap<String, OnTime>,
    /// Keyed by product family (the product id up to its first `-`).
    pub by_family: BTreeMap<String, OnTime>,
    pub review_cycle: Cycle,
    pub changes: Changes,
    /// Keyed by service level (`"0.95"`).
    pub calibration: BTreeMap<String, Calibration>,
}

/// A product's family: its id up to the first `-`, or the whole id.
pub fn family(product_id: &str) -> &str {
    match product_id.split_once('-') {
        Some((head, _)) if !head.is_empty() => head,
        _ => product_id,
    }
}

/// The figures over the orders shipped in `window`.
pub fn measure(orders: &[OrderFacts], window: Window) -> Kpi {
    let mut k = Kpi {
        from: window.from,
        to: window.to,
        ..Kpi::default()
    };
    let mut cycles: Vec<f64> = Vec::new();
    for o in orders.iter().filter(|o| o.shipped) {
        let Some(shipped) = o.shipped_date else {
            k.shipped_without_date += 1;
            continue;
        };
        if !window.contains(shipped) {
            continue;
        }
        k.shipped += 1;
        k.received += u32::from(o.received_date.is_some());
        let delivered = o.received_date.unwrap_or(shipped);
        let month = shipped.date().format("%Y-%m").to_string();
        let mut families: Vec<&str> = o.products.iter().map(|p| family(p)).collect();
        families.sort_unstable();
        families.dedup();
        let count = |g: &mut OnTime| {
            if let Some(p) = o.promised {
                g.promised.add(delivered <= p);
            }
            if let Some(r) = o.requested {
                g.requested.add(delivered <= r);
            }
        };
        count(&mut k.on_time);
        count(k.by_month.entry(month).or_default());
        count(k.by_customer.entry(o.customer.clone()).or_default());
        for f in families {
            count(k.by_family.entry(f.to_string()).or_default());
        }
        if let (Some(level), Some(p)) = (o.service_level, o.promised) {
            let c = k.calibration.entry(level.to_string()).or_default();
            c.orders += 1;
            c.kept += u32::from(delivered <= p);
            c.share = Some(f64::from(c.kept) / f64::from(c.orders));
        }
        match (o.first_quote, o.committed) {
            (Some(q), Some(c)) if q <= c => {
                cycles.push((c - q).num_milliseconds() as f64 / 3_600_000.0);
            }
            _ => k.review_cycle.without_quote += 1,
        }
        k.changes.orders += 1;
        k.changes.changes += o.changes;
    }
    k.changes.per_order =
        (k.changes.orders > 0).then(|| f64::from(k.changes.changes) / f64::from(k.changes.orders));
    k.review_cycle.orders = cycles.len() as u32;
    if !cycles.is_empty() {
        cycles.sort_by(f64::total_cmp);
        let n = cycles.len();
        let hours = |h: f64| (h * 100.0).round() / 100.0;
        k.review_cycle.mean_hours = Some(hours(cycles.iter().sum::<f64>() / n as f64));
        k.review_cycle.median_hours = Some(hours(if n % 2 == 1 {
            cycles[n / 2]
        } else {
            (cycles[n / 2 - 1] + cycles[n / 2]) / 2.0
        }));
        k.review_cycle.max_hours = Some(hours(cycles[n - 1]));
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn families_are_the_prefix_before_the_first_dash() {
        assert_eq!(family("PUMP-50-X"), "PUMP");
        assert_eq!(family("P1"), "P1");
        assert_eq!(family("-X"), "-X");
    }

    #[test]
    fn the_window_holds_its_ends() {
        let w = Window {
            from: Some(day("2026-03-01")),
            to: Some(day("2026-03-31")),
        };
        assert!(w.contains(day("2026-03-01")) && w.contains(day("2026-03-31")));
        assert!(!w.contains(day("2026-02-28")) && !w.contains(day("2026-04-01")));
        assert!(w.problem().is_none());
        let backwards = Window {
            from: w.to,
            to: w.from,
        };
        assert!(backwards.problem().is_some());
    }

    fn at(s: &str) -> Option<DateTime<Utc>> {
        Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    fn order(id: &str, customer: &str, products: &[&str]) -> OrderFacts {
        OrderFacts {
            order_id: id.into(),
            customer: customer.into(),
            products: products.iter().map(|p| p.to_string()).collect(),
            shipped: true,
            ..OrderFacts::default()
        }
    }

    /// Four orders, figures by hand.
    #[test]
    fn figures_by_hand() {
        let a = OrderFacts {
            requested: Some(day("2026-03-10")),
            promised: Some(day("2026-03-12")),
            service_level: Some(0.9),
            first_quote: at("2026-03-01T08:00:00Z"),
            committed: at("2026-03-01T14:00:00Z"),
            changes: 2,
            shipped_date: Some(day("2026-03-09")),
            received_date: Some(day("2026-03-11")),
            ..order("A", "ACME", &["PUMP-50", "PUMP-80"])
        };
        // Late against both: shipped on its promise, received after.
        let b = OrderFacts {
            requested: Some(day("2026-03-20")),
            promised: Some(day("2026-03-20")),
            service_level: Some(0.9),
            first_quote: at("2026-03-02T08:00:00Z"),
            committed: at("2026-03-03T08:00:00Z"),
            shipped_date: Some(day("2026-03-20")),
            received_date: Some(day("2026-03-22")),
            ..order("B", "ACME", &["VALVE"])
        };
        // No promise, no quote; on time against its requested date on its ship date.
        let c = OrderFacts {
            requested: Some(day("2026-04-30")),
            committed: at("2026-03-03T08:00:00Z"),
            changes: 1,
            shipped_date: Some(day("2026-04-02")),
            ..order("C", "Globex", &["VALVE", "PUMP-50"])
        };
        // Quoted after its commit (a later quote): not a review cycle.
        let d = OrderFacts {
            requested: Some(day("2026-03-05")),
            promised: Some(day("2026-03-06")),
            service_level: Some(0.5),
            first_quote: at("2026-03-04T08:00:00Z"),
            committed: at("2026-03-03T08:00:00Z"),
            shipped_date: Some(day("2026-03-06")),
            ..order("D", "Globex", &["P1"])
        };
        let imported = order("E", "ACME", &["P1"]);
        let open = OrderFacts {
            shipped: false,
            ..order("F", "ACME", &["P1"])
        };
        let all = [a, b, c, d, imported, open];
        let k = measure(&all, Window::default());
        assert_eq!((k.shipped, k.received, k.shipped_without_date), (4, 2, 1));
        let rate = |orders, on_time| Rate {
            orders,
            on_time,
            rate: Some(f64::from(on_time) / f64::from(orders)),
        };
        // Promised: A (03-11 ≤ 03-12) yes, B no, D (03-06 ≤ 03-06) yes; C has none.
        assert_eq!(k.on_time.promised, rate(3, 2));
        // Requested: A (03-11 > 03-10) no, B no, C yes, D (03-06 > 03-05) no.
        assert_eq!(k.on_time.requested, rate(4, 1));
        assert_eq!(k.by_month["2026-03"].promised, rate(3, 2));
        assert_eq!(k.by_month["2026-04"].requested, rate(1, 1));
        assert_eq!(k.by_customer["ACME"].requested, rate(2, 0));
        assert_eq!(k.by_customer["Globex"].promised, rate(1, 1));
        // PUMP: A (once, for two products) and C; VALVE: B and C; P1: D.
        assert_eq!(k.by_family["PUMP"].requested, rate(2, 1));
        assert_eq!(k.by_family["PUMP"].promised, rate(1, 1));
        assert_eq!(k.by_family["VALVE"].requested, rate(2, 1));
        assert_eq!(k.by_family["P1"].promised, rate(1, 1));
        assert_eq!(k.by_family.len(), 3);
        assert_eq!(
            k.calibration["0.9"],
            Calibration {
                orders: 2,
                kept: 1,
                share: Some(0.5)
            }
        );
        assert_eq!(k.calibration["0.5"].share, Some(1.0));
        // Cycles: A 6 h, B 24 h; C and D not measured.
        assert_eq!(
            k.review_cycle,
            Cycle {
                orders: 2,
                without_quote: 2,
                mean_hours: Some(15.0),
                median_hours: Some(15.0),
                max_hours: Some(24.0),
            }
        );
        assert_eq!(
            k.changes,
            Changes {
                orders: 4,
                changes: 3,
                per_order: Some(0.75)
            }
        );
        // The window: March ship dates from the 9th.
        let w = Window {
            from: Some(day("2026-03-09")),
            to: Some(day("2026-03-31")),
        };
        let k = measure(&all, w);
        assert_eq!(k.shipped, 2);
        assert_eq!(k.on_time.promised, rate(2, 1));
        assert_eq!(k.from, Some(day("2026-03-09")));
    }
}
