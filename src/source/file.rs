//! The file sources (`format("text")`, `format("csv")`, `format("json")`): every new file in a
//! directory is read once, as Spark's `FileStreamSource` does. Listing, ordering and rate
//! limits are shared; a [`FileFormat`] turns each file's lines into rows.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use ember_operators::{DataType, Field, Row, Schema};
use serde::{Deserialize, Serialize};

use super::connector::{
    parse_offsets, to_offsets, Offsets, Resume, Share, Source, SourceDriver, SourceProvider,
    SourceRequest,
};
use super::csv::{CsvOptions, CsvReader, CSV_OPTIONS};
use super::json::{JsonOptions, JsonReader};
use super::record::RECORD_OPTIONS;
use crate::error::{Error, Result};
use crate::expr::check_supported_types;
use crate::options::OptionMap;
use crate::storage::FileSinkLog;

/// The options of a file source: the directory, how new files are taken, and the format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSourceOptions {
    /// The directory given to `load(path)`.
    pub path: PathBuf,
    /// `maxFilesPerTrigger`: at most this many new files per batch (all of them when unset).
    pub max_files_per_trigger: Option<usize>,
    /// `latestFirst`: take the newest files first (useful with a backlog).
    pub latest_first: bool,
    /// `pathGlobFilter`: only file names matching this glob (`*` and `?`) are read.
    pub path_glob_filter: Option<String>,
    /// How lines become rows.
    pub format: FileFormat,
}

/// The options of `format("text")`: a file source with the text format.
pub type TextFileOptions = FileSourceOptions;

/// How a file source turns the lines of a file into rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum FileFormat {
    /// `text`: one row per line, in a single string column (`value` unless the user's schema
    /// names it).
    Text {
        /// The column's name.
        column: String,
    },
    /// `csv`: each line is a record of separated fields.
    Csv(CsvOptions),
    /// `json`: each line is a JSON object (JSON Lines).
    Json(JsonOptions),
}

const FILE_OPTIONS: &[&str] = &["maxFilesPerTrigger", "latestFirst", "pathGlobFilter"];

impl FileFormat {
    /// The format's name, as given to `format(..)`.
    pub fn name(&self) -> &'static str {
        match self {
            FileFormat::Text { .. } => "text",
            FileFormat::Csv(_) => "csv",
            FileFormat::Json(_) => "json",
        }
    }

    /// The rows' schema.
    pub fn schema(&self) -> Schema {
        match self {
            FileFormat::Text { column } => {
                Schema::new(vec![Field::new(column.clone(), DataType::String)])
            }
            FileFormat::Csv(o) => o.record.schema.clone(),
            FileFormat::Json(o) => o.record.schema.clone(),
        }
    }

    /// Takes the format's options out of `options`; `schema` is the user's, if any.
    fn parse(
        name: &str,
        options: &mut OptionMap,
        schema: Option<&Schema>,
        session_time_zone: Option<&str>,
    ) -> Result<(Self, Vec<&'static str>)> {
        let required = || {
            Error::InvalidArgument(
                "Schema must be specified when creating a streaming source DataFrame. If some \
                 files already exist in the directory, then depending on the file format you \
                 may be able to create a static DataFrame on that directory with \
                 'spark.read.load(directory)' and infer schema from it."
                    .into(),
            )
        };
        Ok(match name {
            "csv" => {
                let schema = schema.ok_or_else(required)?;
                let format =
                    FileFormat::Csv(CsvOptions::parse(options, schema, session_time_zone)?);
                (format, [CSV_OPTIONS, RECORD_OPTIONS].concat())
            }
            "json" => {
                let schema = schema.ok_or_else(required)?;
                let format =
                    FileFormat::Json(JsonOptions::parse(options, schema, session_time_zone)?);
                (format, RECORD_OPTIONS.to_vec())
            }
            _ => {
                let column = match schema {
                    None => "value".to_string(),
                    Some(schema) if schema.fields.len() == 1 => {
                        check_supported_types(schema, "Text", |t| *t == DataType::String)?;
                        schema.fields[0].name.clone()
                    }
                    Some(schema) => {
                        return Err(Error::Analysis(format!(
                            "Text data source supports only a single column, and you have {} \
                             columns.",
                            schema.fields.len()
                        )))
                    }
                };
                (FileFormat::Text { column }, Vec::new())
            }
        })
    }

    /// Appends the rows of `files`, csv or json, to `out` (text files are read as their
    /// lines, by [`read_text_share`]).
    pub(crate) fn read_files<'a>(
        &self,
        files: impl Iterator<Item = &'a PathBuf>,
        out: &mut Vec<Row>,
    ) -> Result<()> {
        /// The format's parser, built once for all the files.
        enum Reader<'r> {
            Csv(CsvReader<'r>),
            Json(JsonReader<'r>),
        }
        let reader = match self {
            FileFormat::Text { .. } => {
                unreachable!("invariant violated: text files are read by read_text_share")
            }
            FileFormat::Csv(o) => Reader::Csv(CsvReader::new(o)),
            FileFormat::Json(o) => Reader::Json(JsonReader::new(o)),
        };
        for file in files {
            let mut lines = Vec::new();
            read_lines(file, &mut lines)?;
            let parsed = match &reader {
                Reader::Csv(reader) => reader.read(lines, out),
                Reader::Json(reader) => reader.read(lines, out),
            };
            // FAILFAST: Spark's error for the file, then its cause.
            parsed.map_err(|cause| {
                let path = std::path::absolute(file).unwrap_or_else(|_| file.clone());
                Error::Source(format!(
                    "[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file://{}.  \
                     SQLSTATE: KD001 Cause: {cause}",
                    path.display()
                ))
            })?;
        }
        Ok(())
    }
}

impl FileSourceOptions {
    /// Validates the options of file format `format` (`text`, `csv` or `json`) reading `path`.
    pub(crate) fn parse(
        format: &str,
        mut options: OptionMap,
        path: Option<&str>,
        schema: Option<&Schema>,
        session_time_zone: Option<&str>,
    ) -> Result<Self> {
        let (format, format_options) =
            FileFormat::parse(format, &mut options, schema, session_time_zone)?;
        let max_files_per_trigger = options.take_positive("maxFilesPerTrigger")?;
        let latest_first = options.take_bool("latestFirst", false)?;
        let path_glob_filter = options.take("pathGlobFilter");
        let what = format!("the {} source", format.name());
        options.finish(&what, &[FILE_OPTIONS, &format_options].concat())?;
        let Some(path) = path else {
            return Err(Error::InvalidArgument(format!(
                "The {} source needs a directory: call load(path)",
                format.name()
            )));
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
        Ok(FileSourceOptions {
            path,
            max_files_per_trigger,
            latest_first,
            path_glob_filter,
            format,
        })
    }
}

/// The driver's view of the directory: which files it has already handed to a batch.
pub(crate) struct FileSource {
    options: FileSourceOptions,
    seen: HashSet<PathBuf>,
    /// With `Trigger::AvailableNow`: the files present at start that are still to be read.
    frozen: Option<Vec<PathBuf>>,
}

impl FileSource {
    pub(crate) fn new(options: FileSourceOptions) -> Self {
        FileSource {
            options,
            seen: HashSet::new(),
            frozen: None,
        }
    }

    /// Whether the file named `name` at `path` is not to be taken: hidden, filtered out, or
    /// already taken.
    fn skips(&self, name: &str, path: &Path) -> bool {
        let filtered_out = self
            .options
            .path_glob_filter
            .as_deref()
            .is_some_and(|glob| !glob_matches(glob, name));
        is_hidden(name) || filtered_out || self.seen.contains(path)
    }

    /// New files, oldest first (by modification time, then name), as Spark orders them. The
    /// output directory of a file sink is listed from its `_spark_metadata` log, as Spark
    /// lists it: only committed files, never the orphans of a batch that crashed.
    fn unseen_files(&self) -> Result<Vec<PathBuf>> {
        let dir = &self.options.path;
        let mut files: Vec<(SystemTime, PathBuf)> = Vec::new();
        if FileSinkLog::exists_in(dir) {
            for status in FileSinkLog::new(dir).all_files()? {
                let path = status.local_path();
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                if status.is_dir || self.skips(&name, &path) {
                    continue;
                }
                let millis = u64::try_from(status.modification_time).unwrap_or(0);
                files.push((SystemTime::UNIX_EPOCH + Duration::from_millis(millis), path));
            }
            return Ok(self.ordered(files));
        }
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let name = entry.file_name();
            if self.skips(&name.to_string_lossy(), &entry.path()) {
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
        Ok(self.ordered(files))
    }

    /// `files` oldest first, or newest first with `latestFirst`.
    fn ordered(&self, mut files: Vec<(SystemTime, PathBuf)>) -> Vec<PathBuf> {
        files.sort();
        if self.options.latest_first {
            files.reverse();
        }
        files.into_iter().map(|(_, p)| p).collect()
    }
}

/// What a file batch reads: the new files, in the order the source took them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileBatch {
    /// The files.
    pub files: Vec<PathBuf>,
}

impl SourceDriver for FileSource {
    fn next_batch(&mut self) -> Result<Option<Offsets>> {
        let limit = self.options.max_files_per_trigger.unwrap_or(usize::MAX);
        let files: Vec<PathBuf> = match &mut self.frozen {
            Some(frozen) => frozen.drain(..limit.min(frozen.len())).collect(),
            None => self.unseen_files()?.into_iter().take(limit).collect(),
        };
        if files.is_empty() {
            return Ok(None);
        }
        self.seen.extend(files.iter().cloned());
        Ok(Some(to_offsets(&FileBatch { files })))
    }

    fn empty_batch(&self) -> Offsets {
        to_offsets(&FileBatch::default())
    }

    fn freeze_available(&mut self, one_batch: bool) -> Result<()> {
        if one_batch {
            self.options.max_files_per_trigger = None;
        }
        self.frozen = Some(self.unseen_files()?);
        Ok(())
    }

    fn is_exhausted(&self) -> bool {
        self.frozen.as_ref().is_some_and(Vec::is_empty)
    }

    /// Every file an earlier run took is seen: it is never read again.
    fn resume(&mut self, earlier: Resume) -> Result<()> {
        for offsets in earlier.history.iter().chain(&earlier.last) {
            let batch: FileBatch = parse_offsets(&self.options.describe(), offsets)?;
            self.seen.extend(batch.files);
        }
        Ok(())
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// A static read (`spark.read`) of `request`, when its format is a file format: the file at
/// the path, or every file in the directory, as one batch. A csv read without a schema takes
/// its columns from the first line (the header's names with `header`, else `_c0`, `_c1`, ...)
/// as strings, as Spark does without `inferSchema`.
pub(crate) fn static_file_scan(
    request: &mut SourceRequest,
) -> Result<Option<(Arc<dyn Source>, Offsets)>> {
    if !matches!(request.format.as_str(), "text" | "csv" | "json") {
        return Ok(None);
    }
    let Some(path) = request.path.clone().map(PathBuf::from) else {
        return Err(Error::InvalidArgument(format!(
            "The {} source needs a path: call load_path(path)",
            request.format
        )));
    };
    let file = path.is_file().then(|| path.clone());
    if let Some(file) = &file {
        request.path = Some(
            file.parent()
                .unwrap_or(Path::new("."))
                .to_string_lossy()
                .into(),
        );
    }
    if request.format == "csv" && request.schema.is_none() {
        request.schema = Some(csv_header_schema(request, file.as_deref())?);
    }
    let source: Arc<dyn Source> = Arc::new(FileSourceOptions::parse(
        &request.format,
        std::mem::take(&mut request.options),
        request.path.as_deref(),
        request.schema.as_ref(),
        request.session_time_zone.as_deref(),
    )?);
    let files = match file {
        Some(file) => vec![file],
        None => {
            let mut driver = source.open()?;
            driver.freeze_available(true)?;
            return Ok(Some((
                source,
                driver.next_batch()?.unwrap_or_else(|| driver.empty_batch()),
            )));
        }
    };
    Ok(Some((source, to_offsets(&FileBatch { files }))))
}

/// The string columns of a csv read without a schema, from the first line of `file` (or of
/// the first file in the request's directory).
fn csv_header_schema(request: &SourceRequest, file: Option<&Path>) -> Result<Schema> {
    let sep = request
        .options
        .get("sep")
        .or_else(|| request.options.get("delimiter"));
    let sep = sep.unwrap_or(",").to_string();
    let header = request
        .options
        .get("header")
        .is_some_and(|h| h.eq_ignore_ascii_case("true"));
    let first = match file {
        Some(file) => Some(file.to_path_buf()),
        None => {
            let dir = PathBuf::from(request.path.clone().unwrap_or_default());
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(|e| Error::io(&dir, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file() && !is_hidden(&p.file_name().unwrap_or_default().to_string_lossy())
                })
                .collect();
            files.sort();
            files.into_iter().next()
        }
    };
    let mut lines = Vec::new();
    if let Some(first) = &first {
        read_lines(first, &mut lines)?;
    }
    let fields = lines
        .first()
        .map(|line| line.split(sep.as_str()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let name = if header {
                name.to_string()
            } else {
                format!("_c{i}")
            };
            Field::new(name, DataType::String)
        })
        .collect();
    Ok(Schema::new(fields))
}

/// `format("text")`, `format("csv")` and `format("json")`.
pub(crate) struct FileProvider(pub &'static str);

impl SourceProvider for FileProvider {
    fn format(&self) -> &str {
        self.0
    }

    fn create(&self, request: SourceRequest) -> Result<Arc<dyn Source>> {
        Ok(Arc::new(FileSourceOptions::parse(
            &request.format,
            request.options,
            request.path.as_deref(),
            request.schema.as_ref(),
            request.session_time_zone.as_deref(),
        )?))
    }
}

impl Source for FileSourceOptions {
    fn schema(&self) -> Schema {
        self.format.schema()
    }

    fn describe(&self) -> String {
        format!("{}[{}]", self.format.name(), self.path.display())
    }

    fn keeps_history(&self) -> bool {
        true
    }

    /// Every file the batches took, once each, in the order they were taken.
    fn merge_history(&self, history: Vec<Offsets>) -> Result<Offsets> {
        let mut seen = HashSet::new();
        let mut files = Vec::new();
        for offsets in &history {
            let batch: FileBatch = parse_offsets(&self.describe(), offsets)?;
            files.extend(batch.files.into_iter().filter(|f| seen.insert(f.clone())));
        }
        Ok(to_offsets(&FileBatch { files }))
    }

    fn open(&self) -> Result<Box<dyn SourceDriver>> {
        Ok(Box::new(FileSource::new(self.clone())))
    }

    /// Text files are split among workers as [`read_text_share`] says; csv and json files go
    /// whole to worker `j % workers`.
    fn read_share(
        &self,
        offsets: &Offsets,
        share: Share,
        _driver: Option<&mut dyn SourceDriver>,
    ) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        self.read_share_into(offsets, share, None, &mut |row| {
            rows.push(std::mem::take(row))
        })?;
        Ok(rows)
    }

    /// Text files' lines are handed out as they are read, in one reused row.
    fn read_share_into(
        &self,
        offsets: &Offsets,
        share: Share,
        _driver: Option<&mut dyn SourceDriver>,
        each: &mut dyn FnMut(&mut Row),
    ) -> Result<()> {
        let batch: FileBatch = parse_offsets(&self.describe(), offsets)?;
        match &self.format {
            FileFormat::Text { .. } => {
                let mut row = Row::default();
                read_text_share(
                    &batch.files,
                    share.worker,
                    share.peers,
                    share.driver_permille,
                    |line: &str| {
                        row.set_to_text(line);
                        each(&mut row);
                    },
                )
            }
            format => {
                let mut rows = Vec::new();
                format.read_files(
                    batch.files.iter().skip(share.worker).step_by(share.peers),
                    &mut rows,
                )?;
                rows.iter_mut().for_each(each);
                Ok(())
            }
        }
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
    for_each_line(file, |line| lines.push(line.to_string()))
}

/// Calls `each` with every line of `file`, split as [`read_lines`] splits.
fn for_each_line(file: &Path, each: impl FnMut(&str)) -> Result<()> {
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    for_each_line_starting_in(&bytes, 0..bytes.len(), each);
    Ok(())
}

/// Calls `each` with the lines of `bytes` that start at an offset in `range` (split as
/// [`read_lines`] splits), so that the ranges of a split of a file share its lines out,
/// each line once — as Hadoop's line reader reads a file split.
fn for_each_line_starting_in(
    bytes: &[u8],
    range: std::ops::Range<usize>,
    mut each: impl FnMut(&str),
) {
    let starts_line = |p: usize| {
        p == 0 || bytes[p - 1] == b'\n' || (bytes[p - 1] == b'\r' && bytes.get(p) != Some(&b'\n'))
    };
    let line_end = |from: usize| {
        memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |n| from + n)
    };
    let mut position = range.start;
    while position < bytes.len() && !starts_line(position) {
        position += 1;
    }
    // The lines starting in the range end by the first line break at or after its last byte:
    // their bytes are checked as UTF-8 in one go, not line by line.
    let first = position;
    let span_end = match range.end.min(bytes.len()).checked_sub(1) {
        Some(last) if last >= first => line_end(last),
        _ => first,
    };
    let span = std::str::from_utf8(&bytes[first..span_end]).ok();
    while position < range.end && position < bytes.len() {
        let end = line_end(position);
        match span {
            // Line breaks are ASCII, so a line's ends are character boundaries.
            Some(text) => each(&text[position - first..end - first]),
            None => match std::str::from_utf8(&bytes[position..end]) {
                Ok(line) => each(line),
                // Invalid UTF-8 is replaced, as Spark's text source does.
                Err(_) => each(&String::from_utf8_lossy(&bytes[position..end])),
            },
        }
        position = end + 1;
        if bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n') {
            position += 1;
        }
    }
}

/// Worker `worker`'s share of the text files `files`, line by line to `push`: whole files
/// (file `j` goes to worker `j % peers`) when there are at least as many files as workers,
/// otherwise the lines that start in the `worker`-th of `peers` byte ranges of each file — so
/// that one file still keeps every worker busy, each reading only its part. The ranges are equal, except that
/// worker 0's is `driver_permille` thousandths of the others' (see [`byte_range`]).
pub(crate) fn read_text_share(
    files: &[PathBuf],
    worker: usize,
    peers: usize,
    driver_permille: u16,
    mut push: impl FnMut(&str),
) -> Result<()> {
    if files.len() >= peers {
        for file in files.iter().skip(worker).step_by(peers) {
            for_each_line(file, &mut push)?;
        }
        return Ok(());
    }
    for file in files {
        let len = std::fs::metadata(file)
            .map_err(|e| Error::io(file, e))?
            .len();
        let range = byte_range(len as usize, worker, peers, driver_permille);
        if range.is_empty() {
            continue;
        }
        let (bytes, base) = read_span(file, range.clone()).map_err(|e| Error::io(file, e))?;
        for_each_line_starting_in(&bytes, range.start - base..range.end - base, &mut push);
    }
    Ok(())
}

/// The bytes of `file` that the lines starting in `range` need, and the offset of the first:
/// from the byte before the range (which tells whether a line starts at its first byte)
/// through the line break ending the last of those lines.
fn read_span(file: &Path, range: Range<usize>) -> std::io::Result<(Vec<u8>, usize)> {
    use std::io::{Read, Seek, SeekFrom};
    let base = range.start.saturating_sub(1);
    let mut reader = std::fs::File::open(file)?;
    reader.seek(SeekFrom::Start(base as u64))?;
    let mut bytes = Vec::new();
    (&mut reader)
        .take((range.end - base) as u64)
        .read_to_end(&mut bytes)?;
    // Read on, a block at a time, to the first line break at or after the range's last byte.
    let mut from = range.end - 1 - base;
    loop {
        let found = bytes
            .get(from..)
            .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest));
        let wanted = match found {
            Some(n) => from + n + 1,
            None => bytes.len() + 64 * 1024,
        };
        let before = bytes.len();
        if wanted > before {
            (&mut reader)
                .take((wanted - before) as u64)
                .read_to_end(&mut bytes)?;
        }
        if found.is_some() || bytes.len() == before {
            return Ok((bytes, base));
        }
        from = before;
    }
}

/// Worker `worker`'s range of `len` bytes split among `peers` workers: worker 0's range is
/// `driver_permille` thousandths as long as each other worker's (all equal at 1000). The
/// driver, worker 0, also plans batches and runs the sink; a smaller range lets it do that
/// while the other workers start on the next batch.
fn byte_range(len: usize, worker: usize, peers: usize, driver_permille: u16) -> Range<usize> {
    let driver = u128::from(driver_permille);
    let total = driver + 1000 * (peers as u128 - 1);
    let start = |k: usize| -> usize {
        if k == 0 {
            0
        } else if k == peers {
            len
        } else {
            // At most `len`: the weight before worker `k` is at most the total.
            (len as u128 * (driver + 1000 * (k as u128 - 1)) / total) as usize
        }
    };
    start(worker)..start(worker + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_share_out_every_line_once() {
        let text = b"one\ntwo\r\nthree\rfour\n\nsix\r\n";
        let mut whole = Vec::new();
        for_each_line_starting_in(text, 0..text.len(), |l| whole.push(l.to_string()));
        assert_eq!(whole, ["one", "two", "three", "four", "", "six"]);
        for peers in 1..=text.len() + 1 {
            assert_eq!(lines_of_ranges(text, peers), whole, "{peers} ranges");
        }
    }

    /// The lines of `text` read as `peers` byte ranges, in order, whatever the driver's part.
    fn lines_of_ranges(text: &[u8], peers: usize) -> Vec<String> {
        let read = |driver_permille| {
            let mut lines = Vec::new();
            for worker in 0..peers {
                let range = byte_range(text.len(), worker, peers, driver_permille);
                for_each_line_starting_in(text, range, |l| lines.push(l.to_string()));
            }
            lines
        };
        let equal = read(1000);
        for driver_permille in [0, 1, 250, 700, 999] {
            assert_eq!(
                read(driver_permille),
                equal,
                "driver part {driver_permille}"
            );
        }
        equal
    }

    #[test]
    fn workers_read_only_their_byte_range_of_a_file() {
        let dir = tempfile::tempdir().unwrap();
        for (i, text) in [
            &b"one\ntwo\r\nthree\rfour\n\nsix\r\n"[..],
            b"caf\xc3\xa9\nbad \xff byte\r\nok\n\xe2\x82",
            b"no line break at all",
            // Lines longer than a read block.
            &[&b"a\r\n"[..], &[b'x'; 150_000], b"\r\nb\n", &[b'y'; 70_000]].concat(),
        ]
        .iter()
        .enumerate()
        {
            let file = dir.path().join(format!("{i}.txt"));
            std::fs::write(&file, text).unwrap();
            let whole = lines_of_ranges(text, 1);
            let text: &[u8] = text;
            for peers in 2..=text.len().min(12) + 1 {
                for driver_permille in [0, 700, 1000] {
                    let mut rows = Vec::new();
                    for worker in 0..peers {
                        read_text_share(
                            std::slice::from_ref(&file),
                            worker,
                            peers,
                            driver_permille,
                            |line: &str| rows.push(line.to_string()),
                        )
                        .unwrap();
                    }
                    let lines = rows;
                    assert_eq!(lines, whole, "{i}: {peers} workers, {driver_permille}");
                }
            }
        }
    }

    #[test]
    fn equal_byte_ranges_unless_the_driver_takes_less() {
        assert_eq!(byte_range(10, 0, 2, 1000), 0..5);
        assert_eq!(byte_range(10, 1, 2, 1000), 5..10);
        assert_eq!(byte_range(9, 1, 3, 1000), 3..6);
        assert_eq!(byte_range(170, 0, 2, 700), 0..70);
        assert_eq!(byte_range(170, 1, 2, 700), 70..170);
        assert_eq!(byte_range(10, 0, 1, 300), 0..10);
    }

    #[test]
    fn invalid_utf8_is_replaced_in_its_line_only() {
        let text = b"caf\xc3\xa9\nbad \xff byte\r\nok\n\xe2\x82";
        let expected = ["caf\u{e9}", "bad \u{fffd} byte", "ok", "\u{fffd}"];
        for peers in 1..=text.len() + 1 {
            assert_eq!(lines_of_ranges(text, peers), expected, "{peers} ranges");
        }
    }

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
    fn formats_take_their_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_str();
        let parse = |format: &str, ddl: Option<&str>| {
            let schema = ddl.map(|d| super::super::schema_from_ddl(d).unwrap());
            FileSourceOptions::parse(format, OptionMap::default(), path, schema.as_ref(), None)
        };
        let names = |o: FileSourceOptions| {
            let schema = o.format.schema();
            schema.names().join(",")
        };
        assert_eq!(names(parse("text", None).unwrap()), "value");
        assert_eq!(names(parse("text", Some("line string")).unwrap()), "line");
        assert_eq!(
            parse("text", Some("a int")).unwrap_err().to_string(),
            "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the \
             column `a` of the type \"INT\". SQLSTATE: 0A000"
        );
        assert_eq!(
            parse("text", Some("a string, b string"))
                .unwrap_err()
                .to_string(),
            "Text data source supports only a single column, and you have 2 columns."
        );
        assert_eq!(
            names(parse("csv", Some("ts timestamp, w string")).unwrap()),
            "ts,w"
        );
        for format in ["csv", "json"] {
            assert_eq!(
                parse(format, None).unwrap_err().to_string(),
                "Schema must be specified when creating a streaming source DataFrame. If some \
                 files already exist in the directory, then depending on the file format you may \
                 be able to create a static DataFrame on that directory with \
                 'spark.read.load(directory)' and infer schema from it."
            );
        }
        let mut options = OptionMap::default();
        options.set("header", "true".into());
        let err = FileSourceOptions::parse("json", options, path, None, None).unwrap_err();
        assert!(
            err.to_string().starts_with("Schema must be specified"),
            "{err}"
        );
        let schema = super::super::schema_from_ddl("a int").unwrap();
        let mut options = OptionMap::default();
        options.set("header", "true".into());
        let err = FileSourceOptions::parse("json", options, path, Some(&schema), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Unknown option 'header' for the json source. Valid options: maxFilesPerTrigger, \
             latestFirst, pathGlobFilter, mode, columnNameOfCorruptRecord, timestampFormat, \
             dateFormat, timeZone"
        );
    }

    #[test]
    fn a_file_sinks_output_is_listed_from_its_log() {
        use crate::sink::{FileSink, FileSinkOptions, OutputMode};
        let out = tempfile::tempdir().unwrap();
        let path = out.path().to_str().unwrap();
        let mut sink_options = OptionMap::default();
        sink_options.set("path", path.into());
        let sink_options =
            FileSinkOptions::parse("csv", sink_options, OutputMode::Append, None).unwrap();
        let schema = Schema::new(vec![Field::new("value", DataType::String)]);
        let mut sink = FileSink::new(&sink_options, &schema);
        sink.write_batch(0, &[Row::new(vec!["a".into()])]).unwrap();
        // A batch that crashed after its data file, before its log entry, and a stray file.
        std::fs::write(out.path().join("part-00001-orphan-c000.csv"), "lost\n").unwrap();
        std::fs::write(out.path().join("stray.csv"), "stray\n").unwrap();
        sink.write_batch(1, &[Row::new(vec!["b".into()])]).unwrap();
        let options =
            FileSourceOptions::parse("text", OptionMap::default(), Some(path), None, None).unwrap();
        let mut source = FileSource::new(options);
        let FileBatch { files } =
            parse_offsets("files", &source.next_batch().unwrap().unwrap()).unwrap();
        let committed: Vec<PathBuf> = FileSinkLog::new(out.path())
            .all_files()
            .unwrap()
            .iter()
            .map(|f| f.local_path())
            .collect();
        assert_eq!(files, committed);
        assert_eq!(files.len(), 2);
        let mut lines = Vec::new();
        for file in &files {
            read_lines(file, &mut lines).unwrap();
        }
        assert_eq!(lines, ["a", "b"]);
        assert!(source.next_batch().unwrap().is_none());
        sink.write_batch(2, &[Row::new(vec!["c".into()])]).unwrap();
        let FileBatch { files } =
            parse_offsets("files", &source.next_batch().unwrap().unwrap()).unwrap();
        assert_eq!(files.len(), 1);
        assert!(files[0].to_string_lossy().contains("part-00002-"));
    }

    #[test]
    fn hidden_files_are_skipped() {
        assert!(is_hidden(".part.crc"));
        assert!(is_hidden("_SUCCESS"));
        assert!(is_hidden("a.txt._COPYING_"));
        assert!(!is_hidden("a.txt"));
    }
}
