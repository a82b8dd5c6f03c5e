//! The SQL commands: `SqlCommand` (`spark.sql(query)`) and `CreateDataFrameViewCommand`
//! (`df.createOrReplaceTempView(name)`, `createTempView`). The session's temporary views are
//! its Ember session's; a `SQL` relation is planned by `Session::sql` (`relations.rs`).

use crate::errors::{ConnectError, ConnectResult};
use crate::proto::execute_plan_response::{ResponseType, SqlCommandResult};
use crate::proto::relation::RelType;
use crate::proto::{CreateDataFrameViewCommand, Relation, Sql, SqlCommand};
use crate::relations::to_dataframe;
use crate::sessions::ConnectSession;

/// `spark.sql(query)`: the query is parsed and analysed now, as Spark does (its errors are
/// raised by `spark.sql`), and the client receives the `SQL` relation to build on, as Spark
/// answers a query that is not a command.
pub fn sql_command(session: &ConnectSession, command: &SqlCommand) -> ConnectResult<ResponseType> {
    let sql = match command.input.as_ref().and_then(|r| r.rel_type.as_ref()) {
        Some(RelType::Sql(sql)) => sql.clone(),
        Some(_) => {
            return Err(ConnectError::Unsupported(
                "a SQL command over a relation".into(),
            ))
        }
        None => Sql {
            query: command.sql.clone(),
            ..Sql::default()
        },
    };
    if !command.args.is_empty()
        || !command.pos_args.is_empty()
        || !command.named_arguments.is_empty()
        || !command.pos_arguments.is_empty()
    {
        return Err(parameters());
    }
    let relation = Relation {
        common: None,
        rel_type: Some(RelType::Sql(sql)),
    };
    to_dataframe(&session.ember()?, &relation)?;
    Ok(ResponseType::SqlCommandResult(SqlCommandResult {
        relation: Some(relation),
    }))
}

/// The `SQL` relation: `Session::sql` of its query.
pub fn sql_relation(session: &ember::Session, sql: &Sql) -> ConnectResult<ember::DataFrame> {
    if !sql.args.is_empty()
        || !sql.pos_args.is_empty()
        || !sql.named_arguments.is_empty()
        || !sql.pos_arguments.is_empty()
    {
        return Err(parameters());
    }
    Ok(session.sql(&sql.query)?)
}

fn parameters() -> ConnectError {
    ConnectError::Unsupported("parameters of spark.sql (args)".into())
}

/// `df.createOrReplaceTempView(name)` (`replace`) or `df.createTempView(name)`; global views
/// are not supported.
pub fn create_view(
    session: &ConnectSession,
    command: &CreateDataFrameViewCommand,
) -> ConnectResult<()> {
    if command.is_global {
        return Err(ConnectError::Unsupported(
            "global temporary views (createGlobalTempView)".into(),
        ));
    }
    let input = command
        .input
        .as_ref()
        .ok_or_else(|| ConnectError::Invalid("a view of no relation".into()))?;
    let df = to_dataframe(&session.ember()?, input)?;
    if command.replace {
        df.create_or_replace_temp_view(&command.name)?;
    } else {
        df.create_temp_view(&command.name)?;
    }
    Ok(())
}
