//! [`GroupedData`]: `df.group_by(..)`, waiting for its aggregates.

use std::sync::Arc;

use ember_operators::{Field, Schema};

use super::DataFrame;
use crate::error::{Error, Result};
use crate::expr::{bind, bind_aggregate, count_star, Expr, SessionKey, WindowKey};
use crate::plan::{GroupKey, LogicalPlan};

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
        let input = self.df.logical_plan();
        let input_schema = input.schema();
        let keys = self
            .keys
            .iter()
            .map(|k| group_key(k, input_schema))
            .collect::<Result<Vec<_>>>()?;
        let windows = keys
            .iter()
            .filter(|k| matches!(k, GroupKey::Window(_) | GroupKey::Session(_)))
            .count();
        if windows > 1 {
            // Spark 4's words (checked with PySpark 4.3), which carry no error class.
            return Err(Error::Analysis(
                "Multiple time/session window expressions would result in a cartesian product \
                 of rows, therefore they are currently not supported."
                    .into(),
            ));
        }
        let aggregates = aggregates
            .into_iter()
            .map(|a| bind_aggregate(&a, input_schema))
            .collect::<Result<Vec<_>>>()?;
        let mut fields: Vec<Field> = keys
            .iter()
            .map(|k| Field {
                name: k.name().to_string(),
                data_type: k.data_type(),
                nullable: k.nullable(),
            })
            .collect();
        fields.extend(aggregates.iter().map(|a| Field {
            name: a.name.clone(),
            data_type: a.data_type.clone(),
            nullable: a.nullable,
        }));
        let plan = LogicalPlan::Aggregate {
            input: Arc::new(input.clone()),
            keys,
            aggregates,
            schema: Schema::new(fields),
        };
        Ok(self.df.with_plan(plan))
    }
}

/// The grouping key `key` stands for over rows of `schema`: a time or session window, an input
/// column, or any other expression.
fn group_key(key: &Expr, schema: &Schema) -> Result<GroupKey> {
    if let Some(window) = WindowKey::of(key, schema)? {
        return Ok(GroupKey::Window(window));
    }
    if let Some(session) = SessionKey::of(key, schema)? {
        return Ok(GroupKey::Session(session));
    }
    let bound = bind(key, schema)?;
    let column = match key {
        Expr::Column(name) => schema.index_of(name),
        _ => None,
    };
    Ok(match column {
        Some(index) => GroupKey::Column(index, bound),
        None => GroupKey::Expr(bound),
    })
}
