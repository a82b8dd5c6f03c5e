//! Checkpoints (`option("checkpointLocation", dir)`): what makes a query resumable with
//! nothing lost and nothing counted twice.
//!
//! The directory is laid out as Spark's, so a Spark user recognises it:
//!
//! | path | written | holds |
//! |---|---|---|
//! | `metadata` | once | the query id, and what the query is (to refuse another query) |
//! | `offsets/N` | before batch N runs | what batch N reads: a line of metadata, then a line of offsets per source |
//! | `commits/N` | after batch N's sink finished | that batch N is done |
//! | `sources/<i>/N` | with `offsets/N` | source `i`'s offsets of batch N, for sources that need every batch's (a file source's seen files) |
//! | `state/N/<stage>/part-<worker>` | every few batches | each worker's groups (aggregations, then stateful custom operators) as of batch N |
//! | `state/N/_COMPLETE` | when every part of snapshot N is written | the number of parts |
//!
//! Recovery: the latest complete snapshot is loaded into the aggregations, the committed
//! batches after it are re-run from their logged offsets (their output already went out, so
//! it is not written again), a batch with offsets but no commit is re-run with exactly the
//! same offsets and written, and new batches continue from the next id. Restart cost is the
//! state plus the few batches since the last snapshot, not the history.

mod lock;
pub(crate) mod log;
pub(crate) mod state_file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use log::{CommitEntry, OffsetMetadata};

/// What one batch reads from one source: JSON the checkpoint logs without reading it.
pub(crate) type Offsets = serde_json::Value;

/// A logged batch: what a restart needs to run it again as it ran.
#[derive(Debug)]
pub(crate) struct LoggedBatch {
    /// The batch id.
    pub id: u64,
    /// Every source's offsets.
    pub offsets: Vec<Offsets>,
    /// The watermark it ran with.
    pub watermark: Option<i64>,
    /// Its processing time (ms since the epoch): `current_timestamp()` of a batch run again
    /// is the one it had, as in Spark.
    pub time_ms: i64,
}

use crate::storage as files;

pub(crate) use lock::CheckpointLock;

/// What a query is, as recorded in `metadata`: a restarted query must match it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct QueryShape {
    /// The source, e.g. `text[data/corpus]`.
    pub source: String,
    /// The result columns and their types.
    pub schema: String,
    /// The stateful stages (aggregation keys and aggregates).
    pub state: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Metadata {
    id: String,
    #[serde(default)]
    ember: Option<QueryShape>,
}

/// What a restarted query must do before it runs new batches.
#[derive(Debug, Default)]
pub(crate) struct Recovery {
    /// The latest complete state snapshot: its batch and its number of parts.
    pub snapshot: Option<(u64, usize)>,
    /// Committed batches after the snapshot, to re-run without output, with their
    /// watermarks.
    pub replay: Vec<LoggedBatch>,
    /// A batch with offsets but no commit, to re-run with output, with its watermark.
    pub pending: Option<LoggedBatch>,
    /// The watermark after the last committed batch.
    pub watermark: Option<i64>,
    /// The id of the first new batch.
    pub next_batch: u64,
    /// Per source: the offsets of the last batch planned, and, for sources that keep their
    /// history, every batch's.
    pub sources: Vec<SourceLog>,
}

/// What the checkpoint holds of one source's batches.
#[derive(Debug, Default)]
pub(crate) struct SourceLog {
    /// The offsets of the last batch planned.
    pub last: Option<Offsets>,
    /// Every batch's offsets, oldest first (sources that keep history only).
    pub history: Vec<Offsets>,
}

/// An open checkpoint directory.
#[derive(Clone, Debug)]
pub(crate) struct Checkpoint {
    root: PathBuf,
}

impl Checkpoint {
    /// Opens (creating if needed) the checkpoint at `root` for a query of shape `shape`;
    /// returns it and the query id (kept across restarts, as Spark keeps it).
    pub(crate) fn open(root: &Path, shape: &QueryShape, new_id: &str) -> Result<(Self, String)> {
        let checkpoint = Checkpoint {
            root: root.to_path_buf(),
        };
        let path = root.join("metadata");
        let id = match files::read_if_exists(&path)? {
            Some(bytes) => {
                let metadata: Metadata =
                    serde_json::from_slice(&bytes).map_err(|e| Error::CorruptCheckpoint {
                        path: path.clone(),
                        message: format!("cannot parse the metadata: {e}"),
                    })?;
                if let Some(recorded) = &metadata.ember {
                    checkpoint.check_shape(recorded, shape)?;
                }
                metadata.id
            }
            None => {
                if !files::batch_ids(&root.join("offsets"))?.is_empty() {
                    return Err(Error::CorruptCheckpoint {
                        path,
                        message: "the metadata file is missing, but batches were logged".into(),
                    });
                }
                let metadata = Metadata {
                    id: new_id.to_string(),
                    ember: Some(shape.clone()),
                };
                files::write_atomic(&path, encode(&metadata).as_bytes())?;
                metadata.id
            }
        };
        Ok((checkpoint, id))
    }

    fn check_shape(&self, recorded: &QueryShape, shape: &QueryShape) -> Result<()> {
        let differs = |what: &str, old: &str, new: &str| {
            Err(Error::Checkpoint(format!(
                "The checkpoint at {} was written by a different query: its {what} was {old}, \
                 this query's is {new}. Use a new checkpointLocation for a changed query.",
                self.root.display()
            )))
        };
        if recorded.source != shape.source {
            return differs("source", &recorded.source, &shape.source);
        }
        if recorded.schema != shape.schema {
            return differs("result schema", &recorded.schema, &shape.schema);
        }
        if recorded.state != shape.state {
            return differs(
                "aggregation",
                &format!("[{}]", recorded.state.join("; ")),
                &format!("[{}]", shape.state.join("; ")),
            );
        }
        Ok(())
    }

    /// The query id recorded in the checkpoint at `root`, or `unknown` (for messages).
    pub(crate) fn recorded_id(root: &Path) -> String {
        files::read_if_exists(&root.join("metadata"))
            .ok()
            .flatten()
            .and_then(|bytes| serde_json::from_slice::<Metadata>(&bytes).ok())
            .map_or_else(|| "unknown".to_string(), |m| m.id)
    }

    /// The checkpoint at `root`, as a process other than the driver's sees it: the driver
    /// has opened (and checked) it.
    pub(crate) fn at(root: &Path) -> Self {
        Checkpoint {
            root: root.to_path_buf(),
        }
    }

    /// The checkpoint directory.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    fn offsets_dir(&self) -> PathBuf {
        self.root.join("offsets")
    }

    fn commits_dir(&self) -> PathBuf {
        self.root.join("commits")
    }

    fn source_dir(&self, source: usize) -> PathBuf {
        self.root.join("sources").join(source.to_string())
    }

    fn state_dir(&self, batch: u64) -> PathBuf {
        self.root.join("state").join(batch.to_string())
    }

    /// The marker that snapshot `batch` is complete.
    fn snapshot_marker(&self, batch: u64) -> PathBuf {
        self.state_dir(batch).join("_COMPLETE")
    }

    /// Logs what batch `id` reads (`offsets`, a source's each); `history[i]` says whether
    /// source `i`'s offsets are also kept in its own log. Must be durable before the batch
    /// runs.
    pub(crate) fn write_offsets(
        &self,
        id: u64,
        offsets: &[Offsets],
        history: &[bool],
        watermark: Option<i64>,
        time_ms: i64,
    ) -> Result<()> {
        for (source, offsets) in offsets.iter().enumerate() {
            if history.get(source).copied().unwrap_or(false) {
                log::write_entry(&log::entry_path(&self.source_dir(source), id), offsets)?;
            }
        }
        let metadata = OffsetMetadata {
            batch_id: id,
            timestamp_ms: u64::try_from(time_ms).unwrap_or(0),
            watermark_ms: watermark.map_or(0, |w| w.div_euclid(1000)),
            watermark,
        };
        let mut lines = vec![encode(&metadata)];
        lines.extend(offsets.iter().map(Offsets::to_string));
        log::write_lines(&log::entry_path(&self.offsets_dir(), id), &lines)
    }

    /// Logs that batch `id`'s sink has finished, and the watermark the next batch runs with.
    pub(crate) fn write_commit(&self, id: u64, next_watermark: Option<i64>) -> Result<()> {
        let entry = CommitEntry {
            next_batch_watermark_ms: next_watermark.map_or(0, |w| w.div_euclid(1000)),
            next_batch_watermark: next_watermark,
        };
        log::write_entry(&log::entry_path(&self.commits_dir(), id), &entry)
    }

    /// Where worker `worker` writes its part of stage `stage` of snapshot `batch`.
    pub(crate) fn state_part(&self, batch: u64, stage: usize, worker: usize) -> PathBuf {
        self.state_dir(batch)
            .join(stage.to_string())
            .join(format!("part-{worker}"))
    }

    /// Writes one worker's part of one stage of snapshot `batch`: an aggregation's groups, or
    /// a custom operator's keys.
    pub(crate) fn write_state_part<T: Serialize>(
        &self,
        batch: u64,
        stage: usize,
        worker: usize,
        groups: &[T],
    ) -> Result<()> {
        state_file::write_part(&self.state_part(batch, stage, worker), groups)
    }

    /// Reads one part of snapshot `batch`.
    pub(crate) fn read_state_part<T: DeserializeOwned>(
        &self,
        batch: u64,
        stage: usize,
        part: usize,
    ) -> Result<Vec<T>> {
        state_file::read_part(&self.state_part(batch, stage, part))
    }

    /// Marks snapshot `batch` complete once all `parts` parts of all `stages` are written.
    pub(crate) fn complete_snapshot(&self, batch: u64, parts: usize) -> Result<()> {
        files::write_atomic(
            &self.snapshot_marker(batch),
            format!("{{\"parts\":{parts}}}").as_bytes(),
        )
    }

    /// Whether every part of every stage of snapshot `batch` is written.
    pub(crate) fn snapshot_written(&self, batch: u64, stages: usize, parts: usize) -> bool {
        (0..stages).all(|s| (0..parts).all(|w| self.state_part(batch, s, w).exists()))
    }

    /// Reads the logs and decides what a restarted query of `history.len()` sources must
    /// do (`history[i]`: whether source `i` keeps its own log). `stateful` queries need their
    /// state: from a snapshot, then the batches after it.
    pub(crate) fn recover(&self, stateful: bool, history: &[bool]) -> Result<Recovery> {
        let offsets = files::batch_ids(&self.offsets_dir())?;
        let commits = files::batch_ids(&self.commits_dir())?;
        let mut recovery = Recovery {
            sources: history.iter().map(|_| SourceLog::default()).collect(),
            ..Recovery::default()
        };
        let Some(&last_planned) = offsets.last() else {
            return Ok(recovery);
        };
        let last_committed = commits.last().copied();
        recovery.next_batch = last_planned + 1;
        for (source, log) in recovery.sources.iter_mut().enumerate() {
            if !history[source] {
                continue;
            }
            let dir = self.source_dir(source);
            for id in files::batch_ids(&dir)? {
                if let Some(offsets) = log::read_entry(&log::entry_path(&dir, id))? {
                    log.history.push(offsets);
                }
            }
        }
        let last_offsets = self.read_offsets(last_planned, history.len())?.offsets;
        for (log, offsets) in recovery.sources.iter_mut().zip(last_offsets) {
            log.last = Some(offsets);
        }
        if let Some(committed) = last_committed {
            let path = log::entry_path(&self.commits_dir(), committed);
            let entry: Option<CommitEntry> = log::read_entry(&path)?;
            recovery.watermark = entry.and_then(|e| e.next_batch_watermark);
        }
        let sources = history.len();
        if last_committed != Some(last_planned) {
            recovery.pending = Some(self.read_offsets(last_planned, sources)?);
        }
        if stateful {
            recovery.snapshot = self.latest_snapshot(last_committed)?;
            let first = recovery.snapshot.map_or(0, |(batch, _)| batch + 1);
            if let Some(committed) = last_committed {
                for id in first..=committed {
                    recovery.replay.push(self.read_offsets(id, sources)?);
                }
            }
        }
        Ok(recovery)
    }

    /// Batch `id` as logged: its offsets (one per source, `sources` of them), watermark and
    /// time.
    fn read_offsets(&self, id: u64, sources: usize) -> Result<LoggedBatch> {
        let path = log::entry_path(&self.offsets_dir(), id);
        let lines = log::read_lines(&path)?.ok_or_else(|| {
            Error::Checkpoint(format!(
                "Cannot recover from {}: the offsets of batch {id} ({}) are gone, and no \
                 state snapshot covers it",
                self.root.display(),
                path.display()
            ))
        })?;
        let corrupt = |message: String| Error::CorruptCheckpoint {
            path: path.clone(),
            message,
        };
        let Some((first, offsets)) = lines.split_first() else {
            return Err(corrupt("the entry is missing after 'v1'".into()));
        };
        let metadata: OffsetMetadata = log::parse_line(&path, first, "the entry")?;
        if metadata.batch_id != id {
            return Err(corrupt(format!(
                "it names batch {} instead of {id}",
                metadata.batch_id
            )));
        }
        if offsets.len() != sources {
            return Err(corrupt(format!(
                "it logs offsets of {} sources, but the query has {sources}",
                offsets.len()
            )));
        }
        let offsets = offsets
            .iter()
            .enumerate()
            .map(|(i, line)| log::parse_line(&path, line, &format!("source {i}'s offsets")))
            .collect::<Result<Vec<Offsets>>>()?;
        Ok(LoggedBatch {
            id,
            offsets,
            watermark: metadata.watermark,
            time_ms: i64::try_from(metadata.timestamp_ms).unwrap_or(i64::MAX),
        })
    }

    /// The latest complete snapshot at or before `committed`.
    fn latest_snapshot(&self, committed: Option<u64>) -> Result<Option<(u64, usize)>> {
        let Some(committed) = committed else {
            return Ok(None);
        };
        let batches = files::batch_ids(&self.root.join("state"))?;
        for batch in batches.into_iter().rev().filter(|b| *b <= committed) {
            let marker = self.snapshot_marker(batch);
            let Some(bytes) = files::read_if_exists(&marker)? else {
                continue; // an unfinished snapshot: a crash interrupted it
            };
            let parts: BTreeMap<String, usize> =
                serde_json::from_slice(&bytes).map_err(|e| Error::CorruptCheckpoint {
                    path: marker.clone(),
                    message: format!("cannot parse: {e}"),
                })?;
            let parts = *parts.get("parts").ok_or_else(|| Error::CorruptCheckpoint {
                path: marker.clone(),
                message: "no 'parts' count".into(),
            })?;
            return Ok(Some((batch, parts)));
        }
        Ok(None)
    }

    /// Deletes log entries and snapshots no restart can need: those before `keep_from`,
    /// keeping the latest complete snapshot at or before it.
    ///
    /// A source's own log (`sources/<i>/`, for sources that keep history) is not cut but
    /// folded: its entries before `keep_from` become one, `merge(i, entries)`, under the id of
    /// the last of them — written before the others go, so a crash in between leaves both,
    /// which `merge` reads the same. A restart then reads a bounded number of entries however
    /// long the history.
    pub(crate) fn purge(
        &self,
        keep_from: u64,
        history: &[bool],
        merge: &dyn Fn(usize, Vec<Offsets>) -> Result<Offsets>,
    ) -> Result<()> {
        for (source, _) in history.iter().enumerate().filter(|(_, keeps)| **keeps) {
            let dir = self.source_dir(source);
            let old: Vec<u64> = files::batch_ids(&dir)?
                .into_iter()
                .filter(|id| *id < keep_from)
                .collect();
            let Some((&last, earlier)) = old.split_last() else {
                continue;
            };
            if earlier.is_empty() {
                continue; // already one entry
            }
            let mut entries = Vec::with_capacity(old.len());
            for id in &old {
                if let Some(offsets) = log::read_entry(&log::entry_path(&dir, *id))? {
                    entries.push(offsets);
                }
            }
            log::write_entry(&log::entry_path(&dir, last), &merge(source, entries)?)?;
            for id in earlier {
                let path = log::entry_path(&dir, *id);
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        let snapshot = self.latest_snapshot(Some(keep_from))?.map(|(b, _)| b);
        let keep = snapshot.map_or(keep_from, |s| s.min(keep_from));
        for dir in [self.offsets_dir(), self.commits_dir()] {
            for id in files::batch_ids(&dir)? {
                if id < keep {
                    let path = log::entry_path(&dir, id);
                    std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                }
            }
        }
        for id in files::batch_ids(&self.root.join("state"))? {
            if id < keep {
                let path = self.state_dir(id);
                std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(())
    }
}

/// `value` as JSON text (Ember's own checkpoint records always encode).
fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("invariant violated: checkpoint records encode as JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A restart runs a logged batch again at the time it first ran (Spark's
    /// `batchTimestampMs`), so that `current_timestamp()` gives it the same value.
    #[test]
    fn logged_batches_keep_their_processing_time() {
        let dir = tempfile::tempdir().unwrap();
        let checkpoint = Checkpoint::at(dir.path());
        let offsets = vec![serde_json::json!({"end": 1})];
        checkpoint
            .write_offsets(0, &offsets, &[false], None, 1_000)
            .unwrap();
        checkpoint.write_commit(0, None).unwrap();
        checkpoint
            .write_offsets(1, &offsets, &[false], Some(5), 2_000)
            .unwrap();
        let recovery = checkpoint.recover(true, &[false]).unwrap();
        let replayed: Vec<(u64, i64)> = recovery.replay.iter().map(|b| (b.id, b.time_ms)).collect();
        assert_eq!(replayed, vec![(0, 1_000)]);
        let pending = recovery.pending.unwrap();
        assert_eq!(
            (pending.id, pending.time_ms, pending.watermark),
            (1, 2_000, Some(5))
        );
        assert_eq!(pending.offsets, offsets);
    }
}
