//! CSV directory → [`Plant`] + [`OrderBook`], validating everything before anything is
//! planned. Every problem is collected as a [`Diagnostic`] (file, line, column, found,
//! expected); the caller gets either a complete model or all the problems at once.

mod changes;
mod diag;
mod fitted;
mod history;
mod orders;
mod plant;
pub mod ranges;
mod routing;
mod table;
mod weekdays;
pub mod workbook;
pub mod zh;

pub use changes::{apply_changes, load_changes, parse_changes};
pub use diag::{Diagnostic, Diagnostics, SHOWN};
pub use fitted::{FittedFile, load_fitted_file, parse_fitted};
pub use history::{HISTORY_FILES, load_history_dir, load_history_files};
pub use table::{Cells, Table};
pub use weekdays::parse_work_days;

use crate::model::{OrderBook, Plant};
use std::path::Path;

/// Loads and validates a plant data set from a directory of SPEC.md CSV files, or from a
/// workbook (`.xlsx`) holding them as sheets.
pub fn load_dir(dir: &Path) -> Result<(Plant, OrderBook), Diagnostics> {
    let mut diags = Diagnostics::default();
    if workbook::is_workbook(dir) && dir.is_file() {
        return load_workbook(dir);
    }
    if !dir.is_dir() {
        let problem = if dir.exists() {
            "not a directory of plant CSV files or an .xlsx workbook"
        } else {
            "no such directory or workbook"
        };
        diags.push(&dir.display().to_string(), None, None, problem.into());
        return Err(diags);
    }
    load_with(&mut |file, required, diags| table::read(dir, file, required, diags))
}

/// The plant's files of the workbook at `path` as CSV texts (file name, text), for the
/// order-book database, which keeps the plant as the texts of its files.
pub fn workbook_plant_texts(path: &Path) -> Result<Vec<(String, String)>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let tables = workbook::read(path, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(tables
        .into_iter()
        .filter(|(file, _)| PLANT_FILES.contains(file))
        .map(|(file, t)| (file.to_string(), t.to_csv()))
        .collect())
}

/// Loads a data set from the sheets of a workbook; a required file without a sheet is
/// reported as `plant.xlsx: missing required sheet orders (订单)`.
fn load_workbook(path: &Path) -> Result<(Plant, OrderBook), Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut tables = workbook::read(path, &mut problems);
    if tables.is_empty() && !problems.is_empty() {
        // Unreadable: every required sheet would be reported missing besides.
        return Err(problems);
    }
    let book = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let loaded = load_with(&mut |file, required, diags| {
        let at = tables.iter().position(|(f, _)| *f == file);
        match at {
            Some(i) => Some(tables.swap_remove(i).1),
            None => {
                if required {
                    diags.push(
                        &book,
                        None,
                        None,
                        format!(
                            "missing required sheet {} ({})",
                            file.trim_end_matches(".csv"),
                            zh::sheet_name(file).unwrap_or_default()
                        ),
                    );
                }
                None
            }
        }
    });
    // The workbook's own problems come first: an unreadable workbook explains the rest.
    match loaded {
        Ok(done) if problems.is_empty() => Ok(done),
        Ok(_) => Err(problems),
        Err(d) => {
            problems.items.extend(d.items);
            Err(problems)
        }
    }
}

/// Loads a data set held in memory (file name → contents); for tests and the service.
pub fn load_files(files: &[(&str, &str)]) -> Result<(Plant, OrderBook), Diagnostics> {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    load_bytes(&bytes)
}

/// Loads a data set held in memory as the bytes its files would hold on disk (a
/// byte-order mark, invalid UTF-8 and all): what the fuzz targets feed the loader.
pub fn load_bytes(files: &[(&str, &[u8])]) -> Result<(Plant, OrderBook), Diagnostics> {
    load_with(
        &mut |file, required, diags| match files.iter().find(|(name, _)| *name == file) {
            Some((_, bytes)) => table::parse(file, bytes, diags),
            None => {
                if required {
                    diags.push(file, None, None, "missing required file".into());
                }
                None
            }
        },
    )
}

/// Loads the plant, then the orders against it, from whatever `read` reads.
fn load_with(read: &mut Reader) -> Result<(Plant, OrderBook), Diagnostics> {
    let mut diags = Diagnostics::default();
    let plant = plant::load(read, &mut diags);
    let orders = orders::load(read, &plant, &mut diags);
    if diags.is_empty() {
        Ok((plant, orders))
    } else {
        Err(diags)
    }
}

/// Parses the rows of an `orders.csv` text alone, against a plant that is already loaded
/// (the service turns a JSON order into such rows, so an order sent over HTTP is checked
/// by exactly the rules of the file, with the same messages). `file` names the text in
/// the diagnostics.
pub fn parse_orders(
    file: &'static str,
    text: &str,
    plant: &Plant,
) -> Result<OrderBook, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut read = |name: &'static str, _required: bool, diags: &mut Diagnostics| {
        (name == "orders.csv").then(|| table::parse(file, text.as_bytes(), diags))?
    };
    let orders = orders::load(&mut read, plant, &mut diags);
    if diags.is_empty() {
        Ok(orders)
    } else {
        Err(diags)
    }
}

/// The plant's files of a data set (SPEC.md's table, everything but `orders.csv`).
pub const PLANT_FILES: [&str; 10] = [
    "lines.csv",
    "calendar.csv",
    "capacity.csv",
    "routing.csv",
    "products.csv",
    "materials.csv",
    "bom.csv",
    "receipts.csv",
    "transit.csv",
    "subcontractors.csv",
];

/// How the loaders get at a file: `(name, required, diagnostics) → table`.
type Reader<'r> = dyn FnMut(&'static str, bool, &mut Diagnostics) -> Option<Table> + 'r;

/// Parses `yes`/`no` (and the usual spreadsheet spellings of them).
pub fn parse_yes_no(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}
