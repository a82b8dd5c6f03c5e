//! Helpers shared by the benchmarks (`mod common;` in each bench target).

use std::time::Duration;

/// The `p`-th percentile (`0.0 < p <= 1.0`) of `samples` by the nearest-rank method, in
/// milliseconds; `0.0` when there are no samples.
pub fn percentile_ms(samples: &[Duration], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}
