//! A whole plant data set: the input is the files of SPEC.md's table separated by NUL
//! bytes, in the order of `promise_fuzz_common::FILES` (an empty part is a missing file).
//! Loading must give a model or diagnostics, never a panic; a model that loads is planned,
//! written as `plan --json` and replayed under a few scenarios.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promise::day::Day;
use promise::load::load_bytes;
use promise::plan::{Plan, Settings};
use promise::reliability::{self, Options};
use promise::report::json::plan_json;

#[path = "../common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let files = common::split(data);
    let Ok((plant, book)) = load_bytes(&files) else {
        return;
    };
    let settings = Settings::new(Day::parse("2026-03-02").unwrap());
    let plan = Plan::build(&plant, &book, settings);
    let json = serde_json::to_vec(&plan_json(&plant, &book, &plan)).unwrap();
    assert!(!json.is_empty());
    let opts = Options {
        scenarios: 3,
        seed: 1,
    };
    reliability::simulate(&plant, &book, &plan, opts, &|_| {});
});
