//! Socket-to-sink latency of Ember: how long a line takes from being written to Ember's socket
//! source until the batch holding it reaches the sink.
//!
//! Run from the repository root (`/work/main`):
//!
//! ```sh
//! cargo bench --bench latency                        # 1,000 batches at 1 and 2 workers
//! cargo bench --bench latency -- --batches 200 --workers 1
//! ```
//!
//! For each worker count the bench starts a TCP server on `127.0.0.1:0` and a query that reads
//! it (`format("socket")`, append mode, the default trigger: a batch as soon as data arrives)
//! into a `foreach_batch` sink that sends the `Instant` of its call over a channel. It waits for
//! batch 0 (the socket source's first batch, which is empty), then 1,000 times writes one line,
//! waits for the batch that holds it, checks the batch is exactly that line, and records the
//! sink call's time minus the time just before the write. It stops the query with
//! `query.stop()`. Per worker count it prints the median and p99 (nearest rank) and one line
//! `RESULT engine=ember bench=socket_latency workers=N batches=1000 p50_ms=A p99_ms=B`.

mod common;

use std::error::Error;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ember::{ClusterArgs, Session, Value};

use common::percentile_ms;

/// Errors of the benchmark harness.
type BoxResult<T> = Result<T, Box<dyn Error>>;

/// How long to wait for a batch before declaring the query stuck.
const BATCH_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    match parse_args().and_then(|(batches, workers)| run_all(batches, &workers)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("latency bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--batches N` (default 1000) and `--workers 1,2` (default 1 and 2); `cargo bench`'s own
/// `--bench` flag and name filters are ignored.
fn parse_args() -> BoxResult<(usize, Vec<usize>)> {
    let mut batches = 1000;
    let mut workers = vec![1, 2];
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--bench" => {}
            "--batches" => batches = value()?.parse()?,
            "--workers" => {
                workers = value()?
                    .split(',')
                    .map(|w| w.trim().parse::<usize>())
                    .collect::<Result<_, _>>()?
            }
            other if other.starts_with('-') => {
                return Err(format!(
                    "unknown option {other}; usage: cargo bench --bench latency -- \
                     [--batches N] [--workers 1,2]"
                )
                .into())
            }
            _ => {}
        }
    }
    if batches == 0 || workers.contains(&0) {
        return Err("--batches and --workers must be positive".into());
    }
    Ok((batches, workers))
}

fn run_all(batches: usize, workers: &[usize]) -> BoxResult<()> {
    // The server ends of stopped queries stay open until the process exits: closing one
    // would only make the (stopped) query's socket reader thread report it on stderr.
    let mut servers = Vec::new();
    for &w in workers {
        let (latencies, server) = measure(w, batches)?;
        servers.push(server);
        let p50 = percentile_ms(&latencies, 0.50);
        let p99 = percentile_ms(&latencies, 0.99);
        let max = percentile_ms(&latencies, 1.0);
        println!(
            "socket -> foreach_batch, {w} worker(s), {batches} one-line batches: \
             p50 {p50:.3} ms, p99 {p99:.3} ms, max {max:.3} ms"
        );
        println!(
            "RESULT engine=ember bench=socket_latency workers={w} batches={batches} \
             p50_ms={p50:.3} p99_ms={p99:.3}"
        );
    }
    // Never closed: the process exits with the connections open.
    std::mem::forget(servers);
    Ok(())
}

/// What the sink reports for each batch: its id, when it was called, and its lines.
struct Delivered {
    batch_id: u64,
    at: Instant,
    lines: Vec<String>,
}

/// Runs one query with `workers` workers and returns the latency of each of `batches`
/// one-line batches, and the server end of the query's connection.
fn measure(workers: usize, batches: usize) -> BoxResult<(Vec<Duration>, TcpStream)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let (sender, delivered) = mpsc::channel::<Delivered>();
    let spark = Session::builder()
        .app_name("latency-bench")
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()?;
    // `start()` connects to the listener (the kernel completes the connection before
    // `accept`), so the server side is accepted afterwards.
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
    let (mut connection, _) = listener.accept()?;
    let result = drive(&mut connection, &delivered, batches);
    query.stop()?;
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
