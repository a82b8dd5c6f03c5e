//! Custom operators: the public [`Operator`] trait, what it builds with, and the operators
//! built on it — row closures ([`RowOperator`]), Spark's `flatMapGroupsWithState`
//! ([`FlatMapGroupsWithState`] with [`GroupState`]), `dropDuplicates` ([`DropDuplicates`])
//! and aggregation by `session_window` ([`SessionWindowAggregate`]).

mod clock;
mod conform;
mod drop_duplicates;
mod error;
mod group_state;
mod groups_with_state;
mod keyed_batches;
mod operator;
mod row_operator;
mod session_window;
mod sessions;
mod state;
mod user_code;

pub use clock::{BatchClock, BatchWatermarks};
pub use conform::check_row;
pub use drop_duplicates::DropDuplicates;
pub use error::OperatorError;
pub use group_state::{GroupState, GroupStateTimeout};
pub use groups_with_state::{FlatMapGroupsWithState, GroupsFn, KeyFn};
pub use operator::{BuildContext, Built, Operator};
pub use row_operator::{RowFn, RowOperator};
pub use session_window::{SessionKeying, SessionLayout, SessionOutput, SessionWindowAggregate};
pub use sessions::{Session, Sessions};
pub(crate) use state::{decode_states, encode_owned_states};
pub use state::{
    key_hash, key_owner, DeltaEncoder, DeltaEntry, OperatorState, SnapshotEncoder, StateEntry,
    StateMetrics,
};
pub use user_code::{row_text, run_user_code};
