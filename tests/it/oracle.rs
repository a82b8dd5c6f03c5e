//! Incremental equals recompute: random batches of rows through every aggregate; after each
//! batch the result Ember emitted (update mode, applied to a table; and complete mode) equals
//! a from-scratch fold over all rows so far. Modelled on differential's
//! `tests/reduce_oracle.rs`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use ember::expr::{avg, col, count, count_star, lit, max, min, regexp_extract, sum, when};
use ember::{ClusterArgs, Row, Session, Trigger, Value};

use crate::support::Lcg;

/// One input row: a key and an optional value.
type Input = (String, Option<i64>);

/// Writes `batches` random batches of `key,value` lines (value empty = null), a file each.
fn write_batches(dir: &std::path::Path, seed: u64, batches: usize) -> Vec<Vec<Input>> {
    let mut rng = Lcg(seed);
    let mut all = Vec::new();
    for b in 0..batches {
        let mut rows = Vec::new();
        let mut text = String::new();
        for _ in 0..rng.below(40) {
            let key = format!("k{}", rng.below(7));
            let value = (rng.below(5) != 0).then(|| rng.below(201) as i64 - 100);
            let shown = value.map(|v| v.to_string()).unwrap_or_default();
            text.push_str(&format!("{key},{shown}\n"));
            rows.push((key, value));
        }
        crate::support::write_file(dir, &format!("batch-{b:03}.txt"), &text, b as u64);
        all.push(rows);
    }
    all
}

/// The aggregates of each key over `rows`, computed from scratch, as Ember's result rows:
/// key, count(1), count(v), sum(v), avg(v), min(v), max(v).
fn recompute(rows: &[Input]) -> BTreeMap<String, Row> {
    let mut groups: BTreeMap<String, Vec<Option<i64>>> = BTreeMap::new();
    for (key, value) in rows {
        groups.entry(key.clone()).or_default().push(*value);
    }
    groups
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

/// Runs the aggregation over `dir` in `mode`; returns the rows each batch emitted.
fn run(dir: &std::path::Path, workers: usize, mode: &str) -> Vec<Vec<Row>> {
    let spark = Session::builder()
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()
        .unwrap();
    let value = regexp_extract(col("value"), "^[^,]*,(.*)$", 1);
    let parsed = spark
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .load_path(dir)
        .unwrap()
        .select([
            regexp_extract(col("value"), "^([^,]*),", 1).alias("k"),
            when(value.clone().eq(""), lit(Value::Null))
                .otherwise(value.cast_str("bigint"))
                .alias("v"),
        ])
        .unwrap();
    let aggregated = parsed
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
    let emitted = Arc::new(Mutex::new(Vec::new()));
    let sink = emitted.clone();
    aggregated
        .write_stream()
        .output_mode(mode)
        .trigger(Trigger::AvailableNow)
        .foreach_batch(move |_, rows: &[Row]| {
            sink.lock().unwrap().push(rows.to_vec());
            Ok(())
        })
        .start()
        .unwrap()
        .await_termination()
        .unwrap();
    let emitted = emitted.lock().unwrap().clone();
    emitted
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
