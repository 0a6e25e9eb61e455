//! Starting sequences for the search: flexible orders last, then repaired; dispatching
//! rules within each class.
//!
//! Within a day the engine takes line time from the able lines in ascending line id, so
//! an order of a product that several lines can make takes the first of them — often a
//! one-shift line that products made nowhere else depend on. Planning the orders of
//! single-line products first (across classes, each group in SPEC.md's order) leaves the
//! flexible orders what the others do not need, and they spill over to their other lines.
//! That breaks priority classes, so the sequence is *repaired*: every order that ends up
//! costing more than in the heuristic plan, in a class that did not gain as a whole, moves
//! to the front (keeping their order), until the class guard admits the plan. On plant M
//! this takes 4 rounds and cuts the late order-days by more than a third.

use super::demand::Shifts;
use super::eval::Context;
use super::search::SYSTEMATIC;
use super::surrogate::{Job, Surrogate, days_covered};
use super::{Guard, class_objectives, compare, heuristic_sequence};
use crate::model::{EPS, OrderBook, OrderIx, Plant};
use crate::plan::{Placement, Plan, Settings};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// A sequence of orders with their placements.
type Sequence = Vec<(OrderIx, Placement)>;

/// A sort key from (able lines, class).
type Key = fn(usize, usize) -> (usize, usize);

/// Repair rounds before a construction is given up.
const ROUNDS: usize = 25;

/// How many able lines the least flexible line of an order has.
fn routes(plant: &Plant, book: &OrderBook, o: OrderIx) -> usize {
    book.orders[o]
        .lines
        .iter()
        .map(|l| plant.products[l.product].routes.len())
        .min()
        .unwrap_or(0)
}

/// Moves the orders the guard objects to to the front until it admits the plan.
fn repair(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    guard: &Guard,
    mut seq: Vec<(OrderIx, Placement)>,
) -> Option<(Sequence, Vec<f64>)> {
    for _ in 0..ROUNDS {
        let plan = Plan::build_in(plant, book, settings, seq.iter().copied());
        let v = class_objectives(book, &guard.class, guard.classes, &plan);
        let failing: Vec<bool> = (0..guard.classes)
            .map(|k| v[k] >= guard.class_cost[k] - 1e-9)
            .collect();
        let bad: HashSet<OrderIx> = plan
            .planned
            .iter()
            .filter(|p| {
                let c = p.plan.weighted_lateness(&book.orders[p.order]);
                c > guard.order_cost[p.order] + 1e-9 && failing[guard.class[p.order]]
            })
            .map(|p| p.order)
            .collect();
        if bad.is_empty() {
            return Some((seq, v));
        }
        let (front, rest): (Vec<_>, Vec<_>) = seq.iter().partition(|x| bad.contains(&x.0));
        seq = front.into_iter().chain(rest).collect();
    }
    None
}

/// The best repaired construction, if any is lexicographically better than `start`.
pub fn best_start(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    guard: &Guard,
    start: &[(OrderIx, Placement)],
) -> Option<Vec<(OrderIx, Placement)>> {
    let keys: [Key; 2] = [
        |routes, class| (usize::from(routes > 1), class),
        |routes, class| (routes, class),
    ];
    let built: Vec<(Sequence, Vec<f64>)> = keys
        .par_iter()
        .filter_map(|key| {
            let mut seq = start.to_vec();
            seq.sort_by_key(|&(o, _)| key(routes(plant, book, o), guard.class[o]));
            repair(plant, book, settings, guard, seq)
        })
        .collect();
    built
        .into_iter()
        .filter(|(_, v)| compare(v, &guard.class_cost).is_lt())
        .min_by(|a, b| compare(&a.1, &b.1))
        .map(|(seq, _)| seq)
}

/// Starts for the search's chains: the best admissible of SPEC.md's sequence, the
/// repaired constructions and, on plants of up to [`SYSTEMATIC`] orders, EDD and ATC
/// (apparent tardiness cost) dispatching within each class, priced by the line-time model;
/// then the best of the other family (every order as soon as possible, or not), where the
/// line-time model is exact on more plants. Every candidate is planned by the engine; ties
/// go to the first.
pub fn starts(ctx: &Context, guard: &Guard) -> Vec<(Sequence, Vec<f64>)> {
    let (plant, book, settings) = (ctx.plant, ctx.book, ctx.settings);
    let heuristic = heuristic_sequence(book);
    let mut candidates = vec![heuristic.clone()];
    candidates.extend(best_start(plant, book, settings, guard, &heuristic));
    if heuristic.len() <= SYSTEMATIC {
        candidates.extend(dispatched(ctx, guard, &heuristic));
    }
    let planned: Vec<(Vec<f64>, bool)> = candidates
        .par_iter()
        .map(|seq| {
            let plan = Plan::build_in(plant, book, settings, seq.iter().copied());
            let v = class_objectives(book, &guard.class, guard.classes, &plan);
            (v, guard.admits(book, &plan))
        })
        .collect();
    let asap = |k: usize| candidates[k].iter().all(|x| x.1 == Placement::Asap);
    let best_where = |keep: &dyn Fn(usize) -> bool| {
        (0..candidates.len())
            .filter(|&k| planned[k].1 && keep(k))
            .reduce(|a, b| {
                if compare(&planned[b].0, &planned[a].0).is_lt() {
                    b
                } else {
                    a
                }
            })
    };
    // SPEC.md's sequence is admissible by definition.
    let first = best_where(&|_| true).unwrap_or(0);
    let family = asap(first);
    let second = best_where(&|k| asap(k) != family);
    std::iter::once(first)
        .chain(second)
        .map(|k| (candidates[k].clone(), planned[k].0.clone()))
        .collect()
}

/// EDD and ATC orders of each class's block of `seq`, priced by the line-time model of
/// `seq`'s plan (orders that produce nothing stay first in their block), with `seq`'s
/// placements and with every order as soon as possible.
fn dispatched(ctx: &Context, guard: &Guard, seq: &[(OrderIx, Placement)]) -> Vec<Sequence> {
    let inc = ctx.incumbent(seq.to_vec());
    let shifts = Shifts::new(
        ctx.plant,
        ctx.settings.as_of,
        days_covered(&inc.plans, ctx.settings.as_of),
    );
    let model = Surrogate::new(ctx.plant, ctx.book, &inc, Arc::new(shifts));
    let mut rules: Vec<Option<f64>> = vec![None];
    rules.extend([0.5, 1.0, 2.0, 3.0, 5.0].map(Some));
    let orders: Vec<Sequence> = rules
        .into_iter()
        .map(|rule| {
            let mut out = Vec::with_capacity(seq.len());
            let mut t = vec![0.0; ctx.plant.lines.len()];
            let mut k = 0;
            while k < seq.len() {
                let class = guard.class[seq[k].0];
                let end = (k..seq.len())
                    .find(|&q| guard.class[seq[q].0] != class)
                    .unwrap_or(seq.len());
                let mut jobs = Vec::new();
                for (q, x) in seq.iter().enumerate().take(end).skip(k) {
                    match model.job(q) {
                        Some(j) => jobs.push((q, j)),
                        None => out.push(*x),
                    }
                }
                for q in dispatch(&jobs, rule, &mut t) {
                    out.push(seq[q]);
                }
                k = end;
            }
            out
        })
        .collect();
    // Each also with every order as soon as possible: just in time leaves line time idle
    // before an order, which the model does not see and later orders may not fill.
    let asap: Vec<Sequence> = orders
        .iter()
        .map(|s| s.iter().map(|&(o, _)| (o, Placement::Asap)).collect())
        .collect();
    orders.into_iter().chain(asap).collect()
}

/// One block's jobs (position, job) in EDD order (`rule` `None`) or by ATC with
/// look-ahead `k`, each line's clock `t` advancing.
fn dispatch(jobs: &[(usize, Job)], rule: Option<f64>, t: &mut [f64]) -> Vec<usize> {
    let Some(k) = rule else {
        let mut v: Vec<&(usize, Job)> = jobs.iter().collect();
        v.sort_by(|a, b| a.1.due.total_cmp(&b.1.due).then(a.0.cmp(&b.0)));
        for (_, j) in &v {
            t[j.line] += j.work;
        }
        return v.into_iter().map(|j| j.0).collect();
    };
    let pbar = jobs.iter().map(|j| j.1.work).sum::<f64>() / jobs.len().max(1) as f64;
    let mut left: Vec<&(usize, Job)> = jobs.iter().collect();
    let mut out = Vec::with_capacity(jobs.len());
    while !left.is_empty() {
        let mut pick = (0, f64::NEG_INFINITY);
        for (i, (_, j)) in left.iter().enumerate() {
            let slack = (j.due - j.work - t[j.line]).max(0.0);
            let v = j.weight / j.work.max(EPS) * (-slack / (k * pbar).max(EPS)).exp();
            if v > pick.1 {
                pick = (i, v);
            }
        }
        let (q, j) = left.remove(pick.0);
        t[j.line] += j.work;
        out.push(*q);
    }
    out
}
