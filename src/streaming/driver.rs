//! The driver loop, on worker 0 of process 0: recovers from the checkpoint, plans each batch,
//! logs it, broadcasts it, reads its own share, waits until the batch is complete on every
//! worker, hands it to the sink, commits it, and snapshots state every few batches.
//!
//! The driver runs one batch ahead: once batch N is complete it sends batch N+1's plan, so
//! that the other workers read and key their shares while it writes N to the sink, and it
//! takes a smaller part of a split file to make up for that time (see `Driver::balance`).
//! Batches still reach the sink one at a time, in order. With a checkpoint, the log entries
//! are written by a thread of their own ([`LogWriter`]) in group commits while the next batch
//! runs: N+1's offsets are queued as soon as it is planned, N's commit once N is written. A
//! batch's output waits for its own offsets and the previous batch's commit to be durable.
//! A batch whose state snapshot is due does not run ahead: the snapshot reads the state as
//! of that batch, before the next one compacts it.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use timely::worker::Worker;

use super::control::{execute, Drivers};
use super::failpoint::{self, Failpoint};
use super::listener::{QueryEvent, QueryIdleEvent, QueryProgressEvent};
use super::log_writer::LogWriter;
use super::progress::format_ms;
use super::reporter::{BatchFacts, Phases, Reporter};
use super::{now_ms, QueryShared, TriggerPlan};
use crate::checkpoint::Offsets;
use crate::checkpoint::{Checkpoint, LoggedBatch};
use crate::error::{Error, Result};
use crate::plan::WorkerStats;
use crate::render::Control;
use crate::render::Dataflow;
use crate::sink::{ResultTable, Sink};
use crate::source::{Resume, Source};
use ember_operators::Row;

/// How long an idle driver parks before it looks at its sources and the stop flag again.
const IDLE_POLL: Duration = Duration::from_millis(10);

/// How long the driver waits for the other workers' snapshot parts.
const SNAPSHOT_DEADLINE: Duration = Duration::from_secs(120);

/// Runs batches until the trigger, `stop()` or an error ends the query.
pub(crate) fn run(
    worker: &mut Worker,
    dataflow: &mut Dataflow,
    shared: &QueryShared,
) -> Result<()> {
    let (mut drivers, sink) = shared
        .driver_half
        .lock()
        .expect("invariant violated: the driver's half lock is poisoned")
        .take()
        .expect("invariant violated: the driver has no sources and sink");
    let thread = std::thread::current();
    for source in &mut drivers {
        source.wake_on_data(thread.clone());
    }
    if let Ok(mut slot) = shared.driver_thread.lock() {
        *slot = Some(thread);
    }
    let stateful = !dataflow.states.is_empty();
    let reporter = Reporter::new(
        shared.identity.clone(),
        &shared.plan,
        sink.describe(),
        worker.peers() as u64,
    );
    let mut driver = Driver {
        reporter,
        reports: None,
        unreported: Default::default(),
        last_event: Instant::now(),
        sources: shared.plan.sources.clone(),
        history: shared
            .plan
            .sources
            .iter()
            .map(|s| s.keeps_history())
            .collect(),
        drivers,
        sink,
        table: ResultTable::new(shared.plan.output_mode, shared.plan.changes_reach_sink),
        next_batch: 0,
        log: None,
        pending_states: Default::default(),
        stages: dataflow.states.len(),
        incremental: stateful && shared.checkpoint.is_some() && dataflow.incremental,
        whole_this_run: false,
        checkpoint: shared.checkpoint.clone(),
        stateful,
        // Spark runs no-data batches in append and update mode only: complete mode never
        // finalizes anything.
        finalizes: stateful && shared.plan.output_mode != crate::sink::OutputMode::Complete,
        last_batch_time: 0,
        last_batch_watermark: None,
        snapshot_every: shared.snapshot_every,
        retain: shared.retain_batches,
        state_taken: None,
        delay: shared.plan.watermark_delay,
        watermark: shared.plan.watermark_delay.map(|_| 0),
        no_data_due: false,
        planned_any: false,
        driver_permille: 1000,
    };
    let result = driver
        .recover(worker, dataflow)
        .and_then(|()| driver.run_batches(worker, dataflow, shared));
    // Every batch written gets its report, also when a later one failed: the workers
    // answered each batch's report request before they ran the next batch.
    driver.publish(worker, dataflow, shared, true);
    let result = result.and_then(|()| driver.final_snapshot(worker, dataflow));
    // What the log writer was given becomes durable, also when a later batch failed.
    let flushed = driver.log.as_ref().map_or(Ok(()), LogWriter::flush);
    let result = result.and(flushed);
    // Whatever happened, tell every worker to stop, so that none waits forever.
    dataflow.control.send(Control::Stop);
    dataflow.control.flush();
    result
}

struct Driver {
    /// Builds each batch's progress report.
    reporter: Reporter,
    /// The workers' reports on the latest batch, once gathered.
    reports: Option<(u64, WorkerStats)>,
    /// Batches written and committed whose progress waits for the workers' reports.
    unreported: std::collections::VecDeque<BatchFacts>,
    /// When the last progress or idle event went to the listeners.
    last_event: Instant,
    /// The query's sources, in the plan's order.
    sources: Vec<std::sync::Arc<dyn Source>>,
    /// Their driver halves.
    drivers: Drivers,
    /// Per source: whether the checkpoint keeps its every batch's offsets.
    history: Vec<bool>,
    sink: Box<dyn Sink>,
    table: ResultTable,
    next_batch: u64,
    /// Writes the checkpoint's logs while batches run (new batches; recovery writes its own).
    log: Option<LogWriter>,
    /// Snapshots (`false`) and deltas (`true`) asked of the workers and not yet marked
    /// complete, oldest first.
    pending_states: std::collections::VecDeque<(u64, bool)>,
    /// The stateful stages.
    stages: usize,
    /// Whether the checkpoint takes deltas between whole snapshots.
    incremental: bool,
    /// Whether this run has taken a whole snapshot (the deltas build on one of this run's).
    whole_this_run: bool,
    checkpoint: Option<Checkpoint>,
    stateful: bool,
    /// Whether a watermark move calls for a no-data batch (stateful, outside complete mode).
    finalizes: bool,
    snapshot_every: u64,
    /// The watermark delay (microseconds), when the query has a watermark.
    delay: Option<i64>,
    /// The watermark the next batch runs with (microseconds).
    watermark: Option<i64>,
    /// The watermark moved: run a batch even without new data, to finalize windows.
    no_data_due: bool,
    /// Whether a batch has been planned (a query of static relations only runs one).
    planned_any: bool,
    retain: u64,
    /// The latest batch whose state was taken (or restored).
    state_taken: Option<u64>,
    /// The processing time given to the last batch: batch times strictly increase.
    last_batch_time: i64,
    /// The last batch given a plan and the watermark it runs with: the next batch's rows are
    /// late by it.
    last_batch_watermark: Option<(u64, Option<i64>)>,
    /// The driver's part of the next file split among workers by byte ranges, in thousandths
    /// of another worker's.
    driver_permille: u16,
}

/// A planned batch, and the message that runs it.
struct Planned {
    id: u64,
    /// What it reads from each source (logged as its offsets).
    offsets: Vec<Offsets>,
    control: Control,
    /// When its trigger fired: it was planned then (and, but for logging its offsets, sent
    /// to the other workers).
    began: Instant,
    /// The same moment, in ms since the Unix epoch.
    began_ms: i64,
    /// Where its time went so far.
    phases: Phases,
    /// The watermark it runs with.
    watermark: Option<i64>,
    /// Its processing time (ms since the epoch), as sent in `control`.
    time_ms: i64,
}

/// What becomes of a batch's output.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Written to the sink (a new batch, or one that never committed).
    Write,
    /// Only folded into the result table: the batch committed before a restart.
    Replay,
}

impl Driver {
    /// Restores state and re-runs what a previous run left: see [`crate::checkpoint`].
    fn recover(&mut self, worker: &mut Worker, dataflow: &mut Dataflow) -> Result<()> {
        let Some(checkpoint) = self.checkpoint.clone() else {
            return Ok(());
        };
        let recovery = checkpoint.recover(self.stateful, &self.history)?;
        self.last_batch_watermark = recovery.previous;
        for (driver, log) in self.drivers.iter_mut().zip(recovery.sources) {
            driver.resume(Resume {
                last: log.last,
                history: log.history,
            })?;
        }
        if let Some(plan) = recovery.snapshot {
            let batch = plan.batch();
            let control = Control::Restore {
                base: plan.base,
                deltas: plan.deltas,
            };
            self.broadcast(worker, dataflow, control, batch)?;
            self.wait_for(worker, dataflow, batch)?;
            let changes = dataflow.output.borrow_mut().take(batch);
            self.table.apply(changes);
            self.state_taken = Some(batch);
        }
        for batch in recovery.replay {
            self.watermark = batch.watermark;
            self.reporter.resume_from(&batch.offsets);
            self.run_batch(worker, dataflow, batch, Output::Replay)?;
        }
        if self.delay.is_some() {
            self.watermark = recovery.watermark.or(Some(0));
        }
        let lost: Vec<String> = self
            .sources
            .iter()
            .filter(|s| !s.replayable())
            .map(|s| s.describe())
            .collect();
        for batch in recovery.pending {
            let id = batch.id;
            if !lost.is_empty() {
                tracing::warn!(
                    "batch {id} never committed, and {} cannot replay what it read, so that \
                     batch is lost",
                    lost.join(", ")
                );
                continue;
            }
            self.watermark = batch.watermark.or(self.watermark);
            let rerun = batch.offsets.clone();
            self.run_batch(worker, dataflow, batch, Output::Write)?;
            self.reporter.resume_from(&rerun);
            checkpoint.write_commit(id, self.watermark)?;
        }
        self.planned_any = recovery.next_batch > 0;
        self.next_batch = recovery.next_batch;
        Ok(())
    }

    fn run_batches(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        shared: &QueryShared,
    ) -> Result<()> {
        let trigger = shared.plan.trigger;
        let bounded = matches!(trigger, TriggerPlan::AvailableNow | TriggerPlan::Once);
        if bounded {
            for source in &mut self.drivers {
                source.freeze_available(trigger == TriggerPlan::Once)?;
            }
        }
        let interval = match trigger {
            TriggerPlan::Every(interval) => interval,
            _ => Duration::ZERO,
        };
        if let Some(checkpoint) = &self.checkpoint {
            self.log = Some(LogWriter::start(checkpoint.clone())?);
        }
        let started = Instant::now();
        let mut next_trigger = started;
        // A batch whose plan the other workers already have (see `run_ahead` below).
        let mut ahead: Option<Planned> = None;
        loop {
            self.publish(worker, dataflow, shared, false);
            // A batch already sent to the other workers is finished before a stop.
            if shared.stop_requested() && ahead.is_none() {
                return Ok(());
            }
            let planned = match ahead.take() {
                Some(planned) => planned,
                None => {
                    let now = Instant::now();
                    if now < next_trigger {
                        worker.step_or_park(Some((next_trigger - now).min(IDLE_POLL * 10)));
                        continue;
                    }
                    let Some(planned) = self.plan(interval, started, &mut next_trigger)? else {
                        if bounded && self.exhausted() {
                            return Ok(());
                        }
                        self.idle(shared);
                        worker.step_or_park(Some(IDLE_POLL));
                        continue;
                    };
                    self.log_offsets(&planned);
                    Self::send(worker, dataflow, &planned.control, planned.id);
                    planned
                }
            };
            shared
                .progress
                .set_status("Processing new data", true, true);
            let id = planned.id;
            let own_share = Instant::now();
            self.execute_own(worker, dataflow, &planned.control)?;
            let mut phases = planned.phases;
            phases.get_batch = own_share.elapsed();
            let rows = self.complete(worker, dataflow, id)?;
            self.balance(own_share - planned.began, planned.began.elapsed());
            self.next_batch = id + 1;
            // Before the next batch changes it.
            let snapshot = self.take_state(worker, dataflow, id)?;
            let finished = trigger == TriggerPlan::Once || (bounded && self.exhausted());
            // The next batch's plan goes out now: the other workers run it while this one
            // hands this batch to the sink (its offsets are queued at once, and become durable
            // while this batch is written).
            let run_ahead = (!finished || self.no_data_due)
                && Instant::now() >= next_trigger
                && !shared.stop_requested();
            // A failure to plan the next batch is reported once this one is written.
            let next = if run_ahead {
                self.plan(interval, started, &mut next_trigger)
            } else {
                Ok(None)
            };
            if let Ok(Some(next)) = &next {
                Self::send(worker, dataflow, &next.control, next.id);
                // Logged at once: its offsets become durable while this batch is written.
                self.log_offsets(next);
            }
            if let Some(log) = &self.log {
                // Output only of a batch whose input is logged: a re-run reads the same.
                let logging = Instant::now();
                log.wait_for_output(id)?;
                phases.wal_commit = logging.elapsed();
            }
            self.sink.write_batch(id, &rows)?;
            let written = rows.len();
            dataflow.writer.drop_later(rows);
            phases.add_batch = own_share.elapsed();
            let committing = Instant::now();
            self.commit(worker, id);
            phases.commit_offsets = committing.elapsed();
            phases.trigger_execution = planned.began.elapsed();
            self.unreported.push_back(BatchFacts {
                id,
                trigger_ms: planned.began_ms,
                trigger_at: planned.began,
                offsets: planned.offsets,
                watermark: planned.watermark,
                output_rows: written as u64,
                phases,
                snapshot_ms: snapshot.as_millis() as u64,
            });
            shared
                .progress
                .set_status("Waiting for next trigger", true, false);
            self.publish(worker, dataflow, shared, false);
            ahead = next?;
            if finished && !self.no_data_due && ahead.is_none() {
                return Ok(());
            }
        }
    }

    /// Adjusts the driver's part of the next split files from the last batch: `lag` is how
    /// long after the other workers it started on its own share (the previous batch's sink),
    /// `took` how long the batch took. Reading and keying a share is about half a batch, so
    /// a share `2 * lag / took` smaller lets the driver catch up; the change is halved each
    /// time, so that one slow sink does not swing it.
    fn balance(&mut self, lag: Duration, took: Duration) {
        let target = if took.is_zero() {
            1.0
        } else {
            (1.0 - 2.0 * lag.as_secs_f64() / took.as_secs_f64()).clamp(0.25, 1.0)
        };
        let current = f64::from(self.driver_permille) / 1000.0;
        self.driver_permille = ((current + target) / 2.0 * 1000.0).round() as u16;
    }

    /// Plans the next batch, if there is one to run: new data, or a no-data batch when the
    /// watermark moved.
    fn plan(
        &mut self,
        interval: Duration,
        started: Instant,
        next_trigger: &mut Instant,
    ) -> Result<Option<Planned>> {
        // A batch runs when any source has new data; the others read nothing in it.
        let began = Instant::now();
        let began_ms = now_ms();
        let mut planned: Vec<Option<Offsets>> = Vec::with_capacity(self.drivers.len());
        for source in &mut self.drivers {
            planned.push(source.next_batch()?);
        }
        let latest_offset = began.elapsed();
        let has_data = planned.iter().any(Option::is_some)
            // A query of static relations only runs one batch.
            || (self.drivers.is_empty() && !self.planned_any);
        // Spark's no-data batch: the watermark moved, so windows may close. Only when there
        // is no new data: a data batch finalizes windows as well.
        let run = has_data || (self.no_data_due && self.planned_any);
        self.no_data_due = false;
        if !run {
            return Ok(None);
        }
        self.planned_any = true;
        let offsets: Vec<Offsets> = planned
            .into_iter()
            .zip(&self.drivers)
            .map(|(offsets, source)| offsets.unwrap_or_else(|| source.empty_batch()))
            .collect();
        if !interval.is_zero() {
            // The next batch starts at the next multiple of the interval (Spark's
            // ProcessingTimeExecutor); a late batch makes the next one start at once.
            let elapsed = Instant::now().duration_since(started).as_nanos();
            let ticks = elapsed / interval.as_nanos() + 1;
            *next_trigger = started + interval * u32::try_from(ticks).unwrap_or(u32::MAX);
        }
        let id = self.next_batch;
        let planning = Instant::now();
        let time_ms = self.next_batch_time();
        let control = self.batch_control(id, &offsets, time_ms);
        Ok(Some(Planned {
            time_ms,
            id,
            offsets,
            control,
            began,
            began_ms,
            phases: Phases {
                latest_offset,
                query_planning: planning.elapsed(),
                ..Phases::default()
            },
            watermark: self.watermark,
        }))
    }

    /// Sends `control` (one that reads no source) to every other worker and carries it out
    /// on this one.
    fn tell_everyone(
        &self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        control: &Control,
    ) -> Result<()> {
        dataflow.control.send(control.clone());
        dataflow.control.flush();
        execute(
            worker,
            dataflow,
            control,
            &[],
            None,
            self.checkpoint.as_ref(),
        )
    }

    /// Whether every source is exhausted (after `freeze_available`).
    fn exhausted(&self) -> bool {
        self.drivers.iter().all(|source| source.is_exhausted())
    }

    /// A processing time for the next batch: now, and later than the last.
    fn next_batch_time(&mut self) -> i64 {
        let time_ms = now_ms().max(self.last_batch_time + 1);
        self.last_batch_time = time_ms;
        time_ms
    }

    /// The message that runs batch `id` reading `offsets` at processing time `time_ms`, with
    /// the current watermark; batches get their plans in order.
    fn batch_control(&mut self, id: u64, offsets: &[Offsets], time_ms: i64) -> Control {
        let late_watermark = match self.last_batch_watermark {
            Some((previous, watermark)) if previous + 1 == id => watermark,
            _ => None,
        };
        self.last_batch_watermark = Some((id, self.watermark));
        Control::Batch {
            id,
            offsets: offsets.iter().map(Offsets::to_string).collect(),
            time_ms,
            watermark: self.watermark,
            late_watermark,
            driver_permille: self.driver_permille,
        }
    }

    /// Runs batch `id` on every worker and hands its output on; returns the rows written and,
    /// with a watermark, what the workers reported.
    fn run_batch(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        batch: LoggedBatch,
        output: Output,
    ) -> Result<()> {
        let id = batch.id;
        self.last_batch_time = self.last_batch_time.max(batch.time_ms);
        let control = self.batch_control(id, &batch.offsets, batch.time_ms);
        self.broadcast(worker, dataflow, control, id)?;
        let rows = self.complete(worker, dataflow, id)?;
        self.gather_reports(worker, dataflow, id);
        if output == Output::Write {
            self.sink.write_batch(id, &rows)?;
        }
        Ok(())
    }

    /// Waits until batch `id` is complete everywhere, then asks every worker for its report
    /// on it (before any later batch runs, so that the report is of this batch alone);
    /// returns its output rows, as the output mode makes them. With a watermark, the reports
    /// are gathered at once: the next batch's watermark depends on them.
    fn complete(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        id: u64,
    ) -> Result<Vec<Row>> {
        self.wait_for(worker, dataflow, id)?;
        self.tell_everyone(worker, dataflow, &Control::Report { batch: id })?;
        if let Some(delay) = self.delay {
            let stats = self.gather_reports(worker, dataflow, id);
            self.advance_watermark(&stats, delay);
            self.reports = Some((id, stats));
        }
        let changes = dataflow.output.borrow_mut().take(id);
        Ok(self.table.apply(changes))
    }

    /// Every worker's report on batch `id`, summed; waits for them unless gathered already.
    fn gather_reports(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        id: u64,
    ) -> WorkerStats {
        if let Some((batch, stats)) = self.reports.take() {
            if batch == id {
                return stats;
            }
        }
        worker.step_or_park_while(Some(IDLE_POLL), || {
            !dataflow.stats_outbox.borrow().is_complete(id)
        });
        let mut total = WorkerStats::default();
        for (stats, count) in dataflow.stats_outbox.borrow_mut().take(id) {
            total.merge(&stats, count.max(0) as u64);
        }
        total
    }

    /// Moves the watermark to the greatest event time seen so far minus the delay (in
    /// Spark's milliseconds), never back. It applies from the next batch; a no-data batch is
    /// due exactly when the batch just completed moved it (also for batches re-run after a
    /// restart: an earlier one that moved it had its no-data batch).
    fn advance_watermark(&mut self, stats: &WorkerStats, delay: i64) {
        let mut moved = false;
        if let (Some(current), Some(max)) = (self.watermark, stats.max_event_time) {
            let candidate = max.div_euclid(1000) * 1000 - delay;
            if candidate > current {
                self.watermark = Some(candidate);
                moved = true;
            }
        }
        self.no_data_due = moved && self.finalizes;
    }

    /// Publishes the progress of the batches whose reports every worker has sent, in
    /// order: records it for `recent_progress()`, posts it to the listeners and counts the
    /// batch as completed. With `wait`, waits for every report.
    fn publish(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        shared: &QueryShared,
        wait: bool,
    ) {
        while let Some(id) = self.unreported.front().map(|facts| facts.id) {
            let ready = self.reports.as_ref().is_some_and(|(batch, _)| *batch == id)
                || dataflow.stats_outbox.borrow().is_complete(id);
            if !ready && !wait {
                return;
            }
            let stats = self.gather_reports(worker, dataflow, id);
            let facts = self
                .unreported
                .pop_front()
                .expect("invariant violated: the batch to report vanished");
            let progress = self.reporter.report(&facts, &stats);
            tracing::debug!(
                batch = id,
                input_rows = progress.num_input_rows,
                output_rows = facts.output_rows,
                duration_ms = progress.batch_duration,
                "batch committed"
            );
            shared.progress.record(progress.clone());
            shared
                .events
                .post(QueryEvent::Progress(Box::new(QueryProgressEvent {
                    progress,
                })));
            self.last_event = Instant::now();
            shared.batches_done.store(id + 1, Ordering::SeqCst);
        }
    }

    /// No batch to run: says so in the status, and tells the listeners once in every
    /// `noDataProgressEventInterval` without new data.
    fn idle(&mut self, shared: &QueryShared) {
        shared
            .progress
            .set_status("Waiting for data to arrive", false, false);
        // An idle pass counts once every batch run is reported (`process_all_available`).
        if self.unreported.is_empty() {
            shared.idle_passes.fetch_add(1, Ordering::SeqCst);
        }
        if self.last_event.elapsed() >= shared.idle_interval {
            self.last_event = Instant::now();
            shared.events.post(QueryEvent::Idle(QueryIdleEvent {
                id: shared.identity.id.clone(),
                run_id: shared.identity.run_id.clone(),
                timestamp: format_ms(now_ms()),
            }));
        }
    }

    /// Sends `control` to every worker (itself included) at epoch `epoch` and carries out the
    /// driver's own part.
    fn broadcast(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        control: Control,
        epoch: u64,
    ) -> Result<()> {
        Self::send(worker, dataflow, &control, epoch);
        self.execute_own(worker, dataflow, &control)
    }

    /// Sends `control` to every worker (itself included) at epoch `epoch`.
    fn send(worker: &mut Worker, dataflow: &mut Dataflow, control: &Control, epoch: u64) {
        dataflow.control.advance_to(epoch);
        dataflow.control.send(control.clone());
        dataflow.control.advance_to(epoch + 1);
        dataflow.control.flush();
        // One step forwards the message to the other workers before this one starts on its
        // own share: otherwise they would wait for it to finish its work.
        worker.step();
    }

    /// Carries out the driver's own part of `control`.
    fn execute_own(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        control: &Control,
    ) -> Result<()> {
        execute(
            worker,
            dataflow,
            control,
            &self.sources,
            Some(&mut self.drivers),
            self.checkpoint.as_ref(),
        )
    }

    /// Steps until epoch `id` is complete everywhere; fails with the first error any worker
    /// met in it.
    fn wait_for(&mut self, worker: &mut Worker, dataflow: &mut Dataflow, id: u64) -> Result<()> {
        worker.step_or_park_while(Some(IDLE_POLL), || {
            !dataflow.output.borrow().is_complete(id) || !dataflow.failures.borrow().is_complete(id)
        });
        // The driver's own copies of broadcast messages need no action: it acted on them.
        dataflow.control_queue.borrow_mut().clear();
        let failures = dataflow.failures.borrow_mut().take(id);
        match failures.into_iter().next() {
            Some((message, _)) => Err(Error::Source(message)),
            None => Ok(()),
        }
    }

    /// Commits batch `id` (queued for the log writer), marks the snapshots and deltas whose
    /// parts are all written, and purges old entries.
    fn commit(&mut self, worker: &Worker, id: u64) {
        let Some(log) = &mut self.log else {
            return;
        };
        failpoint::check(Failpoint::AfterSink, id);
        if failpoint::fails(Failpoint::LoggedAhead, id) {
            // The crash leaves the batches planned after this one logged, none committed.
            let _ = log.flush();
            failpoint::check(Failpoint::LoggedAhead, id);
        }
        log.commit(id, self.watermark);
        self.mark_states(self.stages, worker.peers());
        if let Some(log) = &mut self.log {
            if id >= self.retain {
                log.purge(id + 1 - self.retain, &self.history, &self.sources);
            }
        }
    }

    /// Has every worker take its state as of batch `id` (complete, the next one not begun),
    /// to be written in the background: whole every `minDeltasForSnapshot` batches and
    /// first in each run (the deltas after it build on it), otherwise as a delta when every
    /// state records its changes. Returns how long taking it took here.
    fn take_state(
        &mut self,
        worker: &mut Worker,
        dataflow: &mut Dataflow,
        id: u64,
    ) -> Result<Duration> {
        if self.checkpoint.is_none() || !self.stateful {
            return Ok(Duration::ZERO);
        }
        let whole = (id + 1).is_multiple_of(self.snapshot_every)
            || (self.incremental && !self.whole_this_run);
        let control = match (whole, self.incremental) {
            (true, _) => Control::Snapshot { batch: id },
            (false, true) => Control::Delta { batch: id },
            (false, false) => return Ok(Duration::ZERO),
        };
        let started = Instant::now();
        if let Some(checkpoint) = &self.checkpoint {
            checkpoint.clear_state(id)?;
        }
        self.tell_everyone(worker, dataflow, &control)?;
        self.pending_states.push_back((id, !whole));
        self.state_taken = Some(id);
        self.whole_this_run |= whole;
        Ok(started.elapsed())
    }

    /// Queues the markers of the snapshots and deltas whose every part is written, oldest
    /// first.
    fn mark_states(&mut self, stages: usize, parts: usize) {
        let (Some(checkpoint), Some(log)) = (&self.checkpoint, &mut self.log) else {
            return;
        };
        while let Some(&(batch, delta)) = self.pending_states.front() {
            if !checkpoint.snapshot_written(batch, stages, parts) {
                break;
            }
            if !delta {
                failpoint::check(Failpoint::MidSnapshot, batch);
            }
            log.mark(checkpoint.marker_file(batch, parts, delta));
            self.pending_states.pop_front();
        }
    }

    /// Queues the log entry of what `planned` reads (with a checkpoint).
    fn log_offsets(&mut self, planned: &Planned) {
        if let Some(log) = &mut self.log {
            log.write_offsets(
                planned.id,
                &planned.offsets,
                &self.history,
                planned.watermark,
                planned.time_ms,
            );
        }
    }

    /// On a clean stop, snapshot the last batch (unless its state was taken) so a restart
    /// has nothing to replay, and wait until every snapshot and delta taken is written.
    fn final_snapshot(&mut self, worker: &mut Worker, dataflow: &mut Dataflow) -> Result<()> {
        let Some(last) = self.next_batch.checked_sub(1) else {
            return Ok(());
        };
        if !self.stateful || self.checkpoint.is_none() {
            return Ok(());
        }
        if self.state_taken != Some(last) {
            self.whole_this_run = false;
            self.take_state(worker, dataflow, last)?;
        }
        let deadline = Instant::now() + SNAPSHOT_DEADLINE;
        loop {
            if let Some(e) = dataflow.writer.take_failure() {
                return Err(e);
            }
            self.mark_states(self.stages, worker.peers());
            let Some(&(batch, _)) = self.pending_states.front() else {
                return Ok(());
            };
            if Instant::now() > deadline {
                return Err(Error::Checkpoint(format!(
                    "the state of batch {batch} is incomplete: a worker did not write its part"
                )));
            }
            worker.step_or_park(Some(Duration::from_millis(1)));
        }
    }
}
