//! Expected names, types, nullability, values and messages from PySpark 4.3 on the same
//! expressions.

use super::super::test_support::{analysis_error, eval, runtime_error, select, value};
use crate::expr::{
    create_map, element_at, explode, explode_outer, from_json, lit, map_keys, map_values,
    posexplode, resolve, size, to_json, Expr,
};
use crate::{Row, Value};

fn s(v: &str) -> Value {
    Value::from(v)
}

fn ab() -> Expr {
    create_map(vec![lit("a"), lit(1), lit("b"), lit(2)])
}

fn map(entries: Vec<(Value, Value)>) -> Value {
    Value::Map(entries)
}

#[test]
fn map_builds_of_the_common_types() {
    let (name, t, nullable, v) = eval(&ab());
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("map(a, 1, b, 2)", "map<string,int>", false)
    );
    assert_eq!(
        v,
        Ok(map(vec![(s("a"), Value::Int(1)), (s("b"), Value::Int(2))]))
    );
    let (name, t, _, _) = eval(&create_map(vec![]));
    assert_eq!((name.as_str(), t.as_str()), ("map()", "map<void,void>"));
    let (_, t, _, v) = eval(&create_map(vec![lit(1), lit("a"), lit(2i64), lit("b")]));
    assert_eq!(t, "map<bigint,string>");
    assert_eq!(
        v,
        Ok(map(vec![
            (Value::Long(1), s("a")),
            (Value::Long(2), s("b"))
        ]))
    );
    assert_eq!(
        runtime_error(&create_map(vec![lit("a"), lit(1), lit("a"), lit(2)])),
        "[DUPLICATED_MAP_KEY] Duplicate map key a was found, please check the input data.\nIf \
         you want to remove the duplicated keys, you can set \"spark.sql.mapKeyDedupPolicy\" to \
         \"LAST_WIN\" so that the key inserted at last takes precedence. SQLSTATE: 23505"
    );
    assert_eq!(
        runtime_error(&create_map(vec![
            lit("a"),
            lit(1),
            lit(Value::Null).cast_str("string"),
            lit(2)
        ])),
        "[NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E"
    );
    let odd = resolve("map", vec![lit("a")]).unwrap();
    assert_eq!(
        analysis_error(&odd),
        "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `map` requires 2n (n > 0) parameters but the \
         actual number is 1. Please, refer to \
         'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: 42605"
    );
}

#[test]
fn keys_values_size_and_lookups() {
    let (name, t, nullable, v) = eval(&map_keys(ab()));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("map_keys(map(a, 1, b, 2))", "array<string>", false)
    );
    assert_eq!(v, Ok(Value::Array(vec![s("a"), s("b")])));
    let with_null = create_map(vec![lit("a"), lit(1), lit("b"), lit(Value::Null)]);
    assert_eq!(
        value(&map_values(with_null)),
        Value::Array(vec![Value::Int(1), Value::Null])
    );
    assert_eq!(value(&size(ab())), Value::Int(2));
    assert_eq!(value(&size(create_map(vec![]))), Value::Int(0));
    let (name, t, nullable, v) = eval(&element_at(ab(), "a"));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("element_at(map(a, 1, b, 2), a)", "int", true)
    );
    assert_eq!(v, Ok(Value::Int(1)));
    assert_eq!(value(&element_at(ab(), "z")), Value::Null);
    let (name, _, _, v) = eval(&ab().get_item("b"));
    assert_eq!(name, "map(a, 1, b, 2)[b]");
    assert_eq!(v, Ok(Value::Int(2)));
    assert_eq!(value(&ab().get_item("z")), Value::Null);
    // A map of numbers takes any number as its key.
    let numbers = create_map(vec![lit(1), lit(2i64), lit(3), lit(4)]);
    let (name, t, _, v) = eval(&numbers.get_item(lit(1i64)));
    assert_eq!(
        (name.as_str(), t.as_str()),
        ("map(1, 2, 3, 4)[1]", "bigint")
    );
    assert_eq!(v, Ok(Value::Long(2)));
    let longs = create_map(vec![lit(1i64), lit("a")]);
    let (name, _, _, v) = eval(&element_at(longs, 1));
    assert_eq!(name, "element_at(map(1, a), 1)");
    assert_eq!(v, Ok(s("a")));
    assert_eq!(
        analysis_error(&element_at(ab(), 1)),
        "[DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES] Cannot resolve \"element_at(map(a, 1, b, \
         2), 1)\" due to data type mismatch: Input to `element_at` should have been \"MAP\" \
         followed by a value with same key type, but it's [\"MAP<STRING, INT>\", \"INT\"]. \
         SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(&map_keys(lit(1))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"map_keys(1)\" due to data \
         type mismatch: The first parameter requires the \"MAP\" type, however \"1\" has the \
         type \"INT\". SQLSTATE: 42K09"
    );
}

#[test]
fn maps_to_and_from_json() {
    let with_null = create_map(vec![lit("a"), lit(1), lit("b"), lit(Value::Null)]);
    assert_eq!(value(&to_json(with_null)), s(r#"{"a":1,"b":null}"#));
    let (name, t, _, _) = eval(&from_json(lit("{}"), "map<string,int>"));
    assert_eq!((name.as_str(), t.as_str()), ("entries", "map<string,int>"));
    let parse = |text: &str| value(&from_json(lit(text), "map<string,int>"));
    assert_eq!(
        parse(r#"{"a":1,"b":null}"#),
        map(vec![(s("a"), Value::Int(1)), (s("b"), Value::Null)])
    );
    assert_eq!(parse(r#"{"a":"x"}"#), Value::Null);
    assert_eq!(parse("bad"), Value::Null);
}

#[test]
fn exploding_a_map_gives_keys_and_values() {
    let (columns, rows) = select(&[explode(ab())]);
    assert_eq!(columns, ["key:string:false", "value:int:true"]);
    assert_eq!(
        rows,
        [
            Row::new(vec![s("a"), Value::Int(1)]),
            Row::new(vec![s("b"), Value::Int(2)])
        ]
    );
    let (columns, rows) = select(&[posexplode(ab())]);
    assert_eq!(
        columns,
        ["pos:int:false", "key:string:false", "value:int:true"]
    );
    assert_eq!(
        rows[1],
        Row::new(vec![Value::Int(1), s("b"), Value::Int(2)])
    );
    let none = lit(Value::Null).cast_str("map<string,int>");
    let (columns, rows) = select(&[explode_outer(none)]);
    assert_eq!(columns, ["key:string:true", "value:int:true"]);
    assert_eq!(rows, [Row::new(vec![Value::Null, Value::Null])]);
}
