//! Event-time windows with a watermark: Ember's windowed count against a hand-written
//! timely/differential program, and whether the cost per batch stays flat as the windows held
//! grow tenfold (finalization visits only the windows that close).
//!
//! Run from the repository root:
//!
//! ```sh
//! cargo bench --bench windowed                                   # 1,000,000 rows in 100 files
//! cargo bench --bench windowed -- --rows 100000 --runs 1         # a quick look
//! cargo bench --bench windowed -- --windows sliding --modes append --workers 1
//! cargo bench --bench windowed -- --engines ember --no-flat
//! ```
//!
//! Options (after `--`): `--rows N` (default 1,000,000), `--files F` (100), `--keys K`
//! (100,000), `--file-minutes M` (10: the event time one file spans), `--workers 1,2`,
//! `--runs N` (3), `--windows tumbling,sliding`, `--modes append,update`, `--engines
//! ember,differential`, `--flat-workers 1` (worker counts of the flat-cost runs), `--no-flat`.
//!
//! **Input.** Generated here, deterministically (a fixed-seed splitmix64), into
//! `target/bench-windowed-<rows>-<files>-<keys>-<minutes>`: CSV files `part-00000.csv`, ...
//! (modification times one second apart, so the file source takes them in order) of lines
//! `ts,key`, e.g. `2026-01-01 00:03:17,k004711`. Row `j` of `N` has the nominal event time
//! `2026-01-01 00:00:00 + j * span / N` (the span is `files * file-minutes`, so event time
//! advances steadily, `file-minutes` per file) minus a disorder: under a minute for 90% of
//! rows, under 5 minutes for 9.9%, under 30 minutes for 0.1% (these are late by a 10-minute
//! watermark, and dropped). Keys are uniform over `k000000..k<K>`. File `i` holds rows
//! `i * N / F ..`, one file per batch.
//!
//! **Query.** `with_watermark("ts", "10 minutes")`, `group_by(window(ts, "1 minute"), key)
//! .count()` (`windows=tumbling`) or `window(ts, "10 minutes", "1 minute")` (`sliding`), in
//! append and update mode, `maxFilesPerTrigger = 1`, `Trigger::AvailableNow`, a `foreach_batch`
//! sink that digests every batch's rows: their number and a sum of a hash of each row
//! `(window start, key, count)`.
//!
//! **Check.** Before any figure is printed, each run's per-batch digests are compared with
//! those of the exact answer, computed here in plain Rust from the generator's rows (not from
//! the files): Spark's semantics as Ember implements them. The watermark batch `i` runs with
//! is `max(event time of batches < i) - delay` (0 before any; never back); a row's window is
//! late, and the row dropped from it, when the window ends at or before the previous batch's
//! watermark; append mode emits, at each batch, the windows that end at or before its
//! watermark, with their final count; update mode emits the new count of every group the batch
//! changed. After the last file, a no-data batch runs if the watermark moved. So every
//! batch's output is checked, and at the end the windows that the final watermark leaves open
//! were never emitted in append mode.
//!
//! **Engines**, each run in its own child process (the binary re-runs itself with
//! `--child ...`), so that peak memory (`VmHWM`) is the run's own:
//!
//! - `ember`: the query above, web UI off, session time zone UTC.
//! - `differential`: the best hand-written program: every worker reads its `1/workers` byte
//!   range of the batch's file (as Ember splits one file among workers), drops late windows,
//!   pre-aggregates `(window start, key) -> n` in a hash map, inserts the counts into a
//!   differential collection, `count_total()`; after it, one operator keeps the groups' counts
//!   in an index by window (start, so by end), emits the batch's changes (update) or, when the
//!   batch is complete, splits off the windows its watermark closes and emits them (append),
//!   and hands them back to the worker, which removes them (inserts their negation) with the
//!   next batch. The watermark is each batch's greatest event time, shared among the workers
//!   through one atomic per batch. One batch in flight, as Ember and Spark.
//!
//! **What is timed.** From just before the engine starts to its end, the sink's digests
//! included. Input generation and the exact answer are outside it; the check is after it.
//! `p50/p99_batch_ms`: nearest-rank percentiles of the time between the ends of consecutive
//! batches (the sink's call; the probe passing the batch on worker 0).
//!
//! **Output.** Each run prints `RESULT engine=.. windows=.. mode=.. workers=N rows=..
//! seconds=.. rows_per_s=.. p50_batch_ms=.. p99_batch_ms=.. peak_rss_mb=.. correct=yes
//! delay_min=D` and `STEADY ...` (below). The configurations run in rounds (`--runs`), each
//! round running every one once; at the end, `RATIO windows=.. mode=.. workers=N
//! ember_over_differential=R` is the median over rounds of Ember's rows/s over the hand-written
//! program's in the same round.
//!
//! **Flat cost.** For every window kind, mode and `--flat-workers` count, both engines also
//! run with a wider watermark delay, chosen so that about 10x as many windows are held
//! (tumbling: 10 -> 195 minutes, sliding: 10 -> 235 minutes, with 10-minute files: the held
//! event time is about `file-minutes + delay + window/2`), each right after its narrow twin
//! (in odd rounds right before), so that the two compared run seconds apart. Each run prints
//! `STEADY from=B batches=N per_batch_ms=X held=H removal_ms=R`: over the data batches from `B` on
//! (where both delays finalize windows every batch), the median time per batch, the mean
//! state rows held after a batch (Ember: the progress reports' `numRowsTotal`; the
//! hand-written program: its index) and the mean time spent finalizing (Ember:
//! `allRemovalsTimeMs`, whole milliseconds summed over workers; the hand-written program: its
//! finalizing operator). Then `FLAT engine=.. windows=.. mode=.. workers=N held_ratio=H
//! per_batch_ms_ratio=R removal_ms_ratio=F ...`: wide over narrow, medians over rounds. Flat
//! means `per_batch_ms_ratio` near 1 while `held_ratio` is near 10.

mod common;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::rc::Rc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use differential_dataflow::input::{Input, InputSession};
use differential_dataflow::operators::CountTotal;
use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::Probe;
use timely::worker::Worker;

use common::{
    machine_line, median, paired_ratio, peak_rss_mb, percentile_ms, read_range, target_dir,
    BoxResult, FxHasher, FxMap,
};
use ember::expr::{col, window};
use ember::{ClusterArgs, Session, Trigger, Value};

const MINUTE_US: i64 = 60_000_000;
/// 2026-01-01 00:00:00 UTC, in seconds since the epoch.
const T0_S: i64 = 1_767_225_600;
/// The narrow watermark delay, in minutes.
const DELAY_MIN: i64 = 10;
const ENGINES: &[&str] = &["differential", "ember"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let outcome = if args.first().map(String::as_str) == Some("--child") {
        child_main(&args[1..])
    } else {
        parent_main(&args)
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("windowed bench: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Windows, the input, the exact answer.

/// Tumbling or sliding windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Windows {
    /// 1-minute tumbling windows.
    Tumbling,
    /// 10-minute windows every minute.
    Sliding,
}

impl Windows {
    fn parse(name: &str) -> BoxResult<Self> {
        match name {
            "tumbling" => Ok(Windows::Tumbling),
            "sliding" => Ok(Windows::Sliding),
            other => Err(format!("windows are tumbling or sliding, not '{other}'").into()),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Windows::Tumbling => "tumbling",
            Windows::Sliding => "sliding",
        }
    }

    /// Length and slide, in microseconds.
    fn size_slide(self) -> (i64, i64) {
        match self {
            Windows::Tumbling => (MINUTE_US, MINUTE_US),
            Windows::Sliding => (10 * MINUTE_US, MINUTE_US),
        }
    }

    /// The watermark delay (minutes) that holds about 10x the event time (so the windows)
    /// held with [`DELAY_MIN`]: held time is about `file_minutes + delay + size / 2`.
    fn wide_delay_min(self, file_minutes: i64) -> i64 {
        let half = self.size_slide().0 as f64 / MINUTE_US as f64 / 2.0;
        let narrow = file_minutes as f64 + DELAY_MIN as f64 + half;
        (10.0 * narrow - file_minutes as f64 - half).round() as i64
    }

    /// The first data batch from which both delays finalize windows in every batch.
    fn steady_from(self, file_minutes: i64) -> u64 {
        let size_min = self.size_slide().0 / MINUTE_US;
        let wide = self.wide_delay_min(file_minutes) + size_min;
        (wide + file_minutes - 1) as u64 / file_minutes as u64 + 2
    }
}

/// The starts of the windows (`size`, `slide` apart) that hold time `t`, all microseconds:
/// `[start, start + size)` holds `t`.
fn window_starts(t: i64, size: i64, slide: i64) -> impl Iterator<Item = i64> {
    let last = t - t.rem_euclid(slide);
    (0..(size + slide - 1) / slide)
        .map(move |i| last - i * slide)
        .filter(move |start| t < start + size)
}

/// A hash of one result row; a batch's digest is the wrapping sum over its rows.
fn row_digest(start: i64, key: &str, count: i64) -> u64 {
    let mut h = FxHasher::default();
    h.write_i64(start);
    h.write(key.as_bytes());
    h.write_i64(count);
    // splitmix64's finalizer, to spread the bits before summing.
    let mut z = h.finish();
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What the input is made of.
#[derive(Clone, Copy, Debug)]
struct Data {
    rows: usize,
    files: usize,
    keys: usize,
    file_minutes: i64,
}

impl Data {
    fn dir(&self) -> PathBuf {
        target_dir().join(format!(
            "bench-windowed-{}-{}-{}-{}",
            self.rows, self.files, self.keys, self.file_minutes
        ))
    }

    /// Calls `each(file, event time in seconds, key)` for every row, in file order.
    fn generate(&self, mut each: impl FnMut(usize, i64, usize)) {
        let mut seed: u64 = 0x5eed_0fe4_be20_2601;
        let mut next = move || {
            // splitmix64
            seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let span = self.files as i64 * self.file_minutes * 60;
        for j in 0..self.rows {
            let file = j * self.files / self.rows;
            let nominal = T0_S + (j as i64 * span) / self.rows as i64;
            let disorder = match next() % 1000 {
                0..900 => next() % 60,
                900..999 => next() % 300,
                _ => next() % 1800,
            } as i64;
            let key = (next() % self.keys as u64) as usize;
            each(file, (nominal - disorder).max(T0_S), key);
        }
    }
}

/// Key `k` as the files spell it.
fn key_name(k: usize) -> String {
    format!("k{k:06}")
}

/// `YYYY-MM-DD HH:MM:SS` of `seconds` since the epoch (UTC).
fn format_time(seconds: i64, out: &mut String) {
    use std::fmt::Write;
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
}

/// Microseconds since the epoch of `YYYY-MM-DD HH:MM:SS` (UTC), as the files spell it.
fn parse_time(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400) + hh * 3600 + mm * 60 + ss) * 1_000_000)
}

/// The input directory, written if missing.
fn ensure_input(data: &Data) -> BoxResult<PathBuf> {
    let dir = data.dir();
    if dir.join("DONE").is_file() {
        return Ok(dir);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?; // a half-written input from an interrupted run
    }
    std::fs::create_dir_all(&dir)?;
    eprintln!(
        "generating {} rows in {} files into {} ...",
        data.rows,
        data.files,
        dir.display()
    );
    let mut texts = vec![String::new(); data.files];
    data.generate(|file, ts, key| {
        let text = &mut texts[file];
        format_time(ts, text);
        text.push(',');
        text.push_str(&key_name(key));
        text.push('\n');
    });
    for (i, text) in texts.iter().enumerate() {
        let path = dir.join(format!("part-{i:05}.csv"));
        std::fs::write(&path, text)?;
        let time = std::time::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + i as u64);
        std::fs::File::options()
            .write(true)
            .open(&path)?
            .set_modified(time)?;
    }
    std::fs::write(dir.join("DONE"), format!("{data:?}\n"))?;
    Ok(dir)
}

/// The exact answer for one window kind and delay: per batch, the rows and digest of append
/// and of update mode; and the window instances dropped as late.
struct Expected {
    /// Per batch: `(append rows, append digest, update rows, update digest)`.
    batches: Vec<(u64, u64, u64, u64)>,
    late: u64,
}

impl Expected {
    fn path(dir: &Path, windows: Windows, delay_min: i64) -> PathBuf {
        dir.join(format!("expected-{}-{delay_min}.txt", windows.name()))
    }

    /// Computes it from the generator's rows, batch by batch, as Spark (and Ember) define it.
    fn compute(data: &Data, windows: Windows, delay_min: i64) -> Expected {
        let (size, slide) = windows.size_slide();
        let delay = delay_min * MINUTE_US;
        let names: Vec<String> = (0..data.keys).map(key_name).collect();
        let mut files: Vec<Vec<(i64, usize)>> = vec![Vec::new(); data.files];
        data.generate(|file, ts, key| files[file].push((ts * 1_000_000, key)));
        // Open windows by start: key -> count.
        let mut open: BTreeMap<i64, FxMap<usize, i64>> = BTreeMap::new();
        let mut max_seen: Option<i64> = None;
        let mut watermark = 0i64;
        let mut previous = 0i64;
        let mut late = 0;
        let mut batches = Vec::new();
        let advance = |watermark: &mut i64, max_seen: Option<i64>| {
            if let Some(max) = max_seen {
                *watermark = (*watermark).max(max.div_euclid(1000) * 1000 - delay);
            }
        };
        let finalize = |open: &mut BTreeMap<i64, FxMap<usize, i64>>, watermark: i64| {
            // Windows that end at or before the watermark: start <= watermark - size.
            let kept = open.split_off(&(watermark - size + 1));
            let closed = std::mem::replace(open, kept);
            let (mut rows, mut digest) = (0, 0u64);
            for (start, keys) in closed {
                for (key, count) in keys {
                    rows += 1;
                    digest = digest.wrapping_add(row_digest(start, &names[key], count));
                }
            }
            (rows, digest)
        };
        for (i, rows) in files.iter().enumerate() {
            advance(&mut watermark, max_seen);
            let late_mark = if i == 0 { watermark } else { previous };
            let mut touched: BTreeSet<(i64, usize)> = BTreeSet::new();
            for &(ts, key) in rows {
                for start in window_starts(ts, size, slide) {
                    if start + size <= late_mark {
                        late += 1;
                        continue;
                    }
                    *open.entry(start).or_default().entry(key).or_default() += 1;
                    touched.insert((start, key));
                }
                max_seen = Some(max_seen.map_or(ts, |m| m.max(ts)));
            }
            let (mut update_rows, mut update_digest) = (0, 0u64);
            for (start, key) in touched {
                update_rows += 1;
                let count = open[&start][&key];
                update_digest = update_digest.wrapping_add(row_digest(start, &names[key], count));
            }
            let (append_rows, append_digest) = finalize(&mut open, watermark);
            batches.push((append_rows, append_digest, update_rows, update_digest));
            previous = watermark;
        }
        advance(&mut watermark, max_seen);
        if watermark > previous {
            // The no-data batch the moved watermark calls for.
            let (append_rows, append_digest) = finalize(&mut open, watermark);
            batches.push((append_rows, append_digest, 0, 0));
        }
        Expected { batches, late }
    }

    fn write(&self, path: &Path) -> BoxResult<()> {
        let mut text = format!("late {}\n", self.late);
        for (i, (ar, ad, ur, ud)) in self.batches.iter().enumerate() {
            text.push_str(&format!("{i} {ar} {ad} {ur} {ud}\n"));
        }
        std::fs::write(path, text)?;
        Ok(())
    }

    fn read(path: &Path) -> BoxResult<Expected> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let bad = || format!("{}: malformed", path.display());
        let mut lines = text.lines();
        let late = lines
            .next()
            .and_then(|l| l.strip_prefix("late "))
            .and_then(|n| n.parse().ok())
            .ok_or_else(bad)?;
        let mut batches = Vec::new();
        for line in lines {
            let f: Vec<u64> = line
                .split(' ')
                .map(|n| n.parse::<u64>())
                .collect::<Result<_, _>>()
                .map_err(|_| bad())?;
            match f.as_slice() {
                [_, ar, ad, ur, ud] => batches.push((*ar, *ad, *ur, *ud)),
                _ => return Err(bad().into()),
            }
        }
        Ok(Expected { batches, late })
    }

    /// Batch `i`'s `(rows, digest)` in `mode`.
    fn batch(&self, i: usize, append: bool) -> (u64, u64) {
        match self.batches.get(i) {
            Some(&(ar, ad, _, _)) if append => (ar, ad),
            Some(&(_, _, ur, ud)) => (ur, ud),
            None => (0, 0),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The parent: options, input, one child process per run, ratios.

struct Options {
    data: Data,
    workers: Vec<usize>,
    runs: usize,
    windows: Vec<Windows>,
    modes: Vec<String>,
    engines: Vec<String>,
    flat_workers: Vec<usize>,
    flat: bool,
}

fn usage() -> &'static str {
    "usage: cargo bench --bench windowed -- [--rows N] [--files F] [--keys K] \
     [--file-minutes M] [--workers 1,2] [--runs N] [--windows tumbling,sliding] \
     [--modes append,update] [--engines ember,differential] [--flat-workers 1] [--no-flat]"
}

fn parse_options(args: &[String]) -> BoxResult<Options> {
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    let mut flat = true;
    let mut i = 0;
    while i < args.len() {
        let (flag, inline) = match args[i].split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (args[i].as_str(), None),
        };
        let name = match flag {
            "--rows" | "--files" | "--keys" | "--file-minutes" | "--workers" | "--runs"
            | "--windows" | "--modes" | "--engines" | "--flat-workers" => &flag[2..],
            "--no-flat" => {
                flat = false;
                i += 1;
                continue;
            }
            "--help" => {
                println!("{}", usage());
                std::process::exit(0);
            }
            other if other.starts_with('-') => {
                return Err(format!("unknown option {other}\n{}", usage()).into())
            }
            // `cargo bench` passes name filters through; this bench has no sub-benchmarks.
            _ => {
                i += 1;
                continue;
            }
        };
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                args.get(i)
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value\n{}", usage()))?
            }
        };
        values.insert(name, value);
        i += 1;
    }
    let positive = |name: &str, default: usize| -> BoxResult<usize> {
        match values.get(name) {
            None => Ok(default),
            Some(v) => match v.trim().replace('_', "").parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("--{name} must be a positive integer, not '{v}'").into()),
            },
        }
    };
    let list = |name: &str, default: &str| -> Vec<String> {
        values
            .get(name)
            .map_or(default, String::as_str)
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let numbers = |name: &str, default: &str| -> BoxResult<Vec<usize>> {
        list(name, default)
            .iter()
            .map(|w| match w.parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("--{name}: '{w}' is not a positive integer").into()),
            })
            .collect()
    };
    let data = Data {
        rows: positive("rows", 1_000_000)?,
        files: positive("files", 100)?,
        keys: positive("keys", 100_000)?,
        file_minutes: positive("file-minutes", 10)? as i64,
    };
    if data.rows < data.files {
        return Err("--rows must be at least --files".into());
    }
    let modes = list("modes", "append,update");
    if let Some(bad) = modes.iter().find(|m| *m != "append" && *m != "update") {
        return Err(format!("modes are append and update, not '{bad}'").into());
    }
    let engines = list("engines", "differential,ember");
    if let Some(bad) = engines.iter().find(|e| !ENGINES.contains(&e.as_str())) {
        return Err(format!("engines are {}, not '{bad}'", ENGINES.join(",")).into());
    }
    Ok(Options {
        data,
        workers: numbers("workers", "1,2")?,
        runs: positive("runs", 3)?,
        windows: list("windows", "tumbling,sliding")
            .iter()
            .map(|w| Windows::parse(w))
            .collect::<BoxResult<_>>()?,
        modes,
        engines,
        flat_workers: numbers("flat-workers", "1")?,
        flat,
    })
}

/// One configuration of a run.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Config {
    engine: String,
    windows: Windows,
    mode: String,
    workers: usize,
    delay_min: i64,
}

/// What the parent reads from a child's output.
#[derive(Clone, Copy, Debug)]
struct Figures {
    rows_per_s: f64,
    per_batch_ms: f64,
    held: f64,
    removal_ms: f64,
}

fn parent_main(args: &[String]) -> BoxResult<()> {
    let options = parse_options(args)?;
    let data = options.data;
    let dir = ensure_input(&data)?;
    println!(
        "input {}: {} rows in {} files, {} keys, {} minutes of event time per file",
        dir.display(),
        data.rows,
        data.files,
        data.keys,
        data.file_minutes
    );
    println!("{}", machine_line());
    let mut configs: Vec<(Config, bool)> = Vec::new();
    for &workers in &options.workers {
        for &windows in &options.windows {
            for mode in &options.modes {
                for engine in &options.engines {
                    let config = Config {
                        engine: engine.clone(),
                        windows,
                        mode: mode.clone(),
                        workers,
                        delay_min: DELAY_MIN,
                    };
                    configs.push((config, false));
                }
            }
        }
    }
    if options.flat {
        for &workers in &options.flat_workers {
            for &windows in &options.windows {
                for mode in &options.modes {
                    for engine in &options.engines {
                        let narrow = Config {
                            engine: engine.clone(),
                            windows,
                            mode: mode.clone(),
                            workers,
                            delay_min: DELAY_MIN,
                        };
                        let wide = Config {
                            delay_min: windows.wide_delay_min(data.file_minutes),
                            ..narrow.clone()
                        };
                        // Right after its narrow twin, so that the two run seconds apart.
                        match configs.iter().position(|(c, _)| *c == narrow) {
                            Some(at) => configs.insert(at + 1, (wide, true)),
                            None => configs.extend([(narrow, false), (wide, true)]),
                        }
                    }
                }
            }
        }
    }
    // The exact answers, once per window kind and delay (kept next to the input).
    let delays: BTreeSet<(Windows, i64)> = configs
        .iter()
        .map(|(c, _)| (c.windows, c.delay_min))
        .collect();
    for (windows, delay_min) in delays {
        let path = Expected::path(&dir, windows, delay_min);
        if !path.is_file() {
            eprintln!(
                "computing the exact answer for {} windows, {delay_min}-minute delay ...",
                windows.name()
            );
            Expected::compute(&data, windows, delay_min).write(&path)?;
        }
    }
    let exe = std::env::current_exe()?;
    let mut figures: BTreeMap<Config, Vec<Figures>> = BTreeMap::new();
    for round in 0..options.runs {
        let mut order: Vec<&Config> = configs.iter().map(|(c, _)| c).collect();
        if round % 2 == 1 {
            // A wide run and its narrow twin in turn first, so that a machine getting slower
            // or faster over a round does not favour one of them.
            for (at, (_, wide)) in configs.iter().enumerate() {
                if *wide {
                    order.swap(at - 1, at);
                }
            }
        }
        for config in order {
            let steady_from = config.windows.steady_from(data.file_minutes);
            let f = run_child(&exe, config, &dir, steady_from)?;
            figures.entry(config.clone()).or_default().push(f);
        }
    }
    println!();
    let get = |engine: &str, windows: Windows, mode: &str, workers: usize, delay_min: i64| {
        figures.get(&Config {
            engine: engine.to_string(),
            windows,
            mode: mode.to_string(),
            workers,
            delay_min,
        })
    };
    for (config, list) in &figures {
        println!(
            "MEDIAN engine={} windows={} mode={} workers={} delay_min={} runs={} rows_per_s={:.0}",
            config.engine,
            config.windows.name(),
            config.mode,
            config.workers,
            config.delay_min,
            list.len(),
            median(list.iter().map(|f| f.rows_per_s).collect())
        );
    }
    for &workers in &options.workers {
        for &windows in &options.windows {
            for mode in &options.modes {
                let ember = get("ember", windows, mode, workers, DELAY_MIN);
                let dd = get("differential", windows, mode, workers, DELAY_MIN);
                if let (Some(ember), Some(dd)) = (ember, dd) {
                    let rate = |l: &[Figures]| l.iter().map(|f| f.rows_per_s).collect::<Vec<_>>();
                    println!(
                        "RATIO windows={} mode={mode} workers={workers} \
                         ember_over_differential={:.3}",
                        windows.name(),
                        paired_ratio(&rate(ember), &rate(dd))
                    );
                }
            }
        }
    }
    for (config, _) in configs.iter().filter(|(_, wide)| *wide) {
        let narrow_config = Config {
            delay_min: DELAY_MIN,
            ..config.clone()
        };
        let (Some(wide), Some(narrow)) = (figures.get(config), figures.get(&narrow_config)) else {
            continue;
        };
        let pick = |l: &[Figures], f: fn(&Figures) -> f64| l.iter().map(f).collect::<Vec<_>>();
        let ratio = |f: fn(&Figures) -> f64| paired_ratio(&pick(wide, f), &pick(narrow, f));
        let med = |l: &[Figures], f: fn(&Figures) -> f64| median(pick(l, f));
        // Ember reports whole milliseconds: a finalization under 1 ms has no ratio.
        let removal_ratio = match ratio(|f| f.removal_ms) {
            r if r.is_finite() => format!("{r:.3}"),
            _ => "n/a".to_string(),
        };
        println!(
            "FLAT engine={} windows={} mode={} workers={} held_ratio={:.2} \
             per_batch_ms_ratio={:.3} removal_ms_ratio={removal_ratio} delay_min={}/{} \
             held={:.0}/{:.0} per_batch_ms={:.2}/{:.2} removal_ms={:.3}/{:.3}",
            config.engine,
            config.windows.name(),
            config.mode,
            config.workers,
            ratio(|f| f.held),
            ratio(|f| f.per_batch_ms),
            DELAY_MIN,
            config.delay_min,
            med(narrow, |f| f.held),
            med(wide, |f| f.held),
            med(narrow, |f| f.per_batch_ms),
            med(wide, |f| f.per_batch_ms),
            med(narrow, |f| f.removal_ms),
            med(wide, |f| f.removal_ms),
        );
    }
    Ok(())
}

/// Runs one configuration in a child process, echoes its output, and returns its figures.
fn run_child(exe: &Path, config: &Config, dir: &Path, steady_from: u64) -> BoxResult<Figures> {
    let output = Command::new(exe)
        .arg("--child")
        .arg(format!("engine={}", config.engine))
        .arg(format!("windows={}", config.windows.name()))
        .arg(format!("mode={}", config.mode))
        .arg(format!("workers={}", config.workers))
        .arg(format!("delay={}", config.delay_min))
        .arg(format!("dir={}", dir.display()))
        .arg(format!("steady_from={steady_from}"))
        .stderr(std::process::Stdio::inherit())
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    if !output.status.success() {
        return Err(format!("{config:?} failed ({})", output.status).into());
    }
    let value = |prefix: &str, key: &str| -> BoxResult<f64> {
        stdout
            .lines()
            .filter(|l| l.starts_with(prefix))
            .flat_map(str::split_whitespace)
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.parse::<f64>().ok())
            .ok_or_else(|| format!("{config:?} printed no {prefix}{key}").into())
    };
    Ok(Figures {
        rows_per_s: value("RESULT ", "rows_per_s")?,
        per_batch_ms: value("STEADY ", "per_batch_ms")?,
        held: value("STEADY ", "held")?,
        removal_ms: value("STEADY ", "removal_ms")?,
    })
}

// ---------------------------------------------------------------------------------------------
// The child: one engine, one configuration.

/// What an engine run hands back.
struct RunOutcome {
    /// When the engine was started.
    started: Instant,
    /// When it had finished.
    finished: Instant,
    /// Per batch, in batch order: when its output was complete, its rows and digest.
    batches: Vec<(Instant, u64, u64)>,
    /// Per batch: state rows held after it, and milliseconds spent finalizing.
    state: Vec<(u64, f64)>,
    /// Window instances dropped as late, as the engine counted them.
    late: u64,
}

fn child_main(args: &[String]) -> BoxResult<()> {
    let mut engine = String::new();
    let mut windows = Windows::Tumbling;
    let mut mode = String::new();
    let mut workers = 1;
    let mut delay_min = DELAY_MIN;
    let mut dir = PathBuf::new();
    let mut steady_from = 0u64;
    for arg in args {
        match arg.split_once('=') {
            Some(("engine", v)) => engine = v.to_string(),
            Some(("windows", v)) => windows = Windows::parse(v)?,
            Some(("mode", v)) => mode = v.to_string(),
            Some(("workers", v)) => workers = v.parse()?,
            Some(("delay", v)) => delay_min = v.parse()?,
            Some(("dir", v)) => dir = PathBuf::from(v),
            Some(("steady_from", v)) => steady_from = v.parse()?,
            _ => return Err(format!("--child: unknown argument '{arg}'").into()),
        }
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.starts_with("part-") && n.ends_with(".csv")) {
            files.push(path);
        }
    }
    files.sort();
    let expected = Expected::read(&Expected::path(&dir, windows, delay_min))?;
    let append = mode == "append";
    let label = format!(
        "engine={engine} windows={} mode={mode} workers={workers}",
        windows.name()
    );
    let outcome = match engine.as_str() {
        "ember" => run_ember(&dir, workers, windows, append, delay_min)?,
        "differential" => run_differential(files.clone(), workers, windows, append, delay_min)?,
        _ => return Err(format!("no such engine: {engine}").into()),
    };
    let peak_rss_mb = peak_rss_mb();

    // The check, before any figure is printed.
    if outcome.batches.len() != expected.batches.len() {
        return Err(format!(
            "MISMATCH {label}: {} batches ran, expected {}",
            outcome.batches.len(),
            expected.batches.len()
        )
        .into());
    }
    for (i, &(_, rows, digest)) in outcome.batches.iter().enumerate() {
        let want = expected.batch(i, append);
        if (rows, digest) != want {
            return Err(format!(
                "MISMATCH {label} delay={delay_min}: batch {i} wrote {rows} rows (digest \
                 {digest:x}), expected {} rows (digest {:x})",
                want.0, want.1
            )
            .into());
        }
    }
    let output_rows: u64 = outcome.batches.iter().map(|b| b.1).sum();
    let seconds = outcome
        .finished
        .duration_since(outcome.started)
        .as_secs_f64();
    let mut previous = outcome.started;
    let intervals: Vec<Duration> = outcome
        .batches
        .iter()
        .map(|&(done, _, _)| {
            let since = done.saturating_duration_since(previous);
            previous = done;
            since
        })
        .collect();
    let p50 = percentile_ms(&intervals, 0.50);
    let p99 = percentile_ms(&intervals, 0.99);
    let rows = expected_rows(&files)?;
    let rows_per_s = rows as f64 / seconds;
    println!(
        "{label} delay={delay_min}min: {} batches, {output_rows} output rows, every batch's \
         output as expected; {} window rows late (expected {})",
        intervals.len(),
        outcome.late,
        expected.late,
    );
    // The steady state: data batches from `steady_from` on.
    let steady = (steady_from as usize).min(files.len())..files.len();
    let per_batch_ms = percentile_ms(&intervals[steady.clone()], 0.5);
    let state = &outcome.state[steady.clone()];
    let mean = |f: fn(&(u64, f64)) -> f64| state.iter().map(f).sum::<f64>() / state.len() as f64;
    println!(
        "STEADY from={} batches={} per_batch_ms={per_batch_ms:.3} held={:.0} removal_ms={:.4}",
        steady.start,
        steady.len(),
        mean(|s| s.0 as f64),
        mean(|s| s.1)
    );
    println!(
        "RESULT {label} rows={rows} seconds={seconds:.3} rows_per_s={rows_per_s:.0} \
         p50_batch_ms={p50:.3} p99_batch_ms={p99:.3} peak_rss_mb={peak_rss_mb:.1} correct=yes \
         delay_min={delay_min}"
    );
    Ok(())
}

/// The rows of the input files (their lines).
fn expected_rows(files: &[PathBuf]) -> BoxResult<u64> {
    let mut rows = 0;
    for file in files {
        rows += std::fs::read(file)?.iter().filter(|&&b| b == b'\n').count() as u64;
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// engine=ember

/// What Ember's sink records, per batch.
#[derive(Default)]
struct SinkState {
    batches: Vec<(u64, Instant, u64, u64)>,
    error: Option<String>,
}

fn run_ember(
    dir: &Path,
    workers: usize,
    windows: Windows,
    append: bool,
    delay_min: i64,
) -> BoxResult<RunOutcome> {
    let state = Arc::new(Mutex::new(SinkState::default()));
    let sink = state.clone();
    let started = Instant::now();
    let spark = Session::builder()
        .app_name("windowed-bench")
        .cluster(ClusterArgs::threads(workers))
        .config("spark.ui.enabled", false)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.streaming.numRecentProgressUpdates", 100_000)
        .get_or_create()?;
    let events = spark
        .read_stream()
        .format("csv")
        .schema("ts TIMESTAMP, key STRING")
        .option("maxFilesPerTrigger", 1)
        .option("pathGlobFilter", "part-*.csv")
        .load_path(dir)?;
    let key = match windows {
        Windows::Tumbling => window(col("ts"), "1 minute", None),
        Windows::Sliding => window(col("ts"), "10 minutes", Some("1 minute")),
    };
    let counts = events
        .with_watermark("ts", &format!("{delay_min} minutes"))?
        .group_by([key, col("key")])?
        .count()?;
    let query = counts
        .write_stream()
        .output_mode(if append { "append" } else { "update" })
        .trigger(Trigger::AvailableNow)
        .foreach_batch(move |batch_id, rows| {
            let (mut digest, mut bad) = (0u64, None);
            for row in rows {
                match row.0.as_slice() {
                    [Value::Struct(window), Value::String(key), Value::Long(n)] => {
                        match window.as_slice() {
                            [Value::Timestamp(start), Value::Timestamp(_)] => {
                                digest = digest.wrapping_add(row_digest(*start, key, *n))
                            }
                            _ => bad = Some(format!("unexpected window {window:?}")),
                        }
                    }
                    other => bad = Some(format!("unexpected row {other:?}")),
                }
            }
            let now = Instant::now();
            let mut state = sink
                .lock()
                .map_err(|_| ember::Error::Runtime("bench sink lock poisoned".into()))?;
            state
                .batches
                .push((batch_id, now, rows.len() as u64, digest));
            if let Some(bad) = bad {
                state.error.get_or_insert(bad);
            }
            Ok(())
        })
        .start()?;
    query.await_termination()?;
    let finished = Instant::now();
    let progress = query.recent_progress();
    let sink = std::mem::take(&mut *state.lock().map_err(|_| "bench sink lock poisoned")?);
    if let Some(error) = sink.error {
        return Err(format!("engine=ember: {error}").into());
    }
    if !sink
        .batches
        .iter()
        .enumerate()
        .all(|(i, b)| b.0 == i as u64)
    {
        let ids: Vec<u64> = sink.batches.iter().map(|b| b.0).collect();
        return Err(format!("engine=ember: batch ids {ids:?}").into());
    }
    let mut state = vec![(0, 0.0); sink.batches.len()];
    let mut late = 0;
    for p in &progress {
        if let (Some(slot), Some(op)) = (
            state.get_mut(p.batch_id as usize),
            p.state_operators.first(),
        ) {
            *slot = (op.num_rows_total, op.all_removals_time_ms as f64);
            late += op.num_rows_dropped_by_watermark;
        }
    }
    Ok(RunOutcome {
        started,
        finished,
        batches: sink
            .batches
            .into_iter()
            .map(|(_, at, rows, digest)| (at, rows, digest))
            .collect(),
        state,
        late,
    })
}

// ---------------------------------------------------------------------------------------------
// engine=differential

/// What the workers share: the input, the query, and each batch's greatest event time.
struct Shared {
    files: Vec<PathBuf>,
    size: i64,
    slide: i64,
    delay: i64,
    append: bool,
    /// The greatest event time each worker saw in each batch, folded (`i64::MIN`: none).
    max_event_time: Vec<AtomicI64>,
}

impl Shared {
    /// The watermark batch `batch` runs with: the greatest event time of the batches before
    /// it minus the delay, never below 0 (the batches before it are complete).
    fn watermark(&self, batch: usize) -> i64 {
        let max = self.max_event_time[..batch]
            .iter()
            .map(|m| m.load(Ordering::SeqCst))
            .max()
            .unwrap_or(i64::MIN);
        if max == i64::MIN {
            0
        } else {
            (max.div_euclid(1000) * 1000 - self.delay).max(0)
        }
    }
}

/// A group of the hand-written program: window start and key.
type Group = (i64, String);

/// What the finalizing operator and its worker share.
#[derive(Default)]
struct Finalizer {
    /// Each batch's watermark, set before the batch's rows go in.
    watermarks: Vec<i64>,
    /// The groups the last batch finalized, with their count: removed with the next batch.
    removals: Vec<(Group, isize)>,
    /// Per batch: rows written and their digest, groups held after it, nanoseconds spent
    /// finalizing.
    batches: Vec<(u64, u64, u64, u64)>,
}

/// What one worker hands back.
struct WorkerOutcome {
    completed: Vec<Instant>,
    batches: Vec<(u64, u64, u64, u64)>,
    late: u64,
}

fn run_differential(
    files: Vec<PathBuf>,
    workers: usize,
    windows: Windows,
    append: bool,
    delay_min: i64,
) -> BoxResult<RunOutcome> {
    let (size, slide) = windows.size_slide();
    let shared = Arc::new(Shared {
        max_event_time: (0..files.len()).map(|_| AtomicI64::new(i64::MIN)).collect(),
        files,
        size,
        slide,
        delay: delay_min * MINUTE_US,
        append,
    });
    let config = if workers == 1 {
        timely::Config::thread()
    } else {
        timely::Config::process(workers)
    };
    let started = Instant::now();
    let guards = timely::execute(config, move |worker| differential_worker(worker, &shared))?;
    let results = guards.join();
    let mut outcome = RunOutcome {
        started,
        finished: Instant::now(),
        batches: Vec::new(),
        state: Vec::new(),
        late: 0,
    };
    for (index, result) in results.into_iter().enumerate() {
        let worker = result.map_err(|e| format!("worker {index} failed: {e}"))?;
        if index == 0 {
            outcome.batches = worker.completed.iter().map(|&at| (at, 0, 0)).collect();
            outcome.state = vec![(0, 0.0); worker.completed.len()];
        }
        outcome.late += worker.late;
        for (i, &(rows, digest, held, nanos)) in worker.batches.iter().enumerate() {
            let (Some(batch), Some(state)) = (outcome.batches.get_mut(i), outcome.state.get_mut(i))
            else {
                return Err(format!("worker {index} ran more batches than worker 0").into());
            };
            batch.1 += rows;
            batch.2 = batch.2.wrapping_add(digest);
            state.0 += held;
            state.1 += nanos as f64 / 1e6;
        }
    }
    Ok(outcome)
}

fn differential_worker(worker: &mut Worker, shared: &Shared) -> WorkerOutcome {
    let index = worker.index();
    let peers = worker.peers();
    let (size, slide, append) = (shared.size, shared.slide, shared.append);
    let finalizer = Rc::new(RefCell::new(Finalizer::default()));
    let found = finalizer.clone();
    let (mut input, probe) = worker.dataflow::<u64, _, _>(|scope| {
        let (input, groups) = scope.new_collection::<(i64, String), isize>();
        let (probe, _) = groups
            .count_total()
            .inner
            .unary_frontier::<CapacityContainerBuilder<Vec<()>>, _, _, _>(
                Pipeline,
                "FinalizeAndSink",
                move |capability, _info| {
                    // Held until a batch is done, so that the probe passing it means that.
                    let mut capability = Some(capability);
                    let mut next: u64 = 0;
                    // The counts of each batch's changed groups, until the batch is complete.
                    let mut pending: BTreeMap<u64, Vec<(Group, isize)>> = BTreeMap::new();
                    // The open windows, by start: each group's count.
                    let mut open: BTreeMap<i64, FxMap<String, isize>> = BTreeMap::new();
                    move |(input, frontier), _output| {
                        input.for_each(|_cap, data| {
                            for (((start, key), count), time, diff) in data.drain(..) {
                                if diff > 0 {
                                    pending.entry(time).or_default().push(((start, key), count));
                                }
                            }
                        });
                        let Some(cap) = capability.as_mut() else {
                            return;
                        };
                        let Some(limit) = frontier.frontier().first().copied() else {
                            capability = None;
                            return;
                        };
                        let mut found = found.borrow_mut();
                        while next < limit {
                            let epoch = next;
                            next += 1;
                            let (mut rows, mut digest) = (0, 0u64);
                            for ((start, key), count) in pending.remove(&epoch).unwrap_or_default()
                            {
                                if !append {
                                    rows += 1;
                                    digest =
                                        digest.wrapping_add(row_digest(start, &key, count as i64));
                                }
                                open.entry(start).or_default().insert(key, count);
                            }
                            let started = Instant::now();
                            let watermark = found.watermarks[epoch as usize];
                            let kept = open.split_off(&(watermark - size + 1));
                            for (start, keys) in std::mem::replace(&mut open, kept) {
                                for (key, count) in keys {
                                    if append {
                                        rows += 1;
                                        digest = digest.wrapping_add(row_digest(
                                            start,
                                            &key,
                                            count as i64,
                                        ));
                                    }
                                    found.removals.push(((start, key), count));
                                }
                            }
                            let nanos = started.elapsed().as_nanos() as u64;
                            let held = open.values().map(|keys| keys.len() as u64).sum();
                            found.batches.push((rows, digest, held, nanos));
                        }
                        cap.downgrade(&limit);
                    }
                },
            )
            .probe();
        (input, probe)
    });
    let files = &shared.files;
    let mut completed = Vec::with_capacity(files.len() + 1);
    let mut late = 0u64;
    // The watermark of the last batch run.
    let last_watermark =
        |finalizer: &RefCell<Finalizer>| finalizer.borrow().watermarks.last().copied().unwrap_or(0);
    let mut run = |batch: usize,
                   worker: &mut Worker,
                   input: &mut InputSession<u64, (i64, String), isize>| {
        let epoch = batch as u64;
        let previous = last_watermark(&finalizer);
        let watermark = shared.watermark(batch).max(previous);
        let late_mark = if batch == 0 { watermark } else { previous };
        finalizer.borrow_mut().watermarks.push(watermark);
        for (group, count) in finalizer.borrow_mut().removals.drain(..) {
            input.update(group, -count);
        }
        if let Some(path) = files.get(batch) {
            let text = if peers == 1 {
                std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            } else {
                read_range(path, index, peers)
            };
            let mut partial: FxMap<(i64, &str), isize> = FxMap::default();
            let mut max = i64::MIN;
            for line in text.lines() {
                let (ts, key) = line
                    .split_once(',')
                    .and_then(|(ts, key)| Some((parse_time(ts)?, key)))
                    .unwrap_or_else(|| panic!("{}: bad line '{line}'", path.display()));
                max = max.max(ts);
                for start in window_starts(ts, size, slide) {
                    if start + size <= late_mark {
                        late += 1;
                    } else {
                        *partial.entry((start, key)).or_insert(0) += 1;
                    }
                }
            }
            for ((start, key), n) in partial {
                input.update((start, key.to_string()), n);
            }
            shared.max_event_time[batch].fetch_max(max, Ordering::SeqCst);
        }
        input.advance_to(epoch + 1);
        input.flush();
        worker.step_while(|| probe.less_than(&(epoch + 1)));
        completed.push(Instant::now());
    };
    for batch in 0..files.len() {
        run(batch, worker, &mut input);
    }
    // The no-data batch, when the last batches moved the watermark.
    if shared.watermark(files.len()) > last_watermark(&finalizer) {
        run(files.len(), worker, &mut input);
    }
    input.close();
    worker.step_while(|| !probe.done());
    let batches = std::mem::take(&mut finalizer.borrow_mut().batches);
    WorkerOutcome {
        completed,
        batches,
        late,
    }
}
