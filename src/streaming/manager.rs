//! [`StreamingQueryManager`]: a session's queries, as Spark's `spark.streams`.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::listener::{ListenerBus, StreamingQueryListener};
use super::query::wait_for;
use super::StreamingQuery;
use crate::error::Result;

/// The queries of a session, and its listeners, as Spark's `StreamingQueryManager`. Cheap to
/// clone; every clone is the same manager.
#[derive(Clone, Debug, Default)]
pub struct StreamingQueryManager {
    inner: Arc<ManagerInner>,
}

#[derive(Debug, Default)]
struct ManagerInner {
    /// Every query started in the session, in start order.
    queries: Mutex<Vec<StreamingQuery>>,
    /// The first query to terminate since the last `reset_terminated`, if any.
    terminated: Mutex<Option<StreamingQuery>>,
    terminations: Condvar,
    bus: ListenerBus,
}

impl StreamingQueryManager {
    /// The queries running now, in start order, as Spark's `active`.
    pub fn active(&self) -> Vec<StreamingQuery> {
        self.all().into_iter().filter(|q| q.is_active()).collect()
    }

    /// Every query started in this session, running or not, in start order.
    pub fn all(&self) -> Vec<StreamingQuery> {
        self.inner
            .queries
            .lock()
            .map(|q| q.clone())
            .unwrap_or_default()
    }

    /// The running query with this id, as Spark's `get`.
    pub fn get(&self, id: &str) -> Option<StreamingQuery> {
        self.active().into_iter().find(|q| q.id() == id)
    }

    /// Waits until any query of the session has terminated since the session began or
    /// since [`reset_terminated`](Self::reset_terminated), as Spark's
    /// `awaitAnyTermination`; returns at once if one has. Fails with the error of that query
    /// if it failed.
    pub fn await_any_termination(&self) -> Result<()> {
        self.wait(None).map(|_| ())
    }

    /// As [`await_any_termination`](Self::await_any_termination), waiting at most `timeout`;
    /// whether a query terminated.
    pub fn await_any_termination_timeout(&self, timeout: Duration) -> Result<bool> {
        self.wait(Some(Instant::now() + timeout))
    }

    fn wait(&self, deadline: Option<Instant>) -> Result<bool> {
        let terminated = &self.inner.terminated;
        match wait_for(
            terminated,
            &self.inner.terminations,
            deadline,
            Option::clone,
        )? {
            Some(query) => query.await_termination().map(|()| true),
            None => Ok(false),
        }
    }

    /// Forgets the queries that have terminated, so that
    /// [`await_any_termination`](Self::await_any_termination) waits for a new one, as
    /// Spark's `resetTerminated`.
    pub fn reset_terminated(&self) {
        if let Ok(mut terminated) = self.inner.terminated.lock() {
            *terminated = None;
        }
    }

    /// Adds a listener, called for every query of the session from now on.
    pub fn add_listener(&self, listener: Arc<dyn StreamingQueryListener>) {
        self.inner.bus.add(listener);
    }

    /// Removes a listener added with [`add_listener`](Self::add_listener) (the same `Arc`);
    /// whether it was there.
    pub fn remove_listener(&self, listener: &Arc<dyn StreamingQueryListener>) -> bool {
        self.inner.bus.remove(listener)
    }

    pub(crate) fn bus(&self) -> ListenerBus {
        self.inner.bus.clone()
    }

    /// How many queries the session has started.
    pub(crate) fn started(&self) -> usize {
        self.inner.queries.lock().map_or(0, |q| q.len())
    }

    pub(crate) fn register(&self, query: StreamingQuery) {
        if let Ok(mut queries) = self.inner.queries.lock() {
            queries.push(query);
        }
    }

    /// `query` has terminated: wakes whoever awaits any termination.
    pub(crate) fn terminated(&self, query: &StreamingQuery) {
        if let Ok(mut terminated) = self.inner.terminated.lock() {
            if terminated.is_none() {
                *terminated = Some(query.clone());
            }
        }
        self.inner.terminations.notify_all();
    }
}
