//! [`LogWriter`]: the checkpoint's log entries written, made durable and purged on a thread of
//! their own, in the order the driver asks, so that their fsyncs overlap the next batch's work.
//!
//! A durable write costs milliseconds (the file and its directory are fsynced), as much as a
//! whole batch of a fast query. The driver only queues them. The order of the queue is the
//! order recovery relies on: batch N's commit is durable before batch N+1's offsets, so that
//! at most the last batch logged is uncommitted. The files queued together are written and
//! fsynced under temporary names at once, and only their renames (and directory fsyncs) go
//! one after the other. The one wait left is the one correctness
//! needs: a batch's offsets are durable before its output reaches the sink
//! ([`LogWriter::wait_for_offsets`]), so that a batch whose output anyone saw is re-run with
//! exactly the same input.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::failpoint::{self, Failpoint};
use crate::checkpoint::{Checkpoint, Offsets};
use crate::error::{Error, Result};
use crate::source::Source;
use crate::storage::stage;

/// One write, in the queue.
enum Job {
    /// Log what batch `id` reads.
    Offsets {
        id: u64,
        offsets: Vec<Offsets>,
        history: Vec<bool>,
        watermark: Option<i64>,
        /// The batch's processing time (Spark's `batchTimestampMs`).
        time_ms: i64,
    },
    /// Log that batch `id`'s sink has finished.
    Commit {
        id: u64,
        next_watermark: Option<i64>,
    },
    /// Write a file (a state delta's marker).
    File { path: PathBuf, bytes: Vec<u8> },
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
                while let Ok(first) = queue.recv() {
                    // Whatever else is queued goes with it: their slow halves run at once.
                    let mut jobs = vec![first];
                    jobs.extend(queue.try_iter());
                    let failed = lock(&shared.0).error.is_some();
                    let result = if failed {
                        Ok(())
                    } else {
                        run(&checkpoint, jobs.as_slice(), &|id| {
                            let mut done = lock(&shared.0);
                            done.offsets = Some(id);
                            shared.1.notify_all();
                        })
                    };
                    let mut done = lock(&shared.0);
                    done.jobs += jobs.len() as u64;
                    if let Err(e) = result {
                        done.error.get_or_insert(e);
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
        time_ms: i64,
    ) {
        self.queue(Job::Offsets {
            id,
            offsets: offsets.to_vec(),
            history: history.to_vec(),
            watermark,
            time_ms,
        });
    }

    /// Queues batch `id`'s commit, with the watermark the next batch runs with.
    pub(crate) fn commit(&mut self, id: u64, next_watermark: Option<i64>) {
        self.queue(Job::Commit { id, next_watermark });
    }

    /// Queues `file` (a path and its bytes), written durably after what is queued before it.
    pub(crate) fn mark(&mut self, (path, bytes): (PathBuf, Vec<u8>)) {
        self.queue(Job::File { path, bytes });
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

/// `work` on each of `items`, each on a thread of its own (file writes, which wait on the
/// disk); the results in `items`' order.
fn in_parallel<I, T, W>(items: I, work: W) -> Vec<Result<T>>
where
    I: IntoIterator,
    I::Item: Send,
    T: Send,
    W: Fn(I::Item) -> Result<T> + Sync,
{
    std::thread::scope(|scope| {
        let work = &work;
        let threads: Vec<_> = items
            .into_iter()
            .map(|item| scope.spawn(move || work(item)))
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err(Error::Runtime("a checkpoint write panicked".into())))
            })
            .collect()
    })
}

/// What becomes durable with one file.
#[derive(Clone, Copy)]
enum Milestone {
    /// Nothing of note (a source's own log entry, written before the offsets).
    None,
    /// Batch N's offsets.
    Offsets(u64),
    /// Batch N's commit.
    Commit(u64),
}

/// Does `jobs`: every file they write is first written and fsynced under a temporary name,
/// all at once (the slow part), then put in place durably — the commits, the sources' own
/// log entries and the markers at once, then the offsets entries one after the other — which
/// keeps the order recovery relies on: a batch's offsets after the previous batch's commit
/// and after the sources' entries of the same batch. Purges go last.
/// `durable(id)` is called as soon as batch `id`'s offsets are in place.
fn run(checkpoint: &Checkpoint, jobs: &[Job], durable: &dyn Fn(u64)) -> Result<()> {
    let mut files = Vec::new();
    for job in jobs {
        match job {
            Job::Offsets {
                id,
                offsets,
                history,
                watermark,
                time_ms,
            } => {
                let written =
                    checkpoint.offsets_files(*id, offsets, history, *watermark, *time_ms)?;
                let last = written.len().saturating_sub(1);
                for (i, (path, bytes)) in written.into_iter().enumerate() {
                    let milestone = if i == last {
                        Milestone::Offsets(*id)
                    } else {
                        Milestone::None
                    };
                    files.push((path, bytes, milestone));
                }
            }
            Job::Commit { id, next_watermark } => {
                let (path, bytes) = checkpoint.commit_file(*id, *next_watermark)?;
                files.push((path, bytes, Milestone::Commit(*id)));
            }
            Job::File { path, bytes } => files.push((path.clone(), bytes.clone(), Milestone::None)),
            Job::Purge { .. } => {}
        }
    }
    let staged = in_parallel(files.iter(), |(path, bytes, _)| stage(path, bytes));
    // First everything an offsets entry must follow (commits, the sources' own logs) and
    // what needs no order (markers), at once; then the offsets entries, in order.
    let (offsets, others): (Vec<_>, Vec<_>) = staged
        .into_iter()
        .zip(files.iter().map(|(_, _, milestone)| *milestone))
        .partition(|(_, milestone)| matches!(milestone, Milestone::Offsets(_)));
    let published = in_parallel(others, |(staged, milestone)| {
        staged?.publish()?;
        if let Milestone::Commit(id) = milestone {
            failpoint::check(Failpoint::AfterCommit, id);
        }
        Ok(())
    });
    published.into_iter().collect::<Result<Vec<()>>>()?;
    for (staged, milestone) in offsets {
        staged?.publish()?;
        if let Milestone::Offsets(id) = milestone {
            failpoint::check(Failpoint::AfterOffsets, id);
            durable(id);
        }
    }
    for job in jobs {
        if let Job::Purge {
            keep_from,
            history,
            sources,
        } = job
        {
            let merge = |i: usize, entries: Vec<Offsets>| sources[i].merge_history(entries);
            checkpoint.purge(*keep_from, history, &merge)?;
        }
    }
    Ok(())
}
