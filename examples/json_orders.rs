//! Parse JSON order lines with `from_json`, pull fields out of the struct and explode the items
//! with their positions (`posexplode`): one row per ordered item.
//!
//! ```sh
//! cargo run --example json_orders                  # the shipped sample, then stops
//! cargo run --example json_orders -- --path DIR -w 2
//! cargo run --example json_orders -- --source socket --port 9999   # JSON lines from nc -lk 9999
//! ```

use std::process::ExitCode;

use clap::Parser;
use ember::cli::{job_session, print_ui_address, SourceArgs, UiArgs};
use ember::{col, from_json, posexplode, ClusterArgs};

/// The schema of an order line.
const ORDER: &str = "id INT, customer STRUCT<name: STRING, city: STRING>, items ARRAY<STRING>";

/// One row per item of the JSON orders, lines of the text files of a directory (--path,
/// default data/orders) or of a socket.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    #[command(flatten)]
    input: SourceArgs,
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
        .apply(job_session("JSON Orders", cli.cluster))
        .get_or_create()?;
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/orders");
    let lines = cli.input.lines(&spark, data, None)?;
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
        .trigger(cli.input.trigger())
        .start()?;
    print_ui_address(&spark);
    query.await_termination()
}
