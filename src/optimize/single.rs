//! The single-machine special case: one line working the same shifts every day, one
//! product per order, nothing to buy, no stock, one priority class — the problem of the
//! OR-Library weighted tardiness instances. It is recognised from the problem, not from
//! the files: only open orders count, only the line they use, only the materials their
//! products need, and the calendar by the shifts it gives that line (see [`detect`]). Planned as soon as possible in sequence, such a
//! plant has no idle time, so a plan is a permutation of the jobs and its objective is
//! Σ w·T over completion times. That lets the search work on permutations with O(1) cost
//! per job moved instead of re-planning, which is what reaching the published optima in
//! well under a second needs.
//!
//! The search is an iterated local search: start from the best of EDD and ATC (apparent
//! tardiness cost) dispatching, descend with insertion moves (all positions of one job
//! in O(n)) and swaps, kick with a few random nearby swaps, keep the kicked descent when
//! it is no worse. The caller turns the best permutation into a real plan of the engine.

use crate::model::{EPS, Kind, OrderBook, OrderIx, Plant};
use crate::plan::Settings;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Jobs of a single-machine plant. Times are in shifts, due dates in days after `A`.
#[derive(Clone, Debug)]
pub struct Jobs {
    pub orders: Vec<OrderIx>,
    /// Shifts of work per job.
    pub p: Vec<f64>,
    pub w: Vec<f64>,
    /// The last day index (0 = `A`) on which production may end for the job to be on time.
    pub due: Vec<f64>,
    /// Shifts per day of the line.
    pub shifts: f64,
}

impl Jobs {
    pub fn len(&self) -> usize {
        self.p.len()
    }

    pub fn is_empty(&self) -> bool {
        self.p.is_empty()
    }

    /// Weighted days late of job `j` when its production ends after `c` shifts.
    #[inline]
    pub fn cost(&self, j: usize, c: f64) -> f64 {
        let end_day = (c / self.shifts - EPS).ceil() - 1.0;
        let late = end_day - self.due[j];
        if late > 0.0 { self.w[j] * late } else { 0.0 }
    }

    pub fn total(&self, seq: &[usize]) -> f64 {
        let mut c = 0.0;
        seq.iter()
            .map(|&j| {
                c += self.p[j];
                self.cost(j, c)
            })
            .sum()
    }
}

/// Recognises the single-machine shape; `None` for any other plant.
pub fn detect(
    plant: &Plant,
    book: &OrderBook,
    settings: &Settings,
    seq: &[OrderIx],
) -> Option<Jobs> {
    let first = book.orders.get(*seq.first()?)?;
    let class = (first.status, first.priority());
    let mut line = None;
    let mut jobs = Jobs {
        orders: Vec::with_capacity(seq.len()),
        p: Vec::new(),
        w: Vec::new(),
        due: Vec::new(),
        shifts: 0.0,
    };
    for &o in seq {
        let order = &book.orders[o];
        if order.lines.len() != 1 || (order.status, order.priority()) != class {
            return None;
        }
        let l = &order.lines[0];
        let product = &plant.products[l.product];
        let stock = product.on_hand - product.safety_stock;
        let designs = l.kind == Kind::Special && product.design_days > 0;
        if product.routes.len() != 1
            || product.routed()
            || !product.bom.is_empty()
            || stock > 0.0
            || designs
        {
            return None;
        }
        let route = product.routes[0];
        if *line.get_or_insert(route.line) != route.line || l.open_qty() <= EPS {
            return None;
        }
        let dest = &plant.destinations[l.destination];
        // Late, a line ships by the fastest mode (or the one it names).
        let transit = l
            .mode
            .map_or_else(|| dest.modes[dest.fastest()].days, |m| dest.modes[m].days);
        let due = l.due()?;
        let lag = product.inspection_days + product.packaging_days + transit;
        jobs.orders.push(o);
        jobs.p.push(l.open_qty() / route.units_per_shift);
        jobs.w.push(l.weight);
        jobs.due.push(f64::from((due - lag).since(settings.as_of)));
    }
    let line = line?;
    jobs.shifts = f64::from(uniform_shifts(plant, line, settings.as_of)?);
    Some(jobs)
}

/// The shifts `line` works on every day from `as_of` on, if it works the same number
/// (at least one) every day. Judged by what the calendar gives, not by how it says it: a
/// calendar row that repeats the weekly pattern, or a row for another line, changes
/// nothing.
pub fn uniform_shifts(plant: &Plant, line: usize, as_of: crate::day::Day) -> Option<u8> {
    let s = plant.shifts(line, as_of);
    let week = (0..7).all(|d| plant.shifts(line, as_of + d) == s);
    // Every calendar span touching the line from `as_of` on must give it `s` shifts: a
    // line's own span all its days; an all-lines span on the days no own span covers.
    let rows = plant
        .calendar
        .spans()
        .filter(|(l, span)| span.to >= as_of && l.is_none_or(|l| l == line))
        .all(|(l, span)| {
            span.shifts == s
                || (l.is_none()
                    && span.to.since(span.from.max(as_of)) < 3660
                    && (0..=span.to.since(span.from.max(as_of)))
                        .all(|d| plant.shifts(line, span.from.max(as_of) + d) == s))
        });
    (s > 0 && week && rows).then_some(s)
}

/// Orders of `jobs` by a key, ties by job index.
fn sorted_by(n: usize, key: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    v.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    v
}

/// ATC dispatching with look-ahead `k`: at each step the job with the highest
/// w/p · exp(−max(0, d − p − t) / (k · p̄)).
fn atc(jobs: &Jobs, k: f64) -> Vec<usize> {
    let n = jobs.len();
    let pbar = jobs.p.iter().sum::<f64>() / n.max(1) as f64;
    let mut left: Vec<usize> = (0..n).collect();
    let mut seq = Vec::with_capacity(n);
    let mut t = 0.0;
    while !left.is_empty() {
        let (pos, _) = left
            .iter()
            .enumerate()
            .map(|(i, &j)| {
                let slack = (jobs.due[j] * jobs.shifts - jobs.p[j] - t).max(0.0);
                (
                    i,
                    jobs.w[j] / jobs.p[j].max(EPS) * (-slack / (k * pbar).max(EPS)).exp(),
                )
            })
            .fold((0, f64::NEG_INFINITY), |b, x| if x.1 > b.1 { x } else { b });
        let j = left.remove(pos);
        t += jobs.p[j];
        seq.push(j);
    }
    seq
}

/// The best of a few dispatching rules.
pub fn initial(jobs: &Jobs) -> Vec<usize> {
    let n = jobs.len();
    let mut candidates = vec![sorted_by(n, |j| jobs.due[j])];
    for k in [0.5, 1.0, 2.0, 3.0, 5.0] {
        candidates.push(atc(jobs, k));
    }
    candidates
        .into_iter()
        .min_by(|a, b| jobs.total(a).total_cmp(&jobs.total(b)))
        .unwrap_or_default()
}

/// A sequence with its prefix completion times.
struct State<'j> {
    jobs: &'j Jobs,
    seq: Vec<usize>,
    /// `c[k]`: completion of the job at position k.
    c: Vec<f64>,
    cost: f64,
}

impl<'j> State<'j> {
    fn new(jobs: &'j Jobs, seq: Vec<usize>) -> State<'j> {
        let mut s = State {
            jobs,
            c: vec![0.0; seq.len()],
            seq,
            cost: 0.0,
        };
        s.refresh(0);
        s
    }

    /// Recomputes completion times and the cost from position `from` on.
    fn refresh(&mut self, from: usize) {
        let mut t = if from == 0 { 0.0 } else { self.c[from - 1] };
        for k in from..self.seq.len() {
            t += self.jobs.p[self.seq[k]];
            self.c[k] = t;
        }
        self.cost = self
            .seq
            .iter()
            .zip(&self.c)
            .map(|(&j, &c)| self.jobs.cost(j, c))
            .sum();
    }

    fn before(&self, k: usize) -> f64 {
        if k == 0 { 0.0 } else { self.c[k - 1] }
    }

    /// The best insertion of the job at position `i`: (delta, target position).
    fn best_insert(&self, i: usize) -> (f64, usize) {
        let jobs = self.jobs;
        let a = self.seq[i];
        let pa = jobs.p[a];
        let here = jobs.cost(a, self.c[i]);
        let mut best = (0.0, i);
        let mut shift = 0.0;
        for j in i + 1..self.seq.len() {
            let b = self.seq[j];
            shift += jobs.cost(b, self.c[j] - pa) - jobs.cost(b, self.c[j]);
            let d = shift + jobs.cost(a, self.c[j]) - here;
            if d < best.0 {
                best = (d, j);
            }
        }
        let mut shift = 0.0;
        for j in (0..i).rev() {
            let b = self.seq[j];
            shift += jobs.cost(b, self.c[j] + pa) - jobs.cost(b, self.c[j]);
            let d = shift + jobs.cost(a, self.before(j) + pa) - here;
            if d < best.0 {
                best = (d, j);
            }
        }
        best
    }

    /// The cost change of swapping positions `i < j`.
    fn swap_delta(&self, i: usize, j: usize) -> f64 {
        let jobs = self.jobs;
        let (a, b) = (self.seq[i], self.seq[j]);
        let delta = jobs.p[b] - jobs.p[a];
        let mut d = jobs.cost(b, self.before(i) + jobs.p[b]) - jobs.cost(a, self.c[i])
            + jobs.cost(a, self.c[j])
            - jobs.cost(b, self.c[j]);
        if delta != 0.0 {
            for k in i + 1..j {
                let x = self.seq[k];
                d += jobs.cost(x, self.c[k] + delta) - jobs.cost(x, self.c[k]);
            }
        }
        d
    }

    fn apply_insert(&mut self, i: usize, j: usize) {
        let a = self.seq.remove(i);
        self.seq.insert(j, a);
        self.refresh(i.min(j));
    }

    /// Descends with insertions and swaps until neither improves.
    fn descend(&mut self) {
        let n = self.seq.len();
        let tol = 1e-9;
        loop {
            let mut improved = false;
            for i in 0..n {
                let (d, j) = self.best_insert(i);
                if d < -tol {
                    self.apply_insert(i, j);
                    improved = true;
                }
            }
            for i in 0..n {
                let mut best = (0.0, i);
                for j in i + 1..n {
                    let d = self.swap_delta(i, j);
                    if d < best.0 {
                        best = (d, j);
                    }
                }
                if best.0 < -tol {
                    self.seq.swap(i, best.1);
                    self.refresh(i);
                    improved = true;
                }
            }
            if !improved {
                return;
            }
        }
    }
}

/// How long the search may run.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Kicks per chain; `None` runs until the deadline.
    pub iterations: Option<u64>,
    pub deadline: Option<std::time::Instant>,
    /// A lower bound: reaching it stops the search.
    pub bound: f64,
    /// Kicks without a better sequence after which the chain stops.
    pub patience: u64,
}

impl Budget {
    fn done(&self, it: u64) -> bool {
        match self.iterations {
            Some(n) => it >= n,
            None => self.deadline.is_none_or(|d| std::time::Instant::now() >= d),
        }
    }
}

/// One chain of iterated local search from `start`; returns (best sequence, cost, kicks).
pub fn search(jobs: &Jobs, start: Vec<usize>, seed: u64, budget: Budget) -> (Vec<usize>, f64, u64) {
    let n = jobs.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut cur = State::new(jobs, start);
    cur.descend();
    let mut best = (cur.seq.clone(), cur.cost);
    let mut it = 0;
    let mut stale = 0u64;
    let mut since_best = 0u64;
    while n >= 2 && best.1 > budget.bound + 1e-9 && !budget.done(it) && since_best < budget.patience
    {
        since_best += 1;
        it += 1;
        let mut next = State::new(jobs, cur.seq.clone());
        let kicks = 2 + rng.random_range(0..3);
        let reach = (n / 4).max(3);
        for _ in 0..kicks {
            let i = rng.random_range(0..n);
            let j = (i + 1 + rng.random_range(0..reach)).min(n - 1);
            if i != j {
                next.seq.swap(i, j);
            }
        }
        next.refresh(0);
        next.descend();
        if next.cost <= cur.cost + 1e-9 {
            cur = next;
        } else {
            stale += 1;
        }
        if cur.cost < best.1 - 1e-9 {
            best = (cur.seq.clone(), cur.cost);
            stale = 0;
            since_best = 0;
        } else if stale > 50 * n as u64 {
            // Long without progress: restart from the best.
            cur = State::new(jobs, best.0.clone());
            stale = 0;
        }
    }
    (best.0, best.1, it)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jobs(p: &[f64], w: &[f64], d: &[f64]) -> Jobs {
        Jobs {
            orders: (0..p.len()).collect(),
            p: p.to_vec(),
            w: w.to_vec(),
            due: d.iter().map(|d| d - 1.0).collect(),
            shifts: 1.0,
        }
    }

    /// Every permutation of `n` items (Heap's algorithm).
    fn permutations(n: usize) -> Vec<Vec<usize>> {
        fn go(k: usize, v: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if k <= 1 {
                out.push(v.clone());
                return;
            }
            for i in 0..k {
                go(k - 1, v, out);
                let j = if k.is_multiple_of(2) { i } else { 0 };
                v.swap(j, k - 1);
            }
        }
        let mut out = Vec::new();
        go(n, &mut (0..n).collect(), &mut out);
        out
    }

    #[test]
    fn cost_is_weighted_tardiness() {
        let j = jobs(&[3.0, 2.0, 4.0], &[1.0, 5.0, 2.0], &[4.0, 2.0, 6.0]);
        // 1,0,2: C = 2,5,9 → T = 0,1,3 → 0 + 1 + 6.
        assert_eq!(j.total(&[1, 0, 2]), 7.0);
    }

    #[test]
    fn deltas_match_recomputation() {
        let j = jobs(
            &[3.0, 2.0, 4.0, 1.0, 6.0, 2.0],
            &[1.0, 5.0, 2.0, 3.0, 1.0, 4.0],
            &[4.0, 2.0, 6.0, 3.0, 9.0, 5.0],
        );
        let s = State::new(&j, vec![4, 0, 2, 1, 5, 3]);
        for i in 0..6 {
            for k in i + 1..6 {
                let mut v = s.seq.clone();
                v.swap(i, k);
                assert!((s.swap_delta(i, k) - (j.total(&v) - s.cost)).abs() < 1e-9);
            }
            let (d, to) = s.best_insert(i);
            let mut v = s.seq.clone();
            let a = v.remove(i);
            v.insert(to, a);
            assert!((d - (j.total(&v) - s.cost)).abs() < 1e-9);
        }
    }

    #[test]
    fn finds_the_brute_force_optimum() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..30 {
            let n = 7;
            let p: Vec<f64> = (0..n).map(|_| f64::from(rng.random_range(1..10))).collect();
            let w: Vec<f64> = (0..n).map(|_| f64::from(rng.random_range(1..6))).collect();
            let d: Vec<f64> = (0..n).map(|_| f64::from(rng.random_range(0..30))).collect();
            let j = jobs(&p, &w, &d);
            let opt = permutations(n)
                .iter()
                .map(|s| j.total(s))
                .fold(f64::INFINITY, f64::min);
            let budget = Budget {
                iterations: Some(200),
                deadline: None,
                bound: 0.0,
                patience: u64::MAX,
            };
            let (_, cost, _) = search(&j, initial(&j), 1, budget);
            assert_eq!(cost, opt);
        }
    }
}
