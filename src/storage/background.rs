//! [`BackgroundWriter`]: one thread that runs a worker's slow writes (state snapshots and
//! deltas: encoding, writing, fsyncing) in the order they were given, while the worker goes
//! on with the next batch.

use std::thread::JoinHandle;

/// A job for the writer: it reports its own errors.
pub(crate) type WriteJob = Box<dyn FnOnce() + Send>;

/// A thread of one worker's own that runs [`WriteJob`]s in order; started at the first job,
/// and joined (after its last job) when dropped.
#[derive(Default)]
pub(crate) struct BackgroundWriter {
    jobs: Option<crossbeam_channel::Sender<WriteJob>>,
    thread: Option<JoinHandle<()>>,
}

impl BackgroundWriter {
    /// Queues `job`; runs it here, at once, if no thread can be started.
    pub(crate) fn run(&mut self, job: WriteJob) {
        if self.jobs.is_none() {
            let (jobs, queue) = crossbeam_channel::unbounded::<WriteJob>();
            let started = std::thread::Builder::new()
                .name("ember-state-write".into())
                .spawn(move || queue.into_iter().for_each(|job| job()));
            match started {
                Ok(thread) => {
                    self.jobs = Some(jobs);
                    self.thread = Some(thread);
                }
                Err(e) => {
                    tracing::warn!("cannot start a thread for state writes ({e}): writing here");
                    return job();
                }
            }
        }
        if let Some(Err(crossbeam_channel::SendError(job))) =
            self.jobs.as_ref().map(|jobs| jobs.send(job))
        {
            // The thread is gone (a job panicked): the write still happens.
            job();
        }
    }
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
