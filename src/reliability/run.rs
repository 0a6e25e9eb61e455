//! One scenario of a [`Replay`]: every group of lines replayed day by day — packets arrive
//! on their planned day, wait for their step's release (materials, the steps it waits
//! for), and are worked in queue order with the line-day's productive shifts. A step that
//! ends releases the steps waiting for it, on any line of its group.

use super::replay::Replay;
use super::sample::Draws;
use crate::day::Day;
use crate::model::{EPS, Plant};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One line's queue while a scenario runs.
#[derive(Default)]
struct LineRun {
    /// Packets up to here have arrived (their planned day has come).
    next: usize,
    /// Shifts still to work per packet.
    left: Vec<f64>,
    waiting: BinaryHeap<Reverse<(Day, u32)>>,
    ready: BinaryHeap<Reverse<u32>>,
    /// The productive shifts left on `day`.
    day: Option<Day>,
    cap: f64,
}

/// One scenario's state: every line's queue and every step's progress.
pub(super) struct Run<'r> {
    replay: &'r Replay,
    lines: Vec<LineRun>,
    /// Per step: steps it still waits for, the earliest day it may start, packets left.
    pending: Vec<u32>,
    release: Vec<Day>,
    packets_left: Vec<u32>,
    /// Per step: the day its last packet ended and the line it ended on.
    pub(super) end: Vec<(Day, u32)>,
    /// Per step: the step whose end set its release, if one did.
    via: Vec<Option<u32>>,
    /// (day, line) a line has something to do on; only the earliest per line counts
    /// (`next_event`), later ones are stale.
    events: BinaryHeap<Reverse<(Day, u32)>>,
    next_event: Vec<Option<Day>>,
}

impl<'r> Run<'r> {
    pub(super) fn new(replay: &'r Replay, supplied: &[(Day, u32)]) -> Run<'r> {
        let lines = replay
            .queues
            .iter()
            .map(|q| LineRun {
                left: q.iter().map(|p| p.shifts).collect(),
                ..LineRun::default()
            })
            .collect();
        Run {
            replay,
            lines,
            pending: replay.ops.iter().map(|o| o.preds.len() as u32).collect(),
            release: supplied.iter().map(|s| s.0).collect(),
            packets_left: replay.packets_of.iter().map(|p| p.len() as u32).collect(),
            end: vec![(Day(i32::MIN), u32::MAX); replay.ops.len()],
            via: vec![None; replay.ops.len()],
            events: BinaryHeap::new(),
            next_event: vec![None; replay.queues.len()],
        }
    }

    /// Line `l` has something to do on `day`.
    fn schedule(&mut self, l: usize, day: Day) {
        if self.next_event[l].is_none_or(|d| day < d) {
            self.next_event[l] = Some(day);
            self.events.push(Reverse((day, l as u32)));
        }
    }

    /// Runs every group of lines, one after another, each day by day until its queues are
    /// worked off.
    pub(super) fn all(&mut self, plant: &Plant, draws: &Draws, scenario: u32) {
        for group in &self.replay.groups {
            for &l in group {
                if let Some(first) = self.replay.queues[l as usize].first() {
                    self.schedule(l as usize, first.day);
                }
            }
            if !self.group(plant, draws, scenario) {
                return;
            }
        }
    }

    /// Runs the lines scheduled, day by day, until their queues are worked off; false
    /// when it gave up (a line that never works again ends everything unfinished).
    fn group(&mut self, plant: &Plant, draws: &Draws, scenario: u32) -> bool {
        // A line that never works again would loop forever; SPEC's days are bounded.
        let give_up = self.replay.as_of + 1_000_000;
        while let Some(Reverse((day, l))) = self.events.pop() {
            let l = l as usize;
            if self.next_event[l] != Some(day) {
                continue; // stale: an earlier event replaced it
            }
            self.next_event[l] = None;
            if day > give_up {
                self.give_up(give_up);
                return false;
            }
            self.line_day(plant, draws, scenario, l, day);
        }
        true
    }

    /// Walking back from step `last` through the steps that set each one's release: the
    /// line of the step that added most days of lateness (the first such, from the end).
    pub(super) fn delaying_line(&self, last: u32) -> u32 {
        let late = |o: u32| {
            let (end, _) = self.end[o as usize];
            end.since(self.replay.ops[o as usize].planned_end).max(0)
        };
        let (mut best, mut best_added) = (self.end[last as usize].1, i32::MIN);
        let mut cur = Some(last);
        while let Some(o) = cur {
            let before = self.via[o as usize].map_or(0, late);
            let added = late(o) - before;
            if added > best_added {
                (best, best_added) = (self.end[o as usize].1, added);
            }
            cur = self.via[o as usize];
        }
        best
    }

    /// Ends every unfinished step on `day` (a line that never works again).
    fn give_up(&mut self, day: Day) {
        for (o, left) in self.packets_left.iter().enumerate() {
            if *left > 0 {
                let line = self.replay.packets_of[o].first().map_or(u32::MAX, |x| x.0);
                self.end[o] = (day, line);
            }
        }
    }

    /// Line `l` on `day`: packets arrive, released ones are worked in queue order with
    /// the day's productive shifts; then the line's next event is scheduled.
    fn line_day(&mut self, plant: &Plant, draws: &Draws, scenario: u32, l: usize, day: Day) {
        let queue = &self.replay.queues[l];
        {
            let st = &mut self.lines[l];
            while st.next < queue.len() && queue[st.next].day <= day {
                let i = st.next;
                let p = &queue[i];
                st.next += 1;
                // A step still waiting for another step is queued when that one ends.
                if self.pending[p.op as usize] == 0 {
                    let release = p.day.max(self.release[p.op as usize]);
                    if release <= day {
                        st.ready.push(Reverse(i as u32));
                    } else {
                        st.waiting.push(Reverse((release, i as u32)));
                    }
                }
            }
            while let Some(&Reverse((r, i))) = st.waiting.peek() {
                if r > day {
                    break;
                }
                st.waiting.pop();
                st.ready.push(Reverse(i));
            }
            if !st.ready.is_empty() && st.day != Some(day) {
                let shifts = plant.shifts(l, day);
                let availability = plant.lines[l].availability;
                let law = plant.learnt.as_deref().and_then(|x| *x.outages.get(l)?);
                st.cap = f64::from(match law {
                    Some(law) => draws.outage_shifts(scenario, l, day.0, shifts, &law),
                    None => draws.productive_shifts(scenario, l, day.0, shifts, availability),
                });
                st.day = Some(day);
            }
        }
        while self.lines[l].cap > EPS {
            let st = &mut self.lines[l];
            let Some(&Reverse(i)) = st.ready.peek() else {
                break;
            };
            let i = i as usize;
            let take = st.left[i].min(st.cap);
            st.left[i] -= take;
            st.cap -= take;
            if st.left[i] <= EPS {
                st.ready.pop();
                self.packet_done(queue[i].op, l, day);
            }
        }
        let st = &self.lines[l];
        let next = if !st.ready.is_empty() {
            Some(day + 1)
        } else {
            let arrival = queue.get(st.next).map(|p| p.day);
            let release = st.waiting.peek().map(|Reverse((r, _))| *r);
            arrival.into_iter().chain(release).min()
        };
        if let Some(d) = next {
            self.schedule(l, d);
        }
    }

    /// A packet of step `op` ended on `day` on line `l`; when it was the step's last, the
    /// steps waiting for it may be released.
    fn packet_done(&mut self, op: u32, l: usize, day: Day) {
        let o = op as usize;
        let e = &mut self.end[o];
        if day > e.0 || (day == e.0 && (l as u32) < e.1) {
            *e = (day, l as u32);
        }
        self.packets_left[o] -= 1;
        if self.packets_left[o] > 0 {
            return;
        }
        let end = self.end[o].0;
        for &(succ, lag) in &self.replay.succs[o] {
            let s = succ as usize;
            if end + lag > self.release[s] {
                self.release[s] = end + lag;
                self.via[s] = Some(op);
            }
            self.pending[s] -= 1;
            if self.pending[s] == 0 {
                self.unblock(succ, day);
            }
        }
    }

    /// Step `op` waits for nothing more: its packets that have arrived join their queues.
    fn unblock(&mut self, op: u32, today: Day) {
        let release = self.release[op as usize];
        for &(line, i) in &self.replay.packets_of[op as usize] {
            let st = &mut self.lines[line as usize];
            if (i as usize) >= st.next {
                continue; // arrives later, released by then
            }
            let p = &self.replay.queues[line as usize][i as usize];
            let r = p.day.max(release);
            if r <= today {
                st.ready.push(Reverse(i));
            } else {
                st.waiting.push(Reverse((r, i)));
            }
            self.schedule(line as usize, r.max(today));
        }
    }
}
