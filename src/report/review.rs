//! The review record's further sections — what would make it earlier, split delivery,
//! rush insertion — as JSON keys and as text.

use super::json::{Flavour, OrderJson, order_json};
use super::qty;
use crate::day::Day;
use crate::explain::{Delivery, Inquiry, Lever, Review, Rush};
use crate::model::{Order, OrderBook, Plant};
use crate::plan::bookings::Bookings;
use crate::plan::order::fmt_qty;
use crate::snapshot::AFTER_ALL;
use serde::{Serialize, Serializer};
use std::fmt::Write;

#[derive(Serialize, Clone, Debug)]
pub struct LeverJson {
    pub kind: &'static str,
    pub detail: String,
    pub new_delivery: Day,
    pub days_gained: i32,
    #[serde(serialize_with = "amount")]
    pub cost: Option<f64>,
}

#[derive(Serialize, Clone, Debug)]
pub struct DeliveryJson {
    #[serde(serialize_with = "qty")]
    pub qty: f64,
    pub delivery: Option<Day>,
    /// Extension: which line of the order (several products may be split).
    pub product_id: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ImpactJson {
    pub order_id: String,
    pub old_delivery: Option<Day>,
    pub new_delivery: Option<Day>,
    pub days_moved: Option<i32>,
    pub newly_late: bool,
    /// Extensions: the order's due date and Σ weight × extra late days.
    pub due_date: Option<Day>,
    #[serde(serialize_with = "amount")]
    pub extra_weighted_late_days: Option<f64>,
}

/// What a rush insertion gains this order and costs the committed ones.
#[derive(Serialize, Clone, Debug)]
pub struct RushJson {
    /// True when the quote was planned as a rush order (`--insert`).
    pub inserted: bool,
    /// Committed orders it goes ahead of (priority number ≥ its own).
    pub ahead_of: usize,
    /// Its delivery when rushed, and the days that gains over quoting after every
    /// committed order.
    pub new_delivery: Option<Day>,
    pub days_gained: Option<i32>,
    pub orders_moved: usize,
    pub newly_late: usize,
    #[serde(serialize_with = "amount")]
    pub extra_weighted_late_days: Option<f64>,
}

/// An amount of money or weighted days: rounded to 10⁻⁶, whole numbers without ".0".
pub(crate) fn amount<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        None => s.serialize_none(),
        Some(v) => qty(&((v * 1e6).round() / 1e6), s),
    }
}

/// `quote --json` with the review record's keys: `levers` always, `deliveries` for
/// split orders, `impact` when inserted, and the `rush` summary.
pub fn review_json(
    plant: &Plant,
    book: &OrderBook,
    order: &Order,
    review: &Review,
    bookings: &Bookings,
    buffer_days: i32,
) -> OrderJson {
    let mut j = order_json(
        plant,
        order,
        &review.plan,
        bookings,
        review.seq,
        buffer_days,
        Flavour::Quote,
    );
    j.levers = Some(levers_json(&review.levers));
    j.deliveries = review
        .deliveries
        .as_deref()
        .map(|ds| deliveries_json(plant, ds));
    j.impact = review.inserted.then(|| impact_json(book, &review.rush));
    j.rush = Some(rush_json(review));
    j
}

/// `quote --json` without the rush insertion (the service's inquiry): the quote after
/// every committed order with `levers` and, for split orders, `deliveries`.
pub fn inquiry_json(
    plant: &Plant,
    order: &Order,
    inquiry: &Inquiry,
    bookings: &Bookings,
    buffer_days: i32,
) -> OrderJson {
    let mut j = order_json(
        plant,
        order,
        &inquiry.plan,
        bookings,
        AFTER_ALL,
        buffer_days,
        Flavour::Quote,
    );
    j.levers = Some(levers_json(&inquiry.levers));
    j.deliveries = inquiry
        .deliveries
        .as_deref()
        .map(|ds| deliveries_json(plant, ds));
    j
}

pub fn levers_json(levers: &[Lever]) -> Vec<LeverJson> {
    levers
        .iter()
        .map(|l| LeverJson {
            kind: l.kind.as_str(),
            detail: l.detail.clone(),
            new_delivery: l.new_delivery,
            days_gained: l.days_gained,
            cost: l.cost,
        })
        .collect()
}

pub fn deliveries_json(plant: &Plant, deliveries: &[Delivery]) -> Vec<DeliveryJson> {
    deliveries
        .iter()
        .map(|d| DeliveryJson {
            qty: d.qty,
            delivery: d.delivery,
            product_id: plant.products[d.product].id.clone(),
        })
        .collect()
}

pub fn impact_json(book: &OrderBook, rush: &Rush) -> Vec<ImpactJson> {
    rush.impact
        .iter()
        .map(|i| {
            let o = &book.orders[i.order];
            ImpactJson {
                order_id: o.id.clone(),
                old_delivery: i.old_delivery,
                new_delivery: i.new_delivery,
                days_moved: i.days_moved(),
                newly_late: i.newly_late,
                due_date: o.due(),
                extra_weighted_late_days: Some(i.extra_weighted_late_days),
            }
        })
        .collect()
}

fn rush_json(review: &Review) -> RushJson {
    let r = &review.rush;
    RushJson {
        inserted: review.inserted,
        ahead_of: r.ahead_of,
        new_delivery: r.plan.delivery,
        days_gained: days_gained(review),
        orders_moved: r.impact.len(),
        newly_late: r.newly_late(),
        extra_weighted_late_days: Some(r.extra_weighted_late_days()),
    }
}

/// Days the rush gains over quoting after every committed order.
fn days_gained(review: &Review) -> Option<i32> {
    Some(review.queued.delivery?.since(review.rush.plan.delivery?))
}

fn signed(d: i32) -> String {
    if d > 0 {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

fn opt_day(d: Option<Day>) -> String {
    d.map_or("infeasible".into(), |d| d.to_string())
}

/// The text sections appended to the review record of `promise quote`.
pub fn review_sections(plant: &Plant, book: &OrderBook, review: &Review) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\nWhat would make it earlier:");
    if review.plan.delivery.is_none() {
        let _ = writeln!(s, "  nothing: the order is not feasible as it stands");
    } else if review.levers.is_empty() {
        let _ = writeln!(
            s,
            "  nothing on the critical path can be relaxed to gain a day"
        );
    } else {
        let _ = writeln!(
            s,
            "  {:>6}  {:<12} {:>10}  lever",
            "gained", "delivery", "cost"
        );
        for l in &review.levers {
            let _ = writeln!(
                s,
                "  {:>6}  {:<12} {:>10}  {}: {}",
                format!("{} d", l.days_gained),
                l.new_delivery.to_string(),
                l.cost
                    .map_or("—".into(), |c| fmt_qty((c * 100.0).round() / 100.0)),
                l.kind.as_str(),
                l.detail
            );
        }
    }
    let _ = writeln!(s, "\nSplit delivery:");
    match &review.deliveries {
        None => {
            let _ = writeln!(
                s,
                "  not allowed for this order (split=no; quote with --split for a delivery schedule)"
            );
        }
        Some(ds) => {
            for d in ds {
                let when = d
                    .delivery
                    .map_or("cannot be made within the horizon".into(), |d| {
                        format!("by {d}")
                    });
                let _ = writeln!(
                    s,
                    "  {} × {} {when}",
                    fmt_qty(d.qty),
                    plant.products[d.product].id
                );
            }
        }
    }
    rush_section(&mut s, book, review);
    s
}

fn rush_section(s: &mut String, book: &OrderBook, review: &Review) {
    let r = &review.rush;
    let _ = writeln!(s, "\nRush insertion (插单):");
    let verb = if review.inserted {
        "Planned as a rush order"
    } else {
        "Rushed in"
    };
    let _ = writeln!(
        s,
        "  {verb} ahead of {} committed order{} of equal or lower priority:",
        r.ahead_of,
        if r.ahead_of == 1 { "" } else { "s" }
    );
    match (r.plan.delivery, days_gained(review)) {
        (Some(d), Some(g)) if g > 0 => {
            let _ = writeln!(
                s,
                "  delivery {d} instead of {} ({g} day{} earlier)",
                opt_day(review.queued.delivery),
                if g == 1 { "" } else { "s" }
            );
        }
        (d, _) => {
            let _ = writeln!(
                s,
                "  delivery {} (no earlier than without rushing)",
                opt_day(d)
            );
        }
    }
    let _ = writeln!(
        s,
        "  {}, {} newly late, {} weighted late days",
        match r.impact.len() {
            1 => "1 committed order moves".to_string(),
            n => format!("{n} committed orders move"),
        },
        r.newly_late(),
        signed_amount(r.extra_weighted_late_days())
    );
    if r.impact.is_empty() {
        return;
    }
    let shown = if review.inserted { r.impact.len() } else { 10 };
    let _ = writeln!(
        s,
        "  {:<14} {:<10} {:<10} {:<10} {:>5}",
        "order", "due", "old", "new", "days"
    );
    for i in r.impact.iter().take(shown) {
        let o = &book.orders[i.order];
        let _ = writeln!(
            s,
            "  {:<14} {:<10} {:<10} {:<10} {:>5}{}",
            o.id,
            o.due().map_or("—".into(), |d| d.to_string()),
            opt_day(i.old_delivery),
            opt_day(i.new_delivery),
            i.days_moved().map_or("—".into(), signed),
            if i.newly_late { "  newly late" } else { "" }
        );
    }
    if r.impact.len() > shown {
        let _ = writeln!(
            s,
            "  … and {} more (quote --insert lists them all)",
            r.impact.len() - shown
        );
    }
}

fn signed_amount(x: f64) -> String {
    let x = (x * 100.0).round() / 100.0;
    if x > 0.0 {
        format!("+{}", fmt_qty(x))
    } else {
        fmt_qty(x)
    }
}
