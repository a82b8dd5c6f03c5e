//! Literals in SQL text as Spark reads them: numbers with their suffixes, intervals of several
//! units without quotes, string escapes. Every expected name, type, value and message is what
//! PySpark 4.3 prints for the same text.

use super::tests::{err, shown, with_t};
use crate::time_zone::TimeZone;
use crate::{expr, DataFrame, Row, Schema, Value};

/// An expression's column name, type and `show()` text, evaluated over no input.
fn typed(text: &str) -> (String, String, String) {
    let bound = crate::bind(&expr(text).unwrap(), &Schema::default()).unwrap();
    let value = (bound.eval)(&Row::new(Vec::new())).unwrap();
    (
        bound.name,
        bound.data_type.to_string(),
        crate::display::format_value(&value, TimeZone::UTC),
    )
}

/// The types of a DataFrame's columns, as `simpleString` writes them.
fn types(df: &DataFrame) -> Vec<String> {
    df.schema()
        .fields
        .iter()
        .map(|f| f.data_type.to_string())
        .collect()
}

#[test]
fn numbers_are_typed_and_named_by_their_suffix() {
    // PySpark 4.3: `spark.sql("SELECT <text>")`: the column's name, type and value.
    for (text, name, data_type, value) in [
        ("1Y", "1", "tinyint", "1"),
        ("1S", "1", "smallint", "1"),
        ("1L", "1", "bigint", "1"),
        ("1BD", "1", "decimal(1,0)", "1"),
        ("1.5BD", "1.5", "decimal(2,1)", "1.5"),
        ("2.5D", "2.5", "double", "2.5"),
        ("2D", "2.0", "double", "2.0"),
        ("1.5F", "1.5", "float", "1.5"),
        ("1E2", "100.0", "double", "100.0"),
        ("1.5e-3", "0.0015", "double", "0.0015"),
        ("1.5", "1.5", "decimal(2,1)", "1.5"),
        ("-1Y", "-1", "tinyint", "-1"),
        ("- 1Y", "-1", "tinyint", "-1"),
        ("127Y", "127", "tinyint", "127"),
        ("-128Y", "-128", "tinyint", "-128"),
        ("32767S", "32767", "smallint", "32767"),
        ("1y", "1", "tinyint", "1"),
        ("1s", "1", "smallint", "1"),
        ("1l", "1", "bigint", "1"),
        ("1bd", "1", "decimal(1,0)", "1"),
        ("1d", "1.0", "double", "1.0"),
        ("1f", "1.0", "float", "1.0"),
        ("1e2", "100.0", "double", "100.0"),
        (".5", "0.5", "decimal(1,1)", "0.5"),
        ("5.", "5", "decimal(1,0)", "5"),
        ("1.0E10", "1.0E10", "double", "1.0E10"),
        ("1e+3", "1000.0", "double", "1000.0"),
        ("1E2D", "100.0", "double", "100.0"),
        ("1E2F", "100.0", "float", "100.0"),
        ("1E2BD", "100", "decimal(3,0)", "100"),
        ("1.5E2BD", "150", "decimal(3,0)", "150"),
        ("00012", "12", "int", "12"),
        ("1.50BD", "1.50", "decimal(3,2)", "1.50"),
        (
            "123456789012345678901234567890.5",
            "123456789012345678901234567890.5",
            "decimal(31,1)",
            "123456789012345678901234567890.5",
        ),
        (
            "12345678901234567890",
            "12345678901234567890",
            "decimal(20,0)",
            "12345678901234567890",
        ),
        ("2147483648", "2147483648", "bigint", "2147483648"),
        (
            "9223372036854775808",
            "9223372036854775808",
            "decimal(19,0)",
            "9223372036854775808",
        ),
        (
            "-9223372036854775808L",
            "-9223372036854775808",
            "bigint",
            "-9223372036854775808",
        ),
        ("1e-50F", "0.0", "float", "0.0"),
        ("0.0015", "0.0015", "decimal(4,4)", "0.0015"),
        ("1.5E-3BD", "0.0015", "decimal(4,4)", "0.0015"),
        ("0.00BD", "0.00", "decimal(2,2)", "0.00"),
        ("0.0", "0.0", "decimal(1,1)", "0.0"),
        ("-0.5", "-0.5", "decimal(1,1)", "-0.5"),
        ("-1.5BD", "-1.5", "decimal(2,1)", "-1.5"),
        ("-2D", "-2.0", "double", "-2.0"),
        ("-1.5F", "-1.5", "float", "-1.5"),
        ("-1E2", "-100.0", "double", "-100.0"),
        ("1E-400", "0.0", "double", "0.0"),
        ("-2147483648", "-2147483648", "int", "-2147483648"),
        ("-2147483649", "-2147483649", "bigint", "-2147483649"),
        (
            "-9223372036854775809",
            "-9223372036854775809",
            "decimal(19,0)",
            "-9223372036854775809",
        ),
        ("1.1F", "1.1", "float", "1.1"),
        ("0.1F", "0.1", "float", "0.1"),
        ("1e10F", "1.0E10", "float", "1.0E10"),
        ("1.0E-5D", "1.0E-5", "double", "1.0E-5"),
        ("0.001D", "0.001", "double", "0.001"),
        ("1e7D", "1.0E7", "double", "1.0E7"),
        ("1e-3D", "0.001", "double", "0.001"),
        ("1D+1", "(1.0 + 1)", "double", "2.0"),
        ("1Y+1Y", "(1 + 1)", "tinyint", "2"),
        ("2L-1L", "(2 - 1)", "bigint", "1"),
        ("1Y AS x", "x", "tinyint", "1"),
        ("1e2 x", "x", "double", "100.0"),
        ("1 Y", "Y", "int", "1"),
    ] {
        assert_eq!(
            typed(text),
            (name.to_string(), data_type.to_string(), value.to_string()),
            "{text}"
        );
    }
}

#[test]
fn suffixed_numbers_in_queries_and_conditions() {
    let (spark, t) = with_t();
    let df = spark
        .sql("SELECT a + 1Y, a + 1S, a * 1L, a + 1.5BD, a + 2.5D, a + 1.5F, a + 1E2, -1Y, - 1Y, 1Y + 1Y FROM t")
        .unwrap();
    assert_eq!(
        types(&df),
        [
            "int",
            "int",
            "bigint",
            "decimal(12,1)",
            "double",
            "double",
            "double",
            "tinyint",
            "tinyint",
            "tinyint"
        ]
    );
    assert_eq!(
        df.show_string(20, 0).unwrap(),
        "+-------+-------+-------+---------+---------+---------+-----------+---+---+-------+\n\
         |(a + 1)|(a + 1)|(a * 1)|(a + 1.5)|(a + 2.5)|(a + 1.5)|(a + 100.0)|-1 |-1 |(1 + 1)|\n\
         +-------+-------+-------+---------+---------+---------+-----------+---+---+-------+\n\
         |2      |2      |1      |2.5      |3.5      |2.5      |101.0      |-1 |-1 |2      |\n\
         |3      |3      |2      |3.5      |4.5      |3.5      |102.0      |-1 |-1 |2      |\n\
         +-------+-------+-------+---------+---------+---------+-----------+---+---+-------+\n"
    );
    let selected = t
        .select([expr("a + 1Y").unwrap(), expr("1BD").unwrap()])
        .unwrap();
    assert_eq!(selected.schema().names(), ["(a + 1)", "1"]);
    assert_eq!(types(&selected), ["int", "decimal(1,0)"]);
    let selected = t.select_expr(["a + 1Y", "1.5F", "2D x"]).unwrap();
    assert_eq!(selected.schema().names(), ["(a + 1)", "1.5", "x"]);
    assert_eq!(types(&selected), ["int", "float", "double"]);
    for condition in ["a > 1Y", "a > 1.5BD"] {
        let kept = t.filter(condition).unwrap().collect().unwrap();
        assert_eq!(kept, vec![Row::new(vec![2.into(), "c".into(), 3.into()])]);
    }
}

#[test]
fn numbers_out_of_range_are_sparks_errors_under_the_literal() {
    let (spark, t) = with_t();
    let range = |literal: &str, type_name: &str, min: &str, max: &str| {
        format!(
            "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal {literal} is outside the valid range \
             for {type_name} with minimum value of {min} and maximum value of {max}. Please \
             adjust the value accordingly. SQLSTATE: 22003"
        )
    };
    let tiny = |n: &str| range(n, "tinyint", "-128", "127");
    let placed = |message: String, position: usize, line: &str, width: usize| {
        format!(
            "\n{message}\n== SQL (line 1, position {position}) ==\n{line}\n{}{}\n",
            " ".repeat(position - 1),
            "^".repeat(width)
        )
    };
    assert_eq!(err(expr("200Y")), placed(tiny("200"), 1, "200Y", 4));
    assert_eq!(
        err(t.select_expr(["a + 200Y"])),
        placed(tiny("200"), 5, "a + 200Y", 4)
    );
    assert_eq!(
        err(t.filter("a > 99999999999999999999L")),
        placed(
            range(
                "99999999999999999999",
                "bigint",
                "-9223372036854775808",
                "9223372036854775807"
            ),
            5,
            "a > 99999999999999999999L",
            21
        )
    );
    assert_eq!(
        err(spark.sql("SELECT a,\n  200Y FROM t")),
        format!(
            "\n{}\n== SQL (line 2, position 3) ==\n  200Y FROM t\n  ^^^^\n",
            tiny("200")
        )
    );
    let double = ("-1.7976931348623157E+308", "1.7976931348623157E+308");
    let float = ("-3.4028234663852886E+38", "3.4028234663852886E+38");
    for (text, message) in [
        ("-129Y", tiny("-129")),
        ("128Y", tiny("128")),
        ("40000S", range("40000", "smallint", "-32768", "32767")),
        (
            "9223372036854775808L",
            range(
                "9223372036854775808",
                "bigint",
                "-9223372036854775808",
                "9223372036854775807",
            ),
        ),
        ("1e400", range("1e400", "double", double.0, double.1)),
        ("1e400D", range("1e400", "double", double.0, double.1)),
        ("1.5e400", range("1.5e400", "double", double.0, double.1)),
        ("3.4e39F", range("3.4e39", "float", float.0, float.1)),
        (
            "123456789012345678901234567890123456789BD",
            "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max \
             precision 38. SQLSTATE: 22003"
                .to_string(),
        ),
        (
            "1.2345678901234567890123456789012345678901BD",
            "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 41 exceeds max \
             precision 38. SQLSTATE: 22003"
                .to_string(),
        ),
    ] {
        assert_eq!(
            err(expr(text)),
            placed(message, 1, text, text.len()),
            "{text}"
        );
    }
    // Without a suffix, Spark's `ArithmeticException` has no place in the text.
    for (text, digits) in [
        ("12345678901234567890123456789012345678901234567890", 50),
        ("1.2345678901234567890123456789012345678901", 41),
        ("0.00000000000000000000000000000000000000000001", 44),
    ] {
        assert_eq!(
            err(expr(text)),
            format!(
                "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision {digits} exceeds \
                 max precision 38. SQLSTATE: 22003"
            ),
            "{text}"
        );
    }
}

#[test]
fn digits_run_into_letters_are_names_or_syntax_errors() {
    // Spark's lexer reads `1Yx`, `1e2L`, `0x1F` as names (unknown columns), and `1.5Y` as
    // `1.` then `5Y`, a syntax error there.
    let (spark, _) = with_t();
    for name in [
        "1Yx", "1Dx", "1BDx", "1Lx", "1e2e", "1e", "1E", "1ee2", "1e2L", "0x1F",
    ] {
        assert_eq!(
            err(spark.sql(&format!("SELECT {name} FROM t"))),
            format!(
                "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter \
                 with name `{name}` cannot be resolved. Did you mean one of the following? [`a`, \
                 `n`, `s`]. SQLSTATE: 42703; line 1 pos 7"
            ),
            "{name}"
        );
    }
    for (text, near) in [("1.5Y", "5Y"), ("1.5S", "5S"), ("1.5L", "5L")] {
        assert_eq!(
            err(spark.sql(&format!("SELECT {text}"))),
            format!(
                "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '{near}'. SQLSTATE: 42601 (line \
                 1, pos 9)\n\n== SQL ==\nSELECT {text}\n---------^^^\n"
            )
        );
    }
}

#[test]
fn intervals_of_several_units_without_quotes() {
    // PySpark 4.3: `spark.sql("SELECT <text>")`: the column's name (which is also its value's
    // `show()` text) and type.
    for (text, name, data_type) in [
        (
            "INTERVAL 1 DAY 2 HOURS",
            "INTERVAL '1 02' DAY TO HOUR",
            "interval day to hour",
        ),
        ("INTERVAL 1 DAY", "INTERVAL '1' DAY", "interval day"),
        ("INTERVAL '1' DAY", "INTERVAL '1' DAY", "interval day"),
        (
            "INTERVAL -1 HOUR 30 MINUTES",
            "INTERVAL '-00:30' HOUR TO MINUTE",
            "interval hour to minute",
        ),
        (
            "INTERVAL 1 YEAR 2 MONTHS",
            "INTERVAL '1-2' YEAR TO MONTH",
            "interval year to month",
        ),
        (
            "INTERVAL 1 DAY 2 HOURS 3 MINUTES 4 SECONDS",
            "INTERVAL '1 02:03:04' DAY TO SECOND",
            "interval day to second",
        ),
        (
            "INTERVAL 1.5 SECONDS",
            "INTERVAL '01.5' SECOND",
            "interval second",
        ),
        ("INTERVAL 1 MONTH", "INTERVAL '1' MONTH", "interval month"),
        ("INTERVAL 3 WEEKS", "INTERVAL '21' DAY", "interval day"),
        (
            "INTERVAL 2 MILLISECONDS 3 MICROSECONDS",
            "INTERVAL '00.002003' SECOND",
            "interval second",
        ),
        (
            "INTERVAL '2' HOUR '30' MINUTE",
            "INTERVAL '02:30' HOUR TO MINUTE",
            "interval hour to minute",
        ),
        (
            "INTERVAL 1 DAY -2 HOURS",
            "INTERVAL '0 22' DAY TO HOUR",
            "interval day to hour",
        ),
        ("INTERVAL - 1 DAY", "INTERVAL '-1' DAY", "interval day"),
        ("INTERVAL -'1' DAY", "INTERVAL '-1' DAY", "interval day"),
        ("INTERVAL 1 DAY 1 DAY", "INTERVAL '2' DAY", "interval day"),
        ("INTERVAL 1 days", "INTERVAL '1' DAY", "interval day"),
        (
            "INTERVAL 2 HOURS 1 DAY",
            "INTERVAL '1 02' DAY TO HOUR",
            "interval day to hour",
        ),
        (
            "INTERVAL '1' YEAR '2' MONTH",
            "INTERVAL '1-2' YEAR TO MONTH",
            "interval year to month",
        ),
        (
            "INTERVAL 3 DAYS 4 MICROSECONDS",
            "INTERVAL '3 00:00:00.000004' DAY TO SECOND",
            "interval day to second",
        ),
        ("INTERVAL 1 WEEK 2 DAYS", "INTERVAL '9' DAY", "interval day"),
        (
            "INTERVAL 1 MINUTE 2.5 SECONDS",
            "INTERVAL '01:02.5' MINUTE TO SECOND",
            "interval minute to second",
        ),
        (
            "INTERVAL -1 DAY -2 HOURS",
            "INTERVAL '-1 02' DAY TO HOUR",
            "interval day to hour",
        ),
        (
            "INTERVAL -'1' DAY '-2' HOUR",
            "INTERVAL '-1 02' DAY TO HOUR",
            "interval day to hour",
        ),
        (
            "INTERVAL 1 DAY + INTERVAL 2 HOURS",
            "(INTERVAL '1' DAY + INTERVAL '02' HOUR)",
            "interval day to hour",
        ),
        ("-INTERVAL 1 DAY", "(- INTERVAL '1' DAY)", "interval day"),
        ("INTERVAL 1 DAY 2 HOURS a", "a", "interval day to hour"),
        ("INTERVAL 1 DAY AS x", "x", "interval day"),
    ] {
        let (got_name, got_type, _) = typed(text);
        assert_eq!(
            (got_name.as_str(), got_type.as_str()),
            (name, data_type),
            "{text}"
        );
    }
    let (spark, t) = with_t();
    assert_eq!(
        shown(
            &spark,
            "SELECT TIMESTAMP'2024-01-01 00:00:00' + INTERVAL 1 DAY 2 HOURS FROM t WHERE a = 1"
        ),
        "+-------------------------------------------------------------+\n\
         |TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '1 02' DAY TO HOUR|\n\
         +-------------------------------------------------------------+\n\
         |2024-01-02 02:00:00                                          |\n\
         +-------------------------------------------------------------+\n"
    );
    let selected = t.select_expr(["INTERVAL 1 DAY 2 HOURS"]).unwrap();
    assert_eq!(
        selected.show_string(20, 0).unwrap(),
        "+---------------------------+\n\
         |INTERVAL '1 02' DAY TO HOUR|\n\
         +---------------------------+\n\
         |INTERVAL '1 02' DAY TO HOUR|\n\
         |INTERVAL '1 02' DAY TO HOUR|\n\
         +---------------------------+\n"
    );
}

#[test]
fn bad_intervals_are_sparks_errors() {
    let mixed = |text: &str, position: usize, line: &str, width: usize| {
        format!(
            "\nCannot mix year-month and day-time fields: {text}.\n== SQL (line 1, position \
             {position}) ==\n{line}\n{}{}\n",
            " ".repeat(position - 1),
            "^".repeat(width)
        )
    };
    let (spark, _) = with_t();
    assert_eq!(
        err(spark.sql("SELECT INTERVAL 1 YEAR 2 DAYS FROM t")),
        mixed(
            "INTERVAL 1 YEAR 2 DAYS",
            8,
            "SELECT INTERVAL 1 YEAR 2 DAYS FROM t",
            22
        )
    );
    assert_eq!(
        err(expr("INTERVAL 1 YEAR 2 DAYS")),
        mixed("INTERVAL 1 YEAR 2 DAYS", 1, "INTERVAL 1 YEAR 2 DAYS", 22)
    );
    assert_eq!(
        err(expr("INTERVAL 1 YEAR 2 MONTHS 3 DAYS")),
        mixed(
            "INTERVAL 1 YEAR 2 MONTHS 3 DAYS",
            1,
            "INTERVAL 1 YEAR 2 MONTHS 3 DAYS",
            31
        )
    );
    assert_eq!(
        err(spark.sql("SELECT a,\n INTERVAL '1 year 2 days' FROM t")),
        "\nCannot mix year-month and day-time fields: INTERVAL '1 year 2 days'.\n== SQL (line \
         2, position 2) ==\n INTERVAL '1 year 2 days' FROM t\n ^^^^^^^^^^^^^^^^^^^^^^^^\n"
    );
    assert_eq!(
        err(expr("INTERVAL 'abc'")),
        "\n[INVALID_TYPED_LITERAL] The value of the typed literal \"INTERVAL\" is invalid: \
         'abc'. SQLSTATE: 42604\n== SQL (line 1, position 1) ==\nINTERVAL 'abc'\n\
         ^^^^^^^^^^^^^^\n"
    );
    assert_eq!(
        err(expr("INTERVAL 'x' DAY '1' HOUR")),
        "\nCan only use numbers in the interval value part for multiple unit value pairs \
         interval form, but got invalid value: x.\n== SQL (line 1, position 10) ==\nINTERVAL \
         'x' DAY '1' HOUR\n         ^^^^^^^^^^^^^^^^\n"
    );
    let fraction = |written: &str, unit: &str| {
        format!(
            "[INVALID_INTERVAL_FORMAT.INVALID_FRACTION] Error parsing ' {written}' to interval. \
             Please ensure that the value provided is in a valid format for defining an \
             interval. You can reference the documentation for the correct format. {unit} \
             cannot have fractional part. SQLSTATE: 22006"
        )
    };
    assert_eq!(
        err(expr("INTERVAL 1.5 DAYS 2 HOURS")),
        fraction("1.5 DAYS 2 HOURS", "days")
    );
    assert_eq!(err(expr("INTERVAL 1.5 DAYS")), fraction("1.5 DAYS", "days"));
    assert_eq!(
        err(expr("INTERVAL 1.5 HOURS")),
        fraction("1.5 HOURS", "hours")
    );
    // Past the end and back: still an overflow, not a clamped sum.
    assert_eq!(
        err(expr("INTERVAL 9999999999999 DAYS -1 DAY")),
        err(expr("INTERVAL 1000000000 DAYS 2 HOURS"))
    );
    assert_eq!(
        err(expr("INTERVAL 1000000000 DAYS 2 HOURS")),
        "[INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION] Integer overflow while operating with \
         intervals. Try devising appropriate values for the interval parameters. SQLSTATE: 22015"
    );
    assert_eq!(
        err(expr("INTERVAL 1")),
        "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, \
         pos 10)\n\n== SQL ==\nINTERVAL 1\n----------^^^\n"
    );
    assert_eq!(
        err(expr("INTERVAL 1 FOO")),
        "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'FOO'. SQLSTATE: 42601 (line 1, pos \
         11)\n\n== SQL ==\nINTERVAL 1 FOO\n-----------^^^\n"
    );
    for (text, near, pos) in [
        ("INTERVAL 1L DAY", "1L", 16),
        ("INTERVAL 1Y DAY", "1Y", 16),
        ("INTERVAL 1e2 DAYS 2 HOURS", "1e2", 16),
    ] {
        assert_eq!(
            err(spark.sql(&format!("SELECT {text}"))),
            format!(
                "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '{near}'. SQLSTATE: 42601 (line \
                 1, pos {pos})\n\n== SQL ==\nSELECT {text}\n{}^^^\n",
                "-".repeat(pos)
            ),
            "{text}"
        );
    }
}

#[test]
fn strings_are_unescaped_as_spark_does() {
    let (spark, _) = with_t();
    let df = spark
        .sql(r#"SELECT 'x\ty', 'a\u0041', 'a' 'b', r'\n', "a""b", '\101\0123', 'it''s' FROM t WHERE a = 1"#)
        .unwrap();
    assert_eq!(
        df.schema().names(),
        ["x\ty", "aA", "ab", "\\n", "a\"b", "A\n3", "it's"]
    );
    assert_eq!(
        df.collect().unwrap(),
        vec![Row::new(vec![
            "x\ty".into(),
            "aA".into(),
            "ab".into(),
            "\\n".into(),
            "a\"b".into(),
            "A\n3".into(),
            "it's".into()
        ])]
    );
    assert_eq!(
        shown(
            &spark,
            r"SELECT 'a%' LIKE 'a\%', 'ab' LIKE 'a\%', 'a_' LIKE 'a\_', 'ab' LIKE 'a\_' FROM t WHERE a = 1"
        ),
        "+-----------+-----------+-----------+-----------+\n\
         |a% LIKE a\\%|ab LIKE a\\%|a_ LIKE a\\_|ab LIKE a\\_|\n\
         +-----------+-----------+-----------+-----------+\n\
         |true       |false      |true       |false      |\n\
         +-----------+-----------+-----------+-----------+\n"
    );
    assert_eq!(
        shown(
            &spark,
            r"SELECT 'a.b' RLIKE 'a\.b', 'axb' RLIKE 'a\.b', 'a.b' RLIKE 'a\\.b', 'axb' RLIKE 'a\\.b' FROM t WHERE a = 1"
        ),
        "+---------------+---------------+----------------+----------------+\n\
         |RLIKE(a.b, a.b)|RLIKE(axb, a.b)|RLIKE(a.b, a\\.b)|RLIKE(axb, a\\.b)|\n\
         +---------------+---------------+----------------+----------------+\n\
         |true           |true           |true            |false           |\n\
         +---------------+---------------+----------------+----------------+\n"
    );
    assert_eq!(
        err(spark.sql(r"SELECT 'a\' AS v")),
        "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '''. SQLSTATE: 42601 (line 1, pos 7)\n\n\
         == SQL ==\nSELECT 'a\\' AS v\n-------^^^\n"
    );
}

#[test]
fn casts_to_complex_types_are_named_as_their_argument() {
    // PySpark 4.3, classic and through Spark Connect: `lit(None).cast("array<int>")` is named
    // `NULL`, `lit(None).cast("int")` `CAST(NULL AS INT)`.
    let (spark, t) = with_t();
    let casts = t
        .select([
            crate::lit(Value::Null).cast_str("array<int>"),
            crate::lit(Value::Null).cast_str("map<string,int>"),
            crate::lit(Value::Null).cast_str("struct<x:int>"),
            crate::lit(Value::Null).cast_str("int"),
        ])
        .unwrap();
    assert_eq!(
        casts.schema().names(),
        ["NULL", "NULL", "NULL", "CAST(NULL AS INT)"]
    );
    assert_eq!(
        types(&casts),
        ["array<int>", "map<string,int>", "struct<x:int>", "int"]
    );
    let df = spark
        .sql("SELECT CAST(array(a) AS ARRAY<STRING>), TRY_CAST(array(a) AS ARRAY<STRING>) FROM t")
        .unwrap();
    assert_eq!(df.schema().names(), ["array(a)", "array(a)"]);
    assert_eq!(
        df.show_string(20, 0).unwrap(),
        "+--------+--------+\n\
         |array(a)|array(a)|\n\
         +--------+--------+\n\
         |[1]     |[1]     |\n\
         |[2]     |[2]     |\n\
         +--------+--------+\n"
    );
}

/// `STRUCT<..>` as a type in SQL text, and `struct(..)` still Spark's function. PySpark 4.3,
/// over the same view: `SELECT CAST(named_struct('x', a) AS STRUCT<x: BIGINT>), CAST(struct(a,
/// s) AS STRUCT<p INT, q STRING>) AS r, struct(a, s) FROM t` has the schema
/// `struct<named_struct(x, a):struct<x:bigint>,r:struct<p:int,q:string>,struct(a,
/// s):struct<a:int,s:string>>` and shows the table below.
#[test]
fn casts_to_struct_types_in_sql_text() {
    let (spark, _) = super::tests::with_t();
    let df = spark
        .sql(
            "SELECT CAST(named_struct('x', a) AS STRUCT<x: BIGINT>), \
             CAST(struct(a, s) AS STRUCT<p INT, q STRING>) AS r, struct(a, s) FROM t",
        )
        .unwrap();
    assert_eq!(
        df.schema().names(),
        ["named_struct(x, a)", "r", "struct(a, s)"]
    );
    assert_eq!(
        types(&df),
        [
            "struct<x:bigint>",
            "struct<p:int,q:string>",
            "struct<a:int,s:string>"
        ]
    );
    assert_eq!(
        df.show_string(20, 0).unwrap(),
        "+------------------+--------+------------+\n\
         |named_struct(x, a)|r       |struct(a, s)|\n\
         +------------------+--------+------------+\n\
         |{1}               |{1, a b}|{1, a b}    |\n\
         |{2}               |{2, c}  |{2, c}      |\n\
         +------------------+--------+------------+\n"
    );
}

/// `MAP<K, V>` as a type in SQL text. PySpark 4.3, over the same view: `SELECT CAST(map('k',
/// a) AS MAP<STRING, BIGINT>), CAST(map(a, s) AS map<bigint,string>) AS m FROM t` has the
/// schema `struct<map(k, a):map<string,bigint>,m:map<bigint,string>>` and shows the table
/// below.
#[test]
fn casts_to_map_types_in_sql_text() {
    let (spark, _) = super::tests::with_t();
    let df = spark
        .sql(
            "SELECT CAST(map('k', a) AS MAP<STRING, BIGINT>), \
             CAST(map(a, s) AS map<bigint,string>) AS m FROM t",
        )
        .unwrap();
    assert_eq!(df.schema().names(), ["map(k, a)", "m"]);
    assert_eq!(types(&df), ["map<string,bigint>", "map<bigint,string>"]);
    assert_eq!(
        df.show_string(20, 0).unwrap(),
        "+---------+----------+\n\
         |map(k, a)|m         |\n\
         +---------+----------+\n\
         |{k -> 1} |{1 -> a b}|\n\
         |{k -> 2} |{2 -> c}  |\n\
         +---------+----------+\n"
    );
}
