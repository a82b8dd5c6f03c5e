//! Spark's column names for expressions: `(a + 1)`, `lower(value)`, `CASE WHEN .. END`, ...
//!
//! Spark names an unaliased `select` column after the expression's "pretty SQL": columns as the
//! user spelled them, literals unquoted (`x y`, `1`, `NULL`, `1.0E20`), operators in parentheses.
//! A top-level cast of a column (or of an alias) keeps that column's name, and a bare generator
//! is called `col`.

use super::{types::sql_type, BinaryOp, Expr, Generator};
use crate::display::java_double_to_string;
use crate::{DataType, Value};

/// The output column name of a top-level `select` expression.
pub(crate) fn output_name(expr: &Expr) -> String {
    match expr {
        Expr::Alias { name, .. } => name.clone(),
        Expr::Generator {
            generator: Generator::Explode | Generator::ExplodeOuter,
            ..
        } => "col".to_string(),
        Expr::Window { .. } => "window".to_string(),
        Expr::SessionWindow { .. } => "session_window".to_string(),
        Expr::Cast { .. } | Expr::TryCast { .. } => {
            cast_column_name(expr).unwrap_or_else(|| sql(expr))
        }
        _ => sql(expr),
    }
}

/// Spark's `Column.named` for a top-level cast: a chain of casts over a column or an alias is
/// named after that column or alias.
fn cast_column_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Cast { expr, .. } | Expr::TryCast { expr, .. } => cast_column_name(expr),
        Expr::Column(name, _) | Expr::Alias { name, .. } => Some(name.clone()),
        _ => None,
    }
}

/// A literal as Spark prints it inside names.
pub(crate) fn literal_sql(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) => i.to_string(),
        Value::Double(d) => java_double_to_string(*d),
        Value::String(s) => s.clone(),
        Value::Date(_) => format!(
            "DATE '{}'",
            crate::display::format_value(value, crate::time_zone::TimeZone::UTC)
        ),
        Value::Timestamp(_) => format!(
            "TIMESTAMP '{}'",
            crate::display::format_value(value, crate::time_zone::TimeZone::UTC)
        ),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(literal_sql).collect();
            format!("array({})", inner.join(", "))
        }
        Value::Struct(items) => {
            let inner: Vec<String> = items.iter().map(literal_sql).collect();
            format!("struct({})", inner.join(", "))
        }
        Value::Byte(i) => i.to_string(),
        Value::Short(i) => i.to_string(),
        Value::Float(f) => crate::display::java_float_to_string(*f),
        Value::Decimal(d) => d.to_string(),
        Value::Binary(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
            format!("X'{hex}'")
        }
        Value::Map(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .flat_map(|(k, v)| [literal_sql(k), literal_sql(v)])
                .collect();
            format!("map({})", inner.join(", "))
        }
        Value::Interval(amount, t) => t.show(*amount),
        Value::TimestampNtz(us) => format!(
            "TIMESTAMP_NTZ '{}'",
            crate::display::format_timestamp(*us, crate::time_zone::TimeZone::UTC)
        ),
    }
}

/// Whether `e` is an interval literal (its type is not known before binding, so names can
/// tell a date-time moved by an interval only by a literal interval).
fn interval(e: &Expr) -> bool {
    matches!(e, Expr::Literal(Value::Interval(..)))
}

/// The SQL text of an expression, as Spark prints it inside names and error messages.
pub(crate) fn sql(expr: &Expr) -> String {
    match expr {
        Expr::Column(name, _) => name.clone(),
        Expr::Literal(v) => literal_sql(v),
        Expr::Alias { expr, name } => format!("{} AS `{}`", sql(expr), name.replace('`', "``")),
        Expr::MultiAlias { expr, names } => format!("{} AS ({})", sql(expr), names.join(", ")),
        Expr::Binary { op, left, right } => match (op, interval(left), interval(right)) {
            // Spark's `TimeAdd` and friends: a date-time moved by an interval, without
            // parentheses, the interval on the right.
            (BinaryOp::Add, true, false) => format!("{} + {}", sql(right), sql(left)),
            (BinaryOp::Add | BinaryOp::Subtract, false, true) => {
                format!("{} {} {}", sql(left), op.symbol(), sql(right))
            }
            _ => format!("({} {} {})", sql(left), op.symbol(), sql(right)),
        },
        Expr::Not(e) => format!("(NOT {})", sql(e)),
        Expr::Negate(e) => format!("negative({})", sql(e)),
        Expr::IsNull(e) => format!("({} IS NULL)", sql(e)),
        Expr::IsNotNull(e) => format!("({} IS NOT NULL)", sql(e)),
        Expr::CaseWhen {
            branches,
            otherwise,
        } => {
            let mut s = "CASE".to_string();
            for (c, v) in branches {
                s.push_str(&format!(" WHEN {} THEN {}", sql(c), sql(v)));
            }
            if let Some(o) = otherwise {
                s.push_str(&format!(" ELSE {}", sql(o)));
            }
            s.push_str(" END");
            s
        }
        // Spark's `Cast.sql`: a cast to a complex type is written as its argument.
        Expr::Cast { expr, to } | Expr::TryCast { expr, to }
            if matches!(
                to,
                DataType::Array(_) | DataType::Map(..) | DataType::Struct(_)
            ) =>
        {
            sql(expr)
        }
        Expr::Cast { expr, to } => format!("CAST({} AS {})", sql(expr), sql_type(to)),
        Expr::TryCast { expr, to } => format!("TRY_CAST({} AS {})", sql(expr), sql_type(to)),
        Expr::Function { function, args } => function.sql(args),
        Expr::Generator { generator, args } => {
            let parts: Vec<String> = args.iter().map(sql).collect();
            format!("{}({})", generator.name(), parts.join(", "))
        }
        Expr::GetItem { base, key } => format!("{}[{}]", sql(base), sql(key)),
        Expr::GetField { base, field } => format!("{}.{field}", sql(base)),
        Expr::Window { time, size, slide } => {
            let interval = |micros: &i64| super::super::interval::describe_micros(*micros);
            if size == slide {
                format!("window({}, {})", sql(time), interval(size))
            } else {
                format!(
                    "window({}, {}, {})",
                    sql(time),
                    interval(size),
                    interval(slide)
                )
            }
        }
        Expr::SessionWindow { time, gap } => format!(
            "session_window({}, {})",
            sql(time),
            super::super::interval::describe_micros(*gap)
        ),
        Expr::Aggregate { function, input } => match input {
            Some(e) if function.is_distinct() => {
                format!("{}(DISTINCT {})", function.name(), sql(e))
            }
            Some(e) => format!("{}({})", function.name(), sql(e)),
            None => format!("{}(1)", function.name()),
        },
        Expr::Invalid(message) => format!("<invalid: {message}>"),
    }
}
