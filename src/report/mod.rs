//! Plans → JSON, CSV, readable text and the HTML plan report. Pure functions from results
//! to strings; writing them to files or the terminal is the CLI's business.

pub mod csv_out;
pub mod detail;
pub mod document;
pub mod fit;
pub mod followup;
pub mod gantt;
pub mod html;
pub mod json;
pub mod kpi;
pub mod notice;
pub mod outlook;
pub mod review;
pub mod review_words;
pub mod routing;
pub mod summary;
pub mod text;
pub mod walk_forward;
pub mod xlsx_out;

use crate::day::Day;
use crate::model::Order;
use crate::plan::OrderPlan;

/// The figures every output agrees on, for one planned order.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub delivery: Option<Day>,
    pub promise: Option<Day>,
    pub due: Option<Day>,
    /// `promise ≤ due`; `None` without a due date; `Some(false)` when infeasible.
    pub feasible: Option<bool>,
    pub late_days: Option<i32>,
}

impl Outcome {
    pub fn of(order: &Order, plan: &OrderPlan, buffer_days: i32) -> Outcome {
        let due = order.due();
        let delivery = plan.delivery;
        let promise = delivery.map(|d| d + buffer_days);
        let feasible = match (promise, due) {
            (None, _) => Some(false),
            (Some(p), Some(due)) => Some(p <= due),
            (Some(_), None) => None,
        };
        let late_days = match (delivery, due) {
            (Some(d), Some(due)) => Some(d.since(due).max(0)),
            (Some(_), None) => Some(0),
            (None, _) => None,
        };
        Outcome {
            delivery,
            promise,
            due,
            feasible,
            late_days,
        }
    }

    pub fn on_time(&self) -> bool {
        self.late_days == Some(0)
    }
}

/// Serializes a quantity as an integer when it is whole (450, not 450.0).
pub fn qty<S: serde::Serializer>(q: &f64, s: S) -> Result<S::Ok, S::Error> {
    if q.fract() == 0.0 && q.abs() < 1e15 {
        s.serialize_i64(*q as i64)
    } else {
        s.serialize_f64(*q)
    }
}

/// What an order asks for, as people say it: "450 × P1 + 20 × P2" and its destination.
pub fn what_and_where<'p>(plant: &'p crate::model::Plant, order: &Order) -> (String, &'p str) {
    let what = order
        .lines
        .iter()
        .map(|l| {
            format!(
                "{} × {}",
                crate::plan::order::fmt_qty(l.qty),
                plant.products[l.product].id
            )
        })
        .collect::<Vec<_>>()
        .join(" + ");
    let dest = order
        .lines
        .first()
        .map_or("", |l| plant.destinations[l.destination].id.as_str());
    (what, dest)
}
