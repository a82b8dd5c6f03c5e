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
    batch_event_times: Cell<Option<EventTimeStats>>,
}

/// The event times a worker's watermark saw in one batch (microseconds).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct EventTimeStats {
    /// The earliest.
    pub min: i64,
    /// The latest.
    pub max: i64,
    /// Their sum, for the average.
    pub sum: i128,
    /// How many.
    pub count: u64,
}

impl EventTimeStats {
    fn of(event_time: i64) -> Self {
        EventTimeStats {
            min: event_time,
            max: event_time,
            sum: i128::from(event_time),
            count: 1,
        }
    }

    /// Both sets of event times together (`times` copies of `other`).
    pub fn merge(self, other: EventTimeStats, times: u64) -> Self {
        EventTimeStats {
            min: self.min.min(other.min),
            max: self.max.max(other.max),
            sum: self.sum + other.sum * i128::from(times),
            count: self.count + other.count * times,
        }
    }

    /// The average event time, rounded down.
    pub fn avg(&self) -> i64 {
        self.sum.div_euclid(i128::from(self.count.max(1))) as i64
    }
}

/// What one worker reports to the driver after each batch: what it read, what its watermark
/// saw, and what its stateful stages hold.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct WorkerStats {
    /// The greatest event time the worker has seen (microseconds).
    pub max_event_time: Option<i64>,
    /// Rows the worker's passes have dropped as late, in all.
    pub dropped: u64,
    /// The event times the batch's rows had on this worker.
    pub batch_event_times: Option<EventTimeStats>,
    /// Per source, the rows this worker read in the batch.
    pub input_rows: Vec<u64>,
    /// Per stateful stage, in the plan's order, its state on this worker.
    pub states: Vec<ember_operators::StateMetrics>,
}

impl WorkerStats {
    /// Adds `times` workers' reports of `other` to this one (the sum over workers).
    pub fn merge(&mut self, other: &WorkerStats, times: u64) {
        self.max_event_time = self.max_event_time.max(other.max_event_time);
        self.dropped += other.dropped * times;
        self.batch_event_times = match (self.batch_event_times, other.batch_event_times) {
            (Some(mine), Some(theirs)) => Some(mine.merge(theirs, times)),
            (None, Some(theirs)) => Some(EventTimeStats {
                sum: theirs.sum * i128::from(times),
                count: theirs.count * times,
                ..theirs
            }),
            (mine, None) => mine,
        };
        add_counts(&mut self.input_rows, &other.input_rows, |a, b| {
            *a += b * times
        });
        add_counts(&mut self.states, &other.states, |a, b| {
            a.rows_total += b.rows_total * times;
            a.rows_updated += b.rows_updated * times;
            a.rows_removed += b.rows_removed * times;
            a.memory_bytes += b.memory_bytes * times;
            a.dropped_rows += b.dropped_rows * times;
            a.removal_nanos = a.removal_nanos.max(b.removal_nanos);
        });
    }
}

/// Adds `other` into `mine` element by element, growing `mine` as needed.
fn add_counts<T: Default + Clone>(mine: &mut Vec<T>, other: &[T], add: impl Fn(&mut T, &T)) {
    if mine.len() < other.len() {
        mine.resize(other.len(), T::default());
    }
    for (a, b) in mine.iter_mut().zip(other) {
        add(a, b);
    }
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
        let batch = match self.batch_event_times.get() {
            Some(stats) => stats.merge(EventTimeStats::of(event_time), 1),
            None => EventTimeStats::of(event_time),
        };
        self.batch_event_times.set(Some(batch));
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

    /// A new batch begins: forget the last one's event times.
    pub fn begin_batch(&self) {
        self.batch_event_times.set(None);
    }

    /// This worker's report for the driver, without what it read and the state it holds
    /// (which the runtime and the stateful stages know).
    pub fn stats(&self) -> WorkerStats {
        WorkerStats {
            max_event_time: self.max_event_time.get(),
            dropped: self.dropped.get(),
            batch_event_times: self.batch_event_times.get(),
            ..WorkerStats::default()
        }
    }
}
