//! The aggregate functions beyond `count`, `sum`, `avg`, `min` and `max`, by Spark's names:
//! distinct counts and sums, `first`/`last`, `collect_list`/`collect_set`, and the variances
//! and standard deviations. Each builds an [`Expr::Aggregate`]; [`bind_aggregate`] types it.
//!
//! [`bind_aggregate`]: super::bind_aggregate

use super::aggregate::{AggregateFunction, DispersionName};
use super::Expr;

fn aggregate(function: AggregateFunction, input: impl Into<Expr>) -> Expr {
    Expr::Aggregate {
        function,
        input: Some(Box::new(input.into())),
    }
}

/// `count_distinct(e)` (`countDistinct`, SQL `count(DISTINCT e)`): the number of distinct
/// non-null values of `e`, a `bigint`.
///
/// ```
/// use ember::{col, count_distinct};
/// assert_eq!(count_distinct(col("word")).output_name(), "count(DISTINCT word)");
/// ```
pub fn count_distinct(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::CountDistinct, e)
}

/// `sum_distinct(e)` (`sumDistinct`, SQL `sum(DISTINCT e)`): the sum of the distinct
/// non-null values of `e`, typed as [`sum`](super::sum).
///
/// ```
/// use ember::{col, sum_distinct};
/// assert_eq!(sum_distinct(col("n")).output_name(), "sum(DISTINCT n)");
/// ```
pub fn sum_distinct(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::SumDistinct, e)
}

/// `approx_count_distinct(e)`: Ember counts the distinct non-null values exactly (always
/// within Spark's relative standard deviation, whichever is asked for), a `bigint`.
///
/// ```
/// use ember::{approx_count_distinct, col};
/// assert_eq!(approx_count_distinct(col("n")).output_name(), "approx_count_distinct(n)");
/// ```
pub fn approx_count_distinct(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::ApproxCountDistinct, e)
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
    aggregate(AggregateFunction::First { ignore_nulls }, e)
}

/// `last(e, ignorenulls)`: the last value of `e` in arrival order, as [`first`].
pub fn last(e: impl Into<Expr>, ignore_nulls: bool) -> Expr {
    aggregate(AggregateFunction::Last { ignore_nulls }, e)
}

/// `collect_list(e)`: the non-null values of `e` in arrival order (see [`first`]), an
/// `array`, `[]` without any. Only over an input that never retracts rows.
pub fn collect_list(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::CollectList, e)
}

/// `collect_set(e)`: the distinct non-null values of `e`, ascending (Spark's order is its
/// hash set's), an `array`, `[]` without any.
pub fn collect_set(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::CollectSet, e)
}

/// A variance or standard deviation of a number column, by the name it is called with.
///
/// ```
/// use ember::{col, dispersion, DispersionName};
/// assert_eq!(dispersion(DispersionName::Std, col("n")).output_name(), "std(n)");
/// ```
pub fn dispersion(name: DispersionName, e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Dispersion(name), e)
}

/// `stddev(e)`: the sample standard deviation, a `double`, `NULL` for fewer than two values.
pub fn stddev(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::Stddev, e)
}

/// `stddev_samp(e)`: as [`stddev`].
pub fn stddev_samp(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::StddevSamp, e)
}

/// `stddev_pop(e)`: the population standard deviation, a `double`, `NULL` without values.
pub fn stddev_pop(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::StddevPop, e)
}

/// `variance(e)`: the sample variance, a `double`, `NULL` for fewer than two values.
pub fn variance(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::Variance, e)
}

/// `var_samp(e)`: as [`variance`].
pub fn var_samp(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::VarSamp, e)
}

/// `var_pop(e)`: the population variance, a `double`, `NULL` without values.
pub fn var_pop(e: impl Into<Expr>) -> Expr {
    dispersion(DispersionName::VarPop, e)
}
