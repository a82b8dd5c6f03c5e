//! Tidy records with Spark's scalar functions: conditional, math, string and hash functions on
//! the csv files of a directory, one batch per new file.
//!
//! ```sh
//! cargo run --example functions                        # the shipped sample, then stops
//! cargo run --example functions -- --path DIR -w 2     # another directory, 2 workers
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ember::{
    coalesce, col, concat_ws, format_string, greatest, hash, initcap, lit, lpad, nvl, pmod, round,
    sha2, ClusterArgs, Session, Trigger,
};

/// Print tidied records of the csv files (name, city, score, visits) in a directory.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// Directory of csv files with a header: name,city,score,visits
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/people"))]
    path: PathBuf,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn run(cli: Cli) -> ember::Result<()> {
    let spark = Session::builder()
        .app_name("Functions")
        .cluster(cli.cluster)
        .get_or_create()?;
    let people = spark
        .read_stream()
        .format("csv")
        .option("header", "true")
        .schema("name STRING, city STRING, score DOUBLE, visits INT")
        .load_path(&cli.path)?;
    let tidy = people.select(vec![
        initcap(col("name")),
        coalesce(vec![col("city"), lit("unknown")]),
        round(col("score"), 1),
        format_string("%06.2f|%,d", vec![col("score"), col("visits")]),
        lpad(col("city"), 8, "."),
        greatest(vec![col("visits"), lit(0)]),
        pmod(nvl(col("visits"), lit(0)), lit(5)),
        concat_ws("-", vec![col("city"), col("name")]),
        hash(vec![col("name"), col("visits")]),
        sha2(col("city"), 256),
    ])?;
    let query = tidy
        .write_stream()
        .format("console")
        .option("truncate", "false")
        .trigger(Trigger::AvailableNow)
        .start()?;
    query.await_termination()
}
