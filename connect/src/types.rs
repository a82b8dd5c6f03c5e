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
        // Ember's subset of the protocol has no interval types: intervals go as their text.
        DataType::String | DataType::Interval(_) => Kind::String(data_type::String::default()),
        DataType::Timestamp => Kind::Timestamp(plain()),
        DataType::Date => Kind::Date(plain()),
        DataType::Array(element) => Kind::Array(Box::new(data_type::Array {
            element_type: Some(Box::new(to_proto(element))),
            contains_null: true,
            type_variation_reference: 0,
        })),
        DataType::Struct(fields) => Kind::Struct(struct_of(fields)),
        DataType::Byte => Kind::Byte(plain()),
        DataType::Short => Kind::Short(plain()),
        DataType::Float => Kind::Float(plain()),
        DataType::Decimal(precision, scale) => Kind::Decimal(data_type::Decimal {
            scale: Some(i32::from(*scale)),
            precision: Some(i32::from(*precision)),
            type_variation_reference: 0,
        }),
        DataType::Binary => Kind::Binary(plain()),
        DataType::TimestampNtz => Kind::TimestampNtz(plain()),
        DataType::Map(key, value) => Kind::Map(Box::new(data_type::Map {
            key_type: Some(Box::new(to_proto(key))),
            value_type: Some(Box::new(to_proto(value))),
            value_contains_null: true,
            type_variation_reference: 0,
        })),
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
        Some(Kind::Binary(_)) => Ok(DataType::Binary),
        Some(Kind::Byte(_)) => Ok(DataType::Byte),
        Some(Kind::Short(_)) => Ok(DataType::Short),
        Some(Kind::Float(_)) => Ok(DataType::Float),
        Some(Kind::Decimal(d)) => {
            // Spark's `DecimalType()` without arguments is decimal(10,0).
            let precision = d.precision.unwrap_or(10);
            let scale = d.scale.unwrap_or(0);
            ember::expr::decimal_type(precision, scale).map_err(ConnectError::from)
        }
        Some(Kind::TimestampNtz(_)) => Ok(DataType::TimestampNtz),
        Some(Kind::Map(map)) => match (map.key_type.as_deref(), map.value_type.as_deref()) {
            (Some(key), Some(value)) => Ok(DataType::Map(
                Box::new(from_proto(key)?),
                Box::new(from_proto(value)?),
            )),
            _ => Err(ConnectError::Invalid(
                "a map type without its key or value type".into(),
            )),
        },
        Some(_) => unsupported("of this kind"),
        None => Err(ConnectError::Invalid("a data type without a kind".into())),
    }
}

/// A type in Spark's JSON form (`DataType.json()`: `"integer"`, `"decimal(10,2)"`,
/// `{"type":"struct","fields":[{"name":..,"type":..,"nullable":..}]}`, arrays and maps), as
/// PySpark sends a `StructType` schema (`from_json(col, StructType([...]))`).
pub fn from_json_type(text: &str) -> ConnectResult<DataType> {
    let json: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| ConnectError::Invalid(format!("a schema that is not JSON ({e}): {text}")))?;
    json_type(&json)
}

fn json_type(json: &serde_json::Value) -> ConnectResult<DataType> {
    let malformed = || ConnectError::Invalid(format!("a malformed JSON data type: {json}"));
    let child = |key: &str| json.get(key).ok_or_else(malformed).and_then(json_type);
    if let Some(name) = json.as_str() {
        return Ok(ember::expr::parse_type_name(name)?);
    }
    match json.get("type").and_then(|t| t.as_str()) {
        Some("struct") => {
            let fields = json.get("fields").and_then(|f| f.as_array());
            let fields = fields.ok_or_else(malformed)?.iter().map(|field| {
                let name = field.get("name").and_then(|n| n.as_str());
                Ok(Field {
                    name: name.ok_or_else(malformed)?.to_string(),
                    data_type: json_type(field.get("type").ok_or_else(malformed)?)?,
                    nullable: field
                        .get("nullable")
                        .and_then(|n| n.as_bool())
                        .unwrap_or(true),
                })
            });
            Ok(DataType::Struct(fields.collect::<ConnectResult<_>>()?))
        }
        Some("array") => Ok(DataType::Array(Box::new(child("elementType")?))),
        Some("map") => Ok(DataType::Map(
            Box::new(child("keyType")?),
            Box::new(child("valueType")?),
        )),
        _ => Err(malformed()),
    }
}

/// `data_type` as DDL text Ember's parser reads back (field names backquoted).
pub fn ddl(data_type: &DataType) -> String {
    match data_type {
        DataType::Struct(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| format!("`{}`:{}", f.name.replace('`', "``"), ddl(&f.data_type)))
                .collect();
            format!("struct<{}>", fields.join(","))
        }
        DataType::Array(element) => format!("array<{}>", ddl(element)),
        DataType::Map(key, value) => format!("map<{},{}>", ddl(key), ddl(value)),
        other => other.to_string(),
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
        DataType::Map(key, value) => {
            let indent = " |   ".repeat(depth);
            out.push_str(&format!("{indent} |-- key: {}\n", simple_name(key)));
            write_children(out, key, depth + 1);
            out.push_str(&format!(
                "{indent} |-- value: {} (valueContainsNull = true)\n",
                simple_name(value)
            ));
            write_children(out, value, depth + 1);
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
        DataType::Map(..) => "map".into(),
        DataType::Byte => "byte".into(),
        DataType::Short => "short".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pysparks_json_schemas_read_as_ember_types() {
        // `StructType([StructField("a b", IntegerType()), ...]).json()`, as PySpark sends it.
        let json = r#"{"fields":[{"metadata":{},"name":"a b","nullable":true,"type":"integer"},
            {"metadata":{},"name":"m","nullable":true,"type":{"keyType":"string",
            "type":"map","valueContainsNull":true,"valueType":"decimal(10,2)"}},
            {"metadata":{},"name":"l","nullable":true,"type":{"containsNull":true,
            "elementType":"long","type":"array"}}],"type":"struct"}"#;
        let data_type = from_json_type(json).unwrap();
        assert_eq!(
            ddl(&data_type),
            "struct<`a b`:int,`m`:map<string,decimal(10,2)>,`l`:array<bigint>>"
        );
        assert_eq!(
            ember::expr::parse_type_name(&ddl(&data_type)).unwrap(),
            data_type
        );
        assert!(from_json_type(r#"{"type":"nope"}"#).is_err());
        assert!(from_json_type("{").is_err());
    }

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
