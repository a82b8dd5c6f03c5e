//! Query plans: the [`LogicalPlan`] a DataFrame builds, the checks [`analyze`] applies at
//! `start()`, the [`PhysicalPlan`] every worker renders, and `explain()`'s text.

mod analyze;
mod batch_context;
mod explain;
mod fuse;
mod join;
mod keyer;
mod logical;
mod physical;
mod relation;
mod session_stage;
mod trigger;

pub use batch_context::{BatchContext, WorkerStats};
pub use fuse::Pass;
pub use join::{JoinOn, JoinPlan, JoinType, Side};
pub use keyer::{KeyScratch, Keyer};
pub use logical::{GroupKey, LogicalPlan};
pub use physical::{Node, PhysicalPlan, Stage};
pub use relation::StaticRelation;
pub use trigger::Trigger;
pub(crate) use trigger::TriggerPlan;

pub(crate) use analyze::analyze;
pub(crate) use explain::explain;
