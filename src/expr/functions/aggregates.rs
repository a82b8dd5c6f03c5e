//! The builders of aggregate functions (`count`, `sum`, ...); how they bind and run is in
//! `expr/aggregate.rs` and the operators.

use super::{Arity, Entry};
use crate::expr::{AggregateFunction, Expr};

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

/// `avg(e)`: always `double`.
pub fn avg(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Avg, e.into())
}

/// `min(e)`: the smallest non-null value, of `e`'s type.
pub fn min(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Min, e.into())
}

/// `max(e)`: the largest non-null value, of `e`'s type.
pub fn max(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Max, e.into())
}

/// The aggregate functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::special("count", Arity::exactly(1), |mut a| Ok(count(a.remove(0)))),
    Entry::special("sum", Arity::exactly(1), |mut a| Ok(sum(a.remove(0)))),
    Entry::special("avg", Arity::exactly(1), |mut a| Ok(avg(a.remove(0)))),
    Entry::special("mean", Arity::exactly(1), |mut a| Ok(avg(a.remove(0)))),
    Entry::special("min", Arity::exactly(1), |mut a| Ok(min(a.remove(0)))),
    Entry::special("max", Arity::exactly(1), |mut a| Ok(max(a.remove(0)))),
];
