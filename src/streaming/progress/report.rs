//! [`StreamingQueryProgress`] and its parts: what one batch did, in the shape of Spark 4's
//! `StreamingQueryProgress` (field names, order and value types), so that its JSON reads as
//! Spark's and PySpark's `StreamingQueryProgress.fromJson` accepts it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::jackson;

/// The progress report of one batch, as Spark's `StreamingQueryProgress`.
///
/// Doubles that are not finite (a rate over no time) are left out of the JSON, as Spark does;
/// so are empty maps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamingQueryProgress {
    /// The query's id, the same across restarts from a checkpoint.
    pub id: String,
    /// The id of this run of the query.
    pub run_id: String,
    /// The name given with `query_name`, if any.
    pub name: Option<String>,
    /// When the batch's trigger fired, ISO 8601 in UTC with milliseconds
    /// (`2026-01-01T10:00:00.000Z`).
    pub timestamp: String,
    /// The batch id.
    pub batch_id: u64,
    /// Milliseconds the batch took, from its trigger to its commit.
    pub batch_duration: u64,
    /// Rows read in the batch, over every source.
    pub num_input_rows: u64,
    /// Rows read per second since the previous batch's trigger.
    #[serde(skip_serializing_if = "not_finite", default = "nan")]
    pub input_rows_per_second: f64,
    /// Rows processed per second of this batch's duration.
    #[serde(skip_serializing_if = "not_finite", default = "nan")]
    pub processed_rows_per_second: f64,
    /// Milliseconds spent in each phase of the batch, by Spark's phase names (`addBatch`,
    /// `commitOffsets`, `getBatch`, `latestOffset`, `queryPlanning`, `triggerExecution`,
    /// `walCommit`), in key order.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub duration_ms: BTreeMap<String, u64>,
    /// With a watermark: the batch's event times (`avg`, `max`, `min`) and the watermark it
    /// ran with (`watermark`), ISO 8601 in UTC, in key order.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub event_time: BTreeMap<String, String>,
    /// One report per stateful operator, in the plan's order.
    pub state_operators: Vec<StateOperatorProgress>,
    /// One report per source, in the plan's order.
    pub sources: Vec<SourceProgress>,
    /// The sink's report.
    pub sink: SinkProgress,
    /// The batch's duration, to the nanosecond (Ember's; not in Spark's JSON).
    #[serde(skip)]
    pub elapsed: std::time::Duration,
}

/// What one stateful operator held and did in a batch, as Spark's `StateOperatorProgress`,
/// summed over every worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateOperatorProgress {
    /// Spark's name for the operator (`stateStoreSave` for an aggregation).
    pub operator_name: String,
    /// Rows of state held after the batch.
    pub num_rows_total: u64,
    /// Rows of state the batch wrote.
    pub num_rows_updated: u64,
    /// Milliseconds spent writing state.
    pub all_updates_time_ms: u64,
    /// Rows of state the batch removed (windows the watermark closed).
    pub num_rows_removed: u64,
    /// Milliseconds spent finding and removing state.
    pub all_removals_time_ms: u64,
    /// Milliseconds spent writing the state snapshot, in a batch that wrote one.
    pub commit_time_ms: u64,
    /// Bytes of memory the state takes, measured over the operator's arrangement or maps.
    pub memory_used_bytes: u64,
    /// Input rows dropped because they were later than the watermark.
    pub num_rows_dropped_by_watermark: u64,
    /// Partitions the state is split into: the query's workers.
    pub num_shuffle_partitions: u64,
    /// Instances of the state: one per worker.
    pub num_state_store_instances: u64,
    /// Ember's own figures for the operator, in key order.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub custom_metrics: BTreeMap<String, u64>,
}

/// What one source read in a batch, as Spark's `SourceProgress`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceProgress {
    /// The source, as `explain()` names it.
    pub description: String,
    /// Where the batch started reading: the previous batch's end (`null` for a first batch).
    pub start_offset: serde_json::Value,
    /// Where the batch stopped reading.
    pub end_offset: serde_json::Value,
    /// The latest offset the source had when the batch was planned.
    pub latest_offset: serde_json::Value,
    /// Rows read from this source in the batch.
    pub num_input_rows: u64,
    /// Rows read per second since the previous batch's trigger.
    #[serde(skip_serializing_if = "not_finite", default = "nan")]
    pub input_rows_per_second: f64,
    /// Rows processed per second of this batch's duration.
    #[serde(skip_serializing_if = "not_finite", default = "nan")]
    pub processed_rows_per_second: f64,
}

/// What the sink wrote in a batch, as Spark's `SinkProgress`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SinkProgress {
    /// The sink, as `explain()` names it.
    pub description: String,
    /// Rows handed to the sink in the batch.
    pub num_output_rows: u64,
}

fn not_finite(x: &f64) -> bool {
    !x.is_finite()
}

fn nan() -> f64 {
    f64::NAN
}

impl StreamingQueryProgress {
    /// The report as one line of JSON, as Spark's `json`.
    pub fn json(&self) -> String {
        jackson::compact(self)
    }

    /// The report as indented JSON, laid out as Spark's `prettyJson`.
    pub fn pretty_json(&self) -> String {
        jackson::pretty(self)
    }

    /// Reads a report back from [`json`](Self::json) or [`pretty_json`](Self::pretty_json).
    pub fn from_json(text: &str) -> crate::error::Result<Self> {
        serde_json::from_str(text).map_err(|e| {
            crate::error::Error::InvalidArgument(format!("not a progress report: {e}"))
        })
    }

    /// The watermark the batch ran with (milliseconds since the epoch), if the query has one.
    pub fn watermark_ms(&self) -> Option<i64> {
        self.event_time.get("watermark").and_then(|t| parse_ms(t))
    }

    /// The state rows held after the batch, over every stateful operator.
    pub fn state_rows(&self) -> u64 {
        self.state_operators.iter().map(|s| s.num_rows_total).sum()
    }

    /// Input rows dropped as late in the batch, over every stateful operator.
    pub fn rows_dropped_by_watermark(&self) -> u64 {
        self.state_operators
            .iter()
            .map(|s| s.num_rows_dropped_by_watermark)
            .sum()
    }

    /// Milliseconds the batch spent in phase `name` (`addBatch`, `triggerExecution`, ...).
    pub fn duration(&self, name: &str) -> u64 {
        self.duration_ms.get(name).copied().unwrap_or(0)
    }
}

impl std::fmt::Display for StreamingQueryProgress {
    /// The pretty JSON, as Spark's `toString`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.pretty_json())
    }
}

/// `ms` since the epoch as Spark formats progress times: `2026-01-01T10:00:00.000Z`.
pub fn format_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| ms.to_string())
}

/// The inverse of [`format_ms`].
pub fn parse_ms(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_spark_formatted() {
        assert_eq!(format_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_ms(1_704_067_215_000), "2024-01-01T00:00:15.000Z");
        assert_eq!(
            parse_ms("2024-01-01T00:00:15.000Z"),
            Some(1_704_067_215_000)
        );
    }
}
