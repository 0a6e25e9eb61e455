//! Excel workbooks and Chinese headers (SPEC.md): the demo plant as a workbook with Chinese
//! sheet names, headers and values, and as CSV files with Chinese headers, plans exactly as
//! the CSV directory does; bad cells are reported by sheet and cell.

mod common;

use assert_cmd::Command;
use common::write_plant;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::{Path, PathBuf};

fn promise() -> Command {
    Command::cargo_bin("promise").unwrap()
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

/// A file's (column, Chinese header) pairs.
type Headers = &'static [(&'static str, &'static str)];

/// SPEC.md's table, written out here (not taken from the loader) so that a wrong name in
/// the loader's table fails the test: file, Chinese sheet name, (column, Chinese header).
const CHINESE: &[(&str, &str, Headers)] = &[
    (
        "lines",
        "产线",
        &[
            ("line_id", "产线编号"),
            ("name", "名称"),
            ("shifts_per_day", "每日班次"),
            ("work_days", "工作日"),
            ("availability", "开动率"),
        ],
    ),
    (
        "calendar",
        "日历",
        &[
            ("date", "日期"),
            ("line_id", "产线编号"),
            ("shifts", "班次"),
            ("reason", "原因"),
        ],
    ),
    (
        "capacity",
        "产能",
        &[
            ("line_id", "产线编号"),
            ("product_id", "产品编号"),
            ("units_per_shift", "每班产量"),
            ("step", "工序号"),
        ],
    ),
    (
        "routing",
        "工艺路线",
        &[
            ("product_id", "产品编号"),
            ("step", "工序号"),
            ("name", "工序名称"),
            ("wait_days", "工序间隔天数"),
        ],
    ),
    (
        "products",
        "产品",
        &[
            ("product_id", "产品编号"),
            ("name", "名称"),
            ("on_hand", "库存"),
            ("safety_stock", "安全库存"),
            ("inspection_days", "检验天数"),
            ("packaging_days", "包装天数"),
            ("design_days", "设计天数"),
            ("min_stock", "最低库存"),
            ("max_stock", "最高库存"),
        ],
    ),
    (
        "materials",
        "物料",
        &[
            ("material_id", "物料编号"),
            ("name", "名称"),
            ("on_hand", "库存"),
            ("safety_stock", "安全库存"),
            ("lead_time_days", "采购周期"),
            ("inspection_days", "检验天数"),
            ("lead_time_sd_days", "采购周期标准差"),
            ("min_stock", "最低库存"),
            ("max_stock", "最高库存"),
        ],
    ),
    (
        "bom",
        "物料清单",
        &[
            ("product_id", "产品编号"),
            ("material_id", "物料编号"),
            ("qty_per_unit", "单位用量"),
            ("step", "工序号"),
        ],
    ),
    (
        "receipts",
        "在途采购",
        &[
            ("material_id", "物料编号"),
            ("qty", "数量"),
            ("due_date", "到货日期"),
        ],
    ),
    (
        "transit",
        "运输",
        &[
            ("destination", "目的地"),
            ("mode", "运输方式"),
            ("days", "运输天数"),
            ("cost_per_unit", "单位运费"),
            ("days_sd", "运输天数标准差"),
        ],
    ),
    (
        "subcontractors",
        "外协",
        &[
            ("subcontractor_id", "外协厂编号"),
            ("product_id", "产品编号"),
            ("units_per_day", "日产量"),
            ("lead_days", "准备天数"),
            ("inspection_days", "检验天数"),
            ("transit_days", "运输天数"),
        ],
    ),
    (
        "orders",
        "订单",
        &[
            ("order_id", "订单号"),
            ("customer", "客户"),
            ("product_id", "产品编号"),
            ("qty", "数量"),
            ("requested_date", "要求交期"),
            ("destination", "目的地"),
            ("priority", "优先级"),
            ("status", "状态"),
            ("promised_date", "承诺交期"),
            ("kind", "类型"),
            ("split", "分批"),
            ("mode", "运输方式"),
            ("done_qty", "已完成数量"),
            ("weight", "延期权重"),
        ],
    ),
];

/// A demo file's rows, header first.
fn demo_rows(file: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(demo().join(format!("{file}.csv")))
        .unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The Chinese header of `column` in `file`.
fn chinese(file: &str, column: &str) -> &'static str {
    let (_, _, cols) = CHINESE.iter().find(|(f, _, _)| *f == file).unwrap();
    cols.iter()
        .find(|(en, _)| *en == column)
        .unwrap_or_else(|| panic!("{file}: no Chinese name for {column}"))
        .1
}

/// A demo cell's value as a Chinese planner writes it.
fn chinese_value(column: &str, v: &str) -> String {
    match (column, v) {
        ("status", "committed") => "已承诺",
        ("status", "quote") => "报价",
        ("status", "shipped") => "已发货",
        ("status", "cancelled") => "已取消",
        ("kind", "standard") => "常规",
        ("kind", "special") => "非常规",
        ("split", "yes") => "是",
        ("split", "no") => "否",
        ("work_days", "Mon-Fri") => "周一-周五",
        ("work_days", "Mon-Sat") => "周一至周六",
        ("work_days", other) => panic!("a demo weekday the test does not translate: {other}"),
        _ => v,
    }
    .to_string()
}

/// The demo's files translated: every Chinese value, and the headers in Chinese (every
/// other one only when `mixed`, the rest staying English).
fn translated(file: &str, mixed: bool) -> Vec<Vec<String>> {
    let mut rows = demo_rows(file);
    let header = rows[0].clone();
    for row in rows.iter_mut().skip(1) {
        for (v, col) in row.iter_mut().zip(&header) {
            *v = chinese_value(col, v);
        }
    }
    for (i, h) in rows[0].iter_mut().enumerate() {
        if !mixed || i % 2 == 0 {
            *h = chinese(file, h).to_string();
        }
    }
    rows
}

fn plan_json(data: &Path) -> String {
    let out = promise()
        .args(["plan", "--data"])
        .arg(data)
        .args(["--as-of", "2026-03-02", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `plan` on a data set it must refuse: exit 2, and its standard error.
fn bad_input(data: &Path) -> String {
    let out = promise()
        .args(["plan", "--data"])
        .arg(data)
        .args(["--as-of", "2026-03-02"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8(out.stderr).unwrap()
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn chinese_headers_and_values_in_csv_files_plan_as_the_english_ones() {
    let english = plan_json(&demo());
    assert!(english.contains("\"orders\""));
    for mixed in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        for (file, _, _) in CHINESE {
            write_csv(
                &dir.path().join(format!("{file}.csv")),
                &translated(file, mixed),
            );
        }
        let text = std::fs::read_to_string(dir.path().join("orders.csv")).unwrap();
        assert!(text.contains("已承诺") && text.contains("非常规"));
        assert_eq!(plan_json(dir.path()), english, "mixed headers: {mixed}");
    }
}

/// Columns the workbook writes as Excel dates (the rest of the date columns stay text).
const EXCEL_DATES: [&str; 2] = ["requested_date", "promised_date"];

fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

fn excel_date(v: &str) -> ExcelDateTime {
    let p: Vec<u16> = v.split('-').map(|x| x.parse().unwrap()).collect();
    ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap()
}

/// The demo plant as a workbook as a planner keeps it: Chinese sheet names, headers and
/// values; numbers as numbers, order dates as Excel dates (other dates as text); a merged
/// title row and a blank row above the orders' header; products' stock as formulas (their
/// cached values); a hidden column; the calendar sheet hidden; an unrelated sheet first.
fn demo_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "本表由 ERP 导出").unwrap();
    notes.write_string(1, 0, "数量").unwrap();
    notes.write_string(1, 1, "abc").unwrap();
    for (file, sheet_name, _) in CHINESE {
        let rows = translated(file, false);
        let english = demo_rows(file).remove(0);
        let ws = wb.add_worksheet();
        ws.set_name(*sheet_name).unwrap();
        let top: u32 = if *file == "orders" {
            ws.merge_range(0, 0, 0, 5, "2026年3月 客户订单明细", &Format::new())
                .unwrap();
            2
        } else {
            0
        };
        for (r, row) in rows.iter().enumerate() {
            let at = top + r as u32;
            for (c, v) in row.iter().enumerate() {
                let col = c as u16;
                let name = english[c].as_str();
                if r == 0 || v.is_empty() {
                    ws.write_string(at, col, v).unwrap();
                } else if EXCEL_DATES.contains(&name) {
                    ws.write_datetime_with_format(at, col, excel_date(v), &date_format())
                        .unwrap();
                } else if *file == "products" && name == "on_hand" {
                    ws.write_formula(at, col, Formula::new(format!("={v}+0")).set_result(v))
                        .unwrap();
                } else if let (Ok(n), false) = (v.parse::<f64>(), name.ends_with("_id")) {
                    ws.write_number(at, col, n).unwrap();
                } else {
                    ws.write_string(at, col, v).unwrap();
                }
            }
        }
        if *file == "materials" {
            ws.set_column_hidden(3).unwrap();
        }
        if *file == "calendar" {
            ws.set_hidden(true);
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn the_demo_as_a_chinese_workbook_plans_as_the_csv_directory() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    demo_workbook(&book);
    assert_eq!(plan_json(&book), plan_json(&demo()));
}

/// The hidden calendar sheet is read: without it the demo plans differently, so the test
/// above would see a hidden sheet dropped.
#[test]
fn the_demo_calendar_changes_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    for (file, _, _) in CHINESE.iter().filter(|(f, _, _)| *f != "calendar") {
        write_csv(&dir.path().join(format!("{file}.csv")), &demo_rows(file));
    }
    assert_ne!(plan_json(dir.path()), plan_json(&demo()));
}

/// A cell of a small workbook.
enum Cell {
    Text(&'static str),
    Number(f64),
    Date(&'static str),
    /// An Excel date and time of day (`yyyy-mm-dd hh:mm`).
    DateTime(&'static str, u8, u8),
}

/// Writes a workbook of (sheet, rows) at `path`.
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut wb = Workbook::new();
    workbook_into(&mut wb, sheets);
    wb.save(path).unwrap();
}

/// Adds the sheets (name, rows) to `wb`.
fn workbook_into(wb: &mut Workbook, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        write_rows(ws, rows);
    }
}

fn write_rows(ws: &mut rust_xlsxwriter::Worksheet, rows: &[Vec<Cell>]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::Text(s) => ws.write_string(r, c, *s).map(|_| ()),
                Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                Cell::Date(d) => ws
                    .write_datetime_with_format(r, c, excel_date(d), &date_format())
                    .map(|_| ()),
                Cell::DateTime(d, h, m) => {
                    let dt = excel_date(d).and_hms(*h as u16, *m, 0).unwrap();
                    let f = Format::new().set_num_format("yyyy-mm-dd hh:mm");
                    ws.write_datetime_with_format(r, c, dt, &f).map(|_| ())
                }
            }
            .unwrap();
        }
    }
}

use Cell::{Number as N, Text as T};

/// SPEC.md's worked example plant as sheets (Chinese names), with `orders` as 订单.
fn small_plant(orders: Vec<Vec<Cell>>) -> Vec<(&'static str, Vec<Vec<Cell>>)> {
    vec![
        (
            "产线",
            vec![
                vec![T("产线编号"), T("每日班次"), T("工作日")],
                vec![T("L1"), N(1.0), T("周一-周五")],
            ],
        ),
        (
            "产能",
            vec![
                vec![T("产线编号"), T("产品编号"), T("每班产量")],
                vec![T("L1"), T("P1"), N(100.0)],
            ],
        ),
        (
            "产品",
            vec![vec![T("产品编号"), T("检验天数")], vec![T("P1"), N(1.0)]],
        ),
        (
            "运输",
            vec![
                vec![T("目的地"), T("运输方式"), T("运输天数")],
                vec![T("D1"), T("truck"), N(2.0)],
            ],
        ),
        ("订单", orders),
    ]
}

fn order_header() -> Vec<Cell> {
    [
        "订单号",
        "客户",
        "产品编号",
        "数量",
        "要求交期",
        "目的地",
        "状态",
        "承诺交期",
    ]
    .into_iter()
    .map(T)
    .collect()
}

/// SPEC.md's worked example: 300 × P1 requested for 2026-03-20 is planned just in time and
/// delivered on 03-20. Its id is the number 1001, its requested date an Excel date with a
/// time of day, its promised date text.
#[test]
fn excel_dates_text_dates_and_numeric_ids_read_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    let mut sheets = small_plant(vec![
        order_header(),
        vec![
            N(1001.0),
            T("客户甲"),
            T("P1"),
            N(300.0),
            Cell::DateTime("2026-03-20", 14, 30),
            T("D1"),
            T("已承诺"),
            T("2026-03-20"),
        ],
    ]);
    sheets.push((
        "Sheet1",
        vec![vec![T("订单号"), T("数量")], vec![T("X"), T("abc")]],
    ));
    workbook(&book, &sheets);
    let v: serde_json::Value = serde_json::from_str(&plan_json(&book)).unwrap();
    let o = &v["orders"][0];
    assert_eq!(v["orders"].as_array().unwrap().len(), 1);
    assert_eq!(o["order_id"], "1001");
    assert_eq!(o["requested_date"], "2026-03-20");
    assert_eq!(o["promised_date"], "2026-03-20");
    assert_eq!(o["status"], "committed");
    assert_eq!(o["delivery"], "2026-03-20");
    assert_eq!(o["lines"][0]["production_start"], "2026-03-13");
    assert_eq!(o["late_days"], 0);

    // The same order with its requested date a plain Excel date.
    let mut sheets = small_plant(vec![
        order_header(),
        vec![
            T("A1"),
            T(""),
            T("P1"),
            N(300.0),
            Cell::Date("2026-03-20"),
            T("D1"),
            T(""),
            T(""),
        ],
    ]);
    sheets.remove(0);
    sheets.insert(
        0,
        (
            "lines",
            vec![
                vec![T("line_id"), T("shifts_per_day"), T("work_days")],
                vec![T("L1"), N(1.0), T("Mon-Fri")],
            ],
        ),
    );
    workbook(&book, &sheets);
    let v: serde_json::Value = serde_json::from_str(&plan_json(&book)).unwrap();
    assert_eq!(v["orders"][0]["requested_date"], "2026-03-20");
    assert_eq!(v["orders"][0]["delivery"], "2026-03-20");
}

#[test]
fn bad_cells_are_reported_by_sheet_and_cell_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    let row = |id: &'static str, qty: Cell| {
        vec![
            T(id),
            T(""),
            T("P1"),
            qty,
            T("2026-03-20"),
            T("D1"),
            T("报价"),
            T(""),
        ]
    };
    let mut sheets = small_plant(vec![
        order_header(),
        row("A1", N(10.0)),
        row("A2", N(10.0)),
        row("A3", N(10.0)),
        row("A4", N(10.0)),
        row("A5", N(10.0)),
        row("A6", T("abc")),
    ]);
    sheets[0].1[1][2] = T("周一-周八");
    sheets[0].1.push(vec![T("L1"), N(2.0), T("周一-周五")]);
    workbook(&book, &sheets);
    let out_dir = dir.path().join("out");
    let out = promise()
        .args(["plan", "--data"])
        .arg(&book)
        .args(["--as-of", "2026-03-02", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "error: 产线!C2: 工作日: expected weekdays like Mon-Fri, Mon,Tue,Thu or 周一-周五, found \"周一-周八\"\n\
         error: 产线!A3: 产线编号: duplicate line_id \"L1\" (first on row 2)\n\
         error: 订单!D7: 数量: expected a number 0.000001..=1000000000, found \"abc\"\n\
         3 problems found; nothing was planned or written\n"
    );
    assert!(!out_dir.exists());
}

#[test]
fn a_missing_sheet_and_a_missing_column_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    let mut sheets = small_plant(vec![
        vec![T("订单号"), T("产品编号"), T("要求交期"), T("目的地")],
        vec![T("A1"), T("P1"), T("2026-03-20"), T("D1")],
    ]);
    sheets.retain(|(name, _)| *name != "运输");
    workbook(&book, &sheets);
    let err = bad_input(&book);
    assert!(
        err.contains("error: plant.xlsx: missing required sheet transit (运输)\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: 订单: column qty: missing required column (expected a header qty or 数量 in the header row, row 1)\n"
        ),
        "{err}"
    );
}

#[test]
fn two_sheets_for_one_file_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    let mut sheets = small_plant(vec![order_header()]);
    sheets.push(("Orders", vec![order_header()]));
    workbook(&book, &sheets);
    let err = bad_input(&book);
    assert!(
        err.contains(
            "error: plant.xlsx: two sheets hold orders.csv: \"订单\" and \"Orders\"; keep one (named orders or 订单)\n"
        ),
        "{err}"
    );
}

/// `import` takes a workbook too: the database keeps its plant sheets as CSV texts, and
/// exported back they plan as the demo does.
#[test]
fn a_workbook_imports_into_the_order_book() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    demo_workbook(&book);
    let db = dir.path().join("book.db");
    promise()
        .args(["import", "--quiet", "--data"])
        .arg(&book)
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    let out = dir.path().join("exported");
    promise()
        .args(["export", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let lines = std::fs::read_to_string(out.join("lines.csv")).unwrap();
    assert!(lines.starts_with("产线编号,"), "{lines}");
    assert_eq!(plan_json(&out), plan_json(&demo()));
}

/// A formula whose cached value is an error is reported once, as such, in a column the
/// loader reads (an id would otherwise be "#N/A"), and ignored in a notes column.
#[test]
fn formula_errors_are_reported_where_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    let mut wb = Workbook::new();
    let mut sheets = small_plant(vec![
        vec![
            T("订单号"),
            T("产品编号"),
            T("数量"),
            T("要求交期"),
            T("目的地"),
            T("备注"),
        ],
        vec![T(""), T("P1"), N(10.0), T("2026-03-20"), T("D1"), T("")],
        vec![T("A2"), T("P1"), N(10.0), T("2026-03-20"), T("D1"), T("")],
    ]);
    let orders = sheets.pop().unwrap();
    workbook_into(&mut wb, &sheets);
    let ws = wb.add_worksheet();
    ws.set_name(orders.0).unwrap();
    write_rows(ws, &orders.1);
    let na = || Formula::new("=NA()").set_result("#N/A");
    ws.write_formula(1, 0, na()).unwrap();
    ws.write_formula(1, 5, na()).unwrap();
    ws.write_formula(2, 5, na()).unwrap();
    wb.save(&book).unwrap();
    assert_eq!(
        bad_input(&book),
        "error: 订单!A2: 订单号: the cell's formula gives the error #N/A; expected a value\n\
         1 problem found; nothing was planned or written\n"
    );
}

#[test]
fn no_output_replaces_the_input_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    workbook(&book, &small_plant(vec![order_header()]));
    let before = std::fs::read(&book).unwrap();
    for args in [["report", "--out"], ["plan", "--out"]] {
        let out = promise()
            .args([args[0], "--data"])
            .arg(&book)
            .args(["--as-of", "2026-03-02", args[1]])
            .arg(&book)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("refusing to overwrite"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&book).unwrap(), before);
}

#[test]
fn a_file_that_is_no_workbook_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plant.xlsx");
    std::fs::write(&book, "order_id,qty\nA,1\n").unwrap();
    let err = bad_input(&book);
    assert!(
        err.starts_with("error: plant.xlsx: cannot read the workbook "),
        "{err}"
    );
    assert!(
        err.ends_with("\n1 problem found; nothing was planned or written\n"),
        "{err}"
    );
}

/// `plan --out DIR/plan.xlsx [--lang L]` on SPEC.md's worked example with a committed C1
/// (300, requested 03-06) and a quote Q1 (450): the directory and the workbook's path.
fn worked_example_workbook(lang: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("plant");
    let orders = "order_id,product_id,qty,requested_date,destination,status\n\
                  C1,P1,300,2026-03-06,D1,committed\nQ1,P1,450,,D1,quote\n";
    write_plant(&data, orders, &[]);
    let out_dir = dir.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("plan.xlsx");
    promise()
        .args(["plan", "--data"])
        .arg(&data)
        .args(["--as-of", "2026-03-02", "--lang", lang, "--out"])
        .arg(&out)
        .assert()
        .success();
    (dir, out)
}

/// A sheet's rows, and the index of each header.
struct Sheet {
    rows: Vec<Vec<calamine::Data>>,
}

impl Sheet {
    fn read(book: &Path, name: &str) -> Sheet {
        use calamine::Reader;
        let mut wb = calamine::open_workbook_auto(book).unwrap();
        let range = wb.worksheet_range(name).unwrap();
        Sheet {
            rows: range.rows().map(<[_]>::to_vec).collect(),
        }
    }

    fn col(&self, header: &str) -> usize {
        self.rows[0]
            .iter()
            .position(|h| h == &calamine::Data::String(header.into()))
            .unwrap_or_else(|| panic!("no column {header}"))
    }

    /// The row whose column `header` is the text `value`.
    fn row(&self, header: &str, value: &str) -> &[calamine::Data] {
        let c = self.col(header);
        self.rows
            .iter()
            .find(|r| r[c] == calamine::Data::String(value.into()))
            .unwrap_or_else(|| panic!("no row with {header} {value}"))
    }
}

fn date(d: &calamine::Data) -> String {
    match d {
        calamine::Data::DateTime(x) => x.as_datetime().unwrap().date().to_string(),
        other => panic!("not a date: {other:?}"),
    }
}

/// C1 is planned as soon as possible and delivered 03-07, one day late; Q1 is delivered
/// 03-14 (SPEC.md). Reopened, the workbook holds them as dates and numbers, and the
/// follow-up lists (production starts C1 on 03-02, within its 2 days).
#[test]
fn plan_out_xlsx_writes_one_workbook_of_dates_and_numbers() {
    use calamine::{Data, Reader};
    let (_dir, out) = worked_example_workbook("en");
    // Written under a temporary name and renamed: nothing else is left beside it.
    let names: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["plan.xlsx"]);
    let wb = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["orders", "line_load", "purchases", "followup"]
    );
    let orders = Sheet::read(&out, "orders");
    let c1 = orders.row("order_id", "C1");
    assert_eq!(date(&c1[orders.col("delivery")]), "2026-03-07");
    assert_eq!(date(&c1[orders.col("requested_date")]), "2026-03-06");
    assert_eq!(c1[orders.col("late_days")], Data::Float(1.0));
    assert_eq!(c1[orders.col("qty")], Data::Float(300.0));
    let q1 = orders.row("order_id", "Q1");
    assert_eq!(date(&q1[orders.col("delivery")]), "2026-03-14");
    assert_eq!(q1[orders.col("late_days")], Data::Float(0.0));
    let follow = Sheet::read(&out, "followup");
    assert_eq!(follow.rows[0][0], Data::String("department".into()));
    let c1 = follow.row("order_id", "C1");
    assert_eq!(c1[0], Data::String("production".into()));
}

/// `--lang zh`: the seed procedures' terms for sheets, headers and words.
#[test]
fn plan_out_xlsx_in_chinese() {
    use calamine::{Data, Reader};
    let (_dir, out) = worked_example_workbook("zh");
    let wb = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["订单计划", "产线负荷", "采购计划", "跟单"]
    );
    let orders = Sheet::read(&out, "订单计划");
    let c1 = orders.row("订单号", "C1");
    assert_eq!(c1[orders.col("状态")], Data::String("已承诺".into()));
    assert_eq!(c1[orders.col("延期天数")], Data::Float(1.0));
    assert_eq!(date(&c1[orders.col("交付日期")]), "2026-03-07");
    assert_eq!(c1[orders.col("瓶颈类型")], Data::String("产能".into()));
    let follow = Sheet::read(&out, "跟单");
    assert_eq!(follow.row("订单号", "C1")[0], Data::String("生产".into()));
}
