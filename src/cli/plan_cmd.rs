use super::args::{OptimizeArgs, PlanArgs};
use super::{Failure, Result, output};
use promise::model::{OrderBook, Plant};
use promise::optimize::{self, Optimized, Options, Solver};
use promise::plan::{Plan, Settings};
use promise::report::{csv_out, json, text};
use std::time::Duration;

pub fn run(a: PlanArgs) -> Result<()> {
    if let Some(out) = &a.out {
        output::guard_inputs(out, &a.common.data)?;
    }
    let opts = a
        .optimize
        .optimize
        .then(|| options(&a.optimize))
        .transpose()?;
    let (plant, book, settings) = super::load(&a.common)?;
    let (plan, optimized) = match &opts {
        Some(opts) => {
            let o = run_optimizer(&plant, &book, settings, opts)?;
            (o.plan.clone(), Some(o))
        }
        None => (Plan::build(&plant, &book, settings), None),
    };
    if let Some(out) = &a.out {
        output::write_all(
            out,
            &[
                ("orders.csv", csv_out::orders_csv(&plant, &book, &plan)),
                ("line_load.csv", csv_out::line_load_csv(&plant, &plan)),
                (
                    "purchases.csv",
                    csv_out::purchases_csv(&plant, &book, &plan),
                ),
            ],
        )?;
    }
    if a.json {
        let mut j = json::plan_json(&plant, &book, &plan);
        if let Some(o) = &optimized {
            let heuristic = Plan::build(&plant, &book, settings);
            j.optimization = Some(json::optimization_json(&book, &heuristic, o));
        }
        output::print_json(&j, false)
    } else {
        let mut s = text::plan_summary(&plant, &book, &plan);
        if let Some(o) = &optimized {
            s.push_str(&text::optimization_summary(o));
        }
        if let Some(out) = &a.out {
            s.push_str(&format!(
                "\nWrote orders.csv, line_load.csv and purchases.csv to {}\n",
                out.display()
            ));
        }
        output::print(&s)
    }
}

fn run_optimizer(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    opts: &Options,
) -> Result<Optimized> {
    optimize::optimize(plant, book, settings, opts)
        .map_err(|e| Failure::Input(format!("error: --solver: {e}")))
}

/// The optimiser's flags, checked before anything is loaded.
fn options(a: &OptimizeArgs) -> Result<Options> {
    let solver = Solver::parse(&a.solver).ok_or_else(|| {
        Failure::Input(format!(
            "error: --solver: expected microlp or highs, found \"{}\"",
            a.solver
        ))
    })?;
    if !solver.available() {
        return Err(Failure::Input(format!(
            "error: --solver highs: {}",
            optimize::HIGHS_MISSING
        )));
    }
    let time_limit = parse_duration(&a.time_limit).ok_or_else(|| {
        Failure::Input(format!(
            "error: --time-limit: expected a duration such as 1s, 60s or 5m, found \"{}\"",
            a.time_limit
        ))
    })?;
    Ok(Options {
        time_limit,
        iterations: a.iterations,
        seed: a.seed,
        solver,
        lower_bound: true,
    })
}

/// `500ms`, `1s`, `60s`, `5m`, `1h`, or a plain number of seconds.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return None,
    };
    (secs.is_finite() && secs > 0.0 && secs <= 7.0 * 86_400.0)
        .then(|| Duration::from_secs_f64(secs))
}
