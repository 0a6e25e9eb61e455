//! The one-step plant as rows before they are written: lines, products with their able
//! lines, materials, receipts, BOM, transport, calendar and orders, drawn from one random
//! stream in a fixed order. [`super::routed`] reshapes a draft into a multi-step plant;
//! [`super::render`] writes it. The draws and their order are those of the generator before
//! routings existed, so a one-step plant is the same, byte for byte, as it always was.

use super::{DESTINATIONS, GenParams};
use crate::day::Day;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write;

/// A production line.
pub(super) struct LineRow {
    pub id: String,
    pub shifts: u8,
    pub six_days: bool,
    pub availability: f64,
    /// What the line is (routed plants name their lines; "" = no `name` column).
    pub name: String,
    /// Shifts a calendar day on average (its weekly pattern spread over seven days).
    pub shifts_a_day: f64,
}

/// One production step of a product: its `step` number (`None` = the column's default),
/// routing name and wait, and its able lines (line index, units per shift).
#[derive(Clone, Debug, Default)]
pub(super) struct StepRow {
    pub number: Option<u32>,
    pub name: String,
    pub wait_days: i32,
    pub routes: Vec<(usize, f64)>,
}

pub(super) struct ProductRow {
    pub name: String,
    /// The product's typical units per shift (its lines' rates vary around it).
    pub base: f64,
    pub on_hand: f64,
    pub safety_stock: f64,
    pub inspection_days: i32,
    pub packaging_days: i32,
    pub design_days: i32,
    /// Ascending by step; one step without a number in a one-step plant.
    pub steps: Vec<StepRow>,
}

pub(super) struct MaterialRow {
    pub name: String,
    pub on_hand: f64,
    pub safety_stock: f64,
    pub lead_time_days: i32,
    pub inspection_days: i32,
    pub lead_time_sd_days: f64,
}

/// What a BOM row needs: a material or a made component (both as indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Need {
    Material(usize),
    Component(usize),
}

pub(super) struct BomRow {
    pub product: usize,
    pub need: Need,
    pub qty_per_unit: f64,
    /// The step of the product that needs it (`None` = the product's first).
    pub step: Option<u32>,
}

pub(super) struct CalendarRow {
    pub day: Day,
    /// `None` = every line.
    pub line: Option<usize>,
    pub shifts: u8,
    pub reason: &'static str,
}

pub(super) struct Draft {
    pub lines: Vec<LineRow>,
    pub products: Vec<ProductRow>,
    pub materials: Vec<MaterialRow>,
    /// (material, qty, due date).
    pub receipts: Vec<(usize, i32, Day)>,
    pub bom: Vec<BomRow>,
    pub transit: String,
    pub calendar: Vec<CalendarRow>,
    /// `orders.csv` as written (a routing changes no order).
    pub orders: String,
    /// Every order line's (product, qty), for what the demand needs of each line family.
    pub demand: Vec<(usize, f64)>,
}

pub(super) fn draft(p: &GenParams) -> Draft {
    let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
    let nl = p.lines.max(1);
    let np = p.products.max(1);
    let lines = lines(&mut rng, nl);
    let products = products(&mut rng, np, nl);
    let (materials, receipts) = materials(&mut rng, p);
    let bom = bom(&mut rng, np, p.materials);
    let nd = (nl / 2).clamp(2, DESTINATIONS.len());
    let transit = transit(&mut rng, nd);
    let calendar = calendar(&mut rng, p, nl);
    let (orders, demand) = orders(&mut rng, p, &lines, &products, nd);
    Draft {
        lines,
        products,
        materials,
        receipts,
        bom,
        transit,
        calendar,
        orders,
        demand,
    }
}

/// Lines: mostly two shifts on weekdays, some six-day lines.
fn lines(rng: &mut ChaCha8Rng, nl: usize) -> Vec<LineRow> {
    (0..nl)
        .map(|l| {
            let shifts = [1, 2, 2, 2, 3][rng.random_range(0..5)];
            let six_days = rng.random_bool(0.2);
            let availability = 0.9 + 0.09 * rng.random::<f64>();
            LineRow {
                id: format!("L{:02}", l + 1),
                shifts,
                six_days,
                availability,
                name: String::new(),
                shifts_a_day: f64::from(shifts) * if six_days { 6.0 } else { 5.0 } / 7.0,
            }
        })
        .collect()
}

/// Products: 1–3 able lines each, speed varying by line.
fn products(rng: &mut ChaCha8Rng, np: usize, nl: usize) -> Vec<ProductRow> {
    (0..np)
        .map(|i| {
            let base = [10.0, 20.0, 40.0, 60.0, 100.0][rng.random_range(0..5)];
            let k = [1, 1, 2, 2, 3][rng.random_range(0..5)].min(nl);
            let mut routes: Vec<(usize, f64)> = Vec::new();
            while routes.len() < k {
                let l = rng.random_range(0..nl);
                if routes.iter().all(|(x, _)| *x != l) {
                    let ups = (base * (0.7 + 0.6 * rng.random::<f64>())).round().max(1.0);
                    routes.push((l, ups));
                }
            }
            routes.sort_by_key(|x| x.0);
            let on_hand = if rng.random_bool(0.3) {
                rng.random_range(0..4) as f64 * base
            } else {
                0.0
            };
            let safety_stock = if on_hand > 0.0 && rng.random_bool(0.5) {
                (on_hand / 4.0).round()
            } else {
                0.0
            };
            ProductRow {
                name: format!("Product {}", i + 1),
                base,
                on_hand,
                safety_stock,
                inspection_days: rng.random_range(0..3),
                packaging_days: rng.random_range(0..2),
                design_days: rng.random_range(3..15),
                steps: vec![StepRow {
                    routes,
                    ..StepRow::default()
                }],
            }
        })
        .collect()
}

/// Materials, with a few open receipts.
fn materials(rng: &mut ChaCha8Rng, p: &GenParams) -> (Vec<MaterialRow>, Vec<(usize, i32, Day)>) {
    let mut materials = Vec::with_capacity(p.materials);
    let mut receipts = Vec::new();
    for m in 0..p.materials {
        let lead = [2, 5, 7, 10, 14, 21, 30][rng.random_range(0..7)];
        let sd = (f64::from(lead) * 0.3 * rng.random::<f64>() * 10.0).round() / 10.0;
        let on_hand = if rng.random_bool(0.6) {
            f64::from(rng.random_range(0..20) * 100)
        } else {
            0.0
        };
        let safety_stock = if on_hand > 0.0 && rng.random_bool(0.3) {
            100.0
        } else {
            0.0
        };
        materials.push(MaterialRow {
            name: format!("Material {}", m + 1),
            on_hand,
            safety_stock,
            lead_time_days: lead,
            inspection_days: rng.random_range(0..3),
            lead_time_sd_days: sd,
        });
        if rng.random_bool(0.2) {
            for _ in 0..rng.random_range(1..3) {
                let due = p.start + rng.random_range(-3..30);
                receipts.push((m, rng.random_range(1..30) * 100, due));
            }
        }
    }
    (materials, receipts)
}

/// 1–6 materials per product.
fn bom(rng: &mut ChaCha8Rng, np: usize, nm: usize) -> Vec<BomRow> {
    let mut bom = Vec::new();
    if nm == 0 {
        return bom;
    }
    for i in 0..np {
        let k = rng.random_range(1..7).min(nm);
        let mut used: Vec<usize> = Vec::new();
        while used.len() < k {
            let m = rng.random_range(0..nm);
            if !used.contains(&m) {
                used.push(m);
                let q = [0.5, 1.0, 1.0, 2.0, 4.0][rng.random_range(0..5)];
                bom.push(BomRow {
                    product: i,
                    need: Need::Material(m),
                    qty_per_unit: q,
                    step: None,
                });
            }
        }
    }
    bom
}

/// Destinations: truck, rail and air.
fn transit(rng: &mut ChaCha8Rng, nd: usize) -> String {
    let mut transit = String::from("destination,mode,days,cost_per_unit,days_sd\n");
    for d in DESTINATIONS.iter().take(nd) {
        let far = rng.random_range(1..6);
        let _ = writeln!(
            transit,
            "{d},truck,{},{:.2},{:.1}",
            far + 1,
            1.0 + far as f64 * 0.5,
            0.5
        );
        let _ = writeln!(
            transit,
            "{d},rail,{},{:.2},{:.1}",
            2 * far + 3,
            0.5 + far as f64 * 0.2,
            1.5
        );
        let _ = writeln!(transit, "{d},air,1,{:.2},{:.1}", 8.0 + far as f64, 0.2);
    }
    transit
}

/// Calendar: a public holiday, power-rationing days, some Saturday overtime.
fn calendar(rng: &mut ChaCha8Rng, p: &GenParams, nl: usize) -> Vec<CalendarRow> {
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let holiday = p.start + p.horizon_days / 3;
    rows.push(CalendarRow {
        day: holiday,
        line: None,
        shifts: 0,
        reason: "public holiday",
    });
    seen.insert((holiday, usize::MAX));
    for _ in 0..(p.horizon_days / 20).max(1) {
        let day = p.start + rng.random_range(0..p.horizon_days.max(1));
        let l = rng.random_range(0..nl);
        if day != holiday && seen.insert((day, l)) {
            let sat = day.weekday() == chrono::Weekday::Sat;
            let (shifts, reason) = if sat {
                (2, "overtime")
            } else {
                (1, "power rationing 错峰用电")
            };
            rows.push(CalendarRow {
                day,
                line: Some(l),
                shifts,
                reason,
            });
        }
    }
    rows
}

/// Orders: small mixed lines, scaled to the target load of the one-step plant.
fn orders(
    rng: &mut ChaCha8Rng,
    p: &GenParams,
    lines: &[LineRow],
    products: &[ProductRow],
    nd: usize,
) -> (String, Vec<(usize, f64)>) {
    let np = products.len();
    let capacity_shifts: f64 =
        lines.iter().map(|l| l.shifts_a_day).sum::<f64>() * f64::from(p.horizon_days);
    struct Row {
        order: usize,
        product: usize,
        size: f64,
        requested: Day,
    }
    let mut rows = Vec::new();
    for o in 0..p.orders {
        let n = [1, 1, 1, 2, 2, 3][rng.random_range(0..6)].min(np);
        let requested = p.start + rng.random_range(7..(p.horizon_days + 7).max(8));
        let mut used: Vec<usize> = Vec::new();
        while used.len() < n {
            let pr = rng.random_range(0..np);
            if !used.contains(&pr) {
                used.push(pr);
                // Shifts of work on the product's first line: mostly small, a few large.
                let size = 0.2 + rng.random::<f64>().powi(3) * 6.0;
                rows.push(Row {
                    order: o,
                    product: pr,
                    size,
                    requested,
                });
            }
        }
    }
    let total: f64 = rows.iter().map(|r| r.size).sum();
    let scale = if total > 0.0 {
        p.load * capacity_shifts / total
    } else {
        0.0
    };
    let mut orders = String::from(
        "order_id,customer,product_id,qty,requested_date,destination,priority,status,promised_date,kind,split,weight\n",
    );
    let mut demand = Vec::with_capacity(rows.len());
    let mut status = "committed";
    let mut attrs = (0i64, "standard", "no", 1, 0usize, 0i32);
    for (i, r) in rows.iter().enumerate() {
        if i == 0 || rows[i - 1].order != r.order {
            status = if rng.random_bool(0.9) {
                "committed"
            } else {
                "quote"
            };
            let priority = [0, 0, 0, 0, 1, -1][rng.random_range(0..6)];
            let kind = if rng.random_bool(0.05) {
                "special"
            } else {
                "standard"
            };
            let split = if rng.random_bool(0.1) { "yes" } else { "no" };
            attrs = (
                priority,
                kind,
                split,
                rng.random_range(1..6),
                rng.random_range(0..nd),
                rng.random_range(0..4),
            );
        }
        let (priority, kind, split, weight, dest, slack) = attrs;
        let ups = products[r.product].steps[0].routes[0].1;
        let qty = (r.size * scale * ups).round().max(1.0);
        demand.push((r.product, qty));
        let promised = if status == "committed" {
            (r.requested + slack).to_string()
        } else {
            String::new()
        };
        let _ = writeln!(
            orders,
            "O{:06},C{:03},P{:04},{qty},{},{},{priority},{status},{promised},{kind},{split},{weight}",
            r.order + 1,
            r.order % 97 + 1,
            r.product + 1,
            r.requested,
            DESTINATIONS[dest]
        );
    }
    (orders, demand)
}
