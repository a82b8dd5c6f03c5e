//! [`LogWriter`]: the checkpoint's log entries written, made durable and purged on a thread of
//! their own, in the order the driver asks, so that their fsyncs overlap the next batch's work.
//!
//! A durable write costs milliseconds (the file and its directory are fsynced), as much as a
//! whole batch of a fast query. The driver only queues them. The order of the queue is the
//! order recovery relies on: batch N's commit is durable before batch N+1's offsets, so that
//! at most the last batch logged is uncommitted. The one wait left is the one correctness
//! needs: a batch's offsets are durable before its output reaches the sink
//! ([`LogWriter::wait_for_offsets`]), so that a batch whose output anyone saw is re-run with
//! exactly the same input.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::failpoint::{self, Failpoint};
use crate::checkpoint::{Checkpoint, Offsets};
use crate::error::{Error, Result};
use crate::source::Source;

/// One write, in the queue.
enum Job {
    /// Log what batch `id` reads.
    Offsets {
        id: u64,
        offsets: Vec<Offsets>,
        history: Vec<bool>,
        watermark: Option<i64>,
    },
    /// Log that batch `id`'s sink has finished.
    Commit {
        id: u64,
        next_watermark: Option<i64>,
    },
    /// Delete what no restart can need before batch `keep_from`.
    Purge {
        keep_from: u64,
        history: Vec<bool>,
        sources: Vec<Arc<dyn Source>>,
    },
}

/// What the writer thread has done, for the driver to wait on.
#[derive(Default)]
struct Done {
    /// Jobs finished (successfully or not), in queue order.
    jobs: u64,
    /// The latest batch whose offsets are durable.
    offsets: Option<u64>,
    /// The first write that failed; the writer does nothing after it.
    error: Option<Error>,
}

/// The queue of a checkpoint's log writes and the thread that makes them durable, in order.
pub(crate) struct LogWriter {
    jobs: Option<crossbeam_channel::Sender<Job>>,
    /// Jobs queued so far.
    queued: u64,
    done: Arc<(Mutex<Done>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl LogWriter {
    /// Starts the thread that writes `checkpoint`'s logs.
    pub(crate) fn start(checkpoint: Checkpoint) -> Result<Self> {
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        let done = Arc::new((Mutex::new(Done::default()), Condvar::new()));
        let shared = done.clone();
        let thread = std::thread::Builder::new()
            .name("ember-checkpoint-log".into())
            .spawn(move || {
                for job in queue {
                    let failed = lock(&shared.0).error.is_some();
                    let (result, offsets) = if failed {
                        (Ok(()), None)
                    } else {
                        run(&checkpoint, job)
                    };
                    let mut done = lock(&shared.0);
                    done.jobs += 1;
                    match result {
                        Ok(()) => done.offsets = offsets.or(done.offsets),
                        Err(e) => {
                            done.error.get_or_insert(e);
                        }
                    }
                    shared.1.notify_all();
                }
            })
            .map_err(|e| Error::Runtime(format!("cannot start the checkpoint log writer: {e}")))?;
        Ok(LogWriter {
            jobs: Some(jobs),
            queued: 0,
            done,
            thread: Some(thread),
        })
    }

    fn queue(&mut self, job: Job) {
        self.queued += 1;
        let sent = self.jobs.as_ref().map(|jobs| jobs.send(job));
        assert!(
            matches!(sent, Some(Ok(()))),
            "invariant violated: the checkpoint log writer stopped while the query runs"
        );
    }

    /// Queues the entry of what batch `id` reads (`history[i]`: whether source `i`'s
    /// offsets also go to its own log) and the watermark it runs with.
    pub(crate) fn write_offsets(
        &mut self,
        id: u64,
        offsets: &[Offsets],
        history: &[bool],
        watermark: Option<i64>,
    ) {
        self.queue(Job::Offsets {
            id,
            offsets: offsets.to_vec(),
            history: history.to_vec(),
            watermark,
        });
    }

    /// Queues batch `id`'s commit, with the watermark the next batch runs with.
    pub(crate) fn commit(&mut self, id: u64, next_watermark: Option<i64>) {
        self.queue(Job::Commit { id, next_watermark });
    }

    /// Queues the purge of what no restart can need before `keep_from` (see
    /// [`Checkpoint::purge`]), folding the history of `sources` that keep one.
    pub(crate) fn purge(&mut self, keep_from: u64, history: &[bool], sources: &[Arc<dyn Source>]) {
        self.queue(Job::Purge {
            keep_from,
            history: history.to_vec(),
            sources: sources.to_vec(),
        });
    }

    /// Waits until batch `id`'s offsets are durable.
    pub(crate) fn wait_for_offsets(&self, id: u64) -> Result<()> {
        self.wait_until(|done| done.offsets.is_some_and(|o| o >= id))
    }

    /// Waits until everything queued is durable.
    pub(crate) fn flush(&self) -> Result<()> {
        let queued = self.queued;
        self.wait_until(|done| done.jobs >= queued)
    }

    fn wait_until(&self, ready: impl Fn(&Done) -> bool) -> Result<()> {
        let (done, changed) = &*self.done;
        let mut done = lock(done);
        loop {
            if let Some(e) = done.error.take() {
                let message = e.to_string();
                done.error = Some(Error::Checkpoint(message));
                return Err(e);
            }
            if ready(&done) {
                return Ok(());
            }
            done = changed
                .wait(done)
                .expect("invariant violated: the checkpoint log writer's lock is poisoned");
        }
    }
}

impl Drop for LogWriter {
    /// Lets the thread finish what is queued, and joins it.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn lock(done: &Mutex<Done>) -> MutexGuard<'_, Done> {
    done.lock()
        .expect("invariant violated: the checkpoint log writer's lock is poisoned")
}

/// Does one job; returns its outcome and, for offsets, the batch now durable.
fn run(checkpoint: &Checkpoint, job: Job) -> (Result<()>, Option<u64>) {
    match job {
        Job::Offsets {
            id,
            offsets,
            history,
            watermark,
        } => {
            let result = checkpoint.write_offsets(id, &offsets, &history, watermark);
            if result.is_ok() {
                failpoint::check(Failpoint::AfterOffsets, id);
            }
            (result, Some(id))
        }
        Job::Commit { id, next_watermark } => {
            let result = checkpoint.write_commit(id, next_watermark);
            if result.is_ok() {
                failpoint::check(Failpoint::AfterCommit, id);
            }
            (result, None)
        }
        Job::Purge {
            keep_from,
            history,
            sources,
        } => {
            let merge = |i: usize, entries: Vec<Offsets>| sources[i].merge_history(entries);
            (checkpoint.purge(keep_from, &history, &merge), None)
        }
    }
}
