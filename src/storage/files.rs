//! Durable files: every checkpoint write goes to a temporary file, is fsynced, and is renamed
//! into place, so a crash leaves either the old file or the new one, never half of one.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically and durably.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    stage(path, bytes)?.publish()
}

/// A file written and fsynced under a temporary name beside its place: the slow half of
/// [`write_atomic`], which several files can do at once; [`StagedFile::publish`] then puts
/// it in place, durably, in whatever order the caller needs.
#[derive(Debug)]
pub(crate) struct StagedFile {
    tmp: PathBuf,
    path: PathBuf,
}

/// Writes `bytes` for `path` under a temporary name in `path`'s directory (made if needed),
/// and fsyncs it.
pub(crate) fn stage(path: &Path, bytes: &[u8]) -> Result<StagedFile> {
    let dir = parent(path)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    };
    write().map_err(|e| Error::io(path, e))?;
    Ok(StagedFile {
        tmp,
        path: path.to_path_buf(),
    })
}

impl StagedFile {
    /// Renames the file into place and makes the rename durable.
    pub(crate) fn publish(self) -> Result<()> {
        let dir = self.put_in_place()?;
        sync_dir(&dir)
    }

    /// Renames the file into place, not yet durably: returns its directory, whose fsync
    /// ([`sync_dir`]) makes the rename durable — one fsync for every file put in it.
    pub(crate) fn put_in_place(self) -> Result<PathBuf> {
        let dir = parent(&self.path)?.to_path_buf();
        std::fs::rename(&self.tmp, &self.path).map_err(|e| Error::io(&self.path, e))?;
        Ok(dir)
    }
}

/// Fsyncs directory `dir`: the renames and removals in it become durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| Error::io(dir, e))
}

fn parent(path: &Path) -> Result<&Path> {
    path.parent().ok_or_else(|| {
        Error::Runtime(format!(
            "invariant violated: {} has no parent",
            path.display()
        ))
    })
}

/// Reads `path`, `None` when it does not exist.
pub(crate) fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// The batch ids that name files in `dir` (`0`, `1`, ...), sorted; other names are ignored.
pub(crate) fn batch_ids(dir: &Path) -> Result<Vec<u64>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut ids = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if let Some(id) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u64>().ok())
        {
            ids.push(id);
        }
    }
    ids.sort_unstable();
    Ok(ids)
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
