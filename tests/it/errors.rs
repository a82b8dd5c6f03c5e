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
        "error: Path does not exist: /nonexistent/ember-input\n",
    );
}

#[test]
fn bad_trigger_interval() {
    fails_with(
        "file_echo",
        &["--trigger", "2 secnds"],
        2, // a command-line usage error, as clap reports them
        "Invalid interval '2 secnds': unknown unit 'secnds'",
    );
}

#[test]
fn library_errors_name_the_thing_and_list_what_is_valid() {
    let spark = ember::Session::builder().get_or_create().unwrap();
    let err = |r: ember::Result<ember::DataFrame>| r.unwrap_err().to_string();
    assert_eq!(
        err(spark.read_stream().format("kafka").load()),
        "Unknown source format 'kafka'. Valid formats: socket, text"
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
        "Unknown sink format 'parquet'. Valid formats: console"
    );
    assert_eq!(
        start_err(lines.write_stream().output_mode("foo")),
        "Unknown output mode foo. Accepted output modes are 'append', 'complete', 'update'"
    );
    assert_eq!(
        start_err(lines.write_stream().output_mode("complete")),
        "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets"
    );
    assert_eq!(
        start_err(lines.write_stream().option("numRows", 0)),
        "Invalid value '0' for option 'numRows', must be a positive integer"
    );
}
