//! [`DataFrame`]: a lazy, streaming query over a [`LogicalPlan`], and its reader and writer.

mod batch;
mod combine;
mod custom;
mod grouped;
mod grouped_state;
mod reader;
mod writer;

pub use grouped::GroupedData;
pub use reader::DataStreamReader;
pub use writer::DataStreamWriter;

use std::sync::Arc;

use ember_operators::Schema;

use crate::error::{Error, Result};
use crate::expr::{bind_filter, bind_projection, col, Expr};
use crate::plan::LogicalPlan;
use crate::session::Session;
use crate::sql::IntoCondition;

/// A streaming DataFrame: a logical plan and the session it belongs to. Methods only build
/// the plan; nothing runs until [`DataStreamWriter::start`].
#[derive(Clone, Debug)]
pub struct DataFrame {
    session: Session,
    plan: Arc<LogicalPlan>,
}

impl DataFrame {
    pub(crate) fn new(session: Session, plan: LogicalPlan) -> Self {
        Self::from_plan(session, Arc::new(plan))
    }

    pub(crate) fn from_plan(session: Session, plan: Arc<LogicalPlan>) -> Self {
        DataFrame { session, plan }
    }

    /// The schema of the rows.
    pub fn schema(&self) -> &Schema {
        self.plan.schema()
    }

    /// The logical plan.
    pub fn logical_plan(&self) -> &LogicalPlan {
        &self.plan
    }

    /// Whether this DataFrame reads a stream (a static one comes from
    /// `create_data_frame`, `read()` or `table` only).
    pub fn is_streaming(&self) -> bool {
        self.plan.is_streaming()
    }

    /// A writer that starts this DataFrame as a streaming query, as `df.writeStream`.
    pub fn write_stream(&self) -> DataStreamWriter {
        DataStreamWriter::new(self.clone())
    }

    pub(crate) fn session(&self) -> &Session {
        &self.session
    }

    pub(crate) fn logical_plan_arc(&self) -> Arc<LogicalPlan> {
        self.plan.clone()
    }

    pub(crate) fn with_plan(&self, plan: LogicalPlan) -> DataFrame {
        DataFrame::new(self.session.clone(), plan)
    }

    /// The columns `exprs` compute from each row, as `select`. With `explode`, one row per
    /// element of the exploded array.
    ///
    /// ```
    /// use ember::Session;
    /// use ember::expr::{col, explode, lower, split};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let lines = spark.read_stream().text(dir.path()).unwrap();
    /// let words = lines.select([explode(split(lower(col("value")), " ")).alias("word")]).unwrap();
    /// assert_eq!(words.schema().names(), ["word"]);
    /// let err = lines.select([col("nope")]).unwrap_err().to_string();
    /// assert!(err.starts_with("[UNRESOLVED_COLUMN.WITH_SUGGESTION]"), "{err}");
    /// ```
    pub fn select(&self, exprs: impl IntoIterator<Item = Expr>) -> Result<DataFrame> {
        let exprs: Vec<Expr> = exprs.into_iter().collect();
        // Bound here to check the expressions and type the columns; the closures that
        // compute them are made when the plan is rendered.
        let schema = bind_projection(&exprs, self.schema())?.schema;
        Ok(self.with_plan(LogicalPlan::Project {
            input: self.plan.clone(),
            exprs,
            schema,
        }))
    }

    /// The columns of Spark SQL expressions, as `selectExpr`: `"a + 1"`, `"s AS t"`, `"*"`.
    ///
    /// ```
    /// use ember::{Row, Session};
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let df = spark.create_data_frame(vec![Row::new(vec![1.into()])], "a INT").unwrap();
    /// let out = df.select_expr(["*", "a * 2 AS `d d`", "CAST(a AS STRING)"]).unwrap();
    /// assert_eq!(out.schema().names(), ["a", "d d", "a"]);
    /// ```
    pub fn select_expr<S: AsRef<str>>(
        &self,
        exprs: impl IntoIterator<Item = S>,
    ) -> Result<DataFrame> {
        let mut columns = Vec::new();
        let mut texts = Vec::new();
        for text in exprs {
            columns.extend(crate::sql::select_items(text.as_ref(), self.schema())?);
            texts.push(text.as_ref().to_string());
        }
        // An unknown column is reported at its position in the first text that names it.
        self.select(columns).map_err(|e| {
            texts.iter().fold(e, |e, text| match e {
                crate::Error::Analysis(ref m) if m.contains("; line ") => e,
                e => crate::sql::at_column(e, text),
            })
        })
    }

    /// Registers this DataFrame as the session's temporary view `name` (replacing one of that
    /// name), for `Session::sql` and `Session::table`, as `createOrReplaceTempView`.
    pub fn create_or_replace_temp_view(&self, name: &str) -> Result<()> {
        self.session.views().replace(name, self.plan.clone());
        Ok(())
    }

    /// Registers this DataFrame as the temporary view `name`, as `createTempView`: an error
    /// when the view exists.
    pub fn create_temp_view(&self, name: &str) -> Result<()> {
        if self.session.views().create(name, self.plan.clone()) {
            Ok(())
        } else {
            Err(Error::Analysis(format!(
                "[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `{name}` \
                 because it already exists.\nChoose a different name, drop or replace the \
                 existing view. SQLSTATE: 42P07"
            )))
        }
    }

    /// The rows for which `condition` is true (not false, not null), as `filter`: an
    /// [`Expr`], or SQL text (`"a > 1"`) as PySpark takes.
    ///
    /// ```
    /// use ember::{col, Row, Session};
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let df = spark.create_data_frame(vec![Row::new(vec![1.into()])], "a INT").unwrap();
    /// assert_eq!(
    ///     df.filter("a > 1").unwrap().explain_string(),
    ///     df.filter(col("a").gt(1)).unwrap().explain_string()
    /// );
    /// ```
    pub fn filter(&self, condition: impl IntoCondition) -> Result<DataFrame> {
        let text = condition.sql_text().map(str::to_owned);
        let condition = condition.into_condition()?;
        bind_filter(&condition, self.schema()).map_err(|e| match &text {
            Some(text) => crate::sql::at_column(e, text),
            None => e,
        })?;
        Ok(self.with_plan(LogicalPlan::Filter {
            input: self.plan.clone(),
            condition,
        }))
    }

    /// `filter` under Spark's other name (`where` is a Rust keyword).
    pub fn where_(&self, condition: impl IntoCondition) -> Result<DataFrame> {
        self.filter(condition)
    }

    /// All columns, with `name` added (or replaced, if a column of that name exists) as
    /// `expr`, as `withColumn`.
    pub fn with_column(&self, name: &str, expr: Expr) -> Result<DataFrame> {
        let mut exprs: Vec<Expr> = Vec::new();
        let mut replaced = false;
        for field in &self.schema().fields {
            if field.name.eq_ignore_ascii_case(name) && !replaced {
                exprs.push(expr.clone().alias(name));
                replaced = true;
            } else {
                exprs.push(col(&field.name));
            }
        }
        if !replaced {
            exprs.push(expr.alias(name));
        }
        self.select(exprs)
    }

    /// All columns, with `existing` renamed to `new` (no-op when there is no such column, as
    /// in Spark), as `withColumnRenamed`.
    pub fn with_column_renamed(&self, existing: &str, new: &str) -> Result<DataFrame> {
        if self.schema().index_of(existing).is_none() {
            return Ok(self.clone());
        }
        let exprs = self.schema().fields.iter().map(|field| {
            if field.name.eq_ignore_ascii_case(existing) {
                col(&field.name).alias(new)
            } else {
                col(&field.name)
            }
        });
        self.select(exprs)
    }

    /// All columns but `names` (names that do not exist are ignored, as in Spark), as `drop`.
    pub fn drop<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Result<DataFrame> {
        let names: Vec<&str> = names.into_iter().collect();
        let exprs: Vec<Expr> = self
            .schema()
            .fields
            .iter()
            .filter(|f| !names.iter().any(|n| n.eq_ignore_ascii_case(&f.name)))
            .map(|f| col(&f.name))
            .collect();
        if exprs.is_empty() && !self.schema().is_empty() {
            return Err(Error::Analysis(
                "drop would remove every column; a DataFrame needs at least one".into(),
            ));
        }
        self.select(exprs)
    }

    /// Declares `column` (a `timestamp`) the event time, and rows up to `delay` (an interval
    /// such as `"10 minutes"`) late acceptable, as `withWatermark`. At the end of each batch
    /// the watermark becomes the greatest event time seen so far minus the delay (never
    /// moving back); it applies from the next batch. A windowed aggregation then drops rows
    /// whose window ended at or before the watermark, finalizes such windows (append mode
    /// emits them) and forgets their state.
    ///
    /// ```
    /// use ember::Session;
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let events = spark.read_stream().format("csv").schema("ts TIMESTAMP, word STRING")
    ///     .load_path(dir.path()).unwrap();
    /// assert!(events.with_watermark("ts", "10 minutes").is_ok());
    /// let err = events.with_watermark("word", "10 minutes").unwrap_err().to_string();
    /// assert!(err.contains("Event time must be defined on a window or a timestamp"), "{err}");
    /// ```
    pub fn with_watermark(&self, column: &str, delay: &str) -> Result<DataFrame> {
        let schema = self.schema();
        let index = schema.index_of(column).ok_or_else(|| {
            match crate::expr::bind(&col(column), schema) {
                Err(e) => e,
                Ok(_) => Error::Analysis(format!("cannot resolve {column}")),
            }
        })?;
        let field = &schema.fields[index];
        if field.data_type != crate::DataType::Timestamp {
            return Err(Error::Analysis(format!(
                "[EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE] Event time must be defined on a window or \
                 a timestamp, but \"{}\" is of type \"{}\". SQLSTATE: 42K09",
                field.name,
                field.data_type.to_string().to_uppercase()
            )));
        }
        let delay_micros = crate::interval::parse_interval_micros(delay)?;
        if delay_micros < 0 {
            return Err(Error::Analysis(format!(
                "Delay threshold ({delay}) should not be negative."
            )));
        }
        Ok(self.with_plan(LogicalPlan::Watermark {
            input: self.plan.clone(),
            column: field.name.clone(),
            index,
            delay: delay_micros,
        }))
    }

    /// Groups rows by `keys` for an aggregation, as `groupBy`.
    pub fn group_by(&self, keys: impl IntoIterator<Item = Expr>) -> Result<GroupedData> {
        Ok(GroupedData::new(self.clone(), keys.into_iter().collect()))
    }

    /// The logical and physical plans as text, as `explain()` prints them (the physical plan
    /// with a console sink in append mode; a running query's `explain()` shows its own).
    pub fn explain_string(&self) -> String {
        crate::plan::explain(
            &self.plan,
            &crate::plan::PhysicalPlan::lower(
                &self.plan,
                None,
                "console".into(),
                crate::sink::OutputMode::Append,
                crate::streaming::TriggerPlan::Every(std::time::Duration::ZERO),
            ),
        )
    }

    /// Prints [`explain_string`](Self::explain_string) on stdout, as Spark's `explain()`.
    pub fn explain(&self) {
        print!("{}", self.explain_string());
    }
}
