//! `format("rate")`: generated rows `(timestamp, value)` at a steady rate, as Spark's
//! `RateStreamMicroBatchStream`.
//!
//! The source's offset is whole seconds since it started. Batch 0 covers second 0 to the
//! seconds elapsed when it is planned (so it is empty unless the query was slow to start);
//! every later batch covers the seconds elapsed since the previous one and runs once at least
//! one more second has passed. The values of seconds `[s0, s1)` are `value_at_second(s0)..
//! value_at_second(s1)` (with `rampUpTime` the rate grows linearly to `rowsPerSecond`), and
//! value `v` has timestamp `start + s0 seconds + round((v - first) * span / count)` ms: the
//! batch's values spread evenly over its seconds. The driver plans the range; each worker
//! generates its own values (`v % workers == worker`), so no data is shipped.

use ember_operators::{Row, Value};
use serde::{Deserialize, Serialize};

use std::sync::Arc;

use ember_operators::{
    DataType, Field, Schema, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND,
};

use super::connector::{
    parse_offsets, to_offsets, Offsets, Resume, Share, Source, SourceDriver, SourceProvider,
    SourceRequest,
};
use crate::error::{Error, Result};
use crate::options::OptionMap;
use crate::time_zone::now_ms;

/// `format("rate")`.
pub(crate) struct RateProvider;

impl SourceProvider for RateProvider {
    fn format(&self) -> &str {
        "rate"
    }

    fn create(&self, request: SourceRequest) -> Result<Arc<dyn Source>> {
        request.refuse_schema("RateStreamProvider")?;
        request.refuse_path("rate")?;
        Ok(Arc::new(RateOptions::parse(request.options)?))
    }
}

impl Source for RateOptions {
    fn schema(&self) -> Schema {
        Schema::new(vec![
            Field::new("timestamp", DataType::Timestamp),
            Field::new("value", DataType::Long),
        ])
    }

    fn describe(&self) -> String {
        format!(
            "rate[rowsPerSecond={}, rampUpTimeSeconds={}]",
            self.rows_per_second, self.ramp_up_seconds
        )
    }

    fn open(&self) -> Result<Box<dyn SourceDriver>> {
        Ok(Box::new(RateSource::new(self.clone())))
    }

    /// Values are generated where they are read: value `v` on worker `v % workers`.
    fn read_share(
        &self,
        offsets: &Offsets,
        share: Share,
        _driver: Option<&mut dyn SourceDriver>,
    ) -> Result<Vec<Row>> {
        let batch: RateBatch = parse_offsets(&self.describe(), offsets)?;
        Ok(batch.rows(share.worker, share.peers))
    }
}

/// The options of `format("rate")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateOptions {
    /// `rowsPerSecond` (default 1).
    pub rows_per_second: i64,
    /// `rampUpTime`, in whole seconds (default 0): how long until the rate reaches
    /// `rowsPerSecond`.
    pub ramp_up_seconds: i64,
    /// `numPartitions`: accepted and checked, but Ember's partitions are its workers.
    pub num_partitions: Option<usize>,
    /// `ember.startTimeMs` (Ember only, for tests): the source's start time in milliseconds
    /// since the epoch, instead of the wall clock's when the query starts.
    pub start_time_ms: Option<i64>,
    /// `ember.secondsPerBatch` (Ember only, for tests): each batch after batch 0 covers exactly
    /// this many seconds, planned at once instead of waiting for the wall clock.
    pub seconds_per_batch: Option<i64>,
}

const VALID_OPTIONS: &[&str] = &[
    "rowsPerSecond",
    "rampUpTime",
    "numPartitions",
    "ember.startTimeMs",
    "ember.secondsPerBatch",
];

impl RateOptions {
    pub(crate) fn parse(mut options: OptionMap) -> Result<Self> {
        let number = |options: &mut OptionMap, key: &str| -> Result<Option<i64>> {
            options
                .take(key)
                .map(|v| {
                    v.trim().parse::<i64>().map_err(|_| {
                        Error::InvalidArgument(format!(
                            "Invalid value '{v}' for option '{key}', must be an integer"
                        ))
                    })
                })
                .transpose()
        };
        let rows_per_second = number(&mut options, "rowsPerSecond")?.unwrap_or(1);
        if rows_per_second <= 0 {
            return Err(Error::InvalidArgument(format!(
                "Invalid value '{rows_per_second}'. The option 'rowsPerSecond' must be positive"
            )));
        }
        let ramp_up_seconds = match options.take("rampUpTime") {
            None => 0,
            Some(v) => time_string_as_seconds(&v).ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "Invalid value '{v}' for option 'rampUpTime': Time must be specified as \
                     seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour \
                     (h), or day (d). E.g. 50s, 100ms, or 250us."
                ))
            })?,
        };
        if ramp_up_seconds < 0 {
            return Err(Error::InvalidArgument(format!(
                "Invalid value '{ramp_up_seconds}'. The option 'rampUpTime' must not be negative"
            )));
        }
        let max_seconds = i64::MAX / rows_per_second;
        if ramp_up_seconds > max_seconds {
            return Err(Error::InvalidArgument(format!(
                "Integer overflow. Max offset with {rows_per_second} rowsPerSecond is \
                 {max_seconds}, but 'rampUpTimeSeconds' is {ramp_up_seconds}."
            )));
        }
        let num_partitions = match number(&mut options, "numPartitions")? {
            Some(n) if n <= 0 => {
                return Err(Error::InvalidArgument(format!(
                    "Invalid value '{n}'. The option 'numPartitions' must be positive"
                )))
            }
            n => n.map(|n| n as usize),
        };
        let start_time_ms = number(&mut options, "ember.startTimeMs")?;
        let seconds_per_batch = match number(&mut options, "ember.secondsPerBatch")? {
            Some(n) if n <= 0 => {
                return Err(Error::InvalidArgument(format!(
                    "Invalid value '{n}' for option 'ember.secondsPerBatch', must be positive"
                )))
            }
            n => n,
        };
        options.finish("the rate source", VALID_OPTIONS)?;
        Ok(RateOptions {
            rows_per_second,
            ramp_up_seconds,
            num_partitions,
            start_time_ms,
            seconds_per_batch,
        })
    }
}

/// Spark's `JavaUtils.timeStringAsSec`: a number with an optional unit (`us`, `ms`, `s`, `m`,
/// `min`, `h`, `d`; seconds without one), truncated to whole seconds.
fn time_string_as_seconds(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    let digits_end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(t.len(), |(i, _)| i);
    let number: i64 = t[..digits_end].parse().ok()?;
    let micros_per_unit: i64 = match &t[digits_end..] {
        "us" => 1,
        "ms" => 1_000,
        "" | "s" => MICROS_PER_SECOND,
        "m" | "min" => MICROS_PER_MINUTE,
        "h" => MICROS_PER_HOUR,
        "d" => MICROS_PER_DAY,
        _ => return None,
    };
    Some(number.checked_mul(micros_per_unit)? / MICROS_PER_SECOND)
}

/// The first value not yet emitted at `seconds` after the start (Spark's `valueAtSecond`).
pub(crate) fn value_at_second(seconds: i64, rows_per_second: i64, ramp_up_seconds: i64) -> i64 {
    let speed_delta_per_second = rows_per_second / (ramp_up_seconds + 1);
    if seconds <= ramp_up_seconds {
        // (speed_delta * seconds) * (seconds + 1) / 2, ordered to avoid overflow.
        if seconds % 2 == 1 {
            (seconds + 1) / 2 * speed_delta_per_second * seconds
        } else {
            seconds / 2 * speed_delta_per_second * (seconds + 1)
        }
    } else {
        let ramp_up_part = value_at_second(ramp_up_seconds, rows_per_second, ramp_up_seconds);
        ramp_up_part + (seconds - ramp_up_seconds) * rows_per_second
    }
}

/// What one rate batch generates: values `start..end`, timestamps from `start_ms` over
/// `span_ms`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateBatch {
    /// The first value.
    pub start: i64,
    /// One past the last value.
    pub end: i64,
    /// The timestamp of `start`, in milliseconds since the epoch.
    pub start_ms: i64,
    /// The milliseconds the batch's values spread over.
    pub span_ms: i64,
    /// The batch's first second since the source started (Spark's start offset).
    #[serde(default)]
    pub start_second: i64,
    /// One past its last second (Spark's end offset).
    #[serde(default)]
    pub end_second: i64,
}

impl RateBatch {
    /// This worker's rows: the values `v` with `v % peers == worker`.
    pub(crate) fn rows(&self, worker: usize, peers: usize) -> Vec<Row> {
        if self.end <= self.start {
            return Vec::new();
        }
        let ms_per_value = self.span_ms as f64 / (self.end - self.start) as f64;
        let peers = peers as i64;
        let first = self.start + (worker as i64 - self.start).rem_euclid(peers);
        (first..self.end)
            .step_by(peers as usize)
            .map(|v| {
                // Java's Math.round: half up.
                let relative = ((v - self.start) as f64 * ms_per_value + 0.5).floor() as i64;
                Row::new(vec![
                    Value::Timestamp((self.start_ms + relative) * 1000),
                    Value::Long(v),
                ])
            })
            .collect()
    }
}

/// The driver's half: plans each batch as a range of seconds since the start.
struct RateSource {
    options: RateOptions,
    start_ms: i64,
    /// Seconds planned so far (the end offset of the last batch).
    planned: i64,
    started: bool,
    /// With `Trigger::AvailableNow`: the last offset to plan.
    frozen_at: Option<i64>,
}

impl RateSource {
    fn new(options: RateOptions) -> Self {
        RateSource {
            start_ms: options.start_time_ms.unwrap_or_else(now_ms),
            options,
            planned: 0,
            started: false,
            frozen_at: None,
        }
    }

    /// Whole seconds since the start (Spark's `latestOffset`).
    fn latest_offset(&self) -> i64 {
        match self.options.seconds_per_batch {
            Some(step) if self.started => self.planned + step,
            Some(_) => 0,
            None => (now_ms() - self.start_ms).max(0) / 1000,
        }
    }
}

impl SourceDriver for RateSource {
    fn next_batch(&mut self) -> Result<Option<Offsets>> {
        let mut end = self.latest_offset();
        if let Some(frozen) = self.frozen_at {
            end = end.min(frozen);
        }
        if self.started && end <= self.planned {
            return Ok(None);
        }
        let rate = self.options.rows_per_second;
        let max_seconds = i64::MAX / rate;
        if end > max_seconds {
            return Err(Error::Source(format!(
                "Integer overflow. Max offset with {rate} rowsPerSecond is {max_seconds}, but \
                 it's {end} now."
            )));
        }
        let batch = self.batch(self.planned, end);
        self.started = true;
        self.planned = end;
        Ok(Some(to_offsets(&batch)))
    }

    fn empty_batch(&self) -> Offsets {
        to_offsets(&self.batch(self.planned, self.planned))
    }

    fn freeze_available(&mut self, _one_batch: bool) -> Result<()> {
        self.frozen_at = Some(self.latest_offset());
        Ok(())
    }

    fn is_exhausted(&self) -> bool {
        self.started && Some(self.planned) == self.frozen_at
    }

    /// Continues after the last batch an earlier run planned, with its start time, so that
    /// values go on where they stopped and none comes twice.
    fn resume(&mut self, earlier: Resume) -> Result<()> {
        if let Some(last) = &earlier.last {
            let last: RateBatch = parse_offsets("rate", last)?;
            self.start_ms = last.start_ms - last.start_second * 1000;
            self.planned = last.end_second;
            self.started = true;
        }
        Ok(())
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

impl RateSource {
    /// The batch of seconds `start..end` since the source started.
    fn batch(&self, start: i64, end: i64) -> RateBatch {
        let (rate, ramp) = (self.options.rows_per_second, self.options.ramp_up_seconds);
        RateBatch {
            start: value_at_second(start, rate, ramp),
            end: value_at_second(end, rate, ramp),
            start_ms: self.start_ms + start * 1000,
            span_ms: (end - start) * 1000,
            start_second: start,
            end_second: end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(pairs: &[(&str, &str)]) -> Result<RateOptions> {
        let mut map = OptionMap::default();
        for (k, v) in pairs {
            map.set(k, v.to_string());
        }
        RateOptions::parse(map)
    }

    #[test]
    fn values_ramp_up_like_spark() {
        // Spark's own example: rampUpTime 4s, 10 rows per second.
        let ends: Vec<i64> = (0..=6).map(|s| value_at_second(s, 10, 4)).collect();
        assert_eq!(ends, [0, 2, 6, 12, 20, 30, 40]);
        let ends: Vec<i64> = (0..=3).map(|s| value_at_second(s, 3, 0)).collect();
        assert_eq!(ends, [0, 3, 6, 9]);
    }

    #[test]
    fn timestamps_spread_over_the_batch() {
        // PySpark 4.3, rowsPerSecond 3: .063, .396, .73 after the start second.
        let batch = RateBatch {
            start: 0,
            end: 3,
            start_ms: 1_000_063,
            span_ms: 1000,
            start_second: 0,
            end_second: 1,
        };
        let rows = batch.rows(0, 1);
        let ts: Vec<Value> = rows.iter().map(|r| r.get(0).clone()).collect();
        assert_eq!(
            ts,
            [
                Value::Timestamp(1_000_063_000),
                Value::Timestamp(1_000_396_000),
                Value::Timestamp(1_000_730_000)
            ]
        );
        // Workers share the values by `v % peers`.
        let batch = RateBatch {
            start: 3,
            end: 8,
            start_ms: 0,
            span_ms: 1000,
            start_second: 1,
            end_second: 2,
        };
        let values =
            |w| -> Vec<Value> { batch.rows(w, 2).iter().map(|r| r.get(1).clone()).collect() };
        assert_eq!(values(0), [Value::Long(4), Value::Long(6)]);
        assert_eq!(values(1), [Value::Long(3), Value::Long(5), Value::Long(7)]);
        assert_eq!(
            batch.rows(0, 2)[0].get(0),
            &Value::Timestamp(200_000),
            "value 4 is 1/5 of the way"
        );
    }

    #[test]
    fn batches_start_empty_then_cover_elapsed_seconds() {
        let mut source = RateSource::new(
            options(&[
                ("rowsPerSecond", "2"),
                ("ember.startTimeMs", "5000"),
                ("ember.secondsPerBatch", "1"),
            ])
            .unwrap(),
        );
        let batch = |s: &mut RateSource| -> RateBatch {
            parse_offsets("rate", &s.next_batch().unwrap().unwrap()).unwrap()
        };
        assert_eq!(
            batch(&mut source),
            RateBatch {
                start: 0,
                end: 0,
                start_ms: 5000,
                span_ms: 0,
                start_second: 0,
                end_second: 0
            }
        );
        assert_eq!(
            batch(&mut source),
            RateBatch {
                start: 0,
                end: 2,
                start_ms: 5000,
                span_ms: 1000,
                start_second: 0,
                end_second: 1
            }
        );
        assert_eq!(
            batch(&mut source),
            RateBatch {
                start: 2,
                end: 4,
                start_ms: 6000,
                span_ms: 1000,
                start_second: 1,
                end_second: 2
            }
        );
        // AvailableNow with the wall clock: batch 0 (empty), then nothing.
        let mut source = RateSource::new(options(&[]).unwrap());
        source.freeze_available(false).unwrap();
        assert!(source.next_batch().unwrap().is_some());
        assert!(source.is_exhausted());
        assert_eq!(source.next_batch().unwrap(), None);
    }

    #[test]
    fn a_restarted_source_continues_after_its_last_batch() {
        let opts = || {
            options(&[
                ("rowsPerSecond", "5"),
                ("ember.startTimeMs", "1000"),
                ("ember.secondsPerBatch", "1"),
            ])
            .unwrap()
        };
        let mut first = RateSource::new(opts());
        let mut last = None;
        for _ in 0..3 {
            last = first.next_batch().unwrap();
        }
        // A new run (of a query whose start time is now) resumes from the logged offsets.
        let mut options = opts();
        options.start_time_ms = Some(99_000);
        let mut second = RateSource::new(options);
        second
            .resume(Resume {
                last,
                history: Vec::new(),
            })
            .unwrap();
        let next: RateBatch =
            parse_offsets("rate", &second.next_batch().unwrap().unwrap()).unwrap();
        assert_eq!((next.start, next.end), (10, 15), "values go on; none twice");
        assert_eq!(next.start_ms, 3000, "and so do their timestamps");
    }

    #[test]
    fn option_errors_are_sparks() {
        let err = |pairs: &[(&str, &str)]| options(pairs).unwrap_err().to_string();
        assert_eq!(
            err(&[("rowsPerSecond", "0")]),
            "Invalid value '0'. The option 'rowsPerSecond' must be positive"
        );
        assert_eq!(
            err(&[("rampUpTime", "-1s")]),
            "Invalid value '-1'. The option 'rampUpTime' must not be negative"
        );
        assert_eq!(
            err(&[("numPartitions", "0")]),
            "Invalid value '0'. The option 'numPartitions' must be positive"
        );
        assert!(err(&[("rampUpTime", "5 parsecs")]).starts_with("Invalid value '5 parsecs'"));
        assert!(err(&[("bogus", "1")]).starts_with("Unknown option 'bogus' for the rate source"));
        let o = options(&[("rampUpTime", "2min"), ("numPartitions", "4")]).unwrap();
        assert_eq!(o.ramp_up_seconds, 120);
        assert_eq!(time_string_as_seconds("1500ms"), Some(1));
        assert_eq!(time_string_as_seconds("10"), Some(10));
    }
}
