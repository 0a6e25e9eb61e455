//! The finite range of every decimal a data set may hold, by column name.
//!
//! SPEC.md asks for finite decimals ≥ 0 (or > 0); the engine needs more: a quantity of
//! 1e308 units overflows the optimiser's lower bound to infinity, a standard deviation of
//! 1e9 days draws dates no calendar can write, and an availability of 1e-300 makes a line
//! that never works, which the reliability model replays day by day for a million days.
//! So every decimal column has a range — wide enough for any real plant, narrow enough
//! that every sum and ratio the engine forms stays finite and meaningful — and a value
//! outside it is an input error that says the range (README.md lists them). A column
//! means the same in every file (`qty` of `orders.csv`, `receipts.csv` and a change set),
//! so the range is looked up by its name; whole numbers (day counts, shifts, priority)
//! have theirs where they are read.

/// The largest quantity, stock, rate or cost: a billion.
pub const MAX_AMOUNT: f64 = 1e9;
/// The smallest quantity or rate a column that must be positive accepts.
pub const MIN_POSITIVE: f64 = 1e-6;
/// The largest quantity of a material (or component) per unit of product.
pub const MAX_PER_UNIT: f64 = 1e6;
/// The largest cost of one day late.
pub const MAX_WEIGHT: f64 = 1e6;
/// The largest standard deviation in days: the largest day count SPEC.md accepts.
pub const MAX_SD_DAYS: f64 = 100_000.0;
/// The smallest availability of a line: one planned shift in a hundred is productive.
/// Below it a line is as good as down, and the reliability model would replay it for
/// decades of days in every scenario looking for the shifts its queue needs.
pub const MIN_AVAILABILITY: f64 = 0.01;

/// An inclusive range of accepted values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: f64,
    pub max: f64,
    /// What the value is, as the error message says it ("a number", "a probability").
    pub what: &'static str,
}

impl Bounds {
    /// The range of decimal column `column`; `positive` when SPEC.md wants it > 0.
    pub fn of(column: &str, positive: bool) -> Bounds {
        let min = if positive { MIN_POSITIVE } else { 0.0 };
        let number = |max| Bounds {
            min,
            max,
            what: "a number",
        };
        match column {
            "availability" => Bounds {
                min: MIN_AVAILABILITY,
                max: 1.0,
                what: "a probability",
            },
            "lead_time_sd_days" | "days_sd" => Bounds {
                min: 0.0,
                max: MAX_SD_DAYS,
                what: "a standard deviation in days",
            },
            "qty_per_unit" => number(MAX_PER_UNIT),
            "weight" => number(MAX_WEIGHT),
            // Quantities, stocks, rates and costs.
            _ => number(MAX_AMOUNT),
        }
    }

    pub fn contains(&self, v: f64) -> bool {
        v.is_finite() && (self.min..=self.max).contains(&v)
    }

    /// `a number 0.000001..=1000000000`: what the message says was expected.
    pub fn expected(&self) -> String {
        format!("{} {}..={}", self.what, self.min, self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_plain_numbers() {
        assert_eq!(
            Bounds::of("qty", true).expected(),
            "a number 0.000001..=1000000000"
        );
        assert_eq!(
            Bounds::of("on_hand", false).expected(),
            "a number 0..=1000000000"
        );
        assert_eq!(
            Bounds::of("availability", true).expected(),
            "a probability 0.01..=1"
        );
        assert_eq!(
            Bounds::of("lead_time_sd_days", false).expected(),
            "a standard deviation in days 0..=100000"
        );
        assert_eq!(
            Bounds::of("weight", false).expected(),
            "a number 0..=1000000"
        );
    }

    #[test]
    fn the_ends_are_in_and_beyond_them_is_out() {
        let q = Bounds::of("qty", true);
        for v in [1e-6, 1.0, 1e9] {
            assert!(q.contains(v), "{v}");
        }
        for v in [0.0, 9.9e-7, 1.000001e9, f64::NAN, f64::INFINITY, -1.0] {
            assert!(!q.contains(v), "{v}");
        }
        assert!(Bounds::of("on_hand", false).contains(0.0));
        assert!(!Bounds::of("availability", true).contains(0.0099));
        assert!(Bounds::of("availability", true).contains(1.0));
        assert!(!Bounds::of("days_sd", false).contains(100_000.5));
    }
}
