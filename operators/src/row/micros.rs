//! The microsecond, the unit of timestamps and day-time intervals, and the larger units counted
//! in it.

/// Microseconds in a second.
pub const MICROS_PER_SECOND: i64 = 1_000_000;
/// Microseconds in a minute.
pub const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;
/// Microseconds in an hour.
pub const MICROS_PER_HOUR: i64 = 60 * MICROS_PER_MINUTE;
/// Microseconds in a day (of 24 hours: a day-time interval's day, a UTC day).
pub const MICROS_PER_DAY: i64 = 24 * MICROS_PER_HOUR;
