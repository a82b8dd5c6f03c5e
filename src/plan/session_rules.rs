//! Spark's rules for aggregations by `session_window`, checked before a query starts.

use super::analyze::unsupported;
use super::{GroupKey, LogicalPlan};
use crate::error::{Error, Result};
use crate::sink::OutputMode;

/// Refuses what Spark 4 refuses for session-window aggregations: update mode (at start, as
/// Spark does) and a session window as the only key (Spark fails the first batch; Ember
/// refuses at start, with the same message).
pub(crate) fn check(plan: &LogicalPlan, mode: OutputMode) -> Result<()> {
    let Some(LogicalPlan::Aggregate { keys, .. }) = plan
        .chain()
        .into_iter()
        .find(|node| matches!(node, LogicalPlan::Aggregate { keys, .. } if has_session(keys)))
    else {
        return Ok(());
    };
    if mode == OutputMode::Update {
        return Err(unsupported(
            "update",
            "session window streaming aggregations",
        ));
    }
    if keys.len() == 1 {
        return Err(Error::Analysis(
            "Global aggregation with session window in streaming query is not supported. \
             SQLSTATE: XXKST"
                .to_string(),
        ));
    }
    Ok(())
}

/// Whether the grouping keys hold a session window.
pub(crate) fn has_session(keys: &[GroupKey]) -> bool {
    keys.iter().any(|k| matches!(k, GroupKey::Session(_)))
}
