//! A word count over the union of several streams: the text files of each `--path`
//! directory (one file per source per batch) and, with `--port`, the lines of a socket — each
//! source with its own offsets in the checkpoint, recovered on restart.
//!
//! ```sh
//! cargo run --example union_count                      # data/words and data/echo, then stops
//! cargo run --example union_count -- --path data/words --port 9999 --checkpoint ck   # with nc -lk 9999
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ember::cli::{job_session, print_ui_address, UiArgs};
use ember::expr::{col, explode, split};
use ember::{ClusterArgs, DataFrame, Trigger};

/// Count the words of several streams of lines at once, as Spark's `union`.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// A directory of text files to read (repeatable) [default: data/words and data/echo]
    #[arg(long)]
    path: Vec<PathBuf>,
    /// Also read the lines of the TCP server at --host and this port; the query then runs
    /// until stopped
    #[arg(long)]
    port: Option<u16>,
    /// Host of the TCP server
    #[arg(long, default_value = "localhost")]
    host: String,
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

fn words(lines: DataFrame) -> ember::Result<DataFrame> {
    lines.select([explode(split(col("value"), " ")).alias("word")])
}

fn run(cli: Cli) -> ember::Result<()> {
    let spark = cli
        .ui
        .apply(job_session("UnionCount", cli.cluster))
        .get_or_create()?;
    let mut paths = cli.path.clone();
    if paths.is_empty() {
        let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
        paths = vec![data.join("words"), data.join("echo")];
    }
    let mut streams = Vec::new();
    for path in &paths {
        let lines = spark
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", 1)
            .load_path(path)?;
        streams.push(words(lines)?);
    }
    let mut trigger = Trigger::AvailableNow;
    if let Some(port) = cli.port {
        let lines = spark
            .read_stream()
            .format("socket")
            .option("host", &cli.host)
            .option("port", port)
            .load()?;
        streams.push(words(lines)?);
        trigger = Trigger::default();
    }
    let mut all = streams.remove(0);
    for stream in &streams {
        all = all.union(stream)?;
    }
    let counts = all.group_by([col("word")])?.count()?;
    let mut writer = counts
        .write_stream()
        .format("console")
        .output_mode("complete")
        .trigger(trigger);
    if let Some(dir) = &cli.checkpoint {
        writer = writer.option("checkpointLocation", dir.display());
    }
    let query = writer.start()?;
    print_ui_address(&spark);
    query.await_termination()
}
