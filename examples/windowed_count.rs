//! Event-time windows with a watermark: `ts,word` lines counted per 10-minute window (or per
//! session window, `--session`), late rows placed in the window they belong to, and windows
//! finalized once the watermark passes their end.
//!
//! ```sh
//! cargo run --example windowed_count                       # shipped sample events, append mode
//! cargo run --example windowed_count -- --output-mode update --slide "5 minutes"
//! cargo run --example windowed_count -- --source socket --port 9999   # runs until stopped
//! cargo run --example windowed_count -- --session "5 minutes"   # session windows instead
//! cargo run --example windowed_count -- --sql "SELECT window, word, count(*) AS count \
//!     FROM events WHERE ts >= TIMESTAMP '2026-01-01 10:00:00' + INTERVAL '3' MINUTE \
//!     GROUP BY window(ts, '10 minutes'), word"                 # the count as SQL text
//! cargo run --example windowed_count -- --conf spark.sql.session.timeZone=Europe/Paris
//! cargo run --example windowed_count -- --time-format "dd/MM/yyyy HH:mm" --path my/events
//! ```
//! Lines look like `2026-01-01 10:02:00,cat`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ember::cli::{job_session, print_ui_address, SourceArgs, SourceKind, UiArgs};
use ember::expr::{
    col, lit, regexp_extract, session_window, to_timestamp_with_format, window, Expr,
};
use ember::{ClusterArgs, DataFrame, Session};

/// Count words per event-time window, as Spark's windowed word count.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// The events: CSV files `ts,word` (--path, default data/events), or `ts,word` lines
    /// from a socket
    #[command(flatten)]
    input: SourceArgs,
    /// Window length
    #[arg(long, default_value = "10 minutes")]
    window: String,
    /// Distance between window starts (sliding windows); default: tumbling
    #[arg(long)]
    slide: Option<String>,
    /// Count per session window with this gap instead (Spark's session_window); cannot be
    /// combined with --window or --slide
    #[arg(long, conflicts_with_all = ["window", "slide"])]
    session: Option<String>,
    /// Count with this SQL query over the view `events` (ts, word) instead, e.g.
    /// "SELECT window, word, count(*) AS count FROM events GROUP BY window(ts, '10 minutes'), word"
    #[arg(long, conflicts_with_all = ["window", "slide", "session", "min_count"])]
    sql: Option<String>,
    /// Read the event times with this Spark datetime pattern (`to_timestamp(ts, pattern)`,
    /// e.g. `dd/MM/yyyy HH:mm`) instead of as `CAST` reads timestamps
    #[arg(long)]
    time_format: Option<String>,
    /// How late events may be
    #[arg(long, default_value = "10 minutes")]
    watermark: String,
    /// append (finalized windows), update (changed windows) or complete (all windows)
    #[arg(long, default_value = "append")]
    output_mode: String,
    /// Cut cells longer than 20 characters (true) or not (false)
    #[arg(long, default_value_t = false, action = clap::ArgAction::Set)]
    truncate: bool,
    /// Show only windows with at least this many events (a filter after the aggregation)
    #[arg(long)]
    min_count: Option<i64>,
    /// Checkpoint directory
    #[arg(long)]
    checkpoint: Option<PathBuf>,
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

fn events(spark: &Session, cli: &Cli) -> ember::Result<DataFrame> {
    // With a pattern, the times are read as text and parsed by `to_timestamp`.
    let parse = |ts: Expr| match &cli.time_format {
        Some(pattern) => to_timestamp_with_format(ts, pattern),
        None => ts.cast_str("timestamp"),
    };
    match cli.input.source {
        SourceKind::Files => {
            let ts_type = match cli.time_format {
                Some(_) => "STRING",
                None => "TIMESTAMP",
            };
            let events = spark
                .read_stream()
                .format("csv")
                .schema(&format!("ts {ts_type}, word STRING"))
                .option("maxFilesPerTrigger", 1)
                .load_path(
                    cli.input
                        .path_or(concat!(env!("CARGO_MANIFEST_DIR"), "/data/events")),
                )?;
            match cli.time_format {
                Some(_) => events.select([parse(col("ts")).alias("ts"), col("word")]),
                None => Ok(events),
            }
        }
        SourceKind::Socket => cli.input.socket_lines(spark)?.select([
            parse(regexp_extract(col("value"), "^([^,]*),", 1)).alias("ts"),
            regexp_extract(col("value"), ",(.*)$", 1).alias("word"),
        ]),
    }
}

/// The count per window (or session) and word, as `--window`, `--slide`, `--session` and
/// `--min-count` say.
fn counts(events: DataFrame, cli: &Cli) -> ember::Result<DataFrame> {
    let key = match &cli.session {
        Some(gap) => session_window(col("ts"), gap),
        None => window(col("ts"), &cli.window, cli.slide.as_deref()),
    };
    let counts = events.group_by([key, col("word")])?.count()?;
    match cli.min_count {
        Some(min) => counts.filter(col("count").gt_eq(lit(min))),
        None => Ok(counts),
    }
}

fn run(cli: Cli) -> ember::Result<()> {
    let builder = job_session("WindowedCount", cli.cluster.clone()).configs(&cli.conf);
    let spark = cli.ui.apply(builder).get_or_create()?;
    let events = events(&spark, &cli)?.with_watermark("ts", &cli.watermark)?;
    let counts = match &cli.sql {
        Some(query) => {
            events.create_or_replace_temp_view("events")?;
            spark.sql(query)?
        }
        None => counts(events, &cli)?,
    };
    let mut writer = counts
        .write_stream()
        .format("console")
        .output_mode(&cli.output_mode)
        .option("truncate", cli.truncate)
        .trigger(cli.input.trigger());
    if let Some(dir) = &cli.checkpoint {
        writer = writer.option("checkpointLocation", dir.display());
    }
    let query = writer.start()?;
    print_ui_address(&spark);
    query.await_termination()
}
