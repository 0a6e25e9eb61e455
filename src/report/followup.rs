//! The follow-up lists (跟单) as text: one section per department, the orders most at risk
//! first, each line what to do, when and for whom.

use crate::followup::{FollowUp, Standing, Windows};
use crate::plan::order::fmt_qty;
use crate::report::html::Lang;
use crate::report::html::fill;
use std::fmt::Write;

/// The follow-up lists' words in one language (the text and the report's section).
pub(crate) struct Words {
    pub(crate) title: &'static str,
    /// "{purchasing} … {orders}": the windows in days.
    pub(crate) note: &'static str,
    pub(crate) departments: [&'static str; 5],
    /// `release`, `confirm`, `overdue`, `production`, `packaging`, `shipping`.
    pub(crate) events: [&'static str; 6],
    pub(crate) date: &'static str,
    pub(crate) what: &'static str,
    pub(crate) material: &'static str,
    pub(crate) qty: &'static str,
    pub(crate) for_orders: &'static str,
    pub(crate) stock: &'static str,
    pub(crate) order: &'static str,
    pub(crate) customer: &'static str,
    pub(crate) step: &'static str,
    pub(crate) lines: &'static str,
    pub(crate) until: &'static str,
    pub(crate) ships: &'static str,
    pub(crate) mode: &'static str,
    pub(crate) destination: &'static str,
    pub(crate) arrives: &'static str,
    pub(crate) due: &'static str,
    pub(crate) delivery: &'static str,
    pub(crate) days_late: &'static str,
    pub(crate) events_col: &'static str,
    pub(crate) flag: &'static str,
    pub(crate) late: &'static str,
    pub(crate) at_risk: &'static str,
    pub(crate) urgent: &'static str,
    pub(crate) work_order_for: &'static str,
    pub(crate) none: &'static str,
    pub(crate) shown: &'static str,
    /// The text lists: "{as_of}".
    pub(crate) text_title: &'static str,
    pub(crate) today: &'static str,
    /// "{n}" days.
    pub(crate) next_days: &'static str,
    /// Each department's heading: "{days}", "{n}".
    pub(crate) text_heads: [&'static str; 5],
    /// "{kind} {date} {qty} {material} {orders} {urgent}".
    pub(crate) purchase_row: &'static str,
    pub(crate) urgent_flag: &'static str,
    /// "{date} {order} {step} {qty} {product} {wo} {lines} {end} {flag}".
    pub(crate) production_row: &'static str,
    /// A step without a name: "{n}".
    pub(crate) step_n: &'static str,
    /// "{parent}".
    pub(crate) text_work_order: &'static str,
    /// "{date} {order} {qty} {product} {ship} {flag}".
    pub(crate) packaging_row: &'static str,
    /// "{date} {order} {qty} {product} {mode} {dest} {delivery} {flag}".
    pub(crate) shipping_row: &'static str,
    /// "{order} {customer} {due} {delivery} {late} {events} {flag}".
    pub(crate) order_row: &'static str,
    /// "{n}".
    pub(crate) n_days_late: &'static str,
    pub(crate) infeasible: &'static str,
    pub(crate) at_risk_flag: &'static str,
    pub(crate) late_flag: &'static str,
    pub(crate) list_sep: &'static str,
}

const ZH: Words = Words {
    title: "跟单",
    note: "各部门在各自提前期内要做的事（采购 {purchasing} 天，生产 {production} 天，包装 {packaging} 天，发货 {shipping} 天，订单 {orders} 天）；延期和有风险的订单排在前面。",
    departments: ["采购", "生产准备", "包装", "发货指令", "订单跟催（催促单）"],
    events: ["下达采购", "确认交期", "催货", "生产", "包装", "发货"],
    date: "日期",
    what: "事项",
    material: "物料",
    qty: "数量",
    for_orders: "用于订单",
    stock: "补库存",
    order: "订单",
    customer: "客户",
    step: "工序",
    lines: "产线",
    until: "完成",
    ships: "发货",
    mode: "运输方式",
    destination: "目的地",
    arrives: "到达",
    due: "交期",
    delivery: "计划交付",
    days_late: "延期天数",
    events_col: "本期事项",
    flag: "状态",
    late: "延期",
    at_risk: "有风险",
    urgent: "紧急",
    work_order_for: "自制件，用于 {parent}",
    none: "无",
    shown: "显示 {shown} 条，共 {total} 条",
    text_title: "跟单（计划基准日 {as_of}）",
    today: "今天",
    next_days: "未来 {n} 天",
    text_heads: [
        "采购 — {days}：{n} 项（下达采购、确认交期、催货）",
        "生产准备（人、机、料）— {days}：{n} 道工序",
        "包装 — {days}：{n} 个订单行",
        "发货指令 — {days}：{n} 个订单行",
        "订单跟催（催促单）— {days}：{n} 个延期或有风险的订单",
    ],
    purchase_row: "  {kind} {date}  {qty} × {material}  用于 {orders}{urgent}",
    urgent_flag: "  紧急",
    production_row: "  {date}  {order} {step}：{qty} × {product}{wo}，产线 {lines}，至 {end}{flag}",
    step_n: "工序 {n}",
    text_work_order: "（自制件，用于 {parent}）",
    packaging_row: "  {date}  {order} {qty} × {product}，{ship} 发货{flag}",
    shipping_row: "  {date}  {order} {qty} × {product}，{mode} 运往 {dest}，{delivery} 到达{flag}",
    order_row: "  {order} {customer} 交期 {due} 计划交付 {delivery}（{late}）：{events}{flag}",
    n_days_late: "延期 {n} 天",
    infeasible: "无法交付",
    at_risk_flag: "  有风险",
    late_flag: "  延期",
    list_sep: "、",
};

const EN: Words = Words {
    title: "Follow-up (跟单)",
    note: "What each department must do in its window (purchasing {purchasing} days, production {production}, packaging {packaging}, shipping {shipping}, orders {orders}); late and at-risk orders first.",
    departments: [
        "Purchasing",
        "Production: prepare people, machines, materials",
        "Packaging",
        "Shipping instructions (发货指令)",
        "Orders to chase (催促单)",
    ],
    events: [
        "release",
        "confirm",
        "overdue",
        "production",
        "packaging",
        "shipping",
    ],
    date: "Date",
    what: "What",
    material: "Material",
    qty: "Qty",
    for_orders: "For orders",
    stock: "stock",
    order: "Order",
    customer: "Customer",
    step: "Step",
    lines: "Lines",
    until: "Until",
    ships: "Ships",
    mode: "Mode",
    destination: "Destination",
    arrives: "Arrives",
    due: "Due",
    delivery: "Delivery",
    days_late: "Days late",
    events_col: "In the window",
    flag: "Standing",
    late: "late",
    at_risk: "at risk",
    urgent: "urgent",
    work_order_for: "work order for {parent}",
    none: "none",
    shown: "first {shown} of {total}",
    text_title: "Follow-up as of {as_of} (跟单)",
    today: "today",
    next_days: "the next {n} days",
    text_heads: [
        "Purchasing (采购) — {days}: {n} to release, confirm or chase",
        "Production (生产) — {days}: {n} steps to prepare people, machines and materials for",
        "Packaging (包装) — {days}: {n} order lines",
        "Shipping (发货指令) — {days}: {n} order lines",
        "Orders to follow up (跟单 / 催促) — {days}: {n} late or at risk",
    ],
    purchase_row: "  {kind} {date}  {qty} × {material}  for {orders}{urgent}",
    urgent_flag: "  URGENT",
    production_row: "  {date}  {order} {step} of {qty} × {product}{wo} on {lines} until {end}{flag}",
    step_n: "step {n}",
    text_work_order: " (work order for {parent})",
    packaging_row: "  {date}  {order} {qty} × {product}, ships {ship}{flag}",
    shipping_row: "  {date}  {order} {qty} × {product} by {mode} to {dest}, arrives {delivery}{flag}",
    order_row: "  {order} {customer} due {due} delivery {delivery} ({late}): {events}{flag}",
    n_days_late: "{n} days late",
    infeasible: "infeasible",
    at_risk_flag: "  AT RISK",
    late_flag: "  LATE",
    list_sep: ", ",
};

pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The word for an event code (`release` … `shipping`).
pub(crate) fn event(w: &Words, code: &str) -> &'static str {
    let codes = [
        "release",
        "confirm",
        "overdue",
        "production",
        "packaging",
        "shipping",
    ];
    codes
        .iter()
        .position(|c| *c == code)
        .map_or("", |i| w.events[i])
}

fn flag(w: &Words, s: &Standing) -> String {
    if s.at_risk == Some(true) {
        let c = s
            .confidence
            .map_or(String::new(), |c| format!(" ({:.0}%)", c * 100.0));
        let risk = s.risk.as_ref().map_or(String::new(), |r| format!(": {r}"));
        format!("{}{c}{risk}", w.at_risk_flag)
    } else if s.late {
        w.late_flag.to_string()
    } else {
        String::new()
    }
}

fn head(s: &mut String, w: &Words, k: usize, window: i32, n: usize) {
    let days = if window == 1 {
        w.today.to_string()
    } else {
        fill(w.next_days, &[("n", &window.to_string())])
    };
    let _ = writeln!(
        s,
        "\n{}",
        fill(w.text_heads[k], &[("days", &days), ("n", &n.to_string())])
    );
}

/// `promise followup` without `--json`, in `lang`.
pub fn followup_text(f: &FollowUp, windows: Windows, lang: Lang) -> String {
    let w = words(lang);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        fill(w.text_title, &[("as_of", &f.as_of.to_string())])
    );
    head(&mut s, w, 0, windows.purchasing, f.purchasing.len());
    for p in &f.purchasing {
        let orders = if p.orders.is_empty() {
            w.stock.to_string()
        } else {
            p.orders.join(", ")
        };
        let row = fill(
            w.purchase_row,
            &[
                ("kind", &format!("{:<8}", event(w, p.kind))),
                ("date", &p.date.to_string()),
                ("qty", &fmt_qty(p.qty)),
                ("material", &p.material_id),
                ("orders", &orders),
                ("urgent", if p.urgent { w.urgent_flag } else { "" }),
            ],
        );
        let _ = writeln!(s, "{row}");
    }
    head(&mut s, w, 1, windows.production, f.production.len());
    for p in &f.production {
        let step = if p.operation.is_empty() {
            fill(w.step_n, &[("n", &p.step.to_string())])
        } else {
            p.operation.clone()
        };
        let wo = p
            .parent
            .as_ref()
            .map_or(String::new(), |x| fill(w.text_work_order, &[("parent", x)]));
        let row = fill(
            w.production_row,
            &[
                ("date", &p.date.to_string()),
                ("order", &format!("{:<14}", p.order_id)),
                ("step", &step),
                ("qty", &fmt_qty(p.qty)),
                ("product", &p.product_id),
                ("wo", &wo),
                ("lines", &p.lines),
                ("end", &p.end.to_string()),
                ("flag", &flag(w, &p.standing)),
            ],
        );
        let _ = writeln!(s, "{row}");
    }
    head(&mut s, w, 2, windows.packaging, f.packaging.len());
    for p in &f.packaging {
        let row = fill(
            w.packaging_row,
            &[
                ("date", &p.date.to_string()),
                ("order", &format!("{:<14}", p.order_id)),
                ("qty", &fmt_qty(p.qty)),
                ("product", &p.product_id),
                ("ship", &p.ship_date.to_string()),
                ("flag", &flag(w, &p.standing)),
            ],
        );
        let _ = writeln!(s, "{row}");
    }
    head(&mut s, w, 3, windows.shipping, f.shipping.len());
    for p in &f.shipping {
        let row = fill(
            w.shipping_row,
            &[
                ("date", &p.date.to_string()),
                ("order", &format!("{:<14}", p.order_id)),
                ("qty", &fmt_qty(p.qty)),
                ("product", &p.product_id),
                ("mode", &p.mode),
                ("dest", &p.destination),
                ("delivery", &p.delivery.to_string()),
                ("flag", &flag(w, &p.standing)),
            ],
        );
        let _ = writeln!(s, "{row}");
    }
    head(&mut s, w, 4, windows.orders, f.orders.len());
    for o in &f.orders {
        let events: Vec<&str> = o.events.iter().map(|e| event(w, e)).collect();
        let late = o.late_days.map_or("—".into(), |d| {
            fill(w.n_days_late, &[("n", &d.to_string())])
        });
        let row = fill(
            w.order_row,
            &[
                ("order", &format!("{:<14}", o.order_id)),
                ("customer", &format!("{:<16}", o.customer)),
                ("due", &o.due.map_or("—".into(), |d| d.to_string())),
                (
                    "delivery",
                    &o.delivery
                        .map_or(w.infeasible.to_string(), |d| d.to_string()),
                ),
                ("late", &late),
                ("events", &events.join(w.list_sep)),
                ("flag", &flag(w, &o.standing)),
            ],
        );
        let _ = writeln!(s, "{row}");
    }
    s
}
