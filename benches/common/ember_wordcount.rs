//! `engine=ember` of the `wordcount` bench: Ember's streaming word count over the corpus
//! directory, one file per batch, into a `foreach_batch` sink that counts rows and keeps the
//! last count of each word.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use ember::expr::{col, explode, split};
use ember::{ClusterArgs, Session, Trigger, Value};

use super::{set_count, BoxResult, FxMap, RunOutcome};

/// What the sink records: one instant per batch, the counts, and anything unexpected.
#[derive(Default)]
struct SinkState {
    completed: Vec<Instant>,
    batch_ids: Vec<u64>,
    counts: FxMap<String, i64>,
    rows: u64,
    error: Option<String>,
}

/// Runs Ember's word count over the `files` files of `dir` with `workers` worker threads, in
/// update mode or (`complete`) complete mode, until `Trigger::AvailableNow` stops it.
pub fn run(dir: &Path, files: usize, workers: usize, complete: bool) -> BoxResult<RunOutcome> {
    let state = Arc::new(Mutex::new(SinkState::default()));
    let sink = state.clone();
    let last_batch = files as u64 - 1;
    let started = Instant::now();
    let spark = Session::builder()
        .app_name("wordcount-bench")
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()?;
    let lines = spark
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .option("pathGlobFilter", "part-*.txt")
        .load_path(dir)?;
    let words = lines.select([explode(split(col("value"), " ")).alias("word")])?;
    let counts = words.group_by([col("word")])?.count()?;
    let query = counts
        .write_stream()
        .output_mode(if complete { "complete" } else { "update" })
        .trigger(Trigger::AvailableNow)
        .foreach_batch(move |batch_id, rows| {
            let now = Instant::now();
            let mut state = sink
                .lock()
                .map_err(|_| ember::Error::Runtime("bench sink lock poisoned".into()))?;
            let state = &mut *state;
            state.completed.push(now);
            state.batch_ids.push(batch_id);
            state.rows += rows.len() as u64;
            // Complete mode: every batch is the whole table; keep the last one only.
            if !complete || batch_id == last_batch {
                for row in rows {
                    match row.0.as_slice() {
                        [Value::String(word), Value::Long(n)] => {
                            set_count(&mut state.counts, word, *n)
                        }
                        other => {
                            state
                                .error
                                .get_or_insert_with(|| format!("unexpected row {other:?}"));
                        }
                    }
                }
            }
            Ok(())
        })
        .start()?;
    query.await_termination()?;
    let finished = Instant::now();
    let state = std::mem::take(&mut *state.lock().map_err(|_| "bench sink lock poisoned")?);
    if let Some(error) = state.error {
        return Err(format!("engine=ember: {error}").into());
    }
    let in_order = state
        .batch_ids
        .iter()
        .enumerate()
        .all(|(i, &id)| id == i as u64);
    if !in_order {
        return Err(format!("engine=ember: batch ids {:?}", state.batch_ids).into());
    }
    Ok(RunOutcome {
        started,
        finished,
        completed: state.completed,
        counts: state.counts,
        output_rows: state.rows,
    })
}
