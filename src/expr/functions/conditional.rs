//! The conditional functions: `coalesce`, `nvl`/`ifnull`, `nvl2`, `nullif`, `if`, `isnan`,
//! `nanvl`, `greatest`, `least`.
//!
//! The functions that choose among their arguments (`coalesce`, `greatest`, `if`, ...) cast them
//! to their common type ([`wider_type`]), as Spark does: `coalesce(i, l)` of an `int` and a
//! `bigint` is a `bigint`. Unlike Spark, a `string` and a number have no common type here (see
//! the module documentation of [`crate::expr`]).

use super::{call_sql, no_defaults, scalar, Arity, Call, Entry, ScalarFunction, Spelling};
use crate::error::Result;
use crate::expr::bind::{bound, BoundExpr, Evaluator};
use crate::expr::cast::cast_evaluator;
use crate::expr::name::sql;
use crate::expr::types::{
    self, binary_diff_types, unexpected_input_type, wider_type, Mismatch, TypeList,
};
use crate::expr::Expr;
use crate::{DataType, Row, Value};
use std::cmp::Ordering;
use std::sync::Arc;

/// `coalesce(e1, e2, ...)`: the first argument that is not `NULL`.
///
/// ```
/// use ember::{bind, coalesce, col, lit, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("i", DataType::Integer)]);
/// let b = bind(&coalesce(vec![col("i"), lit(0)]), &schema)?;
/// assert_eq!(b.name, "coalesce(i, 0)");
/// assert_eq!((b.eval)(&Row::new(vec![Value::Null])), Ok(Value::Int(0)));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn coalesce(exprs: Vec<Expr>) -> Expr {
    scalar("coalesce", exprs)
}

/// `nvl(e, replacement)`: `e`, or `replacement` when `e` is `NULL` (also called `ifnull`).
pub fn nvl(e: impl Into<Expr>, replacement: impl Into<Expr>) -> Expr {
    scalar("nvl", vec![e.into(), replacement.into()])
}

/// `ifnull(e, replacement)`: [`nvl`] by its other name.
pub fn ifnull(e: impl Into<Expr>, replacement: impl Into<Expr>) -> Expr {
    scalar("ifnull", vec![e.into(), replacement.into()])
}

/// `nvl2(e, if_not_null, if_null)`: `if_not_null` when `e` is not `NULL`, else `if_null`.
pub fn nvl2(e: impl Into<Expr>, if_not_null: impl Into<Expr>, if_null: impl Into<Expr>) -> Expr {
    scalar("nvl2", vec![e.into(), if_not_null.into(), if_null.into()])
}

/// `nullif(a, b)`: `NULL` when `a` equals `b`, else `a`.
pub fn nullif(a: impl Into<Expr>, b: impl Into<Expr>) -> Expr {
    scalar("nullif", vec![a.into(), b.into()])
}

/// `if(condition, then, otherwise)`: `then` when the condition is true, else `otherwise`
/// (also when it is `NULL`). Spark names it `(IF(condition, then, otherwise))`.
pub fn if_(condition: impl Into<Expr>, then: impl Into<Expr>, otherwise: impl Into<Expr>) -> Expr {
    scalar("if", vec![condition.into(), then.into(), otherwise.into()])
}

/// `isnan(e)`: whether the number is NaN (`false` for `NULL`).
pub fn isnan(e: impl Into<Expr>) -> Expr {
    scalar("isnan", vec![e.into()])
}

/// `nanvl(e, replacement)`: `e`, or `replacement` when `e` is NaN; a `double`.
pub fn nanvl(e: impl Into<Expr>, replacement: impl Into<Expr>) -> Expr {
    scalar("nanvl", vec![e.into(), replacement.into()])
}

/// `greatest(e1, e2, ...)`: the largest argument, skipping `NULL`s (NaN is larger than any
/// other double).
pub fn greatest(exprs: Vec<Expr>) -> Expr {
    scalar("greatest", exprs)
}

/// `least(e1, e2, ...)`: the smallest argument, skipping `NULL`s.
pub fn least(exprs: Vec<Expr>) -> Expr {
    scalar("least", exprs)
}

/// The conditional functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("coalesce", &COALESCE),
    Entry::scalar("nvl", &NVL),
    Entry::scalar("ifnull", &NVL),
    Entry::scalar("nvl2", &NVL2),
    Entry::scalar("nullif", &NULLIF),
    Entry::scalar_spelled("if", Spelling::Parenthesized("IF"), &IF),
    Entry::scalar("isnan", &ISNAN),
    Entry::scalar("nanvl", &NANVL),
    Entry::scalar("greatest", &GREATEST),
    Entry::scalar("least", &LEAST),
];

/// Binds arguments `from..` of `call` and casts them to their common type, failing with Spark's
/// `DATA_DIFF_TYPES` when there is none.
fn common_type(
    call: &Call<'_>,
    from: usize,
    mismatch: Mismatch<'_>,
) -> Result<(DataType, Vec<BoundExpr>)> {
    let args: Vec<BoundExpr> = (from..call.args.len())
        .map(|i| call.bind_arg(i))
        .collect::<Result<_>>()?;
    let types: Vec<&DataType> = args.iter().map(|a| &a.data_type).collect();
    let data_type = types::common_type(&types, mismatch)?;
    let args = args
        .into_iter()
        .map(|a| BoundExpr {
            eval: cast_evaluator(a.eval, a.data_type, data_type.clone()),
            data_type: data_type.clone(),
            ..a
        })
        .collect();
    Ok((data_type, args))
}

/// The evaluators of bound expressions.
fn evaluators(args: Vec<BoundExpr>) -> Vec<Evaluator> {
    args.into_iter().map(|a| a.eval).collect()
}

/// A function of all of a call's arguments, cast to their common type: `NULL` only when all
/// of them are (`coalesce`, `greatest`, `least`); `combine` computes it from their evaluators.
fn bind_of_all(
    call: &Call<'_>,
    mismatch: Mismatch<'_>,
    combine: impl FnOnce(Vec<Evaluator>) -> Evaluator,
) -> Result<BoundExpr> {
    let (data_type, args) = common_type(call, 0, mismatch)?;
    let nullable = args.iter().all(|a| a.nullable);
    Ok(bound(
        call.name.clone(),
        data_type,
        nullable,
        combine(evaluators(args)),
    ))
}

/// `coalesce` over all of a call's arguments (also `nvl` and `ifnull`).
fn bind_coalesce(call: &Call<'_>) -> Result<BoundExpr> {
    let expression = call_sql("coalesce", call.args);
    let mismatch = Mismatch {
        expression: &expression,
        function: "coalesce",
        list: TypeList::Alternatives,
    };
    bind_of_all(call, mismatch, |evals| {
        Arc::new(move |row: &Row| {
            for eval in &evals {
                let v = eval(row)?;
                if !v.is_null() {
                    return Ok(v);
                }
            }
            Ok(Value::Null)
        })
    })
}

static COALESCE: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(1),
    defaults: no_defaults,
    bind: bind_coalesce,
};

static NVL: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: bind_coalesce,
};

/// `choose(row)` picks which of the arguments from `from` on (cast to their common type) the
/// row gets, or `None` for `NULL`; `expression` is the `IF` Spark checks the types of.
fn choice(
    call: &Call<'_>,
    from: usize,
    expression: &str,
    choose: impl Fn(&Row) -> Result<Option<usize>, String> + Send + Sync + 'static,
) -> Result<BoundExpr> {
    let mismatch = Mismatch {
        expression,
        function: "if",
        list: TypeList::Bracketed,
    };
    let (data_type, values) = common_type(call, from, mismatch)?;
    let nullable = values.iter().any(|v| v.nullable);
    let values = evaluators(values);
    Ok(bound(
        call.name.clone(),
        data_type,
        nullable,
        Arc::new(move |row: &Row| match choose(row)? {
            Some(i) => values[i](row),
            None => Ok(Value::Null),
        }),
    ))
}

static NVL2: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(3),
    defaults: no_defaults,
    bind: |call| {
        let test = call.bind_arg(0)?.eval;
        let args: Vec<String> = call.args.iter().map(sql).collect();
        let expression = format!("(IF(({} IS NOT NULL), {}, {}))", args[0], args[1], args[2]);
        choice(call, 1, &expression, move |row| {
            Ok(Some(if test(row)?.is_null() { 1 } else { 0 }))
        })
    },
};

static IF: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(3),
    defaults: no_defaults,
    bind: |call| {
        let condition = call.bind_arg(0)?;
        if !matches!(condition.data_type, DataType::Boolean | DataType::Null) {
            return Err(unexpected_input_type(
                &call.name,
                0,
                "\"BOOLEAN\"",
                &sql(call.arg(0)?),
                &condition.data_type,
            ));
        }
        let test = condition.eval;
        choice(call, 1, &call.name, move |row| {
            Ok(Some(if test(row)? == Value::Boolean(true) {
                0
            } else {
                1
            }))
        })
    },
};

static NULLIF: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let first = call.bind_arg(0)?;
        let second = call.bind_arg(1)?;
        let Some(compared) = wider_type(&first.data_type, &second.data_type) else {
            let equality = format!("({} = {})", sql(call.arg(0)?), sql(call.arg(1)?));
            return Err(binary_diff_types(
                &equality,
                &first.data_type,
                &second.data_type,
            ));
        };
        let compared = [
            cast_evaluator(
                first.eval.clone(),
                first.data_type.clone(),
                compared.clone(),
            ),
            cast_evaluator(second.eval, second.data_type, compared),
        ];
        let value = first.eval;
        Ok(bound(
            call.name.clone(),
            first.data_type,
            true,
            Arc::new(move |row: &Row| {
                let (a, b) = (compared[0](row)?, compared[1](row)?);
                if !a.is_null() && !b.is_null() && a == b {
                    return Ok(Value::Null);
                }
                value(row)
            }),
        ))
    },
};

/// The extreme of a call's arguments: the greatest when `keep` is `Greater`.
fn bind_extreme(call: &Call<'_>, keep: Ordering) -> Result<BoundExpr> {
    let mismatch = Mismatch {
        expression: &call.name,
        function: call.function,
        list: TypeList::Bracketed,
    };
    bind_of_all(call, mismatch, |evals| {
        Arc::new(move |row: &Row| {
            let mut best = Value::Null;
            for eval in &evals {
                let v = eval(row)?;
                if !v.is_null() && (best.is_null() || v.cmp(&best) == keep) {
                    best = v;
                }
            }
            Ok(best)
        })
    })
}

static GREATEST: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(2),
    defaults: no_defaults,
    bind: |call| bind_extreme(call, Ordering::Greater),
};

static LEAST: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(2),
    defaults: no_defaults,
    bind: |call| bind_extreme(call, Ordering::Less),
};

/// The types Spark names in the messages of `isnan` and `nanvl`.
const NAN_TYPES: &str = "(\"DOUBLE\" or \"FLOAT\")";

static ISNAN: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let input = super::math::double_arg(call, 0, NAN_TYPES)?;
        Ok(bound(
            call.name.clone(),
            DataType::Boolean,
            false,
            Arc::new(move |row: &Row| {
                Ok(Value::Boolean(
                    matches!(input(row)?, Value::Double(d) if d.is_nan()),
                ))
            }),
        ))
    },
};

static NANVL: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let value = super::math::numeric_arg(call, 0, NAN_TYPES)?;
        let replacement = super::math::numeric_arg(call, 1, NAN_TYPES)?;
        // Two `float`s give a `float`; anything else a `double`.
        let data_type =
            if (&value.data_type, &replacement.data_type) == (&DataType::Float, &DataType::Float) {
                DataType::Float
            } else {
                DataType::Double
            };
        let value = cast_evaluator(value.eval, value.data_type, data_type.clone());
        let replacement =
            cast_evaluator(replacement.eval, replacement.data_type, data_type.clone());
        Ok(bound(
            call.name.clone(),
            data_type,
            true,
            Arc::new(move |row: &Row| match value(row)? {
                Value::Double(d) if d.is_nan() => replacement(row),
                Value::Float(f) if f.is_nan() => replacement(row),
                other => Ok(other),
            }),
        ))
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, error};
    use crate::Value::{self, *};

    // Expected names, types and values from PySpark 4.3, over the rows of `Case`.

    #[test]
    fn coalesce_and_nvl() {
        check(
            "coalesce(i, l)",
            "coalesce(i, l)",
            "bigint",
            &[Long(1), Long(-7), Null, Long(2147483647)],
        );
        check(
            "coalesce(NULL, i)",
            "coalesce(NULL, i)",
            "int",
            &[Int(1), Int(-7), Null, Int(2147483647)],
        );
        check(
            "coalesce(i, 5)",
            "coalesce(i, 5)",
            "int",
            &[Int(1), Int(-7), Int(5), Int(2147483647)],
        );
        check(
            "nvl(i, 0)",
            "nvl(i, 0)",
            "int",
            &[Int(1), Int(-7), Int(0), Int(2147483647)],
        );
        check(
            "ifnull(i, 0)",
            "ifnull(i, 0)",
            "int",
            &[Int(1), Int(-7), Int(0), Int(2147483647)],
        );
        check(
            "coalesce(s, 'x')",
            "coalesce(s, x)",
            "string",
            &["abc".into(), "héllo wörld".into(), "x".into(), "".into()],
        );
        assert_eq!(
            error("coalesce(i, b)"),
            "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"coalesce(i, b)\" due to data \
             type mismatch: Input to `coalesce` should all be the same type, but it's (\"INT\" \
             or \"BOOLEAN\"). SQLSTATE: 42K09"
        );
    }

    #[test]
    fn type_mismatches_name_what_spark_checks() {
        // `nvl` is checked as the `coalesce` it stands for, `nvl2` as an `IF`.
        assert_eq!(
            error("nvl(i, b)"),
            "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"coalesce(i, b)\" due to data \
             type mismatch: Input to `coalesce` should all be the same type, but it's (\"INT\" \
             or \"BOOLEAN\"). SQLSTATE: 42K09"
        );
        assert_eq!(
            error("coalesce(i, b, s)"),
            "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"coalesce(i, b, s)\" due to \
             data type mismatch: Input to `coalesce` should all be the same type, but it's \
             (\"INT\" or \"BOOLEAN\" or \"STRING\"). SQLSTATE: 42K09"
        );
        assert_eq!(
            error("nvl2(i, 1, b)"),
            "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"(IF((i IS NOT NULL), 1, b))\" \
             due to data type mismatch: Input to `if` should all be the same type, but it's \
             [\"INT\", \"BOOLEAN\"]. SQLSTATE: 42K09"
        );
        assert_eq!(
            error("if(b, 1, true)"),
            "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"(IF(b, 1, true))\" due to \
             data type mismatch: Input to `if` should all be the same type, but it's [\"INT\", \
             \"BOOLEAN\"]. SQLSTATE: 42K09"
        );
        assert_eq!(
            error("coalesce()"),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `coalesce` requires > 0 parameters but the \
             actual number is 0. Please, refer to \
             'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: \
             42605"
        );
        check(
            "least(i, NULL)",
            "least(i, NULL)",
            "int",
            &[Int(1), Int(-7), Null, Int(2147483647)],
        );
        check(
            "greatest(NULL, NULL)",
            "greatest(NULL, NULL)",
            "void",
            &vec![Null; 4],
        );
        check(
            "isnan(NULL)",
            "isnan(NULL)",
            "boolean",
            &vec![false.into(); 4],
        );
        check("nanvl(NULL, 1)", "nanvl(NULL, 1)", "double", &vec![Null; 4]);
    }

    #[test]
    fn nvl2_nullif_if() {
        check(
            "nvl2(i, 'y', 'n')",
            "nvl2(i, y, n)",
            "string",
            &["y".into(), "y".into(), "n".into(), "y".into()],
        );
        check(
            "nvl2(i, 1, 2.5D)",
            "nvl2(i, 1, 2.5)",
            "double",
            &[Double(1.0), Double(1.0), Double(2.5), Double(1.0)],
        );
        check(
            "nullif(i, 1)",
            "nullif(i, 1)",
            "int",
            &[Null, Int(-7), Null, Int(2147483647)],
        );
        check(
            "nullif(i, l)",
            "nullif(i, l)",
            "int",
            &[Int(1), Int(-7), Null, Int(2147483647)],
        );
        check(
            "nullif(s, 'abc')",
            "nullif(s, abc)",
            "string",
            &[Null, "héllo wörld".into(), Null, "".into()],
        );
        check(
            "if(b, i, l)",
            "(IF(b, i, l))",
            "bigint",
            &[Long(1), Long(-3), Null, Long(2147483647)],
        );
        assert_eq!(
            error("if(i, 1, 2)"),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"(IF(i, 1, 2))\" due to \
             data type mismatch: The first parameter requires the \"BOOLEAN\" type, however \"i\" \
             has the type \"INT\". SQLSTATE: 42K09"
        );
    }

    #[test]
    fn nan_functions() {
        check(
            "isnan(d)",
            "isnan(d)",
            "boolean",
            &[false.into(), false.into(), false.into(), true.into()],
        );
        check(
            "isnan(i)",
            "isnan(i)",
            "boolean",
            &[false.into(), false.into(), false.into(), false.into()],
        );
        // PySpark 4.3 over the table's `float` and `decimal` columns.
        check(
            "nanvl(f, 0F)",
            "nanvl(f, 0.0)",
            "float",
            &[Float(2.5), Float(-7.25), Null, Float(0.0)],
        );
        check(
            "nanvl(f, 0)",
            "nanvl(f, 0)",
            "double",
            &[Double(2.5), Double(-7.25), Null, Double(0.0)],
        );
        check(
            "nanvl(m, 0)",
            "nanvl(m, 0)",
            "double",
            &[Double(1.25), Double(-7.5), Null, Double(99999999.99)],
        );
        check(
            "isnan(f)",
            "isnan(f)",
            "boolean",
            &[false.into(), false.into(), false.into(), true.into()],
        );
        check(
            "nanvl(d, 0.0D)",
            "nanvl(d, 0.0)",
            "double",
            &[Double(2.5), Double(-0.0), Null, Double(0.0)],
        );
        check(
            "nanvl(d, i)",
            "nanvl(d, i)",
            "double",
            &[Double(2.5), Double(-0.0), Null, Double(2147483647.0)],
        );
        check(
            "nanvl(i, 1)",
            "nanvl(i, 1)",
            "double",
            &[Double(1.0), Double(-7.0), Null, Double(2147483647.0)],
        );
    }

    #[test]
    fn greatest_and_least() {
        check(
            "greatest(i, l)",
            "greatest(i, l)",
            "bigint",
            &[Long(10), Long(-3), Null, Long(9223372036854775807)],
        );
        check(
            "greatest(i, 3, NULL)",
            "greatest(i, 3, NULL)",
            "int",
            &[Int(3), Int(3), Int(3), Int(2147483647)],
        );
        check(
            "greatest(d, 1.0D)",
            "greatest(d, 1.0)",
            "double",
            &[Double(2.5), Double(1.0), Double(1.0), Double(f64::NAN)],
        );
        check(
            "greatest(s, 'b')",
            "greatest(s, b)",
            "string",
            &["b".into(), "héllo wörld".into(), "b".into(), "b".into()],
        );
        check(
            "least(i, l, d)",
            "least(i, l, d)",
            "double",
            &[Double(1.0), Double(-7.0), Null, Double(2147483647.0)],
        );
        check(
            "least(dt, ts)",
            "least(dt, ts)",
            "timestamp",
            &[
                Value::Timestamp(1_709_251_200_000_000),
                Value::Timestamp(0),
                Null,
                Value::Timestamp(-2_208_988_800_000_000),
            ],
        );
        assert_eq!(
            error("greatest(i, s)"),
            "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"greatest(i, s)\" due to data \
             type mismatch: Input to `greatest` should all be the same type, but it's [\"INT\", \
             \"STRING\"]. SQLSTATE: 42K09"
        );
        assert_eq!(
            error("greatest(i)"),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `greatest` requires > 1 parameters but the \
             actual number is 1. Please, refer to \
             'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: \
             42605"
        );
    }
}
