//! The facts behind a bottleneck: which material, work order, lines or lane held the
//! order, and who held those lines before it. Only facts: `report::detail` words them
//! (in English for every output's `detail`, in Chinese for the documents and the report).

use super::bookings::Bookings;
use super::bottleneck::BottleneckKind;
use super::order::{LinePlan, OrderPlan, Production, Schedule, join_lines};
use crate::day::Day;
use crate::model::{Order, Plant, Product};

/// The facts behind a bottleneck's explanation.
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    /// Nothing to say (no such line).
    Nothing,
    /// An infeasible order or line: the planner's reason.
    Reason(String),
    Stock {
        qty: f64,
        product: String,
    },
    Design {
        product: String,
        days: i32,
        until: Day,
    },
    /// Materials ready on a day no single material accounts for.
    MaterialsReady(Day),
    Purchase {
        material: String,
        qty: f64,
        ordered: Day,
        ready: Day,
        lead_time: i32,
        inspection: i32,
    },
    Receipt {
        material: String,
        due: Day,
        inspection: i32,
        ready: Day,
    },
    /// A made component the step waits for: its work order.
    WorkOrder {
        component: String,
        qty: f64,
        /// Its lines (all its steps), joined by commas.
        lines: String,
        start: Day,
        end: Day,
        ready: Day,
    },
    Capacity {
        /// The lines used, ascending, joined by commas.
        lines: String,
        line_count: usize,
        made: Made,
        held: Held,
    },
    Transit {
        mode: String,
        destination: String,
        days: i32,
        ship: Day,
        delivery: Day,
    },
    /// The stage of one production step of a product made in several (or named) steps.
    AtStep {
        step: StepLabel,
        detail: Box<Detail>,
    },
}

/// A production step as people name it: its routing name, else its number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepLabel {
    pub number: u32,
    pub name: String,
}

impl StepLabel {
    pub fn of(product: &Product, k: usize) -> StepLabel {
        let s = &product.steps[k];
        StepLabel {
            number: s.number,
            name: s.name.clone(),
        }
    }
}

/// What the bottleneck production made.
#[derive(Clone, Debug, PartialEq)]
pub struct Made {
    pub qty: f64,
    pub product: String,
    pub start: Day,
    pub end: Day,
    /// Shifts used, rounded to hundredths.
    pub shifts: f64,
}

/// Why production sits where it does.
#[derive(Clone, Debug, PartialEq)]
pub enum Held {
    /// Placed just in time to arrive by the due date.
    JustInTime { due: Option<Day> },
    /// The lines were booked by `earlier` orders from `from` until `until`.
    Booked {
        from: Day,
        until: Day,
        earlier: usize,
    },
    /// Made as soon as possible, sharing the days with `earlier` orders.
    Shared { earlier: usize },
}

/// The facts of an order's bottleneck. `seq` is the order's planning position (bookings
/// of orders planned after it do not count).
pub fn order_facts(
    plant: &Plant,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
) -> Detail {
    if let Some(reason) = &plan.reason {
        return Detail::Reason(reason.clone());
    }
    let Some(lp) = plan.lines.get(plan.critical_line) else {
        return Detail::Nothing;
    };
    line_facts(plant, order, lp, bookings, seq)
}

/// The facts of one order line's bottleneck.
pub fn line_facts(
    plant: &Plant,
    order: &Order,
    lp: &LinePlan,
    bookings: &Bookings,
    seq: u32,
) -> Detail {
    let product = &plant.products[lp.product];
    let Some(s) = lp.schedule() else {
        return Detail::Reason(lp.outcome.clone().err().unwrap_or_default());
    };
    let b = &lp.bottleneck;
    let facts = match (b.kind, s.production.as_ref(), b.step) {
        (BottleneckKind::Stock, ..) => Detail::Stock {
            qty: lp.qty,
            product: product.id.clone(),
        },
        (BottleneckKind::Design, ..) => Detail::Design {
            product: product.id.clone(),
            days: b.days,
            until: s.design_end,
        },
        (BottleneckKind::Material, Some(p), Some(k)) => material_facts(plant, s, p, k),
        (BottleneckKind::Capacity, Some(p), Some(k)) => {
            capacity_facts(plant, order, (lp, p, k), bookings, seq)
        }
        (BottleneckKind::Transit, ..) => {
            let dest = &plant.destinations[s.destination];
            Detail::Transit {
                mode: dest.modes[s.mode].name.clone(),
                destination: dest.id.clone(),
                days: b.days,
                ship: s.ship,
                delivery: s.delivery,
            }
        }
        _ => Detail::Nothing,
    };
    match b.step {
        Some(k) if product.routed() => Detail::AtStep {
            step: StepLabel::of(product, k),
            detail: Box::new(facts),
        },
        _ => facts,
    }
}

/// The need of step `k` ready last: a purchase, a receipt or a work order (the first in
/// `bom.csv` order among those ready that day).
fn material_facts(plant: &Plant, s: &Schedule, p: &Production, k: usize) -> Detail {
    let item = &p.items[0];
    let ready = item.steps[k].ready;
    let bom = &plant.products[item.product].bom;
    let material = s
        .materials
        .iter()
        .find(|c| c.item == 0 && bom[c.row].step == k && c.ready == ready);
    let work_order = p.components.iter().find_map(|c| {
        let w = c.work_order?;
        (c.item == 0 && bom[c.row].step == k && p.items[w].ready == ready).then_some((c.row, w))
    });
    if let Some((row, w)) = work_order
        && material.is_none_or(|c| row < c.row)
    {
        let wo = &p.items[w];
        let mut lines: Vec<usize> = wo.steps.iter().flat_map(|r| r.lines(&p.allocs)).collect();
        lines.sort_unstable();
        lines.dedup();
        return Detail::WorkOrder {
            component: plant.products[wo.product].id.clone(),
            qty: wo.qty,
            lines: join_lines(plant, &lines),
            start: wo.steps.first().map_or(ready, |r| r.start),
            end: wo.steps.last().map_or(ready, |r| r.end),
            ready,
        };
    }
    let Some(c) = material else {
        return Detail::MaterialsReady(ready);
    };
    let m = &plant.materials[c.material];
    if c.purchase > 0.0 && c.release + m.lead_time_days + m.inspection_days == ready {
        Detail::Purchase {
            material: m.id.clone(),
            qty: c.purchase,
            ordered: c.release,
            ready,
            lead_time: m.lead_time_days,
            inspection: m.inspection_days,
        }
    } else {
        let due = c
            .receipts
            .last()
            .map(|&(r, _)| plant.receipts[r].due)
            .unwrap_or(ready);
        Detail::Receipt {
            material: m.id.clone(),
            due,
            inspection: m.inspection_days,
            ready,
        }
    }
}

/// Where step `k` sits, and who holds its lines before it.
fn capacity_facts(
    plant: &Plant,
    order: &Order,
    (lp, p, k): (&LinePlan, &Production, usize),
    bookings: &Bookings,
    seq: u32,
) -> Detail {
    let item = &p.items[0];
    let run = &item.steps[k];
    let lines = run.lines(&p.allocs);
    let made = Made {
        qty: lp.qty - lp.from_stock,
        product: plant.products[item.product].id.clone(),
        start: run.start,
        end: run.end,
        shifts: (run.shifts(&p.allocs) * 100.0).round() / 100.0,
    };
    let held = if p.just_in_time {
        Held::JustInTime { due: order.due() }
    } else if run.start > run.earliest {
        // Say "booked from" the first day the lines work, not a weekend or holiday.
        let mut from = run.earliest;
        while from < run.start && lines.iter().all(|&l| plant.shifts(l, from) == 0) {
            from = from + 1;
        }
        Held::Booked {
            from,
            until: run.start - 1,
            earlier: bookings.earlier_orders(&lines, from, run.end, seq),
        }
    } else {
        Held::Shared {
            earlier: bookings.earlier_orders(&lines, run.start, run.end, seq),
        }
    };
    Detail::Capacity {
        lines: join_lines(plant, &lines),
        line_count: lines.len(),
        made,
        held,
    }
}
