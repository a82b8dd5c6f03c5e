//! Streaming sinks: where `write_stream().format(..)` sends each batch, and the output modes
//! that decide which rows a batch emits.

mod console;
mod foreach_batch;
mod output_mode;

pub use console::ConsoleOptions;
pub use foreach_batch::{BatchFunction, ForeachBatch};
pub use output_mode::OutputMode;

pub(crate) use console::{ConsoleSink, SharedWriter};
pub(crate) use output_mode::ResultTable;

use crate::error::{data_source_not_found, Result};
use crate::options::OptionMap;

/// The formats `write_stream().format(..)` accepts.
pub const SINK_FORMATS: &[&str] = &["console"];

/// A sink as the user configured it, validated.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum SinkSpec {
    /// `format("console")`: each batch printed as a table on stdout (or a chosen writer).
    Console(ConsoleOptions),
    /// `foreach_batch(f)`: `f` called with each batch's rows.
    ForeachBatch(ForeachBatch),
}

impl SinkSpec {
    /// Validates `format` and `options` into a sink.
    pub(crate) fn parse(format: &str, options: OptionMap) -> Result<Self> {
        match format.to_ascii_lowercase().as_str() {
            "console" => Ok(SinkSpec::Console(ConsoleOptions::parse(options)?)),
            other => Err(data_source_not_found(other, SINK_FORMATS)),
        }
    }
}

/// A sink on the driver, ready to take batches.
pub(crate) enum BatchSink {
    Console(ConsoleSink),
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
            BatchSink::ForeachBatch(f) => f.call(batch_id, rows),
        }
    }
}
