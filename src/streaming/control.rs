//! [`execute`]: what a worker does with a [`Control`] message the driver broadcasts — the
//! same code on the driver and on every follower.

use timely::worker::Worker;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use ember_operators::{key_owner, BatchWatermarks, DeltaEntry, Row, StateEntry};

use super::failpoint::{self, Failpoint};
use crate::checkpoint::Checkpoint;
use crate::error::{Error, Result};
use crate::render::{Control, Dataflow};
use crate::source::{Offsets, Share, Source, SourceDriver};

/// The driver halves of a query's sources, in the plan's order.
pub(crate) type Drivers = Vec<Box<dyn SourceDriver>>;

/// Carries out `control` on this worker. Errors reading input or state go into the
/// dataflow's error collection at the epoch they concern, so the driver sees them with the
/// batch; only errors the driver itself must act on are returned.
pub(crate) fn execute(
    worker: &Worker,
    dataflow: &mut Dataflow,
    control: &Control,
    sources: &[std::sync::Arc<dyn Source>],
    mut drivers: Option<&mut Drivers>,
    checkpoint: Option<&Checkpoint>,
) -> Result<()> {
    let (index, peers) = (worker.index(), worker.peers());
    match control {
        Control::Restore { base, deltas } => {
            let checkpoint = checkpoint.expect("invariant violated: restore without a checkpoint");
            let batch = deltas.last().map_or(base.0, |(batch, _)| *batch);
            let mut failure = None;
            for (stage, state) in dataflow.states.iter_mut().enumerate() {
                let entries = if deltas.is_empty() {
                    // A worker reads every part and keeps the keys it owns (the number of
                    // workers may have changed since the snapshot), or a share of the parts,
                    // for a state whose restore the dataflow routes.
                    let share: Vec<usize> = if state.restores_every_part() {
                        (0..base.1).collect()
                    } else {
                        (index..base.1).step_by(peers).collect()
                    };
                    read_parts::<StateEntry>(checkpoint, base.0, stage, share, &mut failure)
                } else {
                    // Deltas may have been written by another number of workers than the
                    // snapshot: every worker applies them all, then keeps its share.
                    let mut keys: BTreeMap<Row, Vec<u8>> = read_parts::<StateEntry>(
                        checkpoint,
                        base.0,
                        stage,
                        0..base.1,
                        &mut failure,
                    )
                    .into_iter()
                    .collect();
                    for (delta, parts) in deltas {
                        let changes = read_parts::<DeltaEntry>(
                            checkpoint,
                            *delta,
                            stage,
                            0..*parts,
                            &mut failure,
                        );
                        for (key, state) in changes {
                            match state {
                                Some(state) => keys.insert(key, state),
                                None => keys.remove(&key),
                            };
                        }
                    }
                    let every = state.restores_every_part();
                    keys.into_iter()
                        .filter(|(key, _)| every || key_owner(key, peers) == index)
                        .collect()
                };
                if let Err(e) = state.restore(batch, entries) {
                    failure = Some(Error::Checkpoint(e.to_string()));
                }
            }
            insert_shares(dataflow, batch, |_, _| Ok(()), failure, index, peers);
        }
        Control::Batch {
            id,
            offsets,
            time_ms,
            watermark,
            late_watermark,
            driver_permille,
        } => {
            for state in &mut dataflow.states {
                state.begin_batch(*id);
            }
            dataflow.context.begin_batch();
            // Before the rows: operators read the time when the batch is complete, which
            // needs every worker's rows.
            dataflow.clock.set(*id, *time_ms);
            // `current_timestamp()` of this batch, on this worker's thread.
            crate::expr::begin_batch(*time_ms);
            let late = watermark.map(|eviction| {
                // Spark 4: rows are late by the previous batch's watermark (the driver's, also
                // right after a restart); windows are final by this batch's, once its rows
                // are in.
                let late = late_watermark.unwrap_or(eviction);
                dataflow
                    .clock
                    .set_watermarks(*id, BatchWatermarks { late, eviction });
                late
            });
            dataflow.context.set_watermark(late);
            let share = Share {
                worker: index,
                peers,
                driver_permille: *driver_permille,
            };
            let read = |i: usize, each: &mut dyn FnMut(&mut Row)| {
                // The driver wrote them from a JSON value: they parse.
                let offsets: Offsets = serde_json::from_str(&offsets[i])
                    .expect("invariant violated: a batch's offsets are not JSON");
                let driver = drivers
                    .as_deref_mut()
                    .and_then(|d| d.get_mut(i))
                    .map(|d| &mut **d);
                sources[i].read_share_into(&offsets, share, driver, each)
            };
            // A state write that failed since the last batch fails this one: the query stops
            // before committing it, with the write's error.
            let failure = dataflow.writer.take_failure();
            insert_shares(dataflow, *id, read, failure, index, peers);
        }
        Control::Snapshot { batch } | Control::Delta { batch } => {
            // The state is taken now, before the next batch changes it; it is encoded and
            // written on a thread of its own. The driver marks it complete once every part
            // is written; a part missing leaves it incomplete, and unused by a restart.
            let checkpoint = checkpoint.expect("invariant violated: snapshot without a checkpoint");
            let whole = matches!(control, Control::Snapshot { .. });
            for (stage, state) in dataflow.states.iter_mut().enumerate() {
                let (checkpoint, batch) = (checkpoint.clone(), *batch);
                let job = if whole {
                    state
                        .snapshot_encoder(batch)
                        .map(|encoder| part_writer(encoder, checkpoint, batch, stage, index))
                } else {
                    state
                        .delta(batch)
                        .map(|encoder| part_writer(encoder, checkpoint, batch, stage, index))
                };
                match job {
                    Ok(job) => dataflow.writer.run(job),
                    Err(e) => dataflow.writer.fail(Error::Checkpoint(format!(
                        "cannot take the state of batch {batch}: {e}"
                    ))),
                }
            }
        }
        Control::Report { batch } => {
            let mut stats = dataflow.context.stats();
            stats.input_rows = dataflow.input_rows.clone();
            stats.states = dataflow
                .states
                .iter_mut()
                .map(|state| state.metrics(*batch))
                .collect();
            dataflow.stats.advance_to(*batch);
            dataflow.stats.insert(stats);
            dataflow.stats.advance_to(*batch + 1);
            dataflow.stats.flush();
        }
        Control::Stop => {}
    }
    Ok(())
}

/// What writes worker `worker`'s part of stage `stage` of snapshot (or delta) `batch`, from
/// the entries `encoder` makes.
fn part_writer<T: serde::Serialize + 'static>(
    encoder: Box<
        dyn FnOnce() -> std::result::Result<Vec<T>, ember_operators::OperatorError> + Send,
    >,
    checkpoint: Checkpoint,
    batch: u64,
    stage: usize,
    worker: usize,
) -> Box<dyn FnOnce() -> Result<()> + Send> {
    Box::new(move || {
        let write = || {
            let entries = encoder().map_err(|e| Error::Checkpoint(e.to_string()))?;
            if failpoint::fails(Failpoint::StateWrite, batch) {
                return Err(Error::Checkpoint(
                    "a write error injected by the failpoint state-write".into(),
                ));
            }
            checkpoint.write_state_part(batch, stage, worker, &entries)
        };
        write().map_err(|e| {
            Error::Checkpoint(format!(
                "cannot write worker {worker}'s part of the state of batch {batch}: {e}"
            ))
        })
    })
}

/// The entries of `parts` of stage `stage` of snapshot (or delta) `batch`, one after the other;
/// a part that cannot be read becomes `failure`.
fn read_parts<T: DeserializeOwned>(
    checkpoint: &Checkpoint,
    batch: u64,
    stage: usize,
    parts: impl IntoIterator<Item = usize>,
    failure: &mut Option<Error>,
) -> Vec<T> {
    let mut entries = Vec::new();
    for part in parts {
        match checkpoint.read_state_part::<T>(batch, stage, part) {
            Ok(part) => entries.extend(part),
            Err(e) => *failure = Some(e),
        }
    }
    entries
}

/// Inserts this worker's share of each source in epoch `id` (`read(i, each)` hands source
/// `i`'s rows to `each`; its error, or a row's, fails the batch), and `failure` if any; the
/// first epoch a worker runs also gets its share of the static relations, whose inputs then
/// close. Closes the epoch on this worker.
fn insert_shares(
    dataflow: &mut Dataflow,
    id: u64,
    mut read: impl FnMut(usize, &mut dyn FnMut(&mut Row)) -> Result<()>,
    failure: Option<Error>,
    worker: usize,
    peers: usize,
) {
    let errors = &mut dataflow.errors;
    errors.advance_to(id);
    if let Some(e) = failure {
        errors.insert(e.to_string());
    }
    dataflow.input_rows.clear();
    for (i, input) in dataflow.sources.iter_mut().enumerate() {
        input.advance_to(id);
        let mut rows = 0u64;
        let read = read(i, &mut |row| {
            rows += 1;
            if let Err(message) = input.give(row, id) {
                errors.insert(message);
            }
        });
        input.end_rows();
        if let Err(e) = read {
            errors.insert(e.to_string());
        }
        dataflow.input_rows.push(rows);
        input.advance_to(id + 1);
        input.flush();
    }
    let share = Share {
        worker,
        peers,
        driver_permille: 1000,
    };
    for (relation, mut input) in std::mem::take(&mut dataflow.statics) {
        input.advance_to(id);
        match relation.read_share(share) {
            Ok(rows) => rows.into_iter().for_each(|row| input.insert(row)),
            Err(e) => dataflow.errors.insert(e.to_string()),
        }
        // Dropped here: the input closes, and the static side is complete.
    }
    dataflow.errors.advance_to(id + 1);
    dataflow.errors.flush();
    for state in &mut dataflow.states {
        state.end_batch(id);
    }
}
