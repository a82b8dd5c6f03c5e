//! [`GroupedData`]: `df.group_by(..)`, waiting for its aggregates.

use super::DataFrame;
use crate::error::Result;
use crate::expr::{count_star, Expr};
use crate::plan::{bind_grouping, LogicalPlan};

/// A DataFrame grouped by key expressions, as Spark's `GroupedData`.
#[derive(Clone, Debug)]
pub struct GroupedData {
    pub(super) df: DataFrame,
    pub(super) keys: Vec<Expr>,
}

impl GroupedData {
    pub(crate) fn new(df: DataFrame, keys: Vec<Expr>) -> Self {
        GroupedData { df, keys }
    }

    /// One row per group: the keys, then `count` (a `bigint`), as `groupBy(..).count()`.
    ///
    /// ```
    /// use ember::Session;
    /// use ember::expr::{col, explode, split};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let counts = spark.read_stream().text(dir.path()).unwrap()
    ///     .select([explode(split(col("value"), " ")).alias("word")]).unwrap()
    ///     .group_by([col("word")]).unwrap()
    ///     .count().unwrap();
    /// assert_eq!(counts.schema().names(), ["word", "count"]);
    /// ```
    pub fn count(self) -> Result<DataFrame> {
        self.agg([count_star().alias("count")])
    }

    /// One row per group: the keys, then each aggregate (`count`, `sum`, `avg`, `min`, `max`).
    pub fn agg(self, aggregates: impl IntoIterator<Item = Expr>) -> Result<DataFrame> {
        let aggregates: Vec<Expr> = aggregates.into_iter().collect();
        let grouping = bind_grouping(&self.keys, &aggregates, self.df.schema())?;
        let plan = LogicalPlan::Aggregate {
            input: self.df.logical_plan_arc(),
            keys: self.keys,
            aggregates,
            windowing: grouping.windowing,
            schema: grouping.schema,
        };
        Ok(self.df.with_plan(plan))
    }
}
