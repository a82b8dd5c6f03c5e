//! Session windows: Spark's `session_window(time, gap)` and the session window as a
//! grouping key. Which rows share a session is decided by the aggregation
//! ([`ember_operators::SessionWindowAggregate`]); a row on its own opens `[t, t + gap)`.

use std::sync::Arc;

use super::bind::Evaluator;
use super::window::{bind_event_time, window_struct};
use super::Expr;
use crate::error::Result;
use crate::{Row, Schema, Value};

/// `session_window(time_column, gap)`: Spark's session window over an event-time column,
/// with a static gap (an interval string such as `"5 minutes"`). Only a `group_by` key: the
/// column is called `session_window`, of type `struct<start: timestamp, end: timestamp>`. A
/// bad gap is reported when the aggregation is built.
///
/// ```
/// use ember::expr::{col, session_window};
/// assert_eq!(session_window(col("ts"), "5 minutes").sql(), "session_window(ts, 5 minutes)");
/// ```
pub fn session_window(time: impl Into<Expr>, gap: &str) -> Expr {
    match crate::interval::parse_interval_micros(gap) {
        Ok(gap) if gap > 0 => Expr::SessionWindow {
            time: Box::new(time.into()),
            gap,
        },
        Ok(_) => Expr::Invalid(format!(
            "The session window gap ({gap}) must be greater than 0."
        )),
        Err(e) => Expr::Invalid(e.to_string()),
    }
}

/// A session window as a grouping key.
#[derive(Clone)]
pub struct SessionKey {
    /// The key's column name (`session_window`, or its alias).
    pub name: String,
    /// The event time.
    pub time: Evaluator,
    /// The gap, microseconds.
    pub gap: i64,
}

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionKey")
            .field("name", &self.name)
            .field("gap", &self.gap)
            .finish_non_exhaustive()
    }
}

impl SessionKey {
    /// The session key of `expr` (possibly aliased), if it is a session window; an invalid
    /// gap or a time that is not a timestamp is an error.
    pub fn of(expr: &Expr, schema: &Schema) -> Result<Option<SessionKey>> {
        match expr.unaliased() {
            (Expr::SessionWindow { time, gap }, alias) => Ok(Some(SessionKey {
                name: alias.unwrap_or("session_window").to_string(),
                time: bind_event_time("session_window", time, schema)?,
                gap: *gap,
            })),
            _ => Ok(None),
        }
    }

    /// A row's event time (microseconds), `None` when it is null.
    pub fn event_time(&self, row: &Row) -> Result<Option<i64>, String> {
        match (self.time)(row)? {
            Value::Timestamp(t) => Ok(Some(t)),
            _ => Ok(None),
        }
    }

    /// The session a row opens on its own, `[t, t + gap)` (null for a null time): what the
    /// key means outside a session aggregation.
    pub fn own_session(&self) -> Evaluator {
        let key = self.clone();
        Arc::new(move |row: &Row| {
            Ok(match key.event_time(row)? {
                Some(t) => window_struct(t, t.saturating_add(key.gap)),
                None => Value::Null,
            })
        })
    }
}
