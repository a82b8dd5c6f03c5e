//! The seed job: echo every line typed into a socket, one batch at a time, as Spark's
//! streaming quickstart does.
//!
//! ```sh
//! nc -lk 9999                                   # terminal 1: type lines here
//! cargo run --example socket_echo               # terminal 2
//! cargo run --example socket_echo -- -w 4       # 4 worker threads
//! cargo run --example socket_echo -- -n 2 -p 0 -h hosts.txt   # process 0 of 2 (and -p 1 elsewhere)
//! ```
//!
//! Ctrl-C (SIGINT) or SIGTERM finishes the batch in flight, prints it, and exits 0.

use std::process::ExitCode;

use clap::Parser;
use ember::cli::{job_session, print_ui_address, UiArgs};
use ember::ClusterArgs;

/// Echo lines from a TCP server to the console, one micro-batch at a time.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// Host of the TCP server to read lines from
    #[arg(long, default_value = "localhost")]
    host: String,
    /// Port of the TCP server
    #[arg(long, default_value_t = 9999)]
    port: u16,
    #[command(flatten)]
    ui: UiArgs,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn run(cli: Cli) -> ember::Result<()> {
    let builder = job_session("Word Count", cli.cluster).config("spark.sql.shuffle.partitions", 2);
    let spark = cli.ui.apply(builder).get_or_create()?;
    let df = spark
        .read_stream()
        .format("socket")
        .option("host", &cli.host)
        .option("port", cli.port)
        .load()?;
    let query = df
        .write_stream()
        .format("console")
        .option("checkpointLocation", "checkpoint")
        .output_mode("append")
        .start()?;
    print_ui_address(&spark);
    query.await_termination()
}
