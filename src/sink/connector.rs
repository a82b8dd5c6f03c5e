//! The sink traits: what a streaming sink is to the engine.
//!
//! A [`SinkProvider`], registered by format name, validates `write_stream()`'s options into a
//! [`Sink`]; the driver hands the sink every batch, in order, once the batch is complete on
//! every worker. The engine never asks which sink it has.

use ember_operators::{Row, Schema};

use super::OutputMode;
use crate::catalog::Tables;
use crate::error::Result;
use crate::options::OptionMap;

/// Where console output goes: stdout unless the writer was given another writer.
pub type SharedWriter = std::sync::Arc<std::sync::Mutex<Box<dyn std::io::Write + Send>>>;

/// What `write_stream()` was told, for a [`SinkProvider`] to validate.
#[non_exhaustive]
pub struct SinkRequest {
    /// The format name, lowercase.
    pub format: String,
    /// The options, `checkpointLocation` taken out; take the ones the sink knows, then
    /// [`OptionMap::finish`] refuses the rest.
    pub options: OptionMap,
    /// The query's output mode.
    pub output_mode: OutputMode,
    /// The schema of the rows the sink will get.
    pub schema: Schema,
    /// `query_name`, if given.
    pub query_name: Option<String>,
    /// `spark.sql.session.timeZone`, if set.
    pub session_time_zone: Option<String>,
    /// Where console output goes.
    pub console: SharedWriter,
    /// The session's in-memory tables (the `memory` sink writes one).
    pub tables: Tables,
}

impl std::fmt::Debug for SinkRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SinkRequest")
            .field("format", &self.format)
            .field("options", &self.options)
            .field("output_mode", &self.output_mode)
            .finish_non_exhaustive()
    }
}

/// Makes sinks of one format; registered with [`crate::Session::register_sink`].
pub trait SinkProvider: Send + Sync + 'static {
    /// The format name `write_stream().format(..)` finds this provider by (lowercase).
    fn format(&self) -> &str;

    /// Validates `request` into a sink: its options, the output mode and the schema, with
    /// Spark's errors.
    fn create(&self, request: SinkRequest) -> Result<Box<dyn Sink>>;
}

/// A streaming sink, on the driver: it gets every batch once, in order.
pub trait Sink: Send + 'static {
    /// Its name for `explain()` and progress reports, e.g. `console`.
    fn describe(&self) -> String;

    /// Whether the query must have a `checkpointLocation` (Spark requires one for sinks that
    /// are exactly once, such as the file sinks).
    fn requires_checkpoint(&self) -> bool {
        false
    }

    /// Writes batch `batch_id`: `rows` are in output order, as the output mode defines them.
    /// A batch re-run after a crash may come again with the same id and the same rows; an
    /// exactly-once sink writes it once. An `Err` stops the query after this batch.
    fn write_batch(&mut self, batch_id: u64, rows: &[Row]) -> Result<()>;
}
