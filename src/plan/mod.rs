//! Query plans: the [`LogicalPlan`] a DataFrame builds, the checks [`analyze`] applies at
//! `start()`, the [`PhysicalPlan`] every worker renders, and `explain()`'s text.

mod analyze;
mod batch_context;
mod explain;
mod join;
mod logical;
mod physical;
mod relation;
mod session_rules;
mod session_stage;

pub use batch_context::{BatchContext, WorkerStats};
pub use join::{JoinOn, JoinPlan, JoinType, Side};
pub use logical::{GroupKey, LogicalPlan};
pub use physical::{KeyScratch, Keyer, Node, Pass, PhysicalPlan, Stage};
pub use relation::StaticRelation;

pub(crate) use analyze::analyze;
pub(crate) use explain::explain;
