//! Graceful shutdown: SIGTERM while a batch is being planned lets it finish and print, then
//! the process exits 0.

use crate::support::{LineServer, Running};

#[test]
fn sigterm_exits_zero_after_the_batch_in_flight() {
    let mut server = LineServer::new();
    let port = server.port().to_string();
    let mut job = Running::start(
        "socket_echo",
        &["--host", "127.0.0.1", "--port", &port, "-w", "2"],
    );
    server.accept();
    job.wait_for_batches(1);
    server.send("last words\n");
    job.wait_for_batches(2);
    job.terminate();
    let (code, stdout, stderr) = job.finish();
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(
        stdout.ends_with("|last words|\n+----------+\n\n"),
        "{stdout}"
    );
}
