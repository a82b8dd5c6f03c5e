//! [`PhysicalPlan`]: what every worker builds and what the driver runs.
//!
//! Lowering fuses every run of stateless operators (projections, filters, explode) into one
//! function applied to each row in a single pass, and fuses the stateless operators before
//! an aggregation into the function that computes each row's group key and accumulators.

use std::sync::Arc;

use ember_operators::{
    Accumulator, AccumulatorKind, Accumulators, AggregateOutput, DataType, Diff, Operator, Row,
    Schema,
};

use super::logical::describe_exprs;
use super::LogicalPlan;
use crate::expr::{AggregateFunction, BoundAggregate, BoundExpr, Predicate, RowMapper};
use crate::sink::{OutputMode, SinkSpec};
use crate::source::SourceSpec;
use crate::streaming::TriggerPlan;

/// Computes a row's group key and accumulators (with the row's multiplicity), or fails.
pub type Keyer =
    Arc<dyn Fn(&Row, Diff, &mut Vec<(Row, Accumulators)>) -> Result<(), String> + Send + Sync>;

/// One stage of a physical plan, rendered as one (or, for aggregates, a few) dataflow
/// operators.
#[derive(Clone)]
pub enum Stage {
    /// Stateless operators fused into one pass per row, on the worker that holds the row.
    Pipeline {
        /// What the pass does, step by step, for `explain()`.
        steps: Vec<String>,
        /// The fused pass.
        logic: RowMapper,
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

/// A started query, lowered: every worker of every process renders the same plan (SPMD).
#[derive(Clone)]
pub struct PhysicalPlan {
    /// The query's name (`query_name`) or `None`.
    pub name: Option<String>,
    /// The streaming source.
    pub source: SourceSpec,
    /// The stages, from the source to the sink.
    pub stages: Vec<Stage>,
    /// The schema of the rows the sink receives.
    pub output_schema: Schema,
    /// The sink.
    pub sink: SinkSpec,
    /// The output mode.
    pub output_mode: OutputMode,
    /// When batches run.
    pub(crate) trigger: TriggerPlan,
}

impl std::fmt::Debug for PhysicalPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhysicalPlan")
            .field("name", &self.name)
            .field("source", &self.source)
            .field("stages", &self.stages.len())
            .field("output_mode", &self.output_mode)
            .finish_non_exhaustive()
    }
}

/// A stateless step before fusion.
enum Step {
    Map(RowMapper),
    Filter(Predicate),
}

impl PhysicalPlan {
    /// Lowers an analyzed logical plan.
    pub(crate) fn lower(
        plan: &LogicalPlan,
        name: Option<String>,
        sink: SinkSpec,
        output_mode: OutputMode,
        trigger: TriggerPlan,
    ) -> Self {
        let mut stages = Vec::new();
        let mut steps: Vec<Step> = Vec::new();
        let mut descriptions: Vec<String> = Vec::new();
        let flush =
            |stages: &mut Vec<Stage>, steps: &mut Vec<Step>, descriptions: &mut Vec<String>| {
                if let Some(logic) = fuse(std::mem::take(steps)) {
                    stages.push(Stage::Pipeline {
                        steps: std::mem::take(descriptions),
                        logic,
                    });
                }
            };
        for node in plan.chain() {
            match node {
                LogicalPlan::Source { .. } => {}
                LogicalPlan::Project {
                    exprs, projection, ..
                } => {
                    descriptions.push(format!("Project [{}]", describe_exprs(exprs)));
                    steps.push(Step::Map(projection.apply.clone()));
                }
                LogicalPlan::Filter {
                    condition,
                    predicate,
                    ..
                } => {
                    descriptions.push(format!("Filter {}", condition.sql()));
                    steps.push(Step::Filter(predicate.clone()));
                }
                LogicalPlan::Aggregate {
                    keys, aggregates, ..
                } => {
                    let (keyer, outputs) =
                        keyer(fuse(std::mem::take(&mut steps)), keys, aggregates);
                    stages.push(Stage::Aggregate {
                        steps: std::mem::take(&mut descriptions),
                        keys: keys.iter().map(|k| k.name.clone()).collect(),
                        aggregates: aggregates.iter().map(|a| a.name.clone()).collect(),
                        keyer,
                        outputs,
                    });
                }
                LogicalPlan::Custom {
                    input,
                    operator,
                    schema,
                } => {
                    flush(&mut stages, &mut steps, &mut descriptions);
                    stages.push(Stage::Custom {
                        operator: operator.clone(),
                        input_schema: input.schema().clone(),
                        output_schema: schema.clone(),
                    });
                }
            }
        }
        flush(&mut stages, &mut steps, &mut descriptions);
        PhysicalPlan {
            name,
            source: plan.source().clone(),
            stages,
            output_schema: plan.schema().clone(),
            sink,
            output_mode,
            trigger,
        }
    }

    /// What the query is, for the checkpoint's record: a restart must match it.
    pub(crate) fn shape(&self) -> crate::checkpoint::QueryShape {
        crate::checkpoint::QueryShape {
            source: self.source.describe(),
            schema: self
                .output_schema
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.name, f.data_type))
                .collect::<Vec<_>>()
                .join(", "),
            state: self
                .stages
                .iter()
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

    pub(crate) fn source_description(&self) -> String {
        self.source.describe()
    }

    pub(crate) fn sink_description(&self) -> &'static str {
        match self.sink {
            SinkSpec::Console(_) => "console",
            SinkSpec::ForeachBatch(_) => "foreach_batch",
        }
    }
}

/// One function applying `steps` in order; `None` when there are none.
fn fuse(steps: Vec<Step>) -> Option<RowMapper> {
    if steps.is_empty() {
        return None;
    }
    let steps = Arc::new(steps);
    Some(Arc::new(move |row: &Row, out: &mut Vec<Row>| {
        apply(&steps, row, out)
    }))
}

fn apply(steps: &[Step], row: &Row, out: &mut Vec<Row>) -> Result<(), String> {
    let Some((first, rest)) = steps.split_first() else {
        out.push(row.clone());
        return Ok(());
    };
    match first {
        Step::Filter(predicate) => {
            if predicate(row)? {
                apply(rest, row, out)?;
            }
        }
        Step::Map(map) if rest.is_empty() => map(row, out)?,
        Step::Map(map) => {
            let mut produced = Vec::new();
            map(row, &mut produced)?;
            for row in &produced {
                apply(rest, row, out)?;
            }
        }
    }
    Ok(())
}

/// The key-and-accumulate function of an aggregation, after the fused `pre` steps.
fn keyer(
    pre: Option<RowMapper>,
    keys: &[BoundExpr],
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
    let key_evals: Vec<crate::expr::Evaluator> = keys.iter().map(|k| k.eval.clone()).collect();
    let accumulate = move |row: &Row, diff: Diff, out: &mut Vec<(Row, Accumulators)>| {
        let key = key_evals
            .iter()
            .map(|eval| eval(row))
            .collect::<Result<Vec<_>, _>>()?;
        let mut accumulators = Vec::with_capacity(slots.len());
        for (kind, eval) in &slots {
            let value = eval(row)?;
            accumulators.push(
                Accumulator::from_value(*kind, &value, diff as i64)
                    .map_err(|e| format!("invariant violated: {e}"))?,
            );
        }
        out.push((
            Row(key),
            Accumulators {
                rows: diff as i64,
                slots: accumulators,
            },
        ));
        Ok(())
    };
    let keyer: Keyer = match pre {
        None => Arc::new(accumulate),
        Some(pre) => Arc::new(
            move |row: &Row, diff: Diff, out: &mut Vec<(Row, Accumulators)>| {
                let mut produced = Vec::new();
                pre(row, &mut produced)?;
                for row in &produced {
                    accumulate(row, diff, out)?;
                }
                Ok(())
            },
        ),
    };
    (keyer, outputs)
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
