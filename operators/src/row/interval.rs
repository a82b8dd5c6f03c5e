//! Spark's ANSI interval types: [`IntervalType`] (`interval minute`, `interval day to hour`,
//! `interval year to month`, ...) and how their values are shown (`INTERVAL '10' MINUTE`).
//!
//! A day-time interval is a number of microseconds, a year-month interval a number of months;
//! the type's fields (its start and end unit) only decide how the value is written.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A field of an interval type, from the largest unit to the smallest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IntervalField {
    /// `YEAR` (year-month intervals).
    Year,
    /// `MONTH` (year-month intervals).
    Month,
    /// `DAY` (day-time intervals).
    Day,
    /// `HOUR`.
    Hour,
    /// `MINUTE`.
    Minute,
    /// `SECOND` (with microseconds).
    Second,
}

impl IntervalField {
    /// The field's name in upper case, as Spark writes it in types and values.
    pub fn name(self) -> &'static str {
        match self {
            IntervalField::Year => "YEAR",
            IntervalField::Month => "MONTH",
            IntervalField::Day => "DAY",
            IntervalField::Hour => "HOUR",
            IntervalField::Minute => "MINUTE",
            IntervalField::Second => "SECOND",
        }
    }

    /// The field's position, from `YEAR` (0) to `SECOND` (5), as group keys encode it.
    pub fn index(self) -> u8 {
        self as u8
    }

    /// The field at `index` (see [`index`](IntervalField::index)); `SECOND` past the end.
    pub fn from_index(index: u8) -> IntervalField {
        use IntervalField::*;
        [Year, Month, Day, Hour, Minute, Second][usize::from(index.min(5))]
    }

    /// Whether this is a field of year-month intervals.
    pub fn is_year_month(self) -> bool {
        self <= IntervalField::Month
    }
}

/// An interval type: its start and end field, both year-month or both day-time
/// (`start <= end`).
///
/// ```
/// use ember_operators::{IntervalField, IntervalType};
/// let t = IntervalType::new(IntervalField::Day, IntervalField::Hour);
/// assert_eq!(t.to_string(), "interval day to hour");
/// assert_eq!(t.show(26 * 3_600_000_000), "INTERVAL '1 02' DAY TO HOUR");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IntervalType {
    /// The largest unit.
    pub start: IntervalField,
    /// The smallest unit.
    pub end: IntervalField,
}

use super::micros::{MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND};

impl IntervalType {
    /// The type from `start` to `end` (one field when equal).
    pub const fn new(start: IntervalField, end: IntervalField) -> IntervalType {
        IntervalType { start, end }
    }

    /// Whether values of this type count months (else microseconds).
    pub fn is_year_month(self) -> bool {
        self.start.is_year_month()
    }

    /// Spark's name in messages: `INTERVAL MINUTE`, `INTERVAL DAY TO HOUR`.
    pub fn sql(self) -> String {
        self.to_string().to_uppercase()
    }

    /// The smallest type holding both (the same kind): from the larger start to the smaller
    /// end.
    pub fn widen(self, other: IntervalType) -> IntervalType {
        IntervalType::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// A value of this type as Spark shows it (`show()`, casts to string, literals in column
    /// names): `INTERVAL '10' MINUTE`, `INTERVAL '-00:50' HOUR TO MINUTE`,
    /// `INTERVAL '1-2' YEAR TO MONTH`. `amount` is months or microseconds.
    pub fn show(self, amount: i64) -> String {
        let text = if self.is_year_month() {
            self.year_month_text(amount)
        } else {
            self.day_time_text(amount)
        };
        let fields = if self.start == self.end {
            self.start.name().to_string()
        } else {
            format!("{} TO {}", self.start.name(), self.end.name())
        };
        format!("INTERVAL '{text}' {fields}")
    }

    /// Spark's `IntervalUtils.toYearMonthIntervalString` (ANSI style), between the quotes.
    fn year_month_text(self, months: i64) -> String {
        let sign = if months < 0 { "-" } else { "" };
        let abs = months.unsigned_abs();
        match (self.start, self.end) {
            (IntervalField::Month, _) => months.to_string(),
            (_, IntervalField::Year) => format!("{sign}{}", abs / 12),
            _ => format!("{sign}{}-{}", abs / 12, abs % 12),
        }
    }

    /// Spark's `IntervalUtils.toDayTimeIntervalString` (ANSI style), between the quotes.
    fn day_time_text(self, micros: i64) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        if micros < 0 {
            out.push('-');
        }
        let mut rest = micros.unsigned_abs();
        let unit = |u: i64| u as u64;
        let seconds = |rest: u64| {
            let whole = rest / unit(MICROS_PER_SECOND);
            let fraction = rest % unit(MICROS_PER_SECOND);
            let fraction = format!("{fraction:06}");
            let fraction = fraction.trim_end_matches('0');
            let lead = if rest < 10 * unit(MICROS_PER_SECOND) {
                "0"
            } else {
                ""
            };
            if fraction.is_empty() {
                format!("{lead}{whole}")
            } else {
                format!("{lead}{whole}.{fraction}")
            }
        };
        match self.start {
            IntervalField::Day => {
                let _ = write!(out, "{}", rest / unit(MICROS_PER_DAY));
                rest %= unit(MICROS_PER_DAY);
            }
            IntervalField::Hour => {
                let _ = write!(out, "{:02}", rest / unit(MICROS_PER_HOUR));
                rest %= unit(MICROS_PER_HOUR);
            }
            IntervalField::Minute => {
                let _ = write!(out, "{:02}", rest / unit(MICROS_PER_MINUTE));
                rest %= unit(MICROS_PER_MINUTE);
            }
            _ => out.push_str(&seconds(rest)),
        }
        if self.start < IntervalField::Hour && IntervalField::Hour <= self.end {
            let _ = write!(out, " {:02}", rest / unit(MICROS_PER_HOUR));
            rest %= unit(MICROS_PER_HOUR);
        }
        if self.start < IntervalField::Minute && IntervalField::Minute <= self.end {
            let _ = write!(out, ":{:02}", rest / unit(MICROS_PER_MINUTE));
            rest %= unit(MICROS_PER_MINUTE);
        }
        if self.start < IntervalField::Second && IntervalField::Second <= self.end {
            let _ = write!(out, ":{}", seconds(rest));
        }
        out
    }
}

impl fmt::Display for IntervalType {
    /// Spark's type name: `interval minute`, `interval day to second`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "interval {}", self.start.name().to_lowercase())?;
        if self.start != self.end {
            write!(f, " to {}", self.end.name().to_lowercase())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::IntervalField::*;
    use super::*;

    #[test]
    fn shows_values_as_spark() {
        // From PySpark 4.3: `spark.sql("SELECT INTERVAL ...").show()`.
        let cases = [
            (
                Minute,
                Minute,
                10 * MICROS_PER_MINUTE,
                "INTERVAL '10' MINUTE",
            ),
            (Hour, Hour, MICROS_PER_HOUR, "INTERVAL '01' HOUR"),
            (
                Day,
                Hour,
                26 * MICROS_PER_HOUR,
                "INTERVAL '1 02' DAY TO HOUR",
            ),
            (
                Day,
                Second,
                MICROS_PER_DAY + 2 * MICROS_PER_HOUR + 3 * MICROS_PER_MINUTE + 4_500_000,
                "INTERVAL '1 02:03:04.5' DAY TO SECOND",
            ),
            (
                Hour,
                Minute,
                -50 * MICROS_PER_MINUTE,
                "INTERVAL '-00:50' HOUR TO MINUTE",
            ),
            (Second, Second, 1_500_000, "INTERVAL '01.5' SECOND"),
            (Second, Second, 1, "INTERVAL '00.000001' SECOND"),
            (Second, Second, 0, "INTERVAL '00' SECOND"),
            (Day, Day, 7 * MICROS_PER_DAY, "INTERVAL '7' DAY"),
            (
                Minute,
                Minute,
                -10 * MICROS_PER_MINUTE,
                "INTERVAL '-10' MINUTE",
            ),
            (
                Day,
                Second,
                20 * MICROS_PER_MINUTE,
                "INTERVAL '0 00:20:00' DAY TO SECOND",
            ),
            (Year, Year, 12, "INTERVAL '1' YEAR"),
            (Month, Month, 2, "INTERVAL '2' MONTH"),
            (Year, Month, 14, "INTERVAL '1-2' YEAR TO MONTH"),
        ];
        for (start, end, amount, shown) in cases {
            assert_eq!(IntervalType::new(start, end).show(amount), shown);
        }
    }

    #[test]
    fn type_names() {
        assert_eq!(
            IntervalType::new(Minute, Minute).to_string(),
            "interval minute"
        );
        assert_eq!(
            IntervalType::new(Year, Month).sql(),
            "INTERVAL YEAR TO MONTH"
        );
        assert_eq!(
            IntervalType::new(Minute, Minute).widen(IntervalType::new(Hour, Hour)),
            IntervalType::new(Hour, Minute)
        );
    }
}
