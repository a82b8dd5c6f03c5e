//! [`pre_aggregate`]: Spark's partial aggregation — each worker sums the accumulators of its
//! share of a batch per key, in a hash map, before anything is exchanged or sorted.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use differential_dataflow::difference::{IsZero, Semigroup};
use differential_dataflow::{AsCollection, VecCollection};
use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::Capability;

use crate::{Accumulators, Row, Time};

type Groups = HashMap<Row, Accumulators, foldhash::fast::RandomState>;

/// Sums `keyed`'s accumulators per key and batch on each worker, and emits each batch's sums
/// once the batch's input is complete on this worker: one update per key and batch instead of
/// one per row, so the exchange and the arrangement see a batch's distinct keys, not its rows.
///
/// ```
/// use differential_dataflow::input::Input;
/// use ember_operators::{pre_aggregate, Accumulators, Row, Value};
///
/// timely::example(|scope| {
///     let (mut input, keyed) = scope.new_collection::<Row, Accumulators>();
///     pre_aggregate(keyed).inspect(|(key, _time, acc)| {
///         assert_eq!(key, &Row::new(vec![Value::from("cat")]));
///         assert_eq!(acc.rows, 3);
///     });
///     for _ in 0..3 {
///         input.update(Row::new(vec![Value::from("cat")]), Accumulators { rows: 1, slots: vec![] });
///     }
/// });
/// ```
pub fn pre_aggregate<'scope>(
    keyed: VecCollection<'scope, Time, Row, Accumulators>,
) -> VecCollection<'scope, Time, Row, Accumulators> {
    keyed
        .inner
        .unary_frontier::<CapacityContainerBuilder<Vec<(Row, Time, Accumulators)>>, _, _, _>(
            Pipeline,
            "PreAggregate",
            |_capability, _info| {
                let mut open: BTreeMap<Time, (Capability<Time>, Groups)> = BTreeMap::new();
                move |(input, frontier), output| {
                    input.for_each(|cap, data| {
                        for (key, time, acc) in data.drain(..) {
                            let (_, groups) = open
                                .entry(time)
                                .or_insert_with(|| (cap.delayed(&time, 0), Groups::default()));
                            match groups.entry(key) {
                                Entry::Occupied(mut sum) => sum.get_mut().plus_equals(&acc),
                                Entry::Vacant(slot) => {
                                    slot.insert(acc);
                                }
                            }
                        }
                    });
                    while let Some(entry) = open.first_entry() {
                        if frontier.less_equal(entry.key()) {
                            break;
                        }
                        let (time, (cap, groups)) = entry.remove_entry();
                        let mut session = output.session(&cap);
                        for (key, acc) in groups {
                            if !acc.is_zero() {
                                session.give((key, time, acc));
                            }
                        }
                    }
                }
            },
        )
        .as_collection()
}
