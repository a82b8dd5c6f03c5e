//! Word-count throughput and batch latency: Ember's streaming word count against hand-written
//! timely/differential programs and a single-threaded `HashMap`, on the same corpora.
//!
//! Run from the repository root; it needs nothing outside the repository:
//!
//! ```sh
//! cargo bench --bench wordcount                  # 1,000,000 lines in 100 files, then in 10
//! cargo bench --bench wordcount -- --runs 3 --engines differential,ember
//! cargo bench --bench wordcount -- --lines 100000 --files 50 --workers 1,2,4
//! cargo bench --bench wordcount -- --files 100 --processes 1     # one shape, no 2-process runs
//! cargo bench --bench wordcount -- --corpus /some/dir            # an existing corpus
//! cargo bench --bench wordcount -- --engines ember --workers 1 --ui    # the web UI's cost
//! EMBER_BENCH_LINES=100000 EMBER_BENCH_WORKERS=1 cargo bench --bench wordcount
//! ```
//!
//! Options (after `--`; each also has an environment variable, which the option overrides):
//! `--lines N` (`EMBER_BENCH_LINES`, default 1,000,000), `--files 100,10`
//! (`EMBER_BENCH_FILES`: the corpus shapes, `N` lines in `F` files each, default both),
//! `--workers 1,2` (`EMBER_BENCH_WORKERS`: worker threads of one process), `--processes P`
//! (`EMBER_BENCH_PROCESSES`, default 2: also run `P` processes of 1 worker each, see below;
//! 1: do not), `--engines LIST` (`EMBER_BENCH_ENGINES`, default
//! `hashmap,differential-plain,differential,ember,ember-complete,ember-checkpoint`), `--corpus DIR`
//! (`EMBER_BENCH_CORPUS`: use this corpus — `part-*.txt` and `EXPECTED.tsv` — instead of the
//! shapes), `--split range|file` (`EMBER_BENCH_SPLIT`, default `range`: how the hand-written
//! programs share a batch among workers, see below), `--runs N` (`EMBER_BENCH_RUNS`, default 5:
//! how many rounds of update-mode runs, see below), `--ui` (`EMBER_BENCH_UI=1`: measure the web
//! UI's cost, see below).
//!
//! **Corpus.** Pseudo-words of one to four syllables (a vocabulary of 50,000), drawn from a
//! Zipf-like distribution (weight `1 / rank^1.1`), 1 to 16 a line, one space between words:
//! `part-00000.txt`... (`N` lines in all, `ceil(N / F)` a file) and `EXPECTED.tsv`
//! (`word<TAB>count`, sorted by word). The bench writes each shape once, in
//! `target/bench-corpus-<lines>-<files>`, before any timing (about 0.6 s for 1,000,000 lines);
//! each file is one batch. The generator (`common/corpus.rs`) is a Rust port of the project's
//! earlier Python generator, `gen_corpus.py OUT --lines N --files F` (vocabulary 50,000, seed
//! 42), down to CPython's Mersenne Twister and `random.choices`, so it writes the same bytes:
//! the figures stay comparable with runs on corpora the Python script made. This was checked
//! file by file with `cmp` (1,000,000 lines in 100 files and in 10, 100,000 in 10, and odd
//! shapes such as 1,001 lines in 7 files) against Python 3.11's output; to check it again, set
//! `EMBER_GEN_CORPUS` to the script (`EMBER_GEN_CORPUS=../shared/bench/gen_corpus.py cargo bench
//! --bench wordcount -- --lines 100000 --files 10`): every corpus the bench writes is then also
//! written by the script and compared byte for byte, and a difference stops the bench.
//!
//! **Engines**, each in its own child process (the binary re-runs itself with
//! `--child engine=.. workers=.. mode=.. dir=..`), so that peak memory (`VmHWM`) is the run's own:
//!
//! - `ember`: `text` source with `maxFilesPerTrigger = 1` (one file per batch),
//!   `select(explode(split(col("value"), " ")).alias("word"))`, `group_by(word).count()`,
//!   `Trigger::AvailableNow`, a `foreach_batch` sink; `mode=update`. The same in
//!   `mode=complete` is engine `ember-complete`, and with a checkpoint (`checkpointLocation`
//!   in `target/`, on the corpus's disk, emptied before each run, outside the timed section)
//!   engine `ember-checkpoint`. The web UI is off
//!   (`spark.ui.enabled=false`), but in the `ember-ui` runs of `--ui`. With one file a batch and
//!   more workers than files, Ember's workers read line-aligned byte ranges of the file.
//! - `ember-ui` (only with `--ui`): `ember` with the web UI on (a free port), watched by a
//!   thread that fetches the query page's fragment and `/metrics` at the start and then every
//!   second, as an open page and a (frequent) Prometheus scrape would. With `--ui`, every round
//!   runs `ember` and `ember-ui` back to back, in alternating order.
//! - `differential-plain`: one epoch per file; every worker inserts every word of its share of
//!   the file into a differential collection; `count()`. As the timely/differential examples do
//!   it.
//! - `differential`: the best hand-written program. As above, but each worker first
//!   pre-aggregates its share into `(word, n)` with a hash map (Spark's partial aggregation) and
//!   inserts `update(word, n)`; `count_total()` sums the diffs.
//!
//!   A worker's share: with `--split range` (the default) every worker reads its own
//!   line-aligned `1/workers` byte range of every file, so that reading, splitting and
//!   pre-aggregating a batch run in parallel, as Ember's do. With `--split file` file `k` is
//!   read whole by worker `k % workers` (one worker per batch: what finer splitting gains).
//! - `hashmap`: one thread, a `HashMap<String, u64>` over the same words: the floor.
//!
//! Every worker advances every epoch, and the next file is inserted only when the previous
//! epoch is complete (one batch in flight, as Spark runs micro-batches). Words are split on
//! single spaces (the corpus has no other separators). The hash maps of the hand-written
//! programs (and the floor) use an Fx-style hasher (`common::FxHasher`).
//!
//! **Two processes.** `differential` and `ember` also run as `--processes` (2) processes of 1
//! worker each on loopback, timely's cluster mode: the bench writes a hostfile of free
//! `127.0.0.1` ports and starts one child per process (`processes=2 process=I
//! hostfile=..`). Ember gets them as `ClusterArgs` (`-n 2 -p I -h hostfile`); its driver and
//! sink run on process 0. The hand-written program connects the processes as Ember does —
//! each dials the lower-numbered ones (retrying every 20 ms) and accepts the higher ones
//! (looking every 10 ms), timely's handshake — and runs `timely::execute_from` over those
//! sockets; its workers split every file by byte range over both processes. The connection is
//! inside the timed section for both (it starts before `start()` and before connecting). After
//! the run, process 1 leaves its peak memory and (hand-written) the counts its worker holds in
//! a report file; process 0 adds them to its own before the check. `peak_rss_mb` of a
//! 2-process run is the **sum** of both processes' `VmHWM`.
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
//! differential-plain, differential, ember; then differential and ember on 2 processes). A
//! ratio is taken within each round, between runs seconds apart, and the figure printed is the
//! median over the rounds. `ember-complete` and `ember-checkpoint` run in the rounds too, at
//! one process. The corpus shapes run one after the other, all rounds of one shape before the
//! next.
//!
//! **Output.** Each run's final counts are compared with `EXPECTED.tsv` before any figure is
//! printed; a mismatch names the engine and the first differing word and exits non-zero. Each
//! run ends with one line
//! `RESULT engine=.. files=F processes=P workers=N mode=update|complete words=W seconds=S
//! words_per_s=X p50_batch_ms=A p99_batch_ms=B peak_rss_mb=M correct=yes`. After all runs of
//! every shape come one `MEDIAN engine=.. files=F processes=P workers=N mode=update runs=K
//! words_per_s=X` per configuration, and per shape: one `RATIO files=F processes=P workers=N
//! ember_over_differential=R` per scale (Ember's words/s in update mode over the faster
//! hand-written differential program's at the same scale, the median over rounds),
//! `SPEEDUP engine=ember files=F workers=N over_1_worker=S` (Ember's words/s at N workers over
//! its words/s at 1, the median over rounds) and `SCALE engine=ember|differential files=F
//! processes_over_threads=R` (the engine's words/s on P processes of 1 worker over its words/s
//! on 1 process of P workers, the median over rounds; printed when `--workers` has P),
//! `COMPLETE files=F workers=N complete_over_update=R` (Ember in complete mode over Ember in
//! update mode) and `CHECKPOINT files=F workers=N checkpointed_over_plain=R` (Ember with a
//! checkpoint over Ember without), the medians over rounds. With
//! `--ui`, one `UI_COST files=F workers=N runs=K ui_off_words_per_s=X ui_on_words_per_s=Y
//! ratio=R cost_pct=P` per worker count: the medians of both, the median over rounds of
//! on/off, and `100 * (1 - R)`.

mod common;

/// The corpus, as `gen_corpus.py` writes it.
#[path = "common/corpus.rs"]
mod corpus;
/// Ember's word count.
#[path = "common/ember_wordcount.rs"]
mod ember_wordcount;

use std::cell::RefCell;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use differential_dataflow::input::Input;
use differential_dataflow::operators::CountTotal;
use timely::worker::Worker;
use timely_communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely_communication::allocator::{AllocatorBuilder, ProcessBuilder};

use common::{
    machine_line, median, paired_ratio, peak_rss_mb, percentile_ms, read_range, target_dir,
    BoxResult, FxMap,
};

const DEFAULT_LINES: usize = 1_000_000;
const DEFAULT_FILES: &[usize] = &[100, 10];
const DEFAULT_PROCESSES: usize = 2;
const DEFAULT_RUNS: usize = 5;
const ALL_ENGINES: &[&str] = &[
    "hashmap",
    "differential-plain",
    "differential",
    "ember",
    "ember-complete",
    "ember-checkpoint",
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
// The parent: options, corpora, one child process (two for two processes) per run, ratios.

struct Options {
    lines: usize,
    /// The corpus shapes: files per corpus of `lines` lines.
    files: Vec<usize>,
    workers: Vec<usize>,
    /// Also run `processes` processes of 1 worker each (when above 1).
    processes: usize,
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
    let mut processes = env("EMBER_BENCH_PROCESSES");
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
            "--processes" => &mut processes,
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
    let list = |name: &str, value: Option<String>, default: &[usize]| -> BoxResult<Vec<usize>> {
        match value {
            None => Ok(default.to_vec()),
            Some(list) => list
                .split(',')
                .map(|v| positive(name, Some(v.to_string()), 1))
                .collect(),
        }
    };
    let lines = positive("--lines", lines, DEFAULT_LINES)?;
    let files = list("--files", files, DEFAULT_FILES)?;
    let runs = positive("--runs", runs, DEFAULT_RUNS)?;
    let processes = positive("--processes", processes, DEFAULT_PROCESSES)?;
    let workers = list("--workers", workers, &[1, 2])?;
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
    let split = split.unwrap_or_else(|| "range".to_string());
    if split != "file" && split != "range" {
        return Err(format!("--split is file or range, not '{split}'").into());
    }
    Ok(Options {
        lines,
        files,
        workers,
        processes,
        engines,
        corpus: corpus.map(PathBuf::from),
        split,
        runs,
        ui,
    })
}

fn usage() -> String {
    format!(
        "usage: cargo bench --bench wordcount -- [--lines N] [--files 100,10] [--workers 1,2] \
         [--processes 2] [--engines {}] [--corpus DIR] [--split range|file] [--runs N] [--ui]",
        ALL_ENGINES.join(",")
    )
}

/// How a configuration runs: `processes` processes of `workers` worker threads each.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Scale {
    processes: usize,
    workers: usize,
}

/// One update-mode configuration's words/s, one per round.
struct Rates {
    files: usize,
    scale: Scale,
    engine: &'static str,
    rates: Vec<f64>,
}

fn parent_main(args: &[String]) -> BoxResult<()> {
    let options = parse_options(args)?;
    // Every corpus first, before any timing.
    let dirs: Vec<PathBuf> = match &options.corpus {
        Some(dir) => {
            if !dir.join("EXPECTED.tsv").is_file() {
                return Err(format!("{} has no EXPECTED.tsv", dir.display()).into());
            }
            vec![dir.clone()]
        }
        None => options
            .files
            .iter()
            .map(|&files| ensure_corpus(options.lines, files))
            .collect::<BoxResult<_>>()?,
    };
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
    let mut all = Vec::new();
    for dir in &dirs {
        all.extend(run_shape(&options, dir)?);
    }
    print_summary(&options, &all);
    Ok(())
}

/// Every configuration of one corpus: `--runs` rounds of every run, the engines and scales in
/// turn. Returns the rates.
fn run_shape(options: &Options, dir: &Path) -> BoxResult<Vec<Rates>> {
    let files = list_parts(dir)?.len();
    let expected = read_expected(dir)?;
    let words: i64 = expected.iter().map(|(_, n)| n).sum();
    println!(
        "\ncorpus {}: {} files, {} words, {} distinct",
        dir.display(),
        files,
        words,
        expected.len()
    );
    drop(expected);
    let wants = |engine: &str| options.engines.iter().any(|e| e == engine);
    let mut scales: Vec<Scale> = options
        .workers
        .iter()
        .map(|&workers| Scale {
            processes: 1,
            workers,
        })
        .collect();
    if options.processes > 1 {
        scales.push(Scale {
            processes: options.processes,
            workers: 1,
        });
    }
    // Every update-mode configuration `runs` times, interleaved (engines and scales in
    // turn), so that a slow spell of the machine does not fall on one of them only; the
    // figures compared are the medians.
    let mut rates: Vec<Rates> = Vec::new();
    for round in 0..options.runs {
        // With --ui, `ember` and `ember-ui` back to back, in turn first.
        let engines: &[&'static str] = match (options.ui, round % 2) {
            (false, _) => ALL_ENGINES,
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
        for &scale in &scales {
            for &engine in engines {
                let compared = options.ui && engine.starts_with("ember");
                let runs_here = match engine {
                    "hashmap" => scale.processes == 1 && scale.workers == 1,
                    // Across processes: the best hand-written program and Ember only.
                    "differential" | "ember" => true,
                    _ => scale.processes == 1,
                };
                if !(wants(engine) || compared) || !runs_here {
                    continue;
                }
                let (child, mode) = match engine {
                    "ember-complete" => ("ember", "complete"),
                    other => (other, "update"),
                };
                let rate = run_child(child, scale, mode, dir, &options.split)?;
                match rates
                    .iter_mut()
                    .find(|r| r.scale == scale && r.engine == engine)
                {
                    Some(r) => r.rates.push(rate),
                    None => rates.push(Rates {
                        files,
                        scale,
                        engine,
                        rates: vec![rate],
                    }),
                }
            }
        }
    }
    Ok(rates)
}

/// The `MEDIAN`, `RATIO`, `UI_COST`, `SPEEDUP` and `SCALE` lines, for every corpus shape.
fn print_summary(options: &Options, all: &[Rates]) {
    let runs_of = |files: usize, processes: usize, workers: usize, engine: &str| {
        all.iter()
            .find(|r| {
                r.files == files && r.scale == Scale { processes, workers } && r.engine == engine
            })
            .map(|r| r.rates.as_slice())
    };
    let mut shapes: Vec<usize> = all.iter().map(|r| r.files).collect();
    shapes.dedup();
    println!();
    for r in all {
        println!(
            "MEDIAN engine={} files={} processes={} workers={} mode=update runs={} \
             words_per_s={:.0}",
            r.engine,
            r.files,
            r.scale.processes,
            r.scale.workers,
            r.rates.len(),
            median(r.rates.clone())
        );
    }
    for &files in &shapes {
        let mut scales: Vec<Scale> = all
            .iter()
            .filter(|r| r.files == files)
            .map(|r| r.scale)
            .collect();
        scales.dedup();
        for Scale { processes, workers } in scales {
            let best_handwritten = ["differential-plain", "differential"]
                .into_iter()
                .filter_map(|engine| {
                    runs_of(files, processes, workers, engine)
                        .map(|list| (median(list.to_vec()), engine))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let ember = runs_of(files, processes, workers, "ember");
            if let (Some(ember), Some((_, engine))) = (ember, best_handwritten) {
                if engine != "differential" {
                    println!(
                        "note: {engine} was faster than differential at files={files} \
                         processes={processes} workers={workers}"
                    );
                }
                let best = runs_of(files, processes, workers, engine).unwrap_or_default();
                println!(
                    "RATIO files={files} processes={processes} workers={workers} \
                     ember_over_differential={:.3}",
                    paired_ratio(ember, best)
                );
            }
        }
        for &workers in options.workers.iter().filter(|_| options.ui) {
            let off = runs_of(files, 1, workers, "ember");
            let on = runs_of(files, 1, workers, "ember-ui");
            if let (Some(off), Some(on)) = (off, on) {
                let ratio = paired_ratio(on, off);
                println!(
                    "UI_COST files={files} workers={workers} runs={} ui_off_words_per_s={:.0} \
                     ui_on_words_per_s={:.0} ratio={ratio:.4} cost_pct={:.2}",
                    on.len(),
                    median(off.to_vec()),
                    median(on.to_vec()),
                    100.0 * (1.0 - ratio)
                );
            }
        }
        if let Some(one) = runs_of(files, 1, 1, "ember") {
            for &workers in options.workers.iter().filter(|&&w| w > 1) {
                if let Some(many) = runs_of(files, 1, workers, "ember") {
                    println!(
                        "SPEEDUP engine=ember files={files} workers={workers} over_1_worker={:.2}",
                        paired_ratio(many, one)
                    );
                }
            }
        }
        for &workers in &options.workers {
            let update = runs_of(files, 1, workers, "ember");
            let variants = [
                ("COMPLETE", "ember-complete", "complete_over_update"),
                ("CHECKPOINT", "ember-checkpoint", "checkpointed_over_plain"),
            ];
            for (line, engine, what) in variants {
                if let (Some(update), Some(variant)) = (update, runs_of(files, 1, workers, engine))
                {
                    println!(
                        "{line} files={files} workers={workers} {what}={:.3}",
                        paired_ratio(variant, update)
                    );
                }
            }
        }
        let p = options.processes;
        for engine in ["ember", "differential"].into_iter().filter(|_| p > 1) {
            let (processes, threads) = (runs_of(files, p, 1, engine), runs_of(files, 1, p, engine));
            if let (Some(processes), Some(threads)) = (processes, threads) {
                println!(
                    "SCALE engine={engine} files={files} processes_over_threads={:.3}",
                    paired_ratio(processes, threads)
                );
            }
        }
    }
}

/// Runs one configuration in a child process (one per process of `scale`), echoes process
/// 0's output, and returns its words/s.
fn run_child(engine: &str, scale: Scale, mode: &str, dir: &Path, split: &str) -> BoxResult<f64> {
    let exe = std::env::current_exe()?;
    let (child_engine, ui) = match engine {
        "ember-ui" => ("ember", "on"),
        other => (other, "off"),
    };
    let label = format!(
        "engine={engine} processes={} workers={} mode={mode}",
        scale.processes, scale.workers
    );
    let command = |process: usize| {
        let mut command = Command::new(&exe);
        command
            .arg("--child")
            .arg(format!("engine={child_engine}"))
            .arg(format!("ui={ui}"))
            .arg(format!("workers={}", scale.workers))
            .arg(format!("mode={mode}"))
            .arg(format!("dir={}", dir.display()))
            .arg(format!("split={split}"))
            .stderr(std::process::Stdio::inherit());
        if scale.processes > 1 {
            command
                .arg(format!("processes={}", scale.processes))
                .arg(format!("process={process}"));
        }
        command
    };
    let output = if scale.processes == 1 {
        command(0).output()?
    } else {
        // A hostfile of free loopback ports, and where processes 1.. leave their reports.
        let listeners = (0..scale.processes)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut hosts = String::new();
        for listener in &listeners {
            hosts.push_str(&format!("127.0.0.1:{}\n", listener.local_addr()?.port()));
        }
        drop(listeners);
        let stem = target_dir().join(format!("bench-cluster-{}", std::process::id()));
        let hostfile = stem.with_extension("hosts");
        std::fs::write(&hostfile, hosts)?;
        let report = stem.with_extension("report");
        for process in 1..scale.processes {
            let _ = std::fs::remove_file(format!("{}.{process}", report.display()));
        }
        let mut children = Vec::new();
        for process in 0..scale.processes {
            let mut command = command(process);
            command
                .arg(format!("hostfile={}", hostfile.display()))
                .arg(format!("report={}", report.display()));
            // Process 0 reports; the others print only what goes wrong.
            if process == 0 {
                command.stdout(std::process::Stdio::piped());
            }
            children.push(command.spawn()?);
        }
        let mut children = children.into_iter();
        let first = children.next().ok_or("no process")?.wait_with_output()?;
        for (i, mut child) in children.enumerate() {
            let status = child.wait()?;
            if !status.success() {
                return Err(format!("{label}: process {} failed ({status})", i + 1).into());
            }
        }
        let _ = std::fs::remove_file(&hostfile);
        first
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    if !output.status.success() {
        return Err(format!("{label} failed ({})", output.status).into());
    }
    stdout
        .lines()
        .filter(|l| l.starts_with("RESULT "))
        .flat_map(str::split_whitespace)
        .find_map(|kv| kv.strip_prefix("words_per_s="))
        .and_then(|v| v.parse::<f64>().ok())
        .ok_or_else(|| format!("{label} printed no RESULT line").into())
}

/// The corpus directory for `lines`/`files`, written by [`corpus::generate`] if missing.
/// With `EMBER_GEN_CORPUS` set to `gen_corpus.py`, a new corpus is also made by it and
/// compared byte for byte.
fn ensure_corpus(lines: usize, files: usize) -> BoxResult<PathBuf> {
    let dir = target_dir().join(format!("bench-corpus-{lines}-{files}"));
    if dir.join("EXPECTED.tsv").is_file() && list_parts(&dir)?.len() == files {
        return Ok(dir);
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
    // Written aside and renamed, so that an interrupted run leaves no corpus that looks whole.
    let partial = dir.with_extension("partial");
    if partial.exists() {
        std::fs::remove_dir_all(&partial)?;
    }
    let started = Instant::now();
    corpus::generate(&partial, lines, files, corpus::VOCAB, corpus::SEED)
        .map_err(|e| format!("cannot write the corpus into {}: {e}", partial.display()))?;
    eprintln!("  {:.2} s", started.elapsed().as_secs_f64());
    if let Some(script) = std::env::var_os("EMBER_GEN_CORPUS").filter(|s| !s.is_empty()) {
        cross_check(Path::new(&script), &partial, lines, files)?;
    }
    std::fs::rename(&partial, &dir)?;
    Ok(dir)
}

/// Runs `gen_corpus.py` (`script`) with the same arguments and checks that every file it
/// writes is byte-identical to `dir`'s.
fn cross_check(script: &Path, dir: &Path, lines: usize, files: usize) -> BoxResult<()> {
    let python = dir.with_extension("python");
    if python.exists() {
        std::fs::remove_dir_all(&python)?;
    }
    let status = Command::new("python3")
        .arg(script)
        .arg(&python)
        .args(["--lines", &lines.to_string(), "--files", &files.to_string()])
        .args(["--vocab", &corpus::VOCAB.to_string()])
        .args(["--seed", &corpus::SEED.to_string()])
        .status()
        .map_err(|e| format!("cannot run python3 {}: {e}", script.display()))?;
    if !status.success() {
        return Err(format!("{} failed ({status})", script.display()).into());
    }
    let mut names: Vec<PathBuf> = list_parts(&python)?;
    names.push(python.join("EXPECTED.tsv"));
    if list_parts(dir)?.len() != names.len() - 1 {
        return Err(format!("gen_corpus.py wrote {} files", names.len() - 1).into());
    }
    for theirs in names {
        let ours = dir.join(theirs.file_name().ok_or("a file without a name")?);
        if std::fs::read(&theirs)? != std::fs::read(&ours)? {
            return Err(format!(
                "{} differs from gen_corpus.py's {}",
                ours.display(),
                theirs.display()
            )
            .into());
        }
    }
    std::fs::remove_dir_all(&python)?;
    eprintln!("  byte-identical to {}'s", script.display());
    Ok(())
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

/// Where a child runs: process `process` of `processes`, connected through `hostfile`
/// (`host:port` a line) when there are several; processes above 0 leave what process 0
/// needs (their peak memory, the counts they hold) in `report.<process>`.
pub struct Cluster {
    /// How many processes run the engine.
    pub processes: usize,
    /// This one's index.
    pub process: usize,
    /// One `host:port` line per process.
    pub hostfile: PathBuf,
    /// Where processes above 0 report to process 0 (`.1`, `.2`... appended).
    pub report: PathBuf,
}

impl Cluster {
    /// The cluster as Ember's options say it, with `workers` workers per process.
    pub fn cluster_args(&self, workers: usize) -> ember::ClusterArgs {
        ember::ClusterArgs {
            processes: self.processes,
            process: self.process,
            hostfile: Some(self.hostfile.clone()),
            ..ember::ClusterArgs::threads(workers)
        }
    }

    /// The addresses of the hostfile, one per process (read as Ember reads it).
    fn addresses(&self) -> BoxResult<Vec<String>> {
        Ok(self.cluster_args(1).addresses()?)
    }

    /// Process `process`'s report file.
    fn report_of(&self, process: usize) -> PathBuf {
        let mut name = self.report.clone().into_os_string();
        name.push(format!(".{process}"));
        PathBuf::from(name)
    }
}

fn child_main(args: &[String]) -> BoxResult<()> {
    let mut engine = String::new();
    let mut workers = 1;
    let mut mode = "update".to_string();
    let mut dir = PathBuf::new();
    let mut split_range = false;
    let mut ui = false;
    let mut cluster = Cluster {
        processes: 1,
        process: 0,
        hostfile: PathBuf::new(),
        report: PathBuf::new(),
    };
    for arg in args {
        match arg.split_once('=') {
            Some(("engine", v)) => engine = v.to_string(),
            Some(("workers", v)) => workers = v.parse()?,
            Some(("mode", v)) => mode = v.to_string(),
            Some(("dir", v)) => dir = PathBuf::from(v),
            Some(("split", v)) => split_range = v == "range",
            Some(("ui", v)) => ui = v == "on",
            Some(("processes", v)) => cluster.processes = v.parse()?,
            Some(("process", v)) => cluster.process = v.parse()?,
            Some(("hostfile", v)) => cluster.hostfile = PathBuf::from(v),
            Some(("report", v)) => cluster.report = PathBuf::from(v),
            _ => return Err(format!("--child: unknown argument '{arg}'").into()),
        }
    }
    let files = list_parts(&dir)?;
    if files.is_empty() {
        return Err(format!("no part-*.txt files in {}", dir.display()).into());
    }
    let mut label = format!(
        "engine={engine} files={} processes={} workers={workers} mode={mode}",
        files.len(),
        cluster.processes
    );
    if ui {
        label.push_str(" ui=on");
    }
    let processes = cluster.processes;
    let cluster = (processes > 1).then_some(cluster);
    let mut outcome = match (engine.as_str(), mode.as_str()) {
        ("hashmap", "update") if workers == 1 && processes == 1 => run_hashmap(&files)?,
        ("differential-plain", "update") if processes == 1 => {
            run_differential(files.clone(), workers, false, split_range, None)?
        }
        ("differential", "update") => {
            run_differential(files.clone(), workers, true, split_range, cluster.as_ref())?
        }
        ("ember", "update" | "complete") => ember_wordcount::run(
            &dir,
            files.len(),
            workers,
            mode == "complete",
            ui,
            None,
            cluster.as_ref(),
        )?,
        ("ember-checkpoint", "update") if processes == 1 => {
            // On the same disk as the corpus; each run starts from an empty checkpoint
            // (cleared here, before the timed section).
            let checkpoint = target_dir().join(format!("bench-checkpoint-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&checkpoint);
            let outcome = ember_wordcount::run(
                &dir,
                files.len(),
                workers,
                false,
                ui,
                Some(&checkpoint),
                None,
            );
            let _ = std::fs::remove_dir_all(&checkpoint);
            outcome?
        }
        _ => return Err(format!("no such run: {label}").into()),
    };
    let mut peak_rss_mb = peak_rss_mb();
    if let Some(cluster) = &cluster {
        if cluster.process > 0 {
            return write_report(&cluster.report_of(cluster.process), peak_rss_mb, &outcome);
        }
        // Process 0 gathers the others' counts and memory (after the timed section).
        for process in 1..cluster.processes {
            let (rss, rows, counts) = read_report(&cluster.report_of(process))?;
            peak_rss_mb += rss;
            outcome.output_rows += rows;
            // Each word has one owner, so the processes' maps are disjoint.
            outcome.counts.extend(counts);
        }
    }

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
    let memory = if processes > 1 {
        format!("peak RSS {peak_rss_mb:.1} MB (the sum over {processes} processes)")
    } else {
        format!("peak RSS {peak_rss_mb:.1} MB")
    };
    println!(
        "  {:.2} M words/s, batch latency p50 {p50:.2} ms p99 {p99:.2} ms, {memory}",
        words_per_s / 1e6
    );
    println!(
        "RESULT {label} words={words} seconds={seconds:.3} words_per_s={words_per_s:.0} \
         p50_batch_ms={p50:.3} p99_batch_ms={p99:.3} peak_rss_mb={peak_rss_mb:.1} correct=yes"
    );
    Ok(())
}

/// A process above 0 hands process 0 its peak memory, its sink's row count and the counts
/// it holds: `path` holds `rss MB`, `rows N`, then `word<TAB>count` lines. Written aside and
/// renamed, so that process 0 never reads half of it.
fn write_report(path: &Path, peak_rss_mb: f64, outcome: &RunOutcome) -> BoxResult<()> {
    use std::fmt::Write as _;
    let mut text = format!("rss {peak_rss_mb}\nrows {}\n", outcome.output_rows);
    for (word, count) in &outcome.counts {
        let _ = writeln!(text, "{word}\t{count}");
    }
    let partial = path.with_extension("partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, path)?;
    Ok(())
}

/// Waits (up to a minute) for the report [`write_report`] leaves at `path`, reads it and
/// removes it: peak memory in MB, rows, counts.
fn read_report(path: &Path) -> BoxResult<(f64, u64, FxMap<String, i64>)> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let text = loop {
        match std::fs::read_to_string(path) {
            Ok(text) => break text,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("no report at {}: {e}", path.display()).into()),
        }
    };
    let _ = std::fs::remove_file(path);
    let bad = || format!("{}: a malformed report", path.display());
    let mut lines = text.lines();
    let mut field = |name: &str| {
        lines
            .next()
            .and_then(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .ok_or_else(bad)
    };
    let rss: f64 = field("rss ")?.parse().map_err(|_| bad())?;
    let rows: u64 = field("rows ")?.parse().map_err(|_| bad())?;
    let mut counts = FxMap::default();
    for line in lines {
        let (word, count) = line.rsplit_once('\t').ok_or_else(bad)?;
        counts.insert(word.to_string(), count.parse().map_err(|_| bad())?);
    }
    Ok((rss, rows, counts))
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
    cluster: Option<&Cluster>,
) -> BoxResult<RunOutcome> {
    let files = Arc::new(files);
    let work =
        move |worker: &mut Worker| differential_worker(worker, &files, preaggregate, split_range);
    let started = Instant::now();
    let guards = match cluster {
        None => {
            let config = if workers == 1 {
                timely::Config::thread()
            } else {
                timely::Config::process(workers)
            };
            timely::execute(config, work)?
        }
        Some(cluster) => {
            let sockets = connect_processes(&cluster.addresses()?, cluster.process)?;
            let hooks = timely_communication::Hooks::default();
            let process_allocators = ProcessBuilder::new_typed_vector(
                workers,
                hooks.refill.clone(),
                hooks.spill.clone(),
            );
            let (builders, guard) = initialize_networking_from_sockets(
                process_allocators,
                sockets,
                cluster.process,
                workers,
                hooks,
            )?;
            let builders = builders.into_iter().map(AllocatorBuilder::Tcp).collect();
            timely::execute::execute_from(
                builders,
                Box::new(guard),
                timely::WorkerConfig::default(),
                work,
            )?
        }
    };
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

/// Connects process `me` to every other process, as Ember's cluster does it (and with the
/// same waits, so that neither pays more for it): each process dials every lower-numbered
/// one, retrying every 20 ms, and sends its index as a big-endian `u64` (timely's
/// handshake); each accepts the higher-numbered ones, looking every 10 ms.
fn connect_processes(addresses: &[String], me: usize) -> BoxResult<Vec<Option<TcpStream>>> {
    use std::io::{ErrorKind, Read, Write};
    let deadline = Instant::now() + Duration::from_secs(60);
    let listener = TcpListener::bind(&addresses[me])?;
    let mut sockets: Vec<Option<TcpStream>> = (0..addresses.len()).map(|_| None).collect();
    for (peer, address) in addresses.iter().enumerate().take(me) {
        let mut stream = loop {
            match TcpStream::connect(address) {
                Ok(stream) => break stream,
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("process {me} cannot reach process {peer}: {e}").into())
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        };
        stream.set_nodelay(true)?;
        stream.write_all(&(me as u64).to_be_bytes())?;
        sockets[peer] = Some(stream);
    }
    listener.set_nonblocking(true)?;
    while sockets.iter().skip(me + 1).any(Option::is_none) {
        match listener.accept() {
            Ok((mut stream, _)) => {
                stream.set_nonblocking(false)?;
                stream.set_nodelay(true)?;
                let mut index = [0u8; 8];
                stream.read_exact(&mut index)?;
                let peer = u64::from_be_bytes(index) as usize;
                if peer <= me || peer >= addresses.len() {
                    return Err(format!("process {me} was dialled by process {peer}").into());
                }
                sockets[peer] = Some(stream);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(e) => return Err(format!("process {me} waiting for its peers: {e}").into()),
        }
    }
    Ok(sockets)
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
