//! Expected names, types, nullability, values and messages from PySpark 4.3 on the same
//! expressions (`st = {a: 1, b: 's'}`).

use super::super::test_support::{analysis_error, eval, ints, value};
use crate::expr::{col, lit, named_struct, resolve, struct_};
use crate::Value;

#[test]
fn struct_names_fields_after_columns_or_by_position() {
    let e = struct_(vec![col("a"), col("st"), lit(1)]);
    let (name, t, nullable, v) = eval(&e);
    assert_eq!(name, "struct(a, st, 1)");
    assert_eq!(t, "struct<a:array<int>,st:struct<a:int,b:string>,col3:int>");
    assert!(!nullable);
    assert_eq!(
        v,
        Ok(Value::Struct(vec![
            ints(&[Some(3), Some(1), None, Some(2)]),
            Value::Struct(vec![Value::Int(1), "s".into()]),
            Value::Int(1),
        ]))
    );
    // A struct field or an alias names its field; other expressions are `colN`.
    let e = struct_(vec![
        col("st").get_field("a"),
        col("a").get_item(0),
        col("s").alias("q"),
    ]);
    let (name, t, _, v) = eval(&e);
    assert_eq!(name, "struct(st.a, a[0], s AS `q`)");
    assert_eq!(t, "struct<a:int,col2:int,q:string>");
    assert_eq!(
        v,
        Ok(Value::Struct(vec![
            Value::Int(1),
            Value::Int(3),
            "x".into()
        ]))
    );
}

#[test]
fn named_struct_takes_names_and_values() {
    let e = named_struct(vec![("x", col("a")), ("y", col("s"))]);
    let (name, t, nullable, v) = eval(&e);
    assert_eq!(name, "named_struct(x, a, y, s)");
    assert_eq!(t, "struct<x:array<int>,y:string>");
    assert!(!nullable);
    assert_eq!(
        v,
        Ok(Value::Struct(vec![
            ints(&[Some(3), Some(1), None, Some(2)]),
            "x".into()
        ]))
    );
    let odd = resolve("named_struct", vec![lit("a"), lit(1), lit("b")]).unwrap();
    assert_eq!(
        analysis_error(&odd),
        "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `named_struct` requires 2n (n > 0) parameters \
         but the actual number is 3. Please, refer to \
         'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: 42605"
    );
    let not_a_name = resolve("named_struct", vec![lit(1), lit(1)]).unwrap();
    assert_eq!(
        analysis_error(&not_a_name),
        "[DATATYPE_MISMATCH.CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING] Cannot resolve \
         \"named_struct(1, 1)\" due to data type mismatch: Only foldable `STRING` expressions are \
         allowed to appear at odd position, but they are [\"1\"]. SQLSTATE: 42K09"
    );
}

#[test]
fn get_field_by_name() {
    let (name, t, nullable, v) = eval(&col("st").get_field("b"));
    assert_eq!(
        (name.as_str(), t.as_str(), nullable),
        ("st.b", "string", true)
    );
    assert_eq!(v, Ok(Value::from("s")));
    // Case-insensitive, as Spark's default resolution; `getItem` with a name works on structs.
    assert_eq!(value(&col("st").get_field("A")), Value::Int(1));
    assert_eq!(value(&col("st").get_item("a")), Value::Int(1));
    let null_struct = lit(Value::Null).cast_str("int");
    assert_eq!(
        analysis_error(&null_struct.get_field("a")),
        "[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"CAST(NULL AS INT)\". \
         Need a complex type [STRUCT, ARRAY, MAP] but got \"INT\". SQLSTATE: 42000"
    );
    assert_eq!(
        analysis_error(&col("st").get_field("zz")),
        "[FIELD_NOT_FOUND] No such struct field `zz` in `a`, `b`. SQLSTATE: 42704"
    );
}
