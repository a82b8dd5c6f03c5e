//! Spark Connect literals as Ember's expressions: every kind of value a client sends (PySpark's
//! `lit` of a Python value, a typed `NULL`, an array, map or struct literal), with the type
//! Spark's Connect server gives it.

use ember::expr::{self as f, Expr};
use ember::operators::{DataType, Schema, Value};

use crate::errors::{ConnectError, ConnectResult};
use crate::proto::expression::literal::{self, specialized_array::ValueType, LiteralType};
use crate::proto::expression::Literal;

/// `literal` as an expression of its value, of the type it declares: a typed `NULL`, or an
/// empty array or map, is cast to its type (Ember's own literals take their type from their
/// value); a struct literal is `named_struct` of its fields.
pub fn to_expr(literal: &Literal) -> ConnectResult<Expr> {
    match literal.literal_type.as_ref() {
        Some(LiteralType::Null(data_type)) => {
            Ok(typed(Value::Null, crate::types::from_proto(data_type)?))
        }
        Some(LiteralType::Struct(fields)) => {
            let (names, types) = struct_fields(fields)?;
            let mut args = Vec::with_capacity(2 * names.len());
            for ((name, data_type), element) in names.iter().zip(types).zip(&fields.elements) {
                args.push(Expr::Literal(Value::String(name.clone())));
                let element = to_expr(element)?;
                args.push(match element {
                    Expr::Literal(value) => typed(value, data_type),
                    other => other,
                });
            }
            Ok(f::resolve("named_struct", args)?)
        }
        Some(LiteralType::Array(array)) => {
            let element = declared(array.element_type.as_ref(), "array literal's element")?;
            let value = value(literal)?;
            Ok(typed(value, DataType::Array(Box::new(element))))
        }
        Some(LiteralType::Map(map)) => {
            let key = declared(map.key_type.as_ref(), "map literal's key")?;
            let value_type = declared(map.value_type.as_ref(), "map literal's value")?;
            let value = value(literal)?;
            Ok(typed(
                value,
                DataType::Map(Box::new(key), Box::new(value_type)),
            ))
        }
        Some(LiteralType::Decimal(d)) => {
            let value = decimal(d)?;
            Ok(match declared_decimal(d, &value) {
                Some(data_type) => f::typed_lit(value, data_type),
                None => Expr::Literal(value),
            })
        }
        _ => Ok(Expr::Literal(value(literal)?)),
    }
}

/// The type Spark's Connect server gives a decimal literal (`LiteralValueProtoConverter`),
/// when it is not the value's own: `decimal(max(p, s), s)` with `p` the larger of the value's
/// precision and the declared one, `s` the larger of the scales. PySpark declares
/// `decimal(10,0)` for any `Decimal`, so `Decimal("1.50")` is `decimal(10,2)`.
fn declared_decimal(d: &literal::Decimal, value: &Value) -> Option<DataType> {
    let Value::Decimal(own) = value else {
        return None;
    };
    let own_scale = i32::from(own.scale());
    let own_precision = i32::from(own.digits()).max(own_scale);
    let scale = d.scale.unwrap_or(own_scale).max(own_scale);
    let precision = d
        .precision
        .unwrap_or(own_precision)
        .max(own_precision)
        .max(scale);
    let widened = (precision, scale) != (own_precision, own_scale);
    let fits = u8::try_from(precision).is_ok_and(|p| p <= 38);
    (widened && fits).then_some(DataType::Decimal(precision as u8, scale as u8))
}

/// `value` as an expression of type `data_type`: the literal itself when that is its type,
/// else cast to it (`NULL` of `int`, `array()` of `array<int>`).
fn typed(value: Value, data_type: DataType) -> Expr {
    let literal = Expr::Literal(value);
    let own = f::bind(&literal, &Schema::default()).map(|bound| bound.data_type);
    if own.is_ok_and(|own| own == data_type) {
        literal
    } else {
        literal.cast(data_type)
    }
}

/// A type a literal declares, which it must.
fn declared(data_type: Option<&crate::proto::DataType>, what: &str) -> ConnectResult<DataType> {
    let data_type =
        data_type.ok_or_else(|| ConnectError::Invalid(format!("an {what} without its type")))?;
    crate::types::from_proto(data_type)
}

/// The field names and types a struct literal declares.
fn struct_fields(fields: &literal::Struct) -> ConnectResult<(Vec<String>, Vec<DataType>)> {
    let DataType::Struct(declared) = declared(fields.struct_type.as_ref(), "struct literal")?
    else {
        return Err(ConnectError::Invalid(
            "a struct literal whose type is not a struct".into(),
        ));
    };
    if declared.len() != fields.elements.len() {
        return Err(ConnectError::Invalid(format!(
            "a struct literal of {} values for {} fields",
            fields.elements.len(),
            declared.len()
        )));
    }
    Ok(declared
        .into_iter()
        .map(|field| (field.name, field.data_type))
        .unzip())
}

/// A literal's value (an element of an array or map literal, or a literal of its own).
pub fn value(literal: &Literal) -> ConnectResult<Value> {
    let out_of_range = |name: &str, i: &i32| {
        ConnectError::Invalid(format!("the {name} literal {i} is out of range"))
    };
    Ok(match literal.literal_type.as_ref() {
        None | Some(LiteralType::Null(_)) => Value::Null,
        Some(LiteralType::Boolean(b)) => Value::Boolean(*b),
        Some(LiteralType::Byte(i)) => {
            Value::Byte(i8::try_from(*i).map_err(|_| out_of_range("tinyint", i))?)
        }
        Some(LiteralType::Short(i)) => {
            Value::Short(i16::try_from(*i).map_err(|_| out_of_range("smallint", i))?)
        }
        Some(LiteralType::Integer(i)) => Value::Int(*i),
        Some(LiteralType::Long(i)) => Value::Long(*i),
        Some(LiteralType::Float(x)) => Value::Float(*x),
        Some(LiteralType::Double(x)) => Value::Double(*x),
        Some(LiteralType::Decimal(d)) => decimal(d)?,
        Some(LiteralType::String(s)) => Value::String(s.clone()),
        Some(LiteralType::Binary(bytes)) => Value::Binary(bytes.clone()),
        Some(LiteralType::Date(days)) => Value::Date(*days),
        Some(LiteralType::Timestamp(micros)) => Value::Timestamp(*micros),
        Some(LiteralType::TimestampNtz(micros)) => Value::TimestampNtz(*micros),
        Some(LiteralType::Array(array)) => Value::Array(
            array
                .elements
                .iter()
                .map(value)
                .collect::<ConnectResult<_>>()?,
        ),
        Some(LiteralType::Map(map)) => {
            if map.keys.len() != map.values.len() {
                return Err(ConnectError::Invalid(format!(
                    "a map literal of {} keys and {} values",
                    map.keys.len(),
                    map.values.len()
                )));
            }
            let entries = map.keys.iter().zip(&map.values);
            Value::Map(
                entries
                    .map(|(k, v)| Ok((value(k)?, value(v)?)))
                    .collect::<ConnectResult<_>>()?,
            )
        }
        Some(LiteralType::SpecializedArray(array)) => specialized_array(array)?,
        Some(LiteralType::Struct(_)) => {
            return Err(ConnectError::Unsupported(
                "a struct literal inside an array or map literal".into(),
            ))
        }
        Some(
            LiteralType::CalendarInterval(_)
            | LiteralType::YearMonthInterval(_)
            | LiteralType::DayTimeInterval(_),
        ) => return Err(ConnectError::Unsupported("interval literals".into())),
        Some(LiteralType::Time(_)) => {
            return Err(ConnectError::Unsupported("time literals".into()))
        }
    })
}

/// A decimal literal as Spark's Connect server reads it: the value's own digits, at the
/// larger of its written scale and the scale the client declares (PySpark declares
/// `decimal(10,0)` for any `Decimal`, so `Decimal("1.50")` stays 1.50).
fn decimal(d: &literal::Decimal) -> ConnectResult<Value> {
    let value = ember::expr::decimal_literal(&d.value, None, None)?;
    let (Value::Decimal(written), Some(declared)) = (&value, d.scale) else {
        return Ok(value);
    };
    let scale = i32::from(written.scale());
    if declared <= scale {
        return Ok(value);
    }
    let precision = i32::from(written.digits()).max(scale) + (declared - scale);
    Ok(ember::expr::decimal_literal(
        &d.value,
        Some(precision),
        Some(declared),
    )?)
}

/// A packed array of one primitive type.
fn specialized_array(array: &literal::SpecializedArray) -> ConnectResult<Value> {
    let values: Vec<Value> = match array.value_type.as_ref() {
        Some(ValueType::Bools(b)) => b.values.iter().map(|&x| Value::Boolean(x)).collect(),
        Some(ValueType::Ints(i)) => i.values.iter().map(|&x| Value::Int(x)).collect(),
        Some(ValueType::Longs(l)) => l.values.iter().map(|&x| Value::Long(x)).collect(),
        Some(ValueType::Floats(x)) => x.values.iter().map(|&x| Value::Float(x)).collect(),
        Some(ValueType::Doubles(d)) => d.values.iter().map(|&x| Value::Double(x)).collect(),
        Some(ValueType::Strings(s)) => s.values.iter().cloned().map(Value::String).collect(),
        None => return Err(ConnectError::Invalid("an empty specialized array".into())),
    };
    Ok(Value::Array(values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::data_type::{self, Kind};
    use crate::proto::DataType as ProtoType;

    fn lit(literal_type: LiteralType) -> Literal {
        Literal {
            literal_type: Some(literal_type),
        }
    }

    fn int_type() -> ProtoType {
        ProtoType {
            kind: Some(Kind::Integer(data_type::Plain::default())),
        }
    }

    /// The expression's column name and type.
    fn named(literal: LiteralType) -> (String, String) {
        let bound = f::bind(&to_expr(&lit(literal)).unwrap(), &Schema::default()).unwrap();
        (bound.name, bound.data_type.to_string())
    }

    fn pair(name: &str, data_type: &str) -> (String, String) {
        (name.to_string(), data_type.to_string())
    }

    #[test]
    fn decimals_are_typed_as_sparks_connect_server_types_them() {
        // PySpark declares decimal(10,0) for any `Decimal`; a Spark 4.3 Connect server names
        // and types `lit(Decimal(v))` as below (1.50 stays 1.50, not 2).
        let decimal = |value: &str| {
            LiteralType::Decimal(literal::Decimal {
                value: value.into(),
                precision: Some(10),
                scale: Some(0),
            })
        };
        for (value, name, data_type) in [
            ("1.50", "1.50", "decimal(10,2)"),
            (
                "123456789012345678901234567890.5",
                "123456789012345678901234567890.5",
                "decimal(31,1)",
            ),
            ("0", "0", "decimal(10,0)"),
            ("-0.001", "-0.001", "decimal(10,3)"),
            ("1E+2", "100", "decimal(10,0)"),
            ("12345678901.5", "12345678901.5", "decimal(12,1)"),
        ] {
            assert_eq!(named(decimal(value)), pair(name, data_type), "{value}");
        }
        // In an expression it keeps its name and type: `(1.50 + 1)` is decimal(11,2).
        let sum = to_expr(&lit(decimal("1.50"))).unwrap() + 1;
        let bound = f::bind(&sum, &Schema::default()).unwrap();
        assert_eq!(
            (bound.name, bound.data_type.to_string()),
            pair("(1.50 + 1)", "decimal(11,2)")
        );
        assert!(to_expr(&lit(decimal("x"))).is_err());
    }

    #[test]
    fn every_kind_of_value_arrives_with_its_type() {
        assert_eq!(
            named(LiteralType::Binary(b"ab".to_vec())),
            pair("X'6162'", "binary")
        );
        assert_eq!(named(LiteralType::Float(2.5)), pair("2.5", "float"));
        assert_eq!(named(LiteralType::Byte(3)), pair("3", "tinyint"));
        assert_eq!(named(LiteralType::Short(-4)), pair("-4", "smallint"));
        assert!(to_expr(&lit(LiteralType::Byte(300))).is_err());
        assert_eq!(
            named(LiteralType::TimestampNtz(0)),
            pair("TIMESTAMP_NTZ '1970-01-01 00:00:00'", "timestamp_ntz")
        );
        // A typed NULL keeps its type; of a complex type it is named `NULL` (Spark's
        // `Literal.sql`, and Spark 4.3's name for `lit(None).cast("array<int>")`).
        assert_eq!(
            named(LiteralType::Null(int_type())),
            pair("CAST(NULL AS INT)", "int")
        );
        let array_type = crate::types::to_proto(&DataType::Array(Box::new(DataType::Integer)));
        assert_eq!(
            named(LiteralType::Null(array_type)),
            pair("NULL", "array<int>")
        );
        let ints = |values: Vec<i32>| {
            values
                .into_iter()
                .map(|i| lit(LiteralType::Integer(i)))
                .collect()
        };
        let array = |elements| {
            LiteralType::Array(literal::Array {
                element_type: Some(int_type()),
                elements,
            })
        };
        assert_eq!(
            named(array(ints(vec![1, 2]))),
            pair("array(1, 2)", "array<int>")
        );
        // An empty array has only the type it declares.
        assert_eq!(named(array(vec![])).1, "array<int>");
        let map = LiteralType::Map(literal::Map {
            key_type: Some(int_type()),
            value_type: Some(int_type()),
            keys: ints(vec![1]),
            values: ints(vec![2]),
        });
        assert_eq!(named(map), pair("map(1, 2)", "map<int,int>"));
        let packed = LiteralType::SpecializedArray(literal::SpecializedArray {
            value_type: Some(ValueType::Longs(crate::proto::Longs { values: vec![7] })),
        });
        assert_eq!(named(packed), pair("array(7)", "array<bigint>"));
        let structure = LiteralType::Struct(literal::Struct {
            struct_type: Some(crate::types::to_proto(&DataType::Struct(vec![
                ember::operators::Field::new("x", DataType::Integer),
            ]))),
            elements: ints(vec![5]),
        });
        assert_eq!(
            named(structure),
            pair("named_struct(x, 5)", "struct<x:int>")
        );
        let interval = to_expr(&lit(LiteralType::DayTimeInterval(1)));
        assert!(interval
            .unwrap_err()
            .message()
            .contains("not supported: interval literals"));
    }
}
