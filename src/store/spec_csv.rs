//! The model written back as SPEC.md CSV: `orders.csv` rows (the database keeps order
//! lines as these cells), and the plant files a change set rewrites (`calendar.csv` after
//! a line goes down, `receipts.csv` after a receipt moves).
//!
//! Every cell is written so that the loader reads back exactly the value it came from:
//! numbers in Rust's shortest round-trip form, dates as ISO days, references by id.
//! `tests` check it on generated plants.

use crate::model::{Order, OrderLine, Plant};

/// The columns of `orders.csv`, in the order the service writes them.
pub const ORDER_COLUMNS: [&str; 14] = [
    "order_id",
    "customer",
    "product_id",
    "qty",
    "requested_date",
    "destination",
    "priority",
    "status",
    "promised_date",
    "kind",
    "split",
    "mode",
    "done_qty",
    "weight",
];

/// One row of `orders.csv` as its cells, in [`ORDER_COLUMNS`] order.
pub type OrderRow = [String; 14];

/// The rows of one order, one per line, in the order's line order.
pub fn order_rows(plant: &Plant, order: &Order) -> Vec<OrderRow> {
    order
        .lines
        .iter()
        .map(|l| line_row(plant, order, l))
        .collect()
}

fn line_row(plant: &Plant, order: &Order, l: &OrderLine) -> OrderRow {
    let dest = &plant.destinations[l.destination];
    let day = |d: Option<crate::day::Day>| d.map_or(String::new(), |d| d.to_string());
    [
        order.id.clone(),
        l.customer.clone(),
        plant.products[l.product].id.clone(),
        number(l.qty),
        day(l.requested),
        dest.id.clone(),
        l.priority.to_string(),
        order.status.as_str().to_string(),
        day(l.promised),
        l.kind.as_str().to_string(),
        if l.split { "yes" } else { "no" }.to_string(),
        l.mode.map_or(String::new(), |m| dest.modes[m].name.clone()),
        number(l.done_qty),
        number(l.weight),
    ]
}

/// A decimal in the shortest form that parses back to the same `f64`.
pub fn number(x: f64) -> String {
    format!("{x}")
}

/// `orders.csv` from rows.
pub fn orders_csv<'a>(rows: impl IntoIterator<Item = &'a OrderRow>) -> String {
    table(&ORDER_COLUMNS, rows.into_iter().map(|r| r.as_slice()))
}

/// `calendar.csv` from the plant's overrides, by date then line (all-lines rows first):
/// one row per span, with the `to` column only when a span covers several days.
pub fn calendar_csv(plant: &Plant) -> String {
    let mut spans: Vec<_> = plant.calendar.spans().collect();
    let id = |l: Option<usize>| l.map(|l| plant.lines[l].id.as_bytes());
    spans.sort_by(|a, b| a.1.from.cmp(&b.1.from).then_with(|| id(a.0).cmp(&id(b.0))));
    let ranges = spans.iter().any(|(_, s)| s.to != s.from);
    let rows: Vec<Vec<String>> = spans
        .iter()
        .map(|(l, s)| {
            let mut row = vec![
                s.from.to_string(),
                l.map_or(String::new(), |l| plant.lines[l].id.clone()),
                s.shifts.to_string(),
                s.reason.clone(),
            ];
            if ranges {
                row.push(if s.to == s.from {
                    String::new()
                } else {
                    s.to.to_string()
                });
            }
            row
        })
        .collect();
    let header: &[&str] = if ranges {
        &["date", "line_id", "shifts", "reason", "to"]
    } else {
        &["date", "line_id", "shifts", "reason"]
    };
    table(header, rows.iter().map(|r| r.as_slice()))
}

/// `receipts.csv`, material by material, each material's receipts in the order they are
/// consumed — so that the loader, which orders them by due date keeping file order among
/// equals, consumes them in exactly the order the model does.
pub fn receipts_csv(plant: &Plant) -> String {
    let rows: Vec<[String; 3]> = plant
        .materials
        .iter()
        .flat_map(|m| m.receipts.iter())
        .map(|&r| {
            let rc = &plant.receipts[r];
            [
                plant.materials[rc.material].id.clone(),
                number(rc.qty),
                rc.due.to_string(),
            ]
        })
        .collect();
    table(
        &["material_id", "qty", "due_date"],
        rows.iter().map(|r| r.as_slice()),
    )
}

/// A CSV text: the header, then the rows, quoted where needed.
pub fn table<'a>(header: &[&str], rows: impl Iterator<Item = &'a [String]>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::{GenParams, generate};
    use crate::load::load_files;

    #[test]
    fn orders_calendar_and_receipts_read_back_identically() {
        let mut p = GenParams::preset("xs", crate::Day::parse("2026-03-02").unwrap()).unwrap();
        p.seed = 3;
        let files = generate(&p);
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (plant, book) = load_files(&refs).unwrap();
        let rows: Vec<OrderRow> = book
            .orders
            .iter()
            .flat_map(|o| order_rows(&plant, o))
            .collect();
        let orders = orders_csv(&rows);
        let calendar = calendar_csv(&plant);
        let receipts = receipts_csv(&plant);
        let mut again: Vec<(&str, &str)> = refs
            .iter()
            .filter(|(n, _)| !matches!(*n, "orders.csv" | "calendar.csv" | "receipts.csv"))
            .copied()
            .collect();
        again.extend([
            ("orders.csv", orders.as_str()),
            ("calendar.csv", calendar.as_str()),
            ("receipts.csv", receipts.as_str()),
        ]);
        let (plant2, book2) = load_files(&again).unwrap();
        assert_eq!(format!("{:?}", book.orders), format!("{:?}", book2.orders));
        assert_eq!(plant.receipts.len(), plant2.receipts.len());
        for (m, m2) in plant.materials.iter().zip(&plant2.materials) {
            let due = |p: &Plant, rs: &[usize]| -> Vec<(String, crate::Day)> {
                rs.iter()
                    .map(|&r| {
                        (
                            crate::plan::order::fmt_qty(p.receipts[r].qty),
                            p.receipts[r].due,
                        )
                    })
                    .collect()
            };
            assert_eq!(due(&plant, &m.receipts), due(&plant2, &m2.receipts));
        }
        assert!(!plant.calendar.is_empty());
        assert_eq!(plant.calendar, plant2.calendar);
    }
}
