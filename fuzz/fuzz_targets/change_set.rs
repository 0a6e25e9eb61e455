//! A change file (`promise change --changes FILE`) applied to the demo plant: diagnostics
//! or a changed plant, never a panic; a change set that applies is planned before and
//! after and written as the change notice, as `promise change --json` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promise::day::Day;
use promise::explain;
use promise::load::{apply_changes, load_bytes};
use promise::model::{OrderBook, Plant};
use promise::plan::Settings;
use promise::report::notice::notice_json;
use std::sync::OnceLock;

#[path = "../common.rs"]
mod common;

fn demo() -> &'static (Plant, OrderBook) {
    static DEMO: OnceLock<(Plant, OrderBook)> = OnceLock::new();
    DEMO.get_or_init(|| load_bytes(&common::demo()).expect("the demo loads"))
}

fuzz_target!(|data: &[u8]| {
    let (plant, book) = demo();
    let Ok((changes, changed_plant, changed_book)) =
        apply_changes("changes.csv", data, plant, book)
    else {
        return;
    };
    let settings = Settings::new(Day::parse("2026-03-02").unwrap());
    let c = explain::change_notice(plant, book, changed_plant, changed_book, settings);
    let json = serde_json::to_vec(&notice_json(&c.plant, plant, &changes, &c.notice)).unwrap();
    assert!(!json.is_empty());
});
