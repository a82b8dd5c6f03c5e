//! [`Decimal`]: the value of a `decimal(p,s)` cell — an unscaled integer and its scale.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// The largest precision (number of digits) of a decimal, as in Spark.
pub const MAX_PRECISION: u8 = 38;

/// A decimal number: `unscaled × 10^-scale`, self-describing (the scale travels with the
/// value; the precision lives in the column's type, `decimal(precision, scale)`).
///
/// The unscaled integer is kept as two 64-bit halves rather than an `i128`, so that a
/// [`Value`](crate::Value) stays 32 bytes with an 8-byte alignment.
///
/// Decimals compare by their numeric value, then by scale (`1.50` sorts right after `1.5`
/// and differs from it), so that equality, order, hashing and key encoding agree. The values
/// of one column share the column's scale (casts and arithmetic produce values of their
/// type's scale), so within a column this is numeric order and numeric equality.
///
/// ```
/// use ember_operators::Decimal;
/// let d = Decimal::new(-150, 2);
/// assert_eq!(d.to_string(), "-1.50");
/// assert_eq!(d.unscaled(), -150);
/// assert!(Decimal::new(15, 1) > Decimal::new(149, 2));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Decimal {
    low: u64,
    high: i64,
    scale: u8,
}

impl Decimal {
    /// The decimal `unscaled × 10^-scale`.
    pub fn new(unscaled: i128, scale: u8) -> Decimal {
        Decimal {
            low: unscaled as u64,
            high: (unscaled >> 64) as i64,
            scale,
        }
    }

    /// The unscaled integer.
    pub fn unscaled(&self) -> i128 {
        (i128::from(self.high) << 64) | i128::from(self.low)
    }

    /// The number of digits after the decimal point.
    pub fn scale(&self) -> u8 {
        self.scale
    }

    /// The number of digits of the unscaled integer (at least 1), as Java's
    /// `BigDecimal.precision` counts them.
    pub fn digits(&self) -> u8 {
        digits(self.unscaled().unsigned_abs())
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        // Through the text, which Rust parses to the nearest double exactly.
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

/// The number of decimal digits of `n` (1 for 0).
pub fn digits(n: u128) -> u8 {
    let mut count = 1;
    let mut n = n / 10;
    while n > 0 {
        count += 1;
        n /= 10;
    }
    count
}

/// `10^exponent`, if it fits an `i128` (`exponent <= 38`).
pub fn pow10(exponent: u32) -> Option<i128> {
    10i128.checked_pow(exponent)
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.unscaled(), other.unscaled());
        let numeric = match self.scale.cmp(&other.scale) {
            Ordering::Equal => a.cmp(&b),
            Ordering::Less => compare_scaled(a, u32::from(other.scale - self.scale), b),
            Ordering::Greater => {
                compare_scaled(b, u32::from(self.scale - other.scale), a).reverse()
            }
        };
        numeric.then(self.scale.cmp(&other.scale))
    }
}

/// Compares `a × 10^up` with `b`; when the product overflows, its sign decides.
fn compare_scaled(a: i128, up: u32, b: i128) -> Ordering {
    match pow10(up).and_then(|p| a.checked_mul(p)) {
        Some(scaled) => scaled.cmp(&b),
        None if a < 0 => Ordering::Less,
        None => Ordering::Greater,
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    /// The plain text with exactly `scale` digits after the point (Java's
    /// `BigDecimal.toPlainString`), as Spark shows and writes decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unscaled = self.unscaled();
        let digits = unscaled.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        let sign = if unscaled < 0 { "-" } else { "" };
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = if digits.len() <= scale {
            format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
        } else {
            digits
        };
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{whole}.{fraction}")
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unscaled_round_trips_through_the_halves() {
        for n in [
            0,
            1,
            -1,
            i128::MAX,
            i128::MIN,
            10i128.pow(38) - 1,
            -(1 << 64),
        ] {
            assert_eq!(Decimal::new(n, 3).unscaled(), n);
        }
    }

    #[test]
    fn text_is_plain_with_the_scale() {
        assert_eq!(Decimal::new(0, 0).to_string(), "0");
        assert_eq!(Decimal::new(0, 2).to_string(), "0.00");
        assert_eq!(Decimal::new(5, 3).to_string(), "0.005");
        assert_eq!(Decimal::new(-5, 3).to_string(), "-0.005");
        assert_eq!(Decimal::new(12345, 2).to_string(), "123.45");
        assert_eq!(Decimal::new(-10, 0).to_string(), "-10");
    }

    #[test]
    fn order_is_numeric_then_by_scale() {
        assert!(Decimal::new(150, 2) > Decimal::new(15, 1));
        assert!(Decimal::new(151, 2) > Decimal::new(15, 1));
        assert!(Decimal::new(149, 2) < Decimal::new(15, 1));
        assert!(Decimal::new(-1, 0) < Decimal::new(-(10i128.pow(37)), 38));
        assert!(Decimal::new(i128::MAX / 2, 0) > Decimal::new(1, 38));
        assert_eq!(Decimal::new(7, 1).digits(), 1);
        assert_eq!(Decimal::new(-1234, 1).digits(), 4);
    }
}
