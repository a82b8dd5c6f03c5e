//! [`check_row`]: whether a row matches a schema, and what is wrong when it does not.

use crate::{DataType, Row, Schema, Value};

/// Checks that `row` has the schema's arity and, column by column, a value of the column's
/// type (or `NULL` in a nullable column); returns what is wrong otherwise.
///
/// ```
/// use ember_operators::{check_row, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("user", DataType::String), Field::new("n", DataType::Long)]);
/// assert!(check_row(&schema, &Row::new(vec![Value::from("a"), Value::Long(1)])).is_ok());
/// assert_eq!(
///     check_row(&schema, &Row::new(vec![Value::from("a"), Value::from("b")])).unwrap_err(),
///     "column 'n' is bigint, but the row has b (string)"
/// );
/// ```
pub fn check_row(schema: &Schema, row: &Row) -> Result<(), String> {
    if row.values().len() != schema.len() {
        return Err(format!(
            "the schema has {} columns ({}), but the row has {}",
            schema.len(),
            schema.names().join(", "),
            row.values().len()
        ));
    }
    for (field, value) in schema.fields.iter().zip(row.values()) {
        let fits = match value {
            Value::Null => field.nullable,
            value => fits(&field.data_type, value),
        };
        if !fits {
            return Err(format!(
                "column '{}' is {}{}, but the row has {} ({})",
                field.name,
                field.data_type,
                if field.nullable || !value.is_null() {
                    ""
                } else {
                    " NOT NULL"
                },
                super::user_code::value_text(value),
                type_name(value)
            ));
        }
    }
    Ok(())
}

fn fits(data_type: &DataType, value: &Value) -> bool {
    match (data_type, value) {
        (_, Value::Null) => true,
        (DataType::Boolean, Value::Boolean(_))
        | (DataType::Integer, Value::Int(_))
        | (DataType::Long, Value::Long(_))
        | (DataType::Double, Value::Double(_))
        | (DataType::String, Value::String(_))
        | (DataType::Timestamp, Value::Timestamp(_))
        | (DataType::Date, Value::Date(_))
        | (DataType::Byte, Value::Byte(_))
        | (DataType::Short, Value::Short(_))
        | (DataType::Float, Value::Float(_))
        | (DataType::Binary, Value::Binary(_))
        | (DataType::TimestampNtz, Value::TimestampNtz(_)) => true,
        (DataType::Interval(t), Value::Interval(_, v)) => t == v,
        (DataType::Decimal(precision, scale), Value::Decimal(d)) => {
            d.scale() == *scale && d.digits() <= (*precision).max(1)
        }
        (DataType::Map(key, value), Value::Map(entries)) => entries
            .iter()
            .all(|(k, v)| !k.is_null() && fits(key, k) && fits(value, v)),
        (DataType::Array(element), Value::Array(values)) => values.iter().all(|v| fits(element, v)),
        (DataType::Struct(fields), Value::Struct(values)) => {
            fields.len() == values.len()
                && fields
                    .iter()
                    .zip(values)
                    .all(|(f, v)| fits(&f.data_type, v))
        }
        _ => false,
    }
}

/// The SQL type name of a value, as messages show it.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Boolean(_) => "boolean",
        Value::Int(_) => "int",
        Value::Long(_) => "bigint",
        Value::Double(_) => "double",
        Value::String(_) => "string",
        Value::Timestamp(_) => "timestamp",
        Value::Date(_) => "date",
        Value::Array(_) => "array",
        Value::Struct(_) => "struct",
        Value::Byte(_) => "tinyint",
        Value::Short(_) => "smallint",
        Value::Float(_) => "float",
        Value::Decimal(_) => "decimal",
        Value::Binary(_) => "binary",
        Value::Map(_) => "map",
        Value::TimestampNtz(_) => "timestamp_ntz",
        Value::Interval(..) => "interval",
    }
}
