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

/// One way a product's step can be made: on `line`, at `units_per_shift`.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub line: LineIx,
    pub units_per_shift: f64,
    /// The step (index into [`Product::steps`]) this line can do.
    pub step: usize,
}

/// A production step (工序) of a product: the distinct `step` numbers of its
/// `capacity.csv` rows, ascending. A product made in one step has one `Step` with
/// number 1, no name and no wait: everything then reduces to SPEC.md's one-stage rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    /// The `step` number of the files (10, 20, 30 in many ERPs).
    pub number: u32,
    /// The operation's name from `routing.csv` (金加工, 电镀, 装配 …), "" if none.
    pub name: String,
    /// Calendar days after this step before the next may start (transfer, curing,
    /// outside plating); after the last step, before inspection.
    pub wait_days: i32,
}

/// What a BOM row asks for: a purchased material or a made component (a product).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Need {
    Material(MaterialIx),
    Component(ProductIx),
}

/// One `bom.csv` row: `qty_per_unit` of `need` per unit, at the start of `step`.
#[derive(Clone, Copy, Debug)]
pub struct BomItem {
    pub need: Need,
    pub qty_per_unit: f64,
    /// Index into the product's [`Product::steps`] (0 when it has none).
    pub step: usize,
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
    /// Able lines of every step, ascending by step, then line index.
    pub routes: Vec<Route>,
    /// The production steps, ascending by number; empty when no line can make it.
    pub steps: Vec<Step>,
    /// Materials and components per unit, in `bom.csv` order (which is the order they
    /// are netted in and breaks bottleneck ties).
    pub bom: Vec<BomItem>,
}

impl Product {
    /// The able lines of step `k` (ascending line index).
    pub fn step_routes(&self, k: usize) -> &[Route] {
        let a = self.routes.partition_point(|r| r.step < k);
        let b = self.routes.partition_point(|r| r.step <= k);
        &self.routes[a..b]
    }

    /// The product's own BOM rows needed at the start of step `k`, in file order.
    pub fn step_needs(&self, k: usize) -> impl Iterator<Item = &BomItem> {
        self.bom.iter().filter(move |b| b.step == k)
    }

    /// Days waited after the last step before inspection (0 without steps).
    pub fn last_wait(&self) -> i32 {
        self.steps.last().map_or(0, |s| s.wait_days)
    }

    /// Whether the product has more than SPEC.md's one production stage to plan: several
    /// steps, a named or waiting step, or made components.
    pub fn routed(&self) -> bool {
        self.steps.len() > 1
            || self
                .steps
                .iter()
                .any(|s| !s.name.is_empty() || s.wait_days != 0)
            || self
                .bom
                .iter()
                .any(|b| matches!(b.need, Need::Component(_)))
    }
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
    /// Whether any product is [`Product::routed`] (several steps, a named or waiting step, made
    /// components): the
    /// outputs then carry the per-step and work-order keys (a plant without routings
    /// prints exactly SPEC.md's one-stage outputs).
    pub routed: bool,
    /// Laws learnt from history (`--history`): the reliability model samples these
    /// instead of the plant file's lognormals where present.
    pub learnt: Option<std::sync::Arc<crate::fit::Learnt>>,
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

    /// Product `p` and every product it needs through made components, each once,
    /// breadth first in `bom.csv` order (loading refuses cycles).
    pub fn tree(&self, p: ProductIx) -> Vec<ProductIx> {
        let mut out = vec![p];
        let mut i = 0;
        while i < out.len() {
            for b in &self.products[out[i]].bom {
                if let Need::Component(c) = b.need
                    && !out.contains(&c)
                {
                    out.push(c);
                }
            }
            i += 1;
        }
        out
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
        self.routed = self.products.iter().any(Product::routed);
    }
}

fn index_of<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}
