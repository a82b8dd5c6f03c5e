//! The struct functions: `struct`, `named_struct`, and fields by name (`s.f`, `getField`).

use super::{scalar, Arity, Call, Entry, ScalarFunction};
use crate::error::{Error, Result};
use crate::expr::bind::{bind_node, bound, BoundExpr, Evaluator};
use crate::expr::name::sql;
use crate::expr::Expr;
use crate::{DataType, Field, Row, Schema, Value};
use std::sync::Arc;

/// `struct(e1, e2, ...)`: a struct of the values. A field is named after its column, alias or
/// struct field (`struct(a, s.f)` has fields `a` and `f`), else `col1`, `col2`, ... by
/// position. Never `NULL`.
///
/// ```
/// use ember::{bind, col, lit, struct_, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("a", DataType::Integer)]);
/// let b = bind(&struct_(vec![col("a"), lit("x")]), &schema)?;
/// assert_eq!(b.name, "struct(a, x)");
/// assert_eq!(b.data_type.to_string(), "struct<a:int,col2:string>");
/// # Ok::<(), ember::Error>(())
/// ```
pub fn struct_(fields: Vec<Expr>) -> Expr {
    scalar("struct", fields)
}

/// `named_struct(name1, value1, ...)`: a struct with the given field names.
pub fn named_struct(fields: Vec<(&str, Expr)>) -> Expr {
    let args = fields
        .into_iter()
        .flat_map(|(name, value)| [Expr::Literal(name.into()), value])
        .collect();
    scalar("named_struct", args)
}

/// The struct functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("struct", &STRUCT),
    Entry::scalar("named_struct", &NAMED_STRUCT),
];

/// A struct of `values` named `names`.
fn make_struct(name: String, names: Vec<String>, values: Vec<BoundExpr>) -> BoundExpr {
    let fields = names
        .into_iter()
        .zip(&values)
        .map(|(name, v)| Field {
            name,
            data_type: v.data_type.clone(),
            nullable: v.nullable,
        })
        .collect();
    let evals: Vec<Evaluator> = values.into_iter().map(|v| v.eval).collect();
    bound(
        name,
        DataType::Struct(fields),
        false,
        Arc::new(move |row: &Row| {
            let items = evals.iter().map(|e| e(row)).collect::<Result<_, _>>()?;
            Ok(Value::Struct(items))
        }),
    )
}

static STRUCT: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(0),
    defaults: super::no_defaults,
    bind: |call| {
        let mut names = Vec::new();
        let mut values = Vec::new();
        for (i, arg) in call.args.iter().enumerate() {
            names.push(match arg {
                Expr::Column(name, _) | Expr::Alias { name, .. } => name.clone(),
                Expr::GetField { field, .. } => field.clone(),
                _ => format!("col{}", i + 1),
            });
            values.push(call.bind_arg(i)?);
        }
        Ok(make_struct(call.name.clone(), names, values))
    },
};

static NAMED_STRUCT: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(0),
    defaults: super::no_defaults,
    bind: |call: &Call<'_>| {
        let n = call.args.len();
        if n == 0 || n % 2 == 1 {
            return Err(Error::Analysis(format!(
                "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `named_struct` requires 2n (n > 0) \
                 parameters but the actual number is {n}. Please, refer to \
                 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. \
                 SQLSTATE: 42605"
            )));
        }
        let mut names = Vec::new();
        let mut values = Vec::new();
        for i in (0..n).step_by(2) {
            match call.arg(i)? {
                Expr::Literal(Value::String(name)) => names.push(name.clone()),
                other => {
                    return Err(Error::Analysis(format!(
                        "[DATATYPE_MISMATCH.CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING] Cannot \
                         resolve \"{}\" due to data type mismatch: Only foldable `STRING` \
                         expressions are allowed to appear at odd position, but they are [\"{}\"]. \
                         SQLSTATE: 42K09",
                        call.name,
                        sql(other)
                    )))
                }
            }
            values.push(call.bind_arg(i + 1)?);
        }
        Ok(make_struct(call.name.clone(), names, values))
    },
};

/// Binds `base.field` (`Expr::GetField`) named `name`.
pub(crate) fn bind_get_field(
    name: String,
    base: &Expr,
    field: &str,
    schema: &Schema,
) -> Result<BoundExpr> {
    let record = bind_node(base, schema)?;
    bind_field_of(name, base, record, field)
}

/// Field `field` (case-insensitive) of `record`, the bound `base`, named `name`.
pub(super) fn bind_field_of(
    name: String,
    base: &Expr,
    record: BoundExpr,
    field: &str,
) -> Result<BoundExpr> {
    let DataType::Struct(fields) = &record.data_type else {
        return Err(super::arrays::invalid_extract_base(base, &record.data_type));
    };
    let Some(index) = fields
        .iter()
        .position(|f| f.name.eq_ignore_ascii_case(field))
    else {
        let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
        return Err(Error::Analysis(format!(
            "[FIELD_NOT_FOUND] No such struct field `{field}` in {}. SQLSTATE: 42704",
            names.join(", ")
        )));
    };
    let found = &fields[index];
    let eval = record.eval;
    Ok(bound(
        name,
        found.data_type.clone(),
        record.nullable || found.nullable,
        Arc::new(move |row: &Row| match eval(row)? {
            Value::Struct(mut items) if index < items.len() => Ok(items.swap_remove(index)),
            _ => Ok(Value::Null),
        }),
    ))
}

#[cfg(test)]
mod tests;
