//! The endpoints. Reads (`/quote`, `/plan`, `/orders/{id}`) run on the snapshot they
//! load, never waiting for the writer; writes hand a job to the writer and answer what
//! it did. Every handler checks access first and answers JSON, errors included.

use super::body::{self, Object};
use super::error::{ApiError, bytes_response, json_response};
use super::quote;
use super::state::{Access, AppState, Caller};
use super::writer::Job;
use crate::day::Day;
use crate::model::Status;
use crate::plan::bookings::Bookings;
use crate::report::gantt;
use crate::report::json::{Flavour, order_json};
use crate::store::rules::Refusal;
use crate::store::{journal::Record, lifecycle_of};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// The client's address, set on each request by the accept loop.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub SocketAddr);

pub(super) type Shared = State<Arc<AppState>>;
pub(super) type Answer = Result<Response, ApiError>;
type Reply = oneshot::Sender<Result<Value, Refusal>>;

/// How requests are read.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    /// Largest body, in bytes (413 above).
    pub body_limit: usize,
    /// Time a client has to send the body once its head arrived (408 after).
    pub timeout: Duration,
}

pub fn router(state: Arc<AppState>, reading: Reading) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .route("/quote", post(quote))
        .route("/orders", post(commit))
        .route("/orders/{id}", get(order))
        .route("/orders/{id}/status", post(status))
        .route("/changes", post(changes))
        .route("/replan", post(replan))
        .route("/plan", get(super::plan::plan))
        .route("/report", get(super::plan::report))
        .route("/kpi", get(super::kpi::kpi))
        .route("/followup", get(super::followup::followup))
        .fallback(|| async {
            ApiError::not_found("no such endpoint (see the README's Service section)")
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method not allowed on this endpoint",
            )
        })
        .layer(DefaultBodyLimit::max(reading.body_limit))
        .layer(middleware::from_fn_with_state(
            (state.clone(), reading),
            observe,
        ))
        .with_state(state)
}

/// The route a path is answered by: the label of its metrics (bounded: a client cannot
/// invent new ones).
fn endpoint(path: &str) -> &'static str {
    const ROUTES: [&str; 10] = [
        "/health",
        "/metrics",
        "/quote",
        "/orders",
        "/changes",
        "/replan",
        "/plan",
        "/report",
        "/kpi",
        "/followup",
    ];
    if let Some(r) = ROUTES.iter().find(|r| **r == path) {
        return r;
    }
    match path.strip_prefix("/orders/") {
        Some(rest) if rest.ends_with("/status") => "/orders/{id}/status",
        Some(_) => "/orders/{id}",
        None => "(other)",
    }
}

/// Around every request: the body read whole within the read timeout and the size limit
/// (a client trickling a body cannot hold a connection), then one log line (method, path,
/// status, time; `RUST_LOG` tunes it) and the metrics of its endpoint.
async fn observe(
    State((s, reading)): State<(Arc<AppState>, Reading)>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let peer = req.extensions().get::<Peer>().map(|p| p.0);
    let response = match read_body(req, reading).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    };
    let took = started.elapsed();
    let status = response.status().as_u16();
    s.metrics
        .request(endpoint(&path), method.as_str(), status, took);
    tracing::info!(
        target: "promise::http",
        method = %method,
        path = %path,
        status,
        ms = %format!("{:.2}", took.as_secs_f64() * 1e3),
        peer = %peer.map_or(String::new(), |p| p.to_string()),
        "request"
    );
    response
}

async fn read_body(req: Request, reading: Reading) -> Result<Request, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body: too large (see --max-body)",
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > reading.body_limit as u64) {
        return Err(too_large());
    }
    let (parts, body) = req.into_parts();
    match tokio::time::timeout(
        reading.timeout,
        axum::body::to_bytes(body, reading.body_limit),
    )
    .await
    {
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "body: not received within {} s (--read-timeout)",
                reading.timeout.as_secs()
            ),
        )),
        Ok(Err(e)) if e.to_string().contains("length limit") => Err(too_large()),
        Ok(Err(e)) => Err(ApiError::field("body", format!("cannot read it: {e}"))),
        Ok(Ok(bytes)) => Ok(Request::from_parts(parts, Body::from(bytes))),
    }
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
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("the request failed: {e}"))))
}

/// Sends a job to the writer and waits for its answer.
async fn write(s: &AppState, job: impl FnOnce(Reply) -> Job) -> Result<Value, ApiError> {
    let (tx, rx) = oneshot::channel();
    s.send(job(tx))?;
    match rx.await {
        Ok(answer) => answer.map_err(ApiError::from),
        Err(_) => Err(ApiError::internal(
            "the writer failed on this request; nothing was stored",
        )),
    }
}

/// A path parameter, or 400 in JSON (`/orders/%FF%FE` is not UTF-8).
fn path_id(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(id)| id)
        .map_err(|r| ApiError::field("path", r.body_text()))
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

/// `GET /metrics`: Prometheus' text format.
async fn metrics(State(s): Shared, headers: HeaderMap) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let text = s
        .metrics
        .render((s.journal.written(), s.journal.dropped(), s.journal.pruned()));
    Ok((
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

async fn quote(
    State(s): Shared,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let caller = s.authorize(&headers, Access::Quote)?;
    if caller == Caller::Anonymous {
        let ip = peer.map_or([127, 0, 0, 1].into(), |p| p.0.0.ip());
        s.limiter
            .check(ip)
            .inspect_err(|_| s.metrics.rate_limited())?;
    }
    let obj = body::object(&bytes(body)?)?;
    let snap = s.snapshot.load();
    let (order, opts) = quote::request(&obj, &snap, caller)?;
    let json = if opts.service_level.is_some() {
        s.sims
            .run(move |c| quote::answer(&snap, &order, &opts, caller, &|| c.stop()).map(Ok))
            .await?
    } else if opts.heavy() {
        blocking(move || {
            quote::answer(&snap, &order, &opts, caller, &|| false)
                .ok_or_else(|| ApiError::internal("the quote stopped"))
        })
        .await?
    } else {
        quote::answer(&snap, &order, &opts, caller, &|| false)
            .ok_or_else(|| ApiError::internal("the quote stopped"))?
    };
    let text = serde_json::to_string(&json).map_err(ApiError::internal)?;
    s.journal.record(Record::new(&json.order_id, text.clone()));
    Ok(bytes_response(StatusCode::OK, text.into_bytes()))
}

pub(super) const COMMIT_FIELDS: [&str; 11] = [
    "order_id",
    "service_level",
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
    let service_level = body::commit_service_level(&obj)?;
    let order = body::order(&obj, &s.snapshot.load().plant, "committed", None, false)?;
    let answer = write(&s, |reply| Job::Commit {
        order,
        service_level,
        reply,
    })
    .await?;
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
        as_of(&obj, &s)?
    };
    let answer = write(&s, |reply| Job::Replan { as_of, reply }).await?;
    Ok(json_response(StatusCode::OK, &answer))
}

/// The `as_of` of a re-plan: a date of the range, at most the horizon after today.
fn as_of(obj: &Object, s: &AppState) -> Result<Option<Day>, ApiError> {
    let Some(text) = body::string(obj, "as_of")? else {
        return Ok(None);
    };
    let day = Day::read(&text).map_err(|e| ApiError::field("as_of", e.describe(&text)))?;
    match Day::as_of_problem(day, super::today(), s.clock.horizon_days) {
        Some(p) => Err(ApiError::field("as_of", p)),
        None => Ok(Some(day)),
    }
}

async fn status(
    State(s): Shared,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let id = path_id(id)?;
    let obj = body::object(&bytes(body)?)?;
    body::only(
        &obj,
        &["status", "note", "shipped_date", "received_date"],
        "",
    )?;
    let status = body::string(&obj, "status")?.ok_or_else(|| {
        ApiError::field(
            "status",
            "missing (in_production, shipped, received or cancelled)",
        )
    })?;
    let note = body::string(&obj, "note")?.unwrap_or_default();
    let shipped_date = date_field(&obj, "shipped_date")?;
    let received_date = date_field(&obj, "received_date")?;
    let answer = write(&s, |reply| Job::Status {
        order_id: id,
        status,
        note,
        shipped_date,
        received_date,
        reply,
    })
    .await?;
    Ok(json_response(StatusCode::OK, &answer))
}

/// An optional date field: a date of the range (1900–2999), else 400 naming the field.
fn date_field(obj: &Object, key: &str) -> Result<Option<Day>, ApiError> {
    match body::string(obj, key)? {
        None => Ok(None),
        Some(text) => Day::read(&text)
            .map(Some)
            .map_err(|e| ApiError::field(key, e.describe(&text))),
    }
}

async fn order(
    State(s): Shared,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Answer {
    s.authorize(&headers, Access::Token)?;
    let id = path_id(id)?;
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
        "history": history.iter().map(|e| {
            let mut h = json!({"status": e.status, "at": e.at, "note": e.note});
            if let Some(d) = e.date {
                h["date"] = json!(d);
            }
            if let Some(p) = e.service_level {
                h["service_level"] = json!(p);
            }
            h
        }).collect::<Vec<_>>(),
        "reviews": reviews.iter().map(|(rid, at)| json!({"id": rid, "at": at})).collect::<Vec<_>>(),
    }))
}
