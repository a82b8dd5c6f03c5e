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
//! | `state/N/<stage>/part-<worker>` | the other batches, when every state records its changes | a delta: each worker's keys batch N wrote (with their state) or removed |
//! | `state/N/_COMPLETE` | when every part of snapshot (or delta) N is written | the number of parts; `"delta":true` for a delta |
//!
//! Snapshots are whole every `minDeltasForSnapshot` batches and deltas in between, as Spark's
//! state store writes them: a batch costs the keys it changed, not the whole state.
//!
//! Recovery: the latest complete snapshot, with the complete deltas that follow it batch
//! after batch, is loaded into the stateful stages; the committed batches after it are re-run
//! from their logged offsets (their output already went out, so it is not written again), the
//! batches with offsets but no commit (the log writer can make several batches' offsets
//! durable before their commits) are re-run with exactly the same offsets and written, and
//! new batches continue from the next id. Restart cost is the state plus the few batches
//! since the last snapshot or delta, not the history.

mod lock;
pub(crate) mod log;
pub(crate) mod state_file;

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

/// The state to restore: a whole snapshot, then deltas, one per batch, each a batch and its
/// number of parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StatePlan {
    /// The whole snapshot: its batch and number of parts.
    pub base: (u64, usize),
    /// The deltas of the batches right after it, in order.
    pub deltas: Vec<(u64, usize)>,
}

impl StatePlan {
    /// The batch the restored state is as of.
    pub(crate) fn batch(&self) -> u64 {
        self.deltas.last().map_or(self.base.0, |(batch, _)| *batch)
    }
}

/// What a restarted query must do before it runs new batches.
#[derive(Debug, Default)]
pub(crate) struct Recovery {
    /// The latest state that can be restored: a complete snapshot and the deltas after it.
    pub snapshot: Option<StatePlan>,
    /// Committed batches after the snapshot, to re-run without output, with their
    /// watermarks.
    pub replay: Vec<LoggedBatch>,
    /// The batches with offsets but no commit, oldest first, to re-run with output, each with
    /// its watermark.
    pub pending: Vec<LoggedBatch>,
    /// The watermark after the last committed batch.
    pub watermark: Option<i64>,
    /// The batch before the first one to run (re-run or new) and the watermark it ran with,
    /// by which the first one's rows are late; `None` if the checkpoint no longer has it.
    pub previous: Option<(u64, Option<i64>)>,
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

    /// The files that log what batch `id` reads (`offsets`, a source's each; `history[i]`
    /// says whether source `i`'s offsets are also kept in its own log), in the order they
    /// must become durable: the sources' own logs, then `offsets/N`, which recovery trusts
    /// only once they are in place. Durable before the batch's output is written.
    pub(crate) fn offsets_files(
        &self,
        id: u64,
        offsets: &[Offsets],
        history: &[bool],
        watermark: Option<i64>,
        time_ms: i64,
    ) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        let mut written = Vec::new();
        for (source, offsets) in offsets.iter().enumerate() {
            if history.get(source).copied().unwrap_or(false) {
                let path = log::entry_path(&self.source_dir(source), id);
                let bytes = log::entry_bytes(&path, offsets)?;
                written.push((path, bytes));
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
        written.push((
            log::entry_path(&self.offsets_dir(), id),
            log::lines_bytes(&lines),
        ));
        Ok(written)
    }

    /// Logs that batch `id`'s sink has finished, and the watermark the next batch runs with.
    pub(crate) fn write_commit(&self, id: u64, next_watermark: Option<i64>) -> Result<()> {
        let (path, bytes) = self.commit_file(id, next_watermark)?;
        files::write_atomic(&path, &bytes)
    }

    /// The file [`write_commit`](Self::write_commit) writes.
    pub(crate) fn commit_file(
        &self,
        id: u64,
        next_watermark: Option<i64>,
    ) -> Result<(PathBuf, Vec<u8>)> {
        let entry = CommitEntry {
            next_batch_watermark_ms: next_watermark.map_or(0, |w| w.div_euclid(1000)),
            next_batch_watermark: next_watermark,
        };
        let path = log::entry_path(&self.commits_dir(), id);
        let bytes = log::entry_bytes(&path, &entry)?;
        Ok((path, bytes))
    }

    /// Removes whatever a previous run left of snapshot (or delta) `batch`: a run that
    /// crashed after taking the state of a batch it never committed leaves parts (and perhaps
    /// a marker) that a new take of that batch must not be mistaken for.
    pub(crate) fn clear_state(&self, batch: u64) -> Result<()> {
        let dir = self.state_dir(batch);
        match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&dir, e)),
            _ => Ok(()),
        }
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

    /// The marker that snapshot (or, with `delta`, the delta of) batch `batch` is complete,
    /// in `parts` parts per stage.
    pub(crate) fn marker_file(&self, batch: u64, parts: usize, delta: bool) -> (PathBuf, Vec<u8>) {
        let text = if delta {
            format!("{{\"parts\":{parts},\"delta\":true}}")
        } else {
            format!("{{\"parts\":{parts}}}")
        };
        (self.snapshot_marker(batch), text.into_bytes())
    }

    /// Whether every part of every stage of snapshot `batch` is written.
    pub(crate) fn snapshot_written(&self, batch: u64, stages: usize, parts: usize) -> bool {
        (0..stages).all(|s| (0..parts).all(|w| self.state_part(batch, s, w).exists()))
    }

    /// Reads the logs and decides what a restarted query of `history.len()` sources must
    /// do (`history[i]`: whether source `i` keeps its own log). `stateful` queries need their
    /// state: from a snapshot, then the batches after it.
    ///
    /// The batches logged after the last commit, one after the other from it, are pending:
    /// each is re-run with its logged offsets (the log writer makes several batches' entries
    /// durable at once, so more than one can be uncommitted, and a crash of the machine can
    /// leave a later entry without an earlier one). An entry after a gap belongs to a batch
    /// whose output was never written (a batch's output waits for its offsets, and batches
    /// reach the sink in order): it is removed, durably, with the sources' own entries past
    /// the last pending batch, so that a batch planned again under its id is never mixed up
    /// with it.
    pub(crate) fn recover(&self, stateful: bool, history: &[bool]) -> Result<Recovery> {
        let offsets = files::batch_ids(&self.offsets_dir())?;
        let commits = files::batch_ids(&self.commits_dir())?;
        let mut recovery = Recovery {
            sources: history.iter().map(|_| SourceLog::default()).collect(),
            ..Recovery::default()
        };
        let last_committed = commits.last().copied();
        let mut last_planned = last_committed;
        for &id in offsets.iter().filter(|id| Some(**id) > last_committed) {
            if id != last_planned.map_or(0, |last| last + 1) {
                break;
            }
            last_planned = Some(id);
        }
        let sources = history.len();
        // Everything recovery reads is read before anything is removed or written: a batch
        // whose offsets cannot be read refuses the restart with the checkpoint as it was.
        let first_pending = last_committed.map_or(0, |committed| committed + 1);
        if let Some(last_planned) = last_planned {
            for id in first_pending..=last_planned {
                recovery.pending.push(self.read_offsets(id, sources)?);
            }
        }
        self.remove_unplanned(last_planned, history)?;
        let Some(last_planned) = last_planned else {
            return Ok(recovery);
        };
        recovery.next_batch = last_planned + 1;
        for (source, log) in recovery.sources.iter_mut().enumerate() {
            if !history[source] {
                continue;
            }
            let dir = self.source_dir(source);
            // A pending batch's own entry may not have become durable with its offsets:
            // `offsets/N` holds the same (it is the record recovery trusts). It is written
            // again, durably, so that the history stays whole once the batch is committed.
            for batch in &recovery.pending {
                let path = log::entry_path(&dir, batch.id);
                if !path.exists() {
                    log::write_entry(&path, &batch.offsets[source])?;
                }
            }
            let mut logged = Vec::new();
            for id in files::batch_ids(&dir)? {
                if let Some(offsets) = log::read_entry(&log::entry_path(&dir, id))? {
                    logged.push(offsets);
                }
            }
            log.history = logged;
        }
        let last_offsets = match recovery.pending.last() {
            Some(batch) => batch.offsets.clone(),
            None => self.read_offsets(last_planned, sources)?.offsets,
        };
        for (log, offsets) in recovery.sources.iter_mut().zip(last_offsets) {
            log.last = Some(offsets);
        }
        if let Some(committed) = last_committed {
            let path = log::entry_path(&self.commits_dir(), committed);
            let entry: Option<CommitEntry> = log::read_entry(&path)?;
            recovery.watermark = entry.and_then(|e| e.next_batch_watermark);
        }
        if stateful {
            recovery.snapshot = self.latest_snapshot(last_committed)?;
            let first = recovery
                .snapshot
                .as_ref()
                .map_or(0, |plan| plan.batch() + 1);
            if let Some(committed) = last_committed {
                for id in first..=committed {
                    recovery.replay.push(self.read_offsets(id, sources)?);
                }
            }
            if let Some(previous) = first.checked_sub(1) {
                let logged = log::entry_path(&self.offsets_dir(), previous).exists();
                if logged {
                    let batch = self.read_offsets(previous, sources)?;
                    recovery.previous = Some((previous, batch.watermark));
                }
            }
        }
        Ok(recovery)
    }

    /// Removes, durably, the log entries of batches after `last_planned` (all of them when
    /// `None`): `offsets/N` after a gap, and the sources' own entries past the last batch
    /// logged (written, but not its offsets, when the process stopped).
    fn remove_unplanned(&self, last_planned: Option<u64>, history: &[bool]) -> Result<()> {
        let mut dirs = vec![self.offsets_dir()];
        dirs.extend(
            history
                .iter()
                .enumerate()
                .filter(|(_, keeps)| **keeps)
                .map(|(source, _)| self.source_dir(source)),
        );
        for dir in dirs {
            let unplanned: Vec<u64> = files::batch_ids(&dir)?
                .into_iter()
                .filter(|id| Some(*id) > last_planned)
                .collect();
            for id in &unplanned {
                let path = log::entry_path(&dir, *id);
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            }
            if !unplanned.is_empty() {
                files::sync_dir(&dir)?;
            }
        }
        Ok(())
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

    /// The latest state restorable as of a batch at or before `committed`: the latest complete
    /// whole snapshot, and the complete deltas that follow it batch after batch.
    fn latest_snapshot(&self, committed: Option<u64>) -> Result<Option<StatePlan>> {
        let Some(committed) = committed else {
            return Ok(None);
        };
        let batches = files::batch_ids(&self.root.join("state"))?;
        let mut later = Vec::new();
        for batch in batches.into_iter().rev().filter(|b| *b <= committed) {
            match self.marker(batch)? {
                // An unfinished snapshot or delta: a crash interrupted it.
                None => later.clear(),
                Some((parts, true)) => later.push((batch, parts)),
                Some((parts, false)) => {
                    let mut deltas = Vec::new();
                    for (delta, parts) in later.into_iter().rev() {
                        if delta != deltas.last().map_or(batch, |(b, _)| *b) + 1 {
                            break;
                        }
                        deltas.push((delta, parts));
                    }
                    return Ok(Some(StatePlan {
                        base: (batch, parts),
                        deltas,
                    }));
                }
            }
        }
        Ok(None)
    }

    /// Snapshot `batch`'s marker: its number of parts and whether it is a delta; `None`
    /// when there is none.
    fn marker(&self, batch: u64) -> Result<Option<(usize, bool)>> {
        #[derive(Deserialize)]
        struct Marker {
            parts: usize,
            #[serde(default)]
            delta: bool,
        }
        let path = self.snapshot_marker(batch);
        let Some(bytes) = files::read_if_exists(&path)? else {
            return Ok(None);
        };
        let marker: Marker =
            serde_json::from_slice(&bytes).map_err(|e| Error::CorruptCheckpoint {
                path: path.clone(),
                message: format!("cannot parse: {e}"),
            })?;
        Ok(Some((marker.parts, marker.delta)))
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
        // The deltas after a whole snapshot need it: the snapshot is what is kept.
        let snapshot = self
            .latest_snapshot(Some(keep_from))?
            .map(|plan| plan.base.0);
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
        let write_offsets = |id, watermark, time_ms| {
            for (path, bytes) in checkpoint
                .offsets_files(id, &offsets, &[false], watermark, time_ms)
                .unwrap()
            {
                files::write_atomic(&path, &bytes).unwrap();
            }
        };
        write_offsets(0, None, 1_000);
        checkpoint.write_commit(0, None).unwrap();
        write_offsets(1, Some(5), 2_000);
        let recovery = checkpoint.recover(true, &[false]).unwrap();
        let replayed: Vec<(u64, i64)> = recovery.replay.iter().map(|b| (b.id, b.time_ms)).collect();
        assert_eq!(replayed, vec![(0, 1_000)]);
        assert_eq!(recovery.pending.len(), 1);
        let pending = &recovery.pending[0];
        assert_eq!(
            (pending.id, pending.time_ms, pending.watermark),
            (1, 2_000, Some(5))
        );
        assert_eq!(pending.offsets, offsets);
    }

    /// Writes `offsets/id` (and, for a source that keeps history, `sources/0/id` unless
    /// `without_own_entry`) as the log writer does, reading `{"end": id}`.
    fn log_batch(checkpoint: &Checkpoint, id: u64, history: bool, without_own_entry: bool) {
        let offsets = vec![serde_json::json!({ "end": id })];
        for (path, bytes) in checkpoint
            .offsets_files(id, &offsets, &[history], None, 1_000 + id as i64)
            .unwrap()
        {
            if without_own_entry && path.starts_with(checkpoint.source_dir(0)) {
                continue;
            }
            files::write_atomic(&path, &bytes).unwrap();
        }
    }

    fn ids(batches: &[LoggedBatch]) -> Vec<u64> {
        batches.iter().map(|b| b.id).collect()
    }

    /// A new checkpoint (and its directory) with batches `ids` logged (see [`log_batch`]).
    fn logged(ids: &[u64], history: bool) -> (tempfile::TempDir, Checkpoint) {
        let dir = tempfile::tempdir().unwrap();
        let checkpoint = Checkpoint::at(dir.path());
        for id in ids {
            log_batch(&checkpoint, *id, history, false);
        }
        (dir, checkpoint)
    }

    /// Group commits make several batches' offsets durable before any of their commits:
    /// every batch logged after the last commit is re-run, oldest first, and new batches
    /// continue after the last.
    #[test]
    fn every_batch_logged_after_the_last_commit_is_pending() {
        let (_dir, checkpoint) = logged(&[0, 1, 2, 3, 4], false);
        checkpoint.write_commit(0, None).unwrap();
        checkpoint.write_commit(1, None).unwrap();
        let recovery = checkpoint.recover(true, &[false]).unwrap();
        assert_eq!(ids(&recovery.replay), vec![0, 1]);
        assert_eq!(ids(&recovery.pending), vec![2, 3, 4]);
        assert_eq!(recovery.pending[1].time_ms, 1_003);
        assert_eq!(recovery.next_batch, 5);
        assert_eq!(
            recovery.sources[0].last,
            Some(serde_json::json!({ "end": 4 }))
        );
        // Nothing committed: every batch logged is pending.
        let (_dir, checkpoint) = logged(&[0, 1, 2], false);
        let recovery = checkpoint.recover(true, &[false]).unwrap();
        assert_eq!(ids(&recovery.pending), vec![0, 1, 2]);
        assert!(recovery.replay.is_empty());
    }

    /// A machine crash can keep a later batch's offsets and lose an earlier one's (a group's
    /// renames become durable together, in no order): the batches after the gap never
    /// wrote output, so they are removed, with the sources' own entries past the last
    /// pending batch, and planned again.
    #[test]
    fn offsets_after_a_gap_are_removed() {
        let (_dir, checkpoint) = logged(&[0, 1, 2, 4, 5], true);
        checkpoint.write_commit(0, None).unwrap();
        let recovery = checkpoint.recover(false, &[true]).unwrap();
        assert_eq!(ids(&recovery.pending), vec![1, 2]);
        assert_eq!(recovery.next_batch, 3);
        let history: Vec<_> = (0..3).map(|id| serde_json::json!({ "end": id })).collect();
        assert_eq!(recovery.sources[0].history, history);
        assert_eq!(
            files::batch_ids(&checkpoint.offsets_dir()).unwrap(),
            vec![0, 1, 2]
        );
        assert_eq!(
            files::batch_ids(&checkpoint.source_dir(0)).unwrap(),
            vec![0, 1, 2]
        );
        // Nothing left to remove the second time, and the same decision.
        let again = checkpoint.recover(false, &[true]).unwrap();
        assert_eq!(ids(&again.pending), vec![1, 2]);
        // A gap before anything was committed: only the batches before it are pending.
        let (_dir, checkpoint) = logged(&[1, 2], true);
        let recovery = checkpoint.recover(false, &[true]).unwrap();
        assert!(recovery.pending.is_empty());
        assert_eq!(recovery.next_batch, 0);
        assert!(files::batch_ids(&checkpoint.offsets_dir())
            .unwrap()
            .is_empty());
        assert!(files::batch_ids(&checkpoint.source_dir(0))
            .unwrap()
            .is_empty());
    }

    /// A source's own entry goes in the same group commit as the batch's offsets, and may
    /// not have become durable with them: the offsets hold the same, and recovery takes
    /// them from there and writes the entry back.
    #[test]
    fn a_pending_batch_without_its_sources_entry_reads_it_from_its_offsets() {
        let (_dir, checkpoint) = logged(&[0], true);
        checkpoint.write_commit(0, None).unwrap();
        log_batch(&checkpoint, 1, true, true);
        log_batch(&checkpoint, 2, true, false);
        let recovery = checkpoint.recover(false, &[true]).unwrap();
        assert_eq!(ids(&recovery.pending), vec![1, 2]);
        let history: Vec<_> = (0..3).map(|id| serde_json::json!({ "end": id })).collect();
        assert_eq!(recovery.sources[0].history, history);
        assert_eq!(
            recovery.sources[0].last,
            Some(serde_json::json!({ "end": 2 }))
        );
        // Written back durably: once the re-run batches are committed, a later restart
        // still finds the whole history (a file source would read batch 2's files again).
        assert_eq!(
            files::batch_ids(&checkpoint.source_dir(0)).unwrap(),
            vec![0, 1, 2]
        );
        checkpoint.write_commit(1, None).unwrap();
        checkpoint.write_commit(2, None).unwrap();
        let later = checkpoint.recover(false, &[true]).unwrap();
        assert!(later.pending.is_empty());
        assert_eq!(later.sources[0].history, history);
    }

    /// A machine crash can keep a later commit and lose an earlier one: batches reach the
    /// sink in order, so the earlier batch was written too, and the last commit decides.
    #[test]
    fn the_last_commit_decides_across_a_lost_earlier_commit() {
        let (_dir, checkpoint) = logged(&[0, 1, 2, 3], false);
        checkpoint.write_commit(0, None).unwrap();
        checkpoint.write_commit(2, Some(7)).unwrap();
        let recovery = checkpoint.recover(true, &[false]).unwrap();
        assert_eq!(ids(&recovery.replay), vec![0, 1, 2]);
        assert_eq!(ids(&recovery.pending), vec![3]);
        assert_eq!(recovery.watermark, Some(7));
    }
}
