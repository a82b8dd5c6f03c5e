//! The text Spark 4's CSV and JSON writers give a scalar value (`UnivocityGenerator` and
//! `JacksonGenerator` with their default options):
//!
//! - timestamps: `timestampFormat` `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session time zone —
//!   milliseconds always shown (the microseconds below them cut, rounding down), and the offset
//!   `Z` for UTC or `+01:00`;
//! - dates: `dateFormat` `yyyy-MM-dd` (years beyond 9999 with `+`, as `java.time` prints them);
//! - doubles: Java's `Double.toString`, floats Java's `Float.toString`; booleans
//!   `true`/`false`; integers in decimal; decimals in plain notation with their scale;
//! - `timestamp_ntz`: `yyyy-MM-dd'T'HH:mm:ss.SSS`; binary (CSV only): `[61 62]`.
//!
//! Checked against PySpark 4 (`writeStream.format("csv"/"json")`, session time zones `UTC` and
//! `+01:00`).

use ember_operators::Value;
use std::fmt::Write as _;

use super::{format_date, java_double_to_string, java_float_to_string, write_date_time};
use crate::time_zone::TimeZone;

/// The writers' text for a non-null scalar; `None` for null, arrays and structs (which each
/// writer lays out itself), timestamps in the session time zone `tz`.
pub(crate) fn scalar_text(value: &Value, tz: TimeZone) -> Option<String> {
    Some(match value {
        Value::Boolean(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) => i.to_string(),
        Value::Double(d) => java_double_to_string(*d),
        Value::String(s) => s.to_string(),
        Value::Timestamp(us) => iso_timestamp(*us, tz),
        Value::Date(days) => format_date(*days),
        Value::Byte(i) => i.to_string(),
        Value::Short(i) => i.to_string(),
        Value::Float(f) => java_float_to_string(*f),
        Value::Decimal(d) => d.to_string(),
        Value::TimestampNtz(us) => iso_timestamp_ntz(*us),
        Value::Interval(amount, t) => t.show(*amount),
        // As Spark's CSV writer: the bytes as `show()` prints them, `[61 62]`.
        Value::Binary(_) => crate::display::format_value(value, tz),
        Value::Null | Value::Array(_) | Value::Struct(_) | Value::Map(_) => return None,
    })
}

/// `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` of `micros` since the epoch, in `zone` (its offset at that
/// instant).
pub(crate) fn iso_timestamp(micros: i64, zone: TimeZone) -> String {
    let tz = zone.offset_at_utc(micros);
    let millis = micros.div_euclid(1_000);
    let secs = millis.div_euclid(1_000) + i64::from(tz);
    let ms = millis.rem_euclid(1_000);
    let mut out = String::with_capacity(29);
    write_date_time(&mut out, secs, 'T');
    let _ = write!(out, ".{ms:03}");
    write_offset(&mut out, tz);
    out
}

/// `yyyy-MM-dd'T'HH:mm:ss.SSS` of a `timestamp_ntz` (the writers' `timestampNTZFormat`).
pub(crate) fn iso_timestamp_ntz(micros: i64) -> String {
    let millis = micros.div_euclid(1_000);
    let mut out = String::with_capacity(23);
    write_date_time(&mut out, millis.div_euclid(1_000), 'T');
    let _ = write!(out, ".{:03}", millis.rem_euclid(1_000));
    out
}

/// Appends `XXX`: `Z` for a zero offset, else `+HH:MM` (`+HH:MM:SS` when seconds are not
/// zero).
fn write_offset(out: &mut String, tz: i32) {
    if tz == 0 {
        out.push('Z');
        return;
    }
    let sign = if tz < 0 { '-' } else { '+' };
    let abs = tz.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    let _ = if s == 0 {
        write!(out, "{sign}{h:02}:{m:02}")
    } else {
        write!(out, "{sign}{h:02}:{m:02}:{s:02}")
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-01-01 10:00:00 UTC in microseconds.
    const TEN_AM: i64 = 1_767_261_600_000_000;

    #[test]
    fn timestamps_in_a_region_have_its_offset_at_that_instant() {
        // As PySpark 4.3's csv and json sinks wrote them (notes: spark_timezones.md).
        let paris = TimeZone::of("Europe/Paris").unwrap();
        assert_eq!(
            iso_timestamp(1_768_478_400_000_000, paris),
            "2026-01-15T13:00:00.000+01:00"
        );
        assert_eq!(
            iso_timestamp(1_784_116_800_000_000, paris),
            "2026-07-15T14:00:00.000+02:00"
        );
    }

    #[test]
    fn timestamps_have_milliseconds_and_an_offset() {
        assert_eq!(
            iso_timestamp(TEN_AM, TimeZone::UTC),
            "2026-01-01T10:00:00.000Z"
        );
        assert_eq!(
            iso_timestamp(TEN_AM + 500_000, TimeZone::Fixed(3600)),
            "2026-01-01T11:00:00.500+01:00"
        );
        assert_eq!(
            iso_timestamp(TEN_AM + 123_456, TimeZone::UTC),
            "2026-01-01T10:00:00.123Z"
        );
        assert_eq!(
            iso_timestamp(TEN_AM, TimeZone::Fixed(-(5 * 3600 + 1800))),
            "2026-01-01T04:30:00.000-05:30"
        );
        // 1969-12-31T23:59:59.9995: the cut rounds down, as Spark's does.
        assert_eq!(
            iso_timestamp(-500, TimeZone::UTC),
            "1969-12-31T23:59:59.999Z"
        );
        // 0001-01-01T00:00:00Z.
        assert_eq!(
            iso_timestamp(-62_135_596_800_000_000, TimeZone::UTC),
            "0001-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn scalars() {
        assert_eq!(scalar_text(&Value::Null, TimeZone::UTC), None);
        assert_eq!(
            scalar_text(&Value::Boolean(true), TimeZone::UTC).unwrap(),
            "true"
        );
        assert_eq!(scalar_text(&Value::Long(-1), TimeZone::UTC).unwrap(), "-1");
        assert_eq!(
            scalar_text(&Value::Double(1e7), TimeZone::UTC).unwrap(),
            "1.0E7"
        );
        assert_eq!(
            scalar_text(&Value::Double(f64::NAN), TimeZone::UTC).unwrap(),
            "NaN"
        );
        assert_eq!(
            scalar_text(&Value::Date(20_455), TimeZone::UTC).unwrap(),
            "2026-01-02"
        );
        assert_eq!(
            scalar_text(&Value::Date(2_932_897), TimeZone::UTC).unwrap(),
            "+10000-01-01"
        );
        assert_eq!(
            scalar_text(&Value::Date(-719_163), TimeZone::UTC).unwrap(),
            "0000-12-31"
        );
    }
}
