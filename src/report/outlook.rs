//! Reliability in the outputs: the keys `service_level`, `confidence`, `quantiles`,
//! `risk` and `at_risk`, and the sentences people read ("on time by 20 March with 87%
//! confidence; promise 24 March at 95%").

use super::json::{OrderJson, PlanJson};
use crate::day::Day;
use crate::model::{Order, OrderBook};
use crate::plan::Plan;
use crate::reliability::{Outlook, QUANTILES, Risk};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// An order is at risk when its confidence of arriving by its due date is below this
/// (`plan --risk-below`'s default; the plan report's threshold).
pub const DEFAULT_RISK_BELOW: f64 = 0.8;

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct RiskJson {
    pub kind: &'static str,
    pub id: String,
    pub detail: String,
    /// Extensions: days it adds on average, and in what share of scenarios.
    pub mean_days: f64,
    pub share: f64,
}

impl From<&Risk> for RiskJson {
    fn from(r: &Risk) -> RiskJson {
        RiskJson {
            kind: r.kind.as_str(),
            id: r.id.clone(),
            detail: r.detail.clone(),
            mean_days: round3(r.mean_days),
            share: round3(r.share),
        }
    }
}

/// The reliability keys of one order.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct OutlookJson {
    pub service_level: f64,
    pub confidence: Option<f64>,
    pub quantiles: BTreeMap<&'static str, Day>,
    pub risk: RiskJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_risk: Option<bool>,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What the scenarios say, for one order: the promise at `level`, the confidence of
/// arriving by `by` (the requested date for a quote, the due date in a plan), and — in a
/// plan — whether that confidence is below `risk_below`.
pub struct Assessment {
    pub level: f64,
    pub by: Option<Day>,
    pub risk_below: Option<f64>,
}

impl Assessment {
    pub fn confidence(&self, o: &Outlook) -> Option<f64> {
        self.by.map(|by| o.distribution.confidence(by))
    }

    pub fn at_risk(&self, o: &Outlook) -> Option<bool> {
        let below = self.risk_below?;
        Some(self.confidence(o).is_some_and(|c| c < below))
    }

    /// Sets the promise (the `level`-quantile, never before the plan's date), the buffer,
    /// `feasible` against the due date, and the reliability keys.
    pub fn apply(&self, j: &mut OrderJson, o: &Outlook) {
        let promise = o.distribution.promise(self.level);
        j.promise_date = Some(promise);
        j.buffer_days = promise.since(o.distribution.deterministic);
        j.feasible = j.due_date.map(|due| promise <= due);
        j.outlook = Some(OutlookJson {
            service_level: self.level,
            confidence: self.confidence(o).map(round3),
            quantiles: QUANTILES
                .iter()
                .map(|&(q, name)| (name, o.distribution.quantile(q)))
                .collect(),
            risk: RiskJson::from(o.risk.as_ref().unwrap_or(&Risk::none())),
            at_risk: self.at_risk(o),
        });
    }
}

/// Adds the reliability keys to every order of a plan's JSON (`outlooks` indexed like
/// `plan.planned`), and the count of orders at risk to its KPIs.
pub fn apply_to_plan(
    j: &mut PlanJson,
    book: &OrderBook,
    plan: &Plan,
    outlooks: &[Option<Outlook>],
    level: f64,
    risk_below: f64,
) {
    let by_order: BTreeMap<&str, &Outlook> = plan
        .planned
        .iter()
        .zip(outlooks)
        .filter_map(|(p, o)| Some((book.orders[p.order].id.as_str(), o.as_ref()?)))
        .collect();
    let mut at_risk = 0;
    for entry in &mut j.orders {
        let Some(o) = by_order.get(entry.order_id.as_str()) else {
            continue;
        };
        let a = Assessment {
            level,
            by: entry.due_date,
            risk_below: Some(risk_below),
        };
        a.apply(entry, o);
        if a.at_risk(o) == Some(true) {
            at_risk += 1;
        }
    }
    j.kpi.service_level = Some(level);
    j.kpi.at_risk = Some(at_risk);
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn date(d: Day) -> String {
    d.date().format("%-d %B").to_string()
}

/// "On time by 20 March with 87% confidence; promise 24 March at 95%."
pub fn quote_sentence(order: &Order, o: &Outlook, level: f64) -> String {
    let promise = o.distribution.promise(level);
    let mut s = String::new();
    if let Some(r) = order.requested() {
        let c = o.distribution.confidence(r);
        let _ = write!(s, "On time by {} with {} confidence; ", date(r), pct(c));
    }
    let _ = write!(s, "promise {} at {}.", date(promise), pct(level));
    let mut chars = s.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// The reliability block of the review record.
pub fn quote_block(order: &Order, o: &Outlook, level: f64) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\n{}", quote_sentence(order, o, level));
    let qs: Vec<String> = QUANTILES
        .iter()
        .map(|&(q, name)| format!("{name} {}", o.distribution.quantile(q)))
        .collect();
    let _ = writeln!(
        s,
        "Delivery over {} scenarios: {}",
        o.distribution.scenarios(),
        qs.join(", ")
    );
    if let Some(r) = &o.risk {
        let _ = writeln!(s, "Main risk: {} {} — {}", r.kind.as_str(), r.id, r.detail);
    }
    s
}

/// An order whose confidence of meeting its due date is below the threshold.
pub struct AtRisk<'a> {
    pub confidence: f64,
    pub order: &'a Order,
    pub outlook: &'a Outlook,
    pub due: Day,
}

/// The orders at risk, least confident first (then by id). `outlooks` is indexed like
/// `plan.planned`; orders without a due date are never at risk.
pub fn at_risk<'a>(
    book: &'a OrderBook,
    plan: &'a Plan,
    outlooks: &'a [Option<Outlook>],
    below: f64,
) -> Vec<AtRisk<'a>> {
    let mut rows: Vec<AtRisk> = plan
        .planned
        .iter()
        .zip(outlooks)
        .filter_map(|(p, o)| {
            let order = &book.orders[p.order];
            let outlook = o.as_ref()?;
            let due = order.due()?;
            let confidence = outlook.distribution.confidence(due);
            (confidence < below).then_some(AtRisk {
                confidence,
                order,
                outlook,
                due,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        a.confidence
            .total_cmp(&b.confidence)
            .then(a.order.id.as_bytes().cmp(b.order.id.as_bytes()))
    });
    rows
}

/// The planner's morning list: orders whose confidence is below `risk_below`.
pub fn at_risk_section(
    book: &OrderBook,
    plan: &Plan,
    outlooks: &[Option<Outlook>],
    level: f64,
    risk_below: f64,
) -> String {
    let rows = at_risk(book, plan, outlooks, risk_below);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nAt risk: {} orders below {} confidence (service level {})",
        rows.len(),
        pct(risk_below),
        pct(level)
    );
    if rows.is_empty() {
        return s;
    }
    let _ = writeln!(
        s,
        "  {:<14} {:<10} {:<10} {:<10} {:>5}  main risk",
        "order", "due", "planned", "promise", "conf."
    );
    for r in rows.iter().take(25) {
        let d = &r.outlook.distribution;
        let risk = r.outlook.risk.as_ref().map_or(String::new(), |k| {
            format!("{} {}: {}", k.kind.as_str(), k.id, k.detail)
        });
        let _ = writeln!(
            s,
            "  {:<14} {:<10} {:<10} {:<10} {:>5}  {risk}",
            r.order.id,
            r.due.to_string(),
            d.deterministic.to_string(),
            d.promise(level).to_string(),
            pct(r.confidence)
        );
    }
    if rows.len() > 25 {
        let _ = writeln!(s, "  … and {} more (see --json)", rows.len() - 25);
    }
    s
}
