//! One CSV file as a table of trimmed strings, and typed access to its cells that records
//! a [`Diagnostics`] entry (file, line, column, value, expectation) instead of failing.

use super::diag::Diagnostics;
use super::ranges::Bounds;
use super::zh;
use crate::day::{DateError, Day};
use std::collections::HashMap;
use std::path::Path;

pub struct Table {
    /// The file's name as diagnostics show it (a workbook's sheet name for a sheet).
    pub file: String,
    /// The columns by name, the first cell of each name. A handful of names: a linear
    /// scan beats hashing on every cell read (loading M reads ~400,000 cells).
    columns: Vec<Column>,
    /// 1-based line number of the header row (after any leading blank lines); a sheet's
    /// row number.
    header_line: usize,
    pub rows: Vec<Row>,
    /// For a workbook's sheet, the sheet column of `fields[0]` (0 = A): problems are then
    /// written as cell references (`订单!D7`) instead of line and column.
    sheet_column: Option<u32>,
    /// The data-set file the table is (`orders.csv`), whose Chinese names apply.
    key: String,
    /// A sheet's cells (line, field index) whose formula gives an error (`#N/A`), already
    /// reported as such: what the loaders would say of the error's text is not repeated.
    pub(super) formula_errors: Vec<(usize, usize)>,
}

/// One named column of a table.
struct Column {
    /// The English name (SPEC.md's), which the loaders ask for.
    name: String,
    /// Its index in each row's fields.
    index: usize,
    /// The header as the file writes it, lower-cased and trimmed (`qty`, `数量`): what
    /// diagnostics name, so that a planner finds the column they wrote.
    shown: String,
}

pub struct Row {
    /// 1-based line number in the file (the header is line 1); a sheet's row number.
    pub line: usize,
    pub(super) fields: Vec<String>,
}

/// Reads `dir/file`. A missing optional file is an empty table; a missing required one is
/// a diagnostic. Tolerates what Excel writes: a UTF-8 byte-order mark, CRLF line ends,
/// blank trailing lines and rows of empty cells.
pub fn read(
    dir: &Path,
    file: &'static str,
    required: bool,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let path = dir.join(file);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if required {
                diags.push(file, None, None, "missing required file".into());
            }
            return None;
        }
        Err(e) => {
            diags.push(
                file,
                None,
                None,
                format!("cannot read {}: {e}", path.display()),
            );
            return None;
        }
    };
    parse(file, &bytes, diags)
}

pub fn parse(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<Table> {
    parse_as(file, file, bytes, diags)
}

/// Parses the CSV text of the data-set file `key` (`orders.csv`: whose Chinese headers
/// apply), called `file` in diagnostics.
pub fn parse_as(key: &str, file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // csv's own line count is off for CRLF files; count line starts ourselves.
    let starts = line_starts(bytes);
    let line_at = |byte: u64| {
        // A record's position may point at the line end left over from the row before.
        let mut b = byte as usize;
        while matches!(bytes.get(b), Some(b'\r' | b'\n')) {
            b += 1;
        }
        starts.partition_point(|&s| s <= b)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let (headers, header_line): (Vec<String>, usize) = loop {
        match records.next() {
            None => {
                diags.push(
                    file,
                    Some(1),
                    None,
                    "empty file: expected a header row".into(),
                );
                return None;
            }
            Some(Err(e)) => {
                diags.push(
                    file,
                    e.position().map(|p| line_at(p.byte())),
                    None,
                    format!("unreadable CSV: {e}"),
                );
                return None;
            }
            Some(Ok(r)) => {
                if r.iter().all(|f| f.is_empty()) {
                    continue;
                }
                let line = r.position().map_or(1, |p| line_at(p.byte()));
                let headers: Vec<String> = r
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_ascii_lowercase())
                    .collect();
                break (headers, line);
            }
        }
    };
    let mut rows = Vec::new();
    for rec in records {
        match rec {
            Err(e) => diags.push(
                file,
                e.position().map(|p| line_at(p.byte())),
                None,
                format!("unreadable CSV: {e}"),
            ),
            Ok(r) => {
                if r.iter().all(|f| f.is_empty()) {
                    continue;
                }
                let line = r.position().map_or(0, |p| line_at(p.byte()));
                let mut fields = Vec::with_capacity(r.len());
                let mut bad_utf8 = None;
                for (i, f) in r.iter().enumerate() {
                    match std::str::from_utf8(f) {
                        Ok(s) => fields.push(s.to_string()),
                        Err(_) => {
                            bad_utf8.get_or_insert(i);
                            fields.push(String::from_utf8_lossy(f).into_owned());
                        }
                    }
                }
                if let Some(i) = bad_utf8 {
                    diags.push(
                        file,
                        Some(line),
                        headers.get(i).map(String::as_str),
                        "not valid UTF-8 text".into(),
                    );
                    continue;
                }
                rows.push(Row { line, fields });
            }
        }
    }
    Some(Table::new(
        key,
        file,
        &headers,
        header_line,
        rows,
        None,
        diags,
    ))
}

/// Byte offsets at which lines start; a line ends with `\n`, `\r\n` or a lone `\r`.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

impl Table {
    /// A table of the data-set file `key` (`orders.csv`) called `file` in diagnostics,
    /// from its header row (trimmed, lower-cased cells) and data rows. Each header is
    /// taken by its English or Chinese name ([`zh`]); every column named more than once
    /// (also once in each language) is reported: which of the two cells would be meant is
    /// anyone's guess, so the data set is not loaded.
    pub(super) fn new(
        key: &str,
        file: &str,
        headers: &[String],
        header_line: usize,
        rows: Vec<Row>,
        sheet_column: Option<u32>,
        diags: &mut Diagnostics,
    ) -> Table {
        let mut table = Table {
            file: file.to_string(),
            columns: Vec::with_capacity(headers.len()),
            header_line,
            rows,
            sheet_column,
            key: key.to_string(),
            formula_errors: Vec::new(),
        };
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            let name = zh::column(key, h);
            if let Some(first) = table.columns.iter().find(|c| c.name == name) {
                let message = if first.shown == *h {
                    format!(
                        "duplicate column (named in header cells {} and {})",
                        first.index + 1,
                        i + 1
                    )
                } else {
                    format!(
                        "duplicate column ({} in header cell {}, {h} in header cell {})",
                        first.shown,
                        first.index + 1,
                        i + 1
                    )
                };
                table.report_at(header_line, i, h, message, diags);
            } else {
                table.columns.push(Column {
                    name: name.to_string(),
                    index: i,
                    shown: h.clone(),
                });
            }
        }
        table
    }

    /// The table as the text of its CSV file: the headers as written, then the rows (a
    /// workbook's sheet kept as CSV text by the order-book database, read back by the
    /// same loader).
    pub fn to_csv(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|r| r.fields.len())
            .chain(self.columns.iter().map(|c| c.index + 1))
            .max()
            .unwrap_or(0);
        let mut header = vec![""; width];
        for c in &self.columns {
            header[c.index] = &c.shown;
        }
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        // Writing into memory cannot fail.
        let _ = w.write_record(&header);
        for r in &self.rows {
            let _ = w.write_record(&r.fields);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// Index of a column by its English name, lower-case.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.index)
    }

    /// How diagnostics name the column `name`: its header as written, else `name`.
    fn shown<'n>(&'n self, name: &'n str) -> &'n str {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map_or(name, |c| c.shown.as_str())
    }

    /// "line 7" in a file, "row 7" in a sheet: how a message refers to another row.
    pub fn row_name(&self, line: usize) -> String {
        match self.sheet_column {
            None => format!("line {line}"),
            Some(_) => format!("row {line}"),
        }
    }

    /// Records a problem with the cell of column `name` on `line` (file line or sheet row).
    pub fn report(&self, line: usize, name: &str, message: String, diags: &mut Diagnostics) {
        match self.col(name) {
            Some(i) => self.report_at(line, i, self.shown(name), message, diags),
            None => diags.push(&self.file, Some(line), Some(name), message),
        }
    }

    /// Records a problem with the field `index` of `line`, named `shown`.
    fn report_at(
        &self,
        line: usize,
        index: usize,
        shown: &str,
        message: String,
        diags: &mut Diagnostics,
    ) {
        match self.sheet_column {
            None => diags.push(&self.file, Some(line), Some(shown), message),
            Some(first) => diags.push_cell(
                &self.file,
                &cell_ref(first + index as u32, line),
                shown,
                message,
            ),
        }
    }

    /// Reports each missing required column; returns false if any is missing.
    pub fn require(&self, names: &[&str], diags: &mut Diagnostics) -> bool {
        let mut ok = true;
        for n in names {
            if self.col(n).is_none() {
                match self.sheet_column {
                    None => diags.push(
                        &self.file,
                        Some(self.header_line),
                        Some(n),
                        "missing required column".into(),
                    ),
                    // A sheet has no line to point at: say which row was taken for the
                    // header and the column's Chinese name, either of which would do.
                    Some(_) => {
                        let also =
                            zh::chinese(&self.key, n).map_or(String::new(), |z| format!(" or {z}"));
                        diags.push(
                            &self.file,
                            None,
                            Some(n),
                            format!(
                                "missing required column (expected a header {n}{also} in the header row, row {})",
                                self.header_line
                            ),
                        );
                    }
                }
                ok = false;
            }
        }
        ok
    }

    /// Typed access to the cells of one row.
    pub fn cells<'a>(&'a self, row: &'a Row) -> Cells<'a> {
        Cells { table: self, row }
    }
}

/// The cells of one row. Every getter returns `None` after recording a diagnostic when
/// the cell is present but wrong; an absent or empty optional cell gives the default.
pub struct Cells<'a> {
    table: &'a Table,
    row: &'a Row,
}

/// Largest day count SPEC.md accepts.
pub const MAX_DAYS: i64 = 100_000;

impl<'a> Cells<'a> {
    pub fn line(&self) -> usize {
        self.row.line
    }

    /// The raw trimmed text of a column ("" when absent or empty).
    pub fn text(&self, name: &str) -> &'a str {
        self.table
            .col(name)
            .and_then(|i| self.row.fields.get(i))
            .map_or("", |s| s.as_str())
    }

    /// Records a problem with this row's cell of column `name`. A column absent from the
    /// header reads as empty cells; it was reported once as a missing required column
    /// (every column whose empty cell is an error is required), so its rows are not
    /// reported again: one missing column must not fill the cap and hide other problems.
    pub fn err(&self, diags: &mut Diagnostics, name: &str, message: String) {
        let Some(i) = self.table.col(name) else {
            return;
        };
        if self.table.formula_errors.contains(&(self.row.line, i)) {
            return;
        }
        self.table.report(self.row.line, name, message, diags);
    }

    fn bad(&self, diags: &mut Diagnostics, name: &str, expected: &str) {
        let found = self.text(name);
        self.err(
            diags,
            name,
            format!("expected {expected}, found \"{found}\""),
        );
    }

    /// A required reference to an id of another file: its index in `index`, or a
    /// diagnostic ("unknown line \"L9\" (not in lines.csv)"; `note` is the parenthesis).
    pub fn refer(
        &self,
        index: &HashMap<String, usize>,
        col: &str,
        what: &str,
        note: &str,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        let id = self.text(col);
        if id.is_empty() {
            self.err(
                diags,
                col,
                format!("expected a {what} id, found an empty cell"),
            );
            return None;
        }
        let found = index.get(id).copied();
        if found.is_none() {
            self.err(diags, col, format!("unknown {what} \"{id}\" ({note})"));
        }
        found
    }

    /// A required non-empty id.
    pub fn id(&self, name: &str, diags: &mut Diagnostics) -> Option<String> {
        let s = self.text(name);
        if s.is_empty() {
            self.err(
                diags,
                name,
                "expected a non-empty id, found an empty cell".into(),
            );
            None
        } else {
            Some(s.to_string())
        }
    }

    /// A finite decimal within its column's range ([`Bounds::of`]); `positive` demands
    /// > 0, else ≥ 0. `default` applies when empty (`None` makes the cell required).
    pub fn decimal(
        &self,
        name: &str,
        default: Option<f64>,
        positive: bool,
        diags: &mut Diagnostics,
    ) -> Option<f64> {
        let s = self.text(name);
        let bounds = Bounds::of(name, positive);
        if s.is_empty() {
            if default.is_none() {
                self.bad(diags, name, &bounds.expected());
            }
            return default;
        }
        match s.parse::<f64>() {
            Ok(v) if bounds.contains(v) => Some(v),
            _ => {
                self.bad(diags, name, &bounds.expected());
                None
            }
        }
    }

    /// A whole number of days in 0..=100000.
    pub fn days(&self, name: &str, default: Option<i32>, diags: &mut Diagnostics) -> Option<i32> {
        let v = self.whole(
            name,
            default.map(i64::from),
            0,
            MAX_DAYS,
            "a whole number of days 0..=100000",
            diags,
        )?;
        Some(v as i32)
    }

    /// A whole number in `lo..=hi`.
    pub fn whole(
        &self,
        name: &str,
        default: Option<i64>,
        lo: i64,
        hi: i64,
        expected: &str,
        diags: &mut Diagnostics,
    ) -> Option<i64> {
        let s = self.text(name);
        if s.is_empty() {
            if default.is_none() {
                self.bad(diags, name, expected);
            }
            return default;
        }
        let parsed = s.parse::<i64>().ok().or_else(|| {
            // Spreadsheets like to write whole numbers as "3.0".
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && v.fract() == 0.0 && v.abs() < 9e15)
                .map(|v| v as i64)
        });
        match parsed {
            Some(v) if (lo..=hi).contains(&v) => Some(v),
            _ => {
                self.bad(diags, name, expected);
                None
            }
        }
    }

    /// An ISO date: `Some(None)` for an empty cell, `None` (reported) for a bad one.
    pub fn date(&self, name: &str, diags: &mut Diagnostics) -> Option<Option<Day>> {
        let s = self.text(name);
        if s.is_empty() {
            return Some(None);
        }
        let iso = Day::is_iso(s);
        match Day::read(s) {
            Ok(d) if iso => Some(Some(d)),
            Err(e @ DateError::OutOfRange) if iso => {
                self.err(diags, name, e.describe(s));
                None
            }
            _ => {
                self.bad(diags, name, "a date YYYY-MM-DD");
                None
            }
        }
    }

    /// A required ISO date.
    pub fn required_date(&self, name: &str, diags: &mut Diagnostics) -> Option<Day> {
        match self.date(name, diags) {
            Some(Some(d)) => Some(d),
            Some(None) => {
                self.bad(diags, name, "a date YYYY-MM-DD");
                None
            }
            None => None,
        }
    }
}

/// The A1 reference of the 0-based sheet column `column` on the 1-based row `row` (`D7`).
pub fn cell_ref(column: u32, row: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8(letters).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref(0, 1), "A1");
        assert_eq!(cell_ref(3, 7), "D7");
        assert_eq!(cell_ref(25, 2), "Z2");
        assert_eq!(cell_ref(26, 2), "AA2");
        assert_eq!(cell_ref(27, 3), "AB3");
        assert_eq!(cell_ref(701, 4), "ZZ4");
        assert_eq!(cell_ref(702, 5), "AAA5");
    }

    #[test]
    fn chinese_headers_read_as_english() {
        let mut diags = Diagnostics::default();
        let t = parse_as(
            "orders.csv",
            "orders.csv",
            "订单号,QTY,状态\nA,3,已承诺\n".as_bytes(),
            &mut diags,
        )
        .unwrap();
        assert!(diags.is_empty());
        assert_eq!(t.col("order_id"), Some(0));
        assert_eq!(t.col("qty"), Some(1));
        assert_eq!(t.col("status"), Some(2));
        t.cells(&t.rows[0])
            .decimal("status", None, true, &mut diags);
        assert_eq!(
            diags.items[0].to_string(),
            "orders.csv:2: column 状态: expected a number 0.000001..=1000000000, found \"已承诺\""
        );
    }

    #[test]
    fn a_column_in_both_languages_is_a_duplicate() {
        let mut diags = Diagnostics::default();
        parse_as(
            "orders.csv",
            "orders.csv",
            b"qty,\xE6\x95\xB0\xE9\x87\x8F\n1,2\n",
            &mut diags,
        );
        assert_eq!(
            diags.items[0].to_string(),
            "orders.csv:1: column 数量: duplicate column (qty in header cell 1, 数量 in header cell 2)"
        );
    }
}
