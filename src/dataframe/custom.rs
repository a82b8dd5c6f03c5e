//! Custom operators on a [`DataFrame`]: `transform(operator)` for any
//! [`Operator`], the row closures built on it (`map_rows`, `flat_map_rows`, `filter_rows`,
//! Spark's typed `map`, `flatMap` and `filter`), and `drop_duplicates`.

use std::sync::Arc;

use ember_operators::{DropDuplicates, Operator, Row, RowOperator, Schema};

use super::DataFrame;
use crate::error::Result;
use crate::plan::LogicalPlan;

impl DataFrame {
    /// The rows `operator` makes of this DataFrame's rows: the extension point for operators
    /// written in Rust against `ember-operators` (see its [`Operator`] trait).
    ///
    /// Fails (an analysis error naming the operator) when the operator refuses this
    /// DataFrame's schema.
    ///
    /// ```
    /// use ember::{Session, Schema};
    /// use ember_operators::{Built, BuildContext, Operator, OperatorError, Rows};
    ///
    /// struct NeedsUser;
    /// impl Operator for NeedsUser {
    ///     fn name(&self) -> &str { "needs_user" }
    ///     fn output_schema(&self, input: &Schema) -> Result<Schema, OperatorError> {
    ///         input.index_of("user").map(|_| input.clone())
    ///             .ok_or_else(|| OperatorError::new("needs_user", "no column 'user'"))
    ///     }
    ///     fn build<'s>(&self, rows: Rows<'s>, _: &BuildContext) -> Built<'s> { Built::rows(rows) }
    /// }
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let lines = spark.read_stream().text(dir.path()).unwrap();
    /// let err = lines.transform(NeedsUser).unwrap_err().to_string();
    /// assert_eq!(err, "Operator 'needs_user' failed: no column 'user'");
    /// ```
    pub fn transform(&self, operator: impl Operator) -> Result<DataFrame> {
        self.transform_shared(Arc::new(operator))
    }

    /// [`transform`](Self::transform) with an operator already shared.
    pub fn transform_shared(&self, operator: Arc<dyn Operator>) -> Result<DataFrame> {
        let schema = operator.output_schema(self.schema())?;
        Ok(self.with_plan(LogicalPlan::Custom {
            input: self.logical_plan_arc(),
            operator,
            schema,
        }))
    }

    /// One row of schema `schema` per row, computed by `f` (Spark's typed `map`). A row `f`
    /// returns that does not match `schema`, or a panic in `f`, fails the query with an error
    /// naming `map_rows` and the row.
    ///
    /// ```
    /// use ember::{DataType, Field, Row, Schema, Session, Value};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let lines = spark.read_stream().text(dir.path()).unwrap();
    /// let schema = Schema::new(vec![Field::new("length", DataType::Long)]);
    /// let lengths = lines.map_rows(schema, |row: &Row| {
    ///     Row::new(vec![Value::Long(row.get(0).as_str().unwrap_or("").len() as i64)])
    /// }).unwrap();
    /// assert_eq!(lengths.schema().names(), ["length"]);
    /// assert!(lengths.explain_string().contains("Custom Map map_rows -> [length]"));
    /// ```
    pub fn map_rows(
        &self,
        schema: Schema,
        f: impl Fn(&Row) -> Row + Send + Sync + 'static,
    ) -> Result<DataFrame> {
        self.transform(RowOperator::map("map_rows", schema, f))
    }

    /// Any number of rows of schema `schema` per row, pushed by `f` (Spark's typed
    /// `flatMap`); errors as [`map_rows`](Self::map_rows).
    pub fn flat_map_rows(
        &self,
        schema: Schema,
        f: impl Fn(&Row, &mut Vec<Row>) + Send + Sync + 'static,
    ) -> Result<DataFrame> {
        self.transform(RowOperator::flat_map("flat_map_rows", schema, f))
    }

    /// The rows for which `f` is true (Spark's typed `filter`); a panic in `f` fails the
    /// query with an error naming `filter_rows` and the row.
    pub fn filter_rows(
        &self,
        f: impl Fn(&Row) -> bool + Send + Sync + 'static,
    ) -> Result<DataFrame> {
        self.transform(RowOperator::filter("filter_rows", f))
    }

    /// The first row of each distinct value of `columns` (every column with `None`), as
    /// Spark's `dropDuplicates`: a later row whose key was seen — in this batch or any
    /// before — is dropped.
    ///
    /// The keys seen are state, kept (and checkpointed) for the life of the query: without a
    /// watermark it grows with every distinct key, as in Spark.
    ///
    /// ```
    /// use ember::Session;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let lines = spark.read_stream().text(dir.path()).unwrap();
    /// let unique = lines.drop_duplicates(None).unwrap();
    /// assert!(unique.explain_string().contains("DropDuplicates [all columns]"));
    /// let err = lines.drop_duplicates(Some(vec!["user"])).unwrap_err().to_string();
    /// assert_eq!(err, "Operator 'DropDuplicates' failed: cannot resolve column 'user' among (value)");
    /// ```
    pub fn drop_duplicates(&self, columns: Option<Vec<&str>>) -> Result<DataFrame> {
        let columns = columns.map(|c| c.into_iter().map(str::to_string).collect());
        self.transform(DropDuplicates::new(columns))
    }
}
