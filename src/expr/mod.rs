//! Column expressions: what `select`, `filter`, `with_column` and `group_by().agg()` take.
//!
//! An [`Expr`] is a tree built with [`col`], [`lit`], operators (`+ - * / %`, `!`, unary `-`),
//! comparison and logic methods, and functions ([`lower`], [`split`], [`explode`], [`count`],
//! ...). It is only a description: [`bind`] resolves it against a [`Schema`](crate::Schema),
//! checks Spark's type rules and compiles it into an [`Evaluator`] closure over rows, and
//! [`bind_projection`], [`bind_filter`] and [`bind_aggregate`] do the same for a whole `select`
//! list, a `filter` predicate and an aggregate column.
//!
//! ```
//! use ember::{bind, col, lit, DataType, Field, Row, Schema, Value};
//!
//! let schema = Schema::new(vec![Field::new("a", DataType::Integer)]);
//! let bound = bind(&(col("a") + 1), &schema)?;
//! assert_eq!(bound.name, "(a + 1)");
//! assert_eq!(bound.data_type, DataType::Integer);
//! assert_eq!((bound.eval)(&Row::new(vec![Value::Int(41)])), Ok(Value::Int(42)));
//! # Ok::<(), ember::Error>(())
//! ```
//!
//! Names, types, null handling and error messages follow Spark 4 with ANSI mode on (its
//! default): integer overflow, division by zero and invalid casts are run-time errors, not
//! `NULL`s. Expected names, types, values and messages in the tests come from PySpark 4.3.
//!
//! ## Deviations from Spark
//!
//! - No implicit casts between `string` and numbers in arithmetic, comparisons, `CASE` branches
//!   or `sum`/`avg`: `col("value") + 1` is an analysis error
//!   (`[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES]`) where Spark 4 would cast the string and fail
//!   at run time on the first non-numeric value. Write `col("value").cast_str("int") + 1`.
//!   (String functions such as `lower(col("n"))` do cast their arguments, as Spark does, and
//!   so do the math functions computed on doubles: `sqrt('4')` is `2.0`.) So `coalesce`,
//!   `greatest`, `least`, `nvl2`, `if`, `nullif` and `pmod` find no common type for a `string`
//!   and a number, where Spark 4 casts the string to a `bigint` or `double`.
//! - `format_string`/`printf` support Java's `%s %S %b %c %d %o %x %e %f %g %% %n` with
//!   indexes, flags, widths and precisions; `%h`, `%a` and the date-time `%t` fail saying so.
//! - `ltrim`/`rtrim` with characters to trim are not supported yet.
//! - Regular expressions use Rust's `regex` syntax (no look-around, no back-references;
//!   Unicode-aware `\w`, `\d`, `\s`); an invalid pattern is reported when binding, not at
//!   run time.
//! - Timestamps are parsed and printed in UTC; casts between `timestamp` and
//!   `timestamp_ntz` are therefore the identity on microseconds (Spark shifts by the session
//!   time zone). Intervals are Spark's ANSI intervals (`interval minute`, `interval year to
//!   month`, ...), written as SQL `INTERVAL` literals: they are shown, compared, added to and
//!   subtracted from dates, timestamps and each other, multiplied and divided by numbers, and
//!   negated, in UTC; csv and json sources do not read them, and casts from strings to
//!   intervals are not supported.
//! - Decimal arithmetic rounds once, `HALF_UP`, to the result scale (Spark's division first
//!   rounds to 39 significant digits, then to the scale, which differs in rare ties); an
//!   addition, subtraction or remainder (`%`, `pmod`) whose aligned operands pass 128 bits
//!   reports its overflow with the nearest double instead of the exact value (Spark computes
//!   `pmod(1e37BD, 0.3)` exactly); a decimal rounded to more than 1000 places left of the point
//!   that overflows (`floor(x, -2000)`) prints Java's scientific text for its value.
//! - A decimal `sum`/`avg` that overflows its result type is `NULL` (Spark fails the query).
//! - `min`/`max` of a map are accepted (Spark: `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE]`).
//! - Spark's csv writer writes `binary` as its `show()` text (`[61 62]`), which its reader reads
//!   back as those characters' bytes; Ember does the same, so binary does not round-trip
//!   through csv (it does through json, as base64).
//! - The date and time functions (`to_timestamp`, `date_format`, `hour`, ...) work in the
//!   session time zone, as Spark's do, but their patterns must be literals (Spark also takes
//!   a column), full zone names (`zzzz`) are refused, and a pattern Spark cannot use is an
//!   analysis error where Spark fails when the query runs.
//! - An aggregate must be a whole `agg()` column (optionally aliased); `sum(x) + 1` is not
//!   supported yet.
//! - Unsupported casts report `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION]` even where Spark
//!   adds a suggestion (`CAST_WITH_FUNC_SUGGESTION`, `CAST_WITH_CONF_SUGGESTION`).

mod aggregate;
mod bind;
mod cast;
pub(crate) use cast::{parse_java_decimal, parse_string, to_string as value_to_string};
mod datetime_pattern;
pub(crate) use datetime_pattern::DateTimePattern;
mod ddl;
pub use ddl::schema_from_ddl;
mod date_times;
pub(crate) use date_times::DateTimes;
mod decimal;
pub use decimal::{decimal_literal, decimal_type};
pub(crate) use decimal::{parse_decimal, to_precision};
pub(crate) mod evaluation;
pub(crate) use evaluation::{begin_batch, set_session_time_zone};
mod functions;
mod interval_ops;
pub(crate) mod json_text;
mod name;
mod ops;
mod projection;
mod session;
#[cfg(test)]
mod tests;
mod types;
mod window;

pub use aggregate::{bind_aggregate, AggregateFunction, BoundAggregate, DispersionName};
pub(crate) use bind::unresolved_column;
pub use bind::{bind, BoundExpr, Evaluator};
pub use functions::*;
pub use projection::{bind_filter, bind_projection, Predicate, Projection, RowMapper, RowVisitor};
pub use session::{session_window, SessionKey};
pub(crate) use types::check_supported_types;
pub use types::parse_type_name;
pub(crate) use types::simple_type;
pub use window::{window_type, windows_of, WindowKey};

use crate::{DataType, Value};

/// Where SQL text names a column: Spark's `line` (1-based) and `pos` (0-based, in characters),
/// which an unknown column's error ends with (`; line 1 pos 7`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourcePosition {
    /// The line, from 1.
    pub line: u64,
    /// The character in the line, from 0.
    pub pos: u64,
}

/// A column expression. Build it with [`col`], [`lit`], the operators and the functions of this
/// module rather than with the variants directly.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Expr {
    /// A column of the input, by name (case-insensitive), and where SQL text names it (an
    /// unknown column's error ends with its place, as Spark's does).
    Column(String, Option<SourcePosition>),
    /// A constant.
    Literal(Value),
    /// An expression with an output name: `expr.alias(name)`.
    Alias {
        /// The expression.
        expr: Box<Expr>,
        /// The output column name.
        name: String,
    },
    /// A generator with names for its columns: `expr.aliases(["p", "v"])` (PySpark's
    /// `alias("p", "v")`, SQL's `AS (p, v)`).
    MultiAlias {
        /// The generator.
        expr: Box<Expr>,
        /// One name per column it makes.
        names: Vec<String>,
    },
    /// A binary operator: arithmetic, comparison or logic.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        left: Box<Expr>,
        /// The right operand.
        right: Box<Expr>,
    },
    /// Logical negation, `(NOT e)`.
    Not(Box<Expr>),
    /// Arithmetic negation, `negative(e)`.
    Negate(Box<Expr>),
    /// `(e IS NULL)`.
    IsNull(Box<Expr>),
    /// `(e IS NOT NULL)`.
    IsNotNull(Box<Expr>),
    /// `CASE WHEN c1 THEN v1 [WHEN ..] [ELSE e] END`, built by [`when`].
    CaseWhen {
        /// The `(condition, value)` branches, in order.
        branches: Vec<(Expr, Expr)>,
        /// The `ELSE` value; `NULL` when absent.
        otherwise: Option<Box<Expr>>,
    },
    /// `CAST(e AS type)`.
    Cast {
        /// The expression.
        expr: Box<Expr>,
        /// The target type.
        to: DataType,
    },
    /// `TRY_CAST(e AS type)`: a cast whose failures are `NULL`.
    TryCast {
        /// The expression.
        expr: Box<Expr>,
        /// The target type.
        to: DataType,
    },
    /// A scalar (row-by-row) function.
    Function {
        /// The function.
        function: Function,
        /// Its arguments; literal parameters (patterns, positions) are [`Expr::Literal`]s.
        args: Vec<Expr>,
    },
    /// A generator (`explode`, `posexplode`, `json_tuple`, ...): several rows, of one or more
    /// columns, of each input row (only as a top-level column of a `select`).
    Generator {
        /// The function.
        generator: Generator,
        /// Its arguments.
        args: Vec<Expr>,
    },
    /// `base[key]`: an array element by 0-based index or a map value by key (Spark's
    /// `Column.getItem`, SQL's `a[0]`, `m['k']`); see [`Expr::get_item`].
    GetItem {
        /// The array, map (or struct, with a string key).
        base: Box<Expr>,
        /// The index or key.
        key: Box<Expr>,
    },
    /// `base.field`: a struct's field (Spark's `Column.getField`, SQL's `s.f`); see
    /// [`Expr::get_field`].
    GetField {
        /// The struct.
        base: Box<Expr>,
        /// The field's name (case-insensitive).
        field: String,
    },
    /// An aggregate function (only in `group_by().agg()`).
    Aggregate {
        /// The function.
        function: AggregateFunction,
        /// Its argument; `None` for `count(*)`.
        input: Option<Box<Expr>>,
    },
    /// `window(time, size, slide)`: the event-time window(s) a timestamp falls in, as a
    /// `struct<start: timestamp, end: timestamp>` named `window`. A tumbling window (slide =
    /// size) can be used anywhere; sliding windows only as a `group_by` key, where a row
    /// counts in every window it falls in.
    Window {
        /// The event-time column (a `timestamp`).
        time: Box<Expr>,
        /// The window length, in microseconds.
        size: i64,
        /// The distance between window starts, in microseconds.
        slide: i64,
    },
    /// `session_window(time, gap)`: the session window of an event time (only a `group_by`
    /// key), as a `struct<start: timestamp, end: timestamp>` named `session_window`.
    SessionWindow {
        /// The event-time column (a `timestamp`).
        time: Box<Expr>,
        /// The gap after each event, in microseconds.
        gap: i64,
    },
    /// An expression that could not be built; binding reports the message as an
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument).
    Invalid(String),
}

/// The binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`.
    Add,
    /// `-`.
    Subtract,
    /// `*`.
    Multiply,
    /// `/` (always `double`, as in Spark).
    Divide,
    /// `%` (Java remainder: the sign of the dividend).
    Remainder,
    /// `=`.
    Eq,
    /// `<`.
    Lt,
    /// `<=`.
    LtEq,
    /// `>`.
    Gt,
    /// `>=`.
    GtEq,
    /// `AND` (three-valued).
    And,
    /// `OR` (three-valued).
    Or,
}

impl BinaryOp {
    /// The SQL symbol Spark prints in column names: `+`, `=`, `AND`, ...
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Remainder => "%",
            BinaryOp::Eq => "=",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::And => "AND",
            BinaryOp::Or => "OR",
        }
    }
}

impl Expr {
    fn binary(self, op: BinaryOp, right: impl Into<Expr>) -> Expr {
        Expr::Binary {
            op,
            left: Box::new(self),
            right: Box::new(right.into()),
        }
    }

    /// Names the expression's output column (Spark's `Column.alias`).
    ///
    /// ```
    /// use ember::{col, lit};
    /// assert_eq!((col("a") + lit(1)).alias("b").output_name(), "b");
    /// ```
    pub fn alias(self, name: impl Into<String>) -> Expr {
        Expr::Alias {
            expr: Box::new(self),
            name: name.into(),
        }
    }

    /// Names the columns of a generator that makes several (PySpark's `alias("p", "v")`);
    /// only valid on a generator in a `select`.
    ///
    /// ```
    /// use ember::{col, posexplode};
    /// assert_eq!(posexplode(col("a")).aliases(["p", "v"]).sql(), "posexplode(a) AS (p, v)");
    /// ```
    pub fn aliases<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Expr {
        Expr::MultiAlias {
            expr: Box::new(self),
            names: names.into_iter().map(Into::into).collect(),
        }
    }

    /// The expression under an alias and the alias, or this expression and `None`.
    pub(crate) fn unaliased(&self) -> (&Expr, Option<&str>) {
        match self {
            Expr::Alias { expr, name } => (expr.as_ref(), Some(name.as_str())),
            e => (e, None),
        }
    }

    /// `(self = other)`: SQL equality (`NULL` if either side is `NULL`).
    ///
    /// ```
    /// use ember::col;
    /// assert_eq!(col("a").eq(1).output_name(), "(a = 1)");
    /// assert_eq!(col("a").not_eq("x").output_name(), "(NOT (a = x))");
    /// ```
    pub fn eq(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::Eq, other)
    }

    /// `(NOT (self = other))`, as Spark builds `!=`.
    pub fn not_eq(self, other: impl Into<Expr>) -> Expr {
        Expr::Not(Box::new(self.eq(other)))
    }

    /// `(self < other)`.
    pub fn lt(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::Lt, other)
    }

    /// `(self <= other)`.
    pub fn lt_eq(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::LtEq, other)
    }

    /// `(self > other)`.
    pub fn gt(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::Gt, other)
    }

    /// `(self >= other)`.
    pub fn gt_eq(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::GtEq, other)
    }

    /// `(self AND other)`, three-valued: `false AND NULL` is `false`, `true AND NULL` is `NULL`.
    ///
    /// ```
    /// use ember::col;
    /// let e = col("a").gt(1).and(col("b").is_not_null());
    /// assert_eq!(e.output_name(), "((a > 1) AND (b IS NOT NULL))");
    /// ```
    pub fn and(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::And, other)
    }

    /// `(self OR other)`, three-valued: `true OR NULL` is `true`, `false OR NULL` is `NULL`.
    pub fn or(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::Or, other)
    }

    /// `(self IS NULL)`; never `NULL` itself.
    pub fn is_null(self) -> Expr {
        Expr::IsNull(Box::new(self))
    }

    /// `(self IS NOT NULL)`; never `NULL` itself.
    pub fn is_not_null(self) -> Expr {
        Expr::IsNotNull(Box::new(self))
    }

    /// Adds a branch to a `CASE` built by [`when`]. On any other expression (or after
    /// [`otherwise`](Expr::otherwise)) binding fails with Spark's message.
    ///
    /// ```
    /// use ember::{col, when};
    /// let e = when(col("a").eq(1), "one").when(col("a").eq(2), "two").otherwise("many");
    /// assert_eq!(
    ///     e.output_name(),
    ///     "CASE WHEN (a = 1) THEN one WHEN (a = 2) THEN two ELSE many END"
    /// );
    /// ```
    pub fn when(self, condition: impl Into<Expr>, value: impl Into<Expr>) -> Expr {
        match self {
            Expr::CaseWhen {
                mut branches,
                otherwise: None,
            } => {
                branches.push((condition.into(), value.into()));
                Expr::CaseWhen {
                    branches,
                    otherwise: None,
                }
            }
            Expr::CaseWhen { .. } => {
                Expr::Invalid("when() cannot be applied once otherwise() is applied".to_string())
            }
            Expr::Invalid(m) => Expr::Invalid(m),
            _ => Expr::Invalid(
                "when() can only be applied on a Column previously generated by when() function"
                    .to_string(),
            ),
        }
    }

    /// Sets the `ELSE` value of a `CASE` built by [`when`]. On any other expression, or a second
    /// time, binding fails with Spark's message.
    pub fn otherwise(self, value: impl Into<Expr>) -> Expr {
        match self {
            Expr::CaseWhen {
                branches,
                otherwise: None,
            } => Expr::CaseWhen {
                branches,
                otherwise: Some(Box::new(value.into())),
            },
            Expr::CaseWhen { .. } => Expr::Invalid(
                "otherwise() can only be applied once on a Column previously generated by when()"
                    .to_string(),
            ),
            Expr::Invalid(m) => Expr::Invalid(m),
            _ => Expr::Invalid(
                "otherwise() can only be applied on a Column previously generated by when()"
                    .to_string(),
            ),
        }
    }

    /// `CAST(self AS to)` with ANSI semantics: a value that does not fit or does not parse is a
    /// run-time error (`[CAST_INVALID_INPUT]`, `[CAST_OVERFLOW]`), not `NULL`.
    ///
    /// Timestamps are parsed and printed in UTC, whatever `spark.sql.session.timeZone` says.
    ///
    /// ```
    /// use ember::{bind, col, DataType, Field, Row, Schema, Value};
    /// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
    /// let b = bind(&col("s").cast(DataType::Integer), &schema)?;
    /// assert_eq!(b.name, "s"); // a cast column keeps its name, as in Spark
    /// assert_eq!((b.eval)(&Row::new(vec![Value::from(" 42 ")])), Ok(Value::Int(42)));
    /// assert!((b.eval)(&Row::new(vec![Value::from("x")]))
    ///     .unwrap_err()
    ///     .starts_with("[CAST_INVALID_INPUT] The value 'x' of the type \"STRING\""));
    /// # Ok::<(), ember::Error>(())
    /// ```
    pub fn cast(self, to: DataType) -> Expr {
        Expr::Cast {
            expr: Box::new(self),
            to,
        }
    }

    /// `TRY_CAST(self AS to)`: [`cast`](Expr::cast), but a value that does not fit or does not
    /// parse is `NULL` (Spark's `try_cast`).
    ///
    /// ```
    /// use ember::{bind, col, DataType, Field, Row, Schema, Value};
    /// let schema = Schema::new(vec![Field::new("s", DataType::String)]);
    /// let b = bind(&col("s").try_cast(DataType::Integer), &schema)?;
    /// assert_eq!(b.name, "s");
    /// assert_eq!((b.eval)(&Row::new(vec![Value::from("x")])), Ok(Value::Null));
    /// # Ok::<(), ember::Error>(())
    /// ```
    pub fn try_cast(self, to: DataType) -> Expr {
        Expr::TryCast {
            expr: Box::new(self),
            to,
        }
    }

    /// [`cast`](Expr::cast) to a type named as in Spark: `string`, `int`/`integer`,
    /// `bigint`/`long`, `double`, `boolean`, `timestamp`, `date`, `array<..>`. An unknown name
    /// makes binding fail with `[UNSUPPORTED_DATATYPE]`.
    ///
    /// ```
    /// use ember::{col, DataType, Expr};
    /// assert!(matches!(col("a").cast_str("long"), Expr::Cast { to: DataType::Long, .. }));
    /// ```
    pub fn cast_str(self, type_name: &str) -> Expr {
        match types::parse_type_name(type_name) {
            Ok(to) => self.cast(to),
            Err(e) => Expr::Invalid(e.to_string()),
        }
    }

    /// The output column name Spark gives this expression in a `select`: the alias if aliased;
    /// the column's name for a (possibly nested) cast of a column; `col` for `explode`;
    /// otherwise the expression's SQL text (`(a + 1)`, `lower(value)`, `split(value,  , -1)`).
    pub fn output_name(&self) -> String {
        name::output_name(self)
    }

    /// This expression's SQL text, as Spark prints it inside names and messages.
    pub fn sql(&self) -> String {
        name::sql(self)
    }

    /// If this is an aggregate function call (optionally aliased): the function, its argument
    /// (`None` for `count(*)`) and the alias.
    ///
    /// ```
    /// use ember::{col, count_star, sum, AggregateFunction};
    /// let e = sum(col("x")).alias("total");
    /// let (f, input, alias) = e.as_aggregate().unwrap();
    /// assert_eq!(f, AggregateFunction::Sum);
    /// assert_eq!(input.unwrap().output_name(), "x");
    /// assert_eq!(alias, Some("total"));
    /// assert!(count_star().as_aggregate().unwrap().1.is_none());
    /// assert!(col("x").as_aggregate().is_none());
    /// ```
    pub fn as_aggregate(&self) -> Option<(AggregateFunction, Option<&Expr>, Option<&str>)> {
        match self.unaliased() {
            (Expr::Aggregate { function, input }, alias) => {
                Some((*function, input.as_deref(), alias))
            }
            _ => None,
        }
    }

    /// Whether an aggregate function occurs anywhere in this expression.
    pub fn contains_aggregate(&self) -> bool {
        self.any(&|e| matches!(e, Expr::Aggregate { .. }))
    }

    /// `self[key]` (Spark's `Column.getItem`): the element at 0-based index `key` of an array
    /// (out of range is ANSI's `[INVALID_ARRAY_INDEX]`), the value of `key` in a map (`NULL`
    /// when absent), or the field named `key` of a struct. Named `a[0]`, `m[k]`.
    ///
    /// ```
    /// use ember::{bind, col, DataType, Field, Row, Schema, Value};
    /// let schema = Schema::new(vec![Field::new("a", DataType::Array(Box::new(DataType::Long)))]);
    /// let b = bind(&col("a").get_item(1), &schema)?;
    /// assert_eq!(b.name, "a[1]");
    /// let row = Row::new(vec![Value::Array(vec![Value::Long(5), Value::Long(6)])]);
    /// assert_eq!((b.eval)(&row), Ok(Value::Long(6)));
    /// # Ok::<(), ember::Error>(())
    /// ```
    pub fn get_item(self, key: impl Into<Expr>) -> Expr {
        Expr::GetItem {
            base: Box::new(self),
            key: Box::new(key.into()),
        }
    }

    /// `self.field` (Spark's `Column.getField`): a struct's field by name (case-insensitive);
    /// `NULL` when the struct is. Named `s.field`.
    pub fn get_field(self, field: impl Into<String>) -> Expr {
        Expr::GetField {
            base: Box::new(self),
            field: field.into(),
        }
    }

    /// Whether a generator ([`explode`]) occurs anywhere in this expression.
    pub fn contains_generator(&self) -> bool {
        self.any(&|e| matches!(e, Expr::Generator { .. }))
    }

    /// The sub-expressions directly below this one.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Column(_, _) | Expr::Literal(_) | Expr::Invalid(_) => vec![],
            Expr::Alias { expr, .. }
            | Expr::MultiAlias { expr, .. }
            | Expr::Cast { expr, .. }
            | Expr::TryCast { expr, .. } => {
                vec![expr]
            }
            Expr::Not(e) | Expr::Negate(e) | Expr::IsNull(e) | Expr::IsNotNull(e) => vec![e],
            Expr::GetField { base, .. } => vec![base],
            Expr::GetItem { base, key } => vec![base, key],
            Expr::Window { time, .. } | Expr::SessionWindow { time, .. } => vec![time],
            Expr::Binary { left, right, .. } => vec![left, right],
            Expr::CaseWhen {
                branches,
                otherwise,
            } => {
                let mut v: Vec<&Expr> = branches.iter().flat_map(|(c, x)| [c, x]).collect();
                if let Some(o) = otherwise {
                    v.push(o);
                }
                v
            }
            Expr::Function { args, .. } | Expr::Generator { args, .. } => args.iter().collect(),
            Expr::Aggregate { input, .. } => input.iter().map(|b| b.as_ref()).collect(),
        }
    }

    /// Whether `pred` holds for this expression or any expression below it.
    fn any(&self, pred: &dyn Fn(&Expr) -> bool) -> bool {
        pred(self) || self.children().into_iter().any(|c| c.any(pred))
    }
}

impl From<Value> for Expr {
    fn from(v: Value) -> Self {
        Expr::Literal(v)
    }
}

macro_rules! literal_from {
    ($($t:ty),*) => {
        $(impl From<$t> for Expr {
            fn from(v: $t) -> Self {
                Expr::Literal(Value::from(v))
            }
        })*
    };
}
literal_from!(i32, i64, f64, bool, &str, String);
