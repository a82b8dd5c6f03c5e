//! [`Error`]: everything that can go wrong, by category, with the user's names in the message.

use std::path::PathBuf;

/// The result type of every fallible Ember call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An Ember error. Each variant names the thing at fault (option, column, file, address) so a
/// user can fix it without reading Ember's source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration, format, option or argument the user gave is not valid.
    #[error("{0}")]
    InvalidArgument(String),

    /// SQL text that does not parse (Spark's `ParseException`): the message, its position and
    /// the text under a caret.
    #[error("{0}")]
    Parse(String),

    /// The query is well-formed but breaks one of Spark's rules (analysis error).
    #[error("{0}")]
    Analysis(String),

    /// A source could not be reached or read.
    #[error("{0}")]
    Source(String),

    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// A checkpoint file is corrupt, truncated, or from an unknown version.
    #[error("corrupt checkpoint file {}: {message}", path.display())]
    CorruptCheckpoint {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },

    /// A checkpoint cannot be used by this query (another query wrote it, or a part of it
    /// that recovery needs is gone).
    #[error("{0}")]
    Checkpoint(String),

    /// The dataflow runtime (timely) failed: a worker panicked or peers could not connect.
    #[error("{0}")]
    Runtime(String),

    /// A streaming query stopped with an error; the message says which query and why.
    #[error("[STREAM_FAILED] Query [id = {id}, runId = {run_id}] terminated with exception: {message} SQLSTATE: XXKST")]
    StreamingQuery {
        /// The query's id.
        id: String,
        /// The id of the run that failed.
        run_id: String,
        /// The cause.
        message: String,
    },
}

/// The error class of a Spark-worded message: the first `[CLASS]` or `[CLASS.SUB]` in it
/// (after a prefix such as a failed query's).
///
/// ```
/// use ember::error::error_class;
/// assert_eq!(error_class("[UNRESOLVED_ROUTINE] Cannot ...").as_deref(), Some("UNRESOLVED_ROUTINE"));
/// assert_eq!(error_class("no class"), None);
/// ```
pub fn error_class(message: &str) -> Option<String> {
    let start = message.find('[')? + 1;
    let end = start + message[start..].find(']')?;
    let class = &message[start..end];
    let valid = !class.is_empty()
        && class
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '.');
    valid.then(|| class.to_string())
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Returns early with an [`Error::InvalidArgument`] built by `format!`.
macro_rules! invalid_arg {
    ($($arg:tt)*) => {
        return Err($crate::error::Error::InvalidArgument(format!($($arg)*)))
    };
}
pub(crate) use invalid_arg;

/// Spark 4's `DATA_SOURCE_NOT_FOUND` error, followed by the formats Ember has.
pub(crate) fn data_source_not_found(format: &str, valid: &[&str]) -> Error {
    Error::InvalidArgument(format!(
        "[DATA_SOURCE_NOT_FOUND] Failed to find the data source: {format}. Make sure the provider \
         name is correct and the package is properly registered and compatible with your Spark \
         version. SQLSTATE: 42K02. Ember provides: {}",
        valid.join(", ")
    ))
}

/// Spark's `ParseException.getMessage` for an error at `line` (1-based) and `pos` (0-based, in
/// characters) of `text`: the message, `(line L, pos P)`, then `== SQL ==` and the text with a
/// caret line (`-` up to the position, then `^^^`) under the line at fault. (PySpark's `str(e)`
/// puts a newline before it.)
pub(crate) fn parse_exception_text(text: &str, message: &str, line: usize, pos: usize) -> String {
    let mut out = format!("{message} (line {line}, pos {pos})\n\n== SQL ==\n");
    // Java's `split("\n")`: trailing empty strings dropped, but "" is one empty line.
    let mut lines: Vec<&str> = text.split('\n').collect();
    while lines.len() > 1 && lines.last() == Some(&"") {
        lines.pop();
    }
    let (above, below) = lines.split_at(line.min(lines.len()));
    for l in above {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(&"-".repeat(pos));
    out.push_str("^^^\n");
    for l in below {
        out.push_str(l);
        out.push('\n');
    }
    out
}

impl From<ember_operators::OperatorError> for Error {
    /// An operator that refuses its input schema: an analysis error.
    fn from(e: ember_operators::OperatorError) -> Self {
        Error::Analysis(e.to_string())
    }
}
