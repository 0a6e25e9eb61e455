//! Words for the walk-forward check of `promise backtest --history`: a small table per
//! kind of observation, the fitted law and the plant file's side by side.

use crate::fit::walk_forward::{Check, Score, WalkForward};
use std::fmt::Write;

fn pct(x: Option<f64>) -> String {
    x.map_or("—".into(), |x| format!("{:.1}%", 100.0 * x))
}

fn row(s: &mut String, name: &str, score: &Score, unit: &str) {
    let c = &score.coverage;
    let pit: Vec<String> = score
        .pit
        .iter()
        .map(|x| format!("{:>2.0}", 100.0 * x))
        .collect();
    let _ = writeln!(
        s,
        "    {:<11} {:>7} {:>7} {:>7} {:>7} {:>9} {:>9}   {}",
        name,
        pct(c.p80),
        pct(c.p90),
        pct(c.p95),
        pct(c.p99),
        score
            .mean_p90
            .map_or("—".into(), |x| format!("{x:.1} {unit}")),
        score
            .p80_error_days
            .map_or("—".into(), |x| format!("{x:.1} d")),
        pit.join(" ")
    );
}

fn table(s: &mut String, title: &str, c: &Check, unit: &str) {
    let _ = writeln!(
        s,
        "  {title}: {} held out{}",
        c.observations,
        c.mean_observed
            .map_or(String::new(), |m| format!(", mean {m:.1} {unit}"))
    );
    if c.observations == 0 {
        return;
    }
    let _ = writeln!(
        s,
        "    {:<11} {:>7} {:>7} {:>7} {:>7} {:>9} {:>9}   PIT histogram (% per tenth; 10 each is right)",
        "law", "p80", "p90", "p95", "p99", "mean p90", "p80 off"
    );
    row(s, "fitted", &c.fitted, unit);
    row(s, "plant file", &c.plant_file, unit);
}

/// The walk-forward section of `promise backtest --history` (after the promise table).
pub fn text(w: &WalkForward) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Walk-forward check against the history: fitted on what finished before {} \
         ({} receipts, {} shipments, {} line-days), checked on what started on or after it.",
        w.cutoff, w.training.receipts, w.training.shipments, w.training.line_days
    );
    let _ = writeln!(
        s,
        "  Coverage: the share at or below the predicted P-quantile of its own material, lane or line.\n  \
         p80 off: mean days between the law's p80 and the held-out p80, over the materials or lanes\n  \
         with at least {} held out.\n",
        crate::fit::walk_forward::P80_MIN_OBSERVATIONS
    );
    table(&mut s, "Receipts, lead time", &w.receipts, "d");
    table(
        &mut s,
        "Receipts, delay against the due date",
        &w.delays,
        "d",
    );
    table(&mut s, "Shipments, transit", &w.shipments, "d");
    table(&mut s, "Line-days, shifts lost", &w.lines.check, "sh");
    if w.lines.check.observations > 0 {
        let _ = writeln!(
            s,
            "    availability: observed {}, fitted {}, plant file {}",
            pct(w.lines.availability_observed),
            pct(w.lines.availability_fitted),
            pct(w.lines.availability_plant_file)
        );
    }
    s
}
