//! The line-load heat map's data: per line and day, the shifts of the calendar and the
//! shifts the plan booked — the same figures as `line_load.csv`, over the same days (the
//! as-of date to the last booked day), capped at [`MAX_DAYS`] so a plan reaching years
//! ahead stays one screen wide. The page's script draws one cell per line × day.
//!
//! `"load": {"days": shown, "total": total, "shifts": ["22222002…", …] (one digit a day),
//! "used": [[hundredths of a shift, …], …], "notes": [[day, line | -1, reason], …]}`;
//! the notes are `calendar.csv`'s reasons (holidays, power rationing, overtime).

use super::json::Json;
use crate::day::Day;
use crate::model::Plant;
use crate::plan::Plan;

/// At most this many days are drawn.
pub const MAX_DAYS: usize = 366;

/// The days of the heat map: from the as-of date, `shown` of `total` days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub first: Day,
    pub shown: usize,
    pub total: usize,
}

/// From the as-of date to the last day any line is booked (at least the as-of date).
pub fn window(plan: &Plan) -> Window {
    let first = plan.settings.as_of;
    let last = plan
        .planned
        .iter()
        .flat_map(|p| &p.plan.lines)
        .filter_map(|lp| lp.schedule()?.production.as_ref())
        .flat_map(|p| p.allocs.iter().map(|a| a.day))
        .fold(first, Day::max);
    let total = last.since(first) as usize + 1;
    Window {
        first,
        shown: total.min(MAX_DAYS),
        total,
    }
}

/// Shifts booked per line and day of the window.
pub fn booked(plant: &Plant, plan: &Plan, w: Window) -> Vec<Vec<f64>> {
    let mut used = vec![vec![0.0; w.shown]; plant.lines.len()];
    for lp in plan.planned.iter().flat_map(|p| &p.plan.lines) {
        let Some(prod) = lp.schedule().and_then(|s| s.production.as_ref()) else {
            continue;
        };
        for a in &prod.allocs {
            let i = a.day.since(w.first);
            if i >= 0 && (i as usize) < w.shown {
                used[a.line][i as usize] += a.shifts;
            }
        }
    }
    used
}

/// Writes `"load": {…}`.
pub fn write(j: &mut Json, plant: &Plant, plan: &Plan) {
    let w = window(plan);
    let used = booked(plant, plan, w);
    j.key("load").raw("{").key("days").int(w.shown as i64);
    j.raw(",").key("total").int(w.total as i64);
    j.raw(",").key("shifts").raw("[");
    for l in 0..plant.lines.len() {
        if l > 0 {
            j.raw(",");
        }
        let digits: String = (0..w.shown)
            .map(|i| char::from(b'0' + plant.shifts(l, w.first + i as i32).min(9)))
            .collect();
        j.str(&digits);
    }
    j.raw("],").key("used").raw("[");
    for (l, days) in used.iter().enumerate() {
        if l > 0 {
            j.raw(",");
        }
        j.raw("[");
        for (i, u) in days.iter().enumerate() {
            if i > 0 {
                j.raw(",");
            }
            j.int((u * 100.0).round() as i64);
        }
        j.raw("]");
    }
    j.raw("],").key("notes").raw("[");
    for (n, (day, line, reason)) in notes(plant, w).into_iter().enumerate() {
        if n > 0 {
            j.raw(",");
        }
        j.raw("[").int(day.since(w.first).into()).raw(",");
        j.int(line.map_or(-1, |l| l as i64)).raw(",").str(reason);
        j.raw("]");
    }
    j.raw("]}");
}

/// The calendar's reasons within the window, sorted by day, then line (all lines first).
fn notes(plant: &Plant, w: Window) -> Vec<(Day, Option<usize>, &str)> {
    let last = w.first + w.shown as i32;
    let mut v: Vec<(Day, Option<usize>, &str)> = Vec::new();
    for (l, s) in plant.calendar.spans() {
        if s.reason.is_empty() {
            continue;
        }
        let mut d = s.from.max(w.first);
        while d <= s.to && d < last {
            v.push((d, l, s.reason.as_str()));
            d = d + 1;
        }
    }
    v.sort_unstable();
    v
}
