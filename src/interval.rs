//! Interval strings such as `"2 seconds"` or `"1 hour 30 minutes"`, as Spark parses them for
//! triggers, watermarks and windows.

use std::time::Duration;

use crate::error::{Error, Result};

const UNITS: &[(&str, u64)] = &[
    ("week", 7 * 86_400_000_000),
    ("day", 86_400_000_000),
    ("hour", 3_600_000_000),
    ("minute", 60_000_000),
    ("second", 1_000_000),
    ("millisecond", 1_000),
    ("microsecond", 1),
];

/// Parses an interval of fixed length: one or more `<number> <unit>` pairs, optionally led by
/// the word `interval`; units are week, day, hour, minute, second, millisecond, microsecond,
/// singular or plural, any case. Months and years are refused: their length varies.
///
/// ```
/// use std::time::Duration;
/// use ember::parse_interval;
/// assert_eq!(parse_interval("2 seconds").unwrap(), Duration::from_secs(2));
/// assert_eq!(parse_interval("interval 1 hour 30 minutes").unwrap(), Duration::from_secs(5400));
/// assert_eq!(
///     parse_interval("10 minuts").unwrap_err().to_string(),
///     "Invalid interval '10 minuts': unknown unit 'minuts' (valid units: week, day, hour, minute, second, millisecond, microsecond)"
/// );
/// ```
pub fn parse_interval(text: &str) -> Result<Duration> {
    let invalid = |why: String| Error::InvalidArgument(format!("Invalid interval '{text}': {why}"));
    let mut words = text.split_whitespace().peekable();
    if words
        .peek()
        .is_some_and(|w| w.eq_ignore_ascii_case("interval"))
    {
        words.next();
    }
    let mut micros: u64 = 0;
    let mut any = false;
    while let Some(number) = words.next() {
        let value: f64 = number
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| invalid(format!("'{number}' is not a non-negative number")))?;
        let unit = words
            .next()
            .ok_or_else(|| invalid(format!("missing unit after '{number}'")))?;
        let lower = unit.to_ascii_lowercase();
        let singular = lower.strip_suffix('s').unwrap_or(&lower);
        if singular == "month" || singular == "year" {
            return Err(invalid(
                "months and years have no fixed length; use days or weeks".into(),
            ));
        }
        let Some((_, scale)) = UNITS.iter().find(|(name, _)| *name == singular) else {
            let names: Vec<&str> = UNITS.iter().map(|(n, _)| *n).collect();
            return Err(invalid(format!(
                "unknown unit '{unit}' (valid units: {})",
                names.join(", ")
            )));
        };
        micros = micros.saturating_add((value * *scale as f64).round() as u64);
        any = true;
    }
    if !any {
        return Err(invalid(
            "expected '<number> <unit>', e.g. '2 seconds'".into(),
        ));
    }
    Ok(Duration::from_micros(micros))
}
