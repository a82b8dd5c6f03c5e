//! [`QuerySnapshot`]: what a page or an endpoint reads of a query, copied out once per
//! request, so that nothing is held while the answer is made and sent.

use crate::streaming::{
    StreamingQuery, StreamingQueryManager, StreamingQueryProgress, StreamingQueryStatus,
};

/// A copy of a query's state at one moment.
#[derive(Clone, Debug)]
pub(crate) struct QuerySnapshot {
    /// The query's id (the same across restarts from its checkpoint).
    pub id: String,
    /// This run's id.
    pub run_id: String,
    /// The name given with `query_name`.
    pub name: Option<String>,
    /// Whether the query still runs.
    pub active: bool,
    /// What it is doing.
    pub status: StreamingQueryStatus,
    /// The error it failed with.
    pub exception: Option<String>,
    /// Batches completed by this run.
    pub batches: u64,
    /// The recent batches' progress, oldest first: every one kept, or only the last (see
    /// [`QuerySnapshot::of`]).
    pub progress: Vec<StreamingQueryProgress>,
    /// `explain()`'s text.
    pub explain: String,
}

impl QuerySnapshot {
    /// The state of `query` now; with `every_batch`, every recent progress report, otherwise
    /// only the last.
    pub(crate) fn of(query: &StreamingQuery, every_batch: bool) -> Self {
        // Whether it is active first: a query seen active may have finished by the time its
        // progress is read, never the reverse.
        let active = query.is_active();
        let progress = if every_batch {
            query.recent_progress()
        } else {
            query.last_progress().into_iter().collect()
        };
        QuerySnapshot {
            id: query.id().to_string(),
            run_id: query.run_id().to_string(),
            name: query.name().map(str::to_string),
            active,
            status: query.status(),
            exception: query.exception().map(|e| e.to_string()),
            batches: query.batches_completed(),
            progress,
            explain: query.explain_string().to_string(),
        }
    }

    /// The last batch's progress.
    pub(crate) fn last(&self) -> Option<&StreamingQueryProgress> {
        self.progress.last()
    }

    /// The name, or `""` for an unnamed query.
    pub(crate) fn name_or_empty(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }
}

/// Every query of the session, in start order, with the last batch's progress only.
pub(crate) fn all(manager: &StreamingQueryManager) -> Vec<QuerySnapshot> {
    manager
        .all()
        .iter()
        .map(|q| QuerySnapshot::of(q, false))
        .collect()
}

/// The query whose run id or id is `key`: for an id that several runs of the session share
/// (a query restarted from its checkpoint), the latest run.
pub(crate) fn find(manager: &StreamingQueryManager, key: &str) -> Option<StreamingQuery> {
    let queries = manager.all();
    let by_run = queries.iter().find(|q| q.run_id() == key);
    by_run
        .or_else(|| queries.iter().rev().find(|q| q.id() == key))
        .cloned()
}

/// The latest run of each query id, in start order of those runs: one series per query for
/// `/metrics`.
pub(crate) fn latest_runs(manager: &StreamingQueryManager) -> Vec<QuerySnapshot> {
    let queries = manager.all();
    queries
        .iter()
        .enumerate()
        .filter(|(i, q)| queries[i + 1..].iter().all(|later| later.id() != q.id()))
        .map(|(_, q)| QuerySnapshot::of(q, false))
        .collect()
}
