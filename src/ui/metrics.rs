//! `/metrics`: the queries' last figures in Prometheus's text exposition format (version
//! 0.0.4): `# HELP` and `# TYPE` once per metric, then one sample per query (the latest run of
//! each query id), labelled `query_name` and `query_id`; state figures also by `operator`
//! (Spark's operator name) and `operator_index` (its place in the plan, as two operators may
//! share a name). A figure a query does not have yet (no batch, no watermark, a rate over no
//! time) has no sample.

use std::fmt::Write as _;

use super::pages::replace_chars;
use super::snapshot::QuerySnapshot;
use crate::streaming::StreamingQueryProgress;

/// The `Content-Type` of the exposition format.
pub(crate) const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// How a metric's value is read from a query.
enum Reading {
    /// One value per query.
    Query(fn(&QuerySnapshot) -> Option<f64>),
    /// One value per stateful operator of the query's last batch.
    Operator(fn(&crate::streaming::StateOperatorProgress) -> f64),
}

struct Metric {
    name: &'static str,
    kind: &'static str,
    help: &'static str,
    reading: Reading,
}

fn last<T>(q: &QuerySnapshot, f: impl Fn(&StreamingQueryProgress) -> T) -> Option<T> {
    q.last().map(f)
}

const METRICS: &[Metric] = &[
    Metric {
        name: "ember_streaming_query_active",
        kind: "gauge",
        help: "1 while the query runs, 0 once it has stopped or failed.",
        reading: Reading::Query(|q| Some(if q.active { 1.0 } else { 0.0 })),
    },
    Metric {
        name: "ember_streaming_batches_committed_total",
        kind: "counter",
        help: "Batches the query's run has completed.",
        reading: Reading::Query(|q| Some(q.batches as f64)),
    },
    Metric {
        name: "ember_streaming_batch_duration_seconds",
        kind: "gauge",
        help: "How long the last batch took, from its trigger to its commit.",
        reading: Reading::Query(|q| last(q, |p| p.elapsed.as_secs_f64())),
    },
    Metric {
        name: "ember_streaming_input_rows",
        kind: "gauge",
        help: "Rows the last batch read, over every source.",
        reading: Reading::Query(|q| last(q, |p| p.num_input_rows as f64)),
    },
    Metric {
        name: "ember_streaming_input_rows_per_second",
        kind: "gauge",
        help: "Rows read per second in the last batch, since the previous batch's trigger.",
        reading: Reading::Query(|q| last(q, |p| p.input_rows_per_second)),
    },
    Metric {
        name: "ember_streaming_processed_rows_per_second",
        kind: "gauge",
        help: "Rows processed per second of the last batch's duration.",
        reading: Reading::Query(|q| last(q, |p| p.processed_rows_per_second)),
    },
    Metric {
        name: "ember_streaming_output_rows",
        kind: "gauge",
        help: "Rows the last batch handed to the sink.",
        reading: Reading::Query(|q| last(q, |p| p.sink.num_output_rows as f64)),
    },
    Metric {
        name: "ember_streaming_watermark_seconds",
        kind: "gauge",
        help: "The watermark the last batch ran with, in seconds since the Unix epoch.",
        reading: Reading::Query(|q| {
            q.last()
                .and_then(|p| p.watermark_ms())
                .map(|ms| ms as f64 / 1000.0)
        }),
    },
    Metric {
        name: "ember_streaming_state_rows",
        kind: "gauge",
        help: "Rows of state a stateful operator held after the last batch.",
        reading: Reading::Operator(|s| s.num_rows_total as f64),
    },
    Metric {
        name: "ember_streaming_state_memory_bytes",
        kind: "gauge",
        help: "Bytes of memory a stateful operator's state took after the last batch.",
        reading: Reading::Operator(|s| s.memory_used_bytes as f64),
    },
];

/// The exposition of every query's figures.
pub(crate) fn exposition(queries: &[QuerySnapshot]) -> String {
    let mut out = String::new();
    for metric in METRICS {
        let _ = writeln!(out, "# HELP {} {}", metric.name, metric.help);
        let _ = writeln!(out, "# TYPE {} {}", metric.name, metric.kind);
        for q in queries {
            let labels = format!(
                "query_name=\"{}\",query_id=\"{}\"",
                label_value(q.name_or_empty()),
                label_value(&q.id)
            );
            match metric.reading {
                Reading::Query(read) => {
                    if let Some(value) = read(q).filter(|v| v.is_finite()) {
                        let _ = writeln!(out, "{}{{{labels}}} {}", metric.name, number(value));
                    }
                }
                Reading::Operator(read) => {
                    let operators = q.last().map_or(&[][..], |p| &p.state_operators[..]);
                    for (i, state) in operators.iter().enumerate() {
                        let _ = writeln!(
                            out,
                            "{}{{{labels},operator=\"{}\",operator_index=\"{i}\"}} {}",
                            metric.name,
                            label_value(&state.operator_name),
                            number(read(state))
                        );
                    }
                }
            }
        }
    }
    out
}

/// A label value escaped as the format asks: `\` as `\\`, `"` as `\"`, a newline as `\n`.
fn label_value(text: &str) -> String {
    replace_chars(text, |c| match c {
        '\\' => Some("\\\\"),
        '"' => Some("\\\""),
        '\n' => Some("\\n"),
        _ => None,
    })
}

/// A sample value: an integer without a fraction, otherwise Rust's shortest exact form.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::fixtures::snapshot;

    #[test]
    fn every_metric_has_help_type_and_labelled_samples() {
        let mut q = snapshot(true, 2);
        q.name = Some("a \"quoted\"\\name\nwith a newline".into());
        let mut other = snapshot(false, 0);
        other.id = "q2".into();
        let text = exposition(&[q, other]);
        assert_eq!(text.matches("# HELP ").count(), METRICS.len());
        assert_eq!(text.matches("# TYPE ").count(), METRICS.len());
        let name = r#"query_name="a \"quoted\"\\name\nwith a newline",query_id="q""#;
        assert!(
            text.contains(&format!(
                "ember_streaming_batches_committed_total{{{name}}} 2\n"
            )),
            "{text}"
        );
        assert!(text.contains(&format!(
            "ember_streaming_state_rows{{{name},operator=\"stateStoreSave\",operator_index=\"0\"}} 20\n"
        )));
        assert!(text.contains(&format!(
            "ember_streaming_batch_duration_seconds{{{name}}} 0.0035\n"
        )));
        // A rate over no time and a missing watermark have no sample.
        assert!(!text.contains("ember_streaming_processed_rows_per_second{"));
        assert!(!text.contains("ember_streaming_watermark_seconds{"));
        // The query without batches has its counters only.
        assert!(text.contains(
            "ember_streaming_query_active{query_name=\"<b>counts</b>\",query_id=\"q2\"} 0\n"
        ));
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(3.0), "3");
    }
}
