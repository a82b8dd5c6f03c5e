//! Parse JSON order lines with `from_json`, pull fields out of the struct and explode the items
//! with their positions (`posexplode`): one row per ordered item.
//!
//! ```sh
//! cargo run --example json_orders                  # the shipped sample, then stops
//! cargo run --example json_orders -- --path DIR -w 2
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ember::cli::{print_ui_address, UiArgs};
use ember::{col, from_json, posexplode, ClusterArgs, Session, Trigger};

/// The schema of an order line.
const ORDER: &str = "id INT, customer STRUCT<name: STRING, city: STRING>, items ARRAY<STRING>";

/// One row per item of the JSON orders in the text files of a directory.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// Directory of JSON lines files
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/orders"))]
    path: PathBuf,
    /// available-now (read what is there, then stop), once, or an interval such as "2 seconds"
    #[arg(long, default_value = "available-now")]
    trigger: Trigger,
    #[command(flatten)]
    ui: UiArgs,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn run(cli: Cli) -> ember::Result<()> {
    let builder = Session::builder()
        .app_name("JSON Orders")
        .config("spark.streaming.stopGracefullyOnShutdown", "true")
        .cluster(cli.cluster);
    let spark = cli.ui.apply(builder).get_or_create()?;
    let lines = spark.read_stream().format("text").load_path(&cli.path)?;
    let orders = lines.select([from_json(col("value"), ORDER).alias("o")])?;
    let order = || col("o");
    let items = orders.select([
        order().get_field("id").alias("id"),
        order()
            .get_field("customer")
            .get_field("name")
            .alias("customer"),
        posexplode(order().get_field("items")),
    ])?;
    let query = items
        .write_stream()
        .format("console")
        .trigger(cli.trigger)
        .start()?;
    print_ui_address(&spark);
    query.await_termination()
}
