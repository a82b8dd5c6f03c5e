//! Spark's functions, one file per family, and the catalog that finds them by name.
//!
//! Each family file (`strings.rs`, `aggregates.rs`, ...) holds, for each of its functions, the
//! builder a Rust user calls ([`lower`], [`split`], [`count`], ...), how the function binds
//! (for a scalar function, a [`ScalarFunction`]) and its entries in the catalog
//! (`ENTRIES`): Spark's name and aliases. Adding a function is one place: its family file.
//!
//! [`resolve`] builds a call by name, as SQL text (`lower(value)`) and Spark Connect
//! (`UnresolvedFunction`) name functions: names are case-insensitive, an unknown name is
//! Spark's `[UNRESOLVED_ROUTINE]`, a wrong number of arguments `[WRONG_NUM_ARGS]`, and the
//! arguments Spark fills in when they are left out are added, so that the call's column name
//! is Spark's (`split(value,  , -1)`).
//!
//! ```
//! use ember::expr::{col, lit, resolve};
//! let e = resolve("SPLIT", vec![col("value"), lit(" ")])?;
//! assert_eq!(e.output_name(), "split(value,  , -1)");
//! let err = resolve("nosuch", vec![]).unwrap_err();
//! assert!(err.to_string().starts_with("[UNRESOLVED_ROUTINE] Cannot resolve routine `nosuch`"));
//! # Ok::<(), ember::Error>(())
//! ```

mod aggregates;
mod arrays;
mod column;
mod conditional;
mod datetime;
mod datetime_fields;
mod format;
pub(crate) mod generators;
mod hash;
mod java_regex;
mod json;
mod maps;
mod math;
mod operators;
mod rounding;
pub(crate) mod strings;
mod strings_more;
mod structs;
#[cfg(test)]
pub(crate) mod test_support;
mod windows;

pub use aggregates::{
    approx_count_distinct, avg, collect_list, collect_set, count, count_distinct, count_star,
    dispersion, first, last, max, min, resolve_distinct, stddev, stddev_pop, stddev_samp, sum,
    sum_distinct, try_avg, try_sum, var_pop, var_samp, variance,
};
pub(crate) use arrays::bind_get_item;
pub use arrays::{
    array, array_contains, array_distinct, array_join, element_at, flatten, reverse, size, slice,
    sort_array,
};
pub use column::{col, lit, not, typed_lit, when};
pub use conditional::{coalesce, greatest, if_, ifnull, isnan, least, nanvl, nullif, nvl, nvl2};
pub use datetime::{
    current_date, current_timestamp, date_format, from_unixtime, from_unixtime_with_format,
    from_utc_timestamp, timestamp_seconds, to_date, to_date_with_format, to_timestamp,
    to_timestamp_with_format, to_utc_timestamp, try_to_timestamp, unix_timestamp,
    unix_timestamp_now, unix_timestamp_with_format,
};
pub use datetime_fields::{
    date_add, date_sub, date_trunc, datediff, dayofmonth, dayofweek, dayofyear, hour, make_date,
    make_timestamp, minute, month, second, trunc, year,
};
pub use generators::{explode, explode_outer, json_tuple, posexplode, posexplode_outer, Generator};
pub use hash::{base64, crc32, hash, md5, sha1, sha2, unbase64, xxhash64};
pub use json::{from_json, get_json_object, schema_of_json, to_json};
pub use maps::{create_map, map_keys, map_values};
pub use math::{abs, exp, ln, log, log10, log2, pmod, positive, pow, signum, sqrt};
pub use operators::{ilike, like, like_with_escape, rlike};
pub(crate) use operators::{is_in, sql_negative, sql_positive};
pub use rounding::{bround, ceil, ceil_with_scale, floor, floor_with_scale, round};
pub use strings::{
    concat, length, lower, regexp_extract, regexp_replace, split, substring, trim, upper,
};
pub use strings_more::{
    concat_ws, format_string, initcap, instr, locate, lpad, ltrim, repeat, replace, rpad, rtrim,
    translate,
};
pub(crate) use structs::bind_get_field;
pub use structs::{named_struct, struct_};
pub use windows::window;

use super::bind::{bind_node, BoundExpr, Evaluator};
use super::Expr;
use crate::error::{Error, Result};
use crate::{DataType, Schema, Value};
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// How many arguments a function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Arity {
    /// The fewest.
    pub min: usize,
    /// The most; `None` for any number.
    pub max: Option<usize>,
}

impl Arity {
    /// Exactly `n` arguments.
    pub const fn exactly(n: usize) -> Arity {
        Arity {
            min: n,
            max: Some(n),
        }
    }

    /// From `min` to `max` arguments.
    pub const fn between(min: usize, max: usize) -> Arity {
        Arity {
            min,
            max: Some(max),
        }
    }

    /// At least `min` arguments.
    pub const fn at_least(min: usize) -> Arity {
        Arity { min, max: None }
    }

    fn admits(self, n: usize) -> bool {
        n >= self.min && self.max.is_none_or(|max| n <= max)
    }
}

/// A scalar (row-by-row) function: how a call of it is checked and compiled.
pub(crate) struct ScalarFunction {
    /// The number of arguments it takes.
    pub arity: Arity,
    /// Appends the arguments Spark fills in when a call leaves them out (they show in the
    /// call's column name: `split(value,  , -1)`).
    pub defaults: fn(&mut Vec<Expr>),
    /// Resolves the arguments, checks their types and compiles the call.
    pub bind: fn(&Call<'_>) -> Result<BoundExpr>,
}

/// No arguments to fill in.
pub(crate) fn no_defaults(_: &mut Vec<Expr>) {}

/// How a call's SQL text (its column name) spells the function.
#[derive(Clone, Copy)]
pub(crate) enum Spelling {
    /// The name it was called by, in lower case: `lower(value)`, `substr(s, 2, 2147483647)`.
    AsCalled,
    /// Spark's own spelling of this name: `SQRT(d)`, `POWER(x, 2)`.
    As(&'static str),
    /// Spark's own spelling, in parentheses, as for the operator-like `(IF(c, a, b))`.
    Parenthesized(&'static str),
    /// The whole text made by the function, from the name it was called by and the arguments,
    /// for the calls Spark names after their arguments: `FLOOR(d)` but `floor(d, 1)`,
    /// `from_json(v)` (the schema left out), `(+ x)`.
    Custom(fn(&'static str, &[Expr]) -> String),
}

/// The SQL text of a prefix operator's call, as Spark names it: `(- a)`, `(+ a)`.
pub(crate) fn prefix_sql(op: &str, args: &[Expr]) -> String {
    let arg = args.first().map(super::name::sql).unwrap_or_default();
    format!("({op} {arg})")
}

/// A call's SQL text spelled `name(arg1, arg2, ...)`.
pub(crate) fn call_sql(name: &str, args: &[Expr]) -> String {
    let args: Vec<String> = args.iter().map(super::name::sql).collect();
    format!("{name}({})", args.join(", "))
}

/// A scalar function as it was called: the function and the name it was called by (Spark
/// names a call of an alias after the alias: `substr(s, 2, 2147483647)`).
#[derive(Clone, Copy)]
pub struct Function {
    name: &'static str,
    spelling: Spelling,
    definition: &'static ScalarFunction,
}

impl Function {
    /// The name the function was called by, in lower case.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// The call's SQL text, as Spark prints it: `lower(value)`, `FLOOR(d)`.
    pub fn sql(self, args: &[Expr]) -> String {
        match self.spelling {
            Spelling::AsCalled => call_sql(self.name, args),
            Spelling::As(name) => call_sql(name, args),
            Spelling::Parenthesized(name) => format!("({})", call_sql(name, args)),
            Spelling::Custom(spell) => spell(self.name, args),
        }
    }

    pub(crate) fn bind(self, call: &Call<'_>) -> Result<BoundExpr> {
        (self.definition.bind)(call)
    }
}

impl PartialEq for Function {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && std::ptr::eq(self.definition, other.definition)
    }
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A call being bound: what a [`ScalarFunction`]'s `bind` receives.
pub(crate) struct Call<'a> {
    /// The call's SQL text (`lower(value)`), its column name and the name in messages.
    pub name: String,
    /// The name the function was called by.
    pub function: &'static str,
    /// The arguments, Spark's defaults included.
    pub args: &'a [Expr],
    /// The schema the call is bound against.
    pub schema: &'a Schema,
}

impl Call<'_> {
    /// Argument `index`, resolved and compiled.
    #[allow(dead_code)] // for the families' functions that bind their arguments one by one
    pub fn bind_arg(&self, index: usize) -> Result<BoundExpr> {
        bind_node(self.arg(index)?, self.schema)
    }

    /// Argument `index`, which must be an `int` (or, if `narrow`, a `bigint`, narrowed as ANSI
    /// casts do): its evaluator, giving `Value::Int` or `NULL`, and whether it may be `NULL`.
    pub fn int_arg(&self, index: usize, narrow: bool) -> Result<(Evaluator, bool)> {
        let arg = self.bind_arg(index)?;
        match arg.data_type {
            DataType::Integer | DataType::Null => Ok((arg.eval, arg.nullable)),
            DataType::Long if narrow => Ok((
                super::cast::cast_evaluator(arg.eval, DataType::Long, DataType::Integer),
                arg.nullable,
            )),
            ref other => Err(super::types::unexpected_input_type(
                &self.name,
                index,
                "\"INT\"",
                &super::name::sql(self.arg(index)?),
                other,
            )),
        }
    }

    /// Argument `index`, unbound.
    pub fn arg(&self, index: usize) -> Result<&Expr> {
        self.args.get(index).ok_or_else(|| {
            Error::InvalidArgument(format!(
                "internal error: `{}` was called without argument {}",
                self.function,
                index + 1
            ))
        })
    }

    /// Argument `index`, which must be a literal (a pattern, a position).
    pub fn literal(&self, index: usize) -> Result<&Value> {
        match self.arg(index)? {
            Expr::Literal(v) => Ok(v),
            other => Err(Error::Analysis(format!(
                "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{}\" due to data type \
                 mismatch: the input of `{}` at position {} should be a foldable (constant) \
                 expression; however, got \"{}\". SQLSTATE: 42K09",
                self.name,
                self.function,
                index + 1,
                super::name::sql(other)
            ))),
        }
    }

    /// Argument `index` as a string literal.
    pub fn literal_str(&self, index: usize) -> Result<String> {
        match self.literal(index)? {
            Value::String(s) => Ok(s.clone()),
            other => Err(self.literal_type_error(index, "STRING", other)),
        }
    }

    /// Argument `index` as an integer literal (a `tinyint`, `smallint`, `int`, or a `bigint`
    /// that fits).
    pub fn literal_int(&self, index: usize) -> Result<i32> {
        match self.literal(index)? {
            Value::Byte(i) => Ok(i32::from(*i)),
            Value::Short(i) => Ok(i32::from(*i)),
            Value::Int(i) => Ok(*i),
            Value::Long(i) => i32::try_from(*i)
                .map_err(|_| self.literal_type_error(index, "INT", &Value::Long(*i))),
            other => Err(self.literal_type_error(index, "INT", other)),
        }
    }

    fn literal_type_error(&self, index: usize, expected: &str, found: &Value) -> Error {
        let found_type = super::types::literal_type(found)
            .map(|t| super::types::sql_type(&t))
            .unwrap_or_else(|_| "UNKNOWN".to_string());
        Error::Analysis(format!(
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{}\" due to data type \
             mismatch: The {} parameter requires the \"{expected}\" type, however \"{}\" has the \
             type \"{found_type}\". SQLSTATE: 42K09",
            self.name,
            super::types::ordinal(index),
            super::name::literal_sql(found),
        ))
    }
}

/// How the catalog builds a call of one name.
#[derive(Clone, Copy)]
pub(crate) enum Builder {
    /// A scalar function: the call is an [`Expr::Function`].
    Scalar(&'static ScalarFunction),
    /// Anything else (aggregates, generators, windows, operators with a function name): the
    /// expression is built from the arguments, whose number the arity has checked.
    Special {
        /// The number of arguments.
        arity: Arity,
        /// Builds the expression.
        build: fn(Vec<Expr>) -> Result<Expr>,
    },
}

impl Builder {
    fn arity(self) -> Arity {
        match self {
            Builder::Scalar(f) => f.arity,
            Builder::Special { arity, .. } => arity,
        }
    }
}

/// One name in the catalog.
pub(crate) struct Entry {
    /// Spark's name, in lower case.
    pub name: &'static str,
    /// How a call of it is built.
    pub builder: Builder,
    /// How a call's column name spells the function.
    pub spelling: Spelling,
}

impl Entry {
    /// A scalar function's entry.
    pub const fn scalar(name: &'static str, function: &'static ScalarFunction) -> Entry {
        Entry {
            name,
            builder: Builder::Scalar(function),
            spelling: Spelling::AsCalled,
        }
    }

    /// A scalar function's entry whose calls' column names spell it Spark's way (`FLOOR(d)`).
    pub const fn scalar_spelled(
        name: &'static str,
        spelling: Spelling,
        function: &'static ScalarFunction,
    ) -> Entry {
        Entry {
            name,
            builder: Builder::Scalar(function),
            spelling,
        }
    }

    /// An entry whose expression `build` makes from `arity` arguments.
    pub const fn special(
        name: &'static str,
        arity: Arity,
        build: fn(Vec<Expr>) -> Result<Expr>,
    ) -> Entry {
        Entry {
            name,
            builder: Builder::Special { arity, build },
            spelling: Spelling::AsCalled,
        }
    }
}

/// Every family's entries, by name.
static CATALOG: LazyLock<HashMap<&'static str, &'static Entry>> = LazyLock::new(|| {
    let families: &[&'static [Entry]] = &[
        column::ENTRIES,
        conditional::ENTRIES,
        datetime::ENTRIES,
        datetime_fields::ENTRIES,
        math::ENTRIES,
        rounding::ENTRIES,
        strings::ENTRIES,
        strings_more::ENTRIES,
        hash::ENTRIES,
        aggregates::ENTRIES,
        generators::ENTRIES,
        windows::ENTRIES,
        arrays::ENTRIES,
        structs::ENTRIES,
        json::ENTRIES,
        maps::ENTRIES,
        operators::ENTRIES,
    ];
    let mut catalog = HashMap::new();
    for entry in families.iter().flat_map(|family| family.iter()) {
        let previous = catalog.insert(entry.name, entry);
        assert!(
            previous.is_none(),
            "internal error: function `{}` is in the catalog twice",
            entry.name
        );
    }
    catalog
});

/// The catalog's entry for a name given in lower case.
fn entry(name: &str) -> Option<&'static Entry> {
    CATALOG.get(name).copied()
}

/// A call of a scalar function that SQL writes as an operator (`-a`, `a IN (1, 2)`) and that
/// the catalog does not name: `definition` binds it, `spelling` names it.
pub(crate) fn operator(
    name: &'static str,
    spelling: Spelling,
    definition: &'static ScalarFunction,
    args: Vec<Expr>,
) -> Expr {
    Expr::Function {
        function: Function {
            name,
            spelling,
            definition,
        },
        args,
    }
}

/// Builds a call of the function Spark calls `name` (any case) on `args`, as SQL text and
/// Spark Connect call functions.
///
/// Fails with Spark's `[UNRESOLVED_ROUTINE]` for a name Ember does not know and
/// `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION]` for a wrong number of arguments; the arguments
/// themselves are checked when the expression is bound.
pub fn resolve(name: &str, mut args: Vec<Expr>) -> Result<Expr> {
    let lower = name.to_ascii_lowercase();
    let entry = entry(&lower).ok_or_else(|| {
        Error::Analysis(format!(
            "[UNRESOLVED_ROUTINE] Cannot resolve routine `{name}` on search path \
             [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]. SQLSTATE: \
             42883"
        ))
    })?;
    let arity = entry.builder.arity();
    if !arity.admits(args.len()) {
        return Err(wrong_number_of_arguments(entry.name, arity, args.len()));
    }
    match entry.builder {
        Builder::Scalar(definition) => {
            (definition.defaults)(&mut args);
            Ok(Expr::Function {
                function: Function {
                    name: entry.name,
                    spelling: entry.spelling,
                    definition,
                },
                args,
            })
        }
        Builder::Special { build, .. } => build(args),
    }
}

/// Whether the catalog knows a function called `name` (any case).
pub fn is_function(name: &str) -> bool {
    entry(&name.to_ascii_lowercase()).is_some()
}

/// Spark's `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION]`.
fn wrong_number_of_arguments(name: &str, arity: Arity, given: usize) -> Error {
    let expected = match arity.max {
        Some(max) if max == arity.min => max.to_string(),
        Some(max) => {
            let all: Vec<String> = (arity.min..=max).map(|n| n.to_string()).collect();
            match all.split_last() {
                Some((last, rest)) if rest.len() == 1 => format!("{} or {last}", rest[0]),
                Some((last, rest)) => format!("[{}, {last}]", rest.join(", ")),
                None => String::new(),
            }
        }
        None => format!("> {}", arity.min.saturating_sub(1)),
    };
    Error::Analysis(format!(
        "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires {expected} parameters but the \
         actual number is {given}. Please, refer to \
         'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: 42605"
    ))
}

/// A call of the scalar function registered as `name`, for the builders of the family files;
/// a `name` that is not a scalar function of the catalog is a broken internal invariant.
pub(crate) fn scalar(name: &'static str, args: Vec<Expr>) -> Expr {
    match resolve(name, args) {
        Ok(e @ Expr::Function { .. }) => e,
        Ok(_) => panic!("internal error: `{name}` is not a scalar function"),
        Err(e) => Expr::Invalid(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_lower_case_and_once() {
        for name in CATALOG.keys() {
            assert_eq!(*name, name.to_ascii_lowercase());
        }
    }

    #[test]
    fn wrong_number_of_arguments_is_sparks_error() {
        let err = resolve("lower", vec![col("value"), lit("x")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `lower` requires 1 parameters but the \
             actual number is 2. Please, refer to \
             'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. \
             SQLSTATE: 42605"
        );
    }

    #[test]
    fn unknown_function_is_unresolved_routine() {
        let err = resolve("nosuch", vec![col("value")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "[UNRESOLVED_ROUTINE] Cannot resolve routine `nosuch` on search path \
             [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]. SQLSTATE: \
             42883"
        );
    }

    #[test]
    fn aliases_keep_the_name_they_were_called_by() {
        // Names from PySpark 4.3: `spark.sql("select substr(value, 2), ...")`.
        let e = resolve("SUBSTR", vec![col("value"), lit(2)]).unwrap();
        assert_eq!(e.output_name(), "substr(value, 2, 2147483647)");
        let e = resolve("substring", vec![col("value"), lit(2)]).unwrap();
        assert_eq!(e.output_name(), "substring(value, 2, 2147483647)");
        let e = resolve("char_length", vec![col("value")]).unwrap();
        assert_eq!(e.output_name(), "char_length(value)");
        let e = resolve("regexp_replace", vec![col("value"), lit("a"), lit("b")]).unwrap();
        assert_eq!(e.output_name(), "regexp_replace(value, a, b, 1)");
    }
}
