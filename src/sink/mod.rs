//! Streaming sinks: where `write_stream().format(..)` sends each batch, and the output modes
//! that decide which rows a batch emits.

mod console;
mod csv_writer;
mod file;
pub(crate) mod file_log;
mod foreach_batch;
mod json_writer;
mod output_mode;
mod value_text;

pub use console::ConsoleOptions;
pub use file::{FileSinkFormat, FileSinkOptions};
pub use foreach_batch::{BatchFunction, ForeachBatch};
pub use output_mode::OutputMode;

pub(crate) use console::{ConsoleSink, SharedWriter};
pub(crate) use file::FileSink;
pub(crate) use output_mode::ResultTable;

use crate::error::{data_source_not_found, Result};
use crate::options::OptionMap;

/// The formats `write_stream().format(..)` accepts.
pub const SINK_FORMATS: &[&str] = &["console", "csv", "json"];

/// A sink as the user configured it, validated.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum SinkSpec {
    /// `format("console")`: each batch printed as a table on stdout (or a chosen writer).
    Console(ConsoleOptions),
    /// `format("csv")` or `format("json")`: each batch written to a new file, exactly once.
    File(FileSinkOptions),
    /// `foreach_batch(f)`: `f` called with each batch's rows.
    ForeachBatch(ForeachBatch),
}

impl SinkSpec {
    /// Validates `format` and `options` into a sink for a query in output mode `mode`;
    /// `session_time_zone` is `spark.sql.session.timeZone`, if set.
    pub(crate) fn parse(
        format: &str,
        options: OptionMap,
        mode: OutputMode,
        session_time_zone: Option<&str>,
    ) -> Result<Self> {
        match format.to_ascii_lowercase().as_str() {
            "console" => Ok(SinkSpec::Console(ConsoleOptions::parse(
                options,
                session_time_zone,
            )?)),
            name @ ("csv" | "json") => Ok(SinkSpec::File(FileSinkOptions::parse(
                name,
                options,
                mode,
                session_time_zone,
            )?)),
            other => Err(data_source_not_found(other, SINK_FORMATS)),
        }
    }
}

/// A sink on the driver, ready to take batches.
pub(crate) enum BatchSink {
    Console(ConsoleSink),
    File(FileSink),
    ForeachBatch(ForeachBatch),
}

impl BatchSink {
    pub(crate) fn new(
        spec: &SinkSpec,
        schema: &ember_operators::Schema,
        console: SharedWriter,
    ) -> Self {
        match spec {
            SinkSpec::Console(options) => {
                BatchSink::Console(ConsoleSink::new(options.clone(), schema, console))
            }
            SinkSpec::File(options) => BatchSink::File(FileSink::new(options, schema)),
            SinkSpec::ForeachBatch(f) => BatchSink::ForeachBatch(f.clone()),
        }
    }

    /// Hands batch `batch_id`'s rows (in output order) to the sink.
    pub(crate) fn write_batch(
        &mut self,
        batch_id: u64,
        rows: &[ember_operators::Row],
    ) -> Result<()> {
        match self {
            BatchSink::Console(console) => console.write_batch(batch_id, rows),
            BatchSink::File(file) => file.write_batch(batch_id, rows),
            BatchSink::ForeachBatch(f) => f.call(batch_id, rows),
        }
    }
}
