//! Planning one order against the free resources: SPEC.md's date arithmetic, step by step
//! (finished stock → design → materials → production → inspection and packaging → transit).

use super::bottleneck::{self, Bottleneck};
use super::inventory::MaterialCover;
use super::item::{ComponentCover, Item, Netted, StepRun};
use super::place::Placer;
use super::production::{self, Alloc};
use super::{Resources, Settings};
use crate::day::Day;
use crate::model::{DestIx, EPS, Kind, LineIx, ModeIx, Order, OrderLine, Plant, ProductIx};

/// Committed orders are placed just in time; quotes and rush insertions as soon as possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    JustInTime,
    Asap,
}

/// The production of one order line: its item's steps and its work orders.
#[derive(Clone, Debug, PartialEq)]
pub struct Production {
    /// `max(D, R_1)`: the first day the first step may use line time.
    pub earliest: Day,
    /// First day of the first step, last day (`E`) of the last step of item 0.
    pub start: Day,
    pub end: Day,
    pub just_in_time: bool,
    /// Every line-day booked for the line — all steps of all items — in booking order.
    pub allocs: Vec<Alloc>,
    /// Item 0 (the order line's units), then its work orders depth first in `bom.csv`
    /// order, each with its step runs.
    pub items: Vec<Item>,
    /// How every made component need of the tree was covered, in netting order.
    pub components: Vec<ComponentCover>,
}

impl Production {
    /// The lines used by every step and work order, ascending, joined by commas.
    pub fn lines_used(&self, plant: &Plant) -> String {
        let mut lines: Vec<usize> = self.allocs.iter().map(|a| a.line).collect();
        lines.sort_unstable();
        lines.dedup();
        join_lines(plant, &lines)
    }

    pub fn shifts(&self) -> f64 {
        self.allocs.iter().map(|a| a.shifts).sum()
    }

    /// Every booked line-day with the product it makes (the order line's product, or a
    /// work order's component), in booking order.
    pub fn made(&self) -> impl Iterator<Item = (ProductIx, &Alloc)> {
        let mut product = vec![self.items[0].product; self.allocs.len()];
        for item in &self.items {
            for run in &item.steps {
                product[run.allocs.clone()].fill(item.product);
            }
        }
        product.into_iter().zip(&self.allocs)
    }

    /// The step runs of the order line's own item.
    pub fn steps(&self) -> &[StepRun] {
        &self.items[0].steps
    }

    /// The work orders (every item but the first).
    pub fn work_orders(&self) -> &[Item] {
        &self.items[1..]
    }
}

/// Line ids joined by commas.
pub fn join_lines(plant: &Plant, lines: &[LineIx]) -> String {
    lines
        .iter()
        .map(|&l| plant.lines[l].id.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The dates of a feasible order line.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// `D`: design end (the as-of date for standard orders).
    pub design_end: Day,
    /// How each BOM material is covered, in `bom.csv` order.
    pub materials: Vec<MaterialCover>,
    /// `R`; `None` when served fully from stock.
    pub material_ready: Option<Day>,
    /// `None` when served fully from stock.
    pub production: Option<Production>,
    pub ship: Day,
    pub destination: DestIx,
    pub mode: ModeIx,
    pub delivery: Day,
}

impl Schedule {
    /// Books this line's stock, components, materials and line time on `res`, with the
    /// operations, in the order, planning booked them.
    pub fn book(&self, plant: &Plant, lp: &LinePlan, res: &mut Resources) {
        res.inventory.take_product(lp.product, lp.from_stock);
        if let Some(prod) = &self.production {
            for c in &prod.components {
                res.inventory.take_product(c.product, c.from_stock);
            }
            res.inventory.book(&self.materials);
            production::book(&mut res.capacity, plant, &prod.allocs);
        }
    }
}

/// One order line's plan: its schedule, or why it is infeasible.
#[derive(Clone, Debug, PartialEq)]
pub struct LinePlan {
    pub product: ProductIx,
    pub qty: f64,
    pub from_stock: f64,
    pub outcome: Result<Schedule, String>,
    pub bottleneck: Bottleneck,
}

impl LinePlan {
    pub fn schedule(&self) -> Option<&Schedule> {
        self.outcome.as_ref().ok()
    }
}

/// One order's plan: its lines in file order and the order-level dates.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderPlan {
    pub lines: Vec<LinePlan>,
    /// The latest line delivery; `None` if any line is infeasible.
    pub delivery: Option<Day>,
    pub bottleneck: Bottleneck,
    /// The line whose bottleneck is the order's.
    pub critical_line: usize,
    /// Why the order is infeasible (its first infeasible line's reason).
    pub reason: Option<String>,
}

/// Lateness of an infeasible order line, in days, for objectives: worse than any plan
/// that delivers within the default horizon.
pub const INFEASIBLE_LATE_DAYS: f64 = 10_000.0;

impl OrderPlan {
    pub fn feasible(&self) -> bool {
        self.delivery.is_some()
    }

    /// Σ over the order's lines of `weight × late days`, each line late against its own
    /// due date (promised, else requested) — the objective the optimiser minimises. An
    /// infeasible line counts [`INFEASIBLE_LATE_DAYS`]; a line without a due date is never late.
    pub fn weighted_lateness(&self, order: &Order) -> f64 {
        self.lines
            .iter()
            .zip(&order.lines)
            .map(|(lp, line)| {
                let late = match (lp.schedule(), line.due()) {
                    (None, _) => INFEASIBLE_LATE_DAYS,
                    (Some(s), Some(due)) => f64::from(s.delivery.since(due).max(0)),
                    (Some(_), None) => 0.0,
                };
                line.weight * late
            })
            .sum()
    }
}

impl OrderPlan {
    /// Books this plan's stock, materials and line time on `res` again, exactly as
    /// planning booked them (same operations, same order): re-applies a known plan to
    /// other resources without searching for it (the optimiser's incremental re-plan).
    pub fn book(&self, plant: &Plant, res: &mut Resources) {
        for lp in &self.lines {
            if let Ok(s) = &lp.outcome {
                s.book(plant, lp, res);
            }
        }
    }

    /// Whether two plans book the same stock, materials and line time.
    pub fn same_bookings(&self, other: &OrderPlan) -> bool {
        self.lines.len() == other.lines.len()
            && self.lines.iter().zip(&other.lines).all(|(a, b)| {
                a.from_stock == b.from_stock
                    && match (&a.outcome, &b.outcome) {
                        (Ok(x), Ok(y)) => {
                            x.materials == y.materials
                                && x.production.as_ref().map(|p| (&p.allocs, &p.components))
                                    == y.production.as_ref().map(|p| (&p.allocs, &p.components))
                        }
                        (Err(_), Err(_)) => true,
                        _ => false,
                    }
            })
    }
}

/// Plans every line of `order`, in file order, each taking what the lines before left.
pub fn plan_order(
    plant: &Plant,
    settings: &Settings,
    res: &mut Resources,
    order: &Order,
    placement: Placement,
) -> OrderPlan {
    let due = order.due();
    let lines: Vec<LinePlan> = order
        .lines
        .iter()
        .map(|line| plan_line(plant, settings, res, line, due, placement))
        .collect();
    let (critical_line, bn) = bottleneck::of_order(&lines)
        .map_or_else(|| (0, bottleneck::infeasible("")), |(i, b)| (i, b.clone()));
    let delivery = lines
        .iter()
        .map(|l| l.schedule().map(|s| s.delivery))
        .collect::<Option<Vec<Day>>>()
        .and_then(|d| d.into_iter().max());
    let reason = lines.iter().find_map(|l| l.outcome.as_ref().err().cloned());
    OrderPlan {
        lines,
        delivery,
        bottleneck: bn,
        critical_line,
        reason,
    }
}

/// SPEC.md's steps 1–6 for one order line.
pub fn plan_line(
    plant: &Plant,
    settings: &Settings,
    res: &mut Resources,
    line: &OrderLine,
    due: Option<Day>,
    placement: Placement,
) -> LinePlan {
    let product = &plant.products[line.product];
    let a = settings.as_of;
    let q = line.open_qty();
    // 1. Finished stock (a line with nothing left to make counts as served from stock).
    let from_stock = if q <= EPS {
        0.0
    } else {
        q.min(res.inventory.product_stock(line.product))
    };
    if q - from_stock <= EPS {
        res.inventory.take_product(line.product, from_stock);
        let ship = a + product.packaging_days;
        let schedule = ship_it(plant, line, due, ship, Day(a.0), None, Vec::new(), None);
        return finish(plant, settings, line, from_stock, Ok(schedule));
    }
    let make = q - from_stock;
    if product.steps.is_empty() {
        let why = format!(
            "no line can make {} and finished stock covers only {} of {}",
            product.id,
            fmt_qty(from_stock),
            fmt_qty(q)
        );
        return finish(plant, settings, line, 0.0, Err(why));
    }
    // 2. Design.
    let design_end = a + if line.kind == Kind::Special {
        product.design_days
    } else {
        0
    };
    // 3. Materials and made components, netted over the whole tree.
    let dates = (a, design_end);
    let mut net = match Netted::of(plant, &res.inventory, line.product, make, dates) {
        Ok(net) => net,
        Err(why) => return finish(plant, settings, line, 0.0, Err(why)),
    };
    // 4. Production through every step and work order.
    let limit = settings.horizon_days as usize;
    let mut placer = Placer::new(plant, &mut res.capacity, dates, limit);
    let target = match (placement, due) {
        (Placement::JustInTime, Some(due)) => {
            let dest = &plant.destinations[line.destination];
            let m = line.mode.unwrap_or_else(|| dest.cheapest());
            let target = due
                - dest.modes[m].days
                - product.inspection_days
                - product.packaging_days
                - settings.safety_days;
            Some(target.min(a + settings.horizon_days) - product.last_wait())
        }
        _ => None,
    };
    let just_in_time = match target {
        Some(t) if placer.just_in_time(&mut net, 0, t) => true,
        Some(_) => {
            placer.rollback(&mut net);
            false
        }
        None => false,
    };
    if !just_in_time && let Err(why) = placer.asap(&mut net, 0) {
        placer.rollback(&mut net);
        return finish(plant, settings, line, 0.0, Err(why));
    }
    let allocs = placer.commit();
    // Feasible: book stock and materials (the line time is booked already).
    res.inventory.take_product(line.product, from_stock);
    for c in &net.components {
        res.inventory.take_product(c.product, c.from_stock);
    }
    res.inventory.book(&net.materials);
    let first = &net.items[0].steps;
    let (earliest, ready) = (first[0].earliest, first[0].ready);
    let end = first.last().map_or(earliest, |s| s.end);
    let prod = Production {
        earliest,
        start: first[0].start,
        end,
        just_in_time,
        allocs,
        items: net.items,
        components: net.components,
    };
    // 5. Waiting after the last step, inspection and packaging.
    let ship = end + product.last_wait() + product.inspection_days + product.packaging_days;
    let schedule = ship_it(
        plant,
        line,
        due,
        ship,
        design_end,
        Some(ready),
        net.materials,
        Some(prod),
    );
    finish(plant, settings, line, from_stock, Ok(schedule))
}

/// Step 6, transit: the order's mode if it names one; else the cheapest mode on time for
/// the order's due date; else (or without a due date) the fastest.
pub fn choose_mode(plant: &Plant, line: &OrderLine, ship: Day, due: Option<Day>) -> ModeIx {
    let dest = &plant.destinations[line.destination];
    if let Some(m) = line.mode {
        return m;
    }
    due.and_then(|due| dest.cheapest_where(|m| ship + m.days <= due))
        .unwrap_or_else(|| dest.fastest())
}

#[allow(clippy::too_many_arguments)]
fn ship_it(
    plant: &Plant,
    line: &OrderLine,
    due: Option<Day>,
    ship: Day,
    design_end: Day,
    material_ready: Option<Day>,
    materials: Vec<MaterialCover>,
    production: Option<Production>,
) -> Schedule {
    let mode = choose_mode(plant, line, ship, due);
    let delivery = ship + plant.destinations[line.destination].modes[mode].days;
    Schedule {
        design_end,
        materials,
        material_ready,
        production,
        ship,
        destination: line.destination,
        mode,
        delivery,
    }
}

fn finish(
    plant: &Plant,
    settings: &Settings,
    line: &OrderLine,
    from_stock: f64,
    outcome: Result<Schedule, String>,
) -> LinePlan {
    let product = &plant.products[line.product];
    let bottleneck = match &outcome {
        Ok(s) => bottleneck::of_schedule(plant, &product.id, settings.as_of, s),
        Err(_) => bottleneck::infeasible(&product.id),
    };
    LinePlan {
        product: line.product,
        qty: line.qty,
        from_stock,
        outcome,
        bottleneck,
    }
}

/// Quantities print without a trailing ".0" when whole.
pub fn fmt_qty(q: f64) -> String {
    if q.fract() == 0.0 && q.abs() < 1e15 {
        format!("{}", q as i64)
    } else {
        format!("{}", (q * 1e6).round() / 1e6)
    }
}
