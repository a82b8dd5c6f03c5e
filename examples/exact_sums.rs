//! Exact sums over a stream of `key,value` lines: aggregate functions by name (`sum`, `avg`,
//! `try_sum`, `try_avg`, ...) of the values per key, one text file per batch. A sum that no
//! longer fits its type fails the query with Spark's error, before the batch is written;
//! `try_sum` and `try_avg` give `NULL` instead.
//!
//! ```sh
//! cargo run --example exact_sums -- --path DIR --aggregates sum,try_sum --type 'decimal(38,0)'
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ember::expr::{col, regexp_extract, resolve};
use ember::{ClusterArgs, Session, Trigger};

/// Aggregate `key,value` lines per key, as `groupBy("k").agg(...)` does in Spark.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// The directory of text files to read, one per batch
    #[arg(long)]
    path: PathBuf,
    /// The aggregate functions of the values, by name, comma-separated
    #[arg(long, default_value = "sum,avg,try_sum,try_avg")]
    aggregates: String,
    /// The type the values are cast to
    #[arg(long = "type", default_value = "bigint")]
    value_type: String,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn run(cli: Cli) -> ember::Result<()> {
    let spark = Session::builder()
        .app_name("ExactSums")
        .cluster(cli.cluster)
        .get_or_create()?;
    let rows = spark
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .load_path(&cli.path)?
        .select([
            regexp_extract(col("value"), "^([^,]*),", 1).alias("k"),
            regexp_extract(col("value"), ",(.*)$", 1)
                .cast_str(&cli.value_type)
                .alias("v"),
        ])?;
    let aggregates = cli
        .aggregates
        .split(',')
        .map(|name| resolve(name, vec![col("v")]))
        .collect::<ember::Result<Vec<_>>>()?;
    rows.group_by([col("k")])?
        .agg(aggregates)?
        .write_stream()
        .format("console")
        .output_mode("update")
        .trigger(Trigger::AvailableNow)
        .start()?
        .await_termination()
}
