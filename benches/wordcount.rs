//! Word-count throughput and batch latency: Ember's streaming word count against hand-written
//! timely/differential programs and a single-threaded `HashMap`, on the same corpus.
//!
//! Run from the repository root (`/work/main`):
//!
//! ```sh
//! cargo bench --bench wordcount                                  # 1,000,000 lines in 100 files
//! cargo bench --bench wordcount -- --lines 100000                # a smaller corpus
//! cargo bench --bench wordcount -- --lines 100000 --files 50 --workers 1,2,4
//! cargo bench --bench wordcount -- --engines hashmap,differential,ember
//! cargo bench --bench wordcount -- --corpus /some/dir            # an existing gen_corpus.py dir
//! cargo bench --bench wordcount -- --engines ember --workers 1 --ui    # the web UI's cost
//! EMBER_BENCH_LINES=100000 EMBER_BENCH_WORKERS=1 cargo bench --bench wordcount
//! ```
//!
//! Options (after `--`; each also has an environment variable, which the option overrides):
//! `--lines N` (`EMBER_BENCH_LINES`, default 1,000,000), `--files F` (`EMBER_BENCH_FILES`,
//! default 100), `--workers 1,2` (`EMBER_BENCH_WORKERS`), `--engines LIST`
//! (`EMBER_BENCH_ENGINES`, default `hashmap,differential-plain,differential,ember,ember-complete`),
//! `--corpus DIR` (`EMBER_BENCH_CORPUS`: use this corpus, do not generate one),
//! `--split file|range` (`EMBER_BENCH_SPLIT`, default `file`: how the hand-written programs
//! share a batch among workers, see below), `--runs N` (`EMBER_BENCH_RUNS`, default 5: how many
//! rounds of update-mode runs, see below), `--ui` (`EMBER_BENCH_UI=1`: measure the web UI's
//! cost, see below).
//!
//! **Corpus.** `../shared/bench/gen_corpus.py DIR --lines N --files F` (path relative to the
//! repository root; `EMBER_GEN_CORPUS` overrides it) writes `part-00000.txt`... and
//! `EXPECTED.tsv` (`word<TAB>count`). The bench makes it once, in
//! `target/bench-corpus-<lines>-<files>`, before any timing. Each file is one batch.
//!
//! **Engines**, each in its own child process (the binary re-runs itself with
//! `--child engine=.. workers=.. mode=.. dir=..`), so that peak memory (`VmHWM`) is the run's own:
//!
//! - `ember`: `text` source with `maxFilesPerTrigger = 1` (one file per batch),
//!   `select(explode(split(col("value"), " ")).alias("word"))`, `group_by(word).count()`,
//!   `Trigger::AvailableNow`, a `foreach_batch` sink; `mode=update`, and once more in
//!   `mode=complete` (engine name `ember-complete` in `--engines`). The web UI is off
//!   (`spark.ui.enabled=false`), but in the `ember-ui` runs of `--ui`.
//! - `ember-ui` (only with `--ui`): `ember` with the web UI on (a free port), watched by a
//!   thread that fetches the query page's fragment and `/metrics` at the start and then every
//!   second, as an open page and a (frequent) Prometheus scrape would. With `--ui`, every round
//!   runs `ember` and `ember-ui` back to back, in alternating order.
//! - `differential-plain`: one epoch per file; with `--split file` (the default) file `k` is
//!   read by worker `k % workers`, which inserts every word into a differential collection;
//!   `count()`. As the timely/differential examples do it.
//! - `differential`: the best hand-written program. As above, but the reading worker first
//!   pre-aggregates its share into `(word, n)` with a hash map (Spark's partial aggregation) and
//!   inserts `update(word, n)`; `count_total()` sums the diffs.
//!
//!   With `--split range` every worker reads its own line-aligned `1/workers` byte range of
//!   every file instead, so that reading, splitting and pre-aggregating a batch run in parallel
//!   too. Ember reads a one-file batch on one worker, as `--split file` does, so the default
//!   compares like with like; `range` shows what finer input splitting would gain.
//! - `hashmap`: one thread, a `HashMap<String, u64>` over the same words: the floor.
//!
//! Every worker advances every epoch, and the next file is inserted only when the previous
//! epoch is complete (one batch in flight, as Spark runs micro-batches). Words are split on
//! single spaces (the corpus has no other separators). The hash maps of the hand-written
//! programs (and the floor) use an Fx-style hasher (`common::FxHasher`).
//!
//! **What is timed.** From just before the engine starts (Ember's `start()`, `timely::execute`)
//! until it has finished and its workers are joined. Every engine reads the files from disk
//! (the page cache, after generation) inside the timed section. Corpus generation, reading
//! `EXPECTED.tsv` and the check are outside it. Gathering the final counts *is* inside it for
//! `ember` and `differential*`: their sinks keep the last count of each word in a hash map (the
//! `inspect` after `count`, or the `foreach_batch` function), the work a real sink would do.
//! In `mode=complete` the Ember sink counts every batch's rows but keeps only the last batch.
//!
//! **Batch latency** is the time from the end of the previous batch (for batch 0: the start)
//! until the batch's output has been observed (the `foreach_batch` call; the probe after the
//! sink's `inspect` passing the epoch on worker 0; the end of the file's loop for `hashmap`).
//! With batches run back to back this is the time from the batch's input being read and
//! inserted until its output is complete. p50/p99 are nearest-rank over the batches.
//!
//! **Runs.** A shared machine's speed varies from one second to the next, by more than the
//! differences measured here. So the update-mode configurations run in rounds, `--runs` of
//! them: each round runs every configuration once, in turn (for each worker count: hashmap,
//! differential-plain, differential, ember). A ratio is taken within each round, between runs
//! seconds apart, and the figure printed is the median over the rounds. Complete mode runs
//! once, at the end.
//!
//! **Output.** Each run's final counts are compared with `EXPECTED.tsv` before any figure is
//! printed; a mismatch names the engine and the first differing word and exits non-zero. Each
//! run ends with one line
//! `RESULT engine=.. workers=N mode=update|complete words=W seconds=S words_per_s=X
//! p50_batch_ms=A p99_batch_ms=B peak_rss_mb=M correct=yes`. After all runs come one
//! `MEDIAN engine=.. workers=N mode=update runs=K words_per_s=X` per configuration, one
//! `RATIO workers=N ember_over_differential=R` per worker count (Ember's words/s in update
//! mode over the faster hand-written differential program's at the same worker count, the
//! median over rounds) and `SPEEDUP engine=ember workers=N over_1_worker=S` (Ember's words/s
//! at N workers over its words/s at 1, the median over rounds). With `--ui`, one
//! `UI_COST workers=N runs=K ui_off_words_per_s=X ui_on_words_per_s=Y ratio=R cost_pct=P` per
//! worker count: the medians of both, the median over rounds of on/off, and `100 * (1 - R)`.

mod common;

/// Ember's word count.
#[path = "common/ember_wordcount.rs"]
mod ember_wordcount;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use differential_dataflow::input::Input;
use differential_dataflow::operators::CountTotal;
use timely::worker::Worker;

use common::{
    machine_line, median, paired_ratio, peak_rss_mb, percentile_ms, read_range, target_dir,
    BoxResult, FxMap,
};

const DEFAULT_LINES: usize = 1_000_000;
const DEFAULT_FILES: usize = 100;
const DEFAULT_RUNS: usize = 5;
const ALL_ENGINES: &[&str] = &[
    "hashmap",
    "differential-plain",
    "differential",
    "ember",
    "ember-complete",
];

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
            eprintln!("wordcount bench: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The parent: options, corpus, one child process per run, ratios.

struct Options {
    lines: usize,
    files: usize,
    workers: Vec<usize>,
    engines: Vec<String>,
    corpus: Option<PathBuf>,
    split: String,
    runs: usize,
    /// Also run `ember-ui` and print the UI's cost.
    ui: bool,
}

fn parse_options(args: &[String]) -> BoxResult<Options> {
    fn env(name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.trim().is_empty())
    }
    let mut lines = env("EMBER_BENCH_LINES");
    let mut files = env("EMBER_BENCH_FILES");
    let mut workers = env("EMBER_BENCH_WORKERS");
    let mut engines = env("EMBER_BENCH_ENGINES");
    let mut corpus = env("EMBER_BENCH_CORPUS");
    let mut split = env("EMBER_BENCH_SPLIT");
    let mut runs = env("EMBER_BENCH_RUNS");
    let mut ui = env("EMBER_BENCH_UI").is_some_and(|v| v != "0");
    let mut i = 0;
    while i < args.len() {
        let (flag, inline) = match args[i].split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (args[i].clone(), None),
        };
        let slot = match flag.as_str() {
            "--lines" => &mut lines,
            "--files" => &mut files,
            "--workers" => &mut workers,
            "--engines" => &mut engines,
            "--corpus" => &mut corpus,
            "--split" => &mut split,
            "--runs" => &mut runs,
            "--ui" => {
                ui = true;
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
        *slot = Some(value);
        i += 1;
    }
    let positive = |name: &str, value: Option<String>, default: usize| -> BoxResult<usize> {
        match value {
            None => Ok(default),
            Some(v) => match v.trim().replace('_', "").parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("{name} must be a positive integer, not '{v}'").into()),
            },
        }
    };
    let lines = positive("--lines", lines, DEFAULT_LINES)?;
    let files = positive("--files", files, DEFAULT_FILES)?;
    let runs = positive("--runs", runs, DEFAULT_RUNS)?;
    let workers = match workers {
        None => vec![1, 2],
        Some(list) => list
            .split(',')
            .map(|w| positive("--workers", Some(w.to_string()), 1))
            .collect::<BoxResult<Vec<_>>>()?,
    };
    let engines = match engines {
        None => ALL_ENGINES.iter().map(|e| e.to_string()).collect(),
        Some(list) => {
            let engines: Vec<String> = list.split(',').map(|e| e.trim().to_string()).collect();
            if let Some(bad) = engines.iter().find(|e| !ALL_ENGINES.contains(&e.as_str())) {
                return Err(format!(
                    "unknown engine '{bad}'; engines are {}",
                    ALL_ENGINES.join(",")
                )
                .into());
            }
            engines
        }
    };
    let split = split.unwrap_or_else(|| "file".to_string());
    if split != "file" && split != "range" {
        return Err(format!("--split is file or range, not '{split}'").into());
    }
    Ok(Options {
        lines,
        files,
        workers,
        engines,
        corpus: corpus.map(PathBuf::from),
        split,
        runs,
        ui,
    })
}

fn usage() -> String {
    format!(
        "usage: cargo bench --bench wordcount -- [--lines N] [--files F] [--workers 1,2] \
         [--engines {}] [--corpus DIR] [--split file|range] [--runs N] [--ui]",
        ALL_ENGINES.join(",")
    )
}

fn parent_main(args: &[String]) -> BoxResult<()> {
    let options = parse_options(args)?;
    let dir = match &options.corpus {
        Some(dir) => {
            if !dir.join("EXPECTED.tsv").is_file() {
                return Err(format!("{} has no EXPECTED.tsv", dir.display()).into());
            }
            dir.clone()
        }
        None => ensure_corpus(options.lines, options.files)?,
    };
    let files = list_parts(&dir)?;
    let expected = read_expected(&dir)?;
    let words: i64 = expected.iter().map(|(_, n)| n).sum();
    println!(
        "corpus {}: {} files, {} words, {} distinct",
        dir.display(),
        files.len(),
        words,
        expected.len()
    );
    drop(expected);
    println!("{}", machine_line());
    println!(
        "hand-written programs: --split {} ({})",
        options.split,
        if options.split == "file" {
            "file k is read by worker k % workers"
        } else {
            "every worker reads a 1/workers byte range of every file"
        }
    );
    let wants = |engine: &str| options.engines.iter().any(|e| e == engine);
    let exe = std::env::current_exe()?;
    // Every update-mode configuration `runs` times, interleaved (engines and worker counts in
    // turn), so that a slow spell of the machine does not fall on one of them only; the
    // figures compared are the medians.
    let mut rates: Vec<((usize, &str), Vec<f64>)> = Vec::new();
    for round in 0..options.runs {
        // With --ui, `ember` and `ember-ui` back to back, in turn first.
        let engines: &[&str] = match (options.ui, round % 2) {
            (false, _) => &["hashmap", "differential-plain", "differential", "ember"],
            (true, 0) => &[
                "hashmap",
                "differential-plain",
                "differential",
                "ember",
                "ember-ui",
            ],
            (true, _) => &[
                "hashmap",
                "differential-plain",
                "differential",
                "ember-ui",
                "ember",
            ],
        };
        for &workers in &options.workers {
            for &engine in engines {
                let compared = options.ui && engine.starts_with("ember");
                if !(wants(engine) || compared) || (engine == "hashmap" && workers != 1) {
                    continue;
                }
                let rate = run_child(&exe, engine, workers, "update", &dir, &options.split)?;
                match rates.iter_mut().find(|(k, _)| *k == (workers, engine)) {
                    Some((_, list)) => list.push(rate),
                    None => rates.push(((workers, engine), vec![rate])),
                }
            }
        }
    }
    if wants("ember-complete") {
        for &workers in &options.workers {
            run_child(&exe, "ember", workers, "complete", &dir, &options.split)?;
        }
    }
    let runs_of = |workers: usize, engine: &str| {
        rates
            .iter()
            .find(|(k, _)| *k == (workers, engine))
            .map(|(_, list)| list.as_slice())
    };
    println!();
    for ((workers, engine), list) in &rates {
        println!(
            "MEDIAN engine={engine} workers={workers} mode=update runs={} words_per_s={:.0}",
            list.len(),
            median(list.clone())
        );
    }
    for &workers in &options.workers {
        let best_handwritten = ["differential-plain", "differential"]
            .into_iter()
            .filter_map(|engine| {
                runs_of(workers, engine).map(|list| (median(list.to_vec()), engine))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let (Some(ember), Some((_, engine))) = (runs_of(workers, "ember"), best_handwritten) {
            if engine != "differential" {
                println!("note: {engine} was faster than differential at {workers} workers");
            }
            let best = runs_of(workers, engine).unwrap_or_default();
            println!(
                "RATIO workers={workers} ember_over_differential={:.3}",
                paired_ratio(ember, best)
            );
        }
    }
    for &workers in options.workers.iter().filter(|_| options.ui) {
        if let (Some(off), Some(on)) = (runs_of(workers, "ember"), runs_of(workers, "ember-ui")) {
            let ratio = paired_ratio(on, off);
            println!(
                "UI_COST workers={workers} runs={} ui_off_words_per_s={:.0} \
                 ui_on_words_per_s={:.0} ratio={ratio:.4} cost_pct={:.2}",
                on.len(),
                median(off.to_vec()),
                median(on.to_vec()),
                100.0 * (1.0 - ratio)
            );
        }
    }
    if let Some(one) = runs_of(1, "ember") {
        for &workers in options.workers.iter().filter(|&&w| w > 1) {
            if let Some(many) = runs_of(workers, "ember") {
                println!(
                    "SPEEDUP engine=ember workers={workers} over_1_worker={:.2}",
                    paired_ratio(many, one)
                );
            }
        }
    }
    Ok(())
}

/// Runs one configuration in a child process, echoes its output, and returns its words/s.
fn run_child(
    exe: &Path,
    engine: &str,
    workers: usize,
    mode: &str,
    dir: &Path,
    split: &str,
) -> BoxResult<f64> {
    let (child_engine, ui) = match engine {
        "ember-ui" => ("ember", "on"),
        other => (other, "off"),
    };
    let output = Command::new(exe)
        .arg("--child")
        .arg(format!("engine={child_engine}"))
        .arg(format!("ui={ui}"))
        .arg(format!("workers={workers}"))
        .arg(format!("mode={mode}"))
        .arg(format!("dir={}", dir.display()))
        .arg(format!("split={split}"))
        .stderr(std::process::Stdio::inherit())
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    if !output.status.success() {
        return Err(format!(
            "engine={engine} workers={workers} mode={mode} failed ({})",
            output.status
        )
        .into());
    }
    stdout
        .lines()
        .filter(|l| l.starts_with("RESULT "))
        .flat_map(str::split_whitespace)
        .find_map(|kv| kv.strip_prefix("words_per_s="))
        .and_then(|v| v.parse::<f64>().ok())
        .ok_or_else(|| format!("engine={engine} workers={workers} printed no RESULT line").into())
}

/// The corpus directory for `lines`/`files`, generated by `gen_corpus.py` if missing.
fn ensure_corpus(lines: usize, files: usize) -> BoxResult<PathBuf> {
    let dir = target_dir().join(format!("bench-corpus-{lines}-{files}"));
    if dir.join("EXPECTED.tsv").is_file() && list_parts(&dir)?.len() == files {
        return Ok(dir);
    }
    let script = std::env::var_os("EMBER_GEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py")
        });
    if !script.is_file() {
        return Err(format!(
            "cannot make the corpus: the generator {} does not exist. Set EMBER_GEN_CORPUS to \
             gen_corpus.py, or pass --corpus DIR with a corpus made by it",
            script.display()
        )
        .into());
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?; // a half-written corpus from an interrupted run
    }
    eprintln!(
        "generating {} lines in {} files into {} ...",
        lines,
        files,
        dir.display()
    );
    let status = Command::new("python3")
        .arg(&script)
        .arg(&dir)
        .arg("--lines")
        .arg(lines.to_string())
        .arg("--files")
        .arg(files.to_string())
        .status()
        .map_err(|e| format!("cannot run python3 {}: {e}", script.display()))?;
    if !status.success() || !dir.join("EXPECTED.tsv").is_file() {
        return Err(format!("{} failed ({status})", script.display()).into());
    }
    Ok(dir)
}

/// The corpus files `part-*.txt`, in name order (the generator's order, and Ember's).
fn list_parts(dir: &Path) -> BoxResult<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.starts_with("part-") && n.ends_with(".txt")) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// `EXPECTED.tsv`: `(word, count)`, sorted by word.
fn read_expected(dir: &Path) -> BoxResult<Vec<(String, i64)>> {
    let path = dir.join("EXPECTED.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .map(|line| {
            let (word, count) = line
                .rsplit_once('\t')
                .ok_or_else(|| format!("{}: bad line '{line}'", path.display()))?;
            let count = count
                .parse::<i64>()
                .map_err(|_| format!("{}: bad count in '{line}'", path.display()))?;
            Ok((word.to_string(), count))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The child: one engine, one worker count, one mode.

/// What an engine run hands back: timings, and the final count of every word.
pub struct RunOutcome {
    /// When the engine was started (before `start()` or `timely::execute`).
    pub started: Instant,
    /// When it had finished and its workers were joined.
    pub finished: Instant,
    /// When each batch's output was observed, in batch order.
    pub completed: Vec<Instant>,
    /// The final count of each word, as the sink saw it.
    pub counts: FxMap<String, i64>,
    /// Rows the sink received over all batches.
    pub output_rows: u64,
}

fn child_main(args: &[String]) -> BoxResult<()> {
    let mut engine = String::new();
    let mut workers = 1;
    let mut mode = "update".to_string();
    let mut dir = PathBuf::new();
    let mut split_range = false;
    let mut ui = false;
    for arg in args {
        match arg.split_once('=') {
            Some(("engine", v)) => engine = v.to_string(),
            Some(("workers", v)) => workers = v.parse()?,
            Some(("mode", v)) => mode = v.to_string(),
            Some(("dir", v)) => dir = PathBuf::from(v),
            Some(("split", v)) => split_range = v == "range",
            Some(("ui", v)) => ui = v == "on",
            _ => return Err(format!("--child: unknown argument '{arg}'").into()),
        }
    }
    let files = list_parts(&dir)?;
    if files.is_empty() {
        return Err(format!("no part-*.txt files in {}", dir.display()).into());
    }
    let mut label = format!("engine={engine} workers={workers} mode={mode}");
    if ui {
        label.push_str(" ui=on");
    }
    let outcome = match (engine.as_str(), mode.as_str()) {
        ("hashmap", "update") if workers == 1 => run_hashmap(&files)?,
        ("differential-plain", "update") => {
            run_differential(files.clone(), workers, false, split_range)?
        }
        ("differential", "update") => run_differential(files.clone(), workers, true, split_range)?,
        ("ember", "update" | "complete") => {
            ember_wordcount::run(&dir, files.len(), workers, mode == "complete", ui)?
        }
        _ => return Err(format!("no such run: {label}").into()),
    };
    let peak_rss_mb = peak_rss_mb();

    // The check, before any figure is printed.
    if outcome.completed.len() != files.len() {
        return Err(format!(
            "{label}: {} batches completed, expected one per file ({})",
            outcome.completed.len(),
            files.len()
        )
        .into());
    }
    let expected = read_expected(&dir)?;
    if let Some(mismatch) = first_mismatch(&expected, &outcome.counts) {
        return Err(format!(
            "MISMATCH {label}: the final counts differ from EXPECTED.tsv; first differing word \
             {mismatch}"
        )
        .into());
    }
    let words: i64 = expected.iter().map(|(_, n)| n).sum();
    let seconds = outcome
        .finished
        .duration_since(outcome.started)
        .as_secs_f64();
    let words_per_s = words as f64 / seconds;
    let mut previous = outcome.started;
    let latencies: Vec<Duration> = outcome
        .completed
        .iter()
        .map(|&done| {
            let latency = done.duration_since(previous);
            previous = done;
            latency
        })
        .collect();
    let p50 = percentile_ms(&latencies, 0.50);
    let p99 = percentile_ms(&latencies, 0.99);
    println!(
        "{label}: {} batches, {} output rows, {} distinct words, counts match EXPECTED.tsv",
        latencies.len(),
        outcome.output_rows,
        outcome.counts.len()
    );
    println!(
        "  {:.2} M words/s, batch latency p50 {p50:.2} ms p99 {p99:.2} ms, peak RSS {peak_rss_mb:.1} MB",
        words_per_s / 1e6
    );
    println!(
        "RESULT {label} words={words} seconds={seconds:.3} words_per_s={words_per_s:.0} \
         p50_batch_ms={p50:.3} p99_batch_ms={p99:.3} peak_rss_mb={peak_rss_mb:.1} correct=yes"
    );
    Ok(())
}

/// The first word, in sorted order, whose count differs, with both counts.
fn first_mismatch(expected: &[(String, i64)], got: &FxMap<String, i64>) -> Option<String> {
    let want: FxMap<&str, i64> = expected.iter().map(|(w, n)| (w.as_str(), *n)).collect();
    let mut words: Vec<&str> = want.keys().copied().collect();
    words.extend(got.keys().map(String::as_str));
    words.sort_unstable();
    words.dedup();
    let show = |n: Option<i64>| n.map_or_else(|| "none".to_string(), |n| n.to_string());
    words.into_iter().find_map(|word| {
        let (w, g) = (want.get(word).copied(), got.get(word).copied());
        (w != g).then(|| format!("'{word}': expected {}, got {}", show(w), show(g)))
    })
}

/// Reads a corpus file, or stops the run naming it.
fn read_file(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Keeps `count` as the count of `word`.
fn set_count(counts: &mut FxMap<String, i64>, word: &str, count: i64) {
    match counts.get_mut(word) {
        Some(c) => *c = count,
        None => {
            counts.insert(word.to_string(), count);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// engine=hashmap: the floor.

fn run_hashmap(files: &[PathBuf]) -> BoxResult<RunOutcome> {
    let started = Instant::now();
    let mut counts: FxMap<String, u64> = FxMap::default();
    let mut completed = Vec::with_capacity(files.len());
    for path in files {
        let text = read_file(path);
        for line in text.lines() {
            for word in line.split(' ') {
                match counts.get_mut(word) {
                    Some(c) => *c += 1,
                    None => {
                        counts.insert(word.to_string(), 1);
                    }
                }
            }
        }
        completed.push(Instant::now());
    }
    let finished = Instant::now();
    let output_rows = counts.len() as u64;
    let counts = counts.into_iter().map(|(w, n)| (w, n as i64)).collect();
    Ok(RunOutcome {
        started,
        finished,
        completed,
        counts,
        output_rows,
    })
}

// ---------------------------------------------------------------------------------------------
// engine=differential and engine=differential-plain.

/// What one timely worker hands back.
struct WorkerOutcome {
    completed: Vec<Instant>,
    counts: FxMap<String, i64>,
    output_rows: u64,
}

/// The sink of a hand-written program: the last count of each word this worker owns.
#[derive(Default)]
struct DdSink {
    counts: FxMap<String, i64>,
    rows: u64,
}

fn run_differential(
    files: Vec<PathBuf>,
    workers: usize,
    preaggregate: bool,
    split_range: bool,
) -> BoxResult<RunOutcome> {
    let files = Arc::new(files);
    let config = if workers == 1 {
        timely::Config::thread()
    } else {
        timely::Config::process(workers)
    };
    let started = Instant::now();
    let guards = timely::execute(config, move |worker| {
        differential_worker(worker, &files, preaggregate, split_range)
    })?;
    let results = guards.join();
    let finished = Instant::now();
    let mut outcome = RunOutcome {
        started,
        finished,
        completed: Vec::new(),
        counts: FxMap::default(),
        output_rows: 0,
    };
    for (index, result) in results.into_iter().enumerate() {
        let worker = result.map_err(|e| format!("worker {index} failed: {e}"))?;
        if index == 0 {
            outcome.completed = worker.completed;
        }
        outcome.output_rows += worker.output_rows;
        // Each word has one owner, so the workers' maps are disjoint.
        outcome.counts.extend(worker.counts);
    }
    Ok(outcome)
}

fn differential_worker(
    worker: &mut Worker,
    files: &[PathBuf],
    preaggregate: bool,
    split_range: bool,
) -> WorkerOutcome {
    let index = worker.index();
    let peers = worker.peers();
    let sink = Rc::new(RefCell::new(DdSink::default()));
    let sink_in = sink.clone();
    let (mut input, probe) = worker.dataflow::<u64, _, _>(|scope| {
        let (input, words) = scope.new_collection::<String, isize>();
        let counts = if preaggregate {
            words.count_total()
        } else {
            words.count()
        };
        let (probe, _) = counts
            .inspect(move |((word, count), _time, diff)| {
                if *diff > 0 {
                    let mut sink = sink_in.borrow_mut();
                    sink.rows += 1;
                    set_count(&mut sink.counts, word, *count as i64);
                }
            })
            .probe();
        (input, probe)
    });
    let mut completed = Vec::with_capacity(files.len());
    for (k, path) in files.iter().enumerate() {
        let epoch = k as u64;
        let share = if split_range {
            Some(read_range(path, index, peers))
        } else {
            (k % peers == index).then(|| read_file(path))
        };
        if let Some(text) = share {
            if preaggregate {
                let mut partial: FxMap<&str, isize> = FxMap::default();
                for line in text.lines() {
                    for word in line.split(' ') {
                        *partial.entry(word).or_insert(0) += 1;
                    }
                }
                for (word, n) in partial {
                    input.update(word.to_string(), n);
                }
            } else {
                for line in text.lines() {
                    for word in line.split(' ') {
                        input.insert(word.to_string());
                    }
                }
            }
        }
        input.advance_to(epoch + 1);
        input.flush();
        worker.step_while(|| probe.less_than(&(epoch + 1)));
        completed.push(Instant::now());
    }
    input.close();
    worker.step_while(|| !probe.done());
    let sink = std::mem::take(&mut *sink.borrow_mut());
    WorkerOutcome {
        completed,
        counts: sink.counts,
        output_rows: sink.rows,
    }
}
