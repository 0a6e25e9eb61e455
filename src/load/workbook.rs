//! An Excel workbook as a data set (SPEC.md "Excel workbooks and Chinese headers"): each
//! sheet named like a file (`orders`, `orders.csv` or `订单`) becomes the same [`Table`] its
//! CSV file would, so every rule and message of the loaders applies unchanged; problems
//! are written with the sheet and cell (`订单!D7`).
//!
//! What a planner's workbook holds, and what is made of it:
//! - other sheets (notes, pivot tables, lookup lists) are ignored; hidden sheets and hidden
//!   columns are read like visible ones (hiding is a view, not a deletion);
//! - title rows above the header (merged or not) are skipped: the header is the first row
//!   naming a column of the sheet's file in English or Chinese;
//! - formulas count by their cached values (what Excel last computed and showed); a
//!   formula whose value is an error (`#N/A`) in a column the loader reads is reported as
//!   such (an id or a name would otherwise read as the text "#N/A"); in other columns
//!   (notes) it does not matter;
//! - an Excel date reads as `YYYY-MM-DD` (its time of day, if any, is dropped), a whole
//!   number without a decimal point (ids like 1001 read as `1001`), TRUE/FALSE as
//!   `true`/`false`.

use super::diag::Diagnostics;
use super::table::{Row, Table, cell_ref};
use super::zh;
use calamine::{Data, Range, Reader, open_workbook_auto};
use std::path::Path;

/// Whether `path` names a workbook rather than a directory of CSV files (by its extension).
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| matches!(e.as_str(), "xlsx" | "xlsm" | "xls" | "ods"))
}

/// The sheets of the workbook at `path` that hold a data-set file, as (file, table);
/// problems (an unreadable workbook, two sheets for one file, formula errors) are added to
/// `diags`.
pub fn read(path: &Path, diags: &mut Diagnostics) -> Vec<(&'static str, Table)> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut book = match open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                &name,
                None,
                None,
                format!("cannot read the workbook {}: {e}", path.display()),
            );
            return Vec::new();
        }
    };
    let mut tables: Vec<(&'static str, String, Table)> = Vec::new();
    for sheet in book.sheet_names() {
        let Some(file) = zh::file_of_sheet(&sheet) else {
            continue;
        };
        if let Some((_, first, _)) = tables.iter().find(|(f, _, _)| *f == file) {
            diags.push(
                &name,
                None,
                None,
                format!(
                    "two sheets hold {file}: \"{first}\" and \"{sheet}\"; keep one (named {} or {})",
                    file.trim_end_matches(".csv"),
                    zh::sheet_name(file).unwrap_or_default()
                ),
            );
            continue;
        }
        match book.worksheet_range(&sheet) {
            Ok(range) => {
                if let Some(t) = table(file, &sheet, &range, diags) {
                    tables.push((file, sheet.clone(), t));
                }
            }
            Err(e) => diags.push(&sheet, None, None, format!("unreadable sheet: {e}")),
        }
    }
    tables.into_iter().map(|(f, _, t)| (f, t)).collect()
}

/// The table of data-set file `file` in the sheet `sheet`.
fn table(file: &str, sheet: &str, range: &Range<Data>, diags: &mut Diagnostics) -> Option<Table> {
    let Some((top, left)) = range.start() else {
        diags.push(
            sheet,
            None,
            None,
            "empty sheet: expected a header row".into(),
        );
        return None;
    };
    let rows: Vec<&[Data]> = range.rows().collect();
    let filled = |r: &&[Data]| r.iter().any(|c| !text_of(c).is_empty());
    let is_header = |r: &[Data]| {
        r.iter()
            .any(|c| zh::is_column(file, &text_of(c).to_ascii_lowercase()))
    };
    // The first row naming a known column; without one the first non-empty row, whose
    // missing columns are then reported.
    let header = rows
        .iter()
        .position(|r| is_header(r))
        .or_else(|| rows.iter().position(filled))?;
    let headers: Vec<String> = rows[header]
        .iter()
        .map(|c| text_of(c).to_ascii_lowercase())
        .collect();
    let sheet_row = |i: usize| top as usize + i + 1;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(header + 1) {
        if !filled(r) {
            continue;
        }
        let mut fields = Vec::with_capacity(r.len());
        for (j, c) in r.iter().enumerate() {
            if let Data::Error(e) = c {
                errors.push((sheet_row(i), j, e.to_string()));
            }
            fields.push(text_of(c));
        }
        out.push(Row {
            line: sheet_row(i),
            fields,
        });
    }
    let mut t = Table::new(
        file,
        sheet,
        &headers,
        sheet_row(header),
        out,
        Some(left),
        diags,
    );
    // Formula errors matter only where the loader reads: a failed lookup in a notes
    // column does not stop the plan.
    for (row, j, e) in errors {
        let Some(h) = headers.get(j) else { continue };
        let name = zh::column(file, h);
        if zh::chinese(file, name).is_some() && t.col(name) == Some(j) {
            t.formula_errors.push((row, j));
            diags.push_cell(
                sheet,
                &cell_ref(left + j as u32, row),
                h,
                format!("the cell's formula gives the error {e}; expected a value"),
            );
        }
    }
    Some(t)
}

/// A cell as the text its CSV file would hold.
fn text_of(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if d.is_datetime() => dt.date().format("%Y-%m-%d").to_string(),
            _ => number(d.as_f64()),
        },
        // Written by ODS files: ISO text already; keep the date of a date-time.
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or_default().to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as a person would type it: whole numbers without a decimal point (Excel
/// stores every number as a float: the id 1001 must not read as "1001.0").
fn number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number(1001.0), "1001");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(0.93), "0.93");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1e20), "100000000000000000000");
        assert_eq!(text_of(&Data::Float(-0.0)), "0");
        assert_eq!(text_of(&Data::String("  P1 ".into())), "P1");
        assert_eq!(text_of(&Data::Bool(true)), "true");
        assert_eq!(
            text_of(&Data::DateTimeIso("2026-03-02T08:00:00".into())),
            "2026-03-02"
        );
    }

    #[test]
    fn workbooks_by_extension() {
        assert!(is_workbook(Path::new("plant.xlsx")));
        assert!(is_workbook(Path::new("工厂/计划.XLSX")));
        assert!(!is_workbook(Path::new("data/demo")));
        assert!(!is_workbook(Path::new("orders.csv")));
    }
}
