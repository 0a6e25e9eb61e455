pub use super::calendar::Calendar;
use super::{DestIx, LineIx, MaterialIx, ProductIx, ReceiptIx};
use crate::day::Day;
use chrono::Weekday;
use std::collections::HashMap;

/// A production line. Its shifts on a day come from [`Calendar`].
#[derive(Clone, Debug)]
pub struct Line {
    pub id: String,
    pub shifts_per_day: u8,
    pub work_days: WeekMask,
    /// Chance that a planned shift is productive; used only by the reliability model.
    pub availability: f64,
}

/// A set of weekdays, bit 0 = Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekMask(pub u8);

impl WeekMask {
    pub const MON_FRI: WeekMask = WeekMask(0b0001_1111);
    pub const ALL: WeekMask = WeekMask(0b0111_1111);

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }
}

/// One way a product can be made: on `line`, at `units_per_shift`.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub line: LineIx,
    pub units_per_shift: f64,
}

#[derive(Clone, Copy, Debug)]
pub struct BomItem {
    pub material: MaterialIx,
    pub qty_per_unit: f64,
}

#[derive(Clone, Debug, Default)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub on_hand: f64,
    pub safety_stock: f64,
    pub inspection_days: i32,
    pub packaging_days: i32,
    pub design_days: i32,
    pub min_stock: f64,
    pub max_stock: f64,
    /// Able lines, ascending line index.
    pub routes: Vec<Route>,
    /// Materials per unit, in `bom.csv` order (which breaks bottleneck ties).
    pub bom: Vec<BomItem>,
}

#[derive(Clone, Debug, Default)]
pub struct Material {
    pub id: String,
    pub name: String,
    pub on_hand: f64,
    pub safety_stock: f64,
    pub lead_time_days: i32,
    pub inspection_days: i32,
    pub lead_time_sd_days: f64,
    pub min_stock: f64,
    pub max_stock: f64,
    /// Open receipts of this material in the order they are consumed: due date, then file order.
    pub receipts: Vec<ReceiptIx>,
}

/// An open purchase order already placed.
#[derive(Clone, Debug)]
pub struct Receipt {
    pub material: MaterialIx,
    pub qty: f64,
    pub due: Day,
}

#[derive(Clone, Debug)]
pub struct Mode {
    pub name: String,
    pub days: i32,
    pub cost_per_unit: f64,
    pub days_sd: f64,
}

/// A destination and the ways to ship there.
#[derive(Clone, Debug)]
pub struct Destination {
    pub id: String,
    pub modes: Vec<Mode>,
}

impl Destination {
    /// The cheapest mode (ties: fewer days, then name): the just-in-time target's mode.
    pub fn cheapest(&self) -> usize {
        self.cheapest_where(|_| true)
            .expect("a destination always has at least one mode")
    }

    /// The cheapest mode satisfying `ok` (ties: fewer days, then name).
    pub fn cheapest_where(&self, ok: impl Fn(&Mode) -> bool) -> Option<usize> {
        self.best(ok, |a, b| {
            a.cost_per_unit
                .total_cmp(&b.cost_per_unit)
                .then(a.days.cmp(&b.days))
                .then(a.name.as_bytes().cmp(b.name.as_bytes()))
        })
    }

    /// The fastest mode (ties: cheapest, then name): the fallback when nothing is on time.
    pub fn fastest(&self) -> usize {
        self.best(
            |_| true,
            |a, b| {
                a.days
                    .cmp(&b.days)
                    .then(a.cost_per_unit.total_cmp(&b.cost_per_unit))
                    .then(a.name.as_bytes().cmp(b.name.as_bytes()))
            },
        )
        .expect("a destination always has at least one mode")
    }

    pub fn mode_named(&self, name: &str) -> Option<usize> {
        self.modes.iter().position(|m| m.name == name)
    }

    fn best(
        &self,
        ok: impl Fn(&Mode) -> bool,
        cmp: impl Fn(&Mode, &Mode) -> std::cmp::Ordering,
    ) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, m) in self.modes.iter().enumerate() {
            if !ok(m) {
                continue;
            }
            if best.is_none_or(|b| cmp(m, &self.modes[b]).is_lt()) {
                best = Some(i);
            }
        }
        best
    }
}

/// An outsourcing option (外包) for one product; used by the alternatives of a quote.
#[derive(Clone, Debug)]
pub struct Subcontractor {
    pub id: String,
    pub product: ProductIx,
    pub units_per_day: f64,
    pub lead_days: i32,
    pub inspection_days: i32,
    pub transit_days: i32,
}

/// The static plant model: everything but the orders.
#[derive(Clone, Debug, Default)]
pub struct Plant {
    pub lines: Vec<Line>,
    pub calendar: Calendar,
    pub products: Vec<Product>,
    pub materials: Vec<Material>,
    pub receipts: Vec<Receipt>,
    pub destinations: Vec<Destination>,
    pub subcontractors: Vec<Subcontractor>,
    pub line_index: HashMap<String, LineIx>,
    pub product_index: HashMap<String, ProductIx>,
    pub material_index: HashMap<String, MaterialIx>,
    pub destination_index: HashMap<String, DestIx>,
}

impl Plant {
    pub fn shifts(&self, line: LineIx, day: Day) -> u8 {
        self.calendar.shifts(&self.lines, line, day)
    }

    pub fn product(&self, id: &str) -> Option<ProductIx> {
        self.product_index.get(id).copied()
    }

    pub fn destination(&self, id: &str) -> Option<DestIx> {
        self.destination_index.get(id).copied()
    }

    pub fn line(&self, id: &str) -> Option<LineIx> {
        self.line_index.get(id).copied()
    }

    pub fn material(&self, id: &str) -> Option<MaterialIx> {
        self.material_index.get(id).copied()
    }

    /// Rebuilds the id → index maps and the per-material receipt lists after the vectors
    /// were filled or edited (loading, the generator and change sets all end here).
    pub fn reindex(&mut self) {
        self.line_index = index_of(self.lines.iter().map(|l| &l.id));
        self.product_index = index_of(self.products.iter().map(|p| &p.id));
        self.material_index = index_of(self.materials.iter().map(|m| &m.id));
        self.destination_index = index_of(self.destinations.iter().map(|d| &d.id));
        for m in &mut self.materials {
            m.receipts.clear();
        }
        for (i, r) in self.receipts.iter().enumerate() {
            self.materials[r.material].receipts.push(i);
        }
        let receipts = &self.receipts;
        for m in &mut self.materials {
            // Stable: equal due dates keep file order.
            m.receipts.sort_by_key(|&r| receipts[r].due);
        }
    }
}

fn index_of<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}
