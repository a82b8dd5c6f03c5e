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

/// Java's `BigDecimal.toString` of `unscaled × 10^-scale`: plain (`12.50`) unless the scale
/// is negative or the number is below `10^-6`, then scientific (`1E+50`, `-1.05E+38`).
pub(crate) fn java_text(unscaled: i128, scale: i32) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let adjusted = digits.len() as i64 - 1 - i64::from(scale);
    if scale >= 0 && adjusted >= -6 {
        return plain_text(unscaled, scale);
    }
    let sign = if unscaled < 0 { "-" } else { "" };
    let (first, rest) = digits.split_at(1);
    let point = if rest.is_empty() { "" } else { "." };
    format!("{sign}{first}{point}{rest}E{adjusted:+}")
}

/// `[NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION]`: `unscaled × 10^-scale`, a number rounded
/// to `scale` places (`round`, `floor`, `ceil`), does not fit `decimal(precision, to_scale)`.
/// (Spark says "rounded half up" whatever the rounding.)
pub(crate) fn rounded_out_of_range(
    unscaled: i128,
    scale: i32,
    precision: u8,
    to_scale: u8,
) -> String {
    // Past 1000 places the plain text would be as long: Ember prints it as Java's text.
    let plain = if scale < -1000 {
        java_text(unscaled, scale)
    } else {
        plain_text(unscaled, scale)
    };
    format!(
        "[NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION]  The {plain} rounded half up from {} \
         cannot be represented as Decimal({precision}, {to_scale}). SQLSTATE: 22003",
        java_text(unscaled, scale)
    )
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

/// A decimal operator of `+ - * / %`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DecimalOp {
    /// `+`.
    Add,
    /// `-`.
    Subtract,
    /// `*`.
    Multiply,
    /// `/`.
    Divide,
    /// `%`.
    Remainder,
    /// `pmod`: `%` made non-negative as Spark's `pmod` does (`(r + n) % n` for a negative
    /// remainder `r`).
    Pmod,
}

/// Spark's `DecimalType.adjustPrecisionScale` (with `spark.sql.decimalOperations.
/// allowPrecisionLoss`, its default): a result wider than 38 digits keeps its integer
/// digits and gives up scale, down to 6 digits (or its own scale, when smaller).
fn adjust_precision_scale(precision: i32, scale: i32) -> (u8, u8) {
    let max = i32::from(MAX_PRECISION);
    if precision <= max {
        return (precision as u8, scale as u8);
    }
    let int_digits = precision - scale;
    let min_scale = scale.min(6);
    let adjusted = (max - int_digits).max(min_scale);
    (MAX_PRECISION, adjusted as u8)
}

/// The result type of `decimal(p1,s1) op decimal(p2,s2)` (Spark's `DecimalPrecision` rules).
pub(crate) fn result_type(op: DecimalOp, (p1, s1): (u8, u8), (p2, s2): (u8, u8)) -> (u8, u8) {
    let (p1, s1, p2, s2) = (i32::from(p1), i32::from(s1), i32::from(p2), i32::from(s2));
    let (precision, scale) = match op {
        DecimalOp::Add | DecimalOp::Subtract => {
            let scale = s1.max(s2);
            ((p1 - s1).max(p2 - s2) + scale + 1, scale)
        }
        DecimalOp::Multiply => (p1 + p2 + 1, s1 + s2),
        DecimalOp::Divide => {
            let int_digits = p1 - s1 + s2;
            let scale = 6.max(s1 + p2 + 1);
            (int_digits + scale, scale)
        }
        DecimalOp::Remainder | DecimalOp::Pmod => {
            let scale = s1.max(s2);
            ((p1 - s1).min(p2 - s2) + scale, scale)
        }
    };
    adjust_precision_scale(precision, scale)
}

/// An unsigned 256-bit integer (four 64-bit limbs, least significant first): room for the
/// exact product of two decimals and for a dividend scaled up before a division.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Wide([u64; 4]);

impl Wide {
    fn product(a: u128, b: u128) -> Wide {
        let (a, b) = ([a as u64, (a >> 64) as u64], [b as u64, (b >> 64) as u64]);
        let mut limbs = [0u64; 4];
        for (i, x) in a.iter().enumerate() {
            let mut carry = 0u128;
            for (j, y) in b.iter().enumerate() {
                let t = u128::from(*x) * u128::from(*y) + u128::from(limbs[i + j]) + carry;
                limbs[i + j] = t as u64;
                carry = t >> 64;
            }
            limbs[i + 2] = carry as u64;
        }
        Wide(limbs)
    }

    /// `self × m`, or `None` past 256 bits.
    fn times(self, m: u64) -> Option<Wide> {
        let mut carry = 0u128;
        let mut limbs = [0u64; 4];
        for (out, limb) in limbs.iter_mut().zip(self.0) {
            let t = u128::from(limb) * u128::from(m) + carry;
            *out = t as u64;
            carry = t >> 64;
        }
        (carry == 0).then_some(Wide(limbs))
    }

    /// The quotient and remainder of `self / d`, for `0 < d < 2^127`.
    fn div_rem(self, d: u128) -> (Wide, u128) {
        let mut quotient = [0u64; 4];
        let mut rem = 0u128;
        for bit in (0..256).rev() {
            rem = rem << 1 | u128::from(self.0[bit / 64] >> (bit % 64) & 1);
            if rem >= d {
                rem -= d;
                quotient[bit / 64] |= 1 << (bit % 64);
            }
        }
        (Wide(quotient), rem)
    }

    fn to_u128(self) -> Option<u128> {
        (self.0[2] == 0 && self.0[3] == 0)
            .then(|| u128::from(self.0[0]) | u128::from(self.0[1]) << 64)
    }

    /// `self / 10^digits` rounded `HALF_UP` (on the first dropped digit).
    fn round_off(self, digits: u32) -> Wide {
        if digits == 0 {
            return self;
        }
        let mut value = self;
        let mut left = digits - 1;
        while left > 0 {
            let step = left.min(19);
            value = value.div_rem(10u128.pow(step)).0;
            left -= step;
        }
        let (quotient, last) = value.div_rem(10);
        if last >= 5 {
            Wide::add_one(quotient)
        } else {
            quotient
        }
    }

    fn add_one(self) -> Wide {
        let mut limbs = self.0;
        for limb in &mut limbs {
            let (sum, carry) = limb.overflowing_add(1);
            *limb = sum;
            if !carry {
                break;
            }
        }
        Wide(limbs)
    }

    /// `self × 10^exponent`, or `None` past 256 bits.
    fn scaled_up(self, mut exponent: u32) -> Option<Wide> {
        let mut value = self;
        while exponent > 0 {
            let step = exponent.min(19);
            value = value.times(10u64.pow(step))?;
            exponent -= step;
        }
        Some(value)
    }
}

/// `a op b` for decimals `a` = (unscaled, scale) and `b`, as a value of
/// `decimal(precision, scale)` (the result type [`result_type`] gives): exact, then rounded
/// `HALF_UP`; the ANSI errors for an overflow or a zero divisor.
pub(crate) fn arithmetic(
    op: DecimalOp,
    (a, sa): (i128, u8),
    (b, sb): (i128, u8),
    (precision, scale): (u8, u8),
) -> Result<Decimal, String> {
    let (sa, sb) = (i32::from(sa), i32::from(sb));
    let negative = |x: bool| if x { -1 } else { 1 };
    match op {
        DecimalOp::Add | DecimalOp::Subtract | DecimalOp::Remainder | DecimalOp::Pmod => {
            let common = sa.max(sb);
            let overflow = || {
                // Past 128 bits: beyond any decimal type; say so with the nearest double.
                let approx =
                    Decimal::new(a, sa as u8).to_f64() + Decimal::new(b, sb as u8).to_f64();
                out_of_range(
                    &crate::display::java_double_to_string(approx),
                    precision,
                    scale,
                )
            };
            let x = rescale(a, sa, common).ok_or_else(overflow)?;
            let y = rescale(b, sb, common).ok_or_else(overflow)?;
            let exact = match op {
                DecimalOp::Add => x.checked_add(y),
                DecimalOp::Subtract => x.checked_sub(y),
                _ => {
                    if y == 0 {
                        return Err(super::bind::REMAINDER_BY_ZERO.to_string());
                    }
                    let r = x % y;
                    if op == DecimalOp::Pmod && r < 0 {
                        r.checked_add(y).map(|r| r % y)
                    } else {
                        Some(r)
                    }
                }
            }
            .ok_or_else(overflow)?;
            to_precision(exact, common, precision, scale)
        }
        DecimalOp::Multiply => {
            let sign = negative((a < 0) != (b < 0));
            let product = Wide::product(a.unsigned_abs(), b.unsigned_abs());
            let exact_scale = sa + sb;
            let dropped = u32::try_from(exact_scale - i32::from(scale)).unwrap_or(0);
            let rounded = product.round_off(dropped);
            finish(rounded, sign, product, exact_scale, precision, scale)
        }
        DecimalOp::Divide => {
            if b == 0 {
                return Err(super::bind::DIVIDE_BY_ZERO.to_string());
            }
            let sign = negative((a < 0) != (b < 0));
            // a / b at `scale`: a × 10^(scale - sa + sb) / b, one more digit for rounding.
            let exponent = i32::from(scale) - sa + sb + 1;
            let dividend = Wide::product(a.unsigned_abs(), 1);
            let (dividend, divisor) = if exponent >= 0 {
                (dividend.scaled_up(exponent as u32), b.unsigned_abs())
            } else {
                let divisor = pow10(exponent.unsigned_abs())
                    .and_then(|p| b.unsigned_abs().checked_mul(p as u128));
                match divisor {
                    Some(d) if d < 1 << 127 => (Some(dividend), d),
                    _ => (Some(Wide([0; 4])), 1),
                }
            };
            let dividend = dividend.ok_or_else(|| {
                let approx =
                    Decimal::new(a, sa as u8).to_f64() / Decimal::new(b, sb as u8).to_f64();
                out_of_range(
                    &crate::display::java_double_to_string(approx),
                    precision,
                    scale,
                )
            })?;
            let (quotient, _) = dividend.div_rem(divisor);
            let rounded = quotient.round_off(1);
            finish(rounded, sign, rounded, i32::from(scale), precision, scale)
        }
    }
}

/// The rounded magnitude with its sign as a `decimal(precision, scale)`, or the overflow
/// error naming the exact value (`exact` at `exact_scale`).
fn finish(
    rounded: Wide,
    sign: i128,
    exact: Wide,
    exact_scale: i32,
    precision: u8,
    scale: u8,
) -> Result<Decimal, String> {
    let fits = rounded
        .to_u128()
        .and_then(|m| i128::try_from(m).ok())
        .filter(|m| decimal_digits(m.unsigned_abs()) <= precision);
    match fits {
        Some(m) => Ok(Decimal::new(sign * m, scale)),
        None => Err(out_of_range(
            &wide_text(exact, sign < 0, exact_scale),
            precision,
            scale,
        )),
    }
}

/// The plain text of a wide magnitude at a scale.
fn wide_text(value: Wide, negative: bool, scale: i32) -> String {
    let mut digits = Vec::new();
    let mut rest = value;
    loop {
        let (q, r) = rest.div_rem(10);
        digits.push(b'0' + r as u8);
        rest = q;
        if rest == Wide([0; 4]) {
            break;
        }
    }
    let mut text: String = digits.iter().rev().map(|&d| d as char).collect();
    if scale > 0 {
        let scale = scale as usize;
        if text.len() <= scale {
            text = format!("{}{text}", "0".repeat(scale + 1 - text.len()));
        }
        text.insert(text.len() - scale, '.');
    }
    if negative {
        text.insert(0, '-');
    }
    text
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

    fn op(op: DecimalOp, a: (i128, u8), b: (i128, u8), t: (u8, u8)) -> Result<String, String> {
        arithmetic(op, a, b, t).map(|d| d.to_string())
    }

    /// Types and values as PySpark 4.3 gives them (`SELECT ... ` with `typeof`).
    #[test]
    fn arithmetic_follows_spark() {
        use DecimalOp::*;
        // (d + 1) with d decimal(10,2), 1 a literal (decimal(1,0)) → decimal(11,2).
        assert_eq!(result_type(Add, (10, 2), (1, 0)), (11, 2));
        assert_eq!(result_type(Multiply, (10, 2), (10, 2)), (21, 4));
        assert_eq!(result_type(Divide, (10, 2), (10, 2)), (23, 13));
        assert_eq!(result_type(Remainder, (10, 2), (1, 0)), (3, 2));
        assert_eq!(result_type(Multiply, (38, 10), (38, 10)), (38, 6));
        assert_eq!(result_type(Divide, (38, 0), (38, 0)), (38, 6));
        assert_eq!(result_type(Divide, (3, 2), (1, 0)), (7, 6));
        assert_eq!(result_type(Add, (3, 2), (38, 0)), (38, 2));
        assert_eq!(result_type(Multiply, (38, 37), (2, 0)), (38, 34));
        assert_eq!(result_type(Divide, (38, 0), (38, 10)), (38, 6));
        assert_eq!(
            op(
                Multiply,
                (15 * 10i128.pow(9), 10),
                (15 * 10i128.pow(9), 10),
                (38, 6)
            ),
            Ok("2.250000".into())
        );
        assert_eq!(op(Divide, (1, 0), (3, 0), (38, 6)), Ok("0.333333".into()));
        assert_eq!(op(Divide, (100, 2), (3, 0), (7, 6)), Ok("0.333333".into()));
        assert_eq!(op(Divide, (2, 0), (3, 0), (7, 6)), Ok("0.666667".into()));
        assert_eq!(
            op(Multiply, (999_999, 2), (999_999, 2), (13, 4)),
            Ok("99999800.0001".into())
        );
        assert_eq!(op(Remainder, (55, 1), (20, 1), (3, 1)), Ok("1.5".into()));
        assert_eq!(op(Remainder, (-55, 1), (2, 0), (2, 1)), Ok("-1.5".into()));
        assert_eq!(op(Remainder, (500, 2), (3, 0), (3, 2)), Ok("2.00".into()));
        assert_eq!(op(Add, (125, 2), (1, 0), (38, 2)), Ok("2.25".into()));
        assert_eq!(
            op(Divide, (12_345_678_901_234_567_890, 0), (1000, 10), (38, 6)),
            Ok("123456789012345678900000000.000000".into())
        );
        assert_eq!(
            op(Multiply, (10i128.pow(37), 37), (10, 0), (38, 34)),
            Ok("10.0000000000000000000000000000000000".into())
        );
        let max = 10i128.pow(38) - 1;
        assert_eq!(
            op(Add, (max, 0), (1, 0), (38, 0)).unwrap_err(),
            out_of_range("100000000000000000000000000000000000000", 38, 0)
        );
        assert_eq!(
            op(Multiply, (105, 1), (10i128.pow(36) - 9, 1), (38, 2)).unwrap_err(),
            out_of_range("1049999999999999999999999999999999990.55", 38, 2)
        );
        assert!(op(Divide, (1, 0), (0, 1), (9, 6))
            .unwrap_err()
            .starts_with("[DIVIDE_BY_ZERO]"));
        assert!(op(Remainder, (1, 0), (0, 1), (2, 1))
            .unwrap_err()
            .starts_with("[REMAINDER_BY_ZERO]"));
    }

    #[test]
    fn java_text_is_scientific_for_negative_scales() {
        assert_eq!(java_text(-150, 2), "-1.50");
        assert_eq!(java_text(-1, -50), "-1E+50");
        assert_eq!(
            java_text(10i128.pow(37), -1),
            "1.0000000000000000000000000000000000000E+38"
        );
        assert_eq!(java_text(12, 9), "1.2E-8");
        assert_eq!(java_text(12, 7), "0.0000012");
        assert_eq!(java_text(7, 0), "7");
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
