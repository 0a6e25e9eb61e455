//! Promises kept, measured on the order book: an order book built through the real
//! service (commits with service levels, a change, ship and receive dates), its figures
//! computed by hand and read both from `GET /kpi` and from `promise kpi --db` beside the
//! running server; the status rules (received only after shipped, dates checked); and a
//! database of schema 2 migrated with the ship dates it can know.

mod common;

use common::http::{Server, TOKEN, call};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// The worked example's line and lane, making three products of two families.
const CAPACITY: &str =
    "line_id,product_id,units_per_shift\nL1,PUMP-50,100\nL1,PUMP-80,100\nL1,VALVE-1,100\n";
const PRODUCTS: &str = "product_id,inspection_days\nPUMP-50,1\nPUMP-80,1\nVALVE-1,0\n";
/// O6 was shipped before the book was imported (no ship date on record); Q7 is a quote.
const ORDERS: &str = "order_id,customer,product_id,qty,requested_date,destination,status,promised_date\n\
                      O6,ACME,PUMP-50,10,2026-02-20,D1,shipped,2026-02-20\n\
                      Q7,Initech,PUMP-80,10,2026-04-30,D1,quote,\n";

fn promise(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_promise"))
        .args(args)
        .output()
        .unwrap()
}

fn commit(
    s: &Server,
    id: &str,
    customer: &str,
    lines: &[(&str, u32)],
    dates: (&str, &str),
    level: Option<f64>,
) {
    let mut body = json!({
        "order_id": id,
        "customer": customer,
        "destination": "D1",
        "requested_date": dates.0,
        "promised_date": dates.1,
        "lines": lines.iter().map(|(p, q)| json!({"product_id": p, "qty": q})).collect::<Vec<_>>(),
    });
    if let Some(l) = level {
        body["service_level"] = json!(l);
    }
    let (st, v) = s.call("POST", "/orders", Some(&body.to_string()));
    assert_eq!(st, 201, "{id}: {v}");
}

fn status(s: &Server, id: &str, body: Value) -> (u16, Value) {
    s.call(
        "POST",
        &format!("/orders/{id}/status"),
        Some(&body.to_string()),
    )
}

fn rate(orders: u32, on_time: u32) -> Value {
    json!({"orders": orders, "on_time": on_time, "rate": f64::from(on_time) / f64::from(orders)})
}

fn kpi_cli(db: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["kpi", "--db", db.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let out = promise(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn kpi_figures_by_hand_on_a_book_built_through_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::write_plant(
        &data,
        ORDERS,
        &[("capacity.csv", CAPACITY), ("products.csv", PRODUCTS)],
    );
    let db = dir.path().join("book.db");
    let s = Server::start(dir.path(), &data, &db, &[]);
    commit(
        &s,
        "O1",
        "ACME",
        &[("PUMP-50", 10)],
        ("2026-03-20", "2026-03-25"),
        Some(0.95),
    );
    commit(
        &s,
        "O2",
        "ACME",
        &[("VALVE-1", 10)],
        ("2026-03-31", "2026-03-31"),
        Some(0.95),
    );
    commit(
        &s,
        "O3",
        "Globex",
        &[("PUMP-80", 10), ("VALVE-1", 5)],
        ("2026-04-10", "2026-04-15"),
        None,
    );
    commit(
        &s,
        "O4",
        "Globex",
        &[("PUMP-50", 10)],
        ("2026-04-20", "2026-04-20"),
        Some(0.8),
    );
    commit(
        &s,
        "O5",
        "Globex",
        &[("PUMP-50", 10)],
        ("2026-05-20", "2026-05-20"),
        None,
    );
    // Q7: quoted (a review record), then committed.
    let (st, v) = s.call("POST", "/quote", Some(r#"{"order_id": "Q7"}"#));
    assert_eq!(st, 200, "{v}");
    commit(
        &s,
        "Q7",
        "Initech",
        &[("PUMP-80", 10)],
        ("2026-04-30", "2026-04-30"),
        None,
    );
    // O1 changes once.
    let (st, v) = s.call(
        "POST",
        "/changes",
        Some(r#"{"changes": [{"kind": "order_qty", "order_id": "O1", "product_id": "PUMP-50", "qty": 12}]}"#),
    );
    assert_eq!(st, 200, "{v}");

    // The status rules.
    let received_early = status(&s, "O5", json!({"status": "received"}));
    assert_eq!(received_early.0, 409, "{}", received_early.1);
    for (body, field) in [
        (
            json!({"status": "shipped", "shipped_date": "2026-13-01"}),
            "shipped_date: expected a date YYYY-MM-DD",
        ),
        (
            json!({"status": "shipped", "shipped_date": "3001-01-01"}),
            "shipped_date: expected a date from 1900-01-01 to 2999-12-31",
        ),
        (
            json!({"status": "shipped", "shipped_date": 20260318}),
            "shipped_date: expected a string",
        ),
        (
            json!({"status": "shipped", "received_date": "2026-03-18"}),
            "received_date: only with the status received",
        ),
        (
            json!({"status": "delivered"}),
            "status: expected in_production, shipped, received or cancelled",
        ),
    ] {
        let (st, v) = status(&s, "O5", body.clone());
        assert_eq!(st, 400, "{body}: {v}");
        assert!(
            v["error"].as_str().unwrap().starts_with(field),
            "{body}: {v}"
        );
    }
    let bad_level = s.call(
        "POST",
        "/orders",
        Some(r#"{"order_id": "X", "destination": "D1", "service_level": 1.5, "lines": [{"product_id": "PUMP-50", "qty": 1}]}"#),
    );
    assert_eq!(bad_level.0, 400, "{}", bad_level.1);

    let (st, v) = status(
        &s,
        "O1",
        json!({"status": "shipped", "shipped_date": "2026-03-18"}),
    );
    assert_eq!((st, &v["date"]), (200, &json!("2026-03-18")), "{v}");
    let (st, v) = status(
        &s,
        "O1",
        json!({"status": "received", "received_date": "2026-03-17"}),
    );
    assert_eq!(st, 400, "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("on or after the ship date 2026-03-18"),
        "{v}"
    );
    let (st, v) = status(
        &s,
        "O1",
        json!({"status": "received", "received_date": "2026-03-24"}),
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(status(&s, "O1", json!({"status": "received"})).0, 409);
    let (_, o1) = s.call("GET", "/orders/O1", None);
    assert_eq!(o1["status"], "received");
    let history = o1["history"].as_array().unwrap();
    assert_eq!(history[0]["service_level"], 0.95, "{o1}");
    let last = &history[history.len() - 2..];
    assert_eq!(
        (
            &last[0]["status"],
            &last[0]["date"],
            &last[1]["status"],
            &last[1]["date"]
        ),
        (
            &json!("shipped"),
            &json!("2026-03-18"),
            &json!("received"),
            &json!("2026-03-24")
        ),
        "{o1}"
    );
    status_ok(
        &s,
        "O2",
        json!({"status": "shipped", "shipped_date": "2026-03-30"}),
    );
    status_ok(
        &s,
        "O2",
        json!({"status": "received", "received_date": "2026-04-02"}),
    );
    status_ok(
        &s,
        "O3",
        json!({"status": "shipped", "shipped_date": "2026-04-08"}),
    );
    // No date: the service's as-of day (2026-03-02).
    let (_, v) = status(&s, "O4", json!({"status": "shipped"}));
    assert_eq!(v["date"], "2026-03-02", "{v}");
    status_ok(
        &s,
        "Q7",
        json!({"status": "shipped", "shipped_date": "2026-03-05"}),
    );
    // Shipped, then a second time: refused.
    assert_eq!(status(&s, "Q7", json!({"status": "shipped"})).0, 409);

    // By hand. Shipped with a date: O1 (03-18, received 03-24), O2 (03-30, received
    // 04-02), O3 (04-08), O4 (03-02), Q7 (03-05); O6 has no ship date; O5 is open.
    // Promised: O1 03-24 ≤ 03-25 yes, O2 04-02 > 03-31 no, O3, O4, Q7 yes → 4/5.
    // Requested: O1 03-24 > 03-20 no, O2 no, O3, O4, Q7 yes → 3/5.
    let (st, k) = s.call("GET", "/kpi", None);
    assert_eq!(st, 200, "{k}");
    assert_eq!(
        (&k["shipped"], &k["received"], &k["shipped_without_date"]),
        (&json!(5), &json!(2), &json!(1))
    );
    assert_eq!(k["on_time"]["promised"], rate(5, 4));
    assert_eq!(k["on_time"]["requested"], rate(5, 3));
    assert_eq!(
        k["by_month"]["2026-03"],
        json!({"promised": rate(4, 3), "requested": rate(4, 2)})
    );
    assert_eq!(
        k["by_month"]["2026-04"],
        json!({"promised": rate(1, 1), "requested": rate(1, 1)})
    );
    assert_eq!(
        k["by_customer"]["ACME"],
        json!({"promised": rate(2, 1), "requested": rate(2, 0)})
    );
    assert_eq!(
        k["by_customer"]["Globex"],
        json!({"promised": rate(2, 2), "requested": rate(2, 2)})
    );
    assert_eq!(k["by_customer"]["Initech"]["promised"], rate(1, 1));
    // PUMP: O1, O3, O4, Q7; VALVE: O2, O3.
    assert_eq!(
        k["by_family"]["PUMP"],
        json!({"promised": rate(4, 4), "requested": rate(4, 3)})
    );
    assert_eq!(
        k["by_family"]["VALVE"],
        json!({"promised": rate(2, 1), "requested": rate(2, 1)})
    );
    assert_eq!(k["by_family"].as_object().unwrap().len(), 2);
    assert_eq!(
        k["calibration"]["0.95"],
        json!({"orders": 2, "kept": 1, "share": 0.5})
    );
    assert_eq!(
        k["calibration"]["0.8"],
        json!({"orders": 1, "kept": 1, "share": 1.0})
    );
    assert_eq!(
        k["changes"],
        json!({"orders": 5, "changes": 1, "per_order": 0.2})
    );
    // Only Q7 was quoted before its commit: imported as a quote, then a review record.
    assert_eq!(
        (
            &k["review_cycle"]["orders"],
            &k["review_cycle"]["without_quote"]
        ),
        (&json!(1), &json!(4))
    );
    let hours = k["review_cycle"]["max_hours"].as_f64().unwrap();
    assert!((0.0..1.0).contains(&hours), "{k}");

    // The CLI reads the same book beside the running server, and the same window.
    assert_eq!(kpi_cli(&db, &[]), k);
    let april = kpi_cli(&db, &["--from", "2026-04-01"]);
    assert_eq!(
        (&april["shipped"], &april["on_time"]["promised"]),
        (&json!(1), &rate(1, 1))
    );
    let (st, q) = s.call("GET", "/kpi?from=2026-03-01&to=2026-03-20", None);
    assert_eq!((st, &q["shipped"]), (200, &json!(3)), "{q}");
    assert_eq!(
        q,
        kpi_cli(&db, &["--from", "2026-03-01", "--to", "2026-03-20"])
    );
    let text = promise(&["kpi", "--db", db.to_str().unwrap()]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("On-time delivery vs promised:   80.0% (4/5)"),
        "{text}"
    );
    assert!(text.contains("level 0.95: 50.0% kept (1/2)"), "{text}");

    // Bad windows and no token.
    assert_eq!(
        s.call("GET", "/kpi?from=2026-04-10&to=2026-04-01", None).0,
        400
    );
    assert_eq!(s.call("GET", "/kpi?from=2026-02-30", None).0, 400);
    let (st, _) = call(&s.addr, "GET", "/kpi", None, None).unwrap();
    assert_eq!(st, 401);
    let bad = promise(&["kpi", "--db", db.to_str().unwrap(), "--to", "yesterday"]);
    assert_eq!(bad.status.code(), Some(2));
    let _ = TOKEN;
}

fn status_ok(s: &Server, id: &str, body: Value) {
    let (st, v) = status(s, id, body.clone());
    assert_eq!(st, 200, "{id} {body}: {v}");
}

#[test]
fn a_database_of_schema_2_is_migrated_with_the_ship_dates_it_can_know() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v2.db");
    common::restore_fixture(&db, "schema_v2.sql");
    // `promise kpi` migrates it (no server holds it), then reads: B1 shipped through the
    // service on 2026-03-10 (the UTC day of its event), S1 was imported as shipped.
    let k = kpi_cli(&db, &[]);
    assert_eq!(
        (&k["shipped"], &k["shipped_without_date"]),
        (&json!(1), &json!(1)),
        "{k}"
    );
    assert_eq!(k["on_time"]["promised"], rate(1, 1));
    assert_eq!(k["by_month"]["2026-03"]["requested"], rate(1, 1));
    assert_eq!(k["by_customer"]["Globex"]["promised"], rate(1, 1));
    assert_eq!(
        k["changes"],
        json!({"orders": 1, "changes": 1, "per_order": 1.0})
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, promise::store::schema::VERSION);
    assert_eq!(v, 3);
    let dates: Vec<(String, Option<String>)> = conn
        .prepare("SELECT order_id, date FROM order_event WHERE status = 'shipped' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        dates,
        [
            ("S1".to_string(), None),
            ("B1".to_string(), Some("2026-03-10".to_string()))
        ]
    );
    // The migrated book is served, and B1 can now be received (not before 03-10).
    drop(conn);
    let empty = dir.path().join("none");
    std::fs::create_dir_all(&empty).unwrap();
    let s = Server::start(dir.path(), &empty, &db, &[]);
    let (st, v) = status(
        &s,
        "B1",
        json!({"status": "received", "received_date": "2026-03-09"}),
    );
    assert_eq!(st, 400, "{v}");
    status_ok(
        &s,
        "B1",
        json!({"status": "received", "received_date": "2026-03-12"}),
    );
    let (_, k) = s.call("GET", "/kpi", None);
    // Received 03-12: after its promise (03-11), on its requested date (03-12).
    assert_eq!(k["on_time"]["promised"], rate(1, 0));
    assert_eq!(k["on_time"]["requested"], rate(1, 1));
    assert_eq!(k["received"], 1);
}
