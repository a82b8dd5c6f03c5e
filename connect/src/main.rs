//! `ember-connect`: a Spark Connect server on Ember. A PySpark program run with
//! `SPARK_REMOTE=sc://HOST:PORT` (the pure-Python `pyspark-client`) runs its streaming
//! queries on Ember, unchanged: the console sink prints on this server's stdout.
//!
//! ```sh
//! cargo run -p ember-connect -- --port 15002           # then: SPARK_REMOTE=sc://localhost:15002 python job.py
//! cargo run -p ember-connect -- -w 2                   # queries on 2 workers
//! ```

mod commands;
mod errors;
mod expressions;
mod forward;
mod literals;
mod proto;
mod relations;
mod service;
mod sessions;
mod sql;
mod types;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use ember::ClusterArgs;
use tokio_stream::wrappers::TcpListenerStream;

use crate::forward::Forwarder;
use crate::proto::spark_connect_service_server::SparkConnectServiceServer;
use crate::service::Service;
use crate::sessions::Sessions;

/// A Spark Connect server: PySpark programs run their streaming queries on Ember.
#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Cli {
    /// Address to listen on for clients
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on for clients (Spark Connect's 15002; 0 picks a free port)
    #[arg(long, default_value_t = 15002)]
    port: u16,
    #[command(flatten)]
    cluster: ClusterArgs,
}

fn main() -> ExitCode {
    ember::logging::init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start the server's runtime: {e}")),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::FAILURE
}

async fn run(cli: Cli) -> Result<(), String> {
    let mut cluster = cli.cluster;
    let addresses = if cluster.processes > 1 {
        // The hostfile's own ports carry ember-connect's forwarding; queries go above them.
        cluster.reserved_port_blocks = 1;
        cluster.addresses().map_err(|e| e.to_string())?
    } else {
        Vec::new()
    };
    let sessions = Arc::new(Sessions::new(cluster.clone()));
    if cluster.processes > 1 && cluster.process != 0 {
        return follow(&addresses[0], sessions).await;
    }
    let forwarder = if cluster.processes > 1 {
        let (address, others) = (addresses[0].clone(), cluster.processes - 1);
        let accepted = tokio::task::spawn_blocking(move || Forwarder::accept(&address, others))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("the other processes did not connect: {e}"))?;
        Some(Arc::new(accepted))
    } else {
        None
    };
    let listener = tokio::net::TcpListener::bind((cli.host.as_str(), cli.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", cli.host, cli.port))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    {
        // One write: a reader of stderr sees the whole line at once.
        use std::io::Write;
        let line = format!("ember-connect listening on sc://{address}\n");
        let _ = std::io::stderr().write_all(line.as_bytes());
    }
    let service = SparkConnectServiceServer::new(Service::new(sessions.clone(), forwarder))
        .max_decoding_message_size(128 * 1024 * 1024);
    tonic::transport::Server::builder()
        .add_service(service)
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), stopped(sessions))
        .await
        .map_err(|e| format!("the server failed: {e}"))
}

/// On a process other than 0: starts the queries (and makes the views) process 0 forwards,
/// until a signal or until process 0 is gone.
async fn follow(address: &str, sessions: Arc<Sessions>) -> Result<(), String> {
    let address = address.to_string();
    let following = sessions.clone();
    let follower = tokio::task::spawn_blocking(move || forward::follow(&address, &following));
    tokio::select! {
        ended = follower => {
            ended.map_err(|e| e.to_string())?.map_err(|e| format!("process 0 is unreachable: {e}"))?;
        }
        () = signal() => {}
    }
    stop_all(sessions).await;
    Ok(())
}

/// Resolves on SIGTERM or SIGINT, once every query has stopped (each finishes its batch in
/// flight) and its clients have had their answers: a client awaiting a query is answered,
/// then makes its last calls (releasing the operation, cleaning up on exit), and the server
/// serves them for a moment (until every session is released, a second at most) so that no
/// client is left retrying against a server that is gone.
async fn stopped(sessions: Arc<Sessions>) {
    signal().await;
    stop_all(sessions.clone()).await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(1);
    while sessions.open() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn stop_all(sessions: Arc<Sessions>) {
    let _ = tokio::task::spawn_blocking(move || {
        for query in sessions.all_queries() {
            let _ = query.stop();
        }
    })
    .await;
}

async fn signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
