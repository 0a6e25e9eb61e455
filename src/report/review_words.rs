//! The review record's own words (客户订单评审记录), in Chinese and in English: the text of
//! `promise quote` and the `--review` documents. One struct, two constants, so a label
//! missing in one language is a compile error. Step labels, stages and bottleneck kinds
//! are the plan report's ([`super::html::Labels`]); bottleneck facts are worded by
//! [`super::detail`]. Lever details exist only in English and stay English.

use super::gantt::{Step, StepKind, Supply};
use super::html::{Lang, fill};
use crate::explain::LeverKind;
use crate::model::Plant;
use crate::plan::OrderPlan;
use crate::plan::order::fmt_qty;

/// The words of one language. Templates fill `{name}` placeholders.
pub struct Words {
    /// "{id}" → the document's title.
    pub title: &'static str,
    /// The text record's first line: `{id}`, `{what}`, `{dest}`, `{as_of}`.
    pub heading: &'static str,
    /// Under the document's title: `{as_of}`.
    pub subtitle: &'static str,
    pub order_no: &'static str,
    pub review_date: &'static str,
    pub order: &'static str,
    /// "{what} to {dest}".
    pub what_to: &'static str,
    pub customer: &'static str,
    pub priority: &'static str,
    pub requested: &'static str,
    pub earliest: &'static str,
    pub promise: &'static str,
    /// "{promise} (buffer {days} days)".
    pub promise_buffer: &'static str,
    pub holds: &'static str,
    /// `{reason}`.
    pub not_feasible: &'static str,
    pub no_date: &'static str,
    /// `{days}` (singular and plural forms: Chinese has one).
    pub spare: [&'static str; 2],
    pub late: [&'static str; 2],
    /// Text: `{days}`, `{promise}`.
    pub late_keep: [&'static str; 2],
    pub bottleneck: &'static str,
    pub planned_as: &'static str,
    /// `{n}`.
    pub planned_as_rush: &'static str,
    /// Text: "Timeline of {qty} × {product}:".
    pub timeline: &'static str,
    pub infeasible: &'static str,
    pub stock_materials: &'static str,
    pub delivery: &'static str,
    pub schedule: &'static str,
    /// Schedule table: step, from, to, bottleneck.
    pub schedule_head: [&'static str; 4],
    pub earlier: &'static str,
    pub earlier_none: &'static str,
    pub earlier_infeasible: &'static str,
    /// Lever table: lever, new delivery, days gained, cost, what it takes.
    pub lever_head: [&'static str; 5],
    /// Text lever table: gained, delivery, cost, lever; "{days} d".
    pub lever_text_head: [&'static str; 4],
    pub days_short: &'static str,
    pub split: &'static str,
    /// Document and text.
    pub split_no_doc: &'static str,
    pub split_no_text: &'static str,
    /// Split table: quantity, product, delivery.
    pub split_head: [&'static str; 3],
    /// `{d}`.
    pub split_by: &'static str,
    pub split_never: &'static str,
    pub rush: &'static str,
    pub rush_planned: &'static str,
    pub rush_in: &'static str,
    /// `{verb}`, `{n}` (singular, plural).
    pub rush_ahead: [&'static str; 2],
    /// Text: `{d}`, `{old}`, `{g}` (singular, plural).
    pub rush_earlier: [&'static str; 2],
    /// Text: `{d}`.
    pub rush_no_gain: &'static str,
    /// Text: `{moved}`, `{late}`, `{weighted}` with `{n}` in the moved part.
    pub rush_moves: [&'static str; 2],
    /// Document: `{verb}`, `{n}`, `{d}`, `{old}`.
    pub rush_doc: &'static str,
    /// Document: `{n}`, `{late}`, `{weighted}` (singular, plural).
    pub rush_doc_moves: [&'static str; 2],
    /// Impact table: order, due, old delivery, new delivery, days moved, newly late.
    pub impact_head: [&'static str; 6],
    /// Text impact table: order, due, old, new, days.
    pub impact_text_head: [&'static str; 5],
    pub newly_late: &'static str,
    /// Lever kinds: extra_shift, saturday_shift, expedite_material, faster_transport,
    /// subcontract, waive_design (English: the JSON ids).
    pub lever_kinds: [&'static str; 6],
    /// The due date's mark on the Gantt chart.
    pub due: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// `{n}`.
    pub and_more: &'static str,
    pub no_delivery: &'static str,
    /// ": " and "." (Chinese "：", "。").
    pub colon: &'static str,
    pub stop: &'static str,
    /// The signatures block: its heading, then who signs.
    pub signatures: &'static str,
    pub signers: [&'static str; 6],
}

pub const EN: Words = Words {
    title: "Order review record — {id}",
    heading: "Order review record — {id}: {what} to {dest} (as of {as_of})",
    subtitle: "客户订单评审记录 — as of {as_of}",
    order_no: "Order no.",
    review_date: "Date (as of)",
    order: "Order",
    what_to: "{what} to {dest}",
    customer: "Customer",
    priority: "Priority",
    requested: "Requested date",
    earliest: "Earliest delivery",
    promise: "Promise date",
    promise_buffer: "{promise} (buffer {days} days)",
    holds: "Requested date holds",
    not_feasible: "NOT FEASIBLE: {reason}",
    no_date: "no date requested",
    spare: ["yes, {days} day to spare", "yes, {days} days to spare"],
    late: ["NO — {days} day late", "NO — {days} days late"],
    late_keep: [
        "NO — {days} day late; the earliest date we can keep is {promise}",
        "NO — {days} days late; the earliest date we can keep is {promise}",
    ],
    bottleneck: "Bottleneck",
    planned_as: "Planned as",
    planned_as_rush: "a rush order, ahead of {n} committed orders",
    timeline: "Timeline of {qty} × {product}:",
    infeasible: "infeasible",
    stock_materials: "materials from stock",
    delivery: "delivery",
    schedule: "Implementation schedule (客户订单实施计划进度表)",
    schedule_head: ["step", "from", "to", "bottleneck"],
    earlier: "What would make it earlier",
    earlier_none: "nothing on the critical path can be relaxed to gain a day",
    earlier_infeasible: "nothing: the order is not feasible as it stands",
    lever_head: [
        "lever",
        "new delivery",
        "days gained",
        "cost",
        "what it takes",
    ],
    lever_text_head: ["gained", "delivery", "cost", "lever"],
    days_short: "{days} d",
    split: "Split delivery",
    split_no_doc: "Not allowed for this order (split = no).",
    split_no_text: "not allowed for this order (split=no; quote with --split for a delivery schedule)",
    split_head: ["quantity", "product", "delivery"],
    split_by: "by {d}",
    split_never: "cannot be made within the horizon",
    rush: "Rush insertion (插单)",
    rush_planned: "Planned as a rush order",
    rush_in: "Rushed in",
    rush_ahead: [
        "{verb} ahead of {n} committed order of equal or lower priority:",
        "{verb} ahead of {n} committed orders of equal or lower priority:",
    ],
    rush_earlier: [
        "delivery {d} instead of {old} ({g} day earlier)",
        "delivery {d} instead of {old} ({g} days earlier)",
    ],
    rush_no_gain: "delivery {d} (no earlier than without rushing)",
    rush_moves: [
        "1 committed order moves, {late} newly late, {weighted} weighted late days",
        "{n} committed orders move, {late} newly late, {weighted} weighted late days",
    ],
    rush_doc: "{verb} ahead of {n} committed orders of equal or lower priority: delivery {d} (after every committed order: {old}).",
    rush_doc_moves: [
        "{n} committed order moves, {late} newly late; Σ weight × extra late days: {weighted}.",
        "{n} committed orders move, {late} newly late; Σ weight × extra late days: {weighted}.",
    ],
    impact_head: [
        "order",
        "due",
        "old delivery",
        "new delivery",
        "days moved",
        "newly late",
    ],
    impact_text_head: ["order", "due", "old", "new", "days"],
    newly_late: "newly late",
    due: "due",
    lever_kinds: [
        "extra_shift",
        "saturday_shift",
        "expedite_material",
        "faster_transport",
        "subcontract",
        "waive_design",
    ],
    yes: "yes",
    no: "no",
    and_more: "… and {n} more (quote --insert lists them all)",
    no_delivery: "infeasible",
    colon: ": ",
    stop: ".",
    signatures: "Signatures",
    signers: [
        "Reviewed by",
        "Sales",
        "Production",
        "Purchasing",
        "Quality",
        "Date",
    ],
};

pub const ZH: Words = Words {
    title: "客户订单评审记录 — {id}",
    heading: "客户订单评审记录 — {id}：{what} 运往 {dest}（评审基准日 {as_of}）",
    subtitle: "评审基准日 {as_of}",
    order_no: "订单编号",
    review_date: "评审日期（基准日）",
    order: "订单内容",
    what_to: "{what} 运往 {dest}",
    customer: "客户",
    priority: "优先级",
    requested: "客户要求交期",
    earliest: "最早交货日",
    promise: "承诺交期",
    promise_buffer: "{promise}（缓冲 {days} 天）",
    holds: "能否满足要求交期",
    not_feasible: "无法交付：{reason}",
    no_date: "客户未要求交期",
    spare: ["能，余量 {days} 天", "能，余量 {days} 天"],
    late: ["否 — 延迟 {days} 天", "否 — 延迟 {days} 天"],
    late_keep: [
        "否 — 延迟 {days} 天；可承诺的最早交期为 {promise}",
        "否 — 延迟 {days} 天；可承诺的最早交期为 {promise}",
    ],
    bottleneck: "瓶颈",
    planned_as: "排产方式",
    planned_as_rush: "插单，排在 {n} 个已确认订单之前",
    timeline: "{qty} × {product} 的进度：",
    infeasible: "无法交付",
    stock_materials: "物料由库存供应",
    delivery: "交货",
    schedule: "客户订单实施计划进度表",
    schedule_head: ["工序", "开始", "结束", "瓶颈"],
    earlier: "提前交期的措施",
    earlier_none: "关键路径上没有可放宽的环节能提前一天",
    earlier_infeasible: "无：该订单目前无法交付",
    lever_head: ["措施", "新交货日", "提前天数", "费用", "所需条件"],
    lever_text_head: ["提前", "交货日", "费用", "措施"],
    days_short: "{days} 天",
    split: "分批交货",
    split_no_doc: "该订单不允许分批交货（split = no）。",
    split_no_text: "该订单不允许分批交货（split=no；加 --split 报价可得分批交货计划）",
    split_head: ["数量", "产品", "交货日"],
    split_by: "{d} 前交货",
    split_never: "计划期内无法完成",
    rush: "插单",
    rush_planned: "按插单排产",
    rush_in: "插单",
    rush_ahead: [
        "{verb}，排在 {n} 个优先级相同或更低的已确认订单之前：",
        "{verb}，排在 {n} 个优先级相同或更低的已确认订单之前：",
    ],
    rush_earlier: [
        "交货日 {d}，原为 {old}（提前 {g} 天）",
        "交货日 {d}，原为 {old}（提前 {g} 天）",
    ],
    rush_no_gain: "交货日 {d}（不比不插单更早）",
    rush_moves: [
        "1 个已确认订单受影响，{late} 个新增延误，加权延误天数 {weighted}",
        "{n} 个已确认订单受影响，{late} 个新增延误，加权延误天数 {weighted}",
    ],
    rush_doc: "{verb}，排在 {n} 个优先级相同或更低的已确认订单之前：交货日 {d}（排在所有已确认订单之后则为 {old}）。",
    rush_doc_moves: [
        "{n} 个已确认订单受影响，{late} 个新增延误；Σ 权重 × 新增延误天数：{weighted}。",
        "{n} 个已确认订单受影响，{late} 个新增延误；Σ 权重 × 新增延误天数：{weighted}。",
    ],
    impact_head: [
        "订单",
        "交期",
        "原交货日",
        "新交货日",
        "变动天数",
        "新增延误",
    ],
    impact_text_head: ["订单", "交期", "原交货日", "新交货日", "天数"],
    newly_late: "新增延误",
    due: "交期",
    lever_kinds: [
        "增加班次",
        "周六加班",
        "物料加急",
        "更快运输",
        "外协",
        "免设计",
    ],
    yes: "是",
    no: "否",
    and_more: "… 另有 {n} 个（quote --insert 列出全部）",
    no_delivery: "无法交付",
    colon: "：",
    stop: "。",
    signatures: "会签",
    signers: ["评审人", "销售", "生产", "采购", "质量", "日期"],
};

impl Words {
    pub fn lever_kind(&self, k: LeverKind) -> &'static str {
        self.lever_kinds[match k {
            LeverKind::ExtraShift => 0,
            LeverKind::SaturdayShift => 1,
            LeverKind::ExpediteMaterial => 2,
            LeverKind::FasterTransport => 3,
            LeverKind::Subcontract => 4,
            LeverKind::WaiveDesign => 5,
        }]
    }
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// `forms[0]` for one, `forms[1]` otherwise.
pub fn one_or_many(n: i64, forms: [&'static str; 2]) -> &'static str {
    if n == 1 { forms[0] } else { forms[1] }
}

/// A schedule step's label in `lang`: the English label as the schedule wrote it, or the
/// plan report's Chinese step template filled in.
pub fn step_label(plant: &Plant, plan: &OrderPlan, s: &Step, lang: Lang) -> String {
    if lang == Lang::En {
        return s.label.clone();
    }
    let t = lang.labels();
    let lp = &plan.lines[s.line];
    let product = plant.products[lp.product].id.as_str();
    let qty = s.qty.map(fmt_qty).unwrap_or_default();
    let subject = s.subject.unwrap_or(0);
    let (op, lines) =
        s.op.as_ref()
            .map_or(("", ""), |(o, l)| (o.as_str(), l.as_str()));
    let op = op.strip_prefix("step ").map_or(op.to_string(), |n| {
        if n.chars().all(|c| c.is_ascii_digit()) {
            format!("工序 {n}")
        } else {
            op.to_string()
        }
    });
    let material = || plant.materials[subject].id.as_str();
    match s.kind {
        StepKind::Stock => fill(t.step_stock, &[("qty", &qty), ("product", product)]),
        StepKind::Design => fill(t.step_design, &[("product", product)]),
        StepKind::Material(Supply::Stock) => {
            fill(t.step_material_stock, &[("material", material())])
        }
        StepKind::Material(Supply::Receipts) => {
            fill(t.step_material_receipts, &[("material", material())])
        }
        StepKind::Material(Supply::Buy) => fill(
            t.step_material_buy,
            &[("material", material()), ("qty", &qty)],
        ),
        StepKind::Production => fill(
            t.step_production,
            &[
                ("qty", &qty),
                ("product", product),
                ("line", &plant.lines[subject].id),
            ],
        ),
        StepKind::Inspection => fill(t.step_inspection, &[("product", product)]),
        StepKind::Packaging => fill(t.step_packaging, &[("product", product)]),
        StepKind::Transit => {
            let dest = lp.schedule().map(|sc| &plant.destinations[sc.destination]);
            let (mode, dest) = dest.map_or(("", ""), |d| {
                (d.modes[subject].name.as_str(), d.id.as_str())
            });
            fill(t.step_transit, &[("mode", mode), ("dest", dest)])
        }
        StepKind::Operation => fill(
            t.step_operation,
            &[
                ("op", &op),
                ("qty", &qty),
                ("product", product),
                ("lines", lines),
            ],
        ),
        StepKind::WorkOrder => fill(
            t.step_work_order,
            &[
                ("qty", &qty),
                ("product", &plant.products[subject].id),
                ("lines", lines),
            ],
        ),
        StepKind::Wait => fill(t.step_wait, &[("op", &op)]),
    }
}
