//! Progress bars on stderr for long computations — only when stderr is a terminal and
//! `--quiet` is not given, so pipes, logs and CI stay clean.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(total: u64, what: &str, quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Progress { bar: Some(bar) }
    }

    /// Sets the position; a computation that starts over (another round) restarts the bar.
    pub fn set(&self, done: u64) {
        if let Some(b) = &self.bar {
            if done < b.position() {
                b.reset_eta();
            }
            b.set_position(done);
        }
    }

    /// Sets the total (for work whose size is known only once it starts).
    pub fn total(&self, total: u64) {
        if let Some(b) = &self.bar
            && b.length() != Some(total)
        {
            b.set_length(total);
        }
    }

    /// Runs `work` with the bar following the clock up to `budget` (for a computation with
    /// a time limit, such as the optimiser, which reports no progress of its own).
    pub fn timed<T>(&self, budget: std::time::Duration, work: impl FnOnce() -> T) -> T {
        let Some(bar) = &self.bar else { return work() };
        bar.set_length(budget.as_millis().max(1) as u64);
        let done = std::sync::atomic::AtomicBool::new(false);
        let start = std::time::Instant::now();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    bar.set_position(
                        (start.elapsed().as_millis() as u64).min(bar.length().unwrap_or(0)),
                    );
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
            });
            let out = work();
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            out
        })
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
