//! [`bind_projection`] (a `select` list, with generators) and [`bind_filter`] (a predicate).

use super::bind::{bind, bind_node, missing_group_by, nested_generator, Evaluator};
use super::name::{output_name, sql};
use super::types::{sql_type, unexpected_input_type};
use super::{Expr, Function};
use crate::error::{Error, Result};
use crate::{DataType, Field, Row, Schema, Value};
use std::sync::Arc;

/// Maps one input row to zero or more output rows, appended to the vector; `Err` is a run-time
/// error message that fails the query.
pub type RowMapper = Arc<dyn Fn(&Row, &mut Vec<Row>) -> Result<(), String> + Send + Sync>;

/// Decides whether a row passes a filter (`NULL` counts as `false`); `Err` is a run-time error.
pub type Predicate = Arc<dyn Fn(&Row) -> Result<bool, String> + Send + Sync>;

/// A bound `select` list.
#[derive(Clone)]
pub struct Projection {
    /// The output columns.
    pub schema: Schema,
    /// Computes the output rows of one input row: exactly one without generators; with
    /// `explode`, one per array element (none for a `NULL` or empty array).
    pub apply: RowMapper,
}

impl std::fmt::Debug for Projection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Projection")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

/// How one output column is computed.
enum Column {
    /// One value per input row.
    Value(Evaluator),
    /// An array whose elements become rows (`explode`).
    Generator(Evaluator),
}

/// Binds a `select` list against `schema`.
///
/// `explode(e)` (optionally aliased) is allowed at the top level of a column; its column is
/// named `col` unless aliased. Several generators in one `select` produce their cartesian
/// product, first generator outermost, as Spark 4 does. A generator nested in another
/// expression is Spark's `[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS]`; an aggregate function
/// is `[MISSING_GROUP_BY]`.
///
/// ```
/// use ember::{bind_projection, col, explode, lit, split, upper, DataType, Field, Row, Schema, Value};
///
/// let schema = Schema::new(vec![Field::new("value", DataType::String)]);
/// let p = bind_projection(&[explode(split(col("value"), " ")), upper(col("value"))], &schema)?;
/// assert_eq!(p.schema.names(), ["col", "upper(value)"]);
/// let mut out = Vec::new();
/// (p.apply)(&Row::new(vec![Value::from("a b")]), &mut out)?;
/// assert_eq!(out, [
///     Row::new(vec!["a".into(), "A B".into()]),
///     Row::new(vec!["b".into(), "A B".into()]),
/// ]);
///
/// let err = bind_projection(&[upper(explode(split(col("value"), " ")))], &schema).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in \
///      expressions \"upper(explode(split(value,  , -1)))\". SQLSTATE: 42K0E"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bind_projection(exprs: &[Expr], schema: &Schema) -> Result<Projection> {
    let mut fields = Vec::with_capacity(exprs.len());
    let mut columns = Vec::with_capacity(exprs.len());
    for expr in exprs {
        let inner = match expr {
            Expr::Alias { expr, .. } => expr.as_ref(),
            e => e,
        };
        if let Expr::Explode(child) = inner {
            if child.contains_generator() {
                return Err(nested_generator(inner));
            }
            if child.contains_aggregate() {
                return Err(missing_group_by());
            }
            let array = bind_node(child, schema)?;
            let element = match &array.data_type {
                DataType::Array(element) => element.as_ref().clone(),
                other => {
                    return Err(unexpected_input_type(
                        &sql(inner),
                        0,
                        "(\"ARRAY\" or \"MAP\")",
                        &sql(child),
                        other,
                    ))
                }
            };
            // `split` never yields null elements, so Spark marks its explode non-nullable.
            let nullable = !matches!(
                child.as_ref(),
                Expr::Function {
                    function: Function::Split,
                    ..
                }
            );
            fields.push(Field {
                name: output_name(expr),
                data_type: element,
                nullable,
            });
            columns.push(Column::Generator(array.eval));
        } else {
            let bound = bind(expr, schema)?;
            fields.push(Field {
                name: bound.name,
                data_type: bound.data_type,
                nullable: bound.nullable,
            });
            columns.push(Column::Value(bound.eval));
        }
    }
    let generators = columns
        .iter()
        .filter(|c| matches!(c, Column::Generator(_)))
        .count();
    let apply: RowMapper = if generators == 0 {
        Arc::new(move |row: &Row, out: &mut Vec<Row>| {
            let mut values = Vec::with_capacity(columns.len());
            for column in &columns {
                if let Column::Value(eval) = column {
                    values.push(eval(row)?);
                }
            }
            out.push(Row::new(values));
            Ok(())
        })
    } else {
        Arc::new(move |row: &Row, out: &mut Vec<Row>| generate(&columns, row, out))
    };
    Ok(Projection {
        schema: Schema::new(fields),
        apply,
    })
}

/// The rows of a projection with generators: the cartesian product of the generated arrays.
fn generate(columns: &[Column], row: &Row, out: &mut Vec<Row>) -> Result<(), String> {
    if let [Column::Generator(eval)] = columns {
        // A lone generator (`select(explode(..))`): each element becomes a row, moved.
        if let Value::Array(items) = eval(row)? {
            out.extend(items.into_iter().map(|item| Row::new(vec![item])));
        }
        return Ok(());
    }
    // Per column: a single value, or the generated elements.
    let mut cells: Vec<Vec<Value>> = Vec::with_capacity(columns.len());
    for column in columns {
        cells.push(match column {
            Column::Value(eval) => vec![eval(row)?],
            Column::Generator(eval) => match eval(row)? {
                Value::Array(items) if !items.is_empty() => items,
                _ => return Ok(()),
            },
        });
    }
    let mut index = vec![0usize; cells.len()];
    loop {
        out.push(Row::new(
            cells
                .iter()
                .zip(&index)
                .map(|(c, &i)| c[i].clone())
                .collect(),
        ));
        // Advance the last column fastest, so the first generator is the outermost loop.
        let mut k = cells.len();
        loop {
            if k == 0 {
                return Ok(());
            }
            k -= 1;
            index[k] += 1;
            if index[k] < cells[k].len() {
                break;
            }
            index[k] = 0;
        }
    }
}

/// Binds a `filter`/`where` predicate: rows where it is `true` pass; `NULL` and `false` do not.
///
/// A predicate that is not `boolean` is Spark's `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN]`.
///
/// ```
/// use ember::{bind_filter, col, length, DataType, Field, Row, Schema, Value};
///
/// let schema = Schema::new(vec![Field::new("word", DataType::String)]);
/// let keep = bind_filter(&length(col("word")).gt(0), &schema)?;
/// assert_eq!(keep(&Row::new(vec![Value::from("cat")])), Ok(true));
/// assert_eq!(keep(&Row::new(vec![Value::from("")])), Ok(false));
/// assert_eq!(keep(&Row::new(vec![Value::Null])), Ok(false));
///
/// let Err(err) = bind_filter(&col("word"), &schema) else { panic!() };
/// assert_eq!(
///     err.to_string(),
///     "[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"word\" due to data type \
///      mismatch: Filter expression \"word\" of type \"STRING\" is not a boolean. SQLSTATE: 42K09"
/// );
/// # Ok::<(), ember::Error>(())
/// ```
pub fn bind_filter(predicate: &Expr, schema: &Schema) -> Result<Predicate> {
    let text = sql(predicate);
    if predicate.contains_generator() {
        return Err(Error::Analysis(format!(
            "[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator is not supported: outside the \
             SELECT clause, found: 'Filter {text}. SQLSTATE: 42K0E"
        )));
    }
    if predicate.contains_aggregate() {
        return Err(Error::Analysis(format!(
            "[INVALID_WHERE_CONDITION] The WHERE condition \"{text}\" contains invalid \
             expressions. Rewrite the query to avoid window functions, aggregate functions, and \
             generator functions in the WHERE clause. SQLSTATE: 42903"
        )));
    }
    let bound = bind(predicate, schema)?;
    if !matches!(bound.data_type, DataType::Boolean | DataType::Null) {
        return Err(Error::Analysis(format!(
            "[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{text}\" due to data type \
             mismatch: Filter expression \"{text}\" of type \"{}\" is not a boolean. \
             SQLSTATE: 42K09",
            sql_type(&bound.data_type)
        )));
    }
    let eval = bound.eval;
    Ok(Arc::new(move |row: &Row| {
        Ok(eval(row)? == Value::Boolean(true))
    }))
}
