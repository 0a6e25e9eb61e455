//! `plan --optimize`: a plan with less weighted lateness than SPEC.md's fixed order of
//! planning, and a certificate of how far from the best possible it can be.
//!
//! A candidate plan is a sequence of orders, each placed just in time or as soon as
//! possible, planned by the engine itself ([`Plan::build_in`]), so every rule of SPEC.md's
//! date arithmetic holds by construction. The heuristic plan (SPEC.md's order, committed
//! orders just in time, quotes as soon as possible) is the start and the first incumbent.
//!
//! **Priority classes stay strict.** A class is (committed before quote, then priority).
//! Classes keep their order in the sequence, and a candidate is accepted only when the
//! vector of per-class objectives, most important class first, is lexicographically no
//! worse than the incumbent's; on top of that, [`Guard`] checks every order against the
//! heuristic plan: an order later than it was there is accepted only if its own class as
//! a whole gained (it was moved for its own class, never for a less important one).
//!
//! The search ([`search`]) re-plans only what a move changes; the single-machine plants of
//! the OR-Library benchmarks go through a permutation search ([`single`]) and are then
//! planned by the engine like any other sequence. The lower bound ([`lp`]) runs on the
//! other core while the search runs.

pub mod construct;
pub mod demand;
pub mod eval;
pub mod exhaustive;
pub mod lp;
pub mod search;
pub mod single;
pub mod surrogate;
pub mod wt;

use crate::model::{OrderBook, OrderIx, Plant, Status};
use crate::plan::{Placement, Plan, Settings, default_placement, sequence};
use std::time::{Duration, Instant};

/// The message for `--solver highs` in a build without the `highs` feature.
pub const HIGHS_MISSING: &str = "this build has no HiGHS: rebuild with `cargo build --release --features highs` (needs cmake and libclang-dev)";

/// The LP backend, named explicitly (good_lp's `default_solver` silently prefers microlp).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Solver {
    Microlp,
    Highs,
}

impl Solver {
    pub fn parse(s: &str) -> Option<Solver> {
        match s.trim().to_ascii_lowercase().as_str() {
            "microlp" => Some(Solver::Microlp),
            "highs" => Some(Solver::Highs),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Solver::Microlp => "microlp",
            Solver::Highs => "highs",
        }
    }

    /// Whether this build can use the solver.
    pub fn available(self) -> bool {
        match self {
            Solver::Microlp => true,
            Solver::Highs => cfg!(feature = "highs"),
        }
    }

    /// The largest LP (variables) the bound's ladder may try with this solver; within it,
    /// the time left decides (measured: on plant M HiGHS solves 170,000 variables in 4 s,
    /// microlp 56,000 in 52 s).
    pub fn max_variables(self) -> usize {
        match self {
            Solver::Microlp => 100_000,
            Solver::Highs => 1_000_000,
        }
    }
}

/// How long and how the optimiser runs.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Wall-clock budget for the search and for the LP (they run side by side).
    pub time_limit: Duration,
    /// A fixed number of search iterations: the plan then depends only on the input and
    /// the seed, never on the clock.
    pub iterations: Option<u64>,
    pub seed: u64,
    pub solver: Solver,
    /// Compute the LP bound (else only the bound of each line alone).
    pub lower_bound: bool,
    /// Let a specialised search take the plants it is exact for (`--no-special` turns it
    /// off, so that the general search can be measured on them).
    pub special: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            time_limit: Duration::from_secs(60),
            iterations: None,
            seed: 1,
            solver: Solver::Microlp,
            lower_bound: true,
            special: true,
        }
    }
}

/// The optimised plan and its certificate.
#[derive(Clone, Debug)]
pub struct Optimized {
    pub plan: Plan,
    pub heuristic_objective: f64,
    pub objective: f64,
    /// The LP bound as solved, never adjusted to the objective.
    pub lower_bound: f64,
    /// Whether the bound is at most the objective. A bound above the objective of a plan
    /// the engine made is a bug in the bound; it is reported (`lp.valid: false`), not hidden.
    pub valid: bool,
    /// `100 × (objective − lower_bound) / objective`; 0 when the objective is 0.
    pub gap: f64,
    pub seconds: f64,
    pub iterations: u64,
    pub solver: Solver,
    pub bound: lp::Bound,
}

/// The class of each order: 0 is the most important (committed, lowest priority number).
pub fn classes(book: &OrderBook) -> (Vec<usize>, usize) {
    let mut keys: Vec<(Status, i64)> = book
        .orders
        .iter()
        .filter(|o| o.status.is_open())
        .map(|o| (o.status, o.priority()))
        .collect();
    keys.sort();
    keys.dedup();
    let class = book
        .orders
        .iter()
        .map(|o| keys.binary_search(&(o.status, o.priority())).unwrap_or(0))
        .collect();
    (class, keys.len().max(1))
}

/// Per-class objectives of a plan, most important class first.
pub fn class_objectives(
    book: &OrderBook,
    class: &[usize],
    classes: usize,
    plan: &Plan,
) -> Vec<f64> {
    let mut v = vec![0.0; classes];
    for p in &plan.planned {
        v[class[p.order]] += p.plan.weighted_lateness(&book.orders[p.order]);
    }
    v
}

/// Lexicographic comparison of class objectives with a tolerance: `Less` is better.
pub fn compare(a: &[f64], b: &[f64]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let tol = 1e-9 * x.abs().max(y.abs()).max(1.0);
        if x < &(y - tol) {
            return std::cmp::Ordering::Less;
        }
        if x > &(y + tol) {
            return std::cmp::Ordering::Greater;
        }
    }
    std::cmp::Ordering::Equal
}

/// The per-order check against the heuristic plan (see the module doc).
pub struct Guard {
    pub class: Vec<usize>,
    pub classes: usize,
    /// Σ weight × late days of each order in the heuristic plan.
    pub order_cost: Vec<f64>,
    pub class_cost: Vec<f64>,
}

impl Guard {
    pub fn new(book: &OrderBook, heuristic: &Plan) -> Guard {
        let (class, classes) = classes(book);
        let mut order_cost = vec![0.0; book.orders.len()];
        for p in &heuristic.planned {
            order_cost[p.order] = p.plan.weighted_lateness(&book.orders[p.order]);
        }
        let class_cost = class_objectives(book, &class, classes, heuristic);
        Guard {
            class,
            classes,
            order_cost,
            class_cost,
        }
    }

    /// Whether an order of class `k` now costing `cost` is acceptable when its class costs
    /// `class_cost` in total.
    pub fn order_ok(&self, order: OrderIx, cost: f64, class_cost: &[f64]) -> bool {
        let k = self.class[order];
        cost <= self.order_cost[order] + 1e-9 || class_cost[k] < self.class_cost[k] - 1e-9
    }

    /// The whole check on a plan.
    pub fn admits(&self, book: &OrderBook, plan: &Plan) -> bool {
        let v = class_objectives(book, &self.class, self.classes, plan);
        compare(&v, &self.class_cost).is_le()
            && plan.planned.iter().all(|p| {
                self.order_ok(p.order, p.plan.weighted_lateness(&book.orders[p.order]), &v)
            })
    }
}

/// The heuristic plan's sequence with its placements.
pub fn heuristic_sequence(book: &OrderBook) -> Vec<(OrderIx, Placement)> {
    sequence(book)
        .into_iter()
        .map(|o| (o, default_placement(&book.orders[o])))
        .collect()
}

/// Optimises the plan of every open order (see the module doc).
pub fn optimize(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    opts: &Options,
) -> Result<Optimized, String> {
    if !opts.solver.available() {
        return Err(HIGHS_MISSING.into());
    }
    let started = Instant::now();
    let heuristic = Plan::build(plant, book, settings);
    // The run must end within the time limit: the search stops early enough to plan its
    // best sequence once more (about what the heuristic plan took), and the LP ladder
    // starts nothing it does not expect to finish by then.
    let reserve = started.elapsed().mul_f64(2.0);
    // 95 %: loading the plant and writing the result happen outside this clock.
    let deadline = started + opts.time_limit.mul_f64(0.95).saturating_sub(reserve);
    let heuristic_objective = heuristic.weighted_lateness(book);
    let guard = Guard::new(book, &heuristic);
    let last_day = heuristic
        .planned
        .iter()
        .flat_map(|p| &p.plan.lines)
        .filter_map(|l| l.schedule().map(|s| s.delivery))
        .max()
        .map_or(1, |d| d.since(settings.as_of).max(1) as usize + 1);
    let lp_opts = lp::LpOptions {
        solver: opts.solver,
        seconds: deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64(),
        max_variables: if opts.lower_bound {
            opts.solver.max_variables()
        } else {
            0
        },
        days: last_day,
    };
    let (bound, (plan, iterations)) = rayon::join(
        || lp::lower_bound(plant, book, &settings, &lp_opts),
        || improve(plant, book, settings, &heuristic, &guard, opts, deadline),
    );
    let objective = plan.weighted_lateness(book);
    let lower_bound = bound.value;
    let valid = lower_bound <= objective + 1e-6 * objective.abs().max(1.0);
    let gap = if objective > 0.0 {
        100.0 * (objective - lower_bound) / objective
    } else {
        0.0
    };
    Ok(Optimized {
        plan,
        heuristic_objective,
        objective,
        lower_bound,
        valid,
        gap,
        seconds: started.elapsed().as_secs_f64(),
        iterations,
        solver: opts.solver,
        bound,
    })
}

/// The best plan the search finds that the guard admits (the heuristic plan at worst).
fn improve(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    heuristic: &Plan,
    guard: &Guard,
    opts: &Options,
    deadline: Instant,
) -> (Plan, u64) {
    let seq = sequence(book);
    let special = opts
        .special
        .then(|| single::detect(plant, book, &settings, &seq))
        .flatten();
    let (candidate, iterations) = match special {
        Some(jobs) => single_machine(plant, book, settings, &jobs, opts, deadline),
        None => search::run(plant, book, settings, guard, opts, deadline),
    };
    let better = candidate.weighted_lateness(book) < heuristic.weighted_lateness(book) - 1e-9;
    if better && guard.admits(book, &candidate) {
        (candidate, iterations)
    } else {
        (heuristic.clone(), iterations)
    }
}

/// Two chains of the permutation search, then the best permutation planned by the engine.
fn single_machine(
    plant: &Plant,
    book: &OrderBook,
    settings: Settings,
    jobs: &single::Jobs,
    opts: &Options,
    deadline: Instant,
) -> (Plan, u64) {
    let start = single::initial(jobs);
    let budget = single::Budget {
        iterations: opts.iterations,
        deadline: Some(deadline),
        bound: 0.0,
        // The published optima of wt40/wt50 are reached within ~200 kicks.
        patience: 20 * jobs.len() as u64 + 500,
    };
    let (a, b) = rayon::join(
        || single::search(jobs, start.clone(), opts.seed, budget),
        || {
            single::search(
                jobs,
                start.clone(),
                opts.seed.wrapping_add(0x9E37_79B9),
                budget,
            )
        },
    );
    let best = if b.1 < a.1 - 1e-9 { &b } else { &a };
    let plan = Plan::build_in(
        plant,
        book,
        settings,
        best.0.iter().map(|&j| (jobs.orders[j], Placement::Asap)),
    );
    (plan, a.2 + b.2)
}
