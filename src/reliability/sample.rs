//! The reliability model's random draws.
//!
//! Every draw is a pure function of `(seed, scenario, what, which)`: a purchase's lead
//! time is keyed by its material and release day, a shipment's transit by its order and
//! row, a line-day's lost shifts by the line and the day. So a scenario is the same on any
//! thread and in any order (results do not depend on the thread count), and a replay of a
//! few lines (the cluster of a quote) draws exactly what the full replay draws for them.
//!
//! Distributions (documented in the README):
//! - supplier lead time and transit days: lognormal matched to the mean (the planned days)
//!   and the standard deviation, rounded to whole days — non-negative and right-skewed;
//!   with a mean of 0, a half-normal delay;
//! - an open receipt slips by a half-normal delay with the material's sd (never early);
//! - each planned shift of a line is productive with probability `availability`,
//!   independently per shift.

use crate::fit::empirical::QuantileFunction;
use crate::fit::outage::OutageLaw;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, LogNormal, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

/// What a draw is for; part of its key.
#[derive(Clone, Copy)]
#[repr(u64)]
enum What {
    LeadTime = 1,
    Receipt = 2,
    Transit = 3,
    Shifts = 4,
    Outage = 5,
}

/// The keyed source of all draws of one seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Draws {
    pub seed: u64,
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable 64-bit hash of a string (FNV-1a): keys orders by id, not by position.
pub fn key_of(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Draws {
    fn rng(&self, scenario: u32, what: What, a: u64, b: u64) -> Xoshiro256PlusPlus {
        let k = mix(mix(mix(self.seed ^ mix(u64::from(scenario))) ^ what as u64) ^ a);
        Xoshiro256PlusPlus::seed_from_u64(mix(k ^ b))
    }

    /// Realized lead time of the purchase of `material` released on `release`.
    pub fn lead_time(&self, scenario: u32, material: usize, release: i32, days: &Skewed) -> i32 {
        if days.certain() {
            return days.days;
        }
        let mut r = self.rng(scenario, What::LeadTime, material as u64, release as u64);
        days.sample(&mut r)
    }

    /// Days an open receipt arrives after its due date.
    pub fn receipt_slip(&self, scenario: u32, receipt: usize, sd: f64) -> i32 {
        if sd <= 0.0 {
            return 0;
        }
        let mut r = self.rng(scenario, What::Receipt, receipt as u64, 0);
        half_normal(&mut r, sd)
    }

    /// Realized transit days of one shipment (an order line).
    pub fn transit(&self, scenario: u32, order_key: u64, row: usize, days: &Skewed) -> i32 {
        if days.certain() {
            return days.days;
        }
        let mut r = self.rng(scenario, What::Transit, order_key, row as u64);
        days.sample(&mut r)
    }

    /// Realized lead time of a purchase, from a law learnt from history (same key as
    /// [`Draws::lead_time`]).
    pub fn lead_time_learnt(
        &self,
        scenario: u32,
        material: usize,
        release: i32,
        law: &QuantileFunction,
    ) -> i32 {
        let mut r = self.rng(scenario, What::LeadTime, material as u64, release as u64);
        whole_days(law.interpolate(r.random()))
    }

    /// Days an open receipt arrives after its due date (negative: early), from a law
    /// learnt from history.
    pub fn receipt_delay_learnt(
        &self,
        scenario: u32,
        receipt: usize,
        law: &QuantileFunction,
    ) -> i32 {
        let mut r = self.rng(scenario, What::Receipt, receipt as u64, 0);
        let x = law.interpolate(r.random()).round();
        x.clamp(-f64::from(MAX_DRAW_DAYS), f64::from(MAX_DRAW_DAYS)) as i32
    }

    /// Realized transit of one shipment, from a law learnt from history.
    pub fn transit_learnt(
        &self,
        scenario: u32,
        order_key: u64,
        row: usize,
        law: &QuantileFunction,
    ) -> i32 {
        let mut r = self.rng(scenario, What::Transit, order_key, row as u64);
        whole_days(law.interpolate(r.random()))
    }

    /// Productive shifts of a line-day that plans `shifts`, under a breakdown process
    /// learnt from history. Stateless, so any subset of line-days draws what the full
    /// replay draws: day `d` is down when an outage started on some day `s` of the
    /// `window` days up to `d` (probability `rate` each, keyed by line and `s`) and lasts
    /// past `d` (1 + Geometric days of mean `mean_days`, from the same key). On a down day
    /// each shift is lost with probability `loss` (keyed by line and `d`).
    pub fn outage_shifts(
        &self,
        scenario: u32,
        line: usize,
        day: i32,
        shifts: u8,
        law: &OutageLaw,
    ) -> u8 {
        if shifts == 0 {
            return 0;
        }
        let base =
            mix(mix(self.seed ^ mix(u64::from(scenario))) ^ What::Outage as u64) ^ line as u64;
        let unit = |h: u64| (h >> 11) as f64 / (1u64 << 53) as f64;
        let stay = 1.0 - 1.0 / law.mean_days;
        let down = (0..law.window).any(|back| {
            let h = mix(base ^ mix((day - back) as u64));
            if unit(h) >= law.rate {
                return false;
            }
            // Length 1 + ⌊ln u / ln(1 − 1/m)⌋ (u in (0, 1]): geometric, mean m.
            let u = 1.0 - unit(mix(h ^ 0x5A5A));
            let len = if stay <= 0.0 {
                1
            } else {
                1 + (u.ln() / stay.ln()).floor().min(1e6) as i32
            };
            len > back
        });
        if !down {
            return shifts;
        }
        let mut r = self.rng(scenario, What::Outage, line as u64, day as u64);
        (0..shifts)
            .filter(|_| r.random::<f64>() >= law.loss)
            .count() as u8
    }

    /// Productive shifts of a line-day that plans `shifts`.
    pub fn productive_shifts(
        &self,
        scenario: u32,
        line: usize,
        day: i32,
        shifts: u8,
        availability: f64,
    ) -> u8 {
        if availability >= 1.0 || shifts == 0 {
            return shifts;
        }
        let mut r = self.rng(scenario, What::Shifts, line as u64, day as u64);
        (0..shifts)
            .filter(|_| r.random::<f64>() < availability)
            .count() as u8
    }
}

/// A duration in days with a standard deviation: lognormal with that mean and sd,
/// rounded to whole days (half-normal when the mean is 0). Built once per supply or lane,
/// sampled in every scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Skewed {
    pub days: i32,
    pub sd: f64,
    law: Option<LogNormal<f64>>,
}

impl Skewed {
    pub fn new(days: i32, sd: f64) -> Skewed {
        let law = (days > 0 && sd > 0.0)
            .then(|| LogNormal::from_mean_cv(f64::from(days), sd / f64::from(days)).ok())
            .flatten();
        Skewed { days, sd, law }
    }

    pub fn certain(&self) -> bool {
        self.sd <= 0.0
    }

    fn sample(&self, r: &mut Xoshiro256PlusPlus) -> i32 {
        match &self.law {
            Some(law) => whole_days(law.sample(r)),
            None if self.days <= 0 => half_normal(r, self.sd),
            None => self.days,
        }
    }
}

/// The longest duration a draw gives: the longest day count SPEC.md accepts in a file.
/// A lognormal with a large spread has a long tail (sd 100,000 days around a mean of
/// one day draws millions of days now and then); without a ceiling such a draw would
/// carry dates past anything a calendar can write. With ordinary spreads the ceiling is
/// never reached, so it changes nothing there.
pub const MAX_DRAW_DAYS: i32 = 100_000;

/// A drawn duration rounded to whole days, within `0..=MAX_DRAW_DAYS`.
fn whole_days(x: f64) -> i32 {
    x.round().clamp(0.0, f64::from(MAX_DRAW_DAYS)) as i32
}

fn half_normal(r: &mut Xoshiro256PlusPlus, sd: f64) -> i32 {
    let z: f64 = StandardNormal.sample(r);
    whole_days(z.abs() * sd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_keyed_and_reproducible() {
        let d = Draws { seed: 7 };
        let law = Skewed::new(10, 3.0);
        let a: Vec<i32> = (0..100).map(|s| d.lead_time(s, 3, 100, &law)).collect();
        let b: Vec<i32> = (0..100).map(|s| d.lead_time(s, 3, 100, &law)).collect();
        assert_eq!(a, b);
        assert_ne!(
            a,
            (0..100)
                .map(|s| d.lead_time(s, 4, 100, &law))
                .collect::<Vec<_>>()
        );
        assert!(a.iter().all(|&x| x >= 0));
    }

    #[test]
    fn lead_times_match_mean_and_sd() {
        let d = Draws { seed: 1 };
        let n = 20_000;
        let law = Skewed::new(20, 5.0);
        let xs: Vec<f64> = (0..n)
            .map(|s| f64::from(d.lead_time(s, 0, 0, &law)))
            .collect();
        let mean = xs.iter().sum::<f64>() / f64::from(n);
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n);
        assert!((mean - 20.0).abs() < 0.2, "mean {mean}");
        assert!((var.sqrt() - 5.0).abs() < 0.2, "sd {}", var.sqrt());
        // Right-skewed: the median is below the mean.
        let mut s = xs.clone();
        s.sort_by(f64::total_cmp);
        assert!(s[s.len() / 2] < 20.0);
    }

    #[test]
    fn draws_stay_within_the_longest_day_count() {
        // 100,000 ± 100,000 days: the lognormal draws more than a million days once in
        // about 1,500 draws, which used to carry dates past year 4000 and past the
        // replay's last day (an unfinished job without an end: a panic in risk.rs).
        let d = Draws { seed: 1 };
        let wide = Skewed::new(100_000, 100_000.0);
        let xs: Vec<i32> = (0..2_000).map(|s| d.lead_time(s, 0, 0, &wide)).collect();
        assert!(xs.iter().all(|&x| (0..=MAX_DRAW_DAYS).contains(&x)));
        assert!(xs.contains(&MAX_DRAW_DAYS), "the tail reaches the ceiling");
        let slips: Vec<i32> = (0..200).map(|s| d.receipt_slip(s, 0, 1e5)).collect();
        assert!(slips.iter().all(|&x| (0..=MAX_DRAW_DAYS).contains(&x)));
        let zero_mean = Skewed::new(0, 1e5);
        assert!((0..200).all(|s| (0..=MAX_DRAW_DAYS).contains(&d.transit(s, 0, 0, &zero_mean))));
    }

    #[test]
    fn no_variance_no_draw() {
        let d = Draws { seed: 1 };
        assert_eq!(d.lead_time(0, 0, 0, &Skewed::new(12, 0.0)), 12);
        assert_eq!(d.transit(0, 1, 0, &Skewed::new(3, 0.0)), 3);
        assert_eq!(d.receipt_slip(0, 0, 0.0), 0);
        assert_eq!(d.productive_shifts(0, 0, 0, 3, 1.0), 3);
        let lost: u32 = (0..10_000)
            .map(|s| 3 - u32::from(d.productive_shifts(s, 0, 5, 3, 0.9)))
            .sum();
        assert!((2_700..3_300).contains(&lost), "{lost}");
    }
}

#[cfg(test)]
mod outage_tests {
    use super::*;
    use crate::fit::outage::fit_line;
    use crate::model::LineDay;
    use rand::SeedableRng;

    /// A log of `days` days, 2 shifts each: up runs of mean 25 days, then outages of
    /// mean 3 days losing both shifts (as `fit::outage`'s generated process).
    fn history(days: i32) -> Vec<LineDay> {
        let mut r = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut log = Vec::new();
        let mut down = 0;
        for d in 0..days {
            if down == 0 && r.random::<f64>() < 0.04 {
                down = 1;
                while r.random::<f64>() > 1.0 / 3.0 {
                    down += 1;
                }
            }
            let worked = if down > 0 {
                down -= 1;
                0
            } else {
                2
            };
            log.push(LineDay {
                line: 0,
                date: crate::day::Day(739_000 + d),
                planned: 2,
                worked,
                reason: String::new(),
            });
        }
        log
    }

    #[test]
    fn sampled_outages_reproduce_the_history_they_were_fitted_to() {
        let past = history(40_000);
        let fitted = fit_line(&mut past.iter().collect::<Vec<_>>()).expect("log");
        let law = fitted.outages.law().expect("outages");
        // Draw a fresh 40,000 days from the law and fit them again.
        let d = Draws { seed: 9 };
        let drawn: Vec<LineDay> = (0..40_000)
            .map(|k| LineDay {
                line: 0,
                date: crate::day::Day(739_000 + k),
                planned: 2,
                worked: u32::from(d.outage_shifts(0, 0, 739_000 + k, 2, &law)),
                reason: String::new(),
            })
            .collect();
        let refit = fit_line(&mut drawn.iter().collect::<Vec<_>>()).expect("log");
        // ~1,400 outages each: availability within 0.01, mean length within 0.3 days
        // (sd of a mean of 1,400 geometric lengths of mean 3 ≈ 0.07 days; overlapping
        // outages merge, which lengthens runs by a few percent).
        let (a, b) = (fitted.availability(), refit.availability());
        assert!((a - b).abs() < 0.01, "availability {a} vs {b}");
        let (la, lb) = (
            fitted.outages.mean_days.unwrap(),
            refit.outages.mean_days.unwrap(),
        );
        assert!((la - lb).abs() < 0.3, "mean length {la} vs {lb}");
        // Breakdowns last days: some drawn outage is at least a week long.
        assert!(refit.outages.longest_days >= 7);
        // A subset of days draws what the full run draws (stateless, keyed).
        for k in [5, 777, 31_000] {
            let day = 739_000 + k;
            assert_eq!(
                d.outage_shifts(0, 0, day, 2, &law),
                drawn[k as usize].worked as u8
            );
        }
    }
}
