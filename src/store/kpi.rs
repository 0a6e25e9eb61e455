//! What `promise kpi` reads from the order book: each order's customer, products,
//! requested and promised dates (its `orders.csv` rows), and from its history the first
//! quote, the first commit and the service level given with it, the edits, the ship and
//! the delivery dates (`order_event`), plus the first review record issued for it
//! (`review`; kept only as long as the retention policy says). One read transaction: a
//! consistent snapshot beside a server that writes.

use super::{Result, Store};
use crate::day::Day;
use crate::kpi::OrderFacts;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::collections::HashMap;

/// Every order of the book, in book order, with what it did.
pub fn facts(store: &mut Store) -> Result<Vec<OrderFacts>> {
    let tx = store.conn.transaction()?;
    let out = facts_in(&tx);
    tx.commit()?;
    out
}

fn time(at: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn earliest<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn facts_in(conn: &Connection) -> Result<Vec<OrderFacts>> {
    let mut orders: Vec<OrderFacts> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut st = conn.prepare(
        "SELECT l.order_id, c.name, l.product_id, l.requested_date, l.promised_date, l.status
         FROM order_line l JOIN orders o ON o.order_id = l.order_id
         JOIN customer c ON c.id = l.customer_id
         ORDER BY o.position, l.row",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let ix = *index.entry(id.clone()).or_insert_with(|| {
            orders.push(OrderFacts {
                order_id: id.clone(),
                ..OrderFacts::default()
            });
            orders.len() - 1
        });
        let o = &mut orders[ix];
        if o.products.is_empty() {
            o.customer = r.get(1)?;
        }
        o.products.push(r.get(2)?);
        let requested: String = r.get(3)?;
        let promised: String = r.get(4)?;
        o.requested = earliest(o.requested, Day::parse(&requested));
        o.promised = earliest(o.promised, Day::parse(&promised));
        o.shipped |= r.get::<_, String>(5)? == "shipped";
    }
    let mut st = conn
        .prepare("SELECT order_id, status, at, date, service_level FROM order_event ORDER BY id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let Some(&ix) = index.get(&id) else { continue };
        let o = &mut orders[ix];
        let status: String = r.get(1)?;
        let at = time(&r.get::<_, String>(2)?);
        let date = r
            .get::<_, Option<String>>(3)?
            .as_deref()
            .and_then(Day::parse);
        match status.as_str() {
            "quoted" => o.first_quote = earliest(o.first_quote, at),
            "committed" if o.committed.is_none() => {
                o.committed = at;
                o.service_level = r.get(4)?;
            }
            "changed" => o.changes += 1,
            "shipped" => o.shipped_date = date,
            "received" => o.received_date = date,
            _ => {}
        }
    }
    let mut st = conn.prepare("SELECT order_id, MIN(at) FROM review GROUP BY order_id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if let Some(&ix) = index.get(&id) {
            let o = &mut orders[ix];
            o.first_quote = earliest(o.first_quote, time(&r.get::<_, String>(1)?));
        }
    }
    Ok(orders)
}
