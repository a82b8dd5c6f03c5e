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

/// `stop()` while the driver writes batch 1 to the sink: batch 2 is already on its way to the
/// other workers (the driver runs one batch ahead, also with a checkpoint, whose log entries
/// are written meanwhile), so it is finished and written before the query stops. Nothing
/// after that reaches the sink.
#[test]
fn stop_finishes_the_batch_already_sent() {
    use std::sync::mpsc;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    let input = tempfile::tempdir().unwrap();
    crate::support::write_files(input.path(), "part-", ".txt", &["a", "b", "c", "d", "e"]);
    for workers in [1, 2] {
        for (checkpointed, expected) in [(false, vec![0, 1, 2]), (true, vec![0, 1, 2])] {
            let checkpoint = tempfile::tempdir().unwrap();
            let seen = Arc::new(Mutex::new(Vec::new()));
            let sink = seen.clone();
            let (at_batch_1, stopping) = (mpsc::channel(), mpsc::channel::<()>());
            let (tell, go) = (Mutex::new(at_batch_1.0), Mutex::new(stopping.1));
            let query = Arc::new(crate::support::start_batch_count(
                input.path(),
                workers,
                checkpointed.then_some(checkpoint.path()),
                move |batch_id| {
                    sink.lock().unwrap().push(batch_id);
                    if batch_id == 1 {
                        // Hold the sink until `stop()` has been called.
                        tell.lock().unwrap().send(()).unwrap();
                        go.lock().unwrap().recv().unwrap();
                    }
                    Ok(())
                },
            ));
            at_batch_1.1.recv_timeout(Duration::from_secs(60)).unwrap();
            let stopper = std::thread::spawn({
                let query = query.clone();
                move || query.stop()
            });
            // `stop()` sets its flag at once, then waits for the query to end.
            std::thread::sleep(Duration::from_millis(200));
            stopping.0.send(()).unwrap();
            stopper.join().unwrap().unwrap();
            let scale = format!("{workers} workers, checkpoint: {checkpointed}");
            assert_eq!(*seen.lock().unwrap(), expected, "{scale}");
        }
    }
}
