//! The file sinks (`format("csv")`, `format("json")`): each batch becomes one new file in the
//! output directory, committed exactly once, as Spark's `FileStreamSink` does.
//!
//! Batch N is written to `part-<N, 5 digits>-<uuid>-c000.<csv|json>` (atomically: a temporary
//! file renamed into place), then recorded in `<path>/_spark_metadata/N`
//! ([`FileSinkLog`]). Readers — Spark's file source and Ember's — see only the files the log
//! lists. A batch that is already in the log (re-run after a crash between the sink and the
//! checkpoint's commit) writes nothing: its output is committed. A crash after the data file but
//! before the log entry leaves an orphan file no reader sees, and the re-run writes a new one.
//! A batch with no rows still writes its (empty, or header-only) file and its log entry, as
//! Spark does.

use std::path::PathBuf;

use ember_operators::{DataType, Row, Schema};

use super::connector::{Sink, SinkProvider, SinkRequest};
use super::csv_writer::CsvWriter;
use super::OutputMode;
use crate::error::{Error, Result};
use crate::expr::check_supported_types;
use crate::expr::json_text::JsonWriter;
use crate::options::OptionMap;
use crate::storage::{write_atomic, FileSinkLog, SinkFileStatus};
use crate::time_zone::TimeZone;

/// The options of `format("csv")` and `format("json")` on `write_stream`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSinkOptions {
    /// `path`: the output directory (required).
    pub path: PathBuf,
    /// The file format and its options.
    pub format: FileSinkFormat,
    /// The session time zone (`spark.sql.session.timeZone`): the zone timestamps are written
    /// in.
    pub time_zone: TimeZone,
}

/// What the file sink writes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileSinkFormat {
    /// `csv`.
    Csv {
        /// `header`: write the column names first in every file (default false).
        header: bool,
        /// `sep` (or `delimiter`): the field separator (default `,`).
        sep: String,
    },
    /// `json`: JSON Lines.
    Json,
}

impl FileSinkFormat {
    /// The format's name, as given to `format(..)`, and its files' extension.
    pub fn name(&self) -> &'static str {
        match self {
            FileSinkFormat::Csv { .. } => "csv",
            FileSinkFormat::Json => "json",
        }
    }
}

impl FileSinkOptions {
    /// Validates the options of file format `format` (`csv` or `json`) in output mode `mode`,
    /// in the order Spark checks them: the path, then the output mode, then the options.
    pub(crate) fn parse(
        format: &str,
        mut options: OptionMap,
        mode: OutputMode,
        session_time_zone: Option<&str>,
    ) -> Result<Self> {
        let Some(path) = options.take("path") else {
            return Err(Error::InvalidArgument("'path' is not specified".into()));
        };
        if mode != OutputMode::Append {
            return Err(Error::Analysis(format!(
                "[STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: \
                 {}. This output mode is not supported in Data Source {format}. SQLSTATE: 42KDE",
                mode.to_string().to_lowercase()
            )));
        }
        let (format, valid): (FileSinkFormat, &[&str]) = match format {
            "csv" => {
                let header = options.take_bool("header", false)?;
                let sep = match (options.take("sep"), options.take("delimiter")) {
                    (Some(sep), _) | (None, Some(sep)) => sep,
                    (None, None) => ",".into(),
                };
                if sep.is_empty() {
                    return Err(Error::InvalidArgument("Delimiter cannot be empty".into()));
                }
                (
                    FileSinkFormat::Csv { header, sep },
                    &["path", "header", "sep", "delimiter"],
                )
            }
            _ => (FileSinkFormat::Json, &["path"]),
        };
        options.finish(&format!("the {} sink", format.name()), valid)?;
        let time_zone = TimeZone::session(session_time_zone)?;
        Ok(FileSinkOptions {
            path: PathBuf::from(path),
            format,
            time_zone,
        })
    }

    /// Refuses result columns the format cannot write (Spark's CSV writer takes no arrays or
    /// structs).
    pub(crate) fn check_schema(&self, schema: &Schema) -> Result<()> {
        if !matches!(self.format, FileSinkFormat::Csv { .. }) {
            return Ok(());
        }
        check_supported_types(schema, "CSV", |t| {
            !matches!(
                t,
                DataType::Array(_) | DataType::Struct(_) | DataType::Map(..)
            )
        })
    }
}

/// How a batch's rows become a file's text.
enum Layout {
    Csv(CsvWriter),
    Json(JsonWriter),
}

/// `format("csv")` and `format("json")`.
pub(crate) struct FileSinkProvider(pub &'static str);

impl SinkProvider for FileSinkProvider {
    fn format(&self) -> &str {
        self.0
    }

    fn create(&self, request: SinkRequest) -> Result<Box<dyn Sink>> {
        let options = FileSinkOptions::parse(
            &request.format,
            request.options,
            request.output_mode,
            request.session_time_zone.as_deref(),
        )?;
        options.check_schema(&request.schema)?;
        Ok(Box::new(FileSink::new(&options, &request.schema)))
    }
}

impl Sink for FileSink {
    fn describe(&self) -> String {
        self.extension.into()
    }

    fn requires_checkpoint(&self) -> bool {
        true
    }

    fn write_batch(&mut self, batch_id: u64, rows: &[Row]) -> Result<()> {
        FileSink::write_batch(self, batch_id, rows)
    }
}

/// The file sink of one query, on the driver.
pub(crate) struct FileSink {
    dir: PathBuf,
    extension: &'static str,
    layout: Layout,
    log: FileSinkLog,
}

impl FileSink {
    pub(crate) fn new(options: &FileSinkOptions, schema: &Schema) -> Self {
        let tz = options.time_zone;
        let layout = match &options.format {
            FileSinkFormat::Csv { header, sep } => {
                Layout::Csv(CsvWriter::new(schema, sep, *header, tz))
            }
            FileSinkFormat::Json => Layout::Json(JsonWriter::new(schema, tz)),
        };
        FileSink {
            dir: options.path.clone(),
            extension: options.format.name(),
            layout,
            log: FileSinkLog::new(&options.path),
        }
    }

    /// Writes batch `batch_id` (rows in output order) and commits it in the log, unless the
    /// log already holds it.
    pub(crate) fn write_batch(&mut self, batch_id: u64, rows: &[Row]) -> Result<()> {
        if self
            .log
            .latest_batch_id()?
            .is_some_and(|latest| batch_id <= latest)
        {
            return Ok(()); // Spark: "Skipping already committed batch"
        }
        let text = match &self.layout {
            Layout::Csv(writer) => writer.file_text(rows),
            Layout::Json(writer) => writer.file_text(rows),
        };
        let name = format!(
            "part-{batch_id:05}-{}-c000.{}",
            crate::ids::new_uuid(),
            self.extension
        );
        let file = self.dir.join(name);
        write_atomic(&file, text.as_bytes())?;
        self.log.add(batch_id, vec![SinkFileStatus::added(&file)?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ember_operators::{Field, Value};

    fn options(format: &str, pairs: &[(&str, &str)], mode: OutputMode) -> Result<FileSinkOptions> {
        let mut map = OptionMap::default();
        for (k, v) in pairs {
            map.set(k, v.to_string());
        }
        FileSinkOptions::parse(format, map, mode, None)
    }

    fn schema() -> Schema {
        Schema::new(vec![
            Field::new("value", DataType::String),
            Field::new("n", DataType::Long),
        ])
    }

    fn part_files(dir: &std::path::Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn options_are_checked_as_spark_checks_them() {
        let append = OutputMode::Append;
        let err = |r: Result<FileSinkOptions>| r.unwrap_err().to_string();
        assert_eq!(err(options("csv", &[], append)), "'path' is not specified");
        assert_eq!(
            err(options("csv", &[("path", "o")], OutputMode::Update)),
            "[STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: \
             update. This output mode is not supported in Data Source csv. SQLSTATE: 42KDE"
        );
        assert_eq!(
            err(options("json", &[("path", "o")], OutputMode::Complete)),
            "[STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: \
             complete. This output mode is not supported in Data Source json. SQLSTATE: 42KDE"
        );
        assert_eq!(
            err(options(
                "json",
                &[("path", "o"), ("header", "true")],
                append
            )),
            "Unknown option 'header' for the json sink. Valid options: path"
        );
        assert_eq!(
            err(options(
                "csv",
                &[("path", "o"), ("quoteAll", "true")],
                append
            )),
            "Unknown option 'quoteAll' for the csv sink. Valid options: path, header, sep, \
             delimiter"
        );
        let csv = options(
            "csv",
            &[("PATH", "o"), ("Header", "true"), ("sep", ";")],
            append,
        );
        assert_eq!(
            csv.unwrap(),
            FileSinkOptions {
                path: "o".into(),
                format: FileSinkFormat::Csv {
                    header: true,
                    sep: ";".into()
                },
                time_zone: TimeZone::UTC,
            }
        );
        let csv = options("csv", &[("path", "o")], append).unwrap();
        let nested = Schema::new(vec![Field::new(
            "words",
            DataType::Array(Box::new(DataType::String)),
        )]);
        assert_eq!(
            csv.check_schema(&nested).unwrap_err().to_string(),
            "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the \
             column `words` of the type \"ARRAY<STRING>\". SQLSTATE: 0A000"
        );
        let json = options("json", &[("path", "o")], append).unwrap();
        assert!(json.check_schema(&nested).is_ok());
    }

    #[test]
    fn each_batch_is_one_committed_file_and_a_rerun_writes_nothing() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().to_str().unwrap();
        let options = options(
            "csv",
            &[("path", dir), ("header", "true")],
            OutputMode::Append,
        );
        let mut sink = FileSink::new(&options.unwrap(), &schema());
        let rows = vec![
            Row::new(vec![Value::from("a, b"), Value::Long(1)]),
            Row::new(vec![Value::Null, Value::Long(2)]),
        ];
        sink.write_batch(0, &rows).unwrap();
        sink.write_batch(1, &[]).unwrap();
        let files = part_files(out.path());
        assert_eq!(files.len(), 2, "{files:?}");
        let (name0, text0) = &files[0];
        assert!(name0.starts_with("part-00000-"), "{name0}");
        assert!(name0.ends_with("-c000.csv"), "{name0}");
        assert_eq!(name0.len(), "part-00000-".len() + 36 + "-c000.csv".len());
        assert_eq!(text0, "value,n\n\"a, b\",1\n,2\n");
        // An empty batch writes a header-only file, and commits it.
        assert!(files[1].0.starts_with("part-00001-"));
        assert_eq!(files[1].1, "value,n\n");
        let log = FileSinkLog::new(out.path());
        let committed: Vec<PathBuf> = log
            .all_files()
            .unwrap()
            .iter()
            .map(SinkFileStatus::local_path)
            .collect();
        let abs = std::path::absolute(out.path()).unwrap();
        assert_eq!(committed, [abs.join(name0), abs.join(&files[1].0)]);

        // Batch 1 again (a restart after a crash before the checkpoint's commit), from a new
        // sink: nothing is written, whatever the rows.
        let options = super::tests::options("csv", &[("path", dir)], OutputMode::Append);
        let mut again = FileSink::new(&options.unwrap(), &schema());
        again.write_batch(1, &rows).unwrap();
        again.write_batch(0, &rows).unwrap();
        assert_eq!(part_files(out.path()), files);
        assert_eq!(log.all_files().unwrap().len(), 2);
        again.write_batch(2, &rows[1..]).unwrap();
        assert_eq!(log.all_files().unwrap().len(), 3);
    }

    #[test]
    fn json_files() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().to_str().unwrap();
        let options = options("json", &[("path", dir)], OutputMode::Append).unwrap();
        let mut sink = FileSink::new(&options, &schema());
        sink.write_batch(
            7,
            &[
                Row::new(vec![Value::from("x\"y"), Value::Long(1)]),
                Row::new(vec![Value::Null, Value::Null]),
            ],
        )
        .unwrap();
        sink.write_batch(8, &[]).unwrap();
        let files = part_files(out.path());
        assert!(files[0].0.starts_with("part-00007-") && files[0].0.ends_with("-c000.json"));
        assert_eq!(files[0].1, "{\"value\":\"x\\\"y\",\"n\":1}\n{}\n");
        assert_eq!(files[1].1, "");
        let meta = std::fs::read_to_string(out.path().join("_spark_metadata/8")).unwrap();
        assert!(meta.starts_with("v1\n{\"path\":\"file:///"), "{meta}");
        assert!(meta.contains("\"size\":0,\"isDir\":false"), "{meta}");
    }
}
