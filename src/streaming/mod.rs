//! The streaming runtime: [`StreamingQuery`], triggers, and the loops that run batches as
//! timely epochs — the driver's on worker 0 of process 0, the followers' everywhere else.

mod cluster;
mod control;
mod driver;
mod follower;
mod progress;
mod query;
mod shutdown;
mod trigger;

pub use progress::BatchProgress;
pub use query::StreamingQuery;
pub use trigger::Trigger;

pub(crate) use control::Control;
pub(crate) use query::{start_query, QueryShared};
pub(crate) use trigger::TriggerPlan;

use std::sync::Arc;

use ember_operators::Row;
use timely::worker::Worker;

use crate::error::Result;
use crate::render::{build_dataflow, Dataflow};

/// One worker's whole life in a query: build the dataflow, run batches (as the driver on
/// worker 0, as a follower elsewhere), then close the inputs and drain.
pub(crate) fn run_worker(worker: &mut Worker, shared: &Arc<QueryShared>) -> Result<()> {
    let mut dataflow = build_dataflow(worker, &shared.plan);
    let result = if worker.index() == 0 {
        driver::run(worker, &mut dataflow, shared)
    } else {
        follower::run(worker, &mut dataflow);
        Ok(())
    };
    let Dataflow {
        rows,
        errors,
        control,
        ..
    } = dataflow;
    drop((rows, errors, control));
    while worker.step_or_park(Some(std::time::Duration::from_millis(100))) {}
    result
}

/// Inserts this worker's share of batch `id` (or the error reading it) at epoch `id` and
/// closes the epoch on this worker.
fn insert_share(dataflow: &mut Dataflow, id: u64, share: Result<Vec<Row>>) {
    dataflow.rows.advance_to(id);
    dataflow.errors.advance_to(id);
    match share {
        Ok(rows) => rows.into_iter().for_each(|row| dataflow.rows.insert(row)),
        Err(e) => dataflow.errors.insert(e.to_string()),
    }
    dataflow.rows.advance_to(id + 1);
    dataflow.errors.advance_to(id + 1);
    dataflow.rows.flush();
    dataflow.errors.flush();
}
