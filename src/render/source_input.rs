//! [`SourceInput`]: how a worker puts a streaming source's rows into the dataflow — as rows,
//! or, when the source feeds an aggregation and nothing else, keyed and summed per key as the
//! worker reads them.
//!
//! An aggregation's first operator ([`ember_operators::pre_aggregate`]) keys and sums rows
//! on the worker that holds them, before any exchange. When its input is a source, that is
//! the worker that reads the rows, so the same logic can run as they are read: no row is
//! kept, copied into the dataflow and dropped again, and only the batch's groups enter it.
//! The source hands out its rows in one reused buffer
//! ([`crate::source::Source::read_share_into`]), so a text source keyed this way allocates
//! nothing per line. What the aggregation computes is the same either way.

use differential_dataflow::input::InputSession;
use ember_operators::{Accumulators, BatchGroups, Diff, Key, KeyLogic, Row, Time};

/// A streaming source's input on one worker.
pub(crate) enum SourceInput {
    /// The rows, as they are.
    Rows(InputSession<Time, Row, Diff>),
    /// The rows keyed and summed per key by their aggregation's keyer as they are read.
    Grouped {
        /// The batch's groups, once its rows are all read.
        input: InputSession<Time, Key, Accumulators>,
        /// The aggregation's per-row logic: the fused steps before it, the key and the
        /// accumulators.
        keyer: KeyLogic,
        /// The groups of the batch being read.
        groups: BatchGroups,
    },
}

impl SourceInput {
    /// Moves the input to `time`: what is given next belongs to batch `time`.
    pub(crate) fn advance_to(&mut self, time: Time) {
        match self {
            SourceInput::Rows(input) => input.advance_to(time),
            SourceInput::Grouped { input, .. } => input.advance_to(time),
        }
    }

    /// Sends what was given so far on into the dataflow.
    pub(crate) fn flush(&mut self) {
        match self {
            SourceInput::Rows(input) => input.flush(),
            SourceInput::Grouped { input, .. } => input.flush(),
        }
    }

    /// Gives `row` of batch `time`: inserted (taken), or keyed into the batch's groups (left
    /// for the source to reuse). Returns the message of a row the keyer fails on, which
    /// fails the batch.
    pub(crate) fn give(&mut self, row: &mut Row, time: Time) -> Result<(), String> {
        match self {
            SourceInput::Rows(input) => {
                input.insert(std::mem::take(row));
                Ok(())
            }
            SourceInput::Grouped { keyer, groups, .. } => keyer(row, time, 1, groups),
        }
    }

    /// Ends the rows of the current batch: its groups enter the dataflow.
    pub(crate) fn end_rows(&mut self) {
        if let SourceInput::Grouped { input, groups, .. } = self {
            for (key, sum) in groups.drain() {
                input.update(key, sum);
            }
        }
    }
}
