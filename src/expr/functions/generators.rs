//! Generators: functions that make several rows of one (`explode`).

use super::{Arity, Entry};
use crate::expr::Expr;

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

/// The generators.
pub(super) const ENTRIES: &[Entry] = &[Entry::special("explode", Arity::exactly(1), |mut a| {
    Ok(explode(a.remove(0)))
})];
