//! Change sets (客户订单变更通知单 / 生产任务通知变更单): what can change during execution
//! — an order cancelled, its quantity or date changed, a new order, a line down, a late
//! receipt — and how a change set turns one plant and order book into the next.
//!
//! Changes apply in order, each to the result of the ones before (a `new_order` row can
//! be changed by a later row). A change that refers to something that does not exist is
//! an error and is skipped; [`apply`] returns every such error at once, with the line of
//! the change file it came from, so bad change rows are reported like bad input.

use crate::day::Day;
use crate::model::{
    LineIx, MaterialIx, Order, OrderBook, OrderLine, Plant, ProductIx, Span, Status,
};
use crate::plan::order::fmt_qty;
use std::collections::{HashMap, HashSet};

/// What one change does.
#[derive(Clone, Debug)]
pub enum Edit {
    /// The order is cancelled: it is no longer planned.
    OrderCancel { order: String },
    /// The quantity of the order's row for `product`.
    OrderQty {
        order: String,
        product: ProductIx,
        qty: f64,
    },
    /// The new requested date of every row of the order (a promised date moves with it).
    OrderDate { order: String, date: Day },
    /// No shifts on the line (every line when `None`) from `from` to `to`, inclusive.
    LineDown {
        line: Option<LineIx>,
        from: Day,
        to: Day,
    },
    /// The open receipts of `material` due on `date` are now due on `to`.
    ReceiptDelay {
        material: MaterialIx,
        date: Day,
        to: Day,
    },
    /// A row of `orders.csv`: a new order, or one more product of a new order.
    NewOrder {
        order: String,
        status: Status,
        line: OrderLine,
    },
}

/// One change, with the 1-based line of the change file it came from (0 when none).
#[derive(Clone, Debug)]
pub struct Change {
    pub line: usize,
    pub edit: Edit,
}

/// A change that cannot be applied: where it came from, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeError {
    pub line: usize,
    pub column: &'static str,
    pub message: String,
}

/// The plant and order book after the changes; bad changes are skipped and returned.
pub fn apply(
    plant: &Plant,
    book: &OrderBook,
    changes: &[Change],
) -> (Plant, OrderBook, Vec<ChangeError>) {
    let mut plant = plant.clone();
    let mut orders = book.orders.clone();
    let mut index: HashMap<String, usize> = book.index.clone();
    let mut new_ids: HashSet<String> = HashSet::new();
    let mut errors = Vec::new();
    for c in changes {
        let mut fail = |column, message| {
            errors.push(ChangeError {
                line: c.line,
                column,
                message,
            })
        };
        let find = |id: &str| {
            index
                .get(id)
                .copied()
                .ok_or_else(|| format!("unknown order \"{id}\" (not in orders.csv)"))
        };
        match &c.edit {
            Edit::OrderCancel { order } => match find(order) {
                Ok(i) => orders[i].status = Status::Cancelled,
                Err(e) => fail("order_id", e),
            },
            Edit::OrderQty {
                order,
                product,
                qty,
            } => match find(order) {
                Err(e) => fail("order_id", e),
                Ok(i) => match orders[i].lines.iter_mut().find(|l| l.product == *product) {
                    None => fail(
                        "product_id",
                        format!(
                            "order \"{order}\" has no row for product \"{}\"",
                            plant.products[*product].id
                        ),
                    ),
                    Some(l) if *qty < l.done_qty => fail(
                        "qty",
                        format!(
                            "expected at least the done quantity ({}), found \"{}\"",
                            fmt_qty(l.done_qty),
                            fmt_qty(*qty)
                        ),
                    ),
                    Some(l) => l.qty = *qty,
                },
            },
            Edit::OrderDate { order, date } => match find(order) {
                Err(e) => fail("order_id", e),
                Ok(i) => {
                    for l in &mut orders[i].lines {
                        l.requested = Some(*date);
                        if l.promised.is_some() {
                            l.promised = Some(*date);
                        }
                    }
                }
            },
            Edit::LineDown { line, from, to } => {
                if to < from {
                    fail("to", format!("expected a date on or after from ({from})"));
                    continue;
                }
                line_down(&mut plant, *line, *from, *to);
            }
            Edit::ReceiptDelay { material, date, to } => {
                if !delay_receipts(&mut plant, *material, *date, *to) {
                    fail(
                        "date",
                        format!(
                            "no receipt of material \"{}\" is due on {date} (in receipts.csv)",
                            plant.materials[*material].id
                        ),
                    );
                }
            }
            Edit::NewOrder {
                order,
                status,
                line,
            } => {
                if let Err((column, message)) = add_row(
                    &plant,
                    &mut orders,
                    &mut index,
                    &mut new_ids,
                    order,
                    *status,
                    line,
                ) {
                    fail(column, message);
                }
            }
        }
    }
    (plant, OrderBook::new(orders), errors)
}

/// The changes that reach past `last`, the end of the plan's horizon: a line closed or a
/// receipt moved beyond it (a service refuses them: they would change nothing the plan
/// can see, and a closure's cost must be bounded by the horizon, not by the request).
pub fn beyond(changes: &[Change], last: Day) -> Vec<ChangeError> {
    let mut out = Vec::new();
    for c in changes {
        let to = match &c.edit {
            Edit::LineDown { to, .. } | Edit::ReceiptDelay { to, .. } => *to,
            _ => continue,
        };
        if to > last {
            out.push(ChangeError {
                line: c.line,
                column: "to",
                message: format!(
                    "expected a date within the plan's horizon (on or before {last}), found \"{to}\""
                ),
            });
        }
    }
    out
}

/// Closes the line (every line when `None`) from `from` to `to`: one span of 0 shifts per
/// line, however many days (a line-specific row wins over an all-lines row, so "every
/// line" is written per line to stop weekend overtime too).
fn line_down(plant: &mut Plant, line: Option<LineIx>, from: Day, to: Day) {
    let lines: Vec<LineIx> = match line {
        Some(l) => vec![l],
        None => (0..plant.lines.len()).collect(),
    };
    for l in lines {
        plant.calendar.set(
            Some(l),
            Span {
                from,
                to,
                shifts: 0,
                reason: "line down (change notice)".into(),
            },
        );
    }
}

/// Moves every receipt of `material` due on `date` to `to`; false if there is none.
fn delay_receipts(plant: &mut Plant, material: MaterialIx, date: Day, to: Day) -> bool {
    let Plant {
        materials,
        receipts,
        ..
    } = plant;
    let m = &mut materials[material];
    let mut found = false;
    for &r in &m.receipts {
        if receipts[r].due == date {
            receipts[r].due = to;
            found = true;
        }
    }
    // Receipts are consumed in due-date order (stable: file order among equals).
    m.receipts.sort_by_key(|&r| receipts[r].due);
    found
}

/// A row of a new order; several rows of one change set may share an id (one per
/// product), with the same rules as in `orders.csv`.
fn add_row(
    plant: &Plant,
    orders: &mut Vec<Order>,
    index: &mut HashMap<String, usize>,
    new_ids: &mut HashSet<String>,
    id: &str,
    status: Status,
    line: &OrderLine,
) -> Result<(), (&'static str, String)> {
    let Some(&i) = index.get(id) else {
        index.insert(id.to_string(), orders.len());
        new_ids.insert(id.to_string());
        orders.push(Order {
            id: id.to_string(),
            status,
            lines: vec![line.clone()],
        });
        return Ok(());
    };
    if !new_ids.contains(id) {
        return Err((
            "order_id",
            format!(
                "order \"{id}\" already exists in orders.csv; change it with order_qty or order_date"
            ),
        ));
    }
    let o = &mut orders[i];
    if o.status != status {
        return Err((
            "status",
            format!(
                "new order \"{id}\" is {} on an earlier row; all rows of an order must share one status",
                o.status.as_str()
            ),
        ));
    }
    if o.lines.iter().any(|l| l.product == line.product) {
        return Err((
            "product_id",
            format!(
                "duplicate row for new order \"{id}\" and product \"{}\"",
                plant.products[line.product].id
            ),
        ));
    }
    o.lines.push(line.clone());
    Ok(())
}

/// Shifts a line-down change takes away: every shift the plant before it had on those
/// lines (every line when `line` is `None`) from `from` to `to`.
pub fn shifts_lost(before: &Plant, line: Option<LineIx>, from: Day, to: Day) -> u32 {
    let lines: Vec<LineIx> = match line {
        Some(l) => vec![l],
        None => (0..before.lines.len()).collect(),
    };
    let mut lost = 0u32;
    let mut d = from;
    while d <= to {
        lost += lines
            .iter()
            .map(|&l| u32::from(before.shifts(l, d)))
            .sum::<u32>();
        d = d + 1;
    }
    lost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_files;

    fn plant() -> (Plant, OrderBook) {
        load_files(&[
            ("lines.csv", "line_id,shifts_per_day\nL1,1\nL2,2\n"),
            (
                "capacity.csv",
                "line_id,product_id,units_per_shift\nL1,P1,100\n",
            ),
            ("products.csv", "product_id\nP1\nP2\n"),
            ("materials.csv", "material_id\nM1\n"),
            (
                "receipts.csv",
                "material_id,qty,due_date\nM1,5,2026-03-05\nM1,5,2026-03-09\n",
            ),
            ("transit.csv", "destination,mode,days\nD1,truck,2\n"),
            (
                "orders.csv",
                "order_id,product_id,qty,requested_date,destination,promised_date,done_qty\n\
                 C1,P1,300,2026-03-20,D1,2026-03-21,100\n",
            ),
        ])
        .unwrap()
    }

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn new_row(book: &OrderBook, product: ProductIx) -> OrderLine {
        OrderLine {
            product,
            ..book.orders[0].lines[0].clone()
        }
    }

    fn at(line: usize, edit: Edit) -> Change {
        Change { line, edit }
    }

    #[test]
    fn changes_apply_in_order_and_bad_ones_are_reported_and_skipped() {
        let (plant, book) = plant();
        let changes = [
            at(
                2,
                Edit::OrderDate {
                    order: "C1".into(),
                    date: day("2026-03-13"),
                },
            ),
            at(
                3,
                Edit::OrderQty {
                    order: "C1".into(),
                    product: 1,
                    qty: 5.0,
                },
            ),
            at(
                4,
                Edit::OrderQty {
                    order: "C1".into(),
                    product: 0,
                    qty: 50.0,
                },
            ),
            at(
                5,
                Edit::NewOrder {
                    order: "N1".into(),
                    status: Status::Committed,
                    line: new_row(&book, 0),
                },
            ),
            at(
                6,
                Edit::NewOrder {
                    order: "N1".into(),
                    status: Status::Committed,
                    line: new_row(&book, 1),
                },
            ),
            at(
                7,
                Edit::NewOrder {
                    order: "N1".into(),
                    status: Status::Committed,
                    line: new_row(&book, 1),
                },
            ),
            at(
                8,
                Edit::NewOrder {
                    order: "C1".into(),
                    status: Status::Committed,
                    line: new_row(&book, 1),
                },
            ),
            at(9, Edit::OrderCancel { order: "N1".into() }),
            at(
                10,
                Edit::ReceiptDelay {
                    material: 0,
                    date: day("2026-03-05"),
                    to: day("2026-03-12"),
                },
            ),
            at(
                11,
                Edit::ReceiptDelay {
                    material: 0,
                    date: day("2026-03-06"),
                    to: day("2026-03-12"),
                },
            ),
            at(
                12,
                Edit::LineDown {
                    line: None,
                    from: day("2026-03-03"),
                    to: day("2026-03-04"),
                },
            ),
            at(
                13,
                Edit::LineDown {
                    line: Some(1),
                    from: day("2026-03-04"),
                    to: day("2026-03-03"),
                },
            ),
        ];
        let (p, b, errors) = apply(&plant, &book, &changes);
        let bad: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.column)).collect();
        // 3: no P2 row; 4: below the done quantity; 7: duplicate product; 8: C1 exists;
        // 11: no receipt due then; 13: to before from.
        assert_eq!(
            bad,
            [
                (3, "product_id"),
                (4, "qty"),
                (7, "product_id"),
                (8, "order_id"),
                (11, "date"),
                (13, "to")
            ]
        );
        let c1 = b.get("C1").unwrap();
        assert_eq!(c1.lines[0].requested, Some(day("2026-03-13")));
        assert_eq!(c1.lines[0].promised, Some(day("2026-03-13")));
        assert_eq!(c1.lines[0].qty, 300.0);
        let n1 = b.get("N1").unwrap();
        assert_eq!((n1.lines.len(), n1.status), (2, Status::Cancelled));
        // The delayed receipt is now consumed after the one due 03-09.
        assert_eq!(p.receipts[0].due, day("2026-03-12"));
        assert_eq!(p.materials[0].receipts, [1, 0]);
        assert_eq!(p.shifts(0, day("2026-03-03")), 0);
        assert_eq!(p.shifts(1, day("2026-03-04")), 0);
        assert_eq!(p.shifts(1, day("2026-03-05")), 2);
        // The plant and book given are not changed.
        assert_eq!(plant.receipts[0].due, day("2026-03-05"));
        assert!(book.get("N1").is_none());
    }
}
