//! The optimiser against OR-Library's published weighted tardiness optima.
//!
//! ```sh
//! cargo run --release --example orlib -- wt40            # all 125 instances of wt40
//! cargo run --release --example orlib -- wt100 --time-limit 1 --first 20
//! cargo run --release --example orlib -- wt40 wt50 --no-special    # the general search
//! cargo run --release --example orlib -- wt40 --irrelevant         # with data that changes nothing
//! ```
//!
//! Each instance is written as a plant (`promise::optimize::wt`), loaded, and optimised by
//! `promise::optimize::optimize` exactly as `promise plan --optimize` would; the objective
//! reported is the engine's plan's. Prints, per file, the mean % above the optimum (best
//! known for wt100) over instances whose optimum is > 0, the optima hit, the mean and
//! max time per instance, and whether the LP bound ever exceeded the optimum.
//!
//! `--no-special` turns the single-machine search off (`plan --optimize --no-special`);
//! `--irrelevant` adds an unused line, an unused in-stock material, calendar rows that change
//! no shift and a shipped and a cancelled order to every plant
//! (`promise::optimize::wt::with_irrelevant_data`); `--no-lp` skips the LP bound; `-v`
//! prints every instance.

use promise::day::Day;
use promise::load::load_files;
use promise::optimize::{Options, Solver, optimize, wt};
use promise::plan::Settings;
use std::path::PathBuf;
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let dir =
        PathBuf::from(flag("--dir").unwrap_or_else(|| "../shared/benchmarks/or-library-wt".into()));
    let seconds: f64 =
        flag("--time-limit").map_or(1.0, |s| s.parse().expect("--time-limit SECONDS"));
    let iterations = flag("--iterations").map(|s| s.parse().expect("--iterations N"));
    let first: usize = flag("--first").map_or(usize::MAX, |s| s.parse().expect("--first N"));
    let solver = flag("--solver").map_or(Solver::Microlp, |s| Solver::parse(&s).expect("--solver"));
    let no_lp = args.iter().any(|a| a == "--no-lp");
    let names: Vec<&String> = args.iter().filter(|a| a.starts_with("wt")).collect();
    for name in if names.is_empty() { vec![] } else { names } {
        let n = wt::jobs_in_name(name).expect("wt40, wt50 or wt100");
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("instance file");
        let best_file = if n == 100 {
            "wtbest100b.txt".to_string()
        } else {
            format!("wtopt{n}.txt")
        };
        let best =
            wt::parse_numbers(&std::fs::read_to_string(dir.join(best_file)).expect("optima file"))
                .expect("optima");
        let instances = wt::parse(&text, n).expect("instances");
        let as_of = Day::parse("2026-03-02").unwrap();
        let (mut dev_sum, mut dev_n, mut hits, mut t_sum, mut t_max, mut lb_bad, mut gap_sum) =
            (0.0, 0, 0, 0.0, 0.0f64, 0, 0.0);
        let count = instances.len().min(first);
        for (k, inst) in instances.iter().take(count).enumerate() {
            let mut files = wt::plant_files(inst, as_of);
            if args.iter().any(|a| a == "--irrelevant") {
                files = wt::with_irrelevant_data(&files, as_of);
            }
            let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
            let (plant, book) = load_files(&refs).expect("instance plant loads");
            let opts = Options {
                time_limit: Duration::from_secs_f64(seconds),
                iterations,
                seed: 1,
                solver,
                lower_bound: !no_lp,
                special: !args.iter().any(|a| a == "--no-special"),
            };
            let clock = std::time::Instant::now();
            let r = optimize(&plant, &book, Settings::new(as_of), &opts).expect("optimises");
            // Wall time of the whole call, as a user would see it.
            let wall = clock.elapsed().as_secs_f64();
            let opt = best[k] as f64;
            if r.objective <= opt + 1e-9 {
                hits += 1;
            }
            if opt > 0.0 {
                dev_sum += 100.0 * (r.objective - opt) / opt;
                dev_n += 1;
            }
            if r.bound.value > opt + 1e-9 {
                lb_bad += 1;
                eprintln!(
                    "{name} #{}: LP bound {} above the optimum {opt}",
                    k + 1,
                    r.bound.value
                );
            }
            gap_sum += r.gap;
            t_sum += wall;
            t_max = t_max.max(wall);
            if args.iter().any(|a| a == "-v") {
                eprintln!(
                    "{name} #{:>3}: optimum {opt:>7} heuristic {:>7} found {:>7} bound {:>7} ({}) {:.2}s {} steps",
                    k + 1,
                    r.heuristic_objective,
                    r.objective,
                    r.bound.value,
                    if r.bound.solved {
                        format!(
                            "LP {} vars {}d {:.2}s",
                            r.bound.variables, r.bound.bucket_days, r.bound.seconds
                        )
                    } else {
                        format!("alone: {} ({} vars)", r.bound.note, r.bound.variables)
                    },
                    wall,
                    r.iterations
                );
            }
        }
        println!(
            "{name}: {count} instances, mean {:.3}% above the {} ({dev_n} with optimum > 0), {hits} hit, time mean {:.3}s max {:.3}s, LP bound above the optimum: {lb_bad}, mean gap to bound {:.1}%",
            dev_sum / dev_n.max(1) as f64,
            if n == 100 { "best known" } else { "optimum" },
            t_sum / count.max(1) as f64,
            t_max,
            gap_sum / count.max(1) as f64,
        );
    }
}
