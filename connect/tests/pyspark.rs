//! PySpark's own Spark Connect client (`pyspark-client`) runs the seed's programs, unchanged,
//! against `ember-connect` at one worker, two workers and two processes: the server's stdout
//! is Spark's console output byte for byte, SIGTERM stops the queries and the server exits 0,
//! and the client's `awaitTermination()` returns so that it exits 0 too.
//!
//! The client is `scripts/pyspark-client-venv.sh`'s venv (or `EMBER_PYSPARK_PYTHON`); without
//! one the tests say so and pass, unless `EMBER_REQUIRE_PYSPARK` is set (as in CI).
//!
//! The seed's programs read the socket at localhost:9999, so these tests run one at a time
//! (one lock for the binary) and each scale after the other; every wait has a deadline, and
//! every child process is killed if a test fails.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);

/// The port the seed's programs read (`option("port", "9999")`).
const SEED_PORT: u16 = 9999;

/// What `ember-connect` prints on stderr once it accepts clients.
const LISTENING: &str = "ember-connect listening on ";

/// One test at a time: they share port 9999, and each starts several processes.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

/// `socket_echo.py`, the seed's first job: every group of lines comes back as a batch, after
/// the socket's initial empty batch. Verified against PySpark 4 (as Ember's own
/// `tests/it/socket_source.rs`).
const ECHO_EXPECTED: &str = include_str!("../../tests/expected/socket_echo.txt");

#[test]
fn socket_echo_prints_sparks_bytes_at_every_scale() {
    let _serial = serial();
    let Some(python) = python() else { return };
    for scale in SCALES {
        let run = run_socket_job(
            &python,
            "socket_echo.py",
            scale,
            &["hello\n", "hello world\n"],
        );
        assert_eq!(run.stdout, ECHO_EXPECTED, "{scale:?}");
        // `checkpointLocation "checkpoint"` is relative to the server's working directory,
        // where the query runs.
        let checkpoint = run.server_dir.join("checkpoint");
        assert!(
            checkpoint.join("commits").is_dir(),
            "{scale:?}: no checkpoint at {}",
            checkpoint.display()
        );
    }
}

/// The groups of lines the word count is fed, one batch each (Ember's `tests/it/word_count.rs`).
const WORD_COUNT_SENDS: [&str; 3] = [
    "the cat sat\nthe dog\n",
    "the cat ran\na bird\n",
    "cat  cat\n",
];

/// `word_count.py` in complete mode: the whole table each batch, rows sorted (Ember's order),
/// after the socket's initial empty batch.
fn word_count_expected() -> String {
    let batches: [&[(&str, i64)]; 4] = [
        &[],
        &[("cat", 1), ("dog", 1), ("sat", 1), ("the", 2)],
        &[
            ("a", 1),
            ("bird", 1),
            ("cat", 2),
            ("dog", 1),
            ("ran", 1),
            ("sat", 1),
            ("the", 3),
        ],
        // "cat  cat": two spaces make an empty-string word, as in Spark.
        &[
            ("", 1),
            ("a", 1),
            ("bird", 1),
            ("cat", 4),
            ("dog", 1),
            ("ran", 1),
            ("sat", 1),
            ("the", 3),
        ],
    ];
    batches
        .iter()
        .enumerate()
        .map(|(id, rows)| {
            let mut table = String::from("+----+-----+\n|word|count|\n+----+-----+\n");
            for (word, count) in rows.iter() {
                table.push_str(&format!("|{word:>4}|{count:>5}|\n"));
            }
            table.push_str("+----+-----+\n");
            console_batch(id as u64, &table)
        })
        .collect()
}

#[test]
fn word_count_complete_mode_prints_sparks_bytes_at_every_scale() {
    let _serial = serial();
    let Some(python) = python() else { return };
    for scale in SCALES {
        let run = run_socket_job(&python, "word_count.py", scale, &WORD_COUNT_SENDS);
        assert_eq!(run.stdout, word_count_expected(), "{scale:?}");
    }
}

/// `query_handle.py`: the query's handle through Connect (`stop()`, `isActive`, `status`,
/// `lastProgress`, `awaitTermination(0.1)`, `spark.streams`, a restart from the checkpoint,
/// an unknown column's `AnalysisException`); the server printed the three file batches.
#[test]
fn query_handle_through_connect_at_every_scale() {
    let _serial = serial();
    let Some(python) = python() else { return };
    let expected: String = ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(id, value)| {
            console_batch(
                id as u64,
                &format!("+-----+\n|value|\n+-----+\n|    {value}|\n+-----+\n"),
            )
        })
        .collect();
    for scale in SCALES {
        let dir = TempDir::new("query-handle");
        let mut run = Run::start(scale, &dir);
        run.start_client(&python, "query_handle.py");
        run.wait_for_client_exit();
        let checks = run.client.as_ref().unwrap().stdout();
        if run.client_code != Some(0) {
            run.fail(&format!("query_handle.py failed its checks:\n{checks}"));
        }
        run.terminate();
        assert_eq!(run.stdout0(), expected, "{scale:?}");
        eprintln!("{scale:?}: query_handle.py\n{checks}");
    }
}

/// `sql_text.py`: `expr`, `selectExpr`, `filter("..")`, a temporary view and `spark.sql` over
/// a stream, Spark's parse and analysis errors; the server printed the SQL word count's
/// batches. On a cluster, the other processes make the view too (process 0 forwards it), so
/// that the query over it starts on every process.
#[test]
fn sql_text_through_connect() {
    let _serial = serial();
    let Some(python) = python() else { return };
    let table = |rows: &[(&str, i64)]| {
        let mut text = "+----+-----+\n|word|count|\n+----+-----+\n".to_string();
        for (word, count) in rows {
            text.push_str(&format!("| {word:>3}|    {count}|\n"));
        }
        text + "+----+-----+\n"
    };
    let expected = console_batch(0, &table(&[("cat", 1), ("the", 1)]))
        + &console_batch(1, &table(&[("cat", 1), ("dog", 1), ("the", 2)]));
    for scale in SCALES {
        let dir = TempDir::new("sql-text");
        let mut run = Run::start(scale, &dir);
        run.start_client(&python, "sql_text.py");
        run.wait_for_client_exit();
        let checks = run.client.as_ref().unwrap().stdout();
        if run.client_code != Some(0) {
            run.fail(&format!("sql_text.py failed its checks:\n{checks}"));
        }
        run.terminate();
        assert_eq!(run.stdout0(), expected, "{scale:?}");
        eprintln!("{scale:?}: sql_text.py\n{checks}");
    }
}

/// `aggregate_functions.py`: the aggregate functions by PySpark's names (`count_distinct`
/// and `sum_distinct` arrive as `count`/`sum` marked distinct, `first`/`last` with their
/// `ignorenulls` literal); the server printed what Ember's own example prints for the same
/// files, PySpark 4.3's tables.
#[test]
fn aggregate_functions_through_connect_at_every_scale() {
    let _serial = serial();
    let Some(python) = python() else { return };
    let expected = include_str!("../../tests/expected/aggregate_functions_update.txt");
    for scale in SCALES {
        assert_eq!(
            run_file_job(&python, "aggregate_functions.py", scale),
            expected,
            "{scale:?}"
        );
    }
}

/// `types_and_functions.py`: a streaming query over JSON lines with #15's types and functions
/// by PySpark's names (`from_json`, `col.field`, `col["key"]`, `getItem`, `getField`,
/// `try_to_timestamp`, a decimal cast, `create_map`, `Decimal` and `bytearray` literals,
/// `approx_count_distinct`, `first` of a map); the server printed what PySpark 4.3 prints for
/// the same script run locally (and through Spark's own Connect server).
#[test]
fn types_and_functions_through_connect_at_every_scale() {
    let _serial = serial();
    let Some(python) = python() else { return };
    let expected = include_str!("expected/types_and_functions.txt");
    for scale in SCALES {
        assert_eq!(
            run_file_job(&python, "types_and_functions.py", scale),
            expected,
            "{scale:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Running a job
// ---------------------------------------------------------------------------------------

/// How the server runs: threads in one process, or processes on loopback.
#[derive(Clone, Copy, Debug)]
enum Scale {
    /// One process with this many workers.
    Workers(usize),
    /// This many processes of this many workers each.
    Processes(usize, usize),
}

/// One worker, two workers, two processes of two workers.
const SCALES: [Scale; 3] = [Scale::Workers(1), Scale::Workers(2), Scale::Processes(2, 2)];

/// What a socket job left: process 0's stdout and the server's working directory.
struct SocketRun {
    stdout: String,
    server_dir: PathBuf,
    _dir: TempDir,
}

/// Runs python client `script` against `ember-connect` at `scale`, feeding the seed's socket
/// one group of `sends` at a time: waits for the socket's initial empty batch, then for each
/// group's batch; then SIGTERMs every server process. Asserts that the server and the client
/// exit 0 and that only process 0 prints.
fn run_socket_job(python: &Path, script: &str, scale: Scale, sends: &[&str]) -> SocketRun {
    let dir = TempDir::new(script.trim_end_matches(".py"));
    let mut source = LineServer::bind(SEED_PORT);
    let mut run = Run::start(scale, &dir);
    run.start_client(python, script);
    source.accept(&mut run);
    run.wait_for_batches(1);
    for (i, text) in sends.iter().enumerate() {
        source.send(text);
        run.wait_for_batches(i + 2);
    }
    run.terminate();
    SocketRun {
        stdout: run.stdout0(),
        server_dir: run.server_dir.clone(),
        _dir: dir,
    }
}

/// Runs python client `script`, which writes its own files and runs its query to the end
/// (`availableNow`), against `ember-connect` at `scale`; asserts that it exits 0, SIGTERMs the
/// server, and returns process 0's stdout.
fn run_file_job(python: &Path, script: &str, scale: Scale) -> String {
    let dir = TempDir::new(script.trim_end_matches(".py"));
    let mut run = Run::start(scale, &dir);
    run.start_client(python, script);
    run.wait_for_client_exit();
    if run.client_code != Some(0) {
        let output = run.client.as_ref().unwrap().stdout();
        run.fail(&format!("{script} failed:\n{output}"));
    }
    run.terminate();
    run.stdout0()
}

/// A running server (every process) and its client. Killed when dropped.
struct Run {
    scale: Scale,
    server: Vec<Spawned>,
    server_dir: PathBuf,
    client_dir: PathBuf,
    /// `sc://HOST:PORT`, as process 0 printed it.
    remote: String,
    client: Option<Spawned>,
    client_code: Option<i32>,
}

impl Run {
    /// Starts `ember-connect --port 0` at `scale` in `dir/server`, and waits until process 0
    /// says where it listens.
    fn start(scale: Scale, dir: &TempDir) -> Run {
        let server_dir = dir.path().join("server");
        let client_dir = dir.path().join("client");
        std::fs::create_dir_all(&server_dir).unwrap();
        std::fs::create_dir_all(&client_dir).unwrap();
        let binary = env!("CARGO_BIN_EXE_ember-connect");
        let base = ["--port", "0"];
        let server = match scale {
            Scale::Workers(w) => {
                let w = w.to_string();
                let mut command = Command::new(binary);
                command.current_dir(&server_dir).args(base).args(["-w", &w]);
                vec![Spawned::start("ember-connect", command)]
            }
            Scale::Processes(n, w) => {
                let hosts = hostfile(&server_dir, n);
                (0..n)
                    .map(|p| {
                        let mut command = Command::new(binary);
                        command.current_dir(&server_dir).args(base).args([
                            "-w",
                            &w.to_string(),
                            "-n",
                            &n.to_string(),
                            "-p",
                            &p.to_string(),
                            "-h",
                            hosts.to_str().unwrap(),
                        ]);
                        Spawned::start(&format!("ember-connect process {p}"), command)
                    })
                    .collect()
            }
        };
        let mut run = Run {
            scale,
            server,
            server_dir,
            client_dir,
            remote: String::new(),
            client: None,
            client_code: None,
        };
        run.remote = run.wait_for_address();
        run
    }

    /// Reads `sc://HOST:PORT` from process 0's `ember-connect listening on sc://HOST:PORT`.
    fn wait_for_address(&mut self) -> String {
        let line = self.wait("process 0 to print where it listens", |run| {
            let err = run.server[0].stderr();
            // Complete lines only: a line still being written may end in half a port.
            let complete = &err[..err.rfind('\n').map_or(0, |end| end + 1)];
            complete
                .lines()
                .find(|line| line.starts_with(LISTENING))
                .map(|line| line[LISTENING.len()..].trim().to_string())
        });
        if !line.starts_with("sc://127.0.0.1:")
            || line["sc://127.0.0.1:".len()..].parse::<u16>().is_err()
        {
            self.fail(&format!("not a loopback sc:// address: {line:?}"));
        }
        line
    }

    /// Starts python client `script` (from `connect/tests/python/`) with `SPARK_REMOTE` set
    /// to the server's address.
    fn start_client(&mut self, python: &Path, script: &str) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/python")
            .join(script);
        let mut command = Command::new(python);
        command
            .current_dir(&self.client_dir)
            .arg(&path)
            .env("SPARK_REMOTE", &self.remote)
            .env("PYTHONUNBUFFERED", "1")
            // SIGABRT prints every thread's python stack (see `Run::fail`).
            .env("PYTHONFAULTHANDLER", "1")
            .env("PYTHONDONTWRITEBYTECODE", "1");
        self.client = Some(Spawned::start(script, command));
    }

    /// Waits until `ready` gives a value, failing after [`PATIENCE`] or if a process exits
    /// first (the client may exit while the server runs only when nothing else is awaited).
    fn wait<T>(&mut self, what: &str, mut ready: impl FnMut(&mut Run) -> Option<T>) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(value) = ready(self) {
                return value;
            }
            let exited = self
                .server
                .iter_mut()
                .chain(self.client.iter_mut())
                .find_map(|p| p.exit_code().map(|code| (p.name.clone(), code)));
            if let Some((name, code)) = exited {
                // What it printed last may be the value: look once more.
                std::thread::sleep(Duration::from_millis(100));
                if let Some(value) = ready(self) {
                    return value;
                }
                self.fail(&format!(
                    "{name} exited ({code:?}) while waiting for {what}"
                ));
            }
            if Instant::now() > deadline {
                self.fail(&format!("timed out after {PATIENCE:?} waiting for {what}"));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until process 0's stdout holds `count` complete console batches.
    fn wait_for_batches(&mut self, count: usize) {
        self.wait(&format!("{count} batches on the server's stdout"), |run| {
            (complete_batches(&run.server[0].stdout()) >= count).then_some(())
        });
    }

    /// Waits for the client to exit by itself (the server still running); records its code.
    fn wait_for_client_exit(&mut self) {
        let deadline = Instant::now() + PATIENCE * 2;
        loop {
            let client = self.client.as_mut().expect("a client");
            if let Some(code) = client.exit_code() {
                client.join_readers();
                self.client_code = code;
                return;
            }
            let exited = self
                .server
                .iter_mut()
                .find_map(|p| p.exit_code().map(|_| p.name.clone()));
            if let Some(name) = exited {
                self.fail(&format!("{name} exited while the client ran"));
            }
            if Instant::now() > deadline {
                self.fail("the client did not finish");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERMs every server process (process 0 first); asserts that each exits 0, that the
    /// client (if still running) then exits 0, and that only process 0 printed on stdout and
    /// only process 0 listened.
    fn terminate(&mut self) {
        for p in &self.server {
            p.terminate();
        }
        let deadline = Instant::now() + PATIENCE;
        for i in 0..self.server.len() {
            loop {
                if let Some(code) = self.server[i].exit_code() {
                    self.server[i].join_readers();
                    if code != Some(0) {
                        self.fail(&format!(
                            "{} exited with {code:?} after SIGTERM",
                            self.server[i].name
                        ));
                    }
                    break;
                }
                if Instant::now() > deadline {
                    let name = self.server[i].name.clone();
                    self.fail(&format!("{name} did not exit after SIGTERM"));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        if self.client_code.is_none() {
            loop {
                let client = self.client.as_mut().expect("a client");
                if let Some(code) = client.exit_code() {
                    client.join_readers();
                    self.client_code = code;
                    break;
                }
                if Instant::now() > deadline {
                    self.fail(
                        "the client did not exit after the server stopped: its \
                         awaitTermination() was not answered, or it hung on its way out (its \
                         python stack is below)",
                    );
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        if self.client_code != Some(0) {
            self.fail(&format!(
                "the client exited with {:?} after the server stopped",
                self.client_code
            ));
        }
        for p in &self.server[1..] {
            if !p.stdout().is_empty() {
                self.fail(&format!(
                    "{} printed on stdout: only process 0 prints",
                    p.name
                ));
            }
            if p.stderr().contains(LISTENING) {
                self.fail(&format!("{} listened: only process 0 listens", p.name));
            }
        }
    }

    /// Process 0's stdout so far.
    fn stdout0(&self) -> String {
        self.server[0].stdout()
    }

    /// Kills every process and panics with `message` and everything each one printed.
    fn fail(&mut self, message: &str) -> ! {
        let mut report = format!("{:?}: {message}\n", self.scale);
        // A client still running says where it waits: every thread's python stack.
        if let Some(client) = self.client.as_mut() {
            if client.exit_code().is_none() {
                client.signal("ABRT");
                let deadline = Instant::now() + Duration::from_secs(5);
                while client.exit_code().is_none() && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        }
        for p in self.server.iter_mut().chain(self.client.iter_mut()) {
            p.kill();
            report.push_str(&p.report());
        }
        let client_err = self
            .client
            .as_ref()
            .map(Spawned::stderr)
            .unwrap_or_default();
        if client_err.contains("grpc/_channel.py") && client_err.contains("in __del__") {
            report.push_str(
                "hint: the client hung at exit, in grpc's garbage collection of an RPC still \
                 open while the interpreter shut down. pyspark-client's exit hook sends \
                 MlCommand.clean_cache; a server that answers it without Spark's \
                 `ml_command_result` (before `ResultComplete`) leaves that RPC open as the \
                 client exits.\n",
            );
        }
        panic!("{report}");
    }
}

// ---------------------------------------------------------------------------------------
// Processes, the line server, temporary directories
// ---------------------------------------------------------------------------------------

/// A child process whose stdout and stderr are collected by two threads. Killed when dropped.
struct Spawned {
    name: String,
    child: Child,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    readers: Vec<JoinHandle<()>>,
    code: Option<Option<i32>>,
}

impl Spawned {
    fn start(name: &str, mut command: Command) -> Spawned {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({command:?}): {e}"));
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let readers = vec![
            collect(child.stdout.take().unwrap(), stdout.clone()),
            collect(child.stderr.take().unwrap(), stderr.clone()),
        ];
        Spawned {
            name: name.to_string(),
            child,
            stdout,
            stderr,
            readers,
            code: None,
        }
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout.lock().unwrap()).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// `Some(exit code)` once the process has exited (`Some(None)`: killed by a signal).
    fn exit_code(&mut self) -> Option<Option<i32>> {
        if self.code.is_none() {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.code = Some(status.code());
            }
        }
        self.code
    }

    /// After exit: waits until everything it printed has been read.
    fn join_readers(&mut self) {
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }

    fn terminate(&self) {
        self.signal("TERM");
    }

    /// Sends signal `name` (`TERM`, `ABRT`) if the process still runs.
    fn signal(&self, name: &str) {
        if self.code.is_none() {
            let _ = Command::new("kill")
                .args([&format!("-{name}"), &self.child.id().to_string()])
                .status();
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn report(&self) -> String {
        format!(
            "--- {} (exit {:?}) stdout:\n{}\n--- {} stderr:\n{}\n",
            self.name,
            self.code,
            self.stdout(),
            self.name,
            self.stderr()
        )
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A thread that appends everything `from` gives to `into`.
fn collect(mut from: impl Read + Send + 'static, into: Arc<Mutex<Vec<u8>>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        while let Ok(n) = from.read(&mut buffer) {
            if n == 0 {
                return;
            }
            into.lock().unwrap().extend_from_slice(&buffer[..n]);
        }
    })
}

/// The number of complete console batches in `text` (a batch ends with a blank line).
fn complete_batches(text: &str) -> usize {
    text.split("-------------------------------------------\nBatch: ")
        .skip(1)
        .filter(|batch| batch.ends_with("\n\n") || batch.contains("+\n\n"))
        .count()
}

/// What the console sink prints for batch `id` whose table is `table`.
fn console_batch(id: u64, table: &str) -> String {
    format!(
        "-------------------------------------------\nBatch: {id}\n-------------------------------------------\n{table}\n"
    )
}

/// A line server on 127.0.0.1, as `nc -lk`: one client, fed one write at a time.
struct LineServer {
    listener: TcpListener,
    client: Option<TcpStream>,
}

impl LineServer {
    fn bind(port: u16) -> LineServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap_or_else(|e| {
            panic!(
                "cannot listen on 127.0.0.1:{port}, where the seed's programs read their \
                 lines: {e} (is another program, such as `nc -lk {port}`, using it?)"
            )
        });
        listener.set_nonblocking(true).unwrap();
        LineServer {
            listener,
            client: None,
        }
    }

    /// Waits for the server's socket source to connect.
    fn accept(&mut self, run: &mut Run) {
        let stream = run.wait(
            "the socket source to connect to 127.0.0.1:9999",
            |_| match self.listener.accept() {
                Ok((stream, _)) => Some(stream),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => None,
                Err(e) => panic!("accept failed: {e}"),
            },
        );
        stream.set_nonblocking(false).unwrap();
        self.client = Some(stream);
    }

    /// Sends `text` in one write.
    fn send(&mut self, text: &str) {
        let client = self.client.as_mut().expect("no client");
        client.write_all(text.as_bytes()).unwrap();
        client.flush().unwrap();
    }
}

/// A hostfile for `processes` processes on free loopback ports, in `dir`.
fn hostfile(dir: &Path, processes: usize) -> PathBuf {
    let listeners: Vec<TcpListener> = (0..processes)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let text: String = listeners
        .iter()
        .map(|l| format!("127.0.0.1:{}\n", l.local_addr().unwrap().port()))
        .collect();
    let path = dir.join("hosts.txt");
    std::fs::write(&path, text).unwrap();
    path
}

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let path = std::env::temp_dir().join(format!(
            "ember-connect-{label}-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------
// The client's python
// ---------------------------------------------------------------------------------------

/// A python with `pyspark-client`: `EMBER_PYSPARK_PYTHON` (which must have it), else the venv
/// `scripts/pyspark-client-venv.sh` makes (`EMBER_PYSPARK_VENV`, default
/// `target/pyspark-client-venv`), else `python3` on `PATH`. `None` (the test is skipped,
/// saying so) when there is none and `EMBER_REQUIRE_PYSPARK` is unset.
fn python() -> Option<PathBuf> {
    if let Some(given) = std::env::var_os("EMBER_PYSPARK_PYTHON") {
        let given = PathBuf::from(given);
        if let Err(why) = has_pyspark_client(&given) {
            panic!("EMBER_PYSPARK_PYTHON={}: {why}", given.display());
        }
        return Some(given);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace");
    let venv = std::env::var_os("EMBER_PYSPARK_VENV")
        .map(PathBuf::from)
        .map(|v| if v.is_absolute() { v } else { root.join(v) })
        .unwrap_or_else(|| root.join("target/pyspark-client-venv"));
    let candidates = [venv.join("bin/python"), PathBuf::from("python3")];
    let mut tried = Vec::new();
    for candidate in candidates {
        match has_pyspark_client(&candidate) {
            Ok(()) => return Some(candidate),
            Err(why) => tried.push(format!("{}: {why}", candidate.display())),
        }
    }
    assert!(
        std::env::var_os("EMBER_REQUIRE_PYSPARK").is_none(),
        "EMBER_REQUIRE_PYSPARK is set but no python has pyspark-client ({}); run \
         scripts/pyspark-client-venv.sh",
        tried.join("; ")
    );
    eprintln!(
        "SKIPPED: the PySpark client tests need a python with pyspark-client: run \
         scripts/pyspark-client-venv.sh, or set EMBER_PYSPARK_PYTHON; set \
         EMBER_REQUIRE_PYSPARK=1 to fail instead of skipping ({})",
        tried.join("; ")
    );
    None
}

/// Whether `python` runs and has the `pyspark-client` distribution.
fn has_pyspark_client(python: &Path) -> Result<(), String> {
    let output = Command::new(python)
        .args([
            "-c",
            "from importlib.metadata import version; print(version('pyspark-client'))",
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run it: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "no pyspark-client ({})",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
