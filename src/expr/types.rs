//! Type rules: Spark's type names, literal types, numeric widening and the coercions Ember allows.
//!
//! Ember follows Spark 4's ANSI rules for numbers (`int` → `bigint` → `double`; `/` is always
//! `double`) but, unlike Spark 4, never casts a `string` implicitly to a number or a number to a
//! `string` in arithmetic and comparisons: `col("value") + 1` and `col("value") == 1` are analysis
//! errors naming the expression and both types (Spark 4 would insert a cast that fails at run time
//! on the first non-numeric string). String functions (`lower`, `concat`, ...) do cast their
//! arguments to `string`, as Spark does.

use crate::error::{Error, Result};
use crate::{DataType, Value};

/// Spark's SQL name of a type as it appears in error messages and in `CAST(.. AS ..)`:
/// `INT`, `BIGINT`, `STRING`, `ARRAY<STRING>`, ...
pub(crate) fn sql_type(data_type: &DataType) -> String {
    match data_type {
        DataType::Null => "VOID".to_string(),
        DataType::Array(e) => format!("ARRAY<{}>", sql_type(e)),
        DataType::Struct(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.name, sql_type(&f.data_type)))
                .collect();
            format!("STRUCT<{}>", inner.join(", "))
        }
        other => other.to_string().to_uppercase(),
    }
}

/// Parses a Spark type name as `Column.cast("...")` accepts it (case-insensitive): `string`,
/// `int`/`integer`, `bigint`/`long`, `double`, `boolean`, `timestamp`, `date`, `void`, and
/// `array<...>` of those.
pub fn parse_type_name(name: &str) -> Result<DataType> {
    let trimmed = name.trim();
    let lower = trimmed.to_ascii_lowercase();
    let data_type = match lower.as_str() {
        "string" => DataType::String,
        "int" | "integer" => DataType::Integer,
        "bigint" | "long" => DataType::Long,
        "double" => DataType::Double,
        "boolean" | "bool" => DataType::Boolean,
        "timestamp" => DataType::Timestamp,
        "date" => DataType::Date,
        "void" => DataType::Null,
        _ => {
            if let Some(inner) = lower
                .strip_prefix("array<")
                .and_then(|rest| rest.strip_suffix('>'))
            {
                return Ok(DataType::Array(Box::new(parse_type_name(inner)?)));
            }
            return Err(Error::Analysis(format!(
                "[UNSUPPORTED_DATATYPE] Unsupported data type \"{}\". SQLSTATE: 0A000",
                trimmed.to_uppercase()
            )));
        }
    };
    Ok(data_type)
}

/// The type of a literal value. Arrays take the type of their first non-null element.
pub(crate) fn literal_type(value: &Value) -> Result<DataType> {
    Ok(match value {
        Value::Null => DataType::Null,
        Value::Boolean(_) => DataType::Boolean,
        Value::Int(_) => DataType::Integer,
        Value::Long(_) => DataType::Long,
        Value::Double(_) => DataType::Double,
        Value::String(_) => DataType::String,
        Value::Timestamp(_) => DataType::Timestamp,
        Value::Date(_) => DataType::Date,
        Value::Array(items) => {
            let mut element = DataType::Null;
            for item in items {
                let t = literal_type(item)?;
                element = match wider_type(&element, &t) {
                    Some(w) => w,
                    None => {
                        return Err(Error::Analysis(format!(
                            "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Input to `array` should all be \
                             the same type, but it's [\"{}\", \"{}\"]. SQLSTATE: 42K09",
                            sql_type(&element),
                            sql_type(&t)
                        )))
                    }
                };
            }
            DataType::Array(Box::new(element))
        }
        Value::Byte(_) => DataType::Byte,
        Value::Short(_) => DataType::Short,
        Value::Float(_) => DataType::Float,
        Value::Decimal(d) => DataType::Decimal(d.digits().max(d.scale()), d.scale()),
        Value::Binary(_) => DataType::Binary,
        Value::TimestampNtz(_) => DataType::TimestampNtz,
        Value::Map(entries) => {
            let keys: Vec<Value> = entries.iter().map(|(k, _)| k.clone()).collect();
            let values: Vec<Value> = entries.iter().map(|(_, v)| v.clone()).collect();
            let element = |items: Vec<Value>| match literal_type(&Value::Array(items))? {
                DataType::Array(e) => Ok::<_, Error>(e),
                other => unreachable!("an array literal's type is an array, not {other}"),
            };
            DataType::Map(element(keys)?, element(values)?)
        }
        Value::Struct(_) => {
            return Err(Error::Analysis(
                "[UNSUPPORTED_FEATURE.LITERAL_TYPE] The feature is not supported: struct literals \
                 in expressions. SQLSTATE: 0A000"
                    .to_string(),
            ))
        }
    })
}

/// Whether the type is `int`, `bigint` or `double`.
pub(crate) fn is_numeric(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Integer | DataType::Long | DataType::Double
    )
}

fn numeric_rank(data_type: &DataType) -> u8 {
    match data_type {
        DataType::Integer => 1,
        DataType::Long => 2,
        _ => 3,
    }
}

/// The type both sides of a binary operator or both branches of a `CASE` are cast to, if any:
/// equal types; `void` (a `NULL` literal) with anything; the wider of two numeric types; `date`
/// with `timestamp` → `timestamp`. `None` when Ember does not coerce the pair (e.g. `string` and
/// `int`).
pub(crate) fn wider_type(a: &DataType, b: &DataType) -> Option<DataType> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (DataType::Null, t) | (t, DataType::Null) => Some(t.clone()),
        (x, y) if is_numeric(x) && is_numeric(y) => Some(if numeric_rank(x) >= numeric_rank(y) {
            x.clone()
        } else {
            y.clone()
        }),
        (DataType::Date, DataType::Timestamp) | (DataType::Timestamp, DataType::Date) => {
            Some(DataType::Timestamp)
        }
        (DataType::Array(x), DataType::Array(y)) => {
            wider_type(x, y).map(|e| DataType::Array(Box::new(e)))
        }
        _ => None,
    }
}

/// Whether a value of type `from` may be implicitly cast to `string` for a string function
/// argument (Spark's `ImplicitCastInputTypes`): atomic types only.
pub(crate) fn implicitly_castable_to_string(from: &DataType) -> bool {
    matches!(
        from,
        DataType::Null
            | DataType::Boolean
            | DataType::Integer
            | DataType::Long
            | DataType::Double
            | DataType::String
            | DataType::Timestamp
            | DataType::Date
    )
}

/// Spark's ordinal words for parameter positions in messages: `first`, `second`, ...
pub(crate) fn ordinal(index: usize) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    WORDS
        .get(index)
        .map_or_else(|| format!("{}th", index + 1), |w| (*w).to_string())
}

/// `[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES]` for the expression named `sql`.
pub(crate) fn binary_diff_types(sql: &str, left: &DataType, right: &DataType) -> Error {
    Error::Analysis(format!(
        "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"{sql}\" due to data type \
         mismatch: the left and right operands of the binary operator have incompatible types \
         (\"{}\" and \"{}\"). SQLSTATE: 42K09",
        sql_type(left),
        sql_type(right)
    ))
}

/// `[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE]`: both operands have type `actual`, which the
/// operator does not accept (`required` is Spark's rendering, quotes included).
pub(crate) fn binary_wrong_type(sql: &str, required: &str, actual: &DataType) -> Error {
    Error::Analysis(format!(
        "[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"{sql}\" due to data type \
         mismatch: the binary operator requires the input type {required}, not \"{}\". \
         SQLSTATE: 42K09",
        sql_type(actual)
    ))
}

/// `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE]`: parameter `index` (0-based) of the expression
/// named `sql` is `arg_sql` of type `actual`, but `required` (Spark's rendering) is needed.
pub(crate) fn unexpected_input_type(
    sql: &str,
    index: usize,
    required: &str,
    arg_sql: &str,
    actual: &DataType,
) -> Error {
    Error::Analysis(format!(
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{sql}\" due to data type \
         mismatch: The {} parameter requires the {required} type, however \"{arg_sql}\" has the \
         type \"{}\". SQLSTATE: 42K09",
        ordinal(index),
        sql_type(actual)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(parse_type_name("INT").unwrap(), DataType::Integer);
        assert_eq!(parse_type_name("integer").unwrap(), DataType::Integer);
        assert_eq!(parse_type_name("long").unwrap(), DataType::Long);
        assert_eq!(parse_type_name("bigint").unwrap(), DataType::Long);
        assert_eq!(
            parse_type_name("array<string>").unwrap(),
            DataType::Array(Box::new(DataType::String))
        );
        assert_eq!(
            parse_type_name("float").unwrap_err().to_string(),
            "[UNSUPPORTED_DATATYPE] Unsupported data type \"FLOAT\". SQLSTATE: 0A000"
        );
        assert_eq!(
            sql_type(&DataType::Array(Box::new(DataType::Long))),
            "ARRAY<BIGINT>"
        );
    }

    #[test]
    fn widening() {
        use DataType::*;
        assert_eq!(wider_type(&Integer, &Long), Some(Long));
        assert_eq!(wider_type(&Double, &Integer), Some(Double));
        assert_eq!(wider_type(&Null, &String), Some(String));
        assert_eq!(wider_type(&Date, &Timestamp), Some(Timestamp));
        assert_eq!(wider_type(&String, &Integer), None);
        assert_eq!(wider_type(&Boolean, &Integer), None);
    }
}
