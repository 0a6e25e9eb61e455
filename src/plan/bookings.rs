//! Who booked which line-day: what a bottleneck's explanation counts ("line L2 is booked
//! from 2026-03-02 until 2026-03-09 by 14 earlier orders").

use super::Plan;
use super::order::OrderPlan;
use crate::day::Day;
use crate::model::{LineIx, Plant};
use std::sync::Arc;

/// Per line, the (day, planning position) of every booking, sorted by day.
///
/// Lines are shared copy-on-write, so booking one more order ([`Bookings::add`]) copies
/// only the lines it uses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bookings {
    per_line: Vec<Arc<Vec<(Day, u32)>>>,
}

impl Bookings {
    pub fn of_plan(plant: &Plant, plan: &Plan) -> Bookings {
        let mut per_line: Vec<Vec<(Day, u32)>> = vec![Vec::new(); plant.lines.len()];
        for (seq, p) in plan.planned.iter().enumerate() {
            for line in &p.plan.lines {
                if let Some(prod) = line.schedule().and_then(|s| s.production.as_ref()) {
                    for a in &prod.allocs {
                        per_line[a.line].push((a.day, seq as u32));
                    }
                }
            }
        }
        for v in &mut per_line {
            v.sort_unstable();
        }
        Bookings {
            per_line: per_line.into_iter().map(Arc::new).collect(),
        }
    }

    /// Adds the production of an order planned at position `seq`, keeping each line
    /// sorted exactly as [`Bookings::of_plan`] would.
    pub fn add(&mut self, plan: &OrderPlan, seq: u32) {
        for line in &plan.lines {
            let Some(prod) = line.schedule().and_then(|s| s.production.as_ref()) else {
                continue;
            };
            for a in &prod.allocs {
                if a.line >= self.per_line.len() {
                    self.per_line.resize_with(a.line + 1, Arc::default);
                }
                let v = Arc::make_mut(&mut self.per_line[a.line]);
                let at = v.partition_point(|&x| x <= (a.day, seq));
                v.insert(at, (a.day, seq));
            }
        }
    }

    /// Distinct orders planned before position `before` with time on `lines` in `from..=to`.
    pub fn earlier_orders(&self, lines: &[LineIx], from: Day, to: Day, before: u32) -> usize {
        let mut seqs: Vec<u32> = Vec::new();
        for &l in lines {
            let v = &self.per_line[l];
            let lo = v.partition_point(|&(d, _)| d < from);
            seqs.extend(
                v[lo..]
                    .iter()
                    .take_while(|&&(d, _)| d <= to)
                    .map(|&(_, s)| s)
                    .filter(|&s| s < before),
            );
        }
        seqs.sort_unstable();
        seqs.dedup();
        seqs.len()
    }
}
