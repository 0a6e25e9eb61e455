//! Simulations (`service_level` quotes, `GET /plan?service_level`, `GET /report`) are the
//! only requests that take seconds of CPU. They must not starve the rest, nor outlive
//! their caller:
//!
//! - **Their own pool.** They run on a rayon pool of their own whose threads run at a
//!   lower priority (nice 10), never on the tokio workers nor on the global rayon pool
//!   that quotes and re-plans use: a plain quote or a commit is scheduled first.
//! - **Admission.** At most `concurrency` run at once and `queue` more wait; beyond that
//!   the answer is 503 with `Retry-After`, at once.
//! - **Cancellation.** Each simulation is asked between chunks of scenarios whether to
//!   stop: when its client went away (the request's future was dropped), when its
//!   deadline passed (counted from admission: 503), or when the service shuts down.

use super::error::ApiError;
use super::metrics::{Metrics, Stopped};
use axum::http::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, oneshot};

/// How simulations are admitted.
#[derive(Clone, Copy, Debug)]
pub struct SimLimits {
    /// Threads of the simulation pool.
    pub threads: usize,
    /// Simulations running at once.
    pub concurrency: usize,
    /// Simulations waiting for a slot, beyond which the answer is 503.
    pub queue: usize,
    /// Time a simulation may take from its admission (waiting included).
    pub deadline: Duration,
}

pub struct Simulations {
    pool: rayon::ThreadPool,
    /// Running + waiting: at most `concurrency + queue`.
    tickets: Arc<Semaphore>,
    /// Running: at most `concurrency`.
    slots: Arc<Semaphore>,
    deadline: Duration,
    /// Set when the service shuts down: every simulation stops at its next chunk.
    pub shutdown: Arc<AtomicBool>,
    metrics: Arc<Metrics>,
}

/// What a simulation asks between chunks: whether to stop, and why.
pub struct Cancel {
    gone: AtomicBool,
    deadline: Instant,
    shutdown: Arc<AtomicBool>,
}

impl Cancel {
    /// Why the simulation should stop now, if it should.
    pub fn reason(&self) -> Option<Stopped> {
        if self.shutdown.load(Relaxed) {
            Some(Stopped::Shutdown)
        } else if self.gone.load(Relaxed) {
            Some(Stopped::ClientGone)
        } else if Instant::now() >= self.deadline {
            Some(Stopped::Deadline)
        } else {
            None
        }
    }

    pub fn stop(&self) -> bool {
        self.reason().is_some()
    }
}

/// Marks the simulation's client gone when the request's future is dropped before the
/// answer (the connection closed, or the server stopped waiting).
struct OnDrop(Option<Arc<Cancel>>);

impl Drop for OnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.gone.store(true, Relaxed);
        }
    }
}

/// Counts a simulation as waiting for as long as it lives (also when the request's future
/// is dropped while it waits).
struct Waiting<'a>(&'a Metrics);

impl<'a> Waiting<'a> {
    fn new(m: &'a Metrics) -> Waiting<'a> {
        m.sims_waiting.fetch_add(1, Relaxed);
        Waiting(m)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.sims_waiting.fetch_sub(1, Relaxed);
    }
}

impl Simulations {
    pub fn new(limits: SimLimits, metrics: Arc<Metrics>) -> Result<Simulations, String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(limits.threads.max(1))
            .thread_name(|i| format!("simulation-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .map_err(|e| format!("cannot start the simulation pool: {e}"))?;
        let concurrency = limits.concurrency.max(1);
        Ok(Simulations {
            pool,
            tickets: Arc::new(Semaphore::new(concurrency + limits.queue)),
            slots: Arc::new(Semaphore::new(concurrency)),
            deadline: limits.deadline,
            shutdown: Arc::default(),
            metrics,
        })
    }

    /// Runs `work` on the simulation pool when a slot is free. `work` gets the [`Cancel`]
    /// to ask between chunks and answers `None` when it stopped early.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Cancel) -> Option<Result<T, ApiError>> + Send + 'static,
    ) -> Result<T, ApiError> {
        let Ok(ticket) = self.tickets.clone().try_acquire_owned() else {
            self.metrics.sim_rejected();
            return Err(ApiError::busy(
                StatusCode::SERVICE_UNAVAILABLE,
                5,
                "simulations: every slot and queue place is taken; retry later (Retry-After)",
            ));
        };
        let cancel = Arc::new(Cancel {
            gone: AtomicBool::new(false),
            deadline: Instant::now() + self.deadline,
            shutdown: self.shutdown.clone(),
        });
        let mut guard = OnDrop(Some(cancel.clone()));
        let waiting = Waiting::new(&self.metrics);
        let slot = tokio::time::timeout(self.deadline, self.slots.clone().acquire_owned()).await;
        drop(waiting);
        let Ok(Ok(slot)) = slot else {
            guard.0 = None;
            self.metrics.sim_stopped(Stopped::Deadline);
            return Err(self.stopped(Stopped::Deadline));
        };
        let (tx, rx) = oneshot::channel();
        let metrics = self.metrics.clone();
        let c = cancel.clone();
        self.pool.spawn(move || {
            metrics.sims_running.fetch_add(1, Relaxed);
            let out = work(&c);
            metrics.sims_running.fetch_sub(1, Relaxed);
            if out.is_none()
                && let Some(why) = c.reason()
            {
                metrics.sim_stopped(why);
            }
            drop((slot, ticket));
            let _ = tx.send(out);
        });
        let out = rx.await;
        guard.0 = None;
        match out {
            Ok(Some(r)) => r,
            Ok(None) => Err(self.stopped(cancel.reason().unwrap_or(Stopped::Shutdown))),
            Err(_) => Err(ApiError::internal("the simulation failed")),
        }
    }

    fn stopped(&self, why: Stopped) -> ApiError {
        match why {
            Stopped::Deadline => ApiError::busy(
                StatusCode::SERVICE_UNAVAILABLE,
                5,
                format!(
                    "simulations: not done within the deadline of {} s (--sim-deadline); ask for fewer scenarios or retry later",
                    self.deadline.as_secs()
                ),
            ),
            _ => ApiError::unavailable(),
        }
    }
}

/// Lowers the calling thread's scheduling priority (nice 10), so that the threads serving
/// quotes and commits are scheduled first when the cores are busy.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on the calling thread's id has no memory effects.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
    }
}
