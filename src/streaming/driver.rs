//! The driver loop, on worker 0 of process 0: plans each batch, broadcasts it, reads its own
//! share, waits until the batch is complete on every worker, and hands it to the sink.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use timely::worker::Worker;

use super::{Control, QueryShared, TriggerPlan};
use crate::error::{Error, Result};
use crate::render::Dataflow;
use crate::sink::{BatchSink, ResultTable};
use crate::source::{read_share, DriverSource, SourceBatch};

/// How long an idle driver parks before it looks at its sources and the stop flag again.
const IDLE_POLL: Duration = Duration::from_millis(10);

/// Runs batches until the trigger, `stop()` or an error ends the query.
pub(crate) fn run(
    worker: &mut Worker,
    dataflow: &mut Dataflow,
    shared: &QueryShared,
) -> Result<()> {
    let source = shared
        .source
        .lock()
        .map_err(|_| Error::Runtime("invariant violated: source lock poisoned".into()))?
        .take()
        .ok_or_else(|| Error::Runtime("invariant violated: the driver has no source".into()))?;
    let thread = std::thread::current();
    source.wake_on_data(thread.clone());
    if let Ok(mut slot) = shared.driver_thread.lock() {
        *slot = Some(thread);
    }
    let mut driver = Driver {
        source,
        sink: BatchSink::new(
            &shared.plan.sink,
            &shared.plan.output_schema,
            shared.console.clone(),
        ),
        table: ResultTable::new(shared.plan.output_mode),
        next_batch: 0,
    };
    let result = driver.run_batches(worker, dataflow, shared);
    // Whatever happened, tell every worker to stop, so that none waits forever.
    dataflow.control.send(Control::Stop);
    result
}

struct Driver {
    source: DriverSource,
    sink: BatchSink,
    table: ResultTable,
    next_batch: u64,
}

impl Driver {
    fn run_batches(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        shared: &QueryShared,
    ) -> Result<()> {
        let trigger = shared.plan.trigger;
        let bounded = matches!(trigger, TriggerPlan::AvailableNow | TriggerPlan::Once);
        if bounded {
            self.source.freeze_available(trigger == TriggerPlan::Once)?;
        }
        let interval = match trigger {
            TriggerPlan::Every(interval) => interval,
            _ => Duration::ZERO,
        };
        let started = Instant::now();
        let mut next_trigger = started;
        loop {
            if shared.stop_requested() {
                return Ok(());
            }
            let now = Instant::now();
            if now < next_trigger {
                worker.step_or_park(Some((next_trigger - now).min(IDLE_POLL * 10)));
                continue;
            }
            let Some(batch) = self.source.next_batch()? else {
                if bounded && self.source.is_exhausted() {
                    return Ok(());
                }
                worker.step_or_park(Some(IDLE_POLL));
                continue;
            };
            if !interval.is_zero() {
                // The next batch starts at the next multiple of the interval (Spark's
                // ProcessingTimeExecutor); a late batch makes the next one start at once.
                let elapsed = Instant::now().duration_since(started).as_nanos();
                let ticks = elapsed / interval.as_nanos() + 1;
                next_trigger = started + interval * u32::try_from(ticks).unwrap_or(u32::MAX);
            }
            let started = Instant::now();
            let rows = self.run_batch(worker, dataflow, batch)?;
            shared.progress.record(super::BatchProgress {
                batch_id: self.next_batch - 1,
                num_output_rows: rows as u64,
                duration: started.elapsed(),
            });
            shared.batches_done.store(self.next_batch, Ordering::SeqCst);
            if trigger == TriggerPlan::Once || (bounded && self.source.is_exhausted()) {
                return Ok(());
            }
        }
    }

    fn run_batch(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        batch: SourceBatch,
    ) -> Result<usize> {
        let id = self.next_batch;
        dataflow.control.send(Control::Batch {
            id,
            source: batch.clone(),
        });
        dataflow.control.advance_to(id + 1);
        let share = read_share(
            &batch,
            worker.index(),
            worker.peers(),
            Some(&mut self.source),
        );
        super::insert_share(dataflow, id, share);
        worker.step_or_park_while(Some(IDLE_POLL), || {
            !dataflow.output.borrow().is_complete(id) || !dataflow.failures.borrow().is_complete(id)
        });
        // The driver's own copy of the broadcast plan needs no action.
        dataflow.control_queue.borrow_mut().clear();
        let failures = dataflow.failures.borrow_mut().take(id);
        if let Some((message, _)) = failures.into_iter().next() {
            return Err(Error::Source(message));
        }
        let changes = dataflow.output.borrow_mut().take(id);
        let rows = self.table.apply(changes);
        self.sink.write_batch(id, &rows)?;
        self.next_batch = id + 1;
        Ok(rows.len())
    }
}
