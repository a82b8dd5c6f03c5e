//! Spark's scalar functions on a streaming source (`examples/functions.rs`): conditional,
//! math, string and hash functions print what PySpark 4.3 prints for the same csv file
//! (`spark.read.csv(...).select(F.initcap("name"), ...).show(truncate=False)`), at every scale.

use crate::support::{at_every_scale, write_files};

/// `data/people/people.csv`, the example's shipped sample.
const PEOPLE: &str = "name,city,score,visits
ada lovelace,London,91.25,3
grace HOPPER,,78.5,-7
alan turing,Wilmslow,,12
ßtraße ǆemal,Zürich,-0.5,
";

/// The console batch; the rows and names are PySpark's (sorted, as the console sink sorts).
const EXPECTED: &str = r#"-------------------------------------------
Batch: 0
-------------------------------------------
+-------------+-----------------------+---------------+----------------------------------------+----------------+-------------------+-----------------------+------------------------+------------------+----------------------------------------------------------------+
|initcap(name)|coalesce(city, unknown)|round(score, 1)|format_string(%06.2f|%,d, score, visits)|lpad(city, 8, .)|greatest(visits, 0)|pmod(nvl(visits, 0), 5)|concat_ws(-, city, name)|hash(name, visits)|sha2(city, 256)                                                 |
+-------------+-----------------------+---------------+----------------------------------------+----------------+-------------------+-----------------------+------------------------+------------------+----------------------------------------------------------------+
|Ada Lovelace |London                 |91.3           |091.25|3                                |..London        |3                  |3                      |London-ada lovelace     |1461300055        |ecc0e7dc084f141b29479058967d0bc07dee25d9690a98ee4e6fdad5168274d7|
|Alan Turing  |Wilmslow               |NULL           |    nu|12                               |Wilmslow        |12                 |2                      |Wilmslow-alan turing    |1053703525        |8ee75ac6c1c813406e8ce2b5103a43530b560ba5f34a9c04c870b5aa6079ddba|
|Grace Hopper |unknown                |78.5           |078.50|-7                               |NULL            |0                  |3                      |grace HOPPER            |1335798795        |NULL                                                            |
|Sstraße ǅemal|Zürich                 |-0.5           |-00.50|null                             |..Zürich        |0                  |0                      |Zürich-ßtraße ǆemal     |-432524746        |4251685e06cab635578c72b1f5f221e9840a05ac4d8f2404be4177aa87f9907d|
+-------------+-----------------------+---------------+----------------------------------------+----------------+-------------------+-----------------------+------------------------+------------------+----------------------------------------------------------------+

"#;

#[test]
fn functions_print_what_pyspark_prints_at_every_scale() {
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "people-", ".csv", &[PEOPLE]);
    let path = data.path().to_str().unwrap();
    at_every_scale("functions", &["--path", path], EXPECTED);
}

#[test]
fn the_shipped_sample_is_the_tested_one() {
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/data/people/people.csv");
    assert_eq!(std::fs::read_to_string(shipped).unwrap(), PEOPLE);
}
