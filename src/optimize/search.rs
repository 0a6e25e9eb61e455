//! The optimiser for general plants.

use super::{Guard, Options, heuristic_sequence};
use crate::model::{OrderBook, Plant};
use crate::plan::{Plan, Settings};
use std::time::Instant;

pub fn run(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    _guard: &Guard,
    _opts: &Options,
    _deadline: Instant,
) -> (Plan, u64) {
    (
        Plan::build_in(plant, book, settings, heuristic_sequence(book)),
        0,
    )
}
