//! The streaming runtime: [`StreamingQuery`], triggers, and the loops that run batches as
//! timely epochs — the driver's on worker 0 of process 0, the followers' everywhere else.

mod cluster;
mod control;
mod driver;
mod failpoint;
mod follower;
mod listener;
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
    let result = if worker.index() == 0 {
        driver::run(worker, &mut dataflow, shared)
    } else {
        follower::run(worker, &mut dataflow, &shared.plan.sources, checkpoint)
    };
    // Closing every input lets both dataflows drain and complete.
    drop(dataflow);
    while worker.step_or_park(Some(std::time::Duration::from_millis(100))) {}
    result
}
