//! `explain()`: the logical and physical plans as stable text, so a user sees what Ember will
//! run — fused stages, exchanges, arrangements — and tests can pin it.

use super::{LogicalPlan, PhysicalPlan, Stage};

/// The logical plan as an indented tree, the root first (as Spark prints plans).
pub(crate) fn logical_tree(plan: &LogicalPlan) -> String {
    let lines: Vec<String> = plan
        .chain()
        .into_iter()
        .rev()
        .map(LogicalPlan::describe)
        .collect();
    tree(&lines)
}

/// Both plans, as `DataFrame::explain` and `StreamingQuery::explain` print them.
pub(crate) fn explain(logical: &LogicalPlan, physical: &PhysicalPlan) -> String {
    format!(
        "== Logical Plan ==\n{}\n== Physical Plan ==\n{}",
        logical_tree(logical),
        physical_tree(physical)
    )
}

fn physical_tree(plan: &PhysicalPlan) -> String {
    let mut lines = vec![format!(
        "Sink {} ({} mode)",
        plan.sink_description(),
        plan.output_mode
    )];
    for (i, stage) in plan.stages.iter().enumerate().rev() {
        let n = i + 1;
        lines.push(match stage {
            Stage::Pipeline { steps, .. } => {
                format!("*({n}) Pipeline [{}]", steps.join(" -> "))
            }
            Stage::Aggregate {
                steps,
                keys,
                aggregates,
                ..
            } => {
                let mut pre = steps.clone();
                pre.push(format!("Key [{}]", keys.join(", ")));
                format!(
                    "*({n}) Aggregate [{}], [{}]: partial per worker, exchange by hash([{}]), \
                     one arrangement, emits changed groups\n   ({n}) fused input [{}]",
                    keys.join(", "),
                    aggregates.join(", "),
                    keys.join(", "),
                    pre.join(" -> ")
                )
            }
            Stage::Custom {
                operator,
                output_schema,
                ..
            } => format!(
                "*({n}) Custom {} -> [{}]",
                operator.describe(),
                output_schema.names().join(", ")
            ),
        });
    }
    lines.push(format!("Source {}", plan.source_description()));
    tree(&lines)
}

/// Lines as a tree: each line a child of the one before.
fn tree(lines: &[String]) -> String {
    let mut out = String::new();
    for (depth, line) in lines.iter().enumerate() {
        let indent = if depth == 0 {
            String::new()
        } else {
            format!("{}+- ", "   ".repeat(depth - 1))
        };
        let continuation = " ".repeat(indent.len());
        for (i, part) in line.split('\n').enumerate() {
            out.push_str(if i == 0 { &indent } else { &continuation });
            out.push_str(part.trim_start());
            out.push('\n');
        }
    }
    out
}
