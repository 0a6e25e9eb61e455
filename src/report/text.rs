//! Readable text for people: the plan summary and the order review record of a quote.

use super::Outcome;
use crate::model::{Order, Plant};
use crate::plan::bookings::Bookings;
use crate::plan::facts;
use crate::plan::graph::{self, Source, Step};
use crate::plan::order::fmt_qty;
use crate::plan::{OrderPlan, Settings};
use crate::report::detail;
use crate::report::gantt::{self, StepKind, Supply};
use crate::report::html::{Lang, fill};
use crate::report::review_words::{self, Words};
use std::fmt::Write;

/// `promise quote` without `--json`: the order review record (客户订单评审记录).
pub fn review_record(
    plant: &Plant,
    settings: &Settings,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    buffer_days: i32,
) -> String {
    review_record_at(
        plant,
        settings,
        order,
        plan,
        bookings,
        crate::snapshot::AFTER_ALL,
        buffer_days,
        Lang::En,
    )
}

/// The review record of an order planned at position `seq` of the committed plan (a
/// rush order is planned before some of them; only those before it hold its lines), in
/// `lang`.
#[allow(clippy::too_many_arguments)]
pub fn review_record_at(
    plant: &Plant,
    settings: &Settings,
    order: &Order,
    plan: &OrderPlan,
    bookings: &Bookings,
    seq: u32,
    buffer_days: i32,
    lang: Lang,
) -> String {
    let w = review_words::words(lang);
    let o = Outcome::of(order, plan, buffer_days);
    let mut s = String::new();
    let (what, dest) = super::what_and_where(plant, order);
    let as_of = settings.as_of.to_string();
    let _ = writeln!(
        s,
        "{}",
        fill(
            w.heading,
            &[
                ("id", &order.id),
                ("what", &what),
                ("dest", dest),
                ("as_of", &as_of)
            ]
        )
    );
    if let Some(r) = order.requested() {
        let _ = writeln!(s, "{}{}{r}", label(lang, "Requested", w.requested), w.colon);
    }
    let Some(delivery) = o.delivery else {
        let reason = plan.reason.clone().unwrap_or_default();
        let _ = writeln!(s, "\n{}", fill(w.not_feasible, &[("reason", &reason)]));
        return s;
    };
    let promise = o.promise.unwrap_or(delivery);
    let _ = writeln!(
        s,
        "{}{}{delivery}",
        label(lang, "Earliest delivery", w.earliest),
        w.colon
    );
    let _ = writeln!(
        s,
        "{}{}",
        label(lang, "Promise date:      ", &format!("{}：", w.promise)),
        fill(
            w.promise_buffer,
            &[
                ("promise", &promise.to_string()),
                ("days", &buffer_days.to_string())
            ]
        )
    );
    let holds = label(lang, "The requested date holds", w.holds);
    match o.due {
        Some(due) if promise <= due => {
            let spare = due.since(promise);
            let _ = writeln!(
                s,
                "{holds}{}{}{}",
                w.colon,
                fill(
                    review_words::one_or_many(spare.into(), w.spare),
                    &[("days", &spare.to_string())]
                ),
                w.stop
            );
        }
        Some(due) => {
            let late = promise.since(due);
            let _ = writeln!(
                s,
                "{holds}{}{}{}",
                w.colon,
                fill(
                    review_words::one_or_many(late.into(), w.late_keep),
                    &[
                        ("days", &late.to_string()),
                        ("promise", &promise.to_string())
                    ]
                ),
                w.stop
            );
        }
        None => {}
    }
    match lang {
        Lang::En => timelines_en(&mut s, plant, settings, order, plan),
        Lang::Zh => timelines(&mut s, plant, settings, plan, w, lang),
    }
    let _ = writeln!(s, "  {:<25} {}", delivery.to_string(), w.delivery);
    let b = &plan.bottleneck;
    let facts = facts::order_facts(plant, order, plan, bookings, seq);
    let (kind, why) = match lang {
        Lang::En => (b.kind.as_str(), facts.to_string()),
        Lang::Zh => (lang.labels().bottleneck_kind(b.kind), detail::zh(&facts)),
    };
    let _ = writeln!(s, "\n{}{}{kind} {} — {why}", w.bottleneck, w.colon, b.id);
    s
}

/// The English record's label, or the Chinese one (the English keeps its own spacing).
fn label<'a>(lang: Lang, en: &'a str, zh: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The timeline of every order line as the planner's graph words it (English).
fn timelines_en(
    s: &mut String,
    plant: &Plant,
    settings: &Settings,
    order: &Order,
    plan: &OrderPlan,
) {
    let g = graph::build(plant, settings, order, plan);
    for (i, lp) in plan.lines.iter().enumerate() {
        let _ = writeln!(
            s,
            "\nTimeline of {} × {}:",
            fmt_qty(lp.qty),
            plant.products[lp.product].id
        );
        if let Err(reason) = &lp.outcome {
            let _ = writeln!(s, "  infeasible: {reason}");
            continue;
        }
        let nodes = g.timeline(i);
        let stock: Vec<&str> = nodes
            .iter()
            .filter(|n| n.step == Step::Supply(Source::Stock))
            .map(|n| n.label.trim_end_matches(" from stock"))
            .collect();
        if !stock.is_empty() {
            let _ = writeln!(
                s,
                "  {:<25} materials from stock: {}",
                settings.as_of.to_string(),
                stock.join(", ")
            );
        }
        for n in nodes {
            if n.step == Step::Supply(Source::Stock) {
                continue;
            }
            // Zero-length design, inspection and packaging steps are noise in a timeline.
            let empty = n.start == n.end
                && matches!(
                    n.step,
                    Step::Design | Step::Inspection | Step::Packaging | Step::Wait(_)
                );
            if matches!(n.step, Step::Material(_)) || empty {
                continue;
            }
            let dates = if n.start == n.end {
                format!("{}", n.start)
            } else {
                format!("{} → {}", n.start, n.end)
            };
            let _ = writeln!(s, "  {:<25} {}", dates, n.label);
        }
    }
}

/// The timeline of every order line from the implementation schedule's steps, worded
/// with the plan report's step labels in `lang`: materials from stock on one line.
fn timelines(
    s: &mut String,
    plant: &Plant,
    settings: &Settings,
    plan: &OrderPlan,
    w: &Words,
    lang: Lang,
) {
    let steps = gantt::steps(plant, settings, plan);
    for (i, lp) in plan.lines.iter().enumerate() {
        let qty = fmt_qty(lp.qty);
        let product = &plant.products[lp.product].id;
        let _ = writeln!(
            s,
            "\n{}",
            fill(w.timeline, &[("qty", &qty), ("product", product)])
        );
        if let Err(reason) = &lp.outcome {
            let _ = writeln!(s, "  {}：{reason}", w.infeasible);
            continue;
        }
        let mine = steps.iter().filter(|st| st.line == i);
        let (stock, mut rest): (Vec<_>, Vec<_>) =
            mine.partition(|st| st.kind == StepKind::Material(Supply::Stock));
        if !stock.is_empty() {
            let ids: Vec<&str> = stock
                .iter()
                .filter_map(|st| st.subject.map(|m| plant.materials[m].id.as_str()))
                .collect();
            let _ = writeln!(
                s,
                "  {:<25} {}：{}",
                settings.as_of.to_string(),
                w.stock_materials,
                ids.join(", ")
            );
        }
        rest.sort_by_key(|st| (st.from, st.to));
        for st in rest {
            let dates = if st.from == st.to {
                st.from.to_string()
            } else {
                format!("{} → {}", st.from, st.to)
            };
            let _ = writeln!(
                s,
                "  {:<25} {}",
                dates,
                review_words::step_label(plant, plan, st, lang)
            );
        }
    }
}

/// The block `plan --optimize` adds to the summary.
pub fn optimization_summary(o: &crate::optimize::Optimized) -> String {
    format!(
        "\nOptimisation: heuristic {}, optimised {}, lower bound {}{}, gap {:.1}%, {:.1} s\n  ({} iterations; lower bound by {} {}, {} variables, {}-day buckets, {} LPs, {:.1} s)\n",
        fmt_qty(o.heuristic_objective),
        fmt_qty(o.objective),
        fmt_qty(o.lower_bound),
        if o.valid {
            ""
        } else {
            " (INVALID: above the objective, a bug in the bound)"
        },
        o.gap,
        o.seconds,
        o.iterations,
        o.solver.name(),
        if o.bound.solved {
            "LP"
        } else {
            "(LP not solved: each line alone)"
        },
        o.bound.variables,
        o.bound.bucket_days,
        o.bound.rungs,
        o.bound.seconds,
    )
}
