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
/// `INT`, `BIGINT`, `STRING`, `ARRAY<STRING>`, `MAP<STRING, INT>`, `DECIMAL(10,2)`, ...
pub(crate) fn sql_type(data_type: &DataType) -> String {
    match data_type {
        DataType::Null => "VOID".to_string(),
        DataType::Array(e) => format!("ARRAY<{}>", sql_type(e)),
        DataType::Map(k, v) => format!("MAP<{}, {}>", sql_type(k), sql_type(v)),
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

/// The type a single-word type name (lower case) stands for, if any: `int`, `tinyint`,
/// `decimal` (`decimal(10,0)`), `timestamp_ntz`, ...
pub(crate) fn simple_type(lower: &str) -> Option<DataType> {
    Some(match lower {
        "string" => DataType::String,
        "tinyint" | "byte" => DataType::Byte,
        "smallint" | "short" => DataType::Short,
        "int" | "integer" => DataType::Integer,
        "bigint" | "long" => DataType::Long,
        "float" | "real" => DataType::Float,
        "double" => DataType::Double,
        "decimal" | "dec" | "numeric" => DataType::Decimal(10, 0),
        "boolean" | "bool" => DataType::Boolean,
        "binary" => DataType::Binary,
        "timestamp" | "timestamp_ltz" => DataType::Timestamp,
        "timestamp_ntz" => DataType::TimestampNtz,
        "date" => DataType::Date,
        "void" => DataType::Null,
        _ => return None,
    })
}

/// Parses a Spark type name as `Column.cast("...")` accepts it (case-insensitive): the
/// single words of [`simple_type`], `decimal(p[,s])`, and `array<..>`, `map<..,..>` and
/// `struct<name:type,..>` of any of them.
pub fn parse_type_name(name: &str) -> Result<DataType> {
    let trimmed = name.trim();
    if let Some(data_type) = simple_type(&trimmed.to_ascii_lowercase()) {
        return Ok(data_type);
    }
    super::ddl::parse_data_type(trimmed).map_err(|e| match e {
        Error::Analysis(message) if message.starts_with("[DECIMAL_") => Error::Analysis(
            message
                .split(" (line ")
                .next()
                .unwrap_or_default()
                .to_string(),
        ),
        _ => Error::Analysis(format!(
            "[UNSUPPORTED_DATATYPE] Unsupported data type \"{}\". SQLSTATE: 0A000",
            trimmed.to_uppercase()
        )),
    })
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
        Value::Interval(_, t) => DataType::Interval(*t),
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

/// Whether the type is a number: `tinyint`, `smallint`, `int`, `bigint`, `float`, `double`
/// or `decimal`.
pub(crate) fn is_numeric(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Byte
            | DataType::Short
            | DataType::Integer
            | DataType::Long
            | DataType::Float
            | DataType::Double
            | DataType::Decimal(..)
    )
}

/// The decimal type that holds every value of an integral type (Spark's
/// `DecimalType.forType`): `tinyint` → `decimal(3,0)`, ..., `bigint` → `decimal(20,0)`.
pub(crate) fn integral_decimal(data_type: &DataType) -> Option<(u8, u8)> {
    Some(match data_type {
        DataType::Byte => (3, 0),
        DataType::Short => (5, 0),
        DataType::Integer => (10, 0),
        DataType::Long => (20, 0),
        DataType::Decimal(p, s) => (*p, *s),
        _ => return None,
    })
}

fn numeric_rank(data_type: &DataType) -> u8 {
    match data_type {
        DataType::Byte => 1,
        DataType::Short => 2,
        DataType::Integer => 3,
        DataType::Long => 4,
        DataType::Float => 5,
        _ => 6,
    }
}

/// The narrowest decimal holding both `decimal(p1,s1)` and `decimal(p2,s2)` (Spark's
/// `widerDecimalType`, bounded to 38 digits).
pub(crate) fn wider_decimal((p1, s1): (u8, u8), (p2, s2): (u8, u8)) -> DataType {
    let scale = s1.max(s2);
    let range = (p1 - s1).max(p2 - s2);
    DataType::Decimal((range + scale).min(38), scale.min(38))
}

/// The wider of two numeric types under Spark 4's ANSI rules: integral types widen to the
/// larger one; with a decimal, an integral type becomes its decimal and the two decimals
/// widen ([`wider_decimal`]); a decimal with `float`/`double` is `double`; any integral type
/// with `float` is `double` (`typeof(CAST(1 AS FLOAT) + 1Y)` is `double` in PySpark 4.3).
fn wider_numeric(a: &DataType, b: &DataType) -> DataType {
    match (a, b) {
        (DataType::Decimal(..), _) | (_, DataType::Decimal(..)) => {
            match (integral_decimal(a), integral_decimal(b)) {
                (Some(x), Some(y)) => wider_decimal(x, y),
                _ => DataType::Double,
            }
        }
        (DataType::Float, t) | (t, DataType::Float) if integral_decimal(t).is_some() => {
            DataType::Double
        }
        _ if numeric_rank(a) >= numeric_rank(b) => a.clone(),
        _ => b.clone(),
    }
}

/// How Spark lists the types in a `DATA_DIFF_TYPES` message: `coalesce` and `array` write
/// `("INT" or "BOOLEAN")`, `greatest` and `CASE` write `["INT", "STRING"]`.
#[derive(Clone, Copy)]
pub(crate) enum TypeList {
    /// `("INT" or "BOOLEAN")`.
    Alternatives,
    /// `["INT", "STRING"]`.
    Bracketed,
}

/// What a `DATA_DIFF_TYPES` message says: the expression Spark checks (`nvl` is checked as the
/// `coalesce` it stands for), the function and how the types are listed.
pub(crate) struct Mismatch<'a> {
    /// The expression, as Spark writes it.
    pub expression: &'a str,
    /// The function whose inputs must share a type (`coalesce`, `casewhen`).
    pub function: &'a str,
    /// How the types are listed.
    pub list: TypeList,
}

impl<'a> Mismatch<'a> {
    /// The message of `function`, called as `expression`, listing the types as alternatives.
    pub fn alternatives(expression: &'a str, function: &'a str) -> Self {
        Mismatch {
            expression,
            function,
            list: TypeList::Alternatives,
        }
    }
}

/// The common type of `types`, the values of one function (the elements of `array`, the
/// branches of `CASE`, the arguments of `coalesce`): [`wider_type`] of them all, `void` for
/// none. Fails with Spark's `[DATATYPE_MISMATCH.DATA_DIFF_TYPES]` as `mismatch` says when
/// there is none.
pub(crate) fn common_type(types: &[&DataType], mismatch: Mismatch<'_>) -> Result<DataType> {
    let mut common = DataType::Null;
    for t in types {
        common = wider_type(&common, t).ok_or_else(|| {
            let all: Vec<String> = types
                .iter()
                .map(|t| format!("\"{}\"", sql_type(t)))
                .collect();
            let all = match mismatch.list {
                TypeList::Alternatives => format!("({})", all.join(" or ")),
                TypeList::Bracketed => format!("[{}]", all.join(", ")),
            };
            Error::Analysis(format!(
                "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{}\" due to data type \
                 mismatch: Input to `{}` should all be the same type, but it's {all}. \
                 SQLSTATE: 42K09",
                mismatch.expression, mismatch.function
            ))
        })?;
    }
    Ok(common)
}

/// The type both sides of a binary operator or both branches of a `CASE` are cast to, if any:
/// equal types; `void` (a `NULL` literal) with anything; the wider of two numeric types
/// ([`wider_numeric`]); `date` with `timestamp` → `timestamp` (`timestamp_ntz` with `date` →
/// `timestamp_ntz`, with `timestamp` → `timestamp`); arrays and maps of wider types. `None`
/// when Ember does not coerce the pair (e.g. `string` and `int`).
pub(crate) fn wider_type(a: &DataType, b: &DataType) -> Option<DataType> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (DataType::Null, t) | (t, DataType::Null) => Some(t.clone()),
        (x, y) if is_numeric(x) && is_numeric(y) => Some(wider_numeric(x, y)),
        (DataType::Date, DataType::Timestamp)
        | (DataType::Timestamp, DataType::Date)
        | (DataType::Timestamp, DataType::TimestampNtz)
        | (DataType::TimestampNtz, DataType::Timestamp) => Some(DataType::Timestamp),
        (DataType::Date, DataType::TimestampNtz) | (DataType::TimestampNtz, DataType::Date) => {
            Some(DataType::TimestampNtz)
        }
        (DataType::Interval(x), DataType::Interval(y))
            if x.is_year_month() == y.is_year_month() =>
        {
            Some(DataType::Interval(x.widen(*y)))
        }
        (DataType::Array(x), DataType::Array(y)) => {
            wider_type(x, y).map(|e| DataType::Array(Box::new(e)))
        }
        (DataType::Map(xk, xv), DataType::Map(yk, yv)) => Some(DataType::Map(
            Box::new(wider_type(xk, yk)?),
            Box::new(wider_type(xv, yv)?),
        )),
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
            | DataType::Byte
            | DataType::Short
            | DataType::Integer
            | DataType::Long
            | DataType::Float
            | DataType::Double
            | DataType::Decimal(..)
            | DataType::String
            | DataType::Binary
            | DataType::Timestamp
            | DataType::TimestampNtz
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

/// Refuses a schema with a column of a type the format cannot read, as Spark does.
pub(crate) fn check_supported_types(
    schema: &crate::Schema,
    format: &str,
    supported: impl Fn(&DataType) -> bool,
) -> Result<()> {
    for field in &schema.fields {
        if !supported(&field.data_type) {
            return Err(Error::Analysis(format!(
                "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The {format} datasource doesn't support \
                 the column `{}` of the type \"{}\". SQLSTATE: 0A000",
                field.name,
                sql_type(&field.data_type)
            )));
        }
    }
    Ok(())
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
            parse_type_name("floaty").unwrap_err().to_string(),
            "[UNSUPPORTED_DATATYPE] Unsupported data type \"FLOATY\". SQLSTATE: 0A000"
        );
        assert_eq!(
            parse_type_name("array<map<string,decimal(10,2)>>")
                .unwrap()
                .to_string(),
            "array<map<string,decimal(10,2)>>"
        );
        assert_eq!(
            parse_type_name("struct<a:int,b:string>")
                .unwrap()
                .to_string(),
            "struct<a:int,b:string>"
        );
        assert_eq!(parse_type_name("TINYINT").unwrap(), DataType::Byte);
        assert_eq!(
            sql_type(&parse_type_name("map<string,decimal(5,1)>").unwrap()),
            "MAP<STRING, DECIMAL(5,1)>"
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
        // PySpark 4.3: typeof(1Y + 1S), typeof(CAST(1 AS FLOAT) + 1), typeof(1.5BD + 1L), ...
        assert_eq!(wider_type(&Byte, &Short), Some(Short));
        assert_eq!(wider_type(&Float, &Integer), Some(Double));
        assert_eq!(wider_type(&Float, &Short), Some(Double));
        assert_eq!(wider_type(&Byte, &Float), Some(Double));
        assert_eq!(wider_type(&Float, &Long), Some(Double));
        assert_eq!(wider_type(&Decimal(2, 1), &Long), Some(Decimal(21, 1)));
        assert_eq!(wider_type(&Decimal(2, 1), &Byte), Some(Decimal(4, 1)));
        assert_eq!(wider_type(&Decimal(2, 1), &Float), Some(Double));
        assert_eq!(
            wider_type(&Decimal(10, 2), &Decimal(5, 4)),
            Some(Decimal(12, 4))
        );
        assert_eq!(
            wider_type(&Decimal(38, 0), &Decimal(3, 2)),
            Some(Decimal(38, 2))
        );
    }
}
