//! Stream-static joins, unions, static DataFrames and the memory sink. Every expected output
//! below holds PySpark 4's rows for the same query and input (`data/words`, three files taken
//! one per batch, and `data/categories.csv`), checked batch by batch; Ember prints a batch's
//! rows sorted, where Spark's order is that of its partitions.

use ember::expr::{col, explode, lit, split};
use ember::{Row, Session, Trigger, Value};

use crate::support::{
    at_every_scale, collect_batches, console_available_now, run_then_restart, write_file, Scale,
};

const INNER: &str = "\
-------------------------------------------
Batch: 0
-------------------------------------------
+------+--------+
|  word|category|
+------+--------+
| apple|   fruit|
| apple|   fruit|
|banana|   fruit|
+------+--------+

-------------------------------------------
Batch: 1
-------------------------------------------
+------+---------+
|  word| category|
+------+---------+
|carrot|vegetable|
|carrot|vegetable|
|salmon|     fish|
+------+---------+

-------------------------------------------
Batch: 2
-------------------------------------------
+------+--------+
|  word|category|
+------+--------+
|banana|   fruit|
+------+--------+

";

const LEFT_OUTER: &str = "\
-------------------------------------------
Batch: 0
-------------------------------------------
+------+--------+
|  word|category|
+------+--------+
| apple|   fruit|
| apple|   fruit|
|banana|   fruit|
|  kiwi|    NULL|
+------+--------+

-------------------------------------------
Batch: 1
-------------------------------------------
+------+---------+
|  word| category|
+------+---------+
|carrot|vegetable|
|carrot|vegetable|
|  kiwi|     NULL|
|salmon|     fish|
+------+---------+

-------------------------------------------
Batch: 2
-------------------------------------------
+------+--------+
|  word|category|
+------+--------+
|banana|   fruit|
|  plum|    NULL|
+------+--------+

";

const LEFT_SEMI: &str = "\
-------------------------------------------
Batch: 0
-------------------------------------------
+------+
|  word|
+------+
| apple|
| apple|
|banana|
+------+

-------------------------------------------
Batch: 1
-------------------------------------------
+------+
|  word|
+------+
|carrot|
|carrot|
|salmon|
+------+

-------------------------------------------
Batch: 2
-------------------------------------------
+------+
|  word|
+------+
|banana|
+------+

";

const LEFT_ANTI: &str = "\
-------------------------------------------
Batch: 0
-------------------------------------------
+----+
|word|
+----+
|kiwi|
+----+

-------------------------------------------
Batch: 1
-------------------------------------------
+----+
|word|
+----+
|kiwi|
+----+

-------------------------------------------
Batch: 2
-------------------------------------------
+----+
|word|
+----+
|plum|
+----+

";

const COUNT_BY_CATEGORY: &str = "\
-------------------------------------------
Batch: 0
-------------------------------------------
+--------+-----+
|category|count|
+--------+-----+
|    NULL|    1|
|   fruit|    3|
+--------+-----+

-------------------------------------------
Batch: 1
-------------------------------------------
+---------+-----+
| category|count|
+---------+-----+
|     NULL|    2|
|     fish|    1|
|vegetable|    2|
+---------+-----+

-------------------------------------------
Batch: 2
-------------------------------------------
+--------+-----+
|category|count|
+--------+-----+
|    NULL|    3|
|   fruit|    4|
+--------+-----+

";

#[test]
fn every_join_type_prints_what_pyspark_prints_at_every_scale() {
    for (how, expected) in [
        ("inner", INNER),
        ("left_outer", LEFT_OUTER),
        ("left_semi", LEFT_SEMI),
        ("left_anti", LEFT_ANTI),
    ] {
        at_every_scale("enrich", &["--how", how], expected);
    }
}

/// `static.join(stream, "word", "inner")`: Spark runs it, with the same rows and columns.
#[test]
fn an_inner_join_with_the_table_on_the_left_at_every_scale() {
    at_every_scale("enrich", &["--table-first"], INNER);
}

#[test]
fn a_join_then_an_aggregation_in_update_mode_at_every_scale() {
    at_every_scale(
        "enrich",
        &["--how", "left_outer", "--count"],
        COUNT_BY_CATEGORY,
    );
}

/// The shipped words, as files with fixed modification times.
fn write_words(dir: &std::path::Path, files: std::ops::Range<usize>) {
    let texts = [
        "apple banana\nkiwi apple\n",
        "salmon\ncarrot carrot kiwi\n",
        "banana plum\n",
    ];
    for i in files {
        write_file(dir, &format!("part-{i}.txt"), texts[i], i as u64);
    }
}

#[test]
fn a_join_and_aggregation_restarts_from_its_checkpoint_at_another_scale() {
    for scales in [
        (Scale::Workers(1), Scale::Workers(2)),
        (Scale::Workers(2), Scale::Processes(2, 2)),
    ] {
        let (first, second) = run_then_restart(
            "enrich",
            &["--how", "left_outer", "--count"],
            scales,
            |dir| write_words(dir, 0..2),
            |dir| write_words(dir, 2..3),
        );
        let batch_2 = COUNT_BY_CATEGORY
            .find("-------------------------------------------\nBatch: 2")
            .unwrap();
        assert_eq!(first, COUNT_BY_CATEGORY[..batch_2], "{scales:?}");
        assert_eq!(second, COUNT_BY_CATEGORY[batch_2..], "{scales:?}");
    }
}

fn session(workers: usize) -> Session {
    Session::builder()
        .cluster(ember::ClusterArgs::threads(workers))
        .get_or_create()
        .unwrap()
}

fn words(spark: &Session, dir: &std::path::Path) -> ember::DataFrame {
    spark
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .load_path(dir)
        .unwrap()
        .select([explode(split(col("value"), " ")).alias("word")])
        .unwrap()
}

/// Two source directories under `root`: `words`, with the three files of [`write_words`],
/// and `other`, empty.
fn two_sources(root: &std::path::Path, other: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let (words, other) = (root.join("words"), root.join(other));
    std::fs::create_dir_all(&words).unwrap();
    std::fs::create_dir_all(&other).unwrap();
    write_words(&words, 0..3);
    (words, other)
}

#[test]
fn a_union_of_two_file_streams_prints_what_pyspark_prints() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_sources(dir.path(), "more");
    write_file(&b, "part-0.txt", "zebra\napple\n", 0);
    for workers in [1, 2] {
        let spark = session(workers);
        let union = words(&spark, &a).union(&words(&spark, &b)).unwrap();
        // PySpark 4: batch 0 takes the first file of each source.
        assert_eq!(
            console_available_now(&union),
            "\
-------------------------------------------
Batch: 0
-------------------------------------------
+------+
|  word|
+------+
| apple|
| apple|
| apple|
|banana|
|  kiwi|
| zebra|
+------+

-------------------------------------------
Batch: 1
-------------------------------------------
+------+
|  word|
+------+
|carrot|
|carrot|
|  kiwi|
|salmon|
+------+

-------------------------------------------
Batch: 2
-------------------------------------------
+------+
|  word|
+------+
|banana|
|  plum|
+------+

",
            "{workers} workers"
        );
    }
}

/// An aggregation over a source alone is keyed as the source is read (no rows enter the
/// dataflow); over a union it keys the rows in the dataflow. Both give the same batches, and
/// a key that fails fails the query with the same error.
#[test]
fn an_aggregation_keyed_as_its_source_is_read_equals_one_keyed_in_the_dataflow() {
    let dir = tempfile::tempdir().unwrap();
    let (a, empty) = two_sources(dir.path(), "empty");
    for workers in [1, 2] {
        let spark = session(workers);
        // The count of `df` by `key`, in update mode, to its end.
        let counts = |df: ember::DataFrame, key: ember::expr::Expr| {
            df.group_by([key])
                .unwrap()
                .count()
                .unwrap()
                .write_stream()
                .output_mode("update")
                .trigger(Trigger::AvailableNow)
        };
        let keyed_as_read = collect_batches(counts(words(&spark, &a), col("word")));
        let unioned = words(&spark, &a).union(&words(&spark, &empty)).unwrap();
        assert_eq!(keyed_as_read, collect_batches(counts(unioned, col("word"))));
        let row = |word: &str, n: i64| Row::new(vec![Value::from(word), Value::Long(n)]);
        assert_eq!(
            keyed_as_read,
            [
                (0, vec![row("apple", 2), row("banana", 1), row("kiwi", 1)]),
                (1, vec![row("carrot", 2), row("kiwi", 2), row("salmon", 1)]),
                (2, vec![row("banana", 2), row("plum", 1)]),
            ],
            "{workers} workers"
        );
        // A key no word casts to: the first batch fails, the same way on both paths.
        let failing = |df: ember::DataFrame| {
            counts(df, col("word").cast(ember::DataType::Integer))
                .foreach_batch(|_, _| Ok(()))
                .start()
                .unwrap()
                .await_termination()
                .unwrap_err()
                .to_string()
                .split_once("terminated with exception: ")
                .expect("a query failure")
                .1
                .to_string()
        };
        let error = failing(words(&spark, &a));
        assert!(
            error.starts_with("[CAST_INVALID_INPUT] The value 'apple' of the type \"STRING\""),
            "{error}"
        );
        let unioned = words(&spark, &a).union(&words(&spark, &empty)).unwrap();
        assert_eq!(error, failing(unioned));
    }
}

#[test]
fn union_by_name_matches_columns_by_name() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "a.txt", "x\n", 0);
    let spark = session(1);
    let lines = spark.read_stream().text(dir.path()).unwrap();
    let first = lines.select([col("value"), lit(1).alias("n")]).unwrap();
    let second = lines.select([lit(2).alias("n"), col("value")]).unwrap();
    assert_eq!(
        console_available_now(&first.union_by_name(&second).unwrap()),
        "-------------------------------------------\nBatch: 0\n-------------------------------------------\n\
+-----+---+\n|value|  n|\n+-----+---+\n|    x|  1|\n|    x|  2|\n+-----+---+\n\n"
    );
    let err = lines.union(&first).unwrap_err().to_string();
    // PySpark 4's words, up to the plan it appends.
    assert_eq!(
        err,
        "[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of \
         columns, but the first input has 1 columns and the second input has 2 columns. \
         SQLSTATE: 42826"
    );
}

#[test]
fn join_refusals_are_sparks() {
    let dir = tempfile::tempdir().unwrap();
    let spark = session(1);
    let stream = words(&spark, dir.path());
    let table = spark
        .read()
        .format("csv")
        .option("header", true)
        .load_path(concat!(env!("CARGO_MANIFEST_DIR"), "/data/categories.csv"))
        .unwrap();
    let err = |r: ember::Result<ember::DataFrame>| r.unwrap_err().to_string();
    // Each checked with PySpark 4 (which appends the plan after the `;`).
    assert_eq!(
        err(stream.join(&table, "word", "right_outer")),
        "RightOuter join with a streaming DataFrame/Dataset on the left and a static \
         DataFrame/DataSet on the right not supported;"
    );
    for how in ["full_outer", "outer", "full"] {
        assert_eq!(
            err(stream.join(&table, "word", how)),
            "FullOuter joins with streaming DataFrames/Datasets on the left and a static \
             DataFrame/Dataset on the right is not supported;"
        );
    }
    assert_eq!(
        err(table.join(&stream, "word", "left_outer")),
        "LeftOuter join with a streaming DataFrame/Dataset on the right and a static \
         DataFrame/Dataset on the left is not supported;"
    );
    assert!(err(table.join(&stream, "word", "right_outer"))
        .starts_with("Ember joins a static DataFrame on the left with a stream on the right as an inner join only"));
    assert_eq!(
        err(table.join(&stream, "word", "left_anti")),
        "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported;"
    );
    assert_eq!(
        err(stream.join(&table, "word", "bogus")),
        "[UNSUPPORTED_JOIN_TYPE] Unsupported join type 'bogus'. Supported join types include: \
         'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', \
         'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', \
         'leftanti', 'left_anti', 'anti', 'cross'. SQLSTATE: 0A000"
    );
    assert!(err(stream.join(&table, "nope", "inner"))
        .starts_with("[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `nope` cannot be resolved"));
    // A join on a condition keeps both sides' columns, as Spark's.
    let on = stream
        .join(&table, col("word").eq(col("word")), "inner")
        .unwrap();
    assert_eq!(on.schema().names(), ["word", "word", "category"]);
}

#[test]
fn static_dataframes_show_and_collect() {
    let spark = session(2);
    let df = spark
        .create_data_frame(
            vec![
                Row::new(vec!["apple".into(), Value::Int(3)]),
                Row::new(vec!["kiwi".into(), Value::Null]),
                Row::new(vec![
                    "a much longer string than twenty chars".into(),
                    Value::Int(10),
                ]),
            ],
            "word STRING, n INT",
        )
        .unwrap();
    assert!(!df.is_streaming());
    // PySpark 4's table, its rows sorted as Ember prints them.
    assert_eq!(
        df.show_string(20, 20).unwrap(),
        "\
+--------------------+----+
|                word|   n|
+--------------------+----+
|a much longer str...|  10|
|               apple|   3|
|                kiwi|NULL|
+--------------------+----+
"
    );
    assert_eq!(df.collect().unwrap().len(), 3);
    let categories = spark
        .read()
        .option("header", true)
        .csv(concat!(env!("CARGO_MANIFEST_DIR"), "/data/categories.csv"))
        .unwrap();
    assert_eq!(
        categories.show_string(20, 20).unwrap(),
        "\
+------+---------+
|  word| category|
+------+---------+
| apple|    fruit|
|banana|    fruit|
|carrot|vegetable|
|salmon|     fish|
+------+---------+
"
    );
    let err = words(&spark, std::path::Path::new("data/words"))
        .collect()
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "Queries with streaming sources must be executed with writeStream.start();"
    );
}

#[test]
fn the_memory_sink_fills_a_table_that_spark_table_reads() {
    let spark = session(2);
    let query = words(
        &spark,
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/words")),
    )
    .write_stream()
    .format("memory")
    .query_name("w")
    .trigger(Trigger::AvailableNow)
    .start()
    .unwrap();
    query.await_termination().unwrap();
    let words: Vec<String> = spark
        .table("w")
        .unwrap()
        .collect()
        .unwrap()
        .iter()
        .map(|row| match row.get(0) {
            Value::String(word) => word.clone(),
            other => panic!("not a word: {other:?}"),
        })
        .collect();
    assert_eq!(
        words,
        [
            "apple", "apple", "banana", "banana", "carrot", "carrot", "kiwi", "kiwi", "plum",
            "salmon"
        ]
    );
    let err = words_stream_without_name(&spark);
    assert_eq!(err, "queryName must be specified for memory sink.");
}

fn words_stream_without_name(spark: &Session) -> String {
    let dir = tempfile::tempdir().unwrap();
    words(spark, dir.path())
        .write_stream()
        .format("memory")
        .start()
        .unwrap_err()
        .to_string()
}

/// What the console prints for a complete-mode word count table of `counts`, as batch `id`.
fn count_table(id: u64, counts: &[(&str, i64)]) -> String {
    let width = counts
        .iter()
        .map(|(w, _)| w.len())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut table = format!(
        "+{0}+-----+\n|{1:>width$}|count|\n+{0}+-----+\n",
        "-".repeat(width),
        "word"
    );
    for (word, count) in counts {
        table.push_str(&format!("|{word:>width$}|{count:>5}|\n"));
    }
    table.push_str(&format!("+{}+-----+\n", "-".repeat(width)));
    crate::support::console_batch(id, &table)
}

/// Runs `union_count` over `a`, `b` and a loopback socket at `scale`, with checkpoint `ck`:
/// waits for `before` batches, sends `line`, waits for its batch, stops the query.
fn union_run(dir: &std::path::Path, scale: Scale, before: usize, line: &str) -> String {
    use crate::support::{finish_all, start_at_scale, LineServer};
    let mut server = LineServer::new();
    let port = server.port().to_string();
    let (a, b, ck) = (dir.join("a"), dir.join("b"), dir.join("ck"));
    let args = [
        "--path",
        a.to_str().unwrap(),
        "--path",
        b.to_str().unwrap(),
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--checkpoint",
        ck.to_str().unwrap(),
    ];
    let mut procs = start_at_scale("union_count", &args, scale, dir);
    server.accept();
    procs[0].wait_for_batches(before);
    server.send(line);
    procs[0].wait_for_batches(before + 1);
    procs[0].terminate();
    finish_all(procs)
}

/// Two file sources and a socket, in one query, restarted from its checkpoint at another
/// scale. PySpark 4.0.1 prints the same batches in the first run (its rows in another order);
/// on the restart it prints batch 3 as here, then fails when the socket's line arrives
/// (`IllegalStateException: Offsets committed out of order: 0 followed by -1`, its socket
/// source cannot commit after recovering), where Ember reads the new connection from its
/// first line: batch 4 is what Spark would have printed.
#[test]
fn a_union_of_files_and_a_socket_recovers_from_its_checkpoint() {
    for (first, second) in [
        (Scale::Workers(1), Scale::Workers(2)),
        (Scale::Processes(2, 2), Scale::Workers(1)),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        write_file(&a, "part-0.txt", "apple banana\n", 0);
        write_file(&a, "part-1.txt", "banana cherry\n", 1);
        write_file(&b, "part-0.txt", "cherry date\n", 0);
        let run_1 = union_run(dir.path(), first, 2, "apple elder\n");
        assert_eq!(
            run_1,
            [
                count_table(
                    0,
                    &[("apple", 1), ("banana", 1), ("cherry", 1), ("date", 1)]
                ),
                count_table(
                    1,
                    &[("apple", 1), ("banana", 2), ("cherry", 2), ("date", 1)]
                ),
                count_table(
                    2,
                    &[
                        ("apple", 2),
                        ("banana", 2),
                        ("cherry", 2),
                        ("date", 1),
                        ("elder", 1)
                    ]
                ),
            ]
            .concat(),
            "{first:?}"
        );
        write_file(&a, "part-2.txt", "fig apple\n", 2);
        write_file(&b, "part-1.txt", "date date\n", 1);
        let run_2 = union_run(dir.path(), second, 1, "grape apple\n");
        let restored = [
            ("apple", 3),
            ("banana", 2),
            ("cherry", 2),
            ("date", 3),
            ("elder", 1),
            ("fig", 1),
        ];
        let mut last = restored.to_vec();
        last[0].1 = 4;
        last.push(("grape", 1));
        assert_eq!(
            run_2,
            count_table(3, &restored) + &count_table(4, &last),
            "{first:?} then {second:?}"
        );
    }
}

/// `a.union(&a)`: the source is read once and its rows feed both branches, as Spark reads one
/// source per streaming relation — each row comes twice, and a socket is connected to once
/// (a second connection would get none of the server's lines).
#[test]
fn a_dataframe_used_twice_reads_its_source_once() {
    use crate::support::LineServer;
    for workers in [1, 2] {
        let mut server = LineServer::new();
        let spark = session(workers);
        let lines = crate::support::socket_lines(&spark, server.port());
        let twice = lines.union(&lines).unwrap();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = seen.clone();
        let query = twice
            .write_stream()
            .foreach_batch(move |_, rows: &[Row]| {
                sink.lock().unwrap().extend_from_slice(rows);
                Ok(())
            })
            .start()
            .unwrap();
        server.accept();
        server.send("a\nb\n");
        let deadline = std::time::Instant::now() + crate::support::PATIENCE;
        while seen.lock().unwrap().len() < 4 {
            assert!(
                std::time::Instant::now() < deadline,
                "{:?}",
                seen.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        query.stop().unwrap();
        let text = |s: &str| Row::new(vec![s.into()]);
        assert_eq!(
            *seen.lock().unwrap(),
            [text("a"), text("a"), text("b"), text("b")],
            "{workers} workers"
        );
    }
}

/// The transformations of streams work on static DataFrames too: filter, aggregate, union,
/// join.
#[test]
fn static_dataframes_take_the_same_transformations() {
    let spark = session(2);
    let words = spark
        .read()
        .text(concat!(env!("CARGO_MANIFEST_DIR"), "/data/words"))
        .unwrap()
        .select([explode(split(col("value"), " ")).alias("word")])
        .unwrap();
    let categories = spark
        .read()
        .option("header", true)
        .csv(concat!(env!("CARGO_MANIFEST_DIR"), "/data/categories.csv"))
        .unwrap();
    let counts = words
        .union(&words)
        .unwrap()
        .join(&categories, "word", "left_outer")
        .unwrap()
        .group_by([col("category")])
        .unwrap()
        .count()
        .unwrap()
        .filter(col("count").gt(2))
        .unwrap();
    assert_eq!(
        counts.show_string(20, 20).unwrap(),
        "\
+---------+-----+
| category|count|
+---------+-----+
|     NULL|    6|
|    fruit|    8|
|vegetable|    4|
+---------+-----+
"
    );
}
