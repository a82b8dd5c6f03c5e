//! A source and a sink written outside Ember, registered by name: lines produced by a Rust
//! iterator, with replayable offsets, counted per word, and each batch's counts written by a
//! user sink to a file of its own, exactly once.
//!
//! ```sh
//! cargo run --example iterator_source -- --out counts --checkpoint ck   # 5 batches of 3 lines
//! cargo run --example iterator_source -- --out counts --checkpoint ck --batches 8   # resumes at batch 5
//! ```
//!
//! The source's offsets are the range of line numbers a batch reads, so a batch re-run after a
//! crash reads the same lines: line `n` is a pure function of `n`. The sink writes batch `N`
//! to `OUT/batch-N.txt` (a temporary file renamed into place) and skips a batch whose file
//! exists, so a batch re-run after a crash is not written twice.

use std::any::Any;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use ember::cli::{print_ui_address, UiArgs};
use ember::expr::{col, explode, split};
use ember::sink::{Sink, SinkProvider, SinkRequest};
use ember::source::{
    parse_offsets, to_offsets, Offsets, Resume, Share, Source, SourceDriver, SourceProvider,
    SourceRequest,
};
use ember::{ClusterArgs, DataType, Field, Row, Schema, Session, Trigger, Value};
use serde::{Deserialize, Serialize};

/// Line `n` of the stream: a few words that repeat, so that counts grow.
fn line(n: u64) -> String {
    const WORDS: [&str; 5] = ["ant", "bee", "cat", "dog", "eel"];
    (0..3)
        .map(|i| WORDS[((n * 7 + i * 3) % 5) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// `format("iterator")`: options `linesPerBatch` and `batches` (when the iterator ends).
struct IteratorProvider;

impl SourceProvider for IteratorProvider {
    fn format(&self) -> &str {
        "iterator"
    }

    fn create(&self, mut request: SourceRequest) -> ember::Result<Arc<dyn Source>> {
        let number = |value: Option<String>, default: u64| -> ember::Result<u64> {
            value.map_or(Ok(default), |v| {
                v.parse()
                    .map_err(|_| ember::Error::InvalidArgument(format!("not a number: '{v}'")))
            })
        };
        let per_batch = number(request.options.take("linesPerBatch"), 3)?;
        let batches = number(request.options.take("batches"), 5)?;
        request
            .options
            .finish("the iterator source", &["linesPerBatch", "batches"])?;
        Ok(Arc::new(IteratorSource {
            per_batch,
            lines: per_batch * batches,
        }))
    }
}

/// The source: `lines` lines in all, `per_batch` a batch.
#[derive(Debug)]
struct IteratorSource {
    per_batch: u64,
    lines: u64,
}

/// What a batch reads: lines `start..end`.
#[derive(Serialize, Deserialize)]
struct Lines {
    start: u64,
    end: u64,
}

impl Source for IteratorSource {
    fn schema(&self) -> Schema {
        Schema::new(vec![Field::new("value", DataType::String)])
    }

    fn describe(&self) -> String {
        // Not the number of lines: a restart may be given more batches.
        "iterator".into()
    }

    fn open(&self) -> ember::Result<Box<dyn SourceDriver>> {
        Ok(Box::new(IteratorDriver {
            per_batch: self.per_batch,
            lines: self.lines,
            next: 0,
        }))
    }

    /// Lines are made where they are read: line `n` on worker `n % workers`.
    fn read_share(
        &self,
        offsets: &Offsets,
        share: Share,
        _driver: Option<&mut dyn SourceDriver>,
    ) -> ember::Result<Vec<Row>> {
        let lines: Lines = parse_offsets(&self.describe(), offsets)?;
        Ok((lines.start..lines.end)
            .filter(|n| (n % share.peers as u64) as usize == share.worker)
            .map(|n| Row::new(vec![Value::String(line(n))]))
            .collect())
    }
}

/// The driver's half: the next line to plan.
struct IteratorDriver {
    per_batch: u64,
    lines: u64,
    next: u64,
}

impl SourceDriver for IteratorDriver {
    fn next_batch(&mut self) -> ember::Result<Option<Offsets>> {
        if self.next >= self.lines {
            return Ok(None);
        }
        let end = (self.next + self.per_batch).min(self.lines);
        let batch = Lines {
            start: self.next,
            end,
        };
        self.next = end;
        Ok(Some(to_offsets(&batch)))
    }

    fn empty_batch(&self) -> Offsets {
        to_offsets(&Lines {
            start: self.next,
            end: self.next,
        })
    }

    fn freeze_available(&mut self, _one_batch: bool) -> ember::Result<()> {
        Ok(()) // the iterator's end is known
    }

    fn is_exhausted(&self) -> bool {
        self.next >= self.lines
    }

    /// Continues after the last batch an earlier run planned.
    fn resume(&mut self, earlier: Resume) -> ember::Result<()> {
        if let Some(last) = &earlier.last {
            let last: Lines = parse_offsets("iterator", last)?;
            self.next = last.end;
        }
        Ok(())
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// `format("batch-files")`: option `path`, a directory; each batch to `batch-N.txt`.
struct BatchFilesProvider;

impl SinkProvider for BatchFilesProvider {
    fn format(&self) -> &str {
        "batch-files"
    }

    fn create(&self, mut request: SinkRequest) -> ember::Result<Box<dyn Sink>> {
        let path = request
            .options
            .take("path")
            .ok_or_else(|| ember::Error::InvalidArgument("'path' is not specified".into()))?;
        request.options.finish("the batch-files sink", &["path"])?;
        std::fs::create_dir_all(&path).map_err(|e| ember::Error::io(&path, e))?;
        Ok(Box::new(BatchFiles {
            dir: PathBuf::from(path),
        }))
    }
}

struct BatchFiles {
    dir: PathBuf,
}

impl Sink for BatchFiles {
    fn describe(&self) -> String {
        "batch-files".into()
    }

    fn requires_checkpoint(&self) -> bool {
        true
    }

    fn write_batch(&mut self, batch_id: u64, rows: &[Row]) -> ember::Result<()> {
        let path = self.dir.join(format!("batch-{batch_id}.txt"));
        if path.exists() {
            return Ok(()); // written before a crash: exactly once
        }
        let text: String = rows
            .iter()
            .map(|row| {
                let cells: Vec<String> = row
                    .values()
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        Value::Long(n) => n.to_string(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                cells.join(",") + "\n"
            })
            .collect();
        let temporary = self.dir.join(format!(".batch-{batch_id}.tmp"));
        std::fs::write(&temporary, text).map_err(|e| ember::Error::io(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| ember::Error::io(&path, e))
    }
}

/// Count words from an iterator source into a file per batch, with user-defined connectors.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// The directory the sink writes `batch-N.txt` files to
    #[arg(long)]
    out: PathBuf,
    /// Checkpoint directory (the sink requires one)
    #[arg(long)]
    checkpoint: PathBuf,
    /// Batches the iterator has in all
    #[arg(long, default_value_t = 5)]
    batches: u64,
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
        .app_name("IteratorSource")
        .cluster(cli.cluster);
    let spark = cli.ui.apply(builder).get_or_create()?;
    spark.register_source(IteratorProvider);
    spark.register_sink(BatchFilesProvider);
    let lines = spark
        .read_stream()
        .format("iterator")
        .option("batches", cli.batches)
        .load()?;
    let counts = lines
        .select([explode(split(col("value"), " ")).alias("word")])?
        .group_by([col("word")])?
        .count()?;
    let query = counts
        .write_stream()
        .format("batch-files")
        .option("path", cli.out.display())
        .option("checkpointLocation", cli.checkpoint.display())
        .output_mode("update")
        .trigger(Trigger::AvailableNow)
        .start()?;
    print_ui_address(&spark);
    query.await_termination()
}
