//! What the aggregates that keep a group's inputs compute from them: [`Dispersion`]
//! (variances and standard deviations, by Spark's Welford updates over the multiset of
//! values), distinct sums, sums and averages of doubles over an input that retracts rows, and
//! [`Arrival`], Ember's order for `first`, `last` and `collect_list`.

use serde::{Deserialize, Serialize};

use crate::{Time, Value};

/// One input of an arrival-ordered aggregate (`first`, `last`, `collect_list`) and when it
/// arrived.
///
/// Spark leaves the order of rows within a group undefined (`first` is "non-deterministic");
/// Ember defines it so that every worker count gives the same answer: inputs are ordered by
/// the batch they arrived in, then, within a batch, by value ([`Value`]'s order, `NULL`
/// first). The derived order compares `batch`, then `value`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Arrival {
    /// The batch the input arrived in.
    pub batch: Time,
    /// The input.
    pub value: Value,
}

impl Arrival {
    /// `value` arriving in `batch`; `None` for a `NULL` that is skipped.
    pub fn of(batch: Time, value: &Value, skip_null: bool) -> Option<Arrival> {
        (!(skip_null && value.is_null())).then(|| Arrival {
            batch,
            value: value.clone(),
        })
    }
}

/// The non-null inputs, each as often as it arrived, in arrival order, as an array.
pub(crate) fn list(arrivals: &[(Arrival, i64)]) -> Value {
    Value::Array(
        arrivals
            .iter()
            .flat_map(|(a, n)| std::iter::repeat_n(a.value.clone(), (*n).max(0) as usize))
            .collect(),
    )
}

/// The sum of the distinct integers of `values` (wrapping, as `sum`), `NULL` without any.
pub(crate) fn sum_long(values: &[(Value, i64)]) -> Result<Value, String> {
    if values.is_empty() {
        return Ok(Value::Null);
    }
    // Exact: fewer than 2^64 distinct values below 2^63 each.
    let sum: i128 = values.iter().map(|(v, _)| i128::from(integer(v))).sum();
    i64::try_from(sum)
        .map(Value::Long)
        .map_err(|_| crate::aggregate_exact::long_overflow())
}

/// The sum of the distinct numbers of `values`, added as [`sum_double`] adds, each once;
/// `NULL` without any.
pub(crate) fn sum_distinct_double(values: &[(Value, i64)]) -> Value {
    ascending_sum(values.iter().map(|(v, _)| (double(v), 1)))
        .map_or(Value::Null, |(sum, _)| Value::Double(sum))
}

/// `sum(e)` of the floats or doubles of the multiset `values` (sorted, with multiplicities),
/// `NULL` without any: see [`ascending_sum`].
pub(crate) fn sum_double(values: &[(Value, i64)]) -> Value {
    ascending_sum(copies(values)).map_or(Value::Null, |(sum, _)| Value::Double(sum))
}

/// `avg(e)` of the floats or doubles of the multiset `values`, as Spark's: their
/// [`sum_double`] over their number; `NULL` without any.
pub(crate) fn average_double(values: &[(Value, i64)]) -> Value {
    ascending_sum(copies(values)).map_or(Value::Null, |(sum, n)| Value::Double(sum / n as f64))
}

/// The values of a multiset as doubles, with their multiplicities (those not positive, which
/// a settled multiset does not hold, skipped).
fn copies(values: &[(Value, i64)]) -> impl Iterator<Item = (f64, i64)> + '_ {
    (values.iter())
        .filter(|(_, count)| *count > 0)
        .map(|(v, count)| (double(v), *count))
}

/// Spark's sum of doubles — its update `sum + x` from `0.0` (so that `-0.0`s sum to `0.0`) —
/// over `values`, ascending, each as many times as its count; and their number. `None`
/// without values.
///
/// Spark adds in the order its partitions see the rows, so its last digits depend on that
/// order; Ember's do not, whatever the worker count or the batches the rows came and went in:
/// the sum is a function of the values there are, as a recomputation over them would find it
/// (Spark's, for an input Spark reads in ascending order). A run of at least
/// [`SEQUENTIAL_COPIES`] equal values is added in one step, as their product, not one copy at
/// a time. Infinities and `NaN` follow IEEE arithmetic, as in Spark: `+inf` and `-inf` sum to
/// `NaN`, and once they are retracted the sum is finite again.
fn ascending_sum(values: impl Iterator<Item = (f64, i64)>) -> Option<(f64, i64)> {
    let mut total: Option<(f64, i64)> = None;
    for (x, count) in values {
        let (sum, n) = total.get_or_insert((0.0, 0));
        if count < SEQUENTIAL_COPIES {
            for _ in 0..count {
                *sum += x;
            }
        } else {
            *sum += x * count as f64;
        }
        *n += count;
    }
    total
}

/// An integral input (analysis lets no other reach an integer sum).
fn integer(value: &Value) -> i64 {
    value
        .as_i64()
        .unwrap_or_else(|| panic!("invariant violated: an integer sum of {value:?}"))
}

/// A numeric input as a `double`, as Spark casts the input of a statistic (analysis lets no
/// other type reach one).
fn double(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("invariant violated: a statistic of {value:?}"))
}

/// Which second-moment statistic an aggregate computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dispersion {
    /// `var_samp` (`variance`): `NULL` for fewer than two values.
    VarSamp,
    /// `var_pop`: `NULL` without values.
    VarPop,
    /// `stddev_samp` (`stddev`, `std`): the square root of `var_samp`.
    StddevSamp,
    /// `stddev_pop`: the square root of `var_pop`.
    StddevPop,
}

/// A run of equal values at least this long is added in one step (Chan's merge of a block of
/// equal values, or their product in a sum) instead of one update per copy.
const SEQUENTIAL_COPIES: i64 = 64;

impl Dispersion {
    /// The statistic of the multiset `values` (sorted, with multiplicities): the count, mean
    /// and sum of squared deviations are built with Spark's update (`CentralMomentAgg`), one
    /// value at a time in ascending order, so that the printed doubles are Spark's for an
    /// input Spark reads in that order. (Spark's own result depends on the order its
    /// partitions see the rows; Ember's does not, whatever the worker count.)
    pub(crate) fn of(self, values: &[(Value, i64)]) -> Value {
        let (mut n, mut avg, mut m2) = (0.0f64, 0.0f64, 0.0f64);
        for (value, count) in values.iter().filter(|(_, count)| *count > 0) {
            let x = double(value);
            if *count < SEQUENTIAL_COPIES {
                for _ in 0..*count {
                    n += 1.0;
                    let delta = x - avg;
                    let delta_n = delta / n;
                    avg += delta_n;
                    m2 += delta * (delta - delta_n);
                }
            } else {
                // Spark's merge of two buffers, the second `count` copies of `x`.
                let copies = *count as f64;
                let total = n + copies;
                let delta = x - avg;
                let delta_n = delta / total;
                avg += delta_n * copies;
                m2 += delta * delta_n * n * copies;
                n = total;
            }
        }
        let variance = match self {
            _ if n == 0.0 => return Value::Null,
            Dispersion::VarSamp | Dispersion::StddevSamp if n == 1.0 => return Value::Null,
            Dispersion::VarSamp | Dispersion::StddevSamp => m2 / (n - 1.0),
            Dispersion::VarPop | Dispersion::StddevPop => m2 / n,
        };
        Value::Double(match self {
            Dispersion::StddevSamp | Dispersion::StddevPop => variance.sqrt(),
            Dispersion::VarSamp | Dispersion::VarPop => variance,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longs(values: &[(i64, i64)]) -> Vec<(Value, i64)> {
        values.iter().map(|(v, n)| (Value::Long(*v), *n)).collect()
    }

    /// Spark 4.3 prints these for `[1, 2, 2]`: var_samp 0.33333333333333337, var_pop
    /// 0.22222222222222224, stddev 0.5773502691896258, stddev_pop 0.4714045207910317.
    #[test]
    fn dispersions_match_spark() {
        let values = longs(&[(1, 1), (2, 2)]);
        let of = |d: Dispersion| d.of(&values);
        assert_eq!(of(Dispersion::VarSamp), Value::Double(0.33333333333333337));
        assert_eq!(of(Dispersion::VarPop), Value::Double(0.22222222222222224));
        assert_eq!(
            of(Dispersion::StddevSamp),
            Value::Double(0.5773502691896258)
        );
        assert_eq!(of(Dispersion::StddevPop), Value::Double(0.4714045207910317));
        let one = longs(&[(5, 1)]);
        assert_eq!(Dispersion::VarSamp.of(&one), Value::Null);
        assert_eq!(Dispersion::StddevPop.of(&one), Value::Double(0.0));
        assert_eq!(Dispersion::VarPop.of(&[]), Value::Null);
    }

    /// A long run of equal values is merged in one step and gives the same statistic.
    #[test]
    fn long_runs_merge() {
        let values = longs(&[(3, 1000), (5, 1000)]);
        assert_eq!(Dispersion::VarPop.of(&values), Value::Double(1.0));
        assert_eq!(Dispersion::StddevPop.of(&values), Value::Double(1.0));
    }

    #[test]
    fn distinct_sums_and_lists() {
        assert_eq!(sum_long(&longs(&[(1, 3), (2, 1)])), Ok(Value::Long(3)));
        assert_eq!(sum_long(&[]), Ok(Value::Null));
        assert_eq!(
            sum_long(&longs(&[(i64::MAX, 1), (-5, 2)])),
            Ok(Value::Long(i64::MAX - 5))
        );
        assert_eq!(
            sum_long(&longs(&[(i64::MAX, 1), (1, 2)])),
            Err(crate::aggregate_exact::long_overflow())
        );
        assert_eq!(
            sum_distinct_double(&[(Value::Double(0.1), 2), (Value::Double(2.5), 1)]),
            Value::Double(2.6)
        );
        let arrival = |batch, v| {
            (
                Arrival {
                    batch,
                    value: Value::Long(v),
                },
                1,
            )
        };
        assert_eq!(
            list(&[
                arrival(0, 5),
                (
                    Arrival {
                        batch: 1,
                        value: Value::Long(2)
                    },
                    2
                )
            ]),
            Value::Array(vec![Value::Long(5), Value::Long(2), Value::Long(2)])
        );
        assert_eq!(Arrival::of(0, &Value::Null, true), None);
        assert!(Arrival::of(1, &Value::Long(9), false) > Arrival::of(0, &Value::Long(10), false));
    }
}
