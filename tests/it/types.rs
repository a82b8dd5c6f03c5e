//! Every type at once (tinyint, smallint, float, decimal, binary, map, timestamp_ntz, and
//! arrays and structs of them): read by the json source and shown by the console sink exactly
//! as PySpark 4.3's `show()` shows the same rows, truncated and with `truncate=false`, at
//! every scale; and written by the csv and json sinks and read back unchanged.

use crate::support::{at_every_scale, console_batch, example, run_at_scale, Scale};

/// The schema of `data/types/every_type.json` (which PySpark 4.3's `df.write.json` wrote; its
/// rows are in the order the console sink sorts them).
const SCHEMA: &str = "b TINYINT, s SMALLINT, f FLOAT, d DECIMAL(10,2), bin BINARY, \
     m MAP<STRING,INT>, ntz TIMESTAMP_NTZ, am ARRAY<MAP<STRING,DECIMAL(10,2)>>, \
     st STRUCT<x: FLOAT, y: BINARY>";

fn data() -> String {
    example("file_echo");
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/types").to_string()
}

/// PySpark 4.3: `df.show()` of the rows of `every_type.json`.
const TRUNCATED: &str = "\
+----+------+------+------------+--------------------+--------------------+--------------------+-------------------+--------------------+
|   b|     s|     f|           d|                 bin|                   m|                 ntz|                 am|                  st|
+----+------+------+------------+--------------------+--------------------+--------------------+-------------------+--------------------+
|NULL|  NULL|1.0E-5|        0.05|                NULL|                NULL|                NULL|               NULL|                NULL|
|-128|-32768|   NaN|-12345678.90|                  []|                  {}| 1969-12-31 23:59:59|                 []|        {NULL, NULL}|
|   1|     2|   1.1|        1.50|             [61 62]| {a -> 1, b -> NULL}|2024-01-02 03:04:...|[{k -> 2.00}, NULL]|{3.4028235E38, [0...|
| 127| 32767|1.0E10|        0.00|[68 65 6C 6C 6F 2...|{long key number ...| 2024-01-02 00:00:00|      [{a -> NULL}]|   {-Infinity, [61]}|
+----+------+------+------------+--------------------+--------------------+--------------------+-------------------+--------------------+
";

/// PySpark 4.3: `df.show(truncate=False)` of the same rows.
const FULL: &str = "\
+----+------+------+------------+----------------------------------------------------------------------------+----------------------------------------+---------------------+-------------------+-----------------------+
|b   |s     |f     |d           |bin                                                                         |m                                       |ntz                  |am                 |st                     |
+----+------+------+------------+----------------------------------------------------------------------------+----------------------------------------+---------------------+-------------------+-----------------------+
|NULL|NULL  |1.0E-5|0.05        |NULL                                                                        |NULL                                    |NULL                 |NULL               |NULL                   |
|-128|-32768|NaN   |-12345678.90|[]                                                                          |{}                                      |1969-12-31 23:59:59  |[]                 |{NULL, NULL}           |
|1   |2     |1.1   |1.50        |[61 62]                                                                     |{a -> 1, b -> NULL}                     |2024-01-02 03:04:05.6|[{k -> 2.00}, NULL]|{3.4028235E38, [00 FF]}|
|127 |32767 |1.0E10|0.00        |[68 65 6C 6C 6F 20 77 6F 72 6C 64 2C 20 6C 6F 6E 67 20 62 69 6E 61 72 79 21]|{long key number one -> 123456, k2 -> 2}|2024-01-02 00:00:00  |[{a -> NULL}]      |{-Infinity, [61]}      |
+----+------+------+------------+----------------------------------------------------------------------------+----------------------------------------+---------------------+-------------------+-----------------------+
";

#[test]
fn every_type_shows_as_spark_shows_it_at_every_scale() {
    let path = data();
    let args = ["--format", "json", "--schema", SCHEMA, "--path", &path];
    at_every_scale("file_echo", &args, &console_batch(0, TRUNCATED));
    let mut full = args.to_vec();
    full.extend(["--sink-option", "truncate=false"]);
    at_every_scale("file_echo", &full, &console_batch(0, FULL));
}

/// The rows written by the `format` sink into a directory, then read back by the `format`
/// source, show as the original rows do.
fn round_trip(format: &str, schema: &str, expected: &str) {
    let out = tempfile::tempdir().unwrap();
    let written = out.path().join("written");
    let checkpoint = out.path().join("checkpoint");
    let path = data();
    let args = [
        "--format",
        "json",
        "--schema",
        schema,
        "--path",
        &path,
        "--sink",
        format,
        "--output",
        written.to_str().unwrap(),
        "--checkpoint",
        checkpoint.to_str().unwrap(),
    ];
    assert_eq!(run_at_scale("file_echo", &args, Scale::Workers(1)), "");
    let args = [
        "--format",
        format,
        "--schema",
        schema,
        "--path",
        written.to_str().unwrap(),
        "--sink-option",
        "truncate=false",
    ];
    assert_eq!(
        run_at_scale("file_echo", &args, Scale::Workers(1)),
        console_batch(0, expected)
    );
}

#[test]
fn every_type_round_trips_through_the_json_sink_and_source() {
    round_trip("json", SCHEMA, FULL);
}

/// The csv sink writes a binary value as its text (`[61 62]`, as Spark's does), which reads
/// back as other bytes, and Spark's csv has no maps, arrays or structs: the round trip is of
/// the other types.
#[test]
fn the_csv_types_round_trip_through_the_csv_sink_and_source() {
    round_trip(
        "csv",
        "b TINYINT, s SMALLINT, f FLOAT, d DECIMAL(10,2), ntz TIMESTAMP_NTZ",
        "\
+----+------+------+------------+---------------------+
|b   |s     |f     |d           |ntz                  |
+----+------+------+------------+---------------------+
|NULL|NULL  |1.0E-5|0.05        |NULL                 |
|-128|-32768|NaN   |-12345678.90|1969-12-31 23:59:59  |
|1   |2     |1.1   |1.50        |2024-01-02 03:04:05.6|
|127 |32767 |1.0E10|0.00        |2024-01-02 00:00:00  |
+----+------+------+------------+---------------------+
",
    );
}
