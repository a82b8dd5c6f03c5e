//! SQL text against the DataFrame forms it stands for, and Spark's errors. Expected names,
//! values and messages are PySpark 4.3's.

use crate::expr::{col, count_star, lit, lower, split, sum, when, window, Expr};
use crate::{expr, DataFrame, Row, Session, Value};

fn session() -> Session {
    Session::builder().get_or_create().unwrap()
}

/// `t(a INT, s STRING, n INT)` with rows `(1, "a b", NULL)` and `(2, "c", 3)`, as a view.
pub(super) fn with_t() -> (Session, DataFrame) {
    let spark = session();
    let t = spark
        .create_data_frame(
            vec![
                Row::new(vec![1.into(), "a b".into(), Value::Null]),
                Row::new(vec![2.into(), "c".into(), 3.into()]),
            ],
            "a INT, s STRING, n INT",
        )
        .unwrap();
    t.create_or_replace_temp_view("t").unwrap();
    (spark, t)
}

pub(super) fn err(result: crate::Result<impl std::fmt::Debug>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn expressions_are_the_dataframe_apis() {
    let same = |text: &str, e: Expr| assert_eq!(expr(text).unwrap().sql(), e.sql(), "{text}");
    same("a + 1", col("a") + 1);
    same("(a + 1) * 2", (col("a") + 1) * 2);
    same("a <> 2", col("a").not_eq(2));
    same("a != 2", col("a").not_eq(2));
    same(
        "NOT a = 1 AND b IS NOT NULL",
        (!col("a").eq(1)).and(col("b").is_not_null()),
    );
    same("LOWER(s)", lower(col("s")));
    same("s || 'x'", crate::expr::concat(vec![col("s"), lit("x")]));
    same("split(s, ' ')", split(col("s"), " "));
    same("`d d` + -1", col("d d") + lit(-1));
    same("10000000000", lit(10_000_000_000i64));
    same("5L", lit(5i64));
    same("1e3", lit(1000.0));
    same("'it''s'", lit("it's"));
    same("NULL", lit(Value::Null));
    same(
        "CASE WHEN a > 1 THEN 'x' ELSE 'y' END",
        when(col("a").gt(1), "x").otherwise("y"),
    );
    same("CASE a WHEN 1 THEN 'one' END", when(col("a").eq(1), "one"));
    // PySpark 4.3 names these as written, not as their expanded forms.
    assert_eq!(expr("a IN (1, 2)").unwrap().output_name(), "(a IN (1, 2))");
    assert_eq!(
        expr("a NOT BETWEEN 1 AND 2").unwrap().output_name(),
        "(NOT between(a, 1, 2))"
    );
    assert_eq!(expr("-a").unwrap().output_name(), "(- a)");
    assert_eq!(expr("-(a + 1)").unwrap().output_name(), "(- (a + 1))");
    assert_eq!(expr("-(1)").unwrap().output_name(), "(- 1)");
    assert_eq!(expr("-1").unwrap().output_name(), "-1");
    assert_eq!(expr("+a").unwrap().output_name(), "(+ a)");
    assert_eq!(expr("positive(a)").unwrap().output_name(), "(+ a)");
    assert_eq!(expr("negative(a)").unwrap().output_name(), "negative(a)");
    same("CAST(s AS INT)", col("s").cast_str("int"));
    same("s::bigint", col("s").cast_str("bigint"));
    same("count(*)", count_star());
    same("COUNT(*)", count_star());
    same("SUM(a)", sum(col("a")));
    assert_eq!(
        expr("count(DISTINCT a)").unwrap().output_name(),
        "count(DISTINCT a)"
    );
    same(
        "window(ts, '10 minutes')",
        window(col("ts"), "10 minutes", None),
    );
    assert_eq!(expr("a * 2 AS `d d`").unwrap().output_name(), "d d");
    assert_eq!(expr("a b").unwrap().output_name(), "b");
    assert_eq!(
        expr("DATE '2024-01-01'").unwrap().output_name(),
        "DATE '2024-01-01'"
    );
    assert_eq!(
        expr("TIMESTAMP '2024-01-01 00:00:00'")
            .unwrap()
            .output_name(),
        "TIMESTAMP '2024-01-01 00:00:00'"
    );
}

#[test]
fn routines_and_arguments_are_checked_as_spark_does() {
    assert_eq!(
        err(expr("foo(a)")),
        "[UNRESOLVED_ROUTINE] Cannot resolve routine `foo` on search path [`system`.`builtin`, \
         `system`.`session`, `spark_catalog`.`default`]. SQLSTATE: 42883; line 1 pos 0"
    );
    assert!(err(expr("FOO(a)")).starts_with("[UNRESOLVED_ROUTINE] Cannot resolve routine `FOO`"));
    // PySpark 4.3: the position is where the function's name starts, the column 0-based.
    assert!(err(expr("a ||  nosuch(a)")).ends_with("SQLSTATE: 42883; line 1 pos 6"));
    let spark = session();
    let t = spark.create_data_frame(vec![], "a STRING").unwrap();
    t.create_or_replace_temp_view("t").unwrap();
    assert!(err(spark.sql("select a,\n  foo(a) from t")).ends_with("SQLSTATE: 42883; line 2 pos 2"));
    assert_eq!(
        err(expr("lower(a, s)")),
        "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `lower` requires 1 parameters but the actual \
         number is 2. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' \
         for a fix. SQLSTATE: 42605; line 1 pos 0"
    );
    // Spark 4.3's `window` takes strings, not (ANSI) interval values.
    assert_eq!(
        err(expr("window(ts, INTERVAL '10 minutes')")),
        "The duration and time inputs to window must be an integer, long or string literal.; \
         line 1 pos 0"
    );
    assert_eq!(
        err(expr("session_window(ts, INTERVAL '5 minutes')")),
        "Gap duration expression used in session window must be CalendarIntervalType, but got \
         DayTimeIntervalType(2,2)."
    );
}

/// PySpark's view `v(a, s, ts, d, p)` of the checks below: three rows.
fn with_v() -> Session {
    let spark = session();
    // (a, s, seconds of ts after 2024-01-01 10:00:00 UTC, p); d is 2024-01-01 throughout.
    let rows = [
        (1, Value::from("abc"), 123, "a_c"),
        (2, Value::from("ABC"), 723, "a%c"),
        (3, Value::Null, 123, "x"),
    ]
    .into_iter()
    .map(|(a, s, seconds, p)| {
        let ts = Value::Timestamp(1_704_103_200_000_000 + seconds * 1_000_000);
        Row::new(vec![a.into(), s, ts, Value::Date(19723), p.into()])
    })
    .collect();
    let v = spark
        .create_data_frame(rows, "a INT, s STRING, ts TIMESTAMP, d DATE, p STRING")
        .unwrap();
    v.create_or_replace_temp_view("v").unwrap();
    spark
}

/// `spark.sql(query).show(truncate=False)`'s text.
pub(super) fn shown(spark: &Session, query: &str) -> String {
    spark.sql(query).unwrap().show_string(20, 0).unwrap()
}

/// The variance family takes every numeric type (a float, a tinyint, a decimal here), as a
/// double, as PySpark 4.3 computes it over the same rows.
#[test]
fn statistics_of_every_numeric_type() {
    let spark = Session::builder().get_or_create().unwrap();
    let rows = [(1.5, 1, 150), (2.5, 2, 250), (4.0, 4, 400)]
        .into_iter()
        .map(|(f, y, d)| {
            let d = Value::Decimal(crate::Decimal::new(d, 2));
            Row::new(vec![Value::Float(f), Value::Byte(y), d])
        })
        .collect();
    let v = spark
        .create_data_frame(rows, "f FLOAT, y TINYINT, d DECIMAL(5,2)")
        .unwrap();
    v.create_or_replace_temp_view("v").unwrap();
    assert_eq!(
        shown(
            &spark,
            "SELECT var_samp(f), stddev_pop(y), variance(d) FROM v"
        ),
        "+------------------+-----------------+------------------+\n\
         |var_samp(f)       |stddev_pop(y)    |variance(d)       |\n\
         +------------------+-----------------+------------------+\n\
         |1.5833333333333335|1.247219128924647|1.5833333333333335|\n\
         +------------------+-----------------+------------------+\n"
    );
}

/// `try_cast` makes NULL of the cast failing, not of its argument failing: PySpark 4.3 raises
/// the division's error for `try_cast(a / z AS int)` and gives NULL for `try_cast('x' AS int)`.
#[test]
fn try_cast_tolerates_the_cast_not_its_argument() {
    let spark = Session::builder().get_or_create().unwrap();
    let row = Row::new(vec![1.into(), 0.into()]);
    let v = spark.create_data_frame(vec![row], "a INT, z INT").unwrap();
    v.create_or_replace_temp_view("v").unwrap();
    assert_eq!(
        shown(&spark, "SELECT try_cast('x' AS int) FROM v"),
        "+------------------+\n\
         |TRY_CAST(x AS INT)|\n\
         +------------------+\n\
         |NULL              |\n\
         +------------------+\n"
    );
    let err = spark
        .sql("SELECT try_cast(a / z AS int) FROM v")
        .unwrap()
        .show_string(20, 0)
        .unwrap_err()
        .to_string();
    assert!(err.contains("[DIVIDE_BY_ZERO] Division by zero."), "{err}");
}

/// Java's `\w`, `\W` and `\s` are ASCII-only: `é` is no word character and a no-break space
/// no space. Expected: PySpark 4.3 over the same one-row view.
#[test]
fn regexp_classes_are_ascii_as_java_s() {
    let spark = Session::builder().get_or_create().unwrap();
    let row = Row::new(vec![1.into(), "é1_ b\u{a0}c".into()]);
    let v = spark
        .create_data_frame(vec![row], "a INT, s STRING")
        .unwrap();
    v.create_or_replace_temp_view("v").unwrap();
    assert_eq!(
        shown(
            &spark,
            r"SELECT a, s RLIKE '^\\w+$', regexp_replace(s, '\\w', 'x'), regexp_extract(s, '(\\W+)', 1), split(s, '\\s') FROM v"
        ),
        "+---+---------------+---------------------------+---------------------------+----------------+\n\
         |a  |RLIKE(s, ^\\w+$)|regexp_replace(s, \\w, x, 1)|regexp_extract(s, (\\W+), 1)|split(s, \\s, -1)|\n\
         +---+---------------+---------------------------+---------------------------+----------------+\n\
         |1  |false          |éxx x\u{a0}x                    |é                          |[é1_, b\u{a0}c]      |\n\
         +---+---------------+---------------------------+---------------------------+----------------+\n"
    );
}

#[test]
fn like_and_regexps_match_as_spark() {
    // Expected tables: PySpark 4.3, `spark.sql(q).show(truncate=False)` over the same view.
    let spark = with_v();
    assert_eq!(
        shown(
            &spark,
            "SELECT a, s LIKE 'a%', s NOT LIKE 'a%', s ILIKE 'a%', s NOT ILIKE 'a%' FROM v"
        ),
        "+---+---------+---------------+------------+------------------+\n\
         |a  |s LIKE a%|(NOT s LIKE a%)|ilike(s, a%)|(NOT ilike(s, a%))|\n\
         +---+---------+---------------+------------+------------------+\n\
         |1  |true     |false          |true        |false             |\n\
         |2  |false    |true           |true        |false             |\n\
         |3  |NULL     |NULL           |NULL        |NULL              |\n\
         +---+---------+---------------+------------+------------------+\n"
    );
    assert_eq!(
        shown(
            &spark,
            "SELECT a, s RLIKE '^a', s NOT RLIKE '^a', s REGEXP 'b', s NOT REGEXP 'b' FROM v"
        ),
        "+---+------------+------------------+-----------+-----------------+\n\
         |a  |RLIKE(s, ^a)|(NOT RLIKE(s, ^a))|RLIKE(s, b)|(NOT RLIKE(s, b))|\n\
         +---+------------+------------------+-----------+-----------------+\n\
         |1  |true        |false             |true       |false            |\n\
         |2  |false       |true              |false      |true             |\n\
         |3  |NULL        |NULL              |NULL       |NULL             |\n\
         +---+------------+------------------+-----------+-----------------+\n"
    );
    assert_eq!(
        shown(&spark, "SELECT a, like(s, 'a%'), ilike(s, 'a%'), rlike(s, 'b'), regexp(s, 'b'), regexp_like(s, 'b') FROM v"),
        "+---+---------+------------+-----------+------------+-----------------+\n\
         |a  |s LIKE a%|ilike(s, a%)|RLIKE(s, b)|REGEXP(s, b)|REGEXP_LIKE(s, b)|\n\
         +---+---------+------------+-----------+------------+-----------------+\n\
         |1  |true     |true        |true       |true        |true             |\n\
         |2  |false    |true        |false      |false       |false            |\n\
         |3  |NULL     |NULL        |NULL       |NULL        |NULL             |\n\
         +---+---------+------------+-----------+------------+-----------------+\n"
    );
    assert_eq!(
        shown(&spark, "SELECT a, p LIKE 'a!%c' ESCAPE '!', p LIKE 'a_c', p ILIKE 'A_C' ESCAPE '!', s LIKE p, a LIKE '1%' FROM v"),
        "+---+----------------------+----------+-------------+--------+---------+\n\
         |a  |p LIKE a!%c ESCAPE '!'|p LIKE a_c|ilike(p, A_C)|s LIKE p|a LIKE 1%|\n\
         +---+----------------------+----------+-------------+--------+---------+\n\
         |1  |false                 |true      |true         |true    |true     |\n\
         |2  |true                  |true      |true         |false   |false    |\n\
         |3  |false                 |false     |false        |NULL    |false    |\n\
         +---+----------------------+----------+-------------+--------+---------+\n"
    );
    assert_eq!(
        shown(
            &spark,
            "SELECT a, like(p, 'a!%c', '!'), ilike(p, 'A!%c', '!'), RLIKE(s, p) FROM v"
        ),
        "+---+----------------------+--------------+-----------+\n\
         |a  |p LIKE a!%c ESCAPE '!'|ilike(p, A!%c)|RLIKE(s, p)|\n\
         +---+----------------------+--------------+-----------+\n\
         |1  |false                 |false         |false      |\n\
         |2  |true                  |true          |false      |\n\
         |3  |false                 |false         |NULL       |\n\
         +---+----------------------+--------------+-----------+\n"
    );
    let columns = spark
        .table("v")
        .unwrap()
        .select([
            col("s").like("a%"),
            col("s").ilike("a%"),
            col("s").rlike("b"),
            !col("s").like("a%"),
        ])
        .unwrap();
    assert_eq!(
        columns.schema().names(),
        [
            "s LIKE a%",
            "ilike(s, a%)",
            "RLIKE(s, b)",
            "(NOT s LIKE a%)"
        ]
    );
    assert_eq!(
        err(spark.sql("SELECT s LIKE 'a!' ESCAPE '!' FROM v")),
        "[INVALID_FORMAT.ESC_AT_THE_END] The format is invalid: 'a!'. The escape character is \
         not allowed to end with. SQLSTATE: 42601"
    );
    assert_eq!(
        err(spark.sql("SELECT s LIKE 'a!x' ESCAPE '!' FROM v")),
        "[INVALID_FORMAT.ESC_IN_THE_MIDDLE] The format is invalid: 'a!x'. The escape character \
         is not allowed to precede 'x'. SQLSTATE: 42601"
    );
    assert_eq!(
        err(spark.sql("SELECT s LIKE 'a%' ESCAPE 'ab' FROM v")),
        "[INVALID_ESC] Found an invalid escape string: 'ab'. The escape string must contain \
         only one character. SQLSTATE: 42604"
    );
}

#[test]
fn operators_are_named_and_computed_as_spark() {
    let spark = with_v();
    assert_eq!(
        shown(&spark, "SELECT a, a IN (1, 2), a NOT IN (1, 2), a IN (1), a BETWEEN 1 AND 3, a NOT BETWEEN 1 AND 3 FROM v"),
        "+---+-------------+-------------------+----------+----------------+----------------------+\n\
         |a  |(a IN (1, 2))|(NOT (a IN (1, 2)))|(a IN (1))|between(a, 1, 3)|(NOT between(a, 1, 3))|\n\
         +---+-------------+-------------------+----------+----------------+----------------------+\n\
         |1  |true         |false              |true      |true            |false                 |\n\
         |2  |true         |false              |false     |true            |false                 |\n\
         |3  |false        |true               |false     |true            |false                 |\n\
         +---+-------------+-------------------+----------+----------------+----------------------+\n"
    );
    assert_eq!(
        shown(
            &spark,
            "SELECT a, a IN (1, NULL), -a, negative(a), +a FROM v"
        ),
        "+---+----------------+-----+-----------+-----+\n\
         |a  |(a IN (1, NULL))|(- a)|negative(a)|(+ a)|\n\
         +---+----------------+-----+-----------+-----+\n\
         |1  |true            |-1   |-1         |1    |\n\
         |2  |NULL            |-2   |-2         |2    |\n\
         |3  |NULL            |-3   |-3         |3    |\n\
         +---+----------------+-----+-----------+-----+\n"
    );
    assert_eq!(
        spark
            .sql("SELECT max(DISTINCT a), min(DISTINCT a) FROM v")
            .unwrap()
            .schema()
            .names(),
        ["max(DISTINCT a)", "min(DISTINCT a)"]
    );
}

#[test]
fn unknown_columns_are_reported_at_their_position() {
    // PySpark 4.3's messages (without the plan Spark prints after them).
    let spark = with_v();
    let unresolved = |position: &str| {
        format!(
            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with \
             name `nope` cannot be resolved. Did you mean one of the following? [`p`, `a`, `d`, \
             `s`, `ts`]. SQLSTATE: 42703; line {position}"
        )
    };
    for (query, position) in [
        ("SELECT nope FROM v", "1 pos 7"),
        ("SELECT a, nope + 1 FROM v", "1 pos 10"),
        ("SELECT `nope` FROM v", "1 pos 7"),
        ("SELECT a FROM v WHERE nope > 1", "1 pos 22"),
        ("SELECT a FROM v GROUP BY nope", "1 pos 25"),
        ("SELECT a AS nope,\n  nope FROM v", "2 pos 2"),
    ] {
        assert_eq!(err(spark.sql(query)), unresolved(position), "{query}");
    }
    let v = spark.table("v").unwrap();
    assert_eq!(err(v.select_expr(["a", "nope + 1"])), unresolved("1 pos 0"));
    assert_eq!(err(v.select_expr(["a + nope"])), unresolved("1 pos 4"));
    assert_eq!(err(v.filter("nope > 1")), unresolved("1 pos 0"));
    // A column named in Rust has no position, as in Spark.
    assert_eq!(
        err(v.select([col("nope")])),
        unresolved("").trim_end_matches("; line ").to_string()
    );
}

#[test]
fn intervals_are_sparks_ansi_intervals() {
    // Expected tables: PySpark 4.3 with the session time zone UTC.
    let spark = with_v();
    assert_eq!(
        shown(&spark, "SELECT INTERVAL '10 minutes', INTERVAL 1 HOUR AS h, INTERVAL '1 day 2 hours', INTERVAL '1-2' YEAR TO MONTH FROM v WHERE a = 1"),
        "+--------------------+------------------+---------------------------+----------------------------+\n\
         |INTERVAL '10' MINUTE|h                 |INTERVAL '1 02' DAY TO HOUR|INTERVAL '1-2' YEAR TO MONTH|\n\
         +--------------------+------------------+---------------------------+----------------------------+\n\
         |INTERVAL '10' MINUTE|INTERVAL '01' HOUR|INTERVAL '1 02' DAY TO HOUR|INTERVAL '1-2' YEAR TO MONTH|\n\
         +--------------------+------------------+---------------------------+----------------------------+\n"
    );
    let df = spark
        .sql("SELECT ts + INTERVAL '10 minutes', ts - INTERVAL '10 minutes', INTERVAL '10' MINUTE + ts, ts + INTERVAL '1' MONTH FROM v WHERE a = 1")
        .unwrap();
    assert_eq!(
        df.schema().names(),
        [
            "ts + INTERVAL '10' MINUTE",
            "ts - INTERVAL '10' MINUTE",
            "ts + INTERVAL '10' MINUTE",
            "ts + INTERVAL '1' MONTH"
        ]
    );
    assert_eq!(
        df.show_string(20, 0).unwrap().lines().nth(3).unwrap(),
        "|2024-01-01 10:12:03      |2024-01-01 09:52:03      |2024-01-01 10:12:03      |2024-02-01 10:02:03    |"
    );
    // A date moved by days stays a date, by a time of day becomes a timestamp; Spark names the
    // first `date_add(d, extractansiintervaldays(INTERVAL '1' DAY))`.
    let dates = spark
        .sql("SELECT d + INTERVAL '1' DAY AS a, d - INTERVAL '1' DAY AS b, d + INTERVAL '1 day 2 hours' AS c, d + INTERVAL '1' MONTH AS e FROM v WHERE a = 1")
        .unwrap();
    assert_eq!(
        dates
            .schema()
            .fields
            .iter()
            .map(|f| f.data_type.to_string())
            .collect::<Vec<_>>(),
        ["date", "date", "timestamp", "date"]
    );
    assert_eq!(
        dates.show_string(20, 0).unwrap().lines().nth(3).unwrap(),
        "|2024-01-02|2023-12-31|2024-01-02 02:00:00|2024-02-01|"
    );
    assert_eq!(
        shown(&spark, "SELECT INTERVAL '10' MINUTE + INTERVAL '1' HOUR, INTERVAL '10' MINUTE < INTERVAL '1' HOUR, INTERVAL '60' MINUTE = INTERVAL '1' HOUR, -INTERVAL '10' MINUTE FROM v WHERE a = 1"),
        "+-------------------------------------------+-------------------------------------------+-------------------------------------------+------------------------+\n\
         |(INTERVAL '10' MINUTE + INTERVAL '01' HOUR)|(INTERVAL '10' MINUTE < INTERVAL '01' HOUR)|(INTERVAL '60' MINUTE = INTERVAL '01' HOUR)|(- INTERVAL '10' MINUTE)|\n\
         +-------------------------------------------+-------------------------------------------+-------------------------------------------+------------------------+\n\
         |INTERVAL '01:10' HOUR TO MINUTE            |true                                       |true                                       |INTERVAL '-10' MINUTE   |\n\
         +-------------------------------------------+-------------------------------------------+-------------------------------------------+------------------------+\n"
    );
    assert_eq!(
        shown(&spark, "SELECT INTERVAL '10' MINUTE * 2, INTERVAL '1' YEAR * 1.5, ts - ts, TIMESTAMP'2024-01-31 10:00:00' + INTERVAL '1' MONTH FROM v WHERE a = 1"),
        "+-----------------------------------+----------------------------+-----------------------------------+----------------------------------------------------+\n\
         |(INTERVAL '10' MINUTE * 2)         |(INTERVAL '1' YEAR * 1.5)   |(ts - ts)                          |TIMESTAMP '2024-01-31 10:00:00' + INTERVAL '1' MONTH|\n\
         +-----------------------------------+----------------------------+-----------------------------------+----------------------------------------------------+\n\
         |INTERVAL '0 00:20:00' DAY TO SECOND|INTERVAL '1-6' YEAR TO MONTH|INTERVAL '0 00:00:00' DAY TO SECOND|2024-02-29 10:00:00                                 |\n\
         +-----------------------------------+----------------------------+-----------------------------------+----------------------------------------------------+\n"
    );
    assert_eq!(
        err(spark.sql("SELECT INTERVAL '1' YEAR > INTERVAL '11' DAY FROM v")),
        "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(INTERVAL '1' YEAR > \
         INTERVAL '11' DAY)\" due to data type mismatch: the left and right operands of the \
         binary operator have incompatible types (\"INTERVAL YEAR\" and \"INTERVAL DAY\"). \
         SQLSTATE: 42K09"
    );
    assert_eq!(
        err(spark.sql("SELECT INTERVAL '1 year 2 days' FROM v")),
        "\nCannot mix year-month and day-time fields: INTERVAL '1 year 2 days'.\n== SQL (line 1, \
         position 8) ==\nSELECT INTERVAL '1 year 2 days' FROM v\n       ^^^^^^^^^^^^^^^^^^^^^^^^\n"
    );
    let typed = spark
        .sql("SELECT CAST(INTERVAL '10' MINUTE AS STRING) FROM v WHERE a = 1")
        .unwrap();
    assert_eq!(
        typed.collect().unwrap(),
        vec![Row::new(vec!["INTERVAL '10' MINUTE".into()])]
    );
}

#[test]
fn queries_run_as_their_dataframe_forms() {
    let (spark, t) = with_t();
    let sql = spark
        .sql("SELECT a + 1, upper(s) AS u FROM t WHERE n IS NULL OR a > 1")
        .unwrap();
    let df = t
        .filter(col("n").is_null().or(col("a").gt(1)))
        .unwrap()
        .select([col("a") + 1, crate::expr::upper(col("s")).alias("u")])
        .unwrap();
    assert_eq!(sql.explain_string(), df.explain_string());
    assert_eq!(sql.schema().names(), ["(a + 1)", "u"]);
    assert_eq!(
        sql.collect().unwrap(),
        vec![
            Row::new(vec![2.into(), "A B".into()]),
            Row::new(vec![3.into(), "C".into()])
        ]
    );
    let star = spark.sql("SELECT * FROM T").unwrap();
    assert_eq!(star.explain_string(), t.explain_string());
    let qualified = spark.sql("SELECT t.a, x.* FROM t AS x").unwrap_err();
    // Spark names `t`.`a`; Ember's binding names the column it could not find, `t`.
    assert!(
        qualified
            .to_string()
            .starts_with("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `t` cannot"),
        "{qualified}"
    );
    let aliased = spark.sql("SELECT x.a, x.* FROM t x").unwrap();
    assert_eq!(aliased.schema().names(), ["a", "a", "s", "n"]);
    // A quoted qualifier names the table too, in any case (PySpark 4.3: `d, n, i` for
    // `SELECT `T`.* FROM t` over `t(d, n, i)`).
    let quoted = spark.sql("SELECT `T`.* FROM `t`").unwrap();
    assert_eq!(quoted.schema().names(), ["a", "s", "n"]);
}

#[test]
fn aggregations_group_and_filter_as_spark() {
    let (spark, t) = with_t();
    let words = spark
        .sql("SELECT word, count(*) AS count FROM (SELECT explode(split(s, ' ')) AS word FROM t) GROUP BY word")
        .unwrap();
    let df = t
        .select([crate::expr::explode(split(col("s"), " ")).alias("word")])
        .unwrap()
        .group_by([col("word")])
        .unwrap()
        .count()
        .unwrap();
    assert_eq!(words.explain_string(), df.explain_string());

    let having = spark
        .sql("SELECT s, sum(a) FROM t GROUP BY s HAVING count(*) >= 1 AND sum(a) > 1")
        .unwrap();
    assert_eq!(having.schema().names(), ["s", "sum(a)"]);
    assert_eq!(
        having.collect().unwrap(),
        vec![Row::new(vec!["c".into(), 2i64.into()])]
    );
    let reordered = spark
        .sql("SELECT count(*) AS c, a AS k FROM t GROUP BY 2")
        .unwrap();
    assert_eq!(reordered.schema().names(), ["c", "k"]);
    let global = spark.sql("SELECT count(*) FROM t").unwrap();
    assert_eq!(global.schema().names(), ["count(1)"]);
    assert_eq!(global.collect().unwrap(), vec![Row::new(vec![2i64.into()])]);
    // Spark 4.3 breaks the line before "Add the columns"; the text is binding's.
    let missing = err(spark.sql("SELECT s, a FROM t GROUP BY s"));
    assert!(
        missing.starts_with(
            "[MISSING_AGGREGATION] The non-aggregating expression \"a\" is based on columns \
             which are not participating in the GROUP BY clause."
        ),
        "{missing}"
    );
}

#[test]
fn windows_are_grouping_keys() {
    let spark = session();
    let events = spark
        .create_data_frame(vec![], "ts TIMESTAMP, w STRING")
        .unwrap();
    events.create_or_replace_temp_view("ev").unwrap();
    let sql = spark
        .sql("SELECT window, w, count(*) FROM ev GROUP BY window(ts, '10 minutes'), w")
        .unwrap();
    let df = events
        .group_by([window(col("ts"), "10 minutes", None), col("w")])
        .unwrap()
        .agg([count_star()])
        .unwrap();
    assert_eq!(sql.explain_string(), df.explain_string());
    assert_eq!(sql.schema().names(), ["window", "w", "count(1)"]);
    let aliased = spark
        .sql("SELECT window(ts, '10 minutes', '5 minutes') AS win, count(*) FROM ev GROUP BY win")
        .unwrap();
    assert_eq!(aliased.schema().names(), ["win", "count(1)"]);
    let fields = spark
        .sql("SELECT window.start, count(*) AS c FROM ev GROUP BY window(ts, '10 minutes')")
        .unwrap();
    assert_eq!(fields.schema().names(), ["start", "c"]);
    let session = spark
        .sql("SELECT session_window(ts, '5 minutes') AS s, count(*) FROM ev GROUP BY session_window(ts, '5 minutes')")
        .unwrap();
    assert_eq!(session.schema().names(), ["s", "count(1)"]);
}

#[test]
fn views_and_their_errors() {
    let (spark, t) = with_t();
    assert_eq!(
        err(spark.sql("SELECT a FROM nope")),
        "[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found. Verify the spelling \
         and correctness of the schema and catalog.\nSearch path: [`system`.`builtin`, \
         `system`.`session`, `spark_catalog`.`default`].\nIf you did not qualify the name with a \
         schema, verify the current_schema() output, or qualify the name with the correct schema \
         and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF \
         EXISTS. SQLSTATE: 42P01"
    );
    assert_eq!(
        err(t.create_temp_view("T")),
        "[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `T` because it \
         already exists.\nChoose a different name, drop or replace the existing view. SQLSTATE: \
         42P07"
    );
    assert_eq!(
        err(spark.sql("SELECT x FROM t")),
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name \
         `x` cannot be resolved. Did you mean one of the following? [`a`, `n`, `s`]. SQLSTATE: \
         42703; line 1 pos 7"
    );
    assert_eq!(
        err(t.filter("nope > 1")),
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name \
         `nope` cannot be resolved. Did you mean one of the following? [`a`, `n`, `s`]. \
         SQLSTATE: 42703; line 1 pos 0"
    );
    assert!(spark.views().drop("t"));
    assert!(spark.sql("SELECT a FROM t").is_err());
    let union = {
        t.create_or_replace_temp_view("t").unwrap();
        spark
            .sql("SELECT a FROM t UNION ALL SELECT n FROM t WHERE n IS NOT NULL")
            .unwrap()
    };
    assert_eq!(union.collect().unwrap().len(), 3);
}

/// The aggregate functions by their SQL names, with `DISTINCT`: PySpark 4.3's names and
/// values for the same query over `t`. (Within one batch Ember's arrival order is by value,
/// `NULL` first, which is `t`'s row order here.)
#[test]
fn aggregate_functions_by_sql_name() {
    let (spark, _) = with_t();
    let df = spark
        .sql(
            "SELECT count(DISTINCT a), sum(DISTINCT a), approx_count_distinct(n), first(n), \
             first(n, true), last(n), collect_list(a), collect_set(a), stddev(a), var_pop(a), \
             std(a) FROM t",
        )
        .unwrap();
    assert_eq!(
        df.schema().names(),
        [
            "count(DISTINCT a)",
            "sum(DISTINCT a)",
            "approx_count_distinct(n)",
            "first(n)",
            "first(n)",
            "last(n)",
            "collect_list(a)",
            "collect_set(a)",
            "stddev(a)",
            "var_pop(a)",
            "std(a)"
        ]
    );
    let ints = || Value::Array(vec![1.into(), 2.into()]);
    // Spark prints the standard deviation of 1 and 2 as 0.7071067811865476, this constant.
    let stddev = Value::Double(std::f64::consts::FRAC_1_SQRT_2);
    assert_eq!(
        df.collect().unwrap(),
        vec![Row::new(vec![
            2i64.into(),
            3i64.into(),
            1i64.into(),
            Value::Null,
            3.into(),
            3.into(),
            ints(),
            ints(),
            stddev.clone(),
            Value::Double(0.25),
            stddev,
        ])]
    );
    assert_eq!(
        err(spark.sql("SELECT first(a, 1) FROM t")),
        "The second argument in first should be a boolean literal."
    );
}

/// Text deeper than Ember's expressions go is Spark's `FAILED_TO_PARSE_TOO_COMPLEX`, never a
/// stack overflow, however long; a long `IN` list stays shallow.
#[test]
fn deep_text_is_refused_not_overflowed() {
    let (spark, t) = with_t();
    for n in [200, 20_000] {
        let chain = format!("a{}", " + 1".repeat(n));
        assert!(err(expr(&chain)).starts_with("[FAILED_TO_PARSE_TOO_COMPLEX]"));
        assert!(err(t.filter(format!("{chain} > 0"))).starts_with("[FAILED_TO_PARSE_TOO_COMPLEX]"));
        let query = format!("SELECT {chain} FROM t");
        assert!(err(spark.sql(&query)).starts_with("[FAILED_TO_PARSE_TOO_COMPLEX]"));
        let nested = format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert!(err(expr(&nested)).starts_with("[FAILED_TO_PARSE_TOO_COMPLEX]"));
    }
    let list: Vec<String> = (0..5000).map(|i| i.to_string()).collect();
    let many = spark
        .sql(&format!("SELECT a FROM t WHERE a IN ({})", list.join(", ")))
        .unwrap();
    assert_eq!(many.collect().unwrap().len(), 2);
}

#[test]
fn a_number_with_a_point_is_a_decimal_and_with_an_exponent_a_double() {
    // PySpark 4.3: `spark.sql("select 1.50, 1.5e0, 12345678901234567890")` has the types
    // decimal(3,2), double and decimal(20,0), and the first column is named `1.50`.
    let schema = crate::Schema::default();
    let typed = |text: &str| {
        let bound = crate::bind(&expr(text).unwrap(), &schema).unwrap();
        (bound.name, bound.data_type.to_string())
    };
    assert_eq!(
        typed("1.50"),
        ("1.50".to_string(), "decimal(3,2)".to_string())
    );
    assert_eq!(typed("1.5e0").1, "double");
    assert_eq!(typed("12345678901234567890").1, "decimal(20,0)");
    assert_eq!(typed("-0.25").1, "decimal(2,2)");
}

#[test]
fn unknown_columns_of_expr_text_are_reported_at_their_place_in_it() {
    // PySpark 4.3: `df.select(expr("nope + 1"))` and the like end with the column's place in
    // the text given to `expr` (the plan Spark prints after it left out).
    let (_, t) = with_t();
    let unresolved = |at: &str| {
        format!(
            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with \
             name `nope` cannot be resolved. Did you mean one of the following? [`a`, `n`, \
             `s`]. SQLSTATE: 42703{at}"
        )
    };
    let e = |text: &str| expr(text).unwrap();
    assert_eq!(err(t.select([e("nope + 1")])), unresolved("; line 1 pos 0"));
    assert_eq!(
        err(t.select([col("a"), e("a +  nope")])),
        unresolved("; line 1 pos 5")
    );
    assert_eq!(
        err(t.select([e("upper(nope) AS x")])),
        unresolved("; line 1 pos 6")
    );
    assert_eq!(err(t.filter(e("a >  nope"))), unresolved("; line 1 pos 5"));
    assert_eq!(
        err(t.with_column("z", e("a +  nope"))),
        unresolved("; line 1 pos 5")
    );
    assert_eq!(
        err(t.select([e("a + 1") + e("  nope")])),
        unresolved("; line 1 pos 2")
    );
    assert_eq!(
        err(t.group_by([col("a")]).unwrap().agg([e("sum( nope)")])),
        unresolved("; line 1 pos 5")
    );
    assert_eq!(
        err(t.select([e("a +\n  nope")])),
        unresolved("; line 2 pos 2")
    );
    // A column named in Rust has no place, as in Spark.
    assert_eq!(err(t.select([col("nope") + 1])), unresolved(""));
}
