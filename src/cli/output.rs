//! Writing result files: all or nothing, never over an input.

use super::{Failure, Result};
use promise::report::document::DocKind;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Refuses an output directory that is the input directory (its CSV files would be
/// overwritten by results of the same name) or the input workbook.
pub fn guard_inputs(out: &Path, data: &Path) -> Result<()> {
    let same = match (fs::canonicalize(out), fs::canonicalize(data)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Failure::Input(format!(
            "error: --out {} is the input directory; refusing to overwrite input files",
            out.display()
        )));
    }
    Ok(())
}

/// Refuses a single output file inside the input directory (the plan report), or that is
/// the input workbook: results never go among the inputs, whatever their name.
pub fn guard_file(path: &Path, data: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Failure::Input(format!(
            "error: --out {} is a directory; give a file name (e.g. report.html)",
            path.display()
        )));
    }
    if let (Ok(a), Ok(b)) = (fs::canonicalize(path), fs::canonicalize(data))
        && a == b
    {
        return Err(Failure::Input(format!(
            "error: --out {} is the input workbook; refusing to overwrite it",
            path.display()
        )));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let (Ok(a), Ok(b)) = (fs::canonicalize(parent), fs::canonicalize(data))
        && a == b
    {
        return Err(Failure::Input(format!(
            "error: --out {} is in the input directory; refusing to write among input files",
            path.display()
        )));
    }
    Ok(())
}

/// Files of a data set that are inputs (the plant's, `orders.csv`, a change set), which
/// no output may replace.
fn is_input(name: &str) -> bool {
    promise::load::PLANT_FILES.contains(&name) || name == "orders.csv" || name == "changes.csv"
}

/// The kind of document `--review FILE` asks for, by its extension; refuses a file that
/// is one of the inputs.
pub fn document_kind(path: &Path, data: &Path) -> Result<DocKind> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let kind = match ext.as_deref() {
        Some("md" | "markdown") => DocKind::Markdown,
        Some("html" | "htm") => DocKind::Html,
        _ => {
            return Err(Failure::Input(format!(
                "error: --review: expected a file name ending in .md or .html, found \"{}\"",
                path.display()
            )));
        }
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase());
    if let (Ok(a), Ok(b), Some(name)) = (fs::canonicalize(parent), fs::canonicalize(data), name)
        && a == b
        && is_input(&name)
    {
        return Err(Failure::Input(format!(
            "error: --review {} is an input file; refusing to overwrite it",
            path.display()
        )));
    }
    Ok(kind)
}

/// Writes one file atomically (a temporary name, then renamed into place).
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    write_bytes(path, text.as_bytes())
}

/// [`write_file`] for bytes (a workbook).
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Failure::Input(format!("error: {} is not a file name", path.display())))?;
    write_all(dir, &[(name.as_str(), bytes)])
}

/// Writes every file to a temporary name in `dir` first and renames them into place only
/// when all are written, so a failure leaves no half-written result.
pub fn write_all<T: AsRef<[u8]>>(dir: &Path, files: &[(&str, T)]) -> Result<()> {
    fs::create_dir_all(dir)
        .map_err(|e| Failure::Other(format!("cannot create {}: {e}", dir.display())))?;
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |temps: &[(PathBuf, PathBuf)]| {
        for (t, _) in temps {
            let _ = fs::remove_file(t);
        }
    };
    for (name, text) in files {
        let target = dir.join(name);
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let written = fs::File::create(&temp).and_then(|mut f| {
            f.write_all(text.as_ref())?;
            f.sync_all()
        });
        temps.push((temp, target.clone()));
        if let Err(e) = written {
            cleanup(&temps);
            return Err(Failure::Other(format!(
                "cannot write {}: {e}",
                target.display()
            )));
        }
    }
    for (temp, target) in &temps {
        if let Err(e) = fs::rename(temp, target) {
            cleanup(&temps);
            return Err(Failure::Other(format!(
                "cannot write {}: {e}",
                target.display()
            )));
        }
    }
    Ok(())
}

/// Pretty JSON for one object (a quote), compact for big documents (a plan). Streamed to
/// stdout, so a plan of 100,000 orders is never held as one string.
pub fn print_json<T: serde::Serialize>(value: &T, pretty: bool) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if pretty {
        serde_json::to_writer_pretty(&mut out, value)
    } else {
        serde_json::to_writer(&mut out, value)
    };
    match written {
        Err(e) if e.io_error_kind().is_some() => stdout_result(Err(std::io::Error::from(e))),
        Err(e) => Err(Failure::Other(e.to_string())),
        Ok(()) => stdout_result(writeln!(out).and_then(|_| out.flush())),
    }
}

/// Prints text to stdout.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    stdout_result(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
}

/// A reader that stops early (`promise plan --json | head`) is not an error.
fn stdout_result(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Other(format!("cannot write to stdout: {e}"))),
        Ok(()) => Ok(()),
    }
}
