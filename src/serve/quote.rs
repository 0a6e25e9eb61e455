//! `POST /quote`: the review record of `promise quote --json`, reserving nothing.
//!
//! By default the answer is the quote after every committed order with its levers and
//! (for split orders) its delivery schedule — what a warm snapshot gives in well under a
//! millisecond. The rush insertion re-plans every committed order behind the quote (tens
//! of milliseconds on a large plant), so it is asked for: `"rush": true` adds the `rush`
//! summary (the answer is then exactly `quote --json`'s), `"insert": true` plans the quote
//! as a rush order (`quote --insert`). `"service_level": P` adds the reliability keys.
//!
//! **Without the token** (`--open-quotes`) only ad-hoc quotes may be asked, and the answer
//! names no other order: quoting an order of the book is refused with the same 401
//! whatever the id (so ids cannot be probed), an ad-hoc quote's `order_id` is only its
//! label (never checked against the book), and a rush insertion's impact is given as
//! counts (`rush.orders_moved`, `rush.newly_late`), not as the list of orders.

use super::body::{self, ORDER_FIELDS, Object};
use super::error::ApiError;
use super::state::Caller;
use crate::explain;
use crate::model::{Order, OrderIx};
use crate::reliability::{self, Options};
use crate::report::json::OrderJson;
use crate::report::outlook::Assessment;
use crate::report::review::{inquiry_json, review_json};
use crate::snapshot::Snapshot;

/// How to answer a quote.
#[derive(Clone, Debug, Default)]
pub struct QuoteOptions {
    pub buffer_days: i32,
    pub service_level: Option<f64>,
    pub scenarios: u32,
    pub seed: u64,
    /// The rush insertion's summary (`rush`), as `promise quote --json` gives it.
    pub rush: bool,
    /// Planned as a rush order (`quote --insert`).
    pub insert: bool,
    /// A committed order, quoted against the other committed orders (re-planned without
    /// it, as `promise quote --order` does).
    pub without: Option<OrderIx>,
}

impl QuoteOptions {
    /// Whether the answer re-plans or simulates (run off the async workers).
    pub fn heavy(&self) -> bool {
        self.rush || self.insert || self.service_level.is_some() || self.without.is_some()
    }
}

/// The fields a quote may have.
fn fields() -> Vec<&'static str> {
    let mut f = ORDER_FIELDS.to_vec();
    f.extend([
        "lines",
        "product_id",
        "qty",
        "weight",
        "buffer_days",
        "service_level",
        "scenarios",
        "seed",
        "rush",
        "insert",
    ]);
    f
}

/// The order to quote and how: `{"order_id"}` quotes an order of the book; with
/// `lines` (or `product_id` and `qty`) the order is ad hoc, named by `order_id` (default
/// `QUOTE`).
pub fn request(
    obj: &Object,
    snap: &Snapshot,
    caller: Caller,
) -> Result<(Order, QuoteOptions), ApiError> {
    body::only(obj, &fields(), "")?;
    let mut opts = options(obj)?;
    let ad_hoc = obj.contains_key("lines") || obj.contains_key("product_id");
    if !ad_hoc && caller == Caller::Anonymous {
        return Err(ApiError::unauthorized(
            "Authorization: quoting an order of the book needs the token; without it, ask an ad-hoc quote (product_id, qty, destination)",
        ));
    }
    if ad_hoc {
        let order = body::order(obj, &snap.plant, "quote", Some("QUOTE"), true)?;
        if caller == Caller::Trusted && snap.order(&order.id).is_some() {
            return Err(ApiError::field(
                "order_id",
                format!(
                    "\"{}\" is already an order; quote it with {{\"order_id\"}} alone",
                    order.id
                ),
            ));
        }
        return Ok((order, opts));
    }
    if let Some(k) = ORDER_FIELDS[1..].iter().find(|k| obj.contains_key(**k)) {
        return Err(ApiError::field(
            "product_id",
            format!(
                "missing: an ad-hoc quote needs product_id, qty and destination ({k} was given)"
            ),
        ));
    }
    let id = body::string(obj, "order_id")?.ok_or_else(|| {
        ApiError::field(
            "order_id",
            "missing: give an order_id of the book, or product_id, qty and destination",
        )
    })?;
    let Some(order) = snap.order(&id) else {
        return Err(ApiError::field(
            "order_id",
            format!("unknown order \"{id}\""),
        ));
    };
    if !order.status.is_open() {
        return Err(ApiError::field(
            "order_id",
            format!(
                "order \"{id}\" is {}; there is nothing to quote",
                order.status.as_str()
            ),
        ));
    }
    if snap.is_committed(&id) {
        opts.without = snap.folded().book.index.get(&id).copied();
    }
    Ok((order.clone(), opts))
}

fn options(obj: &Object) -> Result<QuoteOptions, ApiError> {
    let buffer = body::number(
        obj,
        "buffer_days",
        |x| x.fract() == 0.0 && (0.0..=100_000.0).contains(&x),
        "a whole number of days 0..=100000",
    )?;
    let level = body::number(
        obj,
        "service_level",
        |p| p > 0.0 && p < 1.0,
        "a probability between 0 and 1",
    )?;
    let scenarios = body::number(
        obj,
        "scenarios",
        |x| x.fract() == 0.0 && (1.0..=f64::from(reliability::MAX_SCENARIOS)).contains(&x),
        reliability::SCENARIOS_EXPECTED,
    )?;
    let seed = body::number(
        obj,
        "seed",
        |x| x.fract() == 0.0 && (0.0..=9.0e15).contains(&x),
        "a whole number ≥ 0",
    )?;
    let opts = QuoteOptions {
        buffer_days: buffer.unwrap_or(0.0) as i32,
        service_level: level,
        scenarios: scenarios.unwrap_or(1000.0) as u32,
        seed: seed.unwrap_or(1.0) as u64,
        rush: body::flag(obj, "rush")?,
        insert: body::flag(obj, "insert")?,
        without: None,
    };
    if opts.insert && opts.service_level.is_some() {
        return Err(ApiError::field(
            "insert",
            "cannot be combined with service_level",
        ));
    }
    if buffer.is_some() && opts.service_level.is_some() {
        return Err(ApiError::field(
            "buffer_days",
            "cannot be combined with service_level",
        ));
    }
    Ok(opts)
}

/// The answer: `quote --json`'s object for `order` on `snap`, for `caller`; `None` when
/// `stop` ended the simulation early.
pub fn answer(
    snap: &Snapshot,
    order: &Order,
    o: &QuoteOptions,
    caller: Caller,
    stop: &reliability::Stop<'_>,
) -> Option<OrderJson> {
    let own;
    let snap = match o.without {
        Some(ix) => {
            let f = snap.folded();
            own = Snapshot::without(f.plant.clone(), f.book.clone(), f.settings, Some(ix));
            &own
        }
        None => snap,
    };
    let (mut j, plan) = if o.rush || o.insert {
        let r = explain::review(snap, order, o.insert);
        let f = snap.folded();
        let j = review_json(&f.plant, &f.book, order, &r, &f.bookings, o.buffer_days);
        (j, r.plan)
    } else {
        let q = explain::inquiry(snap, order);
        let j = inquiry_json(&snap.plant, order, &q, &snap.bookings, o.buffer_days);
        (j, q.plan)
    };
    if let Some(level) = o.service_level {
        let opts = Options {
            scenarios: o.scenarios,
            seed: o.seed,
        };
        if let Some(outlook) = snap.outlook_until(order, &plan, opts, stop)? {
            Assessment {
                level,
                by: order.requested(),
                risk_below: None,
            }
            .apply(&mut j, &outlook);
        }
    }
    if caller == Caller::Anonymous {
        j.impact = None;
    }
    Some(j)
}
