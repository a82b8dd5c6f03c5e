//! The `SparkConnectService`: each RPC's request turned into Ember calls, and back.
//!
//! `ExecutePlan` answers with the command's result then `ResultComplete`, echoing the
//! client's session id and the server's, under the operation's id; the responses are kept
//! until the client releases the operation, so that `ReattachExecute` can send them again.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use tokio_stream::Stream;
use tonic::{Request, Response, Status};

use crate::commands;
use crate::errors::{ConnectError, ConnectResult};
use crate::forward::Forwarder;
use crate::proto::analyze_plan_request::Analyze;
use crate::proto::analyze_plan_response as analyzed;
use crate::proto::command::CommandType;
use crate::proto::config_request::operation::OpType;
use crate::proto::execute_plan_response::{ResponseType, ResultComplete};
use crate::proto::plan::OpType as PlanOp;
use crate::proto::spark_connect_service_server::SparkConnectService;
use crate::proto::*;
use crate::relations::to_dataframe;
use crate::sessions::{new_id, ConnectSession, Sessions};

/// The Spark version the server answers `spark.version` with: the protocol it speaks.
const SPARK_VERSION: &str = "4.0.1";

type ResponseStream = Pin<Box<dyn Stream<Item = Result<ExecutePlanResponse, Status>> + Send>>;

/// The server's state: the client sessions, the operations not yet released, and the
/// other processes of a cluster, which start every query too.
pub struct Service {
    sessions: Arc<Sessions>,
    operations: Mutex<HashMap<String, Vec<ExecutePlanResponse>>>,
    forwarder: Option<Arc<Forwarder>>,
}

impl Service {
    /// A service over `sessions`; with a `forwarder`, every query started (and every view
    /// made) is also started (made) on the cluster's other processes.
    pub fn new(sessions: Arc<Sessions>, forwarder: Option<Arc<Forwarder>>) -> Self {
        Service {
            sessions,
            operations: Mutex::new(HashMap::new()),
            forwarder,
        }
    }

    fn session(&self, id: &str) -> Result<Arc<ConnectSession>, Status> {
        self.sessions.get(id).map_err(ConnectError::into_status)
    }
}

/// Runs `work` off the async runtime (Ember's calls block).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> ConnectResult<T> + Send + 'static,
) -> Result<T, Status> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(ConnectError::into_status),
        Err(e) => Err(Status::internal(format!("a request's task failed: {e}"))),
    }
}

/// Carries out a plan: a streaming command (a query's start, or a command on a query or on
/// `spark.streams`). Relations to collect are refused: results travel as Arrow batches, which
/// Ember's server does not write.
fn execute(
    session: &ConnectSession,
    plan: &Plan,
    forwarder: Option<&Forwarder>,
) -> ConnectResult<Option<ResponseType>> {
    let command = match plan.op_type.as_ref() {
        Some(PlanOp::Command(command)) => command,
        Some(PlanOp::Root(_)) => {
            return Err(ConnectError::Unsupported(
                "collecting a DataFrame's rows to the client (collect, show, toPandas); write \
                 a stream to a sink instead"
                    .into(),
            ))
        }
        Some(PlanOp::CompressedOperation(_)) => {
            return Err(ConnectError::Unsupported("compressed plans".into()))
        }
        None => return Err(ConnectError::Invalid("an empty plan".into())),
    };
    match command.command_type.as_ref() {
        Some(CommandType::WriteStreamOperationStart(start)) => {
            // Process 0 first: a query it refuses is never started on the other processes.
            // Its workers then wait for theirs to connect.
            let query = commands::start_query(session, start)?;
            if let Some(forwarder) = forwarder {
                let forwarded = CommandType::WriteStreamOperationStart(start.clone());
                if let Err(e) = forwarder.forward(&session.key, &session.conf_all(), forwarded) {
                    let _ = query.stop();
                    return Err(e);
                }
            }
            Ok(Some(commands::started(&query)))
        }
        Some(CommandType::SqlCommand(command)) => {
            crate::sql::sql_command(session, command).map(Some)
        }
        // The other processes make the view too: a query over it starts on every process.
        Some(CommandType::CreateDataframeView(view)) => {
            crate::sql::create_view(session, view)?;
            if let Some(forwarder) = forwarder {
                let forwarded = CommandType::CreateDataframeView(view.clone());
                forwarder.forward(&session.key, &session.conf_all(), forwarded)?;
            }
            Ok(None)
        }
        Some(CommandType::StreamingQueryCommand(command)) => {
            commands::query_command(session, command).map(Some)
        }
        Some(CommandType::StreamingQueryManagerCommand(command)) => {
            commands::manager_command(session, command).map(Some)
        }
        // A client leaving cleans its cache of ML models: Ember keeps none, and answers as
        // Spark does (a client given no result keeps the call open while Python exits, and
        // deadlocks in grpc's channel).
        Some(CommandType::MlCommand(MlCommand {
            command: Some(ml_command::Command::CleanCache(_)),
        })) => Ok(Some(ResponseType::MlCommandResult(MlCommandResult {
            result_type: Some(ml_command_result::ResultType::Param(expression::Literal {
                literal_type: Some(expression::literal::LiteralType::Integer(0)),
            })),
        }))),
        Some(other) => Err(ConnectError::Unsupported(format!(
            "the command `{}`",
            command_name(other)
        ))),
        None => Err(ConnectError::Invalid("an empty command".into())),
    }
}

fn command_name(command: &CommandType) -> &'static str {
    match command {
        CommandType::RegisterFunction(_) => "register_function",
        CommandType::WriteOperation(_) => "write_operation (df.write)",
        CommandType::CreateDataframeView(_) => "create_dataframe_view",
        CommandType::WriteOperationV2(_) => "write_operation_v2",
        CommandType::SqlCommand(_) => "sql_command (spark.sql)",
        CommandType::GetResourcesCommand(_) => "get_resources_command",
        CommandType::RegisterTableFunction(_) => "register_table_function",
        CommandType::StreamingQueryListenerBusCommand(_) => "streaming_query_listener_bus_command",
        CommandType::RegisterDataSource(_) => "register_data_source",
        CommandType::CreateResourceProfileCommand(_) => "create_resource_profile_command",
        CommandType::CheckpointCommand(_) => "checkpoint_command",
        CommandType::RemoveCachedRemoteRelationCommand(_) => "remove_cached_remote_relation",
        CommandType::MergeIntoTableCommand(_) => "merge_into_table_command",
        CommandType::MlCommand(_) => "ml_command",
        CommandType::ExecuteExternalCommand(_) => "execute_external_command",
        _ => "extension",
    }
}

/// Answers an analysis request.
fn analyze(session: &ConnectSession, analyze: &Analyze) -> ConnectResult<analyzed::Result> {
    let relation = |plan: &Option<Plan>| -> ConnectResult<ember::DataFrame> {
        match plan.as_ref().and_then(|p| p.op_type.as_ref()) {
            Some(PlanOp::Root(relation)) => to_dataframe(&session.ember()?, relation),
            _ => Err(ConnectError::Invalid(
                "an analysis of a plan without a relation".into(),
            )),
        }
    };
    Ok(match analyze {
        Analyze::Schema(schema) => analyzed::Result::Schema(analyzed::Schema {
            schema: Some(crate::types::schema_to_proto(
                relation(&schema.plan)?.schema(),
            )),
        }),
        Analyze::IsStreaming(is) => analyzed::Result::IsStreaming(analyzed::IsStreaming {
            is_streaming: relation(&is.plan)?.is_streaming(),
        }),
        Analyze::Explain(explain) => analyzed::Result::Explain(analyzed::Explain {
            explain_string: relation(&explain.plan)?.explain_string(),
        }),
        Analyze::TreeString(tree) => analyzed::Result::TreeString(analyzed::TreeString {
            tree_string: crate::types::tree_string(relation(&tree.plan)?.schema()),
        }),
        Analyze::SparkVersion(_) => analyzed::Result::SparkVersion(analyzed::SparkVersion {
            version: SPARK_VERSION.into(),
        }),
        Analyze::DdlParse(ddl) => {
            let schema = ember::source::schema_from_ddl(&ddl.ddl_string)?;
            analyzed::Result::DdlParse(analyzed::DdlParse {
                parsed: Some(crate::types::schema_to_proto(&schema)),
            })
        }
        _ => {
            return Err(ConnectError::Unsupported(
                "this kind of plan analysis".into(),
            ))
        }
    })
}

/// Carries out a configuration request; the pairs to answer with.
fn configure(session: &ConnectSession, op: &OpType) -> ConnectResult<Vec<KeyValue>> {
    let pair = |key: &str, value: Option<String>| KeyValue {
        key: key.to_string(),
        value,
    };
    Ok(match op {
        OpType::Set(set) => {
            for kv in &set.pairs {
                session.conf_set(&kv.key, kv.value.as_deref())?;
            }
            Vec::new()
        }
        OpType::Get(get) => get
            .keys
            .iter()
            .map(|k| pair(k, session.conf_get(k).or_else(|| default_of(k))))
            .collect(),
        OpType::GetWithDefault(get) => get
            .pairs
            .iter()
            .map(|kv| {
                pair(
                    &kv.key,
                    session.conf_get(&kv.key).or_else(|| kv.value.clone()),
                )
            })
            .collect(),
        OpType::GetOption(get) => get
            .keys
            .iter()
            .map(|k| pair(k, session.conf_get(k).or_else(|| default_of(k))))
            .collect(),
        OpType::GetAll(all) => session
            .conf_all()
            .into_iter()
            .filter(|(k, _)| all.prefix.as_deref().is_none_or(|p| k.starts_with(p)))
            .map(|(k, v)| pair(&k, Some(v)))
            .collect(),
        OpType::Unset(unset) => {
            for key in &unset.keys {
                session.conf_set(key, None)?;
            }
            Vec::new()
        }
        OpType::IsModifiable(keys) => keys
            .keys
            .iter()
            .map(|k| pair(k, Some(session.conf_modifiable(k).to_string())))
            .collect(),
    })
}

/// Ember's defaults of the keys clients read without a default of their own.
fn default_of(key: &str) -> Option<String> {
    match key {
        "spark.sql.session.timeZone" => Some("UTC".into()),
        "spark.sql.shuffle.partitions" => Some("1".into()),
        "spark.sql.ansi.enabled" => Some("true".into()),
        "spark.sql.streaming.numRecentProgressUpdates" => Some("100".into()),
        _ => None,
    }
}

#[tonic::async_trait]
impl SparkConnectService for Service {
    type ExecutePlanStream = ResponseStream;
    type ReattachExecuteStream = ResponseStream;

    async fn execute_plan(
        &self,
        request: Request<ExecutePlanRequest>,
    ) -> Result<Response<ResponseStream>, Status> {
        let request = request.into_inner();
        tracing::debug!(request = ?request, "execute_plan");
        let session = self.session(&request.session_id)?;
        let operation_id = request.operation_id.clone().unwrap_or_else(new_id);
        let plan = request
            .plan
            .ok_or_else(|| Status::invalid_argument("an ExecutePlan request without a plan"))?;
        let forwarder = self.forwarder.clone();
        let worker_session = session.clone();
        let result =
            blocking(move || execute(&worker_session, &plan, forwarder.as_deref())).await?;
        let response = |response_type| ExecutePlanResponse {
            session_id: request.session_id.clone(),
            server_side_session_id: session.server_side_id.clone(),
            operation_id: operation_id.clone(),
            response_id: new_id(),
            response_type: Some(response_type),
        };
        let mut responses: Vec<ExecutePlanResponse> = result.into_iter().map(response).collect();
        responses.push(response(ResponseType::ResultComplete(ResultComplete {})));
        if let Ok(mut operations) = self.operations.lock() {
            operations.insert(operation_id.clone(), responses.clone());
        }
        Ok(Response::new(Box::pin(tokio_stream::iter(
            responses.into_iter().map(Ok),
        ))))
    }

    async fn analyze_plan(
        &self,
        request: Request<AnalyzePlanRequest>,
    ) -> Result<Response<AnalyzePlanResponse>, Status> {
        let request = request.into_inner();
        tracing::debug!(request = ?request, "analyze_plan");
        let session = self.session(&request.session_id)?;
        let kind = request
            .analyze
            .ok_or_else(|| Status::invalid_argument("an AnalyzePlan request of nothing"))?;
        let worker_session = session.clone();
        let result = blocking(move || analyze(&worker_session, &kind)).await?;
        Ok(Response::new(AnalyzePlanResponse {
            session_id: request.session_id,
            server_side_session_id: session.server_side_id.clone(),
            result: Some(result),
        }))
    }

    async fn config(
        &self,
        request: Request<ConfigRequest>,
    ) -> Result<Response<ConfigResponse>, Status> {
        let request = request.into_inner();
        tracing::debug!(request = ?request, "config");
        let session = self.session(&request.session_id)?;
        let pairs = match request.operation.and_then(|o| o.op_type) {
            Some(op) => configure(&session, &op).map_err(ConnectError::into_status)?,
            None => return Err(Status::invalid_argument("a Config request of nothing")),
        };
        Ok(Response::new(ConfigResponse {
            session_id: request.session_id,
            server_side_session_id: session.server_side_id.clone(),
            pairs,
            warnings: Vec::new(),
        }))
    }

    async fn interrupt(
        &self,
        request: Request<InterruptRequest>,
    ) -> Result<Response<InterruptResponse>, Status> {
        let request = request.into_inner();
        tracing::debug!(request = ?request, "interrupt");
        let session = self.session(&request.session_id)?;
        // Every operation answers as soon as it has run: none is left to interrupt.
        Ok(Response::new(InterruptResponse {
            session_id: request.session_id,
            server_side_session_id: session.server_side_id.clone(),
            interrupted_ids: Vec::new(),
        }))
    }

    async fn reattach_execute(
        &self,
        request: Request<ReattachExecuteRequest>,
    ) -> Result<Response<ResponseStream>, Status> {
        let request = request.into_inner();
        tracing::debug!(request = ?request, "reattach_execute");
        let responses = self
            .operations
            .lock()
            .ok()
            .and_then(|ops| ops.get(&request.operation_id).cloned())
            .ok_or_else(|| {
                Status::not_found(format!(
                    "[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle {} is invalid. Operation \
                     not found. SQLSTATE: HY000",
                    request.operation_id
                ))
            })?;
        let after = match &request.last_response_id {
            Some(last) => responses
                .iter()
                .position(|r| &r.response_id == last)
                .map_or(0, |i| i + 1),
            None => 0,
        };
        let rest: Vec<_> = responses.into_iter().skip(after).map(Ok).collect();
        Ok(Response::new(Box::pin(tokio_stream::iter(rest))))
    }

    async fn release_execute(
        &self,
        request: Request<ReleaseExecuteRequest>,
    ) -> Result<Response<ReleaseExecuteResponse>, Status> {
        let request = request.into_inner();
        tracing::debug!(request = ?request, "release_execute");
        let session = self.session(&request.session_id)?;
        if let Ok(mut operations) = self.operations.lock() {
            match &request.release {
                Some(release_execute_request::Release::ReleaseUntil(until)) => {
                    if let Some(responses) = operations.get_mut(&request.operation_id) {
                        if let Some(i) = responses
                            .iter()
                            .position(|r| r.response_id == until.response_id)
                        {
                            responses.drain(..=i);
                        }
                    }
                }
                _ => {
                    operations.remove(&request.operation_id);
                }
            }
        }
        Ok(Response::new(ReleaseExecuteResponse {
            session_id: request.session_id,
            server_side_session_id: session.server_side_id.clone(),
            operation_id: Some(request.operation_id),
        }))
    }

    async fn release_session(
        &self,
        request: Request<ReleaseSessionRequest>,
    ) -> Result<Response<ReleaseSessionResponse>, Status> {
        let request = request.into_inner();
        tracing::debug!(request = ?request, "release_session");
        let sessions = self.sessions.clone();
        let id = request.session_id.clone();
        let server_side = blocking(move || Ok(sessions.release(&id))).await?;
        Ok(Response::new(ReleaseSessionResponse {
            session_id: request.session_id,
            server_side_session_id: server_side.unwrap_or_default(),
        }))
    }
}
