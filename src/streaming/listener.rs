//! [`StreamingQueryListener`]: Spark's listener interface, and the bus that calls listeners
//! on a thread of its own, in the order events happened, off the batches' critical path.

use std::sync::{Arc, Mutex};

use crossbeam_channel::{Receiver, Sender};

use super::StreamingQueryProgress;

/// A query started, as Spark's `QueryStartedEvent`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryStartedEvent {
    /// The query's id.
    pub id: String,
    /// The id of this run.
    pub run_id: String,
    /// The query's name, if any.
    pub name: Option<String>,
    /// When it started, ISO 8601 in UTC.
    pub timestamp: String,
}

/// A batch completed, as Spark's `QueryProgressEvent`.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryProgressEvent {
    /// The batch's report.
    pub progress: StreamingQueryProgress,
}

/// A query found no new data for `spark.sql.streaming.noDataProgressEventInterval`, as
/// Spark's `QueryIdleEvent`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryIdleEvent {
    /// The query's id.
    pub id: String,
    /// The id of this run.
    pub run_id: String,
    /// When, ISO 8601 in UTC.
    pub timestamp: String,
}

/// A query stopped, as Spark's `QueryTerminatedEvent`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryTerminatedEvent {
    /// The query's id.
    pub id: String,
    /// The id of this run.
    pub run_id: String,
    /// The error that stopped the query, if it failed.
    pub exception: Option<String>,
    /// The error class of that error (`[CLASS]` at its start), if it has one.
    pub error_class_on_exception: Option<String>,
}

/// Receives the events of every query of a session, as Spark's `StreamingQueryListener`.
///
/// Methods run on the session's listener thread, one event at a time, in the order the
/// events happened; a slow listener delays other listeners, never a batch.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use ember::{QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent, StreamingQueryListener};
///
/// #[derive(Default)]
/// struct Batches(Mutex<Vec<u64>>);
///
/// impl StreamingQueryListener for Batches {
///     fn on_query_started(&self, _event: &QueryStartedEvent) {}
///     fn on_query_progress(&self, event: &QueryProgressEvent) {
///         self.0.lock().unwrap().push(event.progress.batch_id);
///     }
///     fn on_query_terminated(&self, _event: &QueryTerminatedEvent) {}
/// }
///
/// let spark = ember::Session::builder().get_or_create().unwrap();
/// spark.streams().add_listener(Arc::new(Batches::default()));
/// ```
pub trait StreamingQueryListener: Send + Sync {
    /// A query started.
    fn on_query_started(&self, event: &QueryStartedEvent);
    /// A query completed a batch.
    fn on_query_progress(&self, event: &QueryProgressEvent);
    /// A query has found no new data for a while.
    fn on_query_idle(&self, _event: &QueryIdleEvent) {}
    /// A query stopped.
    fn on_query_terminated(&self, event: &QueryTerminatedEvent);
}

/// One event of a query.
#[derive(Clone, Debug)]
pub(crate) enum QueryEvent {
    Started(QueryStartedEvent),
    Progress(Box<QueryProgressEvent>),
    Idle(QueryIdleEvent),
    Terminated(QueryTerminatedEvent),
}

type Listeners = Arc<Mutex<Vec<Arc<dyn StreamingQueryListener>>>>;

/// The session's listeners, and the thread that calls them.
#[derive(Clone, Default)]
pub(crate) struct ListenerBus {
    listeners: Listeners,
    sender: Arc<Mutex<Option<Sender<QueryEvent>>>>,
}

impl std::fmt::Debug for ListenerBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListenerBus").finish_non_exhaustive()
    }
}

impl ListenerBus {
    pub(crate) fn add(&self, listener: Arc<dyn StreamingQueryListener>) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.push(listener);
        }
    }

    /// Removes `listener` (the same `Arc`); whether it was there.
    pub(crate) fn remove(&self, listener: &Arc<dyn StreamingQueryListener>) -> bool {
        let Ok(mut listeners) = self.listeners.lock() else {
            return false;
        };
        let before = listeners.len();
        listeners.retain(|l| !Arc::ptr_eq(l, listener));
        listeners.len() != before
    }

    /// Queues `event` for the listeners; starts their thread on the first event.
    pub(crate) fn post(&self, event: QueryEvent) {
        let Ok(mut sender) = self.sender.lock() else {
            return;
        };
        let sender = sender.get_or_insert_with(|| {
            let (sender, receiver) = crossbeam_channel::unbounded();
            let listeners = self.listeners.clone();
            let spawned = std::thread::Builder::new()
                .name("ember-listeners".into())
                .spawn(move || deliver(&receiver, &listeners));
            if let Err(e) = spawned {
                tracing::error!("cannot start the listener thread: {e}");
            }
            sender
        });
        // Sending fails only if the thread could not start; the error was logged then.
        let _ = sender.send(event);
    }
}

/// Calls every listener with each event, until the session is gone.
fn deliver(events: &Receiver<QueryEvent>, listeners: &Listeners) {
    for event in events {
        let current: Vec<Arc<dyn StreamingQueryListener>> =
            listeners.lock().map(|l| l.clone()).unwrap_or_default();
        for listener in current {
            let called = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &event {
                QueryEvent::Started(e) => listener.on_query_started(e),
                QueryEvent::Progress(e) => listener.on_query_progress(e),
                QueryEvent::Idle(e) => listener.on_query_idle(e),
                QueryEvent::Terminated(e) => listener.on_query_terminated(e),
            }));
            if called.is_err() {
                tracing::error!("a streaming query listener panicked; it keeps receiving events");
            }
        }
    }
}
