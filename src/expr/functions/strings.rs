//! The string functions: `lower`, `upper`, `trim`, `length`, `concat`, `substring`, `split`,
//! `regexp_replace`, `regexp_extract`.
//!
//! Regular expressions are Java's in Spark and Rust's `regex` crate here: the syntax agrees for
//! classes, quantifiers, groups, named groups (`(?<name>..)`), anchors and flags, but `regex` has
//! no look-around and no back-references (such patterns are analysis errors), and its `\b` is
//! Unicode-aware; `\w`, `\d` and `\s` are made ASCII-only, as Java's are by default
//! ([`java_regex`](super::java_regex)). Replacement strings
//! follow Java's `Matcher.appendReplacement`: `$n`, `${name}`, `\x` for a literal `x`.

use super::{no_defaults, scalar, Arity, Call, Entry, ScalarFunction};
use crate::error::{Error, Result};
use crate::expr::bind::{bind_node, BoundExpr, Evaluator};
use crate::expr::name::sql;
use crate::expr::types::{implicitly_castable_to_string, unexpected_input_type};
use crate::expr::{cast, Expr};
use crate::{DataType, Row, Schema, Value};
use regex::{Captures, Regex};
use std::sync::Arc;

/// `lower(e)`: the string in lower case (non-string atomic values are cast to `string` first).
pub fn lower(e: impl Into<Expr>) -> Expr {
    scalar("lower", vec![e.into()])
}

/// `upper(e)`: the string in upper case.
pub fn upper(e: impl Into<Expr>) -> Expr {
    scalar("upper", vec![e.into()])
}

/// `trim(e)`: the string without leading and trailing spaces (only U+0020, as Spark).
pub fn trim(e: impl Into<Expr>) -> Expr {
    scalar("trim", vec![e.into()])
}

/// `length(e)`: the number of characters (Unicode code points), an `int`.
pub fn length(e: impl Into<Expr>) -> Expr {
    scalar("length", vec![e.into()])
}

/// `concat(e1, e2, ...)`: the strings joined; `NULL` if any is `NULL`.
///
/// ```
/// use ember::{col, concat, lit};
/// assert_eq!(concat(vec![col("a"), lit("-"), col("b")]).output_name(), "concat(a, -, b)");
/// ```
pub fn concat(exprs: Vec<Expr>) -> Expr {
    scalar("concat", exprs)
}

/// `substring(e, pos, len)` with Spark's rules: `pos` is 1-based, `0` means the start, a negative
/// `pos` counts from the end; at most `len` characters (none if `len <= 0`).
///
/// ```
/// use ember::{bind, col, substring, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
/// let b = bind(&substring(col("s"), -3, 2), &schema)?;
/// assert_eq!(b.name, "substring(s, -3, 2)");
/// assert_eq!((b.eval)(&Row::new(vec![Value::from("the cat  sat")])), Ok(Value::from("sa")));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn substring(e: impl Into<Expr>, pos: i32, len: i32) -> Expr {
    scalar(
        "substring",
        vec![
            e.into(),
            Expr::Literal(Value::Int(pos)),
            Expr::Literal(Value::Int(len)),
        ],
    )
}

/// `regexp_replace(e, pattern, replacement)`: every match of the (Java-style) regular
/// expression replaced; the replacement may refer to groups as `$1` or `${name}`, and `\$`
/// is a literal dollar, as in Java.
///
/// Patterns use Rust's `regex` syntax, which matches Java's for common expressions but has no
/// look-around or back-references; such a pattern is an analysis error.
///
/// ```
/// use ember::{bind, col, regexp_replace, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
/// let b = bind(&regexp_replace(col("s"), "(a)(t)", "$2$1"), &schema)?;
/// assert_eq!(b.name, "regexp_replace(s, (a)(t), $2$1, 1)");
/// assert_eq!((b.eval)(&Row::new(vec![Value::from("cat")])), Ok(Value::from("cta")));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn regexp_replace(e: impl Into<Expr>, pattern: &str, replacement: &str) -> Expr {
    scalar(
        "regexp_replace",
        vec![
            e.into(),
            Expr::Literal(pattern.into()),
            Expr::Literal(replacement.into()),
        ],
    )
}

/// `regexp_extract(e, pattern, idx)`: group `idx` (0 = the whole match) of the first match, or
/// the empty string when nothing (or an unmatched group) matches.
pub fn regexp_extract(e: impl Into<Expr>, pattern: &str, idx: i32) -> Expr {
    scalar(
        "regexp_extract",
        vec![
            e.into(),
            Expr::Literal(pattern.into()),
            Expr::Literal(Value::Int(idx)),
        ],
    )
}

/// `split(e, pattern)`: the string cut around matches of the regular expression, as Java's
/// `String.split(pattern, -1)` (Spark's default limit): trailing empty strings are kept, a
/// zero-width match at the start produces no leading empty string, and `""` gives `[""]`.
///
/// ```
/// use ember::{bind, col, split, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("value", DataType::String)]);
/// let b = bind(&split(col("value"), " "), &schema)?;
/// assert_eq!(b.name, "split(value,  , -1)");
/// assert_eq!(b.data_type, DataType::Array(Box::new(DataType::String)));
/// let words = (b.eval)(&Row::new(vec![Value::from("cat  cat")]))?;
/// assert_eq!(words, Value::Array(vec!["cat".into(), "".into(), "cat".into()]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn split(e: impl Into<Expr>, pattern: &str) -> Expr {
    scalar("split", vec![e.into(), Expr::Literal(pattern.into())])
}

/// Binds `arg` (parameter `index` of the call named `name`) and casts it to `string`.
pub(super) fn string_arg(
    name: &str,
    index: usize,
    arg: &Expr,
    schema: &Schema,
) -> Result<(Evaluator, bool)> {
    let bound = bind_node(arg, schema)?;
    if !implicitly_castable_to_string(&bound.data_type) {
        return Err(unexpected_input_type(
            name,
            index,
            "\"STRING\"",
            &sql(arg),
            &bound.data_type,
        ));
    }
    let eval = cast::cast_evaluator(bound.eval, bound.data_type, DataType::String);
    Ok((eval, bound.nullable))
}

/// Compiles a pattern, or fails with Spark's `INVALID_PARAMETER_VALUE.PATTERN` message.
pub(super) fn compile(pattern: &str, function: &str) -> Result<Regex> {
    Regex::new(&super::java_regex::java_classes(pattern)).map_err(|_| {
        Error::Analysis(format!(
            "[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `{function}` is \
             invalid: '{pattern}'. SQLSTATE: 22023"
        ))
    })
}

/// The input of a one-argument string function.
pub(super) enum StringInput {
    /// A `string` column of the input row, read in place.
    Column(usize),
    /// Any other expression, cast to `string`.
    Evaluated(Evaluator),
}

/// Binds the argument of a one-argument string function: a `string` column is read in place
/// rather than copied out of the row.
fn string_input(name: &str, arg: &Expr, schema: &Schema) -> Result<(StringInput, bool)> {
    if let Expr::Column(column, _) = arg {
        if let Some(index) = schema.index_of(column) {
            let field = &schema.fields[index];
            if field.data_type == DataType::String {
                return Ok((StringInput::Column(index), field.nullable));
            }
        }
    }
    let (eval, nullable) = string_arg(name, 0, arg, schema)?;
    Ok((StringInput::Evaluated(eval), nullable))
}

/// A string function: (input string) -> value.
pub(super) fn unary(
    name: String,
    data_type: DataType,
    (input, nullable): (StringInput, bool),
    f: impl Fn(&str) -> Result<Value, String> + Send + Sync + 'static,
) -> BoundExpr {
    let eval: Evaluator = match input {
        StringInput::Column(index) => Arc::new(move |row: &Row| match row.get(index) {
            Value::String(s) => f(s),
            _ => Ok(Value::Null),
        }),
        StringInput::Evaluated(eval) => Arc::new(move |row: &Row| match eval(row)? {
            Value::String(s) => f(&s),
            _ => Ok(Value::Null),
        }),
    };
    BoundExpr {
        name,
        data_type,
        nullable,
        eval,
    }
}

/// The string functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("lower", &LOWER),
    Entry::scalar("lcase", &LOWER),
    Entry::scalar("upper", &UPPER),
    Entry::scalar("ucase", &UPPER),
    Entry::scalar("trim", &TRIM),
    Entry::scalar("length", &LENGTH),
    Entry::scalar("char_length", &LENGTH),
    Entry::scalar("character_length", &LENGTH),
    Entry::scalar("len", &LENGTH),
    Entry::scalar("concat", &CONCAT),
    Entry::scalar("substring", &SUBSTRING),
    Entry::scalar("substr", &SUBSTRING),
    Entry::scalar("regexp_replace", &REGEXP_REPLACE),
    Entry::scalar("regexp_extract", &REGEXP_EXTRACT),
    Entry::scalar("split", &SPLIT),
];

/// A one-argument string function computing `f` of its input string.
macro_rules! string_to {
    ($data_type:expr, $f:expr) => {
        ScalarFunction {
            arity: Arity::exactly(1),
            defaults: no_defaults,
            bind: |call| Ok(unary(call.name.clone(), $data_type, first(call)?, $f)),
        }
    };
}

static LOWER: ScalarFunction =
    string_to!(DataType::String, |s| Ok(Value::String(s.to_lowercase())));
static UPPER: ScalarFunction =
    string_to!(DataType::String, |s| Ok(Value::String(s.to_uppercase())));
static TRIM: ScalarFunction = string_to!(DataType::String, |s| Ok(Value::String(
    s.trim_matches(' ').to_string()
)));
static LENGTH: ScalarFunction = string_to!(DataType::Integer, |s| Ok(Value::Int(
    s.chars().count() as i32
)));

static SUBSTRING: ScalarFunction = ScalarFunction {
    arity: Arity::between(2, 3),
    defaults: |args| {
        if args.len() == 2 {
            args.push(Expr::Literal(Value::Int(i32::MAX)));
        }
    },
    bind: |call| {
        let (pos, len) = (call.literal_int(1)?, call.literal_int(2)?);
        Ok(unary(
            call.name.clone(),
            DataType::String,
            first(call)?,
            move |s| Ok(Value::String(substring_sql(s, pos, len))),
        ))
    },
};

static SPLIT: ScalarFunction = ScalarFunction {
    arity: Arity::between(2, 3),
    defaults: |args| {
        if args.len() == 2 {
            args.push(Expr::Literal(Value::Int(-1)));
        }
    },
    bind: |call| {
        let (input, splitter) = bind_split(call)?;
        Ok(unary(
            call.name.clone(),
            DataType::Array(Box::new(DataType::String)),
            input,
            move |s| Ok(Value::Array(splitter.split(s))),
        ))
    },
};

static REGEXP_EXTRACT: ScalarFunction = ScalarFunction {
    arity: Arity::between(2, 3),
    defaults: |args| {
        if args.len() == 2 {
            args.push(Expr::Literal(Value::Int(1)));
        }
    },
    bind: |call| {
        let pattern = call.literal_str(1)?;
        let idx = call.literal_int(2)?;
        let regex = compile(&pattern, call.function)?;
        let groups = regex.captures_len() - 1;
        let bad_index = (idx < 0 || idx as usize > groups).then(|| {
            format!(
                "[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in \
                 `regexp_extract` is invalid: Expects group index between 0 and {groups}, but \
                 got {idx}. SQLSTATE: 22023"
            )
        });
        Ok(unary(
            call.name.clone(),
            DataType::String,
            first(call)?,
            move |s| {
                if let Some(message) = &bad_index {
                    return Err(message.clone());
                }
                let found = regex
                    .captures(s)
                    .and_then(|c| c.get(idx as usize))
                    .map_or("", |m| m.as_str());
                Ok(Value::String(found.to_string()))
            },
        ))
    },
};

static REGEXP_REPLACE: ScalarFunction = ScalarFunction {
    arity: Arity::between(3, 4),
    defaults: |args| {
        if args.len() == 3 {
            args.push(Expr::Literal(Value::Int(1)));
        }
    },
    bind: |call| {
        let pattern = call.literal_str(1)?;
        let replacement = call.literal_str(2)?;
        if call.literal_int(3)? != 1 {
            return Err(Error::Analysis(format!(
                "[UNSUPPORTED_FEATURE] The feature is not supported: `regexp_replace` from a \
                 position other than 1, in \"{}\".",
                call.name
            )));
        }
        let regex = compile(&pattern, call.function)?;
        let parts = parse_replacement(&replacement, &regex);
        Ok(unary(
            call.name.clone(),
            DataType::String,
            first(call)?,
            move |s| match &parts {
                Ok(parts) => Ok(Value::String(
                    regex
                        .replace_all(s, |c: &Captures| expand(parts, c))
                        .into_owned(),
                )),
                Err(()) => Err(format!(
                    "[INVALID_REGEXP_REPLACE] Could not perform regexp_replace for source = \
                     \"{s}\", pattern = \"{pattern}\", replacement = \"{replacement}\" and \
                     position = 1. SQLSTATE: 22023"
                )),
            },
        ))
    },
};

static CONCAT: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(0),
    defaults: no_defaults,
    bind: |call| {
        let mut evals = Vec::new();
        let mut nullable = false;
        for (i, arg) in call.args.iter().enumerate() {
            let (eval, n) = string_arg(&call.name, i, arg, call.schema)?;
            evals.push(eval);
            nullable |= n;
        }
        Ok(BoundExpr {
            name: call.name.clone(),
            data_type: DataType::String,
            nullable,
            eval: Arc::new(move |row: &Row| {
                let mut out = String::new();
                for eval in &evals {
                    match eval(row)? {
                        Value::String(s) => out.push_str(&s),
                        _ => return Ok(Value::Null),
                    }
                }
                Ok(Value::String(out))
            }),
        })
    },
};

/// The first argument of a string function, as its input string.
pub(super) fn first(call: &Call<'_>) -> Result<(StringInput, bool)> {
    string_input(&call.name, call.arg(0)?, call.schema)
}

/// Spark's `UTF8String.substringSQL`: 1-based `pos`, 0 = start, negative from the end.
fn substring_sql(s: &str, pos: i32, len: i32) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let start: i64 = match pos {
        p if p > 0 => i64::from(p) - 1,
        p if p < 0 => n + i64::from(p),
        _ => 0,
    };
    let end = (start + i64::from(len)).min(n);
    let start = start.max(0);
    if start >= end {
        return String::new();
    }
    chars[start as usize..end as usize].iter().collect()
}

/// Java's `String.split(regex, -1)` as Spark calls it: trailing empty strings kept, no leading
/// empty string for a zero-width match at the start, the whole input when nothing matches. An
/// empty pattern splits into characters (Spark's special case).
struct Splitter {
    regex: Regex,
    /// The pattern when it is one character that matches only itself: split without the
    /// regex engine, as Java's `String.split` does too.
    literal: Option<char>,
}

impl Splitter {
    fn new(regex: Regex) -> Self {
        let mut chars = regex.as_str().chars();
        let literal = match (chars.next(), chars.next()) {
            (Some(c), None) if !".$|()[]{}^?*+\\".contains(c) => Some(c),
            _ => None,
        };
        Splitter { regex, literal }
    }

    fn split(&self, s: &str) -> Vec<Value> {
        let mut parts = Vec::new();
        self.for_each_piece(s, &mut |piece| {
            parts.push(Value::String(piece.to_string()));
            Ok(())
        })
        .expect("collecting pieces cannot fail");
        parts
    }

    /// Hands `each` the pieces of `s`, in order.
    fn for_each_piece(&self, s: &str, each: &mut PieceVisitor<'_>) -> Result<(), String> {
        if let Some(c) = self.literal {
            if let Ok(byte) = u8::try_from(c) {
                return split_on_ascii(s, byte, each);
            }
            return s.split(c).try_for_each(each);
        }
        if self.regex.as_str().is_empty() {
            if s.is_empty() {
                return each("");
            }
            return s
                .char_indices()
                .try_for_each(|(i, c)| each(&s[i..i + c.len_utf8()]));
        }
        let mut index = 0;
        for m in self.regex.find_iter(s) {
            if m.end() == 0 {
                // A zero-width match at the beginning never produces a leading empty string.
                continue;
            }
            each(&s[index..m.start()])?;
            index = m.end();
        }
        each(&s[index..])
    }
}

/// `s.split(byte)` for an ASCII `byte`, scanning bytes: an ASCII byte is always a whole
/// character, and a plain loop beats the general char searcher on short pieces such as words.
fn split_on_ascii(s: &str, byte: u8, each: &mut PieceVisitor<'_>) -> Result<(), String> {
    debug_assert!(byte.is_ascii());
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == byte {
            each(&s[start..i])?;
            start = i + 1;
        }
    }
    each(&s[start..])
}

/// Receives the pieces of a split, one at a time.
pub(crate) type PieceVisitor<'a> = dyn FnMut(&str) -> Result<(), String> + 'a;

/// `split(s, pattern)` as a stream: hands each piece of a row's string to a visitor, without
/// building the array (nothing for a `NULL` string, as exploding `NULL` gives no rows).
pub(crate) type Pieces =
    Arc<dyn Fn(&Row, &mut PieceVisitor<'_>) -> Result<(), String> + Send + Sync>;

/// The streaming form of a bound `split` call (`args` as for [`bind_function`]).
pub(crate) fn split_pieces(call: &Call<'_>) -> Result<Pieces> {
    let ((input, _), splitter) = bind_split(call)?;
    Ok(match input {
        StringInput::Column(index) => {
            Arc::new(
                move |row: &Row, each: &mut PieceVisitor<'_>| match row.get(index) {
                    Value::String(s) => splitter.for_each_piece(s, each),
                    _ => Ok(()),
                },
            )
        }
        StringInput::Evaluated(eval) => {
            Arc::new(
                move |row: &Row, each: &mut PieceVisitor<'_>| match eval(row)? {
                    Value::String(s) => splitter.for_each_piece(&s, each),
                    _ => Ok(()),
                },
            )
        }
    })
}

/// The input and the splitter of a `split(s, pattern[, limit])` call.
fn bind_split(call: &Call<'_>) -> Result<((StringInput, bool), Splitter)> {
    let pattern = call.literal_str(1)?;
    if call.literal_int(2)? > 0 {
        return Err(Error::Analysis(format!(
            "[UNSUPPORTED_FEATURE] The feature is not supported: `split` with a positive limit, \
             in \"{}\".",
            call.name
        )));
    }
    let splitter = Splitter::new(compile(&pattern, call.function)?);
    Ok((first(call)?, splitter))
}

/// A piece of a parsed Java replacement string.
#[derive(Debug, PartialEq)]
enum Part {
    Literal(String),
    Group(usize),
    Named(String),
}

/// Parses a Java replacement string against `regex`'s groups; `Err` where Java's
/// `appendReplacement` throws (unknown group, `$` not followed by a group, trailing `\`).
fn parse_replacement(replacement: &str, regex: &Regex) -> Result<Vec<Part>, ()> {
    let groups = regex.captures_len() - 1;
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => literal.push(chars.next().ok_or(())?),
            '$' => {
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                match chars.next() {
                    Some('{') => {
                        let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                        if !regex.capture_names().flatten().any(|n| n == name) {
                            return Err(());
                        }
                        parts.push(Part::Named(name));
                    }
                    Some(d) if d.is_ascii_digit() => {
                        let mut number = d.to_digit(10).ok_or(())? as usize;
                        if number > groups {
                            return Err(());
                        }
                        while let Some(next) = chars.peek().and_then(|c| c.to_digit(10)) {
                            let candidate = number * 10 + next as usize;
                            if candidate > groups {
                                break;
                            }
                            number = candidate;
                            chars.next();
                        }
                        parts.push(Part::Group(number));
                    }
                    _ => return Err(()),
                }
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    Ok(parts)
}

/// The replacement text for one match.
fn expand(parts: &[Part], captures: &Captures) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Literal(s) => out.push_str(s),
            Part::Group(i) => out.push_str(captures.get(*i).map_or("", |m| m.as_str())),
            Part::Named(n) => out.push_str(captures.name(n).map_or("", |m| m.as_str())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str, pattern: &str) -> Vec<String> {
        Splitter::new(Regex::new(pattern).unwrap())
            .split(s)
            .into_iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn split_like_java() {
        // Expected values from PySpark 4.3 (`F.split`).
        assert_eq!(split("the cat  sat", " "), ["the", "cat", "", "sat"]);
        assert_eq!(split("cat  cat", " "), ["cat", "", "cat"]);
        assert_eq!(split("", ","), [""]);
        assert_eq!(split("a,b,,", ","), ["a", "b", "", ""]);
        assert_eq!(split(",a,", ","), ["", "a", ""]);
        assert_eq!(
            split("the cat  sat", "a|t"),
            ["", "he c", "", "  s", "", ""]
        );
        assert_eq!(split("a.b", "."), ["", "", "", ""]);
        assert_eq!(split("abc", ""), ["a", "b", "c"]);
        assert_eq!(split("abc", "x*"), ["a", "b", "c", ""]);
    }

    #[test]
    fn a_one_character_pattern_splits_as_its_regex_does() {
        for s in ["", "a", "aa", "banana", "xax", "ä a ä"] {
            assert_eq!(split(s, "a"), split(s, "[a]"), "splitting {s:?}");
            assert_eq!(split(s, " "), split(s, "[ ]"), "splitting {s:?}");
        }
        assert!(Splitter::new(Regex::new("|").unwrap()).literal.is_none());
    }

    #[test]
    fn substring_like_spark() {
        let s = "the cat  sat";
        assert_eq!(substring_sql(s, 1, 3), "the");
        assert_eq!(substring_sql(s, 0, 3), "the");
        assert_eq!(substring_sql(s, -3, 2), "sa");
        assert_eq!(substring_sql(s, 100, 3), "");
        assert_eq!(substring_sql(s, -100, 3), "");
        assert_eq!(substring_sql(s, 2, -1), "");
        assert_eq!(substring_sql("héllo", 2, 2), "él");
        assert_eq!(substring_sql("abc", 2, i32::MAX), "bc");
    }

    #[test]
    fn java_replacements() {
        let re = Regex::new("(a)(?<x>t)?").unwrap();
        assert_eq!(
            parse_replacement("<$1>", &re),
            Ok(vec![
                Part::Literal("<".into()),
                Part::Group(1),
                Part::Literal(">".into())
            ])
        );
        // `$10` with two groups is group 1 followed by "0", as in Java.
        assert_eq!(
            parse_replacement("$10", &re),
            Ok(vec![Part::Group(1), Part::Literal("0".into())])
        );
        assert_eq!(
            parse_replacement("${x}", &re),
            Ok(vec![Part::Named("x".into())])
        );
        assert_eq!(
            parse_replacement("\\$", &re),
            Ok(vec![Part::Literal("$".into())])
        );
        assert_eq!(parse_replacement("$3", &re), Err(()));
        assert_eq!(parse_replacement("$$", &re), Err(()));
        assert_eq!(parse_replacement("${y}", &re), Err(()));
    }
}
