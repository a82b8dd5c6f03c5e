//! The follower loop, on every worker but the driver: runs each batch the driver broadcasts.

use std::time::Duration;

use timely::worker::Worker;

use super::Control;
use crate::render::Dataflow;
use crate::source::read_share;

/// Runs broadcast batches until the driver says stop.
pub(crate) fn run(worker: &mut Worker, dataflow: &mut Dataflow) {
    loop {
        let next = dataflow.control_queue.borrow_mut().pop_front();
        match next {
            Some(Control::Batch { id, source }) => {
                let share = read_share(&source, worker.index(), worker.peers(), None);
                super::insert_share(dataflow, id, share);
            }
            Some(Control::Stop) => return,
            None => {
                worker.step_or_park(Some(Duration::from_millis(100)));
            }
        }
    }
}
