//! [`ProgressLog`]: a query's recent progress reports and its status, shared between the
//! driver and the query's handle.

use std::collections::VecDeque;
use std::sync::Mutex;

use super::{StreamingQueryProgress, StreamingQueryStatus};

/// How many recent batches a query remembers unless configured
/// (`spark.sql.streaming.numRecentProgressUpdates`).
pub const DEFAULT_RECENT: usize = 100;

/// The recent progress reports of a query, and its status.
#[derive(Debug)]
pub(crate) struct ProgressLog {
    capacity: usize,
    recent: Mutex<VecDeque<StreamingQueryProgress>>,
    status: Mutex<StreamingQueryStatus>,
}

impl Default for ProgressLog {
    fn default() -> Self {
        ProgressLog::with_capacity(DEFAULT_RECENT)
    }
}

impl ProgressLog {
    /// A log that keeps the latest `capacity` reports.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        ProgressLog {
            capacity,
            recent: Mutex::new(VecDeque::new()),
            status: Mutex::new(StreamingQueryStatus::default()),
        }
    }

    pub(crate) fn record(&self, progress: StreamingQueryProgress) {
        if let Ok(mut recent) = self.recent.lock() {
            while recent.len() >= self.capacity.max(1) {
                recent.pop_front();
            }
            if self.capacity > 0 {
                recent.push_back(progress);
            }
        }
    }

    pub(crate) fn recent(&self) -> Vec<StreamingQueryProgress> {
        self.recent
            .lock()
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub(crate) fn last(&self) -> Option<StreamingQueryProgress> {
        self.recent.lock().ok().and_then(|r| r.back().cloned())
    }

    pub(crate) fn status(&self) -> StreamingQueryStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Sets the status, when it changed (the driver calls this often).
    pub(crate) fn set_status(&self, message: &str, data_available: bool, trigger_active: bool) {
        if let Ok(mut status) = self.status.lock() {
            if status.message != message
                || status.is_data_available != data_available
                || status.is_trigger_active != trigger_active
            {
                *status = StreamingQueryStatus::new(message, data_available, trigger_active);
            }
        }
    }
}
