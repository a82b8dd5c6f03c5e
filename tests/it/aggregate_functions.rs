//! Spark's aggregate functions in a streaming aggregation (`examples/aggregate_functions.rs`):
//! distinct counts and sums, `first`/`last` with and without `ignorenulls`,
//! `collect_list`/`collect_set`, `stddev` and `var_pop`, over three batches in update and
//! complete mode, exact bytes at every scale.
//!
//! The expected tables are PySpark 4.3's for the same files (a streaming text source, one file
//! per trigger, console sink), with the rows sorted by key as Ember's console prints them;
//! Spark refuses distinct aggregates on a stream ("Distinct aggregations are not supported on
//! streaming DataFrames/Datasets"), so their columns are PySpark's static
//! `groupBy("k").agg(...)` over the files read so far. Within a batch each key's values are
//! ascending, so Spark's row order and Ember's arrival order (batch, then value) agree for
//! `first`, `last` and `collect_list`, and Spark's hash order of these small sets is
//! ascending, as Ember's `collect_set`.

use crate::support::{at_every_scale, fails_at_every_scale, write_file};

/// The batches: `key,value` lines, an empty value is `NULL`.
const BATCHES: [&str; 3] = [
    "a,1\na,3\nb,\nb,2\nd,9\n",
    "a,2\na,3\nb,\nc,5\n",
    "a,4\nb,7\nc,\n",
];

const UPDATE: &str = include_str!("../expected/aggregate_functions_update.txt");

const COMPLETE: &str = include_str!("../expected/aggregate_functions_complete.txt");

fn run(mode: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (b, text) in BATCHES.iter().enumerate() {
        write_file(dir.path(), &format!("batch-{b}.txt"), text, b as u64);
    }
    let path = dir.path().to_str().unwrap();
    at_every_scale(
        "aggregate_functions",
        &["--path", path, "--output-mode", mode],
        expected,
    );
}

#[test]
fn aggregate_functions_in_update_mode_print_sparks_tables() {
    run("update", UPDATE);
}

#[test]
fn aggregate_functions_in_complete_mode_print_sparks_tables() {
    run("complete", COMPLETE);
}

/// The batches of the exact-sum tests: key `a` starts at `edge` (the greatest `bigint`, or
/// 38 nines), steps back by 5, then passes the edge by 1 in the third batch.
fn edge_batches(edge: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let batches = [
        format!("a,{edge}\nb,1\n"),
        "a,-5\nb,2\n".into(),
        "a,6\n".into(),
    ];
    for (b, text) in batches.iter().enumerate() {
        write_file(dir.path(), &format!("batch-{b}.txt"), text, b as u64);
    }
    dir
}

/// The example's arguments for `aggregates` of the values of `dir` cast to `value_type`.
fn edge_args(dir: &tempfile::TempDir, aggregates: &str, value_type: &str) -> Vec<String> {
    let path = dir.path().to_str().unwrap();
    [
        "--path",
        path,
        "--aggregates",
        aggregates,
        "--type",
        value_type,
    ]
    .map(String::from)
    .to_vec()
}

/// Runs the example over the edge batches of `edge` as [`fails_at_every_scale`].
fn fails_past_the_edge(
    edge: &str,
    aggregates: &str,
    value_type: &str,
    printed: &str,
    message: &str,
) {
    let dir = edge_batches(edge);
    let args = edge_args(&dir, aggregates, value_type);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fails_at_every_scale("aggregate_functions", &args, printed, message);
}

/// Runs the example over the edge batches of `edge` as [`at_every_scale`].
fn prints_past_the_edge(edge: &str, aggregates: &str, value_type: &str, expected: &str) {
    let dir = edge_batches(edge);
    let args = edge_args(&dir, aggregates, value_type);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    at_every_scale("aggregate_functions", &args, expected);
}

const BIGINT_EDGE: &str = "9223372036854775807";

/// A `bigint` sum past the edge fails its batch with PySpark 4.3's error, at every scale; the
/// batches before print PySpark's tables (`sum` and `try_sum` per key, update mode). (The
/// averages are left out: Java 17, which this PySpark runs on, prints `2^62` as
/// `4.6116860184273879E18`, where Ember, as later Javas, prints the shortest text.)
#[test]
fn a_bigint_sum_past_its_edge_fails_the_query_with_sparks_error() {
    fails_past_the_edge(
        BIGINT_EDGE,
        "sum,try_sum",
        "bigint",
        include_str!("../expected/aggregate_functions_bigint_edge.txt"),
        "[ARITHMETIC_OVERFLOW] overflow. Use 'try_add' to tolerate overflow and return NULL \
         instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. \
         SQLSTATE: 22003",
    );
}

/// `try_sum` past the edge is `NULL`, as PySpark 4.3 prints it, at every scale.
#[test]
fn try_sum_past_the_bigint_edge_is_null() {
    prints_past_the_edge(
        BIGINT_EDGE,
        "try_sum",
        "bigint",
        include_str!("../expected/aggregate_functions_bigint_edge_try.txt"),
    );
}

/// A `decimal(38,0)` sum past 38 digits fails its batch with PySpark 4.3's error for a
/// streaming sum, at every scale; and a plain `avg` of the 38 nines fails the first batch with
/// PySpark's message, the quotient cut at 39 places.
#[test]
fn a_decimal_sum_past_38_digits_fails_the_query_with_sparks_error() {
    let nines = "9".repeat(38);
    fails_past_the_edge(
        &nines,
        "sum,try_sum",
        "decimal(38,0)",
        include_str!("../expected/aggregate_functions_decimal_edge.txt"),
        "[ARITHMETIC_OVERFLOW] Overflow in sum of decimals. Use 'try_sum' to tolerate overflow \
         and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to \
         bypass this error. SQLSTATE: 22003",
    );
    fails_past_the_edge(
        &nines,
        "avg",
        "decimal(38,0)",
        "",
        &format!(
            "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  {nines}.{} cannot be represented as \
             Decimal(38, 4). If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass \
             this error, and return NULL instead. SQLSTATE: 22003",
            "0".repeat(39)
        ),
    );
}

/// `try_sum` and `try_avg` of `decimal(38,0)` past their types are `NULL`, as PySpark 4.3
/// prints them, at every scale.
#[test]
fn try_sum_and_try_avg_past_38_digits_are_null() {
    prints_past_the_edge(
        &"9".repeat(38),
        "try_sum,try_avg",
        "decimal(38,0)",
        include_str!("../expected/aggregate_functions_decimal_edge_try.txt"),
    );
}

/// Event-time aggregations fail the same way: a sum past `bigint` in a time window (append
/// mode, where the window's row is emitted when the watermark closes it; and complete mode) and
/// in a session window (complete mode) stops the query with Spark's error.
#[test]
fn windowed_sums_past_bigint_fail_the_query_with_sparks_error() {
    use ember::expr::{col, session_window, sum, window};
    let dir = tempfile::tempdir().unwrap();
    let batches = [
        format!("2026-01-01 10:00:00,a,{BIGINT_EDGE}\n2026-01-01 10:01:00,a,1\n"),
        "2026-01-01 11:00:00,a,1\n".to_string(),
    ];
    for (b, text) in batches.iter().enumerate() {
        write_file(dir.path(), &format!("batch-{b}.csv"), text, b as u64);
    }
    let spark = ember::Session::builder().get_or_create().unwrap();
    let events = || {
        spark
            .read_stream()
            .format("csv")
            .schema("ts TIMESTAMP, k STRING, v BIGINT")
            .option("maxFilesPerTrigger", 1)
            .load_path(dir.path())
            .unwrap()
            .with_watermark("ts", "1 minute")
            .unwrap()
    };
    let windows = [
        (window(col("ts"), "10 minutes", None), "append"),
        (window(col("ts"), "10 minutes", None), "complete"),
        (session_window(col("ts"), "5 minutes"), "complete"),
    ];
    for (grouping, mode) in windows {
        let error = events()
            .group_by([grouping, col("k")])
            .unwrap()
            .agg([sum(col("v"))])
            .unwrap()
            .write_stream()
            .output_mode(mode)
            .format("noop")
            .trigger(ember::Trigger::AvailableNow)
            .start()
            .unwrap()
            .await_termination()
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with(
                "terminated with exception: [ARITHMETIC_OVERFLOW] overflow. Use 'try_add' to \
                 tolerate overflow and return NULL instead. If necessary set \
                 \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22003 \
                 SQLSTATE: XXKST"
            ),
            "{mode}: {error}"
        );
    }
}

/// The batches of the double-sum tests over retractions: per key `k` its count `n` and its
/// greatest value `m`, then `m` summed per `n`. `a` (`1e20`) leaves `n = 1` in the second
/// batch, where `b`'s `1` stays; the infinities of `c` and `d` join `n = 1` and leave it; `e`
/// holds only `-0.0`; `f`'s `NaN` joins `n = 1` and moves on to `n = 2`.
const REGROUP_BATCHES: [&str; 6] = [
    "a,1e20\nb,1\n",
    "a,2\n",
    "c,Infinity\nd,-Infinity\ne,-0.0\n",
    "c,5\nd,5\ne,-0.0\n",
    "e,-0.0\nf,NaN\n",
    "f,1\nc,1\n",
];

/// Runs the example's `sum`, `avg`, `try_sum` and `try_avg` of `value_type`s in complete mode
/// over `batches` (`regroup`: of each key's greatest value, per key count) and expects
/// `expected` at every scale.
fn prints_double_sums(batches: &[&str], value_type: &str, regroup: bool, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (b, text) in batches.iter().enumerate() {
        write_file(dir.path(), &format!("batch-{b}.txt"), text, b as u64);
    }
    let mut args = edge_args(&dir, "sum,avg,try_sum,try_avg", value_type);
    args.extend(["--output-mode", "complete"].map(String::from));
    if regroup {
        args.push("--regroup".into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    at_every_scale("aggregate_functions", &args, expected);
}

/// Sums and averages of doubles over another aggregation's changes are those of the values
/// that remain, after every batch, at every scale: `1` once `1e20` has left (a running double
/// printed `0.0`), `NaN` while `+inf` and `-inf` are both there and `1.0` again once they
/// left, `0.0` for `-0.0` alone. The tables are PySpark 4.3's for the same two aggregations
/// as a batch query over the files read so far (Spark refuses chained streaming
/// aggregations).
#[test]
fn double_sums_over_retractions_are_those_of_the_remaining_values() {
    prints_double_sums(
        &REGROUP_BATCHES,
        "double",
        true,
        include_str!("../expected/aggregate_functions_regroup_double.txt"),
    );
}

/// The same with `float` values, summed as doubles (`1e20` as a float is
/// `1.0000000200408773E20` as a double), as PySpark 4.3 prints them.
#[test]
fn float_sums_over_retractions_are_those_of_the_remaining_values() {
    prints_double_sums(
        &REGROUP_BATCHES,
        "float",
        true,
        include_str!("../expected/aggregate_functions_regroup_float.txt"),
    );
}

/// A sum or average of `-0.0`s is `0.0`, as Spark's sum starts from `0.0`, over an input that
/// only grows too (PySpark 4.3's tables; Ember printed `-0.0`).
#[test]
fn double_sums_of_minus_zero_are_zero() {
    prints_double_sums(
        &["a,-0.0\nb,1.5\n", "a,-0.0\nb,-1.5\nc,\n"],
        "double",
        false,
        include_str!("../expected/aggregate_functions_minus_zero.txt"),
    );
}
