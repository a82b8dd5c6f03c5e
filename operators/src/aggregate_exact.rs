//! Exact sums for aggregates: [`Int192`], the integer every integral and decimal sum
//! accumulates in, and the checks that turn a total into its Spark result type — or into
//! Spark's ANSI overflow error when it does not fit.
//!
//! A `bigint` sum of `2^63` rows of `bigint`s, or a decimal sum of `2^63` rows of 38-digit
//! unscaled values, stays below `2^190` in magnitude, so 192 bits hold every total exactly.
//! Adding in two's complement wraps, as `i64` arithmetic did before, so retractions still
//! invert insertions exactly; but now the total itself never wraps, and the check at emit
//! sees the true value.
//!
//! Spark checks as it adds (`Math.addExact` per row for `bigint`, a partial decimal sum that
//! outgrows 38 digits becomes `NULL` in the aggregation buffer), so whether Spark fails
//! depends on the order in which rows and partial sums are added: `sum` of `[MAX, 1, -5]`
//! fails in Spark but is `MAX - 4` in Ember, and once a `try_sum` went `NULL` in Spark's
//! state it stays `NULL`. Ember checks the exact total of each group when it emits it,
//! which gives the same answer at any number of workers and in any order.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::row::pow10;

/// A signed 192-bit integer in two's complement, as three 64-bit limbs (24 bytes, 8-byte
/// aligned, so that an [`Accumulator`](crate::Accumulator) does not grow).
///
/// Addition and negation wrap, like the fixed-width integers' `wrapping_*`: a sum of
/// insertions and retractions is exact as long as the true total fits, which every sum of
/// `i64` counts of 38-digit values does.
///
/// ```
/// use ember_operators::Int192;
/// let max = Int192::from(i128::MAX);
/// let twice = max.wrapping_add(max);
/// assert_eq!(twice.to_i128(), None);
/// assert_eq!(twice.to_string(), "340282366920938463463374607431768211454");
/// assert_eq!(twice.wrapping_add(max.wrapping_neg()).to_i128(), Some(i128::MAX));
/// assert_eq!(Int192::product(-(10i128.pow(38)), 3).to_string(), format!("-3{}", "0".repeat(38)));
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Int192 {
    // In this order, the derived comparisons are the numeric ones.
    high: i64,
    mid: u64,
    low: u64,
}

impl From<i128> for Int192 {
    fn from(v: i128) -> Self {
        Int192 {
            high: if v < 0 { -1 } else { 0 },
            mid: (v >> 64) as u64,
            low: v as u64,
        }
    }
}

impl From<i64> for Int192 {
    fn from(v: i64) -> Self {
        Int192::from(i128::from(v))
    }
}

impl Int192 {
    /// Zero.
    pub const ZERO: Int192 = Int192 {
        high: 0,
        mid: 0,
        low: 0,
    };

    /// `a × b`, exactly.
    pub fn product(a: i128, b: i64) -> Int192 {
        let (x, y) = (a.unsigned_abs(), u128::from(b.unsigned_abs()));
        let low_product = (x & u128::from(u64::MAX)) * y;
        let high_product = (x >> 64) * y;
        let middle = (low_product >> 64) + (high_product & u128::from(u64::MAX));
        let magnitude = Int192 {
            // Below 2^191: 2^127 × 2^63 = 2^190.
            high: ((high_product >> 64) + (middle >> 64)) as i64,
            mid: middle as u64,
            low: low_product as u64,
        };
        if (a < 0) != (b < 0) {
            magnitude.wrapping_neg()
        } else {
            magnitude
        }
    }

    /// `self + other`, wrapping at 192 bits.
    pub fn wrapping_add(self, other: Int192) -> Int192 {
        let (low, carry_low) = self.low.overflowing_add(other.low);
        let (mid, carry_a) = self.mid.overflowing_add(other.mid);
        let (mid, carry_b) = mid.overflowing_add(u64::from(carry_low));
        Int192 {
            high: self
                .high
                .wrapping_add(other.high)
                .wrapping_add(i64::from(carry_a) + i64::from(carry_b)),
            mid,
            low,
        }
    }

    /// `-self`, wrapping at 192 bits.
    pub fn wrapping_neg(self) -> Int192 {
        Int192 {
            high: !self.high,
            mid: !self.mid,
            low: !self.low,
        }
        .wrapping_add(Int192::from(1i64))
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        *self == Int192::ZERO
    }

    /// Whether it is below zero.
    pub fn is_negative(&self) -> bool {
        self.high < 0
    }

    /// The value as an `i128`, if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        // It fits when the high limb only extends the sign of the middle one.
        (self.high == (self.mid as i64) >> 63)
            .then(|| ((u128::from(self.mid) << 64) | u128::from(self.low)) as i128)
    }

    /// The value as an `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        self.to_i128().and_then(|v| i64::try_from(v).ok())
    }

    /// The value, if it has at most `digits` decimal digits (`digits <= 38`).
    pub fn within_digits(&self, digits: u8) -> Option<i128> {
        let bound = pow10(u32::from(digits))?;
        self.to_i128()
            .filter(|v| v.unsigned_abs() < bound.unsigned_abs())
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        match self.to_i128() {
            Some(v) => v as f64,
            None => {
                let limb = 2f64.powi(64);
                (self.high as f64 * limb + self.mid as f64) * limb + self.low as f64
            }
        }
    }

    /// The magnitude as limbs, most significant first.
    fn magnitude(&self) -> [u64; 3] {
        let m = if self.is_negative() {
            self.wrapping_neg()
        } else {
            *self
        };
        [m.high as u64, m.mid, m.low]
    }
}

/// `limbs / divisor` (limbs most significant first) and the remainder.
fn divide(limbs: [u64; 3], divisor: u64) -> ([u64; 3], u64) {
    let mut quotient = [0; 3];
    let mut remainder = 0u128;
    for (q, limb) in quotient.iter_mut().zip(limbs) {
        let current = (remainder << 64) | u128::from(limb);
        *q = (current / u128::from(divisor)) as u64;
        remainder = current % u128::from(divisor);
    }
    (quotient, remainder as u64)
}

/// The decimal digits of a magnitude, without sign.
fn digits_of(mut limbs: [u64; 3]) -> String {
    const CHUNK: u64 = 10_000_000_000_000_000_000;
    let mut chunks = Vec::new();
    loop {
        let (quotient, remainder) = divide(limbs, CHUNK);
        chunks.push(remainder);
        if quotient == [0; 3] {
            break;
        }
        limbs = quotient;
    }
    let mut text = chunks.pop().unwrap_or_default().to_string();
    for chunk in chunks.iter().rev() {
        text.push_str(&format!("{chunk:019}"));
    }
    text
}

impl fmt::Display for Int192 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.is_negative() { "-" } else { "" };
        write!(f, "{sign}{}", digits_of(self.magnitude()))
    }
}

impl fmt::Debug for Int192 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Spark's `[ARITHMETIC_OVERFLOW]` of an integral sum whose total does not fit a `bigint`
/// (Spark names `try_add` here, for `sum` and `sum(DISTINCT)` alike).
pub fn long_overflow() -> String {
    "[ARITHMETIC_OVERFLOW] overflow. Use 'try_add' to tolerate overflow and return NULL \
     instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. \
     SQLSTATE: 22003"
        .to_string()
}

/// Spark's `[ARITHMETIC_OVERFLOW]` of a decimal sum that does not fit its precision: what a
/// streaming (or grouped) `sum` or `avg` raises, naming `try_function`.
fn decimal_sum_overflow(try_function: &str) -> String {
    format!(
        "[ARITHMETIC_OVERFLOW] Overflow in sum of decimals. Use '{try_function}' to tolerate \
         overflow and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \
         \"false\" to bypass this error. SQLSTATE: 22003"
    )
}

/// Spark's `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]`: `value` (as Spark prints it) does
/// not fit `decimal(precision, scale)`.
pub fn decimal_out_of_range(value: &str, precision: u8, scale: u8) -> String {
    format!(
        "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  {value} cannot be represented as \
         Decimal({precision}, {scale}). If necessary set \"spark.sql.ansi.enabled\" to \
         \"false\" to bypass this error, and return NULL instead. SQLSTATE: 22003"
    )
}

/// The decimal sum `sum` (unscaled) as a `decimal(precision, scale)`, or Spark's error.
pub(crate) fn decimal_sum(sum: Int192, precision: u8, scale: u8) -> Result<crate::Decimal, String> {
    sum.within_digits(precision)
        .map(|unscaled| crate::Decimal::new(unscaled, scale))
        .ok_or_else(|| decimal_sum_overflow("try_sum"))
}

/// The places of the quotient Spark's message shows when an average does not fit its type.
const DIVISION_SCALE: u8 = 39;

/// The average `sum / count` of decimals of scale `input_scale`, as Spark 4.3 computes it:
/// the sum must fit `decimal(min(precision + 6, 38), input_scale)` (the sum's type,
/// `decimal(p + 10, s)` for an input `decimal(p, s)`), and the quotient, rounded `HALF_UP`
/// to `scale`, must fit the result type `decimal(precision, scale)`. `count` is positive.
pub(crate) fn decimal_average(
    sum: Int192,
    count: i64,
    precision: u8,
    scale: u8,
    input_scale: u8,
) -> Result<crate::Decimal, String> {
    let sum_precision = precision.saturating_add(6).min(crate::MAX_PRECISION);
    let Some(unscaled) = sum.within_digits(sum_precision) else {
        return Err(decimal_sum_overflow("try_avg"));
    };
    let count = count.unsigned_abs();
    let scale_up = 10i64
        .checked_pow(u32::from(scale.saturating_sub(input_scale)))
        .expect("invariant violated: an average's scale is at most 4 above its input's");
    // At most 38 + 4 digits: it fits 192 bits.
    let dividend = Int192::product(unscaled, scale_up);
    let (quotient, remainder) = divide(dividend.magnitude(), count);
    let round_up = 2 * u128::from(remainder) >= u128::from(count);
    let magnitude = Int192 {
        high: quotient[0] as i64,
        mid: quotient[1],
        low: quotient[2],
    }
    .wrapping_add(Int192::from(i64::from(round_up)));
    let average = if unscaled < 0 {
        magnitude.wrapping_neg()
    } else {
        magnitude
    };
    match average.within_digits(precision) {
        Some(average) => Ok(crate::Decimal::new(average, scale)),
        None => Err(decimal_out_of_range(
            &division_text(unscaled, count, input_scale),
            precision,
            scale,
        )),
    }
}

/// `sum / count` (`sum` unscaled at `scale`, `count` positive) cut to 39 places, as
/// Spark's message prints it.
fn division_text(sum: i128, count: u64, scale: u8) -> String {
    let (quotient, mut remainder) = divide(Int192::from(sum).magnitude(), count);
    let mut digits: Vec<u8> = digits_of(quotient).into_bytes();
    for _ in scale..DIVISION_SCALE {
        let next = u128::from(remainder) * 10;
        digits.push(b'0' + (next / u128::from(count)) as u8);
        remainder = (next % u128::from(count)) as u64;
    }
    let places = usize::from(DIVISION_SCALE);
    if digits.len() <= places {
        let mut padded = vec![b'0'; places + 1 - digits.len()];
        padded.extend(digits);
        digits = padded;
    }
    let point = digits.len() - places;
    let text = String::from_utf8(digits).expect("invariant violated: decimal digits are ASCII");
    let sign = if sum < 0 { "-" } else { "" };
    format!("{sign}{}.{}", &text[..point], &text[point..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(text: &str) -> Int192 {
        let negative = text.starts_with('-');
        let mut value = Int192::ZERO;
        for digit in text.trim_start_matches('-').bytes() {
            let times_ten = (0..10).fold(Int192::ZERO, |acc, _| acc.wrapping_add(value));
            value = times_ten.wrapping_add(Int192::from(i64::from(digit - b'0')));
        }
        if negative {
            value.wrapping_neg()
        } else {
            value
        }
    }

    #[test]
    fn adds_negates_and_prints_at_the_edges() {
        let max = Int192::from(i64::MAX);
        assert_eq!(max.wrapping_add(Int192::from(1i64)).to_i64(), None);
        assert_eq!(
            max.wrapping_add(Int192::from(1i64)).to_string(),
            "9223372036854775808"
        );
        let min = Int192::from(i64::MIN);
        assert_eq!(
            min.wrapping_add(Int192::from(-1i64)).to_string(),
            "-9223372036854775809"
        );
        assert_eq!(min.to_i64(), Some(i64::MIN));
        assert_eq!(Int192::from(i128::MIN).to_i128(), Some(i128::MIN));
        assert_eq!(Int192::from(i128::MIN).wrapping_neg().to_i128(), None);
        assert_eq!(
            Int192::from(i128::MIN).wrapping_neg().to_string(),
            "170141183460469231731687303715884105728"
        );
        // The largest total: 2^63 rows of -(10^38 - 1).
        let nines = 10i128.pow(38) - 1;
        let total = Int192::product(-nines, i64::MAX).wrapping_add(Int192::from(-nines));
        assert_eq!(
            total.to_string(),
            format!("-{}", big_product("9".repeat(38), 1 << 63))
        );
        assert_eq!(total.wrapping_add(total.wrapping_neg()), Int192::ZERO);
        assert!(Int192::from(-1i64) < Int192::ZERO && Int192::ZERO < max);
        assert!(total < Int192::from(i128::MIN));
        assert_eq!(big(&total.to_string()), total);
    }

    /// `a × b` by schoolbook multiplication of decimal strings.
    fn big_product(a: String, b: u128) -> String {
        let mut digits: Vec<u128> = a.bytes().rev().map(|d| u128::from(d - b'0')).collect();
        let mut carry = 0u128;
        for d in digits.iter_mut() {
            let v = *d * b + carry;
            *d = v % 10;
            carry = v / 10;
        }
        while carry > 0 {
            digits.push(carry % 10);
            carry /= 10;
        }
        digits.iter().rev().map(|d| d.to_string()).collect()
    }

    #[test]
    fn products_are_exact() {
        for (a, b) in [
            (i128::MAX, i64::MAX),
            (i128::MIN, i64::MIN),
            (i128::MIN, -1),
            (-7, 3),
            (10i128.pow(38) - 1, -2),
        ] {
            let sign = if (a < 0) != (b < 0) && a != 0 && b != 0 {
                "-"
            } else {
                ""
            };
            let expected = format!(
                "{sign}{}",
                big_product(a.unsigned_abs().to_string(), u128::from(b.unsigned_abs()))
            );
            assert_eq!(Int192::product(a, b).to_string(), expected, "{a} × {b}");
        }
    }

    #[test]
    fn within_digits_is_the_decimal_precision() {
        let nines = 10i128.pow(38) - 1;
        assert_eq!(Int192::from(nines).within_digits(38), Some(nines));
        assert_eq!(Int192::from(-nines).within_digits(38), Some(-nines));
        assert_eq!(Int192::from(nines + 1).within_digits(38), None);
        assert_eq!(Int192::from(999i64).within_digits(3), Some(999));
        assert_eq!(Int192::from(-1000i64).within_digits(3), None);
    }

    /// PySpark 4.3's results and messages for `avg` of decimals.
    #[test]
    fn decimal_averages_round_and_fail_as_spark() {
        // The average of `sum` (unscaled at `input_scale`) over `count` rows, as text.
        let average = |sum: i128, count, scale, input_scale| {
            decimal_average(Int192::from(sum), count, 38, scale, input_scale).map(|d| d.to_string())
        };
        let e34 = 10i128.pow(34);
        // avg of decimal(38,0) [1e34, 0, 0], [1e34, 0 × 6], [-1e34, 0, 0]: decimal(38,4).
        let thirds = "3333333333333333333333333333333333.3333";
        assert_eq!(average(e34, 3, 4, 0), Ok(thirds.to_string()));
        assert_eq!(average(-e34, 3, 4, 0), Ok(format!("-{thirds}")));
        assert_eq!(
            average(e34, 7, 4, 0),
            Ok("1428571428571428571428571428571428.5714".to_string())
        );
        // avg of decimal(34,2) [12345678901234567890123456789012.34, 0, 0]: decimal(38,6).
        assert_eq!(
            average(1234567890123456789012345678901234, 3, 6, 2),
            Ok("4115226300411522630041152263004.113333".to_string())
        );
        // avg of decimal(38,0) [1e34, 1e34] and of decimal(36,2) [10^34 - 0.01] × 2.
        let zeros = "0".repeat(39);
        assert_eq!(
            average(2 * e34, 2, 4, 0),
            Err(decimal_out_of_range(
                &format!("1{}.{zeros}", "0".repeat(34)),
                38,
                4
            ))
        );
        assert_eq!(
            average(2 * (10i128.pow(36) - 1), 2, 6, 2),
            Err(decimal_out_of_range(
                &format!("{}.99{}", "9".repeat(34), &zeros[2..]),
                38,
                6
            ))
        );
        // avg of decimal(38,0) [99999999999999999999999999999999999999] × 2, grouped.
        let sum = Int192::product(10i128.pow(38) - 1, 2);
        assert_eq!(
            decimal_average(sum, 2, 38, 4, 0).unwrap_err(),
            "[ARITHMETIC_OVERFLOW] Overflow in sum of decimals. Use 'try_avg' to tolerate \
             overflow and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \
             \"false\" to bypass this error. SQLSTATE: 22003"
        );
    }

    /// PySpark 4.3's averages at the largest scales, where `HALF_UP` at the result's scale
    /// shows: `avg` of `decimal(38,38)` and `decimal(38,37)` (results `decimal(38,38)`).
    #[test]
    fn decimal_averages_round_half_up_once() {
        let average = |sum: i64, count, input_scale| {
            decimal_average(Int192::from(sum), count, 38, 38, input_scale)
                .unwrap()
                .unscaled()
        };
        // 15e-38 / 2 = 7.5e-38; 149e-38 / 20 = 7.45e-38; 9e-38 / 20 = 0.45e-38.
        assert_eq!(average(15, 2, 38), 8);
        assert_eq!(average(149, 20, 38), 7);
        assert_eq!(average(9, 20, 38), 0);
        assert_eq!(average(-15, 2, 38), -8);
        // 1e-37 / 8 = 1.25e-38; 3e-37 / 8 = 3.75e-38.
        assert_eq!(average(1, 8, 37), 1);
        assert_eq!(average(3, 8, 37), 4);
    }

    /// The quotient in Spark's message is cut, not rounded, at 39 places.
    #[test]
    fn the_message_shows_the_quotient_cut_at_39_places() {
        let sum = 2 * 10i128.pow(35);
        let sixes = "6".repeat(35) + "." + &"6".repeat(39);
        assert_eq!(
            decimal_average(Int192::from(sum), 3, 38, 4, 0).unwrap_err(),
            decimal_out_of_range(&sixes, 38, 4)
        );
        assert_eq!(
            decimal_average(Int192::from(-sum), 3, 38, 4, 0).unwrap_err(),
            decimal_out_of_range(&format!("-{sixes}"), 38, 4)
        );
        // avg of decimal(38,2) [2000000000000000000000000000000000.50, 0, 0].
        assert_eq!(
            decimal_average(
                Int192::from(200000000000000000000000000000000050i128),
                3,
                38,
                6,
                2
            )
            .unwrap_err(),
            decimal_out_of_range(
                &format!("666666666666666666666666666666666.8{}", "3".repeat(38)),
                38,
                6
            )
        );
    }
}
