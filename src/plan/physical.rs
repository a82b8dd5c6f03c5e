//! [`PhysicalPlan`]: what every worker builds and what the driver runs.

use ember_operators::Schema;

use crate::sink::{OutputMode, SinkSpec};
use crate::source::SourceSpec;
use crate::streaming::TriggerPlan;

/// A started query, lowered: every worker of every process renders the same plan (SPMD).
#[derive(Clone, Debug)]
pub struct PhysicalPlan {
    /// The query's name (`query_name`) or `None`.
    pub name: Option<String>,
    /// The streaming source.
    pub source: SourceSpec,
    /// The schema of the rows the sink receives.
    pub output_schema: Schema,
    /// The sink.
    pub sink: SinkSpec,
    /// The output mode.
    pub output_mode: OutputMode,
    /// When batches run.
    pub(crate) trigger: TriggerPlan,
}

impl PhysicalPlan {
    /// Lowers an analyzed logical plan.
    pub(crate) fn lower(
        plan: &super::LogicalPlan,
        name: Option<String>,
        sink: SinkSpec,
        output_mode: OutputMode,
        trigger: TriggerPlan,
    ) -> Self {
        PhysicalPlan {
            name,
            source: plan.source().clone(),
            output_schema: plan.schema().clone(),
            sink,
            output_mode,
            trigger,
        }
    }
}
