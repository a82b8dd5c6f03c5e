//! `engine=ember` of the `wordcount` bench: Ember's streaming word count over the corpus
//! directory, one file per batch, into a `foreach_batch` sink that counts rows and keeps the
//! last count of each word. With the web UI off (`spark.ui.enabled=false`), or on and
//! watched as a user would watch it (see [`Watcher`]).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ember::expr::{col, explode, split};
use ember::{ClusterArgs, Session, Trigger, Value};

use super::{set_count, BoxResult, Cluster, FxMap, RunOutcome};

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
/// update mode or (`complete`) complete mode, until `Trigger::AvailableNow` stops it; with
/// `ui`, the web UI runs (on a free port) and a [`Watcher`] polls it meanwhile; with a
/// `checkpoint` directory (which must not hold an earlier run's), the query checkpoints. With a
/// `cluster`, as one of its processes (`-n`, `-p`, `-h`): the sink runs on process 0 only,
/// and the other processes' outcome has no batches and no counts.
pub fn run(
    dir: &Path,
    files: usize,
    workers: usize,
    complete: bool,
    ui: bool,
    checkpoint: Option<&Path>,
    cluster: Option<&Cluster>,
) -> BoxResult<RunOutcome> {
    let cluster = match cluster {
        None => ClusterArgs::threads(workers),
        Some(cluster) => cluster.cluster_args(workers),
    };
    let state = Arc::new(Mutex::new(SinkState::default()));
    let sink = state.clone();
    let last_batch = files as u64 - 1;
    let started = Instant::now();
    let spark = Session::builder()
        .app_name("wordcount-bench")
        .cluster(cluster)
        .config("spark.ui.enabled", ui)
        .config("spark.ui.port", 0)
        .get_or_create()?;
    let lines = spark
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .option("pathGlobFilter", "part-*.txt")
        .load_path(dir)?;
    let words = lines.select([explode(split(col("value"), " ")).alias("word")])?;
    let counts = words.group_by([col("word")])?.count()?;
    let mut writer = counts.write_stream();
    if let Some(checkpoint) = checkpoint {
        writer = writer.option("checkpointLocation", checkpoint.display());
    }
    let query = writer
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
    let watcher = match spark.ui_url() {
        Some(url) => Some(Watcher::start(url, query.run_id().to_string())),
        None if ui => return Err("engine=ember: the web UI did not start".into()),
        None => None,
    };
    query.await_termination()?;
    let finished = Instant::now();
    if let Some(watcher) = watcher {
        let (served, busy) = watcher.stop()?;
        println!(
            "  web UI: {served} requests (page fragment and /metrics) answered in {:.2} ms in all \
             ({:.3}% of the run)",
            busy.as_secs_f64() * 1e3,
            100.0 * busy.as_secs_f64() / finished.duration_since(started).as_secs_f64()
        );
    }
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

/// What watching a query costs it: the page's fragment, as an open page fetches it every
/// second, and `/metrics`, as a Prometheus scrape (usually every 15 s or more; every second
/// here), from the query's start to its end.
pub struct Watcher {
    stop: Sender<()>,
    thread: JoinHandle<Result<(u64, Duration), String>>,
}

impl Watcher {
    /// Starts polling the UI at `url` (`http://127.0.0.1:PORT`) for query run `run_id`.
    pub fn start(url: String, run_id: String) -> Self {
        let (stop, stopped) = channel();
        let thread = std::thread::spawn(move || {
            let address = url.trim_start_matches("http://").to_string();
            let paths = [format!("/query/{run_id}/fragment"), "/metrics".to_string()];
            let (mut served, mut busy) = (0, Duration::ZERO);
            loop {
                for path in &paths {
                    let asked = Instant::now();
                    served += u64::from(get_ok(&address, path)?);
                    busy += asked.elapsed();
                }
                match stopped.recv_timeout(Duration::from_secs(1)) {
                    Err(RecvTimeoutError::Timeout) => continue,
                    _ => return Ok((served, busy)),
                }
            }
        });
        Watcher { stop, thread }
    }

    /// Stops polling; the number of requests the UI answered, and the time from sending each
    /// to having read its answer, in all (a bound on the server's work).
    pub fn stop(self) -> BoxResult<(u64, Duration)> {
        let _ = self.stop.send(());
        let served = self
            .thread
            .join()
            .map_err(|_| "the UI watcher panicked")??;
        Ok(served)
    }
}

/// GETs `path` from `address`; whether the answer was 200.
fn get_ok(address: &str, path: &str) -> Result<bool, String> {
    let fail = |e: std::io::Error| format!("web UI at {address}{path}: {e}");
    let mut stream = TcpStream::connect(address).map_err(fail)?;
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").as_bytes())
        .map_err(fail)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(fail)?;
    Ok(answer.starts_with(b"HTTP/1.1 200 "))
}
