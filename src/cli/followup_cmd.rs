use super::args::FollowupArgs;
use super::progress::Progress;
use super::{Result, output};
use promise::followup::{Risks, Windows, followup};
use promise::plan::Plan;
use promise::reliability::{self, margin};
use promise::report::followup::followup_text;

/// `promise followup`: the follow-up lists of the plan (risk-aware at a service level,
/// as `plan --service-level` plans it).
pub fn run(a: FollowupArgs) -> Result<()> {
    let (plant, book, settings) = super::load(&a.common)?;
    let w = Windows {
        purchasing: a.purchasing,
        production: a.production,
        packaging: a.packaging,
        shipping: a.shipping,
        orders: a.orders,
    };
    let r = &a.reliability;
    let (plan, outlooks) = match r.service_level {
        Some(level) => {
            let opts = reliability::Options {
                scenarios: r.scenarios,
                seed: r.seed,
            };
            let bar = Progress::new(
                u64::from(r.scenarios),
                "simulating scenarios",
                a.common.quiet,
            );
            let progress = |n: u32| bar.set(u64::from(n));
            let (plan, o) =
                margin::risk_aware_plan(&plant, &book, settings, level, opts, &progress);
            bar.finish();
            (plan, Some(o))
        }
        None => (Plan::build(&plant, &book, settings), None),
    };
    let risks = outlooks.as_ref().map(|o| Risks {
        outlooks: o,
        below: a.risk_below,
    });
    let f = followup(&plant, &book, &plan, risks.as_ref(), w);
    if a.json {
        output::print_json(&f, true)
    } else {
        output::print(&followup_text(&f, w, a.lang))
    }
}
