//! Explanations in the report's language: the bottleneck of a late order and the main
//! risk of an order at risk, worded by `report::detail` from the planner's facts. The
//! planner's reasons for an infeasible order stay as the engine wrote them.

use super::i18n::{Labels, Lang, fill};
use crate::model::{Order, Plant};
use crate::plan::OrderPlan;
use crate::plan::bookings::Bookings;
use crate::plan::facts;
use crate::reliability::Risk;
use crate::report::detail::zh;

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
    let facts = facts::order_facts(plant, order, plan, bookings, seq);
    match lang {
        Lang::En => facts.to_string(),
        Lang::Zh => zh(&facts),
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
