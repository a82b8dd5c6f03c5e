//! Query plans: the [`LogicalPlan`] a DataFrame builds, the checks [`analyze`] applies at
//! `start()`, the [`PhysicalPlan`] every worker renders, and `explain()`'s text.

mod analyze;
mod batch_context;
mod explain;
mod grouping;
mod join;
mod logical;
mod physical;
mod relation;
mod trigger;

pub use batch_context::{BatchContext, EventTimeStats, WorkerStats};
pub use grouping::{bind_grouping, GroupKey, Grouping, Windowing};
pub use join::{JoinOn, JoinPlan, JoinType, Side};
pub use logical::LogicalPlan;
pub use physical::{Node, PhysicalPlan, Stage, Step};
pub use relation::StaticRelation;
pub use trigger::Trigger;
pub(crate) use trigger::TriggerPlan;

pub(crate) use analyze::analyze;
pub(crate) use explain::explain;
