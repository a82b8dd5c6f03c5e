//! `group_by(keys).flat_map_groups_with_state(..)`: Spark's `flatMapGroupsWithState`, a
//! user function over each key's rows with state kept across batches.

use std::sync::Arc;

use ember_operators::{FlatMapGroupsWithState, GroupState, GroupStateTimeout, Row, Schema};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{DataFrame, GroupedData};
use crate::error::Result;
use crate::expr::bind;

impl GroupedData {
    /// Calls `f` once per key per batch with the key (the grouping columns' values), the
    /// key's new rows (sorted; every column of the input) and its [`GroupState`], and outputs
    /// the rows `f` returns, which must match `output_schema` — Spark's
    /// `flatMapGroupsWithState` (in append or update output mode).
    ///
    /// Each key's state lives on one worker (rows are exchanged by a hash of the key), is kept
    /// across batches and, with a checkpoint location, is snapshotted and restored on restart
    /// (serialised with serde and bincode). With [`GroupStateTimeout::ProcessingTimeTimeout`]
    /// a key whose function set a timeout and that gets no rows is called with no rows and
    /// [`GroupState::has_timed_out`] true once the timeout has passed — checked when a batch
    /// runs, and batches run only when new data arrives, so a timeout can fire late but never
    /// early. Ember has no event-time timeouts (Spark's `EventTimeTimeout`).
    ///
    /// A panic in `f` fails the query with an error naming the operator and the key; the
    /// key's state is left as it was.
    ///
    /// ```
    /// use ember::{col, DataType, Field, GroupStateTimeout, Row, Schema, Session, Value};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let lines = spark.read_stream().text(dir.path()).unwrap();
    /// let schema = Schema::new(vec![
    ///     Field::new("value", DataType::String),
    ///     Field::new("seen", DataType::Long),
    /// ]);
    /// let running = lines.group_by([col("value")]).unwrap().flat_map_groups_with_state(
    ///     schema,
    ///     GroupStateTimeout::NoTimeout,
    ///     |key: &Row, rows: &[Row], state| {
    ///         let seen = state.get().copied().unwrap_or(0i64) + rows.len() as i64;
    ///         state.update(seen);
    ///         vec![Row::new(vec![key.get(0).clone(), Value::Long(seen)])]
    ///     },
    /// ).unwrap();
    /// assert_eq!(running.schema().names(), ["value", "seen"]);
    /// ```
    pub fn flat_map_groups_with_state<S, F>(
        self,
        output_schema: Schema,
        timeout: GroupStateTimeout,
        f: F,
    ) -> Result<DataFrame>
    where
        S: Serialize + DeserializeOwned + Clone + Send + 'static,
        F: Fn(&Row, &[Row], &mut GroupState<S>) -> Vec<Row> + Send + Sync + 'static,
    {
        let input_schema = self.df.schema().clone();
        let keys = self
            .keys
            .iter()
            .map(|k| bind(k, &input_schema))
            .collect::<Result<Vec<_>>>()?;
        let names = keys.iter().map(|k| k.name.clone()).collect();
        let evaluators: Vec<_> = keys.into_iter().map(|k| k.eval).collect();
        let operator = FlatMapGroupsWithState::new(
            "flat_map_groups_with_state",
            names,
            Arc::new(move |row: &Row| {
                evaluators
                    .iter()
                    .map(|eval| eval(row))
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map(Row::new)
            }),
            output_schema,
            timeout,
            Arc::new(f),
        );
        self.df.transform(operator)
    }
}
