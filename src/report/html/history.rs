//! The laws learnt from history (`--history`) drawn beside the orders they put at risk: a
//! small histogram of the fitted lead time or transit (the planned days marked), or the
//! fitted breakdown process of a line. A planner sees at a glance why a supplier or a lane
//! is the risk: the spread, the long tail, how far the planned days sit from the bulk.

use super::i18n::{Labels, fill};
use crate::fit::Learnt;
use crate::fit::empirical::QuantileFunction;
use crate::model::Plant;
use crate::reliability::{Risk, RiskKind};
use crate::report::gantt::escape;
use std::fmt::Write;

/// Bars of a histogram.
const BINS: usize = 12;
const WIDTH: f64 = 96.0;
const HEIGHT: f64 = 22.0;

/// The cell for an at-risk order's main risk: a histogram of its fitted law, the law of a
/// line's outages, or a note that history fitted nothing for it (the plant file's law is
/// what was simulated).
pub fn risk_cell(plant: &Plant, learnt: &Learnt, risk: &Risk, t: &Labels) -> String {
    let cell = fitted_cell(plant, learnt, risk, t);
    if cell.is_empty() && risk.kind != RiskKind::None {
        return format!("<span class=\"range\">{}</span>", escape(t.no_history));
    }
    cell
}

fn fitted_cell(plant: &Plant, learnt: &Learnt, risk: &Risk, t: &Labels) -> String {
    match risk.kind {
        RiskKind::Material => plant
            .material(&risk.id)
            .and_then(|m| {
                let q = learnt.lead_time.get(m)?.as_deref()?;
                Some(histogram(q, Some(plant.materials[m].lead_time_days), t))
            })
            .unwrap_or_default(),
        RiskKind::Transit => lane(plant, learnt, &risk.id)
            .map(|(q, planned)| histogram(q, Some(planned), t))
            .unwrap_or_default(),
        RiskKind::Capacity => plant
            .line(&risk.id)
            .and_then(|l| learnt.outages.get(l)?.as_ref())
            .map(|o| {
                fill(
                    t.outage_law,
                    &[
                        ("every", &format!("{:.0}", 1.0 / o.rate.max(1e-9))),
                        ("days", &format!("{:.1}", o.mean_days)),
                    ],
                )
            })
            .unwrap_or_default(),
        RiskKind::None => String::new(),
    }
}

/// A lane's fitted transit and its planned days, from a risk id `destination/mode`.
fn lane<'a>(plant: &Plant, learnt: &'a Learnt, id: &str) -> Option<(&'a QuantileFunction, i32)> {
    let (dest, mode) = id.rsplit_once('/')?;
    let d = plant.destination(dest)?;
    let m = plant.destinations[d]
        .modes
        .iter()
        .position(|x| x.name == mode)?;
    let q = learnt.transit.get(d)?.get(m)?.as_deref()?;
    Some((q, plant.destinations[d].modes[m].days))
}

/// How many of the quantile function's 100 equal-probability slices fall in each of
/// [`BINS`] equal-width bars from its minimum to its maximum (each slice counted at its
/// midpoint).
fn counts(q: &QuantileFunction) -> (f64, f64, [u32; BINS]) {
    let (lo, hi) = (q.0[0], q.0[q.0.len() - 1]);
    let mut c = [0u32; BINS];
    let width = (hi - lo) / BINS as f64;
    for w in q.0.windows(2) {
        let mid = (w[0] + w[1]) / 2.0;
        let b = if width > 0.0 {
            (((mid - lo) / width) as usize).min(BINS - 1)
        } else {
            0
        };
        c[b] += 1;
    }
    (lo, hi, c)
}

/// An inline SVG histogram; the planned days as a dashed mark; the quantiles as its title.
fn histogram(q: &QuantileFunction, planned: Option<i32>, t: &Labels) -> String {
    let (lo, hi, c) = counts(q);
    let max = f64::from(*c.iter().max().unwrap_or(&1)).max(1.0);
    let bar = WIDTH / BINS as f64;
    let title = fill(
        t.fitted_days,
        &[
            ("p50", &format!("{:.1}", q.at(0.5))),
            ("p80", &format!("{:.1}", q.at(0.8))),
            ("p95", &format!("{:.1}", q.at(0.95))),
            ("p99", &format!("{:.1}", q.at(0.99))),
            (
                "planned",
                &planned.map_or("—".to_string(), |p| p.to_string()),
            ),
        ],
    );
    let mut s = format!(
        "<svg class=\"spark\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         role=\"img\"><title>{title}</title>"
    );
    for (i, &n) in c.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let h = (HEIGHT - 2.0) * f64::from(n) / max;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"/>",
            i as f64 * bar,
            HEIGHT - h,
            bar - 1.0
        );
    }
    if let Some(p) = planned
        .map(f64::from)
        .filter(|p| hi > lo && (lo..=hi).contains(p))
    {
        let x = WIDTH * (p - lo) / (hi - lo);
        let _ = write!(
            s,
            "<line class=\"planned\" x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"{HEIGHT}\"/>"
        );
    }
    let _ = write!(s, "</svg> <span class=\"range\">{lo:.0}–{hi:.0}</span>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::empirical::GRID_POINTS;

    fn uniform(lo: f64, hi: f64) -> QuantileFunction {
        let mut q = [0.0; GRID_POINTS];
        for (i, x) in q.iter_mut().enumerate() {
            *x = lo + (hi - lo) * i as f64 / (GRID_POINTS - 1) as f64;
        }
        QuantileFunction(q)
    }

    #[test]
    fn a_uniform_law_fills_every_bar_alike_and_a_point_mass_one() {
        // 100 slices of 0..12 days: slice k's midpoint is 0.12·k + 0.06, so bar b (one
        // day wide) holds the slices whose midpoint is in [b, b+1): 8 or 9 of them.
        let (lo, hi, c) = counts(&uniform(0.0, 12.0));
        assert_eq!((lo, hi), (0.0, 12.0));
        assert_eq!(c.iter().sum::<u32>(), 100);
        assert!(c.iter().all(|&n| n == 8 || n == 9), "{c:?}");
        let (_, _, c) = counts(&QuantileFunction([5.0; GRID_POINTS]));
        assert_eq!(c[0], 100);
    }

    #[test]
    fn a_long_tail_leaves_the_bulk_in_the_first_bars() {
        // 90 % within 10..11 days, the last 10 % stretched to 40 days.
        let mut q = uniform(10.0, 11.0);
        for i in 90..GRID_POINTS {
            q.0[i] = 11.0 + 29.0 * (i - 90) as f64 / 10.0;
        }
        let (_, _, c) = counts(&q);
        assert!(c[0] >= 89, "{c:?}");
        let svg = histogram(&q, Some(14), crate::report::html::Lang::En.labels());
        assert!(svg.contains("<line class=\"planned\""), "{svg}");
        assert!(svg.contains("p95 "), "{svg}");
    }
}
