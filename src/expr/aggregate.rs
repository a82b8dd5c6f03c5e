//! Aggregate functions: [`AggregateFunction`], their type rules and [`bind_aggregate`].
//!
//! Binding only resolves the argument and decides the result type and name; computing the
//! aggregate incrementally is the dataflow layer's job.

use super::bind::{bind_node, nested_generator, BoundExpr};
use super::name::sql;
use super::types::{is_numeric, unexpected_input_type};
use super::Expr;
use crate::error::{Error, Result};
use crate::{DataType, Schema};

/// The aggregate functions `group_by().agg()` supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggregateFunction {
    /// `count(e)`: non-null values of `e` (all rows for `count(*)`); `bigint`, never `NULL`.
    Count,
    /// `sum(e)`: `bigint` for `int`/`bigint` input (ANSI overflow check), `double` for `double`.
    Sum,
    /// `avg(e)`: `double`.
    Avg,
    /// `min(e)`: the input's type.
    Min,
    /// `max(e)`: the input's type.
    Max,
}

impl AggregateFunction {
    /// The function's name, as in column names (`count`, `sum`, ...).
    pub fn name(self) -> &'static str {
        match self {
            AggregateFunction::Count => "count",
            AggregateFunction::Sum => "sum",
            AggregateFunction::Avg => "avg",
            AggregateFunction::Min => "min",
            AggregateFunction::Max => "max",
        }
    }

    /// The result type for an input of type `input`, or `None` when Ember rejects that input
    /// (`sum`/`avg` of anything but numbers). `count(*)` has no input: pass [`DataType::Null`].
    ///
    /// ```
    /// use ember::{AggregateFunction, DataType};
    /// assert_eq!(AggregateFunction::Sum.result_type(&DataType::Integer), Some(DataType::Long));
    /// assert_eq!(AggregateFunction::Avg.result_type(&DataType::Long), Some(DataType::Double));
    /// assert_eq!(AggregateFunction::Sum.result_type(&DataType::String), None);
    /// assert_eq!(
    ///     AggregateFunction::Sum.result_type(&DataType::Decimal(10, 2)),
    ///     Some(DataType::Decimal(20, 2))
    /// );
    /// assert_eq!(
    ///     AggregateFunction::Avg.result_type(&DataType::Decimal(10, 2)),
    ///     Some(DataType::Decimal(14, 6))
    /// );
    /// ```
    pub fn result_type(self, input: &DataType) -> Option<DataType> {
        match self {
            AggregateFunction::Count => Some(DataType::Long),
            AggregateFunction::Sum => match input {
                DataType::Byte | DataType::Short | DataType::Integer | DataType::Long => {
                    Some(DataType::Long)
                }
                DataType::Float | DataType::Double | DataType::Null => Some(DataType::Double),
                DataType::Decimal(p, s) => Some(DataType::Decimal((p + 10).min(38), *s)),
                _ => None,
            },
            AggregateFunction::Avg => match input {
                DataType::Decimal(p, s) => {
                    Some(DataType::Decimal((p + 4).min(38), (s + 4).min(38)))
                }
                _ => (is_numeric(input) || *input == DataType::Null).then_some(DataType::Double),
            },
            AggregateFunction::Min | AggregateFunction::Max => Some(input.clone()),
        }
    }
}

/// An aggregate column resolved against the input schema.
#[derive(Clone, Debug)]
pub struct BoundAggregate {
    /// The function.
    pub function: AggregateFunction,
    /// The bound argument; `None` for `count(*)`.
    pub input: Option<BoundExpr>,
    /// The output column name: the alias, else e.g. `count(word)`, `count(1)`, `sum((a + 1))`.
    pub name: String,
    /// The result type.
    pub data_type: DataType,
    /// Whether the result may be `NULL` (`false` only for `count`).
    pub nullable: bool,
}

/// Binds one `agg()` column: an aggregate function call, optionally aliased.
///
/// Errors (all [`Error::Analysis`]): a column that is not an aggregate (Spark's
/// `[MISSING_AGGREGATION]`), an aggregate inside an aggregate (`[NESTED_AGGREGATE_FUNCTION]`),
/// `sum`/`avg` of a non-number (`[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE]`; Spark 4 would cast
/// a `string` to `double` instead), and an aggregate nested in another expression such as
/// `sum(x) + 1`, which Spark allows but Ember does not support yet.
///
/// ```
/// use ember::{bind_aggregate, col, count, sum, DataType, Field, Schema};
///
/// let schema = Schema::new(vec![
///     Field::new("word", DataType::String),
///     Field::new("n", DataType::Integer),
/// ]);
/// let c = bind_aggregate(&count(col("word")), &schema)?;
/// assert_eq!((c.name.as_str(), &c.data_type, c.nullable), ("count(word)", &DataType::Long, false));
/// let s = bind_aggregate(&sum(col("n")).alias("total"), &schema)?;
/// assert_eq!((s.name.as_str(), &s.data_type), ("total", &DataType::Long));
/// assert_eq!(
///     bind_aggregate(&sum(col("word")), &schema).unwrap_err().to_string(),
///     "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"sum(word)\" due to data type \
///      mismatch: The first parameter requires the \"NUMERIC\" or \"ANSI INTERVAL\" type, \
///      however \"word\" has the type \"STRING\". SQLSTATE: 42K09"
/// );
/// # Ok::<(), ember::Error>(())
/// ```
pub fn bind_aggregate(expr: &Expr, schema: &Schema) -> Result<BoundAggregate> {
    let Some((function, input, alias)) = expr.as_aggregate() else {
        let text = sql(expr);
        if expr.contains_aggregate() {
            return Err(Error::Analysis(format!(
                "Ember supports an aggregate function only as a whole agg() column (optionally \
                 aliased), not inside another expression: \"{text}\""
            )));
        }
        return Err(Error::Analysis(format!(
            "[MISSING_AGGREGATION] The non-aggregating expression \"{text}\" is based on columns \
             which are not participating in the GROUP BY clause. Add the columns or the \
             expression to the GROUP BY, aggregate the expression, or use \"any_value({text})\" \
             if you do not care which of the values within a group is returned. SQLSTATE: 42803"
        )));
    };
    let (call, _) = expr.unaliased();
    let name = alias.map_or_else(|| sql(call), str::to_string);
    let Some(input) = input else {
        return Ok(BoundAggregate {
            function,
            input: None,
            name,
            data_type: DataType::Long,
            nullable: false,
        });
    };
    if input.contains_aggregate() {
        return Err(Error::Analysis(
            "[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the \
             argument of another aggregate function. Please use the inner aggregate function in \
             a sub-query. SQLSTATE: 42607"
                .to_string(),
        ));
    }
    if input.contains_generator() {
        return Err(nested_generator(call));
    }
    let bound = bind_node(input, schema)?;
    let data_type = function.result_type(&bound.data_type).ok_or_else(|| {
        unexpected_input_type(
            &sql(call),
            0,
            "\"NUMERIC\" or \"ANSI INTERVAL\"",
            &sql(input),
            &bound.data_type,
        )
    })?;
    Ok(BoundAggregate {
        function,
        input: Some(bound),
        name,
        data_type,
        nullable: function != AggregateFunction::Count,
    })
}
