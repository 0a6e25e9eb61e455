//! The late and at-risk tables, rendered on the server: they are the planner's work list
//! and read without the script. Each order id links to its Gantt chart (`#order=ID`).

use super::i18n::{Labels, Lang, fill};
use super::{detail, history, pct};
use crate::day::Day;
use crate::model::{Order, OrderBook, Plant, Status};
use crate::plan::bookings::Bookings;
use crate::plan::{Plan, Planned};
use crate::report::Outcome;
use crate::report::gantt::escape;
use crate::report::outlook::AtRisk;
use std::fmt::Write;

/// At most this many rows per table (the worst first); the caption gives the total.
pub const MAX_ROWS: usize = 1000;

/// A late (or infeasible) order: days late (`None` = infeasible), planning position.
pub struct LateRow<'a> {
    pub late: Option<i32>,
    pub seq: usize,
    pub planned: &'a Planned,
    pub outcome: Outcome,
}

/// Late and infeasible orders, the latest first (infeasible ones before every late one),
/// ties in planning order — the order of `promise plan`'s summary.
pub fn late_rows<'a>(book: &OrderBook, plan: &'a Plan) -> Vec<LateRow<'a>> {
    let mut rows: Vec<LateRow> = plan
        .planned
        .iter()
        .enumerate()
        .map(|(seq, p)| {
            let outcome = Outcome::of(&book.orders[p.order], &p.plan, 0);
            LateRow {
                late: outcome.late_days,
                seq,
                planned: p,
                outcome,
            }
        })
        .filter(|r| r.late != Some(0))
        .collect();
    rows.sort_by_key(|r| (std::cmp::Reverse(r.late.unwrap_or(i32::MAX)), r.seq));
    rows
}

/// `<a href="#order=ID">ID</a>`, the id percent-encoded in the link.
pub fn order_link(id: &str) -> String {
    let mut href = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            href.push(char::from(b));
        } else {
            let _ = write!(href, "%{b:02X}");
        }
    }
    format!("<a href=\"#order={href}\">{}</a>", escape(id))
}

fn opt_day(d: Option<Day>) -> String {
    d.map_or("—".into(), |d| d.to_string())
}

fn status(t: &Labels, o: &Order) -> &'static str {
    if o.status == Status::Committed {
        t.committed
    } else {
        t.quote
    }
}

fn head(s: &mut String, cells: &[&str]) {
    s.push_str("<thead><tr>");
    for c in cells {
        let _ = write!(s, "<th>{}</th>", escape(c));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
}

fn caption(s: &mut String, t: &Labels, shown: usize, total: usize) {
    if shown < total {
        let note = fill(
            t.rows_shown,
            &[("shown", &shown.to_string()), ("total", &total.to_string())],
        );
        let _ = writeln!(s, "<p class=\"note\">{}</p>", escape(&note));
    }
}

/// The late orders' table (`<table id="late">`), or a sentence when every order is on time.
pub fn late_table(
    plant: &Plant,
    book: &OrderBook,
    plan: &Plan,
    rows: &[LateRow],
    lang: Lang,
) -> String {
    let t = lang.labels();
    let mut s = String::new();
    if rows.is_empty() {
        let _ = writeln!(
            s,
            "<p id=\"late-none\">{}</p>",
            escape(t.every_order_on_time)
        );
        return s;
    }
    caption(&mut s, t, rows.len().min(MAX_ROWS), rows.len());
    s.push_str("<div class=\"scroll\"><table id=\"late\" class=\"list\">\n");
    let bn = format!("{} ({})", t.bottleneck, t.kind);
    head(
        &mut s,
        &[
            t.order,
            t.customer,
            t.status,
            t.due,
            t.delivery,
            t.days_late,
            &bn,
            t.bottleneck,
            t.detail,
        ],
    );
    let bookings = Bookings::of_plan(plant, plan);
    for r in rows.iter().take(MAX_ROWS) {
        let order = &book.orders[r.planned.order];
        let p = &r.planned.plan;
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td>{}</td><td>{}</td><td class=\"wrap\">{}</td></tr>",
            order_link(&order.id),
            escape(order.customer()),
            status(t, order),
            opt_day(r.outcome.due),
            r.outcome
                .delivery
                .map_or_else(|| escape(t.infeasible), |d| d.to_string()),
            r.late.map_or("—".into(), |d| d.to_string()),
            escape(t.bottleneck_kind(p.bottleneck.kind)),
            escape(&p.bottleneck.id),
            escape(&detail::order_detail(
                plant,
                order,
                p,
                &bookings,
                r.seq as u32,
                lang
            )),
        );
    }
    s.push_str("</tbody></table></div>\n");
    s
}

/// The at-risk table (`<table id="at-risk">`).
pub fn at_risk_table(plant: &Plant, rows: &[AtRisk], level: f64, lang: Lang) -> String {
    let t = lang.labels();
    let mut s = String::new();
    if rows.is_empty() {
        let _ = writeln!(s, "<p id=\"at-risk-none\">{}</p>", escape(t.none_at_risk));
        return s;
    }
    caption(&mut s, t, rows.len().min(MAX_ROWS), rows.len());
    s.push_str("<div class=\"scroll\"><table id=\"at-risk\" class=\"list\">\n");
    let promise = fill(t.promise_at, &[("level", &pct(level))]);
    let risk_kind = format!("{} ({})", t.main_risk, t.kind);
    // With `--history`, the main risk's fitted law beside it.
    let learnt = plant.learnt.as_deref();
    let mut columns = vec![
        t.order,
        t.customer,
        t.due,
        t.delivery,
        t.confidence,
        &promise,
        &risk_kind,
        t.main_risk,
        t.detail,
    ];
    if learnt.is_some() {
        columns.push(t.fitted);
    }
    head(&mut s, &columns);
    for r in rows.iter().take(MAX_ROWS) {
        let (order, o, due) = (r.order, r.outlook, r.due);
        let (kind, id, detail) = match &o.risk {
            Some(r) => (
                t.risk_kind(r.kind),
                r.id.as_str(),
                if lang == Lang::Zh {
                    detail::risk_zh(t, r)
                } else {
                    r.detail.clone()
                },
            ),
            None => (t.risk_kinds[3], "", String::new()),
        };
        let fitted = match (learnt, &o.risk) {
            (Some(l), Some(risk)) => format!(
                "<td class=\"fit\">{}</td>",
                history::risk_cell(plant, l, risk, t)
            ),
            (Some(_), None) => "<td></td>".to_string(),
            (None, _) => String::new(),
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{due}</td><td>{}</td><td class=\"num\">{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td class=\"wrap\">{}</td>{fitted}</tr>",
            order_link(&order.id),
            escape(order.customer()),
            o.distribution.deterministic,
            pct(r.confidence),
            o.distribution.promise(level),
            escape(kind),
            escape(id),
            escape(&detail),
        );
    }
    s.push_str("</tbody></table></div>\n");
    s
}
