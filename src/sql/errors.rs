//! Spark's SQL errors: `PARSE_SYNTAX_ERROR` with its position and the SQL text under a caret,
//! `TABLE_OR_VIEW_NOT_FOUND`, and Ember's word for SQL it does not run.

use sqlparser::tokenizer::{Location, Span};

use crate::error::{parse_exception_text, Error};

/// What a syntax error is at or near.
pub(crate) enum Near {
    /// A token, as written.
    Text(String),
    /// The end of the text.
    EndOfInput,
}

/// Spark's `[PARSE_SYNTAX_ERROR]` at `location` (1-based line and column), as `str(e)` of
/// PySpark's `ParseException` shows it: a leading newline, the message, `(line L, pos P)`, and
/// the SQL with a caret line under the line at fault. `extra` adds Spark's `: extra input 'X'`
/// for text left after a complete statement.
pub(crate) fn syntax_error(text: &str, near: Near, location: Location, extra: bool) -> Error {
    let near = match near {
        Near::Text(token) if extra => format!("'{token}': extra input '{token}'"),
        Near::Text(token) => format!("'{token}'"),
        Near::EndOfInput => "end of input".to_string(),
    };
    positioned(
        text,
        &format!("[PARSE_SYNTAX_ERROR] Syntax error at or near {near}. SQLSTATE: 42601"),
        location,
    )
}

/// Spark's `[PARSE_EMPTY_STATEMENT]`, for text with nothing to run.
pub(crate) fn empty_statement(text: &str) -> Error {
    positioned(
        text,
        "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617",
        Location::new(1, 1),
    )
}

/// Spark's `ParseException.getMessage`: the lines up to the one at fault, a caret line
/// (`-` to the position, then `^^^`), then the lines after.
fn positioned(text: &str, message: &str, location: Location) -> Error {
    let line = location.line.max(1) as usize;
    let pos = location.column.max(1) as usize - 1;
    let out = format!("\n{}", parse_exception_text(text, message, line, pos));
    Error::Parse(out)
}

/// An error Spark's parser raises about a part of the text (a literal out of range): the
/// message, then `== SQL (line L, position P) ==` (P 1-based), the line and carets under the
/// part, as `str(e)` of PySpark's `ParseException` shows it.
pub(crate) fn placed(text: &str, message: &str, fragment: Span) -> Error {
    let (line, column) = (fragment.start.line.max(1), fragment.start.column.max(1));
    let source = text.split('\n').nth(line as usize - 1).unwrap_or_default();
    let width = source.chars().count() as u64;
    let end = if fragment.end.line == fragment.start.line {
        fragment.end.column.min(width + 1)
    } else {
        width + 1
    };
    let carets = end.saturating_sub(column).max(1) as usize;
    Error::Parse(format!(
        "\n{message}\n== SQL (line {line}, position {column}) ==\n{source}\n{}{}\n",
        " ".repeat(column as usize - 1),
        "^".repeat(carets)
    ))
}

/// Spark 4's `[TABLE_OR_VIEW_NOT_FOUND]`, as `spark.table` and `spark.sql` raise it.
pub(crate) fn table_or_view_not_found(name: &str) -> Error {
    Error::Analysis(format!(
        "[TABLE_OR_VIEW_NOT_FOUND] The table or view `{name}` cannot be found. Verify the \
         spelling and correctness of the schema and catalog.\nSearch path: [`system`.`builtin`, \
         `system`.`session`, `spark_catalog`.`default`].\nIf you did not qualify the name with a \
         schema, verify the current_schema() output, or qualify the name with the correct schema \
         and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF \
         EXISTS. SQLSTATE: 42P01"
    ))
}

/// An `UNRESOLVED_COLUMN` error raised binding SQL `text`, at Spark's position of the column
/// in the text (`; line 1 pos 7`: the line, and the 0-based column where its name starts);
/// other errors as they are.
pub(crate) fn at_column(error: Error, text: &str) -> Error {
    let Error::Analysis(message) = &error else {
        return error;
    };
    if !message.starts_with("[UNRESOLVED_COLUMN") || message.contains("; line ") {
        return error;
    }
    let name = message
        .split_once("name `")
        .and_then(|(_, rest)| rest.split_once("` cannot"))
        .map(|(name, _)| name.replace("``", "`"));
    match name.and_then(|name| super::parse::identifier_location(text, &name)) {
        Some(at) => Error::Analysis(format!(
            "{message}; line {} pos {}",
            at.line,
            at.column.saturating_sub(1)
        )),
        None => error,
    }
}

/// SQL that parses but that Ember does not run yet, named.
pub(crate) fn unsupported(what: impl std::fmt::Display) -> Error {
    Error::Analysis(format!(
        "[UNSUPPORTED_FEATURE] The feature is not supported: {what} in SQL text (Ember). \
         SQLSTATE: 0A000"
    ))
}

/// Spark's error for a statement too deep to handle.
pub(crate) fn too_complex() -> Error {
    Error::Parse(
        "[FAILED_TO_PARSE_TOO_COMPLEX] The statement, including potential SQL functions and \
         referenced views, was too complex to parse. To mitigate this error divide the statement \
         into multiple, less complex chunks. SQLSTATE: 54001"
            .to_string(),
    )
}
