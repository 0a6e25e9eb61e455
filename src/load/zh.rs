//! The Chinese names of SPEC.md's files, columns and values ("Excel workbooks and Chinese
//! headers"), in one place: a planner's ERP export or hand-kept workbook says 订单号 and
//! 已承诺, the loader reads `order_id` and `committed`. The mapping is per file because one
//! Chinese header may name different columns in different files (运输天数 is `days` in
//! `transit.csv` but `transit_days` in `subcontractors.csv`).

/// A file's columns as (English, Chinese).
pub type Columns = &'static [(&'static str, &'static str)];

/// Each file of a data set: its Chinese sheet name and its columns.
pub const FILES: [(&str, &str, Columns); 11] = [
    (
        "lines.csv",
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
        "calendar.csv",
        "日历",
        &[
            ("date", "日期"),
            ("line_id", "产线编号"),
            ("shifts", "班次"),
            ("reason", "原因"),
        ],
    ),
    (
        "capacity.csv",
        "产能",
        &[
            ("line_id", "产线编号"),
            ("product_id", "产品编号"),
            ("units_per_shift", "每班产量"),
            ("step", "工序号"),
        ],
    ),
    (
        "routing.csv",
        "工艺路线",
        &[
            ("product_id", "产品编号"),
            ("step", "工序号"),
            ("name", "工序名称"),
            ("wait_days", "工序间隔天数"),
        ],
    ),
    (
        "products.csv",
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
        "materials.csv",
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
        "bom.csv",
        "物料清单",
        &[
            ("product_id", "产品编号"),
            ("material_id", "物料编号"),
            ("qty_per_unit", "单位用量"),
            ("step", "工序号"),
        ],
    ),
    (
        "receipts.csv",
        "在途采购",
        &[
            ("material_id", "物料编号"),
            ("qty", "数量"),
            ("due_date", "到货日期"),
        ],
    ),
    (
        "transit.csv",
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
        "subcontractors.csv",
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
        "orders.csv",
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

/// The columns of `file` as (English, Chinese); none for a file SPEC.md gives no Chinese
/// names (a change file).
pub fn columns(file: &str) -> Columns {
    FILES
        .iter()
        .find(|(f, _, _)| *f == file)
        .map_or(&[], |(_, _, cols)| cols)
}

/// The English name of a header of `file` (already trimmed and lower-cased): the column
/// its Chinese name stands for, else the header itself.
pub fn column<'h>(file: &str, header: &'h str) -> &'h str {
    columns(file)
        .iter()
        .find(|(_, zh)| *zh == header)
        .map_or(header, |(en, _)| en)
}

/// The Chinese header of the column `name` of `file`.
pub fn chinese(file: &str, name: &str) -> Option<&'static str> {
    columns(file)
        .iter()
        .find(|(en, _)| *en == name)
        .map(|(_, zh)| *zh)
}

/// Whether `header` (trimmed, lower-cased) names a column of `file` in either language:
/// how a workbook's header row is told from the title rows above it.
pub fn is_column(file: &str, header: &str) -> bool {
    columns(file)
        .iter()
        .any(|(en, zh)| *en == header || *zh == header)
}

/// The file a sheet holds, by the sheet's name: the file's name without `.csv`
/// (`orders`, case-insensitive), with it (`orders.csv`), or its Chinese name (`订单`).
pub fn file_of_sheet(sheet: &str) -> Option<&'static str> {
    let s = sheet.trim().to_lowercase();
    FILES
        .iter()
        .find(|(f, zh, _)| *zh == s || *f == s || f.strip_suffix(".csv") == Some(s.as_str()))
        .map(|(f, _, _)| *f)
}

/// The Chinese sheet name of `file`.
pub fn sheet_name(file: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(f, _, _)| *f == file)
        .map(|(_, zh, _)| *zh)
}

/// The English spelling of a Chinese value of `status`, `kind` or `split`; any other text
/// is returned unchanged (and judged by the English parser).
pub fn value(s: &str) -> &str {
    match s {
        "已承诺" => "committed",
        "报价" => "quote",
        "已发货" => "shipped",
        "已取消" => "cancelled",
        "常规" => "standard",
        "非常规" => "special",
        "是" => "yes",
        "否" => "no",
        other => other,
    }
}

/// Monday = 0, for a Chinese weekday name: 周一 … 周日 (also 星期一 …, and 周天/星期天
/// for Sunday, as people write them).
pub fn weekday(s: &str) -> Option<u8> {
    let day = s.strip_prefix("星期").or_else(|| s.strip_prefix("周"))?;
    match day {
        "一" => Some(0),
        "二" => Some(1),
        "三" => Some(2),
        "四" => Some(3),
        "五" => Some(4),
        "六" => Some(5),
        "日" | "天" => Some(6),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_per_file() {
        assert_eq!(column("transit.csv", "运输天数"), "days");
        assert_eq!(column("subcontractors.csv", "运输天数"), "transit_days");
        assert_eq!(column("orders.csv", "qty"), "qty");
        assert_eq!(column("orders.csv", "运输天数"), "运输天数");
        assert_eq!(column("changes.csv", "数量"), "数量");
        assert!(is_column("orders.csv", "数量") && is_column("orders.csv", "qty"));
        assert!(!is_column("orders.csv", "订单明细表"));
    }

    #[test]
    fn sheets_by_either_name() {
        assert_eq!(file_of_sheet("订单"), Some("orders.csv"));
        assert_eq!(file_of_sheet(" Orders "), Some("orders.csv"));
        assert_eq!(file_of_sheet("bom.csv"), Some("bom.csv"));
        assert_eq!(file_of_sheet("Sheet1"), None);
        assert_eq!(sheet_name("bom.csv"), Some("物料清单"));
    }

    #[test]
    fn values_and_weekdays() {
        assert_eq!(value("已承诺"), "committed");
        assert_eq!(value("非常规"), "special");
        assert_eq!(value("否"), "no");
        assert_eq!(value("quote"), "quote");
        assert_eq!(weekday("周一"), Some(0));
        assert_eq!(weekday("星期日"), Some(6));
        assert_eq!(weekday("周天"), Some(6));
        assert_eq!(weekday("周八"), None);
        assert_eq!(weekday("一"), None);
    }

    /// Every English column is named once per file, and so is every Chinese one.
    #[test]
    fn names_are_unique_per_file() {
        for (file, _, cols) in FILES {
            for (i, (en, zh)) in cols.iter().enumerate() {
                assert!(
                    cols[i + 1..].iter().all(|(e, z)| e != en && z != zh),
                    "{file}: {en}/{zh} twice"
                );
            }
        }
    }
}
