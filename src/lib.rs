//! `promise`: capacity-aware due-date promising for make-to-order plants.
//!
//! The core — [`model`], [`plan`], [`snapshot`], [`explain`] — is pure: it does no I/O. [`load`] turns
//! CSV into the model, [`report`] turns plans into JSON/CSV/text. The I/O layers are
//! [`store`] (the order book in SQLite) and [`serve`] (the HTTP service), and the binary's
//! `cli` knows about files and flags. See ARCHITECTURE.md.

pub mod day;
pub mod explain;
pub mod fit;
pub mod followup;
pub mod generator;
pub mod kpi;
pub mod load;
pub mod model;
pub mod optimize;
pub mod plan;
pub mod reliability;
pub mod report;
pub mod serve;
pub mod snapshot;
pub mod store;

pub use day::Day;
