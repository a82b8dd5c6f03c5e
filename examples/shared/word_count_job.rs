//! The word count's command line and running, shared by `word_count` (DataFrame calls) and
//! `sql_word_count` (the same query as SQL text): the same flags, source, sink and output.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ember::cli::{job_session, print_ui_address, SourceArgs, UiArgs};
use ember::{ClusterArgs, DataFrame, Session};

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

/// Parses the command line, reads the lines (a `value` column) from the socket or the files
/// it names, counts them with `count`, and writes the counts to the console until the source
/// ends or the job is stopped.
pub fn main(count: fn(&Session, DataFrame) -> ember::Result<DataFrame>) -> ExitCode {
    ember::config::exit_code(run(Cli::parse(), count))
}

fn run(cli: Cli, count: fn(&Session, DataFrame) -> ember::Result<DataFrame>) -> ember::Result<()> {
    let builder = job_session("StructuredNetworkWordCount", cli.cluster).configs(&cli.conf);
    let spark = cli.ui.apply(builder).get_or_create()?;
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/corpus");
    let lines = cli
        .input
        .lines(&spark, data, Some(cli.max_files_per_trigger))?;
    let counts = count(&spark, lines)?;
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
