//! The map functions: `map` (`create_map`), `map_keys`, `map_values`, and map values by key
//! (`element_at(m, k)`, `m[k]`).
//!
//! Spark 4's defaults: a `NULL` key is `[NULL_MAP_KEY]` and a repeated key
//! `[DUPLICATED_MAP_KEY]` (`spark.sql.mapKeyDedupPolicy=EXCEPTION`); a missing key gives `NULL`.

use super::arrays::{invalid_extract_base, widen};
use super::{scalar, Arity, Call, Entry, ScalarFunction};
use crate::error::{Error, Result};
use crate::expr::bind::{bind_node, bound, BoundExpr, Evaluator};
use crate::expr::name::sql;
use crate::expr::types::{
    common_type, is_numeric, sql_type, unexpected_input_type, wider_type, Mismatch,
};
use crate::expr::{cast, Expr};
use crate::{DataType, Row, Schema, Value};
use std::sync::Arc;

/// `map(k1, v1, k2, v2, ...)` (PySpark's `create_map`): a map of the pairs, keys and values
/// each of their common type. Never `NULL`.
///
/// ```
/// use ember::{bind, create_map, lit, Schema, Row, Value};
/// let b = bind(&create_map(vec![lit("a"), lit(1), lit("b"), lit(2)]), &Schema::default())?;
/// assert_eq!((b.name.as_str(), b.data_type.to_string().as_str()), ("map(a, 1, b, 2)", "map<string,int>"));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn create_map(keys_and_values: Vec<Expr>) -> Expr {
    scalar("map", keys_and_values)
}

/// `map_keys(map)`: the keys, as an array, in the map's order.
pub fn map_keys(map: impl Into<Expr>) -> Expr {
    scalar("map_keys", vec![map.into()])
}

/// `map_values(map)`: the values, as an array, in the map's order.
pub fn map_values(map: impl Into<Expr>) -> Expr {
    scalar("map_values", vec![map.into()])
}

/// The map functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("map", &MAP),
    Entry::scalar("map_keys", &MAP_KEYS),
    Entry::scalar("map_values", &MAP_VALUES),
];

/// Whether `data_type` is an array or a map (what `size` and `explode` take).
pub(super) fn is_collection(data_type: &DataType) -> bool {
    matches!(data_type, DataType::Array(_) | DataType::Map(..))
}

/// The number of elements of an array or entries of a map; `None` for anything else.
pub(super) fn collection_len(value: &Value) -> Option<usize> {
    match value {
        Value::Array(items) => Some(items.len()),
        Value::Map(entries) => Some(entries.len()),
        _ => None,
    }
}

static MAP: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(0),
    defaults: super::no_defaults,
    bind: |call: &Call<'_>| {
        let n = call.args.len();
        if n % 2 == 1 {
            return Err(Error::Analysis(format!(
                "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `map` requires 2n (n > 0) parameters \
                 but the actual number is {n}. Please, refer to \
                 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. \
                 SQLSTATE: 42605"
            )));
        }
        let args = (0..n)
            .map(|i| call.bind_arg(i))
            .collect::<Result<Vec<_>>>()?;
        let (keys, values): (Vec<_>, Vec<_>) =
            args.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
        let key_types: Vec<&DataType> = keys.iter().map(|(_, k)| &k.data_type).collect();
        let value_types: Vec<&DataType> = values.iter().map(|(_, v)| &v.data_type).collect();
        let key_type = common_type(&key_types, Mismatch::alternatives(&call.name, "map"))?;
        let value_type = common_type(&value_types, Mismatch::alternatives(&call.name, "map"))?;
        let pairs: Vec<(Evaluator, Evaluator)> = keys
            .into_iter()
            .zip(values)
            .map(|((_, k), (_, v))| {
                (
                    widen(k.eval, &k.data_type, &key_type),
                    widen(v.eval, &v.data_type, &value_type),
                )
            })
            .collect();
        Ok(bound(
            call.name.clone(),
            DataType::Map(Box::new(key_type), Box::new(value_type)),
            false,
            Arc::new(move |row: &Row| {
                let mut entries: Vec<(Value, Value)> = Vec::with_capacity(pairs.len());
                for (k, v) in &pairs {
                    let key = k(row)?;
                    if key.is_null() {
                        return Err("[NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E"
                            .to_string());
                    }
                    if entries.iter().any(|(seen, _)| *seen == key) {
                        return Err(format!(
                            "[DUPLICATED_MAP_KEY] Duplicate map key {} was found, please check \
                             the input data.\nIf you want to remove the duplicated keys, you can \
                             set \"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key \
                             inserted at last takes precedence. SQLSTATE: 23505",
                            cast::to_string(&key)
                        ));
                    }
                    entries.push((key, v(row)?));
                }
                Ok(Value::Map(entries))
            }),
        ))
    },
};

/// The map argument of a one-map function: the bound argument and its key and value types.
fn map_arg(call: &Call<'_>) -> Result<(BoundExpr, DataType, DataType)> {
    let arg = call.bind_arg(0)?;
    match &arg.data_type {
        DataType::Map(k, v) => {
            let (k, v) = (k.as_ref().clone(), v.as_ref().clone());
            Ok((arg, k, v))
        }
        other => Err(unexpected_input_type(
            &call.name,
            0,
            "\"MAP\"",
            &sql(call.arg(0)?),
            other,
        )),
    }
}

/// `map_keys` (`keys`) or `map_values`.
fn bind_map_part(call: &Call<'_>, keys: bool) -> Result<BoundExpr> {
    let (map, k, v) = map_arg(call)?;
    let eval = map.eval;
    Ok(bound(
        call.name.clone(),
        DataType::Array(Box::new(if keys { k } else { v })),
        map.nullable,
        Arc::new(move |row: &Row| match eval(row)? {
            Value::Map(entries) => Ok(Value::Array(
                entries
                    .into_iter()
                    .map(|(k, v)| if keys { k } else { v })
                    .collect(),
            )),
            _ => Ok(Value::Null),
        }),
    ))
}

static MAP_KEYS: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: super::no_defaults,
    bind: |call| bind_map_part(call, true),
};

static MAP_VALUES: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: super::no_defaults,
    bind: |call| bind_map_part(call, false),
};

/// The value of `key` in `map` (bound, of type `data_type`), named `name`; `NULL` when absent.
/// `function` names the call in the key-type error.
fn lookup(name: String, function: &str, map: BoundExpr, key: BoundExpr) -> Result<BoundExpr> {
    let DataType::Map(key_type, value_type) = &map.data_type else {
        return Err(Error::Analysis(format!(
            "internal error: {name} is not a map lookup"
        )));
    };
    // Spark takes a key of the map's key type, or any number for a map of numbers (both then
    // compared as their wider type).
    let numbers = is_numeric(key_type) && is_numeric(&key.data_type);
    let Some(common) =
        wider_type(key_type, &key.data_type).filter(|t| numbers || t == key_type.as_ref())
    else {
        return Err(Error::Analysis(format!(
            "[DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES] Cannot resolve \"{name}\" due to data \
             type mismatch: Input to `{function}` should have been \"MAP\" followed by a value \
             with same key type, but it's [\"{}\", \"{}\"]. SQLSTATE: 42K09",
            sql_type(&map.data_type),
            sql_type(&key.data_type)
        )));
    };
    let value_type = value_type.as_ref().clone();
    let key_type = key_type.as_ref().clone();
    let needle = widen(key.eval, &key.data_type, &common);
    let entries = map.eval;
    Ok(bound(
        name,
        value_type,
        true,
        Arc::new(move |row: &Row| {
            let Value::Map(entries) = entries(row)? else {
                return Ok(Value::Null);
            };
            let key = needle(row)?;
            for (k, v) in entries {
                let k = if key_type == common {
                    k
                } else {
                    cast::cast_value(k, &key_type, &common)?
                };
                if k == key {
                    return Ok(v);
                }
            }
            Ok(Value::Null)
        }),
    ))
}

/// `element_at(collection, key)` of a collection that is not an array.
pub(super) fn element_at_map(
    call: &Call<'_>,
    collection: BoundExpr,
    data_type: &DataType,
) -> Result<BoundExpr> {
    if !matches!(data_type, DataType::Map(..)) {
        return Err(unexpected_input_type(
            &call.name,
            0,
            "(\"ARRAY\" or \"MAP\")",
            &sql(call.arg(0)?),
            data_type,
        ));
    }
    lookup(
        call.name.clone(),
        "element_at",
        collection,
        call.bind_arg(1)?,
    )
}

/// `base[key]` of a `base` that is neither an array nor a struct.
pub(super) fn get_map_value(
    name: String,
    base: &Expr,
    map: BoundExpr,
    data_type: &DataType,
    key: &Expr,
    schema: &Schema,
) -> Result<BoundExpr> {
    if !matches!(data_type, DataType::Map(..)) {
        return Err(invalid_extract_base(base, data_type));
    }
    lookup(name, "element_at", map, bind_node(key, schema)?)
}

#[cfg(test)]
mod tests;
