//! The text file source (`format("text")`): every new file in a directory is read once, one
//! row per line, as Spark's `FileStreamSource` does.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::SourceBatch;
use crate::error::{Error, Result};
use crate::options::OptionMap;

/// The options of `format("text")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextFileOptions {
    /// The directory given to `load(path)`.
    pub path: PathBuf,
    /// `maxFilesPerTrigger`: at most this many new files per batch (all of them when unset).
    pub max_files_per_trigger: Option<usize>,
    /// `latestFirst`: take the newest files first (useful with a backlog).
    pub latest_first: bool,
    /// `pathGlobFilter`: only file names matching this glob (`*` and `?`) are read.
    pub path_glob_filter: Option<String>,
}

const VALID_OPTIONS: &[&str] = &["maxFilesPerTrigger", "latestFirst", "pathGlobFilter"];

impl TextFileOptions {
    pub(crate) fn parse(mut options: OptionMap, path: Option<&str>) -> Result<Self> {
        let max_files_per_trigger = options.take_positive("maxFilesPerTrigger")?;
        let latest_first = options.take_bool("latestFirst", false)?;
        let path_glob_filter = options.take("pathGlobFilter");
        options.finish("the text source", VALID_OPTIONS)?;
        let Some(path) = path else {
            return Err(Error::InvalidArgument(
                "The text source needs a directory: call load(path)".into(),
            ));
        };
        let path = PathBuf::from(path);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(Error::InvalidArgument(format!(
                    "Path is not a directory: {}. A streaming file source watches a directory",
                    path.display()
                )))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::Analysis(format!(
                    "[PATH_NOT_FOUND] Path does not exist: {}. SQLSTATE: 42K03",
                    path.display()
                )))
            }
            Err(e) => return Err(Error::io(&path, e)),
        }
        Ok(TextFileOptions {
            path,
            max_files_per_trigger,
            latest_first,
            path_glob_filter,
        })
    }
}

/// The driver's view of the directory: which files it has already handed to a batch.
pub(crate) struct FileSource {
    options: TextFileOptions,
    seen: HashSet<PathBuf>,
    /// With `Trigger::AvailableNow`: the files present at start that are still to be read.
    frozen: Option<Vec<PathBuf>>,
}

impl FileSource {
    pub(crate) fn new(options: TextFileOptions) -> Self {
        FileSource {
            options,
            seen: HashSet::new(),
            frozen: None,
        }
    }

    /// New files, oldest first (by modification time, then name), as Spark orders them.
    fn unseen_files(&self) -> Result<Vec<PathBuf>> {
        let dir = &self.options.path;
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut files: Vec<(SystemTime, PathBuf)> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let filtered_out = self
                .options
                .path_glob_filter
                .as_deref()
                .is_some_and(|glob| !glob_matches(glob, &name));
            if is_hidden(&name) || filtered_out || self.seen.contains(&entry.path()) {
                continue;
            }
            let mut meta = entry.metadata().map_err(|e| Error::io(entry.path(), e))?;
            if meta.file_type().is_symlink() {
                // Follow the link; a dangling one is listed, and reading it names it.
                meta = std::fs::metadata(entry.path()).unwrap_or(meta);
            }
            if !meta.is_dir() {
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                files.push((modified, entry.path()));
            }
        }
        files.sort();
        if self.options.latest_first {
            files.reverse();
        }
        Ok(files.into_iter().map(|(_, p)| p).collect())
    }

    pub(crate) fn next_batch(&mut self) -> Result<Option<SourceBatch>> {
        let limit = self.options.max_files_per_trigger.unwrap_or(usize::MAX);
        let batch: Vec<PathBuf> = match &mut self.frozen {
            Some(frozen) => frozen.drain(..limit.min(frozen.len())).collect(),
            None => self.unseen_files()?.into_iter().take(limit).collect(),
        };
        if batch.is_empty() {
            return Ok(None);
        }
        self.seen.extend(batch.iter().cloned());
        Ok(Some(SourceBatch::Files(batch)))
    }

    pub(crate) fn freeze_available(&mut self, one_batch: bool) -> Result<()> {
        if one_batch {
            self.options.max_files_per_trigger = None;
        }
        self.frozen = Some(self.unseen_files()?);
        Ok(())
    }

    pub(crate) fn is_exhausted(&self) -> bool {
        self.frozen.as_ref().is_some_and(Vec::is_empty)
    }
}

/// Files Spark's file index skips: hidden (`.`) and metadata (`_`) files, and files still
/// being copied.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_') || name.ends_with("._COPYING_")
}

/// Whether `name` matches `glob`, where `*` matches any run of characters and `?` any one.
fn glob_matches(glob: &str, name: &str) -> bool {
    let (glob, name): (Vec<char>, Vec<char>) = (glob.chars().collect(), name.chars().collect());
    // Classic two-pointer wildcard matching with backtracking to the last `*`.
    let (mut g, mut n, mut star, mut mark) = (0, 0, None, 0);
    while n < name.len() {
        if g < glob.len() && (glob[g] == '?' || glob[g] == name[n]) {
            g += 1;
            n += 1;
        } else if g < glob.len() && glob[g] == '*' {
            star = Some(g);
            mark = n;
            g += 1;
        } else if let Some(s) = star {
            g = s + 1;
            mark += 1;
            n = mark;
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|c| *c == '*')
}

/// Appends the lines of `file` to `lines`: split at `\n`, `\r\n` or `\r` as Hadoop's line
/// reader splits, no empty last line for a final line break, invalid UTF-8 replaced.
pub(crate) fn read_lines(file: &Path, lines: &mut Vec<String>) -> Result<()> {
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut rest: &str = &text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        lines.push(rest[..end].to_string());
        rest = &rest[end..];
        if rest.starts_with("\r\n") {
            rest = &rest[2..];
        } else if !rest.is_empty() {
            rest = &rest[1..];
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_hadoop() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "one\ntwo\r\nthree\rfour\n\nsix").unwrap();
        let mut lines = Vec::new();
        read_lines(&file, &mut lines).unwrap();
        assert_eq!(lines, ["one", "two", "three", "four", "", "six"]);
    }

    #[test]
    fn globs_match_like_hadoop_globs() {
        assert!(glob_matches("part-*.txt", "part-00001.txt"));
        assert!(glob_matches("*", "anything"));
        assert!(glob_matches("a?c", "abc"));
        assert!(!glob_matches("part-*.txt", "EXPECTED.tsv"));
        assert!(!glob_matches("a?c", "ac"));
        assert!(glob_matches("*.t*t", "x.tsvt"));
    }

    #[test]
    fn hidden_files_are_skipped() {
        assert!(is_hidden(".part.crc"));
        assert!(is_hidden("_SUCCESS"));
        assert!(is_hidden("a.txt._COPYING_"));
        assert!(!is_hidden("a.txt"));
    }
}
