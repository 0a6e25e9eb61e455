//! An order line as SPEC.md's tree of *items*: the units to make (item 0), and a *work
//! order* for every made component its own finished stock does not cover, each an item
//! of that product with needs of its own (depth first, in `bom.csv` order).
//!
//! Netting walks the tree once, before anything is placed, and reads the free balances
//! without changing them ([`Taken`] carries what earlier rows of the same line took), so
//! an order line that turns out infeasible takes nothing. Placement
//! ([`super::place`]) then fills in each item's [`StepRun`]s.

use super::inventory::{Inventory, MaterialCover, Taken};
use super::order::fmt_qty;
use super::production::Alloc;
use crate::day::Day;
use crate::model::{EPS, LineIx, Need, Plant, ProductIx};
use std::ops::Range;

/// One production step of an item, as placed.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRun {
    /// `R_k`: the day every need of this step is available (stock on the as-of date,
    /// materials as netted, work orders when ready).
    pub ready: Day,
    /// The first day the step may use line time: `max(D, R_k, E_{k−1} + wait_{k−1})`.
    pub earliest: Day,
    /// First and last day the step uses line time (`E_k` is `end`).
    pub start: Day,
    pub end: Day,
    /// Its line time: a range of [`super::Production::allocs`].
    pub allocs: Range<usize>,
}

impl StepRun {
    /// The lines this step used, ascending.
    pub fn lines(&self, allocs: &[Alloc]) -> Vec<LineIx> {
        let mut lines: Vec<LineIx> = allocs[self.allocs.clone()].iter().map(|a| a.line).collect();
        lines.sort_unstable();
        lines.dedup();
        lines
    }

    /// Shifts this step booked.
    pub fn shifts(&self, allocs: &[Alloc]) -> f64 {
        allocs[self.allocs.clone()].iter().map(|a| a.shifts).sum()
    }
}

/// The item a work order is for, and the step of it that needs the work order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parent {
    pub item: usize,
    pub step: usize,
}

/// An item: the order line's units to make (index 0) or a work order.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub product: ProductIx,
    pub qty: f64,
    /// `None` for the order line's own item.
    pub parent: Option<Parent>,
    /// One run per step of the product, in step order (empty until placed).
    pub steps: Vec<StepRun>,
    /// Last step's end + its `wait_days` + the product's `inspection_days`: when a work
    /// order's units may be used (for item 0, the day packaging may start).
    pub ready: Day,
}

/// How one made component's need of one item is covered: its free finished stock first,
/// the rest by a work order.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentCover {
    pub product: ProductIx,
    pub need: f64,
    pub from_stock: f64,
    /// The work order making the rest (index into the items), if any.
    pub work_order: Option<usize>,
    /// The item and `bom.csv` row (index into its product's `bom`) this need is for.
    pub item: usize,
    pub row: usize,
}

/// An order line's tree, netted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Netted {
    /// Item 0, then the work orders depth first in `bom.csv` order.
    pub items: Vec<Item>,
    /// Every material need of the tree, in netting order.
    pub materials: Vec<MaterialCover>,
    /// Every component need of the tree, in netting order.
    pub components: Vec<ComponentCover>,
}

impl Netted {
    /// Nets `qty` units of `product` to make: its BOM rows in file order, a material as
    /// SPEC.md's step 3, a component from its free stock and then as a work order netted
    /// right away (depth first). `Err` names a component that no line can make.
    pub fn of(
        plant: &Plant,
        inv: &Inventory,
        product: ProductIx,
        qty: f64,
        (as_of, design_end): (Day, Day),
    ) -> Result<Netted, String> {
        let mut net = Netted::default();
        let mut taken = Taken::default();
        net.items.push(Item::new(product, qty, None, as_of));
        net.walk(plant, inv, &mut taken, 0, (as_of, design_end))?;
        Ok(net)
    }

    fn walk(
        &mut self,
        plant: &Plant,
        inv: &Inventory,
        taken: &mut Taken,
        item: usize,
        dates: (Day, Day),
    ) -> Result<(), String> {
        let (product, qty) = (self.items[item].product, self.items[item].qty);
        for (row, b) in plant.products[product].bom.iter().enumerate() {
            let need = qty * b.qty_per_unit;
            match b.need {
                Need::Material(m) => {
                    let c =
                        inv.cover_material(plant, (m, need), (item, row), dates.0, dates.1, taken);
                    self.materials.push(c);
                }
                Need::Component(c) => {
                    let from_stock = need.min(taken.product_left(inv, c));
                    taken.take_product(c, from_stock);
                    let rest = need - from_stock;
                    let work_order = (rest > EPS).then_some(self.items.len());
                    self.components.push(ComponentCover {
                        product: c,
                        need,
                        from_stock,
                        work_order,
                        item,
                        row,
                    });
                    let Some(wo) = work_order else { continue };
                    if plant.products[c].steps.is_empty() {
                        return Err(format!(
                            "no line can make {} (a component of {}) and its finished stock covers only {} of {}",
                            plant.products[c].id,
                            plant.products[product].id,
                            fmt_qty(from_stock),
                            fmt_qty(need)
                        ));
                    }
                    let parent = Parent { item, step: b.step };
                    self.items.push(Item::new(c, rest, Some(parent), dates.0));
                    self.walk(plant, inv, taken, wo, dates)?;
                }
            }
        }
        Ok(())
    }

    /// The work orders of item `item` (for step `step`, or every step), in `bom.csv` order.
    pub fn work_orders(&self, item: usize, step: Option<usize>) -> impl Iterator<Item = usize> {
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, w)| {
                w.parent
                    .is_some_and(|p| p.item == item && step.is_none_or(|s| s == p.step))
            })
            .map(|(i, _)| i)
    }

    /// The day the materials and component stock of step `step` of `item` are available
    /// (work orders left out): the floor of a just-in-time placement.
    pub fn stock_ready(&self, plant: &Plant, item: usize, step: usize, as_of: Day) -> Day {
        let bom = &plant.products[self.items[item].product].bom;
        self.materials
            .iter()
            .filter(|c| c.item == item && bom[c.row].step == step)
            .map(|c| c.ready)
            .fold(as_of, Day::max)
    }

    /// `R_k` of step `step` of `item` once its work orders are placed, and the `bom.csv`
    /// row of the need available last (the first in file order among those; `None` when
    /// the step needs nothing).
    pub fn ready(
        &self,
        plant: &Plant,
        item: usize,
        step: usize,
        as_of: Day,
    ) -> (Day, Option<usize>) {
        let bom = &plant.products[self.items[item].product].bom;
        let mats = self
            .materials
            .iter()
            .filter(|c| c.item == item && bom[c.row].step == step)
            .map(|c| (c.ready, c.row));
        let comps = self
            .components
            .iter()
            .filter(|c| c.item == item && bom[c.row].step == step)
            .map(|c| (c.work_order.map_or(as_of, |w| self.items[w].ready), c.row));
        let mut best: Option<(Day, usize)> = None;
        for (day, row) in mats.chain(comps) {
            if best.is_none_or(|(d, r)| day > d || (day == d && row < r)) {
                best = Some((day, row));
            }
        }
        match best {
            Some((day, row)) => (day.max(as_of), Some(row)),
            None => (as_of, None),
        }
    }
}

impl Item {
    fn new(product: ProductIx, qty: f64, parent: Option<Parent>, as_of: Day) -> Item {
        Item {
            product,
            qty,
            parent,
            steps: Vec::new(),
            ready: as_of,
        }
    }
}
