//! `GET /plan` and `GET /report`: the plan as it stands (the committed plan of the
//! snapshot, quotes after it), as `plan --json` or as the HTML report; with a service
//! level, simulated on the simulations' own pool. Also the query checks the other
//! simulating endpoints share.

use super::error::{ApiError, bytes_response};
use super::routes::{Answer, Shared, blocking};
use super::state::{Access, AppState};
use crate::reliability::{self, Options};
use crate::report::html::{self, Lang};
use crate::report::json::{PlanJson, plan_json};
use crate::report::outlook::apply_to_plan;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlanQuery {
    service_level: Option<f64>,
    risk_below: Option<f64>,
    scenarios: Option<u32>,
    seed: Option<u64>,
}

/// `plan --json`, with `?service_level=P` the reliability keys and the orders at risk.
#[derive(Serialize)]
struct PlanAnswer {
    #[serde(flatten)]
    plan: PlanJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    at_risk: Option<Vec<String>>,
}

pub(super) async fn plan(
    State(s): Shared,
    headers: HeaderMap,
    query: Result<Query<PlanQuery>, QueryRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let Query(q) = query.map_err(|r| ApiError::field("query", r.body_text()))?;
    if let Some(p) = q.service_level {
        service_level(p)?;
    }
    let below = risk_below(q.risk_below)?;
    let opts = scenarios(q.scenarios, q.seed)?;
    let snap = s.snapshot.load();
    let work = move |stop: &reliability::Stop<'_>| {
        let (book, plan) = snap.full_plan();
        let mut j = plan_json(&snap.plant, &book, &plan);
        let mut at_risk = None;
        if let Some(level) = q.service_level {
            let outlooks =
                reliability::simulate_until(&snap.plant, &book, &plan, opts, &|_| {}, stop)?;
            apply_to_plan(&mut j, &book, &plan, &outlooks, level, below);
            at_risk = Some(
                j.orders
                    .iter()
                    .filter(|o| o.outlook.as_ref().and_then(|x| x.at_risk) == Some(true))
                    .map(|o| o.order_id.clone())
                    .collect(),
            );
        }
        Some(serde_json::to_vec(&PlanAnswer { plan: j, at_risk }).map_err(ApiError::internal))
    };
    let bytes = run(&s, q.service_level.is_some(), work).await?;
    Ok(bytes_response(StatusCode::OK, bytes))
}

/// The confidence below which an order is at risk (default 0.8).
pub(super) fn risk_below(v: Option<f64>) -> Result<f64, ApiError> {
    match v {
        None => Ok(0.8),
        Some(p) if (0.0..=1.0).contains(&p) => Ok(p),
        Some(p) => Err(ApiError::field(
            "risk_below",
            format!("expected a number between 0 and 1, found {p}"),
        )),
    }
}

/// A service level from a query: strictly between 0 and 1.
pub(super) fn service_level(p: f64) -> Result<f64, ApiError> {
    if p > 0.0 && p < 1.0 {
        Ok(p)
    } else {
        Err(ApiError::field(
            "service_level",
            format!("expected a probability between 0 and 1, found {p}"),
        ))
    }
}

/// The scenarios of a query (default 1000 from seed 1), at most
/// [`reliability::MAX_SCENARIOS`].
pub(super) fn scenarios(n: Option<u32>, seed: Option<u64>) -> Result<Options, ApiError> {
    match n.unwrap_or(1000) {
        n @ 1..=reliability::MAX_SCENARIOS => Ok(Options {
            scenarios: n,
            seed: seed.unwrap_or(1),
        }),
        n => Err(ApiError::field(
            "scenarios",
            format!("expected {}, found {n}", reliability::SCENARIOS_EXPECTED),
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReportQuery {
    lang: Option<String>,
    service_level: Option<f64>,
    scenarios: Option<u32>,
    seed: Option<u64>,
    no_risk: Option<bool>,
}

/// The plan report of `promise report` for the current plan, as one HTML page:
/// `?lang=zh|en`, and the at-risk figures at `?service_level=` (default 0.95) unless
/// `?no_risk=true`. The service's plan is simulated as it stands (commits included).
pub(super) async fn report(
    State(s): Shared,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let Query(q) = query.map_err(|r| ApiError::field("query", r.body_text()))?;
    let lang = match q.lang.as_deref() {
        None => Lang::En,
        Some(l) => Lang::parse(l)
            .ok_or_else(|| ApiError::field("lang", format!("expected zh or en, found \"{l}\"")))?,
    };
    let level = service_level(q.service_level.unwrap_or(0.95))?;
    let opts = scenarios(q.scenarios, q.seed)?;
    let snap = s.snapshot.load();
    let risk = !q.no_risk.unwrap_or(false);
    let work = move |stop: &reliability::Stop<'_>| {
        let (book, plan) = snap.full_plan();
        let outlooks = match risk {
            true => Some(reliability::simulate_until(
                &snap.plant,
                &book,
                &plan,
                opts,
                &|_| {},
                stop,
            )?),
            false => None,
        };
        Some(Ok(html::plan_report(
            &snap.plant,
            &book,
            &plan,
            outlooks.as_deref().map(|o| (level, o)),
            lang,
        )))
    };
    let html = run(&s, risk, work).await?;
    Ok((
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response())
}

/// Runs a read of the plan: with `simulate`, as a simulation (admitted, on the
/// simulations' own pool, stopped when its client goes or its deadline passes); without,
/// on a blocking thread, never stopped (`work` answers `None` only when stopped).
pub(super) async fn run<T: Send + 'static>(
    s: &AppState,
    simulate: bool,
    work: impl FnOnce(&reliability::Stop<'_>) -> Option<Result<T, ApiError>> + Send + 'static,
) -> Result<T, ApiError> {
    if simulate {
        s.sims.run(move |c| work(&|| c.stop())).await
    } else {
        blocking(move || work(&|| false).unwrap_or_else(|| Err(ApiError::unavailable()))).await
    }
}
