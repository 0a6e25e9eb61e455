//! The review record and the change notice through the binary: JSON keys, documents,
//! exit statuses. Dates are those of tests/review.rs (computed by hand there).

mod common;

use assert_cmd::Command;
use common::write_plant;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn promise() -> Command {
    Command::cargo_bin("promise").unwrap()
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

const RUSH_ORDERS: &str = "order_id,product_id,qty,requested_date,destination,status,priority,weight\n\
C0,P1,100,2026-03-06,D1,committed,-1,1\n\
C1,P1,300,2026-03-13,D1,committed,0,2\n\
C2,P1,200,2026-03-31,D1,committed,1,1\n\
C3,P1,100,2026-04-30,D1,committed,0,1\n";

fn quote(dir: &Path, extra: &[&str]) -> Value {
    let out = promise()
        .args(["quote", "--data"])
        .arg(dir)
        .args([
            "--as-of",
            "2026-03-02",
            "--product",
            "P1",
            "--qty",
            "400",
            "--destination",
            "D1",
            "--requested",
            "2026-03-12",
            "--json",
        ])
        .args(extra)
        .assert()
        .success();
    json(&out.get_output().stdout)
}

#[test]
fn quote_json_has_levers_and_the_rush_summary_and_impact_only_when_inserted() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(dir.path(), RUSH_ORDERS, &[]);
    let v = quote(dir.path(), &[]);
    assert_eq!(v["earliest_delivery"], "2026-03-14");
    let levers = v["levers"].as_array().expect("levers");
    assert!(!levers.is_empty());
    for l in levers {
        for key in ["kind", "detail", "new_delivery", "days_gained", "cost"] {
            assert!(l.get(key).is_some(), "lever without {key}: {l}");
        }
    }
    let gains: Vec<i64> = levers
        .iter()
        .map(|l| l["days_gained"].as_i64().unwrap())
        .collect();
    assert!(gains.windows(2).all(|w| w[0] >= w[1]), "sorted: {gains:?}");
    assert!(v.get("impact").is_none());
    assert!(v.get("deliveries").is_none());
    assert_eq!(v["rush"]["new_delivery"], "2026-03-09");
    assert_eq!(v["rush"]["days_gained"], 5);
    assert_eq!(v["rush"]["newly_late"], 1);

    let v = quote(dir.path(), &["--insert"]);
    assert_eq!(v["earliest_delivery"], "2026-03-09");
    let impact = v["impact"].as_array().expect("impact");
    assert_eq!(impact.len(), 1);
    let i = &impact[0];
    assert_eq!(i["order_id"], "C1");
    assert_eq!(i["old_delivery"], "2026-03-13");
    assert_eq!(i["new_delivery"], "2026-03-14");
    assert_eq!(i["days_moved"], 1);
    assert_eq!(i["newly_late"], true);

    // Less important than C1 and C3: only C2 is behind it, and it does not move.
    let v = quote(dir.path(), &["--insert", "--priority", "1"]);
    assert_eq!(v["impact"].as_array().unwrap().len(), 0);
    assert_eq!(v["earliest_delivery"], "2026-03-14");
}

#[test]
fn split_quote_json_has_deliveries_that_add_up() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(
        dir.path(),
        "order_id,product_id,qty,requested_date,destination\nC1,P1,300,2026-03-06,D1\n",
        &[],
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
            "2026-03-10",
            "--split",
            "--json",
        ])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let ds = v["deliveries"].as_array().expect("deliveries");
    let got: Vec<(i64, &str)> = ds
        .iter()
        .map(|d| (d["qty"].as_i64().unwrap(), d["delivery"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [(200, "2026-03-09"), (250, "2026-03-14")]);
}

#[test]
fn quote_text_has_the_review_sections() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(dir.path(), RUSH_ORDERS, &[]);
    let out = promise()
        .args(["quote", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--product", "P1", "--qty", "400"])
        .args(["--destination", "D1", "--requested", "2026-03-12"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for section in [
        "What would make it earlier:",
        "extra_shift",
        "Split delivery:",
        "Rush insertion (插单):",
        "C1",
        "newly late",
    ] {
        assert!(text.contains(section), "no {section:?} in:\n{text}");
    }
}

#[test]
fn review_documents_markdown_and_html_with_one_bar_per_step() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(
        dir.path(),
        "order_id,product_id,qty,requested_date,destination\n",
        &[
            ("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,2\n"),
            (
                "materials.csv",
                "material_id,on_hand,lead_time_days,inspection_days\nM1,0,10,2\n",
            ),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let html = out.path().join("review.html");
    let md = out.path().join("review.md");
    for file in [&html, &md] {
        promise()
            .args(["quote", "--data"])
            .arg(dir.path())
            .args(["--as-of", "2026-03-02", "--product", "P1", "--qty", "450"])
            .args(["--destination", "D1", "--review"])
            .arg(file)
            .assert()
            .success();
    }
    let h = fs::read_to_string(&html).unwrap();
    assert!(h.starts_with("<!DOCTYPE html>"));
    assert_eq!(h.matches("<svg").count(), 1);
    // Steps: M1 (bought 03-02, ready 03-14), production on L1, inspection, truck.
    assert_eq!(h.matches("<rect class=\"bar").count(), 4);
    assert_eq!(h.matches("<rect class=\"bar bottleneck\"").count(), 1);
    assert!(h.contains("M1 (buy 900)"));
    assert!(!h.contains("<script"));
    let m = fs::read_to_string(&md).unwrap();
    assert!(m.starts_with("# Order review record — QUOTE"));
    for section in [
        "## Implementation schedule",
        "## What would make it earlier",
        "| expedite_material | 2026-03-13 | 10 |",
        "## Split delivery",
        "## Rush insertion",
    ] {
        assert!(m.contains(section), "no {section:?} in:\n{m}");
    }
    // Not a document kind, or an input file: refused before anything is planned.
    for bad in ["review.txt", "orders.csv"] {
        promise()
            .args(["quote", "--data"])
            .arg(dir.path())
            .args(["--as-of", "2026-03-02", "--product", "P1", "--qty", "450"])
            .args(["--destination", "D1", "--review"])
            .arg(dir.path().join(bad))
            .assert()
            .code(2);
    }
    assert!(
        fs::read_to_string(dir.path().join("orders.csv"))
            .unwrap()
            .starts_with("order_id")
    );
}

#[test]
fn change_json_lists_what_moves() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(
        dir.path(),
        "order_id,product_id,qty,requested_date,destination,status\n\
         C1,P1,300,2026-03-06,D1,committed\n\
         C2,P1,300,2026-03-09,D1,committed\n\
         Q3,P1,100,2026-03-20,D1,quote\n",
        &[],
    );
    let changes = dir.path().join("cancel.csv");
    fs::write(&changes, "kind,order_id\norder_cancel,C1\n").unwrap();
    let out = promise()
        .args(["change", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--json", "--changes"])
        .arg(&changes)
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let moved: Vec<(&str, &str, &str)> = v["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["order_id"].as_str().unwrap(),
                m["old_delivery"].as_str().unwrap(),
                m["new_delivery"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moved,
        [
            ("C2", "2026-03-12", "2026-03-09"),
            ("Q3", "2026-03-13", "2026-03-05")
        ]
    );
    assert_eq!(v["newly_late"], serde_json::json!([]));
    assert_eq!(v["newly_on_time"], serde_json::json!(["C2"]));
    // The text notice says the same.
    let out = promise()
        .args(["change", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--changes"])
        .arg(&changes)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("order C1 cancelled"), "{text}");
    assert!(text.contains("Newly on time (1): C2"), "{text}");
    // In Chinese: the same notice, line for line, worded as the factory's form.
    let out = promise()
        .args(["change", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--lang", "zh", "--changes"])
        .arg(&changes)
        .assert()
        .success();
    let zh = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        zh.starts_with("客户订单变更通知单 / 生产任务通知变更单（计划基准日 2026-03-02）\n"),
        "{zh}"
    );
    assert!(zh.contains("  订单 C1 取消\n"), "{zh}");
    assert!(zh.contains("交付日期变动的订单：2 个"), "{zh}");
    assert!(
        zh.contains("  C2             2026-03-09 2026-03-12 2026-03-09    -3\n"),
        "{zh}"
    );
    assert!(zh.contains("恢复准时（1）：C2"), "{zh}");
    assert_eq!(zh.lines().count(), text.lines().count());
}

#[test]
fn bad_change_rows_exit_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write_plant(
        dir.path(),
        "order_id,product_id,qty,requested_date,destination\nC1,P1,300,2026-03-20,D1\n",
        &[],
    );
    let changes = dir.path().join("changes.csv");
    fs::write(
        &changes,
        "kind,order_id,date,line_id,from,to\n\
         order_date,C1,2026-13-01,,,\n\
         line_down,,,L7,2026-03-02,2026-03-03\n\
         order_cancel,C9,,,,\n",
    )
    .unwrap();
    let out = promise()
        .args(["change", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--changes"])
        .arg(&changes)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(out.get_output().stdout.is_empty());
    for want in [
        "changes.csv:2: column date: expected a date YYYY-MM-DD, found \"2026-13-01\"",
        "changes.csv:3: column line_id: unknown line \"L7\"",
        "changes.csv:4: column order_id: unknown order \"C9\"",
        "3 problems found",
    ] {
        assert!(err.contains(want), "no {want:?} in:\n{err}");
    }
    // A change file that does not exist is bad input too.
    promise()
        .args(["change", "--data"])
        .arg(dir.path())
        .args(["--as-of", "2026-03-02", "--changes"])
        .arg(dir.path().join("nope.csv"))
        .assert()
        .code(2);
}
