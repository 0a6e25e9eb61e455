//! The files that say how products are made: `capacity.csv` (the able lines of each
//! step), `routing.csv` (the steps' names and waits) and `bom.csv` (materials and made
//! components per unit, at a step), with their cross-file rules — steps that exist,
//! ids that are either a material or a product, no product needing itself.

use super::Diagnostics;
use super::plant::first_time;
use super::table::{Cells, Table};
use crate::model::{BomItem, Need, Plant, Route, Step};
use std::collections::{HashMap, HashSet};

/// Largest `step` number: ERPs number operations 10, 20, 30 …; anything above this is a typo.
const MAX_STEP: i64 = 100_000;

fn step_number(c: &Cells, default: Option<i64>, diags: &mut Diagnostics) -> Option<i64> {
    c.whole(
        "step",
        default,
        1,
        MAX_STEP,
        "a whole step number 1..=100000",
        diags,
    )
}

/// `capacity.csv`: the able lines of each product's steps. A product's steps are the
/// distinct `step` numbers of its rows, ascending. Returns the products a bad row names.
pub(super) fn capacity(t: &Table, plant: &mut Plant, diags: &mut Diagnostics) -> HashSet<usize> {
    t.require(&["line_id", "product_id", "units_per_shift"], diags);
    let mut seen = HashMap::new();
    let mut unsure = HashSet::new();
    // (product, step number, line, units per shift), in file order.
    let mut rows = Vec::new();
    for row in &t.rows {
        let c = t.cells(row);
        let line = c.refer(
            &plant.line_index,
            "line_id",
            "line",
            "not in lines.csv",
            diags,
        );
        let product = c.refer(
            &plant.product_index,
            "product_id",
            "product",
            "not in products.csv",
            diags,
        );
        let ups = c.decimal("units_per_shift", None, true, diags);
        let step = step_number(&c, Some(1), diags);
        let (Some(line), Some(product), Some(ups), Some(step)) = (line, product, ups, step) else {
            unsure.extend(product);
            continue;
        };
        let mut what = format!(
            "capacity row for line \"{}\" and product \"{}\"",
            plant.lines[line].id, plant.products[product].id
        );
        if step != 1 {
            what += &format!(" at step {step}");
        }
        if first_time(
            &mut seen,
            (line, product, step),
            t,
            c.line(),
            "product_id",
            &what,
            diags,
        ) {
            rows.push((product, step, line, ups));
        }
    }
    for (product, step, line, ups) in rows {
        let p = &mut plant.products[product];
        let k = match p.steps.iter().position(|s| i64::from(s.number) == step) {
            Some(k) => k,
            None => {
                p.steps.push(Step {
                    number: step as u32,
                    ..Step::default()
                });
                p.steps.len() - 1
            }
        };
        p.routes.push(Route {
            line,
            units_per_shift: ups,
            step: k,
        });
    }
    for p in &mut plant.products {
        // Steps ascending by number; routes by step, then line.
        let mut order: Vec<usize> = (0..p.steps.len()).collect();
        order.sort_by_key(|&k| p.steps[k].number);
        let mut rank = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old] = new;
        }
        p.steps = order.iter().map(|&k| p.steps[k].clone()).collect();
        for r in &mut p.routes {
            r.step = rank[r.step];
        }
        p.routes.sort_by_key(|r| (r.step, r.line));
    }
    unsure
}

/// The index of step `number` of `product`, or a diagnostic on column `step`.
fn step_of(
    c: &Cells,
    plant: &Plant,
    (product, number): (usize, i64),
    unsure: &HashSet<usize>,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let p = &plant.products[product];
    let k = p.steps.iter().position(|s| i64::from(s.number) == number);
    if k.is_none() && !unsure.contains(&product) {
        c.err(
            diags,
            "step",
            format!("product \"{}\" has no step {number} in capacity.csv", p.id),
        );
    }
    k
}

/// `routing.csv`: names and waits of the steps `capacity.csv` gave.
pub(super) fn routing(
    t: &Table,
    plant: &mut Plant,
    unsure: &HashSet<usize>,
    diags: &mut Diagnostics,
) {
    t.require(&["product_id", "step"], diags);
    let mut seen = HashMap::new();
    for row in &t.rows {
        let c = t.cells(row);
        let product = c.refer(
            &plant.product_index,
            "product_id",
            "product",
            "not in products.csv",
            diags,
        );
        let number = step_number(&c, None, diags);
        let wait = c.days("wait_days", Some(0), diags);
        let (Some(product), Some(number), Some(wait)) = (product, number, wait) else {
            continue;
        };
        let Some(k) = step_of(&c, plant, (product, number), unsure, diags) else {
            continue;
        };
        let what = format!(
            "routing row for product \"{}\" and step {number}",
            plant.products[product].id
        );
        if first_time(&mut seen, (product, k), t, c.line(), "step", &what, diags) {
            let step = &mut plant.products[product].steps[k];
            step.name = c.text("name").to_string();
            step.wait_days = wait;
        }
    }
}

/// `bom.csv`: per product, the materials and made components (rows naming a product)
/// needed per unit, at the start of a step (default: the product's first).
pub(super) fn bom(t: &Table, plant: &mut Plant, unsure: &HashSet<usize>, diags: &mut Diagnostics) {
    t.require(&["product_id", "material_id", "qty_per_unit"], diags);
    let mut seen = HashMap::new();
    // (parent, component, line of the row), for the cycle check.
    let mut edges = Vec::new();
    for row in &t.rows {
        let c = t.cells(row);
        let product = c.refer(
            &plant.product_index,
            "product_id",
            "product",
            "not in products.csv",
            diags,
        );
        let need = need_of(&c, plant, diags);
        let qty = c.decimal("qty_per_unit", None, true, diags);
        let number = step_number(&c, Some(0), diags);
        let (Some(product), Some(need), Some(qty), Some(number)) = (product, need, qty, number)
        else {
            continue;
        };
        let step = if number == 0 {
            0
        } else {
            match step_of(&c, plant, (product, number), unsure, diags) {
                Some(k) => k,
                None => continue,
            }
        };
        let (kind, id) = match need {
            Need::Material(m) => ("material", &plant.materials[m].id),
            Need::Component(p) => ("component", &plant.products[p].id),
        };
        let mut what = format!(
            "bom row for product \"{}\" and {kind} \"{id}\"",
            plant.products[product].id
        );
        if number != 0 {
            what += &format!(" at step {number}");
        }
        if first_time(
            &mut seen,
            (product, need, step),
            t,
            c.line(),
            "material_id",
            &what,
            diags,
        ) {
            if let Need::Component(p) = need {
                edges.push((product, p, c.line()));
            }
            plant.products[product].bom.push(BomItem {
                need,
                qty_per_unit: qty,
                step,
            });
        }
    }
    report_cycles(t, plant, &edges, diags);
}

/// A `bom.csv` `material_id`: a material, else a product (a made component).
fn need_of(c: &Cells, plant: &Plant, diags: &mut Diagnostics) -> Option<Need> {
    let id = c.text("material_id");
    if let Some(p) = plant.product(id) {
        return Some(Need::Component(p));
    }
    c.refer(
        &plant.material_index,
        "material_id",
        "material",
        "not in materials.csv nor products.csv",
        diags,
    )
    .map(Need::Material)
}

/// Products that need themselves through components: each cycle once, at the `bom.csv`
/// row that closes it (`SHAFT -> HUB -> SHAFT`). Depth first over products in file order
/// and rows in file order, so the report is deterministic.
fn report_cycles(
    t: &Table,
    plant: &Plant,
    edges: &[(usize, usize, usize)],
    diags: &mut Diagnostics,
) {
    let n = plant.products.len();
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for &(from, to, line) in edges {
        out[from].push((to, line));
    }
    // 0 = unseen, 1 = on the path, 2 = done.
    let mut state = vec![0u8; n];
    for root in 0..n {
        if state[root] != 0 || out[root].is_empty() {
            continue;
        }
        // (product, next edge to follow)
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (p, ref mut next)) = path.last_mut() {
            let Some(&(to, line)) = out[p].get(*next) else {
                state[p] = 2;
                path.pop();
                continue;
            };
            *next += 1;
            match state[to] {
                0 => {
                    state[to] = 1;
                    path.push((to, 0));
                }
                1 => {
                    let from = path.iter().position(|&(q, _)| q == to).unwrap_or(0);
                    let cycle: Vec<&str> = path[from..]
                        .iter()
                        .map(|&(q, _)| plant.products[q].id.as_str())
                        .chain(std::iter::once(plant.products[to].id.as_str()))
                        .collect();
                    t.report(
                        line,
                        "material_id",
                        format!(
                            "component cycle: {} (a product cannot need itself)",
                            cycle.join(" -> ")
                        ),
                        diags,
                    );
                }
                _ => {}
            }
        }
    }
}
