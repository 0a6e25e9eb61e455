//! Reliability: how likely a planned date is, and the date that is kept with a chosen
//! probability. Supplier lead times, receipts and transit vary, and line shifts are lost
//! (see [`sample`] for the distributions); each scenario replays the plan ([`replay`]).
//! Per order, the delivery dates over the scenarios form a [`Distribution`]: its quantiles
//! are promise dates, its CDF at the due date is the confidence, and the stage that added
//! most days across the scenarios is the main [`Risk`].
//!
//! Deterministic for a seed whatever the thread count: scenarios are pure functions of
//! `(seed, index)`, computed in fixed chunks, and combined with integer sums only.

pub mod backtest;
pub mod margin;
pub mod replay;
pub mod risk;
mod run;
pub mod sample;

pub use risk::{Risk, RiskKind};

use crate::day::Day;
use crate::model::{Order, OrderBook, Plant};
use crate::plan::{OrderPlan, Plan};
use crate::snapshot::Snapshot;
use rayon::prelude::*;
use replay::{JobOutcome, Replay};
use risk::Attribution;
use sample::Draws;

/// How many scenarios, from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub scenarios: u32,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            scenarios: 1000,
            seed: 1,
        }
    }
}

/// The quantiles every quote reports.
pub const QUANTILES: [(f64, &str); 5] = [
    (0.5, "p50"),
    (0.8, "p80"),
    (0.9, "p90"),
    (0.95, "p95"),
    (0.99, "p99"),
];

/// An order's delivery dates over the scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct Distribution {
    /// The deterministic plan's delivery.
    pub deterministic: Day,
    /// One delivery per scenario, sorted.
    pub sorted: Vec<Day>,
}

impl Distribution {
    pub fn new(deterministic: Day, mut samples: Vec<Day>) -> Distribution {
        samples.sort_unstable();
        Distribution {
            deterministic,
            sorted: samples,
        }
    }

    /// The smallest day on or before which at least a share `p` of the scenarios deliver.
    pub fn quantile(&self, p: f64) -> Day {
        let n = self.sorted.len();
        if n == 0 {
            return self.deterministic;
        }
        // (p·n) rounded up, guarding against 0.95 × 1000 = 950.0000000000001.
        let k = ((p * n as f64) - 1e-9).ceil().clamp(1.0, n as f64) as usize;
        self.sorted[k - 1]
    }

    /// The promise at service level `p`: the `p`-quantile, never before the deterministic date.
    pub fn promise(&self, p: f64) -> Day {
        self.quantile(p).max(self.deterministic)
    }

    /// The share of scenarios delivering on or before `day`.
    pub fn confidence(&self, day: Day) -> f64 {
        if self.sorted.is_empty() {
            return if self.deterministic <= day { 1.0 } else { 0.0 };
        }
        self.sorted.partition_point(|&d| d <= day) as f64 / self.sorted.len() as f64
    }

    /// Whether the date varies at all across the scenarios.
    pub fn varies(&self) -> bool {
        self.sorted.first() != self.sorted.last()
    }
}

/// What the scenarios say about one order.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlook {
    pub distribution: Distribution,
    pub risk: Option<Risk>,
}

/// Scenarios are computed in chunks of this size: the unit of parallel work, fixed so that
/// results do not depend on how many threads there are.
const CHUNK: u32 = 25;

/// Replays `replay` under `opts.scenarios` scenarios and folds the outcomes of the orders
/// at positions `interest` (with their deterministic deliveries; `None` = infeasible).
/// `progress` is called with the number of scenarios done (for a progress bar).
/// `stop` is asked before each chunk: once it says so, the remaining chunks are skipped
/// and the answer is `None` (a service's caller went away or ran out of time).
fn simulate_replay(
    plant: &Plant,
    replay: &Replay,
    interest: &[(usize, Option<Day>)],
    opts: Options,
    progress: &(dyn Fn(u32) + Sync),
    stop: &Stop<'_>,
) -> Option<Vec<Option<Outlook>>> {
    let draws = Draws { seed: opts.seed };
    let chunks: Vec<u32> = (0..opts.scenarios.div_ceil(CHUNK)).collect();
    let done = std::sync::atomic::AtomicU32::new(0);
    let per_chunk: Vec<(Vec<Vec<Day>>, Attribution)> = chunks
        .par_iter()
        .map(|&c| {
            if stop() {
                return (Vec::new(), Attribution::new(0));
            }
            let scenarios = c * CHUNK..((c + 1) * CHUNK).min(opts.scenarios);
            let mut days: Vec<Vec<Day>> = vec![Vec::new(); interest.len()];
            let mut attribution = Attribution::new(interest.len());
            for s in scenarios.clone() {
                let outcomes = replay.run(plant, &draws, s);
                for (k, &(o, _)) in interest.iter().enumerate() {
                    let Some(jobs) = &replay.orders[o] else {
                        continue;
                    };
                    let outs = &outcomes[jobs.start as usize..jobs.end as usize];
                    let (last, out) = latest(outs);
                    days[k].push(out.delivery);
                    attribution.add(k, &replay.jobs[jobs.start as usize + last], out);
                }
            }
            let n = done.fetch_add(scenarios.len() as u32, std::sync::atomic::Ordering::Relaxed);
            progress(n + scenarios.len() as u32);
            (days, attribution)
        })
        .collect();
    if stop() {
        return None;
    }
    let mut days: Vec<Vec<Day>> = vec![Vec::with_capacity(opts.scenarios as usize); interest.len()];
    let mut attribution = Attribution::new(interest.len());
    for (d, a) in per_chunk {
        for (all, part) in days.iter_mut().zip(d) {
            all.extend(part);
        }
        attribution.merge(a);
    }
    let outlooks = days
        .into_iter()
        .zip(interest)
        .enumerate()
        .map(|(k, (samples, &(_, det)))| {
            det.map(|det| Outlook {
                distribution: Distribution::new(det, samples),
                risk: Some(
                    attribution
                        .main(plant, k, opts.scenarios)
                        .unwrap_or_else(Risk::none),
                ),
            })
        })
        .collect();
    Some(outlooks)
}

/// Asked between chunks of scenarios: true stops the simulation.
pub type Stop<'a> = dyn Fn() -> bool + Sync + 'a;

/// The job of an order delivered last (the first such), and its outcome.
fn latest(outs: &[JobOutcome]) -> (usize, &JobOutcome) {
    let mut best = 0;
    for (i, o) in outs.iter().enumerate() {
        if o.delivery > outs[best].delivery {
            best = i;
        }
    }
    (best, &outs[best])
}

/// The outlook of every order of a plan (indexed like `plan.planned`; `None` when infeasible).
pub fn simulate(
    plant: &Plant,
    book: &OrderBook,
    plan: &Plan,
    opts: Options,
    progress: &(dyn Fn(u32) + Sync),
) -> Vec<Option<Outlook>> {
    simulate_until(plant, book, plan, opts, progress, &|| false).unwrap_or_default()
}

/// [`simulate`], stopped early (`None`) when `stop` says so between chunks of scenarios.
pub fn simulate_until(
    plant: &Plant,
    book: &OrderBook,
    plan: &Plan,
    opts: Options,
    progress: &(dyn Fn(u32) + Sync),
    stop: &Stop<'_>,
) -> Option<Vec<Option<Outlook>>> {
    let replay = replay_of(plant, book, plan);
    let interest: Vec<(usize, Option<Day>)> = plan
        .planned
        .iter()
        .map(|p| p.plan.delivery)
        .enumerate()
        .collect();
    simulate_replay(plant, &replay, &interest, opts, progress, stop)
}

/// The replay of a whole plan.
pub fn replay_of(plant: &Plant, book: &OrderBook, plan: &Plan) -> Replay {
    let mut replay = Replay::new(plant, &plan.settings);
    for p in &plan.planned {
        replay.push(plant, &book.orders[p.order], &p.plan);
    }
    replay.seal();
    replay
}

/// The outlook of a quote planned on a snapshot (`plan` from `snapshot.quote(order)`),
/// replaying only the lines the quote uses and the committed orders queued on them. It
/// equals the full replay of the committed plan with the quote planned last.
pub fn simulate_quote(
    snapshot: &Snapshot,
    order: &Order,
    plan: &OrderPlan,
    opts: Options,
) -> Option<Outlook> {
    simulate_quote_until(snapshot, order, plan, opts, &|| false).flatten()
}

/// [`simulate_quote`], stopped early (`None`) when `stop` says so between chunks.
pub fn simulate_quote_until(
    snapshot: &Snapshot,
    order: &Order,
    plan: &OrderPlan,
    opts: Options,
    stop: &Stop<'_>,
) -> Option<Option<Outlook>> {
    let full = snapshot.replay();
    let mut replay = full.subset(&Replay::lines_of(plan));
    replay.push(&snapshot.plant, order, plan);
    replay.seal();
    let interest = [(replay.orders.len() - 1, plan.delivery)];
    simulate_replay(&snapshot.plant, &replay, &interest, opts, &|_| {}, stop)
        .map(|mut v| v.pop().flatten())
}
