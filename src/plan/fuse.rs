//! Fusion: a run of stateless steps (projections, filters, the watermark's observation of
//! event time) composed once into one [`Pass`] per row.

use std::sync::Arc;

use ember_operators::{Row, Value};

use super::BatchContext;
use crate::expr::{Predicate, RowMapper, RowVisitor};

/// A fused stateless pass: hands the visitor the rows one input row becomes, given what the
/// worker knows of the batch. A row that only passes filters reaches the visitor as it came,
/// so the visitor may take it without a copy.
pub type Pass =
    Arc<dyn Fn(&mut Row, &BatchContext, &mut RowVisitor<'_>) -> Result<(), String> + Send + Sync>;

/// A stateless step before fusion.
pub(super) enum Step {
    Map(RowMapper),
    Filter(Predicate),
    /// Observe the event time in column `.0` for the watermark.
    Watermark(usize),
}

/// One function applying `steps` in order; `None` when there are none.
///
/// The steps are composed once, here: each step's closure calls the next step's directly, and
/// the last one calls the visitor, so a row pays for its steps and nothing else.
pub(super) fn fuse(steps: Vec<Step>) -> Option<Pass> {
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
