//! [`DataStreamReader`]: `spark.readStream`.

use super::DataFrame;
use crate::config::SESSION_TIME_ZONE;
use crate::error::Result;
use crate::options::OptionMap;
use crate::plan::{LogicalPlan, StaticRelation};
use crate::session::Session;
use crate::source::{create_source, schema_from_ddl, Offsets, Source, SourceRequest};
use crate::Schema;

/// Configures a streaming source, as Spark's `DataStreamReader`.
///
/// ```
/// use ember::Session;
/// let spark = Session::builder().get_or_create().unwrap();
/// let err = spark.read_stream().format("kafka").load().unwrap_err();
/// assert!(err.to_string().starts_with("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: kafka."));
/// assert!(err.to_string().ends_with("Ember provides: socket, text, csv, json, rate"));
/// ```
#[derive(Debug)]
pub struct DataStreamReader {
    session: Session,
    format: String,
    options: OptionMap,
    schema: Option<UserSchema>,
    /// `spark.read`: the DataFrame is static, the files as they are now.
    batch: bool,
}

/// The schema given to [`DataStreamReader::schema`] or [`DataStreamReader::schema_struct`].
#[derive(Debug)]
enum UserSchema {
    Ddl(String),
    Struct(Schema),
}

impl DataStreamReader {
    pub(crate) fn new(session: Session) -> Self {
        DataStreamReader {
            session,
            format: String::new(),
            options: OptionMap::default(),
            schema: None,
            batch: false,
        }
    }

    /// A reader of static DataFrames, as `spark.read`: `load_path` reads the files (or the
    /// file) there are now, once.
    pub(crate) fn batch(session: Session) -> Self {
        DataStreamReader {
            batch: true,
            ..DataStreamReader::new(session)
        }
    }

    /// The source format: `socket`, `text`, `csv`, `json` or `rate`.
    pub fn format(mut self, format: &str) -> Self {
        self.format = format.to_string();
        self
    }

    /// Sets a source option (keys ignore case, as in Spark).
    pub fn option(mut self, key: &str, value: impl ToString) -> Self {
        self.options.set(key, value.to_string());
        self
    }

    /// The schema of the rows, as a DDL string (`"ts TIMESTAMP, word STRING"`), as Spark's
    /// `schema(str)`; `csv` and `json` need one. A string that does not parse is reported by
    /// `load`, with Spark's message.
    ///
    /// ```
    /// use ember::Session;
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let dir = std::env::temp_dir();
    /// let df = spark.read_stream().schema("ts TIMESTAMP, word STRING").format("csv").load_path(&dir).unwrap();
    /// assert_eq!(df.schema().names(), ["ts", "word"]);
    /// let err = spark.read_stream().format("json").load_path(&dir).unwrap_err();
    /// assert!(err.to_string().starts_with("Schema must be specified when creating a streaming source DataFrame."));
    /// ```
    pub fn schema(mut self, ddl: &str) -> Self {
        self.schema = Some(UserSchema::Ddl(ddl.to_string()));
        self
    }

    /// The schema of the rows, built in code (Spark's `schema(StructType)`).
    pub fn schema_struct(mut self, schema: Schema) -> Self {
        self.schema = Some(UserSchema::Struct(schema));
        self
    }

    /// `format("csv")` and [`load_path`](Self::load_path) in one call, as `readStream.csv`.
    pub fn csv(self, path: impl AsRef<std::path::Path>) -> Result<DataFrame> {
        self.format("csv").load_path(path)
    }

    /// `format("json")` and [`load_path`](Self::load_path) in one call, as `readStream.json`.
    pub fn json(self, path: impl AsRef<std::path::Path>) -> Result<DataFrame> {
        self.format("json").load_path(path)
    }

    /// A DataFrame over a source that takes no path (`socket`, `rate`).
    pub fn load(self) -> Result<DataFrame> {
        self.load_from(None)
    }

    /// A DataFrame over the files of directory `path` (`text`, `csv`, `json`).
    pub fn load_path(self, path: impl AsRef<std::path::Path>) -> Result<DataFrame> {
        let path = path.as_ref().to_string_lossy().into_owned();
        self.load_from(Some(&path))
    }

    /// `format("text")` and [`load_path`](Self::load_path) in one call, as `readStream.text`.
    pub fn text(self, path: impl AsRef<std::path::Path>) -> Result<DataFrame> {
        self.format("text").load_path(path)
    }

    fn load_from(self, path: Option<&str>) -> Result<DataFrame> {
        let format = if self.format.is_empty() {
            "(none: call format first)"
        } else {
            &self.format
        };
        let schema = match self.schema {
            None => None,
            Some(UserSchema::Ddl(ddl)) => Some(schema_from_ddl(&ddl)?),
            Some(UserSchema::Struct(schema)) => Some(schema),
        };
        let time_zone = self.session.conf().get(SESSION_TIME_ZONE);
        let mut request = SourceRequest::new(format);
        request.options = self.options;
        request.path = path.map(String::from);
        request.schema = schema;
        request.session_time_zone = time_zone.map(String::from);
        let plan = if self.batch {
            let (source, offsets) = match crate::source::static_file_scan(&mut request)? {
                Some(scan) => scan,
                None => static_scan(create_source(self.session.sources(), request)?)?,
            };
            LogicalPlan::Static {
                schema: source.schema(),
                relation: StaticRelation::Scan { source, offsets },
            }
        } else {
            let source = create_source(self.session.sources(), request)?;
            LogicalPlan::Source {
                schema: source.schema(),
                source,
            }
        };
        Ok(DataFrame::new(self.session, plan))
    }
}

/// Everything `source` has now, as one batch (a static read of a source that is not a file
/// format).
fn static_scan(
    source: std::sync::Arc<dyn Source>,
) -> Result<(std::sync::Arc<dyn Source>, Offsets)> {
    let mut driver = source.open()?;
    driver.freeze_available(true)?;
    let offsets = match driver.next_batch()? {
        Some(offsets) => offsets,
        None => driver.empty_batch(),
    };
    Ok((source, offsets))
}
