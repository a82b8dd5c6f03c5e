//! Streaming sources: what `read_stream().format(..)` can read, and how each batch's share of
//! the input reaches the workers.
//!
//! Formats: `socket` (lines from a TCP server), `text`, `csv` and `json` (the files that appear
//! in a directory; csv and json need a schema, see [`schema_from_ddl`]) and `rate` (generated
//! `(timestamp, value)` rows).
//!
//! A source has two halves. On the driver (worker 0 of process 0) a `DriverSource` decides
//! what the next batch covers — a range of socket lines, a list of new files, a range of rate
//! values — as a [`SourceBatch`], which the driver broadcasts. Every worker then calls
//! `read_share` to turn the batch into its own rows: it parses its share of the files (file
//! `j` on worker `j % workers`) or generates its share of the rate values (value `v` on worker
//! `v % workers`); socket lines are only on the driver.

mod csv;
mod datetime_pattern;
mod ddl;
mod file;
mod json;
mod rate;
mod record;
mod socket;

pub use csv::CsvOptions;
pub use ddl::schema_from_ddl;
pub use file::{FileFormat, FileSourceOptions, TextFileOptions};
pub use json::JsonOptions;
pub use rate::{RateBatch, RateOptions};
pub use record::{ParseMode, RecordOptions};
pub use socket::SocketOptions;

pub(crate) use file::FileSource;
pub(crate) use rate::RateSource;
pub(crate) use record::check_supported_types;
pub(crate) use socket::SocketSource;

use std::path::PathBuf;

use ember_operators::{DataType, Field, Row, Schema};
use serde::{Deserialize, Serialize};

use crate::error::{data_source_not_found, Error, Result};
use crate::options::OptionMap;

/// The formats `read_stream().format(..)` accepts.
pub const SOURCE_FORMATS: &[&str] = &["socket", "text", "csv", "json", "rate"];

/// A source as the user configured it, validated: what to read and with which options.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SourceSpec {
    /// `format("socket")`: lines of text from a TCP server.
    Socket(SocketOptions),
    /// `format("text")`, `format("csv")`, `format("json")`: the files that appear in a
    /// directory, parsed by their [`FileFormat`].
    Files(FileSourceOptions),
    /// `format("rate")`: generated `(timestamp, value)` rows.
    Rate(RateOptions),
}

impl SourceSpec {
    /// Validates `format` and `options` (and the `load` path) into a source. `schema` is the
    /// user's (`DataStreamReader::schema`), `session_time_zone` the session's
    /// `spark.sql.session.timeZone`.
    pub(crate) fn parse(
        format: &str,
        options: OptionMap,
        path: Option<&str>,
        schema: Option<&Schema>,
        session_time_zone: Option<&str>,
    ) -> Result<Self> {
        let format = format.to_ascii_lowercase();
        let no_schema = |provider: &str| {
            if schema.is_some() {
                return Err(Error::InvalidArgument(format!(
                    "{provider} source does not support user-specified schema."
                )));
            }
            Ok(())
        };
        let no_path = |name: &str| match path {
            Some(path) => Err(Error::InvalidArgument(format!(
                "The {name} source does not take a path, but load was given '{path}'"
            ))),
            None => Ok(()),
        };
        match format.as_str() {
            "socket" => {
                no_schema("TextSocketSourceProvider")?;
                no_path("socket")?;
                Ok(SourceSpec::Socket(SocketOptions::parse(options)?))
            }
            "rate" => {
                no_schema("RateStreamProvider")?;
                no_path("rate")?;
                Ok(SourceSpec::Rate(RateOptions::parse(options)?))
            }
            "text" | "csv" | "json" => Ok(SourceSpec::Files(FileSourceOptions::parse(
                &format,
                options,
                path,
                schema,
                session_time_zone,
            )?)),
            _ => Err(data_source_not_found(&format, SOURCE_FORMATS)),
        }
    }

    /// The schema of the rows this source produces.
    pub fn schema(&self) -> Schema {
        match self {
            SourceSpec::Socket(_) => Schema::new(vec![Field::new("value", DataType::String)]),
            SourceSpec::Files(o) => o.format.schema(),
            SourceSpec::Rate(_) => Schema::new(vec![
                Field::new("timestamp", DataType::Timestamp),
                Field::new("value", DataType::Long),
            ]),
        }
    }

    /// A one-line description for `explain()` and error messages.
    pub fn describe(&self) -> String {
        match self {
            SourceSpec::Socket(o) => format!("socket[{}:{}]", o.host, o.port),
            SourceSpec::Files(o) => format!("{}[{}]", o.format.name(), o.path.display()),
            SourceSpec::Rate(o) => format!(
                "rate[rowsPerSecond={}, rampUpTimeSeconds={}]",
                o.rows_per_second, o.ramp_up_seconds
            ),
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
    /// New text files, in the order the source takes them; worker `i` of `P` reads files `j`
    /// with `j % P == i`.
    Files(Vec<PathBuf>),
    /// New csv or json files, shared as [`SourceBatch::Files`] are, and how to parse them.
    Records {
        /// The files.
        files: Vec<PathBuf>,
        /// How to parse them.
        format: FileFormat,
    },
    /// Rate source values; each worker generates its own.
    Rate(RateBatch),
}

impl SourceBatch {
    /// A batch of the same source that reads nothing (Spark's no-data batch).
    pub fn emptied(&self) -> SourceBatch {
        match self {
            SourceBatch::Lines { end, .. } => SourceBatch::Lines {
                start: *end,
                end: *end,
            },
            SourceBatch::Files(_) => SourceBatch::Files(Vec::new()),
            SourceBatch::Records { format, .. } => SourceBatch::Records {
                files: Vec::new(),
                format: format.clone(),
            },
            SourceBatch::Rate(rate) => SourceBatch::Rate(RateBatch {
                start: rate.end,
                end: rate.end,
                start_ms: rate.start_ms + rate.span_ms,
                span_ms: 0,
            }),
        }
    }

    /// The files the batch reads, if it reads files.
    pub fn files(&self) -> Option<&[PathBuf]> {
        match self {
            SourceBatch::Files(files) | SourceBatch::Records { files, .. } => Some(files),
            SourceBatch::Lines { .. } | SourceBatch::Rate(_) => None,
        }
    }
}

/// The driver's half of a source: it plans batches.
pub(crate) enum DriverSource {
    /// A connected socket.
    Socket(SocketSource),
    /// A watched directory.
    Files(FileSource),
    /// A rate generator.
    Rate(RateSource),
}

impl DriverSource {
    /// Opens the source: connects the socket, checks the directory.
    pub(crate) fn open(spec: &SourceSpec) -> Result<Self> {
        match spec {
            SourceSpec::Socket(options) => {
                Ok(DriverSource::Socket(SocketSource::connect(options)?))
            }
            SourceSpec::Files(options) => Ok(DriverSource::Files(FileSource::new(options.clone()))),
            SourceSpec::Rate(options) => Ok(DriverSource::Rate(RateSource::new(options.clone()))),
        }
    }

    /// What the next batch covers, or `None` when nothing new has arrived.
    pub(crate) fn next_batch(&mut self) -> Result<Option<SourceBatch>> {
        match self {
            DriverSource::Socket(s) => Ok(s.next_batch()),
            DriverSource::Files(f) => f.next_batch(),
            DriverSource::Rate(r) => r.next_batch(),
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
            DriverSource::Rate(r) => {
                r.freeze_available();
                Ok(())
            }
        }
    }

    /// Whether the source has nothing left before the end fixed by [`Self::freeze_available`].
    pub(crate) fn is_exhausted(&self) -> bool {
        match self {
            DriverSource::Socket(s) => s.is_exhausted(),
            DriverSource::Files(f) => f.is_exhausted(),
            DriverSource::Rate(r) => r.is_exhausted(),
        }
    }

    /// Marks files an earlier run took as seen (recovery from a checkpoint).
    pub(crate) fn restore_seen(&mut self, files: Vec<std::path::PathBuf>) {
        if let DriverSource::Files(f) = self {
            f.restore_seen(files);
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
            DriverSource::Files(_) | DriverSource::Rate(_) => Vec::new(),
        }
    }
}

/// This worker's rows of `batch`. `driver` is the driver's source on worker 0 of process 0
/// and `None` elsewhere; `driver_permille` is worker 0's part of a file split by byte ranges,
/// in thousandths of the other workers' (see [`file::read_text_share`]).
pub(crate) fn read_share(
    batch: &SourceBatch,
    worker: usize,
    peers: usize,
    driver_permille: u16,
    driver: Option<&mut DriverSource>,
) -> Result<Vec<Row>> {
    match batch {
        SourceBatch::Lines { start, end } => {
            let lines = match driver {
                Some(source) => source.take_lines(*start, *end),
                None => Vec::new(),
            };
            Ok(lines
                .into_iter()
                .map(|l| Row::new(vec![l.into()]))
                .collect())
        }
        SourceBatch::Files(files) => {
            let mut rows = Vec::new();
            file::read_text_share(files, worker, peers, driver_permille, &mut rows)?;
            Ok(rows)
        }
        SourceBatch::Records { files, format } => {
            let mut rows = Vec::new();
            format.read_files(files.iter().skip(worker).step_by(peers), &mut rows)?;
            Ok(rows)
        }
        SourceBatch::Rate(batch) => Ok(batch.rows(worker, peers)),
    }
}
