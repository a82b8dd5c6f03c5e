//! Rendering one [`Value`] as the string Spark 4 shows in a `Dataset.show` cell.
//!
//! Spark's `Dataset.getRows` wraps every column in `ToPrettyString` (Spark 4,
//! `sql/catalyst/.../expressions/ToPrettyString.scala`), which mixes in `ToStringBase`
//! (`sql/catalyst/.../expressions/ToStringBase.scala`) with these overrides: nulls (top-level and
//! nested) print as `NULL`, struct brackets are `{` `}`. What `ToStringBase.castToString` does for
//! the types Ember has, verified in that file:
//!
//! - `DateType`: `DateFormatter()` (pattern `yyyy-MM-dd`, rewritten to `uuuu-MM-dd`, so the year is
//!   the proleptic ISO year with at least 4 digits, `+` before years above 9999 and `-` before
//!   negative ones — `java.time`'s `SignStyle.EXCEEDS_PAD`).
//! - `TimestampType`: `TimestampFormatter.getFractionFormatter(zoneId)`, i.e.
//!   `DateTimeFormatterHelper.fractionFormatter` (`sql/api/.../util/DateTimeFormatterHelper.scala`):
//!   `ISO_LOCAL_DATE`, a space, `HH:mm:ss`, then `appendFraction(NANO_OF_SECOND, 0, 9, true)` —
//!   the fraction keeps only its significant digits (trailing zeros dropped) and is left out with
//!   its dot when zero. Timestamps are microseconds, so at most 6 fraction digits.
//! - `ArrayType`: `[` elements joined by `, ` `]`; a null element prints `NULL`.
//! - `StructType`: `{` fields joined by `, ` `}`; a null field prints `NULL`.
//! - `StringType`: the string itself (control characters are escaped later, by
//!   [`show_string`](super::show_string), exactly as Spark escapes after `ToPrettyString`).
//! - Everything else (`boolean`, `int`, `bigint`, `double`): `String.valueOf(v)`, i.e. Java's
//!   `Boolean/Integer/Long/Double.toString`. See [`java_double_to_string`] for doubles.

use ember_operators::{Row, Value};
use std::fmt::Write as _;

use crate::time_zone::TimeZone;

/// The text Spark 4 shows for `value` in a `Dataset.show` / console-sink cell, before escaping and
/// truncation (both done by [`show_string`](super::show_string)).
///
/// `time_zone` is the session time zone: timestamps are shown with its offset at their instant
/// (so daylight saving time applies); it only affects timestamps, including timestamps nested in arrays and structs.
///
/// ```
/// use ember::display::format_value;
/// use ember::TimeZone;
/// use ember_operators::Value;
///
/// assert_eq!(format_value(&Value::Null, TimeZone::UTC), "NULL");
/// assert_eq!(format_value(&Value::Double(1.0e7), TimeZone::UTC), "1.0E7");
/// // 2026-01-01 10:00:00.5 UTC, in microseconds since the epoch.
/// let ts = Value::Timestamp(1_767_261_600_500_000);
/// assert_eq!(format_value(&ts, TimeZone::UTC), "2026-01-01 10:00:00.5");
/// assert_eq!(format_value(&ts, TimeZone::Fixed(3600)), "2026-01-01 11:00:00.5");
/// let arr = Value::Array(vec![Value::from("a"), Value::Null]);
/// assert_eq!(format_value(&arr, TimeZone::UTC), "[a, NULL]");
/// ```
pub fn format_value(value: &Value, time_zone: TimeZone) -> String {
    let mut out = String::new();
    write_value(&mut out, value, time_zone);
    out
}

/// [`format_value`] for every value of `row`, in column order: the cells to hand to
/// [`show_string`](super::show_string).
///
/// ```
/// use ember::display::format_row;
/// use ember::TimeZone;
/// use ember_operators::{Row, Value};
///
/// let row = Row::new(vec![Value::from("x"), Value::Long(3), Value::Null]);
/// assert_eq!(format_row(&row, TimeZone::UTC), vec!["x", "3", "NULL"]);
/// ```
pub fn format_row(row: &Row, time_zone: TimeZone) -> Vec<String> {
    row.values()
        .iter()
        .map(|v| format_value(v, time_zone))
        .collect()
}

fn write_value(out: &mut String, value: &Value, tz: TimeZone) {
    match value {
        Value::Null => out.push_str("NULL"),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Long(i) => out.push_str(&i.to_string()),
        Value::Double(d) => out.push_str(&java_double_to_string(*d)),
        Value::String(s) => out.push_str(s),
        Value::Timestamp(us) => out.push_str(&format_timestamp(*us, tz)),
        Value::Date(days) => out.push_str(&format_date(*days)),
        Value::Array(items) => write_seq(out, items, '[', ']', tz),
        Value::Struct(fields) => write_seq(out, fields, '{', '}', tz),
        Value::Byte(i) => out.push_str(&i.to_string()),
        Value::Short(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&java_float_to_string(*f)),
        Value::Decimal(d) => out.push_str(&d.to_string()),
        Value::Binary(bytes) => write_binary(out, bytes),
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, k, tz);
                out.push_str(" -> ");
                write_value(out, v, tz);
            }
            out.push('}');
        }
        Value::TimestampNtz(us) => out.push_str(&format_timestamp(*us, TimeZone::UTC)),
        Value::Interval(amount, t) => out.push_str(&t.show(*amount)),
    }
}

/// `ToStringBase`'s binary layout: `[` the bytes in upper-case hex, space-separated `]`.
fn write_binary(out: &mut String, bytes: &[u8]) {
    out.push('[');
    for (i, byte) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{byte:02X}");
    }
    out.push(']');
}

/// `ToStringBase`'s array/struct layout: first element, then `,` + ` ` + element for the rest; a
/// null element is `NULL` (the `nullString` of `ToPrettyString`).
fn write_seq(out: &mut String, items: &[Value], open: char, close: char, tz: TimeZone) {
    out.push(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, item, tz);
    }
    out.push(close);
}

/// Java's `Double.toString(d)` as specified since JDK 19 (the shortest-decimal algorithm of
/// JDK-4511638), which is what Spark's `String.valueOf(double)` prints for `double` cells.
///
/// - `NaN`, `Infinity`, `-Infinity`; zeros print `0.0` and `-0.0`.
/// - The digits are the shortest decimal that reads back as the same double; when that is a single
///   digit, the closest decimal of one or two digits is used instead (so `4.9E-324`, not `5E-324`).
/// - If `10^-3 <= |d| < 10^7`: plain notation with at least one digit after the point (`1.0`,
///   `0.001`, `1234567.5`). Otherwise computerized scientific notation: one digit, a point, at
///   least one more digit, `E` and the exponent (`1.0E7`, `1.5E-5`, `-2.5E-4`).
///
/// On JDK 17 (which Spark 4 also runs on) `Double.toString` used an older algorithm that for a
/// small number of values prints more digits than needed or a farther decimal (the bug
/// JDK-4511638, fixed in JDK 19): e.g. JDK 17 prints `1e23` as `9.999999999999999E22` where
/// JDK 19+ (and Ember) print `1.0E23`. Checked against a local OpenJDK 17.0.15 on 200,000
/// doubles: all agree except 167 such JDK 17 anomalies, where Ember's string is never longer and
/// reads back as the same double.
///
/// ```
/// use ember::display::java_double_to_string;
///
/// assert_eq!(java_double_to_string(1.0), "1.0");
/// assert_eq!(java_double_to_string(0.1), "0.1");
/// assert_eq!(java_double_to_string(1.0e7), "1.0E7");
/// assert_eq!(java_double_to_string(1.5e-5), "1.5E-5");
/// assert_eq!(java_double_to_string(f64::NAN), "NaN");
/// assert_eq!(java_double_to_string(-0.0), "-0.0");
/// ```
pub fn java_double_to_string(d: f64) -> String {
    java_to_string(d)
}

/// Java's `Float.toString(f)` (JDK 19+): the rules of [`java_double_to_string`] with the
/// shortest decimal that reads back as the same `float`.
///
/// ```
/// use ember::display::java_float_to_string;
///
/// assert_eq!(java_float_to_string(1.1), "1.1");
/// assert_eq!(java_float_to_string(3.4028235e38), "3.4028235E38");
/// assert_eq!(java_float_to_string(-0.0), "-0.0");
/// ```
pub fn java_float_to_string(f: f32) -> String {
    java_to_string(f)
}

/// A binary floating-point type whose shortest round-trip decimal Java prints.
trait JavaFloat: Copy + PartialOrd + std::fmt::LowerExp + std::str::FromStr {
    const ZERO: Self;
    fn is_nan(self) -> bool;
    fn is_infinite(self) -> bool;
    fn is_sign_negative(self) -> bool;
    fn abs(self) -> Self;
}

macro_rules! java_float {
    ($($t:ty),*) => {$(
        impl JavaFloat for $t {
            const ZERO: Self = 0.0;
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            fn is_infinite(self) -> bool {
                <$t>::is_infinite(self)
            }
            fn is_sign_negative(self) -> bool {
                <$t>::is_sign_negative(self)
            }
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
        }
    )*};
}

java_float!(f32, f64);

fn java_to_string<F: JavaFloat>(d: F) -> String {
    if d.is_nan() {
        return "NaN".to_string();
    }
    if d.is_infinite() {
        return if d > F::ZERO { "Infinity" } else { "-Infinity" }.to_string();
    }
    if d == F::ZERO {
        return if d.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let sign = if d < F::ZERO { "-" } else { "" };
    let abs = d.abs();
    let (digits, exp) = shortest_digits(abs);
    let body = if (-3..7).contains(&exp) {
        plain_notation(&digits, exp)
    } else {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{first}.{rest}E{exp}")
    };
    format!("{sign}{body}")
}

/// [`shortest_digits`] of a `double`: the digits of Java's `Double.toString`, which Spark's
/// `round` and Java's `Formatter` round.
pub(crate) fn shortest_double_digits(abs: f64) -> (String, i32) {
    shortest_digits(abs)
}

/// The significant digits (no leading or trailing zeros) and the decimal exponent of the first
/// digit, of the decimal Java's `Double.toString` picks for the positive finite `abs`.
fn shortest_digits<F: JavaFloat>(abs: F) -> (String, i32) {
    let (digits, exp) = split_exp(&format!("{abs:e}"));
    if digits.len() == 1 {
        // Java: when the shortest has one digit, pick the closest among 1- and 2-digit decimals
        // that round to the double. The correctly rounded 2-digit decimal is the closest 2-digit
        // one (and no farther than the 1-digit one, which is also a 2-digit decimal).
        let two = format!("{abs:.1e}");
        if two.parse::<F>().ok() == Some(abs) {
            let (d2, e2) = split_exp(&two);
            let d2 = d2.trim_end_matches('0').to_string();
            return (d2, e2);
        }
    }
    (digits, exp)
}

/// Splits Rust's `{:e}` output (`1.5e-5`) into digits without the point (`15`) and exponent (-5).
fn split_exp(s: &str) -> (String, i32) {
    let (mantissa, exp) = s.split_once('e').expect("`{:e}` output has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (
        digits.to_string(),
        exp.parse().expect("`{:e}` exponent is an integer"),
    )
}

/// `digits` × 10^(`exp` - len + 1) in plain notation, with at least one fraction digit.
fn plain_notation(digits: &str, exp: i32) -> String {
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("0.{zeros}{digits}");
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        let zeros = "0".repeat(int_len - digits.len());
        format!("{digits}{zeros}.0")
    } else {
        let (int_part, frac) = digits.split_at(int_len);
        format!("{int_part}.{frac}")
    }
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`), matching `java.time.LocalDate.ofEpochDay`.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `java.time`'s year with `appendValue(YEAR, 4, _, SignStyle.EXCEEDS_PAD)`: at least 4 digits,
/// `+` when more than 4 digits are needed for a positive year, `-` for negative years.
fn write_year(out: &mut String, year: i64) {
    let _ = if year > 9999 {
        write!(out, "+{year}")
    } else if year < 0 {
        write!(out, "-{:04}", -year)
    } else {
        write!(out, "{year:04}")
    };
}

/// Appends `uuuu-MM-dd` of a day (days since 1970-01-01) to `out`.
fn write_date(out: &mut String, days: i64) {
    let (y, m, d) = civil_from_days(days);
    write_year(out, y);
    let _ = write!(out, "-{m:02}-{d:02}");
}

/// Spark's `DateType` string: `uuuu-MM-dd`.
pub(crate) fn format_date(days: i32) -> String {
    let mut out = String::with_capacity(10);
    write_date(&mut out, i64::from(days));
    out
}

/// Appends `uuuu-MM-dd<sep>HH:mm:ss` of a local time given as seconds since 1970-01-01 00:00
/// to `out`.
pub(crate) fn write_date_time(out: &mut String, local_secs: i64, sep: char) {
    write_date(out, local_secs.div_euclid(86_400));
    let sod = local_secs.rem_euclid(86_400);
    let _ = write!(
        out,
        "{sep}{:02}:{:02}:{:02}",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    );
}

/// Spark's `TimestampType` string in `time_zone` (its offset at that instant):
/// `uuuu-MM-dd HH:mm:ss[.fraction]`, the fraction without trailing zeros and absent when zero.
pub(crate) fn format_timestamp(micros: i64, time_zone: TimeZone) -> String {
    let secs = micros.div_euclid(1_000_000) + i64::from(time_zone.offset_at_utc(micros));
    let frac = micros.rem_euclid(1_000_000);
    let mut s = String::with_capacity(26);
    write_date_time(&mut s, secs, ' ');
    if frac != 0 {
        let f = format!("{frac:06}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Microseconds of a UTC civil time, for readable tests.
    fn ts(y: i64, mo: u32, d: u32, h: i64, mi: i64, s: i64, us: i64) -> Value {
        // days_from_civil (inverse of civil_from_days).
        let y2 = if mo <= 2 { y - 1 } else { y };
        let era = y2.div_euclid(400);
        let yoe = y2 - era * 400;
        let mp = (i64::from(mo) + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Value::Timestamp(((days * 86_400 + h * 3600 + mi * 60 + s) * 1_000_000) + us)
    }

    #[test]
    fn null_and_scalars() {
        assert_eq!(format_value(&Value::Null, TimeZone::UTC), "NULL");
        assert_eq!(format_value(&Value::Boolean(true), TimeZone::UTC), "true");
        assert_eq!(format_value(&Value::Boolean(false), TimeZone::UTC), "false");
        assert_eq!(format_value(&Value::Int(-42), TimeZone::UTC), "-42");
        assert_eq!(
            format_value(&Value::Int(i32::MIN), TimeZone::UTC),
            "-2147483648"
        );
        assert_eq!(
            format_value(&Value::Long(i64::MAX), TimeZone::UTC),
            "9223372036854775807"
        );
        assert_eq!(
            format_value(&Value::from("hello world"), TimeZone::UTC),
            "hello world"
        );
        assert_eq!(format_value(&Value::from(""), TimeZone::UTC), "");
        // Strings are not escaped here; show_string does that.
        assert_eq!(format_value(&Value::from("a\tb"), TimeZone::UTC), "a\tb");
    }

    #[test]
    fn doubles_like_java() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-1.5, "-1.5"),
            (100.0, "100.0"),
            (123.456, "123.456"),
            (0.001, "0.001"),
            (0.000_999, "9.99E-4"),
            (1.0e-3, "0.001"),
            (9_999_999.0, "9999999.0"),
            (1.0e7, "1.0E7"),
            (1.234_567_8e7, "1.2345678E7"),
            (1.5e-5, "1.5E-5"),
            (1.0e-5, "1.0E-5"),
            (1.0e21, "1.0E21"),
            (1.0e23, "1.0E23"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0 / 3.0, "0.3333333333333333"),
            (f64::MAX, "1.7976931348623157E308"),
            (f64::MIN_POSITIVE, "2.2250738585072014E-308"),
            (5e-324, "4.9E-324"),
            (1e-323, "9.9E-324"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (12.0, "12.0"),
            (1234567.0, "1234567.0"),
            (2.5, "2.5"),
        ];
        for (d, want) in cases {
            assert_eq!(&java_double_to_string(*d), want, "for {d:e}");
            assert_eq!(&format_value(&Value::Double(*d), TimeZone::UTC), want);
        }
    }

    #[test]
    fn dates() {
        assert_eq!(format_value(&Value::Date(0), TimeZone::UTC), "1970-01-01");
        assert_eq!(
            format_value(&Value::Date(20_454), TimeZone::UTC),
            "2026-01-01"
        );
        assert_eq!(format_value(&Value::Date(-1), TimeZone::UTC), "1969-12-31");
        // 2000-02-29 (leap day) is day 11016.
        assert_eq!(
            format_value(&Value::Date(11_016), TimeZone::UTC),
            "2000-02-29"
        );
        // 0001-01-01 in the proleptic Gregorian calendar.
        assert_eq!(
            format_value(&Value::Date(-719_162), TimeZone::UTC),
            "0001-01-01"
        );
        // Year 0 and negative years, java.time style.
        assert_eq!(
            format_value(&Value::Date(-719_163), TimeZone::UTC),
            "0000-12-31"
        );
        assert_eq!(
            format_value(&Value::Date(-719_529), TimeZone::UTC),
            "-0001-12-31"
        );
        // 10000-01-01 gets a '+'.
        assert_eq!(
            format_value(&Value::Date(2_932_897), TimeZone::UTC),
            "+10000-01-01"
        );
        assert_eq!(
            format_value(&Value::Date(2_932_896), TimeZone::UTC),
            "9999-12-31"
        );
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            format_value(&ts(2026, 1, 1, 10, 0, 0, 0), TimeZone::UTC),
            "2026-01-01 10:00:00"
        );
        assert_eq!(
            format_value(&ts(2026, 1, 1, 10, 0, 0, 500_000), TimeZone::UTC),
            "2026-01-01 10:00:00.5"
        );
        assert_eq!(
            format_value(&ts(2026, 1, 1, 10, 0, 0, 120_000), TimeZone::UTC),
            "2026-01-01 10:00:00.12"
        );
        assert_eq!(
            format_value(&ts(2026, 1, 1, 10, 0, 0, 1), TimeZone::UTC),
            "2026-01-01 10:00:00.000001"
        );
        assert_eq!(
            format_value(&ts(2026, 1, 1, 10, 0, 0, 123_456), TimeZone::UTC),
            "2026-01-01 10:00:00.123456"
        );
        assert_eq!(
            format_value(&Value::Timestamp(0), TimeZone::UTC),
            "1970-01-01 00:00:00"
        );
        // Before the epoch: floor division keeps the fraction positive.
        assert_eq!(
            format_value(&Value::Timestamp(-1), TimeZone::UTC),
            "1969-12-31 23:59:59.999999"
        );
        assert_eq!(
            format_value(&Value::Timestamp(-500_000), TimeZone::UTC),
            "1969-12-31 23:59:59.5"
        );
    }

    #[test]
    fn timestamps_with_offset() {
        let t = ts(2026, 1, 1, 23, 30, 0, 0);
        assert_eq!(
            format_value(&t, TimeZone::Fixed(3600)),
            "2026-01-02 00:30:00"
        );
        assert_eq!(
            format_value(&t, TimeZone::Fixed(-8 * 3600)),
            "2026-01-01 15:30:00"
        );
        assert_eq!(
            format_value(&t, TimeZone::Fixed(5 * 3600 + 1800)),
            "2026-01-02 05:00:00"
        );
        let t0 = ts(2026, 1, 1, 0, 15, 0, 0);
        assert_eq!(
            format_value(&t0, TimeZone::Fixed(-3600)),
            "2025-12-31 23:15:00"
        );
    }

    #[test]
    fn timestamps_in_a_region_take_its_offset_at_that_instant() {
        // As PySpark 4.3 showed them (notes: spark_timezones.md).
        let paris = TimeZone::of("Europe/Paris").unwrap();
        let winter = ts(2026, 1, 15, 12, 0, 0, 0);
        let summer = ts(2026, 7, 15, 12, 0, 0, 250_000);
        assert_eq!(format_value(&winter, paris), "2026-01-15 13:00:00");
        assert_eq!(format_value(&summer, paris), "2026-07-15 14:00:00.25");
        let new_york = TimeZone::of("America/New_York").unwrap();
        // 05:30 and 06:30 UTC on 2026-11-01 are both 01:30 in New York (EDT, then EST).
        let first = ts(2026, 11, 1, 5, 30, 0, 0);
        let second = ts(2026, 11, 1, 6, 30, 0, 0);
        assert_eq!(format_value(&first, new_york), "2026-11-01 01:30:00");
        assert_eq!(format_value(&second, new_york), "2026-11-01 01:30:00");
        let window = Value::Struct(vec![first, second]);
        assert_eq!(
            format_value(&window, new_york),
            "{2026-11-01 01:30:00, 2026-11-01 01:30:00}"
        );
    }

    #[test]
    fn arrays() {
        let a = Value::Array(vec![Value::from("a"), Value::from("b")]);
        assert_eq!(format_value(&a, TimeZone::UTC), "[a, b]");
        assert_eq!(format_value(&Value::Array(vec![]), TimeZone::UTC), "[]");
        let with_nulls = Value::Array(vec![Value::Null, Value::Long(1), Value::Null]);
        assert_eq!(format_value(&with_nulls, TimeZone::UTC), "[NULL, 1, NULL]");
        let nested = Value::Array(vec![
            Value::Array(vec![Value::Int(1), Value::Int(2)]),
            Value::Array(vec![]),
        ]);
        assert_eq!(format_value(&nested, TimeZone::UTC), "[[1, 2], []]");
        let doubles = Value::Array(vec![Value::Double(1.0), Value::Double(1e7)]);
        assert_eq!(format_value(&doubles, TimeZone::UTC), "[1.0, 1.0E7]");
    }

    #[test]
    fn structs() {
        let window = Value::Struct(vec![
            ts(2026, 1, 1, 10, 0, 0, 0),
            ts(2026, 1, 1, 10, 10, 0, 0),
        ]);
        assert_eq!(
            format_value(&window, TimeZone::UTC),
            "{2026-01-01 10:00:00, 2026-01-01 10:10:00}"
        );
        assert_eq!(
            format_value(&window, TimeZone::Fixed(3600)),
            "{2026-01-01 11:00:00, 2026-01-01 11:10:00}"
        );
        let s = Value::Struct(vec![Value::Null, Value::from("x"), Value::Boolean(true)]);
        assert_eq!(format_value(&s, TimeZone::UTC), "{NULL, x, true}");
        assert_eq!(format_value(&Value::Struct(vec![]), TimeZone::UTC), "{}");
        let nested = Value::Struct(vec![
            Value::Array(vec![Value::Date(0)]),
            Value::Struct(vec![Value::Int(1)]),
        ]);
        assert_eq!(format_value(&nested, TimeZone::UTC), "{[1970-01-01], {1}}");
    }

    #[test]
    fn rows() {
        let row = Row::new(vec![Value::Null, Value::Double(0.5), Value::Date(20_454)]);
        assert_eq!(
            format_row(&row, TimeZone::UTC),
            vec!["NULL", "0.5", "2026-01-01"]
        );
    }
}
