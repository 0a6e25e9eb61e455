//! The follow-up lists (跟单) as text: one section per department, the orders most at risk
//! first, each line what to do, when and for whom.

use crate::followup::{FollowUp, Standing, Windows};
use crate::plan::order::fmt_qty;
use std::fmt::Write;

fn flag(s: &Standing) -> String {
    let mut out = String::new();
    if s.at_risk == Some(true) {
        let _ = write!(
            out,
            "  AT RISK{}",
            s.confidence
                .map_or(String::new(), |c| format!(" ({:.0}%)", c * 100.0))
        );
        if let Some(r) = &s.risk {
            let _ = write!(out, ": {r}");
        }
    } else if s.late {
        out.push_str("  LATE");
    }
    out
}

fn days(n: i32) -> String {
    if n == 1 {
        "today".into()
    } else {
        format!("the next {n} days")
    }
}

/// `promise followup` without `--json`.
pub fn followup_text(f: &FollowUp, w: Windows) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Follow-up as of {} (跟单)", f.as_of);
    let _ = writeln!(
        s,
        "\nPurchasing (采购) — {}: {} to release, confirm or chase",
        days(w.purchasing),
        f.purchasing.len()
    );
    for p in &f.purchasing {
        let _ = writeln!(
            s,
            "  {:<8} {}  {} × {}  for {}{}",
            p.kind,
            p.date,
            fmt_qty(p.qty),
            p.material_id,
            if p.orders.is_empty() {
                "stock".to_string()
            } else {
                p.orders.join(", ")
            },
            if p.urgent { "  URGENT" } else { "" }
        );
    }
    let _ = writeln!(
        s,
        "\nProduction (生产) — {}: {} steps to prepare people, machines and materials for",
        days(w.production),
        f.production.len()
    );
    for p in &f.production {
        let step = if p.operation.is_empty() {
            format!("step {}", p.step)
        } else {
            p.operation.clone()
        };
        let wo = p
            .parent
            .as_ref()
            .map_or(String::new(), |x| format!(" (work order for {x})"));
        let _ = writeln!(
            s,
            "  {}  {:<14} {step} of {} × {}{wo} on {} until {}{}",
            p.date,
            p.order_id,
            fmt_qty(p.qty),
            p.product_id,
            p.lines,
            p.end,
            flag(&p.standing)
        );
    }
    let _ = writeln!(
        s,
        "\nPackaging (包装) — {}: {} order lines",
        days(w.packaging),
        f.packaging.len()
    );
    for p in &f.packaging {
        let _ = writeln!(
            s,
            "  {}  {:<14} {} × {}, ships {}{}",
            p.date,
            p.order_id,
            fmt_qty(p.qty),
            p.product_id,
            p.ship_date,
            flag(&p.standing)
        );
    }
    let _ = writeln!(
        s,
        "\nShipping (发货指令) — {}: {} order lines",
        days(w.shipping),
        f.shipping.len()
    );
    for p in &f.shipping {
        let _ = writeln!(
            s,
            "  {}  {:<14} {} × {} by {} to {}, arrives {}{}",
            p.date,
            p.order_id,
            fmt_qty(p.qty),
            p.product_id,
            p.mode,
            p.destination,
            p.delivery,
            flag(&p.standing)
        );
    }
    let _ = writeln!(
        s,
        "\nOrders to follow up (跟单 / 催促) — {}: {} late or at risk",
        days(w.orders),
        f.orders.len()
    );
    for o in &f.orders {
        let _ = writeln!(
            s,
            "  {:<14} {:<16} due {} delivery {} ({}): {}{}",
            o.order_id,
            o.customer,
            o.due.map_or("—".into(), |d| d.to_string()),
            o.delivery.map_or("infeasible".into(), |d| d.to_string()),
            o.late_days.map_or("—".into(), |d| format!("{d} days late")),
            o.events.join(", "),
            flag(&o.standing)
        );
    }
    s
}
