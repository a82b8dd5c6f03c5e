//! [`OperatorState`]: the one protocol by which every stateful stage — grouped and windowed
//! aggregations, session windows, `drop_duplicates`, `flat_map_groups_with_state`, a user's
//! operator — is checkpointed, restored and reported on, one worker at a time; and where a
//! key lives ([`key_hash`], [`key_owner`]).

use differential_dataflow::hashable::Hashable;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::custom::{row_text, OperatorError};
use crate::{Row, Time};

/// One key's state, serialised by the operator (its format is the operator's own).
pub type StateEntry = (Row, Vec<u8>);

/// One key a batch changed, for an incremental snapshot: its new state (as in a
/// [`StateEntry`]), or `None` when the batch removed the key.
pub type DeltaEntry = (Row, Option<Vec<u8>>);

/// A batch's changes to one worker's state, taken from the state at once and encoded later,
/// on another thread, into [`DeltaEntry`]s sorted by key, each key once.
pub type DeltaEncoder = Box<dyn FnOnce() -> Result<Vec<DeltaEntry>, OperatorError> + Send>;

/// One worker's state as of a batch, taken from the state at once and encoded later, on
/// another thread, into its snapshot's [`StateEntry`]s.
pub type SnapshotEncoder = Box<dyn FnOnce() -> Result<Vec<StateEntry>, OperatorError> + Send>;

/// A stateful stage's state on one worker, shared with the running operator. The runtime
/// drives every stateful stage through this trait alone, in the same order on every worker:
///
/// - before batch `N`'s rows go in, [`begin_batch`](Self::begin_batch)`(N)`; after this
///   worker's rows of `N` are in, [`end_batch`](Self::end_batch)`(N)`;
/// - after a complete batch `N` (nothing of a later batch has run then),
///   [`snapshot`](Self::snapshot)`(N)`, whose entries go to the checkpoint;
/// - on restart, perhaps with another number of workers, [`restore`](Self::restore) with the
///   entries of **all** workers' snapshots, before any batch runs: each worker keeps the keys
///   it owns ([`key_owner`]) — or with a share of them, see
///   [`restores_every_part`](Self::restores_every_part); then `end_batch` of the snapshot's
///   batch.
pub trait OperatorState {
    /// This worker's state as of the end of batch `batch` (which is complete), one entry per
    /// key.
    fn snapshot(&mut self, batch: Time) -> Result<Vec<StateEntry>, OperatorError>;

    /// [`snapshot`](Self::snapshot), encoded later on another thread, so that the batch
    /// after it need not wait. By default the snapshot is taken, and encoded, at once; a
    /// state that can copy its entries out cheaply and encode them elsewhere overrides this.
    fn snapshot_encoder(&mut self, batch: Time) -> Result<SnapshotEncoder, OperatorError> {
        let entries = self.snapshot(batch)?;
        Ok(Box::new(move || Ok(entries)))
    }

    /// Loads, as of batch `batch`, the entries this worker owns out of `entries` (every
    /// worker's).
    fn restore(&mut self, batch: Time, entries: Vec<StateEntry>) -> Result<(), OperatorError>;

    /// Whether [`restore`](Self::restore) must see every worker's entries (the default: it
    /// keeps the keys this worker owns), or any disjoint share of them will do — a state that
    /// restores through the dataflow, whose exchange sends each key to its owner, reads only
    /// the parts `worker, worker + peers, ...`.
    fn restores_every_part(&self) -> bool {
        true
    }

    /// Asked once, before any batch, when the query checkpoints: from now on, remember each
    /// batch's changes for [`delta`](Self::delta). Returns whether this state can; one that
    /// cannot (the default) is snapshotted whole every few batches, and so, then, are all
    /// the query's states.
    fn record_changes(&mut self) -> bool {
        false
    }

    /// The changes batch `batch` (which is complete) made to this worker's state: each key it
    /// wrote, with its new state, and each key it removed; forgets them. Called once per
    /// batch, in order, only after [`record_changes`](Self::record_changes) said yes, perhaps
    /// after the next batch began. A restart applies the deltas after a
    /// [`snapshot`](Self::snapshot) in order, then [`restore`](Self::restore)s the result.
    fn delta(&mut self, batch: Time) -> Result<DeltaEncoder, OperatorError> {
        Err(OperatorError::new(
            "OperatorState",
            format!("invariant violated: delta of batch {batch} asked of a state that records no changes"),
        ))
    }

    /// Batch `batch` is about to run: nothing before it will be snapshotted any more.
    fn begin_batch(&mut self, _batch: Time) {}

    /// This worker's input of batch `batch` is in: whatever input the state feeds itself must
    /// close the batch too.
    fn end_batch(&mut self, _batch: Time) {}

    /// What this worker's state holds after batch `batch` (which is complete) and what the
    /// batch did to it, for the batch's progress report; by default nothing is reported.
    fn metrics(&mut self, _batch: Time) -> StateMetrics {
        StateMetrics::default()
    }
}

/// What one worker's state of a stateful stage holds after a batch and what the batch did,
/// as the parts of Spark's `StateOperatorProgress` that the runtime sums over workers.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct StateMetrics {
    /// Rows (keys, groups, windows, sessions) held after the batch.
    pub rows_total: u64,
    /// Rows the batch wrote.
    pub rows_updated: u64,
    /// Rows the batch removed (closed windows, expired keys).
    pub rows_removed: u64,
    /// Bytes the state takes in memory, measured over its containers.
    pub memory_bytes: u64,
    /// Input rows dropped as late since the query started (the runtime takes differences).
    pub dropped_rows: u64,
    /// Nanoseconds spent finding and removing rows in the batch.
    pub removal_nanos: u64,
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
    encode_owned_states(operator, states.map(|(key, state)| (key.clone(), state)))
}

/// [`encode_states`] of keys the caller no longer needs: they are moved, not copied.
pub(crate) fn encode_owned_states<S: Serialize>(
    operator: &str,
    states: impl Iterator<Item = (Row, S)>,
) -> Result<Vec<StateEntry>, OperatorError> {
    let mut entries = states
        .map(|(key, state)| match bincode::serialize(&state) {
            Ok(bytes) => Ok((key, bytes)),
            Err(e) => Err(OperatorError::new(
                operator,
                format!("cannot encode the state of {}: {e}", row_text(&key)),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}

/// Decodes `entries` (each key's state in bincode); `operator` names the operator in errors.
pub(crate) fn decode_states<S: DeserializeOwned>(
    operator: &str,
    entries: Vec<StateEntry>,
) -> Result<Vec<(Row, S)>, OperatorError> {
    entries
        .into_iter()
        .map(|(key, bytes)| match bincode::deserialize(&bytes) {
            Ok(state) => Ok((key, state)),
            Err(e) => Err(OperatorError::new(
                operator,
                format!("cannot decode the state of {}: {e}", row_text(&key)),
            )),
        })
        .collect()
}

/// The entries of `entries` that worker `index` of `peers` owns, decoded.
pub(crate) fn decode_owned_states<S: DeserializeOwned>(
    operator: &str,
    entries: Vec<StateEntry>,
    index: usize,
    peers: usize,
) -> Result<Vec<(Row, S)>, OperatorError> {
    let owned = entries
        .into_iter()
        .filter(|(key, _)| key_owner(key, peers) == index)
        .collect();
    decode_states(operator, owned)
}
