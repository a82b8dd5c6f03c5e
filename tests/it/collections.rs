//! JSON lines parsed with `from_json`, struct fields extracted with `getField` and an array
//! exploded with `posexplode` (`examples/json_orders.rs`), and a map column read by the json
//! source (`examples/file_echo.rs`), at every scale. The values are what
//! PySpark 4.3 showed for the same query over the same file (`spark.read.text(..)`, then the
//! same `select`s); Ember's console sink shows a batch's rows sorted.

use crate::support::{at_every_scale, console_batch, write_file};

const ORDERS: &str = r#"{"id": 1, "customer": {"name": "ann", "city": "Oslo"}, "items": ["tea", "cake"]}
{"id": 2, "customer": {"name": "bob"}, "items": []}
{"id": 3, "customer": null, "items": ["jam", null, "tea"]}
not json
{"id": "four", "customer": {"name": "cy"}, "items": ["bun"]}
"#;

#[test]
fn json_orders_are_parsed_extracted_and_exploded() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "orders-0.json", ORDERS, 0);
    let path = dir.path().to_str().unwrap();
    // An empty array and a malformed line give no rows; a field of the wrong kind (`"four"`)
    // is NULL while the line's other fields are kept (PERMISSIVE).
    let expected = console_batch(
        0,
        "\
+----+--------+---+----+
|  id|customer|pos| col|
+----+--------+---+----+
|NULL|      cy|  0| bun|
|   1|     ann|  0| tea|
|   1|     ann|  1|cake|
|   3|    NULL|  0| jam|
|   3|    NULL|  1|NULL|
|   3|    NULL|  2| tea|
+----+--------+---+----+
",
    );
    at_every_scale("json_orders", &["--path", path], &expected);
}

/// JSON lines with a `map<string,int>` column, read by the json source (`file_echo --format
/// json`). PySpark 4.3 showed the same rows for `spark.read.format("json").schema(..)`: a
/// value of the wrong kind (`"bad"`) makes the whole map NULL, the entries keep the file's
/// order, and a null value stays in the map.
#[test]
fn json_maps_are_read_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let lines = r#"{"id": 1, "m": {"a": 1, "b": null}}
{"id": 2, "m": {}}
{"id": 3, "m": null}
{"id": 4, "m": {"x": "bad", "y": 2}}
{"id": 5}
{"id": 6, "m": {"z": 26, "a": -1}}
"#;
    write_file(dir.path(), "m-0.json", lines, 0);
    let path = dir.path().to_str().unwrap();
    let expected = console_batch(
        0,
        "\
+---+-------------------+
| id|                  m|
+---+-------------------+
|  1|{a -> 1, b -> NULL}|
|  2|                 {}|
|  3|               NULL|
|  4|               NULL|
|  5|               NULL|
|  6| {z -> 26, a -> -1}|
+---+-------------------+
",
    );
    let args = [
        "--path",
        path,
        "--format",
        "json",
        "--schema",
        "id INT, m MAP<STRING, INT>",
    ];
    at_every_scale("file_echo", &args, &expected);
}
