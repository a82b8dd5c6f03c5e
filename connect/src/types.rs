//! Schemas both ways: Ember's [`DataType`] as Spark Connect's `DataType` message (for
//! `df.schema`, `df.columns`, `printSchema`) and back (for casts and declared schemas), and
//! Spark's `printSchema` tree.

use ember::operators::{DataType, Field, Schema};

use crate::errors::{ConnectError, ConnectResult};
use crate::proto::data_type::{self, Kind};
use crate::proto::DataType as ProtoType;

fn plain() -> data_type::Plain {
    data_type::Plain::default()
}

/// `data_type` as a protocol message.
pub fn to_proto(data_type: &DataType) -> ProtoType {
    let kind = match data_type {
        DataType::Null => Kind::Null(plain()),
        DataType::Boolean => Kind::Boolean(plain()),
        DataType::Integer => Kind::Integer(plain()),
        DataType::Long => Kind::Long(plain()),
        DataType::Double => Kind::Double(plain()),
        DataType::String => Kind::String(data_type::String::default()),
        DataType::Timestamp => Kind::Timestamp(plain()),
        DataType::Date => Kind::Date(plain()),
        DataType::Array(element) => Kind::Array(Box::new(data_type::Array {
            element_type: Some(Box::new(to_proto(element))),
            contains_null: true,
            type_variation_reference: 0,
        })),
        DataType::Struct(fields) => Kind::Struct(struct_of(fields)),
    };
    ProtoType { kind: Some(kind) }
}

fn struct_of(fields: &[Field]) -> data_type::Struct {
    data_type::Struct {
        fields: fields
            .iter()
            .map(|f| data_type::StructField {
                name: f.name.clone(),
                data_type: Some(to_proto(&f.data_type)),
                nullable: f.nullable,
                metadata: None,
            })
            .collect(),
        type_variation_reference: 0,
    }
}

/// A schema as the protocol's struct type.
pub fn schema_to_proto(schema: &Schema) -> ProtoType {
    ProtoType {
        kind: Some(Kind::Struct(struct_of(&schema.fields))),
    }
}

/// A protocol type as Ember's, or the error naming a type Ember does not have.
pub fn from_proto(data_type: &ProtoType) -> ConnectResult<DataType> {
    let unsupported = |name: &str| Err(ConnectError::Unsupported(format!("the data type {name}")));
    match data_type.kind.as_ref() {
        Some(Kind::Null(_)) => Ok(DataType::Null),
        Some(Kind::Boolean(_)) => Ok(DataType::Boolean),
        Some(Kind::Integer(_)) => Ok(DataType::Integer),
        Some(Kind::Long(_)) => Ok(DataType::Long),
        Some(Kind::Double(_)) => Ok(DataType::Double),
        Some(Kind::String(_)) => Ok(DataType::String),
        Some(Kind::Timestamp(_)) => Ok(DataType::Timestamp),
        Some(Kind::Date(_)) => Ok(DataType::Date),
        Some(Kind::Array(array)) => match array.element_type.as_deref() {
            Some(element) => Ok(DataType::Array(Box::new(from_proto(element)?))),
            None => Err(ConnectError::Invalid(
                "an array type without its element type".into(),
            )),
        },
        Some(Kind::Struct(fields)) => Ok(DataType::Struct(
            fields
                .fields
                .iter()
                .map(|f| {
                    let data_type = f.data_type.as_ref().ok_or_else(|| {
                        ConnectError::Invalid(format!("struct field {} has no type", f.name))
                    })?;
                    Ok(Field {
                        name: f.name.clone(),
                        data_type: from_proto(data_type)?,
                        nullable: f.nullable,
                    })
                })
                .collect::<ConnectResult<_>>()?,
        )),
        Some(Kind::Unparsed(text)) => {
            ember::expr::parse_type_name(&text.data_type_string).map_err(ConnectError::from)
        }
        Some(Kind::Binary(_)) => unsupported("binary"),
        Some(Kind::Byte(_)) => unsupported("tinyint"),
        Some(Kind::Short(_)) => unsupported("smallint"),
        Some(Kind::Float(_)) => unsupported("float"),
        Some(Kind::Decimal(_)) => unsupported("decimal"),
        Some(Kind::TimestampNtz(_)) => unsupported("timestamp_ntz"),
        Some(Kind::Map(_)) => unsupported("map"),
        Some(_) => unsupported("of this kind"),
        None => Err(ConnectError::Invalid("a data type without a kind".into())),
    }
}

/// Spark's `printSchema()` / `treeString` of `schema`.
pub fn tree_string(schema: &Schema) -> String {
    let mut out = String::from("root\n");
    for field in &schema.fields {
        write_field(&mut out, field, 1);
    }
    out
}

fn write_field(out: &mut String, field: &Field, depth: usize) {
    let indent = " |   ".repeat(depth - 1);
    out.push_str(&format!(
        "{indent} |-- {}: {} (nullable = {})\n",
        field.name,
        simple_name(&field.data_type),
        field.nullable
    ));
    write_children(out, &field.data_type, depth);
}

fn write_children(out: &mut String, data_type: &DataType, depth: usize) {
    match data_type {
        DataType::Struct(fields) => {
            for child in fields {
                write_field(out, child, depth + 1);
            }
        }
        DataType::Array(element) => {
            let indent = " |   ".repeat(depth);
            out.push_str(&format!(
                "{indent} |-- element: {} (containsNull = true)\n",
                simple_name(element)
            ));
            write_children(out, element, depth + 1);
        }
        _ => {}
    }
}

/// The type's name in a schema tree, Spark's `typeName` (`integer`, `long`, `array`, ...).
fn simple_name(data_type: &DataType) -> String {
    match data_type {
        DataType::Integer => "integer".into(),
        DataType::Long => "long".into(),
        DataType::Array(_) => "array".into(),
        DataType::Struct(_) => "struct".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_go_both_ways_and_print_as_spark_trees() {
        let schema = Schema::new(vec![
            Field::new("value", DataType::String),
            Field::new("words", DataType::Array(Box::new(DataType::String))),
            Field::new("n", DataType::Long),
        ]);
        let proto = schema_to_proto(&schema);
        assert_eq!(
            from_proto(&proto).unwrap(),
            DataType::Struct(schema.fields.clone())
        );
        assert_eq!(
            tree_string(&schema),
            "root\n |-- value: string (nullable = true)\n |-- words: array (nullable = true)\n |    |-- element: string (containsNull = true)\n |-- n: long (nullable = true)\n"
        );
    }
}
