//! [`static_join`]: a stream joined with a static table on equal keys.
//!
//! Both sides are exchanged by the hash of their key, so each worker holds the static rows of
//! its keys — the table is partitioned across workers, not copied to each — and indexes them
//! once, in a hash map. Stream rows wait until the static side is complete, then each is
//! looked up and emitted at its own time: the join keeps no state for the stream side, and a
//! batch's output is exactly that batch's rows joined with the table.

use std::collections::{BTreeMap, HashMap};

use differential_dataflow::hashable::Hashable;
use differential_dataflow::AsCollection;
use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::Capability;

use crate::row::encode_key;
use crate::{Diff, Row, Rows, Time, Updates, Value};

/// A batch's stream rows waiting for the table, and the capability to emit their output.
type Waiting = (Capability<Time>, Vec<(Row, Diff)>);

/// Which rows a [`static_join`] emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaticJoinKind {
    /// Each stream row combined with each static row of its key.
    Inner,
    /// As `Inner`, and a stream row with no match combined with nulls.
    LeftOuter,
    /// Stream rows with a match, once each.
    LeftSemi,
    /// Stream rows without a match (a null key never matches).
    LeftAnti,
}

/// A stream-static join: the key columns of each side, and where each output column comes
/// from (`(false, i)`: stream column `i`; `(true, i)`: static column `i`).
#[derive(Clone, Debug)]
pub struct StaticJoinSpec {
    /// Which rows are emitted.
    pub kind: StaticJoinKind,
    /// The stream side's key columns.
    pub stream_keys: Vec<usize>,
    /// The static side's key columns, pairwise equal to the stream's.
    pub static_keys: Vec<usize>,
    /// The output columns.
    pub output: Vec<(bool, usize)>,
}

/// The encoded key of `row`'s `columns`, or `None` when one of them is null (SQL equality
/// never matches a null).
fn join_key(row: &Row, columns: &[usize]) -> Option<Vec<u8>> {
    let values = columns.iter().map(|&c| row.get(c));
    if columns.iter().any(|&c| matches!(row.get(c), Value::Null)) {
        return None;
    }
    let mut key = Vec::new();
    encode_key(values, &mut key);
    Some(key)
}

/// The worker a row goes to: by its key's hash (rows with a null key, which match nothing,
/// stay together on worker 0's share).
fn route(row: &Row, columns: &[usize]) -> u64 {
    join_key(row, columns).map_or(0, |key| key.hashed())
}

/// Joins `stream` with `table` as `spec` says. `table` must be complete at its first epoch
/// (its input is closed after it); stream rows wait for that, then pass at their own times.
///
/// ```
/// use differential_dataflow::input::Input;
/// use ember_operators::{static_join, Row, StaticJoinKind, StaticJoinSpec, Value};
///
/// timely::example(|scope| {
///     let (mut stream, words) = scope.new_collection::<Row, isize>();
///     let (mut table, categories) = scope.new_collection::<Row, isize>();
///     let spec = StaticJoinSpec {
///         kind: StaticJoinKind::Inner,
///         stream_keys: vec![0],
///         static_keys: vec![0],
///         output: vec![(false, 0), (true, 1)],
///     };
///     static_join(words, categories, spec).inspect(|(row, time, diff)| {
///         assert_eq!(row, &Row::new(vec!["apple".into(), "fruit".into()]));
///         assert_eq!((*time, *diff), (0, 1));
///     });
///     table.insert(Row::new(vec!["apple".into(), "fruit".into()]));
///     table.close();
///     stream.insert(Row::new(vec!["apple".into()]));
///     stream.insert(Row::new(vec!["kiwi".into()]));
/// });
/// ```
pub fn static_join<'scope>(
    stream: Rows<'scope>,
    table: Rows<'scope>,
    spec: StaticJoinSpec,
) -> Rows<'scope> {
    let stream_keys = spec.stream_keys.clone();
    let static_keys = spec.static_keys.clone();
    let stream_pact =
        Exchange::new(move |(row, _, _): &(Row, Time, Diff)| route(row, &stream_keys));
    let static_pact =
        Exchange::new(move |(row, _, _): &(Row, Time, Diff)| route(row, &static_keys));
    stream
        .inner
        .binary_frontier::<_, CapacityContainerBuilder<Updates<Row>>, _, _, _, _>(
            table.inner,
            stream_pact,
            static_pact,
            "StaticJoin",
            move |_capability, _info| {
                let mut index: HashMap<Vec<u8>, Vec<(Row, Diff)>> = HashMap::new();
                let mut waiting: BTreeMap<Time, Waiting> = BTreeMap::new();
                move |(stream, _), (table, table_frontier), output| {
                    table.for_each(|_cap, data: &mut Updates<Row>| {
                        for (row, _time, diff) in data.drain(..) {
                            if let Some(key) = join_key(&row, &spec.static_keys) {
                                index.entry(key).or_default().push((row, diff));
                            }
                        }
                    });
                    stream.for_each(|cap, data: &mut Updates<Row>| {
                        for (row, time, diff) in data.drain(..) {
                            waiting
                                .entry(time)
                                .or_insert_with(|| (cap.delayed(&time, 0), Vec::new()))
                                .1
                                .push((row, diff));
                        }
                    });
                    if !table_frontier.is_empty() {
                        return; // the table is not complete yet
                    }
                    for (time, (cap, rows)) in std::mem::take(&mut waiting) {
                        let mut session = output.session(&cap);
                        for (row, diff) in rows {
                            let matches = join_key(&row, &spec.stream_keys)
                                .and_then(|key| index.get(&key))
                                .map_or(&[][..], Vec::as_slice);
                            let combine = |right: Option<&Row>| {
                                Row::new(
                                    spec.output
                                        .iter()
                                        .map(|&(from_table, i)| match (from_table, right) {
                                            (false, _) => row.get(i).clone(),
                                            (true, Some(r)) => r.get(i).clone(),
                                            (true, None) => Value::Null,
                                        })
                                        .collect(),
                                )
                            };
                            match spec.kind {
                                StaticJoinKind::Inner | StaticJoinKind::LeftOuter => {
                                    for (right, right_diff) in matches {
                                        session.give((
                                            combine(Some(right)),
                                            time,
                                            diff * right_diff,
                                        ));
                                    }
                                    if matches.is_empty() && spec.kind == StaticJoinKind::LeftOuter
                                    {
                                        session.give((combine(None), time, diff));
                                    }
                                }
                                StaticJoinKind::LeftSemi if !matches.is_empty() => {
                                    session.give((row, time, diff))
                                }
                                StaticJoinKind::LeftAnti if matches.is_empty() => {
                                    session.give((row, time, diff))
                                }
                                StaticJoinKind::LeftSemi | StaticJoinKind::LeftAnti => {}
                            }
                        }
                    }
                }
            },
        )
        .as_collection()
}
