//! [`emit_table`]: an aggregation's whole result, read from its arrangement with a cursor
//! when each batch completes — what complete mode writes every batch.
//!
//! Complete mode writes every group every batch. Emitting changes and keeping a copy of the
//! table beside the sink would clone the whole table per batch on one worker; instead every
//! worker reads its own share of the groups straight from the arrangement that already holds
//! them, in key order, and emits them as the batch's rows.

use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;

use differential_dataflow::operators::arrange::Arranged;

use crate::group_trace::{compact_before, visit_groups_through, GroupTrace};
use crate::{AggregateOutput, BatchClock, Row, Time, UpdateStream};

/// Emits, when each batch this worker ran (`ran`) completes here, every group of `arranged`
/// as a result row (key values, then `outputs`), inserted at the batch's time.
pub(crate) fn emit_table<'scope>(
    arranged: &Arranged<'scope, GroupTrace>,
    ran: BatchClock,
    outputs: Vec<AggregateOutput>,
) -> UpdateStream<'scope, Row> {
    let mut trace = arranged.trace.clone();
    arranged
        .stream
        .clone()
        .unary_frontier(Pipeline, "CompleteTable", move |capability, _info| {
            let mut capability = Some(capability);
            // The first batch not yet emitted.
            let mut next: Time = 0;
            // Rows are sized by the previous one: one allocation per row.
            let mut width = 0;
            move |(input, frontier), output| {
                input.for_each(|_cap, _batches| {});
                let Some(cap) = capability.as_mut() else {
                    return;
                };
                // `None`: the input is closed, and every batch that ran is complete (a query
                // that runs one batch may close its input as soon as the batch went in).
                let limit = frontier.frontier().first().copied();
                if limit.is_some_and(|limit| next >= limit) {
                    return;
                }
                for epoch in ran.batches_between(next, limit) {
                    let at = cap.delayed(&epoch);
                    let mut session = output.session(&at);
                    visit_groups_through(&mut trace, epoch, |key, state| {
                        let mut values = Vec::with_capacity(width);
                        key.decode_into(&mut values);
                        // A group that does not fit its result types failed the batch that
                        // changed it (`aggregate` checks the changes): its row is never
                        // written.
                        let _ = AggregateOutput::finish_all(&outputs, state, false, &mut values);
                        width = values.len();
                        session.give((Row(values), epoch, 1));
                    });
                }
                let Some(limit) = limit else {
                    capability = None;
                    return;
                };
                next = limit;
                cap.downgrade(&limit);
                compact_before(&mut trace, limit);
            }
        })
}
