//! Re-planning a changed sequence without re-planning all of it.
//!
//! A whole plan of plant M takes ~80 ms; a move changes a few positions. The incumbent
//! keeps the [`Resources`] before every `STRIDE`-th position (copy-on-write, so a
//! checkpoint costs only the line trees and balances that change after it). A changed
//! sequence is evaluated from the checkpoint before its first change:
//!
//! 1. positions before the change: their known plans are booked again (no search);
//! 2. the changed positions are planned, and every resource their old or new plans book
//!    becomes *dirty* (its state may differ from the incumbent's at the same position);
//! 3. after them, an order that reads no dirty resource gets exactly its old plan (its
//!    inputs are bit-identical), which is booked again; an order that reads one is
//!    planned, and if its bookings differ, what it books becomes dirty too;
//! 4. at each checkpoint, a dirty resource whose state equals the incumbent's there is
//!    clean again; when none is left, the rest of the plan is the incumbent's.
//!
//! The result is exactly what [`crate::plan::Plan::build_in`] gives for the sequence.

use crate::model::{OrderBook, OrderIx, Plant};
use crate::plan::{OrderPlan, Placement, Resources, Settings, plan_order};

/// Positions between checkpoints.
pub const STRIDE: usize = 128;

/// One resource an order can read or book.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Res {
    Line(usize),
    Product(usize),
    /// A material's stock and its receipts.
    Material(usize),
}

/// What each order reads: the lines able to make its products, its products' stock and
/// its products' materials.
pub fn reads(plant: &Plant, book: &OrderBook) -> Vec<Vec<Res>> {
    book.orders
        .iter()
        .map(|o| {
            let mut v: Vec<Res> = Vec::new();
            for l in &o.lines {
                let p = &plant.products[l.product];
                v.push(Res::Product(l.product));
                v.extend(p.routes.iter().map(|r| Res::Line(r.line)));
                v.extend(p.bom.iter().map(|b| Res::Material(b.material)));
            }
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect()
}

/// What a plan books.
pub fn writes(plan: &OrderPlan, out: &mut Vec<Res>) {
    for lp in &plan.lines {
        let Ok(s) = &lp.outcome else { continue };
        if lp.from_stock > 0.0 {
            out.push(Res::Product(lp.product));
        }
        if let Some(prod) = &s.production {
            out.extend(prod.allocs.iter().map(|a| Res::Line(a.line)));
            out.extend(
                s.materials
                    .iter()
                    .filter(|c| c.from_stock > 0.0 || !c.receipts.is_empty())
                    .map(|c| Res::Material(c.material)),
            );
        }
    }
}

/// The set of dirty resources.
struct Dirty {
    flags: [Vec<bool>; 3],
    list: Vec<Res>,
}

impl Dirty {
    fn new(plant: &Plant) -> Dirty {
        Dirty {
            flags: [
                vec![false; plant.lines.len()],
                vec![false; plant.products.len()],
                vec![false; plant.materials.len()],
            ],
            list: Vec::new(),
        }
    }

    fn slot(&mut self, r: Res) -> &mut bool {
        match r {
            Res::Line(i) => &mut self.flags[0][i],
            Res::Product(i) => &mut self.flags[1][i],
            Res::Material(i) => &mut self.flags[2][i],
        }
    }

    fn has(&self, r: Res) -> bool {
        match r {
            Res::Line(i) => self.flags[0][i],
            Res::Product(i) => self.flags[1][i],
            Res::Material(i) => self.flags[2][i],
        }
    }

    fn mark(&mut self, rs: &[Res]) {
        for &r in rs {
            let f = self.slot(r);
            if !*f {
                *f = true;
                self.list.push(r);
            }
        }
    }

    /// Drops the resources whose state in `now` equals `then`'s.
    fn settle(&mut self, plant: &Plant, now: &Resources, then: &Resources) {
        let mut keep = Vec::with_capacity(self.list.len());
        for r in std::mem::take(&mut self.list) {
            let same = match r {
                Res::Line(l) => now.capacity.same_line(&then.capacity, plant, l),
                Res::Product(p) => {
                    now.inventory.product_stock(p) == then.inventory.product_stock(p)
                }
                Res::Material(m) => {
                    now.inventory.material_stock(m) == then.inventory.material_stock(m)
                        && plant.materials[m].receipts.iter().all(|&x| {
                            now.inventory.receipt_left(x) == then.inventory.receipt_left(x)
                        })
                }
            };
            if same {
                *self.slot(r) = false;
            } else {
                keep.push(r);
            }
        }
        self.list = keep;
    }
}

/// The planning context every evaluation shares.
pub struct Context<'a> {
    pub plant: &'a Plant,
    pub book: &'a OrderBook,
    pub settings: Settings,
    pub reads: Vec<Vec<Res>>,
}

/// A sequence with its plans and checkpoints.
#[derive(Clone)]
pub struct Incumbent {
    pub seq: Vec<(OrderIx, Placement)>,
    pub plans: Vec<OrderPlan>,
    /// Position of each order of the book in `seq` (`usize::MAX` when not planned).
    pub pos_of: Vec<usize>,
    /// `checkpoints[k]`: the resources before position `k × STRIDE`.
    checkpoints: Vec<Resources>,
}

/// The plan of one position after a change.
pub enum Planned {
    /// The order's plan in the incumbent (at this old position) still holds.
    Same(usize),
    New(OrderPlan),
}

/// A change of the sequence and the plans it gives.
pub struct Outcome {
    /// The first position of the change and its new orders.
    pub lo: usize,
    pub segment: Vec<(OrderIx, Placement)>,
    /// (position, plan), ascending: every position of the segment, then the positions
    /// after it whose plans changed.
    pub plans: Vec<(usize, Planned)>,
    /// Where the re-plan met the incumbent again (`seq.len()` if it never did).
    pub converged_at: usize,
}

impl Context<'_> {
    fn plan(&self, res: &mut Resources, (o, placement): (OrderIx, Placement)) -> OrderPlan {
        plan_order(
            self.plant,
            &self.settings,
            res,
            &self.book.orders[o],
            placement,
        )
    }

    /// Plans the whole sequence.
    pub fn incumbent(&self, seq: Vec<(OrderIx, Placement)>) -> Incumbent {
        let mut res = Resources::new(self.plant, self.settings.as_of);
        let mut plans = Vec::with_capacity(seq.len());
        let mut checkpoints = Vec::new();
        let mut pos_of = vec![usize::MAX; self.book.orders.len()];
        for (pos, &x) in seq.iter().enumerate() {
            if pos % STRIDE == 0 {
                checkpoints.push(res.clone());
            }
            pos_of[x.0] = pos;
            plans.push(self.plan(&mut res, x));
        }
        Incumbent {
            seq,
            plans,
            pos_of,
            checkpoints,
        }
    }

    /// The plans after replacing `seq[lo..lo + segment.len()]` by `segment`, a
    /// permutation of it in which only the `movers` changed their place relative to the
    /// others (or their placement): they are re-planned, and what their old and new plans
    /// book is dirty from the start of the segment on.
    pub fn evaluate(
        &self,
        inc: &Incumbent,
        lo: usize,
        segment: Vec<(OrderIx, Placement)>,
        movers: &[OrderIx],
    ) -> Outcome {
        let hi = lo + segment.len();
        let c = lo / STRIDE;
        let mut res = inc.checkpoints[c].clone();
        for p in &inc.plans[c * STRIDE..lo] {
            p.book(self.plant, &mut res);
        }
        let mut dirty = Dirty::new(self.plant);
        let mut touched = Vec::new();
        for &m in movers {
            writes(&inc.plans[inc.pos_of[m]], &mut touched);
        }
        dirty.mark(&touched);
        let mut plans = Vec::new();
        let mut converged_at = inc.seq.len();
        for pos in lo..inc.seq.len() {
            if pos >= hi && pos % STRIDE == 0 {
                dirty.settle(self.plant, &res, &inc.checkpoints[pos / STRIDE]);
                if dirty.list.is_empty() {
                    converged_at = pos;
                    break;
                }
            }
            let x = if pos < hi {
                segment[pos - lo]
            } else {
                inc.seq[pos]
            };
            let old_pos = inc.pos_of[x.0];
            let old = &inc.plans[old_pos];
            let mover = movers.contains(&x.0);
            if !mover && !self.reads[x.0].iter().any(|&r| dirty.has(r)) {
                old.book(self.plant, &mut res);
                if pos < hi {
                    plans.push((pos, Planned::Same(old_pos)));
                }
                continue;
            }
            let p = self.plan(&mut res, x);
            if mover || !p.same_bookings(old) {
                touched.clear();
                writes(old, &mut touched);
                writes(&p, &mut touched);
                dirty.mark(&touched);
            }
            plans.push((pos, Planned::New(p)));
        }
        Outcome {
            lo,
            segment,
            plans,
            converged_at,
        }
    }

    /// Makes an evaluated change the incumbent (and re-takes its checkpoints).
    pub fn accept(&self, inc: &mut Incumbent, out: Outcome) {
        let lo = out.lo;
        let hi = lo + out.segment.len();
        let mut new_plans: Vec<(usize, OrderPlan)> = out
            .plans
            .into_iter()
            .map(|(pos, p)| match p {
                Planned::Same(old) => (pos, inc.plans[old].clone()),
                Planned::New(p) => (pos, p),
            })
            .collect();
        inc.seq[lo..hi].copy_from_slice(&out.segment);
        for (pos, p) in new_plans.drain(..) {
            inc.plans[pos] = p;
        }
        for pos in lo..hi {
            inc.pos_of[inc.seq[pos].0] = pos;
        }
        let c = lo / STRIDE;
        let mut res = inc.checkpoints[c].clone();
        for pos in c * STRIDE..out.converged_at {
            if pos % STRIDE == 0 {
                inc.checkpoints[pos / STRIDE] = res.clone();
            }
            inc.plans[pos].book(self.plant, &mut res);
        }
    }
}
