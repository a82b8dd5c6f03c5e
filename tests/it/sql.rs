//! SQL text against its DataFrame form: the same `explain()` and the same console bytes, at
//! one and two workers (`tests/it/word_count.rs` runs `sql_word_count` at two processes too).

use ember::expr::{col, count_star, explode, split, window};
use ember::{ClusterArgs, DataFrame, OutputMode, Session};

use crate::support::console_available_now_with;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

fn session(workers: usize) -> Session {
    Session::builder()
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()
        .unwrap()
}

/// Runs `df` to its end (one file a batch, `AvailableNow`) with a console sink in `mode`,
/// cells not cut; returns what it printed.
fn console(df: &DataFrame, mode: OutputMode) -> String {
    console_available_now_with(df, |writer| {
        writer
            .output_mode(&mode.to_string())
            .option("truncate", false)
    })
}

/// Asserts the SQL query and the DataFrame query explain and print the same.
fn same(sql: &DataFrame, df: &DataFrame, mode: OutputMode) -> String {
    assert_eq!(sql.explain_string(), df.explain_string());
    let printed = console(sql, mode);
    assert_eq!(printed, console(df, mode));
    printed
}

#[test]
fn a_windowed_count_in_sql_is_the_dataframe_query() {
    for workers in [1, 2] {
        let spark = session(workers);
        let events = spark
            .read_stream()
            .format("csv")
            .schema("ts TIMESTAMP, word STRING")
            .option("maxFilesPerTrigger", 1)
            .load_path(format!("{DATA}/events"))
            .unwrap()
            .with_watermark("ts", "5 minutes")
            .unwrap();
        events.create_or_replace_temp_view("events").unwrap();
        let sql = spark
            .sql(
                "SELECT window, word, count(*) AS count FROM events \
                 WHERE word <> 'late' GROUP BY window(ts, '10 minutes'), word",
            )
            .unwrap();
        let df = events
            .filter(col("word").not_eq("late"))
            .unwrap()
            .group_by([window(col("ts"), "10 minutes", None), col("word")])
            .unwrap()
            .agg([count_star().alias("count")])
            .unwrap();
        let printed = same(&sql, &df, OutputMode::Append);
        assert!(
            printed.contains("|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |2    |"),
            "{printed}"
        );
    }
}

#[test]
fn a_stream_static_join_in_sql_is_the_dataframe_query() {
    for workers in [1, 2] {
        let spark = session(workers);
        let lines = spark
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", 1)
            .load_path(format!("{DATA}/words"))
            .unwrap();
        let categories = spark
            .read()
            .format("csv")
            .option("header", true)
            .schema("word STRING, category STRING")
            .load_path(format!("{DATA}/categories.csv"))
            .unwrap();
        lines.create_or_replace_temp_view("lines").unwrap();
        categories
            .create_or_replace_temp_view("categories")
            .unwrap();
        let sql = spark
            .sql(
                "SELECT category, count(*) AS count \
                 FROM (SELECT explode(split(value, ' ')) AS word FROM lines) w \
                 LEFT JOIN categories c USING (word) GROUP BY category",
            )
            .unwrap();
        let df = lines
            .select([explode(split(col("value"), " ")).alias("word")])
            .unwrap()
            .join(&categories, "word", "left_outer")
            .unwrap()
            .group_by([col("category")])
            .unwrap()
            .count()
            .unwrap();
        let printed = same(&sql, &df, OutputMode::Update);
        assert!(printed.contains("|vegetable|2    |"), "{printed}");
    }
}

/// An event-time count written as SQL with interval values (`ts - INTERVAL '3' MINUTE`), at
/// one and two workers and at two processes of two: the windows and counts PySpark 4.3 prints
/// for the same query over the shipped events (`spark.sql` over a view with a 10-minute
/// watermark, `availableNow`, one file a batch). The 10:02 `cat` and the `late` rows are
/// filtered out; [10:00, 10:10) is final after batch 3, [10:10, 10:20) at the end.
#[test]
fn an_interval_windowed_sql_count_prints_as_spark_at_every_scale() {
    let query = "SELECT window, word, count(*) AS count FROM events \
                 WHERE ts - INTERVAL '3' MINUTE >= TIMESTAMP '2026-01-01 10:00:00' \
                 AND word <> 'late' GROUP BY window(ts, '10 minutes'), word";
    crate::support::at_every_scale("windowed_count", &["--sql", query], &interval_count());
}

/// The same count written with Spark's other literal forms: an interval of several units
/// without quotes, suffixed numbers and an escaped string print the same at every scale.
#[test]
fn literal_forms_of_the_interval_count_print_the_same_at_every_scale() {
    let query = "SELECT window, word, count(*) AS count FROM events \
                 WHERE ts - INTERVAL 2 MINUTES 60 SECONDS >= TIMESTAMP '2026-01-01 10:00:00' \
                 AND 1Y < 2S AND 2L = 2.0BD AND word IN ('c\\u0061t', 'd\\157g', 'o' 'wl') \
                 GROUP BY window(ts, '10 minutes'), word";
    crate::support::at_every_scale("windowed_count", &["--sql", query], &interval_count());
}

/// The same count with casts to map and struct types in its filter (true for every row):
/// the query parses and prints the same at every scale.
#[test]
fn casts_to_complex_types_in_a_streaming_filter_print_the_same_at_every_scale() {
    let query = "SELECT window, word, count(*) AS count FROM events \
                 WHERE ts - INTERVAL '3' MINUTE >= TIMESTAMP '2026-01-01 10:00:00' \
                 AND size(CAST(map(word, 1) AS MAP<STRING, BIGINT>)) = 1 \
                 AND CAST(struct(word) AS STRUCT<w: STRING>) IS NOT NULL \
                 AND word <> 'late' GROUP BY window(ts, '10 minutes'), word";
    crate::support::at_every_scale("windowed_count", &["--sql", query], &interval_count());
}

/// What `an_interval_windowed_sql_count_prints_as_spark_at_every_scale`'s query prints.
pub(crate) fn interval_count() -> String {
    let batch = |id, rows: &[&str]| crate::event_time::windowed_batch("window", id, rows);
    [
        batch(0, &[]),
        batch(1, &[]),
        batch(2, &[]),
        batch(
            3,
            &[
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|cat |1    |",
                "|{2026-01-01 10:00:00, 2026-01-01 10:10:00}|dog |2    |",
            ],
        ),
        batch(
            4,
            &["|{2026-01-01 10:10:00, 2026-01-01 10:20:00}|owl |1    |"],
        ),
    ]
    .concat()
}
