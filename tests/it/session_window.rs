//! Session windows (`session_window`): scripted event sequences with late rows through
//! `windowed_count --session`, at every scale, byte for byte what PySpark 4.3 printed for
//! the same files with `availableNow` (see the notes' `spark_session_window.md`; Spark's rows
//! are unsorted, Ember's sorted); Spark's refusals; and a restart from a checkpoint at another
//! scale.

use ember::expr::{col, count, session_window, window};
use ember::{Session, Trigger};

use crate::event_time::{windowed_batch, windowed_progress};
use crate::support::{at_every_scale, run_then_restart, write_file, write_files, Scale};

fn batch(id: u64, rows: &[&str]) -> String {
    windowed_batch("session_window", id, rows)
}

/// Four files, one batch each: cat's sessions [10:00, 10:07) and [10:10, 10:15) are bridged
/// by the late 10:06 cat; the late 10:01 dog extends dog's session backwards; 09:58 ant is on
/// time by the previous batch's watermark (09:53) and final by this batch's (10:04); owl's
/// 10:30 and 10:33 merge.
const EVENTS: [&str; 4] = [
    "2026-01-01 10:00:00,cat\n2026-01-01 10:02:00,cat\n2026-01-01 10:03:00,dog\n",
    "2026-01-01 10:10:00,cat\n2026-01-01 10:14:00,owl\n",
    "2026-01-01 10:06:00,cat\n2026-01-01 10:01:00,dog\n2026-01-01 09:58:00,ant\n\
     2026-01-01 10:02:00,eel\n2026-01-01 10:30:00,owl\n",
    "2026-01-01 10:33:00,owl\n2026-01-01 10:16:00,cat\n",
];

/// Edge cases: 10:00 and 10:05 are exactly a gap apart and share a session; 10:17 c and
/// 10:14 d are judged by their sessions' ends (10:22 and 10:19) against the previous batch's
/// watermark (10:10): both on time, d final at once (watermark 10:20); a row without a time
/// is left out.
const EDGES: [&str; 4] = [
    "2026-01-01 10:00:00,a\n2026-01-01 10:05:00,a\n2026-01-01 10:20:00,b\n",
    "2026-01-01 10:30:00,b\n",
    "2026-01-01 10:17:00,c\n2026-01-01 10:14:00,d\n,e\n",
    "2026-01-01 10:40:00,z\n",
];

fn write_events(dir: &std::path::Path, files: &[&str]) {
    write_files(dir, "part-", ".csv", files);
}

/// Runs `windowed_count --session "5 minutes"` in `mode` over `files` at every scale;
/// asserts the output is `expected`.
fn sessions_at_every_scale(files: &[&str], mode: &str, expected: &str) {
    let data = tempfile::tempdir().unwrap();
    write_events(data.path(), files);
    let path = data.path().to_str().unwrap();
    let args = [
        "--path",
        path,
        "--session",
        "5 minutes",
        "--output-mode",
        mode,
    ];
    at_every_scale("windowed_count", &args, expected);
}

fn append_batches() -> Vec<String> {
    vec![
        batch(0, &[]),
        batch(1, &[]),
        batch(
            2,
            &["|{2026-01-01 09:58:00, 2026-01-01 10:03:00}|ant |1    |"],
        ),
        batch(
            3,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:15:00}|cat |4    |",
                "|{2026-01-01 10:01:00, 2026-01-01 10:08:00}|dog |2    |",
                "|{2026-01-01 10:02:00, 2026-01-01 10:07:00}|eel |1    |",
                "|{2026-01-01 10:14:00, 2026-01-01 10:19:00}|owl |1    |",
            ],
        ),
        batch(
            4,
            &["|{2026-01-01 10:16:00, 2026-01-01 10:21:00}|cat |1    |"],
        ),
    ]
}

/// A session is emitted once, at the end of the batch whose watermark reaches its end, with
/// every row merged in; no no-data batch runs while files remain, one runs at the end.
#[test]
fn session_windows_in_append_mode_emit_each_session_once_when_final() {
    let expected = append_batches().concat();
    sessions_at_every_scale(&EVENTS, "append", &expected);
}

/// Complete mode keeps every session (no eviction, no no-data batches) and shows merged
/// sessions in place of the ones they absorbed.
#[test]
fn session_windows_in_complete_mode_show_every_session() {
    let expected = [
        batch(
            0,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:07:00}|cat |2    |",
                "|{2026-01-01 10:03:00, 2026-01-01 10:08:00}|dog |1    |",
            ],
        ),
        batch(
            1,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:07:00}|cat |2    |",
                "|{2026-01-01 10:03:00, 2026-01-01 10:08:00}|dog |1    |",
                "|{2026-01-01 10:10:00, 2026-01-01 10:15:00}|cat |1    |",
                "|{2026-01-01 10:14:00, 2026-01-01 10:19:00}|owl |1    |",
            ],
        ),
        batch(
            2,
            &[
                "|{2026-01-01 09:58:00, 2026-01-01 10:03:00}|ant |1    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:15:00}|cat |4    |",
                "|{2026-01-01 10:01:00, 2026-01-01 10:08:00}|dog |2    |",
                "|{2026-01-01 10:02:00, 2026-01-01 10:07:00}|eel |1    |",
                "|{2026-01-01 10:14:00, 2026-01-01 10:19:00}|owl |1    |",
                "|{2026-01-01 10:30:00, 2026-01-01 10:35:00}|owl |1    |",
            ],
        ),
        batch(
            3,
            &[
                "|{2026-01-01 09:58:00, 2026-01-01 10:03:00}|ant |1    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:15:00}|cat |4    |",
                "|{2026-01-01 10:01:00, 2026-01-01 10:08:00}|dog |2    |",
                "|{2026-01-01 10:02:00, 2026-01-01 10:07:00}|eel |1    |",
                "|{2026-01-01 10:14:00, 2026-01-01 10:19:00}|owl |1    |",
                "|{2026-01-01 10:16:00, 2026-01-01 10:21:00}|cat |1    |",
                "|{2026-01-01 10:30:00, 2026-01-01 10:38:00}|owl |2    |",
            ],
        ),
    ]
    .concat();
    sessions_at_every_scale(&EVENTS, "complete", &expected);
}

#[test]
fn session_edges_touching_sessions_late_rows_and_null_times() {
    let expected = [
        batch(0, &[]),
        batch(
            1,
            &["|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|a   |2    |"],
        ),
        batch(
            2,
            &["|{2026-01-01 10:14:00, 2026-01-01 10:19:00}|d   |1    |"],
        ),
        batch(3, &[]),
        batch(
            4,
            &[
                "|{2026-01-01 10:17:00, 2026-01-01 10:22:00}|c   |1    |",
                "|{2026-01-01 10:20:00, 2026-01-01 10:25:00}|b   |1    |",
            ],
        ),
    ]
    .concat();
    sessions_at_every_scale(&EDGES, "append", &expected);
}

/// A clean stop snapshots the sessions; a restart at another scale restores them (each
/// worker keeping the keys it now owns) and goes on. The first run reads two files (and runs
/// a no-data batch, as the watermark moved); the second reads the other two: the 09:58 ant is
/// late there (its session ends 10:03, at or before the watermark 10:04 it is judged by), and
/// every other session comes out as in one run.
#[test]
fn session_windows_survive_a_restart_at_another_scale() {
    let first_part = [batch(0, &[]), batch(1, &[]), batch(2, &[])].concat();
    let second_part = [
        batch(3, &[]),
        batch(
            4,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:15:00}|cat |4    |",
                "|{2026-01-01 10:01:00, 2026-01-01 10:08:00}|dog |2    |",
                "|{2026-01-01 10:02:00, 2026-01-01 10:07:00}|eel |1    |",
                "|{2026-01-01 10:14:00, 2026-01-01 10:19:00}|owl |1    |",
            ],
        ),
        batch(
            5,
            &["|{2026-01-01 10:16:00, 2026-01-01 10:21:00}|cat |1    |"],
        ),
    ]
    .concat();
    for scales in [
        (Scale::Workers(1), Scale::Workers(2)),
        (Scale::Workers(2), Scale::Processes(2, 2)),
        (Scale::Processes(2, 2), Scale::Workers(1)),
    ] {
        let (out_first, out_second) = run_then_restart(
            "windowed_count",
            &["--session", "5 minutes"],
            scales,
            |data| write_events(data, &EVENTS[..2]),
            |data| {
                for (i, text) in EVENTS.iter().enumerate().skip(2) {
                    write_file(data, &format!("part-{i}.csv"), text, 10 + i as u64);
                }
            },
        );
        assert_eq!(out_first, first_part, "{scales:?}");
        assert_eq!(out_second, second_part, "{scales:?}");
    }
}

fn events_frame(spark: &Session, dir: &std::path::Path) -> ember::DataFrame {
    spark
        .read_stream()
        .format("csv")
        .schema("ts TIMESTAMP, word STRING")
        .load_path(dir)
        .unwrap()
}

fn start_error(counts: ember::DataFrame, mode: &str) -> String {
    counts
        .write_stream()
        .output_mode(mode)
        .trigger(Trigger::AvailableNow)
        .foreach_batch(|_, _| Ok(()))
        .start()
        .unwrap_err()
        .to_string()
}

/// What Spark 4.3 refuses, with its words: update mode, append without a watermark, a
/// session window as the only key; and what Ember refuses where Spark silently outputs
/// nothing (an unparseable gap) or fails later.
#[test]
fn bad_session_window_queries_are_refused_with_spark_errors() {
    let dir = tempfile::tempdir().unwrap();
    let spark = Session::builder().get_or_create().unwrap();
    let events = events_frame(&spark, dir.path());
    let watermarked = events.clone().with_watermark("ts", "10 minutes").unwrap();
    let by_word = |df: &ember::DataFrame| {
        df.clone()
            .group_by([session_window(col("ts"), "5 minutes"), col("word")])
            .unwrap()
            .count()
            .unwrap()
    };
    assert_eq!(
        start_error(by_word(&watermarked), "update"),
        "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: update. \
         This output mode is not supported for session window streaming aggregations on \
         streaming DataFrames/DataSets. SQLSTATE: 42KDE"
    );
    assert_eq!(
        start_error(by_word(&events), "append"),
        "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: append. \
         This output mode is not supported for streaming aggregations without watermark on \
         streaming DataFrames/DataSets. SQLSTATE: 42KDE"
    );
    let global = watermarked
        .clone()
        .group_by([session_window(col("ts"), "5 minutes")])
        .unwrap()
        .agg([count(col("word"))])
        .unwrap();
    assert_eq!(
        start_error(global, "append"),
        "Global aggregation with session window in streaming query is not supported. \
         SQLSTATE: XXKST"
    );
    // Two event-time windows in one grouping (Spark 4.3: an AnalysisException without an
    // error class).
    let cartesian = "Multiple time/session window expressions would result in a cartesian \
                     product of rows, therefore they are currently not supported.";
    for keys in [
        [
            session_window(col("ts"), "5 minutes"),
            window(col("ts"), "10 minutes", None),
        ],
        [
            session_window(col("ts"), "5 minutes"),
            session_window(col("ts"), "10 minutes"),
        ],
    ] {
        let err = watermarked
            .clone()
            .group_by(keys)
            .unwrap()
            .count()
            .unwrap_err();
        assert_eq!(err.to_string(), cartesian);
    }
    let err = watermarked
        .clone()
        .group_by([session_window(col("ts"), "10 minuts"), col("word")])
        .unwrap()
        .count()
        .unwrap_err()
        .to_string();
    assert!(err.contains("Invalid unit minuts"), "{err}");
    let err = events
        .select([session_window(col("ts"), "5 minutes")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("supports it only as a group_by key"), "{err}");
    let err = watermarked
        .group_by([session_window(col("word"), "10 minutes"), col("word")])
        .unwrap()
        .count()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Cannot resolve \"session_window(word)\"")
            && err.contains("requires the \"TIMESTAMP\" type"),
        "{err}"
    );
}

/// Progress per batch, as Spark 4.3 reported it for the same files (`numRowsTotal` and
/// `numRowsDroppedByWatermark` of the session operator): sessions held after the batch, and
/// no late rows (each is on time by the previous batch's watermark).
#[test]
fn session_state_and_late_rows_are_reported_per_batch() {
    for workers in [1, 2] {
        let data = tempfile::tempdir().unwrap();
        write_events(data.path(), &EVENTS);
        let key = session_window(col("ts"), "5 minutes");
        let progress = windowed_progress(data.path(), key, "append", workers);
        let state: Vec<u64> = progress.iter().map(|p| p.state_rows()).collect();
        assert_eq!(state, [2, 4, 5, 2, 1], "{workers} workers");
        let dropped: Vec<u64> = progress
            .iter()
            .map(|p| p.rows_dropped_by_watermark())
            .collect();
        assert_eq!(dropped, [0, 0, 0, 0, 0], "{workers} workers");
    }
}

/// `--session` excludes `--window` and `--slide`, and says so in `--help`.
#[test]
fn the_example_refuses_session_with_window_or_slide() {
    for other in ["--window", "--slide"] {
        let args = ["--session", "5 minutes", other, "5 minutes"];
        let (code, stdout, stderr) =
            crate::support::Running::start("windowed_count", &args).finish();
        assert_eq!((code, stdout.as_str()), (Some(2), ""), "{other}");
        let expected =
            format!("error: the argument '--session <SESSION>' cannot be used with '{other} <");
        assert!(stderr.starts_with(&expected), "{stderr}");
    }
    let (code, help, _) = crate::support::Running::start("windowed_count", &["--help"]).finish();
    assert_eq!(code, Some(0));
    assert!(
        help.contains("cannot be combined with --window or --slide"),
        "{help}"
    );
}
