//! The plan summary `promise plan` prints: counts, the on-time rate and the ten latest
//! orders with what holds each, in English or Chinese.

use super::Outcome;
use crate::model::{OrderBook, Plant, Status};
use crate::plan::Plan;
use crate::plan::bookings::Bookings;
use crate::plan::facts;
use crate::plan::order::fmt_qty;
use crate::report::detail;
use crate::report::html::{Lang, fill};
use std::fmt::Write;

/// The summary's words in one language.
struct Words {
    /// "{as_of}".
    title: &'static str,
    /// "{n} {committed} {quotes}".
    orders: &'static str,
    /// "{n}".
    on_time: &'static str,
    /// "{n} {days} {weighted}".
    late: &'static str,
    infeasible: &'static str,
    /// "{rate}".
    rate: &'static str,
    all_on_time: &'static str,
    latest: &'static str,
    /// order, status, due, delivery, late, bottleneck.
    columns: [&'static str; 6],
    infeasible_delivery: &'static str,
    /// committed, quote.
    statuses: [&'static str; 2],
}

const EN: Words = Words {
    title: "Plan as of {as_of}",
    orders: "  orders      {n}  ({committed} committed, {quotes} quotes)",
    on_time: "  on time     {n}",
    late: "  late        {n}  ({days} order-days late, weighted {weighted})",
    infeasible: "  infeasible  {n}",
    rate: "  on-time rate {rate}",
    all_on_time: "Every order is on time.",
    latest: "Latest orders:",
    columns: ["order", "status", "due", "delivery", "late", "bottleneck"],
    infeasible_delivery: "infeasible",
    statuses: ["committed", "quote"],
};

const ZH: Words = Words {
    title: "订单交付计划（计划基准日 {as_of}）",
    orders: "  订单数      {n}  （{committed} 个已承诺，{quotes} 个报价）",
    on_time: "  准时        {n}",
    late: "  延期        {n}  （延期天数合计 {days}，加权 {weighted}）",
    infeasible: "  无法交付    {n}",
    rate: "  准时交付率 {rate}",
    all_on_time: "所有订单均准时交付。",
    latest: "延期最多的订单：",
    columns: ["订单", "状态", "交期", "计划交付", "延期", "瓶颈"],
    infeasible_delivery: "无法交付",
    statuses: ["已承诺", "报价"],
};

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// `promise plan` without `--json`.
pub fn plan_summary(plant: &Plant, book: &OrderBook, plan: &Plan, lang: Lang) -> String {
    let w = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let k = super::json::kpi(book, plan);
    let committed = plan
        .planned
        .iter()
        .filter(|p| book.orders[p.order].status == Status::Committed)
        .count();
    let mut s = String::new();
    let line = |s: &mut String, template: &str, values: &[(&str, &str)]| {
        let _ = writeln!(s, "{}", fill(template, values));
    };
    line(
        &mut s,
        w.title,
        &[("as_of", &plan.settings.as_of.to_string())],
    );
    line(
        &mut s,
        w.orders,
        &[
            ("n", &format!("{:>6}", k.orders)),
            ("committed", &committed.to_string()),
            ("quotes", &(k.orders - committed).to_string()),
        ],
    );
    line(&mut s, w.on_time, &[("n", &format!("{:>6}", k.on_time))]);
    line(
        &mut s,
        w.late,
        &[
            ("n", &format!("{:>6}", k.late)),
            ("days", &k.late_days.to_string()),
            ("weighted", &fmt_qty(k.weighted_late_days)),
        ],
    );
    line(
        &mut s,
        w.infeasible,
        &[("n", &format!("{:>6}", k.infeasible))],
    );
    line(
        &mut s,
        w.rate,
        &[("rate", &k.on_time_rate.map_or("—".into(), pct))],
    );
    let bookings = Bookings::of_plan(plant, plan);
    let mut rows: Vec<(i32, u32, &crate::plan::Planned, Outcome)> = plan
        .planned
        .iter()
        .enumerate()
        .map(|(seq, p)| {
            let o = Outcome::of(&book.orders[p.order], &p.plan, 0);
            (o.late_days.unwrap_or(i32::MAX), seq as u32, p, o)
        })
        .filter(|(late, ..)| *late > 0)
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if rows.is_empty() {
        let _ = writeln!(s, "\n{}", w.all_on_time);
        return s;
    }
    let _ = writeln!(s, "\n{}", w.latest);
    let c = &w.columns;
    let _ = writeln!(
        s,
        "  {:<14} {:<9} {:<10} {:<10} {:>5}  {}",
        c[0], c[1], c[2], c[3], c[4], c[5]
    );
    for (_, seq, p, o) in rows.iter().take(10) {
        let order = &book.orders[p.order];
        let late = o.late_days.map_or("—".to_string(), |d| d.to_string());
        let (status, bottleneck) = match lang {
            Lang::En => (
                order.status.as_str(),
                detail::bottleneck_line(plant, order, &p.plan, &bookings, *seq),
            ),
            Lang::Zh => {
                let b = &p.plan.bottleneck;
                let facts = facts::order_facts(plant, order, &p.plan, &bookings, *seq);
                let kind = Lang::Zh.labels().bottleneck_kind(b.kind);
                let status = if order.status == Status::Committed {
                    w.statuses[0]
                } else {
                    w.statuses[1]
                };
                (status, format!("{kind} {}：{}", b.id, detail::zh(&facts)))
            }
        };
        let _ = writeln!(
            s,
            "  {:<14} {:<9} {:<10} {:<10} {:>5}  {bottleneck}",
            order.id,
            status,
            o.due.map_or("—".into(), |d| d.to_string()),
            o.delivery
                .map_or(w.infeasible_delivery.into(), |d| d.to_string()),
            late,
        );
    }
    s
}
