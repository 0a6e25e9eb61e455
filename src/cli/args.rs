use clap::{Args, Parser, Subcommand};
use promise::reliability;
use promise::report::html::Lang;
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
    /// Check out of sample that promises at each service level are kept that often.
    Backtest(BacktestArgs),
    /// Apply a change set (CSV) and print the change notice: what moves, who is late.
    Change(ChangeArgs),
    /// Write the plan report: one self-contained HTML page (key figures, line load, any
    /// order's schedule as a Gantt chart, late and at-risk orders).
    Report(ReportArgs),
    /// Serve quotes, commits, changes and the plan over HTTP (JSON), on a durable order book.
    Serve(ServeArgs),
    /// Import a CSV data set into an order-book database (as `serve` does on first start),
    /// or a benchmark instance as a plant (`import wt FILE --instance K --out DIR`).
    Import(ImportArgs),
    /// Write the data set an order-book database holds as SPEC.md CSV files.
    Export(ExportArgs),
    /// Follow-up lists (跟单): per department, what the plan needs done in the next days.
    Followup(FollowupArgs),
    /// Promises kept, measured on an order-book database: on-time delivery, review cycle,
    /// changes per order, realised calibration.
    Kpi(KpiArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout: `promise man > promise.1`.
    Man,
    /// Learn lead times, transit and line breakdowns from the plant's history (receipts,
    /// shipments, shift log): empirical quantiles, pooled where data is thin.
    Fit(FitArgs),
}

/// Flags every planning command takes.
#[derive(Args, Clone)]
pub struct Common {
    /// Directory of the plant's CSV files, or an .xlsx workbook of them (one sheet each).
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
    /// No progress bars (they are shown only when stderr is a terminal anyway).
    #[arg(long)]
    pub quiet: bool,
    /// A history directory (receipts.csv, shipments.csv, line_log.csv): the reliability
    /// model then draws lead times, receipt delays and transit from the distributions
    /// `promise fit` learns from it, and uses the lines' fitted availability.
    #[arg(long, value_name = "HDIR")]
    pub history: Option<PathBuf>,
}

/// The reliability model's flags.
#[derive(Args, Clone)]
pub struct ReliabilityArgs {
    /// Promise the date kept with this probability (e.g. 0.95), from Monte Carlo scenarios.
    #[arg(long, value_parser = probability)]
    pub service_level: Option<f64>,
    /// Scenarios to simulate.
    #[arg(long, default_value_t = 1000, value_parser = scenario_count)]
    pub scenarios: u32,
    /// Seed of the scenarios, and of the optimiser's search (same seed, same answer, on
    /// any number of threads).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// A number of scenarios, at most the limit per request.
fn scenario_count(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(n) if (1..=reliability::MAX_SCENARIOS).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected {}, found \"{s}\"",
            reliability::SCENARIOS_EXPECTED
        )),
    }
}

/// A probability strictly between 0 and 1.
fn probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(format!(
            "expected a probability between 0 and 1 (e.g. 0.95), found \"{s}\""
        )),
    }
}

/// A share between 0 and 1 inclusive.
fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("expected a number between 0 and 1, found \"{s}\"")),
    }
}

#[derive(Args)]
pub struct BacktestArgs {
    #[command(flatten)]
    pub common: Common,
    /// Scenarios that predict the promise dates and confidences.
    #[arg(long, default_value_t = 1000, value_parser = scenario_count)]
    pub scenarios: u32,
    /// Seed of the predicting scenarios.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Fresh scenarios that check them (K).
    #[arg(long, default_value_t = 1000, value_parser = scenario_count)]
    pub check_scenarios: u32,
    /// Seed of the checking scenarios; must differ from --seed.
    #[arg(long, default_value_t = 1_000_003)]
    pub check_seed: u64,
    /// With --history HDIR: fit on the history that finished before this date and check
    /// what started on or after it (YYYY-MM-DD); default: the date leaving the last
    /// quarter of the history's observations.
    #[arg(long, value_name = "DATE")]
    pub cutoff: Option<String>,
    /// Print the backtest as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: Common,
    /// Print the plan as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Write orders.csv, line_load.csv and purchases.csv (and, with routings,
    /// work_orders.csv) into this directory; or, named *.xlsx, one workbook of them with
    /// the follow-up lists.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub reliability: ReliabilityArgs,
    /// With --service-level: orders whose confidence is below this are at risk.
    #[arg(long, default_value_t = 0.8, value_parser = share, requires = "service_level")]
    pub risk_below: f64,
    #[command(flatten)]
    pub optimize: OptimizeArgs,
    /// Language of the summary and of the --out *.xlsx workbook's sheet names, headers and words: zh or en.
    #[arg(long, default_value = "en", value_parser = lang)]
    pub lang: Lang,
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
    /// LP solver of the lower bound: microlp (built in) or highs (needs --features highs).
    #[arg(long, default_value = "microlp", requires = "optimize")]
    pub solver: String,
    /// Turn every specialised search path off (the general search plans every plant).
    #[arg(long, requires = "optimize")]
    pub no_special: bool,
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
    #[arg(long, default_value_t = 0, allow_hyphen_values = true, value_parser = clap::value_parser!(i64).range(-1_000_000_000..=1_000_000_000))]
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
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i32).range(0..=100_000), conflicts_with = "service_level")]
    pub buffer_days: i32,
    #[command(flatten)]
    pub reliability: ReliabilityArgs,
    /// Print the quote as JSON instead of the review record.
    #[arg(long)]
    pub json: bool,
    /// Rush insertion (插单): plan the order ahead of every committed order whose priority
    /// number is equal or greater, and list the committed orders that move.
    #[arg(long, conflicts_with = "service_level")]
    pub insert: bool,
    /// Also write the review record as a document to attach to the answer: FILE.md
    /// (Markdown) or FILE.html (with a Gantt chart of the order's schedule).
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// Language of the review record (text and --review document): zh (客户订单评审记录)
    /// or en.
    #[arg(long, default_value = "en", value_parser = lang)]
    pub lang: Lang,
}

#[derive(Args)]
pub struct GenArgs {
    /// Directory to write the CSV files into (created; must be empty or new).
    #[arg(long)]
    pub out: PathBuf,
    /// A named size: xs, s, m (50 lines, 2,000 products, 20,000 orders), l, xl; m-routed
    /// and l-routed are m and l made in steps, with made components (as --routings).
    #[arg(long, default_value = "s")]
    pub size: String,
    /// Multi-step plant: machining, assembly and test lines, about half the products made
    /// in 2–3 steps with waits (outside plating, powder coating), about a fifth also made
    /// components of others (shafts, impellers, rotor sub-assemblies).
    #[arg(long)]
    pub routings: bool,
    /// Also write a year of history before --start into OUT/history (receipts.csv,
    /// shipments.csv, line_log.csv) for `promise fit`.
    #[arg(long)]
    pub history: bool,
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
pub struct ChangeArgs {
    #[command(flatten)]
    pub common: Common,
    /// The change set: a CSV file with a `kind` column (order_cancel, order_qty,
    /// order_date, line_down, receipt_delay, new_order), one change a row.
    #[arg(long, value_name = "FILE")]
    pub changes: PathBuf,
    /// Print the change notice as JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of the notice: zh (客户订单变更通知单) or en.
    #[arg(long, default_value = "en", value_parser = lang)]
    pub lang: Lang,
}

#[derive(Args)]
pub struct FitArgs {
    /// Directory of the plant's CSV files.
    #[arg(long)]
    pub data: PathBuf,
    /// Directory of the history: receipts.csv, shipments.csv, line_log.csv (each optional).
    #[arg(long)]
    pub history: PathBuf,
    /// Print the fit as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Write the fitted distributions (quantile functions) to DIR/fit.json.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args)]
pub struct FollowupArgs {
    #[command(flatten)]
    pub common: Common,
    /// Print the lists as JSON.
    #[arg(long)]
    pub json: bool,
    /// Days purchasing looks ahead: purchases to release, receipts to confirm.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(i32).range(1..=366))]
    pub purchasing: i32,
    /// Days production looks ahead: steps starting.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(i32).range(1..=366))]
    pub production: i32,
    /// Days packaging looks ahead.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=366))]
    pub packaging: i32,
    /// Days shipping looks ahead.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i32).range(1..=366))]
    pub shipping: i32,
    /// Days order management looks ahead for late or at-risk orders.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=366))]
    pub orders: i32,
    #[command(flatten)]
    pub reliability: ReliabilityArgs,
    /// With --service-level: an order is at risk below this confidence.
    #[arg(long, default_value_t = 0.8, value_parser = share)]
    pub risk_below: f64,
    /// Language of the lists: zh (Chinese) or en.
    #[arg(long, default_value = "en", value_parser = lang)]
    pub lang: Lang,
}

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub common: Common,
    /// The HTML file to write (not into the data directory).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Language of the labels: zh or en.
    #[arg(long, default_value = "en", value_parser = lang)]
    pub lang: Lang,
    /// Plan at this service level and list the orders at risk (Monte Carlo scenarios).
    #[arg(long, default_value_t = 0.95, value_parser = probability)]
    pub service_level: f64,
    /// Scenarios to simulate.
    #[arg(long, default_value_t = 1000, value_parser = scenario_count)]
    pub scenarios: u32,
    /// Seed of the scenarios.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// No reliability simulation: the deterministic plan, no at-risk figures.
    #[arg(long, conflicts_with_all = ["service_level", "scenarios", "seed"])]
    pub no_risk: bool,
}

fn lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("expected zh or en, found \"{s}\""))
}

#[derive(Args)]
pub struct ServeArgs {
    /// Directory of the plant's CSV files, or an .xlsx workbook: imported into the
    /// database when it is empty.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// The order-book database (SQLite); default DATA/promise.db (plant.db next to a
    /// workbook plant.xlsx).
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Address to listen on (port 0: any free port; the address is printed on stdout).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// File holding the bearer token that requests must carry.
    #[arg(long, value_name = "FILE", required_unless_present = "no_auth")]
    pub token_file: Option<PathBuf>,
    /// No token at all (local testing only).
    #[arg(long, conflicts_with = "token_file")]
    pub no_auth: bool,
    /// POST /quote without a token.
    #[arg(long)]
    pub open_quotes: bool,
    /// The as-of date A (YYYY-MM-DD); default today (at start-up and each re-plan).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Production ending more than this many days after A is infeasible.
    #[arg(long, default_value_t = 7300, value_parser = clap::value_parser!(i32).range(0..=1_000_000))]
    pub horizon_days: i32,
    /// Days a just-in-time target keeps before the due date.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i32).range(0..=100_000))]
    pub safety_days: i32,
    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, default_value_t = 1 << 20, value_parser = clap::value_parser!(u64).range(64..=1 << 30))]
    pub max_body: u64,
    /// Time a client has to send a request's head (also: how long an idle connection is
    /// kept) and then its body (e.g. 10s, 500ms).
    #[arg(long, default_value = "10s", value_parser = duration)]
    pub read_timeout: std::time::Duration,
    /// Connections open at once; more are closed at once.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_connections: u64,
    /// After SIGTERM or Ctrl-C, how long requests in flight may still run.
    #[arg(long, default_value = "10s", value_parser = duration)]
    pub shutdown_grace: std::time::Duration,
    /// Threads of the simulation pool (default: the machine's cores).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub sim_threads: Option<u64>,
    /// Simulations running at once.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub sim_concurrency: u64,
    /// Simulations waiting for a slot; beyond them, 503 with Retry-After.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    pub sim_queue: u64,
    /// Time a simulation may take, waiting included (then 503; it stops).
    #[arg(long, default_value = "60s", value_parser = duration)]
    pub sim_deadline: std::time::Duration,
    /// Quotes per second without a token (--open-quotes), per client address (burst: twice).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub quote_rate: u32,
    /// Quotes per second without a token, all clients together (burst: twice).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub quote_rate_global: u32,
    /// Review records older than this many days are deleted.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(0..=36_500))]
    pub review_days: u32,
    /// At most this many review records are kept (the newest).
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(0..=1_000_000_000))]
    pub review_keep: u64,
    /// At most this many megabytes of review records are kept (the newest).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    pub review_max_mb: u64,
    /// No progress bar and no notes on stderr (log level warn unless RUST_LOG says otherwise).
    #[arg(long)]
    pub quiet: bool,
}

/// A duration: `10s`, `500ms`, `2m`.
fn duration(s: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(s.trim())
        .map_err(|e| format!("expected a duration like 10s, found \"{s}\" ({e})"))
}

/// `promise import --data DIR --db FILE`. Further sources can be added as subcommands
/// (`promise import SOURCE …`): the flags are required only without one.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: Option<ImportSource>,
    /// Directory of the plant's CSV files, or an .xlsx workbook of them.
    #[arg(long, required = true)]
    pub data: Option<PathBuf>,
    /// The order-book database to create.
    #[arg(long, value_name = "FILE", required = true)]
    pub db: Option<PathBuf>,
    /// Replace a database that already holds an order book.
    #[arg(long)]
    pub force: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The order-book database.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Directory to write the CSV files into (not the one the data set was imported from).
    #[arg(long)]
    pub out: PathBuf,
}

/// `promise kpi --db FILE [--from D] [--to D] [--json]`.
#[derive(Args)]
pub struct KpiArgs {
    /// The order-book database (read only; a server may be running on it).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// First ship date measured (YYYY-MM-DD); default the first on record.
    #[arg(long)]
    pub from: Option<String>,
    /// Last ship date measured (YYYY-MM-DD); default the last on record.
    #[arg(long)]
    pub to: Option<String>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `promise completions SHELL`.
#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// Sources `import` reads besides a CSV data set.
#[derive(Subcommand)]
pub enum ImportSource {
    /// Write instance K of an OR-Library weighted tardiness file as a plant data set.
    Wt(WtArgs),
}

/// `promise import wt FILE --instance K --out DIR`.
#[derive(Args)]
pub struct WtArgs {
    /// An OR-Library weighted tardiness file (wt40.txt, wt50.txt, wt100.txt).
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
