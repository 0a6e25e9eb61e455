//! The change notice (客户订单变更通知单 / 生产任务通知变更单) as JSON and as text.

use super::qty;
use super::review::amount;
use crate::day::Day;
use crate::explain::change::{self, Change};
use crate::explain::notice::{Notice, PurchaseAction, StepMove};
use crate::model::Plant;
use crate::plan::order::fmt_qty;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize, Clone, Debug)]
pub struct MovedJson {
    pub order_id: String,
    pub old_delivery: Option<Day>,
    pub new_delivery: Option<Day>,
    /// Extensions: days later (negative: earlier), the due date after the change, and
    /// whether the order is late after it.
    pub days_moved: Option<i32>,
    pub due_date: Option<Day>,
    pub late: bool,
    /// Extension, with routings: the production steps and work orders that moved.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepMoveJson>,
}

#[derive(Serialize, Clone, Debug)]
pub struct StepMoveJson {
    /// The order line's product.
    pub line_product_id: String,
    /// The product the step makes (a component for a work order).
    pub product_id: String,
    pub work_order: bool,
    pub step: u32,
    pub operation: String,
    pub old_start: Option<Day>,
    pub old_end: Option<Day>,
    pub new_start: Option<Day>,
    pub new_end: Option<Day>,
}

fn step_move_json(plant: &Plant, m: &StepMove) -> StepMoveJson {
    let step = &plant.products[m.product].steps[m.step];
    StepMoveJson {
        line_product_id: plant.products[m.line_product].id.clone(),
        product_id: plant.products[m.product].id.clone(),
        work_order: m.work_order,
        step: step.number,
        operation: step.name.clone(),
        old_start: m.old.map(|x| x.0),
        old_end: m.old.map(|x| x.1),
        new_start: m.new.map(|x| x.0),
        new_end: m.new.map(|x| x.1),
    }
}

/// "machining of P1 moved 2026-03-03..2026-03-04 → 2026-03-05..2026-03-06".
fn step_move_text(plant: &Plant, m: &StepMove) -> String {
    let step = &plant.products[m.product].steps[m.step];
    let name = if step.name.is_empty() {
        format!("step {}", step.number)
    } else {
        step.name.clone()
    };
    let days =
        |x: Option<(Day, Day)>| x.map_or("not planned".to_string(), |(a, b)| format!("{a}..{b}"));
    let of = if m.work_order {
        format!("work order {}", plant.products[m.product].id)
    } else {
        plant.products[m.product].id.clone()
    };
    format!("{name} of {of} moved {} → {}", days(m.old), days(m.new))
}

/// Shifts booked on a line over the whole plan, and how much line-days lost or gained.
#[derive(Serialize, Clone, Debug)]
pub struct LineTimeJson {
    pub line_id: String,
    #[serde(serialize_with = "qty")]
    pub booked_before: f64,
    #[serde(serialize_with = "qty")]
    pub booked_after: f64,
    #[serde(serialize_with = "qty")]
    pub freed: f64,
    #[serde(serialize_with = "qty")]
    pub consumed: f64,
}

#[derive(Serialize, Clone, Debug)]
pub struct PurchaseJson {
    pub material_id: String,
    /// `add`, `move`, `resize` or `cancel`.
    pub action: &'static str,
    pub old_release: Option<Day>,
    #[serde(serialize_with = "amount")]
    pub old_qty: Option<f64>,
    pub new_release: Option<Day>,
    #[serde(serialize_with = "amount")]
    pub new_qty: Option<f64>,
}

/// `change --json`: SPEC.md's `moved`, `newly_late`, `newly_on_time`, plus extensions.
#[derive(Serialize, Clone, Debug)]
pub struct NoticeJson {
    pub moved: Vec<MovedJson>,
    pub newly_late: Vec<String>,
    pub newly_on_time: Vec<String>,
    pub changes: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub line_time: Vec<LineTimeJson>,
    pub purchases: Vec<PurchaseJson>,
}

/// Rounded for reports: shifts and quantities to 10⁻⁶.
fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

pub fn notice_json(plant: &Plant, before: &Plant, changes: &[Change], n: &Notice) -> NoticeJson {
    NoticeJson {
        moved: n
            .moved
            .iter()
            .map(|m| MovedJson {
                order_id: m.order.clone(),
                old_delivery: m.old_delivery,
                new_delivery: m.new_delivery,
                days_moved: m.days_moved(),
                due_date: m.due,
                late: m.late,
                steps: m.steps.iter().map(|x| step_move_json(plant, x)).collect(),
            })
            .collect(),
        newly_late: n.newly_late.clone(),
        newly_on_time: n.newly_on_time.clone(),
        changes: changes
            .iter()
            .map(|c| change::describe(plant, before, &c.edit))
            .collect(),
        added: n.added.clone(),
        removed: n.removed.clone(),
        line_time: n
            .line_time
            .iter()
            .map(|t| LineTimeJson {
                line_id: plant.lines[t.line].id.clone(),
                booked_before: r6(t.before),
                booked_after: r6(t.after),
                freed: r6(t.freed),
                consumed: r6(t.consumed),
            })
            .collect(),
        purchases: n
            .purchases
            .iter()
            .map(|p| PurchaseJson {
                material_id: plant.materials[p.material].id.clone(),
                action: p.action.as_str(),
                old_release: p.old.map(|o| o.0),
                old_qty: p.old.map(|o| r6(o.1)),
                new_release: p.new.map(|o| o.0),
                new_qty: p.new.map(|o| r6(o.1)),
            })
            .collect(),
    }
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}

fn opt_day(d: Option<Day>) -> String {
    d.map_or("infeasible".into(), |d| d.to_string())
}

/// `promise change` without `--json`.
pub fn notice_text(
    plant: &Plant,
    before: &Plant,
    as_of: Day,
    changes: &[Change],
    n: &Notice,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Change notice as of {as_of} (变更通知单)");
    for c in changes {
        let _ = writeln!(s, "  {}", change::describe(plant, before, &c.edit));
    }
    let _ = writeln!(s, "\nOrders that move: {}", n.moved.len());
    if !n.moved.is_empty() {
        let _ = writeln!(
            s,
            "  {:<14} {:<10} {:<10} {:<10} {:>5}",
            "order", "due", "old", "new", "days"
        );
        for m in &n.moved {
            let _ = writeln!(
                s,
                "  {:<14} {:<10} {:<10} {:<10} {:>5}{}",
                m.order,
                m.due.map_or("—".into(), |d| d.to_string()),
                opt_day(m.old_delivery),
                opt_day(m.new_delivery),
                m.days_moved().map_or("—".into(), |d| {
                    if d > 0 {
                        format!("+{d}")
                    } else {
                        d.to_string()
                    }
                }),
                if m.late { "  late" } else { "" }
            );
            for x in &m.steps {
                let _ = writeln!(s, "      {}", step_move_text(plant, x));
            }
        }
    }
    let _ = writeln!(
        s,
        "\nNewly late ({}): {}",
        n.newly_late.len(),
        list(&n.newly_late)
    );
    let _ = writeln!(
        s,
        "Newly on time ({}): {}",
        n.newly_on_time.len(),
        list(&n.newly_on_time)
    );
    if !n.added.is_empty() {
        let _ = writeln!(s, "New orders planned: {}", list(&n.added));
    }
    if !n.removed.is_empty() {
        let _ = writeln!(s, "No longer planned: {}", list(&n.removed));
    }
    let _ = writeln!(s, "\nLine time (shifts):");
    if n.line_time.is_empty() {
        let _ = writeln!(s, "  no line's bookings change");
    }
    for t in &n.line_time {
        let _ = writeln!(
            s,
            "  {:<10} booked {} → {}: {} freed, {} consumed",
            plant.lines[t.line].id,
            fmt_qty(r6(t.before)),
            fmt_qty(r6(t.after)),
            fmt_qty(r6(t.freed)),
            fmt_qty(r6(t.consumed))
        );
    }
    let _ = writeln!(s, "\nPurchases:");
    if n.purchases.is_empty() {
        let _ = writeln!(s, "  no purchase changes");
    }
    for p in &n.purchases {
        let m = &plant.materials[p.material].id;
        let q = |x: Option<(Day, f64)>| {
            x.map_or(String::new(), |(d, q)| {
                format!("{} released {d}", fmt_qty(r6(q)))
            })
        };
        let line = match p.action {
            PurchaseAction::Add => format!("add     {m}: {}", q(p.new)),
            PurchaseAction::Cancel => format!("cancel  {m}: {}", q(p.old)),
            PurchaseAction::Move | PurchaseAction::Resize => {
                format!("{:<7} {m}: {} → {}", p.action.as_str(), q(p.old), q(p.new))
            }
        };
        let _ = writeln!(s, "  {line}");
    }
    s
}
