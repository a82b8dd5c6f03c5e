//! [`LogicalPlan`]: what a DataFrame computes, as the user wrote it, already resolved against
//! its input's schema (Spark analyses each DataFrame method as it is called).

use std::fmt;
use std::sync::Arc;

use ember_operators::{Operator, Schema};

use crate::expr::{BoundAggregate, BoundExpr, Expr, Predicate, Projection, SessionKey, WindowKey};
use crate::source::SourceSpec;

/// A node of a DataFrame's plan. DataFrame methods only build these; nothing runs until a
/// query starts.
#[derive(Clone)]
#[non_exhaustive]
pub enum LogicalPlan {
    /// Rows read from a streaming source.
    Source {
        /// The source and its options.
        spec: SourceSpec,
        /// The rows' schema.
        schema: Schema,
    },
    /// `select`, `with_column`, `drop`, `with_column_renamed`: new columns from each row
    /// (several rows per input row with `explode`).
    Project {
        /// The input plan.
        input: Arc<LogicalPlan>,
        /// The expressions as written.
        exprs: Vec<Expr>,
        /// The expressions bound to the input schema.
        projection: Projection,
    },
    /// `filter` / `where_`: the rows for which the condition is true.
    Filter {
        /// The input plan.
        input: Arc<LogicalPlan>,
        /// The condition as written.
        condition: Expr,
        /// The condition bound to the input schema.
        predicate: Predicate,
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
        /// The grouping keys, bound to the input schema.
        keys: Vec<GroupKey>,
        /// The aggregates, bound to the input schema.
        aggregates: Vec<BoundAggregate>,
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
            | LogicalPlan::Aggregate { schema, .. }
            | LogicalPlan::Custom { schema, .. } => schema,
            LogicalPlan::Project { projection, .. } => &projection.schema,
            LogicalPlan::Filter { input, .. } | LogicalPlan::Watermark { input, .. } => {
                input.schema()
            }
        }
    }

    /// The plan this one reads, if any.
    pub fn input(&self) -> Option<&LogicalPlan> {
        match self {
            LogicalPlan::Source { .. } => None,
            LogicalPlan::Project { input, .. }
            | LogicalPlan::Filter { input, .. }
            | LogicalPlan::Watermark { input, .. }
            | LogicalPlan::Aggregate { input, .. }
            | LogicalPlan::Custom { input, .. } => Some(input),
        }
    }

    /// Whether the plan aggregates (groups) its input anywhere, which decides the output
    /// modes allowed.
    pub fn has_aggregation(&self) -> bool {
        matches!(self, LogicalPlan::Aggregate { .. })
            || self.input().is_some_and(LogicalPlan::has_aggregation)
    }

    /// The event-time watermark's delay (microseconds), if the plan has one.
    pub fn watermark_delay(&self) -> Option<i64> {
        self.chain().into_iter().find_map(|node| match node {
            LogicalPlan::Watermark { delay, .. } => Some(*delay),
            _ => None,
        })
    }

    /// The plan's one streaming source.
    pub fn source(&self) -> &SourceSpec {
        match self {
            LogicalPlan::Source { spec, .. } => spec,
            _ => self
                .input()
                .expect("invariant violated: a plan without a source")
                .source(),
        }
    }

    /// The nodes from the source up to this one.
    pub fn chain(&self) -> Vec<&LogicalPlan> {
        let mut nodes = vec![self];
        while let Some(input) = nodes.last().and_then(|n| n.input()) {
            nodes.push(input);
        }
        nodes.reverse();
        nodes
    }

    /// One line describing this node (not its inputs), as `explain()` shows it.
    pub fn describe(&self) -> String {
        let names = |schema: &Schema| schema.names().join(", ");
        match self {
            LogicalPlan::Source { spec, schema } => {
                format!("StreamingRelation {} [{}]", spec.describe(), names(schema))
            }
            LogicalPlan::Project { exprs, .. } => format!("Project [{}]", describe_exprs(exprs)),
            LogicalPlan::Filter { condition, .. } => format!("Filter {}", condition.sql()),
            LogicalPlan::Watermark { column, delay, .. } => format!(
                "EventTimeWatermark {column}, {}",
                crate::interval::describe_micros(*delay)
            ),
            LogicalPlan::Aggregate {
                keys, aggregates, ..
            } => {
                let keys: Vec<&str> = keys.iter().map(GroupKey::name).collect();
                let aggs: Vec<&str> = aggregates.iter().map(|a| a.name.as_str()).collect();
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

/// A grouping key: an expression, or an event-time window (a row may fall in several).
#[derive(Clone)]
pub enum GroupKey {
    /// An input column, by position: the key can take the row's value without evaluating.
    Column(usize, BoundExpr),
    /// An ordinary expression.
    Expr(BoundExpr),
    /// `window(time, size, slide)`.
    Window(WindowKey),
    /// `session_window(time, gap)`.
    Session(SessionKey),
}

impl GroupKey {
    /// The key column's name.
    pub fn name(&self) -> &str {
        match self {
            GroupKey::Column(_, e) | GroupKey::Expr(e) => &e.name,
            GroupKey::Window(w) => &w.name,
            GroupKey::Session(s) => &s.name,
        }
    }

    /// The key column's type.
    pub fn data_type(&self) -> crate::DataType {
        match self {
            GroupKey::Column(_, e) | GroupKey::Expr(e) => e.data_type.clone(),
            GroupKey::Window(_) | GroupKey::Session(_) => crate::expr::window_type(),
        }
    }

    /// Whether the key column may be null.
    pub fn nullable(&self) -> bool {
        match self {
            GroupKey::Column(_, e) | GroupKey::Expr(e) => e.nullable,
            GroupKey::Window(_) | GroupKey::Session(_) => false,
        }
    }
}
