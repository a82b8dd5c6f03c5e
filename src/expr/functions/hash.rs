//! The hash functions: `hash` (Spark's Murmur3), `xxhash64`, `md5`, `sha1`/`sha`, `sha2`,
//! `crc32`, and `base64` and `unbase64`.
//!
//! `hash` and `xxhash64` give Spark's values bit for bit: they hash each argument's internal
//! value with the previous result as the seed (42 for the first), as Spark's `HashExpression`
//! does: an `int`, a `date` (days) and a `boolean` (1 or 0) as a 4-byte int, a `bigint`, a
//! `timestamp` (microseconds) and a `double` (its bits, with `-0.0` as `0.0` and one NaN) as an
//! 8-byte long, a `string` as its UTF-8 bytes, arrays and structs element by element; a `NULL`
//! leaves the seed as it is. Spark's Murmur3 differs from the reference one in how it hashes
//! the last 1-3 bytes (each alone, sign-extended), hence the hand-written hashes here.
//!
//! The digests take Spark's `binary` input; a `string` is its UTF-8 bytes. `unbase64` decodes
//! as Java's MIME decoder does, which Spark calls: characters outside the base-64 alphabet are
//! skipped and the padding may be left out (`unbase64('YW Jj')` and `unbase64('YWJ')` are
//! `abc` and `ab`), but a malformed end fails with Java's message (`unbase64('Y')` is "Last unit
//! does not have enough valid bits"), with or without ANSI mode.

use super::strings::string_arg;
use super::{no_defaults, scalar, Arity, Call, Entry, ScalarFunction};
use crate::error::{Error, Result};
use crate::expr::bind::{bound, BoundExpr, Evaluator};
use crate::expr::name::sql;
use crate::expr::types::{implicitly_castable_to_string, sql_type, unexpected_input_type};
use crate::expr::Expr;
use crate::{DataType, Row, Value};
use base64::Engine;
use ember_operators::spark_hash::{Murmur3, SparkHash, XxHash64, SEED};
use sha2::Digest;
use std::sync::Arc;

/// `hash(e1, e2, ...)`: Spark's 32-bit Murmur3 hash of the values, an `int`.
///
/// ```
/// use ember::{bind, col, hash, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
/// let b = bind(&hash(vec![col("s")]), &schema)?;
/// assert_eq!((b.eval)(&Row::new(vec![Value::from("abc")])), Ok(Value::Int(1322437556)));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn hash(exprs: Vec<Expr>) -> Expr {
    scalar("hash", exprs)
}

/// `xxhash64(e1, e2, ...)`: Spark's 64-bit xxHash of the values, a `bigint`.
pub fn xxhash64(exprs: Vec<Expr>) -> Expr {
    scalar("xxhash64", exprs)
}

/// `md5(e)`: the MD5 digest, as 32 lower-case hex digits.
pub fn md5(e: impl Into<Expr>) -> Expr {
    scalar("md5", vec![e.into()])
}

/// `sha1(e)`: the SHA-1 digest, as 40 lower-case hex digits.
pub fn sha1(e: impl Into<Expr>) -> Expr {
    scalar("sha1", vec![e.into()])
}

/// `sha2(e, bits)`: the SHA-2 digest of 224, 256 (also for 0), 384 or 512 bits, in hex;
/// `NULL` for other sizes.
pub fn sha2(e: impl Into<Expr>, bits: i32) -> Expr {
    scalar("sha2", vec![e.into(), Expr::Literal(Value::Int(bits))])
}

/// `crc32(e)`: the CRC-32 checksum, a `bigint`.
pub fn crc32(e: impl Into<Expr>) -> Expr {
    scalar("crc32", vec![e.into()])
}

/// `base64(e)`: the bytes in base 64 (with padding, on one line).
pub fn base64(e: impl Into<Expr>) -> Expr {
    scalar("base64", vec![e.into()])
}

/// `unbase64(e)`: the bytes the base-64 text `e` encodes, a `binary` (see the module
/// documentation for malformed text).
///
/// ```
/// use ember::{bind, col, unbase64, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
/// let b = bind(&unbase64(col("s")), &schema)?;
/// assert_eq!((b.name.as_str(), &b.data_type), ("unbase64(s)", &DataType::Binary));
/// let bytes = (b.eval)(&Row::new(vec![Value::from("YWJj")]));
/// assert_eq!(bytes, Ok(Value::Binary(b"abc".to_vec())));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn unbase64(e: impl Into<Expr>) -> Expr {
    scalar("unbase64", vec![e.into()])
}

/// The hash functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("hash", &HASH),
    Entry::scalar("xxhash64", &XXHASH64),
    Entry::scalar("md5", &MD5),
    Entry::scalar("sha1", &SHA1),
    Entry::scalar("sha", &SHA1),
    Entry::scalar("sha2", &SHA2),
    Entry::scalar("crc32", &CRC32),
    Entry::scalar("base64", &BASE64),
    Entry::scalar("unbase64", &UNBASE64),
];

/// Whether Ember hashes values of the type as Spark does: the atomic types of
/// [`SparkHash::value`], and arrays and structs of them.
fn hashable(data_type: &DataType) -> bool {
    match data_type {
        DataType::Array(element) => hashable(element),
        DataType::Struct(fields) => fields.iter().all(|f| hashable(&f.data_type)),
        atomic => implicitly_castable_to_string(atomic),
    }
}

/// `hash` or `xxhash64` with `H`: every argument hashed, in order, from [`SEED`].
fn bind_hash<H: SparkHash>(
    call: &Call<'_>,
    data_type: DataType,
    result: fn(u64) -> Value,
) -> Result<BoundExpr> {
    let mut inputs: Vec<Evaluator> = Vec::new();
    for i in 0..call.args.len() {
        let arg = call.bind_arg(i)?;
        if !hashable(&arg.data_type) {
            return Err(Error::Analysis(format!(
                "[UNSUPPORTED_FEATURE] The feature is not supported: `{}` of a \"{}\" value, in \
                 \"{}\".",
                call.function,
                sql_type(&arg.data_type),
                call.name
            )));
        }
        inputs.push(arg.eval);
    }
    Ok(bound(
        call.name.clone(),
        data_type,
        false,
        Arc::new(move |row: &Row| {
            let mut seed = SEED;
            for input in &inputs {
                seed = H::value(&input(row)?, seed);
            }
            Ok(result(seed))
        }),
    ))
}

static HASH: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(1),
    defaults: no_defaults,
    bind: |call| bind_hash::<Murmur3>(call, DataType::Integer, |h| Value::Int(h as u32 as i32)),
};

static XXHASH64: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(1),
    defaults: no_defaults,
    bind: |call| bind_hash::<XxHash64>(call, DataType::Long, |h| Value::Long(h as i64)),
};

/// Argument `index` of `call` as bytes: a `binary`, or a `string`'s UTF-8 bytes (Spark's
/// implicit cast to `binary`); other types fail as in Spark.
fn bytes_arg(call: &Call<'_>, index: usize) -> Result<BoundExpr> {
    let arg = call.bind_arg(index)?;
    match arg.data_type {
        DataType::String | DataType::Binary | DataType::Null => Ok(arg),
        ref other => Err(unexpected_input_type(
            &call.name,
            index,
            "\"BINARY\"",
            &sql(call.arg(index)?),
            other,
        )),
    }
}

/// A function of the bytes of its one argument.
fn bind_bytes_function(
    call: &Call<'_>,
    data_type: DataType,
    f: fn(&[u8]) -> Value,
) -> Result<BoundExpr> {
    let arg = bytes_arg(call, 0)?;
    let input = arg.eval;
    Ok(bound(
        call.name.clone(),
        data_type,
        arg.nullable,
        Arc::new(move |row: &Row| {
            Ok(match input(row)? {
                Value::String(s) => f(s.as_bytes()),
                Value::Binary(b) => f(&b),
                _ => Value::Null,
            })
        }),
    ))
}

/// Lower-case hex digits of a digest.
fn hex(digest: &[u8]) -> Value {
    Value::String(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// A one-argument function of bytes.
macro_rules! bytes_function {
    ($data_type:expr, $f:expr) => {
        ScalarFunction {
            arity: Arity::exactly(1),
            defaults: no_defaults,
            bind: |call| bind_bytes_function(call, $data_type, $f),
        }
    };
}

static MD5: ScalarFunction = bytes_function!(DataType::String, |b| hex(&md5::Md5::digest(b)));
static SHA1: ScalarFunction = bytes_function!(DataType::String, |b| hex(&sha1::Sha1::digest(b)));
static CRC32: ScalarFunction = bytes_function!(DataType::Long, |b| Value::Long(i64::from(
    crc32fast::hash(b)
)));
static BASE64: ScalarFunction = bytes_function!(DataType::String, |b| Value::String(
    base64::engine::general_purpose::STANDARD.encode(b)
));

static UNBASE64: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let (input, nullable) = string_arg(&call.name, 0, call.arg(0)?, call.schema)?;
        Ok(bound(
            call.name.clone(),
            DataType::Binary,
            nullable,
            Arc::new(move |row: &Row| match input(row)? {
                Value::String(s) => mime_decode(&s).map(Value::Binary),
                _ => Ok(Value::Null),
            }),
        ))
    },
};

/// `text` decoded as Java's `Base64.getMimeDecoder().decode(text)` decodes it (its `decode0`,
/// step by step): the text is read as ISO-8859-1 bytes (other characters as `?`), bytes outside
/// the alphabet are skipped, the first `=` ends the data, and a malformed end is Java's
/// `IllegalArgumentException` message.
fn mime_decode(text: &str) -> Result<Vec<u8>, String> {
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(c).unwrap_or(b'?'))
        .collect();
    let sextet = |b: u8| -> Option<u32> {
        Some(u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    let (mut bits, mut shift, mut at) = (0u32, 18i32, 0usize);
    while at < bytes.len() {
        let b = bytes[at];
        at += 1;
        if b == b'=' {
            // `x=` (shift 12) ends as a dangling `x` below; `xx=` needs a second `=`.
            let unpaired = shift == 6 && (at == bytes.len() || bytes[at] != b'=');
            if unpaired || shift == 18 {
                return Err("Input byte array has wrong 4-byte ending unit".to_string());
            }
            at += usize::from(shift == 6);
            break;
        }
        let Some(value) = sextet(b) else {
            continue;
        };
        bits |= value << shift;
        shift -= 6;
        if shift < 0 {
            out.extend_from_slice(&bits.to_be_bytes()[1..]);
            (bits, shift) = (0, 18);
        }
    }
    match shift {
        6 => out.push(bits.to_be_bytes()[1]),
        0 => out.extend_from_slice(&bits.to_be_bytes()[1..3]),
        12 => return Err("Last unit does not have enough valid bits".to_string()),
        _ => {}
    }
    // After the padding, only bytes outside the alphabet may follow.
    match bytes[at..].iter().position(|b| sextet(*b).is_some()) {
        Some(offset) => Err(format!(
            "Input byte array has incorrect ending byte at {}",
            at + offset + 1
        )),
        None => Ok(out),
    }
}

/// The SHA-2 digest of `bytes` in `bits` (0 meaning 256), or `NULL` for another size.
fn sha2_digest(bytes: &[u8], bits: i32) -> Value {
    match bits {
        224 => hex(&sha2::Sha224::digest(bytes)),
        0 | 256 => hex(&sha2::Sha256::digest(bytes)),
        384 => hex(&sha2::Sha384::digest(bytes)),
        512 => hex(&sha2::Sha512::digest(bytes)),
        _ => Value::Null,
    }
}

static SHA2: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let input = bytes_arg(call, 0)?.eval;
        let (bits, _) = call.int_arg(1, false)?;
        Ok(bound(
            call.name.clone(),
            DataType::String,
            true,
            Arc::new(move |row: &Row| {
                Ok(match (input(row)?, bits(row)?) {
                    (Value::String(s), Value::Int(bits)) => sha2_digest(s.as_bytes(), bits),
                    _ => Value::Null,
                })
            }),
        ))
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, error};
    use super::*;
    use crate::Value::{Binary, Int, Long, Null};

    // Expected values from PySpark 4.3 (`spark.sql("select hash(...) ...")`).

    #[test]
    fn murmur3_of_each_type() {
        check(
            "hash(i)",
            "hash(i)",
            "int",
            &[Int(-559580957), Int(-1618159745), Int(42), Int(133916647)],
        );
        check(
            "hash(l)",
            "hash(l)",
            "int",
            &[Int(-15944323), Int(-925101593), Int(42), Int(-1604625029)],
        );
        check(
            "hash(d)",
            "hash(d)",
            "int",
            &[Int(-892273744), Int(-1670924195), Int(42), Int(-1281358385)],
        );
        check(
            "hash(s)",
            "hash(s)",
            "int",
            &[Int(1322437556), Int(-281075962), Int(42), Int(142593372)],
        );
        check(
            "hash(b)",
            "hash(b)",
            "int",
            &[Int(-559580957), Int(933211791), Int(42), Int(-559580957)],
        );
        check(
            "hash(dt)",
            "hash(dt)",
            "int",
            &[Int(260758936), Int(933211791), Int(42), Int(-28786220)],
        );
        check(
            "hash(ts)",
            "hash(ts)",
            "int",
            &[Int(-1315934888), Int(-1670924195), Int(42), Int(1078694222)],
        );
        check(
            "hash(arr)",
            "hash(arr)",
            "int",
            &[Int(-222940379), Int(-1823081949), Int(42), Int(42)],
        );
        check(
            "hash(i, s)",
            "hash(i, s)",
            "int",
            &[Int(-1267584506), Int(312166368), Int(42), Int(568488996)],
        );
        check(
            "hash(i, NULL, s)",
            "hash(i, NULL, s)",
            "int",
            &[Int(-1267584506), Int(312166368), Int(42), Int(568488996)],
        );
        check("hash(NULL)", "hash(NULL)", "int", &vec![Int(42); 4]);
        for (call, name, expected) in [
            ("hash(0.0D)", "hash(0.0)", -1670924195),
            ("hash(-0.0D)", "hash(-0.0)", -1670924195),
            ("hash(1.5D)", "hash(1.5)", 1290763749),
            ("hash(1L)", "hash(1)", -1712319331),
            ("hash(1)", "hash(1)", -559580957),
            ("hash(false)", "hash(false)", 933211791),
            ("hash('')", "hash()", 142593372),
            ("hash('a')", "hash(a)", 1485273170),
            ("hash('ab')", "hash(ab)", -97053317),
            ("hash('abcd')", "hash(abcd)", -396302900),
            ("hash('abcde')", "hash(abcde)", 814637928),
            ("hash('日本語テキスト')", "hash(日本語テキスト)", -675756566),
        ] {
            check(call, name, "int", &vec![Int(expected); 4]);
        }
        check(
            "hash(1.0E-300)",
            "hash(1.0E-300)",
            "int",
            &vec![Int(-409653190); 4],
        );
        // `hash(array(1, 2), 'x')`
        let array = Value::Array(vec![Int(1), Int(2)]);
        assert_eq!(
            Murmur3::value(&"x".into(), Murmur3::value(&array, SEED)) as i32,
            1581363805
        );
        // `xxhash64(array(array(1), array(2, NULL)))` is `xxhash64(array(1, 2))`.
        let nested = Value::Array(vec![
            Value::Array(vec![Int(1)]),
            Value::Array(vec![Int(2), Null]),
        ]);
        assert_eq!(XxHash64::value(&nested, SEED) as i64, -8133857028838179022);
        let long = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789";
        assert_eq!(Murmur3::bytes(long.as_bytes(), SEED) as i32, 1746274400);
        // `array('x', NULL, 'yz')`
        let array = Value::Array(vec!["x".into(), Null, "yz".into()]);
        assert_eq!(Murmur3::value(&array, SEED) as i32, 1959149491);
    }

    #[test]
    fn xxhash64_of_each_type() {
        check(
            "xxhash64(i)",
            "xxhash64(i)",
            "bigint",
            &[
                Long(-6698625589789238999),
                Long(4987848727247274714),
                Long(42),
                Long(1508894993788531228),
            ],
        );
        check(
            "xxhash64(l)",
            "xxhash64(l)",
            "bigint",
            &[
                Long(1833446804176943981),
                Long(1828574075509201448),
                Long(42),
                Long(-3246596055638297850),
            ],
        );
        check(
            "xxhash64(d)",
            "xxhash64(d)",
            "bigint",
            &[
                Long(2435211733827758672),
                Long(-5252525462095825812),
                Long(42),
                Long(-3127944061524951246),
            ],
        );
        check(
            "xxhash64(s)",
            "xxhash64(s)",
            "bigint",
            &[
                Long(1423657621850124518),
                Long(7620070002295215535),
                Long(42),
                Long(-7444071767201028348),
            ],
        );
        check(
            "xxhash64(b)",
            "xxhash64(b)",
            "bigint",
            &[
                Long(-6698625589789238999),
                Long(3614696996920510707),
                Long(42),
                Long(-6698625589789238999),
            ],
        );
        check(
            "xxhash64(dt)",
            "xxhash64(dt)",
            "bigint",
            &[
                Long(1763388596767996625),
                Long(3614696996920510707),
                Long(42),
                Long(87636426632586988),
            ],
        );
        check(
            "xxhash64(ts)",
            "xxhash64(ts)",
            "bigint",
            &[
                Long(8567409617254857896),
                Long(-5252525462095825812),
                Long(42),
                Long(6400613740996951760),
            ],
        );
        check(
            "xxhash64(arr)",
            "xxhash64(arr)",
            "bigint",
            &[
                Long(-8133857028838179022),
                Long(6258084186791473711),
                Long(42),
                Long(42),
            ],
        );
        check(
            "xxhash64(i, s)",
            "xxhash64(i, s)",
            "bigint",
            &[
                Long(-3712979484889829503),
                Long(36920053819429090),
                Long(42),
                Long(-6437335867187629051),
            ],
        );
        for (s, expected) in [
            ("", -7444071767201028348),
            ("a", -8582455328737087284),
            ("abcde", -990457398947679591),
            ("日本語テキスト", 7772424398469540022),
            (
                "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijkl",
                7459919185822212198,
            ),
            (
                "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789",
                -9039700594013529702,
            ),
        ] {
            assert_eq!(XxHash64::bytes(s.as_bytes(), SEED) as i64, expected, "{s}");
        }
        check(
            "xxhash64(-0.0D)",
            "xxhash64(-0.0)",
            "bigint",
            &vec![Long(-5252525462095825812); 4],
        );
        check(
            "xxhash64(1.5D)",
            "xxhash64(1.5)",
            "bigint",
            &vec![Long(7738255526519901366); 4],
        );
        assert_eq!(
            error("hash()"),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `hash` requires > 0 parameters but the \
             actual number is 0. Please, refer to \
             'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: \
             42605"
        );
    }

    #[test]
    fn digests() {
        check(
            "md5(s)",
            "md5(s)",
            "string",
            &[
                "900150983cd24fb0d6963f7d28e17f72".into(),
                "ed0c22cc110ede12327851863c078138".into(),
                Null,
                "d41d8cd98f00b204e9800998ecf8427e".into(),
            ],
        );
        check(
            "md5('日本語')",
            "md5(日本語)",
            "string",
            &vec!["00110af8b4393ef3f72c50be5b332bec".into(); 4],
        );
        check(
            "sha1(s)",
            "sha1(s)",
            "string",
            &[
                "a9993e364706816aba3e25717850c26c9cd0d89d".into(),
                "24e9f5c07847ff8a2a9fa77456655792f5bc7f9f".into(),
                Null,
                "da39a3ee5e6b4b0d3255bfef95601890afd80709".into(),
            ],
        );
        check(
            "sha(s)",
            "sha(s)",
            "string",
            &[
                "a9993e364706816aba3e25717850c26c9cd0d89d".into(),
                "24e9f5c07847ff8a2a9fa77456655792f5bc7f9f".into(),
                Null,
                "da39a3ee5e6b4b0d3255bfef95601890afd80709".into(),
            ],
        );
        let sha256 = [
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            "a1003f7d04a4115711d0b48a2eaf1359ce565d2d2a6fd65098dfcffadeeef59f".into(),
            Null,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into(),
        ];
        check("sha2(s, 256)", "sha2(s, 256)", "string", &sha256);
        check("sha2(s, 0)", "sha2(s, 0)", "string", &sha256);
        check(
            "sha2(s, 224)",
            "sha2(s, 224)",
            "string",
            &[
                "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7".into(),
                "9b52a881dfe9a9f75a4752d1ea0902c3318219ff19f9a0cadfa7413d".into(),
                Null,
                "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f".into(),
            ],
        );
        check("sha2(s, 384)", "sha2(s, 384)", "string", &["cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7".into(), "0ae7fb364d4a1c32722e35dd2abe2eba049d63883e63b30cf1c510a6923c49676f41d1b6765c7c63a15f8c369289a313".into(), Null, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b".into()]);
        assert_eq!(sha2_digest(b"abc", 512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f".into());
        check("sha2(s, 1)", "sha2(s, 1)", "string", &vec![Null; 4]);
        check("sha2(s, i)", "sha2(s, i)", "string", &vec![Null; 4]);
        check("sha2(s, NULL)", "sha2(s, NULL)", "string", &vec![Null; 4]);
        check(
            "crc32(s)",
            "crc32(s)",
            "bigint",
            &[Long(891568578), Long(354246585), Null, Long(0)],
        );
        check(
            "base64(s)",
            "base64(s)",
            "string",
            &[
                "YWJj".into(),
                "aMOpbGxvIHfDtnJsZA==".into(),
                Null,
                "".into(),
            ],
        );
        check(
            "crc32('héllo wörld')",
            "crc32(héllo wörld)",
            "bigint",
            &vec![Long(354246585); 4],
        );
        assert_eq!(
            error("md5(i)"),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"md5(i)\" due to data \
             type mismatch: The first parameter requires the \"BINARY\" type, however \"i\" has \
             the type \"INT\". SQLSTATE: 42K09"
        );
    }

    #[test]
    fn unbase64_decodes_as_java_s_mime_decoder() {
        check(
            "unbase64(s)",
            "unbase64(s)",
            "binary",
            &[
                Binary(vec![0x69, 0xb7]),
                Binary(vec![0x86, 0x59, 0x68, 0xc2, 0xb9, 0x5d]),
                Null,
                Binary(vec![]),
            ],
        );
        for (call, name, expected) in [
            ("unbase64('YWJj')", "unbase64(YWJj)", &b"abc"[..]),
            ("unbase64('YWJjZA==')", "unbase64(YWJjZA==)", b"abcd"),
            ("unbase64('YWJjZA')", "unbase64(YWJjZA)", b"abcd"),
            ("unbase64('YWJ')", "unbase64(YWJ)", b"ab"),
            ("unbase64('YW Jj')", "unbase64(YW Jj)", b"abc"),
            ("unbase64('Y W J j')", "unbase64(Y W J j)", b"abc"),
            ("unbase64('!!!!')", "unbase64(!!!!)", b""),
            ("unbase64('_-_-')", "unbase64(_-_-)", b""),
            ("unbase64('')", "unbase64()", b""),
            ("unbase64('YQ==!')", "unbase64(YQ==!)", b"a"),
        ] {
            check(call, name, "binary", &vec![Binary(expected.to_vec()); 4]);
        }
        check("unbase64(NULL)", "unbase64(NULL)", "binary", &vec![Null; 4]);
        check(
            "base64(unbase64('YWJj'))",
            "base64(unbase64(YWJj))",
            "string",
            &vec!["YWJj".into(); 4],
        );
        for (call, message) in [
            ("unbase64('Y')", "Last unit does not have enough valid bits"),
            ("unbase64(i)", "Last unit does not have enough valid bits"),
            (
                "unbase64('YWJjZA=')",
                "Input byte array has wrong 4-byte ending unit",
            ),
            (
                "unbase64('=')",
                "Input byte array has wrong 4-byte ending unit",
            ),
            (
                "unbase64('YWJj====')",
                "Input byte array has wrong 4-byte ending unit",
            ),
            (
                "unbase64('YQ==YQ==')",
                "Input byte array has incorrect ending byte at 5",
            ),
        ] {
            assert_eq!(error(call), message, "{call}");
        }
    }
}
