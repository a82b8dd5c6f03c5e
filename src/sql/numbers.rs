//! Numeric literals as Spark reads them: `1` (`int`, else `bigint`, else `decimal`), `1.5`
//! (`decimal(2,1)`), `1E2` (`double`), and the suffixed forms `1Y` (`tinyint`), `1S`
//! (`smallint`), `1L` (`bigint`), `2D` (`double`), `1.5F` (`float`), `1.5BD` (`decimal`).
//!
//! `sqlparser` reads `1Y` as the number `1` followed by the word `Y` (an alias), so
//! [`join_suffixes`] first puts a number and the word written right after it back into one
//! token, as Spark's lexer reads them: a literal with its suffix, or else an identifier
//! (`1a`, `1e2L`: Spark takes a word of digits and letters as a name).

use sqlparser::tokenizer::{Span, Token, TokenWithSpan};

use super::errors::{syntax_error, Near};
use super::parse::Places;
use crate::error::{Error, Result};
use crate::Value;

/// The suffix of a numeric literal, which gives its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suffix {
    /// None: `int`/`bigint`/`decimal` for an integer, `decimal` with a point, `double` with
    /// an exponent.
    Plain,
    /// `Y`: `tinyint`.
    Tiny,
    /// `S`: `smallint`.
    Small,
    /// `L`: `bigint`.
    Big,
    /// `D`: `double`.
    Double,
    /// `F`: `float`.
    Float,
    /// `BD`: `decimal`.
    BigDecimal,
}

/// A numeric literal split as Spark's lexer reads it.
struct Literal<'a> {
    /// The digits, with their point and exponent.
    body: &'a str,
    suffix: Suffix,
}

/// `text` as one of Spark's numeric literals, if it is one.
fn read(text: &str) -> Option<Literal<'_>> {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let whole = digits(0);
    let mut at = whole;
    let mut point = false;
    if bytes.get(at) == Some(&b'.') {
        point = true;
        at = digits(at + 1);
    }
    if at == usize::from(point) {
        return None;
    }
    let mut exponent = false;
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
        let end = digits(at + 1 + sign);
        if end > at + 1 + sign {
            exponent = true;
            at = end;
        }
    }
    let (body, suffix) = text.split_at(at);
    let suffix = match suffix.to_ascii_uppercase().as_str() {
        "" => Suffix::Plain,
        "Y" => Suffix::Tiny,
        "S" => Suffix::Small,
        "L" => Suffix::Big,
        "D" => Suffix::Double,
        "F" => Suffix::Float,
        "BD" => Suffix::BigDecimal,
        _ => return None,
    };
    let integral = matches!(suffix, Suffix::Tiny | Suffix::Small | Suffix::Big);
    if integral && (point || exponent) {
        return None;
    }
    Some(Literal { body, suffix })
}

/// The tokens with every number put back together with the word written right after it (no
/// blank between): `1` `Y` is the literal `1Y`, `1` `a` the identifier `1a`. A number with a
/// point that runs into a word is Spark's syntax error at the part after the point (`1.5Y`).
/// `0x1F` is a name too in Spark (`sqlparser` reads a hexadecimal string).
pub(super) fn join_suffixes(
    text: &str,
    places: &Places<'_>,
    tokens: Vec<TokenWithSpan>,
) -> Result<Vec<TokenWithSpan>> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let mut span = token.span;
        match &token.token {
            Token::Number(..) => {}
            Token::HexStringLiteral(_) if places.slice(span).starts_with("0x") => {}
            _ => {
                out.push(token);
                continue;
            }
        }
        if let Some(next) = tokens.next_if(|next| {
            next.span.start == span.end
                && matches!(&next.token, Token::Word(w) if w.quote_style.is_none())
        }) {
            span.end = next.span.end;
        }
        let written = places.slice(span);
        let token = if read(written).is_some() {
            Token::Number(written.to_string(), false)
        } else if let Some(point) = written.find('.') {
            let start = sqlparser::tokenizer::Location::new(
                span.start.line,
                span.start.column + point as u64 + 1,
            );
            return Err(syntax_error(
                text,
                Near::Text(written[point + 1..].to_string()),
                start,
                false,
            ));
        } else {
            Token::make_word(written, None)
        };
        out.push(TokenWithSpan::new(token, span));
    }
    Ok(out)
}

/// Why a numeric literal is refused: Spark's message, and whether Spark shows it with the
/// literal's place in the text (a `ParseException`) or alone (an `ArithmeticException`).
pub(super) struct Refused {
    /// Spark's message.
    pub message: String,
    /// Whether the message is shown with the text under it (`== SQL (line 1, position 8) ==`).
    pub placed: bool,
}

/// The value of the numeric literal `written` (as [`join_suffixes`] left it), negated when a
/// minus sign precedes it (`-128Y` is a `tinyint`).
pub(super) fn number(written: &str, negative: bool) -> std::result::Result<Value, Refused> {
    let literal = read(written).ok_or_else(|| Refused {
        message: format!("the numeric literal {written} is not one Spark reads"),
        placed: true,
    })?;
    let raw = if negative {
        format!("-{}", literal.body)
    } else {
        literal.body.to_string()
    };
    let out_of_range = |type_name: &str, min: &str, max: &str| Refused {
        message: format!(
            "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal {raw} is outside the valid range \
             for {type_name} with minimum value of {min} and maximum value of {max}. Please \
             adjust the value accordingly. SQLSTATE: 22003"
        ),
        placed: true,
    };
    let integer = |min: i64, max: i64, name: &str| {
        raw.parse::<i64>()
            .ok()
            .filter(|i| (min..=max).contains(i))
            .ok_or_else(|| out_of_range(name, &min.to_string(), &max.to_string()))
    };
    let exponent = literal.body.contains(['e', 'E']);
    let as_double = || {
        double(&raw)
            .map(Value::Double)
            .ok_or_else(|| out_of_range("double", DOUBLE_BOUNDS.0, DOUBLE_BOUNDS.1))
    };
    Ok(match literal.suffix {
        Suffix::Tiny => Value::Byte(integer(i8::MIN.into(), i8::MAX.into(), "tinyint")? as i8),
        Suffix::Small => {
            Value::Short(integer(i16::MIN.into(), i16::MAX.into(), "smallint")? as i16)
        }
        Suffix::Big => Value::Long(integer(i64::MIN, i64::MAX, "bigint")?),
        Suffix::Double => as_double()?,
        Suffix::Plain if exponent => as_double()?,
        Suffix::Float => {
            let wide = double(&raw).filter(|d| d.abs() <= f64::from(f32::MAX));
            let narrow = wide.and_then(|_| raw.parse::<f32>().ok());
            Value::Float(
                narrow.ok_or_else(|| out_of_range("float", FLOAT_BOUNDS.0, FLOAT_BOUNDS.1))?,
            )
        }
        Suffix::BigDecimal => decimal(&raw, true)?,
        Suffix::Plain => match raw.parse::<i64>() {
            Ok(i) => i32::try_from(i).map_or(Value::Long(i), Value::Int),
            Err(_) => decimal(&raw, false)?,
        },
    })
}

/// Spark's bounds of a `double` and a `float` literal, as its messages print them.
const DOUBLE_BOUNDS: (&str, &str) = ("-1.7976931348623157E+308", "1.7976931348623157E+308");
const FLOAT_BOUNDS: (&str, &str) = ("-3.4028234663852886E+38", "3.4028234663852886E+38");

/// A finite double, as Java's `toDouble` reads it (a number too small is 0).
fn double(raw: &str) -> Option<f64> {
    raw.parse::<f64>().ok().filter(|d| d.is_finite())
}

/// A decimal literal of the type its text has; more than 38 digits is Spark's
/// `DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION` (with the literal's place for `BD`).
fn decimal(raw: &str, placed: bool) -> std::result::Result<Value, Refused> {
    crate::expr::decimal_literal(raw, None, None).map_err(|_| {
        // Java's `BigDecimal` precision, or its scale when that is larger (`0.000..1`).
        let (mantissa, exponent) = raw.split_once(['e', 'E']).unwrap_or((raw, "0"));
        let fraction = mantissa.split_once('.').map_or(0, |(_, f)| f.len() as i64);
        let scale = fraction - exponent.parse::<i64>().unwrap_or(0);
        let digits = mantissa
            .bytes()
            .filter(u8::is_ascii_digit)
            .skip_while(|b| *b == b'0')
            .count() as i64;
        Refused {
            message: format!(
                "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision {} exceeds max \
                 precision 38. SQLSTATE: 22003",
                digits.max(scale)
            ),
            placed,
        }
    })
}

impl Refused {
    /// The error, placed under `fragment` of `text` when Spark places it.
    pub(super) fn error(self, text: &str, fragment: Span) -> Error {
        if self.placed {
            super::errors::placed(text, &self.message, fragment)
        } else {
            Error::InvalidArgument(self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_read_as_sparks_lexer_reads_them() {
        for (text, suffix) in [
            ("1", Some(Suffix::Plain)),
            ("1Y", Some(Suffix::Tiny)),
            ("1s", Some(Suffix::Small)),
            ("1L", Some(Suffix::Big)),
            ("1.5BD", Some(Suffix::BigDecimal)),
            ("1E2bd", Some(Suffix::BigDecimal)),
            ("2D", Some(Suffix::Double)),
            ("1.5e-3F", Some(Suffix::Float)),
            (".5", Some(Suffix::Plain)),
            ("5.", Some(Suffix::Plain)),
            ("1.5Y", None),
            ("1e2L", None),
            ("1e", None),
            ("1Yx", None),
            ("0x1F", None),
            (".", None),
        ] {
            assert_eq!(read(text).map(|l| l.suffix), suffix, "{text}");
        }
    }
}
