//! The history directory (SPEC.md "History (for `promise fit`)"): `receipts.csv`,
//! `shipments.csv` and `line_log.csv`, each optional, validated against the loaded plant
//! with the same diagnostics as every input file (file, line, column, all at once).
//!
//! Choices where SPEC.md is silent: an id the plant does not know (a material, a
//! destination, a mode of that destination, a line) is an error, as everywhere else in
//! the data set — a history of a material the plant no longer has must be filtered out
//! of the export, not silently dropped; a day logged twice for a line is an error; a
//! promised date before the order date is an error; `planned_shifts` is a whole number
//! 0..=24 (overtime may exceed `shifts_per_day`).

use super::plant::first_time;
use super::table::{self, MAX_DAYS, Table};
use super::{Diagnostics, Reader};
use crate::day::Day;
use crate::model::{History, LineDay, PastReceipt, PastShipment, Plant};
use std::collections::HashMap;
use std::path::Path;

/// The history's files, in the order they are read.
pub const HISTORY_FILES: [&str; 3] = ["receipts.csv", "shipments.csv", "line_log.csv"];

/// Most shifts a logged day may plan (three shifts plus overtime, with room to spare).
const MAX_PLANNED_SHIFTS: i64 = 24;

/// Loads and validates a history directory against `plant`. Diagnostics name each file
/// by its path (`HDIR/receipts.csv`), so that the history's `receipts.csv` is not taken
/// for the plant's file of the same name.
pub fn load_history_dir(dir: &Path, plant: &Plant) -> Result<History, Diagnostics> {
    if !dir.is_dir() {
        let mut diags = Diagnostics::default();
        diags.push(
            &dir.display().to_string(),
            None,
            None,
            "not a directory of history CSV files".into(),
        );
        return Err(diags);
    }
    load_with(plant, &mut |file, _required, diags| {
        let path = dir.join(file);
        match std::fs::read(&path) {
            Ok(bytes) => table::parse(&path.display().to_string(), &bytes, diags),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                diags.push(
                    &path.display().to_string(),
                    None,
                    None,
                    format!("cannot read: {e}"),
                );
                None
            }
        }
    })
}

/// Loads a history held in memory (file name → contents); for tests.
pub fn load_history_files(files: &[(&str, &str)], plant: &Plant) -> Result<History, Diagnostics> {
    load_with(plant, &mut |file, _required, diags| {
        let (_, text) = files.iter().find(|(name, _)| *name == file)?;
        table::parse(file, text.as_bytes(), diags)
    })
}

fn load_with(plant: &Plant, read: &mut Reader) -> Result<History, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut history = History::default();
    if let Some(t) = read(HISTORY_FILES[0], false, &mut diags) {
        history.receipts = receipts(&t, plant, &mut diags);
    }
    if let Some(t) = read(HISTORY_FILES[1], false, &mut diags) {
        history.shipments = shipments(&t, plant, &mut diags);
    }
    if let Some(t) = read(HISTORY_FILES[2], false, &mut diags) {
        history.line_log = line_log(&t, plant, &mut diags);
    }
    if diags.is_empty() {
        Ok(history)
    } else {
        Err(diags)
    }
}

/// Checks that `later` is on or after `earlier` and at most [`MAX_DAYS`] after it.
fn ordered_dates(
    c: &table::Cells,
    (earlier, earlier_col): (Day, &str),
    (later, later_col): (Day, &str),
    diags: &mut Diagnostics,
) -> bool {
    let days = later.since(earlier);
    if days < 0 {
        c.err(
            diags,
            later_col,
            format!("expected a date on or after {earlier_col} {earlier}, found \"{later}\""),
        );
        false
    } else if i64::from(days) > MAX_DAYS {
        c.err(
            diags,
            later_col,
            format!("expected a date at most {MAX_DAYS} days after {earlier_col} {earlier}, found \"{later}\""),
        );
        false
    } else {
        true
    }
}

fn receipts(t: &Table, plant: &Plant, diags: &mut Diagnostics) -> Vec<PastReceipt> {
    t.require(&["material_id", "ordered_date", "received_date"], diags);
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let c = t.cells(row);
        let material = c.refer(
            &plant.material_index,
            "material_id",
            "material",
            "not in materials.csv",
            diags,
        );
        let qty = c.decimal("qty", Some(0.0), false, diags);
        let ordered = c.required_date("ordered_date", diags);
        let due = c.date("due_date", diags);
        let received = c.required_date("received_date", diags);
        let (Some(material), Some(qty), Some(ordered), Some(due), Some(received)) =
            (material, qty, ordered, due, received)
        else {
            continue;
        };
        let mut ok = ordered_dates(
            &c,
            (ordered, "ordered_date"),
            (received, "received_date"),
            diags,
        );
        if let Some(due) = due {
            ok &= ordered_dates(&c, (ordered, "ordered_date"), (due, "due_date"), diags);
        }
        if ok {
            out.push(PastReceipt {
                material,
                supplier: c.text("supplier").to_string(),
                qty,
                ordered,
                due,
                received,
            });
        }
    }
    out
}

fn shipments(t: &Table, plant: &Plant, diags: &mut Diagnostics) -> Vec<PastShipment> {
    t.require(
        &["destination", "mode", "ship_date", "delivered_date"],
        diags,
    );
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let c = t.cells(row);
        let destination = c.refer(
            &plant.destination_index,
            "destination",
            "destination",
            "not in transit.csv",
            diags,
        );
        let mode_name = c.text("mode");
        let mode = destination.and_then(|d| {
            let dest = &plant.destinations[d];
            let m = dest.modes.iter().position(|m| m.name == mode_name);
            if m.is_none() {
                c.err(
                    diags,
                    "mode",
                    format!(
                        "unknown mode \"{mode_name}\" for destination \"{}\" (not in transit.csv)",
                        dest.id
                    ),
                );
            }
            m
        });
        let shipped = c.required_date("ship_date", diags);
        let delivered = c.required_date("delivered_date", diags);
        let (Some(destination), Some(mode), Some(shipped), Some(delivered)) =
            (destination, mode, shipped, delivered)
        else {
            continue;
        };
        if ordered_dates(
            &c,
            (shipped, "ship_date"),
            (delivered, "delivered_date"),
            diags,
        ) {
            out.push(PastShipment {
                destination,
                mode,
                shipped,
                delivered,
            });
        }
    }
    out
}

fn line_log(t: &Table, plant: &Plant, diags: &mut Diagnostics) -> Vec<LineDay> {
    t.require(
        &["line_id", "date", "planned_shifts", "worked_shifts"],
        diags,
    );
    let shifts = format!("a whole number of shifts 0..={MAX_PLANNED_SHIFTS}");
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let c = t.cells(row);
        let line = c.refer(
            &plant.line_index,
            "line_id",
            "line",
            "not in lines.csv",
            diags,
        );
        let date = c.required_date("date", diags);
        let planned = c.whole(
            "planned_shifts",
            None,
            0,
            MAX_PLANNED_SHIFTS,
            &shifts,
            diags,
        );
        let worked = c.whole("worked_shifts", None, 0, MAX_PLANNED_SHIFTS, &shifts, diags);
        let (Some(line), Some(date), Some(planned), Some(worked)) = (line, date, planned, worked)
        else {
            continue;
        };
        if worked > planned {
            c.err(
                diags,
                "worked_shifts",
                format!("expected at most planned_shifts ({planned}), found \"{worked}\""),
            );
            continue;
        }
        if first_time(
            &mut seen,
            (line, date),
            t,
            c.line(),
            "date",
            &format!("day {date} of line \"{}\"", plant.lines[line].id),
            diags,
        ) {
            out.push(LineDay {
                line,
                date,
                planned: planned as u32,
                worked: worked as u32,
                reason: c.text("reason").to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_files;

    fn plant() -> Plant {
        load_files(&[
            ("lines.csv", "line_id,shifts_per_day\nL1,2\n"),
            ("products.csv", "product_id\nP1\n"),
            (
                "capacity.csv",
                "line_id,product_id,units_per_shift\nL1,P1,10\n",
            ),
            (
                "transit.csv",
                "destination,mode,days\nD1,truck,2\nD1,rail,5\n",
            ),
            ("materials.csv", "material_id,lead_time_days\nM1,10\n"),
            (
                "orders.csv",
                "order_id,customer,product_id,qty,requested_date,destination\n",
            ),
        ])
        .expect("valid plant")
        .0
    }

    #[test]
    fn reads_every_file() {
        let h = load_history_files(
            &[
                (
                    "receipts.csv",
                    "material_id,supplier,qty,ordered_date,due_date,received_date\n\
                     M1,S1,5,2026-01-05,2026-01-15,2026-01-17\n\
                     M1,,,2026-02-02,,2026-02-10\n",
                ),
                (
                    "shipments.csv",
                    "destination,mode,ship_date,delivered_date\nD1,rail,2026-01-05,2026-01-12\n",
                ),
                (
                    "line_log.csv",
                    "line_id,date,planned_shifts,worked_shifts,reason\nL1,2026-01-05,2,1,breakdown\n",
                ),
            ],
            &plant(),
        )
        .expect("valid history");
        assert_eq!(h.receipts.len(), 2);
        assert_eq!(h.receipts[0].lead_time(), 12);
        assert_eq!(h.receipts[0].delay(), Some(2));
        assert_eq!(h.receipts[1].delay(), None);
        assert_eq!(h.shipments[0].mode, 1);
        assert_eq!(h.shipments[0].transit(), 7);
        assert_eq!(h.line_log[0].lost(), 1);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let e = load_history_files(
            &[
                (
                    "receipts.csv",
                    "material_id,ordered_date,due_date,received_date\n\
                     M9,2026-01-05,,2026-01-17\n\
                     M1,2026-01-05,,2026-01-01\n\
                     M1,2026-01-05,2026-01-01,2026-01-09\n\
                     M1,2026-13-05,,2026-01-09\n",
                ),
                (
                    "shipments.csv",
                    "destination,mode,ship_date,delivered_date\nD1,air,2026-01-05,2026-01-12\n",
                ),
                (
                    "line_log.csv",
                    "line_id,date,planned_shifts,worked_shifts\n\
                     L1,2026-01-05,2,3\n\
                     L1,2026-01-06,2,2\n\
                     L1,2026-01-06,2,1\n",
                ),
            ],
            &plant(),
        )
        .expect_err("bad history");
        let found: Vec<(String, Option<usize>, Option<String>)> = e
            .items
            .iter()
            .map(|d| (d.file.clone(), d.line, d.column.clone()))
            .collect();
        let at = |f: &str, l: usize, c: &str| (f.to_string(), Some(l), Some(c.to_string()));
        assert_eq!(
            found,
            vec![
                at("receipts.csv", 2, "material_id"),
                at("receipts.csv", 3, "received_date"),
                at("receipts.csv", 4, "due_date"),
                at("receipts.csv", 5, "ordered_date"),
                at("shipments.csv", 2, "mode"),
                at("line_log.csv", 2, "worked_shifts"),
                at("line_log.csv", 4, "date"),
            ]
        );
    }
}
