//! Readable text for people: the plan summary and the order review record of a quote.

use super::Outcome;
use crate::model::{Order, OrderBook, Plant};
use crate::plan::bookings::Bookings;
use crate::plan::graph::{self, Source, Step};
use crate::plan::order::fmt_qty;
use crate::plan::{OrderPlan, Plan, Settings};
use crate::report::detail;
use std::fmt::Write;

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// `promise plan` without `--json`: counts, the on-time rate and the ten latest orders.
pub fn plan_summary(plant: &Plant, book: &OrderBook, plan: &Plan) -> String {
    let k = super::json::kpi(book, plan);
    let committed = plan
        .planned
        .iter()
        .filter(|p| book.orders[p.order].status == crate::model::Status::Committed)
        .count();
    let mut s = String::new();
    let _ = writeln!(s, "Plan as of {}", plan.settings.as_of);
    let _ = writeln!(
        s,
        "  orders      {:>6}  ({committed} committed, {} quotes)",
        k.orders,
        k.orders - committed
    );
    let _ = writeln!(s, "  on time     {:>6}", k.on_time);
    let _ = writeln!(
        s,
        "  late        {:>6}  ({} order-days late, weighted {})",
        k.late,
        k.late_days,
        fmt_qty(k.weighted_late_days)
    );
    let _ = writeln!(s, "  infeasible  {:>6}", k.infeasible);
    let _ = writeln!(
        s,
        "  on-time rate {}",
        k.on_time_rate.map_or("—".into(), pct)
    );
    let bookings = Bookings::of_plan(plant, plan);
    let mut rows: Vec<(i32, u32, &crate::plan::Planned, Outcome)> = plan
        .planned
        .iter()
        .enumerate()
        .map(|(seq, p)| {
            let o = Outcome::of(&book.orders[p.order], &p.plan, 0);
            (o.late_days.unwrap_or(i32::MAX), seq as u32, p, o)
        })
        .filter(|(late, ..)| *late > 0)
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if rows.is_empty() {
        let _ = writeln!(s, "\nEvery order is on time.");
        return s;
    }
    let _ = writeln!(s, "\nLatest orders:");
    let _ = writeln!(
        s,
        "  {:<14} {:<9} {:<10} {:<10} {:>5}  bottleneck",
        "order", "status", "due", "delivery", "late"
    );
    for (_, seq, p, o) in rows.iter().take(10) {
        let order = &book.orders[p.order];
        let late = o.late_days.map_or("—".to_string(), |d| d.to_string());
        let bottleneck = detail::bottleneck_line(plant, order, &p.plan, &bookings, *seq);
        let _ = writeln!(
            s,
            "  {:<14} {:<9} {:<10} {:<10} {:>5}  {bottleneck}",
            order.id,
            order.status.as_str(),
            o.due.map_or("—".into(), |d| d.to_string()),
            o.delivery.map_or("infeasible".into(), |d| d.to_string()),
            late,
        );
    }
    s
}

/// `promise quote` without `--json`: the order review record (客户订单评审记录).
pub fn review_record(
    plant: &Plant,
    settings: &Settings,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    buffer_days: i32,
) -> String {
    review_record_at(
        plant,
        settings,
        order,
        plan,
        bookings,
        crate::snapshot::AFTER_ALL,
        buffer_days,
    )
}

/// The review record of an order planned at position `seq` of the committed plan (a
/// rush order is planned before some of them; only those before it hold its lines).
pub fn review_record_at(
    plant: &Plant,
    settings: &Settings,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
    buffer_days: i32,
) -> String {
    let o = Outcome::of(order, plan, buffer_days);
    let mut s = String::new();
    let (what, dest) = super::what_and_where(plant, order);
    let _ = writeln!(
        s,
        "Order review record — {}: {what} to {dest} (as of {})",
        order.id, settings.as_of
    );
    if let Some(r) = order.requested() {
        let _ = writeln!(s, "Requested: {r}");
    }
    let Some(delivery) = o.delivery else {
        let _ = writeln!(
            s,
            "\nNOT FEASIBLE: {}",
            plan.reason.clone().unwrap_or_default()
        );
        return s;
    };
    let promise = o.promise.unwrap_or(delivery);
    let _ = writeln!(s, "Earliest delivery: {delivery}");
    let _ = writeln!(
        s,
        "Promise date:      {promise} (buffer {buffer_days} days)"
    );
    match o.due {
        Some(due) if promise <= due => {
            let spare = due.since(promise);
            let _ = writeln!(
                s,
                "The requested date holds: yes, {spare} day{} to spare.",
                if spare == 1 { "" } else { "s" }
            );
        }
        Some(due) => {
            let late = promise.since(due);
            let _ = writeln!(
                s,
                "The requested date holds: NO — {late} day{} late; the earliest date we can keep is {promise}.",
                if late == 1 { "" } else { "s" }
            );
        }
        None => {}
    }
    let g = graph::build(plant, settings, order, plan);
    for (i, lp) in plan.lines.iter().enumerate() {
        let _ = writeln!(
            s,
            "\nTimeline of {} × {}:",
            fmt_qty(lp.qty),
            plant.products[lp.product].id
        );
        if let Err(reason) = &lp.outcome {
            let _ = writeln!(s, "  infeasible: {reason}");
            continue;
        }
        let nodes = g.timeline(i);
        let stock: Vec<&str> = nodes
            .iter()
            .filter(|n| n.step == Step::Supply(Source::Stock))
            .map(|n| n.label.trim_end_matches(" from stock"))
            .collect();
        if !stock.is_empty() {
            let _ = writeln!(
                s,
                "  {:<25} materials from stock: {}",
                settings.as_of.to_string(),
                stock.join(", ")
            );
        }
        for n in nodes {
            if n.step == Step::Supply(Source::Stock) {
                continue;
            }
            // Zero-length design, inspection and packaging steps are noise in a timeline.
            let empty = n.start == n.end
                && matches!(
                    n.step,
                    Step::Design | Step::Inspection | Step::Packaging | Step::Wait(_)
                );
            if matches!(n.step, Step::Material(_)) || empty {
                continue;
            }
            let dates = if n.start == n.end {
                format!("{}", n.start)
            } else {
                format!("{} → {}", n.start, n.end)
            };
            let _ = writeln!(s, "  {:<25} {}", dates, n.label);
        }
    }
    let _ = writeln!(s, "  {:<25} delivery", delivery.to_string());
    let _ = writeln!(
        s,
        "\nBottleneck: {} {} — {}",
        plan.bottleneck.kind.as_str(),
        plan.bottleneck.id,
        detail::detail(plant, order, plan, bookings, seq)
    );
    s
}

/// The block `plan --optimize` adds to the summary.
pub fn optimization_summary(o: &crate::optimize::Optimized) -> String {
    format!(
        "\nOptimisation: heuristic {}, optimised {}, lower bound {}{}, gap {:.1}%, {:.1} s\n  ({} iterations; lower bound by {} {}, {} variables, {}-day buckets, {} LPs, {:.1} s)\n",
        fmt_qty(o.heuristic_objective),
        fmt_qty(o.objective),
        fmt_qty(o.lower_bound),
        if o.valid {
            ""
        } else {
            " (INVALID: above the objective, a bug in the bound)"
        },
        o.gap,
        o.seconds,
        o.iterations,
        o.solver.name(),
        if o.bound.solved {
            "LP"
        } else {
            "(LP not solved: each line alone)"
        },
        o.bound.variables,
        o.bound.bucket_days,
        o.bound.rungs,
        o.bound.seconds,
    )
}
