//! An order's delivery dates over the scenarios, kept as counts per day.
//!
//! A scenario's outcome for an order is one day; what the reports need from all of them —
//! quantiles, the share on or before a date, whether they vary — depends only on how many
//! scenarios delivered on each day. So a simulation keeps an exact histogram per order
//! ([`Histogram`]: sorted `(day, count)` pairs) instead of one day per scenario: its size
//! is the number of distinct days, flat in the number of scenarios, and two histograms of
//! disjoint scenario sets merge with integer sums, so the result is the same whatever
//! the order in which threads finish.

use crate::day::Day;

/// Counts of scenarios per delivery day, while scenarios are being run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Histogram {
    /// `(day, scenarios delivering that day)`, ascending by day, every count ≥ 1.
    counts: Vec<(Day, u32)>,
}

impl Histogram {
    /// Counts one scenario delivering on `day`.
    pub fn add(&mut self, day: Day) {
        self.add_n(day, 1);
    }

    /// Counts scenarios delivering on `days` (one each, in any order; sorted here).
    pub fn add_all(&mut self, days: &mut [Day]) {
        days.sort_unstable();
        for run in days.chunk_by(|a, b| a == b) {
            self.add_n(run[0], run.len() as u32);
        }
    }

    fn add_n(&mut self, day: Day, n: u32) {
        match self.counts.binary_search_by_key(&day, |&(d, _)| d) {
            Ok(i) => self.counts[i].1 += n,
            Err(i) => self.counts.insert(i, (day, n)),
        }
    }

    /// Adds the counts of another (disjoint) set of scenarios.
    pub fn merge(&mut self, other: &Histogram) {
        if other.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            self.counts.clone_from(&other.counts);
            return;
        }
        let (a, b) = (&self.counts, &other.counts);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => {
                    out.push(a[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push((a[i].0, a[i].1 + b[j].1));
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        self.counts = out;
    }
}

/// An order's delivery dates over the scenarios.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Distribution {
    /// The deterministic plan's delivery.
    pub deterministic: Day,
    /// The days some scenario delivers on, ascending.
    days: Vec<Day>,
    /// `at_most[i]`: the scenarios delivering on or before `days[i]`.
    at_most: Vec<u32>,
}

impl Distribution {
    /// The distribution of the scenarios counted in `histogram`.
    pub fn new(deterministic: Day, histogram: Histogram) -> Distribution {
        let mut total = 0u32;
        let (days, at_most) = histogram
            .counts
            .into_iter()
            .map(|(d, n)| {
                total += n;
                (d, total)
            })
            .unzip();
        Distribution {
            deterministic,
            days,
            at_most,
        }
    }

    /// The distribution of one delivery day per scenario.
    pub fn of_samples(deterministic: Day, samples: impl IntoIterator<Item = Day>) -> Distribution {
        let mut h = Histogram::default();
        for d in samples {
            h.add(d);
        }
        Distribution::new(deterministic, h)
    }

    /// How many scenarios were run.
    pub fn scenarios(&self) -> u32 {
        self.at_most.last().copied().unwrap_or(0)
    }

    /// `(day, scenarios delivering that day)`, ascending by day.
    pub fn counts(&self) -> impl Iterator<Item = (Day, u32)> + '_ {
        let before = std::iter::once(0).chain(self.at_most.iter().copied());
        self.days
            .iter()
            .zip(self.at_most.iter().zip(before))
            .map(|(&d, (&n, p))| (d, n - p))
    }

    /// The smallest day on or before which at least a share `p` of the scenarios deliver.
    pub fn quantile(&self, p: f64) -> Day {
        let n = self.scenarios();
        if n == 0 {
            return self.deterministic;
        }
        // (p·n) rounded up, guarding against 0.95 × 1000 = 950.0000000000001.
        let k = ((p * f64::from(n)) - 1e-9).ceil().clamp(1.0, f64::from(n)) as u32;
        self.days[self.at_most.partition_point(|&c| c < k)]
    }

    /// The promise at service level `p`: the `p`-quantile, never before the deterministic date.
    pub fn promise(&self, p: f64) -> Day {
        self.quantile(p).max(self.deterministic)
    }

    /// The share of scenarios delivering on or before `day`.
    pub fn confidence(&self, day: Day) -> f64 {
        let n = self.scenarios();
        if n == 0 {
            return if self.deterministic <= day { 1.0 } else { 0.0 };
        }
        let i = self.days.partition_point(|&d| d <= day);
        let on_or_before = if i == 0 { 0 } else { self.at_most[i - 1] };
        f64::from(on_or_before) / f64::from(n)
    }

    /// Whether the date varies at all across the scenarios.
    pub fn varies(&self) -> bool {
        self.days.len() > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(xs: &[i32]) -> Vec<Day> {
        xs.iter().map(|&x| Day(x)).collect()
    }

    /// The former representation: every scenario's day, sorted.
    fn sorted_quantile(sorted: &[Day], p: f64) -> Day {
        let n = sorted.len();
        let k = ((p * n as f64) - 1e-9).ceil().clamp(1.0, n as f64) as usize;
        sorted[k - 1]
    }

    #[test]
    fn quantiles_and_confidence_by_hand() {
        // 10 scenarios: 3 on day 5, 5 on day 7, 2 on day 9.
        let d = Distribution::of_samples(Day(6), days(&[7, 5, 9, 7, 7, 5, 7, 9, 5, 7]));
        assert_eq!(d.scenarios(), 10);
        assert_eq!(
            d.counts().collect::<Vec<_>>(),
            vec![(Day(5), 3), (Day(7), 5), (Day(9), 2)]
        );
        assert_eq!(d.quantile(0.3), Day(5));
        assert_eq!(d.quantile(0.31), Day(7));
        assert_eq!(d.quantile(0.8), Day(7));
        assert_eq!(d.quantile(0.81), Day(9));
        assert_eq!(d.quantile(0.0), Day(5));
        assert_eq!(d.promise(0.3), Day(6));
        assert_eq!(d.confidence(Day(4)), 0.0);
        assert_eq!(d.confidence(Day(5)), 0.3);
        assert_eq!(d.confidence(Day(8)), 0.8);
        assert_eq!(d.confidence(Day(9)), 1.0);
        assert!(d.varies());
    }

    #[test]
    fn no_scenarios_is_the_plan() {
        let d = Distribution::new(Day(6), Histogram::default());
        assert_eq!(d.quantile(0.9), Day(6));
        assert_eq!(d.confidence(Day(6)), 1.0);
        assert_eq!(d.confidence(Day(5)), 0.0);
        assert!(!d.varies());
    }

    #[test]
    fn merged_parts_equal_the_whole_and_the_sorted_samples() {
        // A deterministic pseudo-random sample, cut into uneven parts merged in any order.
        let xs: Vec<Day> = (0..997u64)
            .map(|i| Day(((i * 2_654_435_761) % 37) as i32 + ((i * 7) % 5) as i32))
            .collect();
        let whole = Distribution::of_samples(Day(0), xs.iter().copied());
        let mut parts: Vec<Histogram> = xs
            .chunks(83)
            .map(|c| {
                let mut h = Histogram::default();
                c.iter().for_each(|&d| h.add(d));
                h
            })
            .collect();
        parts.reverse();
        let mut by_chunks = Histogram::default();
        for c in xs.chunks(25) {
            by_chunks.add_all(&mut c.to_vec());
        }
        assert_eq!(Distribution::new(Day(0), by_chunks), whole);
        let mut merged = Histogram::default();
        for p in &parts {
            merged.merge(p);
        }
        assert_eq!(Distribution::new(Day(0), merged), whole);
        let mut sorted = xs.clone();
        sorted.sort_unstable();
        for p in [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0] {
            assert_eq!(whole.quantile(p), sorted_quantile(&sorted, p), "p = {p}");
        }
        for d in 0..45 {
            let c = sorted.partition_point(|&x| x <= Day(d)) as f64 / sorted.len() as f64;
            assert_eq!(whole.confidence(Day(d)), c);
        }
    }
}
