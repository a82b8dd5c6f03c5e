//! The library API in-process: capture the console sink, stop a query, triggers.

use std::time::{Duration, Instant};

use ember::{ClusterArgs, Session, Trigger};

use crate::support::Captured;

fn session(workers: usize) -> Session {
    Session::builder()
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()
        .unwrap()
}

fn batch(id: u64, body: &str) -> String {
    crate::support::console_batch(id, body)
}

#[test]
fn once_reads_everything_in_one_batch_despite_max_files() {
    for workers in [1, 2] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("1.txt"), "x\n").unwrap();
        std::fs::write(dir.path().join("2.txt"), "y\n").unwrap();
        let out = Captured::default();
        let query = session(workers)
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", 1)
            .load_path(dir.path())
            .unwrap()
            .write_stream()
            .trigger(Trigger::Once)
            .console_writer(out.clone())
            .start()
            .unwrap();
        query.await_termination().unwrap();
        assert!(!query.is_active());
        assert_eq!(query.batches_completed(), 1);
        let progress = query.recent_progress();
        assert_eq!(progress.len(), 1);
        assert_eq!(
            (progress[0].batch_id, progress[0].sink.num_output_rows),
            (0, 2)
        );
        assert_eq!(query.last_progress(), Some(progress[0].clone()));
        assert_eq!(
            out.text(),
            batch(0, "+-----+\n|value|\n+-----+\n|    x|\n|    y|\n+-----+\n")
        );
    }
}

#[test]
fn processing_time_batches_new_files_until_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let out = Captured::default();
    let query = session(2)
        .read_stream()
        .text(dir.path())
        .unwrap()
        .write_stream()
        .trigger(Trigger::processing_time("100 milliseconds"))
        .option("numRows", 1)
        .option("truncate", false)
        .console_writer(out.clone())
        .start()
        .unwrap();
    assert!(query.is_active());
    // Nothing arrives: no batch runs.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(query.batches_completed(), 0);
    std::fs::write(dir.path().join("a.txt"), "first line\nsecond\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while query.batches_completed() < 1 {
        assert!(Instant::now() < deadline, "no batch ran");
        std::thread::sleep(Duration::from_millis(10));
    }
    query.stop().unwrap();
    assert!(!query.is_active());
    assert_eq!(
        out.text(),
        "-------------------------------------------\nBatch: 0\n-------------------------------------------\n\
         +----------+\n|value     |\n+----------+\n|first line|\n+----------+\nonly showing top 1 row\n"
    );
}

#[test]
fn a_file_that_vanishes_fails_the_query_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // A dangling symlink is listed but cannot be read.
    let link = dir.path().join("gone.txt");
    std::os::unix::fs::symlink(dir.path().join("missing-target"), &link).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "fine\n").unwrap();
    let out = Captured::default();
    let query = session(2)
        .read_stream()
        .text(dir.path())
        .unwrap()
        .write_stream()
        .trigger(Trigger::AvailableNow)
        .console_writer(out.clone())
        .start()
        .unwrap();
    let err = query.await_termination().unwrap_err().to_string();
    assert!(err.starts_with("[STREAM_FAILED] Query [id = "), "{err}");
    assert!(
        err.contains(&format!("{}: No such file or directory", link.display())),
        "{err}"
    );
    assert_eq!(out.text(), "", "a failed batch prints nothing");
}

#[test]
fn queries_have_ids_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let query = session(1)
        .read_stream()
        .text(dir.path())
        .unwrap()
        .write_stream()
        .query_name("echo")
        .trigger(Trigger::AvailableNow)
        .console_writer(Captured::default())
        .start()
        .unwrap();
    assert_eq!(query.name(), Some("echo"));
    assert_eq!(query.id().len(), 36);
    assert_ne!(query.id(), query.run_id());
    query.await_termination().unwrap();
}

/// What the console prints for a CSV file of timestamps (`text`) read and shown with session
/// time zone `zone`, on `workers` workers.
fn console_of_timestamps(zone: &str, workers: usize, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.csv"), text).unwrap();
    let timestamps = Session::builder()
        .config("spark.sql.session.timeZone", zone)
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()
        .unwrap()
        .read_stream()
        .format("csv")
        .schema("ts TIMESTAMP")
        .load_path(dir.path())
        .unwrap();
    crate::support::console_available_now(&timestamps)
}

#[test]
fn the_console_shows_timestamps_in_the_session_time_zone() {
    assert_eq!(
        console_of_timestamps("+01:00", 1, "2026-01-01T10:00:00Z\n"),
        batch(
            0,
            "+-------------------+\n|                 ts|\n+-------------------+\n|2026-01-01 11:00:00|\n+-------------------+\n"
        )
    );
}

/// The console shows each timestamp with the session region's offset at that instant: 12:00
/// UTC is 13:00 in Paris in winter and 14:00 in summer (as PySpark 4.3 showed them; notes:
/// spark_timezones.md).
#[test]
fn the_console_shows_timestamps_in_a_session_region_with_daylight_saving_time() {
    for workers in [1, 2] {
        let text = "2026-01-15T12:00:00Z\n2026-07-15T12:00:00Z\n2026-03-29 02:30:00\n2026-10-25 02:30:00\n";
        let line = "+-------------------+\n";
        assert_eq!(
            console_of_timestamps("Europe/Paris", workers, text),
            batch(
                0,
                &format!(
                    "{line}|                 ts|\n{line}|2026-01-15 13:00:00|\n\
                     |2026-03-29 03:30:00|\n|2026-07-15 14:00:00|\n|2026-10-25 02:30:00|\n{line}"
                )
            ),
            "{workers} workers"
        );
    }
}

/// `current_timestamp()` is the batch's processing time: one value for every row of a batch
/// on every worker (Spark evaluates it once per micro-batch), later in each batch.
#[test]
fn current_timestamp_is_one_value_per_batch_on_every_worker() {
    use ember::expr::{col, current_timestamp};
    use ember::Value;
    for workers in [1, 2] {
        let dir = tempfile::tempdir().unwrap();
        let lines: String = (0..50).map(|i| format!("line {i}\n")).collect();
        std::fs::write(dir.path().join("1.txt"), &lines).unwrap();
        std::fs::write(dir.path().join("2.txt"), &lines).unwrap();
        let before = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_micros() as i64;
        let writer = session(workers)
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", 1)
            .load_path(dir.path())
            .unwrap()
            .select([col("value"), current_timestamp().alias("now")])
            .unwrap()
            .write_stream()
            .trigger(Trigger::AvailableNow);
        let batches = crate::support::collect_batches(writer);
        assert_eq!(batches.len(), 2, "{workers} workers");
        let mut previous = before - 1000;
        for (id, rows) in &batches {
            assert_eq!(rows.len(), 50);
            let now = rows[0].values()[1].clone();
            assert!(rows.iter().all(|r| r.values()[1] == now), "batch {id}");
            let Value::Timestamp(t) = now else {
                panic!("current_timestamp() gave {now:?}")
            };
            // Batch times are whole milliseconds, strictly increasing.
            assert!(
                t > previous && t % 1000 == 0,
                "batch {id}: {t} after {previous}"
            );
            previous = t;
        }
    }
}
