//! `orders.csv`: rows grouped into orders by `order_id`, in order of first appearance.

use super::{Cells, Diagnostics, Reader, parse_yes_no, zh};
use crate::model::{Kind, Order, OrderBook, OrderLine, Plant, Status};
use std::collections::HashMap;

pub(super) fn load(read: &mut Reader, plant: &Plant, diags: &mut Diagnostics) -> OrderBook {
    let Some(t) = read("orders.csv", true, diags) else {
        return OrderBook::default();
    };
    t.require(
        &[
            "order_id",
            "product_id",
            "qty",
            "requested_date",
            "destination",
        ],
        diags,
    );
    let mut orders: Vec<Order> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // (order index, product) → first line; and each order's first line, for status clashes.
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut first_line: Vec<usize> = Vec::new();
    for row in &t.rows {
        let c = t.cells(row);
        // Rows with bad cells (already reported) still join their order, so that the
        // checks across rows below see the whole order.
        let Some(Row { id, status, line }) = row_of(&c, plant, "kind", diags) else {
            continue;
        };
        let product = line.product;
        let status_known = status.is_some();
        let status = status.unwrap_or(Status::Committed);
        let oi = *index.entry(id.clone()).or_insert_with(|| {
            orders.push(Order {
                id: id.clone(),
                status,
                lines: Vec::new(),
            });
            first_line.push(c.line());
            orders.len() - 1
        });
        if status_known && orders[oi].status != status {
            c.err(diags, "status", format!(
                "order \"{id}\" has status {} on {} but {} here; all rows of an order must share one status",
                orders[oi].status.as_str(), t.row_name(first_line[oi]), status.as_str()
            ));
            continue;
        }
        if let Some(first) = seen.get(&(oi, product)) {
            c.err(
                diags,
                "product_id",
                format!(
                    "duplicate row for order \"{id}\" and product \"{}\" (first on {})",
                    plant.products[product].id,
                    t.row_name(*first)
                ),
            );
            continue;
        }
        seen.insert((oi, product), c.line());
        orders[oi].lines.push(line);
    }
    OrderBook::new(orders)
}

/// The largest priority number (either sign): ids of classes, never summed, but kept
/// within what every output and the optimiser's classes carry exactly.
pub const MAX_PRIORITY: i64 = 1_000_000_000;

/// One row of `orders.csv` (or a `new_order` row of a change file), checked cell by cell.
pub(super) struct Row {
    pub id: String,
    /// `None` when the status cell is bad (reported).
    pub status: Option<Status>,
    pub line: OrderLine,
}

/// Parses the cells of one order row, reporting every bad cell. `kind_column` names the
/// column of the order's kind (`kind` in `orders.csv`; change files use `kind` for the
/// change). `None` when the id, product or destination is unusable or `done_qty > qty`;
/// other bad cells are reported and replaced by their defaults (nothing is planned then).
pub(super) fn row_of(
    c: &Cells,
    plant: &Plant,
    kind_column: &str,
    diags: &mut Diagnostics,
) -> Option<Row> {
    let id = c.id("order_id", diags);
    let product = c.refer(
        &plant.product_index,
        "product_id",
        "product",
        "not in products.csv",
        diags,
    );
    let qty = c.decimal("qty", None, true, diags);
    let requested = c.date("requested_date", diags);
    let promised = c.date("promised_date", diags);
    let destination = c.refer(
        &plant.destination_index,
        "destination",
        "destination",
        "no mode in transit.csv",
        diags,
    );
    let priority = c.whole(
        "priority",
        Some(0),
        -MAX_PRIORITY,
        MAX_PRIORITY,
        "a whole number -1000000000..=1000000000",
        diags,
    );
    let status = match c.text("status") {
        "" => Some(Status::Committed),
        s => {
            let st = Status::parse(zh::value(s));
            if st.is_none() {
                c.err(
                    diags,
                    "status",
                    format!("expected committed, quote, shipped or cancelled (已承诺, 报价, 已发货, 已取消), found \"{s}\""),
                );
            }
            st
        }
    };
    let kind = match c.text(kind_column) {
        "" => Some(Kind::Standard),
        s => {
            let k = Kind::parse(zh::value(s));
            if k.is_none() {
                c.err(
                    diags,
                    kind_column,
                    format!("expected standard or special (常规, 非常规), found \"{s}\""),
                );
            }
            k
        }
    };
    let split = match c.text("split") {
        "" => Some(false),
        s => {
            let b = parse_yes_no(zh::value(s));
            if b.is_none() {
                c.err(
                    diags,
                    "split",
                    format!("expected yes or no (是, 否), found \"{s}\""),
                );
            }
            b
        }
    };
    let done_qty = c.decimal("done_qty", Some(0.0), false, diags);
    let weight = c.decimal("weight", Some(1.0), false, diags);
    let mode = match (c.text("mode"), destination) {
        ("", _) => Some(None),
        (m, Some(d)) => {
            let dest = &plant.destinations[d];
            let ix = dest.mode_named(m);
            if ix.is_none() {
                c.err(
                    diags,
                    "mode",
                    format!(
                        "unknown mode \"{m}\" for destination \"{}\" (not in transit.csv)",
                        dest.id
                    ),
                );
            }
            ix.map(Some)
        }
        (_, None) => None,
    };
    if let (Some(q), Some(d)) = (qty, done_qty)
        && d > q
    {
        c.err(
            diags,
            "done_qty",
            format!("expected at most qty ({q}), found \"{d}\""),
        );
        return None;
    }
    Some(Row {
        id: id?,
        status,
        line: OrderLine {
            product: product?,
            qty: qty.unwrap_or(1.0),
            done_qty: done_qty.unwrap_or(0.0),
            requested: requested.unwrap_or(None),
            promised: promised.unwrap_or(None),
            destination: destination?,
            priority: priority.unwrap_or(0),
            kind: kind.unwrap_or_default(),
            split: split.unwrap_or(false),
            mode: mode.flatten(),
            weight: weight.unwrap_or(1.0),
            customer: c.text("customer").to_string(),
        },
    })
}
