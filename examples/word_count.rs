//! The streaming word count: lines from a socket or a directory, split into words, counted
//! incrementally — each batch costs what it touched, not what came before.
//!
//! ```sh
//! cargo run --example word_count                                   # shipped corpus, then stops
//! cargo run --example word_count -- --output-mode update           # only the counts that changed
//! cargo run --example word_count -- --source socket --port 9999   # with nc -lk 9999; runs until stopped
//! cargo run --example word_count -- -w 2                           # 2 workers, same output
//! cargo run --example word_count -- --trigger "1 second"           # a batch a second: watch
//!                                                                  # it at http://127.0.0.1:4040
//! ```
//!
//! `sql_word_count` is the same job written as SQL.

use std::process::ExitCode;

use ember::expr::{col, explode, split};

#[path = "shared/word_count_job.rs"]
mod job;

fn main() -> ExitCode {
    job::main(|_spark, lines| {
        let words = lines.select([explode(split(col("value"), " ")).alias("word")])?;
        words.group_by([col("word")])?.count()
    })
}
