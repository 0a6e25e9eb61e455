//! Shifts per line per day: each line's weekly pattern, overridden by `calendar.csv`.
//!
//! Overrides are kept as **spans** of days (`from..=to`), not one entry per day: a
//! closure of a line for a year is one entry, so what a calendar costs in memory, in the
//! database and at start-up is its number of rows, never the number of days it covers
//! (one `line_down` row of 270 years once made 5 million entries and a 215 MB file).
//!
//! The calendar has no horizon: any day can be asked for, which is what lets the
//! planner extend line time lazily as far as the load needs.

use super::{Line, LineIx};
use crate::day::Day;
use std::collections::BTreeMap;

/// `shifts` on every day of `from..=to`, and why (for reports; may be empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub from: Day,
    pub to: Day,
    pub shifts: u8,
    pub reason: String,
}

/// The overrides of the weekly patterns. Per line (`None`: an all-lines row) the spans
/// are disjoint, keyed by their first day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    spans: BTreeMap<(Option<LineIx>, Day), Span>,
}

impl Calendar {
    /// Shifts worked on `line` on `day`: a line-specific row wins over an all-lines row,
    /// which wins over the weekly pattern.
    pub fn shifts(&self, lines: &[Line], line: LineIx, day: Day) -> u8 {
        if !self.spans.is_empty() {
            if let Some(s) = self.span(Some(line), day) {
                return s.shifts;
            }
            if let Some(s) = self.span(None, day) {
                return s.shifts;
            }
        }
        let l = &lines[line];
        if l.work_days.contains(day.weekday()) {
            l.shifts_per_day
        } else {
            0
        }
    }

    /// The span of `line`'s own rows (`None`: the all-lines rows) covering `day`.
    pub fn span(&self, line: Option<LineIx>, day: Day) -> Option<&Span> {
        let (&(l, _), s) = self.spans.range(..=(line, day)).next_back()?;
        (l == line && s.to >= day).then_some(s)
    }

    /// Whether no day is overridden.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The number of spans (rows of `calendar.csv`).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Every span with its line, by line (all-lines rows first), then day.
    pub fn spans(&self) -> impl Iterator<Item = (Option<LineIx>, &Span)> {
        self.spans.iter().map(|(&(l, _), s)| (l, s))
    }

    /// Adds a span that must not overlap another of the same line; on overlap nothing is
    /// added and the first day of the span it overlaps is returned (a duplicate row).
    pub fn insert(&mut self, line: Option<LineIx>, span: Span) -> Result<(), Day> {
        if let Some(first) = self.overlapping(line, span.from, span.to).first() {
            return Err(*first);
        }
        self.spans.insert((line, span.from), span);
        Ok(())
    }

    /// Sets `span` over whatever `line`'s rows said on its days (a line going down): the
    /// spans it overlaps are cut back to the days outside it.
    pub fn set(&mut self, line: Option<LineIx>, span: Span) {
        for from in self.overlapping(line, span.from, span.to) {
            let Some(old) = self.spans.remove(&(line, from)) else {
                continue;
            };
            if old.from < span.from {
                let left = Span {
                    to: span.from - 1,
                    ..old.clone()
                };
                self.spans.insert((line, left.from), left);
            }
            if old.to > span.to {
                let right = Span {
                    from: span.to + 1,
                    ..old
                };
                self.spans.insert((line, right.from), right);
            }
        }
        self.spans.insert((line, span.from), span);
    }

    /// The first days of `line`'s spans overlapping `from..=to`.
    fn overlapping(&self, line: Option<LineIx>, from: Day, to: Day) -> Vec<Day> {
        let covering = self.span(line, from).map(|s| s.from);
        let mut out: Vec<Day> = covering.into_iter().collect();
        out.extend(
            self.spans
                .range((line, from)..=(line, to))
                .map(|(&(_, f), _)| f)
                .filter(|f| covering != Some(*f)),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WeekMask;

    fn d(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn span(from: &str, to: &str, shifts: u8) -> Span {
        Span {
            from: d(from),
            to: d(to),
            shifts,
            reason: String::new(),
        }
    }

    fn line() -> Vec<Line> {
        vec![Line {
            id: "L1".into(),
            shifts_per_day: 2,
            work_days: WeekMask::MON_FRI,
            availability: 1.0,
        }]
    }

    #[test]
    fn a_span_covers_its_days_and_a_line_row_wins_over_an_all_lines_row() {
        let mut c = Calendar::default();
        c.insert(None, span("2026-03-02", "2026-03-06", 1)).unwrap();
        c.insert(Some(0), span("2026-03-04", "2026-03-04", 3))
            .unwrap();
        let l = line();
        let at = |s| c.shifts(&l, 0, d(s));
        // Mon 03-02 (all lines: 1), Wed 03-04 (the line's row: 3), Sat 03-07 (pattern: 0),
        // Mon 03-09 (pattern: 2), Fri 03-06 (all lines: 1).
        assert_eq!(
            [
                at("2026-03-02"),
                at("2026-03-04"),
                at("2026-03-07"),
                at("2026-03-09"),
                at("2026-03-06")
            ],
            [1, 3, 0, 2, 1]
        );
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn overlapping_rows_are_refused_naming_the_first() {
        let mut c = Calendar::default();
        c.insert(Some(0), span("2026-03-02", "2026-03-10", 0))
            .unwrap();
        assert_eq!(
            c.insert(Some(0), span("2026-03-10", "2026-03-12", 1)),
            Err(d("2026-03-02"))
        );
        assert_eq!(
            c.insert(Some(0), span("2026-02-01", "2026-03-02", 1)),
            Err(d("2026-03-02"))
        );
        // Another line, or all lines, may override the same days.
        assert!(c.insert(None, span("2026-03-05", "2026-03-05", 1)).is_ok());
        assert!(
            c.insert(Some(1), span("2026-03-05", "2026-03-05", 1))
                .is_ok()
        );
        assert!(
            c.insert(Some(0), span("2026-03-11", "2026-03-11", 1))
                .is_ok()
        );
    }

    #[test]
    fn setting_a_span_cuts_the_ones_it_overlaps() {
        let mut c = Calendar::default();
        c.insert(Some(0), span("2026-03-01", "2026-03-10", 3))
            .unwrap();
        c.insert(Some(0), span("2026-03-12", "2026-03-12", 4))
            .unwrap();
        c.insert(Some(0), span("2026-03-14", "2026-03-20", 1))
            .unwrap();
        c.set(Some(0), span("2026-03-05", "2026-03-15", 0));
        let got: Vec<(String, String, u8)> = c
            .spans()
            .map(|(_, s)| (s.from.to_string(), s.to.to_string(), s.shifts))
            .collect();
        let want = [
            ("2026-03-01", "2026-03-04", 3),
            ("2026-03-05", "2026-03-15", 0),
            ("2026-03-16", "2026-03-20", 1),
        ];
        assert_eq!(got, want.map(|(a, b, s)| (a.to_string(), b.to_string(), s)));
        // 270 years closed is one span, whatever the days.
        c.set(Some(0), span("2026-03-02", "2299-12-14", 0));
        assert_eq!(c.len(), 2);
        assert_eq!(c.shifts(&line(), 0, d("2200-01-05")), 0);
    }
}
