//! `GET /followup`: the follow-up lists (跟单) of the service's book, as `promise followup
//! --json` prints them for a data set.

use super::error::{ApiError, bytes_response};
use super::plan::{risk_below, run, scenarios, service_level};
use super::routes::{Answer, Shared};
use super::state::Access;
use crate::followup::{Risks, Windows};
use crate::reliability;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FollowupQuery {
    purchasing: Option<i32>,
    production: Option<i32>,
    packaging: Option<i32>,
    shipping: Option<i32>,
    orders: Option<i32>,
    service_level: Option<f64>,
    risk_below: Option<f64>,
    scenarios: Option<u32>,
    seed: Option<u64>,
}

/// `GET /followup`: the follow-up lists (跟单) of the plan as booked — `promise followup
/// --json` of the service's book. With `service_level`, the at-risk orders come first
/// (simulated on the booked plan, whose committed dates are kept: no margins move).
pub(super) async fn followup(
    State(s): Shared,
    headers: HeaderMap,
    query: Result<Query<FollowupQuery>, QueryRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let Query(q) = query.map_err(|r| ApiError::field("query", r.body_text()))?;
    let d = Windows::default();
    let w = Windows {
        purchasing: window_days("purchasing", q.purchasing, d.purchasing)?,
        production: window_days("production", q.production, d.production)?,
        packaging: window_days("packaging", q.packaging, d.packaging)?,
        shipping: window_days("shipping", q.shipping, d.shipping)?,
        orders: window_days("orders", q.orders, d.orders)?,
    };
    if let Some(p) = q.service_level {
        service_level(p)?;
    }
    let below = risk_below(q.risk_below)?;
    let opts = scenarios(q.scenarios, q.seed)?;
    let simulate = q.service_level.is_some();
    let snap = s.snapshot.load();
    let work = move |stop: &reliability::Stop<'_>| {
        let (book, plan) = snap.full_plan();
        let outlooks = if simulate {
            Some(reliability::simulate_until(
                &snap.plant,
                &book,
                &plan,
                opts,
                &|_| {},
                stop,
            )?)
        } else {
            None
        };
        let risks = outlooks.as_ref().map(|o| Risks { outlooks: o, below });
        let f = crate::followup::followup(&snap.plant, &book, &plan, risks.as_ref(), w);
        Some(serde_json::to_vec(&f).map_err(ApiError::internal))
    };
    let bytes = run(&s, simulate, work).await?;
    Ok(bytes_response(StatusCode::OK, bytes))
}

/// A follow-up window from a query: 1 to 366 days, as the command line's flags.
fn window_days(key: &str, v: Option<i32>, default: i32) -> Result<i32, ApiError> {
    match v {
        None => Ok(default),
        Some(n) if (1..=366).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::field(
            key,
            format!("expected a whole number of days 1..=366, found {n}"),
        )),
    }
}
