//! The bottleneck of an order line: the stage of its critical path that took longest.

use super::inventory::MaterialCover;
use super::order::{LinePlan, Production, Schedule, join_lines};
use crate::day::Day;
use crate::model::Plant;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BottleneckKind {
    Stock,
    Design,
    Material,
    Capacity,
    Transit,
}

impl BottleneckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BottleneckKind::Stock => "stock",
            BottleneckKind::Design => "design",
            BottleneckKind::Material => "material",
            BottleneckKind::Capacity => "capacity",
            BottleneckKind::Transit => "transit",
        }
    }
}

/// Kind, id (product, material, lines "L1,L2" or mode) and the stage's length in days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bottleneck {
    pub kind: BottleneckKind,
    pub id: String,
    pub days: i32,
    /// For `material` and `capacity`: the step (index into the product's steps) whose
    /// stage it is.
    pub step: Option<usize>,
}

/// SPEC.md's rule: design `D − A`; per step `k`, material `R_k − D` (first step) or
/// `R_k − (E_{k−1} + wait_{k−1})`, then capacity `E_k − earliest_k + 1` (or
/// `E_k − start_k + 1` when placed just in time); transit its days. The longest wins,
/// ties go to the earlier stage; a line served fully from stock is `stock`. With one
/// step this is exactly SPEC.md's one-stage rule.
pub fn of_schedule(plant: &Plant, product: &str, as_of: Day, s: &Schedule) -> Bottleneck {
    let Some(prod) = &s.production else {
        return Bottleneck {
            kind: BottleneckKind::Stock,
            id: product.to_string(),
            days: 0,
            step: None,
        };
    };
    let item = &prod.items[0];
    let steps = &plant.products[item.product].steps;
    let mode = &plant.destinations[s.destination].modes[s.mode];
    // The longest stage; ties go to the earlier one. Only the winner's id is built: this
    // runs for every order line of every plan.
    let mut best = (BottleneckKind::Design, s.design_end.since(as_of), None);
    let mut consider = |kind, days, step| {
        if days > best.1 {
            best = (kind, days, step);
        }
    };
    let mut after = s.design_end;
    for (k, run) in item.steps.iter().enumerate() {
        consider(BottleneckKind::Material, run.ready.since(after), Some(k));
        let capacity_days = if prod.just_in_time {
            run.end.since(run.start) + 1
        } else {
            run.end.since(run.earliest) + 1
        };
        consider(BottleneckKind::Capacity, capacity_days, Some(k));
        after = run.end + steps[k].wait_days;
    }
    consider(BottleneckKind::Transit, mode.days, None);
    let (kind, days, step) = best;
    let id = match (kind, step) {
        (BottleneckKind::Material, Some(k)) => {
            material_id(plant, prod, &s.materials, (k, item.steps[k].ready), as_of)
        }
        (BottleneckKind::Capacity, Some(k)) => {
            join_lines(plant, &item.steps[k].lines(&prod.allocs))
        }
        (BottleneckKind::Transit, _) => mode.name.clone(),
        _ => product.to_string(),
    };
    Bottleneck {
        kind,
        id,
        days,
        step,
    }
}

/// The need of item 0's step `k` available last (on `ready`), the first in `bom.csv`
/// order among those; a work order counts as its component.
fn material_id(
    plant: &Plant,
    prod: &Production,
    materials: &[MaterialCover],
    (k, ready): (usize, Day),
    as_of: Day,
) -> String {
    let bom = &plant.products[prod.items[0].product].bom;
    let mats = materials
        .iter()
        .filter(|c| c.item == 0 && bom[c.row].step == k && c.ready == ready)
        .map(|c| (c.row, plant.materials[c.material].id.as_str()));
    let comps = prod
        .components
        .iter()
        .filter(|c| c.item == 0 && bom[c.row].step == k)
        .filter(|c| c.work_order.map_or(as_of, |w| prod.items[w].ready) == ready)
        .map(|c| (c.row, plant.products[c.product].id.as_str()));
    mats.chain(comps)
        .min_by_key(|&(row, _)| row)
        .map_or(String::new(), |(_, id)| id.to_string())
}

/// The bottleneck of an infeasible line: kind `capacity`, id the product.
pub fn infeasible(product: &str) -> Bottleneck {
    Bottleneck {
        kind: BottleneckKind::Capacity,
        id: product.to_string(),
        days: 0,
        step: None,
    }
}

/// The bottleneck of a whole order: that of its first infeasible line, else of the line
/// delivered last (the first such line in file order).
pub fn of_order(lines: &[LinePlan]) -> Option<(usize, &Bottleneck)> {
    if let Some(i) = lines.iter().position(|l| l.schedule().is_none()) {
        return Some((i, &lines[i].bottleneck));
    }
    let mut best: Option<(usize, Day)> = None;
    for (i, l) in lines.iter().enumerate() {
        let d = l.schedule()?.delivery;
        if best.is_none_or(|(_, b)| d > b) {
            best = Some((i, d));
        }
    }
    best.map(|(i, _)| (i, &lines[i].bottleneck))
}
