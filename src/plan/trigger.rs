//! [`Trigger`]: when a streaming query runs its next batch.

use std::time::Duration;

use crate::error::Result;
use crate::interval::parse_interval;

/// When the next batch runs, as Spark's `Trigger`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// Start a batch every interval (Spark's `processingTime`), if there is new data; an
    /// interval of zero (the default) starts the next batch as soon as the previous one is
    /// done. The interval is a string such as `"2 seconds"`, checked at `start()`.
    ProcessingTime(String),
    /// Process everything available when the query starts, in as many batches as the
    /// source's limits need (e.g. `maxFilesPerTrigger`), then stop.
    AvailableNow,
    /// Process everything available when the query starts in one batch, then stop.
    Once,
}

impl Default for Trigger {
    fn default() -> Self {
        Trigger::ProcessingTime("0 seconds".into())
    }
}

impl Trigger {
    /// `Trigger::ProcessingTime(interval)`.
    ///
    /// ```
    /// use ember::Trigger;
    /// assert_eq!(Trigger::processing_time("2 seconds"), Trigger::ProcessingTime("2 seconds".into()));
    /// ```
    pub fn processing_time(interval: impl Into<String>) -> Self {
        Trigger::ProcessingTime(interval.into())
    }

    /// The trigger in the form the driver runs.
    pub(crate) fn resolve(&self) -> Result<TriggerPlan> {
        Ok(match self {
            Trigger::ProcessingTime(interval) => TriggerPlan::Every(parse_interval(interval)?),
            Trigger::AvailableNow => TriggerPlan::AvailableNow,
            Trigger::Once => TriggerPlan::Once,
        })
    }
}

/// A validated trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TriggerPlan {
    Every(Duration),
    AvailableNow,
    Once,
}

impl std::str::FromStr for Trigger {
    type Err = crate::Error;

    /// Parses a command-line trigger: `available-now`, `once`, or a processing-time interval
    /// such as `2 seconds` (checked here, so a typo fails before the query starts).
    ///
    /// ```
    /// use ember::Trigger;
    /// assert_eq!("available-now".parse::<Trigger>().unwrap(), Trigger::AvailableNow);
    /// assert_eq!("2 seconds".parse::<Trigger>().unwrap(), Trigger::processing_time("2 seconds"));
    /// assert!("2 secnds".parse::<Trigger>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "available-now" | "availablenow" => Ok(Trigger::AvailableNow),
            "once" => Ok(Trigger::Once),
            _ => {
                parse_interval(s)?;
                Ok(Trigger::ProcessingTime(s.to_string()))
            }
        }
    }
}
