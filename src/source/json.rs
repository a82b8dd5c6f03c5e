//! `format("json")`: JSON Lines, one object per line, typed by the user's schema as Spark's
//! `JacksonParser` does with its default options.
//!
//! Syntax (Jackson as Spark configures it): single-quoted strings are allowed, so are `NaN`,
//! `Infinity`, `+Infinity` and `-Infinity`; leading zeros, trailing commas, comments and raw
//! control characters in strings are not. Only the first value of a line is read (text after it
//! is ignored); a line holding an array of objects gives one row per object; a blank line gives
//! none. Anything else (a bare string, number, `null`, a syntax error) is malformed with no
//! partial values.
//!
//! Fields match columns by exact (case-sensitive) name; a missing field or `null` is null.
//! Values: `string` takes any JSON value (non-strings as their text as written), `int`/`bigint`
//! need an integer number that fits, `double` any number or the strings `NaN`, `Infinity`,
//! `+INF`, ..., `boolean` only `true`/`false`, `timestamp` a string as `CAST` reads it (or by
//! `timestampFormat`) or an integer number of seconds, `date` a string, `array<T>` an array
//! (all elements must convert), `struct<..>` an object (fields convert one by one). A value of
//! the wrong kind makes the record malformed; the other fields keep their values.

use ember_operators::{DataType, Field, Row, Schema, Value};
use serde::{Deserialize, Serialize};

use super::record::{DateTimes, Malformed, RecordOptions};
use crate::error::Result;
use crate::options::OptionMap;

/// The options of `format("json")` besides the file-listing ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonOptions {
    /// Schema, `mode`, corrupt-record column, time zone and formats.
    pub record: RecordOptions,
}

impl JsonOptions {
    pub(crate) fn parse(
        options: &mut OptionMap,
        schema: &Schema,
        session_time_zone: Option<&str>,
    ) -> Result<Self> {
        Ok(JsonOptions {
            record: RecordOptions::parse(options, schema, session_time_zone)?,
        })
    }
}

/// Parses the lines of json files with one source's options.
pub(crate) struct JsonReader<'a> {
    options: &'a JsonOptions,
    data_fields: Vec<Field>,
    converter: JsonConverter,
}

impl<'a> JsonReader<'a> {
    pub(crate) fn new(options: &'a JsonOptions) -> Self {
        JsonReader {
            options,
            data_fields: options.record.data_schema().fields,
            converter: JsonConverter {
                datetimes: DateTimes::new(&options.record),
            },
        }
    }

    /// Adds the rows of one file's lines to `out`; the error is FAILFAST's.
    pub(crate) fn read(
        &self,
        lines: Vec<String>,
        out: &mut Vec<Row>,
    ) -> std::result::Result<(), String> {
        for line in &lines {
            if line.trim().is_empty() {
                continue;
            }
            let parsed = self.parse_line(line);
            self.options.record.emit(line, parsed, out)?;
        }
        Ok(())
    }

    fn parse_line(&self, line: &str) -> std::result::Result<Vec<Vec<Value>>, Malformed> {
        let no_partial = || Malformed { partial: None };
        let node = parse_json(line).ok_or_else(no_partial)?;
        match &node.json {
            Json::Object(_) => {
                let mut bad = false;
                let values = self
                    .converter
                    .object_values(&node, &self.data_fields, &mut bad);
                if bad {
                    Err(Malformed {
                        partial: Some(values),
                    })
                } else {
                    Ok(vec![values])
                }
            }
            Json::Array(items) => {
                let mut rows = Vec::new();
                for item in items {
                    let mut bad = false;
                    if !matches!(item.json, Json::Object(_)) {
                        return Err(no_partial());
                    }
                    rows.push(
                        self.converter
                            .object_values(item, &self.data_fields, &mut bad),
                    );
                    if bad {
                        return Err(no_partial());
                    }
                }
                Ok(rows)
            }
            _ => Err(no_partial()),
        }
    }
}

/// The first JSON value of `text` (text after it is ignored, as Jackson reads a record), or
/// `None` if it is malformed.
pub(crate) fn parse_json(text: &str) -> Option<Node<'_>> {
    Lexer::new(text).value().ok()
}

/// Converts parsed JSON values to Spark values of a type, as Spark's `JacksonParser` does.
pub(crate) struct JsonConverter {
    datetimes: DateTimes,
}

impl JsonConverter {
    /// A converter parsing dates and timestamps as `CAST` does, in UTC (`from_json` without
    /// options).
    pub(crate) fn utc() -> Self {
        JsonConverter {
            datetimes: DateTimes::utc(),
        }
    }

    /// The values of `fields` in an object node (the last of duplicate keys wins).
    pub(crate) fn object_values(
        &self,
        node: &Node,
        fields: &[Field],
        bad: &mut bool,
    ) -> Vec<Value> {
        let mut values = vec![Value::Null; fields.len()];
        if let Json::Object(members) = &node.json {
            for (key, value) in members {
                if let Some(i) = fields.iter().position(|f| f.name == *key) {
                    values[i] = self.convert(value, &fields[i].data_type, bad);
                }
            }
        }
        values
    }

    /// `node` as `data_type`; on a mismatch sets `bad` and gives null (a struct keeps the
    /// fields that did convert).
    pub(crate) fn convert(&self, node: &Node, data_type: &DataType, bad: &mut bool) -> Value {
        if matches!(node.json, Json::Null) {
            return Value::Null;
        }
        let value = match (&node.json, data_type) {
            (Json::String(s), DataType::String) => Some(Value::String(s.clone())),
            (_, DataType::String) => Some(Value::String(node.raw.to_string())),
            (Json::Number(n), DataType::Integer) if is_integer(n) => n.parse().ok().map(Value::Int),
            (Json::Number(n), DataType::Long) if is_integer(n) => n.parse().ok().map(Value::Long),
            (Json::Number(n), DataType::Double) => n.parse().ok().map(Value::Double),
            (Json::NonNumeric(d), DataType::Double) => Some(Value::Double(*d)),
            (Json::String(s), DataType::Double) => match s.as_str() {
                "NaN" => Some(f64::NAN),
                "+INF" | "+Infinity" | "Infinity" => Some(f64::INFINITY),
                "-INF" | "-Infinity" => Some(f64::NEG_INFINITY),
                _ => None,
            }
            .map(Value::Double),
            (Json::Bool(b), DataType::Boolean) => Some(Value::Boolean(*b)),
            (Json::String(s), DataType::Timestamp) if !s.is_empty() => {
                self.datetimes.timestamp(s).map(Value::Timestamp)
            }
            (Json::Number(n), DataType::Timestamp) if is_integer(n) => n
                .parse::<i64>()
                .ok()
                .and_then(|secs| secs.checked_mul(1_000_000))
                .map(Value::Timestamp),
            (Json::String(s), DataType::Date) if !s.is_empty() => {
                self.datetimes.date(s).map(Value::Date)
            }
            (Json::Array(items), DataType::Array(element)) => {
                let mut element_bad = false;
                let values: Vec<Value> = items
                    .iter()
                    .map(|item| self.convert(item, element, &mut element_bad))
                    .collect();
                (!element_bad).then_some(Value::Array(values))
            }
            (Json::Object(_), DataType::Struct(fields)) => {
                Some(Value::Struct(self.object_values(node, fields, bad)))
            }
            _ => None,
        };
        value.unwrap_or_else(|| {
            *bad = true;
            Value::Null
        })
    }
}

/// Whether a JSON number token is an integer (no fraction, no exponent).
pub(crate) fn is_integer(n: &str) -> bool {
    !n.contains(['.', 'e', 'E'])
}

/// A parsed JSON value.
#[derive(Debug)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    /// A number token as written.
    Number(&'a str),
    /// `NaN`, `Infinity`, `+Infinity`, `-Infinity`.
    NonNumeric(f64),
    String(String),
    Array(Vec<Node<'a>>),
    Object(Vec<(String, Node<'a>)>),
}

/// A value and its text in the line.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    /// The value.
    pub json: Json<'a>,
    /// Its text as written.
    pub raw: &'a str,
}

/// A recursive-descent JSON reader over one line, keeping each value's text.
struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

type Parse<T> = std::result::Result<T, ()>;

/// Deeper nesting than this is malformed (Jackson's default limit is 1000).
const MAX_DEPTH: usize = 1000;

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn skip_blanks(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_blanks();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Parse<Node<'a>> {
        self.value_at(0)
    }

    fn value_at(&mut self, depth: usize) -> Parse<Node<'a>> {
        if depth > MAX_DEPTH {
            return Err(());
        }
        self.skip_blanks();
        let start = self.at;
        let json = match *self.bytes.get(self.at).ok_or(())? {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.skip_blanks();
                        let key = match self.bytes.get(self.at) {
                            Some(&q @ (b'"' | b'\'')) => self.string(q)?,
                            _ => return Err(()),
                        };
                        if !self.eat(b':') {
                            return Err(());
                        }
                        members.push((key, self.value_at(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(());
                        }
                    }
                }
                Json::Object(members)
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value_at(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(());
                        }
                    }
                }
                Json::Array(items)
            }
            q @ (b'"' | b'\'') => Json::String(self.string(q)?),
            _ => self.scalar()?,
        };
        Ok(Node {
            json,
            raw: &self.text[start..self.at],
        })
    }

    /// A literal, a number or a non-numeric number.
    fn scalar(&mut self) -> Parse<Json<'a>> {
        let rest = &self.text[self.at..];
        for (word, json) in [
            ("true", Json::Bool(true)),
            ("false", Json::Bool(false)),
            ("null", Json::Null),
            ("NaN", Json::NonNumeric(f64::NAN)),
            ("Infinity", Json::NonNumeric(f64::INFINITY)),
            ("+Infinity", Json::NonNumeric(f64::INFINITY)),
            ("-Infinity", Json::NonNumeric(f64::NEG_INFINITY)),
        ] {
            if let Some(after) = rest.strip_prefix(word) {
                let after = after.bytes().next();
                if after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                    return Err(());
                }
                self.at += word.len();
                return Ok(json);
            }
        }
        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        let b = self.bytes;
        // The end of the run of digits from `i`.
        let digits_end = |mut i: usize| {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let start = self.at;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let int_start = i;
        i = digits_end(int_start);
        let int_digits = i - int_start;
        if int_digits == 0 || (int_digits > 1 && b[int_start] == b'0') {
            return Err(());
        }
        if b.get(i) == Some(&b'.') {
            let from = i + 1;
            i = digits_end(from);
            if i == from {
                return Err(());
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let from = i;
            i = digits_end(from);
            if i == from {
                return Err(());
            }
        }
        if b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            return Err(());
        }
        self.at = i;
        Ok(Json::Number(&self.text[start..i]))
    }

    /// A string quoted by `quote`, unescaped.
    fn string(&mut self, quote: u8) -> Parse<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let c = rest.chars().next().ok_or(())?;
            self.at += c.len_utf8();
            match c {
                c if c as u32 == u32::from(quote) => return Ok(out),
                c if (c as u32) < 0x20 => return Err(()),
                '\\' => {
                    let e = *self.bytes.get(self.at).ok_or(())?;
                    self.at += 1;
                    out.push(match e {
                        b'"' => '"',
                        b'\'' => '\'',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high)
                                && self.text[self.at..].starts_with("\\u")
                            {
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(());
                                }
                                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                high
                            };
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(()),
                    });
                }
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Parse<u32> {
        let digits = self.text.get(self.at..self.at + 4).ok_or(())?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| ())?;
        self.at += 4;
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::ddl::schema_from_ddl;

    const H10: i64 = 1_767_261_600_000_000;

    fn json(schema: &str, extra: &[(&str, &str)]) -> JsonOptions {
        let mut map = OptionMap::default();
        for (k, v) in extra {
            map.set(k, v.to_string());
        }
        JsonOptions::parse(&mut map, &schema_from_ddl(schema).unwrap(), None).unwrap()
    }

    fn read(options: &JsonOptions, text: &str) -> std::result::Result<Vec<Row>, String> {
        let mut out = Vec::new();
        let lines = text.lines().map(String::from).collect();
        JsonReader::new(options).read(lines, &mut out)?;
        Ok(out)
    }

    fn row(values: Vec<Value>) -> Row {
        Row::new(values)
    }

    /// The lines of the PySpark 4.3 run, with `ts TIMESTAMP, word STRING, n INT`.
    const LINES: &str = r#"{"ts": "2026-01-01 10:00:00", "word": "hello", "n": 1}
{"ts": "2026-01-01T10:00:00+02:00", "Word": "case", "n": 2}
{"ts": "bad", "word": "badts", "n": 3}
{"ts": "2026-01-01 10:00:00", "word": 5, "n": 4}
{"ts": "2026-01-01 10:00:00", "word": "strn", "n": "5"}
{"ts": "2026-01-01 10:00:00", "word": {"a" :  [1,2] }, "n": 7}
{"word": "missing"}
not json
[1,2]
{"ts": 1767261600, "word": "epoch", "n": 8}

{"ts": "2026-01-01 10:00:00", "word": "big", "n": 99999999999}
{"ts": "", "word": "emptyts", "n": 9}
[{"word": "arr1", "n": 10}, {"word": "arr2", "n": 11}]
{"ts": null, "word": null, "n": null}
{"ts": "2026-01-01 10:00:00", "word": "trail", "n": 12} xx
{"ts": "2026-01-01 10:00:00", "word": "dup", "n": 13, "n": 14}
"str"
{"ts": "2026-01-01 10:00:00", "word": "exp", "n": 1e2}"#;

    #[test]
    fn permissive_with_corrupt_column() {
        let o = json(
            "ts TIMESTAMP, word STRING, n INT, _corrupt_record STRING",
            &[],
        );
        let rows = read(&o, LINES).unwrap();
        let lines: Vec<&str> = LINES.lines().collect();
        let ts = Value::Timestamp;
        let n = Value::Int;
        let s = |t: &str| Value::String(t.into());
        let null = || Value::Null;
        let expected = vec![
            row(vec![ts(H10), s("hello"), n(1), null()]),
            row(vec![ts(H10 - 7_200_000_000), null(), n(2), null()]),
            row(vec![null(), s("badts"), n(3), s(lines[2])]),
            row(vec![ts(H10), s("5"), n(4), null()]),
            row(vec![ts(H10), s("strn"), null(), s(lines[4])]),
            row(vec![ts(H10), s("{\"a\" :  [1,2] }"), n(7), null()]),
            row(vec![null(), s("missing"), null(), null()]),
            row(vec![null(), null(), null(), s("not json")]),
            row(vec![null(), null(), null(), s("[1,2]")]),
            row(vec![ts(H10), s("epoch"), n(8), null()]),
            row(vec![ts(H10), s("big"), null(), s(lines[11])]),
            row(vec![null(), s("emptyts"), n(9), s(lines[12])]),
            row(vec![null(), s("arr1"), n(10), null()]),
            row(vec![null(), s("arr2"), n(11), null()]),
            row(vec![null(), null(), null(), null()]),
            row(vec![ts(H10), s("trail"), n(12), null()]),
            row(vec![ts(H10), s("dup"), n(14), null()]),
            row(vec![null(), null(), null(), s("\"str\"")]),
            row(vec![ts(H10), s("exp"), null(), s(lines[18])]),
        ];
        assert_eq!(rows, expected);
    }

    #[test]
    fn dropmalformed_and_failfast() {
        let o = json(
            "ts TIMESTAMP, word STRING, n INT",
            &[("mode", "DROPMALFORMED")],
        );
        let words: Vec<Value> = read(&o, LINES)
            .unwrap()
            .into_iter()
            .map(|r| r.get(1).clone())
            .collect();
        let expected: Vec<Value> = [
            Some("hello"),
            None,
            Some("5"),
            Some("{\"a\" :  [1,2] }"),
            Some("missing"),
            Some("epoch"),
            Some("arr1"),
            Some("arr2"),
            None,
            Some("trail"),
            Some("dup"),
        ]
        .into_iter()
        .map(Value::from)
        .collect();
        assert_eq!(words, expected);
        let o = json("ts TIMESTAMP, word STRING, n INT", &[("mode", "FAILFAST")]);
        assert!(read(&o, LINES).unwrap_err().starts_with(
            "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are \
                 detected in record parsing: [null,badts,3].\nParse Mode: FAILFAST."
        ));
        assert!(read(&o, r#"{"a": "lz", "n": 01}"#)
            .unwrap_err()
            .contains("record parsing: [null,null,null]."));
        let o = json(
            "d double, b boolean, dt date, s struct<a:int, b:string>, arr array<int>, w string",
            &[("mode", "FAILFAST")],
        );
        let line =
            r#"{"d": 1.5, "b": true, "dt": "2026-01-02", "x": 1, "s": {"a": 1}, "arr": [1, "x"]}"#;
        assert!(read(&o, line)
            .unwrap_err()
            .contains("record parsing: [1.5,true,20455,[1,null],null,null]."));
    }

    /// From the PySpark 4.3 run over the same lines.
    #[test]
    fn types_and_syntax() {
        let o = json(
            "a string, n int, d double, st struct<x:int,y:string>, dt date, ts timestamp, \
             arr array<int>, _corrupt_record string",
            &[],
        );
        let text = r#"{'a': 'single', "n": 1}
{"a": "nan", "d": NaN, "n": 2}
{"a": "lz", "n": 01}
null
[]
{"a": "st", "st": {"x": "bad", "y": "ok"}}
{"a": "dtnum", "dt": 20000}
{"a": "tsfloat", "ts": 1.5}
{"a": "uni \u00e9\ud83d\ude00", "n": 3}
{"a": "neg", "d": -Infinity, "n": -0}
{"a": "inf", "d": "+INF"}
{"a": "ctrlTABtab"}
{"a": "trunc"
{"a": 'x', "n": 1, }
  {"a": "ws"}  
{"a": "nested", "st": {"x": 1, "y": {"q": [1, 2]}}}
{"a": "arrnull", "arr": [1, null]}
{"a": "tsstr", "ts": "1767261600"}"#
            .replace("TAB", "\t");
        let rows = read(&o, &text).unwrap();
        let summary: Vec<String> = rows
            .iter()
            .map(|r| {
                r.values()
                    .iter()
                    .map(|v| match v {
                        Value::Null => "-".to_string(),
                        Value::String(s) if s.starts_with('{') || s == "null" => "REC".into(),
                        other => format!("{other:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(
            summary,
            [
                "String(\"single\") Int(1) - - - - - -",
                "String(\"nan\") Int(2) Double(NaN) - - - - -",
                "- - - - - - - REC",
                "- - - - - - - REC",
                "String(\"st\") - - Struct([Null, String(\"ok\")]) - - - REC",
                "String(\"dtnum\") - - - - - - REC",
                "String(\"tsfloat\") - - - - - - REC",
                "String(\"uni é😀\") Int(3) - - - - - -",
                "String(\"neg\") Int(0) Double(-inf) - - - - -",
                "String(\"inf\") - Double(inf) - - - - -",
                "- - - - - - - REC",
                "- - - - - - - REC",
                "- - - - - - - REC",
                "String(\"ws\") - - - - - - -",
                "String(\"nested\") - - Struct([Int(1), String(\"{\\\"q\\\": [1, 2]}\")]) - - - -",
                "String(\"arrnull\") - - - - - Array([Int(1), Null]) -",
                "String(\"tsstr\") - - - - - - REC",
            ]
        );
    }

    #[test]
    fn field_names_are_case_sensitive() {
        let o = json("word STRING", &[]);
        assert_eq!(
            read(&o, r#"{"Word": "x"}"#).unwrap(),
            [row(vec![Value::Null])]
        );
    }
}
