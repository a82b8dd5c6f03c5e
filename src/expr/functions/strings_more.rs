//! More string functions: `concat_ws`, `lpad`, `rpad`, `instr`, `locate`/`position`,
//! `replace`, `translate`, `initcap`, `repeat`, `format_string`/`printf`, `ltrim`, `rtrim`.
//!
//! Positions and lengths count characters (Unicode code points), as Spark does. A `NULL`
//! argument gives `NULL`, except where noted (`concat_ws` skips `NULL`s, `format_string` prints
//! them as `null`).

use super::format::Format;
use super::strings::{first, string_arg, unary};
use super::{no_defaults, scalar, Arity, Call, Entry, ScalarFunction};
use crate::error::{Error, Result};
use crate::expr::bind::{bound, BoundExpr, Evaluator};
use crate::expr::cast::cast_evaluator;
use crate::expr::name::sql;
use crate::expr::types::{implicitly_castable_to_string, unexpected_input_type};
use crate::expr::Expr;
use crate::{DataType, Row, Value};
use std::sync::Arc;

/// `concat_ws(sep, e1, e2, ...)`: the strings (and the elements of string arrays) joined by
/// `sep`, skipping `NULL`s; `NULL` only when `sep` is.
///
/// ```
/// use ember::{bind, col, concat_ws, lit, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
/// let b = bind(&concat_ws(",", vec![col("s"), lit(1)]), &schema)?;
/// assert_eq!(b.name, "concat_ws(,, s, 1)");
/// assert_eq!((b.eval)(&Row::new(vec![Value::Null])), Ok(Value::from("1")));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn concat_ws(sep: &str, exprs: Vec<Expr>) -> Expr {
    let mut args = vec![Expr::Literal(sep.into())];
    args.extend(exprs);
    scalar("concat_ws", args)
}

/// `lpad(e, len, pad)`: the string left-padded with `pad` (repeated) to `len` characters, or
/// cut to `len`.
pub fn lpad(e: impl Into<Expr>, len: i32, pad: &str) -> Expr {
    scalar(
        "lpad",
        vec![
            e.into(),
            Expr::Literal(Value::Int(len)),
            Expr::Literal(pad.into()),
        ],
    )
}

/// `rpad(e, len, pad)`: the string right-padded with `pad` (repeated) to `len` characters, or
/// cut to `len`.
pub fn rpad(e: impl Into<Expr>, len: i32, pad: &str) -> Expr {
    scalar(
        "rpad",
        vec![
            e.into(),
            Expr::Literal(Value::Int(len)),
            Expr::Literal(pad.into()),
        ],
    )
}

/// `instr(e, substring)`: the 1-based position of the first `substring`, 0 if none.
pub fn instr(e: impl Into<Expr>, substring: &str) -> Expr {
    scalar("instr", vec![e.into(), Expr::Literal(substring.into())])
}

/// `locate(substring, e, pos)`: the 1-based position of the first `substring` at or after
/// position `pos`, 0 if none (or if `pos` is below 1).
pub fn locate(substring: &str, e: impl Into<Expr>, pos: i32) -> Expr {
    scalar(
        "locate",
        vec![
            Expr::Literal(substring.into()),
            e.into(),
            Expr::Literal(Value::Int(pos)),
        ],
    )
}

/// `replace(e, search, replacement)`: every `search` replaced.
pub fn replace(e: impl Into<Expr>, search: &str, replacement: &str) -> Expr {
    scalar(
        "replace",
        vec![
            e.into(),
            Expr::Literal(search.into()),
            Expr::Literal(replacement.into()),
        ],
    )
}

/// `translate(e, from, to)`: each character of `from` replaced by the one at the same place in
/// `to`, or removed when `to` is shorter.
pub fn translate(e: impl Into<Expr>, from: &str, to: &str) -> Expr {
    scalar(
        "translate",
        vec![
            e.into(),
            Expr::Literal(from.into()),
            Expr::Literal(to.into()),
        ],
    )
}

/// `initcap(e)`: each space-separated word in title case, the rest in lower case.
pub fn initcap(e: impl Into<Expr>) -> Expr {
    scalar("initcap", vec![e.into()])
}

/// `repeat(e, n)`: the string `n` times (empty for `n <= 0`).
pub fn repeat(e: impl Into<Expr>, n: i32) -> Expr {
    scalar("repeat", vec![e.into(), Expr::Literal(Value::Int(n))])
}

/// `format_string(format, e1, ...)`: Java's `String.format` (see the `format` module for what
/// is supported).
///
/// ```
/// use ember::{bind, col, format_string, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("d", DataType::Double)]);
/// let b = bind(&format_string("%08.3f", vec![col("d")]), &schema)?;
/// assert_eq!((b.eval)(&Row::new(vec![Value::Double(2.5)])), Ok(Value::from("0002.500")));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn format_string(format: &str, exprs: Vec<Expr>) -> Expr {
    let mut args = vec![Expr::Literal(format.into())];
    args.extend(exprs);
    scalar("format_string", args)
}

/// `ltrim(e)`: the string without leading spaces.
pub fn ltrim(e: impl Into<Expr>) -> Expr {
    scalar("ltrim", vec![e.into()])
}

/// `rtrim(e)`: the string without trailing spaces.
pub fn rtrim(e: impl Into<Expr>) -> Expr {
    scalar("rtrim", vec![e.into()])
}

/// The string functions of this file.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("concat_ws", &CONCAT_WS),
    Entry::scalar("lpad", &LPAD),
    Entry::scalar("rpad", &RPAD),
    Entry::scalar("instr", &INSTR),
    Entry::scalar("locate", &LOCATE),
    Entry::scalar("position", &LOCATE),
    Entry::scalar("replace", &REPLACE),
    Entry::scalar("translate", &TRANSLATE),
    Entry::scalar("initcap", &INITCAP),
    Entry::scalar("repeat", &REPEAT),
    Entry::scalar("format_string", &FORMAT_STRING),
    Entry::scalar("printf", &FORMAT_STRING),
    Entry::scalar("ltrim", &LTRIM),
    Entry::scalar("rtrim", &RTRIM),
];

/// One argument of a string function.
enum Arg {
    /// A string (or a value cast to one).
    String,
    /// An `int`.
    Int,
}

/// Binds `call`'s arguments as `kinds` says: strings cast to `string`, ints as `int`s.
fn bind_args(call: &Call<'_>, kinds: &[Arg]) -> Result<(Vec<Evaluator>, bool)> {
    let mut evals = Vec::new();
    let mut nullable = false;
    for (i, kind) in kinds.iter().enumerate() {
        let (eval, n) = match kind {
            Arg::String => string_arg(&call.name, i, call.arg(i)?, call.schema)?,
            Arg::Int => call.int_arg(i, false)?,
        };
        evals.push(eval);
        nullable |= n;
    }
    Ok((evals, nullable))
}

/// A function of its arguments' values, `NULL` when any is `NULL`: `f` gets them in order,
/// each a `Value::String` or a `Value::Int` as `kinds` says.
fn bind_strict(
    call: &Call<'_>,
    kinds: &[Arg],
    data_type: DataType,
    f: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static,
) -> Result<BoundExpr> {
    let (evals, nullable) = bind_args(call, kinds)?;
    Ok(bound(
        call.name.clone(),
        data_type,
        nullable,
        Arc::new(move |row: &Row| {
            let mut values = Vec::with_capacity(evals.len());
            for eval in &evals {
                let v = eval(row)?;
                if v.is_null() {
                    return Ok(Value::Null);
                }
                values.push(v);
            }
            f(&values)
        }),
    ))
}

/// The string inside a value [`bind_strict`] hands over.
fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// The int inside a value [`bind_strict`] hands over.
fn int(v: &Value) -> i32 {
    match v {
        Value::Int(i) => *i,
        _ => 0,
    }
}

/// A string function of `kinds` arguments computed by `f` on their (non-null) values.
macro_rules! strict {
    ($arity:expr, $defaults:expr, [$($kind:expr),*], $data_type:expr, $f:expr) => {
        ScalarFunction {
            arity: $arity,
            defaults: $defaults,
            bind: |call| bind_strict(call, &[$($kind),*], $data_type, $f),
        }
    };
}

/// Spark's default pad, a space (it shows in the name: `lpad(s, 5,  )`).
fn pad_with_space(args: &mut Vec<Expr>) {
    if args.len() == 2 {
        args.push(Expr::Literal(" ".into()));
    }
}

/// Spark's default position of `locate`, 1.
fn from_the_start(args: &mut Vec<Expr>) {
    if args.len() == 2 {
        args.push(Expr::Literal(Value::Int(1)));
    }
}

/// Spark's default replacement of `replace`, the empty string.
fn with_nothing(args: &mut Vec<Expr>) {
    if args.len() == 2 {
        args.push(Expr::Literal("".into()));
    }
}

/// The largest string Java (and so Spark) can hold, in bytes: its largest array.
const LARGEST_STRING: usize = i32::MAX as usize - 8;

/// `s` padded to `len` characters with `pad` on the left (`left`) or right, as Spark's
/// `UTF8String.lpad`/`rpad`: cut to `len` when longer or when `pad` is empty. A result beyond
/// the largest string fails (Spark runs out of memory).
fn pad(s: &str, len: i32, pad: &str, left: bool) -> Result<String, String> {
    let len = len.max(0) as usize;
    let chars = s.chars().count();
    if chars >= len || pad.is_empty() {
        return Ok(s.chars().take(len).collect());
    }
    let widest = pad.chars().map(char::len_utf8).max().unwrap_or(1);
    if s.len() + (len - chars) * widest > LARGEST_STRING {
        return Err(format!(
            "java.lang.OutOfMemoryError: a padded string of {len} characters is beyond the \
             largest string ({LARGEST_STRING} bytes)"
        ));
    }
    let filler: String = pad.chars().cycle().take(len - chars).collect();
    Ok(if left {
        filler + s
    } else {
        s.to_string() + &filler
    })
}

/// `lpad` (`left`) or `rpad`.
macro_rules! pad_function {
    ($left:expr) => {
        strict!(
            Arity::between(2, 3),
            pad_with_space,
            [Arg::String, Arg::Int, Arg::String],
            DataType::String,
            |v| pad(text(&v[0]), int(&v[1]), text(&v[2]), $left).map(Value::String)
        )
    };
}

static LPAD: ScalarFunction = pad_function!(true);
static RPAD: ScalarFunction = pad_function!(false);

/// The 1-based character position of `needle` in `haystack` at or after character `from`
/// (0-based), or 0.
fn position(haystack: &str, needle: &str, from: usize) -> i32 {
    let Some((start, _)) = haystack.char_indices().nth(from) else {
        return 0;
    };
    match haystack[start..].find(needle) {
        Some(byte) => (from + haystack[start..start + byte].chars().count() + 1) as i32,
        None => 0,
    }
}

static INSTR: ScalarFunction = strict!(
    Arity::exactly(2),
    no_defaults,
    [Arg::String, Arg::String],
    DataType::Integer,
    |v| Ok(Value::Int(if text(&v[1]).is_empty() {
        1
    } else {
        position(text(&v[0]), text(&v[1]), 0)
    }))
);

static LOCATE: ScalarFunction = ScalarFunction {
    arity: Arity::between(2, 3),
    defaults: from_the_start,
    bind: |call| {
        let (evals, nullable) = bind_args(call, &[Arg::String, Arg::String, Arg::Int])?;
        Ok(bound(
            call.name.clone(),
            DataType::Integer,
            nullable,
            Arc::new(move |row: &Row| {
                // Spark: a `NULL` position gives 0, whatever the strings.
                let Value::Int(pos) = evals[2](row)? else {
                    return Ok(Value::Int(0));
                };
                let (needle, haystack) = (evals[0](row)?, evals[1](row)?);
                let (Value::String(needle), Value::String(haystack)) = (needle, haystack) else {
                    return Ok(Value::Null);
                };
                Ok(Value::Int(if pos < 1 {
                    0
                } else if needle.is_empty() {
                    1
                } else {
                    position(&haystack, &needle, pos as usize - 1)
                }))
            }),
        ))
    },
};

static REPLACE: ScalarFunction = strict!(
    Arity::between(2, 3),
    with_nothing,
    [Arg::String, Arg::String, Arg::String],
    DataType::String,
    |v| {
        let (s, search) = (text(&v[0]), text(&v[1]));
        Ok(Value::String(if search.is_empty() {
            s.to_string()
        } else {
            s.replace(search, text(&v[2]))
        }))
    }
);

/// What `translate(s, from, to)` does to each character of `s`: a character of `from` (its
/// first occurrence counts) becomes the one at its place in `to`, or is removed when `to` is
/// shorter; any other stays.
struct Translation(Vec<(char, Option<char>)>);

impl Translation {
    fn new(from: &str, to: &str) -> Self {
        let to: Vec<char> = to.chars().collect();
        let mut map: Vec<(char, Option<char>)> = Vec::new();
        for (i, c) in from.chars().enumerate() {
            if !map.iter().any(|(k, _)| *k == c) {
                map.push((c, to.get(i).copied()));
            }
        }
        Translation(map)
    }

    fn apply(&self, s: &str) -> Value {
        Value::String(
            s.chars()
                .filter_map(|c| match self.0.iter().find(|(k, _)| *k == c) {
                    Some((_, replacement)) => *replacement,
                    None => Some(c),
                })
                .collect(),
        )
    }
}

static TRANSLATE: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(3),
    defaults: no_defaults,
    bind: |call| {
        // Literal `from` and `to` (the usual call) are read once, not on every row.
        let literal = |index| match call.arg(index) {
            Ok(Expr::Literal(Value::String(s))) => Some(s.as_str()),
            _ => None,
        };
        if let (Some(from), Some(to)) = (literal(1), literal(2)) {
            let translation = Translation::new(from, to);
            let input = first(call)?;
            return Ok(unary(
                call.name.clone(),
                DataType::String,
                input,
                move |s| Ok(translation.apply(s)),
            ));
        }
        let strings = [Arg::String, Arg::String, Arg::String];
        bind_strict(call, &strings, DataType::String, |v| {
            Ok(Translation::new(text(&v[1]), text(&v[2])).apply(text(&v[0])))
        })
    },
};

/// The title case of a character (ICU's, as Spark's): the upper case, except for the
/// digraphs and ligatures whose title case is a capital followed by small letters.
fn title_case(c: char, out: &mut String) {
    let title = match c {
        '\u{01C4}'..='\u{01C6}' => '\u{01C5}',
        '\u{01C7}'..='\u{01C9}' => '\u{01C8}',
        '\u{01CA}'..='\u{01CC}' => '\u{01CB}',
        '\u{01F1}'..='\u{01F3}' => '\u{01F2}',
        'ß' => return out.push_str("Ss"),
        '\u{FB00}' => return out.push_str("Ff"),
        '\u{FB01}' => return out.push_str("Fi"),
        '\u{FB02}' => return out.push_str("Fl"),
        '\u{FB03}' => return out.push_str("Ffi"),
        '\u{FB04}' => return out.push_str("Ffl"),
        '\u{FB05}' | '\u{FB06}' => return out.push_str("St"),
        _ => return out.extend(c.to_uppercase()),
    };
    out.push(title);
}

/// Spark's `initcap`: lower case, then the first character after each space in title case.
fn initcap_words(s: &str) -> String {
    if s.is_ascii() {
        // One pass: an ASCII character's lower and title cases are one ASCII character.
        let mut out = String::with_capacity(s.len());
        let mut start = true;
        for c in s.chars() {
            out.push(if start {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            });
            start = c == ' ';
        }
        return out;
    }
    // `str::to_lowercase`, not by character: a final sigma is `ς`, as in Java.
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.to_lowercase().chars() {
        if start {
            title_case(c, &mut out);
        } else {
            out.push(c);
        }
        start = c == ' ';
    }
    out
}

static INITCAP: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        Ok(unary(
            call.name.clone(),
            DataType::String,
            first(call)?,
            |s| Ok(Value::String(initcap_words(s))),
        ))
    },
};

static REPEAT: ScalarFunction = strict!(
    Arity::exactly(2),
    no_defaults,
    [Arg::String, Arg::Int],
    DataType::String,
    |v| {
        let (s, n) = (text(&v[0]), int(&v[1]).max(0) as usize);
        if s.len().saturating_mul(n) > LARGEST_STRING {
            // Java's `Math.multiplyExact`, as Spark's `UTF8String.repeat` calls it.
            return Err("integer overflow".to_string());
        }
        Ok(Value::String(s.repeat(n)))
    }
);

static LTRIM: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: no_defaults,
    bind: |call| {
        check_one_argument(call)?;
        Ok(unary(
            call.name.clone(),
            DataType::String,
            first(call)?,
            |s| Ok(Value::String(s.trim_start_matches(' ').to_string())),
        ))
    },
};

static RTRIM: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: no_defaults,
    bind: |call| {
        check_one_argument(call)?;
        Ok(unary(
            call.name.clone(),
            DataType::String,
            first(call)?,
            |s| Ok(Value::String(s.trim_end_matches(' ').to_string())),
        ))
    },
};

/// Argument `index` of `concat_ws` (after the separator): a string, or an array of atomic
/// values, as an array of strings; `NULL`s stay.
fn concat_ws_arg(call: &Call<'_>, index: usize) -> Result<Evaluator> {
    let arg = call.bind_arg(index)?;
    let eval = match &arg.data_type {
        DataType::Array(element) if implicitly_castable_to_string(element) => {
            let strings = DataType::Array(Box::new(DataType::String));
            cast_evaluator(arg.eval, arg.data_type.clone(), strings)
        }
        t if implicitly_castable_to_string(t) => {
            cast_evaluator(arg.eval, t.clone(), DataType::String)
        }
        other => {
            return Err(unexpected_input_type(
                &call.name,
                index,
                "(\"ARRAY<STRING>\" or \"STRING\")",
                &sql(call.arg(index)?),
                other,
            ))
        }
    };
    Ok(eval)
}

static CONCAT_WS: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(1),
    defaults: no_defaults,
    bind: |call| {
        let (separator, nullable) = string_arg(&call.name, 0, call.arg(0)?, call.schema)?;
        let parts: Vec<Evaluator> = (1..call.args.len())
            .map(|i| concat_ws_arg(call, i))
            .collect::<Result<_>>()?;
        Ok(bound(
            call.name.clone(),
            DataType::String,
            nullable,
            Arc::new(move |row: &Row| {
                let Value::String(separator) = separator(row)? else {
                    return Ok(Value::Null);
                };
                let mut pieces: Vec<String> = Vec::new();
                for part in &parts {
                    match part(row)? {
                        Value::String(s) => pieces.push(s),
                        Value::Array(items) => {
                            pieces.extend(items.into_iter().filter_map(|item| match item {
                                Value::String(s) => Some(s),
                                _ => None,
                            }))
                        }
                        _ => {}
                    }
                }
                Ok(Value::String(pieces.join(&separator)))
            }),
        ))
    },
};

static FORMAT_STRING: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(1),
    defaults: no_defaults,
    bind: |call| {
        let (format, nullable) = string_arg(&call.name, 0, call.arg(0)?, call.schema)?;
        // A constant format is parsed once; its error, if any, is the rows' error.
        let constant = match call.arg(0)? {
            Expr::Literal(Value::String(text)) => Some(Format::parse(text)),
            _ => None,
        };
        let args: Vec<Evaluator> = (1..call.args.len())
            .map(|i| call.bind_arg(i).map(|a| a.eval))
            .collect::<Result<_>>()?;
        Ok(bound(
            call.name.clone(),
            DataType::String,
            nullable,
            Arc::new(move |row: &Row| {
                let Value::String(text) = format(row)? else {
                    return Ok(Value::Null);
                };
                let values: Vec<Value> = args.iter().map(|a| a(row)).collect::<Result<_, _>>()?;
                match &constant {
                    Some(parsed) => parsed.as_ref().map_err(Clone::clone)?.apply(&values),
                    None => Format::parse(&text)?.apply(&values),
                }
                .map(Value::String)
            }),
        ))
    },
};

/// `ltrim` and `rtrim` with characters to trim (Spark's `TRIM(LEADING chars FROM s)`) are not
/// supported: they fail when bound.
fn check_one_argument(call: &Call<'_>) -> Result<()> {
    if call.args.len() > 1 {
        return Err(Error::Analysis(format!(
            "[UNSUPPORTED_FEATURE] The feature is not supported: `{}` with characters to trim, \
             in \"{}\".",
            call.function, call.name
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check, error};
    use crate::Value::{self, Int, Null};

    // Expected names, types and values from PySpark 4.3 (`spark.sql("select ...")`).

    fn strings(values: [Option<&str>; 4]) -> Vec<Value> {
        values.iter().map(|v| v.map_or(Null, Value::from)).collect()
    }

    #[test]
    fn concat_ws_skips_nulls() {
        check(
            "concat_ws(',', s, 'x')",
            "concat_ws(,, s, x)",
            "string",
            &strings([Some("abc,x"), Some("héllo wörld,x"), Some("x"), Some(",x")]),
        );
        check(
            "concat_ws(',', s, NULL, i)",
            "concat_ws(,, s, NULL, i)",
            "string",
            &strings([
                Some("abc,1"),
                Some("héllo wörld,-7"),
                Some(""),
                Some(",2147483647"),
            ]),
        );
        check(
            "concat_ws('-', arr)",
            "concat_ws(-, arr)",
            "string",
            &strings([Some("1-2"), Some("3"), Some(""), Some("")]),
        );
        check(
            "concat_ws(',', b, dt)",
            "concat_ws(,, b, dt)",
            "string",
            &strings([
                Some("true,2024-03-01"),
                Some("false,1970-01-01"),
                Some(""),
                Some("true,1900-01-01"),
            ]),
        );
        check(
            "concat_ws(',', s, 1.5D, b)",
            "concat_ws(,, s, 1.5, b)",
            "string",
            &strings([
                Some("abc,1.5,true"),
                Some("héllo wörld,1.5,false"),
                Some("1.5"),
                Some(",1.5,true"),
            ]),
        );
        check(
            "concat_ws(NULL, s)",
            "concat_ws(NULL, s)",
            "string",
            &vec![Null; 4],
        );
        check(
            "concat_ws(',')",
            "concat_ws(,)",
            "string",
            &strings([Some(""); 4]),
        );
        check(
            "concat_ws(s)",
            "concat_ws(s)",
            "string",
            &strings([Some(""), Some(""), None, Some("")]),
        );
        check(
            "concat_ws(i, s)",
            "concat_ws(i, s)",
            "string",
            &strings([Some("abc"), Some("héllo wörld"), None, Some("")]),
        );
    }

    #[test]
    fn padding() {
        check(
            "lpad(s, 5)",
            "lpad(s, 5,  )",
            "string",
            &strings([Some("  abc"), Some("héllo"), None, Some("     ")]),
        );
        check(
            "lpad(s, 5, '*')",
            "lpad(s, 5, *)",
            "string",
            &strings([Some("**abc"), Some("héllo"), None, Some("*****")]),
        );
        check(
            "lpad(s, 2, 'xy')",
            "lpad(s, 2, xy)",
            "string",
            &strings([Some("ab"), Some("hé"), None, Some("xy")]),
        );
        check(
            "lpad(s, 8, 'xy')",
            "lpad(s, 8, xy)",
            "string",
            &strings([Some("xyxyxabc"), Some("héllo wö"), None, Some("xyxyxyxy")]),
        );
        check(
            "lpad(s, -1, 'x')",
            "lpad(s, -1, x)",
            "string",
            &strings([Some(""), Some(""), None, Some("")]),
        );
        check(
            "lpad(s, 5, '')",
            "lpad(s, 5, )",
            "string",
            &strings([Some("abc"), Some("héllo"), None, Some("")]),
        );
        check(
            "rpad(s, 5)",
            "rpad(s, 5,  )",
            "string",
            &strings([Some("abc  "), Some("héllo"), None, Some("     ")]),
        );
        check(
            "rpad(s, 8, 'ab')",
            "rpad(s, 8, ab)",
            "string",
            &strings([Some("abcababa"), Some("héllo wö"), None, Some("abababab")]),
        );
        check(
            "rpad(i, 4, '0')",
            "rpad(i, 4, 0)",
            "string",
            &strings([Some("1000"), Some("-700"), None, Some("2147")]),
        );
        check(
            "lpad(s, NULL)",
            "lpad(s, NULL,  )",
            "string",
            &vec![Null; 4],
        );
    }

    #[test]
    fn searching() {
        check(
            "instr(s, 'l')",
            "instr(s, l)",
            "int",
            &[Int(0), Int(3), Null, Int(0)],
        );
        check(
            "instr(s, 'b')",
            "instr(s, b)",
            "int",
            &[Int(2), Int(0), Null, Int(0)],
        );
        check(
            "instr(s, '')",
            "instr(s, )",
            "int",
            &[Int(1), Int(1), Null, Int(1)],
        );
        check(
            "instr(i, '4')",
            "instr(i, 4)",
            "int",
            &[Int(0), Int(0), Null, Int(3)],
        );
        check(
            "locate('l', s)",
            "locate(l, s, 1)",
            "int",
            &[Int(0), Int(3), Null, Int(0)],
        );
        check(
            "locate('l', s, 4)",
            "locate(l, s, 4)",
            "int",
            &[Int(0), Int(4), Null, Int(0)],
        );
        check(
            "locate('l', s, 0)",
            "locate(l, s, 0)",
            "int",
            &[Int(0), Int(0), Null, Int(0)],
        );
        check(
            "locate('l', s, -1)",
            "locate(l, s, -1)",
            "int",
            &[Int(0), Int(0), Null, Int(0)],
        );
        check(
            "locate('', s, 100)",
            "locate(, s, 100)",
            "int",
            &[Int(1), Int(1), Null, Int(1)],
        );
        check(
            "locate('l', s, NULL)",
            "locate(l, s, NULL)",
            "int",
            &vec![Int(0); 4],
        );
        check(
            "position('l', s)",
            "position(l, s, 1)",
            "int",
            &[Int(0), Int(3), Null, Int(0)],
        );
    }

    #[test]
    fn replacing() {
        check(
            "replace(s, 'l')",
            "replace(s, l, )",
            "string",
            &strings([Some("abc"), Some("héo wörd"), None, Some("")]),
        );
        check(
            "replace(s, 'l', 'L')",
            "replace(s, l, L)",
            "string",
            &strings([Some("abc"), Some("héLLo wörLd"), None, Some("")]),
        );
        check(
            "replace(s, '', 'x')",
            "replace(s, , x)",
            "string",
            &strings([Some("abc"), Some("héllo wörld"), None, Some("")]),
        );
        check(
            "replace(s, 'abc', NULL)",
            "replace(s, abc, NULL)",
            "string",
            &vec![Null; 4],
        );
        check(
            "translate(s, 'lo', 'L')",
            "translate(s, lo, L)",
            "string",
            &strings([Some("abc"), Some("héLL wörLd"), None, Some("")]),
        );
        check(
            "translate(s, 'abc', 'xyz')",
            "translate(s, abc, xyz)",
            "string",
            &strings([Some("xyz"), Some("héllo wörld"), None, Some("")]),
        );
        check(
            "translate(s, 'aa', 'xy')",
            "translate(s, aa, xy)",
            "string",
            &strings([Some("xbc"), Some("héllo wörld"), None, Some("")]),
        );
        // `from` and `to` that are not literals are read on every row.
        check(
            "translate('abcabc hello', s, 'XY')",
            "translate(abcabc hello, s, XY)",
            "string",
            &strings([
                Some("XYXY hello"),
                Some("abcabcXe"),
                None,
                Some("abcabc hello"),
            ]),
        );
        check(
            "translate(s, 'l', s)",
            "translate(s, l, s)",
            "string",
            &strings([Some("abc"), Some("héhho wörhd"), None, Some("")]),
        );
        check(
            "translate(s, 'ab', NULL)",
            "translate(s, ab, NULL)",
            "string",
            &vec![Null; 4],
        );
        check(
            "repeat(s, 2)",
            "repeat(s, 2)",
            "string",
            &strings([
                Some("abcabc"),
                Some("héllo wörldhéllo wörld"),
                None,
                Some(""),
            ]),
        );
        check(
            "repeat(s, i)",
            "repeat(s, i)",
            "string",
            &strings([Some("abc"), Some(""), None, Some("")]),
        );
        assert_eq!(error("repeat(s, 2147483647)"), "integer overflow");
        assert_eq!(
            error("lpad(s, 2147483647, 'x')"),
            "java.lang.OutOfMemoryError: a padded string of 2147483647 characters is beyond the \
             largest string (2147483639 bytes)"
        );
    }

    #[test]
    fn cases_and_trims() {
        check(
            "initcap(s)",
            "initcap(s)",
            "string",
            &strings([Some("Abc"), Some("Héllo Wörld"), None, Some("")]),
        );
        check(
            "initcap('hello WORLD  foo-bar a1b')",
            "initcap(hello WORLD  foo-bar a1b)",
            "string",
            &strings([Some("Hello World  Foo-bar A1b"); 4]),
        );
        check(
            "initcap('ǆemal ßtraße')",
            "initcap(ǆemal ßtraße)",
            "string",
            &strings([Some("ǅemal Sstraße"); 4]),
        );
        // A capital sigma ending a word is a final sigma in lower case.
        check(
            "initcap('σΑΣ aΣb')",
            "initcap(σΑΣ aΣb)",
            "string",
            &strings([Some("Σας Aσb"); 4]),
        );
        check(
            "initcap(i)",
            "initcap(i)",
            "string",
            &strings([Some("1"), Some("-7"), None, Some("2147483647")]),
        );
        check(
            "ltrim(i)",
            "ltrim(i)",
            "string",
            &strings([Some("1"), Some("-7"), None, Some("2147483647")]),
        );
        check(
            "ltrim('  a b  ')",
            "ltrim(  a b  )",
            "string",
            &strings([Some("a b  "); 4]),
        );
        check(
            "rtrim('  a b  ')",
            "rtrim(  a b  )",
            "string",
            &strings([Some("  a b"); 4]),
        );
    }

    #[test]
    fn format_string_and_printf() {
        check(
            "format_string('%s-%d', s, i)",
            "format_string(%s-%d, s, i)",
            "string",
            &strings([
                Some("abc-1"),
                Some("héllo wörld--7"),
                Some("null-null"),
                Some("-2147483647"),
            ]),
        );
        check(
            "printf('%s-%d', s, i)",
            "printf(%s-%d, s, i)",
            "string",
            &strings([
                Some("abc-1"),
                Some("héllo wörld--7"),
                Some("null-null"),
                Some("-2147483647"),
            ]),
        );
        check(
            "format_string(NULL, s)",
            "format_string(NULL, s)",
            "string",
            &vec![Null; 4],
        );
        check(
            "format_string(i, s)",
            "format_string(i, s)",
            "string",
            &strings([Some("1"), Some("-7"), None, Some("2147483647")]),
        );
        assert_eq!(error("format_string('%d', d)"), "d != java.lang.Double");
    }
}
