//! Tests of binding and evaluation. Expected names, types, values and messages were taken from
//! PySpark 4.3 (`local[1]`) on the same expressions.

use super::*;
use crate::{DataType, Error, Field, Row, Schema, Value};

fn schema() -> Schema {
    Schema::new(vec![
        Field::new("value", DataType::String),
        Field::new("a", DataType::Integer),
        Field::new("b", DataType::Long),
        Field::new("d", DataType::Double),
        Field::new("flag", DataType::Boolean),
        Field::new("n", DataType::Integer),
    ])
}

fn row() -> Row {
    Row::new(vec![
        Value::from("the cat  sat"),
        Value::Int(1),
        Value::Long(2),
        Value::Double(1.5),
        Value::Boolean(true),
        Value::Null,
    ])
}

/// (name, type, nullable, value on `row()`).
fn eval(e: Expr) -> (String, String, bool, Result<Value, String>) {
    let b = bind(&e, &schema()).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    let v = (b.eval)(&row());
    (b.name, b.data_type.to_string(), b.nullable, v)
}

fn name_type_value(e: Expr) -> (String, String, Value) {
    let (n, t, _, v) = eval(e);
    (n, t, v.unwrap())
}

fn analysis_error(e: Expr) -> String {
    match bind(&e, &schema()) {
        Err(Error::Analysis(m)) => m,
        other => panic!("expected an analysis error for {e:?}, got {other:?}"),
    }
}

fn runtime_error(e: Expr) -> String {
    eval(e).3.unwrap_err()
}

fn s(v: &str) -> Value {
    Value::from(v)
}

#[test]
fn arithmetic_names_types_values() {
    let cases = [
        (col("a") + 1, "(a + 1)", "int", Value::Int(2)),
        (col("a") + col("b"), "(a + b)", "bigint", Value::Long(3)),
        (col("a") / col("a"), "(a / a)", "double", Value::Double(1.0)),
        (col("a") * col("d"), "(a * d)", "double", Value::Double(1.5)),
        (col("a") - 1, "(a - 1)", "int", Value::Int(0)),
        (col("a") % 2, "(a % 2)", "int", Value::Int(1)),
        (col("b") % col("a"), "(b % a)", "bigint", Value::Long(0)),
        (-col("a"), "negative(a)", "int", Value::Int(-1)),
        (col("n") + 1, "(n + 1)", "int", Value::Null),
        (
            col("a") + lit(Value::Null),
            "(a + NULL)",
            "int",
            Value::Null,
        ),
        (
            lit(Value::Null) + lit(Value::Null),
            "(NULL + NULL)",
            "double",
            Value::Null,
        ),
        (
            col("d") * lit(Value::Null),
            "(d * NULL)",
            "double",
            Value::Null,
        ),
        (
            lit(1i64 << 40) + 1,
            "(1099511627776 + 1)",
            "bigint",
            Value::Long((1 << 40) + 1),
        ),
        (
            lit(-2147483648) % lit(-1),
            "(-2147483648 % -1)",
            "int",
            Value::Int(0),
        ),
        (lit(-7) % lit(2), "(-7 % 2)", "int", Value::Int(-1)),
        (
            lit(-7.5) % lit(2),
            "(-7.5 % 2)",
            "double",
            Value::Double(-1.5),
        ),
    ];
    for (e, name, t, v) in cases {
        assert_eq!(name_type_value(e), (name.to_string(), t.to_string(), v));
    }
}

#[test]
fn literal_names_and_types() {
    let cases = [
        (lit(1), "1", "int", false),
        (lit("x y"), "x y", "string", false),
        (lit(Value::Null), "NULL", "void", true),
        (lit(true), "true", "boolean", false),
        (lit(1.5), "1.5", "double", false),
        (lit(1i64 << 40), "1099511627776", "bigint", false),
        (lit(1e20), "1.0E20", "double", false),
        (lit(0.1), "0.1", "double", false),
        (lit(-1), "-1", "int", false),
    ];
    for (e, name, t, nullable) in cases {
        let (n, ty, null, _) = eval(e);
        assert_eq!((n.as_str(), ty.as_str(), null), (name, t, nullable));
    }
}

#[test]
fn comparisons_and_logic() {
    let t = Value::Boolean(true);
    let f = Value::Boolean(false);
    let cases = [
        (col("a").eq(1), "(a = 1)", t.clone()),
        (col("a").not_eq(1), "(NOT (a = 1))", f.clone()),
        (col("a").lt(1), "(a < 1)", f.clone()),
        (col("a").lt_eq(1), "(a <= 1)", t.clone()),
        (col("a").gt(1), "(a > 1)", f.clone()),
        (col("a").gt_eq(1), "(a >= 1)", t.clone()),
        (
            col("a").eq(1).and(col("flag")),
            "((a = 1) AND flag)",
            t.clone(),
        ),
        (
            col("a").eq(1).or(col("flag")),
            "((a = 1) OR flag)",
            t.clone(),
        ),
        (!col("flag"), "(NOT flag)", f.clone()),
        (not(col("flag")), "(NOT flag)", f.clone()),
        (col("a").is_null(), "(a IS NULL)", f.clone()),
        (col("a").is_not_null(), "(a IS NOT NULL)", t.clone()),
        (col("d").gt(col("a")), "(d > a)", t.clone()),
        (col("value").eq("x"), "(value = x)", f.clone()),
        // Three-valued logic.
        (col("n").eq(1), "(n = 1)", Value::Null),
        (col("n").eq(1).and(false), "((n = 1) AND false)", f.clone()),
        (col("n").eq(1).or(true), "((n = 1) OR true)", t.clone()),
        (col("n").eq(1).and(true), "((n = 1) AND true)", Value::Null),
        (col("n").eq(1).or(false), "((n = 1) OR false)", Value::Null),
        (!col("n").eq(1), "(NOT (n = 1))", Value::Null),
        (col("n").is_null(), "(n IS NULL)", t.clone()),
    ];
    for (e, name, v) in cases {
        assert_eq!(name_type_value(e), (name.to_string(), "boolean".into(), v));
    }
    let (_, _, nullable, _) = eval(col("a").is_null());
    assert!(!nullable);
    // Dates compare with timestamps.
    let e = lit("2024-01-02")
        .cast(DataType::Date)
        .lt(lit("2024-01-02 01:00:00").cast(DataType::Timestamp));
    assert_eq!(
        name_type_value(e),
        (
            "(CAST(2024-01-02 AS DATE) < CAST(2024-01-02 01:00:00 AS TIMESTAMP))".into(),
            "boolean".into(),
            Value::Boolean(true)
        )
    );
}

#[test]
fn string_functions() {
    let cases = [
        (
            lower(col("value")),
            "lower(value)",
            "string",
            s("the cat  sat"),
        ),
        (
            upper(col("value")),
            "upper(value)",
            "string",
            s("THE CAT  SAT"),
        ),
        (trim(lit(" a ")), "trim( a )", "string", s("a")),
        (
            trim(lit("\t a \n")),
            "trim(\t a \n)",
            "string",
            s("\t a \n"),
        ),
        (length(col("value")), "length(value)", "int", Value::Int(12)),
        (length(lit("héllo")), "length(héllo)", "int", Value::Int(5)),
        (
            concat(vec![col("value"), lit("x"), col("a")]),
            "concat(value, x, a)",
            "string",
            s("the cat  satx1"),
        ),
        (
            concat(vec![col("value"), col("n")]),
            "concat(value, n)",
            "string",
            Value::Null,
        ),
        (
            substring(col("value"), 1, 3),
            "substring(value, 1, 3)",
            "string",
            s("the"),
        ),
        (
            substring(col("value"), -3, 2),
            "substring(value, -3, 2)",
            "string",
            s("sa"),
        ),
        (
            regexp_replace(col("value"), "(a)", "<$1>"),
            "regexp_replace(value, (a), <$1>, 1)",
            "string",
            s("the c<a>t  s<a>t"),
        ),
        (
            regexp_replace(col("value"), "a", "\\$"),
            "regexp_replace(value, a, \\$, 1)",
            "string",
            s("the c$t  s$t"),
        ),
        (
            regexp_replace(col("value"), "(?<x>a)", "${x}!"),
            "regexp_replace(value, (?<x>a), ${x}!, 1)",
            "string",
            s("the ca!t  sa!t"),
        ),
        (
            regexp_replace(col("value"), "", "-"),
            "regexp_replace(value, , -, 1)",
            "string",
            s("-t-h-e- -c-a-t- - -s-a-t-"),
        ),
        (
            regexp_replace(col("value"), "(a)", "$10"),
            "regexp_replace(value, (a), $10, 1)",
            "string",
            s("the ca0t  sa0t"),
        ),
        (
            regexp_extract(col("value"), "(c)(a)", 2),
            "regexp_extract(value, (c)(a), 2)",
            "string",
            s("a"),
        ),
        (
            regexp_extract(col("value"), "(z)", 1),
            "regexp_extract(value, (z), 1)",
            "string",
            s(""),
        ),
        (
            regexp_extract(lit("ab"), "(a)(x)?", 2),
            "regexp_extract(ab, (a)(x)?, 2)",
            "string",
            s(""),
        ),
        (
            split(col("value"), " "),
            "split(value,  , -1)",
            "array<string>",
            Value::Array(vec![s("the"), s("cat"), s(""), s("sat")]),
        ),
        (lower(col("a")), "lower(a)", "string", s("1")),
        (length(col("a")), "length(a)", "int", Value::Int(1)),
        (
            concat(vec![col("a"), col("b")]),
            "concat(a, b)",
            "string",
            s("12"),
        ),
        (upper(lit("ß")), "upper(ß)", "string", s("SS")),
    ];
    for (e, name, t, v) in cases {
        assert_eq!(name_type_value(e), (name.to_string(), t.to_string(), v));
    }
}

#[test]
fn regex_errors() {
    assert_eq!(
        runtime_error(regexp_replace(col("value"), "(a)", "$2")),
        "[INVALID_REGEXP_REPLACE] Could not perform regexp_replace for source = \"the cat  sat\", \
         pattern = \"(a)\", replacement = \"$2\" and position = 1. SQLSTATE: 22023"
    );
    assert_eq!(
        runtime_error(regexp_extract(col("value"), "(a)", 3)),
        "[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in \
         `regexp_extract` is invalid: Expects group index between 0 and 1, but got 3. \
         SQLSTATE: 22023"
    );
    assert!(
        analysis_error(regexp_extract(col("value"), "(a", 1)).starts_with(
            "[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in \
         `regexp_extract` is invalid: '(a'. SQLSTATE: 22023"
        )
    );
}

#[test]
fn case_when() {
    let e = when(col("a").eq(1), "one")
        .when(col("a").eq(2), "two")
        .otherwise("other");
    let (name, t, nullable, v) = eval(e);
    assert_eq!(
        (name.as_str(), t.as_str(), nullable, v),
        (
            "CASE WHEN (a = 1) THEN one WHEN (a = 2) THEN two ELSE other END",
            "string",
            false,
            Ok(s("one"))
        )
    );
    assert_eq!(
        eval(when(col("a").eq(1), 1)),
        (
            "CASE WHEN (a = 1) THEN 1 END".into(),
            "int".into(),
            true,
            Ok(Value::Int(1))
        )
    );
    assert_eq!(
        name_type_value(when(col("a").eq(1), col("a")).otherwise(col("d"))),
        (
            "CASE WHEN (a = 1) THEN a ELSE d END".into(),
            "double".into(),
            Value::Double(1.0)
        )
    );
    assert_eq!(
        name_type_value(when(col("flag"), lit(Value::Null)).otherwise(1)),
        (
            "CASE WHEN flag THEN NULL ELSE 1 END".into(),
            "int".into(),
            Value::Null
        )
    );
    assert_eq!(
        name_type_value(when(col("n").eq(1), "x")),
        (
            "CASE WHEN (n = 1) THEN x END".into(),
            "string".into(),
            Value::Null
        )
    );
    assert_eq!(
        analysis_error(when(col("a"), 1)),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"CASE WHEN a THEN 1 END\" due \
         to data type mismatch: The first parameter requires the \"BOOLEAN\" type, however \"a\" \
         has the type \"INT\". SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(when(col("flag"), 1).when(col("a"), 2)),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"CASE WHEN flag THEN 1 WHEN a \
         THEN 2 END\" due to data type mismatch: The second parameter requires the \"BOOLEAN\" \
         type, however \"a\" has the type \"INT\". SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(when(col("flag"), col("flag")).otherwise(col("a"))),
        "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"CASE WHEN flag THEN flag ELSE a \
         END\" due to data type mismatch: Input to `casewhen` should all be the same type, but \
         it's [\"BOOLEAN\", \"INT\"]. SQLSTATE: 42K09"
    );
    assert!(matches!(
        bind(&col("a").when(col("flag"), 1), &schema()),
        Err(Error::InvalidArgument(m)) if m.starts_with("when() can only be applied")
    ));
}

#[test]
fn casts() {
    let cases = [
        (col("a").cast(DataType::String), "a", "string", s("1")),
        (col("d").cast_str("int"), "d", "int", Value::Int(1)),
        (
            col("a").cast_str("double"),
            "a",
            "double",
            Value::Double(1.0),
        ),
        (col("a").cast_str("long"), "a", "bigint", Value::Long(1)),
        (
            col("a").cast_str("integer").alias("x"),
            "x",
            "int",
            Value::Int(1),
        ),
        (
            (col("n") + 1).cast_str("long"),
            "CAST((n + 1) AS BIGINT)",
            "bigint",
            Value::Null,
        ),
        (col("flag").cast_str("int"), "flag", "int", Value::Int(1)),
        (col("d").cast_str("string"), "d", "string", s("1.5")),
        (
            lit(1e7).cast_str("string"),
            "CAST(1.0E7 AS STRING)",
            "string",
            s("1.0E7"),
        ),
        (
            lit(0).cast_str("boolean"),
            "CAST(0 AS BOOLEAN)",
            "boolean",
            Value::Boolean(false),
        ),
        (col("flag").cast_str("string"), "flag", "string", s("true")),
        (
            lit("2024-01-02").cast_str("date").cast_str("string"),
            "CAST(CAST(2024-01-02 AS DATE) AS STRING)",
            "string",
            s("2024-01-02"),
        ),
        (
            col("a").cast_str("int").cast_str("string"),
            "a",
            "string",
            s("1"),
        ),
        (
            lit("2024-01-02 03:04:05")
                .cast_str("timestamp")
                .cast_str("string"),
            "CAST(CAST(2024-01-02 03:04:05 AS TIMESTAMP) AS STRING)",
            "string",
            s("2024-01-02 03:04:05"),
        ),
        (
            lit("2024-01-02 03:04:05")
                .cast_str("timestamp")
                .cast_str("date")
                .cast_str("string"),
            "CAST(CAST(CAST(2024-01-02 03:04:05 AS TIMESTAMP) AS DATE) AS STRING)",
            "string",
            s("2024-01-02"),
        ),
        (
            lit(-1.9).cast_str("bigint"),
            "CAST(-1.9 AS BIGINT)",
            "bigint",
            Value::Long(-1),
        ),
    ];
    for (e, name, t, v) in cases {
        assert_eq!(name_type_value(e), (name.to_string(), t.to_string(), v));
    }
    assert_eq!(
        runtime_error(col("value").cast_str("int")),
        "[CAST_INVALID_INPUT] The value 'the cat  sat' of the type \"STRING\" cannot be cast to \
         \"INT\" because it is malformed. Correct the value as per the syntax, or change its \
         target type. Use `try_cast` to tolerate malformed input and return NULL instead. \
         SQLSTATE: 22018"
    );
    assert!(runtime_error(lit("x").cast_str("date")).starts_with(
        "[CAST_INVALID_INPUT] The value 'x' of the type \"STRING\" cannot be cast to \"DATE\""
    ));
    assert_eq!(
        analysis_error(lit("2024-01-02").cast_str("date").cast_str("int")),
        "[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"CAST(CAST(2024-01-02 AS \
         DATE) AS INT)\" due to data type mismatch: cannot cast \"DATE\" to \"INT\". \
         SQLSTATE: 42K09"
    );
    assert!(matches!(
        bind(&col("a").cast_str("floaty"), &schema()),
        Err(Error::InvalidArgument(m)) if m.contains("UNSUPPORTED_DATATYPE")
    ));
}

#[test]
fn ansi_runtime_errors() {
    assert_eq!(
        runtime_error(col("a") / 0),
        "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and \
         return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass \
         this error. SQLSTATE: 22012"
    );
    assert!(runtime_error(lit(1.0) / lit(0.0)).starts_with("[DIVIDE_BY_ZERO]"));
    assert_eq!(
        runtime_error(col("a") % 0),
        "[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to tolerate divisor being 0 and \
         return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass \
         this error. SQLSTATE: 22012"
    );
    assert!(runtime_error(lit(1.0) % lit(0.0)).starts_with("[REMAINDER_BY_ZERO]"));
    assert_eq!(
        runtime_error(lit(i32::MAX) + col("a")),
        "[ARITHMETIC_OVERFLOW] overflow. Use 'try_add' to tolerate overflow and return NULL \
         instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. \
         SQLSTATE: 22003"
    );
    assert!(runtime_error(lit(i64::MAX) * col("b")).contains("Use 'try_multiply'"));
    assert!(runtime_error(lit(i64::MIN) - col("b")).contains("Use 'try_subtract'"));
    assert_eq!(
        runtime_error(-lit(i64::MIN)),
        "[ARITHMETIC_OVERFLOW] overflow. If necessary set \"spark.sql.ansi.enabled\" to \"false\" \
         to bypass this error. SQLSTATE: 22003"
    );
    // Null on the left short-circuits, as in Spark.
    assert_eq!(eval(col("n") / 0).3, Ok(Value::Null));
}

#[test]
fn type_errors() {
    // Spark 4 would cast the string implicitly; Ember asks for an explicit cast.
    assert_eq!(
        analysis_error(col("value") + 1),
        "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(value + 1)\" due to data \
         type mismatch: the left and right operands of the binary operator have incompatible \
         types (\"STRING\" and \"INT\"). SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(col("value").eq(1)),
        "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(value = 1)\" due to data \
         type mismatch: the left and right operands of the binary operator have incompatible \
         types (\"STRING\" and \"INT\"). SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(col("flag") + 1),
        "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(flag + 1)\" due to data type \
         mismatch: the left and right operands of the binary operator have incompatible types \
         (\"BOOLEAN\" and \"INT\"). SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(col("flag") + col("flag")),
        "[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"(flag + flag)\" due to data \
         type mismatch: the binary operator requires the input type (\"NUMERIC\" or \"INTERVAL \
         DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\"), not \"BOOLEAN\". \
         SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(col("flag") / col("flag")),
        "[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"(flag / flag)\" due to data \
         type mismatch: the binary operator requires the input type (\"DOUBLE\" or \"DECIMAL\"), \
         not \"BOOLEAN\". SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(col("a").and(col("a"))),
        "[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"(a AND a)\" due to data type \
         mismatch: the binary operator requires the input type \"BOOLEAN\", not \"INT\". \
         SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(col("a").and(col("flag"))),
        "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(a AND flag)\" due to data \
         type mismatch: the left and right operands of the binary operator have incompatible \
         types (\"INT\" and \"BOOLEAN\"). SQLSTATE: 42K09"
    );
    assert_eq!(
        analysis_error(!col("a")),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"(NOT a)\" due to data type \
         mismatch: The first parameter requires the \"BOOLEAN\" type, however \"a\" has the type \
         \"INT\". SQLSTATE: 42K09"
    );
}

#[test]
fn unresolved_columns() {
    let msg = |name: &str, schema: &Schema| match bind(&col(name), schema) {
        Err(Error::Analysis(m)) => m,
        other => panic!("{other:?}"),
    };
    let prefix = |name: &str| {
        format!(
            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with \
             name `{name}` cannot be resolved. Did you mean one of the following? "
        )
    };
    let words = Schema::new(vec![Field::new("value", DataType::String)]);
    assert_eq!(
        msg("foo", &words),
        format!("{}[`value`]. SQLSTATE: 42703", prefix("foo"))
    );
    // Orders observed in Spark 4.3: for the first five columns, then for all six.
    let five = Schema::new(schema().fields[..5].to_vec());
    assert_eq!(
        msg("foo", &five),
        format!(
            "{}[`a`, `b`, `d`, `flag`, `value`]. SQLSTATE: 42703",
            prefix("foo")
        )
    );
    for (name, list) in [
        ("valu", "[`a`, `value`, `b`, `d`, `n`]"),
        ("value2", "[`value`, `a`, `flag`, `b`, `d`]"),
        ("fla", "[`a`, `b`, `d`, `flag`, `n`]"),
        ("x", "[`a`, `b`, `d`, `n`, `flag`]"),
        ("VALU", "[`a`, `b`, `d`, `n`, `flag`]"),
        ("values", "[`value`, `a`, `flag`, `b`, `d`]"),
    ] {
        assert_eq!(
            msg(name, &schema()),
            format!("{}{list}. SQLSTATE: 42703", prefix(name))
        );
    }
    // Resolution ignores case; the name keeps the user's spelling, as in Spark.
    let b = bind(&lower(col("VALUE")), &words).unwrap();
    assert_eq!(b.name, "lower(VALUE)");
    assert_eq!(bind(&col("VALUE"), &words).unwrap().name, "VALUE");
}

#[test]
fn word_count_projection() {
    let words = Schema::new(vec![Field::new("value", DataType::String)]);
    let p = bind_projection(&[explode(split(col("value"), " ")).alias("word")], &words).unwrap();
    assert_eq!(
        p.schema,
        Schema::new(vec![Field {
            name: "word".into(),
            data_type: DataType::String,
            nullable: false
        }])
    );
    let mut out = Vec::new();
    p.apply_into(&Row::new(vec![s("the cat  sat")]), &mut out)
        .unwrap();
    assert_eq!(
        out,
        ["the", "cat", "", "sat"]
            .iter()
            .map(|w| Row::new(vec![s(w)]))
            .collect::<Vec<_>>()
    );
    // Null input: split gives null, explode gives no rows; empty string gives one "" row.
    out.clear();
    p.apply_into(&Row::new(vec![Value::Null]), &mut out)
        .unwrap();
    assert!(out.is_empty());
    p.apply_into(&Row::new(vec![s("")]), &mut out).unwrap();
    assert_eq!(out, [Row::new(vec![s("")])]);
    // Trailing empty strings are kept.
    out.clear();
    let p = bind_projection(&[explode(split(col("value"), ","))], &words).unwrap();
    assert_eq!(p.schema.names(), ["col"]);
    p.apply_into(&Row::new(vec![s("a,b,,")]), &mut out).unwrap();
    assert_eq!(out.len(), 4);
}

#[test]
fn projections() {
    let p = bind_projection(
        &[explode(split(col("value"), " ")).alias("word"), col("a")],
        &schema(),
    )
    .unwrap();
    assert_eq!(p.schema.names(), ["word", "a"]);
    let mut out = Vec::new();
    p.apply_into(&row(), &mut out).unwrap();
    assert_eq!(out[3], Row::new(vec![s("sat"), Value::Int(1)]));
    // Two generators: the cartesian product, first one outermost (Spark 4.3).
    let p = bind_projection(
        &[
            explode(split(col("value"), " ")),
            explode(split(col("value"), "a")),
        ],
        &schema(),
    )
    .unwrap();
    assert_eq!(p.schema.names(), ["col", "col"]);
    out.clear();
    p.apply_into(&row(), &mut out).unwrap();
    assert_eq!(out.len(), 12);
    assert_eq!(out[1], Row::new(vec![s("the"), s("t  s")]));
    assert_eq!(out[3], Row::new(vec![s("cat"), s("the c")]));
    // Plain projection: one row, names and types.
    let p = bind_projection(&[col("a") + 1, lit("x").alias("k")], &schema()).unwrap();
    out.clear();
    p.apply_into(&row(), &mut out).unwrap();
    assert_eq!(out, [Row::new(vec![Value::Int(2), s("x")])]);
    assert_eq!(p.schema.names(), ["(a + 1)", "k"]);
    // Explode of a null array.
    let p = bind_projection(
        &[explode(
            lit(Value::Null).cast(DataType::Array(Box::new(DataType::String))),
        )],
        &schema(),
    )
    .unwrap();
    out.clear();
    p.apply_into(&row(), &mut out).unwrap();
    assert!(out.is_empty());
    assert!(p.schema.fields[0].nullable);
    // Errors.
    let err = |exprs: &[Expr]| match bind_projection(exprs, &schema()) {
        Err(Error::Analysis(m)) => m,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        err(&[explode(col("a"))]),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"explode(a)\" due to data type \
         mismatch: The first parameter requires the (\"ARRAY\" or \"MAP\") type, however \"a\" has \
         the type \"INT\". SQLSTATE: 42K09"
    );
    assert_eq!(
        err(&[sum(col("a")), lower(col("value"))]),
        "[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn it \
         into the window functions using OVER clauses. SQLSTATE: 42803"
    );
    assert_eq!(
        err(&[count(explode(split(col("value"), " ")))]),
        "[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in \
         expressions \"count(explode(split(value,  , -1)))\". SQLSTATE: 42K0E"
    );
}

#[test]
fn filters() {
    let f = bind_filter(&col("a").gt(0).and(col("n").is_null()), &schema()).unwrap();
    assert_eq!(f(&row()), Ok(true));
    let f = bind_filter(&col("n").gt(0), &schema()).unwrap();
    assert_eq!(f(&row()), Ok(false));
    let err = |e: Expr| match bind_filter(&e, &schema()) {
        Err(Error::Analysis(m)) => m,
        other => panic!("{}", other.is_ok()),
    };
    assert_eq!(
        err(col("a") + 1),
        "[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"(a + 1)\" due to data type \
         mismatch: Filter expression \"(a + 1)\" of type \"INT\" is not a boolean. SQLSTATE: 42K09"
    );
    assert_eq!(
        err(explode(split(col("value"), " ")).eq("x")),
        "[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator is not supported: outside the \
         SELECT clause, found: 'Filter (explode(split(value,  , -1)) = x). SQLSTATE: 42K0E"
    );
}

#[test]
fn aggregates() {
    let cases = [
        (count(col("value")), "count(value)", DataType::Long, false),
        (count(lit(1)), "count(1)", DataType::Long, false),
        (count_star(), "count(1)", DataType::Long, false),
        (sum(col("a")), "sum(a)", DataType::Long, true),
        (sum(col("b")), "sum(b)", DataType::Long, true),
        (sum(col("d")), "sum(d)", DataType::Double, true),
        (sum(lit(Value::Null)), "sum(NULL)", DataType::Double, true),
        (sum(col("a") + 1), "sum((a + 1))", DataType::Long, true),
        (avg(col("a")), "avg(a)", DataType::Double, true),
        (avg(col("b")), "avg(b)", DataType::Double, true),
        (min(col("value")), "min(value)", DataType::String, true),
        (max(col("a")), "max(a)", DataType::Integer, true),
        (min(col("flag")), "min(flag)", DataType::Boolean, true),
        (
            min(lower(col("value"))),
            "min(lower(value))",
            DataType::String,
            true,
        ),
        (count(col("a") + 1).alias("c"), "c", DataType::Long, false),
        (
            max(split(col("value"), " ")),
            "max(split(value,  , -1))",
            DataType::Array(Box::new(DataType::String)),
            true,
        ),
    ];
    for (e, name, t, nullable) in cases {
        let b = bind_aggregate(&e, &schema()).unwrap();
        assert_eq!(
            (b.name.as_str(), b.data_type, b.nullable),
            (name, t, nullable)
        );
    }
    let b = bind_aggregate(&count(col("value")), &schema()).unwrap();
    assert_eq!(b.function, AggregateFunction::Count);
    assert_eq!((b.input.unwrap().eval)(&row()), Ok(s("the cat  sat")));
    assert!(bind_aggregate(&count_star(), &schema())
        .unwrap()
        .input
        .is_none());

    let err = |e: Expr| match bind_aggregate(&e, &schema()) {
        Err(Error::Analysis(m)) => m,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        err(sum(col("flag"))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"sum(flag)\" due to data type \
         mismatch: The first parameter requires the \"NUMERIC\" or \"ANSI INTERVAL\" type, \
         however \"flag\" has the type \"BOOLEAN\". SQLSTATE: 42K09"
    );
    assert_eq!(
        err(avg(col("value"))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"avg(value)\" due to data type \
         mismatch: The first parameter requires the \"NUMERIC\" or \"ANSI INTERVAL\" type, \
         however \"value\" has the type \"STRING\". SQLSTATE: 42K09"
    );
    assert_eq!(
        err(sum(split(col("value"), " "))),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"sum(split(value,  , -1))\" \
         due to data type mismatch: The first parameter requires the \"NUMERIC\" or \"ANSI \
         INTERVAL\" type, however \"split(value,  , -1)\" has the type \"ARRAY<STRING>\". \
         SQLSTATE: 42K09"
    );
    assert_eq!(
        err(sum(sum(col("b")))),
        "[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the \
         argument of another aggregate function. Please use the inner aggregate function in a \
         sub-query. SQLSTATE: 42607"
    );
    assert!(err(col("b")).starts_with(
        "[MISSING_AGGREGATION] The non-aggregating expression \"b\" is based on columns which \
         are not participating in the GROUP BY clause."
    ));
    assert!(err(sum(col("b")) + 1).contains("\"(sum(b) + 1)\""));
    assert!(err(sum(col("zzz"))).starts_with("[UNRESOLVED_COLUMN.WITH_SUGGESTION]"));
    // Aggregates are not allowed in plain expressions.
    assert!(analysis_error(sum(col("a"))).starts_with("[MISSING_GROUP_BY]"));
}

#[test]
fn bound_expressions_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let b = bind(&(col("a") + 1), &schema()).unwrap();
    assert_send_sync(&b.eval);
    let p = bind_projection(&[col("a")], &schema()).unwrap();
    assert_send_sync(&p.apply);
}
