//! Interval strings such as `"2 seconds"` or `"1 hour 30 minutes"`, as Spark parses them for
//! triggers, watermarks and windows.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::operators::{MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND};

/// The units of interval strings (singular), largest first, with their lengths in
/// microseconds; months and years (`None`) vary in length.
const UNITS: &[(&str, Option<i64>)] = &[
    ("year", None),
    ("month", None),
    ("week", Some(7 * MICROS_PER_DAY)),
    ("day", Some(MICROS_PER_DAY)),
    ("hour", Some(MICROS_PER_HOUR)),
    ("minute", Some(MICROS_PER_MINUTE)),
    ("second", Some(MICROS_PER_SECOND)),
    ("millisecond", Some(1_000)),
    ("microsecond", Some(1)),
];

/// The unit a word of an interval string names, singular or plural, in any case: its singular
/// name and its length in microseconds (`None` for months and years).
pub(crate) fn unit_named(word: &str) -> Option<(&'static str, Option<i64>)> {
    let lower = word.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    UNITS.iter().find(|(name, _)| *name == singular).copied()
}

/// The words of an interval string after the optional leading word `interval`: numbers and
/// units in turn.
pub(crate) fn interval_words(text: &str) -> impl Iterator<Item = &str> {
    let mut words = text.split_whitespace().peekable();
    if words
        .peek()
        .is_some_and(|w| w.eq_ignore_ascii_case("interval"))
    {
        words.next();
    }
    words
}

/// Parses an interval of fixed length: one or more `<number> <unit>` pairs, optionally led by
/// the word `interval`; units are week, day, hour, minute, second, millisecond, microsecond,
/// singular or plural, any case — the forms Spark 4 accepts, with Spark 4's error for the rest
/// (checked against PySpark 4.3). Months and years are refused: their length varies.
///
/// ```
/// use std::time::Duration;
/// use ember::parse_interval;
/// assert_eq!(parse_interval("2 seconds").unwrap(), Duration::from_secs(2));
/// assert_eq!(parse_interval("interval 1 hour 30 minutes").unwrap(), Duration::from_secs(5400));
/// assert_eq!(
///     parse_interval("10 minuts").unwrap_err().to_string(),
///     "[INVALID_INTERVAL_FORMAT.INVALID_UNIT] Error parsing '10 minuts' to interval. Please \
///      ensure that the value provided is in a valid format for defining an interval. You can \
///      reference the documentation for the correct format. Invalid unit minuts. SQLSTATE: 22006"
/// );
/// ```
pub fn parse_interval(text: &str) -> Result<Duration> {
    let micros = parse_interval_micros(text)?;
    u64::try_from(micros)
        .map(Duration::from_micros)
        .map_err(|_| {
            Error::InvalidArgument(
                "requirement failed: the interval of trigger should not be negative".into(),
            )
        })
}

/// Spark's error for an interval (or an interval result) that does not fit.
pub(crate) fn overflow() -> String {
    "[INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION] Integer overflow while operating with \
     intervals. Try devising appropriate values for the interval parameters. SQLSTATE: 22015"
        .to_string()
}

/// Parses an interval into signed microseconds (see [`parse_interval`]); one that does not
/// fit a `bigint` of microseconds is Spark's interval overflow.
pub(crate) fn parse_interval_micros(text: &str) -> Result<i64> {
    checked_interval_micros(text)?.ok_or_else(|| Error::InvalidArgument(overflow()))
}

/// As [`parse_interval_micros`], with `None` for an interval that does not fit a `bigint` of
/// microseconds (a term, or the sum of the terms, at any point).
pub(crate) fn checked_interval_micros(text: &str) -> Result<Option<i64>> {
    let invalid = |condition: &str, detail: String| {
        Error::InvalidArgument(format!(
            "[INVALID_INTERVAL_FORMAT.{condition}] Error parsing '{text}' to interval. Please \
             ensure that the value provided is in a valid format for defining an interval. You \
             can reference the documentation for the correct format. {detail} SQLSTATE: 22006"
        ))
    };
    if text.trim().is_empty() {
        return Err(invalid(
            "INPUT_IS_EMPTY",
            "Interval string cannot be empty.".into(),
        ));
    }
    let mut words = interval_words(text);
    let mut micros: i64 = 0;
    while let Some(number) = words.next() {
        let value: f64 = match number.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ if number.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') => {
                return Err(invalid("INVALID_VALUE", format!("Invalid value {number}.")))
            }
            _ => {
                return Err(invalid(
                    "UNRECOGNIZED_NUMBER",
                    format!("Unrecognized number {number}."),
                ))
            }
        };
        let Some(unit) = words.next() else {
            return Err(invalid(
                "MISSING_UNIT",
                format!("Expect a unit name after {number} but hit EOL."),
            ));
        };
        let scale = match unit_named(unit) {
            Some((_, Some(scale))) => scale,
            Some((_, None)) => {
                return Err(Error::InvalidArgument(format!(
                    "Doesn't support month or year interval: {}",
                    text.trim()
                )))
            }
            None => return Err(invalid("INVALID_UNIT", format!("Invalid unit {unit}."))),
        };
        // 2^63: the first magnitude a `bigint` cannot hold (a cast would clamp silently).
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        let term = (value * scale as f64).round();
        if !(-LIMIT..LIMIT).contains(&term) {
            return Ok(None);
        }
        match micros.checked_add(term as i64) {
            Some(sum) => micros = sum,
            None => return Ok(None),
        }
    }
    Ok(Some(micros))
}

/// An interval of `micros` microseconds as Spark names it in column names: the largest unit
/// that divides it (`10 minutes`, `1 hour`, `1500 milliseconds`).
pub(crate) fn describe_micros(micros: i64) -> String {
    for (unit, scale) in UNITS
        .iter()
        .filter_map(|(unit, scale)| Some((unit, (*scale)?)))
    {
        if micros != 0 && micros % scale == 0 {
            let n = micros / scale;
            return format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        }
    }
    format!("{micros} microseconds")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(text: &str) -> String {
        let message = parse_interval(text).unwrap_err().to_string();
        let start = message.find("correct format. ").map_or(0, |i| i + 16);
        message[start..].to_string()
    }

    #[test]
    fn accepts_what_spark_accepts() {
        for (text, micros) in [
            ("2 seconds", 2_000_000),
            ("1 second", 1_000_000),
            ("500 milliseconds", 500_000),
            ("2 SECONDS", 2_000_000),
            (" 2 seconds ", 2_000_000),
            ("1.5 seconds", 1_500_000),
            ("1 minute 30 seconds", 90_000_000),
            ("1 week", 604_800_000_000),
            ("2 microseconds", 2),
            ("0 seconds", 0),
        ] {
            assert_eq!(
                parse_interval(text).unwrap(),
                Duration::from_micros(micros),
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_what_spark_refuses_with_its_words() {
        assert_eq!(detail("2s"), "Invalid value 2s. SQLSTATE: 22006");
        assert_eq!(
            detail("2seconds"),
            "Invalid value 2seconds. SQLSTATE: 22006"
        );
        assert_eq!(detail("2 s"), "Invalid unit s. SQLSTATE: 22006");
        assert_eq!(detail("2 secs"), "Invalid unit secs. SQLSTATE: 22006");
        assert_eq!(detail("2 ms"), "Invalid unit ms. SQLSTATE: 22006");
        assert_eq!(
            detail("2"),
            "Expect a unit name after 2 but hit EOL. SQLSTATE: 22006"
        );
        assert_eq!(detail("abc"), "Unrecognized number abc. SQLSTATE: 22006");
        assert_eq!(
            parse_interval("1 month").unwrap_err().to_string(),
            "Doesn't support month or year interval: 1 month"
        );
        assert_eq!(
            parse_interval("-1 seconds").unwrap_err().to_string(),
            "requirement failed: the interval of trigger should not be negative"
        );
    }
}
