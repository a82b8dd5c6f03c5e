//! Echo the lines of the text files in a directory, one batch per new file.
//!
//! ```sh
//! cargo run --example file_echo                         # the shipped sample, then stops
//! cargo run --example file_echo -- --path DIR --trigger "1 second"   # keep watching DIR
//! cargo run --example file_echo -- -w 2                 # 2 workers share the files
//! cargo run --example file_echo -- --sink csv --output OUT --checkpoint CP   # to files, once
//! cargo run --example file_echo -- --format json --path data/types --sink-option truncate=false \
//!     --schema "b TINYINT, s SMALLINT, f FLOAT, d DECIMAL(10,2), bin BINARY, m MAP<STRING,INT>, \
//!     ntz TIMESTAMP_NTZ, am ARRAY<MAP<STRING,DECIMAL(10,2)>>, st STRUCT<x: FLOAT, y: BINARY>"
//! cargo run --example file_echo -- --format csv --schema "ts TIMESTAMP, word STRING" \
//!     --path data/events --conf spark.sql.session.timeZone=America/New_York
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ember::cli::{job_session, print_ui_address, UiArgs};
use ember::{ClusterArgs, Trigger};

/// Print the lines (or, with --format csv or json, the records) of new files in a directory, as
/// Spark's file sources do.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// Directory to watch
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/echo"))]
    path: PathBuf,
    /// available-now (read what is there, then stop), once, or an interval such as "2 seconds"
    #[arg(long, default_value = "available-now")]
    trigger: Trigger,
    /// New files per batch
    #[arg(long, default_value_t = 1)]
    max_files_per_trigger: usize,
    /// Checkpoint directory: a restarted query resumes where it stopped
    #[arg(long)]
    checkpoint: Option<PathBuf>,
    /// Where batches go: console, csv or json (files in --output, exactly once)
    #[arg(long, default_value = "console")]
    sink: String,
    /// Output directory of the csv and json sinks
    #[arg(long)]
    output: Option<PathBuf>,
    /// Source format: text, csv or json
    #[arg(long, default_value = "text")]
    format: String,
    /// Schema of the csv and json sources, such as "ts TIMESTAMP, word STRING"
    #[arg(long)]
    schema: Option<String>,
    /// A source option `key=value`, such as timeZone=Europe/Paris (repeatable)
    #[arg(long = "option", value_parser = ember::config::parse_key_value)]
    options: Vec<(String, String)>,
    /// A sink option `key=value`, such as truncate=false for the console (repeatable)
    #[arg(long = "sink-option", value_parser = ember::config::parse_key_value)]
    sink_options: Vec<(String, String)>,
    /// A Spark configuration `key=value`, such as spark.sql.session.timeZone=Europe/Paris
    /// (repeatable)
    #[arg(long = "conf", value_parser = ember::config::parse_key_value)]
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
    if cli.sink != "console" && cli.output.is_none() {
        return Err(ember::Error::InvalidArgument(format!(
            "--sink {} needs --output DIR",
            cli.sink
        )));
    }
    let builder = job_session("File Echo", cli.cluster).configs(&cli.conf);
    let spark = cli.ui.apply(builder).get_or_create()?;
    let mut reader = spark
        .read_stream()
        .format(&cli.format)
        .option("maxFilesPerTrigger", cli.max_files_per_trigger);
    if let Some(schema) = &cli.schema {
        reader = reader.schema(schema);
    }
    for (key, value) in &cli.options {
        reader = reader.option(key, value);
    }
    let lines = reader.load_path(&cli.path)?;
    let mut writer = lines.write_stream().format(&cli.sink).trigger(cli.trigger);
    if let Some(dir) = &cli.output {
        writer = writer.option("path", dir.display());
    }
    for (key, value) in &cli.sink_options {
        writer = writer.option(key, value);
    }
    if let Some(dir) = &cli.checkpoint {
        writer = writer.option("checkpointLocation", dir.display());
    }
    let query = writer.start()?;
    print_ui_address(&spark);
    query.await_termination()
}
