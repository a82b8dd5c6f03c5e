//! Errors as Spark Connect sends them: a gRPC status whose `ErrorInfo` detail names the
//! exception's classes and error class, so that PySpark raises its own exception
//! (`AnalysisException`, `StreamingQueryException`, ...) with Ember's Spark-worded text.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// What a request failed with: an Ember error, or one of the server's own.
#[derive(Debug)]
pub enum ConnectError {
    /// An error from Ember (analysis, a source, a query that failed, ...).
    Ember(ember::Error),
    /// A relation, expression, command or function the server does not run.
    Unsupported(String),
    /// A request that names something that is not there (a query, an operation).
    NotFound(String),
    /// A malformed request.
    Invalid(String),
}

/// The result of a request's handling.
pub type ConnectResult<T> = Result<T, ConnectError>;

impl From<ember::Error> for ConnectError {
    fn from(e: ember::Error) -> Self {
        ConnectError::Ember(e)
    }
}

impl ConnectError {
    /// The message, as Spark words it.
    pub fn message(&self) -> String {
        match self {
            ConnectError::Ember(e) => e.to_string(),
            ConnectError::Unsupported(what) => format!(
                "[UNSUPPORTED_FEATURE] The feature is not supported: {what} (Ember's Spark \
                 Connect server). SQLSTATE: 0A000"
            ),
            ConnectError::NotFound(what) | ConnectError::Invalid(what) => what.clone(),
        }
    }

    /// The JVM exception classes Spark would raise, most specific first: the Python client
    /// picks its exception by them.
    fn classes(&self) -> &'static [&'static str] {
        match self {
            ConnectError::Ember(ember::Error::Analysis(_)) => {
                &["org.apache.spark.sql.AnalysisException"]
            }
            ConnectError::Ember(ember::Error::Parse(_)) => &[
                "org.apache.spark.sql.catalyst.parser.ParseException",
                "org.apache.spark.sql.AnalysisException",
            ],
            ConnectError::Ember(ember::Error::StreamingQuery { .. }) => {
                &["org.apache.spark.sql.streaming.StreamingQueryException"]
            }
            ConnectError::Ember(ember::Error::InvalidArgument(_)) | ConnectError::Invalid(_) => &[
                "org.apache.spark.SparkIllegalArgumentException",
                "java.lang.IllegalArgumentException",
            ],
            ConnectError::Unsupported(_) => &[
                "org.apache.spark.SparkUnsupportedOperationException",
                "java.lang.UnsupportedOperationException",
            ],
            _ => &["org.apache.spark.SparkException"],
        }
    }

    fn code(&self) -> Code {
        match self {
            ConnectError::NotFound(_) => Code::NotFound,
            ConnectError::Invalid(_) => Code::InvalidArgument,
            ConnectError::Unsupported(_) => Code::Unimplemented,
            _ => Code::Internal,
        }
    }

    /// The gRPC status carrying the error.
    pub fn into_status(self) -> Status {
        let message = self.message();
        let classes = self.classes();
        let mut metadata = HashMap::new();
        metadata.insert(
            "classes".to_string(),
            serde_json::to_string(classes).unwrap_or_default(),
        );
        if let Some(class) = ember::error::error_class(&message) {
            metadata.insert("errorClass".to_string(), class);
        }
        if let Some(state) = sql_state(&message) {
            metadata.insert("sqlState".to_string(), state);
        }
        let details = ErrorDetails::with_error_info(classes[0], "org.apache.spark", metadata);
        Status::with_error_details(self.code(), message, details)
    }
}

/// The `SQLSTATE: XXXXX` of a message, if it has one.
fn sql_state(message: &str) -> Option<String> {
    let at = message.rfind("SQLSTATE: ")? + "SQLSTATE: ".len();
    let state: String = message[at..].chars().take(5).collect();
    (state.len() == 5).then_some(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_classes_and_states_are_read_from_the_message() {
        let e = ConnectError::from(ember::expr::resolve("foo", vec![]).unwrap_err());
        assert_eq!(sql_state(&e.message()).as_deref(), Some("42883"));
        assert_eq!(sql_state("no state"), None);
    }
}
