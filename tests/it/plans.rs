//! `explain()` prints stable plans (pinned here), and analysis errors name what is wrong.

use ember::expr::{col, count, explode, length, split, sum};
use ember::Session;

fn lines() -> ember::DataFrame {
    Session::builder()
        .get_or_create()
        .unwrap()
        .read_stream()
        .text("data/echo")
        .unwrap()
}

#[test]
fn word_count_plan_shows_fused_stages_exchange_and_arrangement() {
    let words = lines()
        .select([explode(split(col("value"), " ")).alias("word")])
        .unwrap();
    let counts = words.group_by([col("word")]).unwrap().count().unwrap();
    let frequent = counts.filter(col("count").gt(1)).unwrap();
    assert_eq!(
        frequent.explain_string(),
        "\
== Logical Plan ==
Filter (count > 1)
+- Aggregate [word], [count]
   +- Project [explode(split(value,  , -1)) AS word]
      +- StreamingRelation text[data/echo] [value]

== Physical Plan ==
Sink console (Append mode)
+- *(2) Pipeline [Filter (count > 1)]
   +- *(1) Aggregate [word], [count]: partial per worker, exchange by hash([word]), one arrangement, emits changed groups
      (1) fused input [Project [explode(split(value,  , -1)) AS word] -> Key [word]]
      +- Source text[data/echo]
"
    );
}

#[test]
fn a_running_query_explains_its_sink_and_mode() {
    let counts = lines().group_by([col("value")]).unwrap().count().unwrap();
    let query = counts
        .write_stream()
        .output_mode("update")
        .trigger(ember::Trigger::AvailableNow)
        .foreach_batch(|_, _| Ok(()))
        .start()
        .unwrap();
    assert!(query
        .explain_string()
        .contains("== Physical Plan ==\nSink foreach_batch (Update mode)\n"));
    query.await_termination().unwrap();
}

#[test]
fn stateless_operators_fuse_into_one_pipeline() {
    let df = lines()
        .filter(col("value").not_eq(""))
        .unwrap()
        .with_column("n", length(col("value")))
        .unwrap()
        .drop(["value"])
        .unwrap();
    assert_eq!(df.schema().names(), ["n"]);
    assert!(
        df.explain_string().contains(
            "*(1) Pipeline [Filter (NOT (value = )) -> Project [value, length(value) AS n] -> Project [n]]"
        ),
        "{}",
        df.explain_string()
    );
}

#[test]
fn analysis_errors_name_the_column_and_the_types() {
    let lines = lines();
    let err = |r: ember::Result<ember::DataFrame>| r.unwrap_err().to_string();
    assert_eq!(
        err(lines.select([col("valu")])),
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name \
         `valu` cannot be resolved. Did you mean one of the following? [`value`]. SQLSTATE: 42703"
    );
    assert_eq!(
        err(lines.select([col("value") + 1])),
        "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(value + 1)\" due to data type \
         mismatch: the left and right operands of the binary operator have incompatible types \
         (\"STRING\" and \"INT\"). SQLSTATE: 42K09"
    );
    assert_eq!(
        err(lines
            .group_by([col("value")])
            .unwrap()
            .agg([sum(col("value"))])),
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"sum(value)\" due to data type \
         mismatch: The first parameter requires the \"NUMERIC\" or \"ANSI INTERVAL\" type, however \
         \"value\" has the type \"STRING\". SQLSTATE: 42K09"
    );
    assert!(err(lines.group_by([col("nope")]).unwrap().agg([count(col("value"))]))
        .starts_with("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope`"));
}

#[test]
fn aggregation_in_append_mode_is_refused_with_sparks_message() {
    let counts = lines().group_by([col("value")]).unwrap().count().unwrap();
    assert_eq!(
        counts.write_stream().start().unwrap_err().to_string(),
        "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: append. This \
         output mode is not supported for streaming aggregations without watermark on streaming \
         DataFrames/DataSets. SQLSTATE: 42KDE"
    );
}
