//! The change notice (客户订单变更通知单 / 生产任务通知变更单) as JSON and as text.

use super::qty;
use super::review::amount;
use crate::day::Day;
use crate::explain::change::{self, Change, Edit};
use crate::explain::notice::{Notice, PurchaseAction, StepMove};
use crate::model::{Plant, Status};
use crate::plan::order::fmt_qty;
use crate::report::html::{Lang, fill};
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
fn step_move_text(plant: &Plant, m: &StepMove, w: &Words) -> String {
    let step = &plant.products[m.product].steps[m.step];
    let name = if step.name.is_empty() {
        fill(w.step_n, &[("n", &step.number.to_string())])
    } else {
        step.name.clone()
    };
    let days =
        |x: Option<(Day, Day)>| x.map_or(w.not_planned.to_string(), |(a, b)| format!("{a}..{b}"));
    let of = if m.work_order {
        fill(w.work_order, &[("product", &plant.products[m.product].id)])
    } else {
        plant.products[m.product].id.clone()
    };
    fill(
        w.step_moved,
        &[
            ("name", &name),
            ("of", &of),
            ("old", &days(m.old)),
            ("new", &days(m.new)),
        ],
    )
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
            .map(|c| describe(plant, before, &c.edit, Lang::En))
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

fn list(w: &Words, ids: &[String]) -> String {
    if ids.is_empty() {
        w.none.into()
    } else {
        ids.join(", ")
    }
}

/// The change notice's words in one language.
struct Words {
    /// "{as_of}".
    title: &'static str,
    /// "{n}".
    moved: &'static str,
    columns: [&'static str; 5],
    late: &'static str,
    infeasible: &'static str,
    none: &'static str,
    /// "{n}", "{ids}".
    newly_late: &'static str,
    newly_on_time: &'static str,
    added: &'static str,
    removed: &'static str,
    line_time: &'static str,
    no_line_time: &'static str,
    /// "{line} {before} {after} {freed} {consumed}".
    line_row: &'static str,
    purchases: &'static str,
    no_purchases: &'static str,
    /// "{qty} {date}".
    released: &'static str,
    /// add, cancel, move, resize.
    actions: [&'static str; 4],
    /// A step: "{n}"; a work order: "{product}"; "{name} {of} {old} {new}"; not planned.
    step_n: &'static str,
    work_order: &'static str,
    step_moved: &'static str,
    not_planned: &'static str,
    /// The changes: cancel "{order}"; qty "{order} {qty} {product}"; date "{order} {date}";
    /// line down "{which} {from} {to} {lost}" with "{line}" or every line; receipt
    /// "{material} {date} {to}"; new order "{status} {order} {qty} {product} {requested}"
    /// with requested "{date}".
    cancelled: &'static str,
    order_qty: &'static str,
    order_date: &'static str,
    line_down: &'static str,
    one_line: &'static str,
    every_line: &'static str,
    receipt: &'static str,
    new_order: &'static str,
    requested: &'static str,
    /// committed, quote, shipped, cancelled.
    statuses: [&'static str; 4],
}

const EN: Words = Words {
    title: "Change notice as of {as_of} (变更通知单)",
    moved: "Orders that move: {n}",
    columns: ["order", "due", "old", "new", "days"],
    late: "  late",
    infeasible: "infeasible",
    none: "none",
    newly_late: "Newly late ({n}): {ids}",
    newly_on_time: "Newly on time ({n}): {ids}",
    added: "New orders planned: {ids}",
    removed: "No longer planned: {ids}",
    line_time: "Line time (shifts):",
    no_line_time: "no line's bookings change",
    line_row: "{line} booked {before} → {after}: {freed} freed, {consumed} consumed",
    purchases: "Purchases:",
    no_purchases: "no purchase changes",
    released: "{qty} released {date}",
    actions: ["add", "cancel", "move", "resize"],
    step_n: "step {n}",
    work_order: "work order {product}",
    step_moved: "{name} of {of} moved {old} → {new}",
    not_planned: "not planned",
    cancelled: "order {order} cancelled",
    order_qty: "order {order}: {qty} × {product}",
    order_date: "order {order}: requested for {date}",
    line_down: "{which} down from {from} to {to} ({lost} shifts lost)",
    one_line: "line {line}",
    every_line: "every line",
    receipt: "receipt of {material} due {date} now due {to}",
    new_order: "new {status} order {order}: {qty} × {product}{requested}",
    requested: " requested for {date}",
    statuses: ["committed", "quote", "shipped", "cancelled"],
};

const ZH: Words = Words {
    title: "客户订单变更通知单 / 生产任务通知变更单（计划基准日 {as_of}）",
    moved: "交付日期变动的订单：{n} 个",
    columns: ["订单", "交期", "原交付", "新交付", "天数"],
    late: "  延期",
    infeasible: "无法交付",
    none: "无",
    newly_late: "新增延期（{n}）：{ids}",
    newly_on_time: "恢复准时（{n}）：{ids}",
    added: "新排产订单：{ids}",
    removed: "不再排产：{ids}",
    line_time: "产线工时（班次）：",
    no_line_time: "各产线排产不变",
    line_row: "{line} 已排 {before} → {after}：释放 {freed}，占用 {consumed}",
    purchases: "采购：",
    no_purchases: "采购不变",
    released: "{qty}，{date} 下达",
    actions: ["新增", "取消", "改期", "改量"],
    step_n: "工序 {n}",
    work_order: "自制件 {product}",
    step_moved: "{of} 的 {name} 由 {old} 改为 {new}",
    not_planned: "未排产",
    cancelled: "订单 {order} 取消",
    order_qty: "订单 {order}：{qty} × {product}",
    order_date: "订单 {order}：要求交期改为 {date}",
    line_down: "{which} 停线 {from} 至 {to}（损失 {lost} 个班次）",
    one_line: "产线 {line}",
    every_line: "全部产线",
    receipt: "物料 {material} 原定 {date} 到货，改为 {to}",
    new_order: "新{status}订单 {order}：{qty} × {product}{requested}",
    requested: "，要求交期 {date}",
    statuses: ["已承诺", "报价", "已发货", "已取消"],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// One line of text per change, for the head of the change notice (and the service's
/// event log, in English).
pub fn describe(plant: &Plant, before: &Plant, edit: &Edit, lang: Lang) -> String {
    let w = words(lang);
    match edit {
        Edit::OrderCancel { order } => fill(w.cancelled, &[("order", order)]),
        Edit::OrderQty {
            order,
            product,
            qty,
        } => fill(
            w.order_qty,
            &[
                ("order", order),
                ("qty", &fmt_qty(*qty)),
                ("product", &plant.products[*product].id),
            ],
        ),
        Edit::OrderDate { order, date } => fill(
            w.order_date,
            &[("order", order), ("date", &date.to_string())],
        ),
        Edit::LineDown { line, from, to } => {
            let lost = change::shifts_lost(before, *line, *from, *to);
            let which = line.map_or(w.every_line.to_string(), |l| {
                fill(w.one_line, &[("line", &plant.lines[l].id)])
            });
            fill(
                w.line_down,
                &[
                    ("which", &which),
                    ("from", &from.to_string()),
                    ("to", &to.to_string()),
                    ("lost", &lost.to_string()),
                ],
            )
        }
        Edit::ReceiptDelay { material, date, to } => fill(
            w.receipt,
            &[
                ("material", &plant.materials[*material].id),
                ("date", &date.to_string()),
                ("to", &to.to_string()),
            ],
        ),
        Edit::NewOrder {
            order,
            status,
            line,
        } => {
            let status = w.statuses[match status {
                Status::Committed => 0,
                Status::Quote => 1,
                Status::Shipped => 2,
                Status::Cancelled => 3,
            }];
            let requested = line.requested.map_or(String::new(), |d| {
                fill(w.requested, &[("date", &d.to_string())])
            });
            fill(
                w.new_order,
                &[
                    ("status", status),
                    ("order", order),
                    ("qty", &fmt_qty(line.qty)),
                    ("product", &plant.products[line.product].id),
                    ("requested", &requested),
                ],
            )
        }
    }
}

fn opt_day(w: &Words, d: Option<Day>) -> String {
    d.map_or(w.infeasible.into(), |d| d.to_string())
}

/// `promise change` without `--json`, in `lang`.
pub fn notice_text(
    plant: &Plant,
    before: &Plant,
    as_of: Day,
    changes: &[Change],
    n: &Notice,
    lang: Lang,
) -> String {
    let w = words(lang);
    let mut s = String::new();
    let _ = writeln!(s, "{}", fill(w.title, &[("as_of", &as_of.to_string())]));
    for c in changes {
        let _ = writeln!(s, "  {}", describe(plant, before, &c.edit, lang));
    }
    let _ = writeln!(
        s,
        "\n{}",
        fill(w.moved, &[("n", &n.moved.len().to_string())])
    );
    if !n.moved.is_empty() {
        let c = &w.columns;
        let _ = writeln!(
            s,
            "  {:<14} {:<10} {:<10} {:<10} {:>5}",
            c[0], c[1], c[2], c[3], c[4]
        );
        for m in &n.moved {
            let _ = writeln!(
                s,
                "  {:<14} {:<10} {:<10} {:<10} {:>5}{}",
                m.order,
                m.due.map_or("—".into(), |d| d.to_string()),
                opt_day(w, m.old_delivery),
                opt_day(w, m.new_delivery),
                m.days_moved().map_or("—".into(), |d| {
                    if d > 0 {
                        format!("+{d}")
                    } else {
                        d.to_string()
                    }
                }),
                if m.late { w.late } else { "" }
            );
            for x in &m.steps {
                let _ = writeln!(s, "      {}", step_move_text(plant, x, w));
            }
        }
    }
    let ids = |template: &str, v: &[String]| {
        fill(
            template,
            &[("n", &v.len().to_string()), ("ids", &list(w, v))],
        )
    };
    let _ = writeln!(s, "\n{}", ids(w.newly_late, &n.newly_late));
    let _ = writeln!(s, "{}", ids(w.newly_on_time, &n.newly_on_time));
    if !n.added.is_empty() {
        let _ = writeln!(s, "{}", ids(w.added, &n.added));
    }
    if !n.removed.is_empty() {
        let _ = writeln!(s, "{}", ids(w.removed, &n.removed));
    }
    let _ = writeln!(s, "\n{}", w.line_time);
    if n.line_time.is_empty() {
        let _ = writeln!(s, "  {}", w.no_line_time);
    }
    for t in &n.line_time {
        let row = fill(
            w.line_row,
            &[
                ("line", &format!("{:<10}", plant.lines[t.line].id)),
                ("before", &fmt_qty(r6(t.before))),
                ("after", &fmt_qty(r6(t.after))),
                ("freed", &fmt_qty(r6(t.freed))),
                ("consumed", &fmt_qty(r6(t.consumed))),
            ],
        );
        let _ = writeln!(s, "  {row}");
    }
    let _ = writeln!(s, "\n{}", w.purchases);
    if n.purchases.is_empty() {
        let _ = writeln!(s, "  {}", w.no_purchases);
    }
    for p in &n.purchases {
        let m = &plant.materials[p.material].id;
        let q = |x: Option<(Day, f64)>| {
            x.map_or(String::new(), |(d, q)| {
                fill(
                    w.released,
                    &[("qty", &fmt_qty(r6(q))), ("date", &d.to_string())],
                )
            })
        };
        let action = match p.action {
            PurchaseAction::Add => w.actions[0],
            PurchaseAction::Cancel => w.actions[1],
            PurchaseAction::Move => w.actions[2],
            PurchaseAction::Resize => w.actions[3],
        };
        let line = match p.action {
            PurchaseAction::Add => format!("{action:<7} {m}: {}", q(p.new)),
            PurchaseAction::Cancel => format!("{action:<7} {m}: {}", q(p.old)),
            PurchaseAction::Move | PurchaseAction::Resize => {
                format!("{action:<7} {m}: {} → {}", q(p.old), q(p.new))
            }
        };
        let _ = writeln!(s, "  {line}");
    }
    s
}
