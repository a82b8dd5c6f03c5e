//! Streaming sources: what `read_stream().format(..)` can read, and how each batch's share of
//! the input reaches the workers.
//!
//! A source has two halves. On the driver (worker 0 of process 0) a [`DriverSource`] decides
//! what the next batch covers — a range of socket lines, a list of new files — as a
//! [`SourceBatch`], which the driver broadcasts. Every worker then calls
//! [`DriverSource::read_share`]-style [`read_share`] to turn the batch into its own rows.

mod file;
mod socket;

pub use file::TextFileOptions;
pub use socket::SocketOptions;

pub(crate) use file::FileSource;
pub(crate) use socket::SocketSource;

use std::path::PathBuf;

use ember_operators::{DataType, Field, Row, Schema};
use serde::{Deserialize, Serialize};

use crate::error::{data_source_not_found, Error, Result};
use crate::options::OptionMap;

/// The formats `read_stream().format(..)` accepts.
pub const SOURCE_FORMATS: &[&str] = &["socket", "text"];

/// A source as the user configured it, validated: what to read and with which options.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SourceSpec {
    /// `format("socket")`: lines of text from a TCP server.
    Socket(SocketOptions),
    /// `format("text")`: lines of the files that appear in a directory.
    Text(TextFileOptions),
}

impl SourceSpec {
    /// Validates `format` and `options` (and the `load` path) into a source.
    pub(crate) fn parse(format: &str, options: OptionMap, path: Option<&str>) -> Result<Self> {
        match format.to_ascii_lowercase().as_str() {
            "socket" => {
                if let Some(path) = path {
                    return Err(Error::InvalidArgument(format!(
                        "The socket source does not take a path, but load was given '{path}'"
                    )));
                }
                Ok(SourceSpec::Socket(SocketOptions::parse(options)?))
            }
            "text" => Ok(SourceSpec::Text(TextFileOptions::parse(options, path)?)),
            other => Err(data_source_not_found(other, SOURCE_FORMATS)),
        }
    }

    /// The schema of the rows this source produces.
    pub fn schema(&self) -> Schema {
        match self {
            SourceSpec::Socket(_) | SourceSpec::Text(_) => {
                Schema::new(vec![Field::new("value", DataType::String)])
            }
        }
    }

    /// A one-line description for `explain()` and error messages.
    pub fn describe(&self) -> String {
        match self {
            SourceSpec::Socket(o) => format!("socket[{}:{}]", o.host, o.port),
            SourceSpec::Text(o) => format!("text[{}]", o.path.display()),
        }
    }
}

/// What one batch reads from a source, decided by the driver and broadcast to every worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceBatch {
    /// Socket lines `start..end` (0-based line numbers); only the driver holds them.
    Lines {
        /// First line of the batch.
        start: u64,
        /// One past the last line of the batch.
        end: u64,
    },
    /// New files, in the order the source takes them; worker `i` of `P` reads files `j` with
    /// `j % P == i`.
    Files(Vec<PathBuf>),
}

/// The driver's half of a source: it plans batches.
pub(crate) enum DriverSource {
    /// A connected socket.
    Socket(SocketSource),
    /// A watched directory.
    Files(FileSource),
}

impl DriverSource {
    /// Opens the source: connects the socket, checks the directory.
    pub(crate) fn open(spec: &SourceSpec) -> Result<Self> {
        match spec {
            SourceSpec::Socket(options) => {
                Ok(DriverSource::Socket(SocketSource::connect(options)?))
            }
            SourceSpec::Text(options) => Ok(DriverSource::Files(FileSource::new(options.clone()))),
        }
    }

    /// What the next batch covers, or `None` when nothing new has arrived.
    pub(crate) fn next_batch(&mut self) -> Result<Option<SourceBatch>> {
        match self {
            DriverSource::Socket(s) => Ok(s.next_batch()),
            DriverSource::Files(f) => f.next_batch(),
        }
    }

    /// Fixes "everything available now" as the end of the input (`Trigger::AvailableNow`);
    /// with `one_batch` (`Trigger::Once`) rate limits such as `maxFilesPerTrigger` are lifted
    /// so that it all fits one batch, as Spark does.
    pub(crate) fn freeze_available(&mut self, one_batch: bool) -> Result<()> {
        match self {
            DriverSource::Socket(s) => {
                s.freeze_available();
                Ok(())
            }
            DriverSource::Files(f) => f.freeze_available(one_batch),
        }
    }

    /// Whether the source has nothing left before the end fixed by [`Self::freeze_available`].
    pub(crate) fn is_exhausted(&self) -> bool {
        match self {
            DriverSource::Socket(s) => s.is_exhausted(),
            DriverSource::Files(f) => f.is_exhausted(),
        }
    }

    /// Lets the source wake `thread` when new data arrives (sockets do; directories are polled).
    pub(crate) fn wake_on_data(&self, thread: std::thread::Thread) {
        if let DriverSource::Socket(s) = self {
            s.wake_on_data(thread);
        }
    }

    /// The socket source's lines of a batch (the driver is their only holder).
    fn take_lines(&mut self, start: u64, end: u64) -> Vec<String> {
        match self {
            DriverSource::Socket(s) => s.take_lines(start, end),
            DriverSource::Files(_) => Vec::new(),
        }
    }
}

/// This worker's rows of `batch`. `driver` is the driver's source on worker 0 of process 0
/// and `None` elsewhere.
pub(crate) fn read_share(
    batch: &SourceBatch,
    worker: usize,
    peers: usize,
    driver: Option<&mut DriverSource>,
) -> Result<Vec<Row>> {
    let lines = match batch {
        SourceBatch::Lines { start, end } => match driver {
            Some(source) => source.take_lines(*start, *end),
            None => Vec::new(),
        },
        SourceBatch::Files(files) => {
            let mut lines = Vec::new();
            for file in files.iter().skip(worker).step_by(peers) {
                file::read_lines(file, &mut lines)?;
            }
            lines
        }
    };
    Ok(lines
        .into_iter()
        .map(|l| Row::new(vec![l.into()]))
        .collect())
}
