//! The steps and work orders of a produced order line, as every output shows them
//! (SPEC.md's JSON keys `steps` and `work_orders`, `work_orders.csv`, the per-step
//! columns of `orders.csv`, the review record's timeline).

use crate::day::Day;
use crate::model::Plant;
use crate::plan::order::join_lines;
use crate::plan::{Item, Production};
use serde::Serialize;

/// One step of the order line's own item.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct StepJson {
    /// The `step` number of the files.
    pub step: u32,
    /// Its routing name ("" if none).
    pub operation: String,
    /// The lines it used, ascending, joined by commas.
    pub lines: String,
    pub start: Day,
    pub end: Day,
    /// Extensions: `R_k` (its needs all available) and the days waited after it.
    pub ready: Day,
    pub wait_days: i32,
}

/// One work order (a made component's units not covered from its stock).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct WorkOrderJson {
    pub product_id: String,
    #[serde(serialize_with = "super::qty")]
    pub qty: f64,
    /// The product it is for.
    pub parent: String,
    /// The parent's step (its number) that needs it.
    pub step: u32,
    pub ready: Day,
    pub production_start: Day,
    pub production_end: Day,
    /// Extensions: the lines of all its steps, and its own steps.
    pub lines: String,
    pub steps: Vec<StepJson>,
}

/// The steps of one item.
pub fn item_steps(plant: &Plant, prod: &Production, item: &Item) -> Vec<StepJson> {
    let product = &plant.products[item.product];
    item.steps
        .iter()
        .zip(&product.steps)
        .map(|(run, step)| StepJson {
            step: step.number,
            operation: step.name.clone(),
            lines: join_lines(plant, &run.lines(&prod.allocs)),
            start: run.start,
            end: run.end,
            ready: run.ready,
            wait_days: step.wait_days,
        })
        .collect()
}

/// The order line's own steps.
pub fn steps(plant: &Plant, prod: &Production) -> Vec<StepJson> {
    item_steps(plant, prod, &prod.items[0])
}

/// Every work order, depth first in `bom.csv` order.
pub fn work_orders(plant: &Plant, prod: &Production) -> Vec<WorkOrderJson> {
    prod.work_orders()
        .iter()
        .filter_map(|w| {
            let parent = w.parent?;
            let of = &prod.items[parent.item];
            let of_product = &plant.products[of.product];
            let mut lines: Vec<usize> =
                w.steps.iter().flat_map(|r| r.lines(&prod.allocs)).collect();
            lines.sort_unstable();
            lines.dedup();
            Some(WorkOrderJson {
                product_id: plant.products[w.product].id.clone(),
                qty: w.qty,
                parent: of_product.id.clone(),
                step: of_product.steps.get(parent.step).map_or(0, |s| s.number),
                ready: w.ready,
                production_start: w.steps.first()?.start,
                production_end: w.steps.last()?.end,
                lines: join_lines(plant, &lines),
                steps: item_steps(plant, prod, w),
            })
        })
        .collect()
}
