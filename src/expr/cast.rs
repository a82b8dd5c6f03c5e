//! `CAST`: which casts Spark 4 allows with ANSI mode on, and how values convert.
//!
//! Strings parse as Spark parses them (`" 12 "` → `12`, `"1.5"` is not an `int`, `"yes"` is
//! `true`, `"2024-1-2"` is a date); a malformed string or a value out of range is a run-time
//! error (`[CAST_INVALID_INPUT]`, `[CAST_OVERFLOW]`). Timestamps are read and printed in UTC,
//! whatever `spark.sql.session.timeZone` says (an expression is bound without the session).

use super::bind::{BoundExpr, Evaluator};
use super::types::{is_numeric, sql_type};
use crate::display::{format_value, java_double_to_string};
use crate::error::{Error, Result};
use crate::operators::{MICROS_PER_DAY, MICROS_PER_SECOND};
use crate::time_zone::{digits, zone_suffix_offset_seconds};
use crate::{DataType, Row, Value};
use std::sync::Arc;

/// Whether Spark (ANSI mode) can cast `from` to `to`.
pub(crate) fn can_cast(from: &DataType, to: &DataType) -> bool {
    use DataType::*;
    if from == to || *from == Null {
        return true;
    }
    match (from, to) {
        (_, String) => true,
        (
            String,
            Boolean | Byte | Short | Integer | Long | Float | Double | Decimal(..) | Date
            | Timestamp | TimestampNtz | Binary,
        ) => true,
        (x, y) if is_numeric(x) && is_numeric(y) => true,
        (x, Boolean) if is_numeric(x) => true,
        (Boolean, y) if is_numeric(y) => true,
        (x, Timestamp) if is_numeric(x) => true,
        (Timestamp, y) if is_numeric(y) => true,
        (Date | Timestamp | TimestampNtz, Date | Timestamp | TimestampNtz) => true,
        (Interval(x), Interval(y)) => x.is_year_month() == y.is_year_month(),
        (Array(x), Array(y)) => can_cast(x, y),
        (Map(xk, xv), Map(yk, yv)) => can_cast(xk, yk) && can_cast(xv, yv),
        (Struct(xs), Struct(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .zip(ys)
                    .all(|(x, y)| can_cast(&x.data_type, &y.data_type))
        }
        _ => false,
    }
}

/// Binds `CAST(child AS to)` named `name`; with `try_`, `TRY_CAST`: a value that does not
/// fit or does not parse is `NULL` instead of an error.
pub(crate) fn bind_cast(
    name: String,
    child: BoundExpr,
    to: &DataType,
    try_: bool,
) -> Result<BoundExpr> {
    if !can_cast(&child.data_type, to) {
        return Err(Error::Analysis(format!(
            "[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"{name}\" due to data \
             type mismatch: cannot cast \"{}\" to \"{}\". SQLSTATE: 42K09",
            sql_type(&child.data_type),
            sql_type(to)
        )));
    }
    let eval: Evaluator = if try_ {
        // A failing cast is NULL; errors of the argument itself still surface.
        let (argument, from, to) = (child.eval, child.data_type, to.clone());
        Arc::new(move |row: &Row| Ok(cast_value(argument(row)?, &from, &to).unwrap_or(Value::Null)))
    } else {
        cast_evaluator(child.eval, child.data_type, to.clone())
    };
    Ok(BoundExpr {
        name,
        data_type: to.clone(),
        nullable: child.nullable || try_,
        eval,
    })
}

/// `eval`'s values (of type `from`) cast to `to`.
pub(crate) fn cast_evaluator(eval: Evaluator, from: DataType, to: DataType) -> Evaluator {
    if from == to {
        return eval;
    }
    Arc::new(move |row: &Row| cast_value(eval(row)?, &from, &to))
}

/// Spark's `[CAST_INVALID_INPUT]` for a string that does not parse as `to`.
pub(crate) fn invalid_input(s: &str, to: &DataType) -> String {
    format!(
        "[CAST_INVALID_INPUT] The value '{s}' of the type \"STRING\" cannot be cast to \"{}\" \
         because it is malformed. Correct the value as per the syntax, or change its target \
         type. Use `try_cast` to tolerate malformed input and return NULL instead. \
         SQLSTATE: 22018",
        sql_type(to)
    )
}

/// A value as Spark's messages print it: `1`, `1L`, `1.0E20D`, `1.5BD`, `1Y`, ...
pub(crate) fn value_sql(v: &Value) -> String {
    match v {
        Value::Long(i) => format!("{i}L"),
        Value::Double(d) => format!("{}D", java_double_to_string(*d)),
        Value::Byte(i) => format!("{i}Y"),
        Value::Short(i) => format!("{i}S"),
        Value::Decimal(d) => format!("{d}BD"),
        other => super::name::literal_sql(other),
    }
}

fn cast_overflow(v: &Value, from: &DataType, to: &DataType) -> String {
    format!(
        "[CAST_OVERFLOW] The value {} of the type \"{}\" cannot be cast to \"{}\" due to an \
         overflow. Use `try_cast` to tolerate overflow and return NULL instead. SQLSTATE: 22003",
        value_sql(v),
        sql_type(from),
        sql_type(to)
    )
}

/// The string form of a value, as `CAST(v AS STRING)` gives it.
pub(crate) fn to_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(element_string).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Struct(items) => {
            let inner: Vec<String> = items.iter().map(element_string).collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Map(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{} -> {}", element_string(k), element_string(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Binary(bytes) => std::string::String::from_utf8_lossy(bytes).into_owned(),
        other => format_value(other, crate::time_zone::TimeZone::UTC),
    }
}

fn element_string(v: &Value) -> String {
    if v.is_null() {
        "null".to_string()
    } else {
        to_string(v)
    }
}

/// Spark trims whitespace and control characters around strings it parses.
fn trim_all(s: &str) -> &str {
    let printable = |b: Option<&u8>| b.is_some_and(|b| (b'!'..0x80).contains(b));
    if printable(s.as_bytes().first()) && printable(s.as_bytes().last()) {
        // ASCII characters above the blank are neither blanks nor whitespace.
        return s;
    }
    s.trim_matches(|c: char| c <= ' ' || c.is_whitespace())
}

/// Casts one value of type `from` to `to` (a cast [`can_cast`] allows).
pub(crate) fn cast_value(v: Value, from: &DataType, to: &DataType) -> Result<Value, String> {
    if v.is_null() || from == to {
        return Ok(v);
    }
    Ok(match (v, to) {
        (v, DataType::String) => Value::String(to_string(&v)),
        (Value::String(s), t) => parse_string(&s, t).ok_or_else(|| invalid_input(&s, t))?,
        (Value::Binary(b), DataType::Binary) => Value::Binary(b),
        // Dates and timestamps (UTC).
        (Value::Date(d), DataType::Timestamp) => Value::Timestamp(i64::from(d) * MICROS_PER_DAY),
        (Value::Date(d), DataType::TimestampNtz) => {
            Value::TimestampNtz(i64::from(d) * MICROS_PER_DAY)
        }
        (Value::Timestamp(us) | Value::TimestampNtz(us), DataType::Date) => {
            Value::Date(us.div_euclid(MICROS_PER_DAY) as i32)
        }
        (Value::Timestamp(us), DataType::TimestampNtz) => Value::TimestampNtz(us),
        (Value::TimestampNtz(us), DataType::Timestamp) => Value::Timestamp(us),
        // Between the fields of one kind of interval: the same length.
        (Value::Interval(amount, _), DataType::Interval(t)) => Value::Interval(amount, *t),
        (Value::Array(items), DataType::Array(element_to)) => {
            let element_from = match from {
                DataType::Array(e) => e.as_ref(),
                _ => &DataType::Null,
            };
            Value::Array(
                items
                    .into_iter()
                    .map(|item| cast_value(item, element_from, element_to))
                    .collect::<Result<_, _>>()?,
            )
        }
        (Value::Map(entries), DataType::Map(key_to, value_to)) => {
            let (key_from, value_from) = match from {
                DataType::Map(k, v) => (k.as_ref(), v.as_ref()),
                _ => (&DataType::Null, &DataType::Null),
            };
            Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        Ok((
                            cast_value(k, key_from, key_to)?,
                            cast_value(v, value_from, value_to)?,
                        ))
                    })
                    .collect::<Result<_, String>>()?,
            )
        }
        (Value::Struct(values), DataType::Struct(fields_to)) => {
            let fields_from = match from {
                DataType::Struct(fields) => fields.as_slice(),
                _ => &[],
            };
            Value::Struct(
                values
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let from = fields_from.get(i).map_or(&DataType::Null, |f| &f.data_type);
                        let to = fields_to.get(i).map_or(&DataType::Null, |f| &f.data_type);
                        cast_value(v, from, to)
                    })
                    .collect::<Result<_, _>>()?,
            )
        }
        (v, t) => {
            let number = Number::of(&v)
                .ok_or_else(|| format!("internal error: cannot cast {v:?} to {}", sql_type(t)))?;
            number
                .to(t)
                .ok_or_else(|| cast_overflow(&v, from, t))?
                .map_err(|e| e.unwrap_or_else(|| cast_overflow(&v, from, t)))?
        }
    })
}

/// A number (or boolean, or timestamp as seconds) on its way to another numeric type.
enum Number {
    /// An integral value (booleans are 0 and 1).
    Integral(i64),
    /// A floating-point value.
    Floating(f64),
    /// An exact decimal: unscaled and scale.
    Exact(i128, i32),
    /// A timestamp: microseconds since the epoch, read as seconds.
    Micros(i64),
}

impl Number {
    fn of(v: &Value) -> Option<Number> {
        Some(match v {
            Value::Boolean(b) => Number::Integral(i64::from(*b)),
            Value::Byte(i) => Number::Integral(i64::from(*i)),
            Value::Short(i) => Number::Integral(i64::from(*i)),
            Value::Int(i) => Number::Integral(i64::from(*i)),
            Value::Long(i) => Number::Integral(*i),
            Value::Float(f) => Number::Floating(f64::from(*f)),
            Value::Double(d) => Number::Floating(*d),
            Value::Decimal(d) => Number::Exact(d.unscaled(), i32::from(d.scale())),
            Value::Timestamp(us) => Number::Micros(*us),
            _ => return None,
        })
    }

    /// The value as `to`: `None` when it does not fit (a cast overflow), `Some(Err(message))`
    /// for a decimal that does not fit its precision (Spark's own error), `Some(Err(None))`
    /// for an overflow that Spark reports as a cast overflow.
    #[allow(clippy::type_complexity)]
    fn to(&self, to: &DataType) -> Option<Result<Value, Option<String>>> {
        let integral = |lo: i64, hi: i64| -> Option<i64> {
            let i = match *self {
                Number::Integral(i) => i,
                Number::Floating(d) => {
                    let t = d.trunc();
                    // 2^63 is exactly representable; every double below it fits.
                    if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&t) {
                        return None;
                    }
                    t as i64
                }
                // Timestamps round down to whole seconds.
                Number::Micros(us) => us.div_euclid(MICROS_PER_SECOND),
                // Decimals toward zero, as Java's `longValue` of a BigDecimal.
                Number::Exact(u, scale) => {
                    let divisor = crate::operators::pow10(u32::try_from(scale).ok()?)?;
                    i64::try_from(u / divisor).ok()?
                }
            };
            (lo..=hi).contains(&i).then_some(i)
        };
        Some(Ok(match to {
            DataType::Boolean => Value::Boolean(match *self {
                Number::Integral(i) => i != 0,
                Number::Floating(d) => d != 0.0,
                Number::Exact(u, _) => u != 0,
                Number::Micros(us) => us != 0,
            }),
            DataType::Byte => Value::Byte(integral(i8::MIN.into(), i8::MAX.into())? as i8),
            DataType::Short => Value::Short(integral(i16::MIN.into(), i16::MAX.into())? as i16),
            DataType::Integer => Value::Int(integral(i32::MIN.into(), i32::MAX.into())? as i32),
            DataType::Long => Value::Long(integral(i64::MIN, i64::MAX)?),
            DataType::Float => Value::Float(self.to_f64() as f32),
            DataType::Double => Value::Double(self.to_f64()),
            DataType::Decimal(precision, scale) => {
                let (unscaled, from_scale) = match *self {
                    Number::Integral(i) => (i128::from(i), 0),
                    Number::Exact(u, s) => (u, s),
                    Number::Micros(us) => (i128::from(us), 6),
                    Number::Floating(d) if d.is_finite() => {
                        super::decimal::parse_decimal(&java_double_to_string(d))?
                    }
                    Number::Floating(_) => return None,
                };
                return Some(
                    super::decimal::to_precision(unscaled, from_scale, *precision, *scale)
                        .map(Value::Decimal)
                        .map_err(Some),
                );
            }
            DataType::Timestamp => Value::Timestamp(match *self {
                Number::Integral(i) => i.checked_mul(MICROS_PER_SECOND)?,
                Number::Floating(d) => {
                    let micros = d * MICROS_PER_SECOND as f64;
                    if !micros.is_finite() || micros.abs() >= 9.223_372_036_854_776e18 {
                        return None;
                    }
                    micros as i64
                }
                Number::Exact(u, s) => {
                    let micros = if s <= 6 {
                        u.checked_mul(crate::operators::pow10(u32::try_from(6 - s).ok()?)?)?
                    } else {
                        u / crate::operators::pow10(u32::try_from(s - 6).ok()?)?
                    };
                    i64::try_from(micros).ok()?
                }
                Number::Micros(us) => us,
            }),
            _ => return Some(Err(None)),
        }))
    }

    fn to_f64(&self) -> f64 {
        match *self {
            Number::Integral(i) => i as f64,
            Number::Floating(d) => d,
            Number::Exact(u, s) => super::decimal::plain_text(u, s).parse().unwrap_or(f64::NAN),
            Number::Micros(us) => us as f64 / MICROS_PER_SECOND as f64,
        }
    }
}

/// Parses a string as `to`, or `None` if it is malformed for that type: `CAST(s AS to)` of a
/// string (UTC for a timestamp without an offset).
pub(crate) fn parse_string(s: &str, to: &DataType) -> Option<Value> {
    let t = trim_all(s);
    match to {
        DataType::Byte => t.parse().ok().map(Value::Byte),
        DataType::Short => t.parse().ok().map(Value::Short),
        DataType::Integer => t.parse().ok().map(Value::Int),
        DataType::Long => t.parse().ok().map(Value::Long),
        DataType::Float => parse_double(t).map(|d| Value::Float(d as f32)),
        DataType::Double => parse_double(t).map(Value::Double),
        DataType::Decimal(precision, scale) => {
            let (unscaled, written) = super::decimal::parse_decimal(t)?;
            super::decimal::to_precision(unscaled, written, *precision, *scale)
                .ok()
                .map(Value::Decimal)
        }
        DataType::Binary => Some(Value::Binary(s.as_bytes().to_vec())),
        DataType::TimestampNtz => {
            parse_timestamp_parts(t).map(|(local, _)| Value::TimestampNtz(local))
        }
        DataType::Boolean => match t.to_ascii_lowercase().as_str() {
            "t" | "true" | "y" | "yes" | "1" => Some(Value::Boolean(true)),
            "f" | "false" | "n" | "no" | "0" => Some(Value::Boolean(false)),
            _ => None,
        },
        DataType::Date => parse_date(t).map(|(days, _)| Value::Date(days)),
        DataType::Timestamp => parse_timestamp(t).map(Value::Timestamp),
        _ => None,
    }
}

/// Java's `Double.parseDouble` plus Spark's special literals (`inf`, `-infinity`, `nan`, any
/// case).
fn parse_double(t: &str) -> Option<f64> {
    match t.to_ascii_lowercase().as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    parse_java_decimal(t)
}

/// Java's `Double.parseDouble` of a decimal number without blanks around it (neither
/// `Infinity`, `NaN` nor hexadecimal): digits, `.`, an exponent, and the trailing type suffix
/// Java accepts (`1d`, `2.5F`).
pub(crate) fn parse_java_decimal(t: &str) -> Option<f64> {
    let body = t.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(t);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
    {
        return None;
    }
    body.parse().ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The days in a month of the proleptic Gregorian calendar.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Spark's `stringToDate` date part: `[+-]yyyy[y..][-[m]m[-[d]d]]`, then nothing or a space or
/// `T` followed by anything (the date part of a timestamp). Returns (days, bytes used).
fn parse_date(t: &str) -> Option<(i32, usize)> {
    let b = t.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let (year, n) = digits(&b[i..], 4, 7)?;
    i += n;
    let year = if negative { -year } else { year };
    let (mut month, mut day) = (1, 1);
    if b.get(i) == Some(&b'-') {
        let (m, n) = digits(&b[i + 1..], 1, 2)?;
        month = m as u32;
        i += 1 + n;
        if b.get(i) == Some(&b'-') {
            let (d, n) = digits(&b[i + 1..], 1, 2)?;
            day = d as u32;
            i += 1 + n;
        }
    }
    match b.get(i) {
        None | Some(b' ') | Some(b'T') => {}
        _ => return None,
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = i32::try_from(days_from_civil(year, month, day)).ok()?;
    Some((days, i))
}

/// Spark's `stringToTimestamp` for the common forms: a date, optionally followed by ` ` or `T`,
/// `h[h]:m[m][:s[s][.fraction]]` and a zone (`Z`, `UTC`, `GMT`, `+hh[:mm]`, `-hhmm`). Without a
/// zone the time is UTC (the csv and json sources move it to their zone).
fn parse_timestamp(t: &str) -> Option<i64> {
    let (local, offset) = parse_timestamp_parts(t)?;
    Some(local - offset.unwrap_or(0))
}

/// A timestamp string (blanks around it ignored, as `CAST` ignores them) as written: its
/// local date and time, in microseconds since the epoch as if it were UTC, and its offset
/// east of UTC in microseconds, `None` when it has no zone suffix.
pub(crate) fn parse_timestamp_as_written(s: &str) -> Option<(i64, Option<i64>)> {
    parse_timestamp_parts(trim_all(s))
}

fn parse_timestamp_parts(t: &str) -> Option<(i64, Option<i64>)> {
    match fixed_timestamp(t.as_bytes()) {
        Some(local) => Some((local, None)),
        None => parse_timestamp_any(t),
    }
}

/// [`parse_timestamp_parts`] for every form it reads.
fn parse_timestamp_any(t: &str) -> Option<(i64, Option<i64>)> {
    let (days, used) = parse_date(t)?;
    let mut micros = i64::from(days) * MICROS_PER_DAY;
    let rest = &t.as_bytes()[used..];
    if rest.is_empty() {
        return Some((micros, None));
    }
    let rest = &rest[1..];
    if rest.is_empty() {
        return Some((micros, None));
    }
    let (h, n) = digits(rest, 1, 2)?;
    let mut i = n;
    if rest.get(i) != Some(&b':') {
        return None;
    }
    let (m, n) = digits(&rest[i + 1..], 1, 2)?;
    i += 1 + n;
    let mut s = 0;
    let mut fraction = 0;
    if rest.get(i) == Some(&b':') {
        let (sec, n) = digits(&rest[i + 1..], 1, 2)?;
        s = sec;
        i += 1 + n;
        if rest.get(i) == Some(&b'.') {
            let n = rest[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let frac = &rest[i + 1..i + 1 + n];
            for k in 0..6 {
                fraction = fraction * 10 + frac.get(k).map_or(0, |b| i64::from(b - b'0'));
            }
            i += 1 + n;
        }
    }
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    micros += ((h * 60 + m) * 60 + s) * MICROS_PER_SECOND + fraction;
    let zone = std::str::from_utf8(&rest[i..]).ok()?.trim_start();
    if zone.is_empty() {
        return Some((micros, None));
    }
    Some((
        micros,
        Some(zone_suffix_offset_seconds(zone)? * MICROS_PER_SECOND),
    ))
}

/// The shapes most timestamps are written in, read at fixed places: `yyyy-MM-dd`, and
/// `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-ddTHH:mm:ss` with an optional fraction of 1 to 6 digits,
/// without a zone. Microseconds since the epoch of the local date and time, as
/// [`parse_timestamp_parts`] reads them; `None` for any other text and for fields out of range,
/// which the general parser then reads (and refuses).
fn fixed_timestamp(b: &[u8]) -> Option<i64> {
    /// The two digits at `b[i..i + 2]` (which the caller has checked are there).
    #[inline(always)]
    fn two(b: &[u8], i: usize) -> Option<i64> {
        let (high, low) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
        (high <= 9 && low <= 9).then(|| i64::from(high * 10 + low))
    }
    let n = b.len();
    if !matches!(n, 10 | 19 | 21..=26) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = two(b, 0)? * 100 + two(b, 2)?;
    let (month, day) = (two(b, 5)? as u32, two(b, 8)? as u32);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut micros = days_from_civil(year, month, day) * MICROS_PER_DAY;
    if n > 10 {
        if !matches!(b[10], b' ' | b'T') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (h, m, s) = (two(b, 11)?, two(b, 14)?, two(b, 17)?);
        if h > 23 || m > 59 || s > 59 {
            return None;
        }
        let mut fraction = 0;
        if n > 19 {
            if b[19] != b'.' {
                return None;
            }
            for &c in &b[20..] {
                let d = c.wrapping_sub(b'0');
                if d > 9 {
                    return None;
                }
                fraction = fraction * 10 + i64::from(d);
            }
            fraction *= 10i64.pow(26 - n as u32);
        }
        micros += ((h * 60 + m) * 60 + s) * MICROS_PER_SECOND + fraction;
    }
    Some(micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cast(v: Value, to: DataType) -> Result<Value, String> {
        let from = super::super::types::literal_type(&v).unwrap();
        cast_value(v, &from, &to)
    }

    #[test]
    fn strings_to_numbers() {
        assert_eq!(cast(" 12 ".into(), DataType::Integer), Ok(Value::Int(12)));
        assert_eq!(cast("\t7\n".into(), DataType::Integer), Ok(Value::Int(7)));
        assert_eq!(cast("+5".into(), DataType::Long), Ok(Value::Long(5)));
        assert_eq!(
            cast("1.5".into(), DataType::Integer).unwrap_err(),
            "[CAST_INVALID_INPUT] The value '1.5' of the type \"STRING\" cannot be cast to \
             \"INT\" because it is malformed. Correct the value as per the syntax, or change its \
             target type. Use `try_cast` to tolerate malformed input and return NULL instead. \
             SQLSTATE: 22018"
        );
        assert!(cast("99999999999".into(), DataType::Integer)
            .unwrap_err()
            .starts_with("[CAST_INVALID_INPUT] The value '99999999999'"));
        assert_eq!(
            cast("1e3".into(), DataType::Double),
            Ok(Value::Double(1000.0))
        );
        assert_eq!(
            cast(" 1.50 ".into(), DataType::Double),
            Ok(Value::Double(1.5))
        );
        assert_eq!(cast("1d".into(), DataType::Double), Ok(Value::Double(1.0)));
        assert_eq!(
            cast("-Infinity".into(), DataType::Double),
            Ok(Value::Double(f64::NEG_INFINITY))
        );
        assert!(matches!(cast("NaN".into(), DataType::Double), Ok(Value::Double(d)) if d.is_nan()));
        assert!(cast("x".into(), DataType::Double).is_err());
    }

    /// The fixed-place reader gives what the general parser gives, on every shape it takes
    /// and on the near misses it leaves to the general parser.
    #[test]
    fn fixed_timestamps_read_as_the_general_parser_reads_them() {
        let mut cases: Vec<String> = [
            "2024-01-02",
            "2024-01-02 03:04:05",
            "2024-01-02T03:04:05",
            "2024-01-02 03:04:05.1",
            "2024-01-02 03:04:05.123456",
            "2024-01-02 03:04:05.1234567",
            "2024-01-02 03:04:05.",
            "2024-01-02 03:04:05.12x",
            "2024-01-02 03:04:05Z",
            "2024-01-02 03:04:05+01:00",
            "2024-01-02 03:04:05 UTC",
            "2024-01-02T03:04:05.5Z",
            "2024-1-02 03:04:05",
            "2024-01-2 03:04:05",
            "2024-01-02 3:04:05",
            "2024-01-02 03:4:05",
            "2024-01-02 03:04:5",
            "2024-01-02 03:04",
            "2024-01-02 ",
            "2024-01-02x03:04:05",
            "2024-01-02 03-04-05",
            "20240-01-02 03:04:05",
            "+2024-01-02 03:04:05",
            "-2024-01-02",
            "0000-01-01 00:00:00",
            "9999-12-31 23:59:59.999999",
            "1969-12-31 23:59:59.999999",
            "2024-02-29 00:00:00",
            "2023-02-29 00:00:00",
            "1900-02-29",
            "2000-02-29",
            "2024-04-31",
            "2024-13-01 00:00:00",
            "2024-00-01 00:00:00",
            "2024-01-00 00:00:00",
            "2024-01-32",
            "2024-01-02 24:00:00",
            "2024-01-02 23:60:00",
            "2024-01-02 23:59:60",
            "2024-01-02 23:59:59.-12",
            "2024-0a-02",
            "2024-01-02 0a:04:05",
            "a024-01-02",
            "2024/01/02",
            "",
        ]
        .map(String::from)
        .to_vec();
        // Every digit place of the two main shapes, each digit and a neighbouring byte.
        for base in ["2024-05-17 13:45:59", "2024-05-17T13:45:59.987654"] {
            for place in 0..base.len() {
                for b in [b'0', b'1', b'2', b'3', b'5', b'9', b'/', b':', b' '] {
                    let mut bytes = base.as_bytes().to_vec();
                    bytes[place] = b;
                    cases.push(String::from_utf8(bytes).unwrap());
                }
            }
        }
        for case in &cases {
            assert_eq!(
                parse_timestamp_parts(case),
                parse_timestamp_any(case),
                "{case:?}"
            );
            if let Some(fixed) = fixed_timestamp(case.as_bytes()) {
                assert_eq!(parse_timestamp_any(case), Some((fixed, None)), "{case:?}");
            }
        }
        let taken = cases
            .iter()
            .filter(|c| fixed_timestamp(c.as_bytes()).is_some())
            .count();
        assert!(taken > 100, "{taken}");
        assert_eq!(
            fixed_timestamp(b"2024-01-02 03:04:05.5"),
            Some(days_from_civil(2024, 1, 2) * MICROS_PER_DAY + 11_045_500_000)
        );
    }

    #[test]
    fn trim_all_skips_only_printable_ascii_ends() {
        fn by_char(s: &str) -> &str {
            s.trim_matches(|c: char| c <= ' ' || c.is_whitespace())
        }
        for s in [
            "",
            "x",
            " x",
            "x ",
            "\tx\n",
            "\u{7f}x\u{7f}",
            "\u{a0}x",
            "x\u{2003}",
            "\u{3000}5",
            "é",
            "xé",
            "ex",
            "!~",
            "\u{1}a\u{1f}",
            "a b",
        ] {
            assert_eq!(trim_all(s), by_char(s), "{s:?}");
        }
    }

    #[test]
    fn strings_to_booleans_dates_timestamps() {
        assert_eq!(
            cast(" T ".into(), DataType::Boolean),
            Ok(Value::Boolean(true))
        );
        assert_eq!(
            cast("no".into(), DataType::Boolean),
            Ok(Value::Boolean(false))
        );
        assert!(cast("x".into(), DataType::Boolean)
            .unwrap_err()
            .contains("cannot be cast to \"BOOLEAN\""));
        let jan2 = days_from_civil(2024, 1, 2) as i32;
        assert_eq!(jan2, 19_724);
        assert_eq!(
            cast("2024-01-02".into(), DataType::Date),
            Ok(Value::Date(jan2))
        );
        assert_eq!(
            cast("2024-1-2".into(), DataType::Date),
            Ok(Value::Date(jan2))
        );
        assert_eq!(
            cast("2024-01-02 xyz".into(), DataType::Date),
            Ok(Value::Date(jan2))
        );
        assert_eq!(
            cast("2024".into(), DataType::Date),
            Ok(Value::Date(days_from_civil(2024, 1, 1) as i32))
        );
        assert!(cast("2024-02-30".into(), DataType::Date).is_err());
        let base = i64::from(jan2) * MICROS_PER_DAY;
        let hms = (3 * 3600 + 4 * 60 + 5) * MICROS_PER_SECOND;
        assert_eq!(
            cast("2024-01-02 03:04:05".into(), DataType::Timestamp),
            Ok(Value::Timestamp(base + hms))
        );
        assert_eq!(
            cast("2024-01-02T03:04:05.123Z".into(), DataType::Timestamp),
            Ok(Value::Timestamp(base + hms + 123_000))
        );
        assert_eq!(
            cast("2024-01-02T03:04:05+01:00".into(), DataType::Timestamp),
            Ok(Value::Timestamp(base + hms - 3600 * MICROS_PER_SECOND))
        );
        assert_eq!(
            cast("2024-01-02 03:04".into(), DataType::Timestamp),
            Ok(Value::Timestamp(
                base + (3 * 3600 + 4 * 60) * MICROS_PER_SECOND
            ))
        );
        assert_eq!(
            cast("2024-01-02".into(), DataType::Timestamp),
            Ok(Value::Timestamp(base))
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            cast(Value::Double(-1.9), DataType::Long),
            Ok(Value::Long(-1))
        );
        assert_eq!(
            cast(Value::Double(1e20), DataType::Integer).unwrap_err(),
            "[CAST_OVERFLOW] The value 1.0E20D of the type \"DOUBLE\" cannot be cast to \"INT\" \
             due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. \
             SQLSTATE: 22003"
        );
        assert!(cast(Value::Double(f64::NAN), DataType::Integer)
            .unwrap_err()
            .starts_with("[CAST_OVERFLOW] The value NaND of the type"));
        assert!(cast(Value::Long(1 << 40), DataType::Integer)
            .unwrap_err()
            .starts_with("[CAST_OVERFLOW] The value 1099511627776L of the type \"BIGINT\""));
        assert_eq!(
            cast(Value::Int(2), DataType::Boolean),
            Ok(Value::Boolean(true))
        );
        assert_eq!(
            cast(Value::Boolean(true), DataType::Integer),
            Ok(Value::Int(1))
        );
        assert_eq!(
            cast(Value::Double(1e7), DataType::String),
            Ok("1.0E7".into())
        );
        assert_eq!(
            cast(Value::Boolean(true), DataType::String),
            Ok("true".into())
        );
        assert_eq!(
            cast(Value::Int(10), DataType::Timestamp),
            Ok(Value::Timestamp(10_000_000))
        );
        assert_eq!(
            cast(Value::Timestamp(1_500_000), DataType::Double),
            Ok(Value::Double(1.5))
        );
        assert_eq!(
            cast(
                Value::Array(vec!["a".into(), Value::Null]),
                DataType::String
            ),
            Ok("[a, null]".into())
        );
        assert!(!can_cast(&DataType::Date, &DataType::Integer));
        assert!(!can_cast(&DataType::Boolean, &DataType::Timestamp));
    }

    /// Casts of the newer types, as PySpark 4.3 gives them (`SELECT CAST(...)`).
    #[test]
    fn newer_types_cast_as_spark_casts_them() {
        use crate::Decimal;
        let dec = |u: i128, s: u8| Value::Decimal(Decimal::new(u, s));
        let d = |p: u8, s: u8| DataType::Decimal(p, s);
        assert_eq!(cast("1e3".into(), d(10, 2)), Ok(dec(100_000, 2)));
        assert_eq!(cast(" 1.005 ".into(), d(10, 2)), Ok(dec(101, 2)));
        assert_eq!(cast("-0.005".into(), d(10, 2)), Ok(dec(-1, 2)));
        assert_eq!(
            cast("abc".into(), d(5, 2)).unwrap_err(),
            "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \
             \"DECIMAL(5,2)\" because it is malformed. Correct the value as per the syntax, or \
             change its target type. Use `try_cast` to tolerate malformed input and return NULL \
             instead. SQLSTATE: 22018"
        );
        assert_eq!(
            cast(Value::Int(300), DataType::Byte).unwrap_err(),
            "[CAST_OVERFLOW] The value 300 of the type \"INT\" cannot be cast to \"TINYINT\" \
             due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. \
             SQLSTATE: 22003"
        );
        assert_eq!(
            cast(dec(21_474_836_485, 1), DataType::Integer).unwrap_err(),
            "[CAST_OVERFLOW] The value 2147483648.5BD of the type \"DECIMAL(11,1)\" cannot be \
             cast to \"INT\" due to an overflow. Use `try_cast` to tolerate overflow and return \
             NULL instead. SQLSTATE: 22003"
        );
        assert_eq!(
            cast(Value::Float(1e10), DataType::Integer).unwrap_err(),
            "[CAST_OVERFLOW] The value 1.0E10 of the type \"FLOAT\" cannot be cast to \"INT\" \
             due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. \
             SQLSTATE: 22003"
        );
        assert_eq!(
            cast(Value::Double(1e20), d(10, 2)).unwrap_err(),
            super::super::decimal::out_of_range("100000000000000000000", 10, 2)
        );
        assert_eq!(cast(Value::Double(3.9), DataType::Byte), Ok(Value::Byte(3)));
        assert_eq!(
            cast(Value::Double(-3.9), DataType::Byte),
            Ok(Value::Byte(-3))
        );
        assert_eq!(cast(dec(15, 1), DataType::Integer), Ok(Value::Int(1)));
        assert_eq!(cast(Value::Float(1.5), d(4, 2)), Ok(dec(150, 2)));
        assert_eq!(cast(dec(25, 1), d(2, 0)), Ok(dec(3, 0)));
        assert_eq!(cast(dec(-25, 1), d(2, 0)), Ok(dec(-3, 0)));
        assert_eq!(cast(dec(245, 2), d(2, 1)), Ok(dec(25, 1)));
        assert_eq!(cast(Value::Boolean(true), d(2, 1)), Ok(dec(10, 1)));
        assert_eq!(
            cast(dec(15, 1), DataType::Boolean),
            Ok(Value::Boolean(true))
        );
        assert_eq!(
            cast(dec(15, 1), DataType::Timestamp),
            Ok(Value::Timestamp(1_500_000))
        );
        assert_eq!(
            cast(Value::Byte(1), DataType::Timestamp),
            Ok(Value::Timestamp(1_000_000))
        );
        assert_eq!(
            cast(Value::Double(1e40), DataType::Float),
            Ok(Value::Float(f32::INFINITY))
        );
        assert_eq!(cast(Value::Float(1.5), DataType::String), Ok("1.5".into()));
        assert_eq!(cast(dec(150, 2), DataType::String), Ok("1.50".into()));
        assert_eq!(
            cast(Value::Double(1e-10), d(20, 15)).and_then(|v| cast(v, DataType::String)),
            Ok("0.000000000100000".into())
        );
        assert_eq!(
            cast(Value::Float(0.1), DataType::Double),
            Ok(Value::Double(0.10000000149011612))
        );
        assert_eq!(
            cast(Value::Binary(b"ab".to_vec()), DataType::String),
            Ok("ab".into())
        );
        assert_eq!(
            cast("ab".into(), DataType::Binary),
            Ok(Value::Binary(b"ab".to_vec()))
        );
        let map = Value::Map(vec![("a".into(), Value::Int(1)), ("b".into(), Value::Null)]);
        assert_eq!(
            cast(map.clone(), DataType::String),
            Ok("{a -> 1, b -> null}".into())
        );
        assert_eq!(
            cast(
                map,
                DataType::Map(Box::new(DataType::String), Box::new(DataType::Long))
            ),
            Ok(Value::Map(vec![
                ("a".into(), Value::Long(1)),
                ("b".into(), Value::Null)
            ]))
        );
        // 2024-01-01 10:00:00 as a wall clock.
        let ten = 1_704_103_200_000_000;
        assert_eq!(
            cast("2024-01-01 10:00:00+05:00".into(), DataType::TimestampNtz),
            Ok(Value::TimestampNtz(ten))
        );
        assert_eq!(
            cast(Value::TimestampNtz(ten), DataType::Date),
            Ok(Value::Date(19_723))
        );
        assert!(!can_cast(&DataType::TimestampNtz, &DataType::Long));
        assert!(!can_cast(&DataType::Integer, &DataType::Binary));
    }
}
