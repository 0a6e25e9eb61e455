//! Borrowing strength where an entity's own history is thin (empirical-Bayes style
//! credibility): the fitted quantile function is `w·own + (1 − w)·prior` with the weight
//! on the entity's own data `w = n / (n + k)` — `n` its observations, `k` =
//! [`PRIOR_STRENGTH`], the number of observations the prior counts as. The prior is the
//! next level of the chain (a material's supplier's *other* materials, then all other
//! materials), itself pooled the same way with the level after it. An entity with at
//! least [`OWN_ENOUGH`] observations stands on its own data (`w = 1`): its empirical
//! quantiles are then accurate to about a day, and borrowing would only bias them.

use super::empirical::{Counts, QuantileFunction};
use serde::Serialize;

/// How many observations a prior is worth: with 5, a material with 5 receipts leans
/// half on its own data, one with 1 receipt a sixth, one with 20 four fifths.
pub const PRIOR_STRENGTH: f64 = 5.0;

/// From this many observations on, an entity's own data is used alone.
pub const OWN_ENOUGH: usize = 30;

/// What a fitted distribution rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Form {
    /// The entity's own history alone.
    #[serde(rename = "empirical")]
    Empirical,
    /// Its own history blended with a pool's.
    #[serde(rename = "pooled")]
    Pooled,
    /// No history: the plant file's columns.
    #[serde(rename = "plant file")]
    PlantFile,
}

/// One level of a pooling chain: a name for the report ("supplier S1") and its
/// observations, without the entity being fitted.
pub struct Level<'a> {
    pub name: String,
    pub counts: &'a Counts,
}

/// A fitted distribution in the chain's units (before any shift back to days).
#[derive(Clone, Debug, PartialEq)]
pub struct Pooled {
    pub form: Form,
    /// `w`, the weight on the entity's own data (1 for empirical, 0 for the plant file).
    pub own_weight: f64,
    /// The first level borrowed from, when pooled.
    pub pooled_from: Option<String>,
    pub quantiles: QuantileFunction,
}

/// Fits `own` against the chain of priors `levels` (nearest first). `None` when `own` is
/// empty: the caller keeps the plant file's distribution. Levels without observations
/// are skipped.
pub fn pool(own: &Counts, levels: &[Level]) -> Option<Pooled> {
    let own_q = own.quantile_function()?;
    let n = own.len();
    let prior = (n < OWN_ENOUGH).then(|| prior(levels)).flatten();
    Some(match prior {
        None => Pooled {
            form: Form::Empirical,
            own_weight: 1.0,
            pooled_from: None,
            quantiles: own_q,
        },
        Some((name, prior_q)) => {
            let w = weight(n);
            Pooled {
                form: Form::Pooled,
                own_weight: w,
                pooled_from: Some(name),
                quantiles: own_q.blend(w, &prior_q),
            }
        }
    })
}

/// The prior a chain gives: its first non-empty level, pooled with the levels after it.
fn prior(levels: &[Level]) -> Option<(String, QuantileFunction)> {
    let i = levels.iter().position(|l| !l.counts.is_empty())?;
    let fitted = pool(levels[i].counts, &levels[i + 1..])?;
    Some((levels[i].name.clone(), fitted.quantiles))
}

/// `n / (n + k)`.
pub fn weight(n: usize) -> f64 {
    n as f64 / (n as f64 + PRIOR_STRENGTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_receipt_lands_between_its_own_value_and_its_suppliers() {
        // Own: one receipt at 20 days. The supplier's other materials: 40 receipts
        // spread 5..=14 (four of each). w = 1/(1 + 5) = 1/6.
        // Supplier p50, read at 0.5 + 0.5·√(0.25/40) = 0.539528: h = 39·0.539528 = 21.04
        // → x21 = x22 = 10 (xi = 5 + ⌊i/4⌋). Blend: 20/6 + 10·5/6 = 11.6667.
        let own = Counts::of([20]);
        let supplier = Counts::of((0..40).map(|i| 5 + i / 4));
        let all = Counts::of([30; 50]);
        let levels = [
            Level {
                name: "supplier S1".into(),
                counts: &supplier,
            },
            Level {
                name: "all materials".into(),
                counts: &all,
            },
        ];
        let p = pool(&own, &levels).expect("own data");
        assert_eq!(p.form, Form::Pooled);
        assert_eq!(p.pooled_from.as_deref(), Some("supplier S1"));
        assert!((p.own_weight - 1.0 / 6.0).abs() < 1e-12);
        let p50 = p.quantiles.at(0.5);
        assert!((p50 - 35.0 / 3.0).abs() < 1e-9, "{p50}");
        for &q in &[0.5, 0.8, 0.9, 0.95, 0.99] {
            let theirs = supplier.quantile_function().expect("pool").at(q);
            let mine = 20.0;
            let fitted = p.quantiles.at(q);
            assert!(
                theirs < fitted && fitted < mine,
                "p{q}: {theirs} < {fitted} < {mine}"
            );
        }
    }

    #[test]
    fn an_empty_supplier_pool_falls_through_to_all_materials() {
        let own = Counts::of([10, 12]);
        let none = Counts::default();
        let all = Counts::of([4, 4, 4, 4]);
        let levels = [
            Level {
                name: "supplier S2".into(),
                counts: &none,
            },
            Level {
                name: "all materials".into(),
                counts: &all,
            },
        ];
        let p = pool(&own, &levels).expect("own data");
        assert_eq!(p.pooled_from.as_deref(), Some("all materials"));
        // w = 2/7; own p50 read at 0.5 + 0.5·√(0.25/2) = 0.676777: 10 + 0.676777·2
        // = 11.353553; prior 4: (2·11.353553 + 5·4)/7 = 6.101015.
        assert!(
            (p.quantiles.at(0.5) - 6.101_015).abs() < 1e-6,
            "{}",
            p.quantiles.at(0.5)
        );
    }

    #[test]
    fn enough_own_data_stands_alone() {
        let own = Counts::of(0..OWN_ENOUGH as i32);
        let all = Counts::of([100; 10]);
        let levels = [Level {
            name: "all".into(),
            counts: &all,
        }];
        let p = pool(&own, &levels).expect("own data");
        assert_eq!((p.form, p.own_weight), (Form::Empirical, 1.0));
        assert!(pool(&Counts::default(), &levels).is_none());
    }
}
