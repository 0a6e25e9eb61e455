//! Replaying a plan under one scenario.
//!
//! The plan's line time is a queue per line: its work packets (an order line's shifts on a
//! line-day) in planned order. A scenario replays each queue day by day with the line's
//! productive shifts; a packet starts no earlier than its planned day and its order line's
//! realized material-ready date, and unfinished work waits for the next productive shift,
//! so a breakdown ripples through the queue to later orders. Lines are independent of
//! each other, which is what lets a quote replay only the lines it uses (its cluster) and
//! still get exactly the full replay's result.

use super::sample::{Draws, Skewed, key_of};
use crate::day::Day;
use crate::model::{EPS, LineIx, Order, Plant};
use crate::plan::{OrderPlan, Settings};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

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

/// One order line as the replay sees it.
#[derive(Clone, Debug)]
pub struct Job {
    /// The order's position in the replayed plan.
    pub order: u32,
    pub(crate) order_key: u64,
    pub(crate) row: u32,
    supplies: Vec<Supply>,
    pub(crate) produced: bool,
    pub(crate) planned_start: Day,
    pub planned_end: Day,
    /// Inspection + packaging days after production (or the ship day when from stock).
    pub(crate) after: i32,
    pub(crate) ship_from_stock: Day,
    pub destination: u32,
    pub mode: u32,
    pub(crate) transit_days: i32,
    transit: Skewed,
}

/// An order line's shifts on one line-day.
#[derive(Clone, Copy, Debug)]
pub struct Packet {
    pub job: u32,
    pub day: Day,
    pub shifts: f64,
}

/// What one scenario did to one order line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobOutcome {
    pub delivery: Day,
    pub ready: Day,
    /// The material whose supply came last (`u32::MAX` when none varies).
    pub binding_material: u32,
    pub end: Day,
    pub end_line: u32,
    pub transit: i32,
}

/// The replayable form of a plan: jobs and per-line queues.
#[derive(Clone, Debug)]
pub struct Replay {
    as_of: Day,
    pub jobs: Vec<Job>,
    /// Per line, its packets in queue order (planned day, then planning position).
    pub queues: Vec<Vec<Packet>>,
    /// Per replayed order: its jobs, or `None` when infeasible (never replayed).
    pub orders: Vec<Option<std::ops::Range<u32>>>,
    purchases: Vec<PurchaseOrder>,
    purchase_index: HashMap<(u32, Day), u32>,
}

impl Replay {
    pub fn new(plant: &Plant, settings: &Settings) -> Replay {
        Replay {
            as_of: settings.as_of,
            jobs: Vec::new(),
            queues: vec![Vec::new(); plant.lines.len()],
            orders: Vec::new(),
            purchases: Vec::new(),
            purchase_index: HashMap::new(),
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
            let mut supplies = Vec::new();
            for c in &s.materials {
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
            let job = self.jobs.len() as u32;
            let (produced, start, end) = match &s.production {
                Some(p) => {
                    for a in &p.allocs {
                        self.queues[a.line].push(Packet {
                            job,
                            day: a.day,
                            shifts: a.shifts,
                        });
                    }
                    (true, p.start, p.end)
                }
                None => (false, self.as_of, self.as_of),
            };
            self.jobs.push(Job {
                order: pos,
                order_key: key_of(&order.id),
                row: row as u32,
                supplies,
                produced,
                planned_start: start,
                planned_end: end,
                after: product.inspection_days + product.packaging_days,
                ship_from_stock: self.as_of + product.packaging_days,
                destination: s.destination as u32,
                mode: s.mode as u32,
                transit_days: mode.days,
                transit: Skewed::new(mode.days, mode.days_sd),
            });
        }
        self.orders.push(Some(first..self.jobs.len() as u32));
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

    /// Puts every queue in queue order. Packets of one line-day keep planning order.
    pub fn seal(&mut self) {
        let jobs = &self.jobs;
        for q in &mut self.queues {
            q.sort_by_key(|p| (p.day, jobs[p.job as usize].order));
        }
    }

    /// The realized material-ready date of a job, and the material that set it.
    fn ready(&self, draws: &Draws, scenario: u32, job: &Job, leads: &[i32]) -> (Day, u32) {
        let mut ready = self.as_of;
        let mut binding = u32::MAX;
        for s in &job.supplies {
            let (day, material) = match *s {
                Supply::Receipt {
                    receipt,
                    material,
                    due,
                    inspection,
                    sd,
                } => {
                    let slip = draws.receipt_slip(scenario, receipt as usize, sd);
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
        let leads: Vec<i32> = self
            .purchases
            .iter()
            .map(|p| draws.lead_time(scenario, p.material as usize, p.release.0, &p.lead))
            .collect();
        let mut ready = Vec::with_capacity(self.jobs.len());
        let mut binding = Vec::with_capacity(self.jobs.len());
        for job in &self.jobs {
            let (r, b) = if job.produced {
                self.ready(draws, scenario, job, &leads)
            } else {
                (self.as_of, u32::MAX)
            };
            ready.push(r);
            binding.push(b);
        }
        let mut end = vec![(Day(i32::MIN), u32::MAX); self.jobs.len()];
        let mut scratch = LineScratch::default();
        for (line, packets) in self.queues.iter().enumerate() {
            self.run_line(
                plant,
                draws,
                scenario,
                line,
                packets,
                &ready,
                &mut end,
                &mut scratch,
            );
        }
        self.jobs
            .iter()
            .enumerate()
            .map(|(i, job)| {
                let transit =
                    draws.transit(scenario, job.order_key, job.row as usize, &job.transit);
                let (ship, e) = if job.produced {
                    (end[i].0 + job.after, end[i])
                } else {
                    (job.ship_from_stock, (self.as_of, u32::MAX))
                };
                JobOutcome {
                    delivery: ship + transit,
                    ready: ready[i],
                    binding_material: binding[i],
                    end: e.0,
                    end_line: e.1,
                    transit,
                }
            })
            .collect()
    }

    /// One line's queue, day by day. `end[job]` gets the day (and line) its last packet ends.
    #[allow(clippy::too_many_arguments)]
    fn run_line(
        &self,
        plant: &Plant,
        draws: &Draws,
        scenario: u32,
        line: LineIx,
        packets: &[Packet],
        ready: &[Day],
        end: &mut [(Day, u32)],
        s: &mut LineScratch,
    ) {
        let Some(first) = packets.first() else { return };
        let availability = plant.lines[line].availability;
        s.left.clear();
        s.left.extend(packets.iter().map(|p| p.shifts));
        s.waiting.clear();
        s.ready.clear();
        let mut next = 0;
        let mut day = first.day;
        // A line that never works again would loop forever; SPEC's days are bounded.
        let give_up = self.as_of + 1_000_000;
        loop {
            while next < packets.len() && packets[next].day <= day {
                let p = &packets[next];
                let release = p.day.max(ready[p.job as usize]);
                if release <= day {
                    s.ready.push(Reverse(next as u32));
                } else {
                    s.waiting.push(Reverse((release, next as u32)));
                }
                next += 1;
            }
            while let Some(&Reverse((r, i))) = s.waiting.peek() {
                if r > day {
                    break;
                }
                s.waiting.pop();
                s.ready.push(Reverse(i));
            }
            if s.ready.is_empty() {
                let arrival = packets.get(next).map(|p| p.day);
                let release = s.waiting.peek().map(|Reverse((r, _))| *r);
                match arrival.into_iter().chain(release).min() {
                    Some(d) if d <= give_up => {
                        day = d;
                        continue;
                    }
                    Some(_) => break,
                    None => return,
                }
            }
            let shifts = plant.shifts(line, day);
            let mut cap =
                f64::from(draws.productive_shifts(scenario, line, day.0, shifts, availability));
            while cap > EPS {
                let Some(&Reverse(i)) = s.ready.peek() else {
                    break;
                };
                let i = i as usize;
                let take = s.left[i].min(cap);
                s.left[i] -= take;
                cap -= take;
                if s.left[i] <= EPS {
                    s.ready.pop();
                    let job = packets[i].job as usize;
                    if day > end[job].0 {
                        end[job] = (day, line as u32);
                    }
                }
            }
            day = day + 1;
            if day > give_up {
                break;
            }
        }
        // Work still unfinished — ready, waiting for materials, or not yet in the queue
        // — ends on the last day replayed, so every produced job has an end.
        for (i, p) in packets.iter().enumerate() {
            if s.left[i] > EPS {
                let e = &mut end[p.job as usize];
                *e = (*e).max((give_up, line as u32));
            }
        }
    }

    /// The part of the replay a new order on `lines` can interact with: those lines'
    /// queues and every job queued on them. Orders pushed onto it afterwards are planned
    /// after every order of the full replay, exactly as if pushed onto the full replay.
    pub fn subset(&self, lines: &[LineIx]) -> Replay {
        let mut keep: Vec<u32> = lines
            .iter()
            .flat_map(|&l| self.queues[l].iter().map(|p| p.job))
            .collect();
        keep.sort_unstable();
        keep.dedup();
        let mut remap = std::collections::HashMap::with_capacity(keep.len());
        let jobs: Vec<Job> = keep
            .iter()
            .enumerate()
            .map(|(i, &g)| {
                remap.insert(g, i as u32);
                self.jobs[g as usize].clone()
            })
            .collect();
        let mut queues = vec![Vec::new(); self.queues.len()];
        for &l in lines {
            queues[l] = self.queues[l]
                .iter()
                .map(|p| Packet {
                    job: remap[&p.job],
                    ..*p
                })
                .collect();
        }
        let mut sub = Replay {
            as_of: self.as_of,
            jobs: Vec::new(),
            queues,
            orders: vec![None; self.orders.len()],
            purchases: Vec::new(),
            purchase_index: HashMap::new(),
        };
        for mut job in jobs {
            for s in &mut job.supplies {
                if let Supply::Purchase { po } = s {
                    *po = sub.purchase(self.purchases[*po as usize]);
                }
            }
            sub.jobs.push(job);
        }
        sub
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

#[derive(Default)]
struct LineScratch {
    left: Vec<f64>,
    waiting: BinaryHeap<Reverse<(Day, u32)>>,
    ready: BinaryHeap<Reverse<u32>>,
}
