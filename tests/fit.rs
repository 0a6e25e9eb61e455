//! `promise fit` through the binary: SPEC.md's JSON keys for every material, lane and
//! line (also those without history), hand-computed quantiles, validation of the history
//! files (file, line, column, exit 2) and the fitted-distributions file of `--out`.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn write(dir: &Path, files: &[(&str, &str)]) {
    fs::create_dir_all(dir).unwrap();
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
}

/// Two lines, two materials, one destination with two modes; history for L1, M1 and
/// the truck lane only.
fn setup() -> TempDir {
    let tmp = TempDir::new().unwrap();
    write(
        &tmp.path().join("data"),
        &[
            (
                "lines.csv",
                "line_id,shifts_per_day,availability\nL1,2,0.9\nL2,1,0.8\n",
            ),
            ("products.csv", "product_id\nP1\n"),
            (
                "capacity.csv",
                "line_id,product_id,units_per_shift\nL1,P1,10\nL2,P1,10\n",
            ),
            (
                "transit.csv",
                "destination,mode,days,days_sd\nD1,truck,2,0\nD1,rail,5,0\n",
            ),
            (
                "materials.csv",
                "material_id,lead_time_days,lead_time_sd_days\nM1,7,2\nM2,10,0\n",
            ),
            (
                "orders.csv",
                "order_id,customer,product_id,qty,requested_date,destination\n",
            ),
        ],
    );
    // M1: 10 receipts ordered 2026-01-01 with lead times 5 5 6 6 6 7 8 9 12 20, all
    // promised for 2026-01-08 (7 days): delays −2 −2 −1 −1 −1 0 1 2 5 13.
    let mut receipts =
        String::from("material_id,supplier,qty,ordered_date,due_date,received_date\n");
    for lead in [12, 5, 6, 9, 20, 6, 5, 7, 8, 6] {
        receipts.push_str(&format!(
            "M1,S1,10,2026-01-01,2026-01-08,2026-01-{:02}\n",
            1 + lead
        ));
    }
    // L1: 2 shifts a day, 2026-01-05 .. 2026-01-09; loses 1 on the 6th, 2 on the 7th.
    let log = "line_id,date,planned_shifts,worked_shifts,reason\n\
               L1,2026-01-05,2,2,\nL1,2026-01-06,2,1,absence\nL1,2026-01-07,2,0,breakdown\n\
               L1,2026-01-08,2,2,\nL1,2026-01-09,2,2,\n";
    write(
        &tmp.path().join("history"),
        &[
            ("receipts.csv", &receipts),
            (
                "shipments.csv",
                "destination,mode,ship_date,delivered_date\n\
                 D1,truck,2026-01-05,2026-01-07\nD1,truck,2026-01-05,2026-01-08\n",
            ),
            ("line_log.csv", log),
        ],
    );
    tmp
}

fn fit(tmp: &TempDir, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("promise")
        .unwrap()
        .arg("fit")
        .arg("--data")
        .arg(tmp.path().join("data"))
        .arg("--history")
        .arg(tmp.path().join("history"))
        .args(extra)
        .output()
        .unwrap()
}

fn json(tmp: &TempDir) -> Value {
    let out = fit(tmp, &["--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "{got} ≠ {want}");
}

/// Checks that every entry of `list` has `keys`, and the five quantiles under `dists`.
fn has_keys(list: &Value, n: usize, keys: &[&str], dists: &[&str]) {
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), n);
    for e in list {
        for k in keys {
            assert!(e.get(k).is_some(), "lacks {k}: {e}");
        }
        for d in dists {
            for p in ["p50", "p80", "p90", "p95", "p99"] {
                assert!(e[d][p].is_number(), "lacks {d}.{p}: {e}");
            }
        }
    }
}

#[test]
fn json_has_spec_keys_for_every_material_lane_and_line() {
    let tmp = setup();
    let v = json(&tmp);
    let fit_keys = ["observations", "form", "own_weight"];
    let material = [&["material_id", "lead_time", "delay"][..], &fit_keys].concat();
    has_keys(&v["materials"], 2, &material, &["lead_time", "delay"]);
    let lane = [&["destination", "mode", "days"][..], &fit_keys].concat();
    has_keys(&v["lanes"], 2, &lane, &["days"]);
    has_keys(
        &v["lines"],
        2,
        &["line_id", "days", "availability", "form"],
        &[],
    );
}

#[test]
fn hand_computed_fit_of_a_tiny_history() {
    let tmp = setup();
    let v = json(&tmp);
    let m1 = &v["materials"][0];
    assert_eq!(m1["material_id"], "M1");
    assert_eq!(m1["observations"], 10);
    // No other material has receipts, so there is nothing to pool with: own data alone.
    assert_eq!(m1["form"], "empirical");
    close(&m1["own_weight"], 1.0);
    // Sorted 5 5 6 6 6 7 8 9 12 20 (x0 … x9), linear between order statistics, each
    // p-quantile read at the level p + 0.5·√(p(1 − p)/10) (capped at 1), h = 9·level:
    // p50: 0.579057, h 5.211512 → 7 + 0.211512·1  = 7.211512 → 7.21
    // p80: 0.863246, h 7.769210 → 9 + 0.769210·3  = 11.307630 → 11.31
    // p90: 0.947434, h 8.526907 → 12 + 0.526907·8 = 16.215260 → 16.22
    // p95: 0.984460, h 8.860141 → 12 + 0.860141·8 = 18.881129 → 18.88
    // p99: 1.0 (0.99 + 0.0497 capped)            → x9         = 20
    for (p, want) in [
        ("p50", 7.21),
        ("p80", 11.31),
        ("p90", 16.22),
        ("p95", 18.88),
        ("p99", 20.0),
    ] {
        close(&m1["lead_time"][p], want);
    }
    // Delays = lead − 7: the same quantiles less 7.
    close(&m1["delay"]["p50"], 0.21);
    close(&m1["delay"]["p99"], 13.0);
    assert_eq!(m1["supplier"], "S1");
    // M2 has no receipts: the plant file's lead time (10 days, sd 0).
    let m2 = &v["materials"][1];
    assert_eq!(
        (m2["form"].as_str(), m2["observations"].as_u64()),
        (Some("plant file"), Some(0))
    );
    close(&m2["lead_time"]["p99"], 10.0);
    close(&m2["own_weight"], 0.0);
    // Lanes: truck 2 and 3 days; p50 read at 0.5 + 0.5·√(0.25/2) = 0.676777, h = 0.676777
    // → 2.676777 → 2.68; p90 at 0.9 + 0.5·√(0.09/2) = 1.006 → capped 1 → 3. Rail keeps
    // its 5 days.
    let truck = &v["lanes"][0];
    assert_eq!(
        (truck["mode"].as_str(), truck["observations"].as_u64()),
        (Some("truck"), Some(2))
    );
    close(&truck["days"]["p50"], 2.68);
    close(&truck["days"]["p90"], 3.0);
    let rail = &v["lanes"][1];
    assert_eq!(rail["form"], "plant file");
    close(&rail["days"]["p50"], 5.0);
    // L1: 7 of 10 shifts worked; one outage of 2 days and 3 shifts. L2: lines.csv's 0.8.
    let l1 = &v["lines"][0];
    assert_eq!(
        (l1["line_id"].as_str(), l1["days"].as_u64()),
        (Some("L1"), Some(5))
    );
    close(&l1["availability"], 0.7);
    assert_eq!(l1["outages"]["count"], 1);
    close(&l1["outages"]["mean_days"], 2.0);
    close(&l1["outages"]["mean_shifts"], 3.0);
    let l2 = &v["lines"][1];
    assert_eq!(
        (l2["form"].as_str(), l2["days"].as_u64()),
        (Some("plant file"), Some(0))
    );
    close(&l2["availability"], 0.8);
}

#[test]
fn a_thin_material_is_pooled_with_its_supplier() {
    let tmp = setup();
    // M2 (planned 10 days) gets one receipt from S1, 10 days late (20 days).
    let path = tmp.path().join("history/receipts.csv");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("M2,S1,5,2026-02-01,2026-02-11,2026-02-21\n");
    fs::write(&path, text).unwrap();
    let v = json(&tmp);
    let m2 = &v["materials"][1];
    assert_eq!(m2["form"], "pooled");
    assert_eq!(m2["pooled_from"], "supplier S1");
    // w = 1/(1+5). S1's other material deviates from its plan by −2 −2 −1 −1 −1 0 1 2 5 13:
    // its fitted p50 is 0.211512 (read at 0.579057, as in the hand-computed test), so the
    // prior median is 10.211512; blended 20/6 + 10.211512·5/6 = 11.842927 → 11.84.
    close(&m2["own_weight"], 0.1667);
    close(&m2["lead_time"]["p50"], 11.84);
    let p50 = m2["lead_time"]["p50"].as_f64().unwrap();
    assert!(10.21 < p50 && p50 < 20.0);
}

#[test]
fn bad_history_is_reported_with_file_line_column_and_exit_2() {
    let tmp = setup();
    let h = tmp.path().join("history");
    write(
        &h,
        &[
            (
                "receipts.csv",
                "material_id,ordered_date,received_date\nM1,2026-01-05,2026-01-04\nM7,2026-01-05,2026-01-09\n",
            ),
            (
                "line_log.csv",
                "line_id,date,planned_shifts,worked_shifts\nL1,2026-01-05,1,2\n",
            ),
        ],
    );
    let out = fit(&tmp, &["--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    let file = |f: &str| h.join(f).display().to_string();
    for want in [
        format!(
            "{}:2: column received_date: expected a date on or after",
            file("receipts.csv")
        ),
        format!(
            "{}:3: column material_id: unknown material \"M7\"",
            file("receipts.csv")
        ),
        format!(
            "{}:2: column worked_shifts: expected at most planned_shifts",
            file("line_log.csv")
        ),
    ] {
        assert!(err.contains(&want), "missing «{want}» in:\n{err}");
    }
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn out_writes_the_fitted_distributions_atomically_and_never_over_the_history() {
    let tmp = setup();
    let out_dir = tmp.path().join("fitted");
    let out = fit(&tmp, &["--out", out_dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Materials with the most spread"));
    let text = fs::read_to_string(out_dir.join("fit.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "promise-fit/1");
    let grid = v["materials"][0]["quantile_function"]["lead_time"]
        .as_array()
        .unwrap();
    assert_eq!(grid.len(), 101);
    // Unrounded: 7 + 0.211512… (see the hand-computed test).
    assert!((grid[50].as_f64().unwrap() - 7.211_512).abs() < 1e-6);
    close(&grid[100], 20.0);
    assert_eq!(
        fs::read_dir(&out_dir).unwrap().count(),
        1,
        "no temporary left"
    );

    let history = tmp.path().join("history");
    let refused = fit(&tmp, &["--out", history.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(!history.join("fit.json").exists());
}

#[test]
fn generated_plants_get_a_deterministic_history_that_fits() {
    let tmp = TempDir::new().unwrap();
    let generate = |dir: &str| {
        let out = Command::cargo_bin("promise")
            .unwrap()
            .args(["gen", "--size", "xs", "--history", "--out"])
            .arg(tmp.path().join(dir))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    generate("a");
    generate("b");
    for f in ["receipts.csv", "shipments.csv", "line_log.csv"] {
        let a = fs::read(tmp.path().join("a/history").join(f)).unwrap();
        assert_eq!(
            a,
            fs::read(tmp.path().join("b/history").join(f)).unwrap(),
            "{f}"
        );
        assert!(
            a.iter().filter(|&&b| b == b'\n').count() > 10,
            "{f} has rows"
        );
    }
    let out = Command::cargo_bin("promise")
        .unwrap()
        .arg("fit")
        .arg("--data")
        .arg(tmp.path().join("a"))
        .arg("--history")
        .arg(tmp.path().join("a/history"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for l in v["lines"].as_array().unwrap() {
        assert_eq!(l["form"], "empirical", "{l}");
        assert!(
            l["days"].as_u64().unwrap() > 200,
            "a year of work days: {l}"
        );
    }
    // Breakdowns last days: some line has an outage longer than one day.
    assert!(
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["outages"]["longest_days"].as_u64().unwrap_or(0) > 1)
    );
    for l in v["lanes"].as_array().unwrap() {
        assert_eq!(l["observations"], 40, "{l}");
    }
}

/// The worked example of SPEC.md with its material M1 (lead time 10 days, no spread),
/// in `tmp/data`.
fn worked_example(tmp: &TempDir) {
    write(
        &tmp.path().join("data"),
        &[
            (
                "lines.csv",
                "line_id,shifts_per_day,work_days\nL1,1,Mon-Fri\n",
            ),
            (
                "capacity.csv",
                "line_id,product_id,units_per_shift\nL1,P1,100\n",
            ),
            (
                "products.csv",
                "product_id,name,inspection_days\nP1,Widget,1\n",
            ),
            ("transit.csv", "destination,mode,days\nD1,truck,2\n"),
            ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,2\n"),
            (
                "materials.csv",
                "material_id,on_hand,lead_time_days,inspection_days\nM1,0,10,2\n",
            ),
            (
                "orders.csv",
                "order_id,customer,product_id,qty,requested_date,destination\n",
            ),
        ],
    );
}

/// An ad-hoc quote of 450 × P1 to D1 at a service level, with `--history PATH` if given.
fn quote(tmp: &TempDir, history: Option<&Path>) -> std::process::Output {
    let mut cmd = Command::cargo_bin("promise").unwrap();
    cmd.args([
        "quote",
        "--as-of",
        "2026-03-02",
        "--product",
        "P1",
        "--qty",
        "450",
    ])
    .args([
        "--destination",
        "D1",
        "--service-level",
        "0.9",
        "--json",
        "--data",
    ])
    .arg(tmp.path().join("data"));
    if let Some(h) = history {
        cmd.arg("--history").arg(h);
    }
    cmd.output().unwrap()
}

fn quote_worked_example(history: Option<&str>) -> Value {
    let tmp = TempDir::new().unwrap();
    worked_example(&tmp);
    let dir = tmp.path().join("history");
    if let Some(receipts) = history {
        write(&dir, &[("receipts.csv", receipts)]);
    }
    let out = quote(&tmp, history.map(|_| dir.as_path()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn history_accepts_the_fit_file_of_out_with_the_same_answer() {
    let tmp = TempDir::new().unwrap();
    worked_example(&tmp);
    // M1 takes 10 to 19 days (own data, 10 receipts: nothing to pool with).
    let mut receipts = String::from("material_id,ordered_date,received_date\n");
    for k in 0..10 {
        receipts.push_str(&format!("M1,2025-06-01,2025-06-{:02}\n", 11 + k));
    }
    // L1 breaks down for 3 of every 10 days: its outages are sampled too.
    let mut log = String::from("line_id,date,planned_shifts,worked_shifts\n");
    for k in 0..28 {
        let worked = u32::from(k % 10 >= 7);
        log.push_str(&format!("L1,2025-02-{:02},1,{}\n", k + 1, 1 - worked));
    }
    let dir = tmp.path().join("history");
    write(&dir, &[("receipts.csv", &receipts), ("line_log.csv", &log)]);
    let fitted = tmp.path().join("fitted");
    let out = Command::cargo_bin("promise")
        .unwrap()
        .args(["fit", "--data"])
        .arg(tmp.path().join("data"))
        .arg("--history")
        .arg(&dir)
        .arg("--out")
        .arg(&fitted)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_dir = quote(&tmp, Some(&dir));
    let from_file = quote(&tmp, Some(&fitted.join("fit.json")));
    assert!(from_dir.status.success() && from_file.status.success());
    assert_eq!(
        String::from_utf8_lossy(&from_dir.stdout),
        String::from_utf8_lossy(&from_file.stdout)
    );
    let v: Value = serde_json::from_slice(&from_file.stdout).unwrap();
    assert_ne!(
        v["quantiles"]["p50"], v["quantiles"]["p99"],
        "the lead time varies: {v}"
    );

    // A fit of another plant: its material is unknown here; exit 2, nothing planned.
    let text = fs::read_to_string(fitted.join("fit.json")).unwrap();
    let bad = fitted.join("other.json");
    fs::write(&bad, text.replace("\"M1\"", "\"M9\"")).unwrap();
    let refused = quote(&tmp, Some(&bad));
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("column material_id: unknown material \"M9\""),
        "{err}"
    );
}

#[test]
fn history_sets_the_lead_times_a_quote_simulates() {
    // Without history: material ready 03-14, production Mon 03-16 .. Fri 03-20, delivery
    // 03-23 in every scenario (the plant file has no spread).
    let plain = quote_worked_example(None);
    assert_eq!(plain["quantiles"]["p90"], "2026-03-23");
    // The history says M1 takes 15 days, every time (30 receipts: its own data alone):
    // released 03-02, arrives 03-17, inspected until 03-19 (Thu); 450 units at 100 a shift
    // take Thu, Fri, Mon, Tue, Wed 03-25; inspection 1 day, truck 2 days: 03-28.
    let mut receipts = String::from("material_id,supplier,ordered_date,received_date\n");
    for k in 0..30 {
        let ordered = 1 + k % 10;
        receipts.push_str(&format!(
            "M1,S1,2025-06-{ordered:02},2025-06-{:02}\n",
            ordered + 15
        ));
    }
    let learnt = quote_worked_example(Some(&receipts));
    for p in ["p50", "p90", "p99"] {
        assert_eq!(learnt["quantiles"][p], "2026-03-28", "{learnt}");
    }
    assert_eq!(learnt["risk"]["kind"], "material", "{learnt}");
    let detail = learnt["risk"]["detail"].as_str().unwrap();
    assert!(detail.contains("15.0 days median"), "{detail}");
}

#[test]
fn history_sets_how_late_open_receipts_arrive() {
    let tmp = TempDir::new().unwrap();
    worked_example(&tmp);
    // An open receipt of 900 × M1 due Thu 03-05: inspected by Sat 03-07, production Mon
    // 03-09 .. Fri 03-13, delivery 03-16.
    write(
        &tmp.path().join("data"),
        &[(
            "receipts.csv",
            "material_id,qty,due_date\nM1,900,2026-03-05\n",
        )],
    );
    let plain: Value = serde_json::from_slice(&quote(&tmp, None).stdout).unwrap();
    assert_eq!(plain["quantiles"]["p99"], "2026-03-16", "{plain}");
    // History: M1's supplier always delivers 7 days after the promised date (30 receipts).
    // The receipt arrives 03-12, inspected by Sat 03-14, production 03-16 .. 03-20,
    // delivery 03-23.
    let mut receipts = String::from("material_id,ordered_date,due_date,received_date\n");
    for _ in 0..30 {
        receipts.push_str("M1,2025-06-01,2025-06-11,2025-06-18\n");
    }
    let dir = tmp.path().join("history");
    write(&dir, &[("receipts.csv", &receipts)]);
    let out = quote(&tmp, Some(&dir));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let learnt: Value = serde_json::from_slice(&out.stdout).unwrap();
    for p in ["p50", "p99"] {
        assert_eq!(learnt["quantiles"][p], "2026-03-23", "{learnt}");
    }
}
