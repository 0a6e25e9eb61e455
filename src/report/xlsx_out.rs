//! The plan as one Excel workbook (`plan --out plan.xlsx`): the sheets of `plan --out DIR`
//! (orders, line load, purchases, work orders) and the follow-up lists, each built from
//! the same CSV text, so the workbook and the CSV files never disagree. Dates are real
//! Excel dates, numbers numbers (ids stay text), the header row is frozen and filtered,
//! late order lines are filled red, columns are fitted to their contents. Built in memory:
//! the caller writes the bytes atomically.

use crate::followup::FollowUp;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

/// Excel's light red fill for bad values (its "Light Red Fill with Dark Red Text").
const LATE_FILL: u32 = 0xFFC7CE;
const LATE_TEXT: u32 = 0x9C0006;

/// The workbook of `sheets` (sheet name, CSV text with a header row), in order.
pub fn plan_workbook(sheets: &[(&str, String)]) -> Result<Vec<u8>, String> {
    build(sheets).map_err(|e| format!("cannot build the workbook: {e}"))
}

fn build(sheets: &[(&str, String)]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let formats = Formats::new();
    for (name, text) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        write_sheet(ws, text, &formats)?;
    }
    wb.save_to_buffer()
}

struct Formats {
    header: Format,
    date: Format,
    late: Format,
    late_date: Format,
}

impl Formats {
    fn new() -> Formats {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let late = Format::new()
            .set_background_color(Color::RGB(LATE_FILL))
            .set_font_color(Color::RGB(LATE_TEXT));
        Formats {
            header: Format::new().set_bold(),
            late_date: late.clone().set_num_format("yyyy-mm-dd"),
            late,
            date,
        }
    }
}

fn write_sheet(ws: &mut Worksheet, text: &str, f: &Formats) -> Result<(), XlsxError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .filter_map(|r| r.ok())
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let Some(header) = rows.first() else {
        return Ok(());
    };
    let late_col = header.iter().position(|h| h == "late_days");
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.header)?;
    }
    for (r, row) in rows.iter().enumerate().skip(1) {
        let late = late_col
            .and_then(|c| row.get(c))
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|d| d > 0.0);
        for (c, v) in row.iter().enumerate() {
            let (r, col) = (r as u32, c as u16);
            let text_only = header.get(c).is_some_and(|h| is_text_column(h));
            if let Some(d) = iso_date(v) {
                let fmt = if late { &f.late_date } else { &f.date };
                ws.write_datetime_with_format(r, col, d, fmt)?;
            } else if let (Some(n), false) = (number(v), text_only) {
                if late {
                    ws.write_number_with_format(r, col, n, &f.late)?;
                } else {
                    ws.write_number(r, col, n)?;
                }
            } else if late {
                ws.write_string_with_format(r, col, v, &f.late)?;
            } else if !v.is_empty() {
                ws.write_string(r, col, v)?;
            }
        }
    }
    let (last_row, last_col) = (rows.len() as u32 - 1, header.len().max(1) as u16 - 1);
    ws.set_freeze_panes(1, 0)?;
    if rows.len() > 1 {
        ws.autofilter(0, 0, last_row, last_col)?;
    }
    ws.autofit();
    Ok(())
}

/// Columns whose values are names or ids, kept as text even when they look like numbers
/// (an order `1001`, a line `07`).
fn is_text_column(header: &str) -> bool {
    header.ends_with("_id")
        || header.ends_with("lines")
        || matches!(header, "customer" | "mode" | "destination" | "orders")
}

fn number(v: &str) -> Option<f64> {
    v.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `YYYY-MM-DD` exactly, as a date.
fn iso_date(v: &str) -> Option<ExcelDateTime> {
    let b = v.as_bytes();
    let iso = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !iso {
        return None;
    }
    let y = v[..4].parse().ok()?;
    let m = v[5..7].parse().ok()?;
    let d = v[8..].parse().ok()?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

/// The follow-up lists as one table: a `department` column, then every key of the lists'
/// entries (in order of first appearance); lists of ids joined by ", ".
pub fn followup_csv(f: &FollowUp) -> String {
    let v = serde_json::to_value(f).unwrap_or(Value::Null);
    let departments = [
        "purchasing",
        "production",
        "packaging",
        "shipping",
        "orders",
    ];
    let mut keys: Vec<String> = Vec::new();
    let mut entries: Vec<(&str, &serde_json::Map<String, Value>)> = Vec::new();
    for d in departments {
        for e in v[d].as_array().into_iter().flatten() {
            if let Some(o) = e.as_object() {
                for k in o.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
                entries.push((d, o));
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["department".to_string()];
    header.extend(keys.iter().cloned());
    let _ = w.write_record(&header);
    for (d, o) in entries {
        let mut row = vec![d.to_string()];
        row.extend(keys.iter().map(|k| cell(o.get(k))));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| cell(Some(x)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Object(_)) => String::new(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_by_their_text() {
        assert!(iso_date("2026-03-02").is_some());
        assert!(iso_date("2026-3-2").is_none());
        assert!(iso_date("2026-13-01").is_none());
        assert_eq!(number("12.5"), Some(12.5));
        assert_eq!(number("inf"), None);
        assert!(is_text_column("order_id") && is_text_column("production_lines"));
        assert!(!is_text_column("qty"));
        assert_eq!(
            cell(Some(&serde_json::json!(["A", "B"]))),
            "A, B".to_string()
        );
    }
}
