//! A line-time model of the incumbent plan that prices insertions and swaps in O(n) without
//! planning: the general search's guide to which move to plan next.
//!
//! Each planned order is placed on its *main line* (the line on which its plan books the
//! most shifts) with its work `p` (those shifts), in sequence order, without idle time:
//! its production ends where the running sum of the work before it on that line, plus its
//! own, falls in the line's calendar (cumulative shifts of an empty plant). Its cost at an
//! end day `e` is `Σ w · max(0, e − e₀ − slack)` over its order lines that are made, with
//! `slack` the days each line delivers before its due date in the incumbent (negative when
//! late) and `e₀` the model's end day there: at its own place the model prices every order
//! exactly as the engine did.
//!
//! Moving an order shifts the end of the orders of its main line in between by its work,
//! which prices a move in O(1) per order passed (the single-machine deltas of the
//! iterated local search literature). Where the plant is one line whose orders are all
//! planned as soon as possible from day 0 — every order released at once, no materials,
//! no stock — the model is the plan and the deltas are exact; elsewhere it is a guide.
//! Either way a move is taken only after the engine has planned it ([`super::eval`]).

use super::demand::Shifts;
use super::eval::Incumbent;
use crate::day::Day;
use crate::model::{EPS, OrderBook, Plant};
use crate::plan::OrderPlan;
use std::sync::Arc;

/// One order line's part in its order's cost: (weight, days of slack).
type Part = (f64, i32);

/// An order as a job of its main line.
#[derive(Clone, Copy, Debug)]
pub struct Job {
    pub line: usize,
    /// Shifts of work.
    pub work: f64,
    pub weight: f64,
    /// The shifts its line has worked by the end of the last day on which the order would
    /// still be on time.
    pub due: f64,
}

/// The model of one incumbent.
pub struct Surrogate {
    /// Per position: the main line (`None`: no production, the order is inert).
    line: Vec<Option<usize>>,
    /// Per position: shifts on the main line.
    p: Vec<f64>,
    /// Per position: where its production ends on the main line, in shifts from day 0.
    c: Vec<f64>,
    /// Per position: the model's end day at its own place.
    e0: Vec<i32>,
    /// Per position: its cost at its own place.
    h: Vec<f64>,
    /// Per position: `parts[start[k]..start[k + 1]]` price the order.
    start: Vec<usize>,
    parts: Vec<Part>,
    shifts: Arc<Shifts>,
    /// Per line: its shifts per day when every covered day has the same (then a day is a
    /// division, not a search).
    uniform: Vec<Option<f64>>,
}

impl Surrogate {
    /// The model of `inc`'s plans; `days` must cover every day a plan books.
    pub fn new(plant: &Plant, book: &OrderBook, inc: &Incumbent, shifts: Arc<Shifts>) -> Surrogate {
        let n = inc.seq.len();
        let mut s = Surrogate {
            line: Vec::with_capacity(n),
            p: Vec::with_capacity(n),
            c: vec![0.0; n],
            e0: vec![0; n],
            h: vec![0.0; n],
            start: Vec::with_capacity(n + 1),
            parts: Vec::new(),
            uniform: shifts.cum.iter().map(|c| uniform(c)).collect(),
            shifts,
        };
        let mut per_line = vec![0.0; plant.lines.len()];
        for (pos, plan) in inc.plans.iter().enumerate() {
            for a in plan
                .lines
                .iter()
                .filter_map(|l| l.schedule()?.production.as_ref())
                .flat_map(|p| &p.allocs)
            {
                per_line[a.line] += a.shifts;
            }
            let main = (0..per_line.len())
                .filter(|&l| per_line[l] > EPS)
                .max_by(|&a, &b| per_line[a].total_cmp(&per_line[b]).then(b.cmp(&a)));
            s.line.push(main);
            s.p.push(main.map_or(0.0, |l| per_line[l]));
            per_line.iter_mut().for_each(|x| *x = 0.0);
            s.start.push(s.parts.len());
            let order = &book.orders[inc.seq[pos].0];
            for (lp, ol) in plan.lines.iter().zip(&order.lines) {
                let (Some(sch), Some(due)) = (lp.schedule(), ol.due()) else {
                    continue;
                };
                if sch.production.is_some() && ol.weight > 0.0 {
                    s.parts.push((ol.weight, due.since(sch.delivery)));
                }
            }
        }
        s.start.push(s.parts.len());
        let mut run = vec![0.0; plant.lines.len()];
        for k in 0..n {
            if let Some(l) = s.line[k] {
                run[l] += s.p[k];
                s.c[k] = run[l];
                s.e0[k] = s.end_day(l, run[l]);
                s.h[k] = s.cost(k, s.c[k]);
            }
        }
        s
    }

    /// The day on which line `l` has worked `c` shifts since day 0.
    fn end_day(&self, l: usize, c: f64) -> i32 {
        if let Some(s) = self.uniform[l] {
            return ((c - EPS) / s).ceil() as i32 - 1;
        }
        let cum = &self.shifts.cum[l];
        let idx = cum.partition_point(|&x| x < c - EPS);
        if idx < cum.len() {
            return idx as i32 - 1;
        }
        // Past the covered days (cannot happen for work the incumbent booked): extrapolate.
        let last = cum.len() - 1;
        let per_day = (cum[last] / last.max(1) as f64).max(EPS);
        last as i32 - 1 + ((c - cum[last]) / per_day).ceil() as i32
    }

    /// The cost of the order at position `k` if its production ended at `c` shifts.
    fn cost(&self, k: usize, c: f64) -> f64 {
        let Some(l) = self.line[k] else { return 0.0 };
        let shift = self.end_day(l, c) - self.e0[k];
        self.parts[self.start[k]..self.start[k + 1]]
            .iter()
            .map(|&(w, slack)| w * f64::from((shift - slack).max(0)))
            .sum()
    }

    fn here(&self, k: usize) -> f64 {
        self.h[k]
    }

    /// The model's best insertion of the order at `i` within positions `lo..hi`: (delta,
    /// target position as in `remove(i)` then `insert(j)`), `None` if none improves.
    pub fn best_insert(&self, i: usize, lo: usize, hi: usize) -> Option<(f64, usize)> {
        let l = self.line[i]?;
        let pa = self.p[i];
        let here = self.here(i);
        let mut best: Option<(f64, usize)> = None;
        let mut take = |d: f64, j: usize| {
            if d < -1e-9 && best.is_none_or(|b| d < b.0) {
                best = Some((d, j));
            }
        };
        let mut shift = 0.0;
        for j in i + 1..hi {
            if self.line[j] != Some(l) {
                continue;
            }
            shift += self.cost(j, self.c[j] - pa) - self.here(j);
            take(shift + self.cost(i, self.c[j]) - here, j);
        }
        let mut shift = 0.0;
        for j in (lo..i).rev() {
            if self.line[j] != Some(l) {
                continue;
            }
            shift += self.cost(j, self.c[j] + pa) - self.here(j);
            take(shift + self.cost(i, self.c[j] - self.p[j] + pa) - here, j);
        }
        best
    }

    /// The model's best swap of the order at `i` with a later one of its line before `hi`:
    /// (delta, position).
    pub fn best_swap(&self, i: usize, hi: usize) -> Option<(f64, usize)> {
        let l = self.line[i]?;
        let before = self.c[i] - self.p[i];
        let here = self.here(i);
        let mut best: Option<(f64, usize)> = None;
        let mut between: Vec<usize> = Vec::new();
        for j in i + 1..hi {
            if self.line[j] != Some(l) {
                continue;
            }
            // `j` ends where `i` started plus its work, `i` where `j` ended, the work in
            // between moves by the difference.
            let delta = self.p[j] - self.p[i];
            let mut d =
                self.cost(j, before + self.p[j]) - self.here(j) + self.cost(i, self.c[j]) - here;
            if delta != 0.0 {
                for &k in &between {
                    d += self.cost(k, self.c[k] + delta) - self.here(k);
                }
            }
            if d < -1e-9 && best.is_none_or(|b: (f64, usize)| d < b.0) {
                best = Some((d, j));
            }
            between.push(j);
        }
        best
    }

    /// The model's cost of every position (the engine's, at the incumbent).
    pub fn total(&self) -> f64 {
        (0..self.line.len()).map(|k| self.here(k)).sum()
    }

    /// The order at position `k` as a job for dispatching rules.
    pub fn job(&self, k: usize) -> Option<Job> {
        let l = self.line[k]?;
        let parts = &self.parts[self.start[k]..self.start[k + 1]];
        let w: f64 = parts.iter().map(|x| x.0).sum();
        let slack = parts.iter().map(|x| x.1).min()?;
        let due_day = (self.e0[k] + slack).max(-1);
        let cum = &self.shifts.cum[l];
        let due = cum[((due_day + 1) as usize).min(cum.len() - 1)];
        Some(Job {
            line: l,
            work: self.p[k],
            weight: w,
            due,
        })
    }
}

/// The shifts per day of a line whose covered days all have the same, else `None`.
fn uniform(cum: &[f64]) -> Option<f64> {
    let s = *cum.get(1)?;
    let same = cum.windows(2).all(|w| w[1] - w[0] == s);
    (s > 0.0 && same).then_some(s)
}

/// Days after `as_of` that cover every day the plans book, with room.
pub fn days_covered(plans: &[OrderPlan], as_of: Day) -> usize {
    plans
        .iter()
        .flat_map(|p| &p.lines)
        .filter_map(|l| l.schedule()?.production.as_ref())
        .flat_map(|p| &p.allocs)
        .map(|a| a.day.since(as_of).max(0) as usize + 2)
        .max()
        .unwrap_or(2)
}
