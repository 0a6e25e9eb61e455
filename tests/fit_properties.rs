//! The fitted quantiles converge to the true ones as the history grows, for a lead-time
//! law that is not lognormal: a spike "on the day" (share `a`), a block of late
//! deliveries spread evenly over `lo..=hi` days late, and a few early ones.
//!
//! Lead times are whole days, so the true quantile function `Q` is a step function and
//! "converges" is said in probability: the fitted p-quantile lies between `Q(p − δ)` and
//! `Q(p + δ)`, with `δ = 3/√n`. The fit reads the p-quantile at a level at most
//! `0.25/√n` above p (its small-sample margin), so the sample's CDF would have to stray
//! 2.75/√n from the truth to leave the band: by the Dvoretzky–Kiefer–Wolfowitz bound,
//! probability below 3e-7. The band narrows as `n` grows (0.13 at n = 500, 0.021 at
//! n = 20,000), so the test fails for any estimator that does not converge.

use promise::fit::empirical::Counts;
use promise::fit::pooling::{self, Form, Level};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The law: `(days, probability)` ascending.
fn law(planned: i32, a: f64, early: f64, lo: i32, hi: i32) -> Vec<(i32, f64)> {
    let late = 1.0 - a - early;
    let mut pmf = vec![(planned - 1, early), (planned, a)];
    let width = f64::from(hi - lo + 1);
    pmf.extend((lo..=hi).map(|d| (planned + d, late / width)));
    pmf
}

/// The true p-quantile: the smallest day whose cumulative probability reaches p.
fn true_quantile(pmf: &[(i32, f64)], p: f64) -> f64 {
    let mut cum = 0.0;
    for &(d, q) in pmf {
        cum += q;
        if cum >= p - 1e-12 {
            return f64::from(d);
        }
    }
    f64::from(pmf.last().unwrap().0)
}

fn draw(pmf: &[(i32, f64)], r: &mut Xoshiro256PlusPlus) -> i32 {
    let u: f64 = r.random();
    let mut cum = 0.0;
    for &(d, q) in pmf {
        cum += q;
        if u < cum {
            return d;
        }
    }
    pmf.last().unwrap().0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn fitted_quantiles_converge_to_the_true_ones(
        planned in 3i32..40,
        a in 0.3f64..0.85,
        early in 0.0f64..0.1,
        lo in 2i32..10,
        width in 3i32..30,
        seed in any::<u64>(),
    ) {
        let pmf = law(planned, a, early, lo, lo + width);
        let mut r = Xoshiro256PlusPlus::seed_from_u64(seed);
        // A pool with nothing in common with the material: a big history must not lean on it.
        let strangers = Counts::of([planned + 500; 100]);
        for n in [500usize, 5_000, 20_000] {
            let own = Counts::of((0..n).map(|_| draw(&pmf, &mut r)));
            let fitted = pooling::pool(&own, &[Level { name: "others".into(), counts: &strangers }])
                .expect("observations");
            prop_assert_eq!(fitted.form, Form::Empirical);
            let delta = 3.0 / (n as f64).sqrt();
            for p in [0.5, 0.8, 0.9, 0.95, 0.99] {
                let q = fitted.quantiles.at(p);
                let (low, high) = (
                    true_quantile(&pmf, (p - delta).max(0.0)),
                    true_quantile(&pmf, (p + delta).min(1.0)),
                );
                prop_assert!(
                    low <= q && q <= high,
                    "n {} p{}: fitted {} outside [{}, {}]", n, p, q, low, high
                );
            }
        }
    }
}

/// A discretised law of `planned + extra` days, `extra` from `f(u)` for a fine grid of
/// uniforms `u` (its pmf, ascending).
fn discretised(planned: i32, f: impl Fn(f64) -> i32) -> Vec<(i32, f64)> {
    const N: usize = 100_000;
    let mut pmf: std::collections::BTreeMap<i32, f64> = std::collections::BTreeMap::new();
    for i in 0..N {
        let u = (i as f64 + 0.5) / N as f64;
        *pmf.entry(planned + f(u)).or_default() += 1.0 / N as f64;
    }
    pmf.into_iter().collect()
}

fn cdf(pmf: &[(i32, f64)], x: f64) -> f64 {
    pmf.iter()
        .filter(|(d, _)| f64::from(*d) <= x + 1e-9)
        .map(|(_, q)| q)
        .sum()
}

#[test]
fn materials_with_60_to_150_receipts_meet_the_held_out_goals() {
    // Issue 12's goals, on laws the fit does not assume: a spike on the day with a block
    // of late deliveries, an even spread, a Pareto long tail, two modes (on time or two
    // weeks late). For 400 materials with 60–150 receipts each, at p80, p90 and p95:
    // the true law reaches P − 3 points by the fitted day for ≥ 90 % of the materials,
    // and the fitted day is on average within 1.5, 1.5 and 2.5 days of the true quantile.
    let mut r = Xoshiro256PlusPlus::seed_from_u64(12);
    let levels = [0.8, 0.9, 0.95];
    let (mut reached, mut error) = ([0usize; 3], [0.0f64; 3]);
    let materials = 400;
    for m in 0..materials {
        let planned = r.random_range(5..40);
        let pmf = match m % 4 {
            0 => law(
                planned,
                r.random_range(0.4..0.8),
                0.05,
                r.random_range(2..6),
                r.random_range(8..25),
            ),
            1 => {
                let (lo, hi) = (r.random_range(-3..1), r.random_range(4..12));
                discretised(planned, |u| {
                    lo + (u * f64::from(hi - lo + 1)).floor() as i32
                })
            }
            2 => discretised(planned, |u| {
                (((1.0 - u).powf(-1.0 / 1.5) - 1.0).floor() as i32).min(60)
            }),
            _ => {
                let on_time = r.random_range(0.5..0.8);
                discretised(planned, |u| {
                    if u < on_time {
                        0
                    } else {
                        14 + ((u - on_time) / (1.0 - on_time) * 5.0) as i32
                    }
                })
            }
        };
        let n = r.random_range(60..=150);
        let own = Counts::of((0..n).map(|_| draw(&pmf, &mut r)));
        let fitted = pooling::pool(&own, &[]).expect("observations");
        for (k, &p) in levels.iter().enumerate() {
            let q = fitted.quantiles.at(p);
            if cdf(&pmf, q) >= p - 0.03 {
                reached[k] += 1;
            }
            error[k] += (q - true_quantile(&pmf, p)).abs();
        }
    }
    for (k, p) in levels.iter().enumerate() {
        let share = reached[k] as f64 / materials as f64;
        let mean = error[k] / materials as f64;
        let limit = [1.5, 1.5, 2.5][k];
        assert!(
            share >= 0.9,
            "p{p}: the true law reaches P − 3 points for {share:.3} of materials"
        );
        assert!(
            mean <= limit,
            "p{p}: mean error {mean:.2} days (goal {limit})"
        );
        eprintln!("p{p}: reached {share:.3}, mean error {mean:.2} days");
    }
}
