//! [`finalize_windows`]: the groups of a windowed aggregation that the watermark makes final,
//! found when each batch is complete — after the batch's own rows are in, as Spark finalizes
//! windows at the end of a batch.

use std::cell::RefCell;
use std::rc::Rc;

use differential_dataflow::operators::arrange::Arranged;
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;

use crate::group_trace::{compact_before, groups_through, GroupTrace};
use crate::{Accumulators, Key, Time, UpdateStream};

/// The end (microseconds) of the event-time window in a group's key; `None` for a key
/// without one, which is never final.
pub type WindowEnd = Rc<dyn Fn(&Key) -> Option<i64>>;

/// The watermark batch `epoch` finalizes windows with; `None` for a batch this worker did not
/// run with a watermark.
pub type FinalizingWatermark = Rc<dyn Fn(Time) -> Option<i64>>;

/// What decides that a group of an aggregation is final.
#[derive(Clone)]
pub struct Finalization {
    /// Where a group's window ends.
    pub window_end: WindowEnd,
    /// Each batch's watermark: windows that end at or before it are final.
    pub watermark: FinalizingWatermark,
}

/// What a worker's finalizer found at the end of its latest batch.
#[derive(Debug, Default)]
pub struct FinalizedGroups {
    /// The final groups, with their state: to be removed from the arrangement before the
    /// next batch (by inserting their negation).
    pub groups: Vec<(Key, Accumulators)>,
    /// The groups that stay.
    pub remaining: u64,
    /// Nanoseconds spent finding them.
    pub nanos: u64,
}

/// Finds, when each batch completes on this worker, the groups of `arranged` whose window
/// the batch's watermark finalizes, and emits them (key and final state, inserted) at the
/// batch's time. They stay in the arrangement until their removal (the returned
/// [`FinalizedGroups`]) is inserted.
pub fn finalize_windows<'scope>(
    arranged: &Arranged<'scope, GroupTrace>,
    finalization: Finalization,
) -> (
    UpdateStream<'scope, (Key, Accumulators)>,
    Rc<RefCell<FinalizedGroups>>,
) {
    let found = Rc::new(RefCell::new(FinalizedGroups::default()));
    let shared = found.clone();
    let mut trace = arranged.trace.clone();
    let stream = arranged.stream.clone().unary_frontier(
        Pipeline,
        "FinalizeWindows",
        move |capability, _info| {
            let mut capability = Some(capability);
            // The first batch not yet looked at.
            let mut next: Time = 0;
            // The watermark of the last batch looked at: its final groups were emitted then
            // and are removed before the next batch, so none can be final anew.
            let mut finalized_up_to: Option<i64> = None;
            move |(input, frontier), output| {
                input.for_each(|_cap, _batches| {});
                let Some(cap) = capability.as_mut() else {
                    return;
                };
                let Some(limit) = frontier.frontier().first().copied() else {
                    // The input is closed: every batch that ran was looked at already.
                    capability = None;
                    return;
                };
                while next < limit {
                    let epoch = next;
                    next += 1;
                    let Some(watermark) = (finalization.watermark)(epoch) else {
                        continue;
                    };
                    let started = std::time::Instant::now();
                    let mut found = shared.borrow_mut();
                    found.groups.clear();
                    found.remaining = 0;
                    let at = cap.delayed(&epoch);
                    let mut session = output.session(&at);
                    for (key, state) in groups_through(&mut trace, epoch) {
                        let end = (finalization.window_end)(&key);
                        let final_now = end.is_some_and(|end| {
                            end <= watermark && finalized_up_to.is_none_or(|done| end > done)
                        });
                        if final_now {
                            session.give(((key.clone(), state.clone()), epoch, 1));
                            found.groups.push((key, state));
                        } else {
                            // Held after this batch (a group final earlier would be held
                            // only if its removal had failed: it counts, and is not emitted
                            // twice).
                            found.remaining += 1;
                        }
                    }
                    finalized_up_to = Some(watermark);
                    found.nanos = started.elapsed().as_nanos() as u64;
                }
                cap.downgrade(&limit);
                compact_before(&mut trace, limit);
            }
        },
    );
    (stream, found)
}
