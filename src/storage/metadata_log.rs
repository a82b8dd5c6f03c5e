//! `<dir>/_spark_metadata`: the log of the files a file sink has committed, in the layout of
//! Spark's `FileStreamSinkLog`, so Spark and Ember read each other's output directories.
//!
//! Entry `N` lists the files batch N wrote: `v1`, then one JSON object per file (`path` as a
//! `file://` URI, `size`, `isDir`, `modificationTime`, `blockReplication`, `blockSize`,
//! `action`), lines joined by `\n` with none after the last. Every 10th batch (`9`, `19`, ...)
//! is written as `N.compact` holding every file committed so far, as Spark compacts its log
//! (`spark.sql.streaming.fileSink.log.compactInterval`, 10 by default), so that a reader needs
//! only the latest compaction and the entries after it.
//!
//! A file in the directory but not in the log (a batch that crashed before it committed) does
//! not exist for a reader: the file sources list a directory that has this log from the log.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files::{read_if_exists, v1_body, write_atomic};
use crate::error::{Error, Result};

/// The log's directory inside a sink's output directory.
pub(crate) const METADATA_DIR: &str = "_spark_metadata";

/// Batches between compactions of the log (Spark's default).
const COMPACT_INTERVAL: u64 = 10;

/// Hadoop's block size for the local file system, which Spark records for each file.
const LOCAL_BLOCK_SIZE: u64 = 33_554_432;

/// One file of the log, as Spark's `SinkFileStatus`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SinkFileStatus {
    /// The file, as a `file://` URI.
    pub path: String,
    /// Its length in bytes.
    pub size: u64,
    /// Always false: the sink writes files.
    #[serde(rename = "isDir")]
    pub is_dir: bool,
    /// When it was written, in milliseconds since the epoch.
    #[serde(rename = "modificationTime")]
    pub modification_time: i64,
    /// Hadoop's replication (1 on a local disk).
    #[serde(rename = "blockReplication")]
    pub block_replication: u32,
    /// Hadoop's block size.
    #[serde(rename = "blockSize")]
    pub block_size: u64,
    /// `add` (a file written) or `delete` (a file removed by a later compaction).
    pub action: String,
}

impl SinkFileStatus {
    /// The entry for the file just written at `path`.
    pub(crate) fn added(path: &Path) -> Result<Self> {
        let path = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
        let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as i64);
        Ok(SinkFileStatus {
            path: file_uri(&path),
            size: meta.len(),
            is_dir: false,
            modification_time: modified,
            block_replication: 1,
            block_size: LOCAL_BLOCK_SIZE,
            action: "add".into(),
        })
    }

    /// The file on this machine.
    pub(crate) fn local_path(&self) -> PathBuf {
        let rest = self
            .path
            .strip_prefix("file://")
            .or_else(|| self.path.strip_prefix("file:"))
            .unwrap_or(&self.path);
        PathBuf::from(percent_decode(rest))
    }
}

/// The `_spark_metadata` log of one output directory.
#[derive(Clone, Debug)]
pub(crate) struct FileSinkLog {
    dir: PathBuf,
}

impl FileSinkLog {
    /// The log of output directory `output` (which need not exist yet).
    pub(crate) fn new(output: &Path) -> Self {
        FileSinkLog {
            dir: output.join(METADATA_DIR),
        }
    }

    /// Whether `dir` is a file sink's output directory, i.e. holds the log.
    pub(crate) fn exists_in(dir: &Path) -> bool {
        dir.join(METADATA_DIR).is_dir()
    }

    /// The entries present: (batch, whether it is a compaction), by batch.
    fn entries(&self) -> Result<Vec<(u64, bool)>> {
        let listing = match std::fs::read_dir(&self.dir) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&self.dir, e)),
        };
        let mut entries = Vec::new();
        for entry in listing {
            let entry = entry.map_err(|e| Error::io(&self.dir, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let (id, compact) = match name.strip_suffix(".compact") {
                Some(id) => (id, true),
                None => (name, false),
            };
            if let Ok(id) = id.parse::<u64>() {
                entries.push((id, compact));
            }
        }
        entries.sort_unstable();
        Ok(entries)
    }

    /// The last batch the log holds.
    pub(crate) fn latest_batch_id(&self) -> Result<Option<u64>> {
        Ok(self.entries()?.last().map(|(id, _)| *id))
    }

    fn path(&self, batch: u64, compact: bool) -> PathBuf {
        match compact {
            true => self.dir.join(format!("{batch}.compact")),
            false => self.dir.join(batch.to_string()),
        }
    }

    /// Records that batch `batch` wrote `files`; a compaction batch records every file so far.
    pub(crate) fn add(&self, batch: u64, files: Vec<SinkFileStatus>) -> Result<()> {
        let compact = (batch + 1).is_multiple_of(COMPACT_INTERVAL);
        let files = match compact {
            true => [self.all_files()?, files].concat(),
            false => files,
        };
        let mut text = String::from("v1");
        for file in &files {
            let json = serde_json::to_string(file).map_err(|e| {
                Error::Runtime(format!("invariant violated: cannot encode {file:?}: {e}"))
            })?;
            text.push('\n');
            text.push_str(&json);
        }
        write_atomic(&self.path(batch, compact), text.as_bytes())
    }

    /// Every committed file, in the order they were committed: the latest compaction and
    /// the entries after it, with deleted files taken out.
    pub(crate) fn all_files(&self) -> Result<Vec<SinkFileStatus>> {
        let entries = self.entries()?;
        let start = entries
            .iter()
            .rposition(|(_, compact)| *compact)
            .unwrap_or(0);
        let mut files: Vec<SinkFileStatus> = Vec::new();
        for &(id, compact) in &entries[start..] {
            for file in self.read(&self.path(id, compact))? {
                files.retain(|f| f.path != file.path);
                if file.action != "delete" {
                    files.push(file);
                }
            }
        }
        Ok(files)
    }

    fn read(&self, path: &Path) -> Result<Vec<SinkFileStatus>> {
        let corrupt = |message: String| Error::CorruptCheckpoint {
            path: path.to_path_buf(),
            message,
        };
        let bytes = read_if_exists(path)?.unwrap_or_default();
        let body = v1_body(path, bytes)?;
        body.lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                serde_json::from_str(line)
                    .map_err(|e| corrupt(format!("cannot parse the entry {line}: {e}")))
            })
            .collect()
    }
}

/// `file://` and the absolute `path`, with the characters a URI path may not hold
/// percent-encoded (as `java.net.URI` quotes them; non-ASCII letters stay as they are).
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for c in path.to_string_lossy().chars() {
        let keep = c.is_ascii_alphanumeric()
            || "-_.!~*'(),;:$&+=/@".contains(c)
            || (!c.is_ascii() && !c.is_control() && !c.is_whitespace());
        if keep {
            uri.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    uri
}

/// Undoes `%XX` escapes.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(dir: &Path, name: &str) -> SinkFileStatus {
        let path = dir.join(name);
        std::fs::write(&path, name).unwrap();
        SinkFileStatus::added(&path).unwrap()
    }

    #[test]
    fn entries_are_in_sparks_format() {
        let out = tempfile::tempdir().unwrap();
        let log = FileSinkLog::new(out.path());
        assert!(!FileSinkLog::exists_in(out.path()));
        assert_eq!(log.latest_batch_id().unwrap(), None);
        let a = written(out.path(), "part-00000-a.csv");
        log.add(0, vec![a.clone()]).unwrap();
        assert!(FileSinkLog::exists_in(out.path()));
        let text = std::fs::read_to_string(out.path().join("_spark_metadata/0")).unwrap();
        let abs = std::path::absolute(out.path()).unwrap();
        assert_eq!(
            text,
            format!(
                "v1\n{{\"path\":\"file://{}/part-00000-a.csv\",\"size\":16,\"isDir\":false,\
                 \"modificationTime\":{},\"blockReplication\":1,\"blockSize\":33554432,\
                 \"action\":\"add\"}}",
                abs.display(),
                a.modification_time
            )
        );
        assert_eq!(a.local_path(), abs.join("part-00000-a.csv"));
        assert_eq!(log.all_files().unwrap(), vec![a]);
        assert_eq!(log.latest_batch_id().unwrap(), Some(0));
    }

    #[test]
    fn every_tenth_batch_compacts() {
        let out = tempfile::tempdir().unwrap();
        let log = FileSinkLog::new(out.path());
        let mut all = Vec::new();
        for batch in 0..12u64 {
            let file = written(out.path(), &format!("part-{batch:05}.json"));
            all.push(file.clone());
            log.add(batch, vec![file]).unwrap();
        }
        let meta = out.path().join(METADATA_DIR);
        assert!(meta.join("9.compact").exists());
        assert!(!meta.join("9").exists());
        assert_eq!(log.latest_batch_id().unwrap(), Some(11));
        // The entries before the compaction are not needed any more.
        for batch in 0..9 {
            std::fs::remove_file(meta.join(batch.to_string())).unwrap();
        }
        assert_eq!(log.all_files().unwrap(), all);
    }

    #[test]
    fn deleted_files_drop_out_and_spark_uris_read_back() {
        let out = tempfile::tempdir().unwrap();
        let meta = out.path().join(METADATA_DIR);
        std::fs::create_dir(&meta).unwrap();
        let entry = |path: &str, action: &str| {
            format!(
                "{{\"path\":\"{path}\",\"size\":1,\"isDir\":false,\"modificationTime\":5,\
                 \"blockReplication\":1,\"blockSize\":33554432,\"action\":\"{action}\"}}"
            )
        };
        std::fs::write(
            meta.join("0"),
            format!(
                "v1\n{}\n{}\n",
                entry("file:///o/a%20b.csv", "add"),
                entry("file:/o/c.csv", "add")
            ),
        )
        .unwrap();
        std::fs::write(
            meta.join("1"),
            format!("v1\n{}", entry("file:/o/c.csv", "delete")),
        )
        .unwrap();
        let files = FileSinkLog::new(out.path()).all_files().unwrap();
        let paths: Vec<PathBuf> = files.iter().map(SinkFileStatus::local_path).collect();
        assert_eq!(paths, [PathBuf::from("/o/a b.csv")]);
        std::fs::write(meta.join("2"), "v2\n").unwrap();
        let err = FileSinkLog::new(out.path()).all_files().unwrap_err();
        assert!(
            err.to_string().contains("unsupported log version 'v2'"),
            "{err}"
        );
    }

    #[test]
    fn uris_quote_what_a_uri_path_cannot_hold() {
        let uri = file_uri(Path::new("/tmp/a b/%x#é,y.csv"));
        assert_eq!(uri, "file:///tmp/a%20b/%25x%23é,y.csv");
        let status = SinkFileStatus {
            path: uri,
            size: 0,
            is_dir: false,
            modification_time: 0,
            block_replication: 1,
            block_size: LOCAL_BLOCK_SIZE,
            action: "add".into(),
        };
        assert_eq!(status.local_path(), PathBuf::from("/tmp/a b/%x#é,y.csv"));
    }
}
