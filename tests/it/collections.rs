//! JSON lines parsed with `from_json`, struct fields extracted with `getField` and an array
//! exploded with `posexplode` (`examples/json_orders.rs`), at every scale. The values are what
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
