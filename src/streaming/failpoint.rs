//! Failpoints: deterministic crashes for recovery tests.
//!
//! With `EMBER_FAILPOINT=<point>:<batch>` in the environment, the driver aborts the process
//! (no cleanup, like SIGKILL) when it reaches `<point>` in batch `<batch>`. The points are
//! the moments recovery must survive:
//!
//! | point | the driver has just ... |
//! |---|---|
//! | `after-offsets` | logged what the batch reads, before running it |
//! | `after-sink` | handed the batch to the sink, before committing it |
//! | `logged-ahead` | handed the batch to the sink, and made the offsets of every batch planned after it durable (running ahead), before committing it |
//! | `mid-snapshot` | written its own part of the batch's state snapshot, not the marker |
//! | `after-commit` | committed the batch |
//!
//! One point makes a write fail instead of crashing, for the tests of error paths:
//! `state-write` fails every worker's write of its part of the batch's state snapshot or
//! delta.
//!
//! Unset (the normal case), checking costs one comparison.

use std::sync::OnceLock;

/// A moment in a batch's life at which a test can make the driver crash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failpoint {
    AfterOffsets,
    AfterSink,
    LoggedAhead,
    MidSnapshot,
    AfterCommit,
    StateWrite,
}

impl Failpoint {
    fn name(self) -> &'static str {
        match self {
            Failpoint::AfterOffsets => "after-offsets",
            Failpoint::AfterSink => "after-sink",
            Failpoint::LoggedAhead => "logged-ahead",
            Failpoint::MidSnapshot => "mid-snapshot",
            Failpoint::AfterCommit => "after-commit",
            Failpoint::StateWrite => "state-write",
        }
    }
}

fn armed() -> &'static Option<(String, u64)> {
    static ARMED: OnceLock<Option<(String, u64)>> = OnceLock::new();
    ARMED.get_or_init(|| {
        let spec = std::env::var("EMBER_FAILPOINT").ok()?;
        let (point, batch) = spec.split_once(':')?;
        Some((point.to_string(), batch.parse().ok()?))
    })
}

/// Aborts the process if the test armed `point` for `batch`.
pub(crate) fn check(point: Failpoint, batch: u64) {
    if fails(point, batch) {
        tracing::error!("failpoint {}:{batch} reached, aborting", point.name());
        std::process::abort();
    }
}

/// Whether the test armed `point` for `batch` (for a point that makes a write fail).
pub(crate) fn fails(point: Failpoint, batch: u64) -> bool {
    armed().as_ref().is_some_and(|(armed_point, armed_batch)| {
        armed_point == point.name() && *armed_batch == batch
    })
}
