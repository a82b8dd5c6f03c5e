//! What a running query reports: [`StreamingQueryProgress`] per batch, in Spark's shape and
//! JSON layout, and [`StreamingQueryStatus`].

mod jackson;
mod log;
mod report;
mod status;

pub(crate) use log::ProgressLog;
pub use log::DEFAULT_RECENT;
pub use report::{
    format_ms, parse_ms, SinkProgress, SourceProgress, StateOperatorProgress,
    StreamingQueryProgress,
};
pub use status::StreamingQueryStatus;
