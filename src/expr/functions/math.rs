//! The math functions: `abs`, `positive`, `sqrt`, `pow`/`power`, `exp`, `log`, `ln`, `log10`,
//! `log2`, `pmod`, `signum`/`sign`, `e` (the rounding functions are in `rounding.rs`).
//!
//! They take every numeric type, and strings cast to `double` (Spark's implicit cast:
//! `sqrt('4')` is `2.0`; `sqrt('x')` is `[CAST_INVALID_INPUT]`). Spark computes most of them on
//! `double`s; `abs` and `positive` keep their input's type (`abs` of the smallest `tinyint`,
//! `smallint`, `int` or `bigint` overflows), and `pmod` gives its inputs' common type (of two
//! decimals, the type of `%`). Logarithms of zero or negative numbers are `NULL`; `sqrt(-1)` is
//! NaN.

use super::{no_defaults, scalar, Arity, Call, Entry, ScalarFunction, Spelling};
use crate::error::Result;
use crate::expr::bind::{
    arithmetic_type, bind_decimal_arithmetic, bound, null_in_null_out, overflow, BoundExpr,
    Evaluator, ARITHMETIC_TYPES, REMAINDER_BY_ZERO,
};
use crate::expr::cast::cast_evaluator;
use crate::expr::decimal::DecimalOp;
use crate::expr::name::sql;
use crate::expr::types::{is_numeric, unexpected_input_type};
use crate::expr::Expr;
use crate::{DataType, Row, Value};
use std::sync::Arc;

/// `abs(e)`: the absolute value, of the input's type (`abs` of the smallest `int` overflows).
pub fn abs(e: impl Into<Expr>) -> Expr {
    scalar("abs", vec![e.into()])
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

/// `positive(e)`: `e` itself, a number (Spark names it `(+ e)`).
pub fn positive(e: impl Into<Expr>) -> Expr {
    scalar("positive", vec![e.into()])
}

/// The math functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("abs", &ABS),
    Entry::scalar_spelled("positive", Spelling::Custom(positive_sql), &POSITIVE),
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

/// Argument `index` of `call` as a number: numbers and `NULL` as they are, strings cast to
/// `double` (Spark's implicit cast); anything else fails naming `required`, Spark's rendering
/// of the types the function takes.
pub(super) fn numeric_arg(call: &Call<'_>, index: usize, required: &str) -> Result<BoundExpr> {
    let arg = call.bind_arg(index)?;
    match &arg.data_type {
        t if is_numeric(t) || *t == DataType::Null => Ok(arg),
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
static LN: ScalarFunction = double_function!(|x| log_domain(x).map(libm::log));
static LOG10: ScalarFunction = double_function!(|x| log_domain(x).map(libm::log10));
// Spark divides natural logarithms, which is not always a base-2 logarithm to the last bit.
static LOG2: ScalarFunction =
    double_function!(|x| log_domain(x).map(|x| libm::log(x) / libm::log(2.0)));
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
                    (_, Value::Double(x)) if natural => log_domain(x).map(libm::log),
                    (Value::Double(base), Value::Double(x)) => log_domain(base)
                        .zip(log_domain(x))
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
fn log_domain(x: f64) -> Option<f64> {
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

/// The absolute value of an integer of a type, or Spark's overflow for its smallest value.
macro_rules! exact_abs {
    ($i:expr, $variant:path) => {
        $i.checked_abs().map($variant).ok_or_else(|| overflow(None))
    };
}

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
                Value::Byte(i) => exact_abs!(i, Value::Byte),
                Value::Short(i) => exact_abs!(i, Value::Short),
                Value::Int(i) => exact_abs!(i, Value::Int),
                Value::Long(i) => exact_abs!(i, Value::Long),
                Value::Float(f) => Ok(Value::Float(f.abs())),
                Value::Double(d) => Ok(Value::Double(d.abs())),
                Value::Decimal(d) => Ok(Value::Decimal(crate::Decimal::new(
                    d.unscaled().abs(),
                    d.scale(),
                ))),
                _ => Ok(Value::Null),
            }),
        ))
    },
};

/// Spark's name of a `positive` call: `(+ e)`.
fn positive_sql(_: &'static str, args: &[Expr]) -> String {
    super::prefix_sql("+", args)
}

static POSITIVE: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let arg = match call.bind_arg(0)? {
            // SQL's `+ INTERVAL '1' DAY`: the interval itself.
            interval @ BoundExpr {
                data_type: DataType::Interval(_),
                ..
            } => interval,
            _ => numeric_arg(call, 0, ARITHMETIC_TYPES)?,
        };
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: match arg.data_type {
                DataType::Null => DataType::Double,
                t => t,
            },
            ..arg
        })
    },
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

/// [`positive_remainder!`] of floating-point numbers.
macro_rules! positive_float_remainder {
    ($a:expr, $n:expr, $variant:path) => {{
        let (a, n) = ($a, $n);
        if n == 0.0 {
            return Err(REMAINDER_BY_ZERO.to_string());
        }
        let r = a % n;
        Ok($variant(if r < 0.0 { (r + n) % n } else { r }))
    }};
}

static PMOD: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let (a, n) = (call.bind_arg(0)?, call.bind_arg(1)?);
        let data_type = arithmetic_type(&call.name, "\"NUMERIC\"", &a.data_type, &n.data_type)?;
        let operands = ((call.arg(0)?, &a), (call.arg(1)?, &n));
        if let Some(b) =
            bind_decimal_arithmetic(DecimalOp::Pmod, &call.name, operands.0, operands.1)
        {
            return Ok(b);
        }
        let a = cast_evaluator(a.eval, a.data_type, data_type.clone());
        let n = cast_evaluator(n.eval, n.data_type, data_type.clone());
        Ok(bound(
            call.name.clone(),
            data_type,
            true,
            null_in_null_out(a, n, |a, n| match (a, n) {
                (Value::Byte(a), Value::Byte(n)) => positive_remainder!(a, n, Value::Byte),
                (Value::Short(a), Value::Short(n)) => positive_remainder!(a, n, Value::Short),
                (Value::Int(a), Value::Int(n)) => positive_remainder!(a, n, Value::Int),
                (Value::Long(a), Value::Long(n)) => positive_remainder!(a, n, Value::Long),
                (Value::Float(a), Value::Float(n)) => {
                    positive_float_remainder!(a, n, Value::Float)
                }
                (Value::Double(a), Value::Double(n)) => {
                    positive_float_remainder!(a, n, Value::Double)
                }
                _ => Ok(Value::Null),
            }),
        ))
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, decimal, decimals, error};
    use crate::Value::{Byte, Double, Float, Int, Long, Null, Short};

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
        for (call, name, data_type, value) in [
            ("log(10, 100)", "LOG(10, 100)", "double", Double(2.0)),
            ("log(1, 5)", "LOG(1, 5)", "double", Double(f64::INFINITY)),
            ("log(0, 5)", "LOG(0, 5)", "double", Null),
            ("log(-1)", "LOG(E(), -1)", "double", Null),
        ] {
            check(call, name, data_type, &vec![value; 4]);
        }
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
        for (call, name, data_type, value) in [
            ("pmod(7.5D, -2)", "pmod(7.5, -2)", "double", Double(1.5)),
            ("pmod(-7, 3)", "pmod(-7, 3)", "int", Int(2)),
            (
                "pmod(-2147483648, -1)",
                "pmod(-2147483648, -1)",
                "int",
                Int(0),
            ),
        ] {
            check(call, name, data_type, &vec![value; 4]);
        }
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

    const OVERFLOW: &str = "[ARITHMETIC_OVERFLOW] overflow. If necessary set \
                            \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. \
                            SQLSTATE: 22003";

    #[test]
    fn abs_of_every_number() {
        check(
            "abs(y)",
            "abs(y)",
            "tinyint",
            &[Byte(1), Byte(7), Null, Byte(127)],
        );
        check(
            "abs(h)",
            "abs(h)",
            "smallint",
            &[Short(1), Short(7), Null, Short(32767)],
        );
        check(
            "abs(f)",
            "abs(f)",
            "float",
            &[Float(2.5), Float(7.25), Null, Float(f32::NAN)],
        );
        check(
            "abs(m)",
            "abs(m)",
            "decimal(10,2)",
            &decimals(["1.25", "7.50", "NULL", "99999999.99"]),
        );
        check("abs(-0.0F)", "abs(-0.0)", "float", &vec![Float(0.0); 4]);
        check("abs(NULL)", "abs(NULL)", "double", &vec![Null; 4]);
        assert_eq!(error("abs(-128Y)"), OVERFLOW);
        assert_eq!(error("abs(-32768S)"), OVERFLOW);
    }

    #[test]
    fn positive_and_negative_keep_the_type() {
        check(
            "positive(y)",
            "(+ y)",
            "tinyint",
            &[Byte(1), Byte(-7), Null, Byte(127)],
        );
        check(
            "positive(f)",
            "(+ f)",
            "float",
            &[Float(2.5), Float(-7.25), Null, Float(f32::NAN)],
        );
        check(
            "positive(m)",
            "(+ m)",
            "decimal(10,2)",
            &decimals(["1.25", "-7.50", "NULL", "99999999.99"]),
        );
        check("positive('1')", "(+ 1)", "double", &vec![Double(1.0); 4]);
        check(
            "negative(y)",
            "negative(y)",
            "tinyint",
            &[Byte(-1), Byte(7), Null, Byte(-127)],
        );
        check(
            "negative(f)",
            "negative(f)",
            "float",
            &[Float(-2.5), Float(7.25), Null, Float(f32::NAN)],
        );
        check(
            "negative(m)",
            "negative(m)",
            "decimal(10,2)",
            &decimals(["-1.25", "7.50", "NULL", "-99999999.99"]),
        );
        assert_eq!(error("negative(-128Y)"), OVERFLOW);
        let not_a_number = |name: &str| {
            format!(
                "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{name}\" due to data \
                 type mismatch: The first parameter requires the (\"NUMERIC\" or \"INTERVAL DAY \
                 TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\") type, however \"b\" \
                 has the type \"BOOLEAN\". SQLSTATE: 42K09"
            )
        };
        assert_eq!(error("positive(b)"), not_a_number("(+ b)"));
        assert_eq!(error("negative(b)"), not_a_number("negative(b)"));
        assert_eq!(
            error("positive(s)"),
            "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \
             \"DOUBLE\" because it is malformed. Correct the value as per the syntax, or change \
             its target type. Use `try_cast` to tolerate malformed input and return NULL \
             instead. SQLSTATE: 22018"
        );
    }

    #[test]
    fn functions_of_doubles_take_every_number() {
        let nan = Double(f64::NAN);
        check(
            "sqrt(y)",
            "SQRT(y)",
            "double",
            &[Double(1.0), nan.clone(), Null, Double(11.269427669584644)],
        );
        check(
            "sqrt(h)",
            "SQRT(h)",
            "double",
            &[Double(1.0), nan.clone(), Null, Double(181.01657382681842)],
        );
        check(
            "sqrt(f)",
            "SQRT(f)",
            "double",
            &[Double(1.5811388300841898), nan.clone(), Null, nan.clone()],
        );
        check(
            "sqrt(m)",
            "SQRT(m)",
            "double",
            &[
                Double(1.118033988749895),
                nan.clone(),
                Null,
                Double(9999.9999995),
            ],
        );
        check(
            "pow(f, 2)",
            "pow(f, 2)",
            "double",
            &[Double(6.25), Double(52.5625), Null, nan.clone()],
        );
        check(
            "power(m, 2)",
            "POWER(m, 2)",
            "double",
            &[
                Double(1.5625),
                Double(56.25),
                Null,
                Double(9999999997999998.0),
            ],
        );
        check(
            "exp(f)",
            "EXP(f)",
            "double",
            &[
                Double(12.182493960703473),
                Double(0.0007101743888425491),
                Null,
                nan.clone(),
            ],
        );
        check(
            "exp(m)",
            "EXP(m)",
            "double",
            &[
                Double(3.4903429574618414),
                Double(0.0005530843701478336),
                Null,
                Double(f64::INFINITY),
            ],
        );
        check(
            "log(f)",
            "LOG(E(), f)",
            "double",
            &[Double(0.9162907318741551), Null, Null, nan.clone()],
        );
        let ln_m = [
            Double(0.22314355131420976),
            Null,
            Null,
            Double(18.420680743852365),
        ];
        check("log(m)", "LOG(E(), m)", "double", &ln_m);
        check("ln(m)", "ln(m)", "double", &ln_m);
        check(
            "log10(f)",
            "LOG10(f)",
            "double",
            &[Double(0.3979400086720376), Null, Null, nan.clone()],
        );
        check(
            "log2(m)",
            "LOG2(m)",
            "double",
            &[
                Double(0.32192809488736235),
                Null,
                Null,
                Double(26.57542475895463),
            ],
        );
        check(
            "log(y, 8)",
            "LOG(y, 8)",
            "double",
            &[
                Double(f64::INFINITY),
                Null,
                Null,
                Double(0.4292653245149621),
            ],
        );
        let signs = [Double(1.0), Double(-1.0), Null, Double(1.0)];
        check("signum(y)", "SIGNUM(y)", "double", &signs);
        check("signum(m)", "SIGNUM(m)", "double", &signs);
        check("sign(h)", "sign(h)", "double", &signs);
        check(
            "signum(f)",
            "SIGNUM(f)",
            "double",
            &[Double(1.0), Double(-1.0), Null, nan],
        );
        check("sqrt(NULL)", "SQRT(NULL)", "double", &vec![Null; 4]);
        check("signum(NULL)", "SIGNUM(NULL)", "double", &vec![Null; 4]);
    }

    #[test]
    fn pmod_of_every_number() {
        let ones = [1, 2, 0, 1];
        let of = |variant: fn(i64) -> crate::Value| -> Vec<crate::Value> {
            ones.iter()
                .enumerate()
                .map(|(i, v)| if i == 2 { Null } else { variant(*v) })
                .collect()
        };
        check(
            "pmod(y, 3Y)",
            "pmod(y, 3)",
            "tinyint",
            &of(|v| Byte(v as i8)),
        );
        check(
            "pmod(h, 3S)",
            "pmod(h, 3)",
            "smallint",
            &of(|v| Short(v as i16)),
        );
        check("pmod(y, 3)", "pmod(y, 3)", "int", &of(|v| Int(v as i32)));
        check(
            "pmod(y, h)",
            "pmod(y, h)",
            "smallint",
            &[Short(0), Short(0), Null, Short(127)],
        );
        check(
            "pmod(y, l)",
            "pmod(y, l)",
            "bigint",
            &[Long(1), Long(-1), Null, Long(127)],
        );
        check(
            "pmod(f, 2)",
            "pmod(f, 2)",
            "double",
            &[Double(0.5), Double(0.75), Null, Double(f64::NAN)],
        );
        check(
            "pmod(f, 2F)",
            "pmod(f, 2.0)",
            "float",
            &[Float(0.5), Float(0.75), Null, Float(f32::NAN)],
        );
        for (call, name, data_type, value) in [
            ("pmod(-7.25F, 2F)", "pmod(-7.25, 2.0)", "float", Float(0.75)),
            ("pmod(-7Y, -3Y)", "pmod(-7, -3)", "tinyint", Byte(-1)),
            ("pmod(-128Y, -1Y)", "pmod(-128, -1)", "tinyint", Byte(0)),
            (
                "pmod(-32768S, -1S)",
                "pmod(-32768, -1)",
                "smallint",
                Short(0),
            ),
        ] {
            check(call, name, data_type, &vec![value; 4]);
        }
        for (call, name, data_type, values) in [
            (
                "pmod(m, 3)",
                "pmod(m, 3)",
                "decimal(3,2)",
                ["1.25", "1.50", "NULL", "0.99"],
            ),
            (
                "pmod(m, 0.7)",
                "pmod(m, 0.7)",
                "decimal(2,2)",
                ["0.55", "0.20", "NULL", "0.59"],
            ),
            (
                "pmod(m, i)",
                "pmod(m, i)",
                "decimal(10,2)",
                ["0.25", "-0.50", "NULL", "99999999.99"],
            ),
            (
                "pmod(m, y)",
                "pmod(m, y)",
                "decimal(5,2)",
                ["0.25", "-0.50", "NULL", "72.99"],
            ),
        ] {
            check(call, name, data_type, &decimals(values));
        }
        check(
            "pmod(m, f)",
            "pmod(m, f)",
            "double",
            &[Double(1.25), Double(-0.25), Null, Double(f64::NAN)],
        );
        check(
            "pmod(-7.5, 2)",
            "pmod(-7.5, 2)",
            "decimal(2,1)",
            &vec![decimal("0.5"); 4],
        );
        // A `tinyint` literal is a `decimal(3,0)` beside a decimal, a `smallint` one its digits.
        let m_mod_3 = [decimal("1.25"), decimal("1.50"), Null, decimal("0.99")];
        check("pmod(m, 3Y)", "pmod(m, 3)", "decimal(5,2)", &m_mod_3);
        check("pmod(m, 3S)", "pmod(m, 3)", "decimal(3,2)", &m_mod_3);
        assert_eq!(
            error("pmod('7', '2')"),
            "[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"pmod(7, 2)\" due to data \
             type mismatch: the binary operator requires the input type \"NUMERIC\", not \
             \"STRING\". SQLSTATE: 42K09"
        );
        check(
            "pmod(m, NULL)",
            "pmod(m, NULL)",
            "decimal(10,2)",
            &vec![Null; 4],
        );
        check(
            "pmod(NULL, NULL)",
            "pmod(NULL, NULL)",
            "double",
            &vec![Null; 4],
        );
        let by_zero = "[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to tolerate divisor \
                       being 0 and return NULL instead. If necessary set \
                       \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: \
                       22012";
        for call in ["pmod(m, 0)", "pmod(m, 0.00)", "pmod(y, 0Y)", "pmod(f, 0F)"] {
            assert_eq!(error(call), by_zero, "{call}");
        }
        assert_eq!(
            error("pmod(b, b)"),
            "[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"pmod(b, b)\" due to data \
             type mismatch: the binary operator requires the input type \"NUMERIC\", not \
             \"BOOLEAN\". SQLSTATE: 42K09"
        );
        assert_eq!(
            error("pmod(y, b)"),
            "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"pmod(y, b)\" due to data \
             type mismatch: the left and right operands of the binary operator have incompatible \
             types (\"TINYINT\" and \"BOOLEAN\"). SQLSTATE: 42K09"
        );
    }
}
