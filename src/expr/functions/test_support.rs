//! Test support for the family files: two tables the expected values were taken from in
//! PySpark 4.3, and helpers to bind and evaluate expressions over them.
//!
//! **The table `t`** ([`check`], [`error`], [`bind_name`]), whose calls are written as SQL text:
//!
//! ```sql
//! select i, l, d, s, b, dt, ts, arr, cast(y as tinyint) y, cast(h as smallint) h,
//!   cast(f as float) f, cast(m as decimal(10,2)) m from values
//!  (1, 10L, 2.5d, 'abc', true, date'2024-03-01', timestamp'2024-03-01 10:00:00', array(1, 2),
//!   1, 1, '2.5', 1.25),
//!  (-7, -3L, -0.0d, 'héllo wörld', false, date'1970-01-01', timestamp'1970-01-01 00:00:00',
//!   array(3, null), -7, -7, '-7.25', -7.5),
//!  (null, null, null, null, null, null, null, null, null, null, null, null),
//!  (2147483647, 9223372036854775807, double('NaN'), '', true, date'1900-01-01',
//!   timestamp'2000-01-01 00:00:00.123456', array(), 127, 32767, 'NaN', 99999999.99)
//!  as t(i, l, d, s, b, dt, ts, arr, y, h, f, m)
//! ```
//!
//! The SQL text is a small subset of Spark's: calls `f(a, b)`, the operators `+ - * / %`
//! between spaces, the columns above, numbers typed
//! as Spark types them (`1` is an `int`, `1Y` a `tinyint`, `1S` a `smallint`, `1L` a `bigint`,
//! `1.5` and `1.5BD` decimals, `1.5F` a `float`, `1.5D` and `1.0E20` `double`s), `'strings'`,
//! `NULL`, `true` and `false`.
//!
//! **The collections row** ([`eval`], [`value`], [`runtime_error`], [`analysis_error`],
//! [`select`]), whose expressions are built with the Rust API: arrays, a struct and JSON text
//! (PySpark 4.3's `t` and `j` views of the collection and JSON functions' tests).

use crate::expr::{bind, bind_projection, col, resolve, BinaryOp, BoundExpr, Expr};
use crate::{DataType, Decimal, Error, Field, Row, Schema, Value};

/// `e` bound to `schema`; failing to bind fails the test.
#[track_caller]
fn bound(e: &Expr, schema: &Schema, text: &dyn std::fmt::Debug) -> BoundExpr {
    bind(e, schema).unwrap_or_else(|err| panic!("{text:?}: {err}"))
}

fn int_array() -> DataType {
    DataType::Array(Box::new(DataType::Integer))
}

/// The table's schema.
fn table_schema() -> Schema {
    Schema::new(vec![
        Field::new("i", DataType::Integer),
        Field::new("l", DataType::Long),
        Field::new("d", DataType::Double),
        Field::new("s", DataType::String),
        Field::new("b", DataType::Boolean),
        Field::new("dt", DataType::Date),
        Field::new("ts", DataType::Timestamp),
        Field::new("arr", int_array()),
        Field::new("y", DataType::Byte),
        Field::new("h", DataType::Short),
        Field::new("f", DataType::Float),
        Field::new("m", DataType::Decimal(10, 2)),
    ])
}

/// The table's rows.
fn table_rows() -> Vec<Row> {
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
            Byte(1),
            Short(1),
            Float(2.5),
            Decimal(crate::Decimal::new(125, 2)),
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
            Byte(-7),
            Short(-7),
            Float(-7.25),
            Decimal(crate::Decimal::new(-750, 2)),
        ]),
        Row::new(vec![Null; 12]),
        Row::new(vec![
            Int(i32::MAX),
            Long(i64::MAX),
            Double(f64::NAN),
            "".into(),
            Boolean(true),
            Date(-25567),
            Timestamp(946_684_800_123_456),
            Array(vec![]),
            Byte(127),
            Short(32767),
            Float(f32::NAN),
            Decimal(crate::Decimal::new(9_999_999_999, 2)),
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

/// A number's text as Spark types it (see the module documentation).
fn number(text: &str) -> Value {
    let parsed = |digits: &str| -> i64 { digits.parse().expect("an integer literal") };
    if let Some(digits) = text.strip_suffix("BD") {
        return crate::expr::decimal_literal(digits, None, None).expect("a decimal literal");
    }
    match text.as_bytes().last() {
        Some(b'L') => Value::Long(parsed(&text[..text.len() - 1])),
        Some(b'Y') => Value::Byte(parsed(&text[..text.len() - 1]) as i8),
        Some(b'S') => Value::Short(parsed(&text[..text.len() - 1]) as i16),
        Some(b'F') => Value::Float(text[..text.len() - 1].parse().expect("a float literal")),
        Some(b'D') => Value::Double(text[..text.len() - 1].parse().expect("a double literal")),
        _ if text.contains('E') => Value::Double(text.parse().expect("a double literal")),
        _ if text.contains('.') => {
            crate::expr::decimal_literal(text, None, None).expect("a decimal literal")
        }
        _ => match i32::try_from(parsed(text)) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Long(parsed(text)),
        },
    }
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
        self.operation(1)
    }

    /// Operands joined by operators binding at least as tightly as `tightness` (`*`, `/` and
    /// `%` before `+` and `-`; from left to right).
    fn operation(&mut self, tightness: u8) -> Expr {
        let mut left = self.operand();
        loop {
            let (op, binds) = match self.peek() {
                Some('+') => (BinaryOp::Add, 1),
                Some('-') => (BinaryOp::Subtract, 1),
                Some('*') => (BinaryOp::Multiply, 2),
                Some('/') => (BinaryOp::Divide, 2),
                Some('%') => (BinaryOp::Remainder, 2),
                _ => return left,
            };
            if binds < tightness {
                return left;
            }
            self.at += 1;
            let right = self.operation(binds + 1);
            left = Expr::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
    }

    fn operand(&mut self) -> Expr {
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
                Expr::Literal(number(&text))
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
    bound(&parse(call), &table_schema(), &call).name
}

/// Checks the call's column name, type and values over the table's rows (doubles compared bit
/// for bit, so `-0.0` is not `0.0`).
#[track_caller]
pub(crate) fn check(call: &str, name: &str, data_type: &str, expected: &[Value]) {
    let bound = bound(&parse(call), &table_schema(), &call);
    assert_eq!(bound.name, name, "the name of {call}");
    assert_eq!(bound.data_type.to_string(), data_type, "the type of {call}");
    let values: Vec<Value> = table_rows()
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
    let bound = match bind(&parse(call), &table_schema()) {
        Ok(bound) => bound,
        Err(e) => return e.to_string(),
    };
    table_rows()
        .iter()
        .find_map(|row| (bound.eval)(row).err())
        .unwrap_or_else(|| panic!("{call} did not fail"))
}

/// A `decimal` value from its text (`1.50`).
pub(crate) fn decimal(text: &str) -> Value {
    let (unscaled, scale) = crate::expr::decimal::parse_decimal(text).expect("a decimal");
    Value::Decimal(Decimal::new(unscaled, scale as u8))
}

/// `decimal` values from their texts, `NULL` for `"NULL"`: the values of a column of the table.
pub(crate) fn decimals(texts: [&str; 4]) -> Vec<Value> {
    texts
        .iter()
        .map(|t| {
            if *t == "NULL" {
                Value::Null
            } else {
                decimal(t)
            }
        })
        .collect()
}

/// The collections row's schema: `a array<int>, e array<int>, n array<int>, s string,
/// st struct<a:int,b:string>, j string`.
pub(super) fn collections_schema() -> Schema {
    Schema::new(vec![
        Field::new("a", int_array()),
        Field::new("e", int_array()),
        Field::new("n", int_array()),
        Field::new("s", DataType::String),
        Field::new(
            "st",
            DataType::Struct(vec![
                Field::new("a", DataType::Integer),
                Field::new("b", DataType::String),
            ]),
        ),
        Field::new("j", DataType::String),
    ])
}

/// The collections row: `a = [3, 1, NULL, 2]`, `e = []`, `n = NULL`, `s = 'x'`,
/// `st = {1, 's'}` and `j` a JSON text.
fn collections_row() -> Row {
    Row::new(vec![
        ints(&[Some(3), Some(1), None, Some(2)]),
        ints(&[]),
        Value::Null,
        Value::from("x"),
        Value::Struct(vec![Value::Int(1), Value::from("s")]),
        Value::from(r#"{"a": 1, "b": "x", "c": [1,2], "d": {"e": 1.5}}"#),
    ])
}

/// An `array<int>` value.
pub(super) fn ints(items: &[Option<i32>]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|i| i.map_or(Value::Null, Value::Int))
            .collect(),
    )
}

/// The name, type, nullability and value on the collections row of `e`.
pub(super) fn eval(e: &Expr) -> (String, String, bool, Result<Value, String>) {
    let b = bound(e, &collections_schema(), e);
    let v = (b.eval)(&collections_row());
    (b.name, b.data_type.to_string(), b.nullable, v)
}

/// The value of `e` on the collections row.
pub(super) fn value(e: &Expr) -> Value {
    eval(e).3.unwrap_or_else(|err| panic!("{e:?}: {err}"))
}

/// The run-time error of `e` on the collections row.
pub(super) fn runtime_error(e: &Expr) -> String {
    eval(e).3.unwrap_err()
}

/// The analysis error binding `e` to the collections row.
pub(super) fn analysis_error(e: &Expr) -> String {
    match bind(e, &collections_schema()) {
        Err(Error::Analysis(m)) => m,
        other => panic!("expected an analysis error for {e:?}, got {other:?}"),
    }
}

/// The output columns (`name:type:nullable`) and rows of a `select` on the collections row.
pub(super) fn select(exprs: &[Expr]) -> (Vec<String>, Vec<Row>) {
    let p = bind_projection(exprs, &collections_schema()).unwrap();
    let columns = p
        .schema
        .fields
        .iter()
        .map(|f| format!("{}:{}:{}", f.name, f.data_type, f.nullable))
        .collect();
    let mut out = Vec::new();
    p.apply_into(&collections_row(), &mut out).unwrap();
    (columns, out)
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
            let bound = bind(&crate::sql::expr(text).unwrap(), &table_schema()).unwrap();
            assert_eq!(
                (bound.name.as_str(), bound.data_type.to_string().as_str()),
                (name, data_type)
            );
        }
    }
}
