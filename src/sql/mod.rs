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
//!   its position (`; line 1 pos 7`), as Spark does; other analysis errors (an unknown column,
//!   a type mismatch) carry no position nor Spark's plan after the message: they are found
//!   when the expression is bound, and Ember's expressions keep no source position.
//! - `-a` is named `negative(a)` and `+a` is `a` (Spark: `(- a)`, `(+ a)`);
//!   `a IN (1, 2)` is built as `=`s joined by `OR` and `BETWEEN` as `>=` and `<=`, and named
//!   so (Spark: `(a IN (1, 2))`, `between(a, 1, 2)`).
//! - `ORDER BY`, `LIMIT`, `WITH`, window functions (`OVER`), interval values and `spark.sql`
//!   parameters are `[UNSUPPORTED_FEATURE]`; `LIKE` and `RLIKE` are calls of `like` and
//!   `rlike`, which the catalog does not have yet (`[UNRESOLVED_ROUTINE]`).
//! - `sqlparser` reserves a few words Spark takes as names (`SELECT a FROM t WHERE` is an
//!   alias `WHERE` in Spark, a syntax error here); expressions deeper than 100 levels are
//!   `[FAILED_TO_PARSE_TOO_COMPLEX]`.

mod errors;
mod expressions;
mod intervals;
mod parse;
mod queries;
mod views;

pub(crate) use errors::table_or_view_not_found;
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
        || match Translator::default().item(&parse::select_item(text)?)? {
            Item::Expr(e) => Ok(e),
            Item::Star => Err(errors::unsupported("`*` outside a select list")),
        },
    )
}

/// The columns one `selectExpr` item selects from a DataFrame of `schema`: `*` is every
/// column, anything else one expression (as [`expr`]).
pub fn select_items(text: &str, schema: &crate::Schema) -> Result<Vec<Expr>> {
    parse::on_deep_stack(|| {
        Ok(Translator::default()
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

/// `error` (from binding expressions written as SQL `text`) with Spark's position of an
/// unknown column (`; line 1 pos 0`).
pub(crate) fn at_column(error: crate::Error, text: &str) -> crate::Error {
    errors::at_column(error, text)
}

impl IntoCondition for Expr {
    fn into_condition(self) -> Result<Expr> {
        Ok(self)
    }
}

impl IntoCondition for &str {
    fn into_condition(self) -> Result<Expr> {
        parse::on_deep_stack(|| Translator::default().expr(&parse::expression(self)?))
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
