//! Spark's aggregate functions over a stream of `key,value` lines (an empty value is `NULL`):
//! distinct counts and sums, `first`/`last`, `collect_list`/`collect_set`, a standard
//! deviation and a variance per key, one text file per batch; or the functions named by
//! `--aggregates`, such as `sum,avg,try_sum,try_avg` (a sum that no longer fits its type fails
//! the query with Spark's error, before the batch is written; `try_sum` and `try_avg` give
//! `NULL` instead). With `--regroup` it aggregates twice: first each key's row count `n` and
//! greatest value `m`, then the functions of `m` per `n` — an aggregation over another's
//! changes, whose rows are retracted as the keys' counts grow.
//!
//! ```sh
//! cargo run --example aggregate_functions                 # the shipped sample, data/aggregates
//! cargo run --example aggregate_functions -- --output-mode complete
//! cargo run --example aggregate_functions -- --path DIR --aggregates sum,try_sum --type 'decimal(38,0)'
//! cargo run --example aggregate_functions -- --path DIR --aggregates sum,avg --type double --regroup
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ember::expr::{
    approx_count_distinct, col, collect_list, collect_set, count_distinct, count_star, first, last,
    lit, max, regexp_extract, resolve, stddev, sum_distinct, var_pop, when,
};
use ember::{ClusterArgs, Session, Trigger, Value};

/// Aggregate `key,value` lines per key, as `groupBy("k").agg(...)` does in Spark.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// The directory of text files to read, one per batch (default: the shipped sample)
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/aggregates"))]
    path: PathBuf,
    /// `update` or `complete`
    #[arg(long, default_value = "update")]
    output_mode: String,
    /// Aggregate functions of the values by name, comma-separated, instead of the default set
    #[arg(long)]
    aggregates: Option<String>,
    /// The type the values are cast to
    #[arg(long = "type", default_value = "bigint")]
    value_type: String,
    /// Aggregate the values per key first (`count(*) AS n, max(v) AS m`), then `m` per `n`
    #[arg(long)]
    regroup: bool,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn run(cli: Cli) -> ember::Result<()> {
    let spark = Session::builder()
        .app_name("AggregateFunctions")
        .cluster(cli.cluster)
        .get_or_create()?;
    let value = regexp_extract(col("value"), "^[^,]*,(.*)$", 1);
    let rows = spark
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .load_path(&cli.path)?
        .select([
            regexp_extract(col("value"), "^([^,]*),", 1).alias("k"),
            when(value.clone().eq(""), lit(Value::Null))
                .otherwise(value.cast_str(&cli.value_type))
                .alias("v"),
        ])?;
    let (rows, key, input) = if cli.regroup {
        let per_key = rows
            .group_by([col("k")])?
            .agg([count_star().alias("n"), max(col("v")).alias("m")])?;
        (per_key, "n", "m")
    } else {
        (rows, "k", "v")
    };
    let v = || col(input);
    let aggregates = match &cli.aggregates {
        Some(names) => names
            .split(',')
            .map(|name| resolve(name, vec![v()]))
            .collect::<ember::Result<Vec<_>>>()?,
        None => default_aggregates(v),
    };
    rows.group_by([col(key)])?
        .agg(aggregates)?
        .write_stream()
        .format("console")
        .output_mode(&cli.output_mode)
        .trigger(Trigger::AvailableNow)
        .start()?
        .await_termination()
}

/// The aggregates of the values `v()` the example computes unless told otherwise.
fn default_aggregates(v: impl Fn() -> ember::expr::Expr) -> Vec<ember::expr::Expr> {
    vec![
        count_distinct(v()),
        approx_count_distinct(v()),
        sum_distinct(v()),
        first(v(), false),
        first(v(), true),
        last(v(), false),
        last(v(), true),
        collect_list(v()),
        collect_set(v()),
        stddev(v()),
        var_pop(v()),
    ]
}
