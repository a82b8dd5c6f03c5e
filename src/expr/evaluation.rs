//! What an evaluator knows beyond its row: the session time zone and the current batch's time.
//!
//! Spark evaluates `current_timestamp()` once per micro-batch (the batch's processing time) and
//! reads, prints and takes apart timestamps (`to_timestamp`, `date_format`, `hour`, ...) in
//! `spark.sql.session.timeZone`. Ember's [`Evaluator`](super::Evaluator)s are closures over a
//! row, bound once per worker, so these two facts are kept per thread instead: every timely
//! worker runs on a thread of its own, sets the query's zone when it starts
//! ([`set_session_time_zone`]) and the batch's time before it reads the batch's rows
//! ([`begin_batch`]), so every row of a batch, on every worker of every process, sees the same
//! time (the driver broadcasts it in `Control::Batch`). An evaluator run outside a query (a
//! unit test, [`bind`](super::bind) called directly) sees UTC and the current time.

use std::cell::Cell;

use crate::time_zone::{now_ms, TimeZone};

thread_local! {
    static SESSION_TIME_ZONE: Cell<TimeZone> = const { Cell::new(TimeZone::UTC) };
    static BATCH_TIME_MICROS: Cell<Option<i64>> = const { Cell::new(None) };
}

/// Sets the session time zone of the evaluators run on this thread.
pub(crate) fn set_session_time_zone(zone: TimeZone) {
    SESSION_TIME_ZONE.with(|z| z.set(zone));
}

/// Sets the processing time (ms since the epoch) of the batch this thread evaluates next.
pub(crate) fn begin_batch(time_ms: i64) {
    BATCH_TIME_MICROS.with(|t| t.set(Some(time_ms.saturating_mul(1000))));
}

/// The session time zone of this thread's evaluators (UTC unless a query set it).
pub(crate) fn session_time_zone() -> TimeZone {
    SESSION_TIME_ZONE.with(Cell::get)
}

/// The current batch's processing time in microseconds since the epoch: the time
/// `current_timestamp()` returns (now, outside a query).
pub(crate) fn batch_time_micros() -> i64 {
    BATCH_TIME_MICROS
        .with(Cell::get)
        .unwrap_or_else(|| now_ms().saturating_mul(1000))
}

/// Runs `f` with the session time zone `zone` and the batch time `time_ms` on this thread, then
/// restores what was there (for tests).
#[cfg(test)]
pub(crate) fn with_context<T>(zone: TimeZone, time_ms: Option<i64>, f: impl FnOnce() -> T) -> T {
    let saved = (session_time_zone(), BATCH_TIME_MICROS.with(Cell::get));
    set_session_time_zone(zone);
    BATCH_TIME_MICROS.with(|t| t.set(time_ms.map(|ms| ms * 1000)));
    let out = f();
    set_session_time_zone(saved.0);
    BATCH_TIME_MICROS.with(|t| t.set(saved.1));
    out
}
