//! Synthetic plants in SPEC.md's CSV format, for benchmarks, property tests and demos.
//!
//! The shapes follow a make-to-order plant: many products, small mixed orders, 1–3 able
//! lines per product, 1–6 materials per product, a few special (designed) orders, split
//! orders, open receipts, a public holiday, power-rationing days and weekend overtime.
//! Order quantities are scaled so that the demand uses `load` of the line time over the
//! horizon. Pure: returns file names and contents; deterministic for a seed.

use crate::day::Day;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write;

#[derive(Clone, Debug, PartialEq)]
pub struct GenParams {
    pub lines: usize,
    pub products: usize,
    pub materials: usize,
    pub orders: usize,
    pub horizon_days: i32,
    /// Share of the line time over the horizon that the demand needs.
    pub load: f64,
    pub seed: u64,
    /// The first day of the horizon (the intended as-of date).
    pub start: Day,
}

impl GenParams {
    /// Named sizes: `xs`, `s`, `m` (the benchmark plant of the issues), `l` (twice M's
    /// orders over twice the horizon), `xl` (100,000 orders).
    pub fn preset(name: &str, start: Day) -> Option<GenParams> {
        let (lines, products, materials, orders, horizon_days) = match name {
            "xs" => (3, 12, 20, 40, 60),
            "s" => (10, 200, 500, 2_000, 240),
            "m" => (50, 2_000, 5_000, 20_000, 240),
            "l" => (50, 2_000, 5_000, 40_000, 480),
            "xl" => (50, 2_000, 5_000, 100_000, 1_200),
            _ => return None,
        };
        Some(GenParams {
            lines,
            products,
            materials,
            orders,
            horizon_days,
            load: 0.9,
            seed: 1,
            start,
        })
    }
}

/// A generated data set: (file name, CSV text).
pub type Files = Vec<(&'static str, String)>;

const DESTINATIONS: [&str; 8] = [
    "Shanghai",
    "Shenzhen",
    "Chengdu",
    "Hamburg",
    "Rotterdam",
    "Chicago",
    "Singapore",
    "Dubai",
];

pub fn generate(p: &GenParams) -> Files {
    let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
    let nl = p.lines.max(1);
    let np = p.products.max(1);
    let nm = p.materials;

    // Lines: mostly two shifts on weekdays, some six-day lines.
    let mut lines = String::from("line_id,shifts_per_day,work_days,availability\n");
    let mut line_shifts = Vec::with_capacity(nl);
    for l in 0..nl {
        let shifts = [1, 2, 2, 2, 3][rng.random_range(0..5)];
        let six = rng.random_bool(0.2);
        let avail = 0.9 + 0.09 * rng.random::<f64>();
        let _ = writeln!(
            lines,
            "L{:02},{shifts},{},{avail:.3}",
            l + 1,
            if six { "Mon-Sat" } else { "Mon-Fri" }
        );
        line_shifts.push(f64::from(shifts) * if six { 6.0 } else { 5.0 } / 7.0);
    }

    // Products: 1–3 able lines each, speed varying by line.
    let mut products = String::from(
        "product_id,name,on_hand,safety_stock,inspection_days,packaging_days,design_days\n",
    );
    let mut capacity = String::from("line_id,product_id,units_per_shift\n");
    let mut routes: Vec<Vec<(usize, f64)>> = Vec::with_capacity(np);
    for i in 0..np {
        let base = [10.0, 20.0, 40.0, 60.0, 100.0][rng.random_range(0..5)];
        let k = [1, 1, 2, 2, 3][rng.random_range(0..5)].min(nl);
        let mut r: Vec<(usize, f64)> = Vec::new();
        while r.len() < k {
            let l = rng.random_range(0..nl);
            if r.iter().all(|(x, _)| *x != l) {
                let ups = (base * (0.7 + 0.6 * rng.random::<f64>())).round().max(1.0);
                r.push((l, ups));
            }
        }
        r.sort_by_key(|x| x.0);
        for (l, ups) in &r {
            let _ = writeln!(capacity, "L{:02},P{:04},{ups}", l + 1, i + 1);
        }
        let on_hand = if rng.random_bool(0.3) {
            rng.random_range(0..4) as f64 * base
        } else {
            0.0
        };
        let safety = if on_hand > 0.0 && rng.random_bool(0.5) {
            (on_hand / 4.0).round()
        } else {
            0.0
        };
        let _ = writeln!(
            products,
            "P{:04},Product {},{on_hand},{safety},{},{},{}",
            i + 1,
            i + 1,
            rng.random_range(0..3),
            rng.random_range(0..2),
            rng.random_range(3..15)
        );
        routes.push(r);
    }

    // Materials, with a few open receipts.
    let mut materials = String::from(
        "material_id,name,on_hand,safety_stock,lead_time_days,inspection_days,lead_time_sd_days\n",
    );
    let mut receipts = String::from("material_id,qty,due_date\n");
    for m in 0..nm {
        let lead = [2, 5, 7, 10, 14, 21, 30][rng.random_range(0..7)];
        let sd = (f64::from(lead) * 0.3 * rng.random::<f64>() * 10.0).round() / 10.0;
        let on_hand = if rng.random_bool(0.6) {
            f64::from(rng.random_range(0..20) * 100)
        } else {
            0.0
        };
        let safety = if on_hand > 0.0 && rng.random_bool(0.3) {
            100.0
        } else {
            0.0
        };
        let _ = writeln!(
            materials,
            "M{:05},Material {},{on_hand},{safety},{lead},{},{sd}",
            m + 1,
            m + 1,
            rng.random_range(0..3)
        );
        if rng.random_bool(0.2) {
            for _ in 0..rng.random_range(1..3) {
                let due = p.start + rng.random_range(-3..30);
                let _ = writeln!(
                    receipts,
                    "M{:05},{},{due}",
                    m + 1,
                    rng.random_range(1..30) * 100
                );
            }
        }
    }
    let mut bom = String::from("product_id,material_id,qty_per_unit\n");
    if nm > 0 {
        for i in 0..np {
            let k = rng.random_range(1..7).min(nm);
            let mut used: Vec<usize> = Vec::new();
            while used.len() < k {
                let m = rng.random_range(0..nm);
                if !used.contains(&m) {
                    used.push(m);
                    let q = [0.5, 1.0, 1.0, 2.0, 4.0][rng.random_range(0..5)];
                    let _ = writeln!(bom, "P{:04},M{:05},{q}", i + 1, m + 1);
                }
            }
        }
    }

    // Destinations: truck, rail and sea or air.
    let mut transit = String::from("destination,mode,days,cost_per_unit,days_sd\n");
    let nd = (nl / 2).clamp(2, DESTINATIONS.len());
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

    // Calendar: a public holiday, power-rationing days, some Saturday overtime.
    let mut calendar = String::from("date,line_id,shifts,reason\n");
    let mut seen = std::collections::HashSet::new();
    let holiday = p.start + p.horizon_days / 3;
    let _ = writeln!(calendar, "{holiday},,0,public holiday");
    seen.insert((holiday, usize::MAX));
    for _ in 0..(p.horizon_days / 20).max(1) {
        let day = p.start + rng.random_range(0..p.horizon_days.max(1));
        let l = rng.random_range(0..nl);
        if day != holiday && seen.insert((day, l)) {
            let sat = day.weekday() == chrono::Weekday::Sat;
            let (s, why) = if sat {
                (2, "overtime")
            } else {
                (1, "power rationing 错峰用电")
            };
            let _ = writeln!(calendar, "{day},L{:02},{s},{why}", l + 1);
        }
    }

    // Orders: small mixed lines, scaled to the target load.
    let capacity_shifts: f64 = line_shifts.iter().sum::<f64>() * f64::from(p.horizon_days);
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
        let ups = routes[r.product][0].1;
        let qty = (r.size * scale * ups).round().max(1.0);
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

    vec![
        ("lines.csv", lines),
        ("products.csv", products),
        ("capacity.csv", capacity),
        ("materials.csv", materials),
        ("bom.csv", bom),
        ("receipts.csv", receipts),
        ("transit.csv", transit),
        ("calendar.csv", calendar),
        ("orders.csv", orders),
    ]
}
