//! A cluster of `ember-connect` processes: process 0 serves the clients; every query it
//! starts, the other processes start too (Ember runs a query on every process of its
//! cluster), and every temporary view a session makes, they make too (a query started later,
//! `spark.sql` over the view, needs it on every process). Process 0 sends each such command
//! — the client's session, its configuration and the protocol's `Command`
//! (`WriteStreamOperationStart` or `CreateDataFrameViewCommand`) — in the order it ran them,
//! over a connection from every other process, to the hostfile's address of process 0 (the
//! port block `ember-connect` keeps for itself; queries connect above it).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prost::Message;
use serde_json::json;

use crate::commands::start_query;
use crate::errors::{ConnectError, ConnectResult};
use crate::proto::command::CommandType;
use crate::proto::Command;
use crate::sessions::Sessions;

/// How long processes wait for each other at start.
const CONNECT_DEADLINE: Duration = Duration::from_secs(60);

/// Process 0's connections to the other processes.
#[derive(Debug)]
pub struct Forwarder {
    followers: Mutex<Vec<TcpStream>>,
}

impl Forwarder {
    /// Listens on `address` until `followers` processes have connected.
    pub fn accept(address: &str, followers: usize) -> std::io::Result<Forwarder> {
        let listener = TcpListener::bind(address)?;
        listener.set_nonblocking(true)?;
        let deadline = Instant::now() + CONNECT_DEADLINE;
        let mut connected = Vec::with_capacity(followers);
        while connected.len() < followers {
            match listener.accept() {
                Ok((stream, _)) => {
                    stream.set_nonblocking(false)?;
                    connected.push(stream);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if Instant::now() > deadline {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            format!(
                                "{} of {followers} other processes connected to {address}",
                                connected.len()
                            ),
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Forwarder {
            followers: Mutex::new(connected),
        })
    }

    /// Has every other process carry out `command` (a query's start or a view's creation) in
    /// session `session`, whose configuration is `conf`.
    pub fn forward(
        &self,
        session: &str,
        conf: &BTreeMap<String, String>,
        command: CommandType,
    ) -> ConnectResult<()> {
        let command = Command {
            command_type: Some(command),
        };
        let line = json!({
            "session": session,
            "conf": conf,
            "command": command.encode_to_vec(),
        })
        .to_string();
        let mut followers = self
            .followers
            .lock()
            .map_err(|_| ConnectError::Invalid("forwarder lock poisoned".into()))?;
        for follower in followers.iter_mut() {
            writeln!(follower, "{line}").map_err(|e| {
                ConnectError::Ember(ember::Error::Runtime(format!(
                    "cannot reach another process of the cluster: {e}"
                )))
            })?;
        }
        Ok(())
    }
}

/// On a process other than 0: connects to process 0 at `address` and carries out every
/// command it forwards, until process 0 goes away.
pub fn follow(address: &str, sessions: &Arc<Sessions>) -> std::io::Result<()> {
    let deadline = Instant::now() + CONNECT_DEADLINE;
    let stream = loop {
        match TcpStream::connect(address) {
            Ok(stream) => break stream,
            Err(e) if Instant::now() > deadline => return Err(e),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    for line in BufReader::new(stream).lines() {
        let line = line?;
        if let Err(e) = run_forwarded(sessions, &line) {
            tracing::error!("cannot carry out a command process 0 ran: {}", e.message());
        }
    }
    Ok(())
}

fn run_forwarded(sessions: &Sessions, line: &str) -> ConnectResult<()> {
    let invalid =
        |why: &str| ConnectError::Invalid(format!("a malformed forwarded command: {why}"));
    let message: serde_json::Value = serde_json::from_str(line).map_err(|_| invalid("not JSON"))?;
    let session = sessions.get(
        message["session"]
            .as_str()
            .ok_or_else(|| invalid("no session"))?,
    )?;
    if let Some(conf) = message["conf"].as_object() {
        for (key, value) in conf {
            session.conf_set(key, value.as_str())?;
        }
    }
    let bytes: Vec<u8> =
        serde_json::from_value(message["command"].clone()).map_err(|_| invalid("no command"))?;
    let command = Command::decode(bytes.as_slice()).map_err(|e| invalid(&e.to_string()))?;
    match command.command_type {
        Some(CommandType::WriteStreamOperationStart(start)) => {
            start_query(&session, &start).map(|_| ())
        }
        Some(CommandType::CreateDataframeView(view)) => crate::sql::create_view(&session, &view),
        _ => Err(invalid("not a query start nor a view")),
    }
}
