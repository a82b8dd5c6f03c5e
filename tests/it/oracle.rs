//! Incremental equals recompute: random batches of rows through every aggregate; after each
//! batch the result Ember emitted (update mode, applied to a table; and complete mode) equals
//! a from-scratch fold over all rows so far. Modelled on differential's
//! `tests/reduce_oracle.rs`.

use std::collections::BTreeMap;

use ember::expr::{avg, col, count, count_star, lit, max, min, regexp_extract, sum, when};
use ember::{ClusterArgs, DataType, Row, Session, Trigger, Value};

use crate::support::Lcg;

/// One input row: a key and an optional value.
type Input = (String, Option<i64>);

/// Writes `batches` random batches of `key,value` lines (value empty = null), a file each.
fn write_batches(dir: &std::path::Path, seed: u64, batches: usize) -> Vec<Vec<Input>> {
    write_random_batches(dir, seed, batches, (40, 7), |rng| {
        let value = (rng.below(5) != 0).then(|| rng.below(201) as i64 - 100);
        (value, value.map(|v| v.to_string()).unwrap_or_default())
    })
}

/// Writes `batches` random batches of fewer than `rows` lines `key,values`, a file each: keys
/// `k0` to `k{keys - 1}`, values drawn by `draw` (which returns them and their text).
fn write_random_batches<T>(
    dir: &std::path::Path,
    seed: u64,
    batches: usize,
    rows_keys: (u64, u64),
    draw: impl FnMut(&mut Lcg) -> (T, String),
) -> Vec<Vec<(String, T)>> {
    write_random_batches_after(dir, 0, seed, batches, rows_keys, draw)
}

/// As [`write_random_batches`], after the first `written` batches (files) of `dir`.
fn write_random_batches_after<T>(
    dir: &std::path::Path,
    written: usize,
    seed: u64,
    batches: usize,
    (rows, keys): (u64, u64),
    mut draw: impl FnMut(&mut Lcg) -> (T, String),
) -> Vec<Vec<(String, T)>> {
    let mut rng = Lcg(seed);
    let mut all = Vec::new();
    for b in written..written + batches {
        let mut batch = Vec::new();
        let mut text = String::new();
        for _ in 0..rng.below(rows) {
            let key = format!("k{}", rng.below(keys));
            let (value, shown) = draw(&mut rng);
            text.push_str(&format!("{key},{shown}\n"));
            batch.push((key, value));
        }
        crate::support::write_file(dir, &format!("batch-{b:03}.txt"), &text, b as u64);
        all.push(batch);
    }
    all
}

/// The values of `rows` (key, value) per key, in the order of `rows`.
fn by_key<T: Clone>(rows: &[(String, T)]) -> BTreeMap<String, Vec<T>> {
    let mut groups: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for (key, value) in rows {
        groups.entry(key.clone()).or_default().push(value.clone());
    }
    groups
}

/// The aggregates of each key over `rows`, computed from scratch, as Ember's result rows:
/// key, count(1), count(v), sum(v), avg(v), min(v), max(v).
fn recompute(rows: &[Input]) -> BTreeMap<String, Row> {
    by_key(rows)
        .into_iter()
        .map(|(key, values)| {
            let present: Vec<i64> = values.iter().flatten().copied().collect();
            let or_null = |v: Option<Value>| v.unwrap_or(Value::Null);
            let sum = (!present.is_empty()).then(|| present.iter().sum::<i64>());
            let row = Row::new(vec![
                Value::from(key.as_str()),
                Value::Long(values.len() as i64),
                Value::Long(present.len() as i64),
                or_null(sum.map(Value::Long)),
                or_null(sum.map(|s| Value::Double(s as f64 / present.len() as f64))),
                or_null(present.iter().min().map(|m| Value::Long(*m))),
                or_null(present.iter().max().map(|m| Value::Long(*m))),
            ]);
            (key, row)
        })
        .collect()
}

/// The lines of the files of `dir`, a file a batch, on `workers` workers.
fn lines(dir: &std::path::Path, workers: usize) -> ember::DataFrame {
    Session::builder()
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()
        .unwrap()
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .load_path(dir)
        .unwrap()
}

/// The batches' `key,value` lines over `dir` as rows `(k, v)` (an empty value is null), a
/// file a batch, on `workers` workers.
fn parsed(dir: &std::path::Path, workers: usize) -> ember::DataFrame {
    parsed_as(dir, workers, "bigint")
}

/// As [`parsed`], the values cast to `value_type`.
fn parsed_as(dir: &std::path::Path, workers: usize, value_type: &str) -> ember::DataFrame {
    let value = regexp_extract(col("value"), "^[^,]*,(.*)$", 1);
    lines(dir, workers)
        .select([
            regexp_extract(col("value"), "^([^,]*),", 1).alias("k"),
            when(value.clone().eq(""), lit(Value::Null))
                .otherwise(value.cast_str(value_type))
                .alias("v"),
        ])
        .unwrap()
}

/// Runs the aggregation over `dir` in `mode`; returns the rows each batch emitted.
fn run(dir: &std::path::Path, workers: usize, mode: &str) -> Vec<Vec<Row>> {
    let aggregated = parsed(dir, workers)
        .group_by([col("k")])
        .unwrap()
        .agg([
            count_star(),
            count(col("v")),
            sum(col("v")),
            avg(col("v")),
            min(col("v")),
            max(col("v")),
        ])
        .unwrap();
    assert_eq!(
        aggregated.schema().names(),
        ["k", "count(1)", "count(v)", "sum(v)", "avg(v)", "min(v)", "max(v)"]
    );
    batch_rows(aggregated, mode)
}

/// The rows each batch of `df` emitted in `mode`, to the end of its input.
fn batch_rows(df: ember::DataFrame, mode: &str) -> Vec<Vec<Row>> {
    let writer = df
        .write_stream()
        .output_mode(mode)
        .trigger(Trigger::AvailableNow);
    crate::support::collect_batches(writer)
        .into_iter()
        .map(|(_, rows)| rows)
        .collect()
}

#[test]
fn incremental_aggregates_equal_recomputation_after_every_batch() {
    for seed in [1, 2, 3] {
        let dir = tempfile::tempdir().unwrap();
        let batches = write_batches(dir.path(), seed, 12);
        for workers in [1, 2] {
            let updates = run(dir.path(), workers, "update");
            let completes = run(dir.path(), workers, "complete");
            assert_eq!(updates.len(), batches.len());
            assert_eq!(completes.len(), batches.len());
            let mut table: BTreeMap<String, Row> = BTreeMap::new();
            let mut so_far = Vec::new();
            for (b, rows) in batches.iter().enumerate() {
                so_far.extend(rows.iter().cloned());
                let expected = recompute(&so_far);
                for row in &updates[b] {
                    table.insert(row.get(0).as_str().unwrap().to_string(), row.clone());
                }
                let context = format!("seed {seed}, {workers} workers, batch {b}");
                assert_eq!(table, expected, "update mode, {context}");
                let complete: Vec<Row> = expected.values().cloned().collect();
                assert_eq!(completes[b], complete, "complete mode, {context}");
            }
        }
    }
}

/// Per key: count(*) and sum(v), computed from scratch.
fn level_1(rows: &[Input]) -> BTreeMap<String, (i64, Option<i64>)> {
    let mut groups: BTreeMap<String, (i64, Option<i64>)> = BTreeMap::new();
    for (key, value) in rows {
        let entry = groups.entry(key.clone()).or_insert((0, None));
        entry.0 += 1;
        if let Some(v) = value {
            entry.1 = Some(entry.1.unwrap_or(0) + v);
        }
    }
    groups
}

/// Level 1's groups (their count first) by bucket `count % 3`, as level 2 groups them.
fn by_bucket<T>(groups: impl IntoIterator<Item = (i64, T)>) -> BTreeMap<i64, Vec<(i64, T)>> {
    let mut buckets: BTreeMap<i64, Vec<(i64, T)>> = BTreeMap::new();
    for (count, rest) in groups {
        buckets.entry(count % 3).or_default().push((count, rest));
    }
    buckets
}

/// Level 2, from scratch: per bucket `c % 3` of level 1's counts — count(*), sum(c), min(c),
/// max(c), avg(c), min(s), max(s) — as Ember's rows.
fn level_2(rows: &[Input]) -> BTreeMap<i64, Row> {
    by_bucket(level_1(rows).into_values())
        .into_iter()
        .map(|(bucket, groups)| {
            let counts: Vec<i64> = groups.iter().map(|(c, _)| *c).collect();
            let sums: Vec<i64> = groups.iter().filter_map(|(_, s)| *s).collect();
            let or_null = |v: Option<i64>| v.map_or(Value::Null, Value::Long);
            let total: i64 = counts.iter().sum();
            let row = Row::new(vec![
                Value::Long(bucket),
                Value::Long(counts.len() as i64),
                Value::Long(total),
                or_null(counts.iter().min().copied()),
                or_null(counts.iter().max().copied()),
                Value::Double(total as f64 / counts.len() as f64),
                or_null(sums.iter().min().copied()),
                or_null(sums.iter().max().copied()),
            ]);
            (bucket, row)
        })
        .collect()
}

/// Level 3, from scratch: over level 2's rows, min(n), max(n), sum(n), count(*).
fn level_3(rows: &[Input]) -> Vec<Row> {
    let counts: Vec<i64> = level_2(rows)
        .values()
        .map(|row| match row.get(1) {
            Value::Long(n) => *n,
            other => panic!("{other:?}"),
        })
        .collect();
    if counts.is_empty() {
        return Vec::new();
    }
    vec![Row::new(vec![
        Value::Int(1),
        Value::Long(*counts.iter().min().unwrap()),
        Value::Long(*counts.iter().max().unwrap()),
        Value::Long(counts.iter().sum()),
        Value::Long(counts.len() as i64),
    ])]
}

/// Runs the chain of `levels` (2 or 3) aggregations over `dir` in `mode`; returns what each
/// batch emitted.
fn run_chain(dir: &std::path::Path, workers: usize, mode: &str, levels: usize) -> Vec<Vec<Row>> {
    batch_rows(chain(dir, workers, levels), mode)
}

/// The chain of `levels` (2 or 3) aggregations over `dir`.
fn chain(dir: &std::path::Path, workers: usize, levels: usize) -> ember::DataFrame {
    let first = parsed(dir, workers)
        .group_by([col("k")])
        .unwrap()
        .agg([count_star().alias("c"), sum(col("v")).alias("s")])
        .unwrap();
    let second = first
        .group_by([(col("c") % lit(3i64)).alias("bucket")])
        .unwrap()
        .agg([
            count_star().alias("n"),
            sum(col("c")),
            min(col("c")),
            max(col("c")),
            avg(col("c")),
            min(col("s")),
            max(col("s")),
        ])
        .unwrap();
    if levels == 3 {
        second
            .group_by([lit(1).alias("one")])
            .unwrap()
            .agg([min(col("n")), max(col("n")), sum(col("n")), count_star()])
            .unwrap()
    } else {
        second
    }
}

/// Chains of two and three aggregations — each level reads the one before's changes, old
/// rows retracted as new ones come, through min and max too — equal recomputation after
/// every batch: complete mode's table exactly; update mode's rows are the recomputed rows of
/// the groups they name, and every group that changed is among them.
#[test]
fn chained_aggregations_equal_recomputation_after_every_batch() {
    for seed in [4, 5] {
        let dir = tempfile::tempdir().unwrap();
        let batches = write_batches(dir.path(), seed, 10);
        for workers in [1, 2] {
            for levels in [2, 3] {
                let context = |b: usize| {
                    format!("seed {seed}, {workers} workers, {levels} levels, batch {b}")
                };
                let expected = |rows: &[Input]| -> Vec<Row> {
                    if levels == 2 {
                        level_2(rows).into_values().collect()
                    } else {
                        level_3(rows)
                    }
                };
                let completes = run_chain(dir.path(), workers, "complete", levels);
                let updates = run_chain(dir.path(), workers, "update", levels);
                assert_eq!(completes.len(), batches.len());
                assert_eq!(updates.len(), batches.len());
                let mut so_far = Vec::new();
                let mut before: Vec<Row> = Vec::new();
                for (b, rows) in batches.iter().enumerate() {
                    so_far.extend(rows.iter().cloned());
                    let now = expected(&so_far);
                    assert_eq!(completes[b], now, "complete mode, {}", context(b));
                    for row in &updates[b] {
                        assert!(
                            now.contains(row),
                            "update mode emitted {row:?}, {}",
                            context(b)
                        );
                    }
                    for row in now.iter().filter(|row| !before.contains(row)) {
                        assert!(
                            updates[b].contains(row),
                            "update mode missed {row:?}, {}",
                            context(b)
                        );
                    }
                    before = now;
                }
            }
        }
    }
}

/// The reported case: counts of words, then min and max of the counts, in complete mode,
/// over two batches of `a b` — after the second, both are 2 (Ember printed 1 | 1).
#[test]
fn min_and_max_of_counts_follow_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::write_files(dir.path(), "batch-", ".txt", &["a b", "a b"]);
    for workers in [1, 2] {
        let spark = Session::builder()
            .cluster(ClusterArgs::threads(workers))
            .get_or_create()
            .unwrap();
        let counts = spark
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", 1)
            .load_path(dir.path())
            .unwrap()
            .select([ember::expr::explode(ember::expr::split(col("value"), " ")).alias("word")])
            .unwrap()
            .group_by([col("word")])
            .unwrap()
            .count()
            .unwrap();
        let extremes = counts
            .group_by([lit(1)])
            .unwrap()
            .agg([min(col("count")), max(col("count"))])
            .unwrap();
        let out = crate::support::Captured::default();
        extremes
            .write_stream()
            .output_mode("complete")
            .trigger(Trigger::AvailableNow)
            .console_writer(out.clone())
            .start()
            .unwrap()
            .await_termination()
            .unwrap();
        let table = |n: i64| {
            format!(
                "+---+----------+----------+\n|  1|min(count)|max(count)|\n+---+----------+----------+\n\
                 |  1|         {n}|         {n}|\n+---+----------+----------+\n"
            )
        };
        assert_eq!(
            out.text(),
            crate::support::console_batch(0, &table(1))
                + &crate::support::console_batch(1, &table(2)),
            "{workers} workers"
        );
    }
}

/// The state each aggregation of a chain reports after every batch (`numRowsTotal`) equals
/// its number of groups recomputed from scratch, through retractions too; the first level's
/// `numRowsUpdated` is the number of keys the batch touched; memory is measured, never 0 for
/// a state that holds groups.
#[test]
fn reported_state_rows_equal_recomputed_groups_after_every_batch() {
    for seed in [6, 7] {
        let dir = tempfile::tempdir().unwrap();
        let batches = write_batches(dir.path(), seed, 10);
        for workers in [1, 2] {
            let query = chain(dir.path(), workers, 3)
                .write_stream()
                .output_mode("update")
                .trigger(Trigger::AvailableNow)
                .format("noop")
                .start()
                .unwrap();
            query.await_termination().unwrap();
            let progress = query.recent_progress();
            assert_eq!(progress.len(), batches.len());
            let mut so_far = Vec::new();
            for (b, (rows, report)) in batches.iter().zip(&progress).enumerate() {
                so_far.extend(rows.iter().cloned());
                let context = format!("seed {seed}, {workers} workers, batch {b}");
                let held: Vec<u64> = report
                    .state_operators
                    .iter()
                    .map(|s| s.num_rows_total)
                    .collect();
                let expected = [
                    level_1(&so_far).len(),
                    level_2(&so_far).len(),
                    level_3(&so_far).len(),
                ]
                .map(|n| n as u64);
                assert_eq!(held, expected, "{context}");
                let touched: std::collections::BTreeSet<&String> =
                    rows.iter().map(|(k, _)| k).collect();
                let first = &report.state_operators[0];
                assert_eq!(first.num_rows_updated, touched.len() as u64, "{context}");
                for state in &report.state_operators {
                    assert_eq!(
                        state.memory_used_bytes > 0,
                        state.num_rows_total > 0,
                        "{context}"
                    );
                }
            }
        }
    }
}

/// Ember's from-scratch definition of the variance family: Spark's Welford update over the
/// values in ascending order.
fn welford(values: &[i64]) -> (f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort();
    let (mut n, mut avg, mut m2) = (0.0f64, 0.0f64, 0.0f64);
    for x in sorted {
        n += 1.0;
        let delta = x as f64 - avg;
        let delta_n = delta / n;
        avg += delta_n;
        m2 += delta * (delta - delta_n);
    }
    (n, m2)
}

/// var_samp, var_pop, stddev_samp, stddev_pop of `values`, as Ember's values.
fn dispersions(values: &[i64]) -> [Value; 4] {
    let (n, m2) = welford(values);
    let samp = (n > 1.0).then(|| m2 / (n - 1.0));
    let pop = (n > 0.0).then(|| m2 / n);
    let double = |v: Option<f64>| v.map_or(Value::Null, Value::Double);
    [
        double(samp),
        double(pop),
        double(samp.map(f64::sqrt)),
        double(pop.map(f64::sqrt)),
    ]
}

/// `approx_count_distinct` of `values` (distinct), at Spark's default precision (9), as the
/// HyperLogLog++ of `ember_operators::hyperloglog` (checked against PySpark there).
fn approx_count(values: impl Iterator<Item = i64>) -> Value {
    let values: Vec<Value> = values.map(Value::Long).collect();
    Value::Long(ember_operators::hyperloglog::estimate(9, &values))
}

/// The new aggregates of each key over `batches` (rows in batch order), from scratch, as
/// Ember's rows: count(DISTINCT v), approx_count_distinct(v), sum(DISTINCT v), first(v),
/// first(v, true), last(v), last(v, true), collect_list(v), collect_set(v), then
/// var_samp, var_pop, stddev_samp, stddev_pop. Arrival order is by batch, then by value
/// (`NULL` first) within a batch.
fn recompute_new(batches: &[Vec<Input>]) -> BTreeMap<String, Row> {
    let mut groups: BTreeMap<String, Vec<(usize, Option<i64>)>> = BTreeMap::new();
    for (b, rows) in batches.iter().enumerate() {
        for (key, value) in rows {
            groups.entry(key.clone()).or_default().push((b, *value));
        }
    }
    groups
        .into_iter()
        .map(|(key, mut arrivals)| {
            arrivals.sort();
            let present: Vec<i64> = arrivals.iter().filter_map(|(_, v)| *v).collect();
            let distinct: std::collections::BTreeSet<i64> = present.iter().copied().collect();
            let long = |v: Option<i64>| v.map_or(Value::Null, Value::Long);
            let non_null = || arrivals.iter().filter_map(|(_, v)| *v);
            let mut row = vec![
                Value::from(key.as_str()),
                Value::Long(distinct.len() as i64),
                approx_count(distinct.iter().copied()),
                long((!distinct.is_empty()).then(|| distinct.iter().sum())),
                long(arrivals.first().and_then(|(_, v)| *v)),
                long(non_null().next()),
                long(arrivals.last().and_then(|(_, v)| *v)),
                long(non_null().next_back()),
                Value::Array(non_null().map(Value::Long).collect()),
                Value::Array(distinct.iter().map(|v| Value::Long(*v)).collect()),
            ];
            row.extend(dispersions(&present));
            (key, Row::new(row))
        })
        .collect()
}

/// The new aggregates over `dir` in `mode`; the rows each batch emitted.
fn run_new(dir: &std::path::Path, workers: usize, mode: &str) -> Vec<Vec<Row>> {
    use ember::expr::{
        approx_count_distinct, collect_list, collect_set, count_distinct, first, last, stddev_pop,
        stddev_samp, sum_distinct, var_pop, var_samp,
    };
    let v = || col("v");
    let aggregated = parsed(dir, workers)
        .group_by([col("k")])
        .unwrap()
        .agg([
            count_distinct(v()),
            approx_count_distinct(v()),
            sum_distinct(v()),
            first(v(), false),
            first(v(), true),
            last(v(), false),
            last(v(), true),
            collect_list(v()),
            collect_set(v()),
            var_samp(v()),
            var_pop(v()),
            stddev_samp(v()),
            stddev_pop(v()),
        ])
        .unwrap();
    batch_rows(aggregated, mode)
}

/// The distinct, arrival-ordered, collecting and variance aggregates: what update mode
/// emitted (applied to a table) and complete mode's table equal the from-scratch fold after
/// every batch, at one and two workers.
#[test]
fn new_aggregates_equal_recomputation_after_every_batch() {
    for seed in [8, 9] {
        let dir = tempfile::tempdir().unwrap();
        let batches = write_batches(dir.path(), seed, 10);
        for workers in [1, 2] {
            let updates = run_new(dir.path(), workers, "update");
            let completes = run_new(dir.path(), workers, "complete");
            assert_eq!(updates.len(), batches.len());
            assert_eq!(completes.len(), batches.len());
            let mut table: BTreeMap<String, Row> = BTreeMap::new();
            for b in 0..batches.len() {
                let expected = recompute_new(&batches[..=b]);
                for row in &updates[b] {
                    table.insert(row.get(0).as_str().unwrap().to_string(), row.clone());
                }
                let context = format!("seed {seed}, {workers} workers, batch {b}");
                assert_eq!(table, expected, "update mode, {context}");
                let complete: Vec<Row> = expected.values().cloned().collect();
                assert_eq!(completes[b], complete, "complete mode, {context}");
            }
        }
    }
}

/// Level 2 of the retracting chain with the order-free new aggregates, from scratch: per
/// bucket `c % 3` of level 1's counts — count(DISTINCT c), approx_count_distinct(s),
/// sum(DISTINCT c), collect_set(c), var_samp(c), stddev_pop(s).
fn level_2_new(rows: &[Input]) -> Vec<Row> {
    by_bucket(level_1(rows).into_values())
        .into_iter()
        .map(|(bucket, groups)| {
            let counts: Vec<i64> = groups.iter().map(|(c, _)| *c).collect();
            let sums: Vec<i64> = groups.iter().filter_map(|(_, s)| *s).collect();
            let distinct_counts: std::collections::BTreeSet<i64> = counts.iter().copied().collect();
            let distinct_sums: std::collections::BTreeSet<i64> = sums.iter().copied().collect();
            let [var_samp, ..] = dispersions(&counts);
            let [.., stddev_pop] = dispersions(&sums);
            Row::new(vec![
                Value::Long(bucket),
                Value::Long(distinct_counts.len() as i64),
                approx_count(distinct_sums.iter().copied()),
                Value::Long(distinct_counts.iter().sum()),
                Value::Array(distinct_counts.iter().map(|c| Value::Long(*c)).collect()),
                var_samp,
                stddev_pop,
            ])
        })
        .collect()
}

/// The order-free new aggregates over another aggregation's changes (old rows retracted as
/// new ones come) equal recomputation after every batch, in complete mode; and the
/// arrival-ordered ones are refused over such an input, naming the function.
#[test]
fn new_aggregates_over_retractions_equal_recomputation() {
    use ember::expr::{
        approx_count_distinct, collect_list, collect_set, count_distinct, first, last, stddev_pop,
        sum_distinct, var_samp,
    };
    let level_1 = |dir: &std::path::Path, workers| {
        parsed(dir, workers)
            .group_by([col("k")])
            .unwrap()
            .agg([count_star().alias("c"), sum(col("v")).alias("s")])
            .unwrap()
    };
    for seed in [10, 11] {
        let dir = tempfile::tempdir().unwrap();
        let batches = write_batches(dir.path(), seed, 10);
        for workers in [1, 2] {
            let second = level_1(dir.path(), workers)
                .group_by([(col("c") % lit(3i64)).alias("bucket")])
                .unwrap()
                .agg([
                    count_distinct(col("c")),
                    approx_count_distinct(col("s")),
                    sum_distinct(col("c")),
                    collect_set(col("c")),
                    var_samp(col("c")),
                    stddev_pop(col("s")),
                ])
                .unwrap();
            let completes = batch_rows(second, "complete");
            assert_eq!(completes.len(), batches.len());
            let mut so_far = Vec::new();
            for (b, rows) in batches.iter().enumerate() {
                so_far.extend(rows.iter().cloned());
                let context = format!("seed {seed}, {workers} workers, batch {b}");
                assert_eq!(completes[b], level_2_new(&so_far), "{context}");
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for (aggregate, name) in [
        (first(col("c"), false), "first(c)"),
        (last(col("s"), true), "last(s)"),
        (collect_list(col("c")), "collect_list(c)"),
    ] {
        let started = level_1(dir.path(), 1)
            .group_by([lit(1)])
            .unwrap()
            .agg([min(col("c")), aggregate])
            .unwrap()
            .write_stream()
            .output_mode("complete")
            .format("noop")
            .start();
        let Err(error) = started else {
            panic!("{name} over retractions must be refused");
        };
        assert_eq!(
            error.to_string(),
            format!(
                "Ember cannot compute \"{name}\" over this input: its value depends on the \
                 order rows arrive in, and the input retracts rows (it reads the changes of an \
                 aggregation or a stateful operator), which leaves that order undefined. \
                 Aggregate the rows before they are retracted, or use an aggregate that does \
                 not depend on order (min, max, collect_set)."
            )
        );
    }
}

/// One input row of the wide test: a key, and an optional pair of values — a `bigint` near the
/// edges of its type and a 38-digit decimal (`v` followed by 19 more digits).
type WideInput = (String, Option<(i64, i128)>);

/// Writes `batches` random batches of `key,v,w` lines (both empty = null) whose values are
/// near the edges of `bigint` and of `decimal(38,0)`, so that sums pass beyond their types
/// and come back.
fn write_wide_batches(dir: &std::path::Path, seed: u64, batches: usize) -> Vec<Vec<WideInput>> {
    write_random_batches(dir, seed, batches, (30, 5), |rng| {
        let value = (rng.below(5) != 0).then(|| {
            // 2^62 and up to 2^62 - 1 more (`below` gives 31 bits at a time).
            let low = rng.below(1 << 31) << 31 | rng.below(1 << 31);
            let magnitude = (1i64 << 62) | low as i64;
            let v = if rng.below(2) == 0 {
                magnitude
            } else {
                -magnitude
            };
            let more = i128::from(rng.below(1 << 31)) * i128::from(rng.below(1 << 31));
            (
                v,
                i128::from(v) * 10i128.pow(19) + more * i128::from(v.signum()),
            )
        });
        (
            value,
            value.map_or(",".to_string(), |(v, w)| format!("{v},{w}")),
        )
    })
}

/// The exact sum of `values` if it has at most 38 digits (what a `decimal(38,0)` holds),
/// computed apart from Ember's sums: each value split into its high and low 19 digits.
fn sum_within_38_digits(values: impl Iterator<Item = i128>) -> Option<i128> {
    let unit = 10i128.pow(19);
    let (mut high, mut low) = (0i128, 0i128);
    for v in values {
        high += v / unit;
        low += v % unit;
    }
    let total = high.checked_mul(unit)?.checked_add(low)?;
    (total.unsigned_abs() < 10u128.pow(38)).then_some(total)
}

/// A group's `try_sum` of `bigint`s and of `decimal(38,0)`s (unscaled).
type WideSums = (Option<i64>, Option<i128>);

/// Level 1 of the wide chain, from scratch: per key, count(*), try_sum(v), try_sum(w).
fn wide_level_1(rows: &[WideInput]) -> BTreeMap<String, (i64, WideSums)> {
    by_key(rows)
        .into_iter()
        .map(|(key, values)| {
            let present: Vec<(i64, i128)> = values.iter().flatten().copied().collect();
            let long: i128 = present.iter().map(|(v, _)| i128::from(*v)).sum();
            let any = !present.is_empty();
            let s = any.then(|| i64::try_from(long).ok()).flatten();
            let d = any
                .then(|| sum_within_38_digits(present.iter().map(|(_, w)| *w)))
                .flatten();
            (key, (values.len() as i64, (s, d)))
        })
        .collect()
}

/// Level 2 of the wide chain, from scratch: per bucket `c % 3` of level 1's counts —
/// count(*), try_sum(s), try_avg(s), try_sum(d) — as Ember's rows.
fn wide_level_2(rows: &[WideInput]) -> Vec<Row> {
    by_bucket(wide_level_1(rows).into_values())
        .into_iter()
        .map(|(bucket, groups)| {
            let sums: Vec<i128> = groups
                .iter()
                .filter_map(|(_, (s, _))| s.map(i128::from))
                .collect();
            let exact: i128 = sums.iter().sum();
            let decimals: Vec<i128> = groups.iter().filter_map(|(_, (_, d))| *d).collect();
            let present = !sums.is_empty();
            let try_sum = present.then(|| i64::try_from(exact).ok()).flatten();
            let try_avg = present.then(|| exact as f64 / sums.len() as f64);
            let decimal_sum = (!decimals.is_empty())
                .then(|| sum_within_38_digits(decimals.into_iter()))
                .flatten();
            Row::new(vec![
                Value::Long(bucket),
                Value::Long(groups.len() as i64),
                try_sum.map_or(Value::Null, Value::Long),
                try_avg.map_or(Value::Null, Value::Double),
                decimal_sum.map_or(Value::Null, |d| Value::Decimal(ember::Decimal::new(d, 0))),
            ])
        })
        .collect()
}

/// The two levels of the wide chain over `dir` on `workers` workers.
fn wide_chain(dir: &std::path::Path, workers: usize) -> ember::DataFrame {
    use ember::expr::{try_avg, try_sum, Expr};
    let field = |i: i32| regexp_extract(col("value"), "^([^,]*),([^,]*),(.*)$", i);
    let empty_is_null =
        |e: Expr, t: &str| when(e.clone().eq(""), lit(Value::Null)).otherwise(e.cast_str(t));
    let first = lines(dir, workers)
        .select([
            field(1).alias("k"),
            empty_is_null(field(2), "bigint").alias("v"),
            empty_is_null(field(3), "decimal(38,0)").alias("w"),
        ])
        .unwrap()
        .group_by([col("k")])
        .unwrap()
        .agg([
            count_star().alias("c"),
            try_sum(col("v")).alias("s"),
            try_sum(col("w")).alias("d"),
        ])
        .unwrap();
    first
        .group_by([(col("c") % lit(3i64)).alias("bucket")])
        .unwrap()
        .agg([
            count_star(),
            try_sum(col("s")),
            try_avg(col("s")),
            try_sum(col("d")),
        ])
        .unwrap()
}

/// Sums past `bigint` and `decimal(38,0)` and back, under retractions: a chain whose first
/// level sums values near the types' edges per key (`try_sum`, exact or `NULL`) and whose
/// second level reads its changes (old rows retracted as new ones come) and sums those per
/// bucket — `try_sum` and `try_avg` of the `bigint` sums, `try_sum` of the decimal ones —
/// equals recomputation after every batch, in complete mode, at one and two workers. The
/// totals pass beyond the types and come back many times; a wrapping or a sticky overflow
/// would show.
#[test]
fn wide_sums_over_retractions_equal_recomputation() {
    for seed in [12, 13] {
        let dir = tempfile::tempdir().unwrap();
        let batches = write_wide_batches(dir.path(), seed, 10);
        for workers in [1, 2] {
            let second = wide_chain(dir.path(), workers);
            let types: Vec<(&str, &DataType)> = (second.schema().fields.iter())
                .map(|f| (f.name.as_str(), &f.data_type))
                .collect();
            assert_eq!(
                types,
                [
                    ("bucket", &DataType::Long),
                    ("count(1)", &DataType::Long),
                    ("try_sum(s)", &DataType::Long),
                    ("try_avg(s)", &DataType::Double),
                    ("try_sum(d)", &DataType::Decimal(38, 0)),
                ]
            );
            let completes = batch_rows(second, "complete");
            assert_eq!(completes.len(), batches.len());
            let mut so_far = Vec::new();
            let (mut nulls, mut sums) = (0, 0);
            for (b, rows) in batches.iter().enumerate() {
                so_far.extend(rows.iter().cloned());
                let context = format!("seed {seed}, {workers} workers, batch {b}");
                let expected = wide_level_2(&so_far);
                for row in &expected {
                    match (row.get(2), row.get(4)) {
                        (Value::Null, Value::Null) => nulls += 1,
                        (Value::Long(_), Value::Decimal(_)) => sums += 1,
                        _ => {}
                    }
                }
                assert_eq!(completes[b], expected, "{context}");
            }
            // The sums went beyond their types and came back within them.
            assert!(
                nulls > 0 && sums > 0,
                "seed {seed}: {nulls} NULL, {sums} sums"
            );
        }
    }
}

/// One input row of the double test: a key and an optional double.
type DoubleInput = (String, Option<f64>);

/// The first batches of the double test, before the random ones: `k0`'s `1e20` joins `k1`'s
/// `1` in bucket 1 (`c = 1`), then moves on to bucket 2 (`1e20 + 1 - 1e20` is `0`: a running
/// double would print `0.0` where `1.0` remains); `+inf` and `-inf` join bucket 1 (`NaN`) and
/// leave it (finite again).
const DOUBLE_BATCHES: [&str; 4] = [
    "k0,1e20\nk1,1\n",
    "k0,1\n",
    "k2,Infinity\nk3,-Infinity\n",
    "k2,1\nk3,1\n",
];

/// The random values of the double test (empty is `NULL`): mostly small ones, some of which
/// do not add exactly (`0.1`), and now and then `1e20`, an infinity, `NaN` or `-0.0`.
const DOUBLE_TEXTS: [&str; 24] = [
    "1",
    "0.5",
    "-2.25",
    "3",
    "0.1",
    "0.2",
    "0.3",
    "-7",
    "2",
    "",
    "1",
    "0.5",
    "-2.25",
    "3",
    "0.1",
    "0.2",
    "0.3",
    "-7",
    "1e20",
    "-1e20",
    "-0.0",
    "Infinity",
    "-Infinity",
    "NaN",
];

/// Writes the fixed [`DOUBLE_BATCHES`], then `batches` random batches of `key,value` lines of
/// [`DOUBLE_TEXTS`], a file each.
fn write_double_batches(dir: &std::path::Path, seed: u64, batches: usize) -> Vec<Vec<DoubleInput>> {
    let mut all: Vec<Vec<DoubleInput>> = Vec::new();
    for (b, text) in DOUBLE_BATCHES.iter().enumerate() {
        crate::support::write_file(dir, &format!("batch-{b:03}.txt"), text, b as u64);
        let rows = text.lines().map(|line| {
            let (key, value) = line.split_once(',').unwrap();
            (key.to_string(), value.parse().ok())
        });
        all.push(rows.collect());
    }
    let written = all.len();
    all.extend(write_random_batches_after(
        dir,
        written,
        seed,
        batches,
        (16, 24),
        |rng| {
            let text = DOUBLE_TEXTS[rng.below(DOUBLE_TEXTS.len() as u64) as usize];
            (text.parse().ok(), text.to_string())
        },
    ));
    all
}

/// Ember's from-scratch definition of `sum` and `avg` of floats and doubles over an input that
/// retracts rows: Spark's update `sum + x` from `0.0`, over the values there are in ascending
/// order; the average is the sum over their number. `NULL` without values.
fn ascending_sum_and_average(values: &[Value]) -> (Value, Value) {
    let mut present: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    if present.is_empty() {
        return (Value::Null, Value::Null);
    }
    present.sort();
    let sum = present.iter().fold(0.0, |sum, v| sum + v.as_f64().unwrap());
    (
        Value::Double(sum),
        Value::Double(sum / present.len() as f64),
    )
}

/// Level 1 of the double chain, from scratch: per key, count(*), max(v) and min(v) as a float.
fn double_level_1(rows: &[DoubleInput]) -> BTreeMap<String, (i64, (Value, Value))> {
    by_key(rows)
        .into_iter()
        .map(|(key, values)| {
            let present = || values.iter().flatten();
            let hi = present().map(|v| Value::Double(*v)).max();
            let lo = present().map(|v| Value::Float(*v as f32)).min();
            let or_null = |v: Option<Value>| v.unwrap_or(Value::Null);
            (key, (values.len() as i64, (or_null(hi), or_null(lo))))
        })
        .collect()
}

/// Level 2 of the double chain, from scratch: per bucket `c % 3` of level 1's counts —
/// count(*), sum(hi), avg(hi), try_sum(hi), try_avg(hi), sum(lo), avg(lo) — as Ember's rows.
fn double_level_2(rows: &[DoubleInput]) -> Vec<Row> {
    by_bucket(double_level_1(rows).into_values())
        .into_iter()
        .map(|(bucket, groups)| {
            let (his, los): (Vec<Value>, Vec<Value>) =
                groups.iter().map(|(_, pair)| pair.clone()).unzip();
            let (sum_hi, avg_hi) = ascending_sum_and_average(&his);
            let (sum_lo, avg_lo) = ascending_sum_and_average(&los);
            Row::new(vec![
                Value::Long(bucket),
                Value::Long(groups.len() as i64),
                sum_hi.clone(),
                avg_hi.clone(),
                sum_hi,
                avg_hi,
                sum_lo,
                avg_lo,
            ])
        })
        .collect()
}

/// The two levels of the double chain over `dir` on `workers` workers.
fn double_chain(dir: &std::path::Path, workers: usize) -> ember::DataFrame {
    use ember::expr::{try_avg, try_sum};
    let first = parsed_as(dir, workers, "double")
        .group_by([col("k")])
        .unwrap()
        .agg([
            count_star().alias("c"),
            max(col("v")).alias("hi"),
            min(col("v").cast_str("float")).alias("lo"),
        ])
        .unwrap();
    let (hi, lo) = (|| col("hi"), || col("lo"));
    first
        .group_by([(col("c") % lit(3i64)).alias("bucket")])
        .unwrap()
        .agg([
            count_star(),
            sum(hi()),
            avg(hi()),
            try_sum(hi()),
            try_avg(hi()),
            sum(lo()),
            avg(lo()),
        ])
        .unwrap()
}

/// Sums and averages of doubles and floats over another aggregation's changes (old rows
/// retracted as new ones come) equal recomputation over the values that remain, after every
/// batch, in complete mode, at one and two workers — through `1e20` and `1` (where a running
/// double kept `0` once `1e20` was retracted), infinities and `NaN` that come and go, `-0.0`,
/// and values that do not add exactly (`0.1`), whose sum does not depend on the order they
/// came in or on the workers.
#[test]
fn double_sums_over_retractions_equal_recomputation() {
    for seed in [14, 15] {
        let dir = tempfile::tempdir().unwrap();
        let batches = write_double_batches(dir.path(), seed, 10);
        let after = |b: usize| double_level_2(&batches[..=b].concat());
        // The fixed batches: `1` remains once `1e20` left; `NaN` while both infinities are
        // there, finite once they left.
        let sums = |b: usize| -> Vec<Value> { after(b).iter().map(|r| r.get(2).clone()).collect() };
        assert_eq!(sums(0), [Value::Double(1e20)]);
        assert_eq!(sums(1), [Value::Double(1.0), Value::Double(1e20)]);
        assert_eq!(sums(2), [Value::Double(f64::NAN), Value::Double(1e20)]);
        assert_eq!(sums(3), [Value::Double(1.0), Value::Double(f64::INFINITY)]);
        let mut seen = std::collections::BTreeSet::new();
        for workers in [1, 2] {
            let second = double_chain(dir.path(), workers);
            let completes = batch_rows(second, "complete");
            assert_eq!(completes.len(), batches.len());
            for (b, complete) in completes.iter().enumerate() {
                let expected = after(b);
                for row in &expected {
                    seen.extend((2..8).filter_map(|i| {
                        let x = row.get(i).as_f64()?;
                        Some(if x.is_nan() {
                            "NaN"
                        } else if x.is_infinite() {
                            "infinite"
                        } else {
                            "finite"
                        })
                    }));
                }
                assert_eq!(
                    *complete, expected,
                    "seed {seed}, {workers} workers, batch {b}"
                );
            }
        }
        for kind in ["NaN", "infinite", "finite"] {
            assert!(seen.contains(kind), "seed {seed}: no {kind} sum");
        }
    }
}
