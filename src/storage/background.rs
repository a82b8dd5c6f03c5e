//! [`BackgroundWriter`]: one thread that runs a worker's slow writes (state snapshots and
//! deltas: encoding, writing, fsyncing) in the order they were given, while the worker goes
//! on with the next batch; the first write that fails is kept for the worker to report. The
//! driver also frees each batch's output there.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::error::{Error, Result};

/// A job for the writer.
pub(crate) type WriteJob = Box<dyn FnOnce() -> Result<()> + Send>;

/// A thread of one worker's own that runs [`WriteJob`]s in order; started at the first job,
/// and joined (after its last job) when dropped. A job that fails is kept
/// ([`BackgroundWriter::take_failure`]); the jobs after it still run.
#[derive(Default)]
pub(crate) struct BackgroundWriter {
    jobs: Option<crossbeam_channel::Sender<WriteJob>>,
    thread: Option<JoinHandle<()>>,
    failure: Arc<Mutex<Option<Error>>>,
}

impl BackgroundWriter {
    /// The first write that failed since the last call, if any.
    pub(crate) fn take_failure(&self) -> Option<Error> {
        lock(&self.failure).take()
    }

    /// Keeps `failure` as the writer's, unless an earlier one is kept.
    pub(crate) fn fail(&self, failure: Error) {
        keep(&self.failure, failure);
    }

    /// Drops `value` on the writer's thread, after the jobs queued before it: freeing a
    /// batch's output rows (two allocations a row) is work the driver need not wait for
    /// while the other workers run the next batch.
    pub(crate) fn drop_later<T: Send + 'static>(&mut self, value: T) {
        self.run(Box::new(move || {
            drop(value);
            Ok(())
        }));
    }

    /// Queues `job`; runs it here, at once, if no thread can be started.
    pub(crate) fn run(&mut self, job: WriteJob) {
        let failure = self.failure.clone();
        let run = move |job: WriteJob| {
            if let Err(e) = job() {
                keep(&failure, e);
            }
        };
        if self.jobs.is_none() {
            let (jobs, queue) = crossbeam_channel::unbounded::<WriteJob>();
            let run_queued = run.clone();
            let started = std::thread::Builder::new()
                .name("ember-state-write".into())
                .spawn(move || queue.into_iter().for_each(run_queued));
            match started {
                Ok(thread) => {
                    self.jobs = Some(jobs);
                    self.thread = Some(thread);
                }
                Err(e) => {
                    tracing::warn!("cannot start a thread for state writes ({e}): writing here");
                    return run(job);
                }
            }
        }
        if let Some(Err(crossbeam_channel::SendError(job))) =
            self.jobs.as_ref().map(|jobs| jobs.send(job))
        {
            // The thread is gone (a job panicked): the write still happens.
            run(job);
        }
    }
}

fn lock(failure: &Mutex<Option<Error>>) -> std::sync::MutexGuard<'_, Option<Error>> {
    failure
        .lock()
        .expect("invariant violated: the state writer's failure lock is poisoned")
}

fn keep(failure: &Mutex<Option<Error>>, e: Error) {
    lock(failure).get_or_insert(e);
}

impl Drop for BackgroundWriter {
    /// Waits for every queued job.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
