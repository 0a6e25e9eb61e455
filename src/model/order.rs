use super::{DestIx, ModeIx, ProductIx};
use crate::day::Day;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Committed,
    Quote,
    Shipped,
    Cancelled,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_ascii_lowercase().as_str() {
            "committed" => Some(Status::Committed),
            "quote" => Some(Status::Quote),
            "shipped" => Some(Status::Shipped),
            "cancelled" | "canceled" => Some(Status::Cancelled),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Committed => "committed",
            Status::Quote => "quote",
            Status::Shipped => "shipped",
            Status::Cancelled => "cancelled",
        }
    }

    /// Shipped and cancelled orders are kept in the book but never planned.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Committed | Status::Quote)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Standard,
    /// Non-standard (非常规): needs design work before materials and production.
    Special,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Some(Kind::Standard),
            "special" => Some(Kind::Special),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Standard => "standard",
            Kind::Special => "special",
        }
    }
}

/// One row of `orders.csv`: one product of an order.
#[derive(Clone, Debug)]
pub struct OrderLine {
    pub product: ProductIx,
    pub qty: f64,
    pub done_qty: f64,
    pub requested: Option<Day>,
    pub promised: Option<Day>,
    pub destination: DestIx,
    pub priority: i64,
    pub kind: Kind,
    pub split: bool,
    /// A transport mode the customer asked for (index into the destination's modes).
    pub mode: Option<ModeIx>,
    pub weight: f64,
    pub customer: String,
}

impl OrderLine {
    /// `qty` × `product` to `destination`, every optional column at SPEC.md's default:
    /// no dates, priority 0, standard, not split, no mode, weight 1.
    pub fn new(product: ProductIx, qty: f64, destination: DestIx) -> OrderLine {
        OrderLine {
            product,
            qty,
            done_qty: 0.0,
            requested: None,
            promised: None,
            destination,
            priority: 0,
            kind: Kind::Standard,
            split: false,
            mode: None,
            weight: 1.0,
            customer: String::new(),
        }
    }

    /// The row's due date: its promised date when set, else its requested date.
    pub fn due(&self) -> Option<Day> {
        self.promised.or(self.requested)
    }

    /// What is still to deliver from production or stock.
    pub fn open_qty(&self) -> f64 {
        (self.qty - self.done_qty).max(0.0)
    }
}

/// An order: the rows of `orders.csv` sharing an `order_id`, in file order.
#[derive(Clone, Debug)]
pub struct Order {
    pub id: String,
    pub status: Status,
    pub lines: Vec<OrderLine>,
}

impl Order {
    /// An inquiry (status `quote`) made of `lines`.
    pub fn quote(id: impl Into<String>, lines: Vec<OrderLine>) -> Order {
        Order {
            id: id.into(),
            status: Status::Quote,
            lines,
        }
    }

    /// The order's due date: the earliest of its rows' due dates. It drives every line's
    /// mode choice, `late_days` and `feasible`.
    pub fn due(&self) -> Option<Day> {
        self.lines.iter().filter_map(|l| l.due()).min()
    }

    pub fn requested(&self) -> Option<Day> {
        self.lines.iter().filter_map(|l| l.requested).min()
    }

    pub fn promised(&self) -> Option<Day> {
        self.lines.iter().filter_map(|l| l.promised).min()
    }

    pub fn priority(&self) -> i64 {
        self.lines.iter().map(|l| l.priority).min().unwrap_or(0)
    }

    pub fn customer(&self) -> &str {
        self.lines.first().map_or("", |l| l.customer.as_str())
    }

    pub fn split(&self) -> bool {
        self.lines.iter().any(|l| l.split)
    }

    /// SPEC.md's order of planning: committed before quotes, then priority ascending, then
    /// due date ascending (orders with no due date last), then id as bytes.
    pub fn planning_key(&self) -> (Status, i64, bool, Option<Day>, &[u8]) {
        let due = self.due();
        (
            self.status,
            self.priority(),
            due.is_none(),
            due,
            self.id.as_bytes(),
        )
    }
}

/// All orders of `orders.csv`, in order of first appearance.
#[derive(Clone, Debug, Default)]
pub struct OrderBook {
    pub orders: Vec<Order>,
    pub index: HashMap<String, usize>,
}

impl OrderBook {
    pub fn new(orders: Vec<Order>) -> OrderBook {
        let index = orders
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        OrderBook { orders, index }
    }

    pub fn get(&self, id: &str) -> Option<&Order> {
        self.index.get(id).map(|&i| &self.orders[i])
    }
}
