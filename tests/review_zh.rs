//! The review record in Chinese (`quote --lang zh`): the text and the `--review`
//! documents as the form a factory files, on SPEC.md's worked example: 450 × P1 on L1
//! (100 a shift, one shift Mon–Fri) from Monday 2026-03-02 is made 03-02..03-06
//! (4.5 shifts, five working days), inspected for a day (ready 03-07), trucked two days
//! (delivered 03-09); requested 03-12, so 3 days to spare. The English record must stay
//! as it was before the Chinese one existed (the golden below is its output then).

mod common;

use assert_cmd::Command;
use common::write_plant;
use std::fs;
use std::path::Path;

const ORDERS: &str = "order_id,customer,product_id,qty,requested_date,destination\n\
O1,ACME,P1,450,2026-03-12,D1\n";

fn quote(dir: &Path, extra: &[&str]) -> String {
    let out = Command::cargo_bin("promise")
        .unwrap()
        .args(["quote", "--data"])
        .arg(dir)
        .args(["--as-of", "2026-03-02", "--order", "O1"])
        .args(extra)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn plant() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_plant(dir.path(), ORDERS, &[]);
    dir
}

#[test]
fn chinese_text_record_has_the_title_and_the_procedures_terms() {
    let dir = plant();
    let t = quote(dir.path(), &["--lang", "zh"]);
    for line in [
        "客户订单评审记录 — O1：450 × P1 运往 D1（评审基准日 2026-03-02）",
        "客户要求交期：2026-03-12",
        "最早交货日：2026-03-09",
        "承诺交期：2026-03-09（缓冲 0 天）",
        "能否满足要求交期：能，余量 3 天。",
        "450 × P1 的进度：",
        "  2026-03-02 → 2026-03-06   生产 450 × P1（L1）",
        "  2026-03-06 → 2026-03-07   检验 P1",
        "  2026-03-07 → 2026-03-09   运输 truck → D1",
        "  2026-03-09                交货",
        "瓶颈：产能 L1 — 450 × P1 于 2026-03-02..2026-03-06 生产（4.5 班次）",
        "提前交期的措施：",
        "分批交货：",
        "插单：",
        "  交货日 2026-03-09（不比不插单更早）",
    ] {
        assert!(
            t.lines().any(|l| l.starts_with(line)),
            "no {line:?} in:\n{t}"
        );
    }
    // Lever kinds in Chinese; their details exist only in English and stay English.
    assert!(t.contains("—  增加班次：one more shift a day on L1 on 3 working days"));
    assert!(!t.contains("Order review record"));
}

#[test]
fn english_text_record_is_unchanged() {
    let dir = plant();
    let golden = "Order review record — O1: 450 × P1 to D1 (as of 2026-03-02)
Requested: 2026-03-12
Earliest delivery: 2026-03-09
Promise date:      2026-03-09 (buffer 0 days)
The requested date holds: yes, 3 days to spare.

Timeline of 450 × P1:
  2026-03-02 → 2026-03-06   production of 450 × P1 on L1
  2026-03-06 → 2026-03-07   inspection of P1
  2026-03-07 → 2026-03-09   truck to D1
  2026-03-09                delivery

Bottleneck: capacity L1 — 450 × P1 made 2026-03-02..2026-03-06 (4.5 shifts) on L1, shared with 0 earlier orders

What would make it earlier:
  gained  delivery           cost  lever
     2 d  2026-03-07            —  extra_shift: one more shift a day on L1 on 3 working days from 2026-03-02 to 2026-03-04: 3 extra shifts

Split delivery:
  not allowed for this order (split=no; quote with --split for a delivery schedule)

Rush insertion (插单):
  Rushed in ahead of 0 committed orders of equal or lower priority:
  delivery 2026-03-09 (no earlier than without rushing)
  0 committed orders move, 0 newly late, 0 weighted late days
";
    assert_eq!(quote(dir.path(), &[]), golden);
    assert_eq!(quote(dir.path(), &["--lang", "en"]), golden);
}

fn document(dir: &Path, name: &str, lang: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join(name);
    quote(dir, &["--lang", lang, "--review", file.to_str().unwrap()]);
    fs::read_to_string(file).unwrap()
}

#[test]
fn chinese_html_document_is_the_printed_form() {
    let dir = plant();
    let h = document(dir.path(), "r.html", "zh");
    assert!(h.contains("<html lang=\"zh-CN\">"));
    assert!(h.contains("<title>客户订单评审记录 — O1</title>"));
    assert!(h.contains("<h1>客户订单评审记录 — O1</h1>"));
    // The header block: order, customer, date (as of), requested date.
    for row in [
        "<tr><th>订单编号</th><td>O1</td></tr>",
        "<tr><th>客户</th><td>ACME</td></tr>",
        "<tr><th>评审日期（基准日）</th><td>2026-03-02</td></tr>",
        "<tr><th>客户要求交期</th><td>2026-03-12</td></tr>",
        "<tr><th>承诺交期</th><td>2026-03-09（缓冲 0 天）</td></tr>",
    ] {
        assert!(h.contains(row), "no {row:?}");
    }
    // The Gantt chart and its table in the report's Chinese step labels.
    assert!(h.contains(">生产 450 × P1（L1）</text>"));
    assert!(h.contains("<td>检验 P1</td>"));
    assert!(h.contains(">交期 2026-03-12</text>"));
    // The signatures block, empty, at the end.
    let sig = h.find("<h2>会签</h2>").expect("no signatures block");
    assert!(sig > h.find("<h2>插单</h2>").unwrap());
    for who in ["评审人", "销售", "生产", "采购", "质量", "日期"] {
        assert!(
            h[sig..].contains(&format!("<tr><th>{who}</th><td></td></tr>")),
            "no {who}"
        );
    }
    // Print on A4, rows whole, the chart within the page, CJK fonts named.
    for css in [
        "@page{size:A4;margin:15mm}",
        "page-break-inside:avoid",
        ".gantt{width:100%;height:auto}",
        "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif",
    ] {
        assert!(h.contains(css), "no {css:?}");
    }
}

#[test]
fn markdown_documents_have_the_header_and_signatures_in_both_languages() {
    let dir = plant();
    let zh = document(dir.path(), "r.md", "zh");
    assert!(zh.starts_with("# 客户订单评审记录 — O1\n\n评审基准日 2026-03-02\n"));
    for part in [
        "| 订单编号 | O1 |",
        "| 客户 | ACME |",
        "| 客户要求交期 | 2026-03-12 |",
        "## 客户订单实施计划进度表",
        "| 生产 450 × P1（L1） | 2026-03-02 | 2026-03-06 | ◆ |",
        "## 分批交货",
        "## 会签",
        "| 评审人 | ____",
        "| 日期 | ____",
    ] {
        assert!(zh.contains(part), "no {part:?} in:\n{zh}");
    }
    let en = document(dir.path(), "r.md", "en");
    assert!(en.starts_with("# Order review record — O1\n\n客户订单评审记录 — as of 2026-03-02\n"));
    for part in [
        "| Order no. | O1 |",
        "| Date (as of) | 2026-03-02 |",
        "| Requested date | 2026-03-12 |",
        "| production of 450 × P1 on L1 | 2026-03-02 | 2026-03-06 | ◆ |",
        "## Signatures",
        "| Reviewed by | ____",
        "| Purchasing | ____",
    ] {
        assert!(en.contains(part), "no {part:?} in:\n{en}");
    }
    let html = document(dir.path(), "r.html", "en");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<tr><th>Quality</th><td></td></tr>"));
}

#[test]
fn the_plan_summary_in_chinese_has_the_counts_of_the_english_one() {
    let run = |lang: &str| common::promise_on_demo("plan", &["--lang", lang]);
    let en = run("en");
    let zh = run("zh");
    assert!(
        en.starts_with("Plan as of 2026-03-02\n  orders         220  (190 committed, 30 quotes)\n")
    );
    assert!(zh.starts_with("订单交付计划（计划基准日 2026-03-02）\n  订单数         220  （190 个已承诺，30 个报价）\n"), "{zh}");
    assert!(
        zh.contains("\n  延期            35  （延期天数合计 510，加权 1267）\n"),
        "{zh}"
    );
    assert!(zh.contains("\n  准时交付率 84.1%\n"), "{zh}");
    // The same ten latest orders, in the same order, with the bottleneck in Chinese.
    let ids = |s: &str| -> Vec<String> {
        s.lines()
            .skip_while(|l| !(l.contains(" status ") || l.contains(" 状态 ")))
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&en).len(), 10);
    assert_eq!(ids(&en), ids(&zh));
    assert!(zh.contains("  QT-260026      报价        2026-03-25 2026-05-22    58  产能 SUB-1：产线 SUB-1 自 2026-04-07 至 2026-05-11 已被 24 个先排订单占用"), "{zh}");
}
