//! [`RowOperator`]: a user's closure applied to every row (Spark's typed `map`, `flatMap` and
//! `filter`), as an [`Operator`].

use std::sync::Arc;

use crate::custom::{row_text, run_user_code, BuildContext, Built, Operator, OperatorError};
use crate::{try_flat_map, Diff, Row, Rows, Schema};

/// A row function: pushes the rows one input row becomes.
pub type RowFn = Arc<dyn Fn(&Row, &mut Vec<Row>) + Send + Sync>;

/// A closure applied to every row, on the worker that holds the row (no exchange, no
/// state). Retractions of a row are retractions of its outputs, so it may follow an
/// aggregation.
///
/// A panic in the closure fails the batch (and stops the query) with an error naming the
/// operator and the row; rows that do not match the declared schema fail it too.
///
/// ```
/// use ember_operators::{DataType, Field, Operator, Row, RowOperator, Schema, Value};
/// let schema = Schema::new(vec![Field::new("n", DataType::Long)]);
/// let op = RowOperator::map("length", schema.clone(), |row: &Row| {
///     Row::new(vec![Value::Long(row.get(0).as_str().map_or(0, |s| s.len() as i64))])
/// });
/// assert_eq!(op.name(), "length");
/// assert_eq!(op.output_schema(&Schema::default()).unwrap(), schema);
/// ```
#[derive(Clone)]
pub struct RowOperator {
    name: String,
    kind: &'static str,
    schema: Option<Schema>,
    logic: RowFn,
}

impl RowOperator {
    /// One output row per input row, of schema `schema` (Spark's `map`).
    pub fn map(
        name: impl Into<String>,
        schema: Schema,
        f: impl Fn(&Row) -> Row + Send + Sync + 'static,
    ) -> Self {
        RowOperator {
            name: name.into(),
            kind: "Map",
            schema: Some(schema),
            logic: Arc::new(move |row, out| out.push(f(row))),
        }
    }

    /// Any number of output rows per input row, of schema `schema` (Spark's `flatMap`).
    pub fn flat_map(
        name: impl Into<String>,
        schema: Schema,
        f: impl Fn(&Row, &mut Vec<Row>) + Send + Sync + 'static,
    ) -> Self {
        RowOperator {
            name: name.into(),
            kind: "FlatMap",
            schema: Some(schema),
            logic: Arc::new(f),
        }
    }

    /// The rows for which `f` is true, unchanged (Spark's typed `filter`).
    pub fn filter(
        name: impl Into<String>,
        f: impl Fn(&Row) -> bool + Send + Sync + 'static,
    ) -> Self {
        RowOperator {
            name: name.into(),
            kind: "Filter",
            schema: None,
            logic: Arc::new(move |row, out| {
                if f(row) {
                    out.push(row.clone())
                }
            }),
        }
    }
}

impl Operator for RowOperator {
    fn name(&self) -> &str {
        &self.name
    }

    fn output_schema(&self, input: &Schema) -> Result<Schema, OperatorError> {
        Ok(self.schema.clone().unwrap_or_else(|| input.clone()))
    }

    fn describe(&self) -> String {
        match &self.schema {
            Some(schema) => format!(
                "{} {} -> [{}]",
                self.kind,
                self.name,
                schema.names().join(", ")
            ),
            None => format!("{} {}", self.kind, self.name),
        }
    }

    fn build<'scope>(&self, rows: Rows<'scope>, _context: &BuildContext) -> Built<'scope> {
        let logic = self.logic.clone();
        let name = self.name.clone();
        let mut produced = Vec::new();
        let (rows, errors) = try_flat_map(
            rows,
            &self.name,
            Box::new(move |row: Row, diff: Diff, out: &mut Vec<(Row, Diff)>| {
                produced.clear();
                run_user_code(|| logic(&row, &mut produced)).map_err(|panic| {
                    OperatorError::new(
                        &name,
                        format!("panicked on row {}: {panic}", row_text(&row)),
                    )
                    .to_string()
                })?;
                out.extend(produced.drain(..).map(|r| (r, diff)));
                Ok(())
            }),
        );
        Built {
            rows,
            errors: Some(errors),
            state: None,
        }
    }
}
