//! A time zone as Spark resolves one (`DateTimeUtils.getZoneId`, i.e. Java's
//! `ZoneId.of(id, ZoneId.SHORT_IDS)`): a fixed offset (`UTC`, `Z`, `+02:00`, `GMT-5`) or a region
//! of the IANA time-zone database (`Europe/Paris`, `America/New_York`, and Java's three-letter
//! short ids such as `PST`), whose offset depends on the instant (daylight saving time).
//!
//! Timestamps are microseconds since the epoch, UTC. [`TimeZone::offset_at_utc`] is what a
//! timestamp is shown with; [`TimeZone::to_utc`] reads a local date-time as `java.time` does
//! (`ZonedDateTime.ofLocal` with no preferred offset): a local time in a gap (clocks moved
//! forward) is shifted forward by the gap's length, and one in an overlap (clocks moved back)
//! takes the earlier offset. The zone data is `chrono-tz`'s copy of the IANA database.

use std::str::FromStr;

use chrono::{DateTime, LocalResult, Offset, TimeZone as _};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::operators::MICROS_PER_SECOND;

const SECONDS_PER_DAY: i64 = 86_400;

/// Java's `ZoneId.SHORT_IDS`, which Spark passes to `ZoneId.of`: three-letter ids mapped to
/// the zone they stand for.
const SHORT_IDS: &[(&str, &str)] = &[
    ("ACT", "Australia/Darwin"),
    ("AET", "Australia/Sydney"),
    ("AGT", "America/Argentina/Buenos_Aires"),
    ("ART", "Africa/Cairo"),
    ("AST", "America/Anchorage"),
    ("BET", "America/Sao_Paulo"),
    ("BST", "Asia/Dhaka"),
    ("CAT", "Africa/Harare"),
    ("CNT", "America/St_Johns"),
    ("CST", "America/Chicago"),
    ("CTT", "Asia/Shanghai"),
    ("EAT", "Africa/Addis_Ababa"),
    ("ECT", "Europe/Paris"),
    ("EST", "-05:00"),
    ("HST", "-10:00"),
    ("IET", "America/Indiana/Indianapolis"),
    ("IST", "Asia/Kolkata"),
    ("JST", "Asia/Tokyo"),
    ("MIT", "Pacific/Apia"),
    ("MST", "-07:00"),
    ("NET", "Asia/Yerevan"),
    ("NST", "Pacific/Auckland"),
    ("PLT", "Asia/Karachi"),
    ("PNT", "America/Phoenix"),
    ("PRT", "America/Puerto_Rico"),
    ("PST", "America/Los_Angeles"),
    ("SST", "Pacific/Guadalcanal"),
    ("VST", "Asia/Ho_Chi_Minh"),
];

/// A session or source time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeZone {
    /// A constant offset east of UTC, in seconds (`UTC` is `Fixed(0)`).
    Fixed(i32),
    /// A region of the IANA database, its offset changing over time.
    Region(chrono_tz::Tz),
}

impl Default for TimeZone {
    /// UTC, Ember's session time zone when `spark.sql.session.timeZone` is unset.
    fn default() -> Self {
        TimeZone::UTC
    }
}

impl TimeZone {
    /// UTC.
    pub const UTC: TimeZone = TimeZone::Fixed(0);

    /// Resolves a zone id as Spark does, or `None` when Spark cannot.
    ///
    /// ```
    /// use ember::TimeZone;
    ///
    /// assert_eq!(TimeZone::of("+02:00"), Some(TimeZone::Fixed(7200)));
    /// assert!(matches!(TimeZone::of("Europe/Paris"), Some(TimeZone::Region(_))));
    /// assert_eq!(TimeZone::of("Mars/Olympus"), None);
    /// ```
    pub fn of(id: &str) -> Option<Self> {
        let id = id.trim();
        let resolved = SHORT_IDS
            .iter()
            .find(|(short, _)| *short == id)
            .map_or(id, |(_, full)| *full);
        if resolved.is_empty() {
            return None;
        }
        let fixed =
            zone_suffix_offset_seconds(resolved).and_then(|offset| i32::try_from(offset).ok());
        match fixed {
            Some(offset) => Some(TimeZone::Fixed(offset)),
            None => chrono_tz::Tz::from_str(resolved).ok().map(TimeZone::Region),
        }
    }

    /// The session time zone: `spark.sql.session.timeZone` (`id`; UTC when unset), or Spark's
    /// `INVALID_CONF_VALUE.TIME_ZONE` error.
    pub fn session(id: Option<&str>) -> Result<Self> {
        let Some(id) = id else {
            return Ok(TimeZone::UTC);
        };
        TimeZone::of(id).ok_or_else(|| {
            Error::InvalidArgument(format!(
                "[INVALID_CONF_VALUE.TIME_ZONE] The value '{}' in the config \
                 \"spark.sql.session.timeZone\" is invalid. Cannot resolve the given timezone. \
                 SQLSTATE: 22022",
                id.trim()
            ))
        })
    }

    /// The zone of a source's `timeZone` option, or Spark's `INVALID_TIMEZONE` error.
    pub fn option(id: &str) -> Result<Self> {
        TimeZone::of(id).ok_or_else(|| {
            Error::InvalidArgument(format!(
                "[INVALID_TIMEZONE] The timezone: {id} is invalid. The timezone must be either a \
                 region-based zone ID or a zone offset. Region IDs must have the form \
                 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the format \
                 '(+|-)HH', '(+|-)HH:mm\u{2019} or '(+|-)HH:mm:ss', e.g '-08' , '+01:00' or \
                 '-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are \
                 accepted as synonyms for '+00:00'. SQLSTATE: 22009"
            ))
        })
    }

    /// The zone's offset east of UTC, in seconds, at the instant `utc_micros` (microseconds
    /// since the epoch).
    ///
    /// ```
    /// use ember::TimeZone;
    ///
    /// let paris = TimeZone::of("Europe/Paris").unwrap();
    /// assert_eq!(paris.offset_at_utc(1_768_478_400_000_000), 3600); // 2026-01-15 12:00 UTC
    /// assert_eq!(paris.offset_at_utc(1_784_116_800_000_000), 7200); // 2026-07-15 12:00 UTC
    /// ```
    pub fn offset_at_utc(&self, utc_micros: i64) -> i32 {
        match self {
            TimeZone::Fixed(offset) => *offset,
            TimeZone::Region(tz) => tz
                .offset_from_utc_datetime(&naive(utc_micros))
                .fix()
                .local_minus_utc(),
        }
    }

    /// The instant (microseconds since the epoch, UTC) of the local date-time `local_micros`
    /// (microseconds since 1970-01-01 00:00 on the zone's wall clock), with `java.time`'s rules
    /// for gaps (shifted forward by the gap) and overlaps (the earlier offset).
    ///
    /// ```
    /// use ember::TimeZone;
    ///
    /// let paris = TimeZone::of("Europe/Paris").unwrap();
    /// // 2026-01-15 13:00 in Paris is 12:00 UTC.
    /// assert_eq!(paris.to_utc(1_768_482_000_000_000), 1_768_478_400_000_000);
    /// ```
    pub fn to_utc(&self, local_micros: i64) -> i64 {
        let offset = match self {
            TimeZone::Fixed(offset) => *offset,
            TimeZone::Region(tz) => match tz.offset_from_local_datetime(&naive(local_micros)) {
                LocalResult::Single(o) => o.fix().local_minus_utc(),
                // An overlap: the offset before the transition, the greater one.
                LocalResult::Ambiguous(a, b) => {
                    a.fix().local_minus_utc().max(b.fix().local_minus_utc())
                }
                // A gap: the offset before the transition, which shifts the time forward by
                // the gap's length. A day before the local time (read as an instant) is before
                // the transition; this assumes the zone did not also change its offset in the
                // two days before the gap (true of every current rule).
                LocalResult::None => self.offset_at_utc(
                    local_micros.saturating_sub(SECONDS_PER_DAY * MICROS_PER_SECOND),
                ),
            },
        };
        local_micros.saturating_sub(i64::from(offset) * MICROS_PER_SECOND)
    }
}

/// The date-time (to the second) of `micros` since the epoch, clamped to what chrono can hold
/// (about ±262,000 years, where every zone's offset is long constant).
fn naive(micros: i64) -> chrono::NaiveDateTime {
    let min = DateTime::<chrono::Utc>::MIN_UTC.timestamp();
    let max = DateTime::<chrono::Utc>::MAX_UTC.timestamp();
    let seconds = micros.div_euclid(MICROS_PER_SECOND).clamp(min, max);
    DateTime::from_timestamp(seconds, 0)
        .unwrap_or(DateTime::<chrono::Utc>::UNIX_EPOCH)
        .naive_utc()
}

/// Reads 1..=`max` ASCII digits at the start of `s`: (value, digits read).
pub(crate) fn digits(s: &[u8], min: usize, max: usize) -> Option<(i64, usize)> {
    let n = s
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n < min {
        return None;
    }
    let value = s[..n]
        .iter()
        .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'));
    Some((value, n))
}

/// The offset east of UTC, in seconds, of a zone suffix (empty = UTC): `Z`, `UTC`, `GMT`, `UT`,
/// alone or followed by an offset, or an offset `+h[h][[:]mm]`.
pub(crate) fn zone_suffix_offset_seconds(zone: &str) -> Option<i64> {
    let upper = zone.to_ascii_uppercase();
    let offset = ["UTC", "GMT", "UT", "Z"]
        .iter()
        .find_map(|p| upper.strip_prefix(p))
        .unwrap_or(&upper);
    if offset.is_empty() {
        return Some(0);
    }
    let b = offset.as_bytes();
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, n) = digits(&b[1..], 1, 2)?;
    let mut i = 1 + n;
    if b.get(i) == Some(&b':') {
        i += 1;
    }
    let mut m = 0;
    if i < b.len() {
        let (mm, n) = digits(&b[i..], 2, 2)?;
        m = mm;
        i += n;
    }
    if i != b.len() || h > 18 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

/// Milliseconds since the Unix epoch, now (0 on a clock before it).
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = crate::operators::MICROS_PER_HOUR;

    /// Microseconds since the epoch of a civil date-time read as UTC.
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        chrono::NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_opt(h, mi, 0))
            .map(|t| t.and_utc().timestamp() * MICROS_PER_SECOND)
            .unwrap()
    }

    fn zone(id: &str) -> TimeZone {
        TimeZone::of(id).unwrap()
    }

    #[test]
    fn ids_resolve_as_spark_resolves_them() {
        assert_eq!(zone("UTC"), TimeZone::UTC);
        assert_eq!(zone("Z"), TimeZone::UTC);
        assert_eq!(zone("GMT"), TimeZone::UTC);
        assert_eq!(zone(" +02:00 "), TimeZone::Fixed(7200));
        assert_eq!(zone("-0530"), TimeZone::Fixed(-19_800));
        assert_eq!(zone("+5:30"), TimeZone::Fixed(19_800));
        assert_eq!(zone("GMT+2"), TimeZone::Fixed(7200));
        assert_eq!(zone("UTC-01:30"), TimeZone::Fixed(-5400));
        assert_eq!(zone("EST"), TimeZone::Fixed(-5 * 3600));
        assert_eq!(
            zone("PST"),
            TimeZone::Region(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(
            zone("Europe/Paris"),
            TimeZone::Region(chrono_tz::Europe::Paris)
        );
        assert_eq!(zone("Etc/UTC"), TimeZone::Region(chrono_tz::Etc::UTC));
        assert_eq!(zone("US/Eastern"), TimeZone::Region(chrono_tz::US::Eastern));
        assert_eq!(TimeZone::session(None).unwrap(), TimeZone::UTC);
        assert_eq!(
            TimeZone::session(Some("CST")).unwrap(),
            zone("America/Chicago")
        );
        assert_eq!(TimeZone::option("ECT").unwrap(), zone("Europe/Paris"));
        for bad in ["bogus", "", "europe/paris", "+25:00", "Mars/Olympus"] {
            assert_eq!(TimeZone::of(bad), None);
            assert_eq!(
                TimeZone::session(Some(bad)).unwrap_err().to_string(),
                format!(
                    "[INVALID_CONF_VALUE.TIME_ZONE] The value '{bad}' in the config \
                     \"spark.sql.session.timeZone\" is invalid. Cannot resolve the given \
                     timezone. SQLSTATE: 22022"
                )
            );
        }
    }

    #[test]
    fn fixed_offsets_are_constant() {
        let plus2 = zone("+02:00");
        for t in [
            at(2026, 1, 1, 0, 0),
            at(2026, 7, 1, 0, 0),
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(plus2.offset_at_utc(t), 7200);
        }
        assert_eq!(plus2.to_utc(at(2026, 1, 1, 12, 0)), at(2026, 1, 1, 10, 0));
        assert_eq!(TimeZone::UTC.to_utc(123), 123);
        assert_eq!(zone("-05:00").to_utc(i64::MAX), i64::MAX);
    }

    #[test]
    fn region_offsets_follow_daylight_saving_time() {
        let paris = zone("Europe/Paris");
        assert_eq!(paris.offset_at_utc(at(2026, 1, 15, 12, 0)), 3600);
        assert_eq!(paris.offset_at_utc(at(2026, 7, 15, 12, 0)), 7200);
        // 2026-03-29 01:00 UTC: Paris moves from +01:00 to +02:00.
        assert_eq!(paris.offset_at_utc(at(2026, 3, 29, 1, 0) - 1), 3600);
        assert_eq!(paris.offset_at_utc(at(2026, 3, 29, 1, 0)), 7200);
        let new_york = zone("America/New_York");
        assert_eq!(new_york.offset_at_utc(at(2026, 11, 1, 5, 30)), -4 * 3600);
        assert_eq!(new_york.offset_at_utc(at(2026, 11, 1, 6, 30)), -5 * 3600);
        // Instants beyond chrono's range take the offset at its ends.
        assert_eq!(
            new_york.offset_at_utc(i64::MIN),
            new_york.offset_at_utc(i64::MIN / 2)
        );
        assert_eq!(new_york.offset_at_utc(i64::MAX), -5 * 3600);
    }

    #[test]
    fn local_times_in_a_gap_move_forward_by_the_gap() {
        let new_york = zone("America/New_York");
        // 2026-03-08 02:00 EST -> 03:00 EDT: 02:30 does not exist and is read as 03:30 EDT.
        assert_eq!(
            new_york.to_utc(at(2026, 3, 8, 2, 30)),
            at(2026, 3, 8, 7, 30)
        );
        assert_eq!(
            new_york.to_utc(at(2026, 3, 8, 1, 30)),
            at(2026, 3, 8, 6, 30)
        );
        assert_eq!(
            new_york.to_utc(at(2026, 3, 8, 3, 30)),
            at(2026, 3, 8, 7, 30)
        );
        let paris = zone("Europe/Paris");
        assert_eq!(paris.to_utc(at(2026, 3, 29, 2, 30)), at(2026, 3, 29, 1, 30));
        // Fractions of a second are kept.
        assert_eq!(
            paris.to_utc(at(2026, 3, 29, 2, 0) + 250),
            at(2026, 3, 29, 1, 0) + 250
        );
    }

    #[test]
    fn local_times_in_an_overlap_take_the_earlier_offset() {
        let new_york = zone("America/New_York");
        // 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice; the first (EDT) is taken.
        assert_eq!(
            new_york.to_utc(at(2026, 11, 1, 1, 30)),
            at(2026, 11, 1, 5, 30)
        );
        assert_eq!(
            new_york.to_utc(at(2026, 11, 1, 2, 30)),
            at(2026, 11, 1, 7, 30)
        );
        let paris = zone("Europe/Paris");
        assert_eq!(
            paris.to_utc(at(2026, 10, 25, 2, 30)),
            at(2026, 10, 25, 0, 30)
        );
        assert_eq!(
            paris.to_utc(at(2026, 10, 25, 3, 30)) - HOUR,
            at(2026, 10, 25, 1, 30)
        );
    }
}
