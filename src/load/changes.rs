//! A change file (`promise change --changes FILE`): one change a row, its `kind` column
//! saying which (SPEC.md): `order_cancel`, `order_qty`, `order_date`, `line_down`,
//! `receipt_delay`, `new_order`. Bad rows are reported like bad input — file, line,
//! column, every problem at once — and nothing is planned.
//!
//! A `new_order` row has the columns of `orders.csv`; as `kind` names the change, the
//! order's own kind (standard/special) goes in `order_kind`.

use super::orders::{Row, row_of};
use super::table::{self, MAX_DAYS, Table};
use super::{Cells, Diagnostics};
use crate::explain::change::{self, Change, Edit};
use crate::model::{OrderBook, Plant, Status};
use std::path::Path;

const KINDS: &str = "order_cancel, order_qty, order_date, line_down, receipt_delay or new_order";

/// The columns a `new_order` row cannot do without.
const NEW_ORDER_COLUMNS: [&str; 5] = [
    "order_id",
    "product_id",
    "qty",
    "requested_date",
    "destination",
];

/// Reads, checks and applies the change file at `path` to the plant and its orders: the
/// changes and the changed plant and book, or every problem found.
pub fn load_changes(
    path: &Path,
    plant: &Plant,
    book: &OrderBook,
) -> Result<(Vec<Change>, Plant, OrderBook), Diagnostics> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    match std::fs::read(path) {
        Ok(bytes) => apply_changes(&name, &bytes, plant, book),
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.push(
                &name,
                None,
                None,
                format!("cannot read {}: {e}", path.display()),
            );
            Err(diags)
        }
    }
}

/// [`load_changes`] on the text of a change file called `file`.
pub fn apply_changes(
    file: &str,
    bytes: &[u8],
    plant: &Plant,
    book: &OrderBook,
) -> Result<(Vec<Change>, Plant, OrderBook), Diagnostics> {
    let mut diags = Diagnostics::default();
    let changes = parse_changes(file, bytes, plant, &mut diags);
    let (plant, book, errors) = change::apply(plant, book, &changes);
    for e in errors {
        diags.push(file, Some(e.line), Some(e.column), e.message);
    }
    // Cell problems and reference problems were found in two passes: list them by line.
    diags.items.sort_by_key(|d| d.line);
    if diags.is_empty() {
        Ok((changes, plant, book))
    } else {
        Err(diags)
    }
}

/// The well-formed rows of a change file, each checked against the plant (lines,
/// products, materials, destinations); references to orders are checked when applied.
pub fn parse_changes(
    file: &str,
    bytes: &[u8],
    plant: &Plant,
    diags: &mut Diagnostics,
) -> Vec<Change> {
    let Some(t) = table::parse(file, bytes, diags) else {
        return Vec::new();
    };
    if !t.require(&["kind"], diags) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for row in &t.rows {
        let c = t.cells(row);
        let before = diags.len();
        let edit = edit(&t, &c, plant, diags);
        if let Some(edit) = edit.filter(|_| diags.len() == before) {
            out.push(Change {
                line: c.line(),
                edit,
            });
        }
    }
    out
}

/// Reports a column the row's kind needs but the file does not have.
fn need(t: &Table, c: &Cells, kind: &str, columns: &[&str], diags: &mut Diagnostics) {
    for col in columns {
        if t.col(col).is_none() {
            diags.push(
                &t.file,
                Some(c.line()),
                Some(col),
                format!("missing column, needed by {kind} rows"),
            );
        }
    }
}

fn edit(t: &Table, c: &Cells, plant: &Plant, diags: &mut Diagnostics) -> Option<Edit> {
    let kind = c.text("kind").to_ascii_lowercase();
    match kind.as_str() {
        "order_cancel" => {
            need(t, c, &kind, &["order_id"], diags);
            Some(Edit::OrderCancel {
                order: c.id("order_id", diags)?,
            })
        }
        "order_qty" => {
            need(t, c, &kind, &["order_id", "product_id", "qty"], diags);
            let order = c.id("order_id", diags);
            let product = reference(c, "product_id", "product", diags, |id| plant.product(id));
            let qty = c.decimal("qty", None, true, diags);
            Some(Edit::OrderQty {
                order: order?,
                product: product?,
                qty: qty?,
            })
        }
        "order_date" => {
            need(t, c, &kind, &["order_id", "date"], diags);
            let order = c.id("order_id", diags);
            let date = c.required_date("date", diags);
            Some(Edit::OrderDate {
                order: order?,
                date: date?,
            })
        }
        "line_down" => {
            need(t, c, &kind, &["from", "to"], diags);
            let line = match c.text("line_id") {
                "" => Some(None),
                _ => reference(c, "line_id", "line", diags, |id| plant.line(id)).map(Some),
            };
            let from = c.required_date("from", diags);
            let to = c.required_date("to", diags);
            if let (Some(f), Some(t)) = (from, to)
                && i64::from(t.since(f)) > MAX_DAYS
            {
                c.err(
                    diags,
                    "to",
                    format!("expected at most {MAX_DAYS} days after from, found \"{t}\""),
                );
            }
            Some(Edit::LineDown {
                line: line?,
                from: from?,
                to: to?,
            })
        }
        "receipt_delay" => {
            need(t, c, &kind, &["material_id", "date", "to"], diags);
            let material = reference(c, "material_id", "material", diags, |id| plant.material(id));
            let date = c.required_date("date", diags);
            let to = c.required_date("to", diags);
            Some(Edit::ReceiptDelay {
                material: material?,
                date: date?,
                to: to?,
            })
        }
        "new_order" => {
            need(t, c, &kind, &NEW_ORDER_COLUMNS, diags);
            let Row { id, status, line } = row_of(c, plant, "order_kind", diags)?;
            Some(Edit::NewOrder {
                order: id,
                status: status.unwrap_or(Status::Committed),
                line,
            })
        }
        "" => {
            c.err(
                diags,
                "kind",
                format!("expected a change kind ({KINDS}), found an empty cell"),
            );
            None
        }
        _ => {
            c.err(
                diags,
                "kind",
                format!(
                    "expected a change kind ({KINDS}), found \"{}\"",
                    c.text("kind")
                ),
            );
            None
        }
    }
}

/// A required reference to something of the plant; reports an empty or unknown id.
fn reference(
    c: &Cells,
    col: &str,
    what: &str,
    diags: &mut Diagnostics,
    find: impl Fn(&str) -> Option<usize>,
) -> Option<usize> {
    let id = c.text(col);
    if id.is_empty() {
        c.err(
            diags,
            col,
            format!("expected a {what} id, found an empty cell"),
        );
        return None;
    }
    let found = find(id);
    if found.is_none() {
        c.err(
            diags,
            col,
            format!("unknown {what} \"{id}\" (not in {what}s.csv)"),
        );
    }
    found
}
