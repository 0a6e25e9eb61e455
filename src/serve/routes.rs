//! The endpoints. Reads (`/quote`, `/plan`, `/orders/{id}`) run on the snapshot they
//! load, never waiting for the writer; writes hand a job to the writer and answer what
//! it did. Every handler checks access first and answers JSON, errors included.

use super::body::{self, Object};
use super::error::{ApiError, bytes_response, json_response};
use super::quote;
use super::state::{Access, AppState};
use super::writer::Job;
use crate::day::Day;
use crate::model::Status;
use crate::plan::bookings::Bookings;
use crate::reliability::{self, Options};
use crate::report::gantt;
use crate::report::html::{self, Lang};
use crate::report::json::{Flavour, PlanJson, order_json, plan_json};
use crate::report::outlook::apply_to_plan;
use crate::store::{journal::Record, lifecycle_of};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::sync::oneshot;

type Shared = State<Arc<AppState>>;
type Answer = Result<Response, ApiError>;

pub fn router(state: Arc<AppState>, body_limit: usize) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/quote", post(quote))
        .route("/orders", post(commit))
        .route("/orders/{id}", get(order))
        .route("/orders/{id}/status", post(status))
        .route("/changes", post(changes))
        .route("/replan", post(replan))
        .route("/plan", get(plan))
        .route("/report", get(report))
        .fallback(|| async {
            ApiError::not_found("no such endpoint (see the README's Service section)")
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method not allowed on this endpoint",
            )
        })
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
}

/// The body, or 413 / 400 in JSON.
fn bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|r| {
        let status = r.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, "body: too large (see --max-body)")
        } else {
            ApiError::new(status, format!("body: {}", r.body_text()))
        }
    })
}

/// Runs CPU-heavy work off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("the request failed: {e}"))))
}

/// Sends a job to the writer and waits for its answer.
async fn write(
    s: &AppState,
    job: impl FnOnce(oneshot::Sender<Result<Value, ApiError>>) -> Job,
) -> Result<Value, ApiError> {
    let (tx, rx) = oneshot::channel();
    s.send(job(tx))?;
    rx.await.unwrap_or_else(|_| {
        Err(ApiError::internal(
            "the writer failed on this request; nothing was stored",
        ))
    })
}

async fn health(State(s): Shared) -> Response {
    let snap = s.snapshot.load();
    json_response(
        StatusCode::OK,
        &json!({
            "status": "ok",
            "as_of": snap.settings.as_of,
            "committed_since_replan": snap.appended.len(),
            "reviews_written": s.journal.written(),
            "reviews_dropped": s.journal.dropped(),
        }),
    )
}

async fn quote(
    State(s): Shared,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    s.authorize(&headers, Access::Quote)?;
    let obj = body::object(&bytes(body)?)?;
    let snap = s.snapshot.load();
    let (order, opts) = quote::request(&obj, &snap)?;
    let json = if opts.heavy() {
        blocking(move || quote::answer(&snap, &order, &opts)).await?
    } else {
        quote::answer(&snap, &order, &opts)?
    };
    let text = serde_json::to_string(&json).map_err(ApiError::internal)?;
    s.journal.record(Record::new(&json.order_id, text.clone()));
    Ok(bytes_response(StatusCode::OK, text.into_bytes()))
}

pub(super) const COMMIT_FIELDS: [&str; 10] = [
    "order_id",
    "customer",
    "destination",
    "requested_date",
    "promised_date",
    "priority",
    "kind",
    "split",
    "mode",
    "lines",
];

async fn commit(
    State(s): Shared,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let obj = body::object(&bytes(body)?)?;
    body::only(&obj, &COMMIT_FIELDS, "")?;
    let order = body::order(&obj, &s.snapshot.load().plant, "committed", None, false)?;
    let answer = write(&s, |reply| Job::Commit { order, reply }).await?;
    Ok(json_response(StatusCode::CREATED, &answer))
}

async fn changes(
    State(s): Shared,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let raw = bytes(body)?;
    let obj = body::object(&raw)?;
    let file = body::change_file(&obj)?;
    let request = String::from_utf8_lossy(&raw).into_owned();
    let answer = write(&s, |reply| Job::Changes {
        file,
        request,
        reply,
    })
    .await?;
    Ok(json_response(StatusCode::OK, &answer))
}

async fn replan(
    State(s): Shared,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let raw = bytes(body)?;
    let as_of = if raw.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let obj = body::object(&raw)?;
        body::only(&obj, &["as_of"], "")?;
        date(&obj, "as_of")?
    };
    let answer = write(&s, |reply| Job::Replan { as_of, reply }).await?;
    Ok(json_response(StatusCode::OK, &answer))
}

fn date(obj: &Object, key: &str) -> Result<Option<Day>, ApiError> {
    match body::string(obj, key)? {
        None => Ok(None),
        Some(text) => Day::parse(&text).map(Some).ok_or_else(|| {
            ApiError::field(key, format!("expected a date YYYY-MM-DD, found \"{text}\""))
        }),
    }
}

async fn status(
    State(s): Shared,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let obj = body::object(&bytes(body)?)?;
    body::only(&obj, &["status", "note"], "")?;
    let status = body::string(&obj, "status")?.ok_or_else(|| {
        ApiError::field("status", "missing (in_production, shipped or cancelled)")
    })?;
    let note = body::string(&obj, "note")?.unwrap_or_default();
    let answer = write(&s, |reply| Job::Status {
        order_id: id,
        status,
        note,
        reply,
    })
    .await?;
    Ok(json_response(StatusCode::OK, &answer))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanQuery {
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

async fn plan(
    State(s): Shared,
    headers: HeaderMap,
    query: Result<Query<PlanQuery>, QueryRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let Query(q) = query.map_err(|r| ApiError::field("query", r.body_text()))?;
    if let Some(p) = q.service_level {
        service_level(p)?;
    }
    if let Some(p) = q.risk_below.filter(|p| !(0.0..=1.0).contains(p)) {
        return Err(ApiError::field(
            "risk_below",
            format!("expected a number between 0 and 1, found {p}"),
        ));
    }
    let opts = scenarios(q.scenarios, q.seed)?;
    let snap = s.snapshot.load();
    let bytes = blocking(move || {
        let (book, plan) = snap.full_plan();
        let mut j = plan_json(&snap.plant, &book, &plan);
        let mut at_risk = None;
        if let Some(level) = q.service_level {
            let outlooks = reliability::simulate(&snap.plant, &book, &plan, opts, &|_| {});
            apply_to_plan(
                &mut j,
                &book,
                &plan,
                &outlooks,
                level,
                q.risk_below.unwrap_or(0.8),
            );
            at_risk = Some(
                j.orders
                    .iter()
                    .filter(|o| o.outlook.as_ref().and_then(|x| x.at_risk) == Some(true))
                    .map(|o| o.order_id.clone())
                    .collect(),
            );
        }
        serde_json::to_vec(&PlanAnswer { plan: j, at_risk }).map_err(ApiError::internal)
    })
    .await?;
    Ok(bytes_response(StatusCode::OK, bytes))
}

/// A service level from a query: strictly between 0 and 1.
fn service_level(p: f64) -> Result<f64, ApiError> {
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
fn scenarios(n: Option<u32>, seed: Option<u64>) -> Result<Options, ApiError> {
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
struct ReportQuery {
    lang: Option<String>,
    service_level: Option<f64>,
    scenarios: Option<u32>,
    seed: Option<u64>,
    no_risk: Option<bool>,
}

/// The plan report of `promise report` for the current plan, as one HTML page:
/// `?lang=zh|en`, and the at-risk figures at `?service_level=` (default 0.95) unless
/// `?no_risk=true`. The service's plan is simulated as it stands (commits included).
async fn report(
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
    let html = blocking(move || {
        let (book, plan) = snap.full_plan();
        let outlooks = (!q.no_risk.unwrap_or(false))
            .then(|| reliability::simulate(&snap.plant, &book, &plan, opts, &|_| {}));
        Ok(html::plan_report(
            &snap.plant,
            &book,
            &plan,
            outlooks.as_deref().map(|o| (level, o)),
            lang,
        ))
    })
    .await?;
    Ok((
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response())
}

async fn order(State(s): Shared, headers: HeaderMap, Path(id): Path<String>) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let state = s.clone();
    let answer = blocking(move || order_answer(&state, &id)).await?;
    Ok(json_response(StatusCode::OK, &answer))
}

/// An order: where it stands, its plan and timeline, its status history and the review
/// records issued for it.
fn order_answer(s: &AppState, id: &str) -> Result<Value, ApiError> {
    let snap = s.snapshot.load();
    let f = snap.folded();
    let Some(&ix) = f.book.index.get(id) else {
        return Err(ApiError::not_found(format!("order \"{id}\" not found")));
    };
    let order = &f.book.orders[ix];
    let planned = f.committed.planned.iter().position(|p| p.order == ix);
    let (plan, timeline) = match planned {
        Some(seq) => {
            let p = &f.committed.planned[seq].plan;
            (
                json!(order_json(
                    &f.plant,
                    order,
                    p,
                    &f.bookings,
                    seq as u32,
                    0,
                    Flavour::Planned
                )),
                gantt::steps(&f.plant, &f.settings, p),
            )
        }
        None if order.status == Status::Quote => {
            let (_, full) = snap.full_plan();
            let bookings = Bookings::of_plan(&f.plant, &full);
            match full.planned.iter().position(|p| p.order == ix) {
                Some(seq) => {
                    let p = &full.planned[seq].plan;
                    (
                        json!(order_json(
                            &f.plant,
                            order,
                            p,
                            &bookings,
                            seq as u32,
                            0,
                            Flavour::Planned
                        )),
                        gantt::steps(&f.plant, &f.settings, p),
                    )
                }
                None => (Value::Null, Vec::new()),
            }
        }
        None => (Value::Null, Vec::new()),
    };
    let reader = s
        .reader
        .lock()
        .map_err(|_| ApiError::internal("the read connection failed"))?;
    let history = reader.history(id).map_err(ApiError::internal)?;
    let reviews = reader.reviews_of(id).map_err(ApiError::internal)?;
    drop(reader);
    let status = history
        .iter()
        .rev()
        .map(|e| e.status.as_str())
        .find(|st| *st != "changed")
        .unwrap_or(lifecycle_of(order.status.as_str()));
    Ok(json!({
        "order_id": id,
        "status": status,
        "plan": plan,
        "timeline": timeline.iter().map(|st| json!({
            "step": st.label, "from": st.from, "to": st.to, "bottleneck": st.bottleneck,
        })).collect::<Vec<_>>(),
        "history": history.iter().map(|e| json!({"status": e.status, "at": e.at, "note": e.note})).collect::<Vec<_>>(),
        "reviews": reviews.iter().map(|(rid, at)| json!({"id": rid, "at": at})).collect::<Vec<_>>(),
    }))
}
