//! [`GroupState`]: one key's state as a `flat_map_groups_with_state` function sees it
//! (Spark's `GroupState`), and [`GroupStateTimeout`].

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Whether keys of a `flat_map_groups_with_state` may time out (Spark's `GroupStateTimeout`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupStateTimeout {
    /// Keys never time out.
    #[default]
    NoTimeout,
    /// A key whose function called [`GroupState::set_timeout_duration`] times out at the first
    /// batch that starts (by the driver's clock) more than that duration after the batch that
    /// set it and that brings no rows for the key: the function is then called with no rows
    /// and [`GroupState::has_timed_out`] true.
    ///
    /// Batches run only when a source has new data, so a key times out only when *some* new
    /// data arrives (for any key) after its deadline — late, never early. Spark's
    /// processing-time timeouts behave the same way outside its no-data batches.
    ProcessingTimeTimeout,
}

/// The state of one key, given to the function of `flat_map_groups_with_state` each time it
/// is called for the key: read it, update it, remove it, set a timeout.
///
/// Changes take effect when the function returns normally; if it panics, the key's state is
/// left as it was. As in Spark, a timeout lasts for one call: set it again on every call that
/// should keep one.
///
/// ```
/// use std::time::Duration;
/// use ember_operators::{GroupState, GroupStateTimeout};
///
/// let mut state: GroupState<u32> = GroupState::new(None, GroupStateTimeout::ProcessingTimeTimeout, 1_000, false);
/// assert!(!state.exists());
/// state.update(3);
/// state.set_timeout_duration(Duration::from_secs(10));
/// assert_eq!(state.get(), Some(&3));
/// assert_eq!(state.timeout_at_ms(), Some(11_000));
/// state.remove();
/// assert!(!state.exists());
/// ```
#[derive(Clone, Debug)]
pub struct GroupState<S> {
    value: Option<S>,
    timeout: GroupStateTimeout,
    timeout_at_ms: Option<i64>,
    now_ms: i64,
    timed_out: bool,
}

impl<S> GroupState<S> {
    /// A key's state as the operator hands it to the function: its value (if the key has
    /// one), the operator's timeout kind, the batch's processing time, and whether this call
    /// is the key's timeout.
    pub fn new(value: Option<S>, timeout: GroupStateTimeout, now_ms: i64, timed_out: bool) -> Self {
        GroupState {
            value,
            timeout,
            timeout_at_ms: None,
            now_ms,
            timed_out,
        }
    }

    /// Whether the key has a state.
    pub fn exists(&self) -> bool {
        self.value.is_some()
    }

    /// The key's state, if it has one.
    pub fn get(&self) -> Option<&S> {
        self.value.as_ref()
    }

    /// The key's state, mutably, if it has one.
    pub fn get_mut(&mut self) -> Option<&mut S> {
        self.value.as_mut()
    }

    /// Sets the key's state.
    pub fn update(&mut self, value: S) {
        self.value = Some(value);
    }

    /// Removes the key's state (and its timeout).
    pub fn remove(&mut self) {
        self.value = None;
        self.timeout_at_ms = None;
    }

    /// Whether this call is the key's timeout (then there are no rows).
    pub fn has_timed_out(&self) -> bool {
        self.timed_out
    }

    /// Makes the key time out `duration` after this batch's processing time, unless it gets
    /// rows before. `Duration::ZERO` (which Spark refuses) means "at the next batch without
    /// rows for the key".
    ///
    /// Panics (which fails the query with an error naming the operator) unless the operator
    /// was created with [`GroupStateTimeout::ProcessingTimeTimeout`].
    pub fn set_timeout_duration(&mut self, duration: Duration) {
        assert!(
            self.timeout == GroupStateTimeout::ProcessingTimeTimeout,
            "set_timeout_duration needs GroupStateTimeout::ProcessingTimeTimeout, not {:?}",
            self.timeout
        );
        let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        self.timeout_at_ms = Some(self.now_ms.saturating_add(millis));
    }

    /// When the key times out (milliseconds since the Unix epoch), if a timeout is set.
    pub fn timeout_at_ms(&self) -> Option<i64> {
        self.timeout_at_ms
    }

    /// The processing time of the current batch, in milliseconds since the Unix epoch (the
    /// driver's clock, the same on every worker).
    pub fn current_processing_time_ms(&self) -> i64 {
        self.now_ms
    }

    /// The state after the call: the value and the timeout.
    pub fn into_parts(self) -> (Option<S>, Option<i64>) {
        (self.value, self.timeout_at_ms)
    }
}
