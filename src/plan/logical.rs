//! [`LogicalPlan`]: what a DataFrame computes, as the user wrote it.

use ember_operators::Schema;

use crate::source::SourceSpec;

/// A node of a DataFrame's plan. DataFrame methods only build these; nothing runs until a
/// query starts.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum LogicalPlan {
    /// Rows read from a streaming source.
    Source {
        /// The source and its options.
        spec: SourceSpec,
        /// The rows' schema.
        schema: Schema,
    },
}

impl LogicalPlan {
    /// The schema of the rows this plan produces.
    pub fn schema(&self) -> &Schema {
        match self {
            LogicalPlan::Source { schema, .. } => schema,
        }
    }

    /// Whether the plan aggregates (groups) its input, which decides the output modes allowed.
    pub fn has_aggregation(&self) -> bool {
        match self {
            LogicalPlan::Source { .. } => false,
        }
    }

    /// The plan's one streaming source.
    pub fn source(&self) -> &SourceSpec {
        match self {
            LogicalPlan::Source { spec, .. } => spec,
        }
    }
}
