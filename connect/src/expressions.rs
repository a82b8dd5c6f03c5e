//! Spark Connect expressions as Ember's [`Expr`]: columns, literals, aliases, casts,
//! extractions (`col[0]`, `col["key"]`, `col.field`), and functions by Spark's names (`==`,
//! `+`, `and`, `split`, `explode`, `window`, `count`, ...).

use ember::expr::{self as f, Expr};
use ember::operators::{DataType, Schema, Value};

use crate::errors::{ConnectError, ConnectResult};
use crate::proto::expression::{self, ExprType};
use crate::proto::Expression;

/// `expression` as Ember's, over a relation of `schema` (the input's columns, which tell a
/// struct's field from a map's key in `col["name"]`). Column references resolve by name
/// (Ember's plans have one namespace of columns; the `plan_id` a client attaches is not
/// needed).
pub fn to_expr(expression: &Expression, schema: &Schema) -> ConnectResult<Expr> {
    let to_expr = |e: &Expression| to_expr(e, schema);
    let kind = expression
        .expr_type
        .as_ref()
        .ok_or_else(|| ConnectError::Invalid("an expression without a kind".into()))?;
    match kind {
        ExprType::Literal(literal) => crate::literals::to_expr(literal),
        ExprType::UnresolvedAttribute(attribute) => {
            Ok(attribute_expr(&attribute.unparsed_identifier, schema))
        }
        ExprType::UnresolvedFunction(function) => call(function, schema),
        ExprType::UnresolvedExtractValue(extract) => {
            let part = |e: &Option<Box<Expression>>, what: &str| match e.as_deref() {
                Some(e) => to_expr(e),
                None => Err(ConnectError::Invalid(format!(
                    "an extraction without its {what}"
                ))),
            };
            let child = part(&extract.child, "child")?;
            let extraction = part(&extract.extraction, "extraction")?;
            Ok(extract_value(child, extraction, schema))
        }
        ExprType::Alias(alias) => {
            let inner = alias
                .expr
                .as_deref()
                .ok_or_else(|| ConnectError::Invalid("an alias of nothing".into()))?;
            match alias.name.as_slice() {
                [] => Err(ConnectError::Invalid("an alias without a name".into())),
                [name] => Ok(to_expr(inner)?.alias(name.clone())),
                // `posexplode(a).alias("p", "v")`: one name per column of a generator.
                names => Ok(to_expr(inner)?.aliases(names.iter().cloned())),
            }
        }
        ExprType::Cast(cast) => {
            let inner = cast
                .expr
                .as_deref()
                .ok_or_else(|| ConnectError::Invalid("a cast of nothing".into()))?;
            let to = match &cast.cast_to_type {
                Some(expression::cast::CastToType::Type(t)) => crate::types::from_proto(t)?,
                Some(expression::cast::CastToType::TypeStr(name)) => {
                    ember::expr::parse_type_name(name)?
                }
                None => return Err(ConnectError::Invalid("a cast to no type".into())),
            };
            use expression::cast::EvalMode;
            match cast.eval_mode() {
                EvalMode::Unspecified | EvalMode::Ansi => Ok(to_expr(inner)?.cast(to)),
                // `Column.try_cast`.
                EvalMode::Try => Ok(to_expr(inner)?.try_cast(to)),
                EvalMode::Legacy => Err(ConnectError::Unsupported(
                    "a cast in legacy (non-ANSI) mode".into(),
                )),
            }
        }
        ExprType::UnresolvedStar(_) => Err(ConnectError::Unsupported(
            "`*` outside a select or count(*)".into(),
        )),
        // `expr("..")`, `filter("..")`: SQL text, parsed as Spark parses it.
        ExprType::ExpressionString(text) => Ok(ember::expr(&text.expression)?),
        other => Err(ConnectError::Unsupported(format!(
            "the expression kind {}",
            expr_kind_name(other)
        ))),
    }
}

/// The name of an expression kind, for errors.
fn expr_kind_name(kind: &ExprType) -> &'static str {
    match kind {
        ExprType::UnresolvedRegex(_) => "unresolved_regex (colRegex)",
        ExprType::SortOrder(_) => "sort_order",
        ExprType::LambdaFunction(_) => "lambda_function",
        ExprType::Window(_) => "window (over)",
        ExprType::UpdateFields(_) => "update_fields",
        ExprType::UnresolvedNamedLambdaVariable(_) => "unresolved_named_lambda_variable",
        ExprType::CommonInlineUserDefinedFunction(_) => "user-defined function",
        ExprType::CallFunction(_) => "call_function",
        ExprType::NamedArgumentExpression(_) => "named_argument_expression",
        ExprType::MergeAction(_) => "merge_action",
        ExprType::TypedAggregateExpression(_) => "typed_aggregate_expression",
        ExprType::SubqueryExpression(_) => "subquery_expression",
        _ => "extension",
    }
}

/// `expression` as a column of a select list or a grouping: a field reached by a dotted name
/// (`col("j.user")`) is named by its last part (`user`), as Spark names it.
pub fn to_column(expression: &Expression, schema: &Schema) -> ConnectResult<Expr> {
    let expr = to_expr(expression, schema)?;
    if let (
        Some(ExprType::UnresolvedAttribute(attribute)),
        Expr::GetField { .. } | Expr::GetItem { .. },
    ) = (&expression.expr_type, &expr)
    {
        if let Some(last) = name_parts(&attribute.unparsed_identifier).pop() {
            return Ok(expr.alias(last));
        }
    }
    Ok(expr)
}

/// A column reference as Spark resolves it: the input's column of that whole name, or else
/// `column.field.key`: a column, then the struct fields (or map keys) below it, as
/// `col("j.user")` after `from_json`.
fn attribute_expr(identifier: &str, schema: &Schema) -> Expr {
    let whole = unquote(identifier);
    let parts = name_parts(identifier);
    match parts.split_first() {
        Some((column, path))
            if !path.is_empty()
                && schema.index_of(&whole).is_none()
                && schema.index_of(column).is_some() =>
        {
            path.iter().fold(f::col(column.clone()), |child, part| {
                extract_value(child, Expr::Literal(Value::String(part.clone())), schema)
            })
        }
        _ => f::col(whole),
    }
}

/// The parts of a dotted name, Spark's `parseAttributeName`: `a.b` is `a`, `b`; a backquoted
/// part keeps its dots (`` `a.b`.c `` is `a.b`, `c`; ``` `` ``` is a backquote).
fn name_parts(name: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' if quoted && chars.peek() == Some(&'`') => {
                chars.next();
                parts.last_mut().expect("a part").push('`');
            }
            '`' => quoted = !quoted,
            '.' if !quoted => parts.push(String::new()),
            c => parts.last_mut().expect("a part").push(c),
        }
    }
    parts
}

/// A column name without the backquotes a client may put around it.
pub fn unquote(name: &str) -> String {
    match name.strip_prefix('`').and_then(|n| n.strip_suffix('`')) {
        Some(inner) => inner.replace("``", "`"),
        None => name.to_string(),
    }
}

/// `child[extraction]`, as Spark's `UnresolvedExtractValue` resolves it: a struct's field
/// when `child` is a struct and `extraction` a string (named `s.field`), else an array's
/// element or a map's value (named `a[0]`, `m[key]`).
fn extract_value(child: Expr, extraction: Expr, schema: &Schema) -> Expr {
    if let Expr::Literal(Value::String(field)) = &extraction {
        if f::bind(&child, schema).is_ok_and(|b| matches!(b.data_type, DataType::Struct(_))) {
            return child.get_field(field.clone());
        }
    }
    child.get_item(extraction)
}

/// A call of a function by Spark's name.
fn call(function: &expression::UnresolvedFunction, schema: &Schema) -> ConnectResult<Expr> {
    let name = function.function_name.as_str();
    let raw = &function.arguments;
    // `count(*)`: the star is not an expression of its own.
    if name == "count"
        && matches!(raw.as_slice(), [a] if matches!(a.expr_type, Some(ExprType::UnresolvedStar(_))))
    {
        return Ok(f::count_star());
    }
    let args = || {
        raw.iter()
            .map(|e| to_expr(e, schema))
            .collect::<ConnectResult<Vec<Expr>>>()
    };
    // `count_distinct` and `sum_distinct` arrive as `count`/`sum` marked distinct.
    if function.is_distinct {
        return Ok(ember::expr::resolve_distinct(name, args()?)?);
    }
    if let Some(operator) = binary_operator(name) {
        return match args()?.as_slice() {
            [a, b] => Ok(operator(a.clone(), b.clone())),
            other => Err(arity(name, other.len())),
        };
    }
    Ok(match name {
        "when" => case_when(args()?)?,
        // PySpark's names for operators, in camel case.
        "isNull" => args()?.remove(0).is_null(),
        "isNotNull" => args()?.remove(0).is_not_null(),
        // PySpark sends a `StructType` schema as its JSON, which Spark reads as DDL's peer.
        "from_json" => {
            let mut args = args()?;
            if let Some(Expr::Literal(Value::String(schema))) = args.get_mut(1) {
                if schema.trim_start().starts_with('{') {
                    *schema = crate::types::ddl(&crate::types::from_json_type(schema)?);
                }
            }
            ember::expr::resolve(name, args)?
        }
        _ => ember::expr::resolve(name, args()?)?,
    })
}

/// Spark's binary operators by their Connect names.
fn binary_operator(name: &str) -> Option<fn(Expr, Expr) -> Expr> {
    Some(match name {
        "==" => Expr::eq,
        "!=" => Expr::not_eq,
        "<" => Expr::lt,
        "<=" => Expr::lt_eq,
        ">" => Expr::gt,
        ">=" => Expr::gt_eq,
        "and" => Expr::and,
        "or" => Expr::or,
        "+" => |a, b| a + b,
        "-" => |a, b| a - b,
        "*" => |a, b| a * b,
        "/" => |a, b| a / b,
        "%" => |a, b| a % b,
        _ => return None,
    })
}

fn arity(name: &str, given: usize) -> ConnectError {
    ConnectError::Ember(ember::Error::Analysis(format!(
        "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires a different number of \
         parameters but the actual number is {given}. SQLSTATE: 42605"
    )))
}

/// `when(c1, v1, c2, v2, ..., [otherwise])` as PySpark sends it.
fn case_when(args: Vec<Expr>) -> ConnectResult<Expr> {
    let mut pairs = args.chunks_exact(2);
    let mut expr: Option<Expr> = None;
    for pair in pairs.by_ref() {
        let (condition, value) = (pair[0].clone(), pair[1].clone());
        expr = Some(match expr {
            None => f::when(condition, value),
            Some(e) => e.when(condition, value),
        });
    }
    let mut expr = expr.ok_or_else(|| arity("when", 0))?;
    if let [otherwise] = pairs.remainder() {
        expr = expr.otherwise(otherwise.clone());
    }
    Ok(expr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::expression::literal::LiteralType;
    use crate::proto::expression::{Literal, UnresolvedAttribute, UnresolvedFunction};

    fn column(name: &str) -> Expression {
        Expression {
            expr_type: Some(ExprType::UnresolvedAttribute(UnresolvedAttribute {
                unparsed_identifier: name.into(),
                ..Default::default()
            })),
        }
    }

    fn string(s: &str) -> Expression {
        Expression {
            expr_type: Some(ExprType::Literal(Literal {
                literal_type: Some(LiteralType::String(s.into())),
            })),
        }
    }

    fn call(name: &str, arguments: Vec<Expression>) -> Expression {
        Expression {
            expr_type: Some(ExprType::UnresolvedFunction(UnresolvedFunction {
                function_name: name.into(),
                arguments,
                ..Default::default()
            })),
        }
    }

    fn extract(child: Expression, extraction: Expression) -> Expression {
        Expression {
            expr_type: Some(ExprType::UnresolvedExtractValue(Box::new(
                expression::UnresolvedExtractValue {
                    child: Some(Box::new(child)),
                    extraction: Some(Box::new(extraction)),
                },
            ))),
        }
    }

    #[test]
    fn extractions_are_a_structs_field_or_an_item_by_the_childs_type() {
        use ember::operators::Field;
        let schema = Schema::new(vec![
            Field::new("s", DataType::Struct(vec![Field::new("x", DataType::Long)])),
            Field::new(
                "m",
                DataType::Map(Box::new(DataType::String), Box::new(DataType::Long)),
            ),
            Field::new("a", DataType::Array(Box::new(DataType::Long))),
        ]);
        let bound = |e: Expression| {
            let bound = f::bind(&to_expr(&e, &schema).unwrap(), &schema).unwrap();
            (bound.name, bound.data_type)
        };
        // PySpark's `s.x`, `s["x"]`, `s.getField("x")`; `m["x"]`; `a[0]`.
        assert_eq!(
            bound(extract(column("s"), string("x"))),
            ("s.x".to_string(), DataType::Long)
        );
        assert_eq!(
            bound(extract(column("m"), string("x"))),
            ("m[x]".to_string(), DataType::Long)
        );
        let zero = Expression {
            expr_type: Some(ExprType::Literal(Literal {
                literal_type: Some(LiteralType::Integer(0)),
            })),
        };
        assert_eq!(
            bound(extract(column("a"), zero)),
            ("a[0]".to_string(), DataType::Long)
        );
    }

    #[test]
    fn dotted_names_reach_nested_fields() {
        use ember::operators::Field;
        assert_eq!(name_parts("a.b"), ["a", "b"]);
        assert_eq!(name_parts("`a.b`.c"), ["a.b", "c"]);
        assert_eq!(name_parts("`a``b`"), ["a`b"]);
        let schema = Schema::new(vec![
            Field::new(
                "j",
                DataType::Struct(vec![Field::new("user", DataType::String)]),
            ),
            Field::new("x.y", DataType::Long),
        ]);
        let bound = |name: &str| {
            let e = to_column(&column(name), &schema).unwrap();
            let bound = f::bind(&e, &schema).unwrap();
            (bound.name, bound.data_type)
        };
        // PySpark's `col("j.user")`, named `user` as a column, `j.user` inside an expression.
        assert_eq!(bound("j.user"), ("user".to_string(), DataType::String));
        assert_eq!(to_expr(&column("j.user"), &schema).unwrap().sql(), "j.user");
        // A column whose name has a dot is itself.
        assert_eq!(bound("x.y"), ("x.y".to_string(), DataType::Long));
        assert_eq!(bound("`x.y`"), ("x.y".to_string(), DataType::Long));
        // An unknown column is Spark's UNRESOLVED_COLUMN, by its whole name.
        let e = to_column(&column("nope.user"), &schema).unwrap();
        let err = f::bind(&e, &schema).unwrap_err().to_string();
        assert!(err.contains("name `nope.user` cannot be resolved"), "{err}");
    }

    #[test]
    fn pysparks_calls_become_embers_expressions() {
        let split = call("split", vec![column("value"), string(" ")]);
        let none = Schema::default();
        let e = to_expr(&call("explode", vec![split]), &none).unwrap();
        assert_eq!(e.sql(), f::explode(f::split(f::col("value"), " ")).sql());
        let err = to_expr(&call("no_such", vec![]), &none).unwrap_err();
        assert!(err
            .message()
            .starts_with("[UNRESOLVED_ROUTINE] Cannot resolve routine `no_such`"));
    }
}
