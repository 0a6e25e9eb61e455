//! Explanations in the report's language: the bottleneck of a late order and the main
//! risk of an order at risk. English is the engine's own sentence (`Detail`'s `Display`,
//! the `detail` of every output); Chinese is worded here from the same facts. The
//! planner's reasons for an infeasible order stay as the engine wrote them.

use super::i18n::{Labels, Lang, fill};
use crate::model::{Order, Plant};
use crate::plan::OrderPlan;
use crate::plan::bookings::{self, Bookings, Detail, Held, Made};
use crate::plan::order::fmt_qty;
use crate::reliability::Risk;

/// The order's bottleneck explained (its planning position `seq` decides which bookings
/// are "earlier orders").
pub fn order_detail(
    plant: &Plant,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
    lang: Lang,
) -> String {
    let facts = bookings::order_facts(plant, order, plan, bookings, seq);
    match lang {
        Lang::En => facts.to_string(),
        Lang::Zh => zh(&facts),
    }
}

fn made_zh(m: &Made) -> String {
    format!(
        "{} × {} 于 {}..{} 生产（{} 班次）",
        fmt_qty(m.qty),
        m.product,
        m.start,
        m.end,
        fmt_qty(m.shifts)
    )
}

/// A bottleneck in Chinese.
pub fn zh(d: &Detail) -> String {
    match d {
        Detail::Nothing => String::new(),
        Detail::Reason(r) => r.clone(),
        Detail::Stock { qty, product } => format!("{} × {product} 由成品库存供货", fmt_qty(*qty)),
        Detail::Design {
            product,
            days,
            until,
        } => format!("非常规订单：{product} 设计需 {days} 天，至 {until}"),
        Detail::MaterialsReady(ready) => format!("物料于 {ready} 齐套"),
        Detail::Purchase {
            material,
            qty,
            ordered,
            ready,
            lead_time,
            inspection,
        } => format!(
            "{material} 需采购 {}：{ordered} 下单，{ready} 可用（采购周期 {lead_time} 天 + 检验 {inspection} 天）",
            fmt_qty(*qty)
        ),
        Detail::Receipt {
            material,
            due,
            inspection,
            ready,
        } => {
            format!("{material} 随 {due} 到货的在途采购供应（检验 {inspection} 天），{ready} 可用")
        }
        Detail::Capacity {
            lines, made, held, ..
        } => match held {
            Held::JustInTime { due } => {
                let due = due.map_or(String::new(), |d| format!("，{d} 前到货"));
                format!("按准时制排产于 {lines}{due}：{}", made_zh(made))
            }
            Held::Booked {
                from,
                until,
                earlier,
            } => format!(
                "产线 {lines} 自 {from} 至 {until} 已被 {earlier} 个先排订单占用；{}",
                made_zh(made)
            ),
            Held::Shared { earlier } => {
                format!(
                    "{}，在 {lines} 上与 {earlier} 个先排订单共用",
                    made_zh(made)
                )
            }
        },
        Detail::Transit {
            mode,
            destination,
            days,
            ship,
            delivery,
        } => format!("{mode} 运往 {destination} 需 {days} 天（{ship} 发运，{delivery} 到达）"),
    }
}

/// "物料 M1：平均延误 0.3 天；23% 的情景受影响".
pub fn risk_zh(t: &Labels, r: &Risk) -> String {
    let tail = fill(
        t.risk_tail,
        &[
            ("days", &format!("{:.1}", r.mean_days)),
            ("share", &format!("{:.0}%", 100.0 * r.share)),
        ],
    );
    format!("{} {}：{tail}", t.risk_kind(r.kind), r.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::Day;

    #[test]
    fn chinese_wording_of_a_booked_line() {
        let d = Day::parse("2026-03-09").unwrap();
        let facts = Detail::Capacity {
            lines: "L1".into(),
            line_count: 1,
            made: Made {
                qty: 450.0,
                product: "P1".into(),
                start: d,
                end: d + 4,
                shifts: 4.5,
            },
            held: Held::Booked {
                from: d - 7,
                until: d - 1,
                earlier: 2,
            },
        };
        assert_eq!(
            facts.to_string(),
            "line L1 is booked from 2026-03-02 until 2026-03-08 by 2 earlier orders; \
             450 × P1 made 2026-03-09..2026-03-13 (4.5 shifts)"
        );
        assert_eq!(
            zh(&facts),
            "产线 L1 自 2026-03-02 至 2026-03-08 已被 2 个先排订单占用；\
             450 × P1 于 2026-03-09..2026-03-13 生产（4.5 班次）"
        );
    }
}
