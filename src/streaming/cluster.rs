//! Starting timely's workers, and connecting the processes of a cluster quietly.
//!
//! timely's own connection code prints its progress ("awaiting connections") on stdout and
//! retries forever. Ember's stdout carries only query output, and a peer that never comes is
//! an error, so the processes connect here — the same handshake as timely's (each process
//! dials every lower-numbered process and sends its index as a big-endian `u64`) — with
//! progress on stderr and a deadline.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use timely::worker::Worker;
use timely::CommunicationConfig;
use timely_communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely_communication::allocator::{AllocatorBuilder, ProcessBuilder};
use timely_communication::Hooks;

use crate::error::{Error, Result};

/// How long a process waits for its peers before giving up.
const CONNECT_DEADLINE: Duration = Duration::from_secs(60);

/// Runs `func` on every worker of this process, as `timely::execute`, and joins them.
pub(crate) fn execute<T, F>(config: timely::Config, func: F) -> Result<Vec<Result<T, String>>>
where
    T: Send + 'static,
    F: Fn(&mut Worker) -> T + Send + Sync + 'static,
{
    let guards = match config.communication {
        CommunicationConfig::Cluster {
            threads,
            process,
            addresses,
            ..
        } => {
            let sockets = connect_processes(&addresses, process)?;
            let hooks = Hooks::default();
            let process_allocators = ProcessBuilder::new_typed_vector(
                threads,
                hooks.refill.clone(),
                hooks.spill.clone(),
            );
            let (builders, guard) = initialize_networking_from_sockets(
                process_allocators,
                sockets,
                process,
                threads,
                hooks,
            )
            .map_err(|e| Error::Runtime(format!("cannot start networking: {e}")))?;
            let builders = builders.into_iter().map(AllocatorBuilder::Tcp).collect();
            timely::execute::execute_from(builders, Box::new(guard), config.worker, func)
        }
        communication => timely::execute(
            timely::Config {
                communication,
                worker: config.worker,
            },
            func,
        ),
    }
    .map_err(|e| Error::Runtime(format!("cannot start the workers: {e}")))?;
    Ok(guards.join())
}

/// Connects process `me` to every other process: a socket per peer, `None` at `me`.
fn connect_processes(addresses: &[String], me: usize) -> Result<Vec<Option<TcpStream>>> {
    let deadline = Instant::now() + CONNECT_DEADLINE;
    let listener = TcpListener::bind(&addresses[me]).map_err(|e| {
        Error::Runtime(format!(
            "process {me} cannot listen on {}: {e}",
            addresses[me]
        ))
    })?;
    let mut sockets: Vec<Option<TcpStream>> = (0..addresses.len()).map(|_| None).collect();
    for (peer, address) in addresses.iter().enumerate().take(me) {
        sockets[peer] = Some(dial(address, peer, me, deadline)?);
    }
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Runtime(format!("cannot configure the listener: {e}")))?;
    let mut reported = Instant::now();
    while sockets.iter().skip(me + 1).any(Option::is_none) {
        match listener.accept() {
            Ok((mut stream, _)) => {
                stream.set_nonblocking(false).ok();
                stream.set_nodelay(true).ok();
                let mut index = [0u8; 8];
                stream.read_exact(&mut index).map_err(|e| {
                    Error::Runtime(format!("a peer of process {me} failed its handshake: {e}"))
                })?;
                let peer = u64::from_be_bytes(index) as usize;
                if peer <= me || peer >= addresses.len() {
                    return Err(Error::Runtime(format!(
                        "process {me} was dialled by unexpected process {peer}"
                    )));
                }
                sockets[peer] = Some(stream);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                let waiting: Vec<String> = (me + 1..addresses.len())
                    .filter(|p| sockets[*p].is_none())
                    .map(|p| format!("process {p} ({})", addresses[p]))
                    .collect();
                if Instant::now() > deadline {
                    return Err(Error::Runtime(format!(
                        "process {me} gave up waiting for {}",
                        waiting.join(", ")
                    )));
                }
                if reported.elapsed() > Duration::from_secs(5) {
                    tracing::info!("process {me} waiting for {}", waiting.join(", "));
                    reported = Instant::now();
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => {
                return Err(Error::Runtime(format!(
                    "process {me} cannot accept peers: {e}"
                )))
            }
        }
    }
    Ok(sockets)
}

/// Dials lower-numbered process `peer` until it answers or the deadline passes.
fn dial(address: &str, peer: usize, me: usize, deadline: Instant) -> Result<TcpStream> {
    let mut reported = Instant::now();
    loop {
        match TcpStream::connect(address) {
            Ok(mut stream) => {
                stream.set_nodelay(true).ok();
                stream.write_all(&(me as u64).to_be_bytes()).map_err(|e| {
                    Error::Runtime(format!(
                        "handshake with process {peer} at {address} failed: {e}"
                    ))
                })?;
                return Ok(stream);
            }
            Err(e) => {
                if Instant::now() > deadline {
                    return Err(Error::Runtime(format!(
                        "process {me} cannot reach process {peer} at {address}: {e}"
                    )));
                }
                if reported.elapsed() > Duration::from_secs(5) {
                    tracing::info!("process {me} still dialling process {peer} at {address}: {e}");
                    reported = Instant::now();
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}
