//! Streaming sinks: where `write_stream().format(..)` sends each batch, and the output modes
//! that decide which rows a batch emits.

mod console;
mod output_mode;

pub use console::ConsoleOptions;
pub use output_mode::OutputMode;

pub(crate) use console::{ConsoleSink, SharedWriter};
pub(crate) use output_mode::ResultTable;

use crate::error::{data_source_not_found, Result};
use crate::options::OptionMap;

/// The formats `write_stream().format(..)` accepts.
pub const SINK_FORMATS: &[&str] = &["console"];

/// A sink as the user configured it, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SinkSpec {
    /// `format("console")`: each batch printed as a table on stdout (or a chosen writer).
    Console(ConsoleOptions),
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
