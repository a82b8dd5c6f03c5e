//! [`StreamingQuery`]: the handle `start()` returns, and the state its workers share.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{JoinHandle, Thread};
use std::time::{Duration, Instant};

use crate::checkpoint::{Checkpoint, CheckpointLock, QueryShape};
use crate::config::ClusterArgs;
use crate::error::{error_class, Error, Result};
use crate::ids::new_uuid;
use crate::plan::{PhysicalPlan, Stage};
use crate::sink::Sink;
use crate::time_zone::TimeZone;

use super::control::Drivers;
use super::listener::{ListenerBus, QueryEvent, QueryStartedEvent, QueryTerminatedEvent};
use super::manager::StreamingQueryManager;
use super::now_ms;
use super::progress::{format_ms, ProgressLog, StreamingQueryProgress, StreamingQueryStatus};

/// Who a query is, for its progress reports and events.
#[derive(Clone, Debug)]
pub(crate) struct QueryIdentity {
    /// The query's id, the same across restarts.
    pub id: String,
    /// The id of this run.
    pub run_id: String,
    /// The name given with `query_name`.
    pub name: Option<String>,
}

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
    /// How many times the driver has looked at the sources and found nothing to run.
    pub idle_passes: AtomicU64,
    /// Recent batches' progress reports, and the query's status.
    pub progress: ProgressLog,
    /// Who the query is.
    pub identity: QueryIdentity,
    /// The session's listeners.
    pub events: ListenerBus,
    /// How long without new data before an idle event
    /// (`spark.sql.streaming.noDataProgressEventInterval`).
    pub idle_interval: Duration,
    /// The checkpoint, if the query has one.
    pub checkpoint: Option<Checkpoint>,
    /// Snapshot state every this many batches.
    pub snapshot_every: u64,
    /// Keep this many batches of logs.
    pub retain_batches: u64,
    /// `spark.sql.session.timeZone`: the zone the workers' evaluators work in.
    pub time_zone: TimeZone,
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

/// A running streaming query, as Spark's `StreamingQuery`. Cheap to clone: every clone is
/// a handle on the same query.
///
/// Dropping the handle does not stop the query; call [`stop`](Self::stop) or
/// [`await_termination`](Self::await_termination).
#[derive(Clone)]
pub struct StreamingQuery {
    inner: Arc<QueryHandle>,
}

struct QueryHandle {
    shared: Arc<QueryShared>,
    runner: Mutex<Option<JoinHandle<()>>>,
    /// `None` while the query runs; then how it ended.
    outcome: Mutex<Option<Result<(), String>>>,
    ended: Condvar,
    explained: String,
}

impl std::fmt::Debug for StreamingQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingQuery")
            .field("id", &self.id())
            .field("name", &self.name())
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
    /// `spark.sql.session.timeZone`.
    pub time_zone: TimeZone,
    /// Progress reports to keep (`spark.sql.streaming.numRecentProgressUpdates`).
    pub recent_progress: usize,
    /// `spark.sql.streaming.noDataProgressEventInterval`.
    pub idle_interval: Duration,
    /// The session's queries and listeners.
    pub manager: StreamingQueryManager,
}

/// Starts the workers of `plan`, writing to `sink`, on a background thread and returns the
/// query's handle.
pub(crate) fn start_query(
    plan: PhysicalPlan,
    sink: Box<dyn Sink>,
    settings: RunSettings,
) -> Result<StreamingQuery> {
    let cluster = &settings.cluster;
    let config = cluster.timely_config(settings.default_workers, settings.manager.started())?;
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
                tracing::warn!("{warning}");
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
    let identity = QueryIdentity {
        id,
        run_id: new_uuid(),
        name: plan.name.clone(),
    };
    let events = settings.manager.bus();
    let shared = Arc::new(QueryShared {
        plan,
        driver_half: Mutex::new(driver_half),
        stop,
        driver_thread: Mutex::new(None),
        batches_done: AtomicU64::new(0),
        idle_passes: AtomicU64::new(0),
        progress: ProgressLog::with_capacity(settings.recent_progress),
        identity: identity.clone(),
        events: events.clone(),
        idle_interval: settings.idle_interval,
        checkpoint,
        snapshot_every: settings.snapshot_every.max(1),
        retain_batches: settings.retain_batches.max(1),
        time_zone: settings.time_zone,
    });
    let query = StreamingQuery {
        inner: Arc::new(QueryHandle {
            shared: shared.clone(),
            runner: Mutex::new(None),
            outcome: Mutex::new(None),
            ended: Condvar::new(),
            explained: settings.explained,
        }),
    };
    settings.manager.register(query.clone());
    events.post(QueryEvent::Started(QueryStartedEvent {
        id: identity.id.clone(),
        run_id: identity.run_id.clone(),
        name: identity.name.clone(),
        timestamp: format_ms(now_ms()),
    }));
    tracing::debug!(id = %identity.id, run_id = %identity.run_id, "query started");
    let handle = query.clone();
    let manager = settings.manager;
    let runner = std::thread::Builder::new()
        .name("ember-query".into())
        .spawn(move || {
            // A panic here would leave whoever awaits the query waiting forever.
            let run = std::panic::AssertUnwindSafe(|| run_workers(config, shared));
            let result = match std::panic::catch_unwind(run) {
                Ok(result) => result.map_err(|e| e.to_string()),
                Err(_) => Err("invariant violated: the query's thread panicked".to_string()),
            };
            drop(lock); // the checkpoint is free once every worker of this process is done
            handle.finish(result, &manager);
        })
        .map_err(|e| Error::Runtime(format!("cannot start the query thread: {e}")))?;
    if let Ok(mut slot) = query.inner.runner.lock() {
        *slot = Some(runner);
    }
    Ok(query)
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
    fn shared(&self) -> &QueryShared {
        &self.inner.shared
    }

    /// The query's unique id, the same across restarts from its checkpoint.
    pub fn id(&self) -> &str {
        &self.shared().identity.id
    }

    /// The id of this run of the query.
    pub fn run_id(&self) -> &str {
        &self.shared().identity.run_id
    }

    /// The name given with `query_name`, if any.
    pub fn name(&self) -> Option<&str> {
        self.shared().identity.name.as_deref()
    }

    /// The query's logical and physical plans, with its sink and output mode, as text.
    pub fn explain_string(&self) -> &str {
        &self.inner.explained
    }

    /// Prints [`explain_string`](Self::explain_string) on stdout, as Spark's `explain()`.
    pub fn explain(&self) {
        print!("{}", self.inner.explained);
    }

    /// Whether the query is still running.
    pub fn is_active(&self) -> bool {
        self.inner.outcome.lock().is_ok_and(|o| o.is_none())
    }

    /// The number of batches this run has completed.
    pub fn batches_completed(&self) -> u64 {
        self.shared().batches_done.load(Ordering::SeqCst)
    }

    /// The progress reports of the recent batches (up to
    /// `spark.sql.streaming.numRecentProgressUpdates`, 100), oldest first, as Spark's
    /// `recentProgress`.
    pub fn recent_progress(&self) -> Vec<StreamingQueryProgress> {
        self.shared().progress.recent()
    }

    /// The progress report of the last batch, as Spark's `lastProgress`.
    pub fn last_progress(&self) -> Option<StreamingQueryProgress> {
        self.shared().progress.last()
    }

    /// What the query is doing now, as Spark's `status`.
    pub fn status(&self) -> StreamingQueryStatus {
        if self.is_active() {
            self.shared().progress.status()
        } else {
            StreamingQueryStatus::new("Stopped", false, false)
        }
    }

    /// The error the query failed with, if it has, as Spark's `exception()`.
    pub fn exception(&self) -> Option<Error> {
        match self.inner.outcome.lock().ok()?.as_ref()? {
            Err(message) => Some(self.failure(message)),
            Ok(()) => None,
        }
    }

    fn failure(&self, message: &str) -> Error {
        Error::StreamingQuery {
            id: self.id().to_string(),
            run_id: self.run_id().to_string(),
            message: message.to_string(),
        }
    }

    /// Waits until the query has processed everything its sources had when called (or has
    /// stopped), as Spark's `processAllAvailable`: until the driver has twice found nothing
    /// new to run — the second look began after this call.
    pub fn process_all_available(&self) -> Result<()> {
        let passes = || self.shared().idle_passes.load(Ordering::SeqCst);
        let start = passes();
        while passes() < start + 2 {
            if !self.is_active() {
                return self.await_termination();
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(())
    }

    /// Stops the query: the batch in flight finishes, no new batch starts; returns when every
    /// worker of this process has stopped.
    pub fn stop(&self) -> Result<()> {
        self.shared().request_stop();
        self.await_termination()
    }

    /// Waits until the query stops (by `stop()`, its trigger, a signal in graceful mode, or an
    /// error) and returns the error it stopped with, if any.
    pub fn await_termination(&self) -> Result<()> {
        self.wait(None).map(|_| ())
    }

    /// As [`await_termination`](Self::await_termination), waiting at most `timeout`; whether
    /// the query has stopped, as Spark's `awaitTermination(timeout)`.
    pub fn await_termination_timeout(&self, timeout: Duration) -> Result<bool> {
        self.wait(Some(Instant::now() + timeout))
    }

    fn wait(&self, deadline: Option<Instant>) -> Result<bool> {
        let Some(result) = wait_for(&self.inner.outcome, &self.inner.ended, deadline, |o| {
            o.clone()
        })?
        else {
            return Ok(false);
        };
        // The query's thread has nothing left to do but return.
        if let Some(runner) = self.inner.runner.lock().ok().and_then(|mut r| r.take()) {
            let _ = runner.join();
        }
        match result {
            Err(message) => Err(self.failure(&message)),
            Ok(()) => Ok(true),
        }
    }

    /// The query's thread is done: record how it ended, tell the listeners and the manager.
    fn finish(&self, result: std::result::Result<(), String>, manager: &StreamingQueryManager) {
        let identity = &self.shared().identity;
        // As Spark's: the exception is the query's, the error class its cause's.
        let event = QueryTerminatedEvent {
            id: identity.id.clone(),
            run_id: identity.run_id.clone(),
            error_class_on_exception: result.as_ref().err().and_then(|m| error_class(m)),
            exception: result
                .as_ref()
                .err()
                .map(|message| self.failure(message).to_string()),
        };
        // Those who wait learn first: nothing after this may keep them waiting.
        if let Ok(mut outcome) = self.inner.outcome.lock() {
            *outcome = Some(result);
        }
        self.inner.ended.notify_all();
        manager.terminated(self);
        match &event.exception {
            None => tracing::debug!(id = %identity.id, "query stopped"),
            Some(e) => tracing::debug!(id = %identity.id, "query failed: {e}"),
        }
        self.shared().events.post(QueryEvent::Terminated(event));
    }
}

/// Waits on `condvar` until `ready` finds something in `value`, or until `deadline`
/// (`Ok(None)` then).
pub(crate) fn wait_for<T, R>(
    value: &Mutex<T>,
    condvar: &Condvar,
    deadline: Option<Instant>,
    ready: impl Fn(&T) -> Option<R>,
) -> Result<Option<R>> {
    let poisoned = || Error::Runtime("a query's lock is poisoned".into());
    let mut guard = value.lock().map_err(|_| poisoned())?;
    loop {
        if let Some(found) = ready(&guard) {
            return Ok(Some(found));
        }
        guard = match deadline {
            None => condvar.wait(guard).map_err(|_| poisoned())?,
            Some(deadline) => {
                let now = Instant::now();
                if now >= deadline {
                    return Ok(None);
                }
                condvar
                    .wait_timeout(guard, deadline - now)
                    .map_err(|_| poisoned())?
                    .0
            }
        };
    }
}
