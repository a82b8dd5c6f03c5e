//! The streaming commands: `WriteStreamOperationStart` (start a query),
//! `StreamingQueryCommand` (a query's status, progress, stop, await, ...) and
//! `StreamingQueryManagerCommand` (`spark.streams`). Each may block (awaiting a query), so the
//! service runs them off the async runtime.

use std::time::Duration;

use ember::{StreamingQuery, Trigger};

use crate::errors::{ConnectError, ConnectResult};
use crate::proto::execute_plan_response::ResponseType;
use crate::proto::streaming_query_command::Command as QueryCommand;
use crate::proto::streaming_query_command_result as query_result;
use crate::proto::streaming_query_manager_command::Command as ManagerCommand;
use crate::proto::streaming_query_manager_command_result as manager_result;
use crate::proto::write_stream_operation_start::{SinkDestination, Trigger as ProtoTrigger};
use crate::proto::{
    StreamingQueryCommand, StreamingQueryCommandResult, StreamingQueryInstanceId,
    StreamingQueryManagerCommand, StreamingQueryManagerCommandResult, WriteStreamOperationStart,
    WriteStreamOperationStartResult,
};
use crate::relations::to_dataframe;
use crate::sessions::ConnectSession;

fn instance_id(query: &StreamingQuery) -> StreamingQueryInstanceId {
    StreamingQueryInstanceId {
        id: query.id().to_string(),
        run_id: query.run_id().to_string(),
    }
}

/// Starts the query `start` describes in `session`.
pub fn start_query(
    session: &ConnectSession,
    start: &WriteStreamOperationStart,
) -> ConnectResult<StreamingQuery> {
    if !start.partitioning_column_names.is_empty() {
        return Err(ConnectError::Unsupported(
            "writeStream.partitionBy: Ember's file sinks write unpartitioned".into(),
        ));
    }
    if !start.foreach_batch.is_empty() || !start.foreach_writer.is_empty() {
        return Err(ConnectError::Unsupported(
            "foreachBatch and foreach: their Python functions cannot run in Ember's server; \
             write to a sink format instead"
                .into(),
        ));
    }
    let input = start
        .input
        .as_ref()
        .ok_or_else(|| ConnectError::Invalid("writeStream of nothing".into()))?;
    let df = to_dataframe(&session.ember()?, input)?;
    let mut writer = df.write_stream();
    if !start.format.is_empty() {
        writer = writer.format(&start.format);
    }
    let mut options: Vec<(&String, &String)> = start.options.iter().collect();
    options.sort();
    for (key, value) in options {
        writer = writer.option(key, value);
    }
    match &start.sink_destination {
        Some(SinkDestination::Path(path)) => writer = writer.option("path", path),
        Some(SinkDestination::TableName(table)) => {
            return Err(ConnectError::Unsupported(format!(
                "writeStream.toTable(`{table}`)"
            )))
        }
        None => {}
    }
    writer = match &start.trigger {
        None => writer,
        Some(ProtoTrigger::ProcessingTimeInterval(interval)) => {
            writer.trigger(Trigger::processing_time(interval.as_str()))
        }
        Some(ProtoTrigger::AvailableNow(_)) => writer.trigger(Trigger::AvailableNow),
        Some(ProtoTrigger::Once(_)) => writer.trigger(Trigger::Once),
        Some(ProtoTrigger::ContinuousCheckpointInterval(_)) => {
            return Err(ConnectError::Unsupported("the continuous trigger".into()))
        }
    };
    if !start.output_mode.is_empty() {
        writer = writer.output_mode(&start.output_mode);
    }
    if !start.query_name.is_empty() {
        writer = writer.query_name(&start.query_name);
    }
    let query = writer.start()?;
    session.add_query(query.clone());
    Ok(query)
}

/// The response to a started query.
pub fn started(query: &StreamingQuery) -> ResponseType {
    ResponseType::WriteStreamOperationStartResult(WriteStreamOperationStartResult {
        query_id: Some(instance_id(query)),
        name: query.name().unwrap_or_default().to_string(),
        query_started_event_json: None,
    })
}

/// Carries out a command on one query.
pub fn query_command(
    session: &ConnectSession,
    command: &StreamingQueryCommand,
) -> ConnectResult<ResponseType> {
    let id = command
        .query_id
        .as_ref()
        .ok_or_else(|| ConnectError::Invalid("a query command without a query id".into()))?;
    let query = session.query(&id.id)?;
    let result = match command.command.as_ref() {
        Some(QueryCommand::Status(_)) => {
            let status = query.status();
            Some(query_result::ResultType::Status(
                query_result::StatusResult {
                    status_message: status.message,
                    is_data_available: status.is_data_available,
                    is_trigger_active: status.is_trigger_active,
                    is_active: query.is_active(),
                },
            ))
        }
        Some(QueryCommand::LastProgress(_)) => Some(progress_result(query.last_progress())),
        Some(QueryCommand::RecentProgress(_)) => Some(progress_result(query.recent_progress())),
        Some(QueryCommand::Stop(_)) => {
            query.stop()?;
            None
        }
        Some(QueryCommand::ProcessAllAvailable(_)) => {
            query.process_all_available()?;
            None
        }
        Some(QueryCommand::Explain(_)) => Some(query_result::ResultType::Explain(
            query_result::ExplainResult {
                result: query.explain_string().to_string(),
            },
        )),
        Some(QueryCommand::Exception(_)) => {
            let exception = query.exception().map(|e| e.to_string());
            Some(query_result::ResultType::Exception(
                query_result::ExceptionResult {
                    error_class: exception.as_deref().and_then(ember::error::error_class),
                    exception_message: exception,
                    stack_trace: None,
                },
            ))
        }
        Some(QueryCommand::AwaitTermination(wait)) => {
            let terminated = match wait.timeout_ms {
                Some(ms) => {
                    query.await_termination_timeout(Duration::from_millis(ms.max(0) as u64))?
                }
                None => query.await_termination().map(|()| true)?,
            };
            Some(query_result::ResultType::AwaitTermination(
                query_result::AwaitTerminationResult { terminated },
            ))
        }
        None => return Err(ConnectError::Invalid("an empty query command".into())),
    };
    Ok(ResponseType::StreamingQueryCommandResult(
        StreamingQueryCommandResult {
            query_id: Some(instance_id(&query)),
            result_type: result,
        },
    ))
}

fn progress_result(
    progress: impl IntoIterator<Item = ember::StreamingQueryProgress>,
) -> query_result::ResultType {
    query_result::ResultType::RecentProgress(query_result::RecentProgressResult {
        recent_progress_json: progress.into_iter().map(|p| p.json()).collect(),
    })
}

/// Carries out a `spark.streams` command on the session's queries.
pub fn manager_command(
    session: &ConnectSession,
    command: &StreamingQueryManagerCommand,
) -> ConnectResult<ResponseType> {
    let instance = |q: &StreamingQuery| manager_result::StreamingQueryInstance {
        id: Some(instance_id(q)),
        name: q.name().map(String::from),
    };
    let ember = session.ember()?;
    let streams = ember.streams();
    let result = match command.command.as_ref() {
        Some(ManagerCommand::Active(_)) => Some(manager_result::ResultType::Active(
            manager_result::ActiveResult {
                active_queries: streams.active().iter().map(instance).collect(),
            },
        )),
        Some(ManagerCommand::GetQuery(id)) => streams
            .get(id)
            .map(|q| manager_result::ResultType::Query(instance(&q))),
        Some(ManagerCommand::AwaitAnyTermination(wait)) => {
            let terminated = match wait.timeout_ms {
                Some(ms) => streams
                    .await_any_termination_timeout(Duration::from_millis(ms.max(0) as u64))?,
                None => streams.await_any_termination().map(|()| true)?,
            };
            Some(manager_result::ResultType::AwaitAnyTermination(
                manager_result::AwaitAnyTerminationResult { terminated },
            ))
        }
        Some(ManagerCommand::ResetTerminated(_)) => {
            streams.reset_terminated();
            Some(manager_result::ResultType::ResetTerminated(true))
        }
        Some(ManagerCommand::AddListener(_) | ManagerCommand::RemoveListener(_)) => {
            return Err(ConnectError::Unsupported(
                "streaming query listeners: their Python code cannot run in Ember's server".into(),
            ))
        }
        Some(ManagerCommand::ListListeners(_)) => {
            return Err(ConnectError::Unsupported("listing listeners".into()))
        }
        None => return Err(ConnectError::Invalid("an empty manager command".into())),
    };
    Ok(ResponseType::StreamingQueryManagerCommandResult(
        StreamingQueryManagerCommandResult {
            result_type: result,
        },
    ))
}
