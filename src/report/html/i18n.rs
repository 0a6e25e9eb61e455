//! Every word of the plan report, in Chinese and in English. One struct, two constants:
//! a label missing in one language is a compile error, not a blank on the page. The seed
//! procedures are Chinese, so the Chinese terms are theirs (准时交付率, 订单实施计划进度表 …).

use crate::plan::BottleneckKind;
use crate::reliability::RiskKind;

/// The language of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    Zh,
    #[default]
    En,
}

impl Lang {
    /// `zh` (also `zh-CN`, `cn`) or `en`, case-insensitive.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The value of `<html lang>`.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// The words of one language.
pub struct Labels {
    pub title: &'static str,
    pub as_of: &'static str,
    pub kpi: &'static str,
    pub orders: &'static str,
    pub committed_quotes: &'static str,
    pub on_time: &'static str,
    pub on_time_rate: &'static str,
    pub late: &'static str,
    pub late_days: &'static str,
    pub infeasible: &'static str,
    pub at_risk: &'static str,
    /// "confidence below {below} · service level {level} · {n} scenarios"
    pub at_risk_note: &'static str,
    pub not_simulated: &'static str,
    pub line_load: &'static str,
    pub line_load_note: &'static str,
    /// "first {shown} of {total} days"
    pub days_shown: &'static str,
    pub line: &'static str,
    pub closed: &'static str,
    pub shifts: &'static str,
    pub schedule: &'static str,
    pub find_order: &'static str,
    pub no_such_order: &'static str,
    pub no_orders: &'static str,
    pub order: &'static str,
    pub customer: &'static str,
    pub status: &'static str,
    pub committed: &'static str,
    pub quote: &'static str,
    pub due: &'static str,
    pub delivery: &'static str,
    pub days_late: &'static str,
    pub bottleneck: &'static str,
    pub kind: &'static str,
    pub detail: &'static str,
    pub late_orders: &'static str,
    pub every_order_on_time: &'static str,
    pub orders_at_risk: &'static str,
    pub none_at_risk: &'static str,
    pub confidence: &'static str,
    /// "promise at {level}"
    pub promise_at: &'static str,
    pub main_risk: &'static str,
    /// Column of the at-risk table with `--history`: the main risk's fitted law.
    pub fitted: &'static str,
    /// A fitted histogram's title: "{p50} {p80} {p95} {p99} {planned}" days.
    pub fitted_days: &'static str,
    /// A line's fitted breakdowns: "{every}" days between outages, "{days}" long.
    pub outage_law: &'static str,
    /// The main risk has no fitted law: the plant file's columns are simulated.
    pub no_history: &'static str,
    /// "{shown} of {total} shown"
    pub rows_shown: &'static str,
    pub step: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub reason: &'static str,
    pub review_hint: &'static str,
    /// Step labels of the Gantt chart, with `{qty}`, `{product}`, `{material}`, `{line}`,
    /// `{mode}` and `{dest}` filled in by the page's script.
    pub step_stock: &'static str,
    pub step_design: &'static str,
    pub step_material_stock: &'static str,
    pub step_material_receipts: &'static str,
    pub step_material_buy: &'static str,
    pub step_production: &'static str,
    pub step_inspection: &'static str,
    pub step_packaging: &'static str,
    pub step_transit: &'static str,
    pub step_operation: &'static str,
    pub step_work_order: &'static str,
    pub step_wait: &'static str,
    /// The stages, for the legend: design, material, production, inspection, packaging, transit.
    pub stages: [&'static str; 6],
    /// Bottleneck kinds: stock, design, material, capacity, transit.
    pub bottleneck_kinds: [&'static str; 5],
    /// Risk kinds: material, capacity, transit, none.
    pub risk_kinds: [&'static str; 4],
    /// "+{days} days on average; adds days in {share} of scenarios"
    pub risk_tail: &'static str,
    /// Sunday first (as the script's `getUTCDay`).
    pub weekdays: [&'static str; 7],
    /// "{lines} lines · {orders} open orders"
    pub plant_size: &'static str,
    pub no_script: &'static str,
}

impl Labels {
    pub fn bottleneck_kind(&self, k: BottleneckKind) -> &'static str {
        self.bottleneck_kinds[bottleneck_index(k)]
    }

    pub fn risk_kind(&self, k: RiskKind) -> &'static str {
        self.risk_kinds[match k {
            RiskKind::Material => 0,
            RiskKind::Capacity => 1,
            RiskKind::Transit => 2,
            RiskKind::None => 3,
        }]
    }
}

/// The position of a bottleneck kind in [`Labels::bottleneck_kinds`] (and in the data the
/// page's script reads).
pub fn bottleneck_index(k: BottleneckKind) -> usize {
    match k {
        BottleneckKind::Stock => 0,
        BottleneckKind::Design => 1,
        BottleneckKind::Material => 2,
        BottleneckKind::Capacity => 3,
        BottleneckKind::Transit => 4,
    }
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in values {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

pub const ZH: Labels = Labels {
    title: "订单交付计划报告",
    as_of: "计划基准日",
    kpi: "关键指标",
    orders: "订单数",
    committed_quotes: "{committed} 个已确认，{quotes} 个报价",
    on_time: "准时",
    on_time_rate: "准时交付率",
    late: "延期",
    late_days: "延期天数合计",
    infeasible: "无法交付",
    at_risk: "风险订单",
    at_risk_note: "置信度低于 {below} · 服务水平 {level} · {n} 个情景",
    not_simulated: "未做可靠性模拟",
    line_load: "产线负荷",
    line_load_note: "每格为一条产线一天的负荷率（已排产班次 ÷ 日历班次）；灰色斜线为不开工日。",
    days_shown: "显示前 {shown} 天，共 {total} 天",
    line: "产线",
    closed: "不开工",
    shifts: "班次",
    schedule: "订单实施计划进度表",
    find_order: "查找订单",
    no_such_order: "未找到该订单",
    no_orders: "没有待排产的订单",
    order: "订单",
    customer: "客户",
    status: "状态",
    committed: "已确认",
    quote: "报价",
    due: "交期",
    delivery: "计划交付",
    days_late: "延期天数",
    bottleneck: "瓶颈",
    kind: "类型",
    detail: "说明",
    late_orders: "延期订单",
    every_order_on_time: "所有订单均准时交付。",
    orders_at_risk: "风险订单",
    none_at_risk: "没有风险订单。",
    confidence: "置信度",
    promise_at: "承诺日期（{level}）",
    main_risk: "主要风险",
    fitted: "历史拟合分布",
    fitted_days: "历史拟合（天）：p50 {p50} · p80 {p80} · p95 {p95} · p99 {p99}；计划 {planned}",
    outage_law: "停机约每 {every} 天一次，平均持续 {days} 天",
    no_history: "无历史数据，按主数据",
    rows_shown: "显示 {shown} 条，共 {total} 条",
    step: "工序",
    from: "开始",
    to: "完成",
    reason: "原因",
    review_hint: "单个订单的客户订单评审记录：promise quote --order 订单号 --review 文件.html",
    step_stock: "成品库存 {qty} × {product}",
    step_design: "设计 {product}",
    step_material_stock: "物料 {material}（库存）",
    step_material_receipts: "物料 {material}（在途采购）",
    step_material_buy: "物料 {material}（采购 {qty}）",
    step_production: "生产 {qty} × {product}（{line}）",
    step_inspection: "检验 {product}",
    step_packaging: "包装 {product}",
    step_transit: "运输 {mode} → {dest}",
    step_operation: "{op} {qty} × {product}（{lines}）",
    step_work_order: "自制件 {qty} × {product}（{lines}）",
    step_wait: "{op} 后等待",
    stages: ["设计", "物料", "生产", "检验", "包装", "运输"],
    bottleneck_kinds: ["库存", "设计", "物料", "产能", "运输"],
    risk_kinds: ["物料", "产能", "运输", "无"],
    risk_tail: "平均延误 {days} 天；{share} 的情景受影响",
    weekdays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    plant_size: "{lines} 条产线 · {orders} 个待交付订单",
    no_script: "负荷图和进度表需要启用 JavaScript。",
};

pub const EN: Labels = Labels {
    title: "Delivery plan report",
    as_of: "as of",
    kpi: "Key figures",
    orders: "Orders",
    committed_quotes: "{committed} committed, {quotes} quotes",
    on_time: "On time",
    on_time_rate: "On-time delivery rate",
    late: "Late",
    late_days: "Order-days late",
    infeasible: "Infeasible",
    at_risk: "At risk",
    at_risk_note: "confidence below {below} · service level {level} · {n} scenarios",
    not_simulated: "reliability not simulated",
    line_load: "Line load",
    line_load_note: "Each cell is one line on one day: shifts booked ÷ shifts of the calendar. Hatched grey: closed.",
    days_shown: "first {shown} of {total} days",
    line: "Line",
    closed: "closed",
    shifts: "shifts",
    schedule: "Order implementation schedule",
    find_order: "Find order",
    no_such_order: "No such order",
    no_orders: "No open orders to plan",
    order: "Order",
    customer: "Customer",
    status: "Status",
    committed: "committed",
    quote: "quote",
    due: "Due",
    delivery: "Delivery",
    days_late: "Days late",
    bottleneck: "Bottleneck",
    kind: "kind",
    detail: "Detail",
    late_orders: "Late orders",
    every_order_on_time: "Every order is on time.",
    orders_at_risk: "Orders at risk",
    none_at_risk: "No order is at risk.",
    confidence: "Confidence",
    promise_at: "Promise at {level}",
    main_risk: "Main risk",
    fitted: "Fitted from history",
    fitted_days: "fitted from history (days): p50 {p50} · p80 {p80} · p95 {p95} · p99 {p99}; planned {planned}",
    outage_law: "an outage about every {every} days, {days} days long on average",
    no_history: "no history: the plant file's law",
    rows_shown: "{shown} of {total} shown",
    step: "Step",
    from: "From",
    to: "To",
    reason: "Reason",
    review_hint: "One order's review record (客户订单评审记录): promise quote --order ID --review FILE.html",
    step_stock: "{qty} × {product} from finished stock",
    step_design: "design of {product}",
    step_material_stock: "{material} (stock)",
    step_material_receipts: "{material} (receipts)",
    step_material_buy: "{material} (buy {qty})",
    step_production: "production of {qty} × {product} on {line}",
    step_inspection: "inspection of {product}",
    step_packaging: "packaging of {product}",
    step_transit: "{mode} to {dest}",
    step_operation: "{op} of {qty} × {product} on {lines}",
    step_work_order: "work order {qty} × {product} on {lines}",
    step_wait: "wait after {op}",
    stages: [
        "design",
        "material",
        "production",
        "inspection",
        "packaging",
        "transit",
    ],
    bottleneck_kinds: ["stock", "design", "material", "capacity", "transit"],
    risk_kinds: ["material", "capacity", "transit", "none"],
    risk_tail: "+{days} days on average; adds days in {share} of scenarios",
    weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    plant_size: "{lines} lines · {orders} open orders",
    no_script: "The line-load map and the schedule need JavaScript.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_and_fill() {
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse(" ZH-cn "), Some(Lang::Zh));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(
            fill(
                EN.step_production,
                &[("qty", "450"), ("product", "P1"), ("line", "L1")]
            ),
            "production of 450 × P1 on L1"
        );
    }
}
