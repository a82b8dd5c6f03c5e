//! [`Operator`]: the public trait every custom (and several built-in) operators implement,
//! and what building one returns.

use crate::custom::{BatchClock, OperatorError, OperatorState};
use crate::{Errors, Rows, Schema};

/// What a worker passes to [`Operator::build`] besides the input rows.
#[derive(Clone, Debug)]
pub struct BuildContext {
    /// This worker's index among all workers of all processes.
    pub index: usize,
    /// The number of workers of all processes.
    pub peers: usize,
    /// The processing time of each batch (for processing-time timeouts).
    pub clock: BatchClock,
    /// The schema of the input rows.
    pub input_schema: Schema,
}

/// The dataflow an [`Operator::build`] made.
pub struct Built<'scope> {
    /// The output rows, at the epochs (batches) they belong to.
    pub rows: Rows<'scope>,
    /// Rows on which the operator failed, as messages; any message fails its batch (before
    /// the sink writes it) and stops the query.
    pub errors: Option<Errors<'scope>>,
    /// The operator's state on this worker, when it keeps one across batches: checkpoints
    /// snapshot it after a batch and restore it on restart.
    pub state: Option<Box<dyn OperatorState>>,
}

impl<'scope> Built<'scope> {
    /// A stateless result: output rows, no errors.
    pub fn rows(rows: Rows<'scope>) -> Self {
        Built {
            rows,
            errors: None,
            state: None,
        }
    }
}

/// A custom operator over the engine's row collection: what `df.transform(op)` takes.
///
/// An operator has a name (shown by `explain()` and in its errors), computes its output
/// schema from its input schema (or refuses the input), and builds timely/differential
/// operators over the input [`Rows`] — a differential collection of rows timestamped by batch
/// id. The same value builds the dataflow on every worker of every process (the query plan
/// holds it as `Arc<dyn Operator>`), so `build` must build the same graph every time.
///
/// Rows are placed on workers arbitrarily: an operator that groups rows by key must exchange
/// them by key itself (see [`key_owner`](crate::key_owner) and the keyed operators of this
/// crate, [`FlatMapGroupsWithState`](crate::FlatMapGroupsWithState) and
/// [`DropDuplicates`](crate::DropDuplicates)). Every row the operator outputs must match the
/// schema it declared: Ember checks and fails the query otherwise.
///
/// ```
/// use differential_dataflow::input::Input;
/// use ember_operators::{Built, BuildContext, Operator, OperatorError, Rows, Row, Schema, Value};
///
/// /// Repeats every row twice.
/// struct Twice;
///
/// impl Operator for Twice {
///     fn name(&self) -> &str { "twice" }
///     fn output_schema(&self, input: &Schema) -> Result<Schema, OperatorError> {
///         Ok(input.clone())
///     }
///     fn build<'scope>(&self, rows: Rows<'scope>, _: &BuildContext) -> Built<'scope> {
///         Built::rows(rows.clone().concat(rows))
///     }
/// }
///
/// timely::example(|scope| {
///     let (mut input, rows) = scope.new_collection::<Row, isize>();
///     let context = BuildContext { index: 0, peers: 1, clock: Default::default(), input_schema: Schema::default() };
///     let built = Twice.build(rows, &context);
///     built.rows.consolidate().inspect(|(row, _, diff)| assert_eq!((row.get(0), *diff), (&Value::Long(1), 2)));
///     input.insert(Row::new(vec![Value::Long(1)]));
/// });
/// ```
pub trait Operator: Send + Sync + 'static {
    /// The operator's name, as `explain()` and error messages show it.
    fn name(&self) -> &str;

    /// The schema of the rows the operator outputs for input rows of schema `input`, or why
    /// it cannot take such rows.
    fn output_schema(&self, input: &Schema) -> Result<Schema, OperatorError>;

    /// Builds the operator's dataflow over `rows` on one worker.
    fn build<'scope>(&self, rows: Rows<'scope>, context: &BuildContext) -> Built<'scope>;

    /// One line for `explain()`: by default the name.
    fn describe(&self) -> String {
        self.name().to_string()
    }

    /// Whether [`build`](Self::build) returns a state to checkpoint (default: no). Recorded in
    /// the checkpoint so that a restart with a different query is refused.
    fn is_stateful(&self) -> bool {
        false
    }
}
