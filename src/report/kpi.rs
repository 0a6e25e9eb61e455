//! `promise kpi` as readable text: the on-time rates, then by month, customer and
//! product family, the review cycle, changes per order and the realised calibration.

use crate::kpi::{Kpi, OnTime, Rate};
use std::collections::BTreeMap;
use std::fmt::Write;

fn percent(r: &Rate) -> String {
    match r.rate {
        Some(x) => format!("{:5.1}% ({}/{})", x * 100.0, r.on_time, r.orders),
        None => "    – (0/0)".to_string(),
    }
}

fn hours(h: Option<f64>) -> String {
    h.map_or("–".to_string(), |h| format!("{h:.1} h"))
}

fn table(out: &mut String, title: &str, rows: &BTreeMap<String, OnTime>) {
    if rows.is_empty() {
        return;
    }
    let width = rows
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    let _ = writeln!(out, "\n{title}");
    let header = format!("  {:width$}  {:<18}  {}", "", "vs promised", "vs requested");
    let _ = writeln!(out, "{}", header.trim_end());
    for (key, t) in rows {
        let pad = width - key.chars().count();
        let line = format!(
            "  {key}{:pad$}  {:<18}  {}",
            "",
            percent(&t.promised),
            percent(&t.requested)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The figures as text.
pub fn kpi_text(k: &Kpi) -> String {
    let mut out = String::new();
    let window = match (k.from, k.to) {
        (None, None) => "all ship dates".to_string(),
        (f, t) => format!(
            "shipped {} to {}",
            f.map_or("…".to_string(), |d| d.to_string()),
            t.map_or("…".to_string(), |d| d.to_string())
        ),
    };
    let _ = writeln!(
        out,
        "Promises kept ({window}): {} orders shipped, {} with a received date",
        k.shipped, k.received
    );
    if k.shipped_without_date > 0 {
        let _ = writeln!(
            out,
            "  ({} shipped orders have no ship date on record and are not measured)",
            k.shipped_without_date
        );
    }
    let _ = writeln!(
        out,
        "On-time delivery vs promised:  {}",
        percent(&k.on_time.promised)
    );
    let _ = writeln!(
        out,
        "On-time delivery vs requested: {}",
        percent(&k.on_time.requested)
    );
    table(&mut out, "By month shipped", &k.by_month);
    table(&mut out, "By customer", &k.by_customer);
    table(&mut out, "By product family", &k.by_family);
    let c = &k.review_cycle;
    let _ = writeln!(
        out,
        "\nReview cycle (first quote to commit): {} orders, mean {}, median {}, max {}; {} without a quote on record",
        c.orders,
        hours(c.mean_hours),
        hours(c.median_hours),
        hours(c.max_hours),
        c.without_quote
    );
    let _ = writeln!(
        out,
        "Changes per order: {} ({} changes over {} orders)",
        k.changes
            .per_order
            .map_or("–".to_string(), |x| format!("{x:.2}")),
        k.changes.changes,
        k.changes.orders
    );
    if k.calibration.is_empty() {
        let _ = writeln!(
            out,
            "Realised calibration: no promise given at a service level"
        );
    } else {
        let _ = writeln!(out, "\nRealised calibration (kept by the promise)");
        for (level, c) in &k.calibration {
            let share = c
                .share
                .map_or("–".to_string(), |s| format!("{:.1}%", s * 100.0));
            let _ = writeln!(
                out,
                "  level {level}: {share} kept ({}/{})",
                c.kept, c.orders
            );
        }
    }
    out
}
