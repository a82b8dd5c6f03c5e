//! The array functions: `array`, `array_contains`, `size`, `element_at`, `sort_array`,
//! `array_distinct`, `slice`, `flatten`, `reverse`, `array_join`, and `a[i]` (`getItem`).
//!
//! Spark 4's ANSI rules: an index out of bounds is a run-time error
//! (`[INVALID_ARRAY_INDEX]`, `[INVALID_ARRAY_INDEX_IN_ELEMENT_AT]`), `size(NULL)` is `NULL`
//! (`spark.sql.legacy.sizeOfNull` is off under ANSI).

use super::{no_defaults, scalar, Arity, Call, Entry, ScalarFunction};
use crate::error::{Error, Result};
use crate::expr::bind::{bound, BoundExpr, Evaluator};
use crate::expr::name::sql;
use crate::expr::types::{common_type, sql_type, unexpected_input_type, wider_type, Mismatch};
use crate::expr::{cast, Expr};
use crate::{DataType, Row, Value};
use std::collections::HashSet;
use std::sync::Arc;

/// `array(e1, e2, ...)`: an array of the values, of their common type (`array<void>` when
/// empty). Never `NULL`; the elements may be.
///
/// ```
/// use ember::{array, bind, col, lit, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("n", DataType::Integer)]);
/// let b = bind(&array(vec![col("n"), lit(2i64)]), &schema)?;
/// assert_eq!(b.name, "array(n, 2)");
/// assert_eq!(b.data_type, DataType::Array(Box::new(DataType::Long)));
/// assert_eq!((b.eval)(&Row::new(vec![Value::Int(1)])), Ok(Value::Array(vec![Value::Long(1), Value::Long(2)])));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn array(elements: Vec<Expr>) -> Expr {
    scalar("array", elements)
}

/// `array_contains(array, value)`: whether the array holds the value; `NULL` when either is
/// `NULL`, or when the value is not found but the array holds a `NULL`.
pub fn array_contains(array: impl Into<Expr>, value: impl Into<Expr>) -> Expr {
    scalar("array_contains", vec![array.into(), value.into()])
}

/// `size(collection)`: the number of elements of an array or entries of a map, an `int`;
/// `NULL` for `NULL`.
pub fn size(collection: impl Into<Expr>) -> Expr {
    scalar("size", vec![collection.into()])
}

/// `element_at(array, index)`: the element at 1-based `index` (negative counts from the end);
/// of a map, the value of key `index` (`NULL` when absent). An index out of bounds is
/// `[INVALID_ARRAY_INDEX_IN_ELEMENT_AT]`, `0` is `[INVALID_INDEX_OF_ZERO]`.
pub fn element_at(collection: impl Into<Expr>, index: impl Into<Expr>) -> Expr {
    scalar("element_at", vec![collection.into(), index.into()])
}

/// `sort_array(array, asc)`: the elements sorted, `NULL`s first when ascending and last when
/// descending.
pub fn sort_array(array: impl Into<Expr>, asc: bool) -> Expr {
    scalar(
        "sort_array",
        vec![array.into(), Expr::Literal(Value::Boolean(asc))],
    )
}

/// `array_distinct(array)`: the elements without repeats, in order of first appearance.
pub fn array_distinct(array: impl Into<Expr>) -> Expr {
    scalar("array_distinct", vec![array.into()])
}

/// `slice(array, start, length)`: at most `length` elements from 1-based `start` (negative
/// counts from the end).
pub fn slice(array: impl Into<Expr>, start: impl Into<Expr>, length: impl Into<Expr>) -> Expr {
    scalar("slice", vec![array.into(), start.into(), length.into()])
}

/// `flatten(array_of_arrays)`: the inner arrays concatenated; `NULL` if any is `NULL`.
pub fn flatten(array: impl Into<Expr>) -> Expr {
    scalar("flatten", vec![array.into()])
}

/// `reverse(e)`: an array's elements, or a string's characters, in reverse order.
pub fn reverse(e: impl Into<Expr>) -> Expr {
    scalar("reverse", vec![e.into()])
}

/// `array_join(array, delimiter)`: the elements (cast to `string`) joined by `delimiter`,
/// skipping `NULL`s; with `null_replacement`, `NULL`s are written as it.
pub fn array_join(array: impl Into<Expr>, delimiter: &str, null_replacement: Option<&str>) -> Expr {
    let mut args = vec![array.into(), Expr::Literal(delimiter.into())];
    args.extend(null_replacement.map(|r| Expr::Literal(r.into())));
    scalar("array_join", args)
}

/// The array functions.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar("array", &ARRAY),
    Entry::scalar("array_contains", &ARRAY_CONTAINS),
    Entry::scalar("size", &SIZE),
    Entry::scalar("cardinality", &SIZE),
    Entry::scalar("element_at", &ELEMENT_AT),
    Entry::scalar("sort_array", &SORT_ARRAY),
    Entry::scalar("array_distinct", &ARRAY_DISTINCT),
    Entry::scalar("slice", &SLICE),
    Entry::scalar("flatten", &FLATTEN),
    Entry::scalar("reverse", &REVERSE),
    Entry::scalar("array_join", &ARRAY_JOIN),
];

/// Argument `index` of `call`, which must be an array: the bound argument and its element type.
pub(super) fn array_arg(call: &Call<'_>, index: usize) -> Result<(BoundExpr, DataType)> {
    let arg = call.bind_arg(index)?;
    match &arg.data_type {
        DataType::Array(element) => {
            let element = element.as_ref().clone();
            Ok((arg, element))
        }
        other => Err(unexpected_input_type(
            &call.name,
            index,
            "\"ARRAY\"",
            &sql(call.arg(index)?),
            other,
        )),
    }
}

/// An array function of one array: `f(elements, element type)` for a non-null array.
fn array_to(
    call: &Call<'_>,
    data_type: impl FnOnce(&DataType) -> DataType,
    f: impl Fn(Vec<Value>) -> Result<Value, String> + Send + Sync + 'static,
) -> Result<BoundExpr> {
    let (arg, element) = array_arg(call, 0)?;
    let eval = arg.eval;
    Ok(bound(
        call.name.clone(),
        data_type(&element),
        arg.nullable,
        Arc::new(move |row: &Row| match eval(row)? {
            Value::Array(items) => f(items),
            _ => Ok(Value::Null),
        }),
    ))
}

/// `eval` converted to `to` when its type `from` differs (a widening).
pub(super) fn widen(eval: Evaluator, from: &DataType, to: &DataType) -> Evaluator {
    if from == to || *from == DataType::Null {
        return eval;
    }
    cast::cast_evaluator(eval, from.clone(), to.clone())
}

static ARRAY: ScalarFunction = ScalarFunction {
    arity: Arity::at_least(0),
    defaults: no_defaults,
    bind: |call| {
        let args = (0..call.args.len())
            .map(|i| call.bind_arg(i))
            .collect::<Result<Vec<_>>>()?;
        let types: Vec<&DataType> = args.iter().map(|a| &a.data_type).collect();
        let element = common_type(&types, Mismatch::alternatives(&call.name, "array"))?;
        let evals: Vec<Evaluator> = args
            .into_iter()
            .map(|a| widen(a.eval, &a.data_type, &element))
            .collect();
        Ok(bound(
            call.name.clone(),
            DataType::Array(Box::new(element)),
            false,
            Arc::new(move |row: &Row| {
                let items = evals.iter().map(|e| e(row)).collect::<Result<_, _>>()?;
                Ok(Value::Array(items))
            }),
        ))
    },
};

static ARRAY_CONTAINS: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let array = call.bind_arg(0)?;
        let value = call.bind_arg(1)?;
        if array.data_type == DataType::Null || value.data_type == DataType::Null {
            return Err(Error::Analysis(format!(
                "[DATATYPE_MISMATCH.NULL_TYPE] Cannot resolve \"{}\" due to data type mismatch: \
                 Null typed values cannot be used as arguments of `array_contains`. SQLSTATE: \
                 42K09",
                call.name
            )));
        }
        let common = match &array.data_type {
            DataType::Array(element) => wider_type(element, &value.data_type),
            _ => None,
        };
        let Some(common) = common else {
            return Err(Error::Analysis(format!(
                "[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES] Cannot resolve \"{}\" due to data \
                 type mismatch: Input to `array_contains` should have been \"ARRAY\" followed by \
                 a value with same element type, but it's [\"{}\", \"{}\"]. SQLSTATE: 42K09",
                call.name,
                sql_type(&array.data_type),
                sql_type(&value.data_type)
            )));
        };
        let array_type = DataType::Array(Box::new(common.clone()));
        let items = widen(array.eval, &array.data_type, &array_type);
        let needle = widen(value.eval, &value.data_type, &common);
        Ok(bound(
            call.name.clone(),
            DataType::Boolean,
            true,
            Arc::new(move |row: &Row| {
                let Value::Array(items) = items(row)? else {
                    return Ok(Value::Null);
                };
                let needle = needle(row)?;
                if needle.is_null() {
                    return Ok(Value::Null);
                }
                if items.contains(&needle) {
                    Ok(Value::Boolean(true))
                } else if items.iter().any(Value::is_null) {
                    Ok(Value::Null)
                } else {
                    Ok(Value::Boolean(false))
                }
            }),
        ))
    },
};

static SIZE: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let arg = call.bind_arg(0)?;
        if !super::maps::is_collection(&arg.data_type) {
            return Err(unexpected_input_type(
                &call.name,
                0,
                "(\"ARRAY\" or \"MAP\")",
                &sql(call.arg(0)?),
                &arg.data_type,
            ));
        }
        let eval = arg.eval;
        Ok(bound(
            call.name.clone(),
            DataType::Integer,
            arg.nullable,
            Arc::new(move |row: &Row| {
                Ok(super::maps::collection_len(&eval(row)?)
                    .map_or(Value::Null, |n| Value::Int(n as i32)))
            }),
        ))
    },
};

static ELEMENT_AT: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let collection = call.bind_arg(0)?;
        match &collection.data_type {
            DataType::Array(element) => {
                let element = element.as_ref().clone();
                let (index, _) = call.int_arg(1, false)?;
                let items = collection.eval;
                Ok(bound(
                    call.name.clone(),
                    element,
                    true,
                    Arc::new(move |row: &Row| {
                        let Value::Array(mut items) = items(row)? else {
                            return Ok(Value::Null);
                        };
                        let Value::Int(i) = index(row)? else {
                            return Ok(Value::Null);
                        };
                        let n = items.len();
                        let at = match i {
                            0 => return Err(INVALID_INDEX_OF_ZERO.to_string()),
                            i if i > 0 => (i as usize) - 1,
                            i => n.wrapping_sub(i.unsigned_abs() as usize),
                        };
                        if at >= n {
                            return Err(format!(
                                "[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index {i} is out of \
                                 bounds. The array has {n} elements. Use `try_element_at` to \
                                 tolerate accessing element at invalid index and return NULL \
                                 instead. SQLSTATE: 22003"
                            ));
                        }
                        Ok(items.swap_remove(at))
                    }),
                ))
            }
            other => super::maps::element_at_map(call, collection.clone(), other),
        }
    },
};

const INVALID_INDEX_OF_ZERO: &str = "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index \
     shall be either < 0 or > 0 (the first element has index 1). SQLSTATE: 22003";

/// Binds `base[key]` (`Expr::GetItem`) named `name`: an array element by 0-based index, a map
/// value by key, or a struct field by name.
pub(crate) fn bind_get_item(
    name: String,
    base: &Expr,
    key: &Expr,
    schema: &crate::Schema,
) -> Result<BoundExpr> {
    let array = crate::expr::bind::bind_node(base, schema)?;
    match &array.data_type {
        DataType::Array(element) => {
            let element = element.as_ref().clone();
            let index = crate::expr::bind::bind_node(key, schema)?;
            if !matches!(
                index.data_type,
                DataType::Integer | DataType::Long | DataType::Null
            ) {
                return Err(unexpected_input_type(
                    &name,
                    1,
                    "\"INTEGRAL\"",
                    &sql(key),
                    &index.data_type,
                ));
            }
            let (items, index) = (array.eval, index.eval);
            Ok(bound(
                name,
                element,
                true,
                Arc::new(move |row: &Row| {
                    let Value::Array(mut items) = items(row)? else {
                        return Ok(Value::Null);
                    };
                    let i = match index(row)? {
                        Value::Int(i) => i64::from(i),
                        Value::Long(i) => i,
                        _ => return Ok(Value::Null),
                    };
                    match usize::try_from(i).ok().filter(|&i| i < items.len()) {
                        Some(i) => Ok(items.swap_remove(i)),
                        None => Err(format!(
                            "[INVALID_ARRAY_INDEX] The index {i} is out of bounds. The array \
                             has {} elements. Use the SQL function `get()` to tolerate accessing \
                             element at invalid index and return NULL instead. SQLSTATE: 22003",
                            items.len()
                        )),
                    }
                }),
            ))
        }
        DataType::Struct(_) => match key {
            Expr::Literal(Value::String(field)) => {
                super::structs::bind_field_of(name, base, array, field)
            }
            _ => Err(Error::Analysis(format!(
                "[INVALID_EXTRACT_FIELD_TYPE] Field name should be a non-null string literal, \
                 but it's \"{}\". SQLSTATE: 42000",
                sql(key)
            ))),
        },
        other => super::maps::get_map_value(name, base, array.clone(), other, key, schema),
    }
}

/// `[INVALID_EXTRACT_BASE_FIELD_TYPE]`: `base` of type `actual` has no items or fields.
pub(super) fn invalid_extract_base(base: &Expr, actual: &DataType) -> Error {
    Error::Analysis(format!(
        "[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"{}\". Need a complex \
         type [STRUCT, ARRAY, MAP] but got \"{}\". SQLSTATE: 42000",
        sql(base),
        sql_type(actual)
    ))
}

static SORT_ARRAY: ScalarFunction = ScalarFunction {
    arity: Arity::between(1, 2),
    defaults: |args| {
        if args.len() == 1 {
            args.push(Expr::Literal(Value::Boolean(true)));
        }
    },
    bind: |call| {
        let ascending = match call.literal(1)? {
            Value::Boolean(b) => *b,
            // `sort_array(a, NULL)` is NULL.
            Value::Null => {
                let (array, _) = array_arg(call, 0)?;
                return Ok(bound(
                    call.name.clone(),
                    array.data_type,
                    true,
                    Arc::new(|_: &Row| Ok(Value::Null)),
                ));
            }
            other => {
                let other = other.clone();
                let bound = call.bind_arg(1)?;
                return Err(Error::Analysis(format!(
                    "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{}\" due to data \
                     type mismatch: The second parameter requires the \"BOOLEAN\" type, however \
                     \"{}\" has the type \"{}\". SQLSTATE: 42K09",
                    call.name,
                    crate::expr::name::literal_sql(&other),
                    sql_type(&bound.data_type)
                )));
            }
        };
        array_to(
            call,
            |e| DataType::Array(Box::new(e.clone())),
            move |mut items| {
                // `Value`'s order puts NULL first, as Spark's ascending sort does.
                items.sort();
                if !ascending {
                    items.reverse();
                }
                Ok(Value::Array(items))
            },
        )
    },
};

static ARRAY_DISTINCT: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        array_to(
            call,
            |e| DataType::Array(Box::new(e.clone())),
            |items| {
                let mut seen = HashSet::new();
                let distinct = items
                    .into_iter()
                    .filter(|v| seen.insert(v.clone()))
                    .collect();
                Ok(Value::Array(distinct))
            },
        )
    },
};

static SLICE: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(3),
    defaults: no_defaults,
    bind: |call| {
        let (array, element) = array_arg(call, 0)?;
        let (start, start_nullable) = call.int_arg(1, true)?;
        let (length, length_nullable) = call.int_arg(2, true)?;
        let items = array.eval;
        Ok(bound(
            call.name.clone(),
            DataType::Array(Box::new(element)),
            array.nullable || start_nullable || length_nullable,
            Arc::new(move |row: &Row| {
                let Value::Array(items) = items(row)? else {
                    return Ok(Value::Null);
                };
                let (Value::Int(start), Value::Int(length)) = (start(row)?, length(row)?) else {
                    return Ok(Value::Null);
                };
                let n = items.len() as i64;
                let from = match i64::from(start) {
                    0 => {
                        return Err("[INVALID_PARAMETER_VALUE.START] The value of parameter(s) \
                             `start` in `slice` is invalid: Expects a positive or a negative \
                             value for `start`, but got 0. SQLSTATE: 22023"
                            .to_string())
                    }
                    s if s < 0 => s + n,
                    s => s - 1,
                };
                if length < 0 {
                    return Err(format!(
                        "[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in \
                         `slice` is invalid: Expects `length` greater than or equal to 0, but \
                         got {length}. SQLSTATE: 22023"
                    ));
                }
                if from < 0 || from >= n {
                    return Ok(Value::Array(Vec::new()));
                }
                let take = i64::from(length).min(n - from) as usize;
                Ok(Value::Array(
                    items.into_iter().skip(from as usize).take(take).collect(),
                ))
            }),
        ))
    },
};

static FLATTEN: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let (array, element) = array_arg(call, 0)?;
        if !matches!(element, DataType::Array(_)) {
            return Err(Error::Analysis(format!(
                "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{}\" due to data type \
                 mismatch: The first parameter requires the \"ARRAY\" of \"ARRAY\" type, however \
                 \"{}\" has the type \"{}\". SQLSTATE: 42K09",
                call.name,
                sql(call.arg(0)?),
                sql_type(&array.data_type)
            )));
        }
        array_to(
            call,
            |_| element.clone(),
            |items| {
                let mut flat = Vec::new();
                for item in items {
                    match item {
                        Value::Array(inner) => flat.extend(inner),
                        _ => return Ok(Value::Null),
                    }
                }
                Ok(Value::Array(flat))
            },
        )
    },
};

static REVERSE: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let arg = call.bind_arg(0)?;
        if matches!(arg.data_type, DataType::Array(_)) {
            return array_to(
                call,
                |e| DataType::Array(Box::new(e.clone())),
                |mut items| {
                    items.reverse();
                    Ok(Value::Array(items))
                },
            );
        }
        if !crate::expr::types::implicitly_castable_to_string(&arg.data_type) {
            return Err(unexpected_input_type(
                &call.name,
                0,
                "(\"STRING\" or \"ARRAY\")",
                &sql(call.arg(0)?),
                &arg.data_type,
            ));
        }
        let eval = cast::cast_evaluator(arg.eval, arg.data_type, DataType::String);
        Ok(bound(
            call.name.clone(),
            DataType::String,
            arg.nullable,
            Arc::new(move |row: &Row| match eval(row)? {
                Value::String(s) => Ok(Value::String(s.chars().rev().collect())),
                _ => Ok(Value::Null),
            }),
        ))
    },
};

static ARRAY_JOIN: ScalarFunction = ScalarFunction {
    arity: Arity::between(2, 3),
    defaults: no_defaults,
    bind: |call| {
        let (array, element) = array_arg(call, 0)?;
        if !crate::expr::types::implicitly_castable_to_string(&element) {
            return Err(unexpected_input_type(
                &call.name,
                0,
                "\"ARRAY<STRING>\"",
                &sql(call.arg(0)?),
                &array.data_type,
            ));
        }
        let delimiter = call.literal_str(1)?;
        let replacement = match call.args.len() {
            3 => Some(call.literal_str(2)?),
            _ => None,
        };
        let items = array.eval;
        Ok(bound(
            call.name.clone(),
            DataType::String,
            array.nullable,
            Arc::new(move |row: &Row| {
                let Value::Array(items) = items(row)? else {
                    return Ok(Value::Null);
                };
                let mut parts = Vec::with_capacity(items.len());
                for item in &items {
                    match item {
                        Value::Null => parts.extend(replacement.clone()),
                        v => parts.push(cast::to_string(v)),
                    }
                }
                Ok(Value::String(parts.join(&delimiter)))
            }),
        ))
    },
};

#[cfg(test)]
mod tests;
