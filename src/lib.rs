//! `promise`: capacity-aware due-date promising for make-to-order plants.
//!
//! The core — [`model`], [`plan`], [`snapshot`], [`explain`] — is pure: it does no I/O. [`load`] turns
//! CSV into the model, [`report`] turns plans into JSON/CSV/text, and the binary's `cli`
//! is the only place that knows about files and flags. See ARCHITECTURE.md.

pub mod day;
pub mod explain;
pub mod generator;
pub mod load;
pub mod model;
pub mod optimize;
pub mod plan;
pub mod reliability;
pub mod report;
pub mod snapshot;

pub use day::Day;
