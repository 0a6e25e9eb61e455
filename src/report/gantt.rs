//! The order implementation schedule (客户订单实施计划进度表) as steps and as an inline SVG
//! Gantt chart: one bar per step — design, each material, production per line,
//! inspection, packaging, transit — on a date axis with weekends shaded and the
//! bottleneck highlighted.
//!
//! SPEC.md counts "plus N days" from the day a thing is available, and production from
//! whole days, so a bar runs from the start of its first day to the start of the day the
//! next step may begin: design and materials end at the start of the day they are ready
//! (production may use that day); production, inspection, packaging and transit end at
//! the end of the day they finish. Consecutive steps therefore touch without overlapping.
//! [`StepKind::span`] is that rule, in one place: the plan report's client-side chart
//! draws its bars with the same offsets.

use crate::day::Day;
use crate::model::{LineIx, Plant};
use crate::plan::order::fmt_qty;
use crate::plan::{BottleneckKind, OrderPlan, Production, Settings};
use crate::report::routing;
use chrono::Weekday;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Where a material comes from, as the schedule shows it (the source that sets its date).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Supply {
    Stock,
    Receipts,
    /// A new purchase (of the step's `qty`).
    Buy,
}

/// What a step is; the structured form of its label, so each language can word it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// The line is served from finished stock (`qty` units).
    Stock,
    Design,
    /// A material (`subject` = material index).
    Material(Supply),
    /// Production on one line (`subject` = line index, `qty` units).
    Production,
    Inspection,
    Packaging,
    /// Shipping (`subject` = the mode's index in the destination's modes).
    Transit,
    /// One step of a product made in several (or named) steps: `op` on `lines`, `qty`.
    Operation,
    /// A work order for a made component (`subject` = its product, `qty`), all its steps.
    WorkOrder,
    /// The days waited after step `op`.
    Wait,
}

impl StepKind {
    /// The drawn span of a step read `from`..`to`: from the start of day `.0` to the start
    /// of day `.1` (see the module documentation).
    pub fn span(self, from: Day, to: Day) -> (Day, Day) {
        match self {
            StepKind::Stock | StepKind::Design | StepKind::Material(_) => (from, to),
            StepKind::Production | StepKind::Operation | StepKind::WorkOrder => (from, to + 1),
            StepKind::Inspection | StepKind::Packaging | StepKind::Transit => (from + 1, to + 1),
            // The next step may start on the day the wait ends.
            StepKind::Wait => (from + 1, to),
        }
    }
}

/// One step of an order line's schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    /// The order line it belongs to (index into the order's lines).
    pub line: usize,
    /// The material, production line or mode it is about (see [`StepKind`]).
    pub subject: Option<usize>,
    /// Units made, bought or taken from stock, where the kind has a quantity.
    pub qty: Option<f64>,
    /// For an operation and a wait: the step's name ("step N" without one); for an
    /// operation and a work order: the lines used, joined by commas.
    pub op: Option<(String, String)>,
    /// The English label.
    pub label: String,
    /// The dates people read: first and last (or ready) day.
    pub from: Day,
    pub to: Day,
    /// The drawn span: from the start of day `.0` to the start of day `.1`.
    pub span: (Day, Day),
    /// The stage that set the order's date.
    pub bottleneck: bool,
}

/// Every step of every feasible line of the order, line by line in file order.
pub fn steps(plant: &Plant, settings: &Settings, plan: &OrderPlan) -> Vec<Step> {
    let a = settings.as_of;
    let mut out = Vec::new();
    for (i, lp) in plan.lines.iter().enumerate() {
        let Some(s) = lp.schedule() else { continue };
        let critical = i == plan.critical_line;
        let bn = |kind: BottleneckKind| critical && plan.bottleneck.kind == kind;
        let product = &plant.products[lp.product];
        let step = |kind: StepKind,
                    (subject, qty): (Option<usize>, Option<f64>),
                    label: String,
                    (from, to): (Day, Day),
                    bottleneck| {
            Step {
                kind,
                line: i,
                subject,
                qty,
                op: None,
                label,
                from,
                to,
                span: kind.span(from, to),
                bottleneck,
            }
        };
        match &s.production {
            None => out.push(step(
                StepKind::Stock,
                (None, Some(lp.qty)),
                format!("{} × {} from finished stock", fmt_qty(lp.qty), product.id),
                (a, a),
                bn(BottleneckKind::Stock),
            )),
            Some(p) => {
                if s.design_end > a {
                    out.push(step(
                        StepKind::Design,
                        (None, None),
                        format!("design of {}", product.id),
                        (a, s.design_end),
                        bn(BottleneckKind::Design),
                    ));
                }
                for c in &s.materials {
                    let m = &plant.materials[c.material];
                    let from = if c.purchase > 0.0 { c.release } else { a };
                    let (supply, qty, how) = match (c.purchase > 0.0, c.receipts.is_empty()) {
                        (true, _) => (
                            Supply::Buy,
                            Some(c.purchase),
                            format!("buy {}", fmt_qty(c.purchase)),
                        ),
                        (false, false) => (Supply::Receipts, None, "receipts".to_string()),
                        (false, true) => (Supply::Stock, None, "stock".to_string()),
                    };
                    let is_bn = bn(BottleneckKind::Material) && plan.bottleneck.id == m.id;
                    out.push(step(
                        StepKind::Material(supply),
                        (Some(c.material), qty),
                        format!("{} ({how})", m.id),
                        (from, c.ready),
                        is_bn,
                    ));
                }
                if product.routed() {
                    let n = out.len();
                    routed(&mut out, plant, (i, lp.qty - lp.from_stock), p, plan);
                    if !critical {
                        out[n..].iter_mut().for_each(|s| s.bottleneck = false);
                    }
                } else {
                    let mut per_line: BTreeMap<LineIx, (Day, Day, f64)> = BTreeMap::new();
                    for x in &p.allocs {
                        let e = per_line.entry(x.line).or_insert((x.day, x.day, 0.0));
                        e.0 = e.0.min(x.day);
                        e.1 = e.1.max(x.day);
                        e.2 += x.units;
                    }
                    for (l, (first, last, units)) in per_line {
                        let units = (units * 1e6).round() / 1e6;
                        out.push(step(
                            StepKind::Production,
                            (Some(l), Some(units)),
                            format!(
                                "production of {} × {} on {}",
                                fmt_qty(units),
                                product.id,
                                plant.lines[l].id
                            ),
                            (first, last),
                            bn(BottleneckKind::Capacity),
                        ));
                    }
                }
                let end = p.end + product.last_wait();
                if product.inspection_days > 0 {
                    out.push(step(
                        StepKind::Inspection,
                        (None, None),
                        format!("inspection of {}", product.id),
                        (end, end + product.inspection_days),
                        false,
                    ));
                }
            }
        }
        if product.packaging_days > 0 {
            out.push(step(
                StepKind::Packaging,
                (None, None),
                format!("packaging of {}", product.id),
                (s.ship - product.packaging_days, s.ship),
                false,
            ));
        }
        let dest = &plant.destinations[s.destination];
        out.push(step(
            StepKind::Transit,
            (Some(s.mode), None),
            format!("{} to {}", dest.modes[s.mode].name, dest.id),
            (s.ship, s.delivery),
            bn(BottleneckKind::Transit),
        ));
    }
    out
}

/// The bars of a routed product's production: every work order (all its steps, one bar),
/// then each of the line's own steps (one bar, on all its lines) and the wait after it.
/// The bottleneck bar is the step whose stage binds, or the work order arriving last.
fn routed(
    out: &mut Vec<Step>,
    plant: &Plant,
    (line, qty): (usize, f64),
    p: &Production,
    plan: &OrderPlan,
) {
    let bn = &plan.bottleneck;
    let mut push =
        |kind: StepKind, subject, qty, op: (String, String), label, (from, to), bottleneck| {
            out.push(Step {
                kind,
                line,
                subject,
                qty,
                op: Some(op),
                label,
                from,
                to,
                span: kind.span(from, to),
                bottleneck,
            })
        };
    for w in routing::work_orders(plant, p) {
        let component = plant.product(&w.product_id);
        let is_bn = bn.kind == BottleneckKind::Material && bn.id == w.product_id;
        push(
            StepKind::WorkOrder,
            component,
            Some(w.qty),
            (String::new(), w.lines.clone()),
            format!(
                "work order {} × {} on {} (for {} step {})",
                fmt_qty(w.qty),
                w.product_id,
                w.lines,
                w.parent,
                w.step
            ),
            (w.production_start, w.production_end),
            is_bn,
        );
    }
    let product = &plant.products[p.items[0].product];
    for (k, s) in routing::steps(plant, p).into_iter().enumerate() {
        let name = if s.operation.is_empty() {
            format!("step {}", s.step)
        } else {
            s.operation.clone()
        };
        let is_bn = bn.kind == BottleneckKind::Capacity && bn.step == Some(k);
        push(
            StepKind::Operation,
            None,
            Some(qty),
            (name.clone(), s.lines.clone()),
            format!("{name} of {} × {} on {}", fmt_qty(qty), product.id, s.lines),
            (s.start, s.end),
            is_bn,
        );
        if s.wait_days > 0 && k + 1 < product.steps.len() {
            push(
                StepKind::Wait,
                None,
                None,
                (name.clone(), String::new()),
                format!("wait after {name} ({} days)", s.wait_days),
                (s.end, s.end + s.wait_days),
                false,
            );
        }
    }
}

/// Escapes text for HTML and SVG.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const LABEL_WIDTH: f64 = 330.0;
/// The date axis is at most this wide, whatever the span of the schedule.
const AXIS_WIDTH: f64 = 760.0;
const ROW: f64 = 24.0;
const HEAD: f64 = 34.0;

/// The chart: one `<rect class="bar">` per step (`bar bottleneck` for the bottleneck),
/// weekends shaded (when a day is at least 2 px wide), Mondays labelled at least 60 px
/// apart, the due date dashed. Its size is bounded: a day is at most 28 px wide and the
/// axis at most 760 px, so a schedule over years is still one screen.
pub fn svg(steps: &[Step], as_of: Day, due: Option<Day>, due_label: &str) -> String {
    let first = steps.iter().map(|s| s.span.0).fold(as_of, Day::min);
    let last = steps
        .iter()
        .map(|s| s.span.1)
        .chain(due.map(|d| d + 1))
        .fold(as_of + 1, Day::max);
    let days = f64::from(last.since(first) + 1);
    let dw = (AXIS_WIDTH / days).min(28.0);
    let width = (LABEL_WIDTH + days * dw + 10.0).ceil();
    let height = HEAD + ROW * steps.len() as f64 + 10.0;
    let x = |d: Day| LABEL_WIDTH + f64::from(d.since(first)) * dw;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <style>.bar{{fill:#4a7ebb}}.bar.bottleneck{{fill:#d9534f}}.weekend{{fill:#eeeeee}}\
         .grid{{stroke:#cccccc}}.due{{stroke:#d9534f;stroke-dasharray:4 3}}</style>\n"
    );
    // Weekends and the axis.
    let weeks_per_label = (60.0 / (7.0 * dw)).ceil().max(1.0) as u64;
    let mut d = first;
    let mut monday = 0u64;
    while d < last {
        let wd = d.weekday();
        if dw >= 2.0 && matches!(wd, Weekday::Sat | Weekday::Sun) {
            let _ = writeln!(
                s,
                "<rect class=\"weekend\" x=\"{:.1}\" y=\"{HEAD}\" width=\"{dw:.1}\" height=\"{}\"/>",
                x(d),
                height - HEAD - 10.0
            );
        }
        if wd == Weekday::Mon {
            if monday.is_multiple_of(weeks_per_label) {
                let _ = writeln!(
                    s,
                    "<line class=\"grid\" x1=\"{0:.1}\" y1=\"{1}\" x2=\"{0:.1}\" y2=\"{2}\"/>\
                     <text x=\"{0:.1}\" y=\"{3}\">{4}</text>",
                    x(d),
                    HEAD - 4.0,
                    height - 10.0,
                    HEAD - 10.0,
                    d.date().format("%m-%d")
                );
            }
            monday += 1;
        }
        d = d + 1;
    }
    if let Some(due) = due {
        let _ = writeln!(
            s,
            "<line class=\"due\" x1=\"{0:.1}\" y1=\"{1}\" x2=\"{0:.1}\" y2=\"{2}\"/>\
             <text x=\"{0:.1}\" y=\"12\" fill=\"#d9534f\">{4} {3}</text>",
            x(due + 1),
            HEAD - 4.0,
            height - 10.0,
            due,
            escape(due_label)
        );
    }
    for (i, st) in steps.iter().enumerate() {
        let y = HEAD + ROW * i as f64;
        let (x0, x1) = (x(st.span.0), x(st.span.1));
        let dates = if st.from == st.to {
            st.from.to_string()
        } else {
            format!("{} → {}", st.from, st.to)
        };
        let label = escape(&st.label);
        let _ = writeln!(
            s,
            "<text x=\"4\" y=\"{}\">{label}</text>\
             <rect class=\"bar{}\" x=\"{x0:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" rx=\"2\">\
             <title>{label}: {dates}</title></rect>",
            y + ROW / 2.0 + 4.0,
            if st.bottleneck { " bottleneck" } else { "" },
            y + 4.0,
            (x1 - x0).max(3.0),
            ROW - 8.0
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_files;
    use crate::model::{Order, OrderLine};
    use crate::plan::{Resources, plan_order};

    #[test]
    fn steps_follow_the_planned_dates_and_the_bottleneck_is_marked() {
        // SPEC's material example: M1 ready Sat 03-14, production 03-16..03-20, inspection
        // to 03-21 (ship), truck to 03-23.
        let (plant, _) = load_files(&[
            ("lines.csv", "line_id,shifts_per_day\nL1,1\n"),
            (
                "capacity.csv",
                "line_id,product_id,units_per_shift\nL1,P1,100\n",
            ),
            ("products.csv", "product_id,inspection_days\nP1,1\n"),
            (
                "materials.csv",
                "material_id,lead_time_days,inspection_days\nM1,10,2\n",
            ),
            ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,2\n"),
            ("transit.csv", "destination,mode,days\nD1,truck,2\n"),
            (
                "orders.csv",
                "order_id,product_id,qty,requested_date,destination\n",
            ),
        ])
        .unwrap();
        let a = Day::parse("2026-03-02").unwrap();
        let settings = Settings::new(a);
        let order = Order::quote("Q", vec![OrderLine::new(0, 450.0, 0)]);
        let mut res = Resources::new(&plant, a);
        let plan = plan_order(
            &plant,
            &settings,
            &mut res,
            &order,
            crate::plan::Placement::Asap,
        );
        let steps = steps(&plant, &settings, &plan);
        let spans: Vec<(String, i32, i32, bool)> = steps
            .iter()
            .map(|s| {
                (
                    s.label.clone(),
                    s.span.0.since(a),
                    s.span.1.since(a),
                    s.bottleneck,
                )
            })
            .collect();
        assert_eq!(
            spans,
            [
                ("M1 (buy 900)".to_string(), 0, 12, true),
                ("production of 450 × P1 on L1".to_string(), 14, 19, false),
                ("inspection of P1".to_string(), 19, 20, false),
                ("truck to D1".to_string(), 20, 22, false),
            ]
        );
        let svg = svg(&steps, a, None, "due");
        assert_eq!(svg.matches("<rect class=\"bar").count(), 4);
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
