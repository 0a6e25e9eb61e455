//! A bounded, deterministic mutation test of everything that reads input, run on every
//! `cargo test` (the fuzz targets in `fuzz/` run for hours; this runs in seconds).
//!
//! A seeded mutator damages the demo plant's files and a change file the way careless
//! exports and hostile clients do — flipped bytes, deleted cells and lines, swapped or
//! doubled columns, huge, tiny and non-finite numbers, odd Unicode, truncation, a missing
//! file — and every case must load to diagnostics or to a model that plans, reports and
//! simulates: never a panic. A sample of the cases goes through the binary, whose exit
//! status must be 0 or 2, never 101.

use promise::day::Day;
use promise::load::{apply_changes, load_bytes};
use promise::plan::{Plan, Settings};
use promise::reliability::{self, Options};
use promise::report::json::plan_json;
use std::path::Path;
use std::process::Command;

const FILES: [&str; 10] = [
    "lines.csv",
    "calendar.csv",
    "capacity.csv",
    "products.csv",
    "materials.csv",
    "bom.csv",
    "receipts.csv",
    "transit.csv",
    "subcontractors.csv",
    "orders.csv",
];

const CHANGES: &str = "kind,order_id,product_id,qty,date,line_id,from,to,material_id,requested_date,destination\n\
    order_cancel,SO-260040,,,,,,,,,\n\
    order_qty,QT-260001,MS-5-6,50,,,,,,,\n\
    order_date,QT-260002,,,2026-05-04,,,,,,\n\
    line_down,,,,,MCH-1,2026-03-16,2026-03-18,,,\n\
    receipt_delay,,,,2026-02-25,,,2026-03-20,BSP-L,,\n\
    new_order,NEW-2,CP-32-125,10,,,,,,2026-04-20,Guangzhou\n";

/// Cases run in-process, and how many of them also go through the binary.
const CASES: u64 = 400;
const THROUGH_THE_BINARY: u64 = 12;

/// SplitMix64: a tiny seeded generator, so that every case is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Values that have broken parsers and planners somewhere.
const ODD_VALUES: [&str; 24] = [
    "1e308",
    "-1e308",
    "1e-300",
    "NaN",
    "inf",
    "-0",
    "99999999999999999999",
    "4294967296",
    "0.0000000001",
    "1e9",
    "100000",
    "100001",
    "",
    " ",
    "\"",
    "\"\"\"",
    "2026-02-30",
    "9999-12-31",
    "+12026-03-02",
    "0000-01-01",
    "\u{202e}L1",
    "\u{feff}",
    "𝟘",
    "e\u{301}",
];

/// One line split into cells (naively, at commas: damage need not respect quoting).
fn cells(line: &str) -> Vec<String> {
    line.split(',').map(str::to_string).collect()
}

/// Applies one random mutation to the text of a CSV file.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    match rng.below(10) {
        // Flip a byte (may make invalid UTF-8, a stray quote, a line end).
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
            return;
        }
        // Truncate anywhere.
        1 if !bytes.is_empty() => {
            let n = rng.below(bytes.len());
            bytes.truncate(n);
            return;
        }
        // Delete a cell (the row becomes ragged).
        2 => {
            let l = rng.below(lines.len());
            let mut c = cells(&lines[l]);
            if c.len() > 1 {
                c.remove(rng.below(c.len()));
            }
            lines[l] = c.join(",");
        }
        // Swap two columns in the header only (cells now mean something else).
        3 => {
            let mut c = cells(&lines[0]);
            let (a, b) = (rng.below(c.len()), rng.below(c.len()));
            c.swap(a, b);
            lines[0] = c.join(",");
        }
        // Name a column twice.
        4 => {
            let mut c = cells(&lines[0]);
            let (a, b) = (rng.below(c.len()), rng.below(c.len()));
            c[a] = c[b].to_uppercase();
            lines[0] = c.join(",");
        }
        // Delete or repeat a line.
        5 => {
            let l = rng.below(lines.len());
            if rng.below(2) == 0 {
                lines.remove(l);
            } else {
                let copy = lines[l].clone();
                lines.insert(l, copy);
            }
        }
        // Put an odd value into a cell.
        _ => {
            let l = rng.below(lines.len());
            let mut c = cells(&lines[l]);
            let i = rng.below(c.len());
            c[i] = rng.pick(&ODD_VALUES).to_string();
            lines[l] = c.join(",");
        }
    }
    let mut out = lines.join(if rng.below(4) == 0 { "\r\n" } else { "\n" });
    out.push('\n');
    *bytes = out.into_bytes();
}

fn demo_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo"))
}

/// The demo's files, `mutations` of them damaged, maybe one left out.
fn damaged(rng: &mut Rng) -> Vec<(&'static str, Vec<u8>)> {
    let mut files: Vec<(&str, Vec<u8>)> = FILES
        .iter()
        .map(|f| {
            (
                *f,
                std::fs::read(demo_dir().join(f)).expect("the demo plant"),
            )
        })
        .collect();
    for _ in 0..1 + rng.below(3) {
        let f = rng.below(files.len());
        mutate(rng, &mut files[f].1);
    }
    if rng.below(20) == 0 {
        files.remove(rng.below(files.len()));
    }
    files
}

fn settings() -> Settings {
    Settings::new(Day::parse("2026-03-02").unwrap())
}

/// Loads, plans, reports and simulates a damaged data set; returns whether it loaded.
fn exercise(files: &[(&str, Vec<u8>)]) -> bool {
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let Ok((plant, book)) = load_bytes(&refs) else {
        return false;
    };
    let plan = Plan::build(&plant, &book, settings());
    serde_json::to_vec(&plan_json(&plant, &book, &plan)).unwrap();
    let opts = Options {
        scenarios: 2,
        seed: 1,
    };
    reliability::simulate(&plant, &book, &plan, opts, &|_| {});
    true
}

#[test]
fn damaged_plants_load_or_say_why_never_panic() {
    let mut rng = Rng(2026);
    let mut loaded = 0;
    for case in 0..CASES {
        let files = damaged(&mut rng);
        let ok = std::panic::catch_unwind(|| exercise(&files));
        match ok {
            Ok(l) => loaded += usize::from(l),
            Err(_) => panic!(
                "case {case} panicked; its files differ from the demo in: {:?}",
                files
                    .iter()
                    .filter(|(n, b)| std::fs::read(demo_dir().join(n)).ok().as_ref() != Some(b))
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
            ),
        }
    }
    // Both outcomes are exercised: many damages are harmless (a flipped letter in a
    // name), most are not.
    assert!(
        loaded > 20 && loaded < CASES as usize - 20,
        "{loaded} of {CASES} loaded"
    );
}

#[test]
fn damaged_change_files_apply_or_say_why_never_panic() {
    let files: Vec<(&str, Vec<u8>)> = FILES
        .iter()
        .map(|f| (*f, std::fs::read(demo_dir().join(f)).unwrap()))
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let (plant, book) = load_bytes(&refs).unwrap();
    let mut rng = Rng(11);
    for case in 0..CASES / 2 {
        let mut bytes = CHANGES.as_bytes().to_vec();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut bytes);
        }
        let ok = std::panic::catch_unwind(|| {
            if let Ok((_, p, b)) = apply_changes("changes.csv", &bytes, &plant, &book) {
                Plan::build(&p, &b, settings());
            }
        });
        assert!(
            ok.is_ok(),
            "case {case} panicked on:\n{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn the_binary_exits_0_or_2_on_damaged_plants() {
    let mut rng = Rng(7);
    for case in 0..THROUGH_THE_BINARY {
        let files = damaged(&mut rng);
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in &files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let out = Command::new(env!("CARGO_BIN_EXE_promise"))
            .args(["plan", "--as-of", "2026-03-02", "--json", "--data"])
            .arg(dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "case {case}: exit {:?}\n{err}",
            out.status.code()
        );
        assert!(!err.contains("panicked"), "case {case}: {err}");
        if out.status.code() == Some(2) {
            assert!(err.contains("error: "), "case {case}: no diagnostic\n{err}");
        }
    }
}
