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
pub mod distribution;
pub mod margin;
pub mod replay;
pub mod risk;
mod run;
pub mod sample;

pub use distribution::Distribution;
pub use risk::{Risk, RiskKind};

use crate::day::Day;
use crate::model::{Order, OrderBook, Plant};
use crate::plan::{OrderPlan, Plan};
use distribution::Histogram;
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

/// The most scenarios one request may simulate (`--scenarios`, and `scenarios` in the
/// service's queries and bodies). Memory is flat in the number of scenarios (counts per
/// day, see [`distribution`]), but time is not: on a 2-core machine a whole M plan
/// (20,000 orders) replays about 100 scenarios a second, so 10,000 is a couple of
/// minutes of both cores, and the p99 of 10,000 scenarios is already within a fraction of a
/// day of the model's own.
pub const MAX_SCENARIOS: u32 = 10_000;

/// What a scenario count must be, as error messages say it.
pub const SCENARIOS_EXPECTED: &str =
    "a whole number of scenarios 1..=10000 (the limit per request)";

/// The quantiles every quote reports.
pub const QUANTILES: [(f64, &str); 5] = [
    (0.5, "p50"),
    (0.8, "p80"),
    (0.9, "p90"),
    (0.95, "p95"),
    (0.99, "p99"),
];

/// What the scenarios say about one order.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlook {
    pub distribution: Distribution,
    pub risk: Option<Risk>,
}

/// Scenarios are computed in chunks of this size: the unit of parallel work, fixed so that
/// results do not depend on how many threads there are.
const CHUNK: u32 = 25;

/// What a set of scenarios said about the orders of interest: counts per delivery day
/// and the days each source added, both integer sums, so that any two sets of scenarios
/// merge exactly and in any order.
struct Tally {
    days: Vec<Histogram>,
    attribution: Attribution,
    /// One chunk's deliveries, scenario by scenario (`[scenario × orders + order]`), counted
    /// into `days` once per chunk: writing them one after another and touching each
    /// order's histogram once per chunk, not once per scenario, keeps the cache warm.
    chunk: Vec<Day>,
}

impl Tally {
    fn new(orders: usize) -> Tally {
        Tally {
            days: vec![Histogram::default(); orders],
            attribution: Attribution::new(orders),
            chunk: Vec::new(),
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        for (all, part) in self.days.iter_mut().zip(&other.days) {
            all.merge(part);
        }
        self.attribution.merge(other.attribution);
        self
    }
}

/// Replays `replay` under `opts.scenarios` scenarios and folds the outcomes of the orders
/// at positions `interest` (with their deterministic deliveries; `None` = infeasible).
/// `progress` is called with the number of scenarios done (for a progress bar).
/// Memory is flat in the number of scenarios: each worker folds its chunks into one
/// [`Tally`], and the tallies are merged.
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
    let done = std::sync::atomic::AtomicU32::new(0);
    let tally = (0..opts.scenarios.div_ceil(CHUNK))
        .into_par_iter()
        .fold(
            || Tally::new(interest.len()),
            |mut tally, c| {
                if stop() {
                    return tally;
                }
                let scenarios = c * CHUNK..((c + 1) * CHUNK).min(opts.scenarios);
                let n = interest.len();
                tally.chunk.clear();
                tally.chunk.resize(n * scenarios.len(), Day(0));
                for (j, s) in scenarios.clone().enumerate() {
                    let outcomes = replay.run(plant, &draws, s);
                    for (k, &(o, _)) in interest.iter().enumerate() {
                        let Some(jobs) = &replay.orders[o] else {
                            continue;
                        };
                        let outs = &outcomes[jobs.start as usize..jobs.end as usize];
                        let (last, out) = latest(outs);
                        tally.chunk[j * n + k] = out.delivery;
                        tally
                            .attribution
                            .add(k, &replay.jobs[jobs.start as usize + last], out);
                    }
                }
                let mut days = [Day(0); CHUNK as usize];
                for (k, &(o, _)) in interest.iter().enumerate() {
                    if replay.orders[o].is_some() {
                        let days = &mut days[..scenarios.len()];
                        for (j, d) in days.iter_mut().enumerate() {
                            *d = tally.chunk[j * n + k];
                        }
                        tally.days[k].add_all(days);
                    }
                }
                let n =
                    done.fetch_add(scenarios.len() as u32, std::sync::atomic::Ordering::Relaxed);
                progress(n + scenarios.len() as u32);
                tally
            },
        )
        .reduce(|| Tally::new(interest.len()), Tally::merge);
    if stop() {
        return None;
    }
    let Tally {
        days, attribution, ..
    } = tally;
    let outlooks = days
        .into_iter()
        .zip(interest)
        .enumerate()
        .map(|(k, (histogram, &(_, det)))| {
            det.map(|det| Outlook {
                distribution: Distribution::new(det, histogram),
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

/// The outlook of a quote planned after every order of `full` (the committed plan's
/// replay, e.g. `Snapshot::replay`; `plan` from `Snapshot::quote`), replaying only the
/// lines the quote uses and the committed orders queued on them. It equals the full
/// replay of the committed plan with the quote planned last.
pub fn simulate_quote(
    plant: &Plant,
    full: &Replay,
    order: &Order,
    plan: &OrderPlan,
    opts: Options,
) -> Option<Outlook> {
    simulate_quote_until(plant, full, order, plan, opts, &|| false).flatten()
}

/// [`simulate_quote`], stopped early (`None`) when `stop` says so between chunks.
pub fn simulate_quote_until(
    plant: &Plant,
    full: &Replay,
    order: &Order,
    plan: &OrderPlan,
    opts: Options,
    stop: &Stop<'_>,
) -> Option<Option<Outlook>> {
    let mut replay = full.subset(&Replay::lines_of(plan));
    replay.push(plant, order, plan);
    replay.seal();
    let interest = [(replay.orders.len() - 1, plan.delivery)];
    simulate_replay(plant, &replay, &interest, opts, &|_| {}, stop).map(|mut v| v.pop().flatten())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_scenario_message_states_the_limit() {
        let limit = format!("1..={}", super::MAX_SCENARIOS);
        assert!(super::SCENARIOS_EXPECTED.contains(&limit));
    }
}
