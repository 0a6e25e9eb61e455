//! The plan report in a real browser: headless Chromium loads the page `promise report`
//! wrote, runs its script, and dumps the DOM. The test checks that the key figures, the
//! heat map (one cell per line × day), the late and at-risk tables and the Gantt chart of
//! the default order (one bar per step: the script ran) are there, and that the browser
//! logged nothing — no console message, no uncaught exception.
//!
//! Without a Chromium binary the test is skipped with a note, unless
//! `PROMISE_REQUIRE_BROWSER=1` (CI sets it; `.ci/run` installs Debian's `chromium`).
//! `CHROMIUM=/path` picks the binary.

mod common;

use assert_cmd::Command;
use promise::load::load_dir;
use promise::model::{OrderBook, Plant};
use promise::plan::{Plan, Settings};
use promise::reliability::{Options, Outlook, margin};
use promise::report::Outcome;
use promise::report::gantt::{self, escape};
use promise::report::html::{MAX_ROWS, window};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn browser() -> Option<PathBuf> {
    common::browser::browser("the plan report")
}

/// What Chromium made of a page: the DOM after the script ran, its log, the wall time.
struct Rendered {
    dom: String,
    log: String,
    wall: Duration,
}

/// Runs headless Chromium on `url` with a fresh profile, killed after a minute.
fn render(chrome: &Path, url: &str, profile: &Path) -> Rendered {
    let r = common::browser::run(
        chrome,
        &["--virtual-time-budget=20000", "--dump-dom"],
        &[],
        url,
        profile,
    );
    Rendered {
        dom: r.stdout,
        log: r.log,
        wall: r.wall,
    }
}

/// Lines of the browser's log that come from the page: console messages (the report logs
/// nothing, so any is a failure) and uncaught exceptions.
fn page_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect()
}

/// The element starting at the first `start` marker, up to its `end` marker.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let i = s
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the DOM"));
    let rest = &s[i..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn attr<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let i = s.find(&format!("{name}=\""))? + name.len() + 2;
    Some(&s[i..i + s[i..].find('"')?])
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

/// The plan `promise report` makes by default: risk-aware at 95 %, 1000 scenarios, seed 1.
fn expected() -> (Plant, OrderBook, Plan, Vec<Option<Outlook>>) {
    let (plant, book) = load_dir(&demo()).expect("the demo plant loads");
    let settings = Settings::new(promise::day::Day::parse("2026-03-02").unwrap());
    let (plan, outlooks) =
        margin::risk_aware_plan(&plant, &book, settings, 0.95, Options::default(), &|_| {});
    (plant, book, plan, outlooks)
}

fn write_report(dir: &Path, lang: &str) -> PathBuf {
    let file = dir.join(format!("report-{lang}.html"));
    Command::cargo_bin("promise")
        .unwrap()
        .args(["report", "--as-of", "2026-03-02", "--quiet", "--lang", lang])
        .arg("--data")
        .arg(demo())
        .arg("--out")
        .arg(&file)
        .assert()
        .success();
    file
}

#[test]
fn the_demo_report_renders_in_chromium_with_every_part() {
    let Some(chrome) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (plant, book, plan, outlooks) = expected();
    let late: Vec<usize> = (0..plan.planned.len())
        .filter(|&i| {
            let p = &plan.planned[i];
            Outcome::of(&book.orders[p.order], &p.plan, 0).late_days != Some(0)
        })
        .collect();
    let at_risk = plan
        .planned
        .iter()
        .zip(&outlooks)
        .filter(|(p, o)| {
            let due = book.orders[p.order].due();
            matches!((o, due), (Some(o), Some(due)) if o.distribution.confidence(due) < 0.8)
        })
        .count();
    assert!(
        !late.is_empty() && at_risk > 0,
        "the demo has late and at-risk orders"
    );
    let w = window(&plan);
    for lang in ["en", "zh"] {
        let file = write_report(tmp.path(), lang);
        let url = format!("file://{}", file.display());
        let r = render(&chrome, &url, &tmp.path().join(format!("profile-{lang}")));
        assert_eq!(
            page_errors(&r.log),
            Vec::<&str>::new(),
            "{lang}: the page logged"
        );
        let dom = &r.dom;
        let root = between(dom, "<html", ">");
        eprintln!(
            "demo report ({lang}): {} bytes; Chromium {} ms wall, script {} ms, first paint at {} ms",
            std::fs::metadata(&file).unwrap().len(),
            r.wall.as_millis(),
            attr(root, "data-render-ms").unwrap_or("?"),
            attr(root, "data-painted-ms").unwrap_or("?")
        );
        assert!(root.contains(if lang == "zh" {
            "lang=\"zh-CN\""
        } else {
            "lang=\"en\""
        }));

        // Key figures.
        let kpi = between(dom, "<section id=\"kpi\">", "</section>");
        for id in ["orders", "on-time-rate", "late", "infeasible", "at-risk"] {
            assert!(
                kpi.contains(&format!("id=\"kpi-{id}\"")),
                "{lang}: KPI {id}"
            );
        }
        assert!(kpi.contains(&format!("<div class=\"v\">{at_risk}</div>")));

        // The heat map: one cell per line × day, drawn by the script.
        let heat = between(dom, "<table id=\"heatmap\"", "</table>");
        assert_eq!(attr(heat, "data-days"), Some(w.shown.to_string().as_str()));
        let cells = heat.matches("<td class=\"").count();
        assert_eq!(cells, plant.lines.len() * w.shown, "{lang}: heat map cells");
        assert!(
            heat.contains("<td class=\"closed"),
            "{lang}: weekends are closed"
        );

        // The late and at-risk tables, one row per order.
        let late_table = between(dom, "<table id=\"late\"", "</table>");
        let rows = late_table.matches("<tr>").count() - 1;
        assert_eq!(rows, late.len().min(MAX_ROWS), "{lang}: late rows");
        let risk_table = between(dom, "<table id=\"at-risk\"", "</table>");
        assert_eq!(
            risk_table.matches("<tr>").count() - 1,
            at_risk.min(MAX_ROWS)
        );

        // The Gantt chart of the default order: the latest late order with a schedule.
        let default = late
            .iter()
            .copied()
            .filter(|&i| plan.planned[i].plan.delivery.is_some())
            .max_by_key(|&i| {
                let p = &plan.planned[i];
                let late = Outcome::of(&book.orders[p.order], &p.plan, 0).late_days;
                (late, std::cmp::Reverse(i))
            })
            .expect("a late order with a schedule");
        let planned = &plan.planned[default];
        let steps = gantt::steps(&plant, &plan.settings, &planned.plan);
        let chart = between(dom, "<div id=\"gantt\"", "</div>");
        assert_eq!(
            attr(chart, "data-order"),
            Some(escape(&book.orders[planned.order].id).as_str())
        );
        assert!(
            chart.contains("<svg class=\"gantt\" id=\"gantt-svg\""),
            "{lang}: no Gantt"
        );
        assert_eq!(
            chart.matches("<rect class=\"bar").count(),
            steps.len(),
            "{lang}: bars"
        );
        assert_eq!(
            chart.matches(" bottleneck\"").count(),
            steps.iter().filter(|s| s.bottleneck).count(),
            "{lang}: the bottleneck is marked"
        );
        if lang == "en" {
            // The script words each step exactly as the review record does.
            for s in &steps {
                assert!(
                    chart.contains(&format!(">{}</text>", escape(&s.label))),
                    "no bar labelled {}",
                    s.label
                );
            }
        }
    }
}

#[test]
fn a_link_opens_the_chart_of_that_order_even_with_awkward_ids() {
    let Some(chrome) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let files = [
        ("lines.csv", "line_id,shifts_per_day\nL<1>,1\n"),
        (
            "capacity.csv",
            "line_id,product_id,units_per_shift\nL<1>,P&1,100\n",
        ),
        ("products.csv", "product_id,inspection_days\nP&1,1\n"),
        ("transit.csv", "destination,mode,days\n\"D\"\"1\",truck,2\n"),
        (
            "orders.csv",
            "order_id,customer,product_id,qty,requested_date,destination\n\
             \"A<&\"\"B #1\",\"</script><img src=x onerror=alert(1)>\",P&1,300,2026-03-06,\"D\"\"1\"\n\
             Z,,P&1,100,2026-03-27,\"D\"\"1\"\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(data.join(name), text).unwrap();
    }
    let file = tmp.path().join("odd.html");
    Command::cargo_bin("promise")
        .unwrap()
        .args(["report", "--as-of", "2026-03-02", "--quiet", "--no-risk"])
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&file)
        .assert()
        .success();
    for (hash, id) in [("", "A&lt;&amp;\"B #1"), ("#order=Z", "Z")] {
        let url = format!("file://{}{hash}", file.display());
        let r = render(&chrome, &url, &tmp.path().join(format!("p{}", hash.len())));
        assert_eq!(page_errors(&r.log), Vec::<&str>::new());
        let facts = between(&r.dom, "<div id=\"order-facts\"", "</div>");
        assert!(facts.contains(id), "{hash}: {facts}");
        assert!(!r.dom.contains("<img"), "the customer's markup stays text");
        let chart = between(&r.dom, "<div id=\"gantt\"", "</div>");
        assert_eq!(
            chart.matches("<rect class=\"bar").count(),
            3,
            "production, inspection, truck"
        );
    }
}

#[test]
fn a_plant_without_open_orders_renders_without_errors() {
    let Some(chrome) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let files = [
        ("lines.csv", "line_id,shifts_per_day\nL1,1\n"),
        (
            "capacity.csv",
            "line_id,product_id,units_per_shift\nL1,P1,100\n",
        ),
        ("products.csv", "product_id\nP1\n"),
        ("transit.csv", "destination,mode,days\nD1,truck,2\n"),
        (
            "orders.csv",
            "order_id,product_id,qty,requested_date,destination\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(data.join(name), text).unwrap();
    }
    let file = tmp.path().join("empty.html");
    Command::cargo_bin("promise")
        .unwrap()
        .args(["report", "--as-of", "2026-03-02", "--quiet"])
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&file)
        .assert()
        .success();
    let r = render(
        &chrome,
        &format!("file://{}", file.display()),
        &tmp.path().join("p"),
    );
    assert_eq!(page_errors(&r.log), Vec::<&str>::new());
    assert!(r.dom.contains("No open orders to plan"));
    assert!(r.dom.contains("Every order is on time."));
    let heat = between(&r.dom, "<table id=\"heatmap\"", "</table>");
    assert_eq!(
        heat.matches("<td class=\"").count(),
        1,
        "one line, the as-of day"
    );
}
