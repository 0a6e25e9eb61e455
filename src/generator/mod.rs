//! Synthetic plants in SPEC.md's CSV format, for benchmarks, property tests and demos.
//!
//! The shapes follow a make-to-order plant: many products, small mixed orders, 1–3 able
//! lines per product, 1–6 materials per product, a few special (designed) orders, split
//! orders, open receipts, a public holiday, power-rationing days and weekend overtime.
//! Order quantities are scaled so that the demand uses `load` of the line time over the
//! horizon. Pure: returns file names and contents; deterministic for a seed.

use crate::day::Day;

pub use history::history;

mod draft;
mod history;
mod render;
mod routed;

#[derive(Clone, Debug, PartialEq)]
pub struct GenParams {
    pub lines: usize,
    pub products: usize,
    pub materials: usize,
    pub orders: usize,
    pub horizon_days: i32,
    /// Share of the line time over the horizon that the demand needs.
    pub load: f64,
    pub seed: u64,
    /// The first day of the horizon (the intended as-of date).
    pub start: Day,
}

impl GenParams {
    /// Named sizes: `xs`, `s`, `m` (the benchmark plant of the issues), `l` (twice M's
    /// orders over twice the horizon), `xl` (100,000 orders).
    pub fn preset(name: &str, start: Day) -> Option<GenParams> {
        let (lines, products, materials, orders, horizon_days) = match name {
            "xs" => (3, 12, 20, 40, 60),
            "s" => (10, 200, 500, 2_000, 240),
            "m" => (50, 2_000, 5_000, 20_000, 240),
            "l" => (50, 2_000, 5_000, 40_000, 480),
            "xl" => (50, 2_000, 5_000, 100_000, 1_200),
            _ => return None,
        };
        Some(GenParams {
            lines,
            products,
            materials,
            orders,
            horizon_days,
            load: 0.9,
            seed: 1,
            start,
        })
    }
}

/// A named size of `promise gen`: its parameters, and whether the plant is multi-step
/// (`m-routed`, `l-routed`: the size before `-routed`, made with [`generate_routed`]).
pub fn sized(name: &str, start: Day) -> Option<(GenParams, bool)> {
    match name.strip_suffix("-routed") {
        Some(base) => GenParams::preset(base, start).map(|p| (p, true)),
        None => GenParams::preset(name, start).map(|p| (p, false)),
    }
}

/// A generated data set: (file name, CSV text).
pub type Files = Vec<(&'static str, String)>;

const DESTINATIONS: [&str; 8] = [
    "Shanghai",
    "Shenzhen",
    "Chengdu",
    "Hamburg",
    "Rotterdam",
    "Chicago",
    "Singapore",
    "Dubai",
];

/// A one-step plant: every product made in one step on 1–3 able lines from purchased
/// materials.
pub fn generate(p: &GenParams) -> Files {
    render::render(&draft::draft(p))
}

/// A multi-step plant: the one-step plant of the same parameters with its lines in
/// families, about half of its products made in 2–3 steps with waits between them, and
/// about a fifth of them also made components of others (see [`routed`]).
pub fn generate_routed(p: &GenParams) -> Files {
    let mut d = draft::draft(p);
    routed::route(&mut d, p);
    render::render(&d)
}
