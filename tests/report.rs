//! The plan report's HTML without a browser: labels per language, escaping, determinism,
//! the heat map's data, the tables, and `promise report` through the binary.
//! (tests/report_browser.rs renders it in Chromium.)

mod common;

use assert_cmd::Command;
use common::{a, d, load};
use promise::model::{OrderBook, Plant};
use promise::plan::{Plan, Settings};
use promise::reliability::{self, Options, Outlook};
use promise::report::html::{Lang, plan_report, window};
use serde_json::Value;
use std::fs;
use std::path::Path;

/// The worked example's plant with a second product no line makes, and orders whose ids
/// and customers need escaping: `A<&"B` is one day late (SPEC.md's worked example),
/// `INF` is infeasible, `C2` is on time.
const ORDERS: &str = "order_id,customer,product_id,qty,requested_date,destination,status\n\
\"A<&\"\"B\",\"</script><b>Bold & Co</b>\",P1,300,2026-03-06,D1,committed\n\
INF,,P2,10,2026-03-20,D1,committed\n\
C2,Plain,P1,100,2026-03-27,D1,committed\n";

const PRODUCTS: &str = "product_id,inspection_days\nP1,1\nP2,0\n";

fn plant() -> (Plant, OrderBook, Plan) {
    let (plant, book) = load(&[("orders.csv", ORDERS), ("products.csv", PRODUCTS)]);
    let plan = Plan::build(&plant, &book, Settings::new(a()));
    (plant, book, plan)
}

/// The JSON the page's script reads.
fn data(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/json\" id=\"report-data\">")
        .expect("the data element");
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(body).expect("the embedded data is JSON")
}

#[test]
fn labels_follow_the_language() {
    let (plant, book, plan) = plant();
    let zh = plan_report(&plant, &book, &plan, None, Lang::Zh);
    let en = plan_report(&plant, &book, &plan, None, Lang::En);
    assert!(zh.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    for label in [
        "准时交付率",
        "延期",
        "风险订单",
        "产线负荷",
        "订单实施计划进度表",
        "瓶颈",
        "客户订单评审记录",
    ] {
        assert!(zh.contains(label), "zh lacks {label}");
    }
    for label in [
        "On-time delivery rate",
        "Late orders",
        "Orders at risk",
        "Line load",
        "Order implementation schedule",
        "Bottleneck",
    ] {
        assert!(en.contains(label), "en lacks {label}");
        assert!(!zh.contains(label), "zh has the English {label}");
    }
    assert!(!en.contains("准时交付率"));
    // The bottleneck is explained in the page's language: A<&"B is made as soon as
    // possible on L1 (SPEC.md's worked example), sharing it with no earlier order.
    assert!(en.contains(
        "300 × P1 made 2026-03-02..2026-03-04 (3 shifts) on L1, shared with 0 earlier orders"
    ));
    assert!(zh.contains(
        "300 × P1 于 2026-03-02..2026-03-04 生产（3 班次），在 L1 上与 0 个先排订单共用"
    ));
    // The script's words are the page's language too.
    assert_eq!(data(&zh)["t"]["stages"][0], "设计");
    assert_eq!(
        data(&en)["t"]["stepProduction"],
        "production of {qty} × {product} on {line}"
    );
}

#[test]
fn ids_and_customers_are_escaped_everywhere() {
    let (plant, book, plan) = plant();
    for lang in [Lang::Zh, Lang::En] {
        let html = plan_report(&plant, &book, &plan, None, lang);
        assert!(!html.contains("A<&\"B"));
        assert!(!html.contains("<b>Bold"));
        assert_eq!(
            html.matches("</script>").count(),
            2,
            "only the two scripts close"
        );
        assert!(html.contains("<a href=\"#order=A%3C%26%22B\">A&lt;&amp;&quot;B</a>"));
        assert!(html.contains("&lt;/script&gt;&lt;b&gt;Bold &amp; Co&lt;/b&gt;"));
        let d = data(&html);
        let ids: Vec<&str> = d["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o[0].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["A<&\"B", "INF", "C2"], "planning order");
        assert!(
            d["customers"]
                .as_array()
                .unwrap()
                .contains(&Value::from("</script><b>Bold & Co</b>"))
        );
    }
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    let (plant, book, plan) = plant();
    let outlooks = reliability::simulate(&plant, &book, &plan, Options::default(), &|_| {});
    for lang in [Lang::Zh, Lang::En] {
        let a = plan_report(&plant, &book, &plan, Some((0.9, outlooks.as_slice())), lang);
        let b = plan_report(&plant, &book, &plan, Some((0.9, outlooks.as_slice())), lang);
        assert_eq!(a, b);
    }
}

#[test]
fn the_late_table_lists_late_then_infeasible_first_and_the_default_is_the_latest() {
    let (plant, book, plan) = plant();
    let html = plan_report(&plant, &book, &plan, None, Lang::En);
    let table = &html[html.find("<table id=\"late\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 2, "INF and A<&\"B; C2 is on time");
    assert!(rows[0].contains(">INF</a>") && rows[0].contains("Infeasible"));
    assert!(rows[1].contains("A&lt;&amp;&quot;B") && rows[1].contains("<td class=\"num\">1</td>"));
    assert!(rows[1].contains("2026-03-07"), "delivered on 03-07");
    let d = data(&html);
    // The Gantt chart opens on the latest late order that has a schedule.
    assert_eq!(
        d["orders"][d["default"].as_u64().unwrap() as usize][0],
        "A<&\"B"
    );
    assert!(html.contains("id=\"kpi-late\"><div class=\"v\">1</div>"));
    assert!(html.contains("id=\"kpi-infeasible\"><div class=\"v\">1</div>"));
    assert!(html.contains("id=\"kpi-on-time-rate\"><div class=\"v\">33.3%</div>"));
}

#[test]
fn schedules_carry_every_step_with_day_offsets() {
    let (plant, book, plan) = plant();
    let d = data(&plan_report(&plant, &book, &plan, None, Lang::En));
    assert_eq!(d["asOf"], "2026-03-02");
    // A<&"B: production 03-02..03-04 on L1 (bottleneck: code 5 + 16), inspection
    // 03-04..03-05, truck 03-05..03-07 (delivery, offset 5).
    let o = &d["orders"][0];
    assert_eq!(o[3], 4, "due 03-06");
    assert_eq!(o[4], 5, "delivered 03-07");
    assert_eq!(o[5], 1, "one day late");
    assert_eq!(
        o[9][0][3],
        serde_json::json!([[21, 0, 2, 0, 300], [6, 2, 3], [8, 3, 5, 0]])
    );
    // The drawn spans per kind code are gantt.rs's rule.
    assert_eq!(d["spans"][5], serde_json::json!([0, 1]));
    assert_eq!(d["spans"][8], serde_json::json!([1, 1]));
    // INF has no steps and says why.
    assert_eq!(d["orders"][1][4], Value::Null);
    assert!(d["orders"][1][8].as_str().unwrap().contains("P2"));
}

#[test]
fn the_heat_map_has_every_line_and_day_with_closed_days_marked() {
    let (plant, book, plan) = plant();
    let w = window(&plan);
    // C2 is planned just in time: 100 units end on Tue 03-24 (due 03-27 less 2 days
    // of transit and 1 of inspection), the last booked day.
    assert_eq!(w.first, a());
    assert_eq!(w.shown, d("2026-03-24").since(a()) as usize + 1);
    let j = data(&plan_report(&plant, &book, &plan, None, Lang::En));
    let load = &j["load"];
    assert_eq!(load["days"], w.shown);
    let shifts = load["shifts"][0].as_str().unwrap();
    assert_eq!(shifts.len(), w.shown);
    assert_eq!(&shifts[..7], "1111100", "Mon–Fri, the weekend closed");
    let used: Vec<i64> = load["used"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(&used[..3], [100, 100, 100], "A<&\"B fills 03-02..03-04");
    assert_eq!(used[w.shown - 1], 100, "C2 on its last day");
}

fn risky() -> (Plant, OrderBook, Plan, Vec<Option<Outlook>>) {
    // Half the shifts are lost: the just-in-time order C2 cannot be relied on.
    let lines = "line_id,shifts_per_day,work_days,availability\nL1,1,Mon-Fri,0.5\n";
    let (plant, book) = load(&[
        ("orders.csv", ORDERS),
        ("products.csv", PRODUCTS),
        ("lines.csv", lines),
    ]);
    let plan = Plan::build(&plant, &book, Settings::new(a()));
    let outlooks = reliability::simulate(&plant, &book, &plan, Options::default(), &|_| {});
    (plant, book, plan, outlooks)
}

#[test]
fn the_at_risk_table_appears_with_outlooks_only() {
    let (plant, book, plan, outlooks) = risky();
    let with = plan_report(
        &plant,
        &book,
        &plan,
        Some((0.95, outlooks.as_slice())),
        Lang::En,
    );
    let table = &with[with
        .find("<table id=\"at-risk\"")
        .expect("an at-risk table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("<th>Promise at 95%</th>"));
    assert!(table.contains(">C2</a>") && table.contains("lost shifts on line L1"));
    assert!(with.contains("confidence below 80% · service level 95% · 1000 scenarios"));
    let zh = plan_report(
        &plant,
        &book,
        &plan,
        Some((0.95, outlooks.as_slice())),
        Lang::Zh,
    );
    assert!(zh.contains("产能 L1：平均延误"));
    let without = plan_report(&plant, &book, &plan, None, Lang::En);
    assert!(!without.contains("id=\"at-risk\""));
    assert!(without.contains("reliability not simulated"));
}

fn promise() -> Command {
    Command::cargo_bin("promise").unwrap()
}

fn write_plant(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    for (name, text) in common::files(&[("orders.csv", ORDERS), ("products.csv", PRODUCTS)]) {
        fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn promise_report_writes_one_page_and_never_among_the_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    write_plant(&data);
    let out = tmp.path().join("out");
    let run = |extra: &[&str]| {
        promise()
            .args(["report", "--as-of", "2026-03-02", "--data"])
            .arg(&data)
            .args(extra)
            .output()
            .unwrap()
    };
    let file = out.join("report.html");
    let ok = run(&["--no-risk", "--lang", "zh", "--out", file.to_str().unwrap()]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let html = fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert_eq!(
        fs::read_dir(&out).unwrap().count(),
        1,
        "no temporary file left"
    );
    for bad in [
        vec!["--out", data.join("report.html").to_str().unwrap()],
        vec!["--out", data.to_str().unwrap()],
        vec!["--out", file.to_str().unwrap(), "--lang", "fr"],
        vec![
            "--out",
            file.to_str().unwrap(),
            "--no-risk",
            "--service-level",
            "0.9",
        ],
        vec!["--out", file.to_str().unwrap(), "--service-level", "1.5"],
    ] {
        let r = run(&bad);
        assert_eq!(r.status.code(), Some(2), "{bad:?}");
    }
    assert!(!data.join("report.html").exists());
    let original = fs::read_to_string(data.join("orders.csv")).unwrap();
    assert_eq!(original, ORDERS, "inputs untouched");
}

#[test]
fn promise_report_at_a_service_level_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    write_plant(&data);
    let mut pages = Vec::new();
    for name in ["a.html", "b.html"] {
        let file = tmp.path().join(name);
        let r = promise()
            .args([
                "report",
                "--as-of",
                "2026-03-02",
                "--scenarios",
                "200",
                "--quiet",
            ])
            .arg("--data")
            .arg(&data)
            .arg("--out")
            .arg(&file)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        assert!(
            r.stderr.is_empty(),
            "--quiet and not a terminal: nothing on stderr"
        );
        pages.push(fs::read(&file).unwrap());
    }
    assert_eq!(pages[0], pages[1]);
    let html = String::from_utf8(pages.pop().unwrap()).unwrap();
    assert!(html.contains("service level 95% · 200 scenarios"));
}

#[test]
fn with_history_the_at_risk_orders_show_the_fitted_laws_that_put_them_at_risk() {
    // The demo with its year of history: the at-risk table gains a column with a small
    // histogram of the main risk's fitted lead time or transit (or a line's outage law);
    // without `--history` the column is not there.
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    let tmp = tempfile::tempdir().unwrap();
    let page = |name: &str, extra: &[&str]| -> String {
        let file = tmp.path().join(name);
        let r = promise()
            .args([
                "report",
                "--as-of",
                "2026-03-02",
                "--scenarios",
                "200",
                "--quiet",
            ])
            .arg("--data")
            .arg(&demo)
            .arg("--out")
            .arg(&file)
            .args(extra)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        fs::read_to_string(&file).unwrap()
    };
    let history = demo.join("history");
    let history = history.to_str().unwrap();
    let table = |html: &str| -> String {
        let start = html
            .find("<table id=\"at-risk\"")
            .expect("an at-risk table");
        let end = start + html[start..].find("</table>").unwrap();
        html[start..end].to_string()
    };
    let with = table(&page("with.html", &["--history", history]));
    assert!(with.contains("<th>Fitted from history</th>"), "{with}");
    let sparks = with.matches("<svg class=\"spark\"").count();
    let rows = with.matches("<tr><td>").count();
    assert!(
        sparks > 0 && sparks <= rows,
        "{sparks} histograms in {rows} rows"
    );
    assert!(with.contains("fitted from history (days): p50 "), "{with}");
    let zh = table(&page("zh.html", &["--history", history, "--lang", "zh"]));
    assert!(zh.contains("<th>历史拟合分布</th>") && zh.contains("历史拟合（天）"));
    let without = table(&page("without.html", &[]));
    assert!(!without.contains("spark") && !without.contains("Fitted from history"));
}

#[test]
fn the_report_carries_the_follow_up_lists_of_promise_followup() {
    // The demo's report (deterministic plan) has the five follow-up lists at SPEC.md's
    // default windows, each as long as `promise followup --json` says, worded in Chinese
    // with --lang zh.
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    let tmp = tempfile::tempdir().unwrap();
    let page = |lang: &str| -> String {
        let file = tmp.path().join(format!("{lang}.html"));
        let r = promise()
            .args([
                "report",
                "--as-of",
                "2026-03-02",
                "--no-risk",
                "--quiet",
                "--lang",
                lang,
            ])
            .arg("--data")
            .arg(&demo)
            .arg("--out")
            .arg(&file)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        fs::read_to_string(&file).unwrap()
    };
    let out = promise()
        .args(["followup", "--as-of", "2026-03-02", "--json", "--quiet"])
        .arg("--data")
        .arg(&demo)
        .output()
        .unwrap();
    assert!(out.status.success());
    let lists: Value = serde_json::from_slice(&out.stdout).unwrap();
    let counts = |html: &str| -> Vec<usize> {
        let start = html
            .find("<section id=\"followup\">")
            .expect("a follow-up section");
        let end = start + html[start..].find("</section>").unwrap();
        html[start..end]
            .split("<h3>")
            .skip(1)
            .map(|h| {
                let n = h.split("class=\"count\">(").nth(1).unwrap();
                n[..n.find(')').unwrap()].parse().unwrap()
            })
            .collect()
    };
    let want: Vec<usize> = [
        "purchasing",
        "production",
        "packaging",
        "shipping",
        "orders",
    ]
    .iter()
    .map(|k| lists[k].as_array().unwrap().len())
    .collect();
    assert!(
        want.iter().all(|&n| n > 0),
        "the demo has something in every list: {want:?}"
    );
    let en = page("en");
    assert_eq!(counts(&en), want);
    assert!(en.contains("<h3>Purchasing <span"));
    let zh = page("zh");
    assert_eq!(counts(&zh), want);
    assert!(
        zh.contains("<h2>跟单</h2>") && zh.contains("<h3>采购 <span") && zh.contains("下达采购")
    );
    // The first purchase listed is the first of the command's list.
    let first = lists["purchasing"][0]["material_id"].as_str().unwrap();
    let section = &en[en.find("<section id=\"followup\">").unwrap()..];
    let row = &section[section.find("<tbody>").unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains(first), "{first}");
}
