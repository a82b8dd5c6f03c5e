//! Recovery: kill the word count at random moments (SIGKILL) and at chosen ones (failpoints:
//! after logging offsets, after the sink, in the middle of a state snapshot, after the
//! commit), restart it each time with the same checkpoint, and find at the end exactly the
//! counts `gen_corpus.py` wrote in EXPECTED.tsv: nothing lost, nothing counted twice.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::file_sink::read_back;
use crate::support::{
    exited, finish_all, kill, run_to_failpoint, start_at_scale_with_env, Lcg, Running, Scale,
};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus-20k");
const EXPECTED: &str = include_str!("../data/corpus-20k-expected.tsv");

/// The rows of the last complete table in `stdout` (a killed run may leave a torn one).
fn last_table(stdout: &str) -> BTreeMap<String, u64> {
    let batches: Vec<&str> = stdout
        .split("-------------------------------------------\nBatch: ")
        .filter(|b| b.ends_with("+\n\n"))
        .collect();
    let last = batches.last().expect("no complete batch was printed");
    last.lines()
        .filter(|l| l.starts_with('|'))
        .skip(1) // the header
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].to_string(), cells[1].parse().expect("a count"))
        })
        .collect()
}

fn expected() -> BTreeMap<String, u64> {
    EXPECTED
        .lines()
        .map(|l| {
            let (word, count) = l.split_once('\t').expect("word<TAB>count");
            (word.to_string(), count.parse().expect("a count"))
        })
        .collect()
}

/// The first new batch a restarted job will plan: one past the last batch it logged (a
/// logged batch that never committed is re-run first, under its old id).
fn next_batch(checkpoint: &str) -> u64 {
    std::fs::read_dir(format!("{checkpoint}/offsets"))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_str()?.parse::<u64>().ok())
                .map(|id| id + 1)
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
}

/// Crashes `example` (run with `args` at `scale`, checkpointing into `checkpoint`) 20 times:
/// every fifth crash at a failpoint — after logging offsets, after the sink, in the middle of
/// a state snapshot, after the commit — and the others by SIGKILL at a random moment. Stops
/// early if the job finishes first. Then runs it once more to the end; returns everything
/// process 0 printed and the number of crashes.
fn crash_repeatedly(
    example: &str,
    args: &[&str],
    checkpoint: &str,
    scale: Scale,
    seed: u64,
    stateful: bool,
) -> (String, usize) {
    // One batch per corpus file.
    let batches = std::fs::read_dir(CORPUS).unwrap().count() as u64;
    let mut printed = String::new();
    let mut rng = Lcg(seed);
    let mut crashes = 0;
    while crashes < 20 {
        let dir = tempfile::tempdir().unwrap();
        let next = next_batch(checkpoint);
        let failpoint = match crashes % 5 {
            1 => Some(("after-offsets", next)),
            2 => Some(("after-sink", next)),
            // Snapshots are taken after batches 2, 5, 8, ... (every third batch).
            3 if stateful => Some(("mid-snapshot", next + (2 - next % 3))),
            4 => Some(("after-commit", next)),
            _ => None,
        }
        .filter(|(_, batch)| *batch < batches)
        .map(|(point, batch)| format!("{point}:{batch}"));
        let finished = match &failpoint {
            Some(failpoint) => {
                let (reached, out) = run_to_failpoint(example, args, scale, dir.path(), failpoint);
                printed.push_str(&out);
                !reached
            }
            None => {
                let mut procs = start_at_scale_with_env(example, args, scale, dir.path(), &[]);
                std::thread::sleep(Duration::from_millis(3 + rng.below(40)));
                let finished = exited(&mut procs[0]);
                for p in procs {
                    printed.push_str(&kill(p));
                }
                finished
            }
        };
        if finished {
            break;
        }
        crashes += 1;
    }
    // A last run, left alone, finishes what is left (possibly nothing) and exits 0.
    let dir = tempfile::tempdir().unwrap();
    let procs = start_at_scale_with_env(example, args, scale, dir.path(), &[]);
    printed.push_str(&finish_all(procs));
    eprintln!("{example} {scale:?}: {crashes} crashes before the final run");
    assert!(
        crashes >= 8,
        "only {crashes} crashes before the job finished"
    );
    (printed, crashes)
}

fn assert_counts(got: &BTreeMap<String, u64>, what: &str) {
    let expected = expected();
    assert_eq!(got.len(), expected.len(), "{what}: distinct words");
    let wrong: Vec<_> = expected
        .iter()
        .filter(|(word, count)| got.get(*word) != Some(count))
        .take(5)
        .collect();
    assert!(wrong.is_empty(), "{what}: wrong counts {wrong:?}");
}

/// The word count over the corpus in complete mode, checkpointing into `checkpoint`, with a
/// whole snapshot every `min_deltas` batches.
fn word_count_args(checkpoint: &str, min_deltas: u64) -> Vec<String> {
    let min_deltas = format!("spark.sql.streaming.stateStore.minDeltasForSnapshot={min_deltas}");
    [
        "--path",
        CORPUS,
        "--checkpoint",
        checkpoint,
        "--output-mode",
        "complete",
        "--num-rows",
        "100000",
        "--conf",
        &min_deltas,
    ]
    .map(String::from)
    .to_vec()
}

fn crash_and_recover(scale: Scale, seed: u64) {
    let checkpoint = tempfile::tempdir().unwrap();
    let cp = checkpoint.path().to_str().unwrap().to_string();
    let args = word_count_args(&cp, 3);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (printed, crashes) = crash_repeatedly("word_count", &args, &cp, scale, seed, true);
    assert_counts(
        &last_table(&printed),
        &format!("{scale:?}, {crashes} crashes"),
    );
}

/// `file_echo` of the corpus, a file a batch, into a CSV file sink at `out`, checkpointing
/// into `checkpoint`.
fn file_echo_args<'a>(checkpoint: &'a str, out: &'a str) -> [&'a str; 10] {
    [
        "--path",
        CORPUS,
        "--checkpoint",
        checkpoint,
        "--sink",
        "csv",
        "--output",
        out,
        "--max-files-per-trigger",
        "1",
    ]
}

/// The count of every word in the committed output of the file sink at `out`.
fn words_written(out: &str) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for line in read_back(Path::new(out)) {
        for word in line.split(' ') {
            *counts.entry(word.to_string()).or_insert(0u64) += 1;
        }
    }
    counts
}

/// The file sink after crashes: the committed output files (as a reader of the directory
/// sees them, through `_spark_metadata`) hold every line exactly once.
fn file_sink_crash_and_recover(scale: Scale, seed: u64) {
    let work = tempfile::tempdir().unwrap();
    let cp = work.path().join("cp");
    let out = work.path().join("out");
    let (cp, out) = (cp.to_str().unwrap(), out.to_str().unwrap());
    let args = file_echo_args(cp, out);
    let (_, crashes) = crash_repeatedly("file_echo", &args, cp, scale, seed, false);
    let counts = words_written(out);
    assert_counts(&counts, &format!("file sink, {scale:?}, {crashes} crashes"));
}

#[test]
fn file_sink_is_exactly_once_across_crashes_one_worker() {
    file_sink_crash_and_recover(Scale::Workers(1), 11);
}

#[test]
fn file_sink_is_exactly_once_across_crashes_two_workers() {
    file_sink_crash_and_recover(Scale::Workers(2), 12);
}

#[test]
fn file_sink_is_exactly_once_across_crashes_two_processes() {
    file_sink_crash_and_recover(Scale::Processes(2, 1), 13);
}

#[test]
fn word_count_survives_crashes_one_worker() {
    crash_and_recover(Scale::Workers(1), 1);
}

#[test]
fn word_count_survives_crashes_two_workers() {
    crash_and_recover(Scale::Workers(2), 2);
}

#[test]
fn word_count_survives_crashes_two_processes() {
    crash_and_recover(Scale::Processes(2, 1), 3);
}

/// Between whole snapshots, the checkpoint takes deltas (the keys each batch changed), and a
/// restart restores the whole snapshot and the deltas after it instead of re-running those
/// batches: the offsets of the batches the deltas cover are deleted, and the counts still
/// come out exact — at 1 and 2 workers and 2 processes (where the deltas' parts are written
/// by other processes).
fn restores_from_deltas(scale: Scale) {
    let checkpoint = tempfile::tempdir().unwrap();
    let cp = checkpoint.path().to_str().unwrap().to_string();
    let args = word_count_args(&cp, 100);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let (reached, _) = run_to_failpoint("word_count", &args, scale, dir.path(), "after-commit:8");
    assert!(reached, "{scale:?}: the job ended before batch 8");
    let marker = |batch: u64| std::fs::read_to_string(format!("{cp}/state/{batch}/_COMPLETE"));
    // Batch 0's snapshot is whole (the first of a run), the next ones are deltas; the delta
    // markers are written in the background, so the last few may not be there yet.
    assert_eq!(
        marker(0).unwrap(),
        format!("{{\"parts\":{}}}", scale.workers())
    );
    let deltas: Vec<u64> = (1..8).take_while(|b| marker(*b).is_ok()).collect();
    assert!(deltas.len() >= 3, "{scale:?}: deltas {deltas:?}");
    for batch in &deltas {
        let expected = format!("{{\"parts\":{},\"delta\":true}}", scale.workers());
        assert_eq!(marker(*batch).unwrap(), expected, "batch {batch}");
        // A restart that re-ran this batch would need its offsets.
        std::fs::remove_file(format!("{cp}/offsets/{batch}")).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let procs = start_at_scale_with_env("word_count", &args, scale, dir.path(), &[]);
    let printed = finish_all(procs);
    assert_counts(&last_table(&printed), &format!("{scale:?}, from deltas"));
}

#[test]
fn a_restart_restores_deltas_at_every_scale() {
    for scale in [Scale::Workers(1), Scale::Workers(2), Scale::Processes(2, 1)] {
        restores_from_deltas(scale);
    }
}

/// A state write that fails (the failpoint `state-write` fails every worker's part of batch
/// 2's delta) stops the query with the write's error at the next batch, which is never
/// committed; a restart then finds the counts exact: nothing committed was lost.
fn a_failed_state_write_stops_the_query(scale: Scale) {
    let checkpoint = tempfile::tempdir().unwrap();
    let cp = checkpoint.path().to_str().unwrap().to_string();
    let args = word_count_args(&cp, 100);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let env = [("EMBER_FAILPOINT", "state-write:2")];
    let procs = start_at_scale_with_env("word_count", &args, scale, dir.path(), &env);
    let mut outputs = procs.into_iter().map(Running::finish);
    let (code, _, stderr) = outputs.next().unwrap();
    assert_eq!(code, Some(1), "{scale:?}: {stderr}");
    let last = stderr.lines().last().unwrap_or("");
    assert!(
        last.starts_with("error: [STREAM_FAILED] Query [id = ")
            && last.contains(
                "part of the state of batch 2: a write error injected by the failpoint \
                 state-write"
            ),
        "{scale:?}: {stderr}"
    );
    for (code, _, stderr) in outputs {
        assert!(code.is_some(), "{scale:?}: a process was killed: {stderr}");
    }
    let failed = next_batch(&cp) - 1;
    assert!(failed > 2, "{scale:?}: batch {failed} failed");
    assert!(
        !Path::new(&format!("{cp}/commits/{failed}")).exists(),
        "{scale:?}: the failed batch {failed} was committed"
    );
    let dir = tempfile::tempdir().unwrap();
    let procs = start_at_scale_with_env("word_count", &args, scale, dir.path(), &[]);
    let printed = finish_all(procs);
    assert_counts(
        &last_table(&printed),
        &format!("{scale:?}, after a failed write"),
    );
}

#[test]
fn a_failed_state_write_stops_the_query_at_every_scale() {
    for scale in [Scale::Workers(1), Scale::Workers(2), Scale::Processes(2, 1)] {
        a_failed_state_write_stops_the_query(scale);
    }
}

/// The driver runs ahead and logs a batch's offsets as soon as it plans it, so a batch can
/// be written to the sink while the next one is logged (durably) and neither is committed.
/// The failpoint `logged-ahead` crashes there; a restart re-runs every batch logged after
/// the last commit with exactly its logged offsets: the counts come out exact, and the file
/// sink holds every line once.
fn crash_with_batches_logged_ahead(scale: Scale) {
    let work = tempfile::tempdir().unwrap();
    let cp = work.path().join("cp");
    let cp = cp.to_str().unwrap();
    let args = word_count_args(cp, 3);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let (reached, _) = run_to_failpoint("word_count", &args, scale, dir.path(), "logged-ahead:4");
    assert!(reached, "{scale:?}: the job ended before batch 4");
    let exists = |what: &str| Path::new(&format!("{cp}/{what}")).exists();
    assert!(exists("offsets/5"), "{scale:?}: batch 5 was not logged");
    assert!(!exists("commits/4"), "{scale:?}: batch 4 was committed");
    let dir = tempfile::tempdir().unwrap();
    let procs = start_at_scale_with_env("word_count", &args, scale, dir.path(), &[]);
    let printed = finish_all(procs);
    assert_counts(
        &last_table(&printed),
        &format!("{scale:?}, after batches logged ahead"),
    );

    let (cp, out) = (work.path().join("cp-echo"), work.path().join("out"));
    let (cp, out) = (cp.to_str().unwrap(), out.to_str().unwrap());
    let args = file_echo_args(cp, out);
    let dir = tempfile::tempdir().unwrap();
    let (reached, _) = run_to_failpoint("file_echo", &args, scale, dir.path(), "logged-ahead:4");
    assert!(reached, "{scale:?}: file_echo ended before batch 4");
    assert!(Path::new(&format!("{cp}/offsets/5")).exists());
    let dir = tempfile::tempdir().unwrap();
    let procs = start_at_scale_with_env("file_echo", &args, scale, dir.path(), &[]);
    finish_all(procs);
    let counts = words_written(out);
    assert_counts(&counts, &format!("file sink, {scale:?}, logged ahead"));
}

#[test]
fn batches_logged_ahead_of_the_last_commit_are_re_run_at_every_scale() {
    for scale in [Scale::Workers(1), Scale::Workers(2), Scale::Processes(2, 1)] {
        crash_with_batches_logged_ahead(scale);
    }
}
