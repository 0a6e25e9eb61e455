//! `promise serve` under hostile and careless use (issue 11): each test reproduces one way
//! a client once bricked, double-sold, starved or bloated the service, and checks it no
//! longer can.

mod common;

use common::http::{Server, TOKEN, call, commit_body, raw, worked_example};
use promise::store::Store;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NO_ORDERS: &str = "order_id,product_id,qty,requested_date,destination\n";

fn promise(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_promise"))
        .args(args)
        .output()
        .unwrap()
}

fn server(orders: &str, extra: &[&str]) -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    worked_example(&data, orders);
    let s = Server::start(dir.path(), &data, &dir.path().join("book.db"), extra);
    (dir, s)
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

fn errors(v: &Value) -> String {
    v["error"].as_str().unwrap_or_default().to_string()
}

/// Waits until `f` holds, at most `secs` seconds.
fn eventually(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}

fn metric(s: &Server, name: &str) -> f64 {
    let (st, text) = raw(&s.addr, "GET", "/metrics", Some(TOKEN), b"").unwrap();
    assert_eq!(st, 200, "{text}");
    text.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
}

// ---------------------------------------------------------------- 1. far-future dates

#[test]
fn a_far_future_date_is_refused_everywhere_and_the_book_stays_usable() {
    let (dir, mut s) = server(NO_ORDERS, &[]);
    // The original reproduction: a re-plan for 9999-12-31, then a commit for that day.
    let (st, v) = s.call("POST", "/replan", Some(r#"{"as_of": "9999-12-31"}"#));
    assert_eq!(st, 400, "{v}");
    assert!(
        errors(&v).contains("as_of: expected a date from 1900-01-01 to 2999-12-31"),
        "{v}"
    );
    // Within the range but beyond today's horizon.
    let (st, v) = s.call("POST", "/replan", Some(r#"{"as_of": "2990-01-01"}"#));
    assert_eq!(st, 400, "{v}");
    assert!(errors(&v).contains("at most the horizon"), "{v}");
    let body = commit_body("F", 10.0, "9999-12-31", Some("9999-12-31"));
    let (st, v) = s.call("POST", "/orders", Some(&body));
    assert_eq!(st, 400, "{v}");
    assert!(
        errors(&v).contains("requested_date: expected a date from 1900-01-01"),
        "{v}"
    );
    // Change sets and status changes still work, and the data set still loads.
    let (st, v) = s.call(
        "POST",
        "/orders",
        Some(&commit_body("A", 10.0, "2026-03-20", None)),
    );
    assert_eq!(st, 201, "{v}");
    let (st, v) = s.call(
        "POST",
        "/changes",
        Some(r#"{"changes": [{"kind": "order_date", "order_id": "A", "date": "9999-12-31"}]}"#),
    );
    assert_eq!(st, 400, "{v}");
    let (st, v) = s.call(
        "POST",
        "/changes",
        Some(r#"{"changes": [{"kind": "order_date", "order_id": "A", "date": "2026-03-27"}]}"#),
    );
    assert_eq!(st, 200, "{v}");
    let (st, v) = s.call(
        "POST",
        "/orders/A/status",
        Some(r#"{"status": "cancelled"}"#),
    );
    assert_eq!(st, 200, "{v}");
    s.kill();
    let out = dir.path().join("out");
    let ex = promise(&[
        "export",
        "--db",
        &dir.path().join("book.db").to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(
        ex.status.success(),
        "{}",
        String::from_utf8_lossy(&ex.stderr)
    );
    let plan = promise(&[
        "plan",
        "--data",
        &out.to_string_lossy(),
        "--as-of",
        "2026-03-02",
        "--json",
    ]);
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
}

#[test]
fn a_promise_beyond_2999_is_a_400_that_stores_nothing() {
    // Days of design, inspection, packaging and transit that add up past 2999.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::write_plant(
        &data,
        NO_ORDERS,
        &[
            (
                "products.csv",
                "product_id,design_days,inspection_days,packaging_days\nP1,100000,100000,100000\n",
            ),
            ("transit.csv", "destination,mode,days\nD1,truck,100000\n"),
        ],
    );
    let db = dir.path().join("book.db");
    let mut s = Server::start(dir.path(), &data, &db, &["--horizon-days", "300000"]);
    let body = r#"{"order_id": "FAR", "destination": "D1", "requested_date": "2026-04-01", "kind": "special", "lines": [{"product_id": "P1", "qty": 1}]}"#;
    let (st, v) = s.call("POST", "/orders", Some(body));
    assert_eq!(st, 400, "{v}");
    assert!(errors(&v).contains("after 2999-12-31"), "{v}");
    assert_eq!(s.call("GET", "/orders/FAR", None).0, 404);
    s.kill();
    // The book still starts.
    let s = Server::start(dir.path(), &data, &db, &["--horizon-days", "300000"]);
    assert_eq!(s.call("GET", "/health", None).0, 200);
}

#[test]
fn date_flags_and_date_cells_outside_the_range_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    worked_example(
        &data,
        "order_id,product_id,qty,requested_date,destination\nO1,P1,10,9999-12-31,D1\n",
    );
    let d = data.to_string_lossy();
    let out = promise(&["plan", "--data", &d, "--as-of", "2026-03-02"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("orders.csv:2: column requested_date: expected a date from 1900-01-01 to 2999-12-31, found \"9999-12-31\""),
        "{err}"
    );
    worked_example(&data, NO_ORDERS);
    for (flag, value) in [("--as-of", "9999-12-31"), ("--as-of", "2990-01-01")] {
        let out = promise(&["plan", "--data", &d, flag, value]);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
    }
    let out = promise(&[
        "quote",
        "--data",
        &d,
        "--as-of",
        "2026-03-02",
        "--product",
        "P1",
        "--qty",
        "1",
        "--destination",
        "D1",
        "--requested",
        "3000-01-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------- 2. one server per database

#[test]
fn a_second_server_or_an_import_is_refused_while_the_first_runs_even_while_it_shuts_down() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    worked_example(&data, NO_ORDERS);
    let db = dir.path().join("book.db");
    let mut first = Server::start(
        dir.path(),
        &data,
        &db,
        &["--shutdown-grace", "2s", "--read-timeout", "60s"],
    );
    let pid = first.child.id();
    let token = dir.path().join("token");
    let second = |db: &Path| {
        Command::new(env!("CARGO_BIN_EXE_promise"))
            .args(["serve", "--db"])
            .arg(db)
            .arg("--token-file")
            .arg(&token)
            .args([
                "--listen",
                "127.0.0.1:0",
                "--as-of",
                "2026-03-02",
                "--quiet",
            ])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = second(&db);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("promise serve (pid {pid}, started ")),
        "{err}"
    );
    let out = promise(&[
        "import",
        "--force",
        "--data",
        &data.to_string_lossy(),
        "--db",
        &db.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("pid {pid}")));
    // export reads beside the server.
    let (st, _) = first.call(
        "POST",
        "/orders",
        Some(&commit_body("A", 10.0, "2026-03-20", None)),
    );
    assert_eq!(st, 201);
    let out_dir = dir.path().join("out");
    let out = promise(&[
        "export",
        "--db",
        &db.to_string_lossy(),
        "--out",
        &out_dir.to_string_lossy(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(out_dir.join("orders.csv"))
            .unwrap()
            .contains("\nA,")
    );
    // A slow shutdown: a request in flight (its body still coming) holds the first server
    // for its grace period; the lock is held all that time.
    let mut slow = TcpStream::connect(&first.addr).unwrap();
    slow.write_all(b"POST /quote HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let killed = Instant::now();
    unsafe { libc::kill(pid as i32, libc::SIGTERM) };
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        first.child.try_wait().unwrap().is_none(),
        "still shutting down"
    );
    let out = second(&db);
    assert_eq!(out.status.code(), Some(2), "refused during the shutdown");
    // The grace period is bounded: it exits although the client never finishes.
    assert!(eventually(30, || first.child.try_wait().unwrap().is_some()));
    let took = killed.elapsed();
    assert!(took < Duration::from_secs(30), "{took:?}");
    drop(slow);
    let again = Server::start(dir.path(), &data, &db, &[]);
    assert_eq!(again.call("GET", "/orders/A", None).0, 200);
}

// ---------------------------------------------------------------- 3. closures as spans

#[test]
fn a_line_down_for_centuries_is_refused_beyond_the_horizon_and_stored_as_one_row_within_it() {
    // The issue's row, on a service with the default horizon (7300 days): refused.
    let issue = r#"{"changes": [{"kind": "line_down", "line_id": "", "from": "2026-03-02", "to": "2299-12-14"}]}"#;
    let (_d2, s2) = server(NO_ORDERS, &[]);
    let (st, v) = s2.call("POST", "/changes", Some(issue));
    assert_eq!(st, 400, "{v}");
    assert!(
        errors(&v).contains(
            "changes[0].to: expected a date within the plan's horizon (on or before 2046-02-25)"
        ),
        "{v}"
    );
    // With a horizon that reaches it: one row, however many days.
    let (dir, mut s) = server(NO_ORDERS, &["--horizon-days", "100000"]);
    let (st, v) = s.call("POST", "/changes", Some(issue));
    assert_eq!(st, 200, "{v}");
    let (_, q) = s.call(
        "POST",
        "/quote",
        Some(r#"{"product_id": "P1", "qty": 1, "destination": "D1"}"#),
    );
    // The line works again from 2299-12-15 (a Monday): made then, shipped, delivered.
    assert_eq!(q["earliest_delivery"], "2299-12-18", "{q}");
    s.kill();
    let out = dir.path().join("out");
    let ex = promise(&[
        "export",
        "--db",
        &dir.path().join("book.db").to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(ex.status.success());
    let cal = std::fs::read_to_string(out.join("calendar.csv")).unwrap();
    assert_eq!(
        cal,
        "date,line_id,shifts,reason,to\n2026-03-02,L1,0,line down (change notice),2299-12-14\n"
    );
    // A change set is bounded in size too.
    let many: Vec<String> = (0..5001)
        .map(|_| r#"{"kind": "order_cancel", "order_id": "X"}"#.to_string())
        .collect();
    let (st, v) = s2.call(
        "POST",
        "/changes",
        Some(&format!("{{\"changes\": [{}]}}", many.join(","))),
    );
    assert_eq!(st, 400);
    assert!(errors(&v).contains("at most 5000 changes"), "{v}");
}

// ---------------------------------------------------------------- 5. heavy work

#[test]
fn simulations_are_admitted_cancelled_with_their_client_and_bounded_by_a_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(
        dir.path(),
        &demo(),
        &dir.path().join("book.db"),
        &[
            "--sim-concurrency",
            "1",
            "--sim-queue",
            "0",
            "--sim-deadline",
            "60s",
        ],
    );
    // A long simulation whose client goes away.
    let mut c = TcpStream::connect(&s.addr).unwrap();
    write!(
        c,
        "GET /plan?service_level=0.9&scenarios=10000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
    )
    .unwrap();
    assert!(eventually(20, || metric(&s, "promise_simulations_running") == 1.0));
    // The only slot is taken and no one may wait: 503 with Retry-After, at once.
    let (st, text) = raw(
        &s.addr,
        "GET",
        "/plan?service_level=0.9&scenarios=10",
        Some(TOKEN),
        b"",
    )
    .unwrap();
    assert_eq!(st, 503, "{text}");
    // Plain quotes and commits do not wait for it.
    let (st, _) = s.call(
        "POST",
        "/quote",
        Some(r#"{"product_id": "MS-10-8", "qty": 4, "destination": "Shanghai"}"#),
    );
    assert_eq!(st, 200);
    drop(c);
    assert!(eventually(20, || metric(&s, "promise_simulations_running") == 0.0));
    let stopped = {
        let (_, text) = raw(&s.addr, "GET", "/metrics", Some(TOKEN), b"").unwrap();
        text
    };
    assert!(
        stopped.contains("promise_simulations_stopped_total{reason=\"client_gone\"} 1"),
        "{stopped}"
    );
    assert_eq!(metric(&s, "promise_simulations_rejected_total"), 1.0);
    assert_eq!(metric(&s, "promise_simulations_waiting"), 0.0);
    // A deadline: the answer is 503 and the simulation stops.
    let dir2 = tempfile::tempdir().unwrap();
    let s2 = Server::start(
        dir2.path(),
        &demo(),
        &dir2.path().join("book.db"),
        &["--sim-deadline", "300ms"],
    );
    let (st, text) = raw(
        &s2.addr,
        "GET",
        "/plan?service_level=0.9&scenarios=10000",
        Some(TOKEN),
        b"",
    )
    .unwrap();
    assert_eq!(st, 503, "{text}");
    assert!(text.contains("deadline"), "{text}");
}

// ---------------------------------------------------------------- 6. storage

#[test]
fn review_records_are_pruned_to_the_retention_policy() {
    let (dir, s) = server(NO_ORDERS, &["--review-keep", "5"]);
    for _ in 0..20 {
        let (st, _) = s.call(
            "POST",
            "/quote",
            Some(r#"{"product_id": "P1", "qty": 1, "destination": "D1"}"#),
        );
        assert_eq!(st, 200);
    }
    assert!(eventually(
        10,
        || s.call("GET", "/health", None).1["reviews_written"] == 20
    ));
    let db = dir.path().join("book.db");
    assert!(eventually(10, || Store::open_read_only(&db)
        .unwrap()
        .unwrap()
        .counts()
        .unwrap()[2]
        <= 5));
    assert!(metric(&s, "promise_reviews_pruned_total") >= 15.0);
}

#[test]
fn a_customer_is_stored_once_per_order_not_once_per_line() {
    // 60 products, one order of 60 lines with a long customer name: stored once, not 60
    // times; and a name beyond 1,000 characters is refused.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let products: String = (0..60).map(|i| format!("P{i},1\n")).collect();
    let capacity: String = (0..60).map(|i| format!("L1,P{i},100\n")).collect();
    common::write_plant(
        &data,
        NO_ORDERS,
        &[
            (
                "products.csv",
                &format!("product_id,inspection_days\n{products}"),
            ),
            (
                "capacity.csv",
                &format!("line_id,product_id,units_per_shift\n{capacity}"),
            ),
        ],
    );
    let db = dir.path().join("book.db");
    let s = Server::start(dir.path(), &data, &db, &[]);
    let lines: Vec<String> = (0..60)
        .map(|i| format!("{{\"product_id\": \"P{i}\", \"qty\": 1}}"))
        .collect();
    let customer = "C".repeat(12_000);
    let body = format!(
        "{{\"order_id\": \"BIG\", \"customer\": \"{customer}\", \"destination\": \"D1\", \"requested_date\": \"2027-06-01\", \"lines\": [{}]}}",
        lines.join(",")
    );
    let (st, v) = s.call("POST", "/orders", Some(&body));
    assert_eq!(st, 400, "{v}");
    assert!(
        errors(&v).contains("customer: expected at most 1000 characters, found 12000"),
        "{v}"
    );
    let customer = "C".repeat(1000);
    let body = body.replace(&"C".repeat(12_000), &customer);
    let (st, v) = s.call("POST", "/orders", Some(&body));
    assert_eq!(st, 201, "{v}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: i64 = conn
        .query_row("SELECT SUM(length(name)) FROM customer", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 1000);
    let per_line: i64 = conn
        .query_row(
            "SELECT COUNT(DISTINCT customer_id) FROM order_line WHERE order_id = 'BIG'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(per_line, 1);
}

#[test]
fn quotes_without_a_token_are_rate_limited_per_client() {
    let (_d, s) = server(
        NO_ORDERS,
        &[
            "--open-quotes",
            "--quote-rate",
            "1",
            "--quote-rate-global",
            "100",
        ],
    );
    let q = r#"{"product_id": "P1", "qty": 1, "destination": "D1"}"#;
    let codes: Vec<u16> = (0..3)
        .map(|_| {
            raw(&s.addr, "POST", "/quote", None, q.as_bytes())
                .unwrap()
                .0
        })
        .collect();
    assert_eq!(codes, [200, 200, 429]);
    let mut c = TcpStream::connect(&s.addr).unwrap();
    write!(
        c,
        "POST /quote HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{q}",
        q.len()
    )
    .unwrap();
    let mut answer = String::new();
    c.read_to_string(&mut answer).unwrap();
    assert!(
        answer.to_ascii_lowercase().contains("retry-after: "),
        "{answer}"
    );
    // The token's holders are not limited.
    for _ in 0..5 {
        assert_eq!(s.call("POST", "/quote", Some(q)).0, 200);
    }
}

#[test]
fn a_database_of_the_first_schema_is_migrated_and_serves_the_same_book() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.db");
    common::restore_fixture(&db, "schema_v1.sql");
    let before: Vec<(String, String)> = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut st = conn
            .prepare("SELECT order_id, customer FROM order_line ORDER BY order_id, row")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(before.len(), 5);
    let mut store = Store::open(&db).unwrap();
    assert!(store.missing.is_empty(), "{:?}", store.missing);
    let data = store.data_set().unwrap();
    let orders = &data
        .files
        .iter()
        .find(|(n, _)| n == "orders.csv")
        .unwrap()
        .1;
    for (id, customer) in &before {
        let cell = if customer.contains(',') {
            format!("\"{customer}\"")
        } else {
            customer.clone()
        };
        assert!(
            orders.contains(&format!("{id},{cell},")),
            "{id} {customer} in\n{orders}"
        );
    }
    assert_eq!(data.booked, ["C1"]);
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, promise::store::schema::VERSION);
    assert_eq!(
        conn.query_row("SELECT COUNT(*) FROM customer", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        4
    );
    // The service restores the commit made under schema 1, and its history.
    let empty = dir.path().join("none");
    std::fs::create_dir_all(&empty).unwrap();
    let s = Server::start(dir.path(), &empty, &db, &[]);
    let (st, v) = s.call("GET", "/orders/C1", None);
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["plan"]["delivery"], "2026-03-30", "{v}");
    assert_eq!(v["history"][0]["status"], "committed");
    let (st, v) = s.call("GET", "/orders/B1", None);
    assert_eq!(
        (st, &v["status"]),
        (200, &Value::from("in_production")),
        "{v}"
    );
}

#[test]
fn a_missing_table_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    drop(Store::open(&db).unwrap());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("DROP TABLE order_event")
        .unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.missing, ["order_event"]);
    assert!(Store::open(&db).unwrap().missing.is_empty());
}

// ---------------------------------------------------------------- 7. --open-quotes

#[test]
fn without_a_token_only_ad_hoc_quotes_are_answered_and_no_order_is_named() {
    // SO-1 needs every shift up to its just-in-time end: a rush order moves it.
    let orders = "order_id,customer,product_id,qty,requested_date,destination,priority\nSO-1,ACME,P1,1000,2026-03-16,D1,5\n";
    let (_d, s) = server(orders, &["--open-quotes", "--quote-rate", "1000"]);
    let anon = |body: &str| call(&s.addr, "POST", "/quote", None, Some(body)).unwrap();
    // An order of the book, or an id that is not one: the same answer.
    let known = anon(r#"{"order_id": "SO-1"}"#);
    let unknown = anon(r#"{"order_id": "SO-404"}"#);
    assert_eq!(known.0, 401);
    assert_eq!(known, unknown);
    // An ad-hoc quote may carry any label, an existing id included: no probe.
    let (st, v) =
        anon(r#"{"order_id": "SO-1", "product_id": "P1", "qty": 100, "destination": "D1"}"#);
    assert_eq!(st, 200, "{v}");
    let (st, v) = anon(
        r#"{"product_id": "P1", "qty": 100, "destination": "D1", "priority": 0, "insert": true}"#,
    );
    assert_eq!(st, 200, "{v}");
    assert!(v.get("impact").is_none(), "{v}");
    assert_eq!(v["rush"]["orders_moved"], 1, "{v}");
    assert!(!v.to_string().contains("SO-1"), "{v}");
    // With the token, the impact names the orders.
    let (_, v) = s.call("POST", "/quote", Some(r#"{"product_id": "P1", "qty": 100, "destination": "D1", "priority": 0, "insert": true}"#));
    assert_eq!(v["impact"][0]["order_id"], "SO-1", "{v}");
    assert_eq!(
        call(&s.addr, "GET", "/orders/SO-1", None, None).unwrap().0,
        401
    );
}

// ---------------------------------------------------------------- 9. operational basics

#[test]
fn idle_and_half_open_connections_are_closed_after_the_read_timeout() {
    let (_d, s) = server(NO_ORDERS, &["--read-timeout", "1s"]);
    let mut idle = TcpStream::connect(&s.addr).unwrap();
    let mut half = TcpStream::connect(&s.addr).unwrap();
    half.write_all(b"POST /quote HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    for c in [&mut idle, &mut half] {
        c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut buf = Vec::new();
        let _ = c.read_to_end(&mut buf);
        // Closed by the server (EOF, possibly after a 408), not by our own timeout.
        assert!(buf.is_empty() || String::from_utf8_lossy(&buf).contains("408"));
    }
    // A body that never finishes: 408.
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    slow.write_all(format!("POST /quote HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 50\r\n\r\n{{").as_bytes())
        .unwrap();
    let mut answer = String::new();
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = slow.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[test]
fn tokens_must_be_16_to_1024_characters() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    worked_example(&data, NO_ORDERS);
    for (token, ok) in [("short", false), (&*"x".repeat(2000), false)] {
        let file = dir.path().join("t");
        std::fs::write(&file, token).unwrap();
        let out = promise(&[
            "serve",
            "--data",
            &data.to_string_lossy(),
            "--db",
            &dir.path().join("b.db").to_string_lossy(),
            "--token-file",
            &file.to_string_lossy(),
            "--listen",
            "127.0.0.1:0",
        ]);
        assert_eq!(out.status.success(), ok);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("expected a token of 16 to 1024 characters")
        );
    }
}

#[test]
fn errors_are_json_capped_and_say_how_to_authenticate() {
    let (_d, s) = server(NO_ORDERS, &[]);
    // 401 names the scheme; the scheme is case-insensitive.
    let mut c = TcpStream::connect(&s.addr).unwrap();
    c.write_all(b"GET /plan HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    c.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("www-authenticate: bearer realm=\"promise\""),
        "{answer}"
    );
    let mut c = TcpStream::connect(&s.addr).unwrap();
    write!(c, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: bearer {TOKEN}\r\n\r\n").unwrap();
    let mut answer = String::new();
    c.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // A bad path: JSON, not text.
    let (st, text) = raw(&s.addr, "GET", "/orders/%FF%FE", Some(TOKEN), b"").unwrap();
    assert_eq!(st, 400);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(errors(&v).starts_with("path: "), "{v}");
    // Duplicate keys.
    let (st, v) = s.call(
        "POST",
        "/quote",
        Some(r#"{"product_id": "P1", "qty": 1, "qty": 1000, "destination": "D1"}"#),
    );
    assert_eq!(st, 400);
    assert!(errors(&v).contains("duplicate key \"qty\""), "{v}");
    // 2,000 bad change rows: the first 50 problems and the count.
    let rows: Vec<String> = (0..2000)
        .map(|_| r#"{"kind": "order_cancel", "order_id": "NOPE"}"#.to_string())
        .collect();
    let (st, v) = s.call(
        "POST",
        "/changes",
        Some(&format!("{{\"changes\": [{}]}}", rows.join(","))),
    );
    assert_eq!(st, 400);
    assert_eq!(v["problems"], 2000);
    assert_eq!(v["errors"].as_array().unwrap().len(), 51);
    assert!(v.to_string().len() < 20_000);
}

#[test]
fn requests_are_logged_one_line_each_and_counted_in_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    worked_example(&data, NO_ORDERS);
    let token = dir.path().join("token");
    std::fs::write(&token, TOKEN).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_promise"))
        .args(["serve", "--data"])
        .arg(&data)
        .arg("--db")
        .arg(dir.path().join("book.db"))
        .arg("--token-file")
        .arg(&token)
        .args(["--listen", "127.0.0.1:0", "--as-of", "2026-03-02"])
        .env("RUST_LOG", "promise::http=info,warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let s = Server { child, addr };
    assert_eq!(
        s.call(
            "POST",
            "/quote",
            Some(r#"{"product_id": "P1", "qty": 1, "destination": "D1"}"#)
        )
        .0,
        200
    );
    assert_eq!(
        s.call(
            "POST",
            "/orders",
            Some(&commit_body("A", 10.0, "2026-03-20", None))
        )
        .0,
        201
    );
    assert_eq!(metric(&s, "promise_commits_total"), 1.0);
    assert_eq!(metric(&s, "promise_commit_fsync_seconds_count"), 1.0);
    assert_eq!(metric(&s, "promise_writer_queue_depth"), 0.0);
    let (_, text) = raw(&s.addr, "GET", "/metrics", Some(TOKEN), b"").unwrap();
    assert!(
        text.contains(
            "promise_http_requests_total{endpoint=\"/quote\",method=\"POST\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("promise_http_request_duration_seconds_count{endpoint=\"/orders\"} 1"),
        "{text}"
    );
    let mut s = s;
    unsafe { libc::kill(s.child.id() as i32, libc::SIGTERM) };
    let _ = s.child.wait();
    let mut err = String::new();
    s.child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let logged: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("promise::http"))
        .collect();
    assert!(
        logged.iter().any(|l| l.contains("method=POST")
            && l.contains("path=/quote")
            && l.contains("status=200")
            && l.contains("ms=")),
        "{err}"
    );
}
