//! The math functions: `abs`, `round`, `bround`, `floor`, `ceil`/`ceiling`, `sqrt`,
//! `pow`/`power`, `exp`, `log`, `ln`, `log10`, `log2`, `pmod`, `signum`/`sign`, `e`.
//!
//! Spark computes most of them on `double`s, casting numbers and strings to `double` first
//! (`sqrt('4')` is `2.0`; `sqrt('x')` is `[CAST_INVALID_INPUT]`); `abs`, `round`, `bround` and
//! `pmod` keep their input's type, and `floor` and `ceil` give a `bigint`. Logarithms of zero
//! or negative numbers are `NULL`; `sqrt(-1)` is NaN. `round` of a `double` rounds its shortest
//! decimal form, as Spark does (`round(2.675, 2)` is `2.68`, where the binary value is just
//! below 2.675).

use super::{no_defaults, scalar, Arity, Call, Entry, ScalarFunction, Spelling};
use crate::display::shortest_double_digits;
use crate::error::{Error, Result};
use crate::expr::bind::REMAINDER_BY_ZERO;
use crate::expr::bind::{bound, null_in_null_out, overflow, BoundExpr, Evaluator};
use crate::expr::cast::cast_evaluator;
use crate::expr::name::sql;
use crate::expr::types::{binary_diff_types, unexpected_input_type, wider_type};
use crate::expr::Expr;
use crate::{DataType, Row, Value};
use std::sync::Arc;

/// `abs(e)`: the absolute value, of the input's type (`abs` of the smallest `int` overflows).
pub fn abs(e: impl Into<Expr>) -> Expr {
    scalar("abs", vec![e.into()])
}

/// `round(e, scale)`: `e` rounded half up to `scale` decimal places (a negative scale rounds to
/// tens, hundreds, ...), of the input's type.
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

/// `floor(e)`: the largest integer not above `e`, a `bigint` (Spark names it `FLOOR(e)`).
pub fn floor(e: impl Into<Expr>) -> Expr {
    scalar("floor", vec![e.into()])
}

/// `ceil(e)`: the smallest integer not below `e`, a `bigint` (Spark names it `CEIL(e)`).
pub fn ceil(e: impl Into<Expr>) -> Expr {
    scalar("ceil", vec![e.into()])
}

/// `sqrt(e)`: the square root, a `double` (NaN for negative numbers).
pub fn sqrt(e: impl Into<Expr>) -> Expr {
    scalar("sqrt", vec![e.into()])
}

/// `power(base, exponent)`: `base` to the power `exponent`, a `double`.
pub fn pow(base: impl Into<Expr>, exponent: impl Into<Expr>) -> Expr {
    // PySpark's `pow` calls `power`, and so names its column `POWER(x, 2)`.
    scalar("power", vec![base.into(), exponent.into()])
}

/// `exp(e)`: e to the power `e`, a `double`.
pub fn exp(e: impl Into<Expr>) -> Expr {
    scalar("exp", vec![e.into()])
}

/// `ln(e)`: the natural logarithm, a `double`; `NULL` for zero and negative numbers.
pub fn ln(e: impl Into<Expr>) -> Expr {
    scalar("ln", vec![e.into()])
}

/// `log(base, e)`: the logarithm of `e` in `base`; `NULL` when either is zero or negative.
pub fn log(base: impl Into<Expr>, e: impl Into<Expr>) -> Expr {
    scalar("log", vec![base.into(), e.into()])
}

/// `log10(e)`: the base-10 logarithm; `NULL` for zero and negative numbers.
pub fn log10(e: impl Into<Expr>) -> Expr {
    scalar("log10", vec![e.into()])
}

/// `log2(e)`: the base-2 logarithm; `NULL` for zero and negative numbers.
pub fn log2(e: impl Into<Expr>) -> Expr {
    scalar("log2", vec![e.into()])
}

/// `pmod(a, n)`: the positive remainder of `a` divided by `n`, of their common type.
pub fn pmod(a: impl Into<Expr>, n: impl Into<Expr>) -> Expr {
    scalar("pmod", vec![a.into(), n.into()])
}

/// `signum(e)`: -1.0, 0.0 or 1.0 by the sign of `e` (NaN for NaN; `-0.0` stays `-0.0`).
pub fn signum(e: impl Into<Expr>) -> Expr {
    scalar("signum", vec![e.into()])
}

/// The math functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("abs", &ABS),
    Entry::scalar("round", &ROUND),
    Entry::scalar("bround", &BROUND),
    Entry::scalar_spelled("floor", Spelling::As("FLOOR"), &FLOOR),
    Entry::scalar_spelled("ceil", Spelling::As("CEIL"), &CEIL),
    Entry::scalar("ceiling", &CEIL),
    Entry::scalar_spelled("sqrt", Spelling::As("SQRT"), &SQRT),
    Entry::scalar("pow", &POW),
    Entry::scalar_spelled("power", Spelling::As("POWER"), &POW),
    Entry::scalar_spelled("exp", Spelling::As("EXP"), &EXP),
    Entry::scalar_spelled("log", Spelling::As("LOG"), &LOG),
    Entry::scalar("ln", &LN),
    Entry::scalar_spelled("log10", Spelling::As("LOG10"), &LOG10),
    Entry::scalar_spelled("log2", Spelling::As("LOG2"), &LOG2),
    Entry::scalar("pmod", &PMOD),
    Entry::scalar_spelled("signum", Spelling::As("SIGNUM"), &SIGNUM),
    Entry::scalar("sign", &SIGNUM),
    Entry::scalar_spelled("e", Spelling::As("E"), &E),
];

/// The types Spark names in the messages of functions computed on `double`s.
const DOUBLE: &str = "\"DOUBLE\"";

/// Whether the math functions compute on values of the type as they are: the numeric types
/// their evaluators match (`int`, `bigint`, `double`) and `NULL`. Others (`float`, `decimal`,
/// ...) are refused rather than computed as `NULL`.
fn computed(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Integer | DataType::Long | DataType::Double | DataType::Null
    )
}

/// Argument `index` of `call` as a number: numbers and `NULL` as they are, strings cast to
/// `double` (Spark's implicit cast); anything else fails naming `required`, Spark's rendering
/// of the types the function takes.
fn numeric_arg(call: &Call<'_>, index: usize, required: &str) -> Result<BoundExpr> {
    let arg = call.bind_arg(index)?;
    match &arg.data_type {
        t if computed(t) => Ok(arg),
        DataType::String => Ok(BoundExpr {
            eval: cast_evaluator(arg.eval, DataType::String, DataType::Double),
            data_type: DataType::Double,
            ..arg
        }),
        other => Err(unexpected_input_type(
            &call.name,
            index,
            required,
            &sql(call.arg(index)?),
            other,
        )),
    }
}

/// Argument `index` of `call` cast to `double` (`Value::Double` or `Value::Null`), as the
/// functions computed on doubles take it.
pub(super) fn double_arg(call: &Call<'_>, index: usize, required: &str) -> Result<Evaluator> {
    let arg = numeric_arg(call, index, required)?;
    Ok(cast_evaluator(arg.eval, arg.data_type, DataType::Double))
}

/// A function of one `double`, giving a `double` or (`None`) `NULL`.
fn bind_double_function(call: &Call<'_>, f: fn(f64) -> Option<f64>) -> Result<BoundExpr> {
    let input = double_arg(call, 0, DOUBLE)?;
    Ok(bound(
        call.name.clone(),
        DataType::Double,
        true,
        Arc::new(move |row: &Row| {
            Ok(match input(row)? {
                Value::Double(x) => f(x).map_or(Value::Null, Value::Double),
                _ => Value::Null,
            })
        }),
    ))
}

/// A one-argument function computed on a `double`.
macro_rules! double_function {
    ($f:expr) => {
        ScalarFunction {
            arity: Arity::exactly(1),
            defaults: no_defaults,
            bind: |call| bind_double_function(call, $f),
        }
    };
}

static SQRT: ScalarFunction = double_function!(|x| Some(x.sqrt()));
// Spark calls Java's `StrictMath`, which is fdlibm: so is `libm`, to the last bit, where the
// platform's `f64::exp` and `f64::ln` are sometimes one unit in the last place away.
static EXP: ScalarFunction = double_function!(|x| Some(libm::exp(x)));
static LN: ScalarFunction = double_function!(|x| positive(x).map(libm::log));
static LOG10: ScalarFunction = double_function!(|x| positive(x).map(libm::log10));
// Spark divides natural logarithms, which is not always a base-2 logarithm to the last bit.
static LOG2: ScalarFunction =
    double_function!(|x| positive(x).map(|x| libm::log(x) / libm::log(2.0)));
static SIGNUM: ScalarFunction = double_function!(|x| Some(if x == 0.0 || x.is_nan() {
    x
} else {
    x.signum()
}));

static E: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(0),
    defaults: no_defaults,
    bind: |call| {
        Ok(bound(
            call.name.clone(),
            DataType::Double,
            false,
            Arc::new(|_: &Row| Ok(Value::Double(std::f64::consts::E))),
        ))
    },
};

static LOG: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    // Spark's one-argument `log(x)` is `LOG(E(), x)`.
    defaults: |args| {
        if args.len() == 1 {
            args.insert(0, scalar("e", vec![]));
        }
    },
    bind: |call| {
        let natural =
            matches!(call.arg(0)?, Expr::Function { function, .. } if function.name() == "e");
        let (base, x) = (double_arg(call, 0, DOUBLE)?, double_arg(call, 1, DOUBLE)?);
        Ok(bound(
            call.name.clone(),
            DataType::Double,
            true,
            null_in_null_out(base, x, move |base, x| {
                Ok(match (base, x) {
                    (_, Value::Double(x)) if natural => positive(x).map(libm::log),
                    (Value::Double(base), Value::Double(x)) => positive(base)
                        .zip(positive(x))
                        .map(|(base, x)| libm::log(x) / libm::log(base)),
                    _ => None,
                }
                .map_or(Value::Null, Value::Double))
            }),
        ))
    },
};

/// `x` unless it is zero or negative (outside the domain of logarithms, where Spark gives
/// `NULL`; NaN stays NaN).
fn positive(x: f64) -> Option<f64> {
    (x > 0.0 || x.is_nan()).then_some(x)
}

static POW: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let (base, exponent) = (double_arg(call, 0, DOUBLE)?, double_arg(call, 1, DOUBLE)?);
        Ok(bound(
            call.name.clone(),
            DataType::Double,
            true,
            null_in_null_out(base, exponent, |base, exponent| match (base, exponent) {
                (Value::Double(b), Value::Double(e)) => Ok(Value::Double(libm::pow(b, e))),
                _ => Ok(Value::Null),
            }),
        ))
    },
};

static ABS: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let arg = numeric_arg(
            call,
            0,
            "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\")",
        )?;
        let data_type = match arg.data_type {
            DataType::Null => DataType::Double,
            t => t,
        };
        let input = arg.eval;
        Ok(bound(
            call.name.clone(),
            data_type,
            arg.nullable,
            Arc::new(move |row: &Row| match input(row)? {
                Value::Int(i) => i
                    .checked_abs()
                    .map(Value::Int)
                    .ok_or_else(|| overflow(None)),
                Value::Long(i) => i
                    .checked_abs()
                    .map(Value::Long)
                    .ok_or_else(|| overflow(None)),
                Value::Double(d) => Ok(Value::Double(d.abs())),
                _ => Ok(Value::Null),
            }),
        ))
    },
};

/// `floor` or `ceil` of a number, as a `bigint`.
fn bind_floor_or_ceil(call: &Call<'_>, f: fn(f64) -> f64) -> Result<BoundExpr> {
    if call.args.len() > 1 {
        return Err(Error::Analysis(format!(
            "[UNSUPPORTED_FEATURE] The feature is not supported: `{}` with a scale (a decimal \
             result), in \"{}\".",
            call.function, call.name
        )));
    }
    let arg = numeric_arg(call, 0, "(\"DOUBLE\" or \"DECIMAL\" or \"BIGINT\")")?;
    let input = arg.eval;
    Ok(bound(
        call.name.clone(),
        DataType::Long,
        arg.nullable,
        Arc::new(move |row: &Row| match input(row)? {
            Value::Int(i) => Ok(Value::Long(i64::from(i))),
            Value::Long(i) => Ok(Value::Long(i)),
            Value::Double(d) => double_to_long(f(d)).map(Value::Long),
            _ => Ok(Value::Null),
        }),
    ))
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
    bind: |call| bind_floor_or_ceil(call, f64::floor),
};

static CEIL: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: no_defaults,
    bind: |call| bind_floor_or_ceil(call, f64::ceil),
};

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

/// Spark's overflow of `round` on integers (its message, unlike arithmetic's, is capitalised).
const ROUND_OVERFLOW: &str = "[ARITHMETIC_OVERFLOW] Overflow. If necessary set \
     \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22003";

/// `x` rounded to `scale` decimal places; the result may not fit the input's type.
fn round_integer(x: i64, scale: i32, rounding: Rounding) -> i128 {
    let x = i128::from(x);
    if scale >= 0 {
        return x;
    }
    // Any |x| < 2^63 < 10^19 / 2 rounds to 0 at 20 or more places.
    let places = scale.unsigned_abs();
    if places >= 20 {
        return 0;
    }
    let unit = 10i128.pow(places);
    let (quotient, remainder) = (x / unit, (x % unit).abs());
    let tie = 2 * remainder;
    let up = tie > unit || (tie == unit && (rounding == Rounding::HalfUp || quotient % 2 != 0));
    (quotient + if up { x.signum() } else { 0 }) * unit
}

/// `x` rounded to `scale` decimal places, as Spark rounds the decimal of `Double.toString`
/// (`BigDecimal(x).setScale(scale, mode).toDouble`): NaN and infinities stay, zero is `0.0`.
fn round_double(x: f64, scale: i32, rounding: Rounding) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return if x == 0.0 { 0.0 } else { x };
    }
    let shortest = Decimal::shortest(x.abs());
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
pub(super) struct Decimal {
    /// The digits, each 0-9.
    pub digits: Vec<u8>,
    /// The power of ten of the first digit.
    pub exponent: i64,
}

impl Decimal {
    /// The shortest decimal that reads back as the positive finite `x`: the digits of Java's
    /// `Double.toString`, which Spark's `round` and Java's `Formatter` round.
    pub fn shortest(x: f64) -> Decimal {
        let (digits, exponent) = shortest_double_digits(x);
        Decimal {
            digits: digits.bytes().map(|b| b - b'0').collect(),
            exponent: i64::from(exponent),
        }
    }

    /// The decimal rounded to its first `kept` digits (`kept` may be 0 or negative: the digits
    /// are then all below the rounding position).
    pub fn round(&self, kept: i64, rounding: Rounding) -> Decimal {
        if kept >= self.digits.len() as i64 {
            return self.clone();
        }
        if kept < 0 {
            return Decimal {
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
        Decimal { digits, exponent }
    }

    fn to_f64(&self) -> f64 {
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let exponent = self.exponent - (self.digits.len() as i64 - 1);
        format!("{digits}e{exponent}")
            .parse()
            .expect("a decimal in scientific notation parses")
    }
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
    let data_type = match arg.data_type {
        DataType::Null => DataType::Double,
        t => t,
    };
    let input = arg.eval;
    Ok(bound(
        call.name.clone(),
        data_type,
        arg.nullable,
        Arc::new(move |row: &Row| match input(row)? {
            Value::Int(i) => i32::try_from(round_integer(i64::from(i), scale, rounding))
                .map(Value::Int)
                .map_err(|_| ROUND_OVERFLOW.to_string()),
            Value::Long(i) => i64::try_from(round_integer(i, scale, rounding))
                .map(Value::Long)
                .map_err(|_| ROUND_OVERFLOW.to_string()),
            Value::Double(d) => Ok(Value::Double(round_double(d, scale, rounding))),
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

/// Java's `a % n` made non-negative as Spark's `pmod` does: `(r + n) % n` for a negative `r`.
macro_rules! positive_remainder {
    ($a:expr, $n:expr, $variant:path) => {{
        let (a, n) = ($a, $n);
        if n == 0 {
            return Err(REMAINDER_BY_ZERO.to_string());
        }
        let r = a.wrapping_rem(n);
        Ok($variant(if r < 0 {
            r.wrapping_add(n).wrapping_rem(n)
        } else {
            r
        }))
    }};
}

static PMOD: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let (a, n) = (call.bind_arg(0)?, call.bind_arg(1)?);
        if !(computed(&a.data_type) && computed(&n.data_type)) {
            return Err(binary_diff_types(&call.name, &a.data_type, &n.data_type));
        }
        let data_type = match wider_type(&a.data_type, &n.data_type) {
            Some(DataType::Null) | None => DataType::Double,
            Some(t) => t,
        };
        let a = cast_evaluator(a.eval, a.data_type, data_type.clone());
        let n = cast_evaluator(n.eval, n.data_type, data_type.clone());
        Ok(bound(
            call.name.clone(),
            data_type,
            true,
            null_in_null_out(a, n, |a, n| match (a, n) {
                (Value::Int(a), Value::Int(n)) => positive_remainder!(a, n, Value::Int),
                (Value::Long(a), Value::Long(n)) => positive_remainder!(a, n, Value::Long),
                (Value::Double(a), Value::Double(n)) => {
                    if n == 0.0 {
                        return Err(REMAINDER_BY_ZERO.to_string());
                    }
                    let r = a % n;
                    Ok(Value::Double(if r < 0.0 { (r + n) % n } else { r }))
                }
                _ => Ok(Value::Null),
            }),
        ))
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, error};
    use super::*;
    use crate::Value::{Double, Int, Long, Null};

    // Expected names, types, values and messages from PySpark 4.3 (`spark.sql("select ...")`).

    #[test]
    fn abs_keeps_the_type() {
        check(
            "abs(i)",
            "abs(i)",
            "int",
            &[Int(1), Int(7), Null, Int(i32::MAX)],
        );
        check(
            "abs(l)",
            "abs(l)",
            "bigint",
            &[Long(10), Long(3), Null, Long(i64::MAX)],
        );
        check(
            "abs(d)",
            "abs(d)",
            "double",
            &[Double(2.5), Double(0.0), Null, Double(f64::NAN)],
        );
        check("abs('-3')", "abs(-3)", "double", &vec![Double(3.0); 4]);
        assert_eq!(
            error("abs(-2147483648)"),
            "[ARITHMETIC_OVERFLOW] overflow. If necessary set \"spark.sql.ansi.enabled\" to \
             \"false\" to bypass this error. SQLSTATE: 22003"
        );
        assert_eq!(
            error("abs(b)"),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"abs(b)\" due to data \
             type mismatch: The first parameter requires the (\"NUMERIC\" or \"INTERVAL DAY TO \
             SECOND\" or \"INTERVAL YEAR TO MONTH\") type, however \"b\" has the type \
             \"BOOLEAN\". SQLSTATE: 42K09"
        );
        assert!(error("abs(s)").starts_with(
            "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \
             \"DOUBLE\""
        ));
    }

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
            ("round(2.5)", "round(2.5, 0)", 3.0),
            ("round(-2.5)", "round(-2.5, 0)", -3.0),
            ("round(3.5)", "round(3.5, 0)", 4.0),
            ("bround(2.5)", "bround(2.5, 0)", 2.0),
            ("bround(-2.5)", "bround(-2.5, 0)", -2.0),
            ("bround(3.5)", "bround(3.5, 0)", 4.0),
            ("round(1.2345, 2)", "round(1.2345, 2)", 1.23),
            ("round(1.0E300, -300)", "round(1.0E300, -300)", 1e300),
            ("round(1.15, 1)", "round(1.15, 1)", 1.2),
            ("round(2.675, 2)", "round(2.675, 2)", 2.68),
            ("round(123.456, 10)", "round(123.456, 10)", 123.456),
            ("round(0.285, 2)", "round(0.285, 2)", 0.29),
            ("round(1.005, 2)", "round(1.005, 2)", 1.01),
            ("bround(0.125, 2)", "bround(0.125, 2)", 0.12),
            ("bround(2.5E-5, 5)", "bround(2.5E-5, 5)", 2e-05),
            ("round(-1.5)", "round(-1.5, 0)", -2.0),
            (
                "round(1234567.891, -3)",
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
        check("CEIL(-0.5)", "CEIL(-0.5)", "bigint", &vec![Long(0); 4]);
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
    fn functions_of_doubles() {
        let f = f64::NAN;
        check(
            "sqrt(d)",
            "SQRT(d)",
            "double",
            &[Double(1.5811388300841898), Double(-0.0), Null, Double(f)],
        );
        check(
            "sqrt(i)",
            "SQRT(i)",
            "double",
            &[Double(1.0), Double(f), Null, Double(46340.950001051984)],
        );
        check("sqrt('4')", "SQRT(4)", "double", &vec![Double(2.0); 4]);
        check(
            "pow(i, 2)",
            "pow(i, 2)",
            "double",
            &[
                Double(1.0),
                Double(49.0),
                Null,
                Double(4.6116860141324206e18),
            ],
        );
        check(
            "power(i, 2)",
            "POWER(i, 2)",
            "double",
            &[
                Double(1.0),
                Double(49.0),
                Null,
                Double(4.6116860141324206e18),
            ],
        );
        check(
            "POW(d, 0.5)",
            "pow(d, 0.5)",
            "double",
            &[Double(1.5811388300841898), Double(0.0), Null, Double(f)],
        );
        check(
            "exp(i)",
            "EXP(i)",
            "double",
            &[
                Double(2.7182818284590455),
                Double(0.0009118819655545162),
                Null,
                Double(f64::INFINITY),
            ],
        );
        check(
            "exp(d)",
            "EXP(d)",
            "double",
            &[Double(12.182493960703473), Double(1.0), Null, Double(f)],
        );
        check(
            "log(d)",
            "LOG(E(), d)",
            "double",
            &[Double(0.9162907318741551), Null, Null, Double(f)],
        );
        check(
            "log(i)",
            "LOG(E(), i)",
            "double",
            &[Double(0.0), Null, Null, Double(21.487562596892644)],
        );
        check(
            "log(2, i)",
            "LOG(2, i)",
            "double",
            &[Double(0.0), Null, Null, Double(30.999999999328196)],
        );
        check(
            "log(10, 100)",
            "LOG(10, 100)",
            "double",
            &vec![Double(2.0); 4],
        );
        check(
            "log(1, 5)",
            "LOG(1, 5)",
            "double",
            &vec![Double(f64::INFINITY); 4],
        );
        check("log(0, 5)", "LOG(0, 5)", "double", &vec![Null; 4]);
        check("log(-1)", "LOG(E(), -1)", "double", &vec![Null; 4]);
        check(
            "ln(i)",
            "ln(i)",
            "double",
            &[Double(0.0), Null, Null, Double(21.487562596892644)],
        );
        check(
            "log10(i)",
            "LOG10(i)",
            "double",
            &[Double(0.0), Null, Null, Double(9.331929865381182)],
        );
        check(
            "log10(1000)",
            "LOG10(1000)",
            "double",
            &vec![Double(3.0); 4],
        );
        check(
            "log2(i)",
            "LOG2(i)",
            "double",
            &[Double(0.0), Null, Null, Double(30.999999999328196)],
        );
        check("log2(8)", "LOG2(8)", "double", &vec![Double(3.0); 4]);
        check(
            "signum(i)",
            "SIGNUM(i)",
            "double",
            &[Double(1.0), Double(-1.0), Null, Double(1.0)],
        );
        check(
            "sign(d)",
            "sign(d)",
            "double",
            &[Double(1.0), Double(-0.0), Null, Double(f)],
        );
        assert_eq!(
            error("sqrt(b)"),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"SQRT(b)\" due to data \
             type mismatch: The first parameter requires the \"DOUBLE\" type, however \"b\" has \
             the type \"BOOLEAN\". SQLSTATE: 42K09"
        );
        assert_eq!(
            error("log(b, 2)"),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"LOG(b, 2)\" due to data \
             type mismatch: The first parameter requires the \"DOUBLE\" type, however \"b\" has \
             the type \"BOOLEAN\". SQLSTATE: 42K09"
        );
    }

    #[test]
    #[allow(clippy::approx_constant)] // Spark's printed values, some of them well-known constants
    fn doubles_to_the_last_bit_of_strict_math() {
        // `spark.sql("select exp(0.5d), ...")` in PySpark 4.3, printed with Python's repr.
        for (call, expected) in [
            ("exp(0.5)", 1.6487212707001282),
            ("exp(-3.7)", 0.024723526470339388),
            ("exp(100.0)", 2.6881171418161356e+43),
            ("exp(12.345678)", 229963.98760140003),
            ("ln(0.1)", -2.3025850929940455),
            ("ln(123456.789)", 11.723646487185881),
            ("ln(1.0000001)", 9.999999505838704e-08),
            ("log10(0.3)", -0.5228787452803376),
            ("log10(123456.789)", 5.09151497716927),
            ("log10(2.0)", 0.3010299956639812),
            ("log10(1.0E-300)", -300.0),
            ("log2(3.0)", 1.584962500721156),
            ("log2(0.1)", -3.321928094887362),
            ("log(3.0, 81.0)", 4.000000000000001),
            ("log(0.5, 7.0)", -2.807354922057604),
            ("pow(2.5, 3.3)", 20.568471942722457),
            ("pow(10.0, -2.5)", 0.0031622776601683794),
            ("pow(-8.0, 0.3333333333)", f64::NAN),
            ("pow(1.0000001, 1.0E7)", 2.7182816941320818),
            ("pow(7.0, 0.5)", 2.6457513110645907),
            ("sqrt(2.0)", 1.4142135623730951),
        ] {
            let name = super::super::test_support::bind_name(call);
            check(call, &name, "double", &vec![Double(expected); 4]);
        }
    }

    #[test]
    fn pmod_is_never_negative() {
        check(
            "pmod(i, 3)",
            "pmod(i, 3)",
            "int",
            &[Int(1), Int(2), Null, Int(1)],
        );
        check(
            "pmod(l, 4)",
            "pmod(l, 4)",
            "bigint",
            &[Long(2), Long(1), Null, Long(3)],
        );
        check(
            "pmod(d, 2)",
            "pmod(d, 2)",
            "double",
            &[Double(0.5), Double(-0.0), Null, Double(f64::NAN)],
        );
        check(
            "pmod(i, l)",
            "pmod(i, l)",
            "bigint",
            &[Long(1), Long(-1), Null, Long(2147483647)],
        );
        check(
            "pmod(7.5, -2)",
            "pmod(7.5, -2)",
            "double",
            &vec![Double(1.5); 4],
        );
        check("pmod(-7, 3)", "pmod(-7, 3)", "int", &vec![Int(2); 4]);
        check(
            "pmod(-2147483648, -1)",
            "pmod(-2147483648, -1)",
            "int",
            &vec![Int(0); 4],
        );
        let by_zero = "[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to tolerate divisor \
                       being 0 and return NULL instead. If necessary set \
                       \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: \
                       22012";
        assert_eq!(error("pmod(i, 0)"), by_zero);
        assert_eq!(error("pmod(d, 0)"), by_zero);
        assert_eq!(
            error("pmod(i, b)"),
            "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"pmod(i, b)\" due to data \
             type mismatch: the left and right operands of the binary operator have incompatible \
             types (\"INT\" and \"BOOLEAN\"). SQLSTATE: 42K09"
        );
    }
}
