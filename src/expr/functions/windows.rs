//! Event-time windows: `window` and `session_window` as functions.

use super::{Arity, Entry};
use crate::error::{Error, Result};
use crate::expr::{session_window, Expr};
use crate::Value;

/// `window(time_column, size, slide)`: Spark's time window over an event-time column. `slide`
/// `None` makes tumbling windows. Sizes are interval strings (`"10 minutes"`); a bad one is
/// reported when the expression is bound.
///
/// ```
/// use ember::expr::{col, window};
/// assert_eq!(window(col("ts"), "10 minutes", None).sql(), "window(ts, 10 minutes)");
/// assert_eq!(
///     window(col("ts"), "10 minutes", Some("5 minutes")).sql(),
///     "window(ts, 10 minutes, 5 minutes)"
/// );
/// ```
pub fn window(time: impl Into<Expr>, size: &str, slide: Option<&str>) -> Expr {
    let parse = |text: &str| crate::interval::parse_interval_micros(text);
    let size_micros = match parse(size) {
        Ok(s) if s > 0 => s,
        Ok(_) => {
            return Expr::Invalid(format!(
                "The window duration ({size}) must be greater than 0."
            ))
        }
        Err(e) => return Expr::Invalid(e.to_string()),
    };
    let slide_micros = match slide.map(parse) {
        None => size_micros,
        Some(Ok(s)) if s > 0 && s <= size_micros => s,
        Some(Ok(_)) => {
            return Expr::Invalid(format!(
                "The slide duration ({}) must be greater than 0 and at most the window duration ({size}).",
                slide.unwrap_or_default()
            ))
        }
        Some(Err(e)) => return Expr::Invalid(e.to_string()),
    };
    Expr::Window {
        time: Box::new(time.into()),
        size: size_micros,
        slide: slide_micros,
    }
}

/// `window` and `session_window`, whose durations are string literals.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::special("window", Arity::between(2, 4), |args| {
        let size = duration("window", &args, 1)?;
        let slide = args
            .get(2)
            .map(|_| duration("window", &args, 2))
            .transpose()?;
        if args.len() == 4 && !duration("window", &args, 3)?.trim().starts_with('0') {
            return Err(Error::Analysis(
                "[UNSUPPORTED_FEATURE] The feature is not supported: `window` with a start time."
                    .to_string(),
            ));
        }
        let time = args
            .into_iter()
            .next()
            .unwrap_or(Expr::Invalid(String::new()));
        Ok(window(time, &size, slide.as_deref()))
    }),
    Entry::special("session_window", Arity::exactly(2), |args| {
        let gap = duration("session_window", &args, 1)?;
        let time = args
            .into_iter()
            .next()
            .unwrap_or(Expr::Invalid(String::new()));
        Ok(session_window(time, &gap))
    }),
];

/// Argument `index` of a window function: a duration as a string literal (`'10 minutes'`).
/// An interval value is refused as Spark 4 refuses it (its `window` and `session_window` take
/// strings, or the legacy calendar intervals Ember does not have).
fn duration(function: &str, args: &[Expr], index: usize) -> Result<String> {
    match args.get(index) {
        Some(Expr::Literal(Value::String(s))) => Ok(s.clone()),
        Some(Expr::Literal(Value::Interval(_, t))) if function == "session_window" => {
            let kind = if t.is_year_month() {
                "YearMonth"
            } else {
                "DayTime"
            };
            let base = if t.is_year_month() { 0 } else { 2 };
            Err(Error::Analysis(format!(
                "Gap duration expression used in session window must be CalendarIntervalType, \
                 but got {kind}IntervalType({},{}).",
                t.start.index() - base,
                t.end.index() - base
            )))
        }
        Some(Expr::Literal(Value::Interval(..))) => Err(Error::Analysis(
            "The duration and time inputs to window must be an integer, long or string literal."
                .to_string(),
        )),
        other => Err(Error::Analysis(format!(
            "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] the duration of a window must be a string \
             literal such as '10 minutes', found {}",
            other.map_or("nothing".to_string(), crate::expr::name::sql)
        ))),
    }
}
