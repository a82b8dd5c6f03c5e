//! Query plans: the [`LogicalPlan`] a DataFrame builds, the checks [`analyze`] applies at
//! `start()`, and the [`PhysicalPlan`] every worker renders.

mod analyze;
mod logical;
mod physical;

pub use logical::LogicalPlan;
pub use physical::PhysicalPlan;

pub(crate) use analyze::analyze;
