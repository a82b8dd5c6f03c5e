//! [`PhysicalPlan`]: what every worker builds and what the driver runs.
//!
//! Lowering gathers every run of stateless operators (projections, filters, explode) into one
//! stage, which render fuses into one function applied to each row in a single pass, and puts
//! the stateless operators before an aggregation into the aggregation's stage, fused with the
//! function that computes each row's group key and accumulators. The plan holds expressions
//! and schemas only: render makes the functions, on each worker.

use std::sync::Arc;

use ember_operators::{Operator, ResultChanges, Schema, SessionOutput};

use super::TriggerPlan;
use super::{JoinPlan, LogicalPlan, StaticRelation, Windowing};
use crate::expr::Expr;
use crate::sink::OutputMode;
use crate::source::Source;

/// One stage of a physical plan, rendered as one (or, for aggregates, a few) dataflow
/// operators over one input.
#[derive(Clone)]
pub enum Stage {
    /// Stateless operators fused into one pass per row, on the worker that holds the row.
    Pipeline {
        /// The steps, in order.
        steps: Vec<Step>,
    },
    /// A grouped aggregation: the fused pass computes each row's key and accumulators;
    /// differential sums accumulators (partially on each worker, then by key after the
    /// exchange) and keeps one arrangement of the groups.
    Aggregate {
        /// The stateless steps fused before the key computation.
        steps: Vec<Step>,
        /// The grouping keys, over `input`.
        keys: Vec<Expr>,
        /// The aggregates, over `input`.
        aggregates: Vec<Expr>,
        /// The schema of the rows the keys and aggregates read (after `steps`).
        input: Schema,
        /// The result columns: keys, then aggregates.
        schema: Schema,
        /// With a watermark, outside complete mode: the key column holding the event-time
        /// window, whose groups are finalized and forgotten once the watermark passes the
        /// window's end.
        evict_by_window: Option<usize>,
        /// What the aggregation emits each batch (see [`PhysicalPlan::lower`]).
        changes: ResultChanges,
        /// Whether its input retracts rows (it reads another aggregation's changes): min and
        /// max then keep each group's values, to stay exact.
        input_retracts: bool,
    },
    /// An aggregation grouped by a session window, by the `SessionWindowAggregate` operator.
    SessionAggregate {
        /// The stateless steps before it.
        steps: Vec<Step>,
        /// The grouping keys, over `input`.
        keys: Vec<Expr>,
        /// The aggregates, over `input`.
        aggregates: Vec<Expr>,
        /// The schema of the rows the keys and aggregates read.
        input: Schema,
        /// The result columns.
        schema: Schema,
        /// What it emits: final sessions (append mode) or every change.
        output: SessionOutput,
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

impl Stage {
    /// An aggregation's key and aggregate column names; `None` for other stages.
    pub fn aggregation_columns(&self) -> Option<(Vec<&str>, Vec<&str>)> {
        match self {
            Stage::Aggregate { keys, schema, .. }
            | Stage::SessionAggregate { keys, schema, .. } => {
                let names = schema.names();
                let (k, a) = names.split_at(keys.len());
                Some((k.to_vec(), a.to_vec()))
            }
            Stage::Pipeline { .. } | Stage::Custom { .. } => None,
        }
    }
}

/// A stateless step, as the plan says it; render compiles it.
#[derive(Clone, Debug)]
pub enum Step {
    /// `select` and the methods built on it: the output columns of each row (several with
    /// `explode`).
    Project {
        /// The expressions.
        exprs: Vec<Expr>,
        /// The schema of the rows they read.
        input: Schema,
        /// The node, as `explain()` names it.
        describe: String,
    },
    /// `filter`: the rows for which the condition is true.
    Filter {
        /// The condition.
        condition: Expr,
        /// The schema of the rows it reads.
        input: Schema,
        /// The node, as `explain()` names it.
        describe: String,
    },
    /// `with_watermark`: observe the event time in column `index` for the watermark.
    Watermark {
        /// The event-time column.
        index: usize,
        /// Its name.
        column: String,
    },
}

impl Step {
    /// The step, for `explain()`.
    pub fn describe(&self) -> String {
        match self {
            Step::Project { describe, .. } | Step::Filter { describe, .. } => describe.clone(),
            Step::Watermark { column, .. } => format!("EventTimeWatermark {column}"),
        }
    }
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
    /// Whether a stateful stage sends the sink changes to a result it keeps (so that complete
    /// mode must keep the table beside the sink); without one, each batch's rows are all
    /// its output: the table itself in complete mode ([`ResultChanges::Table`]).
    pub changes_reach_sink: bool,
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

/// What lowering a logical node leaves: the node that holds its rows so far, and the
/// stateless steps still to apply to them (fused into the next stage).
struct Lowered {
    node: usize,
    steps: Vec<Step>,
}

/// The state of one lowering.
struct Lowering {
    nodes: Vec<Node>,
    sources: Vec<Arc<dyn Source>>,
    output_mode: OutputMode,
    /// Whether windowed aggregations forget the windows the watermark finalizes: with a
    /// watermark, outside complete mode.
    evicts: bool,
    /// Whether a stateful stage followed by stateless nodes only emits changes to its result.
    changes_reach_sink: bool,
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
            changes_reach_sink: false,
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
            changes_reach_sink: lowering.changes_reach_sink,
        }
    }

    /// The names of the stateful stages, in the plan's order (the order of their states), as
    /// Spark's progress reports name its stateful operators.
    pub fn state_operator_names(&self) -> Vec<String> {
        self.stages()
            .filter_map(|stage| match stage {
                Stage::Aggregate { .. } => Some("stateStoreSave".to_string()),
                Stage::SessionAggregate { .. } => {
                    Some("sessionWindowStateStoreSaveExec".to_string())
                }
                Stage::Custom { operator, .. } if operator.is_stateful() => {
                    Some(match operator.name() {
                        "DropDuplicates" => "dedupe".to_string(),
                        "FlatMapGroupsWithState" => "flatMapGroupsWithState".to_string(),
                        name => name.to_string(),
                    })
                }
                _ => None,
            })
            .collect()
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
        if lowered.steps.is_empty() {
            return lowered.node;
        }
        self.push(Node::Stage {
            input: lowered.node,
            stage: Stage::Pipeline {
                steps: lowered.steps,
            },
        })
    }

    fn materialized(node: usize) -> Lowered {
        Lowered {
            node,
            steps: Vec::new(),
        }
    }

    /// Lowers `plan`. `stateless_above` says whether only stateless nodes lie between it and
    /// the sink, which decides what an aggregation emits:
    /// - append mode (after a windowed aggregation, as analysis requires): each group once,
    ///   final, in the batch whose watermark removes it;
    /// - update mode, when only stateless nodes follow: the new rows and nothing else, as
    ///   retracting old rows would be wasted work;
    /// - complete mode, when only stateless nodes follow: every group, every batch, read
    ///   from its arrangement (the sink then gets the table without keeping one);
    /// - otherwise every change.
    fn lower(&mut self, plan: &LogicalPlan, stateless_above: bool) -> Lowered {
        match plan {
            LogicalPlan::Source { source, .. } => {
                // A source the plan reads twice (`a.union(&a)`) is read once, and its rows feed
                // both readers, as Spark reads one source per streaming relation.
                let known = self.sources.iter().position(|s| Arc::ptr_eq(s, source));
                let index = known.unwrap_or_else(|| {
                    self.sources.push(source.clone());
                    self.sources.len() - 1
                });
                let node = match self
                    .nodes
                    .iter()
                    .position(|n| matches!(n, Node::Source(i) if *i == index))
                {
                    Some(node) => node,
                    None => self.push(Node::Source(index)),
                };
                Self::materialized(node)
            }
            LogicalPlan::Static { relation, .. } => {
                let node = self.push(Node::Static(relation.clone()));
                Self::materialized(node)
            }
            LogicalPlan::Project { input, exprs, .. } => {
                let mut lowered = self.lower(input, stateless_above);
                lowered.steps.push(Step::Project {
                    exprs: exprs.clone(),
                    input: input.schema().clone(),
                    describe: plan.describe(),
                });
                lowered
            }
            LogicalPlan::Filter { input, condition } => {
                let mut lowered = self.lower(input, stateless_above);
                lowered.steps.push(Step::Filter {
                    condition: condition.clone(),
                    input: input.schema().clone(),
                    describe: plan.describe(),
                });
                lowered
            }
            LogicalPlan::Watermark {
                input,
                column,
                index,
                ..
            } => {
                let mut lowered = self.lower(input, stateless_above);
                lowered.steps.push(Step::Watermark {
                    index: *index,
                    column: column.clone(),
                });
                lowered
            }
            LogicalPlan::Aggregate {
                input,
                keys,
                aggregates,
                windowing,
                schema,
            } => {
                let lowered = self.lower(input, false);
                let (keys, aggregates) = (keys.clone(), aggregates.clone());
                let input_retracts = input.may_retract();
                let (input, schema) = (input.schema().clone(), schema.clone());
                let stage = match windowing {
                    Windowing::Session(_) => Stage::SessionAggregate {
                        steps: lowered.steps,
                        keys,
                        aggregates,
                        input,
                        schema,
                        output: match self.output_mode {
                            OutputMode::Append => SessionOutput::Final,
                            OutputMode::Update | OutputMode::Complete => SessionOutput::Changes,
                        },
                    },
                    Windowing::Window(_) | Windowing::None => Stage::Aggregate {
                        steps: lowered.steps,
                        keys,
                        aggregates,
                        input,
                        schema,
                        evict_by_window: match windowing {
                            Windowing::Window(column) if self.evicts => Some(*column),
                            _ => None,
                        },
                        input_retracts,
                        changes: match self.output_mode {
                            OutputMode::Append => ResultChanges::Finalized,
                            OutputMode::Update if stateless_above => ResultChanges::NewRows,
                            OutputMode::Complete if stateless_above => ResultChanges::Table,
                            OutputMode::Update | OutputMode::Complete => ResultChanges::All,
                        },
                    },
                };
                let table = matches!(
                    stage,
                    Stage::Aggregate {
                        changes: ResultChanges::Table,
                        ..
                    }
                );
                self.changes_reach_sink |= stateless_above && !table;
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
                self.changes_reach_sink |= stateless_above && operator.is_stateful();
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
                self.changes_reach_sink |= stateless_above;
                Self::materialized(self.push(Node::Join {
                    left,
                    right,
                    join: join.clone(),
                }))
            }
        }
    }
}
