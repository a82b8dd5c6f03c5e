//! [`analyze`]: Spark's rules a query must satisfy before it starts.

use super::LogicalPlan;
use crate::error::{Error, Result};
use crate::sink::OutputMode;

/// Checks the output mode against the plan, with Spark's wording of each refusal.
pub(crate) fn analyze(plan: &LogicalPlan, mode: OutputMode) -> Result<()> {
    match mode {
        OutputMode::Complete if !plan.has_aggregation() => Err(Error::Analysis(
            "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets".into(),
        )),
        OutputMode::Append if plan.has_aggregation() => Err(Error::Analysis(
            "Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark".into(),
        )),
        _ => Ok(()),
    }
}
