//! [`finalize_windows`]: the groups of a windowed aggregation that the watermark makes final,
//! found when each batch is complete — after the batch's own rows are in, as Spark finalizes
//! windows at the end of a batch.
//!
//! The finalizer keeps an index of the groups by the end of their window, with each group's
//! state, fed by the groups each batch changes (their new states, as `count_total` emits
//! them), so a batch costs what it changed plus the windows it closes, however many windows
//! it holds — and the final groups are read from the index, not looked up in the arrangement.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;

use crate::{Accumulators, Diff, Key, Time, UpdateStream, Updates};

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

/// What [`finalize_windows`] emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinalizerOutput {
    /// The final groups (key and final state, inserted) at the batch that finalizes them.
    Finals,
    /// The groups' changes it reads, passed on as they are, held back until the batch's
    /// final groups are found.
    Changes,
}

/// Finds, when each batch completes on this worker, the groups of an aggregation whose window
/// the batch's watermark finalizes. The groups and their states are known from `changes`, the
/// changes of the groups' states (old state retracted, new state inserted, as `count_total`
/// over the aggregation's arrangement emits them); `output` says whether the final groups or
/// those changes are emitted. The final groups stay in the arrangement until their removal
/// (the returned [`FinalizedGroups`]) is inserted.
pub fn finalize_windows<'scope>(
    changes: UpdateStream<'scope, (Key, Accumulators)>,
    output: FinalizerOutput,
    finalization: Finalization,
) -> (
    UpdateStream<'scope, (Key, Accumulators)>,
    Rc<RefCell<FinalizedGroups>>,
) {
    let found = Rc::new(RefCell::new(FinalizedGroups::default()));
    let shared = found.clone();
    let stream = changes.unary_frontier(Pipeline, "FinalizeWindows", move |capability, _info| {
        let mut capability = Some(capability);
        // The first batch not yet looked at.
        let mut next: Time = 0;
        let mut index = WindowIndex::new(finalization.window_end.clone());
        move |(input, frontier), out| {
            let started = std::time::Instant::now();
            input.for_each(
                |cap, data: &mut Updates<(Key, Accumulators)>| match output {
                    FinalizerOutput::Changes => {
                        for ((key, state), time, diff) in data.iter() {
                            index.note(key.clone(), state.clone(), *time, *diff);
                        }
                        out.session(&cap).give_container(data);
                    }
                    FinalizerOutput::Finals => {
                        for ((key, state), time, diff) in data.drain(..) {
                            index.note(key, state, time, diff);
                        }
                    }
                },
            );
            index.nanos += started.elapsed().as_nanos() as u64;
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
                let started = std::time::Instant::now();
                index.fold(epoch);
                let Some(watermark) = (finalization.watermark)(epoch) else {
                    continue;
                };
                let mut found = shared.borrow_mut();
                found.groups.clear();
                let at = cap.delayed(&epoch);
                let mut finals = index.finalize(watermark);
                if output == FinalizerOutput::Finals {
                    // In key order, which is the order they print in: the sink's sort of
                    // them is then one pass.
                    finals.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                    out.session(&at).give_iterator(
                        finals
                            .iter()
                            .map(|(key, state)| ((key.clone(), state.clone()), epoch, 1)),
                    );
                }
                // Held after this batch (a group final earlier would be held only if its
                // removal had failed: it counts, and is not emitted twice).
                found.remaining = index.live.saturating_sub(finals.len() as u64);
                found.groups = finals;
                found.nanos =
                    std::mem::take(&mut index.nanos) + started.elapsed().as_nanos() as u64;
            }
            cap.downgrade(&limit);
        }
    });
    (stream, found)
}

/// Groups and their states, hashed apart from differential's routing (which picks each
/// worker's keys by their hash).
type GroupStates = HashMap<Key, Accumulators, foldhash::fast::RandomState>;

/// The changes of one batch not folded into the index yet.
#[derive(Default)]
struct PendingBatch {
    /// Groups that came to exist, minus groups that vanished.
    live: i64,
    /// The groups' new states.
    states: GroupStates,
    /// The groups whose old state was retracted: those without a new state vanished.
    retracted: Vec<Key>,
}

/// The groups a finalizer may still find final, with their states as of the last batch
/// folded, by the end of their window; and the number of groups held.
struct WindowIndex {
    window_end: WindowEnd,
    /// The groups (with rows) whose window ends after `finalized_up_to`, by window end.
    by_end: BTreeMap<i64, GroupStates>,
    /// Per batch not folded yet, what its changes did.
    pending: BTreeMap<Time, PendingBatch>,
    /// Groups held (with rows) as of the last batch folded.
    live: u64,
    /// The watermark of the last batch that finalized windows: its final groups were emitted
    /// then and are removed before the next batch, so none can be final anew.
    finalized_up_to: Option<i64>,
    /// Time spent reading changes since the last batch that finalized windows.
    nanos: u64,
}

impl WindowIndex {
    fn new(window_end: WindowEnd) -> Self {
        WindowIndex {
            window_end,
            by_end: BTreeMap::new(),
            pending: BTreeMap::new(),
            live: 0,
            finalized_up_to: None,
            nanos: 0,
        }
    }

    /// Notes one change of a group's state at `time`: its new state (`diff > 0`), or its old
    /// one retracted.
    fn note(&mut self, key: Key, state: Accumulators, time: Time, diff: Diff) {
        // A group without rows does not exist.
        if state.rows == 0 {
            return;
        }
        let batch = self.pending.entry(time).or_default();
        batch.live += diff as i64;
        if diff > 0 {
            batch.states.insert(key, state);
        } else {
            batch.retracted.push(key);
        }
    }

    /// Folds the changes of the batches through `epoch` (complete) into the index and the
    /// count, in batch order.
    fn fold(&mut self, epoch: Time) {
        let later = self.pending.split_off(&(epoch + 1));
        for (_, batch) in std::mem::replace(&mut self.pending, later) {
            self.live = (self.live as i64 + batch.live).max(0) as u64;
            for key in batch.retracted {
                if batch.states.contains_key(&key) {
                    continue;
                }
                // The group vanished (its rows retracted).
                if let Some(end) = (self.window_end)(&key) {
                    if let Some(groups) = self.by_end.get_mut(&end) {
                        groups.remove(&key);
                    }
                }
            }
            for (key, state) in batch.states {
                let Some(end) = (self.window_end)(&key) else {
                    continue;
                };
                // A window already finalized is never final anew.
                if self.finalized_up_to.is_none_or(|done| end > done) {
                    self.by_end.entry(end).or_default().insert(key, state);
                }
            }
        }
    }

    /// Takes out of the index the windows that end at or before `watermark` and returns their
    /// groups with their states as of the last batch folded.
    fn finalize(&mut self, watermark: i64) -> Vec<(Key, Accumulators)> {
        let closing = match watermark.checked_add(1) {
            Some(after) => {
                let open = self.by_end.split_off(&after);
                std::mem::replace(&mut self.by_end, open)
            }
            None => std::mem::take(&mut self.by_end),
        };
        self.finalized_up_to = Some(self.finalized_up_to.map_or(watermark, |d| d.max(watermark)));
        closing.into_values().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use differential_dataflow::input::Input;
    use timely::dataflow::operators::probe::Handle;
    use timely::dataflow::operators::{Inspect, Probe};

    use super::*;
    use crate::{
        aggregate, AggregateOutput, OperatorState, ResultChanges, Row, Slots, StateMetrics, Value,
    };

    /// One batch: its changes (window end, word, rows: negative retracts) and its watermark
    /// (`None`: a batch run without one).
    type Script = Vec<(Vec<(i64, &'static str, i64)>, Option<i64>)>;

    /// The rows a batch emitted, with their diffs.
    type Batch = Vec<(Row, Diff)>;

    /// What each batch emitted (sorted) and its state's metrics (rows held, rows removed).
    type Seen = Vec<(Batch, u64, u64)>;

    fn key(end: i64, word: &str) -> Key {
        Key::encode(&[Value::Long(end), Value::from(word)])
    }

    fn row(end: i64, word: &str, rows: i64) -> Row {
        Row::new(vec![Value::Long(end), Value::from(word), Value::Long(rows)])
    }

    /// Runs `script` through a windowed `count(*)` (`changes`) as the runtime drives it:
    /// removals before each batch, the batch's rows, then its output and metrics.
    fn run(script: &Script, changes: ResultChanges) -> Seen {
        let script = script.clone();
        timely::execute_directly(move |worker| {
            let watermarks: Rc<RefCell<HashMap<Time, i64>>> = Rc::default();
            let emitted: Rc<RefCell<BTreeMap<Time, Batch>>> = Rc::default();
            let probe = Handle::new();
            let (mut input, mut state) = worker.dataflow::<Time, _, _>(|scope| {
                let (input, keyed) = scope.new_collection::<Key, Accumulators>();
                let marks = watermarks.clone();
                let finalization = Finalization {
                    window_end: Rc::new(|key: &Key| match key.value_at(0) {
                        Some(Value::Long(end)) => Some(end),
                        _ => None,
                    }),
                    watermark: Rc::new(move |epoch| marks.borrow().get(&epoch).copied()),
                };
                let (rows, _, state) = aggregate(
                    keyed,
                    vec![AggregateOutput::Rows],
                    changes,
                    Some(finalization),
                    &crate::BatchClock::default(),
                );
                let sink = emitted.clone();
                rows.inner
                    .inspect(move |(row, time, diff)| {
                        sink.borrow_mut()
                            .entry(*time)
                            .or_default()
                            .push((row.clone(), *diff))
                    })
                    .probe_with(&probe);
                (input, state)
            });
            let mut seen = Vec::new();
            for (epoch, (changes, watermark)) in script.iter().enumerate() {
                let epoch = epoch as Time;
                if let Some(w) = watermark {
                    watermarks.borrow_mut().insert(epoch, *w);
                }
                state.begin_batch(epoch);
                input.advance_to(epoch);
                for &(end, word, rows) in changes {
                    let state = Accumulators {
                        rows,
                        slots: Slots::default(),
                    };
                    input.update(key(end, word), state);
                }
                input.advance_to(epoch + 1);
                input.flush();
                state.end_batch(epoch);
                worker.step_while(|| probe.less_than(&(epoch + 1)));
                let StateMetrics {
                    rows_total,
                    rows_removed,
                    ..
                } = state.metrics(epoch);
                let mut rows = emitted.borrow_mut().remove(&epoch).unwrap_or_default();
                rows.sort();
                seen.push((rows, rows_total, rows_removed));
            }
            seen
        })
    }

    /// What the aggregation must emit, computed from scratch: per batch, the groups its
    /// watermark finalizes (append) or the new rows of the groups it changed (update), and
    /// the groups held after it, and those it finalized.
    fn expected(script: &Script, changes: ResultChanges) -> Seen {
        let mut groups: BTreeMap<(i64, &str), i64> = BTreeMap::new();
        let mut done: Option<i64> = None;
        let mut finals_before: Vec<(i64, &str)> = Vec::new();
        let mut last = (0, 0);
        let mut seen = Vec::new();
        for (changes_in, watermark) in script {
            let before = groups.clone();
            // The previous batch's final groups are removed first.
            for group in finals_before.drain(..) {
                groups.remove(&group);
            }
            for &(end, word, rows) in changes_in {
                *groups.entry((end, word)).or_default() += rows;
            }
            groups.retain(|_, rows| *rows != 0);
            let finals: Vec<(i64, &str)> = match watermark {
                Some(w) => groups
                    .keys()
                    .filter(|(end, _)| *end <= *w && done.is_none_or(|d| *end > d))
                    .copied()
                    .collect(),
                None => Vec::new(),
            };
            let rows: Vec<(Row, Diff)> = match changes {
                ResultChanges::Finalized => finals
                    .iter()
                    .map(|&(end, word)| (row(end, word, groups[&(end, word)]), 1))
                    .collect(),
                _ => groups
                    .iter()
                    .filter(|(group, rows)| before.get(group) != Some(rows))
                    .map(|(&(end, word), &rows)| (row(end, word, rows), 1))
                    .collect(),
            };
            last = match watermark {
                Some(w) => {
                    done = Some((*w).max(done.unwrap_or(*w)));
                    (
                        groups.len() as u64 - finals.len() as u64,
                        finals.len() as u64,
                    )
                }
                // Nothing looked at: the last figures stand, but the final groups were
                // taken for removal.
                None => (last.0, 0),
            };
            seen.push((rows, last.0, last.1));
            finals_before = finals;
        }
        seen
    }

    fn check(script: &Script) {
        for changes in [ResultChanges::Finalized, ResultChanges::NewRows] {
            let seen = run(script, changes);
            let want = expected(script, changes);
            for (batch, (seen, want)) in seen.iter().zip(&want).enumerate() {
                assert_eq!(seen, want, "{changes:?}, batch {batch}");
            }
        }
    }

    /// Several windows open at once, closed by several watermarks; a late update and a
    /// retraction to windows not final yet; a group retracted whole before its window closes;
    /// a watermark that closes nothing; a batch without a watermark; windows closed by a
    /// batch without data.
    #[test]
    fn finalizes_exactly_the_windows_that_close() {
        let script: Script = vec![
            (
                vec![(10, "a", 2), (10, "b", 1), (20, "a", 1), (30, "c", 4)],
                Some(0),
            ),
            (vec![(10, "a", 1), (20, "b", 3), (40, "a", 1)], Some(5)),
            // 10 closes: a = 3, b = 1.
            (vec![(20, "a", -1), (20, "c", 2), (30, "c", -1)], Some(10)),
            // 20/a is gone (retracted whole); a late row for 20/b; 20 and 30 stay open.
            (vec![(20, "b", 1), (50, "d", 1)], Some(10)),
            (vec![(30, "c", 1)], None),
            // 20 and 30 close together: 20/b = 4, 20/c = 2, 30/c = 4.
            (vec![(40, "a", 1), (60, "a", 1)], Some(35)),
            // No data: 40 and 50 close.
            (vec![], Some(55)),
            (vec![(60, "b", 1), (60, "a", -1)], Some(55)),
            (vec![(70, "e", 2)], Some(100)),
        ];
        check(&script);
    }

    /// Random batches (with retractions, late rows to open windows, batches without a
    /// watermark) against the groups recomputed from scratch.
    #[test]
    fn finalizes_as_recomputed_from_scratch() {
        const WORDS: [&str; 5] = ["a", "b", "c", "d", "e"];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..5 {
            let mut script: Script = Vec::new();
            let mut held: BTreeMap<(i64, &'static str), i64> = BTreeMap::new();
            let mut watermark = 0;
            for _ in 0..25 {
                let mut changes = Vec::new();
                for _ in 0..next(8) {
                    // Windows end every 10, up to 60 after the watermark; none already final.
                    let end = (watermark / 10 + 1 + next(6) as i64) * 10;
                    let word = WORDS[next(5) as usize];
                    let rows = held.get(&(end, word)).copied().unwrap_or(0);
                    let change = if rows > 0 && next(3) == 0 {
                        -(1 + next(rows as u64) as i64)
                    } else {
                        1 + next(3) as i64
                    };
                    *held.entry((end, word)).or_default() += change;
                    changes.push((end, word, change));
                }
                let mark = if next(6) == 0 {
                    None
                } else {
                    watermark += next(25) as i64;
                    Some(watermark)
                };
                held.retain(|(end, _), _| *end > watermark);
                script.push((changes, mark));
            }
            check(&script);
        }
    }
}
