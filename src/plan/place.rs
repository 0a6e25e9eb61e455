//! Placing a netted order line through its steps and work orders (SPEC.md's *Routings
//! and made components*): as soon as possible — an item's work orders first, then its
//! steps forward — or just in time — its steps backward from the target, each step's
//! work orders right after it.
//!
//! Steps of one line share lines with each other (a component machined on the line that
//! also machines the casing), so each step is booked as soon as it is placed and the next
//! sees what it took. Every booking is journaled: an attempt that does not fit anywhere
//! is rolled back whole, leaving the free time exactly (bit for bit) as it was.

use super::capacity::Capacity;
use super::item::{Netted, StepRun};
use super::order::fmt_qty;
use super::production::{self, Alloc};
use crate::day::Day;
use crate::model::{LineIx, Plant};

/// Books line time for one order line, tentatively.
pub struct Placer<'a> {
    plant: &'a Plant,
    cap: &'a mut Capacity,
    /// `D`: design end; no step of the tree starts before it.
    design_end: Day,
    as_of: Day,
    /// Last usable day index (the horizon).
    limit: usize,
    /// Everything booked so far, in booking order.
    allocs: Vec<Alloc>,
    /// (line, day index, free time before) of every booking, to roll back.
    journal: Vec<(LineIx, usize, f64)>,
}

impl<'a> Placer<'a> {
    pub fn new(
        plant: &'a Plant,
        cap: &'a mut Capacity,
        (as_of, design_end): (Day, Day),
        limit: usize,
    ) -> Placer<'a> {
        Placer {
            plant,
            cap,
            design_end,
            as_of,
            limit,
            allocs: Vec::new(),
            journal: Vec::new(),
        }
    }

    /// Keeps what was booked: the allocations in booking order.
    pub fn commit(self) -> Vec<Alloc> {
        self.allocs
    }

    /// Undoes every booking of this attempt, newest first.
    pub fn rollback(&mut self, net: &mut Netted) {
        for &(line, i, free) in self.journal.iter().rev() {
            self.cap.set_free(self.plant, line, i, free);
        }
        self.journal.clear();
        self.allocs.clear();
        for item in &mut net.items {
            item.steps.clear();
            item.ready = self.as_of;
        }
    }

    /// Books `allocs` for step `k` of item `i` and records its run.
    fn book(&mut self, net: &mut Netted, i: usize, k: usize, earliest: Day, allocs: Vec<Alloc>) {
        let first = self.allocs.len();
        for a in &allocs {
            let ix = self.cap.index(a.day);
            self.journal
                .push((a.line, ix, self.cap.free(self.plant, a.line, ix)));
        }
        production::book(self.cap, self.plant, &allocs);
        let start = allocs.iter().map(|x| x.day).min().unwrap_or(earliest);
        let end = allocs.iter().map(|x| x.day).max().unwrap_or(earliest);
        self.allocs.extend(allocs);
        let run = StepRun {
            ready: self.as_of,
            earliest,
            start,
            end,
            allocs: first..self.allocs.len(),
        };
        let steps = &mut net.items[i].steps;
        if steps.len() <= k {
            steps.resize(k + 1, run.clone());
        }
        steps[k] = run;
    }

    /// Sets item `i`'s `ready` from its last step, once all its steps are placed.
    fn finish_item(&self, net: &mut Netted, i: usize) {
        let p = &self.plant.products[net.items[i].product];
        let end = net.items[i].steps.last().map_or(self.as_of, |s| s.end);
        net.items[i].ready = end + p.last_wait() + p.inspection_days;
    }

    /// As soon as possible: item `i`'s work orders (each by this rule), then its steps in
    /// order, each from `max(D, R_k, E_{k−1} + wait_{k−1})` forward. `Err` says what would
    /// end after the horizon.
    pub fn asap(&mut self, net: &mut Netted, i: usize) -> Result<(), String> {
        let wos: Vec<usize> = net.work_orders(i, None).collect();
        for w in wos {
            self.asap(net, w)?;
        }
        let plant = self.plant;
        let product = &plant.products[net.items[i].product];
        let qty = net.items[i].qty;
        let mut after: Option<Day> = None;
        for k in 0..product.steps.len() {
            let (ready, _) = net.ready(plant, i, k, self.as_of);
            let earliest = self.design_end.max(ready).max(after.unwrap_or(ready));
            let from = self.cap.index(earliest);
            let routes = product.step_routes(k);
            let allocs = (from <= self.limit)
                .then(|| production::asap(self.cap, plant, routes, qty, from, self.limit))
                .flatten()
                .ok_or_else(|| self.beyond_horizon(net, i))?;
            self.book(net, i, k, earliest, allocs);
            let run = &mut net.items[i].steps[k];
            run.ready = ready;
            after = Some(run.end + product.steps[k].wait_days);
        }
        self.finish_item(net, i);
        Ok(())
    }

    /// Just in time: item `i`'s last step ends by `target`, each earlier step by the
    /// first day of the next minus its wait, each step's work orders ready by that step's
    /// first day. Returns whether everything fit (the caller rolls back if not).
    pub fn just_in_time(&mut self, net: &mut Netted, i: usize, target: Day) -> bool {
        let plant = self.plant;
        let product = &plant.products[net.items[i].product];
        let qty = net.items[i].qty;
        let n = product.steps.len();
        let mut target = target;
        for k in (0..n).rev() {
            if k + 1 < n {
                target = net.items[i].steps[k + 1].start - product.steps[k].wait_days;
            }
            let floor = self
                .design_end
                .max(net.stock_ready(plant, i, k, self.as_of));
            if target < floor {
                return false;
            }
            let (from, to) = (self.cap.index(floor), self.cap.index(target));
            let routes = product.step_routes(k);
            let Some(allocs) = production::just_in_time(self.cap, plant, routes, qty, from, to)
            else {
                return false;
            };
            self.book(net, i, k, floor, allocs);
            let first = net.items[i].steps[k].start;
            let wos: Vec<usize> = net.work_orders(i, Some(k)).collect();
            for w in wos {
                let c = &plant.products[net.items[w].product];
                if !self.just_in_time(net, w, first - c.last_wait() - c.inspection_days) {
                    return false;
                }
            }
        }
        // Every work order is placed now: the steps' `R_k` and earliest starts.
        let mut after: Option<Day> = None;
        for k in 0..n {
            let (ready, _) = net.ready(plant, i, k, self.as_of);
            let run = &mut net.items[i].steps[k];
            run.ready = ready;
            run.earliest = self.design_end.max(ready).max(after.unwrap_or(ready));
            after = Some(run.end + product.steps[k].wait_days);
        }
        self.finish_item(net, i);
        true
    }

    fn beyond_horizon(&self, net: &Netted, i: usize) -> String {
        let item = &net.items[i];
        let id = &self.plant.products[item.product].id;
        let what = match item.parent {
            None => format!("{} × {id}", fmt_qty(item.qty)),
            Some(_) => format!(
                "{} × {id} (a component of {})",
                fmt_qty(item.qty),
                self.plant.products[net.items[0].product].id
            ),
        };
        let horizon = self.limit as i32;
        format!(
            "production of {what} would end after the horizon ({}, {horizon} days after {})",
            self.as_of + horizon,
            self.as_of
        )
    }
}
