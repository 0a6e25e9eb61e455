use super::Result;
use super::args::PlanArgs;
use super::output;
use super::progress::Progress;
use promise::plan::Plan;
use promise::reliability::{Options, margin};
use promise::report::{csv_out, json, outlook, text};

pub fn run(a: PlanArgs) -> Result<()> {
    if let Some(out) = &a.out {
        output::guard_inputs(out, &a.common.data)?;
    }
    let (plant, book, settings) = super::load(&a.common)?;
    let r = &a.reliability;
    let (plan, outlooks) = match r.service_level {
        Some(level) => {
            let bar = Progress::new(
                u64::from(r.scenarios),
                "simulating scenarios",
                a.common.quiet,
            );
            let opts = Options {
                scenarios: r.scenarios,
                seed: r.seed,
            };
            let (plan, outlooks) =
                margin::risk_aware_plan(&plant, &book, settings, level, opts, &|n| {
                    bar.set(u64::from(n))
                });
            bar.finish();
            (plan, Some((level, outlooks)))
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
        if let Some((level, o)) = &outlooks {
            outlook::apply_to_plan(&mut j, &book, &plan, o, *level, a.risk_below);
        }
        output::print_json(&j, false)
    } else {
        let mut s = text::plan_summary(&plant, &book, &plan);
        if let Some((level, o)) = &outlooks {
            s.push_str(&outlook::at_risk_section(
                &book,
                &plan,
                o,
                *level,
                a.risk_below,
            ));
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
