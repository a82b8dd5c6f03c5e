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

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ember::cli::{print_ui_address, SourceArgs, SourceKind, UiArgs};
use ember::expr::{col, explode, split};
use ember::{ClusterArgs, Session};

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    /// The whole table every batch
    Complete,
    /// Only the rows that changed
    Update,
}

/// Count the words of a stream of lines, as Spark's structured streaming word count.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    #[command(flatten)]
    input: SourceArgs,
    /// New files per batch (--source files)
    #[arg(long, default_value_t = 1)]
    max_files_per_trigger: usize,
    /// complete: the whole table every batch; update: the rows that changed
    #[arg(long, value_enum, default_value = "complete")]
    output_mode: Mode,
    /// Rows the console shows per batch
    #[arg(long, default_value_t = 20)]
    num_rows: usize,
    /// Checkpoint directory: a restarted query resumes where it stopped
    #[arg(long)]
    checkpoint: Option<PathBuf>,
    /// A Spark configuration setting, KEY=VALUE (repeatable), as spark-submit's --conf
    #[arg(long = "conf", value_name = "KEY=VALUE", value_parser = ember::config::parse_key_value)]
    conf: Vec<(String, String)>,
    #[command(flatten)]
    ui: UiArgs,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn run(cli: Cli) -> ember::Result<()> {
    let mut builder = Session::builder()
        .app_name("StructuredNetworkWordCount")
        .config("spark.streaming.stopGracefullyOnShutdown", "true")
        .cluster(cli.cluster);
    for (key, value) in &cli.conf {
        builder = builder.config(key, value);
    }
    let spark = cli.ui.apply(builder).get_or_create()?;
    let lines = match cli.input.source {
        SourceKind::Socket => cli.input.socket_lines(&spark)?,
        SourceKind::Files => spark
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", cli.max_files_per_trigger)
            .load_path(
                cli.input
                    .path_or(concat!(env!("CARGO_MANIFEST_DIR"), "/data/corpus")),
            )?,
    };
    let words = lines.select([explode(split(col("value"), " ")).alias("word")])?;
    let counts = words.group_by([col("word")])?.count()?;
    let mode = match cli.output_mode {
        Mode::Complete => "complete",
        Mode::Update => "update",
    };
    let mut writer = counts
        .write_stream()
        .format("console")
        .output_mode(mode)
        .option("numRows", cli.num_rows)
        .trigger(cli.input.trigger());
    if let Some(dir) = &cli.checkpoint {
        writer = writer.option("checkpointLocation", dir.display());
    }
    let query = writer.start()?;
    print_ui_address(&spark);
    query.await_termination()
}
