//! The operator of an aggregation grouped by a session window: the built-in
//! [`SessionWindowAggregate`], whose rows are keyed, accumulated and pre-aggregated by the
//! same function as every other aggregation's.

use std::sync::Arc;

use ember_operators::{
    KeyLogic, SessionKeying, SessionLayout, SessionOutput, SessionWindowAggregate,
};

use super::keyer::{keyer, KeyScratch};
use crate::plan::{BatchContext, GroupKey, Grouping};

/// The operator of `grouping` (one of its keys a session window), emitting `output`.
pub(super) fn session_operator(
    grouping: Grouping,
    output: SessionOutput,
) -> SessionWindowAggregate {
    let Grouping {
        keys,
        aggregates,
        schema,
        ..
    } = grouping;
    let (session_column, gap) = keys
        .iter()
        .enumerate()
        .find_map(|(i, k)| match k {
            GroupKey::Session(s) => Some((i, s.gap)),
            _ => None,
        })
        .expect("invariant violated: a session stage without a session window");
    // The session key evaluates to the row's own session; the operator merges them.
    // A session window groups source rows (analysis refuses it after an aggregation).
    let (keyer, outputs) = keyer(None, &keys, &aggregates, false);
    let keying: SessionKeying = Arc::new(move || -> KeyLogic {
        let keyer = keyer.clone();
        // The context matters only for event-time windows, which cannot join a session.
        let context = BatchContext::default();
        let mut scratch = KeyScratch::default();
        Box::new(move |row, batch, diff, groups| {
            keyer(row, batch, diff, &context, &mut scratch, groups)
        })
    });
    let layout = SessionLayout {
        keys: keys.iter().map(|k| k.name().to_string()).collect(),
        session_column,
        aggregates: aggregates.iter().map(|a| a.name.clone()).collect(),
        outputs,
        schema,
    };
    SessionWindowAggregate::new(layout, gap, output, keying)
}
