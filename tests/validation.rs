//! One test per rule of SPEC.md's "Bad input": each builds a small valid plant (the worked
//! example's) in a temporary directory, adds one defect, runs `promise plan` and checks that
//! the binary exits with status 2, names the file, the 1-based line and the column on stderr
//! (`error: FILE:LINE: column COL: MESSAGE`), and writes nothing.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

const AS_OF: &str = "2026-03-02";

/// A plant data set held in memory until written to a temporary directory.
#[derive(Clone)]
struct DataSet {
    files: BTreeMap<String, Vec<u8>>,
}

impl DataSet {
    /// The worked example of SPEC.md plus one committed order: valid, plans with exit 0.
    fn base() -> DataSet {
        DataSet {
            files: BTreeMap::new(),
        }
        .set(
            "lines.csv",
            "line_id,shifts_per_day,work_days\nL1,1,Mon-Fri\n",
        )
        .set(
            "capacity.csv",
            "line_id,product_id,units_per_shift\nL1,P1,100\n",
        )
        .set(
            "products.csv",
            "product_id,name,inspection_days\nP1,Widget,1\n",
        )
        .set("transit.csv", "destination,mode,days\nD1,truck,2\n")
        .set(
            "orders.csv",
            "order_id,customer,product_id,qty,requested_date,destination\n\
             O1,ACME,P1,300,2026-03-20,D1\n",
        )
    }

    fn set(self, name: &str, text: &str) -> DataSet {
        self.set_bytes(name, text.as_bytes())
    }

    fn set_bytes(mut self, name: &str, bytes: &[u8]) -> DataSet {
        self.files.insert(name.to_string(), bytes.to_vec());
        self
    }

    fn without(mut self, name: &str) -> DataSet {
        self.files.remove(name);
        self
    }

    fn write(&self) -> Plant {
        let root = TempDir::new().expect("tempdir");
        let data = root.path().join("data");
        fs::create_dir(&data).unwrap();
        for (name, bytes) in &self.files {
            fs::write(data.join(name), bytes).unwrap();
        }
        Plant { root, data }
    }
}

/// A data set on disk; `out` is where results would go (never created beforehand).
struct Plant {
    root: TempDir,
    data: PathBuf,
}

impl Plant {
    fn out(&self) -> PathBuf {
        self.root.path().join("out")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("promise")
            .unwrap()
            .args(args)
            .output()
            .expect("run promise")
    }

    /// `promise plan --data DIR --as-of 2026-03-02 --out OUTDIR`.
    fn plan(&self) -> Output {
        let (data, out) = (self.data.to_str().unwrap(), self.out());
        self.run(&[
            "plan",
            "--data",
            data,
            "--as-of",
            AS_OF,
            "--out",
            out.to_str().unwrap(),
        ])
    }

    /// The data directory's files and contents, to check that nothing was touched.
    fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        fs::read_dir(&self.data)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// True when `dir` does not exist or is an empty directory.
fn nothing_in(dir: &Path) -> bool {
    !dir.exists() || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Asserts a run failed as bad input: exit 2, nothing on stdout, nothing in `--out`.
fn assert_refused(plant: &Plant, o: &Output) -> String {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "expected exit status 2\nstdout:\n{}\nstderr:\n{err}",
        stdout(o)
    );
    assert!(!err.contains("panicked"), "the binary panicked:\n{err}");
    assert!(
        o.stdout.is_empty(),
        "bad input printed a result:\n{}",
        stdout(o)
    );
    assert!(
        nothing_in(&plant.out()),
        "bad input wrote into --out: {:?}",
        fs::read_dir(plant.out()).map(|d| d.count())
    );
    err
}

/// Asserts that stderr holds a diagnostic line `error: FILE:LINE: column COL: …`.
fn assert_diag(err: &str, file: &str, line: usize, column: &str) {
    let prefix = format!("error: {file}:{line}: column {column}: ");
    assert!(
        err.lines().any(|l| l.starts_with(&prefix)),
        "no diagnostic starting with {prefix:?} in stderr:\n{err}"
    );
}

/// Plans `set` and expects it refused with (at least) each of the given diagnostics.
fn expect_problems(set: DataSet, problems: &[(&str, usize, &str)]) -> String {
    let plant = set.write();
    let before = plant.snapshot();
    let o = plant.plan();
    let err = assert_refused(&plant, &o);
    for (file, line, column) in problems {
        assert_diag(&err, file, *line, column);
    }
    assert_eq!(plant.snapshot(), before, "the input files were changed");
    err
}

/// Plans `set` with one defect and expects exactly that diagnostic (and no other).
fn expect_problem(set: DataSet, file: &str, line: usize, column: &str) -> String {
    let err = expect_problems(set, &[(file, line, column)]);
    let n = err.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(n, 1, "expected exactly one problem, got {n}:\n{err}");
    err
}

/// Plans `set` and expects success.
fn expect_ok(set: DataSet) -> (Plant, Output) {
    let plant = set.write();
    let o = plant.plan();
    assert_eq!(
        o.status.code(),
        Some(0),
        "expected exit status 0\nstdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    (plant, o)
}

// ---------------------------------------------------------------------------------------
// The base is valid.

#[test]
fn base_plant_plans_and_writes_results() {
    let (plant, _) = expect_ok(DataSet::base());
    for f in ["orders.csv", "line_load.csv", "purchases.csv"] {
        assert!(plant.out().join(f).is_file(), "{f} not written");
    }
}

// ---------------------------------------------------------------------------------------
// Missing required files and columns.

fn expect_missing_file(name: &str) {
    let plant = DataSet::base().without(name).write();
    let o = plant.plan();
    let err = assert_refused(&plant, &o);
    let want = format!("{name}: missing required file");
    assert!(err.contains(&want), "no {want:?} in stderr:\n{err}");
}

#[test]
fn missing_lines_file() {
    expect_missing_file("lines.csv");
}

#[test]
fn missing_capacity_file() {
    expect_missing_file("capacity.csv");
}

#[test]
fn missing_products_file() {
    expect_missing_file("products.csv");
}

#[test]
fn missing_transit_file() {
    expect_missing_file("transit.csv");
}

#[test]
fn missing_orders_file() {
    expect_missing_file("orders.csv");
}

#[test]
fn missing_data_directory() {
    let plant = DataSet::base().write();
    let missing = plant.root.path().join("no-such-dir");
    let out = plant.out();
    let o = plant.run(&[
        "plan",
        "--data",
        missing.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = assert_refused(&plant, &o);
    assert!(err.contains("no-such-dir"), "{err}");
}

#[test]
fn missing_required_column() {
    let set = DataSet::base().set("capacity.csv", "line_id,product_id\nL1,P1\n");
    expect_problem(set, "capacity.csv", 1, "units_per_shift");
}

#[test]
fn missing_required_column_is_reported_on_the_header_line() {
    // Blank lines before the header: the header is line 3.
    let set = DataSet::base().set("capacity.csv", "\n\nline_id,product_id\nL1,P1\n");
    expect_problem(set, "capacity.csv", 3, "units_per_shift");
}

#[test]
fn missing_required_column_is_reported_once_and_hides_nothing() {
    // Not once more per row: 60 rows would fill the cap and hide the problem in lines.csv.
    let mut orders = String::from("order_id,product_id,requested_date,destination\n");
    for i in 0..60 {
        orders.push_str(&format!("O{i},P1,2026-03-20,D1\n"));
    }
    let set = DataSet::base()
        .set("orders.csv", &orders)
        .set("lines.csv", "line_id,shifts_per_day\nL1,6\n");
    let err = expect_problems(
        set,
        &[("orders.csv", 1, "qty"), ("lines.csv", 2, "shifts_per_day")],
    );
    let n = err.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(n, 2, "expected exactly 2 problems:\n{err}");
}

#[test]
fn missing_required_column_in_every_required_file() {
    let cases = [
        ("lines.csv", "shifts_per_day", "line_id\nL1\n"),
        (
            "capacity.csv",
            "line_id",
            "product_id,units_per_shift\nP1,100\n",
        ),
        (
            "products.csv",
            "product_id",
            "name,inspection_days\nWidget,1\n",
        ),
        ("transit.csv", "days", "destination,mode\nD1,truck\n"),
        (
            "orders.csv",
            "requested_date",
            "order_id,product_id,qty,destination\nO1,P1,300,D1\n",
        ),
    ];
    for (file, column, text) in cases {
        expect_problems(DataSet::base().set(file, text), &[(file, 1, column)]);
    }
}

#[test]
fn empty_file_is_an_error() {
    let set = DataSet::base().set("transit.csv", "");
    let plant = set.write();
    let o = plant.plan();
    let err = assert_refused(&plant, &o);
    assert!(err.contains("transit.csv:1"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Values.

#[test]
fn empty_id() {
    let set = DataSet::base().set("lines.csv", "line_id,shifts_per_day\nL1,1\n,2\n");
    expect_problem(set, "lines.csv", 3, "line_id");
}

#[test]
fn unparsable_number() {
    let set = DataSet::base().set(
        "products.csv",
        "product_id,on_hand,inspection_days\nP1,lots,1\n",
    );
    let err = expect_problem(set, "products.csv", 2, "on_hand");
    assert!(err.contains("lots"), "the bad value is not shown:\n{err}");
}

#[test]
fn negative_quantity() {
    let set = DataSet::base().set("materials.csv", "material_id,on_hand\nM1,-5\n");
    expect_problem(set, "materials.csv", 2, "on_hand");
}

#[test]
fn negative_order_qty() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination\n\
         O1,P1,-300,2026-03-20,D1\n",
    );
    expect_problem(set, "orders.csv", 2, "qty");
}

#[test]
fn non_finite_quantity_inf() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination\n\
         O1,P1,inf,2026-03-20,D1\n",
    );
    expect_problem(set, "orders.csv", 2, "qty");
}

#[test]
fn non_finite_quantity_nan() {
    let set = DataSet::base().set(
        "products.csv",
        "product_id,on_hand,inspection_days\nP1,NaN,1\n",
    );
    expect_problem(set, "products.csv", 2, "on_hand");
}

#[test]
fn non_finite_quantity_overflowing_decimal() {
    // 1e400 parses to infinity.
    let set = DataSet::base()
        .set(
            "receipts.csv",
            "material_id,qty,due_date\nM1,1e400,2026-03-05\n",
        )
        .set("materials.csv", "material_id\nM1\n");
    expect_problem(set, "receipts.csv", 2, "qty");
}

#[test]
fn zero_order_qty() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination\n\
         O1,P1,0,2026-03-20,D1\n",
    );
    expect_problem(set, "orders.csv", 2, "qty");
}

#[test]
fn zero_units_per_shift() {
    let set = DataSet::base().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift\nL1,P1,0\n",
    );
    expect_problem(set, "capacity.csv", 2, "units_per_shift");
}

#[test]
fn zero_qty_per_unit() {
    let set = DataSet::base()
        .set("materials.csv", "material_id\nM1\n")
        .set("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,0\n");
    expect_problem(set, "bom.csv", 2, "qty_per_unit");
}

#[test]
fn bad_date() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination\n\
         O1,P1,300,2026-03-20,D1\n\
         O2,P1,300,2026-02-30,D1\n",
    );
    expect_problem(set, "orders.csv", 3, "requested_date");
}

#[test]
fn bad_date_not_iso() {
    let set = DataSet::base()
        .set("materials.csv", "material_id\nM1\n")
        .set(
            "receipts.csv",
            "material_id,qty,due_date\nM1,10,03/05/2026\n",
        );
    expect_problem(set, "receipts.csv", 2, "due_date");
}

#[test]
fn date_must_be_exactly_yyyy_mm_dd() {
    for date in [
        "2026-3-2",
        "+12026-03-02",
        "+262142-12-31",
        "2026/03/02",
        "2026-03-02T00:00",
    ] {
        let set = DataSet::base().set(
            "orders.csv",
            &format!(
                "order_id,product_id,qty,requested_date,destination\n\
                 O1,P1,300,{date},D1\n"
            ),
        );
        let err = expect_problem(set, "orders.csv", 2, "requested_date");
        assert!(err.contains(date), "{err}");
    }
}

#[test]
fn bad_promised_date() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,promised_date,destination\n\
         O1,P1,300,2026-03-20,next week,D1\n",
    );
    expect_problem(set, "orders.csv", 2, "promised_date");
}

#[test]
fn shifts_per_day_zero() {
    let set = DataSet::base().set(
        "lines.csv",
        "line_id,shifts_per_day,work_days\nL1,0,Mon-Fri\n",
    );
    expect_problem(set, "lines.csv", 2, "shifts_per_day");
}

#[test]
fn shifts_per_day_five() {
    let set = DataSet::base().set(
        "lines.csv",
        "line_id,shifts_per_day,work_days\nL1,5,Mon-Fri\n",
    );
    expect_problem(set, "lines.csv", 2, "shifts_per_day");
}

#[test]
fn shifts_per_day_four_is_fine() {
    expect_ok(DataSet::base().set(
        "lines.csv",
        "line_id,shifts_per_day,work_days\nL1,4,Mon-Sun\n",
    ));
}

#[test]
fn calendar_shifts_five() {
    let set = DataSet::base().set(
        "calendar.csv",
        "date,line_id,shifts,reason\n2026-03-07,L1,3,overtime\n2026-03-08,L1,5,too many\n",
    );
    expect_problem(set, "calendar.csv", 3, "shifts");
}

#[test]
fn calendar_shifts_negative() {
    let set = DataSet::base().set("calendar.csv", "date,line_id,shifts\n2026-03-07,,-1\n");
    expect_problem(set, "calendar.csv", 2, "shifts");
}

#[test]
fn unknown_weekday() {
    let set = DataSet::base().set(
        "lines.csv",
        "line_id,shifts_per_day,work_days\nL1,1,Mon-Fry\n",
    );
    let err = expect_problem(set, "lines.csv", 2, "work_days");
    assert!(err.contains("Mon-Fry"), "{err}");
}

#[test]
fn unknown_weekday_in_list() {
    let set = DataSet::base().set(
        "lines.csv",
        "line_id,shifts_per_day,work_days\nL1,1,\"Mon,Tue,Funday\"\n",
    );
    expect_problem(set, "lines.csv", 2, "work_days");
}

#[test]
fn availability_zero() {
    let set = DataSet::base().set(
        "lines.csv",
        "line_id,shifts_per_day,work_days,availability\nL1,1,Mon-Fri,0\n",
    );
    expect_problem(set, "lines.csv", 2, "availability");
}

#[test]
fn availability_above_one() {
    let set = DataSet::base().set(
        "lines.csv",
        "line_id,shifts_per_day,work_days,availability\nL1,1,Mon-Fri,1.5\n",
    );
    expect_problem(set, "lines.csv", 2, "availability");
}

#[test]
fn day_count_not_whole() {
    let set = DataSet::base().set(
        "products.csv",
        "product_id,name,inspection_days\nP1,Widget,2.5\n",
    );
    expect_problem(set, "products.csv", 2, "inspection_days");
}

#[test]
fn day_count_above_100000() {
    let set = DataSet::base().set("transit.csv", "destination,mode,days\nD1,truck,100001\n");
    expect_problem(set, "transit.csv", 2, "days");
}

#[test]
fn day_count_of_100000_is_fine() {
    // The largest day count accepted: plans (far in the future) without a panic.
    expect_ok(DataSet::base().set(
        "transit.csv",
        "destination,mode,days\nD1,truck,2\nD1,ship,100000\n",
    ));
    expect_ok(DataSet::base().set(
        "products.csv",
        "product_id,inspection_days,packaging_days,design_days\nP1,100000,100000,100000\n",
    ));
}

#[test]
fn day_count_negative() {
    let set = DataSet::base().set("materials.csv", "material_id,lead_time_days\nM1,-3\n");
    expect_problem(set, "materials.csv", 2, "lead_time_days");
}

#[test]
fn unknown_status() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,status\n\
         O1,P1,300,2026-03-20,D1,maybe\n",
    );
    expect_problem(set, "orders.csv", 2, "status");
}

#[test]
fn unknown_kind() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,kind\n\
         O1,P1,300,2026-03-20,D1,bespoke\n",
    );
    expect_problem(set, "orders.csv", 2, "kind");
}

#[test]
fn bad_split_value() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,split\n\
         O1,P1,300,2026-03-20,D1,perhaps\n",
    );
    expect_problem(set, "orders.csv", 2, "split");
}

#[test]
fn bad_priority() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,priority\n\
         O1,P1,300,2026-03-20,D1,high\n",
    );
    expect_problem(set, "orders.csv", 2, "priority");
}

#[test]
fn negative_priority_is_fine() {
    expect_ok(DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,priority\n\
         O1,P1,300,2026-03-20,D1,-3\n",
    ));
}

// ---------------------------------------------------------------------------------------
// Duplicates.

#[test]
fn duplicate_line_id() {
    let set = DataSet::base().set("lines.csv", "line_id,shifts_per_day\nL1,1\nL2,2\nL1,3\n");
    let err = expect_problem(set, "lines.csv", 4, "line_id");
    assert!(
        err.contains("line 2"),
        "the first occurrence is not named:\n{err}"
    );
}

#[test]
fn duplicate_product_id() {
    let set = DataSet::base().set("products.csv", "product_id,inspection_days\nP1,1\nP1,2\n");
    expect_problem(set, "products.csv", 3, "product_id");
}

#[test]
fn duplicate_material_id() {
    let set = DataSet::base().set("materials.csv", "material_id,on_hand\nM1,5\nM2,0\nM1,7\n");
    expect_problem(set, "materials.csv", 4, "material_id");
}

#[test]
fn duplicate_capacity_row() {
    let set = DataSet::base().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift\nL1,P1,100\nL1,P1,120\n",
    );
    expect_problem(set, "capacity.csv", 3, "product_id");
}

#[test]
fn duplicate_order_product_row() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination\n\
         O1,P1,300,2026-03-20,D1\n\
         O2,P1,100,2026-03-20,D1\n\
         O1,P1,50,2026-03-20,D1\n",
    );
    expect_problem(set, "orders.csv", 4, "product_id");
}

#[test]
fn duplicate_calendar_row() {
    let set = DataSet::base().set(
        "calendar.csv",
        "date,line_id,shifts,reason\n\
         2026-03-05,L1,0,breakdown\n\
         2026-03-05,,0,holiday\n\
         2026-03-05,L1,2,repaired\n",
    );
    expect_problem(set, "calendar.csv", 4, "date");
}

#[test]
fn duplicate_calendar_row_for_all_lines() {
    let set = DataSet::base().set(
        "calendar.csv",
        "date,line_id,shifts\n2026-03-05,,0\n2026-03-05,,1\n",
    );
    expect_problem(set, "calendar.csv", 3, "date");
}

#[test]
fn duplicate_transit_row() {
    let set = DataSet::base().set(
        "transit.csv",
        "destination,mode,days\nD1,truck,2\nD1,air,1\nD1,truck,3\n",
    );
    expect_problem(set, "transit.csv", 4, "mode");
}

// ---------------------------------------------------------------------------------------
// References across files.

#[test]
fn capacity_unknown_line() {
    let set = DataSet::base().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift\nL1,P1,100\nL9,P1,100\n",
    );
    let err = expect_problem(set, "capacity.csv", 3, "line_id");
    assert!(err.contains("L9"), "{err}");
}

#[test]
fn capacity_unknown_product() {
    let set = DataSet::base().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift\nL1,P1,100\nL1,P9,100\n",
    );
    expect_problem(set, "capacity.csv", 3, "product_id");
}

#[test]
fn bom_unknown_product() {
    let set = DataSet::base()
        .set("materials.csv", "material_id\nM1\n")
        .set("bom.csv", "product_id,material_id,qty_per_unit\nP9,M1,2\n");
    expect_problem(set, "bom.csv", 2, "product_id");
}

#[test]
fn bom_unknown_material() {
    let set = DataSet::base()
        .set("materials.csv", "material_id\nM1\n")
        .set(
            "bom.csv",
            "product_id,material_id,qty_per_unit\nP1,M1,2\nP1,M9,1\n",
        );
    expect_problem(set, "bom.csv", 3, "material_id");
}

#[test]
fn bom_material_without_materials_file() {
    let set = DataSet::base().set("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,2\n");
    expect_problem(set, "bom.csv", 2, "material_id");
}

#[test]
fn orders_unknown_product() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination\n\
         O1,P1,300,2026-03-20,D1\n\
         O2,P9,300,2026-03-20,D1\n",
    );
    expect_problem(set, "orders.csv", 3, "product_id");
}

#[test]
fn orders_unknown_destination() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination\n\
         O1,P1,300,2026-03-20,Atlantis\n",
    );
    expect_problem(set, "orders.csv", 2, "destination");
}

#[test]
fn orders_mode_not_of_destination() {
    let set = DataSet::base()
        .set(
            "transit.csv",
            "destination,mode,days\nD1,truck,2\nD2,air,1\n",
        )
        .set(
            "orders.csv",
            "order_id,product_id,qty,requested_date,destination,mode\n\
             O1,P1,300,2026-03-20,D1,truck\n\
             O2,P1,300,2026-03-20,D1,air\n",
        );
    expect_problem(set, "orders.csv", 3, "mode");
}

#[test]
fn calendar_unknown_line() {
    let set = DataSet::base().set(
        "calendar.csv",
        "date,line_id,shifts\n2026-03-05,L1,0\n2026-03-06,L9,0\n",
    );
    expect_problem(set, "calendar.csv", 3, "line_id");
}

#[test]
fn receipts_unknown_material() {
    let set = DataSet::base()
        .set("materials.csv", "material_id\nM1\n")
        .set(
            "receipts.csv",
            "material_id,qty,due_date\nM1,10,2026-03-05\nM9,10,2026-03-05\n",
        );
    expect_problem(set, "receipts.csv", 3, "material_id");
}

#[test]
fn subcontractors_unknown_product() {
    let set = DataSet::base().set(
        "subcontractors.csv",
        "subcontractor_id,product_id,units_per_day,lead_days\nS1,P1,50,3\nS2,P9,50,3\n",
    );
    expect_problem(set, "subcontractors.csv", 3, "product_id");
}

// ---------------------------------------------------------------------------------------
// Rules across the rows of one order.

#[test]
fn order_rows_with_different_statuses() {
    let set = DataSet::base()
        .set("products.csv", "product_id,inspection_days\nP1,1\nP2,0\n")
        .set(
            "capacity.csv",
            "line_id,product_id,units_per_shift\nL1,P1,100\nL1,P2,50\n",
        )
        .set(
            "orders.csv",
            "order_id,product_id,qty,requested_date,destination,status\n\
             O1,P1,300,2026-03-20,D1,committed\n\
             O1,P2,100,2026-03-20,D1,quote\n",
        );
    let err = expect_problem(set, "orders.csv", 3, "status");
    assert!(err.contains("O1"), "{err}");
}

#[test]
fn order_rows_with_default_and_explicit_committed_status_are_fine() {
    expect_ok(
        DataSet::base()
            .set("products.csv", "product_id,inspection_days\nP1,1\nP2,0\n")
            .set(
                "capacity.csv",
                "line_id,product_id,units_per_shift\nL1,P1,100\nL1,P2,50\n",
            )
            .set(
                "orders.csv",
                "order_id,product_id,qty,requested_date,destination,status\n\
                 O1,P1,300,2026-03-20,D1,\n\
                 O1,P2,100,2026-03-20,D1,Committed\n",
            ),
    );
}

#[test]
fn done_qty_above_qty() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,done_qty\n\
         O1,P1,300,2026-03-20,D1,301\n",
    );
    expect_problem(set, "orders.csv", 2, "done_qty");
}

#[test]
fn done_qty_equal_to_qty_is_fine() {
    expect_ok(DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,done_qty\n\
         O1,P1,300,2026-03-20,D1,300\n",
    ));
}

// ---------------------------------------------------------------------------------------
// All problems at once, with a cap.

#[test]
fn many_problems_are_all_reported() {
    let set = DataSet::base()
        .set("lines.csv", "line_id,shifts_per_day\nL1,9\n")
        .set("products.csv", "product_id,inspection_days\nP1,1\nP2,x\n")
        .set(
            "orders.csv",
            "order_id,product_id,qty,requested_date,destination\n\
             O1,P1,300,2026-03-20,D1\n\
             O2,P1,300,2026-03-20,D1\n\
             O3,P1,300,2026-03-20,Nowhere\n",
        );
    let err = expect_problems(
        set,
        &[
            ("lines.csv", 2, "shifts_per_day"),
            ("products.csv", 3, "inspection_days"),
            ("orders.csv", 4, "destination"),
        ],
    );
    let n = err.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(n, 3, "expected exactly the 3 problems:\n{err}");
}

#[test]
fn more_than_50_problems_are_capped() {
    let mut orders = String::from("order_id,product_id,qty,requested_date,destination\n");
    for i in 0..60 {
        orders.push_str(&format!("O{i},P1,-1,2026-03-20,D1\n"));
    }
    let set = DataSet::base().set("orders.csv", &orders);
    // The first problems are shown, in file order.
    let err = expect_problems(set, &[("orders.csv", 2, "qty"), ("orders.csv", 51, "qty")]);
    let shown = err.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(shown, 50, "expected 50 problems shown:\n{err}");
    assert!(
        err.contains("… and 10 more problems"),
        "the rest is not counted:\n{err}"
    );
    assert!(
        !err.contains("orders.csv:52:"),
        "more than 50 shown:\n{err}"
    );
}

#[test]
fn exactly_50_problems_are_not_capped() {
    let mut orders = String::from("order_id,product_id,qty,requested_date,destination\n");
    for i in 0..50 {
        orders.push_str(&format!("O{i},P1,0,2026-03-20,D1\n"));
    }
    let err = expect_problems(
        DataSet::base().set("orders.csv", &orders),
        &[("orders.csv", 51, "qty")],
    );
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 50);
    assert!(!err.contains("more problems"), "{err}");
}

// ---------------------------------------------------------------------------------------
// What spreadsheets write, and how headers are matched.

/// `text` with a byte-order mark, CRLF line ends, a row of empty cells and blank trailing
/// lines, as Excel saves a CSV.
fn excel(text: &str) -> Vec<u8> {
    let commas = text.lines().next().unwrap().matches(',').count();
    let mut s = String::from("\u{feff}");
    for line in text.lines() {
        s.push_str(line);
        s.push_str("\r\n");
    }
    s.push_str(&",".repeat(commas));
    s.push_str("\r\n\r\n\r\n");
    s.into_bytes()
}

#[test]
fn excel_style_files_load() {
    let base = DataSet::base();
    let mut set = base.clone();
    for (name, bytes) in &base.files {
        set = set.set_bytes(name, &excel(std::str::from_utf8(bytes).unwrap()));
    }
    let (plant, o) = expect_ok(set);
    assert!(plant.out().join("orders.csv").is_file());
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn excel_style_row_of_empty_cells_in_the_middle_is_skipped() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination\n\
         O1,P1,300,2026-03-20,D1\n\
         ,,,,\n\
         O2,P1,100,2026-03-27,D1\n",
    );
    expect_ok(set);
}

#[test]
fn crlf_line_numbers_are_right() {
    let text = "order_id,product_id,qty,requested_date,destination\r\n\
                O1,P1,300,2026-03-20,D1\r\n\
                ,,,,\r\n\
                \r\n\
                O2,P1,100,2026-03-20,D1\r\n\
                O3,P1,abc,2026-03-20,D1\r\n\
                \r\n";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let set = DataSet::base().set_bytes("orders.csv", &bytes);
    expect_problem(set, "orders.csv", 6, "qty");
}

#[test]
fn crlf_line_number_of_the_first_row() {
    let set = DataSet::base().set_bytes(
        "lines.csv",
        b"\xEF\xBB\xBFline_id,shifts_per_day\r\nL1,7\r\n",
    );
    expect_problem(set, "lines.csv", 2, "shifts_per_day");
}

#[test]
fn line_numbers_count_lines_inside_quoted_cells() {
    // A quoted cell spanning two lines: the next row starts on line 4.
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,customer,product_id,qty,requested_date,destination\n\
         O1,\"ACME\nLtd\",P1,300,2026-03-20,D1\n\
         O2,Beta,P1,300,2026-03-20,Nowhere\n",
    );
    expect_problem(set, "orders.csv", 4, "destination");
}

#[test]
fn invalid_utf8_is_reported_with_its_column() {
    let set = DataSet::base().set_bytes(
        "orders.csv",
        b"order_id,customer,product_id,qty,requested_date,destination\n\
          O1,ACME,P1,300,2026-03-20,D1\n\
          O2,\xff\xfe,P1,300,2026-03-20,D1\n",
    );
    expect_problem(set, "orders.csv", 3, "customer");
}

#[test]
fn columns_in_any_order_with_odd_headers_and_extra_columns() {
    let set = DataSet::base()
        .set(
            "lines.csv",
            "Work_Days, SHIFTS_PER_DAY , Line_ID ,Comment\nMon-Fri,1,L1,main line\n",
        )
        .set(
            "capacity.csv",
            "Units_Per_Shift,PRODUCT_ID, Line_ID ,colour\n100,P1,L1,red\n",
        )
        .set(
            "products.csv",
            "  Inspection_Days,Name ,Product_Id,notes\n1,Widget,P1,x\n",
        )
        .set(
            "transit.csv",
            "DAYS,Mode,Destination ,carrier\n2,truck,D1,ACME\n",
        )
        .set(
            "orders.csv",
            "Destination,REQUESTED_DATE, qty ,Product_ID,Order_ID,sales_rep\n\
             D1,2026-03-20,300,P1,O1,Ann\n",
        );
    let (plant, _) = expect_ok(set);
    assert!(plant.out().join("orders.csv").is_file());
}

#[test]
fn odd_headers_still_locate_problems() {
    let set = DataSet::base().set(
        "capacity.csv",
        " UNITS_per_shift ,Product_ID,Line_Id\n100,P1,L1\n-4,P1,L1\n",
    );
    // The column is named as SPEC.md spells it.
    let err = expect_problems(set, &[("capacity.csv", 3, "units_per_shift")]);
    assert!(err.contains("-4"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Arguments.

#[test]
fn out_equal_to_data_is_refused() {
    let plant = DataSet::base().write();
    let before = plant.snapshot();
    let data = plant.data.to_str().unwrap();
    let o = plant.run(&["plan", "--data", data, "--as-of", AS_OF, "--out", data]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert!(err.contains("--out"), "the flag is not named:\n{err}");
    assert_eq!(plant.snapshot(), before, "the input files were changed");
}

#[test]
fn out_equal_to_data_spelled_differently_is_refused() {
    let plant = DataSet::base().write();
    let before = plant.snapshot();
    let data = plant.data.to_str().unwrap();
    let other = plant.data.join(".").join("..").join("data");
    let o = plant.run(&[
        "plan",
        "--data",
        data,
        "--as-of",
        AS_OF,
        "--out",
        other.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(plant.snapshot(), before, "the input files were changed");
}

#[test]
fn unparsable_as_of() {
    let plant = DataSet::base().write();
    let (data, out) = (plant.data.to_str().unwrap(), plant.out());
    let o = plant.run(&[
        "plan",
        "--data",
        data,
        "--as-of",
        "2026-13-45",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = assert_refused(&plant, &o);
    assert!(err.contains("--as-of"), "the flag is not named:\n{err}");
}

#[test]
fn quote_unknown_order() {
    let plant = DataSet::base().write();
    let data = plant.data.to_str().unwrap();
    let o = plant.run(&["quote", "--data", data, "--as-of", AS_OF, "--order", "NOPE"]);
    let err = assert_refused(&plant, &o);
    assert!(err.contains("--order"), "the flag is not named:\n{err}");
    assert!(err.contains("NOPE"), "{err}");
}

#[test]
fn quote_ad_hoc_unknown_product() {
    let plant = DataSet::base().write();
    let data = plant.data.to_str().unwrap();
    let o = plant.run(&[
        "quote",
        "--data",
        data,
        "--as-of",
        AS_OF,
        "--product",
        "NOPE",
        "--qty",
        "1",
        "--destination",
        "D1",
    ]);
    let err = assert_refused(&plant, &o);
    assert!(err.contains("--product"), "the flag is not named:\n{err}");
    assert!(err.contains("NOPE"), "{err}");
}

#[test]
fn quote_ad_hoc_unknown_destination() {
    let plant = DataSet::base().write();
    let data = plant.data.to_str().unwrap();
    let o = plant.run(&[
        "quote",
        "--data",
        data,
        "--as-of",
        AS_OF,
        "--product",
        "P1",
        "--qty",
        "1",
        "--destination",
        "NOPE",
    ]);
    let err = assert_refused(&plant, &o);
    assert!(
        err.contains("--destination"),
        "the flag is not named:\n{err}"
    );
}

#[test]
fn quote_on_bad_data_reports_the_data_problem() {
    let plant = DataSet::base()
        .set("lines.csv", "line_id,shifts_per_day\nL1,0\n")
        .write();
    let data = plant.data.to_str().unwrap();
    let o = plant.run(&[
        "quote",
        "--data",
        data,
        "--as-of",
        AS_OF,
        "--product",
        "P1",
        "--qty",
        "450",
        "--destination",
        "D1",
    ]);
    let err = assert_refused(&plant, &o);
    assert_diag(&err, "lines.csv", 2, "shifts_per_day");
}

// ---------------------------------------------------------------------------------------
// The range of every number (issue 11): values that used to panic, hang or print dates
// no calendar has are refused with the range; the ends of every range plan.

/// Expects exactly one problem, at `file:line: column`, saying `expected RANGE, found "VALUE"`.
fn expect_out_of_range(
    set: DataSet,
    file: &str,
    line: usize,
    column: &str,
    range: &str,
    value: &str,
) {
    let err = expect_problem(set, file, line, column);
    let want = format!("expected {range}, found \"{value}\"");
    assert!(err.contains(&want), "no {want:?} in stderr:\n{err}");
}

#[test]
fn lead_time_sd_of_a_million_days_is_out_of_range() {
    // Was: index out of bounds at reliability/risk.rs (exit 101) at a service level.
    let set = DataSet::base()
        .set(
            "materials.csv",
            "material_id,lead_time_days,lead_time_sd_days\nM1,10,1e6\n",
        )
        .set("bom.csv", "product_id,material_id,qty_per_unit\nP1,M1,1\n");
    let range = "a standard deviation in days 0..=100000";
    expect_out_of_range(set, "materials.csv", 2, "lead_time_sd_days", range, "1e6");
}

#[test]
fn transit_sd_of_1e300_days_is_out_of_range() {
    // Was: no spread at all (the lognormal could not be built, the draw fell back to the mean).
    let set = DataSet::base().set(
        "transit.csv",
        "destination,mode,days,days_sd\nD1,truck,2,1e300\n",
    );
    let range = "a standard deviation in days 0..=100000";
    expect_out_of_range(set, "transit.csv", 2, "days_sd", range, "1e300");
}

#[test]
fn units_per_shift_of_1e308_is_out_of_range() {
    // Was: a microlp assertion in plan --optimize.
    let set = DataSet::base().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift\nL1,P1,1e308\n",
    );
    let range = "a number 0.000001..=1000000000";
    expect_out_of_range(set, "capacity.csv", 2, "units_per_shift", range, "1e308");
}

#[test]
fn units_per_shift_below_a_millionth_is_out_of_range() {
    let set = DataSet::base().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift\nL1,P1,1e-7\n",
    );
    let range = "a number 0.000001..=1000000000";
    expect_out_of_range(set, "capacity.csv", 2, "units_per_shift", range, "1e-7");
}

#[test]
fn weight_of_1e308_is_out_of_range() {
    // Was: a microlp assertion in plan --optimize.
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,weight\n\
         O1,P1,300,2026-03-20,D1,1e308\n",
    );
    expect_out_of_range(
        set,
        "orders.csv",
        2,
        "weight",
        "a number 0..=1000000",
        "1e308",
    );
}

#[test]
fn availability_of_1e_300_is_out_of_range() {
    // Was: 22 s for 50 scenarios on the demo (a line that never works, replayed a million days).
    let set = DataSet::base().set(
        "lines.csv",
        "line_id,shifts_per_day,work_days,availability\nL1,1,Mon-Fri,1e-300\n",
    );
    expect_out_of_range(
        set,
        "lines.csv",
        2,
        "availability",
        "a probability 0.01..=1",
        "1e-300",
    );
}

#[test]
fn quantities_stocks_rates_and_costs_above_a_billion_are_out_of_range() {
    let cases: [(&str, &str, &str); 6] = [
        (
            "orders.csv",
            "order_id,product_id,qty,requested_date,destination\nO1,P1,2e9,2026-03-20,D1\n",
            "qty",
        ),
        ("products.csv", "product_id,on_hand\nP1,2e9\n", "on_hand"),
        (
            "products.csv",
            "product_id,max_stock\nP1,1000000001\n",
            "max_stock",
        ),
        (
            "transit.csv",
            "destination,mode,days,cost_per_unit\nD1,truck,2,1e10\n",
            "cost_per_unit",
        ),
        (
            "subcontractors.csv",
            "subcontractor_id,product_id,units_per_day\nS1,P1,1e12\n",
            "units_per_day",
        ),
        (
            "receipts.csv",
            "material_id,qty,due_date\nM1,5e9,2026-03-05\n",
            "qty",
        ),
    ];
    for (file, text, column) in cases {
        let set = DataSet::base()
            .set("materials.csv", "material_id\nM1\n")
            .set(file, text);
        let value = text.lines().nth(1).unwrap().split(',').nth(
            text.lines()
                .next()
                .unwrap()
                .split(',')
                .position(|h| h == column)
                .unwrap(),
        );
        let range = if column == "units_per_day" || file == "orders.csv" {
            "a number 0.000001..=1000000000"
        } else {
            "a number 0..=1000000000"
        };
        expect_out_of_range(set, file, 2, column, range, value.unwrap());
    }
}

#[test]
fn qty_per_unit_above_a_million_is_out_of_range() {
    let set = DataSet::base()
        .set("materials.csv", "material_id\nM1\n")
        .set(
            "bom.csv",
            "product_id,material_id,qty_per_unit\nP1,M1,1e7\n",
        );
    let range = "a number 0.000001..=1000000";
    expect_out_of_range(set, "bom.csv", 2, "qty_per_unit", range, "1e7");
}

#[test]
fn priority_beyond_a_billion_is_out_of_range() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,priority\n\
         O1,P1,300,2026-03-20,D1,-2000000000\n",
    );
    let range = "a whole number -1000000000..=1000000000";
    expect_out_of_range(set, "orders.csv", 2, "priority", range, "-2000000000");
}

#[test]
fn a_change_set_is_held_to_the_same_ranges() {
    let plant = DataSet::base().write();
    let changes = plant.root.path().join("changes.csv");
    fs::write(
        &changes,
        "kind,order_id,product_id,qty\norder_qty,O1,P1,1e300\n",
    )
    .unwrap();
    let o = plant.run(&[
        "change",
        "--data",
        plant.data.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--changes",
        changes.to_str().unwrap(),
    ]);
    let err = assert_refused(&plant, &o);
    assert_diag(&err, "changes.csv", 2, "qty");
    assert!(
        err.contains("expected a number 0.000001..=1000000000, found \"1e300\""),
        "{err}"
    );
}

#[test]
fn ad_hoc_quote_flags_are_held_to_the_same_ranges() {
    let plant = DataSet::base().write();
    let data = plant.data.to_str().unwrap();
    for (flag, value, want) in [
        (
            "--qty",
            "1e308",
            "--qty: expected a number 0.000001..=1000000000",
        ),
        ("--priority", "99999999999", "--priority"),
    ] {
        let mut args = vec![
            "quote",
            "--data",
            data,
            "--as-of",
            AS_OF,
            "--destination",
            "D1",
        ];
        args.extend(["--product", "P1"]);
        if flag != "--qty" {
            args.extend(["--qty", "1"]);
        }
        args.extend([flag, value]);
        let err = assert_refused(&plant, &plant.run(&args));
        assert!(err.contains(want), "{flag}: {err}");
    }
}

/// The years of every `"YYYY-…"` string in `json`, and whether any date has a sign
/// (chrono writes years past 9999 as `+10000-…`).
fn years(json: &str) -> (Vec<u32>, bool) {
    let b = json.as_bytes();
    let years = (0..b.len().saturating_sub(6))
        .filter(|&i| {
            b[i] == b'"' && b[i + 1..i + 5].iter().all(u8::is_ascii_digit) && b[i + 5] == b'-'
        })
        .map(|i| json[i + 1..i + 5].parse().unwrap())
        .collect();
    (years, json.contains("\"+"))
}

/// Every number at an end of its range, together: the plan, a quote at a service level,
/// the backtest and the optimiser run without panic, and no date runs past what the
/// longest durations allow. Before draws had a ceiling, a lead time of 100,000 ± 100,000
/// days now and then drew millions of days: dates in year 3973, past any calendar the
/// service can store.
#[test]
fn the_ends_of_every_range_plan_quote_and_optimise() {
    let set = DataSet::base()
        .set(
            "lines.csv",
            "line_id,shifts_per_day,work_days,availability\nL1,4,Mon-Sun,0.01\nL2,1,Mon-Fri,1\n",
        )
        .set(
            "capacity.csv",
            "line_id,product_id,units_per_shift\nL1,P1,1000000000\nL2,P1,0.000001\nL2,P2,0.000001\n",
        )
        .set(
            "products.csv",
            "product_id,on_hand,safety_stock,inspection_days,min_stock,max_stock\n\
             P1,1000000000,0,100000,0,1000000000\nP2,0,1000000000,0,1000000000,0\n",
        )
        .set(
            "materials.csv",
            "material_id,on_hand,lead_time_days,lead_time_sd_days\n\
             M1,0,100000,100000\nM2,1000000000,100000,0\n",
        )
        .set(
            "bom.csv",
            "product_id,material_id,qty_per_unit\nP1,M1,1000000\nP2,M2,0.000001\n",
        )
        .set(
            "transit.csv",
            "destination,mode,days,cost_per_unit,days_sd\n\
             D1,truck,0,1000000000,100000\nD1,air,100000,0,0\n",
        )
        .set(
            "orders.csv",
            "order_id,product_id,qty,requested_date,destination,priority,weight,done_qty\n\
             O1,P1,1000000000,2026-03-20,D1,-1000000000,1000000,0\n\
             O2,P2,0.000001,2026-03-20,D1,1000000000,0,0.000001\n\
             O3,P1,0.000001,2026-03-09,D1,0,1000000,0\n\
             O4,P2,1000000000,2026-03-09,D1,0,0.000001,0\n",
        );
    let plant = set.write();
    let data = plant.data.to_str().unwrap();
    for args in [
        &["plan", "--json"][..],
        &[
            "plan",
            "--json",
            "--service-level",
            "0.99",
            "--scenarios",
            "300",
        ],
        &[
            "plan",
            "--json",
            "--optimize",
            "--iterations",
            "30",
            "--time-limit",
            "20s",
        ],
        &[
            "quote",
            "--json",
            "--product",
            "P1",
            "--qty",
            "1000000000",
            "--destination",
            "D1",
            "--service-level",
            "0.99",
            "--scenarios",
            "300",
        ],
        &[
            "backtest",
            "--json",
            "--scenarios",
            "300",
            "--check-scenarios",
            "300",
        ],
    ] {
        let mut all = vec![args[0], "--data", data, "--as-of", AS_OF];
        // Made within 200,000 days, the orders needing M1 are planned and replayed (the
        // optimiser keeps the default horizon: its LP would span 200,000 days).
        if !args.contains(&"--optimize") {
            all.extend(["--horizon-days", "200000"]);
        }
        all.extend(&args[1..]);
        let o = plant.run(&all);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?}:\n{err}");
        // Material ready within 100,000 days of the as-of date, inspection 100,000 days,
        // transit at most 100,000: about 2847 at the latest.
        let (years, signed) = years(&stdout(&o));
        assert!(!signed, "{args:?}: a date past year 9999");
        assert!(
            years.iter().all(|&y| (2026..2900).contains(&y)),
            "{args:?}: years {:?}",
            years.iter().max()
        );
    }
}

#[test]
fn a_column_named_twice_is_an_error_on_the_header_line() {
    let set = DataSet::base().set(
        "orders.csv",
        "order_id,product_id,qty,requested_date,destination,QTY\n\
         O1,P1,300,2026-03-20,D1,5\n",
    );
    let err = expect_problem(set, "orders.csv", 1, "qty");
    assert!(
        err.contains("duplicate column (named in header cells 3 and 6)"),
        "{err}"
    );
}

#[test]
fn a_column_named_twice_is_found_below_leading_blank_lines_and_in_every_file() {
    let set = DataSet::base()
        .set(
            "lines.csv",
            "\n\nline_id, Line_ID ,shifts_per_day\nL1,L1,1\n",
        )
        .set("transit.csv", "destination,mode,days,days\nD1,truck,2,2\n");
    let err = expect_problems(
        set,
        &[("lines.csv", 3, "line_id"), ("transit.csv", 1, "days")],
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: ")).count(),
        2,
        "{err}"
    );
}

/// The optimiser's lower bound on the ends of the ranges: units per shift from a millionth
/// to a billion, quantities from a millionth to a billion and weights from a millionth to
/// a million, side by side on one line (the LP's coefficients span 10³⁰). It solves, and
/// the bound stays below the plan's objective.
#[test]
fn the_optimisers_bound_holds_on_the_ends_of_the_ranges() {
    let set = DataSet::base()
        .set(
            "lines.csv",
            "line_id,shifts_per_day,work_days\nL1,1,Mon-Fri\nL2,1,Mon-Fri\n",
        )
        .set(
            "capacity.csv",
            "line_id,product_id,units_per_shift\n\
             L1,P1,1000000000\nL2,P1,0.000001\nL1,P2,0.000001\nL2,P3,1000000000\n",
        )
        .set("products.csv", "product_id\nP1\nP2\nP3\n")
        .set(
            "orders.csv",
            "order_id,product_id,qty,requested_date,destination,weight\n\
             O1,P1,0.000001,2026-03-02,D1,1000000\n\
             O2,P1,1000000000,2026-03-02,D1,0.000001\n\
             O3,P2,0.000001,2026-03-04,D1,1000000\n\
             O4,P3,1000000000,2026-03-02,D1,1000000\n\
             O5,P3,0.000001,2026-03-02,D1,0.000001\n\
             O6,P2,0.00001,2026-03-03,D1,1000000\n",
        );
    let plant = set.write();
    let o = plant.run(&[
        "plan",
        "--data",
        plant.data.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--json",
        "--optimize",
        "--iterations",
        "30",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let opt = &v["optimization"];
    assert_eq!(opt["lp"]["solved"], true, "{opt}");
    let (bound, objective) = (
        opt["lower_bound"].as_f64().unwrap(),
        opt["objective"].as_f64().unwrap(),
    );
    assert!(bound > 0.0 && bound <= objective, "{opt}");
}

// ---------------------------------------------------------------------------------------
// Routings and made components (SPEC.md: every rule reported with the others, by file,
// line and column).

/// The base with P1 made in two steps (machining, assembly) from a made component C1.
fn routed() -> DataSet {
    DataSet::base()
        .set(
            "lines.csv",
            "line_id,shifts_per_day,work_days\nL1,1,Mon-Fri\nL2,1,Mon-Fri\n",
        )
        .set(
            "capacity.csv",
            "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL2,P1,50,2\nL1,C1,200,1\n",
        )
        .set(
            "products.csv",
            "product_id,name,inspection_days\nP1,Widget,1\nC1,Shaft,1\n",
        )
        .set(
            "routing.csv",
            "product_id,step,name,wait_days\nP1,1,machining,2\nP1,2,assembly,0\n",
        )
        .set(
            "bom.csv",
            "product_id,material_id,qty_per_unit,step\nP1,C1,1,2\n",
        )
}

#[test]
fn routed_base_plans() {
    let (plant, _) = expect_ok(routed());
    assert!(plant.out().join("work_orders.csv").is_file());
}

#[test]
fn capacity_duplicate_line_product_step() {
    let set = routed().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL2,P1,50,2\nL1,C1,200,1\nL2,P1,60,2\n",
    );
    let err = expect_problem(set, "capacity.csv", 5, "product_id");
    assert!(err.contains("at step 2"), "{err}");
}

#[test]
fn capacity_same_line_at_two_steps_is_fine() {
    expect_ok(routed().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL1,P1,50,2\nL1,C1,200,1\n",
    ));
}

#[test]
fn capacity_step_not_a_whole_number() {
    let set = routed().set(
        "capacity.csv",
        "line_id,product_id,units_per_shift,step\nL1,P1,100,first\nL2,P1,50,2\nL1,C1,200,1\n",
    );
    expect_problem(set, "capacity.csv", 2, "step");
}

#[test]
fn routing_step_the_product_does_not_have() {
    let set = routed().set(
        "routing.csv",
        "product_id,step,name,wait_days\nP1,1,machining,2\nP1,3,painting,4\n",
    );
    let err = expect_problem(set, "routing.csv", 3, "step");
    assert!(err.contains("has no step 3 in capacity.csv"), "{err}");
}

#[test]
fn routing_duplicate_product_step() {
    let set = routed().set(
        "routing.csv",
        "product_id,step,name,wait_days\nP1,1,machining,2\nP1,2,assembly,0\nP1,1,turning,1\n",
    );
    expect_problem(set, "routing.csv", 4, "step");
}

#[test]
fn routing_unknown_product_and_bad_wait() {
    let set = routed().set(
        "routing.csv",
        "product_id,step,name,wait_days\nP9,1,machining,2\nP1,2,assembly,-1\n",
    );
    expect_problems(
        set,
        &[
            ("routing.csv", 2, "product_id"),
            ("routing.csv", 3, "wait_days"),
        ],
    );
}

#[test]
fn bom_step_the_product_does_not_have() {
    let set = routed().set(
        "bom.csv",
        "product_id,material_id,qty_per_unit,step\nP1,C1,1,5\n",
    );
    expect_problem(set, "bom.csv", 2, "step");
}

#[test]
fn bom_unknown_material_nor_product() {
    let set = routed().set(
        "bom.csv",
        "product_id,material_id,qty_per_unit,step\nP1,X9,1,2\n",
    );
    let err = expect_problem(set, "bom.csv", 2, "material_id");
    assert!(
        err.contains("not in materials.csv nor products.csv"),
        "{err}"
    );
}

#[test]
fn an_id_both_product_and_material() {
    let set = routed().set("materials.csv", "material_id,lead_time_days\nM1,3\nC1,5\n");
    let err = expect_problem(set, "materials.csv", 3, "material_id");
    assert!(err.contains("also a product"), "{err}");
}

#[test]
fn a_component_cycle_is_reported_with_the_cycle() {
    let set = routed()
        .set(
            "products.csv",
            "product_id,inspection_days\nP1,1\nC1,1\nSHAFT,0\nHUB,0\n",
        )
        .set(
            "capacity.csv",
            "line_id,product_id,units_per_shift,step\nL1,P1,100,1\nL2,P1,50,2\nL1,C1,200,1\nL1,SHAFT,10,1\nL2,HUB,10,1\n",
        )
        .set(
            "bom.csv",
            "product_id,material_id,qty_per_unit,step\nP1,C1,1,2\nSHAFT,HUB,1,\nHUB,SHAFT,2,\nC1,C1,1,\n",
        );
    let err = expect_problems(
        set,
        &[("bom.csv", 4, "material_id"), ("bom.csv", 5, "material_id")],
    );
    assert!(err.contains("SHAFT -> HUB -> SHAFT"), "{err}");
    assert!(err.contains("C1 -> C1"), "{err}");
}

#[test]
fn routing_problems_are_all_reported_at_once() {
    let set = routed()
        .set(
            "routing.csv",
            "product_id,step,name,wait_days\nP1,7,machining,2\n",
        )
        .set(
            "bom.csv",
            "product_id,material_id,qty_per_unit,step\nP1,C1,1,9\n",
        )
        .set("materials.csv", "material_id\nP1\n");
    expect_problems(
        set,
        &[
            ("routing.csv", 2, "step"),
            ("bom.csv", 2, "step"),
            ("materials.csv", 2, "material_id"),
        ],
    );
}
