//! [`analyze`]: Spark's rules a query must satisfy before it starts.

use super::LogicalPlan;
use crate::error::{Error, Result};
use crate::sink::OutputMode;

/// Checks the output mode against the plan, with Spark's wording of each refusal.
pub(crate) fn analyze(plan: &LogicalPlan, mode: OutputMode) -> Result<()> {
    super::session_rules::check(plan, mode)?;
    match mode {
        OutputMode::Complete if !plan.has_aggregation() => {
            Err(unsupported("complete", "no streaming aggregations"))
        }
        OutputMode::Append if plan.has_aggregation() && !finalizable(plan) => Err(unsupported(
            "append",
            "streaming aggregations without watermark",
        )),
        _ => Ok(()),
    }
}

/// Spark 4's `STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION` error.
pub(super) fn unsupported(mode: &str, what: &str) -> Error {
    Error::Analysis(format!(
        "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: {mode}. \
         This output mode is not supported for {what} on streaming DataFrames/DataSets. SQLSTATE: 42KDE"
    ))
}

/// Whether append mode can emit the plan's aggregation: it must group by an event-time or
/// session window, the query must have a watermark that finalizes windows, and only
/// stateless operators (projections and filters) may follow it.
fn finalizable(plan: &LogicalPlan) -> bool {
    let chain = plan.chain();
    let Some(position) = chain
        .iter()
        .rposition(|node| matches!(node, LogicalPlan::Aggregate { .. }))
    else {
        return false;
    };
    let windowed = matches!(chain[position], LogicalPlan::Aggregate { keys, .. }
        if keys.iter().any(|k| matches!(k, super::GroupKey::Window(_) | super::GroupKey::Session(_))));
    let stateless_after = chain[position + 1..].iter().all(|node| {
        matches!(
            node,
            LogicalPlan::Project { .. } | LogicalPlan::Filter { .. }
        )
    });
    plan.watermark_delay().is_some() && windowed && stateless_after
}
