//! The JSON endpoints under `/api/v1/streaming/`.
//!
//! Spark's REST API (`/api/v1/applications/...`) has no Structured Streaming endpoints; these
//! follow its style (camelCase names, arrays of objects, the `/api/v1` prefix) and Spark's own
//! JSON for what Spark does print: a query's `status` as `StreamingQueryStatus.json`, and each
//! progress report exactly as [`StreamingQueryProgress::json`] (Spark's
//! `StreamingQueryProgress.json`) prints it.
//!
//! [`StreamingQueryProgress::json`]: crate::streaming::StreamingQueryProgress::json

use serde::Serialize;

use super::snapshot::QuerySnapshot;
use crate::streaming::StreamingQueryStatus;

/// A query as `/api/v1/streaming/queries` lists it, but for `lastProgress`, which is
/// spliced in as the progress report prints itself.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QueryJson<'a> {
    id: &'a str,
    run_id: &'a str,
    name: Option<&'a str>,
    is_active: bool,
    status: &'a StreamingQueryStatus,
    exception: Option<&'a str>,
    batches: u64,
}

/// One query: `{"id", "runId", "name", "isActive", "status": {"message", "isDataAvailable",
/// "isTriggerActive"}, "exception", "batches", "lastProgress"}`; `name`, `exception` and
/// `lastProgress` are `null` when there is none.
pub(crate) fn query(q: &QuerySnapshot) -> String {
    let head = QueryJson {
        id: &q.id,
        run_id: &q.run_id,
        name: q.name.as_deref(),
        is_active: q.active,
        status: &q.status,
        exception: q.exception.as_deref(),
        batches: q.batches,
    };
    let mut json = serde_json::to_string(&head).unwrap_or_else(|_| "{}".to_string());
    // Splice `lastProgress` in before the closing brace, as the report prints itself.
    json.pop();
    json.push_str(",\"lastProgress\":");
    match q.last() {
        Some(progress) => json.push_str(&progress.json()),
        None => json.push_str("null"),
    }
    json.push('}');
    json
}

/// `/api/v1/streaming/queries`: every query of the session, in start order.
pub(crate) fn queries(queries: &[QuerySnapshot]) -> String {
    array(queries.iter().map(query))
}

/// `/api/v1/streaming/queries/<id>/progress`: the recent progress reports, oldest first, as
/// Spark's `recentProgress`.
pub(crate) fn progress(q: &QuerySnapshot) -> String {
    array(q.progress.iter().map(|p| p.json()))
}

fn array(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streaming::StreamingQueryProgress;
    use crate::ui::fixtures::snapshot;

    #[test]
    fn queries_are_camel_case_with_the_last_progress_as_printed() {
        let q = snapshot(true, 2);
        let json: serde_json::Value =
            serde_json::from_str(&queries(std::slice::from_ref(&q))).unwrap();
        let first = &json[0];
        assert_eq!(first["runId"], "r");
        assert_eq!(first["isActive"], true);
        assert_eq!(first["status"]["message"], "Initializing sources");
        assert_eq!(first["status"]["isTriggerActive"], false);
        assert_eq!(first["exception"], serde_json::Value::Null);
        assert_eq!(first["batches"], 2);
        assert_eq!(first["lastProgress"]["batchId"], 1);
        let text = query(&q);
        assert!(text.ends_with(&format!(",\"lastProgress\":{}}}", q.progress[1].json())));
        let none = snapshot(false, 0);
        assert!(query(&none).ends_with(",\"lastProgress\":null}"));
    }

    #[test]
    fn progress_is_every_report_as_spark_prints_it() {
        let q = snapshot(true, 3);
        let text = progress(&q);
        let parsed: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed.len(), 3);
        let back = StreamingQueryProgress::from_json(&parsed[2].to_string()).unwrap();
        assert_eq!(back.batch_id, 2);
        assert_eq!(back.num_input_rows, 20);
        assert_eq!(progress(&snapshot(true, 0)), "[]");
    }
}
