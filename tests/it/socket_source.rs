//! The seed job (`examples/socket_echo.rs`) fed by a loopback server prints exactly Spark's
//! bytes, at every scale.

use crate::support::{run_socket_script, Scale};

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
