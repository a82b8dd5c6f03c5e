//! [`StreamingQuery`]: the handle `start()` returns, and the state its workers share.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{JoinHandle, Thread};

use crate::checkpoint::{Checkpoint, CheckpointLock, QueryShape};
use crate::config::ClusterArgs;
use crate::error::{Error, Result};
use crate::ids::new_uuid;
use crate::plan::{PhysicalPlan, Stage};
use crate::sink::Sink;

use super::control::Drivers;

/// What every worker thread of a query shares with the [`StreamingQuery`] handle.
pub(crate) struct QueryShared {
    /// The plan every worker renders.
    pub plan: PhysicalPlan,
    /// The sources' driver halves and the sink, opened by `start()` on the driver's
    /// process; the driver takes them.
    #[allow(clippy::type_complexity)]
    pub driver_half: Mutex<Option<(Drivers, Box<dyn Sink>)>>,
    /// Set by `stop()` or, in graceful mode, by SIGINT/SIGTERM.
    pub stop: Arc<AtomicBool>,
    /// The driver's thread, to wake it when `stop()` is called.
    pub driver_thread: Mutex<Option<Thread>>,
    /// Batches completed so far (the next batch id).
    pub batches_done: AtomicU64,
    /// Recent batches' progress reports.
    pub progress: super::progress::ProgressLog,
    /// The checkpoint, if the query has one.
    pub checkpoint: Option<Checkpoint>,
    /// Snapshot state every this many batches.
    pub snapshot_every: u64,
    /// Keep this many batches of logs.
    pub retain_batches: u64,
}

impl QueryShared {
    pub(crate) fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn request_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.driver_thread.lock().ok().and_then(|t| t.clone()) {
            thread.unpark();
        }
    }
}

/// A running streaming query, as Spark's `StreamingQuery`.
///
/// Dropping the handle does not stop the query; call [`stop`](Self::stop) or
/// [`await_termination`](Self::await_termination).
pub struct StreamingQuery {
    id: String,
    run_id: String,
    name: Option<String>,
    shared: Arc<QueryShared>,
    runner: Mutex<Option<JoinHandle<Result<()>>>>,
    outcome: Mutex<Option<Result<(), String>>>,
    explained: String,
}

impl std::fmt::Debug for StreamingQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingQuery")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// How a query runs, beyond its plan: what the session and the writer decided.
pub(crate) struct RunSettings {
    /// Workers and processes.
    pub cluster: ClusterArgs,
    /// Workers per process when `-w` is absent.
    pub default_workers: usize,
    /// Whether SIGINT/SIGTERM finish the batch in flight.
    pub graceful: bool,
    /// `explain()`'s text.
    pub explained: String,
    /// `checkpointLocation`.
    pub checkpoint: Option<std::path::PathBuf>,
    /// Snapshot state every this many batches.
    pub snapshot_every: u64,
    /// Keep this many batches of logs.
    pub retain_batches: u64,
}

/// Starts the workers of `plan`, writing to `sink`, on a background thread and returns the
/// query's handle.
pub(crate) fn start_query(
    plan: PhysicalPlan,
    sink: Box<dyn Sink>,
    settings: RunSettings,
) -> Result<StreamingQuery> {
    let cluster = &settings.cluster;
    let config = cluster.timely_config(settings.default_workers)?;
    let mut id = new_uuid();
    // One running query per checkpoint: held by the query's thread until it ends.
    let lock = match &settings.checkpoint {
        Some(dir) => Some(CheckpointLock::acquire(dir, cluster.process, || {
            Checkpoint::recorded_id(dir)
        })?),
        None => None,
    };
    let checkpoint = match &settings.checkpoint {
        None => None,
        Some(dir) if cluster.is_driver_process() => {
            for warning in plan.sources.iter().filter_map(|s| s.checkpoint_warning()) {
                eprintln!("ember: {warning}");
            }
            let (checkpoint, recorded_id) = Checkpoint::open(dir, &query_shape(&plan), &id)?;
            id = recorded_id;
            Some(checkpoint)
        }
        Some(dir) => Some(Checkpoint::at(dir)),
    };
    let driver_half = if cluster.is_driver_process() {
        let drivers = plan
            .sources
            .iter()
            .map(|source| source.open())
            .collect::<Result<Drivers>>()?;
        Some((drivers, sink))
    } else {
        None
    };
    let stop = Arc::new(AtomicBool::new(false));
    if settings.graceful {
        super::shutdown::stop_on_signals(stop.clone())?;
    }
    let name = plan.name.clone();
    let shared = Arc::new(QueryShared {
        plan,
        driver_half: Mutex::new(driver_half),
        stop,
        driver_thread: Mutex::new(None),
        batches_done: AtomicU64::new(0),
        progress: Default::default(),
        checkpoint,
        snapshot_every: settings.snapshot_every.max(1),
        retain_batches: settings.retain_batches.max(1),
    });
    let workers_shared = shared.clone();
    let runner = std::thread::Builder::new()
        .name("ember-query".into())
        .spawn(move || {
            let result = run_workers(config, workers_shared);
            drop(lock); // the checkpoint is free once every worker of this process is done
            result
        })
        .map_err(|e| Error::Runtime(format!("cannot start the query thread: {e}")))?;
    Ok(StreamingQuery {
        id,
        run_id: new_uuid(),
        name,
        shared,
        runner: Mutex::new(Some(runner)),
        outcome: Mutex::new(None),
        explained: settings.explained,
    })
}

/// What the query is, for the checkpoint's record: a restart must match it.
fn query_shape(plan: &PhysicalPlan) -> QueryShape {
    QueryShape {
        source: plan
            .sources
            .iter()
            .map(|s| s.identity())
            .collect::<Vec<_>>()
            .join(", "),
        schema: plan
            .output_schema
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.name, f.data_type))
            .collect::<Vec<_>>()
            .join(", "),
        state: plan
            .stages()
            .filter_map(|stage| match stage {
                Stage::Custom { operator, .. } if operator.is_stateful() => {
                    Some(operator.describe())
                }
                stage => stage.aggregation_columns().map(|(keys, aggregates)| {
                    format!("[{}], [{}]", keys.join(", "), aggregates.join(", "))
                }),
            })
            .collect(),
    }
}

/// Runs every worker of this process to completion and reports the first failure.
fn run_workers(config: timely::Config, shared: Arc<QueryShared>) -> Result<()> {
    let results =
        super::cluster::execute(config, move |worker| super::run_worker(worker, &shared))?;
    let mut first_error = None;
    for result in results {
        let outcome = match result {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => e,
            Err(panic) => Error::Runtime(format!("a worker panicked: {panic}")),
        };
        first_error.get_or_insert(outcome);
    }
    first_error.map_or(Ok(()), Err)
}

impl StreamingQuery {
    /// The query's unique id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The id of this run of the query.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// The name given with `query_name`, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The query's logical and physical plans, with its sink and output mode, as text.
    pub fn explain_string(&self) -> &str {
        &self.explained
    }

    /// Prints [`explain_string`](Self::explain_string) on stdout, as Spark's `explain()`.
    pub fn explain(&self) {
        print!("{}", self.explained);
    }

    /// Whether the query is still running.
    pub fn is_active(&self) -> bool {
        self.runner
            .lock()
            .map(|r| r.as_ref().is_some_and(|h| !h.is_finished()))
            .unwrap_or(false)
    }

    /// The number of batches this run has completed.
    pub fn batches_completed(&self) -> u64 {
        self.shared.batches_done.load(Ordering::SeqCst)
    }

    /// The progress reports of the recent batches (up to 100), oldest first, as Spark's
    /// `recentProgress`.
    pub fn recent_progress(&self) -> Vec<super::BatchProgress> {
        self.shared.progress.recent()
    }

    /// The progress report of the last batch, as Spark's `lastProgress`.
    pub fn last_progress(&self) -> Option<super::BatchProgress> {
        self.shared.progress.last()
    }

    /// Stops the query: the batch in flight finishes, no new batch starts; returns when every
    /// worker of this process has stopped.
    pub fn stop(&self) -> Result<()> {
        self.shared.request_stop();
        self.await_termination()
    }

    /// Waits until the query stops (by `stop()`, its trigger, a signal in graceful mode, or an
    /// error) and returns the error it stopped with, if any.
    pub fn await_termination(&self) -> Result<()> {
        let handle = self
            .runner
            .lock()
            .map_err(|_| Error::Runtime("query handle lock poisoned".into()))?
            .take();
        let mut outcome = self
            .outcome
            .lock()
            .map_err(|_| Error::Runtime("query handle lock poisoned".into()))?;
        if let Some(handle) = handle {
            let result = match handle.join() {
                Ok(result) => result.map_err(|e| e.to_string()),
                Err(_) => Err("the query thread panicked".to_string()),
            };
            *outcome = Some(result);
        }
        match outcome.as_ref() {
            Some(Err(message)) => Err(Error::StreamingQuery {
                id: self.id.clone(),
                run_id: self.run_id.clone(),
                message: message.clone(),
            }),
            _ => Ok(()),
        }
    }
}
