//! Streaming sources: what `read_stream().format(..)` can read, and how each batch's share of
//! the input reaches the workers.
//!
//! Formats: `socket` (lines from a TCP server), `text`, `csv` and `json` (the files that appear
//! in a directory; csv and json need a schema, see [`schema_from_ddl`]) and `rate` (generated
//! `(timestamp, value)` rows). Each is a [`SourceProvider`] in the session's registry, found by
//! name; a user registers their own the same way ([`crate::Session::register_source`]).
//!
//! A source has two halves (see [`connector`]). On the driver (worker 0 of process 0) its
//! [`SourceDriver`] decides what the next batch covers — a range of socket lines, a list of
//! new files, a range of rate values — as [`Offsets`], which the driver logs and broadcasts.
//! Every worker then asks the [`Source`] for its own rows of the batch: its share of the files
//! (file `j` on worker `j % workers`), its share of the rate values (value `v` on worker
//! `v % workers`); socket lines are only on the driver.

pub mod connector;
pub(crate) mod csv;
pub(crate) mod file;
pub(crate) mod json;
mod rate;
mod record;
pub(crate) mod socket;

pub use crate::expr::schema_from_ddl;
pub use connector::{
    parse_offsets, to_offsets, Offsets, Resume, Share, Source, SourceDriver, SourceProvider,
    SourceRequest,
};
pub use csv::CsvOptions;
pub use file::{FileFormat, FileSourceOptions, TextFileOptions};
pub use json::JsonOptions;
pub use rate::{RateBatch, RateOptions};
pub use record::{ParseMode, RecordOptions};
pub use socket::SocketOptions;

pub(crate) use file::static_file_scan;

use std::sync::Arc;

use crate::error::Result;
use crate::registry::{Named, Registry};

/// The session's sources, by format name: the built-in ones, then the user's.
pub(crate) type SourceRegistry = Registry<dyn SourceProvider>;

/// A registry holding Ember's own sources.
pub(crate) fn builtin_sources() -> SourceRegistry {
    SourceRegistry::new([
        Arc::new(socket::SocketProvider) as Arc<dyn SourceProvider>,
        Arc::new(file::FileProvider("text")),
        Arc::new(file::FileProvider("csv")),
        Arc::new(file::FileProvider("json")),
        Arc::new(rate::RateProvider),
    ])
}

/// Finds `request.format` in `registry` and creates the source.
pub(crate) fn create_source(
    registry: &SourceRegistry,
    request: SourceRequest,
) -> Result<Arc<dyn Source>> {
    registry.find(&request.format)?.create(request)
}

impl Named for dyn SourceProvider {
    fn format(&self) -> &str {
        SourceProvider::format(self)
    }
}
