//! Property tests of every reader of outside input: no input makes one panic, and what Ember
//! writes it reads back. Run by `cargo test` with a few hundred cases each; `tests/fuzz.sh
//! MINUTES` runs them with many more cases, over and over, for as long as it is given (a
//! failing case is kept in `proptest-regressions/` and tried first ever after).
//!
//! Readers covered: csv and json records under each mode, the DDL schema parser, intervals,
//! time zones, date-time patterns, SQL text, socket lines, the checkpoint's logs and state files, and a
//! file sink's `_spark_metadata` log. Round trips: csv write → read, every type through a key,
//! key order = value order,
//! double → text → double.

use std::io::Cursor;

use ember_operators::{encode_key, DataType, Field, Row, Schema, Value};
use proptest::prelude::*;

use crate::display::java_double_to_string;
use crate::expr::DateTimePattern;
use crate::options::OptionMap;
use crate::source::csv::{CsvOptions, CsvReader};
use crate::source::json::{JsonOptions, JsonReader};
use crate::source::schema_from_ddl;
use crate::time_zone::TimeZone;

/// Text that looks like records: the characters csv and json give meaning to, and others.
fn record_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(','),
            Just('"'),
            Just('\\'),
            Just('{'),
            Just('}'),
            Just(':'),
            Just('['),
            Just(']'),
            Just(' '),
            Just('\r'),
            Just('-'),
            Just('.'),
            Just('T'),
            Just('Z'),
            proptest::char::range('0', '9'),
            proptest::char::range('a', 'f'),
            any::<char>(),
        ],
        0..60,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn mode() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("PERMISSIVE"), Just("DROPMALFORMED"), Just("FAILFAST")]
}

/// Every column type a record reader reads, and a corrupt-record column.
const SCHEMA: &str =
    "i INT, l BIGINT, d DOUBLE, b BOOLEAN, s STRING, t TIMESTAMP, day DATE, _corrupt_record STRING";

fn options(mode: &str, format: Option<&str>) -> OptionMap {
    let mut map = OptionMap::default();
    map.set("mode", mode.to_string());
    if let Some(format) = format {
        map.set("timestampFormat", format.to_string());
    }
    map
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("EMBER_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn csv_records_never_panic(lines in proptest::collection::vec(record_text(), 0..8), mode in mode(), header in any::<bool>()) {
        let schema = schema_from_ddl(SCHEMA).unwrap();
        let mut map = options(mode, None);
        map.set("header", header.to_string());
        let options = CsvOptions::parse(&mut map, &schema, None).unwrap();
        let mut out = Vec::new();
        let _ = CsvReader::new(&options).read(lines, &mut out);
    }

    #[test]
    fn json_records_never_panic(lines in proptest::collection::vec(record_text(), 0..8), mode in mode()) {
        let schema = schema_from_ddl(SCHEMA).unwrap();
        let options = JsonOptions::parse(&mut options(mode, None), &schema, None).unwrap();
        let mut out = Vec::new();
        let _ = JsonReader::new(&options).read(lines, &mut out);
    }

    #[test]
    fn ddl_schemas_never_panic(ddl in record_text()) {
        let _ = schema_from_ddl(&ddl);
    }

    #[test]
    fn ddl_schemas_of_words_never_panic(words in proptest::collection::vec(
        prop_oneof![Just("a"), Just("INT"), Just("STRING"), Just("ARRAY<"), Just("STRUCT<"), Just(">"),
                    Just(","), Just(":"), Just("`x`"), Just("NOT NULL"), Just("DECIMAL(10,2)"), Just(" ")],
        0..12)) {
        let _ = schema_from_ddl(&words.concat());
    }

    #[test]
    fn intervals_never_panic(text in record_text(), number in any::<i64>(), unit in prop_oneof![
        Just("seconds"), Just("minute"), Just("hours"), Just("days"), Just("ms"), Just("")]) {
        let _ = crate::interval::parse_interval(&text);
        let _ = crate::interval::parse_interval(&format!("{number} {unit}"));
        let _ = crate::interval::parse_interval_micros(&format!("interval {number} {unit}"));
    }

    #[test]
    fn time_zones_never_panic(text in record_text(), hours in -30i32..30, minutes in -99i32..99) {
        let _ = TimeZone::session(Some(&text));
        let _ = TimeZone::option(&text);
        let _ = TimeZone::option(&format!("GMT{hours:+}:{minutes}"));
        let _ = TimeZone::option(&format!("UTC{hours:+03}{minutes:02}"));
    }

    #[test]
    fn date_time_patterns_never_panic(pattern in proptest::collection::vec(prop_oneof![
        Just("yyyy"), Just("yy"), Just("MM"), Just("M"), Just("dd"), Just("HH"), Just("mm"),
        Just("ss"), Just("SSS"), Just("XXX"), Just("'T'"), Just("'"), Just("-"), Just(" "),
        Just("a"), Just("E"), Just("["), Just("]"), Just("VV"), Just("zzz")], 0..8),
        text in record_text(), mode in mode()) {
        let pattern = pattern.concat();
        if let Ok(compiled) = DateTimePattern::compile(&pattern) {
            let _ = compiled.parse(&text);
        }
        // And as a csv option: a pattern the reader refuses is an error, never a panic.
        let schema = schema_from_ddl("t TIMESTAMP").unwrap();
        if let Ok(options) = CsvOptions::parse(&mut options(mode, Some(&pattern)), &schema, None) {
            let _ = CsvReader::new(&options).read(vec![text], &mut Vec::new());
        }
    }

    /// Socket lines: every byte string splits into lines at `\n` (a `\r` before it dropped,
    /// invalid UTF-8 replaced); a line over the limit is an error, never a panic.
    #[test]
    fn socket_lines_split_at_line_breaks(bytes in proptest::collection::vec(
        prop_oneof![Just(b'\n'), Just(b'\r'), Just(0xffu8), Just(b'a'), any::<u8>()], 0..300),
        limit in 1usize..64) {
        let mut reader = std::io::BufReader::with_capacity(7, Cursor::new(bytes.clone()));
        let mut lines = Vec::new();
        let mut complete = true;
        loop {
            match crate::source::socket::read_line(&mut reader, limit, &mut lines) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => { complete = false; break; }
            }
        }
        if complete {
            let expected: Vec<String> = bytes
                .split(|b| *b == b'\n')
                .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
                .map(|line| String::from_utf8_lossy(line).into_owned())
                .collect();
            // A final line break makes no empty last line.
            let expected = match bytes.last() {
                Some(b'\n') | None => expected[..expected.len() - 1].to_vec(),
                Some(_) => expected,
            };
            prop_assert_eq!(lines, expected);
        }
    }

    /// The checkpoint's logs, state files and a file sink's `_spark_metadata` log: any bytes
    /// are read or refused with an error naming the file.
    #[test]
    fn checkpoint_files_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200),
                                    prefix in prop_oneof![Just(&b""[..]), Just(&b"v1\n"[..]), Just(&b"EMBERST"[..])]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("0");
        let mut content = prefix.to_vec();
        content.extend_from_slice(&bytes);
        std::fs::write(&path, &content).unwrap();
        let _ = crate::checkpoint::log::read_lines(&path);
        let _ = crate::checkpoint::log::read_entry::<serde_json::Value>(&path);
        let _ = crate::checkpoint::state_file::read_part::<ember_operators::StateEntry>(&path);
        let log = dir.path().join("_spark_metadata");
        std::fs::create_dir(&log).unwrap();
        std::fs::write(log.join("0"), &content).unwrap();
        let _ = crate::storage::FileSinkLog::new(dir.path()).all_files();
    }

    /// What the csv sink writes, the csv source reads back as it was (line breaks inside a
    /// value excepted: without `multiLine`, Spark's reader splits them too).
    #[test]
    fn csv_rows_round_trip(rows in proptest::collection::vec(
        (proptest::option::of(record_text().prop_map(|s| s.replace(['\n', '\r'], ""))),
         proptest::option::of(any::<i64>()), proptest::option::of(any::<bool>())), 0..6)) {
        let schema = Schema::new(vec![
            Field::new("s", DataType::String),
            Field::new("l", DataType::Long),
            Field::new("b", DataType::Boolean),
        ]);
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|(s, l, b)| Row::new(vec![
                s.map_or(Value::Null, Value::String),
                l.map_or(Value::Null, Value::Long),
                b.map_or(Value::Null, Value::Boolean),
            ]))
            .collect();
        let text = crate::sink::csv_writer::CsvWriter::new(&schema, ",", false, TimeZone::UTC)
            .file_text(&rows);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("part.csv");
        std::fs::write(&file, text).unwrap();
        let mut lines = Vec::new();
        crate::source::file::read_lines(&file, &mut lines).unwrap();
        let options = CsvOptions::parse(&mut options("FAILFAST", None), &schema, None).unwrap();
        let mut read = Vec::new();
        CsvReader::new(&options).read(lines, &mut read).unwrap();
        // As Spark's writer and reader: blanks and control characters at either end of a
        // string are not written (`ignoreLeadingWhiteSpace`/`ignoreTrailingWhiteSpace` are on
        // for writing), and an empty string reads back as null (`nullValue` and `emptyValue`
        // are both empty by default).
        let expected: Vec<Row> = rows
            .into_iter()
            .map(|row| Row::new(row.values().iter().map(|v| match v {
                Value::String(s) => {
                    let kept = s.trim_matches(|c: char| c <= ' ');
                    if kept.is_empty() { Value::Null } else { Value::String(kept.to_string()) }
                }
                v => v.clone(),
            }).collect()))
            .collect();
        prop_assert_eq!(read, expected);
    }

    /// Keys sort as their values do: the aggregation's output order is its keys'.
    #[test]
    fn key_order_is_value_order(a in value(), b in value(), c in value()) {
        let key = |values: &[&Value]| {
            let mut out = Vec::new();
            encode_key(values.iter().copied(), &mut out);
            out
        };
        prop_assert_eq!(key(&[&a, &c]).cmp(&key(&[&b, &c])), a.cmp(&b).then(std::cmp::Ordering::Equal));
    }

    /// Every value of every type (nested too) is a key that decodes to it, and keys are equal
    /// exactly when their values are.
    #[test]
    fn every_type_round_trips_through_a_key(values in proptest::collection::vec(any_value(), 0..4), other in any_value()) {
        let key = ember_operators::Key::encode(&values);
        prop_assert_eq!(key.decode(), values.clone());
        for (i, value) in values.iter().enumerate() {
            prop_assert_eq!(key.value_at(i), Some(value.clone()));
            let one = ember_operators::Key::encode(std::slice::from_ref(value));
            let two = ember_operators::Key::encode(std::slice::from_ref(&other));
            prop_assert_eq!(one == two, *value == other);
        }
    }

    /// Keys of one scalar type of the newer types sort as their values do.
    #[test]
    fn key_order_is_value_order_for_every_scalar_type(pair in same_type_pair(), c in value()) {
        let (a, b) = pair;
        let key = |values: &[&Value]| {
            let mut out = Vec::new();
            encode_key(values.iter().copied(), &mut out);
            out
        };
        prop_assert_eq!(key(&[&a, &c]).cmp(&key(&[&b, &c])), a.cmp(&b).then(std::cmp::Ordering::Equal));
    }

    /// A double written as Java writes it parses back to the same double.
    #[test]
    fn doubles_round_trip_through_text(d in any::<f64>()) {
        let text = java_double_to_string(d);
        let back: f64 = match text.as_str() {
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            text => text.parse().unwrap_or(f64::NAN),
        };
        if d.is_nan() {
            prop_assert!(back.is_nan());
        } else {
            prop_assert_eq!(back.to_bits(), d.to_bits(), "{} -> {}", d, text);
        }
    }
}

/// Values of one kind at a time (keys compare values of the same column type).
fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::Long),
        any::<i32>().prop_map(Value::Int),
        proptest::collection::vec(any::<char>(), 0..8)
            .prop_map(|chars| Value::String(chars.into_iter().collect())),
    ]
}

/// A scalar of one of the types, chosen by `kind` (decimals all of scale 2, as in one column).
fn scalar(kind: u8) -> BoxedStrategy<Value> {
    match kind {
        0 => any::<i8>().prop_map(Value::Byte).boxed(),
        1 => any::<i16>().prop_map(Value::Short).boxed(),
        2 => any::<f32>().prop_map(Value::Float).boxed(),
        3 => (-(10i128.pow(38) - 1)..10i128.pow(38))
            .prop_map(|u| Value::Decimal(ember_operators::Decimal::new(u, 2)))
            .boxed(),
        4 => proptest::collection::vec(any::<u8>(), 0..6)
            .prop_map(Value::Binary)
            .boxed(),
        5 => any::<i64>().prop_map(Value::TimestampNtz).boxed(),
        6 => any::<f64>().prop_map(Value::Double).boxed(),
        7 => any::<bool>().prop_map(Value::Boolean).boxed(),
        8 => any::<i32>().prop_map(Value::Date).boxed(),
        _ => any::<i64>().prop_map(Value::Timestamp).boxed(),
    }
}

/// Two values of the same scalar type.
fn same_type_pair() -> impl Strategy<Value = (Value, Value)> {
    (0u8..10).prop_flat_map(|kind| (scalar(kind), scalar(kind)))
}

/// A value of any type: scalars of every type, and arrays, structs and maps of them.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![Just(Value::Null), (0u8..10).prop_flat_map(scalar), value(),];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Struct),
            proptest::collection::vec((inner.clone(), inner), 0..3).prop_map(Value::Map),
        ]
    })
}

/// Text that looks like SQL: Spark's keywords, functions, operators, literals (numbers with
/// suffixes, interval units, string escapes) and the view and column names of
/// [`sql_session`], in any order, with random characters among them.
fn sql_text() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "SELECT",
        "FROM",
        "WHERE",
        "GROUP",
        "BY",
        "HAVING",
        "AS",
        "AND",
        "OR",
        "NOT",
        "IS",
        "NULL",
        "IN",
        "BETWEEN",
        "LIKE",
        "CASE",
        "WHEN",
        "THEN",
        "ELSE",
        "END",
        "CAST",
        "INT",
        "STRING",
        "BIGINT",
        "DOUBLE",
        "DATE",
        "TIMESTAMP",
        "INTERVAL",
        "'10 minutes'",
        "JOIN",
        "LEFT",
        "ON",
        "USING",
        "UNION",
        "ALL",
        "DISTINCT",
        "ORDER",
        "LIMIT",
        "*",
        ",",
        "(",
        ")",
        "+",
        "-",
        "/",
        "%",
        "=",
        "<>",
        "<",
        ">=",
        "::",
        ".",
        ";",
        "'x'",
        "`a b`",
        "1",
        "2L",
        "1.5",
        "1e3",
        "-1",
        "t",
        "u",
        "a",
        "s",
        "n",
        "ts",
        "count",
        "sum",
        "avg",
        "min",
        "max",
        "lower",
        "split",
        "explode",
        "window",
        "session_window",
        "substring",
        "concat",
        "true",
        "DAY",
        "HOURS",
        "YEAR",
        "'1'",
        "'1.5'",
        r"'\u0041\101\uD83D\U00110000\%'",
        r"'a\'",
        "r'x'",
        "0x1F",
    ];
    // A number glued to a suffix or a word, as Spark's lexer reads them: `1Y`, `1.5BD`, `1e2L`.
    let number = (
        proptest::sample::select(
            &["1", "200", "1.5", ".5", "5.", "1e2", "99999999999999999999"][..],
        ),
        proptest::sample::select(&["Y", "S", "L", "BD", "D", "F", "E2", "e-3", "x", ""][..]),
    )
        .prop_map(|(n, suffix)| format!("{n}{suffix}"));
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(WORDS).prop_map(str::to_string),
            1 => number,
            1 => any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|words| words.join(" "))
}

/// A session with the static view `t(a INT, s STRING, n INT)` and the streaming view
/// `u(ts TIMESTAMP, s STRING)`.
fn sql_session() -> (crate::Session, tempfile::TempDir) {
    let spark = crate::Session::builder().get_or_create().unwrap();
    let t = spark
        .create_data_frame(
            vec![Row::new(vec![1.into(), "a b".into(), Value::Null])],
            "a INT, s STRING, n INT",
        )
        .unwrap();
    t.create_or_replace_temp_view("t").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let u = spark
        .read_stream()
        .format("csv")
        .schema("ts TIMESTAMP, s STRING")
        .load_path(dir.path())
        .unwrap();
    u.create_or_replace_temp_view("u").unwrap();
    (spark, dir)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("EMBER_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn sql_text_never_panics(text in sql_text()) {
        let (spark, _dir) = sql_session();
        if let Ok(e) = crate::expr(&text) {
            let _ = spark.table("t").unwrap().select([e]);
        }
        let _ = spark.table("t").unwrap().filter(text.as_str());
        let _ = spark.table("t").unwrap().select_expr([text.as_str()]);
        if let Ok(df) = spark.sql(&text) {
            let _ = df.explain_string();
        }
        let select = format!("SELECT {text}");
        if let Ok(df) = spark.sql(&select) {
            let _ = df.explain_string();
        }
        let from = format!("SELECT * FROM t WHERE {text}");
        if let Ok(df) = spark.sql(&from) {
            let _ = df.explain_string();
        }
    }
}
