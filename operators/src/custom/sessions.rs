//! [`Sessions`]: the session windows of one key — Spark's `session_window` merge logic,
//! without any dataflow around it.
//!
//! Every event opens the session `[t, t + gap)`; sessions of one key that overlap are one
//! session, whose aggregate is the sum of theirs. An event can therefore extend a session,
//! or bridge two sessions into one.

use differential_dataflow::difference::Semigroup;
use serde::{Deserialize, Serialize};

use crate::{Accumulators, HeapBytes};

/// One session window of a key: `[start, end)` in microseconds, and its aggregate so far.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Session {
    /// The time of the session's first event.
    pub start: i64,
    /// The time of its last event plus the gap.
    pub end: i64,
    /// The aggregate of its events.
    pub state: Accumulators,
}

/// The open sessions of one key, sorted by start and disjoint.
///
/// ```
/// use ember_operators::{Accumulators, Sessions, Slots};
/// let one = || Accumulators { rows: 1, slots: Slots::default() };
/// let minute = 60_000_000;
/// let mut sessions = Sessions::default();
/// sessions.add(0, 5 * minute, one());
/// sessions.add(10 * minute, 5 * minute, one());
/// assert_eq!(sessions.len(), 2);
/// // An event at minute 6 overlaps [0, 5)? No: [6, 11) overlaps [10, 15) only.
/// sessions.add(6 * minute, 5 * minute, one());
/// assert_eq!(sessions.windows(), [(0, 5 * minute), (6 * minute, 15 * minute)]);
/// // One at minute 4 bridges [0, 5) and [6, 15).
/// sessions.add(4 * minute, 5 * minute, one());
/// assert_eq!(sessions.windows(), [(0, 15 * minute)]);
/// assert_eq!(sessions.iter().next().unwrap().state.rows, 4);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sessions {
    sessions: Vec<Session>,
}

impl HeapBytes for Sessions {
    fn heap_bytes(&self) -> usize {
        self.sessions.capacity() * std::mem::size_of::<Session>()
            + self
                .sessions
                .iter()
                .map(|s| s.state.heap_bytes())
                .sum::<usize>()
    }
}

impl Sessions {
    /// Adds an event at `time` (microseconds) whose aggregate is `state`: it opens
    /// `[time, time + gap)`, which absorbs every session it overlaps. Returns the sessions
    /// that existed before and are gone or changed now (absorbed into the new one).
    pub fn add(&mut self, time: i64, gap: i64, state: Accumulators) -> Vec<Session> {
        let mut merged = Session {
            start: time,
            end: time.saturating_add(gap),
            state,
        };
        // Sessions are disjoint and sorted, so the ones the new window overlaps are a run.
        let first = self.sessions.partition_point(|s| s.end < merged.start);
        let last = self.sessions[first..].partition_point(|s| s.start <= merged.end) + first;
        let absorbed: Vec<Session> = self.sessions.drain(first..last).collect();
        for old in &absorbed {
            merged.start = merged.start.min(old.start);
            merged.end = merged.end.max(old.end);
            merged.state.plus_equals(&old.state);
        }
        // Summing in time order keeps min/max and sums independent of arrival order.
        self.sessions.insert(first, merged);
        absorbed
    }

    /// Removes and returns the sessions that ended at or before `watermark`: they are final.
    pub fn take_final(&mut self, watermark: i64) -> Vec<Session> {
        // Sessions are sorted by start and disjoint, hence by end too.
        let done = self.sessions.partition_point(|s| s.end <= watermark);
        self.sessions.drain(..done).collect()
    }

    /// The sessions, by start.
    pub fn iter(&self) -> impl Iterator<Item = &Session> {
        self.sessions.iter()
    }

    /// The `(start, end)` of every session, by start.
    pub fn windows(&self) -> Vec<(i64, i64)> {
        self.sessions.iter().map(|s| (s.start, s.end)).collect()
    }

    /// The number of sessions.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// Whether there is no session.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Accumulator, AccumulatorKind, Slots, Value};

    const MINUTE: i64 = 60_000_000;
    const GAP: i64 = 5 * MINUTE;

    fn event(v: i64) -> Accumulators {
        Accumulators {
            rows: 1,
            slots: Slots::from(vec![Accumulator::from_value(
                AccumulatorKind::Max,
                &Value::Long(v),
                1,
                0,
            )
            .unwrap()]),
        }
    }

    fn add(sessions: &mut Sessions, minute: i64) -> Vec<(i64, i64)> {
        sessions
            .add(minute * MINUTE, GAP, event(minute))
            .iter()
            .map(|s| (s.start / MINUTE, s.end / MINUTE))
            .collect()
    }

    fn minutes(sessions: &Sessions) -> Vec<(i64, i64, i64)> {
        sessions
            .iter()
            .map(|s| (s.start / MINUTE, s.end / MINUTE, s.state.rows))
            .collect()
    }

    #[test]
    fn events_within_the_gap_extend_a_session() {
        let mut s = Sessions::default();
        assert!(add(&mut s, 0).is_empty());
        assert_eq!(add(&mut s, 2), [(0, 5)]);
        assert_eq!(minutes(&s), [(0, 7, 2)]);
        // An event inside the session leaves its end alone.
        assert_eq!(add(&mut s, 1), [(0, 7)]);
        assert_eq!(minutes(&s), [(0, 7, 3)]);
    }

    #[test]
    fn sessions_exactly_a_gap_apart_touch_and_merge() {
        let mut s = Sessions::default();
        add(&mut s, 0);
        add(&mut s, 5);
        assert_eq!(minutes(&s), [(0, 10, 2)]);
    }

    #[test]
    fn a_late_event_bridges_two_sessions_and_sums_them() {
        let mut s = Sessions::default();
        add(&mut s, 0);
        add(&mut s, 2);
        add(&mut s, 10);
        add(&mut s, 20);
        assert_eq!(minutes(&s), [(0, 7, 2), (10, 15, 1), (20, 25, 1)]);
        assert_eq!(add(&mut s, 6), [(0, 7), (10, 15)]);
        assert_eq!(minutes(&s), [(0, 15, 4), (20, 25, 1)]);
        let merged = s.iter().next().unwrap();
        assert_eq!(
            merged.state.slots[0].finish(AccumulatorKind::Max),
            Ok(Value::Long(10))
        );
    }

    #[test]
    fn an_event_before_every_session_opens_its_own() {
        let mut s = Sessions::default();
        add(&mut s, 30);
        add(&mut s, 10);
        add(&mut s, 20);
        assert_eq!(minutes(&s), [(10, 15, 1), (20, 25, 1), (30, 35, 1)]);
    }

    #[test]
    fn final_sessions_are_those_ended_at_or_before_the_watermark() {
        let mut s = Sessions::default();
        for m in [0, 10, 20] {
            add(&mut s, m);
        }
        let done: Vec<(i64, i64)> = s
            .take_final(15 * MINUTE)
            .iter()
            .map(|x| (x.start / MINUTE, x.end / MINUTE))
            .collect();
        assert_eq!(done, [(0, 5), (10, 15)]);
        assert_eq!(minutes(&s), [(20, 25, 1)]);
        assert!(s.take_final(24 * MINUTE).is_empty());
    }
}
