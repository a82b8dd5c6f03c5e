//! Running a static DataFrame: `collect` and `show`, as Spark's actions on a batch
//! DataFrame. The plan runs on the same engine as a streaming query, as one batch.

use std::sync::{Arc, Mutex};

use ember_operators::Row;

use super::DataFrame;
use crate::config::{ClusterArgs, SESSION_TIME_ZONE};
use crate::display::{format_row, show_string, ShowOptions};
use crate::error::{Error, Result};
use crate::plan::PhysicalPlan;
use crate::sink::{ForeachBatch, OutputMode};
use crate::streaming::{start_query, RunSettings, TriggerPlan};
use crate::time_zone::TimeZone;

impl DataFrame {
    /// The rows of a static DataFrame, sorted (the order Ember's sinks use; Spark's order
    /// is that of its partitions). A streaming DataFrame is refused, as Spark refuses it.
    ///
    /// ```
    /// use ember::{Row, Session, Value};
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let df = spark.create_data_frame(
    ///     vec![Row::new(vec!["b".into(), 2.into()]), Row::new(vec!["a".into(), Value::Null])],
    ///     "word STRING, n INT",
    /// ).unwrap();
    /// let rows = df.collect().unwrap();
    /// assert_eq!(rows, vec![Row::new(vec!["a".into(), Value::Null]), Row::new(vec!["b".into(), 2.into()])]);
    /// ```
    pub fn collect(&self) -> Result<Vec<Row>> {
        let plan = self.logical_plan();
        if plan.is_streaming() {
            return Err(Error::Analysis(
                "Queries with streaming sources must be executed with writeStream.start();".into(),
            ));
        }
        // One batch: an aggregation's whole result is its complete output.
        let mode = if plan.has_aggregation() {
            OutputMode::Complete
        } else {
            OutputMode::Append
        };
        let physical = PhysicalPlan::lower(plan, None, "collect".into(), mode, TriggerPlan::Once);
        let collected = Arc::new(Mutex::new(Vec::new()));
        let into = collected.clone();
        let sink = ForeachBatch::new(move |_, rows: &[Row]| {
            into.lock()
                .map_err(|_| Error::Runtime("collect: the rows' lock is poisoned".into()))?
                .extend_from_slice(rows);
            Ok(())
        });
        let session = self.session();
        let query = start_query(
            physical,
            Box::new(sink),
            RunSettings {
                // In this process only: a static DataFrame is the program's own.
                cluster: ClusterArgs {
                    workers: session.cluster().workers,
                    ..ClusterArgs::default()
                },
                default_workers: session.default_workers(),
                graceful: false,
                explained: String::new(),
                checkpoint: None,
                snapshot_every: 1,
                retain_batches: 1,
                time_zone: TimeZone::session(session.conf().get(SESSION_TIME_ZONE))?,
                // A batch job is not one of the session's streaming queries.
                recent_progress: 1,
                idle_interval: std::time::Duration::MAX,
                manager: Default::default(),
            },
        )?;
        query.await_termination()?;
        let rows = std::mem::take(
            &mut *collected
                .lock()
                .map_err(|_| Error::Runtime("collect: the rows' lock is poisoned".into()))?,
        );
        Ok(rows)
    }

    /// The table [`show`](Self::show) prints: the first `num_rows` rows, cells cut at
    /// `truncate` characters (0: not cut), exactly as the console sink prints a batch.
    pub fn show_string(&self, num_rows: usize, truncate: usize) -> Result<String> {
        let rows = self.collect()?;
        let zone = TimeZone::session(self.session().conf().get(SESSION_TIME_ZONE))?;
        let cells: Vec<Vec<String>> = rows
            .iter()
            .take(num_rows.saturating_add(1))
            .map(|row| format_row(row, zone))
            .collect();
        let names = self.schema().names();
        let columns: Vec<&str> = names.iter().map(|n| n.as_ref()).collect();
        Ok(show_string(
            &columns,
            &cells,
            &ShowOptions { num_rows, truncate },
        ))
    }

    /// Prints the first `num_rows` rows as a table on stdout, as Spark's `show(n, truncate)`
    /// (`truncate`: 20 is Spark's `True`, 0 its `False`).
    pub fn show(&self, num_rows: usize, truncate: usize) -> Result<()> {
        println!("{}", self.show_string(num_rows, truncate)?);
        Ok(())
    }
}
