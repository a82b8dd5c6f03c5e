//! Test support for the family files: calls written as SQL text, evaluated over the rows of the
//! table the expected values were taken from in PySpark 4.3:
//!
//! ```sql
//! select * from values
//!  (1, 10L, 2.5d, 'abc', true, date'2024-03-01', timestamp'2024-03-01 10:00:00', array(1, 2)),
//!  (-7, -3L, -0.0d, 'héllo wörld', false, date'1970-01-01', timestamp'1970-01-01 00:00:00',
//!   array(3, null)),
//!  (null, null, null, null, null, null, null, null),
//!  (2147483647, 9223372036854775807, double('NaN'), '', true, date'1900-01-01',
//!   timestamp'2000-01-01 00:00:00.123456', array())
//!  as t(i, l, d, s, b, dt, ts, arr)
//! ```
//!
//! The SQL text is a small subset: calls `f(a, b)`, the columns above, numbers (`1` is an
//! `int`, `1L` a `bigint`, `1.5` a `double`), `'strings'`, `NULL`, `true` and `false`.

use crate::expr::{bind, col, resolve, Expr};
use crate::{DataType, Field, Row, Schema, Value};

/// The table's schema.
fn schema() -> Schema {
    Schema::new(vec![
        Field::new("i", DataType::Integer),
        Field::new("l", DataType::Long),
        Field::new("d", DataType::Double),
        Field::new("s", DataType::String),
        Field::new("b", DataType::Boolean),
        Field::new("dt", DataType::Date),
        Field::new("ts", DataType::Timestamp),
        Field::new("arr", DataType::Array(Box::new(DataType::Integer))),
    ])
}

/// The table's rows.
fn rows() -> Vec<Row> {
    use Value::*;
    vec![
        Row::new(vec![
            Int(1),
            Long(10),
            Double(2.5),
            "abc".into(),
            Boolean(true),
            Date(19783),
            Timestamp(1_709_287_200_000_000),
            Array(vec![Int(1), Int(2)]),
        ]),
        Row::new(vec![
            Int(-7),
            Long(-3),
            Double(-0.0),
            "héllo wörld".into(),
            Boolean(false),
            Date(0),
            Timestamp(0),
            Array(vec![Int(3), Null]),
        ]),
        Row::new(vec![Null; 8]),
        Row::new(vec![
            Int(i32::MAX),
            Long(i64::MAX),
            Double(f64::NAN),
            "".into(),
            Boolean(true),
            Date(-25567),
            Timestamp(946_684_800_123_456),
            Array(vec![]),
        ]),
    ]
}

/// Parses the SQL text of a call (see the module documentation).
pub(crate) fn parse(text: &str) -> Expr {
    let mut parser = Parser {
        chars: text.chars().collect(),
        at: 0,
    };
    let e = parser.expr();
    assert_eq!(parser.at, parser.chars.len(), "trailing text in {text:?}");
    e
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&mut self) -> Option<char> {
        while self.chars.get(self.at) == Some(&' ') {
            self.at += 1;
        }
        self.chars.get(self.at).copied()
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> String {
        let start = self.at;
        while self.chars.get(self.at).is_some_and(|c| f(*c)) {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    fn expr(&mut self) -> Expr {
        match self.peek() {
            Some('\'') => {
                self.at += 1;
                let mut s = String::new();
                loop {
                    let c = self.chars[self.at];
                    self.at += 1;
                    if c == '\'' {
                        if self.chars.get(self.at) == Some(&'\'') {
                            self.at += 1;
                        } else {
                            break;
                        }
                    }
                    s.push(c);
                }
                Expr::Literal(Value::String(s))
            }
            Some(c) if c.is_ascii_digit() || c == '-' => {
                let text = self.take_while(|c| c.is_ascii_alphanumeric() || "-+.".contains(c));
                Expr::Literal(if let Some(long) = text.strip_suffix('L') {
                    Value::Long(long.parse().expect("a bigint literal"))
                } else if text.contains(['.', 'E']) {
                    Value::Double(text.parse().expect("a double literal"))
                } else {
                    Value::Int(text.parse().expect("an int literal"))
                })
            }
            _ => {
                let name = self.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
                if self.peek() != Some('(') {
                    return match name.as_str() {
                        "NULL" => Expr::Literal(Value::Null),
                        "true" => Expr::Literal(Value::Boolean(true)),
                        "false" => Expr::Literal(Value::Boolean(false)),
                        _ => col(name.as_str()),
                    };
                }
                self.at += 1;
                let mut args = Vec::new();
                while self.peek() != Some(')') {
                    args.push(self.expr());
                    if self.peek() == Some(',') {
                        self.at += 1;
                    }
                }
                self.at += 1;
                resolve(&name, args).unwrap_or_else(|e| Expr::Invalid(e.to_string()))
            }
        }
    }
}

/// The column name of the call.
pub(crate) fn bind_name(call: &str) -> String {
    bind(&parse(call), &schema())
        .unwrap_or_else(|e| panic!("{call}: {e}"))
        .name
}

/// Checks the call's column name, type and values over the table's rows (doubles compared bit
/// for bit, so `-0.0` is not `0.0`).
#[track_caller]
pub(crate) fn check(call: &str, name: &str, data_type: &str, expected: &[Value]) {
    let bound = bind(&parse(call), &schema()).unwrap_or_else(|e| panic!("{call}: {e}"));
    assert_eq!(bound.name, name, "the name of {call}");
    assert_eq!(bound.data_type.to_string(), data_type, "the type of {call}");
    let values: Vec<Value> = rows()
        .iter()
        .map(|row| (bound.eval)(row).unwrap_or_else(|e| panic!("{call}: {e}")))
        .collect();
    assert_eq!(
        format!("{values:?}"),
        format!("{expected:?}"),
        "the values of {call}"
    );
}

/// The error of a call: from resolving, binding or (the first) from evaluating it.
#[track_caller]
pub(crate) fn error(call: &str) -> String {
    let bound = match bind(&parse(call), &schema()) {
        Ok(bound) => bound,
        Err(e) => return e.to_string(),
    };
    rows()
        .iter()
        .find_map(|row| (bound.eval)(row).err())
        .unwrap_or_else(|| panic!("{call} did not fail"))
}

// (In a test module of its own: the layers test lets test modules import any layer.)
#[cfg(test)]
mod sql_text {
    use super::*;

    /// SQL text (`spark.sql`, `expr()`) reaches these families' functions through the catalog,
    /// with Spark's column names (from PySpark 4.3).
    #[test]
    fn sql_text_calls_the_functions() {
        for (text, name, data_type) in [
            ("if(b, i, l)", "(IF(b, i, l))", "bigint"),
            ("position('l', s)", "position(l, s, 1)", "int"),
            ("log(d)", "LOG(E(), d)", "double"),
            ("ceil(d)", "CEIL(d)", "bigint"),
            ("FLOOR(i)", "FLOOR(i)", "bigint"),
            ("ceiling(d)", "ceiling(d)", "bigint"),
            ("nvl(i, 0)", "nvl(i, 0)", "int"),
            ("pow(i, 2)", "pow(i, 2)", "double"),
            ("power(i, 2)", "POWER(i, 2)", "double"),
            ("lpad(s, 5)", "lpad(s, 5,  )", "string"),
            ("coalesce(i, l)", "coalesce(i, l)", "bigint"),
            ("hash(s)", "hash(s)", "int"),
        ] {
            let bound = bind(&crate::sql::expr(text).unwrap(), &schema()).unwrap();
            assert_eq!(
                (bound.name.as_str(), bound.data_type.to_string().as_str()),
                (name, data_type)
            );
        }
    }
}
