//! What would make a quote earlier: for each constraint on the critical path of the
//! order's dependency graph, the change that relaxes it, and the days it gains.
//!
//! Nothing here is guessed. Every lever plans the quote again on a modified copy of what
//! it was planned on — extra line time given to a clone of the free resources, a material
//! with a shorter lead time (an overlay on the free resources), the order with another mode or
//! without design — and the gain is the difference of the two planned deliveries. The
//! free resources are copy-on-write, so a lever copies only the line trees and balances
//! it touches and costs about as much as the quote itself.
//!
//! A lever is listed only when it gains at least one day.

use crate::day::Day;
use crate::model::{EPS, Kind, LineIx, Order, Plant};
use crate::plan::graph::{self, Step};
use crate::plan::inventory::Expedite;
use crate::plan::order::fmt_qty;
use crate::plan::{OrderPlan, Placement, Resources, Schedule, Settings, plan_order};
use chrono::Weekday;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LeverKind {
    /// One more shift a day on the bottleneck line(s), on the days that matter.
    ExtraShift,
    /// Working the Saturdays (with the line's usual shifts) among the days that matter.
    SaturdayShift,
    /// The binding material sooner: its purchase expedited, or its receipt pulled in.
    ExpediteMaterial,
    /// A faster transport mode.
    FasterTransport,
    /// Making the quantity at a subcontractor (外包).
    Subcontract,
    /// The standard variant, without design work.
    WaiveDesign,
}

impl LeverKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LeverKind::ExtraShift => "extra_shift",
            LeverKind::SaturdayShift => "saturday_shift",
            LeverKind::ExpediteMaterial => "expedite_material",
            LeverKind::FasterTransport => "faster_transport",
            LeverKind::Subcontract => "subcontract",
            LeverKind::WaiveDesign => "waive_design",
        }
    }
}

/// One way to deliver earlier, with its planned result.
#[derive(Clone, Debug, PartialEq)]
pub struct Lever {
    pub kind: LeverKind,
    pub detail: String,
    pub new_delivery: Day,
    pub days_gained: i32,
    /// What it costs, where the data has a figure (transport: qty × cost difference).
    pub cost: Option<f64>,
}

/// The quote the levers are measured against, and what it was planned on.
struct Base<'a> {
    plant: &'a Plant,
    settings: &'a Settings,
    resources: &'a Resources,
    order: &'a Order,
    plan: &'a OrderPlan,
    delivery: Day,
}

impl Base<'_> {
    /// Plans `order` again as soon as possible on `res` (a modified copy of the base).
    fn requote(&self, plant: &Plant, mut res: Resources, order: &Order) -> OrderPlan {
        plan_order(plant, self.settings, &mut res, order, Placement::Asap)
    }

    /// A lever, if the re-planned order arrives at least a day earlier.
    fn lever(
        &self,
        kind: LeverKind,
        detail: String,
        new: &OrderPlan,
        cost: Option<f64>,
    ) -> Option<Lever> {
        let new_delivery = new.delivery?;
        let days_gained = self.delivery.since(new_delivery);
        (days_gained > 0).then_some(Lever {
            kind,
            detail,
            new_delivery,
            days_gained,
            cost,
        })
    }
}

/// The levers of a quote planned as `plan` on `resources`, best first (most days gained,
/// then kind, then detail). An infeasible quote has none.
pub fn levers(
    plant: &Plant,
    settings: &Settings,
    resources: &Resources,
    order: &Order,
    plan: &OrderPlan,
) -> Vec<Lever> {
    let Some(delivery) = plan.delivery else {
        return Vec::new();
    };
    let base = Base {
        plant,
        settings,
        resources,
        order,
        plan,
        delivery,
    };
    let g = graph::build(plant, settings, order, plan);
    let mut out = Vec::new();
    let mut subcontracted = Vec::new();
    for v in g.critical_path() {
        let node = &g.graph[v];
        let Some(s) = plan.lines.get(node.line).and_then(|lp| lp.schedule()) else {
            continue;
        };
        match node.step {
            Step::Design if node.days > 0 => out.extend(waive_design(&base, s)),
            Step::Material(k) => out.extend(expedite_material(&base, s, (node.item, k))),
            Step::Production(k) => {
                if let Some(p) = &s.production {
                    // The lines of the step that binds — the order line's own step, or a
                    // made component's step that arrives last.
                    let run = &p.items[node.item].steps[k];
                    let lines = run.lines(&p.allocs);
                    out.extend(extra_capacity(
                        &base,
                        &lines,
                        (run.earliest, run.end),
                        false,
                    ));
                    out.extend(extra_capacity(&base, &lines, (run.earliest, run.end), true));
                    // Subcontracting makes the whole product: once per order line.
                    if !subcontracted.contains(&node.line) {
                        subcontracted.push(node.line);
                        out.extend(subcontract(&base, node.line, s));
                    }
                }
            }
            Step::Transit => out.extend(faster_transport(&base, s)),
            // Waiting after a step (outside plating, curing) is physics, not a lever.
            _ => {}
        }
    }
    out.sort_by(|a, b| {
        b.days_gained
            .cmp(&a.days_gained)
            .then(a.kind.cmp(&b.kind))
            .then(a.detail.cmp(&b.detail))
    });
    out.dedup();
    out
}

fn names(plant: &Plant, lines: &[LineIx]) -> String {
    lines
        .iter()
        .map(|&l| plant.lines[l].id.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// More line time on the bottleneck lines over the days that matter — from the day the
/// production could first start to the day it ended: one more shift on every working day
/// (at most 4 a day), or, for `saturdays`, the line's usual shifts on every Saturday it
/// does not work. Days before the earliest start cannot help (materials or design are
/// not ready); days after the end cannot either.
fn extra_capacity(
    base: &Base,
    lines: &[LineIx],
    (from, to): (Day, Day),
    saturdays: bool,
) -> Option<Lever> {
    let plant = base.plant;
    let mut res = base.resources.clone();
    let mut given: Vec<(Day, u8)> = Vec::new();
    let mut d = from;
    while d <= to {
        for &l in lines {
            let shifts = plant.shifts(l, d);
            let extra = if saturdays {
                (d.weekday() == Weekday::Sat && shifts == 0)
                    .then_some(plant.lines[l].shifts_per_day)
            } else {
                (1..4).contains(&shifts).then_some(1)
            };
            if let Some(x) = extra {
                let i = res.capacity.index(d);
                res.capacity.give(plant, l, i, f64::from(x));
                given.push((d, x));
            }
        }
        d = d + 1;
    }
    if given.is_empty() {
        return None;
    }
    let new = base.requote(plant, res, base.order);
    // Only the extra time up to the new end of production has to be worked: with
    // routings, up to the last day the new plan uses these lines (a step or a work order
    // ends before the order's production does).
    let productions = || {
        new.lines
            .iter()
            .filter_map(|lp| lp.schedule()?.production.as_ref())
    };
    let end = if plant.routed {
        productions()
            .flat_map(|p| p.allocs.iter().filter(|a| lines.contains(&a.line)))
            .map(|a| a.day)
            .max()?
    } else {
        productions().map(|p| p.end).max()?
    };
    let used: Vec<&(Day, u8)> = given.iter().filter(|(d, _)| *d <= end).collect();
    let (first, last) = (used.first()?.0, used.last()?.0);
    let shifts: u32 = used.iter().map(|(_, x)| u32::from(*x)).sum();
    let mut days: Vec<Day> = used.iter().map(|(d, _)| *d).collect();
    days.dedup();
    let on = names(plant, lines);
    let detail = if saturdays {
        let dates: Vec<String> = days.iter().map(Day::to_string).collect();
        format!(
            "work {} on {on} ({}): {shifts} extra shift{}",
            plural(days.len(), "Saturday"),
            dates.join(", "),
            if shifts == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "one more shift a day on {on} on {} from {first} to {last}: {shifts} extra shift{}",
            plural(days.len(), "working day"),
            if shifts == 1 { "" } else { "s" }
        )
    };
    let kind = if saturdays {
        LeverKind::SaturdayShift
    } else {
        LeverKind::ExtraShift
    };
    base.lever(kind, detail, &new, None)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The materials ready last, brought forward together until something else binds: a
/// purchase by shortening its lead time (never below zero), a receipt by pulling its due
/// date in (never before the as-of date). Re-planned on a clone of the plant.
fn expedite_material(base: &Base, s: &Schedule, (item, k): (usize, usize)) -> Option<Lever> {
    let a = base.settings.as_of;
    let p = s.production.as_ref()?;
    let bom = &base.plant.products[p.items.get(item)?.product].bom;
    // The materials of that step of that item.
    let of_step: Vec<_> = s
        .materials
        .iter()
        .filter(|c| c.item == item && bom[c.row].step == k)
        .collect();
    let ready = of_step.iter().map(|c| c.ready).max()?;
    let others = of_step
        .iter()
        .filter(|c| c.ready < ready)
        .map(|c| c.ready)
        .fold(s.design_end, Day::max);
    let mut gain = ready.since(others);
    // (material, purchase binding, receipts binding)
    let mut binding = Vec::new();
    for c in of_step.iter().filter(|c| c.ready == ready) {
        let m = &base.plant.materials[c.material];
        let bought = c.purchase > 0.0 && c.release + m.lead_time_days + m.inspection_days == ready;
        if bought {
            gain = gain.min(m.lead_time_days);
        }
        let receipts: Vec<usize> = c
            .receipts
            .iter()
            .map(|&(r, _)| r)
            .filter(|&r| (base.plant.receipts[r].due + m.inspection_days).max(a) == ready)
            .collect();
        if !receipts.is_empty() {
            gain = gain.min(ready.since(a));
        }
        binding.push((c.material, bought, receipts));
    }
    if gain <= 0 {
        return None;
    }
    // The plant with shorter lead times and earlier receipts, as an overlay on the free
    // resources (a clone of the whole plant would cost more than every other lever).
    let mut expedite = Expedite::default();
    let mut what = Vec::new();
    for (m, bought, receipts) in &binding {
        let material = &base.plant.materials[*m];
        let id = &material.id;
        if *bought {
            let lead = material.lead_time_days;
            what.push(format!(
                "expedite the purchase of {id} by {gain} days (lead time {lead} → {})",
                lead - gain
            ));
            expedite.lead_days.push((*m, gain));
        }
        for &r in receipts {
            let due = base.plant.receipts[r].due;
            expedite.receipt_due.push((r, due - gain));
            what.push(format!(
                "pull in the receipt of {id} due {due} by {gain} days (to {})",
                due - gain
            ));
        }
    }
    let mut res = base.resources.clone();
    res.inventory.expedite = Some(std::sync::Arc::new(expedite));
    let new = base.requote(base.plant, res, base.order);
    let detail = format!(
        "{}: materials ready {} instead of {ready}",
        what.join("; "),
        ready - gain
    );
    base.lever(LeverKind::ExpediteMaterial, detail, &new, None)
}

/// Each mode to the destination faster than the one planned, for every line of the order
/// shipped there. Cost: Σ qty × (cost per unit of the new mode − of the old).
fn faster_transport(base: &Base, s: &Schedule) -> Vec<Lever> {
    let dest = &base.plant.destinations[s.destination];
    let current = &dest.modes[s.mode];
    let mut out = Vec::new();
    for (m, mode) in dest.modes.iter().enumerate() {
        if mode.days >= current.days {
            continue;
        }
        let mut order = base.order.clone();
        let mut cost = 0.0;
        for (line, lp) in order.lines.iter_mut().zip(&base.plan.lines) {
            let Some(old) = lp.schedule().filter(|o| o.destination == s.destination) else {
                continue;
            };
            line.mode = Some(m);
            cost += line.qty * (mode.cost_per_unit - dest.modes[old.mode].cost_per_unit);
        }
        let new = base.requote(base.plant, base.resources.clone(), &order);
        let detail = format!(
            "ship by {} ({}) instead of {} ({}) to {}",
            mode.name,
            plural(mode.days.max(0) as usize, "day"),
            current.name,
            plural(current.days.max(0) as usize, "day"),
            dest.id
        );
        out.extend(base.lever(LeverKind::FasterTransport, detail, &new, Some(cost)));
    }
    out
}

/// Each subcontractor of the product makes what line `line` would make: it starts when
/// design ends, after its lead days, makes `units_per_day` a calendar day, then the goods
/// are inspected and travel `transit_days` to the customer. It brings its own materials.
/// The rest of the order (the stock part of this line, the other lines) is planned again
/// without this line's production.
fn subcontract(base: &Base, line: usize, s: &Schedule) -> Vec<Lever> {
    let lp = &base.plan.lines[line];
    let ol = &base.order.lines[line];
    let make = ol.open_qty() - lp.from_stock;
    let mut rest = base.order.clone();
    let keep = ol.done_qty + lp.from_stock;
    if keep <= EPS {
        rest.lines.remove(line);
    } else {
        rest.lines[line].qty = keep;
    }
    let rest_delivery = if rest.lines.is_empty() {
        None
    } else {
        match base
            .requote(base.plant, base.resources.clone(), &rest)
            .delivery
        {
            Some(d) => Some(d),
            None => return Vec::new(),
        }
    };
    let mut out = Vec::new();
    for sub in base
        .plant
        .subcontractors
        .iter()
        .filter(|x| x.product == lp.product)
    {
        let days = ((make / sub.units_per_day) - EPS).ceil().max(1.0);
        if days > f64::from(base.settings.horizon_days) {
            continue;
        }
        let days = days as i32;
        let arrives = s.design_end + sub.lead_days + days + sub.inspection_days + sub.transit_days;
        let new_delivery = rest_delivery.map_or(arrives, |d| d.max(arrives));
        let detail = format!(
            "subcontract {} × {} to {}: lead {} + {days} days of production ({}/day) + inspection {} + transit {} days",
            fmt_qty(make),
            base.plant.products[lp.product].id,
            sub.id,
            sub.lead_days,
            fmt_qty(sub.units_per_day),
            sub.inspection_days,
            sub.transit_days
        );
        let days_gained = base.delivery.since(new_delivery);
        if days_gained > 0 {
            out.push(Lever {
                kind: LeverKind::Subcontract,
                detail,
                new_delivery,
                days_gained,
                cost: None,
            });
        }
    }
    out
}

/// The standard variant: every line of the order planned without design.
fn waive_design(base: &Base, s: &Schedule) -> Option<Lever> {
    let mut order = base.order.clone();
    for line in &mut order.lines {
        line.kind = Kind::Standard;
    }
    let new = base.requote(base.plant, base.resources.clone(), &order);
    let detail = format!(
        "deliver the standard variant without design (design takes {} days, until {})",
        s.design_end.since(base.settings.as_of),
        s.design_end
    );
    base.lever(LeverKind::WaiveDesign, detail, &new, None)
}
