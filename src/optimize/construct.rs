//! Starting sequences for the search: flexible orders last, then repaired.
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

use super::{Guard, class_objectives, compare};
use crate::model::{OrderBook, OrderIx, Plant};
use crate::plan::{Placement, Plan, Settings};
use rayon::prelude::*;
use std::collections::HashSet;

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
