//! The basic builders: columns, literals, `NOT`, `CASE WHEN`; and the operators Spark also
//! names as functions (`not`, `negative`, `isnull`, `isnotnull`).

use super::{Arity, Entry};
use crate::expr::Expr;
use crate::Value;

/// A column of the input by name; names resolve case-insensitively when bound.
///
/// ```
/// use ember::col;
/// assert_eq!(col("value").output_name(), "value");
/// ```
pub fn col(name: impl Into<String>) -> Expr {
    Expr::Column(name.into(), None)
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

/// The operators Spark also names as functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::special("not", Arity::exactly(1), |mut a| Ok(not(a.remove(0)))),
    Entry::special("negative", Arity::exactly(1), |mut a| {
        Ok(Expr::Negate(Box::new(a.remove(0))))
    }),
    Entry::special("isnull", Arity::exactly(1), |mut a| {
        Ok(a.remove(0).is_null())
    }),
    Entry::special("isnotnull", Arity::exactly(1), |mut a| {
        Ok(a.remove(0).is_not_null())
    }),
];
