//! `promise serve`: the order book as an HTTP JSON service (axum on tokio).
//!
//! - The committed plan is kept in memory as an immutable [`Snapshot`], published
//!   through an atomic pointer ([`state::Published`]). Quotes, the plan and order
//!   lookups read whichever snapshot is current and never wait.
//! - One [`writer::Writer`] thread applies commits, change sets, status changes and
//!   re-plans one at a time: next snapshot → database transaction (fsync) → publish →
//!   answer. A commit that cannot keep its promise on the plan as it then stands is a
//!   409 and stores nothing; one acknowledged with 201 is on disk.
//! - Start-up loads the database (importing `--data` into an empty one) and rebuilds the
//!   snapshot: the base plan, then the commits since in their commit order, so a restart
//!   on the same as-of date serves exactly the plan it served before.

mod body;
mod error;
pub mod offline;
mod quote;
mod routes;
mod state;
mod writer;

use crate::day::Day;
use crate::load;
use crate::plan::Settings;
use crate::snapshot::Snapshot;
use crate::store::import::{ImportError, import_dir};
use crate::store::journal::Journal;
use crate::store::{Rebase, Store};
use state::{AppState, Published};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Which day the plan starts on, and the planning knobs.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    /// `--as-of`; without it, today (at start-up and at each re-plan).
    pub fixed: Option<Day>,
    pub horizon_days: i32,
    pub safety_days: i32,
}

impl Clock {
    /// The settings of a plan made now: the as-of date given, else `--as-of`, else today.
    pub fn settings(&self, as_of: Option<Day>) -> Settings {
        let as_of = as_of
            .or(self.fixed)
            .unwrap_or_else(|| Day::from_date(chrono::Local::now().date_naive()));
        Settings {
            as_of,
            horizon_days: self.horizon_days,
            safety_days: self.safety_days,
        }
    }
}

/// How the settings of the stored plan are remembered: a restart with other settings
/// re-plans in SPEC.md's order instead of replaying the commits.
pub fn settings_key(s: &Settings) -> String {
    format!(
        "as_of={} horizon_days={} safety_days={}",
        s.as_of, s.horizon_days, s.safety_days
    )
}

pub struct Config {
    pub data: Option<PathBuf>,
    pub db: PathBuf,
    pub listen: String,
    /// `None`: no authentication (`--no-auth`).
    pub token: Option<String>,
    pub open_quotes: bool,
    pub clock: Clock,
    pub body_limit: usize,
    pub quiet: bool,
}

/// Why the service could not start (or stopped).
pub enum ServeError {
    /// Bad arguments or a data set with problems (exit 2).
    Input(String),
    Other(String),
}

impl From<crate::store::StoreError> for ServeError {
    fn from(e: crate::store::StoreError) -> ServeError {
        ServeError::Other(e.0)
    }
}

/// Runs the service until SIGTERM or Ctrl-C.
pub fn run(cfg: Config, progress: &dyn Fn(u64, u64)) -> Result<(), ServeError> {
    let started = Instant::now();
    if cfg.data.is_none() && !cfg.db.exists() {
        return Err(ServeError::Input(format!(
            "error: --db {}: no such database; give --data DIR to import one",
            cfg.db.display()
        )));
    }
    let mut store = Store::open(&cfg.db)?;
    if store.is_empty()? {
        let Some(dir) = &cfg.data else {
            return Err(ServeError::Input(format!(
                "error: --data: the database {} is empty; give the data set to import",
                cfg.db.display()
            )));
        };
        import_dir(&mut store, dir, progress).map_err(|e| match e {
            ImportError::Input(m) => ServeError::Input(m),
            ImportError::Store(e) => ServeError::Other(e.0),
        })?;
    } else if let (Some(dir), false) = (&cfg.data, cfg.quiet) {
        eprintln!(
            "note: {} already holds the order book; --data {} is not imported again",
            cfg.db.display(),
            dir.display()
        );
    }
    let (snapshot, files) = boot(&mut store, &cfg.clock)?;
    let published = Arc::new(Published::new(snapshot));
    let journal = Journal::start(&cfg.db)?;
    let reader = Store::open(&cfg.db)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let w = writer::Writer {
        store,
        published: published.clone(),
        files,
        clock: cfg.clock,
    };
    let writer = std::thread::Builder::new()
        .name("writer".into())
        .spawn(move || w.run(rx))
        .map_err(|e| ServeError::Other(format!("cannot start the writer: {e}")))?;
    let state = Arc::new(AppState {
        snapshot: published,
        writer: tx,
        journal,
        reader: Mutex::new(reader),
        token: cfg.token.clone(),
        open_quotes: cfg.open_quotes,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Other(format!("cannot start the runtime: {e}")))?;
    let served = runtime.block_on(serve(&cfg, state.clone(), started));
    drop(runtime);
    // The last handle: dropping it closes the writer's queue and flushes the journal.
    drop(state);
    let _ = writer.join();
    served
}

async fn serve(cfg: &Config, state: Arc<AppState>, started: Instant) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(&cfg.listen)
        .await
        .map_err(|e| ServeError::Other(format!("cannot listen on {}: {e}", cfg.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Other(e.to_string()))?;
    if !addr.ip().is_loopback() {
        eprintln!("warning: listening on {addr}, reachable from other machines");
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "promise serve: listening on http://{addr} (ready in {} ms)",
        started.elapsed().as_millis()
    );
    let _ = out.flush();
    drop(out);
    axum::serve(listener, routes::router(state, cfg.body_limit))
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| ServeError::Other(format!("the server failed: {e}")))
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// The warm snapshot of what the database holds, and its plant files. With the settings
/// the stored plan was made with, the base plan is rebuilt and the commits since are
/// booked again in their order (the same plan as before the restart); with other
/// settings (a new day), everything is re-planned in SPEC.md's order and that is stored.
pub fn boot(
    store: &mut Store,
    clock: &Clock,
) -> Result<(Snapshot, Vec<(String, String)>), ServeError> {
    let data = store.data_set()?;
    let texts: Vec<(&str, &str)> = data
        .files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (plant, book) = load::load_files(&texts).map_err(|d| {
        ServeError::Input(format!("the database does not hold a valid data set:\n{d}"))
    })?;
    let settings = clock.settings(None);
    let key = settings_key(&settings);
    let (plant, book) = (Arc::new(plant), Arc::new(book));
    let same = data.plan_settings.as_deref() == Some(key.as_str());
    let snapshot = if same && !data.booked.is_empty() {
        let held: HashSet<&str> = data.booked.iter().map(String::as_str).collect();
        let b = book.clone();
        let base = Snapshot::base_where(plant, book, settings, |i| {
            !held.contains(b.orders[i].id.as_str())
        });
        base.restore(data.booked.iter().filter_map(|id| b.get(id).cloned()))
    } else {
        if !same || !data.booked.is_empty() {
            store.rebase(&Rebase {
                plan_settings: key,
                ..Rebase::default()
            })?;
        }
        Snapshot::new(plant, book, settings)
    };
    let files = data
        .files
        .into_iter()
        .filter(|(n, _)| n != "orders.csv")
        .collect();
    Ok((snapshot, files))
}

/// Reads the token file: its content, trimmed; empty is refused.
pub fn read_token(path: &Path) -> Result<String, ServeError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ServeError::Input(format!(
            "error: --token-file: cannot read {}: {e}",
            path.display()
        ))
    })?;
    let token = text.trim().to_string();
    if token.is_empty() || token.contains(char::is_whitespace) {
        return Err(ServeError::Input(format!(
            "error: --token-file: {} must hold one token (no spaces)",
            path.display()
        )));
    }
    Ok(token)
}
