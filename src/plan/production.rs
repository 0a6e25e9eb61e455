//! Placing production on the able lines: as soon as possible (forward from the earliest
//! start) or just in time (backward from the target end). Both walks only visit days on
//! which some able line has free time; every visited day but the last is filled
//! completely, so the total work of a whole plan is linear in the booked line-days.
//!
//! The walks are read-only: they return the [`Alloc`]s, and the caller books them only
//! once the whole order line is known to be feasible (an infeasible line takes nothing).

use super::capacity::Capacity;
use crate::day::Day;
use crate::model::{EPS, LineIx, Plant, Route};

/// Line time booked by one order line on one line-day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alloc {
    pub line: LineIx,
    pub day: Day,
    pub shifts: f64,
    pub units: f64,
}

/// Takes time from the able lines on day index `i`, in ascending line id, each as far as
/// it has time left. Returns the units still needed.
fn take_day(
    cap: &Capacity,
    plant: &Plant,
    routes: &[Route],
    i: usize,
    mut need: f64,
    out: &mut Vec<Alloc>,
) -> f64 {
    for r in routes {
        let free = cap.free(plant, r.line, i);
        if free <= 0.0 {
            continue;
        }
        let can = free * r.units_per_shift;
        let day = cap.day(i);
        if can >= need - EPS {
            // Covered: a crumb of line time left behind is nothing, so take the whole day.
            let shifts = need / r.units_per_shift;
            let shifts = if free - shifts < EPS { free } else { shifts };
            out.push(Alloc {
                line: r.line,
                day,
                shifts,
                units: need,
            });
            return 0.0;
        }
        out.push(Alloc {
            line: r.line,
            day,
            shifts: free,
            units: can,
        });
        need -= can;
    }
    need
}

/// As soon as possible: fills forward from day index `from`; `None` if `need` units are
/// not covered by day index `limit` (the horizon).
pub fn asap(
    cap: &mut Capacity,
    plant: &Plant,
    routes: &[Route],
    need: f64,
    from: usize,
    limit: usize,
) -> Option<Vec<Alloc>> {
    let mut out = Vec::new();
    let mut need = need;
    let mut d = from;
    loop {
        d = routes
            .iter()
            .filter_map(|r| cap.next_free(plant, r.line, d, limit))
            .min()?;
        need = take_day(cap, plant, routes, d, need, &mut out);
        if need <= EPS {
            return Some(out);
        }
        d += 1;
    }
}

/// Free units of the able lines over day indices `from..=to`.
pub fn free_units(
    cap: &mut Capacity,
    plant: &Plant,
    routes: &[Route],
    from: usize,
    to: usize,
) -> f64 {
    routes
        .iter()
        .map(|r| cap.free_between(plant, r.line, from, to) * r.units_per_shift)
        .sum()
}

/// Just in time: fills backward from day index `target` down to `from`; `None` if the free
/// time in between does not cover `need` (the caller then plans as soon as possible).
pub fn just_in_time(
    cap: &mut Capacity,
    plant: &Plant,
    routes: &[Route],
    need: f64,
    from: usize,
    target: usize,
) -> Option<Vec<Alloc>> {
    if target < from || free_units(cap, plant, routes, from, target) < need - EPS {
        return None;
    }
    let mut out = Vec::new();
    let mut need = need;
    let mut d = target;
    loop {
        d = routes
            .iter()
            .filter_map(|r| cap.prev_free(plant, r.line, d, from))
            .max()?;
        need = take_day(cap, plant, routes, d, need, &mut out);
        if need <= EPS {
            return Some(out);
        }
        if d == from {
            // Only reachable through float rounding of the sums above.
            return None;
        }
        d -= 1;
    }
}

/// Books allocations returned by [`asap`] or [`just_in_time`].
pub fn book(cap: &mut Capacity, plant: &Plant, allocs: &[Alloc]) {
    for a in allocs {
        let i = cap.index(a.day);
        cap.take(plant, a.line, i, a.shifts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Line, WeekMask};

    /// Two lines working Mon-Fri, one shift; the origin is Monday 2026-03-02.
    fn setup() -> (Plant, Capacity, Vec<Route>) {
        let mut p = Plant::default();
        for id in ["L1", "L2"] {
            p.lines.push(Line {
                id: id.into(),
                shifts_per_day: 1,
                work_days: WeekMask::MON_FRI,
                availability: 1.0,
            });
        }
        p.reindex();
        let cap = Capacity::new(&p, Day::parse("2026-03-02").unwrap());
        let routes = vec![
            Route {
                line: 0,
                units_per_shift: 100.0,
                step: 0,
            },
            Route {
                line: 1,
                units_per_shift: 50.0,
                step: 0,
            },
        ];
        (p, cap, routes)
    }

    #[test]
    fn asap_fills_forward_lines_in_id_order_and_skips_weekends() {
        let (p, mut cap, routes) = setup();
        // 150 a day: 600 units → Mon..Thu; starting Friday (index 4) → Fri, Mon, Tue, Wed.
        let a = asap(&mut cap, &p, &routes, 600.0, 4, 100).unwrap();
        let days: Vec<String> = a.iter().map(|x| x.day.to_string()).collect();
        assert_eq!(
            days,
            [
                "2026-03-06",
                "2026-03-06",
                "2026-03-09",
                "2026-03-09",
                "2026-03-10",
                "2026-03-10",
                "2026-03-11",
                "2026-03-11"
            ]
        );
        assert_eq!(a.iter().map(|x| x.units).sum::<f64>(), 600.0);
        assert!(
            asap(&mut cap, &p, &routes, 600.0, 4, 8).is_none(),
            "not covered by the limit"
        );
    }

    #[test]
    fn just_in_time_fills_backward_and_refuses_what_does_not_fit() {
        let (p, mut cap, routes) = setup();
        // Target Wednesday (index 2), from Monday: 450 fits (Wed 150, Tue 150, Mon 150).
        let a = just_in_time(&mut cap, &p, &routes, 450.0, 0, 2).unwrap();
        assert_eq!(a.first().unwrap().day.to_string(), "2026-03-04");
        assert_eq!(a.last().unwrap().day.to_string(), "2026-03-02");
        book(&mut cap, &p, &a);
        // Now nothing is free from Monday to Wednesday.
        assert!(just_in_time(&mut cap, &p, &routes, 1.0, 0, 2).is_none());
        // 120 by Friday takes Friday's L1 (100) and 20 of L2.
        let a = just_in_time(&mut cap, &p, &routes, 120.0, 0, 4).unwrap();
        assert_eq!(
            a.iter().map(|x| (x.line, x.units)).collect::<Vec<_>>(),
            [(0, 100.0), (1, 20.0)]
        );
    }
}
