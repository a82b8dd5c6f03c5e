//! The seed job (`examples/socket_echo.rs`) fed by a loopback server prints exactly Spark's
//! bytes, at every scale.

use crate::support::{run_socket_script, Scale};

/// What PySpark 4 printed for the lines `hello`, then `hello world` (shared with
/// `ember-connect`'s PySpark tests).
const EXPECTED: &str = include_str!("../expected/socket_echo.txt");

fn seed_job_prints_sparks_bytes(scale: Scale) {
    let stdout = run_socket_script("socket_echo", &[], scale, &["hello\n", "hello world\n"]);
    assert_eq!(stdout, EXPECTED);
}

#[test]
fn seed_job_one_worker() {
    seed_job_prints_sparks_bytes(Scale::Workers(1));
}

#[test]
fn seed_job_two_workers() {
    seed_job_prints_sparks_bytes(Scale::Workers(2));
}

#[test]
fn seed_job_two_processes_of_two_workers() {
    seed_job_prints_sparks_bytes(Scale::Processes(2, 2));
}

/// A query on a socket with `ember.*` options, writing each batch's lines to a shared list;
/// returns the query, the list of batches and the server.
fn socket_query(
    options: &[(&str, &str)],
    sink_pause: std::time::Duration,
) -> (
    ember::StreamingQuery,
    std::sync::Arc<std::sync::Mutex<Vec<Vec<String>>>>,
    crate::support::LineServer,
) {
    let server = crate::support::LineServer::new();
    let mut reader = ember::Session::builder()
        .get_or_create()
        .unwrap()
        .read_stream()
        .format("socket")
        .option("host", "127.0.0.1")
        .option("port", server.port());
    for (key, value) in options {
        reader = reader.option(key, value);
    }
    let batches = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = batches.clone();
    let query = reader
        .load()
        .unwrap()
        .write_stream()
        .foreach_batch(move |_, rows| {
            std::thread::sleep(sink_pause);
            let lines = rows
                .iter()
                .map(|row| match row.get(0) {
                    ember::Value::String(line) => line.clone(),
                    other => panic!("not a line: {other:?}"),
                })
                .collect();
            sink.lock().unwrap().push(lines);
            Ok(())
        })
        .start()
        .unwrap();
    (query, batches, server)
}

/// A producer faster than the query: reading pauses at `ember.maxBufferedLines` lines (TCP
/// holds the server back), so no batch takes much more than one read's worth — and nothing
/// is dropped.
#[test]
fn a_fast_producer_is_held_back_and_nothing_is_lost() {
    let (query, batches, mut server) = socket_query(
        &[("ember.maxBufferedLines", "3")],
        std::time::Duration::from_millis(20),
    );
    server.accept();
    let sent: Vec<String> = (0..10_000).map(|i| format!("line-{i:05}")).collect();
    let text: String = sent.iter().map(|l| format!("{l}\n")).collect();
    server.send(&text);
    let deadline = std::time::Instant::now() + crate::support::PATIENCE;
    while batches.lock().unwrap().iter().map(Vec::len).sum::<usize>() < sent.len() {
        assert!(std::time::Instant::now() < deadline, "lines were lost");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    query.stop().unwrap();
    let batches = batches.lock().unwrap();
    // Batch rows are sorted; lines of one batch are consecutive, batches in order.
    let received: Vec<String> = batches.iter().flatten().cloned().collect();
    assert_eq!(received, sent);
    let largest = batches.iter().map(Vec::len).max().unwrap();
    assert!(
        largest <= 2_000,
        "a batch took {largest} lines: reading did not pause"
    );
}

/// A line longer than `ember.maxLineLength` fails the query, naming the source and the
/// limit, instead of filling memory; the batches before it were written.
#[test]
fn a_line_too_long_fails_the_query_with_a_clear_error() {
    let (query, batches, mut server) =
        socket_query(&[("ember.maxLineLength", "10")], std::time::Duration::ZERO);
    server.accept();
    server.send("short\n");
    let deadline = std::time::Instant::now() + crate::support::PATIENCE;
    while !batches
        .lock()
        .unwrap()
        .iter()
        .flatten()
        .any(|l| l == "short")
    {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    server.send(&"x".repeat(100));
    let err = query.await_termination().unwrap_err().to_string();
    assert!(
        err.contains(&format!(
            "The socket source at 127.0.0.1:{} sent a line longer than 10 bytes \
             (ember.maxLineLength); the query stops rather than run out of memory",
            server.port()
        )),
        "{err}"
    );
}
