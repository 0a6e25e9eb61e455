//! Review records written in the background. A quote must not wait for the disk, so its
//! record is queued here and a writer thread stores the queue in batches (one
//! transaction each, on a connection that does not fsync on commit). The price, stated
//! in the README: a crash may lose the last records of quotes — never a commit, which is
//! written synchronously by the service's writer. When the queue is full (a writer that
//! cannot keep up), records are dropped and counted rather than slowing quotes down.
//!
//! **Retention.** Records are not kept forever: the writer deletes the oldest beyond the
//! [`Retention`] policy (age, count and bytes, each a flag of `promise serve`) when it
//! starts, then after every [`PRUNE_EVERY`] records or [`PRUNE_INTERVAL`], so the table
//! stays bounded however many quotes arrive.

use super::{Retention, Store, now};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

/// Records waiting to be written, at most.
const QUEUE: usize = 50_000;
/// Bytes of records waiting to be written, at most (a 2,000-line quote's record is a
/// quarter of a megabyte: the count alone would not bound the memory).
const QUEUE_BYTES: u64 = 64 << 20;
/// Records written in one transaction, at most: a batch holds the database's write lock,
/// which a commit waits for, so it is kept short.
const BATCH: usize = 256;
/// Records written between two prunings, at most.
pub const PRUNE_EVERY: u64 = 1024;
/// Time between two prunings, at most (when records arrive).
pub const PRUNE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

/// One review record: the JSON answer given for an order (or an ad-hoc quote).
pub struct Record {
    pub order_id: String,
    pub at: String,
    pub json: String,
}

impl Record {
    pub fn new(order_id: &str, json: String) -> Record {
        Record {
            order_id: order_id.to_string(),
            at: now(),
            json,
        }
    }
}

/// The queue and its writer thread.
pub struct Journal {
    tx: Option<SyncSender<Record>>,
    writer: Option<JoinHandle<()>>,
    dropped: Arc<AtomicU64>,
    written: Arc<AtomicU64>,
    pruned: Arc<AtomicU64>,
    /// Bytes of the records queued and not yet written.
    queued: Arc<AtomicU64>,
}

impl Journal {
    /// Starts the writer on its own connection to the database at `path`.
    pub fn start(path: &Path, keep: Retention) -> super::Result<Journal> {
        let store = Store::open_relaxed(path)?;
        let (tx, rx) = sync_channel(QUEUE);
        let written = Arc::new(AtomicU64::new(0));
        let pruned = Arc::new(AtomicU64::new(0));
        let queued = Arc::new(AtomicU64::new(0));
        let counts = Counts {
            written: written.clone(),
            pruned: pruned.clone(),
            queued: queued.clone(),
        };
        let writer = std::thread::Builder::new()
            .name("review-journal".into())
            .spawn(move || write_batches(store, rx, keep, &counts))
            .map_err(|e| super::StoreError(format!("cannot start the journal: {e}")))?;
        Ok(Journal {
            tx: Some(tx),
            writer: Some(writer),
            dropped: Arc::default(),
            written,
            pruned,
            queued,
        })
    }

    /// Records deleted by the retention policy so far.
    pub fn pruned(&self) -> u64 {
        self.pruned.load(Ordering::Relaxed)
    }

    /// Queues a record; never blocks.
    pub fn record(&self, r: Record) {
        let Some(tx) = &self.tx else { return };
        let size = r.json.len() as u64;
        if self.queued.fetch_add(size, Ordering::Relaxed) + size > QUEUE_BYTES {
            self.queued.fetch_sub(size, Ordering::Relaxed);
            self.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        match tx.try_send(r) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.queued.fetch_sub(size, Ordering::Relaxed);
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Records dropped because the queue was full (or the writer had failed).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Records written so far.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// Writes what is queued and stops the writer.
    pub fn close(&mut self) {
        self.tx = None;
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        self.close();
    }
}

struct Counts {
    written: Arc<AtomicU64>,
    pruned: Arc<AtomicU64>,
    queued: Arc<AtomicU64>,
}

fn write_batches(mut store: Store, rx: Receiver<Record>, keep: Retention, counts: &Counts) {
    let mut failed = false;
    let mut warn = |e: super::StoreError| {
        if !failed {
            eprintln!("warning: review records not stored: {e}");
            failed = true;
        }
    };
    // What the table holds, kept up to date here: (records, bytes).
    let mut held = (
        store.counts().map_or(0, |c| c[2].max(0) as u64),
        store.review_bytes().unwrap_or(0),
    );
    let prune = |store: &mut Store, held: &mut (u64, u64)| match store.prune_reviews(&keep, held.1)
    {
        Ok((n, freed)) => {
            held.0 = held.0.saturating_sub(n);
            held.1 = held.1.saturating_sub(freed);
            counts.pruned.fetch_add(n, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(e),
    };
    if let Err(e) = prune(&mut store, &mut held) {
        warn(e);
    }
    let mut since = 0u64;
    let mut last = std::time::Instant::now();
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        let size: u64 = batch.iter().map(|r| r.json.len() as u64).sum();
        counts.queued.fetch_sub(size, Ordering::Relaxed);
        match store.insert_reviews(&batch) {
            Ok(()) => {
                counts
                    .written
                    .fetch_add(batch.len() as u64, Ordering::Relaxed);
                held.0 += batch.len() as u64;
                held.1 += size;
                since += batch.len() as u64;
            }
            Err(e) => warn(e),
        }
        let over = held.0 > keep.records || held.1 > keep.bytes;
        if over || since >= PRUNE_EVERY || last.elapsed() >= PRUNE_INTERVAL {
            if let Err(e) = prune(&mut store, &mut held) {
                warn(e);
            }
            since = 0;
            last = std::time::Instant::now();
        }
    }
}
