//! The plan report (`promise report`, `GET /report`): one self-contained HTML page — key
//! figures, the line-load heat map, the implementation schedule (客户订单实施计划进度表) of
//! any order as a Gantt chart, and the late and at-risk tables with their bottlenecks —
//! in Chinese or English.
//!
//! Self-contained means one file that works offline: inline CSS and script, no fonts,
//! images or requests. What people read first (key figures, the tables) is plain HTML;
//! the heat map and the Gantt chart are drawn by the inline script from compact data
//! (`<script type="application/json">`), because drawing them on the server for every
//! order of a 20,000-order plant would make the page tens of megabytes.
//!
//! Pure and deterministic: the same plan gives the same bytes (no clock, no hash order).

mod detail;
mod followup;
mod heatmap;
mod history;
mod i18n;
mod json;
mod schedules;
mod tables;

pub use heatmap::{MAX_DAYS, Window, window};
pub use i18n::{Labels, Lang};
pub use tables::MAX_ROWS;

use crate::model::{OrderBook, Plant, Status};
use crate::plan::Plan;
use crate::reliability::Outlook;
use crate::report::gantt::escape;
use crate::report::json::kpi;
use crate::report::outlook::DEFAULT_RISK_BELOW;
use i18n::fill;
use json::Json;
use std::fmt::Write;

const CSS: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// The whole page. `outlooks` (indexed like `plan.planned`) with their service level add
/// the at-risk figures and table: orders whose confidence of arriving by their due date is
/// below [`DEFAULT_RISK_BELOW`]; without them those parts say the plan was not simulated.
pub fn plan_report(
    plant: &Plant,
    book: &OrderBook,
    plan: &Plan,
    outlooks: Option<(f64, &[Option<Outlook>])>,
    lang: Lang,
) -> String {
    let t = lang.labels();
    let late = tables::late_rows(book, plan);
    let risk = outlooks.map(|(level, o)| {
        let rows = crate::report::outlook::at_risk(book, plan, o, DEFAULT_RISK_BELOW);
        (level, o, rows)
    });
    let mut s = String::with_capacity(1 << 16);
    head(&mut s, plant, plan, lang);
    let at_risk = risk.as_ref().map(|r| (r.0, r.1, r.2.len()));
    kpis(&mut s, book, plan, at_risk, t);
    load_section(&mut s, plan, t);
    schedule_section(&mut s, t);
    section(&mut s, "late-orders", t.late_orders, Some(late.len()));
    s.push_str(&tables::late_table(plant, book, plan, &late, lang));
    s.push_str("</section>\n");
    section(&mut s, "risk", t.orders_at_risk, at_risk.map(|r| r.2));
    match &risk {
        Some((level, _, rows)) => s.push_str(&tables::at_risk_table(plant, rows, *level, lang)),
        None => {
            let _ = writeln!(s, "<p class=\"note\">{}</p>", escape(t.not_simulated));
        }
    }
    s.push_str("</section>\n");
    // The follow-up lists at SPEC.md's windows, at-risk orders first when simulated.
    let risks = outlooks.map(|(_, o)| crate::followup::Risks {
        outlooks: o,
        below: DEFAULT_RISK_BELOW,
    });
    let windows = crate::followup::Windows::default();
    let lists = crate::followup::followup(plant, book, plan, risks.as_ref(), windows);
    followup::followup_section(&mut s, &lists, windows, lang);
    // The chart opens on the latest late order that has a schedule.
    let default = late
        .iter()
        .find(|r| r.outcome.delivery.is_some())
        .map_or(if plan.planned.is_empty() { -1 } else { 0 }, |r| {
            r.seq as i64
        });
    let data = data(plant, book, plan, outlooks, lang, default);
    let _ = write!(
        s,
        "<footer><p class=\"note\">{}</p></footer>\n\
         <script type=\"application/json\" id=\"report-data\">{data}</script>\n\
         <script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        escape(t.review_hint)
    );
    s
}

/// The heat map's section; the script fills the table.
fn load_section(s: &mut String, plan: &Plan, t: &Labels) {
    let w = window(plan);
    section(s, "load", t.line_load, None);
    let mut note = t.line_load_note.to_string();
    if w.shown < w.total {
        let shown = fill(
            t.days_shown,
            &[
                ("shown", &w.shown.to_string()),
                ("total", &w.total.to_string()),
            ],
        );
        note = format!("{note} ({shown})");
    }
    let _ = writeln!(
        s,
        "<p class=\"note\">{}</p>\n<div id=\"legend\" class=\"legend\"></div>\n\
         <div class=\"scroll\"><table id=\"heatmap\"></table></div>\n</section>",
        escape(&note)
    );
}

/// The Gantt chart's section: the search box and the places the script draws into.
fn schedule_section(s: &mut String, t: &Labels) {
    section(s, "schedule", t.schedule, None);
    let _ = writeln!(
        s,
        "<div class=\"pick\"><label for=\"order-search\">{}</label> \
         <input id=\"order-search\" type=\"search\" list=\"order-ids\" autocomplete=\"off\" spellcheck=\"false\">\
         <datalist id=\"order-ids\"></datalist> <span id=\"order-msg\" class=\"note\"></span></div>\n\
         <div id=\"order-facts\"></div>\n<div id=\"gantt\" class=\"scroll\"></div>\n\
         <table id=\"steps\" class=\"list\"></table>\n</section>",
        escape(t.find_order)
    );
}

/// A share as a whole percentage ("87%").
pub(crate) fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn head(s: &mut String, plant: &Plant, plan: &Plan, lang: Lang) {
    let t = lang.labels();
    let as_of = plan.settings.as_of;
    let size = fill(
        t.plant_size,
        &[
            ("lines", &plant.lines.len().to_string()),
            ("orders", &plan.planned.len().to_string()),
        ],
    );
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {as_of}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <header><h1>{}</h1><p class=\"sub\">{} {as_of} · {}</p></header>\n\
         <noscript><p class=\"note\">{}</p></noscript>\n",
        lang.html_tag(),
        escape(t.title),
        escape(t.title),
        escape(t.as_of),
        escape(&size),
        escape(t.no_script),
    );
}

fn section(s: &mut String, id: &str, title: &str, count: Option<usize>) {
    let count = count.map_or(String::new(), |n| {
        format!(" <span class=\"count\">({n})</span>")
    });
    let _ = writeln!(
        s,
        "<section id=\"{id}\">\n<h2>{}{count}</h2>",
        escape(title)
    );
}

/// One figure of the key-figures block.
fn card(s: &mut String, id: &str, class: &str, value: &str, label: &str, sub: &str) {
    let _ = writeln!(
        s,
        "<div class=\"card {class}\" id=\"kpi-{id}\"><div class=\"v\">{}</div>\
         <div class=\"k\">{}</div><div class=\"s\">{}</div></div>",
        escape(value),
        escape(label),
        escape(sub)
    );
}

/// The key figures: orders, on-time rate, late, infeasible, at risk.
fn kpis(
    s: &mut String,
    book: &OrderBook,
    plan: &Plan,
    risk: Option<(f64, &[Option<Outlook>], usize)>,
    t: &Labels,
) {
    let k = kpi(book, plan);
    let committed = plan
        .planned
        .iter()
        .filter(|p| book.orders[p.order].status == Status::Committed)
        .count();
    section(s, "kpi", t.kpi, None);
    s.push_str("<div class=\"cards\">\n");
    let mix = fill(
        t.committed_quotes,
        &[
            ("committed", &committed.to_string()),
            ("quotes", &(k.orders - committed).to_string()),
        ],
    );
    card(s, "orders", "", &k.orders.to_string(), t.orders, &mix);
    let rate = k
        .on_time_rate
        .map_or("—".into(), |r| format!("{:.1}%", 100.0 * r));
    let on_time = format!("{} {}", t.on_time, k.on_time);
    card(s, "on-time-rate", "good", &rate, t.on_time_rate, &on_time);
    let late_days = format!("{} {}", t.late_days, k.late_days);
    card(s, "late", "bad", &k.late.to_string(), t.late, &late_days);
    card(
        s,
        "infeasible",
        "bad",
        &k.infeasible.to_string(),
        t.infeasible,
        "",
    );
    let (value, note) = match risk {
        Some((level, outlooks, n)) => {
            let scenarios = outlooks
                .iter()
                .flatten()
                .map(|o| o.distribution.scenarios())
                .max()
                .unwrap_or(0);
            let note = fill(
                t.at_risk_note,
                &[
                    ("below", &pct(DEFAULT_RISK_BELOW)),
                    ("level", &pct(level)),
                    ("n", &scenarios.to_string()),
                ],
            );
            (n.to_string(), note)
        }
        None => ("—".to_string(), t.not_simulated.to_string()),
    };
    card(s, "at-risk", "warn", &value, t.at_risk, &note);
    s.push_str("</div>\n</section>\n");
}

/// The data the script draws from.
fn data(
    plant: &Plant,
    book: &OrderBook,
    plan: &Plan,
    outlooks: Option<(f64, &[Option<Outlook>])>,
    lang: Lang,
    default: i64,
) -> String {
    let mut j = Json::default();
    j.raw("{").key("asOf").str(&plan.settings.as_of.to_string());
    j.raw(",").key("default").int(default).raw(",").key("level");
    match outlooks {
        Some((level, _)) => j.num(level),
        None => j.raw("null"),
    };
    j.raw(",\n").key("t");
    labels_json(&mut j, lang.labels());
    j.raw(",\n");
    schedules::spans(&mut j);
    j.raw(",\n");
    schedules::tables(&mut j, plant);
    j.raw(",\n");
    heatmap::write(&mut j, plant, plan);
    j.raw(",\n");
    schedules::orders(&mut j, plant, book, plan, outlooks);
    j.raw("}");
    j.out
}

/// The words the script uses.
fn labels_json(j: &mut Json, t: &Labels) {
    let words: [(&str, &str); 33] = [
        ("line", t.line),
        ("closed", t.closed),
        ("shifts", t.shifts),
        ("noSuchOrder", t.no_such_order),
        ("noOrders", t.no_orders),
        ("order", t.order),
        ("customer", t.customer),
        ("status", t.status),
        ("committed", t.committed),
        ("quote", t.quote),
        ("due", t.due),
        ("delivery", t.delivery),
        ("daysLate", t.days_late),
        ("bottleneck", t.bottleneck),
        ("confidence", t.confidence),
        ("promiseAt", t.promise_at),
        ("step", t.step),
        ("from", t.from),
        ("to", t.to),
        ("reason", t.reason),
        ("infeasible", t.infeasible),
        ("stepStock", t.step_stock),
        ("stepDesign", t.step_design),
        ("stepMaterialStock", t.step_material_stock),
        ("stepMaterialReceipts", t.step_material_receipts),
        ("stepMaterialBuy", t.step_material_buy),
        ("stepProduction", t.step_production),
        ("stepInspection", t.step_inspection),
        ("stepPackaging", t.step_packaging),
        ("stepTransit", t.step_transit),
        ("stepOperation", t.step_operation),
        ("stepWorkOrder", t.step_work_order),
        ("stepWait", t.step_wait),
    ];
    j.raw("{");
    for (k, v) in words {
        j.key(k).str(v).raw(",");
    }
    j.key("stages").strs(t.stages);
    j.raw(",").key("bottleneckKinds").strs(t.bottleneck_kinds);
    j.raw(",").key("weekdays").strs(t.weekdays);
    j.raw("}");
}
