//! The CSV results of `plan --out DIR`: orders.csv, line_load.csv, purchases.csv, and for
//! a plant with routings work_orders.csv.

use super::Outcome;
use crate::day::Day;
use crate::model::{OrderBook, Plant};
use crate::plan::Plan;
use crate::plan::bookings::Bookings;
use crate::plan::order::fmt_qty;
use crate::report::{detail, routing};
use std::collections::BTreeMap;

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn to_string(w: csv::Writer<Vec<u8>>) -> String {
    // Writing to a Vec cannot fail.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One row per order line with every date and its bottleneck; with routings, then the
/// name, lines, start and end of each step (`step1_…` is the first step of the product).
pub fn orders_csv(plant: &Plant, book: &OrderBook, plan: &Plan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let steps = if plant.routed {
        plant
            .products
            .iter()
            .map(|p| p.steps.len())
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let mut header: Vec<String> = [
        "order_id",
        "status",
        "customer",
        "priority",
        "product_id",
        "qty",
        "from_stock",
        "requested_date",
        "promised_date",
        "due_date",
        "design_end",
        "material_ready",
        "production_start",
        "production_end",
        "production_lines",
        "ship_date",
        "mode",
        "delivery",
        "order_delivery",
        "late_days",
        "feasible",
        "bottleneck_kind",
        "bottleneck_id",
        "bottleneck_detail",
        "reason",
    ]
    .map(String::from)
    .to_vec();
    for k in 1..=steps {
        for col in ["name", "lines", "start", "end"] {
            header.push(format!("step{k}_{col}"));
        }
    }
    let _ = w.write_record(&header);
    let bookings = Bookings::of_plan(plant, plan);
    for (seq, p) in super::json::plan_entries(plan) {
        let order = &book.orders[p.order];
        let o = Outcome::of(order, &p.plan, 0);
        for (row, lp) in p.plan.lines.iter().enumerate() {
            let line = &order.lines[row];
            let s = lp.schedule();
            let prod = s.and_then(|s| s.production.as_ref());
            let late = match (s, o.due) {
                (Some(s), Some(due)) => Some(s.delivery.since(due).max(0)),
                (Some(_), None) => Some(0),
                _ => None,
            };
            let mut record = vec![
                order.id.clone(),
                order.status.as_str().to_string(),
                line.customer.clone(),
                line.priority.to_string(),
                plant.products[lp.product].id.clone(),
                fmt_qty(lp.qty),
                fmt_qty(lp.from_stock),
                opt(line.requested),
                opt(line.promised),
                opt(o.due),
                opt(prod.and(s.map(|s| s.design_end))),
                opt(prod.and(s.and_then(|s| s.material_ready))),
                opt(prod.map(|p| p.start)),
                opt(prod.map(|p| p.end)),
                prod.map_or(String::new(), |p| p.lines_used(plant)),
                opt(s.map(|s| s.ship)),
                s.map_or(String::new(), |s| {
                    plant.destinations[s.destination].modes[s.mode].name.clone()
                }),
                opt(s.map(|s| s.delivery)),
                opt(o.delivery),
                opt(late),
                (s.is_some() && late == Some(0)).to_string(),
                lp.bottleneck.kind.as_str().to_string(),
                lp.bottleneck.id.clone(),
                detail::line_detail(plant, order, lp, &bookings, seq),
                lp.outcome.as_ref().err().cloned().unwrap_or_default(),
            ];
            let runs = prod.map_or(Vec::new(), |p| routing::steps(plant, p));
            for k in 0..steps {
                match runs.get(k) {
                    Some(r) => record.extend([
                        r.operation.clone(),
                        r.lines.clone(),
                        r.start.to_string(),
                        r.end.to_string(),
                    ]),
                    None => record.extend(std::iter::repeat_n(String::new(), 4)),
                }
            }
            let _ = w.write_record(&record);
        }
    }
    to_string(w)
}

/// Shifts used on a line-day, and the units made per product.
type DayLoad<'p> = (f64, BTreeMap<&'p str, f64>);

/// Per line and day, from the as-of date to the last booked day: shifts, shifts used,
/// share used and the units made per product.
pub fn line_load_csv(plant: &Plant, plan: &Plan) -> String {
    // (line, day) → (shifts used, product → units)
    let mut load: BTreeMap<(usize, Day), DayLoad> = BTreeMap::new();
    let mut last = plan.settings.as_of;
    for p in &plan.planned {
        for lp in &p.plan.lines {
            if let Some(prod) = lp.schedule().and_then(|s| s.production.as_ref()) {
                for (product, a) in prod.made() {
                    let e = load.entry((a.line, a.day)).or_default();
                    e.0 += a.shifts;
                    *e.1.entry(plant.products[product].id.as_str()).or_default() += a.units;
                    last = last.max(a.day);
                }
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "line_id",
        "date",
        "shifts",
        "shifts_used",
        "share_used",
        "units",
    ]);
    for (l, line) in plant.lines.iter().enumerate() {
        let mut d = plan.settings.as_of;
        while d <= last {
            let shifts = plant.shifts(l, d);
            let (used, units) = load.get(&(l, d)).map_or((0.0, String::new()), |(u, per)| {
                let units = per
                    .iter()
                    .map(|(p, q)| format!("{p}:{}", fmt_qty(round6(*q))))
                    .collect::<Vec<_>>()
                    .join(";");
                (*u, units)
            });
            let share = if shifts > 0 {
                format!("{:.4}", (used / f64::from(shifts)).min(1.0))
            } else {
                String::new()
            };
            let _ = w.write_record([
                line.id.clone(),
                d.to_string(),
                shifts.to_string(),
                fmt_qty(round6(used)),
                share,
                units,
            ]);
            d = d + 1;
        }
    }
    to_string(w)
}

/// One row per work order: the order line it serves, the component, what it is for,
/// its quantity, lines and dates (a plant with routings only).
pub fn work_orders_csv(plant: &Plant, book: &OrderBook, plan: &Plan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "order_id",
        "line_product_id",
        "product_id",
        "parent",
        "step",
        "qty",
        "lines",
        "start",
        "end",
        "ready",
    ]);
    for (_, p) in super::json::plan_entries(plan) {
        let order = &book.orders[p.order];
        for lp in &p.plan.lines {
            let Some(prod) = lp.schedule().and_then(|s| s.production.as_ref()) else {
                continue;
            };
            for wo in routing::work_orders(plant, prod) {
                let _ = w.write_record([
                    order.id.clone(),
                    plant.products[lp.product].id.clone(),
                    wo.product_id,
                    wo.parent,
                    wo.step.to_string(),
                    fmt_qty(round6(wo.qty)),
                    wo.lines,
                    wo.production_start.to_string(),
                    wo.production_end.to_string(),
                    wo.ready.to_string(),
                ]);
            }
        }
    }
    to_string(w)
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// New purchases, one row per material and release date, with the orders they serve.
pub fn purchases_csv(plant: &Plant, book: &OrderBook, plan: &Plan) -> String {
    // (release, material) → (qty, available, orders)
    let mut buys: BTreeMap<(Day, &str), (f64, Day, Vec<&str>)> = BTreeMap::new();
    for p in &plan.planned {
        let order = &book.orders[p.order];
        for lp in &p.plan.lines {
            let Some(s) = lp.schedule() else { continue };
            for c in s.materials.iter().filter(|c| c.purchase > 0.0) {
                let e = buys
                    .entry((c.release, plant.materials[c.material].id.as_str()))
                    .or_insert((0.0, c.ready, Vec::new()));
                e.0 += c.purchase;
                if e.2.last() != Some(&order.id.as_str()) && !e.2.contains(&order.id.as_str()) {
                    e.2.push(&order.id);
                }
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "material_id",
        "qty",
        "release_date",
        "available_date",
        "orders",
    ]);
    for ((release, m), (q, avail, orders)) in buys {
        let _ = w.write_record([
            m.to_string(),
            fmt_qty(round6(q)),
            release.to_string(),
            avail.to_string(),
            orders.join(";"),
        ]);
    }
    to_string(w)
}
