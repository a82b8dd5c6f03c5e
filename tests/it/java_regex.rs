//! Java's regular-expression features that Rust's `regex` lacks (look-around,
//! back-references), in SQL over a text stream: the console bytes PySpark 4.3 prints for the
//! same queries (`spark.readStream.text(dir)`, a view, `availableNow`, console sink with
//! `truncate` off; rows sorted, as Ember's console sink sorts them), at one and two workers.

use ember::{ClusterArgs, OutputMode, Session};

use crate::support::{console_available_now_with, write_files};

/// The one file of the stream.
const LINES: &str = "a1b2c3\nprice: 100 USD\naaa bbb\nfoo22bar\n";

/// `RLIKE` with a back-reference, `regexp_replace` at a look-around position and
/// `regexp_extract` after a look-behind, row by row.
const ROWS: &str = r"SELECT value, value RLIKE '(\\w)\\1', regexp_replace(value, '(?<=\\d)(?=[a-z])', '-'), regexp_extract(value, '(?<=price: )\\d+', 0) FROM lines";

const ROWS_PRINTED: &str = r"-------------------------------------------
Batch: 0
-------------------------------------------
+--------------+--------------------+---------------------------------------------+-----------------------------------------+
|value         |RLIKE(value, (\w)\1)|regexp_replace(value, (?<=\d)(?=[a-z]), -, 1)|regexp_extract(value, (?<=price: )\d+, 0)|
+--------------+--------------------+---------------------------------------------+-----------------------------------------+
|a1b2c3        |false               |a1-b2-c3                                     |                                         |
|aaa bbb       |true                |aaa bbb                                      |                                         |
|foo22bar      |true                |foo22-bar                                    |                                         |
|price: 100 USD|true                |price: 100 USD                               |100                                      |
+--------------+--------------------+---------------------------------------------+-----------------------------------------+

";

/// A word count whose `split` cuts between digits and non-digits with look-around (the
/// streamed `explode(split(..))` path), where Java's search rule keeps the space of ` USD`.
const WORDS: &str = r"SELECT word, count(*) AS count FROM (SELECT explode(split(value, '(?<=\\d)(?=\\D)| ')) AS word FROM lines) w GROUP BY word";

const WORDS_PRINTED: &str = r"-------------------------------------------
Batch: 0
-------------------------------------------
+------+-----+
|word  |count|
+------+-----+
| USD  |1    |
|100   |1    |
|a1    |1    |
|aaa   |1    |
|b2    |1    |
|bar   |1    |
|bbb   |1    |
|c3    |1    |
|foo22 |1    |
|price:|1    |
+------+-----+

";

#[test]
fn look_around_and_back_references_print_as_spark() {
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".txt", &[LINES]);
    for workers in [1, 2] {
        let spark = Session::builder()
            .cluster(ClusterArgs::threads(workers))
            .get_or_create()
            .unwrap();
        let lines = spark
            .read_stream()
            .format("text")
            .load_path(data.path().to_str().unwrap())
            .unwrap();
        lines.create_or_replace_temp_view("lines").unwrap();
        for (query, mode, expected) in [
            (ROWS, OutputMode::Append, ROWS_PRINTED),
            (WORDS, OutputMode::Update, WORDS_PRINTED),
        ] {
            let df = spark.sql(query).unwrap();
            let printed = console_available_now_with(&df, |writer| {
                writer
                    .output_mode(&mode.to_string())
                    .option("truncate", false)
            });
            assert_eq!(printed, expected, "{workers} workers: {query}");
        }
    }
}

/// A look-ahead in a streaming SQL filter at one and two workers and at two processes of two
/// (`windowed_count --sql`, the shipped events): `word RLIKE '^(?!late$)'` keeps what
/// `word <> 'late'` keeps, so the windows and counts are those PySpark 4.3 printed for the
/// interval count with `word <> 'late'`.
#[test]
fn a_look_ahead_filter_prints_the_same_at_every_scale() {
    let query = "SELECT window, word, count(*) AS count FROM events \
                 WHERE ts - INTERVAL '3' MINUTE >= TIMESTAMP '2026-01-01 10:00:00' \
                 AND word RLIKE '^(?!late$)' GROUP BY window(ts, '10 minutes'), word";
    crate::support::at_every_scale(
        "windowed_count",
        &["--sql", query],
        &crate::sql::interval_count(),
    );
}
