//! Query plans: the [`LogicalPlan`] a DataFrame builds, the checks [`analyze`] applies at
//! `start()`, the [`PhysicalPlan`] every worker renders, and `explain()`'s text.

mod analyze;
mod explain;
mod logical;
mod physical;

pub use logical::LogicalPlan;
pub use physical::{Keyer, PhysicalPlan, Stage};

pub(crate) use analyze::analyze;
pub(crate) use explain::explain;
