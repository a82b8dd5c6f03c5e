//! A damaged or foreign checkpoint is an error naming the file or what differs — never a
//! silent wrong answer, never a panic.

use std::path::{Path, PathBuf};

use ember::expr::{col, explode, lower, split};
use ember::{DataFrame, Session, Trigger};

fn lines(input: &Path) -> DataFrame {
    Session::builder()
        .get_or_create()
        .unwrap()
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .load_path(input)
        .unwrap()
}

fn word_counts(input: &Path) -> DataFrame {
    crate::support::count_words(lines(input))
}

/// Runs `df` to the end of its input with checkpoint `cp`; returns the query's outcome.
fn run(df: DataFrame, cp: &Path) -> ember::Result<()> {
    df.write_stream()
        .output_mode("complete")
        .option("checkpointLocation", cp.display())
        .trigger(Trigger::AvailableNow)
        .foreach_batch(|_, _| Ok(()))
        .start()?
        .await_termination()
}

/// An input of three files and a checkpoint of the word count over them.
fn checkpointed() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    crate::support::write_files(&input, "", ".txt", &["a b", "b c", "c d"]);
    let cp = dir.path().join("cp");
    run(word_counts(&input), &cp).unwrap();
    (dir, input, cp)
}

fn error_of(result: ember::Result<()>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn a_truncated_offsets_file_is_named() {
    let (_dir, input, cp) = checkpointed();
    std::fs::write(cp.join("offsets/2"), "v1\n{\"batchId\":2,\"batchTi").unwrap();
    std::fs::remove_file(cp.join("commits/2")).unwrap();
    let err = error_of(run(word_counts(&input), &cp));
    let path = cp.join("offsets/2");
    assert!(
        err.contains(&format!(
            "corrupt checkpoint file {}: cannot parse the entry:",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn a_garbage_state_file_is_named() {
    let (_dir, input, cp) = checkpointed();
    // The clean stop snapshotted batch 2; damage it, then give the restart new input.
    let part = cp.join("state/2/0/part-0");
    std::fs::write(&part, b"not state at all").unwrap();
    crate::support::write_file(&input, "3.txt", "d e", 3);
    let err = error_of(run(word_counts(&input), &cp));
    assert!(
        err.contains(&format!(
            "corrupt checkpoint file {}: not an Ember state file (bad header)",
            part.display()
        )),
        "{err}"
    );
}

#[test]
fn missing_metadata_is_named() {
    let (_dir, input, cp) = checkpointed();
    std::fs::remove_file(cp.join("metadata")).unwrap();
    let err = error_of(run(word_counts(&input), &cp));
    assert_eq!(
        err,
        format!(
            "corrupt checkpoint file {}: the metadata file is missing, but batches were logged",
            cp.join("metadata").display()
        )
    );
}

#[test]
fn a_changed_query_is_refused_naming_what_changed() {
    let (_dir, input, cp) = checkpointed();
    let changed = lines(&input)
        .select([explode(split(lower(col("value")), " ")).alias("w")])
        .unwrap()
        .group_by([col("w")])
        .unwrap()
        .count()
        .unwrap();
    let err = error_of(run(changed, &cp));
    assert_eq!(
        err,
        format!(
            "The checkpoint at {} was written by a different query: its result schema was \
             word: string, count: bigint, this query's is w: string, count: bigint. Use a new \
             checkpointLocation for a changed query.",
            cp.display()
        )
    );
}

#[test]
fn a_restart_resumes_with_the_next_batch_id_and_the_counts_so_far() {
    let (_dir, input, cp) = checkpointed();
    crate::support::write_file(&input, "3.txt", "d e", 3);
    let seen = crate::support::collect_batches(
        word_counts(&input)
            .write_stream()
            .output_mode("update")
            .option("checkpointLocation", cp.display())
            .trigger(Trigger::AvailableNow),
    );
    let row = |w: &str, n: i64| ember::Row::new(vec![ember::Value::from(w), ember::Value::Long(n)]);
    assert_eq!(seen, vec![(3, vec![row("d", 2), row("e", 1)])]);
}

/// A checkpoint has one writer: a second query on it fails at `start()`, with Spark's words
/// and the directory, while the first runs; once the first stops, the checkpoint is free.
#[test]
fn a_second_query_on_a_running_checkpoint_is_refused() {
    let (_dir, input, cp) = checkpointed();
    let start = || {
        word_counts(&input)
            .write_stream()
            .output_mode("complete")
            .option("checkpointLocation", cp.display())
            .trigger(Trigger::processing_time("50 milliseconds"))
            .foreach_batch(|_, _| Ok(()))
            .start()
    };
    let first = start().unwrap();
    let err = start().unwrap_err().to_string();
    let id = first.id().to_string();
    assert_eq!(
        err,
        format!(
            "Cannot start query with id {id} as another query with same id is already active. \
             Perhaps you are attempting to restart a query from checkpoint that is already \
             active. The checkpoint {} is in use by a running query; stop it first.",
            cp.display()
        )
    );
    first.stop().unwrap();
    start().unwrap().stop().unwrap();
}

/// The lock holds across processes: a second `word_count` process on the checkpoint of a
/// running one exits with the error; the first goes on.
#[test]
fn a_second_process_on_a_running_checkpoint_is_refused() {
    use crate::support::{LineServer, Running};
    let dir = tempfile::tempdir().unwrap();
    let mut server = LineServer::new();
    let port = server.port().to_string();
    let args = [
        "--source",
        "socket",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--checkpoint",
        "ck",
    ];
    let mut first = Running::start_in("word_count", &args, dir.path());
    server.accept();
    first.wait_for_batches(1);
    let (code, _, stderr) = Running::start_in("word_count", &args, dir.path()).finish();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("as another query with same id is already active")
            && stderr.contains("The checkpoint ck is in use by a running query"),
        "{stderr}"
    );
    first.terminate();
    let (code, _, stderr) = first.finish();
    assert_eq!(code, Some(0), "{stderr}");
}

/// The rate source resumes from its logged offsets: after a restart its values go on where
/// they stopped, and none comes twice (it used to start again at 0).
#[test]
fn a_restarted_rate_source_goes_on_without_repeating_values() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let cp = dir.path().join("cp");
    let values = Arc::new(Mutex::new(Vec::new()));
    for _run in 0..2 {
        let seen = values.clone();
        let batches = Arc::new(Mutex::new(0));
        let counted = batches.clone();
        let query = Session::builder()
            .get_or_create()
            .unwrap()
            .read_stream()
            .format("rate")
            .option("rowsPerSecond", 5)
            .option("ember.startTimeMs", 1_000)
            .option("ember.secondsPerBatch", 1)
            .load()
            .unwrap()
            .write_stream()
            .option("checkpointLocation", cp.display())
            .trigger(Trigger::processing_time("10 milliseconds"))
            .foreach_batch(move |_, rows| {
                let mut seen = seen.lock().unwrap();
                seen.extend(rows.iter().map(|row| match row.get(1) {
                    ember::Value::Long(v) => *v,
                    other => panic!("not a rate value: {other:?}"),
                }));
                *counted.lock().unwrap() += 1;
                Ok(())
            })
            .start()
            .unwrap();
        let deadline = std::time::Instant::now() + crate::support::PATIENCE;
        while *batches.lock().unwrap() < 4 {
            assert!(std::time::Instant::now() < deadline);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        query.stop().unwrap();
    }
    let mut values = values.lock().unwrap().clone();
    let count = values.len();
    values.sort_unstable();
    values.dedup();
    assert_eq!(values.len(), count, "a value was delivered twice");
    assert_eq!(values, (0..count as i64).collect::<Vec<_>>());
    assert!(count >= 25, "{count}");
}

/// Retention trims the file source's log too: its entries are folded into one as batches
/// age out, so a restart reads a few entries however long the history — and still skips every
/// file taken before.
#[test]
fn the_file_source_log_is_folded_as_batches_age_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let texts: Vec<String> = (0..20).map(|i| format!("w{}", i % 3)).collect();
    crate::support::write_files(&input, "", ".txt", &texts);
    let cp = dir.path().join("cp");
    let run = |cp: &Path| {
        let writer = Session::builder()
            .config("spark.sql.streaming.minBatchesToRetain", 3)
            .config("spark.sql.streaming.stateStore.minDeltasForSnapshot", 2)
            .get_or_create()
            .unwrap()
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", 1)
            .load_path(&input)
            .unwrap()
            .group_by([col("value")])
            .unwrap()
            .count()
            .unwrap()
            .write_stream()
            .output_mode("update")
            .option("checkpointLocation", cp.display())
            .trigger(Trigger::AvailableNow);
        crate::support::collect_batches(writer)
    };
    assert_eq!(run(&cp).len(), 20);
    let entries = std::fs::read_dir(cp.join("sources/0")).unwrap().count();
    assert!(entries <= 4, "sources/0 keeps {entries} entries");
    crate::support::write_file(&input, "new.txt", "w1", 20);
    let after = run(&cp);
    // Only the new file is read: batch 20, w1 counted once more (7 + 1).
    assert_eq!(
        after,
        vec![(
            20,
            vec![ember::Row::new(vec!["w1".into(), ember::Value::Long(8)])]
        )]
    );
}
