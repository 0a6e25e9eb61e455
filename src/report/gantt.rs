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

use crate::day::Day;
use crate::model::{LineIx, Plant};
use crate::plan::order::fmt_qty;
use crate::plan::{BottleneckKind, OrderPlan, Settings};
use chrono::Weekday;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One step of an order line's schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
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
        let mut step = |label: String, from: Day, to: Day, span: (Day, Day), bottleneck| {
            out.push(Step {
                label,
                from,
                to,
                span,
                bottleneck,
            })
        };
        match &s.production {
            None => step(
                format!("{} × {} from finished stock", fmt_qty(lp.qty), product.id),
                a,
                a,
                (a, a),
                bn(BottleneckKind::Stock),
            ),
            Some(p) => {
                if s.design_end > a {
                    step(
                        format!("design of {}", product.id),
                        a,
                        s.design_end,
                        (a, s.design_end),
                        bn(BottleneckKind::Design),
                    );
                }
                for c in &s.materials {
                    let m = &plant.materials[c.material];
                    let from = if c.purchase > 0.0 { c.release } else { a };
                    let how = match (c.purchase > 0.0, c.receipts.is_empty()) {
                        (true, _) => format!("buy {}", fmt_qty(c.purchase)),
                        (false, false) => "receipts".to_string(),
                        (false, true) => "stock".to_string(),
                    };
                    let is_bn = bn(BottleneckKind::Material) && plan.bottleneck.id == m.id;
                    step(
                        format!("{} ({how})", m.id),
                        from,
                        c.ready,
                        (from, c.ready),
                        is_bn,
                    );
                }
                let mut per_line: BTreeMap<LineIx, (Day, Day, f64)> = BTreeMap::new();
                for x in &p.allocs {
                    let e = per_line.entry(x.line).or_insert((x.day, x.day, 0.0));
                    e.0 = e.0.min(x.day);
                    e.1 = e.1.max(x.day);
                    e.2 += x.units;
                }
                for (l, (first, last, units)) in per_line {
                    step(
                        format!(
                            "production of {} × {} on {}",
                            fmt_qty((units * 1e6).round() / 1e6),
                            product.id,
                            plant.lines[l].id
                        ),
                        first,
                        last,
                        (first, last + 1),
                        bn(BottleneckKind::Capacity),
                    );
                }
                if product.inspection_days > 0 {
                    let to = p.end + product.inspection_days;
                    step(
                        format!("inspection of {}", product.id),
                        p.end,
                        to,
                        (p.end + 1, to + 1),
                        false,
                    );
                }
            }
        }
        if product.packaging_days > 0 {
            let from = s.ship - product.packaging_days;
            step(
                format!("packaging of {}", product.id),
                from,
                s.ship,
                (from + 1, s.ship + 1),
                false,
            );
        }
        let dest = &plant.destinations[s.destination];
        step(
            format!("{} to {}", dest.modes[s.mode].name, dest.id),
            s.ship,
            s.delivery,
            (s.ship + 1, s.delivery + 1),
            bn(BottleneckKind::Transit),
        );
    }
    out
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

const LABEL_WIDTH: i32 = 330;
const ROW: i32 = 24;
const HEAD: i32 = 34;

/// The chart: one `<rect class="bar">` per step (`bar bottleneck` for the bottleneck),
/// weekends shaded, Mondays (or every few Mondays) labelled, the due date dashed.
pub fn svg(steps: &[Step], as_of: Day, due: Option<Day>) -> String {
    let first = steps.iter().map(|s| s.span.0).fold(as_of, Day::min);
    let last = steps
        .iter()
        .map(|s| s.span.1)
        .chain(due.map(|d| d + 1))
        .fold(as_of + 1, Day::max);
    let days = last.since(first) + 1;
    let dw = (760 / days).clamp(3, 28);
    let width = LABEL_WIDTH + days * dw + 10;
    let height = HEAD + ROW * steps.len() as i32 + 10;
    let x = |d: Day| LABEL_WIDTH + d.since(first) * dw;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <style>.bar{{fill:#4a7ebb}}.bar.bottleneck{{fill:#d9534f}}.weekend{{fill:#eeeeee}}\
         .grid{{stroke:#cccccc}}.due{{stroke:#d9534f;stroke-dasharray:4 3}}</style>\n"
    );
    // Weekends and the axis.
    let weeks_per_label = (60 / (7 * dw)).max(0) + 1;
    let mut d = first;
    let mut monday = 0;
    while d < last {
        let wd = d.weekday();
        if matches!(wd, Weekday::Sat | Weekday::Sun) {
            let _ = writeln!(
                s,
                "<rect class=\"weekend\" x=\"{}\" y=\"{HEAD}\" width=\"{dw}\" height=\"{}\"/>",
                x(d),
                height - HEAD - 10
            );
        }
        if wd == Weekday::Mon {
            if monday % weeks_per_label == 0 {
                let _ = writeln!(
                    s,
                    "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\
                     <text x=\"{0}\" y=\"{3}\">{4}</text>",
                    x(d),
                    HEAD - 4,
                    height - 10,
                    HEAD - 10,
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
            "<line class=\"due\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\
             <text x=\"{0}\" y=\"{3}\" fill=\"#d9534f\">due {4}</text>",
            x(due + 1),
            HEAD - 4,
            height - 10,
            12,
            due
        );
    }
    for (i, st) in steps.iter().enumerate() {
        let y = HEAD + ROW * i as i32;
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
             <rect class=\"bar{}\" x=\"{x0}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\">\
             <title>{label}: {dates}</title></rect>",
            y + ROW / 2 + 4,
            if st.bottleneck { " bottleneck" } else { "" },
            y + 4,
            (x1 - x0).max(3),
            ROW - 8
        );
    }
    s.push_str("</svg>\n");
    s
}
