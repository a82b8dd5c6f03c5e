//! Bad input: each a clear error naming the thing, a non-zero exit, no panic, no hang.

use crate::support::Running;

fn fails_with(example: &str, args: &[&str], code_expected: i32, message: &str) {
    let (code, stdout, stderr) = Running::start(example, args).finish();
    assert_eq!(
        code,
        Some(code_expected),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert_eq!(stdout, "");
    assert!(
        stderr.contains(message),
        "expected {message:?} in stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn nothing_listening_on_the_port() {
    // Bind and drop a listener to find a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    fails_with(
        "socket_echo",
        &["--host", "127.0.0.1", "--port", &port],
        1,
        &format!(
            "error: Cannot connect to the socket source at 127.0.0.1:{port}: Connection refused"
        ),
    );
}

#[test]
fn missing_directory() {
    fails_with(
        "file_echo",
        &["--path", "/nonexistent/ember-input"],
        1,
        "error: [PATH_NOT_FOUND] Path does not exist: /nonexistent/ember-input. SQLSTATE: 42K03\n",
    );
}

#[test]
fn bad_trigger_interval() {
    fails_with(
        "file_echo",
        &["--trigger", "2 secnds"],
        2, // a command-line usage error, as clap reports them
        "[INVALID_INTERVAL_FORMAT.INVALID_UNIT] Error parsing '2 secnds' to interval.",
    );
}

#[test]
fn library_errors_name_the_thing_and_list_what_is_valid() {
    let spark = ember::Session::builder().get_or_create().unwrap();
    let err = |r: ember::Result<ember::DataFrame>| r.unwrap_err().to_string();
    assert_eq!(
        err(spark.read_stream().format("kafka").load()),
        "[DATA_SOURCE_NOT_FOUND] Failed to find the data source: kafka. Make sure the provider \
         name is correct and the package is properly registered and compatible with your Spark \
         version. SQLSTATE: 42K02. Ember provides: socket, text, csv, json, rate"
    );
    assert_eq!(
        err(spark
            .read_stream()
            .format("socket")
            .option("host", "localhost")
            .option("port", 9999)
            .option("includeTimestamps", true)
            .load()),
        "Unknown option 'includeTimestamps' for the socket source. Valid options: host, port"
    );
    assert_eq!(
        err(spark
            .read_stream()
            .format("socket")
            .option("host", "h")
            .option("port", "http")
            .load()),
        "Invalid value 'http' for option 'port', must be a port number (0 to 65535)"
    );
    assert_eq!(
        err(spark
            .read_stream()
            .format("socket")
            .option("host", "h")
            .load()),
        "Set a port to read from with option(\"port\", ...)."
    );
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        err(spark
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", "abc")
            .load_path(dir.path())),
        "Invalid value 'abc' for option 'maxFilesPerTrigger', must be a positive integer"
    );
    let lines = spark.read_stream().text(dir.path()).unwrap();
    let start_err = |w: ember::DataStreamWriter| w.start().unwrap_err().to_string();
    assert_eq!(
        start_err(lines.write_stream().format("parquet")),
        "[DATA_SOURCE_NOT_FOUND] Failed to find the data source: parquet. Make sure the provider \
         name is correct and the package is properly registered and compatible with your Spark \
         version. SQLSTATE: 42K02. Ember provides: console, csv, json, memory, noop"
    );
    assert_eq!(
        start_err(lines.write_stream().output_mode("foo")),
        "[STREAMING_OUTPUT_MODE.INVALID] Invalid streaming output mode: foo. Accepted output \
         modes are 'Append', 'Complete', 'Update'. SQLSTATE: 42KDE"
    );
    assert_eq!(
        start_err(lines.write_stream().output_mode("complete")),
        "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: complete. \
         This output mode is not supported for no streaming aggregations on streaming \
         DataFrames/DataSets. SQLSTATE: 42KDE"
    );
    assert_eq!(
        start_err(lines.write_stream().option("numRows", -1)),
        "Invalid value '-1' for option 'numRows', must be a non-negative integer"
    );
}

/// A `foreach_batch` function that fails stops the query with its error, after the batch it
/// failed on: no later batch reaches the sink (the next batch may already be running on the
/// other workers when the sink runs, but it is never written), and with a checkpoint the
/// failed batch is not committed.
#[test]
fn a_failing_sink_stops_the_query_after_its_batch() {
    use std::sync::{Arc, Mutex};

    let input = tempfile::tempdir().unwrap();
    let texts = ["a b", "b c", "c d", "d e"];
    crate::support::write_files(input.path(), "part-", ".txt", &texts);
    for workers in [1, 2] {
        for checkpointed in [false, true] {
            let checkpoint = tempfile::tempdir().unwrap();
            let seen = Arc::new(Mutex::new(Vec::new()));
            let sink = seen.clone();
            let query = crate::support::start_batch_count(
                input.path(),
                workers,
                checkpointed.then_some(checkpoint.path()),
                move |batch_id| {
                    sink.lock().unwrap().push(batch_id);
                    if batch_id == 1 {
                        return Err(ember::Error::Runtime("the sink is full".into()));
                    }
                    Ok(())
                },
            );
            let err = query.await_termination().unwrap_err();
            let scale = format!("{workers} workers, checkpoint: {checkpointed}");
            let message = err.to_string();
            assert!(
                message.starts_with("[STREAM_FAILED] Query [id = ")
                    && message
                        .ends_with("terminated with exception: the sink is full SQLSTATE: XXKST"),
                "{scale}: {message}"
            );
            assert_eq!(*seen.lock().unwrap(), [0, 1], "{scale}");
            if checkpointed {
                let commits = checkpoint.path().join("commits");
                assert!(commits.join("0").is_file(), "{scale}");
                assert!(!commits.join("1").exists(), "{scale}");
            }
        }
    }
}
