//! The review record and the change notice on the generated M plant (50 lines, 2,000
//! products, 20,000 orders).
//!
//! - `review/m`: the full review record of one ad-hoc quote on a warm snapshot — its
//!   plan, every lever, the split schedule of split orders and the rush insertion impact
//!   (re-planning every committed order it goes ahead of) — and its JSON. Target ≤ 100 ms.
//! - `review/m_levers`: the levers alone (each re-plans the quote on a modified copy).
//! - `change/m_line_down_3`: one line down for 3 days — apply the change, plan before and
//!   after, compare. Target ≤ 1 s.
//! - `change/m_all_lines_down_3`: every line down for 3 days.

/// The allocator the binary uses (src/main.rs), so that the benches measure what ships.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use promise::day::Day;
use promise::explain::{self, Change, Edit, change};
use promise::generator::{generate, generate_routed, sized};
use promise::load::load_files;
use promise::model::{Kind, Order, OrderBook, OrderLine, Plant, Status};
use promise::plan::Settings;
use promise::report::review::inquiry_json;
use promise::report::review::review_json;
use promise::snapshot::{self, Snapshot};
use std::hint::black_box;
use std::sync::Arc;

fn start() -> Day {
    Day::parse("2026-03-02").unwrap()
}

/// The generated plant of `size` (`m`, or `m-routed` with routings).
fn plant_of(size: &str) -> (Plant, OrderBook) {
    let files = match sized(size, start()).unwrap() {
        (p, true) => generate_routed(&p),
        (p, false) => generate(&p),
    };
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    load_files(&refs).unwrap()
}

/// A spread of ad-hoc quotes: products, quantities, destinations, a few special and
/// split ones, all due in 30 days at the default priority 0.
fn quotes(plant: &Plant) -> Vec<Order> {
    (0..32)
        .map(|i| {
            let kind = if i % 8 == 0 {
                Kind::Special
            } else {
                Kind::Standard
            };
            let line = OrderLine::new(
                (i * 61) % plant.products.len(),
                50.0 + (i % 7) as f64 * 40.0,
                i % plant.destinations.len(),
            );
            Order::quote(
                format!("Q{i}"),
                vec![OrderLine {
                    requested: Some(start() + 30),
                    kind,
                    split: i % 3 == 0,
                    ..line
                }],
            )
        })
        .collect()
}

fn review(c: &mut Criterion) {
    let mut g = c.benchmark_group("review");
    g.sample_size(20);
    for size in ["m", "m-routed"] {
        review_of(&mut g, size);
    }
    g.finish();
}

fn review_of(g: &mut criterion::BenchmarkGroup<criterion::measurement::WallTime>, size: &str) {
    let (plant, book) = plant_of(size);
    let plant = Arc::new(plant);
    let book = Arc::new(book);
    let snap = Snapshot::new(plant.clone(), book.clone(), Settings::new(start()));
    let orders = quotes(&plant);
    let mut i = 0;
    g.bench_function(BenchmarkId::from_parameter(size), |b| {
        b.iter(|| {
            i = (i + 1) % orders.len();
            let r = explain::review(&snap, &orders[i], false);
            let j = review_json(&plant, &book, &orders[i], &r, &snap.bookings, 0);
            black_box(j.levers.map(|l| l.len()))
        })
    });
    let mut i = 0;
    g.bench_function(BenchmarkId::from_parameter(format!("{size}_levers")), |b| {
        b.iter(|| {
            i = (i + 1) % orders.len();
            let plan = snap.quote(&orders[i]);
            black_box(
                explain::levers::levers(
                    &plant,
                    &snap.settings,
                    &snap.committed.resources,
                    &orders[i],
                    &plan,
                )
                .len(),
            )
        })
    });
}

fn change_notice(c: &mut Criterion) {
    let (plant, book) = plant_of("m");
    let settings = Settings::new(start());
    let mut g = c.benchmark_group("change");
    g.sample_size(10);
    for (name, line) in [("m_line_down_3", Some(0)), ("m_all_lines_down_3", None)] {
        let changes = [Change {
            line: 2,
            edit: Edit::LineDown {
                line,
                from: start() + 2,
                to: start() + 4,
            },
        }];
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let (p, bk, errors) = change::apply(&plant, &book, &changes);
                assert!(errors.is_empty());
                let done = explain::change_notice(&plant, &book, p, bk, settings);
                black_box(done.notice.moved.len())
            })
        });
    }
    g.finish();
}

/// The service's paths on the warm M snapshot: an inquiry (quote, levers, split, JSON —
/// what `POST /quote` computes) and a commit (`Snapshot::revise`: booked just in
/// time for a promise 120 days out, on the same base each time).
fn service(c: &mut Criterion) {
    let (plant, book) = plant_of("m");
    let plant = Arc::new(plant);
    let snap = Snapshot::new(plant.clone(), Arc::new(book), Settings::new(start()));
    let orders = quotes(&plant);
    let mut g = c.benchmark_group("service");
    g.sample_size(30);
    let mut i = 0;
    g.bench_function(BenchmarkId::from_parameter("inquiry_m"), |b| {
        b.iter(|| {
            i = (i + 1) % orders.len();
            let q = explain::inquiry(&snap, &orders[i]);
            let j = inquiry_json(&plant, &orders[i], &q, &snap.bookings, 0);
            black_box(serde_json::to_vec(&j).map(|v| v.len()))
        })
    });
    let commits: Vec<Order> = orders
        .iter()
        .map(|o| {
            let mut o = o.clone();
            o.status = Status::Committed;
            o.lines[0].promised = Some(start() + 120);
            o
        })
        .collect();
    let mut i = 0;
    g.bench_function(BenchmarkId::from_parameter("commit_m"), |b| {
        b.iter(|| {
            i = (i + 1) % commits.len();
            let next = snap.revise(snapshot::Revision::Commit(commits[i].clone()));
            black_box(next.map(|n| n.appended.len()).ok())
        })
    });
    g.finish();
}

criterion_group!(benches, review, change_notice, service);
criterion_main!(benches);
