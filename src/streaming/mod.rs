//! The streaming runtime: [`StreamingQuery`], triggers, and the loops that run batches as
//! timely epochs — the driver's on worker 0 of process 0, the followers' everywhere else.

mod cluster;
mod control;
mod driver;
mod failpoint;
mod follower;
mod listener;
mod log_writer;
mod manager;
pub mod progress;
mod query;
mod reporter;
mod shutdown;

pub use crate::plan::Trigger;
pub use listener::{
    QueryIdleEvent, QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent,
    StreamingQueryListener,
};
pub use manager::StreamingQueryManager;
pub use progress::{
    SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress,
    StreamingQueryStatus,
};
pub use query::StreamingQuery;

pub(crate) use crate::plan::TriggerPlan;
pub(crate) use crate::time_zone::now_ms;
pub(crate) use query::{start_query, QueryShared, RunSettings};

use std::sync::Arc;

use timely::worker::Worker;

use crate::error::Result;
use crate::render::build_dataflow;

/// One worker's whole life in a query: build the dataflow, run batches (as the driver on
/// worker 0, as a follower elsewhere), then close the inputs and drain.
pub(crate) fn run_worker(worker: &mut Worker, shared: &Arc<QueryShared>) -> Result<()> {
    crate::expr::set_session_time_zone(shared.time_zone);
    let mut dataflow = build_dataflow(worker, &shared.plan);
    let checkpoint = shared.checkpoint.as_ref();
    if checkpoint.is_some() && !dataflow.states.is_empty() {
        // Every worker asks the same states: all record their changes, or the checkpoint
        // snapshots them whole.
        let recording: Vec<bool> = dataflow
            .states
            .iter_mut()
            .map(|s| s.record_changes())
            .collect();
        dataflow.incremental = recording.into_iter().all(|each| each);
    }
    let result = if worker.index() == 0 {
        driver::run(worker, &mut dataflow, shared)
    } else {
        follower::run(worker, &mut dataflow, &shared.plan.sources, checkpoint)
    };
    // The last snapshots and deltas are written before the worker ends.
    drop(std::mem::take(&mut dataflow.writer));
    // Closing every input lets both dataflows drain and complete.
    drop(dataflow);
    while worker.step_or_park(Some(std::time::Duration::from_millis(100))) {}
    result
}
