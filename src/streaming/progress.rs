//! [`BatchProgress`]: what each batch did, as Spark's `StreamingQueryProgress`.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

/// How many recent batches a query remembers (Spark's
/// `spark.sql.streaming.numRecentProgressUpdates` default).
const RECENT: usize = 100;

/// The progress report of one batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchProgress {
    /// The batch id.
    pub batch_id: u64,
    /// Rows the batch handed to the sink.
    pub num_output_rows: u64,
    /// Time from the batch being planned to the sink having written it: broadcast, reading,
    /// the dataflow, gathering and the sink.
    pub duration: Duration,
    /// The event-time watermark the batch ran with (microseconds since the epoch), when
    /// the query has one.
    pub watermark: Option<i64>,
    /// Rows the batch dropped because their window had closed (Spark's
    /// `numRowsDroppedByWatermark`).
    pub num_rows_dropped_by_watermark: u64,
    /// Groups of windowed aggregations held after the batch (Spark's `numRowsTotal`), when
    /// the query has a watermark.
    pub num_state_rows: Option<u64>,
}

/// The recent progress reports of a query, shared between the driver and the handle.
#[derive(Debug, Default)]
pub(crate) struct ProgressLog {
    recent: Mutex<VecDeque<BatchProgress>>,
}

impl ProgressLog {
    pub(crate) fn record(&self, progress: BatchProgress) {
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() == RECENT {
                recent.pop_front();
            }
            recent.push_back(progress);
        }
    }

    pub(crate) fn recent(&self) -> Vec<BatchProgress> {
        self.recent
            .lock()
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub(crate) fn last(&self) -> Option<BatchProgress> {
        self.recent.lock().ok().and_then(|r| r.back().cloned())
    }
}
