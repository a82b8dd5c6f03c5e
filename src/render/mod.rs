//! Rendering: the physical plan becomes one timely/differential dataflow on every worker.
//!
//! Every worker builds the identical graph (SPMD), so channels match across processes:
//!
//! ```text
//! rows input ──(pipeline)──► gather at worker 0 ──► output outbox   (read by the driver)
//! errors input ────────────► gather at worker 0 ──► failure outbox  (read by the driver)
//! control input (driver) ──► broadcast ──────────► control queue    (read by every worker)
//! ```

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use differential_dataflow::input::{Input as _, InputSession};
use ember_operators::{gather_epochs, Diff, EpochOutbox, Row, Time};
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::vec::Broadcast;
use timely::dataflow::operators::Input as _;
use timely::dataflow::InputHandle;
use timely::worker::Worker;

use crate::plan::PhysicalPlan;
use crate::streaming::Control;

/// The handles a worker keeps to drive the dataflow of one query.
pub(crate) struct Dataflow {
    /// Source rows of this worker's share, inserted at the batch's epoch.
    pub rows: InputSession<Time, Row, Diff>,
    /// Errors met while reading this worker's share (e.g. an unreadable file).
    pub errors: InputSession<Time, String, Diff>,
    /// Batch plans, sent by the driver only.
    pub control: InputHandle<Time, timely::container::CapacityContainerBuilder<Vec<Control>>>,
    /// Batch plans received by this worker, in order.
    pub control_queue: Rc<RefCell<VecDeque<Control>>>,
    /// Complete batches of the sink's input (filled on worker 0 only).
    pub output: Rc<RefCell<EpochOutbox<Row>>>,
    /// Complete batches of errors (filled on worker 0 only).
    pub failures: Rc<RefCell<EpochOutbox<String>>>,
}

/// Builds the dataflow of `plan` on `worker`.
pub(crate) fn build_dataflow(worker: &mut Worker, _plan: &PhysicalPlan) -> Dataflow {
    let output = Rc::new(RefCell::new(EpochOutbox::default()));
    let failures = Rc::new(RefCell::new(EpochOutbox::default()));
    let control_queue = Rc::new(RefCell::new(VecDeque::new()));
    let (rows, errors, control) = worker.dataflow::<Time, _, _>(|scope| {
        let (rows, row_collection) = scope.new_collection::<Row, Diff>();
        let (errors, error_collection) = scope.new_collection::<String, Diff>();
        let (control, control_stream) = scope.new_input::<Vec<Control>>();
        gather_epochs(row_collection.inner, output.clone());
        gather_epochs(error_collection.inner, failures.clone());
        let queue = control_queue.clone();
        control_stream
            .broadcast()
            .sink(Pipeline, "ControlQueue", move |(input, _frontier)| {
                input.for_each(|_cap, data: &mut Vec<Control>| {
                    queue.borrow_mut().extend(data.drain(..));
                });
            });
        (rows, errors, control)
    });
    Dataflow {
        rows,
        errors,
        control,
        control_queue,
        output,
        failures,
    }
}
