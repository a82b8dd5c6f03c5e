//! The jobs `tests/soak.sh` kills at random moments and restarts from their checkpoints, and
//! the canonical summary of what a job's sink wrote, which must come out the same however
//! often the job was killed.
//!
//! ```sh
//! cargo run --example soak_job -- --job word-count --input IN --out OUT --checkpoint CK
//! cargo run --example soak_job -- --job word-count --summarize OUT
//! ```
//!
//! Every job reads one file a batch (`Trigger::AvailableNow`) and writes each batch exactly
//! once: to `OUT/batch-N.txt` (written to a temporary file and renamed; a batch whose file
//! exists is not written again), or, for `windowed`, with the csv file sink. The summary is
//! the job's final answer, one line each, sorted: the last row of each group for an update-mode
//! job, every row for an append-mode one (the file sink's rows, read through its
//! `_spark_metadata` log as Spark reads a sink's output).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ember::cli::{print_ui_address, UiArgs};
use ember::expr::{col, explode, regexp_extract, split, window};
use ember::{
    ClusterArgs, DataFrame, DataType, Field, GroupStateTimeout, Row, Schema, Session, Trigger,
    Value,
};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Job {
    /// Words counted, update mode (lines of words)
    WordCount,
    /// Words counted per 10-minute event-time window, append mode, csv file sink
    /// (`ts,word` lines)
    Windowed,
    /// Distinct lines, `drop_duplicates`, append mode
    Dedup,
    /// Lines counted per first word by `flat_map_groups_with_state`, update mode
    Sessions,
    /// Words joined with a static table of categories, append mode
    Join,
}

/// A job for the soak test, or the summary of its output.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    #[arg(long, value_enum)]
    job: Job,
    /// The directory of input files
    #[arg(long)]
    input: Option<PathBuf>,
    /// The output directory
    #[arg(long)]
    out: Option<PathBuf>,
    /// The checkpoint directory
    #[arg(long)]
    checkpoint: Option<PathBuf>,
    /// Print the summary of output directory DIR instead of running
    #[arg(long, value_name = "DIR")]
    summarize: Option<PathBuf>,
    #[command(flatten)]
    ui: UiArgs,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(dir) = &cli.summarize {
        return ember::config::exit_code(summarize(cli.job, dir));
    }
    ember::config::exit_code(run(cli))
}

fn words(lines: DataFrame) -> ember::Result<DataFrame> {
    lines.select([explode(split(col("value"), " ")).alias("word")])
}

fn run(cli: Cli) -> ember::Result<()> {
    let (input, out, checkpoint) = match (&cli.input, &cli.out, &cli.checkpoint) {
        (Some(i), Some(o), Some(c)) => (i.clone(), o.clone(), c.clone()),
        _ => {
            return Err(ember::Error::InvalidArgument(
                "--input, --out and --checkpoint are required to run a job".into(),
            ))
        }
    };
    let builder = Session::builder().app_name("Soak").cluster(cli.cluster);
    let spark = cli.ui.apply(builder).get_or_create()?;
    let reader = || spark.read_stream().option("maxFilesPerTrigger", 1);
    let lines = || reader().format("text").load_path(&input);
    let (result, mode) = match cli.job {
        Job::WordCount => (words(lines()?)?.group_by([col("word")])?.count()?, "update"),
        Job::Windowed => {
            let counts = reader()
                .format("csv")
                .schema("ts TIMESTAMP, word STRING")
                .load_path(&input)?
                .with_watermark("ts", "10 minutes")?
                .group_by([window(col("ts"), "10 minutes", None), col("word")])?
                .count()?
                .select([
                    col("window").cast_str("string").alias("window"),
                    col("word"),
                    col("count"),
                ])?;
            let query = counts
                .write_stream()
                .format("csv")
                .option("path", out.display())
                .option("checkpointLocation", checkpoint.display())
                .trigger(Trigger::AvailableNow)
                .start()?;
            print_ui_address(&spark);
            return query.await_termination();
        }
        Job::Dedup => (lines()?.drop_duplicates(Some(vec!["value"]))?, "append"),
        Job::Sessions => {
            let schema = Schema::new(vec![
                Field::new("first", DataType::String),
                Field::new("lines", DataType::Long),
            ]);
            let sessions = lines()?
                .select([regexp_extract(col("value"), "^([^ ]*)", 1).alias("first")])?
                .group_by([col("first")])?
                .flat_map_groups_with_state(
                    schema,
                    GroupStateTimeout::NoTimeout,
                    |key: &Row, rows: &[Row], state| {
                        let seen = state.get().copied().unwrap_or(0i64) + rows.len() as i64;
                        state.update(seen);
                        vec![Row::new(vec![key.get(0).clone(), Value::Long(seen)])]
                    },
                )?;
            (sessions, "update")
        }
        Job::Join => {
            let categories = spark.create_data_frame(
                (0..50)
                    .map(|i| Row::new(vec![format!("w{i}").into(), format!("c{}", i % 7).into()]))
                    .collect(),
                "word STRING, category STRING",
            )?;
            (
                words(lines()?)?.join(&categories, "word", "inner")?,
                "append",
            )
        }
    };
    let query = result
        .write_stream()
        .output_mode(mode)
        .option("checkpointLocation", checkpoint.display())
        .trigger(Trigger::AvailableNow)
        .foreach_batch(move |id, rows| write_batch(&out, id, rows))
        .start()?;
    print_ui_address(&spark);
    query.await_termination()
}

/// Writes batch `id` to `out/batch-N.txt` once: a temporary file renamed into place, nothing
/// when the file exists (the batch ran before a crash).
fn write_batch(out: &Path, id: u64, rows: &[Row]) -> ember::Result<()> {
    std::fs::create_dir_all(out).map_err(|e| ember::Error::io(out, e))?;
    let path = out.join(format!("batch-{id:06}.txt"));
    if path.exists() {
        return Ok(());
    }
    let text: String = rows.iter().map(|row| line(row) + "\n").collect();
    let temporary = out.join(format!(".batch-{id:06}.tmp"));
    std::fs::write(&temporary, text).map_err(|e| ember::Error::io(&temporary, e))?;
    std::fs::rename(&temporary, &path).map_err(|e| ember::Error::io(&path, e))
}

fn line(row: &Row) -> String {
    row.values()
        .iter()
        .map(|value| match value {
            Value::String(s) => s.clone(),
            Value::Long(n) => n.to_string(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Prints the job's final answer from its output directory.
fn summarize(job: Job, dir: &Path) -> ember::Result<()> {
    let mut lines: Vec<String> = Vec::new();
    if job == Job::Windowed {
        // The file sink's committed files, read as Spark reads a sink's output: through its
        // `_spark_metadata` log (the latest compaction and the entries after it).
        let spark = Session::builder().get_or_create()?;
        for row in spark.read().text(dir)?.collect()? {
            if let Some(Value::String(line)) = row.values().first() {
                lines.push(line.to_string());
            }
        }
    } else {
        let mut batches: Vec<PathBuf> = read_dir(dir)?
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("batch-"))
            })
            .collect();
        batches.sort();
        let mut last = std::collections::BTreeMap::new();
        for batch in batches {
            let text = std::fs::read_to_string(&batch).map_err(|e| ember::Error::io(&batch, e))?;
            for row in text.lines() {
                match job {
                    // Update mode: the last row of each group (its first column).
                    Job::WordCount | Job::Sessions => {
                        let group = row.split(',').next().unwrap_or_default().to_string();
                        last.insert(group, row.to_string());
                    }
                    _ => lines.push(row.to_string()),
                }
            }
        }
        lines.extend(last.into_values());
    }
    lines.sort();
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

fn read_dir(dir: &Path) -> ember::Result<Vec<PathBuf>> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| ember::Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect())
}
