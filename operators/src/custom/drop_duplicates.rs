//! [`DropDuplicates`]: Spark's `dropDuplicates`, built on [`FlatMapGroupsWithState`] through
//! the public [`Operator`] trait — the path a user's operator takes.

use std::sync::Arc;

use crate::custom::{
    BuildContext, Built, FlatMapGroupsWithState, GroupStateTimeout, Operator, OperatorError,
};
use crate::{Row, Rows, Schema};

/// Keeps the first row of each key (all columns, or the named ones) and drops every later
/// row with a key already seen, in this batch or any before.
///
/// Within a batch, "first" is the least row (Ember's rows within a batch have no order; this
/// makes the choice the same at any scale). The keys seen are the operator's state: without
/// a watermark to forget old keys (Ember has none yet) it grows with every distinct key, as
/// Spark's does without `withWatermark`.
///
/// ```
/// use ember_operators::{DataType, DropDuplicates, Field, Operator, Schema};
/// let schema = Schema::new(vec![Field::new("user", DataType::String), Field::new("page", DataType::String)]);
/// let dedup = DropDuplicates::new(Some(vec!["user".into()]));
/// assert_eq!(dedup.output_schema(&schema).unwrap(), schema);
/// assert_eq!(
///     DropDuplicates::new(Some(vec!["nope".into()])).output_schema(&schema).unwrap_err().to_string(),
///     "Operator 'DropDuplicates' failed: cannot resolve column 'nope' among (user, page)"
/// );
/// ```
#[derive(Clone, Debug)]
pub struct DropDuplicates {
    columns: Option<Vec<String>>,
}

impl DropDuplicates {
    /// Deduplicates on `columns`, or on whole rows with `None`.
    pub fn new(columns: Option<Vec<String>>) -> Self {
        DropDuplicates { columns }
    }

    /// The key columns' positions and names in `schema`.
    fn resolve(&self, schema: &Schema) -> Result<(Vec<usize>, Vec<String>), OperatorError> {
        let Some(columns) = &self.columns else {
            let names = schema.names().iter().map(|n| n.to_string()).collect();
            return Ok(((0..schema.len()).collect(), names));
        };
        let mut positions = Vec::new();
        for column in columns {
            let i = schema.index_of(column).ok_or_else(|| {
                OperatorError::new(
                    self.name(),
                    format!(
                        "cannot resolve column '{column}' among ({})",
                        schema.names().join(", ")
                    ),
                )
            })?;
            positions.push(i);
        }
        Ok((positions, columns.clone()))
    }
}

impl Operator for DropDuplicates {
    fn name(&self) -> &str {
        "DropDuplicates"
    }

    fn output_schema(&self, input: &Schema) -> Result<Schema, OperatorError> {
        self.resolve(input)?;
        Ok(input.clone())
    }

    fn describe(&self) -> String {
        let keys = match &self.columns {
            Some(columns) => columns.join(", "),
            None => "all columns".into(),
        };
        format!("DropDuplicates [{keys}]: exchange by hash, keeps every key seen")
    }

    fn is_stateful(&self) -> bool {
        true
    }

    fn build<'scope>(&self, rows: Rows<'scope>, context: &BuildContext) -> Built<'scope> {
        let (positions, names) = self
            .resolve(&context.input_schema)
            .expect("invariant violated: analysis resolved the columns");
        let inner = FlatMapGroupsWithState::<()>::new(
            self.name(),
            names,
            Arc::new(move |row: &Row| {
                Ok(Row::new(
                    positions.iter().map(|i| row.get(*i).clone()).collect(),
                ))
            }),
            context.input_schema.clone(),
            GroupStateTimeout::NoTimeout,
            Arc::new(|_key: &Row, rows: &[Row], state| {
                if state.exists() {
                    return Vec::new();
                }
                state.update(());
                rows.first().cloned().into_iter().collect()
            }),
        );
        inner.build(rows, context)
    }
}
