//! [`DataFrame`]: a lazy, streaming query over a [`LogicalPlan`], and its reader and writer.

mod reader;
mod writer;

pub use reader::DataStreamReader;
pub use writer::DataStreamWriter;

use std::sync::Arc;

use ember_operators::Schema;

use crate::plan::LogicalPlan;
use crate::session::Session;

/// A streaming DataFrame: a logical plan and the session it belongs to. Methods only build
/// the plan; nothing runs until [`DataStreamWriter::start`].
#[derive(Clone, Debug)]
pub struct DataFrame {
    session: Session,
    plan: Arc<LogicalPlan>,
}

impl DataFrame {
    pub(crate) fn new(session: Session, plan: LogicalPlan) -> Self {
        DataFrame {
            session,
            plan: Arc::new(plan),
        }
    }

    /// The schema of the rows.
    pub fn schema(&self) -> &Schema {
        self.plan.schema()
    }

    /// The logical plan.
    pub fn logical_plan(&self) -> &LogicalPlan {
        &self.plan
    }

    /// Whether this DataFrame reads a stream (always true: Ember runs streaming queries).
    pub fn is_streaming(&self) -> bool {
        true
    }

    /// A writer that starts this DataFrame as a streaming query, as `df.writeStream`.
    pub fn write_stream(&self) -> DataStreamWriter {
        DataStreamWriter::new(self.clone())
    }

    pub(crate) fn session(&self) -> &Session {
        &self.session
    }
}
