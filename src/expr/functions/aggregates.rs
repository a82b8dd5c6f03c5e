//! The builders of aggregate functions (`count`, `sum`, distinct counts and sums,
//! `first`/`last`, `collect_list`/`collect_set`, the variances and standard deviations); how
//! they bind and run is in `expr/aggregate.rs` and the operators.

use super::{Arity, Entry};
use crate::error::{Error, Result};
use crate::expr::{AggregateFunction, DispersionName, Expr};
use crate::Value;

fn aggregate(function: AggregateFunction, input: Expr) -> Expr {
    Expr::Aggregate {
        function,
        input: Some(Box::new(input)),
    }
}

/// `count(e)`: the number of rows where `e` is not `NULL` (`count(lit(1))` counts all rows).
///
/// ```
/// use ember::{col, count, count_star, lit};
/// assert_eq!(count(col("word")).output_name(), "count(word)");
/// assert_eq!(count(lit(1)).output_name(), "count(1)");
/// assert_eq!(count_star().output_name(), "count(1)");
/// ```
pub fn count(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Count, e.into())
}

/// `count(*)`: the number of rows. Spark names it `count(1)`.
pub fn count_star() -> Expr {
    Expr::Aggregate {
        function: AggregateFunction::Count,
        input: None,
    }
}

/// `sum(e)`: `bigint` for integral input, `double` for `double`.
pub fn sum(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Sum, e.into())
}

/// `avg(e)`: `double`, or `decimal(p+4,s+4)` for `decimal(p,s)`.
pub fn avg(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Avg, e.into())
}

/// `try_sum(e)`: [`sum`], but `NULL` where the total does not fit the result type (where
/// `sum` fails the query with Spark's overflow error).
///
/// ```
/// use ember::{col, try_sum};
/// assert_eq!(try_sum(col("n")).output_name(), "try_sum(n)");
/// ```
pub fn try_sum(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::TrySum, e.into())
}

/// `try_avg(e)`: [`avg`], but `NULL` where the sum or the average does not fit its type.
///
/// ```
/// use ember::{col, try_avg};
/// assert_eq!(try_avg(col("n")).output_name(), "try_avg(n)");
/// ```
pub fn try_avg(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::TryAvg, e.into())
}

/// `min(e)`: the smallest non-null value, of `e`'s type.
pub fn min(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Min, e.into())
}

/// `max(e)`: the largest non-null value, of `e`'s type.
pub fn max(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Max, e.into())
}

/// `count_distinct(e)` (`countDistinct`, SQL `count(DISTINCT e)`): the number of distinct
/// non-null values of `e`, a `bigint`.
///
/// ```
/// use ember::{col, count_distinct};
/// assert_eq!(count_distinct(col("word")).output_name(), "count(DISTINCT word)");
/// ```
pub fn count_distinct(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::CountDistinct, e.into())
}

/// `sum_distinct(e)` (`sumDistinct`, SQL `sum(DISTINCT e)`): the sum of the distinct
/// non-null values of `e`, typed as [`sum`].
///
/// ```
/// use ember::{col, sum_distinct};
/// assert_eq!(sum_distinct(col("n")).output_name(), "sum(DISTINCT n)");
/// ```
pub fn sum_distinct(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::SumDistinct, e.into())
}

/// `approx_count_distinct(e)`: Spark's HyperLogLog++ estimate of the distinct non-null values
/// (relative standard deviation 0.05), a `bigint`.
///
/// ```
/// use ember::{approx_count_distinct, col};
/// assert_eq!(approx_count_distinct(col("n")).output_name(), "approx_count_distinct(n)");
/// ```
pub fn approx_count_distinct(e: impl Into<Expr>) -> Expr {
    approx_count_distinct_with_precision(e.into(), DEFAULT_PRECISION)
}

/// The HyperLogLog++ precision of the default relative standard deviation, 0.05.
const DEFAULT_PRECISION: u32 = 9;

/// `approx_count_distinct(e, rsd)` with `precision` register index bits.
fn approx_count_distinct_with_precision(e: Expr, precision: u32) -> Expr {
    aggregate(AggregateFunction::ApproxCountDistinct { precision }, e)
}

/// `first(e, ignorenulls)`: the first value of `e` in Ember's arrival order — by batch, then
/// by value within a batch (Spark's order is undefined). With `ignore_nulls`, the first
/// non-null value. Only over an input that never retracts rows.
///
/// ```
/// use ember::{col, first};
/// assert_eq!(first(col("n"), true).output_name(), "first(n)");
/// ```
pub fn first(e: impl Into<Expr>, ignore_nulls: bool) -> Expr {
    aggregate(AggregateFunction::First { ignore_nulls }, e.into())
}

/// `last(e, ignorenulls)`: the last value of `e` in arrival order, as [`first`].
pub fn last(e: impl Into<Expr>, ignore_nulls: bool) -> Expr {
    aggregate(AggregateFunction::Last { ignore_nulls }, e.into())
}

/// `collect_list(e)`: the non-null values of `e` in arrival order (see [`first`]), an
/// `array`, `[]` without any. Only over an input that never retracts rows.
pub fn collect_list(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::CollectList, e.into())
}

/// `collect_set(e)`: the distinct non-null values of `e`, ascending (Spark's order is its
/// hash set's), an `array`, `[]` without any.
pub fn collect_set(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::CollectSet, e.into())
}

/// A variance or standard deviation of a number column, by the name it is called with.
///
/// ```
/// use ember::{col, dispersion, DispersionName};
/// assert_eq!(dispersion(DispersionName::Std, col("n")).output_name(), "std(n)");
/// ```
pub fn dispersion(name: DispersionName, e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Dispersion(name), e.into())
}

/// `stddev(e)`: the sample standard deviation, a `double`, `NULL` for fewer than two values.
pub fn stddev(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::Stddev, e.into())
}

/// `stddev_samp(e)`: as [`stddev`].
pub fn stddev_samp(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::StddevSamp, e.into())
}

/// `stddev_pop(e)`: the population standard deviation, a `double`, `NULL` without values.
pub fn stddev_pop(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::StddevPop, e.into())
}

/// `variance(e)`: the sample variance, a `double`, `NULL` for fewer than two values.
pub fn variance(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::Variance, e.into())
}

/// `var_samp(e)`: as [`variance`].
pub fn var_samp(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::VarSamp, e.into())
}

/// `var_pop(e)`: the population variance, a `double`, `NULL` without values.
pub fn var_pop(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::VarPop, e.into())
}

/// The aggregate functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::special("count", Arity::exactly(1), |mut a| Ok(count(a.remove(0)))),
    Entry::special("sum", Arity::exactly(1), |mut a| Ok(sum(a.remove(0)))),
    Entry::special("avg", Arity::exactly(1), |mut a| Ok(avg(a.remove(0)))),
    Entry::special("mean", Arity::exactly(1), |mut a| Ok(avg(a.remove(0)))),
    Entry::special("try_sum", Arity::exactly(1), |mut a| {
        Ok(try_sum(a.remove(0)))
    }),
    Entry::special("try_avg", Arity::exactly(1), |mut a| {
        Ok(try_avg(a.remove(0)))
    }),
    Entry::special("min", Arity::exactly(1), |mut a| Ok(min(a.remove(0)))),
    Entry::special("max", Arity::exactly(1), |mut a| Ok(max(a.remove(0)))),
    Entry::special("approx_count_distinct", Arity::between(1, 2), |mut a| {
        let precision = match a.get(1) {
            None => DEFAULT_PRECISION,
            Some(Expr::Literal(Value::Double(rsd))) => {
                ember_operators::hyperloglog::precision(*rsd).ok_or_else(|| {
                    Error::Analysis(
                        "[FAILED_FUNCTION_CALL] Failed preparing of the function \
                         `approx_count_distinct` for call. Please, double check function's \
                         arguments. SQLSTATE: 38000"
                            .to_string(),
                    )
                })?
            }
            Some(_) => {
                return Err(Error::Analysis(
                    "The second argument should be a double literal.".to_string(),
                ))
            }
        };
        Ok(approx_count_distinct_with_precision(a.remove(0), precision))
    }),
    Entry::special("first", Arity::between(1, 2), |a| {
        first_or_last(a, "first", first)
    }),
    Entry::special("last", Arity::between(1, 2), |a| {
        first_or_last(a, "last", last)
    }),
    Entry::special("collect_list", Arity::exactly(1), |mut a| {
        Ok(collect_list(a.remove(0)))
    }),
    Entry::special("collect_set", Arity::exactly(1), |mut a| {
        Ok(collect_set(a.remove(0)))
    }),
    Entry::special("stddev", Arity::exactly(1), |mut a| Ok(stddev(a.remove(0)))),
    Entry::special("std", Arity::exactly(1), |mut a| {
        Ok(dispersion(DispersionName::Std, a.remove(0)))
    }),
    Entry::special("stddev_samp", Arity::exactly(1), |mut a| {
        Ok(stddev_samp(a.remove(0)))
    }),
    Entry::special("stddev_pop", Arity::exactly(1), |mut a| {
        Ok(stddev_pop(a.remove(0)))
    }),
    Entry::special("variance", Arity::exactly(1), |mut a| {
        Ok(variance(a.remove(0)))
    }),
    Entry::special("var_samp", Arity::exactly(1), |mut a| {
        Ok(var_samp(a.remove(0)))
    }),
    Entry::special("var_pop", Arity::exactly(1), |mut a| {
        Ok(var_pop(a.remove(0)))
    }),
];

/// `first(e[, ignoreNulls])` or `last(..)` by name: the second argument must be a boolean
/// literal, as Spark says.
fn first_or_last(mut args: Vec<Expr>, name: &str, build: fn(Expr, bool) -> Expr) -> Result<Expr> {
    let ignore_nulls = match args.get(1) {
        None => false,
        Some(Expr::Literal(Value::Boolean(b))) => *b,
        Some(_) => {
            return Err(Error::Analysis(format!(
                "The second argument in {name} should be a boolean literal."
            )))
        }
    };
    Ok(build(args.remove(0), ignore_nulls))
}

/// Builds `name(DISTINCT args)`, as SQL text and Spark Connect (`count_distinct`,
/// `sum_distinct`) call it: `count` and `sum` of one argument; `min` and `max`, where
/// `DISTINCT` changes nothing but the name (Spark's `max(DISTINCT v)`); anything else is
/// refused.
///
/// ```
/// use ember::expr::{col, resolve_distinct};
/// assert_eq!(resolve_distinct("COUNT", vec![col("v")])?.output_name(), "count(DISTINCT v)");
/// assert_eq!(resolve_distinct("max", vec![col("v")])?.output_name(), "max(DISTINCT v)");
/// # Ok::<(), ember::Error>(())
/// ```
pub fn resolve_distinct(name: &str, mut args: Vec<Expr>) -> Result<Expr> {
    let lower = name.to_ascii_lowercase();
    match (lower.as_str(), args.len()) {
        ("count", 1) => Ok(count_distinct(args.remove(0))),
        ("sum", 1) => Ok(sum_distinct(args.remove(0))),
        // The same as without `DISTINCT`, named with it as Spark names it.
        ("min" | "max", 1) => {
            let named = format!("{lower}(DISTINCT {})", args[0].sql());
            Ok(super::resolve(name, args)?.alias(named))
        }
        ("min" | "max", _) => super::resolve(name, args),
        _ => Err(Error::Analysis(format!(
            "Ember supports DISTINCT only in count and sum of one argument, not in \
             `{name}` of {} arguments",
            args.len()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use crate::expr::{col, lit, resolve, resolve_distinct};

    fn name(function: &str, args: Vec<crate::expr::Expr>) -> String {
        resolve(function, args).unwrap().output_name()
    }

    /// The column names Spark 4.3 gives these calls in SQL.
    #[test]
    fn the_catalog_names_calls_as_spark() {
        assert_eq!(name("stddev", vec![col("v")]), "stddev(v)");
        assert_eq!(name("STD", vec![col("v")]), "std(v)");
        assert_eq!(name("var_pop", vec![col("v")]), "var_pop(v)");
        assert_eq!(name("first", vec![col("v"), lit(true)]), "first(v)");
        assert_eq!(name("last", vec![col("v")]), "last(v)");
        assert_eq!(name("collect_set", vec![col("v")]), "collect_set(v)");
        assert_eq!(name("TRY_SUM", vec![col("v")]), "try_sum(v)");
        assert_eq!(name("try_avg", vec![col("v")]), "try_avg(v)");
        // In SQL text too, as an aggregate.
        let parsed = crate::sql::expr("try_sum(v + 1)").unwrap();
        assert!(parsed.contains_aggregate());
        assert_eq!(parsed.output_name(), "try_sum((v + 1))");
        assert_eq!(
            name("approx_count_distinct", vec![col("v"), lit(0.1)]),
            "approx_count_distinct(v)"
        );
        assert_eq!(
            resolve_distinct("sum", vec![col("v")])
                .unwrap()
                .output_name(),
            "sum(DISTINCT v)"
        );
    }

    /// Spark 4.3's messages for bad arguments.
    #[test]
    fn bad_arguments_are_refused_as_spark() {
        let error = |function: &str, args| resolve(function, args).unwrap_err().to_string();
        assert_eq!(
            error("first", vec![col("v"), lit(1)]),
            "The second argument in first should be a boolean literal."
        );
        assert_eq!(
            error("approx_count_distinct", vec![col("v"), lit("x")]),
            "The second argument should be a double literal."
        );
        assert_eq!(
            error("approx_count_distinct", vec![col("v"), lit(0.5)]),
            "[FAILED_FUNCTION_CALL] Failed preparing of the function `approx_count_distinct` \
             for call. Please, double check function's arguments. SQLSTATE: 38000"
        );
        assert_eq!(
            error("stddev", vec![col("v"), col("d")]),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `stddev` requires 1 parameters but the \
             actual number is 2. Please, refer to \
             'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. \
             SQLSTATE: 42605"
        );
        assert!(resolve_distinct("avg", vec![col("v")]).is_err());
    }
}
