//! The CSV text of a batch, as Spark 4's CSV writer (univocity's `CsvWriter` with Spark's
//! default write options) lays it out.
//!
//! Each row is one line ending in `\n`, its fields separated by `sep`. A field is the value's
//! text ([`scalar_text`]) with these rules, all checked against PySpark 4:
//!
//! - null is an empty field; an empty string (or one that is only blanks) is `""`;
//! - leading and trailing characters up to `' '` (blanks and control characters) are dropped
//!   (`ignoreLeadingWhiteSpace` / `ignoreTrailingWhiteSpace` are on for writing);
//! - what is left is quoted when the value (after its leading blanks) contains the separator, a
//!   quote, `\n` or `\r`, or starts with a quote, or — in the first column only — the value
//!   starts with `#` (univocity's comment character);
//! - inside quotes `"` becomes `\"` and `\` becomes `\\`; unquoted text is written as it is.
//!
//! With `header`, the column names come first, laid out the same way — also for a batch with no
//! rows.

use ember_operators::{Row, Schema};

use crate::display::scalar_text;
use crate::time_zone::TimeZone;

/// Lays out rows as Spark's CSV writer does.
#[derive(Clone, Debug)]
pub(crate) struct CsvWriter {
    sep: String,
    header: Option<Vec<String>>,
    tz: TimeZone,
}

impl CsvWriter {
    /// A writer for rows of `schema`, fields separated by `sep`, with the column names first
    /// when `header`; timestamps in the zone `tz`.
    pub(crate) fn new(schema: &Schema, sep: &str, header: bool, tz: TimeZone) -> Self {
        CsvWriter {
            sep: sep.to_string(),
            header: header.then(|| schema.fields.iter().map(|f| f.name.clone()).collect()),
            tz,
        }
    }

    /// The whole file for a batch of `rows`.
    pub(crate) fn file_text(&self, rows: &[Row]) -> String {
        let mut out = String::new();
        if let Some(names) = &self.header {
            self.write_line(names.iter().map(|n| Some(n.clone())), &mut out);
        }
        for row in rows {
            let texts = row.values().iter().map(|v| scalar_text(v, self.tz));
            self.write_line(texts, &mut out);
        }
        out
    }

    fn write_line(&self, fields: impl Iterator<Item = Option<String>>, out: &mut String) {
        for (column, field) in fields.enumerate() {
            if column > 0 {
                out.push_str(&self.sep);
            }
            if let Some(text) = field {
                self.write_field(&text, column, out);
            }
        }
        out.push('\n');
    }

    fn write_field(&self, text: &str, column: usize, out: &mut String) {
        let blank = |c: char| c <= ' ';
        let rest = text.trim_start_matches(blank);
        let content = rest.trim_end_matches(blank);
        if content.is_empty() {
            out.push_str("\"\"");
            return;
        }
        let quoted = rest.starts_with('"')
            || (column == 0 && text.starts_with('#'))
            || rest.contains(self.sep.as_str())
            || rest.contains(['"', '\n', '\r']);
        if !quoted {
            out.push_str(content);
            return;
        }
        out.push('"');
        for c in content.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ember_operators::{DataType, Field, Value};

    fn schema(names: &[&str]) -> Schema {
        Schema::new(
            names
                .iter()
                .map(|n| Field::new(*n, DataType::String))
                .collect(),
        )
    }

    fn strings(rows: &[[Option<&str>; 2]]) -> Vec<Row> {
        rows.iter()
            .map(|r| {
                Row::new(
                    r.iter()
                        .map(|v| v.map_or(Value::Null, Value::from))
                        .collect(),
                )
            })
            .collect()
    }

    /// The strings of PySpark 4's `writeStream.format("csv")` for the same values.
    #[test]
    fn strings_are_quoted_trimmed_and_escaped_like_spark() {
        let rows = strings(&[
            [Some("plain"), Some("a,b")],
            [Some("quo\"te"), Some("new\nline")],
            [Some(""), Some("  spaced  ")],
            [Some("back\\slash\ttab\u{1}ctl é/"), None],
            [Some("\"starts"), Some("   ")],
            [Some("\tx"), Some("x\n")],
            [Some("  a,b  "), Some("cr\rhere")],
            [Some("x\\\"y"), Some("bs\\")],
            [Some("#a"), Some("#b")],
            [Some("  #a"), Some("\nx")],
            [Some("a\\b,c"), Some("x\ty")],
            [Some("\0z"), Some("tail\0")],
        ]);
        let writer = CsvWriter::new(&schema(&["s", "u"]), ",", false, TimeZone::UTC);
        assert_eq!(
            writer.file_text(&rows),
            "plain,\"a,b\"\n\
             \"quo\\\"te\",\"new\nline\"\n\
             \"\",spaced\n\
             back\\slash\ttab\u{1}ctl é/,\n\
             \"\\\"starts\",\"\"\n\
             x,\"x\"\n\
             \"a,b\",\"cr\rhere\"\n\
             \"x\\\\\\\"y\",bs\\\n\
             \"#a\",#b\n\
             #a,x\n\
             \"a\\\\b,c\",x\ty\n\
             z,tail\n"
        );
    }

    #[test]
    fn other_separators_and_the_header() {
        let rows = strings(&[[Some("a,b"), Some("semi;colon")], [None, Some("a||b")]]);
        let writer = CsvWriter::new(&schema(&["s", "u"]), ";", true, TimeZone::UTC);
        assert_eq!(writer.file_text(&rows), "s;u\na,b;\"semi;colon\"\n;a||b\n");
        let writer = CsvWriter::new(&schema(&["a,b", "#u"]), "||", true, TimeZone::UTC);
        assert_eq!(
            writer.file_text(&rows),
            "a,b||#u\na,b||semi;colon\n||\"a||b\"\n"
        );
        let writer = CsvWriter::new(&schema(&["a,b", "#u"]), ",", true, TimeZone::UTC);
        assert_eq!(writer.file_text(&[]), "\"a,b\",#u\n");
        let writer = CsvWriter::new(&schema(&["s"]), ",", false, TimeZone::UTC);
        assert_eq!(writer.file_text(&[]), "");
    }

    #[test]
    fn every_type() {
        let schema = Schema::new(vec![
            Field::new("i", DataType::Integer),
            Field::new("l", DataType::Long),
            Field::new("d", DataType::Double),
            Field::new("b", DataType::Boolean),
            Field::new("t", DataType::Timestamp),
            Field::new("dt", DataType::Date),
        ]);
        let rows = vec![
            Row::new(vec![
                Value::Int(1),
                Value::Long(10_000_000_000),
                Value::Double(1.0),
                Value::Boolean(true),
                Value::Timestamp(1_767_261_600_500_000),
                Value::Date(20_455),
            ]),
            Row::new(vec![
                Value::Null,
                Value::Long(-1),
                Value::Double(1e7),
                Value::Boolean(false),
                Value::Timestamp(1_767_261_600_000_000),
                Value::Null,
            ]),
            Row::new(vec![
                Value::Null,
                Value::Null,
                Value::Double(f64::NAN),
                Value::Null,
                Value::Null,
                Value::Null,
            ]),
            Row::new(vec![
                Value::Null,
                Value::Null,
                Value::Double(f64::NEG_INFINITY),
                Value::Null,
                Value::Null,
                Value::Null,
            ]),
            Row::new(vec![
                Value::Null,
                Value::Null,
                Value::Double(-0.0),
                Value::Null,
                Value::Null,
                Value::Null,
            ]),
        ];
        assert_eq!(
            CsvWriter::new(&schema, ",", false, TimeZone::UTC).file_text(&rows),
            "1,10000000000,1.0,true,2026-01-01T10:00:00.500Z,2026-01-02\n\
             ,-1,1.0E7,false,2026-01-01T10:00:00.000Z,\n\
             ,,NaN,,,\n\
             ,,-Infinity,,,\n\
             ,,-0.0,,,\n"
        );
        assert_eq!(
            CsvWriter::new(&schema, ",", false, TimeZone::Fixed(3600)).file_text(&rows[..1]),
            "1,10000000000,1.0,true,2026-01-01T11:00:00.500+01:00,2026-01-02\n"
        );
        // A separator that occurs in a value's text quotes it, whatever its type.
        assert_eq!(
            CsvWriter::new(&schema, "-", false, TimeZone::UTC).file_text(&rows[1..2]),
            "-\"-1\"-1.0E7-false-\"2026-01-01T10:00:00.000Z\"-\n"
        );
    }
}
