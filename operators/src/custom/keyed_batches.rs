//! [`keyed_batches`]: the dataflow shape of Ember's per-key stateful operators — exchange
//! `(key, value)` pairs by [`key_hash`], stash them by batch, and hand each complete batch
//! to the operator's logic, in batch order, including batches that brought this worker
//! nothing (so timeouts and watermarks act on every batch the driver ran).

use std::collections::{BTreeMap, BTreeSet};

use differential_dataflow::{AsCollection, VecCollection};
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::generic::builder_rc::OperatorBuilder;
use timely::dataflow::operators::generic::OutputBuilder;
use timely::dataflow::operators::Capability;

use crate::custom::{key_hash, BatchClock};
use crate::{Diff, Errors, Row, Rows, Time};

/// What a keyed operator does with one complete batch: it gets the batch id and the batch's
/// pairs on this worker (in arrival order) and returns output rows with their multiplicities
/// and error messages.
pub(crate) type BatchLogic<V> =
    Box<dyn FnMut(Time, Vec<(Row, V)>) -> (Vec<(Row, Diff)>, Vec<String>)>;

/// Exchanges `keyed` by key and runs `logic` once per complete batch on every worker (for
/// the batches `clock` knows, and any batch holding input). `keyed` must only grow.
pub(crate) fn keyed_batches<'scope, V>(
    name: &str,
    keyed: VecCollection<'scope, Time, (Row, V), Diff>,
    clock: BatchClock,
    mut logic: BatchLogic<V>,
) -> (Rows<'scope>, Errors<'scope>)
where
    V: timely::ExchangeData + Clone,
{
    let mut builder = OperatorBuilder::new(name.to_string(), keyed.inner.scope());
    let mut input = builder.new_input(
        keyed.inner,
        Exchange::new(|((key, _), _, _): &((Row, V), Time, Diff)| key_hash(key)),
    );
    let (oks, ok_stream) = builder.new_output();
    let (errs, err_stream) = builder.new_output();
    let mut oks = OutputBuilder::from(oks);
    let mut errs = OutputBuilder::from(errs);
    builder.build(move |capabilities| {
        let mut capabilities: Vec<Capability<Time>> = capabilities;
        let mut stash: BTreeMap<Time, Vec<(Row, V)>> = BTreeMap::new();
        move |frontiers| {
            input.for_each(|_cap, data: &mut Vec<((Row, V), Time, Diff)>| {
                for (pair, time, diff) in data.drain(..) {
                    let copies = stash.entry(time).or_default();
                    for _ in 1..diff.max(0) {
                        copies.push(pair.clone());
                    }
                    if diff > 0 {
                        copies.push(pair);
                    }
                }
            });
            let Some(from) = capabilities.first().map(|c| *c.time()) else {
                return;
            };
            let frontier = frontiers[0].frontier().first().copied();
            if frontier.is_some_and(|f| f <= from) {
                return;
            }
            let mut epochs: BTreeSet<Time> =
                clock.batches_between(from, frontier).into_iter().collect();
            epochs.extend(
                stash
                    .keys()
                    .copied()
                    .filter(|t| frontier.is_none_or(|f| *t < f)),
            );
            let mut oks = oks.activate();
            let mut errs = errs.activate();
            for epoch in epochs {
                let pairs = stash.remove(&epoch).unwrap_or_default();
                let (out, failures) = logic(epoch, pairs);
                if !out.is_empty() {
                    let cap = capabilities[0].delayed(&epoch);
                    let mut session = oks.session(&cap);
                    for (row, diff) in out {
                        session.give((row, epoch, diff));
                    }
                }
                if !failures.is_empty() {
                    let cap = capabilities[1].delayed(&epoch);
                    let mut session = errs.session(&cap);
                    for message in failures {
                        session.give((message, epoch, 1 as Diff));
                    }
                }
            }
            match frontier {
                Some(f) => capabilities.iter_mut().for_each(|c| c.downgrade(&f)),
                None => capabilities.clear(),
            }
        }
    });
    (ok_stream.as_collection(), err_stream.as_collection())
}
