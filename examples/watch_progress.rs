//! Watching a query from code: the word count, with a `StreamingQueryListener` that prints
//! every event the query sends — started, one progress report per batch (Spark's JSON),
//! idle, terminated with its error — on stderr, one `listener:` line each, while the console
//! sink prints the counts on stdout.
//!
//! ```sh
//! cargo run --example watch_progress                         # the shipped words, a file a batch
//! cargo run --example watch_progress -- --pretty             # each report as Spark's prettyJson
//! cargo run --example watch_progress -- --format csv --path DIR   # word,n lines, FAILFAST
//! cargo run --example watch_progress -- --source socket --port 9999
//! ```

use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use clap::{Parser, ValueEnum};
use ember::cli::{print_ui_address, SourceArgs, SourceKind, UiArgs};
use ember::expr::{col, explode, split, sum};
use ember::{
    ClusterArgs, QueryIdleEvent, QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent,
    Session, StreamingQueryListener,
};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Lines of words, counted
    Text,
    /// `word,n` rows (schema `word STRING, n INT`), summed by word; a malformed row fails the
    /// query (mode FAILFAST)
    Csv,
}

/// The word count, printing its listener events on stderr.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    #[command(flatten)]
    input: SourceArgs,
    /// What the files hold (--source files)
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// New files per batch (--source files)
    #[arg(long, default_value_t = 1)]
    max_files_per_trigger: usize,
    /// Print each progress report as Spark's prettyJson rather than one line of JSON
    #[arg(long)]
    pretty: bool,
    /// Run this many copies of the query side by side in the session (named watched,
    /// watched-2, ...)
    #[arg(long, default_value_t = 1)]
    queries: usize,
    /// Milliseconds without new data before an idle event
    /// (spark.sql.streaming.noDataProgressEventInterval)
    #[arg(long, default_value_t = 10_000)]
    idle_interval_ms: u64,
    #[command(flatten)]
    ui: UiArgs,
    #[command(flatten)]
    cluster: ClusterArgs,
}

/// Prints each event; counts the queries that have terminated.
struct PrintEvents {
    pretty: bool,
    terminated: Mutex<usize>,
    done: Condvar,
}

impl StreamingQueryListener for PrintEvents {
    fn on_query_started(&self, event: &QueryStartedEvent) {
        let name = event.name.as_deref().unwrap_or("null");
        eprintln!("listener: started id={} name={name}", event.id);
    }

    fn on_query_progress(&self, event: &QueryProgressEvent) {
        let progress = &event.progress;
        let json = if self.pretty {
            progress.pretty_json()
        } else {
            progress.json()
        };
        let name = progress.name.as_deref().unwrap_or("null");
        eprintln!(
            "listener: progress batch={} name={name} {json}",
            progress.batch_id
        );
    }

    fn on_query_idle(&self, event: &QueryIdleEvent) {
        eprintln!("listener: idle id={}", event.id);
    }

    fn on_query_terminated(&self, event: &QueryTerminatedEvent) {
        match &event.exception {
            Some(exception) => eprintln!(
                "listener: terminated class={} exception={exception}",
                event.error_class_on_exception.as_deref().unwrap_or("null")
            ),
            None => eprintln!("listener: terminated"),
        }
        if let Ok(mut terminated) = self.terminated.lock() {
            *terminated += 1;
        }
        self.done.notify_all();
    }
}

impl PrintEvents {
    /// Waits (a little) until `queries` terminated events have been printed: listeners run
    /// on a thread of their own.
    fn wait_for_termination(&self, queries: usize) {
        let Ok(terminated) = self.terminated.lock() else {
            return;
        };
        let _ = self
            .done
            .wait_timeout_while(terminated, Duration::from_secs(10), |t| *t < queries);
    }
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

fn run(cli: Cli) -> ember::Result<()> {
    let builder = Session::builder()
        .app_name("WatchProgress")
        .config(
            "spark.sql.streaming.noDataProgressEventInterval",
            cli.idle_interval_ms,
        )
        .cluster(cli.cluster);
    let spark = cli.ui.apply(builder).get_or_create()?;
    let listener = Arc::new(PrintEvents {
        pretty: cli.pretty,
        terminated: Mutex::new(0),
        done: Condvar::new(),
    });
    spark.streams().add_listener(listener.clone());
    let path = cli
        .input
        .path_or(concat!(env!("CARGO_MANIFEST_DIR"), "/data/words"));
    let counts = match (cli.input.source, cli.format) {
        (SourceKind::Socket, _) => cli
            .input
            .socket_lines(&spark)?
            .select([explode(split(col("value"), " ")).alias("word")])?
            .group_by([col("word")])?
            .count()?,
        (SourceKind::Files, Format::Text) => spark
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", cli.max_files_per_trigger)
            .load_path(path)?
            .select([explode(split(col("value"), " ")).alias("word")])?
            .group_by([col("word")])?
            .count()?,
        (SourceKind::Files, Format::Csv) => spark
            .read_stream()
            .format("csv")
            .schema("word STRING, n INT")
            .option("mode", "FAILFAST")
            .option("maxFilesPerTrigger", cli.max_files_per_trigger)
            .load_path(path)?
            .group_by([col("word")])?
            .agg([sum(col("n")).alias("n")])?,
    };
    let queries = (1..=cli.queries.max(1))
        .map(|i| {
            let name = match i {
                1 => "watched".to_string(),
                i => format!("watched-{i}"),
            };
            counts
                .clone()
                .write_stream()
                .format("console")
                .output_mode("update")
                .query_name(&name)
                .trigger(cli.input.trigger())
                .start()
        })
        .collect::<ember::Result<Vec<_>>>()?;
    print_ui_address(&spark);
    let result = queries
        .iter()
        .map(|query| query.await_termination())
        .collect::<ember::Result<Vec<()>>>();
    listener.wait_for_termination(queries.len());
    result.map(|_| ())
}
