//! `approx_count_distinct`: Spark's HyperLogLog++ estimate (`HyperLogLogPlusPlusHelper`),
//! computed from a group's distinct values.
//!
//! The algorithm, with precision `p` (from the relative standard deviation asked for,
//! [`precision`]) and `m = 2^p` registers:
//! - each value is hashed with Spark's XxHash64, seed 42 ([`crate::spark_hash`]); the top `p`
//!   bits of the hash pick a register, and the register keeps the maximum over its values of
//!   the rank `1 + leading zeros` of the remaining bits (padded with a one bit at position
//!   `p - 1` from the bottom, so the rank is at most `65 - p`);
//! - the raw estimate is `E = alpha * m^2 / sum(2^-register)`; when some registers are zero,
//!   linear counting `H = m * ln(m / zeros)` is the answer if it is at most Spark's threshold
//!   for `p`, or if `E <= 2.5 m`; otherwise `E` minus its bias, the mean bias of the `K = 6`
//!   raw estimates of Spark's tables nearest to `E` (only when `p < 19` and `E < 5 m`);
//! - the answer is rounded half up (Java's `Math.round`).
//!
//! The registers are a maximum over the *set* of values, so computing them from the distinct
//! values at emit time gives Spark's answer exactly, and stays exact when values are
//! retracted.

mod tables;

use crate::spark_hash::{SparkHash, XxHash64, SEED};
use crate::Value;
use tables::{BIAS_DATA, RAW_ESTIMATE_DATA, THRESHOLDS};

/// The number of nearest raw estimates whose biases are averaged.
const K: usize = 6;

/// The largest precision Ember computes (Spark's registers take `2^p` words; `p` above this
/// asks for a relative standard deviation below 0.0003).
pub const MAX_PRECISION: u32 = 25;

/// The precision for relative standard deviation `rsd`, Spark's
/// `ceil(2 * log2(1.106 / rsd))`; `None` when it is below 4 (`rsd` above 0.39) or above
/// [`MAX_PRECISION`] (or `rsd` is not a positive number).
pub fn precision(rsd: f64) -> Option<u32> {
    let p = (2.0 * (1.106 / rsd).ln() / 2f64.ln()).ceil();
    (p >= 4.0 && p <= f64::from(MAX_PRECISION)).then_some(p as u32)
}

/// Spark's estimate of the number of distinct non-null values among `values` (each given
/// once or more; `NULL`s are skipped), with `precision` bits of register index (4 to
/// [`MAX_PRECISION`]).
pub fn estimate<'a>(precision: u32, values: impl IntoIterator<Item = &'a Value>) -> i64 {
    let p = precision;
    let m = 1usize << p;
    let mut registers = vec![0u8; m];
    let padding = 1u64 << (p - 1);
    for value in values.into_iter().filter(|v| !v.is_null()) {
        let x = XxHash64::value(value, SEED);
        let index = (x >> (64 - p)) as usize;
        let rank = (((x << p) | padding).leading_zeros() + 1) as u8;
        registers[index] = registers[index].max(rank);
    }
    // In register order, as Spark sums them (the sum's rounding depends on the order).
    let mut z_inverse = 0.0f64;
    let mut zeros = 0.0f64;
    for &register in &registers {
        z_inverse += 1.0 / (1u64 << register) as f64;
        if register == 0 {
            zeros += 1.0;
        }
    }
    let mf = m as f64;
    let alpha = match p {
        4 => 0.673,
        5 => 0.697,
        6 => 0.709,
        _ => 0.7213 / (1.0 + 1.079 / mf),
    };
    let e = alpha * mf * mf / z_inverse;
    let bias_corrected = || {
        if p < 19 && e < 5.0 * mf {
            e - bias(p, e)
        } else {
            e
        }
    };
    let estimate = if zeros > 0.0 {
        let h = mf * (mf / zeros).ln();
        if (p < 19 && h <= THRESHOLDS[p as usize - 4]) || e <= 2.5 * mf {
            h
        } else {
            bias_corrected()
        }
    } else {
        bias_corrected()
    };
    java_round(estimate)
}

/// The bias of raw estimate `e` at precision `p` (below 19): the mean bias of the `K` raw
/// estimates nearest to `e`.
fn bias(p: u32, e: f64) -> f64 {
    let estimates = RAW_ESTIMATE_DATA[p as usize - 4];
    let biases = BIAS_DATA[p as usize - 4];
    // The first estimate not below `e` (Java's `binarySearch` insertion point, or a match).
    let nearest = estimates.partition_point(|&x| x < e);
    let distance = |i: usize| (e - estimates[i]) * (e - estimates[i]);
    let mut low = (nearest + 1).saturating_sub(K);
    let mut high = (low + K).min(estimates.len());
    while high < estimates.len() && distance(high) < distance(low) {
        low += 1;
        high += 1;
    }
    biases[low..high].iter().sum::<f64>() / (high - low) as f64
}

/// Java's `Math.round`: the nearest integer, halves rounded up.
fn java_round(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longs(n: i64) -> Vec<Value> {
        (0..n).map(Value::Long).collect()
    }

    /// What PySpark 4.3 prints for `spark.range(n).agg(approx_count_distinct("id"[, rsd]))`
    /// and for strings, ints and doubles built from the ids.
    #[test]
    fn matches_spark() {
        let p = precision(0.05).unwrap();
        assert_eq!(p, 9);
        for (n, expected) in [
            (10, 10),
            (50, 52),
            (100, 103),
            (1000, 1026),
            (10000, 9571),
            (100000, 95546),
        ] {
            assert_eq!(estimate(p, &longs(n)), expected, "{n}");
        }
        for (n, rsd, expected) in [
            (1000, 0.01, 996),
            (1000, 0.1, 928),
            (1000, 0.3, 979),
            (10000, 0.01, 9965),
            (10000, 0.1, 9472),
            (10000, 0.3, 8019),
            (100000, 0.005, 100168),
        ] {
            let p = precision(rsd).unwrap();
            assert_eq!(estimate(p, &longs(n)), expected, "{n} {rsd}");
        }
        for (n, strings, doubles, ints) in [
            (10, 10, 10, 10),
            (100, 105, 99, 99),
            (1000, 1012, 963, 1026),
            (10000, 10219, 8590, 9823),
        ] {
            let s: Vec<Value> = (0..n).map(|i| Value::String(format!("a{i}"))).collect();
            assert_eq!(estimate(p, &s), strings, "strings {n}");
            let d: Vec<Value> = (0..n).map(|i| Value::Double(f64::from(i) / 2.0)).collect();
            assert_eq!(estimate(p, &d), doubles, "doubles {n}");
            let i: Vec<Value> = (0..n).map(Value::Int).collect();
            assert_eq!(estimate(p, &i), ints, "ints {n}");
        }
    }

    #[test]
    fn nulls_and_duplicates_do_not_count() {
        let values = [Value::Null, Value::Long(1), Value::Long(1), Value::Long(2)];
        assert_eq!(estimate(9, &values), 2);
        assert_eq!(estimate(9, &[]), 0);
    }

    #[test]
    fn precision_bounds() {
        assert_eq!(precision(0.39), Some(4));
        assert_eq!(precision(0.5), None);
        assert_eq!(precision(0.01), Some(14));
        assert_eq!(precision(0.0), None);
        assert_eq!(precision(-1.0), None);
        assert_eq!(precision(f64::NAN), None);
    }
}
