//! Expected columns, nullability, rows and messages from PySpark 4.3 on the same `select`s
//! (`a = [3, 1, NULL, 2]`, `e = []`, `n = NULL`, `s = 'x'`).

use super::super::test_support::{collections_schema, select};
use crate::expr::{
    bind_projection, col, explode_outer, json_tuple, lit, posexplode, posexplode_outer, Expr,
};
use crate::{Error, Row, Value};

fn r(values: Vec<Value>) -> Row {
    Row::new(values)
}

fn i(v: i32) -> Value {
    Value::Int(v)
}

const NULL: Value = Value::Null;

#[test]
fn posexplode_gives_positions() {
    let (columns, rows) = select(&[posexplode(col("a"))]);
    assert_eq!(columns, ["pos:int:false", "col:int:true"]);
    assert_eq!(
        rows,
        [
            r(vec![i(0), i(3)]),
            r(vec![i(1), i(1)]),
            r(vec![i(2), NULL]),
            r(vec![i(3), i(2)]),
        ]
    );
    let (_, rows) = select(&[posexplode(col("e")), col("s")]);
    assert!(rows.is_empty());
    let (_, rows) = select(&[posexplode(col("n"))]);
    assert!(rows.is_empty());
}

#[test]
fn outer_forms_give_a_row_of_nulls() {
    let (columns, rows) = select(&[explode_outer(col("e")), col("s")]);
    assert_eq!(columns, ["col:int:true", "s:string:true"]);
    assert_eq!(rows, [r(vec![NULL, "x".into()])]);
    let (_, rows) = select(&[explode_outer(col("a")), col("s")]);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[2], r(vec![NULL, "x".into()]));
    let (columns, rows) = select(&[posexplode_outer(col("n")), col("s")]);
    assert_eq!(columns, ["pos:int:true", "col:int:true", "s:string:true"]);
    assert_eq!(rows, [r(vec![NULL, NULL, "x".into()])]);
    let (_, rows) = select(&[posexplode_outer(col("a"))]);
    assert_eq!(rows[3], r(vec![i(3), i(2)]));
}

#[test]
fn json_tuple_gives_string_columns() {
    let (columns, rows) = select(&[json_tuple(col("j"), &["a", "b", "zz", "c"])]);
    assert_eq!(
        columns,
        [
            "c0:string:true",
            "c1:string:true",
            "c2:string:true",
            "c3:string:true"
        ]
    );
    assert_eq!(
        rows,
        [r(vec!["1".into(), "x".into(), NULL, "[1,2]".into()])]
    );
    let text = r#"{"a": {"b": [1, 2]}, "c": null, "d": "s"}"#;
    let (_, rows) = select(&[json_tuple(lit(text), &["a", "c", "d"])]);
    assert_eq!(rows, [r(vec![r#"{"b":[1,2]}"#.into(), NULL, "s".into()])]);
    let (_, rows) = select(&[json_tuple(lit("not json"), &["a", "b"])]);
    assert_eq!(rows, [r(vec![NULL, NULL])]);
    let (columns, rows) = select(&[json_tuple(col("j"), &["a"]).alias("x")]);
    assert_eq!(columns, ["x:string:true"]);
    assert_eq!(rows, [r(vec!["1".into()])]);
}

#[test]
fn aliases_name_every_column() {
    let (columns, rows) = select(&[posexplode(col("a")).aliases(["p", "v"])]);
    assert_eq!(columns, ["p:int:false", "v:int:true"]);
    assert_eq!(rows[0], r(vec![i(0), i(3)]));
    let (columns, _) = select(&[json_tuple(col("j"), &["a", "b"]).aliases(["x", "y"])]);
    assert_eq!(columns, ["x:string:true", "y:string:true"]);
}

#[test]
fn generator_errors() {
    let err = |exprs: &[Expr]| match bind_projection(exprs, &collections_schema()) {
        Err(Error::Analysis(m)) => m,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        err(&[posexplode(col("a")).alias("x")]),
        "[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not \
         match the number of columns output by the UDTF.\nExpected 2 aliases, but got x.\nPlease \
         ensure that the number of aliases provided matches the number of columns output by the \
         UDTF. SQLSTATE: 42802"
    );
    assert_eq!(
        err(&[posexplode(col("a")).aliases(["p", "v", "w"])]),
        "[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not \
         match the number of columns output by the UDTF.\nExpected 2 aliases, but got p,v,w.\n\
         Please ensure that the number of aliases provided matches the number of columns output \
         by the UDTF. SQLSTATE: 42802"
    );
    assert_eq!(
        err(&[col("a").aliases(["p", "v"])]),
        "[MULTI_ALIAS_WITHOUT_GENERATOR] Multi part aliasing (p, v) is not supported with \"a\" \
         as it is not a generator function. SQLSTATE: 42K0E"
    );
    let e = crate::expr::resolve("json_tuple", vec![lit(r#"{"a": 1}"#), lit(1)]).unwrap();
    assert_eq!(
        err(&[e]),
        "[DATATYPE_MISMATCH.NON_STRING_TYPE] Cannot resolve \"json_tuple({\"a\": 1}, 1)\" due to \
         data type mismatch: all arguments of the function `json_tuple` must be strings. \
         SQLSTATE: 42K09"
    );
    assert_eq!(
        err(&[posexplode(col("s"))]),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"posexplode(s)\" due to data \
         type mismatch: The first parameter requires the (\"ARRAY\" or \"MAP\") type, however \"s\" \
         has the type \"STRING\". SQLSTATE: 42K09"
    );
}
