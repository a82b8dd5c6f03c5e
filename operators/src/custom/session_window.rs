//! [`SessionWindowAggregate`]: Spark's aggregation by `session_window` — the sessions of
//! each key are merged as events arrive, late events are dropped, and (in append mode) each
//! session is emitted once, when the watermark passes its end, and then forgotten.
//!
//! Shape on each worker: a pass that computes each row's key (the other grouping columns),
//! event time and aggregate state, an exchange by the key's hash (a key's sessions live on
//! one worker), then, per complete batch, [`Sessions::add`] for its events and
//! [`Sessions::take_final`] at the batch's watermark.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::custom::keyed_batches::keyed_batches;
use crate::custom::state::{decode_owned_states, encode_states};
use crate::custom::{
    BatchClock, BuildContext, Built, Operator, OperatorError, OperatorState, Session, Sessions,
    StateEntry, StateMetrics,
};
use differential_dataflow::AsCollection;
use timely::dataflow::operators::vec::Map;

use crate::{
    pre_aggregate, Accumulators, AggregateOutput, Diff, HeapBytes, KeyLogic, Row, Rows, Schema,
    Time, Value,
};

/// Makes, on each worker, the logic that adds each input row to its group of the batch (see
/// [`pre_aggregate`]): the grouping columns in order, the session window being the row's own
/// session `[t, t + gap)` (null when the row has no time: Spark leaves such rows out), and
/// the row's aggregate state.
pub type SessionKeying = Arc<dyn Fn() -> KeyLogic + Send + Sync>;

/// Which rows a session aggregation outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionOutput {
    /// Append mode: a session once, when the watermark passes its end; then it is forgotten.
    Final,
    /// Complete mode: every change to the sessions (old row retracted, new row inserted);
    /// nothing is forgotten.
    Changes,
}

/// How a session aggregation's output rows are laid out.
#[derive(Clone, Debug)]
pub struct SessionLayout {
    /// The grouping columns' names, the session window's among them.
    pub keys: Vec<String>,
    /// Where the session window sits among the grouping columns.
    pub session_column: usize,
    /// The aggregate columns' names.
    pub aggregates: Vec<String>,
    /// How each aggregate column is read from the [`Accumulators`].
    pub outputs: Vec<AggregateOutput>,
    /// The output rows' schema.
    pub schema: Schema,
}

/// Aggregation grouped by a session window with a static gap, as an [`Operator`].
///
/// Its input must only grow (rows inserted, never retracted). Late events — whose own
/// session `[t, t + gap)` ends at or before the previous batch's watermark — are dropped
/// and counted; sessions ending at or before the batch's watermark are final.
///
/// ```
/// use std::sync::Arc;
/// use ember_operators::{encode_last_value, encode_value, AggregateOutput, Accumulators, KeyLogic, Operator, Row,
///     Schema, SessionLayout, SessionOutput, SessionWindowAggregate, Slots, Value};
/// let layout = SessionLayout {
///     keys: vec!["session_window".into(), "word".into()],
///     session_column: 0,
///     aggregates: vec!["count".into()],
///     outputs: vec![AggregateOutput::Rows],
///     schema: Schema::default(),
/// };
/// let gap = 300_000_000;
/// let op = SessionWindowAggregate::new(layout, gap, SessionOutput::Final, Arc::new(move || -> KeyLogic {
///     Box::new(move |row: &mut Row, _batch, diff, groups| {
///         let mut key = Vec::new();
///         let session = match row.get(0) {
///             Value::Timestamp(t) => Value::Struct(vec![Value::Timestamp(*t), Value::Timestamp(t + gap)]),
///             _ => Value::Null,
///         };
///         encode_value(&session, &mut key);
///         encode_last_value(row.get(1), &mut key);
///         groups.add(&key, &Accumulators { rows: diff as i64, slots: Slots::default() });
///         Ok(())
///     })
/// }));
/// assert_eq!(op.describe(), "SessionWindowAggregate [session_window, word], [count], gap 300000000 us: \
///     exchange by hash([word]), sessions per key, emits final sessions");
/// ```
pub struct SessionWindowAggregate {
    layout: SessionLayout,
    gap: i64,
    output: SessionOutput,
    keying: SessionKeying,
}

impl SessionWindowAggregate {
    /// Sessions `gap` microseconds long after each event, grouped by `keying`, output as
    /// `layout` says.
    pub fn new(
        layout: SessionLayout,
        gap: i64,
        output: SessionOutput,
        keying: SessionKeying,
    ) -> Self {
        SessionWindowAggregate {
            layout,
            gap,
            output,
            keying,
        }
    }
}

impl Operator for SessionWindowAggregate {
    fn name(&self) -> &str {
        NAME
    }

    fn output_schema(&self, _input: &Schema) -> Result<Schema, OperatorError> {
        Ok(self.layout.schema.clone())
    }

    fn describe(&self) -> String {
        let others: Vec<&str> = (self.layout.keys.iter().enumerate())
            .filter(|(i, _)| *i != self.layout.session_column)
            .map(|(_, k)| k.as_str())
            .collect();
        format!(
            "{} [{}], [{}], gap {} us: exchange by hash([{}]), sessions per key, {}",
            self.name(),
            self.layout.keys.join(", "),
            self.layout.aggregates.join(", "),
            self.gap,
            others.join(", "),
            match self.output {
                SessionOutput::Final => "emits final sessions",
                SessionOutput::Changes => "emits changed sessions",
            }
        )
    }

    fn is_stateful(&self) -> bool {
        true
    }

    fn build<'scope>(&self, rows: Rows<'scope>, context: &BuildContext) -> Built<'scope> {
        let (groups, key_errors) =
            pre_aggregate(rows, "SessionWindowAggregate: Key", (self.keying)());
        let column = self.layout.session_column;
        let events = groups
            .inner
            .flat_map(move |(key, time, state)| {
                split_session(key.decode(), column)
                    .map(|(key, start)| ((key, (start, state)), time, 1))
            })
            .as_collection();
        let shared = Rc::new(RefCell::new(SessionStates {
            keys: HashMap::new(),
            dropped: 0,
            restored: false,
            index: context.index,
            peers: context.peers,
        }));
        let logic = SessionLogic {
            layout: self.layout.clone(),
            gap: self.gap,
            output: self.output,
            clock: context.clock.clone(),
            states: shared.clone(),
        };
        let (rows, errors) = keyed_batches(
            self.name(),
            events,
            context.clock.clone(),
            Box::new(move |epoch, events| logic.run_epoch(epoch, events)),
        );
        Built {
            rows,
            errors: Some(key_errors.concat(errors)),
            state: Some(Box::new(StateHandle(shared))),
        }
    }
}

/// The other grouping columns and the session's start (the event's time) of a group's key
/// values `values`, whose session window is at `column`; `None` for a null session.
fn split_session(mut values: Vec<Value>, column: usize) -> Option<(Row, i64)> {
    let start = match values.get(column)? {
        Value::Struct(fields) => match fields.first()? {
            Value::Timestamp(start) => *start,
            _ => return None,
        },
        _ => return None,
    };
    values.remove(column);
    Some((Row(values), start))
}

/// The sessions of the keys a worker owns.
struct SessionStates {
    keys: HashMap<Row, Sessions>,
    /// Rows dropped as late, in all.
    dropped: u64,
    /// Restored from a checkpoint and not yet output (complete mode outputs them once).
    restored: bool,
    index: usize,
    peers: usize,
}

/// What the operator does with a complete batch.
struct SessionLogic {
    layout: SessionLayout,
    gap: i64,
    output: SessionOutput,
    clock: BatchClock,
    states: Rc<RefCell<SessionStates>>,
}

impl SessionLogic {
    /// Adds batch `epoch`'s events to their keys' sessions, then finalizes; returns the
    /// output rows with their multiplicities, and the errors of the rows whose sums do not fit
    /// their result types (which fail the batch).
    fn run_epoch(
        &self,
        epoch: Time,
        mut events: Vec<(Row, (i64, Accumulators))>,
    ) -> (Vec<(Row, Diff)>, Vec<String>) {
        let watermarks = self.clock.watermarks(epoch);
        let mut states = self.states.borrow_mut();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let mut emit = |row: Result<Row, String>, diff: Diff| match row {
            Ok(row) => out.push((row, diff)),
            Err(error) => errors.push(error),
        };
        if std::mem::take(&mut states.restored) && self.output == SessionOutput::Changes {
            for (key, sessions) in &states.keys {
                sessions
                    .iter()
                    .for_each(|s| emit(self.row(key, s, true), 1));
            }
        }
        // In time order, so merged aggregates do not depend on arrival order.
        events.sort_by(|a, b| (a.1 .0, &a.0).cmp(&(b.1 .0, &b.0)));
        // Each touched key's sessions before the batch: only the changes mode needs them.
        let track_changes = self.output == SessionOutput::Changes;
        let mut before: HashMap<Row, Sessions> = HashMap::new();
        for (key, (time, state)) in events {
            if watermarks.is_some_and(|w| time.saturating_add(self.gap) <= w.late) {
                states.dropped += state.rows.max(0) as u64;
                continue;
            }
            if track_changes && !before.contains_key(&key) {
                let old = states.keys.get(&key).cloned().unwrap_or_default();
                before.insert(key.clone(), old);
            }
            states
                .keys
                .entry(key)
                .or_default()
                .add(time, self.gap, state);
        }
        match self.output {
            SessionOutput::Changes => {
                for (key, old) in before {
                    let new = &states.keys[&key];
                    let gone = old.iter().filter(|s| !new.iter().any(|n| n == *s));
                    gone.for_each(|s| emit(self.row(&key, s, false), -1));
                    let added = new.iter().filter(|s| !old.iter().any(|o| o == *s));
                    added.for_each(|s| emit(self.row(&key, s, true), 1));
                }
            }
            SessionOutput::Final => {
                if let Some(w) = watermarks {
                    states.keys.retain(|key, sessions| {
                        let done = sessions.take_final(w.eviction);
                        done.iter().for_each(|s| emit(self.row(key, s, true), 1));
                        !sessions.is_empty()
                    });
                }
            }
        }
        (out, errors)
    }

    /// The output row of `key`'s session `session`, inserted or retracted (see
    /// [`AggregateOutput::finish_all`]).
    fn row(&self, key: &Row, session: &Session, inserted: bool) -> Result<Row, String> {
        let mut values = Vec::with_capacity(self.layout.keys.len() + self.layout.outputs.len());
        values.extend(key.values()[..self.layout.session_column].iter().cloned());
        values.push(Value::Struct(vec![
            Value::Timestamp(session.start),
            Value::Timestamp(session.end),
        ]));
        values.extend(key.values()[self.layout.session_column..].iter().cloned());
        AggregateOutput::finish_all(&self.layout.outputs, &session.state, inserted, &mut values)?;
        Ok(Row(values))
    }
}

/// The checkpoint's view of a worker's sessions: each key's sessions, in bincode.
struct StateHandle(Rc<RefCell<SessionStates>>);

/// The operator's name in checkpoint errors.
const NAME: &str = "SessionWindowAggregate";

impl OperatorState for StateHandle {
    fn snapshot(&mut self, _batch: Time) -> Result<Vec<StateEntry>, OperatorError> {
        encode_states(NAME, self.0.borrow().keys.iter())
    }

    fn restore(&mut self, _batch: Time, entries: Vec<StateEntry>) -> Result<(), OperatorError> {
        let mut states = self.0.borrow_mut();
        let owned: Vec<(Row, Sessions)> =
            decode_owned_states(NAME, entries, states.index, states.peers)?;
        states.keys.extend(owned);
        states.restored = true;
        Ok(())
    }

    /// The sessions held, the rows dropped as late, and the bytes of the key map.
    fn metrics(&mut self, _batch: Time) -> StateMetrics {
        let states = self.0.borrow();
        let memory_bytes = states.keys.capacity() * std::mem::size_of::<(Row, Sessions)>()
            + states
                .keys
                .iter()
                .map(|(key, sessions)| key.heap_bytes() + sessions.heap_bytes())
                .sum::<usize>();
        StateMetrics {
            rows_total: states.keys.values().map(|s| s.len() as u64).sum(),
            dropped_rows: states.dropped,
            memory_bytes: memory_bytes as u64,
            ..StateMetrics::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::custom::{key_owner, BatchWatermarks};
    use crate::{encode_last_value, encode_value, Slots};
    use differential_dataflow::input::Input;

    const MINUTE: i64 = 60_000_000;

    fn operator(output: SessionOutput) -> SessionWindowAggregate {
        let layout = SessionLayout {
            keys: vec!["session_window".into(), "word".into()],
            session_column: 0,
            aggregates: vec!["count".into()],
            outputs: vec![AggregateOutput::Rows],
            schema: Schema::default(),
        };
        SessionWindowAggregate::new(
            layout,
            5 * MINUTE,
            output,
            Arc::new(|| -> KeyLogic {
                Box::new(|row: &mut Row, _batch, diff, groups| {
                    let mut key = Vec::new();
                    let session = match row.get(0) {
                        Value::Timestamp(t) => Value::Struct(vec![
                            Value::Timestamp(*t),
                            Value::Timestamp(t + 5 * MINUTE),
                        ]),
                        _ => Value::Null,
                    };
                    encode_value(&session, &mut key);
                    encode_last_value(row.get(1), &mut key);
                    let state = Accumulators {
                        rows: diff as i64,
                        slots: Slots::default(),
                    };
                    groups.add(&key, &state);
                    Ok(())
                })
            }),
        )
    }

    fn event(minute: i64, word: &str) -> Row {
        Row::new(vec![Value::Timestamp(minute * MINUTE), Value::from(word)])
    }

    fn out(start: i64, end: i64, word: &str, n: i64) -> Row {
        Row::new(vec![
            Value::Struct(vec![
                Value::Timestamp(start * MINUTE),
                Value::Timestamp(end * MINUTE),
            ]),
            Value::from(word),
            Value::Long(n),
        ])
    }

    type Seen = Rc<RefCell<Vec<(Row, Time, Diff)>>>;

    /// One scripted batch: its events (minute, word), then the late and the eviction
    /// watermarks in minutes.
    type ScriptedBatch<'a> = (&'a [(i64, &'a str)], i64, i64);

    /// A [`ScriptedBatch`] the worker closure owns.
    type OwnedBatch = (Vec<(i64, String)>, i64, i64);

    /// Runs `batches` through the operator; returns what it output and its state.
    fn run(
        output: SessionOutput,
        batches: &[ScriptedBatch<'_>],
    ) -> (Vec<(Row, Time, Diff)>, Vec<StateEntry>, u64) {
        let batches: Vec<OwnedBatch> = batches
            .iter()
            .map(|(e, l, w)| (e.iter().map(|(m, s)| (*m, s.to_string())).collect(), *l, *w))
            .collect();
        timely::execute_directly(move |worker| {
            let clock = BatchClock::default();
            let context = BuildContext {
                index: 0,
                peers: 1,
                clock: clock.clone(),
                input_schema: Schema::default(),
            };
            let seen: Seen = Rc::new(RefCell::new(Vec::new()));
            let sink = seen.clone();
            let (mut input, probe, mut state) = worker.dataflow::<Time, _, _>(|scope| {
                let (input, rows) = scope.new_collection::<Row, Diff>();
                let built = operator(output).build(rows, &context);
                let (probe, _) = built
                    .rows
                    .consolidate()
                    .inspect(move |(row, time, diff)| {
                        sink.borrow_mut().push((row.clone(), *time, *diff))
                    })
                    .probe();
                (input, probe, built.state.unwrap())
            });
            for (epoch, (events, late, eviction)) in batches.iter().enumerate() {
                let epoch = epoch as Time;
                clock.set(epoch, 0);
                let watermarks = BatchWatermarks {
                    late: late * MINUTE,
                    eviction: eviction * MINUTE,
                };
                clock.set_watermarks(epoch, watermarks);
                for (minute, word) in events {
                    input.insert(event(*minute, word));
                }
                input.advance_to(epoch + 1);
                input.flush();
                worker.step_while(|| probe.less_than(&(epoch + 1)));
            }
            let mut seen = seen.borrow().clone();
            seen.sort();
            (
                seen,
                state.snapshot(0).unwrap(),
                state.metrics(0).dropped_rows,
            )
        })
    }

    #[test]
    fn append_emits_each_session_once_when_final_and_drops_late_events() {
        // Spark's "edge" run: 10:00 and 10:05 touch and merge; in batch 2 (late watermark
        // 10:10) 10:08 opens [10:08, 10:13), still open, and final at once (10:20); the two
        // 10:04 rows end at 10:09 and are dropped.
        let (seen, state, dropped) = run(
            SessionOutput::Final,
            &[
                (&[(0, "a"), (5, "a"), (20, "b")], 0, 0),
                (&[(30, "b")], 0, 10),
                (&[(8, "c"), (4, "d"), (4, "d")], 10, 20),
            ],
        );
        assert_eq!(
            seen,
            [(out(0, 10, "a", 2), 1, 1), (out(8, 13, "c", 1), 2, 1),]
        );
        assert_eq!(
            state.len(),
            1,
            "only b is open: [10:20, 10:25) and [10:30, 10:35)"
        );
        assert_eq!(
            dropped, 2,
            "both late rows count, though they are one event"
        );
    }

    #[test]
    fn complete_retracts_merged_sessions_and_keeps_everything() {
        let (seen, state, _) = run(
            SessionOutput::Changes,
            &[(&[(0, "a"), (10, "a")], 0, 0), (&[(5, "a")], 0, 10)],
        );
        assert_eq!(
            seen,
            [
                (out(0, 5, "a", 1), 0, 1),
                (out(0, 5, "a", 1), 1, -1),
                (out(0, 15, "a", 3), 1, 1),
                (out(10, 15, "a", 1), 0, 1),
                (out(10, 15, "a", 1), 1, -1),
            ]
        );
        assert_eq!(state.len(), 1);
    }

    #[test]
    fn restore_keeps_the_keys_a_worker_owns() {
        let (_, entries, _) = run(SessionOutput::Changes, &[(&[(0, "a"), (0, "b")], 0, 0)]);
        assert_eq!(entries.len(), 2);
        let mut total = 0;
        for index in 0..2 {
            let shared = Rc::new(RefCell::new(SessionStates {
                keys: HashMap::new(),
                dropped: 0,
                restored: false,
                index,
                peers: 2,
            }));
            let mut handle = StateHandle(shared);
            handle.restore(0, entries.clone()).unwrap();
            for (key, _) in handle.snapshot(0).unwrap() {
                assert_eq!(key_owner(&key, 2), index);
            }
            total += handle.metrics(0).rows_total;
        }
        assert_eq!(total, 2);
        let mut broken = StateHandle(Rc::new(RefCell::new(SessionStates {
            keys: HashMap::new(),
            dropped: 0,
            restored: false,
            index: 0,
            peers: 1,
        })));
        let err = broken
            .restore(0, vec![(Row::new(vec![Value::from("a")]), vec![1])])
            .unwrap_err();
        assert!(
            err.to_string().contains("cannot decode the state of"),
            "{err}"
        );
    }
}
