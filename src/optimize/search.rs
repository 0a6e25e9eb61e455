//! The optimiser for general plants: local search over the sequence, class by class.
//!
//! Moves keep every order inside its priority class's block of the sequence and aim at
//! late orders (picked with probability proportional to their cost):
//!
//! - **advance** a late order in front of an earlier order of its class that books a
//!   resource it needs (a line it can use, a material, its product's stock);
//! - **postpone** such a competitor to just after the late order;
//! - **swap** the two;
//! - **re-time** an order that competes with late ones: just in time ↔ as soon as possible.
//!
//! Each batch of moves is evaluated in parallel (rayon) by the incremental evaluator
//! ([`super::eval`]); the best one the class guard admits is taken if it improves the
//! per-class objectives lexicographically (an equal one now and then, to move along
//! plateaus). Random choices come from a seeded ChaCha generator and the batch result
//! does not depend on thread timing, so a run of `--iterations N` batches is
//! reproducible; a run bounded by `--time-limit` alone stops after however many batches
//! fit, which depends on the machine.

use super::eval::{Context, Incumbent, Outcome, reads, slot};
use super::{Guard, Options, compare, heuristic_sequence};
use crate::model::{OrderBook, OrderIx, Plant};
use crate::plan::{Placement, Plan, Settings};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::time::Instant;

/// Moves evaluated per batch.
const BATCH: usize = 4;

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

struct Search<'a> {
    ctx: Context<'a>,
    guard: &'a Guard,
    inc: Incumbent,
    score: Score,
    rng: ChaCha8Rng,
}

impl<'a> Search<'a> {
    fn new(ctx: Context<'a>, guard: &'a Guard, seed: u64) -> Search<'a> {
        let seq = heuristic_sequence(ctx.book);
        let seq = super::construct::best_start(ctx.plant, ctx.book, ctx.settings, guard, &seq)
            .unwrap_or(seq);
        let inc = ctx.incumbent(seq);
        let mut s = Search {
            ctx,
            guard,
            score: Score {
                cost: Vec::new(),
                class: Vec::new(),
                over: Vec::new(),
            },
            inc,
            rng: ChaCha8Rng::seed_from_u64(seed),
        };
        s.rescore();
        s
    }

    fn order_cost(&self, o: OrderIx, plan: &crate::plan::OrderPlan) -> f64 {
        plan.weighted_lateness(&self.ctx.book.orders[o])
    }

    fn is_over(&self, o: OrderIx, cost: f64) -> bool {
        cost > self.guard.order_cost[o] + 1e-9
    }

    /// Recomputes the score from the incumbent.
    fn rescore(&mut self) {
        let n = self.inc.seq.len();
        let mut score = Score {
            cost: vec![0.0; n],
            class: vec![0.0; self.guard.classes],
            over: vec![0; self.guard.classes],
        };
        for pos in 0..n {
            let o = self.inc.seq[pos].0;
            let plan = &self.inc.plans[pos];
            let c = self.order_cost(o, plan);
            score.cost[pos] = c;
            score.class[self.guard.class[o]] += c;
            if self.is_over(o, c) {
                score.over[self.guard.class[o]] += 1;
            }
        }
        self.score = score;
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
            let c = self.order_cost(o, plan);
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

    /// An earlier position of the same class that books a resource the order at `j` reads.
    fn competitor(&mut self, j: usize) -> Option<usize> {
        let o = self.inc.seq[j].0;
        let start = 0;
        let reads = &self.ctx.reads[o];
        for _ in 0..4 {
            let r = reads[self.rng.random_range(0..reads.len())];
            let (k, i) = slot(r);
            let users = &self.inc.writers[k][i];
            let from = users.partition_point(|&p| p < start);
            let to = users.partition_point(|&p| p < j);
            if from < to {
                // Nearer competitors more often: the last of a random tail.
                let span = to - from;
                let back = self
                    .rng
                    .random_range(0..span)
                    .min(self.rng.random_range(0..span));
                return Some(users[to - 1 - back]);
            }
        }
        None
    }

    fn propose(&mut self) -> Option<Move> {
        let j = self.pick_late()?;
        let i = self.competitor(j)?;
        let seq = &self.inc.seq;
        let kind = self.rng.random_range(0..10);
        let (x, y) = (seq[j].0, seq[i].0);
        Some(match kind {
            0..4 => {
                let mut segment = vec![seq[j]];
                segment.extend_from_slice(&seq[i..j]);
                Move {
                    lo: i,
                    segment,
                    movers: vec![x],
                }
            }
            4..6 => {
                let mut segment = seq[i + 1..=j].to_vec();
                segment.push(seq[i]);
                Move {
                    lo: i,
                    segment,
                    movers: vec![y],
                }
            }
            6..8 => {
                let mut segment = seq[i..=j].to_vec();
                segment.swap(0, j - i);
                Move {
                    lo: i,
                    segment,
                    movers: vec![x, y],
                }
            }
            _ => {
                let p = seq[i].1;
                let flip = match p {
                    Placement::JustInTime => Placement::Asap,
                    Placement::Asap => Placement::JustInTime,
                };
                Move {
                    lo: i,
                    segment: vec![(y, flip)],
                    movers: vec![y],
                }
            }
        })
    }

    /// One batch: propose, evaluate in parallel, take the best admissible improvement.
    fn step(&mut self) {
        let moves: Vec<Move> = (0..BATCH).filter_map(|_| self.propose()).collect();
        let ctx = &self.ctx;
        let inc = &self.inc;
        let outcomes: Vec<Outcome> = moves
            .into_par_iter()
            .map(|m| ctx.evaluate(inc, m.lo, m.segment, &m.movers))
            .collect();
        let mut best: Option<(Outcome, Score)> = None;
        for out in outcomes {
            let s = self.score_of(&out);
            if !self.admissible(&s) {
                continue;
            }
            if best
                .as_ref()
                .is_none_or(|b| compare(&s.class, &b.1.class).is_lt())
            {
                best = Some((out, s));
            }
        }
        let sideways = self.rng.random_bool(0.1);
        if let Some((out, s)) = best {
            let order = compare(&s.class, &self.score.class);
            if order.is_lt() || (order.is_eq() && sideways) {
                self.ctx.accept(&mut self.inc, out);
                self.rescore();
            }
        }
    }
}

/// Plants of at most this many orders are solved by trying every sequence and placement.
pub const EXHAUSTIVE: usize = 6;

/// Every sequence and placement of a few orders: the best the guard admits
/// (lexicographically by class), or `None` if there are too many orders.
fn exhaustive(plant: &Plant, book: &OrderBook, settings: Settings, guard: &Guard) -> Option<Plan> {
    let seq: Vec<OrderIx> = heuristic_sequence(book).into_iter().map(|x| x.0).collect();
    if seq.len() > EXHAUSTIVE {
        return None;
    }
    let mut best: Option<(Vec<f64>, Plan)> = None;
    let mut perm = seq.clone();
    permute(&mut perm, 0, &mut |p| {
        for mask in 0..(1u32 << p.len()) {
            let placed = p.iter().enumerate().map(|(k, &o)| {
                let asap = mask >> k & 1 == 1;
                (
                    o,
                    if asap {
                        Placement::Asap
                    } else {
                        Placement::JustInTime
                    },
                )
            });
            let plan = Plan::build_in(plant, book, settings, placed);
            let v = super::class_objectives(book, &guard.class, guard.classes, &plan);
            if best.as_ref().is_none_or(|b| compare(&v, &b.0).is_lt()) && guard.admits(book, &plan)
            {
                best = Some((v, plan));
            }
        }
    });
    best.map(|b| b.1)
}

/// Calls `f` with every permutation of `v[k..]` (after `v[..k]`).
fn permute(v: &mut Vec<OrderIx>, k: usize, f: &mut impl FnMut(&[OrderIx])) {
    if k == v.len() {
        f(v);
        return;
    }
    for i in k..v.len() {
        v.swap(k, i);
        permute(v, k + 1, f);
        v.swap(k, i);
    }
}

/// Searches from the heuristic plan until the deadline or `opts.iterations` batches.
pub fn run(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    guard: &Guard,
    opts: &Options,
    deadline: Instant,
) -> (Plan, u64) {
    if let Some(plan) = exhaustive(plant, book, settings, guard) {
        return (plan, 1);
    }
    let ctx = Context {
        plant,
        book,
        settings,
        reads: reads(plant, book),
    };
    let mut search = Search::new(ctx, guard, opts.seed);
    let mut it = 0;
    loop {
        let done = match opts.iterations {
            Some(n) => it >= n,
            None => Instant::now() >= deadline,
        };
        if done {
            break;
        }
        search.step();
        it += 1;
    }
    let plan = Plan::build_in(plant, book, settings, search.inc.seq.iter().copied());
    (plan, it)
}
