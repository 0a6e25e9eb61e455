//! What the handlers share: the published snapshot, the door to the writer, the review
//! journal, a read connection, and the access rules.

use super::Clock;
use super::error::ApiError;
use super::limit::QuoteLimiter;
use super::metrics::Metrics;
use super::sims::Simulations;
use super::writer::Job;
use crate::snapshot::Snapshot;
use crate::store::Store;
use crate::store::journal::Journal;
use arc_swap::ArcSwap;
use axum::http::{HeaderMap, header};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

/// The current committed plan. Readers take it with one atomic load and keep their copy
/// as long as they need it; the writer publishes a new one after each write.
pub struct Published(ArcSwap<Snapshot>);

impl Published {
    pub fn new(s: Snapshot) -> Published {
        Published(ArcSwap::from_pointee(s))
    }

    pub fn load(&self) -> Arc<Snapshot> {
        self.0.load_full()
    }

    pub fn publish(&self, s: Snapshot) {
        self.0.store(Arc::new(s));
    }
}

/// Who may call what.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Open to anyone who reaches the port (`GET /health`).
    Open,
    /// `POST /quote`: open with `--open-quotes`, else like `Token`.
    Quote,
    /// Everything else: `Authorization: Bearer <token>`.
    Token,
}

/// Who is calling: the token's holder (or anyone with `--no-auth`), or an anonymous
/// caller let in by `--open-quotes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Trusted,
    Anonymous,
}

pub struct AppState {
    pub snapshot: Arc<Published>,
    pub writer: Sender<Job>,
    pub journal: Journal,
    /// For the history of an order (reads never wait for the writer: WAL).
    pub reader: Mutex<Store>,
    /// `None` with `--no-auth`.
    pub token: Option<String>,
    pub open_quotes: bool,
    pub clock: Clock,
    pub metrics: Arc<Metrics>,
    pub sims: Simulations,
    pub limiter: QuoteLimiter,
}

impl AppState {
    /// Checks the caller may use an endpoint of `access`. The scheme `Bearer` is matched
    /// case-insensitively (RFC 7235); a 401 says which scheme to use (`WWW-Authenticate`).
    pub fn authorize(&self, headers: &HeaderMap, access: Access) -> Result<Caller, ApiError> {
        let Some(token) = &self.token else {
            return Ok(Caller::Trusted);
        };
        let header = headers.get(header::AUTHORIZATION);
        let open = access == Access::Open || (access == Access::Quote && self.open_quotes);
        if open && header.is_none() {
            return Ok(Caller::Anonymous);
        }
        let given = header
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim());
        match given {
            Some(g) if same(g.as_bytes(), token.as_bytes()) => Ok(Caller::Trusted),
            Some(_) => Err(ApiError::unauthorized("Authorization: wrong token")),
            None => Err(ApiError::unauthorized(
                "Authorization: expected the header \"Authorization: Bearer <token>\"",
            )),
        }
    }

    /// Hands a job to the writer.
    pub fn send(&self, job: Job) -> Result<(), ApiError> {
        self.metrics.queued(1);
        self.writer.send(job).map_err(|_| {
            self.metrics.dequeued(1);
            ApiError::unavailable()
        })
    }
}

/// Compares two tokens in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
