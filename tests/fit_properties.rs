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
