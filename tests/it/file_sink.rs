//! The csv file sink (`examples/file_echo.rs --sink csv`): one committed file per batch in
//! the output directory, the same files whatever the scale, read back by the csv source; a
//! re-run batch writes nothing, and files outside `_spark_metadata` are never read.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ember::{Row, Session, Trigger, Value};

use crate::support::{run_at_scale, write_file, Scale};

/// Batch N's expected file contents, in batch order (one input file per batch).
const EXPECTED_FILES: [&str; 3] = ["c\n\"c, with comma\"\n", "\"say \\\"hi\\\"\"\n", "b\n"];

/// Reads `out` with the library's csv source, as a user would, and returns its rows' values.
pub(crate) fn read_back(out: &Path) -> Vec<String> {
    let spark = Session::builder().get_or_create().unwrap();
    let rows = Arc::new(Mutex::new(Vec::new()));
    let sink = rows.clone();
    let query = spark
        .read_stream()
        .format("csv")
        .schema("value STRING")
        .load_path(out)
        .unwrap()
        .write_stream()
        .trigger(Trigger::AvailableNow)
        .foreach_batch(move |_, batch: &[Row]| {
            let mut rows = sink.lock().unwrap();
            for row in batch {
                match &row.values()[0] {
                    Value::String(s) => rows.push(s.clone()),
                    other => panic!("unexpected value {other:?}"),
                }
            }
            Ok(())
        })
        .start()
        .unwrap();
    query.await_termination().unwrap();
    let rows = rows.lock().unwrap().clone();
    rows
}

/// The part files of `out`, by name, with their contents.
pub(crate) fn part_files(out: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Input files taken one per batch, oldest first.
fn inputs() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    write_file(data.path(), "a.txt", "say \"hi\"\n", 2);
    write_file(data.path(), "b.txt", "b\n", 3);
    write_file(data.path(), "c.txt", "c, with comma\nc\n", 1);
    data
}

/// Runs file_echo with the csv sink at `scale`; asserts that nothing is printed.
fn echo_to_csv(input: &Path, out: &Path, checkpoint: &Path, scale: Scale) {
    let args = [
        "--path",
        input.to_str().unwrap(),
        "--max-files-per-trigger",
        "1",
        "--sink",
        "csv",
        "--output",
        out.to_str().unwrap(),
        "--checkpoint",
        checkpoint.to_str().unwrap(),
    ];
    assert_eq!(run_at_scale("file_echo", &args, scale), "");
}

fn three_batches_three_files(scale: Scale) {
    let data = inputs();
    let (out, checkpoint) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out_dir = out.path().join("out");
    echo_to_csv(data.path(), &out_dir, checkpoint.path(), scale);
    let files = part_files(&out_dir);
    let contents: Vec<&str> = files.iter().map(|(_, text)| text.as_str()).collect();
    assert_eq!(contents, EXPECTED_FILES, "{files:?}");
    for (batch, (name, _)) in files.iter().enumerate() {
        assert!(name.starts_with(&format!("part-{batch:05}-")), "{name}");
        assert!(name.ends_with("-c000.csv"), "{name}");
        let entry =
            std::fs::read_to_string(out_dir.join("_spark_metadata").join(batch.to_string()))
                .unwrap();
        assert!(entry.starts_with("v1\n{\"path\":\"file:///"), "{entry}");
        assert!(entry.contains(&format!("/{name}\",")), "{entry}");
    }
    assert_eq!(
        read_back(&out_dir),
        ["b", "c", "c, with comma", "say \"hi\""]
    );
}

#[test]
fn csv_sink_one_worker() {
    three_batches_three_files(Scale::Workers(1));
}

#[test]
fn csv_sink_two_workers() {
    three_batches_three_files(Scale::Workers(2));
}

#[test]
fn csv_sink_two_processes() {
    three_batches_three_files(Scale::Processes(2, 2));
}

#[test]
fn orphans_are_not_read_and_a_rerun_batch_writes_nothing() {
    let data = inputs();
    let (out, checkpoint) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    echo_to_csv(
        data.path(),
        out.path(),
        checkpoint.path(),
        Scale::Workers(1),
    );
    let committed = part_files(out.path());
    assert_eq!(committed.len(), 3);

    // A crash after batch 2's file was committed but before the checkpoint's commit: the
    // restarted query re-runs batch 2, and the sink, finding it in its log, writes nothing.
    let commit: PathBuf = checkpoint.path().join("commits").join("2");
    std::fs::remove_file(&commit).unwrap();
    echo_to_csv(
        data.path(),
        out.path(),
        checkpoint.path(),
        Scale::Workers(1),
    );
    assert!(commit.exists(), "the re-run batch is committed");
    assert_eq!(part_files(out.path()), committed);

    // A crash between a batch's data file and its log entry leaves an orphan: never read.
    let orphan = "part-00003-00000000-0000-4000-8000-000000000000-c000.csv";
    std::fs::write(out.path().join(orphan), "orphan\n").unwrap();
    assert_eq!(
        read_back(out.path()),
        ["b", "c", "c, with comma", "say \"hi\""]
    );
}

#[test]
fn file_sinks_refuse_what_spark_refuses() {
    let data = inputs();
    let spark = Session::builder().get_or_create().unwrap();
    let lines = || spark.read_stream().text(data.path()).unwrap();
    let start_err = |writer: ember::DataStreamWriter| writer.start().unwrap_err().to_string();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().to_str().unwrap();
    assert_eq!(
        start_err(lines().write_stream().format("csv")),
        "'path' is not specified"
    );
    assert_eq!(
        start_err(lines().write_stream().format("json").option("path", path)),
        "checkpointLocation must be specified either through \
         option(\"checkpointLocation\", ...) or \
         SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...)."
    );
    let counts = lines()
        .group_by([ember::col("value")])
        .unwrap()
        .count()
        .unwrap();
    assert_eq!(
        start_err(
            counts
                .write_stream()
                .format("csv")
                .output_mode("update")
                .option("path", path)
                .option("checkpointLocation", path)
        ),
        "[STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: update. \
         This output mode is not supported in Data Source csv. SQLSTATE: 42KDE"
    );
    let words = lines()
        .select([ember::split(ember::col("value"), " ").alias("words")])
        .unwrap();
    assert_eq!(
        start_err(
            words
                .write_stream()
                .format("csv")
                .option("path", path)
                .option("checkpointLocation", path)
        ),
        "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column \
         `words` of the type \"ARRAY<STRING>\". SQLSTATE: 0A000"
    );
    // Nothing was started, so nothing was written.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}
