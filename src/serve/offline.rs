//! The service's request bodies answered in memory: what a handler checks and what the
//! writer computes for `POST /quote`, `POST /orders` and `POST /changes`, without the
//! network and without the database. The fuzz target `json_bodies` (see `fuzz/`) drives
//! it, so a body that would panic the service panics here, on the same code.

use super::body;
use super::error::ApiError;
use super::quote;
use super::routes::COMMIT_FIELDS;
use super::state::Caller;
use super::writer::change_problems;
use crate::explain::notice;
use crate::load;
use crate::report::notice::notice_json;
use crate::snapshot::Snapshot;
use crate::store::rules;
use serde_json::{Value, json};
use std::sync::Arc;

/// The endpoints whose bodies are answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Quote,
    Commit,
    Changes,
}

/// The answer the service would give to `body` at `endpoint` on `snap`: its JSON, or the
/// error's status code and JSON. A commit is booked on a copy (the snapshot is never
/// changed) and a change set planned, but nothing is stored or published.
pub fn answer(snap: &Snapshot, endpoint: Endpoint, bytes: &[u8]) -> Result<Value, (u16, Value)> {
    let fail = |e: ApiError| (e.status.as_u16(), e.body);
    let obj = body::object(bytes).map_err(fail)?;
    match endpoint {
        Endpoint::Quote => {
            let (order, opts) = quote::request(&obj, snap, Caller::Trusted).map_err(fail)?;
            let j = quote::answer(snap, &order, &opts, Caller::Trusted, &|| false);
            Ok(json!(j))
        }
        Endpoint::Commit => {
            body::only(&obj, &COMMIT_FIELDS, "").map_err(fail)?;
            let level = body::commit_service_level(&obj).map_err(fail)?;
            let order = body::order(&obj, &snap.plant, "committed", None, false).map_err(fail)?;
            let b = rules::commit(snap, order, level).map_err(|r| fail(r.into()))?;
            Ok(json!({
                "order_id": b.commit.order_id,
                "delivery": b.delivery,
                "promised_date": b.promised,
            }))
        }
        Endpoint::Changes => {
            let file = body::change_file(&obj).map_err(fail)?;
            let f = snap.folded();
            let (changes, plant, book) =
                load::apply_changes("changes", file.as_bytes(), &f.plant, &f.book)
                    .map_err(|d| fail(change_problems(&d).into()))?;
            let after = Snapshot::new(Arc::new(plant), Arc::new(book), snap.settings);
            let (_, before_plan) = snap.full_plan();
            let (after_book, after_plan) = after.full_plan();
            let n = notice::notice(
                &after.plant,
                &f.book,
                &before_plan,
                &after_book,
                &after_plan,
            );
            Ok(json!(notice_json(&after.plant, &f.plant, &changes, &n)))
        }
    }
}
