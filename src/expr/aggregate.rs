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
use ember_operators::Dispersion;

/// The aggregate functions `group_by().agg()` supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggregateFunction {
    /// `count(e)`: non-null values of `e` (all rows for `count(*)`); `bigint`, never `NULL`.
    Count,
    /// `sum(e)`: `bigint` for integral input, `double` for `float`/`double`, `decimal(p+10,s)`
    /// for `decimal(p,s)`; added exactly, and Spark's ANSI overflow error when the total does
    /// not fit its type (see `ember_operators::aggregate_exact`).
    Sum,
    /// `avg(e)`: `double`, or `decimal(p+4,s+4)` for `decimal(p,s)`.
    Avg,
    /// `try_sum(e)`: `sum(e)`, but `NULL` where `sum` fails with an overflow.
    TrySum,
    /// `try_avg(e)`: `avg(e)`, but `NULL` where `avg` fails with an overflow.
    TryAvg,
    /// `min(e)`: the input's type.
    Min,
    /// `max(e)`: the input's type.
    Max,
    /// `count(DISTINCT e)`: the distinct non-null values; `bigint`, never `NULL`.
    CountDistinct,
    /// `sum(DISTINCT e)`: the sum of the distinct non-null values, typed as `sum`.
    SumDistinct,
    /// `approx_count_distinct(e[, rsd])`: Spark's HyperLogLog++ estimate of the distinct
    /// non-null values (`ember_operators::hyperloglog`); `bigint`, never `NULL`.
    ApproxCountDistinct {
        /// The register index bits, from the relative standard deviation (default 0.05: 9).
        precision: u32,
    },
    /// `first(e[, ignoreNulls])`: the first input in Ember's arrival order (by batch, then
    /// by value within a batch; see `ember_operators::Arrival`); the input's type.
    First {
        /// Whether `NULL` inputs are skipped.
        ignore_nulls: bool,
    },
    /// `last(e[, ignoreNulls])`: the last input in arrival order, as [`First`](Self::First).
    Last {
        /// Whether `NULL` inputs are skipped.
        ignore_nulls: bool,
    },
    /// `collect_list(e)`: the non-null inputs in arrival order, `array<T>`, never `NULL`.
    CollectList,
    /// `collect_set(e)`: the distinct non-null inputs, ascending, `array<T>`, never `NULL`.
    CollectSet,
    /// A variance or standard deviation (`stddev`, `std`, `stddev_samp`, `stddev_pop`,
    /// `variance`, `var_samp`, `var_pop`): `double`.
    Dispersion(DispersionName),
}

/// The names of the variance and standard deviation aggregates: Spark keeps the name it was
/// called by in the column name (`std(x)`, `stddev(x)`, `stddev_samp(x)` are one function).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DispersionName {
    /// `stddev`: the sample standard deviation.
    Stddev,
    /// `std`: the sample standard deviation.
    Std,
    /// `stddev_samp`.
    StddevSamp,
    /// `stddev_pop`: the population standard deviation.
    StddevPop,
    /// `variance`: the sample variance.
    Variance,
    /// `var_samp`.
    VarSamp,
    /// `var_pop`: the population variance.
    VarPop,
}

impl DispersionName {
    /// The function's name.
    pub fn name(self) -> &'static str {
        match self {
            DispersionName::Stddev => "stddev",
            DispersionName::Std => "std",
            DispersionName::StddevSamp => "stddev_samp",
            DispersionName::StddevPop => "stddev_pop",
            DispersionName::Variance => "variance",
            DispersionName::VarSamp => "var_samp",
            DispersionName::VarPop => "var_pop",
        }
    }

    /// The statistic it computes.
    pub fn statistic(self) -> Dispersion {
        match self {
            DispersionName::Stddev | DispersionName::Std | DispersionName::StddevSamp => {
                Dispersion::StddevSamp
            }
            DispersionName::StddevPop => Dispersion::StddevPop,
            DispersionName::Variance | DispersionName::VarSamp => Dispersion::VarSamp,
            DispersionName::VarPop => Dispersion::VarPop,
        }
    }
}

impl AggregateFunction {
    /// The function's name, as in column names (`count`, `sum`, ...).
    pub fn name(self) -> &'static str {
        match self {
            AggregateFunction::Count => "count",
            AggregateFunction::Sum => "sum",
            AggregateFunction::Avg => "avg",
            AggregateFunction::TrySum => "try_sum",
            AggregateFunction::TryAvg => "try_avg",
            AggregateFunction::Min => "min",
            AggregateFunction::Max => "max",
            AggregateFunction::CountDistinct => "count",
            AggregateFunction::SumDistinct => "sum",
            AggregateFunction::ApproxCountDistinct { .. } => "approx_count_distinct",
            AggregateFunction::First { .. } => "first",
            AggregateFunction::Last { .. } => "last",
            AggregateFunction::CollectList => "collect_list",
            AggregateFunction::CollectSet => "collect_set",
            AggregateFunction::Dispersion(name) => name.name(),
        }
    }

    /// Whether the function takes the distinct values of its input (`count(DISTINCT e)`),
    /// which its SQL text shows.
    pub fn is_distinct(self) -> bool {
        matches!(
            self,
            AggregateFunction::CountDistinct | AggregateFunction::SumDistinct
        )
    }

    /// Whether an overflow gives `NULL` rather than an error (`try_sum`, `try_avg`).
    pub fn is_try(self) -> bool {
        matches!(self, AggregateFunction::TrySum | AggregateFunction::TryAvg)
    }

    /// Whether the result depends on the order the inputs arrive in (`first`, `last`,
    /// `collect_list`): Ember computes these only over an input that never retracts rows,
    /// where that order is defined.
    pub fn depends_on_arrival(self) -> bool {
        matches!(
            self,
            AggregateFunction::First { .. }
                | AggregateFunction::Last { .. }
                | AggregateFunction::CollectList
        )
    }

    /// Whether the result may be `NULL`: not for counts and collections, which are `0` and
    /// `[]` without input.
    pub fn nullable(self) -> bool {
        !matches!(
            self,
            AggregateFunction::Count
                | AggregateFunction::CountDistinct
                | AggregateFunction::ApproxCountDistinct { .. }
                | AggregateFunction::CollectList
                | AggregateFunction::CollectSet
        )
    }

    /// The input types the function takes, as Spark's type mismatch error names them.
    fn required_type(self) -> &'static str {
        match self {
            AggregateFunction::Dispersion(_) => "\"DOUBLE\"",
            _ => "\"NUMERIC\" or \"ANSI INTERVAL\"",
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
            AggregateFunction::Count
            | AggregateFunction::CountDistinct
            | AggregateFunction::ApproxCountDistinct { .. } => Some(DataType::Long),
            AggregateFunction::Sum | AggregateFunction::TrySum => match input {
                DataType::Byte | DataType::Short | DataType::Integer | DataType::Long => {
                    Some(DataType::Long)
                }
                DataType::Float | DataType::Double | DataType::Null => Some(DataType::Double),
                DataType::Decimal(p, s) => Some(DataType::Decimal((p + 10).min(38), *s)),
                _ => None,
            },
            AggregateFunction::SumDistinct => match input {
                DataType::Integer | DataType::Long => Some(DataType::Long),
                DataType::Double | DataType::Null => Some(DataType::Double),
                _ => None,
            },
            AggregateFunction::Avg | AggregateFunction::TryAvg => match input {
                DataType::Decimal(p, s) => {
                    Some(DataType::Decimal((p + 4).min(38), (s + 4).min(38)))
                }
                _ => (is_numeric(input) || *input == DataType::Null).then_some(DataType::Double),
            },
            AggregateFunction::Dispersion(_) => {
                (is_numeric(input) || *input == DataType::Null).then_some(DataType::Double)
            }
            AggregateFunction::Min
            | AggregateFunction::Max
            | AggregateFunction::First { .. }
            | AggregateFunction::Last { .. } => Some(input.clone()),
            AggregateFunction::CollectList | AggregateFunction::CollectSet => {
                Some(DataType::Array(Box::new(input.clone())))
            }
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
    /// Whether the result may be `NULL` (see [`AggregateFunction::nullable`]).
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
        // Spark names the call without its DISTINCT here.
        unexpected_input_type(
            &format!("{}({})", function.name(), sql(input)),
            0,
            function.required_type(),
            &sql(input),
            &bound.data_type,
        )
    })?;
    Ok(BoundAggregate {
        function,
        input: Some(bound),
        name,
        data_type,
        nullable: function.nullable(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{
        approx_count_distinct, col, collect_list, collect_set, count_distinct, dispersion, first,
        last, lit, stddev, stddev_pop, stddev_samp, sum_distinct, try_avg, try_sum, var_pop,
        var_samp, variance,
    };
    use crate::Field;

    fn schema() -> Schema {
        Schema::new(vec![
            Field::new("k", DataType::String),
            Field::new("v", DataType::Integer),
            Field::new("d", DataType::Double),
            Field::new("b", DataType::Boolean),
            Field::new("t", DataType::Timestamp),
            Field::new("m", DataType::Decimal(36, 2)),
        ])
    }

    /// Name, type and nullability of each, as Spark 4.3's `printSchema` shows them for
    /// `groupBy("k").agg(...)` over `v int, d double, s string`.
    #[test]
    fn names_types_and_nullability_are_sparks() {
        let int_array = DataType::Array(Box::new(DataType::Integer));
        let cases = [
            (
                count_distinct(col("v")),
                "count(DISTINCT v)",
                DataType::Long,
                false,
            ),
            (
                count_distinct(col("k")),
                "count(DISTINCT k)",
                DataType::Long,
                false,
            ),
            (
                approx_count_distinct(col("v")),
                "approx_count_distinct(v)",
                DataType::Long,
                false,
            ),
            (
                sum_distinct(col("v")),
                "sum(DISTINCT v)",
                DataType::Long,
                true,
            ),
            (
                sum_distinct(col("d")),
                "sum(DISTINCT d)",
                DataType::Double,
                true,
            ),
            (first(col("v"), false), "first(v)", DataType::Integer, true),
            (first(col("v"), true), "first(v)", DataType::Integer, true),
            (last(col("k"), true), "last(k)", DataType::String, true),
            (
                collect_list(col("v")),
                "collect_list(v)",
                int_array.clone(),
                false,
            ),
            (collect_set(col("v")), "collect_set(v)", int_array, false),
            (stddev(col("v")), "stddev(v)", DataType::Double, true),
            (
                dispersion(DispersionName::Std, col("v")),
                "std(v)",
                DataType::Double,
                true,
            ),
            (
                stddev_samp(col("v")),
                "stddev_samp(v)",
                DataType::Double,
                true,
            ),
            (
                stddev_pop(col("d")),
                "stddev_pop(d)",
                DataType::Double,
                true,
            ),
            (variance(col("v")), "variance(v)", DataType::Double, true),
            (var_samp(col("v")), "var_samp(v)", DataType::Double, true),
            (var_pop(col("v")), "var_pop(v)", DataType::Double, true),
            (try_sum(col("v")), "try_sum(v)", DataType::Long, true),
            (try_sum(col("d")), "try_sum(d)", DataType::Double, true),
            (try_avg(col("v")), "try_avg(v)", DataType::Double, true),
            (
                try_sum(col("m")),
                "try_sum(m)",
                DataType::Decimal(38, 2),
                true,
            ),
            (
                try_avg(col("m")),
                "try_avg(m)",
                DataType::Decimal(38, 6),
                true,
            ),
            (
                count_distinct(col("v") + lit(1)),
                "count(DISTINCT (v + 1))",
                DataType::Long,
                false,
            ),
        ];
        for (expr, name, data_type, nullable) in cases {
            let bound = bind_aggregate(&expr, &schema()).unwrap();
            assert_eq!(
                (bound.name.as_str(), &bound.data_type, bound.nullable),
                (name, &data_type, nullable)
            );
        }
    }

    /// Spark 4.3's messages for `stddev(b)`, `var_pop(t)`, `sum(DISTINCT b)` (which Spark
    /// names without its DISTINCT) and `try_sum(b)`.
    #[test]
    fn type_errors_are_sparks() {
        let error = |e: Expr| bind_aggregate(&e, &schema()).unwrap_err().to_string();
        assert_eq!(
            error(stddev(col("b"))),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"stddev(b)\" due to data \
             type mismatch: The first parameter requires the \"DOUBLE\" type, however \"b\" has \
             the type \"BOOLEAN\". SQLSTATE: 42K09"
        );
        assert_eq!(
            error(var_pop(col("t"))),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"var_pop(t)\" due to data \
             type mismatch: The first parameter requires the \"DOUBLE\" type, however \"t\" has \
             the type \"TIMESTAMP\". SQLSTATE: 42K09"
        );
        assert_eq!(
            error(sum_distinct(col("b"))),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"sum(b)\" due to data \
             type mismatch: The first parameter requires the \"NUMERIC\" or \"ANSI INTERVAL\" \
             type, however \"b\" has the type \"BOOLEAN\". SQLSTATE: 42K09"
        );
        assert_eq!(
            error(try_sum(col("b"))),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"try_sum(b)\" due to data \
             type mismatch: The first parameter requires the \"NUMERIC\" or \"ANSI INTERVAL\" \
             type, however \"b\" has the type \"BOOLEAN\". SQLSTATE: 42K09"
        );
        assert!(error(first(count_distinct(col("v")), false))
            .starts_with("[NESTED_AGGREGATE_FUNCTION]"));
    }

    #[test]
    fn arrival_order_and_distinctness() {
        assert!(AggregateFunction::CollectList.depends_on_arrival());
        assert!(AggregateFunction::Last { ignore_nulls: true }.depends_on_arrival());
        assert!(!AggregateFunction::CollectSet.depends_on_arrival());
        assert!(AggregateFunction::SumDistinct.is_distinct());
        assert!(!AggregateFunction::ApproxCountDistinct { precision: 9 }.is_distinct());
    }
}
