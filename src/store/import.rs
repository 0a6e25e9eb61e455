//! A CSV data set into the database (`promise import`, and `promise serve` on an empty
//! database): validated by the loader first — a data set with any problem is not
//! imported — then written in one transaction.

use super::spec_csv::{self, OrderRow};
use super::{PLANT_FILES, Store, StoreError};
use crate::load;
use std::path::Path;

/// Why an import failed.
pub enum ImportError {
    /// The data set has problems (exit 2): every one, as the loader reports them.
    Input(String),
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> ImportError {
        ImportError::Store(e)
    }
}

/// Imports the data set in `dir` (a directory of CSV files or a workbook), replacing whatever the database held. The plant files
/// are kept as their texts; the orders as `orders.csv` cells. Returns the orders imported.
/// `progress(done, total)` is told the orders written.
pub fn import_dir(
    store: &mut Store,
    dir: &Path,
    progress: &dyn Fn(u64, u64),
) -> Result<usize, ImportError> {
    let (plant, book) = load::load_dir(dir).map_err(|d| ImportError::Input(d.to_string()))?;
    let texts = if load::workbook::is_workbook(dir) {
        // Kept as the CSV texts of its plant sheets, read back by the same loader.
        load::workbook_plant_texts(dir).map_err(|d| ImportError::Input(d.to_string()))?
    } else {
        plant_texts(dir)?
    };
    let orders: Vec<(String, Vec<OrderRow>)> = book
        .orders
        .iter()
        .map(|o| (o.id.clone(), spec_csv::order_rows(&plant, o)))
        .collect();
    let total = orders.len() as u64;
    let note = format!("imported from {}", dir.display());
    store.import(&texts, &orders, &note, &|n| progress(n, total))?;
    if let Ok(canonical) = std::fs::canonicalize(dir) {
        store.set_meta("source", &canonical.to_string_lossy())?;
    }
    Ok(orders.len())
}

/// The texts of the plant's files in the directory `dir` (absent optional files left out).
fn plant_texts(dir: &Path) -> Result<Vec<(String, String)>, ImportError> {
    let mut texts: Vec<(String, String)> = Vec::new();
    for name in PLANT_FILES {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    ImportError::Input(format!("error: {name}: expected UTF-8 text"))
                })?;
                texts.push((name.to_string(), text));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(ImportError::Input(format!(
                    "error: cannot read {}: {e}",
                    path.display()
                )));
            }
        }
    }
    Ok(texts)
}
