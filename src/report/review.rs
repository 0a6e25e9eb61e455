//! The review record's further sections — what would make it earlier, split delivery,
//! rush insertion — as JSON keys and as text.

use super::html::{Lang, fill};
use super::json::{Flavour, OrderJson, order_json};
use super::qty;
use super::review_words::{self, Words};
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

/// The text sections appended to the review record of `promise quote`, in `lang`. Lever
/// kinds and details stay as the engine words them (English).
pub fn review_sections(plant: &Plant, book: &OrderBook, review: &Review, lang: Lang) -> String {
    let w = review_words::words(lang);
    let mut s = String::new();
    let _ = writeln!(s, "\n{}{}", w.earlier, w.colon.trim_end());
    if review.plan.delivery.is_none() {
        let _ = writeln!(s, "  {}", w.earlier_infeasible);
    } else if review.levers.is_empty() {
        let _ = writeln!(s, "  {}", w.earlier_none);
    } else {
        let h = w.lever_text_head;
        let _ = writeln!(
            s,
            "  {}  {} {}  {}",
            pad_left(h[0], 6),
            pad_right(h[1], 12),
            pad_left(h[2], 10),
            h[3]
        );
        for l in &review.levers {
            let _ = writeln!(
                s,
                "  {}  {:<12} {:>10}  {}{}{}",
                pad_left(
                    &fill(w.days_short, &[("days", &l.days_gained.to_string())]),
                    6
                ),
                l.new_delivery.to_string(),
                l.cost
                    .map_or("—".into(), |c| fmt_qty((c * 100.0).round() / 100.0)),
                w.lever_kind(l.kind),
                w.colon,
                l.detail
            );
        }
    }
    let _ = writeln!(s, "\n{}{}", w.split, w.colon.trim_end());
    match &review.deliveries {
        None => {
            let _ = writeln!(s, "  {}", w.split_no_text);
        }
        Some(ds) => {
            for d in ds {
                let when = d.delivery.map_or(w.split_never.to_string(), |d| {
                    fill(w.split_by, &[("d", &d.to_string())])
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
    rush_section(&mut s, book, review, w);
    s
}

/// Pads to `width` characters, a CJK character counting as two columns.
fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(columns(s))))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(columns(s))))
}

fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

fn rush_section(s: &mut String, book: &OrderBook, review: &Review, w: &Words) {
    let r = &review.rush;
    let _ = writeln!(s, "\n{}{}", w.rush, w.colon.trim_end());
    let verb = if review.inserted {
        w.rush_planned
    } else {
        w.rush_in
    };
    let n = r.ahead_of.to_string();
    let _ = writeln!(
        s,
        "  {}",
        fill(
            review_words::one_or_many(r.ahead_of as i64, w.rush_ahead),
            &[("verb", verb), ("n", &n)]
        )
    );
    let opt_day = |d: Option<Day>| d.map_or(w.no_delivery.to_string(), |d| d.to_string());
    match (r.plan.delivery, days_gained(review)) {
        (Some(d), Some(g)) if g > 0 => {
            let _ = writeln!(
                s,
                "  {}",
                fill(
                    review_words::one_or_many(g.into(), w.rush_earlier),
                    &[
                        ("d", &d.to_string()),
                        ("old", &opt_day(review.queued.delivery)),
                        ("g", &g.to_string())
                    ]
                )
            );
        }
        (d, _) => {
            let _ = writeln!(s, "  {}", fill(w.rush_no_gain, &[("d", &opt_day(d))]));
        }
    }
    let _ = writeln!(
        s,
        "  {}",
        fill(
            review_words::one_or_many(r.impact.len() as i64, w.rush_moves),
            &[
                ("n", &r.impact.len().to_string()),
                ("late", &r.newly_late().to_string()),
                ("weighted", &signed_amount(r.extra_weighted_late_days()))
            ]
        )
    );
    if r.impact.is_empty() {
        return;
    }
    let shown = if review.inserted { r.impact.len() } else { 10 };
    let h = w.impact_text_head;
    let _ = writeln!(
        s,
        "  {} {} {} {} {}",
        pad_right(h[0], 14),
        pad_right(h[1], 10),
        pad_right(h[2], 10),
        pad_right(h[3], 10),
        pad_left(h[4], 5)
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
            if i.newly_late {
                format!("  {}", w.newly_late)
            } else {
                String::new()
            }
        );
    }
    if r.impact.len() > shown {
        let _ = writeln!(
            s,
            "  {}",
            fill(w.and_more, &[("n", &(r.impact.len() - shown).to_string())])
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
