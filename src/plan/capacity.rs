//! Residual line time: how much of each line's shifts is still free, per day.
//!
//! This is the hot path of planning, quoting and every scenario replay, so it sits behind
//! one small type. Each line keeps a segment tree over days (from the as-of date on) whose
//! leaves are the free shifts of a day and whose inner nodes are sums. That answers, in
//! O(log days): "first day ≥ d with free time" (so full days are skipped, never scanned),
//! "last day ≤ d with free time" (just-in-time fills backwards) and "free time over
//! [a, b]" (can a just-in-time placement fit at all).
//!
//! There is no fixed horizon: a tree covers a power-of-two number of days and doubles,
//! filling the new days from the calendar, whenever a query reaches past its end.
//!
//! Lines are shared copy-on-write (`Arc`): a quote evaluated on a snapshot clones only the
//! lines it actually books, so the committed plan is never rebuilt or mutated.

use crate::day::Day;
use crate::model::{EPS, LineIx, Plant};
use std::sync::Arc;

/// Days a line's tree covers before it first grows.
const INITIAL_DAYS: usize = 256;

#[derive(Clone, Debug)]
struct LineTime {
    /// Number of leaves (a power of two): days `0..size` after the origin.
    size: usize,
    /// 1-based heap: `tree[size + i]` is the free time on day `i`; inner nodes are sums.
    tree: Vec<f64>,
}

impl LineTime {
    fn new(plant: &Plant, line: LineIx, origin: Day, size: usize) -> LineTime {
        let mut t = LineTime {
            size,
            tree: vec![0.0; 2 * size],
        };
        for i in 0..size {
            t.tree[size + i] = f64::from(plant.shifts(line, origin + i as i32));
        }
        t.rebuild();
        t
    }

    fn rebuild(&mut self) {
        for v in (1..self.size).rev() {
            self.tree[v] = self.tree[2 * v] + self.tree[2 * v + 1];
        }
    }

    /// Doubles the covered days (at least to `min_size`), keeping what is booked.
    fn grow(&mut self, plant: &Plant, line: LineIx, origin: Day, min_size: usize) {
        let mut size = self.size * 2;
        while size < min_size {
            size *= 2;
        }
        let mut tree = vec![0.0; 2 * size];
        tree[size..size + self.size].copy_from_slice(&self.tree[self.size..]);
        for i in self.size..size {
            tree[size + i] = f64::from(plant.shifts(line, origin + i as i32));
        }
        *self = LineTime { size, tree };
        self.rebuild();
    }

    fn free(&self, i: usize) -> f64 {
        self.tree[self.size + i]
    }

    fn set(&mut self, i: usize, value: f64) {
        let mut v = self.size + i;
        // A crumb below the tolerance is nothing: it must never start production.
        self.tree[v] = if value < EPS { 0.0 } else { value };
        while v > 1 {
            v >>= 1;
            self.tree[v] = self.tree[2 * v] + self.tree[2 * v + 1];
        }
    }

    /// Free time over days `a..=b` (clipped to the covered days).
    fn sum(&self, a: usize, b: usize) -> f64 {
        let b = b.min(self.size - 1);
        if a > b {
            return 0.0;
        }
        let (mut lo, mut hi) = (a + self.size, b + self.size + 1);
        let mut total = 0.0;
        while lo < hi {
            if lo & 1 == 1 {
                total += self.tree[lo];
                lo += 1;
            }
            if hi & 1 == 1 {
                hi -= 1;
                total += self.tree[hi];
            }
            lo >>= 1;
            hi >>= 1;
        }
        total
    }

    /// First day ≥ `from` with free time, among the covered days.
    fn next_free(&self, from: usize) -> Option<usize> {
        if from >= self.size {
            return None;
        }
        let mut v = self.size + from;
        if self.tree[v] <= 0.0 {
            loop {
                if v == 1 {
                    return None;
                }
                if v & 1 == 0 && self.tree[v + 1] > 0.0 {
                    v += 1;
                    break;
                }
                v >>= 1;
            }
            while v < self.size {
                v = if self.tree[2 * v] > 0.0 {
                    2 * v
                } else {
                    2 * v + 1
                };
            }
        }
        Some(v - self.size)
    }

    /// Last day ≤ `from` with free time.
    fn prev_free(&self, from: usize) -> Option<usize> {
        let from = from.min(self.size - 1);
        let mut v = self.size + from;
        if self.tree[v] <= 0.0 {
            loop {
                if v == 1 {
                    return None;
                }
                if v & 1 == 1 && self.tree[v - 1] > 0.0 {
                    v -= 1;
                    break;
                }
                v >>= 1;
            }
            while v < self.size {
                v = if self.tree[2 * v + 1] > 0.0 {
                    2 * v + 1
                } else {
                    2 * v
                };
            }
        }
        Some(v - self.size)
    }
}

/// Free line time of every line, per day from `origin` (the as-of date) on.
#[derive(Clone, Debug)]
pub struct Capacity {
    origin: Day,
    lines: Vec<Arc<LineTime>>,
}

impl Capacity {
    pub fn new(plant: &Plant, origin: Day) -> Capacity {
        let lines = (0..plant.lines.len())
            .map(|l| Arc::new(LineTime::new(plant, l, origin, INITIAL_DAYS)))
            .collect();
        Capacity { origin, lines }
    }

    pub fn origin(&self) -> Day {
        self.origin
    }

    /// Day index (0 = origin) of a day.
    pub fn index(&self, day: Day) -> usize {
        day.since(self.origin).max(0) as usize
    }

    pub fn day(&self, index: usize) -> Day {
        self.origin + index as i32
    }

    /// Makes sure `line` covers day index `i`.
    pub fn cover(&mut self, plant: &Plant, line: LineIx, i: usize) {
        if i >= self.lines[line].size {
            let origin = self.origin;
            Arc::make_mut(&mut self.lines[line]).grow(plant, line, origin, i + 1);
        }
    }

    /// Free shifts of `line` on day index `i` (calendar shifts if never booked).
    pub fn free(&self, plant: &Plant, line: LineIx, i: usize) -> f64 {
        let t = &self.lines[line];
        if i < t.size {
            t.free(i)
        } else {
            f64::from(plant.shifts(line, self.day(i)))
        }
    }

    /// Free shifts of `line` over day indices `a..=b`.
    pub fn free_between(&mut self, plant: &Plant, line: LineIx, a: usize, b: usize) -> f64 {
        self.cover(plant, line, b);
        self.lines[line].sum(a, b)
    }

    /// First day index in `from..=limit` on which `line` has free time.
    pub fn next_free(
        &mut self,
        plant: &Plant,
        line: LineIx,
        from: usize,
        limit: usize,
    ) -> Option<usize> {
        let mut from = from;
        while from <= limit {
            self.cover(plant, line, from);
            let t = &self.lines[line];
            match t.next_free(from) {
                Some(i) => return (i <= limit).then_some(i),
                None => from = t.size,
            }
        }
        None
    }

    /// Last day index in `floor..=from` on which `line` has free time.
    pub fn prev_free(
        &mut self,
        plant: &Plant,
        line: LineIx,
        from: usize,
        floor: usize,
    ) -> Option<usize> {
        self.cover(plant, line, from);
        self.lines[line].prev_free(from).filter(|&i| i >= floor)
    }

    /// Books `shifts` of `line` on day index `i`.
    pub fn take(&mut self, plant: &Plant, line: LineIx, i: usize, shifts: f64) {
        self.cover(plant, line, i);
        let t = Arc::make_mut(&mut self.lines[line]);
        let left = t.free(i) - shifts;
        t.set(i, left);
    }

    /// Adds free time (an extra shift, a released booking) to `line` on day index `i`.
    pub fn give(&mut self, plant: &Plant, line: LineIx, i: usize, shifts: f64) {
        self.cover(plant, line, i);
        let t = Arc::make_mut(&mut self.lines[line]);
        let now = t.free(i) + shifts;
        t.set(i, now);
    }

    /// Sets the free time of `line` on day index `i` (a line down, a lost shift).
    pub fn set_free(&mut self, plant: &Plant, line: LineIx, i: usize, shifts: f64) {
        self.cover(plant, line, i);
        Arc::make_mut(&mut self.lines[line]).set(i, shifts.max(0.0));
    }

    /// Whether `line` has exactly the same free time on every day in both (the
    /// optimiser's test that a re-plan has converged back to a known state).
    pub fn same_line(&self, other: &Capacity, plant: &Plant, line: LineIx) -> bool {
        let (a, b) = (&self.lines[line], &other.lines[line]);
        if Arc::ptr_eq(a, b) {
            return true;
        }
        let n = a.size.max(b.size);
        (0..n).all(|i| self.free(plant, line, i) == other.free(plant, line, i))
    }

    /// Makes `line` exactly as it is in `from` (shared, copy-on-write).
    pub fn copy_line(&mut self, from: &Capacity, line: LineIx) {
        self.lines[line] = from.lines[line].clone();
    }

    /// Number of days the line's tree covers now (for reports over the booked range).
    pub fn covered_days(&self, line: LineIx) -> usize {
        self.lines[line].size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Line, WeekMask};

    fn plant() -> Plant {
        let mut p = Plant::default();
        p.lines.push(Line {
            id: "L1".into(),
            shifts_per_day: 2,
            work_days: WeekMask::MON_FRI,
            availability: 1.0,
        });
        p.reindex();
        p
    }

    #[test]
    fn skips_weekends_and_full_days_and_grows() {
        let p = plant();
        let monday = Day::parse("2026-03-02").unwrap();
        let mut c = Capacity::new(&p, monday);
        assert_eq!(c.next_free(&p, 0, 5, 10_000), Some(7)); // Sat → Mon
        c.take(&p, 0, 7, 2.0);
        assert_eq!(c.next_free(&p, 0, 5, 10_000), Some(8));
        assert_eq!(c.prev_free(&p, 0, 7, 0), Some(4));
        assert_eq!(c.free_between(&p, 0, 0, 13), 2.0 * 9.0);
        // Far beyond the initial tree: grows lazily, keeps the booking.
        assert_eq!(c.next_free(&p, 0, 3000, 10_000), Some(3000 + day_off(3000)));
        assert_eq!(c.free(&p, 0, 7), 0.0);
        assert_eq!(c.next_free(&p, 0, 3001, 3002), None); // Sat and Sun
    }

    /// Days from index `i` to the next weekday (origin is a Monday).
    fn day_off(i: usize) -> usize {
        match i % 7 {
            5 => 2,
            6 => 1,
            _ => 0,
        }
    }

    #[test]
    fn crumbs_are_nothing() {
        let p = plant();
        let mut c = Capacity::new(&p, Day::parse("2026-03-02").unwrap());
        c.take(&p, 0, 0, 2.0 - 1e-12);
        assert_eq!(c.free(&p, 0, 0), 0.0);
        assert_eq!(c.next_free(&p, 0, 0, 100), Some(1));
    }
}
