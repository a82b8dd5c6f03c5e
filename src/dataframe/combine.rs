//! DataFrames of several inputs: `union`, `union_by_name` and `join`.

use ember_operators::{Field, Schema};

use super::DataFrame;
use crate::error::{Error, Result};
use crate::expr::col;
use crate::plan::{JoinOn, JoinPlan, JoinType, LogicalPlan, Side};

impl DataFrame {
    /// The rows of this DataFrame and of `other`, column by column by position, as Spark's
    /// `union` (which keeps duplicates, as SQL's `UNION ALL`). The result's column names are
    /// this DataFrame's. Both must be streaming, or both static.
    ///
    /// ```
    /// use ember::{Session, expr::col};
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let a = spark.read_stream().text(dir.path()).unwrap();
    /// let b = spark.read_stream().text(dir.path()).unwrap();
    /// assert_eq!(a.union(&b).unwrap().schema().names(), ["value"]);
    /// let wide = b.select([col("value"), col("value").alias("copy")]).unwrap();
    /// let err = a.union(&wide).unwrap_err().to_string();
    /// assert!(err.starts_with("[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns"), "{err}");
    /// ```
    pub fn union(&self, other: &DataFrame) -> Result<DataFrame> {
        let (first, second) = (self.schema(), other.schema());
        if first.fields.len() != second.fields.len() {
            return Err(Error::Analysis(format!(
                "[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same \
                 number of columns, but the first input has {} columns and the second input \
                 has {} columns. SQLSTATE: 42826",
                first.fields.len(),
                second.fields.len()
            )));
        }
        if self.is_streaming() != other.is_streaming() {
            return Err(Error::Analysis(
                "Union between streaming and batch DataFrames/Datasets is not supported".into(),
            ));
        }
        let mut fields = Vec::new();
        for (i, (a, b)) in first.fields.iter().zip(&second.fields).enumerate() {
            if a.data_type != b.data_type {
                return Err(Error::Analysis(format!(
                    "[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed on inputs with \
                     compatible column types. The {} column of the second input is \"{}\" type \
                     which is not compatible with \"{}\" at the same column of the first input. \
                     SQLSTATE: 42825",
                    ordinal(i + 1),
                    b.data_type.to_string().to_uppercase(),
                    a.data_type.to_string().to_uppercase()
                )));
            }
            fields.push(Field {
                nullable: a.nullable || b.nullable,
                ..a.clone()
            });
        }
        // A union of unions is one union of all their inputs.
        let mut inputs = Vec::new();
        for plan in [self.logical_plan_arc(), other.logical_plan_arc()] {
            match &*plan {
                LogicalPlan::Union { inputs: nested, .. } => inputs.extend(nested.iter().cloned()),
                _ => inputs.push(plan),
            }
        }
        Ok(self.with_plan(LogicalPlan::Union {
            inputs,
            schema: Schema::new(fields),
        }))
    }

    /// As [`union`](Self::union), matching `other`'s columns to this DataFrame's by name
    /// (ignoring case), as Spark's `unionByName`.
    pub fn union_by_name(&self, other: &DataFrame) -> Result<DataFrame> {
        let names = self.schema().names();
        if names.len() != other.schema().fields.len() {
            return self.union(other);
        }
        let reordered = other.select(names.iter().map(|name| col(*name)))?;
        self.union(&reordered)
    }

    /// This streaming DataFrame joined with a static one, as Spark's `join(other, on, how)` (or
    /// a static DataFrame joined with a stream, in an inner join).
    ///
    /// - `on`: column names present on both sides (`"word"` or `vec!["a", "b"]`; each appears
    ///   once in the result, first), or a condition: `=` comparisons joined by `and`, each
    ///   with a column of this DataFrame on its left and one of `other` on its right
    ///   (`col("word").eq(col("name"))`; both sides' columns stay).
    /// - `how`: `inner`, `left_outer` (`left`), `left_semi` (`semi`) or `left_anti` (`anti`).
    ///   Spark's refusals of the other types with a streaming left side are kept word for word.
    ///
    /// The static side is partitioned across workers by the key's hash and indexed once;
    /// each batch's rows are looked up in it. Rows with a null key match nothing.
    ///
    /// ```
    /// use ember::{Session, Schema, Row};
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let words = spark.read_stream().text(dir.path()).unwrap()
    ///     .with_column_renamed("value", "word").unwrap();
    /// let categories = spark.create_data_frame(
    ///     vec![Row::new(vec!["apple".into(), "fruit".into()])],
    ///     "word STRING, category STRING",
    /// ).unwrap();
    /// let joined = words.join(&categories, "word", "left_outer").unwrap();
    /// assert_eq!(joined.schema().names(), ["word", "category"]);
    /// let err = words.join(&categories, "word", "full_outer").unwrap_err().to_string();
    /// assert!(err.starts_with("FullOuter joins with streaming DataFrames/Datasets on the left"), "{err}");
    /// ```
    pub fn join(&self, other: &DataFrame, on: impl Into<JoinOn>, how: &str) -> Result<DataFrame> {
        let stream_on_right = other.is_streaming();
        if stream_on_right && self.is_streaming() {
            return Err(Error::Analysis(
                "Ember joins a stream with a static DataFrame; a join of two streams is not \
                 supported yet"
                    .into(),
            ));
        }
        let how = if stream_on_right {
            JoinType::parse_for_static_stream(how)?
        } else {
            JoinType::parse_for_stream_static(how)?
        };
        let (mut join, schema) = JoinPlan::resolve(self.schema(), other.schema(), &on.into(), how)?;
        if stream_on_right {
            // The static table on the left; the stream, on the right, is looked up in it.
            join.static_side = Side::Left;
        }
        Ok(self.with_plan(LogicalPlan::Join {
            left: self.logical_plan_arc(),
            right: other.logical_plan_arc(),
            join,
            schema,
        }))
    }
}

/// `n` as an English ordinal, as Spark's messages write them.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
