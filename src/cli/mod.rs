//! The only place that knows about files, flags and the terminal. Each command loads its
//! inputs, calls the pure core and writes the results; errors map to SPEC.md's exit
//! status (2 bad input or arguments, 1 anything else).

mod args;
mod backtest_cmd;
mod change_cmd;
mod fit_cmd;
mod followup_cmd;
mod gen_cmd;
mod import_cmd;
mod kpi_cmd;
mod output;
mod plan_cmd;
mod progress;
mod quote_cmd;
mod report_cmd;
mod serve_cmd;
mod setup_cmd;

use args::{Cli, Command, Common};
use clap::Parser;
use promise::day::Day;
use promise::load::{self, Diagnostics};
use promise::model::{OrderBook, Plant};
use promise::plan::Settings;

/// Why a command failed, and so its exit status.
pub enum Failure {
    /// Bad input files or arguments: exit 2.
    Input(String),
    /// Anything else (an output that cannot be written): exit 1.
    Other(String),
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Failure {
        Failure::Input(d.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Failure>;

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Plan(a) => plan_cmd::run(a),
        Command::Quote(a) => quote_cmd::run(a),
        Command::Gen(a) => gen_cmd::run(a),
        Command::Backtest(a) => backtest_cmd::run(a),
        Command::Change(a) => change_cmd::run(a),
        Command::Report(a) => report_cmd::run(a),
        Command::Serve(a) => serve_cmd::run(a),
        Command::Import(a) => match a.source {
            Some(args::ImportSource::Wt(w)) => import_cmd::run(w),
            None => serve_cmd::import(a),
        },
        Command::Export(a) => serve_cmd::export(a),
        Command::Followup(a) => followup_cmd::run(a),
        Command::Kpi(a) => kpi_cmd::run(a),
        Command::Completions(a) => setup_cmd::completions(a),
        Command::Man => setup_cmd::man(),
        Command::Fit(a) => fit_cmd::run(a),
    };
    match result {
        Ok(()) => 0,
        Err(Failure::Input(msg)) => {
            eprintln!("{msg}");
            2
        }
        Err(Failure::Other(msg)) => {
            eprintln!("error: {msg}");
            1
        }
    }
}

/// Today, from the clock of this machine.
pub fn today() -> Day {
    Day::from_date(chrono::Local::now().date_naive())
}

/// The `--as-of` flag (default today): a date in the range, at most the horizon after today.
pub fn as_of(flag: Option<&str>, horizon_days: i32) -> Result<Day> {
    let as_of = match flag {
        Some(s) => Day::flag("--as-of", s).map_err(Failure::Input)?,
        None => today(),
    };
    match Day::as_of_problem(as_of, today(), horizon_days) {
        Some(p) => Err(Failure::Input(format!("error: --as-of: {p}"))),
        None => Ok(as_of),
    }
}

/// Hands the reliability model the laws learnt from history: `path` is a history
/// directory (fitted here) or the `fit.json` of `promise fit --out` (read back).
fn learn(plant: &mut Plant, path: &std::path::Path) -> Result<()> {
    let floor = promise::load::ranges::MIN_AVAILABILITY;
    if path.is_file() {
        let f = load::load_fitted_file(path, plant)?;
        promise::fit::apply(plant, f.learnt, &f.availability, floor);
    } else {
        let history = load::load_history_dir(path, plant)?;
        promise::fit::fit(plant, &history).apply_to(plant, floor);
    }
    Ok(())
}

/// Loads the data set and the settings shared by every command.
pub fn load(common: &Common) -> Result<(Plant, OrderBook, Settings)> {
    let as_of = as_of(common.as_of.as_deref(), common.horizon_days)?;
    let (mut plant, book) = load::load_dir(&common.data)?;
    if let Some(dir) = &common.history {
        learn(&mut plant, dir)?;
    }
    let settings = Settings {
        as_of,
        horizon_days: common.horizon_days,
        safety_days: common.safety_days,
    };
    Ok((plant, book, settings))
}
