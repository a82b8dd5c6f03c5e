//! The map functions: `map` (`create_map`), `map_keys`, `map_values`, and map values by key
//! (`element_at(m, k)`, `m[k]`).

use super::arrays::invalid_extract_base;
use crate::error::Result;
use crate::expr::bind::BoundExpr;
use crate::expr::name::sql;
use crate::expr::types::unexpected_input_type;
use crate::expr::Expr;
use crate::{DataType, Schema, Value};

/// Whether `data_type` is an array or a map (what `size` and `explode` take).
pub(super) fn is_collection(data_type: &DataType) -> bool {
    matches!(data_type, DataType::Array(_))
}

/// The number of elements of an array or entries of a map; `None` for anything else.
pub(super) fn collection_len(value: &Value) -> Option<usize> {
    match value {
        Value::Array(items) => Some(items.len()),
        _ => None,
    }
}

/// `element_at(collection, key)` of a collection that is not an array.
pub(super) fn element_at_map(
    call: &super::Call<'_>,
    _collection: BoundExpr,
    data_type: &DataType,
) -> Result<BoundExpr> {
    Err(unexpected_input_type(
        &call.name,
        0,
        "(\"ARRAY\" or \"MAP\")",
        &sql(call.arg(0)?),
        data_type,
    ))
}

/// `base[key]` of a `base` that is neither an array nor a struct.
pub(super) fn get_map_value(
    _name: String,
    base: &Expr,
    _map: BoundExpr,
    data_type: &DataType,
    _key: &Expr,
    _schema: &Schema,
) -> Result<BoundExpr> {
    Err(invalid_extract_base(base, data_type))
}
