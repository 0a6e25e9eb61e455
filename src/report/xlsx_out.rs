//! The plan as one Excel workbook (`plan --out plan.xlsx`): the sheets of `plan --out DIR`
//! (orders, line load, purchases, work orders) and the follow-up lists, each built from
//! the same CSV text, so the workbook and the CSV files never disagree. Dates are real
//! Excel dates, numbers numbers (ids stay text), the header row is frozen and filtered,
//! late order lines are filled red, columns are fitted to their contents. Built in memory:
//! the caller writes the bytes atomically.

use crate::day::Day;
use crate::followup::FollowUp;
use crate::report::html::Lang;
use chrono::Datelike;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

/// Excel's light red fill for bad values (its "Light Red Fill with Dark Red Text").
const LATE_FILL: u32 = 0xFFC7CE;
const LATE_TEXT: u32 = 0x9C0006;

/// The workbook of `sheets` (sheet name, CSV text with a header row), in order; in
/// Chinese, the sheet names, headers and the words among the values (status, bottleneck
/// kind, department, yes/no) are the seed procedures' terms.
pub fn plan_workbook(sheets: &[(&str, String)], lang: Lang) -> Result<Vec<u8>, String> {
    build(sheets, lang).map_err(|e| format!("cannot build the workbook: {e}"))
}

fn build(sheets: &[(&str, String)], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let formats = Formats::new();
    for (name, text) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(match lang {
            Lang::Zh => sheet_zh(name),
            Lang::En => name,
        })?;
        write_sheet(ws, text, &formats, lang)?;
    }
    wb.save_to_buffer()
}

struct Formats {
    header: Format,
    date: Format,
    late: Format,
    late_date: Format,
}

impl Formats {
    fn new() -> Formats {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let late = Format::new()
            .set_background_color(Color::RGB(LATE_FILL))
            .set_font_color(Color::RGB(LATE_TEXT));
        Formats {
            header: Format::new().set_bold(),
            late_date: late.clone().set_num_format("yyyy-mm-dd"),
            late,
            date,
        }
    }
}

fn write_sheet(ws: &mut Worksheet, text: &str, f: &Formats, lang: Lang) -> Result<(), XlsxError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .filter_map(|r| r.ok())
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let Some(header) = rows.first() else {
        return Ok(());
    };
    let late_col = header.iter().position(|h| h == "late_days");
    for (c, h) in header.iter().enumerate() {
        let shown = match lang {
            Lang::Zh => header_zh(h),
            Lang::En => h.clone(),
        };
        ws.write_string_with_format(0, c as u16, shown, &f.header)?;
    }
    for (r, row) in rows.iter().enumerate().skip(1) {
        let late = late_col
            .and_then(|c| row.get(c))
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|d| d > 0.0);
        for (c, v) in row.iter().enumerate() {
            let (r, col) = (r as u32, c as u16);
            let v = match (lang, header.get(c)) {
                (Lang::Zh, Some(h)) => value_zh(h, v),
                _ => v,
            };
            let text_only = header.get(c).is_some_and(|h| is_text_column(h));
            if let Some(d) = iso_date(v) {
                let fmt = if late { &f.late_date } else { &f.date };
                ws.write_datetime_with_format(r, col, d, fmt)?;
            } else if let (Some(n), false) = (number(v), text_only) {
                if late {
                    ws.write_number_with_format(r, col, n, &f.late)?;
                } else {
                    ws.write_number(r, col, n)?;
                }
            } else if late {
                ws.write_string_with_format(r, col, v, &f.late)?;
            } else if !v.is_empty() {
                ws.write_string(r, col, v)?;
            }
        }
    }
    let (last_row, last_col) = (rows.len() as u32 - 1, header.len().max(1) as u16 - 1);
    ws.set_freeze_panes(1, 0)?;
    if rows.len() > 1 {
        ws.autofilter(0, 0, last_row, last_col)?;
    }
    ws.autofit();
    Ok(())
}

/// The Chinese name of a sheet of the plan.
fn sheet_zh(name: &str) -> &str {
    match name {
        "orders" => "订单计划",
        "line_load" => "产线负荷",
        "purchases" => "采购计划",
        "work_orders" => "自制件工单",
        "followup" => "跟单",
        other => other,
    }
}

/// The Chinese header of a column of the plan's sheets (`step2_start` → 工序2开始); an
/// unknown one stays as it is.
fn header_zh(h: &str) -> String {
    if let Some(rest) = h.strip_prefix("step")
        && let Some((n, what)) = rest.split_once('_')
        && n.chars().all(|c| c.is_ascii_digit())
    {
        let what = match what {
            "name" => "名称",
            "lines" => "产线",
            "start" => "开始",
            "end" => "结束",
            other => other,
        };
        return format!("工序{n}{what}");
    }
    let zh = match h {
        "order_id" => "订单号",
        "status" => "状态",
        "customer" => "客户",
        "priority" => "优先级",
        "product_id" => "产品编号",
        "line_product_id" => "订单产品",
        "material_id" => "物料编号",
        "line_id" => "产线编号",
        "qty" => "数量",
        "from_stock" => "库存供货",
        "requested_date" => "要求交期",
        "promised_date" => "承诺交期",
        "due_date" | "due" => "交期",
        "design_end" => "设计完成",
        "material_ready" => "物料齐套",
        "production_start" => "开工日期",
        "production_end" => "完工日期",
        "production_lines" | "lines" => "产线",
        "ship_date" => "发货日期",
        "mode" => "运输方式",
        "destination" => "目的地",
        "delivery" => "交付日期",
        "order_delivery" => "订单交付日期",
        "late_days" => "延期天数",
        "late" => "延期",
        "feasible" => "可行",
        "bottleneck_kind" => "瓶颈类型",
        "bottleneck_id" => "瓶颈",
        "bottleneck_detail" => "瓶颈说明",
        "reason" => "原因",
        "date" => "日期",
        "shifts" => "班次",
        "shifts_used" => "已用班次",
        "share_used" => "负荷率",
        "units" => "产量",
        "release_date" => "下单日期",
        "available_date" => "到货可用日期",
        "orders" => "相关订单",
        "parent" => "上级产品",
        "step" => "工序号",
        "operation" => "工序名称",
        "start" => "开始",
        "end" => "结束",
        "ready" => "完成日期",
        "department" => "部门",
        "kind" => "类别",
        "urgent" => "紧急",
        "events" => "事项",
        other => other,
    };
    zh.to_string()
}

/// The Chinese word for a value of column `h` (status, bottleneck kind, department,
/// yes/no); ids, names and numbers stay as they are.
fn value_zh<'v>(h: &str, v: &'v str) -> &'v str {
    match (h, v) {
        ("status", "committed") => "已承诺",
        ("status", "quote") => "报价",
        ("status", "shipped") => "已发货",
        ("status", "cancelled") => "已取消",
        ("bottleneck_kind", "stock") => "库存",
        ("bottleneck_kind", "design") => "设计",
        ("bottleneck_kind", "material") => "物料",
        ("bottleneck_kind", "capacity") => "产能",
        ("bottleneck_kind", "transit") => "运输",
        ("department", "purchasing") => "采购",
        ("department", "production") => "生产",
        ("department", "packaging") => "包装",
        ("department", "shipping") => "发运",
        ("department", "orders") => "订单跟催",
        ("kind", "release") => "下达采购",
        ("kind", "confirm") => "确认到货",
        ("kind", "overdue") => "逾期未到",
        (_, "true") => "是",
        (_, "false") => "否",
        _ => v,
    }
}

/// Columns whose values are names or ids, kept as text even when they look like numbers
/// (an order `1001`, a line `07`).
fn is_text_column(header: &str) -> bool {
    header.ends_with("_id")
        || header.ends_with("lines")
        || matches!(header, "customer" | "mode" | "destination" | "orders")
}

fn number(v: &str) -> Option<f64> {
    v.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `YYYY-MM-DD` exactly, as a date.
fn iso_date(v: &str) -> Option<ExcelDateTime> {
    if !Day::is_iso(v) {
        return None;
    }
    let d = Day::read(v).ok()?.date();
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}

/// The follow-up lists as one table: a `department` column, then every key of the lists'
/// entries (in order of first appearance); lists of ids joined by ", ".
pub fn followup_csv(f: &FollowUp) -> String {
    let v = serde_json::to_value(f).unwrap_or(Value::Null);
    let departments = [
        "purchasing",
        "production",
        "packaging",
        "shipping",
        "orders",
    ];
    let mut keys: Vec<String> = Vec::new();
    let mut entries: Vec<(&str, &serde_json::Map<String, Value>)> = Vec::new();
    for d in departments {
        for e in v[d].as_array().into_iter().flatten() {
            if let Some(o) = e.as_object() {
                for k in o.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
                entries.push((d, o));
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["department".to_string()];
    header.extend(keys.iter().cloned());
    let _ = w.write_record(&header);
    for (d, o) in entries {
        let mut row = vec![d.to_string()];
        row.extend(keys.iter().map(|k| cell(o.get(k))));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| cell(Some(x)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Object(_)) => String::new(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_by_their_text() {
        assert!(iso_date("2026-03-02").is_some());
        assert!(iso_date("2026-3-2").is_none());
        assert!(iso_date("2026-13-01").is_none());
        assert_eq!(number("12.5"), Some(12.5));
        assert_eq!(number("inf"), None);
        assert!(is_text_column("order_id") && is_text_column("production_lines"));
        assert!(!is_text_column("qty"));
        assert_eq!(header_zh("step2_start"), "工序2开始");
        assert_eq!(header_zh("late_days"), "延期天数");
        assert_eq!(header_zh("stepx_start"), "stepx_start");
        assert_eq!(value_zh("status", "committed"), "已承诺");
        assert_eq!(value_zh("customer", "committed"), "committed");
        assert_eq!(value_zh("feasible", "false"), "否");
        assert_eq!(
            cell(Some(&serde_json::json!(["A", "B"]))),
            "A, B".to_string()
        );
    }
}
