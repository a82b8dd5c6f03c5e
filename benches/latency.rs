//! Socket-to-sink latency of Ember: how long a line takes from being written to Ember's socket
//! source until the batch holding it reaches the sink.
//!
//! Run from the repository root:
//!
//! ```sh
//! cargo bench --bench latency          # 1,000 batches: 1 and 2 workers, then 2 processes of 1
//! cargo bench --bench latency -- --batches 200 --workers 1 --processes 1
//! ```
//!
//! For each scale the bench starts a TCP server on `127.0.0.1:0` and a query that reads it
//! (`format("socket")`, append mode, the default trigger: a batch as soon as data arrives) into
//! a `foreach_batch` sink that sends the `Instant` of its call over a channel. It waits for
//! batch 0 (the socket source's first batch, which is empty), then 1,000 times writes one line,
//! waits for the batch that holds it, checks the batch is exactly that line, and records the
//! sink call's time minus the time just before the write. It stops the query with
//! `query.stop()`.
//!
//! The scales: 1 process of 1 worker and of 2 (`--workers 1,2`), then `--processes` (2)
//! processes of 1 worker each on loopback (`--processes 1` leaves them out). There the bench
//! is process 0 — its driver reads the socket and its sink times the batches — and it starts
//! the other processes as children of itself (`--peer process=I processes=P hostfile=..`), with
//! a hostfile of free loopback ports (`-n P -p I -h hostfile`); they build the same query, run
//! their worker's share of every batch and exit when process 0 stops the query. Per scale it
//! prints the median, p99 and maximum (nearest rank) and one line
//! `RESULT engine=ember bench=socket_latency processes=P workers=N batches=1000 p50_ms=A
//! p99_ms=B`.

mod common;

use std::error::Error;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ember::{ClusterArgs, Session, StreamingQuery, Value};

use common::percentile_ms;

/// Errors of the benchmark harness.
type BoxResult<T> = Result<T, Box<dyn Error>>;

/// How long to wait for a batch before declaring the query stuck.
const BATCH_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = if args.first().map(String::as_str) == Some("--peer") {
        peer_main(&args[1..])
    } else {
        parse_args(&args).and_then(|(batches, scales)| run_all(batches, &scales))
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("latency bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How a query runs: `processes` processes of `workers` worker threads each.
#[derive(Clone, Copy, Debug)]
struct Scale {
    processes: usize,
    workers: usize,
}

/// `--batches N` (default 1000), `--workers 1,2` (default 1 and 2) and `--processes P`
/// (default 2: also `P` processes of 1 worker; 1: not); `cargo bench`'s own `--bench` flag and
/// name filters are ignored.
fn parse_args(args: &[String]) -> BoxResult<(usize, Vec<Scale>)> {
    let mut batches = 1000;
    let mut workers = vec![1, 2];
    let mut processes = 2;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--bench" => {}
            "--batches" => batches = value()?.parse()?,
            "--processes" => processes = value()?.parse()?,
            "--workers" => {
                workers = value()?
                    .split(',')
                    .map(|w| w.trim().parse::<usize>())
                    .collect::<Result<_, _>>()?
            }
            other if other.starts_with('-') => {
                return Err(format!(
                    "unknown option {other}; usage: cargo bench --bench latency -- \
                     [--batches N] [--workers 1,2] [--processes 2]"
                )
                .into())
            }
            _ => {}
        }
    }
    if batches == 0 || workers.contains(&0) || processes == 0 {
        return Err("--batches, --workers and --processes must be positive".into());
    }
    let mut scales: Vec<Scale> = workers
        .into_iter()
        .map(|workers| Scale {
            processes: 1,
            workers,
        })
        .collect();
    if processes > 1 {
        scales.push(Scale {
            processes,
            workers: 1,
        });
    }
    Ok((batches, scales))
}

fn run_all(batches: usize, scales: &[Scale]) -> BoxResult<()> {
    // The server ends of stopped queries stay open until the process exits: closing one
    // would only make the (stopped) query's socket reader thread report it on stderr.
    let mut servers = Vec::new();
    for &scale in scales {
        let Scale { processes, workers } = scale;
        let (latencies, server) = measure(scale, batches)?;
        servers.push(server);
        let p50 = percentile_ms(&latencies, 0.50);
        let p99 = percentile_ms(&latencies, 0.99);
        let max = percentile_ms(&latencies, 1.0);
        println!(
            "socket -> foreach_batch, {processes} process(es) of {workers} worker(s), \
             {batches} one-line batches: p50 {p50:.3} ms, p99 {p99:.3} ms, max {max:.3} ms"
        );
        println!(
            "RESULT engine=ember bench=socket_latency processes={processes} workers={workers} \
             batches={batches} p50_ms={p50:.3} p99_ms={p99:.3}"
        );
    }
    // Never closed: the process exits with the connections open.
    std::mem::forget(servers);
    Ok(())
}

/// The query every process builds: the socket source at `port` into a `foreach_batch` sink
/// that sends each batch to `sender` (called on process 0 only).
fn start_query(
    cluster: ClusterArgs,
    port: u16,
    sender: mpsc::Sender<Delivered>,
) -> BoxResult<StreamingQuery> {
    let spark = Session::builder()
        .app_name("latency-bench")
        .cluster(cluster)
        .get_or_create()?;
    let query = spark
        .read_stream()
        .format("socket")
        .option("host", "127.0.0.1")
        .option("port", port)
        .load()?
        .write_stream()
        .output_mode("append")
        .foreach_batch(move |batch_id, rows| {
            let at = Instant::now();
            let lines = rows
                .iter()
                .map(|row| match row.0.first() {
                    Some(Value::String(s)) => s.clone(),
                    other => format!("{other:?}"),
                })
                .collect();
            // The receiver is gone only once the bench has what it needs.
            let _ = sender.send(Delivered {
                batch_id,
                at,
                lines,
            });
            Ok(())
        })
        .start()?;
    Ok(query)
}

/// `--peer process=I processes=N hostfile=PATH port=P`: process `I` of a multi-process run,
/// started by process 0 (the bench itself). Runs the same query until process 0 stops it.
fn peer_main(args: &[String]) -> BoxResult<()> {
    let mut cluster = ClusterArgs::threads(1);
    let mut port = 0;
    for arg in args {
        match arg.split_once('=') {
            Some(("process", v)) => cluster.process = v.parse()?,
            Some(("processes", v)) => cluster.processes = v.parse()?,
            Some(("hostfile", v)) => cluster.hostfile = Some(PathBuf::from(v)),
            Some(("port", v)) => port = v.parse()?,
            _ => return Err(format!("--peer: unknown argument '{arg}'").into()),
        }
    }
    let (sender, _delivered) = mpsc::channel();
    start_query(cluster, port, sender)?.await_termination()?;
    Ok(())
}

/// The other processes of a multi-process run: children of this one, killed if they
/// outlive the run by much.
struct Peers {
    children: Vec<Child>,
    hostfile: PathBuf,
}

impl Peers {
    /// Writes a hostfile of free loopback ports for `processes` processes and starts
    /// processes 1.. of them; this process is to be process 0.
    fn start(processes: usize, port: u16) -> BoxResult<Self> {
        let listeners = (0..processes)
            .map(|_| TcpListener::bind("127.0.0.1:0"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut hosts = String::new();
        for listener in &listeners {
            hosts.push_str(&format!("127.0.0.1:{}\n", listener.local_addr()?.port()));
        }
        drop(listeners);
        let hostfile =
            std::env::temp_dir().join(format!("ember-latency-{}.hosts", std::process::id()));
        std::fs::write(&hostfile, hosts)?;
        let exe = std::env::current_exe()?;
        let mut peers = Peers {
            children: Vec::new(),
            hostfile,
        };
        for process in 1..processes {
            peers.children.push(
                Command::new(&exe)
                    .arg("--peer")
                    .arg(format!("process={process}"))
                    .arg(format!("processes={processes}"))
                    .arg(format!("hostfile={}", peers.hostfile.display()))
                    .arg(format!("port={port}"))
                    .spawn()?,
            );
        }
        Ok(peers)
    }

    /// Waits for every peer to exit (the query has stopped); an error if one failed or is
    /// still running after [`BATCH_TIMEOUT`].
    fn finish(mut self) -> BoxResult<()> {
        let deadline = Instant::now() + BATCH_TIMEOUT;
        for (i, child) in self.children.iter_mut().enumerate() {
            loop {
                match child.try_wait()? {
                    Some(status) if status.success() => break,
                    Some(status) => {
                        return Err(format!("process {} failed ({status})", i + 1).into())
                    }
                    None if Instant::now() > deadline => {
                        return Err(format!("process {} did not stop", i + 1).into())
                    }
                    None => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        }
        Ok(())
    }
}

impl Drop for Peers {
    fn drop(&mut self) {
        for child in &mut self.children {
            if let Ok(None) = child.try_wait() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        let _ = std::fs::remove_file(&self.hostfile);
    }
}

/// What the sink reports for each batch: its id, when it was called, and its lines.
struct Delivered {
    batch_id: u64,
    at: Instant,
    lines: Vec<String>,
}

/// Runs one query at `scale` and returns the latency of each of `batches` one-line
/// batches, and the server end of the query's connection. With several processes, this one
/// is process 0 (it reads the socket and runs the sink) and the others are its children.
fn measure(scale: Scale, batches: usize) -> BoxResult<(Vec<Duration>, TcpStream)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let (sender, delivered) = mpsc::channel::<Delivered>();
    let (cluster, peers) = if scale.processes == 1 {
        (ClusterArgs::threads(scale.workers), None)
    } else {
        let peers = Peers::start(scale.processes, port)?;
        let cluster = ClusterArgs {
            processes: scale.processes,
            process: 0,
            hostfile: Some(peers.hostfile.clone()),
            ..ClusterArgs::threads(scale.workers)
        };
        (cluster, Some(peers))
    };
    // `start()` connects to the listener (the kernel completes the connection before
    // `accept`), so the server side is accepted afterwards.
    let query = start_query(cluster, port, sender)?;
    let (mut connection, _) = listener.accept()?;
    let result = drive(&mut connection, &delivered, batches);
    query.stop()?;
    if let Some(peers) = peers {
        peers.finish()?;
    }
    Ok((result?, connection))
}

/// The server side of Ember's connection: sends one line per batch and times it.
fn drive(
    connection: &mut TcpStream,
    delivered: &mpsc::Receiver<Delivered>,
    batches: usize,
) -> BoxResult<Vec<Duration>> {
    connection.set_nodelay(true)?;
    let first = delivered
        .recv_timeout(BATCH_TIMEOUT)
        .map_err(|_| "batch 0 never reached the sink")?;
    if first.batch_id != 0 || !first.lines.is_empty() {
        return Err(format!(
            "expected the empty batch 0, got batch {} with {:?}",
            first.batch_id, first.lines
        )
        .into());
    }
    let mut latencies = Vec::with_capacity(batches);
    for i in 0..batches {
        let line = format!("line {i}");
        let sent = Instant::now();
        connection.write_all(format!("{line}\n").as_bytes())?;
        let batch = loop {
            let batch = delivered
                .recv_timeout(BATCH_TIMEOUT)
                .map_err(|_| format!("the batch holding '{line}' never reached the sink"))?;
            // The default trigger runs no batch without new data; skip any that slipped in.
            if !batch.lines.is_empty() {
                break batch;
            }
        };
        if batch.lines != [line.as_str()] {
            return Err(format!(
                "batch {} holds {:?}, expected only '{line}'",
                batch.batch_id, batch.lines
            )
            .into());
        }
        latencies.push(batch.at.duration_since(sent));
    }
    Ok(latencies)
}
