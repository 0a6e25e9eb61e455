//! A line's availability and its breakdown process, from its shift log.
//!
//! Availability is `Σ worked / Σ planned` over the logged days. An outage is a run of
//! consecutive logged work days (days with planned shifts, in date order) each losing at
//! least one shift; a day not logged, or logged with no planned shifts (a weekend), neither
//! starts nor ends an outage, so a breakdown from Friday to Monday is one outage. From the
//! runs: how often an outage starts (per logged work day), how long it lasts (days, and
//! shifts lost), the longest.

use crate::model::LineDay;
use serde::{Deserialize, Serialize};

/// The breakdown process of one line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outages {
    /// Outages in the log.
    pub count: usize,
    /// Outages started per logged work day (`count / work days`).
    pub starts_per_day: f64,
    /// Mean length in work days (`None` without outages).
    pub mean_days: Option<f64>,
    /// Mean shifts lost per outage.
    pub mean_shifts: Option<f64>,
    /// The longest outage, in work days.
    pub longest_days: u32,
    /// Outages started per calendar day of the log's span (first to last logged day):
    /// the rate the reliability model samples, which runs on calendar days.
    pub starts_per_calendar_day: f64,
    /// Mean length in calendar days (first to last day of the outage, weekends inside
    /// included).
    pub mean_calendar_days: Option<f64>,
    /// The share of planned shifts lost on an outage day.
    pub loss_share: Option<f64>,
}

/// The breakdown process as the reliability model samples it, on calendar days: an
/// outage starts on a day with probability `rate`, lasts 1 + Geometric days of mean
/// `mean_days`, and on each of its days every planned shift is lost with probability
/// `loss`. Sampled statelessly (see `reliability::sample`), looking back `window` days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutageLaw {
    pub rate: f64,
    pub mean_days: f64,
    pub loss: f64,
    pub window: i32,
}

impl Outages {
    /// The law to sample; `None` without outages in the log.
    ///
    /// The sampler lets outages start on any day, so one starting inside another
    /// lengthens it; history only sees outages start on working days. So the rate is per
    /// day *up* (`r / (1 − r·m)` with `r` the starts per calendar day and `m` the mean
    /// calendar length), and the length's daily continuation `q` is chosen so that a run
    /// continues with the history's `1 − 1/m` once new starts are counted:
    /// `q + (1 − q)·rate = 1 − 1/m`.
    pub fn law(&self) -> Option<OutageLaw> {
        let m = self.mean_calendar_days?.max(1.0);
        let loss = self.loss_share?.clamp(0.0, 1.0);
        let r = self.starts_per_calendar_day;
        if r <= 0.0 {
            return None;
        }
        let rate = (r / (1.0 - (r * m).min(0.9))).min(0.9);
        let q = ((1.0 - 1.0 / m - rate) / (1.0 - rate)).max(0.0);
        let mean_days = 1.0 / (1.0 - q);
        Some(OutageLaw {
            rate,
            mean_days,
            loss,
            // P(longer than the window) = q^window ≤ e^-6 ≈ 0.25 %.
            window: (6.0 * mean_days).ceil().min(120.0) as i32,
        })
    }
}

/// A line's fit from its log.
#[derive(Clone, Debug, PartialEq)]
pub struct LineHistory {
    /// Logged work days (days with planned shifts).
    pub days: usize,
    pub planned: u64,
    pub worked: u64,
    pub outages: Outages,
}

impl LineHistory {
    /// `Σ worked / Σ planned` (1 when nothing was planned).
    pub fn availability(&self) -> f64 {
        if self.planned == 0 {
            1.0
        } else {
            self.worked as f64 / self.planned as f64
        }
    }
}

/// Fits one line's log (its days in any order); `None` without logged days.
pub fn fit_line(log: &mut [&LineDay]) -> Option<LineHistory> {
    if log.is_empty() {
        return None;
    }
    log.sort_by_key(|d| d.date);
    let (mut days, mut planned, mut worked) = (0usize, 0u64, 0u64);
    let (mut count, mut down_days, mut down_shifts, mut longest) = (0usize, 0u64, 0u64, 0u32);
    let (mut down_planned, mut calendar_days) = (0u64, 0u64);
    let mut run = 0u32;
    let mut run_start = None;
    let mut last_down = None;
    let mut close = |start: Option<crate::day::Day>, end: Option<crate::day::Day>| {
        if let (Some(s), Some(e)) = (start, end) {
            calendar_days += u64::try_from(e.since(s) + 1).unwrap_or(0);
        }
    };
    for d in log.iter().filter(|d| d.planned > 0) {
        days += 1;
        planned += u64::from(d.planned);
        worked += u64::from(d.worked);
        if d.lost() > 0 {
            if run == 0 {
                count += 1;
                run_start = Some(d.date);
            }
            run += 1;
            down_days += 1;
            down_shifts += u64::from(d.lost());
            down_planned += u64::from(d.planned);
            longest = longest.max(run);
            last_down = Some(d.date);
        } else {
            if run > 0 {
                close(run_start, last_down);
            }
            run = 0;
        }
    }
    if run > 0 {
        close(run_start, last_down);
    }
    let span = log
        .first()
        .zip(log.last())
        .map_or(0, |(a, b)| b.date.since(a.date) + 1)
        .max(1);
    let per = |x: u64| (count > 0).then(|| x as f64 / count as f64);
    Some(LineHistory {
        days,
        planned,
        worked,
        outages: Outages {
            count,
            starts_per_day: if days == 0 {
                0.0
            } else {
                count as f64 / days as f64
            },
            mean_days: per(down_days),
            mean_shifts: per(down_shifts),
            longest_days: longest,
            starts_per_calendar_day: count as f64 / f64::from(span),
            mean_calendar_days: per(calendar_days),
            loss_share: (down_planned > 0).then(|| down_shifts as f64 / down_planned as f64),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::Day;
    use rand::{RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn day(date: i32, planned: u32, worked: u32) -> LineDay {
        LineDay {
            line: 0,
            date: Day(739_000 + date),
            planned,
            worked,
            reason: String::new(),
        }
    }

    #[test]
    fn runs_by_hand() {
        // Work days 0..=9; 2 shifts planned; lost: day 2 (1), days 3–4 (2, 2), day 8 (1).
        // A weekend (planned 0) between days 4 and 5 does not matter; day 3 is logged
        // after day 9 (the log's order does not matter either).
        let mut log: Vec<LineDay> = (0..10)
            .filter(|&d| d != 3)
            .map(|d| match d {
                2 | 8 => day(d, 2, 1),
                4 => day(d, 2, 0),
                _ => day(d, 2, 2),
            })
            .collect();
        log.push(day(3, 2, 0));
        log.push(day(100, 0, 0));
        let mut refs: Vec<&LineDay> = log.iter().collect();
        let h = fit_line(&mut refs).expect("logged");
        assert_eq!((h.days, h.planned, h.worked), (10, 20, 14));
        assert_eq!(h.availability(), 0.7);
        let o = h.outages;
        // Outages: {2,3,4} (5 shifts) and {8} (1 shift).
        assert_eq!(o.count, 2);
        assert_eq!(o.starts_per_day, 0.2);
        assert_eq!(o.mean_days, Some(2.0));
        assert_eq!(o.mean_shifts, Some(3.0));
        assert_eq!(o.longest_days, 3);
        // The log spans day 0 to day 100 (101 calendar days); the outages span 3 and 1
        // calendar days; 6 of the 8 shifts planned on outage days were lost.
        assert_eq!(o.starts_per_calendar_day, 2.0 / 101.0);
        assert_eq!(o.mean_calendar_days, Some(2.0));
        assert_eq!(o.loss_share, Some(0.75));
    }

    #[test]
    fn reproduces_a_generated_breakdown_process() {
        // Up runs of 1 + Geometric(q) days (mean 1/q = 25), then an outage of
        // 1 + Geometric(1/3) days (mean L = 3) losing both shifts each day. Truth:
        // availability = 25 / (25 + 3) = 0.892857, starts per day = 1/28, mean length 3.
        let (q, stop) = (0.04, 1.0 / 3.0);
        let mut r = Xoshiro256PlusPlus::seed_from_u64(11);
        let mut log = Vec::new();
        let mut date = 0;
        while date < 60_000 {
            loop {
                log.push(day(date, 2, 2));
                date += 1;
                if r.random::<f64>() < q {
                    break;
                }
            }
            loop {
                log.push(day(date, 2, 0));
                date += 1;
                if r.random::<f64>() < stop {
                    break;
                }
            }
        }
        let mut refs: Vec<&LineDay> = log.iter().collect();
        let h = fit_line(&mut refs).expect("logged");
        // ~2,140 outages: sd of the mean length ≈ √6/√2140 ≈ 0.053 days; of the
        // availability ≈ 0.003. Bounds at about three standard errors.
        let a = h.availability();
        assert!((a - 25.0 / 28.0).abs() < 0.01, "availability {a}");
        let len = h.outages.mean_days.expect("outages");
        assert!((len - 3.0).abs() < 0.16, "mean length {len}");
        assert!((h.outages.starts_per_day - 1.0 / 28.0).abs() < 0.003);
        assert_eq!(h.outages.mean_shifts, Some(2.0 * len));
    }
}
