//! `promise kpi`: promises kept, measured on an order-book database. It reads as `promise
//! export` does (read only, one snapshot, no lock beside a running server).

use super::args::KpiArgs;
use super::{Failure, Result, output};
use promise::day::Day;
use promise::kpi::{Window, measure};
use promise::report::kpi::kpi_text;
use promise::store::kpi::facts;

pub fn run(a: KpiArgs) -> Result<()> {
    let day = |name: &str, v: &Option<String>| -> Result<Option<Day>> {
        v.as_deref()
            .map(|s| Day::flag(name, s).map_err(Failure::Input))
            .transpose()
    };
    let window = Window {
        from: day("--from", &a.from)?,
        to: day("--to", &a.to)?,
    };
    if let Some(p) = window.problem() {
        return Err(Failure::Input(format!("error: --to: {p}")));
    }
    let mut store = super::serve_cmd::open_to_read(&a.db, "promise kpi")?;
    let orders = facts(&mut store).map_err(|e| Failure::Other(e.0))?;
    let k = measure(&orders, window);
    if a.json {
        output::print_json(&k, true)
    } else {
        output::print(&kpi_text(&k))
    }
}
