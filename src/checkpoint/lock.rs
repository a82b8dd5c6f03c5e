//! [`CheckpointLock`]: one running query per checkpoint. Each process of a query holds an
//! operating-system lock (`flock`) on `.lock-<process>` in the checkpoint directory for as long
//! as the query runs; a second query on the same directory — in this process or another, on
//! this machine — cannot take it and fails at `start()`. The lock dies with its process, so a
//! killed query never blocks its own restart; the file it locks means nothing by itself.

use std::fs::{File, TryLockError};
use std::path::Path;

use crate::error::{Error, Result};

/// How long a lock found taken is tried again before the query is refused.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(500);

/// A held lock on a checkpoint directory, released when dropped.
#[derive(Debug)]
pub(crate) struct CheckpointLock(#[allow(dead_code)] File);

impl CheckpointLock {
    /// Locks checkpoint `root` for process `process` of a query; `id` gives the query's id
    /// (the checkpoint's) for the error if another query holds it.
    pub(crate) fn acquire(root: &Path, process: usize, id: impl Fn() -> String) -> Result<Self> {
        std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        let path = root.join(format!(".lock-{process}"));
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        // A lock just released can still be held for an instant: `flock` belongs to the open
        // file, and a process forked meanwhile (by any thread of this process) shares it
        // until it executes its program. So a lock found taken is tried again, briefly,
        // before the query is refused.
        let deadline = std::time::Instant::now() + LOCK_PATIENCE;
        let mut taken = file.try_lock();
        while matches!(taken, Err(TryLockError::WouldBlock)) && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(10));
            taken = file.try_lock();
        }
        match taken {
            Ok(()) => Ok(CheckpointLock(file)),
            // Spark 4's words (stopActiveRunOnRestart=false), and the directory: Ember cannot
            // stop a query that may run in another process.
            Err(TryLockError::WouldBlock) => Err(Error::Checkpoint(format!(
                "Cannot start query with id {} as another query with same id is already \
                 active. Perhaps you are attempting to restart a query from checkpoint that is \
                 already active. The checkpoint {} is in use by a running query; stop it first.",
                id(),
                root.display()
            ))),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}
