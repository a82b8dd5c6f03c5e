//! [`Views`]: a session's temporary views, by name — what `create_or_replace_temp_view`
//! registers and `FROM name` in [`Session::sql`](crate::Session::sql) reads.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::plan::LogicalPlan;

/// The temporary views of a session: names (case-insensitive, as Spark's) to the plans of
/// the DataFrames they name, streaming or static.
#[derive(Clone, Debug, Default)]
pub struct Views(Arc<Mutex<BTreeMap<String, Arc<LogicalPlan>>>>);

impl Views {
    /// Registers `plan` as `name`, replacing a view of that name.
    pub(crate) fn replace(&self, name: &str, plan: Arc<LogicalPlan>) {
        self.lock().insert(name.to_lowercase(), plan);
    }

    /// Registers `plan` as `name` unless a view of that name exists; returns whether it did.
    pub(crate) fn create(&self, name: &str, plan: Arc<LogicalPlan>) -> bool {
        let mut views = self.lock();
        if views.contains_key(&name.to_lowercase()) {
            return false;
        }
        views.insert(name.to_lowercase(), plan);
        true
    }

    /// The plan of view `name`, if there is one.
    pub(crate) fn get(&self, name: &str) -> Option<Arc<LogicalPlan>> {
        self.lock().get(&name.to_lowercase()).cloned()
    }

    /// Removes view `name`; returns whether there was one (Spark's `dropTempView`).
    pub fn drop(&self, name: &str) -> bool {
        self.lock().remove(&name.to_lowercase()).is_some()
    }

    /// The names of the views, in order.
    pub fn names(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Arc<LogicalPlan>>> {
        self.0
            .lock()
            .expect("invariant violated: the session's view lock is poisoned")
    }
}
