//! The date and time functions that take dates and timestamps apart or compute with them:
//! `year`, `month`, `dayofmonth`/`day`, `dayofweek`, `dayofyear`, `hour`, `minute`, `second`,
//! `date_add`, `date_sub`, `datediff`, `date_trunc`, `trunc`, `make_date`, `make_timestamp`.
//!
//! Timestamps are taken apart and truncated on the session time zone's wall clock, as in Spark
//! (see `datetime.rs`).

use super::datetime::{
    arg_as, binary, day_start, local_days, local_micros, number_arg, unary, unexpected, Takes,
};
use super::{no_defaults, scalar, Arity, Call, Entry, ScalarFunction};
use crate::display::civil_from_days;
use crate::error::Result;
use crate::expr::bind::{BoundExpr, Evaluator};
use crate::expr::cast::{days_from_civil, days_in_month};
use crate::expr::evaluation::session_time_zone;
use crate::expr::Expr;
use crate::operators::{MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND};
use crate::time_zone::TimeZone;
use crate::{DataType, Row, Value};
use std::sync::Arc;

/// `year(e)`: the year of a date (a timestamp's date in the session time zone).
pub fn year(e: impl Into<Expr>) -> Expr {
    scalar("year", vec![e.into()])
}

/// `month(e)`: the month (1-12).
pub fn month(e: impl Into<Expr>) -> Expr {
    scalar("month", vec![e.into()])
}

/// `dayofmonth(e)`: the day of the month (1-31).
pub fn dayofmonth(e: impl Into<Expr>) -> Expr {
    scalar("dayofmonth", vec![e.into()])
}

/// `dayofweek(e)`: the day of the week, 1 (Sunday) to 7 (Saturday).
pub fn dayofweek(e: impl Into<Expr>) -> Expr {
    scalar("dayofweek", vec![e.into()])
}

/// `dayofyear(e)`: the day of the year (1-366).
pub fn dayofyear(e: impl Into<Expr>) -> Expr {
    scalar("dayofyear", vec![e.into()])
}

/// `hour(e)`: the hour (0-23) of a timestamp in the session time zone.
pub fn hour(e: impl Into<Expr>) -> Expr {
    scalar("hour", vec![e.into()])
}

/// `minute(e)`: the minute (0-59).
pub fn minute(e: impl Into<Expr>) -> Expr {
    scalar("minute", vec![e.into()])
}

/// `second(e)`: the second (0-59), without its fraction.
pub fn second(e: impl Into<Expr>) -> Expr {
    scalar("second", vec![e.into()])
}

/// `date_add(e, days)`: the date `days` days after `e`.
///
/// ```
/// use ember::{bind, col, date_add, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("d", DataType::Date)]);
/// let b = bind(&date_add(col("d"), 1), &schema)?;
/// assert_eq!((b.name.as_str(), &b.data_type), ("date_add(d, 1)", &DataType::Date));
/// assert_eq!((b.eval)(&Row::new(vec![Value::Date(-1)])), Ok(Value::Date(0)));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn date_add(e: impl Into<Expr>, days: impl Into<Expr>) -> Expr {
    scalar("date_add", vec![e.into(), days.into()])
}

/// `date_sub(e, days)`: the date `days` days before `e`.
pub fn date_sub(e: impl Into<Expr>, days: impl Into<Expr>) -> Expr {
    scalar("date_sub", vec![e.into(), days.into()])
}

/// `datediff(end, start)`: the days from `start` to `end`.
pub fn datediff(end: impl Into<Expr>, start: impl Into<Expr>) -> Expr {
    scalar("datediff", vec![end.into(), start.into()])
}

/// `date_trunc(format, e)`: the timestamp truncated to the unit `format` names (`year`,
/// `quarter`, `month`, `week`, `day`, `hour`, `minute`, `second`, `millisecond`,
/// `microsecond`, any case, and the aliases `yyyy`, `yy`, `mon`, `mm`, `dd`); `NULL` for another
/// unit.
pub fn date_trunc(format: &str, e: impl Into<Expr>) -> Expr {
    scalar("date_trunc", vec![Expr::Literal(format.into()), e.into()])
}

/// `trunc(e, format)`: the date truncated to the `year`, `quarter`, `month` or `week`;
/// `NULL` for another unit.
pub fn trunc(e: impl Into<Expr>, format: &str) -> Expr {
    scalar("trunc", vec![e.into(), Expr::Literal(format.into())])
}

/// `make_date(year, month, day)`; fields out of range are `[DATETIME_FIELD_OUT_OF_BOUNDS]`.
pub fn make_date(year: impl Into<Expr>, month: impl Into<Expr>, day: impl Into<Expr>) -> Expr {
    scalar("make_date", vec![year.into(), month.into(), day.into()])
}

/// `make_timestamp(year, month, day, hour, minute, second)`: the wall-clock time in the session
/// time zone (SQL's seventh argument names another zone); `second` may have a fraction (to the microsecond) and may be 60 with none (the
/// next minute).
pub fn make_timestamp(
    year: impl Into<Expr>,
    month: impl Into<Expr>,
    day: impl Into<Expr>,
    hour: impl Into<Expr>,
    minute: impl Into<Expr>,
    second: impl Into<Expr>,
) -> Expr {
    scalar(
        "make_timestamp",
        vec![
            year.into(),
            month.into(),
            day.into(),
            hour.into(),
            minute.into(),
            second.into(),
        ],
    )
}

/// The functions on the fields of dates and timestamps.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("year", &YEAR),
    Entry::scalar("month", &MONTH),
    Entry::scalar("dayofmonth", &DAY_OF_MONTH),
    Entry::scalar("day", &DAY_OF_MONTH),
    Entry::scalar("dayofweek", &DAY_OF_WEEK),
    Entry::scalar("dayofyear", &DAY_OF_YEAR),
    Entry::scalar("hour", &HOUR),
    Entry::scalar("minute", &MINUTE),
    Entry::scalar("second", &SECOND),
    Entry::scalar("date_add", &DATE_ADD),
    Entry::scalar("date_sub", &DATE_SUB),
    Entry::scalar("datediff", &DATEDIFF),
    Entry::scalar("date_trunc", &DATE_TRUNC),
    Entry::scalar("trunc", &TRUNC),
    Entry::scalar("make_date", &MAKE_DATE),
    Entry::scalar("make_timestamp", &MAKE_TIMESTAMP),
];

/// A one-argument function of a date's (year, month, day, days since the epoch).
macro_rules! date_field {
    ($f:expr) => {
        ScalarFunction {
            arity: Arity::exactly(1),
            defaults: no_defaults,
            bind: |call| {
                unary(call, Takes::Date, DataType::Integer, |v| match v {
                    Value::Date(days) => {
                        let (y, m, d) = civil_from_days(i64::from(days));
                        let f: fn(i64, u32, u32, i64) -> i64 = $f;
                        Ok(Value::Int(f(y, m, d, i64::from(days)) as i32))
                    }
                    other => Err(unexpected(&other)),
                })
            },
        }
    };
}

/// A one-argument function of a timestamp's wall-clock time of day (microseconds since
/// midnight) in the session time zone.
macro_rules! time_field {
    ($f:expr) => {
        ScalarFunction {
            arity: Arity::exactly(1),
            defaults: no_defaults,
            bind: |call| {
                unary(call, Takes::Timestamp, DataType::Integer, |v| match v {
                    Value::Timestamp(t) => {
                        let time = local_micros(t, session_time_zone()).rem_euclid(MICROS_PER_DAY);
                        let f: fn(i64) -> i64 = $f;
                        Ok(Value::Int(f(time) as i32))
                    }
                    other => Err(unexpected(&other)),
                })
            },
        }
    };
}

static YEAR: ScalarFunction = date_field!(|y, _, _, _| y);
static MONTH: ScalarFunction = date_field!(|_, m, _, _| i64::from(m));
static DAY_OF_MONTH: ScalarFunction = date_field!(|_, _, d, _| i64::from(d));
// 1970-01-01 was a Thursday (5 in Spark's 1 = Sunday numbering).
static DAY_OF_WEEK: ScalarFunction = date_field!(|_, _, _, days| (days + 4).rem_euclid(7) + 1);
static DAY_OF_YEAR: ScalarFunction =
    date_field!(|y, _, _, days| days - days_from_civil(y, 1, 1) + 1);
static HOUR: ScalarFunction = time_field!(|t| t / 3_600_000_000);
static MINUTE: ScalarFunction = time_field!(|t| t / 60_000_000 % 60);
static SECOND: ScalarFunction = time_field!(|t| t / MICROS_PER_SECOND % 60);

/// Binds `date_add` (`sign` 1) or `date_sub` (-1).
fn bind_date_shift(call: &Call<'_>, sign: i64) -> Result<BoundExpr> {
    binary(
        call,
        (Takes::Date, Takes::Int),
        DataType::Date,
        move |d, n| {
            match (d, n) {
                (Value::Date(d), Value::Int(n)) => {
                    // Spark adds `int`s and wraps around, as this does.
                    let n = if sign < 0 { n.wrapping_neg() } else { n };
                    Ok(Value::Date(d.wrapping_add(n)))
                }
                (d, _) => Err(unexpected(&d)),
            }
        },
    )
}

static DATE_ADD: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| bind_date_shift(call, 1),
};

static DATE_SUB: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| bind_date_shift(call, -1),
};

static DATEDIFF: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        binary(
            call,
            (Takes::Date, Takes::Date),
            DataType::Integer,
            |a, b| match (a, b) {
                (Value::Date(a), Value::Date(b)) => Ok(Value::Int(a.wrapping_sub(b))),
                (a, _) => Err(unexpected(&a)),
            },
        )
    },
};

/// A unit `date_trunc` and `trunc` truncate to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
}

impl Unit {
    /// The unit a format names (any case), as Spark's `parseTruncLevel`.
    fn parse(format: &str) -> Option<Unit> {
        Some(match format.to_ascii_uppercase().as_str() {
            "YEAR" | "YYYY" | "YY" => Unit::Year,
            "QUARTER" => Unit::Quarter,
            "MONTH" | "MM" | "MON" => Unit::Month,
            "WEEK" => Unit::Week,
            "DAY" | "DD" => Unit::Day,
            "HOUR" => Unit::Hour,
            "MINUTE" => Unit::Minute,
            "SECOND" => Unit::Second,
            "MILLISECOND" => Unit::Millisecond,
            "MICROSECOND" => Unit::Microsecond,
            _ => return None,
        })
    }

    /// The first day of the unit (year, quarter, month or week) that day `days` is in.
    fn truncate_date(self, days: i32) -> i32 {
        let (y, m, _) = civil_from_days(i64::from(days));
        let first = match self {
            Unit::Year => days_from_civil(y, 1, 1),
            Unit::Quarter => days_from_civil(y, (m - 1) / 3 * 3 + 1, 1),
            Unit::Month => days_from_civil(y, m, 1),
            // Weeks start on Monday; 1970-01-01 was a Thursday.
            _ => i64::from(days) - (i64::from(days) + 3).rem_euclid(7),
        };
        first as i32
    }

    /// Instant `t` truncated to this unit on `zone`'s wall clock (Spark's `truncTimestamp`):
    /// units below a minute on the instant itself; hours, minutes and days on the wall clock,
    /// keeping `t`'s offset where it is still valid; longer units from the start of their
    /// first day.
    fn truncate_timestamp(self, t: i64, zone: TimeZone) -> i64 {
        let on_wall_clock = |unit: i64| {
            let offset = i64::from(zone.offset_at_utc(t)) * MICROS_PER_SECOND;
            let wall = t.saturating_add(offset);
            let local = wall.saturating_sub(wall.rem_euclid(unit));
            let kept = local.saturating_sub(offset);
            if i64::from(zone.offset_at_utc(kept)) * MICROS_PER_SECOND == offset {
                kept
            } else {
                zone.to_utc(local)
            }
        };
        match self {
            Unit::Microsecond => t,
            Unit::Millisecond => t.saturating_sub(t.rem_euclid(1000)),
            Unit::Second => t.saturating_sub(t.rem_euclid(MICROS_PER_SECOND)),
            Unit::Minute => on_wall_clock(MICROS_PER_MINUTE),
            Unit::Hour => on_wall_clock(MICROS_PER_HOUR),
            Unit::Day => on_wall_clock(MICROS_PER_DAY),
            _ => {
                let first = self.truncate_date(local_days(t, zone));
                zone.to_utc(day_start(first))
            }
        }
    }
}

/// A row's truncation unit: `None` for a unit the function does not know (or `NULL`).
type UnitOf = Arc<dyn Fn(&Row) -> Result<Option<Unit>, String> + Send + Sync>;

/// The unit of argument `index`: parsed once when it is a literal, else on each row.
fn unit_arg(call: &Call<'_>, index: usize, allowed: fn(Unit) -> bool) -> Result<UnitOf> {
    let parse = move |text: &str| Unit::parse(text).filter(|u| allowed(*u));
    if let Expr::Literal(_) = call.arg(index)? {
        let unit = match call.literal(index)? {
            Value::Null => None,
            _ => parse(&call.literal_str(index)?),
        };
        return Ok(Arc::new(move |_: &Row| Ok(unit)));
    }
    let (eval, _) = arg_as(call, index, Takes::String)?;
    Ok(Arc::new(move |row: &Row| {
        Ok(match eval(row)? {
            Value::String(s) => parse(&s),
            _ => None,
        })
    }))
}

static DATE_TRUNC: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let unit = unit_arg(call, 0, |_| true)?;
        let (eval, _) = arg_as(call, 1, Takes::Timestamp)?;
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: DataType::Timestamp,
            nullable: true,
            eval: Arc::new(move |row: &Row| match (unit(row)?, eval(row)?) {
                (Some(unit), Value::Timestamp(t)) => Ok(Value::Timestamp(
                    unit.truncate_timestamp(t, session_time_zone()),
                )),
                _ => Ok(Value::Null),
            }),
        })
    },
};

static TRUNC: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let unit = unit_arg(call, 1, |u| {
            matches!(u, Unit::Year | Unit::Quarter | Unit::Month | Unit::Week)
        })?;
        let (eval, _) = arg_as(call, 0, Takes::Date)?;
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: DataType::Date,
            nullable: true,
            eval: Arc::new(move |row: &Row| match (unit(row)?, eval(row)?) {
                (Some(unit), Value::Date(d)) => Ok(Value::Date(unit.truncate_date(d))),
                _ => Ok(Value::Null),
            }),
        })
    },
};

/// Spark's `[DATETIME_FIELD_OUT_OF_BOUNDS]` with Java's reason.
fn out_of_bounds(why: &str) -> String {
    format!("[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] {why}.  SQLSTATE: 22023")
}

/// Checks a field against its range, with Java's wording.
fn field(name: &str, value: i64, lo: i64, hi: i64) -> Result<i64, String> {
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(out_of_bounds(&format!(
            "Invalid value for {name} (valid values {lo} - {hi}): {value}"
        )))
    }
}

/// Days since the epoch of a civil date, or Spark's error.
fn civil_days(year: i64, month: i64, day: i64) -> Result<i64, String> {
    field("Year", year, -999_999_999, 999_999_999)?;
    field("MonthOfYear", month, 1, 12)?;
    field("DayOfMonth", day, 1, 31)?;
    if day > i64::from(days_in_month(year, month as u32)) {
        return Err(out_of_bounds(&if day == 29 {
            format!("Invalid date 'February 29' as '{year}' is not a leap year")
        } else {
            const NAMES: [&str; 12] = [
                "JANUARY",
                "FEBRUARY",
                "MARCH",
                "APRIL",
                "MAY",
                "JUNE",
                "JULY",
                "AUGUST",
                "SEPTEMBER",
                "OCTOBER",
                "NOVEMBER",
                "DECEMBER",
            ];
            format!("Invalid date '{} {day}'", NAMES[month as usize - 1])
        }));
    }
    Ok(days_from_civil(year, month as u32, day as u32))
}

/// Binds the first `count` arguments of `call` as `int`s (or, for `seconds_at`, a number):
/// their evaluators and whether any may be `NULL`.
fn int_args(
    call: &Call<'_>,
    count: usize,
    seconds_at: Option<usize>,
) -> Result<(Vec<Evaluator>, bool)> {
    let mut evals = Vec::new();
    let mut nullable = false;
    for index in 0..count {
        if Some(index) == seconds_at {
            let bound = number_arg(call, index, "\"DECIMAL(8,6)\"")?;
            nullable |= bound.nullable;
            evals.push(bound.eval);
        } else {
            let (eval, n) = arg_as(call, index, Takes::Int)?;
            nullable |= n;
            evals.push(eval);
        }
    }
    Ok((evals, nullable))
}

/// The `int` values of a row's arguments; `None` if any is `NULL`.
fn ints(evals: &[Evaluator], row: &Row) -> Result<Option<Vec<i64>>, String> {
    let mut out = Vec::with_capacity(evals.len());
    for eval in evals {
        match eval(row)? {
            Value::Int(i) => out.push(i64::from(i)),
            Value::Long(i) => out.push(i),
            Value::Null => return Ok(None),
            other => return Err(unexpected(&other)),
        }
    }
    Ok(Some(out))
}

static MAKE_DATE: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(3),
    defaults: no_defaults,
    bind: |call| {
        let (evals, nullable) = int_args(call, 3, None)?;
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: DataType::Date,
            nullable,
            eval: Arc::new(move |row: &Row| {
                let Some(v) = ints(&evals, row)? else {
                    return Ok(Value::Null);
                };
                let days = civil_days(v[0], v[1], v[2])?;
                i32::try_from(days)
                    .map(Value::Date)
                    .map_err(|_| out_of_bounds("Invalid date"))
            }),
        })
    },
};

/// Spark's `[INVALID_FRACTION_OF_SECOND]` for seconds between 60 and 61.
fn invalid_fraction_of_second(micros: i64) -> String {
    let seconds = crate::display::java_double_to_string(micros as f64 / MICROS_PER_SECOND as f64);
    format!(
        "[INVALID_FRACTION_OF_SECOND] Valid range for seconds is [0, 60] (inclusive), but the \
         provided value is {seconds}. To avoid this error, use `try_make_timestamp`, which \
         returns NULL on error.\nIf you do not want to use the session default timestamp \
         version of this function, use `try_make_timestamp_ntz` or `try_make_timestamp_ltz`. \
         SQLSTATE: 22023"
    )
}

/// `make_timestamp`'s seconds as whole microseconds (a `decimal(8,6)` in Spark).
fn seconds_micros(v: Value) -> Result<Option<i64>, String> {
    Ok(match v {
        Value::Null => None,
        Value::Int(s) => Some(i64::from(s) * MICROS_PER_SECOND),
        Value::Long(s) => Some(s.saturating_mul(MICROS_PER_SECOND)),
        Value::Double(s) => Some((s * MICROS_PER_SECOND as f64).round() as i64),
        other => return Err(unexpected(&other)),
    })
}

static MAKE_TIMESTAMP: ScalarFunction = ScalarFunction {
    arity: Arity::between(6, 7),
    defaults: no_defaults,
    bind: |call| {
        let zone = match call.args.len() {
            7 => Some(super::datetime::zone_arg(call, 6)?),
            _ => None,
        };
        let (mut evals, nullable) = int_args(call, 6, Some(5))?;
        let seconds = evals.pop().expect("make_timestamp has six arguments");
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: DataType::Timestamp,
            nullable,
            eval: Arc::new(move |row: &Row| {
                let (Some(v), Some(micros)) = (ints(&evals, row)?, seconds_micros(seconds(row)?)?)
                else {
                    return Ok(Value::Null);
                };
                let days = civil_days(v[0], v[1], v[2])?;
                let hour = field("HourOfDay", v[3], 0, 23)?;
                let minute = field("MinuteOfHour", v[4], 0, 59)?;
                let (whole, fraction) = (
                    micros.div_euclid(MICROS_PER_SECOND),
                    micros.rem_euclid(MICROS_PER_SECOND),
                );
                // 60 seconds without a fraction is the next minute, as Spark allows.
                let whole = match (whole, fraction) {
                    (60, 0) => 60,
                    (60, _) => return Err(invalid_fraction_of_second(micros)),
                    _ => field("SecondOfMinute", whole, 0, 59)?,
                };
                let local = days
                    .checked_mul(MICROS_PER_DAY)
                    .and_then(|d| {
                        d.checked_add(((hour * 60 + minute) * 60 + whole) * MICROS_PER_SECOND)
                    })
                    .and_then(|t| t.checked_add(fraction))
                    .ok_or_else(|| crate::expr::bind::overflow(None))?;
                Ok(Value::Timestamp(
                    zone.unwrap_or_else(session_time_zone).to_utc(local),
                ))
            }),
        })
    },
};
