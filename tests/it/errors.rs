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
         version. SQLSTATE: 42K02. Ember provides: console, csv, json"
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
