//! [`OperatorState`]: a stateful operator's state on one worker, for checkpoints; and where
//! a key lives ([`key_hash`], [`key_owner`]).

use differential_dataflow::hashable::Hashable;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::custom::{row_text, OperatorError};
use crate::Row;

/// One key's state, serialised by the operator (its format is the operator's own).
pub type StateEntry = (Row, Vec<u8>);

/// A stateful operator's state on one worker, shared with the running operator.
///
/// Ember calls [`snapshot`](Self::snapshot) on every worker after a complete batch (nothing
/// of a later batch has run then) and writes the entries to the checkpoint;
/// on restart, perhaps with another number of workers, it calls
/// [`restore`](Self::restore) on every worker with the entries of **all** workers' snapshots,
/// before any batch runs: each worker keeps the keys it owns ([`key_owner`]).
pub trait OperatorState {
    /// This worker's state, one entry per key.
    fn snapshot(&self) -> Result<Vec<StateEntry>, OperatorError>;

    /// Loads the entries this worker owns out of `entries` (every worker's).
    fn restore(&mut self, entries: Vec<StateEntry>) -> Result<(), OperatorError>;

    /// The rows of event-time state this worker holds (windows, sessions), for the batch's
    /// progress report; by default none.
    fn state_rows(&self) -> u64 {
        0
    }

    /// The input rows this worker has dropped as late, in all; by default none.
    fn dropped_rows(&self) -> u64 {
        0
    }
}

/// The hash by which keyed operators exchange rows: differential's fixed-seed hash, the same
/// in every process of one build.
pub fn key_hash(key: &Row) -> u64 {
    key.hashed()
}

/// The worker (of `peers`) that owns `key` when rows are exchanged by [`key_hash`]: timely's
/// exchange sends a record of hash `h` to worker `h % peers`.
///
/// ```
/// use ember_operators::{key_owner, Row, Value};
/// let key = Row::new(vec![Value::from("alice")]);
/// assert_eq!(key_owner(&key, 1), 0);
/// assert!(key_owner(&key, 3) < 3);
/// ```
pub fn key_owner(key: &Row, peers: usize) -> usize {
    (key_hash(key) % peers as u64) as usize
}

/// The snapshot of keyed states: each key's state in bincode, sorted by key; `operator`
/// names the operator in errors.
pub(crate) fn encode_states<'a, S: Serialize + 'a>(
    operator: &str,
    states: impl Iterator<Item = (&'a Row, S)>,
) -> Result<Vec<StateEntry>, OperatorError> {
    let mut entries = states
        .map(|(key, state)| {
            bincode::serialize(&state)
                .map(|bytes| (key.clone(), bytes))
                .map_err(|e| {
                    OperatorError::new(
                        operator,
                        format!("cannot encode the state of {}: {e}", row_text(key)),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}

/// The states, decoded from bincode, of the keys of `entries` (every worker's) that worker
/// `index` of `peers` owns.
pub(crate) fn decode_owned_states<S: DeserializeOwned>(
    operator: &str,
    entries: Vec<StateEntry>,
    index: usize,
    peers: usize,
) -> Result<Vec<(Row, S)>, OperatorError> {
    entries
        .into_iter()
        .filter(|(key, _)| key_owner(key, peers) == index)
        .map(|(key, bytes)| match bincode::deserialize(&bytes) {
            Ok(state) => Ok((key, state)),
            Err(e) => Err(OperatorError::new(
                operator,
                format!("cannot decode the state of {}: {e}", row_text(&key)),
            )),
        })
        .collect()
}
