//! [`gather_epochs`]: collect every worker's updates of each complete epoch at worker 0.
//!
//! Sinks print a batch once, from one place, and only when the batch is complete on every
//! worker. This operator routes all updates to worker 0 and, as its input frontier passes an
//! epoch, moves that epoch's consolidated updates into a shared [`EpochOutbox`] that the
//! driver reads after stepping the worker.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use differential_dataflow::consolidation::consolidate;
use differential_dataflow::ExchangeData;
use timely::dataflow::channels::pact::{Exchange, Pipeline};
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::Capability;

use crate::{Diff, Time, Updates};

/// The epochs an [`gather_epochs`] operator has completed, with their consolidated updates.
///
/// Shared (`Rc<RefCell<..>>`) between the operator, which fills it, and the worker's driver
/// loop, which drains it. Only worker 0's outbox ever receives updates.
#[derive(Debug)]
pub struct EpochOutbox<D> {
    /// Updates of epochs that are complete, by epoch, consolidated (each datum once, diff != 0).
    complete: BTreeMap<Time, Vec<(D, Diff)>>,
    /// Updates of epochs still open: per sending worker, sorted by datum (each worker sends
    /// its part of an epoch consolidated, and a channel keeps its order).
    pending: BTreeMap<Time, Vec<Vec<(D, Diff)>>>,
    /// Every epoch strictly below this one is complete.
    complete_before: Time,
}

impl<D> Default for EpochOutbox<D> {
    fn default() -> Self {
        EpochOutbox {
            complete: BTreeMap::new(),
            pending: BTreeMap::new(),
            complete_before: 0,
        }
    }
}

impl<D: Ord> EpochOutbox<D> {
    /// Whether epoch `epoch` is complete on every worker.
    pub fn is_complete(&self, epoch: Time) -> bool {
        epoch < self.complete_before
    }

    /// Removes and returns the consolidated updates of the complete epoch `epoch`, sorted by
    /// datum (empty when the epoch had none).
    pub fn take(&mut self, epoch: Time) -> Vec<(D, Diff)> {
        self.complete.remove(&epoch).unwrap_or_default()
    }

    fn advance(&mut self, frontier: Option<Time>) {
        let limit = frontier.unwrap_or(Time::MAX);
        while let Some(entry) = self.pending.first_entry() {
            if *entry.key() >= limit {
                break;
            }
            let (time, runs) = entry.remove_entry();
            self.complete.insert(time, merge_runs(runs));
        }
        self.complete_before = limit;
    }
}

/// Merges runs sorted by datum into one, consolidated: equal data (from different runs) are
/// summed, and zero sums dropped. Runs are merged two at a time, so that each datum is
/// compared about `log2(runs)` times (a sort of them all would compare each several times
/// to find the runs again).
fn merge_runs<D: Ord>(mut runs: Vec<Vec<(D, Diff)>>) -> Vec<(D, Diff)> {
    debug_assert!(
        runs.iter().all(|run| run.is_sorted_by(|a, b| a.0 < b.0)),
        "invariant violated: a worker's part of an epoch arrived unsorted"
    );
    runs.retain(|run| !run.is_empty());
    while runs.len() > 1 {
        let mut pairs = Vec::with_capacity(runs.len().div_ceil(2));
        let mut rest = runs.into_iter();
        while let Some(first) = rest.next() {
            pairs.push(match rest.next() {
                Some(second) => merge_two(first, second),
                None => first,
            });
        }
        runs = pairs;
    }
    // One worker's part (or none): already consolidated.
    runs.pop().unwrap_or_default()
}

/// Two runs sorted by datum and consolidated, merged into one, consolidated.
fn merge_two<D: Ord>(a: Vec<(D, Diff)>, b: Vec<(D, Diff)>) -> Vec<(D, Diff)> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => merged.extend(a.next()),
            std::cmp::Ordering::Greater => merged.extend(b.next()),
            std::cmp::Ordering::Equal => {
                let ((datum, x), (_, y)) = (a.next().unwrap(), b.next().unwrap());
                if x + y != 0 {
                    merged.push((datum, x + y));
                }
            }
        }
    }
    merged.extend(a);
    merged.extend(b);
    merged
}

/// Whether `updates` are consolidated already: strictly sorted by datum, no diff zero (an
/// aggregation's output is, as it reads its keys in order). Checked before sorting, which
/// would compare every datum several times to find that out.
fn is_consolidated<D: Ord>(updates: &[(D, Diff)]) -> bool {
    updates.windows(2).all(|pair| pair[0].0 < pair[1].0) && updates.iter().all(|u| u.1 != 0)
}

/// Routes every update of `updates` to worker 0 and hands each complete epoch to `outbox`.
///
/// Each worker first consolidates (sorts) its own updates of an epoch, in parallel, so worker
/// 0 only merges sorted runs.
///
/// The operator holds no capability and produces no output: completion is observed through
/// [`EpochOutbox::is_complete`], which becomes true exactly when no worker can produce more
/// updates for the epoch.
///
/// ```
/// use std::{cell::RefCell, rc::Rc};
/// use differential_dataflow::input::Input;
/// use ember_operators::{gather_epochs, EpochOutbox};
///
/// timely::example(|scope| {
///     let outbox = Rc::new(RefCell::new(EpochOutbox::<String>::default()));
///     let (mut input, words) = scope.new_collection::<String, isize>();
///     gather_epochs(words.inner, outbox.clone());
///     input.insert("hello".to_string());
///     input.insert("hello".to_string());
///     input.close();
///     // timely::example runs the dataflow to completion when the closure returns;
///     // here we only check that nothing is complete before that.
///     assert!(!outbox.borrow().is_complete(0));
/// });
/// ```
pub fn gather_epochs<D: ExchangeData>(
    updates: crate::UpdateStream<'_, D>,
    outbox: Rc<RefCell<EpochOutbox<D>>>,
) {
    let peers = updates.scope().peers();
    consolidate_epochs(updates).sink(
        Exchange::new(|_: &((usize, D), Time, Diff)| 0u64),
        "GatherEpochs",
        move |(input, frontier)| {
            let mut outbox = outbox.borrow_mut();
            input.for_each(|_cap, data: &mut Updates<(usize, D)>| {
                for ((worker, datum), time, diff) in data.drain(..) {
                    let runs = outbox
                        .pending
                        .entry(time)
                        .or_insert_with(|| (0..peers).map(|_| Vec::new()).collect());
                    runs[worker].push((datum, diff));
                }
            });
            outbox.advance(frontier.frontier().first().copied());
        },
    );
}

/// An epoch's updates on this worker, and the capability to emit them.
type OpenEpoch<D> = (Capability<Time>, Vec<(D, Diff)>);

/// Holds each epoch's updates until the epoch is complete on this worker, then emits them
/// consolidated — sorted by datum, each datum once with its net (non-zero) diff — and tagged
/// with this worker's index.
fn consolidate_epochs<'scope, D: ExchangeData>(
    updates: crate::UpdateStream<'scope, D>,
) -> crate::UpdateStream<'scope, (usize, D)> {
    let worker = updates.scope().index();
    updates.unary_frontier(Pipeline, "ConsolidateEpoch", move |_capability, _info| {
        let mut open: BTreeMap<Time, OpenEpoch<D>> = BTreeMap::new();
        move |(input, frontier), output| {
            input.for_each(|cap, data: &mut Updates<D>| {
                for (datum, time, diff) in data.drain(..) {
                    open.entry(time)
                        .or_insert_with(|| (cap.delayed(&time, 0), Vec::new()))
                        .1
                        .push((datum, diff));
                }
            });
            while let Some(entry) = open.first_entry() {
                if frontier.less_equal(entry.key()) {
                    break;
                }
                let (time, (cap, mut updates)) = entry.remove_entry();
                if !is_consolidated(&updates) {
                    consolidate(&mut updates);
                }
                output
                    .session(&cap)
                    .give_iterator(updates.into_iter().map(|(d, r)| ((worker, d), time, r)));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use differential_dataflow::input::Input;

    #[test]
    fn runs_merge_sorted_and_consolidated() {
        let runs = vec![
            vec![(1, 1), (4, 2), (9, 1)],
            vec![],
            vec![(2, 1), (4, -2), (9, 3)],
            vec![(0, 5)],
        ];
        assert_eq!(merge_runs(runs), vec![(0, 5), (1, 1), (2, 1), (9, 4)]);
        let five = (0..5)
            .map(|k| (k..20).step_by(5).map(|d| (d / 2, 1)).collect())
            .collect();
        assert_eq!(
            merge_runs::<i32>(five),
            (0..10).map(|d| (d, 2)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn sorted_updates_are_consolidated_already() {
        assert!(is_consolidated::<u8>(&[]));
        assert!(is_consolidated(&[(1, 2), (3, -1)]));
        assert!(!is_consolidated(&[(1, 2), (1, -1)]));
        assert!(!is_consolidated(&[(3, 2), (1, 1)]));
        assert!(!is_consolidated(&[(1, 0), (2, 1)]));
    }

    #[test]
    fn gathers_each_epoch_consolidated_at_worker_zero() {
        let results = timely::execute(timely::Config::process(2), |worker| {
            let outbox = Rc::new(RefCell::new(EpochOutbox::<u32>::default()));
            let mut input = worker.dataflow::<Time, _, _>(|scope| {
                let (input, coll) = scope.new_collection::<u32, Diff>();
                gather_epochs(coll.inner, outbox.clone());
                input
            });
            let mut seen = Vec::new();
            for epoch in 0..3u64 {
                input.update(epoch as u32, 1);
                input.update(7, 1);
                input.advance_to(epoch + 1);
                input.flush();
                if worker.index() == 0 {
                    worker.step_while(|| !outbox.borrow().is_complete(epoch));
                    seen.push(outbox.borrow_mut().take(epoch));
                }
            }
            seen
        })
        .unwrap()
        .join();
        let worker0 = results[0].as_ref().unwrap();
        assert_eq!(worker0[0], vec![(0, 2), (7, 2)]);
        assert_eq!(worker0[1], vec![(1, 2), (7, 2)]);
        assert_eq!(worker0[2], vec![(2, 2), (7, 2)]);
    }
}
