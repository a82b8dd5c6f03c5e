//! Generators: functions that make several rows of one (`explode`, `posexplode`, their
//! `_outer` forms, `json_tuple`), and how a bound generator produces its rows.
//!
//! A generator is only valid as a top-level (optionally aliased) column of a `select`; it may
//! produce several columns: `posexplode` gives `pos` and `col`, exploding a map gives `key` and
//! `value`, `json_tuple` gives `c0`, `c1`, ... The `_outer` forms produce one row of `NULL`s for
//! a `NULL` or empty collection where the plain forms produce none.

use super::strings::{split_pieces, Pieces};
use super::{Arity, Call, Entry};
use crate::error::{Error, Result};
use crate::expr::bind::{bind_node, nested_generator, Evaluator};
use crate::expr::name::sql;
use crate::expr::projection::RowVisitor;
use crate::expr::types::unexpected_input_type;
use crate::expr::Expr;
use crate::{DataType, Field, Row, Schema, Value};

/// The generator functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Generator {
    /// `explode(collection)`: a row per array element (`col`) or map entry (`key`, `value`).
    Explode,
    /// `explode_outer(collection)`: as `explode`, with a row of `NULL`s for `NULL` or empty.
    ExplodeOuter,
    /// `posexplode(collection)`: as `explode`, with the 0-based position first (`pos`).
    PosExplode,
    /// `posexplode_outer(collection)`.
    PosExplodeOuter,
    /// `json_tuple(json, field1, field2, ...)`: one row of the fields' values as strings.
    JsonTuple,
}

impl Generator {
    /// Spark's name of the function.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Explode => "explode",
            Generator::ExplodeOuter => "explode_outer",
            Generator::PosExplode => "posexplode",
            Generator::PosExplodeOuter => "posexplode_outer",
            Generator::JsonTuple => "json_tuple",
        }
    }

    fn outer(self) -> bool {
        matches!(self, Generator::ExplodeOuter | Generator::PosExplodeOuter)
    }

    fn position(self) -> bool {
        matches!(self, Generator::PosExplode | Generator::PosExplodeOuter)
    }
}

fn generator(generator: Generator, args: Vec<Expr>) -> Expr {
    Expr::Generator { generator, args }
}

/// `explode(array)`: one output row per element (none for a `NULL` or empty array); of a map,
/// one row per entry with columns `key` and `value`. Only valid as a top-level (optionally
/// aliased) column of a `select`; its default column name is `col`.
///
/// ```
/// use ember::{bind_projection, col, explode, split, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("value", DataType::String)]);
/// let p = bind_projection(&[explode(split(col("value"), " ")).alias("word")], &schema)?;
/// assert_eq!(p.schema.names(), vec!["word"]);
/// let mut out = Vec::new();
/// p.apply_into(&Row::new(vec![Value::from("the cat  sat")]), &mut out)?;
/// let words: Vec<&Value> = out.iter().map(|r| r.get(0)).collect();
/// assert_eq!(words, [&Value::from("the"), &"cat".into(), &"".into(), &"sat".into()]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn explode(e: impl Into<Expr>) -> Expr {
    generator(Generator::Explode, vec![e.into()])
}

/// `explode_outer(collection)`: as [`explode`], but a `NULL` or empty collection gives one row
/// of `NULL`s.
pub fn explode_outer(e: impl Into<Expr>) -> Expr {
    generator(Generator::ExplodeOuter, vec![e.into()])
}

/// `posexplode(collection)`: as [`explode`], with a first column `pos`, the 0-based position.
///
/// ```
/// use ember::{bind_projection, col, posexplode, DataType, Field, Row, Schema, Value};
/// let schema = Schema::new(vec![Field::new("a", DataType::Array(Box::new(DataType::Integer)))]);
/// let p = bind_projection(&[posexplode(col("a"))], &schema)?;
/// assert_eq!(p.schema.names(), ["pos", "col"]);
/// let mut out = Vec::new();
/// p.apply_into(&Row::new(vec![Value::Array(vec![Value::Int(7), Value::Null])]), &mut out)?;
/// assert_eq!(out, [
///     Row::new(vec![Value::Int(0), Value::Int(7)]),
///     Row::new(vec![Value::Int(1), Value::Null]),
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn posexplode(e: impl Into<Expr>) -> Expr {
    generator(Generator::PosExplode, vec![e.into()])
}

/// `posexplode_outer(collection)`: as [`posexplode`], but a `NULL` or empty collection gives
/// one row of `NULL`s.
pub fn posexplode_outer(e: impl Into<Expr>) -> Expr {
    generator(Generator::PosExplodeOuter, vec![e.into()])
}

/// `json_tuple(json, fields..)`: one row with the top-level `fields` of the JSON object, as
/// strings (columns `c0`, `c1`, ...); `NULL`s for a missing field or malformed JSON.
pub fn json_tuple(json: impl Into<Expr>, fields: &[&str]) -> Expr {
    let mut args = vec![json.into()];
    args.extend(fields.iter().map(|f| Expr::Literal(Value::from(*f))));
    generator(Generator::JsonTuple, args)
}

/// The generators.
pub(super) const ENTRIES: &[Entry] = &[
    Entry::special("explode", Arity::exactly(1), |a| {
        Ok(generator(Generator::Explode, a))
    }),
    Entry::special("explode_outer", Arity::exactly(1), |a| {
        Ok(generator(Generator::ExplodeOuter, a))
    }),
    Entry::special("posexplode", Arity::exactly(1), |a| {
        Ok(generator(Generator::PosExplode, a))
    }),
    Entry::special("posexplode_outer", Arity::exactly(1), |a| {
        Ok(generator(Generator::PosExplodeOuter, a))
    }),
    Entry::special("json_tuple", Arity::at_least(2), |a| {
        Ok(generator(Generator::JsonTuple, a))
    }),
];

/// A generator bound against a schema: its output columns and how it makes rows.
pub(crate) struct BoundGenerator {
    /// The columns of each generated row.
    pub fields: Vec<Field>,
    /// How the rows are made.
    rows: Rows,
}

/// How a bound generator makes its rows.
enum Rows {
    /// `explode(split(..))`: the pieces one at a time, without building the array.
    Pieces(Pieces),
    /// `explode` and its forms, over an array or a map.
    Collection {
        eval: Evaluator,
        position: bool,
        outer: bool,
        /// The number of columns of an `_outer` form's row of `NULL`s.
        width: usize,
    },
    /// `json_tuple`: the JSON text and the field names.
    JsonTuple {
        eval: Evaluator,
        fields: Vec<Option<String>>,
    },
}

/// Binds a generator call (the top-level column of a `select`); `aliases`, if any, name its
/// columns, one each.
pub(crate) fn bind_generator(
    expr: &Expr,
    generator: Generator,
    args: &[Expr],
    aliases: Option<&[String]>,
    schema: &Schema,
) -> Result<BoundGenerator> {
    if args.iter().any(Expr::contains_generator) {
        return Err(nested_generator(expr));
    }
    if args.iter().any(Expr::contains_aggregate) {
        return Err(crate::expr::bind::missing_group_by());
    }
    let (mut fields, rows) = match generator {
        Generator::JsonTuple => bind_json_tuple(args, schema)?,
        _ => bind_explode(expr, generator, &args[0], schema)?,
    };
    if let Some(aliases) = aliases {
        if fields.len() != aliases.len() {
            return Err(Error::Analysis(format!(
                "[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause \
                 does not match the number of columns output by the UDTF.\nExpected {} aliases, \
                 but got {}.\nPlease ensure that the number of aliases provided matches the \
                 number of columns output by the UDTF. SQLSTATE: 42802",
                fields.len(),
                aliases.join(",")
            )));
        }
        for (field, alias) in fields.iter_mut().zip(aliases) {
            field.name = alias.clone();
        }
    }
    Ok(BoundGenerator { fields, rows })
}

fn field(name: &str, data_type: DataType, nullable: bool) -> Field {
    Field {
        name: name.to_string(),
        data_type,
        nullable,
    }
}

fn bind_explode(
    expr: &Expr,
    generator: Generator,
    child: &Expr,
    schema: &Schema,
) -> Result<(Vec<Field>, Rows)> {
    let outer = generator.outer();
    let position = generator.position();
    // `explode(split(..))`, the word-count shape: the pieces are streamed, never collected.
    if generator == Generator::Explode {
        if let Expr::Function { function, args } = child {
            if function.name() == "split" {
                let pieces = split_pieces(&Call {
                    name: sql(child),
                    function: "split",
                    args,
                    schema,
                })?;
                // `split` never yields null elements, so Spark marks its explode non-nullable.
                let fields = vec![field("col", DataType::String, false)];
                return Ok((fields, Rows::Pieces(pieces)));
            }
        }
    }
    let collection = bind_node(child, schema)?;
    let mut fields = Vec::new();
    if position {
        fields.push(field("pos", DataType::Integer, outer));
    }
    match &collection.data_type {
        DataType::Array(element) => fields.push(field("col", element.as_ref().clone(), true)),
        DataType::Map(key, value) => {
            fields.push(field("key", key.as_ref().clone(), outer));
            fields.push(field("value", value.as_ref().clone(), true));
        }
        other => {
            return Err(unexpected_input_type(
                &sql(expr),
                0,
                "(\"ARRAY\" or \"MAP\")",
                &sql(child),
                other,
            ))
        }
    }
    let width = fields.len();
    Ok((
        fields,
        Rows::Collection {
            eval: collection.eval,
            position,
            outer,
            width,
        },
    ))
}

fn bind_json_tuple(args: &[Expr], schema: &Schema) -> Result<(Vec<Field>, Rows)> {
    let name = sql(&Expr::Generator {
        generator: Generator::JsonTuple,
        args: args.to_vec(),
    });
    let (json, _) = super::strings::string_arg(&name, 0, &args[0], schema)?;
    let mut fields = Vec::new();
    let mut names = Vec::new();
    for (i, arg) in args[1..].iter().enumerate() {
        fields.push(field(&format!("c{i}"), DataType::String, true));
        names.push(match arg {
            Expr::Literal(Value::String(s)) => Some(s.clone()),
            Expr::Literal(Value::Null) => None,
            _ => {
                return Err(Error::Analysis(format!(
                    "[DATATYPE_MISMATCH.NON_STRING_TYPE] Cannot resolve \"{name}\" due to data \
                     type mismatch: all arguments of the function `json_tuple` must be strings. \
                     SQLSTATE: 42K09"
                )))
            }
        });
    }
    Ok((
        fields,
        Rows::JsonTuple {
            eval: json,
            fields: names,
        },
    ))
}

impl BoundGenerator {
    /// The rows for `row`, each of `fields.len()` values (for the cartesian product of several
    /// generators).
    pub(crate) fn rows(&self, row: &Row) -> Result<Vec<Vec<Value>>, String> {
        let mut rows = Vec::new();
        self.each_row(row, &mut |values| {
            rows.push(values);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Hands `visit` each generated row's values.
    fn each_row(
        &self,
        row: &Row,
        visit: &mut dyn FnMut(Vec<Value>) -> Result<(), String>,
    ) -> Result<(), String> {
        match &self.rows {
            Rows::Pieces(pieces) => pieces(row, &mut |piece| {
                visit(vec![Value::String(piece.to_string())])
            }),
            Rows::Collection {
                eval,
                position,
                outer,
                width,
            } => {
                // Each element's cells: an array's element, or a map entry's key and value.
                let items: Vec<Vec<Value>> = match eval(row)? {
                    Value::Array(items) => items.into_iter().map(|item| vec![item]).collect(),
                    Value::Map(entries) => entries.into_iter().map(|(k, v)| vec![k, v]).collect(),
                    _ => Vec::new(),
                };
                if items.is_empty() && *outer {
                    return visit(vec![Value::Null; *width]);
                }
                for (i, cells) in items.into_iter().enumerate() {
                    let mut values = Vec::with_capacity(*width);
                    if *position {
                        values.push(Value::Int(i as i32));
                    }
                    values.extend(cells);
                    visit(values)?;
                }
                Ok(())
            }
            Rows::JsonTuple { eval, fields } => {
                visit(super::json::json_tuple_values(&eval(row)?, fields))
            }
        }
    }

    /// Hands `visit` one row per generated row, reusing `output` (and, for `split` pieces, its
    /// string) between rows: the fast path of a `select` whose only column is this generator.
    pub(crate) fn visit_rows_into(
        &self,
        row: &Row,
        output: &mut Row,
        visit: &mut RowVisitor<'_>,
    ) -> Result<(), String> {
        match &self.rows {
            Rows::Pieces(pieces) => pieces(row, &mut |piece| {
                output.set_to_text(piece);
                visit(output)
            }),
            _ => self.each_row(row, &mut |values| {
                output.0 = values;
                visit(output)
            }),
        }
    }
}

#[cfg(test)]
mod tests;
