//! The bottleneck of an order line: the stage of its critical path that took longest.

use super::order::{LinePlan, Schedule};
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
}

/// SPEC.md's rule: design `D − A`, material `R − D`, capacity `E − max(D, R) + 1` (or
/// `E − start + 1` when placed just in time), transit its days; the longest wins, ties go
/// to the earlier stage; a line served fully from stock is `stock`.
pub fn of_schedule(plant: &Plant, product: &str, as_of: Day, s: &Schedule) -> Bottleneck {
    let Some(prod) = &s.production else {
        return Bottleneck {
            kind: BottleneckKind::Stock,
            id: product.to_string(),
            days: 0,
        };
    };
    let ready = s.material_ready.unwrap_or(as_of);
    let capacity_days = if prod.just_in_time {
        prod.end.since(prod.start) + 1
    } else {
        prod.end.since(s.design_end.max(ready)) + 1
    };
    let mode = &plant.destinations[s.destination].modes[s.mode];
    let stages = [
        (BottleneckKind::Design, s.design_end.since(as_of)),
        (BottleneckKind::Material, ready.since(s.design_end)),
        (BottleneckKind::Capacity, capacity_days),
        (BottleneckKind::Transit, mode.days),
    ];
    // The longest stage; ties go to the earlier one. Only the winner's id is built: this
    // runs for every order line of every plan.
    let (kind, days) = stages
        .into_iter()
        .fold(stages[0], |best, st| if st.1 > best.1 { st } else { best });
    let id = match kind {
        BottleneckKind::Material => s
            .materials
            .iter()
            .find(|c| c.ready == ready)
            .map_or(String::new(), |c| plant.materials[c.material].id.clone()),
        BottleneckKind::Capacity => prod.lines_used(plant),
        BottleneckKind::Transit => mode.name.clone(),
        BottleneckKind::Design | BottleneckKind::Stock => product.to_string(),
    };
    Bottleneck { kind, id, days }
}

/// The bottleneck of an infeasible line: kind `capacity`, id the product.
pub fn infeasible(product: &str) -> Bottleneck {
    Bottleneck {
        kind: BottleneckKind::Capacity,
        id: product.to_string(),
        days: 0,
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
