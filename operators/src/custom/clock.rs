//! [`BatchClock`]: the processing time of each batch, as the driver decided it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::Time;

/// How many past batches a clock remembers.
const REMEMBERED: u64 = 64;

/// The processing time (milliseconds since the Unix epoch) of each batch this worker has
/// run, shared between the worker's loop, which records it before inserting the batch's rows,
/// and the operators, which read it when the batch is complete.
///
/// Every worker records the same time for a batch (the driver broadcasts it), so operators
/// that use it (processing-time timeouts) behave identically at any scale. A batch is
/// complete on a worker only after every worker has inserted its rows, so an operator that
/// reads the time of a complete batch always finds it.
///
/// ```
/// use ember_operators::BatchClock;
/// let clock = BatchClock::default();
/// clock.set(3, 1_000);
/// assert_eq!(clock.get(3), Some(1_000));
/// assert_eq!(clock.get(4), None);
/// ```
#[derive(Clone, Debug, Default)]
pub struct BatchClock {
    times: Rc<RefCell<BTreeMap<Time, i64>>>,
}

impl BatchClock {
    /// Records that batch `epoch` runs at `millis`; forgets batches long past.
    pub fn set(&self, epoch: Time, millis: i64) {
        let mut times = self.times.borrow_mut();
        times.insert(epoch, millis);
        let keep_from = epoch.saturating_sub(REMEMBERED);
        *times = times.split_off(&keep_from);
    }

    /// The processing time of batch `epoch`, if this worker ran it.
    pub fn get(&self, epoch: Time) -> Option<i64> {
        self.times.borrow().get(&epoch).copied()
    }

    /// The batches in `[from, to)` this worker ran (`to = None`: no upper bound), in order.
    pub fn batches_between(&self, from: Time, to: Option<Time>) -> Vec<Time> {
        let times = self.times.borrow();
        match to {
            Some(to) if to <= from => Vec::new(),
            Some(to) => times.range(from..to).map(|(t, _)| *t).collect(),
            None => times.range(from..).map(|(t, _)| *t).collect(),
        }
    }
}
