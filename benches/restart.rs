//! Restart cost follows the state, not the history.
//!
//! ```sh
//! cargo bench --bench restart
//! ```
//!
//! Runs a checkpointed word count over 100,000 and then 1,000,000 lines of history that hold
//! the same 50,000 distinct words, stops it, adds a one-line file, and times the restart: from
//! `start()` to the new batch reaching the sink (loading the state snapshot included). With
//! restart cost proportional to state, both times are about equal although the history
//! differs tenfold.
//!
//! Then the same with a history of many files: 1,000 and then 10,000 one-line files, taken 10
//! a batch (100 and 1,000 batches), whose file source must remember every file it took. The
//! checkpoint folds the source's log as batches age out, so a restart reads a bounded number
//! of entries: both times are about equal again.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use ember::expr::{col, explode, split};
use ember::{ClusterArgs, DataFrame, Row, Session, Trigger};

const VOCAB: u64 = 50_000;

fn main() -> ember::Result<()> {
    for workers in [1, 2] {
        for lines in [100_000, 1_000_000] {
            run(lines, workers)?;
        }
    }
    for workers in [1, 2] {
        for files in [1_000, 10_000] {
            run_files(files, workers)?;
        }
    }
    Ok(())
}

/// The restart of a word count that has taken `files` one-line files, 10 a batch.
fn run_files(files: usize, workers: usize) -> ember::Result<()> {
    let dir = tempfile::tempdir().map_err(|e| ember::Error::io("tempdir", e))?;
    let input = dir.path().join("in");
    let cp = dir.path().join("cp");
    std::fs::create_dir(&input).map_err(|e| ember::Error::io(&input, e))?;
    for file in 0..files {
        let path = input.join(format!("part-{file:05}.txt"));
        let text = format!("w{}\n", file as u64 % VOCAB);
        std::fs::write(&path, text).map_err(|e| ember::Error::io(&path, e))?;
    }
    let query = |input: &std::path::Path| -> ember::Result<DataFrame> {
        Session::builder()
            .cluster(ClusterArgs::threads(workers))
            .get_or_create()?
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", 10)
            .load_path(input)?
            .group_by([col("value")])?
            .count()
    };
    let history = Instant::now();
    query(&input)?
        .write_stream()
        .output_mode("update")
        .option("checkpointLocation", cp.display())
        .trigger(Trigger::AvailableNow)
        .foreach_batch(|_, _| Ok(()))
        .start()?
        .await_termination()?;
    let history = history.elapsed();
    let path = input.join("part-new.txt");
    std::fs::write(&path, "brand-new\n").map_err(|e| ember::Error::io(&path, e))?;
    let (id, rows, restart) = time_restart(query(&input)?, &cp)?;
    assert_eq!((id, rows), ((files / 10) as u64, 1), "the new file alone");
    let log_entries = std::fs::read_dir(cp.join("sources").join("0"))
        .map(|entries| entries.count())
        .unwrap_or(0);
    println!(
        "RESULT engine=ember bench=restart_files workers={workers} history_files={files} \
         batches={} history_s={:.2} restart_ms={:.1} source_log_entries={log_entries} correct=yes",
        files / 10,
        history.as_secs_f64(),
        restart.as_secs_f64() * 1e3
    );
    Ok(())
}

fn counts(dir: &std::path::Path, workers: usize) -> ember::Result<DataFrame> {
    Session::builder()
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()?
        .read_stream()
        .text(dir)?
        .select([explode(split(col("value"), " ")).alias("word")])?
        .group_by([col("word")])?
        .count()
}

fn run(lines: u64, workers: usize) -> ember::Result<()> {
    let dir = tempfile::tempdir().map_err(|e| ember::Error::io("tempdir", e))?;
    let input = dir.path().join("in");
    let cp = dir.path().join("cp");
    std::fs::create_dir(&input).map_err(|e| ember::Error::io(&input, e))?;
    let mut seed = 42u64;
    for file in 0..10 {
        let mut text = String::new();
        for _ in 0..lines / 10 {
            for w in 0..8 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                if w > 0 {
                    text.push(' ');
                }
                text.push_str(&format!("w{}", (seed >> 33) % VOCAB));
            }
            text.push('\n');
        }
        let path = input.join(format!("part-{file:02}.txt"));
        std::fs::write(&path, text).map_err(|e| ember::Error::io(&path, e))?;
    }
    let history = Instant::now();
    counts(&input, workers)?
        .write_stream()
        .output_mode("update")
        .option("checkpointLocation", cp.display())
        .trigger(Trigger::AvailableNow)
        .foreach_batch(|_, _| Ok(()))
        .start()?
        .await_termination()?;
    let history = history.elapsed();

    let path = input.join("part-new.txt");
    std::fs::write(&path, "w7 brand-new\n").map_err(|e| ember::Error::io(&path, e))?;
    let (id, rows, restart) = time_restart(counts(&input, workers)?, &cp)?;
    assert_eq!(
        (id, rows),
        (1, 2),
        "the new batch: w7 updated, brand-new added"
    );
    let state_bytes: u64 = walk(&cp.join("state"));
    println!(
        "RESULT engine=ember bench=restart workers={workers} history_lines={lines} \
         groups={VOCAB} history_s={:.2} restart_ms={:.1} state_bytes={state_bytes} correct=yes",
        history.as_secs_f64(),
        restart.as_secs_f64() * 1e3
    );
    Ok(())
}

fn walk(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => walk(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Restarts `query` from checkpoint `cp` and times it: from `start()` to its first batch
/// reaching the sink. Returns that batch's id, its row count, and the time.
fn time_restart(query: DataFrame, cp: &std::path::Path) -> ember::Result<(u64, usize, Duration)> {
    let (tx, rx) = mpsc::channel();
    let began = Instant::now();
    let running = query
        .write_stream()
        .output_mode("update")
        .option("checkpointLocation", cp.display())
        .foreach_batch(move |id, rows: &[Row]| {
            let _ = tx.send((id, rows.len(), Instant::now()));
            Ok(())
        })
        .start()?;
    let (id, rows, at) = rx
        .recv_timeout(Duration::from_secs(300))
        .expect("the restarted query ran no batch");
    running.stop()?;
    Ok((id, rows, at.duration_since(began)))
}
