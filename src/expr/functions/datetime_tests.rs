//! Tests of the date and time functions against what PySpark 4.3 prints for the same calls.
//!
//! Each case is a call as SQL text (read by a small reader of calls, literals and columns
//! below), evaluated over the rows of a table in a session time zone; the expected column name,
//! type and values (as `CAST(.. AS STRING)` prints them) or the first line of the error are
//! copied from PySpark 4.3 (`spark.sql("select <query> from t")`, the table below as a view).

use crate::expr::evaluation::with_context;
use crate::expr::functions::datetime::parse_timestamp_in;
use crate::expr::{bind, col, lit, resolve, Expr};
use crate::time_zone::TimeZone;
use crate::{DataType, Field, Row, Schema, Value};

/// The rows a case runs on.
#[derive(Clone, Copy)]
enum Table {
    /// The five rows of `t`.
    All,
    /// `t where n = 0`.
    Fourth,
    /// No table: one empty row.
    Nothing,
}

struct Case {
    zone: &'static str,
    table: Table,
    query: &'static str,
    /// (column name, type, values) or the first line of the error.
    expected: Result<(&'static str, &'static str, &'static [Option<&'static str>]), &'static str>,
}

/// `t(s, f, n, d, ts)`: a leap day, a negative epoch, a local time that happens twice in New
/// York (2026-11-01 01:30) and one that never happens there (2026-03-08 02:30), and NULLs.
fn table(which: Table) -> (Schema, Vec<Row>) {
    let schema = Schema::new(vec![
        Field::new("s", DataType::String),
        Field::new("f", DataType::String),
        Field::new("n", DataType::Integer),
        Field::new("d", DataType::Date),
        Field::new("ts", DataType::Timestamp),
    ]);
    let row = |s: &str, f: &str, n: i32, d: i32, ts: i64| {
        Row::new(vec![
            s.into(),
            f.into(),
            Value::Int(n),
            Value::Date(d),
            Value::Timestamp(ts),
        ])
    };
    let all = vec![
        row(
            "2024-02-29 12:34:56.789",
            "29/02/2024",
            1_709_210_096,
            19_782,
            1_709_210_096_789_000,
        ),
        row("1969-12-31 23:59:59.5", "31/12/1969", -1, -1, -500_000),
        row(
            "2026-11-01 01:30:00",
            "01/11/2026",
            1_793_511_000,
            20_758,
            1_793_496_600_000_000,
        ),
        row(
            "2026-03-08 02:30:00",
            "08/03/2026",
            0,
            20_520,
            1_772_937_000_000_000,
        ),
        Row::new(vec![Value::Null; 5]),
    ];
    match which {
        Table::All => (schema, all),
        Table::Fourth => (schema, vec![all[3].clone()]),
        Table::Nothing => (Schema::new(vec![]), vec![Row::new(vec![])]),
    }
}

/// Reads the calls of the cases: `name(args)`, columns, `'text'`, numbers (`1`, `1L`, `1.5`,
/// `1.5D`), `null`, `true`, `date'..'` and `timestamp'..'` (in `zone`).
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
    zone: TimeZone,
}

impl Reader<'_> {
    fn skip_blanks(&mut self) {
        while self.text.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    fn quoted(&mut self) -> String {
        let quote = self.text[self.at];
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let c = self.text[self.at];
            self.at += 1;
            if c == quote {
                if self.text.get(self.at) == Some(&quote) {
                    out.push(quote);
                    self.at += 1;
                    continue;
                }
                return String::from_utf8(out).unwrap();
            }
            out.push(c);
        }
    }

    fn expr(&mut self) -> Expr {
        self.skip_blanks();
        let c = self.text[self.at];
        if c == b'\'' || c == b'"' {
            return lit(self.quoted());
        }
        let start = self.at;
        while self.at < self.text.len()
            && (self.text[self.at].is_ascii_alphanumeric() || b"_.-".contains(&self.text[self.at]))
        {
            self.at += 1;
        }
        let word = std::str::from_utf8(&self.text[start..self.at]).unwrap();
        match self.text.get(self.at) {
            Some(b'(') => {
                self.at += 1;
                let mut args = Vec::new();
                self.skip_blanks();
                if self.text[self.at] == b')' {
                    self.at += 1;
                } else {
                    loop {
                        args.push(self.expr());
                        self.skip_blanks();
                        self.at += 1;
                        if self.text[self.at - 1] == b')' {
                            break;
                        }
                    }
                }
                resolve(word, args).unwrap_or_else(|e| Expr::Invalid(e.to_string()))
            }
            Some(b'\'') => {
                let text = self.quoted();
                match word {
                    "date" => Expr::Literal(
                        crate::expr::cast::parse_string(&text, &DataType::Date).unwrap(),
                    ),
                    _ => Expr::Literal(Value::Timestamp(
                        parse_timestamp_in(&text, self.zone).unwrap(),
                    )),
                }
            }
            _ if word == "null" => lit(Value::Null),
            _ if word == "true" => lit(true),
            _ if word.starts_with(|c: char| c.is_ascii_digit() || c == '-') => {
                if let Some(long) = word.strip_suffix('L') {
                    lit(long.parse::<i64>().unwrap())
                } else if let Some(double) = word.strip_suffix('D') {
                    lit(double.parse::<f64>().unwrap())
                } else if word.contains('.') {
                    lit(word.parse::<f64>().unwrap())
                } else if let Ok(int) = word.parse::<i32>() {
                    lit(int)
                } else {
                    lit(word.parse::<i64>().unwrap())
                }
            }
            _ => col(word),
        }
    }
}

/// Spark's `simpleString` of a type.
fn type_name(data_type: &DataType) -> String {
    match data_type {
        DataType::Integer => "int".into(),
        DataType::Long => "bigint".into(),
        other => other.to_string(),
    }
}

/// Runs `case`: its column name, type and values as strings, or its first error's first line.
fn run(case: &Case) -> Result<(String, String, Vec<Option<String>>), String> {
    let zone = TimeZone::of(case.zone).unwrap();
    let expr = Reader {
        text: case.query.as_bytes(),
        at: 0,
        zone,
    }
    .expr();
    let (schema, rows) = table(case.table);
    let first_line = |e: String| e.lines().next().unwrap_or_default().to_string();
    let bound = bind(&expr, &schema).map_err(|e| first_line(e.to_string()))?;
    let values = with_context(zone, None, || {
        rows.iter()
            .map(|row| {
                (bound.eval)(row)
                    .map(|v| (!v.is_null()).then(|| crate::display::format_value(&v, zone)))
            })
            .collect::<Result<Vec<_>, String>>()
    })
    .map_err(first_line)?;
    Ok((bound.name, type_name(&bound.data_type), values))
}

fn check(cases: &[Case], check_names: bool) {
    let mut failures = Vec::new();
    for case in cases {
        let got = run(case);
        let expected = case
            .expected
            .map(|(name, t, values)| {
                (
                    name.to_string(),
                    t.to_string(),
                    values
                        .iter()
                        .map(|v| v.map(String::from))
                        .collect::<Vec<_>>(),
                )
            })
            .map_err(String::from);
        let same = match (&got, &expected) {
            (Ok(g), Ok(e)) => (!check_names || g.0 == e.0) && g.1 == e.1 && g.2 == e.2,
            (g, e) => g == e,
        };
        if !same {
            failures.push(format!(
                "{} in {}:\n  got      {got:?}\n  expected {expected:?}",
                case.query, case.zone
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn functions_on_a_table_match_pyspark() {
    check(TABLE_CASES, true);
}

#[test]
fn functions_on_literals_match_pyspark() {
    // Names of timestamp literals are printed in UTC by Ember's `sql()`: compare values only.
    check(LITERAL_CASES, false);
}

/// From PySpark 4.3: `select <query> from t` in the zone given.
const TABLE_CASES: &[Case] = &[
    Case {
        zone: "UTC",
        table: Table::All,
        query: "to_timestamp(s)",
        expected: Ok(("to_timestamp(s)", "timestamp", &[Some("2024-02-29 12:34:56.789"), Some("1969-12-31 23:59:59.5"), Some("2026-11-01 01:30:00"), Some("2026-03-08 02:30:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "to_timestamp(f, 'dd/MM/yyyy')",
        expected: Ok(("to_timestamp(f, dd/MM/yyyy)", "timestamp", &[Some("2024-02-29 00:00:00"), Some("1969-12-31 00:00:00"), Some("2026-11-01 00:00:00"), Some("2026-03-08 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "to_timestamp(s, 'yyyy-MM-dd HH:mm:ss.SSS')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2026-11-01 01:30:00' could not be parsed at index 19. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "to_date(s)",
        expected: Ok(("to_date(s)", "date", &[Some("2024-02-29"), Some("1969-12-31"), Some("2026-11-01"), Some("2026-03-08"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "to_date(f, 'dd/MM/yyyy')",
        expected: Ok(("to_date(f, dd/MM/yyyy)", "date", &[Some("2024-02-29"), Some("1969-12-31"), Some("2026-11-01"), Some("2026-03-08"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "to_date(ts)",
        expected: Ok(("to_date(ts)", "date", &[Some("2024-02-29"), Some("1969-12-31"), Some("2026-11-01"), Some("2026-03-08"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_format(ts, 'yyyy-MM-dd HH:mm:ss.SSS EEE MMM a XXX')",
        expected: Ok(("date_format(ts, yyyy-MM-dd HH:mm:ss.SSS EEE MMM a XXX)", "string", &[Some("2024-02-29 12:34:56.789 Thu Feb PM Z"), Some("1969-12-31 23:59:59.500 Wed Dec PM Z"), Some("2026-11-01 01:30:00.000 Sun Nov AM Z"), Some("2026-03-08 02:30:00.000 Sun Mar AM Z"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_format(ts, 'EEEE MMMM d h:mm a z VV xx Z D')",
        expected: Ok(("date_format(ts, EEEE MMMM d h:mm a z VV xx Z D)", "string", &[Some("Thursday February 29 12:34 PM UTC UTC +0000 +0000 60"), Some("Wednesday December 31 11:59 PM UTC UTC +0000 +0000 365"), Some("Sunday November 1 1:30 AM UTC UTC +0000 +0000 305"), Some("Sunday March 8 2:30 AM UTC UTC +0000 +0000 67"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_format(d, 'yyyy/MM/dd')",
        expected: Ok(("date_format(d, yyyy/MM/dd)", "string", &[Some("2024/02/29"), Some("1969/12/31"), Some("2026/11/01"), Some("2026/03/08"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_format(s, 'HH')",
        expected: Ok(("date_format(s, HH)", "string", &[Some("12"), Some("23"), Some("01"), Some("02"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "unix_timestamp(s)",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2024-02-29 12:34:56.789' could not be parsed, unparsed text found at index 19. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "unix_timestamp(f, 'dd/MM/yyyy')",
        expected: Ok(("unix_timestamp(f, dd/MM/yyyy)", "bigint", &[Some("1709164800"), Some("-86400"), Some("1793491200"), Some("1772928000"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "unix_timestamp(ts)",
        expected: Ok(("unix_timestamp(ts, yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1709210096"), Some("0"), Some("1793496600"), Some("1772937000"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "unix_timestamp(d)",
        expected: Ok(("unix_timestamp(d, yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1709164800"), Some("-86400"), Some("1793491200"), Some("1772928000"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "from_unixtime(n)",
        expected: Ok(("from_unixtime(n, yyyy-MM-dd HH:mm:ss)", "string", &[Some("2024-02-29 12:34:56"), Some("1969-12-31 23:59:59"), Some("2026-11-01 05:30:00"), Some("1970-01-01 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "from_unixtime(n, 'yyyy-MM-dd HH:mm:ss XXX')",
        expected: Ok(("from_unixtime(n, yyyy-MM-dd HH:mm:ss XXX)", "string", &[Some("2024-02-29 12:34:56 Z"), Some("1969-12-31 23:59:59 Z"), Some("2026-11-01 05:30:00 Z"), Some("1970-01-01 00:00:00 Z"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_add(d, 1)",
        expected: Ok(("date_add(d, 1)", "date", &[Some("2024-03-01"), Some("1970-01-01"), Some("2026-11-02"), Some("2026-03-09"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_sub(d, 1)",
        expected: Ok(("date_sub(d, 1)", "date", &[Some("2024-02-28"), Some("1969-12-30"), Some("2026-10-31"), Some("2026-03-07"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_add(s, 1)",
        expected: Ok(("date_add(s, 1)", "date", &[Some("2024-03-01"), Some("1970-01-01"), Some("2026-11-02"), Some("2026-03-09"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "datediff(d, date'2024-01-01')",
        expected: Ok(("datediff(d, DATE '2024-01-01')", "int", &[Some("59"), Some("-19724"), Some("1035"), Some("797"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "datediff(ts, s)",
        expected: Ok(("datediff(ts, s)", "int", &[Some("0"), Some("0"), Some("0"), Some("0"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('hour', ts)",
        expected: Ok(("date_trunc(hour, ts)", "timestamp", &[Some("2024-02-29 12:00:00"), Some("1969-12-31 23:00:00"), Some("2026-11-01 01:00:00"), Some("2026-03-08 02:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('MONTH', ts)",
        expected: Ok(("date_trunc(MONTH, ts)", "timestamp", &[Some("2024-02-01 00:00:00"), Some("1969-12-01 00:00:00"), Some("2026-11-01 00:00:00"), Some("2026-03-01 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('week', ts)",
        expected: Ok(("date_trunc(week, ts)", "timestamp", &[Some("2024-02-26 00:00:00"), Some("1969-12-29 00:00:00"), Some("2026-10-26 00:00:00"), Some("2026-03-02 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('quarter', ts)",
        expected: Ok(("date_trunc(quarter, ts)", "timestamp", &[Some("2024-01-01 00:00:00"), Some("1969-10-01 00:00:00"), Some("2026-10-01 00:00:00"), Some("2026-01-01 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('day', ts)",
        expected: Ok(("date_trunc(day, ts)", "timestamp", &[Some("2024-02-29 00:00:00"), Some("1969-12-31 00:00:00"), Some("2026-11-01 00:00:00"), Some("2026-03-08 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('minute', s)",
        expected: Ok(("date_trunc(minute, s)", "timestamp", &[Some("2024-02-29 12:34:00"), Some("1969-12-31 23:59:00"), Some("2026-11-01 01:30:00"), Some("2026-03-08 02:30:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('second', ts)",
        expected: Ok(("date_trunc(second, ts)", "timestamp", &[Some("2024-02-29 12:34:56"), Some("1969-12-31 23:59:59"), Some("2026-11-01 01:30:00"), Some("2026-03-08 02:30:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('year', d)",
        expected: Ok(("date_trunc(year, d)", "timestamp", &[Some("2024-01-01 00:00:00"), Some("1969-01-01 00:00:00"), Some("2026-01-01 00:00:00"), Some("2026-01-01 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('millisecond', ts)",
        expected: Ok(("date_trunc(millisecond, ts)", "timestamp", &[Some("2024-02-29 12:34:56.789"), Some("1969-12-31 23:59:59.5"), Some("2026-11-01 01:30:00"), Some("2026-03-08 02:30:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "date_trunc('bogus', ts)",
        expected: Ok(("date_trunc(bogus, ts)", "timestamp", &[None, None, None, None, None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "trunc(d, 'month')",
        expected: Ok(("trunc(d, month)", "date", &[Some("2024-02-01"), Some("1969-12-01"), Some("2026-11-01"), Some("2026-03-01"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "trunc(ts, 'year')",
        expected: Ok(("trunc(ts, year)", "date", &[Some("2024-01-01"), Some("1969-01-01"), Some("2026-01-01"), Some("2026-01-01"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "trunc(d, 'week')",
        expected: Ok(("trunc(d, week)", "date", &[Some("2024-02-26"), Some("1969-12-29"), Some("2026-10-26"), Some("2026-03-02"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "trunc(d, 'quarter')",
        expected: Ok(("trunc(d, quarter)", "date", &[Some("2024-01-01"), Some("1969-10-01"), Some("2026-10-01"), Some("2026-01-01"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "trunc(d, 'bogus')",
        expected: Ok(("trunc(d, bogus)", "date", &[None, None, None, None, None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "year(d)",
        expected: Ok(("year(d)", "int", &[Some("2024"), Some("1969"), Some("2026"), Some("2026"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "month(ts)",
        expected: Ok(("month(ts)", "int", &[Some("2"), Some("12"), Some("11"), Some("3"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "dayofmonth(s)",
        expected: Ok(("dayofmonth(s)", "int", &[Some("29"), Some("31"), Some("1"), Some("8"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "day(d)",
        expected: Ok(("day(d)", "int", &[Some("29"), Some("31"), Some("1"), Some("8"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "dayofweek(d)",
        expected: Ok(("dayofweek(d)", "int", &[Some("5"), Some("4"), Some("1"), Some("1"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "dayofyear(ts)",
        expected: Ok(("dayofyear(ts)", "int", &[Some("60"), Some("365"), Some("305"), Some("67"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "hour(ts)",
        expected: Ok(("hour(ts)", "int", &[Some("12"), Some("23"), Some("1"), Some("2"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "minute(s)",
        expected: Ok(("minute(s)", "int", &[Some("34"), Some("59"), Some("30"), Some("30"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "second(ts)",
        expected: Ok(("second(ts)", "int", &[Some("56"), Some("59"), Some("0"), Some("0"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "hour(d)",
        expected: Ok(("hour(d)", "int", &[Some("0"), Some("0"), Some("0"), Some("0"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "make_timestamp(2024, 2, 29, 12, 34, 56.789)",
        expected: Ok(("make_timestamp(2024, 2, 29, 12, 34, 56.789)", "timestamp", &[Some("2024-02-29 12:34:56.789"), Some("2024-02-29 12:34:56.789"), Some("2024-02-29 12:34:56.789"), Some("2024-02-29 12:34:56.789"), Some("2024-02-29 12:34:56.789")])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "make_timestamp(2026, 11, 1, 1, 30, 0)",
        expected: Ok(("make_timestamp(2026, 11, 1, 1, 30, 0)", "timestamp", &[Some("2026-11-01 01:30:00"), Some("2026-11-01 01:30:00"), Some("2026-11-01 01:30:00"), Some("2026-11-01 01:30:00"), Some("2026-11-01 01:30:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "make_timestamp(2026, 3, 8, 2, 30, 0)",
        expected: Ok(("make_timestamp(2026, 3, 8, 2, 30, 0)", "timestamp", &[Some("2026-03-08 02:30:00"), Some("2026-03-08 02:30:00"), Some("2026-03-08 02:30:00"), Some("2026-03-08 02:30:00"), Some("2026-03-08 02:30:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "make_timestamp(2024, 2, 29, 12, 34, 56.789, 'Europe/Paris')",
        expected: Ok(("make_timestamp(2024, 2, 29, 12, 34, 56.789, Europe/Paris)", "timestamp", &[Some("2024-02-29 11:34:56.789"), Some("2024-02-29 11:34:56.789"), Some("2024-02-29 11:34:56.789"), Some("2024-02-29 11:34:56.789"), Some("2024-02-29 11:34:56.789")])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "make_date(2024, 2, 29)",
        expected: Ok(("make_date(2024, 2, 29)", "date", &[Some("2024-02-29"), Some("2024-02-29"), Some("2024-02-29"), Some("2024-02-29"), Some("2024-02-29")])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "timestamp_seconds(n)",
        expected: Ok(("timestamp_seconds(n)", "timestamp", &[Some("2024-02-29 12:34:56"), Some("1969-12-31 23:59:59"), Some("2026-11-01 05:30:00"), Some("1970-01-01 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "to_utc_timestamp(ts, 'Europe/Paris')",
        expected: Ok(("to_utc_timestamp(ts, Europe/Paris)", "timestamp", &[Some("2024-02-29 11:34:56.789"), Some("1969-12-31 22:59:59.5"), Some("2026-11-01 00:30:00"), Some("2026-03-08 01:30:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "from_utc_timestamp(ts, 'Europe/Paris')",
        expected: Ok(("from_utc_timestamp(ts, Europe/Paris)", "timestamp", &[Some("2024-02-29 13:34:56.789"), Some("1970-01-01 00:59:59.5"), Some("2026-11-01 02:30:00"), Some("2026-03-08 03:30:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "try_to_timestamp(s)",
        expected: Ok(("try_to_timestamp(s)", "timestamp", &[Some("2024-02-29 12:34:56.789"), Some("1969-12-31 23:59:59.5"), Some("2026-11-01 01:30:00"), Some("2026-03-08 02:30:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::All,
        query: "try_to_timestamp(f, 'dd/MM/yyyy')",
        expected: Ok(("try_to_timestamp(f, dd/MM/yyyy)", "timestamp", &[Some("2024-02-29 00:00:00"), Some("1969-12-31 00:00:00"), Some("2026-11-01 00:00:00"), Some("2026-03-08 00:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "to_timestamp(s)",
        expected: Ok(("to_timestamp(s)", "timestamp", &[Some("2024-02-29 12:34:56.789"), Some("1969-12-31 23:59:59.5"), Some("2026-11-01 01:30:00"), Some("2026-03-08 03:30:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "to_timestamp(f, 'dd/MM/yyyy')",
        expected: Ok(("to_timestamp(f, dd/MM/yyyy)", "timestamp", &[Some("2024-02-29 00:00:00"), Some("1969-12-31 00:00:00"), Some("2026-11-01 00:00:00"), Some("2026-03-08 00:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "to_timestamp(s, 'yyyy-MM-dd HH:mm:ss.SSS')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2026-11-01 01:30:00' could not be parsed at index 19. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "to_date(s)",
        expected: Ok(("to_date(s)", "date", &[Some("2024-02-29"), Some("1969-12-31"), Some("2026-11-01"), Some("2026-03-08"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "to_date(f, 'dd/MM/yyyy')",
        expected: Ok(("to_date(f, dd/MM/yyyy)", "date", &[Some("2024-02-29"), Some("1969-12-31"), Some("2026-11-01"), Some("2026-03-08"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "to_date(ts)",
        expected: Ok(("to_date(ts)", "date", &[Some("2024-02-29"), Some("1969-12-31"), Some("2026-10-31"), Some("2026-03-07"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_format(ts, 'yyyy-MM-dd HH:mm:ss.SSS EEE MMM a XXX')",
        expected: Ok(("date_format(ts, yyyy-MM-dd HH:mm:ss.SSS EEE MMM a XXX)", "string", &[Some("2024-02-29 07:34:56.789 Thu Feb AM -05:00"), Some("1969-12-31 18:59:59.500 Wed Dec PM -05:00"), Some("2026-10-31 21:30:00.000 Sat Oct PM -04:00"), Some("2026-03-07 21:30:00.000 Sat Mar PM -05:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_format(ts, 'EEEE MMMM d h:mm a z VV xx Z D')",
        expected: Ok(("date_format(ts, EEEE MMMM d h:mm a z VV xx Z D)", "string", &[Some("Thursday February 29 7:34 AM EST America/New_York -0500 -0500 60"), Some("Wednesday December 31 6:59 PM EST America/New_York -0500 -0500 365"), Some("Saturday October 31 9:30 PM EDT America/New_York -0400 -0400 304"), Some("Saturday March 7 9:30 PM EST America/New_York -0500 -0500 66"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_format(d, 'yyyy/MM/dd')",
        expected: Ok(("date_format(d, yyyy/MM/dd)", "string", &[Some("2024/02/29"), Some("1969/12/31"), Some("2026/11/01"), Some("2026/03/08"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_format(s, 'HH')",
        expected: Ok(("date_format(s, HH)", "string", &[Some("12"), Some("23"), Some("01"), Some("03"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "unix_timestamp(s)",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2024-02-29 12:34:56.789' could not be parsed, unparsed text found at index 19. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "unix_timestamp(f, 'dd/MM/yyyy')",
        expected: Ok(("unix_timestamp(f, dd/MM/yyyy)", "bigint", &[Some("1709182800"), Some("-68400"), Some("1793505600"), Some("1772946000"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "unix_timestamp(ts)",
        expected: Ok(("unix_timestamp(ts, yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1709210096"), Some("0"), Some("1793496600"), Some("1772937000"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "unix_timestamp(d)",
        expected: Ok(("unix_timestamp(d, yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1709182800"), Some("-68400"), Some("1793505600"), Some("1772946000"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "from_unixtime(n)",
        expected: Ok(("from_unixtime(n, yyyy-MM-dd HH:mm:ss)", "string", &[Some("2024-02-29 07:34:56"), Some("1969-12-31 18:59:59"), Some("2026-11-01 01:30:00"), Some("1969-12-31 19:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "from_unixtime(n, 'yyyy-MM-dd HH:mm:ss XXX')",
        expected: Ok(("from_unixtime(n, yyyy-MM-dd HH:mm:ss XXX)", "string", &[Some("2024-02-29 07:34:56 -05:00"), Some("1969-12-31 18:59:59 -05:00"), Some("2026-11-01 01:30:00 -04:00"), Some("1969-12-31 19:00:00 -05:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_add(d, 1)",
        expected: Ok(("date_add(d, 1)", "date", &[Some("2024-03-01"), Some("1970-01-01"), Some("2026-11-02"), Some("2026-03-09"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_sub(d, 1)",
        expected: Ok(("date_sub(d, 1)", "date", &[Some("2024-02-28"), Some("1969-12-30"), Some("2026-10-31"), Some("2026-03-07"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_add(s, 1)",
        expected: Ok(("date_add(s, 1)", "date", &[Some("2024-03-01"), Some("1970-01-01"), Some("2026-11-02"), Some("2026-03-09"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "datediff(d, date'2024-01-01')",
        expected: Ok(("datediff(d, DATE '2024-01-01')", "int", &[Some("59"), Some("-19724"), Some("1035"), Some("797"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "datediff(ts, s)",
        expected: Ok(("datediff(ts, s)", "int", &[Some("0"), Some("0"), Some("-1"), Some("-1"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('hour', ts)",
        expected: Ok(("date_trunc(hour, ts)", "timestamp", &[Some("2024-02-29 07:00:00"), Some("1969-12-31 18:00:00"), Some("2026-10-31 21:00:00"), Some("2026-03-07 21:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('MONTH', ts)",
        expected: Ok(("date_trunc(MONTH, ts)", "timestamp", &[Some("2024-02-01 00:00:00"), Some("1969-12-01 00:00:00"), Some("2026-10-01 00:00:00"), Some("2026-03-01 00:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('week', ts)",
        expected: Ok(("date_trunc(week, ts)", "timestamp", &[Some("2024-02-26 00:00:00"), Some("1969-12-29 00:00:00"), Some("2026-10-26 00:00:00"), Some("2026-03-02 00:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('quarter', ts)",
        expected: Ok(("date_trunc(quarter, ts)", "timestamp", &[Some("2024-01-01 00:00:00"), Some("1969-10-01 00:00:00"), Some("2026-10-01 00:00:00"), Some("2026-01-01 00:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('day', ts)",
        expected: Ok(("date_trunc(day, ts)", "timestamp", &[Some("2024-02-29 00:00:00"), Some("1969-12-31 00:00:00"), Some("2026-10-31 00:00:00"), Some("2026-03-07 00:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('minute', s)",
        expected: Ok(("date_trunc(minute, s)", "timestamp", &[Some("2024-02-29 12:34:00"), Some("1969-12-31 23:59:00"), Some("2026-11-01 01:30:00"), Some("2026-03-08 03:30:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('second', ts)",
        expected: Ok(("date_trunc(second, ts)", "timestamp", &[Some("2024-02-29 07:34:56"), Some("1969-12-31 18:59:59"), Some("2026-10-31 21:30:00"), Some("2026-03-07 21:30:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('year', d)",
        expected: Ok(("date_trunc(year, d)", "timestamp", &[Some("2024-01-01 00:00:00"), Some("1969-01-01 00:00:00"), Some("2026-01-01 00:00:00"), Some("2026-01-01 00:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('millisecond', ts)",
        expected: Ok(("date_trunc(millisecond, ts)", "timestamp", &[Some("2024-02-29 07:34:56.789"), Some("1969-12-31 18:59:59.5"), Some("2026-10-31 21:30:00"), Some("2026-03-07 21:30:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "date_trunc('bogus', ts)",
        expected: Ok(("date_trunc(bogus, ts)", "timestamp", &[None, None, None, None, None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "trunc(d, 'month')",
        expected: Ok(("trunc(d, month)", "date", &[Some("2024-02-01"), Some("1969-12-01"), Some("2026-11-01"), Some("2026-03-01"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "trunc(ts, 'year')",
        expected: Ok(("trunc(ts, year)", "date", &[Some("2024-01-01"), Some("1969-01-01"), Some("2026-01-01"), Some("2026-01-01"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "trunc(d, 'week')",
        expected: Ok(("trunc(d, week)", "date", &[Some("2024-02-26"), Some("1969-12-29"), Some("2026-10-26"), Some("2026-03-02"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "trunc(d, 'quarter')",
        expected: Ok(("trunc(d, quarter)", "date", &[Some("2024-01-01"), Some("1969-10-01"), Some("2026-10-01"), Some("2026-01-01"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "trunc(d, 'bogus')",
        expected: Ok(("trunc(d, bogus)", "date", &[None, None, None, None, None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "year(d)",
        expected: Ok(("year(d)", "int", &[Some("2024"), Some("1969"), Some("2026"), Some("2026"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "month(ts)",
        expected: Ok(("month(ts)", "int", &[Some("2"), Some("12"), Some("10"), Some("3"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "dayofmonth(s)",
        expected: Ok(("dayofmonth(s)", "int", &[Some("29"), Some("31"), Some("1"), Some("8"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "day(d)",
        expected: Ok(("day(d)", "int", &[Some("29"), Some("31"), Some("1"), Some("8"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "dayofweek(d)",
        expected: Ok(("dayofweek(d)", "int", &[Some("5"), Some("4"), Some("1"), Some("1"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "dayofyear(ts)",
        expected: Ok(("dayofyear(ts)", "int", &[Some("60"), Some("365"), Some("304"), Some("66"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "hour(ts)",
        expected: Ok(("hour(ts)", "int", &[Some("7"), Some("18"), Some("21"), Some("21"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "minute(s)",
        expected: Ok(("minute(s)", "int", &[Some("34"), Some("59"), Some("30"), Some("30"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "second(ts)",
        expected: Ok(("second(ts)", "int", &[Some("56"), Some("59"), Some("0"), Some("0"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "hour(d)",
        expected: Ok(("hour(d)", "int", &[Some("0"), Some("0"), Some("0"), Some("0"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "make_timestamp(2024, 2, 29, 12, 34, 56.789)",
        expected: Ok(("make_timestamp(2024, 2, 29, 12, 34, 56.789)", "timestamp", &[Some("2024-02-29 12:34:56.789"), Some("2024-02-29 12:34:56.789"), Some("2024-02-29 12:34:56.789"), Some("2024-02-29 12:34:56.789"), Some("2024-02-29 12:34:56.789")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "make_timestamp(2026, 11, 1, 1, 30, 0)",
        expected: Ok(("make_timestamp(2026, 11, 1, 1, 30, 0)", "timestamp", &[Some("2026-11-01 01:30:00"), Some("2026-11-01 01:30:00"), Some("2026-11-01 01:30:00"), Some("2026-11-01 01:30:00"), Some("2026-11-01 01:30:00")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "make_timestamp(2026, 3, 8, 2, 30, 0)",
        expected: Ok(("make_timestamp(2026, 3, 8, 2, 30, 0)", "timestamp", &[Some("2026-03-08 03:30:00"), Some("2026-03-08 03:30:00"), Some("2026-03-08 03:30:00"), Some("2026-03-08 03:30:00"), Some("2026-03-08 03:30:00")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "make_timestamp(2024, 2, 29, 12, 34, 56.789, 'Europe/Paris')",
        expected: Ok(("make_timestamp(2024, 2, 29, 12, 34, 56.789, Europe/Paris)", "timestamp", &[Some("2024-02-29 06:34:56.789"), Some("2024-02-29 06:34:56.789"), Some("2024-02-29 06:34:56.789"), Some("2024-02-29 06:34:56.789"), Some("2024-02-29 06:34:56.789")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "make_date(2024, 2, 29)",
        expected: Ok(("make_date(2024, 2, 29)", "date", &[Some("2024-02-29"), Some("2024-02-29"), Some("2024-02-29"), Some("2024-02-29"), Some("2024-02-29")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "timestamp_seconds(n)",
        expected: Ok(("timestamp_seconds(n)", "timestamp", &[Some("2024-02-29 07:34:56"), Some("1969-12-31 18:59:59"), Some("2026-11-01 01:30:00"), Some("1969-12-31 19:00:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "to_utc_timestamp(ts, 'Europe/Paris')",
        expected: Ok(("to_utc_timestamp(ts, Europe/Paris)", "timestamp", &[Some("2024-02-29 06:34:56.789"), Some("1969-12-31 17:59:59.5"), Some("2026-10-31 20:30:00"), Some("2026-03-07 20:30:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "from_utc_timestamp(ts, 'Europe/Paris')",
        expected: Ok(("from_utc_timestamp(ts, Europe/Paris)", "timestamp", &[Some("2024-02-29 08:34:56.789"), Some("1969-12-31 19:59:59.5"), Some("2026-10-31 22:30:00"), Some("2026-03-07 22:30:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "try_to_timestamp(s)",
        expected: Ok(("try_to_timestamp(s)", "timestamp", &[Some("2024-02-29 12:34:56.789"), Some("1969-12-31 23:59:59.5"), Some("2026-11-01 01:30:00"), Some("2026-03-08 03:30:00"), None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::All,
        query: "try_to_timestamp(f, 'dd/MM/yyyy')",
        expected: Ok(("try_to_timestamp(f, dd/MM/yyyy)", "timestamp", &[Some("2024-02-29 00:00:00"), Some("1969-12-31 00:00:00"), Some("2026-11-01 00:00:00"), Some("2026-03-08 00:00:00"), None])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('x')",
        expected: Err("[CAST_INVALID_INPUT] The value 'x' of the type \"STRING\" cannot be cast to \"TIMESTAMP\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: 22018"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('x', 'yyyy-MM-dd')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text 'x' could not be parsed at index 0. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('2024-13-01', 'yyyy-MM-dd')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2024-13-01' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_date('x')",
        expected: Err("[CAST_INVALID_INPUT] The value 'x' of the type \"STRING\" cannot be cast to \"DATE\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: 22018"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_date('x', 'yyyy-MM-dd')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text 'x' could not be parsed at index 0. Use `try_to_date` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "unix_timestamp('x')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text 'x' could not be parsed at index 0. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "unix_timestamp('x', 'yyyy')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text 'x' could not be parsed at index 0. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "make_timestamp(2024, 13, 1, 0, 0, 0)",
        expected: Err("[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid value for MonthOfYear (valid values 1 - 12): 13.  SQLSTATE: 22023"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "make_timestamp(2024, 2, 30, 0, 0, 0)",
        expected: Err("[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid date 'FEBRUARY 30'.  SQLSTATE: 22023"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "make_timestamp(2024, 1, 1, 25, 0, 0)",
        expected: Err("[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid value for HourOfDay (valid values 0 - 23): 25.  SQLSTATE: 22023"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "make_timestamp(2024, 1, 1, 0, 0, 60)",
        expected: Ok(("make_timestamp(2024, 1, 1, 0, 0, 60)", "timestamp", &[Some("2024-01-01 00:01:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "make_timestamp(2024, 1, 1, 0, 0, 61)",
        expected: Err("[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid value for SecondOfMinute (valid values 0 - 59): 61.  SQLSTATE: 22023"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "make_date(2024, 2, 30)",
        expected: Err("[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid date 'FEBRUARY 30'.  SQLSTATE: 22023"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "make_date(2024, 13, 1)",
        expected: Err("[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid value for MonthOfYear (valid values 1 - 12): 13.  SQLSTATE: 22023"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_format(ts, 'yyyy-MM-dd YYYY')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_format(ts, 'www')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_format(ts, 'qqqqq')",
        expected: Err("[INVALID_DATETIME_PATTERN.LENGTH] Unrecognized datetime pattern: qqqqq. Too many letters in datetime pattern: qqqqq. Please reduce pattern length. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp(s, 'yyyy-MM-dd w')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "year(1)",
        expected: Err("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"year(1)\" due to data type mismatch: The first parameter requires the \"DATE\" type, however \"1\" has the type \"INT\". SQLSTATE: 42K09"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "hour(1)",
        expected: Err("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"hour(1)\" due to data type mismatch: The first parameter requires the \"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)\" type, however \"1\" has the type \"INT\". SQLSTATE: 42K09"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_add(d, 1L)",
        expected: Err("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"date_add(d, 1)\" due to data type mismatch: The second parameter requires the (\"INT\" or \"SMALLINT\" or \"TINYINT\") type, however \"1\" has the type \"BIGINT\". SQLSTATE: 42K09"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_add(d, 'x')",
        expected: Err("[CAST_INVALID_INPUT] The value 'x' of the type \"STRING\" cannot be cast to \"INT\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: 22018"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_add(1, 1)",
        expected: Err("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"date_add(1, 1)\" due to data type mismatch: The first parameter requires the \"DATE\" type, however \"1\" has the type \"INT\". SQLSTATE: 42K09"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "datediff(1, d)",
        expected: Err("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"datediff(1, d)\" due to data type mismatch: The first parameter requires the \"DATE\" type, however \"1\" has the type \"INT\". SQLSTATE: 42K09"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_format(1, 'y')",
        expected: Err("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"date_format(1, y)\" due to data type mismatch: The first parameter requires the (\"TIMESTAMP\" or \"TIME\" or \"(TIMESTAMP_LTZ(P) OR TIMESTAMP_NTZ(P) WITH P IN [7, 9])\") type, however \"1\" has the type \"INT\". SQLSTATE: 42K09"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "from_unixtime('x')",
        expected: Err("[CAST_INVALID_INPUT] The value 'x' of the type \"STRING\" cannot be cast to \"BIGINT\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: 22018"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp(1)",
        expected: Ok(("to_timestamp(1)", "timestamp", &[Some("1970-01-01 00:00:01")])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp(true)",
        expected: Err("[CAST_INVALID_INPUT] The value 'true' of the type \"STRING\" cannot be cast to \"TIMESTAMP\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: 22018"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_date(1)",
        expected: Err("[CAST_INVALID_INPUT] The value '1' of the type \"STRING\" cannot be cast to \"DATE\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: 22018"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "unix_timestamp(1)",
        expected: Err("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"unix_timestamp(1, yyyy-MM-dd HH:mm:ss)\" due to data type mismatch: The first parameter requires the (\"STRING\" or \"DATE\" or \"TIMESTAMP\" or \"TIMESTAMP_NTZ\" or \"(TIMESTAMP_LTZ(P) OR TIMESTAMP_NTZ(P) WITH P IN [7, 9])\") type, however \"1\" has the type \"INT\". SQLSTATE: 42K09"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_trunc('hour', 1)",
        expected: Err("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"date_trunc(hour, 1)\" due to data type mismatch: The second parameter requires the (\"TIMESTAMP\" or \"(TIMESTAMP_LTZ(P) OR TIMESTAMP_NTZ(P) WITH P IN [7, 9])\") type, however \"1\" has the type \"INT\". SQLSTATE: 42K09"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_trunc(s, ts)",
        expected: Ok(("date_trunc(s, ts)", "timestamp", &[None])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp(s, 'yyyy')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2026-03-08 02:30:00' could not be parsed, unparsed text found at index 4. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('2024', 'yyyy')",
        expected: Ok(("to_timestamp(2024, yyyy)", "timestamp", &[Some("2024-01-01 00:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('2024-01-01 10:00', 'yyyy-MM-dd')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2024-01-01 10:00' could not be parsed, unparsed text found at index 10. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('12/31/2024 01:02:03 PM', 'MM/dd/yyyy hh:mm:ss a')",
        expected: Ok(("to_timestamp(12/31/2024 01:02:03 PM, MM/dd/yyyy hh:mm:ss a)", "timestamp", &[Some("2024-12-31 13:02:03")])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('Mon Jan 01 2024', 'EEE MMM dd yyyy')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('Tue Jan 01 2024', 'EEE MMM dd yyyy')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "to_timestamp('2024-01-01T10:00:00+02:00', \"yyyy-MM-dd'T'HH:mm:ssXXX\")",
        expected: Ok(("to_timestamp(2024-01-01T10:00:00+02:00, yyyy-MM-dd'T'HH:mm:ssXXX)", "timestamp", &[Some("2024-01-01 08:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "from_unixtime(n, 'EEE')",
        expected: Ok(("from_unixtime(n, EEE)", "string", &[Some("Thu")])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "date_add(d, 2147483647)",
        expected: Ok(("date_add(d, 2147483647)", "date", &[Some("-5877585-08-27")])),
    },
    Case {
        zone: "UTC",
        table: Table::Fourth,
        query: "timestamp_seconds(9223372036854775807)",
        expected: Err("[DATETIME_OVERFLOW] Datetime operation overflow: create a TIMESTAMP from 9223372036854775807L seconds since the epoch. SQLSTATE: 22008"),
    },
];

/// From PySpark 4.3: `select <query>` in the zone given.
const LITERAL_CASES: &[Case] = &[
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'yyyy-MM-dd YYYY')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'www')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('Mon Jan 01 2024', 'EEE MMM dd yyyy')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'yyyy A')",
        expected: Err("[INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER] Unrecognized datetime pattern: yyyy A. Illegal pattern character found in datetime pattern: A. Please provide legal character. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'yyyy b')",
        expected: Err("[INVALID_DATETIME_PATTERN.WITH_SUGGESTION] Unrecognized datetime pattern: 'yyyy b'. You can form a valid datetime pattern with the guide from 'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'yyyyyyy')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'VVV')",
        expected: Err("[INVALID_DATETIME_PATTERN.WITH_SUGGESTION] Unrecognized datetime pattern: 'VVV'. You can form a valid datetime pattern with the guide from 'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'yyyy e')",
        expected: Err("[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN] You may get a different result due to the upgrading to Spark >= 3.0:"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'yyyy-MM-dd ''T'' [HH]')",
        expected: Ok(("date_format(TIMESTAMP '2024-01-01 00:00:00', yyyy-MM-dd 'T' [HH])", "string", &[Some("2024-01-01 T 00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01', 'yyyy-MM-dd [HH')",
        expected: Ok(("date_format(TIMESTAMP '2024-01-01 00:00:00', yyyy-MM-dd [HH)", "string", &[Some("2024-01-01 00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'-0044-03-15 00:00:00', 'yyyy G')",
        expected: Ok(("date_format(TIMESTAMP '-0044-03-15 00:00:00', yyyy G)", "string", &[Some("0045 BC")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'12345-01-01 00:00:00', 'yyyy')",
        expected: Ok(("date_format(TIMESTAMP '+12345-01-01 00:00:00', yyyy)", "string", &[Some("+12345")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01 00:00:00', 'y yy yyy')",
        expected: Ok(("date_format(TIMESTAMP '2024-01-01 00:00:00', y yy yyy)", "string", &[Some("2024 24 2024")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'0005-01-01 00:00:00', 'y yy yyy yyyy')",
        expected: Ok(("date_format(TIMESTAMP '0005-01-01 00:00:00', y yy yyy yyyy)", "string", &[Some("5 05 005 0005")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01 00:05:07.123456', 'S SS SSSSSS SSSSSSSSS h K k H')",
        expected: Ok(("date_format(TIMESTAMP '2024-01-01 00:05:07.123456', S SS SSSSSS SSSSSSSSS h K k H)", "string", &[Some("1 12 123456 123456000 12 0 24 0")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "date_add(timestamp'2024-02-28 23:00:00', 1)",
        expected: Ok(("date_add(TIMESTAMP '2024-02-28 23:00:00', 1)", "date", &[Some("2024-02-29")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp(1L)",
        expected: Ok(("to_timestamp(1)", "timestamp", &[Some("1970-01-01 00:00:01")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp(1.5D)",
        expected: Ok(("to_timestamp(1.5)", "timestamp", &[Some("1970-01-01 00:00:01.5")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "timestamp_seconds(1.5D)",
        expected: Ok(("timestamp_seconds(1.5)", "timestamp", &[Some("1970-01-01 00:00:01.5")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "timestamp_seconds(1)",
        expected: Ok(("timestamp_seconds(1)", "timestamp", &[Some("1970-01-01 00:00:01")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "make_timestamp(2024, 1, 1, 0, 0, 1)",
        expected: Ok(("make_timestamp(2024, 1, 1, 0, 0, 1)", "timestamp", &[Some("2024-01-01 00:00:01")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "make_timestamp(2024, 1, 1, 0, 0, 59.9999999)",
        expected: Ok(("make_timestamp(2024, 1, 1, 0, 0, 59.9999999)", "timestamp", &[Some("2024-01-01 00:01:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "make_timestamp(null, 1, 1, 0, 0, 1)",
        expected: Ok(("make_timestamp(NULL, 1, 1, 0, 0, 1)", "timestamp", &[None])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-01-01', 'yyyy-MM-dd HH')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2024-01-01' could not be parsed at index 10. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-02-30', 'yyyy-MM-dd')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2024-02-30' could not be parsed: Invalid date 'FEBRUARY 30'. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2023-02-29', 'yyyy-MM-dd')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2023-02-29' could not be parsed: Invalid date 'February 29' as '2023' is not a leap year. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-01-01 25', 'yyyy-MM-dd HH')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2024-01-01 25' could not be parsed: Invalid value for HourOfDay (valid values 0 - 23): 25. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-01-01 13 PM', 'yyyy-MM-dd hh a')",
        expected: Err("[CANNOT_PARSE_TIMESTAMP] Text '2024-01-01 13 PM' could not be parsed: Invalid value for ClockHourOfAmPm (valid values 1 - 12): 13. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-01-01 10', 'yyyy-MM-dd hh')",
        expected: Ok(("to_timestamp(2024-01-01 10, yyyy-MM-dd hh)", "timestamp", &[Some("2024-01-01 10:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('jan 5 2024', 'MMM d yyyy')",
        expected: Ok(("to_timestamp(jan 5 2024, MMM d yyyy)", "timestamp", &[Some("2024-01-05 00:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-1-5', 'yyyy-M-d')",
        expected: Ok(("to_timestamp(2024-1-5, yyyy-M-d)", "timestamp", &[Some("2024-01-05 00:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('24-01-05', 'yy-MM-dd')",
        expected: Ok(("to_timestamp(24-01-05, yy-MM-dd)", "timestamp", &[Some("2024-01-05 00:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-01-05 7', 'yyyy-MM-dd H')",
        expected: Ok(("to_timestamp(2024-01-05 7, yyyy-MM-dd H)", "timestamp", &[Some("2024-01-05 07:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-01-05 07', 'yyyy-MM-dd H')",
        expected: Ok(("to_timestamp(2024-01-05 07, yyyy-MM-dd H)", "timestamp", &[Some("2024-01-05 07:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_date('2024-01-05 07:00', 'yyyy-MM-dd HH:mm')",
        expected: Ok(("to_date(2024-01-05 07:00, yyyy-MM-dd HH:mm)", "date", &[Some("2024-01-05")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "try_to_timestamp('x', 'yyyy')",
        expected: Ok(("try_to_timestamp(x, yyyy)", "timestamp", &[None])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "try_to_timestamp('x')",
        expected: Ok(("try_to_timestamp(x)", "timestamp", &[None])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp('2024-001', 'yyyy-DDD')",
        expected: Ok(("to_timestamp(2024-001, yyyy-DDD)", "timestamp", &[Some("2024-01-01 00:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "from_unixtime(253402300800)",
        expected: Ok(("from_unixtime(253402300800, yyyy-MM-dd HH:mm:ss)", "string", &[Some("+10000-01-01 00:00:00")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "from_unixtime(-62135596801)",
        expected: Ok(("from_unixtime(-62135596801, yyyy-MM-dd HH:mm:ss)", "string", &[Some("0000-12-31 23:59:59")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "unix_timestamp('1969-12-31 23:59:59')",
        expected: Ok(("unix_timestamp(1969-12-31 23:59:59, yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("-1")])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_timestamp(null)",
        expected: Ok(("to_timestamp(NULL)", "timestamp", &[None])),
    },
    Case {
        zone: "UTC",
        table: Table::Nothing,
        query: "to_date(null, 'yyyy')",
        expected: Ok(("to_date(NULL, yyyy)", "date", &[None])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "unix_timestamp(make_timestamp(2026,11,1,1,30,0))",
        expected: Ok(("unix_timestamp(make_timestamp(2026, 11, 1, 1, 30, 0), yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1793511000")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "unix_timestamp(to_timestamp('2026-11-01 01:30:00'))",
        expected: Ok(("unix_timestamp(to_timestamp(2026-11-01 01:30:00), yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1793511000")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "unix_timestamp(date_trunc('hour', timestamp_seconds(1793514600)))",
        expected: Ok(("unix_timestamp(date_trunc(hour, timestamp_seconds(1793514600)), yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1793512800")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "unix_timestamp(date_trunc('day', timestamp_seconds(1793514600)))",
        expected: Ok(("unix_timestamp(date_trunc(day, timestamp_seconds(1793514600)), yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1793505600")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "unix_timestamp(to_timestamp('2026-11-01 01:30', 'yyyy-MM-dd HH:mm'))",
        expected: Ok(("unix_timestamp(to_timestamp(2026-11-01 01:30, yyyy-MM-dd HH:mm), yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1793511000")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "unix_timestamp('2026-03-08 02:30:00')",
        expected: Ok(("unix_timestamp(2026-03-08 02:30:00, yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1772955000")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "hour(timestamp_seconds(1793514600))",
        expected: Ok(("hour(timestamp_seconds(1793514600))", "int", &[Some("1")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "date_format(timestamp_seconds(1793514600), 'HH:mm z XXX')",
        expected: Ok(("date_format(timestamp_seconds(1793514600), HH:mm z XXX)", "string", &[Some("01:30 EST -05:00")])),
    },
    Case {
        zone: "America/New_York",
        table: Table::Nothing,
        query: "unix_timestamp(date_trunc('minute', timestamp_seconds(1793514630)))",
        expected: Ok(("unix_timestamp(date_trunc(minute, timestamp_seconds(1793514630)), yyyy-MM-dd HH:mm:ss)", "bigint", &[Some("1793514600")])),
    },
    Case {
        zone: "+02:00",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01 00:00:00', 'z VV X XX XXX x Z ZZZZ ZZZZZ O')",
        expected: Ok(("date_format(TIMESTAMP '2024-01-01 00:00:00', z VV X XX XXX x Z ZZZZ ZZZZZ O)", "string", &[Some("+02:00 +02:00 +02 +0200 +02:00 +02 +0200 GMT+02:00 +02:00 GMT+2")])),
    },
    Case {
        zone: "+02:00",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01 00:00:00', 'z')",
        expected: Ok(("date_format(TIMESTAMP '2024-01-01 00:00:00', z)", "string", &[Some("+02:00")])),
    },
    Case {
        zone: "Europe/Paris",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-01-01 00:00:00', 'z')",
        expected: Ok(("date_format(TIMESTAMP '2024-01-01 00:00:00', z)", "string", &[Some("CET")])),
    },
    Case {
        zone: "Asia/Kolkata",
        table: Table::Nothing,
        query: "date_format(timestamp'2024-07-01 00:00:00', 'z X')",
        expected: Ok(("date_format(TIMESTAMP '2024-07-01 00:00:00', z X)", "string", &[Some("IST +0530")])),
    },
];

/// `expr`'s values on the rows of `t` in `zone`, at batch time `batch_ms`.
fn values_at(expr: &Expr, zone: &str, batch_ms: i64) -> Vec<Value> {
    let (schema, rows) = table(Table::All);
    let bound = bind(expr, &schema).unwrap();
    with_context(TimeZone::of(zone).unwrap(), Some(batch_ms), || {
        rows.iter().map(|row| (bound.eval)(row).unwrap()).collect()
    })
}

#[test]
fn the_current_time_is_the_batch_time_for_every_row() {
    use crate::expr::{current_date, current_timestamp, unix_timestamp_now};
    // 2026-12-07 03:14:43.870 UTC is still 2026-12-06 in New York.
    let batch_ms = 1_796_613_283_870;
    assert_eq!(current_timestamp().output_name(), "current_timestamp()");
    assert_eq!(current_date().output_name(), "current_date()");
    assert_eq!(
        unix_timestamp_now().output_name(),
        "unix_timestamp(current_timestamp(), yyyy-MM-dd HH:mm:ss)"
    );
    let now = values_at(&current_timestamp(), "America/New_York", batch_ms);
    assert_eq!(now, vec![Value::Timestamp(batch_ms * 1000); 5]);
    let today = values_at(&current_date(), "America/New_York", batch_ms);
    let days = |text: &str| crate::expr::cast::parse_string(text, &DataType::Date).unwrap();
    assert_eq!(today, vec![days("2026-12-06"); 5]);
    assert_eq!(
        values_at(&current_date(), "UTC", batch_ms),
        vec![days("2026-12-07"); 5]
    );
    assert_eq!(
        values_at(&unix_timestamp_now(), "UTC", batch_ms),
        vec![Value::Long(1_796_613_283); 5]
    );
}

#[test]
fn rust_builders_are_named_as_pyspark_names_the_calls() {
    use crate::expr::*;
    // Names from PySpark 4.3 (`F.to_timestamp("s", "dd/MM/yyyy")`, ...).
    let cases = [
        (to_timestamp(col("s")), "to_timestamp(s)"),
        (
            to_timestamp_with_format(col("f"), "dd/MM/yyyy"),
            "to_timestamp(f, dd/MM/yyyy)",
        ),
        (to_date(col("s")), "to_date(s)"),
        (
            unix_timestamp(col("ts")),
            "unix_timestamp(ts, yyyy-MM-dd HH:mm:ss)",
        ),
        (
            from_unixtime(col("n")),
            "from_unixtime(n, yyyy-MM-dd HH:mm:ss)",
        ),
        (date_trunc("hour", col("ts")), "date_trunc(hour, ts)"),
        (trunc(col("d"), "month"), "trunc(d, month)"),
        (date_add(col("d"), 1), "date_add(d, 1)"),
        (datediff(col("d"), col("s")), "datediff(d, s)"),
        (
            make_timestamp(2024, 2, 29, 12, 34, 56.789),
            "make_timestamp(2024, 2, 29, 12, 34, 56.789)",
        ),
        (dayofweek(col("d")), "dayofweek(d)"),
    ];
    for (expr, name) in cases {
        assert_eq!(expr.output_name(), name);
    }
}

/// The whole error of `query` on `t where n = 0` in UTC.
fn error_of(query: &str) -> String {
    let expr = Reader {
        text: query.as_bytes(),
        at: 0,
        zone: TimeZone::UTC,
    }
    .expr();
    let (schema, rows) = table(Table::Fourth);
    match bind(&expr, &schema) {
        Err(e) => e.to_string(),
        Ok(bound) => (bound.eval)(&rows[0]).unwrap_err(),
    }
}

#[test]
fn whole_error_messages_are_sparks() {
    // From PySpark 4.3, `str(exception)`.
    let recognition = |pattern: &str| {
        format!(
            "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a \
             different result due to the upgrading to Spark >= 3.0:\nFail to recognize \
             '{pattern}' pattern in the DateTimeFormatter.\n1) You can set \
             \"spark.sql.legacy.timeParserPolicy\" to \"LEGACY\" to restore the behavior before \
             Spark 3.0.\n2) You can form a valid datetime pattern with the guide from \
             'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'. SQLSTATE: \
             42K0B"
        )
    };
    assert_eq!(
        error_of("date_format(ts, 'yyyy-MM-dd YYYY')"),
        recognition("yyyy-MM-dd YYYY")
    );
    assert_eq!(
        error_of("to_timestamp(s, 'EEE MMM dd yyyy')"),
        recognition("EEE MMM dd yyyy")
    );
    assert_eq!(
        error_of("date_format(ts, 'yyyy e')"),
        "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN] You may get a \
         different result due to the upgrading to Spark >= 3.0:\nAll week-based patterns are \
         unsupported since Spark 3.0, detected week-based character: e.\nPlease use the SQL \
         function EXTRACT instead. SQLSTATE: 42K0B"
    );
    assert_eq!(
        error_of("date_format(ts, \"yyyy'\")"),
        "[INVALID_DATETIME_PATTERN.WITH_SUGGESTION] Unrecognized datetime pattern: 'yyyy\\''. \
         You can form a valid datetime pattern with the guide from \
         'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'. SQLSTATE: 22007"
    );
    assert_eq!(
        error_of("make_timestamp(2024, 1, 1, 0, 0, 60.5)"),
        "[INVALID_FRACTION_OF_SECOND] Valid range for seconds is [0, 60] (inclusive), but the \
         provided value is 60.5. To avoid this error, use `try_make_timestamp`, which returns \
         NULL on error.\nIf you do not want to use the session default timestamp version of \
         this function, use `try_make_timestamp_ntz` or `try_make_timestamp_ltz`. SQLSTATE: \
         22023"
    );
    assert_eq!(
        error_of("to_date(true)"),
        "[CAST_INVALID_INPUT] The value 'true' of the type \"STRING\" cannot be cast to \"DATE\" \
         because it is malformed. Correct the value as per the syntax, or change its target \
         type. Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: \
         22018"
    );
}

/// Extreme instants, dates and numbers give a value or Spark's error, never a panic.
#[test]
fn extreme_values_never_panic() {
    let schema = Schema::new(vec![
        Field::new("ts", DataType::Timestamp),
        Field::new("d", DataType::Date),
        Field::new("n", DataType::Integer),
        Field::new("l", DataType::Long),
        Field::new("x", DataType::Double),
        Field::new("s", DataType::String),
    ]);
    let rows: Vec<Row> = [
        (
            i64::MIN,
            i32::MIN,
            i32::MIN,
            i64::MIN,
            f64::MIN,
            "-999999999-01-01",
        ),
        (
            i64::MAX,
            i32::MAX,
            i32::MAX,
            i64::MAX,
            f64::MAX,
            "+9999999-12-31 23:59:59",
        ),
        (0, 0, 0, 0, f64::NAN, "999999999-12-31"),
    ]
    .into_iter()
    .map(|(ts, d, n, l, x, s)| {
        Row::new(vec![
            Value::Timestamp(ts),
            Value::Date(d),
            Value::Int(n),
            Value::Long(l),
            Value::Double(x),
            s.into(),
        ])
    })
    .collect();
    let queries = [
        "to_timestamp(s)",
        "to_timestamp(d)",
        "to_timestamp(l)",
        "to_timestamp(x)",
        "to_timestamp(s, 'yyyyyy-MM-dd')",
        "to_timestamp(s, 'uuuuuu-MM-dd')",
        "to_date(ts)",
        "to_date(s, 'yyyyyy-MM-dd')",
        "date_format(ts, 'yyyy-MM-dd HH:mm:ss.SSS EEE MMM a XXX z VV D G Q')",
        "date_format(d, 'yyyy')",
        "unix_timestamp(ts)",
        "unix_timestamp(d)",
        "from_unixtime(l)",
        "from_unixtime(n)",
        "date_add(d, n)",
        "date_sub(d, n)",
        "datediff(d, ts)",
        "date_trunc('week', ts)",
        "date_trunc('hour', ts)",
        "date_trunc('quarter', d)",
        "trunc(d, 'year')",
        "year(ts)",
        "dayofweek(d)",
        "dayofyear(d)",
        "hour(ts)",
        "second(ts)",
        "make_date(n, 1, 1)",
        "make_timestamp(n, 12, 31, 23, 59, x)",
        "make_timestamp(999999999, 12, 31, 23, 59, 59)",
        "make_timestamp(2024, 1, 1, 0, 0, l)",
        "timestamp_seconds(l)",
        "timestamp_seconds(x)",
        "to_utc_timestamp(ts, 'America/New_York')",
        "from_utc_timestamp(ts, '+18:00')",
    ];
    for zone in ["UTC", "America/New_York", "-18:00"] {
        let zone = TimeZone::of(zone).unwrap();
        for query in queries {
            let expr = Reader {
                text: query.as_bytes(),
                at: 0,
                zone,
            }
            .expr();
            let bound = bind(&expr, &schema).unwrap_or_else(|e| panic!("{query}: {e}"));
            with_context(zone, Some(i64::MAX / 1000), || {
                for row in &rows {
                    let _ = (bound.eval)(row);
                }
            });
        }
    }
}
