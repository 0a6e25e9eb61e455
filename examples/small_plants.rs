//! Where the gap comes from: on small generated plants (2–3 lines, a few orders, one
//! priority class) the optimum over every sequence and placement, found exactly by the
//! engine (branch and bound over sequences: a prefix's orders keep their plans whatever
//! follows, so a prefix costing as much as the best plan known is cut), against the
//! optimiser's plan and the LP bound.
//!
//! ```sh
//! cargo run --release --example small_plants -- --plants 30 --orders 8 --time-limit 1
//! ```
//!
//! Prints one row per plant and the mean distance of each side from the optimum (over
//! plants whose optimum is > 0): the optimiser's % above it, the bound's % below it.

use promise::day::Day;
use promise::generator::{GenParams, generate};
use promise::load::load_files;
use promise::model::{OrderBook, OrderIx, Plant, Status};
use promise::optimize::{Options, Solver, lp, optimize};
use promise::plan::{Placement, Resources, Settings, plan_order, sequence};
use std::time::Duration;

/// Branch and bound over sequences and placements; (optimum, nodes, proven).
struct Exact<'a> {
    plant: &'a Plant,
    book: &'a OrderBook,
    settings: Settings,
    best: f64,
    nodes: u64,
    limit: u64,
}

impl Exact<'_> {
    fn go(&mut self, res: &Resources, left: &mut Vec<OrderIx>, cost: f64) {
        if left.is_empty() {
            self.best = self.best.min(cost);
            return;
        }
        if self.nodes >= self.limit {
            return;
        }
        for k in 0..left.len() {
            let o = left[k];
            let order = &self.book.orders[o];
            let mut first: Option<promise::plan::OrderPlan> = None;
            for placement in [Placement::Asap, Placement::JustInTime] {
                self.nodes += 1;
                let mut r = res.clone();
                let p = plan_order(self.plant, &self.settings, &mut r, order, placement);
                // Just in time that fell back to as soon as possible: the same branch.
                if first.as_ref().is_some_and(|f| f.same_bookings(&p)) {
                    continue;
                }
                let c = cost + p.weighted_lateness(order);
                if c < self.best - 1e-9 {
                    left.swap_remove(k);
                    self.go(&r, left, c);
                    left.push(o);
                    let last = left.len() - 1;
                    left.swap(k, last);
                }
                first = Some(p);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str, default: f64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |s| s.parse().expect("a number"))
    };
    let plants = flag("--plants", 20.0) as u64;
    let orders = flag("--orders", 8.0) as usize;
    let seconds = flag("--time-limit", 1.0);
    let as_of = Day::parse("2026-03-02").unwrap();
    let settings = Settings::new(as_of);
    let (mut opt_dev, mut lb_dev, mut n, mut hits, mut rows) = (0.0, 0.0, 0, 0, 0);
    println!("seed lines orders  optimum optimiser    bound  nodes");
    for seed in 0..plants {
        let lines = 2 + (seed % 2) as usize;
        let files = generate(&GenParams {
            lines,
            products: 2 * lines + 1,
            materials: 4,
            orders,
            horizon_days: 20,
            load: 1.3,
            seed,
            start: as_of,
        });
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (plant, mut book) = load_files(&refs).expect("generated plants load");
        // One class: every sequence is allowed, so the optimum is over all of them.
        for o in &mut book.orders {
            o.status = Status::Committed;
            for l in &mut o.lines {
                l.priority = 0;
            }
        }
        let opts = Options {
            time_limit: Duration::from_secs_f64(seconds),
            iterations: None,
            seed: 1,
            solver: Solver::Microlp,
            lower_bound: true,
            special: true,
        };
        let o = optimize(&plant, &book, settings, &opts).expect("optimises");
        let bound = lp::lower_bound(
            &plant,
            &book,
            &settings,
            &lp::LpOptions {
                solver: Solver::Microlp,
                seconds: 10.0,
                max_variables: Solver::Microlp.max_variables(),
                days: 200,
            },
        );
        let mut exact = Exact {
            plant: &plant,
            book: &book,
            settings,
            best: o.objective + 1e-6,
            nodes: 0,
            limit: 200_000_000,
        };
        let mut left = sequence(&book);
        exact.go(&Resources::new(&plant, as_of), &mut left, 0.0);
        let optimum = exact.best.min(o.objective);
        let proven = exact.nodes < exact.limit;
        println!(
            "{seed:>4} {lines:>5} {:>6} {optimum:>8}{} {:>9} {:>8} {:>6}",
            sequence(&book).len(),
            if proven { " " } else { "?" },
            o.objective,
            bound.value,
            exact.nodes
        );
        rows += 1;
        if o.objective <= optimum + 1e-9 {
            hits += 1;
        }
        if optimum > 0.0 && proven {
            opt_dev += 100.0 * (o.objective - optimum) / optimum;
            lb_dev += 100.0 * (optimum - bound.value) / optimum;
            n += 1;
        }
    }
    println!(
        "{rows} plants, optimiser at the optimum on {hits}; over {n} with optimum > 0: optimiser {:.2}% above, bound {:.1}% below",
        opt_dev / f64::from(n.max(1)),
        lb_dev / f64::from(n.max(1)),
    );
}
