//! The order review record as a document a planner attaches to the answer to the
//! customer (`quote --review FILE.md|.html`): the answer, the implementation schedule,
//! what would make it earlier, split delivery and rush insertion. The HTML is one
//! self-contained file (inline CSS, inline SVG Gantt chart, no scripts).

use super::Outcome;
use super::gantt::{self, Step, escape};
use crate::day::Day;
use crate::explain::Review;
use crate::model::{Order, OrderBook, Plant};
use crate::plan::Settings;
use crate::plan::bookings::Bookings;
use crate::plan::order::fmt_qty;
use crate::report::detail;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Markdown,
    Html,
}

/// A table: header and rows of cells (plain text; each format escapes its own).
struct Table {
    head: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// What the document says, once, for both formats.
struct Record {
    title: String,
    facts: Vec<(&'static str, String)>,
    steps: Vec<Step>,
    levers: Table,
    split: Option<Table>,
    rush: Vec<String>,
    impact: Table,
    due: Option<Day>,
    as_of: Day,
}

#[allow(clippy::too_many_arguments)]
pub fn document(
    plant: &Plant,
    settings: &Settings,
    book: &OrderBook,
    order: &Order,
    review: &Review,
    bookings: &Bookings,
    buffer_days: i32,
    kind: DocKind,
) -> String {
    let r = record(plant, settings, book, order, review, bookings, buffer_days);
    match kind {
        DocKind::Markdown => markdown(&r),
        DocKind::Html => html(&r),
    }
}

fn opt_day(d: Option<Day>) -> String {
    d.map_or("—".into(), |d| d.to_string())
}

fn record(
    plant: &Plant,
    settings: &Settings,
    book: &OrderBook,
    order: &Order,
    review: &Review,
    bookings: &Bookings,
    buffer_days: i32,
) -> Record {
    let plan = &review.plan;
    let o = Outcome::of(order, plan, buffer_days);
    let (what, dest) = super::what_and_where(plant, order);
    let holds = match (o.promise, o.due) {
        (None, _) => format!("NOT FEASIBLE: {}", plan.reason.clone().unwrap_or_default()),
        (Some(_), None) => "no date requested".into(),
        (Some(p), Some(due)) if p <= due => format!("yes, {} days to spare", due.since(p)),
        (Some(p), Some(due)) => format!("NO — {} days late", p.since(due)),
    };
    let mut facts = vec![
        ("Order", format!("{what} to {dest}")),
        ("Customer", order.customer().to_string()),
        ("Priority", order.priority().to_string()),
        ("Requested date", opt_day(order.requested())),
        ("Earliest delivery", opt_day(o.delivery)),
        (
            "Promise date",
            format!("{} (buffer {buffer_days} days)", opt_day(o.promise)),
        ),
        ("Requested date holds", holds),
        (
            "Bottleneck",
            format!(
                "{} {} — {}",
                plan.bottleneck.kind.as_str(),
                plan.bottleneck.id,
                detail::detail(plant, order, plan, bookings, review.seq)
            ),
        ),
    ];
    if review.inserted {
        facts.push((
            "Planned as",
            format!(
                "a rush order, ahead of {} committed orders",
                review.rush.ahead_of
            ),
        ));
    }
    Record {
        title: format!("Order review record — {}", order.id),
        facts,
        steps: gantt::steps(plant, settings, plan),
        levers: levers_table(review),
        split: review.deliveries.as_ref().map(|ds| Table {
            head: vec!["quantity", "product", "delivery"],
            rows: ds
                .iter()
                .map(|d| {
                    vec![
                        fmt_qty(d.qty),
                        plant.products[d.product].id.clone(),
                        opt_day(d.delivery),
                    ]
                })
                .collect(),
        }),
        rush: rush_lines(review),
        impact: impact_table(book, review),
        due: o.due,
        as_of: settings.as_of,
    }
}

fn levers_table(review: &Review) -> Table {
    Table {
        head: vec![
            "lever",
            "new delivery",
            "days gained",
            "cost",
            "what it takes",
        ],
        rows: review
            .levers
            .iter()
            .map(|l| {
                vec![
                    l.kind.as_str().to_string(),
                    l.new_delivery.to_string(),
                    l.days_gained.to_string(),
                    l.cost
                        .map_or("—".into(), |c| fmt_qty((c * 100.0).round() / 100.0)),
                    l.detail.clone(),
                ]
            })
            .collect(),
    }
}

fn rush_lines(review: &Review) -> Vec<String> {
    let r = &review.rush;
    let mut v = vec![format!(
        "{} ahead of {} committed orders of equal or lower priority: delivery {} (after every committed order: {}).",
        if review.inserted {
            "Planned as a rush order"
        } else {
            "Rushed in"
        },
        r.ahead_of,
        opt_day(r.plan.delivery),
        opt_day(review.queued.delivery)
    )];
    v.push(format!(
        "{} committed order{} move{}, {} newly late; Σ weight × extra late days: {}.",
        r.impact.len(),
        if r.impact.len() == 1 { "" } else { "s" },
        if r.impact.len() == 1 { "s" } else { "" },
        r.newly_late(),
        fmt_qty((r.extra_weighted_late_days() * 100.0).round() / 100.0)
    ));
    v
}

fn impact_table(book: &OrderBook, review: &Review) -> Table {
    Table {
        head: vec![
            "order",
            "due",
            "old delivery",
            "new delivery",
            "days moved",
            "newly late",
        ],
        rows: review
            .rush
            .impact
            .iter()
            .map(|i| {
                let o = &book.orders[i.order];
                vec![
                    o.id.clone(),
                    opt_day(o.due()),
                    opt_day(i.old_delivery),
                    opt_day(i.new_delivery),
                    i.days_moved().map_or("—".into(), |d| d.to_string()),
                    if i.newly_late { "yes" } else { "no" }.to_string(),
                ]
            })
            .collect(),
    }
}

fn schedule_table(steps: &[Step]) -> Table {
    Table {
        head: vec!["step", "from", "to", "bottleneck"],
        rows: steps
            .iter()
            .map(|s| {
                vec![
                    s.label.clone(),
                    s.from.to_string(),
                    s.to.to_string(),
                    if s.bottleneck { "◆" } else { "" }.to_string(),
                ]
            })
            .collect(),
    }
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn md_table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "| {} |", t.head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(t.head.len()));
    for r in &t.rows {
        let cells: Vec<String> = r.iter().map(|c| md_cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

fn markdown(r: &Record) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", r.title);
    let _ = writeln!(s, "客户订单评审记录 — as of {}\n", r.as_of);
    let _ = writeln!(s, "| | |\n|---|---|");
    for (k, v) in &r.facts {
        let _ = writeln!(s, "| {k} | {} |", md_cell(v));
    }
    let _ = writeln!(s, "\n## Implementation schedule (客户订单实施计划进度表)\n");
    md_table(&mut s, &schedule_table(&r.steps));
    let _ = writeln!(s, "\n## What would make it earlier\n");
    if r.levers.rows.is_empty() {
        let _ = writeln!(
            s,
            "Nothing on the critical path can be relaxed to gain a day."
        );
    } else {
        md_table(&mut s, &r.levers);
    }
    let _ = writeln!(s, "\n## Split delivery\n");
    match &r.split {
        Some(t) => md_table(&mut s, t),
        None => {
            let _ = writeln!(s, "Not allowed for this order (split = no).");
        }
    }
    let _ = writeln!(s, "\n## Rush insertion (插单)\n");
    for line in &r.rush {
        let _ = writeln!(s, "{line}\n");
    }
    if !r.impact.rows.is_empty() {
        md_table(&mut s, &r.impact);
    }
    s
}

fn html_table(out: &mut String, t: &Table) {
    out.push_str("<table>\n<tr>");
    for h in &t.head {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr>\n");
    for r in &t.rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

const CSS: &str = "body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}\
table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;\
text-align:left;vertical-align:top}th{background:#f3f3f3}h1{font-size:1.5em}h2{font-size:1.2em;\
margin-top:1.5em}.gantt{border:1px solid #ddd;margin:0.5em 0}";

fn html(r: &Record) -> String {
    let mut s = String::new();
    let title = escape(&r.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>客户订单评审记录 — as of {}</p>\n<table>\n",
        r.as_of
    );
    for (k, v) in &r.facts {
        let _ = writeln!(s, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v));
    }
    s.push_str("</table>\n<h2>Implementation schedule (客户订单实施计划进度表)</h2>\n");
    s.push_str(&gantt::svg(&r.steps, r.as_of, r.due));
    html_table(&mut s, &schedule_table(&r.steps));
    s.push_str("<h2>What would make it earlier</h2>\n");
    if r.levers.rows.is_empty() {
        s.push_str("<p>Nothing on the critical path can be relaxed to gain a day.</p>\n");
    } else {
        html_table(&mut s, &r.levers);
    }
    s.push_str("<h2>Split delivery</h2>\n");
    match &r.split {
        Some(t) => html_table(&mut s, t),
        None => s.push_str("<p>Not allowed for this order (split = no).</p>\n"),
    }
    s.push_str("<h2>Rush insertion (插单)</h2>\n");
    for line in &r.rush {
        let _ = writeln!(s, "<p>{}</p>", escape(line));
    }
    if !r.impact.rows.is_empty() {
        html_table(&mut s, &r.impact);
    }
    s.push_str("</body>\n</html>\n");
    s
}
