//! The JSON Lines text of a batch, as Spark 4's JSON writer (`JacksonGenerator` with the
//! default options) lays it out.
//!
//! Each row is one object on its own line (`\n`), its fields in schema order; null fields are
//! left out (`ignoreNullFields` is on), so a row of nulls is `{}`. Strings are escaped as
//! Jackson escapes them: `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, other control characters as
//! `\u00XX` (upper-case hex); everything else, `/` and non-ASCII included, as it is. Numbers are
//! bare (doubles as Java prints them), except `NaN`, `Infinity` and `-Infinity`, which Jackson
//! quotes; timestamps and dates are strings as the CSV writer prints them; arrays are JSON
//! arrays (with `null` for null elements) and structs objects (null fields left out). Checked
//! against PySpark 4.

use ember_operators::{DataType, Field, Row, Schema, Value};

use crate::display::{java_double_to_string, java_float_to_string, scalar_text};
use crate::time_zone::TimeZone;

/// Lays out rows as Spark's JSON writer does.
#[derive(Clone, Debug)]
pub(crate) struct JsonWriter {
    fields: Vec<Field>,
    tz: TimeZone,
}

impl JsonWriter {
    /// A writer for rows of `schema`, timestamps in the zone `tz`.
    pub(crate) fn new(schema: &Schema, tz: TimeZone) -> Self {
        JsonWriter {
            fields: schema.fields.clone(),
            tz,
        }
    }

    /// The whole file for a batch of `rows`.
    pub(crate) fn file_text(&self, rows: &[Row]) -> String {
        let mut out = String::new();
        for row in rows {
            self.write_object(&self.fields, row.values(), &mut out);
            out.push('\n');
        }
        out
    }

    fn write_object(&self, fields: &[Field], values: &[Value], out: &mut String) {
        out.push('{');
        let mut first = true;
        for (field, value) in fields.iter().zip(values) {
            if value.is_null() {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            write_string(&field.name, out);
            out.push(':');
            self.write_value(&field.data_type, value, out);
        }
        out.push('}');
    }

    /// Writes `value` (of `data_type`) as Spark's JSON writer (and `to_json`) does.
    pub(crate) fn write_value(&self, data_type: &DataType, value: &Value, out: &mut String) {
        match value {
            Value::Null => out.push_str("null"),
            Value::Boolean(_)
            | Value::Int(_)
            | Value::Long(_)
            | Value::Byte(_)
            | Value::Short(_)
            | Value::Decimal(_) => {
                out.push_str(&scalar_text(value, self.tz).unwrap_or_default());
            }
            Value::Double(d) if d.is_finite() => out.push_str(&java_double_to_string(*d)),
            Value::Double(d) => write_string(&java_double_to_string(*d), out),
            Value::Float(f) if f.is_finite() => out.push_str(&java_float_to_string(*f)),
            Value::Float(f) => write_string(&java_float_to_string(*f), out),
            Value::String(s) => write_string(s, out),
            Value::Timestamp(_) | Value::Date(_) | Value::TimestampNtz(_) | Value::Interval(..) => {
                write_string(&scalar_text(value, self.tz).unwrap_or_default(), out);
            }
            Value::Binary(bytes) => write_string(&base64_text(bytes), out),
            Value::Map(entries) => {
                let (key_type, value_type) = match data_type {
                    DataType::Map(k, v) => (k.as_ref(), v.as_ref()),
                    _ => (&DataType::Null, &DataType::Null),
                };
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(&map_key_text(key_type, k, self.tz), out);
                    out.push(':');
                    self.write_value(value_type, v, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                let element = match data_type {
                    DataType::Array(element) => element.as_ref(),
                    other => other,
                };
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write_value(element, item, out);
                }
                out.push(']');
            }
            Value::Struct(values) => {
                let fields = match data_type {
                    DataType::Struct(fields) => fields.clone(),
                    // A struct without its type: name the fields as Spark names unnamed ones.
                    _ => (1..=values.len())
                        .map(|i| Field::new(format!("col{i}"), DataType::Null))
                        .collect(),
                };
                self.write_object(&fields, values, out);
            }
        }
    }
}

/// A map key as a JSON field name: its text as the writers print a scalar, or as `CAST(key AS
/// STRING)` gives it for a nested key.
fn map_key_text(_key_type: &DataType, key: &Value, tz: TimeZone) -> String {
    scalar_text(key, tz).unwrap_or_else(|| crate::expr::value_to_string(key))
}

/// Standard base64 with padding, as Jackson writes `binary` values.
pub(crate) fn base64_text(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `s` as a JSON string, escaped as Jackson escapes it.
pub(crate) fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, data_type: DataType) -> Field {
        Field::new(name, data_type)
    }

    /// The lines PySpark 4's `writeStream.format("json")` wrote for the same rows.
    #[test]
    fn every_type_like_spark() {
        let st = DataType::Struct(vec![
            field("p", DataType::Integer),
            field("q", DataType::String),
        ]);
        let schema = Schema::new(vec![
            field("s", DataType::String),
            field("i", DataType::Integer),
            field("l", DataType::Long),
            field("d", DataType::Double),
            field("b", DataType::Boolean),
            field("t", DataType::Timestamp),
            field("dt", DataType::Date),
            field("a", DataType::Array(Box::new(DataType::String))),
            field("st", st),
        ]);
        let row = |values: Vec<Value>| {
            let mut values = values;
            values.resize(9, Value::Null);
            Row::new(values)
        };
        let rows = vec![
            row(vec![
                "plain".into(),
                Value::Int(1),
                Value::Long(10_000_000_000),
                Value::Double(1.0),
                Value::Boolean(true),
                Value::Timestamp(1_767_261_600_500_000),
                Value::Date(20_455),
                Value::Array(vec!["x".into(), Value::Null, "y\"q".into()]),
                Value::Struct(vec![Value::Int(1), Value::Null]),
            ]),
            row(vec![
                "a,b".into(),
                Value::Null,
                Value::Long(-1),
                Value::Double(1e7),
                Value::Boolean(false),
                Value::Timestamp(1_767_261_600_000_000),
                Value::Null,
                Value::Array(vec![]),
            ]),
            row(vec![
                "new\nline".into(),
                Value::Null,
                Value::Null,
                Value::Double(f64::NAN),
            ]),
            row(vec![
                "".into(),
                Value::Null,
                Value::Null,
                Value::Double(1.5e-5),
            ]),
            row(vec![
                "   ".into(),
                Value::Null,
                Value::Null,
                Value::Double(f64::INFINITY),
            ]),
            row(vec![
                "\tx".into(),
                Value::Null,
                Value::Null,
                Value::Double(f64::NEG_INFINITY),
            ]),
            row(vec![
                "x\\\"y".into(),
                Value::Null,
                Value::Null,
                Value::Double(-0.0),
            ]),
            row(vec!["back\\slash\ttab\u{1}ctl é/".into()]),
            row(vec!["ctl\u{8}\u{c}\u{7f}\u{2028} ok\r".into()]),
            row(vec!["\u{1f}q\0".into()]),
            row(vec![]),
        ];
        assert_eq!(
            JsonWriter::new(&schema, TimeZone::UTC).file_text(&rows),
            "{\"s\":\"plain\",\"i\":1,\"l\":10000000000,\"d\":1.0,\"b\":true,\
             \"t\":\"2026-01-01T10:00:00.500Z\",\"dt\":\"2026-01-02\",\
             \"a\":[\"x\",null,\"y\\\"q\"],\"st\":{\"p\":1}}\n\
             {\"s\":\"a,b\",\"l\":-1,\"d\":1.0E7,\"b\":false,\
             \"t\":\"2026-01-01T10:00:00.000Z\",\"a\":[]}\n\
             {\"s\":\"new\\nline\",\"d\":\"NaN\"}\n\
             {\"s\":\"\",\"d\":1.5E-5}\n\
             {\"s\":\"   \",\"d\":\"Infinity\"}\n\
             {\"s\":\"\\tx\",\"d\":\"-Infinity\"}\n\
             {\"s\":\"x\\\\\\\"y\",\"d\":-0.0}\n\
             {\"s\":\"back\\\\slash\\ttab\\u0001ctl é/\"}\n\
             {\"s\":\"ctl\\b\\f\u{7f}\u{2028} ok\\r\"}\n\
             {\"s\":\"\\u001Fq\\u0000\"}\n\
             {}\n"
        );
        let one = &rows[..1];
        assert!(JsonWriter::new(&schema, TimeZone::Fixed(3600))
            .file_text(one)
            .contains("\"t\":\"2026-01-01T11:00:00.500+01:00\""));
        assert_eq!(JsonWriter::new(&schema, TimeZone::UTC).file_text(&[]), "");
    }

    #[test]
    fn names_are_escaped_and_nested_values_typed() {
        let inner = DataType::Struct(vec![field("t", DataType::Timestamp)]);
        let schema = Schema::new(vec![
            field("a\"b", DataType::Array(Box::new(inner.clone()))),
            field("n", DataType::Array(Box::new(DataType::Double))),
        ]);
        let rows = vec![Row::new(vec![
            Value::Array(vec![
                Value::Struct(vec![Value::Timestamp(0)]),
                Value::Null,
                Value::Struct(vec![Value::Null]),
            ]),
            Value::Array(vec![Value::Double(f64::NAN), Value::Double(2.0)]),
        ])];
        assert_eq!(
            JsonWriter::new(&schema, TimeZone::UTC).file_text(&rows),
            "{\"a\\\"b\":[{\"t\":\"1970-01-01T00:00:00.000Z\"},null,{}],\"n\":[\"NaN\",2.0]}\n"
        );
    }

    /// The line PySpark 4.3's `df.write.json` wrote for a row of every newer type.
    #[test]
    fn newer_types_like_spark() {
        let map = |k: DataType, v: DataType| DataType::Map(Box::new(k), Box::new(v));
        let schema = Schema::new(vec![
            field("b", DataType::Byte),
            field("s", DataType::Short),
            field("f", DataType::Float),
            field("d", DataType::Decimal(10, 2)),
            field("bin", DataType::Binary),
            field("m", map(DataType::String, DataType::Integer)),
            field("ntz", DataType::TimestampNtz),
            field(
                "am",
                DataType::Array(Box::new(map(DataType::String, DataType::Decimal(10, 2)))),
            ),
            field(
                "st",
                DataType::Struct(vec![
                    field("x", DataType::Float),
                    field("y", DataType::Binary),
                ]),
            ),
        ]);
        let dec = |u| Value::Decimal(ember_operators::Decimal::new(u, 2));
        let row = Row::new(vec![
            Value::Byte(1),
            Value::Short(2),
            Value::Float(1.1),
            dec(150),
            Value::Binary(b"ab".to_vec()),
            Value::Map(vec![("a".into(), Value::Int(1)), ("b".into(), Value::Null)]),
            Value::TimestampNtz(1_704_164_645_600_000),
            Value::Array(vec![Value::Map(vec![("k".into(), dec(200))]), Value::Null]),
            Value::Struct(vec![
                Value::Float(3.402_823_5e38),
                Value::Binary(vec![0, 255]),
            ]),
        ]);
        assert_eq!(
            JsonWriter::new(&schema, TimeZone::UTC).file_text(&[row]),
            "{\"b\":1,\"s\":2,\"f\":1.1,\"d\":1.50,\"bin\":\"YWI=\",\"m\":{\"a\":1,\"b\":null},\
             \"ntz\":\"2024-01-02T03:04:05.600\",\"am\":[{\"k\":2.00},null],\
             \"st\":{\"x\":3.4028235E38,\"y\":\"AP8=\"}}\n"
        );
        let nan = Row::new(vec![Value::Null, Value::Null, Value::Float(f32::NAN)]);
        let short = Schema::new(schema.fields[..3].to_vec());
        assert_eq!(
            JsonWriter::new(&short, TimeZone::UTC).file_text(&[nan]),
            "{\"f\":\"NaN\"}\n"
        );
    }
}
