//! `GET /metrics`: what the service did, in Prometheus' text format (version 0.0.4).
//!
//! Counters and histograms are plain atomics and one small map per endpoint, written
//! by hand: the format is a few lines, and a metrics crate would bring a registry and
//! its own global state for what is here a struct in the shared state. Endpoints are
//! labelled by their route (`/orders/{id}`), never by the raw path, so a client cannot
//! grow the label set.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
];

/// A latency histogram: counts per bucket (not cumulative; summed when written).
#[derive(Default)]
pub struct Histogram {
    counts: [AtomicU64; BUCKETS.len() + 1],
    sum_nanos: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, d: Duration) {
        let s = d.as_secs_f64();
        let i = BUCKETS.partition_point(|&b| b < s);
        self.counts[i].fetch_add(1, Relaxed);
        self.sum_nanos
            .fetch_add(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX), Relaxed);
    }

    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        let mut total = 0;
        for (i, b) in BUCKETS.iter().enumerate() {
            total += self.counts[i].load(Relaxed);
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{b}\"}} {total}");
        }
        total += self.counts[BUCKETS.len()].load(Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {total}");
        let sum = self.sum_nanos.load(Relaxed) as f64 / 1e9;
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {sum}");
        let _ = writeln!(out, "{name}_count{braces} {total}");
    }
}

/// Why a simulation stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The client went away.
    ClientGone,
    /// The per-request deadline passed.
    Deadline,
    /// The service is shutting down.
    Shutdown,
}

#[derive(Default)]
pub struct Metrics {
    /// (endpoint, method, status) → requests answered.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// endpoint → latency.
    latency: Mutex<BTreeMap<String, std::sync::Arc<Histogram>>>,
    /// A commit job: booking, the transaction, publishing.
    commit: Histogram,
    /// The database transaction of a commit group (it waits for the fsync).
    transaction: Histogram,
    commits: AtomicU64,
    queue: AtomicI64,
    pub sims_running: AtomicI64,
    pub sims_waiting: AtomicI64,
    sims_rejected: AtomicU64,
    sims_stopped: [AtomicU64; 3],
    rate_limited: AtomicU64,
    connections: AtomicI64,
    connections_refused: AtomicU64,
}

impl Metrics {
    /// One request answered.
    pub fn request(&self, endpoint: &str, method: &str, status: u16, took: Duration) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((endpoint.to_string(), method.to_string(), status))
                .or_default() += 1;
        }
        let h = match self.latency.lock() {
            Ok(mut m) => m.entry(endpoint.to_string()).or_default().clone(),
            Err(_) => return,
        };
        h.observe(took);
    }

    /// Jobs handed to the writer.
    pub fn queued(&self, n: i64) {
        self.queue.fetch_add(n, Relaxed);
    }

    /// Jobs the writer took.
    pub fn dequeued(&self, n: i64) {
        self.queue.fetch_sub(n, Relaxed);
    }

    pub fn commit_job(&self, took: Duration) {
        self.commit.observe(took);
    }

    pub fn transaction(&self, took: Duration, commits: usize) {
        self.transaction.observe(took);
        self.commits.fetch_add(commits as u64, Relaxed);
    }

    pub fn sim_rejected(&self) {
        self.sims_rejected.fetch_add(1, Relaxed);
    }

    pub fn sim_stopped(&self, why: Stopped) {
        self.sims_stopped[why as usize].fetch_add(1, Relaxed);
    }

    pub fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Relaxed);
    }

    pub fn connection(&self, open: bool) {
        self.connections
            .fetch_add(if open { 1 } else { -1 }, Relaxed);
    }

    pub fn connection_refused(&self) {
        self.connections_refused.fetch_add(1, Relaxed);
    }

    /// Simulations stopped for `why` so far.
    pub fn stopped(&self, why: Stopped) -> u64 {
        self.sims_stopped[why as usize].load(Relaxed)
    }

    /// The text of `GET /metrics`; `reviews` = (written, dropped, pruned).
    pub fn render(&self, reviews: (u64, u64, u64)) -> String {
        let mut o = String::new();
        head(
            &mut o,
            "promise_http_requests_total",
            "counter",
            "HTTP requests answered, by endpoint (route), method and status.",
        );
        if let Ok(m) = self.requests.lock() {
            for ((e, method, status), n) in m.iter() {
                let _ = writeln!(
                    o,
                    "promise_http_requests_total{{endpoint=\"{e}\",method=\"{method}\",status=\"{status}\"}} {n}"
                );
            }
        }
        head(
            &mut o,
            "promise_http_request_duration_seconds",
            "histogram",
            "Time from the request's head to the answer, by endpoint (route).",
        );
        if let Ok(m) = self.latency.lock() {
            for (e, h) in m.iter() {
                h.write(
                    &mut o,
                    "promise_http_request_duration_seconds",
                    &format!("endpoint=\"{e}\""),
                );
            }
        }
        head(
            &mut o,
            "promise_commit_seconds",
            "histogram",
            "A commit group on the writer: booking, the transaction, publishing.",
        );
        self.commit.write(&mut o, "promise_commit_seconds", "");
        head(
            &mut o,
            "promise_commit_fsync_seconds",
            "histogram",
            "The database transaction of a commit group (synchronous=FULL: it waits for the fsync).",
        );
        self.transaction
            .write(&mut o, "promise_commit_fsync_seconds", "");
        let values: [(&str, &str, &str, String); 11] = [
            (
                "promise_commits_total",
                "counter",
                "Orders committed.",
                self.commits.load(Relaxed).to_string(),
            ),
            (
                "promise_writer_queue_depth",
                "gauge",
                "Jobs waiting for the writer.",
                self.queue.load(Relaxed).to_string(),
            ),
            (
                "promise_simulations_running",
                "gauge",
                "Simulations running.",
                self.sims_running.load(Relaxed).to_string(),
            ),
            (
                "promise_simulations_waiting",
                "gauge",
                "Simulations admitted, waiting for a slot.",
                self.sims_waiting.load(Relaxed).to_string(),
            ),
            (
                "promise_simulations_rejected_total",
                "counter",
                "Simulations refused with 503 (queue full).",
                self.sims_rejected.load(Relaxed).to_string(),
            ),
            (
                "promise_quotes_rate_limited_total",
                "counter",
                "Quotes without a token refused with 429.",
                self.rate_limited.load(Relaxed).to_string(),
            ),
            (
                "promise_connections_open",
                "gauge",
                "Connections open.",
                self.connections.load(Relaxed).to_string(),
            ),
            (
                "promise_connections_refused_total",
                "counter",
                "Connections closed at once: too many open.",
                self.connections_refused.load(Relaxed).to_string(),
            ),
            (
                "promise_reviews_written_total",
                "counter",
                "Review records written.",
                reviews.0.to_string(),
            ),
            (
                "promise_reviews_dropped_total",
                "counter",
                "Review records dropped (queue full).",
                reviews.1.to_string(),
            ),
            (
                "promise_reviews_pruned_total",
                "counter",
                "Review records deleted by the retention policy.",
                reviews.2.to_string(),
            ),
        ];
        for (name, kind, help, value) in values {
            head(&mut o, name, kind, help);
            let _ = writeln!(o, "{name} {value}");
        }
        let name = "promise_simulations_stopped_total";
        head(
            &mut o,
            name,
            "counter",
            "Simulations stopped before their end, by reason.",
        );
        for (why, label) in [
            (Stopped::ClientGone, "client_gone"),
            (Stopped::Deadline, "deadline"),
            (Stopped::Shutdown, "shutdown"),
        ] {
            let _ = writeln!(o, "{name}{{reason=\"{label}\"}} {}", self.stopped(why));
        }
        o
    }
}

fn head(o: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(o, "# HELP {name} {help}");
    let _ = writeln!(o, "# TYPE {name} {kind}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_counters_labelled() {
        let m = Metrics::default();
        m.request("/quote", "POST", 200, Duration::from_micros(300));
        m.request("/quote", "POST", 200, Duration::from_millis(3));
        m.request("/quote", "POST", 400, Duration::from_secs(20));
        let text = m.render((1, 2, 3));
        assert!(text.contains(
            "promise_http_requests_total{endpoint=\"/quote\",method=\"POST\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "promise_http_request_duration_seconds_bucket{endpoint=\"/quote\",le=\"0.0005\"} 1"
        ));
        assert!(text.contains(
            "promise_http_request_duration_seconds_bucket{endpoint=\"/quote\",le=\"0.005\"} 2"
        ));
        assert!(text.contains(
            "promise_http_request_duration_seconds_bucket{endpoint=\"/quote\",le=\"+Inf\"} 3"
        ));
        assert!(
            text.contains("promise_http_request_duration_seconds_count{endpoint=\"/quote\"} 3")
        );
        assert!(text.contains("promise_reviews_pruned_total 3"));
        assert!(text.contains("promise_simulations_stopped_total{reason=\"deadline\"} 0"));
    }
}
