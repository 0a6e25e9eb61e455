//! A year of history for a generated plant (`promise gen --history`): what `promise fit`
//! learns from. The shapes are deliberately not lognormal, and breakdowns last days:
//!
//! - every material is bought from one of `materials / 50` suppliers (at least 4), each
//!   with a habit: *reliable* (on the promised day 85 % of the time, else a day either
//!   side), *spiky* (on the day 70 %, else 5–25 days late, evenly), *even* (spread evenly
//!   from 2 days early to 5 late), *long tail* (Pareto, α = 1.5, up to 60 days late);
//!   the supplier promises the plant file's `lead_time_days`; 0–39 receipts a material
//!   (20 on average, so size M has about 100,000);
//! - 40 shipments a lane: road on time or a day late, rail late 2–6 days a third of the
//!   time, sea spread 2 days early to 7 late, air on time;
//! - every work day of every line is logged: outages start on 0.5–3 % of days and last
//!   1 + Geometric days (mean 2–6), losing every shift; single shifts are lost to
//!   absences on 2 % of days.
//!
//! Pure and deterministic for a seed, like the plant itself.

use super::Files;
use crate::day::Day;
use crate::model::Plant;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::fmt::Write;

/// Days of history, ending the day before the plant's start.
const DAYS: i32 = 365;

#[derive(Clone, Copy)]
enum Habit {
    Reliable,
    Spiky,
    Even,
    LongTail,
}

impl Habit {
    fn of(supplier: usize) -> Habit {
        [Habit::Reliable, Habit::Spiky, Habit::Even, Habit::LongTail][supplier % 4]
    }

    /// Days received after the promised date.
    fn deviation(self, r: &mut Xoshiro256PlusPlus) -> i32 {
        let u: f64 = r.random();
        match self {
            Habit::Reliable if u < 0.85 => 0,
            Habit::Reliable => [-1, 1][r.random_range(0..2usize)],
            Habit::Spiky if u < 0.7 => 0,
            Habit::Spiky => r.random_range(5..=25),
            Habit::Even => r.random_range(-2..=5),
            // Pareto(1, 1.5) by inversion, less 1: 0 days late most often, a long tail.
            Habit::LongTail => ((1.0 - u).powf(-1.0 / 1.5) - 1.0).floor().min(60.0) as i32,
        }
    }
}

/// `receipts.csv`, `shipments.csv` and `line_log.csv` of the year before `start`.
pub fn history(plant: &Plant, start: Day, seed: u64) -> Files {
    let mut r = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x0048_4953_544f_5259);
    let first = start - DAYS;
    let suppliers = (plant.materials.len() / 50).max(4);
    let mut receipts =
        String::from("material_id,supplier,qty,ordered_date,due_date,received_date\n");
    for (i, m) in plant.materials.iter().enumerate() {
        let supplier = (i * 7919) % suppliers;
        let habit = Habit::of(supplier);
        let lead = m.lead_time_days;
        for _ in 0..r.random_range(0..40u32) {
            let ordered = first + r.random_range(0..(DAYS - lead - 30).max(1));
            let due = ordered + lead;
            let received = (due + habit.deviation(&mut r)).max(ordered);
            let qty = 10 * r.random_range(1..=50u32);
            // Exported on the as-of date: a purchase not yet received is an open receipt
            // of the plant, not history.
            if received >= start {
                continue;
            }
            let _ = writeln!(
                receipts,
                "{},SUP-{supplier:03},{qty},{ordered},{due},{received}",
                m.id
            );
        }
    }
    let mut shipments = String::from("destination,mode,ship_date,delivered_date\n");
    for d in &plant.destinations {
        for m in &d.modes {
            for _ in 0..40 {
                let ship = first + r.random_range(0..DAYS - 60);
                let u: f64 = r.random();
                let extra = match m.name.as_str() {
                    "rail" if u < 1.0 / 3.0 => r.random_range(2..=6),
                    "sea" => r.random_range(-2..=7),
                    "truck" | "road" if u < 0.1 => 1,
                    _ => 0,
                };
                let delivered = ship + (m.days + extra).max(0);
                let _ = writeln!(shipments, "{},{},{ship},{delivered}", d.id, m.name);
            }
        }
    }
    let mut log = String::from("line_id,date,planned_shifts,worked_shifts,reason\n");
    for line in &plant.lines {
        let starts = r.random_range(0.005..0.03);
        let mean_len: f64 = r.random_range(2.0..6.0);
        let mut down = 0u32;
        for k in 0..DAYS {
            let day = first + k;
            if !line.work_days.contains(day.weekday()) {
                continue;
            }
            let planned = u32::from(line.shifts_per_day);
            if down == 0 && r.random::<f64>() < starts {
                // 1 day, then one more with probability 1 − 1/mean_len each: mean `mean_len`.
                down = 1;
                while r.random::<f64>() > 1.0 / mean_len {
                    down += 1;
                }
            }
            let (worked, reason) = if down > 0 {
                down -= 1;
                (0, "breakdown")
            } else if r.random::<f64>() < 0.02 {
                (planned - 1, "absence")
            } else {
                (planned, "")
            };
            let _ = writeln!(log, "{},{day},{planned},{worked},{reason}", line.id);
        }
    }
    vec![
        ("receipts.csv", receipts),
        ("shipments.csv", shipments),
        ("line_log.csv", log),
    ]
}
