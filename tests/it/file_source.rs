//! The text file source (`examples/file_echo.rs`): one file per batch with
//! `maxFilesPerTrigger=1`, in file order; `availableNow` stops by itself.

use crate::support::{finish_all, start_at_scale, write_file, Scale};

const EXPECTED: &str = "\
-------------------------------------------
Batch: 0
-------------------------------------------
+-----+
|value|
+-----+
|    c|
|  c c|
+-----+

-------------------------------------------
Batch: 1
-------------------------------------------
+--------------------+
|               value|
+--------------------+
|a line longer tha...|
+--------------------+

-------------------------------------------
Batch: 2
-------------------------------------------
+-----+
|value|
+-----+
|    b|
+-----+

";

fn three_files_three_batches(scale: Scale) {
    let data = tempfile::tempdir().unwrap();
    // Files are taken oldest first (modification time), not by name.
    write_file(
        data.path(),
        "a.txt",
        "a line longer than twenty characters\n",
        2,
    );
    write_file(data.path(), "b.txt", "b\n", 3);
    write_file(data.path(), "c.txt", "c\nc c\n", 1);
    write_file(data.path(), ".hidden", "never read\n", 0);
    let dir = tempfile::tempdir().unwrap();
    let path = data.path().to_str().unwrap();
    let procs = start_at_scale(
        "file_echo",
        &[
            "--path",
            path,
            "--trigger",
            "available-now",
            "--max-files-per-trigger",
            "1",
        ],
        scale,
        dir.path(),
    );
    assert_eq!(finish_all(procs), EXPECTED);
}

#[test]
fn files_one_worker() {
    three_files_three_batches(Scale::Workers(1));
}

#[test]
fn files_two_workers() {
    three_files_three_batches(Scale::Workers(2));
}

#[test]
fn files_two_processes() {
    three_files_three_batches(Scale::Processes(2, 2));
}
