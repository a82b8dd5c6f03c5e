//! [`Value`]: one cell of a row, with Spark's SQL types.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

use super::decimal::Decimal;
use std::hash::{Hash, Hasher};

/// One cell of a [`Row`](crate::Row): a value of one of the SQL types Spark streaming queries use.
///
/// Values are totally ordered (nulls first, then by type, then by value) and hashable, so rows
/// can be grouping keys and arrangement keys. Doubles compare by IEEE total order after Spark's
/// normalisation (`-0.0` equals `0.0`, every NaN equals every other NaN), as Spark does for
/// grouping keys; floats likewise. Decimals compare by numeric value, then by scale (see
/// [`Decimal`]). A value is 32 bytes.
///
/// ```
/// use ember_operators::Value;
/// assert!(Value::Null < Value::Long(0));
/// assert_eq!(Value::Double(-0.0), Value::Double(0.0));
/// assert_eq!(Value::from("hi"), Value::String("hi".into()));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// `boolean`.
    Boolean(bool),
    /// `int` (32-bit).
    Int(i32),
    /// `bigint` (64-bit).
    Long(i64),
    /// `double`.
    Double(f64),
    /// `string`.
    String(String),
    /// `timestamp`: microseconds since 1970-01-01 00:00:00 UTC.
    Timestamp(i64),
    /// `date`: days since 1970-01-01.
    Date(i32),
    /// `array<T>`.
    Array(Vec<Value>),
    /// `struct<..>`: the field values, in the order of the struct type's fields.
    Struct(Vec<Value>),
    /// `tinyint` (8-bit).
    Byte(i8),
    /// `smallint` (16-bit).
    Short(i16),
    /// `float` (32-bit floating point).
    Float(f32),
    /// `decimal(p,s)`: the unscaled integer and its scale (the precision is the type's).
    Decimal(Decimal),
    /// `binary`: a byte string.
    Binary(Vec<u8>),
    /// `map<k,v>`: the entries in insertion order, as Spark keeps them (keys are distinct).
    Map(Vec<(Value, Value)>),
    /// `timestamp_ntz`: microseconds since 1970-01-01 00:00:00 of a wall clock, without a
    /// time zone.
    TimestampNtz(i64),
    /// An ANSI interval of the type: microseconds (day-time) or months (year-month).
    Interval(i64, super::IntervalType),
}

impl Value {
    /// Whether this is SQL `NULL`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string inside a `string` value, or `None` for any other value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// An integral number (`tinyint`, `smallint`, `int`, `bigint`) as an `i64`, or `None` for
    /// any other value.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Byte(i) => Some(i64::from(*i)),
            Value::Short(i) => Some(i64::from(*i)),
            Value::Int(i) => Some(i64::from(*i)),
            Value::Long(i) => Some(*i),
            _ => None,
        }
    }

    /// A number as a `double`, as Spark casts it (integral types, `float`, `double`,
    /// `decimal`), or `None` for any other value.
    ///
    /// ```
    /// use ember_operators::{Decimal, Value};
    /// assert_eq!(Value::Float(1.5).as_f64(), Some(1.5));
    /// assert_eq!(Value::Decimal(Decimal::new(150, 2)).as_f64(), Some(1.5));
    /// assert_eq!(Value::from("1").as_f64(), None);
    /// ```
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Float(f) => Some(f64::from(*f)),
            Value::Double(d) => Some(*d),
            Value::Decimal(d) => Some(d.to_f64()),
            v => v.as_i64().map(|i| i as f64),
        }
    }

    /// Rank of the variant, for ordering values of different types.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Boolean(_) => 1,
            Value::Int(_) => 2,
            Value::Long(_) => 3,
            Value::Double(_) => 4,
            Value::String(_) => 5,
            Value::Timestamp(_) => 6,
            Value::Date(_) => 7,
            Value::Array(_) => 8,
            Value::Struct(_) => 9,
            Value::Byte(_) => 10,
            Value::Short(_) => 11,
            Value::Float(_) => 12,
            Value::Decimal(_) => 13,
            Value::Binary(_) => 14,
            Value::Map(_) => 15,
            Value::TimestampNtz(_) => 16,
            Value::Interval(..) => 17,
        }
    }
}

/// Spark's normalisation of doubles for comparison and hashing: one zero and one NaN.
pub(super) fn normalized_bits(d: f64) -> u64 {
    if d.is_nan() {
        f64::NAN.to_bits()
    } else if d == 0.0 {
        0
    } else {
        d.to_bits()
    }
}

fn normalized(d: f64) -> f64 {
    f64::from_bits(normalized_bits(d))
}

/// Spark's normalisation of floats for comparison and hashing: one zero and one NaN.
pub(super) fn normalized_float_bits(f: f32) -> u32 {
    if f.is_nan() {
        f32::NAN.to_bits()
    } else if f == 0.0 {
        0
    } else {
        f.to_bits()
    }
}

fn normalized_float(f: f32) -> f32 {
    f32::from_bits(normalized_float_bits(f))
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Value {}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Value {
    fn cmp(&self, other: &Self) -> Ordering {
        use Value::*;
        match (self, other) {
            (Null, Null) => Ordering::Equal,
            (Boolean(a), Boolean(b)) => a.cmp(b),
            (Int(a), Int(b)) => a.cmp(b),
            (Long(a), Long(b)) => a.cmp(b),
            (Double(a), Double(b)) => normalized(*a).total_cmp(&normalized(*b)),
            (String(a), String(b)) => super::key::compare_bytes(a.as_bytes(), b.as_bytes()),
            (Timestamp(a), Timestamp(b)) => a.cmp(b),
            (Date(a), Date(b)) => a.cmp(b),
            (Array(a), Array(b)) => a.cmp(b),
            (Struct(a), Struct(b)) => a.cmp(b),
            (Byte(a), Byte(b)) => a.cmp(b),
            (Short(a), Short(b)) => a.cmp(b),
            (Float(a), Float(b)) => normalized_float(*a).total_cmp(&normalized_float(*b)),
            (Decimal(a), Decimal(b)) => a.cmp(b),
            (Binary(a), Binary(b)) => a.cmp(b),
            (Map(a), Map(b)) => a.cmp(b),
            (TimestampNtz(a), TimestampNtz(b)) => a.cmp(b),
            // By length: one column's intervals are all of one type.
            (Interval(a, _), Interval(b, _)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u8(self.rank());
        match self {
            Value::Null => {}
            Value::Boolean(b) => b.hash(state),
            Value::Int(i) => i.hash(state),
            Value::Long(i) => i.hash(state),
            Value::Double(d) => normalized_bits(*d).hash(state),
            Value::String(s) => s.hash(state),
            Value::Timestamp(t) => t.hash(state),
            Value::Date(d) => d.hash(state),
            Value::Array(a) | Value::Struct(a) => a.hash(state),
            Value::Byte(i) => i.hash(state),
            Value::Short(i) => i.hash(state),
            Value::Float(f) => normalized_float_bits(*f).hash(state),
            Value::Decimal(d) => d.hash(state),
            Value::Binary(b) => b.hash(state),
            Value::Map(entries) => entries.hash(state),
            Value::TimestampNtz(t) => t.hash(state),
            Value::Interval(amount, _) => amount.hash(state),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Long(i)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(d: f64) -> Self {
        Value::Double(d)
    }
}

impl From<f32> for Value {
    fn from(f: f32) -> Self {
        Value::Float(f)
    }
}

impl From<i16> for Value {
    fn from(i: i16) -> Self {
        Value::Short(i)
    }
}

impl From<i8> for Value {
    fn from(i: i8) -> Self {
        Value::Byte(i)
    }
}

impl From<Decimal> for Value {
    fn from(d: Decimal) -> Self {
        Value::Decimal(d)
    }
}

impl From<Vec<u8>> for Value {
    fn from(b: Vec<u8>) -> Self {
        Value::Binary(b)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Boolean(b)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_32_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 32);
    }

    #[test]
    fn floats_are_normalised_like_doubles() {
        assert_eq!(Value::Float(-0.0), Value::Float(0.0));
        assert_eq!(Value::Float(f32::NAN), Value::Float(-f32::NAN));
        assert!(Value::Float(f32::NAN) > Value::Float(f32::INFINITY));
        assert!(Value::Float(-1.5) < Value::Float(0.0));
    }
}
