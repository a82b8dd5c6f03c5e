//! Helpers shared by the benchmarks (`mod common;` in each bench target).
// Each bench uses its own subset of these.
#![allow(dead_code)]

use std::collections::HashMap;
use std::error::Error;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Errors of a benchmark harness.
pub type BoxResult<T> = Result<T, Box<dyn Error>>;

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

/// The median of `values` (the mean of the middle two for an even count; `NaN` for none).
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The median, over rounds, of `a`'s rate over `b`'s in the same round: runs of one round
/// are seconds apart, so a slow spell of the machine that spans a round cancels out.
pub fn paired_ratio(a: &[f64], b: &[f64]) -> f64 {
    median(a.iter().zip(b).map(|(x, y)| x / y).collect())
}

/// Peak resident memory of this process (`VmHWM`), in MiB.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// `target/` of this build: a bench binary is `target/<profile>/deps/<bench>-<hash>`.
pub fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            let deps = exe.parent()?;
            (deps.file_name()? == "deps").then(|| deps.parent()?.parent().map(Path::to_path_buf))?
        })
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The machine's CPUs and load average, for the header of a bench's output.
pub fn machine_line() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "machine: {cpus} cpus, load average {load} (other work on the machine skews the figures)"
    )
}

/// Share `index` of `peers` of a file's lines: the lines that start in the `index`-th of
/// `peers` equal byte ranges. Reads only that range (and the end of its last line).
pub fn read_range(path: &Path, index: usize, peers: usize) -> String {
    use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
    let fail = |e: std::io::Error| -> ! { panic!("{}: {e}", path.display()) };
    let file = std::fs::File::open(path).unwrap_or_else(|e| fail(e));
    let len = file.metadata().unwrap_or_else(|e| fail(e)).len();
    let (start, end) = (
        len * index as u64 / peers as u64,
        len * (index as u64 + 1) / peers as u64,
    );
    let mut reader = BufReader::new(file);
    let mut position = 0;
    if start > 0 {
        // Skip the line that starts before `start`: its owner reads it.
        reader
            .seek(SeekFrom::Start(start - 1))
            .unwrap_or_else(|e| fail(e));
        let mut skipped = Vec::new();
        let n = reader
            .read_until(b'\n', &mut skipped)
            .unwrap_or_else(|e| fail(e));
        position = start - 1 + n as u64;
    }
    let mut text = Vec::new();
    if position < end {
        (&mut reader)
            .take(end - position)
            .read_to_end(&mut text)
            .unwrap_or_else(|e| fail(e));
        if text.last() != Some(&b'\n') {
            reader
                .read_until(b'\n', &mut text)
                .unwrap_or_else(|e| fail(e));
        }
    }
    String::from_utf8(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A hash map with the Fx hasher.
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// rustc's Fx hasher: a multiply and a rotate per 8 bytes. Fast on short keys such as
/// words; not DoS-resistant.
#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while bytes.len() >= 8 {
            let (head, rest) = bytes.split_at(8);
            self.add(u64::from_le_bytes(head.try_into().expect("8 bytes")));
            bytes = rest;
        }
        if bytes.len() >= 4 {
            let (head, rest) = bytes.split_at(4);
            self.add(u64::from(u32::from_le_bytes(
                head.try_into().expect("4 bytes"),
            )));
            bytes = rest;
        }
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}
