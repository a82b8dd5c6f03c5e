//! Expected names, types, nullability, values and messages from PySpark 4.3 on the same
//! expressions (`t` view: `a = [3, 1, NULL, 2]`, `e = []`, `n = NULL`).

use super::super::test_support::{analysis_error, eval, ints, runtime_error, value};
use crate::expr::{
    array, array_contains, array_distinct, array_join, col, element_at, flatten, lit, resolve,
    reverse, size, slice, sort_array, Expr,
};
use crate::Value;

fn call(name: &str, args: Vec<Expr>) -> Expr {
    resolve(name, args).unwrap()
}

#[test]
fn array_builds_of_the_common_type() {
    let (name, t, nullable, v) = eval(&array(vec![lit(1), lit(Value::Null)]));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("array(1, NULL)", "array<int>", false)
    );
    assert_eq!(v, Ok(ints(&[Some(1), None])));
    let (name, t, _, v) = eval(&array(vec![lit(1), lit(2i64)]));
    assert_eq!(
        (name.as_str(), t.as_str()),
        ("array(1, 2)", "array<bigint>")
    );
    assert_eq!(v, Ok(Value::Array(vec![Value::Long(1), Value::Long(2)])));
    let (name, t, _, _) = eval(&array(vec![]));
    assert_eq!((name.as_str(), t.as_str()), ("array()", "array<void>"));
    assert_eq!(
        analysis_error(&array(vec![lit(1), lit(true)])),
        "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"array(1, true)\" due to data type \
         mismatch: Input to `array` should all be the same type, but it's (\"INT\" or \
         \"BOOLEAN\"). SQLSTATE: 42K09"
    );
}

#[test]
fn array_contains_is_three_valued() {
    let (name, t, nullable, v) = eval(&array_contains(col("a"), 1));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("array_contains(a, 1)", "boolean", true)
    );
    assert_eq!(v, Ok(Value::Boolean(true)));
    // Not found, but the array holds a NULL: NULL.
    assert_eq!(value(&array_contains(col("a"), 5)), Value::Null);
    assert_eq!(
        value(&array_contains(col("a"), lit(2i64))),
        Value::Boolean(true)
    );
    assert_eq!(value(&array_contains(col("e"), 1)), Value::Boolean(false));
    assert_eq!(value(&array_contains(col("n"), 1)), Value::Null);
    assert_eq!(
        value(&array_contains(col("a"), lit(Value::Null).cast_str("int"))),
        Value::Null
    );
    let nested = array(vec![array(vec![lit(1)])]);
    assert_eq!(
        value(&array_contains(nested, array(vec![lit(1)]))),
        Value::Boolean(true)
    );
    assert_eq!(
        analysis_error(&array_contains(col("a"), lit(Value::Null))),
        "[DATATYPE_MISMATCH.NULL_TYPE] Cannot resolve \"array_contains(a, NULL)\" due to data \
         type mismatch: Null typed values cannot be used as arguments of `array_contains`. \
         SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(&array_contains(array(vec![lit(1), lit(2)]), "x")),
        "[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES] Cannot resolve \"array_contains(array(1, \
         2), x)\" due to data type mismatch: Input to `array_contains` should have been \"ARRAY\" \
         followed by a value with same element type, but it's [\"ARRAY<INT>\", \"STRING\"]. \
         SQLSTATE: 42K09"
    );
}

#[test]
fn size_and_cardinality() {
    let (name, t, nullable, v) = eval(&size(col("a")));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("size(a)", "int", true)
    );
    assert_eq!(v, Ok(Value::Int(4)));
    assert_eq!(value(&size(col("e"))), Value::Int(0));
    // ANSI: spark.sql.legacy.sizeOfNull is off, so size(NULL) is NULL, not -1.
    assert_eq!(value(&size(col("n"))), Value::Null);
    let e = call("cardinality", vec![col("a")]);
    assert_eq!(eval(&e).0, "cardinality(a)");
    assert_eq!(value(&e), Value::Int(4));
    assert_eq!(
        analysis_error(&size(col("s"))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"size(s)\" due to data type \
         mismatch: The first parameter requires the (\"ARRAY\" or \"MAP\") type, however \"s\" \
         has the type \"STRING\". SQLSTATE: 42K09"
    );
}

#[test]
fn element_at_is_one_based_with_ansi_errors() {
    let (name, t, nullable, v) = eval(&element_at(col("a"), 1));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("element_at(a, 1)", "int", true)
    );
    assert_eq!(v, Ok(Value::Int(3)));
    assert_eq!(value(&element_at(col("a"), -1)), Value::Int(2));
    assert_eq!(value(&element_at(col("a"), 3)), Value::Null);
    assert_eq!(value(&element_at(col("n"), 1)), Value::Null);
    assert_eq!(
        runtime_error(&element_at(col("a"), 5)),
        "[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index 5 is out of bounds. The array has 4 \
         elements. Use `try_element_at` to tolerate accessing element at invalid index and return \
         NULL instead. SQLSTATE: 22003"
    );
    assert_eq!(
        runtime_error(&element_at(col("a"), -5)),
        "[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index -5 is out of bounds. The array has 4 \
         elements. Use `try_element_at` to tolerate accessing element at invalid index and return \
         NULL instead. SQLSTATE: 22003"
    );
    assert_eq!(
        runtime_error(&element_at(col("a"), 0)),
        "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 \
         (the first element has index 1). SQLSTATE: 22003"
    );
    assert_eq!(
        analysis_error(&element_at(array(vec![lit(1), lit(2)]), lit(1i64))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"element_at(array(1, 2), 1)\" \
         due to data type mismatch: The second parameter requires the \"INT\" type, however \"1\" \
         has the type \"BIGINT\". SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(&element_at(col("st"), "a")),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"element_at(st, a)\" due to \
         data type mismatch: The first parameter requires the (\"ARRAY\" or \"MAP\") type, \
         however \"st\" has the type \"STRUCT<a: INT, b: STRING>\". SQLSTATE: 42K09"
    );
}

#[test]
fn get_item_is_zero_based() {
    let (name, t, nullable, v) = eval(&col("a").get_item(0));
    assert_eq!((name.as_str(), t.as_str(), nullable), ("a[0]", "int", true));
    assert_eq!(v, Ok(Value::Int(3)));
    assert_eq!(value(&col("a").get_item(2)), Value::Null);
    assert_eq!(value(&col("n").get_item(10)), Value::Null);
    assert_eq!(
        runtime_error(&col("a").get_item(10)),
        "[INVALID_ARRAY_INDEX] The index 10 is out of bounds. The array has 4 elements. Use the \
         SQL function `get()` to tolerate accessing element at invalid index and return NULL \
         instead. SQLSTATE: 22003"
    );
    assert_eq!(
        runtime_error(&col("a").get_item(-1)),
        "[INVALID_ARRAY_INDEX] The index -1 is out of bounds. The array has 4 elements. Use the \
         SQL function `get()` to tolerate accessing element at invalid index and return NULL \
         instead. SQLSTATE: 22003"
    );
    assert_eq!(
        analysis_error(&col("a").get_item(1.5)),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"a[1.5]\" due to data type \
         mismatch: The second parameter requires the \"INTEGRAL\" type, however \"1.5\" has the \
         type \"DOUBLE\". SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(&col("s").get_item(0)),
        "[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"s\". Need a complex type \
         [STRUCT, ARRAY, MAP] but got \"STRING\". SQLSTATE: 42000"
    );
}

#[test]
fn sort_array_puts_nulls_first_ascending_and_last_descending() {
    let (name, t, nullable, v) = eval(&sort_array(col("a"), true));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("sort_array(a, true)", "array<int>", true)
    );
    assert_eq!(v, Ok(ints(&[None, Some(1), Some(2), Some(3)])));
    assert_eq!(
        value(&sort_array(col("a"), false)),
        ints(&[Some(3), Some(2), Some(1), None])
    );
    assert_eq!(value(&sort_array(col("e"), true)), ints(&[]));
    assert_eq!(value(&sort_array(col("n"), true)), Value::Null);
    let unknown = call("sort_array", vec![col("a"), lit(Value::Null)]);
    assert_eq!(eval(&unknown).0, "sort_array(a, NULL)");
    assert_eq!(value(&unknown), Value::Null);
    // The default direction shows in the name.
    assert_eq!(
        eval(&call("sort_array", vec![col("a")])).0,
        "sort_array(a, true)"
    );
    let strings = array(vec![lit("b"), lit("a"), lit(Value::Null), lit("c")]);
    assert_eq!(
        value(&sort_array(strings, true)),
        Value::Array(vec![Value::Null, "a".into(), "b".into(), "c".into()])
    );
    let nested = array(vec![
        array(vec![lit(2)]),
        array(vec![lit(1), lit(3)]),
        lit(Value::Null),
    ]);
    assert_eq!(
        value(&sort_array(nested, true)),
        Value::Array(vec![
            Value::Null,
            ints(&[Some(1), Some(3)]),
            ints(&[Some(2)])
        ])
    );
}

#[test]
fn array_distinct_keeps_first_occurrences() {
    let e = array_distinct(array(vec![
        lit(1),
        lit(2),
        lit(1),
        lit(Value::Null),
        lit(Value::Null),
        lit(3),
    ]));
    let (name, t, nullable, v) = eval(&e);
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        (
            "array_distinct(array(1, 2, 1, NULL, NULL, 3))",
            "array<int>",
            false
        )
    );
    assert_eq!(v, Ok(ints(&[Some(1), Some(2), None, Some(3)])));
    let nan = array_distinct(array(vec![lit(f64::NAN), lit(1.0), lit(f64::NAN)]));
    assert_eq!(
        value(&nan),
        Value::Array(vec![Value::Double(f64::NAN), Value::Double(1.0)])
    );
    assert_eq!(
        analysis_error(&array_distinct(lit(1))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"array_distinct(1)\" due to \
         data type mismatch: The first parameter requires the \"ARRAY\" type, however \"1\" has \
         the type \"INT\". SQLSTATE: 42K09"
    );
}

#[test]
fn slice_counts_from_one_or_from_the_end() {
    let four = || array(vec![lit(1), lit(2), lit(3), lit(4)]);
    let (name, t, nullable, v) = eval(&slice(four(), 2, 2));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("slice(array(1, 2, 3, 4), 2, 2)", "array<int>", false)
    );
    assert_eq!(v, Ok(ints(&[Some(2), Some(3)])));
    assert_eq!(value(&slice(four(), -2, 5)), ints(&[Some(3), Some(4)]));
    assert_eq!(value(&slice(four(), 5, 1)), ints(&[]));
    assert_eq!(value(&slice(col("a"), 2, 2)), ints(&[Some(1), None]));
    assert_eq!(value(&slice(col("n"), 2, 2)), Value::Null);
    assert_eq!(
        runtime_error(&slice(four(), 0, 1)),
        "[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` is \
         invalid: Expects a positive or a negative value for `start`, but got 0. SQLSTATE: 22023"
    );
    assert_eq!(
        runtime_error(&slice(four(), 1, -1)),
        "[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in `slice` is \
         invalid: Expects `length` greater than or equal to 0, but got -1. SQLSTATE: 22023"
    );
}

#[test]
fn flatten_is_null_if_an_inner_array_is() {
    let e = flatten(array(vec![
        array(vec![lit(1), lit(2)]),
        array(vec![lit(3)]),
        lit(Value::Null),
    ]));
    let (name, t, _, v) = eval(&e);
    assert_eq!(
        (name.as_str(), t.as_str()),
        ("flatten(array(array(1, 2), array(3), NULL))", "array<int>")
    );
    assert_eq!(v, Ok(Value::Null));
    let e = flatten(array(vec![
        array(vec![lit(1), lit(Value::Null)]),
        array(vec![]),
    ]));
    assert_eq!(value(&e), ints(&[Some(1), None]));
    assert_eq!(
        analysis_error(&flatten(array(vec![lit(1), lit(2)]))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"flatten(array(1, 2))\" due \
         to data type mismatch: The first parameter requires the \"ARRAY\" of \"ARRAY\" type, \
         however \"array(1, 2)\" has the type \"ARRAY<INT>\". SQLSTATE: 42K09"
    );
}

#[test]
fn reverse_and_array_join() {
    let (name, t, nullable, v) = eval(&reverse(col("a")));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("reverse(a)", "array<int>", true)
    );
    assert_eq!(v, Ok(ints(&[Some(2), None, Some(1), Some(3)])));
    assert_eq!(value(&reverse(lit("abc"))), Value::from("cba"));
    assert_eq!(value(&reverse(lit(1))), Value::from("1"));
    let strings = || array(vec![lit("a"), lit(Value::Null), lit("b")]);
    let (name, t, nullable, v) = eval(&array_join(strings(), ",", None));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("array_join(array(a, NULL, b), ,)", "string", false)
    );
    assert_eq!(v, Ok(Value::from("a,b")));
    let (name, _, _, v) = eval(&array_join(strings(), ",", Some("N")));
    assert_eq!(name, "array_join(array(a, NULL, b), ,, N)");
    assert_eq!(v, Ok(Value::from("a,N,b")));
    assert_eq!(
        value(&array_join(array(vec![lit(1), lit(2)]), "-", None)),
        Value::from("1-2")
    );
    assert_eq!(
        analysis_error(&array_join(array(vec![array(vec![lit(1)])]), ",", None)),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"array_join(array(array(1)), \
         ,)\" due to data type mismatch: The first parameter requires the \"ARRAY<STRING>\" type, \
         however \"array(array(1))\" has the type \"ARRAY<ARRAY<INT>>\". SQLSTATE: 42K09"
    );
}
