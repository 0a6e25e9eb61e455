use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Capacity-aware due-date promising for make-to-order plants.
#[derive(Parser)]
#[command(name = "promise", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Plan every open order (committed just in time, then quotes as soon as possible).
    Plan(PlanArgs),
    /// Quote one order of orders.csv (--order) or an ad-hoc order against the committed plan.
    Quote(QuoteArgs),
    /// Write a synthetic plant data set in SPEC.md's CSV format.
    Gen(GenArgs),
    /// Write a benchmark instance as a plant data set (`import wt FILE --instance K --out DIR`).
    Import(ImportArgs),
}

/// Flags every planning command takes.
#[derive(Args, Clone)]
pub struct Common {
    /// Directory of the plant's CSV files.
    #[arg(long)]
    pub data: PathBuf,
    /// The as-of date A (YYYY-MM-DD); default today.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Production ending more than this many days after A is infeasible.
    #[arg(long, default_value_t = 7300, value_parser = clap::value_parser!(i32).range(0..=1_000_000))]
    pub horizon_days: i32,
    /// Days a just-in-time target keeps before the due date.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i32).range(0..=100_000))]
    pub safety_days: i32,
}

#[derive(Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: Common,
    /// Print the plan as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Write orders.csv, line_load.csv and purchases.csv into this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub optimize: OptimizeArgs,
}

/// `plan --optimize` and its knobs.
#[derive(Args, Clone)]
pub struct OptimizeArgs {
    /// Minimise Σ weight × late days (priority classes stay strict) and report a lower bound.
    #[arg(long)]
    pub optimize: bool,
    /// Time for the optimiser and the lower bound, e.g. 1s, 60s, 5m.
    #[arg(long, default_value = "60s", requires = "optimize")]
    pub time_limit: String,
    /// Run exactly this many search iterations (reproducible, whatever the clock).
    #[arg(long, requires = "optimize")]
    pub iterations: Option<u64>,
    /// Seed of the search's random choices.
    #[arg(long, default_value_t = 1, requires = "optimize")]
    pub seed: u64,
    /// LP solver of the lower bound: microlp (built in) or highs (needs --features highs).
    #[arg(long, default_value = "microlp", requires = "optimize")]
    pub solver: String,
}

#[derive(Args)]
pub struct QuoteArgs {
    #[command(flatten)]
    pub common: Common,
    /// Quote this order of orders.csv.
    #[arg(long, conflicts_with_all = ["product", "qty", "destination"])]
    pub order: Option<String>,
    /// Ad-hoc quote: the product.
    #[arg(long, requires_all = ["qty", "destination"])]
    pub product: Option<String>,
    /// Ad-hoc quote: the quantity.
    #[arg(long)]
    pub qty: Option<f64>,
    /// Ad-hoc quote: the destination (as in transit.csv).
    #[arg(long)]
    pub destination: Option<String>,
    /// Ad-hoc quote: the requested date (YYYY-MM-DD).
    #[arg(long)]
    pub requested: Option<String>,
    /// Ad-hoc quote: standard or special (special needs design first).
    #[arg(long, default_value = "standard")]
    pub kind: String,
    /// Ad-hoc quote: priority (smaller is more important).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub priority: i64,
    /// Ad-hoc quote: the order may be delivered in parts.
    #[arg(long)]
    pub split: bool,
    /// Ad-hoc quote: ship with this transport mode.
    #[arg(long)]
    pub mode: Option<String>,
    /// Ad-hoc quote: the id to report it under.
    #[arg(long, default_value = "QUOTE")]
    pub id: String,
    /// Days added to the earliest delivery to get the promise date.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i32).range(0..=100_000))]
    pub buffer_days: i32,
    /// Print the quote as JSON instead of the review record.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct GenArgs {
    /// Directory to write the CSV files into (created; must be empty or new).
    #[arg(long)]
    pub out: PathBuf,
    /// A named size: xs, s, m (50 lines, 2,000 products, 20,000 orders), l, xl.
    #[arg(long, default_value = "s")]
    pub size: String,
    #[arg(long)]
    pub lines: Option<usize>,
    #[arg(long)]
    pub products: Option<usize>,
    #[arg(long)]
    pub materials: Option<usize>,
    #[arg(long)]
    pub orders: Option<usize>,
    /// Days of demand to generate.
    #[arg(long)]
    pub horizon_days: Option<i32>,
    /// Share of the line time over the horizon the demand needs (e.g. 0.9).
    #[arg(long)]
    pub load: Option<f64>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// First day of the horizon (YYYY-MM-DD); use it as the --as-of date when planning.
    #[arg(long, default_value = "2026-03-02")]
    pub start: String,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The format of FILE: `wt` (OR-Library weighted tardiness, wt40/wt50/wt100).
    pub format: String,
    /// The instance file.
    pub file: PathBuf,
    /// Which instance of the file (1-based).
    #[arg(long)]
    pub instance: usize,
    /// Jobs per instance (default: the number in the file name, wt40 → 40).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Directory to write the plant into (created; must be empty or new).
    #[arg(long)]
    pub out: PathBuf,
    /// The as-of date the plant is written for: plan it with the same --as-of.
    #[arg(long, default_value = "2026-03-02")]
    pub as_of: String,
}
