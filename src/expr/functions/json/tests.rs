//! Expected names, types, values and messages from PySpark 4.3 on the same expressions.

use super::super::test_support::{analysis_error, eval, ints, value};
use crate::expr::{
    array, col, from_json, get_json_object, lit, named_struct, resolve, schema_of_json, to_json,
    Expr,
};
use crate::Value;

fn s(v: &str) -> Value {
    Value::from(v)
}

fn null() -> Value {
    Value::Null
}

fn from_json_of(text: &str, schema: &str) -> Value {
    value(&from_json(lit(text), schema))
}

#[test]
fn from_json_into_a_struct_is_permissive() {
    let (name, t, nullable, v) = eval(&from_json(col("j"), "a INT, b STRING"));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("from_json(j)", "struct<a:int,b:string>", true)
    );
    assert_eq!(v, Ok(Value::Struct(vec![Value::Int(1), s("x")])));
    let ab = |text: &str| from_json_of(text, "a INT, b STRING");
    let nulls = Value::Struct(vec![null(), null()]);
    // A field of the wrong kind is NULL, the others keep their values.
    assert_eq!(
        ab(r#"{"a": "bad", "b": 2}"#),
        Value::Struct(vec![null(), s("2")])
    );
    assert_eq!(ab("not json"), nulls);
    assert_eq!(ab(r#"{"b": null}"#), nulls);
    assert_eq!(ab(r#"[{"a": 1}]"#), nulls);
    assert_eq!(
        ab(r#"{"a": 1} x"#),
        Value::Struct(vec![Value::Int(1), null()])
    );
    assert_eq!(ab("{}"), nulls);
    assert_eq!(
        value(&from_json(lit(null()).cast_str("string"), "a INT")),
        null()
    );
    // Field names are case-sensitive.
    assert_eq!(
        from_json_of(r#"{"a": 1, "B": 2}"#, "A int, b int"),
        Value::Struct(vec![null(), null()])
    );
    let nested = from_json_of(r#"{"a": {"x": "q"}}"#, "a struct<x: int>");
    assert_eq!(nested, Value::Struct(vec![Value::Struct(vec![null()])]));
    assert_eq!(
        from_json_of(r#"{"a": [1, "q"], "b": 1}"#, "a array<int>, b int"),
        Value::Struct(vec![null(), Value::Int(1)])
    );
    let e = from_json(col("j"), "c array<int>, d struct<e: double>").alias("r");
    let (name, t, _, v) = eval(&e);
    assert_eq!(
        (name.as_str(), t.as_str()),
        ("r", "struct<c:array<int>,d:struct<e:double>>")
    );
    assert_eq!(
        v,
        Ok(Value::Struct(vec![
            ints(&[Some(1), Some(2)]),
            Value::Struct(vec![Value::Double(1.5)])
        ]))
    );
    // A field of the result, as `from_json(j).a`.
    let (name, _, _, v) = eval(&from_json(col("j"), "a INT").get_field("a"));
    assert_eq!(name, "from_json(j).a");
    assert_eq!(v, Ok(Value::Int(1)));
}

/// Spark names `from_json` after its input alone, or `entries` when it reads a map (PySpark
/// 4.3: `select from_json('{"a": 1}', 'MAP<STRING,INT>')`).
#[test]
fn from_json_is_named_after_its_input_or_its_entries() {
    for (schema, name) in [
        ("MAP<STRING,INT>", "entries"),
        ("a INT", "from_json(j)"),
        ("x MAP<STRING,INT>", "from_json(j)"),
        ("ARRAY<INT>", "from_json(j)"),
    ] {
        assert_eq!(eval(&from_json(col("j"), schema)).0, name, "{schema}");
    }
}

#[test]
fn from_json_into_an_array_is_null_when_malformed() {
    let (_, t, _, _) = eval(&from_json(lit("[1,2]"), "array<int>"));
    assert_eq!(t, "array<int>");
    assert_eq!(
        from_json_of("[1,2]", "array<int>"),
        ints(&[Some(1), Some(2)])
    );
    assert_eq!(from_json_of(r#"[1,"x"]"#, "array<int>"), null());
    assert_eq!(from_json_of(r#"{"a":1}"#, "array<int>"), null());
    assert_eq!(from_json_of("1", "array<int>"), null());
    assert_eq!(
        from_json_of(r#"{"a":1}"#, "struct<a:int>"),
        Value::Struct(vec![Value::Int(1)])
    );
}

#[test]
fn from_json_errors() {
    assert_eq!(
        analysis_error(&from_json(lit(1), "a int")),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"from_json(1)\" due to data \
         type mismatch: The first parameter requires the \"STRING\" type, however \"1\" has the \
         type \"INT\". SQLSTATE: 42K09"
    );
    // Spark reports `[PARSE_SYNTAX_ERROR] Syntax error at or near 'type'` here: its schema
    // parser tries a type first; Ember's DDL parser names the unknown type.
    assert!(analysis_error(&from_json(lit("{}"), "bad type"))
        .starts_with("[UNSUPPORTED_DATATYPE] Unsupported data type \"TYPE\""));
}

/// `get_json_object` casts no other type to a string, and its errors name the parameter, as
/// PySpark 4.3 reports them.
#[test]
fn get_json_object_errors_name_the_parameter() {
    let call = |json, path| super::super::scalar("get_json_object", vec![json, path]);
    assert_eq!(
        analysis_error(&call(lit(5), lit("$"))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"get_json_object(5, $)\" due to \
         data type mismatch: The first parameter requires the \"STRING\" type, however \"5\" has \
         the type \"INT\". SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(&call(lit("{}"), lit(5))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"get_json_object({}, 5)\" due \
         to data type mismatch: The second parameter requires the \"STRING\" type, however \"5\" \
         has the type \"INT\". SQLSTATE: 42K09"
    );
}

#[test]
fn to_json_writes_as_spark() {
    let e = named_struct(vec![
        ("a", lit(1)),
        ("b", lit(null()).cast_str("string")),
        ("c", array(vec![lit(1), lit(2)])),
        ("d", lit(1.5)),
        ("e", lit("q\"uo")),
    ]);
    let (name, t, nullable, v) = eval(&to_json(e));
    assert_eq!(
        name,
        "to_json(named_struct(a, 1, b, CAST(NULL AS STRING), c, array(1, 2), d, 1.5, e, q\"uo))"
    );
    assert_eq!((t.as_str(), nullable), ("string", true));
    assert_eq!(v, Ok(s(r#"{"a":1,"c":[1,2],"d":1.5,"e":"q\"uo"}"#)));
    let to = |e: Expr| value(&to_json(e));
    assert_eq!(
        to(array(vec![lit(1), lit(2), lit(null())])),
        s("[1,2,null]")
    );
    assert_eq!(
        to(array(vec![named_struct(vec![("a", lit(1))])])),
        s(r#"[{"a":1}]"#)
    );
    assert_eq!(to(col("st")), s(r#"{"a":1,"b":"s"}"#));
    assert_eq!(to(col("n")), null());
    let odd = named_struct(vec![
        ("a", lit(f64::INFINITY)),
        ("b", array(vec![lit(null()).cast_str("string")])),
        ("c", lit("é\t\u{1}/")),
        ("d", named_struct(vec![("x", lit(null()).cast_str("int"))])),
        ("f", lit(f64::NAN)),
        ("g", lit(1e20)),
        ("h", lit(true)),
    ]);
    assert_eq!(
        to(odd),
        s(r#"{"a":"Infinity","b":[null],"c":"é\t\u0001/","d":{},"f":"NaN","g":1.0E20,"h":true}"#)
    );
    let times = named_struct(vec![
        ("t", lit("2026-01-01 10:00:00.123456").cast_str("timestamp")),
        ("d", lit("2026-01-02").cast_str("date")),
    ]);
    assert_eq!(
        to(times),
        s(r#"{"t":"2026-01-01T10:00:00.123Z","d":"2026-01-02"}"#)
    );
    assert_eq!(
        analysis_error(&to_json(lit(1))),
        "[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve \"to_json(1)\" due to data type \
         mismatch: Input schema \"INT\" must be a struct, an array, a map or a variant. \
         SQLSTATE: 42K09"
    );
}

#[test]
fn get_json_object_follows_sparks_paths() {
    let at = |json: &str, path: &str| value(&get_json_object(lit(json), path));
    let (name, t, nullable, v) = eval(&get_json_object(col("j"), "$.a"));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("get_json_object(j, $.a)", "string", true)
    );
    assert_eq!(v, Ok(s("1")));
    let j = |path: &str| value(&get_json_object(col("j"), path));
    assert_eq!(j("$.c"), s("[1,2]"));
    assert_eq!(j("$.c[1]"), s("2"));
    assert_eq!(j("$.d.e"), s("1.5"));
    assert_eq!(j("$.b"), s("x"));
    assert_eq!(j("$"), s(r#"{"a":1,"b":"x","c":[1,2],"d":{"e":1.5}}"#));
    assert_eq!(j("$.zz"), null());
    assert_eq!(at("not json", "$.a"), null());
    assert_eq!(at(r#"{"a":{"b":[1,{"c":"x"}]}}"#, "$.a.b[1].c"), s("x"));
    assert_eq!(at(r#"{"a b":1}"#, "$['a b']"), s("1"));
    assert_eq!(at("[1,2,3]", "$[*]"), s("[1,2,3]"));
    assert_eq!(at(r#"{"a":[1,2]}"#, "$.a[*]"), s("[1,2]"));
    assert_eq!(at(r#"{"a":1,"b":2}"#, "$.*"), null());
    assert_eq!(at(r#"{"a":"x"}"#, "a"), null());
    assert_eq!(at(r#"{"a":null}"#, "$.a"), null());
    assert_eq!(at(r#"{"a":"\u00e9"}"#, "$.a"), s("é"));
    assert_eq!(at(r#"{"a": [ 1 , 2 ]}"#, "$.a"), s("[1,2]"));
    assert_eq!(at(r#"{"a":1.50}"#, "$.a"), s("1.5"));
    assert_eq!(at(r#"[{"a":1},{"a":2}]"#, "$[*].a"), s("[1,2]"));
    assert_eq!(at(r#"[{"a":1},{"b":2}]"#, "$[*].a"), s("1"));
    assert_eq!(at("[[1,2],[3]]", "$[*][0]"), s("[1,3]"));
    assert_eq!(at(r#"{"a":[]}"#, "$.a[*]"), null());
    assert_eq!(at("[1,2]", "$[5]"), null());
    assert_eq!(at("[1,2]", "$[-1]"), null());
    assert_eq!(at("{'a':1}", "$.a"), s("1"));
    assert_eq!(at(r#"{"a":1}"#, "$..a"), null());
    assert_eq!(at(r#"{"a":1}"#, "$.a."), null());
    assert_eq!(at(r#"{"a":1}"#, r#"$["a"]"#), null());
    assert_eq!(at(r#"{"a":["x\ny"]}"#, "$.a"), s(r#"["x\ny"]"#));
    assert_eq!(at(r#"{"a":"x\ny"}"#, "$.a"), s("x\ny"));
    assert_eq!(
        at(r#"{"a":12345678901234567890}"#, "$.a"),
        s("12345678901234567890")
    );
    assert_eq!(at(r#"{"a":1e2}"#, "$.a"), s("100.0"));
    assert_eq!(at(r#"{"a":true}"#, "$.a"), s("true"));
    assert_eq!(at(r#""s""#, "$"), s("s"));
}

#[test]
fn schema_of_json_infers_as_spark() {
    let of = |json: &str| value(&schema_of_json(json));
    let (name, t, nullable, _) = eval(&schema_of_json(r#"{"a":1}"#));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        (r#"schema_of_json({"a":1})"#, "string", false)
    );
    assert_eq!(
        of(r#"{"a": 1, "b": "x", "c": [1.5], "d": {"e": true}, "f": null, "g": 1e400, "h": 12345678901234}"#),
        s("STRUCT<a: BIGINT, b: STRING, c: ARRAY<DOUBLE>, d: STRUCT<e: BOOLEAN>, f: STRING, g: DOUBLE, h: BIGINT>")
    );
    assert_eq!(of("[1,2]"), s("ARRAY<BIGINT>"));
    assert_eq!(of("1"), s("BIGINT"));
    assert_eq!(of(r#""s""#), s("STRING"));
    assert_eq!(of(""), s("STRING"));
    assert_eq!(of(r#"{"a": 1} x"#), s("STRUCT<a: BIGINT>"));
    assert_eq!(of(r#"{"a": [1, "x"]}"#), s("STRUCT<a: ARRAY<STRING>>"));
    assert_eq!(of(r#"{"a": [1, 1.5]}"#), s("STRUCT<a: ARRAY<DOUBLE>>"));
    assert_eq!(
        of(r#"{"a": [{"x":1},{"y":2}]}"#),
        s("STRUCT<a: ARRAY<STRUCT<x: BIGINT, y: BIGINT>>>")
    );
    assert_eq!(of(r#"{"a": []}"#), s("STRUCT<a: ARRAY<STRING>>"));
    assert_eq!(of(r#"{"B":1, "a":2}"#), s("STRUCT<B: BIGINT, a: BIGINT>"));
    let e = resolve("schema_of_json", vec![col("j")]).unwrap();
    assert_eq!(
        analysis_error(&e),
        "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"schema_of_json(j)\" due to data \
         type mismatch: the input `json` should be a foldable \"STRING\" expression; however, got \
         \"j\". SQLSTATE: 42K09"
    );
}
