use super::args::QuoteArgs;
use super::{Failure, Result, output};
use promise::day::Day;
use promise::explain;
use promise::load::ranges::Bounds;
use promise::model::{Kind, Order, OrderBook, OrderLine, Plant};
use promise::reliability::Options;
use promise::report::outlook::{self, Assessment};
use promise::report::{document, review, text};
use promise::snapshot::Snapshot;
use std::sync::Arc;

pub fn run(a: QuoteArgs) -> Result<()> {
    let doc = a
        .review
        .as_deref()
        .map(|p| output::document_kind(p, &a.common.data))
        .transpose()?;
    let (plant, book, settings) = super::load(&a.common)?;
    let (order, skip) = match &a.order {
        Some(id) => {
            let ix = *book.index.get(id).ok_or_else(|| {
                Failure::Input(format!("error: --order: no order \"{id}\" in orders.csv"))
            })?;
            let order = book.orders[ix].clone();
            if !order.status.is_open() {
                return Err(Failure::Input(format!(
                    "error: --order: order \"{id}\" is {}; there is nothing to quote",
                    order.status.as_str()
                )));
            }
            (order, Some(ix))
        }
        None => (ad_hoc(&a, &plant, &book)?, None),
    };
    let plant = Arc::new(plant);
    let book = Arc::new(book);
    let snapshot = Snapshot::without(plant.clone(), book.clone(), settings, skip);
    let review = explain::review(&snapshot, &order, a.insert);
    let r = &a.reliability;
    let outlook = r.service_level.and_then(|level| {
        let opts = Options {
            scenarios: r.scenarios,
            seed: r.seed,
        };
        Some((level, snapshot.outlook(&order, &review.plan, opts)?))
    });
    let buffer_days = match &outlook {
        Some((level, o)) => o
            .distribution
            .promise(*level)
            .since(o.distribution.deterministic),
        None => a.buffer_days,
    };
    if let (Some(path), Some(kind)) = (&a.review, doc) {
        let text = document::document(
            &plant,
            &settings,
            &book,
            &order,
            &review,
            &snapshot.bookings,
            buffer_days,
            kind,
            a.lang,
        );
        output::write_file(path, &text)?;
        eprintln!("wrote the review record to {}", path.display());
    }
    if a.json {
        let mut j = review::review_json(
            &plant,
            &book,
            &order,
            &review,
            &snapshot.bookings,
            buffer_days,
        );
        if let Some((level, o)) = &outlook {
            Assessment {
                level: *level,
                by: order.requested(),
                risk_below: None,
            }
            .apply(&mut j, o);
        }
        output::print_json(&j, true)
    } else {
        let mut s = text::review_record_at(
            &plant,
            &settings,
            &order,
            &review.plan,
            &snapshot.bookings,
            review.seq,
            buffer_days,
            a.lang,
        );
        if let Some((level, o)) = &outlook {
            s.push_str(&outlook::quote_block(&order, o, *level));
        }
        s.push_str(&review::review_sections(&plant, &book, &review, a.lang));
        output::print(&s)
    }
}

/// Builds the order of an ad-hoc quote, checking every flag against the plant.
fn ad_hoc(a: &QuoteArgs, plant: &Plant, book: &OrderBook) -> Result<Order> {
    let mut problems = Vec::new();
    let product = match &a.product {
        None => {
            problems.push("give --order ID, or --product, --qty and --destination".to_string());
            None
        }
        Some(p) => plant.product(p).or_else(|| {
            problems.push(format!(
                "--product: unknown product \"{p}\" (not in products.csv)"
            ));
            None
        }),
    };
    let bounds = Bounds::of("qty", true);
    let qty = a.qty.filter(|&q| bounds.contains(q));
    if a.product.is_some() && qty.is_none() {
        problems.push(format!(
            "--qty: expected {}, found {:?}",
            bounds.expected(),
            a.qty
        ));
    }
    let destination = a.destination.as_deref().and_then(|d| {
        plant.destination(d).or_else(|| {
            problems.push(format!(
                "--destination: unknown destination \"{d}\" (not in transit.csv)"
            ));
            None
        })
    });
    let requested = match &a.requested {
        None => None,
        Some(s) => match Day::read(s) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(format!("--requested: {}", e.describe(s)));
                None
            }
        },
    };
    let kind = Kind::parse(&a.kind).unwrap_or_else(|| {
        problems.push(format!(
            "--kind: expected standard or special, found \"{}\"",
            a.kind
        ));
        Kind::Standard
    });
    let mode = match (&a.mode, destination) {
        (Some(m), Some(d)) => plant.destinations[d]
            .mode_named(m)
            .map(Some)
            .unwrap_or_else(|| {
                problems.push(format!(
                    "--mode: unknown mode \"{m}\" for destination \"{}\"",
                    plant.destinations[d].id
                ));
                None
            }),
        _ => None,
    };
    if book.get(&a.id).is_some() {
        problems.push(format!(
            "--id: \"{}\" is already an order of orders.csv; quote it with --order",
            a.id
        ));
    }
    match (product, qty, destination) {
        (Some(product), Some(qty), Some(destination)) if problems.is_empty() => Ok(Order::quote(
            a.id.clone(),
            vec![OrderLine {
                requested,
                priority: a.priority,
                kind,
                split: a.split,
                mode,
                ..OrderLine::new(product, qty, destination)
            }],
        )),
        _ => Err(Failure::Input(
            problems
                .iter()
                .map(|p| format!("error: {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    }
}
