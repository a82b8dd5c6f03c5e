//! `SELECT` statements → [`DataFrame`]s, through the same DataFrame methods a Rust program
//! calls (`table`, `join`, `filter`, `group_by().agg()`, `select`, `union`), so that a query and
//! its DataFrame form have the same plan and the same `explain()`.

use std::cell::RefCell;

use sqlparser::ast::{
    self, GroupByExpr, JoinConstraint, JoinOperator, SetExpr, SetOperator, SetQuantifier,
    Statement, TableFactor,
};

use super::errors::at_column;
use super::errors::unsupported;
use super::expressions::{name_parts, Item, Translator};
use super::parse;
use crate::dataframe::DataFrame;
use crate::error::Result;
use crate::expr::{col, Expr};
use crate::plan::JoinOn;
use crate::session::Session;

/// `spark.sql(text)`: parses one `SELECT` (or `UNION ALL` of them) and builds its DataFrame.
pub(crate) fn sql(session: &Session, text: &str) -> Result<DataFrame> {
    parse::on_deep_stack(|| plan(session, text)).map_err(|e| at_column(e, text))
}

fn plan(session: &Session, text: &str) -> Result<DataFrame> {
    match parse::statement(text)? {
        Statement::Query(query) => Planner { session, text }.query(&query),
        other => {
            let kind: String = other
                .to_string()
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            Err(unsupported(format!("the statement `{kind} ...`")))
        }
    }
}

struct Planner<'s> {
    session: &'s Session,
    /// The statement's text.
    text: &'s str,
}

impl Planner<'_> {
    fn query(&self, query: &ast::Query) -> Result<DataFrame> {
        let clause = if query.with.is_some() {
            Some("WITH")
        } else if query.order_by.is_some() {
            Some("ORDER BY")
        } else if query.limit_clause.is_some() || query.fetch.is_some() {
            Some("LIMIT")
        } else if !query.pipe_operators.is_empty() {
            Some("the pipe syntax")
        } else if !query.locks.is_empty()
            || query.for_clause.is_some()
            || query.settings.is_some()
            || query.format_clause.is_some()
        {
            Some("this query clause")
        } else {
            None
        };
        if let Some(clause) = clause {
            return Err(unsupported(clause));
        }
        self.set_expr(&query.body)
    }

    fn set_expr(&self, body: &SetExpr) -> Result<DataFrame> {
        match body {
            SetExpr::Select(select) => self.select(select),
            SetExpr::Query(query) => self.query(query),
            SetExpr::SetOperation {
                left,
                op: SetOperator::Union,
                set_quantifier: SetQuantifier::All,
                right,
            } => self.set_expr(left)?.union(&self.set_expr(right)?),
            SetExpr::SetOperation {
                op, set_quantifier, ..
            } => Err(unsupported(
                format!("{op} {set_quantifier}").trim().to_string(),
            )),
            other => Err(unsupported(format!("the query `{other}`"))),
        }
    }

    fn select(&self, select: &ast::Select) -> Result<DataFrame> {
        refuse_clauses(select)?;
        let (mut df, qualifiers) = match select.from.as_slice() {
            [from] => self.from(from)?,
            [] => return Err(unsupported("SELECT without FROM")),
            _ => return Err(unsupported("a FROM list (write JOIN)")),
        };
        let scope = Translator {
            qualifiers,
            aggregates: None,
            text: self.text,
        };
        if let Some(condition) = &select.selection {
            df = df.filter(scope.expr(condition)?)?;
        }
        let items = select
            .projection
            .iter()
            .map(|item| scope.item(item))
            .collect::<Result<Vec<Item>>>()?;
        let group_by = match &select.group_by {
            GroupByExpr::Expressions(keys, modifiers) if modifiers.is_empty() => keys,
            other => return Err(unsupported(format!("`{other}`"))),
        };
        let aggregating = !group_by.is_empty()
            || select.having.is_some()
            || items
                .iter()
                .any(|i| matches!(i, Item::Expr(e) if e.contains_aggregate()));
        if aggregating {
            df = aggregate(&df, &scope, group_by, items, select.having.as_ref())?;
        } else if !matches!(items.as_slice(), [Item::Star]) {
            let exprs: Vec<Expr> = items
                .into_iter()
                .flat_map(|item| item.expand(df.schema()))
                .collect();
            df = df.select(exprs)?;
        }
        match &select.distinct {
            None | Some(ast::Distinct::All) => Ok(df),
            Some(ast::Distinct::Distinct) => df.drop_duplicates(None),
            Some(ast::Distinct::On(_)) => Err(unsupported("DISTINCT ON")),
        }
    }

    /// A relation and its joins, with the names that qualify its columns.
    fn from(&self, from: &ast::TableWithJoins) -> Result<(DataFrame, Vec<String>)> {
        let (mut df, mut qualifiers) = self.relation(&from.relation)?;
        for join in &from.joins {
            let (right, right_names) = self.relation(&join.relation)?;
            qualifiers.extend(right_names);
            let scope = Translator {
                qualifiers: qualifiers.clone(),
                aggregates: None,
                text: self.text,
            };
            let (how, constraint) = join_type(&join.join_operator)?;
            let on = match constraint {
                JoinConstraint::On(condition) => JoinOn::Condition(scope.expr(condition)?),
                JoinConstraint::Using(names) => {
                    JoinOn::Columns(names.iter().map(|n| unquoted(&n.to_string())).collect())
                }
                other => return Err(unsupported(format!("the join constraint {other:?}"))),
            };
            df = df.join(&right, on, how)?;
        }
        Ok((df, qualifiers))
    }

    fn relation(&self, relation: &TableFactor) -> Result<(DataFrame, Vec<String>)> {
        match relation {
            TableFactor::Table {
                name,
                alias,
                args: None,
                with_hints,
                version: None,
                partitions,
                sample: None,
                ..
            } if with_hints.is_empty() && partitions.is_empty() => {
                let parts = name_parts(name);
                let df = self.session.table(&parts.join("."))?;
                let qualifier = match alias {
                    Some(alias) => alias.name.value.clone(),
                    None => parts.last().cloned().unwrap_or_default(),
                };
                Ok((df, vec![qualifier]))
            }
            TableFactor::Derived {
                lateral: false,
                subquery,
                alias,
                sample: None,
            } => {
                let df = self.query(subquery)?;
                Ok((df, alias.iter().map(|a| a.name.value.clone()).collect()))
            }
            other => Err(unsupported(format!("the relation `{other}`"))),
        }
    }
}

fn unquoted(name: &str) -> String {
    name.strip_prefix('`')
        .and_then(|n| n.strip_suffix('`'))
        .map_or_else(|| name.to_string(), |n| n.replace("``", "`"))
}

fn join_type(operator: &JoinOperator) -> Result<(&'static str, &JoinConstraint)> {
    Ok(match operator {
        JoinOperator::Join(c) | JoinOperator::Inner(c) => ("inner", c),
        JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => ("left_outer", c),
        JoinOperator::Right(c) | JoinOperator::RightOuter(c) => ("right_outer", c),
        JoinOperator::FullOuter(c) => ("full_outer", c),
        JoinOperator::Semi(c) | JoinOperator::LeftSemi(c) => ("left_semi", c),
        JoinOperator::Anti(c) | JoinOperator::LeftAnti(c) => ("left_anti", c),
        other => return Err(unsupported(format!("the join `{other:?}`"))),
    })
}

/// Refuses the clauses of a `SELECT` that Ember does not run, rather than ignore them.
fn refuse_clauses(select: &ast::Select) -> Result<()> {
    let refused = [
        (select.top.is_some(), "TOP"),
        (select.into.is_some(), "SELECT INTO"),
        (!select.lateral_views.is_empty(), "LATERAL VIEW"),
        (select.prewhere.is_some(), "PREWHERE"),
        (!select.connect_by.is_empty(), "CONNECT BY"),
        (!select.cluster_by.is_empty(), "CLUSTER BY"),
        (!select.distribute_by.is_empty(), "DISTRIBUTE BY"),
        (!select.sort_by.is_empty(), "SORT BY"),
        (!select.named_window.is_empty(), "WINDOW"),
        (select.qualify.is_some(), "QUALIFY"),
        (select.exclude.is_some(), "EXCLUDE"),
        (select.value_table_mode.is_some(), "SELECT AS VALUE"),
    ];
    match refused.iter().find(|(present, _)| *present) {
        Some((_, clause)) => Err(unsupported(clause)),
        None => Ok(()),
    }
}

/// `GROUP BY` / aggregates / `HAVING`: `group_by(keys).agg(aggregates)`, then a `filter` for
/// `HAVING` and a `select` only when the `SELECT` list is not the keys then the aggregates.
fn aggregate(
    df: &DataFrame,
    scope: &Translator,
    group_by: &[ast::Expr],
    items: Vec<Item>,
    having: Option<&ast::Expr>,
) -> Result<DataFrame> {
    let items: Vec<Expr> = items
        .into_iter()
        .map(|item| match item {
            Item::Expr(e) => Ok(e),
            Item::Star => Err(unsupported("`*` in an aggregation's SELECT list")),
        })
        .collect::<Result<_>>()?;
    let mut keys: Vec<Expr> = Vec::new();
    for key in group_by {
        keys.push(group_key(df, scope, key, &items)?);
    }
    // A key the SELECT list aliases takes the alias, as Spark names the column.
    for key in &mut keys {
        let text = key.unaliased().0.sql();
        if let Some(aliased) = items
            .iter()
            .find(|i| matches!(i, Expr::Alias { .. }) && i.unaliased().0.sql() == text)
        {
            *key = aliased.clone();
        }
    }
    let mut aggregates: Vec<Expr> = Vec::new();
    let mut output: Vec<Expr> = Vec::new();
    for item in &items {
        match keys.iter().find(|k| refers_to_key(item, k)) {
            Some(key) if !item.contains_aggregate() => {
                let name = key.output_name();
                output.push(match item {
                    Expr::Alias { name: alias, .. } if *alias != name => col(name).alias(alias),
                    _ => col(name),
                });
            }
            // Computed from the keys after the aggregation: `SELECT window.start`.
            _ if !item.contains_aggregate() && only_key_columns(item, &keys) => {
                output.push(item.clone());
            }
            _ => {
                output.push(col(item.output_name()));
                aggregates.push(item.clone());
            }
        }
    }
    let selected = aggregates.len();
    let condition = match having {
        Some(having) => {
            let extra = RefCell::new(aggregates);
            let condition = Translator {
                qualifiers: scope.qualifiers.clone(),
                aggregates: Some(&extra),
                text: scope.text,
            }
            .expr(having)?;
            aggregates = extra.into_inner();
            Some(condition)
        }
        None => None,
    };
    let mut result = df.group_by(keys.clone())?.agg(aggregates.clone())?;
    if let Some(condition) = condition {
        result = result.filter(condition)?;
    }
    let natural: Vec<String> = keys
        .iter()
        .chain(&aggregates[..selected])
        .map(Expr::output_name)
        .collect();
    let wanted: Vec<String> = output.iter().map(Expr::output_name).collect();
    let plain = output.iter().all(|e| matches!(e, Expr::Column(_, _)));
    if plain && natural == wanted && aggregates.len() == selected {
        Ok(result)
    } else {
        result.select(output)
    }
}

/// A `GROUP BY` item: an expression, a `SELECT` alias (`GROUP BY win`) or a position
/// (`GROUP BY 1`).
fn group_key(df: &DataFrame, scope: &Translator, key: &ast::Expr, items: &[Expr]) -> Result<Expr> {
    if let ast::Expr::Identifier(ident) = key {
        if df.schema().index_of(&ident.value).is_none() {
            if let Some(item) = items
                .iter()
                .find(|i| matches!(i, Expr::Alias { name, .. } if name.eq_ignore_ascii_case(&ident.value)))
            {
                return Ok(item.clone());
            }
        }
    }
    if let ast::Expr::Value(value) = key {
        if let ast::Value::Number(n, false) = &value.value {
            if let Some(item) = n
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i.wrapping_sub(1)))
            {
                return Ok(item.clone());
            }
        }
    }
    scope.expr(key)
}

/// Whether a `SELECT` item is (or names) the grouping key: the same expression, or the key's
/// column by name (`SELECT window ... GROUP BY window(ts, '10 minutes')`).
fn refers_to_key(item: &Expr, key: &Expr) -> bool {
    let item = item.unaliased().0;
    if item.sql() == key.unaliased().0.sql() {
        return true;
    }
    matches!(item, Expr::Column(name, _) if name.eq_ignore_ascii_case(&key.output_name()))
}

/// Whether every column `e` reads is a key's output column.
fn only_key_columns(e: &Expr, keys: &[Expr]) -> bool {
    match e {
        Expr::Column(name, _) => keys
            .iter()
            .any(|k| k.output_name().eq_ignore_ascii_case(name)),
        _ => e.children().into_iter().all(|c| only_key_columns(c, keys)),
    }
}
