//! [`analyze`]: Spark's rules a query must satisfy before it starts.

use super::{LogicalPlan, Windowing};
use crate::error::{Error, Result};
use crate::sink::OutputMode;

/// Checks the output mode against the plan, with Spark's wording of each refusal.
pub(crate) fn analyze(plan: &LogicalPlan, mode: OutputMode) -> Result<()> {
    check_sessions(plan, mode)?;
    check_arrival_order(plan)?;
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
fn unsupported(mode: &str, what: &str) -> Error {
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
    let windowed = matches!(chain[position], LogicalPlan::Aggregate { windowing, .. }
        if *windowing != Windowing::None);
    let stateless_after = chain[position + 1..].iter().all(|node| {
        matches!(
            node,
            LogicalPlan::Project { .. } | LogicalPlan::Filter { .. }
        )
    });
    plan.watermark_delay().is_some() && windowed && stateless_after
}

/// Refuses what Spark 4 refuses for session-window aggregations: update mode (at start, as
/// Spark does) and a session window as the only key (Spark fails the first batch; Ember
/// refuses at start, with the same message).
fn check_sessions(plan: &LogicalPlan, mode: OutputMode) -> Result<()> {
    let Some(LogicalPlan::Aggregate { keys, .. }) = plan.chain().into_iter().find(|node| {
        matches!(
            node,
            LogicalPlan::Aggregate {
                windowing: Windowing::Session(_),
                ..
            }
        )
    }) else {
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

/// Refuses an aggregate that depends on the order its rows arrive in (`first`, `last`,
/// `collect_list`) over an input that retracts rows: a retraction does not say which of
/// several equal rows, arrived at different times, it removes, so the order after it is not
/// defined, and no answer would be exact.
fn check_arrival_order(plan: &LogicalPlan) -> Result<()> {
    for node in plan.nodes() {
        let LogicalPlan::Aggregate {
            input, aggregates, ..
        } = node
        else {
            continue;
        };
        if !input.may_retract() {
            continue;
        }
        let ordered = aggregates.iter().find(|aggregate| {
            aggregate
                .as_aggregate()
                .is_some_and(|(function, _, _)| function.depends_on_arrival())
        });
        if let Some(aggregate) = ordered {
            return Err(Error::Analysis(format!(
                "Ember cannot compute \"{}\" over this input: its value depends on the order \
                 rows arrive in, and the input retracts rows (it reads the changes of an \
                 aggregation or a stateful operator), which leaves that order undefined. \
                 Aggregate the rows before they are retracted, or use an aggregate that does \
                 not depend on order (min, max, collect_set).",
                aggregate.unaliased().0.sql()
            )));
        }
    }
    Ok(())
}
