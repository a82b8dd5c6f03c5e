//! `decimal(p,s)`: Spark's decimal types, parsing, rounding to a type and the errors.
//!
//! A value is an unscaled `i128` and its scale ([`Decimal`]); the type `decimal(p,s)` holds
//! values of scale `s` with at most `p` digits (`p <= 38`). Rounding is Java's `HALF_UP`, as
//! Spark's `Decimal.toPrecision` rounds; a value too wide for its type is the ANSI error
//! `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]`.

use crate::error::{Error, Result};
use crate::operators::{decimal_digits, pow10, MAX_PRECISION};
use crate::{DataType, Decimal, Value};

/// The type `decimal(precision, scale)`, or Spark's error when it cannot exist.
///
/// ```
/// use ember::{expr::decimal_type, DataType};
/// assert_eq!(decimal_type(10, 2).unwrap(), DataType::Decimal(10, 2));
/// assert!(decimal_type(39, 0).is_err());
/// ```
pub fn decimal_type(precision: i32, scale: i32) -> Result<DataType> {
    if precision > i32::from(MAX_PRECISION) {
        return Err(Error::Analysis(format!(
            "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision {precision} exceeds \
             max precision {MAX_PRECISION}. SQLSTATE: 22003"
        )));
    }
    if precision < 1 || scale < 0 || scale > precision {
        return Err(Error::Analysis(format!(
            "[INVALID_PARAMETER_VALUE.DECIMAL_PRECISION_SCALE] decimal({precision},{scale}) is \
             not a valid decimal type: the precision must be between 1 and 38 and the scale \
             between 0 and the precision. SQLSTATE: 22023"
        )));
    }
    Ok(DataType::Decimal(precision as u8, scale as u8))
}

/// A decimal number written in text (`1.50`, `-2`, `1e3`, `.5`), exactly: its unscaled
/// integer and scale as Java's `new BigDecimal(text)` reads them (the scale is negative after
/// an exponent that moves the point right), or `None` when it is not a number or has more
/// than 38 digits.
pub(crate) fn parse_decimal(text: &str) -> Option<(i128, i32)> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (negative, digits) = match mantissa.as_bytes().first()? {
        b'-' => (true, &mantissa[1..]),
        b'+' => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let all = format!("{whole}{fraction}");
    let significant = all.trim_start_matches('0');
    if significant.len() > usize::from(MAX_PRECISION) {
        return None;
    }
    let unscaled: i128 = if significant.is_empty() {
        0
    } else {
        significant.parse().ok()?
    };
    let scale = i32::try_from(fraction.len()).ok()?.checked_sub(exponent)?;
    Some((if negative { -unscaled } else { unscaled }, scale))
}

/// `unscaled × 10^-scale` rounded `HALF_UP` to `to_scale` digits after the point, or `None`
/// when it does not fit an `i128`.
pub(crate) fn rescale(unscaled: i128, scale: i32, to_scale: i32) -> Option<i128> {
    if to_scale >= scale {
        let up = u32::try_from(to_scale - scale).ok()?;
        return unscaled.checked_mul(pow10(up)?);
    }
    let down = u32::try_from(scale - to_scale).ok()?;
    let Some(divisor) = pow10(down) else {
        // More than 38 digits dropped: every i128 rounds to zero.
        return Some(0);
    };
    let (quotient, remainder) = (unscaled / divisor, unscaled % divisor);
    Some(if remainder.unsigned_abs() * 2 >= divisor.unsigned_abs() {
        quotient + unscaled.signum()
    } else {
        quotient
    })
}

/// The text Spark's errors print for a number that does not fit its type: Java's
/// `BigDecimal.toPlainString` of the exact value (`12345.678`).
pub(crate) fn plain_text(unscaled: i128, scale: i32) -> String {
    if scale >= 0 {
        Decimal::new(unscaled, scale as u8).to_string()
    } else {
        format!("{unscaled}{}", "0".repeat(scale.unsigned_abs() as usize))
    }
}

/// `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]`: `value` (as Spark prints it) does not fit
/// `decimal(precision, scale)`.
pub(crate) fn out_of_range(value: &str, precision: u8, scale: u8) -> String {
    format!(
        "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  {value} cannot be represented as \
         Decimal({precision}, {scale}). If necessary set \"spark.sql.ansi.enabled\" to \
         \"false\" to bypass this error, and return NULL instead. SQLSTATE: 22003"
    )
}

/// The exact number `unscaled × 10^-scale` as a value of `decimal(precision, to_scale)`:
/// rounded `HALF_UP`, or the ANSI overflow error when it has too many digits.
pub(crate) fn to_precision(
    unscaled: i128,
    scale: i32,
    precision: u8,
    to_scale: u8,
) -> Result<Decimal, String> {
    let too_wide = || out_of_range(&plain_text(unscaled, scale), precision, to_scale);
    let rounded = rescale(unscaled, scale, i32::from(to_scale)).ok_or_else(too_wide)?;
    if decimal_digits(rounded.unsigned_abs()) > precision {
        return Err(too_wide());
    }
    Ok(Decimal::new(rounded, to_scale))
}

/// A decimal literal from its text, of `decimal(precision, scale)` when both are given, else
/// of the type its text has (Spark's `BigDecimal` literal: `1.50` is `decimal(3,2)`).
pub fn decimal_literal(text: &str, precision: Option<i32>, scale: Option<i32>) -> Result<Value> {
    let (unscaled, written_scale) = parse_decimal(text.trim()).ok_or_else(|| {
        Error::InvalidArgument(format!("the decimal literal '{text}' is not a number"))
    })?;
    let (precision, scale) = match (precision, scale) {
        (Some(p), Some(s)) => (p, s),
        _ => {
            let scale = written_scale.max(0);
            let digits = i32::from(decimal_digits(unscaled.unsigned_abs()));
            let digits = digits + (scale - written_scale);
            (digits.max(scale).max(1), scale)
        }
    };
    let DataType::Decimal(precision, scale) = decimal_type(precision, scale)? else {
        unreachable!("decimal_type returns a decimal type")
    };
    to_precision(unscaled, written_scale, precision, scale)
        .map(Value::Decimal)
        .map_err(Error::Analysis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_parses_as_java_reads_big_decimals() {
        assert_eq!(parse_decimal("1.50"), Some((150, 2)));
        assert_eq!(parse_decimal("-0.005"), Some((-5, 3)));
        assert_eq!(parse_decimal("1e3"), Some((1, -3)));
        assert_eq!(parse_decimal("1.5E-2"), Some((15, 3)));
        assert_eq!(parse_decimal(".5"), Some((5, 1)));
        assert_eq!(parse_decimal("5."), Some((5, 0)));
        assert_eq!(parse_decimal("+7"), Some((7, 0)));
        for bad in ["", ".", "abc", "1.2.3", "1e", "--1", "1 2"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(rescale(25, 1, 0), Some(3));
        assert_eq!(rescale(-25, 1, 0), Some(-3));
        assert_eq!(rescale(245, 2, 1), Some(25));
        assert_eq!(rescale(1005, 3, 2), Some(101));
        assert_eq!(rescale(-5, 3, 2), Some(-1));
        assert_eq!(rescale(1, -3, 2), Some(100_000));
    }

    #[test]
    fn too_many_digits_is_spark_s_error() {
        // PySpark 4.3: SELECT CAST(12345.678 AS DECIMAL(5,2))
        assert_eq!(
            to_precision(12_345_678, 3, 5, 2).unwrap_err(),
            "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  12345.678 cannot be represented as \
             Decimal(5, 2). If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass \
             this error, and return NULL instead. SQLSTATE: 22003"
        );
        assert_eq!(to_precision(1005, 3, 10, 2).unwrap(), Decimal::new(101, 2));
    }

    #[test]
    fn literals_take_the_type_of_their_text() {
        assert_eq!(
            decimal_literal("1.50", None, None).unwrap(),
            Value::Decimal(Decimal::new(150, 2))
        );
        assert_eq!(
            decimal_literal("0.05", None, None).unwrap(),
            Value::Decimal(Decimal::new(5, 2))
        );
        assert_eq!(
            decimal_literal("7", Some(10), Some(2)).unwrap(),
            Value::Decimal(Decimal::new(700, 2))
        );
    }
}
