//! One writer per database: `promise serve` and `promise import` hold an exclusive lock on
//! `<db>.lock` for as long as they run (an OS file lock, `flock`: released by the kernel
//! when the process ends, however it ends, so a crash never leaves a stale lock). A
//! second server, or an import while a server runs — also while the first is still
//! shutting down — refuses to start and names the holder, whose pid, start time and
//! command are written in the lock file.
//!
//! Two servers on one database would each book on their own plan: both would answer 201
//! to the same line time, and the second would overwrite the first's acknowledged rows.
//! `promise export` only reads (one read transaction of SQLite's WAL, a consistent
//! snapshot), so it needs no lock and never waits for a server.

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock, held until dropped (or the process ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

/// The lock file of a database: `<db>.lock`.
pub fn path_of(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

/// Takes the database's lock for `command` (`promise serve`, `promise import`), or says
/// who holds it.
pub fn acquire(db: &Path, command: &str) -> Result<Lock, String> {
    let path = path_of(db);
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| format!("cannot open the lock file {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.split_whitespace().collect::<Vec<_>>().join(" ");
            let holder = if holder.is_empty() {
                "another process".to_string()
            } else {
                holder
            };
            return Err(format!(
                "the database {} is in use by {holder}; only one process may write an order book (stop it first; `promise export` may read it meanwhile)",
                db.display()
            ));
        }
        Err(TryLockError::Error(e)) => {
            return Err(format!("cannot lock {}: {e}", path.display()));
        }
    }
    let started = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let holder = format!(
        "{command} (pid {}, started {started})\n",
        std::process::id()
    );
    let written = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(holder.as_bytes()))
        .and_then(|()| file.flush());
    if let Err(e) = written {
        return Err(format!(
            "cannot write the lock file {}: {e}",
            path.display()
        ));
    }
    Ok(Lock { _file: file, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_with_the_first_named_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("book.db");
        let first = acquire(&db, "promise serve").unwrap();
        let e = acquire(&db, "promise import").unwrap_err();
        assert!(
            e.contains(&format!(
                "promise serve (pid {}, started ",
                std::process::id()
            )),
            "{e}"
        );
        drop(first);
        assert!(acquire(&db, "promise import").is_ok());
    }
}
