//! [`OperatorError`]: what an operator reports when it cannot take an input schema or fails
//! on a row.

use std::fmt;

/// An error raised by a custom operator, naming the operator.
///
/// At analysis time (`output_schema`) the `ember` crate turns it into its analysis error; at
/// run time its text is the query's failure.
///
/// ```
/// use ember_operators::OperatorError;
/// let e = OperatorError::new("sessionize", "needs a column 'user'");
/// assert_eq!(e.to_string(), "Operator 'sessionize' failed: needs a column 'user'");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatorError {
    /// The operator's name.
    pub operator: String,
    /// What went wrong.
    pub message: String,
}

impl OperatorError {
    /// An error of operator `operator`.
    pub fn new(operator: impl Into<String>, message: impl Into<String>) -> Self {
        OperatorError {
            operator: operator.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for OperatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Operator '{}' failed: {}", self.operator, self.message)
    }
}

impl std::error::Error for OperatorError {}
