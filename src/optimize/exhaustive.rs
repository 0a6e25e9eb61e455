//! Tiny plants: every sequence and every placement, planned by the engine.

use super::{Guard, compare, heuristic_sequence};
use crate::model::{OrderBook, OrderIx, Plant};
use crate::plan::{Placement, Plan, Settings};

/// Plants of at most this many orders are solved by trying every sequence and placement.
pub const EXHAUSTIVE: usize = 6;

/// Every sequence and placement of a few orders: the best the guard admits
/// (lexicographically by class), or `None` if there are too many orders.
pub fn exhaustive(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    guard: &Guard,
) -> Option<Plan> {
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
