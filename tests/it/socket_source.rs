//! The seed job (`examples/socket_echo.rs`) fed by a loopback server prints exactly Spark's
//! bytes, at every scale.

use crate::support::{start_at_scale, LineServer, Scale};

const EXPECTED: &str = "\
-------------------------------------------
Batch: 0
-------------------------------------------
+-----+
|value|
+-----+
+-----+

-------------------------------------------
Batch: 1
-------------------------------------------
+-----+
|value|
+-----+
|hello|
+-----+

-------------------------------------------
Batch: 2
-------------------------------------------
+-----------+
|      value|
+-----------+
|hello world|
+-----------+

";

fn seed_job_prints_sparks_bytes(scale: Scale) {
    let dir = tempfile::tempdir().unwrap();
    let mut server = LineServer::new();
    let port = server.port().to_string();
    let mut procs = start_at_scale(
        "socket_echo",
        &["--host", "127.0.0.1", "--port", &port],
        scale,
        dir.path(),
    );
    server.accept();
    procs[0].wait_for_batches(1);
    server.send_line("hello");
    procs[0].wait_for_batches(2);
    server.send_line("hello world");
    procs[0].wait_for_batches(3);
    procs[0].terminate();
    let mut outputs = Vec::new();
    for p in procs {
        outputs.push(p.finish());
    }
    let (code, stdout, stderr) = &outputs[0];
    assert_eq!(stdout, EXPECTED, "stderr: {stderr}");
    assert_eq!(*code, Some(0), "stderr: {stderr}");
    for (code, stdout, stderr) in &outputs[1..] {
        assert_eq!(stdout, "", "only process 0 prints");
        assert_eq!(*code, Some(0), "stderr: {stderr}");
    }
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
