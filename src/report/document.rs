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
use crate::plan::facts;
use crate::plan::order::fmt_qty;
use crate::report::detail;
use crate::report::html::{Lang, fill};
use crate::report::review_words::{self, Words};
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
    lang: Lang,
    words: &'static Words,
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

/// The document in `lang`: the form a factory files, with the order, customer, date and
/// requested date at the top and an empty signatures block at the end.
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
    lang: Lang,
) -> String {
    let r = record(
        plant,
        settings,
        book,
        order,
        review,
        bookings,
        buffer_days,
        lang,
    );
    match kind {
        DocKind::Markdown => markdown(&r),
        DocKind::Html => html(&r),
    }
}

fn opt_day(d: Option<Day>) -> String {
    d.map_or("—".into(), |d| d.to_string())
}

#[allow(clippy::too_many_arguments)]
fn record(
    plant: &Plant,
    settings: &Settings,
    book: &OrderBook,
    order: &Order,
    review: &Review,
    bookings: &Bookings,
    buffer_days: i32,
    lang: Lang,
) -> Record {
    let w = review_words::words(lang);
    let plan = &review.plan;
    let o = Outcome::of(order, plan, buffer_days);
    let (what, dest) = super::what_and_where(plant, order);
    let holds = match (o.promise, o.due) {
        (None, _) => fill(
            w.not_feasible,
            &[("reason", &plan.reason.clone().unwrap_or_default())],
        ),
        (Some(_), None) => w.no_date.into(),
        (Some(p), Some(due)) if p <= due => {
            fill(w.spare[1], &[("days", &due.since(p).to_string())])
        }
        (Some(p), Some(due)) => fill(w.late[1], &[("days", &p.since(due).to_string())]),
    };
    let facts = facts::order_facts(plant, order, plan, bookings, review.seq);
    let (kind, why) = match lang {
        Lang::En => (plan.bottleneck.kind.as_str(), facts.to_string()),
        Lang::Zh => (
            lang.labels().bottleneck_kind(plan.bottleneck.kind),
            detail::zh(&facts),
        ),
    };
    let mut facts = vec![
        (w.order_no, order.id.clone()),
        (w.review_date, settings.as_of.to_string()),
        (w.order, fill(w.what_to, &[("what", &what), ("dest", dest)])),
        (w.customer, order.customer().to_string()),
        (w.priority, order.priority().to_string()),
        (w.requested, opt_day(order.requested())),
        (w.earliest, opt_day(o.delivery)),
        (
            w.promise,
            fill(
                w.promise_buffer,
                &[
                    ("promise", &opt_day(o.promise)),
                    ("days", &buffer_days.to_string()),
                ],
            ),
        ),
        (w.holds, holds),
        (
            w.bottleneck,
            format!("{kind} {} — {why}", plan.bottleneck.id),
        ),
    ];
    if review.inserted {
        facts.push((
            w.planned_as,
            fill(
                w.planned_as_rush,
                &[("n", &review.rush.ahead_of.to_string())],
            ),
        ));
    }
    let mut steps = gantt::steps(plant, settings, plan);
    if lang != Lang::En {
        for st in &mut steps {
            st.label = review_words::step_label(plant, plan, st, lang);
        }
    }
    Record {
        lang,
        words: w,
        title: fill(w.title, &[("id", &order.id)]),
        facts,
        steps,
        levers: levers_table(review, w),
        split: review.deliveries.as_ref().map(|ds| Table {
            head: w.split_head.to_vec(),
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
        rush: rush_lines(review, w),
        impact: impact_table(book, review, w),
        due: o.due,
        as_of: settings.as_of,
    }
}

fn levers_table(review: &Review, w: &Words) -> Table {
    Table {
        head: w.lever_head.to_vec(),
        rows: review
            .levers
            .iter()
            .map(|l| {
                vec![
                    w.lever_kind(l.kind).to_string(),
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

fn rush_lines(review: &Review, w: &Words) -> Vec<String> {
    let r = &review.rush;
    let verb = if review.inserted {
        w.rush_planned
    } else {
        w.rush_in
    };
    let moved = r.impact.len();
    vec![
        fill(
            w.rush_doc,
            &[
                ("verb", verb),
                ("n", &r.ahead_of.to_string()),
                ("d", &opt_day(r.plan.delivery)),
                ("old", &opt_day(review.queued.delivery)),
            ],
        ),
        fill(
            review_words::one_or_many(moved as i64, w.rush_doc_moves),
            &[
                ("n", &moved.to_string()),
                ("late", &r.newly_late().to_string()),
                (
                    "weighted",
                    &fmt_qty((r.extra_weighted_late_days() * 100.0).round() / 100.0),
                ),
            ],
        ),
    ]
}

fn impact_table(book: &OrderBook, review: &Review, w: &Words) -> Table {
    Table {
        head: w.impact_head.to_vec(),
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
                    if i.newly_late { w.yes } else { w.no }.to_string(),
                ]
            })
            .collect(),
    }
}

fn schedule_table(steps: &[Step], w: &Words) -> Table {
    Table {
        head: w.schedule_head.to_vec(),
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
    let w = r.words;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", r.title);
    let _ = writeln!(
        s,
        "{}\n",
        fill(w.subtitle, &[("as_of", &r.as_of.to_string())])
    );
    let _ = writeln!(s, "| | |\n|---|---|");
    for (k, v) in &r.facts {
        let _ = writeln!(s, "| {k} | {} |", md_cell(v));
    }
    let _ = writeln!(s, "\n## {}\n", w.schedule);
    md_table(&mut s, &schedule_table(&r.steps, w));
    let _ = writeln!(s, "\n## {}\n", w.earlier);
    if r.levers.rows.is_empty() {
        let _ = writeln!(s, "{}{}", capitalized(w.earlier_none), w.stop);
    } else {
        md_table(&mut s, &r.levers);
    }
    let _ = writeln!(s, "\n## {}\n", w.split);
    match &r.split {
        Some(t) => md_table(&mut s, t),
        None => {
            let _ = writeln!(s, "{}", w.split_no_doc);
        }
    }
    let _ = writeln!(s, "\n## {}\n", w.rush);
    for line in &r.rush {
        let _ = writeln!(s, "{line}\n");
    }
    if !r.impact.rows.is_empty() {
        md_table(&mut s, &r.impact);
    }
    // The signatures block: one row per signer, a blank line to sign on.
    let _ = writeln!(s, "\n## {}\n", w.signatures);
    let _ = writeln!(s, "| | |\n|---|---|");
    for who in w.signers {
        let _ = writeln!(s, "| {who} | {SIGN_LINE} |");
    }
    s
}

/// The blank a signature goes on.
const SIGN_LINE: &str = "______________________________";

/// The sentence with its first letter upper-case (the text record's lower-case phrase as
/// a sentence of the document; Chinese is unchanged).
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
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

/// The document's style: the CJK fonts people have (Noto/Source Han on Linux, YaHei on
/// Windows, PingFang on macOS), and an A4 print layout — no row split across pages, the
/// Gantt chart scaled to the page width.
const CSS: &str = "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\
\"PingFang SC\",sans-serif;max-width:1200px;margin:2em auto;color:#222}\
table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;\
text-align:left;vertical-align:top}th{background:#f3f3f3;white-space:nowrap}h1{font-size:1.5em}h2{font-size:1.2em;\
margin-top:1.5em}.gantt{border:1px solid #ddd;margin:0.5em 0;max-width:100%;height:auto;\
font-family:inherit}.signatures td{width:60%;height:2.2em}\
@page{size:A4;margin:15mm}\
@media print{body{max-width:none;margin:0;font-size:10pt}tr,td,th{page-break-inside:avoid;\
break-inside:avoid}h2{break-after:avoid}.gantt{width:100%;height:auto}}";

fn html(r: &Record) -> String {
    let w = r.words;
    let mut s = String::new();
    let title = escape(&r.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{}</p>\n<table>\n",
        r.lang.html_tag(),
        escape(&fill(w.subtitle, &[("as_of", &r.as_of.to_string())]))
    );
    for (k, v) in &r.facts {
        let _ = writeln!(s, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v));
    }
    let _ = writeln!(s, "</table>\n<h2>{}</h2>", escape(w.schedule));
    s.push_str(&gantt::svg(&r.steps, r.as_of, r.due, w.due));
    html_table(&mut s, &schedule_table(&r.steps, w));
    let _ = writeln!(s, "<h2>{}</h2>", escape(w.earlier));
    if r.levers.rows.is_empty() {
        let _ = writeln!(
            s,
            "<p>{}{}</p>",
            escape(&capitalized(w.earlier_none)),
            w.stop
        );
    } else {
        html_table(&mut s, &r.levers);
    }
    let _ = writeln!(s, "<h2>{}</h2>", escape(w.split));
    match &r.split {
        Some(t) => html_table(&mut s, t),
        None => {
            let _ = writeln!(s, "<p>{}</p>", escape(w.split_no_doc));
        }
    }
    let _ = writeln!(s, "<h2>{}</h2>", escape(w.rush));
    for line in &r.rush {
        let _ = writeln!(s, "<p>{}</p>", escape(line));
    }
    if !r.impact.rows.is_empty() {
        html_table(&mut s, &r.impact);
    }
    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<table class=\"signatures\">",
        escape(w.signatures)
    );
    for who in w.signers {
        let _ = writeln!(s, "<tr><th>{}</th><td></td></tr>", escape(who));
    }
    s.push_str("</table>\n</body>\n</html>\n");
    s
}
