//! `promise serve`, `promise import` and `promise export`: the order-book database and
//! the service on it.

use super::args::{ExportArgs, ImportArgs, ServeArgs};
use super::progress::Progress;
use super::{Failure, Result, output};
use promise::serve::{self, Clock, Config, Limits, RateLimits, ServeError, SimLimits};
use promise::store::import::{ImportError, import_dir};
use promise::store::{PLANT_FILES, Retention, Store, lock};
use std::path::Path;

pub fn run(a: ServeArgs) -> Result<()> {
    let db = match (&a.db, &a.data) {
        (Some(db), _) => db.clone(),
        // Next to a workbook (plant.xlsx → plant.db), in a directory of CSV files.
        (None, Some(data)) if promise::load::workbook::is_workbook(data) => {
            data.with_extension("db")
        }
        (None, Some(data)) => data.join("promise.db"),
        (None, None) => {
            return Err(Failure::Input(
                "error: give --db FILE (and --data DIR to import into a new database)".into(),
            ));
        }
    };
    let fixed = match a.as_of.as_deref() {
        Some(s) => Some(super::as_of(Some(s), a.horizon_days)?),
        None => None,
    };
    let token = match &a.token_file {
        Some(path) => Some(serve::read_token(path).map_err(failure)?),
        None => None,
    };
    let config = Config {
        data: a.data.clone(),
        db,
        listen: a.listen.clone(),
        token,
        open_quotes: a.open_quotes,
        clock: Clock {
            fixed,
            horizon_days: a.horizon_days,
            safety_days: a.safety_days,
        },
        limits: Limits {
            body: a.max_body as usize,
            read_timeout: a.read_timeout,
            connections: a.max_connections as usize,
            grace: a.shutdown_grace,
            sims: SimLimits {
                threads: a.sim_threads.map_or_else(
                    || std::thread::available_parallelism().map_or(2, |n| n.get()),
                    |n| n as usize,
                ),
                concurrency: a.sim_concurrency as usize,
                queue: a.sim_queue as usize,
                deadline: a.sim_deadline,
            },
            quotes: RateLimits {
                per_client: a.quote_rate,
                global: a.quote_rate_global,
            },
            reviews: Retention {
                days: a.review_days,
                records: a.review_keep,
                bytes: a.review_max_mb << 20,
            },
        },
        quiet: a.quiet,
    };
    logs(a.quiet);
    let bar = Progress::new(0, "importing orders", a.quiet);
    serve::run(config, &|done, total| {
        bar.total(total);
        bar.set(done);
        if done == total {
            bar.finish();
        }
    })
    .map_err(failure)
}

/// Logs on stderr, one line per event (`tracing`): at info (one line per request), at
/// warn with `--quiet`; `RUST_LOG` (e.g. `promise::http=warn,info`) overrides either.
fn logs(quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(if quiet { "warn" } else { "info" }));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

fn failure(e: ServeError) -> Failure {
    match e {
        ServeError::Input(m) => Failure::Input(m),
        ServeError::Other(m) => Failure::Other(m),
    }
}

pub fn import(a: ImportArgs) -> Result<()> {
    let (Some(data), Some(db)) = (&a.data, &a.db) else {
        return Err(Failure::Input(
            "error: give --data DIR and --db FILE".into(),
        ));
    };
    let existed = db.exists();
    let _lock =
        lock::acquire(db, "promise import").map_err(|m| Failure::Input(format!("error: {m}")))?;
    let mut store = Store::open(db).map_err(|e| Failure::Other(e.0))?;
    warn_missing(db, &store);
    if !a.force && !store.is_empty().map_err(|e| Failure::Other(e.0))? {
        return Err(Failure::Input(format!(
            "error: --db {} already holds an order book; give --force to replace it",
            db.display()
        )));
    }
    let bar = Progress::new(0, "importing orders", a.quiet);
    let imported = import_dir(&mut store, data, &|done, total| {
        bar.total(total);
        bar.set(done)
    });
    bar.finish();
    drop(store);
    match imported {
        Ok(n) => {
            eprintln!(
                "imported {n} orders from {} into {}",
                data.display(),
                db.display()
            );
            Ok(())
        }
        Err(e) => {
            if !existed {
                remove_database(db);
            }
            Err(match e {
                ImportError::Input(m) => Failure::Input(m),
                ImportError::Store(e) => Failure::Other(e.0),
            })
        }
    }
}

/// Says which tables a database lacked (created empty).
fn warn_missing(db: &Path, store: &Store) {
    for table in &store.missing {
        eprintln!(
            "warning: the database {} was missing the table {table} (created empty): was it damaged or edited by hand?",
            db.display()
        );
    }
}

/// Opens a database to read it (`export`, `kpi`): read-only, beside a server that may be
/// writing. A database of an older schema is migrated first — only when no other process
/// holds it. `command` names the command in the lock file while it migrates.
pub(super) fn open_to_read(db: &Path, command: &str) -> Result<Store> {
    if !db.is_file() {
        return Err(Failure::Input(format!(
            "error: --db {}: no such database",
            db.display()
        )));
    }
    if let Some(store) = Store::open_read_only(db).map_err(|e| Failure::Other(e.0))? {
        return Ok(store);
    }
    let holder = format!("{command} (migrating the schema)");
    let _lock = lock::acquire(db, &holder).map_err(|m| {
        Failure::Input(format!(
            "error: {m}; the database has an older schema, which that process migrates"
        ))
    })?;
    let store = Store::open(db).map_err(|e| Failure::Other(e.0))?;
    warn_missing(db, &store);
    Ok(store)
}

/// Removes a database file this command created, with its WAL files.
fn remove_database(db: &Path) {
    let _ = std::fs::remove_file(db);
    for ext in ["-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(ext);
        let _ = std::fs::remove_file(p);
    }
}

pub fn export(a: ExportArgs) -> Result<()> {
    let mut store = open_to_read(&a.db, "promise export")?;
    if store.is_empty().map_err(|e| Failure::Other(e.0))? {
        return Err(Failure::Input(format!(
            "error: --db {} holds no order book",
            a.db.display()
        )));
    }
    if let Some(source) = store.meta("source").map_err(|e| Failure::Other(e.0))? {
        output::guard_inputs(&a.out, Path::new(&source))?;
    }
    let data = store.data_set().map_err(|e| Failure::Other(e.0))?;
    let files: Vec<(&str, String)> = data
        .files
        .iter()
        .filter_map(|(name, text)| {
            let known = PLANT_FILES
                .iter()
                .chain(["orders.csv"].iter())
                .find(|n| **n == name);
            known.map(|n| (*n, text.clone()))
        })
        .collect();
    output::write_all(&a.out, &files)?;
    eprintln!("wrote {} files to {}", files.len(), a.out.display());
    Ok(())
}
