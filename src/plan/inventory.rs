//! Finished-goods and material netting: stock less safety stock, then open receipts in
//! due-date order, then a new purchase released when design ends.
//!
//! Like line time, the balances are copy-on-write so a quote on a snapshot copies only
//! what it touches. Netting is computed read-only ([`Inventory::cover`]) and booked
//! separately ([`Inventory::book`]), so an infeasible order line takes nothing.

use crate::day::Day;
use crate::model::{EPS, MaterialIx, Need, Plant, Product, ProductIx, ReceiptIx};
use std::sync::Arc;

/// What is still free to allocate.
#[derive(Clone, Debug)]
pub struct Inventory {
    /// Usable finished stock per product (`on_hand − safety_stock` less what earlier lines took).
    product: Arc<Vec<f64>>,
    /// Usable stock per material.
    material: Arc<Vec<f64>>,
    /// Quantity left on each open receipt.
    receipt: Arc<Vec<f64>>,
    /// Materials brought forward (the expedite lever), if any.
    pub expedite: Option<Arc<Expedite>>,
}

/// Materials made ready sooner — shorter purchase lead times, receipts due earlier —
/// without copying the plant: netting against an `Inventory` carrying this is netting
/// against a plant with those changes (what the expedite lever asks), at the cost of a
/// few lookups instead of a clone of every product and material.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expedite {
    /// (material, days off its purchase lead time).
    pub lead_days: Vec<(MaterialIx, i32)>,
    /// (receipt, its new due date).
    pub receipt_due: Vec<(ReceiptIx, Day)>,
}

impl Expedite {
    fn lead_off(&self, m: MaterialIx) -> i32 {
        self.lead_days
            .iter()
            .filter(|&&(x, _)| x == m)
            .map(|&(_, d)| d)
            .sum()
    }

    fn due(&self, plant: &Plant, r: ReceiptIx) -> Day {
        self.receipt_due
            .iter()
            .rev()
            .find(|&&(x, _)| x == r)
            .map_or(plant.receipts[r].due, |&(_, d)| d)
    }
}

/// How one material's need of one order line is covered.
#[derive(Clone, Debug, PartialEq)]
pub struct MaterialCover {
    pub material: MaterialIx,
    pub need: f64,
    pub from_stock: f64,
    /// (receipt, quantity taken from it), in the order consumed.
    pub receipts: Vec<(ReceiptIx, f64)>,
    /// Bought new: released on `release`, available on `ready`.
    pub purchase: f64,
    pub release: Day,
    /// The day the whole need is covered: the latest source used.
    pub ready: Day,
    /// The item (0 = the order line's, then its work orders) and its `bom.csv` row
    /// (index into its product's `bom`) this need is for.
    pub item: usize,
    pub row: usize,
}

/// What one order line has taken so far while it is netted, before anything is booked:
/// a later row of the same line (a material in both a product's and its component's BOM)
/// sees the balance the earlier rows leave, computed with the very operations
/// [`Inventory::book`] and [`Inventory::take_product`] will apply, so the netted plan and
/// the booked balances agree to the last bit.
#[derive(Clone, Debug, Default)]
pub struct Taken {
    material: Vec<(MaterialIx, f64)>,
    receipt: Vec<(ReceiptIx, f64)>,
    product: Vec<(ProductIx, f64)>,
}

impl Taken {
    fn left<K: PartialEq + Copy>(start: f64, takes: &[(K, f64)], k: K) -> f64 {
        takes
            .iter()
            .filter(|(x, _)| *x == k)
            .fold(start, |v, &(_, q)| clamp(v - q))
    }

    fn material_left(&self, inv: &Inventory, m: MaterialIx) -> f64 {
        Taken::left(inv.material[m], &self.material, m)
    }

    fn receipt_left(&self, inv: &Inventory, r: ReceiptIx) -> f64 {
        Taken::left(inv.receipt[r], &self.receipt, r)
    }

    /// Free finished stock of product `p` after this line's takes.
    pub fn product_left(&self, inv: &Inventory, p: ProductIx) -> f64 {
        Taken::left(inv.product[p], &self.product, p)
    }

    /// Records taking `qty` of product `p`'s free stock (a made component from stock).
    pub fn take_product(&mut self, p: ProductIx, qty: f64) {
        if qty > 0.0 {
            self.product.push((p, qty));
        }
    }
}

impl Inventory {
    pub fn new(plant: &Plant) -> Inventory {
        Inventory {
            product: Arc::new(
                plant
                    .products
                    .iter()
                    .map(|p| (p.on_hand - p.safety_stock).max(0.0))
                    .collect(),
            ),
            material: Arc::new(
                plant
                    .materials
                    .iter()
                    .map(|m| (m.on_hand - m.safety_stock).max(0.0))
                    .collect(),
            ),
            receipt: Arc::new(plant.receipts.iter().map(|r| r.qty).collect()),
            expedite: None,
        }
    }

    pub fn product_stock(&self, p: ProductIx) -> f64 {
        self.product[p]
    }

    pub fn material_stock(&self, m: MaterialIx) -> f64 {
        self.material[m]
    }

    pub fn receipt_left(&self, r: ReceiptIx) -> f64 {
        self.receipt[r]
    }

    /// Makes product `p`'s free stock what it is in `from`.
    pub fn copy_product(&mut self, from: &Inventory, p: ProductIx) {
        if self.product[p] != from.product[p] {
            Arc::make_mut(&mut self.product)[p] = from.product[p];
        }
    }

    /// Makes material `m`'s free stock and its receipts' balances what they are in `from`.
    pub fn copy_material(&mut self, from: &Inventory, m: MaterialIx, receipts: &[ReceiptIx]) {
        if self.material[m] != from.material[m] {
            Arc::make_mut(&mut self.material)[m] = from.material[m];
        }
        for &r in receipts {
            if self.receipt[r] != from.receipt[r] {
                Arc::make_mut(&mut self.receipt)[r] = from.receipt[r];
            }
        }
    }

    pub fn take_product(&mut self, p: ProductIx, qty: f64) {
        if qty > 0.0 {
            let v = &mut Arc::make_mut(&mut self.product)[p];
            *v = clamp(*v - qty);
        }
    }

    /// How the materials for `make` units of `product` would be covered, if design ends
    /// on `design_end`. Reads only.
    pub fn cover(
        &self,
        plant: &Plant,
        product: &Product,
        make: f64,
        as_of: Day,
        design_end: Day,
    ) -> Vec<MaterialCover> {
        let mut taken = Taken::default();
        product
            .bom
            .iter()
            .enumerate()
            .filter_map(|(row, item)| match item.need {
                Need::Material(m) => Some(self.cover_material(
                    plant,
                    (m, make * item.qty_per_unit),
                    (0, row),
                    as_of,
                    design_end,
                    &mut taken,
                )),
                Need::Component(_) => None,
            })
            .collect()
    }

    /// How `need` of material `m` (for BOM row `row` of item `item`) would be covered:
    /// free stock, then receipts in due-date order, then a purchase released on
    /// `design_end`. Reads the balances as `taken` leaves them and records its own takes
    /// there, exactly as [`Inventory::book`] will book them.
    pub fn cover_material(
        &self,
        plant: &Plant,
        (material, need): (MaterialIx, f64),
        (item, row): (usize, usize),
        as_of: Day,
        design_end: Day,
        taken: &mut Taken,
    ) -> MaterialCover {
        let m = &plant.materials[material];
        let mut left = need;
        let from_stock = left.min(taken.material_left(self, material));
        left -= from_stock;
        if from_stock > 0.0 {
            taken.material.push((material, from_stock));
        }
        let mut ready = as_of;
        let mut receipts = Vec::new();
        let x = self.expedite.as_deref();
        let due = |r: ReceiptIx| x.map_or(plant.receipts[r].due, |x| x.due(plant, r));
        // Receipts are consumed in due-date order: an expedited one may come first.
        let order: std::borrow::Cow<[ReceiptIx]> = match x {
            Some(x)
                if m.receipts
                    .iter()
                    .any(|r| x.receipt_due.iter().any(|(y, _)| y == r)) =>
            {
                let mut v = m.receipts.clone();
                v.sort_by_key(|&r| due(r));
                v.into()
            }
            _ => m.receipts.as_slice().into(),
        };
        for &r in order.iter() {
            if left <= EPS {
                break;
            }
            let avail = taken.receipt_left(self, r);
            if avail <= EPS {
                continue;
            }
            let t = left.min(avail);
            left -= t;
            receipts.push((r, t));
            taken.receipt.push((r, t));
            ready = ready.max(due(r) + m.inspection_days);
        }
        let purchase = if left > EPS { left } else { 0.0 };
        if purchase > 0.0 {
            let lead = m.lead_time_days - x.map_or(0, |x| x.lead_off(material));
            ready = ready.max(design_end + lead + m.inspection_days);
        }
        MaterialCover {
            material,
            need,
            from_stock,
            receipts,
            purchase,
            release: design_end,
            ready,
            item,
            row,
        }
    }

    pub fn book(&mut self, covers: &[MaterialCover]) {
        for c in covers {
            if c.from_stock > 0.0 {
                let v = &mut Arc::make_mut(&mut self.material)[c.material];
                *v = clamp(*v - c.from_stock);
            }
            for &(r, q) in &c.receipts {
                let v = &mut Arc::make_mut(&mut self.receipt)[r];
                *v = clamp(*v - q);
            }
        }
    }
}

/// Balances never go negative, and a floating-point crumb is nothing.
fn clamp(v: f64) -> f64 {
    if v < EPS { 0.0 } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BomItem, Material, Receipt};

    #[test]
    fn stock_then_receipts_by_due_date_then_a_purchase() {
        let a = Day::parse("2026-03-02").unwrap();
        let mut plant = Plant::default();
        plant.materials.push(Material {
            id: "M1".into(),
            on_hand: 30.0,
            safety_stock: 10.0,
            lead_time_days: 10,
            inspection_days: 1,
            ..Material::default()
        });
        plant.receipts.push(Receipt {
            material: 0,
            qty: 40.0,
            due: a + 5,
        });
        plant.receipts.push(Receipt {
            material: 0,
            qty: 40.0,
            due: a + 2,
        });
        plant.reindex();
        let product = Product {
            id: "P1".into(),
            bom: vec![BomItem {
                need: Need::Material(0),
                qty_per_unit: 2.0,
                step: 0,
            }],
            ..Product::default()
        };
        let mut inv = Inventory::new(&plant);
        // 50 units need 100: 20 from stock, 40 due a+2, 40 due a+5 (ready a+6).
        let c = inv.cover(&plant, &product, 50.0, a, a);
        assert_eq!(
            (c[0].from_stock, c[0].purchase, c[0].ready),
            (20.0, 0.0, a + 6)
        );
        assert_eq!(c[0].receipts, vec![(1, 40.0), (0, 40.0)]);
        inv.book(&c);
        // Everything is taken: the next need is bought, released at design end a+3.
        let c = inv.cover(&plant, &product, 1.0, a, a + 3);
        assert_eq!(
            (c[0].purchase, c[0].release, c[0].ready),
            (2.0, a + 3, a + 14)
        );
        assert_eq!(inv.material_stock(0), 0.0);
    }
}
