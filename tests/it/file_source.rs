//! The text file source (`examples/file_echo.rs`): one file per batch with
//! `maxFilesPerTrigger=1`, in file order; `availableNow` stops by itself.

use crate::support::{
    at_every_scale, console_batch, run_at_scale, start_at_scale, write_file, Scale, SCALES,
};

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
    let path = data.path().to_str().unwrap();
    let args = [
        "--path",
        path,
        "--trigger",
        "available-now",
        "--max-files-per-trigger",
        "1",
    ];
    assert_eq!(run_at_scale("file_echo", &args, scale), EXPECTED);
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

/// Malformed CSV lines in each of Spark's parse modes, read through `file_echo` at every
/// scale: PERMISSIVE keeps the row with a null for the field that failed (and ignores an extra
/// field), DROPMALFORMED drops both malformed lines, FAILFAST stops the query with Spark's
/// error naming the file and the record, exit code 1.
#[test]
fn malformed_csv_lines_follow_the_parse_mode_at_every_scale() {
    let data = tempfile::tempdir().unwrap();
    write_file(
        data.path(),
        "part-0.csv",
        "2026-01-01 10:00:00,cat\nnot a time,dog\n2026-01-01 10:02:00,owl,extra\n",
        0,
    );
    let path = data.path().to_str().unwrap();
    let run = |mode: &str, scale: Scale| {
        let dir = tempfile::tempdir().unwrap();
        let option = format!("mode={mode}");
        let args = [
            "--path",
            path,
            "--format",
            "csv",
            "--schema",
            "ts TIMESTAMP, word STRING",
            "--option",
            &option,
            // Nothing on stderr but what the mode says (no web UI address).
            "--conf",
            "spark.ui.enabled=false",
        ];
        let mut outputs: Vec<_> = start_at_scale("file_echo", &args, scale, dir.path())
            .into_iter()
            .map(|p| p.finish())
            .collect();
        outputs.swap_remove(0)
    };
    let line = "+-------------------+----+\n";
    let header = format!("{line}|                 ts|word|\n{line}");
    let permissive = console_batch(
        0,
        &format!("{header}|               NULL| dog|\n|2026-01-01 10:00:00| cat|\n|2026-01-01 10:02:00| owl|\n{line}"),
    );
    let dropped = console_batch(0, &format!("{header}|2026-01-01 10:00:00| cat|\n{line}"));
    for scale in SCALES {
        assert_eq!(
            run("PERMISSIVE", scale),
            (Some(0), permissive.clone(), String::new()),
            "{scale:?}"
        );
        assert_eq!(
            run("DROPMALFORMED", scale),
            (Some(0), dropped.clone(), String::new()),
            "{scale:?}"
        );
        let (code, stdout, stderr) = run("FAILFAST", scale);
        assert_eq!(
            (code, stdout.as_str()),
            (Some(1), ""),
            "{scale:?}: {stderr}"
        );
        let file = format!("file://{}/part-0.csv", data.path().display());
        assert!(
            stderr.contains(&format!(
                "[FAILED_READ_FILE.NO_HINT] Encountered error while reading file {file}.  \
                 SQLSTATE: KD001 Cause: [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] \
                 Malformed records are detected in record parsing: [null,dog].\nParse Mode: \
                 FAILFAST."
            )),
            "{scale:?}: {stderr}"
        );
    }
}

/// Timestamps in a CSV file, in the shapes read at fixed places (`yyyy-MM-dd`, a space or `T`,
/// a fraction of up to 6 digits) and in the shapes only the general parser reads (one-digit
/// fields, 7 fraction digits, a zone, blanks around, a dot without digits), with values out of
/// range (null): what PySpark 4.3 read from the same file with the session zone
/// America/New_York (its rows in file order; here sorted), at every scale.
#[test]
fn csv_timestamps_read_in_every_shape_as_spark_reads_them() {
    let data = tempfile::tempdir().unwrap();
    write_file(
        data.path(),
        "part-0.csv",
        "2026-01-01 10:00:00,space\n2026-01-01T10:00:00,tee\n2026-01-01 10:00:00.5,tenth\n\
         2026-01-01 10:00:00.123456,micro\n2026-01-01 10:00:00.1234567,nano\n\
         2026-01-01,date\n2026-1-1 1:2:3,single\n2026-01-01 10:00:00Z,zulu\n\
         2026-01-01T10:00:00+02:00,offset\n 2026-01-01 10:00:00 ,blanks\n\
         2026-13-01 10:00:00,month13\n2026-02-29 10:00:00,feb29\n2026-01-01 24:00:00,hour24\n\
         2026-01-01 10:60:00,minute60\n2026-01-01 10:00:00.,dot\n2026/01/01 10:00:00,slash\n",
        0,
    );
    let line = "+--------------------------+--------+\n";
    let rows = [
        "NULL                      |feb29   ",
        "NULL                      |hour24  ",
        "NULL                      |minute60",
        "NULL                      |month13 ",
        "NULL                      |slash   ",
        "2026-01-01 00:00:00       |date    ",
        "2026-01-01 01:02:03       |single  ",
        "2026-01-01 03:00:00       |offset  ",
        "2026-01-01 05:00:00       |zulu    ",
        "2026-01-01 10:00:00       |blanks  ",
        "2026-01-01 10:00:00       |dot     ",
        "2026-01-01 10:00:00       |space   ",
        "2026-01-01 10:00:00       |tee     ",
        "2026-01-01 10:00:00.123456|micro   ",
        "2026-01-01 10:00:00.123456|nano    ",
        "2026-01-01 10:00:00.5     |tenth   ",
    ];
    let body: String = rows.iter().map(|r| format!("|{r}|\n")).collect();
    let expected = console_batch(
        0,
        &format!("{line}|ts                        |word    |\n{line}{body}{line}"),
    );
    at_every_scale(
        "file_echo",
        &[
            "--path",
            data.path().to_str().unwrap(),
            "--format",
            "csv",
            "--schema",
            "ts TIMESTAMP, word STRING",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.sql.session.timeZone=America/New_York",
            "--sink-option",
            "truncate=false",
        ],
        &expected,
    );
}
