//! Headless Chromium for the browser tests: find the binary (or skip with a note unless
//! `PROMISE_REQUIRE_BROWSER=1`), and run it on a page with a fresh profile, killed after
//! a minute.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// `CHROMIUM=/path`, else the first Chromium or Chrome on the PATH.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or `None` (with a note naming `what` is skipped) when the test should be
/// skipped.
pub fn browser(what: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        if std::env::var("PROMISE_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("PROMISE_REQUIRE_BROWSER=1 but no chromium binary was found (set CHROMIUM)");
        }
        eprintln!("note: no chromium binary found; skipping the browser test of {what}");
    }
    found
}

/// What Chromium printed: stdout (the DOM with `--dump-dom`), its log, the wall time.
pub struct Run {
    pub stdout: String,
    pub log: String,
    pub wall: Duration,
}

/// Runs headless Chromium on `url` with `args` and `env`, a fresh profile in `profile`.
pub fn run(chrome: &Path, args: &[&str], env: &[(&str, &Path)], url: &str, profile: &Path) -> Run {
    let start = Instant::now();
    let mut cmd = std::process::Command::new(chrome);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .args(args)
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(url)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("chromium starts");
    let (out, err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let (out, err) = (read(Box::new(out)), read(Box::new(err)));
    let deadline = start + Duration::from_secs(60);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within a minute on {url}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run {
        stdout: out.join().unwrap(),
        log: err.join().unwrap(),
        wall: start.elapsed(),
    }
}
