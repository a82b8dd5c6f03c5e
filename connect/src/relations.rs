//! Spark Connect relations as Ember DataFrames: `Read` (every source format Ember has, with
//! options and a DDL schema, streaming or not), `Project`, `Filter`, `WithColumns`,
//! `WithColumnsRenamed`, `Drop`, `Aggregate`, `WithWatermark`, `Deduplicate`,
//! `SubqueryAlias`, `Join` and `SetOperation` (union).

use ember::expr::{col, Expr};
use ember::operators::Schema;
use ember::plan::JoinOn;
use ember::{DataFrame, Session};

use crate::errors::{ConnectError, ConnectResult};
use crate::expressions::{to_column, to_expr};
use crate::proto::expression::ExprType;
use crate::proto::relation::RelType;
use crate::proto::{join, read, set_operation, Expression, Relation};

/// `relation` as a DataFrame of `session`.
pub fn to_dataframe(session: &Session, relation: &Relation) -> ConnectResult<DataFrame> {
    let kind = relation
        .rel_type
        .as_ref()
        .ok_or_else(|| ConnectError::Invalid("a relation without a kind".into()))?;
    let input = |input: &Option<Box<Relation>>| -> ConnectResult<DataFrame> {
        let input = input
            .as_deref()
            .ok_or_else(|| ConnectError::Invalid("a relation without its input".into()))?;
        to_dataframe(session, input)
    };
    Ok(match kind {
        RelType::Read(read) => read_relation(session, read)?,
        RelType::Sql(sql) => crate::sql::sql_relation(session, sql)?,
        RelType::Project(project) => {
            let df = input(&project.input)?;
            let exprs = select_list(&df, &project.expressions)?;
            df.select(exprs)?
        }
        RelType::Filter(filter) => {
            let condition = filter
                .condition
                .as_ref()
                .ok_or_else(|| ConnectError::Invalid("a filter without a condition".into()))?;
            let df = input(&filter.input)?;
            let condition = to_expr(condition, df.schema())?;
            df.filter(condition)?
        }
        RelType::WithColumns(with) => {
            let mut df = input(&with.input)?;
            for alias in &with.aliases {
                let expr = alias
                    .expr
                    .as_deref()
                    .ok_or_else(|| ConnectError::Invalid("withColumn of nothing".into()))?;
                let [name] = alias.name.as_slice() else {
                    return Err(ConnectError::Unsupported(
                        "withColumns of a multi-part name".into(),
                    ));
                };
                let expr = to_expr(expr, df.schema())?;
                df = df.with_column(name, expr)?;
            }
            df
        }
        RelType::WithColumnsRenamed(renamed) => {
            let mut df = input(&renamed.input)?;
            for (old, new) in &renamed.rename_columns_map {
                df = df.with_column_renamed(old, new)?;
            }
            for rename in &renamed.renames {
                df = df.with_column_renamed(&rename.col_name, &rename.new_col_name)?;
            }
            df
        }
        RelType::Drop(drop) => {
            let df = input(&drop.input)?;
            let mut names: Vec<String> = drop.column_names.clone();
            for column in &drop.columns {
                match column.expr_type.as_ref() {
                    Some(ExprType::UnresolvedAttribute(a)) => {
                        names.push(a.unparsed_identifier.clone())
                    }
                    _ => return Err(ConnectError::Unsupported("drop of an expression".into())),
                }
            }
            df.drop(names.iter().map(String::as_str))?
        }
        RelType::Aggregate(aggregate) => {
            use crate::proto::aggregate::GroupType;
            if aggregate.group_type() != GroupType::Groupby {
                return Err(ConnectError::Unsupported(format!(
                    "aggregation of type {:?}",
                    aggregate.group_type()
                )));
            }
            let df = input(&aggregate.input)?;
            let columns = |list: &[Expression]| {
                list.iter()
                    .map(|e| to_column(e, df.schema()))
                    .collect::<ConnectResult<Vec<Expr>>>()
            };
            let keys = columns(&aggregate.grouping_expressions)?;
            let aggregates = columns(&aggregate.aggregate_expressions)?;
            df.group_by(keys)?.agg(aggregates)?
        }
        RelType::WithWatermark(watermark) => input(&watermark.input)?
            .with_watermark(&watermark.event_time, &watermark.delay_threshold)?,
        RelType::Deduplicate(dedup) => {
            if dedup.within_watermark() {
                return Err(ConnectError::Unsupported(
                    "dropDuplicatesWithinWatermark".into(),
                ));
            }
            let df = input(&dedup.input)?;
            if dedup.all_columns_as_keys() || dedup.column_names.is_empty() {
                df.drop_duplicates(None)?
            } else {
                df.drop_duplicates(Some(
                    dedup.column_names.iter().map(String::as_str).collect(),
                ))?
            }
        }
        RelType::SubqueryAlias(alias) => input(&alias.input)?,
        RelType::Join(j) => {
            let left = input(&j.left)?;
            let right = input(&j.right)?;
            let how = match j.join_type() {
                join::JoinType::Inner | join::JoinType::Unspecified => "inner",
                join::JoinType::LeftOuter => "left_outer",
                join::JoinType::RightOuter => "right_outer",
                join::JoinType::FullOuter => "full_outer",
                join::JoinType::LeftSemi => "left_semi",
                join::JoinType::LeftAnti => "left_anti",
                join::JoinType::Cross => "cross",
            };
            let on = match &j.join_condition {
                Some(condition) => {
                    // The condition sees both sides' columns.
                    let both = [&left.schema().fields[..], &right.schema().fields[..]].concat();
                    JoinOn::Condition(to_expr(condition, &Schema::new(both))?)
                }
                None => JoinOn::Columns(j.using_columns.clone()),
            };
            left.join(&right, on, how)?
        }
        RelType::SetOp(op) => {
            let left = input(&op.left_input)?;
            let right = input(&op.right_input)?;
            match op.set_op_type() {
                set_operation::SetOpType::Union if op.by_name() => {
                    if op.allow_missing_columns() {
                        return Err(ConnectError::Unsupported(
                            "unionByName with allowMissingColumns".into(),
                        ));
                    }
                    left.union_by_name(&right)?
                }
                set_operation::SetOpType::Union => left.union(&right)?,
                other => {
                    return Err(ConnectError::Unsupported(format!(
                        "the set operation {other:?}"
                    )))
                }
            }
        }
        other => {
            return Err(ConnectError::Unsupported(format!(
                "the relation `{}`",
                relation_name(other)
            )))
        }
    })
}

/// A select list: `*` expands to the input's columns.
fn select_list(df: &DataFrame, expressions: &[Expression]) -> ConnectResult<Vec<Expr>> {
    let mut exprs = Vec::with_capacity(expressions.len());
    for e in expressions {
        match e.expr_type.as_ref() {
            Some(ExprType::UnresolvedStar(star)) => match star.unparsed_target.as_deref() {
                None => exprs.extend(df.schema().fields.iter().map(|f| col(f.name.clone()))),
                // `select("j.*")`: the fields of struct column `j`, by their names.
                Some(target) => exprs.extend(struct_fields(df, target)?),
            },
            // `selectExpr("*", "a + 1 AS b")`: SQL text, `*` included.
            Some(ExprType::ExpressionString(text)) => {
                exprs.extend(ember::sql::select_items(&text.expression, df.schema())?);
            }
            _ => exprs.push(to_column(e, df.schema())?),
        }
    }
    Ok(exprs)
}

/// The columns `target` (`name.*`) names: each field of struct column `name`, as itself.
fn struct_fields(df: &DataFrame, target: &str) -> ConnectResult<Vec<Expr>> {
    let name = crate::expressions::unquote(target.strip_suffix(".*").unwrap_or(target));
    let column = col(name.clone());
    let analysis = |message: String| ConnectError::Ember(ember::Error::Analysis(message));
    match ember::expr::bind(&column, df.schema()).map(|bound| bound.data_type) {
        Ok(ember::operators::DataType::Struct(fields)) => Ok(fields
            .iter()
            .map(|f| {
                column
                    .clone()
                    .get_field(f.name.clone())
                    .alias(f.name.clone())
            })
            .collect()),
        // Spark's words (PySpark 4.3 through Spark's Connect server).
        Ok(_) => Err(analysis(format!(
            "Can only star expand struct data types. Attribute: `List({name})`."
        ))),
        Err(_) => Err(analysis(format!(
            "[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve `{name}`.* given input columns . Please \
             check that the specified table or struct exists and is accessible in the input \
             columns. SQLSTATE: 42704"
        ))),
    }
}

/// `spark.readStream...load()` or `spark.read...load()`.
fn read_relation(session: &Session, read: &crate::proto::Read) -> ConnectResult<DataFrame> {
    let source = match &read.read_type {
        Some(read::ReadType::DataSource(source)) => source,
        Some(read::ReadType::NamedTable(table)) if !read.is_streaming => {
            return Ok(session.table(&table.unparsed_identifier)?)
        }
        Some(read::ReadType::NamedTable(_)) => {
            return Err(ConnectError::Unsupported("readStream.table".into()))
        }
        None => return Err(ConnectError::Invalid("a read of nothing".into())),
    };
    let mut reader = if read.is_streaming {
        session.read_stream()
    } else {
        session.read()
    };
    if let Some(format) = &source.format {
        reader = reader.format(format);
    }
    if let Some(schema) = source.schema.as_deref().filter(|s| !s.is_empty()) {
        reader = reader.schema(schema);
    }
    let mut options: Vec<(&String, &String)> = source.options.iter().collect();
    options.sort();
    for (key, value) in options {
        reader = reader.option(key, value);
    }
    Ok(match source.paths.as_slice() {
        [] => reader.load()?,
        [path] => reader.load_path(path)?,
        _ => return Err(ConnectError::Unsupported("a read of several paths".into())),
    })
}

/// The protocol's name of a relation kind, for errors.
fn relation_name(kind: &RelType) -> &'static str {
    match kind {
        RelType::Sort(_) => "sort",
        RelType::Limit(_) => "limit",
        RelType::Sql(_) => "sql",
        RelType::LocalRelation(_) => "local_relation",
        RelType::Sample(_) => "sample",
        RelType::Offset(_) => "offset",
        RelType::Range(_) => "range",
        RelType::Repartition(_) => "repartition",
        RelType::ToDf(_) => "to_df",
        RelType::ShowString(_) => "show_string",
        RelType::Tail(_) => "tail",
        RelType::Hint(_) => "hint",
        RelType::Unpivot(_) => "unpivot",
        RelType::ToSchema(_) => "to_schema",
        RelType::RepartitionByExpression(_) => "repartition_by_expression",
        RelType::MapPartitions(_) => "map_partitions",
        RelType::CollectMetrics(_) => "collect_metrics",
        RelType::Parse(_) => "parse",
        RelType::GroupMap(_) => "group_map",
        RelType::CoGroupMap(_) => "co_group_map",
        RelType::ApplyInPandasWithState(_) => "apply_in_pandas_with_state",
        RelType::HtmlString(_) => "html_string",
        RelType::CachedLocalRelation(_) => "cached_local_relation",
        RelType::CachedRemoteRelation(_) => "cached_remote_relation",
        RelType::CommonInlineUserDefinedTableFunction(_) => "user-defined table function",
        RelType::AsOfJoin(_) => "as_of_join",
        RelType::CommonInlineUserDefinedDataSource(_) => "user-defined data source",
        RelType::WithRelations(_) => "with_relations",
        RelType::Transpose(_) => "transpose",
        RelType::UnresolvedTableValuedFunction(_) => "table-valued function",
        RelType::LateralJoin(_) => "lateral_join",
        RelType::FillNa(_) => "fill_na",
        RelType::DropNa(_) => "drop_na",
        RelType::Replace(_) => "replace",
        RelType::Summary(_) => "summary",
        RelType::Crosstab(_) => "crosstab",
        RelType::Describe(_) => "describe",
        RelType::Cov(_) => "cov",
        RelType::Corr(_) => "corr",
        RelType::ApproxQuantile(_) => "approx_quantile",
        RelType::FreqItems(_) => "freq_items",
        RelType::SampleBy(_) => "sample_by",
        RelType::Catalog(_) => "catalog",
        RelType::MlRelation(_) => "ml_relation",
        _ => "extension",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session::builder()
            .config("spark.ui.enabled", "false")
            .get_or_create()
            .unwrap()
    }

    #[test]
    fn a_relation_ember_does_not_run_is_refused_by_its_name() {
        let sort = Relation {
            common: None,
            rel_type: Some(RelType::Sort(vec![])),
        };
        let err = to_dataframe(&session(), &sort).unwrap_err();
        assert_eq!(
            err.message(),
            "[UNSUPPORTED_FEATURE] The feature is not supported: the relation `sort` (Ember's \
             Spark Connect server). SQLSTATE: 0A000"
        );
        let empty = Relation::default();
        assert_eq!(
            to_dataframe(&session(), &empty).unwrap_err().message(),
            "a relation without a kind"
        );
    }
}
