//! Review records written in the background. A quote must not wait for the disk, so its
//! record is queued here and a writer thread stores the queue in batches (one
//! transaction each, on a connection that does not fsync on commit). The price, stated
//! in the README: a crash may lose the last records of quotes — never a commit, which is
//! written synchronously by the service's writer. When the queue is full (a writer that
//! cannot keep up), records are dropped and counted rather than slowing quotes down.

use super::{Store, now};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

/// Records waiting to be written, at most.
const QUEUE: usize = 50_000;
/// Records written in one transaction, at most: a batch holds the database's write lock,
/// which a commit waits for, so it is kept short.
const BATCH: usize = 256;

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
}

impl Journal {
    /// Starts the writer on its own connection to the database at `path`.
    pub fn start(path: &Path) -> super::Result<Journal> {
        let store = Store::open_relaxed(path)?;
        let (tx, rx) = sync_channel(QUEUE);
        let written = Arc::new(AtomicU64::new(0));
        let w = written.clone();
        let writer = std::thread::Builder::new()
            .name("review-journal".into())
            .spawn(move || write_batches(store, rx, &w))
            .map_err(|e| super::StoreError(format!("cannot start the journal: {e}")))?;
        Ok(Journal {
            tx: Some(tx),
            writer: Some(writer),
            dropped: Arc::default(),
            written,
        })
    }

    /// Queues a record; never blocks.
    pub fn record(&self, r: Record) {
        let Some(tx) = &self.tx else { return };
        match tx.try_send(r) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
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

fn write_batches(mut store: Store, rx: Receiver<Record>, written: &AtomicU64) {
    let mut failed = false;
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        match store.insert_reviews(&batch) {
            Ok(()) => {
                written.fetch_add(batch.len() as u64, Ordering::Relaxed);
            }
            Err(e) if !failed => {
                eprintln!("warning: review records not stored: {e}");
                failed = true;
            }
            Err(_) => {}
        }
    }
}
