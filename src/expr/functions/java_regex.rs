//! Java's regular expressions (`java.util.regex.Pattern`, which Spark compiles every pattern
//! with) in Rust: [`JavaRegex`].
//!
//! Two engines, one type. Rust's `regex` runs every pattern it accepts (linear time, the fast
//! path). It refuses Java's look-ahead and look-behind (`(?=..)`, `(?!..)`, `(?<=..)`,
//! `(?<!..)`), back-references (`\1`, `\k<name>`), atomic groups (`(?>..)`) and possessive
//! quantifiers (`a*+`); such a pattern is compiled by `fancy-regex`, a backtracking engine
//! that hands the parts without those features back to `regex`. Backtracking has a step limit
//! (`fancy-regex`'s default, a million): a match that exceeds it is an error naming the
//! pattern and the function, where Java would keep going. A pattern both refuse is Spark's
//! `INVALID_PARAMETER_VALUE.PATTERN` error.
//!
//! Java's predefined character classes: Spark compiles with no flags, where `\w`, `\d` and
//! `\s` (and `\W`, `\D`, `\S`) are ASCII-only: `[a-zA-Z_0-9]`, `[0-9]` and
//! `[ \t\n\x0B\f\r]`. Rust's engines make them Unicode-aware, so `'é' RLIKE '\w'` would be
//! true where Spark says false. [`java_classes`] spells them out as Java means them, inside
//! and outside brackets, before a pattern is compiled; everything else is left as written.
//!
//! Known differences from Java: `\b` is Unicode's word boundary (Java 17's counts letters and
//! digits, close to it but not the same for marks and connector punctuation); a
//! back-reference to a group that does not exist is an invalid pattern (Java: never matches);
//! `fancy-regex` also accepts a few forms Java does not (conditionals `(?(1)a|b)`, `\K`); it
//! runs Java's `\Z` and `\G` too; `\Q..\E` quoting is an invalid pattern in both engines.

use crate::error::{Error, Result};
use std::ops::Range;

/// A compiled Java regular expression, on whichever engine accepts it (see the module).
#[derive(Debug)]
pub(crate) struct JavaRegex {
    engine: Engine,
    /// The pattern as written (Java's syntax), for error messages.
    pattern: String,
    /// The function the pattern was given to, for error messages.
    function: String,
}

/// The engine running a [`JavaRegex`].
#[derive(Debug)]
enum Engine {
    /// Rust's `regex`: every pattern it accepts.
    Plain(regex::Regex),
    /// `fancy-regex`: the patterns using Java's look-around, back-references, atomic groups or
    /// possessive quantifiers.
    Fancy(fancy_regex::Regex),
}

/// The groups of one match of a [`JavaRegex`].
pub(crate) enum Captures<'t> {
    /// A match of the `regex` engine.
    Plain(regex::Captures<'t>),
    /// A match of the `fancy-regex` engine.
    Fancy(fancy_regex::Captures<'t, str>),
}

impl<'t> Captures<'t> {
    /// The text group `i` matched (0 = the whole match), or `None` if it did not take part.
    pub(crate) fn group(&self, i: usize) -> Option<&'t str> {
        match self {
            Captures::Plain(c) => c.get(i).map(|m| m.as_str()),
            Captures::Fancy(c) => c.get(i).map(|m| m.as_str()),
        }
    }

    /// Where the whole match is, in bytes of the input.
    fn span(&self) -> Range<usize> {
        match self {
            Captures::Plain(c) => c.get(0).map_or(0..0, |m| m.range()),
            Captures::Fancy(c) => c.get(0).map_or(0..0, |m| m.range()),
        }
    }
}

impl JavaRegex {
    /// Compiles `pattern` (Java's syntax) given to `function`, or fails with Spark's
    /// `INVALID_PARAMETER_VALUE.PATTERN` message.
    pub(crate) fn new(pattern: &str, function: &str) -> Result<Self> {
        let rust = java_classes(pattern);
        let plain = match rust.possessive {
            false => regex::Regex::new(&rust.pattern).ok(),
            true => None,
        };
        let engine = match plain {
            Some(regex) => Engine::Plain(regex),
            None => Engine::Fancy(fancy_regex::Regex::new(&rust.pattern).map_err(|_| {
                Error::Analysis(format!(
                    "[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in \
                     `{function}` is invalid: '{pattern}'. SQLSTATE: 22023"
                ))
            })?),
        };
        Ok(JavaRegex {
            engine,
            pattern: pattern.to_string(),
            function: function.to_string(),
        })
    }

    /// The pattern as compiled (Java's classes spelled out).
    pub(crate) fn as_str(&self) -> &str {
        match &self.engine {
            Engine::Plain(r) => r.as_str(),
            Engine::Fancy(r) => r.as_str(),
        }
    }

    /// The number of groups, counting the whole match as group 0.
    pub(crate) fn captures_len(&self) -> usize {
        match &self.engine {
            Engine::Plain(r) => r.captures_len(),
            Engine::Fancy(r) => r.captures_len(),
        }
    }

    /// The index of the group named `name`.
    pub(crate) fn group_index(&self, name: &str) -> Option<usize> {
        match &self.engine {
            Engine::Plain(r) => r.capture_names().position(|n| n == Some(name)),
            Engine::Fancy(r) => r.capture_names().position(|n| n == Some(name)),
        }
    }

    /// Whether the pattern matches anywhere in `s`.
    pub(crate) fn is_match(&self, s: &str) -> Result<bool, String> {
        match &self.engine {
            Engine::Plain(r) => Ok(r.is_match(s)),
            Engine::Fancy(r) => r.is_match(s).map_err(|e| self.failed(e)),
        }
    }

    /// The groups of the first match in `s`.
    pub(crate) fn captures<'t>(&self, s: &'t str) -> Result<Option<Captures<'t>>, String> {
        match &self.engine {
            Engine::Plain(r) => Ok(r.captures(s).map(Captures::Plain)),
            Engine::Fancy(r) => Ok(r
                .captures(s)
                .map_err(|e| self.failed(e))?
                .map(Captures::Fancy)),
        }
    }

    /// Hands `each` where every successive match of `s` is, as Java's `Matcher.find` finds
    /// them (see [`java_matches`]).
    pub(crate) fn for_each_match(
        &self,
        s: &str,
        each: impl FnMut(Range<usize>) -> Result<(), String>,
    ) -> Result<(), String> {
        let span = |m: &Range<usize>| m.clone();
        match &self.engine {
            Engine::Plain(r) => {
                java_matches(s, |at| Ok(r.find_at(s, at).map(|m| m.range())), span, each)
            }
            Engine::Fancy(r) => java_matches(
                s,
                |at| {
                    Ok(r.find_from_pos(s, at)
                        .map_err(|e| self.failed(e))?
                        .map(|m| m.range()))
                },
                span,
                each,
            ),
        }
    }

    /// `s` with every match (as Java finds them) replaced by what `replacement` appends for
    /// its groups.
    pub(crate) fn replace_all(
        &self,
        s: &str,
        mut replacement: impl FnMut(&Captures<'_>, &mut String),
    ) -> Result<String, String> {
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        let replace = |captures: Captures<'_>| {
            let span = captures.span();
            out.push_str(&s[last..span.start]);
            replacement(&captures, &mut out);
            last = span.end;
            Ok(())
        };
        match &self.engine {
            Engine::Plain(r) => java_matches(
                s,
                |at| Ok(r.captures_at(s, at).map(Captures::Plain)),
                Captures::span,
                replace,
            )?,
            Engine::Fancy(r) => java_matches(
                s,
                |at| {
                    let found = r.captures_from_pos(s, at).map_err(|e| self.failed(e))?;
                    Ok(found.map(Captures::Fancy))
                },
                Captures::span,
                replace,
            )?,
        }
        out.push_str(&s[last..]);
        Ok(out)
    }

    /// The error of a match the backtracking engine gave up on.
    fn failed(&self, e: fancy_regex::Error) -> String {
        format!(
            "`{}` could not match the regular expression '{}': {e} (patterns with look-around, \
             back-references, atomic groups or possessive quantifiers run on a backtracking \
             engine with a step limit).",
            self.function, self.pattern
        )
    }
}

/// Java's `Matcher.find` loop over `s`: each search (`find(at)`, the first match at or after
/// byte `at`) starts where the last match ended, or one character further after an empty
/// match. (Rust's iterators instead refuse an empty match where the last one ended: Java
/// replaces `a*` in `aaa` twice, `XX`, and splits `1 a` on `(?<=\d)| ` into `1` and ` a`.)
fn java_matches<M>(
    s: &str,
    mut find: impl FnMut(usize) -> Result<Option<M>, String>,
    span: impl Fn(&M) -> Range<usize>,
    mut each: impl FnMut(M) -> Result<(), String>,
) -> Result<(), String> {
    let mut at = 0;
    while at <= s.len() {
        let Some(m) = find(at)? else { break };
        let found = span(&m);
        each(m)?;
        at = match s[found.end..].chars().next() {
            _ if !found.is_empty() => found.end,
            Some(c) => found.end + c.len_utf8(),
            None => break,
        };
    }
    Ok(())
}

/// The ASCII set Java's `\w` matches, as the inside of a bracketed class.
const WORD: &str = "0-9A-Za-z_";
/// Java's `\d`.
const DIGIT: &str = "0-9";
/// Java's `\s`: space, tab, newline, vertical tab, form feed, carriage return.
const SPACE: &str = r" \t\n\x0B\x0C\r";

/// A Java pattern rewritten for Rust's engines by [`java_classes`].
#[derive(Debug, PartialEq)]
pub(super) struct Translated {
    /// The pattern, with Java's classes spelled out.
    pub(super) pattern: String,
    /// Whether it has a possessive quantifier (`a*+`, `a++`, `a?+`, `a{2}+`), which `regex`
    /// would accept with another meaning (a repetition of a repetition): only `fancy-regex`
    /// runs it as Java does.
    pub(super) possessive: bool,
}

/// What the previous character outside brackets was, for spotting possessive quantifiers.
#[derive(Clone, Copy, PartialEq)]
enum Previous {
    /// A quantifier: `*`, `+`, `?` or the `}` of `{n,m}`.
    Quantifier,
    /// An opening parenthesis (after which `?` starts a group's syntax, not a quantifier).
    Open,
    /// Anything else.
    Other,
}

/// `pattern` (Java syntax) with Java's ASCII-only `\w \W \d \D \s \S` spelled out for Rust's
/// engines, and whether it has a possessive quantifier.
///
/// ```text
/// \w+        -> [0-9A-Za-z_]+
/// [\d.]      -> [0-9.]
/// [^\W_]     -> [^[^0-9A-Za-z_]_]
/// \\w        -> \\w          (an escaped backslash, then `w`)
/// ```
pub(super) fn java_classes(pattern: &str) -> Translated {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut possessive = false;
    // How deep inside brackets (Java's classes nest: `[a[b]]`).
    let mut depth = 0usize;
    // Inside the braces of a counted repetition (`{2,3}`), outside brackets.
    let mut counting = false;
    let mut previous = Previous::Other;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let mut next = Previous::Other;
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    // A trailing backslash: left for the compiler to refuse.
                    out.push('\\');
                    break;
                };
                let set = match escaped.to_ascii_lowercase() {
                    'w' => Some(WORD),
                    'd' => Some(DIGIT),
                    's' => Some(SPACE),
                    _ => None,
                };
                match (set, escaped.is_ascii_uppercase(), depth > 0) {
                    (None, _, _) => {
                        out.push('\\');
                        out.push(escaped);
                    }
                    // Inside brackets a set joins the class; its complement is a nested class.
                    (Some(set), false, true) => out.push_str(set),
                    (Some(set), true, _) => {
                        out.push_str("[^");
                        out.push_str(set);
                        out.push(']');
                    }
                    (Some(set), false, false) => {
                        out.push('[');
                        out.push_str(set);
                        out.push(']');
                    }
                }
            }
            '[' => {
                depth += 1;
                out.push(c);
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(c);
            }
            _ if depth > 0 => out.push(c),
            _ => {
                next = match (c, previous) {
                    // `+` after a quantifier makes it possessive; `?` makes it lazy.
                    ('+', Previous::Quantifier) => {
                        possessive = true;
                        Previous::Other
                    }
                    ('?', Previous::Quantifier | Previous::Open) => Previous::Other,
                    ('*' | '+' | '?', _) => Previous::Quantifier,
                    ('}', _) if counting => Previous::Quantifier,
                    ('(', _) => Previous::Open,
                    _ => Previous::Other,
                };
                match c {
                    '{' => counting = true,
                    '}' => counting = false,
                    _ => {}
                }
                out.push(c);
            }
        }
        previous = next;
    }
    Translated {
        pattern: out,
        possessive,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::bind;
    use crate::{Row, Schema, Value};
    use regex::Regex;

    /// The output name and the value of a SQL expression over no columns.
    #[track_caller]
    fn sql(text: &str) -> (String, std::result::Result<Value, String>) {
        let bound = bind(&crate::expr(text).unwrap(), &Schema::new(vec![]))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        (bound.name, (bound.eval)(&Row::new(vec![])))
    }

    /// A SQL expression's name and value, which must not fail.
    #[track_caller]
    fn value(text: &str) -> (String, Value) {
        let (name, value) = sql(text);
        (name, value.unwrap_or_else(|e| panic!("{text}: {e}")))
    }

    fn strings(items: &[&str]) -> Value {
        Value::Array(items.iter().map(|s| Value::from(*s)).collect())
    }

    /// Java's look-around, back-references, atomic groups and possessive quantifiers, which
    /// `regex` refuses, on `fancy-regex`. Names and values: PySpark 4.3,
    /// `spark.sql("SELECT ..").show(truncate=False)`.
    #[test]
    fn java_only_features_run_as_in_spark() {
        let b = |b: bool| Value::Boolean(b);
        let s = |s: &str| Value::from(s);
        for (text, name, expected) in [
            (
                r"'foobar' RLIKE 'foo(?=bar)'",
                "RLIKE(foobar, foo(?=bar))",
                b(true),
            ),
            (
                r"'foobaz' RLIKE 'foo(?=bar)'",
                "RLIKE(foobaz, foo(?=bar))",
                b(false),
            ),
            (
                r"'foobaz' RLIKE 'foo(?!bar)'",
                "RLIKE(foobaz, foo(?!bar))",
                b(true),
            ),
            (
                r"regexp('foobar', 'o(?=b)')",
                "REGEXP(foobar, o(?=b))",
                b(true),
            ),
            (
                r"regexp_like('foobar', '(?<=f)o')",
                "REGEXP_LIKE(foobar, (?<=f)o)",
                b(true),
            ),
            (r"'aab' RLIKE '(?>a+)b'", "RLIKE(aab, (?>a+)b)", b(true)),
            (r"'aaa' RLIKE '(?>a+)a'", "RLIKE(aaa, (?>a+)a)", b(false)),
            (r"'aaa' RLIKE 'a*+a'", "RLIKE(aaa, a*+a)", b(false)),
            (r"'aab' RLIKE '^a++b$'", "RLIKE(aab, ^a++b$)", b(true)),
            // Java's ASCII `\w` inside a look-behind too.
            (r"'é1' RLIKE '(?<=\\w)1'", r"RLIKE(é1, (?<=\w)1)", b(false)),
            (r"'a1' RLIKE '(?<=\\w)1'", r"RLIKE(a1, (?<=\w)1)", b(true)),
            (
                r"regexp_replace('aaa bbb', '(\\w)\\1', 'X')",
                r"regexp_replace(aaa bbb, (\w)\1, X, 1)",
                s("Xa Xb"),
            ),
            (
                r"regexp_replace('abab cdcd', '(?<p>\\w\\w)\\k<p>', '[$1]')",
                r"regexp_replace(abab cdcd, (?<p>\w\w)\k<p>, [$1], 1)",
                s("[ab] [cd]"),
            ),
            (
                r"regexp_replace('hello world', '(?<=o)(?= )', '_')",
                "regexp_replace(hello world, (?<=o)(?= ), _, 1)",
                s("hello_ world"),
            ),
            (
                r"regexp_extract('price: 100 USD', '(?<=price: )\\d+', 0)",
                r"regexp_extract(price: 100 USD, (?<=price: )\d+, 0)",
                s("100"),
            ),
            (
                r"regexp_extract('price 7, cost 5', '(?<!price )\\b\\d', 0)",
                r"regexp_extract(price 7, cost 5, (?<!price )\b\d, 0)",
                s("5"),
            ),
            (
                r"regexp_extract('xyzzy', '(\\w)\\1', 1)",
                r"regexp_extract(xyzzy, (\w)\1, 1)",
                s("z"),
            ),
            (
                r"regexp_extract('ab', '(a)(?=(b))', 2)",
                "regexp_extract(ab, (a)(?=(b)), 2)",
                s("b"),
            ),
            (
                r"split('a1b2c3', '(?<=\\d)')",
                r"split(a1b2c3, (?<=\d), -1)",
                strings(&["a1", "b2", "c3", ""]),
            ),
            (
                r"split('one1two22three', '(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)')",
                r"split(one1two22three, (?<=\D)(?=\d)|(?<=\d)(?=\D), -1)",
                strings(&["one", "1", "two", "22", "three"]),
            ),
            // `\\Z` (end, before a final line break), which `regex` lacks.
            (r"'ab' RLIKE 'a\\Z'", r"RLIKE(ab, a\Z)", b(false)),
            (r"'ab' RLIKE 'b\\Z'", r"RLIKE(ab, b\Z)", b(true)),
            // Java's `Matcher.find`: an empty match right after a match counts.
            (
                r"regexp_replace('aaa', 'a*', 'X')",
                "regexp_replace(aaa, a*, X, 1)",
                s("XX"),
            ),
            (
                r"regexp_replace('abc', 'x*', '-')",
                "regexp_replace(abc, x*, -, 1)",
                s("-a-b-c-"),
            ),
            (
                r"regexp_replace('aaa', '(?=a)a*', 'X')",
                "regexp_replace(aaa, (?=a)a*, X, 1)",
                s("X"),
            ),
            (
                r"split('aXbXXc', '(?<=X)|(?=X)')",
                "split(aXbXXc, (?<=X)|(?=X), -1)",
                strings(&["a", "X", "b", "X", "X", "c"]),
            ),
        ] {
            assert_eq!(value(text), (name.to_string(), expected), "{text}");
        }
    }

    /// A named group in the pattern and in the replacement (the DataFrame API: SQL text would
    /// substitute `${p}` as a variable in Spark), and patterns from a column, compiled per row.
    #[test]
    fn named_back_references_and_column_patterns() {
        use crate::expr::{col, lit, regexp_replace, rlike};
        use crate::{DataType, Field};
        let e = regexp_replace(lit("abab cdcd"), r"(?<p>\w\w)\k<p>", "<${p}>");
        let bound = bind(&e, &Schema::new(vec![])).unwrap();
        assert_eq!(
            bound.name,
            r"regexp_replace(abab cdcd, (?<p>\w\w)\k<p>, <${p}>, 1)"
        );
        assert_eq!(
            (bound.eval)(&Row::new(vec![])),
            Ok(Value::from("<ab> <cd>"))
        );
        // PySpark 4.3: `SELECT s, p, s RLIKE p FROM VALUES ('foobar', 'foo(?=bar)'), ..`.
        let schema = Schema::new(vec![
            Field::new("s", DataType::String),
            Field::new("p", DataType::String),
        ]);
        let bound = bind(&rlike(col("s"), col("p")), &schema).unwrap();
        assert_eq!(bound.name, "RLIKE(s, p)");
        let run = |s: Value, p: &str| (bound.eval)(&Row::new(vec![s, p.into()]));
        assert_eq!(run("foobar".into(), "foo(?=bar)"), Ok(Value::Boolean(true)));
        assert_eq!(
            run("foobaz".into(), "foo(?=bar)"),
            Ok(Value::Boolean(false))
        );
        assert_eq!(run("aa".into(), r"(a)\1"), Ok(Value::Boolean(true)));
        assert_eq!(run(Value::Null, "x"), Ok(Value::Null));
    }

    /// The errors: Spark's for a pattern neither engine accepts and for a group index out of
    /// range (PySpark 4.3's words), and Ember's own when backtracking gives up.
    #[test]
    fn java_only_features_fail_as_in_spark() {
        let analysis = |text: &str| {
            bind(&crate::expr(text).unwrap(), &Schema::new(vec![]))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            analysis("'a' RLIKE '(?=a'"),
            "[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `rlike` is \
             invalid: '(?=a'. SQLSTATE: 22023"
        );
        assert_eq!(
            sql("regexp_extract('ab', '(a)(?=(b))', 3)").1,
            Err(
                "[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in \
                 `regexp_extract` is invalid: Expects group index between 0 and 2, but got 3. \
                 SQLSTATE: 22023"
                    .to_string()
            )
        );
        // Exponential backtracking: Java would run for ages; fancy-regex stops at its limit,
        // and every function says so.
        let text = "a".repeat(40);
        let pattern = r"(a|a)*\\1b";
        for (call, function) in [
            (format!("'{text}' RLIKE '{pattern}'"), "rlike"),
            (
                format!("regexp_replace('{text}', '{pattern}', 'x')"),
                "regexp_replace",
            ),
            (
                format!("regexp_extract('{text}', '{pattern}', 0)"),
                "regexp_extract",
            ),
            (format!("split('{text}', '{pattern}')"), "split"),
        ] {
            assert_eq!(
                sql(&call).1,
                Err(format!(
                    "`{function}` could not match the regular expression '(a|a)*\\1b': Error \
                     executing regex: Max limit for backtracking count exceeded (patterns with \
                     look-around, back-references, atomic groups or possessive quantifiers run \
                     on a backtracking engine with a step limit)."
                )),
                "{call}"
            );
        }
    }

    #[test]
    fn classes_are_spelled_out_as_java_means_them() {
        assert_eq!(java_classes(r"\w+").pattern, "[0-9A-Za-z_]+");
        assert_eq!(java_classes(r"\W").pattern, "[^0-9A-Za-z_]");
        assert_eq!(java_classes(r"[\d.]").pattern, "[0-9.]");
        assert_eq!(java_classes(r"[^\W_]").pattern, "[^[^0-9A-Za-z_]_]");
        assert_eq!(java_classes(r"a\s*b").pattern, r"a[ \t\n\x0B\x0C\r]*b");
        // Escapes other than the classes, and an escaped backslash, stay as written.
        assert_eq!(java_classes(r"\\w\.\b\p{L}").pattern, r"\\w\.\b\p{L}");
        assert_eq!(java_classes(r"\[\w\]").pattern, r"\[[0-9A-Za-z_]\]");
        assert_eq!(java_classes("a\\").pattern, "a\\");
    }

    #[test]
    fn possessive_quantifiers_are_spotted() {
        let possessive = |p: &str| java_classes(p).possessive;
        for p in [
            "a*+", "a++b", "a?+", "a{2}+", "a{2,}+", "(ab)*+", r"\w++", "[a]++",
        ] {
            assert!(possessive(p), "{p}");
        }
        for p in [
            "a*", "a+?", "a*?b+", "(?:a)+", "(?<n>a)?", r"\++", "[+*]+", "a{2}", "x}+", "a+b+",
        ] {
            assert!(!possessive(p), "{p}");
        }
    }

    /// What `java.util.regex` (Java 17, Spark 4.3's) matches: ASCII only.
    #[test]
    fn non_ascii_letters_digits_and_spaces_are_not_in_the_classes() {
        let matches = |pattern: &str, text: &str| {
            Regex::new(&java_classes(pattern).pattern)
                .unwrap()
                .is_match(text)
        };
        assert!(!matches(r"\w", "é"));
        assert!(matches(r"\W", "é"));
        assert!(matches(r"^\w+$", "a_Z9"));
        assert!(!matches(r"\d", "٣")); // an Arabic-Indic digit
        assert!(!matches(r"\s", "\u{a0}")); // a no-break space
        assert!(matches(r"\s", "\u{b}")); // vertical tab
        assert!(matches(r"^[\w-]+$", "a-b"));
        assert!(!matches(r"^[\w-]+$", "a-é"));
    }
}
