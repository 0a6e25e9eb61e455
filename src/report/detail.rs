//! Bottleneck facts ([`crate::plan::facts::Detail`]) in words: English — the `detail` of
//! every output — and Chinese for the documents and the plan report. The planner's
//! reasons for an infeasible order stay as the planner wrote them.

use crate::model::{Order, Plant};
use crate::plan::bookings::Bookings;
use crate::plan::facts::{self, Detail, Held, Made, StepLabel};
use crate::plan::order::fmt_qty;
use crate::plan::{LinePlan, OrderPlan};
use std::fmt;

/// The English explanation of an order's bottleneck (`seq`: its planning position).
pub fn detail(
    plant: &Plant,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
) -> String {
    facts::order_facts(plant, order, plan, bookings, seq).to_string()
}

/// The English explanation of one order line's bottleneck.
pub fn line_detail(
    plant: &Plant,
    order: &Order,
    lp: &LinePlan,
    bookings: &Bookings,
    seq: u32,
) -> String {
    facts::line_facts(plant, order, lp, bookings, seq).to_string()
}

/// The bottleneck as one line of a table: `capacity L2: …`, or naming the step that holds
/// the order (`capacity assembly on ASM-1: …`, `material SHAFT for assembly: …`).
pub fn bottleneck_line(
    plant: &Plant,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
) -> String {
    let b = &plan.bottleneck;
    match facts::order_facts(plant, order, plan, bookings, seq) {
        Detail::AtStep { step, detail } => match b.kind {
            crate::plan::BottleneckKind::Capacity => {
                format!("capacity {step} on {}: {detail}", b.id)
            }
            kind => format!("{} {} for {step}: {detail}", kind.as_str(), b.id),
        },
        facts => format!("{} {}: {facts}", b.kind.as_str(), b.id),
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl fmt::Display for StepLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() {
            write!(f, "step {}", self.number)
        } else {
            f.write_str(&self.name)
        }
    }
}

/// A step in Chinese: its routing name, else "工序 N".
pub fn step_zh(s: &StepLabel) -> String {
    if s.name.is_empty() {
        format!("工序 {}", s.number)
    } else {
        s.name.clone()
    }
}

impl fmt::Display for Made {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} × {} made {}..{} ({} shifts)",
            fmt_qty(self.qty),
            self.product,
            self.start,
            self.end,
            fmt_qty(self.shifts)
        )
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detail::Nothing => Ok(()),
            Detail::Reason(r) => f.write_str(r),
            Detail::Stock { qty, product } => {
                write!(f, "{} × {product} come from finished stock", fmt_qty(*qty))
            }
            Detail::Design {
                product,
                days,
                until,
            } => write!(
                f,
                "special order: design of {product} takes {days} days, until {until}"
            ),
            Detail::MaterialsReady(ready) => write!(f, "materials ready on {ready}"),
            Detail::Purchase {
                material,
                qty,
                ordered,
                ready,
                lead_time,
                inspection,
            } => write!(
                f,
                "{} of {material} must be bought: ordered {ordered}, ready {ready} (lead time {lead_time} + inspection {inspection} days)",
                fmt_qty(*qty)
            ),
            Detail::Receipt {
                material,
                due,
                inspection,
                ready,
            } => write!(
                f,
                "{material} comes with the receipt due {due} (+{inspection} days inspection), ready {ready}"
            ),
            Detail::Capacity {
                lines,
                line_count,
                made,
                held,
            } => match held {
                Held::JustInTime { due } => {
                    let due = due.map_or(String::new(), |d| format!(" to arrive by {d}"));
                    write!(f, "planned just in time on {lines}{due}: {made}")
                }
                Held::Booked {
                    from,
                    until,
                    earlier,
                } => write!(
                    f,
                    "{} {lines} {} booked from {from} until {until} by {}; {made}",
                    if *line_count == 1 { "line" } else { "lines" },
                    if *line_count == 1 { "is" } else { "are" },
                    plural(*earlier, "earlier order")
                ),
                Held::Shared { earlier } => write!(
                    f,
                    "{made} on {lines}, shared with {}",
                    plural(*earlier, "earlier order")
                ),
            },
            Detail::Transit {
                mode,
                destination,
                days,
                ship,
                delivery,
            } => write!(
                f,
                "{mode} to {destination} takes {days} days (ships {ship}, arrives {delivery})"
            ),
            Detail::WorkOrder {
                component,
                qty,
                lines,
                start,
                end,
                ready,
            } => write!(
                f,
                "{} × {component} are made in-house on {lines} {start}..{end}, ready {ready}",
                fmt_qty(*qty)
            ),
            Detail::AtStep { step, detail } => write!(f, "{step}: {detail}"),
        }
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
        Detail::WorkOrder {
            component,
            qty,
            lines,
            start,
            end,
            ready,
        } => format!(
            "自制件 {} × {component} 于 {start}..{end} 在 {lines} 生产，{ready} 可用",
            fmt_qty(*qty)
        ),
        Detail::AtStep { step, detail } => format!("{}：{}", step_zh(step), zh(detail)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::Day;
    use crate::plan::facts::{Held, Made};

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
