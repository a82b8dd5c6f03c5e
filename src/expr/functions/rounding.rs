//! The rounding functions: `round` and `bround` (to `scale` decimal places, half up and half
//! to even), `floor` and `ceil`/`ceiling` (to an integer, or with a scale to decimal places).
//!
//! The result types are Spark's. `round` and `bround` keep their input's type, except that a
//! `decimal(p,s)` rounded to `d` places is a `decimal(p-s+1+min(s,d), min(s,d))` (one more
//! integer digit for a carry: `9.9` rounds to `10`), or for a negative `d` a
//! `decimal(max(p-s+1, 1-d), 0)`, at most 38 digits. `floor(x)` and `ceil(x)` are `bigint`s,
//! except of a `decimal(p,s)`: a `decimal(p-s+1, 0)`. `floor(x, d)` and `ceil(x, d)` are
//! decimals typed as `round` types them, their input cast to a decimal first (`int` to
//! `decimal(10,0)`, `float` to `decimal(14,7)`, `double` to `decimal(30,15)`, a string to
//! `decimal(38,18)`; NaN and infinities are `NULL`).
//!
//! `round` of a `double` (or `float`) rounds its shortest decimal form, as Spark does
//! (`round(2.675, 2)` is `2.68`, where the binary value is just below 2.675). An integer that
//! does not fit its type once rounded is `[ARITHMETIC_OVERFLOW]`, a decimal that does not fit
//! its type `[NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION]`.

use super::math::numeric_arg;
use super::{call_sql, no_defaults, scalar, Arity, Call, Entry, ScalarFunction, Spelling};
use crate::display::shortest_double_digits;
use crate::error::{Error, Result};
use crate::expr::bind::{bound, overflow, BoundExpr, Evaluator};
use crate::expr::cast::cast_evaluator;
use crate::expr::decimal::rounded_out_of_range;
use crate::expr::name::sql;
use crate::expr::types::{integral_decimal, unexpected_input_type};
use crate::expr::Expr;
use crate::operators::{decimal_digits, pow10, MAX_PRECISION};
use crate::{DataType, Row, Value};
use std::sync::Arc;

/// `round(e, scale)`: `e` rounded half up to `scale` decimal places (a negative scale rounds to
/// tens, hundreds, ...), of the input's type (a decimal's scale becomes at most `scale`).
///
/// ```
/// use ember::{bind, col, round, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("d", DataType::Double)]);
/// let b = bind(&round(col("d"), 2), &schema)?;
/// assert_eq!(b.name, "round(d, 2)");
/// assert_eq!((b.eval)(&Row::new(vec![Value::Double(2.675)])), Ok(Value::Double(2.68)));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn round(e: impl Into<Expr>, scale: i32) -> Expr {
    scalar("round", vec![e.into(), Expr::Literal(Value::Int(scale))])
}

/// `bround(e, scale)`: as [`round`], but half to even (banker's rounding).
pub fn bround(e: impl Into<Expr>, scale: i32) -> Expr {
    scalar("bround", vec![e.into(), Expr::Literal(Value::Int(scale))])
}

/// `floor(e)`: the largest integer not above `e`, a `bigint` (of a decimal, a decimal; Spark
/// names it `FLOOR(e)`).
pub fn floor(e: impl Into<Expr>) -> Expr {
    scalar("floor", vec![e.into()])
}

/// `ceil(e)`: the smallest integer not below `e`, a `bigint` (of a decimal, a decimal; Spark
/// names it `CEIL(e)`).
pub fn ceil(e: impl Into<Expr>) -> Expr {
    scalar("ceil", vec![e.into()])
}

/// `floor(e, scale)`: `e` rounded down to `scale` decimal places, a decimal.
///
/// ```
/// use ember::{bind, col, floor_with_scale, DataType, Decimal, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("d", DataType::Double)]);
/// let b = bind(&floor_with_scale(col("d"), 1), &schema)?;
/// assert_eq!((b.name.as_str(), &b.data_type), ("floor(d, 1)", &DataType::Decimal(17, 1)));
/// let floor = (b.eval)(&Row::new(vec![Value::Double(-2.25)]));
/// assert_eq!(floor, Ok(Value::Decimal(Decimal::new(-23, 1))));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn floor_with_scale(e: impl Into<Expr>, scale: i32) -> Expr {
    scalar("floor", vec![e.into(), Expr::Literal(Value::Int(scale))])
}

/// `ceil(e, scale)`: `e` rounded up to `scale` decimal places, a decimal.
pub fn ceil_with_scale(e: impl Into<Expr>, scale: i32) -> Expr {
    scalar("ceil", vec![e.into(), Expr::Literal(Value::Int(scale))])
}

/// The rounding functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("round", &ROUND),
    Entry::scalar("bround", &BROUND),
    Entry::scalar_spelled("floor", Spelling::Custom(floor_or_ceil_sql), &FLOOR),
    Entry::scalar_spelled("ceil", Spelling::Custom(floor_or_ceil_sql), &CEIL),
    Entry::scalar("ceiling", &CEIL),
];

/// Spark's name of a `floor` or `ceil` call: in capitals with one argument (`FLOOR(d)`), as
/// called with a scale (`floor(d, 1)`).
fn floor_or_ceil_sql(name: &'static str, args: &[Expr]) -> String {
    if args.len() == 1 {
        call_sql(&name.to_ascii_uppercase(), args)
    } else {
        call_sql(name, args)
    }
}

/// How `round` and `bround` break ties.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Rounding {
    /// Away from zero: `round`.
    HalfUp,
    /// To the even neighbour: `bround`.
    HalfEven,
}

impl Rounding {
    /// Whether to round a magnitude up, given the first dropped digit, whether any later dropped
    /// digit is not zero, and whether the last kept digit is odd.
    fn up(self, first_dropped: u8, more: bool, odd: bool) -> bool {
        first_dropped > 5 || (first_dropped == 5 && (self == Rounding::HalfUp || more || odd))
    }
}

/// Where a number goes when digits are dropped: to the nearest (ties broken by a
/// [`Rounding`]), down (`floor`) or up (`ceil`).
#[derive(Clone, Copy, PartialEq)]
enum Direction {
    /// `round`, `bround`.
    Nearest(Rounding),
    /// `floor`.
    Floor,
    /// `ceil`.
    Ceiling,
}

/// `x / 10^places` rounded to an integer in `direction`, exactly.
fn round_places(x: i128, places: u32, direction: Direction) -> i128 {
    let Some(unit) = pow10(places) else {
        // 10^places > 2 × |x|: every `x` is below half a unit.
        return match direction {
            Direction::Floor if x < 0 => -1,
            Direction::Ceiling if x > 0 => 1,
            _ => 0,
        };
    };
    let (quotient, remainder) = (x / unit, x % unit);
    quotient
        + match direction {
            Direction::Floor => -i128::from(remainder < 0),
            Direction::Ceiling => i128::from(remainder > 0),
            Direction::Nearest(rounding) => {
                let (twice, unit) = (remainder.unsigned_abs() * 2, unit.unsigned_abs());
                let up = twice > unit
                    || (twice == unit && (rounding == Rounding::HalfUp || quotient % 2 != 0));
                if up {
                    x.signum()
                } else {
                    0
                }
            }
        }
}

/// Spark's overflow of `round` on integers (its message, unlike arithmetic's, is capitalised).
const ROUND_OVERFLOW: &str = "[ARITHMETIC_OVERFLOW] Overflow. If necessary set \
     \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22003";

/// `x` rounded to `scale` decimal places; the result may not fit the input's type.
fn round_integer(x: i64, scale: i32, rounding: Rounding) -> i128 {
    if scale >= 0 {
        return x.into();
    }
    let places = scale.unsigned_abs();
    match round_places(x.into(), places, Direction::Nearest(rounding)) {
        0 => 0,
        // Not zero only below 20 places (|x| < 2^63 < 10^19 / 2), where the product fits.
        quotient => quotient * 10i128.pow(places),
    }
}

/// The type of a `decimal(p,s)` rounded to `scale` places (Spark's `RoundBase`).
fn rounded_type((p, s): (u8, u8), scale: i32) -> (u8, u8) {
    let integral = i32::from(p) - i32::from(s) + 1;
    let (precision, to_scale) = if scale < 0 {
        (integral.max(1i32.saturating_sub(scale)), 0)
    } else {
        let to_scale = scale.min(i32::from(s));
        (integral + to_scale, to_scale)
    };
    (
        precision.min(i32::from(MAX_PRECISION)) as u8,
        to_scale as u8,
    )
}

/// The decimal `d` rounded to `scale` places in `direction`, as a value of `to`: the type
/// [`rounded_type`] gives, or for `floor`/`ceil` without a scale theirs.
fn round_decimal(
    d: crate::Decimal,
    scale: i32,
    direction: Direction,
    (precision, to_scale): (u8, u8),
) -> Result<Value, String> {
    let from = i32::from(d.scale());
    if scale >= from {
        return Ok(Value::Decimal(d));
    }
    let places = u32::try_from(i64::from(from) - i64::from(scale)).unwrap_or(u32::MAX);
    let rounded = round_places(d.unscaled(), places, direction);
    // The rounded number is `rounded × 10^-scale`; its type's scale is `to_scale`.
    let unscaled = match u32::try_from(i32::from(to_scale) - scale) {
        _ if rounded == 0 => Some(0),
        Ok(0) => Some(rounded),
        Ok(up) => pow10(up).and_then(|p| rounded.checked_mul(p)),
        Err(_) => None,
    };
    match unscaled {
        Some(u) if decimal_digits(u.unsigned_abs()) <= precision => {
            Ok(Value::Decimal(crate::Decimal::new(u, to_scale)))
        }
        _ => Err(rounded_out_of_range(rounded, scale, precision, to_scale)),
    }
}

/// An integer rounded to `scale` places as a value of its type, or Spark's overflow.
macro_rules! rounded_integer {
    ($x:expr, $scale:expr, $rounding:expr, $type:ty, $variant:path) => {
        <$type>::try_from(round_integer(i64::from($x), $scale, $rounding))
            .map($variant)
            .map_err(|_| ROUND_OVERFLOW.to_string())
    };
}

/// `round` or `bround`.
fn bind_round(call: &Call<'_>, rounding: Rounding) -> Result<BoundExpr> {
    let scale = match call.arg(1)? {
        Expr::Literal(_) => call.literal_int(1)?,
        other => {
            return Err(Error::Analysis(format!(
                "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{}\" due to data type \
                 mismatch: the input `scale` should be a foldable \"INT\" expression; however, \
                 got \"{}\". SQLSTATE: 42K09",
                call.name,
                sql(other)
            )))
        }
    };
    let arg = numeric_arg(call, 0, "\"NUMERIC\"")?;
    let (data_type, to) = match arg.data_type {
        DataType::Null => (DataType::Double, (0, 0)),
        DataType::Decimal(p, s) => {
            let (p, s) = rounded_type((p, s), scale);
            (DataType::Decimal(p, s), (p, s))
        }
        t => (t, (0, 0)),
    };
    let input = arg.eval;
    Ok(bound(
        call.name.clone(),
        data_type,
        arg.nullable,
        Arc::new(move |row: &Row| match input(row)? {
            Value::Byte(i) => rounded_integer!(i, scale, rounding, i8, Value::Byte),
            Value::Short(i) => rounded_integer!(i, scale, rounding, i16, Value::Short),
            Value::Int(i) => rounded_integer!(i, scale, rounding, i32, Value::Int),
            Value::Long(i) => rounded_integer!(i, scale, rounding, i64, Value::Long),
            Value::Float(f) => Ok(Value::Float(
                round_double(f64::from(f), scale, rounding) as f32
            )),
            Value::Double(d) => Ok(Value::Double(round_double(d, scale, rounding))),
            Value::Decimal(d) => round_decimal(d, scale, Direction::Nearest(rounding), to),
            _ => Ok(Value::Null),
        }),
    ))
}

/// Spark's default scale of `round` and `bround`: 0, shown in the name (`round(d, 0)`).
fn scale_zero(args: &mut Vec<Expr>) {
    if args.len() == 1 {
        args.push(Expr::Literal(Value::Int(0)));
    }
}

static ROUND: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: scale_zero,
    bind: |call| bind_round(call, Rounding::HalfUp),
};

static BROUND: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: scale_zero,
    bind: |call| bind_round(call, Rounding::HalfEven),
};

/// `floor` or `ceil`: of one number an integer, a `bigint` (a decimal of a decimal); with a
/// scale a decimal.
fn bind_floor_or_ceil(call: &Call<'_>, direction: Direction) -> Result<BoundExpr> {
    if call.args.len() > 1 {
        return bind_floor_or_ceil_to_scale(call, direction);
    }
    let arg = numeric_arg(call, 0, "(\"DOUBLE\" or \"DECIMAL\" or \"BIGINT\")")?;
    let data_type = match arg.data_type {
        DataType::Decimal(p, 0) => DataType::Decimal(p, 0),
        DataType::Decimal(p, s) => DataType::Decimal(rounded_type((p, s), 0).0, 0),
        _ => DataType::Long,
    };
    let to = match data_type {
        DataType::Decimal(p, s) => (p, s),
        _ => (0, 0),
    };
    let f = if direction == Direction::Floor {
        f64::floor
    } else {
        f64::ceil
    };
    let input = arg.eval;
    Ok(bound(
        call.name.clone(),
        data_type,
        arg.nullable,
        Arc::new(move |row: &Row| match input(row)? {
            Value::Byte(i) => Ok(Value::Long(i64::from(i))),
            Value::Short(i) => Ok(Value::Long(i64::from(i))),
            Value::Int(i) => Ok(Value::Long(i64::from(i))),
            Value::Long(i) => Ok(Value::Long(i)),
            Value::Float(x) => double_to_long(f(f64::from(x))).map(Value::Long),
            Value::Double(d) => double_to_long(f(d)).map(Value::Long),
            Value::Decimal(d) => round_decimal(d, 0, direction, to),
            _ => Ok(Value::Null),
        }),
    ))
}

/// `floor(x, scale)` or `ceil(x, scale)` (Spark's `RoundFloor` and `RoundCeil`): `x` as a
/// decimal, rounded down or up to `scale` places.
fn bind_floor_or_ceil_to_scale(call: &Call<'_>, direction: Direction) -> Result<BoundExpr> {
    let Expr::Literal(Value::Int(scale)) = call.arg(1)? else {
        return Err(Error::Analysis(format!(
            "[NON_FOLDABLE_ARGUMENT] The function `{}` requires the parameter `scale` to be a \
             foldable expression of the type \"INT\", but the actual argument is a \
             non-foldable. SQLSTATE: 42K08",
            call.function
        )));
    };
    let scale = *scale;
    let arg = call.bind_arg(0)?;
    let input_type = match &arg.data_type {
        DataType::Float => (14, 7),
        DataType::Double => (30, 15),
        DataType::String | DataType::Null => (38, 18),
        t => integral_decimal(t).ok_or_else(|| {
            unexpected_input_type(&call.name, 0, "\"DECIMAL\"", &sql(&call.args[0]), t)
        })?,
    };
    let to = rounded_type(input_type, scale);
    let input = decimal_input(arg, input_type);
    Ok(bound(
        call.name.clone(),
        DataType::Decimal(to.0, to.1),
        true,
        Arc::new(move |row: &Row| match input(row)? {
            Value::Decimal(d) => round_decimal(d, scale, direction, to),
            _ => Ok(Value::Null),
        }),
    ))
}

/// The values of `arg` cast to `decimal(p,s)`, as Spark casts the input of `floor` and `ceil`
/// with a scale: NaN and infinities are `NULL`, a number too wide is the cast's error.
fn decimal_input(arg: BoundExpr, (p, s): (u8, u8)) -> Evaluator {
    let eval = arg.eval;
    let finite: Evaluator = Arc::new(move |row: &Row| {
        Ok(match eval(row)? {
            Value::Double(d) if !d.is_finite() => Value::Null,
            Value::Float(f) if !f.is_finite() => Value::Null,
            v => v,
        })
    });
    cast_evaluator(finite, arg.data_type, DataType::Decimal(p, s))
}

/// A whole `double` as a `bigint`, as Spark's `floor` and `ceil` convert it: NaN is 0, and
/// beyond the `bigint` range is `[ARITHMETIC_OVERFLOW]`.
fn double_to_long(d: f64) -> Result<i64, String> {
    const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;
    if d.is_nan() {
        Ok(0)
    } else if (-TWO_TO_63..TWO_TO_63).contains(&d) {
        Ok(d as i64)
    } else {
        Err(overflow(None))
    }
}

static FLOOR: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: no_defaults,
    bind: |call| bind_floor_or_ceil(call, Direction::Floor),
};

static CEIL: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: no_defaults,
    bind: |call| bind_floor_or_ceil(call, Direction::Ceiling),
};

/// `x` rounded to `scale` decimal places, as Spark rounds the decimal of `Double.toString`
/// (`BigDecimal(x).setScale(scale, mode).toDouble`): NaN and infinities stay, zero is `0.0`.
fn round_double(x: f64, scale: i32, rounding: Rounding) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return if x == 0.0 { 0.0 } else { x };
    }
    let shortest = Digits::shortest(x.abs());
    let kept = shortest.exponent + 1 + i64::from(scale);
    if kept >= shortest.digits.len() as i64 {
        return x;
    }
    let rounded = shortest.round(kept, rounding);
    if rounded.digits.is_empty() {
        return 0.0;
    }
    rounded.to_f64().copysign(x)
}

/// A positive decimal number: its significant digits `d1 d2 ...` (none for zero) and the
/// power of ten of `d1`, the value being `d1.d2d3... * 10^exponent`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Digits {
    /// The digits, each 0-9.
    pub digits: Vec<u8>,
    /// The power of ten of the first digit.
    pub exponent: i64,
}

impl Digits {
    /// The shortest decimal that reads back as the positive finite `x`: the digits of Java's
    /// `Double.toString`, which Spark's `round` and Java's `Formatter` round.
    pub fn shortest(x: f64) -> Digits {
        let (digits, exponent) = shortest_double_digits(x);
        Digits {
            digits: digits.bytes().map(|b| b - b'0').collect(),
            exponent: i64::from(exponent),
        }
    }

    /// The decimal rounded to its first `kept` digits (`kept` may be 0 or negative: the digits
    /// are then all below the rounding position).
    pub fn round(&self, kept: i64, rounding: Rounding) -> Digits {
        if kept >= self.digits.len() as i64 {
            return self.clone();
        }
        if kept < 0 {
            return Digits {
                digits: vec![],
                exponent: self.exponent,
            };
        }
        let kept = kept as usize;
        let odd = kept > 0 && self.digits[kept - 1] % 2 == 1;
        let more = self.digits[kept + 1..].iter().any(|d| *d != 0);
        let mut digits = self.digits[..kept].to_vec();
        let mut exponent = self.exponent;
        if rounding.up(self.digits[kept], more, odd) {
            let mut i = digits.len();
            loop {
                if i == 0 {
                    digits.insert(0, 1);
                    exponent += 1;
                    break;
                }
                i -= 1;
                if digits[i] == 9 {
                    digits[i] = 0;
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Digits { digits, exponent }
    }

    /// The nearest `f64`.
    fn to_f64(&self) -> f64 {
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let exponent = self.exponent - (self.digits.len() as i64 - 1);
        format!("{digits}e{exponent}")
            .parse()
            .expect("a decimal in scientific notation parses")
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, decimal, decimals, error};
    use super::*;
    use crate::Value::{Byte, Double, Float, Int, Long, Null, Short};

    // Expected names, types, values and messages from PySpark 4.3 (`spark.sql("select ...")`
    // over the table of `test_support`).

    #[test]
    fn round_half_up_and_half_even() {
        check(
            "round(d)",
            "round(d, 0)",
            "double",
            &[Double(3.0), Double(0.0), Null, Double(f64::NAN)],
        );
        check(
            "round(d, 1)",
            "round(d, 1)",
            "double",
            &[Double(2.5), Double(0.0), Null, Double(f64::NAN)],
        );
        check(
            "round(d, -1)",
            "round(d, -1)",
            "double",
            &[Double(0.0), Double(0.0), Null, Double(f64::NAN)],
        );
        check(
            "round(i)",
            "round(i, 0)",
            "int",
            &[Int(1), Int(-7), Null, Int(i32::MAX)],
        );
        check(
            "round(i, 1)",
            "round(i, 1)",
            "int",
            &[Int(1), Int(-7), Null, Int(i32::MAX)],
        );
        check("round(NULL)", "round(NULL, 0)", "double", &vec![Null; 4]);
        for (call, name, expected) in [
            ("round(2.5D)", "round(2.5, 0)", 3.0),
            ("round(-2.5D)", "round(-2.5, 0)", -3.0),
            ("round(3.5D)", "round(3.5, 0)", 4.0),
            ("bround(2.5D)", "bround(2.5, 0)", 2.0),
            ("bround(-2.5D)", "bround(-2.5, 0)", -2.0),
            ("bround(3.5D)", "bround(3.5, 0)", 4.0),
            ("round(1.2345D, 2)", "round(1.2345, 2)", 1.23),
            ("round(1.0E300, -300)", "round(1.0E300, -300)", 1e300),
            ("round(1.15D, 1)", "round(1.15, 1)", 1.2),
            ("round(2.675D, 2)", "round(2.675, 2)", 2.68),
            ("round(123.456D, 10)", "round(123.456, 10)", 123.456),
            ("round(0.285D, 2)", "round(0.285, 2)", 0.29),
            ("round(1.005D, 2)", "round(1.005, 2)", 1.01),
            ("bround(0.125D, 2)", "bround(0.125, 2)", 0.12),
            ("bround(2.5E-5, 5)", "bround(2.5E-5, 5)", 2e-05),
            ("round(-1.5D)", "round(-1.5, 0)", -2.0),
            (
                "round(1234567.891D, -3)",
                "round(1234567.891, -3)",
                1235000.0,
            ),
            ("round(4.9E-324, 300)", "round(4.9E-324, 300)", 0.0),
            (
                "round(1.7976931348623157E308, -308)",
                "round(1.7976931348623157E308, -308)",
                f64::INFINITY,
            ),
        ] {
            check(call, name, "double", &vec![Double(expected); 4]);
        }
        for (call, expected) in [
            ("round(125, -1)", 130),
            ("bround(125, -1)", 120),
            ("bround(135, -1)", 140),
            ("round(-125, -1)", -130),
            ("bround(-125, -1)", -120),
        ] {
            check(call, call, "int", &vec![Int(expected); 4]);
        }
        let overflow = "[ARITHMETIC_OVERFLOW] Overflow. If necessary set \
                        \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: \
                        22003";
        assert_eq!(error("round(i, -1)"), overflow);
        assert_eq!(error("bround(l, -1)"), overflow);
        assert_eq!(error("round(9223372036854775807L, -1)"), overflow);
        assert_eq!(
            error("round(i, i)"),
            "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"round(i, i)\" due to data \
             type mismatch: the input `scale` should be a foldable \"INT\" expression; however, \
             got \"i\". SQLSTATE: 42K09"
        );
        assert_eq!(
            error("round(b)"),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"round(b, 0)\" due to \
             data type mismatch: The first parameter requires the \"NUMERIC\" type, however \"b\" \
             has the type \"BOOLEAN\". SQLSTATE: 42K09"
        );
    }

    #[test]
    fn rounding_digits() {
        assert_eq!(
            round_integer(i64::MIN, -18, Rounding::HalfUp),
            -9_000_000_000_000_000_000
        );
        assert_eq!(round_integer(i64::MAX, -25, Rounding::HalfUp), 0);
        assert_eq!(round_integer(15, -1, Rounding::HalfEven), 20);
        assert_eq!(round_double(0.05, 1, Rounding::HalfUp), 0.1);
        assert_eq!(round_double(0.049, 1, Rounding::HalfUp), 0.0);
        assert_eq!(
            round_double(-0.4, 0, Rounding::HalfUp).to_bits(),
            0.0f64.to_bits()
        );
        assert_eq!(round_double(9.5, 0, Rounding::HalfEven), 10.0);
        assert_eq!(round_double(0.5, 0, Rounding::HalfEven), 0.0);
        assert_eq!(round_double(5.0, -1, Rounding::HalfEven), 0.0);
    }

    #[test]
    fn floor_and_ceil_are_bigints() {
        check(
            "floor(d)",
            "FLOOR(d)",
            "bigint",
            &[Long(2), Long(0), Null, Long(0)],
        );
        check(
            "floor(i)",
            "FLOOR(i)",
            "bigint",
            &[Long(1), Long(-7), Null, Long(2147483647)],
        );
        check(
            "ceil(d)",
            "CEIL(d)",
            "bigint",
            &[Long(3), Long(0), Null, Long(0)],
        );
        check(
            "ceiling(d)",
            "ceiling(d)",
            "bigint",
            &[Long(3), Long(0), Null, Long(0)],
        );
        check("CEIL(-0.5D)", "CEIL(-0.5)", "bigint", &vec![Long(0); 4]);
        assert_eq!(
            error("floor(1.0E20)"),
            "[ARITHMETIC_OVERFLOW] overflow. If necessary set \"spark.sql.ansi.enabled\" to \
             \"false\" to bypass this error. SQLSTATE: 22003"
        );
        assert_eq!(
            error("floor(b)"),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"FLOOR(b)\" due to data \
             type mismatch: The first parameter requires the (\"DOUBLE\" or \"DECIMAL\" or \
             \"BIGINT\") type, however \"b\" has the type \"BOOLEAN\". SQLSTATE: 42K09"
        );
    }

    #[test]
    fn round_keeps_the_type_of_every_number() {
        check(
            "round(y)",
            "round(y, 0)",
            "tinyint",
            &[Byte(1), Byte(-7), Null, Byte(127)],
        );
        check(
            "round(h)",
            "round(h, 0)",
            "smallint",
            &[Short(1), Short(-7), Null, Short(32767)],
        );
        check(
            "round(f)",
            "round(f, 0)",
            "float",
            &[Float(3.0), Float(-7.0), Null, Float(f32::NAN)],
        );
        check(
            "round(f, 1)",
            "round(f, 1)",
            "float",
            &[Float(2.5), Float(-7.3), Null, Float(f32::NAN)],
        );
        check(
            "round(f, -1)",
            "round(f, -1)",
            "float",
            &[Float(0.0), Float(-10.0), Null, Float(f32::NAN)],
        );
        // A float is rounded as its double: 0.1F is 0.10000000149011612, 1.45F 1.4500000476837158.
        for (call, name, data_type, value) in [
            ("round(0.1F, 1)", "round(0.1, 1)", "float", Float(0.1)),
            ("bround(1.45F, 1)", "bround(1.45, 1)", "float", Float(1.5)),
            ("bround(2.5F)", "bround(2.5, 0)", "float", Float(2.0)),
        ] {
            check(call, name, data_type, &vec![value; 4]);
        }
        let overflow = "[ARITHMETIC_OVERFLOW] Overflow. If necessary set \
                        \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: \
                        22003";
        assert_eq!(error("round(y, -1)"), overflow);
        assert_eq!(error("round(h, -1)"), overflow);
        assert_eq!(error("round(127Y, -1)"), overflow);
    }

    #[test]
    fn round_of_a_decimal_is_a_decimal_of_its_scale() {
        for (call, name, data_type, values) in [
            (
                "round(m)",
                "round(m, 0)",
                "decimal(9,0)",
                ["1", "-8", "NULL", "100000000"],
            ),
            (
                "round(m, 1)",
                "round(m, 1)",
                "decimal(10,1)",
                ["1.3", "-7.5", "NULL", "100000000.0"],
            ),
            (
                "bround(m, 1)",
                "bround(m, 1)",
                "decimal(10,1)",
                ["1.2", "-7.5", "NULL", "100000000.0"],
            ),
            (
                "round(m, -1)",
                "round(m, -1)",
                "decimal(9,0)",
                ["0", "-10", "NULL", "100000000"],
            ),
            (
                "round(m, 5)",
                "round(m, 5)",
                "decimal(11,2)",
                ["1.25", "-7.50", "NULL", "99999999.99"],
            ),
            (
                "round(m, -50)",
                "round(m, -50)",
                "decimal(38,0)",
                ["0", "0", "NULL", "0"],
            ),
        ] {
            check(call, name, data_type, &decimals(values));
        }
        for call in ["round(m, 1Y)", "round(m, 1L)"] {
            check(
                call,
                "round(m, 1)",
                "decimal(10,1)",
                &[
                    decimal("1.3"),
                    decimal("-7.5"),
                    Null,
                    decimal("100000000.0"),
                ],
            );
        }
        for (call, name, data_type, value) in [
            ("round(2.5)", "round(2.5, 0)", "decimal(2,0)", decimal("3")),
            (
                "round(-2.5)",
                "round(-2.5, 0)",
                "decimal(2,0)",
                decimal("-3"),
            ),
            (
                "bround(2.5)",
                "bround(2.5, 0)",
                "decimal(2,0)",
                decimal("2"),
            ),
            (
                "round(9.99, 0)",
                "round(9.99, 0)",
                "decimal(2,0)",
                decimal("10"),
            ),
            (
                "round(99999999.99BD, -9)",
                "round(99999999.99, -9)",
                "decimal(10,0)",
                decimal("0"),
            ),
        ] {
            check(call, name, data_type, &vec![value; 4]);
        }
        assert_eq!(
            error("round(99999999999999999999999999999999999999BD, -1)"),
            "[NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION]  The \
             100000000000000000000000000000000000000 rounded half up from \
             1.0000000000000000000000000000000000000E+38 cannot be represented as Decimal(38, \
             0). SQLSTATE: 22003"
        );
        assert_eq!(
            error("bround(99999999999999999999999999999999999995BD, -1)"),
            "[NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION]  The \
             100000000000000000000000000000000000000 rounded half up from \
             1.0000000000000000000000000000000000000E+38 cannot be represented as Decimal(38, \
             0). SQLSTATE: 22003"
        );
    }

    #[test]
    fn floor_and_ceil_of_every_number() {
        check(
            "floor(y)",
            "FLOOR(y)",
            "bigint",
            &[Long(1), Long(-7), Null, Long(127)],
        );
        check(
            "floor(h)",
            "FLOOR(h)",
            "bigint",
            &[Long(1), Long(-7), Null, Long(32767)],
        );
        check(
            "ceil(y)",
            "CEIL(y)",
            "bigint",
            &[Long(1), Long(-7), Null, Long(127)],
        );
        check(
            "floor(f)",
            "FLOOR(f)",
            "bigint",
            &[Long(2), Long(-8), Null, Long(0)],
        );
        check(
            "ceil(f)",
            "CEIL(f)",
            "bigint",
            &[Long(3), Long(-7), Null, Long(0)],
        );
        for (call, name, data_type, value) in [
            ("floor(-0.5F)", "FLOOR(-0.5)", "bigint", Long(-1)),
            ("ceil(-0.5F)", "CEIL(-0.5)", "bigint", Long(0)),
            (
                "floor(3.0E9F)",
                "FLOOR(3.0E9)",
                "bigint",
                Long(3_000_000_000),
            ),
            ("floor(NULL)", "FLOOR(NULL)", "bigint", Null),
        ] {
            check(call, name, data_type, &vec![value; 4]);
        }
        assert_eq!(
            error("floor(1.0E20F)"),
            "[ARITHMETIC_OVERFLOW] overflow. If necessary set \"spark.sql.ansi.enabled\" to \
             \"false\" to bypass this error. SQLSTATE: 22003"
        );
        for (call, name, data_type, values) in [
            (
                "floor(m)",
                "FLOOR(m)",
                "decimal(9,0)",
                ["1", "-8", "NULL", "99999999"],
            ),
            (
                "Floor(m)",
                "FLOOR(m)",
                "decimal(9,0)",
                ["1", "-8", "NULL", "99999999"],
            ),
            (
                "ceil(m)",
                "CEIL(m)",
                "decimal(9,0)",
                ["2", "-7", "NULL", "100000000"],
            ),
        ] {
            check(call, name, data_type, &decimals(values));
        }
        check(
            "floor(9.99)",
            "FLOOR(9.99)",
            "decimal(2,0)",
            &vec![decimal("9"); 4],
        );
        check(
            "ceil(5BD)",
            "CEIL(5)",
            "decimal(1,0)",
            &vec![decimal("5"); 4],
        );
    }

    #[test]
    fn floor_and_ceil_to_a_scale_are_decimals() {
        for (call, name, data_type, values) in [
            (
                "floor(d, 1)",
                "floor(d, 1)",
                "decimal(17,1)",
                ["2.5", "0.0", "NULL", "NULL"],
            ),
            (
                "ceil(d, 1)",
                "ceil(d, 1)",
                "decimal(17,1)",
                ["2.5", "0.0", "NULL", "NULL"],
            ),
            (
                "floor(d, 20)",
                "floor(d, 20)",
                "decimal(31,15)",
                ["2.500000000000000", "0.000000000000000", "NULL", "NULL"],
            ),
            (
                "floor(f, 1)",
                "floor(f, 1)",
                "decimal(9,1)",
                ["2.5", "-7.3", "NULL", "NULL"],
            ),
            (
                "floor(f, 10)",
                "floor(f, 10)",
                "decimal(15,7)",
                ["2.5000000", "-7.2500000", "NULL", "NULL"],
            ),
            (
                "ceil(f, -1)",
                "ceil(f, -1)",
                "decimal(8,0)",
                ["10", "0", "NULL", "NULL"],
            ),
            (
                "floor(m, 1)",
                "floor(m, 1)",
                "decimal(10,1)",
                ["1.2", "-7.5", "NULL", "99999999.9"],
            ),
            (
                "FLOOR(m, 1)",
                "floor(m, 1)",
                "decimal(10,1)",
                ["1.2", "-7.5", "NULL", "99999999.9"],
            ),
            (
                "floor(m, -1)",
                "floor(m, -1)",
                "decimal(9,0)",
                ["0", "-10", "NULL", "99999990"],
            ),
            (
                "floor(m, 50)",
                "floor(m, 50)",
                "decimal(11,2)",
                ["1.25", "-7.50", "NULL", "99999999.99"],
            ),
        ] {
            check(call, name, data_type, &decimals(values));
        }
        for call in ["ceil(m, 1)", "CEIL(m, 1)", "ceiling(m, 1)"] {
            check(
                call,
                &call.to_ascii_lowercase(),
                "decimal(10,1)",
                &[
                    decimal("1.3"),
                    decimal("-7.5"),
                    Null,
                    decimal("100000000.0"),
                ],
            );
        }
        for (call, name, data_type, values) in [
            (
                "floor(i, 1)",
                "floor(i, 1)",
                "decimal(11,0)",
                ["1", "-7", "NULL", "2147483647"],
            ),
            (
                "floor(i, -1)",
                "floor(i, -1)",
                "decimal(11,0)",
                ["0", "-10", "NULL", "2147483640"],
            ),
            (
                "ceil(i, -1)",
                "ceil(i, -1)",
                "decimal(11,0)",
                ["10", "0", "NULL", "2147483650"],
            ),
            (
                "floor(l, -1)",
                "floor(l, -1)",
                "decimal(21,0)",
                ["10", "-10", "NULL", "9223372036854775800"],
            ),
            (
                "floor(y, -1)",
                "floor(y, -1)",
                "decimal(4,0)",
                ["0", "-10", "NULL", "120"],
            ),
        ] {
            check(call, name, data_type, &decimals(values));
        }
        for (call, name, data_type, value) in [
            (
                "floor(2.5, 0)",
                "floor(2.5, 0)",
                "decimal(2,0)",
                decimal("2"),
            ),
            (
                "floor('2.5', 1)",
                "floor(2.5, 1)",
                "decimal(22,1)",
                decimal("2.5"),
            ),
            ("floor(NULL, 1)", "floor(NULL, 1)", "decimal(22,1)", Null),
            ("ceil(NULL, -1)", "ceil(NULL, -1)", "decimal(21,0)", Null),
            (
                "floor(1.0E14, 1)",
                "floor(1.0E14, 1)",
                "decimal(17,1)",
                decimal("100000000000000.0"),
            ),
        ] {
            check(call, name, data_type, &vec![value; 4]);
        }
        assert_eq!(
            error("floor(1.0E20, 1)"),
            "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  100000000000000000000 cannot be \
             represented as Decimal(30, 15). If necessary set \"spark.sql.ansi.enabled\" to \
             \"false\" to bypass this error, and return NULL instead. SQLSTATE: 22003"
        );
        assert_eq!(
            error("floor(m, -50)"),
            "[NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION]  The \
             -100000000000000000000000000000000000000000000000000 rounded half up from -1E+50 \
             cannot be represented as Decimal(38, 0). SQLSTATE: 22003"
        );
        assert_eq!(
            error("floor(-99999999999999999999999999999999999999BD, -1)"),
            "[NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION]  The \
             -100000000000000000000000000000000000000 rounded half up from \
             -1.0000000000000000000000000000000000000E+38 cannot be represented as Decimal(38, \
             0). SQLSTATE: 22003"
        );
        assert_eq!(
            error("floor(s, 1)"),
            "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \
             \"DECIMAL(38,18)\" because it is malformed. Correct the value as per the syntax, or \
             change its target type. Use `try_cast` to tolerate malformed input and return NULL \
             instead. SQLSTATE: 22018"
        );
        assert_eq!(
            error("floor(b, 1)"),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"floor(b, 1)\" due to \
             data type mismatch: The first parameter requires the \"DECIMAL\" type, however \"b\" \
             has the type \"BOOLEAN\". SQLSTATE: 42K09"
        );
        for call in [
            "floor(d, i)",
            "floor(i, 'a')",
            "floor(i, 1L)",
            "floor(i, 1Y)",
            "floor(i, NULL)",
        ] {
            assert_eq!(
                error(call),
                "[NON_FOLDABLE_ARGUMENT] The function `floor` requires the parameter `scale` to \
                 be a foldable expression of the type \"INT\", but the actual argument is a \
                 non-foldable. SQLSTATE: 42K08",
                "{call}"
            );
        }
    }

    #[test]
    fn digits_round_in_every_direction() {
        let (up, even) = (
            Direction::Nearest(Rounding::HalfUp),
            Direction::Nearest(Rounding::HalfEven),
        );
        assert_eq!(round_places(-25, 1, up), -3);
        assert_eq!(round_places(-25, 1, even), -2);
        assert_eq!(round_places(-21, 1, Direction::Floor), -3);
        assert_eq!(round_places(-29, 1, Direction::Ceiling), -2);
        assert_eq!(round_places(20, 1, Direction::Ceiling), 2);
        assert_eq!(round_places(i128::MAX, 39, up), 0);
        assert_eq!(round_places(-1, 60, Direction::Floor), -1);
        assert_eq!(round_places(1, 60, Direction::Ceiling), 1);
        assert_eq!(rounded_type((10, 2), 1), (10, 1));
        assert_eq!(rounded_type((10, 2), -1), (9, 0));
        assert_eq!(rounded_type((10, 2), i32::MIN), (38, 0));
    }
}
