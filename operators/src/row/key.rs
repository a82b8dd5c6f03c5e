//! [`Key`]: a group key as one compact byte string, the form aggregations hash, exchange,
//! sort and keep.

use std::borrow::Borrow;
use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::value::{normalized_bits, normalized_float_bits};
use crate::{Decimal, IntervalField, IntervalType, Value};

/// The values of a group key, encoded as bytes: equal keys have equal bytes (doubles are
/// normalised as Spark normalises grouping keys: one zero, one NaN), so hashing and comparing
/// a key is hashing and comparing bytes, and a key of up to 32 encoded bytes (a word, a
/// number, a time window and a short key: 21 bytes for the window, 1 more than the key's
/// string) lives inline, without a heap allocation. (At 16 bytes, every window's key was
/// allocated, copied and freed as the arrangement merged: a sixth of a windowed count's
/// instructions; the larger inline size costs a word count about 2%.)
///
/// A key is its values encoded in order by [`encode_value`], the last one by
/// [`encode_last_value`] ([`Key::encode`] does both): a string at the end runs to the end of
/// the key, without its length.
///
/// The order of keys is the order of their bytes: a total order consistent with equality.
/// Numbers are encoded so that their bytes sort as they do, so for a key of numbers that may
/// end with a string (a word, a window, a window and a word) the order of keys is the order
/// of their values, and an aggregation's output comes out sorted as the sink sorts it. (A
/// string before the last value sorts by its length first.)
///
/// ```
/// use ember_operators::{Key, Value};
/// let values = vec![Value::from("cat"), Value::Long(3), Value::Null];
/// let key = Key::encode(&values);
/// assert_eq!(key.decode(), values);
/// assert_eq!(Key::encode(&[Value::Double(-0.0)]), Key::encode(&[Value::Double(0.0)]));
/// ```
#[derive(Default, Serialize, Deserialize)]
pub struct Key(SmallVec<[u8; 32]>);

impl std::hash::Hash for Key {
    /// As its bytes hash (so that a map of keys is searched by `&[u8]`).
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.as_slice().hash(state);
    }
}

impl PartialEq for Key {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.is_encoded_as(&other.0)
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    /// The order of the bytes, compared inline (see [`compare_bytes`]).
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        compare_bytes(&self.0, &other.0)
    }
}

/// The lexicographic order of two byte strings (as `<[u8]>::cmp`), compared eight bytes at a
/// time in registers: keys (and most strings compared) are short, and sorting, merging and
/// seeking them is most of what an arrangement does, so a call to `memcmp` per comparison
/// (what the slice order makes) costs more than the comparison itself.
#[inline]
pub(super) fn compare_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let common = a.len().min(b.len());
    let (mut a_rest, mut b_rest) = (&a[..common], &b[..common]);
    while let (Some((a_word, a_tail)), Some((b_word, b_tail))) = (
        a_rest.split_first_chunk::<8>(),
        b_rest.split_first_chunk::<8>(),
    ) {
        let (x, y) = (u64::from_be_bytes(*a_word), u64::from_be_bytes(*b_word));
        if x != y {
            return x.cmp(&y);
        }
        (a_rest, b_rest) = (a_tail, b_tail);
    }
    for (x, y) in a_rest.iter().zip(b_rest) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

impl Clone for Key {
    /// A copy of the bytes in one go (`SmallVec`'s own clone copies byte by byte).
    fn clone(&self) -> Self {
        Key::from_bytes(&self.0)
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Key").field(&self.decode()).finish()
    }
}

impl Borrow<[u8]> for Key {
    fn borrow(&self) -> &[u8] {
        &self.0
    }
}

const NULL: u8 = 0;
const BOOLEAN: u8 = 1;
const INT: u8 = 2;
const LONG: u8 = 3;
const DOUBLE: u8 = 4;
const STRING: u8 = 5;
const TIMESTAMP: u8 = 6;
const DATE: u8 = 7;
const ARRAY: u8 = 8;
const STRUCT: u8 = 9;
/// A string that is a key's last value: its bytes run to the end of the key.
const STRING_TAIL: u8 = 10;
const BYTE: u8 = 11;
const SHORT: u8 = 12;
const FLOAT: u8 = 13;
const DECIMAL: u8 = 14;
const BINARY: u8 = 15;
const MAP: u8 = 16;
const TIMESTAMP_NTZ: u8 = 17;
const INTERVAL: u8 = 18;

impl Key {
    /// The key whose encoding is `bytes` (as [`encode_value`] writes them).
    pub fn from_bytes(bytes: &[u8]) -> Key {
        Key(SmallVec::from_slice(bytes))
    }

    /// The key of these values, in order.
    pub fn encode(values: &[Value]) -> Key {
        let mut bytes = Vec::new();
        encode_key(values.iter(), &mut bytes);
        Key::from_bytes(&bytes)
    }

    /// The encoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether `bytes` are this key's encoding (compared as keys compare, inline).
    #[inline]
    pub fn is_encoded_as(&self, bytes: &[u8]) -> bool {
        self.0.len() == bytes.len() && compare_bytes(&self.0, bytes).is_eq()
    }

    /// The bytes allocated on the heap for a key too long to sit inline, else 0.
    pub fn spilled_capacity(&self) -> usize {
        if self.0.spilled() {
            self.0.capacity()
        } else {
            0
        }
    }

    /// The key's values, in order.
    ///
    /// Panics when the bytes are not an encoding, which only a broken invariant causes: keys
    /// are made by [`Key::encode`] or [`encode_value`] (checkpoints store values, not keys).
    pub fn decode(&self) -> Vec<Value> {
        let mut values = Vec::new();
        self.decode_into(&mut values);
        values
    }

    /// The key's value in column `index`, decoding nothing before it (`None` past the end).
    pub fn value_at(&self, index: usize) -> Option<Value> {
        let mut bytes = self.column(index)?;
        Some(decode_value(&mut bytes))
    }

    /// The encoding of the key's value in column `index` and the values after it, skipping
    /// the ones before it without decoding them (`None` past the end).
    fn column(&self, index: usize) -> Option<&[u8]> {
        let mut bytes = self.as_bytes();
        for _ in 0..index {
            if bytes.is_empty() {
                return None;
            }
            skip_value(&mut bytes);
        }
        (!bytes.is_empty()).then_some(bytes)
    }

    /// Field `field` of the struct in column `index` (a window's `end` is field 1), decoding
    /// nothing else; `None` when the column is not a struct or has no such field.
    ///
    /// ```
    /// use ember_operators::{Key, Value};
    /// let window = Value::Struct(vec![Value::Timestamp(0), Value::Timestamp(60)]);
    /// let key = Key::encode(&[window, Value::from("k")]);
    /// assert_eq!(key.field_at(0, 1), Some(Value::Timestamp(60)));
    /// assert_eq!(key.field_at(1, 0), None);
    /// ```
    pub fn field_at(&self, index: usize, field: usize) -> Option<Value> {
        let mut bytes = self.column(index)?.strip_prefix(&[STRUCT])?;
        for _ in 0..field {
            if !next_item(&mut bytes) {
                return None;
            }
            skip_value(&mut bytes);
        }
        next_item(&mut bytes).then(|| decode_value(&mut bytes))
    }

    /// Appends the key's values to `values`.
    pub fn decode_into(&self, values: &mut Vec<Value>) {
        let mut bytes = self.as_bytes();
        while !bytes.is_empty() {
            values.push(decode_value(&mut bytes));
        }
    }
}

/// Appends the encoding of the key made of `values` to `out`: each by [`encode_value`], the
/// last by [`encode_last_value`]. [`Key::encode`] and every keyer encode keys this way, so
/// that equal values make equal keys wherever the key was made.
#[inline]
pub fn encode_key<'a>(values: impl ExactSizeIterator<Item = &'a Value>, out: &mut Vec<u8>) {
    let last = values.len().wrapping_sub(1);
    for (i, value) in values.enumerate() {
        if i == last {
            encode_last_value(value, out);
        } else {
            encode_value(value, out);
        }
    }
}

/// Appends the encoding of the last value of a key to `out`: a string without its length
/// (it runs to the end of the key), anything else as [`encode_value`] encodes it.
#[inline]
pub fn encode_last_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::String(s) => {
            out.reserve(1 + s.len());
            out.push(STRING_TAIL);
            out.extend_from_slice(s.as_bytes());
        }
        other => encode_value(other, out),
    }
}

/// Appends the encoding of a time window `{start, end}` (two timestamps, microseconds) to
/// `out`, exactly as [`encode_value`] encodes the struct value, without building it: every
/// row of a windowed aggregation keys one or more windows.
///
/// ```
/// use ember_operators::{encode_value, encode_window, Value};
/// let (mut fast, mut slow) = (Vec::new(), Vec::new());
/// encode_window(-60, 0, &mut fast);
/// encode_value(&Value::Struct(vec![Value::Timestamp(-60), Value::Timestamp(0)]), &mut slow);
/// assert_eq!(fast, slow);
/// ```
#[inline]
pub fn encode_window(start: i64, end: i64, out: &mut Vec<u8>) {
    out.push(STRUCT);
    for t in [start, end] {
        out.extend_from_slice(&[ITEM, TIMESTAMP]);
        out.extend_from_slice(&sortable_i64(t));
    }
    out.push(ITEMS_END);
}

/// Appends the encoding of `value` to `out`: a type tag, then the value, so that encodings
/// sort as the values do — fixed-width numbers whose bytes sort as the numbers do (a decimal:
/// its scale, then its unscaled integer); a string's or binary's bytes with each `0x00`
/// escaped as `0x00 0xFF`, then `0x00 0x00`; an array's or struct's items (a map's keys and
/// values, alternately) each after a `0x01`, then `0x00`. The last value of a key is encoded
/// by [`encode_last_value`].
pub fn encode_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.push(NULL),
        Value::Boolean(b) => out.extend_from_slice(&[BOOLEAN, u8::from(*b)]),
        Value::Int(i) => {
            out.push(INT);
            out.extend_from_slice(&sortable_i32(*i));
        }
        Value::Long(i) => {
            out.push(LONG);
            out.extend_from_slice(&sortable_i64(*i));
        }
        Value::Double(d) => {
            out.push(DOUBLE);
            let bits = normalized_bits(*d);
            // IEEE total order as unsigned order: negatives inverted, positives above them.
            let sortable = if bits >> 63 == 1 {
                !bits
            } else {
                bits | 1 << 63
            };
            out.extend_from_slice(&sortable.to_be_bytes());
        }
        Value::Float(f) => {
            out.push(FLOAT);
            let bits = normalized_float_bits(*f);
            let sortable = if bits >> 31 == 1 {
                !bits
            } else {
                bits | 1 << 31
            };
            out.extend_from_slice(&sortable.to_be_bytes());
        }
        Value::String(s) => {
            out.push(STRING);
            push_escaped(s.as_bytes(), out);
        }
        Value::Binary(b) => {
            out.push(BINARY);
            push_escaped(b, out);
        }
        Value::Byte(i) => out.extend_from_slice(&[BYTE, (*i as u8) ^ 0x80]),
        Value::Short(i) => {
            out.push(SHORT);
            out.extend_from_slice(&((*i as u16) ^ 1 << 15).to_be_bytes());
        }
        Value::Decimal(d) => {
            out.extend_from_slice(&[DECIMAL, d.scale()]);
            out.extend_from_slice(&((d.unscaled() as u128) ^ 1 << 127).to_be_bytes());
        }
        Value::TimestampNtz(t) => {
            out.push(TIMESTAMP_NTZ);
            out.extend_from_slice(&sortable_i64(*t));
        }
        Value::Interval(amount, t) => {
            out.push(INTERVAL);
            out.extend_from_slice(&sortable_i64(*amount));
            out.extend_from_slice(&[t.start.index(), t.end.index()]);
        }
        Value::Map(entries) => {
            out.push(MAP);
            for (k, v) in entries {
                out.push(ITEM);
                encode_value(k, out);
                out.push(ITEM);
                encode_value(v, out);
            }
            out.push(ITEMS_END);
        }
        Value::Timestamp(t) => {
            out.push(TIMESTAMP);
            out.extend_from_slice(&sortable_i64(*t));
        }
        Value::Date(d) => {
            out.push(DATE);
            out.extend_from_slice(&sortable_i32(*d));
        }
        Value::Array(items) | Value::Struct(items) => {
            out.push(if matches!(value, Value::Array(_)) {
                ARRAY
            } else {
                STRUCT
            });
            for item in items {
                out.push(ITEM);
                encode_value(item, out);
            }
            out.push(ITEMS_END);
        }
    }
}

/// A string's or binary's bytes with each `0x00` escaped as `0x00 0xFF`, then `0x00 0x00`.
fn push_escaped(bytes: &[u8], out: &mut Vec<u8>) {
    for &byte in bytes {
        out.push(byte);
        if byte == 0 {
            out.push(ESCAPED_ZERO);
        }
    }
    out.extend_from_slice(&[0, STRING_END]);
}

/// Big-endian with the sign bit flipped: the bytes sort as the numbers do.
fn sortable_i64(i: i64) -> [u8; 8] {
    ((i as u64) ^ 1 << 63).to_be_bytes()
}

fn sortable_i32(i: i32) -> [u8; 4] {
    ((i as u32) ^ 1 << 31).to_be_bytes()
}

fn i64_from_sortable(bytes: [u8; 8]) -> i64 {
    (u64::from_be_bytes(bytes) ^ 1 << 63) as i64
}

fn i32_from_sortable(bytes: [u8; 4]) -> i32 {
    (u32::from_be_bytes(bytes) ^ 1 << 31) as i32
}

/// After a `0x00` inside a string: the zero is part of the string.
const ESCAPED_ZERO: u8 = 0xFF;
/// After a `0x00` inside a string: the string ends (a zero byte, then this, sorts below any
/// longer string that shares the prefix).
const STRING_END: u8 = 0x00;
/// Before each item of an array or struct.
const ITEM: u8 = 0x01;
/// After the last item of an array or struct (sorts below another item: a prefix first).
const ITEMS_END: u8 = 0x00;

/// The bytes of an escaped string (see [`encode_value`]), and moves `bytes` past its end.
fn take_string(bytes: &mut &[u8]) -> Vec<u8> {
    let mut text = Vec::new();
    loop {
        let byte = take(bytes, 1)[0];
        if byte != 0 {
            text.push(byte);
            continue;
        }
        match take(bytes, 1)[0] {
            ESCAPED_ZERO => text.push(0),
            STRING_END => return text,
            other => panic!("invariant violated: a group key's string escapes the byte {other}"),
        }
    }
}

/// Whether another item of an array or struct follows (moving past its marker).
fn next_item(bytes: &mut &[u8]) -> bool {
    match take(bytes, 1)[0] {
        ITEM => true,
        ITEMS_END => false,
        other => panic!("invariant violated: a group key's items hold the marker {other}"),
    }
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> &'a [u8] {
    assert!(
        bytes.len() >= n,
        "invariant violated: a group key's encoding is truncated"
    );
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    head
}

fn take_array<const N: usize>(bytes: &mut &[u8]) -> [u8; N] {
    take(bytes, N).try_into().expect("take returns N bytes")
}

/// Moves `bytes` past one encoded value without building it.
fn skip_value(bytes: &mut &[u8]) {
    match take(bytes, 1)[0] {
        NULL => {}
        BOOLEAN => drop(take(bytes, 1)),
        BYTE => drop(take(bytes, 1)),
        SHORT => drop(take(bytes, 2)),
        INT | DATE | FLOAT => drop(take(bytes, 4)),
        LONG | DOUBLE | TIMESTAMP | TIMESTAMP_NTZ => drop(take(bytes, 8)),
        INTERVAL => drop(take(bytes, 10)),
        DECIMAL => drop(take(bytes, 17)),
        STRING | BINARY => drop(take_string(bytes)),
        STRING_TAIL => *bytes = &[],
        ARRAY | STRUCT | MAP => {
            while next_item(bytes) {
                skip_value(bytes);
            }
        }
        tag => panic!("invariant violated: a group key holds the unknown type tag {tag}"),
    }
}

fn decode_string(bytes: &[u8]) -> Value {
    let text = std::str::from_utf8(bytes)
        .expect("invariant violated: a group key holds a string that is not UTF-8");
    Value::String(text.to_string())
}

fn decode_value(bytes: &mut &[u8]) -> Value {
    match take(bytes, 1)[0] {
        NULL => Value::Null,
        BOOLEAN => Value::Boolean(take(bytes, 1)[0] != 0),
        INT => Value::Int(i32_from_sortable(take_array(bytes))),
        LONG => Value::Long(i64_from_sortable(take_array(bytes))),
        DOUBLE => {
            let sortable = u64::from_be_bytes(take_array(bytes));
            let bits = if sortable >> 63 == 1 {
                sortable & !(1 << 63)
            } else {
                !sortable
            };
            Value::Double(f64::from_bits(bits))
        }
        FLOAT => {
            let sortable = u32::from_be_bytes(take_array(bytes));
            let bits = if sortable >> 31 == 1 {
                sortable & !(1 << 31)
            } else {
                !sortable
            };
            Value::Float(f32::from_bits(bits))
        }
        BYTE => Value::Byte((take(bytes, 1)[0] ^ 0x80) as i8),
        SHORT => Value::Short((u16::from_be_bytes(take_array(bytes)) ^ 1 << 15) as i16),
        DECIMAL => {
            let scale = take(bytes, 1)[0];
            let unscaled = (u128::from_be_bytes(take_array(bytes)) ^ 1 << 127) as i128;
            Value::Decimal(Decimal::new(unscaled, scale))
        }
        BINARY => Value::Binary(take_string(bytes)),
        TIMESTAMP_NTZ => Value::TimestampNtz(i64_from_sortable(take_array(bytes))),
        INTERVAL => {
            let amount = i64_from_sortable(take_array(bytes));
            let fields = take(bytes, 2);
            let t = IntervalType::new(
                IntervalField::from_index(fields[0]),
                IntervalField::from_index(fields[1]),
            );
            Value::Interval(amount, t)
        }
        MAP => {
            let mut entries = Vec::new();
            while next_item(bytes) {
                let key = decode_value(bytes);
                assert!(
                    next_item(bytes),
                    "invariant violated: a group key's map entry has no value"
                );
                entries.push((key, decode_value(bytes)));
            }
            Value::Map(entries)
        }
        STRING => decode_string(&take_string(bytes)),
        STRING_TAIL => decode_string(std::mem::take(bytes)),
        TIMESTAMP => Value::Timestamp(i64_from_sortable(take_array(bytes))),
        DATE => Value::Date(i32_from_sortable(take_array(bytes))),
        tag @ (ARRAY | STRUCT) => {
            let mut items = Vec::new();
            while next_item(bytes) {
                items.push(decode_value(bytes));
            }
            if tag == ARRAY {
                Value::Array(items)
            } else {
                Value::Struct(items)
            }
        }
        tag => panic!("invariant violated: a group key holds the unknown type tag {tag}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_type_round_trips() {
        let values = vec![
            Value::Null,
            Value::Boolean(true),
            Value::Int(-7),
            Value::Long(i64::MIN),
            Value::Double(2.5),
            Value::String("é".repeat(100)),
            Value::Timestamp(1_700_000_000_000_000),
            Value::Date(-3),
            Value::Array(vec![Value::from("a"), Value::Null]),
            Value::Struct(vec![Value::Timestamp(0), Value::Timestamp(600_000_000)]),
            Value::Byte(-128),
            Value::Short(i16::MAX),
            Value::Float(-1.25),
            Value::Decimal(Decimal::new(-(10i128.pow(38) - 1), 2)),
            Value::Binary(vec![0, 255, 0, 1]),
            Value::Map(vec![
                (Value::from("a"), Value::Null),
                (
                    Value::from("b"),
                    Value::Map(vec![(Value::Int(1), Value::Float(2.0))]),
                ),
            ]),
            Value::TimestampNtz(-1),
            Value::Interval(
                -600_000_000,
                IntervalType::new(IntervalField::Day, IntervalField::Second),
            ),
        ];
        assert_eq!(Key::encode(&values).decode(), values);
        for (i, value) in values.iter().enumerate() {
            assert_eq!(Key::encode(&values).value_at(i).as_ref(), Some(value));
        }
    }

    #[test]
    fn keys_compare_as_their_bytes() {
        // Every pair of byte strings up to 19 bytes long over a small alphabet that includes
        // 0x00 and 0xFF, differing at every position: around and across the 8-byte words.
        let mut strings: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..20usize {
            for fill in [0u8, 1, 0x7F, 0xFF] {
                let base = vec![fill; len];
                strings.push(base.clone());
                for at in 0..len {
                    for byte in [0u8, 0x80, 0xFF] {
                        let mut s = base.clone();
                        s[at] = byte;
                        strings.push(s);
                    }
                }
            }
        }
        for a in &strings {
            for b in &strings {
                let (ka, kb) = (Key::from_bytes(a), Key::from_bytes(b));
                assert_eq!(ka.cmp(&kb), a.cmp(b), "{a:?} vs {b:?}");
                assert_eq!(ka == kb, a == b, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn keys_are_equal_exactly_when_their_values_are() {
        let a = Key::encode(&[Value::from("ab"), Value::from("c")]);
        let b = Key::encode(&[Value::from("a"), Value::from("bc")]);
        assert_ne!(a, b);
        assert_eq!(
            Key::encode(&[Value::Double(f64::NAN)]),
            Key::encode(&[Value::Double(-f64::NAN)])
        );
        assert_ne!(
            Key::encode(&[Value::Int(1)]),
            Key::encode(&[Value::Long(1)])
        );
    }

    #[test]
    fn keys_of_numbers_ending_with_a_string_sort_as_their_values() {
        let window =
            |start: i64| Value::Struct(vec![Value::Timestamp(start), Value::Timestamp(start + 10)]);
        let numbers = [i64::MIN, -300, -1, 0, 1, 255, 256, i64::MAX];
        let doubles = [
            f64::NEG_INFINITY,
            -2.5,
            -0.0,
            1e-300,
            2.5,
            f64::INFINITY,
            f64::NAN,
        ];
        let mut rows: Vec<Vec<Value>> = Vec::new();
        for word in ["", "a", "ab", "b", "\u{e9}"] {
            rows.push(vec![Value::from(word)]);
            for n in numbers {
                rows.push(vec![Value::Long(n), Value::from(word)]);
                rows.push(vec![Value::Int(n as i32), Value::Date(n as i32)]);
                rows.push(vec![window(n / 4), Value::from(word)]);
            }
            for d in doubles {
                rows.push(vec![Value::Double(d), Value::Null, Value::from(word)]);
            }
        }
        for a in &rows {
            for b in &rows {
                if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.rank() == y.rank()) {
                    assert_eq!(
                        Key::encode(a).cmp(&Key::encode(b)),
                        a.cmp(b),
                        "{a:?} vs {b:?}"
                    );
                }
            }
            assert_eq!(&Key::encode(a).decode(), a);
        }
    }

    #[test]
    fn one_value_decodes_without_the_ones_before() {
        let values = vec![
            Value::from("word"),
            Value::Array(vec![Value::Long(1), Value::from("x")]),
            Value::Struct(vec![Value::Timestamp(0), Value::Timestamp(600)]),
        ];
        let key = Key::encode(&values);
        for (i, value) in values.iter().enumerate() {
            assert_eq!(key.value_at(i).as_ref(), Some(value));
        }
        assert_eq!(key.value_at(3), None);
        // A last string runs to the end of the key.
        let values = vec![Value::Long(-2), Value::from("tail")];
        let key = Key::encode(&values);
        assert_eq!(key.value_at(0), Some(Value::Long(-2)));
        assert_eq!(key.value_at(1), Some(Value::from("tail")));
        assert_eq!(key.value_at(2), None);
    }

    #[test]
    fn short_keys_are_inline_and_serialize_as_bytes() {
        let key = Key::encode(&[Value::from("hello")]);
        assert!(!key.0.spilled());
        let window = Value::Struct(vec![Value::Timestamp(0), Value::Timestamp(60_000_000)]);
        assert!(!Key::encode(&[window, Value::from("k0047110")]).0.spilled());
        let bytes = bincode::serialize(&key).unwrap();
        assert_eq!(bincode::deserialize::<Key>(&bytes).unwrap(), key);
    }
}
