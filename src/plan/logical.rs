//! [`LogicalPlan`]: what a DataFrame computes, as the user wrote it, already resolved against
//! its input's schema (Spark analyses each DataFrame method as it is called).

use std::fmt;
use std::sync::Arc;

use ember_operators::{Operator, Schema};

use super::Windowing;
use crate::expr::Expr;
use crate::source::Source;

use super::{JoinPlan, StaticRelation};

/// A node of a DataFrame's plan. DataFrame methods only build these; nothing runs until a
/// query starts.
#[derive(Clone)]
#[non_exhaustive]
pub enum LogicalPlan {
    /// Rows read from a streaming source.
    Source {
        /// The source, configured.
        source: Arc<dyn Source>,
        /// The rows' schema.
        schema: Schema,
    },
    /// Rows of a static (batch) DataFrame: `create_data_frame`, `read()`, `table`.
    Static {
        /// Where the rows come from.
        relation: StaticRelation,
        /// The rows' schema.
        schema: Schema,
    },
    /// `union` / `union_by_name`: the rows of every input, by position (inputs were
    /// reordered by name before, for `union_by_name`).
    Union {
        /// The inputs, the first one's column names kept.
        inputs: Vec<Arc<LogicalPlan>>,
        /// The result columns: the first input's names and types (every input has the same
        /// types), nullable where any input's column is.
        schema: Schema,
    },
    /// `join(other, on, how)`: a left side (streaming, or static) joined with a static right
    /// side.
    Join {
        /// The left (streaming) input.
        left: Arc<LogicalPlan>,
        /// The right (static) input.
        right: Arc<LogicalPlan>,
        /// The join's type, keys and output columns.
        join: JoinPlan,
        /// The result columns.
        schema: Schema,
    },
    /// `select`, `with_column`, `drop`, `with_column_renamed`: new columns from each row
    /// (several rows per input row with `explode`).
    Project {
        /// The input plan.
        input: Arc<LogicalPlan>,
        /// The expressions as written.
        exprs: Vec<Expr>,
        /// The output columns.
        schema: Schema,
    },
    /// `filter` / `where_`: the rows for which the condition is true.
    Filter {
        /// The input plan.
        input: Arc<LogicalPlan>,
        /// The condition as written.
        condition: Expr,
    },
    /// `with_watermark(column, delay)`: the event-time column and how late its rows may be.
    Watermark {
        /// The input plan.
        input: Arc<LogicalPlan>,
        /// The event-time column's name.
        column: String,
        /// Its position in the input's rows.
        index: usize,
        /// The delay threshold, in microseconds.
        delay: i64,
    },
    /// `group_by(keys).agg(aggregates)` / `.count()`: one row per group.
    Aggregate {
        /// The input plan.
        input: Arc<LogicalPlan>,
        /// The grouping keys as written.
        keys: Vec<Expr>,
        /// The aggregates as written.
        aggregates: Vec<Expr>,
        /// Which key, if any, is a time or session window.
        windowing: Windowing,
        /// Key columns, then aggregate columns.
        schema: Schema,
    },
    /// `transform(operator)` and the operators built on it (`map_rows`, `filter_rows`,
    /// `flat_map_groups_with_state`, `drop_duplicates`, ...): a custom [`Operator`].
    Custom {
        /// The input plan.
        input: Arc<LogicalPlan>,
        /// The operator, shared by every worker that renders the plan.
        operator: Arc<dyn Operator>,
        /// The operator's output schema for this input.
        schema: Schema,
    },
}

impl LogicalPlan {
    /// The schema of the rows this plan produces.
    pub fn schema(&self) -> &Schema {
        match self {
            LogicalPlan::Source { schema, .. }
            | LogicalPlan::Static { schema, .. }
            | LogicalPlan::Union { schema, .. }
            | LogicalPlan::Join { schema, .. }
            | LogicalPlan::Aggregate { schema, .. }
            | LogicalPlan::Project { schema, .. }
            | LogicalPlan::Custom { schema, .. } => schema,
            LogicalPlan::Filter { input, .. } | LogicalPlan::Watermark { input, .. } => {
                input.schema()
            }
        }
    }

    /// The plans this one reads, in order.
    pub fn inputs(&self) -> Vec<&LogicalPlan> {
        match self {
            LogicalPlan::Source { .. } | LogicalPlan::Static { .. } => Vec::new(),
            LogicalPlan::Project { input, .. }
            | LogicalPlan::Filter { input, .. }
            | LogicalPlan::Watermark { input, .. }
            | LogicalPlan::Aggregate { input, .. }
            | LogicalPlan::Custom { input, .. } => vec![input],
            LogicalPlan::Union { inputs, .. } => inputs.iter().map(|i| &**i).collect(),
            LogicalPlan::Join { left, right, .. } => vec![left, right],
        }
    }

    /// The plan's only input, for nodes with one.
    pub fn input(&self) -> Option<&LogicalPlan> {
        match self.inputs()[..] {
            [input] => Some(input),
            _ => None,
        }
    }

    /// Whether the plan reads a stream anywhere (a static DataFrame does not).
    pub fn is_streaming(&self) -> bool {
        matches!(self, LogicalPlan::Source { .. })
            || self.inputs().into_iter().any(LogicalPlan::is_streaming)
    }

    /// Every node of the plan, inputs before the nodes that read them (depth first, inputs
    /// in order), this node last.
    pub fn nodes(&self) -> Vec<&LogicalPlan> {
        let mut nodes = Vec::new();
        self.collect_nodes(&mut nodes);
        nodes
    }

    fn collect_nodes<'a>(&'a self, nodes: &mut Vec<&'a LogicalPlan>) {
        for input in self.inputs() {
            input.collect_nodes(nodes);
        }
        nodes.push(self);
    }

    /// Whether the rows this plan produces may be retracted later: it (or a plan it reads)
    /// aggregates, or runs a stateful custom operator, whose results change.
    pub fn may_retract(&self) -> bool {
        self.nodes().into_iter().any(|node| match node {
            LogicalPlan::Aggregate { .. } => true,
            LogicalPlan::Custom { operator, .. } => operator.is_stateful(),
            _ => false,
        })
    }

    /// Whether the plan aggregates (groups) its input anywhere, which decides the output
    /// modes allowed.
    pub fn has_aggregation(&self) -> bool {
        self.nodes()
            .iter()
            .any(|node| matches!(node, LogicalPlan::Aggregate { .. }))
    }

    /// The event-time watermark's delay (microseconds), if the plan has one (the smallest,
    /// when inputs have several, as Spark's default `min` policy).
    pub fn watermark_delay(&self) -> Option<i64> {
        self.nodes()
            .into_iter()
            .filter_map(|node| match node {
                LogicalPlan::Watermark { delay, .. } => Some(*delay),
                _ => None,
            })
            .min()
    }

    /// The plan's streaming sources, in the order the plan reads them.
    pub fn sources(&self) -> Vec<Arc<dyn Source>> {
        self.nodes()
            .into_iter()
            .filter_map(|node| match node {
                LogicalPlan::Source { source, .. } => Some(source.clone()),
                _ => None,
            })
            .collect()
    }

    /// The nodes from the first source up to this one, following each node's first input.
    pub fn chain(&self) -> Vec<&LogicalPlan> {
        let mut nodes = vec![self];
        while let Some(input) = nodes.last().and_then(|n| n.inputs().into_iter().next()) {
            nodes.push(input);
        }
        nodes.reverse();
        nodes
    }

    /// One line describing this node (not its inputs), as `explain()` shows it.
    pub fn describe(&self) -> String {
        let names = |schema: &Schema| schema.names().join(", ");
        match self {
            LogicalPlan::Source { source, schema } => {
                format!(
                    "StreamingRelation {} [{}]",
                    source.describe(),
                    names(schema)
                )
            }
            LogicalPlan::Static { relation, schema } => {
                format!("{} [{}]", relation.describe(), names(schema))
            }
            LogicalPlan::Union { .. } => "Union".to_string(),
            LogicalPlan::Join { join, .. } => join.describe(),
            LogicalPlan::Project { exprs, .. } => format!("Project [{}]", describe_exprs(exprs)),
            LogicalPlan::Filter { condition, .. } => format!("Filter {}", condition.sql()),
            LogicalPlan::Watermark { column, delay, .. } => format!(
                "EventTimeWatermark {column}, {}",
                crate::interval::describe_micros(*delay)
            ),
            LogicalPlan::Aggregate { keys, schema, .. } => {
                let names = schema.names();
                let (keys, aggs) = names.split_at(keys.len());
                format!("Aggregate [{}], [{}]", keys.join(", "), aggs.join(", "))
            }
            LogicalPlan::Custom {
                operator, schema, ..
            } => format!("Custom {} [{}]", operator.describe(), names(schema)),
        }
    }
}

impl fmt::Debug for LogicalPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::explain::logical_tree(self))
    }
}

/// Expressions as `explain()` shows them: SQL text, with `AS name` where an alias renames.
fn describe_exprs(exprs: &[Expr]) -> String {
    exprs
        .iter()
        .map(|e| match e {
            Expr::Alias { expr, name } => format!("{} AS {name}", expr.sql()),
            e => e.sql(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
