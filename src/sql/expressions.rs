//! `sqlparser`'s expressions → Ember's [`Expr`]: operators, literals, `CAST`, `CASE`, `IN`,
//! `BETWEEN`, `IS [NOT] NULL`, qualified columns and function calls by Spark's names.
//!
//! The result is exactly what the DataFrame API builds for the same expression (`a + 1` is
//! `col("a") + 1`), so a SQL query and its DataFrame form have the same plan.

use std::cell::RefCell;

use sqlparser::ast::{
    self, BinaryOperator, CastKind, DuplicateTreatment, FunctionArg, FunctionArgExpr,
    FunctionArguments, SelectItem, UnaryOperator,
};

use super::errors::{too_complex, unsupported};
use crate::error::{Error, Result};
use crate::expr::{
    col, count_star, is_in, lit, resolve, resolve_distinct, sql_negative, sql_positive, when, Expr,
};
use crate::{DataType, Row, Schema, Value};

/// A translated `select` list item.
pub(crate) enum Item {
    /// `*` (or `t.*`): every column of the input.
    Star,
    /// An expression, aliased when the SQL aliases it.
    Expr(Expr),
}

impl Item {
    /// The columns this item selects from `schema`.
    pub(crate) fn expand(self, schema: &Schema) -> Vec<Expr> {
        match self {
            Item::Star => schema.fields.iter().map(|f| col(&f.name)).collect(),
            Item::Expr(e) => vec![e],
        }
    }
}

/// Translates SQL expressions in a scope: the names (views, aliases) that qualify columns,
/// and, under `HAVING`, the aggregates the query computes.
#[derive(Default)]
pub(crate) struct Translator<'a> {
    /// The relation names and aliases in `FROM`: `t.a` is column `a` when `t` is one of them.
    pub qualifiers: Vec<String>,
    /// Under `HAVING`: aggregates become references to the aggregation's columns, added to
    /// this list when the `SELECT` list does not compute them.
    pub aggregates: Option<&'a RefCell<Vec<Expr>>>,
    /// The SQL text translated, which errors about a part of it show.
    pub text: &'a str,
}

impl<'a> Translator<'a> {
    /// A translator of `text`, outside any query (`expr`, `filter("..")`).
    pub(crate) fn new(text: &'a str) -> Self {
        Translator {
            text,
            ..Translator::default()
        }
    }

    /// A `select` list item.
    pub(crate) fn item(&self, item: &SelectItem) -> Result<Item> {
        match item {
            // Spark names a selected field after the field: `SELECT window.start` is `start`.
            SelectItem::UnnamedExpr(e @ ast::Expr::CompoundIdentifier(_)) => {
                Ok(Item::Expr(match self.expr(e)? {
                    field @ Expr::GetField { .. } => {
                        let Expr::GetField { field: name, .. } = &field else {
                            unreachable!("matched above")
                        };
                        let name = name.clone();
                        field.alias(name)
                    }
                    other => other,
                }))
            }
            SelectItem::UnnamedExpr(e) => Ok(Item::Expr(self.expr(e)?)),
            SelectItem::ExprWithAlias { expr, alias } => {
                Ok(Item::Expr(self.expr(expr)?.alias(alias.value.clone())))
            }
            SelectItem::Wildcard(options) if is_plain_wildcard(options) => Ok(Item::Star),
            SelectItem::QualifiedWildcard(
                ast::SelectItemQualifiedWildcardKind::ObjectName(name),
                options,
            ) if is_plain_wildcard(options) && self.is_qualifier(&name_parts(name).join(".")) => {
                Ok(Item::Star)
            }
            other => Err(unsupported(format!("the select item `{other}`"))),
        }
    }

    /// An expression, at most [`MAX_DEPTH`] levels deep.
    pub(crate) fn expr(&self, e: &ast::Expr) -> Result<Expr> {
        let translated = self.translate(e)?;
        if depth(&translated) > MAX_DEPTH {
            return Err(too_complex());
        }
        Ok(translated)
    }

    fn translate(&self, e: &ast::Expr) -> Result<Expr> {
        Ok(match e {
            ast::Expr::Identifier(ident) => {
                let start = ident.span.start;
                let at = crate::expr::SourcePosition {
                    line: start.line,
                    pos: start.column.saturating_sub(1),
                };
                Expr::Column(ident.value.clone(), (start.line > 0).then_some(at))
            }
            // `t.a` (a column of relation `t`), `s.f` (a struct's field), `t.s.f`, ...
            ast::Expr::CompoundIdentifier(parts) => {
                let skip = usize::from(parts.len() > 1 && self.is_qualifier(&parts[0].value));
                let mut names = parts[skip..].iter().map(|p| p.value.clone());
                let column = col(names.next().unwrap_or_default());
                names.fold(column, Expr::get_field)
            }
            ast::Expr::CompoundFieldAccess { root, access_chain } => {
                let mut base = self.translate(root)?;
                for access in access_chain {
                    base = match access {
                        ast::AccessExpr::Dot(ast::Expr::Identifier(field)) => {
                            base.get_field(field.value.clone())
                        }
                        ast::AccessExpr::Subscript(ast::Subscript::Index { index }) => {
                            base.get_item(self.translate(index)?)
                        }
                        _ => return Err(unsupported(format!("the access `{e}`"))),
                    };
                }
                base
            }
            ast::Expr::Nested(inner) => self.translate(inner)?,
            ast::Expr::Value(value) => lit(self.literal(value, e, false)?),
            ast::Expr::TypedString(typed) => typed_literal(typed)?,
            ast::Expr::BinaryOp { left, op, right } => {
                self.binary(self.translate(left)?, op, self.translate(right)?, e)?
            }
            ast::Expr::UnaryOp { op, expr } => match (op, expr.as_ref()) {
                (UnaryOperator::Minus, ast::Expr::Value(v)) => lit(self.literal(v, e, true)?),
                (UnaryOperator::Minus, inner) => sql_negative(self.translate(inner)?),
                (UnaryOperator::Plus, inner) => sql_positive(self.translate(inner)?),
                (UnaryOperator::Not | UnaryOperator::BangNot, inner) => !self.translate(inner)?,
                _ => return Err(unsupported(format!("the operator in `{e}`"))),
            },
            ast::Expr::IsNull(inner) => self.translate(inner)?.is_null(),
            ast::Expr::IsNotNull(inner) => self.translate(inner)?.is_not_null(),
            ast::Expr::In {
                expr,
                target: ast::InTarget::List(list),
                negated,
                ..
            } => negate(*negated, self.in_list(expr, list)?),
            ast::Expr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let args = vec![
                    self.translate(expr)?,
                    self.translate(low)?,
                    self.translate(high)?,
                ];
                negate(*negated, resolve("between", args)?)
            }
            ast::Expr::Like {
                negated,
                any: false,
                expr,
                pattern,
                escape_char,
            }
            | ast::Expr::ILike {
                negated,
                any: false,
                expr,
                pattern,
                escape_char,
            } => {
                let mut args = vec![self.translate(expr)?, self.translate(pattern)?];
                if let Some(escape) = escape_char {
                    args.push(self.translate(escape)?);
                }
                let name = if matches!(e, ast::Expr::Like { .. }) {
                    "like"
                } else {
                    "ilike"
                };
                negate(*negated, resolve(name, args)?)
            }
            ast::Expr::RLike {
                negated,
                expr,
                pattern,
                ..
            } => negate(
                *negated,
                resolve(
                    "rlike",
                    vec![self.translate(expr)?, self.translate(pattern)?],
                )?,
            ),
            ast::Expr::Cast {
                kind: CastKind::Cast | CastKind::DoubleColon,
                expr,
                data_type,
                format: None,
            } => self.translate(expr)?.cast(cast_type(data_type)?),
            ast::Expr::Cast {
                kind: CastKind::TryCast,
                expr,
                data_type,
                format: None,
            } => self.translate(expr)?.try_cast(cast_type(data_type)?),
            ast::Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => self.case(operand.as_deref(), conditions, else_result.as_deref())?,
            ast::Expr::Function(function) => self.function(function)?,
            // `struct(a, b)`: the dialect reads `STRUCT` as sqlparser's struct literal (which
            // is what lets `STRUCT<..>` be a type); it is Spark's `struct` function.
            ast::Expr::Struct { values, fields } if fields.is_empty() => {
                let args = values
                    .iter()
                    .map(|value| self.translate(value))
                    .collect::<Result<Vec<Expr>>>()?;
                self.aggregate(resolve("struct", args)?)?
            }
            ast::Expr::Substring {
                expr,
                substring_from: Some(from),
                substring_for,
                ..
            } => {
                let mut args = vec![self.translate(expr)?, self.translate(from)?];
                if let Some(length) = substring_for {
                    args.push(self.translate(length)?);
                }
                resolve("substring", args)?
            }
            ast::Expr::Trim {
                expr,
                trim_where: None,
                trim_what: None,
                trim_characters: None,
            } => resolve("trim", vec![self.translate(expr)?])?,
            // sqlparser reads `ceil` and `floor` as expressions of their own.
            ast::Expr::Ceil { expr, field } | ast::Expr::Floor { expr, field } => {
                let name = if matches!(e, ast::Expr::Ceil { .. }) {
                    "ceil"
                } else {
                    "floor"
                };
                let mut args = vec![self.translate(expr)?];
                match field {
                    ast::CeilFloorKind::DateTimeField(ast::DateTimeField::NoDateTime) => {}
                    ast::CeilFloorKind::Scale(scale) => {
                        args.push(self.translate(&ast::Expr::Value(scale.clone()))?)
                    }
                    ast::CeilFloorKind::DateTimeField(_) => {
                        return Err(unsupported(format!("the expression `{e}`")))
                    }
                }
                resolve(name, args)?
            }
            ast::Expr::Interval(interval) => {
                lit(super::intervals::interval_literal(interval, e, self.text)?)
            }
            other => return Err(unsupported(format!("the expression `{other}`"))),
        })
    }

    /// A literal, negated under a minus sign (`-128Y` is a `tinyint`, `-NULL` is `NULL`); a
    /// number out of its type's range is Spark's error under the literal (and its sign).
    fn literal(&self, value: &ast::ValueWithSpan, e: &ast::Expr, negative: bool) -> Result<Value> {
        let ast::Value::Number(written, _) = &value.value else {
            return match literal(&value.value, e)? {
                Value::Null => Ok(Value::Null),
                _ if negative => Err(unsupported(format!("the expression `{e}`"))),
                other => Ok(other),
            };
        };
        super::numbers::number(written, negative).map_err(|refused| {
            let mut fragment = value.span;
            if negative {
                fragment.start = super::parse::sign_before(self.text, fragment.start);
            }
            refused.error(self.text, fragment)
        })
    }

    fn is_qualifier(&self, name: &str) -> bool {
        self.qualifiers.iter().any(|q| q.eq_ignore_ascii_case(name))
    }

    fn binary(&self, left: Expr, op: &BinaryOperator, right: Expr, e: &ast::Expr) -> Result<Expr> {
        Ok(match op {
            BinaryOperator::Plus => left + right,
            BinaryOperator::Minus => left - right,
            BinaryOperator::Multiply => left * right,
            BinaryOperator::Divide => left / right,
            BinaryOperator::Modulo => left % right,
            BinaryOperator::Eq => left.eq(right),
            BinaryOperator::NotEq => left.not_eq(right),
            BinaryOperator::Lt => left.lt(right),
            BinaryOperator::LtEq => left.lt_eq(right),
            BinaryOperator::Gt => left.gt(right),
            BinaryOperator::GtEq => left.gt_eq(right),
            BinaryOperator::And => left.and(right),
            BinaryOperator::Or => left.or(right),
            BinaryOperator::StringConcat => resolve("concat", vec![left, right])?,
            _ => return Err(unsupported(format!("the operator `{op}` in `{e}`"))),
        })
    }

    /// `e IN (a, b, ..)`, named `(e IN (a, b))`.
    fn in_list(&self, e: &ast::Expr, list: &[ast::Expr]) -> Result<Expr> {
        let e = self.translate(e)?;
        if list.is_empty() {
            return Err(unsupported("an empty IN list"));
        }
        let list = list
            .iter()
            .map(|item| self.translate(item))
            .collect::<Result<Vec<Expr>>>()?;
        Ok(is_in(e, list))
    }

    fn case(
        &self,
        operand: Option<&ast::Expr>,
        conditions: &[ast::CaseWhen],
        otherwise: Option<&ast::Expr>,
    ) -> Result<Expr> {
        let operand = operand.map(|o| self.translate(o)).transpose()?;
        let mut case: Option<Expr> = None;
        for branch in conditions {
            let mut condition = self.translate(&branch.condition)?;
            if let Some(operand) = &operand {
                condition = operand.clone().eq(condition);
            }
            let value = self.translate(&branch.result)?;
            case = Some(match case {
                None => when(condition, value),
                Some(c) => c.when(condition, value),
            });
        }
        let case = case.ok_or_else(|| unsupported("CASE without WHEN"))?;
        Ok(match otherwise {
            Some(o) => case.otherwise(self.translate(o)?),
            None => case,
        })
    }

    fn function(&self, function: &ast::Function) -> Result<Expr> {
        // The name as written (Spark's errors quote it so); `system.builtin.f` is not found.
        let name = match name_parts(&function.name).as_slice() {
            [part] => part.clone(),
            _ => function.name.to_string(),
        };
        if function.over.is_some() {
            return Err(unsupported(format!("the window function `{function}`")));
        }
        if function.filter.is_some()
            || !function.within_group.is_empty()
            || function.null_treatment.is_some()
            || !matches!(function.parameters, FunctionArguments::None)
        {
            return Err(unsupported(format!("the call `{function}`")));
        }
        let (distinct, args) = match &function.args {
            FunctionArguments::None => (false, &[][..]),
            FunctionArguments::List(list) if list.clauses.is_empty() => (
                list.duplicate_treatment == Some(DuplicateTreatment::Distinct),
                list.args.as_slice(),
            ),
            _ => return Err(unsupported(format!("the call `{function}`"))),
        };
        if name.eq_ignore_ascii_case("count")
            && !distinct
            && matches!(args, [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)])
        {
            return self.aggregate(count_star());
        }
        let args = args
            .iter()
            .map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => self.translate(e),
                other => Err(unsupported(format!(
                    "the argument `{other}` of `{function}`"
                ))),
            })
            .collect::<Result<Vec<Expr>>>()?;
        let result = if distinct {
            resolve_distinct(&name, args)
        } else {
            resolve(&name, args)
        };
        self.aggregate(result.map_err(|e| at_function(e, function))?)
    }

    /// Under `HAVING`, an aggregate is a column of the aggregation: the `SELECT` list's if it
    /// computes the same, else one added for the condition.
    fn aggregate(&self, e: Expr) -> Result<Expr> {
        let Some(aggregates) = self.aggregates else {
            return Ok(e);
        };
        if e.as_aggregate().is_none() {
            return Ok(e);
        }
        let mut aggregates = aggregates.borrow_mut();
        let text = e.sql();
        let known = aggregates.iter().find(|a| a.unaliased().0.sql() == text);
        if let Some(known) = known {
            return Ok(col(known.output_name()));
        }
        aggregates.push(e.clone());
        Ok(col(e.output_name()))
    }
}

/// The deepest expression SQL text may build: deeper ones are Spark's
/// `FAILED_TO_PARSE_TOO_COMPLEX` (binding and evaluating recurse over an expression, on
/// threads of ordinary stacks).
const MAX_DEPTH: usize = 100;

fn depth(e: &Expr) -> usize {
    1 + e.children().into_iter().map(depth).max().unwrap_or(0)
}

fn is_plain_wildcard(options: &ast::WildcardAdditionalOptions) -> bool {
    options.opt_ilike.is_none()
        && options.opt_exclude.is_none()
        && options.opt_except.is_none()
        && options.opt_replace.is_none()
        && options.opt_rename.is_none()
}

fn negate(negated: bool, e: Expr) -> Expr {
    if negated {
        !e
    } else {
        e
    }
}

/// A SQL literal as Spark types it: numbers by [`super::numbers`], strings in either quote.
fn literal(value: &ast::Value, e: &ast::Expr) -> Result<Value> {
    Ok(match value {
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => {
            Value::String(s.clone())
        }
        ast::Value::Boolean(b) => Value::Boolean(*b),
        ast::Value::Null => Value::Null,
        _ => return Err(unsupported(format!("the literal `{e}`"))),
    })
}

/// `DATE '2024-01-01'`, `TIMESTAMP '..'`: the string cast at once, as Spark folds it.
fn typed_literal(typed: &ast::TypedString) -> Result<Expr> {
    let to = cast_type(&typed.data_type)?;
    let text = match &typed.value.value {
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => s.clone(),
        other => return Err(unsupported(format!("the typed literal `{other}`"))),
    };
    let invalid = || {
        Error::Parse(format!(
            "[INVALID_TYPED_LITERAL] The value of the typed literal \"{}\" is invalid: '{text}'. \
             SQLSTATE: 42604",
            typed.data_type.to_string().to_uppercase()
        ))
    };
    let bound = crate::expr::bind(&lit(text.clone()).cast(to), &Schema::default())
        .map_err(|_| invalid())?;
    let value = (bound.eval)(&Row::new(Vec::new())).map_err(|_| invalid())?;
    Ok(lit(value))
}

/// The type of a `CAST`, by Spark's name.
fn cast_type(data_type: &ast::DataType) -> Result<DataType> {
    crate::expr::parse_type_name(&data_type.to_string())
}

/// How Spark's error for a window duration that is not a literal string or number starts.
const WINDOW_DURATION: &str = "The duration and time inputs to window";

/// A function's resolution error with Spark's position of the call (`; line 1 pos 7`: the
/// line, and the 0-based column where the function's name starts).
fn at_function(error: Error, function: &ast::Function) -> Error {
    use sqlparser::ast::Spanned;
    match error {
        Error::Analysis(message)
            if message.starts_with("[UNRESOLVED_ROUTINE]")
                || message.starts_with("[WRONG_NUM_ARGS")
                || message.starts_with(WINDOW_DURATION) =>
        {
            let start = function.span().start;
            Error::Analysis(format!(
                "{message}; line {} pos {}",
                start.line,
                start.column.saturating_sub(1)
            ))
        }
        other => other,
    }
}

/// The parts of a dotted SQL name (`db.t`, `` `my view` ``, a function's name) as written,
/// without their quotes.
pub(super) fn name_parts(name: &ast::ObjectName) -> Vec<String> {
    name.0
        .iter()
        .map(|p| {
            p.as_ident()
                .map_or_else(|| p.to_string(), |i| i.value.clone())
        })
        .collect()
}
