//! Sessionization with a custom stateful operator: click events (`user,page` lines) grouped
//! by user with `flat_map_groups_with_state`, one session per user kept as state across
//! batches, ended by a processing-time timeout. Every batch prints the sessions it changed:
//! running ones (`expired = false`) and the ones that timed out (`expired = true`), as Spark's
//! `StructuredSessionization` example does.
//!
//! ```sh
//! cargo run --example custom_operator                          # shipped sample, then stops
//! cargo run --example custom_operator -- -w 2                  # 2 workers, same output
//! cargo run --example custom_operator -- --source socket --port 9999 --timeout "10 seconds" \
//!     --trigger "1 second"                                     # with nc -lk 9999
//! ```
//!
//! With the file source each file is one batch. The default timeout, `0 seconds`, ends a
//! session at the first batch in which its user has no clicks. A timeout is only checked when
//! a batch runs, and a batch runs only when new data arrives, so with a real timeout a
//! session ends at the first batch *after* its timeout — never before.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use ember::cli::{job_session, print_ui_address, SourceArgs, SourceKind, UiArgs};
use ember::{
    col, parse_interval, ClusterArgs, DataType, Field, GroupState, GroupStateTimeout, Row, Schema,
    Value,
};
use serde::{Deserialize, Serialize};

/// Sessionize click events per user with flat_map_groups_with_state.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// The clicks: `user,page` CSV files, one per batch (--path, default data/clicks), or
    /// `user,page` lines from a socket
    #[command(flatten)]
    input: SourceArgs,
    /// How long a user may be idle before the session ends (processing time)
    #[arg(long, default_value = "0 seconds", value_parser = parse_timeout)]
    timeout: Duration,
    /// Checkpoint directory: a restarted query resumes with its sessions
    #[arg(long)]
    checkpoint: Option<PathBuf>,
    #[command(flatten)]
    ui: UiArgs,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    parse_interval(text).map_err(|e| e.to_string())
}

/// One user's session: the state kept between batches (serde, so checkpoints can save it).
#[derive(Clone, Serialize, Deserialize)]
struct UserSession {
    clicks: i64,
    pages: Vec<String>,
}

fn main() -> ExitCode {
    ember::config::exit_code(run(Cli::parse()))
}

/// The output row of a session.
fn summary(user: &Value, session: &UserSession, expired: bool) -> Row {
    let pages = session
        .pages
        .iter()
        .map(|p| Value::from(p.as_str()))
        .collect();
    Row::new(vec![
        user.clone(),
        Value::Long(session.clicks),
        Value::Array(pages),
        Value::Boolean(expired),
    ])
}

/// Called once per user per batch: with the user's new clicks, or with none when the
/// session timed out.
fn sessionize(
    timeout: Duration,
) -> impl Fn(&Row, &[Row], &mut GroupState<UserSession>) -> Vec<Row> + Send + Sync + 'static {
    move |user: &Row, clicks: &[Row], state: &mut GroupState<UserSession>| {
        let user = user.get(0);
        if state.has_timed_out() {
            let ended = state.get().cloned().into_iter();
            state.remove();
            return ended.map(|s| summary(user, &s, true)).collect();
        }
        let mut session = state.get().cloned().unwrap_or(UserSession {
            clicks: 0,
            pages: Vec::new(),
        });
        for click in clicks {
            session.clicks += 1;
            session
                .pages
                .push(click.get(1).as_str().unwrap_or("").to_string());
        }
        let row = summary(user, &session, false);
        state.update(session);
        state.set_timeout_duration(timeout);
        vec![row]
    }
}

/// The clicks' columns.
fn clicks_schema() -> Schema {
    Schema::new(vec![
        Field::new("user", DataType::String),
        Field::new("page", DataType::String),
    ])
}

fn run(cli: Cli) -> ember::Result<()> {
    let spark = cli
        .ui
        .apply(job_session("StructuredSessionization", cli.cluster))
        .get_or_create()?;
    let clicks = match cli.input.source {
        SourceKind::Socket => {
            cli.input
                .socket_lines(&spark)?
                .map_rows(clicks_schema(), |line: &Row| {
                    // `user,page`; a line without a comma is a user with no page.
                    let text = line.get(0).as_str().unwrap_or("");
                    let (user, page) = text.split_once(',').unwrap_or((text, ""));
                    Row::new(vec![Value::from(user), Value::from(page)])
                })?
        }
        SourceKind::Files => spark
            .read_stream()
            .schema_struct(clicks_schema())
            .option("maxFilesPerTrigger", 1)
            .csv(
                cli.input
                    .path_or(concat!(env!("CARGO_MANIFEST_DIR"), "/data/clicks")),
            )?,
    };
    let sessions_schema = Schema::new(vec![
        Field::new("user", DataType::String),
        Field::new("clicks", DataType::Long),
        Field::new("pages", DataType::Array(Box::new(DataType::String))),
        Field::new("expired", DataType::Boolean),
    ]);
    let sessions = clicks
        .filter_rows(|click| !click.get(0).is_null())?
        .group_by([col("user")])?
        .flat_map_groups_with_state(
            sessions_schema,
            GroupStateTimeout::ProcessingTimeTimeout,
            sessionize(cli.timeout),
        )?;
    let mut writer = sessions
        .write_stream()
        .format("console")
        .output_mode("update")
        .option("truncate", false)
        .trigger(cli.input.trigger());
    if let Some(dir) = &cli.checkpoint {
        writer = writer.option("checkpointLocation", dir.display());
    }
    let query = writer.start()?;
    print_ui_address(&spark);
    query.await_termination()
}
