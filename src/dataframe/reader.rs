//! [`DataStreamReader`]: `spark.readStream`.

use super::DataFrame;
use crate::error::Result;
use crate::options::OptionMap;
use crate::plan::LogicalPlan;
use crate::session::Session;
use crate::source::SourceSpec;

/// Configures a streaming source, as Spark's `DataStreamReader`.
///
/// ```
/// use ember::Session;
/// let spark = Session::builder().get_or_create().unwrap();
/// let err = spark.read_stream().format("kafka").load().unwrap_err();
/// assert!(err.to_string().starts_with("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: kafka."));
/// assert!(err.to_string().ends_with("Ember provides: socket, text"));
/// ```
#[derive(Debug)]
pub struct DataStreamReader {
    session: Session,
    format: String,
    options: OptionMap,
}

impl DataStreamReader {
    pub(crate) fn new(session: Session) -> Self {
        DataStreamReader {
            session,
            format: String::new(),
            options: OptionMap::default(),
        }
    }

    /// The source format: `socket` or `text`.
    pub fn format(mut self, format: &str) -> Self {
        self.format = format.to_string();
        self
    }

    /// Sets a source option (keys ignore case, as in Spark).
    pub fn option(mut self, key: &str, value: impl ToString) -> Self {
        self.options.set(key, value.to_string());
        self
    }

    /// A DataFrame over a source that takes no path (`socket`).
    pub fn load(self) -> Result<DataFrame> {
        self.load_from(None)
    }

    /// A DataFrame over the files of directory `path` (`text`).
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
        let spec = SourceSpec::parse(format, self.options, path)?;
        let schema = spec.schema();
        Ok(DataFrame::new(
            self.session,
            LogicalPlan::Source { spec, schema },
        ))
    }
}
