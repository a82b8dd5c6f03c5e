//! Turning text records into typed rows by a user schema, shared by the csv and json sources:
//! parse modes, the corrupt-record column, the session time zone, and Spark's conversions of
//! strings to dates and timestamps (which reuse `CAST`'s parsers).
//!
//! A format parser turns one record into values in *data schema* order (the user schema without
//! the corrupt-record column), or reports it malformed with the values it could convert
//! ([`Malformed`]). [`RecordOptions::emit`] then applies the mode, as Spark's
//! `FailureSafeParser` does.

use ember_operators::{DataType, Row, Schema, Value};
use serde::{Deserialize, Serialize};

use crate::display::{java_double_to_string, java_float_to_string};
use crate::error::{Error, Result};
use crate::expr::{DateTimePattern, DateTimes};
use crate::options::OptionMap;
use crate::time_zone::TimeZone;

/// What a csv or json source does with a record it cannot parse (option `mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParseMode {
    /// `PERMISSIVE` (the default): the fields that do not parse are null, and the record's text
    /// goes to the corrupt-record column when the schema has one.
    #[default]
    Permissive,
    /// `DROPMALFORMED`: the record is dropped.
    DropMalformed,
    /// `FAILFAST`: the query fails, naming the record.
    FailFast,
}

impl ParseMode {
    /// Spark's `ParseMode.fromString`: any case; an unknown mode is PERMISSIVE, with a warning.
    fn parse(value: Option<String>) -> Self {
        match value {
            None => ParseMode::Permissive,
            Some(v) => match v.to_ascii_uppercase().as_str() {
                "PERMISSIVE" => ParseMode::Permissive,
                "DROPMALFORMED" => ParseMode::DropMalformed,
                "FAILFAST" => ParseMode::FailFast,
                _ => {
                    tracing::warn!("{v} is not a valid parse mode. Using PERMISSIVE.");
                    ParseMode::Permissive
                }
            },
        }
    }
}

/// The options every record format shares, resolved when the source is created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordOptions {
    /// The user's schema, every column nullable, including the corrupt-record column if any.
    pub schema: Schema,
    /// `mode`.
    pub mode: ParseMode,
    /// The position in `schema` of the `columnNameOfCorruptRecord` column
    /// (default `_corrupt_record`), when the schema has it.
    pub corrupt_column: Option<usize>,
    /// The time zone of timestamps written without an offset (option `timeZone`, else
    /// `spark.sql.session.timeZone`).
    pub time_zone: TimeZone,
    /// `timestampFormat`: a Java `DateTimeFormatter` pattern; when unset, timestamps parse as
    /// `CAST(s AS TIMESTAMP)` does.
    pub timestamp_format: Option<String>,
    /// `dateFormat`: likewise for dates.
    pub date_format: Option<String>,
}

/// The option keys [`RecordOptions::parse`] takes.
pub(crate) const RECORD_OPTIONS: &[&str] = &[
    "mode",
    "columnNameOfCorruptRecord",
    "timestampFormat",
    "dateFormat",
    "timeZone",
];

impl RecordOptions {
    /// Takes the shared options out of `options`. `schema` is the user's; `session_time_zone`
    /// is `spark.sql.session.timeZone` (UTC when unset).
    pub(crate) fn parse(
        options: &mut OptionMap,
        schema: &Schema,
        session_time_zone: Option<&str>,
    ) -> Result<Self> {
        let mut schema = schema.clone();
        // Spark reads every column of a streaming file source as nullable.
        for field in &mut schema.fields {
            field.nullable = true;
        }
        let mode = ParseMode::parse(options.take("mode"));
        let corrupt_name = options
            .take("columnNameOfCorruptRecord")
            .unwrap_or_else(|| "_corrupt_record".to_string());
        let corrupt_column = schema.fields.iter().position(|f| f.name == corrupt_name);
        if let Some(i) = corrupt_column {
            let data_type = &schema.fields[i].data_type;
            if *data_type != DataType::String {
                return Err(Error::Analysis(format!(
                    "[INVALID_CORRUPT_RECORD_TYPE] The column `{corrupt_name}` for corrupt \
                     records must have the nullable STRING type, but got \"{}\". SQLSTATE: 42804",
                    data_type.to_string().to_uppercase()
                )));
            }
        }
        let zone = match options.take("timeZone") {
            Some(zone) => TimeZone::option(&zone)?,
            None => TimeZone::session(session_time_zone)?,
        };
        let timestamp_format = options.take("timestampFormat");
        let date_format = options.take("dateFormat");
        for (key, pattern) in [
            ("timestampFormat", &timestamp_format),
            ("dateFormat", &date_format),
        ] {
            if let Some(pattern) = pattern {
                DateTimePattern::compile(pattern).map_err(|e| {
                    Error::InvalidArgument(format!(
                        "Invalid value '{pattern}' for option '{key}': {e}"
                    ))
                })?;
            }
        }
        Ok(RecordOptions {
            schema,
            mode,
            corrupt_column,
            time_zone: zone,
            timestamp_format,
            date_format,
        })
    }

    /// The columns a record's fields map to: the schema without the corrupt-record column.
    /// The date and timestamp parsers of these options.
    pub(crate) fn date_times(&self) -> DateTimes {
        DateTimes::new(
            self.time_zone,
            self.timestamp_format.as_deref(),
            self.date_format.as_deref(),
        )
    }

    pub(crate) fn data_schema(&self) -> Schema {
        let mut data = self.schema.clone();
        if let Some(i) = self.corrupt_column {
            data.fields.remove(i);
        }
        data
    }

    /// Adds the rows of one record to `out`, applying the mode to a malformed record. The error
    /// (FAILFAST) is Spark's `MALFORMED_RECORD_IN_PARSING` message.
    pub(crate) fn emit(
        &self,
        record: &str,
        parsed: std::result::Result<Vec<Vec<Value>>, Malformed>,
        out: &mut Vec<Row>,
    ) -> std::result::Result<(), String> {
        let mut push = |row: &mut Row| out.push(std::mem::take(row));
        match parsed {
            Ok(rows) => {
                for values in rows {
                    self.hand_out(record, false, &mut self.row(values), &mut push)?;
                }
                Ok(())
            }
            Err(Malformed { partial }) => {
                let width = self.schema.len() - usize::from(self.corrupt_column.is_some());
                let values = partial.unwrap_or_else(|| vec![Value::Null; width]);
                self.hand_out(record, true, &mut self.row(values), &mut push)
            }
        }
    }

    /// Hands `row`, one record's values in schema order, to `each` as the mode says. Its
    /// corrupt-record slot, if any, is set here: null, or the record's text when it is
    /// `malformed`. The error (FAILFAST) is Spark's `MALFORMED_RECORD_IN_PARSING` message.
    pub(crate) fn hand_out(
        &self,
        record: &str,
        malformed: bool,
        row: &mut Row,
        each: &mut dyn FnMut(&mut Row),
    ) -> std::result::Result<(), String> {
        if let Some(i) = self.corrupt_column {
            row.0[i] = match malformed {
                true => Value::String(record.to_string()),
                false => Value::Null,
            };
        }
        match self.mode {
            _ if !malformed => each(row),
            ParseMode::Permissive => each(row),
            ParseMode::DropMalformed => {}
            ParseMode::FailFast => {
                return Err(format!(
                    "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are \
                     detected in record parsing: {}.\nParse Mode: FAILFAST. To process \
                     malformed records as null result, try setting the option 'mode' as \
                     'PERMISSIVE'.  SQLSTATE: 22023",
                    internal_row_string(row.values())
                ))
            }
        }
        Ok(())
    }

    /// The position in a row of the schema of column `k` of the data schema.
    pub(crate) fn position(&self, k: usize) -> usize {
        k + usize::from(self.corrupt_column.is_some_and(|c| k >= c))
    }

    /// A row of data schema values, with a null in the corrupt-record column, if any.
    fn row(&self, mut values: Vec<Value>) -> Row {
        if let Some(i) = self.corrupt_column {
            values.insert(i, Value::Null);
        }
        Row::new(values)
    }
}

/// A record that did not parse: the values that did convert (null for the others), in data
/// schema order, or `None` when nothing could be read (a syntax error).
#[derive(Debug)]
pub(crate) struct Malformed {
    pub partial: Option<Vec<Value>>,
}

/// A row as Spark's `InternalRow.toString` shows it in `MALFORMED_RECORD_IN_PARSING`:
/// timestamps as microseconds, dates as days, structs as nested `[..]`.
fn internal_row_string(values: &[Value]) -> String {
    let cells: Vec<String> = values.iter().map(internal_value_string).collect();
    format!("[{}]", cells.join(","))
}

fn internal_value_string(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Boolean(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) | Value::Timestamp(i) => i.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Double(d) => java_double_to_string(*d),
        Value::String(s) => s.clone(),
        Value::Array(items) | Value::Struct(items) => internal_row_string(items),
        Value::Byte(i) => i.to_string(),
        Value::Short(i) => i.to_string(),
        Value::Float(f) => java_float_to_string(*f),
        Value::Decimal(d) => d.to_string(),
        Value::TimestampNtz(us) => us.to_string(),
        Value::Interval(amount, _) => amount.to_string(),
        Value::Binary(bytes) => format!("{bytes:?}"),
        Value::Map(entries) => {
            let keys: Vec<Value> = entries.iter().map(|(k, _)| k.clone()).collect();
            let values: Vec<Value> = entries.iter().map(|(_, v)| v.clone()).collect();
            format!(
                "keys: {}, values: {}",
                internal_row_string(&keys),
                internal_row_string(&values)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ember_operators::Field;

    fn options(zone: Option<&str>, extra: &[(&str, &str)]) -> RecordOptions {
        let mut map = OptionMap::default();
        for (k, v) in extra {
            map.set(k, v.to_string());
        }
        let schema = Schema::new(vec![
            Field::new("ts", DataType::Timestamp),
            Field::new("_corrupt_record", DataType::String),
        ]);
        RecordOptions::parse(&mut map, &schema, zone).unwrap()
    }

    const JAN1_10H: i64 = 1_767_261_600_000_000;

    #[test]
    fn timestamps_parse_as_cast_in_the_session_zone() {
        let utc = options(None, &[]).date_times();
        assert_eq!(utc.timestamp("2026-01-01 10:00:00"), Some(JAN1_10H));
        assert_eq!(utc.timestamp("2026-01-01T10:00:00"), Some(JAN1_10H));
        assert_eq!(utc.timestamp(" 2026-01-01 10:00:00 "), Some(JAN1_10H));
        assert_eq!(
            utc.timestamp("2026-01-01 10:00:00.123"),
            Some(JAN1_10H + 123_000)
        );
        assert_eq!(
            utc.timestamp("2026-01-01T10:00:00+02:00"),
            Some(JAN1_10H - 7_200_000_000)
        );
        assert_eq!(utc.timestamp("bad"), None);
        assert_eq!(utc.date("2026-1-2"), Some(20_455));
        assert_eq!(utc.date("x"), None);

        let plus2 = options(Some("+02:00"), &[]).date_times();
        let two_hours = 7_200_000_000;
        assert_eq!(
            plus2.timestamp("2026-01-01 10:00:00"),
            Some(JAN1_10H - two_hours)
        );
        assert_eq!(
            plus2.timestamp("2026-01-01T10:00"),
            Some(JAN1_10H - two_hours)
        );
        assert_eq!(
            plus2.timestamp("2026-01-01"),
            Some(JAN1_10H - 10 * 3_600_000_000 - two_hours)
        );
        // An explicit offset wins over the session zone.
        assert_eq!(plus2.timestamp("2026-01-01 10:00:00Z"), Some(JAN1_10H));
        assert_eq!(plus2.timestamp("2026-01-01 10:00:00 UTC"), Some(JAN1_10H));
        assert_eq!(
            plus2.timestamp("2026-01-01 10:00:00 +01:00"),
            Some(JAN1_10H - two_hours / 2)
        );
        // The option overrides the session.
        let option = options(Some("+02:00"), &[("timeZone", "UTC")]).date_times();
        assert_eq!(option.timestamp("2026-01-01 10:00:00"), Some(JAN1_10H));
    }

    #[test]
    fn timestamps_parse_in_a_region_zone() {
        // What PySpark 4.3 read with the session zone America/New_York
        // (notes: spark_timezones.md): a time in the spring gap moves forward by an hour, one
        // in the autumn overlap takes the earlier offset (EDT), an explicit offset wins.
        let new_york = options(Some("America/New_York"), &[]).date_times();
        assert_eq!(
            new_york.timestamp("2026-03-08 02:30:00"),
            Some(1_772_955_000_000_000)
        );
        assert_eq!(
            new_york.timestamp("2026-11-01 01:30:00"),
            Some(1_793_511_000_000_000)
        );
        assert_eq!(
            new_york.timestamp("2026-07-04T12:00:00Z"),
            Some(1_783_166_400_000_000)
        );
        let option = options(None, &[("timeZone", "America/New_York")]).date_times();
        assert_eq!(
            option.timestamp("2026-11-01 02:30:00"),
            Some(1_793_518_200_000_000)
        );
        let mut map = OptionMap::default();
        map.set("timeZone", "Mars/Olympus".to_string());
        let schema = Schema::new(vec![Field::new("ts", DataType::Timestamp)]);
        assert_eq!(
            RecordOptions::parse(&mut map, &schema, None)
                .unwrap_err()
                .to_string(),
            "[INVALID_TIMEZONE] The timezone: Mars/Olympus is invalid. The timezone must be \
             either a region-based zone ID or a zone offset. Region IDs must have the form \
             'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the format \
             '(+|-)HH', '(+|-)HH:mm\u{2019} or '(+|-)HH:mm:ss', e.g '-08' , '+01:00' or \
             '-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are \
             accepted as synonyms for '+00:00'. SQLSTATE: 22009"
        );
    }

    #[test]
    fn corrupt_column_must_be_a_string() {
        let schema = Schema::new(vec![Field::new("_corrupt_record", DataType::Integer)]);
        let err = RecordOptions::parse(&mut OptionMap::default(), &schema, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "[INVALID_CORRUPT_RECORD_TYPE] The column `_corrupt_record` for corrupt records must \
             have the nullable STRING type, but got \"INT\". SQLSTATE: 42804"
        );
    }

    #[test]
    fn modes() {
        let line = "2026-01-01 10:00:00,short";
        let partial = || {
            Err(Malformed {
                partial: Some(vec![Value::Timestamp(JAN1_10H)]),
            })
        };
        let mut out = Vec::new();
        options(None, &[]).emit(line, partial(), &mut out).unwrap();
        assert_eq!(
            out,
            [Row::new(vec![Value::Timestamp(JAN1_10H), line.into()])]
        );
        let mut out = Vec::new();
        options(None, &[("mode", "dropmalformed")])
            .emit(line, partial(), &mut out)
            .unwrap();
        assert!(out.is_empty());
        let err = options(None, &[("mode", "FAILFAST")])
            .emit(line, partial(), &mut out)
            .unwrap_err();
        assert_eq!(
            err,
            "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in \
             record parsing: [1767261600000000,2026-01-01 10:00:00,short].\nParse Mode: \
             FAILFAST. To process malformed records as null result, try setting the option \
             'mode' as 'PERMISSIVE'.  SQLSTATE: 22023"
        );
    }
}
