//! The service's JSON bodies: the first byte picks the endpoint (`POST /quote`,
//! `POST /orders`, `POST /changes`), the rest is the body, answered on the demo plant's
//! snapshot exactly as the service would (`promise::serve::offline`): an answer or an
//! error status, never a panic. A quote simulating more than 100 scenarios is skipped:
//! it is slow by design (the limit per request is 10,000), not a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promise::day::Day;
use promise::load::load_bytes;
use promise::plan::Settings;
use promise::serve::offline::{Endpoint, answer};
use promise::snapshot::Snapshot;
use std::sync::{Arc, OnceLock};

#[path = "../common.rs"]
mod common;

fn snapshot() -> &'static Snapshot {
    static SNAP: OnceLock<Snapshot> = OnceLock::new();
    SNAP.get_or_init(|| {
        let (plant, book) = load_bytes(&common::demo()).expect("the demo loads");
        let settings = Settings::new(Day::parse("2026-03-02").unwrap());
        Snapshot::new(Arc::new(plant), Arc::new(book), settings)
    })
}

/// Whether the body asks for a simulation of more than 100 scenarios (1,000 by default).
fn slow(body: &[u8]) -> bool {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    v.get("service_level").is_some()
        && v.get("scenarios")
            .and_then(|s| s.as_f64())
            .is_none_or(|n| n > 100.0)
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let endpoint = match which % 3 {
        0 => Endpoint::Quote,
        1 => Endpoint::Commit,
        _ => Endpoint::Changes,
    };
    if endpoint == Endpoint::Quote && slow(body) {
        return;
    }
    if let Err((status, body)) = answer(snapshot(), endpoint, body) {
        assert!((400..500).contains(&status), "{status}: {body}");
    }
});
