//! DDL schema strings such as `"ts TIMESTAMP, word STRING"`, parsed as Spark's
//! `StructType.fromDDL` (what `DataStreamReader.schema(str)` calls) parses them.
//!
//! Grammar: `name type [NOT NULL] [COMMENT 'text']`, separated by commas. Names are identifiers
//! or back-quoted (`` `my col` ``); types ignore case: `string`, `tinyint`/`byte`,
//! `smallint`/`short`, `int`/`integer`, `bigint`/`long`, `float`/`real`, `double`,
//! `decimal[(p[,s])]` (`dec`, `numeric`), `boolean`, `binary`, `date`, `timestamp`
//! (`timestamp_ltz`), `timestamp_ntz`, `void`, `array<T>`, `map<K, V>` and
//! `struct<name: T, ...>`. Errors carry Spark's error class, position and the `== SQL ==`
//! excerpt with the offending token underlined.

use ember_operators::{DataType, Field, Schema};

use crate::error::{parse_exception_text, Error, Result};
use crate::expr::simple_type;

/// Types Spark has that Ember does not: named in the error for them.
const SPARK_ONLY_TYPES: &[&str] = &[
    "char",
    "character",
    "varchar",
    "interval",
    "variant",
    "time",
];

/// Parses a DDL schema string into a [`Schema`].
///
/// ```
/// use ember::source::schema_from_ddl;
/// use ember::DataType;
/// let schema = schema_from_ddl("ts TIMESTAMP, word STRING").unwrap();
/// assert_eq!(schema.names(), ["ts", "word"]);
/// assert_eq!(schema.fields[0].data_type, DataType::Timestamp);
/// let err = schema_from_ddl("ts TIMESTAMPX").unwrap_err().to_string();
/// assert!(err.starts_with("[UNSUPPORTED_DATATYPE] Unsupported data type \"TIMESTAMPX\"."));
/// ```
pub fn schema_from_ddl(ddl: &str) -> Result<Schema> {
    let tokens = tokenize(ddl)?;
    let mut parser = Parser {
        ddl,
        tokens,
        next: 0,
    };
    if parser.tokens.is_empty() {
        return Err(parser.error(
            "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617",
            0,
        ));
    }
    let mut fields = Vec::new();
    loop {
        fields.push(parser.field(false)?);
        if parser.peek().is_none() {
            break;
        }
        parser.expect_punct(',')?;
    }
    Ok(Schema::new(fields))
}

/// Parses one type name (`decimal(10,2)`, `array<map<string,int>>`, `struct<a:int>`), as
/// `Column.cast("...")` and `try_cast` read it.
pub(crate) fn parse_data_type(text: &str) -> Result<DataType> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        ddl: text,
        tokens,
        next: 0,
    };
    let data_type = parser.data_type()?;
    if parser.peek().is_some() {
        return Err(parser.syntax_error());
    }
    Ok(data_type)
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// A bare word: a name, a type name or a keyword.
    Word(String),
    /// A back-quoted name, unquoted.
    Quoted(String),
    /// A string literal (after `COMMENT`), unquoted.
    Text,
    /// A number (in `decimal(10, 2)`).
    Number,
    /// One of `, < > : ( )` or any other single character.
    Punct(char),
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    /// Byte offset of the token in the DDL string.
    start: usize,
    /// The token as written.
    text: String,
}

fn tokenize(ddl: &str) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = ddl.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let kind = if c.is_alphanumeric() || c == '_' {
            let mut word = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if !(c.is_alphanumeric() || c == '_') {
                    break;
                }
                word.push(c);
                chars.next();
            }
            if word.chars().all(|c| c.is_ascii_digit()) {
                Kind::Number
            } else {
                Kind::Word(word)
            }
        } else if c == '`' || c == '\'' || c == '"' {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            while let Some((_, d)) = chars.next() {
                if d == c {
                    // A doubled back-quote is a back-quote inside the name.
                    if c == '`' && chars.peek().is_some_and(|&(_, e)| e == '`') {
                        chars.next();
                        text.push('`');
                        continue;
                    }
                    closed = true;
                    break;
                }
                if d == '\\' && c != '`' {
                    if let Some((_, e)) = chars.next() {
                        text.push(e);
                    }
                    continue;
                }
                text.push(d);
            }
            if !closed {
                return Err(syntax_error_at(ddl, &ddl[start..start + 1], start));
            }
            if c == '`' {
                Kind::Quoted(text)
            } else {
                Kind::Text
            }
        } else {
            chars.next();
            Kind::Punct(c)
        };
        let end = chars.peek().map_or(ddl.len(), |&(i, _)| i);
        tokens.push(Token {
            kind,
            start,
            text: ddl[start..end].to_string(),
        });
    }
    Ok(tokens)
}

struct Parser<'a> {
    ddl: &'a str,
    tokens: Vec<Token>,
    next: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn error(&self, message: &str, offset: usize) -> Error {
        parse_error(self.ddl, message, offset)
    }

    /// `[PARSE_SYNTAX_ERROR]` at the next token (or the end of the input).
    fn syntax_error(&self) -> Error {
        match self.peek() {
            Some(t) => syntax_error_at(self.ddl, &t.text, t.start),
            None => self.error(
                "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601",
                self.ddl.len(),
            ),
        }
    }

    fn is_punct(&self, c: char) -> bool {
        matches!(self.peek(), Some(Token { kind: Kind::Punct(p), .. }) if *p == c)
    }

    /// Takes the next token if it is the punctuation `c`; whether it was.
    fn eat_punct(&mut self, c: char) -> bool {
        let is = self.is_punct(c);
        if is {
            self.next += 1;
        }
        is
    }

    fn expect_punct(&mut self, c: char) -> Result<()> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }

    /// The next token as a number (a decimal's precision or scale).
    fn number(&mut self) -> Result<i32> {
        match self.peek() {
            Some(Token {
                kind: Kind::Number,
                text,
                ..
            }) => {
                let n = text.parse().unwrap_or(i32::MAX);
                self.next += 1;
                Ok(n)
            }
            _ => Err(self.syntax_error()),
        }
    }

    fn is_word(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token { kind: Kind::Word(w), .. }) if w.eq_ignore_ascii_case(keyword))
    }

    /// `name [:] type [NOT NULL] [COMMENT 'text']`; the colon only inside `struct<...>`.
    fn field(&mut self, in_struct: bool) -> Result<Field> {
        let name = match self.peek() {
            Some(Token {
                kind: Kind::Word(w) | Kind::Quoted(w),
                ..
            }) => w.clone(),
            _ => return Err(self.syntax_error()),
        };
        self.next += 1;
        if in_struct {
            self.eat_punct(':');
        }
        let data_type = self.data_type()?;
        let mut nullable = true;
        if self.is_word("not") {
            self.next += 1;
            if !self.is_word("null") {
                return Err(self.syntax_error());
            }
            self.next += 1;
            nullable = false;
        }
        if self.is_word("comment") {
            self.next += 1;
            match self.peek() {
                Some(Token {
                    kind: Kind::Text, ..
                }) => self.next += 1,
                _ => return Err(self.syntax_error()),
            }
        }
        Ok(Field {
            name,
            data_type,
            nullable,
        })
    }

    fn data_type(&mut self) -> Result<DataType> {
        let Some(Token {
            kind: Kind::Word(word),
            start,
            ..
        }) = self.peek().cloned()
        else {
            return Err(self.syntax_error());
        };
        self.next += 1;
        let lower = word.to_ascii_lowercase();
        match lower.as_str() {
            "array" => {
                self.expect_punct('<')?;
                let element = self.data_type()?;
                self.expect_punct('>')?;
                return Ok(DataType::Array(Box::new(element)));
            }
            "struct" => {
                self.expect_punct('<')?;
                let mut fields = Vec::new();
                if !self.is_punct('>') {
                    loop {
                        fields.push(self.field(true)?);
                        if !self.eat_punct(',') {
                            break;
                        }
                    }
                }
                self.expect_punct('>')?;
                return Ok(DataType::Struct(fields));
            }
            "map" => {
                self.expect_punct('<')?;
                let key = self.data_type()?;
                self.expect_punct(',')?;
                let value = self.data_type()?;
                self.expect_punct('>')?;
                return Ok(DataType::Map(Box::new(key), Box::new(value)));
            }
            "decimal" | "dec" | "numeric" if self.is_punct('(') => {
                self.next += 1;
                let precision = self.number()?;
                let scale = if self.eat_punct(',') {
                    self.number()?
                } else {
                    0
                };
                self.expect_punct(')')?;
                return crate::expr::decimal_type(precision, scale);
            }
            _ => {}
        }
        // Parameters (`decimal(10, 2)`) and type arguments (`map<string, int>`) belong to the
        // type's text in the error message.
        let mut end = self.next;
        if let Some(Token {
            kind: Kind::Punct(open @ ('(' | '<')),
            ..
        }) = self.peek()
        {
            let close = if *open == '(' { ')' } else { '>' };
            let mut depth = 0;
            while let Some(t) = self.tokens.get(end) {
                end += 1;
                match t.kind {
                    Kind::Punct(c) if c == *open => depth += 1,
                    Kind::Punct(c) if c == close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        let text: String = self.tokens[self.next - 1..end]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join("");
        let known = end == self.next;
        self.next = end;
        if known {
            if let Some(data_type) = simple_type(&lower) {
                return Ok(data_type);
            }
        }
        let mut message = format!(
            "[UNSUPPORTED_DATATYPE] Unsupported data type \"{}\". SQLSTATE: 0A000",
            text.to_uppercase()
        );
        let mut error = self.error(&message, start);
        if SPARK_ONLY_TYPES.contains(&lower.as_str()) {
            message = format!(
                "{error}\nEmber has no {} type; its types are string, tinyint, smallint, int, \
                 bigint, float, double, decimal(p,s), boolean, binary, date, timestamp, \
                 timestamp_ntz, array<...>, map<...> and struct<...>.",
                lower.to_uppercase()
            );
            error = Error::Analysis(message);
        }
        Err(error)
    }
}

fn syntax_error_at(ddl: &str, near: &str, offset: usize) -> Error {
    parse_error(
        ddl,
        &format!("[PARSE_SYNTAX_ERROR] Syntax error at or near '{near}'. SQLSTATE: 42601"),
        offset,
    )
}

/// Spark's `ParseException` text ([`parse_exception_text`]) of an error at byte `offset`.
fn parse_error(ddl: &str, message: &str, offset: usize) -> Error {
    let before = &ddl[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let pos = ddl[line_start..offset].chars().count();
    Error::Analysis(parse_exception_text(ddl, message, line, pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(ddl: &str) -> String {
        schema_from_ddl(ddl).unwrap_err().to_string()
    }

    #[test]
    fn parses_spark_ddl() {
        let schema = schema_from_ddl(
            "a int not null, `b c` string comment 'x', d bigint, e long, f double, \
             g boolean, h date, i integer, k array<int>, l struct<x:int, y string>, \
             m TIMESTAMP",
        )
        .unwrap();
        assert_eq!(
            schema.names(),
            ["a", "b c", "d", "e", "f", "g", "h", "i", "k", "l", "m"]
        );
        assert!(!schema.fields[0].nullable);
        let types: Vec<String> = schema
            .fields
            .iter()
            .map(|f| f.data_type.to_string())
            .collect();
        assert_eq!(
            types,
            [
                "int",
                "string",
                "bigint",
                "bigint",
                "double",
                "boolean",
                "date",
                "int",
                "array<int>",
                "struct<x:int,y:string>",
                "timestamp"
            ]
        );
        // Spark keeps both: names are checked later, and case-insensitively.
        assert_eq!(
            schema_from_ddl("a int, A string").unwrap().names(),
            ["a", "A"]
        );
    }

    /// The messages of PySpark 4.3's `readStream.schema(ddl)` for the same strings.
    #[test]
    fn errors_are_sparks() {
        assert_eq!(
            err("ts TIMESTAMPX, word STRING"),
            "[UNSUPPORTED_DATATYPE] Unsupported data type \"TIMESTAMPX\". SQLSTATE: 0A000 \
             (line 1, pos 3)\n\n== SQL ==\nts TIMESTAMPX, word STRING\n---^^^\n"
        );
        assert_eq!(
            err("ts, word STRING"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near ','. SQLSTATE: 42601 (line 1, pos 2)\
             \n\n== SQL ==\nts, word STRING\n--^^^\n"
        );
        assert_eq!(
            err("ts timestamp word string"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'word'. SQLSTATE: 42601 \
             (line 1, pos 13)\n\n== SQL ==\nts timestamp word string\n-------------^^^\n"
        );
        assert_eq!(
            err(""),
            "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617 \
             (line 1, pos 0)\n\n== SQL ==\n\n^^^\n"
        );
        assert_eq!(
            err("a INT,"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 \
             (line 1, pos 6)\n\n== SQL ==\na INT,\n------^^^\n"
        );
        // Several lines: the caret under the line at fault, trailing empty lines dropped.
        assert_eq!(
            err("a INT,\n"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 \
             (line 2, pos 0)\n\n== SQL ==\na INT,\n^^^\n"
        );
        assert_eq!(
            err("a INT\nb INT"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'b'. SQLSTATE: 42601 (line 2, pos 0)\
             \n\n== SQL ==\na INT\nb INT\n^^^\n"
        );
        assert_eq!(
            err("ts TIMESTAMPX,\nword STRING\n"),
            "[UNSUPPORTED_DATATYPE] Unsupported data type \"TIMESTAMPX\". SQLSTATE: 0A000 \
             (line 1, pos 3)\n\n== SQL ==\nts TIMESTAMPX,\n---^^^\nword STRING\n"
        );
        assert!(err("a:int, b:string").starts_with(
            "[PARSE_SYNTAX_ERROR] Syntax error at or near ':'. SQLSTATE: 42601 (line 1, pos 1)"
        ));
        assert!(err("struct<a:int>").starts_with(
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '<'. SQLSTATE: 42601 (line 1, pos 6)"
        ));
    }

    #[test]
    fn spark_types_ember_lacks_are_named() {
        let e = err("a char(10)");
        assert!(
            e.starts_with(
                "[UNSUPPORTED_DATATYPE] Unsupported data type \"CHAR(10)\". SQLSTATE: \
                 0A000 (line 1, pos 2)"
            ),
            "{e}"
        );
        assert!(e.contains("Ember has no CHAR type"), "{e}");
    }

    #[test]
    fn every_type_parses_nested_too() {
        let schema = schema_from_ddl(
            "a tinyint, b byte, c smallint, d short, e float, f real, g decimal(10,2), \
             h decimal, i dec(5), j numeric(38, 38), k binary, l timestamp_ntz, \
             m map<string, int>, n array<map<string,decimal(10,2)>>, \
             o struct<a:int,b:map<string,array<float>>>",
        )
        .unwrap();
        let types: Vec<String> = schema
            .fields
            .iter()
            .map(|f| f.data_type.to_string())
            .collect();
        assert_eq!(
            types,
            [
                "tinyint",
                "tinyint",
                "smallint",
                "smallint",
                "float",
                "float",
                "decimal(10,2)",
                "decimal(10,0)",
                "decimal(5,0)",
                "decimal(38,38)",
                "binary",
                "timestamp_ntz",
                "map<string,int>",
                "array<map<string,decimal(10,2)>>",
                "struct<a:int,b:map<string,array<float>>>",
            ]
        );
        assert!(err("a decimal(39,2)").starts_with(
            "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max \
             precision 38."
        ));
    }
}
