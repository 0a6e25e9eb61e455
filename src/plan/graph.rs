//! The dependency graph of one order (petgraph): finished stock, design, each material
//! supply (stock, receipt, purchase), production, inspection, packaging, transit and
//! delivery, with an edge for every "must finish before".
//!
//! Each node carries the days it adds on top of its latest predecessor, so the planned
//! dates are exactly the longest path through the graph. That makes the graph the
//! explanation of a date: the critical path is the chain of binding predecessors, and the
//! order review record's timeline is read off its nodes.

use super::Settings;
use super::order::{OrderPlan, fmt_qty};
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
    /// A material of the BOM, covered when its last supply is.
    Material,
    Production,
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
        label: format!("delivery of order {}", order.id),
        days: 0,
        start: end,
        end,
    });
    for (i, lp) in plan.lines.iter().enumerate() {
        let Some(s) = lp.schedule() else { continue };
        let product = &plant.products[lp.product];
        let node = |g: &mut DiGraph<Node, ()>, step, label: String, days, start, end| {
            g.add_node(Node {
                step,
                line: i,
                label,
                days,
                start,
                end,
            })
        };
        let made = match &s.production {
            None => {
                let qty = if lp.from_stock > 0.0 {
                    lp.from_stock
                } else {
                    lp.qty
                };
                node(
                    &mut g,
                    Step::Stock,
                    format!("{} × {} from finished stock", fmt_qty(qty), product.id),
                    0,
                    a,
                    a,
                )
            }
            Some(p) => {
                let design = node(
                    &mut g,
                    Step::Design,
                    format!("design of {}", product.id),
                    s.design_end.since(a),
                    a,
                    s.design_end,
                );
                let prod = node(
                    &mut g,
                    Step::Production,
                    format!(
                        "production of {} × {} on {}",
                        fmt_qty(lp.qty - lp.from_stock),
                        product.id,
                        p.lines_used(plant)
                    ),
                    p.end.since(p.earliest),
                    p.start,
                    p.end,
                );
                g.add_edge(design, prod, ());
                for c in &s.materials {
                    let m = &plant.materials[c.material];
                    let mat = node(
                        &mut g,
                        Step::Material,
                        format!("{} ready", m.id),
                        0,
                        c.ready,
                        c.ready,
                    );
                    g.add_edge(mat, prod, ());
                    if c.from_stock > 0.0 {
                        let n = node(
                            &mut g,
                            Step::Supply(Source::Stock),
                            format!("{} × {} from stock", fmt_qty(c.from_stock), m.id),
                            0,
                            a,
                            a,
                        );
                        g.add_edge(n, mat, ());
                    }
                    for &(r, q) in &c.receipts {
                        let ready = (plant.receipts[r].due + m.inspection_days).max(a);
                        let n = node(
                            &mut g,
                            Step::Supply(Source::Receipt),
                            format!(
                                "{} × {} from the receipt due {}",
                                fmt_qty(q),
                                m.id,
                                plant.receipts[r].due
                            ),
                            ready.since(a),
                            plant.receipts[r].due.max(a),
                            ready,
                        );
                        g.add_edge(n, mat, ());
                    }
                    if c.purchase > 0.0 {
                        let n = node(
                            &mut g,
                            Step::Supply(Source::Purchase),
                            format!("buy {} × {}", fmt_qty(c.purchase), m.id),
                            m.lead_time_days + m.inspection_days,
                            c.release,
                            c.ready,
                        );
                        g.add_edge(design, n, ());
                        g.add_edge(n, mat, ());
                    }
                }
                let insp = node(
                    &mut g,
                    Step::Inspection,
                    format!("inspection of {}", product.id),
                    product.inspection_days,
                    p.end,
                    p.end + product.inspection_days,
                );
                g.add_edge(prod, insp, ());
                insp
            }
        };
        let pack_start = s.ship - product.packaging_days;
        let pack = node(
            &mut g,
            Step::Packaging,
            format!("packaging of {}", product.id),
            product.packaging_days,
            pack_start,
            s.ship,
        );
        g.add_edge(made, pack, ());
        let dest = &plant.destinations[s.destination];
        let mode = &dest.modes[s.mode];
        let transit = node(
            &mut g,
            Step::Transit,
            format!("{} to {}", mode.name, dest.id),
            mode.days,
            s.ship,
            s.delivery,
        );
        g.add_edge(pack, transit, ());
        g.add_edge(transit, delivery, ());
    }
    OrderGraph {
        graph: g,
        delivery,
        as_of: a,
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
