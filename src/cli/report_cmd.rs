//! `promise report`: the plan (risk-aware at a service level unless `--no-risk`, as
//! `plan --service-level` plans it) rendered as one self-contained HTML page.

use super::Result;
use super::args::ReportArgs;
use super::output;
use super::progress::Progress;
use promise::plan::Plan;
use promise::reliability::{Options, margin};
use promise::report::html::plan_report;

pub fn run(a: ReportArgs) -> Result<()> {
    output::guard_file(&a.out, &a.common.data)?;
    let (plant, book, settings) = super::load(&a.common)?;
    let (plan, outlooks) = if a.no_risk {
        (Plan::build(&plant, &book, settings), None)
    } else {
        let bar = Progress::new(
            u64::from(a.scenarios),
            "simulating scenarios",
            a.common.quiet,
        );
        let opts = Options {
            scenarios: a.scenarios,
            seed: a.seed,
        };
        let (plan, outlooks) =
            margin::risk_aware_plan(&plant, &book, settings, a.service_level, opts, &|n| {
                bar.set(u64::from(n))
            });
        bar.finish();
        (plan, Some(outlooks))
    };
    let html = plan_report(
        &plant,
        &book,
        &plan,
        outlooks.as_deref().map(|o| (a.service_level, o)),
        a.lang,
    );
    output::write_file(&a.out, &html)?;
    if !a.common.quiet {
        eprintln!("wrote the plan report to {}", a.out.display());
    }
    Ok(())
}
