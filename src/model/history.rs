//! What actually happened, as the ERP exported it (SPEC.md "History"): purchase orders
//! received, shipments delivered and the daily shift log of the lines. Plain data that
//! refers to the plant by index; `load::history` builds it, `fit` learns from it.

use super::{DestIx, LineIx, MaterialIx, ModeIx};
use crate::day::Day;

/// A purchase order received (a row of the history's `receipts.csv`).
#[derive(Clone, Debug, PartialEq)]
pub struct PastReceipt {
    pub material: MaterialIx,
    /// The supplier's name ("" when the export does not say).
    pub supplier: String,
    pub qty: f64,
    pub ordered: Day,
    /// The date the supplier promised, when known.
    pub due: Option<Day>,
    pub received: Day,
}

impl PastReceipt {
    /// Lead time in days: `received − ordered` (never negative once loaded).
    pub fn lead_time(&self) -> i32 {
        self.received.since(self.ordered)
    }

    /// Delay against the supplier's promise: `received − due` (negative when early).
    pub fn delay(&self) -> Option<i32> {
        self.due.map(|d| self.received.since(d))
    }
}

/// A shipment delivered (a row of `shipments.csv`).
#[derive(Clone, Debug, PartialEq)]
pub struct PastShipment {
    pub destination: DestIx,
    /// Index of the mode within its destination's modes.
    pub mode: ModeIx,
    pub shipped: Day,
    pub delivered: Day,
}

impl PastShipment {
    /// Transit in days: `delivered − shipped`.
    pub fn transit(&self) -> i32 {
        self.delivered.since(self.shipped)
    }
}

/// One line-day of the shift log (a row of `line_log.csv`).
#[derive(Clone, Debug, PartialEq)]
pub struct LineDay {
    pub line: LineIx,
    pub date: Day,
    pub planned: u32,
    /// At most `planned`.
    pub worked: u32,
    pub reason: String,
}

impl LineDay {
    /// Shifts planned but not worked (breakdowns, absences, power cuts).
    pub fn lost(&self) -> u32 {
        self.planned - self.worked
    }
}

/// The whole history; each part may be empty (each file is optional).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub receipts: Vec<PastReceipt>,
    pub shipments: Vec<PastShipment>,
    pub line_log: Vec<LineDay>,
}
