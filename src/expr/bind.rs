//! [`bind`]: resolves an [`Expr`] against a schema, checks types and compiles an [`Evaluator`].

use super::decimal::{self, DecimalOp};
use super::name::{output_name, sql};
use super::types::{
    binary_diff_types, binary_wrong_type, common_type, integral_decimal, is_numeric, literal_type,
    unexpected_input_type, wider_type, Mismatch, TypeList,
};
use super::{cast, BinaryOp, Expr};
use crate::error::{Error, Result};
use crate::{DataType, Row, Schema, Value};
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

/// A compiled expression: computes the value for one input row, or a run-time error message
/// (e.g. `[CAST_INVALID_INPUT] ...`, `[DIVIDE_BY_ZERO] ...`) that fails the query.
pub type Evaluator = Arc<dyn Fn(&Row) -> Result<Value, String> + Send + Sync>;

/// An expression resolved against a schema: its output column and how to compute it.
#[derive(Clone)]
pub struct BoundExpr {
    /// Spark's output column name: the alias if aliased, else e.g. `(a + 1)`, `lower(value)`,
    /// `split(value,  , -1)`.
    pub name: String,
    /// The result type.
    pub data_type: DataType,
    /// Whether the result may be `NULL`.
    pub nullable: bool,
    /// Computes the value for a row of the schema the expression was bound to.
    pub eval: Evaluator,
}

impl fmt::Debug for BoundExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoundExpr")
            .field("name", &self.name)
            .field("data_type", &self.data_type)
            .field("nullable", &self.nullable)
            .finish_non_exhaustive()
    }
}

/// Resolves `expr` against `schema` (column names case-insensitive), applies Spark's type rules
/// and compiles it.
///
/// Fails with [`Error::Analysis`] for an unknown column (Spark's `UNRESOLVED_COLUMN` message
/// with up to five suggestions), a type mismatch (`DATATYPE_MISMATCH.*`), a generator
/// ([`explode`](super::explode) belongs in [`bind_projection`](super::bind_projection)) or an
/// aggregate function (see [`bind_aggregate`](super::bind_aggregate)).
///
/// ```
/// use ember::{bind, col, DataType, Field, Row, Schema, Value};
///
/// let schema = Schema::new(vec![
///     Field::new("a", DataType::Integer),
///     Field::new("b", DataType::Long),
/// ]);
/// let sum = bind(&(col("a") + col("B")), &schema)?;
/// assert_eq!((sum.name.as_str(), &sum.data_type), ("(a + B)", &DataType::Long));
/// let row = Row::new(vec![Value::Int(1), Value::Long(2)]);
/// assert_eq!((sum.eval)(&row), Ok(Value::Long(3)));
///
/// let ratio = bind(&(col("a") / 2), &schema)?;
/// assert_eq!(ratio.data_type, DataType::Double); // Spark's `/` is always double
///
/// let err = bind(&col("foo"), &schema).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with \
///      name `foo` cannot be resolved. Did you mean one of the following? [`a`, `b`]. \
///      SQLSTATE: 42703"
/// );
/// # Ok::<(), ember::Error>(())
/// ```
pub fn bind(expr: &Expr, schema: &Schema) -> Result<BoundExpr> {
    check_no_generator(expr)?;
    if expr.contains_aggregate() {
        return Err(missing_group_by());
    }
    let mut bound = bind_node(expr, schema)?;
    bound.name = output_name(expr);
    Ok(bound)
}

/// `[MISSING_GROUP_BY]`: an aggregate function outside `group_by().agg()`.
pub(crate) fn missing_group_by() -> Error {
    Error::Analysis(
        "[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn \
         it into the window functions using OVER clauses. SQLSTATE: 42803"
            .to_string(),
    )
}

/// Fails if `expr` contains a generator: `[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS]` when it
/// is nested, `OUTSIDE_SELECT` when `expr` itself is one.
pub(crate) fn check_no_generator(expr: &Expr) -> Result<()> {
    if !expr.contains_generator() {
        return Ok(());
    }
    let (inner, _) = expr.unaliased();
    if matches!(inner, Expr::Generator { .. }) {
        return Err(Error::Analysis(format!(
            "[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator is not supported: outside the \
             SELECT clause, found: {}. SQLSTATE: 42K0E",
            sql(inner)
        )));
    }
    Err(nested_generator(inner))
}

/// `[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS]` naming the enclosing expression.
pub(crate) fn nested_generator(expr: &Expr) -> Error {
    Error::Analysis(format!(
        "[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in \
         expressions \"{}\". SQLSTATE: 42K0E",
        sql(expr)
    ))
}

/// Spark's message for a column that is not in the schema: the candidates sorted by Levenshtein
/// distance between the quoted candidate and the name (ties alphabetically), at most five.
pub(crate) fn unresolved_column(name: &str, schema: &Schema) -> Error {
    let mut candidates: Vec<String> = schema
        .names()
        .iter()
        .map(|n| format!("`{}`", n.replace('`', "``")))
        .collect();
    candidates.sort();
    candidates.sort_by_cached_key(|c| levenshtein(c, name));
    candidates.truncate(5);
    if candidates.is_empty() {
        return Error::Analysis(format!(
            "[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter \
             with name `{name}` cannot be resolved. SQLSTATE: 42703"
        ));
    }
    Error::Analysis(format!(
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name \
         `{name}` cannot be resolved. Did you mean one of the following? [{}]. SQLSTATE: 42703",
        candidates.join(", ")
    ))
}

/// The edit distance between two strings, in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

pub(crate) fn bound(
    name: String,
    data_type: DataType,
    nullable: bool,
    eval: Evaluator,
) -> BoundExpr {
    BoundExpr {
        name,
        data_type,
        nullable,
        eval,
    }
}

/// Binds any expression except generators and aggregates; the name is the expression's SQL text.
pub(crate) fn bind_node(expr: &Expr, schema: &Schema) -> Result<BoundExpr> {
    let name = sql(expr);
    match expr {
        Expr::Column(column, at) => {
            let index = schema.index_of(column).ok_or_else(|| {
                let error = unresolved_column(column, schema);
                match (at, error) {
                    (Some(at), Error::Analysis(message)) => {
                        Error::Analysis(format!("{message}; line {} pos {}", at.line, at.pos))
                    }
                    (_, error) => error,
                }
            })?;
            let field = &schema.fields[index];
            Ok(bound(
                name,
                field.data_type.clone(),
                field.nullable,
                Arc::new(move |row: &Row| Ok(row.get(index).clone())),
            ))
        }
        Expr::Literal(value) => {
            let data_type = literal_type(value)?;
            let value = value.clone();
            Ok(bound(
                name,
                data_type,
                value.is_null(),
                Arc::new(move |_: &Row| Ok(value.clone())),
            ))
        }
        Expr::Alias { expr, .. } => Ok(BoundExpr {
            name,
            ..bind_node(expr, schema)?
        }),
        Expr::Binary { op, left, right } => {
            let (l, r) = (bind_node(left, schema)?, bind_node(right, schema)?);
            if super::interval_ops::applies(*op, &l.data_type, &r.data_type) {
                return super::interval_ops::bind(*op, name, l, r);
            }
            let decimal = decimal_op(*op)
                .and_then(|op| bind_decimal_arithmetic(op, &name, (left, &l), (right, &r)));
            if let Some(bound) = decimal {
                return Ok(bound);
            }
            bind_binary(*op, name, l, r)
        }
        Expr::Not(e) => {
            let child = bind_node(e, schema)?;
            require_boolean(&name, 0, e, &child)?;
            let eval = child.eval;
            Ok(bound(
                name,
                DataType::Boolean,
                child.nullable,
                Arc::new(move |row: &Row| {
                    Ok(match eval(row)? {
                        Value::Boolean(b) => Value::Boolean(!b),
                        _ => Value::Null,
                    })
                }),
            ))
        }
        Expr::Negate(e) => bind_negate(name, e, bind_node(e, schema)?),
        Expr::IsNull(e) | Expr::IsNotNull(e) => {
            let want_null = matches!(expr, Expr::IsNull(_));
            let eval = bind_node(e, schema)?.eval;
            Ok(bound(
                name,
                DataType::Boolean,
                false,
                Arc::new(move |row: &Row| Ok(Value::Boolean(eval(row)?.is_null() == want_null))),
            ))
        }
        Expr::CaseWhen {
            branches,
            otherwise,
        } => bind_case_when(name, branches, otherwise.as_deref(), schema),
        Expr::Cast { expr: child, to } => {
            cast::bind_cast(name, bind_node(child, schema)?, to, false)
        }
        Expr::TryCast { expr: child, to } => {
            cast::bind_cast(name, bind_node(child, schema)?, to, true)
        }
        Expr::Function { function, args } => function.bind(&super::functions::Call {
            name,
            function: function.name(),
            args,
            schema,
        }),
        Expr::Generator { .. } => Err(nested_generator(expr)),
        Expr::MultiAlias { expr: inner, names } => Err(Error::Analysis(format!(
            "[MULTI_ALIAS_WITHOUT_GENERATOR] Multi part aliasing ({}) is not supported with \
             \"{}\" as it is not a generator function. SQLSTATE: 42K0E",
            names.join(", "),
            sql(inner)
        ))),
        Expr::GetItem { base, key } => super::functions::bind_get_item(name, base, key, schema),
        Expr::GetField { base, field } => {
            super::functions::bind_get_field(name, base, field, schema)
        }
        Expr::Window { time, size, slide } => {
            super::window::bind_tumbling(name, time, *size, *slide, schema)
        }
        Expr::SessionWindow { .. } => Err(Error::Analysis(format!(
            "{name}: a session window spans the rows of a session, so Ember supports it only as \
             a group_by key"
        ))),
        Expr::Aggregate { .. } => Err(missing_group_by()),
        Expr::Invalid(message) => Err(Error::InvalidArgument(message.clone())),
    }
}

/// Fails unless `child` (parameter `index` of the expression named `name`) is `boolean`.
fn require_boolean(name: &str, index: usize, child_expr: &Expr, child: &BoundExpr) -> Result<()> {
    match child.data_type {
        DataType::Boolean | DataType::Null => Ok(()),
        ref other => Err(unexpected_input_type(
            name,
            index,
            "\"BOOLEAN\"",
            &sql(child_expr),
            other,
        )),
    }
}

/// `child`'s evaluator, its values converted to `to` (a widening that cannot fail at run time).
fn coerce(child: BoundExpr, to: &DataType) -> Evaluator {
    if &child.data_type == to || child.data_type == DataType::Null {
        return child.eval;
    }
    cast::cast_evaluator(child.eval, child.data_type, to.clone())
}

/// The types of arithmetic's operands, as Spark's messages name them.
pub(crate) const ARITHMETIC_TYPES: &str =
    "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\")";

/// The type both operands of `+ - * %` (and `pmod`) are cast to, which is also the result
/// type: the wider of two numbers (`double` for two `NULL`s). Operands of another type fail
/// naming `required`, Spark's rendering of the types the operator takes, when both have it,
/// else with `DATA_DIFF_TYPES`.
pub(crate) fn arithmetic_type(
    name: &str,
    required: &str,
    l: &DataType,
    r: &DataType,
) -> Result<DataType> {
    let numeric_or_null = |t: &DataType| is_numeric(t) || *t == DataType::Null;
    if numeric_or_null(l) && numeric_or_null(r) {
        return Ok(match wider_type(l, r) {
            Some(DataType::Null) | None => DataType::Double,
            Some(t) => t,
        });
    }
    if l == r {
        return Err(binary_wrong_type(name, required, l));
    }
    Err(binary_diff_types(name, l, r))
}

fn bind_binary(op: BinaryOp, name: String, l: BoundExpr, r: BoundExpr) -> Result<BoundExpr> {
    let nullable = l.nullable || r.nullable;
    match op {
        BinaryOp::Add | BinaryOp::Subtract | BinaryOp::Multiply | BinaryOp::Remainder => {
            let t = arithmetic_type(&name, ARITHMETIC_TYPES, &l.data_type, &r.data_type)?;
            let (le, re) = (coerce(l, &t), coerce(r, &t));
            Ok(bound(
                name,
                t,
                nullable,
                null_in_null_out(le, re, move |a, b| arithmetic(op, a, b)),
            ))
        }
        BinaryOp::Divide => {
            let required = "(\"DOUBLE\" or \"DECIMAL\")";
            arithmetic_type(&name, required, &l.data_type, &r.data_type)?;
            let (le, re) = (coerce(l, &DataType::Double), coerce(r, &DataType::Double));
            Ok(bound(
                name,
                DataType::Double,
                true,
                null_in_null_out(le, re, |a, b| match (a, b) {
                    (Value::Double(x), Value::Double(y)) => {
                        if y == 0.0 {
                            Err(DIVIDE_BY_ZERO.to_string())
                        } else {
                            Ok(Value::Double(x / y))
                        }
                    }
                    _ => Ok(Value::Null),
                }),
            ))
        }
        BinaryOp::Eq | BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq => {
            let t = wider_type(&l.data_type, &r.data_type)
                .ok_or_else(|| binary_diff_types(&name, &l.data_type, &r.data_type))?;
            let (le, re) = (coerce(l, &t), coerce(r, &t));
            Ok(bound(
                name,
                DataType::Boolean,
                nullable,
                null_in_null_out(le, re, move |a, b| {
                    let ord = a.cmp(&b);
                    Ok(Value::Boolean(match op {
                        BinaryOp::Eq => ord == Ordering::Equal,
                        BinaryOp::Lt => ord == Ordering::Less,
                        BinaryOp::LtEq => ord != Ordering::Greater,
                        BinaryOp::Gt => ord == Ordering::Greater,
                        _ => ord != Ordering::Less,
                    }))
                }),
            ))
        }
        BinaryOp::And | BinaryOp::Or => {
            let boolean_or_null = |t: &DataType| matches!(t, DataType::Boolean | DataType::Null);
            if !(boolean_or_null(&l.data_type) && boolean_or_null(&r.data_type)) {
                return Err(if l.data_type == r.data_type {
                    binary_wrong_type(&name, "\"BOOLEAN\"", &l.data_type)
                } else {
                    binary_diff_types(&name, &l.data_type, &r.data_type)
                });
            }
            let (le, re) = (l.eval, r.eval);
            // The value that decides the result on its own: false for AND, true for OR.
            let decisive = op == BinaryOp::Or;
            Ok(bound(
                name,
                DataType::Boolean,
                nullable,
                Arc::new(move |row: &Row| {
                    let a = le(row)?;
                    if a == Value::Boolean(decisive) {
                        return Ok(a);
                    }
                    let b = re(row)?;
                    Ok(match (a, b) {
                        (_, Value::Boolean(x)) if x == decisive => Value::Boolean(decisive),
                        (Value::Boolean(_), Value::Boolean(_)) => Value::Boolean(!decisive),
                        _ => Value::Null,
                    })
                }),
            ))
        }
    }
}

/// The decimal form of an operand of decimal arithmetic: a decimal's type, a `smallint`,
/// `int` or `bigint` literal's digits (Spark types `1` in `d + 1` as `decimal(1,0)`, but `1Y`
/// as `decimal(3,0)`, as any `tinyint`), another integral type's decimal; `None` for anything
/// else.
fn decimal_operand(expr: &Expr, bound: &BoundExpr) -> Option<(u8, u8)> {
    let literal = match expr {
        Expr::Literal(v) => Some(v),
        Expr::Alias { expr, .. } => match expr.as_ref() {
            Expr::Literal(v) => Some(v),
            _ => None,
        },
        _ => None,
    };
    let digits = |i: i64| {
        (
            crate::operators::decimal_digits(u128::from(i.unsigned_abs())),
            0,
        )
    };
    match literal {
        Some(Value::Short(i)) => Some(digits(i64::from(*i))),
        Some(Value::Int(i)) => Some(digits(i64::from(*i))),
        Some(Value::Long(i)) => Some(digits(*i)),
        _ => integral_decimal(&bound.data_type),
    }
}

/// The decimal operator of an arithmetic operator.
fn decimal_op(op: BinaryOp) -> Option<DecimalOp> {
    Some(match op {
        BinaryOp::Add => DecimalOp::Add,
        BinaryOp::Subtract => DecimalOp::Subtract,
        BinaryOp::Multiply => DecimalOp::Multiply,
        BinaryOp::Divide => DecimalOp::Divide,
        BinaryOp::Remainder => DecimalOp::Remainder,
        _ => return None,
    })
}

/// `l op r` (`name`, an operator or `pmod`) when one side is a decimal and the other a decimal
/// or an integral number: the result type by Spark's rules
/// ([`result_type`](super::decimal::result_type)) and exact arithmetic rounded to it. `None`
/// when the operands are not such a pair.
pub(crate) fn bind_decimal_arithmetic(
    decimal_op: DecimalOp,
    name: &str,
    (left, l): (&Expr, &BoundExpr),
    (right, r): (&Expr, &BoundExpr),
) -> Option<BoundExpr> {
    let is_decimal = |t: &DataType| matches!(t, DataType::Decimal(..));
    if !is_decimal(&l.data_type) && !is_decimal(&r.data_type) {
        return None;
    }
    let (lt, rt) = (decimal_operand(left, l)?, decimal_operand(right, r)?);
    let result = decimal::result_type(decimal_op, lt, rt);
    // Spark's `+ - *` of decimals are `NULL` only for a `NULL` operand (ANSI mode fails on
    // overflow), where an integral operand typed narrower than its type (the literal `1` as
    // `decimal(1,0)`) counts as one that may be `NULL` (Spark's cast to it may be); `/ % pmod`
    // may always be `NULL`.
    let may_be_null = |b: &BoundExpr, (precision, _): (u8, u8)| {
        b.nullable || integral_decimal(&b.data_type).is_some_and(|(full, _)| precision < full)
    };
    let nullable = match decimal_op {
        DecimalOp::Add | DecimalOp::Subtract | DecimalOp::Multiply => {
            may_be_null(l, lt) || may_be_null(r, rt)
        }
        DecimalOp::Divide | DecimalOp::Remainder | DecimalOp::Pmod => true,
    };
    let (le, re) = (l.eval.clone(), r.eval.clone());
    let exact = |v: Value| match v {
        Value::Decimal(d) => Some((d.unscaled(), d.scale())),
        Value::Byte(i) => Some((i128::from(i), 0)),
        Value::Short(i) => Some((i128::from(i), 0)),
        Value::Int(i) => Some((i128::from(i), 0)),
        Value::Long(i) => Some((i128::from(i), 0)),
        _ => None,
    };
    Some(bound(
        name.to_string(),
        DataType::Decimal(result.0, result.1),
        nullable,
        null_in_null_out(le, re, move |a, b| match (exact(a), exact(b)) {
            (Some(a), Some(b)) => decimal::arithmetic(decimal_op, a, b, result).map(Value::Decimal),
            _ => Ok(Value::Null),
        }),
    ))
}

/// An evaluator of a binary operator that is `NULL` when either operand is (SQL's usual
/// rule); the right operand is not evaluated when the left one is `NULL`.
pub(crate) fn null_in_null_out(
    left: Evaluator,
    right: Evaluator,
    op: impl Fn(Value, Value) -> Result<Value, String> + Send + Sync + 'static,
) -> Evaluator {
    Arc::new(move |row: &Row| {
        let a = left(row)?;
        if a.is_null() {
            return Ok(Value::Null);
        }
        let b = right(row)?;
        if b.is_null() {
            return Ok(Value::Null);
        }
        op(a, b)
    })
}

/// `[ARITHMETIC_OVERFLOW]`, with the `try_*` function that tolerates it, if any.
pub(crate) fn overflow(hint: Option<&str>) -> String {
    let hint = hint.map_or(String::new(), |f| {
        format!(" Use '{f}' to tolerate overflow and return NULL instead.")
    });
    format!(
        "[ARITHMETIC_OVERFLOW] overflow.{hint} If necessary set \"spark.sql.ansi.enabled\" to \
         \"false\" to bypass this error. SQLSTATE: 22003"
    )
}

pub(crate) const DIVIDE_BY_ZERO: &str =
    "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate \
     divisor being 0 and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \
     \"false\" to bypass this error. SQLSTATE: 22012";

pub(crate) const REMAINDER_BY_ZERO: &str =
    "[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to \
     tolerate divisor being 0 and return NULL instead. If necessary set \
     \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22012";

/// `a op b` for two non-null values of the same numeric type, with ANSI overflow checks.
fn arithmetic(op: BinaryOp, a: Value, b: Value) -> Result<Value, String> {
    let hint = match op {
        BinaryOp::Add => "try_add",
        BinaryOp::Subtract => "try_subtract",
        _ => "try_multiply",
    };
    macro_rules! integral {
        ($x:expr, $y:expr, $variant:path) => {{
            let r = match op {
                BinaryOp::Add => $x.checked_add($y),
                BinaryOp::Subtract => $x.checked_sub($y),
                BinaryOp::Multiply => $x.checked_mul($y),
                _ => {
                    if $y == 0 {
                        return Err(REMAINDER_BY_ZERO.to_string());
                    }
                    Some($x.wrapping_rem($y))
                }
            };
            r.map($variant).ok_or_else(|| overflow(Some(hint)))
        }};
    }
    // IEEE arithmetic: no overflow, only a zero divisor of `%` is an error.
    macro_rules! floating {
        ($x:expr, $y:expr, $variant:path) => {
            Ok($variant(match op {
                BinaryOp::Add => $x + $y,
                BinaryOp::Subtract => $x - $y,
                BinaryOp::Multiply => $x * $y,
                _ => {
                    if $y == 0.0 {
                        return Err(REMAINDER_BY_ZERO.to_string());
                    }
                    $x % $y
                }
            }))
        };
    }
    match (a, b) {
        (Value::Byte(x), Value::Byte(y)) => {
            integral!(x, y, Value::Byte).map_err(|_| small_overflow(op, &x, &y, hint))
        }
        (Value::Short(x), Value::Short(y)) => {
            integral!(x, y, Value::Short).map_err(|_| small_overflow(op, &x, &y, hint))
        }
        (Value::Float(x), Value::Float(y)) => floating!(x, y, Value::Float),
        (Value::Int(x), Value::Int(y)) => integral!(x, y, Value::Int),
        (Value::Long(x), Value::Long(y)) => integral!(x, y, Value::Long),
        (Value::Double(x), Value::Double(y)) => floating!(x, y, Value::Double),
        (a, b) => Err(format!("internal error: {a:?} {} {b:?}", op.symbol())),
    }
}

/// `[BINARY_ARITHMETIC_OVERFLOW]` of `tinyint` and `smallint` arithmetic, as Spark 4.3 words
/// it (both print with the suffix `S`).
fn small_overflow(op: BinaryOp, x: &dyn fmt::Display, y: &dyn fmt::Display, hint: &str) -> String {
    if matches!(op, BinaryOp::Remainder) {
        return REMAINDER_BY_ZERO.to_string();
    }
    format!(
        "[BINARY_ARITHMETIC_OVERFLOW] {x}S {} {y}S caused overflow. Use `{hint}` to ignore \
         overflow problem and return NULL. SQLSTATE: 22003",
        op.symbol()
    )
}

/// `negative(e)`, unary minus: a number of the same type.
fn bind_negate(name: String, child_expr: &Expr, child: BoundExpr) -> Result<BoundExpr> {
    let data_type = match &child.data_type {
        DataType::Null => DataType::Double,
        t if is_numeric(t) => t.clone(),
        t @ DataType::Interval(_) => t.clone(),
        other => {
            return Err(unexpected_input_type(
                &name,
                0,
                ARITHMETIC_TYPES,
                &sql(child_expr),
                other,
            ))
        }
    };
    let eval = child.eval;
    Ok(bound(
        name,
        data_type,
        child.nullable,
        Arc::new(move |row: &Row| match eval(row)? {
            Value::Int(i) => i
                .checked_neg()
                .map(Value::Int)
                .ok_or_else(|| overflow(None)),
            Value::Long(i) => i
                .checked_neg()
                .map(Value::Long)
                .ok_or_else(|| overflow(None)),
            Value::Double(d) => Ok(Value::Double(-d)),
            Value::Float(f) => Ok(Value::Float(-f)),
            Value::Byte(i) => i
                .checked_neg()
                .map(Value::Byte)
                .ok_or_else(|| overflow(None)),
            Value::Short(i) => i
                .checked_neg()
                .map(Value::Short)
                .ok_or_else(|| overflow(None)),
            Value::Decimal(d) => Ok(Value::Decimal(crate::Decimal::new(
                -d.unscaled(),
                d.scale(),
            ))),
            Value::Interval(amount, t) => amount
                .checked_neg()
                .map(|a| Value::Interval(a, t))
                .ok_or_else(super::interval_ops::overflow),
            _ => Ok(Value::Null),
        }),
    ))
}

fn bind_case_when(
    name: String,
    branches: &[(Expr, Expr)],
    otherwise: Option<&Expr>,
    schema: &Schema,
) -> Result<BoundExpr> {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    for (i, (c, v)) in branches.iter().enumerate() {
        let cond = bind_node(c, schema)?;
        require_boolean(&name, i, c, &cond)?;
        conditions.push(cond.eval);
        values.push(bind_node(v, schema)?);
    }
    let else_value = otherwise.map(|o| bind_node(o, schema)).transpose()?;
    let all: Vec<&BoundExpr> = values.iter().chain(else_value.iter()).collect();
    let types: Vec<&DataType> = all.iter().map(|v| &v.data_type).collect();
    let mismatch = Mismatch {
        expression: &name,
        function: "casewhen",
        list: TypeList::Bracketed,
    };
    let data_type = common_type(&types, mismatch)?;
    let nullable =
        else_value.as_ref().is_none_or(|e| e.nullable) || values.iter().any(|v| v.nullable);
    let values: Vec<Evaluator> = values.into_iter().map(|v| coerce(v, &data_type)).collect();
    let else_eval = else_value.map(|e| coerce(e, &data_type));
    Ok(bound(
        name,
        data_type,
        nullable,
        Arc::new(move |row: &Row| {
            for (cond, value) in conditions.iter().zip(&values) {
                if cond(row)? == Value::Boolean(true) {
                    return value(row);
                }
            }
            match &else_eval {
                Some(e) => e(row),
                None => Ok(Value::Null),
            }
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::levenshtein;
    use crate::expr::functions::test_support::{check, decimal, decimals, error, parse};
    use crate::Value::{Byte, Double, Float, Null, Short};

    // Expected names, types, values and messages from PySpark 4.3 (`spark.sql("select ...")`
    // over the table of `test_support`).

    #[test]
    fn arithmetic_of_small_integers_keeps_their_type() {
        check(
            "h - 1S",
            "(h - 1)",
            "smallint",
            &[Short(0), Short(-8), Null, Short(32766)],
        );
        check(
            "y % 3Y",
            "(y % 3)",
            "tinyint",
            &[Byte(1), Byte(-1), Null, Byte(1)],
        );
        check(
            "h % 3S",
            "(h % 3)",
            "smallint",
            &[Short(1), Short(-1), Null, Short(1)],
        );
        check(
            "y / 2",
            "(y / 2)",
            "double",
            &[Double(0.5), Double(-3.5), Null, Double(63.5)],
        );
        check(
            "h / 2S",
            "(h / 2)",
            "double",
            &[Double(0.5), Double(-3.5), Null, Double(16383.5)],
        );
        for (call, message) in [
            ("y + 1Y", "127S + 1S caused overflow. Use `try_add`"),
            ("y + h", "127S + 32767S caused overflow. Use `try_add`"),
            (
                "h * h",
                "32767S * 32767S caused overflow. Use `try_multiply`",
            ),
            ("y * 100Y", "-7S * 100S caused overflow. Use `try_multiply`"),
            (
                "-128Y - 1Y",
                "-128S - 1S caused overflow. Use `try_subtract`",
            ),
        ] {
            assert_eq!(
                error(call),
                format!(
                    "[BINARY_ARITHMETIC_OVERFLOW] {message} to ignore overflow problem and return \
                     NULL. SQLSTATE: 22003"
                )
            );
        }
        assert_eq!(
            error("y % 0Y"),
            "[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to tolerate divisor being 0 \
             and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" \
             to bypass this error. SQLSTATE: 22012"
        );
    }

    #[test]
    fn a_float_with_an_integer_is_a_double() {
        let sums = [Double(3.5), Double(-14.25), Null, Double(f64::NAN)];
        check("y + f", "(y + f)", "double", &sums);
        check("h + f", "(h + f)", "double", &sums);
        check(
            "y * f",
            "(y * f)",
            "double",
            &[Double(2.5), Double(50.75), Null, Double(f64::NAN)],
        );
        let plus_one = [Double(3.5), Double(-6.25), Null, Double(f64::NAN)];
        for call in ["f + 1Y", "f + 1S", "f + 1", "f + 1L"] {
            check(call, "(f + 1)", "double", &plus_one);
        }
        check(
            "f + m",
            "(f + m)",
            "double",
            &[Double(3.75), Double(-14.75), Null, Double(f64::NAN)],
        );
        check(
            "f - 1F",
            "(f - 1.0)",
            "float",
            &[Float(1.5), Float(-8.25), Null, Float(f32::NAN)],
        );
        check(
            "f % 2F",
            "(f % 2.0)",
            "float",
            &[Float(0.5), Float(-1.25), Null, Float(f32::NAN)],
        );
        check(
            "f / 2",
            "(f / 2)",
            "double",
            &[Double(1.25), Double(-3.625), Null, Double(f64::NAN)],
        );
        check(
            "coalesce(y, f)",
            "coalesce(y, f)",
            "double",
            &[Double(1.0), Double(-7.0), Null, Double(127.0)],
        );
    }

    #[test]
    fn decimals_with_small_integers() {
        for (call, name, data_type, values) in [
            (
                "y + m",
                "(y + m)",
                "decimal(11,2)",
                ["2.25", "-14.50", "NULL", "100000126.99"],
            ),
            (
                "y * m",
                "(y * m)",
                "decimal(14,2)",
                ["1.25", "52.50", "NULL", "12699999998.73"],
            ),
            (
                "m / 2Y",
                "(m / 2)",
                "decimal(14,6)",
                ["0.625000", "-3.750000", "NULL", "49999999.995000"],
            ),
        ] {
            check(call, name, data_type, &decimals(values));
        }
        // A `tinyint` literal is a `decimal(3,0)`, a `smallint` one only as wide as its digits.
        let remainders = [decimal("1.25"), decimal("-1.50"), Null, decimal("0.99")];
        check("m % 3Y", "(m % 3)", "decimal(5,2)", &remainders);
        check("m % 3S", "(m % 3)", "decimal(3,2)", &remainders);
        check(
            "m % 300S",
            "(m % 300)",
            "decimal(5,2)",
            &decimals(["1.25", "-7.50", "NULL", "99.99"]),
        );
    }

    /// PySpark 4.3's `schema.fields[0]` of `spark.sql("select <e> from t")` over non-null
    /// columns `d decimal(10,2)`, `i int`, `b tinyint`, `l bigint` and a nullable
    /// `n decimal(10,2)`.
    #[test]
    fn decimal_arithmetic_is_nullable_as_sparks() {
        let field = |name: &str, data_type: crate::DataType, nullable: bool| crate::Field {
            nullable,
            ..crate::Field::new(name, data_type)
        };
        let schema = crate::Schema::new(vec![
            field("d", crate::DataType::Decimal(10, 2), false),
            field("n", crate::DataType::Decimal(10, 2), true),
            field("i", crate::DataType::Integer, false),
            field("b", crate::DataType::Byte, false),
            field("l", crate::DataType::Long, false),
        ]);
        for (e, name, data_type, nullable) in [
            ("d + d", "(d + d)", "decimal(11,2)", false),
            ("d - d", "(d - d)", "decimal(11,2)", false),
            ("d * d", "(d * d)", "decimal(21,4)", false),
            ("d / d", "(d / d)", "decimal(23,13)", true),
            ("d % d", "(d % d)", "decimal(10,2)", true),
            ("pmod(d, d)", "pmod(d, d)", "decimal(10,2)", true),
            ("d * n", "(d * n)", "decimal(21,4)", true),
            ("d + i", "(d + i)", "decimal(13,2)", false),
            ("d + b", "(d + b)", "decimal(11,2)", false),
            ("d + l", "(d + l)", "decimal(23,2)", false),
            ("d * i", "(d * i)", "decimal(21,2)", false),
            // An integral literal is typed as wide as its digits: narrower than its type, it
            // counts as possibly `NULL`.
            ("d + 1", "(d + 1)", "decimal(11,2)", true),
            ("1 + d", "(1 + d)", "decimal(11,2)", true),
            ("d - 99999", "(d - 99999)", "decimal(11,2)", true),
            ("d + 1Y", "(d + 1)", "decimal(11,2)", false),
            ("d + 1S", "(d + 1)", "decimal(11,2)", true),
            ("d + 1L", "(d + 1)", "decimal(11,2)", true),
            ("d + 1000000000", "(d + 1000000000)", "decimal(13,2)", false),
            ("d * 2147483647", "(d * 2147483647)", "decimal(21,2)", false),
            (
                "d + 12345678901L",
                "(d + 12345678901)",
                "decimal(14,2)",
                true,
            ),
            ("d + 1.5", "(d + 1.5)", "decimal(11,2)", false),
            ("b + 1.5", "(b + 1.5)", "decimal(5,1)", false),
        ] {
            let bound = crate::expr::bind(&parse(e), &schema).unwrap();
            assert_eq!(
                (
                    bound.name.as_str(),
                    bound.data_type.to_string(),
                    bound.nullable
                ),
                (name, data_type.to_string(), nullable),
                "{e}"
            );
        }
        let nested = parse("d + 1") + crate::expr::col("d");
        let bound = crate::expr::bind(&nested, &schema).unwrap();
        assert_eq!(
            (
                bound.name.as_str(),
                bound.data_type.to_string(),
                bound.nullable
            ),
            ("((d + 1) + d)", "decimal(12,2)".to_string(), true)
        );
    }

    #[test]
    fn edit_distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("`value`", "valu"), 3);
    }
}
