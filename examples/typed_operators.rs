//! Spark's typed operators with Rust closures: `map_rows`, `filter_rows` and `flat_map_rows`
//! over `user,page` click events, and `drop_duplicates` — each a custom operator on
//! `ember-operators`' public `Operator` trait.
//!
//! ```sh
//! cargo run --example typed_operators                         # map, filter, flat map
//! cargo run --example typed_operators -- --query dedup        # first click of each user
//! cargo run --example typed_operators -- --query dedup-all    # distinct clicks
//! cargo run --example typed_operators -- --fail panic         # a closure that panics: a clean error
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ember::cli::{print_ui_address, UiArgs};
use ember::{ClusterArgs, DataFrame, DataType, Field, Row, Schema, Session, Value};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Query {
    /// map_rows (page depth), filter_rows (drop bob), flat_map_rows (page path prefixes)
    Rows,
    /// drop_duplicates on the user: each user's first click
    Dedup,
    /// drop_duplicates on whole rows: distinct clicks
    DedupAll,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Fail {
    /// Closures behave
    None,
    /// map_rows panics on user mallory
    Panic,
    /// map_rows returns an int where it declared a bigint
    Schema,
}

/// Typed row operators and dropDuplicates over `user,page` CSV files, one file per batch.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// Which query to run
    #[arg(long, value_enum, default_value = "rows")]
    query: Query,
    /// Make map_rows misbehave (to see the errors)
    #[arg(long, value_enum, default_value = "none")]
    fail: Fail,
    /// Directory of `user,page` CSV files
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/clicks"))]
    path: PathBuf,
    #[command(flatten)]
    ui: UiArgs,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn string(name: &str) -> Field {
    Field::new(name, DataType::String)
}

/// map_rows, filter_rows, flat_map_rows.
fn rows_query(clicks: &DataFrame, fail: Fail) -> ember::Result<DataFrame> {
    let with_depth = Schema::new(vec![
        string("user"),
        string("page"),
        Field::new("depth", DataType::Long),
    ]);
    let depths = clicks.map_rows(with_depth, move |click: &Row| {
        let user = click.get(0).as_str().unwrap_or("");
        let page = click.get(1).as_str().unwrap_or("");
        if fail == Fail::Panic && user == "mallory" {
            panic!("cannot handle user {user}");
        }
        let depth = page.split('/').count();
        let depth = if fail == Fail::Schema {
            Value::Int(depth as i32)
        } else {
            Value::Long(depth as i64)
        };
        Row::new(vec![click.get(0).clone(), click.get(1).clone(), depth])
    })?;
    let without_bob = depths.filter_rows(|click| click.get(0).as_str() != Some("bob"))?;
    let prefixes = Schema::new(vec![string("user"), string("prefix")]);
    without_bob.flat_map_rows(prefixes, |click: &Row, out: &mut Vec<Row>| {
        let page = click.get(1).as_str().unwrap_or("");
        let mut prefix = String::new();
        for part in page.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            out.push(Row::new(vec![
                click.get(0).clone(),
                Value::from(prefix.as_str()),
            ]));
        }
    })
}

fn run(cli: Cli) -> ember::Result<()> {
    let builder = Session::builder()
        .app_name("TypedOperators")
        .cluster(cli.cluster);
    let spark = cli.ui.apply(builder).get_or_create()?;
    let clicks = spark
        .read_stream()
        .schema_struct(Schema::new(vec![string("user"), string("page")]))
        .option("maxFilesPerTrigger", 1)
        .csv(&cli.path)?;
    let result = match cli.query {
        Query::Rows => rows_query(&clicks, cli.fail)?,
        Query::Dedup => clicks.drop_duplicates(Some(vec!["user"]))?,
        Query::DedupAll => clicks.drop_duplicates(None)?,
    };
    let query = result
        .write_stream()
        .format("console")
        .output_mode("append")
        .trigger(ember::Trigger::AvailableNow)
        .start()?;
    print_ui_address(&spark);
    query.await_termination()
}
