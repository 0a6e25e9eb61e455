//! The lower bound: a time-bucketed linear relaxation of the planning problem, solved with
//! good_lp (microlp, pure Rust, by default; HiGHS with the `highs` feature).
//!
//! It must bound from below the objective of *any* plan the engine can produce, so every
//! step relaxes, never tightens:
//!
//! - **Commodities.** Products made on one line only are pooled per line and counted in
//!   shifts of that line (pooling lets one product's stock or time serve another: a
//!   relaxation); products with several able lines are a commodity each, in units.
//! - **Buckets** of `L` days over days `0..T`. Per line and bucket, the shifts used ≤ the
//!   calendar's shifts (an empty plant). `Y[c,b]`: cumulative production of commodity c
//!   by the end of bucket b; never more than the demand released by then (a line's
//!   production starts no earlier than its design and material bound, [`super::demand`]).
//! - **Lateness.** An order line is late one day for every day from its `due_end` on at
//!   whose end its production is unfinished. A line that could not be finished by the
//!   end of bucket b even alone (`earliest_end`) costs its full weight on every day of b
//!   (a constant). For the others, the units of lines due by the start of b that are
//!   unfinished at its end are at least `D − stock − Y`; each unfinished unit of line j
//!   costs at least `w_j / n_j` per day (an unfinished line costs its whole weight, its
//!   unfinished fraction only part of it), and the cheapest such units cost `φ(x)`, a
//!   convex piecewise-linear function that the model bounds from below by a few of its
//!   tangents: `z ≥ a_k + u_k (D − stock − Y)`.
//! - Costs stop at day T and never exceed [`INFEASIBLE_LATE_DAYS`] per line; material
//!   balances shared between products are not modelled (each line alone gets the
//!   earliest material day possible).
//!
//! The optimum of this LP, plus the cost every plan has on lines with nothing to make, is
//! the bound. Only a proven optimum counts (a time-limited solve gives no bound), and the
//! value is rounded down by a small tolerance (and up to a whole number when every weight
//! is whole, since then every plan's objective is).
//!
//! **Anytime.** Every bucket length gives a relaxation, so the bound is the best optimum of
//! a ladder of LPs, coarse buckets first (about [`FIRST_RUNG`] variables, then four times
//! as many each time), solved while the time left is expected to be enough; a cut solve
//! ends the ladder and the best bound solved so far stays.

use super::Solver;
use super::demand::{Demand, Demands, Shifts};
use crate::model::{OrderBook, Plant};
use crate::plan::Settings;
use crate::plan::order::INFEASIBLE_LATE_DAYS;
use good_lp::{
    Expression, ProblemVariables, Solution, SolutionStatus, SolverModel, Variable, variable,
};
use std::collections::BTreeMap;
use std::time::Instant;

/// Tangents kept per commodity and bucket.
const TANGENTS: usize = 6;

/// How big the LP may grow and how long it may take.
#[derive(Clone, Copy, Debug)]
pub struct LpOptions {
    pub solver: Solver,
    /// Wall-clock budget from the call: no LP is started that is not expected to finish
    /// within it, and every solve is cut at its end.
    pub seconds: f64,
    /// The largest LP (variables) tried; 0 tries none (only the bound of each line alone).
    pub max_variables: usize,
    /// Days covered, from the as-of date (costs after this day are not counted).
    pub days: usize,
}

/// The bound and what it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    pub value: f64,
    /// Whether an LP was solved to optimality (else `value` is the fixed cost and the
    /// bound of each line alone).
    pub solved: bool,
    /// The size of the LP whose optimum is the bound (the largest solved).
    pub variables: usize,
    pub constraints: usize,
    pub bucket_days: usize,
    /// LPs solved, coarsest first.
    pub rungs: usize,
    pub seconds: f64,
    pub note: String,
}

/// Variables of the coarsest LP; each next one has about four times as many.
const FIRST_RUNG: usize = 250;

/// One commodity: the lines able to make it (line, commodity units per shift), its stock,
/// and its demands (in commodity units).
struct Commodity {
    routes: Vec<(usize, f64)>,
    stock: f64,
    /// (demand, units of the commodity)
    demands: Vec<(usize, f64)>,
}

fn commodities(plant: &Plant, demands: &[Demand], days: usize) -> Vec<Commodity> {
    let mut by_key: BTreeMap<(bool, usize), Commodity> = BTreeMap::new();
    let mut stock_left: BTreeMap<usize, f64> = BTreeMap::new();
    for (i, d) in demands.iter().enumerate() {
        if d.due_end >= days as i32 {
            continue; // never late within the days counted: leaving it out relaxes
        }
        let product = &plant.products[d.product];
        let (key, routes, per_unit) = if product.routes.len() == 1 {
            let r = product.routes[0];
            (
                (false, r.line),
                vec![(r.line, 1.0)],
                1.0 / r.units_per_shift,
            )
        } else {
            let routes = product
                .routes
                .iter()
                .map(|r| (r.line, r.units_per_shift))
                .collect();
            ((true, d.product), routes, 1.0)
        };
        let c = by_key.entry(key).or_insert_with(|| Commodity {
            routes,
            stock: 0.0,
            demands: Vec::new(),
        });
        // A product's stock serves at most its own demand.
        let left = stock_left
            .entry(d.product)
            .or_insert_with(|| (product.on_hand - product.safety_stock).max(0.0));
        let s = left.min(d.qty);
        *left -= s;
        c.stock += s * per_unit;
        c.demands.push((i, d.qty * per_unit));
    }
    by_key.into_values().collect()
}

/// Lower tangents of the convex function "cost per day of the cheapest `x` units" over
/// units `(quantity, cost per unit)`: (intercept, slope) pairs.
fn tangents(units: &mut [(f64, f64)]) -> Vec<(f64, f64)> {
    units.sort_by(|a, b| a.1.total_cmp(&b.1));
    let total: f64 = units.iter().map(|u| u.0).sum();
    let mut out: Vec<(f64, f64)> = Vec::new();
    let (mut x, mut y) = (0.0, 0.0);
    let mut next_mark = 0.0;
    for &(q, u) in units.iter() {
        if x >= next_mark - 1e-12 && out.last().is_none_or(|t| u > t.1 + 1e-12) {
            out.push((y - u * x, u));
            next_mark = x + total / TANGENTS as f64;
        }
        x += q;
        y += q * u;
    }
    out
}

/// The LP bound of the plant's orders (see the module doc), anytime: LPs of finer and
/// finer buckets, coarsest first, each solved only if it is expected to finish in the time
/// left; the bound is the best optimum among them. The ladder of bucket lengths depends
/// only on the plant, so a longer time limit solves the same LPs and maybe more: the bound
/// never decreases when the time limit grows.
pub fn lower_bound(
    plant: &Plant,
    book: &OrderBook,
    settings: &Settings,
    opts: &LpOptions,
) -> Bound {
    let started = Instant::now();
    let left = || opts.seconds - started.elapsed().as_secs_f64();
    let days = opts.days.max(1);
    let shifts = Shifts::new(plant, settings.as_of, days);
    let Demands { lines, fixed_cost } = super::demand::demands(plant, book, settings, &shifts);
    // No line may count more late days than an infeasible line costs.
    let min_due = lines.iter().map(|d| d.due_end).min().unwrap_or(0);
    let days = days.min((i64::from(min_due) + INFEASIBLE_LATE_DAYS as i64).max(1) as usize);
    let goods = commodities(plant, &lines, days);
    let routes: usize = goods.iter().map(|c| c.routes.len() + 2).sum();
    let mut bound = Bound {
        value: fixed_cost,
        solved: false,
        variables: 0,
        constraints: 0,
        bucket_days: 0,
        rungs: 0,
        seconds: 0.0,
        note: String::new(),
    };
    let mut target = FIRST_RUNG;
    let mut last: Option<(usize, f64)> = None; // (variables, seconds) of the last LP solved
    let mut bucket_done = usize::MAX;
    while target <= opts.max_variables.max(FIRST_RUNG) && opts.max_variables > 0 {
        let bucket = (routes * days).div_ceil(target).clamp(1, days);
        target *= 4;
        if bucket >= bucket_done {
            continue;
        }
        let model = build(plant, &lines, &goods, &shifts, days, bucket);
        let vars = model.model.vars.len();
        // An LP's time grows about with the square of its size or faster; twice that, for
        // a solver's setup that its own time limit does not cut and for a busy machine.
        let expected = last.map_or(0.0, |(v, t)| {
            2.0 * t * (vars as f64 / v.max(1) as f64).powi(2)
        });
        if vars > opts.max_variables.max(FIRST_RUNG) || expected > left() {
            break;
        }
        let (constraints, fixed) = (model.model.rows.len(), fixed_cost + model.fixed);
        let solve_started = Instant::now();
        match model.model.solve(opts.solver, left().max(0.01)) {
            Ok(v) => {
                let took = solve_started.elapsed().as_secs_f64();
                bound.rungs += 1;
                if !bound.solved || fixed + v > bound.value {
                    bound.value = fixed + v;
                    bound.variables = vars;
                    bound.constraints = constraints;
                    bound.bucket_days = bucket;
                }
                bound.solved = true;
                bucket_done = bucket;
                last = Some((vars, took));
                if bucket == 1 {
                    break;
                }
            }
            Err(e) => {
                bound.note = e;
                break;
            }
        }
    }
    // Forced lateness of each line alone is a bound too, and needs no LP.
    let alone: f64 = fixed_cost
        + lines
            .iter()
            .map(|d| {
                d.weight * f64::from((d.earliest_end - d.due_end).max(0)).min(INFEASIBLE_LATE_DAYS)
            })
            .sum::<f64>();
    bound.value = safe(bound.value.max(alone), book);
    bound.seconds = started.elapsed().as_secs_f64();
    bound
}

/// One LP of the ladder and its constant part.
struct Rung {
    model: Model,
    fixed: f64,
}

/// The LP with buckets of `bucket` days.
fn build(
    plant: &Plant,
    lines: &[Demand],
    goods: &[Commodity],
    shifts: &Shifts,
    days: usize,
    bucket: usize,
) -> Rung {
    let buckets: Vec<(usize, usize)> = (0..days.div_ceil(bucket))
        .map(|b| (b * bucket, ((b + 1) * bucket).min(days) - 1))
        .collect();
    let mut model = Model::default();
    let mut fixed = 0.0;
    // Per (line, bucket): the shifts each (variable, units per shift) uses.
    let mut usage: Vec<Vec<Vec<(Variable, f64)>>> =
        vec![vec![Vec::new(); buckets.len()]; plant.lines.len()];
    for c in goods {
        fixed += commodity(&mut model, lines, c, &buckets, &mut usage);
    }
    for (l, per_bucket) in usage.iter().enumerate() {
        for (b, terms) in per_bucket.iter().enumerate() {
            if terms.is_empty() {
                continue;
            }
            let cap = shifts.between(l, buckets[b].0, buckets[b].1 + 1);
            let mut e = Expression::with_capacity(terms.len());
            for &(v, rate) in terms {
                e.add_mul(1.0 / rate, v);
            }
            model.rows.push(e.leq(cap));
        }
    }
    Rung { model, fixed }
}

/// Rounds a computed bound down by a solver tolerance, then up to a whole number when
/// every plan's objective is whole.
fn safe(value: f64, book: &OrderBook) -> f64 {
    let v = (value - 1e-6 * value.abs().max(1.0)).max(0.0);
    let whole = book
        .orders
        .iter()
        .flat_map(|o| &o.lines)
        .all(|l| l.weight.fract() == 0.0);
    if whole { v.ceil() } else { v }
}

/// Adds one commodity's variables and rows; returns its constant cost (lines that cannot
/// be finished in time even alone).
fn commodity(
    model: &mut Model,
    lines: &[Demand],
    c: &Commodity,
    buckets: &[(usize, usize)],
    usage: &mut [Vec<Vec<(Variable, f64)>>],
) -> f64 {
    let first_release = c
        .demands
        .iter()
        .map(|&(i, _)| lines[i].release)
        .min()
        .unwrap_or(0)
        .max(0) as usize;
    let mut constant = 0.0;
    let mut prev_y: Option<Variable> = None;
    for (b, &(start, end)) in buckets.iter().enumerate() {
        if end < first_release {
            continue;
        }
        let released: f64 = c
            .demands
            .iter()
            .filter(|&&(i, _)| lines[i].release as usize <= end)
            .map(|&(_, n)| n)
            .sum();
        let y = model.add(0.0, released);
        let mut def = Expression::from(y);
        if let Some(p) = prev_y {
            def.add_mul(-1.0, p);
        }
        for &(line, rate) in &c.routes {
            let x = model.add(0.0, f64::INFINITY);
            def.add_mul(-1.0, x);
            usage[line][b].push((x, rate));
        }
        model.rows.push(def.eq(0.0));
        prev_y = Some(y);
        // Lines due by the start of the bucket.
        let len = (end - start + 1) as f64;
        let mut units = Vec::new();
        let mut due = 0.0;
        for &(i, n) in &c.demands {
            let d = &lines[i];
            if d.due_end > start as i32 {
                continue;
            }
            if d.earliest_end > end as i32 {
                constant += len * d.weight;
            } else {
                units.push((n, d.weight / n));
                due += n;
            }
        }
        let short = due - c.stock;
        if short <= 1e-9 {
            continue;
        }
        let z = model.add(len, f64::INFINITY);
        for (a, u) in tangents(&mut units) {
            // z ≥ a + u (due − stock − Y)
            let mut e = Expression::from(z);
            e.add_mul(u, y);
            model.rows.push(e.geq(a + u * short));
        }
    }
    constant
}

/// A linear program under construction: variables with their cost, and rows.
#[derive(Default)]
struct Model {
    problem: ProblemVariables,
    vars: Vec<(Variable, f64)>,
    rows: Vec<good_lp::Constraint>,
}

impl Model {
    /// A variable in `[0, max]` costing `cost` per unit.
    fn add(&mut self, cost: f64, max: f64) -> Variable {
        let v = self.problem.add(variable().min(0.0).max(max));
        self.vars.push((v, cost));
        v
    }

    /// The optimum, or why there is none.
    fn solve(self, solver: Solver, seconds: f64) -> Result<f64, String> {
        if self.rows.is_empty() {
            return Ok(0.0);
        }
        let mut objective = Expression::with_capacity(self.vars.len());
        for &(v, c) in &self.vars {
            if c != 0.0 {
                objective.add_mul(c, v);
            }
        }
        let unsolved = self.problem.minimise(objective.clone());
        let (status, value) = match solver {
            Solver::Microlp => {
                use good_lp::WithTimeLimit;
                let s = unsolved
                    .using(good_lp::microlp)
                    .with_time_limit(seconds)
                    .with_all(self.rows)
                    .solve()
                    .map_err(|e| format!("microlp: {e}"))?;
                (s.status(), s.eval(&objective))
            }
            #[cfg(feature = "highs")]
            Solver::Highs => {
                let s = unsolved
                    .using(good_lp::highs)
                    .set_time_limit(seconds)
                    .set_threads(1)
                    .with_all(self.rows)
                    .solve()
                    .map_err(|e| format!("highs: {e}"))?;
                (s.status(), s.eval(&objective))
            }
            #[cfg(not(feature = "highs"))]
            Solver::Highs => return Err(super::HIGHS_MISSING.into()),
        };
        if !matches!(status, SolutionStatus::Optimal) {
            return Err(format!("the LP was not solved to optimality ({status:?})"));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tangents_are_below_the_cheapest_units_cost() {
        let mut units = vec![(2.0, 3.0), (1.0, 1.0), (4.0, 0.5), (1.0, 10.0)];
        let t = tangents(&mut units);
        assert_eq!(t[0], (0.0, 0.5));
        // φ at a few points: the cheapest x units.
        let phi = |x: f64| {
            let mut left = x;
            let mut cost = 0.0;
            for &(q, u) in &units {
                let take = left.min(q);
                cost += take * u;
                left -= take;
            }
            cost
        };
        for x in [0.0, 1.0, 4.0, 5.0, 6.5, 8.0] {
            for &(a, u) in &t {
                assert!(
                    a + u * x <= phi(x) + 1e-9,
                    "x {x}: {a} + {u} x > {}",
                    phi(x)
                );
            }
        }
    }
}
