//! `format("csv")`: each line of a file is a record, split into fields and typed by the user's
//! schema as Spark's CSV reader (univocity, `multiLine` off) does.
//!
//! Splitting: fields are separated by `sep`; a field that starts with `quote` runs to the next
//! unescaped `quote` (`escape` + `quote` is a quote, `escape` + `escape` an escape), blanks after
//! the closing quote are skipped, and a quoted field with more text after its closing quote is
//! taken as written, quotes and all, up to the next separator (univocity's
//! `STOP_AT_DELIMITER`). An unterminated quoted field runs to the end of the line. Outside
//! quotes nothing is special. An empty field, quoted or not, is null. Blank lines are skipped;
//! with `header` the first non-blank line of each file is too.
//!
//! Typing (Spark's `UnivocityParser`): `int`/`bigint` as Java's `parseInt`/`parseLong` (no
//! blanks), `double` as `parseDouble` plus `NaN`, `Inf`, `-Inf`, `boolean` `true`/`false` in any
//! case, dates and timestamps as `CAST` reads them (or by `dateFormat`/`timestampFormat`). A
//! record with a value that does not parse, or with fewer or more fields than the schema, is
//! malformed.

use std::borrow::Cow;

use ember_operators::{DataType, Row, Schema, Value};
use serde::{Deserialize, Serialize};

use super::record::RecordOptions;
use crate::error::{Error, Result};
use crate::expr::check_supported_types;
use crate::expr::DateTimes;
use crate::expr::{parse_decimal, parse_java_decimal, to_precision};
use crate::options::OptionMap;

/// The options of `format("csv")` besides the file-listing ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvOptions {
    /// Schema, `mode`, corrupt-record column, time zone and formats.
    pub record: RecordOptions,
    /// `header`: skip the first line of each file (default false).
    pub header: bool,
    /// `sep` or `delimiter`: the field separator (default `,`; may be several characters).
    pub sep: String,
    /// `quote` (default `"`; an empty string turns quoting off).
    pub quote: Option<char>,
    /// `escape`: escapes a quote inside a quoted field (default `\`; empty turns it off).
    pub escape: Option<char>,
}

/// The option keys of the csv format (besides the record and file-listing ones).
pub(crate) const CSV_OPTIONS: &[&str] = &["header", "sep", "delimiter", "quote", "escape"];

impl CsvOptions {
    pub(crate) fn parse(
        options: &mut OptionMap,
        schema: &Schema,
        session_time_zone: Option<&str>,
    ) -> Result<Self> {
        check_supported_types(schema, "CSV", |t| {
            !matches!(
                t,
                DataType::Array(_) | DataType::Struct(_) | DataType::Map(..)
            )
        })?;
        let header = options.take_bool("header", false)?;
        let sep = match (options.take("sep"), options.take("delimiter")) {
            (Some(sep), _) | (None, Some(sep)) => delimiter(&sep)?,
            (None, None) => ",".to_string(),
        };
        let quote = single_char(options.take("quote"), "quote", '"')?;
        let escape = single_char(options.take("escape"), "escape", '\\')?;
        let record = RecordOptions::parse(options, schema, session_time_zone)?;
        Ok(CsvOptions {
            record,
            header,
            sep,
            quote,
            escape,
        })
    }
}

/// Spark's `CSVExprUtils.toDelimiterStr`: `\t`, `\r`, `\b`, `\f`, `\"`, `\'`, `\\` written out
/// stand for the character.
fn delimiter(sep: &str) -> Result<String> {
    if sep.is_empty() {
        return Err(Error::InvalidArgument("Delimiter cannot be empty".into()));
    }
    let mut out = String::new();
    let mut chars = sep.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('t') => '\t',
            Some('r') => '\r',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some(c @ ('"' | '\'' | '\\')) => c,
            Some('u') if chars.as_str().starts_with("0000") => {
                chars.nth(3);
                '\0'
            }
            None if sep.len() == 1 => {
                return Err(Error::InvalidArgument(
                    "Single backslash is prohibited. It has special meaning as beginning of an \
                     escape sequence. To get the backslash character, pass a string with two \
                     backslashes as the delimiter."
                        .into(),
                ))
            }
            _ => {
                return Err(Error::InvalidArgument(format!(
                    "Unsupported special character for delimiter: {sep}"
                )))
            }
        });
    }
    Ok(out)
}

fn single_char(value: Option<String>, name: &str, default: char) -> Result<Option<char>> {
    let Some(value) = value else {
        return Ok(Some(default));
    };
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (None, _) | (Some('\0'), None) => Ok(None),
        (Some(c), None) => Ok(Some(c)),
        _ => Err(Error::InvalidArgument(format!(
            "{name} cannot be more than one character"
        ))),
    }
}

/// Parses the lines of csv files with one source's options.
pub(crate) struct CsvReader<'a> {
    options: &'a CsvOptions,
    data_schema: Schema,
    datetimes: DateTimes,
    /// Finds the separator in a line.
    sep: memchr::memmem::Finder<'static>,
}

impl<'a> CsvReader<'a> {
    pub(crate) fn new(options: &'a CsvOptions) -> Self {
        CsvReader {
            options,
            data_schema: options.record.data_schema(),
            datetimes: options.record.date_times(),
            sep: memchr::memmem::Finder::new(options.sep.as_bytes()).into_owned(),
        }
    }

    /// Hands the row of one line of a file to `each`, in `row` (refilled: a row `each` left
    /// is reused for the next line, its text cells' buffers included); the error is
    /// FAILFAST's. `header` is true until the file's header line, when the options have one,
    /// has been skipped.
    pub(crate) fn read_line(
        &self,
        line: &str,
        header: &mut bool,
        row: &mut Row,
        each: &mut dyn FnMut(&mut Row),
    ) -> std::result::Result<(), String> {
        // Spark drops lines that are empty after trimming (`CSVUtils.filterCommentAndEmpty`):
        // a character above a blank starts with a byte above it.
        if !line.bytes().any(|b| b > b' ') {
            return Ok(());
        }
        if *header {
            *header = false;
            return Ok(());
        }
        let malformed = self.parse_into(line, row);
        self.options.record.hand_out(line, malformed, row, each)
    }

    /// Adds the rows of one file's lines to `out`, as [`CsvReader::read_line`] reads them.
    #[cfg(test)]
    pub(crate) fn read<S: AsRef<str>>(
        &self,
        lines: impl IntoIterator<Item = S>,
        out: &mut Vec<Row>,
    ) -> std::result::Result<(), String> {
        let mut header = self.has_header();
        let mut row = Row::default();
        for line in lines {
            self.read_line(line.as_ref(), &mut header, &mut row, &mut |row| {
                out.push(std::mem::take(row))
            })?;
        }
        Ok(())
    }

    /// Whether a file's first non-blank line is a header, to skip.
    pub(crate) fn has_header(&self) -> bool {
        self.options.header
    }

    /// Fills `row` with a line's values in schema order (the corrupt-record column aside),
    /// converted as its fields are split; every slot is overwritten. Whether the line is
    /// malformed: a value that does not convert (null), or too few or too many fields.
    fn parse_into(&self, line: &str, row: &mut Row) -> bool {
        let fields = &self.data_schema.fields;
        let record = &self.options.record;
        let values = &mut row.0;
        values.resize(record.schema.len(), Value::Null);
        let mut malformed = false;
        let mut count = 0;
        for token in self.fields(line) {
            if let Some(field) = fields.get(count) {
                let slot = &mut values[record.position(count)];
                match token {
                    None => *slot = Value::Null,
                    Some(token) => {
                        if !self.convert_into(token, &field.data_type, slot) {
                            *slot = Value::Null;
                            malformed = true;
                        }
                    }
                }
            }
            count += 1;
        }
        for k in count..fields.len() {
            values[record.position(k)] = Value::Null;
        }
        malformed || count != fields.len()
    }

    /// Converts `token` into `slot` (a text cell reuses the string already there); false if
    /// it does not convert.
    fn convert_into(&self, token: Cow<'_, str>, data_type: &DataType, slot: &mut Value) -> bool {
        if let (DataType::String, Value::String(text)) = (data_type, &mut *slot) {
            text.clear();
            text.push_str(&token);
            return true;
        }
        match self.convert(token, data_type) {
            Some(value) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    fn convert(&self, token: Cow<'_, str>, data_type: &DataType) -> Option<Value> {
        Some(match data_type {
            DataType::String => Value::String(token.into_owned()),
            DataType::Integer => Value::Int(token.parse().ok()?),
            DataType::Long => Value::Long(token.parse().ok()?),
            DataType::Double => Value::Double(match &*token {
                "NaN" => f64::NAN,
                "Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                other => java_parse_double(other)?,
            }),
            DataType::Boolean => match token.to_ascii_lowercase().as_str() {
                "true" => Value::Boolean(true),
                "false" => Value::Boolean(false),
                _ => return None,
            },
            DataType::Timestamp => Value::Timestamp(self.datetimes.timestamp(&token)?),
            DataType::Date => Value::Date(self.datetimes.date(&token)?),
            DataType::Null => Value::Null,
            DataType::Byte => Value::Byte(token.parse().ok()?),
            DataType::Short => Value::Short(token.parse().ok()?),
            DataType::Float => match self.convert(token, &DataType::Double)? {
                Value::Double(d) => Value::Float(d as f32),
                _ => return None,
            },
            DataType::Decimal(precision, scale) => {
                let (unscaled, written) = parse_decimal(&token)?;
                Value::Decimal(to_precision(unscaled, written, *precision, *scale).ok()?)
            }
            DataType::Binary => Value::Binary(token.into_owned().into_bytes()),
            DataType::TimestampNtz => Value::TimestampNtz(self.datetimes.timestamp_ntz(&token)?),
            // Refused when the source is made (Spark's UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE).
            DataType::Array(_)
            | DataType::Struct(_)
            | DataType::Map(..)
            | DataType::Interval(_) => return None,
        })
    }

    fn starts_sep(&self, line: &str, at: usize) -> bool {
        line[at..].starts_with(self.options.sep.as_str())
    }

    /// The next separator at or after byte `at`, or the end of the line. (A separator found
    /// byte by byte starts at a character: UTF-8 never matches inside a character.)
    fn find_sep(&self, line: &str, at: usize) -> usize {
        let rest = &line.as_bytes()[at..];
        let found = match self.options.sep.as_bytes() {
            [byte] => memchr::memchr(*byte, rest),
            _ => self.sep.find(rest),
        };
        found.map_or(line.len(), |found| at + found)
    }

    /// The fields of a line, in order.
    fn fields<'r, 'l>(&'r self, line: &'l str) -> Fields<'r, 'a, 'l> {
        Fields {
            reader: self,
            line,
            at: Some(0),
        }
    }

    /// The field starting at byte `i` of `line` (`i` before its end), and the byte where it
    /// ends: the next separator or the end of the line. The field is borrowed from the line
    /// unless its quotes or escapes make it differ from the text; `None` is an empty field.
    fn field_at<'l>(&self, line: &'l str, mut i: usize) -> (Option<Cow<'l, str>>, usize) {
        let n = line.len();
        let (quote, escape) = (self.options.quote, self.options.escape);
        let non_empty = |s: Cow<'l, str>| (!s.is_empty()).then_some(s);
        let first = line[i..].chars().next();
        match (first, quote) {
            (Some(c), Some(q)) if c == q => {
                let open = i;
                let mut value = String::new();
                let mut closed = false;
                i += q.len_utf8();
                let mut rest = line[i..].chars().peekable();
                while let Some(c) = rest.next() {
                    let next = rest.peek().copied();
                    if Some(c) == escape && next.is_some() && (next == quote || next == escape) {
                        value.extend(next);
                        rest.next();
                        i += c.len_utf8() + next.map_or(0, char::len_utf8);
                    } else if c == q {
                        closed = true;
                        i += c.len_utf8();
                        break;
                    } else {
                        value.push(c);
                        i += c.len_utf8();
                    }
                }
                let mut after = i;
                for c in line[i..].chars() {
                    if !c.is_whitespace() || self.starts_sep(line, after) {
                        break;
                    }
                    after += c.len_utf8();
                }
                if !closed || after == n || self.starts_sep(line, after) {
                    (non_empty(Cow::Owned(value)), after)
                } else {
                    // Text after the closing quote: the field is taken as written.
                    let end = self.find_sep(line, i);
                    (Some(Cow::Borrowed(&line[open..end])), end)
                }
            }
            _ => {
                let end = self.find_sep(line, i);
                (non_empty(Cow::Borrowed(&line[i..end])), end)
            }
        }
    }
}

/// The fields of one line, split as [`CsvReader::field_at`] says: after a separator that ends
/// the line comes one more, empty, field.
struct Fields<'r, 'a, 'l> {
    reader: &'r CsvReader<'a>,
    line: &'l str,
    /// Where the next field starts; `None` once the line is done.
    at: Option<usize>,
}

impl<'l> Iterator for Fields<'_, '_, 'l> {
    type Item = Option<Cow<'l, str>>;

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.at?;
        let n = self.line.len();
        if i >= n {
            self.at = None;
            return Some(None);
        }
        let (field, end) = self.reader.field_at(self.line, i);
        self.at = (end < n).then_some(end + self.reader.options.sep.len());
        Some(field)
    }
}

/// Java's `Double.parseDouble`: blanks around, an optional `f`/`d` suffix, `Infinity` and `NaN`
/// (exact case); no hexadecimal.
fn java_parse_double(s: &str) -> Option<f64> {
    let t = s.trim_matches(|c: char| c <= ' ');
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" || unsigned == "NaN" {
        return t.parse().ok();
    }
    parse_java_decimal(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::schema_from_ddl;

    const H10: i64 = 1_767_261_600_000_000;

    fn owned<'l>(tokens: impl Iterator<Item = Option<Cow<'l, str>>>) -> Vec<Option<String>> {
        tokens.map(|t| t.map(Cow::into_owned)).collect()
    }

    fn csv(schema: &str, extra: &[(&str, &str)]) -> CsvOptions {
        let mut map = OptionMap::default();
        for (k, v) in extra {
            map.set(k, v.to_string());
        }
        let options = CsvOptions::parse(&mut map, &schema_from_ddl(schema).unwrap(), None);
        map.finish("test", &[]).unwrap();
        options.unwrap()
    }

    fn read(options: &CsvOptions, text: &str) -> std::result::Result<Vec<Row>, String> {
        let mut out = Vec::new();
        CsvReader::new(options).read(text.lines(), &mut out)?;
        Ok(out)
    }

    fn row(values: Vec<Value>) -> Row {
        Row::new(values)
    }

    fn ts(micros: i64) -> Value {
        Value::Timestamp(micros)
    }

    /// Lines of the PySpark 4.3 run in the report, with `ts TIMESTAMP, word STRING, n INT`.
    const LINES: &str = "2026-01-01 10:00:00,hello,1\n\
        2026-01-01T10:00:00.5Z,z,5\n\
        2026-01-01T10:00:00+02:00,off,4\n\
        bad,x,6\n\
        2026-01-01 10:00:00,short\n\
        2026-01-01 10:00:00,long,7,extra\n\
        2026-01-01 10:00:00,badint,x\n\
        \"2026-01-01 10:00:00\",\"quoted, comma\",8\n\
        ,empty,10\n\
        \n   \n\
        2026-01-01 10:00:00, spaced , 11 \n\
        2026-01-01,dateonly,+12";

    #[test]
    fn permissive_keeps_what_parses() {
        let o = csv("ts TIMESTAMP, word STRING, n INT", &[]);
        let n = Value::Int;
        assert_eq!(
            read(&o, LINES).unwrap(),
            [
                row(vec![ts(H10), "hello".into(), n(1)]),
                row(vec![ts(H10 + 500_000), "z".into(), n(5)]),
                row(vec![ts(H10 - 7_200_000_000), "off".into(), n(4)]),
                row(vec![Value::Null, "x".into(), n(6)]),
                row(vec![ts(H10), "short".into(), Value::Null]),
                row(vec![ts(H10), "long".into(), n(7)]),
                row(vec![ts(H10), "badint".into(), Value::Null]),
                row(vec![ts(H10), "quoted, comma".into(), n(8)]),
                row(vec![Value::Null, "empty".into(), n(10)]),
                row(vec![ts(H10), " spaced ".into(), Value::Null]),
                row(vec![ts(H10 - 36_000_000_000), "dateonly".into(), n(12)]),
            ]
        );
    }

    /// A row `each` leaves is refilled for the next line: what it sees is what a reader that
    /// hands out a new row per line gives, in every mode, with and without a corrupt-record
    /// column, and whatever `each` did to the row it left.
    #[test]
    fn a_row_left_to_the_reader_is_refilled_exactly() {
        for schema in [
            "ts TIMESTAMP, word STRING, n INT",
            "ts TIMESTAMP, _corrupt_record STRING, word STRING, n INT",
            "word STRING, ts TIMESTAMP, n INT, _corrupt_record STRING",
        ] {
            for mode in ["PERMISSIVE", "DROPMALFORMED", "FAILFAST"] {
                let o = csv(schema, &[("mode", mode)]);
                let reader = CsvReader::new(&o);
                let (mut seen, mut row, mut header) = (Vec::new(), Row::default(), false);
                let mut left = Ok(());
                for (i, line) in LINES.lines().enumerate() {
                    let mut each = |row: &mut Row| {
                        seen.push(row.clone());
                        // Left changed: longer, shorter, or with other values.
                        match i % 3 {
                            0 => row.0.push(Value::Int(99)),
                            1 => row.0.truncate(1),
                            _ => row.0.iter_mut().for_each(|v| *v = Value::Long(7)),
                        }
                    };
                    left = reader.read_line(line, &mut header, &mut row, &mut each);
                    if left.is_err() {
                        break;
                    }
                }
                let fresh = read(&o, LINES);
                assert_eq!(left.is_err(), fresh.is_err(), "{schema} {mode}");
                if let Ok(fresh) = fresh {
                    assert_eq!(seen, fresh, "{schema} {mode}");
                }
            }
        }
    }

    #[test]
    fn corrupt_record_column_holds_the_line() {
        let o = csv(
            "ts TIMESTAMP, _corrupt_record STRING, word STRING, n INT",
            &[],
        );
        let rows = read(&o, LINES).unwrap();
        let corrupt: Vec<&Value> = rows.iter().map(|r| r.get(1)).collect();
        let s = |t: &str| Value::String(t.into());
        assert_eq!(
            corrupt,
            [
                &Value::Null,
                &Value::Null,
                &Value::Null,
                &s("bad,x,6"),
                &s("2026-01-01 10:00:00,short"),
                &s("2026-01-01 10:00:00,long,7,extra"),
                &s("2026-01-01 10:00:00,badint,x"),
                &Value::Null,
                &Value::Null,
                &s("2026-01-01 10:00:00, spaced , 11 "),
                &Value::Null,
            ]
        );
        assert_eq!(
            rows[4],
            row(vec![
                ts(H10),
                s("2026-01-01 10:00:00,short"),
                "short".into(),
                Value::Null
            ])
        );
        // A named column, through columnNameOfCorruptRecord.
        let o = csv(
            "ts TIMESTAMP, word STRING, n INT, bad STRING",
            &[("columnNameOfCorruptRecord", "bad")],
        );
        assert_eq!(
            read(&o, "bad,x,6").unwrap(),
            [row(vec![Value::Null, s("x"), Value::Int(6), s("bad,x,6")])]
        );
    }

    #[test]
    fn dropmalformed_drops_and_failfast_fails() {
        let o = csv(
            "ts TIMESTAMP, word STRING, n INT",
            &[("mode", "DROPMALFORMED")],
        );
        let words: Vec<Value> = read(&o, LINES)
            .unwrap()
            .into_iter()
            .map(|r| r.get(1).clone())
            .collect();
        let expected: Vec<Value> = ["hello", "z", "off", "quoted, comma", "empty", "dateonly"]
            .into_iter()
            .map(Value::from)
            .collect();
        assert_eq!(words, expected);
        let o = csv("ts TIMESTAMP, word STRING, n INT", &[("mode", "failfast")]);
        assert_eq!(
            read(&o, LINES).unwrap_err(),
            "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in \
             record parsing: [null,x,6].\nParse Mode: FAILFAST. To process malformed records as \
             null result, try setting the option 'mode' as 'PERMISSIVE'.  SQLSTATE: 22023"
        );
        let err = read(&o, "2026-01-01 10:00:00,short").unwrap_err();
        assert!(err.contains("record parsing: [1767261600000000,short,null]."));
        let o = csv("d double, b boolean, dt date", &[("mode", "failfast")]);
        assert!(read(&o, "1.5,true,2026-01-02,extra")
            .unwrap_err()
            .contains("record parsing: [1.5,true,20455]."));
    }

    /// Every field as a string, from the PySpark 4.3 run over the same lines.
    #[test]
    fn fields_split_like_univocity() {
        let o = csv("n STRING, a STRING, b STRING", &[]);
        let cases: &[(&str, &[Option<&str>])] = &[
            ("1,\"a,b\"c,d", &[Some("1"), Some("\"a,b\"c"), Some("d")]),
            ("2,\"a\\\"b\",x", &[Some("2"), Some("a\"b"), Some("x")]),
            ("3,\"a\\\\b\",x", &[Some("3"), Some("a\\b"), Some("x")]),
            ("4,\"a\\xb\",x", &[Some("4"), Some("a\\xb"), Some("x")]),
            ("5,\"a\"  ,x", &[Some("5"), Some("a"), Some("x")]),
            ("6, \"a\",x", &[Some("6"), Some(" \"a\""), Some("x")]),
            (
                "7,\"a\"\"b\",x",
                &[Some("7"), Some("\"a\"\"b\""), Some("x")],
            ),
            ("8,\"\",x", &[Some("8"), None, Some("x")]),
            ("9,\"a", &[Some("9"), Some("a")]),
            ("10,x\"y,z", &[Some("10"), Some("x\"y"), Some("z")]),
            ("12,\"\\\"\",x", &[Some("12"), Some("\""), Some("x")]),
            ("13,\\\"a,x", &[Some("13"), Some("\\\"a"), Some("x")]),
            ("14,\"a\\\",x", &[Some("14"), Some("a\",x")]),
            ("16,,", &[Some("16"), None, None]),
            ("17,\"x\"", &[Some("17"), Some("x")]),
            ("a\\,b", &[Some("a\\"), Some("b")]),
        ];
        let reader = CsvReader::new(&o);
        for (line, expected) in cases {
            let expected: Vec<Option<String>> =
                expected.iter().map(|t| t.map(String::from)).collect();
            assert_eq!(owned(reader.fields(line)), expected, "{line}");
        }
        let o = csv("a STRING, b STRING", &[("sep", "::"), ("quote", "")]);
        assert_eq!(
            owned(CsvReader::new(&o).fields("\"x::y\"::z")),
            [
                Some("\"x".to_string()),
                Some("y\"".into()),
                Some("z".into())
            ]
        );
        let o = csv("a STRING, b STRING", &[("sep", "\\t")]);
        assert_eq!(
            owned(CsvReader::new(&o).fields("x\ty")),
            [Some("x".to_string()), Some("y".into())]
        );
        // Characters of several bytes, in fields, quotes and separators.
        let o = csv("a STRING, b STRING, c STRING", &[]);
        assert_eq!(
            owned(CsvReader::new(&o).fields("ü,\"ö\\\"\" ,é")),
            [Some("ü".to_string()), Some("ö\"".into()), Some("é".into())]
        );
        let o = csv(
            "a STRING, b STRING, c STRING",
            &[("sep", "→"), ("quote", "«")],
        );
        assert_eq!(
            owned(CsvReader::new(&o).fields("a→«b→c«→«ñ")),
            [Some("a".to_string()), Some("b→c".into()), Some("ñ".into())]
        );
    }

    /// From the PySpark 4.3 run: `a int, b boolean, c..i double, j bigint, k date, l timestamp`.
    #[test]
    fn values_convert_like_spark() {
        let o = csv(
            "a int, b boolean, c double, d double, e double, f double, g double, h double, \
             i double, j bigint, k date, l timestamp, _corrupt_record string",
            &[],
        );
        let rows = read(
            &o,
            "1,True,1.5, 1.5 ,1d,NaN,Inf,-Inf,Infinity,+5,2026-1-2,2026-01-02T10:00\n\
             2,yes,x,1e3,0x10,nan,inf,-inf,1.5f,-0,2026-01-02 xyz,2026-01-02 10:00:00 +01:00\n\
             3,1,,,,,,,,,,\n\
             4,TRUE, 7 ,.5,5.,-,,,,,x,2026-01-02T10:00:00.123456789",
        )
        .unwrap();
        let d = Value::Double;
        let jan2 = Value::Date(20_455);
        let jan2_10h = H10 + 86_400_000_000;
        let null = Value::Null;
        assert_eq!(
            rows[0],
            row(vec![
                Value::Int(1),
                Value::Boolean(true),
                d(1.5),
                d(1.5),
                d(1.0),
                d(f64::NAN),
                d(f64::INFINITY),
                d(f64::NEG_INFINITY),
                d(f64::INFINITY),
                Value::Long(5),
                jan2.clone(),
                ts(jan2_10h),
                null.clone(),
            ])
        );
        assert_eq!(
            rows[1].values()[1..12],
            [
                null.clone(),
                null.clone(),
                d(1000.0),
                null.clone(),
                null.clone(),
                null.clone(),
                null.clone(),
                d(1.5),
                Value::Long(0),
                jan2,
                ts(jan2_10h - 3_600_000_000),
            ]
        );
        assert_eq!(rows[2].values()[1], null);
        assert!(!rows[2].values()[12].is_null());
        assert_eq!(
            rows[3].values()[..6],
            [
                Value::Int(4),
                Value::Boolean(true),
                d(7.0),
                d(0.5),
                d(5.0),
                null.clone()
            ]
        );
        assert_eq!(rows[3].values()[11], ts(jan2_10h + 123_456));
    }

    #[test]
    fn header_skips_the_first_non_blank_line_of_each_file() {
        let o = csv(
            "ts TIMESTAMP, word STRING, n INT",
            &[("header", "true"), ("sep", ";")],
        );
        assert_eq!(
            read(&o, "\n\nts;word;n\n2026-01-01 10:00:00;a;1").unwrap(),
            [row(vec![ts(H10), "a".into(), Value::Int(1)])]
        );
        assert_eq!(read(&o, "ts;word;n").unwrap(), []);
    }

    #[test]
    fn formats_and_zones() {
        let o = csv(
            "a timestamp, b date",
            &[
                ("timestampFormat", "dd/MM/yyyy HH:mm"),
                ("dateFormat", "dd/MM/yyyy"),
            ],
        );
        assert_eq!(
            read(
                &o,
                "02/01/2026 10:30,02/01/2026\n2026-01-02 10:30:00,2026-01-02"
            )
            .unwrap(),
            [
                row(vec![
                    ts(H10 + 86_400_000_000 + 1_800_000_000),
                    Value::Date(20_455)
                ]),
                row(vec![Value::Null, Value::Null]),
            ]
        );
        let o = csv("a timestamp", &[("timeZone", "+02:00")]);
        assert_eq!(
            read(&o, "2026-01-01 12:00:00\n2026-01-01T10:00:00Z").unwrap(),
            [row(vec![ts(H10)]), row(vec![ts(H10)])]
        );
    }

    #[test]
    fn option_errors() {
        let schema = schema_from_ddl("a array<int>").unwrap();
        assert_eq!(
            CsvOptions::parse(&mut OptionMap::default(), &schema, None)
                .unwrap_err()
                .to_string(),
            "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the \
             column `a` of the type \"ARRAY<INT>\". SQLSTATE: 0A000"
        );
        let schema = schema_from_ddl("a string").unwrap();
        let mut map = OptionMap::default();
        map.set("sep", String::new());
        assert_eq!(
            CsvOptions::parse(&mut map, &schema, None)
                .unwrap_err()
                .to_string(),
            "Delimiter cannot be empty"
        );
        let mut map = OptionMap::default();
        map.set("quote", "ab".into());
        assert!(CsvOptions::parse(&mut map, &schema, None).is_err());
    }
}
