//! What every plan must give each open order line, whatever the sequence: the bounds the
//! lower bound is built from.
//!
//! For one order line, taken alone on an empty plant, SPEC.md's date arithmetic gives
//! dates no plan can beat: production cannot start before design ends and its materials
//! could possibly be there (`release`), cannot end before that plus the production time
//! on every able line at once (`earliest_end`), and the line is late from the day its
//! production is still unfinished past `due_end` (its due date less inspection,
//! packaging and the fastest transit). Each is a bound over *any* state the resources can
//! be in when the line is planned, not the state of one particular plan — see
//! [`material_ready_bound`] for why that needs care.

use crate::day::Day;
use crate::model::{EPS, Kind, Material, Need, OrderBook, OrderIx, Plant, ProductIx};
use crate::plan::Settings;
use crate::plan::order::INFEASIBLE_LATE_DAYS;

/// One open order line and its bounds; days are indices after the as-of date (0 = `A`).
#[derive(Clone, Debug)]
pub struct Demand {
    pub order: OrderIx,
    pub row: usize,
    pub product: ProductIx,
    /// Units still to deliver.
    pub qty: f64,
    pub weight: f64,
    /// Production ending after this day makes the line late (one day per day after).
    pub due_end: i32,
    /// No production for this line before this day.
    pub release: i32,
    /// Production of this line cannot end before this day.
    pub earliest_end: i32,
    /// Finished stock could cover the whole line (then it needs no production).
    pub stockable: bool,
}

/// Every open order line: either a demand on production, or a cost that is the same in
/// every plan (lines with nothing left to make, lines no line can make).
pub struct Demands {
    pub lines: Vec<Demand>,
    /// Σ weight × late days that every plan has on the lines that are not in `lines`.
    pub fixed_cost: f64,
}

/// Free shifts per line per day of an empty plant, as prefix sums over days `0..days`.
pub struct Shifts {
    /// `cum[l][t]`: shifts of line `l` over days `0..t`.
    pub cum: Vec<Vec<f64>>,
}

impl Shifts {
    pub fn new(plant: &Plant, as_of: Day, days: usize) -> Shifts {
        let cum = (0..plant.lines.len())
            .map(|l| {
                let mut v = Vec::with_capacity(days + 1);
                let mut s = 0.0;
                v.push(0.0);
                for t in 0..days {
                    s += f64::from(plant.shifts(l, as_of + t as i32));
                    v.push(s);
                }
                v
            })
            .collect();
        Shifts { cum }
    }

    pub fn days(&self) -> usize {
        self.cum.first().map_or(0, |v| v.len() - 1)
    }

    /// Shifts of line `l` over days `a..b` (clipped to the covered days).
    pub fn between(&self, l: usize, a: usize, b: usize) -> f64 {
        let n = self.days();
        let (a, b) = (a.min(n), b.min(n));
        if a >= b {
            0.0
        } else {
            self.cum[l][b] - self.cum[l][a]
        }
    }
}

/// The bound on a material's ready day, for a need of `need`, that holds in every state
/// of the balances. It is not the ready day on full balances: with less stock a receipt
/// due late may be skipped for a faster purchase. What always holds is that the need is
/// covered only by day `t` if stock plus the receipts available by `t` cover it, or the
/// purchase is available by `t`.
pub fn material_ready_bound(
    plant: &Plant,
    m: &Material,
    need: f64,
    as_of: Day,
    design_end: Day,
) -> Day {
    let stock = (m.on_hand - m.safety_stock).max(0.0);
    if need <= stock + EPS {
        return as_of;
    }
    let purchase = design_end + m.lead_time_days + m.inspection_days;
    let mut covered = stock;
    for &r in &m.receipts {
        let ready = (plant.receipts[r].due + m.inspection_days).max(as_of);
        if ready >= purchase {
            break;
        }
        covered += plant.receipts[r].qty;
        if covered >= need - EPS {
            return ready;
        }
    }
    purchase
}

/// The bounds of every open order line of the book.
pub fn demands(plant: &Plant, book: &OrderBook, settings: &Settings, shifts: &Shifts) -> Demands {
    let a = settings.as_of;
    let mut out = Demands {
        lines: Vec::new(),
        fixed_cost: 0.0,
    };
    for (o, order) in book.orders.iter().enumerate() {
        if !order.status.is_open() {
            continue;
        }
        for (row, line) in order.lines.iter().enumerate() {
            let Some(due) = line.due() else { continue };
            let product = &plant.products[line.product];
            let dest = &plant.destinations[line.destination];
            let transit = line.mode.map_or_else(
                || dest.modes.iter().map(|m| m.days).min().unwrap_or(0),
                |m| dest.modes[m].days,
            );
            let q = line.open_qty();
            let stock = (product.on_hand - product.safety_stock).max(0.0);
            // Served from stock: ship on A + packaging.
            let from_stock_late =
                f64::from((a + product.packaging_days + transit).since(due).max(0));
            if q <= EPS {
                out.fixed_cost += line.weight * from_stock_late;
                continue;
            }
            let stockable = stock >= q - EPS;
            if product.steps.is_empty() {
                let late = if stockable {
                    from_stock_late
                } else {
                    INFEASIBLE_LATE_DAYS
                };
                out.fixed_cost += line.weight * late.min(INFEASIBLE_LATE_DAYS);
                continue;
            }
            let lag = product.packaging_days
                + transit
                + if stockable {
                    0
                } else {
                    product.inspection_days + product.last_wait()
                };
            let due_end = (due - lag).since(a);
            let make = (q - stock).max(0.0);
            let design_end = a + if line.kind == Kind::Special {
                product.design_days
            } else {
                0
            };
            let (release, earliest_end) = if make <= EPS {
                (0, 0)
            } else {
                // A bound on the last step alone: its materials, its lines. Earlier steps
                // and work orders only make the true dates later.
                let last = product.steps.len() - 1;
                let ready = product
                    .step_needs(last)
                    .filter_map(|b| match b.need {
                        Need::Material(m) => Some(material_ready_bound(
                            plant,
                            &plant.materials[m],
                            make * b.qty_per_unit,
                            a,
                            design_end,
                        )),
                        Need::Component(_) => None,
                    })
                    .max()
                    .unwrap_or(a);
                let release = design_end.max(ready).since(a).max(0);
                (release, earliest_end(product, shifts, release, make))
            };
            out.lines.push(Demand {
                order: o,
                row,
                product: line.product,
                qty: q,
                weight: line.weight,
                due_end,
                release,
                earliest_end,
                stockable,
            });
        }
    }
    out
}

/// The first day by which every able line working from `release` makes `make` units
/// (`shifts.days()` when not within the covered days).
fn earliest_end(product: &crate::model::Product, shifts: &Shifts, release: i32, make: f64) -> i32 {
    let r = release.max(0) as usize;
    let units = |end: usize| -> f64 {
        product
            .step_routes(product.steps.len() - 1)
            .iter()
            .map(|x| shifts.between(x.line, r, end + 1) * x.units_per_shift)
            .sum()
    };
    let n = shifts.days();
    if r >= n || units(n - 1) < make - EPS {
        return n.max(r) as i32;
    }
    let (mut lo, mut hi) = (r, n - 1);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if units(mid) >= make - EPS {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo as i32
}
