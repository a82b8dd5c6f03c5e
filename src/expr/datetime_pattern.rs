//! Spark's datetime patterns (`yyyy-MM-dd HH:mm:ss.SSS`, `EEE`, `MMM`, `a`, `XXX`, ...): the
//! common subset of Java's `DateTimeFormatter` that Spark 3+ accepts, for parsing (the csv/json
//! `timestampFormat` and `dateFormat` options, `to_timestamp(s, fmt)`, `unix_timestamp`) and
//! for formatting (`date_format`, `from_unixtime`).
//!
//! Letters: `y`/`u` (year; `yy` is 2000-2099), `M`/`L` (month; `MMM` `Jan`, `MMMM` `January`),
//! `d`, `D` (day of year), `H` (0-23), `k` (1-24), `h` (1-12) and `K` (0-11) with `a`
//! (`AM`/`PM`), `m`, `s`, `S`… (fraction of a second, up to as many digits as letters),
//! `X`/`x`/`Z` (offsets: `Z`, `+02`, `+0200`, `+02:00`), and for formatting only `E` (`Mon`,
//! `Monday`), `Q`/`q` (quarter), `G` (era), `z` (zone name), `VV` (zone id). A doubled letter
//! takes exactly two digits, a single one one or two. `'text'` is literal (`''` a quote),
//! `[...]` is optional, other characters stand for themselves. Parsing needs the whole input to
//! match; missing fields default to 1970-01-01 00:00:00.

use std::fmt::Write;

use crate::operators::{MICROS_PER_DAY, MICROS_PER_SECOND};
use crate::time_zone::TimeZone;

#[derive(Clone, Debug, PartialEq)]
enum Item {
    Literal(char),
    /// A numeric field: letter, minimum and maximum digits.
    Number(char, usize, usize),
    MonthName {
        full: bool,
    },
    DayName {
        full: bool,
    },
    AmPm,
    Fraction(usize),
    Offset(OffsetStyle),
    /// The quarter as `Q1` (`QQQ`) or `1st quarter` (`QQQQ`).
    QuarterName {
        full: bool,
    },
    Era,
    /// The zone's short name (`UTC`, `EST`, `CEST`).
    ZoneName,
    /// The zone's id (`America/New_York`).
    ZoneId,
    Optional(Vec<Item>),
}

/// How an offset is written.
#[derive(Clone, Copy, Debug, PartialEq)]
struct OffsetStyle {
    /// `Z` for a zero offset (`X`), or `+00`.
    z_for_zero: bool,
    /// `+02:00` rather than `+0200`.
    colon: bool,
    /// Minutes always (`XX`, `XXX`), or only when not zero (`X`).
    minutes: bool,
    /// `GMT+02:00` (`ZZZZ`).
    gmt: bool,
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DateTimePattern {
    items: Vec<Item>,
    /// Whether the pattern writes the era (`G`): `y` is then the year of the era (`0045 BC`),
    /// else the proleptic year (`-0044`), as Spark writes it.
    era: bool,
}

/// Why a pattern cannot be used, in Spark's classes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PatternError {
    /// A letter (or letter count) `java.time` knows but Spark 3+ refuses or Ember does not
    /// support (`Y`, `w`, `F`, `zzzz`): `DATETIME_PATTERN_RECOGNITION`.
    Unsupported(String),
    /// `A`, `n`, `N`, `p`, `B`: `INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER`.
    IllegalCharacter(char),
    /// Five letters of `G`, `M`, `L`, `E`, `Q`, `q`: `INVALID_DATETIME_PATTERN.LENGTH`.
    Length,
    /// `e`, `c`: `DATETIME_WEEK_BASED_PATTERN`.
    WeekBased(char),
    /// Anything else `java.time` cannot read (an unknown letter, an unterminated quote):
    /// `INVALID_DATETIME_PATTERN.WITH_SUGGESTION`.
    Unrecognized(String),
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Unsupported(letters) => {
                write!(
                    f,
                    "the pattern letters '{letters}' are not supported by Ember"
                )
            }
            PatternError::IllegalCharacter(c) | PatternError::WeekBased(c) => {
                write!(f, "the pattern letter '{c}' is not supported by Spark")
            }
            PatternError::Length => f.write_str("too many pattern letters"),
            PatternError::Unrecognized(why) => f.write_str(why),
        }
    }
}

impl PatternError {
    /// Spark's error message for `pattern`.
    pub(crate) fn spark_message(&self, pattern: &str) -> String {
        const GUIDE: &str = "https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html";
        match self {
            PatternError::Unsupported(_) => format!(
                "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get \
                 a different result due to the upgrading to Spark >= 3.0:\nFail to recognize \
                 '{pattern}' pattern in the DateTimeFormatter.\n1) You can set \
                 \"spark.sql.legacy.timeParserPolicy\" to \"LEGACY\" to restore the behavior \
                 before Spark 3.0.\n2) You can form a valid datetime pattern with the guide \
                 from '{GUIDE}'. SQLSTATE: 42K0B"
            ),
            PatternError::IllegalCharacter(c) => format!(
                "[INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER] Unrecognized datetime pattern: \
                 {pattern}. Illegal pattern character found in datetime pattern: {c}. Please \
                 provide legal character. SQLSTATE: 22007"
            ),
            PatternError::Length => format!(
                "[INVALID_DATETIME_PATTERN.LENGTH] Unrecognized datetime pattern: {pattern}. Too \
                 many letters in datetime pattern: {pattern}. Please reduce pattern length. \
                 SQLSTATE: 22007"
            ),
            PatternError::WeekBased(c) => format!(
                "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN] You may get a \
                 different result due to the upgrading to Spark >= 3.0:\nAll week-based \
                 patterns are unsupported since Spark 3.0, detected week-based character: \
                 {c}.\nPlease use the SQL function EXTRACT instead. SQLSTATE: 42K0B"
            ),
            PatternError::Unrecognized(_) => format!(
                "[INVALID_DATETIME_PATTERN.WITH_SUGGESTION] Unrecognized datetime pattern: \
                 '{}'. You can form a valid datetime pattern with the guide from '{GUIDE}'. \
                 SQLSTATE: 22007",
                pattern.replace('\'', "\\'")
            ),
        }
    }
}

/// The fields a pattern read.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parsed {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    hour: Option<i64>,
    /// `k`: 1-24.
    hour24: Option<i64>,
    hour12: Option<i64>,
    /// `K`: 0-11.
    hour0_11: Option<i64>,
    pm: Option<bool>,
    minute: i64,
    second: i64,
    micros: i64,
    offset_seconds: Option<i64>,
}

/// Why a text does not match a pattern, with Java's wording.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ParseFailure {
    /// No item matched at this character index.
    At(usize),
    /// The pattern matched a prefix; text is left from this index.
    Unparsed(usize),
}

impl ParseFailure {
    /// Java's `DateTimeParseException` message for `text`.
    pub(crate) fn message(&self, text: &str) -> String {
        match self {
            ParseFailure::At(i) => format!("Text '{text}' could not be parsed at index {i}"),
            ParseFailure::Unparsed(i) => {
                format!("Text '{text}' could not be parsed, unparsed text found at index {i}")
            }
        }
    }
}

/// The fields of an instant in a zone, for formatting.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    year: i64,
    month: u32,
    day: u32,
    day_of_year: u32,
    /// 1 (Monday) to 7 (Sunday).
    day_of_week: u32,
    hour: i64,
    minute: i64,
    second: i64,
    micros: i64,
    offset_seconds: i64,
    zone: TimeZone,
    utc_micros: i64,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Fields {
    /// The fields of the instant `utc_micros` (microseconds since the epoch) in `zone`.
    pub(crate) fn of(utc_micros: i64, zone: TimeZone) -> Fields {
        let offset_seconds = i64::from(zone.offset_at_utc(utc_micros));
        let local = utc_micros.saturating_add(offset_seconds * MICROS_PER_SECOND);
        let days = local.div_euclid(MICROS_PER_DAY);
        let time = local.rem_euclid(MICROS_PER_DAY);
        let (year, month, day) = crate::display::civil_from_days(days);
        let day_of_year = (days - super::cast::days_from_civil(year, 1, 1) + 1) as u32;
        Fields {
            year,
            month,
            day,
            day_of_year,
            day_of_week: (days + 3).rem_euclid(7) as u32 + 1,
            hour: time / 3_600_000_000,
            minute: time / 60_000_000 % 60,
            second: time / MICROS_PER_SECOND % 60,
            micros: time % MICROS_PER_SECOND,
            offset_seconds,
            zone,
            utc_micros,
        }
    }
}

impl DateTimePattern {
    /// Compiles `pattern`, or says which part Spark or Ember does not support.
    pub(crate) fn compile(pattern: &str) -> Result<Self, PatternError> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let items = compile_items(&chars, &mut pos, false)?;
        fn has_era(items: &[Item]) -> bool {
            items.iter().any(|item| match item {
                Item::Era => true,
                Item::Optional(inner) => has_era(inner),
                _ => false,
            })
        }
        let era = has_era(&items);
        Ok(DateTimePattern { items, era })
    }

    /// Whether the pattern has a letter that only formats (`E`, `Q`, `G`, `z`, `VV`), which
    /// Spark refuses for parsing.
    pub(crate) fn formats_only(&self) -> bool {
        fn any(items: &[Item]) -> bool {
            items.iter().any(|item| match item {
                Item::DayName { .. }
                | Item::QuarterName { .. }
                | Item::Era
                | Item::ZoneName
                | Item::ZoneId => true,
                Item::Number(letter, ..) => *letter == 'Q',
                Item::Optional(inner) => any(inner),
                _ => false,
            })
        }
        any(&self.items)
    }

    /// The fields of `s`, if the whole of it matches.
    pub(crate) fn parse(&self, s: &str) -> Option<Parsed> {
        self.parse_text(s).ok()
    }

    /// The fields of `s`, or why it does not match (Java's reasons).
    pub(crate) fn parse_text(&self, s: &str) -> Result<Parsed, ParseFailure> {
        let chars: Vec<char> = s.chars().collect();
        let mut parsed = Parsed::default();
        let end = match_items(&self.items, &chars, 0, &mut parsed).map_err(ParseFailure::At)?;
        if end != chars.len() {
            return Err(ParseFailure::Unparsed(end));
        }
        Ok(parsed)
    }

    /// `fields` written with this pattern.
    pub(crate) fn format(&self, fields: &Fields) -> String {
        let mut out = String::new();
        format_items(&self.items, fields, self.era, &mut out);
        out
    }
}

impl Parsed {
    /// The fields as `CAST` reads them: `yyyy-mm-dd hh:mm:ss.ffffff[+hh:mm]`, or `None` when
    /// they do not make a time (`13 PM`).
    pub(crate) fn to_cast_string(&self, with_time: bool) -> Option<String> {
        let year = self.year.unwrap_or(1970);
        let mut text = format!(
            "{}{:04}-{:02}-{:02}",
            if year < 0 { "-" } else { "" },
            year.abs(),
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        );
        if !with_time {
            return Some(text);
        }
        let hour = self.hour_of_day().ok()?;
        write!(
            text,
            " {hour:02}:{:02}:{:02}.{:06}",
            self.minute, self.second, self.micros
        )
        .ok()?;
        if let Some(offset) = self.offset_seconds {
            let sign = if offset < 0 { '-' } else { '+' };
            let a = offset.abs();
            write!(text, "{sign}{:02}:{:02}", a / 3600, a % 3600 / 60).ok()?;
        }
        Some(text)
    }

    /// The hour of the day the fields give, or Java's reason why they give none.
    fn hour_of_day(&self) -> Result<i64, String> {
        let check = |name: &str, v: i64, lo: i64, hi: i64| {
            if (lo..=hi).contains(&v) {
                Ok(v)
            } else {
                Err(format!(
                    "Invalid value for {name} (valid values {lo} - {hi}): {v}"
                ))
            }
        };
        let pm = if self.pm == Some(true) { 12 } else { 0 };
        Ok(match (self.hour, self.hour24, self.hour12, self.hour0_11) {
            (Some(h), ..) => check("HourOfDay", h, 0, 23)?,
            (None, Some(k), ..) => check("ClockHourOfDay", k, 1, 24)? % 24,
            (None, None, Some(h), _) => check("ClockHourOfAmPm", h, 1, 12)? % 12 + pm,
            (None, None, None, Some(h)) => check("HourOfAmPm", h, 0, 11)? + pm,
            (None, None, None, None) => pm,
        })
    }

    /// The local date-time the fields give (microseconds since 1970-01-01 00:00 on the wall
    /// clock) and the offset they name, if any (seconds east of UTC); or Java's reason why
    /// they make no date-time.
    pub(crate) fn resolve(&self) -> Result<(i64, Option<i64>), String> {
        let year = self.year.unwrap_or(1970);
        let days = match (self.month, self.day, self.day_of_year) {
            (None, None, Some(doy)) => {
                let leap = super::cast::days_in_month(year, 2) == 29;
                let max = if leap { 366 } else { 365 };
                if !(1..=max).contains(&doy) {
                    return Err(if doy == 366 {
                        format!("Invalid date 'DayOfYear 366' as '{year}' is not a leap year")
                    } else {
                        format!("Invalid value for DayOfYear (valid values 1 - 365/366): {doy}")
                    });
                }
                super::cast::days_from_civil(year, 1, 1) + doy - 1
            }
            (month, day, _) => {
                let month = month.unwrap_or(1);
                let day = day.unwrap_or(1);
                if !(1..=12).contains(&month) {
                    return Err(format!(
                        "Invalid value for MonthOfYear (valid values 1 - 12): {month}"
                    ));
                }
                if !(1..=31).contains(&day) {
                    return Err(format!(
                        "Invalid value for DayOfMonth (valid values 1 - 28/31): {day}"
                    ));
                }
                if day > i64::from(super::cast::days_in_month(year, month as u32)) {
                    return Err(if day == 29 {
                        format!("Invalid date 'February 29' as '{year}' is not a leap year")
                    } else {
                        format!(
                            "Invalid date '{} {day}'",
                            MONTHS[month as usize - 1].to_uppercase()
                        )
                    });
                }
                super::cast::days_from_civil(year, month as u32, day as u32)
            }
        };
        let hour = self.hour_of_day()?;
        if self.minute > 59 {
            return Err(format!(
                "Invalid value for MinuteOfHour (valid values 0 - 59): {}",
                self.minute
            ));
        }
        if self.second > 59 {
            return Err(format!(
                "Invalid value for SecondOfMinute (valid values 0 - 59): {}",
                self.second
            ));
        }
        let local = days
            .checked_mul(MICROS_PER_DAY)
            .and_then(|d| {
                d.checked_add(((hour * 60 + self.minute) * 60 + self.second) * MICROS_PER_SECOND)
            })
            .and_then(|t| t.checked_add(self.micros))
            .ok_or_else(|| "long overflow".to_string())?;
        Ok((local, self.offset_seconds))
    }
}

/// The letters `java.time`'s `DateTimeFormatter` knows.
const JAVA_LETTERS: &str = "GuyDMLdQqYwWEecFahKkHmsSAnNVvzOXxZpB";

fn compile_items(chars: &[char], pos: &mut usize, nested: bool) -> Result<Vec<Item>, PatternError> {
    let mut items = Vec::new();
    while *pos < chars.len() {
        let c = chars[*pos];
        let run = chars[*pos..].iter().take_while(|&&d| d == c).count();
        match c {
            '[' => {
                *pos += 1;
                items.push(Item::Optional(compile_items(chars, pos, true)?));
                continue;
            }
            ']' if nested => {
                *pos += 1;
                return Ok(items);
            }
            '\'' => {
                *pos += 1;
                if chars.get(*pos) == Some(&'\'') {
                    items.push(Item::Literal('\''));
                    *pos += 1;
                    continue;
                }
                loop {
                    match chars.get(*pos) {
                        None => {
                            return Err(PatternError::Unrecognized(
                                "unterminated quoted text".into(),
                            ))
                        }
                        Some('\'') if chars.get(*pos + 1) == Some(&'\'') => {
                            items.push(Item::Literal('\''));
                            *pos += 2;
                        }
                        Some('\'') => {
                            *pos += 1;
                            break;
                        }
                        Some(&d) => {
                            items.push(Item::Literal(d));
                            *pos += 1;
                        }
                    }
                }
                continue;
            }
            'y' | 'u' if run >= 7 => {
                return Err(PatternError::Unsupported(c.to_string().repeat(run)))
            }
            'y' | 'u' => items.push(match run {
                2 => Item::Number('Y', 2, 2),
                _ => Item::Number('y', run.max(1), 9),
            }),
            'G' | 'M' | 'L' | 'E' | 'Q' | 'q' if run >= 5 => return Err(PatternError::Length),
            'M' | 'L' => items.push(match run {
                1 | 2 => Item::Number('M', run, 2),
                3 => Item::MonthName { full: false },
                _ => Item::MonthName { full: true },
            }),
            'd' | 'H' | 'h' | 'k' | 'K' | 'm' | 's' if run <= 2 => {
                items.push(Item::Number(c, run, 2))
            }
            'D' if run <= 3 => items.push(Item::Number('D', run, 3)),
            'E' if run <= 4 => items.push(Item::DayName { full: run == 4 }),
            'Q' | 'q' if run <= 4 => items.push(match run {
                1 | 2 => Item::Number('Q', run, 2),
                _ => Item::QuarterName { full: run == 4 },
            }),
            'G' => items.push(Item::Era),
            'O' if run == 1 || run == 4 => items.push(Item::Offset(OffsetStyle {
                z_for_zero: false,
                colon: true,
                minutes: run == 4,
                gmt: true,
            })),
            'z' if run <= 3 => items.push(Item::ZoneName),
            'V' if run == 2 => items.push(Item::ZoneId),
            'a' if run == 1 => items.push(Item::AmPm),
            'S' if run <= 9 => items.push(Item::Fraction(run)),
            'X' | 'x' if run <= 3 => items.push(Item::Offset(OffsetStyle {
                z_for_zero: c == 'X',
                colon: run == 3,
                minutes: run > 1,
                gmt: false,
            })),
            'Z' if run <= 3 => items.push(Item::Offset(OffsetStyle {
                z_for_zero: false,
                colon: false,
                minutes: true,
                gmt: false,
            })),
            'Z' if run == 4 => items.push(Item::Offset(OffsetStyle {
                z_for_zero: false,
                colon: true,
                minutes: true,
                gmt: true,
            })),
            'Z' if run == 5 => items.push(Item::Offset(OffsetStyle {
                z_for_zero: true,
                colon: true,
                minutes: true,
                gmt: false,
            })),
            'A' | 'n' | 'N' | 'p' | 'B' => return Err(PatternError::IllegalCharacter(c)),
            'e' | 'c' => return Err(PatternError::WeekBased(c)),
            'V' => {
                return Err(PatternError::Unrecognized(
                    "the zone id takes exactly two letters: VV".into(),
                ))
            }
            c if JAVA_LETTERS.contains(c) => {
                return Err(PatternError::Unsupported(
                    chars[*pos..*pos + run].iter().collect(),
                ))
            }
            c if c.is_ascii_alphabetic() || "#{}".contains(c) => {
                return Err(PatternError::Unrecognized(format!(
                    "unknown pattern letter: {c}"
                )))
            }
            c => {
                items.push(Item::Literal(c));
                *pos += 1;
                continue;
            }
        }
        *pos += run;
    }
    // An optional section left open runs to the end, as in `java.time`.
    // Adjacent value parsing: a year followed directly by another number (`yyyyMMdd`) takes
    // only as many digits as it has letters.
    for i in 1..items.len() {
        if matches!(items[i], Item::Number(..) | Item::Fraction(_)) {
            if let Item::Number('y', min, max) = &mut items[i - 1] {
                *max = *min;
            }
        }
    }
    Ok(items)
}

fn digits(s: &[char], at: usize, min: usize, max: usize) -> Option<(i64, usize)> {
    let n = s[at.min(s.len())..]
        .iter()
        .take(max)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if n < min {
        return None;
    }
    let value = s[at..at + n]
        .iter()
        .fold(0i64, |acc, c| acc * 10 + i64::from(*c as u8 - b'0'));
    Some((value, at + n))
}

/// The index of the name in `names` (compared case-insensitively, whole or its first three
/// letters) that `s` starts with at `at`, and its length.
fn name_at(s: &[char], at: usize, names: &[&str], full: bool) -> Option<(usize, usize)> {
    names.iter().enumerate().find_map(|(i, name)| {
        let name = if full { name } else { &name[..3] };
        let len = name.chars().count();
        let text: String = s.get(at..at + len)?.iter().collect();
        text.eq_ignore_ascii_case(name).then_some((i, len))
    })
}

/// Matches `items` against `s` from `at`: the index after them, or the index where an item
/// failed to match.
fn match_items(items: &[Item], s: &[char], mut at: usize, p: &mut Parsed) -> Result<usize, usize> {
    for item in items {
        at = match_item(item, s, at, p).ok_or(at)?;
    }
    Ok(at)
}

fn match_item(item: &Item, s: &[char], at: usize, p: &mut Parsed) -> Option<usize> {
    Some(match item {
        Item::Literal(c) => {
            if !s.get(at)?.eq_ignore_ascii_case(c) {
                return None;
            }
            at + 1
        }
        Item::Number(letter, min, max) => {
            let (v, next) = digits(s, at, *min, *max)?;
            match letter {
                'y' => p.year = Some(v),
                'Y' => p.year = Some(2000 + v),
                'M' => p.month = Some(v),
                'd' => p.day = Some(v),
                'D' => p.day_of_year = Some(v),
                'H' => p.hour = Some(v),
                'k' => p.hour24 = Some(v),
                'h' => p.hour12 = Some(v),
                'K' => p.hour0_11 = Some(v),
                'm' => p.minute = v,
                's' => p.second = v,
                _ => {}
            }
            next
        }
        Item::MonthName { full } => {
            let (i, len) = name_at(s, at, &MONTHS, *full)?;
            p.month = Some(i as i64 + 1);
            at + len
        }
        Item::DayName { full } => at + name_at(s, at, &DAYS, *full)?.1,
        Item::AmPm => {
            let (i, len) = name_at(s, at, &["AM", "PM"], true)?;
            p.pm = Some(i == 1);
            at + len
        }
        Item::Fraction(max) => {
            let (_, next) = digits(s, at, 1, *max)?;
            let mut micros = 0;
            for k in 0..6 {
                let d = if at + k < next {
                    s[at + k] as u8 - b'0'
                } else {
                    0
                };
                micros = micros * 10 + i64::from(d);
            }
            p.micros = micros;
            next
        }
        Item::Offset(style) => {
            let mut at = at;
            if style.gmt {
                let text: String = s.get(at..at + 3)?.iter().collect();
                if !text.eq_ignore_ascii_case("GMT") {
                    return None;
                }
                at += 3;
                if !matches!(s.get(at), Some('+' | '-')) {
                    p.offset_seconds = Some(0);
                    return Some(at);
                }
            }
            if style.z_for_zero && s.get(at) == Some(&'Z') {
                p.offset_seconds = Some(0);
                at + 1
            } else {
                let sign = match s.get(at) {
                    Some('+') => 1,
                    Some('-') => -1,
                    _ => return None,
                };
                let (h, mut next) = digits(s, at + 1, 2, 2)?;
                let mut m = 0;
                if style.colon && s.get(next) == Some(&':') {
                    let (mm, n) = digits(s, next + 1, 2, 2)?;
                    m = mm;
                    next = n;
                } else if !style.colon {
                    if let Some((mm, n)) = digits(s, next, 2, 2) {
                        m = mm;
                        next = n;
                    }
                }
                p.offset_seconds = Some(sign * (h * 3600 + m * 60));
                next
            }
        }
        Item::Optional(inner) => {
            let mut attempt = p.clone();
            match match_items(inner, s, at, &mut attempt) {
                Ok(next) => {
                    *p = attempt;
                    next
                }
                Err(_) => at,
            }
        }
        // Formatting only: `formats_only` patterns are refused before parsing.
        Item::QuarterName { .. } | Item::Era | Item::ZoneName | Item::ZoneId => return None,
    })
}

fn format_items(items: &[Item], f: &Fields, era: bool, out: &mut String) {
    for item in items {
        format_item(item, f, era, out);
    }
}

/// Writes `value` with at least `width` digits.
fn pad(out: &mut String, value: i64, width: usize) {
    if value < 0 {
        let _ = write!(out, "-{:0width$}", -value);
    } else {
        let _ = write!(out, "{value:0width$}");
    }
}

fn format_item(item: &Item, f: &Fields, era: bool, out: &mut String) {
    match item {
        Item::Literal(c) => out.push(*c),
        Item::Number(letter, min, _) => match letter {
            'y' => {
                // With an era, the year of the era; else the proleptic year, as Spark writes
                // `y` as `u`. Four letters and more: `SignStyle.EXCEEDS_PAD`.
                let year = if era && f.year <= 0 {
                    1 - f.year
                } else {
                    f.year
                };
                if *min >= 4 && year > 10_i64.pow(*min as u32) - 1 {
                    out.push('+');
                }
                pad(out, year, *min);
            }
            'Y' => pad(out, f.year.rem_euclid(100), 2),
            'M' => pad(out, i64::from(f.month), *min),
            'd' => pad(out, i64::from(f.day), *min),
            'D' => pad(out, i64::from(f.day_of_year), *min),
            'H' => pad(out, f.hour, *min),
            'k' => pad(out, if f.hour == 0 { 24 } else { f.hour }, *min),
            'h' => pad(out, (f.hour + 11) % 12 + 1, *min),
            'K' => pad(out, f.hour % 12, *min),
            'm' => pad(out, f.minute, *min),
            's' => pad(out, f.second, *min),
            'Q' => pad(out, i64::from((f.month - 1) / 3 + 1), *min),
            _ => {}
        },
        Item::MonthName { full } => {
            let name = MONTHS[f.month as usize - 1];
            out.push_str(if *full { name } else { &name[..3] });
        }
        Item::DayName { full } => {
            let name = DAYS[f.day_of_week as usize - 1];
            out.push_str(if *full { name } else { &name[..3] });
        }
        Item::AmPm => out.push_str(if f.hour < 12 { "AM" } else { "PM" }),
        Item::Fraction(n) => {
            let digits = format!("{:06}", f.micros);
            let mut s: String = digits.chars().take(*n).collect();
            while s.len() < *n {
                s.push('0');
            }
            out.push_str(&s);
        }
        Item::Offset(style) => format_offset(*style, f.offset_seconds, out),
        Item::QuarterName { full } => {
            let q = (f.month - 1) / 3 + 1;
            if *full {
                let suffix = ["st", "nd", "rd", "th"][q as usize - 1];
                let _ = write!(out, "{q}{suffix} quarter");
            } else {
                let _ = write!(out, "Q{q}");
            }
        }
        Item::Era => out.push_str(if f.year > 0 { "AD" } else { "BC" }),
        Item::ZoneName => out.push_str(&zone_name(f.zone, f.utc_micros)),
        Item::ZoneId => out.push_str(&zone_id(f.zone)),
        Item::Optional(inner) => format_items(inner, f, era, out),
    }
}

fn format_offset(style: OffsetStyle, offset: i64, out: &mut String) {
    if style.gmt {
        out.push_str("GMT");
        if offset == 0 {
            return;
        }
    } else if offset == 0 && style.z_for_zero {
        out.push('Z');
        return;
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let (h, m) = (offset.abs() / 3600, offset.abs() % 3600 / 60);
    if style.gmt && !style.minutes {
        // `O`: `GMT+2`, `GMT+5:30`.
        let _ = write!(out, "{sign}{h}");
        if m != 0 {
            let _ = write!(out, ":{m:02}");
        }
        return;
    }
    let _ = write!(out, "{sign}{h:02}");
    if style.minutes || m != 0 {
        if style.colon {
            out.push(':');
        }
        let _ = write!(out, "{m:02}");
    }
}

/// Java's short zone name (`z`): the region's abbreviation at that instant, `UTC`, or the
/// offset of a fixed zone.
fn zone_name(zone: TimeZone, utc_micros: i64) -> String {
    use chrono::{Offset as _, TimeZone as _};
    match zone {
        TimeZone::Fixed(0) => "UTC".to_string(),
        TimeZone::Fixed(offset) => zone_id(TimeZone::Fixed(offset)),
        TimeZone::Region(tz) => {
            let seconds = utc_micros.div_euclid(MICROS_PER_SECOND);
            match chrono::DateTime::from_timestamp(seconds, 0) {
                Some(t) => {
                    let offset = tz.offset_from_utc_datetime(&t.naive_utc());
                    let name = offset.to_string();
                    if name.starts_with(['+', '-']) {
                        offset_id(i64::from(offset.fix().local_minus_utc()))
                    } else {
                        name
                    }
                }
                None => tz.name().to_string(),
            }
        }
    }
}

/// An offset as Java prints a `ZoneOffset`'s id: `Z`, `+02:00`.
fn offset_id(seconds: i64) -> String {
    let mut out = String::new();
    let style = OffsetStyle {
        z_for_zero: true,
        colon: true,
        minutes: true,
        gmt: false,
    };
    format_offset(style, seconds, &mut out);
    out
}

/// The zone's id as Java prints it (`VV`): `UTC`, `+02:00`, `America/New_York`.
fn zone_id(zone: TimeZone) -> String {
    match zone {
        TimeZone::Fixed(0) => "UTC".to_string(),
        TimeZone::Fixed(offset) => offset_id(i64::from(offset)),
        TimeZone::Region(tz) => tz.name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cast_string(pattern: &str, s: &str) -> Option<String> {
        DateTimePattern::compile(pattern)
            .unwrap()
            .parse(s)?
            .to_cast_string(true)
    }

    #[test]
    fn patterns() {
        assert_eq!(
            cast_string("dd/MM/yyyy HH:mm", "02/01/2026 10:30").as_deref(),
            Some("2026-01-02 10:30:00.000000")
        );
        assert_eq!(cast_string("dd/MM/yyyy HH:mm", "2026-01-02 10:30:00"), None);
        assert_eq!(cast_string("dd/MM/yyyy HH:mm", "2/1/2026 10:30"), None);
        assert_eq!(
            cast_string(
                "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]",
                "2026-01-02T10:30:05.5+02:00"
            )
            .as_deref(),
            Some("2026-01-02 10:30:05.500000+02:00")
        );
        assert_eq!(
            cast_string("yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]", "2026-01-02T10:30:05Z").as_deref(),
            Some("2026-01-02 10:30:05.000000+00:00")
        );
        assert_eq!(
            cast_string("d MMM yyyy h:mm a", "2 Jan 2026 3:04 PM").as_deref(),
            Some("2026-01-02 15:04:00.000000")
        );
        assert_eq!(
            cast_string("yyyyMMddHHmmssZ", "20260102103005-0130").as_deref(),
            Some("2026-01-02 10:30:05.000000-01:30")
        );
        assert!(matches!(
            DateTimePattern::compile("yyyy-MM-dd VVV"),
            Err(PatternError::Unrecognized(_))
        ));
        assert_eq!(
            cast_string("yyyy[-MM", "2026-02").as_deref(),
            Some("2026-02-01 00:00:00.000000")
        );
    }

    #[test]
    fn parse_failures_say_where() {
        let p = DateTimePattern::compile("yyyy-MM-dd").unwrap();
        assert_eq!(p.parse_text("x").unwrap_err(), ParseFailure::At(0));
        assert_eq!(p.parse_text("2024-1x").unwrap_err(), ParseFailure::At(5));
        assert_eq!(
            p.parse_text("2024-01-01 10:00").unwrap_err(),
            ParseFailure::Unparsed(10)
        );
        assert_eq!(
            p.parse_text("2024-13-01").unwrap().resolve().unwrap_err(),
            "Invalid value for MonthOfYear (valid values 1 - 12): 13"
        );
    }

    #[test]
    fn formatting() {
        // 2024-02-29 12:34:56.789 UTC, a Thursday.
        let t = 1_709_210_096_789_000;
        let f = |pattern: &str, zone: TimeZone| {
            DateTimePattern::compile(pattern)
                .unwrap()
                .format(&Fields::of(t, zone))
        };
        assert_eq!(
            f("yyyy-MM-dd HH:mm:ss.SSS EEE MMM a XXX", TimeZone::UTC),
            "2024-02-29 12:34:56.789 Thu Feb PM Z"
        );
        let new_york = TimeZone::of("America/New_York").unwrap();
        assert_eq!(
            f("EEEE MMMM d h:mm a z VV xx Z D", new_york),
            "Thursday February 29 7:34 AM EST America/New_York -0500 -0500 60"
        );
        assert_eq!(f("QQQ QQQQ G k K", TimeZone::UTC), "Q1 1st quarter AD 12 0");
        assert_eq!(
            f("yy ZZZZ ZZZZZ x", TimeZone::Fixed(5400)),
            "24 GMT+01:30 +01:30 +0130"
        );
    }
}
