//! The optimiser for every plant: an iterated local search over the sequence, in several
//! seeded chains, every move planned by the engine.
//!
//! **A chain** starts from the best admissible start ([`super::construct`]) and repeats:
//!
//! - *descent*: every order in turn (a pass in random order) gets its best insertion and
//!   its best swap as priced by the line-time model ([`super::surrogate`], O(n) per order);
//!   the better one is planned by the incremental evaluator ([`super::eval`]) and taken
//!   when the engine's per-class objectives improve lexicographically (and the class guard
//!   still admits the plan); now and then an order is re-timed (just in time ↔ as soon as
//!   possible) instead;
//! - at a local optimum (a pass without improvement): the best admissible plan so far is
//!   kept, the chain goes back to its last accepted optimum unless the new one is no
//!   worse, and it is *kicked*: a few random swaps of nearby orders of the same class.
//!
//! On large plants (more than [`SYSTEMATIC`] orders) a pass never ends within a time limit,
//! so the descent aims at late orders instead (picked with probability proportional to
//! their cost): advancing one in front of an earlier order that books a resource it needs,
//! postponing that competitor, swapping the two, or re-timing the competitor.
//!
//! **Determinism.** A chain's random choices come from its own ChaCha generator (seed,
//! chain index) and it runs alone on one thread, so `--iterations N` (steps per chain)
//! gives the same plan on any machine and with any thread count; with a time limit alone
//! the number of steps depends on the machine. The best chain wins, ties to the first.

use super::demand::Shifts;
use super::eval::{Context, Incumbent, Outcome, reads, slot};
use super::surrogate::{Surrogate, days_covered};
use super::{Guard, Options, compare};
use crate::model::{OrderBook, OrderIx, Plant};
use crate::plan::{Placement, Plan, Settings};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::sync::Arc;
use std::time::Instant;

/// Seeded chains; a constant, so that the result never depends on the thread count.
pub const CHAINS: usize = 2;

/// Plants of at most this many orders get systematic passes (and kicks).
pub const SYSTEMATIC: usize = 3_000;

/// How far (in places) a swap partner may be.
const SWAP_REACH: usize = 400;

/// Per-position costs, per-class totals and, per class, how many of its orders cost more
/// than in the heuristic plan.
#[derive(Clone)]
struct Score {
    cost: Vec<f64>,
    class: Vec<f64>,
    over: Vec<usize>,
}

/// A move: replace `seq[lo..lo + segment.len()]` by `segment`, in which `movers` changed
/// their place (or placement).
struct Move {
    lo: usize,
    segment: Vec<(OrderIx, Placement)>,
    movers: Vec<OrderIx>,
}

impl Move {
    /// The order at `i` taken out and put back at `j` (as `remove(i)`, `insert(j)`).
    fn insert(seq: &[(OrderIx, Placement)], i: usize, j: usize) -> Move {
        let (lo, hi) = (i.min(j), i.max(j));
        let mut segment = seq[lo..=hi].to_vec();
        if i < j {
            segment.rotate_left(1);
        } else {
            segment.rotate_right(1);
        }
        Move {
            lo,
            segment,
            movers: vec![seq[i].0],
        }
    }

    fn swap(seq: &[(OrderIx, Placement)], i: usize, j: usize) -> Move {
        let (lo, hi) = (i.min(j), i.max(j));
        let mut segment = seq[lo..=hi].to_vec();
        segment.swap(0, hi - lo);
        Move {
            lo,
            segment,
            movers: vec![seq[lo].0, seq[hi].0],
        }
    }

    fn retime(seq: &[(OrderIx, Placement)], i: usize) -> Move {
        let (o, p) = seq[i];
        let flip = match p {
            Placement::JustInTime => Placement::Asap,
            Placement::Asap => Placement::JustInTime,
        };
        Move {
            lo: i,
            segment: vec![(o, flip)],
            movers: vec![o],
        }
    }
}

/// A sequence and its per-class objectives.
#[derive(Clone)]
struct Kept {
    seq: Vec<(OrderIx, Placement)>,
    class: Vec<f64>,
}

struct Chain<'a> {
    ctx: &'a Context<'a>,
    guard: &'a Guard,
    inc: Incumbent,
    score: Score,
    model: Surrogate,
    rng: ChaCha8Rng,
    /// The best admissible sequence so far.
    best: Kept,
    /// The last local optimum accepted (where the next kick starts).
    home: Kept,
    /// Orders still to try in this pass, and whether the pass improved anything.
    pass: Vec<OrderIx>,
    improved: bool,
    /// Local optima since the best one improved.
    stale: u64,
    shifts: Arc<Shifts>,
    /// Re-timings that improved, and tried.
    retimed: (u64, u64),
}

impl<'a> Chain<'a> {
    fn new(
        ctx: &'a Context<'a>,
        guard: &'a Guard,
        start: (&Kept, &Incumbent),
        seed: u64,
        shifts: Arc<Shifts>,
    ) -> Chain<'a> {
        let (start, inc) = (start.0, start.1.clone());
        let model = Surrogate::new(ctx.plant, ctx.book, &inc, shifts.clone());
        let mut c = Chain {
            ctx,
            guard,
            score: Score {
                cost: Vec::new(),
                class: Vec::new(),
                over: Vec::new(),
            },
            inc,
            model,
            rng: ChaCha8Rng::seed_from_u64(seed),
            best: start.clone(),
            home: start.clone(),
            pass: Vec::new(),
            improved: false,
            stale: 0,
            shifts,
            retimed: (0, 0),
        };
        c.rescore();
        c
    }

    fn is_over(&self, o: OrderIx, cost: f64) -> bool {
        cost > self.guard.order_cost[o] + 1e-9
    }

    /// Recomputes the score and the model from the incumbent.
    fn rescore(&mut self) {
        let n = self.inc.seq.len();
        let mut score = Score {
            cost: vec![0.0; n],
            class: vec![0.0; self.guard.classes],
            over: vec![0; self.guard.classes],
        };
        for pos in 0..n {
            let o = self.inc.seq[pos].0;
            let c = self.inc.plans[pos].weighted_lateness(&self.ctx.book.orders[o]);
            score.cost[pos] = c;
            score.class[self.guard.class[o]] += c;
            if self.is_over(o, c) {
                score.over[self.guard.class[o]] += 1;
            }
        }
        self.score = score;
        // The model guides the systematic passes only.
        if n > SYSTEMATIC {
            return;
        }
        self.model = Surrogate::new(
            self.ctx.plant,
            self.ctx.book,
            &self.inc,
            self.shifts.clone(),
        );
    }

    /// The score after an evaluated move.
    fn score_of(&self, out: &Outcome) -> Score {
        let mut s = Score {
            cost: Vec::new(),
            class: self.score.class.clone(),
            over: self.score.over.clone(),
        };
        let hi = out.lo + out.segment.len();
        for (pos, plan) in &out.plans {
            let o = if *pos < hi {
                out.segment[pos - out.lo].0
            } else {
                self.inc.seq[*pos].0
            };
            let k = self.guard.class[o];
            let old = self.score.cost[self.inc.pos_of[o]];
            let c = plan.weighted_lateness(&self.ctx.book.orders[o]);
            s.class[k] += c - old;
            if self.is_over(o, old) {
                s.over[k] -= 1;
            }
            if self.is_over(o, c) {
                s.over[k] += 1;
            }
        }
        s
    }

    /// The guard: every class with an order above its heuristic cost gained as a whole.
    fn admissible(&self, s: &Score) -> bool {
        s.over
            .iter()
            .enumerate()
            .all(|(k, &n)| n == 0 || s.class[k] < self.guard.class_cost[k] - 1e-9)
    }

    /// Plans a move and takes it if the engine says it improves (never leaving the
    /// plans the guard admits once in them); `sideways` also takes an equal one.
    fn try_move(&mut self, m: Move, sideways: bool) -> bool {
        let out = self.ctx.evaluate(&self.inc, m.lo, m.segment, &m.movers);
        let s = self.score_of(&out);
        let order = compare(&s.class, &self.score.class);
        let better = order.is_lt() || (sideways && order.is_eq());
        if !better || (!self.admissible(&s) && self.admissible(&self.score)) {
            return false;
        }
        self.ctx.accept(&mut self.inc, out);
        self.rescore();
        order.is_lt()
    }

    /// The model's best insertion or swap of the order at `i` within `lo..hi`.
    fn modelled(&self, i: usize, lo: usize, hi: usize) -> Option<Move> {
        let ins = self.model.best_insert(i, lo, hi);
        // Swaps cost O(n²) to price: only when no insertion improves, and with orders at
        // most `SWAP_REACH` places later.
        let swp = if ins.is_none() {
            self.model.best_swap(i, hi.min(i + SWAP_REACH))
        } else {
            None
        };
        let seq = &self.inc.seq;
        match (ins, swp) {
            (Some(a), Some(b)) if b.0 < a.0 => Some(Move::swap(seq, i, b.1)),
            (Some(a), _) => Some(Move::insert(seq, i, a.1)),
            (None, Some(b)) => Some(Move::swap(seq, i, b.1)),
            (None, None) => None,
        }
    }

    fn done(&self) -> bool {
        self.score.class.iter().all(|&c| c <= 0.0)
    }

    /// One step of the chain.
    fn step(&mut self) {
        if self.inc.seq.len() > SYSTEMATIC {
            self.targeted();
            return;
        }
        let Some(o) = self.pass.pop() else {
            if !self.improved {
                self.local_optimum();
            }
            self.new_pass();
            return;
        };
        let i = self.inc.pos_of[o];
        let n = self.inc.seq.len();
        // Re-time as often as re-timing has paid off in this chain (1/256 to 1/8).
        let retime = self.retimed.0 as f64 + 1.0;
        let rate = (retime / (self.retimed.1 as f64 + 8.0)).clamp(1.0 / 256.0, 1.0 / 8.0);
        if self.rng.random_bool(rate) {
            let m = Move::retime(&self.inc.seq, i);
            self.retimed.1 += 1;
            if self.try_move(m, false) {
                self.retimed.0 += 1;
                self.improved = true;
            }
        } else if let Some(m) = self.modelled(i, 0, n)
            && self.try_move(m, false)
        {
            self.improved = true;
        }
    }

    fn new_pass(&mut self) {
        self.pass = self.inc.seq.iter().map(|x| x.0).collect();
        let n = self.pass.len();
        for k in (1..n).rev() {
            self.pass.swap(k, self.rng.random_range(0..=k));
        }
        self.improved = false;
    }

    /// At a local optimum: keep the best, accept or go back, then kick.
    fn local_optimum(&mut self) {
        let here = Kept {
            seq: self.inc.seq.clone(),
            class: self.score.class.clone(),
        };
        if self.admissible(&self.score) && compare(&here.class, &self.best.class).is_lt() {
            self.best = here.clone();
            self.stale = 0;
        } else {
            self.stale += 1;
        }
        let n = here.seq.len();
        let from = if self.stale > 25 * n as u64 + 100 {
            self.stale = 0;
            self.best.clone()
        } else if compare(&here.class, &self.home.class).is_le() {
            here
        } else {
            self.home.clone()
        };
        self.home = from.clone();
        let mut seq = from.seq;
        if n >= 2 {
            let kicks = 2 + self.rng.random_range(0..3);
            let reach = (n / 4).max(3);
            for _ in 0..kicks {
                let i = self.rng.random_range(0..n);
                let j = (i + 1 + self.rng.random_range(0..reach)).min(n - 1);
                if self.guard.class[seq[i].0] == self.guard.class[seq[j].0] {
                    seq.swap(i, j);
                }
            }
        }
        self.inc = self.ctx.incumbent(seq);
        self.rescore();
    }

    /// A late position, with probability proportional to its cost.
    fn pick_late(&mut self) -> Option<usize> {
        let total: f64 = self.score.cost.iter().sum();
        if total <= 0.0 {
            return None;
        }
        let mut x = self.rng.random::<f64>() * total;
        for (pos, &c) in self.score.cost.iter().enumerate() {
            if c > 0.0 {
                if x < c {
                    return Some(pos);
                }
                x -= c;
            }
        }
        self.score.cost.iter().rposition(|&c| c > 0.0)
    }

    /// An earlier position that books a resource the order at `j` reads (nearer ones
    /// more often).
    fn competitor(&mut self, j: usize) -> Option<usize> {
        let o = self.inc.seq[j].0;
        let reads = &self.ctx.reads[o];
        for _ in 0..4 {
            let r = reads[self.rng.random_range(0..reads.len())];
            let (k, i) = slot(r);
            let users = &self.inc.writers[k][i];
            let to = users.partition_point(|&p| p < j);
            if to > 0 {
                let back = self
                    .rng
                    .random_range(0..to)
                    .min(self.rng.random_range(0..to));
                return Some(users[to - 1 - back]);
            }
        }
        None
    }

    /// A step on a large plant: a move aimed at a late order.
    fn targeted(&mut self) {
        let Some(j) = self.pick_late() else { return };
        let kind = self.rng.random_range(0..10);
        let m = self.competitor(j).map(|i| {
            let seq = &self.inc.seq;
            match kind {
                0..4 => Move::insert(seq, j, i),
                4..6 => Move::insert(seq, i, j),
                6..8 => Move::swap(seq, i, j),
                _ => Move::retime(seq, i),
            }
        });
        if let Some(m) = m {
            let sideways = self.rng.random_bool(0.1);
            self.try_move(m, sideways);
        }
        if self.admissible(&self.score) && compare(&self.score.class, &self.best.class).is_lt() {
            self.best = Kept {
                seq: self.inc.seq.clone(),
                class: self.score.class.clone(),
            };
        }
    }

    /// The best admissible sequence, after a last look at the incumbent.
    fn finish(mut self) -> Kept {
        if self.admissible(&self.score) && compare(&self.score.class, &self.best.class).is_lt() {
            self.best = Kept {
                seq: self.inc.seq,
                class: self.score.class,
            };
        }
        self.best
    }
}

/// Searches until the deadline or `opts.iterations` steps per chain; the best admissible
/// plan found (the start at worst).
pub fn run(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    guard: &Guard,
    opts: &Options,
    deadline: Instant,
) -> (Plan, u64) {
    if let Some(plan) = super::exhaustive::exhaustive(plant, book, settings, guard) {
        return (plan, 1);
    }
    let ctx = Context {
        plant,
        book,
        settings,
        reads: reads(plant, book),
    };
    let starts: Vec<(Kept, Incumbent)> = super::construct::starts(&ctx, guard)
        .into_iter()
        .map(|(seq, class)| {
            let inc = ctx.incumbent(seq.clone());
            (Kept { seq, class }, inc)
        })
        .collect();
    let days = starts
        .iter()
        .map(|s| days_covered(&s.1.plans, settings.as_of))
        .max()
        .unwrap_or(2);
    let shifts = Arc::new(Shifts::new(plant, settings.as_of, days));
    let chains: Vec<(Kept, u64)> = (0..CHAINS)
        .into_par_iter()
        .map(|c| {
            let seed = opts
                .seed
                .wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(c as u64));
            let (start, inc) = &starts[c % starts.len()];
            let mut chain = Chain::new(&ctx, guard, (start, inc), seed, shifts.clone());
            let mut it = 0;
            while !chain.done()
                && match opts.iterations {
                    Some(n) => it < n,
                    None => Instant::now() < deadline,
                }
            {
                chain.step();
                it += 1;
            }
            (chain.finish(), it)
        })
        .collect();
    let steps = chains.iter().map(|c| c.1).sum();
    let best = chains
        .into_iter()
        .map(|c| c.0)
        .reduce(|a, b| {
            if compare(&b.class, &a.class).is_lt() {
                b
            } else {
                a
            }
        })
        .unwrap_or_else(|| starts[0].0.clone());
    (
        Plan::build_in(plant, book, settings, best.seq.iter().copied()),
        steps,
    )
}
