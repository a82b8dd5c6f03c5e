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

use crate::support::{at_every_scale, write_file};

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
