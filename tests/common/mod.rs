//! Small plants written as CSV text, planned through the library.
#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod routed;

use promise::day::Day;
use promise::load::load_files;
use promise::model::{Kind, Order, OrderBook, OrderLine, Plant};
use promise::plan::{OrderPlan, Plan, Schedule, Settings};
use promise::snapshot::Snapshot;
use std::sync::Arc;

/// A database restored from a fixture of an older schema (`tests/fixtures/NAME`, SQL as
/// `sqlite3 .dump` writes it) at `db`.
pub fn restore_fixture(db: &std::path::Path, name: &str) {
    let sql = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("the fixture is in the repository");
    // As `sqlite3 .dump` restores: the rows of a table may come before those they refer to.
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(&format!("PRAGMA foreign_keys=OFF;\n{sql}"))
        .unwrap();
}

/// SPEC.md's worked example plant; `extra` replaces or adds files.
pub fn files<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f: Vec<(&str, &str)> = vec![
        (
            "lines.csv",
            "line_id,shifts_per_day,work_days\nL1,1,Mon-Fri\n",
        ),
        (
            "capacity.csv",
            "line_id,product_id,units_per_shift\nL1,P1,100\n",
        ),
        ("products.csv", "product_id,inspection_days\nP1,1\n"),
        ("transit.csv", "destination,mode,days\nD1,truck,2\n"),
        (
            "orders.csv",
            "order_id,product_id,qty,requested_date,destination\n",
        ),
    ];
    for (name, text) in extra {
        f.retain(|(n, _)| n != name);
        f.push((name, text));
    }
    f
}

/// Writes SPEC.md's worked example plant into `dir` (created), with `orders` as its
/// orders.csv and `extra` replacing or adding files: for tests through the binary.
pub fn write_plant(dir: &std::path::Path, orders: &str, extra: &[(&str, &str)]) {
    let mut all = vec![("orders.csv", orders)];
    all.extend_from_slice(extra);
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in files(&all) {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

pub fn load(extra: &[(&str, &str)]) -> (Plant, OrderBook) {
    match load_files(&files(extra)) {
        Ok(x) => x,
        Err(d) => panic!("test plant does not load:\n{d}"),
    }
}

pub fn d(s: &str) -> Day {
    Day::parse(s).expect("a test date")
}

/// The as-of date of SPEC.md's worked example, a Monday.
pub fn a() -> Day {
    d("2026-03-02")
}

pub fn settings() -> Settings {
    Settings::new(a())
}

pub fn plan(extra: &[(&str, &str)]) -> (Plant, OrderBook, Plan) {
    let (plant, book) = load(extra);
    let plan = Plan::build(&plant, &book, settings());
    (plant, book, plan)
}

pub fn planned<'p>(book: &OrderBook, plan: &'p Plan, id: &str) -> &'p OrderPlan {
    let ix = book.index[id];
    &plan.find(ix).expect("order planned").plan
}

pub fn sched(p: &OrderPlan, line: usize) -> &Schedule {
    p.lines[line].schedule().expect("feasible line")
}

/// An ad-hoc order of one line.
pub fn ad_hoc(
    plant: &Plant,
    product: &str,
    qty: f64,
    dest: &str,
    requested: Option<&str>,
    kind: Kind,
) -> Order {
    let line = OrderLine::new(
        plant.product(product).expect("product"),
        qty,
        plant.destination(dest).expect("destination"),
    );
    Order::quote(
        "Q",
        vec![OrderLine {
            requested: requested.map(d),
            kind,
            ..line
        }],
    )
}

/// Quotes an ad-hoc order against the committed orders of the plant.
pub fn quote(
    extra: &[(&str, &str)],
    product: &str,
    qty: f64,
    requested: Option<&str>,
    kind: Kind,
) -> (Plant, OrderPlan) {
    let (plant, book) = load(extra);
    let plant = Arc::new(plant);
    let snap = Snapshot::new(plant.clone(), Arc::new(book), settings());
    let order = ad_hoc(&plant, product, qty, "D1", requested, kind);
    let p = snap.quote(&order);
    (Arc::try_unwrap(plant).unwrap_or_else(|p| (*p).clone()), p)
}

/// (start, end) of production of a line plan.
pub fn prod(s: &Schedule) -> (Day, Day) {
    let p = s.production.as_ref().expect("produced");
    (p.start, p.end)
}

/// The demo plant shipped in `data/`.
pub fn demo() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

/// Runs the `promise` binary with `args` on the demo plant as of 2026-03-02 and returns
/// its standard output; a failure fails the test with its standard error.
pub fn promise_on_demo(command: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_promise"))
        .arg(command)
        .arg("--data")
        .arg(demo())
        .args(["--as-of", "2026-03-02"])
        .args(args)
        .output()
        .expect("promise runs");
    assert!(
        out.status.success(),
        "promise {command} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}
