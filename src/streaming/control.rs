//! [`Control`]: what the driver broadcasts to every worker.

use serde::{Deserialize, Serialize};

use crate::source::SourceBatch;

/// A message from the driver to every worker, sent at the epoch it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Control {
    /// Run batch `id` over `source`: read your share, insert it at epoch `id`, advance to
    /// `id + 1`.
    Batch {
        /// The batch id, which is also the epoch.
        id: u64,
        /// What the batch reads.
        source: SourceBatch,
    },
    /// The query is over: close your inputs and let the dataflow drain.
    Stop,
}
