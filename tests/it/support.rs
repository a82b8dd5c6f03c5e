//! Test support: run the examples as a user would, feed them from loopback servers, and make
//! sure every child process ends, whatever the test does.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long any single wait in a test may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The path of a compiled example (cargo builds examples before running tests).
pub fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().expect("test binary path");
    let target = deps
        .parent()
        .and_then(|d| d.parent())
        .expect("target directory");
    let path = target.join("examples").join(name);
    assert!(
        path.exists(),
        "example {name} not built at {}; run `cargo test` (which builds examples)",
        path.display()
    );
    path
}

/// A running example whose stdout is collected line by line. Killed when dropped.
pub struct Running {
    pub child: Child,
    lines: Receiver<String>,
    pub stdout: String,
    /// The working directory, when the process has one of its own.
    cwd: Option<tempfile::TempDir>,
}

impl Running {
    /// Starts example `name` with `args` in a fresh working directory.
    pub fn start(name: &str, args: &[&str]) -> Self {
        let cwd = tempfile::tempdir().expect("working directory");
        let mut running = Running::start_in(name, args, cwd.path());
        running.cwd = Some(cwd);
        running
    }

    /// Starts example `name` with `args` in working directory `cwd` (files such as a relative
    /// checkpoint directory land there).
    pub fn start_in(name: &str, args: &[&str], cwd: &std::path::Path) -> Self {
        Running::start_with_env(name, args, cwd, &[])
    }

    /// As [`Running::start_in`], with extra environment variables.
    pub fn start_with_env(
        name: &str,
        args: &[&str],
        cwd: &std::path::Path,
        env: &[(&str, &str)],
    ) -> Self {
        let mut child = Command::new(example(name))
            .current_dir(cwd)
            .envs(env.iter().copied())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start example");
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                if send.send(std::mem::take(&mut line)).is_err() {
                    return;
                }
            }
        });
        Running {
            child,
            lines,
            stdout: String::new(),
            cwd: None,
        }
    }

    /// Reads stdout until it contains `count` complete batches (a batch ends with its blank
    /// line), and returns everything read so far.
    pub fn wait_for_batches(&mut self, count: usize) -> &str {
        let deadline = Instant::now() + PATIENCE;
        while complete_batches(&self.stdout) < count {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.stdout.push_str(&line),
                Err(_) => {
                    let err = self.stderr_now();
                    panic!(
                        "timed out waiting for {count} batches; stdout so far:\n{}\nstderr:\n{err}",
                        self.stdout
                    )
                }
            }
        }
        &self.stdout
    }

    fn stderr_now(&mut self) -> String {
        let _ = self.child.kill();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        err
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits for the process to exit; returns (exit code, all stdout, all stderr).
    pub fn finish(mut self) -> (Option<i32>, String, String) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // Collect the rest of stdout.
                while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
                    self.stdout.push_str(&line);
                }
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                return (status.code(), std::mem::take(&mut self.stdout), err);
            }
            if Instant::now() > deadline {
                let err = self.stderr_now();
                panic!(
                    "process did not exit; stdout:\n{}\nstderr:\n{err}",
                    self.stdout
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The number of complete console batches in `text`.
pub fn complete_batches(text: &str) -> usize {
    text.split("-------------------------------------------\nBatch: ")
        .skip(1)
        .filter(|batch| batch.ends_with("\n\n") || batch.contains("+\n\n"))
        .count()
}

/// A TCP server on 127.0.0.1 that accepts one client, like `nc -lk`.
pub struct LineServer {
    listener: TcpListener,
    client: Option<TcpStream>,
}

impl LineServer {
    pub fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        LineServer {
            listener,
            client: None,
        }
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().unwrap().port()
    }

    /// Waits for the client to connect.
    pub fn accept(&mut self) {
        self.listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    self.client = Some(stream);
                    return;
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    assert!(Instant::now() < deadline, "no client connected");
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => panic!("accept failed: {e}"),
            }
        }
    }

    /// Sends `text` in one write.
    pub fn send(&mut self, text: &str) {
        let client = self.client.as_mut().expect("no client");
        client.write_all(text.as_bytes()).unwrap();
        client.flush().unwrap();
    }
}

/// A hostfile for `processes` processes on free loopback ports, in `dir`.
pub fn hostfile(dir: &std::path::Path, processes: usize) -> PathBuf {
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

/// How to run an example: threads in one process, or several processes.
#[derive(Clone, Copy, Debug)]
pub enum Scale {
    /// One process with this many workers.
    Workers(usize),
    /// This many processes of this many workers each, on loopback.
    Processes(usize, usize),
}

impl Scale {
    /// The workers of all processes.
    pub fn workers(self) -> usize {
        match self {
            Scale::Workers(workers) => workers,
            Scale::Processes(processes, workers) => processes * workers,
        }
    }
}

/// The scales the examples' tests run at: one worker, two workers, two processes of two.
pub const SCALES: [Scale; 3] = [Scale::Workers(1), Scale::Workers(2), Scale::Processes(2, 2)];

/// Runs example `name` with `args` at `scale`, in a fresh working directory, to its end;
/// asserts as [`finish_all`] does and returns process 0's stdout.
pub fn run_at_scale(name: &str, args: &[&str], scale: Scale) -> String {
    let dir = tempfile::tempdir().unwrap();
    finish_all(start_at_scale(name, args, scale, dir.path()))
}

/// Runs example `name` with `args` at every one of [`SCALES`]; asserts the output is
/// `expected`.
pub fn at_every_scale(name: &str, args: &[&str], expected: &str) {
    for scale in SCALES {
        assert_eq!(run_at_scale(name, args, scale), expected, "{scale:?}");
    }
}

/// Starts example `name` with `args` at `scale`, every process in working directory `dir`;
/// the first element is process 0.
pub fn start_at_scale(
    name: &str,
    args: &[&str],
    scale: Scale,
    dir: &std::path::Path,
) -> Vec<Running> {
    start_at_scale_with_env(name, args, scale, dir, &[])
}

/// As [`start_at_scale`], with extra environment variables for every process.
pub fn start_at_scale_with_env(
    name: &str,
    args: &[&str],
    scale: Scale,
    dir: &std::path::Path,
    env: &[(&str, &str)],
) -> Vec<Running> {
    match scale {
        Scale::Workers(w) => {
            let mut all: Vec<&str> = args.to_vec();
            let w = w.to_string();
            all.extend(["-w", &w]);
            vec![Running::start_with_env(name, &all, dir, env)]
        }
        Scale::Processes(n, w) => {
            let hosts = hostfile(dir, n);
            let hosts = hosts.to_str().unwrap().to_string();
            (0..n)
                .map(|p| {
                    let (w, n, p) = (w.to_string(), n.to_string(), p.to_string());
                    let mut all: Vec<&str> = args.to_vec();
                    all.extend(["-w", &w, "-n", &n, "-p", &p, "-h", &hosts]);
                    Running::start_with_env(name, &all, dir, env)
                })
                .collect()
        }
    }
}

/// Runs example `name` with `args` at every one of [`SCALES`]; asserts process 0 fails with
/// `message` after printing `printed` (the failing batch is never written) and that every
/// other process ends.
pub fn fails_at_every_scale(name: &str, args: &[&str], printed: &str, message: &str) {
    for scale in SCALES {
        let dir = tempfile::tempdir().unwrap();
        let procs = start_at_scale(name, args, scale, dir.path());
        let mut outputs = procs.into_iter().map(Running::finish);
        let (code, stdout, stderr) = outputs.next().unwrap();
        assert_eq!(code, Some(1), "{scale:?}: {stderr}");
        assert_eq!(stdout, printed, "{scale:?}");
        let last = stderr.lines().last().unwrap_or("");
        assert!(
            last.starts_with("error: [STREAM_FAILED] Query [id = ")
                && last.ends_with(&format!(
                    "terminated with exception: {message} SQLSTATE: XXKST"
                )),
            "{scale:?}: {stderr}"
        );
        for (code, stdout, _) in outputs {
            assert!(code.is_some(), "{scale:?}: a process was killed");
            assert_eq!(stdout, "", "{scale:?}");
        }
    }
}

/// Runs example `name` at `scale` against a loopback line server: waits for the initial
/// empty batch, then for each entry of `sends` writes it (in one write) and waits for its
/// batch; then sends SIGTERM. Asserts that every process exits 0 and that only process 0
/// prints; returns process 0's stdout.
pub fn run_socket_script(name: &str, args: &[&str], scale: Scale, sends: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut server = LineServer::new();
    let port = server.port().to_string();
    let mut all = vec!["--host", "127.0.0.1", "--port", &port];
    all.extend_from_slice(args);
    let mut procs = start_at_scale(name, &all, scale, dir.path());
    server.accept();
    procs[0].wait_for_batches(1);
    for (i, text) in sends.iter().enumerate() {
        server.send(text);
        procs[0].wait_for_batches(i + 2);
    }
    procs[0].terminate();
    finish_all(procs)
}

/// Runs example `name` twice over one data directory and one checkpoint: at scale `first`
/// after `before` wrote its input, then at `second` after `between` added more. `args` come
/// after `--path DATA` and before `--checkpoint DIR`. Returns both runs' stdout.
pub fn run_then_restart(
    name: &str,
    args: &[&str],
    (first, second): (Scale, Scale),
    before: impl Fn(&std::path::Path),
    between: impl Fn(&std::path::Path),
) -> (String, String) {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let checkpoint = dir.path().join("checkpoint");
    let mut all = vec!["--path", data.path().to_str().unwrap()];
    all.extend_from_slice(args);
    all.extend(["--checkpoint", checkpoint.to_str().unwrap()]);
    before(data.path());
    let out_first = finish_all(start_at_scale(name, &all, first, dir.path()));
    between(data.path());
    let out_second = finish_all(start_at_scale(name, &all, second, dir.path()));
    (out_first, out_second)
}

/// Waits for every process; asserts each exits 0 and only process 0 prints; returns
/// process 0's stdout.
pub fn finish_all(procs: Vec<Running>) -> String {
    let mut outputs: Vec<_> = procs.into_iter().map(Running::finish).collect();
    for (i, (code, stdout, stderr)) in outputs.iter().enumerate() {
        assert_eq!(
            *code,
            Some(0),
            "process {i} failed; stdout:\n{stdout}\nstderr:\n{stderr}"
        );
        if i > 0 {
            assert_eq!(stdout, "", "only process 0 prints");
        }
    }
    outputs.swap_remove(0).1
}

/// Writes `text` to `dir/name` with a modification time `second` seconds into a fixed day,
/// so that tests fix the order in which the file source takes files.
pub fn write_file(dir: &std::path::Path, name: &str, text: &str, second: u64) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let time = std::time::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + second);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// Writes `texts[i]` to `dir/{prefix}{i}{suffix}` with [`write_file`]'s modification time `i`,
/// so that the file source takes them in order.
pub fn write_files(dir: &std::path::Path, prefix: &str, suffix: &str, texts: &[impl AsRef<str>]) {
    for (i, text) in texts.iter().enumerate() {
        write_file(
            dir,
            &format!("{prefix}{i}{suffix}"),
            text.as_ref(),
            i as u64,
        );
    }
}

/// Kills a process at once (SIGKILL) and returns what it printed.
pub fn kill(mut running: Running) -> String {
    let _ = running.child.kill();
    let _ = running.child.wait();
    while let Ok(line) = running.lines.recv_timeout(Duration::from_secs(5)) {
        running.stdout.push_str(&line);
    }
    std::mem::take(&mut running.stdout)
}

/// Whether the process has exited.
pub fn exited(running: &mut Running) -> bool {
    matches!(running.child.try_wait(), Ok(Some(_)))
}

/// A small deterministic generator (a 64-bit LCG), so a failing randomized test repeats.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number below `bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

/// Runs example `name` at `scale` with the driver armed to abort at `failpoint`
/// (`EMBER_FAILPOINT`, e.g. `after-commit:1`), waits for process 0 to end, kills the others,
/// and returns whether the failpoint was reached (a job with nothing left to do exits
/// normally instead) and what process 0 printed.
pub fn run_to_failpoint(
    name: &str,
    args: &[&str],
    scale: Scale,
    dir: &std::path::Path,
    failpoint: &str,
) -> (bool, String) {
    let env = [("EMBER_FAILPOINT", failpoint)];
    let mut procs = start_at_scale_with_env(name, args, scale, dir, &env);
    let deadline = Instant::now() + PATIENCE;
    while !exited(&mut procs[0]) {
        assert!(
            Instant::now() < deadline,
            "{failpoint}: process 0 never ended"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let reached = !matches!(procs[0].child.try_wait(), Ok(Some(status)) if status.success());
    let mut printed = String::new();
    for p in procs {
        printed.push_str(&kill(p));
    }
    (reached, printed)
}

/// What the console sink prints for batch `id` whose table is `table`: the frame, the table,
/// and the blank line after it.
pub fn console_batch(id: u64, table: &str) -> String {
    format!(
        "-------------------------------------------\nBatch: {id}\n-------------------------------------------\n{table}\n"
    )
}

/// A console writer tests can read back.
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Runs `writer` — a query whose trigger ends it — with a `foreach_batch` sink; returns each
/// batch's id and rows.
pub fn collect_batches(writer: ember::DataStreamWriter) -> Vec<(u64, Vec<ember::Row>)> {
    let batches = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = batches.clone();
    writer
        .foreach_batch(move |id, rows| {
            sink.lock().unwrap().push((id, rows.to_vec()));
            Ok(())
        })
        .start()
        .unwrap()
        .await_termination()
        .unwrap();
    let batches = batches.lock().unwrap().clone();
    batches
}

/// Runs `df` to its end with `Trigger::AvailableNow` and a console sink in append mode;
/// returns what the console printed.
pub fn console_available_now(df: &ember::DataFrame) -> String {
    console_available_now_with(df, |writer| writer)
}

/// As [`console_available_now`], with the writer set up by `configure` (an output mode,
/// options) first.
pub fn console_available_now_with(
    df: &ember::DataFrame,
    configure: impl FnOnce(ember::DataStreamWriter) -> ember::DataStreamWriter,
) -> String {
    let out = Captured::default();
    configure(df.write_stream())
        .trigger(ember::Trigger::AvailableNow)
        .console_writer(out.clone())
        .start()
        .unwrap()
        .await_termination()
        .unwrap();
    out.text()
}

/// Starts a word count over the text files of `dir` (one file per batch, `AvailableNow`,
/// update mode) on `workers` threads, with a checkpoint in `checkpoint` if given, whose
/// `foreach_batch` sink calls `sink` with each batch id.
pub fn start_batch_count(
    dir: &std::path::Path,
    workers: usize,
    checkpoint: Option<&std::path::Path>,
    mut sink: impl FnMut(u64) -> ember::Result<()> + Send + 'static,
) -> ember::StreamingQuery {
    use ember::expr::{col, explode, split};
    let spark = ember::Session::builder()
        .cluster(ember::ClusterArgs::threads(workers))
        .get_or_create()
        .unwrap();
    let counts = spark
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .load_path(dir)
        .unwrap()
        .select([explode(split(col("value"), " ")).alias("word")])
        .unwrap()
        .group_by([col("word")])
        .unwrap()
        .count()
        .unwrap();
    let mut writer = counts
        .write_stream()
        .output_mode("update")
        .trigger(ember::Trigger::AvailableNow)
        .foreach_batch(move |batch_id, _rows| sink(batch_id));
    if let Some(checkpoint) = checkpoint {
        writer = writer.option("checkpointLocation", checkpoint.display());
    }
    writer.start().unwrap()
}

/// The word count's query over `lines` (a `value` column): words split on spaces, counted.
pub fn count_words(lines: ember::DataFrame) -> ember::DataFrame {
    use ember::expr::{col, explode, split};
    lines
        .select([explode(split(col("value"), " ")).alias("word")])
        .unwrap()
        .group_by([col("word")])
        .unwrap()
        .count()
        .unwrap()
}

/// Waits until `done()`, failing after [`PATIENCE`].
pub fn wait_until(mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `spark`'s socket source reading 127.0.0.1:`port`.
pub fn socket_lines(spark: &ember::Session, port: u16) -> ember::DataFrame {
    spark
        .read_stream()
        .format("socket")
        .option("host", "127.0.0.1")
        .option("port", port)
        .load()
        .unwrap()
}
