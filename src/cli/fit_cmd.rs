//! `promise fit`: loads the plant and its history, fits, prints the summary or JSON and
//! (with `--out DIR`) writes the fitted distributions to `DIR/fit.json`.

use super::args::FitArgs;
use super::{Failure, Result, output};
use promise::fit;
use promise::load;
use promise::report::fit as report;

pub fn run(a: FitArgs) -> Result<()> {
    if let Some(out) = &a.out {
        output::guard_inputs(out, &a.data)?;
        output::guard_inputs(out, &a.history)?;
    }
    let (plant, _orders) = load::load_dir(&a.data)?;
    let history = load::load_history_dir(&a.history, &plant)?;
    let fitted = fit::fit(&plant, &history);
    if let Some(out) = &a.out {
        let text = serde_json::to_string(&report::json(&fitted, true))
            .map_err(|e| Failure::Other(e.to_string()))?;
        output::write_all(out, &[(report::FILE_NAME, text + "\n")])?;
        eprintln!("wrote {}", out.join(report::FILE_NAME).display());
    }
    if a.json {
        output::print_json(&report::json(&fitted, false), true)
    } else {
        output::print(&report::text(&fitted))
    }
}
