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
//!
//! The text is read by `expr::json_text` (the same reader as `from_json`'s); this file lays the
//! values out as rows, PERMISSIVE, DROPMALFORMED or FAILFAST.

use ember_operators::{Field, Row, Schema, Value};
use serde::{Deserialize, Serialize};

use super::record::{Malformed, RecordOptions};
use crate::error::Result;
use crate::expr::json_text::{parse_json, Json, JsonConverter};
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
            converter: JsonConverter::new(options.record.date_times()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::schema_from_ddl;

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
