use super::args::BacktestArgs;
use super::progress::Progress;
use super::{Failure, Result, output};
use promise::reliability::Options;
use promise::reliability::backtest::{self, Backtest};
use std::fmt::Write;

pub fn run(a: BacktestArgs) -> Result<()> {
    if a.seed == a.check_seed {
        return Err(Failure::Input(
            "error: --check-seed must differ from --seed: the check must be out of sample".into(),
        ));
    }
    let (plant, book, settings) = super::load(&a.common)?;
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
        output::print_json(&b, true)
    } else {
        output::print(&table(&b))
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
