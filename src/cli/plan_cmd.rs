use super::Result;
use super::args::PlanArgs;
use super::output;
use promise::plan::Plan;
use promise::report::{csv_out, json, text};

pub fn run(a: PlanArgs) -> Result<()> {
    if let Some(out) = &a.out {
        output::guard_inputs(out, &a.common.data)?;
    }
    let (plant, book, settings) = super::load(&a.common)?;
    let plan = Plan::build(&plant, &book, settings);
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
        output::print_json(&json::plan_json(&plant, &book, &plan), false)
    } else {
        let mut s = text::plan_summary(&plant, &book, &plan);
        if let Some(out) = &a.out {
            s.push_str(&format!(
                "\nWrote orders.csv, line_load.csv and purchases.csv to {}\n",
                out.display()
            ));
        }
        output::print(&s)
    }
}
