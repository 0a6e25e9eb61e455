//! OR-Library's single-machine total weighted tardiness instances (wt40, wt50, wt100) as
//! plant data sets, so that the optimiser can be checked against published optima.
//!
//! The mapping is exact (shared/benchmarks/README.md): one line working one shift every
//! day, each job j an order line of its own product made at one unit per shift, with
//! `qty = p(j)`, `requested_date = A + d(j) − 1` and `weight = w(j)`, shipped to one
//! destination with 0 transit days. A job finishing after C shifts ends on day A + C − 1,
//! so its `late_days` are the job's tardiness max(C − d, 0) and the plan's Σ weight ×
//! late_days is the instance's objective.

use crate::day::Day;
use std::fmt::Write;

/// One instance: processing times, weights and due dates of its jobs.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    pub p: Vec<i64>,
    pub w: Vec<i64>,
    pub d: Vec<i64>,
}

impl Instance {
    pub fn jobs(&self) -> usize {
        self.p.len()
    }

    /// Σ w(j) × max(0, C(j) − d(j)) of the jobs processed in `order` without idle time.
    pub fn objective(&self, order: &[usize]) -> i64 {
        let mut c = 0;
        order
            .iter()
            .map(|&j| {
                c += self.p[j];
                self.w[j] * (c - self.d[j]).max(0)
            })
            .sum()
    }
}

/// Parses a file of instances of `n` jobs each: 3n whitespace-separated integers per
/// instance (n processing times, n weights, n due dates), one instance after the other.
pub fn parse(text: &str, n: usize) -> Result<Vec<Instance>, String> {
    if n == 0 {
        return Err("the number of jobs must be > 0".into());
    }
    let numbers = parse_numbers(text)?;
    if numbers.is_empty() || numbers.len() % (3 * n) != 0 {
        return Err(format!(
            "expected a multiple of 3 × {n} integers (instances of {n} jobs), found {}",
            numbers.len()
        ));
    }
    Ok(numbers
        .chunks(3 * n)
        .map(|c| Instance {
            p: c[..n].to_vec(),
            w: c[n..2 * n].to_vec(),
            d: c[2 * n..].to_vec(),
        })
        .collect())
}

/// The number of jobs of an OR-Library file name: `wt40.txt` → 40.
pub fn jobs_in_name(name: &str) -> Option<usize> {
    let digits: String = name
        .rsplit(['/', '\\'])
        .next()?
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|&n| n > 0)
}

/// Whitespace-separated integers (the optimum files hold one per instance).
pub fn parse_numbers(text: &str) -> Result<Vec<i64>, String> {
    text.split_whitespace()
        .enumerate()
        .map(|(i, t)| {
            t.parse::<i64>()
                .map_err(|_| format!("value {}: expected an integer, found \"{t}\"", i + 1))
        })
        .collect()
}

/// Checks the bounds the mapping needs: positive processing times, non-negative weights,
/// due dates that keep every date inside the calendar.
pub fn check(inst: &Instance) -> Result<(), String> {
    for j in 0..inst.jobs() {
        if inst.p[j] <= 0 || inst.p[j] > 100_000 {
            return Err(format!(
                "job {}: processing time {} out of 1..=100000",
                j + 1,
                inst.p[j]
            ));
        }
        if inst.w[j] < 0 || inst.w[j] > 1_000_000 {
            return Err(format!(
                "job {}: weight {} out of 0..=1000000",
                j + 1,
                inst.w[j]
            ));
        }
        if inst.d[j].abs() > 1_000_000 {
            return Err(format!(
                "job {}: due date {} out of range",
                j + 1,
                inst.d[j]
            ));
        }
    }
    Ok(())
}

/// The instance as the CSV files of a plant planned from `as_of`.
pub fn plant_files(inst: &Instance, as_of: Day) -> Vec<(&'static str, String)> {
    let mut capacity = String::from("line_id,product_id,units_per_shift\n");
    let mut products = String::from("product_id\n");
    let mut orders =
        String::from("order_id,product_id,qty,requested_date,destination,status,weight\n");
    for j in 0..inst.jobs() {
        let id = format!("J{:03}", j + 1);
        let _ = writeln!(capacity, "M1,{id},1");
        let _ = writeln!(products, "{id}");
        let due = as_of + (inst.d[j] - 1) as i32;
        let _ = writeln!(
            orders,
            "{id},{id},{},{due},D1,committed,{}",
            inst.p[j], inst.w[j]
        );
    }
    vec![
        (
            "lines.csv",
            "line_id,shifts_per_day,work_days\nM1,1,Mon-Sun\n".to_string(),
        ),
        ("capacity.csv", capacity),
        ("products.csv", products),
        (
            "transit.csv",
            "destination,mode,days\nD1,none,0\n".to_string(),
        ),
        ("orders.csv", orders),
    ]
}

/// The same plant with data that changes nothing about the problem, as real plants have:
/// an unused line (`M0`, which sorts before `M1`) and another with a calendar of its own,
/// an in-stock material no product needs, calendar rows that repeat `M1`'s one shift (for
/// `M1`, and for every line), a row that closes only the unused line, and a shipped and a
/// cancelled order with large weights. The optimum is the instance's. For measuring that
/// quality does not depend on such data (`examples/orlib.rs --irrelevant`, the tests).
pub fn with_irrelevant_data(
    files: &[(&'static str, String)],
    as_of: Day,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = files
        .iter()
        .map(|(name, text)| {
            let mut text = text.clone();
            match *name {
                "lines.csv" => text.push_str("M0,2,Mon-Fri\nZ9,3,Mon-Sat\n"),
                "orders.csv" => {
                    let product = text.lines().nth(1).and_then(|l| l.split(',').nth(1));
                    let product = product.unwrap_or("J001").to_string();
                    let _ = writeln!(text, "S1,{product},5,{as_of},D1,shipped,900");
                    let _ = writeln!(text, "C1,{product},7,{},D1,cancelled,700", as_of + 3);
                }
                _ => {}
            }
            (*name, text)
        })
        .collect();
    let mut calendar = String::from("date,line_id,shifts,reason\n");
    for d in [0, 3, 10, 45] {
        let _ = writeln!(calendar, "{},M1,1,same as every day", as_of + d);
    }
    let _ = writeln!(calendar, "{},,1,one shift everywhere", as_of + 20);
    let _ = writeln!(calendar, "{},M0,0,maintenance", as_of + 5);
    let _ = writeln!(calendar, "{},Z9,0,holiday", as_of - 30);
    out.push(("calendar.csv", calendar));
    out.push((
        "materials.csv",
        "material_id,name,on_hand,safety_stock,lead_time_days\nX1,unused steel,500,10,14\n"
            .to_string(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_files;
    use crate::plan::{Placement, Plan, Settings};

    fn tiny() -> Instance {
        Instance {
            p: vec![3, 2, 4],
            w: vec![1, 5, 2],
            d: vec![4, 2, 6],
        }
    }

    #[test]
    fn parses_instances_across_line_breaks() {
        let text = " 3 2 4\n 1 5\n 2 4 2 6\n1 1 1 1 1 1 1 1 1\n";
        let v = parse(text, 3).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0], tiny());
        assert!(parse("1 2 3 4", 3).is_err());
        assert!(parse("1 x 3", 1).is_err());
        assert_eq!(jobs_in_name("/a/b/wt100.txt"), Some(100));
        assert_eq!(jobs_in_name("wt40"), Some(40));
        assert_eq!(jobs_in_name("foo"), None);
    }

    #[test]
    fn the_plant_of_an_instance_has_the_instance_objective() {
        let inst = tiny();
        let a = Day::parse("2026-03-02").unwrap();
        let files = plant_files(&inst, a);
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (plant, book) = load_files(&refs).unwrap();
        for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]] {
            let plan = Plan::build_in(
                &plant,
                &book,
                Settings::new(a),
                order.iter().map(|&j| (j, Placement::Asap)),
            );
            assert_eq!(plan.weighted_lateness(&book), inst.objective(&order) as f64);
        }
    }

    /// The irrelevant data changes no plan, and the single-machine problem is still
    /// recognised as the same jobs.
    #[test]
    fn irrelevant_data_changes_no_plan() {
        let inst = tiny();
        let a = Day::parse("2026-03-02").unwrap();
        let files = plant_files(&inst, a);
        let more = with_irrelevant_data(&files, a);
        let load = |f: &[(&'static str, String)]| {
            let refs: Vec<(&str, &str)> = f.iter().map(|(n, t)| (*n, t.as_str())).collect();
            load_files(&refs).unwrap()
        };
        let (plant, book) = load(&files);
        let (plant2, book2) = load(&more);
        assert_eq!(plant2.lines.len(), 3);
        assert_eq!(book2.orders.len(), 5);
        for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0]] {
            for placement in [Placement::Asap, Placement::JustInTime] {
                let seq = order.iter().map(|&j| (j, placement));
                let one = Plan::build_in(&plant, &book, Settings::new(a), seq.clone());
                let two = Plan::build_in(&plant2, &book2, Settings::new(a), seq);
                assert_eq!(one.weighted_lateness(&book), two.weighted_lateness(&book2));
            }
        }
        let s = Settings::new(a);
        let jobs = |p: &crate::model::Plant, b: &crate::model::OrderBook| {
            let j = super::super::single::detect(p, b, &s, &crate::plan::sequence(b)).unwrap();
            (j.orders, j.p, j.w, j.due, j.shifts)
        };
        assert_eq!(jobs(&plant, &book), jobs(&plant2, &book2));
    }
}
