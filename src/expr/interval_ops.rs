//! Arithmetic with ANSI intervals, as Spark 4 types it: `timestamp ± interval`,
//! `date ± interval`, `interval ± interval` (of one kind), `interval * number`,
//! `interval / number` and `timestamp - timestamp`.
//!
//! Dates and timestamps move in UTC, as Ember's other date arithmetic does (Spark adds months
//! and days in the session time zone).

use std::sync::Arc;

use super::bind::{bound, null_in_null_out, BoundExpr};
use super::cast::{days_from_civil, days_in_month};
use super::types::{binary_diff_types, is_numeric};
use super::BinaryOp;
use crate::error::Result;
use crate::operators::MICROS_PER_DAY;
use crate::{DataType, IntervalField, IntervalType, Row, Value};

pub(crate) use crate::interval::overflow;

/// Spark's error for a date or timestamp moved out of range.
fn datetime_overflow() -> String {
    "[DATETIME_OVERFLOW] Datetime operation overflow. SQLSTATE: 22008".to_string()
}

/// Whether `l op r` is interval arithmetic (an arithmetic operator with an interval operand, or
/// a timestamp minus a timestamp).
pub(crate) fn applies(op: BinaryOp, l: &DataType, r: &DataType) -> bool {
    let interval = |t: &DataType| matches!(t, DataType::Interval(_));
    let arithmetic = matches!(
        op,
        BinaryOp::Add | BinaryOp::Subtract | BinaryOp::Multiply | BinaryOp::Divide
    );
    arithmetic && (interval(l) || interval(r))
        || op == BinaryOp::Subtract && is_timestamp(l) && is_timestamp(r)
}

fn is_timestamp(t: &DataType) -> bool {
    matches!(t, DataType::Timestamp | DataType::TimestampNtz)
}

/// Binds interval arithmetic (see [`applies`]) named `name`.
pub(crate) fn bind(op: BinaryOp, name: String, l: BoundExpr, r: BoundExpr) -> Result<BoundExpr> {
    use DataType::{Date, Interval};
    let nullable = l.nullable || r.nullable;
    let (lt, rt) = (l.data_type.clone(), r.data_type.clone());
    let mismatch = || binary_diff_types(&name, &lt, &rt);
    let sign = if op == BinaryOp::Subtract { -1 } else { 1 };
    // `interval + x` is `x + interval`.
    let (base, interval, it) = match (&lt, &rt, op) {
        (Interval(_), Interval(_), _) => return bind_intervals(op, name, l, r),
        (Interval(it), other, BinaryOp::Add) if !matches!(other, Interval(_)) => (r, l, *it),
        (_, Interval(it), BinaryOp::Add | BinaryOp::Subtract) => (l, r, *it),
        (Interval(it), n, BinaryOp::Multiply | BinaryOp::Divide) if is_numeric(n) => {
            return Ok(scale(op, name, l, r, *it))
        }
        (n, Interval(it), BinaryOp::Multiply) if is_numeric(n) => {
            return Ok(scale(op, name, r, l, *it))
        }
        (a, b, BinaryOp::Subtract) if is_timestamp(a) && is_timestamp(b) => {
            let day_to_second = IntervalType::new(IntervalField::Day, IntervalField::Second);
            let eval = null_in_null_out(l.eval, r.eval, move |a, b| match (a, b) {
                (
                    Value::Timestamp(x) | Value::TimestampNtz(x),
                    Value::Timestamp(y) | Value::TimestampNtz(y),
                ) => x
                    .checked_sub(y)
                    .map(|d| Value::Interval(d, day_to_second))
                    .ok_or_else(overflow),
                _ => Ok(Value::Null),
            });
            return Ok(bound(name, Interval(day_to_second), nullable, eval));
        }
        _ => return Err(mismatch()),
    };
    let day = IntervalType::new(IntervalField::Day, IntervalField::Day);
    let result = match (&base.data_type, it.is_year_month()) {
        (t @ (DataType::Timestamp | DataType::TimestampNtz), _) => t.clone(),
        (Date, true) => Date,
        (Date, false) if it == day => Date,
        (Date, false) => DataType::Timestamp,
        _ => return Err(mismatch()),
    };
    let date_result = result == Date;
    let eval = null_in_null_out(base.eval, interval.eval, move |b, i| {
        let Value::Interval(amount, _) = i else {
            return Ok(Value::Null);
        };
        let amount = amount.checked_mul(sign).ok_or_else(overflow)?;
        Ok(match (b, it.is_year_month()) {
            (Value::Date(d), true) => Value::Date(add_months_to_days(i64::from(d), amount)? as i32),
            (Value::Date(d), false) if date_result => {
                let days = i64::from(d) + amount / MICROS_PER_DAY;
                Value::Date(i32::try_from(days).map_err(|_| datetime_overflow())?)
            }
            (Value::Date(d), false) => Value::Timestamp(
                (i64::from(d) * MICROS_PER_DAY)
                    .checked_add(amount)
                    .ok_or_else(datetime_overflow)?,
            ),
            (Value::Timestamp(us), ym) => Value::Timestamp(move_micros(us, amount, ym)?),
            (Value::TimestampNtz(us), ym) => Value::TimestampNtz(move_micros(us, amount, ym)?),
            _ => Value::Null,
        })
    });
    Ok(bound(name, result, nullable, eval))
}

/// A timestamp (microseconds) moved by `amount` months (`months`) or microseconds.
fn move_micros(us: i64, amount: i64, months: bool) -> Result<i64, String> {
    if !months {
        return us.checked_add(amount).ok_or_else(datetime_overflow);
    }
    let days = us.div_euclid(MICROS_PER_DAY);
    let time = us.rem_euclid(MICROS_PER_DAY);
    add_months_to_days(days, amount)?
        .checked_mul(MICROS_PER_DAY)
        .and_then(|d| d.checked_add(time))
        .ok_or_else(datetime_overflow)
}

/// A date (days since the epoch) plus `months`, the day clamped to the month's last, as
/// Spark's `dateAddMonths`.
fn add_months_to_days(days: i64, months: i64) -> Result<i64, String> {
    let (year, month, day) = crate::display::civil_from_days(days);
    let total = (year * 12 + i64::from(month) - 1)
        .checked_add(months)
        .ok_or_else(datetime_overflow)?;
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let day = day.min(days_in_month(year, month));
    Ok(days_from_civil(year, month, day))
}

/// `interval ± interval` of one kind: the wider type, the lengths added.
fn bind_intervals(op: BinaryOp, name: String, l: BoundExpr, r: BoundExpr) -> Result<BoundExpr> {
    let (DataType::Interval(x), DataType::Interval(y)) = (&l.data_type, &r.data_type) else {
        unreachable!("bind_intervals is called with two intervals")
    };
    if x.is_year_month() != y.is_year_month() || !matches!(op, BinaryOp::Add | BinaryOp::Subtract) {
        return Err(binary_diff_types(&name, &l.data_type, &r.data_type));
    }
    let t = x.widen(*y);
    let nullable = l.nullable || r.nullable;
    let eval = null_in_null_out(l.eval, r.eval, move |a, b| match (a, b) {
        (Value::Interval(a, _), Value::Interval(b, _)) => {
            let sum = if op == BinaryOp::Add {
                a.checked_add(b)
            } else {
                a.checked_sub(b)
            };
            sum.map(|s| Value::Interval(s, t)).ok_or_else(overflow)
        }
        _ => Ok(Value::Null),
    });
    Ok(bound(name, DataType::Interval(t), nullable, eval))
}

/// `interval * n`, `n * interval`, `interval / n`: a day-time interval becomes
/// `interval day to second`, a year-month one `interval year to month`; the result is rounded
/// half up to whole microseconds or months.
fn scale(
    op: BinaryOp,
    name: String,
    interval: BoundExpr,
    n: BoundExpr,
    it: IntervalType,
) -> BoundExpr {
    let t = if it.is_year_month() {
        IntervalType::new(IntervalField::Year, IntervalField::Month)
    } else {
        IntervalType::new(IntervalField::Day, IntervalField::Second)
    };
    let factor = super::cast::cast_evaluator(n.eval, n.data_type, DataType::Double);
    let (ie, nullable) = (interval.eval, interval.nullable || n.nullable);
    let eval = Arc::new(move |row: &Row| {
        let (Value::Interval(amount, _), Value::Double(x)) = (ie(row)?, factor(row)?) else {
            return Ok(Value::Null);
        };
        if op == BinaryOp::Divide && x == 0.0 {
            return Err(
                "[INTERVAL_DIVIDED_BY_ZERO] Division by zero. Use `try_divide` to tolerate \
                 divisor being 0 and return NULL instead. SQLSTATE: 22012"
                    .to_string(),
            );
        }
        let result = if op == BinaryOp::Divide {
            amount as f64 / x
        } else {
            amount as f64 * x
        }
        .round();
        if !(i64::MIN as f64..i64::MAX as f64).contains(&result) {
            return Err(overflow());
        }
        Ok(Value::Interval(result as i64, t))
    });
    bound(name, DataType::Interval(t), nullable, eval)
}
