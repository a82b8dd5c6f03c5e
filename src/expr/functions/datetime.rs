//! The date and time functions that read, write and convert timestamps: `to_timestamp`,
//! `try_to_timestamp`, `to_date`, `date_format`, `unix_timestamp`, `from_unixtime`,
//! `current_timestamp`, `current_date`, `timestamp_seconds`, `to_utc_timestamp`,
//! `from_utc_timestamp`. The arithmetic and the fields (`date_add`, `date_trunc`, `year`,
//! `make_timestamp`, ...) are in `datetime_fields.rs`.
//!
//! As in Spark, timestamps are instants (microseconds since the epoch) read, written and taken
//! apart in the session time zone (`spark.sql.session.timeZone`, see
//! `expr/evaluation.rs`); a timestamp without an offset is a wall-clock time
//! there, a local time in a daylight-saving gap moves forward by the gap, and one in an overlap
//! takes the earlier offset. Patterns are Spark's (`yyyy-MM-dd HH:mm:ss`), compiled once when
//! the call is bound. `current_timestamp()` is the batch's processing time, the same for every
//! row of a batch on every worker.
//!
//! Deviations: patterns must be literals (Spark also takes a column); a pattern letter Ember
//! does not know is an analysis error.

use super::{no_defaults, scalar, Arity, Call, Entry, ScalarFunction};
use crate::error::{Error, Result};
use crate::expr::bind::{bind_node, BoundExpr, Evaluator};
use crate::expr::datetime_pattern::{DateTimePattern, Fields, PatternError};
use crate::expr::evaluation::{batch_time_micros, session_time_zone};
use crate::expr::name::sql;
use crate::expr::types::unexpected_input_type;
use crate::expr::{cast, Expr};
use crate::operators::{MICROS_PER_DAY, MICROS_PER_SECOND};
use crate::time_zone::TimeZone;
use crate::{DataType, Row, Value};
use std::sync::Arc;

/// Spark's default pattern of `unix_timestamp` and `from_unixtime`.
const DEFAULT_PATTERN: &str = "yyyy-MM-dd HH:mm:ss";

/// `to_timestamp(e)`: a string read as `CAST(e AS TIMESTAMP)` reads it, in the session time
/// zone; a date is its midnight there. A malformed string is `[CAST_INVALID_INPUT]`.
///
/// ```
/// use ember::{bind, col, to_timestamp, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
/// let b = bind(&to_timestamp(col("s")), &schema)?;
/// assert_eq!((b.name.as_str(), &b.data_type), ("to_timestamp(s)", &DataType::Timestamp));
/// let row = Row::new(vec![Value::from("1970-01-01 00:00:01.5")]);
/// assert_eq!((b.eval)(&row), Ok(Value::Timestamp(1_500_000)));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn to_timestamp(e: impl Into<Expr>) -> Expr {
    scalar("to_timestamp", vec![e.into()])
}

/// `to_timestamp(e, format)`: a string read with a Spark datetime pattern in the session time
/// zone (unless the pattern reads an offset). Text that does not match is
/// `[CANNOT_PARSE_TIMESTAMP]`.
pub fn to_timestamp_with_format(e: impl Into<Expr>, format: &str) -> Expr {
    scalar("to_timestamp", vec![e.into(), Expr::Literal(format.into())])
}

/// `try_to_timestamp(e[, format])`: [`to_timestamp`], but `NULL` where it would fail.
pub fn try_to_timestamp(e: impl Into<Expr>) -> Expr {
    scalar("try_to_timestamp", vec![e.into()])
}

/// `to_date(e)`: a string read as `CAST(e AS DATE)`; a timestamp's date in the session time
/// zone.
pub fn to_date(e: impl Into<Expr>) -> Expr {
    scalar("to_date", vec![e.into()])
}

/// `to_date(e, format)`: the date of the timestamp a pattern reads.
pub fn to_date_with_format(e: impl Into<Expr>, format: &str) -> Expr {
    scalar("to_date", vec![e.into(), Expr::Literal(format.into())])
}

/// `date_format(e, format)`: a timestamp written with a Spark datetime pattern, in the
/// session time zone.
///
/// ```
/// use ember::{bind, col, date_format, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("ts", DataType::Timestamp)]);
/// let b = bind(&date_format(col("ts"), "yyyy-MM-dd EEE"), &schema)?;
/// assert_eq!(b.name, "date_format(ts, yyyy-MM-dd EEE)");
/// assert_eq!((b.eval)(&Row::new(vec![Value::Timestamp(0)])), Ok(Value::from("1970-01-01 Thu")));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn date_format(e: impl Into<Expr>, format: &str) -> Expr {
    scalar("date_format", vec![e.into(), Expr::Literal(format.into())])
}

/// `unix_timestamp()`: the batch's time in whole seconds since the epoch.
pub fn unix_timestamp_now() -> Expr {
    scalar("unix_timestamp", vec![])
}

/// `unix_timestamp(e)`: seconds since the epoch of a timestamp, a date, or a string read with
/// `yyyy-MM-dd HH:mm:ss`.
pub fn unix_timestamp(e: impl Into<Expr>) -> Expr {
    scalar("unix_timestamp", vec![e.into()])
}

/// `unix_timestamp(e, format)`: as [`unix_timestamp`], strings read with `format`.
pub fn unix_timestamp_with_format(e: impl Into<Expr>, format: &str) -> Expr {
    scalar(
        "unix_timestamp",
        vec![e.into(), Expr::Literal(format.into())],
    )
}

/// `from_unixtime(e)`: seconds since the epoch written as `yyyy-MM-dd HH:mm:ss` in the session
/// time zone.
pub fn from_unixtime(e: impl Into<Expr>) -> Expr {
    scalar("from_unixtime", vec![e.into()])
}

/// `from_unixtime(e, format)`: seconds since the epoch written with `format`.
pub fn from_unixtime_with_format(e: impl Into<Expr>, format: &str) -> Expr {
    scalar(
        "from_unixtime",
        vec![e.into(), Expr::Literal(format.into())],
    )
}

/// `current_timestamp()`: the batch's processing time, the same for every row of a batch.
pub fn current_timestamp() -> Expr {
    scalar("current_timestamp", vec![])
}

/// `current_date()`: the date of the batch's processing time in the session time zone.
pub fn current_date() -> Expr {
    scalar("current_date", vec![])
}

/// `timestamp_seconds(e)`: the timestamp `e` seconds after the epoch.
pub fn timestamp_seconds(e: impl Into<Expr>) -> Expr {
    scalar("timestamp_seconds", vec![e.into()])
}

/// `to_utc_timestamp(e, zone)`: the instant whose UTC wall clock is `e`'s wall clock in `zone`.
pub fn to_utc_timestamp(e: impl Into<Expr>, zone: &str) -> Expr {
    scalar(
        "to_utc_timestamp",
        vec![e.into(), Expr::Literal(zone.into())],
    )
}

/// `from_utc_timestamp(e, zone)`: the instant whose wall clock in `zone` is `e`'s UTC wall
/// clock.
pub fn from_utc_timestamp(e: impl Into<Expr>, zone: &str) -> Expr {
    scalar(
        "from_utc_timestamp",
        vec![e.into(), Expr::Literal(zone.into())],
    )
}

/// The date and time conversion functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("to_timestamp", &TO_TIMESTAMP),
    Entry::scalar("try_to_timestamp", &TRY_TO_TIMESTAMP),
    Entry::scalar("to_date", &TO_DATE),
    Entry::scalar("date_format", &DATE_FORMAT),
    Entry::scalar("unix_timestamp", &UNIX_TIMESTAMP),
    Entry::scalar("from_unixtime", &FROM_UNIXTIME),
    Entry::scalar("current_timestamp", &CURRENT_TIMESTAMP),
    Entry::scalar("current_date", &CURRENT_DATE),
    Entry::scalar("timestamp_seconds", &TIMESTAMP_SECONDS),
    Entry::scalar("to_utc_timestamp", &TO_UTC_TIMESTAMP),
    Entry::scalar("from_utc_timestamp", &FROM_UTC_TIMESTAMP),
];

// ---- The types datetime functions take, and Spark's implicit casts to them ----

/// A type a datetime function's parameter takes; an argument of another type is cast to it as
/// Spark's implicit casts do (in the session time zone), or refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Takes {
    /// `timestamp`, from a string, a date or a timestamp.
    Timestamp,
    /// `date`, from a string, a timestamp or a date.
    Date,
    /// `int`.
    Int,
    /// `bigint`, from an int or a bigint.
    Long,
    /// `string`, from a string.
    String,
}

impl Takes {
    /// Spark's rendering of the parameter's type in `UNEXPECTED_INPUT_TYPE`, which varies with
    /// the function.
    fn required(self, function: &str) -> &'static str {
        match (function, self) {
            ("hour" | "minute" | "second", _) => "\"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)\"",
            ("date_format", _) => concat!(
                "(\"TIMESTAMP\" or \"TIME\" or ",
                "\"(TIMESTAMP_LTZ(P) OR TIMESTAMP_NTZ(P) WITH P IN [7, 9])\")"
            ),
            ("date_trunc", _) => concat!(
                "(\"TIMESTAMP\" or ",
                "\"(TIMESTAMP_LTZ(P) OR TIMESTAMP_NTZ(P) WITH P IN [7, 9])\")"
            ),
            ("date_add" | "date_sub", Takes::Int) => "(\"INT\" or \"SMALLINT\" or \"TINYINT\")",
            (_, Takes::Timestamp) => "\"TIMESTAMP\"",
            (_, Takes::Date) => "\"DATE\"",
            (_, Takes::Int) => "\"INT\"",
            (_, Takes::Long) => "\"BIGINT\"",
            (_, Takes::String) => "\"STRING\"",
        }
    }

    fn accepts(self, from: &DataType) -> bool {
        use DataType as T;
        matches!(
            (self, from),
            (_, T::Null)
                | (
                    Takes::Timestamp | Takes::Date,
                    T::String | T::Date | T::Timestamp
                )
                | (Takes::Int, T::Integer | T::String)
                | (Takes::Long, T::Integer | T::Long | T::Double | T::String)
                | (Takes::String, T::String)
        )
    }
}

/// Argument `index` of `call`, bound and converted to what the parameter takes: its evaluator
/// (which gives `NULL` or a value of that type) and whether it may be `NULL`.
pub(super) fn arg_as(call: &Call<'_>, index: usize, takes: Takes) -> Result<(Evaluator, bool)> {
    let arg = call.arg(index)?;
    let bound = bind_node(arg, call.schema)?;
    if !takes.accepts(&bound.data_type) {
        return Err(unexpected_input_type(
            &call.name,
            index,
            takes.required(call.function),
            &sql(arg),
            &bound.data_type,
        ));
    }
    let eval = bound.eval;
    let converted: Evaluator = match (takes, bound.data_type) {
        (Takes::Timestamp, DataType::String | DataType::Date) => {
            Arc::new(move |row: &Row| as_timestamp(eval(row)?, session_time_zone()))
        }
        (Takes::Date, DataType::String | DataType::Timestamp) => {
            Arc::new(move |row: &Row| as_date(eval(row)?, session_time_zone()))
        }
        // Numbers and strings as Spark's implicit casts convert them (a malformed string is
        // `[CAST_INVALID_INPUT]`).
        (Takes::Int, from) => cast::cast_evaluator(eval, from, DataType::Integer),
        (Takes::Long, from) => cast::cast_evaluator(eval, from, DataType::Long),
        _ => eval,
    };
    Ok((converted, bound.nullable))
}

/// A string, date or timestamp value as a timestamp in `zone` (`CAST(v AS TIMESTAMP)`).
pub(super) fn as_timestamp(v: Value, zone: TimeZone) -> Result<Value, String> {
    Ok(match v {
        Value::String(s) => Value::Timestamp(
            parse_timestamp_in(&s, zone)
                .ok_or_else(|| cast::invalid_input(&s, &DataType::Timestamp))?,
        ),
        Value::Date(d) => Value::Timestamp(zone.to_utc(day_start(d))),
        other => other,
    })
}

/// A string, timestamp or date value as a date in `zone` (`CAST(v AS DATE)`).
pub(super) fn as_date(v: Value, zone: TimeZone) -> Result<Value, String> {
    Ok(match v {
        Value::String(s) => cast::parse_string(&s, &DataType::Date)
            .ok_or_else(|| cast::invalid_input(&s, &DataType::Date))?,
        Value::Timestamp(t) => Value::Date(local_days(t, zone)),
        other => other,
    })
}

/// Microseconds since the epoch of a timestamp string as `CAST` reads it, a time without an
/// offset being a wall-clock time in `zone`.
pub(super) fn parse_timestamp_in(s: &str, zone: TimeZone) -> Option<i64> {
    let (local, offset) = cast::parse_timestamp_as_written(s)?;
    Some(match offset {
        Some(offset) => local.saturating_sub(offset),
        None => zone.to_utc(local),
    })
}

/// Midnight of day `days` (since the epoch) on the wall clock, in microseconds (clamped to
/// what a timestamp holds, about 292,000 years either side of 1970).
pub(super) fn day_start(days: i32) -> i64 {
    i64::from(days).saturating_mul(MICROS_PER_DAY)
}

/// The wall-clock time of instant `t` in `zone`, as microseconds since 1970-01-01 00:00.
pub(super) fn local_micros(t: i64, zone: TimeZone) -> i64 {
    t.saturating_add(i64::from(zone.offset_at_utc(t)) * MICROS_PER_SECOND)
}

/// The date (days since the epoch) of instant `t` in `zone`.
pub(super) fn local_days(t: i64, zone: TimeZone) -> i32 {
    local_micros(t, zone).div_euclid(MICROS_PER_DAY) as i32
}

/// A function of one converted argument; `NULL` in, `NULL` out.
pub(super) fn unary(
    call: &Call<'_>,
    takes: Takes,
    data_type: DataType,
    f: impl Fn(Value) -> Result<Value, String> + Send + Sync + 'static,
) -> Result<BoundExpr> {
    let (eval, nullable) = arg_as(call, 0, takes)?;
    Ok(BoundExpr {
        name: call.name.clone(),
        data_type,
        nullable,
        eval: Arc::new(move |row: &Row| match eval(row)? {
            Value::Null => Ok(Value::Null),
            v => f(v),
        }),
    })
}

/// A function of two converted arguments; `NULL` if either is.
pub(super) fn binary(
    call: &Call<'_>,
    takes: (Takes, Takes),
    data_type: DataType,
    f: impl Fn(Value, Value) -> Result<Value, String> + Send + Sync + 'static,
) -> Result<BoundExpr> {
    let (left, left_nullable) = arg_as(call, 0, takes.0)?;
    let (right, right_nullable) = arg_as(call, 1, takes.1)?;
    Ok(BoundExpr {
        name: call.name.clone(),
        data_type,
        nullable: left_nullable || right_nullable,
        eval: Arc::new(move |row: &Row| match (left(row)?, right(row)?) {
            (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
            (a, b) => f(a, b),
        }),
    })
}

/// A value the arguments were converted to, of the wrong variant: a broken invariant.
pub(super) fn unexpected(v: &Value) -> String {
    format!("internal error: a datetime function received {v:?}")
}

// ---- Patterns ----

/// Argument `index` as a pattern for formatting.
fn format_pattern(call: &Call<'_>, index: usize) -> Result<DateTimePattern> {
    let text = call.literal_str(index)?;
    DateTimePattern::compile(&text).map_err(|e| Error::Analysis(e.spark_message(&text)))
}

/// Argument `index` as a pattern for parsing, which refuses the letters that only format.
fn parse_pattern(call: &Call<'_>, index: usize) -> Result<DateTimePattern> {
    let text = call.literal_str(index)?;
    match DateTimePattern::compile(&text) {
        Ok(pattern) if pattern.formats_only() => Err(Error::Analysis(
            PatternError::Unsupported(text.clone()).spark_message(&text),
        )),
        Ok(pattern) => Ok(pattern),
        Err(e) => Err(Error::Analysis(e.spark_message(&text))),
    }
}

/// Reads timestamps with a pattern in the session time zone (Spark's `GetTimestamp`).
#[derive(Clone)]
struct TimestampParser {
    pattern: Arc<DateTimePattern>,
    /// `try_to_timestamp`: `NULL` rather than an error.
    lenient: bool,
    /// The function to name in the error's advice.
    try_function: &'static str,
}

impl TimestampParser {
    /// The instant `s` stands for, `None` for `NULL` (when lenient), or Spark's error.
    fn parse(&self, s: &str) -> Result<Option<i64>, String> {
        let resolved = self
            .pattern
            .parse_text(s)
            .map_err(|failure| failure.message(s))
            .and_then(|parsed| {
                parsed
                    .resolve()
                    .map_err(|why| format!("Text '{s}' could not be parsed: {why}"))
            });
        match resolved {
            Ok((local, Some(offset))) => Ok(Some(local.saturating_sub(offset * MICROS_PER_SECOND))),
            Ok((local, None)) => Ok(Some(session_time_zone().to_utc(local))),
            Err(_) if self.lenient => Ok(None),
            Err(message) => Err(format!(
                "[CANNOT_PARSE_TIMESTAMP] {message}. Use `{}` to tolerate invalid input string \
                 and return NULL instead. SQLSTATE: 22007",
                self.try_function
            )),
        }
    }

    /// A string, date or timestamp as an instant: strings are parsed, the others converted.
    fn instant(&self, v: Value) -> Result<Option<i64>, String> {
        match v {
            Value::String(s) => self.parse(&s),
            Value::Timestamp(t) => Ok(Some(t)),
            Value::Date(d) => Ok(Some(session_time_zone().to_utc(day_start(d)))),
            Value::Null => Ok(None),
            other => Err(unexpected(&other)),
        }
    }
}

/// Binds `f(e[, format])` reading instants from strings, dates or timestamps: without a
/// format, strings as `CAST` reads them.
fn bind_instants(
    call: &Call<'_>,
    lenient: bool,
    data_type: DataType,
    f: impl Fn(i64) -> Result<Value, String> + Send + Sync + 'static,
) -> Result<BoundExpr> {
    let (input, nullable) = arg_as_text_or_time(call)?;
    let parser = match call.args.len() {
        1 => None,
        _ => Some(TimestampParser {
            pattern: Arc::new(parse_pattern(call, 1)?),
            lenient,
            try_function: if call.function == "to_date" {
                "try_to_date"
            } else {
                "try_to_timestamp"
            },
        }),
    };
    Ok(BoundExpr {
        name: call.name.clone(),
        data_type,
        nullable: nullable || lenient,
        eval: Arc::new(move |row: &Row| {
            let v = input(row)?;
            let instant = match (&parser, v) {
                (Some(parser), v) => parser.instant(v)?,
                (None, Value::Null) => None,
                (None, v) => match as_timestamp(v, session_time_zone()) {
                    Ok(Value::Timestamp(t)) => Some(t),
                    Ok(other) => return Err(unexpected(&other)),
                    Err(_) if lenient => None,
                    Err(message) => return Err(message),
                },
            };
            instant.map_or(Ok(Value::Null), &f)
        }),
    })
}

/// The first argument of a parsing function: a string, a date or a timestamp; without a format,
/// `to_timestamp` also takes numbers (seconds since the epoch) and booleans (read as strings,
/// which fail), as `CAST` does.
fn arg_as_text_or_time(call: &Call<'_>) -> Result<(Evaluator, bool)> {
    let arg = call.arg(0)?;
    let bound = bind_node(arg, call.schema)?;
    let casts = call.args.len() == 1 && call.function != "unix_timestamp";
    match bound.data_type {
        DataType::String | DataType::Date | DataType::Timestamp | DataType::Null => {
            Ok((bound.eval, bound.nullable))
        }
        DataType::Integer | DataType::Long | DataType::Double if casts => Ok((
            cast::cast_evaluator(bound.eval, bound.data_type, DataType::Timestamp),
            bound.nullable,
        )),
        DataType::Boolean if casts => Ok((
            cast::cast_evaluator(bound.eval, DataType::Boolean, DataType::String),
            bound.nullable,
        )),
        other => Err(unexpected_input_type(
            &call.name,
            0,
            "(\"STRING\" or \"DATE\" or \"TIMESTAMP\" or \"TIMESTAMP_NTZ\" or \
             \"(TIMESTAMP_LTZ(P) OR TIMESTAMP_NTZ(P) WITH P IN [7, 9])\")",
            &sql(arg),
            &other,
        )),
    }
}

static TO_TIMESTAMP: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: no_defaults,
    bind: |call| {
        bind_instants(call, false, DataType::Timestamp, |t| {
            Ok(Value::Timestamp(t))
        })
    },
};

static TRY_TO_TIMESTAMP: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: no_defaults,
    bind: |call| bind_instants(call, true, DataType::Timestamp, |t| Ok(Value::Timestamp(t))),
};

static TO_DATE: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: no_defaults,
    bind: |call| {
        if call.args.len() == 1 {
            let arg = bind_node(call.arg(0)?, call.schema)?;
            if matches!(
                arg.data_type,
                DataType::Integer | DataType::Long | DataType::Double | DataType::Boolean
            ) {
                // `CAST` reads them as strings, which never parse as dates.
                let eval = cast::cast_evaluator(arg.eval, arg.data_type, DataType::String);
                return Ok(BoundExpr {
                    name: call.name.clone(),
                    data_type: DataType::Date,
                    nullable: arg.nullable,
                    eval: Arc::new(move |row: &Row| as_date(eval(row)?, session_time_zone())),
                });
            }
            return unary(call, Takes::Date, DataType::Date, Ok);
        }
        bind_instants(call, false, DataType::Date, |t| {
            Ok(Value::Date(local_days(t, session_time_zone())))
        })
    },
};

static UNIX_TIMESTAMP: ScalarFunction = ScalarFunction {
    arity: Arity::between(0, 2),
    defaults: |args| {
        if args.is_empty() {
            args.push(current_timestamp());
        }
        if args.len() == 1 {
            args.push(Expr::Literal(DEFAULT_PATTERN.into()));
        }
    },
    bind: |call| {
        // Java's division, toward zero: -0.5 s is 0.
        bind_instants(call, false, DataType::Long, |t| {
            Ok(Value::Long(t / MICROS_PER_SECOND))
        })
    },
};

/// Binds a function writing instants (`arg`'s values mapped to microseconds by `micros`) with
/// the pattern of argument 1.
fn bind_formatting(
    call: &Call<'_>,
    takes: Takes,
    micros: impl Fn(Value) -> Result<i64, String> + Send + Sync + 'static,
) -> Result<BoundExpr> {
    let pattern = format_pattern(call, 1)?;
    unary(call, takes, DataType::String, move |v| {
        let fields = Fields::of(micros(v)?, session_time_zone());
        Ok(Value::String(pattern.format(&fields)))
    })
}

static DATE_FORMAT: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        bind_formatting(call, Takes::Timestamp, |v| match v {
            Value::Timestamp(t) => Ok(t),
            other => Err(unexpected(&other)),
        })
    },
};

static FROM_UNIXTIME: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: |args| {
        if args.len() == 1 {
            args.push(Expr::Literal(DEFAULT_PATTERN.into()));
        }
    },
    bind: |call| {
        bind_formatting(call, Takes::Long, |v| match v {
            // Beyond what a timestamp holds, Java's clock saturates as this does.
            Value::Long(s) => Ok(s.saturating_mul(MICROS_PER_SECOND)),
            other => Err(unexpected(&other)),
        })
    },
};

static CURRENT_TIMESTAMP: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(0),
    defaults: no_defaults,
    bind: |call| {
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: DataType::Timestamp,
            nullable: false,
            eval: Arc::new(|_: &Row| Ok(Value::Timestamp(batch_time_micros()))),
        })
    },
};

static CURRENT_DATE: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(0),
    defaults: no_defaults,
    bind: |call| {
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: DataType::Date,
            nullable: false,
            eval: Arc::new(|_: &Row| {
                Ok(Value::Date(local_days(
                    batch_time_micros(),
                    session_time_zone(),
                )))
            }),
        })
    },
};

static TIMESTAMP_SECONDS: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let bound = number_arg(call, 0, "\"NUMERIC\"")?;
        let eval = bound.eval;
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: DataType::Timestamp,
            nullable: bound.nullable,
            eval: Arc::new(move |row: &Row| {
                let v = eval(row)?;
                Ok(match v {
                    Value::Int(s) => Value::Timestamp(i64::from(s) * MICROS_PER_SECOND),
                    Value::Long(s) => Value::Timestamp(
                        s.checked_mul(MICROS_PER_SECOND)
                            .ok_or_else(|| seconds_overflow(&format!("{s}L")))?,
                    ),
                    Value::Double(s) => {
                        let micros = s * MICROS_PER_SECOND as f64;
                        if !micros.is_finite() || micros.abs() >= 9.223_372_036_854_776e18 {
                            let text = crate::display::java_double_to_string(s);
                            return Err(seconds_overflow(&format!("{text}D")));
                        }
                        Value::Timestamp(micros as i64)
                    }
                    other => other,
                })
            }),
        })
    },
};

/// Argument `index`, which must be a number (`int`, `bigint` or `double`; `required` is
/// Spark's rendering of the type it asks for).
pub(super) fn number_arg(call: &Call<'_>, index: usize, required: &str) -> Result<BoundExpr> {
    let arg = call.arg(index)?;
    let bound = bind_node(arg, call.schema)?;
    match bound.data_type {
        DataType::Integer | DataType::Long | DataType::Double | DataType::Null => Ok(bound),
        ref other => Err(unexpected_input_type(
            &call.name,
            index,
            required,
            &sql(arg),
            other,
        )),
    }
}

/// Spark's `[DATETIME_OVERFLOW]` for `timestamp_seconds` of `seconds` (as Spark prints it).
fn seconds_overflow(seconds: &str) -> String {
    format!(
        "[DATETIME_OVERFLOW] Datetime operation overflow: create a TIMESTAMP from {seconds} \
         seconds since the epoch. SQLSTATE: 22008"
    )
}

/// Argument `index` as a time zone id, or Spark's error.
pub(super) fn zone_arg(call: &Call<'_>, index: usize) -> Result<TimeZone> {
    let id = call.literal_str(index)?;
    TimeZone::option(&id)
}

/// Binds `to_utc_timestamp` (`to_utc`) or `from_utc_timestamp`.
fn bind_utc_shift(call: &Call<'_>, to_utc: bool) -> Result<BoundExpr> {
    let zone = zone_arg(call, 1)?;
    unary(
        call,
        Takes::Timestamp,
        DataType::Timestamp,
        move |v| match v {
            Value::Timestamp(t) if to_utc => Ok(Value::Timestamp(zone.to_utc(t))),
            Value::Timestamp(t) => Ok(Value::Timestamp(local_micros(t, zone))),
            other => Err(unexpected(&other)),
        },
    )
}

static TO_UTC_TIMESTAMP: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| bind_utc_shift(call, true),
};

static FROM_UTC_TIMESTAMP: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| bind_utc_shift(call, false),
};

#[cfg(test)]
#[path = "datetime_tests.rs"]
mod tests;
