//! Spark's hash functions over values (`HashExpression`): Murmur3 (`hash`) and XxHash64
//! (`xxhash64`, and the register hash of `approx_count_distinct`), each hashing a value's
//! type encoding as Spark does. Shared by the `ember` crate's `hash`/`xxhash64` functions and
//! [`crate::hyperloglog`].

use crate::Value;

/// Spark's seed for `hash` and `xxhash64`.
pub const SEED: u64 = 42;

/// A hash function of Spark's `HashExpression`: how it hashes the three encodings, each with
/// the previous result as the seed.
pub trait SparkHash {
    /// An `int` (and the narrower types, dates, booleans) hashed with `seed`.
    fn int(i: i32, seed: u64) -> u64;
    /// A `bigint` (and timestamps, doubles' bits, small decimals) hashed with `seed`.
    fn long(i: i64, seed: u64) -> u64;
    /// Bytes (strings' UTF-8, binaries, wide decimals) hashed with `seed`.
    fn bytes(b: &[u8], seed: u64) -> u64;

    /// `value` hashed with `seed`, as Spark's `computeHash`.
    fn value(value: &Value, seed: u64) -> u64 {
        match value {
            Value::Null => seed,
            Value::Boolean(b) => Self::int(i32::from(*b), seed),
            Value::Byte(i) => Self::int(i32::from(*i), seed),
            Value::Short(i) => Self::int(i32::from(*i), seed),
            Value::Int(i) | Value::Date(i) => Self::int(*i, seed),
            // A year-month interval is an `int` of months in Spark, a day-time one a `long`.
            Value::Interval(months, t) if t.is_year_month() => Self::int(*months as i32, seed),
            Value::Long(i)
            | Value::Timestamp(i)
            | Value::TimestampNtz(i)
            | Value::Interval(i, _) => Self::long(*i, seed),
            Value::Float(f) => {
                let bits = if *f == 0.0 {
                    0
                } else if f.is_nan() {
                    f32::NAN.to_bits()
                } else {
                    f.to_bits()
                };
                Self::int(bits as i32, seed)
            }
            // Spark hashes a decimal of precision up to 18 as the long of its unscaled value,
            // a wider one as the bytes of its `BigInteger`; the value alone does not carry its
            // type's precision, so this goes by whether the unscaled value fits in a long.
            Value::Decimal(d) => match i64::try_from(d.unscaled()) {
                Ok(unscaled) => Self::long(unscaled, seed),
                Err(_) => Self::bytes(&big_integer_bytes(d.unscaled()), seed),
            },
            Value::Binary(b) => Self::bytes(b, seed),
            Value::Map(entries) => entries
                .iter()
                .fold(seed, |seed, (k, v)| Self::value(v, Self::value(k, seed))),
            Value::Double(d) => {
                let bits = if *d == 0.0 {
                    0
                } else if d.is_nan() {
                    f64::NAN.to_bits()
                } else {
                    d.to_bits()
                };
                Self::long(bits as i64, seed)
            }
            Value::String(s) => Self::bytes(s.as_bytes(), seed),
            Value::Array(items) | Value::Struct(items) => items
                .iter()
                .fold(seed, |seed, item| Self::value(item, seed)),
        }
    }
}

/// Java's `BigInteger.toByteArray`: the shortest big-endian two's complement bytes.
fn big_integer_bytes(n: i128) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let sign = if n < 0 { 0xff } else { 0 };
    let mut start = 0;
    while start < 15 && bytes[start] == sign && (bytes[start + 1] & 0x80) == (sign & 0x80) {
        start += 1;
    }
    bytes[start..].to_vec()
}

/// Spark's `Murmur3_x86_32`.
pub struct Murmur3;

impl Murmur3 {
    fn mix_k1(k1: u32) -> u32 {
        k1.wrapping_mul(0xcc9e_2d51)
            .rotate_left(15)
            .wrapping_mul(0x1b87_3593)
    }

    fn mix_h1(h1: u32, k1: u32) -> u32 {
        (h1 ^ k1)
            .rotate_left(13)
            .wrapping_mul(5)
            .wrapping_add(0xe654_6b64)
    }

    fn fmix(h1: u32, length: u32) -> u32 {
        let mut h = h1 ^ length;
        h ^= h >> 16;
        h = h.wrapping_mul(0x85eb_ca6b);
        h ^= h >> 13;
        h = h.wrapping_mul(0xc2b2_ae35);
        h ^ (h >> 16)
    }
}

impl SparkHash for Murmur3 {
    fn int(i: i32, seed: u64) -> u64 {
        let h1 = Self::mix_h1(seed as u32, Self::mix_k1(i as u32));
        u64::from(Self::fmix(h1, 4))
    }

    fn long(i: i64, seed: u64) -> u64 {
        let h1 = Self::mix_h1(seed as u32, Self::mix_k1(i as u32));
        let h1 = Self::mix_h1(h1, Self::mix_k1((i >> 32) as u32));
        u64::from(Self::fmix(h1, 8))
    }

    fn bytes(b: &[u8], seed: u64) -> u64 {
        let words = b.chunks_exact(4);
        let tail = words.remainder();
        let mut h1 = seed as u32;
        for word in words {
            let word = u32::from_le_bytes(word.try_into().expect("chunks of 4 bytes"));
            h1 = Self::mix_h1(h1, Self::mix_k1(word));
        }
        for byte in tail {
            // Spark's `hashUnsafeBytes`: each trailing byte alone, as a signed byte.
            h1 = Self::mix_h1(h1, Self::mix_k1(i32::from(*byte as i8) as u32));
        }
        u64::from(Self::fmix(h1, b.len() as u32))
    }
}

/// Spark's `XXH64` (the reference xxHash64).
pub struct XxHash64;

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

impl XxHash64 {
    fn fmix(mut hash: u64) -> u64 {
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(P2);
        hash ^= hash >> 29;
        hash = hash.wrapping_mul(P3);
        hash ^ (hash >> 32)
    }

    fn round(acc: u64, input: u64) -> u64 {
        acc.wrapping_add(input.wrapping_mul(P2))
            .rotate_left(31)
            .wrapping_mul(P1)
    }

    fn merge(hash: u64, v: u64) -> u64 {
        (hash ^ Self::round(0, v)).wrapping_mul(P1).wrapping_add(P4)
    }

    fn long_at(b: &[u8]) -> u64 {
        u64::from_le_bytes(b[..8].try_into().expect("8 bytes"))
    }
}

impl SparkHash for XxHash64 {
    fn int(i: i32, seed: u64) -> u64 {
        let hash = seed.wrapping_add(P5).wrapping_add(4) ^ u64::from(i as u32).wrapping_mul(P1);
        Self::fmix(hash.rotate_left(23).wrapping_mul(P2).wrapping_add(P3))
    }

    fn long(i: i64, seed: u64) -> u64 {
        let hash = seed.wrapping_add(P5).wrapping_add(8) ^ Self::round(0, i as u64);
        Self::fmix(hash.rotate_left(27).wrapping_mul(P1).wrapping_add(P4))
    }

    fn bytes(b: &[u8], seed: u64) -> u64 {
        let mut rest = b;
        let mut hash = if b.len() >= 32 {
            let mut v = [
                seed.wrapping_add(P1).wrapping_add(P2),
                seed.wrapping_add(P2),
                seed,
                seed.wrapping_sub(P1),
            ];
            while rest.len() >= 32 {
                for (i, v) in v.iter_mut().enumerate() {
                    *v = Self::round(*v, Self::long_at(&rest[8 * i..]));
                }
                rest = &rest[32..];
            }
            let hash = v[0]
                .rotate_left(1)
                .wrapping_add(v[1].rotate_left(7))
                .wrapping_add(v[2].rotate_left(12))
                .wrapping_add(v[3].rotate_left(18));
            v.iter().fold(hash, |hash, v| Self::merge(hash, *v))
        } else {
            seed.wrapping_add(P5)
        };
        hash = hash.wrapping_add(b.len() as u64);
        while rest.len() >= 8 {
            hash ^= Self::round(0, Self::long_at(rest));
            hash = hash.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
            rest = &rest[8..];
        }
        if rest.len() >= 4 {
            let word = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
            hash ^= u64::from(word).wrapping_mul(P1);
            hash = hash.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
            rest = &rest[4..];
        }
        for byte in rest {
            hash ^= u64::from(*byte).wrapping_mul(P5);
            hash = hash.rotate_left(11).wrapping_mul(P1);
        }
        Self::fmix(hash)
    }
}
