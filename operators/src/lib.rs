//! # ember-operators: Ember's dataflow layer
//!
//! The row model ([`Value`], [`Row`], [`Schema`]) and the timely/differential operators Ember's
//! engine builds queries from. This crate knows nothing of sessions, DataFrames or Spark option
//! strings; the `ember` crate compiles those into calls on the operators here.
//!
//! Every collection is timestamped by batch: epoch `N` of the dataflow is micro-batch `N` of
//! the query ([`Time`]), and multiplicities are [`Diff`]s.

mod aggregate;
pub mod aggregate_exact;
pub mod custom;
mod finalize;
mod gather;
mod group_trace;
pub mod hyperloglog;
mod pre_aggregate;
pub mod row;
mod slots;
pub mod spark_hash;
mod static_join;
mod statistics;
mod table;
mod try_flat_map;

pub use aggregate::{
    aggregate, Accumulator, AccumulatorKind, Accumulators, AggregateOutput, AggregateState,
    ResultChanges, TotalF64,
};
pub use aggregate_exact::Int192;
pub use custom::{
    check_row, key_hash, key_owner, row_text, run_user_code, BatchClock, BatchWatermarks,
    BuildContext, Built, DeltaEncoder, DeltaEntry, DropDuplicates, FlatMapGroupsWithState,
    GroupState, GroupStateTimeout, GroupsFn, KeyFn, Operator, OperatorError, OperatorState, RowFn,
    RowOperator, Session, SessionKeying, SessionLayout, SessionOutput, SessionWindowAggregate,
    Sessions, StateEntry, StateMetrics,
};
pub use finalize::{
    finalize_windows, Finalization, FinalizedGroups, FinalizerOutput, FinalizingWatermark,
    WindowEnd,
};
pub use gather::{gather_epochs, EpochOutbox};
pub use group_trace::GroupTrace;
pub use pre_aggregate::{pre_aggregate, BatchGroups, KeyLogic};
pub use row::{
    decimal_digits, encode_key, encode_last_value, encode_value, encode_window, pow10, DataType,
    Decimal, Field, HeapBytes, IntervalField, IntervalType, Key, Row, Schema, Value, MAX_PRECISION,
    MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND,
};
pub use slots::Slots;
pub use static_join::{static_join, StaticJoinKind, StaticJoinSpec};
pub use statistics::{Arrival, Dispersion};
pub use try_flat_map::{try_flat_map, RowLogic};

/// The dataflow timestamp: the batch id.
pub type Time = u64;

/// The multiplicity of an update: `+n` inserts `n` copies, `-n` retracts them.
pub type Diff = isize;

/// A container of differential updates `(datum, time, diff)`.
pub type Updates<D> = Vec<(D, Time, Diff)>;

/// A timely stream of differential updates in a batch-timestamped scope.
pub type UpdateStream<'scope, D> = timely::dataflow::Stream<'scope, Time, Updates<D>>;

/// A differential collection of rows in a batch-timestamped scope: what every operator reads
/// and writes.
pub type Rows<'scope> = differential_dataflow::VecCollection<'scope, Time, Row, Diff>;

/// A differential collection of error messages: rows on which an operator failed.
pub type Errors<'scope> = differential_dataflow::VecCollection<'scope, Time, String, Diff>;
