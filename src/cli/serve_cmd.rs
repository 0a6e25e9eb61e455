//! `promise serve`, `promise import` and `promise export`: the order-book database and
//! the service on it.

use super::args::{ExportArgs, ImportArgs, ServeArgs};
use super::progress::Progress;
use super::{Failure, Result, output};
use promise::day::Day;
use promise::serve::{self, Clock, Config, ServeError};
use promise::store::import::{ImportError, import_dir};
use promise::store::{PLANT_FILES, Store};
use std::path::Path;

pub fn run(a: ServeArgs) -> Result<()> {
    let db = match (&a.db, &a.data) {
        (Some(db), _) => db.clone(),
        (None, Some(data)) => data.join("promise.db"),
        (None, None) => {
            return Err(Failure::Input(
                "error: give --db FILE (and --data DIR to import into a new database)".into(),
            ));
        }
    };
    let fixed = a.as_of.as_deref().map(parse_day).transpose()?;
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
        body_limit: a.max_body as usize,
        quiet: a.quiet,
    };
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

fn failure(e: ServeError) -> Failure {
    match e {
        ServeError::Input(m) => Failure::Input(m),
        ServeError::Other(m) => Failure::Other(m),
    }
}

fn parse_day(s: &str) -> Result<Day> {
    Day::parse(s).ok_or_else(|| {
        Failure::Input(format!(
            "error: --as-of: expected a date YYYY-MM-DD, found \"{s}\""
        ))
    })
}

pub fn import(a: ImportArgs) -> Result<()> {
    let (Some(data), Some(db)) = (&a.data, &a.db) else {
        return Err(Failure::Input(
            "error: give --data DIR and --db FILE".into(),
        ));
    };
    let existed = db.exists();
    let mut store = Store::open(db).map_err(|e| Failure::Other(e.0))?;
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
    if !a.db.is_file() {
        return Err(Failure::Input(format!(
            "error: --db {}: no such database",
            a.db.display()
        )));
    }
    let store = Store::open(&a.db).map_err(|e| Failure::Other(e.0))?;
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
