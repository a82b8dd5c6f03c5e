//! The write-ahead logs of a checkpoint, in Spark's layout: `offsets/N` (what batch N reads,
//! written before it runs), `commits/N` (written after its sink finished), and
//! `sources/0/N` (the files a file source took in batch N). Each entry is `v1` on the first
//! line and JSON on the second, as Spark writes them.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::files::{read_if_exists, write_atomic};
use crate::error::{Error, Result};
use crate::source::SourceBatch;

/// `offsets/N`: what batch N reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct OffsetEntry {
    /// The batch.
    #[serde(rename = "batchId")]
    pub batch_id: u64,
    /// When the batch was planned, in milliseconds since the epoch.
    #[serde(rename = "batchTimestampMs")]
    pub timestamp_ms: u64,
    /// What it reads from the source.
    pub source: SourceBatch,
    /// The event-time watermark it runs with, in microseconds.
    #[serde(rename = "batchWatermarkUs", default)]
    pub watermark: Option<i64>,
}

/// `commits/N`: batch N's sink has finished.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CommitEntry {
    /// The watermark the next batch starts from (0 until event time is used).
    #[serde(rename = "nextBatchWatermarkMs")]
    pub next_batch_watermark_ms: i64,
    /// The same, exactly, in microseconds, when the query has a watermark.
    #[serde(rename = "nextBatchWatermarkUs", default)]
    pub next_batch_watermark: Option<i64>,
}

/// Writes a `v1` entry.
pub(crate) fn write_entry<T: Serialize + ?Sized>(path: &Path, entry: &T) -> Result<()> {
    let json = serde_json::to_string(entry).map_err(|e| {
        Error::Runtime(format!(
            "invariant violated: cannot encode {}: {e}",
            path.display()
        ))
    })?;
    write_atomic(path, format!("v1\n{json}\n").as_bytes())
}

/// Reads a `v1` entry; a corrupt or truncated one is an error naming the file.
pub(crate) fn read_entry<T: DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    let Some(bytes) = read_if_exists(path)? else {
        return Ok(None);
    };
    let body = v1_body(path, bytes)?;
    let corrupt = |why: String| Error::CorruptCheckpoint {
        path: path.to_path_buf(),
        message: why,
    };
    let json = body
        .lines()
        .next()
        .ok_or_else(|| corrupt("the entry is missing after 'v1'".into()))?;
    serde_json::from_str(json)
        .map(Some)
        .map_err(|e| corrupt(format!("cannot parse the entry: {e}")))
}

/// The text after the `v1` line of a log file `path` whose content is `bytes` (Spark's
/// metadata logs: a version line, then JSON); a file that is not UTF-8, empty, or of another
/// version is an error naming it.
pub(crate) fn v1_body(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let corrupt = |why: String| Error::CorruptCheckpoint {
        path: path.to_path_buf(),
        message: why,
    };
    let text = String::from_utf8(bytes).map_err(|_| corrupt("not UTF-8 text".into()))?;
    if text.is_empty() {
        return Err(corrupt("the file is empty".into()));
    }
    let (version, body) = text.split_once('\n').unwrap_or((&text, ""));
    match version.strip_suffix('\r').unwrap_or(version) {
        "v1" => Ok(body.to_string()),
        other => Err(corrupt(format!(
            "unsupported log version '{other}' (expected v1)"
        ))),
    }
}

/// The path of entry `id` in log directory `dir`.
pub(crate) fn entry_path(dir: &Path, id: u64) -> PathBuf {
    dir.join(id.to_string())
}
