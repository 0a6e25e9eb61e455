//! A [`Draft`] written as SPEC.md's CSV files. The optional columns (`name` of a line,
//! `step` of capacity and BOM rows) and `routing.csv` appear only when the draft uses them,
//! so a one-step plant is written exactly as before routings existed.

use super::Files;
use super::draft::{Draft, Need, StepRow};
use std::fmt::Write;

pub(super) fn render(d: &Draft) -> Files {
    let mut files = vec![
        ("lines.csv", lines(d)),
        ("products.csv", products(d)),
        ("capacity.csv", capacity(d)),
    ];
    if let Some(routing) = routing(d) {
        files.push(("routing.csv", routing));
    }
    files.extend([
        ("materials.csv", materials(d)),
        ("bom.csv", bom(d)),
        ("receipts.csv", receipts(d)),
        ("transit.csv", d.transit.clone()),
        ("calendar.csv", calendar(d)),
        ("orders.csv", d.orders.clone()),
    ]);
    files
}

fn product_id(i: usize) -> String {
    format!("P{:04}", i + 1)
}

fn material_id(m: usize) -> String {
    format!("M{:05}", m + 1)
}

/// A `step` cell: empty for the column's default.
fn step_cell(step: Option<u32>) -> String {
    step.map_or_else(String::new, |s| s.to_string())
}

fn lines(d: &Draft) -> String {
    let named = d.lines.iter().any(|l| !l.name.is_empty());
    let mut out = String::from("line_id,shifts_per_day,work_days,availability");
    out += if named { ",name\n" } else { "\n" };
    for l in &d.lines {
        let days = if l.six_days { "Mon-Sat" } else { "Mon-Fri" };
        let _ = write!(out, "{},{},{days},{:.3}", l.id, l.shifts, l.availability);
        if named {
            let _ = write!(out, ",{}", l.name);
        }
        out.push('\n');
    }
    out
}

fn products(d: &Draft) -> String {
    let mut out = String::from(
        "product_id,name,on_hand,safety_stock,inspection_days,packaging_days,design_days\n",
    );
    for (i, p) in d.products.iter().enumerate() {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            product_id(i),
            p.name,
            p.on_hand,
            p.safety_stock,
            p.inspection_days,
            p.packaging_days,
            p.design_days
        );
    }
    out
}

fn numbered(d: &Draft) -> bool {
    d.products
        .iter()
        .any(|p| p.steps.iter().any(|s| s.number.is_some()))
}

fn capacity(d: &Draft) -> String {
    let with_step = numbered(d);
    let mut out = String::from("line_id,product_id,units_per_shift");
    out += if with_step { ",step\n" } else { "\n" };
    for (i, p) in d.products.iter().enumerate() {
        for s in &p.steps {
            for (l, ups) in &s.routes {
                let _ = write!(out, "{},{},{ups}", d.lines[*l].id, product_id(i));
                if with_step {
                    let _ = write!(out, ",{}", step_cell(s.number));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Whether a step has a `routing.csv` row: a name or a wait.
fn routed(s: &StepRow) -> bool {
    !s.name.is_empty() || s.wait_days != 0
}

fn routing(d: &Draft) -> Option<String> {
    let mut out = String::from("product_id,step,name,wait_days\n");
    let mut any = false;
    for (i, p) in d.products.iter().enumerate() {
        for s in p.steps.iter().filter(|s| routed(s)) {
            any = true;
            let _ = writeln!(
                out,
                "{},{},{},{}",
                product_id(i),
                step_cell(s.number),
                s.name,
                s.wait_days
            );
        }
    }
    any.then_some(out)
}

fn materials(d: &Draft) -> String {
    let mut out = String::from(
        "material_id,name,on_hand,safety_stock,lead_time_days,inspection_days,lead_time_sd_days\n",
    );
    for (m, r) in d.materials.iter().enumerate() {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            material_id(m),
            r.name,
            r.on_hand,
            r.safety_stock,
            r.lead_time_days,
            r.inspection_days,
            r.lead_time_sd_days
        );
    }
    out
}

fn bom(d: &Draft) -> String {
    let with_step = d.bom.iter().any(|b| b.step.is_some());
    let mut out = String::from("product_id,material_id,qty_per_unit");
    out += if with_step { ",step\n" } else { "\n" };
    for b in &d.bom {
        let need = match b.need {
            Need::Material(m) => material_id(m),
            Need::Component(c) => product_id(c),
        };
        let _ = write!(out, "{},{need},{}", product_id(b.product), b.qty_per_unit);
        if with_step {
            let _ = write!(out, ",{}", step_cell(b.step));
        }
        out.push('\n');
    }
    out
}

fn receipts(d: &Draft) -> String {
    let mut out = String::from("material_id,qty,due_date\n");
    for (m, qty, due) in &d.receipts {
        let _ = writeln!(out, "{},{qty},{due}", material_id(*m));
    }
    out
}

fn calendar(d: &Draft) -> String {
    let mut out = String::from("date,line_id,shifts,reason\n");
    for c in &d.calendar {
        let line = c.line.map_or("", |l| d.lines[l].id.as_str());
        let _ = writeln!(out, "{},{line},{},{}", c.day, c.shifts, c.reason);
    }
    out
}
