//! Problems found in input files, collected rather than thrown, so that a user sees
//! every mistake of a data set in one run.

use std::fmt;

/// One problem: where it is (file, 1-based line, column — or a workbook's sheet and
/// cell) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, or the sheet of a workbook.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<String>,
    pub message: String,
    /// In a sheet, the cell's A1 reference (`D7`): written `订单!D7: 数量: …`, the way
    /// Excel itself names a cell, so that a planner can type it into the Name Box.
    pub cell: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(cell) = &self.cell {
            write!(f, "{}!{cell}", self.file)?;
            if let Some(col) = &self.column {
                write!(f, ": {col}")?;
            }
            return write!(f, ": {}", self.message);
        }
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ": column {col}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// At most this many problems are printed; the rest are counted.
pub const SHOWN: usize = 50;

/// A bag of problems; loading fails when it is not empty.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, file: &str, line: Option<usize>, column: Option<&str>, message: String) {
        self.items.push(Diagnostic {
            file: file.to_string(),
            line,
            column: column.map(str::to_string),
            message,
            cell: None,
        });
    }

    /// A problem with the cell `cell` (`D7`) of `sheet`, under the header `column`.
    pub fn push_cell(&mut self, sheet: &str, cell: &str, column: &str, message: String) {
        self.items.push(Diagnostic {
            file: sheet.to_string(),
            line: None,
            column: Some(column.to_string()),
            message,
            cell: Some(cell.to_string()),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.items.iter().take(SHOWN) {
            writeln!(f, "error: {d}")?;
        }
        if self.items.len() > SHOWN {
            writeln!(f, "… and {} more problems", self.items.len() - SHOWN)?;
        }
        let n = self.items.len();
        write!(
            f,
            "{n} problem{} found; nothing was planned or written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
