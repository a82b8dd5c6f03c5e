//! [`Control`]: what the driver broadcasts to every worker, through the control input of the
//! dataflow render builds; `streaming::control::execute` carries it out.

use serde::{Deserialize, Serialize};

/// A message from the driver to every worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Control {
    /// Load your share of the state of a whole snapshot and the deltas after it, at the
    /// epoch of the last of them.
    Restore {
        /// The whole snapshot's batch, and how many parts each stage's snapshot has.
        base: (u64, usize),
        /// The deltas to apply after it, in order: each a batch and its number of parts.
        deltas: Vec<(u64, usize)>,
    },
    /// Run batch `id`: read your share of every source's offsets, insert it at epoch `id`,
    /// advance to `id + 1`.
    Batch {
        /// The batch id, which is also the epoch.
        id: u64,
        /// What the batch reads from each source, as JSON text.
        offsets: Vec<String>,
        /// The batch's processing time (ms since the Unix epoch), the same for every worker.
        time_ms: i64,
        /// The event-time watermark the batch runs with (microseconds), if the query has one:
        /// state is final by it.
        watermark: Option<i64>,
        /// The watermark the previous batch ran with, by which the batch's rows are late
        /// (Spark 4); `None` when no batch ran before it (the batch's own is used).
        late_watermark: Option<i64>,
        /// The driver's part of a file split by byte ranges, in thousandths of another
        /// worker's (1000: equal parts).
        driver_permille: u16,
    },
    /// Batch `batch` is complete: report your statistics for it.
    Report {
        /// The batch.
        batch: u64,
    },
    /// Batch `batch` is complete: write your part of its state snapshot.
    Snapshot {
        /// The batch.
        batch: u64,
    },
    /// Batch `batch` is complete: write your part of its delta (the keys it changed), in the
    /// background.
    Delta {
        /// The batch.
        batch: u64,
    },
    /// The query is over: close your inputs and let the dataflow drain.
    Stop,
}
