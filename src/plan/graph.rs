//! The dependency graph of one order (petgraph): finished stock, design, each material
//! supply (stock, receipt, purchase), every production step of the line and of its work
//! orders (with the waits after them), inspection, packaging, transit and delivery, with
//! an edge for every "must finish before".
//!
//! Each node carries the days it adds on top of its latest predecessor, so the planned
//! dates are exactly the longest path through the graph. That makes the graph the
//! explanation of a date: the critical path is the chain of binding predecessors, and the
//! order review record's timeline is read off its nodes.

use super::Settings;
use super::inventory::MaterialCover;
use super::order::{LinePlan, OrderPlan, Production, Schedule, fmt_qty, join_lines};
use crate::day::Day;
use crate::model::{Order, Plant};
use petgraph::Direction;
use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Stock,
    Design,
    /// A supply of one material: from stock, a receipt or a new purchase.
    Supply(Source),
    /// A material of the BOM (needed at step `.0` of its item), covered when its last
    /// supply is.
    Material(usize),
    /// Production step `.0` (index into the product's steps) of the node's item.
    Production(usize),
    /// The days waited after step `.0` (outside plating, curing, transfer).
    Wait(usize),
    Inspection,
    Packaging,
    Transit,
    Delivery,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Stock,
    Receipt,
    Purchase,
}

#[derive(Clone, Debug)]
pub struct Node {
    pub step: Step,
    /// Index of the order line (`usize::MAX` for the order's delivery node).
    pub line: usize,
    /// The item of the line's production it belongs to: 0 for the line's own units (and
    /// every node that is not production), else a work order.
    pub item: usize,
    pub label: String,
    /// Days added after the latest predecessor finishes (or after the as-of date).
    pub days: i32,
    /// The planned dates, for display.
    pub start: Day,
    pub end: Day,
}

pub struct OrderGraph {
    pub graph: DiGraph<Node, ()>,
    pub delivery: NodeIndex,
    as_of: Day,
}

/// Builds the graph of a planned order (infeasible lines have no nodes).
pub fn build(plant: &Plant, settings: &Settings, order: &Order, plan: &OrderPlan) -> OrderGraph {
    let a = settings.as_of;
    let mut g = DiGraph::new();
    let end = plan.delivery.unwrap_or(a);
    let delivery = g.add_node(Node {
        step: Step::Delivery,
        line: usize::MAX,
        item: 0,
        label: format!("delivery of order {}", order.id),
        days: 0,
        start: end,
        end,
    });
    for (i, lp) in plan.lines.iter().enumerate() {
        let Some(s) = lp.schedule() else { continue };
        let product = &plant.products[lp.product];
        let mut b = Builder {
            g: &mut g,
            line: i,
            as_of: a,
        };
        let made = match &s.production {
            None => {
                let qty = if lp.from_stock > 0.0 {
                    lp.from_stock
                } else {
                    lp.qty
                };
                b.node(
                    (Step::Stock, 0),
                    format!("{} × {} from finished stock", fmt_qty(qty), product.id),
                    0,
                    (a, a),
                )
            }
            Some(p) => b.production(plant, lp, s, p),
        };
        let pack_start = s.ship - product.packaging_days;
        let pack = b.node(
            (Step::Packaging, 0),
            format!("packaging of {}", product.id),
            product.packaging_days,
            (pack_start, s.ship),
        );
        g.add_edge(made, pack, ());
        let dest = &plant.destinations[s.destination];
        let mode = &dest.modes[s.mode];
        let transit = g.add_node(Node {
            step: Step::Transit,
            line: i,
            item: 0,
            label: format!("{} to {}", mode.name, dest.id),
            days: mode.days,
            start: s.ship,
            end: s.delivery,
        });
        g.add_edge(pack, transit, ());
        g.add_edge(transit, delivery, ());
    }
    OrderGraph {
        graph: g,
        delivery,
        as_of: a,
    }
}

/// Adds the nodes of one order line.
struct Builder<'g> {
    g: &'g mut DiGraph<Node, ()>,
    line: usize,
    as_of: Day,
}

impl Builder<'_> {
    fn node(
        &mut self,
        (step, item): (Step, usize),
        label: String,
        days: i32,
        (start, end): (Day, Day),
    ) -> NodeIndex {
        self.g.add_node(Node {
            step,
            line: self.line,
            item,
            label,
            days,
            start,
            end,
        })
    }

    /// Design, every step of every item (with the waits after them), every material and
    /// its supplies, every work order feeding the step that needs it, and the line's
    /// inspection; returns the inspection node.
    fn production(
        &mut self,
        plant: &Plant,
        lp: &LinePlan,
        s: &Schedule,
        p: &Production,
    ) -> NodeIndex {
        let a = self.as_of;
        let product = &plant.products[lp.product];
        let design = self.node(
            (Step::Design, 0),
            format!("design of {}", product.id),
            s.design_end.since(a),
            (a, s.design_end),
        );
        // steps[item][k]: the step's node; done[item]: the node after its last step.
        let mut steps: Vec<Vec<NodeIndex>> = Vec::with_capacity(p.items.len());
        let mut done: Vec<NodeIndex> = Vec::with_capacity(p.items.len());
        for (w, item) in p.items.iter().enumerate() {
            let made = &plant.products[item.product];
            let qty = if w == 0 {
                lp.qty - lp.from_stock
            } else {
                item.qty
            };
            let mut nodes = Vec::with_capacity(item.steps.len());
            let mut last: Option<NodeIndex> = None;
            for (k, run) in item.steps.iter().enumerate() {
                let on = join_lines(plant, &run.lines(&p.allocs));
                let what = match (w, made.routed()) {
                    (0, false) => "production".to_string(),
                    (0, true) => StepName(&made.steps[k]).to_string(),
                    (_, _) => format!("work order: {}", StepName(&made.steps[k])),
                };
                let n = self.node(
                    (Step::Production(k), w),
                    format!("{what} of {} × {} on {on}", fmt_qty(qty), made.id),
                    run.end.since(run.earliest),
                    (run.start, run.end),
                );
                self.g.add_edge(design, n, ());
                if let Some(prev) = last {
                    self.g.add_edge(prev, n, ());
                }
                nodes.push(n);
                let wait = made.steps[k].wait_days;
                last = Some(if wait > 0 {
                    let after = self.node(
                        (Step::Wait(k), w),
                        format!(
                            "wait after {} of {} ({wait} days)",
                            StepName(&made.steps[k]),
                            made.id
                        ),
                        wait,
                        (run.end, run.end + wait),
                    );
                    self.g.add_edge(n, after, ());
                    after
                } else {
                    n
                });
            }
            steps.push(nodes);
            done.push(last.unwrap_or(design));
        }
        for c in &s.materials {
            let item = &p.items[c.item];
            let k = plant.products[item.product].bom[c.row].step;
            let Some(&prod) = steps[c.item].get(k) else {
                continue;
            };
            self.material(plant, c, (design, prod), k);
        }
        // Work orders: their inspection, then the parent's step.
        for (w, item) in p.items.iter().enumerate().skip(1) {
            let Some(parent) = item.parent else { continue };
            let made = &plant.products[item.product];
            let end = item.steps.last().map_or(a, |r| r.end) + made.last_wait();
            let insp = self.node(
                (Step::Inspection, w),
                format!("inspection of {}", made.id),
                made.inspection_days,
                (end, item.ready),
            );
            self.g.add_edge(done[w], insp, ());
            if let Some(&n) = steps[parent.item].get(parent.step) {
                self.g.add_edge(insp, n, ());
            }
        }
        let end = p.end + product.last_wait();
        let insp = self.node(
            (Step::Inspection, 0),
            format!("inspection of {}", product.id),
            product.inspection_days,
            (end, end + product.inspection_days),
        );
        self.g.add_edge(done[0], insp, ());
        insp
    }

    /// A material (needed by `prod`, step `k` of its item) and its supplies.
    fn material(
        &mut self,
        plant: &Plant,
        c: &MaterialCover,
        (design, prod): (NodeIndex, NodeIndex),
        k: usize,
    ) {
        let a = self.as_of;
        let m = &plant.materials[c.material];
        let item = c.item;
        let mat = self.node(
            (Step::Material(k), item),
            format!("{} ready", m.id),
            0,
            (c.ready, c.ready),
        );
        self.g.add_edge(mat, prod, ());
        if c.from_stock > 0.0 {
            let n = self.node(
                (Step::Supply(Source::Stock), item),
                format!("{} × {} from stock", fmt_qty(c.from_stock), m.id),
                0,
                (a, a),
            );
            self.g.add_edge(n, mat, ());
        }
        for &(r, q) in &c.receipts {
            let ready = (plant.receipts[r].due + m.inspection_days).max(a);
            let n = self.node(
                (Step::Supply(Source::Receipt), item),
                format!(
                    "{} × {} from the receipt due {}",
                    fmt_qty(q),
                    m.id,
                    plant.receipts[r].due
                ),
                ready.since(a),
                (plant.receipts[r].due.max(a), ready),
            );
            self.g.add_edge(n, mat, ());
        }
        if c.purchase > 0.0 {
            let n = self.node(
                (Step::Supply(Source::Purchase), item),
                format!("buy {} × {}", fmt_qty(c.purchase), m.id),
                m.lead_time_days + m.inspection_days,
                (c.release, c.ready),
            );
            self.g.add_edge(design, n, ());
            self.g.add_edge(n, mat, ());
        }
    }
}

/// A step as the timeline names it: its routing name, else "step N".
struct StepName<'a>(&'a crate::model::Step);

impl std::fmt::Display for StepName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.name.is_empty() {
            write!(f, "step {}", self.0.number)
        } else {
            f.write_str(&self.0.name)
        }
    }
}

impl OrderGraph {
    /// Earliest finish of every node: the longest path from the as-of date.
    pub fn finish_days(&self) -> Vec<Day> {
        let mut finish = vec![self.as_of; self.graph.node_count()];
        // The graph is built acyclic; toposort cannot fail.
        let order = toposort(&self.graph, None).unwrap_or_default();
        for v in order {
            let start = self
                .graph
                .neighbors_directed(v, Direction::Incoming)
                .map(|u| finish[u.index()])
                .max()
                .unwrap_or(self.as_of);
            finish[v.index()] = start + self.graph[v].days;
        }
        finish
    }

    /// The longest path's end: equals the planned delivery.
    pub fn longest_path_end(&self) -> Day {
        self.finish_days()[self.delivery.index()]
    }

    /// The chain of binding predecessors from the first step to delivery.
    pub fn critical_path(&self) -> Vec<NodeIndex> {
        let finish = self.finish_days();
        let mut path = vec![self.delivery];
        let mut v = self.delivery;
        loop {
            // Ties: the predecessor added first (lower index) — the earlier line and stage.
            let mut preds: Vec<NodeIndex> = self
                .graph
                .neighbors_directed(v, Direction::Incoming)
                .collect();
            preds.sort_unstable();
            let Some(&u) = preds
                .iter()
                .max_by(|a, b| finish[a.index()].cmp(&finish[b.index()]).then(b.cmp(a)))
            else {
                break;
            };
            path.push(u);
            v = u;
        }
        path.reverse();
        path
    }

    /// Every node of one order line sorted by its planned start (the timeline).
    pub fn timeline(&self, line: usize) -> Vec<&Node> {
        let mut nodes: Vec<&Node> = self
            .graph
            .node_weights()
            .filter(|n| n.line == line)
            .collect();
        nodes.sort_by_key(|n| (n.start, n.end));
        nodes
    }
}
