//! The command line of SPEC.md, through the binary.

mod common;

use assert_cmd::Command;
use common::write_plant;
use serde_json::Value;
use std::fs;

fn promise() -> Command {
    Command::cargo_bin("promise").unwrap()
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

const NO_ORDERS: &str = "order_id,product_id,qty,requested_date,destination\n";

#[test]
fn worked_example_quote_json() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(dir.path(), NO_ORDERS, &[]);
    let out = promise()
        .args(["quote", "--data"])
        .arg(dir.path())
        .args([
            "--as-of",
            "2026-03-02",
            "--product",
            "P1",
            "--qty",
            "450",
            "--destination",
            "D1",
            "--requested",
            "2026-03-10",
            "--json",
        ])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["earliest_delivery"], "2026-03-09");
    assert_eq!(v["promise_date"], "2026-03-09");
    assert_eq!(v["requested_date"], "2026-03-10");
    assert_eq!(v["feasible"], true);
    assert_eq!(v["buffer_days"], 0);
    assert_eq!(v["bottleneck"]["kind"], "capacity");
    assert_eq!(v["bottleneck"]["id"], "L1");
    let l = &v["lines"][0];
    assert_eq!(l["product_id"], "P1");
    assert_eq!(l["qty"], 450);
    assert_eq!(l["from_stock"], 0);
    assert_eq!(l["material_ready"], "2026-03-02");
    assert_eq!(l["production_start"], "2026-03-02");
    assert_eq!(l["production_end"], "2026-03-06");
    assert_eq!(l["ship_date"], "2026-03-07");
    assert_eq!(l["mode"], "truck");
    assert_eq!(l["delivery"], "2026-03-09");
}

#[test]
fn buffer_days_move_the_promise_and_feasibility() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(dir.path(), NO_ORDERS, &[]);
    let out = promise()
        .args(["quote", "--data"])
        .arg(dir.path())
        .args([
            "--as-of",
            "2026-03-02",
            "--product",
            "P1",
            "--qty",
            "450",
            "--destination",
            "D1",
            "--requested",
            "2026-03-10",
            "--buffer-days",
            "2",
            "--json",
        ])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["earliest_delivery"], "2026-03-09");
    assert_eq!(v["promise_date"], "2026-03-11");
    assert_eq!(v["buffer_days"], 2);
    assert_eq!(v["feasible"], false);
}

#[test]
fn worked_example_plan_json_and_quote_by_order() {
    let dir = tempfile::tempdir().unwrap();
    let orders = "order_id,product_id,qty,requested_date,destination,status\nC1,P1,300,2026-03-06,D1,committed\nQ1,P1,450,2026-03-13,D1,quote\n";
    write_plant(dir.path(), orders, &[]);
    let out = promise()
        .args(["plan", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["as_of"], "2026-03-02");
    let c1 = &v["orders"][0];
    assert_eq!(c1["order_id"], "C1");
    assert_eq!(c1["status"], "committed");
    assert_eq!(c1["delivery"], "2026-03-07");
    assert!(c1.get("earliest_delivery").is_none());
    assert_eq!(c1["promised_date"], Value::Null);
    assert_eq!(c1["late_days"], 1);
    assert_eq!(c1["feasible"], false);
    let q1 = &v["orders"][1];
    assert_eq!(q1["delivery"], "2026-03-14");
    assert_eq!(q1["late_days"], 1);
    assert_eq!(v["kpi"]["orders"], 2);
    assert_eq!(v["kpi"]["on_time"], 0);
    assert_eq!(v["kpi"]["on_time_rate"], 0.0);
    // The quote of Q1 by id gives the same date as in the plan.
    let out = promise()
        .args(["quote", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--order", "Q1", "--json"])
        .assert()
        .success();
    let q = json(&out.get_output().stdout);
    assert_eq!(q["order_id"], "Q1");
    assert_eq!(q["earliest_delivery"], "2026-03-14");
    assert_eq!(q["requested_date"], "2026-03-13");
    assert_eq!(q["feasible"], false);
}

#[test]
fn infeasible_orders_have_a_reason_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let orders = "order_id,product_id,qty,requested_date,destination\nC1,P2,10,2026-03-06,D1\n";
    write_plant(
        dir.path(),
        orders,
        &[("products.csv", "product_id\nP1\nP2\n")],
    );
    let out = promise()
        .args(["plan", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let c1 = &v["orders"][0];
    assert_eq!(c1["feasible"], false);
    assert_eq!(c1["late_days"], Value::Null);
    assert_eq!(c1["delivery"], Value::Null);
    assert_eq!(c1["bottleneck"]["kind"], "capacity");
    assert_eq!(c1["bottleneck"]["id"], "P2");
    assert!(
        c1["reason"]
            .as_str()
            .unwrap()
            .contains("no line can make P2")
    );
    assert_eq!(v["kpi"]["on_time"], 0);
}

#[test]
fn empty_plan_has_null_on_time_rate() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(dir.path(), NO_ORDERS, &[]);
    let out = promise()
        .args(["plan", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["kpi"]["orders"], 0);
    assert_eq!(v["kpi"]["on_time_rate"], Value::Null);
}

#[test]
fn plan_out_writes_the_three_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let orders = "order_id,product_id,qty,requested_date,destination,status\nC1,P1,300,2026-03-20,D1,committed\n";
    write_plant(
        dir.path(),
        orders,
        &[
            ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,2\n"),
            (
                "materials.csv",
                "material_id,lead_time_days,inspection_days\nM1,3,1\n",
            ),
        ],
    );
    let out = dir.path().join("out");
    promise()
        .args(["plan", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--out"])
        .arg(&out)
        .assert()
        .success();
    let orders = fs::read_to_string(out.join("orders.csv")).unwrap();
    assert!(orders.starts_with("order_id,status,"));
    assert!(orders.contains("C1,committed,,0,P1,300,0,2026-03-20,,2026-03-20,2026-03-02,2026-03-06,2026-03-13,2026-03-17,L1,2026-03-18,truck,2026-03-20"), "{orders}");
    let load = fs::read_to_string(out.join("line_load.csv")).unwrap();
    assert!(load.contains("L1,2026-03-13,1,1,1.0000,P1:100"), "{load}");
    assert!(load.contains("L1,2026-03-14,0,0,,"), "{load}");
    let buys = fs::read_to_string(out.join("purchases.csv")).unwrap();
    assert_eq!(
        buys,
        "material_id,qty,release_date,available_date,orders\nM1,600,2026-03-02,2026-03-06,C1\n"
    );
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn plan_summary_names_the_latest_orders() {
    let dir = tempfile::tempdir().unwrap();
    let orders = "order_id,product_id,qty,requested_date,destination\nC1,P1,300,2026-03-06,D1\nC2,P1,300,2026-03-30,D1\n";
    write_plant(dir.path(), orders, &[]);
    let out = promise()
        .args(["plan", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("on time          1"), "{text}");
    assert!(text.contains("late             1"), "{text}");
    assert!(text.contains("on-time rate 50.0%"), "{text}");
    assert!(
        text.contains("C1") && text.contains("capacity L1"),
        "{text}"
    );
}

#[test]
fn quote_text_is_the_review_record() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(
        dir.path(),
        NO_ORDERS,
        &[
            ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,2\n"),
            (
                "materials.csv",
                "material_id,on_hand,lead_time_days,inspection_days\nM1,0,10,2\n",
            ),
        ],
    );
    let out = promise()
        .args(["quote", "--data"])
        .arg(dir.path())
        .args([
            "--as-of",
            "2026-03-02",
            "--product",
            "P1",
            "--qty",
            "450",
            "--destination",
            "D1",
            "--requested",
            "2026-03-20",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Earliest delivery: 2026-03-23"), "{text}");
    assert!(text.contains("NO — 3 days late"), "{text}");
    assert!(text.contains("buy 900 × M1"), "{text}");
    assert!(
        text.contains("2026-03-16 → 2026-03-20   production of 450 × P1 on L1"),
        "{text}"
    );
    assert!(text.contains("Bottleneck: material M1"), "{text}");
}

#[test]
fn gen_writes_a_plant_that_plans() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("xs");
    promise()
        .args(["gen", "--size", "xs", "--seed", "7", "--out"])
        .arg(&data)
        .assert()
        .success();
    for f in [
        "lines.csv",
        "products.csv",
        "capacity.csv",
        "materials.csv",
        "bom.csv",
        "transit.csv",
        "orders.csv",
        "calendar.csv",
        "receipts.csv",
    ] {
        assert!(data.join(f).exists(), "{f}");
    }
    let out = promise()
        .args(["plan", "--data"])
        .arg(&data)
        .args(["--as-of", "2026-03-02", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert!(v["kpi"]["orders"].as_u64().unwrap() > 0);
    // The same seed gives the same files; gen refuses to write over them.
    promise()
        .args(["gen", "--size", "xs", "--seed", "7", "--out"])
        .arg(&data)
        .assert()
        .code(2);
    let again = dir.path().join("again");
    promise()
        .args(["gen", "--size", "xs", "--seed", "7", "--out"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        fs::read(data.join("orders.csv")).unwrap(),
        fs::read(again.join("orders.csv")).unwrap()
    );
}

#[test]
fn bad_arguments_exit_2() {
    promise().args(["plan"]).assert().code(2);
    promise()
        .args(["quote", "--data", "x", "--buffer-days", "-1"])
        .assert()
        .code(2);
    promise().args(["frobnicate"]).assert().code(2);
    promise().args(["--help"]).assert().code(0);
}

#[test]
fn scenarios_above_the_limit_per_request_exit_2_saying_the_limit() {
    // Before the limit, 100,000 scenarios were accepted (about 20 GB on the M plant).
    for cmd in [
        &["plan", "--service-level", "0.9"][..],
        &["quote", "--order", "SO-1", "--service-level", "0.9"],
        &["report", "--out", "r.html"],
        &["backtest"],
    ] {
        let out = promise()
            .args(cmd)
            .args(["--data", "x", "--scenarios", "10001"])
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            err.contains("expected a whole number of scenarios 1..=10000 (the limit per request), found \"10001\""),
            "{cmd:?}: {err}"
        );
    }
    promise()
        .args(["backtest", "--data", "x", "--check-scenarios", "100000"])
        .assert()
        .code(2);
    promise()
        .args([
            "plan",
            "--data",
            "x",
            "--service-level",
            "0.9",
            "--scenarios",
            "0",
        ])
        .assert()
        .code(2);
}

fn demo() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

#[test]
fn quote_at_a_service_level_has_the_reliability_keys() {
    let out = promise()
        .args(["quote", "--data"])
        .arg(demo())
        .args([
            "--as-of",
            "2026-03-02",
            "--product",
            "CP-32-125",
            "--qty",
            "40",
            "--destination",
            "Shanghai",
            "--requested",
            "2026-03-20",
        ])
        .args([
            "--service-level",
            "0.95",
            "--scenarios",
            "300",
            "--seed",
            "4",
            "--json",
        ])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["service_level"], 0.95);
    let c = v["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&c));
    let q = &v["quantiles"];
    let days: Vec<&str> = ["p50", "p80", "p90", "p95", "p99"]
        .iter()
        .map(|k| q[k].as_str().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    assert!(v["promise_date"].as_str().unwrap() >= v["earliest_delivery"].as_str().unwrap());
    assert!(v["promise_date"].as_str().unwrap() >= q["p95"].as_str().unwrap());
    assert!(
        ["material", "capacity", "transit", "none"].contains(&v["risk"]["kind"].as_str().unwrap())
    );
    assert!(v["risk"]["detail"].is_string());
    // Without a requested date the confidence is null.
    let out = promise()
        .args(["quote", "--data"])
        .arg(demo())
        .args([
            "--as-of",
            "2026-03-02",
            "--product",
            "CP-32-125",
            "--qty",
            "40",
            "--destination",
            "Shanghai",
            "--service-level",
            "0.9",
            "--scenarios",
            "50",
            "--json",
        ])
        .assert()
        .success();
    assert_eq!(json(&out.get_output().stdout)["confidence"], Value::Null);
    // Buffer days and a service level do not go together.
    promise()
        .args(["quote", "--data"])
        .arg(demo())
        .args([
            "--product",
            "CP-32-125",
            "--qty",
            "4",
            "--destination",
            "Shanghai",
            "--service-level",
            "0.9",
            "--buffer-days",
            "2",
        ])
        .assert()
        .code(2);
    promise()
        .args(["quote", "--data"])
        .arg(demo())
        .args(["--order", "SO-260001", "--service-level", "1.5"])
        .assert()
        .code(2);
}

#[test]
fn plan_at_a_service_level_marks_orders_at_risk() {
    let out = promise()
        .args(["plan", "--data"])
        .arg(demo())
        .args([
            "--as-of",
            "2026-03-02",
            "--service-level",
            "0.9",
            "--risk-below",
            "0.7",
            "--scenarios",
            "200",
            "--json",
        ])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let orders = v["orders"].as_array().unwrap();
    let mut at_risk = 0;
    for o in orders.iter().filter(|o| o["feasible"] != Value::Null) {
        if let Some(c) = o["confidence"].as_f64() {
            assert_eq!(o["at_risk"], c < 0.7, "{}", o["order_id"]);
            at_risk += usize::from(c < 0.7);
        }
    }
    assert_eq!(v["kpi"]["at_risk"], at_risk);
    assert!(at_risk > 0);
    // The text names them with their main risk.
    let out = promise()
        .args(["plan", "--data"])
        .arg(demo())
        .args([
            "--as-of",
            "2026-03-02",
            "--service-level",
            "0.9",
            "--scenarios",
            "200",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("At risk:"), "{text}");
}

#[test]
fn backtest_json_has_the_spec_shape_and_is_calibrated() {
    let out = promise()
        .args(["backtest", "--data"])
        .arg(demo())
        .args([
            "--as-of",
            "2026-03-02",
            "--scenarios",
            "400",
            "--check-scenarios",
            "400",
            "--json",
        ])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["scenarios"], 400);
    assert!(v["blind_hit_rate"].is_number());
    let levels = v["levels"].as_array().unwrap();
    assert_eq!(
        levels
            .iter()
            .map(|l| l["service_level"].as_f64().unwrap())
            .collect::<Vec<_>>(),
        [0.8, 0.9, 0.95, 0.99]
    );
    for l in levels {
        let p = l["service_level"].as_f64().unwrap();
        assert!(l["hit_rate"].as_f64().unwrap() >= p - 0.02, "{l}");
        assert!(l["fixed_hit_rate"].as_f64().unwrap() >= l["hit_rate"].as_f64().unwrap() - 1e-9);
        for k in ["mean_buffer_days", "fixed_buffer_days"] {
            assert!(l[k].is_number(), "{k}");
        }
    }
    let bins = v["calibration"].as_array().unwrap();
    assert_eq!(bins.len(), 10);
    for b in bins {
        for k in ["low", "high", "orders", "predicted", "realized"] {
            assert!(b.get(k).is_some(), "{k}");
        }
    }
    assert!(v["brier"].as_f64().unwrap() < 0.25);
    promise()
        .args(["backtest", "--data"])
        .arg(demo())
        .args(["--seed", "5", "--check-seed", "5"])
        .assert()
        .code(2);
}

#[test]
fn reliability_output_is_the_same_on_one_or_two_threads() {
    let run = |threads: &str| {
        promise()
            .env("RAYON_NUM_THREADS", threads)
            .args(["plan", "--data"])
            .arg(demo())
            .args([
                "--as-of",
                "2026-03-02",
                "--service-level",
                "0.95",
                "--scenarios",
                "120",
                "--seed",
                "8",
                "--json",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run("1"), run("2"));
}

/// SPEC.md's worked example of routings, written as files.
fn write_routed(dir: &std::path::Path, orders: &str) {
    write_plant(
        dir,
        orders,
        &[
            (
                "lines.csv",
                "line_id,shifts_per_day,work_days\nL1,1,Mon-Fri\nL2,1,Mon-Fri\n",
            ),
            (
                "capacity.csv",
                "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL2,P1,50,2\nL1,C1,200,1\n",
            ),
            (
                "routing.csv",
                "product_id,step,name,wait_days\nP1,1,machining,2\nP1,2,assembly,0\n",
            ),
            ("products.csv", "product_id,inspection_days\nP1,1\nC1,1\n"),
            (
                "bom.csv",
                "product_id,material_id,qty_per_unit,step\nP1,C1,1,2\n",
            ),
        ],
    );
}

fn quote_100_p1(dir: &std::path::Path) -> Value {
    let out = promise()
        .args(["quote", "--data"])
        .arg(dir)
        .args([
            "--as-of",
            "2026-03-02",
            "--product",
            "P1",
            "--qty",
            "100",
            "--destination",
            "D1",
            "--json",
        ])
        .assert()
        .success();
    json(&out.get_output().stdout)
}

#[test]
fn routed_worked_example_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    write_routed(dir.path(), NO_ORDERS);
    let v = quote_100_p1(dir.path());
    assert_eq!(v["earliest_delivery"], "2026-03-09");
    assert_eq!(v["bottleneck"]["kind"], "capacity");
    assert_eq!(v["bottleneck"]["id"], "L1");
    let l = &v["lines"][0];
    assert_eq!(l["production_start"], "2026-03-02");
    assert_eq!(l["production_end"], "2026-03-06");
    assert_eq!(l["ship_date"], "2026-03-07");
    let steps = l["steps"].as_array().expect("steps");
    let got: Vec<(i64, &str, &str, &str, &str)> = steps
        .iter()
        .map(|s| {
            (
                s["step"].as_i64().unwrap(),
                s["operation"].as_str().unwrap(),
                s["lines"].as_str().unwrap(),
                s["start"].as_str().unwrap(),
                s["end"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "machining", "L1", "2026-03-02", "2026-03-03"),
            (2, "assembly", "L2", "2026-03-05", "2026-03-06"),
        ]
    );
    let wo = &l["work_orders"][0];
    assert_eq!(wo["product_id"], "C1");
    assert_eq!(wo["qty"], 100);
    assert_eq!(wo["parent"], "P1");
    assert_eq!(wo["step"], 2);
    assert_eq!(wo["ready"], "2026-03-03");
    assert_eq!(wo["production_start"], "2026-03-02");
    assert_eq!(wo["production_end"], "2026-03-02");

    // With the committed order of 100 × P1 requested 2026-03-11.
    let dir = tempfile::tempdir().unwrap();
    write_routed(
        dir.path(),
        "order_id,product_id,qty,requested_date,destination,status\nC1,P1,100,2026-03-11,D1,committed\n",
    );
    let v = quote_100_p1(dir.path());
    assert_eq!(v["earliest_delivery"], "2026-03-13");
    assert_eq!(v["bottleneck"]["id"], "L2");
    let out = dir.path().join("out");
    let plan = promise()
        .args(["plan", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--json", "--out"])
        .arg(&out)
        .assert()
        .success();
    let p = json(&plan.get_output().stdout);
    let c = &p["orders"][0];
    assert_eq!(c["delivery"], "2026-03-09");
    let steps = &c["lines"][0]["steps"];
    assert_eq!(steps[0]["start"], "2026-03-03");
    assert_eq!(steps[1]["start"], "2026-03-05");
    assert_eq!(
        c["lines"][0]["work_orders"][0]["production_start"],
        "2026-03-04"
    );
    let wo = fs::read_to_string(out.join("work_orders.csv")).unwrap();
    assert_eq!(
        wo,
        "order_id,line_product_id,product_id,parent,step,qty,lines,start,end,ready\n\
         C1,P1,C1,P1,2,100,L1,2026-03-04,2026-03-04,2026-03-05\n"
    );
    let orders = fs::read_to_string(out.join("orders.csv")).unwrap();
    assert!(
        orders.lines().next().unwrap().ends_with(
            "step1_name,step1_lines,step1_start,step1_end,step2_name,step2_lines,step2_start,step2_end"
        ),
        "{orders}"
    );
    assert!(
        orders.contains(",machining,L1,2026-03-03,2026-03-03,assembly,L2,2026-03-05,2026-03-06"),
        "{orders}"
    );
}
