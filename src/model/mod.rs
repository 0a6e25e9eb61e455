//! The plant and its orders as plain data: no I/O, no planning logic.
//!
//! Everything refers to everything else by index (`LineIx`, `ProductIx`, …) into the
//! vectors of [`Plant`]; string ids are kept only for reporting. Lines are stored sorted
//! by `line_id` (byte order), so "ascending line id" — the order in which SPEC.md takes
//! time from the able lines within a day — is simply ascending index.

mod calendar;
mod history;
mod order;
mod plant;

pub use calendar::Span;
pub use history::{History, LineDay, PastReceipt, PastShipment};

pub use order::{Kind, Order, OrderBook, OrderLine, Status};
pub use plant::{
    BomItem, Calendar, Destination, Line, Material, Mode, Need, Plant, Product, Receipt, Route,
    Step, Subcontractor, WeekMask,
};

pub type LineIx = usize;
pub type ProductIx = usize;
pub type MaterialIx = usize;
pub type ReceiptIx = usize;
pub type DestIx = usize;
pub type ModeIx = usize;
pub type OrderIx = usize;

/// Tolerance of SPEC.md: less than this much of a shift left on a line-day is nothing,
/// and a quantity within this much of a unit is covered.
pub const EPS: f64 = 1e-9;
