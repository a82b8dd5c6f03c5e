//! Per-batch latency through Spark Connect against Ember's Rust API, measured the same way:
//! a query echoing a socket's lines to the console sink runs in a child process, and the
//! bench times each one-line batch from writing the line to the socket until the batch's
//! table has appeared on the child's stdout.
//!
//! ```sh
//! scripts/pyspark-client-venv.sh                  # once: the PySpark client
//! cargo bench -p ember-connect --bench latency    # 300 one-line batches each
//! cargo bench -p ember-connect --bench latency -- --batches 1000
//! ```
//!
//! - `rust`: this bench run again as a child (`--child`), a `socket` → `console` query
//!   through Ember's Rust API.
//! - `connect`: `ember-connect --port 0`, and a PySpark client (`pyspark-client`,
//!   `SPARK_REMOTE`) that starts the same query and awaits it; the console is the server's.
//!
//! Prints `RESULT engine=.. p50_ms=.. p99_ms=..` for each, then
//! `RESULT bench=connect_overhead p50_ms_over_rust=..`. The client is the venv
//! `scripts/pyspark-client-venv.sh` makes, or `EMBER_PYSPARK_PYTHON`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// The PySpark program of the `connect` engine: the seed's socket echo, at a given port.
const CLIENT: &str = r#"
import os
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", os.environ["ECHO_PORT"]).load()
lines.writeStream.format("console").outputMode("append").start().awaitTermination()
"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        let port: u16 = args[at + 1].parse().expect("--child PORT");
        return rust_child(port);
    }
    let batches = args
        .iter()
        .position(|a| a == "--batches")
        .and_then(|at| args.get(at + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(300usize);
    let rust = measure("rust", batches, |port| {
        let exe = std::env::current_exe().expect("the bench's own path");
        let child = Command::new(exe)
            .args(["--child", &port.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the rust child starts");
        vec![child]
    });
    let Some(python) = python() else {
        println!("SKIP engine=connect: no python with pyspark-client (run scripts/pyspark-client-venv.sh)");
        return;
    };
    let connect = measure("connect", batches, |port| {
        let mut server = Command::new(env!("CARGO_BIN_EXE_ember-connect"))
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ember-connect starts");
        let address = server_address(&mut server);
        // As a script: pyspark-client looks for a local Spark under `python -c`.
        let script =
            std::env::temp_dir().join(format!("ember-connect-latency-{}.py", std::process::id()));
        std::fs::write(&script, CLIENT).expect("the client script is written");
        let client = Command::new(&python)
            .arg(&script)
            .env("SPARK_REMOTE", address)
            .env("ECHO_PORT", port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the client starts");
        vec![server, client]
    });
    println!(
        "RESULT bench=connect_overhead p50_ms_over_rust={:.3} p99_ms_over_rust={:.3}",
        connect.0 - rust.0,
        connect.1 - rust.1
    );
}

/// The `rust` engine's child: the socket echo through the Rust API.
fn rust_child(port: u16) {
    let spark = ember::Session::builder()
        .config("spark.ui.enabled", "false")
        .get_or_create()
        .expect("a session");
    let lines = spark
        .read_stream()
        .format("socket")
        .option("host", "127.0.0.1")
        .option("port", port)
        .load()
        .expect("the socket source");
    let query = lines
        .write_stream()
        .format("console")
        .start()
        .expect("the query starts");
    let _ = query.await_termination();
}

/// Reads `sc://HOST:PORT` from the server's stderr.
fn server_address(server: &mut Child) -> String {
    let stderr = server.stderr.take().expect("piped stderr");
    let mut lines = BufReader::new(stderr).lines();
    let line = lines
        .next()
        .and_then(Result::ok)
        .expect("ember-connect says where it listens");
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || lines.for_each(drop));
    line.rsplit(' ').next().expect("an address").to_string()
}

/// Runs `batches` one-line batches against the processes `start` launches (the first one's
/// stdout is the console); prints and returns the median and p99 in milliseconds.
fn measure(engine: &str, batches: usize, start: impl Fn(u16) -> Vec<Child>) -> (f64, f64) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("its address").port();
    let mut children = start(port);
    let stdout = children[0].stdout.take().expect("piped stdout");
    let mut console = BufReader::new(stdout);
    let mut socket = accept_within(&listener, Duration::from_secs(120), engine);
    read_batch(&mut console); // batch 0, before any line
    let mut times = Vec::with_capacity(batches);
    for i in 0..batches {
        let line = format!("line-{i}\n");
        let began = Instant::now();
        socket.write_all(line.as_bytes()).expect("the line is sent");
        let table = read_batch(&mut console);
        times.push(began.elapsed());
        assert!(
            table.contains(&format!("|line-{i}|")),
            "{engine}: batch {i} is {table}"
        );
    }
    stop(children, socket);
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (p50, p99) = (
        ms(times[times.len() / 2]),
        ms(times[times.len() * 99 / 100]),
    );
    println!("RESULT engine={engine} bench=socket_console_latency batches={batches} p50_ms={p50:.3} p99_ms={p99:.3}");
    (p50, p99)
}

/// The query's connection to the line server, or a failure naming the engine when none comes.
fn accept_within(listener: &TcpListener, patience: Duration, engine: &str) -> TcpStream {
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let deadline = Instant::now() + patience;
    loop {
        match listener.accept() {
            Ok((socket, _)) => {
                socket.set_nonblocking(false).expect("a blocking socket");
                return socket;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(e) => panic!("{engine}: the query never connected to the line server: {e}"),
        }
    }
}

/// Reads the console up to the end of the next batch's table (a blank line after it).
fn read_batch(console: &mut BufReader<ChildStdout>) -> String {
    let mut table = String::new();
    loop {
        let mut line = String::new();
        if console
            .read_line(&mut line)
            .expect("the console is readable")
            == 0
        {
            panic!("the console ended; so far: {table}");
        }
        table.push_str(&line);
        if line == "\n" && table.contains("+\n") {
            return table;
        }
    }
}

/// Ends the run: closes the socket (the source ends), then terminates the processes.
fn stop(children: Vec<Child>, socket: TcpStream) {
    drop(socket);
    for mut child in children.into_iter().rev() {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// A python with pyspark-client: `EMBER_PYSPARK_PYTHON`, else the venv
/// `scripts/pyspark-client-venv.sh` makes.
fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("EMBER_PYSPARK_PYTHON").map(PathBuf::from),
        Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/pyspark-client-venv/bin/python"
        ))),
    ];
    candidates.into_iter().flatten().find(|python| {
        Command::new(python)
            .args(["-c", "from pyspark.sql import SparkSession"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}
