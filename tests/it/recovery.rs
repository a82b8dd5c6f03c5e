//! Recovery: kill the word count at random moments (SIGKILL) and at chosen ones (failpoints:
//! after logging offsets, after the sink, in the middle of a state snapshot, after the
//! commit), restart it each time with the same checkpoint, and find at the end exactly the
//! counts `gen_corpus.py` wrote in EXPECTED.tsv: nothing lost, nothing counted twice.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::support::{exited, finish_all, kill, start_at_scale_with_env, Scale, PATIENCE};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus-20k");
const EXPECTED: &str = include_str!("../data/corpus-20k-expected.tsv");

/// A small deterministic generator (64-bit LCG), so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

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

fn crash_and_recover(scale: Scale, seed: u64) {
    let checkpoint = tempfile::tempdir().unwrap();
    let cp = checkpoint.path().to_str().unwrap().to_string();
    let args = [
        "--path",
        CORPUS,
        "--checkpoint",
        &cp,
        "--output-mode",
        "complete",
        "--num-rows",
        "100000",
        "--conf",
        "spark.sql.streaming.stateStore.minDeltasForSnapshot=3",
    ];
    let mut printed = String::new();
    let mut crashes = 0;

    // Crashes at chosen moments: each run aborts at its failpoint.
    for failpoint in [
        "after-offsets:1",
        "after-sink:3",
        "mid-snapshot:5",
        "after-commit:8",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let env = [("EMBER_FAILPOINT", failpoint)];
        let mut procs = start_at_scale_with_env("word_count", &args, scale, dir.path(), &env);
        let deadline = Instant::now() + PATIENCE;
        while !exited(&mut procs[0]) {
            assert!(Instant::now() < deadline, "{failpoint} was never reached");
            std::thread::sleep(Duration::from_millis(5));
        }
        for p in procs {
            printed.push_str(&kill(p));
        }
        crashes += 1;
    }

    // Crashes at random moments, until 20 in all or the job finishes before a kill.
    let mut rng = Lcg(seed);
    while crashes < 20 {
        let dir = tempfile::tempdir().unwrap();
        let mut procs = start_at_scale_with_env("word_count", &args, scale, dir.path(), &[]);
        std::thread::sleep(Duration::from_millis(20 + rng.below(400)));
        let finished = exited(&mut procs[0]);
        for p in procs {
            printed.push_str(&kill(p));
        }
        if finished {
            break;
        }
        crashes += 1;
    }

    // A last run, left alone, finishes what is left (possibly nothing) and exits 0.
    let dir = tempfile::tempdir().unwrap();
    let procs = start_at_scale_with_env("word_count", &args, scale, dir.path(), &[]);
    printed.push_str(&finish_all(procs));
    eprintln!("{scale:?}: {crashes} crashes before the final run");
    assert!(crashes >= 4, "only {crashes} crashes");
    let got = last_table(&printed);
    let expected = expected();
    assert_eq!(
        got.len(),
        expected.len(),
        "{scale:?}: distinct words after {crashes} crashes"
    );
    let wrong: Vec<_> = expected
        .iter()
        .filter(|(word, count)| got.get(*word) != Some(count))
        .take(5)
        .collect();
    assert!(
        wrong.is_empty(),
        "{scale:?}: after {crashes} crashes, wrong counts {wrong:?}"
    );
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
