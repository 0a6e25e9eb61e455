//! Replaying a plan under one scenario.
//!
//! The plan's line time is a queue per line: its work packets (one production step's
//! shifts on a line-day) in planned order. A scenario replays every queue day by day with
//! the line's productive shifts. A packet starts no earlier than its planned day, than the
//! realized supplies of its step's materials, and — with routings — than the realized end
//! of the steps it waits for: the step before it (plus its `wait_days`) and the work
//! orders it needs (plus their wait and inspection). Unfinished work waits for the next
//! productive shift, so a breakdown ripples through the queue to later orders, and from a
//! machining line into assembly and into every parent of a component made there.
//!
//! A one-step plant has no such waits between lines, so each line replays on its own;
//! that is what lets a quote replay only its cluster — the lines it uses, and with
//! routings every line the steps queued there wait for — and still get exactly the full
//! replay's result.

use super::run::Run;
use super::sample::{Draws, Skewed, key_of};
use crate::day::Day;
use crate::model::{LineIx, Order, Plant};
use crate::plan::{OrderPlan, Production, Schedule, Settings};
use std::collections::HashMap;

/// A material supply whose date can vary in a scenario.
#[derive(Clone, Copy, Debug)]
enum Supply {
    Receipt {
        receipt: u32,
        material: u32,
        due: Day,
        inspection: i32,
        sd: f64,
    },
    /// A new purchase: one purchase order per material and release day, shared by every
    /// order line it serves (its lead time is drawn once per scenario).
    Purchase { po: u32 },
}

/// A new purchase order: material, release day, lead time law, inspection days.
#[derive(Clone, Copy, Debug)]
struct PurchaseOrder {
    material: u32,
    release: Day,
    lead: Skewed,
    inspection: i32,
}

/// One production step of one item of an order line (one step for a one-step product).
#[derive(Clone, Debug)]
pub(super) struct Op {
    job: u32,
    /// The materials of this step.
    supplies: Vec<Supply>,
    /// The steps that must end first, each with the days after its end it may start:
    /// the previous step (its wait) and the work orders it needs (wait + inspection).
    pub(super) preds: Vec<(u32, i32)>,
    planned_start: Day,
    pub(super) planned_end: Day,
}

/// One order line as the replay sees it.
#[derive(Clone, Debug)]
pub struct Job {
    /// The order's position in the replayed plan.
    pub order: u32,
    pub(crate) order_key: u64,
    pub(crate) row: u32,
    pub(crate) produced: bool,
    pub planned_end: Day,
    /// Wait after the last step + inspection + packaging days after production.
    pub(crate) after: i32,
    pub(crate) ship_from_stock: Day,
    pub destination: u32,
    pub mode: u32,
    pub(crate) transit_days: i32,
    transit: Skewed,
    /// Its steps (the line's own, then its work orders'), and the line's own last one.
    ops: std::ops::Range<u32>,
    last_op: u32,
}

/// One step's shifts on one line-day.
#[derive(Clone, Copy, Debug)]
pub struct Packet {
    pub(super) op: u32,
    pub day: Day,
    pub shifts: f64,
}

/// What one scenario did to one order line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobOutcome {
    pub delivery: Day,
    // `end_line` is the line whose lost shifts made the job latest: where its steps' end
    // ran late, following the step each one waited for back to where the delay began.
    /// Days its steps waited for their materials beyond the planned start (the largest,
    /// over its steps), and the material that set them (`u32::MAX` when none varies).
    pub material_delay: i32,
    pub binding_material: u32,
    pub end: Day,
    pub end_line: u32,
    pub transit: i32,
}

/// The replayable form of a plan: jobs, their steps and per-line queues.
#[derive(Clone, Debug)]
pub struct Replay {
    pub(super) as_of: Day,
    pub jobs: Vec<Job>,
    pub(super) ops: Vec<Op>,
    /// Per line, its packets in queue order (planned day, then planning position).
    pub queues: Vec<Vec<Packet>>,
    /// Per replayed order: its jobs, or `None` when infeasible (never replayed).
    pub orders: Vec<Option<std::ops::Range<u32>>>,
    purchases: Vec<PurchaseOrder>,
    purchase_index: HashMap<(u32, Day), u32>,
    /// Built by [`Replay::seal`]: per op, the steps waiting for it (with their lag) and
    /// its packets (line, position in the queue).
    pub(super) succs: Vec<Vec<(u32, i32)>>,
    pub(super) packets_of: Vec<Vec<(u32, u32)>>,
    /// The lines in groups that wait for each other (a step on one waits for a step on
    /// another), groups in the order they may be replayed one after another: a one-step
    /// plant's lines are each a group of their own.
    pub(super) groups: Vec<Vec<u32>>,
}

impl Replay {
    pub fn new(plant: &Plant, settings: &Settings) -> Replay {
        Replay {
            as_of: settings.as_of,
            jobs: Vec::new(),
            ops: Vec::new(),
            queues: vec![Vec::new(); plant.lines.len()],
            orders: Vec::new(),
            purchases: Vec::new(),
            purchase_index: HashMap::new(),
            succs: Vec::new(),
            packets_of: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// Adds a planned order at the end of the planning sequence.
    pub fn push(&mut self, plant: &Plant, order: &Order, plan: &OrderPlan) {
        let pos = self.orders.len() as u32;
        if !plan.feasible() {
            self.orders.push(None);
            return;
        }
        let first = self.jobs.len() as u32;
        for (row, lp) in plan.lines.iter().enumerate() {
            let Some(s) = lp.schedule() else { continue };
            let product = &plant.products[lp.product];
            let mode = &plant.destinations[s.destination].modes[s.mode];
            let job = self.jobs.len() as u32;
            let ops_start = self.ops.len() as u32;
            let (produced, last_op, end) = match &s.production {
                Some(p) => {
                    let last = self.push_ops(plant, job, s, p);
                    (true, last, p.end)
                }
                None => (false, u32::MAX, self.as_of),
            };
            self.jobs.push(Job {
                order: pos,
                order_key: key_of(&order.id),
                row: row as u32,
                produced,
                planned_end: end,
                after: product.last_wait() + product.inspection_days + product.packaging_days,
                ship_from_stock: self.as_of + product.packaging_days,
                destination: s.destination as u32,
                mode: s.mode as u32,
                transit_days: mode.days,
                transit: Skewed::new(mode.days, mode.days_sd),
                ops: ops_start..self.ops.len() as u32,
                last_op,
            });
        }
        self.orders.push(Some(first..self.jobs.len() as u32));
    }

    /// The steps of every item of a produced line, their materials, what each waits for,
    /// and their packets; returns the line's own last step.
    fn push_ops(&mut self, plant: &Plant, job: u32, s: &Schedule, p: &Production) -> u32 {
        // Op of (item, step) = base[item] + step.
        let mut base = Vec::with_capacity(p.items.len());
        let mut next = self.ops.len() as u32;
        for item in &p.items {
            base.push(next);
            next += item.steps.len() as u32;
        }
        for (w, item) in p.items.iter().enumerate() {
            let made = &plant.products[item.product];
            for (k, run) in item.steps.iter().enumerate() {
                let mut preds = Vec::new();
                if k > 0 {
                    preds.push((base[w] + k as u32 - 1, made.steps[k - 1].wait_days));
                }
                for (c, wo) in p.items.iter().enumerate().skip(1) {
                    if wo.parent.is_some_and(|x| x.item == w && x.step == k) {
                        let cp = &plant.products[wo.product];
                        let last = base[c] + wo.steps.len() as u32 - 1;
                        preds.push((last, cp.last_wait() + cp.inspection_days));
                    }
                }
                let supplies = self.supplies(plant, s, made, (w, k));
                let op = self.ops.len() as u32;
                self.ops.push(Op {
                    job,
                    supplies,
                    preds,
                    planned_start: run.start,
                    planned_end: run.end,
                });
                for a in &p.allocs[run.allocs.clone()] {
                    self.queues[a.line].push(Packet {
                        op,
                        day: a.day,
                        shifts: a.shifts,
                    });
                }
            }
        }
        base[0] + p.items[0].steps.len() as u32 - 1
    }

    /// The supplies of the materials of step `k` of item `w`.
    fn supplies(
        &mut self,
        plant: &Plant,
        s: &Schedule,
        made: &crate::model::Product,
        (w, k): (usize, usize),
    ) -> Vec<Supply> {
        let mut supplies = Vec::new();
        for c in s
            .materials
            .iter()
            .filter(|c| c.item == w && made.bom[c.row].step == k)
        {
            let m = &plant.materials[c.material];
            for &(r, _) in &c.receipts {
                supplies.push(Supply::Receipt {
                    receipt: r as u32,
                    material: c.material as u32,
                    due: plant.receipts[r].due,
                    inspection: m.inspection_days,
                    sd: m.lead_time_sd_days,
                });
            }
            if c.purchase > 0.0 {
                let po = PurchaseOrder {
                    material: c.material as u32,
                    release: c.release,
                    lead: Skewed::new(m.lead_time_days, m.lead_time_sd_days),
                    inspection: m.inspection_days,
                };
                supplies.push(Supply::Purchase {
                    po: self.purchase(po),
                });
            }
        }
        supplies
    }

    fn purchase(&mut self, po: PurchaseOrder) -> u32 {
        let next = self.purchases.len() as u32;
        let id = *self
            .purchase_index
            .entry((po.material, po.release))
            .or_insert(next);
        if id == next {
            self.purchases.push(po);
        }
        id
    }

    /// Puts every queue in queue order (packets of one line-day keep planning order) and
    /// links every step to the steps waiting for it and to its packets.
    pub fn seal(&mut self) {
        let (jobs, ops) = (&self.jobs, &self.ops);
        for q in &mut self.queues {
            q.sort_by_key(|p| (p.day, jobs[ops[p.op as usize].job as usize].order));
        }
        self.succs = vec![Vec::new(); self.ops.len()];
        for (o, op) in self.ops.iter().enumerate() {
            for &(pred, lag) in &op.preds {
                self.succs[pred as usize].push((o as u32, lag));
            }
        }
        self.packets_of = vec![Vec::new(); self.ops.len()];
        for (line, q) in self.queues.iter().enumerate() {
            for (i, p) in q.iter().enumerate() {
                self.packets_of[p.op as usize].push((line as u32, i as u32));
            }
        }
        self.groups = self.line_groups();
    }

    /// The strongly connected groups of the "waits for" graph between lines, in
    /// topological order (a group only waits for groups before it).
    fn line_groups(&self) -> Vec<Vec<u32>> {
        let mut g = petgraph::graph::DiGraph::<(), ()>::new();
        let nodes: Vec<_> = (0..self.queues.len()).map(|_| g.add_node(())).collect();
        let mut edges = Vec::new();
        for (o, op) in self.ops.iter().enumerate() {
            for &(pred, _) in &op.preds {
                for &(from, _) in &self.packets_of[pred as usize] {
                    for &(to, _) in &self.packets_of[o] {
                        edges.push((from, to));
                    }
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        for (from, to) in edges {
            g.add_edge(nodes[from as usize], nodes[to as usize], ());
        }
        // Tarjan gives the groups in reverse topological order.
        let mut groups: Vec<Vec<u32>> = petgraph::algo::tarjan_scc(&g)
            .into_iter()
            .rev()
            .map(|c| {
                let mut v: Vec<u32> = c.into_iter().map(|n| n.index() as u32).collect();
                v.sort_unstable();
                v
            })
            .collect();
        groups.retain(|c| c.iter().any(|&l| !self.queues[l as usize].is_empty()));
        groups
    }

    /// The realized day the supplies of a step are all available, and the material that
    /// set it.
    fn ready(
        &self,
        plant: &Plant,
        draws: &Draws,
        scenario: u32,
        op: &Op,
        leads: &[i32],
    ) -> (Day, u32) {
        let learnt = plant.learnt.as_deref();
        let mut ready = self.as_of;
        let mut binding = u32::MAX;
        for s in &op.supplies {
            let (day, material) = match *s {
                Supply::Receipt {
                    receipt,
                    material,
                    due,
                    inspection,
                    sd,
                } => {
                    let law = learnt.and_then(|l| l.delay.get(material as usize)?.as_deref());
                    let slip = match law {
                        Some(law) => draws.receipt_delay_learnt(scenario, receipt as usize, law),
                        None => draws.receipt_slip(scenario, receipt as usize, sd),
                    };
                    ((due + slip + inspection).max(self.as_of), material)
                }
                Supply::Purchase { po } => {
                    let p = &self.purchases[po as usize];
                    (p.release + leads[po as usize] + p.inspection, p.material)
                }
            };
            if day > ready {
                ready = day;
                binding = material;
            }
        }
        (ready, binding)
    }

    /// Replays every job of the replay under one scenario.
    pub fn run(&self, plant: &Plant, draws: &Draws, scenario: u32) -> Vec<JobOutcome> {
        let learnt = plant.learnt.as_deref();
        let leads: Vec<i32> = self
            .purchases
            .iter()
            .map(|p| {
                let m = p.material as usize;
                match learnt.and_then(|l| l.lead_time.get(m)?.as_deref()) {
                    Some(law) => draws.lead_time_learnt(scenario, m, p.release.0, law),
                    None => draws.lead_time(scenario, m, p.release.0, &p.lead),
                }
            })
            .collect();
        let supplied: Vec<(Day, u32)> = self
            .ops
            .iter()
            .map(|op| self.ready(plant, draws, scenario, op, &leads))
            .collect();
        let mut run = Run::new(self, &supplied);
        run.all(plant, draws, scenario);
        self.jobs
            .iter()
            .map(|job| {
                let law = learnt.and_then(|l| {
                    l.transit
                        .get(job.destination as usize)?
                        .get(job.mode as usize)?
                        .as_deref()
                });
                let transit = match law {
                    Some(law) => {
                        draws.transit_learnt(scenario, job.order_key, job.row as usize, law)
                    }
                    None => draws.transit(scenario, job.order_key, job.row as usize, &job.transit),
                };
                if !job.produced {
                    return JobOutcome {
                        delivery: job.ship_from_stock + transit,
                        material_delay: 0,
                        binding_material: u32::MAX,
                        end: self.as_of,
                        end_line: u32::MAX,
                        transit,
                    };
                }
                // The step that waited longest for its materials.
                let (mut delay, mut binding) = (i32::MIN, u32::MAX);
                for o in job.ops.clone() {
                    let d = supplied[o as usize]
                        .0
                        .since(self.ops[o as usize].planned_start);
                    if d > delay {
                        (delay, binding) = (d, supplied[o as usize].1);
                    }
                }
                // A job only partly in a cluster (its outcome unused) keeps its plan.
                let (end, end_line) = match run.end[job.last_op as usize] {
                    (Day(i32::MIN), _) => (job.planned_end, u32::MAX),
                    (end, _) => (end, run.delaying_line(job.last_op)),
                };
                JobOutcome {
                    delivery: end + job.after + transit,
                    material_delay: delay,
                    binding_material: binding,
                    end,
                    end_line,
                    transit,
                }
            })
            .collect()
    }

    /// The part of the replay a new order on `lines` can interact with: those lines'
    /// queues, every line a step queued there waits for (transitively), and every job
    /// queued on them. Orders pushed onto it afterwards are planned after every order of
    /// the full replay, exactly as if pushed onto the full replay.
    pub fn subset(&self, lines: &[LineIx]) -> Replay {
        let lines = self.closure(lines);
        let mut keep: Vec<u32> = lines
            .iter()
            .flat_map(|&l| self.queues[l].iter().map(|p| self.ops[p.op as usize].job))
            .collect();
        keep.sort_unstable();
        keep.dedup();
        let mut sub = Replay {
            as_of: self.as_of,
            jobs: Vec::with_capacity(keep.len()),
            ops: Vec::new(),
            queues: vec![Vec::new(); self.queues.len()],
            orders: vec![None; self.orders.len()],
            purchases: Vec::new(),
            purchase_index: HashMap::new(),
            succs: Vec::new(),
            packets_of: Vec::new(),
            groups: Vec::new(),
        };
        // Old op → new op, for the jobs kept.
        let mut remap: HashMap<u32, u32> = HashMap::new();
        for &g in &keep {
            let job = &self.jobs[g as usize];
            let j = sub.jobs.len() as u32;
            let first = sub.ops.len() as u32;
            for o in job.ops.clone() {
                remap.insert(o, sub.ops.len() as u32);
                let mut op = self.ops[o as usize].clone();
                op.job = j;
                for s in &mut op.supplies {
                    if let Supply::Purchase { po } = s {
                        *po = sub.purchase(self.purchases[*po as usize]);
                    }
                }
                sub.ops.push(op);
            }
            let last_op = if job.produced {
                first + (job.last_op - job.ops.start)
            } else {
                u32::MAX
            };
            sub.jobs.push(Job {
                ops: first..sub.ops.len() as u32,
                last_op,
                ..job.clone()
            });
        }
        for op in &mut sub.ops {
            for p in &mut op.preds {
                p.0 = remap[&p.0];
            }
        }
        for &l in &lines {
            sub.queues[l] = self.queues[l]
                .iter()
                .map(|p| Packet {
                    op: remap[&p.op],
                    ..*p
                })
                .collect();
        }
        sub
    }

    /// `lines` and every line holding a step that a step queued on them waits for,
    /// transitively: a one-step plant's lines stay as they are.
    fn closure(&self, lines: &[LineIx]) -> Vec<LineIx> {
        let mut on = vec![false; self.queues.len()];
        let mut todo: Vec<LineIx> = Vec::new();
        for &l in lines {
            if !on[l] {
                on[l] = true;
                todo.push(l);
            }
        }
        let mut seen_op = vec![false; self.ops.len()];
        while let Some(l) = todo.pop() {
            for p in &self.queues[l] {
                let mut stack = vec![p.op];
                while let Some(o) = stack.pop() {
                    if std::mem::replace(&mut seen_op[o as usize], true) {
                        continue;
                    }
                    for &(pred, _) in &self.ops[o as usize].preds {
                        stack.push(pred);
                        for &(pl, _) in &self.packets_of[pred as usize] {
                            if !on[pl as usize] {
                                on[pl as usize] = true;
                                todo.push(pl as usize);
                            }
                        }
                    }
                }
            }
        }
        (0..on.len()).filter(|&l| on[l]).collect()
    }

    /// The lines an order plan books.
    pub fn lines_of(plan: &OrderPlan) -> Vec<LineIx> {
        let mut lines: Vec<LineIx> = plan
            .lines
            .iter()
            .filter_map(|l| l.schedule().and_then(|s| s.production.as_ref()))
            .flat_map(|p| p.allocs.iter().map(|a| a.line))
            .collect();
        lines.sort_unstable();
        lines.dedup();
        lines
    }
}
