//! The follow-up lists (跟单) as a section of the plan report: what each department must
//! do in its window — the same lists as `promise followup`, at SPEC.md's default windows,
//! the late and at-risk orders first. Their own words, so the report's label table stays
//! the report's.

use super::i18n::{Lang, fill};
use super::tables::order_link;
use crate::followup::{FollowUp, Standing, Windows};
use crate::plan::order::fmt_qty;
use crate::report::gantt::escape;
use std::fmt::Write;

/// Rows per list at most (the worst first); the heading gives the total.
const MAX_ROWS: usize = 200;

struct Words {
    title: &'static str,
    /// "{purchasing} … {orders}": the windows in days.
    note: &'static str,
    departments: [&'static str; 5],
    /// `release`, `confirm`, `overdue`, `production`, `packaging`, `shipping`.
    events: [&'static str; 6],
    date: &'static str,
    what: &'static str,
    material: &'static str,
    qty: &'static str,
    for_orders: &'static str,
    stock: &'static str,
    order: &'static str,
    customer: &'static str,
    step: &'static str,
    lines: &'static str,
    until: &'static str,
    ships: &'static str,
    mode: &'static str,
    destination: &'static str,
    arrives: &'static str,
    due: &'static str,
    delivery: &'static str,
    days_late: &'static str,
    events_col: &'static str,
    flag: &'static str,
    late: &'static str,
    at_risk: &'static str,
    urgent: &'static str,
    work_order_for: &'static str,
    none: &'static str,
    shown: &'static str,
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
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

fn event(w: &Words, code: &str) -> &'static str {
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

/// "at risk (62%): …" or "late", escaped; "" when on time.
fn standing(w: &Words, s: &Standing) -> String {
    if s.at_risk == Some(true) {
        let c = s
            .confidence
            .map_or(String::new(), |c| format!(" ({:.0}%)", c * 100.0));
        let risk = s.risk.as_ref().map_or(String::new(), |r| format!(": {r}"));
        format!(
            "<span class=\"risk\">{}</span>",
            escape(&format!("{}{c}{risk}", w.at_risk))
        )
    } else if s.late {
        format!("<span class=\"late\">{}</span>", escape(w.late))
    } else {
        String::new()
    }
}

/// One department's list: its heading with the count, a table of its first rows.
fn list(s: &mut String, w: &Words, title: &str, header: &[&str], rows: Vec<String>) {
    let _ = writeln!(
        s,
        "<h3>{} <span class=\"count\">({})</span></h3>",
        escape(title),
        rows.len()
    );
    if rows.is_empty() {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", escape(w.none));
        return;
    }
    if rows.len() > MAX_ROWS {
        let note = fill(
            w.shown,
            &[
                ("shown", &MAX_ROWS.to_string()),
                ("total", &rows.len().to_string()),
            ],
        );
        let _ = writeln!(s, "<p class=\"note\">{}</p>", escape(&note));
    }
    s.push_str("<div class=\"scroll\"><table class=\"list followup\"><thead><tr>");
    for h in header {
        let _ = write!(s, "<th>{}</th>", escape(h));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in rows.iter().take(MAX_ROWS) {
        let _ = writeln!(s, "<tr>{r}</tr>");
    }
    s.push_str("</tbody></table></div>\n");
}

fn td(text: &str) -> String {
    format!("<td>{}</td>", escape(text))
}

/// The section `<section id="followup">`.
pub fn followup_section(s: &mut String, f: &FollowUp, windows: Windows, lang: Lang) {
    let w = words(lang);
    let _ = writeln!(s, "<section id=\"followup\">\n<h2>{}</h2>", escape(w.title));
    let note = fill(
        w.note,
        &[
            ("purchasing", &windows.purchasing.to_string()),
            ("production", &windows.production.to_string()),
            ("packaging", &windows.packaging.to_string()),
            ("shipping", &windows.shipping.to_string()),
            ("orders", &windows.orders.to_string()),
        ],
    );
    let _ = writeln!(s, "<p class=\"note\">{}</p>", escape(&note));
    let purchasing = f.purchasing.iter().map(|p| {
        let orders = if p.orders.is_empty() {
            w.stock.to_string()
        } else {
            p.orders.join(", ")
        };
        let flag = if p.urgent {
            format!("<span class=\"late\">{}</span>", escape(w.urgent))
        } else {
            String::new()
        };
        format!(
            "{}{}{}<td class=\"num\">{}</td><td class=\"wrap\">{}</td><td>{flag}</td>",
            td(event(w, p.kind)),
            td(&p.date.to_string()),
            td(&p.material_id),
            fmt_qty(p.qty),
            escape(&orders)
        )
    });
    let header = [w.what, w.date, w.material, w.qty, w.for_orders, w.flag];
    list(s, w, w.departments[0], &header, purchasing.collect());
    let production = f.production.iter().map(|p| {
        let step = if p.operation.is_empty() {
            p.step.to_string()
        } else {
            p.operation.clone()
        };
        let what = match &p.parent {
            Some(parent) => format!(
                "{} × {} ({})",
                fmt_qty(p.qty),
                p.product_id,
                fill(w.work_order_for, &[("parent", parent)])
            ),
            None => format!("{} × {}", fmt_qty(p.qty), p.product_id),
        };
        format!(
            "{}<td>{}</td>{}{}{}{}<td>{}</td>",
            td(&p.date.to_string()),
            order_link(&p.order_id),
            td(&step),
            td(&what),
            td(&p.lines),
            td(&p.end.to_string()),
            standing(w, &p.standing)
        )
    });
    let header = [w.date, w.order, w.step, w.qty, w.lines, w.until, w.flag];
    list(s, w, w.departments[1], &header, production.collect());
    let packaging = f.packaging.iter().map(|p| {
        format!(
            "{}<td>{}</td>{}{}<td>{}</td>",
            td(&p.date.to_string()),
            order_link(&p.order_id),
            td(&format!("{} × {}", fmt_qty(p.qty), p.product_id)),
            td(&p.ship_date.to_string()),
            standing(w, &p.standing)
        )
    });
    let header = [w.date, w.order, w.qty, w.ships, w.flag];
    list(s, w, w.departments[2], &header, packaging.collect());
    let shipping = f.shipping.iter().map(|p| {
        format!(
            "{}<td>{}</td>{}{}{}{}<td>{}</td>",
            td(&p.date.to_string()),
            order_link(&p.order_id),
            td(&format!("{} × {}", fmt_qty(p.qty), p.product_id)),
            td(&p.mode),
            td(&p.destination),
            td(&p.delivery.to_string()),
            standing(w, &p.standing)
        )
    });
    let header = [
        w.date,
        w.order,
        w.qty,
        w.mode,
        w.destination,
        w.arrives,
        w.flag,
    ];
    list(s, w, w.departments[3], &header, shipping.collect());
    let orders = f.orders.iter().map(|o| {
        let events: Vec<&str> = o.events.iter().map(|e| event(w, e)).collect();
        format!(
            "<td>{}</td>{}{}{}<td class=\"num\">{}</td>{}<td>{}</td>",
            order_link(&o.order_id),
            td(&o.customer),
            td(&o.due.map_or("—".into(), |d| d.to_string())),
            td(&o.delivery.map_or("—".into(), |d| d.to_string())),
            o.late_days.map_or("—".into(), |d| d.to_string()),
            td(&events.join(if lang == Lang::Zh { "、" } else { ", " })),
            standing(w, &o.standing)
        )
    });
    let header = [
        w.order,
        w.customer,
        w.due,
        w.delivery,
        w.days_late,
        w.events_col,
        w.flag,
    ];
    list(s, w, w.departments[4], &header, orders.collect());
    s.push_str("</section>\n");
}
