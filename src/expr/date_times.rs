//! Dates and timestamps read from text by the CSV and JSON readers: `CAST`'s parsers in a time
//! zone, or the user's `timestampFormat` / `dateFormat` patterns.

use ember_operators::{DataType, Value};

use super::cast::{parse_string, parse_timestamp_as_written};
use super::DateTimePattern;
use crate::time_zone::TimeZone;

/// String → date and timestamp conversions of one reader (a CSV or JSON source, `from_json`):
/// `CAST`'s parsers (Spark's default when no format is given) in the reader's time zone, or
/// the user's patterns.
pub(crate) struct DateTimes {
    time_zone: TimeZone,
    timestamp_format: Option<DateTimePattern>,
    date_format: Option<DateTimePattern>,
}

impl DateTimes {
    /// `CAST`'s parsers in `time_zone` (for text without an offset), or the patterns given (a
    /// pattern that does not compile is left out).
    pub(crate) fn new(
        time_zone: TimeZone,
        timestamp_format: Option<&str>,
        date_format: Option<&str>,
    ) -> Self {
        let compile = |p: Option<&str>| p.and_then(|p| DateTimePattern::compile(p).ok());
        DateTimes {
            time_zone,
            timestamp_format: compile(timestamp_format),
            date_format: compile(date_format),
        }
    }

    /// `CAST`'s parsers in UTC, with no user patterns (what `from_json` uses without options).
    pub(crate) fn utc() -> Self {
        DateTimes {
            time_zone: TimeZone::UTC,
            timestamp_format: None,
            date_format: None,
        }
    }

    /// Microseconds since the epoch of a timestamp string, or `None` if it is malformed.
    pub(crate) fn timestamp(&self, s: &str) -> Option<i64> {
        if let Some(pattern) = &self.timestamp_format {
            let text = pattern.parse(s)?.to_cast_string(true)?;
            return self.cast_timestamp(&text);
        }
        self.cast_timestamp(s)
    }

    fn cast_timestamp(&self, s: &str) -> Option<i64> {
        // `CAST` reads a timestamp without an offset as UTC; here it is in the source's zone.
        let (local, offset) = parse_timestamp_as_written(s)?;
        Some(match offset {
            Some(offset) => local - offset,
            None => self.time_zone.to_utc(local),
        })
    }

    /// Microseconds since the epoch of a wall-clock `timestamp_ntz` string (without a zone
    /// suffix), or `None` if it is malformed.
    pub(crate) fn timestamp_ntz(&self, s: &str) -> Option<i64> {
        match parse_timestamp_as_written(s)? {
            (local, None) => Some(local),
            (_, Some(_)) => None,
        }
    }

    /// Days since the epoch of a date string, or `None` if it is malformed.
    pub(crate) fn date(&self, s: &str) -> Option<i32> {
        let text;
        let s = match &self.date_format {
            Some(pattern) => {
                text = pattern.parse(s)?.to_cast_string(false)?;
                &text
            }
            None => s,
        };
        match parse_string(s, &DataType::Date) {
            Some(Value::Date(d)) => Some(d),
            _ => None,
        }
    }
}
