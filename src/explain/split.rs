//! Split delivery: how much of an order can arrive by its due date, and when the rest
//! follows — "300 by 20 March, 150 by 27 March".
//!
//! For each order line, in file order, the largest whole quantity that still arrives by
//! the due date is found by bisection (a larger quantity never arrives earlier: it needs
//! more material and more line time), and booked. Then the remainders are planned as soon
//! as possible on what is left. Every part is planned by the planner itself, on a copy of
//! the resources the quote was planned on, so the dates are ones the plant can keep. The
//! quantities of a line's parts add up to the line's quantity.

use crate::day::Day;
use crate::model::{EPS, Order, OrderLine, Plant, ProductIx};
use crate::plan::order::plan_line;
use crate::plan::{OrderPlan, Placement, Resources, Settings, production};

/// One delivery of a split order: a quantity of one of its lines, and when it arrives.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    /// Index of the order line.
    pub line: usize,
    pub product: ProductIx,
    pub qty: f64,
    /// `None` when this part cannot be made within the horizon.
    pub delivery: Option<Day>,
}

/// The delivery schedule of `order`, planned as `plan` on `resources`: sorted by date,
/// then line. An order on time (or without a due date) arrives in one piece per line.
pub fn deliveries(
    plant: &Plant,
    settings: &Settings,
    resources: &Resources,
    order: &Order,
    plan: &OrderPlan,
) -> Vec<Delivery> {
    let whole = || {
        plan.lines
            .iter()
            .enumerate()
            .map(|(i, lp)| Delivery {
                line: i,
                product: lp.product,
                qty: lp.qty,
                delivery: lp.schedule().map(|s| s.delivery),
            })
            .collect::<Vec<_>>()
    };
    let Some(due) = order.due() else {
        return whole();
    };
    if plan.delivery.is_some_and(|d| d <= due) {
        return whole();
    }
    let mut res = resources.clone();
    let mut out = Vec::new();
    let mut rests = Vec::new();
    for (i, line) in order.lines.iter().enumerate() {
        let open = line.open_qty();
        let first = on_time_qty(plant, settings, &res, line, due);
        // What production already made ships with the first part.
        if first + line.done_qty > EPS {
            let lp = plan_line(
                plant,
                settings,
                &mut res,
                &part(line, first, line.done_qty),
                Some(due),
                Placement::Asap,
            );
            out.push(Delivery {
                line: i,
                product: line.product,
                qty: first + line.done_qty,
                delivery: lp.schedule().map(|s| s.delivery),
            });
        }
        if open - first > EPS {
            rests.push((i, open - first));
        }
    }
    for (i, rest) in rests {
        let line = &order.lines[i];
        let lp = plan_line(
            plant,
            settings,
            &mut res,
            &part(line, rest, 0.0),
            Some(due),
            Placement::Asap,
        );
        out.push(Delivery {
            line: i,
            product: line.product,
            qty: rest,
            delivery: lp.schedule().map(|s| s.delivery),
        });
    }
    out.sort_by_key(|d| (d.delivery.is_none(), d.delivery, d.line));
    out
}

/// The line with `make` units still to make, of which `done` are already made.
fn part(line: &OrderLine, make: f64, done: f64) -> OrderLine {
    OrderLine {
        qty: make + done,
        done_qty: done,
        ..line.clone()
    }
}

/// The largest quantity of `line` (all of it, else a whole number) that arrives by `due`
/// when planned as soon as possible on `res`.
fn on_time_qty(
    plant: &Plant,
    settings: &Settings,
    res: &Resources,
    line: &OrderLine,
    due: Day,
) -> f64 {
    let arrives = |q: f64| {
        let mut r = res.clone();
        let lp = plan_line(
            plant,
            settings,
            &mut r,
            &part(line, q, 0.0),
            Some(due),
            Placement::Asap,
        );
        lp.schedule().is_some_and(|s| s.delivery <= due)
    };
    let open = line.open_qty();
    // Nothing beyond the free stock and the free line time up to the due date can arrive
    // by then: a cheap bound that keeps every probe short.
    let mut cap = res.capacity.clone();
    // Every unit passes the last step by then (nothing is made without steps).
    let product = &plant.products[line.product];
    let routes = product.step_routes(product.steps.len().saturating_sub(1));
    let to = cap.index(due);
    let bound = res.inventory.product_stock(line.product)
        + production::free_units(&mut cap, plant, routes, 0, to);
    if open <= bound + EPS && arrives(open) {
        return open;
    }
    // Invariant: `lo` units arrive in time (0 trivially), `hi + 1` do not.
    let hi = (open - EPS).min(bound).max(0.0).floor();
    let (mut lo, mut hi) = (0u64, hi as u64);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if arrives(mid as f64) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo as f64
}
