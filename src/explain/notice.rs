//! The change notice: two plans — before and after a change set — compared order by
//! order, line by line and purchase by purchase.
//!
//! Orders are matched by id (a change never renames one). `moved` lists the orders
//! planned both before and after whose delivery differs, and only those; lateness is
//! against each plan's own due date, so moving a requested date can make an order late
//! without moving it.

use super::insert::is_late;
use crate::day::Day;
use crate::model::{LineIx, MaterialIx, Order, OrderBook, Plant, ProductIx};
use crate::plan::{OrderPlan, Plan};
use std::collections::{BTreeMap, HashMap};

/// An order planned before and after the change whose delivery differs.
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    pub order: String,
    pub old_delivery: Option<Day>,
    pub new_delivery: Option<Day>,
    /// The due date after the change (promised, else requested).
    pub due: Option<Day>,
    pub late: bool,
    /// Which production steps and work orders moved (products made in several or
    /// named steps, or with made components, only).
    pub steps: Vec<StepMove>,
}

/// One production step whose days changed: of an order line's own product (`work_order`
/// false) or of one of its work orders.
#[derive(Clone, Debug, PartialEq)]
pub struct StepMove {
    /// The order line's product, and the product the step makes.
    pub line_product: ProductIx,
    pub product: ProductIx,
    pub work_order: bool,
    /// Index into the made product's steps.
    pub step: usize,
    /// (first day, last day) before and after; `None` where the step was not planned.
    pub old: Option<(Day, Day)>,
    pub new: Option<(Day, Day)>,
}

impl Moved {
    /// Positive when later; `None` when either side is infeasible.
    pub fn days_moved(&self) -> Option<i32> {
        Some(self.new_delivery?.since(self.old_delivery?))
    }
}

/// Line time booked on one line, before and after. `freed` sums what line-days lost,
/// `consumed` what they gained, so `after − before = consumed − freed`.
#[derive(Clone, Debug, PartialEq)]
pub struct LineTime {
    pub line: LineIx,
    pub before: f64,
    pub after: f64,
    pub freed: f64,
    pub consumed: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PurchaseAction {
    /// A new purchase (material, release date) the plan did not have.
    Add,
    /// A purchase released on another date.
    Move,
    /// The same purchase, another quantity.
    Resize,
    /// A purchase no longer needed.
    Cancel,
}

impl PurchaseAction {
    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseAction::Add => "add",
            PurchaseAction::Move => "move",
            PurchaseAction::Resize => "resize",
            PurchaseAction::Cancel => "cancel",
        }
    }
}

/// A purchase to add, move, resize or cancel: (release date, quantity) before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct PurchaseChange {
    pub material: MaterialIx,
    pub action: PurchaseAction,
    pub old: Option<(Day, f64)>,
    pub new: Option<(Day, f64)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notice {
    /// In the order of the order book after the change.
    pub moved: Vec<Moved>,
    /// Late (or infeasible) after, not before; a new order that is late counts.
    pub newly_late: Vec<String>,
    /// Late (or infeasible) before, on time after.
    pub newly_on_time: Vec<String>,
    /// Planned after, not before (new orders).
    pub added: Vec<String>,
    /// Planned before, not after (cancelled orders).
    pub removed: Vec<String>,
    /// Lines whose booked time changed, by line.
    pub line_time: Vec<LineTime>,
    pub purchases: Vec<PurchaseChange>,
}

/// Quantities and times closer than this are the same (floating-point sums).
const SAME: f64 = 1e-6;

/// Compares the plan of `book_before` with the plan of `book_after`.
pub fn notice(
    plant: &Plant,
    book_before: &OrderBook,
    before: &Plan,
    book_after: &OrderBook,
    after: &Plan,
) -> Notice {
    let old = planned(book_before, before);
    let new = planned(book_after, after);
    let mut n = Notice::default();
    for o in &book_after.orders {
        let Some(np) = new.get(o.id.as_str()) else {
            continue;
        };
        let late_after = is_late(o, np.delivery);
        let Some(op) = old.get(o.id.as_str()) else {
            n.added.push(o.id.clone());
            if late_after {
                n.newly_late.push(o.id.clone());
            }
            continue;
        };
        let late_before = book_before
            .get(&o.id)
            .is_some_and(|ob: &Order| is_late(ob, op.delivery));
        if op.delivery != np.delivery {
            n.moved.push(Moved {
                order: o.id.clone(),
                old_delivery: op.delivery,
                new_delivery: np.delivery,
                due: o.due(),
                late: late_after,
                steps: step_moves(plant, op, np),
            });
        }
        if late_after && !late_before {
            n.newly_late.push(o.id.clone());
        } else if late_before && !late_after {
            n.newly_on_time.push(o.id.clone());
        }
    }
    for o in &book_before.orders {
        if old.contains_key(o.id.as_str()) && !new.contains_key(o.id.as_str()) {
            n.removed.push(o.id.clone());
        }
    }
    n.line_time = line_time(plant, before, after);
    n.purchases = purchases(before, after);
    n
}

/// Per order line, the steps of its own product and of its work orders (matched by
/// product, in tree order) whose days differ; only for routed products.
fn step_moves(plant: &Plant, old: &OrderPlan, new: &OrderPlan) -> Vec<StepMove> {
    let mut out = Vec::new();
    for (a, b) in old.lines.iter().zip(&new.lines) {
        if a.product != b.product || !plant.products[a.product].routed() {
            continue;
        }
        let runs = |lp: &crate::plan::LinePlan| -> Vec<(ProductIx, bool, usize, (Day, Day))> {
            let Some(p) = lp.schedule().and_then(|s| s.production.as_ref()) else {
                return Vec::new();
            };
            p.items
                .iter()
                .enumerate()
                .flat_map(|(w, item)| {
                    item.steps
                        .iter()
                        .enumerate()
                        .map(move |(k, r)| (item.product, w > 0, k, (r.start, r.end)))
                })
                .collect()
        };
        let (was, is) = (runs(a), runs(b));
        let key = |x: &(ProductIx, bool, usize, (Day, Day))| (x.0, x.1, x.2);
        let mut used = vec![false; is.len()];
        for x in &was {
            let found = is
                .iter()
                .enumerate()
                .position(|(i, y)| !used[i] && key(y) == key(x));
            if let Some(i) = found {
                used[i] = true;
            }
            let new = found.map(|i| is[i].3);
            if new != Some(x.3) {
                out.push(StepMove {
                    line_product: a.product,
                    product: x.0,
                    work_order: x.1,
                    step: x.2,
                    old: Some(x.3),
                    new,
                });
            }
        }
        for (_, y) in is.iter().enumerate().filter(|(i, _)| !used[*i]) {
            out.push(StepMove {
                line_product: a.product,
                product: y.0,
                work_order: y.1,
                step: y.2,
                old: None,
                new: Some(y.3),
            });
        }
    }
    out
}

/// The plan of each planned order, by id.
fn planned<'a>(book: &'a OrderBook, plan: &'a Plan) -> HashMap<&'a str, &'a OrderPlan> {
    plan.planned
        .iter()
        .map(|p| (book.orders[p.order].id.as_str(), &p.plan))
        .collect()
}

/// Shifts booked per (line, day).
fn booked(plan: &Plan) -> BTreeMap<(LineIx, Day), f64> {
    let mut m = BTreeMap::new();
    for p in &plan.planned {
        for lp in &p.plan.lines {
            if let Some(prod) = lp.schedule().and_then(|s| s.production.as_ref()) {
                for a in &prod.allocs {
                    *m.entry((a.line, a.day)).or_insert(0.0) += a.shifts;
                }
            }
        }
    }
    m
}

fn line_time(plant: &Plant, before: &Plan, after: &Plan) -> Vec<LineTime> {
    let (b, a) = (booked(before), booked(after));
    let mut per: Vec<LineTime> = (0..plant.lines.len())
        .map(|line| LineTime {
            line,
            before: 0.0,
            after: 0.0,
            freed: 0.0,
            consumed: 0.0,
        })
        .collect();
    let mut keys: Vec<&(LineIx, Day)> = b.keys().chain(a.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    for k in keys {
        let (x, y) = (
            b.get(k).copied().unwrap_or(0.0),
            a.get(k).copied().unwrap_or(0.0),
        );
        let t = &mut per[k.0];
        t.before += x;
        t.after += y;
        if x - y > SAME {
            t.freed += x - y;
        } else if y - x > SAME {
            t.consumed += y - x;
        }
    }
    per.retain(|t| t.freed > SAME || t.consumed > SAME);
    per
}

/// New purchases per (material, release date): quantity.
fn bought(plan: &Plan) -> BTreeMap<(MaterialIx, Day), f64> {
    let mut m = BTreeMap::new();
    for p in &plan.planned {
        for lp in &p.plan.lines {
            let Some(s) = lp.schedule() else { continue };
            for c in s.materials.iter().filter(|c| c.purchase > 0.0) {
                *m.entry((c.material, c.release)).or_insert(0.0) += c.purchase;
            }
        }
    }
    m
}

type Releases = Vec<(Day, f64)>;

/// Per material: the same release date with another quantity is a resize; releases only
/// before and only after are paired in date order as moves; what is left is added or
/// cancelled.
fn purchases(before: &Plan, after: &Plan) -> Vec<PurchaseChange> {
    diff_purchases(&bought(before), &bought(after))
}

fn diff_purchases(
    b: &BTreeMap<(MaterialIx, Day), f64>,
    a: &BTreeMap<(MaterialIx, Day), f64>,
) -> Vec<PurchaseChange> {
    // Per material: (release, qty) only before, and only after.
    let mut per: BTreeMap<MaterialIx, (Releases, Releases)> = BTreeMap::new();
    let mut out = Vec::new();
    for (&(m, day), &q) in b {
        match a.get(&(m, day)) {
            Some(&q2) if (q2 - q).abs() > SAME => out.push(PurchaseChange {
                material: m,
                action: PurchaseAction::Resize,
                old: Some((day, q)),
                new: Some((day, q2)),
            }),
            Some(_) => {}
            None => per.entry(m).or_default().0.push((day, q)),
        }
    }
    for (&(m, day), &q) in a {
        if !b.contains_key(&(m, day)) {
            per.entry(m).or_default().1.push((day, q));
        }
    }
    for (m, (gone, came)) in per {
        let paired = gone.len().min(came.len());
        for (i, &(day, q)) in gone.iter().enumerate() {
            out.push(PurchaseChange {
                material: m,
                action: if i < paired {
                    PurchaseAction::Move
                } else {
                    PurchaseAction::Cancel
                },
                old: Some((day, q)),
                new: came.get(i).copied().filter(|_| i < paired),
            });
        }
        for &c in &came[paired..] {
            out.push(PurchaseChange {
                material: m,
                action: PurchaseAction::Add,
                old: None,
                new: Some(c),
            });
        }
    }
    out.sort_by(|x, y| {
        x.material
            .cmp(&y.material)
            .then(x.action.cmp(&y.action))
            .then(x.old.map(|o| o.0).cmp(&y.old.map(|o| o.0)))
            .then(x.new.map(|o| o.0).cmp(&y.new.map(|o| o.0)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purchases_are_resized_moved_added_and_cancelled() {
        let day = |n: i32| Day(739_000 + n);
        let b = BTreeMap::from([
            ((0, day(0)), 10.0), // resized to 15
            ((1, day(0)), 5.0),  // moved to day 3
            ((2, day(1)), 7.0),  // cancelled
            ((3, day(0)), 1.0),  // unchanged
        ]);
        let a = BTreeMap::from([
            ((0, day(0)), 15.0),
            ((1, day(3)), 5.0),
            ((3, day(0)), 1.0),
            ((4, day(2)), 2.0), // added
        ]);
        let got: Vec<(MaterialIx, PurchaseAction)> = diff_purchases(&b, &a)
            .iter()
            .map(|p| (p.material, p.action))
            .collect();
        assert_eq!(
            got,
            [
                (0, PurchaseAction::Resize),
                (1, PurchaseAction::Move),
                (2, PurchaseAction::Cancel),
                (4, PurchaseAction::Add),
            ]
        );
        let moved = &diff_purchases(&b, &a)[1];
        assert_eq!(
            (moved.old, moved.new),
            (Some((day(0), 5.0)), Some((day(3), 5.0)))
        );
    }
}
