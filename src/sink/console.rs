//! The console sink (`format("console")`): prints each batch as Spark's `ConsoleSink` does —
//! a `Batch: N` frame around `Dataset.show(numRows, truncate)`.

use std::io::Write;

use ember_operators::{Row, Schema};

use super::connector::{SharedWriter, Sink, SinkProvider, SinkRequest};
use crate::display::{format_row, show_string, ShowOptions};
use crate::error::{Error, Result};
use crate::options::OptionMap;
use crate::time_zone::TimeZone;

/// The options of `format("console")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleOptions {
    /// `numRows`: rows shown per batch (default 20).
    pub num_rows: usize,
    /// `truncate`: `true` (cut cells at 20 characters, the default), `false`, or a number of
    /// characters (as `Dataset.show(n, truncate)` takes; 0 means off).
    pub truncate: usize,
    /// The session time zone (`spark.sql.session.timeZone`): the zone timestamps are shown in,
    /// as Spark shows them.
    pub time_zone: TimeZone,
}

impl Default for ConsoleOptions {
    fn default() -> Self {
        ConsoleOptions {
            num_rows: 20,
            truncate: 20,
            time_zone: TimeZone::UTC,
        }
    }
}

const VALID_OPTIONS: &[&str] = &["numRows", "truncate"];

impl ConsoleOptions {
    pub(crate) fn parse(mut options: OptionMap, session_time_zone: Option<&str>) -> Result<Self> {
        let mut parsed = ConsoleOptions {
            time_zone: TimeZone::session(session_time_zone)?,
            ..ConsoleOptions::default()
        };
        if let Some(n) = options.take("numRows") {
            // Spark takes any non-negative count; 0 shows the header and the footer.
            parsed.num_rows = n.trim().parse().map_err(|_| {
                Error::InvalidArgument(format!(
                    "Invalid value '{n}' for option 'numRows', must be a non-negative integer"
                ))
            })?;
        }
        if let Some(t) = options.take("truncate") {
            parsed.truncate = match t.trim() {
                t if t.eq_ignore_ascii_case("true") => 20,
                t if t.eq_ignore_ascii_case("false") => 0,
                t => t.parse::<usize>().map_err(|_| {
                    Error::InvalidArgument(format!(
                        "Invalid value '{t}' for option 'truncate', must be true, false or a number of characters"
                    ))
                })?,
            };
        }
        options.finish("the console sink", VALID_OPTIONS)?;
        Ok(parsed)
    }
}

/// `format("console")`.
pub(crate) struct ConsoleProvider;

impl SinkProvider for ConsoleProvider {
    fn format(&self) -> &str {
        "console"
    }

    fn create(&self, request: SinkRequest) -> Result<Box<dyn Sink>> {
        let options = ConsoleOptions::parse(request.options, request.session_time_zone.as_deref())?;
        Ok(Box::new(ConsoleSink::new(
            options,
            &request.schema,
            request.console,
        )))
    }
}

impl Sink for ConsoleSink {
    fn describe(&self) -> String {
        "console".into()
    }

    /// Prints batch `batch_id`: the frame, then the table of `rows` (already in output order).
    fn write_batch(&mut self, batch_id: u64, rows: &[Row]) -> Result<()> {
        let text = self.render(batch_id, rows);
        let mut out = self
            .out
            .lock()
            .map_err(|_| Error::Runtime("the console writer's lock is poisoned".into()))?;
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| {
                Error::Runtime(format!("console sink: cannot write batch {batch_id}: {e}"))
            })
    }
}

/// The console sink of one query, on the driver.
pub(crate) struct ConsoleSink {
    options: ConsoleOptions,
    columns: Vec<String>,
    out: SharedWriter,
}

impl ConsoleSink {
    pub(crate) fn new(options: ConsoleOptions, schema: &Schema, out: SharedWriter) -> Self {
        ConsoleSink {
            options,
            columns: schema.fields.iter().map(|f| f.name.clone()).collect(),
            out,
        }
    }

    fn render(&self, batch_id: u64, rows: &[Row]) -> String {
        // One row more than shown tells `show_string` whether to print its footer.
        let cells: Vec<Vec<String>> = rows
            .iter()
            .take(self.options.num_rows.saturating_add(1))
            .map(|row| format_row(row, self.options.time_zone))
            .collect();
        let columns: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        let table = show_string(
            &columns,
            &cells,
            &ShowOptions {
                num_rows: self.options.num_rows,
                truncate: self.options.truncate,
            },
        );
        // Spark prints the frame and then `println(showString(..))`.
        let dashes = "-".repeat(43);
        format!("{dashes}\nBatch: {batch_id}\n{dashes}\n{table}\n")
    }
}
