//! The honest check against reality (`promise backtest --history`): fit on the history
//! before a cut-off date, then score what happened after it against the predicted
//! distributions — the fitted ones and the plant file's — side by side.
//!
//! - **Split.** The fit sees what had *finished* before the cut-off (receipts received,
//!   shipments delivered, line-days dated before it), as a planner fitting that day would;
//!   the check takes what *started* on or after it (receipts ordered, shipments shipped,
//!   line-days dated on or after it). A receipt ordered before the cut-off and received
//!   after it is in neither.
//! - **Predicted laws** are the ones the simulation samples: a fitted or plant-file
//!   quantile function drawn by inversion and rounded to whole days (so the predicted
//!   P-quantile day is `round(Q(P))`, and `P(day ≤ x) = F(x + ½)`); a line-day's lost
//!   shifts are binomial at `1 − availability` (plant file, or a fitted line without
//!   outages) or, under a fitted breakdown process, 0 on an up day and binomial at the
//!   outage's loss share on a down day, down with the sampler's stationary probability.
//! - **Coverage at P**: the share of held-out observations at or below the predicted
//!   P-quantile of their own material, lane or line. Whole days carry lumps of
//!   probability, so a correct law covers P *or a little more*.
//! - **PIT**: each observation's `F(x)` under its law, randomised within the lump of its
//!   whole day (`F(x−) + v·(F(x) − F(x−))`, `v` a uniform keyed by the observation, so
//!   the result is reproducible); a correct law gives 10 equal bins of the histogram,
//!   a law too narrow piles them at both ends, one too early at the top.
//! - **p80 off**: per material or lane with enough held out, the distance in days between
//!   the law's p80 day and the held-out p80 (the smallest value with 80 % at or below it),
//!   averaged — how far off the 80 % day is, as the issue measures the lognormal's miss.

use super::empirical::QuantileFunction;
use super::{Fit, parametric};
use crate::day::Day;
use crate::model::{History, Plant};
use serde::Serialize;
use std::collections::HashMap;

/// The levels whose coverage is reported.
pub const LEVELS: [f64; 4] = [0.8, 0.9, 0.95, 0.99];

/// Bins of the PIT histogram.
pub const PIT_BINS: usize = 10;

/// Coverage at p80, p90, p95 and p99 (`None` without observations).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    pub p80: Option<f64>,
    pub p90: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
}

/// How one predicted law (fitted or plant file) did on the held-out observations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    pub coverage: Coverage,
    /// The share of observations in each tenth of the PIT (all 0 without observations).
    pub pit: [f64; PIT_BINS],
    /// The mean predicted p90 (days, or shifts lost): how wide the promise is, since a
    /// law can cover anything by being wide.
    pub mean_p90: Option<f64>,
    /// The mean distance in days between the law's p80 day and the held-out p80 day of
    /// each material or lane with at least [`P80_MIN_OBSERVATIONS`] held out (`None`
    /// without any, and for line-days).
    pub p80_error_days: Option<f64>,
}

/// One kind of observation (lead times, delays, transits, lost shifts).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// Held-out observations.
    pub observations: usize,
    /// The mean held-out value.
    pub mean_observed: Option<f64>,
    /// Materials or lanes with at least [`P80_MIN_OBSERVATIONS`] held out: what
    /// `p80_error_days` averages over.
    pub p80_entities: usize,
    pub fitted: Score,
    pub plant_file: Score,
}

/// Line-days: the check of lost shifts plus the availability each law predicts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineCheck {
    #[serde(flatten)]
    pub check: Check,
    /// `Σ worked / Σ planned` of the held-out line-days.
    pub availability_observed: Option<f64>,
    pub availability_fitted: Option<f64>,
    pub availability_plant_file: Option<f64>,
}

/// How many observations the fit stood on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Training {
    pub receipts: usize,
    pub shipments: usize,
    pub line_days: usize,
}

/// The walk-forward check.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WalkForward {
    pub cutoff: Day,
    pub training: Training,
    /// Lead times `received − ordered`.
    pub receipts: Check,
    /// Delays `received − due`, of the receipts with a due date.
    pub delays: Check,
    /// Transits `delivered − shipped`.
    pub shipments: Check,
    /// Shifts lost per logged work day.
    pub lines: LineCheck,
}

/// Why a cut-off cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum CutoffProblem {
    EmptyHistory,
    NothingBefore { first: Day },
    NothingAfter { last: Day },
}

impl std::fmt::Display for CutoffProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            CutoffProblem::EmptyHistory => write!(f, "the history has no observations"),
            CutoffProblem::NothingBefore { first } => write!(
                f,
                "nothing in the history finished before it (the first observation starts {first})"
            ),
            CutoffProblem::NothingAfter { last } => write!(
                f,
                "nothing in the history starts on or after it (the last starts {last})"
            ),
        }
    }
}

/// The start dates of every observation: receipts ordered, shipments shipped, line-days.
fn starts(history: &History) -> Vec<Day> {
    let mut v: Vec<Day> = history
        .receipts
        .iter()
        .map(|r| r.ordered)
        .chain(history.shipments.iter().map(|s| s.shipped))
        .chain(
            history
                .line_log
                .iter()
                .filter(|d| d.planned > 0)
                .map(|d| d.date),
        )
        .collect();
    v.sort_unstable();
    v
}

/// The default cut-off: the start date leaving the last quarter of the observations
/// (receipts, shipments and logged work days together) to check.
pub fn default_cutoff(history: &History) -> Result<Day, CutoffProblem> {
    let v = starts(history);
    if v.is_empty() {
        return Err(CutoffProblem::EmptyHistory);
    }
    Ok(v[(v.len() * 3 / 4).min(v.len() - 1)])
}

/// The history split at `cutoff`: what had finished before it, what started on or after.
pub fn split(history: &History, cutoff: Day) -> (History, History) {
    let training = History {
        receipts: filtered(&history.receipts, |r| r.received < cutoff),
        shipments: filtered(&history.shipments, |s| s.delivered < cutoff),
        line_log: filtered(&history.line_log, |d| d.date < cutoff),
    };
    let held_out = History {
        receipts: filtered(&history.receipts, |r| r.ordered >= cutoff),
        shipments: filtered(&history.shipments, |s| s.shipped >= cutoff),
        line_log: filtered(&history.line_log, |d| d.date >= cutoff),
    };
    (training, held_out)
}

fn filtered<T: Clone>(v: &[T], keep: impl Fn(&T) -> bool) -> Vec<T> {
    v.iter().filter(|x| keep(x)).cloned().collect()
}

/// Fits on the history before `cutoff` and checks what came after. `floor` is the
/// smallest availability the reliability model uses (as `--history` does).
pub fn walk_forward(
    plant: &Plant,
    history: &History,
    cutoff: Day,
    floor: f64,
) -> Result<WalkForward, CutoffProblem> {
    let all = starts(history);
    let (Some(&first), Some(&last)) = (all.first(), all.last()) else {
        return Err(CutoffProblem::EmptyHistory);
    };
    let (training, held_out) = split(history, cutoff);
    let trained = training.receipts.len()
        + training.shipments.len()
        + training.line_log.iter().filter(|d| d.planned > 0).count();
    if trained == 0 {
        return Err(CutoffProblem::NothingBefore { first });
    }
    if starts(&held_out).is_empty() {
        return Err(CutoffProblem::NothingAfter { last });
    }
    let fit = super::fit(plant, &training);
    Ok(WalkForward {
        cutoff,
        training: Training {
            receipts: training.receipts.len(),
            shipments: training.shipments.len(),
            line_days: training.line_log.iter().filter(|d| d.planned > 0).count(),
        },
        receipts: lead_times(plant, &fit, &held_out),
        delays: delays(plant, &fit, &held_out),
        shipments: transits(plant, &fit, &held_out),
        lines: line_days(plant, &fit, &held_out, floor),
    })
}

fn lead_times(plant: &Plant, fit: &Fit, held_out: &History) -> Check {
    let plant_laws: Vec<QuantileFunction> = plant
        .materials
        .iter()
        .map(|m| parametric::skewed(m.lead_time_days, m.lead_time_sd_days))
        .collect();
    check(held_out.receipts.iter().map(|r| {
        (
            Some(r.material),
            r.lead_time(),
            Law::Days(&fit.materials[r.material].lead_time.quantiles),
            Law::Days(&plant_laws[r.material]),
        )
    }))
}

fn delays(plant: &Plant, fit: &Fit, held_out: &History) -> Check {
    let plant_laws: Vec<QuantileFunction> = plant
        .materials
        .iter()
        .map(|m| parametric::half_normal(m.lead_time_sd_days))
        .collect();
    check(held_out.receipts.iter().filter_map(|r| {
        Some((
            Some(r.material),
            r.delay()?,
            Law::Days(&fit.materials[r.material].delay.quantiles),
            Law::Days(&plant_laws[r.material]),
        ))
    }))
}

fn transits(plant: &Plant, fit: &Fit, held_out: &History) -> Check {
    // Lanes in the fit come in the plant's order: destination by destination, mode by mode.
    let mut first_lane = Vec::with_capacity(plant.destinations.len());
    let mut n = 0;
    for d in &plant.destinations {
        first_lane.push(n);
        n += d.modes.len();
    }
    let plant_laws: Vec<Vec<QuantileFunction>> = plant
        .destinations
        .iter()
        .map(|d| {
            d.modes
                .iter()
                .map(|m| parametric::skewed(m.days, m.days_sd))
                .collect()
        })
        .collect();
    check(held_out.shipments.iter().map(|s| {
        let lane = first_lane[s.destination] + s.mode;
        (
            Some(lane),
            s.transit(),
            Law::Days(&fit.lanes[lane].days.quantiles),
            Law::Days(&plant_laws[s.destination][s.mode]),
        )
    }))
}

fn line_days(plant: &Plant, fit: &Fit, held_out: &History, floor: f64) -> LineCheck {
    let fitted = fit.availability(floor);
    let mut expected = (0.0, 0.0);
    let (mut planned, mut worked) = (0u64, 0u64);
    let observations: Vec<Observation> = held_out
        .line_log
        .iter()
        .filter(|d| d.planned > 0)
        .map(|d| {
            let law = fit.lines[d.line].outages.as_ref().and_then(|o| o.law());
            let fitted_lost = match law {
                Some(l) => outage_lost_shifts(d.planned, l.rate, l.mean_days, l.window, l.loss),
                None => binomial(d.planned, 1.0 - fitted[d.line]),
            };
            let plant_lost = binomial(d.planned, 1.0 - plant.lines[d.line].availability);
            expected.0 += mean_of(&fitted_lost);
            expected.1 += mean_of(&plant_lost);
            planned += u64::from(d.planned);
            worked += u64::from(d.worked);
            (
                None,
                d.lost() as i32,
                Law::Shifts(fitted_lost),
                Law::Shifts(plant_lost),
            )
        })
        .collect();
    let share = |lost: f64| (planned > 0).then(|| 1.0 - lost / planned as f64);
    LineCheck {
        check: check(observations.into_iter()),
        availability_observed: share((planned - worked) as f64),
        availability_fitted: share(expected.0),
        availability_plant_file: share(expected.1),
    }
}

/// `P(lost = k)` for k = 0..=n when each of `n` shifts is lost with probability `p`.
pub fn binomial(n: u32, p: f64) -> Vec<f64> {
    let p = p.clamp(0.0, 1.0);
    let mut pmf = vec![0.0; n as usize + 1];
    let mut c = 1.0; // n choose k
    for (k, x) in pmf.iter_mut().enumerate() {
        let k32 = k as i32;
        *x = c * p.powi(k32) * (1.0 - p).powi(n as i32 - k32);
        c = c * f64::from(n - k as u32) / f64::from(k as u32 + 1);
    }
    pmf
}

/// Lost shifts of a day under the sampler's breakdown process: down with the stationary
/// probability that an outage started in the `window` days up to it lasts into it
/// (`1 − Π_b (1 − rate·stay^b)`, `stay = 1 − 1/mean_days`), then each shift lost with
/// probability `loss`; an up day loses none.
pub fn outage_lost_shifts(n: u32, rate: f64, mean_days: f64, window: i32, loss: f64) -> Vec<f64> {
    let stay = (1.0 - 1.0 / mean_days).max(0.0);
    let up: f64 = (0..window)
        .map(|b| 1.0 - rate * stay.powi(b))
        .product::<f64>();
    let mut pmf: Vec<f64> = binomial(n, loss).iter().map(|x| x * (1.0 - up)).collect();
    pmf[0] += up;
    pmf
}

fn mean_of(pmf: &[f64]) -> f64 {
    pmf.iter().enumerate().map(|(k, p)| k as f64 * p).sum()
}

/// A predicted law of a whole-number observation.
enum Law<'a> {
    /// Days drawn by inversion of a quantile function and rounded.
    Days(&'a QuantileFunction),
    /// Shifts lost, `P(k)` for k = 0, 1, ….
    Shifts(Vec<f64>),
}

impl Law<'_> {
    /// `P(X ≤ x)`.
    fn cdf(&self, x: i32) -> f64 {
        match self {
            Law::Days(q) => q.cdf(f64::from(x) + 0.5),
            Law::Shifts(pmf) => match usize::try_from(x) {
                Ok(k) => pmf.iter().take(k + 1).sum::<f64>().min(1.0),
                Err(_) => 0.0,
            },
        }
    }

    /// The smallest whole value whose `P(X ≤ ·)` reaches `p`.
    fn quantile(&self, p: f64) -> i32 {
        match self {
            Law::Days(q) => q.at(p).round() as i32,
            Law::Shifts(pmf) => {
                let mut cum = 0.0;
                for (k, x) in pmf.iter().enumerate() {
                    cum += x;
                    if cum >= p - 1e-9 {
                        return k as i32;
                    }
                }
                pmf.len().saturating_sub(1) as i32
            }
        }
    }
}

/// One held-out observation: its entity (material or lane; `None` for line-days, whose
/// law varies with the day's planned shifts), the value, the fitted and the plant file's law.
type Observation<'a> = (Option<usize>, i32, Law<'a>, Law<'a>);

/// Held-out observations an entity needs for its own p80 to be compared with the laws'.
/// 10: the held-out p80 is then the 8th of 10 — noisy for one entity, but the same noise
/// for both laws, and it averages out over many.
pub const P80_MIN_OBSERVATIONS: usize = 10;

/// Scores the observations.
fn check<'a>(observations: impl Iterator<Item = Observation<'a>>) -> Check {
    let mut fitted = Tally::default();
    let mut plant_file = Tally::default();
    let (mut n, mut sum) = (0usize, 0.0);
    // Per entity: its held-out values and each law's p80 day.
    let mut by_entity: HashMap<usize, (Vec<i32>, i32, i32)> = HashMap::new();
    for (i, (entity, x, f, p)) in observations.enumerate() {
        // One uniform per observation for both laws: the comparison is like for like.
        let v = keyed_uniform(i as u64);
        fitted.add(x, &f, v);
        plant_file.add(x, &p, v);
        n += 1;
        sum += f64::from(x);
        if let Some(e) = entity {
            by_entity
                .entry(e)
                .or_insert_with(|| (Vec::new(), f.quantile(0.8), p.quantile(0.8)))
                .0
                .push(x);
        }
    }
    // |law's p80 day − the held-out p80 day| over the entities with enough held out.
    let mut errors = (0usize, 0.0, 0.0);
    for (values, f80, p80) in by_entity.values_mut() {
        if values.len() < P80_MIN_OBSERVATIONS {
            continue;
        }
        values.sort_unstable();
        // The smallest value with at least 80 % of the held-out at or below it.
        let k = (values.len() * 4).div_ceil(5);
        let seen = f64::from(values[k - 1]);
        errors.0 += 1;
        errors.1 += (f64::from(*f80) - seen).abs();
        errors.2 += (f64::from(*p80) - seen).abs();
    }
    let mean = |s: f64| (errors.0 > 0).then(|| s / errors.0 as f64);
    let (mut fitted, mut plant_file) = (fitted.score(), plant_file.score());
    fitted.p80_error_days = mean(errors.1);
    plant_file.p80_error_days = mean(errors.2);
    Check {
        observations: n,
        mean_observed: (n > 0).then(|| sum / n as f64),
        p80_entities: errors.0,
        fitted,
        plant_file,
    }
}

#[derive(Default)]
struct Tally {
    n: usize,
    covered: [usize; LEVELS.len()],
    pit: [usize; PIT_BINS],
    p90_sum: f64,
}

impl Tally {
    fn add(&mut self, x: i32, law: &Law, v: f64) {
        self.n += 1;
        for (c, &l) in self.covered.iter_mut().zip(&LEVELS) {
            if x <= law.quantile(l) {
                *c += 1;
            }
        }
        let (below, at) = (law.cdf(x - 1), law.cdf(x));
        let u = below + v * (at - below);
        self.pit[((u * PIT_BINS as f64) as usize).min(PIT_BINS - 1)] += 1;
        self.p90_sum += f64::from(law.quantile(0.9));
    }

    fn score(&self) -> Score {
        let share = |k: usize| (self.n > 0).then(|| k as f64 / self.n as f64);
        Score {
            coverage: Coverage {
                p80: share(self.covered[0]),
                p90: share(self.covered[1]),
                p95: share(self.covered[2]),
                p99: share(self.covered[3]),
            },
            pit: self.pit.map(|k| share(k).unwrap_or(0.0)),
            mean_p90: (self.n > 0).then(|| self.p90_sum / self.n as f64),
            p80_error_days: None,
        }
    }
}

/// A uniform in [0, 1) from the observation's index (SplitMix64): the PIT's
/// randomisation within a lump, reproducible run to run.
fn keyed_uniform(i: u64) -> f64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}
