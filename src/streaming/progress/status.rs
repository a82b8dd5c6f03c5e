//! [`StreamingQueryStatus`]: what a query is doing right now, as Spark's `status`.

use serde::{Deserialize, Serialize};

/// What a query is doing right now, as Spark's `StreamingQueryStatus`, with Spark's
/// messages: `Initializing sources`, `Waiting for data to arrive`, `Processing new data`,
/// `Waiting for next trigger`, `Stopped`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamingQueryStatus {
    /// What the query is doing.
    pub message: String,
    /// Whether the last look at the sources found new data.
    pub is_data_available: bool,
    /// Whether a batch is running.
    pub is_trigger_active: bool,
}

impl StreamingQueryStatus {
    /// A status with this message and flags.
    pub(crate) fn new(message: &str, is_data_available: bool, is_trigger_active: bool) -> Self {
        StreamingQueryStatus {
            message: message.to_string(),
            is_data_available,
            is_trigger_active,
        }
    }

    /// The status as indented JSON, as Spark's `prettyJson`.
    pub fn pretty_json(&self) -> String {
        super::jackson::pretty(self)
    }

    /// The status as one line of JSON, as Spark's `json`.
    pub fn json(&self) -> String {
        super::jackson::compact(self)
    }
}

impl Default for StreamingQueryStatus {
    fn default() -> Self {
        StreamingQueryStatus::new("Initializing sources", false, false)
    }
}

impl std::fmt::Display for StreamingQueryStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.pretty_json())
    }
}
