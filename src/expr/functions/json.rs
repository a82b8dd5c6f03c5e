//! The JSON functions: `from_json`, `to_json`, `get_json_object`, `schema_of_json` (and the
//! rows of the `json_tuple` generator).
//!
//! JSON text is read by the JSON source's reader (`source::json`), so `from_json` converts
//! values exactly as `format("json")` does; the text after the first value is ignored, as
//! Jackson does. `from_json` is PERMISSIVE, as Spark's default: for a struct schema, malformed
//! text gives a struct of `NULL`s and a field of the wrong kind is `NULL` while the others keep
//! their values; for an array or map schema, malformed text is `NULL`. Spark's `options`
//! arguments (a map of JSON options) are not taken.

use super::{call_sql, no_defaults, scalar, Arity, Call, Entry, ScalarFunction, Spelling};
use crate::display::java_double_to_string;
use crate::error::{Error, Result};
use crate::expr::bind::{bind_node, bound, Evaluator};
use crate::expr::json_text::{
    is_integer, parse_json, write_string, Json, JsonConverter, JsonWriter, Node,
};
use crate::expr::name::sql;
use crate::expr::schema_from_ddl;
use crate::expr::types::{sql_type, unexpected_input_type};
use crate::expr::{cast, Expr};
use crate::time_zone::TimeZone;
use crate::{DataType, Field, Row, Schema, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// `from_json(json, schema)`: the JSON text parsed into a value of `schema`, a DDL string
/// (`"a INT, b STRING"` for a struct, or a type: `"array<int>"`, `"struct<a: int>"`). Named
/// `from_json(json)`, as in Spark.
///
/// ```
/// use ember::{bind, col, from_json, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("v", DataType::String)]);
/// let b = bind(&from_json(col("v"), "a INT, b STRING"), &schema)?;
/// assert_eq!(b.name, "from_json(v)");
/// let row = Row::new(vec![Value::from(r#"{"a": "bad", "b": 2}"#)]);
/// assert_eq!((b.eval)(&row), Ok(Value::Struct(vec![Value::Null, Value::from("2")])));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn from_json(json: impl Into<Expr>, schema: &str) -> Expr {
    scalar("from_json", vec![json.into(), Expr::Literal(schema.into())])
}

/// `to_json(e)`: a struct, array or map as JSON text, as Spark writes it: no spaces, struct
/// fields in order, `NULL` fields left out, timestamps as `2026-01-01T10:00:00.000Z`.
pub fn to_json(e: impl Into<Expr>) -> Expr {
    scalar("to_json", vec![e.into()])
}

/// `get_json_object(json, path)`: the part of the JSON text at a JSONPath (`$`, `.name`,
/// `['name']`, `[index]`, `[*]`), as a string (a JSON string unquoted, anything else as
/// compact JSON); `NULL` when nothing matches or the text is malformed.
///
/// ```
/// use ember::{bind, get_json_object, lit, Schema, Value, Row};
/// let b = bind(&get_json_object(lit(r#"{"a": {"b": [1, {"c": "x"}]}}"#), "$.a.b[1]"), &Schema::default())?;
/// assert_eq!(b.name, r#"get_json_object({"a": {"b": [1, {"c": "x"}]}}, $.a.b[1])"#);
/// assert_eq!((b.eval)(&Row::new(vec![])), Ok(Value::from(r#"{"c":"x"}"#)));
/// # Ok::<(), ember::Error>(())
/// ```
pub fn get_json_object(json: impl Into<Expr>, path: &str) -> Expr {
    scalar(
        "get_json_object",
        vec![json.into(), Expr::Literal(path.into())],
    )
}

/// `schema_of_json(json)`: the schema Spark infers for a JSON literal, as a DDL string
/// (`STRUCT<a: BIGINT, b: STRING>`).
pub fn schema_of_json(json: &str) -> Expr {
    scalar("schema_of_json", vec![Expr::Literal(json.into())])
}

/// The JSON functions (`json_tuple`, a generator, is in `generators.rs`).
pub(super) const ENTRIES: &[Entry] = &[
    Entry::scalar_spelled("from_json", Spelling::Custom(from_json_sql), &FROM_JSON),
    Entry::scalar("to_json", &TO_JSON),
    Entry::scalar("get_json_object", &GET_JSON_OBJECT),
    Entry::scalar("schema_of_json", &SCHEMA_OF_JSON),
];

/// Binds argument `index` of `function` (`from_json`'s text, `get_json_object`'s text and
/// path), which must be a string: Spark casts no other type to one there, unlike for the
/// string functions ([`string_arg`](super::strings::string_arg)).
fn strict_string_input(
    function: &str,
    index: usize,
    arg: &Expr,
    schema: &Schema,
) -> Result<Evaluator> {
    let json = bind_node(arg, schema)?;
    if !matches!(json.data_type, DataType::String | DataType::Null) {
        return Err(unexpected_input_type(
            function,
            index,
            "\"STRING\"",
            &sql(arg),
            &json.data_type,
        ));
    }
    Ok(cast::cast_evaluator(
        json.eval,
        json.data_type,
        DataType::String,
    ))
}

/// Spark's name of a `from_json` call: after its input alone (`from_json(v)`), or `entries`
/// when the schema is a map type (named after the result's entries).
fn from_json_sql(name: &'static str, args: &[Expr]) -> String {
    match args.get(1) {
        Some(Expr::Literal(Value::String(ddl)))
            if matches!(parse_schema(ddl), Ok(DataType::Map(..))) =>
        {
            "entries".to_string()
        }
        _ => call_sql(name, &args[..args.len().min(1)]),
    }
}

/// The schema argument of `from_json`: a DDL field list, or a type.
fn parse_schema(ddl: &str) -> Result<DataType> {
    match schema_from_ddl(ddl) {
        Ok(schema) => Ok(DataType::Struct(schema.fields)),
        Err(e) => match schema_from_ddl(&format!("x {ddl}")) {
            Ok(schema) if schema.fields.len() == 1 => Ok(schema.fields[0].data_type.clone()),
            _ => Err(e),
        },
    }
}

static FROM_JSON: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call: &Call<'_>| {
        let data_type = parse_schema(&call.literal_str(1)?)?;
        let json = strict_string_input(&call.name, 0, call.arg(0)?, call.schema)?;
        let converter = JsonConverter::utc();
        let result_type = data_type.clone();
        Ok(bound(
            call.name.clone(),
            result_type,
            true,
            Arc::new(move |row: &Row| {
                let Value::String(text) = json(row)? else {
                    return Ok(Value::Null);
                };
                Ok(parse_as(&converter, &text, &data_type))
            }),
        ))
    },
};

/// `text` as a value of `data_type`, PERMISSIVE as `from_json`.
fn parse_as(converter: &JsonConverter, text: &str, data_type: &DataType) -> Value {
    let node = parse_json(text);
    match (data_type, node) {
        (DataType::Struct(fields), Some(node)) if matches!(node.json, Json::Object(_)) => {
            let mut bad = false;
            Value::Struct(converter.object_values(&node, fields, &mut bad))
        }
        (DataType::Struct(fields), _) => Value::Struct(vec![Value::Null; fields.len()]),
        (_, Some(node)) => {
            let mut bad = false;
            let value = converter.convert(&node, data_type, &mut bad);
            if bad {
                Value::Null
            } else {
                value
            }
        }
        (_, None) => Value::Null,
    }
}

static TO_JSON: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let arg = call.bind_arg(0)?;
        if !matches!(
            arg.data_type,
            DataType::Struct(_) | DataType::Array(_) | DataType::Map(..)
        ) {
            return Err(Error::Analysis(format!(
                "[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve \"{}\" due to data type \
                 mismatch: Input schema \"{}\" must be a struct, an array, a map or a variant. \
                 SQLSTATE: 42K09",
                call.name,
                sql_type(&arg.data_type)
            )));
        }
        let data_type = arg.data_type;
        let eval = arg.eval;
        let writer = JsonWriter::new(&Schema::default(), TimeZone::UTC);
        Ok(bound(
            call.name.clone(),
            DataType::String,
            true,
            Arc::new(move |row: &Row| {
                let value = eval(row)?;
                if value.is_null() {
                    return Ok(Value::Null);
                }
                let mut out = String::new();
                writer.write_value(&data_type, &value, &mut out);
                Ok(Value::String(out))
            }),
        ))
    },
};

/// Writes a parsed JSON value compactly, as Jackson copies it (numbers with a fraction or an
/// exponent as Java prints the double).
fn write_node(out: &mut String, node: &Node) {
    match &node.json {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) if is_integer(n) => out.push_str(n),
        Json::Number(n) => match n.parse::<f64>() {
            Ok(d) => out.push_str(&java_double_to_string(d)),
            Err(_) => out.push_str(n),
        },
        Json::NonNumeric(d) => out.push_str(&java_double_to_string(*d)),
        Json::String(s) => write_string(s, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_node(out, item);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_node(out, value);
            }
            out.push('}');
        }
    }
}

/// A matched JSON value as `get_json_object` and `json_tuple` return it: a string unquoted,
/// `null` as `NULL`, anything else as compact JSON.
fn node_string(node: &Node) -> Value {
    match &node.json {
        Json::Null => Value::Null,
        Json::String(s) => Value::String(s.clone()),
        _ => {
            let mut out = String::new();
            write_node(&mut out, node);
            Value::String(out)
        }
    }
}

/// One step of a JSONPath.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// `.name` or `['name']`.
    Key(String),
    /// `[n]`.
    Index(usize),
    /// `[*]`.
    Wildcard,
}

/// Parses a JSONPath as Spark's `get_json_object` accepts it; `None` for anything else.
fn parse_path(path: &str) -> Option<Vec<Step>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("['") {
            let end = after.find("']")?;
            steps.push(Step::Key(after[..end].to_string()));
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix("[*]") {
            steps.push(Step::Wildcard);
            rest = after;
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            let digits = &after[..end];
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            steps.push(Step::Index(digits.parse().ok()?));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty() || name == "*" {
                return None;
            }
            steps.push(Step::Key(name.to_string()));
            rest = &after[end..];
        } else {
            return None;
        }
    }
    Some(steps)
}

/// What a path matches: one value, or (through `[*]`) several.
enum Matched<'n, 'a> {
    One(&'n Node<'a>),
    Many(Vec<&'n Node<'a>>),
}

/// The values of `node` at `steps`.
fn follow<'n, 'a>(node: &'n Node<'a>, steps: &[Step]) -> Option<Matched<'n, 'a>> {
    let Some((step, rest)) = steps.split_first() else {
        return Some(Matched::One(node));
    };
    match (step, &node.json) {
        (Step::Key(key), Json::Object(members)) => {
            let (_, value) = members.iter().find(|(k, _)| k == key)?;
            follow(value, rest)
        }
        (Step::Index(i), Json::Array(items)) => follow(items.get(*i)?, rest),
        (Step::Wildcard, Json::Array(items)) if !items.is_empty() => {
            if rest.is_empty() {
                return Some(Matched::One(node));
            }
            let mut all = Vec::new();
            for item in items {
                match follow(item, rest) {
                    Some(Matched::One(n)) => all.push(n),
                    Some(Matched::Many(ns)) => all.extend(ns),
                    None => {}
                }
            }
            match all.len() {
                0 => None,
                1 => Some(Matched::One(all[0])),
                _ => Some(Matched::Many(all)),
            }
        }
        _ => None,
    }
}

/// `get_json_object` of one text and parsed path.
fn json_object_at(text: &str, steps: &[Step]) -> Value {
    let Some(node) = parse_json(text) else {
        return Value::Null;
    };
    match follow(&node, steps) {
        None => Value::Null,
        Some(Matched::One(n)) => node_string(n),
        Some(Matched::Many(nodes)) => {
            let mut out = String::from("[");
            for (i, n) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_node(&mut out, n);
            }
            out.push(']');
            Value::String(out)
        }
    }
}

static GET_JSON_OBJECT: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(2),
    defaults: no_defaults,
    bind: |call| {
        let json = strict_string_input(&call.name, 0, call.arg(0)?, call.schema)?;
        let eval: Evaluator = match call.arg(1)? {
            Expr::Literal(Value::String(path)) => match parse_path(path) {
                Some(steps) => Arc::new(move |row: &Row| match json(row)? {
                    Value::String(text) => Ok(json_object_at(&text, &steps)),
                    _ => Ok(Value::Null),
                }),
                None => Arc::new(|_: &Row| Ok(Value::Null)),
            },
            other => {
                let path = strict_string_input(&call.name, 1, other, call.schema)?;
                Arc::new(move |row: &Row| match (json(row)?, path(row)?) {
                    (Value::String(text), Value::String(path)) => Ok(parse_path(&path)
                        .map_or(Value::Null, |steps| json_object_at(&text, &steps))),
                    _ => Ok(Value::Null),
                })
            }
        };
        Ok(bound(call.name.clone(), DataType::String, true, eval))
    },
};

/// The values of `json_tuple`'s `fields` (`None`: a `NULL` field name) in one JSON text.
pub(super) fn json_tuple_values(json: &Value, fields: &[Option<String>]) -> Vec<Value> {
    let node = match json {
        Value::String(text) => parse_json(text),
        _ => None,
    };
    let Some(Node {
        json: Json::Object(members),
        ..
    }) = &node
    else {
        return vec![Value::Null; fields.len()];
    };
    fields
        .iter()
        .map(|field| {
            let found = field
                .as_ref()
                .and_then(|f| members.iter().find(|(k, _)| k == f));
            found.map_or(Value::Null, |(_, value)| node_string(value))
        })
        .collect()
}

static SCHEMA_OF_JSON: ScalarFunction = ScalarFunction {
    arity: Arity::exactly(1),
    defaults: no_defaults,
    bind: |call| {
        let text = match call.arg(0)? {
            Expr::Literal(Value::String(text)) => text.clone(),
            other => {
                return Err(Error::Analysis(format!(
                    "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{}\" due to data \
                     type mismatch: the input `json` should be a foldable \"STRING\" \
                     expression; however, got \"{}\". SQLSTATE: 42K09",
                    call.name,
                    sql(other)
                )))
            }
        };
        let schema = if text.trim().is_empty() {
            Some("STRING".to_string())
        } else {
            parse_json(&text).map(|node| sql_type(&infer(&node)))
        };
        let schema = schema.ok_or_else(|| malformed_schema_input(&text))?;
        Ok(bound(
            call.name.clone(),
            DataType::String,
            false,
            Arc::new(move |_: &Row| Ok(Value::String(schema.clone()))),
        ))
    },
};

/// The error of `schema_of_json` on malformed text (Spark fails with Jackson's
/// `JsonParseException`, which has no error class).
fn malformed_schema_input(text: &str) -> Error {
    Error::Analysis(format!(
        "Cannot infer the schema of malformed JSON in `schema_of_json`: {text}"
    ))
}

/// The type Spark's `schema_of_json` infers for a JSON value.
fn infer(node: &Node) -> DataType {
    match &node.json {
        Json::Null | Json::String(_) => DataType::String,
        Json::Bool(_) => DataType::Boolean,
        Json::Number(n) if is_integer(n) && n.parse::<i64>().is_ok() => DataType::Long,
        Json::Number(_) | Json::NonNumeric(_) => DataType::Double,
        Json::Array(items) => {
            let element = items
                .iter()
                .map(infer_nullable)
                .reduce(|a, b| merge(&a, &b))
                .flatten()
                .unwrap_or(DataType::String);
            DataType::Array(Box::new(element))
        }
        Json::Object(members) => {
            let mut fields: BTreeMap<&str, Option<DataType>> = BTreeMap::new();
            for (key, value) in members {
                let t = infer_nullable(value);
                let merged = match fields.get(key.as_str()) {
                    Some(previous) => merge(previous, &t),
                    None => t,
                };
                fields.insert(key, merged);
            }
            DataType::Struct(
                fields
                    .into_iter()
                    .map(|(name, t)| Field::new(name, t.unwrap_or(DataType::String)))
                    .collect(),
            )
        }
    }
}

/// As [`infer`], with `None` for `null` (which takes the type of its neighbours).
fn infer_nullable(node: &Node) -> Option<DataType> {
    match node.json {
        Json::Null => None,
        _ => Some(infer(node)),
    }
}

/// The type of two inferred types together (Spark's `compatibleType`): numbers widen to
/// `double`, structs merge their fields, arrays their elements, anything else is `string`.
fn merge(a: &Option<DataType>, b: &Option<DataType>) -> Option<DataType> {
    let (a, b) = match (a, b) {
        (None, t) | (t, None) => return t.clone(),
        (Some(a), Some(b)) => (a, b),
    };
    Some(match (a, b) {
        (a, b) if a == b => a.clone(),
        (DataType::Long | DataType::Double, DataType::Long | DataType::Double) => DataType::Double,
        (DataType::Array(x), DataType::Array(y)) => DataType::Array(Box::new(
            merge(&Some(*x.clone()), &Some(*y.clone())).unwrap_or(DataType::String),
        )),
        (DataType::Struct(x), DataType::Struct(y)) => {
            let mut fields: BTreeMap<&str, DataType> = BTreeMap::new();
            for f in x.iter().chain(y) {
                let t = match fields.get(f.name.as_str()) {
                    Some(previous) => merge(&Some(previous.clone()), &Some(f.data_type.clone()))
                        .unwrap_or(DataType::String),
                    None => f.data_type.clone(),
                };
                fields.insert(&f.name, t);
            }
            DataType::Struct(fields.into_iter().map(|(n, t)| Field::new(n, t)).collect())
        }
        _ => DataType::String,
    })
}

#[cfg(test)]
mod tests;
