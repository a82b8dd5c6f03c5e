//! The key-and-accumulate function of an aggregation ([`Keyer`]): each row's group key(s),
//! encoded, and its accumulators, added to the batch's groups — for grouped, windowed and
//! session-window aggregations alike.

use std::sync::Arc;

use ember_operators::{
    encode_key, encode_last_value, encode_value, encode_window, Accumulator, AccumulatorKind,
    Accumulators, AggregateOutput, BatchGroups, DataType, Diff, Row, Time,
};

use super::fuse::Pass;
use crate::expr::{AggregateFunction, BoundAggregate, WindowKey};
use crate::plan::{BatchContext, GroupKey};

/// Computes a row's group key(s) and accumulators (with the row's batch and multiplicity) and
/// adds them
/// to the batch's groups, or fails. A row falls in several groups with sliding windows, and in
/// none when it is late.
pub type Keyer = Arc<
    dyn Fn(
            &mut Row,
            Time,
            Diff,
            &BatchContext,
            &mut KeyScratch,
            &mut BatchGroups,
        ) -> Result<(), String>
        + Send
        + Sync,
>;

/// The buffers a worker's [`Keyer`] reuses from row to row: the key being encoded and the
/// row's accumulators.
#[derive(Default)]
pub struct KeyScratch {
    key: Vec<u8>,
    state: Accumulators,
}

/// How one key column is computed.
enum KeyPart {
    /// Taken from the input row's column.
    Column(usize),
    Expr(crate::expr::Evaluator),
    Window(WindowKey),
}

/// The key-and-accumulate function of an aggregation, after the fused `pre` steps.
/// `retracting`: whether its input retracts rows, so that min and max, and sums and averages
/// of doubles, keep each group's values to stay exact. (Distinct counts and sums, `collect_set` and the variances always
/// keep them; analysis refuses the arrival-ordered aggregates over such an input.)
pub(super) fn keyer(
    pre: Option<Pass>,
    keys: &[GroupKey],
    aggregates: &[BoundAggregate],
    retracting: bool,
) -> (Keyer, Vec<AggregateOutput>) {
    let mut outputs = Vec::new();
    let mut slots: Vec<(AccumulatorKind, crate::expr::Evaluator)> = Vec::new();
    for aggregate in aggregates {
        match (&aggregate.function, &aggregate.input) {
            (AggregateFunction::Count, None) => outputs.push(AggregateOutput::Rows),
            (function, Some(input)) => {
                let kind = accumulator_kind(function, &input.data_type, retracting);
                outputs.push(if function.is_try() {
                    AggregateOutput::TrySlot(slots.len(), kind)
                } else {
                    AggregateOutput::Slot(slots.len(), kind)
                });
                slots.push((kind, input.eval.clone()));
            }
            (function, None) => panic!("invariant violated: {function:?} without an input"),
        }
    }
    let parts: Vec<KeyPart> = keys
        .iter()
        .map(|k| match k {
            GroupKey::Column(index, _) => KeyPart::Column(*index),
            GroupKey::Expr(e) => KeyPart::Expr(e.eval.clone()),
            GroupKey::Window(w) => KeyPart::Window(w.clone()),
            GroupKey::Session(s) => KeyPart::Expr(s.own_session()),
        })
        .collect();
    // Keys that are only columns (the common case) are encoded in one loop.
    let columns: Option<Vec<usize>> = parts
        .iter()
        .map(|part| match part {
            KeyPart::Column(index) => Some(*index),
            KeyPart::Expr(_) | KeyPart::Window(_) => None,
        })
        .collect();
    let accumulate = move |row: &Row,
                           batch: Time,
                           diff: Diff,
                           context: &BatchContext,
                           scratch: &mut KeyScratch,
                           groups: &mut BatchGroups| {
        let state = &mut scratch.state;
        state.rows = diff as i64;
        if state.slots.len() != slots.len() {
            state.slots = slots.iter().map(|_| Accumulator::Count(0)).collect();
        }
        for ((kind, eval), slot) in slots.iter().zip(state.slots.iter_mut()) {
            *slot = Accumulator::from_value(*kind, &eval(row)?, diff as i64, batch)
                .map_err(|e| format!("invariant violated: {e}"))?;
        }
        scratch.key.clear();
        match &columns {
            Some(columns) => {
                match columns.as_slice() {
                    // One column (a word, a user id): no loop over the key's columns.
                    &[index] => encode_last_value(row.get(index), &mut scratch.key),
                    columns => encode_key(
                        columns.iter().map(|&index| row.get(index)),
                        &mut scratch.key,
                    ),
                }
                groups.add(&scratch.key, state);
                Ok(())
            }
            None => add_groups(&parts, row, context, &mut scratch.key, state, groups),
        }
    };
    let keyer: Keyer = match pre {
        None => Arc::new(
            move |row: &mut Row,
                  batch: Time,
                  diff: Diff,
                  context: &BatchContext,
                  scratch: &mut KeyScratch,
                  groups: &mut BatchGroups| {
                accumulate(row, batch, diff, context, scratch, groups)
            },
        ),
        Some(pre) => Arc::new(
            move |row: &mut Row,
                  batch: Time,
                  diff: Diff,
                  context: &BatchContext,
                  scratch: &mut KeyScratch,
                  groups: &mut BatchGroups| {
                pre(row, context, &mut |output: &mut Row| {
                    accumulate(output, batch, diff, context, scratch, groups)
                })
            },
        ),
    };
    (keyer, outputs)
}

/// Adds `state` to every group `row` falls in: one, unless a sliding window gives several
/// (or none, when the row is late for every window it falls in). `key` holds the encoding of
/// the key parts before `parts`.
fn add_groups(
    parts: &[KeyPart],
    row: &Row,
    context: &BatchContext,
    key: &mut Vec<u8>,
    state: &Accumulators,
    groups: &mut BatchGroups,
) -> Result<(), String> {
    let Some((part, rest)) = parts.split_first() else {
        groups.add(key, state);
        return Ok(());
    };
    // As `Key::encode` encodes keys: the last value by `encode_last_value`.
    let encode = if rest.is_empty() {
        encode_last_value
    } else {
        encode_value
    };
    match part {
        KeyPart::Column(index) => encode(row.get(*index), key),
        KeyPart::Expr(eval) => encode(&eval(row)?, key),
        KeyPart::Window(window) => {
            let watermark = context.watermark();
            let prefix = key.len();
            for start in window.starts(row)? {
                // The row's window decides lateness: a window that ended at or before the
                // watermark is closed.
                if watermark.is_some_and(|w| start + window.size <= w) {
                    context.drop_late_row();
                    continue;
                }
                key.truncate(prefix);
                // The window's struct value, encoded without building it.
                encode_window(start, start + window.size, key);
                add_groups(rest, row, context, key, state, groups)?;
            }
            return Ok(());
        }
    }
    add_groups(rest, row, context, key, state, groups)
}

fn accumulator_kind(
    function: &AggregateFunction,
    input: &DataType,
    retracting: bool,
) -> AccumulatorKind {
    match function {
        AggregateFunction::Count => AccumulatorKind::Count,
        AggregateFunction::Sum | AggregateFunction::TrySum => {
            match (input, function.result_type(input)) {
                (_, Some(DataType::Decimal(p, s))) => AccumulatorKind::SumDecimal(p, s),
                (_, Some(DataType::Long)) => AccumulatorKind::SumLong,
                _ if retracting => AccumulatorKind::SumOfValues,
                _ => AccumulatorKind::SumDouble,
            }
        }
        AggregateFunction::Avg | AggregateFunction::TryAvg => {
            match (input, function.result_type(input)) {
                (DataType::Decimal(_, input_scale), Some(DataType::Decimal(p, s))) => {
                    AccumulatorKind::AvgDecimal {
                        precision: p,
                        scale: s,
                        input_scale: *input_scale,
                    }
                }
                (DataType::Byte | DataType::Short | DataType::Integer | DataType::Long, _) => {
                    AccumulatorKind::AvgLong
                }
                _ if retracting => AccumulatorKind::AvgOfValues,
                _ => AccumulatorKind::Avg,
            }
        }
        AggregateFunction::Min if retracting => AccumulatorKind::MinOfValues,
        AggregateFunction::Max if retracting => AccumulatorKind::MaxOfValues,
        AggregateFunction::Min => AccumulatorKind::Min,
        AggregateFunction::Max => AccumulatorKind::Max,
        AggregateFunction::CountDistinct => AccumulatorKind::CountDistinct,
        AggregateFunction::ApproxCountDistinct { precision } => {
            AccumulatorKind::ApproxCountDistinct {
                precision: *precision,
            }
        }
        AggregateFunction::SumDistinct if matches!(input, DataType::Double) => {
            AccumulatorKind::SumDistinctDouble
        }
        AggregateFunction::SumDistinct => AccumulatorKind::SumDistinctLong,
        AggregateFunction::CollectSet => AccumulatorKind::CollectSet,
        AggregateFunction::Dispersion(name) => AccumulatorKind::Dispersion(name.statistic()),
        AggregateFunction::First { ignore_nulls } => AccumulatorKind::First {
            ignore_nulls: *ignore_nulls,
        },
        AggregateFunction::Last { ignore_nulls } => AccumulatorKind::Last {
            ignore_nulls: *ignore_nulls,
        },
        AggregateFunction::CollectList => AccumulatorKind::CollectList,
    }
}
