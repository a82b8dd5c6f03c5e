//! Incremental grouped aggregation: [`Accumulators`] are differential *diffs*, so
//! differential itself sums them — in the batcher, before and after the exchange — and
//! [`aggregate`] keeps one arrangement per operator and emits, per batch, only the groups the
//! batch touched.

use std::cmp::Ordering;

use differential_dataflow::difference::{IsZero, Semigroup};
use differential_dataflow::operators::CountTotal;
use differential_dataflow::{AsCollection, VecCollection};
use serde::{Deserialize, Serialize};
use timely::dataflow::operators::{Concat, Inspect};

use std::cell::RefCell;
use std::rc::Rc;

use crate::aggregate_exact::{self, Int192};
use crate::custom::{
    decode_states, encode_owned_states, row_text, DeltaEncoder, DeltaEntry, OperatorError,
    OperatorState, SnapshotEncoder, StateEntry, StateMetrics,
};
use crate::finalize::{finalize_windows, Finalization, FinalizedGroups, FinalizerOutput};
use crate::group_trace::{compact_before, groups_through, GroupTrace, TraceMemory};
use crate::hyperloglog;
use crate::statistics::{self, Arrival, Dispersion};
use crate::table::emit_table;
use crate::try_flat_map::try_flat_map;
use crate::{BatchClock, Diff, Errors, Key, Row, Rows, Slots, Time, Value};
use differential_dataflow::input::{Input as _, InputSession};

/// What one aggregate computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccumulatorKind {
    /// `count(e)`: non-null inputs, a `bigint`.
    Count,
    /// `sum(e)` of integers: a `bigint`, `NULL` without non-null input; added exactly
    /// ([`Int192`]), and Spark's `[ARITHMETIC_OVERFLOW]` when the total does not fit.
    SumLong,
    /// `sum(e)` of floats and doubles, over an input that only grows: a running `double`.
    SumDouble,
    /// `avg(e)` of floats and doubles, over an input that only grows: a `double`, as
    /// [`AccumulatorKind::SumDouble`].
    Avg,
    /// `sum(e)` of floats and doubles over an input that also retracts rows (the output of
    /// another aggregation): the group keeps the multiset of its values, and the sum is
    /// computed from the values there are, in ascending order (see
    /// [`statistics::sum_double`]). A running `double` cannot take a value back: rounding
    /// keeps what a retracted value left (`1e20 + 1 - 1e20` is `0`, not `1`), and an infinity
    /// retracted leaves `NaN`.
    SumOfValues,
    /// `avg(e)` of floats and doubles over an input that also retracts rows, as
    /// [`AccumulatorKind::SumOfValues`].
    AvgOfValues,
    /// `avg(e)` of integers: a `double`, the exact sum's nearest double over the count.
    AvgLong,
    /// `sum(e)` of decimals: a `decimal(precision, scale)` (Spark's `decimal(p+10,s)`), added
    /// exactly, and Spark's overflow error when the total does not fit.
    SumDecimal(u8, u8),
    /// `avg(e)` of decimals: a `decimal(precision, scale)` (Spark's `decimal(p+4,s+4)`) of
    /// inputs of scale `input_scale`.
    AvgDecimal {
        /// The result's precision.
        precision: u8,
        /// The result's scale.
        scale: u8,
        /// The inputs' scale.
        input_scale: u8,
    },
    /// `min(e)`, over an input that only grows.
    Min,
    /// `max(e)`, over an input that only grows.
    Max,
    /// `min(e)` over an input that also retracts rows (the output of another aggregation):
    /// the group keeps the multiset of its values, so the minimum after a retraction is exact.
    MinOfValues,
    /// `max(e)` over an input that also retracts rows, as [`AccumulatorKind::MinOfValues`].
    MaxOfValues,
    /// `count(DISTINCT e)`: the distinct non-null values of the group's multiset of values, a
    /// `bigint`.
    CountDistinct,
    /// `approx_count_distinct(e[, rsd])`: Spark's HyperLogLog++ estimate with `precision`
    /// index bits, computed from the distinct values of the group's multiset of values (see
    /// [`crate::hyperloglog`]), a `bigint`.
    ApproxCountDistinct {
        /// The register index bits, from the relative standard deviation asked for.
        precision: u32,
    },
    /// `sum(DISTINCT e)` of integers, over the multiset of values: a `bigint`, added exactly
    /// as [`AccumulatorKind::SumLong`].
    SumDistinctLong,
    /// `sum(DISTINCT e)` of doubles, over the multiset of values, added in ascending order.
    SumDistinctDouble,
    /// `collect_set(e)`: the distinct non-null values, ascending, as an array.
    CollectSet,
    /// A variance or standard deviation, over the multiset of values (see [`Dispersion`]).
    Dispersion(Dispersion),
    /// `first(e[, ignoreNulls])`: the input that arrived first — see [`Arrival`] for Ember's
    /// order. Only over an input that never retracts.
    First {
        /// Whether `NULL` inputs are skipped.
        ignore_nulls: bool,
    },
    /// `last(e[, ignoreNulls])`: the input that arrived last, as [`AccumulatorKind::First`].
    Last {
        /// Whether `NULL` inputs are skipped.
        ignore_nulls: bool,
    },
    /// `collect_list(e)`: the non-null inputs in arrival order ([`Arrival`]), as an array. Only
    /// over an input that never retracts.
    CollectList,
}

/// The running state of one aggregate of one group.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Accumulator {
    /// Non-null inputs seen.
    Count(i64),
    /// Non-null inputs and their exact sum: sums and averages of integers, and of decimals
    /// (their unscaled values, at the input's scale, which the kind knows).
    Sum(i64, Int192),
    /// Non-null inputs and their sum as a double (sums and averages of doubles over an input
    /// that only grows).
    SumDouble(i64, TotalF64),
    /// The least non-null input, `Null` before any.
    Min(Value),
    /// The greatest non-null input, `Null` before any.
    Max(Value),
    /// The non-null inputs, each with its multiplicity, sorted, none of them zero: min and
    /// max that stay exact when inputs are retracted; also what distinct counts and sums,
    /// `collect_set` and the variances are computed from.
    Values(Vec<(Value, i64)>),
    /// The first input in arrival order, `None` before any.
    First(Option<Arrival>),
    /// The last input in arrival order, `None` before any.
    Last(Option<Arrival>),
    /// The non-null inputs with their arrival, each with its multiplicity, sorted in arrival
    /// order, none of them zero.
    Arrivals(Vec<(Arrival, i64)>),
}

/// An `f64` ordered by IEEE total order, so it can sit inside a differential diff.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct TotalF64(pub f64);

impl PartialEq for TotalF64 {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for TotalF64 {}
impl PartialOrd for TotalF64 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for TotalF64 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}
impl std::hash::Hash for TotalF64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state)
    }
}

impl Accumulator {
    /// The state after one input row holding `value` (with multiplicity `times`) in batch
    /// `batch` (only the arrival-ordered kinds keep it).
    ///
    /// Returns `Err` when the value does not fit the kind, or when an arrival-ordered kind
    /// sees a retraction: analysis rules both out, so the caller reports it as a broken
    /// invariant.
    pub fn from_value(
        kind: AccumulatorKind,
        value: &Value,
        times: i64,
        batch: Time,
    ) -> Result<Self, String> {
        let present = i64::from(!value.is_null()) * times;
        Ok(match (kind, value) {
            (AccumulatorKind::Count, _) => Accumulator::Count(present),
            (
                AccumulatorKind::SumLong
                | AccumulatorKind::AvgLong
                | AccumulatorKind::SumDecimal(..)
                | AccumulatorKind::AvgDecimal { .. },
                Value::Null,
            ) => Accumulator::Sum(0, Int192::ZERO),
            (AccumulatorKind::SumLong | AccumulatorKind::AvgLong, v) => {
                let Some(i) = v.as_i64() else {
                    return Err(format!("{kind:?} cannot take {v:?}"));
                };
                Accumulator::Sum(present, Int192::product(i128::from(i), times))
            }
            (AccumulatorKind::SumDecimal(_, scale), Value::Decimal(d))
            | (
                AccumulatorKind::AvgDecimal {
                    input_scale: scale, ..
                },
                Value::Decimal(d),
            ) if d.scale() == scale => {
                Accumulator::Sum(present, Int192::product(d.unscaled(), times))
            }
            (AccumulatorKind::SumDouble | AccumulatorKind::Avg, Value::Null) => {
                Accumulator::SumDouble(0, TotalF64(0.0))
            }
            (AccumulatorKind::SumDouble | AccumulatorKind::Avg, v) => {
                let Some(x) = v.as_f64() else {
                    return Err(format!("cannot sum {v:?}"));
                };
                Accumulator::SumDouble(present, TotalF64(x * times as f64))
            }
            (AccumulatorKind::Min, v) => Accumulator::Min(v.clone()),
            (AccumulatorKind::Max, v) => Accumulator::Max(v.clone()),
            (kind, Value::Null) if kind.keeps_values() => Accumulator::Values(Vec::new()),
            (kind, v) if kind.keeps_values() => Accumulator::Values(if times == 0 {
                Vec::new()
            } else {
                vec![(v.clone(), times)]
            }),
            (AccumulatorKind::First { .. } | AccumulatorKind::Last { .. }, _)
            | (AccumulatorKind::CollectList, _)
                if times < 0 =>
            {
                return Err(format!("{kind:?} cannot take a retraction"));
            }
            (AccumulatorKind::First { ignore_nulls }, v) => {
                Accumulator::First(Arrival::of(batch, v, ignore_nulls))
            }
            (AccumulatorKind::Last { ignore_nulls }, v) => {
                Accumulator::Last(Arrival::of(batch, v, ignore_nulls))
            }
            (AccumulatorKind::CollectList, v) => Accumulator::Arrivals(
                Arrival::of(batch, v, true)
                    .filter(|_| times != 0)
                    .map(|arrival| (arrival, times))
                    .into_iter()
                    .collect(),
            ),
            (kind, other) => return Err(format!("{kind:?} cannot take {other:?}")),
        })
    }

    fn plus_equals(&mut self, other: &Accumulator) {
        match (self, other) {
            (Accumulator::Count(a), Accumulator::Count(b)) => *a += b,
            (Accumulator::Sum(n, s), Accumulator::Sum(m, t)) => {
                *n += m;
                *s = s.wrapping_add(*t);
            }
            (Accumulator::SumDouble(n, s), Accumulator::SumDouble(m, t)) => {
                *n += m;
                s.0 += t.0;
            }
            (Accumulator::Min(a), Accumulator::Min(b)) => {
                if a.is_null() || (!b.is_null() && b < a) {
                    *a = b.clone();
                }
            }
            (Accumulator::Max(a), Accumulator::Max(b)) => {
                if a.is_null() || (!b.is_null() && b > a) {
                    *a = b.clone();
                }
            }
            (Accumulator::Values(a), Accumulator::Values(b)) => add_counts(a, b),
            (Accumulator::First(a), Accumulator::First(b)) => {
                if b.is_some() && (a.is_none() || b < a) {
                    a.clone_from(b);
                }
            }
            (Accumulator::Last(a), Accumulator::Last(b)) => {
                if b > a {
                    a.clone_from(b);
                }
            }
            (Accumulator::Arrivals(a), Accumulator::Arrivals(b)) => add_counts(a, b),
            (a, b) => panic!("invariant violated: combining accumulators {a:?} and {b:?}"),
        }
    }

    /// The aggregate's value, as `kind` defines it; or, when a sum or average does not fit
    /// its result type, Spark's ANSI error (see [`crate::aggregate_exact`]).
    pub fn finish(&self, kind: AccumulatorKind) -> Result<Value, String> {
        Ok(match (kind, self) {
            (_, Accumulator::Count(n)) => Value::Long(*n),
            (_, Accumulator::Sum(0, _)) | (_, Accumulator::SumDouble(0, _)) => Value::Null,
            (AccumulatorKind::SumDecimal(precision, scale), Accumulator::Sum(_, s)) => {
                Value::Decimal(aggregate_exact::decimal_sum(*s, precision, scale)?)
            }
            (
                AccumulatorKind::AvgDecimal {
                    precision,
                    scale,
                    input_scale,
                },
                Accumulator::Sum(n, s),
            ) => Value::Decimal(aggregate_exact::decimal_average(
                *s,
                *n,
                precision,
                scale,
                input_scale,
            )?),
            (AccumulatorKind::AvgLong, Accumulator::Sum(n, s)) => {
                Value::Double(s.to_f64() / *n as f64)
            }
            (_, Accumulator::Sum(_, s)) => {
                Value::Long(s.to_i64().ok_or_else(aggregate_exact::long_overflow)?)
            }
            // Spark's sum starts at `0.0`, which turns a total of `-0.0`s into `0.0`.
            (AccumulatorKind::Avg, Accumulator::SumDouble(n, s)) => {
                Value::Double((s.0 + 0.0) / *n as f64)
            }
            (_, Accumulator::SumDouble(_, s)) => Value::Double(s.0 + 0.0),
            (_, Accumulator::Min(v)) | (_, Accumulator::Max(v)) => v.clone(),
            (AccumulatorKind::MaxOfValues, Accumulator::Values(values)) => {
                values.last().map_or(Value::Null, |(v, _)| v.clone())
            }
            (AccumulatorKind::CountDistinct, Accumulator::Values(values)) => {
                Value::Long(values.len() as i64)
            }
            (AccumulatorKind::ApproxCountDistinct { precision }, Accumulator::Values(values)) => {
                Value::Long(hyperloglog::estimate(
                    precision,
                    values.iter().map(|(v, _)| v),
                ))
            }
            (AccumulatorKind::SumDistinctLong, Accumulator::Values(values)) => {
                statistics::sum_long(values)?
            }
            (AccumulatorKind::SumDistinctDouble, Accumulator::Values(values)) => {
                statistics::sum_distinct_double(values)
            }
            (AccumulatorKind::SumOfValues, Accumulator::Values(values)) => {
                statistics::sum_double(values)
            }
            (AccumulatorKind::AvgOfValues, Accumulator::Values(values)) => {
                statistics::average_double(values)
            }
            (AccumulatorKind::CollectSet, Accumulator::Values(values)) => {
                Value::Array(values.iter().map(|(v, _)| v.clone()).collect())
            }
            (AccumulatorKind::Dispersion(dispersion), Accumulator::Values(values)) => {
                dispersion.of(values)
            }
            (_, Accumulator::Values(values)) => {
                values.first().map_or(Value::Null, |(v, _)| v.clone())
            }
            (_, Accumulator::First(arrival) | Accumulator::Last(arrival)) => {
                arrival.as_ref().map_or(Value::Null, |a| a.value.clone())
            }
            (_, Accumulator::Arrivals(arrivals)) => statistics::list(arrivals),
        })
    }
}

impl AccumulatorKind {
    /// Whether the kind keeps the group's multiset of values ([`Accumulator::Values`]).
    fn keeps_values(self) -> bool {
        matches!(
            self,
            AccumulatorKind::MinOfValues
                | AccumulatorKind::MaxOfValues
                | AccumulatorKind::CountDistinct
                | AccumulatorKind::ApproxCountDistinct { .. }
                | AccumulatorKind::SumDistinctLong
                | AccumulatorKind::SumDistinctDouble
                | AccumulatorKind::SumOfValues
                | AccumulatorKind::AvgOfValues
                | AccumulatorKind::CollectSet
                | AccumulatorKind::Dispersion(_)
        )
    }
}

impl Accumulator {
    /// Whether the state is that of no input (the identity of `plus_equals`).
    fn is_zero(&self) -> bool {
        match self {
            Accumulator::Count(n) => *n == 0,
            Accumulator::Sum(n, s) => *n == 0 && s.is_zero(),
            Accumulator::SumDouble(n, s) => *n == 0 && s.0 == 0.0,
            Accumulator::Min(v) | Accumulator::Max(v) => v.is_null(),
            Accumulator::Values(values) => values.is_empty(),
            Accumulator::First(arrival) | Accumulator::Last(arrival) => arrival.is_none(),
            Accumulator::Arrivals(arrivals) => arrivals.is_empty(),
        }
    }
}

/// Adds the multiset `b` to the multiset `a` (both sorted, no zero counts), keeping it sorted
/// and dropping elements whose count becomes zero.
fn add_counts<T: Ord + Clone>(a: &mut Vec<(T, i64)>, b: &[(T, i64)]) {
    for (value, count) in b {
        match a.binary_search_by(|(v, _)| v.cmp(value)) {
            Ok(at) => {
                a[at].1 += count;
                if a[at].1 == 0 {
                    a.remove(at);
                }
            }
            Err(at) => a.insert(at, (value.clone(), *count)),
        }
    }
}

/// The aggregation state of one group, used as its differential diff: how many input rows
/// the group has (it exists while that is not zero) and one [`Accumulator`] per aggregate
/// that needs one.
///
/// Summing is what differential does with diffs, so partial aggregation before the exchange
/// and the running totals in the arrangement both come from `plus_equals`. Plain min and max,
/// and sums of doubles, are not invertible: Ember uses them only where the input only grows
/// (sources append); over an input that retracts (another aggregation's changes) it keeps each
/// group's values instead ([`AccumulatorKind::MinOfValues`], [`AccumulatorKind::SumOfValues`]),
/// so every aggregate stays exact. The one removal such a state sees is that of a whole group
/// (a finalized window), which leaves no rows: then they go back to having seen nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Accumulators {
    /// Input rows in the group.
    pub rows: i64,
    /// The aggregates' states.
    pub slots: Slots,
}

impl Accumulators {
    /// The state that, added to this one, leaves nothing: how a finalized group is removed
    /// from the arrangement. (Min and max keep their value, and a double sum its negation,
    /// which need not cancel what the arrangement holds to the last bit, nor at all for an
    /// infinity: the sum's row count is zero, and `plus_equals` then clears them.)
    pub fn negated(&self) -> Accumulators {
        Accumulators {
            rows: -self.rows,
            slots: self
                .slots
                .iter()
                .map(|slot| match slot {
                    Accumulator::Count(n) => Accumulator::Count(-n),
                    Accumulator::Sum(n, s) => Accumulator::Sum(-n, s.wrapping_neg()),
                    Accumulator::SumDouble(n, s) => Accumulator::SumDouble(-n, TotalF64(-s.0)),
                    Accumulator::Values(values) => {
                        Accumulator::Values(values.iter().map(|(v, n)| (v.clone(), -n)).collect())
                    }
                    Accumulator::Arrivals(arrivals) => Accumulator::Arrivals(
                        arrivals.iter().map(|(a, n)| (a.clone(), -n)).collect(),
                    ),
                    other => other.clone(),
                })
                .collect(),
        }
    }
}

/// An update is zero when every part of it is: a change that leaves a group's row count as
/// it was may still change its sums or values (a row retracted and another inserted in one
/// batch), and must not be dropped. A group exists while its row count is not zero.
impl IsZero for Accumulators {
    #[inline]
    fn is_zero(&self) -> bool {
        self.rows == 0 && self.slots.iter().all(Accumulator::is_zero)
    }
}

impl Semigroup for Accumulators {
    #[inline]
    fn plus_equals(&mut self, other: &Self) {
        self.rows += other.rows;
        if other.slots.is_empty() {
            // `count(*)` alone keeps no slots: nothing to add (and no clone to call per row).
        } else if self.slots.is_empty() {
            self.slots.clone_from(&other.slots);
        } else {
            for (a, b) in self.slots.iter_mut().zip(other.slots.iter()) {
                a.plus_equals(b);
            }
        }
        if self.rows == 0 {
            // Plain min and max, and double sums, see only inputs that grow: no rows left
            // means a group removed whole (a finalized window), and they go back to having
            // seen nothing — a double sum and its negation, added in another order than the
            // one that made it, or an infinite one, do not cancel to `0.0`, and the group
            // would never vanish.
            for slot in self.slots.iter_mut() {
                match slot {
                    Accumulator::Min(v) | Accumulator::Max(v) => *v = Value::Null,
                    Accumulator::First(a) | Accumulator::Last(a) => *a = None,
                    Accumulator::SumDouble(n, s) => (*n, *s) = (0, TotalF64(0.0)),
                    _ => {}
                }
            }
        }
    }
}

/// One output column of an aggregation, after the key columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AggregateOutput {
    /// The group's row count (`count(*)`, `count(1)`, `groupBy().count()`).
    Rows,
    /// Slot `i` of the [`Accumulators`], finished as this kind: a sum or average that does
    /// not fit its result type is Spark's ANSI error, which fails the batch.
    Slot(usize, AccumulatorKind),
    /// As [`AggregateOutput::Slot`], but `NULL` where that fails (`try_sum`, `try_avg`).
    TrySlot(usize, AccumulatorKind),
}

impl AggregateOutput {
    /// The column's value for a group whose state is `state`, or the error that fails the
    /// batch.
    pub fn finish(&self, state: &Accumulators) -> Result<Value, String> {
        match self {
            AggregateOutput::Rows => Ok(Value::Long(state.rows)),
            AggregateOutput::Slot(i, kind) => state.slots[*i].finish(*kind),
            AggregateOutput::TrySlot(i, kind) => {
                Ok(state.slots[*i].finish(*kind).unwrap_or(Value::Null))
            }
        }
    }

    /// Fails as [`finish_all`](Self::finish_all) fails for an inserted group, without making
    /// the values: only the exact integral and decimal sums can (a `sum`, `avg` or
    /// `sum(DISTINCT)` whose total outgrows its type), so only those are finished.
    pub fn check_all(outputs: &[AggregateOutput], state: &Accumulators) -> Result<(), String> {
        for output in outputs {
            if let AggregateOutput::Slot(i, kind) = output {
                let slot = &state.slots[*i];
                let may_fail = matches!(slot, Accumulator::Sum(..))
                    || matches!(kind, AccumulatorKind::SumDistinctLong);
                if may_fail {
                    slot.finish(*kind)?;
                }
            }
        }
        Ok(())
    }

    /// The values of `outputs` for `state`, after `values` (a group's key values); or the
    /// first error. A retracted row (`inserted == false`) was inserted, and checked, in an
    /// earlier batch: it takes `NULL` rather than an error, so that only the batch that
    /// emits a row that does not fit fails.
    pub fn finish_all(
        outputs: &[AggregateOutput],
        state: &Accumulators,
        inserted: bool,
        values: &mut Vec<Value>,
    ) -> Result<(), String> {
        for output in outputs {
            let value = match output.finish(state) {
                Err(error) if inserted => return Err(error),
                result => result.unwrap_or(Value::Null),
            };
            values.push(value);
        }
        Ok(())
    }
}

/// A worker's handle on the groups an [`aggregate`] holds (its share, by key hash), as an
/// [`OperatorState`]: it snapshots them for a checkpoint, restores them through an input of
/// its own, removes the groups the watermark made final, and lets the arrangement compact
/// what no snapshot needs.
pub struct AggregateState {
    trace: GroupTrace,
    finalized: Option<Rc<RefCell<FinalizedGroups>>>,
    /// Groups restored from a checkpoint, and final groups removed; closed once recovery is
    /// over, unless the watermark finalizes groups.
    restore: Option<InputSession<Time, Key, Accumulators>>,
    /// Groups written and vanished per batch, as the arrangement's changes show them.
    changes: Rc<RefCell<GroupChanges>>,
    memory: TraceMemory,
}

/// The groups each batch wrote (a new state) and removed (an old state), counted from the
/// changes the arrangement emits, until a report folds them into the running total; and,
/// when the query checkpoints incrementally, the changes themselves until a delta takes them.
#[derive(Debug, Default)]
struct GroupChanges {
    /// Per batch not yet reported: groups with a new state, groups with an old state.
    pending: std::collections::BTreeMap<Time, (u64, u64)>,
    /// Groups held as of the last batch reported.
    total: u64,
    /// Per batch whose delta is not taken yet, its changes (see [`Recorded`]); `None` while
    /// nothing records them.
    recorded: Option<std::collections::BTreeMap<Time, Vec<Recorded>>>,
}

/// One change to a group, recorded for a delta: its key, what happened, and its new state.
/// A batch that changes a group retracts its old state and inserts the new one, in any
/// order: a key's entry of the highest [`Change`] of the latest batch wins.
type Recorded = (Key, Change, Option<Accumulators>);

/// What happened to a group in a batch, in the order in which the changes of one key win.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    /// Its old state was retracted (the group is gone unless a new state came too).
    Retracted,
    /// Its new state.
    Written,
    /// The batch's watermark finalized it: it is removed before the next batch.
    Finalized,
}

impl GroupChanges {
    /// Counts (and records, when changes are recorded) the groups' changes `changes`, the
    /// changes of each batch together.
    fn count_all(&mut self, changes: &[((Key, Accumulators), Time, Diff)]) {
        for run in changes.chunk_by(|a, b| a.1 == b.1) {
            let time = run[0].1;
            let (written, removed) = self.pending.entry(time).or_default();
            let mut recorded = self.recorded.as_mut().map(|r| r.entry(time).or_default());
            // A group without rows does not exist.
            for ((key, state), _, diff) in run.iter().filter(|((_, state), ..)| state.rows != 0) {
                if *diff > 0 {
                    *written += 1;
                } else {
                    *removed += 1;
                }
                if let Some(recorded) = &mut recorded {
                    recorded.push(if *diff > 0 {
                        (key.clone(), Change::Written, Some(state.clone()))
                    } else {
                        (key.clone(), Change::Retracted, None)
                    });
                }
            }
        }
    }

    /// Records that batch `batch` finalized `groups` (when changes are recorded).
    fn finalized<'a>(&mut self, batch: Time, groups: impl Iterator<Item = &'a Key>) {
        if let Some(recorded) = &mut self.recorded {
            let changes = recorded.entry(batch).or_default();
            changes.extend(groups.map(|key| (key.clone(), Change::Finalized, None)));
        }
    }

    /// Takes the changes of every batch through `batch`, oldest first.
    fn take_through(&mut self, batch: Time) -> Vec<Vec<Recorded>> {
        let Some(recorded) = &mut self.recorded else {
            return Vec::new();
        };
        let later = recorded.split_off(&(batch + 1));
        std::mem::replace(recorded, later).into_values().collect()
    }

    /// Folds in every batch through `batch`; the groups batch `batch` wrote.
    fn report(&mut self, batch: Time) -> u64 {
        let later = self.pending.split_off(&(batch + 1));
        let mut written_now = 0;
        for (time, (written, removed)) in std::mem::replace(&mut self.pending, later) {
            self.total = (self.total + written).saturating_sub(removed);
            if time == batch {
                written_now = written;
            }
        }
        written_now
    }
}

/// A batch's delta from its recorded changes (oldest batch first): each key's last change,
/// its state encoded as a snapshot entry's, sorted by key.
fn encode_delta(batches: Vec<Vec<Recorded>>) -> Result<Vec<DeltaEntry>, OperatorError> {
    let mut changes: Vec<(Key, usize, Change, Option<Accumulators>)> = batches
        .into_iter()
        .enumerate()
        .flat_map(|(age, batch)| {
            batch
                .into_iter()
                .map(move |(key, change, state)| (key, age, change, state))
        })
        .collect();
    changes.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    let mut entries: Vec<DeltaEntry> = Vec::new();
    let mut last: Option<Key> = None;
    // Sorted by key, then age and change: the last entry of each key is the one that wins.
    for (key, _, change, state) in changes.into_iter().rev() {
        if last.as_ref() == Some(&key) {
            continue;
        }
        let row = Row(key.decode());
        let state = match (change, state) {
            (Change::Written, Some(state)) => Some(bincode::serialize(&state).map_err(|e| {
                OperatorError::new(
                    NAME,
                    format!("cannot encode the state of {}: {e}", row_text(&row)),
                )
            })?),
            _ => None,
        };
        entries.push((row, state));
        last = Some(key);
    }
    entries.reverse();
    Ok(entries)
}

/// The operator's name in checkpoint errors.
const NAME: &str = "Aggregate";

impl OperatorState for AggregateState {
    /// Each group's key values as a row, with its accumulated state. Groups already final
    /// (emitted, and to be removed before the next batch) are left out: a query restored from
    /// the snapshot must not emit them again.
    fn snapshot(&mut self, batch: Time) -> Result<Vec<StateEntry>, OperatorError> {
        self.snapshot_encoder(batch)?()
    }

    /// The groups are copied out of the arrangement at once (keys are compact), and turned
    /// into rows and encoded on the writing thread.
    fn snapshot_encoder(&mut self, batch: Time) -> Result<SnapshotEncoder, OperatorError> {
        // The next delta builds on this snapshot.
        self.changes.borrow_mut().take_through(batch);
        let groups = self.groups(batch);
        Ok(Box::new(move || {
            let rows = groups
                .into_iter()
                .map(|(key, state)| (Row(key.decode()), state));
            encode_owned_states(NAME, rows)
        }))
    }

    /// The groups of this worker's share of the parts, whatever their owner: the restore
    /// input's exchange sends each to the worker that owns it.
    fn restore(&mut self, batch: Time, entries: Vec<StateEntry>) -> Result<(), OperatorError> {
        let groups: Vec<(Row, Accumulators)> = decode_states(NAME, entries)?;
        let restore = self
            .restore
            .as_mut()
            .expect("invariant violated: an aggregation restored after recovery");
        restore.advance_to(batch);
        for (key, state) in groups {
            restore.update(Key::encode(key.values()), state);
        }
        Ok(())
    }

    fn restores_every_part(&self) -> bool {
        false
    }

    /// Aggregations that finalize windows do not: they are snapshotted whole every few
    /// batches. (A delta must also carry the removal of the windows each batch finalized;
    /// until that is proven under random crashes, they keep the path that is.)
    fn record_changes(&mut self) -> bool {
        if self.finalized.is_some() {
            return false;
        }
        self.changes.borrow_mut().recorded.get_or_insert_default();
        true
    }

    /// The groups the batch wrote and removed, and those its watermark finalized (removed
    /// before the next batch, and left out of snapshots).
    fn delta(&mut self, batch: Time) -> Result<DeltaEncoder, OperatorError> {
        if let Some(found) = &self.finalized {
            // Not yet taken for removal by the next batch (then they are recorded already).
            let found = found.borrow();
            let keys = found.groups.iter().map(|(key, _)| key);
            self.changes.borrow_mut().finalized(batch, keys);
        }
        let batches = self.changes.borrow_mut().take_through(batch);
        Ok(Box::new(move || encode_delta(batches)))
    }

    /// Recovery is over: the restore input closes, unless it removes final groups; those
    /// the previous batch's watermark made final are removed — no row can reach them any
    /// more, as their window ended before the watermark that decides lateness from now on.
    /// This is what keeps windowed state bounded.
    fn begin_batch(&mut self, batch: Time) {
        match (&self.finalized, &mut self.restore) {
            (None, restore) => *restore = None,
            (Some(found), Some(restore)) => {
                let finals = std::mem::take(&mut found.borrow_mut().groups);
                let finalized_by = batch.saturating_sub(1);
                let keys = finals.iter().map(|(key, _)| key);
                self.changes.borrow_mut().finalized(finalized_by, keys);
                restore.advance_to(batch);
                for (key, state) in finals {
                    restore.update(key, state.negated());
                }
            }
            (Some(_), None) => {}
        }
        compact_before(&mut self.trace, batch);
    }

    fn end_batch(&mut self, batch: Time) {
        if let Some(restore) = &mut self.restore {
            restore.advance_to(batch + 1);
            restore.flush();
        }
    }

    /// The groups held after the batch (with a watermark that finalizes windows: but the
    /// ones it made final), the groups it wrote and removed, and the arrangement's bytes.
    fn metrics(&mut self, batch: Time) -> StateMetrics {
        let rows_updated = self.changes.borrow_mut().report(batch);
        let held = self.changes.borrow().total;
        let (rows_total, rows_removed, removal_nanos) = match &self.finalized {
            Some(found) => {
                let found = found.borrow();
                (found.remaining, found.groups.len() as u64, found.nanos)
            }
            None => (held, 0, 0),
        };
        StateMetrics {
            rows_total,
            rows_updated,
            rows_removed,
            memory_bytes: self.memory.bytes(&mut self.trace),
            dropped_rows: 0,
            removal_nanos,
        }
    }
}

impl AggregateState {
    /// This worker's groups as of the end of epoch `through` (which must be complete), but
    /// the final ones.
    fn groups(&mut self, through: Time) -> Vec<(Key, Accumulators)> {
        let finals: std::collections::HashSet<Key> = self
            .finalized
            .as_ref()
            .map(|found| {
                found
                    .borrow()
                    .groups
                    .iter()
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        groups_through(&mut self.trace, through)
            .into_iter()
            .filter(|(key, _)| !finals.contains(key))
            .collect()
    }
}

/// Which changes of its result rows an [`aggregate`] emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultChanges {
    /// For each changed group, its old row retracted and its new row inserted: what a
    /// consumer that keeps the whole result, or watches groups vanish, needs.
    All,
    /// Only the new rows: all that a consumer writing what changed (update mode) needs, at
    /// half the work.
    NewRows,
    /// Only the final rows of the groups the batch's watermark finalizes, once each: append
    /// mode. Needs a [`Finalization`].
    Finalized,
    /// Every group's row, every batch, read from the arrangement with a cursor: complete
    /// mode, when only stateless steps follow. The rows are inserted at the batch's time and
    /// never retracted: each batch's rows are the whole result.
    Table,
}

/// Groups `keyed` (key, accumulated state) and emits, for every batch, the result rows
/// (key values, then `outputs`) as `changes` says, and the errors of the rows whose sums do
/// not fit their result types (which fail the batch). One arrangement (the input's) is kept
/// per operator; the returned [`AggregateState`] reads it.
///
/// With a `finalization`, the groups each batch's watermark makes final are found when the
/// batch completes (see [`finalize_windows`]); its [`AggregateState`] takes them
/// over for removal before the next batch. `clock` says which batches ran
/// ([`ResultChanges::Table`] emits the table for each).
pub fn aggregate<'scope>(
    keyed: VecCollection<'scope, Time, Key, Accumulators>,
    outputs: Vec<AggregateOutput>,
    changes: ResultChanges,
    finalization: Option<Finalization>,
    clock: &BatchClock,
) -> (Rows<'scope>, Errors<'scope>, AggregateState) {
    let scope = keyed.inner.scope();
    let (restore, restored) = scope.new_collection();
    let arranged = keyed
        .concat(restored)
        .arrange_by_self_named("Arrange: Aggregate");
    let trace = arranged.trace.clone();
    let group_changes = Rc::new(RefCell::new(GroupChanges::default()));
    let counted = group_changes.clone();
    let changed = arranged
        .clone()
        .count_total()
        .inner
        .inspect_core(move |event| {
            if let Ok((_, changes)) = event {
                counted.borrow_mut().count_all(changes);
            }
        });
    let (changed, finalized) = match finalization {
        Some(finalization) => {
            // The final groups are the output in append mode; otherwise the changes pass
            // through the finalizer, held back until the final groups are found, so that
            // they are ready for the next batch.
            let output = match changes {
                ResultChanges::Finalized => FinalizerOutput::Finals,
                ResultChanges::All | ResultChanges::NewRows | ResultChanges::Table => {
                    FinalizerOutput::Changes
                }
            };
            let (changed, found) = finalize_windows(changed, output, finalization);
            (changed, Some(found))
        }
        None => (changed, None),
    };
    let state = AggregateState {
        trace,
        finalized,
        restore: Some(restore),
        changes: group_changes,
        memory: TraceMemory::default(),
    };
    if changes == ResultChanges::Table {
        // The changes are only counted (and hold the batch open until they are) and checked:
        // a group whose new state does not fit its result types fails the batch (a group
        // the batch did not change was checked when it did). The rows are the table, read
        // when the batch is done.
        let checked = outputs.clone();
        let (none, errors) = try_flat_map(
            changed.as_collection(),
            "CheckAggregate",
            Box::new(
                move |(_, state): (Key, Accumulators), diff, _: &mut Vec<(Row, Diff)>| {
                    if state.rows != 0 && diff > 0 {
                        AggregateOutput::check_all(&checked, &state)?;
                    }
                    Ok(())
                },
            ),
        );
        let rows = emit_table(&arranged, clock.clone(), outputs)
            .concat(none.inner)
            .as_collection();
        return (rows, errors, state);
    }
    let mut width = 0;
    // The closure itself, not a boxed `RowLogic`: it runs once per changed group.
    let (rows, errors) = try_flat_map(
        changed.as_collection(),
        "EmitAggregate",
        move |(key, state): (Key, Accumulators), diff, out: &mut Vec<(Row, Diff)>| {
            // A group without rows does not exist.
            if state.rows == 0 || (changes == ResultChanges::NewRows && diff < 0) {
                return Ok(());
            }
            // Sized by the previous row: one allocation per row, not one per growth.
            let mut values = Vec::with_capacity(width);
            key.decode_into(&mut values);
            AggregateOutput::finish_all(&outputs, &state, diff > 0, &mut values)?;
            width = values.len();
            out.push((Row(values), diff));
            Ok(())
        },
    );
    (rows, errors, state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate_exact::long_overflow;
    use crate::Decimal;
    use differential_dataflow::input::Input;
    use std::sync::{Arc, Mutex};

    /// The state of `kind` after each `(value, times)` in turn (a negative `times` retracts).
    fn fold(kind: AccumulatorKind, inputs: &[(Value, i64)]) -> Accumulator {
        let mut inputs = inputs.iter();
        let (first, times) = inputs.next().expect("an input");
        let mut state = Accumulator::from_value(kind, first, *times, 0).unwrap();
        for (value, times) in inputs {
            state.plus_equals(&Accumulator::from_value(kind, value, *times, 0).unwrap());
        }
        state
    }

    /// The value of `kind` over `inputs`, as `sum` (an error) and as `try_sum` (`NULL`).
    fn finished(kind: AccumulatorKind, inputs: &[(Value, i64)]) -> (Result<Value, String>, Value) {
        let state = Accumulators {
            rows: 1,
            slots: Slots::from(vec![fold(kind, inputs)]),
        };
        (
            AggregateOutput::Slot(0, kind).finish(&state),
            AggregateOutput::TrySlot(0, kind).finish(&state).unwrap(),
        )
    }

    /// `sum` of `bigint` beyond `i64` is Spark's `[ARITHMETIC_OVERFLOW]` and `try_sum`'s
    /// `NULL`; retracting back into range gives the exact total again, and a total that only
    /// passes beyond `i64` on the way (`[MAX, 1, -5]`) is exact.
    #[test]
    fn integer_sums_are_exact_at_the_bigint_edges() {
        let long = Value::Long;
        let kind = AccumulatorKind::SumLong;
        let overflow = (Err(long_overflow()), Value::Null);
        assert_eq!(
            finished(kind, &[(long(i64::MAX), 1), (long(1), 1)]),
            overflow
        );
        assert_eq!(
            finished(kind, &[(long(i64::MIN), 1), (long(-1), 1)]),
            overflow
        );
        assert_eq!(finished(kind, &[(long(i64::MAX), 2)]), overflow);
        let fits = |v: i64| (Ok(long(v)), long(v));
        assert_eq!(
            finished(kind, &[(long(i64::MAX), 1), (long(1), 1), (long(-5), 1)]),
            fits(i64::MAX - 4)
        );
        assert_eq!(
            finished(kind, &[(long(i64::MAX), 1), (long(1), 1), (long(1), -1)]),
            fits(i64::MAX)
        );
        assert_eq!(
            finished(kind, &[(long(i64::MIN), 3), (long(i64::MIN), -2)]),
            fits(i64::MIN)
        );
        // Every integral type adds into the same exact sum.
        assert_eq!(
            finished(
                kind,
                &[
                    (Value::Byte(-128), 1),
                    (Value::Short(300), 2),
                    (Value::Int(-1), 5)
                ]
            ),
            fits(467)
        );
        assert_eq!(
            finished(kind, &[(Value::Null, 1)]),
            (Ok(Value::Null), Value::Null)
        );
    }

    /// `sum` of `decimal(38,0)` beyond 38 digits is Spark's overflow error (of a grouped or
    /// streaming sum) and `try_sum`'s `NULL`, whatever the number of rows; retractions bring
    /// it back exactly.
    #[test]
    fn decimal_sums_are_exact_at_38_digits() {
        let nines = 10i128.pow(38) - 1;
        let decimal = |unscaled: i128| Value::Decimal(Decimal::new(unscaled, 0));
        let kind = AccumulatorKind::SumDecimal(38, 0);
        let overflow = Err(
            "[ARITHMETIC_OVERFLOW] Overflow in sum of decimals. Use 'try_sum' to tolerate \
             overflow and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \
             \"false\" to bypass this error. SQLSTATE: 22003"
                .to_string(),
        );
        assert_eq!(
            finished(kind, &[(decimal(nines), 1), (decimal(1), 1)]),
            (overflow.clone(), Value::Null)
        );
        assert_eq!(
            finished(kind, &[(decimal(-nines), 1), (decimal(-1), 1)]),
            (overflow.clone(), Value::Null)
        );
        // Far beyond i128 and back: 2^62 copies of 38 nines, less all but one.
        let many = 1i64 << 62;
        assert_eq!(
            finished(kind, &[(decimal(nines), many)]),
            (overflow, Value::Null)
        );
        assert_eq!(
            finished(kind, &[(decimal(nines), many), (decimal(nines), 1 - many)]),
            (Ok(decimal(nines)), decimal(nines))
        );
        assert_eq!(
            finished(kind, &[(decimal(nines), 2), (decimal(-nines), 1)]),
            (Ok(decimal(nines)), decimal(nines))
        );
        // A decimal of another scale than the column's is a broken invariant, not a sum.
        assert!(Accumulator::from_value(kind, &Value::Decimal(Decimal::new(1, 2)), 1, 0).is_err());
    }

    /// `avg` of `decimal(38,0)` (a `decimal(38,4)`): Spark's sum overflow names `try_avg`; an
    /// average beyond 34 integer digits is Spark's out-of-range error.
    #[test]
    fn decimal_averages_fail_as_spark_at_38_digits() {
        let nines = 10i128.pow(38) - 1;
        let decimal = |unscaled: i128| Value::Decimal(Decimal::new(unscaled, 0));
        let kind = AccumulatorKind::AvgDecimal {
            precision: 38,
            scale: 4,
            input_scale: 0,
        };
        let (error, tolerated) = finished(kind, &[(decimal(nines), 2)]);
        assert!(error.unwrap_err().contains("Use 'try_avg' to tolerate"));
        assert_eq!(tolerated, Value::Null);
        let (error, tolerated) = finished(kind, &[(decimal(10i128.pow(34)), 2)]);
        assert!(error
            .unwrap_err()
            .starts_with("[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  1000000000000000000"));
        assert_eq!(tolerated, Value::Null);
        let (average, _) = finished(kind, &[(decimal(10i128.pow(34)), 1), (decimal(0), 2)]);
        assert_eq!(
            average,
            Ok(Value::Decimal(Decimal::new(
                33333333333333333333333333333333333333,
                4
            )))
        );
    }

    /// `avg` of integers divides the exact sum: retracting a huge value leaves the small ones
    /// exactly (a double sum would have lost them), and `[MAX, 1]` is PySpark 4.3's
    /// `4.6116860184273879E18`.
    #[test]
    fn integer_averages_divide_the_exact_sum() {
        let kind = AccumulatorKind::AvgLong;
        let big = Value::Long(1 << 60);
        assert_eq!(
            finished(kind, &[(big.clone(), 1), (Value::Long(1), 1), (big, -1)]),
            (Ok(Value::Double(1.0)), Value::Double(1.0))
        );
        assert_eq!(
            finished(kind, &[(Value::Long(i64::MAX), 1), (Value::Long(1), 1)]).1,
            Value::Double(4.611_686_018_427_388e18)
        );
    }

    /// `sum(DISTINCT)` adds the distinct values exactly: Spark's overflow beyond `bigint`.
    #[test]
    fn distinct_sums_are_exact() {
        let kind = AccumulatorKind::SumDistinctLong;
        let long = Value::Long;
        assert_eq!(
            finished(kind, &[(long(i64::MAX), 1), (long(1), 3)]),
            (Err(long_overflow()), Value::Null)
        );
        assert_eq!(
            finished(kind, &[(long(i64::MAX), 1), (long(1), 3), (long(-5), 1)]),
            (Ok(long(i64::MAX - 4)), long(i64::MAX - 4))
        );
    }

    /// Each kind of double sum and average: what `sum` and `avg` print for `inputs`.
    fn double_sums(sum: AccumulatorKind, inputs: &[(Value, i64)]) -> [Value; 2] {
        let avg = match sum {
            AccumulatorKind::SumDouble => AccumulatorKind::Avg,
            _ => AccumulatorKind::AvgOfValues,
        };
        [sum, avg].map(|kind| fold(kind, inputs).finish(kind).unwrap())
    }

    /// Over an input that retracts, `sum` and `avg` of doubles are those of the values that
    /// remain: `1e20`, `1`, then `1e20` retracted is `1` (a running double keeps `0`, the `1`
    /// lost to rounding against `1e20`); `+inf` and `-inf` sum to `NaN` (as Spark), and once
    /// one is retracted the sum is the other, once both are, finite again; a `NaN` retracted
    /// leaves no trace; floats sum as doubles; a group whose values are all retracted is
    /// `NULL`; `-0.0`s sum to `0.0` (PySpark 4.3: `sum`, `avg` of `-0.0` are `0.0`).
    #[test]
    fn double_sums_over_retractions_are_those_of_the_values_that_remain() {
        let double = Value::Double;
        let of = |inputs: &[(Value, i64)]| double_sums(AccumulatorKind::SumOfValues, inputs);
        let big = [(double(1e20), 1), (double(1.0), 1), (double(1e20), -1)];
        assert_eq!(of(&big), [double(1.0), double(1.0)]);
        assert_eq!(
            double_sums(AccumulatorKind::SumDouble, &big),
            [double(0.0), double(0.0)],
            "a running double cannot take 1e20 back"
        );
        let (inf, nan) = (double(f64::INFINITY), double(f64::NAN));
        let infinities = [
            (inf.clone(), 1),
            (double(f64::NEG_INFINITY), 2),
            (double(2.5), 1),
        ];
        assert_eq!(of(&infinities), [nan.clone(), nan.clone()]);
        let mut retracted = infinities.to_vec();
        retracted.push((inf.clone(), -1));
        let minus_inf = double(f64::NEG_INFINITY);
        assert_eq!(of(&retracted), [minus_inf.clone(), minus_inf]);
        retracted.push((double(f64::NEG_INFINITY), -2));
        assert_eq!(of(&retracted), [double(2.5), double(2.5)]);
        let with_nan = [(nan.clone(), 1), (double(1.5), 2), (nan, -1)];
        assert_eq!(of(&with_nan), [double(3.0), double(1.5)]);
        let floats = [(Value::Float(1.5), 1), (Value::Float(2.25), 1)];
        assert_eq!(of(&floats), [double(3.75), double(1.875)]);
        assert_eq!(
            of(&[(double(1.0), 1), (double(1.0), -1)]),
            [Value::Null, Value::Null]
        );
        assert_eq!(of(&[(Value::Null, 1)]), [Value::Null, Value::Null]);
        assert_eq!(of(&[(double(-0.0), 3)]), [double(0.0), double(0.0)]);
        assert_eq!(of(&[(double(-0.0), 3)])[0].as_f64().unwrap().signum(), 1.0);
    }

    /// The sum of the values that remain is the same whatever the batches they came and went
    /// in, and whatever the order of their partial states: added in ascending order, from
    /// `0.0`. (`0.1 + 0.2 + 0.3` is `0.6000000000000001` in that order, `0.6` in the reverse.)
    /// A run of 64 or more equal values is added as their product.
    #[test]
    fn double_sums_over_retractions_do_not_depend_on_order() {
        let double = Value::Double;
        let of = |inputs: &[(Value, i64)]| double_sums(AccumulatorKind::SumOfValues, inputs);
        let ascending = [(double(0.1), 1), (double(0.2), 1), (double(0.3), 1)];
        let expected = [double(0.6000000000000001), double(0.20000000000000004)];
        assert_eq!(of(&ascending), expected);
        let mut descending = ascending.to_vec();
        descending.reverse();
        assert_eq!(of(&descending), expected);
        let came_and_went = [
            (double(0.3), 2),
            (double(7.0), 1),
            (double(0.1), 1),
            (double(0.3), -1),
            (double(0.2), 1),
            (double(7.0), -1),
        ];
        assert_eq!(of(&came_and_went), expected);
        assert_eq!(of(&[(double(0.1), 100)]), [double(10.0), double(0.1)]);
    }

    /// Over an input that only grows, a `-0.0` sum is `0.0` too, as Spark's from `0.0`; and
    /// `sum(DISTINCT)` of `-0.0` (PySpark 4.3 prints `0.0` for all three).
    #[test]
    fn running_double_sums_of_minus_zero_are_zero() {
        let zero = Value::Double(-0.0);
        let sums = double_sums(AccumulatorKind::SumDouble, &[(zero.clone(), 2)]);
        let kind = AccumulatorKind::SumDistinctDouble;
        let distinct = fold(kind, &[(zero, 2)]).finish(kind).unwrap();
        for sum in sums.iter().chain([&distinct]) {
            assert_eq!(sum.as_f64().map(f64::to_bits), Some(0.0f64.to_bits()));
        }
    }

    /// A finalized window's group vanishes when its negation is added, whatever its double sum:
    /// an infinite one (which minus itself is `NaN`), and one whose partial states the
    /// arrangement adds in another order than the one that made the negated total (here
    /// `(0.1 + 0.2) + 0.3` negated, then `0.1 + (0.2 + 0.3)` added to it).
    #[test]
    fn finalized_groups_with_double_sums_vanish() {
        let state = |rows: i64, sum: f64| Accumulators {
            rows,
            slots: Slots::from(vec![Accumulator::SumDouble(rows, TotalF64(sum))]),
        };
        let mut infinite = state(2, f64::INFINITY);
        infinite.plus_equals(&infinite.negated());
        assert!(IsZero::is_zero(&infinite), "{infinite:?}");
        let parts = [state(1, 0.1), state(1, 0.2), state(1, 0.3)];
        let mut total = parts[0].clone();
        total.plus_equals(&parts[1]);
        total.plus_equals(&parts[2]);
        let mut removed = total.negated();
        let mut tail = parts[1].clone();
        tail.plus_equals(&parts[2]);
        removed.plus_equals(&parts[0]);
        assert!(!IsZero::is_zero(&removed));
        removed.plus_equals(&tail);
        assert!(IsZero::is_zero(&removed), "{removed:?}");
    }

    /// The exact sums live in the space the widest state already took: a group's state does
    /// not grow (48 bytes an aggregate, as before, and 16 for the group).
    #[test]
    fn exact_sums_do_not_grow_the_state() {
        assert_eq!(std::mem::size_of::<Accumulator>(), 48);
        assert_eq!(std::mem::size_of::<Accumulators>(), 16);
        assert!(std::mem::size_of::<Int192>() <= std::mem::size_of::<Value>());
    }

    /// The errors `aggregate` emits per batch in `changes` mode, for `sum` and `try_sum` of
    /// group `a`'s values: `MAX`, then `1` (beyond `bigint`), then `-1` (back).
    fn overflow_errors(changes: ResultChanges) -> Vec<(String, Time)> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        timely::execute(timely::Config::thread(), move |worker| {
            let sink = sink.clone();
            let clock = BatchClock::default();
            let ran = clock.clone();
            let mut input = worker.dataflow::<Time, _, _>(|scope| {
                let (input, keyed) = scope.new_collection::<Key, Accumulators>();
                let kind = AccumulatorKind::SumLong;
                let (_, errors, _) = aggregate(
                    keyed,
                    vec![
                        AggregateOutput::Slot(0, kind),
                        AggregateOutput::TrySlot(1, kind),
                    ],
                    changes,
                    None,
                    &clock,
                );
                errors.inspect(move |(error, time, _)| {
                    sink.lock().unwrap().push((error.clone(), *time))
                });
                input
            });
            for (batch, v) in [i64::MAX, 1, -1].into_iter().enumerate() {
                ran.set(batch as Time, 0);
                let slot =
                    || Accumulator::from_value(AccumulatorKind::SumLong, &Value::Long(v), 1, 0);
                input.update(
                    Key::encode(&[Value::from("a")]),
                    Accumulators {
                        rows: 1,
                        slots: Slots::from(vec![slot().unwrap(), slot().unwrap()]),
                    },
                );
                input.advance_to(batch as Time + 1);
            }
        })
        .unwrap();
        let seen = seen.lock().unwrap().clone();
        seen
    }

    /// The batch whose row does not fit fails, in every mode that emits changes and in
    /// complete mode; `try_sum` never does.
    #[test]
    fn a_sum_beyond_its_type_fails_its_batch() {
        for changes in [
            ResultChanges::All,
            ResultChanges::NewRows,
            ResultChanges::Table,
        ] {
            assert_eq!(
                overflow_errors(changes),
                vec![(crate::aggregate_exact::long_overflow(), 1)],
                "{changes:?}"
            );
        }
    }

    #[test]
    fn a_delta_keeps_each_keys_last_change() {
        let key = |k: &str| Key::encode(&[Value::from(k)]);
        let state = |rows: i64| Accumulators {
            rows,
            slots: Slots::default(),
        };
        let batches = vec![
            vec![
                // Changed: the new state wins over the retraction of the old, in any order.
                (key("a"), Change::Written, Some(state(2))),
                (key("a"), Change::Retracted, None),
                // Removed.
                (key("b"), Change::Retracted, None),
                // Written, then finalized by the same batch's watermark.
                (key("c"), Change::Written, Some(state(1))),
                (key("c"), Change::Finalized, None),
                (key("d"), Change::Written, Some(state(1))),
            ],
            // A later batch wins over an earlier one.
            vec![
                (key("d"), Change::Retracted, None),
                (key("d"), Change::Written, Some(state(5))),
                (key("b"), Change::Written, Some(state(7))),
            ],
        ];
        let encoded = |rows: i64| Some(bincode::serialize(&state(rows)).unwrap());
        let row = |k: &str| Row::new(vec![Value::from(k)]);
        assert_eq!(
            encode_delta(batches).unwrap(),
            vec![
                (row("a"), encoded(2)),
                (row("b"), encoded(7)),
                (row("c"), None),
                (row("d"), encoded(5)),
            ]
        );
    }

    #[test]
    fn aggregates_emit_only_touched_groups() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        timely::execute(timely::Config::thread(), move |worker| {
            let sink = sink.clone();
            let mut input = worker.dataflow::<Time, _, _>(|scope| {
                let (input, keyed) = scope.new_collection::<Key, Accumulators>();
                aggregate(
                    keyed,
                    vec![
                        AggregateOutput::Rows,
                        AggregateOutput::Slot(0, AccumulatorKind::Max),
                    ],
                    ResultChanges::All,
                    None,
                    &BatchClock::default(),
                )
                .0
                .inspect(move |(row, time, diff)| {
                    sink.lock().unwrap().push((row.clone(), *time, *diff))
                });
                input
            });
            let group = |k: &str, v: i64| {
                (
                    Key::encode(&[Value::from(k)]),
                    Accumulators {
                        rows: 1,
                        slots: Slots::from(vec![Accumulator::from_value(
                            AccumulatorKind::Max,
                            &Value::Long(v),
                            1,
                            0,
                        )
                        .unwrap()]),
                    },
                )
            };
            let (k, acc) = group("a", 5);
            input.update(k, acc);
            let (k, acc) = group("b", 1);
            input.update(k, acc);
            input.advance_to(1);
            let (k, acc) = group("a", 7);
            input.update(k, acc);
            input.advance_to(2);
        })
        .unwrap();
        let mut seen = seen.lock().unwrap().clone();
        seen.sort();
        let row = |k: &str, n: i64, m: i64| {
            Row::new(vec![Value::from(k), Value::Long(n), Value::Long(m)])
        };
        assert_eq!(
            seen,
            vec![
                (row("a", 1, 5), 0, 1),
                (row("a", 1, 5), 1, -1),
                (row("a", 2, 7), 1, 1),
                (row("b", 1, 1), 0, 1)
            ]
        );
    }
}
