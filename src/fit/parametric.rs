//! The plant file's own distributions, for what has no history: the reliability model's
//! lognormal matched to a mean and a standard deviation (`lead_time_days` ±
//! `lead_time_sd_days`, transit `days` ± `days_sd`), a half-normal delay when the mean is
//! 0, and the half-normal slip of an open receipt. Their quantiles are the continuous
//! ones (the simulation rounds each draw to whole days); the grid's ends p = 0 and p = 1
//! are taken at 0.001 and 0.999, since both laws are unbounded above.

use super::empirical::QuantileFunction;

/// The lognormal with this mean and sd (the sampler's `Skewed`), as a quantile function.
pub fn skewed(days: i32, sd: f64) -> QuantileFunction {
    if days > 0 && sd > 0.0 {
        let mean = f64::from(days);
        let s2 = (1.0 + (sd / mean).powi(2)).ln();
        let (mu, s) = (mean.ln() - s2 / 2.0, s2.sqrt());
        QuantileFunction::from_fn(|p| (mu + s * normal_quantile(inner(p))).exp())
    } else if days <= 0 {
        half_normal(sd)
    } else {
        QuantileFunction::from_fn(|_| f64::from(days))
    }
}

/// `|N(0, sd)|` as a quantile function: `sd·Φ⁻¹((1 + p)/2)`.
pub fn half_normal(sd: f64) -> QuantileFunction {
    if sd <= 0.0 {
        return QuantileFunction::from_fn(|_| 0.0);
    }
    QuantileFunction::from_fn(|p| sd * normal_quantile((1.0 + inner(p)) / 2.0))
}

/// `p` kept off 0 and 1, where the laws' quantiles are 0 or infinite.
fn inner(p: f64) -> f64 {
    p.clamp(0.001, 0.999)
}

/// Φ⁻¹(p), the standard normal quantile, for p in (0, 1): Acklam's rational
/// approximation (relative error < 1.2e-9), ample for quantiles in days.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    const LOW: f64 = 0.02425;
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles() {
        assert!(normal_quantile(0.5).abs() < 1e-9);
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-5);
        assert!((normal_quantile(0.01) + 2.326_348).abs() < 1e-5);
    }

    #[test]
    fn lognormal_through_mean_and_sd() {
        // Mean 10, sd 5: σ² = ln 1.25, μ = ln 10 − σ²/2; median e^μ = 10/√1.25 = 8.944.
        let q = skewed(10, 5.0);
        assert!((q.at(0.5) - 8.944_272).abs() < 1e-4, "{}", q.at(0.5));
        assert_eq!(skewed(7, 0.0).at(0.99), 7.0);
        // Half-normal sd 2: p50 = 2·Φ⁻¹(0.75) = 1.34898.
        assert!((skewed(0, 2.0).at(0.5) - 1.348_98).abs() < 1e-4);
    }
}
