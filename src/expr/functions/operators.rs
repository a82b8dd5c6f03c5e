//! SQL's operators that Spark also calls as functions, named as Spark names them: `LIKE`
//! (`s LIKE a%`), `ILIKE` (`ilike(s, a%)`), `RLIKE`/`REGEXP`/`REGEXP_LIKE` (`RLIKE(s, b)`),
//! `BETWEEN` (`between(a, 1, 3)`), `IN` (`(a IN (1, 2))`) and the unary `-`/`+` of SQL text
//! (`(- a)`, `(+ a)`).
//!
//! `LIKE` patterns are Spark's: `_` is any one character, `%` any run of characters (newlines
//! included), and the escape character (`\` unless `ESCAPE` says otherwise) makes the next
//! `_`, `%` or escape literal; the whole string must match. `RLIKE` finds its regular
//! expression anywhere in the string.
//!
//! ## Deviations from Spark
//!
//! - Regular expressions are Java's, run by Rust's `regex` and `fancy-regex` (see
//!   [`java_regex`](super::java_regex) for what still differs: `\b` is Unicode's, a
//!   backtracking step limit).
//! - A literal pattern that does not compile (a bad regular expression, a misplaced `LIKE`
//!   escape) is an analysis error, `[INVALID_PARAMETER_VALUE.PATTERN]` or Spark's
//!   `[INVALID_FORMAT.ESC_*]`; Spark raises the former when the query runs, with Java's
//!   `PatternSyntaxException`. A pattern from a column fails the query with the same words.

use std::sync::{Arc, Mutex};

use super::java_regex::JavaRegex;
use super::strings::string_arg;
use super::{
    call_sql, no_defaults, operator, scalar, Arity, Call, Entry, ScalarFunction, Spelling,
};
use crate::error::{Error, Result};
use crate::expr::bind::{bind_node, BoundExpr, Evaluator};
use crate::expr::name::sql;
use crate::expr::Expr;
use crate::{DataType, Row, Value};

/// `like(e, pattern)`: whether the string matches the SQL pattern (`_` one character, `%` any
/// run, `\` escapes); named `e LIKE pattern` as Spark names it.
///
/// ```
/// use ember::{bind, col, like, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
/// let b = bind(&like(col("s"), "a%"), &schema)?;
/// assert_eq!(b.name, "s LIKE a%");
/// assert_eq!((b.eval)(&Row::new(vec![Value::from("abc")])), Ok(Value::Boolean(true)));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn like(e: impl Into<Expr>, pattern: impl Into<Expr>) -> Expr {
    scalar("like", vec![e.into(), pattern.into()])
}

/// `like(e, pattern, escape)`: [`like`] with another escape character; named
/// `e LIKE pattern ESCAPE 'c'`.
pub fn like_with_escape(e: impl Into<Expr>, pattern: impl Into<Expr>, escape: char) -> Expr {
    let escape = Expr::Literal(Value::String(escape.to_string()));
    scalar("like", vec![e.into(), pattern.into(), escape])
}

/// `ilike(e, pattern)`: [`like`], ignoring case.
pub fn ilike(e: impl Into<Expr>, pattern: impl Into<Expr>) -> Expr {
    scalar("ilike", vec![e.into(), pattern.into()])
}

/// `rlike(e, regexp)`: whether the regular expression matches anywhere in the string; named
/// `RLIKE(e, regexp)`.
pub fn rlike(e: impl Into<Expr>, regexp: impl Into<Expr>) -> Expr {
    scalar("rlike", vec![e.into(), regexp.into()])
}

impl Expr {
    /// `self LIKE pattern` (Spark's `Column.like`): see [`like`].
    pub fn like(self, pattern: &str) -> Expr {
        like(self, pattern)
    }

    /// `ilike(self, pattern)` (Spark's `Column.ilike`): see [`ilike`].
    pub fn ilike(self, pattern: &str) -> Expr {
        ilike(self, pattern)
    }

    /// `RLIKE(self, regexp)` (Spark's `Column.rlike`): see [`rlike`].
    ///
    /// ```
    /// use ember::col;
    /// assert_eq!(col("s").rlike("^a").output_name(), "RLIKE(s, ^a)");
    /// assert_eq!((!col("s").like("a%")).output_name(), "(NOT s LIKE a%)");
    /// ```
    pub fn rlike(self, regexp: &str) -> Expr {
        rlike(self, regexp)
    }
}

/// `e IN (a, b, ..)` of SQL text, named `(e IN (a, b))`: `(e = a) OR (e = b) OR ..`, with the
/// same three-valued result.
pub(crate) fn is_in(e: Expr, list: Vec<Expr>) -> Expr {
    let mut args = vec![e];
    args.extend(list);
    operator("in", Spelling::Custom(in_sql), &IN, args)
}

/// SQL's unary minus, named `(- e)` (the DataFrame's `-col` is `negative(e)`).
pub(crate) fn sql_negative(e: Expr) -> Expr {
    operator(
        "negative",
        Spelling::Custom(negative_sql),
        &NEGATIVE,
        vec![e],
    )
}

/// SQL's unary plus, named `(+ e)`: the value itself, of a numeric or interval type
/// (`positive(e)`).
pub(crate) fn sql_positive(e: Expr) -> Expr {
    super::math::positive(e)
}

/// The operators named as functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar_spelled("like", Spelling::Custom(like_sql), &LIKE),
    Entry::scalar_spelled("ilike", Spelling::Custom(ilike_sql), &ILIKE),
    Entry::scalar_spelled("rlike", Spelling::As("RLIKE"), &RLIKE),
    Entry::scalar_spelled("regexp", Spelling::As("REGEXP"), &RLIKE),
    Entry::scalar_spelled("regexp_like", Spelling::As("REGEXP_LIKE"), &RLIKE),
    Entry::scalar("between", &BETWEEN),
];

/// Spark's name of `LIKE`: infix, with its escape when not `\`: `s LIKE a!% ESCAPE '!'`.
fn like_sql(_: &'static str, args: &[Expr]) -> String {
    let args: Vec<String> = args.iter().map(sql).collect();
    let arg = |i: usize| args.get(i).map_or("", String::as_str);
    match args.get(2).filter(|escape| *escape != "\\") {
        Some(escape) => format!("{} LIKE {} ESCAPE '{escape}'", arg(0), arg(1)),
        None => format!("{} LIKE {}", arg(0), arg(1)),
    }
}

/// Spark's name of `ilike`: its first two arguments only, `ilike(s, a%)`.
fn ilike_sql(name: &'static str, args: &[Expr]) -> String {
    call_sql(name, &args[..args.len().min(2)])
}

/// Spark's name of SQL's unary minus: `(- a)`.
fn negative_sql(_: &'static str, args: &[Expr]) -> String {
    super::prefix_sql("-", args)
}

/// Spark's name of `IN`: `(a IN (1, 2))`.
fn in_sql(_: &'static str, args: &[Expr]) -> String {
    let args: Vec<String> = args.iter().map(sql).collect();
    let (e, list) = args
        .split_first()
        .map_or(("", &[][..]), |(e, l)| (e.as_str(), l));
    format!("({e} IN ({}))", list.join(", "))
}

static LIKE: ScalarFunction = ScalarFunction {
    arity: Arity::between(2, 3),
    defaults: no_defaults,
    bind: |call| bind_like(call, false),
};

static ILIKE: ScalarFunction = ScalarFunction {
    arity: Arity::between(2, 3),
    defaults: no_defaults,
    bind: |call| bind_like(call, true),
};

static RLIKE: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let function = call.function;
        bind_matcher(call, move |pattern| JavaRegex::new(pattern, function))
    },
};

/// A function computed as an equivalent expression that `expand` builds from the call's
/// arguments, named as the call.
macro_rules! expanded {
    ($arity:expr, $expand:expr) => {
        ScalarFunction {
            arity: $arity,
            defaults: no_defaults,
            bind: |call| renamed(call, bind_node(&$expand(call.args)?, call.schema)?),
        }
    };
}

/// `e BETWEEN low AND high` is `e >= low AND e <= high`.
static BETWEEN: ScalarFunction = expanded!(Arity::exactly(3), |args: &[Expr]| match args {
    [e, low, high] => Ok(e
        .clone()
        .gt_eq(low.clone())
        .and(e.clone().lt_eq(high.clone()))),
    _ => Err(internal("BETWEEN")),
});

/// `e IN (a, b, ..)` is `(e = a) OR (e = b) OR ..`.
static IN: ScalarFunction = expanded!(Arity::at_least(2), |args: &[Expr]| match args {
    [e, list @ ..] => {
        let tests = list.iter().map(|item| e.clone().eq(item.clone())).collect();
        balanced_or(tests).ok_or_else(|| internal("IN"))
    }
    [] => Err(internal("IN")),
});

/// SQL's `-e` is the DataFrame's `-e`.
static NEGATIVE: ScalarFunction = expanded!(Arity::exactly(1), |args: &[Expr]| match args {
    [e] => Ok(Expr::Negate(Box::new(e.clone()))),
    _ => Err(internal("-")),
});

/// A call with arguments its arity rules out: a broken internal invariant, reported.
fn internal(operator: &str) -> Error {
    Error::InvalidArgument(format!(
        "internal error: `{operator}` was called with the wrong number of arguments"
    ))
}

/// `bound` named as the call.
fn renamed(call: &Call<'_>, bound: BoundExpr) -> Result<BoundExpr> {
    Ok(BoundExpr {
        name: call.name.clone(),
        ..bound
    })
}

/// `t1 OR t2 OR ..` as a balanced tree of `OR`s, so that a long list stays shallow; `None`
/// for no terms.
fn balanced_or(mut terms: Vec<Expr>) -> Option<Expr> {
    if terms.len() <= 1 {
        return terms.pop();
    }
    let right = terms.split_off(terms.len() / 2);
    Some(balanced_or(terms)?.or(balanced_or(right)?))
}

/// `LIKE` or `ILIKE` (in lower case on both sides, as Spark's `ILIKE`).
fn bind_like(call: &Call<'_>, ignore_case: bool) -> Result<BoundExpr> {
    let escape = match call.args.len() {
        3 => {
            let text = call.literal_str(2)?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(Error::Parse(format!(
                        "[INVALID_ESC] Found an invalid escape string: '{text}'. The escape \
                         string must contain only one character. SQLSTATE: 42604"
                    )))
                }
            }
        }
        _ => '\\',
    };
    bind_matcher(call, move |pattern| {
        let pattern = if ignore_case {
            pattern.to_lowercase()
        } else {
            pattern.to_string()
        };
        like_regex(&pattern, escape)
            .map_err(Error::Analysis)
            .and_then(|regex| JavaRegex::new(&regex, "like"))
    })
}

/// A predicate of a string and a pattern compiled by `compile`: once when the pattern is a
/// literal (a bad one is an analysis error), else for each row (a bad one fails the query);
/// `NULL` when either is `NULL`. `ILIKE` compiles a lower-case pattern and matches the input in
/// lower case.
fn bind_matcher(
    call: &Call<'_>,
    compile: impl Fn(&str) -> Result<JavaRegex> + Send + Sync + 'static,
) -> Result<BoundExpr> {
    let ignore_case = call.function == "ilike";
    let (input, nullable) = string_arg(&call.name, 0, call.arg(0)?, call.schema)?;
    let fold = move |s: String| if ignore_case { s.to_lowercase() } else { s };
    let eval: Evaluator = match call.arg(1)? {
        Expr::Literal(Value::String(pattern)) => {
            let regex = compile(pattern)?;
            Arc::new(move |row: &Row| {
                Ok(match input(row)? {
                    Value::String(s) => Value::Boolean(regex.is_match(&fold(s))?),
                    _ => Value::Null,
                })
            })
        }
        pattern => {
            let (pattern, _) = string_arg(&call.name, 1, pattern, call.schema)?;
            let last: Mutex<Option<(String, JavaRegex)>> = Mutex::new(None);
            Arc::new(move |row: &Row| {
                let (Value::String(s), Value::String(p)) = (input(row)?, pattern(row)?) else {
                    return Ok(Value::Null);
                };
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                let regex = match last.take() {
                    Some((text, regex)) if text == p => regex,
                    _ => compile(&p).map_err(|e| e.to_string())?,
                };
                let matched = regex.is_match(&fold(s));
                *last = Some((p, regex));
                Ok(Value::Boolean(matched?))
            })
        }
    };
    Ok(BoundExpr {
        name: call.name.clone(),
        data_type: DataType::Boolean,
        nullable: nullable || !matches!(call.arg(1)?, Expr::Literal(Value::String(_))),
        eval,
    })
}

/// A `LIKE` pattern as an anchored regular expression (Spark's `escapeLikeRegex`), or Spark's
/// error for a misplaced escape character.
fn like_regex(pattern: &str, escape: char) -> std::result::Result<String, String> {
    let invalid = |detail: String, condition: &str| {
        format!(
            "[INVALID_FORMAT.{condition}] The format is invalid: '{pattern}'. {detail} \
             SQLSTATE: 42601"
        )
    };
    let mut out = String::from("(?s)\\A(?:");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c == escape => match chars.next() {
                Some(next) if next == '_' || next == '%' || next == escape => {
                    out.push_str(&regex::escape(next.encode_utf8(&mut [0; 4])))
                }
                Some(next) => {
                    return Err(invalid(
                        format!("The escape character is not allowed to precede '{next}'."),
                        "ESC_IN_THE_MIDDLE",
                    ))
                }
                None => {
                    return Err(invalid(
                        "The escape character is not allowed to end with.".to_string(),
                        "ESC_AT_THE_END",
                    ))
                }
            },
            '_' => out.push('.'),
            '%' => out.push_str(".*"),
            c => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out.push_str(")\\z");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_translates_patterns_as_spark() {
        let matches = |pattern: &str, s: &str| {
            regex::Regex::new(&like_regex(pattern, '\\').unwrap())
                .unwrap()
                .is_match(s)
        };
        assert!(matches("a%", "abc"));
        assert!(matches("a_c", "a\nc"));
        assert!(matches("%", ""));
        assert!(matches("a.c", "a.c"));
        assert!(!matches("a.c", "abc"));
        assert!(matches("a\\%c", "a%c"));
        assert!(!matches("a\\%c", "abc"));
        assert!(!matches("b", "abc"));
    }
}
