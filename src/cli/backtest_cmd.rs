use super::args::BacktestArgs;
use super::progress::Progress;
use super::{Failure, Result, output};
use promise::day::Day;
use promise::fit::walk_forward::{self, WalkForward};
use promise::load;
use promise::reliability::Options;
use promise::reliability::backtest::{self, Backtest};
use promise::report::walk_forward as words;
use serde::Serialize;
use std::fmt::Write;

/// `backtest --json`: the promise-level keys as they were, plus `history` with
/// `--history HDIR` (the walk-forward check against the later history).
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    backtest: &'a Backtest,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<&'a WalkForward>,
}

/// The walk-forward check of `--history HDIR` (`None` without it, or when it names a
/// fitted-distributions file, which has no later history to check against).
fn walk(a: &BacktestArgs) -> Result<Option<WalkForward>> {
    let cutoff = a
        .cutoff
        .as_deref()
        .map(|s| Day::flag("--cutoff", s).map_err(Failure::Input))
        .transpose()?;
    let Some(path) = &a.common.history else {
        return match cutoff {
            Some(_) => Err(Failure::Input(
                "error: --cutoff needs --history HDIR: it splits the history".into(),
            )),
            None => Ok(None),
        };
    };
    if path.is_file() {
        if cutoff.is_some() {
            return Err(Failure::Input(format!(
                "error: --cutoff needs a history directory, not the fitted file {}",
                path.display()
            )));
        }
        if !a.common.quiet {
            eprintln!(
                "note: {} is a fitted file: no later history to check it against (give the history directory for the walk-forward check)",
                path.display()
            );
        }
        return Ok(None);
    }
    // The plant as its files say (the planning load has the fitted availability in it).
    let (plant, _) = load::load_dir(&a.common.data)?;
    let history = load::load_history_dir(path, &plant)?;
    let floor = load::ranges::MIN_AVAILABILITY;
    let cutoff = match cutoff {
        Some(c) => c,
        None => walk_forward::default_cutoff(&history)
            .map_err(|p| Failure::Input(format!("error: --history {}: {p}", path.display())))?,
    };
    walk_forward::walk_forward(&plant, &history, cutoff, floor)
        .map(Some)
        .map_err(|p| Failure::Input(format!("error: --cutoff {cutoff}: {p}")))
}

pub fn run(a: BacktestArgs) -> Result<()> {
    if a.seed == a.check_seed {
        return Err(Failure::Input(
            "error: --check-seed must differ from --seed: the check must be out of sample".into(),
        ));
    }
    let (plant, book, settings) = super::load(&a.common)?;
    let history = walk(&a)?;
    let bar = Progress::new(
        u64::from(a.scenarios.max(a.check_scenarios)),
        "simulating scenarios",
        a.common.quiet,
    );
    let predict = Options {
        scenarios: a.scenarios,
        seed: a.seed,
    };
    let check = Options {
        scenarios: a.check_scenarios,
        seed: a.check_seed,
    };
    let b = backtest::backtest(&plant, &book, settings, predict, check, &|n| {
        bar.set(u64::from(n))
    });
    bar.finish();
    if a.json {
        let out = Output {
            backtest: &b,
            history: history.as_ref(),
        };
        output::print_json(&out, true)
    } else {
        let mut text = table(&b);
        if let Some(w) = &history {
            text.push('\n');
            text.push_str(&words::text(w));
        }
        output::print(&text)
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("—".into(), |x| format!("{:.1}%", 100.0 * x))
}

fn table(b: &Backtest) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Backtest: promises from {} scenarios, checked on {} fresh ones",
        b.prediction_scenarios, b.scenarios
    );
    let _ = writeln!(
        s,
        "  orders {} ({} whose date varies)",
        b.orders, b.orders_varying
    );
    let _ = writeln!(
        s,
        "  blind promising (promise = requested date): hit rate {}\n",
        pct(b.blind_hit_rate)
    );
    let _ = writeln!(
        s,
        "  level   hit rate  (varying)  in sample  mean buffer  median   | fixed buffer  its hit rate"
    );
    for l in &b.levels {
        let _ = writeln!(
            s,
            "  {:<6} {:>9} {:>10} {:>10} {:>10.2} d {:>6.1} d  | {:>9} d  {:>10}",
            format!("{:.0}%", 100.0 * l.service_level),
            pct(Some(l.hit_rate)),
            pct(l.hit_rate_varying),
            pct(Some(l.in_sample_hit_rate)),
            l.mean_buffer_days,
            l.median_buffer_days,
            l.fixed_buffer_days,
            pct(Some(l.fixed_hit_rate))
        );
    }
    let _ = writeln!(
        s,
        "\n  Calibration of the stated confidence (predicted vs realized on-time rate):"
    );
    let _ = writeln!(s, "  bin          orders  predicted  realized");
    for c in b.calibration.iter().filter(|c| c.orders > 0) {
        let _ = writeln!(
            s,
            "  {:.1}–{:.1}   {:>8} {:>10} {:>9}",
            c.low,
            c.high,
            c.orders,
            pct(c.predicted),
            pct(c.realized)
        );
    }
    let _ = writeln!(
        s,
        "  Brier score {}",
        b.brier.map_or("—".into(), |x| format!("{x:.4}"))
    );
    s
}
