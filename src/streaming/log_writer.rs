//! [`LogWriter`]: the checkpoint's log entries written, made durable and purged on a thread of
//! their own, in the order the driver asks, so that their fsyncs overlap the next batch's work.
//!
//! A durable write costs milliseconds (the file and its directory are fsynced), as much as a
//! whole batch of a fast query. The driver only queues them, and queues a batch's offsets as
//! soon as it is planned. Whatever is queued while the writer works goes in its next group
//! commit: written and fsynced under temporary names at once, renamed, then one fsync per
//! directory — two rounds of fsyncs for any number of batches. The one wait left is the one
//! correctness needs, before a batch's output reaches the sink
//! ([`LogWriter::wait_for_output`]): its offsets are durable, so that a batch whose output
//! anyone saw is re-run with exactly the same input, and so is the previous batch's commit,
//! so that a restart writes again only the batch a crash interrupted (as Spark's does); the
//! previous batch's commit was queued before this batch ran, so it is rarely waited for.
//! Groups are done in queue order, so a batch's commit (queued after its output was written,
//! so after its offsets were durable) is never durable before its offsets. Several batches
//! may be logged and not committed (the next batches' offsets are logged early), and recovery
//! re-runs them all ([`Checkpoint::recover`]).

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::failpoint::{self, Failpoint};
use crate::checkpoint::{Checkpoint, Offsets};
use crate::error::{Error, Result};
use crate::source::Source;
use crate::storage::{stage, sync_dir};

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
    /// The latest batch whose commit is durable.
    commit: Option<u64>,
    /// The first write that failed; the writer does nothing after it.
    error: Option<Error>,
}

/// The queue of a checkpoint's log writes and the thread that makes them durable, in order.
pub(crate) struct LogWriter {
    jobs: Option<crossbeam_channel::Sender<Job>>,
    /// Jobs queued so far.
    queued: u64,
    /// The latest batch whose commit was queued.
    last_commit: Option<u64>,
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
                        run(&checkpoint, jobs.as_slice(), &|milestone| {
                            let mut done = lock(&shared.0);
                            match milestone {
                                Milestone::Offsets(id) => done.offsets = Some(id),
                                Milestone::Commit(id) => done.commit = Some(id),
                                Milestone::None => {}
                            }
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
            last_commit: None,
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
        self.last_commit = Some(id);
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

    /// Waits until batch `id`'s output may be written: its offsets are durable (a re-run
    /// reads the same), and so is the last commit queued, the previous batch's (so that, as
    /// in Spark, at most one batch whose output was written is uncommitted: a restart writes
    /// again only the batch a crash interrupted).
    pub(crate) fn wait_for_output(&self, id: u64) -> Result<()> {
        let commit = self.last_commit;
        self.wait_until(|done| done.offsets.is_some_and(|o| o >= id) && done.commit >= commit)
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
    /// Nothing of note (a source's own log entry, a marker).
    None,
    /// Batch N's offsets.
    Offsets(u64),
    /// Batch N's commit.
    Commit(u64),
}

/// Does `jobs` as one group commit: every file they write is first written and fsynced
/// under a temporary name, all at once; then all are renamed into place, and each directory
/// they went to is fsynced once, all at once. So a group costs two rounds of fsyncs however
/// many batches' entries it holds. Within a group nothing is ordered: recovery needs none of
/// it (a batch's commit is queued only once its offsets are durable, in an earlier group; any
/// number of batches logged after the last commit are re-run; see [`Checkpoint::recover`]).
/// Purges go last. `durable(milestone)` is called for each offsets entry and commit once it
/// is durable — after every failpoint of the group, so that a crash at one comes before the
/// driver hears of anything the group made durable.
fn run(checkpoint: &Checkpoint, jobs: &[Job], durable: &dyn Fn(Milestone)) -> Result<()> {
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
    let mut dirs: Vec<PathBuf> = Vec::new();
    for staged in staged {
        let dir = staged?.put_in_place()?;
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    let synced = in_parallel(dirs.iter(), |dir| sync_dir(dir));
    synced.into_iter().collect::<Result<Vec<()>>>()?;
    for (_, _, milestone) in &files {
        match *milestone {
            Milestone::Commit(id) => failpoint::check(Failpoint::AfterCommit, id),
            Milestone::Offsets(id) => failpoint::check(Failpoint::AfterOffsets, id),
            Milestone::None => {}
        }
    }
    for (_, _, milestone) in &files {
        durable(*milestone);
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
