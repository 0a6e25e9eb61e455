use super::args::{OptimizeArgs, PlanArgs};
use super::progress::Progress;
use super::{Failure, Result, output};
use promise::followup::{Risks, Windows, followup};
use promise::load::workbook::is_workbook;
use promise::model::{OrderBook, Plant};
use promise::optimize::{self, Solver};
use promise::plan::{Plan, Settings};
use promise::reliability::{self, Outlook, margin};
use promise::report::{csv_out, json, outlook, text, xlsx_out};

/// `promise plan`: the heuristic plan of SPEC.md, or the optimised one (`--optimize`); with
/// `--service-level`, every order's confidence and the orders at risk.
pub fn run(a: PlanArgs) -> Result<()> {
    if a.optimize.optimize && a.reliability.service_level.is_some() {
        return Err(Failure::Input(OPTIMIZE_WITH_SERVICE_LEVEL.into()));
    }
    let workbook_out = a.out.as_deref().is_some_and(is_workbook);
    match &a.out {
        Some(out) if workbook_out => output::guard_file(out, &a.common.data)?,
        Some(out) => output::guard_inputs(out, &a.common.data)?,
        None => {}
    }
    let search = a
        .optimize
        .optimize
        .then(|| options(&a.optimize, a.reliability.seed))
        .transpose()?;
    let (plant, book, settings) = super::load(&a.common)?;
    let (plan, optimized) = match &search {
        Some(opts) => {
            let bar = Progress::new(0, "optimising", a.common.quiet);
            let o = bar.timed(opts.time_limit, || {
                optimize::optimize(&plant, &book, settings, opts)
            });
            bar.finish();
            let o = o.map_err(|e| Failure::Input(format!("error: --solver: {e}")))?;
            (o.plan.clone(), Some(o))
        }
        None => (Plan::build(&plant, &book, settings), None),
    };
    let (plan, outlooks) = match a.reliability.service_level {
        Some(level) => {
            let (plan, o) = simulate(&a, &plant, &book, settings, level);
            (plan, Some((level, o)))
        }
        None => (plan, None),
    };
    if let Some(out) = &a.out {
        let mut files = vec![
            ("orders.csv", csv_out::orders_csv(&plant, &book, &plan)),
            ("line_load.csv", csv_out::line_load_csv(&plant, &plan)),
            (
                "purchases.csv",
                csv_out::purchases_csv(&plant, &book, &plan),
            ),
        ];
        if plant.routed {
            files.push((
                "work_orders.csv",
                csv_out::work_orders_csv(&plant, &book, &plan),
            ));
        }
        if workbook_out {
            let risks = outlooks.as_ref().map(|(_, o)| Risks {
                outlooks: o,
                below: a.risk_below,
            });
            let f = followup(&plant, &book, &plan, risks.as_ref(), Windows::default());
            files.push(("followup", xlsx_out::followup_csv(&f)));
            let sheets: Vec<(&str, String)> = files
                .into_iter()
                .map(|(name, text)| (name.trim_end_matches(".csv"), text))
                .collect();
            let bytes = xlsx_out::plan_workbook(&sheets, a.lang).map_err(Failure::Other)?;
            output::write_bytes(out, &bytes)?;
        } else {
            output::write_all(out, &files)?;
        }
    }
    if a.json {
        let mut j = json::plan_json(&plant, &book, &plan);
        if let Some((level, o)) = &outlooks {
            outlook::apply_to_plan(&mut j, &book, &plan, o, *level, a.risk_below);
        }
        if let Some(o) = &optimized {
            let heuristic = Plan::build(&plant, &book, settings);
            j.optimization = Some(json::optimization_json(&book, &heuristic, o));
        }
        output::print_json(&j, false)
    } else {
        let mut s = promise::report::summary::plan_summary(&plant, &book, &plan, a.lang);
        if let Some(o) = &optimized {
            s.push_str(&text::optimization_summary(o));
        }
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
            let also = if plant.routed {
                ", work_orders.csv"
            } else {
                ""
            };
            s.push_str(&format!(
                "\nWrote orders.csv, line_load.csv{also} and purchases.csv to {}\n",
                out.display()
            ));
        }
        output::print(&s)
    }
}

/// Why `--optimize` refuses `--service-level` (SPEC.md's risk-aware margins would be lost:
/// the optimiser re-times and re-sequences orders without them).
pub const OPTIMIZE_WITH_SERVICE_LEVEL: &str = "error: --optimize cannot be combined with --service-level: the optimised plan does not keep the risk-aware just-in-time margins (each committed order's target earlier by its own P-margin, SPEC.md); run `plan --service-level P` for the risk-aware plan, or `plan --optimize` without it";

/// The outlooks of the risk-aware plan at `level` (each committed order's just-in-time
/// target moves earlier by its own margin). `--optimize` never gets here.
fn simulate(
    a: &PlanArgs,
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    level: f64,
) -> (Plan, Vec<Option<Outlook>>) {
    let r = &a.reliability;
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
    let result = margin::risk_aware_plan(plant, book, settings, level, opts, &progress);
    bar.finish();
    result
}

/// The optimiser's flags, checked before anything is loaded.
fn options(a: &OptimizeArgs, seed: u64) -> Result<optimize::Options> {
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
    let time_limit = humantime::parse_duration(a.time_limit.trim())
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Failure::Input(format!(
                "error: --time-limit: expected a duration such as 1s, 60s or 5m, found \"{}\"",
                a.time_limit
            ))
        })?;
    Ok(optimize::Options {
        time_limit,
        iterations: a.iterations,
        seed,
        solver,
        lower_bound: true,
        special: !a.no_special,
    })
}
