//! String literals as Spark reads them (`spark.sql.parser.escapedStringLiterals` off): its
//! `unescapeSQLString`, and the lexer's raw strings (`r'..'`) and adjacent literals
//! (`'a' 'b'` is `'ab'`).
//!
//! `sqlparser` finds where a literal ends (a backslash escapes the quote); the text between
//! the quotes is then read again here, because its own escapes differ from Spark's (`\f`,
//! `\uXXXX`, octal).

use sqlparser::tokenizer::{Token, TokenWithSpan};

/// Spark's `unescapeSQLString` of a literal as written, quotes included: `\n`, `\t`, `\r`,
/// `\b`, `\0`, `\Z` (U+001A), `\uXXXX`, `\UXXXXXXXX`, octal `\[01][0-7][0-7]`; `\%` and `\_`
/// keep their backslash (for `LIKE`); a backslash before any other character is dropped; a
/// doubled quote is one. Text is Java's UTF-16: a surrogate left unpaired is `?`, as the JVM
/// writes it.
pub(super) fn unescape(written: &str) -> String {
    let mut chars = written.chars();
    let quote = chars.next();
    chars.next_back();
    let inner = chars.as_str();
    let mut units: Vec<u16> = Vec::with_capacity(inner.len());
    let push = |units: &mut Vec<u16>, c: char| {
        let mut buffer = [0u16; 2];
        units.extend_from_slice(c.encode_utf16(&mut buffer));
    };
    let mut rest = inner;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if Some(c) == quote && rest.starts_with(c) {
            rest = &rest[c.len_utf8()..];
            push(&mut units, c);
            continue;
        }
        if c != '\\' {
            push(&mut units, c);
            continue;
        }
        let Some(next) = rest.chars().next() else {
            push(&mut units, c);
            break;
        };
        if let Some((code, width)) = unicode(next, &rest[next.len_utf8()..]) {
            rest = &rest[next.len_utf8() + width..];
            if let Ok(unit) = u16::try_from(code) {
                units.push(unit);
            } else {
                // Java's `Character.highSurrogate` and `lowSurrogate`, unchecked.
                units.push(((code >> 10) + (0xD800 - (0x10000 >> 10))) as u16);
                units.push(((code & 0x3FF) + 0xDC00) as u16);
            }
            continue;
        }
        if let Some(byte) = octal(rest) {
            rest = &rest[3..];
            units.push(byte);
            continue;
        }
        rest = &rest[next.len_utf8()..];
        match next {
            '0' => units.push(0),
            'b' => units.push(0x08),
            'n' => push(&mut units, '\n'),
            'r' => push(&mut units, '\r'),
            't' => push(&mut units, '\t'),
            'Z' => units.push(0x1A),
            '%' | '_' => {
                push(&mut units, '\\');
                push(&mut units, next);
            }
            other => push(&mut units, other),
        }
    }
    char::decode_utf16(units)
        .map(|c| c.unwrap_or('?'))
        .collect()
}

/// `uXXXX` or `UXXXXXXXX` after a backslash: the code and how many hex digits it took.
fn unicode(marker: char, after: &str) -> Option<(u32, usize)> {
    let width = match marker {
        'u' => 4,
        'U' => 8,
        _ => return None,
    };
    let digits = after.get(..width)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((u32::from_str_radix(digits, 16).ok()?, width))
}

/// Three octal digits after a backslash, the first 0 or 1 (Spark's test), as one character.
fn octal(after: &str) -> Option<u16> {
    let digits = after.as_bytes().get(..3)?;
    let valid =
        matches!(digits[0], b'0' | b'1') && digits[1..].iter().all(|d| (b'0'..=b'7').contains(d));
    valid.then(|| digits.iter().fold(0, |n, d| n * 8 + u16::from(d - b'0')))
}

/// The tokens with every string literal read as Spark reads it: unescaped from its text as
/// written (`source` gives a token's text), `r'..'` raw, and literals that follow each other
/// joined into one.
pub(super) fn spark_strings(
    tokens: Vec<TokenWithSpan>,
    source: impl Fn(&TokenWithSpan) -> String,
) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    for token in tokens {
        let (Token::SingleQuotedString(_) | Token::DoubleQuotedString(_)) = &token.token else {
            out.push(token);
            continue;
        };
        let written = source(&token);
        let mut span = token.span;
        let raw = match out.last() {
            Some(TokenWithSpan {
                token: Token::Word(w),
                span: before,
            }) if w.quote_style.is_none()
                && w.value.eq_ignore_ascii_case("r")
                && before.end == span.start =>
            {
                span.start = before.start;
                out.pop();
                true
            }
            _ => false,
        };
        let value = if raw {
            let mut chars = written.chars();
            chars.next();
            chars.next_back();
            chars.as_str().to_string()
        } else {
            unescape(&written)
        };
        // An earlier literal with only blanks between: Spark joins them.
        let blanks = out
            .iter()
            .rev()
            .take_while(|t| matches!(t.token, Token::Whitespace(_)))
            .count();
        let earlier = out.len().checked_sub(blanks + 1);
        if let Some(i) = earlier.filter(|i| matches!(out[*i].token, Token::SingleQuotedString(_))) {
            out.truncate(i + 1);
            let joined = &mut out[i];
            joined.span.end = span.end;
            if let Token::SingleQuotedString(text) = &mut joined.token {
                text.push_str(&value);
            }
            continue;
        }
        out.push(TokenWithSpan::new(Token::SingleQuotedString(value), span));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every expected value is what PySpark 4.3 collects for `SELECT <literal>`.
    #[test]
    fn escapes_are_sparks() {
        for (written, expected) in [
            (r"'\a'", "a"),
            (r"'\b'", "\u{8}"),
            (r"'\f'", "f"),
            (r"'\n'", "\n"),
            (r"'\r'", "\r"),
            (r"'\t'", "\t"),
            (r"'\v'", "v"),
            (r"'\Z'", "\u{1a}"),
            (r"'\0'", "\0"),
            (r"'\u0041'", "A"),
            (r"'\u00e9x'", "éx"),
            (r"'\U00000041'", "A"),
            (r"'\U0001F600'", "😀"),
            (r"'\uD83D\uDE00'", "😀"),
            (r"'\uD83D'", "?"),
            (r"'\uD83Dx'", "?x"),
            (r"'\U00110000'", "??"),
            (r"'\UFFFFFFFF'", "\u{d7bf}?"),
            (r"'\101'", "A"),
            (r"'\1011'", "A1"),
            (r"'\012'", "\n"),
            (r"'\0123'", "\n3"),
            (r"'\01'", "\u{0}1"),
            (r"'\0x'", "\u{0}x"),
            (r"'\400'", "400"),
            (r"'\3777'", "3777"),
            (r"'\777'", "777"),
            (r"'\8'", "8"),
            (r"'\18'", "18"),
            (r"'\1'", "1"),
            (r"'\12'", "12"),
            (r"'\q'", "q"),
            // A character of several bytes after the backslash (it panicked once).
            (r"'\é'", "é"),
            (r"'\éx\u00e9'", "éxé"),
            (r"'\%'", r"\%"),
            (r"'\_'", r"\_"),
            (r"'\%a\_b'", r"\%a\_b"),
            (r"'\\'", "\\"),
            (r"'\\w'", r"\w"),
            (r"'\''", "'"),
            (r#"'\"'"#, "\""),
            (r"'\u004'", "u004"),
            (r"'\u00'", "u00"),
            (r"'\uZZZZ'", "uZZZZ"),
            (r"'\x41'", "x41"),
            (r"'it''s'", "it's"),
            (r#""a""b""#, "a\"b"),
            (r#""a\"b""#, "a\"b"),
            (r"'\u0000'", "\0"),
            (r"'\z'", "z"),
            (r"'\N'", "N"),
            (r"'\$'", "$"),
            ("'a\\\nb'", "a\nb"),
        ] {
            assert_eq!(unescape(written), expected, "{written}");
        }
    }
}
