//! [`PhysicalPlan`]: what every worker builds and what the driver runs.
//!
//! Lowering fuses every run of stateless operators (projections, filters, explode) into one
//! function applied to each row in a single pass, and fuses the stateless operators before
//! an aggregation into the function that computes each row's group key and accumulators.

use std::sync::Arc;

use ember_operators::{
    encode_key, encode_last_value, encode_value, Accumulator, AccumulatorKind, Accumulators,
    AggregateOutput, BatchGroups, DataType, Diff, Operator, ResultChanges, Row, Schema, Value,
};

use super::{BatchContext, GroupKey, JoinPlan, LogicalPlan, StaticRelation};
use crate::expr::{AggregateFunction, BoundAggregate, Predicate, RowMapper, RowVisitor, WindowKey};
use crate::sink::OutputMode;
use crate::source::Source;
use crate::streaming::TriggerPlan;

/// A fused stateless pass: hands the visitor the rows one input row becomes, given what the
/// worker knows of the batch. A row that only passes filters reaches the visitor as it came,
/// so the visitor may take it without a copy.
pub type Pass =
    Arc<dyn Fn(&mut Row, &BatchContext, &mut RowVisitor<'_>) -> Result<(), String> + Send + Sync>;

/// Computes a row's group key(s) and accumulators (with the row's multiplicity) and adds them
/// to the batch's groups, or fails. A row falls in several groups with sliding windows, and in
/// none when it is late.
pub type Keyer = Arc<
    dyn Fn(&mut Row, Diff, &BatchContext, &mut KeyScratch, &mut BatchGroups) -> Result<(), String>
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

/// One stage of a physical plan, rendered as one (or, for aggregates, a few) dataflow
/// operators over one input.
#[derive(Clone)]
pub enum Stage {
    /// Stateless operators fused into one pass per row, on the worker that holds the row.
    Pipeline {
        /// What the pass does, step by step, for `explain()`.
        steps: Vec<String>,
        /// The fused pass.
        logic: Pass,
    },
    /// A grouped aggregation: the fused pass computes each row's key and accumulators;
    /// differential sums accumulators (partially on each worker, then by key after the
    /// exchange) and keeps one arrangement of the groups.
    Aggregate {
        /// The stateless steps fused before the key computation, for `explain()`.
        steps: Vec<String>,
        /// The key columns' names.
        keys: Vec<String>,
        /// The aggregate columns' names.
        aggregates: Vec<String>,
        /// The fused pass.
        keyer: Keyer,
        /// How each aggregate column is read from the accumulators.
        outputs: Vec<AggregateOutput>,
        /// With a watermark, outside complete mode: the key column holding the event-time
        /// window, whose groups are finalized and forgotten once the watermark passes the
        /// window's end.
        evict_by_window: Option<usize>,
        /// What the aggregation emits each batch (see [`PhysicalPlan::lower`]).
        changes: ResultChanges,
    },
    /// A custom [`Operator`]: its own dataflow, then a check that every row it outputs
    /// matches the schema it declared.
    Custom {
        /// The operator.
        operator: Arc<dyn Operator>,
        /// The schema of its input rows.
        input_schema: Schema,
        /// The schema it declared for its output.
        output_schema: Schema,
    },
}

/// A node of the physical plan's graph; nodes name their inputs by position in
/// [`PhysicalPlan::nodes`], where inputs always come first.
#[derive(Clone)]
pub enum Node {
    /// The rows of streaming source `.0` (a position in [`PhysicalPlan::sources`]).
    Source(usize),
    /// The rows of a static relation, inserted once.
    Static(StaticRelation),
    /// A stage over one input.
    Stage {
        /// The input node.
        input: usize,
        /// The stage.
        stage: Stage,
    },
    /// The rows of every input.
    Union(Vec<usize>),
    /// A streaming left input joined with a static right input, each exchanged by the
    /// key's hash; the static side is indexed once.
    Join {
        /// The streaming input node.
        left: usize,
        /// The static input node.
        right: usize,
        /// The join's keys and output columns.
        join: JoinPlan,
    },
}

/// A started query, lowered: every worker of every process renders the same plan (SPMD).
#[derive(Clone)]
pub struct PhysicalPlan {
    /// The query's name (`query_name`) or `None`.
    pub name: Option<String>,
    /// The streaming sources, in the order the plan reads them; batch offsets are logged in
    /// this order.
    pub sources: Vec<Arc<dyn Source>>,
    /// The graph, inputs first; the last node feeds the sink.
    pub nodes: Vec<Node>,
    /// The schema of the rows the sink receives.
    pub output_schema: Schema,
    /// The sink, as `explain()` names it.
    pub sink: String,
    /// The output mode.
    pub output_mode: OutputMode,
    /// When batches run.
    pub(crate) trigger: TriggerPlan,
    /// The watermark delay (microseconds), if the query has a watermark.
    pub watermark_delay: Option<i64>,
}

impl std::fmt::Debug for PhysicalPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhysicalPlan")
            .field("name", &self.name)
            .field("sources", &self.sources)
            .field("nodes", &self.nodes.len())
            .field("output_mode", &self.output_mode)
            .finish_non_exhaustive()
    }
}

/// A stateless step before fusion.
enum Step {
    Map(RowMapper),
    Filter(Predicate),
    /// Observe the event time in column `.0` for the watermark.
    Watermark(usize),
}

/// What lowering a logical node leaves: the node that holds its rows so far, and the
/// stateless steps still to apply to them (fused into the next stage).
struct Lowered {
    node: usize,
    steps: Vec<Step>,
    descriptions: Vec<String>,
}

/// The state of one lowering.
struct Lowering {
    nodes: Vec<Node>,
    sources: Vec<Arc<dyn Source>>,
    output_mode: OutputMode,
    /// Whether windowed aggregations forget the windows the watermark finalizes: with a
    /// watermark, outside complete mode.
    evicts: bool,
}

impl PhysicalPlan {
    /// Lowers an analyzed logical plan. `sink` names the sink for `explain()`.
    pub(crate) fn lower(
        plan: &LogicalPlan,
        name: Option<String>,
        sink: String,
        output_mode: OutputMode,
        trigger: TriggerPlan,
    ) -> Self {
        let watermark_delay = plan.watermark_delay();
        let mut lowering = Lowering {
            nodes: Vec::new(),
            sources: Vec::new(),
            output_mode,
            evicts: watermark_delay.is_some() && output_mode != OutputMode::Complete,
        };
        let root = lowering.lower(plan, true);
        lowering.flush(root);
        PhysicalPlan {
            name,
            sources: lowering.sources,
            nodes: lowering.nodes,
            output_schema: plan.schema().clone(),
            sink,
            output_mode,
            trigger,
            watermark_delay,
        }
    }

    /// What the query is, for the checkpoint's record: a restart must match it.
    pub(crate) fn shape(&self) -> crate::checkpoint::QueryShape {
        crate::checkpoint::QueryShape {
            source: self
                .sources
                .iter()
                .map(|s| s.describe())
                .collect::<Vec<_>>()
                .join(", "),
            schema: self
                .output_schema
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.name, f.data_type))
                .collect::<Vec<_>>()
                .join(", "),
            state: self
                .stages()
                .filter_map(|stage| match stage {
                    Stage::Aggregate {
                        keys, aggregates, ..
                    } => Some(format!(
                        "[{}], [{}]",
                        keys.join(", "),
                        aggregates.join(", ")
                    )),
                    Stage::Custom { operator, .. } if operator.is_stateful() => {
                        Some(operator.describe())
                    }
                    Stage::Pipeline { .. } | Stage::Custom { .. } => None,
                })
                .collect(),
        }
    }

    /// The stages of the plan, inputs first.
    pub fn stages(&self) -> impl Iterator<Item = &Stage> {
        self.nodes.iter().filter_map(|node| match node {
            Node::Stage { stage, .. } => Some(stage),
            _ => None,
        })
    }
}

impl Lowering {
    fn push(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Makes a pipeline stage of `lowered`'s pending steps, if it has any; returns the node
    /// that holds its rows.
    fn flush(&mut self, lowered: Lowered) -> usize {
        match fuse(lowered.steps) {
            Some(logic) => self.push(Node::Stage {
                input: lowered.node,
                stage: Stage::Pipeline {
                    steps: lowered.descriptions,
                    logic,
                },
            }),
            None => lowered.node,
        }
    }

    fn materialized(node: usize) -> Lowered {
        Lowered {
            node,
            steps: Vec::new(),
            descriptions: Vec::new(),
        }
    }

    /// Lowers `plan`. `stateless_above` says whether only stateless nodes lie between it and
    /// the sink, which decides what an aggregation emits:
    /// - append mode (after a windowed aggregation, as analysis requires): each group once,
    ///   final, in the batch whose watermark removes it;
    /// - update mode, when only stateless nodes follow: the new rows and nothing else, as
    ///   retracting old rows would be wasted work;
    /// - otherwise (complete mode keeps the table) every change.
    fn lower(&mut self, plan: &LogicalPlan, stateless_above: bool) -> Lowered {
        match plan {
            LogicalPlan::Source { source, .. } => {
                self.sources.push(source.clone());
                let node = self.push(Node::Source(self.sources.len() - 1));
                Self::materialized(node)
            }
            LogicalPlan::Static { relation, .. } => {
                let node = self.push(Node::Static(relation.clone()));
                Self::materialized(node)
            }
            LogicalPlan::Project {
                input, projection, ..
            } => {
                let mut lowered = self.lower(input, stateless_above);
                lowered.descriptions.push(plan.describe());
                lowered.steps.push(Step::Map(projection.apply.clone()));
                lowered
            }
            LogicalPlan::Filter {
                input, predicate, ..
            } => {
                let mut lowered = self.lower(input, stateless_above);
                lowered.descriptions.push(plan.describe());
                lowered.steps.push(Step::Filter(predicate.clone()));
                lowered
            }
            LogicalPlan::Watermark {
                input,
                column,
                index,
                ..
            } => {
                let mut lowered = self.lower(input, stateless_above);
                lowered
                    .descriptions
                    .push(format!("EventTimeWatermark {column}"));
                lowered.steps.push(Step::Watermark(*index));
                lowered
            }
            LogicalPlan::Aggregate {
                input,
                keys,
                aggregates,
                schema,
            } if super::session_rules::has_session(keys) => {
                let lowered = self.lower(input, false);
                let node = self.flush(lowered);
                let stage = super::session_stage::session_stage(
                    keys,
                    aggregates,
                    input.schema(),
                    schema,
                    self.output_mode,
                );
                Self::materialized(self.push(Node::Stage { input: node, stage }))
            }
            LogicalPlan::Aggregate {
                input,
                keys,
                aggregates,
                ..
            } => {
                let lowered = self.lower(input, false);
                let (keyer, outputs) = keyer(fuse(lowered.steps), keys, aggregates);
                let window = keys.iter().position(|k| matches!(k, GroupKey::Window(_)));
                let changes = match self.output_mode {
                    OutputMode::Append => ResultChanges::Finalized,
                    OutputMode::Update if stateless_above => ResultChanges::NewRows,
                    OutputMode::Update | OutputMode::Complete => ResultChanges::All,
                };
                let stage = Stage::Aggregate {
                    steps: lowered.descriptions,
                    keys: keys.iter().map(|k| k.name().to_string()).collect(),
                    aggregates: aggregates.iter().map(|a| a.name.clone()).collect(),
                    keyer,
                    outputs,
                    evict_by_window: window.filter(|_| self.evicts),
                    changes,
                };
                Self::materialized(self.push(Node::Stage {
                    input: lowered.node,
                    stage,
                }))
            }
            LogicalPlan::Custom {
                input,
                operator,
                schema,
            } => {
                let lowered = self.lower(input, false);
                let node = self.flush(lowered);
                let stage = Stage::Custom {
                    operator: operator.clone(),
                    input_schema: input.schema().clone(),
                    output_schema: schema.clone(),
                };
                Self::materialized(self.push(Node::Stage { input: node, stage }))
            }
            LogicalPlan::Union { inputs, .. } => {
                let inputs = inputs
                    .iter()
                    .map(|input| {
                        let lowered = self.lower(input, stateless_above);
                        self.flush(lowered)
                    })
                    .collect();
                Self::materialized(self.push(Node::Union(inputs)))
            }
            LogicalPlan::Join {
                left, right, join, ..
            } => {
                let lowered = self.lower(left, false);
                let left = self.flush(lowered);
                let lowered = self.lower(right, false);
                let right = self.flush(lowered);
                Self::materialized(self.push(Node::Join {
                    left,
                    right,
                    join: join.clone(),
                }))
            }
        }
    }
}

/// One function applying `steps` in order; `None` when there are none.
///
/// The steps are composed once, here: each step's closure calls the next step's directly, and
/// the last one calls the visitor, so a row pays for its steps and nothing else.
fn fuse(steps: Vec<Step>) -> Option<Pass> {
    let mut steps = steps.into_iter().rev();
    let mut pass: Pass = match steps.next()? {
        // A last map hands its rows to the visitor itself.
        Step::Map(map) => Arc::new(move |row, _context, visit| map(row, visit)),
        last => then(
            last,
            |row: &mut Row, _: &BatchContext, visit: &mut RowVisitor<'_>| visit(row),
        ),
    };
    for step in steps {
        let next = pass;
        pass = then(
            step,
            move |row: &mut Row, context: &BatchContext, visit: &mut RowVisitor<'_>| {
                next(row, context, visit)
            },
        );
    }
    Some(pass)
}

/// The pass that applies `step` to a row and hands the rows it makes to `next`.
fn then<Next>(step: Step, next: Next) -> Pass
where
    Next: Fn(&mut Row, &BatchContext, &mut RowVisitor<'_>) -> Result<(), String>
        + Send
        + Sync
        + 'static,
{
    match step {
        Step::Filter(predicate) => Arc::new(move |row, context, visit| {
            if predicate(row)? {
                next(row, context, visit)?;
            }
            Ok(())
        }),
        Step::Watermark(index) => Arc::new(move |row, context, visit| {
            observe_event_time(row, index, context);
            next(row, context, visit)
        }),
        Step::Map(map) => Arc::new(move |row, context, visit| {
            map(row, &mut |output: &mut Row| next(output, context, visit))
        }),
    }
}

/// Records the event time in column `index` of `row` for the watermark.
fn observe_event_time(row: &Row, index: usize, context: &BatchContext) {
    if let Value::Timestamp(t) = row.get(index) {
        context.observe(*t);
    }
}

/// How one key column is computed.
enum KeyPart {
    /// Taken from the input row's column.
    Column(usize),
    Expr(crate::expr::Evaluator),
    Window(WindowKey),
}

/// The key-and-accumulate function of an aggregation, after the fused `pre` steps.
pub(super) fn keyer(
    pre: Option<Pass>,
    keys: &[GroupKey],
    aggregates: &[BoundAggregate],
) -> (Keyer, Vec<AggregateOutput>) {
    let mut outputs = Vec::new();
    let mut slots: Vec<(AccumulatorKind, crate::expr::Evaluator)> = Vec::new();
    for aggregate in aggregates {
        match (&aggregate.function, &aggregate.input) {
            (AggregateFunction::Count, None) => outputs.push(AggregateOutput::Rows),
            (function, Some(input)) => {
                let kind = accumulator_kind(function, &input.data_type);
                outputs.push(AggregateOutput::Slot(slots.len(), kind));
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
            *slot = Accumulator::from_value(*kind, &eval(row)?, diff as i64)
                .map_err(|e| format!("invariant violated: {e}"))?;
        }
        scratch.key.clear();
        match &columns {
            Some(columns) => {
                encode_key(
                    columns.iter().map(|&index| row.get(index)),
                    &mut scratch.key,
                );
                groups.add(&scratch.key, state);
                Ok(())
            }
            None => add_groups(&parts, row, context, &mut scratch.key, state, groups),
        }
    };
    let keyer: Keyer = match pre {
        None => Arc::new(
            move |row: &mut Row,
                  diff: Diff,
                  context: &BatchContext,
                  scratch: &mut KeyScratch,
                  groups: &mut BatchGroups| {
                accumulate(row, diff, context, scratch, groups)
            },
        ),
        Some(pre) => Arc::new(
            move |row: &mut Row,
                  diff: Diff,
                  context: &BatchContext,
                  scratch: &mut KeyScratch,
                  groups: &mut BatchGroups| {
                pre(row, context, &mut |output: &mut Row| {
                    accumulate(output, diff, context, scratch, groups)
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
                encode(&window.value(start), key);
                add_groups(rest, row, context, key, state, groups)?;
            }
            return Ok(());
        }
    }
    add_groups(rest, row, context, key, state, groups)
}

fn accumulator_kind(function: &AggregateFunction, input: &DataType) -> AccumulatorKind {
    match function {
        AggregateFunction::Count => AccumulatorKind::Count,
        AggregateFunction::Sum if matches!(input, DataType::Double) => AccumulatorKind::SumDouble,
        AggregateFunction::Sum => AccumulatorKind::SumLong,
        AggregateFunction::Avg => AccumulatorKind::Avg,
        AggregateFunction::Min => AccumulatorKind::Min,
        AggregateFunction::Max => AccumulatorKind::Max,
    }
}
