//! What the handlers share: the published snapshot, the door to the writer, the review
//! journal, a read connection, and the access rules.

use super::error::ApiError;
use super::writer::Job;
use crate::snapshot::Snapshot;
use crate::store::Store;
use crate::store::journal::Journal;
use arc_swap::ArcSwap;
use axum::http::{HeaderMap, StatusCode, header};
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

pub struct AppState {
    pub snapshot: Arc<Published>,
    pub writer: Sender<Job>,
    pub journal: Journal,
    /// For the history of an order (reads never wait for the writer: WAL).
    pub reader: Mutex<Store>,
    /// `None` with `--no-auth`.
    pub token: Option<String>,
    pub open_quotes: bool,
}

impl AppState {
    pub fn authorize(&self, headers: &HeaderMap, access: Access) -> Result<(), ApiError> {
        let Some(token) = &self.token else {
            return Ok(());
        };
        if access == Access::Open || (access == Access::Quote && self.open_quotes) {
            return Ok(());
        }
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            Some(g) if same(g.as_bytes(), token.as_bytes()) => Ok(()),
            Some(_) => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Authorization: wrong token",
            )),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Authorization: expected the header \"Authorization: Bearer <token>\"",
            )),
        }
    }

    /// Hands a job to the writer.
    pub fn send(&self, job: Job) -> Result<(), ApiError> {
        self.writer.send(job).map_err(|_| ApiError::unavailable())
    }
}

/// Compares two tokens in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
