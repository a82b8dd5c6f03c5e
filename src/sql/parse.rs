//! SQL text → `sqlparser`'s syntax tree, in Spark's dialect, with Spark's syntax errors.

use sqlparser::ast::{SelectItem, Statement};
use sqlparser::dialect::Dialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan, Tokenizer};

use super::errors::{empty_statement, syntax_error, too_complex, Near};
use crate::error::Result;

/// Spark SQL as `sqlparser` reads it: backquoted identifiers, `INTERVAL '10 minutes'` without a
/// unit after the string, `x::int`, `!` for `NOT`, `long` for `bigint`.
///
/// `sqlparser`'s own `SparkSqlDialect` insists on a unit after an interval string, which Spark
/// does not, so Ember has its own.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SparkDialect;

impl Dialect for SparkDialect {
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        ch == '`'
    }

    fn identifier_quote_style(&self, _identifier: &str) -> Option<char> {
        Some('`')
    }

    fn is_identifier_start(&self, ch: char) -> bool {
        ch.is_ascii_alphabetic() || ch == '_'
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        ch.is_ascii_alphanumeric() || ch == '_'
    }

    fn supports_string_literal_column_alias(&self, _explicit: bool) -> bool {
        false
    }

    fn supports_filter_during_aggregation(&self) -> bool {
        true
    }

    fn supports_group_by_expr(&self) -> bool {
        true
    }

    fn supports_comparison_in_between_low_bound(&self) -> bool {
        true
    }

    fn supports_long_type_as_bigint(&self) -> bool {
        true
    }

    fn supports_bang_not_operator(&self) -> bool {
        true
    }

    /// `MAP<K, V>` as a type (`CAST(m AS MAP<STRING, BIGINT>)`), as Spark writes it.
    fn supports_map_literal_with_angle_brackets(&self) -> bool {
        true
    }

    /// `STRUCT<a: INT, b STRING>` as a type; `struct(..)` calls then come as struct literals
    /// (see `sql::expressions`).
    fn supports_struct_literal(&self) -> bool {
        true
    }

    fn supports_nested_comments(&self) -> bool {
        true
    }

    /// A backslash escapes the quote, so `'it\'s'` is one literal; its text is then read
    /// again by Spark's rules ([`super::escapes`]).
    fn supports_string_literal_backslash_escape(&self) -> bool {
        true
    }

    fn ignores_wildcard_escapes(&self) -> bool {
        true
    }
}

/// Runs `work` — parsing, translating, and dropping what they built — on a thread with a
/// stack deep enough for any text: `sqlparser` builds a chain such as `1 + 1 + .. + 1`
/// as deep as it is long, and walking or dropping it recurses.
pub(crate) fn on_deep_stack<T: Send>(work: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("ember-sql".into())
            .stack_size(DEEP_STACK)
            .spawn_scoped(scope, work)
            .map_err(|e| {
                crate::Error::Runtime(format!("cannot start a thread to parse SQL: {e}"))
            })?;
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The stack [`on_deep_stack`] gives (reserved, and only touched as deep as it is used).
const DEEP_STACK: usize = 512 << 20;

/// One statement (`spark.sql`), optionally followed by `;`.
pub(crate) fn statement(text: &str) -> Result<Statement> {
    parse_all(text, |parser| {
        let statement = parser.parse_statement()?;
        let _ = parser.consume_token(&Token::SemiColon);
        Ok(statement)
    })
}

/// One `select` list item (`expr()`, `select_expr`): an expression, optionally aliased, or `*`.
pub(crate) fn select_item(text: &str) -> Result<SelectItem> {
    parse_all(text, |parser| parser.parse_select_item())
}

/// One expression (`filter("...")`).
pub(crate) fn expression(text: &str) -> Result<sqlparser::ast::Expr> {
    parse_all(text, |parser| parser.parse_expr())
}

/// Runs `parse` over the whole of `text`: what it leaves is Spark's "extra input" error, and
/// its errors become Spark's `PARSE_SYNTAX_ERROR` at the offending token.
fn parse_all<T>(
    text: &str,
    parse: impl FnOnce(&mut Parser) -> Result<T, ParserError>,
) -> Result<T> {
    let dialect = SparkDialect;
    let tokens = tokens(text)?;
    let meaningful: Vec<&TokenWithSpan> = tokens.iter().filter(|t| !is_blank(&t.token)).collect();
    if meaningful.iter().all(|t| t.token == Token::SemiColon) {
        return Err(empty_statement(text));
    }
    let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens.clone());
    match parse(&mut parser) {
        Ok(value) => {
            let next = parser.peek_token();
            if next.token == Token::EOF {
                Ok(value)
            } else {
                let near = Near::Text(source_of(text, &next));
                Err(syntax_error(text, near, next.span.start, true))
            }
        }
        Err(e) => Err(parse_error(text, &tokens, &e)),
    }
}

/// The tokens of `text` as Spark's lexer reads it: string literals unescaped by Spark's rules
/// ([`super::escapes`]), numbers with their suffixes ([`super::numbers`]), intervals of several
/// units without quotes ([`super::intervals`]).
fn tokens(text: &str) -> Result<Vec<TokenWithSpan>> {
    let tokens = match Tokenizer::new(&SparkDialect, text).tokenize_with_location() {
        Ok(tokens) => tokens,
        Err(e) => {
            let near = text_at(text, e.location).chars().next().unwrap_or(' ');
            return Err(syntax_error(
                text,
                Near::Text(near.to_string()),
                e.location,
                false,
            ));
        }
    };
    let places = Places::new(text);
    let tokens = super::escapes::spark_strings(tokens, |token| token_text(&places, token));
    let tokens = super::numbers::join_suffixes(text, &places, tokens)?;
    super::intervals::join_units(text, tokens)
}

/// Spark's syntax error at the first token at or after `location` (or at the end of the text).
pub(crate) fn syntax_error_after(text: &str, location: Location) -> crate::Error {
    let tokens = tokens(text).unwrap_or_default();
    let next = tokens
        .iter()
        .filter(|t| !is_blank(&t.token))
        .find(|t| (t.span.start.line, t.span.start.column) >= (location.line, location.column));
    match next {
        Some(token) => syntax_error(
            text,
            Near::Text(source_of(text, token)),
            token.span.start,
            false,
        ),
        None => syntax_error(text, Near::EndOfInput, end_of(text), false),
    }
}

/// Where the minus sign before `location` is (blanks may part them), or `location` if there is
/// none.
pub(crate) fn sign_before(text: &str, location: Location) -> Location {
    let Some(at) = offset(text, location) else {
        return location;
    };
    let before = text[..at].trim_end();
    match before.strip_suffix('-') {
        Some(sign) => location_of(text, sign.len()),
        None => location,
    }
}

/// Where the identifier `name` (any case, plain or backquoted) is first used in `text` other
/// than as an alias (after `AS`).
pub(crate) fn identifier_location(text: &str, name: &str) -> Option<Location> {
    let tokens = tokens(text).ok()?;
    let meaningful: Vec<&TokenWithSpan> = tokens.iter().filter(|t| !is_blank(&t.token)).collect();
    meaningful.iter().enumerate().find_map(|(i, t)| {
        let Token::Word(word) = &t.token else {
            return None;
        };
        let alias = i > 0
            && matches!(&meaningful[i - 1].token, Token::Word(w) if w.value.eq_ignore_ascii_case("as") && w.quote_style.is_none());
        (word.value.eq_ignore_ascii_case(name) && !alias).then_some(t.span.start)
    })
}

fn is_blank(token: &Token) -> bool {
    matches!(token, Token::Whitespace(_) | Token::EOF)
}

/// The token a `sqlparser` error names (it ends with `found: X at Line: L, Column: C`, or
/// `found: EOF`), as Spark's error at or near it.
fn parse_error(text: &str, tokens: &[TokenWithSpan], error: &ParserError) -> crate::Error {
    if matches!(error, ParserError::RecursionLimitExceeded) {
        return too_complex();
    }
    let message = error.to_string();
    if let Some(location) = trailing_location(&message) {
        if let Some(at) = tokens.iter().position(|t| t.span.start == location) {
            // `sqlparser` can name the blank after the token at fault: Spark names the token.
            let token = tokens[..=at]
                .iter()
                .rev()
                .find(|t| !is_blank(&t.token))
                .unwrap_or(&tokens[at]);
            let near = Near::Text(source_of(text, token));
            return syntax_error(text, near, token.span.start, false);
        }
        return syntax_error(text, Near::Text(text_at(text, location)), location, false);
    }
    syntax_error(text, Near::EndOfInput, end_of(text), false)
}

/// `L`, `C` of a message ending in ` at Line: L, Column: C`.
fn trailing_location(message: &str) -> Option<Location> {
    let at = message.rfind(" at Line: ")?;
    let (line, column) = message[at + " at Line: ".len()..].split_once(", Column: ")?;
    let location = Location::new(line.trim().parse().ok()?, column.trim().parse().ok()?);
    (location.line > 0 && location.column > 0).then_some(location)
}

/// The text a token spans in the source.
fn source_of(text: &str, token: &TokenWithSpan) -> String {
    token_text(&Places::new(text), token)
}

/// The text a token spans in the source whose places are `places`.
fn token_text(places: &Places<'_>, token: &TokenWithSpan) -> String {
    match (
        places.offset(token.span.start),
        places.offset(token.span.end),
    ) {
        (Some(start), Some(end)) => places
            .text
            .get(start..end.max(start))
            .unwrap_or_default()
            .to_string(),
        _ => token.token.to_string(),
    }
}

/// The text `span` covers.
pub(crate) fn spanned(text: &str, span: Span) -> &str {
    Places::new(text).slice(span)
}

/// Where the keyword (`INTERVAL`) before `location` starts: blanks and a sign may part them.
pub(crate) fn keyword_before(text: &str, location: Location) -> Location {
    let Some(at) = offset(text, location) else {
        return location;
    };
    let before = text[..at].trim_end_matches(|c: char| c.is_whitespace() || c == '-' || c == '+');
    let word = before.len()
        - before
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    location_of(text, before.len() - word)
}

/// The 1-based line and column of a byte offset.
fn location_of(text: &str, at: usize) -> Location {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    Location::new(line as u64, column as u64)
}

/// The word (or the character) that starts at `location`.
fn text_at(text: &str, location: Location) -> String {
    let Some(start) = offset(text, location) else {
        return String::new();
    };
    let rest = &text[start..];
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if word.is_empty() {
        rest.chars().next().map(String::from).unwrap_or_default()
    } else {
        word
    }
}

/// The byte offset of a 1-based line and column (in characters).
fn offset(text: &str, location: Location) -> Option<usize> {
    Places::new(text).offset(location)
}

/// The byte offsets of a text's 1-based places (line, and column in characters), found
/// without reading the text from its start for each: the lexer turns every token's place into
/// its text, so a long text is read in linear time, not quadratic.
pub(crate) struct Places<'t> {
    text: &'t str,
    /// Each line's first byte, and whether the line is ASCII (a column is then a byte).
    lines: Vec<(usize, bool)>,
}

impl<'t> Places<'t> {
    /// The places of `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            lines.push((start, line.is_ascii()));
            start += line.len() + 1;
        }
        Places { text, lines }
    }

    /// The byte offset of `location`: a character of a line, the line break after it, or the
    /// end of the text.
    pub(crate) fn offset(&self, location: Location) -> Option<usize> {
        let index = usize::try_from(location.line).ok()?.checked_sub(1)?;
        let column = usize::try_from(location.column).ok()?.checked_sub(1)?;
        let &(start, ascii) = self.lines.get(index)?;
        let end = self
            .lines
            .get(index + 1)
            .map_or(self.text.len(), |(next, _)| next - 1);
        let line = &self.text[start..end];
        if ascii {
            return (column <= line.len()).then_some(start + column);
        }
        let mut chars = line.char_indices().map(|(i, _)| i).chain([line.len()]);
        chars.nth(column).map(|i| start + i)
    }

    /// The text `span` covers (empty when it lies outside the text).
    pub(crate) fn slice(&self, span: Span) -> &'t str {
        let start = self.offset(span.start).unwrap_or(self.text.len());
        let end = self.offset(span.end).unwrap_or(self.text.len());
        self.text.get(start..end.max(start)).unwrap_or_default()
    }
}

/// The location just after the last character.
fn end_of(text: &str) -> Location {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or_default();
    Location::new(line as u64, last.chars().count() as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(result: Result<impl std::fmt::Debug>) -> String {
        result.unwrap_err().to_string()
    }

    /// Every place of a text (line and column in characters, through the line break or the
    /// end) is the byte a walk over its characters reaches; places past a line are `None`.
    #[test]
    fn places_are_found_as_a_walk_over_the_characters_finds_them() {
        let text = "SELECT 'é', 1\nFROM t\n\n  WHERE ü > 1";
        let places = Places::new(text);
        let (mut line, mut column) = (1, 1);
        for (i, c) in text.char_indices() {
            assert_eq!(
                places.offset(Location::new(line, column)),
                Some(i),
                "{line}:{column}"
            );
            (line, column) = if c == '\n' {
                (line + 1, 1)
            } else {
                (line, column + 1)
            };
        }
        assert_eq!(places.offset(Location::new(line, column)), Some(text.len()));
        assert_eq!(places.offset(Location::new(line, column + 1)), None);
        assert_eq!(places.offset(Location::new(1, 15)), None);
        assert_eq!(places.offset(Location::new(5, 1)), None);
    }

    /// Every expected text is what `str(e)` of PySpark 4.3's `ParseException` is.
    #[test]
    fn syntax_errors_are_sparks() {
        assert_eq!(
            error(statement("SELECT a,, FROM t")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near ','. SQLSTATE: 42601 (line 1, pos 9)\
             \n\n== SQL ==\nSELECT a,, FROM t\n---------^^^\n"
        );
        assert_eq!(
            error(statement("SELEC a FROM t")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, \
             pos 0)\n\n== SQL ==\nSELEC a FROM t\n^^^\n"
        );
        assert_eq!(
            error(statement("SELECT (a FROM t")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601 (line 1, \
             pos 10)\n\n== SQL ==\nSELECT (a FROM t\n----------^^^\n"
        );
        assert_eq!(
            error(statement("SELECT a\nFROM t\nWHERE a >")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line \
             3, pos 9)\n\n== SQL ==\nSELECT a\nFROM t\nWHERE a >\n---------^^^\n"
        );
        assert_eq!(
            error(statement("SELECT a FROM t; SELECT 1")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELECT': extra input 'SELECT'. \
             SQLSTATE: 42601 (line 1, pos 17)\n\n== SQL ==\nSELECT a FROM t; SELECT 1\n\
             -----------------^^^\n"
        );
        assert_eq!(
            error(statement("SELECT 'abc")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '''. SQLSTATE: 42601 (line 1, pos \
             7)\n\n== SQL ==\nSELECT 'abc\n-------^^^\n"
        );
        assert_eq!(
            error(statement("")),
            "\n[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617 \
             (line 1, pos 0)\n\n== SQL ==\n\n^^^\n"
        );
        assert_eq!(
            error(select_item("a +")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line \
             1, pos 3)\n\n== SQL ==\na +\n---^^^\n"
        );
        assert_eq!(
            error(select_item("a b c")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'c': extra input 'c'. SQLSTATE: \
             42601 (line 1, pos 4)\n\n== SQL ==\na b c\n----^^^\n"
        );
        assert_eq!(
            error(expression("a >")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line \
             1, pos 3)\n\n== SQL ==\na >\n---^^^\n"
        );
        assert_eq!(
            error(statement("SELECT @ FROM t")),
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '@'. SQLSTATE: 42601 (line 1, pos 7)\
             \n\n== SQL ==\nSELECT @ FROM t\n-------^^^\n"
        );
    }

    #[test]
    fn spark_syntax_parses() {
        for text in [
            "INTERVAL '10 minutes'",
            "CAST(x AS INT)",
            "x::int",
            "`a b` AS `c d`",
            "CASE WHEN a > 1 THEN 'x' ELSE 'y' END",
            "count(DISTINCT x)",
        ] {
            select_item(text).unwrap();
        }
    }
}
