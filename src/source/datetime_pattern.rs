//! The `timestampFormat` and `dateFormat` options: the common subset of Java's
//! `DateTimeFormatter` patterns that Spark's parsers take.
//!
//! Letters: `y` (year; `yy` is 2000-2099), `M` (month; `MMM` `Jan`, `MMMM` `January`), `d`,
//! `H` (0-23), `h` (1-12) with `a` (`AM`/`PM`), `m`, `s`, `S`… (fraction of a second, up to as
//! many digits as letters), `X`/`x`/`Z` (offsets: `Z`, `+02`, `+0200`, `+02:00`). A doubled
//! letter takes exactly two digits, a single one one or two. `'text'` is literal (`''` a quote),
//! `[...]` is optional, other characters stand for themselves. The whole input must match.
//! The parsed fields are then checked and converted by `CAST`'s own parser.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq)]
enum Item {
    Literal(char),
    /// A numeric field: letter, minimum and maximum digits.
    Number(char, usize, usize),
    MonthName {
        full: bool,
    },
    AmPm,
    Fraction(usize),
    /// `X` forms accept `Z` for zero; `x`/`Z` forms do not.
    Offset {
        z_for_zero: bool,
        colon: bool,
    },
    Optional(Vec<Item>),
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DateTimePattern {
    items: Vec<Item>,
}

/// The fields a pattern read.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parsed {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    hour: Option<i64>,
    hour12: Option<i64>,
    pm: Option<bool>,
    minute: i64,
    second: i64,
    micros: i64,
    offset_seconds: Option<i64>,
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

impl DateTimePattern {
    /// Compiles `pattern`, or says which part Ember does not support.
    pub(crate) fn compile(pattern: &str) -> Result<Self, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let items = compile_items(&chars, &mut pos, false)?;
        Ok(DateTimePattern { items })
    }

    /// The fields of `s`, if the whole of it matches.
    pub(crate) fn parse(&self, s: &str) -> Option<Parsed> {
        let chars: Vec<char> = s.chars().collect();
        let mut parsed = Parsed::default();
        let end = match_items(&self.items, &chars, 0, &mut parsed)?;
        (end == chars.len()).then_some(parsed)
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
        let hour = match (self.hour, self.hour12, self.pm) {
            (Some(h), _, _) => h,
            (None, Some(h), pm) if (1..=12).contains(&h) => {
                h % 12 + if pm == Some(true) { 12 } else { 0 }
            }
            (None, Some(_), _) => return None,
            (None, None, pm) => {
                if pm == Some(true) {
                    12
                } else {
                    0
                }
            }
        };
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
}

fn compile_items(chars: &[char], pos: &mut usize, nested: bool) -> Result<Vec<Item>, String> {
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
                        None => return Err("unterminated quoted text".into()),
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
            'y' | 'u' => items.push(match run {
                2 => Item::Number('Y', 2, 2),
                _ => Item::Number('y', run.max(1), 9),
            }),
            'M' | 'L' => items.push(match run {
                1 | 2 => Item::Number('M', run, 2),
                3 => Item::MonthName { full: false },
                4 => Item::MonthName { full: true },
                _ => return Err(format!("too many pattern letters: {c}")),
            }),
            'd' | 'H' | 'h' | 'm' | 's' if run <= 2 => items.push(Item::Number(c, run, 2)),
            'a' if run == 1 => items.push(Item::AmPm),
            'S' if run <= 9 => items.push(Item::Fraction(run)),
            'X' | 'x' if run <= 3 => items.push(Item::Offset {
                z_for_zero: c == 'X',
                colon: run == 3,
            }),
            'Z' if run <= 3 => items.push(Item::Offset {
                z_for_zero: false,
                colon: false,
            }),
            c if c.is_ascii_alphabetic() => {
                return Err(format!(
                    "the pattern letter '{}' is not supported by Ember",
                    chars[*pos..*pos + run].iter().collect::<String>()
                ))
            }
            c => {
                items.push(Item::Literal(c));
                *pos += 1;
                continue;
            }
        }
        *pos += run;
    }
    if nested {
        return Err("unclosed optional section '['".into());
    }
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

fn match_items(items: &[Item], s: &[char], mut at: usize, p: &mut Parsed) -> Option<usize> {
    for item in items {
        at = match item {
            Item::Literal(c) => {
                if s.get(at) != Some(c) {
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
                    'H' => p.hour = Some(v),
                    'h' => p.hour12 = Some(v),
                    'm' => p.minute = v,
                    _ => p.second = v,
                }
                next
            }
            Item::MonthName { full } => {
                let rest: String = s[at..].iter().collect();
                let (i, len) = MONTHS.iter().enumerate().find_map(|(i, m)| {
                    let name = if *full { m } else { &m[..3] };
                    rest.starts_with(name).then_some((i, name.len()))
                })?;
                p.month = Some(i as i64 + 1);
                at + len
            }
            Item::AmPm => {
                let two: String = s.get(at..at + 2)?.iter().collect();
                p.pm = Some(match two.to_ascii_uppercase().as_str() {
                    "AM" => false,
                    "PM" => true,
                    _ => return None,
                });
                at + 2
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
            Item::Offset { z_for_zero, colon } => {
                if *z_for_zero && s.get(at) == Some(&'Z') {
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
                    if *colon && s.get(next) == Some(&':') {
                        let (mm, n) = digits(s, next + 1, 2, 2)?;
                        m = mm;
                        next = n;
                    } else if !*colon {
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
                    Some(next) => {
                        *p = attempt;
                        next
                    }
                    None => at,
                }
            }
        };
    }
    Some(at)
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
        assert!(DateTimePattern::compile("yyyy-MM-dd VV")
            .unwrap_err()
            .contains("'VV'"));
        assert!(DateTimePattern::compile("yyyy[-MM").is_err());
    }
}
