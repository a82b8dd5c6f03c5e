//! Streaming sinks: where `write_stream().format(..)` sends each batch, and the output modes
//! that decide which rows a batch emits.

pub mod connector;
mod console;
pub(crate) mod csv_writer;
mod file;
mod foreach_batch;
mod memory;
mod output_mode;

pub use connector::{SharedWriter, Sink, SinkProvider, SinkRequest};
pub use console::ConsoleOptions;
pub use file::{FileSinkFormat, FileSinkOptions};
pub use foreach_batch::{BatchFunction, ForeachBatch};
pub use output_mode::OutputMode;

#[cfg(test)]
pub(crate) use file::FileSink;
pub(crate) use output_mode::ResultTable;

use std::sync::Arc;

use crate::error::Result;
use crate::registry::{Named, Registry};

/// The session's sinks, by format name: the built-in ones, then the user's.
pub(crate) type SinkRegistry = Registry<dyn SinkProvider>;

/// A registry holding Ember's own sinks.
pub(crate) fn builtin_sinks() -> SinkRegistry {
    SinkRegistry::new([
        Arc::new(console::ConsoleProvider) as Arc<dyn SinkProvider>,
        Arc::new(file::FileSinkProvider("csv")),
        Arc::new(file::FileSinkProvider("json")),
        Arc::new(memory::MemoryProvider),
        Arc::new(memory::NoopProvider),
    ])
}

/// Finds `request.format` in `registry` and creates the sink.
pub(crate) fn create_sink(registry: &SinkRegistry, request: SinkRequest) -> Result<Box<dyn Sink>> {
    registry.find(&request.format)?.create(request)
}

impl Named for dyn SinkProvider {
    fn format(&self) -> &str {
        SinkProvider::format(self)
    }
}
