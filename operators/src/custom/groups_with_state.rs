//! [`FlatMapGroupsWithState`]: Spark's `flatMapGroupsWithState` — a user function called
//! once per key per batch with the key's new rows and a state kept across batches.
//!
//! Shape on each worker: a pass that computes each row's key, an exchange by [`key_hash`]
//! (each key lives on one worker), then an operator that stashes rows by batch and, when
//! its input frontier passes a batch, calls the function for the batch's keys in key order,
//! then for the keys whose processing-time timeout expired.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::custom::keyed_batches::keyed_batches;
use crate::custom::state::{decode_owned_states, encode_states};
use crate::custom::{
    row_text, run_user_code, BatchClock, BuildContext, Built, GroupState, GroupStateTimeout,
    Operator, OperatorError, OperatorState, StateEntry, StateMetrics,
};
use crate::{try_flat_map, Diff, HeapBytes, Row, RowLogic, Rows, Schema, Time};

/// Computes a row's grouping key, or the error message that fails the query.
pub type KeyFn = Arc<dyn Fn(&Row) -> Result<Row, String> + Send + Sync>;

/// The user function: a key, its rows of this batch (sorted; empty when the key timed out)
/// and its state; returns the output rows.
pub type GroupsFn<S> = Arc<dyn Fn(&Row, &[Row], &mut GroupState<S>) -> Vec<Row> + Send + Sync>;

/// Spark's `flatMapGroupsWithState` / `applyInPandasWithState`, as an [`Operator`].
///
/// Its input must only grow (rows inserted, never retracted): put it before any aggregation.
/// State is kept per key in memory on the key's worker and, with a checkpoint, snapshotted
/// after batches (serialised with bincode, so `S` must be serde-serialisable).
///
/// ```
/// use std::sync::Arc;
/// use ember_operators::{DataType, Field, FlatMapGroupsWithState, GroupStateTimeout, Operator, Row, Schema, Value};
///
/// // A running count of rows per value of column 0.
/// let counts = FlatMapGroupsWithState::<i64>::new(
///     "running_count",
///     vec!["word".into()],
///     Arc::new(|row: &Row| Ok(Row::new(vec![row.get(0).clone()]))),
///     Schema::new(vec![Field::new("word", DataType::String), Field::new("n", DataType::Long)]),
///     GroupStateTimeout::NoTimeout,
///     Arc::new(|key: &Row, rows: &[Row], state| {
///         let n = state.get().copied().unwrap_or(0) + rows.len() as i64;
///         state.update(n);
///         vec![Row::new(vec![key.get(0).clone(), Value::Long(n)])]
///     }),
/// );
/// assert!(counts.is_stateful());
/// assert_eq!(counts.describe(), "FlatMapGroupsWithState running_count [word], NoTimeout: exchange by hash([word]), state per key");
/// ```
pub struct FlatMapGroupsWithState<S> {
    name: String,
    keys: Vec<String>,
    key_fn: KeyFn,
    schema: Schema,
    timeout: GroupStateTimeout,
    func: GroupsFn<S>,
}

impl<S> FlatMapGroupsWithState<S>
where
    S: Serialize + DeserializeOwned + Clone + Send + 'static,
{
    /// An operator named `name` grouping by `key_fn` (whose key columns are called `keys`,
    /// for `explain()`), calling `func`, whose rows have schema `schema`.
    pub fn new(
        name: impl Into<String>,
        keys: Vec<String>,
        key_fn: KeyFn,
        schema: Schema,
        timeout: GroupStateTimeout,
        func: GroupsFn<S>,
    ) -> Self {
        FlatMapGroupsWithState {
            name: name.into(),
            keys,
            key_fn,
            schema,
            timeout,
            func,
        }
    }
}

impl<S> Operator for FlatMapGroupsWithState<S>
where
    S: Serialize + DeserializeOwned + Clone + Send + 'static,
{
    fn name(&self) -> &str {
        &self.name
    }

    fn output_schema(&self, _input: &Schema) -> Result<Schema, OperatorError> {
        Ok(self.schema.clone())
    }

    fn describe(&self) -> String {
        format!(
            "FlatMapGroupsWithState {} [{}], {:?}: exchange by hash([{}]), state per key",
            self.name,
            self.keys.join(", "),
            self.timeout,
            self.keys.join(", ")
        )
    }

    fn is_stateful(&self) -> bool {
        true
    }

    fn build<'scope>(&self, rows: Rows<'scope>, context: &BuildContext) -> Built<'scope> {
        let name = self.name.clone();
        let key_fn = self.key_fn.clone();
        let (keyed, key_errors) = try_flat_map::<Row, (Row, Row), Diff, RowLogic<(Row, Row), Diff>>(
            rows,
            &format!("{}: Key", self.name),
            Box::new(
                move |row: Row, diff: Diff, out: &mut Vec<((Row, Row), Diff)>| {
                    if diff < 0 {
                        return Err(OperatorError::new(
                            &name,
                            format!(
                                "its input retracted the row {}: it takes only rows that are \
                             added (put it before any aggregation)",
                                row_text(&row)
                            ),
                        )
                        .to_string());
                    }
                    // The copies of a row are made after the exchange, by `keyed_batches`.
                    out.push(((key_fn(&row)?, row), diff));
                    Ok(())
                },
            ),
        );

        let shared = Rc::new(RefCell::new(KeyedStates::<S> {
            name: self.name.clone(),
            states: HashMap::new(),
            index: context.index,
            peers: context.peers,
        }));
        let mut logic = GroupLogic {
            name: self.name.clone(),
            timeout: self.timeout,
            func: self.func.clone(),
            clock: context.clock.clone(),
            states: shared.clone(),
        };

        let (rows, errors) = keyed_batches(
            &self.name,
            keyed,
            context.clock.clone(),
            Box::new(move |epoch, pairs| {
                let (out, failures) = logic.run_epoch(epoch, pairs);
                (out.into_iter().map(|row| (row, 1)).collect(), failures)
            }),
        );
        Built {
            rows,
            errors: Some(key_errors.concat(errors)),
            state: Some(Box::new(StateHandle(shared))),
        }
    }
}

/// One key's state between batches.
struct Entry<S> {
    value: S,
    timeout_at_ms: Option<i64>,
}

/// The keys a worker owns, with their states.
struct KeyedStates<S> {
    name: String,
    states: HashMap<Row, Entry<S>>,
    index: usize,
    peers: usize,
}

/// What the operator does with a complete batch.
struct GroupLogic<S> {
    name: String,
    timeout: GroupStateTimeout,
    func: GroupsFn<S>,
    clock: BatchClock,
    states: Rc<RefCell<KeyedStates<S>>>,
}

impl<S: Clone> GroupLogic<S> {
    /// Calls the function for each key with rows in batch `epoch`, then for each key that
    /// timed out; returns the output rows and the failures.
    fn run_epoch(&mut self, epoch: Time, mut rows: Vec<(Row, Row)>) -> (Vec<Row>, Vec<String>) {
        let now = self.clock.get(epoch);
        let now_ms = now.unwrap_or_else(wall_clock_ms);
        rows.sort();
        let mut out = Vec::new();
        let mut failures = Vec::new();
        let mut touched = BTreeSet::new();
        let mut group: Vec<Row> = Vec::new();
        let mut rows = rows.into_iter().peekable();
        while let Some((key, row)) = rows.next() {
            group.push(row);
            if rows.peek().is_some_and(|(next, _)| *next == key) {
                continue;
            }
            let group_rows = std::mem::take(&mut group);
            self.call(&key, &group_rows, now_ms, false, &mut out, &mut failures);
            touched.insert(key);
        }
        // Timeouts: only at batches the driver ran (restoring state is not a batch).
        if self.timeout == GroupStateTimeout::ProcessingTimeTimeout && now.is_some() {
            let mut expired: Vec<Row> = self
                .states
                .borrow()
                .states
                .iter()
                .filter(|(key, entry)| {
                    !touched.contains(*key) && entry.timeout_at_ms.is_some_and(|at| at < now_ms)
                })
                .map(|(key, _)| key.clone())
                .collect();
            expired.sort();
            for key in expired {
                self.call(&key, &[], now_ms, true, &mut out, &mut failures);
            }
        }
        (out, failures)
    }

    fn call(
        &self,
        key: &Row,
        rows: &[Row],
        now_ms: i64,
        timed_out: bool,
        out: &mut Vec<Row>,
        failures: &mut Vec<String>,
    ) {
        let current = self
            .states
            .borrow()
            .states
            .get(key)
            .map(|e| e.value.clone());
        let mut state = GroupState::new(current, self.timeout, now_ms, timed_out);
        match run_user_code(|| (self.func)(key, rows, &mut state)) {
            Ok(rows) => {
                out.extend(rows);
                let mut states = self.states.borrow_mut();
                match state.into_parts() {
                    (Some(value), timeout_at_ms) => {
                        states.states.insert(
                            key.clone(),
                            Entry {
                                value,
                                timeout_at_ms,
                            },
                        );
                    }
                    (None, _) => {
                        states.states.remove(key);
                    }
                }
            }
            Err(panic) => failures.push(
                OperatorError::new(
                    &self.name,
                    format!("panicked on key {}: {panic}", row_text(key)),
                )
                .to_string(),
            ),
        }
    }
}

fn wall_clock_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The checkpoint's view of a worker's keys: each key's state and timeout, in bincode.
struct StateHandle<S>(Rc<RefCell<KeyedStates<S>>>);

impl<S: Serialize + DeserializeOwned> OperatorState for StateHandle<S> {
    fn snapshot(&mut self, _batch: Time) -> Result<Vec<StateEntry>, OperatorError> {
        let states = self.0.borrow();
        let entries = states
            .states
            .iter()
            .map(|(key, entry)| (key, (&entry.value, entry.timeout_at_ms)));
        encode_states(&states.name, entries)
    }

    fn restore(&mut self, _batch: Time, entries: Vec<StateEntry>) -> Result<(), OperatorError> {
        let mut states = self.0.borrow_mut();
        let owned: Vec<(Row, (S, Option<i64>))> =
            decode_owned_states(&states.name, entries, states.index, states.peers)?;
        for (key, (value, timeout_at_ms)) in owned {
            states.states.insert(
                key,
                Entry {
                    value,
                    timeout_at_ms,
                },
            );
        }
        Ok(())
    }

    /// The keys held, and the bytes of the key map: its slots, the keys' heap, and each
    /// state's serialized size for what it owns.
    fn metrics(&mut self, _batch: Time) -> StateMetrics {
        let states = self.0.borrow();
        let memory_bytes = states.states.capacity() * std::mem::size_of::<(Row, Entry<S>)>()
            + states
                .states
                .iter()
                .map(|(key, entry)| {
                    key.heap_bytes()
                        + bincode::serialized_size(&entry.value).map_or(0, |n| n as usize)
                })
                .sum::<usize>();
        StateMetrics {
            rows_total: states.states.len() as u64,
            memory_bytes: memory_bytes as u64,
            ..StateMetrics::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::custom::key_owner;
    use crate::Value;
    use differential_dataflow::input::Input;

    /// Counts rows per key; a key idle for a batch times out and outputs `-1`.
    fn counter() -> FlatMapGroupsWithState<i64> {
        FlatMapGroupsWithState::new(
            "counter",
            vec!["k".into()],
            Arc::new(|row: &Row| Ok(row.clone())),
            Schema::default(),
            GroupStateTimeout::ProcessingTimeTimeout,
            Arc::new(|key: &Row, rows: &[Row], state: &mut GroupState<i64>| {
                if state.has_timed_out() {
                    state.remove();
                    return vec![Row::new(vec![key.get(0).clone(), Value::Long(-1)])];
                }
                let n = state.get().copied().unwrap_or(0) + rows.len() as i64;
                state.update(n);
                state.set_timeout_duration(std::time::Duration::ZERO);
                vec![Row::new(vec![key.get(0).clone(), Value::Long(n)])]
            }),
        )
    }

    fn key(k: &str) -> Row {
        Row::new(vec![Value::from(k)])
    }

    #[test]
    fn counts_time_out_and_state_round_trips() {
        timely::execute_directly(|worker| {
            let clock = BatchClock::default();
            let context = BuildContext {
                index: 0,
                peers: 1,
                clock: clock.clone(),
                input_schema: Schema::default(),
            };
            let seen = Rc::new(RefCell::new(Vec::new()));
            let sink = seen.clone();
            let (mut input, probe, mut state) = worker.dataflow::<Time, _, _>(|scope| {
                let (input, rows) = scope.new_collection::<Row, Diff>();
                let built = counter().build(rows, &context);
                let (probe, _) = built
                    .rows
                    .inspect(move |(row, time, _)| sink.borrow_mut().push((row.clone(), *time)))
                    .probe();
                (input, probe, built.state.unwrap())
            });
            clock.set(0, 100);
            input.insert(key("a"));
            input.insert(key("a"));
            input.insert(key("b"));
            input.advance_to(1);
            input.flush();
            worker.step_while(|| probe.less_than(&1));
            clock.set(1, 101);
            input.insert(key("b"));
            input.advance_to(2);
            input.flush();
            worker.step_while(|| probe.less_than(&2));
            let row = |k: &str, n: i64| Row::new(vec![Value::from(k), Value::Long(n)]);
            assert_eq!(
                *seen.borrow(),
                [
                    (row("a", 2), 0),
                    (row("b", 1), 0),
                    (row("b", 2), 1),
                    (row("a", -1), 1)
                ]
            );
            let entries = state.snapshot(0).unwrap();
            assert_eq!(entries.len(), 1);
            assert_eq!(entries[0].0, key("b"));

            // Restored on two workers, each keeps only the keys it owns.
            let owner = key_owner(&key("b"), 2);
            for index in 0..2 {
                let shared = Rc::new(RefCell::new(KeyedStates::<i64> {
                    name: "counter".into(),
                    states: HashMap::new(),
                    index,
                    peers: 2,
                }));
                let mut restored = StateHandle(shared);
                restored.restore(0, entries.clone()).unwrap();
                let expected = if index == owner {
                    entries.clone()
                } else {
                    Vec::new()
                };
                assert_eq!(restored.snapshot(0).unwrap(), expected);
            }
        });
    }
}
