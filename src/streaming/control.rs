//! [`Control`]: what the driver broadcasts to every worker, and [`execute`]: what a worker
//! does with it — the same code on the driver and on every follower.

use serde::{Deserialize, Serialize};
use timely::worker::Worker;

use ember_operators::{Accumulators, AggregateState, BatchWatermarks, Key, Row, StateEntry};

use crate::checkpoint::Checkpoint;
use crate::error::{Error, Result};
use crate::render::Dataflow;
use crate::source::{read_share, DriverSource, SourceBatch};

/// A message from the driver to every worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Control {
    /// Load your share of state snapshot `batch` (`parts` parts per stage) at epoch `batch`.
    Restore {
        /// The snapshot's batch, which is also the epoch of the restored groups.
        batch: u64,
        /// How many parts each stage's snapshot has.
        parts: usize,
    },
    /// Run batch `id` over `source`: read your share, insert it at epoch `id`, advance to
    /// `id + 1`.
    Batch {
        /// The batch id, which is also the epoch.
        id: u64,
        /// What the batch reads.
        source: SourceBatch,
        /// The batch's processing time (ms since the Unix epoch), the same for every worker.
        time_ms: i64,
        /// The event-time watermark the batch runs with (microseconds), if the query has one.
        watermark: Option<i64>,
        /// The driver's part of a file split by byte ranges, in thousandths of another
        /// worker's (1000: equal parts).
        driver_permille: u16,
    },
    /// Batch `batch` is complete: report your statistics for it.
    Report {
        /// The batch.
        batch: u64,
    },
    /// Batch `batch` is complete: write your part of its state snapshot.
    Snapshot {
        /// The batch.
        batch: u64,
    },
    /// The query is over: close your inputs and let the dataflow drain.
    Stop,
}

/// Carries out `control` on this worker. Errors reading input or state go into the
/// dataflow's error collection at the epoch they concern, so the driver sees them with the
/// batch; only errors the driver itself must act on are returned.
pub(crate) fn execute(
    worker: &Worker,
    dataflow: &mut Dataflow,
    control: &Control,
    driver: Option<&mut DriverSource>,
    checkpoint: Option<&Checkpoint>,
) -> Result<()> {
    let (index, peers) = (worker.index(), worker.peers());
    match control {
        Control::Restore { batch, parts } => {
            let checkpoint = checkpoint.expect("invariant violated: restore without a checkpoint");
            let mut failure = None;
            for (stage, restore) in dataflow.restores.iter_mut().enumerate() {
                let Some(restore) = restore else { continue };
                restore.advance_to(*batch);
                for part in (index..*parts).step_by(peers) {
                    match checkpoint.read_state_part::<(Row, Accumulators)>(*batch, stage, part) {
                        Ok(groups) => groups
                            .into_iter()
                            .for_each(|(key, acc)| restore.update(Key::encode(key.values()), acc)),
                        Err(e) => failure = Some(e),
                    }
                }
            }
            // Custom operators' keys: every worker reads every part and keeps the keys it
            // owns (the number of workers may have changed since the snapshot).
            let first = dataflow.states.len();
            for (i, state) in dataflow.custom_states.iter_mut().enumerate() {
                let mut entries = Vec::new();
                for part in 0..*parts {
                    match checkpoint.read_state_part::<StateEntry>(*batch, first + i, part) {
                        Ok(part) => entries.extend(part),
                        Err(e) => failure = Some(e),
                    }
                }
                if let Err(e) = state.restore(entries) {
                    failure = Some(Error::Checkpoint(e.to_string()));
                }
            }
            close_restores(dataflow);
            insert_share(dataflow, *batch, failure.map_or(Ok(Vec::new()), Err));
        }
        Control::Batch {
            id,
            source,
            time_ms,
            watermark,
            driver_permille,
        } => {
            close_restores(dataflow);
            remove_final_windows(dataflow, *id);
            // Before the rows: operators read the time when the batch is complete, which
            // needs every worker's rows.
            dataflow.clock.set(*id, *time_ms);
            let late = watermark.map(|eviction| {
                // Spark 4: rows are late by the previous batch's watermark; windows are final
                // by this batch's, once its rows are in.
                let late = id
                    .checked_sub(1)
                    .and_then(|previous| dataflow.clock.watermarks(previous))
                    .map_or(eviction, |w| w.eviction);
                dataflow
                    .clock
                    .set_watermarks(*id, BatchWatermarks { late, eviction });
                late
            });
            dataflow.context.set_watermark(late);
            for state in &mut dataflow.states {
                state.allow_compaction(*id);
            }
            let share = read_share(source, index, peers, *driver_permille, driver);
            insert_share(dataflow, *id, share);
        }
        Control::Snapshot { batch } => {
            let checkpoint = checkpoint.expect("invariant violated: snapshot without a checkpoint");
            for (stage, state) in dataflow.states.iter_mut().enumerate() {
                let groups = state.snapshot(*batch);
                if let Err(e) = checkpoint.write_state_part(*batch, stage, index, &groups) {
                    // The driver waits for every part; a missing one fails the query there.
                    eprintln!("ember: worker {index}: {e}");
                }
            }
            let first = dataflow.states.len();
            for (i, state) in dataflow.custom_states.iter().enumerate() {
                let written = state
                    .snapshot()
                    .map_err(|e| Error::Checkpoint(e.to_string()))
                    .and_then(|entries| {
                        checkpoint.write_state_part(*batch, first + i, index, &entries)
                    });
                if let Err(e) = written {
                    eprintln!("ember: worker {index}: {e}");
                }
            }
        }
        Control::Report { batch } => {
            let mut stats = dataflow.context.stats();
            stats.groups = dataflow
                .states
                .iter()
                .filter_map(AggregateState::finalized_remaining)
                .sum();
            for state in &dataflow.custom_states {
                stats.groups += state.state_rows();
                stats.dropped += state.dropped_rows();
            }
            dataflow.stats.advance_to(*batch);
            dataflow.stats.insert(stats);
            dataflow.stats.advance_to(*batch + 1);
            dataflow.stats.flush();
        }
        Control::Stop => {}
    }
    Ok(())
}

/// Closes the restore inputs of stages that need them only for recovery; stages whose
/// windows the watermark finalizes keep theirs, to remove finalized groups.
fn close_restores(dataflow: &mut Dataflow) {
    for (restore, state) in dataflow.restores.iter_mut().zip(&dataflow.states) {
        if !state.finalizes() {
            *restore = None;
        }
    }
}

/// Removes from each windowed aggregation the groups the previous batch's watermark made
/// final (append mode has emitted them): no row can reach them any more, as their window
/// ended before the watermark that decides lateness from now on. This is what keeps state
/// bounded.
fn remove_final_windows(dataflow: &mut Dataflow, id: u64) {
    for (state, restore) in dataflow.states.iter_mut().zip(&mut dataflow.restores) {
        let (Some(finals), Some(restore)) = (state.take_finalized(), restore) else {
            continue;
        };
        restore.advance_to(id);
        for (key, state) in finals {
            restore.update(key, state.negated());
        }
    }
}

/// Inserts this worker's share of epoch `id` (or the error reading it) and closes the epoch
/// on this worker.
fn insert_share(dataflow: &mut Dataflow, id: u64, share: Result<Vec<Row>>) {
    dataflow.rows.advance_to(id);
    dataflow.errors.advance_to(id);
    match share {
        Ok(rows) => rows.into_iter().for_each(|row| dataflow.rows.insert(row)),
        Err(e) => dataflow.errors.insert(e.to_string()),
    }
    dataflow.rows.advance_to(id + 1);
    dataflow.errors.advance_to(id + 1);
    dataflow.rows.flush();
    dataflow.errors.flush();
    for restore in dataflow.restores.iter_mut().flatten() {
        restore.advance_to(id + 1);
        restore.flush();
    }
}
