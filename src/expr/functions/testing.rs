//! What the collection and JSON function tests share: a row with arrays, a struct and JSON
//! text (PySpark 4.3's `t` and `j` views of the expected values), and helpers to bind and
//! evaluate over it.

use crate::expr::{bind, bind_projection, Expr};
use crate::{DataType, Error, Field, Row, Schema, Value};

fn int_array() -> DataType {
    DataType::Array(Box::new(DataType::Integer))
}

/// `a array<int>, e array<int>, n array<int>, s string, st struct<a:int,b:string>, j string`.
pub(super) fn schema() -> Schema {
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

/// `a = [3, 1, NULL, 2]`, `e = []`, `n = NULL`, `s = 'x'`, `st = {1, 's'}` and `j` a JSON text.
pub(super) fn row() -> Row {
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

/// The name, type, nullability and value on [`row`] of `e`.
pub(super) fn eval(e: &Expr) -> (String, String, bool, Result<Value, String>) {
    let b = bind(e, &schema()).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    let v = (b.eval)(&row());
    (b.name, b.data_type.to_string(), b.nullable, v)
}

/// The value of `e` on [`row`].
pub(super) fn value(e: &Expr) -> Value {
    eval(e).3.unwrap_or_else(|err| panic!("{e:?}: {err}"))
}

/// The run-time error of `e` on [`row`].
pub(super) fn runtime_error(e: &Expr) -> String {
    eval(e).3.unwrap_err()
}

/// The analysis error binding `e`.
pub(super) fn analysis_error(e: &Expr) -> String {
    match bind(e, &schema()) {
        Err(Error::Analysis(m)) => m,
        other => panic!("expected an analysis error for {e:?}, got {other:?}"),
    }
}

/// The output columns (`name:type:nullable`) and rows of a `select`.
pub(super) fn select(exprs: &[Expr]) -> (Vec<String>, Vec<Row>) {
    let p = bind_projection(exprs, &schema()).unwrap();
    let columns = p
        .schema
        .fields
        .iter()
        .map(|f| format!("{}:{}:{}", f.name, f.data_type, f.nullable))
        .collect();
    let mut out = Vec::new();
    p.apply_into(&row(), &mut out).unwrap();
    (columns, out)
}
