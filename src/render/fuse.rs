//! Compilation and fusion: a run of the plan's stateless steps (projections, filters, the watermark's observation of
//! event time) bound to their input schemas and composed once into one [`Pass`] per row.

use std::sync::Arc;

use ember_operators::{Row, Value};

use crate::expr::{bind_filter, bind_projection, Predicate, RowMapper, RowVisitor};
use crate::plan::{BatchContext, Step};

/// A fused stateless pass: hands the visitor the rows one input row becomes, given what the
/// worker knows of the batch. A row that only passes filters reaches the visitor as it came,
/// so the visitor may take it without a copy.
pub type Pass =
    Arc<dyn Fn(&mut Row, &BatchContext, &mut RowVisitor<'_>) -> Result<(), String> + Send + Sync>;

/// A stateless step, compiled, before fusion.
enum Compiled {
    Map(RowMapper),
    Filter(Predicate),
    /// Observe the event time in column `.0` for the watermark.
    Watermark(usize),
}

/// The plan's `steps`, compiled and fused into one function; `None` when there are none.
pub(super) fn compile(steps: &[Step]) -> Option<Pass> {
    let compiled = steps
        .iter()
        .map(|step| match step {
            Step::Project { exprs, input, .. } => Compiled::Map(
                bind_projection(exprs, input)
                    .expect("invariant violated: a projection bound when its DataFrame was built")
                    .apply,
            ),
            Step::Filter {
                condition, input, ..
            } => Compiled::Filter(
                bind_filter(condition, input)
                    .expect("invariant violated: a filter bound when its DataFrame was built"),
            ),
            Step::Watermark { index, .. } => Compiled::Watermark(*index),
        })
        .collect();
    fuse(compiled)
}

/// One function applying `steps` in order; `None` when there are none.
///
/// The steps are composed once, here: each step's closure calls the next step's directly, and
/// the last one calls the visitor, so a row pays for its steps and nothing else.
fn fuse(steps: Vec<Compiled>) -> Option<Pass> {
    let mut steps = steps.into_iter().rev();
    let mut pass: Pass = match steps.next()? {
        // A last map hands its rows to the visitor itself.
        Compiled::Map(map) => Arc::new(move |row, _context, visit| map(row, visit)),
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
fn then<Next>(step: Compiled, next: Next) -> Pass
where
    Next: Fn(&mut Row, &BatchContext, &mut RowVisitor<'_>) -> Result<(), String>
        + Send
        + Sync
        + 'static,
{
    match step {
        Compiled::Filter(predicate) => Arc::new(move |row, context, visit| {
            if predicate(row)? {
                next(row, context, visit)?;
            }
            Ok(())
        }),
        Compiled::Watermark(index) => Arc::new(move |row, context, visit| {
            observe_event_time(row, index, context);
            next(row, context, visit)
        }),
        Compiled::Map(map) => Arc::new(move |row, context, visit| {
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
