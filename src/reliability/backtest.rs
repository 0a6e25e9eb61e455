//! The honest check: are promises at service level P kept P of the time?
//!
//! Promise dates and confidences are computed from one set of scenarios (the prediction
//! seed); a second, independent set (the check seed) replays the same plan and counts how
//! often orders arrive by their promise. Compared with blind promising (promise = the
//! requested date) and with the best uniform buffer; the stated confidence is checked
//! with a reliability diagram and the Brier score.

use super::{Options, Outlook, simulate};
use crate::model::{OrderBook, Plant};
use crate::plan::{Plan, Settings};
use serde::Serialize;

/// The service levels a backtest reports.
pub const LEVELS: [f64; 4] = [0.8, 0.9, 0.95, 0.99];

#[derive(Clone, Debug, Serialize)]
pub struct Level {
    pub service_level: f64,
    /// Share of (order, check scenario) pairs arriving by the promise.
    pub hit_rate: f64,
    /// The same, among orders whose predicted date varies at all.
    pub hit_rate_varying: Option<f64>,
    /// The hit rate the prediction scenarios themselves give: above the level only
    /// because dates are whole days (the quantile day carries a lump of probability).
    pub in_sample_hit_rate: f64,
    pub mean_buffer_days: f64,
    pub median_buffer_days: f64,
    /// The smallest uniform buffer whose hit rate reaches `hit_rate`.
    pub fixed_buffer_days: i32,
    pub fixed_hit_rate: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    pub orders: usize,
    pub predicted: Option<f64>,
    pub realized: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Backtest {
    pub scenarios: u32,
    pub prediction_scenarios: u32,
    pub orders: usize,
    pub orders_varying: usize,
    pub blind_hit_rate: Option<f64>,
    pub levels: Vec<Level>,
    pub calibration: Vec<Bin>,
    pub brier: Option<f64>,
}

/// One feasible order: its predicted and its checked outlook.
struct Pair<'a> {
    predicted: &'a Outlook,
    checked: &'a Outlook,
    requested: Option<crate::day::Day>,
    due: Option<crate::day::Day>,
}

pub fn backtest(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    predict: Options,
    check: Options,
    progress: &(dyn Fn(u32) + Sync),
) -> Backtest {
    let plan = Plan::build(plant, book, settings);
    let predicted = simulate(plant, book, &plan, predict, progress);
    let checked = simulate(plant, book, &plan, check, progress);
    let pairs: Vec<Pair> = plan
        .planned
        .iter()
        .zip(predicted.iter().zip(&checked))
        .filter_map(|(p, (a, b))| {
            let order = &book.orders[p.order];
            Some(Pair {
                predicted: a.as_ref()?,
                checked: b.as_ref()?,
                requested: order.requested(),
                due: order.due(),
            })
        })
        .collect();
    let varying = pairs
        .iter()
        .filter(|p| p.predicted.distribution.varies())
        .count();
    Backtest {
        scenarios: check.scenarios,
        prediction_scenarios: predict.scenarios,
        orders: pairs.len(),
        orders_varying: varying,
        blind_hit_rate: mean(
            pairs
                .iter()
                .filter_map(|p| Some(p.checked.distribution.confidence(p.requested?))),
        ),
        levels: LEVELS.iter().map(|&l| level(&pairs, l)).collect(),
        calibration: calibration(&pairs),
        brier: mean(pairs.iter().filter_map(|p| {
            let due = p.due?;
            let (f, r) = (
                p.predicted.distribution.confidence(due),
                p.checked.distribution.confidence(due),
            );
            // Mean over the check scenarios of (f − outcome)², outcome 1 with frequency r.
            Some(f * f - 2.0 * f * r + r)
        })),
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (n, s) = xs.fold((0usize, 0.0), |(n, s), x| (n + 1, s + x));
    (n > 0).then(|| s / n as f64)
}

fn level(pairs: &[Pair], l: f64) -> Level {
    let hit = |p: &Pair| {
        p.checked
            .distribution
            .confidence(p.predicted.distribution.promise(l))
    };
    let mut buffers: Vec<i32> = pairs
        .iter()
        .map(|p| {
            p.predicted
                .distribution
                .promise(l)
                .since(p.predicted.distribution.deterministic)
        })
        .collect();
    buffers.sort_unstable();
    let hit_rate = mean(pairs.iter().map(hit)).unwrap_or(1.0);
    let fixed_rate = |n: i32| {
        mean(pairs.iter().map(|p| {
            p.checked
                .distribution
                .confidence(p.predicted.distribution.deterministic + n)
        }))
        .unwrap_or(1.0)
    };
    let mut n = 0;
    // Uniform buffers: the smallest one that does as well (a few years at most).
    while fixed_rate(n) < hit_rate - 1e-12 && n < 3650 {
        n += 1;
    }
    Level {
        service_level: l,
        hit_rate,
        hit_rate_varying: mean(
            pairs
                .iter()
                .filter(|p| p.predicted.distribution.varies())
                .map(hit),
        ),
        in_sample_hit_rate: mean(pairs.iter().map(|p| {
            p.predicted
                .distribution
                .confidence(p.predicted.distribution.promise(l))
        }))
        .unwrap_or(1.0),
        mean_buffer_days: mean(buffers.iter().map(|&b| f64::from(b))).unwrap_or(0.0),
        median_buffer_days: median(&buffers),
        fixed_buffer_days: n,
        fixed_hit_rate: fixed_rate(n),
    }
}

fn median(sorted: &[i32]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => f64::from(sorted[n / 2]),
        n => f64::from(sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Orders binned by predicted probability of meeting their due date, in tenths.
fn calibration(pairs: &[Pair]) -> Vec<Bin> {
    (0..10)
        .map(|b| {
            let (low, high) = (f64::from(b) / 10.0, f64::from(b + 1) / 10.0);
            let inside: Vec<(f64, f64)> = pairs
                .iter()
                .filter_map(|p| {
                    let due = p.due?;
                    let f = p.predicted.distribution.confidence(due);
                    let bin = ((f * 10.0).floor() as i32).min(9);
                    (bin == b).then(|| (f, p.checked.distribution.confidence(due)))
                })
                .collect();
            Bin {
                low,
                high,
                orders: inside.len(),
                predicted: mean(inside.iter().map(|x| x.0)),
                realized: mean(inside.iter().map(|x| x.1)),
            }
        })
        .collect()
}
