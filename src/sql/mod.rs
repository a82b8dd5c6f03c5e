//! SQL text: [`expr`] (`expr("a + 1")`), `DataFrame::select_expr`, `filter("a > 1")` through
//! [`IntoCondition`], temporary views ([`Views`]) and `Session::sql`.
//!
//! Text is parsed by the `sqlparser` crate in Spark's dialect (`parse`), then translated into
//! the same [`Expr`]s (`expressions`) and DataFrame calls (`queries`) a Rust program writes, so
//! a SQL query and its DataFrame form have the same plan. Errors are Spark's (`errors`):
//! `PARSE_SYNTAX_ERROR` with its position, `UNRESOLVED_ROUTINE`, `TABLE_OR_VIEW_NOT_FOUND`; the
//! analysis errors (`UNRESOLVED_COLUMN`, `DATATYPE_MISMATCH`) come from binding, as for any
//! DataFrame.
//!
//! ## Deviations from Spark
//!
//! - A function that is unknown or called with the wrong number of arguments is reported at
//!   its position (`; line 1 pos 7`), as Spark does, and so is an unknown column named in SQL
//!   text (`spark.sql`, `select_expr`, `filter("..")`, and an [`expr`] wherever it is used: the
//!   column keeps its place in the text). No analysis error carries Spark's plan after the
//!   message, and other analysis errors (a type mismatch) have no position.
//! - Literals are read as Spark's lexer reads them: numbers with their suffixes (`1Y`, `1S`,
//!   `1L`, `1BD`, `2D`, `1.5F`; `1a` is a name), string escapes by Spark's
//!   `unescapeSQLString`, `r'..'` raw strings, adjacent strings joined. A literal out of its
//!   type's range is Spark's error under the literal (`== SQL (line 1, position 8) ==`).
//! - `ORDER BY`, `LIMIT`, `WITH`, window functions (`OVER`), `LIKE ANY`/`ALL` and `spark.sql`
//!   parameters are `[UNSUPPORTED_FEATURE]`.
//! - `INTERVAL` literals are Spark 4's ANSI intervals (`interval minute`, `interval day to
//!   hour`, `interval year to month`, ...), quoted or not (`INTERVAL 1 DAY 2 HOURS`). A date plus an
//!   interval of whole days is a date, as in Spark, but named `d + INTERVAL '1' DAY` (Spark:
//!   `date_add(d, extractansiintervaldays(INTERVAL '1' DAY))`); a date-time moved by an
//!   interval is named without parentheses (`ts + INTERVAL '10' MINUTE`) only when the
//!   interval is a literal. The `WATERMARK ts DELAY OF INTERVAL ..` clause of Spark 4.3 is not
//!   supported (use `with_watermark`); `window` and `session_window` take their durations as
//!   strings and refuse interval values with Spark's words.
//! - `sqlparser` reserves a few words Spark takes as names (`SELECT a FROM t WHERE` is an
//!   alias `WHERE` in Spark, a syntax error here); expressions deeper than 100 levels are
//!   `[FAILED_TO_PARSE_TOO_COMPLEX]`.

mod errors;
mod escapes;
mod expressions;
mod intervals;
mod numbers;
mod parse;
mod queries;
mod views;

pub(crate) use errors::{at_column, table_or_view_not_found};
pub(crate) use queries::sql;
pub use views::Views;

use crate::error::Result;
use crate::expr::Expr;
use expressions::{Item, Translator};

/// A Spark SQL expression as an [`Expr`], as PySpark's `functions.expr`: `"a + 1"`,
/// `"CAST(x AS INT) AS y"`, `"count(*)"`. Malformed text is Spark's `PARSE_SYNTAX_ERROR`, an
/// unknown function `UNRESOLVED_ROUTINE`; columns are resolved when the expression is used.
///
/// ```
/// use ember::{col, expr};
/// assert_eq!(expr("a + 1")?.output_name(), (col("a") + 1).output_name());
/// assert_eq!(expr("lower(s) AS l")?.output_name(), "l");
/// let err = expr("a +").unwrap_err().to_string();
/// assert!(err.starts_with("\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input."), "{err}");
/// # Ok::<(), ember::Error>(())
/// ```
pub fn expr(text: &str) -> Result<Expr> {
    parse::on_deep_stack(
        || match Translator::new(text).item(&parse::select_item(text)?)? {
            Item::Expr(e) => Ok(e),
            Item::Star => Err(errors::unsupported("`*` outside a select list")),
        },
    )
}

/// The columns one `selectExpr` item selects from a DataFrame of `schema`: `*` is every
/// column, anything else one expression (as [`expr`]).
pub fn select_items(text: &str, schema: &crate::Schema) -> Result<Vec<Expr>> {
    parse::on_deep_stack(|| {
        Ok(Translator::new(text)
            .item(&parse::select_item(text)?)?
            .expand(schema))
    })
}

/// What `DataFrame::filter` takes: an [`Expr`], or SQL text as PySpark's `df.filter("a > 1")`.
pub trait IntoCondition {
    /// The condition as an expression; SQL text that does not parse is Spark's error.
    fn into_condition(self) -> Result<Expr>;

    /// The SQL text of the condition, if it is text: an unknown column is reported at its
    /// position in it.
    fn sql_text(&self) -> Option<&str> {
        None
    }
}

impl IntoCondition for Expr {
    fn into_condition(self) -> Result<Expr> {
        Ok(self)
    }
}

impl IntoCondition for &str {
    fn into_condition(self) -> Result<Expr> {
        parse::on_deep_stack(|| Translator::new(self).expr(&parse::expression(self)?))
    }

    fn sql_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl IntoCondition for String {
    fn into_condition(self) -> Result<Expr> {
        self.as_str().into_condition()
    }

    fn sql_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl IntoCondition for &String {
    fn into_condition(self) -> Result<Expr> {
        self.as_str().into_condition()
    }

    fn sql_text(&self) -> Option<&str> {
        Some(self)
    }
}
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_literals;
