//! The follower loop, on every worker but the driver: carries out what the driver broadcasts.

use std::time::Duration;

use timely::worker::Worker;

use super::control::execute;
use crate::checkpoint::Checkpoint;
use crate::error::Result;
use crate::render::Control;
use crate::render::Dataflow;

/// Runs broadcast messages until the driver says stop.
pub(crate) fn run(
    worker: &mut Worker,
    dataflow: &mut Dataflow,
    sources: &[std::sync::Arc<dyn crate::source::Source>],
    checkpoint: Option<&Checkpoint>,
) -> Result<()> {
    loop {
        let next = dataflow.control_queue.borrow_mut().pop_front();
        match next {
            Some(Control::Stop) => return Ok(()),
            Some(control) => execute(worker, dataflow, &control, sources, None, checkpoint)?,
            None => {
                worker.step_or_park(Some(Duration::from_millis(100)));
            }
        }
    }
}
