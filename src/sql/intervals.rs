//! `INTERVAL` literals as Spark 4 types them (ANSI intervals, not the legacy calendar
//! interval): `INTERVAL '10 minutes'` and `INTERVAL 10 MINUTES` are `interval minute`,
//! `INTERVAL '1 day 2 hours'` is `interval day to hour`, `INTERVAL '1-2' YEAR TO MONTH` is
//! `interval year to month`: the type spans the units written.

use sqlparser::ast::{self, DateTimeField, UnaryOperator};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Span, Token, TokenWithSpan};

use super::errors::{syntax_error, unsupported, Near};
use crate::error::{Error, Result};
use crate::{IntervalField, IntervalType, Value};

use crate::operators::{MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND};

const MICROS: [i64; 4] = [
    MICROS_PER_DAY,
    MICROS_PER_HOUR,
    MICROS_PER_MINUTE,
    MICROS_PER_SECOND,
];

/// The tokens with Spark's unquoted multi-unit form, `INTERVAL 1 DAY 2 HOURS` (and
/// `INTERVAL '2' HOUR '30' MINUTE`), read as the string form `INTERVAL '1 DAY 2 HOURS'`, which
/// has the same type, value and name. A value that is not a plain number or a string
/// (`INTERVAL 1Y DAY`) is Spark's syntax error.
pub(super) fn join_units(text: &str, tokens: Vec<TokenWithSpan>) -> Result<Vec<TokenWithSpan>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        out.push(token.clone());
        i += 1;
        let interval = matches!(&token.token, Token::Word(w) if w.keyword == Keyword::INTERVAL && w.quote_style.is_none());
        if !interval {
            continue;
        }
        let mut pairs = Vec::new();
        let mut at = i;
        while let Some((pair, next)) = pair_at(text, &tokens, at)? {
            pairs.push(pair);
            at = next;
        }
        if pairs.len() >= 2 {
            let start = tokens[blanks_from(&tokens, i)].span.start;
            let span = Span::new(start, tokens[at - 1].span.end);
            out.push(TokenWithSpan::new(
                Token::SingleQuotedString(pairs.join(" ")),
                span,
            ));
            i = at;
        }
    }
    Ok(out)
}

/// The pair of a multi-unit interval at token `at` (`1 DAY`, `-'2' HOURS`) as the string form
/// writes it, and the token after it; `None` if there is none.
fn pair_at(text: &str, tokens: &[TokenWithSpan], at: usize) -> Result<Option<(String, usize)>> {
    let mut k = blanks_from(tokens, at);
    let sign = match tokens.get(k).map(|t| &t.token) {
        Some(Token::Minus) => "-",
        Some(Token::Plus) => "",
        _ => "",
    };
    if matches!(
        tokens.get(k).map(|t| &t.token),
        Some(Token::Minus | Token::Plus)
    ) {
        k = blanks_from(tokens, k + 1);
    }
    let Some(value) = tokens.get(k) else {
        return Ok(None);
    };
    let u = blanks_from(tokens, k + 1);
    let unit = match tokens.get(u).map(|t| &t.token) {
        Some(Token::Word(w)) if w.quote_style.is_none() && unit_field(&w.value).is_some() => {
            &w.value
        }
        _ => return Ok(None),
    };
    let number = match &value.token {
        Token::Number(n, _) if n.bytes().all(|b| b.is_ascii_digit() || b == b'.') => n.clone(),
        // Spark reads only plain numbers and strings as an interval's values.
        Token::Number(n, _) => {
            return Err(syntax_error(
                text,
                Near::Text(n.clone()),
                value.span.start,
                false,
            ))
        }
        Token::SingleQuotedString(s) => s.trim().to_string(),
        _ => return Ok(None),
    };
    Ok(Some((format!("{sign}{number} {unit}"), u + 1)))
}

/// The first token from `at` on that is not blank.
fn blanks_from(tokens: &[TokenWithSpan], at: usize) -> usize {
    at + tokens[at.min(tokens.len())..]
        .iter()
        .take_while(|t| matches!(t.token, Token::Whitespace(_)))
        .count()
}

/// The value of an `INTERVAL` literal of the SQL text `sql`. Errors about its value are
/// Spark's, under the literal in the text where Spark places them.
pub(super) fn interval_literal(
    interval: &ast::Interval,
    e: &ast::Expr,
    sql: &str,
) -> Result<Value> {
    use sqlparser::ast::Spanned;
    let text = value_text(&interval.value).ok_or_else(|| unsupported(format!("`{e}`")))?;
    let value = interval.value.span();
    let whole = Span::new(super::parse::keyword_before(sql, value.start), value.end);
    let written = super::parse::spanned(sql, whole);
    // A string as written (not pairs joined from `INTERVAL '2' HOUR '30' MINUTE`).
    let source = super::parse::spanned(sql, value);
    let quoted = source.starts_with(['\'', '"']) && source.ends_with(['\'', '"']);
    if interval.leading_field.is_none() && !quoted && !text.trim().contains(' ') {
        // `INTERVAL 1` without a unit: Spark wants one next.
        return Err(super::parse::syntax_error_after(sql, value.end));
    }
    let pairs: Vec<(&str, String)> = match &interval.leading_field {
        Some(unit) => vec![(text.trim(), unit.to_string())],
        None if !quoted => {
            let words: Vec<&str> = text.split_whitespace().collect();
            words
                .chunks(2)
                .map(|p| (p[0], p.get(1).copied().unwrap_or_default().to_string()))
                .collect()
        }
        None => Vec::new(),
    };
    if interval.last_field.is_none() {
        check_pairs(&pairs).map_err(|refused| match refused {
            Checked::NotNumber(message) if interval.leading_field.is_none() => {
                super::errors::placed(sql, &message, value)
            }
            Checked::NotNumber(message) => Error::Parse(message),
            Checked::Fraction(error) => error,
        })?;
    }
    let refused = |reason: Refused| match reason {
        Refused::Invalid => super::errors::placed(sql, &invalid_literal(&text).to_string(), whole),
        Refused::Mixed => super::errors::placed(
            sql,
            &format!("Cannot mix year-month and day-time fields: {written}."),
            whole,
        ),
        Refused::Overflow => Error::InvalidArgument(
            "[INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION] Integer overflow while operating \
             with intervals. Try devising appropriate values for the interval parameters. \
             SQLSTATE: 22015"
                .to_string(),
        ),
    };
    match (&interval.leading_field, &interval.last_field) {
        (None, None) => multi_units(&text).map_err(refused),
        (Some(unit), None) => {
            let name = unit_name(unit).ok_or_else(|| unsupported(format!("`{e}`")))?;
            multi_units(&format!("{} {name}", text.trim())).map_err(refused)
        }
        (Some(from), Some(to)) => {
            let range = field(from)
                .zip(field(to))
                .filter(|(from, to)| from <= to && from.is_year_month() == to.is_year_month());
            let (from, to) = range.ok_or_else(|| unsupported(format!("`{e}`")))?;
            let t = IntervalType::new(from, to);
            unit_to_unit(&text, t).map_err(|out_of_range| {
                Error::Parse(out_of_range.unwrap_or_else(|| {
                    let kind = if t.is_year_month() {
                        "year-month"
                    } else {
                        "day-time"
                    };
                    let pattern = unit_to_unit_pattern(from, to);
                    format!(
                        "[INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE] Error \
                         parsing '{text}' to interval. Please ensure that the value provided is \
                         in a valid format for defining an interval. You can reference the \
                         documentation for the correct format. Interval string does not match \
                         {kind} format of `{pattern}`, `INTERVAL [+|-]'{pattern}' {}` when cast \
                         to {t}: {text}. Set \"spark.sql.legacy.fromDayTimeString.enabled\" to \
                         \"true\" to restore the behavior before Spark 3.0. SQLSTATE: 22006",
                        t.sql().trim_start_matches("INTERVAL "),
                    )
                }))
            })
        }
        (None, Some(_)) => Err(unsupported(format!("`{e}`"))),
    }
}

/// The literal's value as written: a string's text or a (signed) number.
fn value_text(value: &ast::Expr) -> Option<String> {
    match value {
        ast::Expr::Value(v) => match &v.value {
            ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => {
                Some(s.clone())
            }
            ast::Value::Number(n, _) => Some(n.clone()),
            _ => None,
        },
        ast::Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => value_text(expr).map(|t| format!("-{t}")),
        ast::Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => value_text(expr),
        _ => None,
    }
}

/// A unit after a number, in Spark's multi-unit spelling.
fn unit_name(unit: &DateTimeField) -> Option<&'static str> {
    Some(match unit {
        DateTimeField::Year | DateTimeField::Years => "year",
        DateTimeField::Month | DateTimeField::Months => "month",
        DateTimeField::Week(None) | DateTimeField::Weeks => "week",
        DateTimeField::Day | DateTimeField::Days => "day",
        DateTimeField::Hour | DateTimeField::Hours => "hour",
        DateTimeField::Minute | DateTimeField::Minutes => "minute",
        DateTimeField::Second | DateTimeField::Seconds => "second",
        DateTimeField::Millisecond | DateTimeField::Milliseconds => "millisecond",
        DateTimeField::Microsecond | DateTimeField::Microseconds => "microsecond",
        _ => return None,
    })
}

/// A field of a `FROM TO` range.
fn field(unit: &DateTimeField) -> Option<IntervalField> {
    Some(match unit_name(unit)? {
        "year" => IntervalField::Year,
        "month" => IntervalField::Month,
        "day" => IntervalField::Day,
        "hour" => IntervalField::Hour,
        "minute" => IntervalField::Minute,
        "second" => IntervalField::Second,
        _ => return None,
    })
}

/// The field a multi-unit interval's unit counts in.
fn unit_field(word: &str) -> Option<IntervalField> {
    let (unit, _) = crate::interval::unit_named(word)?;
    Some(match unit {
        "year" => IntervalField::Year,
        "month" => IntervalField::Month,
        "week" | "day" => IntervalField::Day,
        "hour" => IntervalField::Hour,
        "minute" => IntervalField::Minute,
        "second" | "millisecond" | "microsecond" => IntervalField::Second,
        _ => return None,
    })
}

/// Why the pairs of an interval written with units are refused.
enum Checked {
    /// A value is not a number: Spark's message.
    NotNumber(String),
    /// A unit other than seconds has a fraction: Spark's error.
    Fraction(Error),
}

/// Spark's checks of the pairs of an interval written with units (`INTERVAL '1.5' HOUR`,
/// `INTERVAL 1 DAY 2 HOURS`): every value a number, and only seconds with a fraction.
fn check_pairs(pairs: &[(&str, String)]) -> std::result::Result<(), Checked> {
    if let Some((bad, _)) = pairs.iter().find(|(n, _)| n.parse::<f64>().is_err()) {
        return Err(Checked::NotNumber(format!(
            "Can only use numbers in the interval value part for multiple unit value pairs \
             interval form, but got invalid value: {bad}."
        )));
    }
    let fraction = |(n, unit): &(&str, String)| {
        n.contains('.') && unit_field(unit) != Some(IntervalField::Second)
    };
    if let Some((_, unit)) = pairs.iter().find(|p| fraction(p)) {
        let written: Vec<String> = pairs.iter().map(|(n, u)| format!("{n} {u}")).collect();
        return Err(Checked::Fraction(Error::InvalidArgument(format!(
            "[INVALID_INTERVAL_FORMAT.INVALID_FRACTION] Error parsing ' {}' to interval. Please \
             ensure that the value provided is in a valid format for defining an interval. You \
             can reference the documentation for the correct format. {} cannot have fractional \
             part. SQLSTATE: 22006",
            written.join(" "),
            unit.to_lowercase()
        ))));
    }
    Ok(())
}

/// Why a multi-unit interval string is refused.
enum Refused {
    /// Not an interval.
    Invalid,
    /// Year-month and day-time units together.
    Mixed,
    /// More microseconds than a `bigint` holds.
    Overflow,
}

/// Spark's error for an interval string it cannot read.
fn invalid_literal(text: &str) -> Error {
    Error::Parse(format!(
        "[INVALID_TYPED_LITERAL] The value of the typed literal \"INTERVAL\" is invalid: \
         '{text}'. SQLSTATE: 42604"
    ))
}

/// `'1 day 2 hours'`, `'10 minutes'`, `'1 year 2 months'`: pairs of a number and a unit; the
/// type runs from the largest unit written to the smallest.
fn multi_units(text: &str) -> std::result::Result<Value, Refused> {
    let words: Vec<&str> = crate::interval::interval_words(text).collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return Err(Refused::Invalid);
    }
    let mut fields = Vec::new();
    for pair in words.chunks(2) {
        fields.push(unit_field(pair[1]).ok_or(Refused::Invalid)?);
    }
    let (Some(&start), Some(&end)) = (fields.iter().min(), fields.iter().max()) else {
        return Err(Refused::Invalid);
    };
    if start.is_year_month() != end.is_year_month() {
        return Err(Refused::Mixed);
    }
    let t = IntervalType::new(start, end);
    if t.is_year_month() {
        let mut months: i64 = 0;
        for (pair, field) in words.chunks(2).zip(&fields) {
            let n: i64 = pair[0].parse().map_err(|_| Refused::Invalid)?;
            let scale = if *field == IntervalField::Year { 12 } else { 1 };
            months = n
                .checked_mul(scale)
                .and_then(|m| months.checked_add(m))
                .filter(|m| i32::try_from(*m).is_ok())
                .ok_or(Refused::Invalid)?;
        }
        return Ok(Value::Interval(months, t));
    }
    let fraction = words
        .chunks(2)
        .zip(&fields)
        .any(|(pair, field)| pair[0].contains('.') && *field != IntervalField::Second);
    if fraction {
        return Err(Refused::Invalid);
    }
    let micros = crate::interval::checked_interval_micros(&words.join(" "))
        .map_err(|_| Refused::Invalid)?
        .ok_or(Refused::Overflow)?;
    Ok(Value::Interval(micros, t))
}

/// `'1-2' YEAR TO MONTH`, `'1 02:03:04.5' DAY TO SECOND`, `'02:03' HOUR TO MINUTE`, ...: an
/// optional sign, then the fields from `start` to `end` separated as Spark writes them.
/// Fails with Spark's message for a field out of its range, or `None` for a string of another
/// form.
fn unit_to_unit(text: &str, t: IntervalType) -> std::result::Result<Value, Option<String>> {
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let sign = if negative { -1 } else { 1 };
    let number = |s: &str| s.parse::<i64>().ok().filter(|n| *n >= 0).ok_or(None);
    if t.is_year_month() {
        let (years, months) = body.split_once('-').ok_or(None)?;
        let (years, months) = (number(years)?, number(months)?);
        if months > 11 {
            return Err(Some(format!(
                "requirement failed: month {months} outside range [0, 11]."
            )));
        }
        return Ok(Value::Interval(sign * (years * 12 + months), t));
    }
    // The parts, largest first: `d h:m:s` → [d, h, m, s].
    let parts: Vec<&str> = body.splitn(2, ' ').flat_map(|p| p.split(':')).collect();
    let first = t.start.index() - IntervalField::Day.index();
    let count = usize::from(t.end.index() - t.start.index()) + 1;
    if parts.len() != count || (t.start == IntervalField::Day) != body.contains(' ') {
        return Err(None);
    }
    let mut micros: i64 = 0;
    for (i, part) in parts.iter().enumerate() {
        let unit = usize::from(first) + i;
        let value = if unit == 3 {
            seconds_micros(part).ok_or(None)?
        } else {
            number(part)?.checked_mul(MICROS[unit]).ok_or(None)?
        };
        // Every field after the first is bounded: hours < 24, minutes and seconds < 60.
        let bound = [i64::MAX, 24, 60, 60][unit];
        if i > 0 && value >= bound * MICROS[unit] {
            let name = ["day", "hour", "minute", "second"][unit];
            return Err(Some(format!(
                "requirement failed: {name} {} outside range [0, {}].",
                value / MICROS[unit],
                bound - 1
            )));
        }
        micros = micros.checked_add(value).ok_or(None)?;
    }
    Ok(Value::Interval(sign * micros, t))
}

/// `SS[.ffffff]` in microseconds.
fn seconds_micros(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<6}").parse().ok()?;
    whole.checked_mul(MICROS_PER_SECOND)?.checked_add(fraction)
}

/// Spark's pattern of a `FROM TO` interval string, for its error.
fn unit_to_unit_pattern(from: IntervalField, to: IntervalField) -> &'static str {
    use IntervalField::*;
    match (from, to) {
        (Year, _) => "[+|-]y-m",
        (Day, Hour) => "[+|-]d h",
        (Day, Minute) => "[+|-]d h:m",
        (Day, _) => "[+|-]d h:m:s.n",
        (Hour, Minute) => "[+|-]h:m",
        (Hour, _) => "[+|-]h:m:s.n",
        _ => "[+|-]m:s.n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(sql: &str) -> Result<String> {
        let e = crate::sql::parse::expression(sql).expect("parses");
        let ast::Expr::Interval(interval) = &e else {
            panic!("not an interval: {e}")
        };
        let value = interval_literal(interval, &e, sql)?;
        let Value::Interval(amount, t) = value else {
            panic!("not an interval value")
        };
        Ok(format!("{} | {t}", t.show(amount)))
    }

    #[test]
    fn literals_are_typed_as_spark_types_them() {
        // From PySpark 4.3: `spark.sql("SELECT <literal>")`, its value and `typeof`.
        for (sql, expected) in [
            (
                "INTERVAL '10 minutes'",
                "INTERVAL '10' MINUTE | interval minute",
            ),
            (
                "INTERVAL 10 MINUTES",
                "INTERVAL '10' MINUTE | interval minute",
            ),
            (
                "INTERVAL 10 MINUTE",
                "INTERVAL '10' MINUTE | interval minute",
            ),
            ("INTERVAL '1' HOUR", "INTERVAL '01' HOUR | interval hour"),
            (
                "INTERVAL '1 day 2 hours'",
                "INTERVAL '1 02' DAY TO HOUR | interval day to hour",
            ),
            ("INTERVAL '1' YEAR", "INTERVAL '1' YEAR | interval year"),
            ("INTERVAL '2' MONTH", "INTERVAL '2' MONTH | interval month"),
            (
                "INTERVAL '1-2' YEAR TO MONTH",
                "INTERVAL '1-2' YEAR TO MONTH | interval year to month",
            ),
            (
                "INTERVAL '1 2:03:04' DAY TO SECOND",
                "INTERVAL '1 02:03:04' DAY TO SECOND | interval day to second",
            ),
            (
                "INTERVAL '1 2:03:04.5' DAY TO SECOND",
                "INTERVAL '1 02:03:04.5' DAY TO SECOND | interval day to second",
            ),
            (
                "INTERVAL '2:03' HOUR TO MINUTE",
                "INTERVAL '02:03' HOUR TO MINUTE | interval hour to minute",
            ),
            (
                "INTERVAL '1 year 2 months'",
                "INTERVAL '1-2' YEAR TO MONTH | interval year to month",
            ),
            (
                "INTERVAL '1.5 seconds'",
                "INTERVAL '01.5' SECOND | interval second",
            ),
            (
                "INTERVAL '1.5' SECOND",
                "INTERVAL '01.5' SECOND | interval second",
            ),
            (
                "INTERVAL '-10 minutes'",
                "INTERVAL '-10' MINUTE | interval minute",
            ),
            (
                "INTERVAL -10 MINUTES",
                "INTERVAL '-10' MINUTE | interval minute",
            ),
            ("INTERVAL '1 week'", "INTERVAL '7' DAY | interval day"),
            (
                "INTERVAL '1 millisecond'",
                "INTERVAL '00.001' SECOND | interval second",
            ),
            (
                "INTERVAL '90 minutes'",
                "INTERVAL '90' MINUTE | interval minute",
            ),
            (
                "INTERVAL '0 seconds'",
                "INTERVAL '00' SECOND | interval second",
            ),
            ("INTERVAL '2' WEEK", "INTERVAL '14' DAY | interval day"),
            (
                "INTERVAL '2' MILLISECOND",
                "INTERVAL '00.002' SECOND | interval second",
            ),
            (
                "INTERVAL '25:00' HOUR TO MINUTE",
                "INTERVAL '25:00' HOUR TO MINUTE | interval hour to minute",
            ),
            (
                "INTERVAL '-1 2:03:04' DAY TO SECOND",
                "INTERVAL '-1 02:03:04' DAY TO SECOND | interval day to second",
            ),
            (
                "INTERVAL '03:04.25' MINUTE TO SECOND",
                "INTERVAL '03:04.25' MINUTE TO SECOND | interval minute to second",
            ),
        ] {
            assert_eq!(literal(sql).unwrap(), expected, "{sql}");
        }
    }

    #[test]
    fn bad_literals_are_sparks_errors() {
        // PySpark 4.3's messages, with the `== SQL ==` context under the literal.
        for text in ["abc", "10 minuts", "", "1.5 hours"] {
            let sql = format!("INTERVAL '{text}'");
            assert_eq!(
                literal(&sql).unwrap_err().to_string(),
                format!(
                    "\n[INVALID_TYPED_LITERAL] The value of the typed literal \"INTERVAL\" is \
                     invalid: '{text}'. SQLSTATE: 42604\n== SQL (line 1, position 1) ==\n{sql}\n{}\n",
                    "^".repeat(sql.len())
                )
            );
        }
        for (sql, error) in [
            (
                "INTERVAL '1.5' HOUR",
                "[INVALID_INTERVAL_FORMAT.INVALID_FRACTION] Error parsing ' 1.5 HOUR' to \
                 interval. Please ensure that the value provided is in a valid format for \
                 defining an interval. You can reference the documentation for the correct \
                 format. hour cannot have fractional part. SQLSTATE: 22006",
            ),
            (
                "INTERVAL 'x' HOUR",
                "Can only use numbers in the interval value part for multiple unit value pairs \
                 interval form, but got invalid value: x.",
            ),
            (
                "INTERVAL '1:61' HOUR TO MINUTE",
                "requirement failed: minute 61 outside range [0, 59].",
            ),
            (
                "INTERVAL '1 year 2 days'",
                "\nCannot mix year-month and day-time fields: INTERVAL '1 year 2 days'.\n== SQL \
                 (line 1, position 1) ==\nINTERVAL '1 year 2 days'\n^^^^^^^^^^^^^^^^^^^^^^^^\n",
            ),
        ] {
            assert_eq!(literal(sql).unwrap_err().to_string(), error, "{sql}");
        }
    }
}
