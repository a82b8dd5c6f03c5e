//! The write-ahead logs of a checkpoint, in Spark's layout: `offsets/N` (what batch N reads,
//! written before it runs: `v1`, a line of batch metadata, then one line of offsets per
//! source), `commits/N` (written after its sink finished), and `sources/<i>/N` (source `i`'s
//! offsets of batch N, kept for sources that need their whole history). Each entry is `v1`
//! on the first line and JSON on the next, as Spark writes them.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::storage::{read_if_exists, v1_body, write_atomic};

/// The first JSON line of `offsets/N`: batch N's metadata (the offsets follow, a line per
/// source).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct OffsetMetadata {
    /// The batch.
    #[serde(rename = "batchId")]
    pub batch_id: u64,
    /// When the batch was planned, in milliseconds since the epoch.
    #[serde(rename = "batchTimestampMs")]
    pub timestamp_ms: u64,
    /// The event-time watermark it runs with, in Spark's milliseconds.
    #[serde(rename = "batchWatermarkMs", default)]
    pub watermark_ms: i64,
    /// The same, exactly, in microseconds.
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
    write_atomic(path, &entry_bytes(path, entry)?)
}

/// The bytes of a `v1` entry to be written at `path`.
pub(crate) fn entry_bytes<T: Serialize + ?Sized>(path: &Path, entry: &T) -> Result<Vec<u8>> {
    let json = serde_json::to_string(entry).map_err(|e| {
        Error::Runtime(format!(
            "invariant violated: cannot encode {}: {e}",
            path.display()
        ))
    })?;
    Ok(format!("v1\n{json}\n").into_bytes())
}

/// The bytes of a `v1` entry of several JSON lines.
pub(crate) fn lines_bytes(lines: &[String]) -> Vec<u8> {
    let mut text = String::from("v1\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text.into_bytes()
}

/// Reads a `v1` entry; a corrupt or truncated one is an error naming the file.
pub(crate) fn read_entry<T: DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    let Some(lines) = read_lines(path)? else {
        return Ok(None);
    };
    let json = lines.first().ok_or_else(|| Error::CorruptCheckpoint {
        path: path.to_path_buf(),
        message: "the entry is missing after 'v1'".into(),
    })?;
    parse_line(path, json, "the entry").map(Some)
}

/// The JSON lines of a `v1` entry, if the file exists.
pub(crate) fn read_lines(path: &Path) -> Result<Option<Vec<String>>> {
    let Some(bytes) = read_if_exists(path)? else {
        return Ok(None);
    };
    let body = v1_body(path, bytes)?;
    Ok(Some(body.lines().map(String::from).collect()))
}

/// Parses one JSON line of entry `path`; `what` names the line in the error.
pub(crate) fn parse_line<T: DeserializeOwned>(path: &Path, json: &str, what: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| Error::CorruptCheckpoint {
        path: path.to_path_buf(),
        message: format!("cannot parse {what}: {e}"),
    })
}

/// The path of entry `id` in log directory `dir`.
pub(crate) fn entry_path(dir: &Path, id: u64) -> PathBuf {
    dir.join(id.to_string())
}
