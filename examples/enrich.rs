//! Enrichment: a stream of words joined with a static table of categories
//! (`data/categories.csv`), printed to the console in append mode — Spark's stream-static
//! join.
//!
//! ```sh
//! cargo run --example enrich                                  # data/words, one file a batch, then stops
//! cargo run --example enrich -- --how left_anti               # words with no category
//! cargo run --example enrich -- --how left_outer --count      # words per category (update mode)
//! cargo run --example enrich -- --source socket --port 9999   # with nc -lk 9999; runs until stopped
//! cargo run --example enrich -- -w 2                          # 2 workers, same output
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ember::cli::{job_session, print_ui_address, SourceArgs, UiArgs};
use ember::expr::{col, explode, split};
use ember::ClusterArgs;

#[derive(Clone, Copy, ValueEnum)]
enum How {
    /// Words with a category, and their category
    Inner,
    /// Every word, with its category or NULL
    #[value(name = "left_outer")]
    LeftOuter,
    /// Words that have a category
    #[value(name = "left_semi")]
    LeftSemi,
    /// Words that have none
    #[value(name = "left_anti")]
    LeftAnti,
}

/// Join a stream of words with a static table of categories, as Spark's stream-static join.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// The lines of words: text files (--path, default data/words) or a socket
    #[command(flatten)]
    input: SourceArgs,
    /// The table of categories: a csv file with a header `word,category`
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/categories.csv"))]
    categories: PathBuf,
    /// The join type
    #[arg(long, value_enum, default_value = "inner")]
    how: How,
    /// Join the table with the words instead: the static side on the left (inner joins only,
    /// as in Spark); the same rows
    #[arg(long)]
    table_first: bool,
    /// Count the joined words per category instead, printing the counts that changed
    /// (update mode)
    #[arg(long)]
    count: bool,
    /// Checkpoint directory: a restarted query resumes where it stopped
    #[arg(long)]
    checkpoint: Option<PathBuf>,
    #[command(flatten)]
    ui: UiArgs,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn run(cli: Cli) -> ember::Result<()> {
    let spark = cli
        .ui
        .apply(job_session("Enrich", cli.cluster))
        .get_or_create()?;
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/words");
    let lines = cli.input.lines(&spark, data, Some(1))?;
    let words = lines.select([explode(split(col("value"), " ")).alias("word")])?;
    let categories = spark
        .read()
        .format("csv")
        .option("header", true)
        .load_path(&cli.categories)?;
    let how = match cli.how {
        How::Inner => "inner",
        How::LeftOuter => "left_outer",
        How::LeftSemi => "left_semi",
        How::LeftAnti => "left_anti",
    };
    let mut enriched = if cli.table_first {
        categories.join(&words, "word", how)?
    } else {
        words.join(&categories, "word", how)?
    };
    let mut mode = "append";
    if cli.count {
        enriched = enriched.group_by([col("category")])?.count()?;
        mode = "update";
    }
    let mut writer = enriched
        .write_stream()
        .format("console")
        .output_mode(mode)
        .trigger(cli.input.trigger());
    if let Some(dir) = &cli.checkpoint {
        writer = writer.option("checkpointLocation", dir.display());
    }
    let query = writer.start()?;
    print_ui_address(&spark);
    query.await_termination()
}
