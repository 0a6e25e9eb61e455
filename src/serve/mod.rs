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
//! - Under hostile or careless use: one process per database (a lock held for the
//!   process's life), timeouts on connections, a bounded number of them, simulations
//!   admitted, cancelled and kept off the threads that serve quotes and commits
//!   ([`sims`]), quotes without a token rate-limited ([`limit`]), review records pruned,
//!   and a shutdown that waits a bounded grace period. Every request is logged on one
//!   line (`tracing`) and counted in `GET /metrics` ([`metrics`]).

mod body;
mod error;
mod followup;
mod kpi;
mod limit;
mod metrics;
pub mod offline;
mod plan;
mod quote;
mod routes;
mod sims;
mod state;
mod writer;

pub use limit::RateLimits;
pub use sims::SimLimits;

use crate::day::Day;
use crate::load;
use crate::plan::Settings;
use crate::snapshot::Snapshot;
use crate::store::import::{ImportError, import_dir};
use crate::store::journal::Journal;
use crate::store::{Rebase, Retention, Store, lock};
use hyper_util::rt::{TokioIo, TokioTimer};
use routes::{Peer, Reading};
use state::{AppState, Published};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Which day the plan starts on, and the planning knobs.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    /// `--as-of`; without it, today (at start-up and at each re-plan).
    pub fixed: Option<Day>,
    pub horizon_days: i32,
    pub safety_days: i32,
}

/// Today, by this machine's clock.
pub fn today() -> Day {
    Day::from_date(chrono::Local::now().date_naive())
}

impl Clock {
    /// The settings of a plan made now: the as-of date given, else `--as-of`, else today.
    pub fn settings(&self, as_of: Option<Day>) -> Settings {
        let as_of = as_of.or(self.fixed).unwrap_or_else(today);
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
    pub limits: Limits,
    pub quiet: bool,
}

/// What one client, and all of them, may take.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub body: usize,
    /// Time a client has to send a request's head (idle keep-alive connections included)
    /// and, once it has, its body.
    pub read_timeout: Duration,
    /// Connections open at once; more are closed at once.
    pub connections: usize,
    /// After SIGTERM, how long requests in flight may still run.
    pub grace: Duration,
    pub sims: SimLimits,
    pub quotes: RateLimits,
    pub reviews: Retention,
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
    // Held until this function returns, after the last write: a second server (or an
    // import) cannot start, even while this one is shutting down.
    let _lock = lock::acquire(&cfg.db, "promise serve")
        .map_err(|m| ServeError::Input(format!("error: {m}")))?;
    let mut store = Store::open(&cfg.db)?;
    for table in &store.missing {
        tracing::warn!(
            "the database {} was missing the table {table} (created empty): was it damaged or edited by hand?",
            cfg.db.display()
        );
    }
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
    let journal = Journal::start(&cfg.db, cfg.limits.reviews)?;
    let reader = Store::open(&cfg.db)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let metrics = Arc::new(metrics::Metrics::default());
    let w = writer::Writer {
        store,
        published: published.clone(),
        files,
        clock: cfg.clock,
        metrics: metrics.clone(),
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
        clock: cfg.clock,
        sims: sims::Simulations::new(cfg.limits.sims, metrics.clone())
            .map_err(ServeError::Other)?,
        limiter: limit::QuoteLimiter::new(cfg.limits.quotes),
        metrics,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Other(format!("cannot start the runtime: {e}")))?;
    let served = runtime.block_on(serve(&cfg, state.clone(), started));
    // Whatever still runs is dropped: simulations stop at their next chunk, requests in
    // flight past the grace period get no answer (their writes, if any, were atomic).
    state.sims.shutdown.store(true, Ordering::Relaxed);
    runtime.shutdown_timeout(Duration::from_millis(500));
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
        tracing::warn!("listening on {addr}, reachable from other machines");
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "promise serve: listening on http://{addr} (ready in {} ms)",
        started.elapsed().as_millis()
    );
    let _ = out.flush();
    drop(out);
    let limits = cfg.limits;
    let app = routes::router(
        state.clone(),
        Reading {
            body_limit: limits.body,
            timeout: limits.read_timeout,
        },
    );
    let mut http = hyper::server::conn::http1::Builder::new();
    // A connection that sends no complete head within the read timeout — a new one, or
    // an idle keep-alive one — is closed.
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.read_timeout)
        .keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let open = Arc::new(tokio::sync::Semaphore::new(limits.connections));
    let forget = {
        let state = state.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                state.limiter.forget_idle();
            }
        })
    };
    let mut signal = std::pin::pin!(shutdown());
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut signal => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, go on.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            state.metrics.connection_refused();
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(Peer(peer));
                app.clone().oneshot(req)
            });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        let metrics = state.metrics.clone();
        metrics.connection(true);
        tokio::spawn(async move {
            let _ = conn.await;
            metrics.connection(false);
            drop(permit);
        });
    }
    drop(listener);
    forget.abort();
    tracing::info!(
        "shutting down: waiting up to {} s for requests in flight",
        limits.grace.as_secs_f64()
    );
    if tokio::time::timeout(limits.grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "the grace period ({} s) is over: closing the connections still open",
            limits.grace.as_secs_f64()
        );
    }
    Ok(())
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

/// The shortest token accepted: a guessable one is no lock.
pub const TOKEN_MIN: usize = 16;
/// The longest token accepted: every client sends it in a header, which the server
/// refuses (431) beyond its limit.
pub const TOKEN_MAX: usize = 1024;

/// Reads the token file: its content, trimmed; one token of printable ASCII,
/// [`TOKEN_MIN`]..=[`TOKEN_MAX`] characters.
pub fn read_token(path: &Path) -> Result<String, ServeError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ServeError::Input(format!(
            "error: --token-file: cannot read {}: {e}",
            path.display()
        ))
    })?;
    let token = text.trim().to_string();
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ServeError::Input(format!(
            "error: --token-file: {} must hold one token (printable ASCII, no spaces)",
            path.display()
        )));
    }
    if !(TOKEN_MIN..=TOKEN_MAX).contains(&token.len()) {
        return Err(ServeError::Input(format!(
            "error: --token-file: {}: expected a token of {TOKEN_MIN} to {TOKEN_MAX} characters, found {} (e.g. openssl rand -hex 16)",
            path.display(),
            token.len()
        )));
    }
    Ok(token)
}
