//! Lowering of an aggregation grouped by a session window: a stage running the built-in
//! [`SessionWindowAggregate`] operator, whose rows are keyed, accumulated and pre-aggregated
//! by the same function as every other aggregation's.

use std::sync::Arc;

use ember_operators::{
    KeyLogic, Schema, SessionKeying, SessionLayout, SessionOutput, SessionWindowAggregate,
};

use super::keyer::keyer;
use super::{BatchContext, GroupKey, KeyScratch, Stage};
use crate::expr::BoundAggregate;
use crate::sink::OutputMode;

/// The stage of an aggregation by `keys` (one of them a session window: see
/// [`has_session`](super::analyze::has_session)) computing `aggregates` over rows of
/// `input_schema` into rows of `schema`.
pub(super) fn session_stage(
    keys: &[GroupKey],
    aggregates: &[BoundAggregate],
    input_schema: &Schema,
    schema: &Schema,
    mode: OutputMode,
) -> Stage {
    let (session_column, gap) = keys
        .iter()
        .enumerate()
        .find_map(|(i, k)| match k {
            GroupKey::Session(s) => Some((i, s.gap)),
            _ => None,
        })
        .expect("invariant violated: a session stage without a session window");
    // The session key evaluates to the row's own session; the operator merges them.
    let (keyer, outputs) = keyer(None, keys, aggregates);
    let keying: SessionKeying = Arc::new(move || -> KeyLogic {
        let keyer = keyer.clone();
        // The context matters only for event-time windows, which cannot join a session.
        let context = BatchContext::default();
        let mut scratch = KeyScratch::default();
        Box::new(move |row, diff, groups| keyer(row, diff, &context, &mut scratch, groups))
    });
    let layout = SessionLayout {
        keys: keys.iter().map(|k| k.name().to_string()).collect(),
        session_column,
        aggregates: aggregates.iter().map(|a| a.name.clone()).collect(),
        outputs,
        schema: schema.clone(),
    };
    let output = match mode {
        OutputMode::Append => SessionOutput::Final,
        OutputMode::Update | OutputMode::Complete => SessionOutput::Changes,
    };
    Stage::Custom {
        operator: Arc::new(SessionWindowAggregate::new(layout, gap, output, keying)),
        input_schema: input_schema.clone(),
        output_schema: schema.clone(),
    }
}
