//! Who booked which line-day, and the one-line explanation of a bottleneck built from it
//! ("line L2 is booked from 2026-03-02 until 2026-03-09 by 14 earlier orders").

use super::Plan;
use super::bottleneck::BottleneckKind;
use super::order::{LinePlan, OrderPlan, fmt_qty};
use crate::day::Day;
use crate::model::{LineIx, Order, Plant};
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

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The human explanation of an order's bottleneck. `seq` is the order's planning position
/// (bookings of orders planned after it do not count).
pub fn detail(
    plant: &Plant,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
) -> String {
    if let Some(reason) = &plan.reason {
        return reason.clone();
    }
    let Some(lp) = plan.lines.get(plan.critical_line) else {
        return String::new();
    };
    line_detail(plant, order, lp, bookings, seq)
}

pub fn line_detail(
    plant: &Plant,
    order: &Order,
    lp: &LinePlan,
    bookings: &Bookings,
    seq: u32,
) -> String {
    let product = &plant.products[lp.product];
    let Some(s) = lp.schedule() else {
        return lp.outcome.clone().err().unwrap_or_default();
    };
    let b = &lp.bottleneck;
    match b.kind {
        BottleneckKind::Stock => format!(
            "{} × {} come from finished stock",
            fmt_qty(lp.qty),
            product.id
        ),
        BottleneckKind::Design => format!(
            "special order: design of {} takes {} days, until {}",
            product.id, b.days, s.design_end
        ),
        BottleneckKind::Material => {
            let ready = s.material_ready.unwrap_or(s.design_end);
            let Some(c) = s.materials.iter().find(|c| c.ready == ready) else {
                return format!("materials ready on {ready}");
            };
            let m = &plant.materials[c.material];
            if c.purchase > 0.0 && c.release + m.lead_time_days + m.inspection_days == ready {
                format!(
                    "{} of {} must be bought: ordered {}, ready {} (lead time {} + inspection {} days)",
                    fmt_qty(c.purchase),
                    m.id,
                    c.release,
                    ready,
                    m.lead_time_days,
                    m.inspection_days
                )
            } else {
                let due = c
                    .receipts
                    .last()
                    .map(|&(r, _)| plant.receipts[r].due)
                    .unwrap_or(ready);
                format!(
                    "{} comes with the receipt due {due} (+{} days inspection), ready {ready}",
                    m.id, m.inspection_days
                )
            }
        }
        BottleneckKind::Capacity => {
            let Some(p) = &s.production else {
                return String::new();
            };
            let mut lines: Vec<LineIx> = p.allocs.iter().map(|a| a.line).collect();
            lines.sort_unstable();
            lines.dedup();
            let names = b.id.as_str();
            let made = format!(
                "{} × {} made {}..{} ({} shifts)",
                fmt_qty(lp.qty - lp.from_stock),
                product.id,
                p.start,
                p.end,
                fmt_qty((p.shifts() * 100.0).round() / 100.0)
            );
            if p.just_in_time {
                let due = order
                    .due()
                    .map_or(String::new(), |d| format!(" to arrive by {d}"));
                format!("planned just in time on {names}{due}: {made}")
            } else if p.start > p.earliest {
                // Say "booked from" the first day the lines work, not a weekend or holiday.
                let mut from = p.earliest;
                while from < p.start && lines.iter().all(|&l| plant.shifts(l, from) == 0) {
                    from = from + 1;
                }
                let n = bookings.earlier_orders(&lines, from, p.end, seq);
                format!(
                    "{} {names} {} booked from {} until {} by {}; {made}",
                    if lines.len() == 1 { "line" } else { "lines" },
                    if lines.len() == 1 { "is" } else { "are" },
                    from,
                    p.start - 1,
                    plural(n, "earlier order")
                )
            } else {
                let n = bookings.earlier_orders(&lines, p.start, p.end, seq);
                format!(
                    "{made} on {names}, shared with {}",
                    plural(n, "earlier order")
                )
            }
        }
        BottleneckKind::Transit => {
            let dest = &plant.destinations[s.destination];
            format!(
                "{} to {} takes {} days (ships {}, arrives {})",
                dest.modes[s.mode].name, dest.id, b.days, s.ship, s.delivery
            )
        }
    }
}
