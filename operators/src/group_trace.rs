//! [`GroupTrace`]: the arrangement of an aggregation's groups, and the two things read from
//! it beside the dataflow — compaction up to a batch, and the groups as of a batch — used by
//! the aggregation's state and by the finalization of windows alike.

use differential_dataflow::difference::Semigroup;
use differential_dataflow::operators::arrange::TraceAgent;
use differential_dataflow::trace::cursor::{cursor_list, Cursor};
use differential_dataflow::trace::implementations::KeySpine;
use differential_dataflow::trace::TraceReader;
use timely::progress::Antichain;

use std::collections::HashMap;
use std::mem::size_of;
use std::rc::{Rc, Weak};

use crate::{Accumulators, HeapBytes, Key, Time};

/// One batch of a [`GroupTrace`].
type GroupBatch = <GroupTrace as TraceReader>::Batch;
type BatchInner = <GroupBatch as std::ops::Deref>::Target;

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
    let mut groups = Vec::new();
    visit_groups_through(trace, through, |key, state| {
        groups.push((key.clone(), state.clone()))
    });
    groups
}

/// Calls `visit` with each group in `trace` as of the end of epoch `through` (which must be
/// complete) and its accumulated state, in key order, reading the batches with a cursor: no
/// key is copied.
pub(crate) fn visit_groups_through(
    trace: &mut GroupTrace,
    through: Time,
    mut visit: impl FnMut(&Key, &Accumulators),
) {
    // A closed trace's last batch reaches to the end of time: then all of it is read (and
    // only the updates through `through` are summed).
    let mut upper = Antichain::new();
    trace.read_upper(&mut upper);
    let cut = match upper.elements().first() {
        Some(&upper) if upper > through + 1 => Antichain::from_elem(through + 1),
        _ => upper,
    };
    let batches = trace
        .batches_through(cut.borrow())
        .expect("invariant violated: a cut of the groups the trace cannot provide");
    let (mut cursor, storage) = cursor_list(batches);
    while cursor.key_valid(&storage) {
        let mut total: Option<Accumulators> = None;
        while cursor.val_valid(&storage) {
            cursor.map_times(&storage, |time, diff| {
                if *time <= through {
                    match &mut total {
                        Some(t) => t.plus_equals(diff),
                        None => total = Some(diff.clone()),
                    }
                }
            });
            cursor.step_val(&storage);
        }
        if let Some(total) = total.filter(|t| t.rows != 0) {
            visit(cursor.key(&storage), &total);
        }
        cursor.step_key(&storage);
    }
}

/// The memory a [`GroupTrace`]'s batches take, measured: each batch's containers (their
/// capacity) and what their keys and states own on the heap. Batches never change, so each is
/// measured once, when first seen; a report costs one pass over the batches merged since the
/// last.
#[derive(Default)]
pub(crate) struct TraceMemory {
    measured: HashMap<*const BatchInner, (Weak<BatchInner>, u64)>,
}

impl TraceMemory {
    /// The bytes `trace`'s batches take now.
    pub(crate) fn bytes(&mut self, trace: &mut GroupTrace) -> u64 {
        let mut upper = Antichain::new();
        trace.read_upper(&mut upper);
        let Some(batches) = trace.batches_through(upper.borrow()) else {
            return 0;
        };
        let mut measured = HashMap::with_capacity(batches.len());
        let mut total = 0;
        for batch in &batches {
            let at = Rc::as_ptr(batch);
            let bytes = match self.measured.get(&at) {
                Some((weak, bytes)) if weak.upgrade().is_some_and(|b| Rc::ptr_eq(&b, batch)) => {
                    *bytes
                }
                _ => batch_bytes(batch),
            };
            total += bytes;
            measured.insert(at, (Rc::downgrade(batch), bytes));
        }
        self.measured = measured;
        total
    }
}

/// The bytes one batch takes.
fn batch_bytes(batch: &BatchInner) -> u64 {
    let storage = &batch.storage;
    let keys = &storage.keys;
    let upds = &storage.upds;
    let offsets = |list: &differential_dataflow::trace::implementations::OffsetList| {
        list.smol.capacity() * size_of::<u32>() + list.chonk.capacity() * size_of::<u64>()
    };
    let bytes = size_of::<BatchInner>()
        + keys.capacity() * size_of::<Key>()
        + keys.iter().map(HeapBytes::heap_bytes).sum::<usize>()
        + offsets(&upds.offs)
        + upds.times.capacity() * size_of::<Time>()
        + upds.diffs.capacity() * size_of::<Accumulators>()
        + upds.diffs.iter().map(HeapBytes::heap_bytes).sum::<usize>();
    bytes as u64
}
