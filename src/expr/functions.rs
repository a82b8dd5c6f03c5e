//! The free functions that build expressions, as in `pyspark.sql.functions`.

use super::{AggregateFunction, Expr, Function};
use crate::Value;

/// A column of the input by name; names resolve case-insensitively when bound.
///
/// ```
/// use ember::col;
/// assert_eq!(col("value").output_name(), "value");
/// ```
pub fn col(name: impl Into<String>) -> Expr {
    Expr::Column(name.into())
}

/// A constant. Its column name is the value as Spark prints it (`1`, `x y`, `NULL`, `1.0E20`).
///
/// ```
/// use ember::{lit, Value};
/// assert_eq!(lit(1).output_name(), "1");
/// assert_eq!(lit("x y").output_name(), "x y");
/// assert_eq!(lit(Value::Null).output_name(), "NULL");
/// assert_eq!(lit(1e20).output_name(), "1.0E20");
/// ```
pub fn lit(value: impl Into<Value>) -> Expr {
    Expr::Literal(value.into())
}

/// `(NOT e)`; the same as `!e`.
pub fn not(e: impl Into<Expr>) -> Expr {
    Expr::Not(Box::new(e.into()))
}

/// Starts a `CASE WHEN condition THEN value`; continue with [`Expr::when`] and
/// [`Expr::otherwise`]. Without `otherwise`, unmatched rows get `NULL`.
///
/// ```
/// use ember::{bind, col, when, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("a", DataType::Integer)]);
/// let b = bind(&when(col("a").gt(0), "pos").otherwise("other"), &schema)?;
/// assert_eq!(b.name, "CASE WHEN (a > 0) THEN pos ELSE other END");
/// assert_eq!((b.eval)(&Row::new(vec![Value::Int(3)])), Ok(Value::from("pos")));
/// assert_eq!((b.eval)(&Row::new(vec![Value::Null])), Ok(Value::from("other")));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn when(condition: impl Into<Expr>, value: impl Into<Expr>) -> Expr {
    Expr::CaseWhen {
        branches: vec![(condition.into(), value.into())],
        otherwise: None,
    }
}

fn function(function: Function, args: Vec<Expr>) -> Expr {
    Expr::Function { function, args }
}

/// `lower(e)`: the string in lower case (non-string atomic values are cast to `string` first).
pub fn lower(e: impl Into<Expr>) -> Expr {
    function(Function::Lower, vec![e.into()])
}

/// `upper(e)`: the string in upper case.
pub fn upper(e: impl Into<Expr>) -> Expr {
    function(Function::Upper, vec![e.into()])
}

/// `trim(e)`: the string without leading and trailing spaces (only U+0020, as Spark).
pub fn trim(e: impl Into<Expr>) -> Expr {
    function(Function::Trim, vec![e.into()])
}

/// `length(e)`: the number of characters (Unicode code points), an `int`.
pub fn length(e: impl Into<Expr>) -> Expr {
    function(Function::Length, vec![e.into()])
}

/// `concat(e1, e2, ...)`: the strings joined; `NULL` if any is `NULL`.
///
/// ```
/// use ember::{col, concat, lit};
/// assert_eq!(concat(vec![col("a"), lit("-"), col("b")]).output_name(), "concat(a, -, b)");
/// ```
pub fn concat(exprs: Vec<Expr>) -> Expr {
    function(Function::Concat, exprs)
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
    function(
        Function::Substring,
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
    function(
        Function::RegexpReplace,
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
    function(
        Function::RegexpExtract,
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
    function(
        Function::Split,
        vec![e.into(), Expr::Literal(pattern.into())],
    )
}

/// `explode(array)`: one output row per element (none for a `NULL` or empty array). Only valid
/// as a top-level (optionally aliased) column of a `select`; its default column name is `col`.
///
/// ```
/// use ember::{bind_projection, col, explode, split, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("value", DataType::String)]);
/// let p = bind_projection(&[explode(split(col("value"), " ")).alias("word")], &schema)?;
/// assert_eq!(p.schema.names(), vec!["word"]);
/// let mut out = Vec::new();
/// p.apply_into(&Row::new(vec![Value::from("the cat  sat")]), &mut out)?;
/// let words: Vec<&Value> = out.iter().map(|r| r.get(0)).collect();
/// assert_eq!(words, [&Value::from("the"), &"cat".into(), &"".into(), &"sat".into()]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn explode(e: impl Into<Expr>) -> Expr {
    Expr::Explode(Box::new(e.into()))
}

fn aggregate(function: AggregateFunction, input: Expr) -> Expr {
    Expr::Aggregate {
        function,
        input: Some(Box::new(input)),
    }
}

/// `count(e)`: the number of rows where `e` is not `NULL` (`count(lit(1))` counts all rows).
///
/// ```
/// use ember::{col, count, count_star, lit};
/// assert_eq!(count(col("word")).output_name(), "count(word)");
/// assert_eq!(count(lit(1)).output_name(), "count(1)");
/// assert_eq!(count_star().output_name(), "count(1)");
/// ```
pub fn count(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Count, e.into())
}

/// `count(*)`: the number of rows. Spark names it `count(1)`.
pub fn count_star() -> Expr {
    Expr::Aggregate {
        function: AggregateFunction::Count,
        input: None,
    }
}

/// `sum(e)`: `bigint` for integral input, `double` for `double`.
pub fn sum(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Sum, e.into())
}

/// `avg(e)`: always `double`.
pub fn avg(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Avg, e.into())
}

/// `min(e)`: the smallest non-null value, of `e`'s type.
pub fn min(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Min, e.into())
}

/// `max(e)`: the largest non-null value, of `e`'s type.
pub fn max(e: impl Into<Expr>) -> Expr {
    aggregate(AggregateFunction::Max, e.into())
}

/// `window(time_column, size, slide)`: Spark's time window over an event-time column. `slide`
/// `None` makes tumbling windows. Sizes are interval strings (`"10 minutes"`); a bad one is
/// reported when the expression is bound.
///
/// ```
/// use ember::expr::{col, window};
/// assert_eq!(window(col("ts"), "10 minutes", None).sql(), "window(ts, 10 minutes)");
/// assert_eq!(
///     window(col("ts"), "10 minutes", Some("5 minutes")).sql(),
///     "window(ts, 10 minutes, 5 minutes)"
/// );
/// ```
pub fn window(time: impl Into<Expr>, size: &str, slide: Option<&str>) -> Expr {
    let parse = |text: &str| crate::interval::parse_interval_micros(text);
    let size_micros = match parse(size) {
        Ok(s) if s > 0 => s,
        Ok(_) => {
            return Expr::Invalid(format!(
                "The window duration ({size}) must be greater than 0."
            ))
        }
        Err(e) => return Expr::Invalid(e.to_string()),
    };
    let slide_micros = match slide.map(parse) {
        None => size_micros,
        Some(Ok(s)) if s > 0 && s <= size_micros => s,
        Some(Ok(_)) => {
            return Expr::Invalid(format!(
                "The slide duration ({}) must be greater than 0 and at most the window duration ({size}).",
                slide.unwrap_or_default()
            ))
        }
        Some(Err(e)) => return Expr::Invalid(e.to_string()),
    };
    Expr::Window {
        time: Box::new(time.into()),
        size: size_micros,
        slide: slide_micros,
    }
}
