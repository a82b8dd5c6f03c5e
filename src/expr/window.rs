//! Event-time windows: which windows a timestamp falls in (Spark's `TimeWindowing`), the
//! window struct type, and windows as grouping keys.

use std::sync::Arc;

use super::bind::{bind_node, bound, BoundExpr, Evaluator};
use super::Expr;
use crate::error::{Error, Result};
use crate::{DataType, Field, Row, Schema, Value};

/// The type of a window column: `struct<start: timestamp, end: timestamp>`.
pub fn window_type() -> DataType {
    DataType::Struct(vec![
        Field::new("start", DataType::Timestamp),
        Field::new("end", DataType::Timestamp),
    ])
}

/// The starts of the windows of length `size`, `slide` apart (microseconds, aligned to the
/// epoch), that contain time `t`, latest first: `[start, start + size)` holds `t`.
///
/// ```
/// use ember::expr::windows_of;
/// let minute = 60_000_000;
/// // 10:02 falls in the tumbling window [10:00, 10:10) ...
/// assert_eq!(windows_of(62 * minute, 10 * minute, 10 * minute), vec![60 * minute]);
/// // ... and in the sliding windows [10:00, 10:10) and [09:55, 10:05).
/// assert_eq!(windows_of(62 * minute, 10 * minute, 5 * minute), vec![60 * minute, 55 * minute]);
/// ```
pub fn windows_of(t: i64, size: i64, slide: i64) -> Vec<i64> {
    window_starts(t, size, slide).collect()
}

/// [`windows_of`], one start at a time.
fn window_starts(t: i64, size: i64, slide: i64) -> impl Iterator<Item = i64> {
    let last_start = t - t.rem_euclid(slide);
    let overlapping = (size + slide - 1) / slide;
    (0..overlapping)
        .map(move |i| last_start - i * slide)
        .filter(move |start| t < start + size)
}

fn window_value(start: i64, size: i64) -> Value {
    window_struct(start, start + size)
}

/// The window struct value `{start, end}` (microseconds).
pub(crate) fn window_struct(start: i64, end: i64) -> Value {
    Value::Struct(vec![Value::Timestamp(start), Value::Timestamp(end)])
}

/// Binds the event-time argument of `function` (`window`, `session_window`): it must be a
/// `timestamp`, or the error is Spark's.
pub(crate) fn bind_event_time(function: &str, time: &Expr, schema: &Schema) -> Result<Evaluator> {
    let time = bind_node(time, schema)?;
    if time.data_type != DataType::Timestamp {
        return Err(Error::Analysis(format!(
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{function}({})\" due to \
             data type mismatch: The first parameter requires the \"TIMESTAMP\" type, however \
             \"{}\" has the type \"{}\". SQLSTATE: 42K09",
            time.name,
            time.name,
            time.data_type.to_string().to_uppercase()
        )));
    }
    Ok(time.eval)
}

/// Binds a window used as a plain expression: tumbling windows only (one window per row).
pub(crate) fn bind_tumbling(
    name: String,
    time: &Expr,
    size: i64,
    slide: i64,
    schema: &Schema,
) -> Result<BoundExpr> {
    if size != slide {
        return Err(Error::Analysis(format!(
            "{name}: a sliding window puts a row in several windows, so Ember supports it only \
             as a group_by key"
        )));
    }
    let key = WindowKey::bind(name.clone(), time, size, slide, schema)?;
    let eval: Evaluator = Arc::new(move |row: &Row| {
        Ok(match key.starts(row)?.next() {
            Some(start) => window_value(start, size),
            None => Value::Null,
        })
    });
    Ok(bound(name, window_type(), true, eval))
}

/// A window as a grouping key: evaluates to every window a row falls in.
#[derive(Clone)]
pub struct WindowKey {
    /// The key's column name (`window`, or its alias).
    pub name: String,
    /// The event time.
    time: Evaluator,
    /// Window length, microseconds.
    pub size: i64,
    /// Distance between window starts, microseconds.
    pub slide: i64,
}

impl std::fmt::Debug for WindowKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WindowKey")
            .field("name", &self.name)
            .field("size", &self.size)
            .field("slide", &self.slide)
            .finish_non_exhaustive()
    }
}

impl WindowKey {
    /// The window key of `expr` (possibly aliased), if it is a window.
    pub fn of(expr: &Expr, schema: &Schema) -> Result<Option<WindowKey>> {
        match expr.unaliased() {
            (Expr::Window { time, size, slide }, alias) => {
                let name = alias.unwrap_or("window").to_string();
                Ok(Some(WindowKey::bind(name, time, *size, *slide, schema)?))
            }
            _ => Ok(None),
        }
    }

    fn bind(name: String, time: &Expr, size: i64, slide: i64, schema: &Schema) -> Result<Self> {
        Ok(WindowKey {
            name,
            time: bind_event_time("window", time, schema)?,
            size,
            slide,
        })
    }

    /// The starts of the windows `row` falls in (none when its time is null).
    pub fn starts(&self, row: &Row) -> Result<impl Iterator<Item = i64>, String> {
        let time = match (self.time)(row)? {
            Value::Timestamp(t) => Some(t),
            _ => None,
        };
        let (size, slide) = (self.size, self.slide);
        Ok(time
            .into_iter()
            .flat_map(move |t| window_starts(t, size, slide)))
    }
}
