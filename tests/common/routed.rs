//! Generated plants with routings and made components, for property tests.

use super::a;
use promise::load::load_files;
use promise::model::{OrderBook, Plant};
use proptest::prelude::*;
use std::fmt::Write;

/// A small plant as CSV texts: `lines` lines, `products` products of 1–3 steps (numbers
/// 10, 20, 30) with waits, components only on later products (no cycles), some stock,
/// materials with receipts, committed and quote orders.
#[derive(Clone, Debug)]
pub struct Spec {
    pub lines: usize,
    pub products: Vec<ProductSpec>,
    pub materials: Vec<(u32, u32, u32)>, // on_hand, lead time, receipt qty
    pub orders: Vec<(usize, u32, u32, bool)>, // product, qty, due offset, committed
    closed: Vec<(usize, u32)>,           // line, day offset: a calendar closure
}

#[derive(Clone, Debug)]
pub struct ProductSpec {
    pub steps: Vec<(Vec<(usize, u32)>, u32)>, // able (line, rate), wait after
    pub on_hand: u32,
    pub safety: u32,
    pub inspection: u32,
    pub bom: Vec<(Option<usize>, usize, u32, usize)>, // component (else material), index, qty, step
}

pub fn spec() -> impl Strategy<Value = Spec> {
    (1usize..4, 1usize..6, 0usize..4).prop_flat_map(|(lines, products, materials)| {
        let step = (
            proptest::collection::vec((0..lines, 20u32..200), 1..3),
            0u32..4,
        );
        let product = (
            proptest::collection::vec(step, 1..4),
            0u32..150,
            0u32..40,
            0u32..3,
            proptest::collection::vec((any::<bool>(), any::<usize>(), 1u32..3, 0usize..3), 0..3),
        );
        (
            Just(lines),
            proptest::collection::vec(product, products),
            proptest::collection::vec((0u32..300, 0u32..15, 0u32..200), materials),
            proptest::collection::vec((0..products, 1u32..300, 0u32..40, any::<bool>()), 1..16),
            proptest::collection::vec((0..lines, 0u32..30), 0..4),
        )
            .prop_map(move |(lines, raw, mats, orders, closed)| {
                let n = raw.len();
                let products = raw
                    .into_iter()
                    .enumerate()
                    .map(|(i, (steps, on_hand, safety, inspection, bom))| {
                        let nsteps = steps.len();
                        let bom = bom
                            .into_iter()
                            .filter_map(|(component, which, qty, step)| {
                                let step = step % nsteps;
                                if component && i + 1 < n {
                                    Some((Some(i + 1 + which % (n - i - 1)), 0, qty, step))
                                } else if !component && materials > 0 {
                                    Some((None, which % materials, qty, step))
                                } else {
                                    None
                                }
                            })
                            .collect();
                        ProductSpec {
                            steps,
                            on_hand,
                            safety,
                            inspection,
                            bom,
                        }
                    })
                    .collect();
                Spec {
                    lines,
                    products,
                    materials: mats,
                    orders,
                    closed,
                }
            })
    })
}

impl Spec {
    /// The CSV files; `explicit_step` writes the `step` column even for one-step plants.
    pub fn files(&self, explicit_step: bool) -> Vec<(&'static str, String)> {
        let mut lines = String::from("line_id,shifts_per_day,work_days\n");
        for l in 0..self.lines {
            let _ = writeln!(lines, "L{l},{},Mon-Fri", 1 + l % 2);
        }
        let mut capacity = String::from("line_id,product_id,units_per_shift,step\n");
        let mut routing = String::from("product_id,step,name,wait_days\n");
        let mut products =
            String::from("product_id,on_hand,safety_stock,inspection_days,packaging_days\n");
        let mut bom = String::from("product_id,material_id,qty_per_unit,step\n");
        for (i, p) in self.products.iter().enumerate() {
            let _ = writeln!(
                products,
                "P{i},{},{},{},1",
                p.on_hand, p.safety, p.inspection
            );
            for (k, (able, wait)) in p.steps.iter().enumerate() {
                let mut seen = Vec::new();
                for &(l, rate) in able {
                    if !seen.contains(&l) {
                        seen.push(l);
                        let step = if p.steps.len() > 1 {
                            format!("{}", 10 * (k + 1))
                        } else if explicit_step {
                            "1".to_string()
                        } else {
                            String::new()
                        };
                        let _ = writeln!(capacity, "L{l},P{i},{rate},{step}");
                    }
                }
                if p.steps.len() > 1 {
                    let _ = writeln!(routing, "P{i},{},op{k},{wait}", 10 * (k + 1));
                } else if *wait > 0 {
                    let _ = writeln!(routing, "P{i},1,,{wait}");
                }
            }
            let mut seen = Vec::new();
            for &(component, m, qty, k) in &p.bom {
                let id = component.map_or(format!("M{m}"), |c| format!("P{c}"));
                if seen.contains(&(id.clone(), k)) {
                    continue;
                }
                seen.push((id.clone(), k));
                let step = if p.steps.len() > 1 {
                    format!("{}", 10 * (k + 1))
                } else {
                    String::new()
                };
                let _ = writeln!(bom, "P{i},{id},{qty},{step}");
            }
        }
        let mut materials = String::from("material_id,on_hand,lead_time_days,inspection_days\n");
        let mut receipts = String::from("material_id,qty,due_date\n");
        for (m, (on_hand, lead, receipt)) in self.materials.iter().enumerate() {
            let _ = writeln!(materials, "M{m},{on_hand},{lead},1");
            if *receipt > 0 {
                let _ = writeln!(receipts, "M{m},{receipt},{}", a() + (*lead as i32) / 2);
            }
        }
        let mut orders =
            String::from("order_id,product_id,qty,requested_date,destination,status\n");
        for (n, (p, qty, due, committed)) in self.orders.iter().enumerate() {
            let status = if *committed { "committed" } else { "quote" };
            let _ = writeln!(
                orders,
                "O{n:02},P{p},{qty},{},D1,{status}",
                a() + 5 + *due as i32
            );
        }
        let mut calendar = String::from("date,line_id,shifts\n");
        let mut seen = Vec::new();
        for &(l, day) in &self.closed {
            if !seen.contains(&(l, day)) {
                seen.push((l, day));
                let _ = writeln!(calendar, "{},L{l},0", a() + day as i32);
            }
        }
        vec![
            ("lines.csv", lines),
            ("capacity.csv", capacity),
            ("routing.csv", routing),
            ("products.csv", products),
            ("bom.csv", bom),
            ("materials.csv", materials),
            ("receipts.csv", receipts),
            ("orders.csv", orders),
            ("calendar.csv", calendar),
            (
                "transit.csv",
                "destination,mode,days,cost_per_unit\nD1,truck,2,1\nD1,air,1,5\n".into(),
            ),
        ]
    }

    pub fn load(&self) -> (Plant, OrderBook) {
        let files = self.files(false);
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        load_files(&refs).unwrap_or_else(|d| panic!("generated plant does not load: {d}"))
    }
}
