//! `explain()`: the logical and physical plans as stable text, so a user sees what Ember will
//! run — fused stages, exchanges, arrangements, unions and joins — and tests can pin it.
//! Trees are drawn as Spark draws them: `+- ` before a node's last input, `:- ` before the
//! others.

use super::{LogicalPlan, Node, PhysicalPlan, Stage, Step};

/// A node's text (one or more lines) and its inputs, for drawing.
struct Tree {
    text: String,
    inputs: Vec<Tree>,
}

/// The logical plan as an indented tree, the root first (as Spark prints plans).
pub(crate) fn logical_tree(plan: &LogicalPlan) -> String {
    fn tree(plan: &LogicalPlan) -> Tree {
        Tree {
            text: plan.describe(),
            inputs: plan.inputs().into_iter().map(tree).collect(),
        }
    }
    draw(&tree(plan))
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
    // Stages are numbered in the order they run, from 1.
    let mut numbers = vec![0; plan.nodes.len()];
    let mut next = 0;
    for (i, node) in plan.nodes.iter().enumerate() {
        if let Node::Stage { .. } = node {
            next += 1;
            numbers[i] = next;
        }
    }
    let tree = |i: usize| physical_node(plan, i, &numbers);
    let root = Tree {
        text: format!("Sink {} ({} mode)", plan.sink, plan.output_mode),
        inputs: plan
            .nodes
            .len()
            .checked_sub(1)
            .map(tree)
            .into_iter()
            .collect(),
    };
    draw(&root)
}

fn physical_node(plan: &PhysicalPlan, i: usize, numbers: &[usize]) -> Tree {
    let input = |j: usize| physical_node(plan, j, numbers);
    let n = numbers[i];
    match &plan.nodes[i] {
        Node::Source(s) => Tree {
            text: format!("Source {}", plan.sources[*s].describe()),
            inputs: Vec::new(),
        },
        Node::Static(relation) => Tree {
            text: format!("Static {}", relation.describe()),
            inputs: Vec::new(),
        },
        Node::Union(inputs) => Tree {
            text: "Union".into(),
            inputs: inputs.iter().map(|&j| input(j)).collect(),
        },
        Node::Join { left, right, join } => Tree {
            text: format!(
                "{}: exchange both sides by hash of the keys, static side indexed once",
                join.describe()
            ),
            inputs: vec![input(*left), input(*right)],
        },
        Node::Stage { input: j, stage } => Tree {
            text: stage_text(n, stage),
            inputs: vec![input(*j)],
        },
    }
}

fn stage_text(n: usize, stage: &Stage) -> String {
    let fused = |steps: &[Step], keys: &[&str]| {
        let mut pre: Vec<String> = steps.iter().map(Step::describe).collect();
        pre.push(format!("Key [{}]", keys.join(", ")));
        format!("\n({n}) fused input [{}]", pre.join(" -> "))
    };
    let columns = stage.aggregation_columns();
    match (stage, columns) {
        (Stage::Pipeline { steps }, _) => {
            let steps: Vec<String> = steps.iter().map(Step::describe).collect();
            format!("*({n}) Pipeline [{}]", steps.join(" -> "))
        }
        (Stage::Aggregate { steps, .. }, Some((keys, aggregates))) => format!(
            "*({n}) Aggregate [{}], [{}]: partial per worker, exchange by hash([{}]), \
             one arrangement, emits changed groups{}",
            keys.join(", "),
            aggregates.join(", "),
            keys.join(", "),
            fused(steps, &keys)
        ),
        (Stage::SessionAggregate { steps, .. }, Some((keys, aggregates))) => format!(
            "*({n}) SessionWindowAggregate [{}], [{}]: partial per worker, exchange by the \
             other keys' hash, sessions merged per key{}",
            keys.join(", "),
            aggregates.join(", "),
            fused(steps, &keys)
        ),
        (
            Stage::Custom {
                operator,
                output_schema,
                ..
            },
            _,
        ) => format!(
            "*({n}) Custom {} -> [{}]",
            operator.describe(),
            output_schema.names().join(", ")
        ),
        (Stage::Aggregate { .. } | Stage::SessionAggregate { .. }, None) => {
            unreachable!("invariant violated: an aggregation stage without columns")
        }
    }
}

/// Draws `tree`, its root at the left margin.
fn draw(tree: &Tree) -> String {
    let mut out = String::new();
    draw_into(tree, "", "", &mut out);
    out
}

/// Draws `tree`: its first line after `first`, its other lines and its inputs after `rest`.
fn draw_into(tree: &Tree, first: &str, rest: &str, out: &mut String) {
    for (i, line) in tree.text.split('\n').enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
    let count = tree.inputs.len();
    for (i, input) in tree.inputs.iter().enumerate() {
        let last = i + 1 == count;
        let (branch, below) = if last { ("+- ", "   ") } else { (":- ", ":  ") };
        draw_into(
            input,
            &format!("{rest}{branch}"),
            &format!("{rest}{below}"),
            out,
        );
    }
}
