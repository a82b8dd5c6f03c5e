//! Made-up queries for the UI's unit tests.

use super::snapshot::QuerySnapshot;
use crate::streaming::{
    SinkProgress, StateOperatorProgress, StreamingQueryProgress, StreamingQueryStatus,
};

/// Batch `batch` reading `rows` rows: 3 ms (3.5 measured), 2 of them adding the batch, a
/// state of `2 * rows` rows, `rows + 1` output rows, no processed rate.
pub(crate) fn progress(batch: u64, rows: u64) -> StreamingQueryProgress {
    StreamingQueryProgress {
        id: "q".into(),
        run_id: "r".into(),
        name: Some("<b>counts</b>".into()),
        timestamp: "2026-01-01T10:00:00.000Z".into(),
        batch_id: batch,
        batch_duration: 3,
        num_input_rows: rows,
        input_rows_per_second: rows as f64,
        processed_rows_per_second: f64::NAN,
        duration_ms: [("addBatch", 2), ("triggerExecution", 3)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        event_time: Default::default(),
        state_operators: vec![StateOperatorProgress {
            operator_name: "stateStoreSave".into(),
            num_rows_total: rows * 2,
            num_rows_updated: 0,
            all_updates_time_ms: 0,
            num_rows_removed: 0,
            all_removals_time_ms: 0,
            commit_time_ms: 0,
            memory_used_bytes: 0,
            num_rows_dropped_by_watermark: 0,
            num_shuffle_partitions: 1,
            num_state_store_instances: 1,
            custom_metrics: Default::default(),
        }],
        sources: vec![],
        sink: SinkProgress {
            description: "console".into(),
            num_output_rows: rows + 1,
        },
        elapsed: std::time::Duration::from_micros(3_500),
    }
}

/// A query named `<b>counts</b>` (id `q`, run `r`) with `batches` batches, reading `10 * b`
/// rows in batch `b`.
pub(crate) fn snapshot(active: bool, batches: u64) -> QuerySnapshot {
    QuerySnapshot {
        id: "q".into(),
        run_id: "r".into(),
        name: Some("<b>counts</b>".into()),
        active,
        status: StreamingQueryStatus::default(),
        exception: None,
        batches,
        progress: (0..batches).map(|b| progress(b, 10 * b)).collect(),
        explain: "== Physical Plan ==\n<x>".into(),
    }
}
