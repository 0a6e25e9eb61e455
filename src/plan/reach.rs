//! What planning an order can read: the finished stock of its products and of every made
//! component below them, their able lines at every step, and their materials (with the
//! open receipts of those materials). Nothing else in [`super::Resources`] changes what
//! [`super::plan_order`] decides for it.
//!
//! Rush insertion uses this to re-plan only the committed orders that could move: an
//! order whose reach meets nothing the inserted order (or an order that moved since)
//! could have changed is planned exactly as before, so its kept bookings are replayed
//! instead — the same resources bit for bit, at a fraction of the cost.

use crate::model::{Need, Order, Plant, ProductIx};

/// Lines, products and materials whose free capacity or stock may differ from what they
/// were in a reference plan.
#[derive(Clone, Debug)]
pub struct Touched {
    line: Vec<bool>,
    product: Vec<bool>,
    material: Vec<bool>,
}

impl Touched {
    /// Nothing changed yet.
    pub fn none(plant: &Plant) -> Touched {
        Touched {
            line: vec![false; plant.lines.len()],
            product: vec![false; plant.products.len()],
            material: vec![false; plant.materials.len()],
        }
    }

    /// Marks everything planning `order` may read or book.
    pub fn mark(&mut self, plant: &Plant, order: &Order) {
        for l in &order.lines {
            self.mark_product(plant, l.product);
        }
    }

    /// A product is marked together with its whole tree, so a marked product needs no
    /// second walk.
    fn mark_product(&mut self, plant: &Plant, p: ProductIx) {
        if self.product[p] {
            return;
        }
        self.product[p] = true;
        let product = &plant.products[p];
        for r in &product.routes {
            self.line[r.line] = true;
        }
        for b in &product.bom {
            match b.need {
                Need::Material(m) => self.material[m] = true,
                Need::Component(c) => self.mark_product(plant, c),
            }
        }
    }

    /// Whether planning `order` may read anything marked.
    pub fn reaches(&self, plant: &Plant, order: &Order) -> bool {
        order
            .lines
            .iter()
            .any(|l| self.reaches_product(plant, l.product))
    }

    fn reaches_product(&self, plant: &Plant, p: ProductIx) -> bool {
        let product = &plant.products[p];
        self.product[p]
            || product.routes.iter().any(|r| self.line[r.line])
            || product.bom.iter().any(|b| match b.need {
                Need::Material(m) => self.material[m],
                Need::Component(c) => self.reaches_product(plant, c),
            })
    }
}
