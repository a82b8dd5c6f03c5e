//! [`DataType`], [`Field`] and [`Schema`]: the types of columns and rows.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The SQL type of a column, named as Spark names it (`string`, `int`, `bigint`, ...).
///
/// ```
/// use ember_operators::DataType;
/// assert_eq!(DataType::Array(Box::new(DataType::String)).to_string(), "array<string>");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataType {
    /// The type of a bare `NULL` literal.
    Null,
    /// `boolean`.
    Boolean,
    /// `int`.
    Integer,
    /// `bigint`.
    Long,
    /// `double`.
    Double,
    /// `string`.
    String,
    /// `timestamp` (microseconds, shown in the session time zone).
    Timestamp,
    /// `date`.
    Date,
    /// `array<element>`.
    Array(Box<DataType>),
    /// `struct<name:type,..>`.
    Struct(Vec<Field>),
    /// `tinyint`.
    Byte,
    /// `smallint`.
    Short,
    /// `float`.
    Float,
    /// `decimal(precision,scale)`: up to 38 digits, `scale` of them after the point.
    Decimal(u8, u8),
    /// `binary`.
    Binary,
    /// `map<key,value>`.
    Map(Box<DataType>, Box<DataType>),
    /// `timestamp_ntz` (microseconds of a wall clock, without a time zone).
    TimestampNtz,
    /// An ANSI interval: `interval minute`, `interval day to second`, `interval year`, ...
    Interval(super::IntervalType),
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataType::Null => f.write_str("void"),
            DataType::Boolean => f.write_str("boolean"),
            DataType::Integer => f.write_str("int"),
            DataType::Long => f.write_str("bigint"),
            DataType::Double => f.write_str("double"),
            DataType::String => f.write_str("string"),
            DataType::Timestamp => f.write_str("timestamp"),
            DataType::Date => f.write_str("date"),
            DataType::Array(e) => write!(f, "array<{e}>"),
            DataType::Byte => f.write_str("tinyint"),
            DataType::Short => f.write_str("smallint"),
            DataType::Float => f.write_str("float"),
            DataType::Decimal(precision, scale) => write!(f, "decimal({precision},{scale})"),
            DataType::Binary => f.write_str("binary"),
            DataType::Map(k, v) => write!(f, "map<{k},{v}>"),
            DataType::TimestampNtz => f.write_str("timestamp_ntz"),
            DataType::Interval(t) => write!(f, "{t}"),
            DataType::Struct(fields) => {
                f.write_str("struct<")?;
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}:{}", field.name, field.data_type)?;
                }
                f.write_str(">")
            }
        }
    }
}

/// A named, typed column.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Field {
    /// The column name as the user wrote it.
    pub name: String,
    /// The column's type.
    pub data_type: DataType,
    /// Whether the column may hold `NULL`.
    pub nullable: bool,
}

impl Field {
    /// A nullable field.
    pub fn new(name: impl Into<String>, data_type: DataType) -> Self {
        Field {
            name: name.into(),
            data_type,
            nullable: true,
        }
    }
}

/// The columns of a row collection, in order.
///
/// Name lookup ignores ASCII case, as Spark's default `spark.sql.caseSensitive=false` does.
///
/// ```
/// use ember_operators::{DataType, Field, Schema};
/// let schema = Schema::new(vec![Field::new("value", DataType::String)]);
/// assert_eq!(schema.index_of("VALUE"), Some(0));
/// assert_eq!(schema.index_of("word"), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Schema {
    /// The columns.
    pub fields: Vec<Field>,
}

impl Schema {
    /// A schema of these fields.
    pub fn new(fields: Vec<Field>) -> Self {
        Schema { fields }
    }

    /// The position of the column called `name` (case-insensitive), if any.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The column names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.name.as_str()).collect()
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are no columns.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}
