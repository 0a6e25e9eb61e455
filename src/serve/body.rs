//! Request bodies → the model. A JSON order is written as `orders.csv` rows and a JSON
//! change set as a change file, then read by the very loaders the CSV files go through:
//! one set of rules and messages, whatever the door. Problems come back as 400s naming
//! the JSON field (`lines[1].qty: expected a number 0.000001..=1000000000, found "-3"`).

use super::error::ApiError;
use crate::load::{self, Diagnostics};
use crate::model::{Order, Plant};
use crate::store::spec_csv::{self, ORDER_COLUMNS};
use serde_json::{Map, Value};

pub type Object = Map<String, Value>;

/// Parses a body as one JSON object.
pub fn object(bytes: &[u8]) -> Result<Object, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::field(
            "body",
            "expected a JSON object, found nothing",
        ));
    }
    match serde_json::from_slice::<Strict>(bytes).map(|s| s.0) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(other) => Err(ApiError::field(
            "body",
            format!("expected a JSON object, found {}", kind_of(&other)),
        )),
        Err(e) => Err(ApiError::field("body", format!("malformed JSON: {e}"))),
    }
}

/// A JSON value whose objects have no key twice. `serde_json::Value` keeps the last of
/// duplicate keys silently (`{"qty": 1, "qty": 1000}` would commit 1,000); a body with a
/// duplicate key is refused instead.
struct Strict(Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(v) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("duplicate key \"{key}\"")));
            }
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Rejects keys not in `allowed` (a misspelt field would otherwise be silently ignored).
pub fn only(obj: &Object, allowed: &[&str], path: &str) -> Result<(), ApiError> {
    let unknown: Vec<String> = obj
        .keys()
        .filter(|k| !allowed.contains(&k.as_str()))
        .map(|k| {
            format!(
                "{path}{k}: unknown field (expected one of {})",
                allowed.join(", ")
            )
        })
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(ApiError::bad_request(unknown))
    }
}

/// The longest text a field may hold (a customer's name, an id): one order's rows repeat
/// its order-level fields on every line, so a long one multiplies.
pub const MAX_TEXT: usize = 1000;

/// A scalar as a CSV cell: strings as they are, numbers as written, `null` empty;
/// booleans only where `yes_no` (the `split` flag).
fn cell(v: &Value, path: &str, yes_no: bool) -> Result<String, String> {
    let text = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) if yes_no => if *b { "yes" } else { "no" }.to_string(),
        other => {
            return Err(format!(
                "{path}: expected a string or number, found {}",
                kind_of(other)
            ));
        }
    };
    if text.contains(['\n', '\r']) {
        return Err(format!(
            "{path}: expected one line of text, found a line break"
        ));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(format!(
            "{path}: expected at most {MAX_TEXT} characters, found {}",
            text.chars().count()
        ));
    }
    Ok(text)
}

/// An optional string field.
pub fn string(obj: &Object, key: &str) -> Result<Option<String>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ApiError::field(
            key,
            format!("expected a string, found {}", kind_of(other)),
        )),
    }
}

/// An optional boolean field.
pub fn flag(obj: &Object, key: &str) -> Result<bool, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(ApiError::field(
            key,
            format!("expected true or false, found {}", kind_of(other)),
        )),
    }
}

/// An optional number field within `range`.
pub fn number(
    obj: &Object,
    key: &str,
    ok: impl Fn(f64) -> bool,
    expected: &str,
) -> Result<Option<f64>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_f64().is_some_and(&ok) => Ok(n.as_f64()),
        Some(other) => Err(ApiError::field(
            key,
            format!("expected {expected}, found {other}"),
        )),
    }
}

/// A commit's `service_level`: the level its promise was given at (strictly between 0
/// and 1), recorded for `promise kpi`.
pub fn commit_service_level(obj: &Object) -> Result<Option<f64>, ApiError> {
    number(
        obj,
        "service_level",
        |p| p > 0.0 && p < 1.0,
        "a probability between 0 and 1",
    )
}

/// The fields of an order that apply to all its lines.
pub const ORDER_FIELDS: [&str; 9] = [
    "order_id",
    "customer",
    "destination",
    "requested_date",
    "promised_date",
    "priority",
    "kind",
    "split",
    "mode",
];

/// The fields of one line of `lines`.
pub const LINE_FIELDS: [&str; 4] = ["product_id", "qty", "mode", "weight"];

/// An order from a JSON object: `lines: [{product_id, qty}]`, or (when `single` is
/// allowed, for quotes) `product_id` and `qty` at the top level. Its status is `status`;
/// `default_id` names an order without `order_id`. Every problem is reported at once.
pub fn order(
    obj: &Object,
    plant: &Plant,
    status: &str,
    default_id: Option<&str>,
    single: bool,
) -> Result<Order, ApiError> {
    let mut problems = Vec::new();
    let lines: Vec<&Object> = match (obj.get("lines"), single && obj.contains_key("product_id")) {
        (Some(_), true) => {
            return Err(ApiError::field(
                "lines",
                "give either lines or product_id and qty, not both",
            ));
        }
        (None, true) => vec![obj],
        (Some(Value::Array(items)), false) if !items.is_empty() => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(o) => {
                        if let Err(e) = only(o, &LINE_FIELDS, &format!("lines[{i}].")) {
                            problems.extend(messages(e));
                        }
                        out.push(o);
                    }
                    other => problems.push(format!(
                        "lines[{i}]: expected an object {{\"product_id\", \"qty\"}}, found {}",
                        kind_of(other)
                    )),
                }
            }
            out
        }
        (Some(Value::Array(_)), false) => {
            return Err(ApiError::field("lines", "expected at least one line"));
        }
        (Some(other), false) => {
            return Err(ApiError::field(
                "lines",
                format!("expected an array of lines, found {}", kind_of(other)),
            ));
        }
        (None, false) => {
            let what = if single {
                "lines (or product_id and qty)"
            } else {
                "lines"
            };
            return Err(ApiError::field(what, "missing"));
        }
    };
    let id = match (obj.get("order_id"), default_id) {
        (None | Some(Value::Null), Some(d)) => d.to_string(),
        (None | Some(Value::Null), None) => return Err(ApiError::field("order_id", "missing")),
        (Some(v), _) => cell(v, "order_id", false).map_err(|m| ApiError::bad_request(vec![m]))?,
    };
    let mut rows: Vec<[String; 14]> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let path = |k: &str| {
            if std::ptr::eq(*line, obj) {
                k.to_string()
            } else {
                format!("lines[{i}].{k}")
            }
        };
        let mut row: [String; 14] = Default::default();
        for (c, col) in ORDER_COLUMNS.iter().enumerate() {
            let (value, at) = match *col {
                "order_id" => {
                    row[c] = id.clone();
                    continue;
                }
                "status" => {
                    row[c] = status.to_string();
                    continue;
                }
                "product_id" | "qty" | "weight" => (line.get(*col), path(col)),
                "mode" => match line.get("mode") {
                    Some(v) => (Some(v), path(col)),
                    None => (obj.get("mode"), col.to_string()),
                },
                "done_qty" => continue,
                _ => (obj.get(*col), col.to_string()),
            };
            match value.map(|v| cell(v, &at, *col == "split")).transpose() {
                Ok(v) => row[c] = v.unwrap_or_default(),
                Err(m) => problems.push(m),
            }
        }
        rows.push(row);
    }
    if !problems.is_empty() {
        return Err(ApiError::bad_request(problems));
    }
    let text = spec_csv::orders_csv(&rows);
    let in_lines = !std::ptr::eq(lines[0], obj);
    let book = load::parse_orders("request", &text, plant).map_err(|d| {
        ApiError::bad_request(named(&d, |line, column| {
            if in_lines && LINE_FIELDS.contains(&column) {
                format!("lines[{}].{column}", line.saturating_sub(2))
            } else {
                column.to_string()
            }
        }))
    })?;
    book.orders
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::field("lines", "expected at least one line"))
}

/// The columns a change row may have: those of `promise change` and of `orders.csv`
/// (the order's own kind as `order_kind`, since `kind` names the change).
pub const CHANGE_COLUMNS: [&str; 22] = [
    "kind",
    "order_id",
    "product_id",
    "qty",
    "date",
    "line_id",
    "from",
    "to",
    "material_id",
    "customer",
    "requested_date",
    "destination",
    "priority",
    "status",
    "promised_date",
    "order_kind",
    "split",
    "mode",
    "done_qty",
    "weight",
    "reason",
    "note",
];

/// The most changes one change set may hold (each is validated, applied and re-planned
/// with the rest in one go, on the writer that commits wait for).
pub const MAX_CHANGES: usize = 5000;

/// A change set `{"changes": [{"kind", …}]}` as the text of a change file.
pub fn change_file(obj: &Object) -> Result<String, ApiError> {
    only(obj, &["changes"], "")?;
    let items = match obj.get("changes") {
        Some(Value::Array(items)) if items.len() > MAX_CHANGES => {
            return Err(ApiError::field(
                "changes",
                format!(
                    "at most {MAX_CHANGES} changes in one change set, found {}; send them in several",
                    items.len()
                ),
            ));
        }
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => {
            return Err(ApiError::field("changes", "expected at least one change"));
        }
        Some(other) => {
            return Err(ApiError::field(
                "changes",
                format!("expected an array of changes, found {}", kind_of(other)),
            ));
        }
        None => return Err(ApiError::field("changes", "missing")),
    };
    let mut problems = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(o) = item else {
            problems.push(format!(
                "changes[{i}]: expected an object with a kind, found {}",
                kind_of(item)
            ));
            continue;
        };
        if let Err(e) = only(o, &CHANGE_COLUMNS, &format!("changes[{i}].")) {
            problems.extend(messages(e));
        }
        let mut row = Vec::with_capacity(CHANGE_COLUMNS.len());
        for col in CHANGE_COLUMNS {
            let at = format!("changes[{i}].{col}");
            match o.get(col).map(|v| cell(v, &at, col == "split")).transpose() {
                Ok(v) => row.push(v.unwrap_or_default()),
                Err(m) => problems.push(m),
            }
        }
        rows.push(row);
    }
    if !problems.is_empty() {
        return Err(ApiError::bad_request(problems));
    }
    Ok(spec_csv::table(
        &CHANGE_COLUMNS,
        rows.iter().map(|r| r.as_slice()),
    ))
}

/// A change file's problems, each named by its JSON path (`changes[2].to: …`).
pub fn change_messages(d: &Diagnostics) -> Vec<String> {
    named(d, |line, column| {
        format!("changes[{}].{column}", line.saturating_sub(2))
    })
}

/// Diagnostics as messages naming the field: `path(line, column): message`.
fn named(d: &Diagnostics, path: impl Fn(usize, &str) -> String) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in &d.items {
        let msg = match (item.line, item.column.as_deref()) {
            (Some(line), Some(col)) => format!("{}: {}", path(line, col), item.message),
            (Some(line), None) => {
                format!("{}: {}", path(line, "").trim_end_matches('.'), item.message)
            }
            _ => item.message.clone(),
        };
        if !out.contains(&msg) {
            out.push(msg);
        }
    }
    out
}

/// The messages of a 400.
fn messages(e: ApiError) -> Vec<String> {
    match e.body.get("errors") {
        Some(Value::Array(v)) => v
            .iter()
            .filter_map(|m| m.as_str().map(str::to_string))
            .collect(),
        _ => vec![e.body["error"].as_str().unwrap_or_default().to_string()],
    }
}
