//! The follow-up lists (跟单) on small plants computed by hand, at the windows' edges.
//! As-of 2026-03-02 is a Monday.

mod common;

use common::*;
use promise::followup::{FollowUp, Windows, followup};

fn lists(extra: &[(&str, &str)], w: Windows) -> FollowUp {
    let (plant, book, plan) = plan(extra);
    followup(&plant, &book, &plan, None, w)
}

fn ids<T>(v: &[T], f: impl Fn(&T) -> (String, String)) -> Vec<(String, String)> {
    v.iter().map(f).collect()
}

#[test]
fn production_packaging_shipping_and_orders_at_the_window_edges() {
    // L1 makes 100 × P1 a shift; P1: 1 day inspection, 1 day packaging, 50 in stock;
    // truck 2 days. Committed orders, planned by due date:
    // O0 50 from stock, due 03-04: packs from 03-02, ships 03-03, arrives 03-05 (late).
    // O1 100, due 03-05: just in time would end 03-01, so as soon as possible: made
    //    03-02, packs 03-03, ships 03-04, arrives 03-06 (late).
    // O3 100, due Sat 03-07: just in time on Tue 03-03, packs 03-04, ships 03-05.
    // O4 100, due Sun 03-08: just in time on Wed 03-04, packs 03-05.
    // A quote is never followed up.
    let products = "product_id,inspection_days,packaging_days,on_hand\nP1,1,1,50\n";
    let orders = "order_id,product_id,qty,requested_date,destination,status\n\
                  O0,P1,50,2026-03-04,D1,committed\nO1,P1,100,2026-03-05,D1,committed\n\
                  O3,P1,100,2026-03-07,D1,committed\nO4,P1,100,2026-03-08,D1,committed\n\
                  Q9,P1,100,2026-03-03,D1,quote\n";
    let w = Windows {
        shipping: 2,
        ..Windows::default()
    };
    let f = lists(&[("products.csv", products), ("orders.csv", orders)], w);
    // Production, 2 days (03-02, 03-03): O1 and O3; O4 starts 03-04.
    assert_eq!(
        ids(&f.production, |p| (p.order_id.clone(), p.date.to_string())),
        [
            ("O1".to_string(), "2026-03-02".to_string()),
            ("O3".to_string(), "2026-03-03".to_string())
        ]
    );
    assert_eq!(
        (f.production[0].lines.as_str(), f.production[0].qty),
        ("L1", 100.0)
    );
    assert!(f.production[0].standing.late && !f.production[1].standing.late);
    // Packaging, 3 days (03-02 … 03-04): the late ones first, then by date.
    assert_eq!(
        ids(&f.packaging, |p| (p.order_id.clone(), p.date.to_string())),
        [
            ("O0".to_string(), "2026-03-02".to_string()),
            ("O1".to_string(), "2026-03-03".to_string()),
            ("O3".to_string(), "2026-03-04".to_string())
        ]
    );
    // Shipping, 2 days here (03-02, 03-03): only O0.
    assert_eq!(
        ids(&f.shipping, |p| (p.order_id.clone(), p.date.to_string())),
        [("O0".to_string(), "2026-03-03".to_string())]
    );
    assert_eq!(
        (
            f.shipping[0].mode.as_str(),
            f.shipping[0].destination.as_str()
        ),
        ("truck", "D1")
    );
    // Orders, 3 days: the late ones with events in the window.
    let orders: Vec<(String, Vec<&str>, Option<i32>)> = f
        .orders
        .iter()
        .map(|o| (o.order_id.clone(), o.events.clone(), o.late_days))
        .collect();
    assert_eq!(
        orders,
        [
            ("O0".to_string(), vec!["packaging", "shipping"], Some(1)),
            (
                "O1".to_string(),
                vec!["production", "packaging", "shipping"],
                Some(1)
            ),
        ]
    );
}

#[test]
fn purchasing_releases_confirms_and_chases() {
    // 100 × P1 committed for 30 April needs 100 M1 (none in stock): the receipt due
    // 02-27 (overdue, 10), the one due 03-08 (A + 6: to confirm, 20), the one due 03-09
    // (A + 7: outside the week, 30), and 40 bought, released on the as-of date.
    let materials = "material_id,lead_time_days\nM1,10\n";
    let receipts =
        "material_id,qty,due_date\nM1,10,2026-02-27\nM1,20,2026-03-08\nM1,30,2026-03-09\n";
    let bom = "product_id,material_id,qty_per_unit\nP1,M1,1\n";
    let orders = "order_id,product_id,qty,requested_date,destination,status\nO5,P1,100,2026-04-30,D1,committed\n";
    let f = lists(
        &[
            ("materials.csv", materials),
            ("receipts.csv", receipts),
            ("bom.csv", bom),
            ("orders.csv", orders),
        ],
        Windows::default(),
    );
    let got: Vec<(&str, String, f64, Vec<String>)> = f
        .purchasing
        .iter()
        .map(|p| (p.kind, p.date.to_string(), p.qty, p.orders.clone()))
        .collect();
    let o5 = vec!["O5".to_string()];
    assert_eq!(
        got,
        [
            ("overdue", "2026-02-27".to_string(), 10.0, o5.clone()),
            ("release", "2026-03-02".to_string(), 40.0, o5.clone()),
            ("confirm", "2026-03-08".to_string(), 20.0, o5),
        ]
    );
}

#[test]
fn the_service_answers_the_follow_up_lists_of_its_book_as_the_command_does() {
    // The demo plant imported into a new order book: GET /followup is `promise followup
    // --json` of the same data, with the windows and the risk switch as query parameters.
    use common::http::{Server, call};
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path(), &demo(), &dir.path().join("book.db"), &[]);
    let cli = |extra: &[&str]| -> serde_json::Value {
        let args: Vec<&str> = ["--json", "--quiet"].iter().chain(extra).copied().collect();
        serde_json::from_str(&promise_on_demo("followup", &args)).unwrap()
    };
    let (code, got) = s.call("GET", "/followup", None);
    assert_eq!(code, 200, "{got}");
    let want = cli(&[]);
    assert_eq!(got, want);
    assert!(
        want["purchasing"].as_array().is_some_and(|p| !p.is_empty())
            && want["production"].as_array().is_some_and(|p| !p.is_empty()),
        "the demo has something to follow up: {want}"
    );
    // Wider windows list more.
    let (code, wide) = s.call("GET", "/followup?production=10&shipping=5", None);
    assert_eq!(code, 200, "{wide}");
    assert_eq!(wide, cli(&["--production", "10", "--shipping", "5"]));
    assert!(
        wide["production"].as_array().unwrap().len() > got["production"].as_array().unwrap().len()
    );
    // Bad windows and unknown parameters are 400s naming the field; no token is a 401.
    let (code, bad) = s.call("GET", "/followup?production=0", None);
    assert_eq!(code, 400, "{bad}");
    assert!(
        bad["error"].as_str().unwrap().contains("production"),
        "{bad}"
    );
    let (code, _) = s.call("GET", "/followup?days=3", None);
    assert_eq!(code, 400);
    let (code, _) = call(&s.addr, "GET", "/followup", None, None).unwrap();
    assert_eq!(code, 401);
}

#[test]
fn the_text_lists_speak_english_or_chinese_with_the_counts_of_the_json() {
    let run = |extra: &[&str]| promise_on_demo("followup", extra);
    let json: serde_json::Value = serde_json::from_str(&run(&["--json"])).unwrap();
    let n = |k: &str| json[k].as_array().unwrap().len();
    let en = run(&[]);
    assert!(
        en.starts_with("Follow-up as of 2026-03-02 (跟单)\n"),
        "{en}"
    );
    assert!(en.contains(&format!(
        "\nPurchasing (采购) — the next 7 days: {} to release, confirm or chase\n",
        n("purchasing")
    )));
    assert!(en.contains(&format!(
        "\nShipping (发货指令) — today: {} order lines\n",
        n("shipping")
    )));
    let zh = run(&["--lang", "zh"]);
    assert!(zh.starts_with("跟单（计划基准日 2026-03-02）\n"), "{zh}");
    assert!(zh.contains(&format!("\n采购 — 未来 7 天：{} 项", n("purchasing"))));
    assert!(zh.contains(&format!(
        "\n生产准备（人、机、料）— 未来 2 天：{} 道工序",
        n("production")
    )));
    assert!(zh.contains(&format!("\n发货指令 — 今天：{} 个订单行", n("shipping"))));
    assert!(zh.contains("下达采购") && !zh.contains(" release "));
    // One line per entry in both languages.
    assert_eq!(en.lines().count(), zh.lines().count());
}
