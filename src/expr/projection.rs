//! [`bind_projection`] (a `select` list, with generators) and [`bind_filter`] (a predicate).

use super::bind::{bind, Evaluator};
use super::functions::generators::{bind_generator, BoundGenerator};
use super::name::sql;
use super::types::sql_type;
use super::Expr;
use crate::error::{Error, Result};
use crate::{DataType, Field, Row, Schema, Value};
use std::sync::Arc;

/// Receives the output rows of a [`RowMapper`] one at a time. It may read a row or take it
/// (`std::mem::take`) to keep it; the mapper may reuse the row's buffers for its next output,
/// which is how exploding a line into words allocates per line rather than per word.
pub type RowVisitor<'a> = dyn FnMut(&mut Row) -> Result<(), String> + 'a;

/// Maps one input row to zero or more output rows, handed to the visitor; `Err` (the
/// mapper's or the visitor's) is a run-time error message that fails the query.
pub type RowMapper = Arc<dyn Fn(&Row, &mut RowVisitor<'_>) -> Result<(), String> + Send + Sync>;

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

impl Projection {
    /// Appends the output rows of `row` to `out`.
    pub fn apply_into(&self, row: &Row, out: &mut Vec<Row>) -> Result<(), String> {
        (self.apply)(row, &mut |output: &mut Row| {
            out.push(std::mem::take(output));
            Ok(())
        })
    }
}

impl std::fmt::Debug for Projection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Projection")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

thread_local! {
    /// The row a lone generator hands its visitor, kept between input rows.
    static SCRATCH_ROW: std::cell::Cell<Row> = const { std::cell::Cell::new(Row(Vec::new())) };
}

/// How one output column (or, for a generator, run of columns) is computed.
enum Column {
    /// One value per input row.
    Value(Evaluator),
    /// Rows made of one input row (`explode`, `posexplode`, `json_tuple`, ...).
    Generator(BoundGenerator),
}

/// Hands `visit` the rows of a lone generator, reusing one row (and, for `split` pieces, one
/// string) for all of them.
fn visit_generated(
    generator: &BoundGenerator,
    row: &Row,
    visit: &mut RowVisitor<'_>,
) -> Result<(), String> {
    // The row (and string) of the previous input row on this thread, reused. A nested
    // generator finds the scratch taken and starts from an empty row.
    let mut output = SCRATCH_ROW.take();
    let result = generator.visit_rows_into(row, &mut output, visit);
    SCRATCH_ROW.set(output);
    result
}

/// Binds a `select` list against `schema`.
///
/// A generator (`explode(e)`, `posexplode(e)`, `json_tuple(..)`, ..., optionally aliased) is
/// allowed at the top level of a column; `explode`'s column is named `col` unless aliased. Several generators in one `select` produce their cartesian
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
/// p.apply_into(&Row::new(vec![Value::from("a b")]), &mut out)?;
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
        let (inner, names) = match expr {
            Expr::Alias { expr, name } => (expr.as_ref(), Some(vec![name.clone()])),
            Expr::MultiAlias { expr, names } => (expr.as_ref(), Some(names.clone())),
            e => (e, None),
        };
        if let Expr::Generator { generator, args } = inner {
            let generator = bind_generator(inner, *generator, args, names.as_deref(), schema)?;
            fields.extend(generator.fields.iter().cloned());
            columns.push(Column::Generator(generator));
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
        Arc::new(move |row: &Row, visit: &mut RowVisitor<'_>| {
            let mut values = Vec::with_capacity(columns.len());
            for column in &columns {
                if let Column::Value(eval) = column {
                    values.push(eval(row)?);
                }
            }
            visit(&mut Row::new(values))
        })
    } else {
        Arc::new(move |row: &Row, visit: &mut RowVisitor<'_>| generate(&columns, row, visit))
    };
    Ok(Projection {
        schema: Schema::new(fields),
        apply,
    })
}

/// The rows of a projection with generators: the cartesian product of the generated arrays.
fn generate(columns: &[Column], row: &Row, visit: &mut RowVisitor<'_>) -> Result<(), String> {
    if let [Column::Generator(generator)] = columns {
        // A lone generator (`select(explode(..))`), the common case: no product to build.
        return visit_generated(generator, row, visit);
    }
    // Per column: a single value, or the generated rows' values.
    let mut cells: Vec<Vec<Vec<Value>>> = Vec::with_capacity(columns.len());
    for column in columns {
        let cell = match column {
            Column::Value(eval) => vec![vec![eval(row)?]],
            Column::Generator(generator) => generator.rows(row)?,
        };
        if cell.is_empty() {
            return Ok(());
        }
        cells.push(cell);
    }
    let mut index = vec![0usize; cells.len()];
    loop {
        visit(&mut Row::new(
            cells
                .iter()
                .zip(&index)
                .flat_map(|(c, &i)| c[i].iter().cloned())
                .collect(),
        ))?;
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
