//! The streaming word count written as SQL: `spark.sql` over a temporary view of the lines.
//! It takes `word_count`'s flags and prints exactly what `word_count` prints: the SQL becomes
//! the same plan as `word_count`'s DataFrame calls.
//!
//! ```sh
//! cargo run --example sql_word_count                                 # shipped corpus, then stops
//! cargo run --example sql_word_count -- --source socket --port 9999 # with nc -lk 9999
//! ```

use std::process::ExitCode;

#[path = "shared/word_count_job.rs"]
mod job;

fn main() -> ExitCode {
    job::main(|spark, lines| {
        lines.create_or_replace_temp_view("lines")?;
        spark.sql(
            "SELECT word, count(*) AS count \
             FROM (SELECT explode(split(value, ' ')) AS word FROM lines) \
             GROUP BY word",
        )
    })
}
