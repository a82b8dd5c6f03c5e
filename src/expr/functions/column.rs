//! The basic builders: columns, literals, `NOT`, `CASE WHEN`; and the operators Spark also
//! names as functions (`not`, `negative`, `isnull`, `isnotnull`).

use super::{no_defaults, operator, Arity, Entry, ScalarFunction, Spelling};
use crate::expr::bind::{bind_node, BoundExpr};
use crate::expr::name::sql;
use crate::expr::Expr;
use crate::{DataType, Value};

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

/// A constant of a declared type, named as the value: Spark's literal of a type other than
/// its value's own. Spark Connect's `lit(Decimal("1.50"))` (PySpark declares `decimal(10,0)`)
/// is a `decimal(10,2)` named `1.50`.
///
/// ```
/// use ember::{bind, typed_lit, DataType, Schema, Value};
/// let one_fifty = ember::expr::decimal_literal("1.50", None, None)?;
/// let b = bind(&(typed_lit(one_fifty, DataType::Decimal(10, 2)) + 1), &Schema::default())?;
/// assert_eq!((b.name.as_str(), b.data_type), ("(1.50 + 1)", DataType::Decimal(11, 2)));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn typed_lit(value: impl Into<Value>, data_type: DataType) -> Expr {
    let cast = lit(value).cast(data_type);
    operator(
        "typed_lit",
        Spelling::Custom(typed_lit_sql),
        &TYPED_LIT,
        vec![cast],
    )
}

/// [`typed_lit`]'s value cast to its type, named as the value.
static TYPED_LIT: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let bound = bind_node(&call.args[0], call.schema)?;
        Ok(BoundExpr {
            name: call.name.clone(),
            ..bound
        })
    },
};

/// [`typed_lit`]'s name: its value's.
fn typed_lit_sql(_: &'static str, args: &[Expr]) -> String {
    match args {
        [Expr::Cast { expr, .. }] => sql(expr),
        _ => args.iter().map(sql).collect(),
    }
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
