//! The durable order book: an embedded SQLite database (rusqlite, bundled; WAL mode).
//!
//! The database holds a SPEC.md data set — the plant's CSV texts as they were imported
//! (rewritten from the model only when a change set alters them) and the order lines as
//! `orders.csv` cells — plus what the service did with it: every order's status history,
//! the review records it issued and the change notices. Loading it back is loading a CSV
//! data set (`load::load_files`), so the database and the files obey the same rules.
//!
//! Durability: the connection that writes orders runs with `synchronous=FULL`, so a
//! transaction that returned is on disk; every write is one transaction, built and
//! checked before it starts. Review records go through [`journal`] instead (batched, no
//! fsync on the quote path).

pub mod import;
pub mod journal;
pub mod kpi;
pub mod lock;
pub mod rules;
pub mod schema;
pub mod spec_csv;

use crate::day::Day;
use rusqlite::{Connection, OptionalExtension, params};
use spec_csv::{ORDER_COLUMNS, OrderRow};
use std::fmt;
use std::path::Path;

pub use crate::load::PLANT_FILES;

/// A database problem, as a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError(format!("database: {e}"))
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A status change in an order's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub order_id: String,
    /// `quoted`, `committed`, `in_production`, `shipped`, `received`, `cancelled`, or
    /// `changed` (an edit that leaves the status as it was).
    pub status: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub note: String,
    /// The day it happened in the plant's world (`shipped`: the ship date; `received`:
    /// the delivery date), which may differ from the day it was recorded.
    pub date: Option<Day>,
    /// `committed`: the service level the promise was given at, when it was.
    pub service_level: Option<f64>,
}

impl Event {
    /// An event of `status` now, with no date and no service level.
    pub fn now(order_id: &str, status: &str, note: &str) -> Event {
        Event {
            order_id: order_id.to_string(),
            status: status.to_string(),
            at: now(),
            note: note.to_string(),
            date: None,
            service_level: None,
        }
    }
}

/// The data set the database holds, as CSV texts, and the commit sequence.
pub struct DataSet {
    /// (file name, text): the plant files present and `orders.csv`.
    pub files: Vec<(String, String)>,
    /// Orders booked since the last full re-plan, in commit order.
    pub booked: Vec<String>,
    /// The settings of the last full re-plan (see [`Store::plan_settings`]).
    pub plan_settings: Option<String>,
}

/// One commit: an order's rows and the event that records it.
pub struct Commit {
    pub order_id: String,
    pub rows: Vec<OrderRow>,
    pub event: Event,
}

/// A new base plan: what a change set, a status change or a re-plan writes.
#[derive(Default)]
pub struct Rebase {
    /// Plant files to replace.
    pub plant_files: Vec<(String, String)>,
    /// Every order's rows, in book order (`None`: the orders are unchanged).
    pub rows: Option<Vec<OrderRow>>,
    pub events: Vec<Event>,
    /// (request, notice) as JSON texts.
    pub notice: Option<(String, String)>,
    pub plan_settings: String,
}

/// The time now, RFC 3339 in UTC with milliseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A connection to the database.
pub struct Store {
    conn: Connection,
    /// Tables the database lacked when opened (created empty): a sign of damage.
    pub missing: Vec<&'static str>,
}

/// How long review records are kept (the journal prunes them as it writes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Records older than this many days are deleted.
    pub days: u32,
    /// At most this many records are kept (the newest).
    pub records: u64,
    /// At most this many bytes of records are kept (the newest).
    pub bytes: u64,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            days: 30,
            records: 100_000,
            bytes: 256 << 20,
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`, in WAL mode; commits wait for
    /// the disk (`synchronous=FULL`).
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, "FULL")
    }

    /// A connection for writes that may be lost in a crash (review records): WAL with
    /// `synchronous=NORMAL` never fsyncs on commit, only at checkpoints.
    pub fn open_relaxed(path: &Path) -> Result<Store> {
        Store::open_with(path, "NORMAL")
    }

    fn open_with(path: &Path, synchronous: &str) -> Result<Store> {
        let conn = Connection::open(path)
            .map_err(|e| StoreError(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError(format!(
                "{}: cannot switch to WAL mode (journal mode is {mode})",
                path.display()
            )));
        }
        conn.execute_batch(&format!(
            "PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON;"
        ))?;
        let mut conn = conn;
        let missing = schema::prepare(&mut conn)?;
        Ok(Store { conn, missing })
    }

    /// A connection that only reads (`promise export`): it never writes, never migrates,
    /// and reads one consistent snapshot per transaction while a server writes (WAL). A
    /// database of an older schema is refused (`Ok(None)`): opening it for writing
    /// migrates it.
    pub fn open_read_only(path: &Path) -> Result<Option<Store>> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let version = schema::version(&conn)?;
        if version > schema::VERSION {
            return Err(StoreError(format!(
                "{}: schema version {version}, written by a newer promise (this one knows {})",
                path.display(),
                schema::VERSION
            )));
        }
        Ok((version == schema::VERSION).then_some(Store {
            conn,
            missing: Vec::new(),
        }))
    }

    /// A write transaction that takes the database's write lock at once (IMMEDIATE): a
    /// deferred one that read first could not upgrade while the journal writes, and would
    /// fail at once instead of waiting its turn (the busy timeout applies only here).
    fn write(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// True when nothing was imported yet.
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM plant_file", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Replaces everything with a data set: the plant files' texts (as read) and the
    /// orders' rows, each order with an event (`quoted`, `committed`, …) saying where it
    /// came from. One transaction; `progress` is told the orders written.
    pub fn import(
        &mut self,
        plant_files: &[(String, String)],
        orders: &[(String, Vec<OrderRow>)],
        note: &str,
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        let tx = self.write()?;
        for table in [
            "meta",
            "plant_file",
            "order_line",
            "customer",
            "orders",
            "order_event",
            "review",
            "notice",
        ] {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        for (name, text) in plant_files {
            tx.execute(
                "INSERT INTO plant_file (name, content) VALUES (?1, ?2)",
                params![name, text],
            )?;
        }
        let at = now();
        for (i, (id, rows)) in orders.iter().enumerate() {
            insert_order(&tx, id, i as i64, None, rows)?;
            let status = rows.first().map_or("committed", |r| r[7].as_str());
            let event = Event {
                at: at.clone(),
                ..Event::now(id, lifecycle_of(status), note)
            };
            insert_event(&tx, &event)?;
            if i % 1024 == 0 {
                progress(i as u64);
            }
        }
        progress(orders.len() as u64);
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('imported', ?1)",
            params![format!("{at} {note}")],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The data set as CSV texts (plant files, then `orders.csv` in book order), read in
    /// one transaction: a consistent snapshot even while another connection writes.
    pub fn data_set(&mut self) -> Result<DataSet> {
        let tx = self.conn.transaction()?;
        let out = Store::data_set_in(&tx);
        tx.commit()?;
        out
    }

    fn data_set_in(conn: &Connection) -> Result<DataSet> {
        let mut files: Vec<(String, String)> = Vec::new();
        let mut st = conn.prepare("SELECT name, content FROM plant_file ORDER BY name")?;
        for f in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            files.push(f?);
        }
        let rows = order_rows(conn)?;
        files.push(("orders.csv".into(), spec_csv::orders_csv(&rows)));
        let mut st =
            conn.prepare("SELECT order_id FROM orders WHERE booked IS NOT NULL ORDER BY booked")?;
        let booked = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(DataSet {
            files,
            booked,
            plan_settings: meta(conn, "plan_settings")?,
        })
    }

    /// Commits orders, in one transaction: each is added at the end of the book (or, for
    /// a quote of the book, takes its place with new rows) and at the end of the commit
    /// sequence, with its event. Returns when the transaction is on disk.
    pub fn commit_orders(&mut self, commits: &[Commit]) -> Result<()> {
        let tx = self.write()?;
        for c in commits {
            let booked: i64 =
                tx.query_row("SELECT COALESCE(MAX(booked), 0) + 1 FROM orders", [], |r| {
                    r.get(0)
                })?;
            let position: Option<i64> = tx
                .query_row(
                    "SELECT position FROM orders WHERE order_id = ?1",
                    params![c.order_id],
                    |r| r.get(0),
                )
                .optional()?;
            let position = match position {
                Some(p) => {
                    tx.execute(
                        "DELETE FROM order_line WHERE order_id = ?1",
                        params![c.order_id],
                    )?;
                    tx.execute(
                        "DELETE FROM orders WHERE order_id = ?1",
                        params![c.order_id],
                    )?;
                    p
                }
                None => tx.query_row(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM orders",
                    [],
                    |r| r.get(0),
                )?,
            };
            insert_order(&tx, &c.order_id, position, Some(booked), &c.rows)?;
            insert_event(&tx, &c.event)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes a new base: replaced plant files and orders, the commit sequence emptied,
    /// events, the notice, the plan settings. One transaction.
    pub fn rebase(&mut self, r: &Rebase) -> Result<()> {
        let tx = self.write()?;
        for (name, text) in &r.plant_files {
            tx.execute(
                "INSERT OR REPLACE INTO plant_file (name, content) VALUES (?1, ?2)",
                params![name, text],
            )?;
        }
        match &r.rows {
            Some(rows) => {
                tx.execute("DELETE FROM order_line", [])?;
                tx.execute("DELETE FROM orders", [])?;
                let mut position = 0i64;
                let mut i = 0;
                while i < rows.len() {
                    let id = &rows[i][0];
                    let n = rows[i..].iter().take_while(|r| &r[0] == id).count();
                    insert_order(&tx, id, position, None, &rows[i..i + n])?;
                    position += 1;
                    i += n;
                }
                tx.execute(
                    "DELETE FROM customer WHERE id NOT IN (SELECT customer_id FROM order_line)",
                    [],
                )?;
            }
            None => {
                tx.execute("UPDATE orders SET booked = NULL", [])?;
            }
        }
        for e in &r.events {
            insert_event(&tx, e)?;
        }
        if let Some((request, json)) = &r.notice {
            tx.execute(
                "INSERT INTO notice (at, request, json) VALUES (?1, ?2, ?3)",
                params![now(), request, json],
            )?;
        }
        set_meta(&tx, "plan_settings", &r.plan_settings)?;
        tx.commit()?;
        Ok(())
    }

    /// Records events alone (a status that changes nothing planned).
    pub fn add_events(&mut self, events: &[Event]) -> Result<()> {
        let tx = self.write()?;
        for e in events {
            insert_event(&tx, e)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The settings the plan in the database was last planned with.
    pub fn plan_settings(&self) -> Result<Option<String>> {
        self.meta("plan_settings")
    }

    /// Sets a `meta` value (`source`: the directory the data set was imported from).
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.write()?;
        set_meta(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        meta(&self.conn, key)
    }

    /// An order's status history, oldest first.
    pub fn history(&self, order_id: &str) -> Result<Vec<Event>> {
        let mut st = self.conn.prepare_cached(
            "SELECT status, at, note, date, service_level FROM order_event WHERE order_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map(params![order_id], |r| {
            Ok(Event {
                order_id: order_id.to_string(),
                status: r.get(0)?,
                at: r.get(1)?,
                note: r.get(2)?,
                date: r
                    .get::<_, Option<String>>(3)?
                    .as_deref()
                    .and_then(Day::parse),
                service_level: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// The review records issued for an order: (id, time), oldest first.
    pub fn reviews_of(&self, order_id: &str) -> Result<Vec<(i64, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, at FROM review WHERE order_id = ?1 ORDER BY id")?;
        let rows = st.query_map(params![order_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Counts of what the database holds, for `/health`: orders, events, reviews, notices.
    pub fn counts(&self) -> Result<[i64; 4]> {
        let mut out = [0i64; 4];
        for (i, t) in ["orders", "order_event", "review", "notice"]
            .iter()
            .enumerate()
        {
            out[i] = self
                .conn
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))?;
        }
        Ok(out)
    }

    /// Bytes of review records held.
    pub fn review_bytes(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT COALESCE(SUM(size), 0) FROM review", [], |r| {
                r.get(0)
            })?;
        Ok(n.max(0) as u64)
    }

    /// Deletes the oldest review records beyond the retention policy, given the bytes
    /// held (`bytes`, kept by the caller); returns (records, bytes) deleted. The records
    /// kept are always the newest.
    pub fn prune_reviews(&mut self, keep: &Retention, bytes: u64) -> Result<(u64, u64)> {
        let cutoff = (chrono::Utc::now() - chrono::Duration::days(i64::from(keep.days)))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let tx = self.write()?;
        // The first record to keep by each rule (ids and times grow together).
        let by_age: Option<i64> = tx
            .query_row(
                "SELECT id FROM review WHERE at >= ?1 ORDER BY id LIMIT 1",
                params![cutoff],
                |r| r.get(0),
            )
            .optional()?;
        let newest: i64 =
            tx.query_row("SELECT COALESCE(MAX(id), 0) FROM review", [], |r| r.get(0))?;
        let by_count = newest - keep.records.min(i64::MAX as u64) as i64 + 1;
        let mut first = by_age.unwrap_or(newest + 1).max(by_count);
        if bytes > keep.bytes {
            // Newest first, until the budget is spent.
            let mut st = tx.prepare("SELECT id, size FROM review ORDER BY id DESC")?;
            let mut rows = st.query([])?;
            let mut total = 0u64;
            while let Some(r) = rows.next()? {
                let (id, size): (i64, i64) = (r.get(0)?, r.get(1)?);
                total += size.max(0) as u64;
                if total > keep.bytes {
                    first = first.max(id + 1);
                    break;
                }
            }
        }
        let (n, freed): (i64, i64) = tx.query_row(
            "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM review WHERE id < ?1",
            params![first],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if n > 0 {
            tx.execute("DELETE FROM review WHERE id < ?1", params![first])?;
        }
        tx.commit()?;
        Ok((n.max(0) as u64, freed.max(0) as u64))
    }

    /// Inserts review records (the journal's batches).
    pub fn insert_reviews(&mut self, records: &[journal::Record]) -> Result<()> {
        let tx = self.write()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO review (order_id, at, size, json) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for r in records {
                st.execute(params![r.order_id, r.at, r.json.len() as i64, r.json])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

fn order_rows(conn: &Connection) -> Result<Vec<OrderRow>> {
    let cols = ORDER_COLUMNS[1..]
        .iter()
        .map(|c| match *c {
            "customer" => "c.name".to_string(),
            c => format!("l.{c}"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut st = conn.prepare(&format!(
        "SELECT l.order_id, {cols} FROM order_line l JOIN orders o ON o.order_id = l.order_id
         JOIN customer c ON c.id = l.customer_id
         ORDER BY o.position, l.row"
    ))?;
    let rows = st.query_map([], |r| {
        let mut row: OrderRow = Default::default();
        for (i, cell) in row.iter_mut().enumerate() {
            *cell = r.get(i)?;
        }
        Ok(row)
    })?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// The lifecycle status an `orders.csv` status starts with.
pub fn lifecycle_of(status: &str) -> &'static str {
    match status {
        "quote" => "quoted",
        "shipped" => "shipped",
        "cancelled" => "cancelled",
        _ => "committed",
    }
}

fn insert_order(
    tx: &rusqlite::Transaction,
    id: &str,
    position: i64,
    booked: Option<i64>,
    rows: &[OrderRow],
) -> Result<()> {
    tx.prepare_cached("INSERT INTO orders (order_id, position, booked) VALUES (?1, ?2, ?3)")?
        .execute(params![id, position, booked])?;
    let columns: Vec<&str> = ORDER_COLUMNS
        .iter()
        .map(|c| if *c == "customer" { "customer_id" } else { c })
        .collect();
    let mut st = tx.prepare_cached(&format!(
        "INSERT INTO order_line (row, {}) VALUES (?1, {})",
        columns.join(", "),
        (2..=15)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let mut customer: Option<(&str, i64)> = None;
    for (i, r) in rows.iter().enumerate() {
        let i = i as i64;
        let id = match customer {
            Some((name, id)) if name == r[1] => id,
            _ => {
                let id = customer_id(tx, &r[1])?;
                customer = Some((&r[1], id));
                id
            }
        };
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&i];
        for (c, cell) in r.iter().enumerate() {
            values.push(if c == 1 { &id } else { cell });
        }
        st.execute(values.as_slice())?;
    }
    Ok(())
}

/// The id of a customer's name, stored once.
fn customer_id(tx: &rusqlite::Transaction, name: &str) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO customer (name) VALUES (?1)
             ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id",
        )?
        .query_row(params![name], |r| r.get(0))?)
}

fn insert_event(tx: &rusqlite::Transaction, e: &Event) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO order_event (order_id, status, at, note, date, service_level)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        e.order_id,
        e.status,
        e.at,
        e.note,
        e.date.map(|d| d.to_string()),
        e.service_level
    ])?;
    Ok(())
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn set_meta(tx: &rusqlite::Transaction, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![key, value],
    )?;
    Ok(())
}
