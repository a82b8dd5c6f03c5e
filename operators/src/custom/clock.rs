//! [`BatchClock`]: the processing time and event-time watermarks of each batch, as the
//! driver decided them.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::Time;

/// How many past batches a clock remembers.
const REMEMBERED: u64 = 64;

/// The processing time (milliseconds since the Unix epoch) of each batch this worker has
/// run, and its [`BatchWatermarks`] when the query has a watermark, shared between the
/// worker's loop, which records them before inserting the batch's rows, and the operators,
/// which read them when the batch is complete.
///
/// Every worker records the same time and watermarks for a batch (the driver broadcasts
/// them), so operators that use them (processing-time timeouts, late rows, final windows and
/// sessions) behave identically at any scale. A batch is
/// complete on a worker only after every worker has inserted its rows, so an operator that
/// reads the time of a complete batch always finds it.
///
/// ```
/// use ember_operators::BatchClock;
/// let clock = BatchClock::default();
/// clock.set(3, 1_000);
/// assert_eq!(clock.get(3), Some(1_000));
/// assert_eq!(clock.get(4), None);
/// ```
#[derive(Clone, Debug, Default)]
pub struct BatchClock {
    times: Rc<RefCell<BTreeMap<Time, i64>>>,
    watermarks: Rc<RefCell<BTreeMap<Time, BatchWatermarks>>>,
}

/// The event-time watermarks (microseconds) a batch runs with, as Spark 4 uses them: rows
/// are late by the previous batch's watermark, state is final by this batch's.
///
/// ```
/// use ember_operators::{BatchClock, BatchWatermarks};
/// let clock = BatchClock::default();
/// clock.set_watermarks(3, BatchWatermarks { late: 10, eviction: 20 });
/// assert_eq!(clock.watermarks(3), Some(BatchWatermarks { late: 10, eviction: 20 }));
/// assert_eq!(clock.watermarks(4), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchWatermarks {
    /// Rows whose window ends at or before it are dropped as late.
    pub late: i64,
    /// Windows that end at or before it are final.
    pub eviction: i64,
}

impl BatchClock {
    /// Records that batch `epoch` runs at `millis`; forgets batches long past.
    pub fn set(&self, epoch: Time, millis: i64) {
        remember(&self.times, epoch, millis);
    }

    /// Records the watermarks batch `epoch` runs with (queries with a watermark only);
    /// forgets batches long past.
    pub fn set_watermarks(&self, epoch: Time, watermarks: BatchWatermarks) {
        remember(&self.watermarks, epoch, watermarks);
    }

    /// The watermarks of batch `epoch`, if this worker ran it with a watermark.
    pub fn watermarks(&self, epoch: Time) -> Option<BatchWatermarks> {
        self.watermarks.borrow().get(&epoch).copied()
    }

    /// The processing time of batch `epoch`, if this worker ran it.
    pub fn get(&self, epoch: Time) -> Option<i64> {
        self.times.borrow().get(&epoch).copied()
    }

    /// The batches in `[from, to)` this worker ran (`to = None`: no upper bound), in order.
    pub fn batches_between(&self, from: Time, to: Option<Time>) -> Vec<Time> {
        let times = self.times.borrow();
        match to {
            Some(to) if to <= from => Vec::new(),
            Some(to) => times.range(from..to).map(|(t, _)| *t).collect(),
            None => times.range(from..).map(|(t, _)| *t).collect(),
        }
    }
}

/// Records `value` for batch `epoch` in `by_batch`, forgetting the batches more than
/// [`REMEMBERED`] before it.
fn remember<V>(by_batch: &RefCell<BTreeMap<Time, V>>, epoch: Time, value: V) {
    let mut by_batch = by_batch.borrow_mut();
    by_batch.insert(epoch, value);
    *by_batch = by_batch.split_off(&epoch.saturating_sub(REMEMBERED));
}
