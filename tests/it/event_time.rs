//! Event time: tumbling and sliding windows, watermarks, late rows, finalization in append
//! mode, and state that stays bounded on an endless stream.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ember::expr::{col, window};
use ember::{ClusterArgs, Row, Session, Trigger};

use crate::support::{
    at_every_scale, finish_all, run_then_restart, run_to_failpoint, start_at_scale, write_file,
    write_files, Captured, Scale,
};

fn batch(id: u64, rows: &[&str]) -> String {
    windowed_batch("window", id, rows)
}

/// Batch `id` of `windowed_count` (truncate off) whose window column is `key` (`window` or
/// `session_window`) and whose rows (`|window|word|count|` lines, 4-letter words) are `rows`.
pub(crate) fn windowed_batch(key: &str, id: u64, rows: &[&str]) -> String {
    windowed_batch_with_word_width(key, id, rows, "word".len())
}

/// [`windowed_batch`] with a `word` column `width` characters wide.
pub(crate) fn windowed_batch_with_word_width(
    key: &str,
    id: u64,
    rows: &[&str],
    width: usize,
) -> String {
    let word = "-".repeat(width);
    if rows.is_empty() {
        let dashes = "-".repeat(key.len());
        let line = format!("+{dashes}+{word}+-----+\n");
        let empty = format!("{line}|{key}|{:<width$}|count|\n{line}{line}", "word");
        return crate::support::console_batch(id, &empty);
    }
    let line = format!("+------------------------------------------+{word}+-----+\n");
    let mut table = format!("{line}|{key:<42}|{:<width$}|count|\n{line}", "word");
    for row in rows {
        table.push_str(row);
        table.push('\n');
    }
    table.push_str(&line);
    crate::support::console_batch(id, &table)
}

/// The shipped events (`data/events`): four files, one batch each, as PySpark 4.3 printed
/// them with `availableNow` (no no-data batch between files, one at the end only when the
/// watermark moved). The 10:01 `late` row in batch 3 is judged by the previous batch's
/// watermark (10:03): its window [10:00, 10:10) is open, so it counts, and the window is final
/// at the end of that same batch (watermark 10:15).
#[test]
fn tumbling_windows_in_append_mode_emit_each_window_once_when_final() {
    let expected = [
        batch(0, &[]),
        batch(1, &[]),
        batch(2, &[]),
        batch(
            3,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |2    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |2    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|late|1    |",
            ],
        ),
        batch(
            4,
            &["|{2026-01-01 10:10:00, 2026-01-01 10:20:00}|owl |1    |"],
        ),
    ]
    .concat();
    at_every_scale("windowed_count", &[], &expected);
}

/// Stateless operators may follow the windowed aggregation in append mode (as in Spark): the
/// filter sees each window once, final. The `late` and owl windows, with one event, are
/// filtered out.
#[test]
fn a_filter_after_the_windowed_aggregation_sees_final_windows_in_append_mode() {
    let mut expected: Vec<String> = (0..5).map(|id| batch(id, &[])).collect();
    expected[3] = batch(
        3,
        &[
            "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |2    |",
            "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |2    |",
        ],
    );
    at_every_scale("windowed_count", &["--min-count", "2"], &expected.concat());
}

/// Update mode (PySpark 4.3, `availableNow`): each batch shows the windows it changed.
#[test]
fn tumbling_windows_in_update_mode_emit_changed_windows() {
    let expected = [
        batch(
            0,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |1    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |1    |",
            ],
        ),
        batch(
            1,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |2    |",
                "|{2026-01-01 10:10:00, 2026-01-01 10:20:00}|owl |1    |",
            ],
        ),
        batch(
            2,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |2    |",
                "|{2026-01-01 10:20:00, 2026-01-01 10:30:00}|cat |1    |",
            ],
        ),
        batch(
            3,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|late|1    |",
                "|{2026-01-01 10:30:00, 2026-01-01 10:40:00}|owl |1    |",
            ],
        ),
        batch(4, &[]),
    ]
    .concat();
    at_every_scale("windowed_count", &["--output-mode", "update"], &expected);
}

/// Events whose last file holds a row (10:01) whose window closed two batches earlier, as
/// PySpark 4.3 ran them (`late.py` in the notes): batch 2 finalizes [10:00, 10:10) at
/// watermark 10:20, so in batch 3 (late by that watermark) the row changes nothing and is
/// counted as dropped.
const CLOSED_WINDOW_EVENTS: [&str; 4] = [
    "2026-01-01 10:02:00,cat\n",
    "2026-01-01 10:30:00,owl\n",
    "2026-01-01 10:31:00,owl\n",
    "2026-01-01 10:01:00,late\n2026-01-01 10:25:00,cat\n",
];

fn closed_window_events() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".csv", &CLOSED_WINDOW_EVENTS);
    data
}

#[test]
fn a_row_whose_window_closed_changes_nothing() {
    let data = closed_window_events();
    let path = data.path().to_str().unwrap();
    let update = [
        batch(
            0,
            &["|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |1    |"],
        ),
        batch(
            1,
            &["|{2026-01-01 10:30:00, 2026-01-01 10:40:00}|owl |1    |"],
        ),
        batch(
            2,
            &["|{2026-01-01 10:30:00, 2026-01-01 10:40:00}|owl |2    |"],
        ),
        batch(
            3,
            &["|{2026-01-01 10:20:00, 2026-01-01 10:30:00}|cat |1    |"],
        ),
    ]
    .concat();
    let append = [
        batch(0, &[]),
        batch(1, &[]),
        batch(
            2,
            &["|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |1    |"],
        ),
        batch(3, &[]),
    ]
    .concat();
    for (mode, expected) in [("update", update), ("append", append)] {
        let args = ["--path", path, "--output-mode", mode];
        at_every_scale("windowed_count", &args, &expected);
    }
}

/// Sliding windows (10 minutes every 5) in update mode, as PySpark 4.3 printed them with
/// `availableNow`: a row counts in both windows that hold it; the 10:01 row in batch 3, on
/// time by the previous batch's watermark (10:03), counts in [09:55, 10:05) and
/// [10:00, 10:10).
#[test]
fn sliding_windows_count_a_row_in_every_window_it_falls_in() {
    let expected = [
        batch(
            0,
            &[
                "|{2026-01-01 09:55:00, 2026-01-01 10:05:00}|cat |1    |",
                "|{2026-01-01 09:55:00, 2026-01-01 10:05:00}|dog |1    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |1    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |1    |",
            ],
        ),
        batch(
            1,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |2    |",
                "|{2026-01-01 10:05:00, 2026-01-01 10:15:00}|cat |1    |",
                "|{2026-01-01 10:05:00, 2026-01-01 10:15:00}|owl |1    |",
                "|{2026-01-01 10:10:00, 2026-01-01 10:20:00}|owl |1    |",
            ],
        ),
        batch(
            2,
            &[
                "|{2026-01-01 09:55:00, 2026-01-01 10:05:00}|dog |2    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |2    |",
                "|{2026-01-01 10:20:00, 2026-01-01 10:30:00}|cat |1    |",
                "|{2026-01-01 10:25:00, 2026-01-01 10:35:00}|cat |1    |",
            ],
        ),
        batch(
            3,
            &[
                "|{2026-01-01 09:55:00, 2026-01-01 10:05:00}|late|1    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|late|1    |",
                "|{2026-01-01 10:25:00, 2026-01-01 10:35:00}|owl |1    |",
                "|{2026-01-01 10:30:00, 2026-01-01 10:40:00}|owl |1    |",
            ],
        ),
        batch(4, &[]),
    ]
    .concat();
    let args = ["--output-mode", "update", "--slide", "5 minutes"];
    at_every_scale("windowed_count", &args, &expected);
}

/// Sliding windows in append mode, as PySpark 4.3 printed them with `availableNow`: each
/// window once, at the end of the batch whose watermark passes its end (batch 3 at 10:15: the
/// windows up to [10:05, 10:15), with the 10:01 row, on time by the previous watermark).
#[test]
fn sliding_windows_in_append_mode_emit_each_window_once_when_final() {
    let expected = [
        batch(0, &[]),
        batch(1, &[]),
        batch(2, &[]),
        batch(
            3,
            &[
                "|{2026-01-01 09:55:00, 2026-01-01 10:05:00}|cat |1    |",
                "|{2026-01-01 09:55:00, 2026-01-01 10:05:00}|dog |2    |",
                "|{2026-01-01 09:55:00, 2026-01-01 10:05:00}|late|1    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |2    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |2    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|late|1    |",
                "|{2026-01-01 10:05:00, 2026-01-01 10:15:00}|cat |1    |",
                "|{2026-01-01 10:05:00, 2026-01-01 10:15:00}|owl |1    |",
            ],
        ),
        batch(
            4,
            &["|{2026-01-01 10:10:00, 2026-01-01 10:20:00}|owl |1    |"],
        ),
    ]
    .concat();
    at_every_scale("windowed_count", &["--slide", "5 minutes"], &expected);
}

/// A stop right after a batch that finalized windows, and a restart at another scale: the
/// snapshot leaves out the windows already emitted, so they are not emitted again, and the
/// late 10:01 row (its window closed at watermark 10:15) is dropped.
#[test]
fn final_windows_stay_final_across_a_restart_at_another_scale() {
    let files: Vec<String> = (0..4)
        .map(|i| std::fs::read_to_string(format!("{}/part-{i}.csv", events_dir())).unwrap())
        .collect();
    let first_part = [
        batch(0, &[]),
        batch(1, &[]),
        batch(2, &[]),
        batch(
            3,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |2    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |2    |",
            ],
        ),
    ]
    .concat();
    let second_part = [
        batch(4, &[]),
        batch(
            5,
            &["|{2026-01-01 10:10:00, 2026-01-01 10:20:00}|owl |1    |"],
        ),
    ]
    .concat();
    for scales in [
        (Scale::Workers(1), Scale::Workers(2)),
        (Scale::Processes(2, 2), Scale::Workers(1)),
    ] {
        let (out_first, out_second) = run_then_restart(
            "windowed_count",
            &[],
            scales,
            |data| write_files(data, "part-", ".csv", &files[..3]),
            |data| write_file(data, "part-3.csv", &files[3], 10),
        );
        assert_eq!(out_first, first_part, "{scales:?}");
        assert_eq!(out_second, second_part, "{scales:?}");
    }
}

/// A restart with no new input after a query that ran to its end: the last batch was the
/// no-data batch of the final watermark, so nothing is due and no batch runs (Spark too runs
/// no no-data batch right after a restart), however many batches before it moved the
/// watermark when they were re-run.
#[test]
fn a_restart_with_no_new_input_runs_no_batch() {
    let files: Vec<String> = (0..4)
        .map(|i| std::fs::read_to_string(format!("{}/part-{i}.csv", events_dir())).unwrap())
        .collect();
    for scales in [
        (Scale::Workers(2), Scale::Workers(1)),
        (Scale::Workers(1), Scale::Processes(2, 2)),
    ] {
        let (out_first, out_second) = run_then_restart(
            "windowed_count",
            &[],
            scales,
            |data| write_files(data, "part-", ".csv", &files),
            |_| {},
        );
        assert!(out_first.contains("Batch: 4\n"), "{scales:?}: {out_first}");
        assert_eq!(out_second, "", "{scales:?}");
    }
}

/// Rows are late by the previous batch's watermark also in the first batch after a restart
/// from a snapshot: 10:35 comes after the watermark moved to 10:40 (batch 1's rows) but is
/// not late in batch 2, which batch 1's watermark (10:20) judges; so window 10:30-10:40 holds
/// it when batch 2 finalizes it. The first run snapshots every batch and crashes once batch
/// 2 is written, before its commit; the restart restores batch 1's snapshot and runs batch 2
/// again (as Spark runs the uncommitted batch again).
#[test]
fn rows_are_late_by_the_previous_batch_watermark_after_a_restart() {
    let expected = batch(
        2,
        &[
            "|{2026-01-01 10:30:00, 2026-01-01 10:40:00}|cat |1    |",
            "|{2026-01-01 10:30:00, 2026-01-01 10:40:00}|owl |1    |",
        ],
    );
    for scale in [Scale::Workers(1), Scale::Workers(2), Scale::Processes(2, 2)] {
        let data = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let checkpoint = dir.path().join("checkpoint");
        let texts = [
            "2026-01-01 10:30:00,cat\n",
            "2026-01-01 10:50:00,dog\n",
            "2026-01-01 10:35:00,owl\n",
        ];
        write_files(data.path(), "part-", ".csv", &texts);
        let args = [
            "--path",
            data.path().to_str().unwrap(),
            "--checkpoint",
            checkpoint.to_str().unwrap(),
            "--conf",
            "spark.sql.streaming.stateStore.minDeltasForSnapshot=1",
        ];
        let (reached, first) =
            run_to_failpoint("windowed_count", &args, scale, dir.path(), "after-sink:2");
        assert!(reached, "{scale:?}: {first}");
        assert!(first.ends_with(&expected), "{scale:?}: {first}");
        let second = finish_all(start_at_scale("windowed_count", &args, scale, dir.path()));
        assert_eq!(second, expected, "{scale:?}");
    }
}

/// The shipped events arriving one file at a time under a processing-time trigger, as
/// PySpark 4.3 printed them (notes: run5, "incremental"): each file's batch is followed by a
/// no-data batch, as the watermark moved and no new data waits; the 10:01 row in batch 6 is
/// late by the previous batch's watermark (10:15), and dropped.
#[test]
fn files_arriving_one_at_a_time_get_a_no_data_batch_after_each() {
    let expected = [
        batch(0, &[]),
        batch(1, &[]),
        batch(2, &[]),
        batch(3, &[]),
        batch(4, &[]),
        batch(
            5,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |2    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |2    |",
            ],
        ),
        batch(6, &[]),
        batch(
            7,
            &["|{2026-01-01 10:10:00, 2026-01-01 10:20:00}|owl |1    |"],
        ),
    ]
    .concat();
    for workers in [1, 2] {
        let data = tempfile::tempdir().unwrap();
        let out = Captured::default();
        let key = window(col("ts"), "10 minutes", None);
        let query = windowed_counts(data.path(), key, workers)
            .write_stream()
            .output_mode("append")
            .option("truncate", false)
            .trigger(Trigger::processing_time("50 milliseconds"))
            .console_writer(out.clone())
            .start()
            .unwrap();
        for i in 0..4u64 {
            let text = std::fs::read_to_string(format!("{}/part-{i}.csv", events_dir())).unwrap();
            write_file(data.path(), &format!("part-{i}.csv"), &text, i);
            // The file's batch, then the no-data batch.
            let deadline = Instant::now() + Duration::from_secs(30);
            while query.batches_completed() < 2 * (i + 1) {
                assert!(Instant::now() < deadline, "batch {} did not run", 2 * i + 1);
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        query.stop().unwrap();
        assert_eq!(out.text(), expected, "{workers} workers");
    }
}

fn events_dir() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/events")
}

/// `windowed_count`'s query (10-minute watermark, `key` and `word` as keys) over the CSV
/// files in `dir`, one a batch, on `workers` workers.
fn windowed_counts(dir: &std::path::Path, key: ember::Expr, workers: usize) -> ember::DataFrame {
    Session::builder()
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()
        .unwrap()
        .read_stream()
        .format("csv")
        .schema("ts TIMESTAMP, word STRING")
        .option("maxFilesPerTrigger", 1)
        .load_path(dir)
        .unwrap()
        .with_watermark("ts", "10 minutes")
        .unwrap()
        .group_by([key, col("word")])
        .unwrap()
        .count()
        .unwrap()
}

/// The progress of [`windowed_counts`] in `mode` with `Trigger::AvailableNow`.
pub(crate) fn windowed_progress(
    dir: &std::path::Path,
    key: ember::Expr,
    mode: &str,
    workers: usize,
) -> Vec<ember::StreamingQueryProgress> {
    let query = windowed_counts(dir, key, workers)
        .write_stream()
        .output_mode(mode)
        .trigger(Trigger::AvailableNow)
        .foreach_batch(|_, _| Ok(()))
        .start()
        .unwrap();
    query.await_termination().unwrap();
    query.recent_progress()
}

/// The windows held after each batch over the shipped events, as PySpark 4.3 reported them
/// (`numRowsTotal`, `availableNow`): final windows leave at the end of their batch.
#[test]
fn the_state_held_after_each_batch_is_reported() {
    for workers in [1, 2] {
        let key = window(col("ts"), "10 minutes", None);
        for mode in ["update", "append"] {
            let progress = windowed_progress(events_dir().as_ref(), key.clone(), mode, workers);
            let state: Vec<u64> = progress.iter().map(|p| p.state_rows()).collect();
            assert_eq!(state, [2, 3, 4, 3, 2], "{mode}, {workers} workers");
        }
    }
}

#[test]
fn late_rows_are_counted_as_dropped_and_the_watermark_is_reported() {
    let data = closed_window_events();
    for workers in [1, 2] {
        let key = window(col("ts"), "10 minutes", None);
        let progress = windowed_progress(data.path(), key, "update", workers);
        let minute = 60_000_000i64;
        let base = 1_767_261_600_000_000i64; // 2026-01-01 10:00:00 UTC
        let watermarks: Vec<Option<i64>> = progress
            .iter()
            .map(|p| p.watermark_ms().map(|ms| ms * 1000))
            .collect();
        // As PySpark 4.3 reported them (`eventTime.watermark`, `numRowsDroppedByWatermark`).
        assert_eq!(
            watermarks,
            [
                Some(0),
                Some(base - 8 * minute),
                Some(base + 20 * minute),
                Some(base + 21 * minute),
            ]
        );
        let dropped: Vec<u64> = progress
            .iter()
            .map(|p| p.rows_dropped_by_watermark())
            .collect();
        assert_eq!(dropped, [0, 0, 0, 1], "{workers} workers");
    }
}

#[test]
fn state_stays_bounded_while_millions_of_rows_pass() {
    let spark = Session::builder()
        .cluster(ClusterArgs::threads(2))
        .get_or_create()
        .unwrap();
    let counts = spark
        .read_stream()
        .format("rate")
        .option("rowsPerSecond", 50_000)
        .option("ember.startTimeMs", 0)
        .option("ember.secondsPerBatch", 2)
        .load()
        .unwrap()
        .with_watermark("timestamp", "10 seconds")
        .unwrap()
        .group_by([window(col("timestamp"), "5 seconds", None)])
        .unwrap()
        .count()
        .unwrap();
    let seen = Arc::new(Mutex::new(0u64));
    let sink = seen.clone();
    let query = counts
        .write_stream()
        .output_mode("append")
        .foreach_batch(move |_, rows: &[Row]| {
            *sink.lock().unwrap() += rows.len() as u64;
            Ok(())
        })
        .start()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    let second = 1_000_000i64;
    let (mut max_state, mut watermark) = (0, 0);
    // Run until the watermark reaches 2 minutes of event time: 6,000,000 rows.
    while watermark < 120 * second {
        assert!(Instant::now() < deadline, "too slow: watermark {watermark}");
        for p in query.recent_progress() {
            max_state = max_state.max(p.state_rows());
            watermark = watermark.max(p.watermark_ms().unwrap_or(0) * 1000);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    query.stop().unwrap();
    let rows = (watermark / second + 10) * 50_000;
    let emitted = *seen.lock().unwrap();
    eprintln!("{rows} rows passed; at most {max_state} windows held; {emitted} windows emitted");
    // 5-second windows, 10 seconds of lateness, 2 seconds a batch: at most 4 windows are
    // ever open, however many rows pass.
    assert!(max_state <= 4, "state grew to {max_state} windows");
    // Every window that ended at or before the watermark seen was emitted (batches that ran
    // after that look may have emitted more).
    assert!(
        emitted >= (watermark / (5 * second)) as u64,
        "{emitted} windows emitted"
    );
}

#[test]
fn bad_event_time_queries_are_refused_with_clear_errors() {
    let spark = Session::builder().get_or_create().unwrap();
    let events = spark
        .read_stream()
        .format("csv")
        .schema("ts TIMESTAMP, word STRING")
        .load_path(events_dir())
        .unwrap();
    let err = events
        .with_watermark("nope", "10 minutes")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope` cannot be resolved."), "{err}");
    let err = events
        .with_watermark("ts", "10 minuts")
        .unwrap_err()
        .to_string();
    assert!(err.contains("Invalid unit minuts"), "{err}");
    let err = events
        .group_by([window(col("ts"), "10 minuts", None)])
        .unwrap()
        .count()
        .unwrap_err()
        .to_string();
    assert!(err.contains("Invalid unit minuts"), "{err}");
    let err = events
        .group_by([window(col("word"), "10 minutes", None)])
        .unwrap()
        .count()
        .unwrap_err()
        .to_string();
    assert!(err.contains("requires the \"TIMESTAMP\" type"), "{err}");
    let counts = events
        .group_by([window(col("ts"), "10 minutes", None), col("word")])
        .unwrap()
        .count()
        .unwrap();
    let err = counts
        .write_stream()
        .output_mode("append")
        .start()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("not supported for streaming aggregations without watermark"),
        "{err}"
    );
}
