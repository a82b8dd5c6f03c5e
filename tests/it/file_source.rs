//! The text file source (`examples/file_echo.rs`): one file per batch with
//! `maxFilesPerTrigger=1`, in file order; `availableNow` stops by itself.

use std::path::Path;

use crate::support::{start_at_scale, Scale};

fn write_file(dir: &Path, name: &str, text: &str, second: u64) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000 + second);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

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
    let outputs: Vec<_> = procs.into_iter().map(|p| p.finish()).collect();
    let (code, stdout, stderr) = &outputs[0];
    assert_eq!(stdout, EXPECTED, "stderr: {stderr}");
    assert_eq!(*code, Some(0), "stderr: {stderr}");
    for (code, stdout, stderr) in &outputs[1..] {
        assert_eq!(stdout, "");
        assert_eq!(*code, Some(0), "stderr: {stderr}");
    }
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
