//! [`DataStreamWriter`]: `df.writeStream`.

use std::io::Write;
use std::sync::{Arc, Mutex};

use super::DataFrame;
use crate::config::{
    IDLE_EVENT_INTERVAL, MIN_BATCHES_TO_RETAIN, RECENT_PROGRESS, SESSION_TIME_ZONE, SNAPSHOT_EVERY,
};
use crate::error::{Error, Result};
use crate::options::OptionMap;
use crate::plan::{analyze, PhysicalPlan};
use crate::sink::{create_sink, ForeachBatch, OutputMode, Sink, SinkRequest};
use crate::streaming::{start_query, RunSettings, StreamingQuery, Trigger};
use crate::time_zone::TimeZone;

/// Configures the sink of a streaming query and starts it, as Spark's `DataStreamWriter`.
pub struct DataStreamWriter {
    df: DataFrame,
    format: String,
    options: OptionMap,
    output_mode: String,
    trigger: Trigger,
    query_name: Option<String>,
    console: Option<Box<dyn Write + Send>>,
    foreach_batch: Option<ForeachBatch>,
}

impl std::fmt::Debug for DataStreamWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataStreamWriter")
            .field("format", &self.format)
            .field("output_mode", &self.output_mode)
            .field("trigger", &self.trigger)
            .finish_non_exhaustive()
    }
}

impl DataStreamWriter {
    pub(crate) fn new(df: DataFrame) -> Self {
        DataStreamWriter {
            df,
            format: "console".into(),
            options: OptionMap::default(),
            output_mode: "append".into(),
            trigger: Trigger::default(),
            query_name: None,
            console: None,
            foreach_batch: None,
        }
    }

    /// The sink format: `console` (the default), `csv` or `json` (files in the directory given
    /// by `option("path", dir)`, exactly once; they need a `checkpointLocation`), `memory` (a
    /// table named by `query_name`, read with `Session::table`), `noop`, or a format
    /// registered with `Session::register_sink`.
    pub fn format(mut self, format: &str) -> Self {
        self.format = format.to_string();
        self
    }

    /// Sets a sink option: `checkpointLocation`; the console's `numRows` and `truncate`; the
    /// file sinks' `path`, and csv's `header` and `sep`.
    pub fn option(mut self, key: &str, value: impl ToString) -> Self {
        self.options.set(key, value.to_string());
        self
    }

    /// The output mode: `append` (default), `update` or `complete`; checked at `start()`.
    pub fn output_mode(mut self, mode: &str) -> Self {
        self.output_mode = mode.to_string();
        self
    }

    /// When batches run (default: as soon as the previous one is done and data is new).
    pub fn trigger(mut self, trigger: Trigger) -> Self {
        self.trigger = trigger;
        self
    }

    /// Names the query.
    pub fn query_name(mut self, name: &str) -> Self {
        self.query_name = Some(name.to_string());
        self
    }

    /// Sends the console sink's output to `writer` instead of stdout (tests capture it so).
    pub fn console_writer(mut self, writer: impl Write + Send + 'static) -> Self {
        self.console = Some(Box::new(writer));
        self
    }

    /// Sends every batch to `function` instead of a sink format, as Spark's `foreachBatch`:
    /// it gets the batch id and the batch's rows, sorted, as the output mode defines them.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use ember::{Row, Session, Trigger};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("a.txt"), "b\na\n").unwrap();
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let sink = seen.clone();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let query = spark.read_stream().text(dir.path()).unwrap()
    ///     .write_stream()
    ///     .trigger(Trigger::AvailableNow)
    ///     .foreach_batch(move |id, rows: &[Row]| {
    ///         sink.lock().unwrap().push((id, rows.len()));
    ///         Ok(())
    ///     })
    ///     .start().unwrap();
    /// query.await_termination().unwrap();
    /// assert_eq!(*seen.lock().unwrap(), vec![(0, 2)]);
    /// ```
    pub fn foreach_batch(
        mut self,
        function: impl FnMut(u64, &[ember_operators::Row]) -> Result<()> + Send + 'static,
    ) -> Self {
        self.foreach_batch = Some(ForeachBatch::new(function));
        self
    }

    /// Checks the query against Spark's rules and starts it. Nothing runs if a check fails.
    pub fn start(mut self) -> Result<StreamingQuery> {
        let mode: OutputMode = self.output_mode.parse()?;
        let trigger = self.trigger.resolve()?;
        let checkpoint = self
            .options
            .take("checkpointLocation")
            .map(std::path::PathBuf::from);
        let plan = self.df.logical_plan();
        if !plan.is_streaming() {
            return Err(Error::Analysis(
                "'writeStream' can be called only on streaming Dataset/DataFrame.".into(),
            ));
        }
        let session = self.df.session();
        let console = self.console.unwrap_or_else(|| Box::new(std::io::stdout()));
        let sink: Box<dyn Sink> = match self.foreach_batch {
            Some(function) => {
                self.options.finish("foreach_batch", &[])?;
                Box::new(function)
            }
            None => create_sink(
                session.sinks(),
                SinkRequest {
                    format: self.format.to_ascii_lowercase(),
                    options: self.options,
                    output_mode: mode,
                    schema: plan.schema().clone(),
                    query_name: self.query_name.clone(),
                    session_time_zone: session.conf().get(SESSION_TIME_ZONE).map(String::from),
                    console: Arc::new(Mutex::new(console)),
                    tables: session.tables().clone(),
                },
            )?,
        };
        {
            if sink.requires_checkpoint() && checkpoint.is_none() {
                return Err(Error::Analysis(
                    "checkpointLocation must be specified either through \
                     option(\"checkpointLocation\", ...) or \
                     SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...)."
                        .into(),
                ));
            }
        }
        analyze(plan, mode)?;
        let physical = PhysicalPlan::lower(plan, self.query_name, sink.describe(), mode, trigger);
        let explained = crate::plan::explain(plan, &physical);
        let conf = session.conf();
        start_query(
            physical,
            sink,
            RunSettings {
                cluster: session.cluster().clone(),
                default_workers: session.default_workers(),
                graceful: session.stop_gracefully(),
                explained,
                checkpoint,
                snapshot_every: conf.get_positive(SNAPSHOT_EVERY)?.unwrap_or(10) as u64,
                retain_batches: conf.get_positive(MIN_BATCHES_TO_RETAIN)?.unwrap_or(100) as u64,
                time_zone: TimeZone::session(conf.get(SESSION_TIME_ZONE))?,
                recent_progress: conf
                    .get_count(RECENT_PROGRESS)?
                    .map_or(crate::streaming::progress::DEFAULT_RECENT, |n| n as usize),
                idle_interval: std::time::Duration::from_millis(
                    conf.get_count(IDLE_EVENT_INTERVAL)?.unwrap_or(10_000),
                ),
                manager: session.streams().clone(),
            },
        )
        .inspect(|_| session.ensure_ui())
    }
}
