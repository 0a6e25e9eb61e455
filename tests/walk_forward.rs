//! The walk-forward check of `promise backtest --history` (`fit::walk_forward`): a
//! hand-computed split, fit and coverage on a tiny history; a statistical check that a
//! fit on a history drawn from one fixed law covers P of the later history and a wrong
//! lognormal plant file visibly less; and the binary's keys and exit codes.

use assert_cmd::Command;
use promise::day::Day;
use promise::fit::walk_forward::{self, CutoffProblem};
use promise::load;
use promise::model::{History, LineDay, PastReceipt, Plant};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// M1: 7 ± 2 days (lognormal), M2: 10 ± 1; L1: 2 shifts at 0.9.
fn plant() -> Plant {
    let tmp = TempDir::new().unwrap();
    let files = [
        (
            "lines.csv",
            "line_id,shifts_per_day,availability\nL1,2,0.9\n",
        ),
        ("products.csv", "product_id\nP1\n"),
        (
            "capacity.csv",
            "line_id,product_id,units_per_shift\nL1,P1,10\n",
        ),
        (
            "transit.csv",
            "destination,mode,days,days_sd\nD1,truck,2,0\n",
        ),
        (
            "materials.csv",
            "material_id,lead_time_days,lead_time_sd_days\nM1,7,2\nM2,10,1\n",
        ),
        (
            "orders.csv",
            "order_id,customer,product_id,qty,requested_date,destination\n",
        ),
    ];
    for (name, text) in files {
        fs::write(tmp.path().join(name), text).unwrap();
    }
    load::load_dir(tmp.path()).expect("plant").0
}

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn receipt(material: usize, ordered: Day, lead: i32) -> PastReceipt {
    PastReceipt {
        material,
        supplier: "S1".into(),
        qty: 1.0,
        ordered,
        due: None,
        received: ordered + lead,
    }
}

fn line_day(date: Day, lost: u32) -> LineDay {
    LineDay {
        line: 0,
        date,
        planned: 2,
        worked: 2 - lost,
        reason: String::new(),
    }
}

fn close(got: Option<f64>, want: f64) {
    let got = got.expect("a number");
    assert!((got - want).abs() < 1e-9, "{got} ≠ {want}");
}

#[test]
fn walk_forward_on_a_tiny_history_by_hand() {
    let plant = plant();
    let start = day("2026-01-01");
    let cutoff = day("2026-03-01");
    let mut history = History::default();
    // Before the cut-off: M1's lead times 5 5 6 6 6 7 8 9 12 20 (received by 01-21).
    for lead in [12, 5, 6, 9, 20, 6, 5, 7, 8, 6] {
        history.receipts.push(receipt(0, start, lead));
    }
    // Ordered before, received after the cut-off: in neither part.
    history.receipts.push(receipt(0, cutoff - 1, 3));
    // After: 10, 13, 17, 25.
    for (k, lead) in [10, 13, 17, 25].into_iter().enumerate() {
        history.receipts.push(receipt(0, cutoff + k as i32, lead));
    }
    // L1: 20 full days before; after, days losing 0, 0, 1 and 2 shifts.
    for k in 0..20 {
        history.line_log.push(line_day(start + k, 0));
    }
    for (k, lost) in [0, 0, 1, 2].into_iter().enumerate() {
        history.line_log.push(line_day(cutoff + k as i32, lost));
    }
    let w = walk_forward::walk_forward(&plant, &history, cutoff, 0.01).expect("a usable cut-off");
    assert_eq!(w.training.receipts, 10);
    assert_eq!(w.training.line_days, 20);
    let r = &w.receipts;
    assert_eq!(r.observations, 4);
    close(r.mean_observed, 16.25);
    // Fitted (own data only: no other material has history). The p-quantile is read at
    // p + ½·√(p(1 − p)/10) (type 7, h = 9·level, on 5 5 6 6 6 7 8 9 12 20), and the
    // simulation rounds: p80 → 11.31 → 11; p90 → level 0.94743, h 8.5269 → 12 + 0.5269·8
    // = 16.22 → 16; p95 → level 0.98446, h 8.8601 → 18.88 → 19; p99 → level 1 → 20.
    // Held out 10 13 17 25: covered 1, 2, 3, 3 of 4.
    let c = &r.fitted.coverage;
    close(c.p80, 0.25);
    close(c.p90, 0.5);
    close(c.p95, 0.75);
    close(c.p99, 0.75);
    close(r.fitted.mean_p90, 16.0);
    // Plant file: lognormal of mean 7, sd 2: σ² = ln(1 + (2/7)²) = 0.078472, μ = ln 7 −
    // σ²/2 = 1.906674; p80 = e^(μ + 0.841621σ) = 8.52 → 9; p90 = e^(μ + 1.281552σ) = 9.64
    // → 10; p95 = e^(μ + 1.644854σ) = 10.67 → 11; p99 = e^(μ + 2.326348σ) = 12.91 → 13.
    let c = &r.plant_file.coverage;
    close(c.p80, 0.0);
    close(c.p90, 0.25);
    close(c.p95, 0.25);
    close(c.p99, 0.5);
    close(r.plant_file.mean_p90, 10.0);
    // 25 days is beyond both laws: its PIT is 1, in the top bin.
    for s in [&r.fitted, &r.plant_file] {
        assert!((s.pit.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(s.pit[9] >= 0.25, "{:?}", s.pit);
    }
    // No due dates: no delays to check.
    assert_eq!(w.delays.observations, 0);
    assert_eq!(w.delays.fitted.coverage.p90, None);
    // Lines. Plant file: 2 shifts lost each with 0.1: P(0) 0.81, P(≤1) 0.99, so p80 is 0
    // shifts and p90…p99 1: days losing 0 0 1 2 are covered 2, 3, 3, 3 of 4. Fitted: the
    // log before the cut-off lost nothing (availability 1, no outages), so every
    // quantile is 0: 2 of 4.
    let l = &w.lines;
    assert_eq!(l.check.observations, 4);
    let c = &l.check.plant_file.coverage;
    close(c.p80, 0.5);
    close(c.p90, 0.75);
    close(c.p99, 0.75);
    let c = &l.check.fitted.coverage;
    close(c.p80, 0.5);
    close(c.p99, 0.5);
    close(l.availability_observed, 5.0 / 8.0);
    close(l.availability_fitted, 1.0);
    close(l.availability_plant_file, 0.9);
}

#[test]
fn the_p80_day_against_the_held_out_one_by_hand() {
    let plant = plant();
    let cutoff = day("2026-03-01");
    let mut history = History::default();
    // M1 before the cut-off only; M2 (10 ± 1, no history before: the fit keeps the plant
    // file's law) 10 receipts after, lead times 1..=10.
    history.receipts.push(receipt(0, day("2026-01-01"), 7));
    for lead in 1..=10 {
        history.receipts.push(receipt(1, cutoff + lead, lead));
    }
    let w = walk_forward::walk_forward(&plant, &history, cutoff, 0.01).unwrap();
    // Held-out p80: the 8th of 10 sorted values, 8. The law's p80: σ² = ln 1.01,
    // μ = ln 10 − σ²/2; e^(μ + 0.841621σ) = 10.82 → 11. Off by 3, for both laws.
    assert_eq!(w.receipts.p80_entities, 1);
    close(w.receipts.fitted.p80_error_days, 3.0);
    close(w.receipts.plant_file.p80_error_days, 3.0);
    // 9 held out is too few: no p80 comparison.
    history.receipts.pop();
    let w = walk_forward::walk_forward(&plant, &history, cutoff, 0.01).unwrap();
    assert_eq!(w.receipts.p80_entities, 0);
    assert_eq!(w.receipts.fitted.p80_error_days, None);
}

#[test]
fn lost_shifts_under_a_breakdown_process_by_hand() {
    // Outages start on 10 % of days and last one day (stay 0): down 10 % of days; a down
    // day loses both shifts.
    let pmf = walk_forward::outage_lost_shifts(2, 0.1, 1.0, 6, 1.0);
    let want = [0.9, 0.0, 0.1];
    for (g, w) in pmf.iter().zip(want) {
        assert!((g - w).abs() < 1e-12, "{pmf:?}");
    }
    // Mean length 2 (stay ½), rate 0.1, window 2: up with (1 − 0.1)(1 − 0.05) = 0.855;
    // a down day loses each shift with ½: P(1) = 0.145·½, P(2) = 0.145·¼.
    let pmf = walk_forward::outage_lost_shifts(2, 0.1, 2.0, 2, 0.5);
    let want = [0.855 + 0.145 * 0.25, 0.145 * 0.5, 0.145 * 0.25];
    for (g, w) in pmf.iter().zip(want) {
        assert!((g - w).abs() < 1e-12, "{pmf:?}");
    }
}

#[test]
fn a_cutoff_outside_the_history_is_refused() {
    let plant = plant();
    let mut history = History::default();
    assert_eq!(
        walk_forward::default_cutoff(&history),
        Err(CutoffProblem::EmptyHistory)
    );
    for k in 0..8 {
        history
            .receipts
            .push(receipt(0, day("2026-01-01") + k * 10, 5));
    }
    // Starts 01-01, 01-11, …, 03-12; the last quarter starts at the 7th (03-02).
    assert_eq!(
        walk_forward::default_cutoff(&history),
        Ok(day("2026-03-02"))
    );
    assert!(matches!(
        walk_forward::walk_forward(&plant, &history, day("2026-01-03"), 0.01),
        Err(CutoffProblem::NothingBefore { .. })
    ));
    assert!(matches!(
        walk_forward::walk_forward(&plant, &history, day("2026-03-13"), 0.01),
        Err(CutoffProblem::NothingAfter { .. })
    ));
}

/// Lead times of M2 (planned 10 ± 1) as two habits the plant file's lognormal does not
/// know: on the day 70 % of the time, else evenly 15–34 days (true p90 28 days, where
/// the law reaches 0.91); or evenly 8–27 days (true p90 25, reached at 0.90).
fn draw(spiky: bool, r: &mut Xoshiro256PlusPlus) -> i32 {
    if spiky && r.random::<f64>() < 0.7 {
        10
    } else if spiky {
        15 + r.random_range(0..20)
    } else {
        8 + r.random_range(0..20)
    }
}

/// The true `P(lead time ≤ d)` of [`draw`]'s laws.
fn true_cdf(spiky: bool, d: i32) -> f64 {
    if spiky {
        let late = f64::from((d - 14).clamp(0, 20)) * 0.3 / 20.0;
        if d >= 10 { 0.7 + late } else { 0.0 }
    } else {
        f64::from((d - 7).clamp(0, 20)) / 20.0
    }
}

#[test]
fn a_fit_on_one_law_covers_p_of_its_later_history_and_a_wrong_lognormal_does_not() {
    let plant = plant();
    let start = day("2026-01-01");
    let cutoff = start + 200;
    for spiky in [true, false] {
        for seed in 0..4u64 {
            let mut r = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut history = History::default();
            // Ten receipts ordered a day for 300 days: ~1,950 fit on, 1,000 held out.
            for k in 0..3000 {
                history
                    .receipts
                    .push(receipt(1, start + k / 10, draw(spiky, &mut r)));
            }
            let w = walk_forward::walk_forward(&plant, &history, cutoff, 0.01).unwrap();
            let r = &w.receipts;
            assert_eq!(r.observations, 1000);
            // Whole days are lumps of probability (1.5 % a day in the spiky tail, 5 %
            // a day when even), so a right law covers P *or up to a lump more*. Its
            // p90 day covers what the true law puts at or below it, give or take the
            // sampling error of 1,000 (0.0095 at 0.9): within 0.035; and that day is no
            // more than a lump early or late (the fit misses the long receipts still
            // under way at the cut-off, ~1 %).
            let p90_day = r.fitted.mean_p90.unwrap();
            let truth = true_cdf(spiky, p90_day as i32);
            let got = r.fitted.coverage.p90.unwrap();
            assert!(
                (got - truth).abs() < 0.035,
                "spiky {spiky} seed {seed}: p90 day {p90_day} covers {got}, truth {truth}"
            );
            assert!((0.87..=0.96).contains(&truth), "p90 day {p90_day}: {truth}");
            for (p, got) in [(0.8, r.fitted.coverage.p80), (0.95, r.fitted.coverage.p95)] {
                let got = got.unwrap();
                assert!(
                    got > p - 0.035 && got < p + 0.085,
                    "spiky {spiky} seed {seed}: fitted p{p} covers {got}"
                );
            }
            // The plant file's 10 ± 1 days puts p90 at 11: about 70 % (spiky) or 20 %.
            let wrong = r.plant_file.coverage.p90.unwrap();
            assert!(wrong < 0.75, "plant file p90 covers {wrong}");
            // PIT: even under the fit (each tenth within 0.045 of 0.1), piled at the top
            // under the plant file (its lognormal is early).
            for (b, x) in r.fitted.pit.iter().enumerate() {
                assert!((x - 0.1).abs() < 0.045, "fitted PIT bin {b}: {x}");
            }
            assert!(r.plant_file.pit[9] > 0.25, "{:?}", r.plant_file.pit);
            // The p80 day: the fit's within 2 days of the held-out one (each is a share
            // of ~1,000 read on a tail of 1.5 % a day: ±1 day of sampling error apiece);
            // the plant file's 11 days is 10 (spiky: p80 21) or 12 (even: 23) days early.
            assert_eq!(r.p80_entities, 1);
            let off = r.fitted.p80_error_days.unwrap();
            assert!(
                off <= 2.0,
                "spiky {spiky} seed {seed}: fitted p80 off by {off}, p90 day {p90_day}, cov {:?}",
                r.fitted.coverage
            );
            let off = r.plant_file.p80_error_days.unwrap();
            assert!((9.0..=13.0).contains(&off), "plant file p80 off by {off}");
        }
    }
}

fn demo_backtest(extra: &[&str]) -> std::process::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::cargo_bin("promise")
        .unwrap()
        .args(["backtest", "--as-of", "2026-03-02", "--quiet"])
        .args(["--scenarios", "20", "--check-scenarios", "20"])
        .arg("--data")
        .arg(root.join("data/demo"))
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn backtest_with_history_adds_the_walk_forward_keys() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hdir = root.join("data/demo/history");
    let out = demo_backtest(&["--json", "--history", hdir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The promise-level keys stay.
    for k in ["scenarios", "orders", "levels", "calibration", "brier"] {
        assert!(v.get(k).is_some(), "lacks {k}");
    }
    let h = &v["history"];
    assert!(h["cutoff"].is_string(), "{h}");
    for kind in ["receipts", "delays", "shipments", "lines"] {
        let k = &h[kind];
        assert!(k["observations"].as_u64().unwrap() > 0, "{kind}: {k}");
        for law in ["fitted", "plant_file"] {
            for p in ["p80", "p90", "p95", "p99"] {
                let c = k[law]["coverage"][p].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&c), "{kind}.{law}.{p} = {c}");
            }
            let pit = k[law]["pit"].as_array().unwrap();
            assert_eq!(pit.len(), 10);
            let sum: f64 = pit.iter().map(|x| x.as_f64().unwrap()).sum();
            assert!((sum - 1.0).abs() < 1e-9);
        }
    }
    assert!(h["lines"]["availability_observed"].is_number());
    // An explicit cut-off is the one used; text output names it.
    let out = demo_backtest(&[
        "--history",
        hdir.to_str().unwrap(),
        "--cutoff",
        "2025-09-01",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("before 2025-09-01"), "{text}");
    assert!(text.contains("plant file"), "{text}");
    // Without --history: no new key.
    let out = demo_backtest(&["--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("history").is_none());
}

#[test]
fn a_bad_cutoff_exits_2() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hdir = root.join("data/demo/history");
    let h = hdir.to_str().unwrap();
    for (args, says) in [
        (
            vec!["--history", h, "--cutoff", "2030-01-01"],
            "on or after",
        ),
        (vec!["--history", h, "--cutoff", "2020-01-01"], "before it"),
        (vec!["--history", h, "--cutoff", "2026-13-01"], "--cutoff"),
        (vec!["--cutoff", "2025-09-01"], "needs --history"),
    ] {
        let out = demo_backtest(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn a_fitted_file_has_no_later_history_to_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = TempDir::new().unwrap();
    let out = Command::cargo_bin("promise")
        .unwrap()
        .arg("fit")
        .arg("--data")
        .arg(root.join("data/demo"))
        .arg("--history")
        .arg(root.join("data/demo/history"))
        .arg("--out")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = tmp.path().join("fit.json");
    let f = file.to_str().unwrap();
    // The promise-level backtest runs under the fitted laws; no walk-forward block.
    let out = demo_backtest(&["--json", "--history", f]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("levels").is_some());
    assert!(v.get("history").is_none());
    // A cut-off cannot split a fitted file.
    let out = demo_backtest(&["--history", f, "--cutoff", "2025-09-01"]);
    assert_eq!(out.status.code(), Some(2));
}
