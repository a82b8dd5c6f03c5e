//! [`BatchContext`]: what a worker's fused passes know about the batch they run — the
//! watermark that decides lateness — and what they observe for the driver — the greatest
//! event time and the rows dropped as late.

use std::cell::Cell;

/// Per-worker batch state shared by the fused passes of one dataflow (one per worker; not
/// shared across threads).
#[derive(Debug, Default)]
pub struct BatchContext {
    watermark: Cell<Option<i64>>,
    max_event_time: Cell<Option<i64>>,
    dropped: Cell<u64>,
}

/// What one worker reports to the driver after a batch of a query with a watermark.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct WorkerStats {
    /// The greatest event time the worker has seen (microseconds).
    pub max_event_time: Option<i64>,
    /// Rows the worker has dropped as late, in all.
    pub dropped: u64,
    /// Groups of windowed aggregations the worker holds.
    pub groups: u64,
}

impl BatchContext {
    /// The watermark (microseconds) that decides which rows of the current batch are late
    /// (Spark 4: the previous batch's), if the query has one.
    pub fn watermark(&self) -> Option<i64> {
        self.watermark.get()
    }

    /// Sets the watermark for the batch about to run.
    pub fn set_watermark(&self, watermark: Option<i64>) {
        self.watermark.set(watermark);
    }

    /// Records an event time seen by the watermark.
    pub fn observe(&self, event_time: i64) {
        let max = self
            .max_event_time
            .get()
            .map_or(event_time, |m| m.max(event_time));
        self.max_event_time.set(Some(max));
    }

    /// The greatest event time this worker has seen.
    pub fn max_event_time(&self) -> Option<i64> {
        self.max_event_time.get()
    }

    /// Counts a row dropped because its window closed.
    pub fn drop_late_row(&self) {
        self.dropped.set(self.dropped.get() + 1);
    }

    /// Rows this worker has dropped as late, in all.
    pub fn dropped(&self) -> u64 {
        self.dropped.get()
    }

    /// This worker's report for the driver, without the state it holds (which the
    /// aggregations know).
    pub fn stats(&self) -> WorkerStats {
        WorkerStats {
            max_event_time: self.max_event_time.get(),
            dropped: self.dropped.get(),
            groups: 0,
        }
    }
}
