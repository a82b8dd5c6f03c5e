//! [`GroupTrace`]: the arrangement of an aggregation's groups, and the two things read from
//! it beside the dataflow — compaction up to a batch, and the groups as of a batch — used by
//! the aggregation's state and by the finalization of windows alike.

use differential_dataflow::difference::Semigroup;
use differential_dataflow::operators::arrange::TraceAgent;
use differential_dataflow::trace::cursor::{cursor_list, Cursor};
use differential_dataflow::trace::implementations::KeySpine;
use differential_dataflow::trace::TraceReader;
use timely::progress::Antichain;

use crate::{Accumulators, Key, Time};

/// The arrangement an [`aggregate`](crate::aggregate) keeps: each group's key and accumulated state.
pub type GroupTrace = TraceAgent<KeySpine<Key, Time, Accumulators>>;

/// Lets `trace` merge, logically and physically, all its updates before `epoch`.
pub(crate) fn compact_before(trace: &mut GroupTrace, epoch: Time) {
    let frontier = Antichain::from_elem(epoch);
    trace.set_logical_compaction(frontier.borrow());
    trace.set_physical_compaction(frontier.borrow());
}

/// The groups in `trace` as of the end of epoch `through` (which must be complete), with
/// their accumulated state, in key order.
pub(crate) fn groups_through(trace: &mut GroupTrace, through: Time) -> Vec<(Key, Accumulators)> {
    let cut = Antichain::from_elem(through + 1);
    let batches = trace
        .batches_through(cut.borrow())
        .expect("invariant violated: a cut of the groups the trace cannot provide");
    let (mut cursor, storage) = cursor_list(batches);
    let mut groups = Vec::new();
    for ((key, ()), updates) in cursor.to_vec(&storage, |k: &Key| k.clone(), |_| ()) {
        let mut total: Option<Accumulators> = None;
        for (time, diff) in updates {
            if time <= through {
                match &mut total {
                    Some(t) => t.plus_equals(&diff),
                    None => total = Some(diff),
                }
            }
        }
        if let Some(total) = total.filter(|t| t.rows != 0) {
            groups.push((key, total));
        }
    }
    groups
}
