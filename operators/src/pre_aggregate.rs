//! [`pre_aggregate`]: Spark's partial aggregation — each worker computes the group keys and
//! accumulators of its share of a batch and sums them per key, in a hash map, before anything
//! is exchanged or sorted.

use std::collections::BTreeMap;
use std::hash::BuildHasher;

use hashbrown::HashTable;

use differential_dataflow::difference::{IsZero, Semigroup};
use differential_dataflow::{AsCollection, VecCollection};
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::builder_rc::OperatorBuilder;
use timely::dataflow::operators::generic::OutputBuilder;
use timely::dataflow::operators::Capability;
use timely::progress::operate::FrontierInterest;

use crate::{Accumulators, Diff, Errors, Key, Row, Rows, Time};

/// The groups of one batch on one worker, as [`KeyLogic`] fills them: accumulators summed
/// per key.
#[derive(Default)]
pub struct BatchGroups {
    /// Keys with their sums, found by the hash of the key's bytes.
    groups: HashTable<(Key, Accumulators)>,
    hasher: foldhash::fast::RandomState,
}

impl BatchGroups {
    /// Adds `accumulators` to the group whose encoded key is `key` (see [`Key`]).
    /// Only a key new in the batch is copied, with its accumulators. The key is hashed once,
    /// and compared inline (as [`Key`] compares).
    #[inline]
    pub fn add(&mut self, key: &[u8], accumulators: &Accumulators) {
        let hash = self.hasher.hash_one(key);
        let found = self
            .groups
            .find_mut(hash, |(group, _)| group.is_encoded_as(key));
        match found {
            Some((_, sum)) => sum.plus_equals(accumulators),
            None => {
                let hasher = &self.hasher;
                self.groups.insert_unique(
                    hash,
                    (Key::from_bytes(key), accumulators.clone()),
                    |(group, _)| hasher.hash_one(group.as_bytes()),
                );
            }
        }
    }

    /// Takes out every group whose sum is not zero, leaving the map empty (with its capacity,
    /// for the next batch).
    pub fn drain(&mut self) -> impl Iterator<Item = (Key, Accumulators)> + '_ {
        self.groups.drain().filter(|(_, sum)| !sum.is_zero())
    }
}

/// The per-row logic of a [`pre_aggregate`]: adds the groups a row (with its batch and
/// multiplicity) falls in, or returns the error message that ends the query. The row is the logic's to
/// reuse.
pub type KeyLogic = Box<dyn FnMut(&mut Row, Time, Diff, &mut BatchGroups) -> Result<(), String>>;

/// Applies `logic` to every row of `rows` on the worker that holds it, sums the accumulators
/// per key and batch, and emits each batch's sums once the batch's input is complete on this
/// worker: one update per key and batch instead of one per row, so the exchange and the
/// arrangement see a batch's distinct keys, not its rows.
///
/// Also returns the error messages of the rows `logic` failed on, at their batch (a failed
/// batch is never committed, so groups it added in part are never seen).
///
/// ```
/// use differential_dataflow::input::Input;
/// use ember_operators::{encode_last_value, pre_aggregate, Accumulators, Key, Row, Slots, Value};
///
/// timely::example(|scope| {
///     let (mut input, rows) = scope.new_collection::<Row, isize>();
///     let (groups, _errors) = pre_aggregate(rows, "Count", Box::new(|row: &mut Row, _batch, diff, groups| {
///         let mut key = Vec::new();
///         encode_last_value(row.get(0), &mut key);
///         groups.add(&key, &Accumulators { rows: diff as i64, slots: Slots::default() });
///         Ok(())
///     }));
///     groups.inspect(|(key, _time, acc)| {
///         assert_eq!(key, &Key::encode(&[Value::from("cat")]));
///         assert_eq!(acc.rows, 3);
///     });
///     for _ in 0..3 {
///         input.insert(Row::new(vec![Value::from("cat")]));
///     }
/// });
/// ```
pub fn pre_aggregate<'scope>(
    rows: Rows<'scope>,
    name: &str,
    mut logic: KeyLogic,
) -> (
    VecCollection<'scope, Time, Key, Accumulators>,
    Errors<'scope>,
) {
    let mut builder = OperatorBuilder::new(name.to_owned(), rows.inner.scope());
    let mut input = builder.new_input(rows.inner, Pipeline);
    builder.set_notify_for(0, FrontierInterest::IfCapability);
    let (groups_out, groups_stream) = builder.new_output();
    let (errs, err_stream) = builder.new_output();
    let mut groups_out = OutputBuilder::from(groups_out);
    let mut errs = OutputBuilder::from(errs);
    builder.build(move |_capabilities| {
        let mut open: BTreeMap<Time, (Capability<Time>, BatchGroups)> = BTreeMap::new();
        // The map of the last batch emitted, emptied: the next batch reuses its capacity.
        let mut spare = BatchGroups::default();
        move |frontiers| {
            let mut errs = errs.activate();
            input.for_each_stamp(|cap, containers| {
                let mut err_session = errs.session(&cap);
                for container in containers {
                    for (mut row, time, diff) in container.drain(..) {
                        let (_, groups) = open
                            .entry(time)
                            .or_insert_with(|| (cap.delayed(&time, 0), std::mem::take(&mut spare)));
                        if let Err(message) = logic(&mut row, time, diff, groups) {
                            err_session.give((message, time, 1 as Diff));
                        }
                    }
                }
            });
            let mut groups_out = groups_out.activate();
            while let Some(entry) = open.first_entry() {
                if frontiers[0].less_equal(entry.key()) {
                    break;
                }
                let (time, (cap, mut batch)) = entry.remove_entry();
                let mut session = groups_out.session(&cap);
                for (key, acc) in batch.drain() {
                    session.give((key, time, acc));
                }
                spare = batch;
            }
        }
    });
    (groups_stream.as_collection(), err_stream.as_collection())
}
