//! `promise fit` as JSON (SPEC.md's keys, plus the fit's form, pooling weight, delays and
//! outages) and as a readable summary. Quantiles are fractional days rounded to 2
//! decimals; availability to 4.

use crate::fit::empirical::QuantileFunction;
use crate::fit::outage::Outages;
use crate::fit::pooling::{Form, OWN_ENOUGH, PRIOR_STRENGTH};
use crate::fit::{Fit, Fitted};
use serde::Serialize;
use std::fmt::Write;

/// Names the fitted-distributions file, so that a later `--history` can tell it from a
/// history directory.
pub const FORMAT: &str = crate::fit::FILE_FORMAT;

/// The file `fit --out DIR` writes.
pub const FILE_NAME: &str = "fit.json";

fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The five quantiles every fitted distribution reports.
#[derive(Serialize)]
pub struct Quantiles {
    p50: f64,
    p80: f64,
    p90: f64,
    p95: f64,
    p99: f64,
}

impl Quantiles {
    fn of(q: &QuantileFunction) -> Quantiles {
        Quantiles {
            p50: r2(q.at(0.5)),
            p80: r2(q.at(0.8)),
            p90: r2(q.at(0.9)),
            p95: r2(q.at(0.95)),
            p99: r2(q.at(0.99)),
        }
    }
}

/// How a distribution was fitted, and from how much.
#[derive(Serialize)]
pub struct Basis {
    observations: usize,
    form: Form,
    own_weight: f64,
    pooled_from: Option<String>,
}

impl Basis {
    fn of(f: &Fitted) -> Basis {
        Basis {
            observations: f.observations,
            form: f.form,
            own_weight: (f.own_weight * 10_000.0).round() / 10_000.0,
            pooled_from: f.pooled_from.clone(),
        }
    }
}

/// A delay distribution: its basis and quantiles side by side.
#[derive(Serialize)]
pub struct Delay {
    #[serde(flatten)]
    basis: Basis,
    #[serde(flatten)]
    quantiles: Quantiles,
}

/// The quantile function on p = 0, 0.01, …, 1, unrounded (only in the file `--out` writes).
#[derive(Serialize)]
pub struct Grids {
    #[serde(skip_serializing_if = "Option::is_none")]
    lead_time: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delay: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days: Option<Vec<f64>>,
}

/// At full precision (JSON numbers round-trip exactly), so that a simulation reading the
/// file draws exactly what one fitting the history itself draws.
fn grid(q: &QuantileFunction) -> Vec<f64> {
    q.0.to_vec()
}

#[derive(Serialize)]
pub struct MaterialJson {
    material_id: String,
    supplier: Option<String>,
    planned_days: i32,
    #[serde(flatten)]
    basis: Basis,
    lead_time: Quantiles,
    delay: Delay,
    #[serde(skip_serializing_if = "Option::is_none")]
    quantile_function: Option<Grids>,
}

#[derive(Serialize)]
pub struct LaneJson {
    destination: String,
    mode: String,
    planned_days: i32,
    #[serde(flatten)]
    basis: Basis,
    days: Quantiles,
    #[serde(skip_serializing_if = "Option::is_none")]
    quantile_function: Option<Grids>,
}

#[derive(Serialize)]
pub struct LineJson {
    line_id: String,
    days: usize,
    availability: f64,
    form: Form,
    outages: Option<Outages>,
}

#[derive(Serialize)]
pub struct SupplierJson {
    supplier: String,
    receipts: usize,
    promised: usize,
    late_share: Option<f64>,
    mean_delay_days: Option<f64>,
}

/// The whole fit as JSON.
#[derive(Serialize)]
pub struct FitJson {
    format: &'static str,
    prior_strength: f64,
    own_enough: usize,
    materials: Vec<MaterialJson>,
    lanes: Vec<LaneJson>,
    lines: Vec<LineJson>,
    suppliers: Vec<SupplierJson>,
}

/// The fit in SPEC.md's keys; `with_grids` adds each distribution's quantile function
/// (the file `--out` writes, which a simulation can sample from).
pub fn json(fit: &Fit, with_grids: bool) -> FitJson {
    let materials = fit
        .materials
        .iter()
        .map(|m| MaterialJson {
            material_id: m.material_id.clone(),
            supplier: m.supplier.clone(),
            planned_days: m.planned_days,
            basis: Basis::of(&m.lead_time),
            lead_time: Quantiles::of(&m.lead_time.quantiles),
            delay: Delay {
                basis: Basis::of(&m.delay),
                quantiles: Quantiles::of(&m.delay.quantiles),
            },
            quantile_function: with_grids.then(|| Grids {
                lead_time: Some(grid(&m.lead_time.quantiles)),
                delay: Some(grid(&m.delay.quantiles)),
                days: None,
            }),
        })
        .collect();
    let lanes = fit
        .lanes
        .iter()
        .map(|l| LaneJson {
            destination: l.destination.clone(),
            mode: l.mode.clone(),
            planned_days: l.planned_days,
            basis: Basis::of(&l.days),
            days: Quantiles::of(&l.days.quantiles),
            quantile_function: with_grids.then(|| Grids {
                lead_time: None,
                delay: None,
                days: Some(grid(&l.days.quantiles)),
            }),
        })
        .collect();
    let lines = fit
        .lines
        .iter()
        .map(|l| LineJson {
            line_id: l.line_id.clone(),
            days: l.days,
            availability: if with_grids {
                l.availability
            } else {
                (l.availability * 10_000.0).round() / 10_000.0
            },
            form: l.form,
            // Rounded for reading; unrounded in the file, which a simulation samples.
            outages: l.outages.clone().map(|o| {
                if with_grids {
                    return o;
                }
                let r4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
                Outages {
                    starts_per_day: r4(o.starts_per_day),
                    mean_days: o.mean_days.map(r2),
                    mean_shifts: o.mean_shifts.map(r2),
                    starts_per_calendar_day: r4(o.starts_per_calendar_day),
                    mean_calendar_days: o.mean_calendar_days.map(r2),
                    loss_share: o.loss_share.map(r4),
                    ..o
                }
            }),
        })
        .collect();
    let suppliers = fit
        .suppliers
        .iter()
        .map(|s| SupplierJson {
            supplier: s.supplier.clone(),
            receipts: s.receipts,
            promised: s.promised,
            late_share: s.late_share.map(|x| (x * 10_000.0).round() / 10_000.0),
            mean_delay_days: s.mean_delay_days.map(r2),
        })
        .collect();
    FitJson {
        format: FORMAT,
        prior_strength: PRIOR_STRENGTH,
        own_enough: OWN_ENOUGH,
        materials,
        lanes,
        lines,
        suppliers,
    }
}

/// Rows of each ranking the summary shows.
const TOP: usize = 10;

fn form(f: Form) -> &'static str {
    match f {
        Form::Empirical => "empirical",
        Form::Pooled => "pooled",
        Form::PlantFile => "plant file",
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("—".into(), |x| format!("{:.0}%", 100.0 * x))
}

fn opt(x: Option<f64>) -> String {
    x.map_or("—".into(), |x| format!("{x:.1}"))
}

/// The readable summary: what the history says, and on how many observations.
pub fn text(fit: &Fit) -> String {
    let mut s = String::new();
    let receipts: usize = fit.materials.iter().map(|m| m.lead_time.observations).sum();
    let shipments: usize = fit.lanes.iter().map(|l| l.days.observations).sum();
    let days: usize = fit.lines.iter().map(|l| l.days).sum();
    let _ = writeln!(
        s,
        "Fit from history: {receipts} receipts, {shipments} shipments, {days} logged line-days"
    );
    let count = |forms: &mut dyn Iterator<Item = Form>| {
        let mut c = [0usize; 3];
        for f in forms {
            c[f as usize] += 1;
        }
        format!(
            "{} on their own data, {} pooled, {} from the plant file",
            c[0], c[1], c[2]
        )
    };
    let _ = writeln!(
        s,
        "  materials {}: {}",
        fit.materials.len(),
        count(&mut fit.materials.iter().map(|m| m.lead_time.form))
    );
    let _ = writeln!(
        s,
        "  lanes {}: {}",
        fit.lanes.len(),
        count(&mut fit.lanes.iter().map(|l| l.days.form))
    );
    let _ = writeln!(
        s,
        "  lines {}: {}",
        fit.lines.len(),
        count(&mut fit.lines.iter().map(|l| l.form))
    );
    let _ = writeln!(
        s,
        "  (days, fractional to 2 decimals; pooled fits lean on their own data with weight n/(n+{PRIOR_STRENGTH}), alone from {OWN_ENOUGH} observations)\n"
    );

    let mut mats: Vec<_> = fit
        .materials
        .iter()
        .filter(|m| m.lead_time.observations > 0)
        .collect();
    mats.sort_by(|a, b| b.lead_time.spread().total_cmp(&a.lead_time.spread()));
    let _ = writeln!(
        s,
        "Materials with the most spread in lead time (p90 − p50):"
    );
    let _ = writeln!(
        s,
        "  {:<14} {:<12} {:>8} {:<10} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "material",
        "supplier",
        "receipts",
        "form",
        "own",
        "planned",
        "p50",
        "p80",
        "p90",
        "p95",
        "p99"
    );
    for m in mats.iter().take(TOP) {
        let q = &m.lead_time.quantiles;
        let _ = writeln!(
            s,
            "  {:<14} {:<12} {:>8} {:<10} {:>5.2} {:>7} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2}",
            m.material_id,
            m.supplier.as_deref().unwrap_or("—"),
            m.lead_time.observations,
            form(m.lead_time.form),
            m.lead_time.own_weight,
            m.planned_days,
            q.at(0.5),
            q.at(0.8),
            q.at(0.9),
            q.at(0.95),
            q.at(0.99)
        );
    }
    if mats.is_empty() {
        let _ = writeln!(s, "  (no receipts in the history)");
    }

    let mut sups: Vec<_> = fit.suppliers.iter().filter(|x| x.promised > 0).collect();
    // Ranked by how late on average: a supplier a day late every other time hurts less
    // than one on time mostly and three weeks late now and then.
    let late = |x: &&crate::fit::SupplierFit| x.mean_delay_days.unwrap_or(0.0);
    sups.sort_by(|a, b| {
        late(b)
            .total_cmp(&late(a))
            .then(a.supplier.cmp(&b.supplier))
    });
    let _ = writeln!(
        s,
        "\nLeast reliable suppliers (latest on average against their promised dates):"
    );
    let _ = writeln!(
        s,
        "  {:<14} {:>8} {:>8} {:>6} {:>11}",
        "supplier", "receipts", "promised", "late", "mean delay"
    );
    for x in sups.iter().take(TOP) {
        let _ = writeln!(
            s,
            "  {:<14} {:>8} {:>8} {:>6} {:>9} d",
            x.supplier,
            x.receipts,
            x.promised,
            pct(x.late_share),
            opt(x.mean_delay_days)
        );
    }
    if sups.is_empty() {
        let _ = writeln!(s, "  (no receipts with a supplier and a promised date)");
    }

    let mut lanes: Vec<_> = fit.lanes.iter().collect();
    let beyond = |l: &&crate::fit::LaneFit| l.days.quantiles.at(0.9) - f64::from(l.planned_days);
    lanes.sort_by(|a, b| beyond(b).total_cmp(&beyond(a)));
    let _ = writeln!(s, "\nLanes (furthest p90 beyond the planned days first):");
    let _ = writeln!(
        s,
        "  {:<14} {:<8} {:>9} {:<10} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "destination", "mode", "shipments", "form", "planned", "p50", "p80", "p90", "p95"
    );
    for l in lanes.iter().take(TOP) {
        let q = &l.days.quantiles;
        let _ = writeln!(
            s,
            "  {:<14} {:<8} {:>9} {:<10} {:>7} {:>7.2} {:>7.2} {:>7.2} {:>7.2}",
            l.destination,
            l.mode,
            l.days.observations,
            form(l.days.form),
            l.planned_days,
            q.at(0.5),
            q.at(0.8),
            q.at(0.9),
            q.at(0.95)
        );
    }

    let mut lines: Vec<_> = fit.lines.iter().collect();
    lines.sort_by(|a, b| a.availability.total_cmp(&b.availability));
    let _ = writeln!(s, "\nLines (least available first):");
    let _ = writeln!(
        s,
        "  {:<10} {:>6} {:<10} {:>12} {:>8} {:>13} {:>10} {:>11} {:>8}",
        "line",
        "days",
        "form",
        "availability",
        "outages",
        "per 100 days",
        "mean days",
        "mean shifts",
        "longest"
    );
    for l in lines.iter().take(TOP) {
        let o = l.outages.as_ref();
        let _ = writeln!(
            s,
            "  {:<10} {:>6} {:<10} {:>11.1}% {:>8} {:>13} {:>10} {:>11} {:>8}",
            l.line_id,
            l.days,
            form(l.form),
            100.0 * l.availability,
            o.map_or("—".into(), |o| o.count.to_string()),
            o.map_or("—".into(), |o| format!("{:.1}", 100.0 * o.starts_per_day)),
            opt(o.and_then(|o| o.mean_days)),
            opt(o.and_then(|o| o.mean_shifts)),
            o.map_or("—".into(), |o| o.longest_days.to_string()),
        );
    }
    s
}
