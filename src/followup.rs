//! Follow-up lists (跟单): per department, what the plan needs done in the next few days —
//! purchases to release, receipts to confirm or chase, production steps to prepare,
//! packaging and shipping to tell, and the orders to follow up — each list ranked so the
//! orders most at risk come first. A pure view of a plan (SPEC.md's *Follow-up lists*).
//! Only committed orders are followed up: a quote is not yet an order, so nothing is
//! bought, made or shipped for it.

use crate::day::Day;
use crate::model::{Order, OrderBook, Plant, Status};
use crate::plan::{LinePlan, Plan, Schedule};
use crate::reliability::Outlook;
use serde::Serialize;
use std::collections::BTreeMap;

/// Days each department looks ahead: a window of `N` covers `A … A+N−1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Windows {
    pub purchasing: i32,
    pub production: i32,
    pub packaging: i32,
    pub shipping: i32,
    pub orders: i32,
}

impl Default for Windows {
    /// SPEC.md's defaults (the seed procedures: purchasing confirms a week ahead,
    /// production prepares 1–2 days ahead, packaging is told 3 days ahead, shipping the
    /// day before, order management follows up 2–3 days before each milestone).
    fn default() -> Windows {
        Windows {
            purchasing: 7,
            production: 2,
            packaging: 3,
            shipping: 1,
            orders: 3,
        }
    }
}

/// How much an order is at risk: late on the plan, or below the confidence asked for.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Standing {
    /// Planned delivery after the due date.
    pub late: bool,
    /// With a service level: the confidence of meeting the due date is below the
    /// threshold (`None` without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_risk: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The main risk's words (`material M1: …`), with a service level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
}

impl Standing {
    /// 0 = at risk, 1 = late, 2 = neither: the ranking's first key.
    fn rank(&self) -> u8 {
        if self.at_risk == Some(true) {
            0
        } else if self.late {
            1
        } else {
            2
        }
    }
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Purchase {
    /// `release` (a new purchase to order), `confirm` (an open receipt due in the window)
    /// or `overdue` (an open receipt due before the as-of date).
    pub kind: &'static str,
    pub material_id: String,
    #[serde(serialize_with = "crate::report::qty")]
    pub qty: f64,
    pub date: Day,
    /// The orders it serves (in planning order).
    pub orders: Vec<String>,
    /// Whether any of those orders is late or at risk.
    pub urgent: bool,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Production {
    pub order_id: String,
    /// The product the step makes (a component for a work order).
    pub product_id: String,
    #[serde(serialize_with = "crate::report::qty")]
    pub qty: f64,
    pub step: u32,
    pub operation: String,
    pub lines: String,
    /// The step's first and last day.
    pub date: Day,
    pub end: Day,
    /// For a work order: the product it is made for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(flatten)]
    pub standing: Standing,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Packaging {
    pub order_id: String,
    pub product_id: String,
    #[serde(serialize_with = "crate::report::qty")]
    pub qty: f64,
    /// Packaging starts (`E + wait + inspection`, or the as-of date from stock).
    pub date: Day,
    pub ship_date: Day,
    #[serde(flatten)]
    pub standing: Standing,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Shipping {
    pub order_id: String,
    pub product_id: String,
    #[serde(serialize_with = "crate::report::qty")]
    pub qty: f64,
    pub date: Day,
    pub mode: String,
    pub destination: String,
    pub delivery: Day,
    #[serde(flatten)]
    pub standing: Standing,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct FollowOrder {
    pub order_id: String,
    pub customer: String,
    /// The first event of the order in the window.
    pub date: Day,
    /// What happens in the window: `release`, `confirm`, `overdue`, `production`,
    /// `packaging`, `shipping`.
    pub events: Vec<&'static str>,
    pub due: Option<Day>,
    pub delivery: Option<Day>,
    pub late_days: Option<i32>,
    #[serde(flatten)]
    pub standing: Standing,
}

/// The lists of every department.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct FollowUp {
    pub as_of: Day,
    pub purchasing: Vec<Purchase>,
    pub production: Vec<Production>,
    pub packaging: Vec<Packaging>,
    pub shipping: Vec<Shipping>,
    pub orders: Vec<FollowOrder>,
}

/// The reliability view the lists rank by: outlooks (indexed like `plan.planned`), the
/// confidence below which an order is at risk, and each order's main risk in words.
pub struct Risks<'a> {
    pub outlooks: &'a [Option<Outlook>],
    pub below: f64,
}

/// The follow-up lists of `plan`, as of its as-of date.
pub fn followup(
    plant: &Plant,
    book: &OrderBook,
    plan: &Plan,
    risks: Option<&Risks>,
    w: Windows,
) -> FollowUp {
    let a = plan.settings.as_of;
    let within = |d: Day, n: i32| a <= d && d < a + n;
    let standing: Vec<Standing> = plan
        .planned
        .iter()
        .enumerate()
        .map(|(seq, p)| standing_of(&book.orders[p.order], p.plan.delivery, risks, seq))
        .collect();
    let mut f = FollowUp {
        as_of: a,
        purchasing: purchasing(plant, book, plan, &standing, w.purchasing),
        production: Vec::new(),
        packaging: Vec::new(),
        shipping: Vec::new(),
        orders: Vec::new(),
    };
    // Per planned order: its events within the orders' window.
    let mut events: BTreeMap<usize, Vec<(Day, &'static str)>> = BTreeMap::new();
    for p in &f.purchasing {
        for id in &p.orders {
            if within(p.date, w.orders) || p.kind == "overdue" {
                let seq = plan
                    .planned
                    .iter()
                    .position(|x| &book.orders[x.order].id == id);
                if let Some(seq) = seq {
                    events.entry(seq).or_default().push((p.date.max(a), p.kind));
                }
            }
        }
    }
    for (seq, p) in plan.planned.iter().enumerate() {
        let order = &book.orders[p.order];
        if order.status != Status::Committed {
            continue;
        }
        for lp in &p.plan.lines {
            let Some(s) = lp.schedule() else { continue };
            let st = &standing[seq];
            let mut event = |d: Day, what| {
                if within(d, w.orders) {
                    events.entry(seq).or_default().push((d, what));
                }
            };
            for x in production(plant, order, lp, s, st) {
                event(x.date, "production");
                if within(x.date, w.production) {
                    f.production.push(x);
                }
            }
            let product = &plant.products[lp.product];
            let pack = s.ship - product.packaging_days;
            event(pack, "packaging");
            event(s.ship, "shipping");
            if within(pack, w.packaging) {
                f.packaging.push(Packaging {
                    order_id: order.id.clone(),
                    product_id: product.id.clone(),
                    qty: lp.qty,
                    date: pack,
                    ship_date: s.ship,
                    standing: st.clone(),
                });
            }
            if within(s.ship, w.shipping) {
                let dest = &plant.destinations[s.destination];
                f.shipping.push(Shipping {
                    order_id: order.id.clone(),
                    product_id: product.id.clone(),
                    qty: lp.qty,
                    date: s.ship,
                    mode: dest.modes[s.mode].name.clone(),
                    destination: dest.id.clone(),
                    delivery: s.delivery,
                    standing: st.clone(),
                });
            }
        }
    }
    for (seq, mut ev) in events {
        let st = &standing[seq];
        if st.rank() == 2 {
            continue;
        }
        let p = &plan.planned[seq];
        let order = &book.orders[p.order];
        ev.sort();
        let mut kinds: Vec<&'static str> = ev.iter().map(|e| e.1).collect();
        kinds.dedup();
        let due = order.due();
        f.orders.push(FollowOrder {
            order_id: order.id.clone(),
            customer: order.customer().to_string(),
            date: ev[0].0,
            events: kinds,
            due,
            delivery: p.plan.delivery,
            late_days: match (p.plan.delivery, due) {
                (Some(d), Some(due)) => Some(d.since(due).max(0)),
                _ => None,
            },
            standing: st.clone(),
        });
    }
    rank(&mut f);
    f
}

/// An order's standing: late on the plan; at risk below the confidence threshold.
fn standing_of(
    order: &Order,
    delivery: Option<Day>,
    risks: Option<&Risks>,
    seq: usize,
) -> Standing {
    let due = order.due();
    let late = match (delivery, due) {
        (None, _) => true,
        (Some(d), Some(due)) => d > due,
        (Some(_), None) => false,
    };
    let outlook = risks.and_then(|r| r.outlooks.get(seq)?.as_ref().map(|o| (r, o)));
    let confidence = outlook.and_then(|(_, o)| due.map(|due| o.distribution.confidence(due)));
    Standing {
        late,
        at_risk: risks.map(|r| confidence.is_some_and(|c| c < r.below)),
        confidence: confidence.map(|c| (c * 1000.0).round() / 1000.0),
        risk: outlook
            .and_then(|(_, o)| o.risk.as_ref())
            .filter(|r| r.kind != crate::reliability::RiskKind::None)
            .map(|r| r.detail.clone()),
    }
}

/// Every step (of the line's own product and of its work orders) of a produced line.
fn production(
    plant: &Plant,
    order: &Order,
    lp: &LinePlan,
    s: &Schedule,
    st: &Standing,
) -> Vec<Production> {
    let Some(p) = &s.production else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (w, item) in p.items.iter().enumerate() {
        let made = &plant.products[item.product];
        for (k, run) in item.steps.iter().enumerate() {
            out.push(Production {
                order_id: order.id.clone(),
                product_id: made.id.clone(),
                qty: if w == 0 {
                    lp.qty - lp.from_stock
                } else {
                    item.qty
                },
                step: made.steps[k].number,
                operation: made.steps[k].name.clone(),
                lines: crate::plan::order::join_lines(plant, &run.lines(&p.allocs)),
                date: run.start,
                end: run.end,
                parent: item
                    .parent
                    .map(|x| plant.products[p.items[x.item].product].id.clone()),
                standing: st.clone(),
            });
        }
    }
    out
}

/// Purchases to release in the window (per material and release day), open receipts due
/// in it (to confirm with the supplier) and open receipts already overdue.
fn purchasing(
    plant: &Plant,
    book: &OrderBook,
    plan: &Plan,
    standing: &[Standing],
    window: i32,
) -> Vec<Purchase> {
    let a = plan.settings.as_of;
    // (release, material) → (qty, orders, urgent); receipt → (orders, urgent).
    let mut buys: BTreeMap<(Day, usize), (f64, Vec<String>, bool)> = BTreeMap::new();
    let mut served: BTreeMap<usize, (Vec<String>, bool)> = BTreeMap::new();
    for (seq, p) in plan.planned.iter().enumerate() {
        if book.orders[p.order].status != Status::Committed {
            continue;
        }
        let id = &book.orders[p.order].id;
        let urgent = standing[seq].rank() < 2;
        for lp in &p.plan.lines {
            let Some(s) = lp.schedule() else { continue };
            for c in &s.materials {
                if c.purchase > 0.0 && a <= c.release && c.release < a + window {
                    let e = buys.entry((c.release, c.material)).or_default();
                    e.0 += c.purchase;
                    push_once(&mut e.1, id);
                    e.2 |= urgent;
                }
                for &(r, _) in &c.receipts {
                    let e = served.entry(r).or_default();
                    push_once(&mut e.0, id);
                    e.1 |= urgent;
                }
            }
        }
    }
    let mut out: Vec<Purchase> = buys
        .into_iter()
        .map(|((date, m), (qty, orders, urgent))| Purchase {
            kind: "release",
            material_id: plant.materials[m].id.clone(),
            qty: (qty * 1e6).round() / 1e6,
            date,
            orders,
            urgent,
        })
        .collect();
    for (r, receipt) in plant.receipts.iter().enumerate() {
        let kind = if receipt.due < a {
            "overdue"
        } else if receipt.due < a + window {
            "confirm"
        } else {
            continue;
        };
        let (orders, urgent) = served.remove(&r).unwrap_or_default();
        out.push(Purchase {
            kind,
            material_id: plant.materials[receipt.material].id.clone(),
            qty: receipt.qty,
            date: receipt.due,
            orders,
            urgent,
        });
    }
    out
}

fn push_once(v: &mut Vec<String>, id: &str) {
    if !v.iter().any(|x| x == id) {
        v.push(id.to_string());
    }
}

/// Most at risk first (at risk, then late, then the rest), then by date, then as listed.
fn rank(f: &mut FollowUp) {
    f.purchasing
        .sort_by_key(|p| (!p.urgent, p.kind != "overdue", p.date));
    f.production.sort_by_key(|x| (x.standing.rank(), x.date));
    f.packaging.sort_by_key(|x| (x.standing.rank(), x.date));
    f.shipping.sort_by_key(|x| (x.standing.rank(), x.date));
    f.orders.sort_by_key(|o| {
        (
            o.standing.rank(),
            o.standing.confidence.map(|c| (c * 1000.0) as i64),
            -o.late_days.unwrap_or(i32::MAX),
            o.date,
        )
    });
}
