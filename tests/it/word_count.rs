//! The streaming word count (`examples/word_count.rs`, and `examples/sql_word_count.rs`, the
//! same job as SQL): complete and update mode, over a
//! socket and over files, exact bytes at every scale. Rows are sorted within a batch.

use crate::support::{at_every_scale, run_socket_script, write_files, SCALES};

const SENDS: [&str; 3] = [
    "the cat sat\nthe dog\n",
    "the cat ran\na bird\n",
    "cat  cat\n",
];

fn frame(id: u64, rows: &[(&str, i64)]) -> String {
    let mut table = String::from("+----+-----+\n|word|count|\n+----+-----+\n");
    for (word, count) in rows {
        table.push_str(&format!("|{word:>4}|{count:>5}|\n"));
    }
    table.push_str("+----+-----+\n");
    crate::support::console_batch(id, &table)
}

/// The batches of `SENDS` in complete mode, numbered from `first`.
fn complete_batches(first: u64) -> String {
    [
        frame(first, &[("cat", 1), ("dog", 1), ("sat", 1), ("the", 2)]),
        frame(
            first + 1,
            &[
                ("a", 1),
                ("bird", 1),
                ("cat", 2),
                ("dog", 1),
                ("ran", 1),
                ("sat", 1),
                ("the", 3),
            ],
        ),
        // "cat  cat": two spaces make an empty-string word, as in Spark.
        frame(
            first + 2,
            &[
                ("", 1),
                ("a", 1),
                ("bird", 1),
                ("cat", 4),
                ("dog", 1),
                ("ran", 1),
                ("sat", 1),
                ("the", 3),
            ],
        ),
    ]
    .concat()
}

/// The batches of `SENDS` in update mode, numbered from `first`.
fn update_batches(first: u64) -> String {
    [
        frame(first, &[("cat", 1), ("dog", 1), ("sat", 1), ("the", 2)]),
        frame(
            first + 1,
            &[("a", 1), ("bird", 1), ("cat", 2), ("ran", 1), ("the", 3)],
        ),
        frame(first + 2, &[("", 1), ("cat", 4)]),
    ]
    .concat()
}

/// The word count, and the same job written as SQL (`spark.sql` over a view of the lines):
/// their console output is the same, byte for byte.
const JOBS: [&str; 2] = ["word_count", "sql_word_count"];

/// The socket gives an initial empty batch, then one batch per send.
fn socket_run(mode: &str, expected: &str) {
    socket_run_with(&["--output-mode", mode, "--trigger", "0 seconds"], expected);
}

fn socket_run_with(args: &[&str], expected: &str) {
    let expected = frame(0, &[]) + expected;
    for example in JOBS {
        for scale in SCALES {
            let args = [&["--source", "socket"], args].concat();
            let stdout = run_socket_script(example, &args, scale, &SENDS);
            assert_eq!(stdout, expected, "{example} {scale:?}");
        }
    }
}

/// With a socket and no `--trigger`, the job runs until stopped, as Spark's default trigger
/// does (it used to stop after batch 0, as files' `available-now` does).
#[test]
fn a_socket_runs_until_stopped_by_default() {
    socket_run_with(&["--output-mode", "update"], &update_batches(1));
}

#[test]
fn socket_complete_mode() {
    socket_run("complete", &complete_batches(1));
}

#[test]
fn socket_update_mode() {
    socket_run("update", &update_batches(1));
}

/// Files give the same batches, without the socket's initial empty batch.
fn files_run(mode: &str, expected: &str) {
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".txt", &SENDS);
    let path = data.path().to_str().unwrap();
    for example in JOBS {
        at_every_scale(example, &["--path", path, "--output-mode", mode], expected);
    }
}

#[test]
fn files_complete_mode() {
    files_run("complete", &complete_batches(0));
}

#[test]
fn files_update_mode() {
    files_run("update", &update_batches(0));
}
