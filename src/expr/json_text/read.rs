//! JSON text → values of a Spark type, as Spark's `JacksonParser` reads it with its default
//! options: the syntax (Jackson as Spark configures it: single-quoted strings, `NaN`,
//! `Infinity`, `+Infinity` and `-Infinity` allowed; leading zeros, trailing commas, comments and
//! raw control characters in strings not; only the first value of the text is read) and the
//! conversion of a parsed value to a type (see `JsonConverter::convert`).

use ember_operators::{DataType, Field, Value};

use crate::expr::{parse_decimal, parse_string, to_precision, DateTimes};

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
    /// A converter parsing dates and timestamps with `datetimes`.
    pub(crate) fn new(datetimes: DateTimes) -> Self {
        JsonConverter { datetimes }
    }

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
            (Json::Number(n), DataType::Byte) if is_integer(n) => n.parse().ok().map(Value::Byte),
            (Json::Number(n), DataType::Short) if is_integer(n) => n.parse().ok().map(Value::Short),
            (Json::Number(_) | Json::NonNumeric(_) | Json::String(_), DataType::Float) => {
                match self.convert(node, &DataType::Double, bad) {
                    Value::Double(d) => Some(Value::Float(d as f32)),
                    _ => None,
                }
            }
            (Json::Number(n), DataType::Decimal(precision, scale)) => parse_decimal(n)
                .and_then(|(u, s)| to_precision(u, s, *precision, *scale).ok())
                .map(Value::Decimal),
            (Json::String(n), DataType::Decimal(precision, scale)) => parse_decimal(n)
                .and_then(|(u, s)| to_precision(u, s, *precision, *scale).ok())
                .map(Value::Decimal),
            (Json::String(s), DataType::Binary) => {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(s)
                    .ok()
                    .map(Value::Binary)
            }
            (Json::String(s), DataType::TimestampNtz) if !s.is_empty() => {
                self.datetimes.timestamp_ntz(s).map(Value::TimestampNtz)
            }
            (Json::Object(members), DataType::Map(key_type, value_type)) => {
                let mut entry_bad = false;
                let entries: Vec<(Value, Value)> = members
                    .iter()
                    .map(|(k, v)| {
                        let key = match key_type.as_ref() {
                            DataType::String => Some(Value::String(k.clone())),
                            other => parse_string(k, other),
                        };
                        entry_bad |= key.is_none();
                        let value = self.convert(v, value_type, &mut entry_bad);
                        (key.unwrap_or(Value::Null), value)
                    })
                    .collect();
                (!entry_bad).then_some(Value::Map(entries))
            }
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
