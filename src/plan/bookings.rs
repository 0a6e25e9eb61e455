//! Who booked which line-day, and the one-line explanation of a bottleneck built from it
//! ("line L2 is booked from 2026-03-02 until 2026-03-09 by 14 earlier orders").

use super::Plan;
use super::bottleneck::BottleneckKind;
use super::order::{LinePlan, OrderPlan, Schedule, fmt_qty};
use crate::day::Day;
use crate::model::{LineIx, Order, Plant};
use std::fmt;
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

/// The facts behind a bottleneck's explanation. [`fmt::Display`] words them in English
/// (the `detail` of every output); the plan report words them in Chinese too.
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    /// Nothing to say (no such line).
    Nothing,
    /// An infeasible order or line: the planner's reason.
    Reason(String),
    Stock {
        qty: f64,
        product: String,
    },
    Design {
        product: String,
        days: i32,
        until: Day,
    },
    /// Materials ready on a day no single material accounts for.
    MaterialsReady(Day),
    Purchase {
        material: String,
        qty: f64,
        ordered: Day,
        ready: Day,
        lead_time: i32,
        inspection: i32,
    },
    Receipt {
        material: String,
        due: Day,
        inspection: i32,
        ready: Day,
    },
    Capacity {
        /// The lines used, ascending, joined by commas.
        lines: String,
        line_count: usize,
        made: Made,
        held: Held,
    },
    Transit {
        mode: String,
        destination: String,
        days: i32,
        ship: Day,
        delivery: Day,
    },
}

/// What the bottleneck production made.
#[derive(Clone, Debug, PartialEq)]
pub struct Made {
    pub qty: f64,
    pub product: String,
    pub start: Day,
    pub end: Day,
    /// Shifts used, rounded to hundredths.
    pub shifts: f64,
}

/// Why production sits where it does.
#[derive(Clone, Debug, PartialEq)]
pub enum Held {
    /// Placed just in time to arrive by the due date.
    JustInTime { due: Option<Day> },
    /// The lines were booked by `earlier` orders from `from` until `until`.
    Booked {
        from: Day,
        until: Day,
        earlier: usize,
    },
    /// Made as soon as possible, sharing the days with `earlier` orders.
    Shared { earlier: usize },
}

impl fmt::Display for Made {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} × {} made {}..{} ({} shifts)",
            fmt_qty(self.qty),
            self.product,
            self.start,
            self.end,
            fmt_qty(self.shifts)
        )
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detail::Nothing => Ok(()),
            Detail::Reason(r) => f.write_str(r),
            Detail::Stock { qty, product } => {
                write!(f, "{} × {product} come from finished stock", fmt_qty(*qty))
            }
            Detail::Design {
                product,
                days,
                until,
            } => write!(
                f,
                "special order: design of {product} takes {days} days, until {until}"
            ),
            Detail::MaterialsReady(ready) => write!(f, "materials ready on {ready}"),
            Detail::Purchase {
                material,
                qty,
                ordered,
                ready,
                lead_time,
                inspection,
            } => write!(
                f,
                "{} of {material} must be bought: ordered {ordered}, ready {ready} (lead time {lead_time} + inspection {inspection} days)",
                fmt_qty(*qty)
            ),
            Detail::Receipt {
                material,
                due,
                inspection,
                ready,
            } => write!(
                f,
                "{material} comes with the receipt due {due} (+{inspection} days inspection), ready {ready}"
            ),
            Detail::Capacity {
                lines,
                line_count,
                made,
                held,
            } => match held {
                Held::JustInTime { due } => {
                    let due = due.map_or(String::new(), |d| format!(" to arrive by {d}"));
                    write!(f, "planned just in time on {lines}{due}: {made}")
                }
                Held::Booked {
                    from,
                    until,
                    earlier,
                } => write!(
                    f,
                    "{} {lines} {} booked from {from} until {until} by {}; {made}",
                    if *line_count == 1 { "line" } else { "lines" },
                    if *line_count == 1 { "is" } else { "are" },
                    plural(*earlier, "earlier order")
                ),
                Held::Shared { earlier } => write!(
                    f,
                    "{made} on {lines}, shared with {}",
                    plural(*earlier, "earlier order")
                ),
            },
            Detail::Transit {
                mode,
                destination,
                days,
                ship,
                delivery,
            } => write!(
                f,
                "{mode} to {destination} takes {days} days (ships {ship}, arrives {delivery})"
            ),
        }
    }
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
    order_facts(plant, order, plan, bookings, seq).to_string()
}

/// The facts of [`detail`].
pub fn order_facts(
    plant: &Plant,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
) -> Detail {
    if let Some(reason) = &plan.reason {
        return Detail::Reason(reason.clone());
    }
    let Some(lp) = plan.lines.get(plan.critical_line) else {
        return Detail::Nothing;
    };
    line_facts(plant, order, lp, bookings, seq)
}

pub fn line_detail(
    plant: &Plant,
    order: &Order,
    lp: &LinePlan,
    bookings: &Bookings,
    seq: u32,
) -> String {
    line_facts(plant, order, lp, bookings, seq).to_string()
}

/// The facts of [`line_detail`]: one order line's bottleneck.
pub fn line_facts(
    plant: &Plant,
    order: &Order,
    lp: &LinePlan,
    bookings: &Bookings,
    seq: u32,
) -> Detail {
    let product = &plant.products[lp.product];
    let Some(s) = lp.schedule() else {
        return Detail::Reason(lp.outcome.clone().err().unwrap_or_default());
    };
    let b = &lp.bottleneck;
    match b.kind {
        BottleneckKind::Stock => Detail::Stock {
            qty: lp.qty,
            product: product.id.clone(),
        },
        BottleneckKind::Design => Detail::Design {
            product: product.id.clone(),
            days: b.days,
            until: s.design_end,
        },
        BottleneckKind::Material => material_facts(plant, s),
        BottleneckKind::Capacity => capacity_facts(plant, order, lp, bookings, seq),
        BottleneckKind::Transit => {
            let dest = &plant.destinations[s.destination];
            Detail::Transit {
                mode: dest.modes[s.mode].name.clone(),
                destination: dest.id.clone(),
                days: b.days,
                ship: s.ship,
                delivery: s.delivery,
            }
        }
    }
}

/// The material ready last: a purchase or a receipt.
fn material_facts(plant: &Plant, s: &Schedule) -> Detail {
    let ready = s.material_ready.unwrap_or(s.design_end);
    let Some(c) = s.materials.iter().find(|c| c.ready == ready) else {
        return Detail::MaterialsReady(ready);
    };
    let m = &plant.materials[c.material];
    if c.purchase > 0.0 && c.release + m.lead_time_days + m.inspection_days == ready {
        Detail::Purchase {
            material: m.id.clone(),
            qty: c.purchase,
            ordered: c.release,
            ready,
            lead_time: m.lead_time_days,
            inspection: m.inspection_days,
        }
    } else {
        let due = c
            .receipts
            .last()
            .map(|&(r, _)| plant.receipts[r].due)
            .unwrap_or(ready);
        Detail::Receipt {
            material: m.id.clone(),
            due,
            inspection: m.inspection_days,
            ready,
        }
    }
}

/// Where production sits, and who holds the lines before it.
fn capacity_facts(
    plant: &Plant,
    order: &Order,
    lp: &LinePlan,
    bookings: &Bookings,
    seq: u32,
) -> Detail {
    let Some(p) = lp.schedule().and_then(|s| s.production.as_ref()) else {
        return Detail::Nothing;
    };
    let mut lines: Vec<LineIx> = p.allocs.iter().map(|a| a.line).collect();
    lines.sort_unstable();
    lines.dedup();
    let made = Made {
        qty: lp.qty - lp.from_stock,
        product: plant.products[lp.product].id.clone(),
        start: p.start,
        end: p.end,
        shifts: (p.shifts() * 100.0).round() / 100.0,
    };
    let held = if p.just_in_time {
        Held::JustInTime { due: order.due() }
    } else if p.start > p.earliest {
        // Say "booked from" the first day the lines work, not a weekend or holiday.
        let mut from = p.earliest;
        while from < p.start && lines.iter().all(|&l| plant.shifts(l, from) == 0) {
            from = from + 1;
        }
        Held::Booked {
            from,
            until: p.start - 1,
            earlier: bookings.earlier_orders(&lines, from, p.end, seq),
        }
    } else {
        Held::Shared {
            earlier: bookings.earlier_orders(&lines, p.start, p.end, seq),
        }
    };
    Detail::Capacity {
        lines: lp.bottleneck.id.clone(),
        line_count: lines.len(),
        made,
        held,
    }
}
