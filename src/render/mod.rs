//! Rendering: the physical plan becomes one timely/differential dataflow on every worker.
//!
//! Every worker builds the identical graph (SPMD), so channels match across processes:
//!
//! ```text
//! source inputs ──► stage ──► union / join ──► stage ... ──► gather at worker 0 ──► output outbox
//! static inputs ──────────────────┘   │
//! errors input ───────────────────────┴──────────────────► gather at worker 0 ──► failure outbox
//! control input (driver) ──► broadcast ──────────────────────────────────────► control queue
//! ```
//!
//! The plan's nodes are rendered in order, each over the collections of its inputs: a source
//! node is an input session per streaming source; a static node an input session filled once
//! with this worker's share of the relation; a union concatenates; a join is a
//! [`static_join`]. A pipeline stage is one [`try_flat_map`]; an aggregate stage is a
//! [`pre_aggregate`] that keys rows and sums their accumulators per key on each worker, then
//! [`aggregate`]; a custom stage is what its operator's `build` makes, then a
//! [`try_flat_map`] that checks its rows against the schema it declared. Outboxes and the
//! control queue are read by the worker's loop (driver or follower).

mod control;
mod fuse;
mod keyer;
mod session;
mod source_input;

pub(crate) use control::Control;
pub(crate) use source_input::SourceInput;

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use crate::storage::BackgroundWriter;

use differential_dataflow::input::{Input as _, InputSession};
use differential_dataflow::VecCollection;
use ember_operators::{
    aggregate, check_row, gather_epochs, pre_aggregate, static_join, try_flat_map, Accumulators,
    AggregateOutput, BatchClock, BatchGroups, BuildContext, Diff, EpochOutbox, Errors,
    Finalization, Key, KeyLogic, Operator as RowsOperator, OperatorError, OperatorState, Row, Rows,
    Schema, StaticJoinKind, StaticJoinSpec, Time, Value,
};
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::vec::Broadcast;
use timely::dataflow::operators::Input as _;
use timely::dataflow::InputHandle;
use timely::worker::Worker;

use crate::plan::{
    bind_grouping, BatchContext, Grouping, JoinPlan, JoinType, Node, PhysicalPlan, Side, Stage,
    StaticRelation, Step, WorkerStats,
};
use fuse::compile;
use keyer::{keyer, KeyScratch};
use session::session_operator;

/// The handles a worker keeps to drive the dataflow of one query.
pub(crate) struct Dataflow {
    /// Per streaming source: where this worker's share goes, at the batch's epoch.
    pub sources: Vec<SourceInput>,
    /// Per static relation: its input, filled with this worker's share at the first epoch
    /// this worker runs, then closed.
    pub statics: Vec<(StaticRelation, InputSession<Time, Row, Diff>)>,
    /// Per streaming source: the rows this worker read in its latest batch.
    pub input_rows: Vec<u64>,
    /// Errors met while reading this worker's share (e.g. an unreadable file).
    pub errors: InputSession<Time, String, Diff>,
    /// Batch plans, sent by the driver only.
    pub control: InputHandle<Time, timely::container::CapacityContainerBuilder<Vec<Control>>>,
    /// Batch plans received by this worker, in order.
    pub control_queue: Rc<RefCell<VecDeque<Control>>>,
    /// Complete batches of the sink's input (filled on worker 0 only).
    pub output: Rc<RefCell<EpochOutbox<Row>>>,
    /// Complete batches of errors (filled on worker 0 only).
    pub failures: Rc<RefCell<EpochOutbox<String>>>,
    /// What each worker reports after a batch (event time, late rows, state size), gathered
    /// at the driver in a dataflow of its own.
    pub stats: InputSession<Time, WorkerStats, Diff>,
    /// Complete reports (filled on worker 0 only).
    pub stats_outbox: Rc<RefCell<EpochOutbox<WorkerStats>>>,
    /// Per stateful stage (aggregations and stateful operators, in the plan's order): its
    /// state on this worker, driven through the one [`OperatorState`] protocol.
    pub states: Vec<Box<dyn OperatorState>>,
    /// What this worker's passes know and observe of the current batch.
    pub context: Rc<BatchContext>,
    /// The processing time and watermarks of each batch, read by custom operators and by
    /// the finalization of windowed aggregations.
    pub clock: BatchClock,
    /// Whether every state records its changes, so that the checkpoint takes deltas.
    pub incremental: bool,
    /// This worker's state snapshots and deltas, written in the background.
    pub writer: BackgroundWriter,
}

/// What rendering collects from the nodes, besides their output.
#[derive(Default)]
struct Collected {
    sources: Vec<SourceInput>,
    statics: Vec<(StaticRelation, InputSession<Time, Row, Diff>)>,
    states: Vec<Box<dyn OperatorState>>,
    clock: BatchClock,
    context: Rc<BatchContext>,
}

/// Builds the dataflow of `plan` on `worker`.
pub(crate) fn build_dataflow(worker: &mut Worker, plan: &PhysicalPlan) -> Dataflow {
    let output = Rc::new(RefCell::new(EpochOutbox::default()));
    let failures = Rc::new(RefCell::new(EpochOutbox::default()));
    let control_queue = Rc::new(RefCell::new(VecDeque::new()));
    let mut collected = Collected::default();
    let (errors, control) = worker.dataflow::<Time, _, _>(|scope| {
        let (errors, error_collection) = scope.new_collection::<String, Diff>();
        let (control, control_stream) = scope.new_input::<Vec<Control>>();
        let (results, errors_out) = render_nodes(error_collection, plan, &mut collected);
        gather_epochs(results.inner, output.clone());
        gather_epochs(errors_out.inner, failures.clone());
        let queue = control_queue.clone();
        control_stream
            .broadcast()
            .sink(Pipeline, "ControlQueue", move |(input, _frontier)| {
                input.for_each(|_cap, data: &mut Vec<Control>| {
                    queue.borrow_mut().extend(data.drain(..));
                });
            });
        (errors, control)
    });
    let stats_outbox = Rc::new(RefCell::new(EpochOutbox::default()));
    let stats = worker.dataflow::<Time, _, _>(|scope| {
        let (stats, reports) = scope.new_collection::<WorkerStats, Diff>();
        gather_epochs(reports.inner, stats_outbox.clone());
        stats
    });
    Dataflow {
        sources: collected.sources,
        statics: collected.statics,
        input_rows: Vec::new(),
        errors,
        control,
        control_queue,
        output,
        failures,
        stats,
        stats_outbox,
        states: collected.states,
        context: collected.context,
        clock: collected.clock,
        incremental: false,
        writer: BackgroundWriter::default(),
    }
}

/// Renders the nodes of `plan`, in order; every node's errors join `errors`. Returns the
/// last node's rows (the sink's input) and all errors.
fn render_nodes<'scope>(
    mut errors: Errors<'scope>,
    plan: &PhysicalPlan,
    collected: &mut Collected,
) -> (Rows<'scope>, Errors<'scope>) {
    let scope = errors.inner.scope();
    // A node's rows, or `None` for a source keyed into the aggregation it alone feeds.
    let mut outputs: Vec<Option<Rows<'scope>>> = Vec::with_capacity(plan.nodes.len());
    let keyed_sources = keyed_sources(plan);
    // The groups of a keyed source, by the aggregation stage they feed.
    let mut keyed: HashMap<usize, Keyed<'scope>> = HashMap::new();
    for (index, node) in plan.nodes.iter().enumerate() {
        // A node may feed several (a source read by two branches of a union): each reader
        // gets a handle on the same stream.
        let take = |i: usize| {
            outputs[i]
                .clone()
                .expect("invariant violated: a keyed source read by a node it does not feed")
        };
        let rows = match node {
            Node::Source(_) => match keyed_sources.get(&index) {
                Some(&stage_index) => {
                    let Node::Stage { stage, .. } = &plan.nodes[stage_index] else {
                        panic!("invariant violated: a source keyed into a node not a stage");
                    };
                    let (keyer, outputs) = aggregation_keyer(stage, collected);
                    let (input, groups) = scope.new_collection::<Key, Accumulators>();
                    collected.sources.push(SourceInput::Grouped {
                        input,
                        keyer,
                        groups: BatchGroups::default(),
                    });
                    keyed.insert(stage_index, (groups, outputs));
                    None
                }
                None => {
                    let (input, rows) = scope.new_collection::<Row, Diff>();
                    collected.sources.push(SourceInput::Rows(input));
                    Some(rows)
                }
            },
            Node::Stage { stage, .. } if keyed.contains_key(&index) => {
                let (groups, outputs) = keyed
                    .remove(&index)
                    .expect("invariant violated: checked just above");
                let (rows, stage_errors) = render_aggregation(groups, outputs, stage, collected);
                errors = errors.concat(stage_errors);
                Some(rows)
            }
            Node::Static(relation) => {
                let (input, rows) = scope.new_collection::<Row, Diff>();
                collected.statics.push((relation.clone(), input));
                Some(rows)
            }
            Node::Union(inputs) => {
                let mut inputs = inputs.iter().map(|&i| take(i));
                let first = inputs
                    .next()
                    .expect("invariant violated: a union without inputs");
                Some(inputs.fold(first, |all, next| all.concat(next)))
            }
            Node::Join { left, right, join } => {
                let (left, right) = (take(*left), take(*right));
                Some(match join.static_side {
                    Side::Right => static_join(left, right, join_spec(join)),
                    Side::Left => static_join(right, left, join_spec(join)),
                })
            }
            Node::Stage { input, stage } => {
                let (rows, stage_errors) = render_stage(take(*input), stage, collected);
                errors = errors.concat(stage_errors);
                Some(rows)
            }
        };
        outputs.push(rows);
    }
    let rows = outputs
        .pop()
        .flatten()
        .expect("invariant violated: a plan without nodes, or ending with a keyed source");
    (rows, errors)
}

/// An aggregation's groups from a keyed source, with the aggregation's outputs.
type Keyed<'scope> = (
    VecCollection<'scope, Time, Key, Accumulators>,
    Vec<AggregateOutput>,
);

/// The sources that are keyed as they are read (see [`SourceInput`]): by node, the
/// aggregation stage that a source feeds and no other node reads.
fn keyed_sources(plan: &PhysicalPlan) -> HashMap<usize, usize> {
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); plan.nodes.len()];
    for (index, node) in plan.nodes.iter().enumerate() {
        match node {
            Node::Source(_) | Node::Static(_) => {}
            Node::Stage { input, .. } => readers[*input].push(index),
            Node::Union(inputs) => inputs.iter().for_each(|&i| readers[i].push(index)),
            Node::Join { left, right, .. } => {
                readers[*left].push(index);
                readers[*right].push(index);
            }
        }
    }
    plan.nodes
        .iter()
        .enumerate()
        .filter_map(|(index, node)| match (node, readers[index].as_slice()) {
            (Node::Source(_), &[reader]) => match &plan.nodes[reader] {
                Node::Stage {
                    stage: Stage::Aggregate { .. },
                    ..
                } => Some((index, reader)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The operator's form of a join: its stream is the input on the other side of the static
/// table.
fn join_spec(join: &JoinPlan) -> StaticJoinSpec {
    let (stream_keys, static_keys) = match join.static_side {
        Side::Right => (&join.left_keys, &join.right_keys),
        Side::Left => (&join.right_keys, &join.left_keys),
    };
    StaticJoinSpec {
        kind: match join.how {
            JoinType::Inner => StaticJoinKind::Inner,
            JoinType::LeftOuter => StaticJoinKind::LeftOuter,
            JoinType::LeftSemi => StaticJoinKind::LeftSemi,
            JoinType::LeftAnti => StaticJoinKind::LeftAnti,
        },
        stream_keys: stream_keys.clone(),
        static_keys: static_keys.clone(),
        output: join
            .output
            .iter()
            .map(|&(side, i)| (side == join.static_side, i))
            .collect(),
    }
}

/// Renders one stage over `rows`; returns its rows and its errors. The stage's functions are
/// compiled here, from its expressions, for this worker.
fn render_stage<'scope>(
    rows: Rows<'scope>,
    stage: &Stage,
    collected: &mut Collected,
) -> (Rows<'scope>, Errors<'scope>) {
    match stage {
        Stage::Pipeline { steps } => {
            let (rows, errors) = render_pipeline(rows, steps, collected);
            (
                rows,
                errors.expect("invariant violated: a pipeline stage without steps"),
            )
        }
        Stage::Aggregate { .. } => {
            let (keyer, outputs) = aggregation_keyer(stage, collected);
            // Partial aggregation: each worker sums the accumulators of equal keys in its
            // share of a batch before the exchange, as Spark's partial aggregation does.
            let (keyed, errs) = pre_aggregate(rows, "KeyAndPreAggregate", keyer);
            let (out, sum_errors) = render_aggregation(keyed, outputs, stage, collected);
            (out, errs.concat(sum_errors))
        }
        Stage::SessionAggregate {
            steps,
            keys,
            aggregates,
            input,
            schema,
            output,
        } => {
            // The steps before it run with the worker's batch context (a watermark observes
            // event times there), the keying inside the operator.
            let (rows, step_errors) = render_pipeline(rows, steps, collected);
            let operator = session_operator(bind(keys, aggregates, input), *output);
            let (out, errs) = render_operator(rows, &operator, input, schema, collected);
            match step_errors {
                Some(step_errors) => (out, step_errors.concat(errs)),
                None => (out, errs),
            }
        }
        Stage::Custom {
            operator,
            input_schema,
            output_schema,
        } => render_operator(rows, &**operator, input_schema, output_schema, collected),
    }
}

/// The per-row logic of aggregation `stage` (its fused steps, its key and accumulators) on
/// this worker, and the aggregation's outputs.
fn aggregation_keyer(stage: &Stage, collected: &Collected) -> (KeyLogic, Vec<AggregateOutput>) {
    let Stage::Aggregate {
        steps,
        keys,
        aggregates,
        input,
        input_retracts,
        ..
    } = stage
    else {
        panic!("invariant violated: keying a stage that does not aggregate");
    };
    let grouping = bind(keys, aggregates, input);
    let (keyer, outputs) = keyer(
        compile(steps),
        &grouping.keys,
        &grouping.aggregates,
        *input_retracts,
    );
    let context = collected.context.clone();
    let mut scratch = KeyScratch::default();
    let logic: KeyLogic = Box::new(
        move |row: &mut Row, batch: Time, diff: Diff, groups: &mut BatchGroups| {
            keyer(row, batch, diff, &context, &mut scratch, groups)
        },
    );
    (logic, outputs)
}

/// Aggregation `stage` over its input's groups, summed per key on each worker: the
/// aggregation's rows and errors. Its state joins `collected`.
fn render_aggregation<'scope>(
    keyed: VecCollection<'scope, Time, Key, Accumulators>,
    outputs: Vec<AggregateOutput>,
    stage: &Stage,
    collected: &mut Collected,
) -> (Rows<'scope>, Errors<'scope>) {
    let Stage::Aggregate {
        evict_by_window,
        changes,
        ..
    } = stage
    else {
        panic!("invariant violated: aggregating in a stage that does not aggregate");
    };
    let finalization = evict_by_window.map(|column| {
        let clock = collected.clock.clone();
        Finalization {
            // The window's end, read from the key without decoding the rest.
            window_end: Rc::new(move |key: &Key| match key.field_at(column, 1) {
                Some(Value::Timestamp(end)) => Some(end),
                _ => None,
            }),
            watermark: Rc::new(move |epoch| clock.watermarks(epoch).map(|w| w.eviction)),
        }
    });
    let (out, errors, state) = aggregate(keyed, outputs, *changes, finalization, &collected.clock);
    collected.states.push(Box::new(state));
    (out, errors)
}

/// An aggregation's keys and aggregates, bound to the rows they read.
fn bind(keys: &[crate::expr::Expr], aggregates: &[crate::expr::Expr], input: &Schema) -> Grouping {
    bind_grouping(keys, aggregates, input)
        .expect("invariant violated: an aggregation bound when its DataFrame was built")
}

/// The stateless `steps`, fused into one pass over `rows`, and the pass's errors; no pass
/// (and no errors) when there are no steps.
fn render_pipeline<'scope>(
    rows: Rows<'scope>,
    steps: &[Step],
    collected: &Collected,
) -> (Rows<'scope>, Option<Errors<'scope>>) {
    let Some(logic) = compile(steps) else {
        return (rows, None);
    };
    let context = collected.context.clone();
    let (rows, errors) = try_flat_map(
        rows,
        "Pipeline",
        Box::new(
            move |mut row: Row, diff: Diff, out: &mut Vec<(Row, Diff)>| {
                logic(&mut row, &context, &mut |output: &mut Row| {
                    out.push((std::mem::take(output), diff));
                    Ok(())
                })
            },
        ),
    );
    (rows, Some(errors))
}

/// `operator` over `rows` (of `input_schema`), then a check that every row it outputs
/// matches `output_schema`, the schema it declared.
fn render_operator<'scope>(
    rows: Rows<'scope>,
    operator: &dyn RowsOperator,
    input_schema: &Schema,
    output_schema: &Schema,
    collected: &mut Collected,
) -> (Rows<'scope>, Errors<'scope>) {
    let scope = rows.inner.scope();
    let context = BuildContext {
        index: scope.index(),
        peers: scope.peers(),
        clock: collected.clock.clone(),
        input_schema: input_schema.clone(),
    };
    let built = operator.build(rows, &context);
    if let Some(state) = built.state {
        collected.states.push(state);
    }
    let name = operator.name().to_string();
    let schema = output_schema.clone();
    let (checked, mismatches) = try_flat_map(
        built.rows,
        "CheckSchema",
        Box::new(move |row: Row, diff: Diff, out: &mut Vec<(Row, Diff)>| {
            check_row(&schema, &row).map_err(|why| {
                OperatorError::new(
                    &name,
                    format!("it output a row that does not match its declared schema: {why}"),
                )
                .to_string()
            })?;
            out.push((row, diff));
            Ok(())
        }),
    );
    let errs = match built.errors {
        Some(errs) => errs.concat(mismatches),
        None => mismatches,
    };
    (checked, errs)
}
