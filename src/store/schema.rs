//! The database schema and its versions (`PRAGMA user_version`). Order books outlive the
//! version of promise that wrote them, so every change of the schema is a numbered
//! migration, run in one transaction when an older database is opened, and tested from
//! a database of the older schema kept in `tests/fixtures/`.
//!
//! - **1** (`user_version` 0): the first schema; `order_line` kept the customer's name on
//!   every line.
//! - **2**: customers stored once (`customer`, referred to by id: a commit of 2,000 lines
//!   with a long customer name once wrote 398 MB); review records carry their size, so the
//!   retention policy bounds their bytes without reading them.
//! - **3**: events carry the date they happened on (`order_event.date`: the ship date of
//!   `shipped`, the delivery date of `received`) and the service level a promise was
//!   given at (`order_event.service_level`, on `committed`): what `promise kpi` measures.
//!   A `shipped` event of schema 2 that was not the order's first (so a status change,
//!   not an import) gets the UTC day of its time as its date; an order imported as
//!   shipped has no known ship date.

use super::{Result, StoreError};
use rusqlite::Connection;

/// The schema this version of promise writes.
pub const VERSION: i64 = 3;

/// The tables of [`VERSION`], in creation order.
pub const TABLES: [&str; 8] = [
    "meta",
    "plant_file",
    "orders",
    "customer",
    "order_line",
    "order_event",
    "review",
    "notice",
];

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS plant_file (name TEXT PRIMARY KEY, content TEXT NOT NULL);
-- One row per order: its place in the book (orders.csv order) and, for an order booked
-- since the last full re-plan, its place in the commit sequence (NULL: in the base plan).
CREATE TABLE IF NOT EXISTS orders (
    order_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    booked INTEGER
);
CREATE INDEX IF NOT EXISTS orders_by_position ON orders(position);
CREATE INDEX IF NOT EXISTS orders_by_booked ON orders(booked);
-- Each customer's name once.
CREATE TABLE IF NOT EXISTS customer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS order_line (
    order_id TEXT NOT NULL REFERENCES orders(order_id),
    row INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    product_id TEXT NOT NULL, qty TEXT NOT NULL,
    requested_date TEXT NOT NULL, destination TEXT NOT NULL, priority TEXT NOT NULL,
    status TEXT NOT NULL, promised_date TEXT NOT NULL, kind TEXT NOT NULL,
    split TEXT NOT NULL, mode TEXT NOT NULL, done_qty TEXT NOT NULL, weight TEXT NOT NULL,
    PRIMARY KEY (order_id, row)
);
CREATE TABLE IF NOT EXISTS order_event (
    id INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL,
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL,
    date TEXT,
    service_level REAL
);
CREATE INDEX IF NOT EXISTS order_event_by_order ON order_event(order_id, id);
-- Review records: `size` (bytes of json) before the text, so that summing it never reads
-- the records themselves.
CREATE TABLE IF NOT EXISTS review (
    id INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL,
    at TEXT NOT NULL,
    size INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_by_order ON review(order_id, id);
CREATE TABLE IF NOT EXISTS notice (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    request TEXT NOT NULL,
    json TEXT NOT NULL
);
";

/// Schema 1 → 2: customers once, review sizes.
const MIGRATE_1_TO_2: &str = "
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO customer (name) SELECT DISTINCT customer FROM order_line ORDER BY customer;
CREATE TABLE order_line_2 (
    order_id TEXT NOT NULL REFERENCES orders(order_id),
    row INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    product_id TEXT NOT NULL, qty TEXT NOT NULL,
    requested_date TEXT NOT NULL, destination TEXT NOT NULL, priority TEXT NOT NULL,
    status TEXT NOT NULL, promised_date TEXT NOT NULL, kind TEXT NOT NULL,
    split TEXT NOT NULL, mode TEXT NOT NULL, done_qty TEXT NOT NULL, weight TEXT NOT NULL,
    PRIMARY KEY (order_id, row)
);
INSERT INTO order_line_2
    SELECT l.order_id, l.row, c.id, l.product_id, l.qty, l.requested_date, l.destination,
           l.priority, l.status, l.promised_date, l.kind, l.split, l.mode, l.done_qty, l.weight
    FROM order_line l JOIN customer c ON c.name = l.customer;
DROP TABLE order_line;
ALTER TABLE order_line_2 RENAME TO order_line;
CREATE TABLE review_2 (
    id INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL,
    at TEXT NOT NULL,
    size INTEGER NOT NULL,
    json TEXT NOT NULL
);
INSERT INTO review_2 SELECT id, order_id, at, length(CAST(json AS BLOB)), json FROM review;
DROP TABLE review;
ALTER TABLE review_2 RENAME TO review;
CREATE INDEX review_by_order ON review(order_id, id);
";

/// Schema 2 → 3: events' dates and service levels.
const MIGRATE_2_TO_3: &str = "
ALTER TABLE order_event ADD COLUMN date TEXT;
ALTER TABLE order_event ADD COLUMN service_level REAL;
UPDATE order_event SET date = substr(at, 1, 10)
WHERE status = 'shipped'
  AND id > (SELECT MIN(e.id) FROM order_event e WHERE e.order_id = order_event.order_id);
";

/// The tables that exist.
fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let names = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(names)
}

/// The schema version of a database: its `user_version`, or 1 for a database of the first
/// schema (which did not set it), 0 for an empty one.
pub fn version(conn: &Connection) -> Result<i64> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if v != 0 {
        return Ok(v);
    }
    Ok(if tables(conn)?.is_empty() { 0 } else { 1 })
}

/// Brings the database to [`VERSION`] (creating it when empty, migrating it when older,
/// refusing a newer one) and returns the tables it was missing (created empty), which a
/// damaged or hand-edited database may have lost.
pub fn prepare(conn: &mut Connection) -> Result<Vec<&'static str>> {
    let from = version(conn)?;
    if from > VERSION {
        return Err(StoreError(format!(
            "the database has schema version {from}, written by a newer promise (this one knows {VERSION}); upgrade promise"
        )));
    }
    let existing = tables(conn)?;
    if from == VERSION && TABLES.iter().all(|t| existing.iter().any(|e| e == t)) {
        return Ok(Vec::new());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if from == 1 {
        tx.execute_batch(MIGRATE_1_TO_2)
            .map_err(|e| StoreError(format!("migrating the schema from version 1 to 2: {e}")))?;
    }
    if (1..=2).contains(&from) && existing.iter().any(|e| e == "order_event") {
        tx.execute_batch(MIGRATE_2_TO_3)
            .map_err(|e| StoreError(format!("migrating the schema from version 2 to 3: {e}")))?;
    }
    tx.execute_batch(SCHEMA)?;
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    let missing = if from == 0 {
        Vec::new()
    } else {
        TABLES
            .iter()
            .copied()
            .filter(|t| *t != "customer" || from >= 2)
            .filter(|t| !existing.iter().any(|e| e == t))
            .collect()
    };
    Ok(missing)
}
