//! The string functions: `lower`, `upper`, `trim`, `length`, `concat`, `substring`, `split`,
//! `regexp_replace`, `regexp_extract`.
//!
//! Regular expressions are Java's in Spark and Rust's `regex` crate here: the syntax agrees for
//! classes, quantifiers, groups, named groups (`(?<name>..)`), anchors and flags, but `regex` has
//! no look-around and no back-references (such patterns are analysis errors), and its `\w`, `\d`,
//! `\s` and `\b` are Unicode-aware where Java's are ASCII-only by default. Replacement strings
//! follow Java's `Matcher.appendReplacement`: `$n`, `${name}`, `\x` for a literal `x`.

use super::bind::{bind_node, BoundExpr, Evaluator};
use super::name::sql;
use super::types::{implicitly_castable_to_string, unexpected_input_type};
use super::{cast, Expr, Function};
use crate::error::{Error, Result};
use crate::{DataType, Row, Schema, Value};
use regex::{Captures, Regex};
use std::sync::Arc;

/// The literal parameter `index` of a function call built by this module's builders.
fn literal(args: &[Expr], index: usize) -> Result<&Value> {
    match args.get(index) {
        Some(Expr::Literal(v)) => Ok(v),
        other => Err(Error::InvalidArgument(format!(
            "expected a literal as argument {} of the function, found {}",
            index + 1,
            other.map_or("nothing".to_string(), sql)
        ))),
    }
}

fn literal_str(args: &[Expr], index: usize) -> Result<String> {
    match literal(args, index)? {
        Value::String(s) => Ok(s.clone()),
        other => Err(Error::InvalidArgument(format!(
            "expected a string literal, found {other:?}"
        ))),
    }
}

fn literal_int(args: &[Expr], index: usize) -> Result<i32> {
    match literal(args, index)? {
        Value::Int(i) => Ok(*i),
        other => Err(Error::InvalidArgument(format!(
            "expected an int literal, found {other:?}"
        ))),
    }
}

/// Binds `arg` (parameter `index` of the call named `name`) and casts it to `string`.
fn string_arg(name: &str, index: usize, arg: &Expr, schema: &Schema) -> Result<(Evaluator, bool)> {
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
fn compile(pattern: &str, function: Function) -> Result<Regex> {
    Regex::new(pattern).map_err(|_| {
        Error::Analysis(format!(
            "[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `{}` is \
             invalid: '{pattern}'. SQLSTATE: 22023",
            function.name()
        ))
    })
}

/// The first argument of a call of `function`.
fn first_arg(function: Function, args: &[Expr]) -> Result<&Expr> {
    args.first()
        .ok_or_else(|| Error::InvalidArgument(format!("{} needs an argument", function.name())))
}

/// The input of a one-argument string function.
enum StringInput {
    /// A `string` column of the input row, read in place.
    Column(usize),
    /// Any other expression, cast to `string`.
    Evaluated(Evaluator),
}

/// Binds the argument of a one-argument string function: a `string` column is read in place
/// rather than copied out of the row.
fn string_input(name: &str, arg: &Expr, schema: &Schema) -> Result<(StringInput, bool)> {
    if let Expr::Column(column) = arg {
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
fn unary(
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

/// Binds a call of `function` named `name`.
pub(crate) fn bind_function(
    name: String,
    function: Function,
    args: &[Expr],
    schema: &Schema,
) -> Result<BoundExpr> {
    let first = || string_input(&name, first_arg(function, args)?, schema);
    let string = DataType::String;
    Ok(match function {
        Function::Lower => unary(name.clone(), string, first()?, |s| {
            Ok(Value::String(s.to_lowercase()))
        }),
        Function::Upper => unary(name.clone(), string, first()?, |s| {
            Ok(Value::String(s.to_uppercase()))
        }),
        Function::Trim => unary(name.clone(), string, first()?, |s| {
            Ok(Value::String(s.trim_matches(' ').to_string()))
        }),
        Function::Length => unary(name.clone(), DataType::Integer, first()?, |s| {
            Ok(Value::Int(s.chars().count() as i32))
        }),
        Function::Substring => {
            let (pos, len) = (literal_int(args, 1)?, literal_int(args, 2)?);
            unary(name.clone(), string, first()?, move |s| {
                Ok(Value::String(substring_sql(s, pos, len)))
            })
        }
        Function::Split => {
            let (input, splitter) = bind_split(&name, args, schema)?;
            unary(
                name.clone(),
                DataType::Array(Box::new(DataType::String)),
                input,
                move |s| Ok(Value::Array(splitter.split(s))),
            )
        }
        Function::RegexpExtract => {
            let pattern = literal_str(args, 1)?;
            let idx = literal_int(args, 2)?;
            let regex = compile(&pattern, function)?;
            let groups = regex.captures_len() - 1;
            let bad_index = (idx < 0 || idx as usize > groups).then(|| {
                format!(
                    "[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` \
                     in `regexp_extract` is invalid: Expects group index between 0 and {groups}, \
                     but got {idx}. SQLSTATE: 22023"
                )
            });
            unary(name.clone(), string, first()?, move |s| {
                if let Some(message) = &bad_index {
                    return Err(message.clone());
                }
                let found = regex
                    .captures(s)
                    .and_then(|c| c.get(idx as usize))
                    .map_or("", |m| m.as_str());
                Ok(Value::String(found.to_string()))
            })
        }
        Function::RegexpReplace => {
            let pattern = literal_str(args, 1)?;
            let replacement = literal_str(args, 2)?;
            let regex = compile(&pattern, function)?;
            let parts = parse_replacement(&replacement, &regex);
            unary(name.clone(), string, first()?, move |s| match &parts {
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
            })
        }
        Function::Concat => {
            let mut evals = Vec::new();
            let mut nullable = false;
            for (i, arg) in args.iter().enumerate() {
                let (eval, n) = string_arg(&name, i, arg, schema)?;
                evals.push(eval);
                nullable |= n;
            }
            BoundExpr {
                name: name.clone(),
                data_type: string,
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
            }
        }
    })
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
pub(crate) fn split_pieces(name: &str, args: &[Expr], schema: &Schema) -> Result<Pieces> {
    let ((input, _), splitter) = bind_split(name, args, schema)?;
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

/// The input and the splitter of a `split(s, pattern)` call.
fn bind_split(
    name: &str,
    args: &[Expr],
    schema: &Schema,
) -> Result<((StringInput, bool), Splitter)> {
    let pattern = literal_str(args, 1)?;
    let splitter = Splitter::new(compile(&pattern, Function::Split)?);
    let arg = first_arg(Function::Split, args)?;
    Ok((string_input(name, arg, schema)?, splitter))
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
