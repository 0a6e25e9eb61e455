//! Re-planning a changed sequence without re-planning all of it.
//!
//! A whole plan of plant M takes ~80 ms; a move changes the place of one or two orders
//! (the *movers*). The incumbent keeps the [`Resources`] before every `stride`-th
//! position (every position on small plants, so a re-plan meets the incumbent again right
//! after the change; every 128th on large ones) (copy-on-write: a checkpoint costs only what changes after it) and, per
//! resource, the positions of the orders that read it and of the plans that book it.
//!
//! - What the movers' old plans book is *dirty* from the change on: its state may differ
//!   from the incumbent's at the same point of the sequence. Everything else is *clean*.
//! - An order that reads no dirty resource gets exactly its old plan: its inputs are
//!   bit-identical. So only the movers and the readers of dirty resources are planned,
//!   in sequence order; if a plan books differently from the old one, what either books
//!   becomes dirty too.
//! - Clean resources are brought up to date lazily, only when an order to be planned
//!   reads them: from the nearest checkpoint, plus the old bookings made on that resource
//!   since (an order's state depends only on what it reads, and resources are separate).
//! - At a checkpoint after the change, a dirty resource equal to the incumbent's there is
//!   clean again; when none is left, the rest of the plan is the incumbent's.
//!
//! The plans are exactly what [`crate::plan::Plan::build_in`] gives for the sequence; the
//! work is proportional to the orders that share resources with the movers, not to the
//! length of the sequence.

use crate::model::{Need, OrderBook, OrderIx, Plant};
use crate::plan::{OrderPlan, Placement, Resources, Settings, plan_order, production};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Positions between checkpoints, at most.
pub const STRIDE: usize = 128;

/// Positions between checkpoints for a sequence of `n` orders: about 16 checkpoints on
/// small plants, so that a re-plan meets the incumbent again a few positions after the
/// change (a checkpoint costs a copy of every line booked after it: more of them cost
/// more than the few orders re-planned), every 128th position on large plants.
pub fn stride_for(n: usize) -> usize {
    (n / 16).clamp(1, STRIDE)
}

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
                // The whole tree: the product, its made components (their stock too),
                // every line of every step and every material.
                for c in plant.tree(l.product) {
                    let p = &plant.products[c];
                    v.push(Res::Product(c));
                    v.extend(p.routes.iter().map(|r| Res::Line(r.line)));
                    v.extend(p.bom.iter().filter_map(|b| match b.need {
                        Need::Material(m) => Some(Res::Material(m)),
                        Need::Component(_) => None,
                    }));
                }
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
                prod.components
                    .iter()
                    .filter(|c| c.from_stock > 0.0)
                    .map(|c| Res::Product(c.product)),
            );
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

    /// Drops (and returns) the resources whose state in `now` equals `then`'s.
    fn settle(&mut self, plant: &Plant, now: &Resources, then: &Resources) -> Vec<Res> {
        let mut keep = Vec::with_capacity(self.list.len());
        let mut clean = Vec::new();
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
                clean.push(r);
            } else {
                keep.push(r);
            }
        }
        self.list = keep;
        clean
    }
}

/// The planning context every evaluation shares.
pub struct Context<'a> {
    pub plant: &'a Plant,
    pub book: &'a OrderBook,
    pub settings: Settings,
    pub reads: Vec<Vec<Res>>,
}

/// Per resource kind (lines, products, materials), per resource: positions, ascending.
pub type Index = [Vec<Vec<usize>>; 3];

/// Where a resource sits in an [`Index`].
pub fn slot(r: Res) -> (usize, usize) {
    match r {
        Res::Line(i) => (0, i),
        Res::Product(i) => (1, i),
        Res::Material(i) => (2, i),
    }
}

/// A sequence with its plans, checkpoints and indexes.
#[derive(Clone)]
pub struct Incumbent {
    pub seq: Vec<(OrderIx, Placement)>,
    pub plans: Vec<OrderPlan>,
    /// Position of each order of the book in `seq` (`usize::MAX` when not planned).
    pub pos_of: Vec<usize>,
    /// Positions of the orders that read each resource.
    pub readers: Index,
    /// Positions of the plans that book each resource.
    pub writers: Index,
    /// `checkpoints[k]`: the resources before position `k × stride`.
    checkpoints: Vec<Resources>,
    stride: usize,
}

/// A change of the sequence and the plans it gives.
pub struct Outcome {
    /// The first position of the change and its new orders.
    pub lo: usize,
    pub segment: Vec<(OrderIx, Placement)>,
    /// (new position, plan) of every order that was planned again, ascending.
    pub plans: Vec<(usize, OrderPlan)>,
    /// Where the re-plan met the incumbent again (`seq.len()` if it never did).
    pub converged_at: usize,
}

/// Books the part of a known plan that falls on resource `r`, in planning's order.
fn book_on(plant: &Plant, plan: &OrderPlan, res: &mut Resources, r: Res) {
    for lp in &plan.lines {
        let Ok(s) = &lp.outcome else { continue };
        match r {
            Res::Product(p) if lp.product == p => res.inventory.take_product(p, lp.from_stock),
            Res::Material(m) if s.production.is_some() => {
                for c in s.materials.iter().filter(|c| c.material == m) {
                    res.inventory.book(std::slice::from_ref(c));
                }
            }
            Res::Line(l) => {
                if let Some(prod) = &s.production {
                    for a in prod.allocs.iter().filter(|a| a.line == l) {
                        production::book(&mut res.capacity, plant, std::slice::from_ref(a));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Lazily updated resources during one evaluation.
struct Lazy<'i> {
    res: Resources,
    /// Per resource: the (old) position up to which its state is current.
    at: [Vec<usize>; 3],
    inc: &'i Incumbent,
}

impl Lazy<'_> {
    /// Brings clean resource `r` to its state before old position `to`.
    fn catch_up(&mut self, plant: &Plant, r: Res, to: usize) {
        let (k, i) = slot(r);
        let from = self.at[k][i];
        if from >= to {
            return;
        }
        let stride = self.inc.stride;
        // The last checkpoint at or before `to` (there is none at the very end).
        let cp = (to / stride).min(self.inc.checkpoints.len().saturating_sub(1)) * stride;
        let mut from = from;
        if cp > from {
            let then = &self.inc.checkpoints[cp / stride];
            match r {
                Res::Line(l) => self.res.capacity.copy_line(&then.capacity, l),
                Res::Product(p) => self.res.inventory.copy_product(&then.inventory, p),
                Res::Material(m) => {
                    let receipts = &plant.materials[m].receipts;
                    self.res
                        .inventory
                        .copy_material(&then.inventory, m, receipts)
                }
            }
            from = cp;
        }
        let w = &self.inc.writers[k][i];
        let a = w.partition_point(|&p| p < from);
        let b = w.partition_point(|&p| p < to);
        for &p in &w[a..b] {
            book_on(plant, &self.inc.plans[p], &mut self.res, r);
        }
        self.at[k][i] = to;
    }
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
        let stride = stride_for(seq.len());
        for (pos, &x) in seq.iter().enumerate() {
            if pos % stride == 0 {
                checkpoints.push(res.clone());
            }
            plans.push(self.plan(&mut res, x));
        }
        let mut inc = Incumbent {
            seq,
            plans,
            pos_of: vec![usize::MAX; self.book.orders.len()],
            readers: self.empty_index(),
            writers: self.empty_index(),
            checkpoints,
            stride,
        };
        self.reindex(&mut inc);
        inc
    }

    fn empty_index(&self) -> Index {
        let p = self.plant;
        [
            vec![Vec::new(); p.lines.len()],
            vec![Vec::new(); p.products.len()],
            vec![Vec::new(); p.materials.len()],
        ]
    }

    fn reindex(&self, inc: &mut Incumbent) {
        for v in inc
            .readers
            .iter_mut()
            .chain(inc.writers.iter_mut())
            .flatten()
        {
            v.clear();
        }
        let mut booked = Vec::new();
        for (pos, &(o, _)) in inc.seq.iter().enumerate() {
            inc.pos_of[o] = pos;
            for &r in &self.reads[o] {
                let (k, i) = slot(r);
                inc.readers[k][i].push(pos);
            }
            booked.clear();
            writes(&inc.plans[pos], &mut booked);
            booked.sort_unstable();
            booked.dedup();
            for &r in &booked {
                let (k, i) = slot(r);
                inc.writers[k][i].push(pos);
            }
        }
    }

    /// The plans after replacing `seq[lo..lo + segment.len()]` by `segment`, a
    /// permutation of it in which only the `movers` changed their place relative to the
    /// others (or their placement); the others all shift by the same number of places.
    pub fn evaluate(
        &self,
        inc: &Incumbent,
        lo: usize,
        segment: Vec<(OrderIx, Placement)>,
        movers: &[OrderIx],
    ) -> Outcome {
        let n = inc.seq.len();
        let hi = lo + segment.len();
        let shift = segment
            .iter()
            .enumerate()
            .find(|(_, x)| !movers.contains(&x.0))
            .map_or(0, |(k, x)| (lo + k) as isize - inc.pos_of[x.0] as isize);
        // New position of a non-mover from its old one.
        let new_pos = |old: usize| {
            if (lo..hi).contains(&old) {
                (old as isize + shift) as usize
            } else {
                old
            }
        };
        // Old position whose state a clean resource must have at new position `pos`.
        let old_of = |pos: usize| -> usize {
            if pos >= hi {
                return pos;
            }
            (pos..hi)
                .map(|q| segment[q - lo].0)
                .find(|o| !movers.contains(o))
                .map_or(hi, |o| inc.pos_of[o])
        };
        let stride = inc.stride;
        let c = lo / stride;
        let mut lazy = Lazy {
            res: inc.checkpoints[c].clone(),
            at: [
                vec![c * stride; self.plant.lines.len()],
                vec![c * stride; self.plant.products.len()],
                vec![c * stride; self.plant.materials.len()],
            ],
            inc,
        };
        let mut dirty = Dirty::new(self.plant);
        let mut heap: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
        for (k, x) in segment.iter().enumerate() {
            if movers.contains(&x.0) {
                heap.push(Reverse(lo + k));
            }
        }
        let mut touched = Vec::new();
        for &m in movers {
            writes(&inc.plans[inc.pos_of[m]], &mut touched);
        }
        let mark = |touched: &[Res],
                    at_old: usize,
                    after: usize,
                    lazy: &mut Lazy,
                    dirty: &mut Dirty,
                    heap: &mut BinaryHeap<Reverse<usize>>| {
            for &r in touched {
                if dirty.has(r) {
                    continue;
                }
                lazy.catch_up(self.plant, r, at_old);
                dirty.mark(&[r]);
                let (k, i) = slot(r);
                for &p in &inc.readers[k][i] {
                    if movers.contains(&inc.seq[p].0) {
                        continue; // planned at its own new place
                    }
                    let q = new_pos(p);
                    if q > after || (after == usize::MAX && q >= lo) {
                        heap.push(Reverse(q));
                    }
                }
            }
        };
        mark(&touched, lo, usize::MAX, &mut lazy, &mut dirty, &mut heap);
        let mut plans = Vec::new();
        let mut converged_at = n;
        let mut settled = hi.div_ceil(stride) * stride;
        let mut last = None;
        while let Some(Reverse(pos)) = heap.pop() {
            if last == Some(pos) {
                continue;
            }
            last = Some(pos);
            while settled <= pos && settled < n {
                for r in dirty.settle(self.plant, &lazy.res, &inc.checkpoints[settled / stride]) {
                    let (k, i) = slot(r);
                    lazy.at[k][i] = settled;
                }
                if dirty.list.is_empty() {
                    converged_at = settled;
                    break;
                }
                settled += stride;
            }
            if converged_at < n {
                break;
            }
            let x = if pos < hi {
                segment[pos - lo]
            } else {
                inc.seq[pos]
            };
            let mover = movers.contains(&x.0);
            if !mover && !self.reads[x.0].iter().any(|&r| dirty.has(r)) {
                continue;
            }
            let at_old = old_of(pos);
            for &r in &self.reads[x.0] {
                if !dirty.has(r) {
                    lazy.catch_up(self.plant, r, at_old);
                }
            }
            let old = &inc.plans[inc.pos_of[x.0]];
            let p = self.plan(&mut lazy.res, x);
            for &r in &self.reads[x.0] {
                if !dirty.has(r) {
                    let (k, i) = slot(r);
                    lazy.at[k][i] = at_old + usize::from(!mover);
                }
            }
            if mover || !p.same_bookings(old) {
                touched.clear();
                writes(old, &mut touched);
                writes(&p, &mut touched);
                // Already booked on `lazy.res`: mark without catching up again.
                for &r in &touched {
                    let (k, i) = slot(r);
                    if !dirty.has(r) && lazy.at[k][i] < at_old {
                        lazy.catch_up(self.plant, r, at_old);
                    }
                }
                mark(&touched, 0, pos, &mut lazy, &mut dirty, &mut heap);
            }
            plans.push((pos, p));
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
        let mut segment_plans: Vec<OrderPlan> = out
            .segment
            .iter()
            .map(|x| inc.plans[inc.pos_of[x.0]].clone())
            .collect();
        let mut later = Vec::new();
        for (pos, p) in out.plans {
            if pos < hi {
                segment_plans[pos - lo] = p;
            } else {
                later.push((pos, p));
            }
        }
        inc.seq[lo..hi].copy_from_slice(&out.segment);
        for (k, p) in segment_plans.into_iter().enumerate() {
            inc.plans[lo + k] = p;
        }
        for (pos, p) in later {
            inc.plans[pos] = p;
        }
        let stride = inc.stride;
        let c = lo / stride;
        let mut res = inc.checkpoints[c].clone();
        for pos in c * stride..out.converged_at {
            if pos % stride == 0 {
                inc.checkpoints[pos / stride] = res.clone();
            }
            inc.plans[pos].book(self.plant, &mut res);
        }
        self.reindex(inc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::Day;
    use crate::generator::{GenParams, generate};
    use crate::load::load_files;
    use crate::plan::Plan;
    use rand::{RngExt, SeedableRng};

    /// Random insertions, swaps and re-timings, each evaluated and accepted: the
    /// incumbent's plans are always those of a whole re-plan of its sequence.
    #[test]
    fn incremental_plans_equal_whole_plans() {
        let a = Day::parse("2026-03-02").unwrap();
        let mut p = GenParams::preset("s", a).unwrap();
        p.orders = 600;
        p.products = 40;
        p.materials = 60;
        p.load = 1.2;
        let files = generate(&p);
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (plant, book) = load_files(&refs).unwrap();
        let ctx = Context {
            plant: &plant,
            book: &book,
            settings: Settings::new(a),
            reads: reads(&plant, &book),
        };
        let mut inc = ctx.incumbent(super::super::heuristic_sequence(&book));
        let n = inc.seq.len();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for step in 0..120 {
            let i = rng.random_range(0..n - 1);
            let reach = rng.random_range(1..400);
            let j = rng.random_range(i + 1..n.min(i + 1 + reach));
            let seq = &inc.seq;
            let (segment, movers) = match step % 4 {
                0 => {
                    let mut s = vec![seq[j]];
                    s.extend_from_slice(&seq[i..j]);
                    (s, vec![seq[j].0])
                }
                1 => {
                    let mut s = seq[i + 1..=j].to_vec();
                    s.push(seq[i]);
                    (s, vec![seq[i].0])
                }
                2 => {
                    let mut s = seq[i..=j].to_vec();
                    s.swap(0, j - i);
                    (s, vec![seq[i].0, seq[j].0])
                }
                _ => {
                    let (o, pl) = seq[i];
                    let flip = if pl == Placement::Asap {
                        Placement::JustInTime
                    } else {
                        Placement::Asap
                    };
                    (vec![(o, flip)], vec![o])
                }
            };
            let out = ctx.evaluate(&inc, i, segment, &movers);
            ctx.accept(&mut inc, out);
            let whole = Plan::build_in(&plant, &book, ctx.settings, inc.seq.iter().copied());
            for (pos, p) in whole.planned.iter().enumerate() {
                assert!(
                    p.plan == inc.plans[pos],
                    "step {step}: position {pos} differs"
                );
            }
        }
    }
}
