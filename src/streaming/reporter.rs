//! [`Reporter`]: turns what the driver timed and what every worker reported about a batch
//! into its [`StreamingQueryProgress`], as Spark's `ProgressReporter` does.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::progress::{
    format_ms, SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress,
};
use super::query::QueryIdentity;
use crate::plan::{PhysicalPlan, WorkerStats};
use crate::source::{Offsets, Source};

/// Where a batch's time went, by Spark's phase names.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Phases {
    /// Asking the sources for their latest offsets.
    pub latest_offset: Duration,
    /// Making the batch's plan (its control message).
    pub query_planning: Duration,
    /// Logging its offsets to the checkpoint.
    pub wal_commit: Duration,
    /// The driver reading its own share of the input.
    pub get_batch: Duration,
    /// From the plan going out to the sink having written the batch.
    pub add_batch: Duration,
    /// Committing the batch, snapshotting state and purging logs.
    pub commit_offsets: Duration,
    /// The whole batch, from its trigger to its commit.
    pub trigger_execution: Duration,
}

/// What the driver knows of one batch.
pub(crate) struct BatchFacts {
    pub id: u64,
    /// When its trigger fired (ms since the Unix epoch).
    pub trigger_ms: i64,
    /// The same moment, for rates.
    pub trigger_at: Instant,
    /// What it read from each source.
    pub offsets: Vec<Offsets>,
    /// The watermark it ran with (microseconds).
    pub watermark: Option<i64>,
    /// Rows handed to the sink.
    pub output_rows: u64,
    /// Where its time went.
    pub phases: Phases,
    /// Milliseconds spent writing a state snapshot, in a batch that wrote one.
    pub snapshot_ms: u64,
}

/// Builds each batch's report; remembers what rates and offsets need from the last one.
pub(crate) struct Reporter {
    identity: QueryIdentity,
    sources: Vec<std::sync::Arc<dyn Source>>,
    sink: String,
    state_names: Vec<String>,
    has_watermark: bool,
    workers: u64,
    previous_trigger: Option<Instant>,
    /// Per source: where the next batch starts (the last batch's end).
    start_offsets: Vec<serde_json::Value>,
    /// Per stateful stage: late rows dropped up to the last batch.
    dropped: Vec<u64>,
    /// Late rows the fused passes dropped up to the last batch.
    dropped_by_passes: u64,
}

impl Reporter {
    pub(crate) fn new(
        identity: QueryIdentity,
        plan: &PhysicalPlan,
        sink: String,
        workers: u64,
    ) -> Self {
        Reporter {
            identity,
            sources: plan.sources.clone(),
            sink,
            state_names: plan.state_operator_names(),
            has_watermark: plan.watermark_delay.is_some(),
            workers,
            previous_trigger: None,
            start_offsets: vec![serde_json::Value::Null; plan.sources.len()],
            dropped: Vec::new(),
            dropped_by_passes: 0,
        }
    }

    /// A restarted query's first batch starts where the last committed batch ended.
    pub(crate) fn resume_from(&mut self, offsets: &[Offsets]) {
        self.start_offsets = self
            .sources
            .iter()
            .zip(offsets)
            .map(|(source, batch)| source.progress_offset(batch))
            .collect();
    }

    /// Batch `facts.id`'s report, from `stats`, every worker's reports summed.
    pub(crate) fn report(
        &mut self,
        facts: &BatchFacts,
        stats: &WorkerStats,
    ) -> StreamingQueryProgress {
        let ms = |d: Duration| d.as_millis() as u64;
        let phases = facts.phases;
        let duration_ms: BTreeMap<String, u64> = [
            ("addBatch", ms(phases.add_batch)),
            ("commitOffsets", ms(phases.commit_offsets)),
            ("getBatch", ms(phases.get_batch)),
            ("latestOffset", ms(phases.latest_offset)),
            ("queryPlanning", ms(phases.query_planning)),
            ("triggerExecution", ms(phases.trigger_execution)),
            ("walCommit", ms(phases.wal_commit)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        // Spark: rows over the time since the previous trigger (0 for the first batch), and
        // over this batch's time; measured here in nanoseconds, where Spark counts whole
        // milliseconds. A rate over no time is left out of the JSON, as Spark does.
        let since_previous = self
            .previous_trigger
            .map(|previous| facts.trigger_at.duration_since(previous).as_secs_f64());
        let processing = phases.trigger_execution.as_secs_f64();
        let input_rate = |rows: u64| match since_previous {
            None => 0.0,
            Some(seconds) => rows as f64 / seconds,
        };
        let processed_rate = |rows: u64| rows as f64 / processing;
        self.previous_trigger = Some(facts.trigger_at);
        let sources = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, source)| {
                let rows = stats.input_rows.get(i).copied().unwrap_or(0);
                let end = facts
                    .offsets
                    .get(i)
                    .map(|batch| source.progress_offset(batch))
                    .unwrap_or_default();
                let start = std::mem::replace(&mut self.start_offsets[i], end.clone());
                SourceProgress {
                    description: source.describe(),
                    start_offset: start,
                    end_offset: end.clone(),
                    latest_offset: end,
                    num_input_rows: rows,
                    input_rows_per_second: input_rate(rows),
                    processed_rows_per_second: processed_rate(rows),
                }
            })
            .collect();
        let num_input_rows: u64 = stats.input_rows.iter().sum();
        StreamingQueryProgress {
            id: self.identity.id.clone(),
            run_id: self.identity.run_id.clone(),
            name: self.identity.name.clone(),
            timestamp: format_ms(facts.trigger_ms),
            batch_id: facts.id,
            batch_duration: ms(phases.trigger_execution),
            num_input_rows,
            input_rows_per_second: input_rate(num_input_rows),
            processed_rows_per_second: processed_rate(num_input_rows),
            duration_ms,
            event_time: self.event_time(facts, stats),
            state_operators: self.state_operators(facts, stats),
            sources,
            sink: SinkProgress {
                description: self.sink.clone(),
                num_output_rows: facts.output_rows,
            },
            elapsed: phases.trigger_execution,
        }
    }

    /// With a watermark: the batch's event times and the watermark it ran with.
    fn event_time(&self, facts: &BatchFacts, stats: &WorkerStats) -> BTreeMap<String, String> {
        let mut event_time = BTreeMap::new();
        if !self.has_watermark {
            return event_time;
        }
        let at = |micros: i64| format_ms(micros.div_euclid(1000));
        if let Some(times) = stats.batch_event_times {
            event_time.insert("avg".to_string(), at(times.avg()));
            event_time.insert("max".to_string(), at(times.max));
            event_time.insert("min".to_string(), at(times.min));
        }
        event_time.insert("watermark".to_string(), at(facts.watermark.unwrap_or(0)));
        event_time
    }

    /// One report per stateful stage. Rows the fused passes dropped as late count for the
    /// first stage, the stateful operator Spark drops them in.
    fn state_operators(
        &mut self,
        facts: &BatchFacts,
        stats: &WorkerStats,
    ) -> Vec<StateOperatorProgress> {
        if self.dropped.len() < stats.states.len() {
            self.dropped.resize(stats.states.len(), 0);
        }
        let by_passes = stats.dropped.saturating_sub(self.dropped_by_passes);
        self.dropped_by_passes = stats.dropped.max(self.dropped_by_passes);
        stats
            .states
            .iter()
            .enumerate()
            .map(|(i, state)| {
                let mut dropped = state.dropped_rows.saturating_sub(self.dropped[i]);
                self.dropped[i] = state.dropped_rows.max(self.dropped[i]);
                if i == 0 {
                    dropped += by_passes;
                }
                StateOperatorProgress {
                    operator_name: self
                        .state_names
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("stateful{i}")),
                    num_rows_total: state.rows_total,
                    num_rows_updated: state.rows_updated,
                    all_updates_time_ms: 0,
                    num_rows_removed: state.rows_removed,
                    all_removals_time_ms: state.removal_nanos / 1_000_000,
                    commit_time_ms: facts.snapshot_ms,
                    memory_used_bytes: state.memory_bytes,
                    num_rows_dropped_by_watermark: dropped,
                    num_shuffle_partitions: self.workers,
                    num_state_store_instances: self.workers,
                    custom_metrics: BTreeMap::new(),
                }
            })
            .collect()
    }
}
