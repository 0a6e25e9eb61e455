//! `GET /kpi`: promises kept, measured on the order book — `promise kpi --json` of the
//! service's database, read on its read connection in one transaction.

use super::error::{ApiError, json_response};
use super::routes::{Answer, Shared, blocking};
use super::state::Access;
use crate::day::Day;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KpiQuery {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /kpi?from=D&to=D`: the object of `promise kpi --json`, read from the order book
/// (the service's read connection, one transaction).
pub(super) async fn kpi(
    State(s): Shared,
    headers: HeaderMap,
    query: Result<Query<KpiQuery>, QueryRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let Query(q) = query.map_err(|r| ApiError::field("query", r.body_text()))?;
    let day = |key: &str, v: Option<String>| -> Result<Option<Day>, ApiError> {
        v.map(|t| Day::read(&t).map_err(|e| ApiError::field(key, e.describe(&t))))
            .transpose()
    };
    let window = crate::kpi::Window {
        from: day("from", q.from)?,
        to: day("to", q.to)?,
    };
    if let Some(p) = window.problem() {
        return Err(ApiError::field("to", p));
    }
    let state = s.clone();
    let answer = blocking(move || {
        let mut reader = state
            .reader
            .lock()
            .map_err(|_| ApiError::internal("the read connection failed"))?;
        let facts = crate::store::kpi::facts(&mut reader).map_err(ApiError::internal)?;
        drop(reader);
        Ok(crate::kpi::measure(&facts, window))
    })
    .await?;
    Ok(json_response(StatusCode::OK, &json!(answer)))
}
