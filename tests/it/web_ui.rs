//! The live web UI (issue #14): its JSON and `/metrics` say what the query reports, bad
//! requests get error statuses while the query runs on, a taken port moves the UI to the next
//! one, and a real browser (Debian's headless Chromium) renders the charts and one row per
//! batch. Every server listens on 127.0.0.1; every query stops by itself or is stopped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ember::{Session, StreamingQuery, StreamingQueryProgress, Trigger};

use crate::support::{start_at_scale, write_file, write_files, Running, Scale, PATIENCE};

/// A name that HTML, JSON and Prometheus's labels must each escape.
const NAME: &str = "words \"ui\" <b>\\</b>";

/// The lines of the test's input files, one file a batch.
const FILES: [&str; 4] = [
    "the quick brown fox\njumps over\n",
    "the lazy dog\n",
    "a quick look\nat the fox\nand the dog\n",
    "over and over\n",
];

/// The charts a query's page draws, by id.
const CHARTS: [&str; 7] = [
    "input-rate",
    "process-rate",
    "input-rows",
    "batch-duration",
    "state-rows",
    "watermark",
    "event-time-lag",
];

fn session(port: u16) -> Session {
    Session::builder()
        .config("spark.ui.port", port)
        .config("spark.sql.shuffle.partitions", 2)
        .get_or_create()
        .unwrap()
}

/// A word count over `dir`, a file a batch, into the `noop` sink.
fn word_count(spark: &Session, dir: &Path, trigger: Trigger) -> StreamingQuery {
    let lines = spark
        .read_stream()
        .format("text")
        .option("maxFilesPerTrigger", 1)
        .load_path(dir)
        .unwrap();
    crate::support::count_words(lines)
        .write_stream()
        .format("noop")
        .output_mode("complete")
        .query_name(NAME)
        .trigger(trigger)
        .start()
        .unwrap()
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An HTTP response: status, head and body.
struct Response {
    status: u16,
    head: String,
    body: String,
}

/// Sends `request` as it is to `127.0.0.1:port` and reads the answer to the end (the server
/// closes every connection).
fn send(port: u16, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    // The server may answer before reading all of a refused request, then close.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {answer:?}"));
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn get(port: u16, path: &str) -> Response {
    send(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes(),
    )
}

fn port_of(url: &str) -> u16 {
    url.rsplit(':').next().unwrap().parse().unwrap()
}

/// The API's progress is `recent_progress()` as `json()` prints it, the query list and
/// `/metrics` say the same, and the pages show every batch — all while malformed and huge
/// requests are refused and the query goes on.
#[test]
fn the_api_and_metrics_match_the_progress_and_bad_requests_never_stop_the_query() {
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".txt", &FILES[..3]);
    let spark = session(0);
    assert_eq!(spark.ui_url(), None, "no UI before the first query");
    let query = word_count(
        &spark,
        data.path(),
        Trigger::processing_time("50 milliseconds"),
    );
    let url = spark.ui_url().expect("the first query starts the UI");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let port = port_of(&url);
    wait_for("3 batches", || query.batches_completed() >= 3);

    // Refused, each with its status; the server and the query go on.
    let huge = "a".repeat(1 << 20);
    let refused: [(&str, Vec<u8>, u16); 7] = [
        (
            "garbage",
            b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n".to_vec(),
            400,
        ),
        ("HTTP/9", b"GET / HTTP/9.9\r\n\r\n".to_vec(), 400),
        (
            "1 MB URL",
            format!("GET /{huge} HTTP/1.1\r\n\r\n").into_bytes(),
            414,
        ),
        (
            "1 MB header",
            format!("GET / HTTP/1.1\r\nX-Big: {huge}\r\n\r\n").into_bytes(),
            431,
        ),
        (
            "huge body",
            b"GET / HTTP/1.1\r\nContent-Length: 1000000000000\r\n\r\nabc".to_vec(),
            413,
        ),
        ("POST", b"POST /metrics HTTP/1.1\r\n\r\n".to_vec(), 405),
        (
            "a proxy's URL",
            b"GET http://x/ HTTP/1.1\r\n\r\n".to_vec(),
            400,
        ),
    ];
    // A client that connects and says nothing holds one connection, not the server.
    let silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    for (what, request, status) in &refused {
        assert_eq!(send(port, request).status, *status, "{what}");
    }
    drop(silent);
    let head = send(port, b"HEAD / HTTP/1.0\r\n\r\n");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    write_file(data.path(), "part-3.txt", FILES[3], 3);
    wait_for("the 4th batch", || query.batches_completed() >= 4);
    assert!(query.is_active());
    query.stop().unwrap();

    let recent = query.recent_progress();
    assert_eq!(recent.len(), 4);
    let rows: Vec<u64> = recent.iter().map(|p| p.num_input_rows).collect();
    assert_eq!(rows, [2, 1, 3, 1], "a row a line");

    // The progress endpoint: recent_progress(), each as json() prints it, by id or run id.
    let expected = format!(
        "[{}]",
        recent
            .iter()
            .map(StreamingQueryProgress::json)
            .collect::<Vec<_>>()
            .join(",")
    );
    for key in [query.id(), query.run_id()] {
        let progress = get(port, &format!("/api/v1/streaming/queries/{key}/progress"));
        assert_eq!(progress.status, 200);
        assert!(progress.head.contains("Content-Type: application/json"));
        assert_eq!(progress.body, expected);
    }
    let parsed: Vec<serde_json::Value> = serde_json::from_str(&expected).unwrap();
    for (json, p) in parsed.iter().zip(&recent) {
        assert_eq!(json["batchId"], p.batch_id);
        assert_eq!(json["numInputRows"], p.num_input_rows);
    }

    // The query list.
    let list: serde_json::Value =
        serde_json::from_str(&get(port, "/api/v1/streaming/queries").body).unwrap();
    let entry = &list[0];
    assert_eq!(entry["id"], query.id());
    assert_eq!(entry["runId"], query.run_id());
    assert_eq!(entry["name"], NAME);
    assert_eq!(entry["isActive"], false);
    assert_eq!(entry["status"]["message"], "Stopped");
    assert_eq!(entry["exception"], serde_json::Value::Null);
    assert_eq!(entry["batches"], query.batches_completed());
    assert_eq!(entry["lastProgress"]["batchId"], 3);

    // /metrics parses as Prometheus would, and says the same.
    let metrics = get(port, "/metrics");
    assert!(metrics
        .head
        .contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"));
    let samples = check_exposition(&metrics.body);
    let scrape =
        prometheus_parse::Scrape::parse(metrics.body.lines().map(|l| Ok(l.to_string()))).unwrap();
    assert_eq!(scrape.samples.len(), samples, "every sample line parsed");
    let value = |name: &str| {
        let sample = scrape
            .samples
            .iter()
            .find(|s| s.metric == name && s.labels.get("query_id") == Some(query.id()))
            .unwrap_or_else(|| panic!("no {name} sample:\n{}", metrics.body));
        match sample.value {
            prometheus_parse::Value::Counter(v) | prometheus_parse::Value::Gauge(v) => v,
            ref other => panic!("{name}: {other:?}"),
        }
    };
    let last = recent.last().unwrap();
    assert_eq!(
        value("ember_streaming_batches_committed_total"),
        query.batches_completed() as f64
    );
    assert_eq!(value("ember_streaming_input_rows"), 1.0);
    assert_eq!(
        value("ember_streaming_state_rows"),
        last.state_operators[0].num_rows_total as f64
    );
    assert_eq!(
        value("ember_streaming_batch_duration_seconds"),
        last.elapsed.as_secs_f64()
    );
    assert_eq!(value("ember_streaming_query_active"), 0.0);

    // The pages: the list links the query; its page has every chart and a row per batch.
    let index = get(port, "/");
    assert_eq!(index.status, 200);
    assert!(index
        .body
        .contains(&format!("<a href=\"/query/{}\">", query.run_id())));
    assert!(index
        .body
        .contains("words &quot;ui&quot; &lt;b&gt;\\&lt;/b&gt;"));
    for path in [
        format!("/query/{}", query.run_id()),
        format!("/query/?id={}", query.id()),
    ] {
        let page = get(port, &path);
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(batch_rows(&page.body), expected_rows(&recent), "{path}");
        for chart in CHARTS {
            assert!(
                page.body.contains(&format!("<svg id=\"chart-{chart}\"")),
                "{chart}"
            );
        }
    }
    let fragment = get(port, &format!("/query/{}/fragment", query.run_id()));
    assert_eq!(batch_rows(&fragment.body), expected_rows(&recent));
    assert!(!fragment.body.contains("<html"));

    for missing in [
        "/query/00000000-0000-0000-0000-000000000000",
        "/api/v1/streaming/queries/nope/progress",
        "/api/v2/streaming/queries",
        "/favicon.ico",
    ] {
        assert_eq!(get(port, missing).status, 404, "{missing}");
    }
}

/// With `spark.ui.port` taken, the UI starts on a port after it, as Spark's does, and the
/// query runs to its end.
#[test]
fn a_taken_port_moves_the_ui_to_the_next_and_the_query_still_runs() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".txt", &FILES[..2]);
    let spark = session(port);
    let query = word_count(&spark, data.path(), Trigger::AvailableNow);
    query.await_termination().unwrap();
    assert_eq!(query.batches_completed(), 2);
    let url = spark.ui_url().expect("a UI on another port");
    let moved = port_of(&url);
    assert!(
        moved > port && moved <= port.saturating_add(16),
        "{url}: not one of the 16 ports after {port}"
    );
    assert_eq!(get(moved, "/").status, 200);
    drop(taken);
}

/// `spark.ui.enabled=false`: no UI, and the query runs.
#[test]
fn a_disabled_ui_is_not_started() {
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".txt", &FILES[..1]);
    let spark = Session::builder()
        .config("spark.ui.enabled", "false")
        .get_or_create()
        .unwrap();
    word_count(&spark, data.path(), Trigger::AvailableNow)
        .await_termination()
        .unwrap();
    assert_eq!(spark.ui_url(), None);
}

/// In a cluster only process 0, which records the progress of every worker, serves the UI
/// and prints its address.
#[test]
fn only_process_0_of_a_cluster_serves_the_ui() {
    let dir = tempfile::tempdir().unwrap();
    let procs = start_at_scale(
        "word_count",
        &["--ui-port", "0"],
        Scale::Processes(2, 1),
        dir.path(),
    );
    let outputs: Vec<_> = procs.into_iter().map(Running::finish).collect();
    for (i, (code, _, stderr)) in outputs.iter().enumerate() {
        assert_eq!(*code, Some(0), "process {i}: {stderr}");
        let serves = stderr.contains("ember: web UI at http://127.0.0.1:");
        assert_eq!(serves, i == 0, "process {i}: {stderr}");
    }
}

/// Headless Chromium renders a stopped query's page: every chart is an SVG, and the batch
/// table has exactly one row per entry of `recent_progress()`, with its numbers.
#[test]
fn a_browser_renders_the_charts_and_a_row_per_batch() {
    let Some(chromium) = chromium() else { return };
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".txt", &FILES);
    let spark = session(0);
    let query = word_count(&spark, data.path(), Trigger::AvailableNow);
    query.await_termination().unwrap();
    let recent = query.recent_progress();
    assert_eq!(recent.len(), FILES.len());
    let url = format!("{}/query/{}", spark.ui_url().unwrap(), query.run_id());
    let dom = dump_dom(&chromium, &url);
    assert_rendered(&dom, &expected_rows(&recent));
    let png = screenshot(&chromium, &url, "ui-screenshot-library.png");
    println!("screenshot: {}", png.display());
}

/// Headless Chromium renders the page of the `word_count` example running over the shipped
/// corpus with a batch a second, which prints the UI's address: the DOM holds a row per batch
/// with the numbers of the progress the API serves (which the test above checks against
/// `recent_progress()`); the screenshot is `target/ui-screenshot.png` (the README's).
#[test]
fn a_browser_renders_the_word_count_example() {
    let Some(chromium) = chromium() else { return };
    let port = free_port();
    let port_arg = port.to_string();
    let args = ["--trigger", "1 second", "--ui-port", &port_arg];
    let job = Running::start("word_count", &args);
    // The shipped corpus has 4 files: 4 batches, then none (no new data).
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
    let files = std::fs::read_dir(corpus).unwrap().count();
    let (mut run_id, mut progress) = (String::new(), Vec::new());
    wait_for("every file's batch", || {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
            return false;
        };
        let _ = stream.write_all(b"GET /api/v1/streaming/queries HTTP/1.1\r\n\r\n");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        let Some((_, body)) = answer.split_once("\r\n\r\n") else {
            return false;
        };
        let Ok(list) = serde_json::from_str::<serde_json::Value>(body) else {
            return false;
        };
        if list[0]["batches"] != files {
            return false;
        }
        run_id = list[0]["runId"].as_str().unwrap().to_string();
        let body = get(
            port,
            &format!("/api/v1/streaming/queries/{run_id}/progress"),
        )
        .body;
        progress = serde_json::from_str::<Vec<serde_json::Value>>(&body)
            .unwrap()
            .iter()
            .map(|p| StreamingQueryProgress::from_json(&p.to_string()).unwrap())
            .collect();
        true
    });
    assert_eq!(progress.len(), files);
    let url = format!("http://127.0.0.1:{port}/query/{run_id}");
    let dom = dump_dom(&chromium, &url);
    assert_rendered(&dom, &expected_rows(&progress));
    assert!(dom.contains("data-active=\"true\""), "the query still runs");
    let png = screenshot(&chromium, &url, "ui-screenshot.png");
    println!("screenshot: {}", png.display());
    job.terminate();
    let (code, _, stderr) = job.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("ember: web UI at http://127.0.0.1:{port}\n")),
        "{stderr}"
    );
}

/// `(batch id, input rows, output rows, duration ms)` of each batch, newest first, as the
/// table lists them.
fn expected_rows(progress: &[StreamingQueryProgress]) -> Vec<[u64; 4]> {
    progress
        .iter()
        .rev()
        .map(|p| {
            [
                p.batch_id,
                p.num_input_rows,
                p.sink.num_output_rows,
                p.batch_duration,
            ]
        })
        .collect()
}

/// The batch rows of a page: each `<tr class="batch" ...>`'s data attributes, checked
/// against the numbers its cells show.
fn batch_rows(html: &str) -> Vec<[u64; 4]> {
    html.split("<tr class=\"batch\" ")
        .skip(1)
        .map(|row| {
            let row = &row[..row.find("</tr>").expect("a closed row")];
            let attribute = |name: &str| -> u64 {
                let start = row.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                let end = start + row[start..].find('"').unwrap();
                row[start..end].parse().unwrap()
            };
            let cells: Vec<String> = row
                .split("<td")
                .skip(1)
                .map(|cell| {
                    let text = &cell[cell.find('>').unwrap() + 1..];
                    text[..text.find("</td>").unwrap()].trim().to_string()
                })
                .collect();
            let numbers = [
                attribute("data-batch-id"),
                attribute("data-input-rows"),
                attribute("data-output-rows"),
                attribute("data-duration-ms"),
            ];
            // Cells: batch, time, input rows, input rate, process rate, duration, output rows.
            assert_eq!(cells.len(), 7, "{row}");
            let shown = [&cells[0], &cells[2], &cells[6], &cells[5]];
            for (cell, number) in shown.iter().zip(numbers) {
                assert_eq!(**cell, number.to_string(), "{row}");
            }
            numbers
        })
        .collect()
}

/// The DOM has every chart as an SVG and exactly `rows` as its batch rows.
fn assert_rendered(dom: &str, rows: &[[u64; 4]]) {
    assert!(dom.contains("Streaming Query Statistics"), "{dom}");
    for chart in CHARTS {
        assert!(
            dom.contains(&format!("<svg id=\"chart-{chart}\"")),
            "no {chart} chart:\n{dom}"
        );
    }
    assert_eq!(dom.matches("<svg").count(), CHARTS.len());
    assert_eq!(batch_rows(dom), rows);
}

/// Debian's `chromium` (`/usr/bin/chromium`, else the first on `PATH`), or `None` (the test
/// is skipped, saying so) when it is not installed and `EMBER_REQUIRE_CHROMIUM` is unset.
fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/chromium");
    let on_path = std::env::var_os("PATH").and_then(|dirs| {
        std::env::split_paths(&dirs)
            .map(|dir| dir.join("chromium"))
            .find(|candidate| candidate.is_file())
    });
    if let Some(found) = Some(path.clone()).filter(|p| p.is_file()).or(on_path) {
        return Some(found);
    }
    assert!(
        std::env::var_os("EMBER_REQUIRE_CHROMIUM").is_none(),
        "EMBER_REQUIRE_CHROMIUM is set but {} is not installed (apt-get install chromium)",
        path.display()
    );
    eprintln!(
        "SKIPPED: the browser test needs Debian's chromium at {} (apt-get install chromium); \
         set EMBER_REQUIRE_CHROMIUM=1 to fail instead of skipping",
        path.display()
    );
    None
}

/// Runs headless Chromium on `url` with `args`, within [`PATIENCE`]; returns its stdout.
fn run_chromium(chromium: &Path, args: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = profile.path().join("stdout");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "chromium failed on {url}: {status}");
    std::fs::read_to_string(out).unwrap()
}

fn dump_dom(chromium: &Path, url: &str) -> String {
    run_chromium(chromium, &["--dump-dom"], url)
}

/// A 1280x1600 screenshot of `url` at `target/<name>`; its path.
fn screenshot(chromium: &Path, url: &str, name: &str) -> PathBuf {
    let path = target_dir().join(name);
    let _ = std::fs::remove_file(&path);
    let shot = format!("--screenshot={}", path.display());
    run_chromium(chromium, &[&shot, "--window-size=1280,1600"], url);
    let png = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    path
}

/// `target/`: the test binary is `target/<profile>/deps/it-<hash>`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

/// A port free now (the OS's pick, released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Checks `text` line by line against Prometheus's text format (0.0.4): `# HELP` and `# TYPE`
/// at most once per metric and before its samples, names and label names of the allowed
/// characters, label values quoted with only `\\`, `\"` and `\n` escapes, no series twice,
/// values that are numbers. Returns the number of samples.
fn check_exposition(text: &str) -> usize {
    use std::collections::HashSet;
    fn is_name(name: &str, colon: bool) -> bool {
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || colon && c == ':')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || colon && c == ':')
    }
    assert!(text.ends_with('\n'), "the last line ends with a newline");
    let (mut helped, mut typed, mut series) = (HashSet::new(), HashSet::new(), HashSet::new());
    let mut samples = 0;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let name = rest.split(' ').next().unwrap();
            assert!(
                is_name(name, true) && helped.insert(name.to_string()),
                "{line}"
            );
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect(line);
            assert!(
                is_name(name, true) && typed.insert(name.to_string()),
                "{line}"
            );
            assert!(
                ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                "{line}"
            );
        } else {
            assert!(!line.starts_with('#') && !line.is_empty(), "{line:?}");
            let name_end = line.find(['{', ' ']).expect(line);
            let name = &line[..name_end];
            assert!(
                is_name(name, true) && typed.contains(name),
                "{line}: undeclared"
            );
            let mut rest = &line[name_end..];
            let mut labels = Vec::new();
            if let Some(inner) = rest.strip_prefix('{') {
                rest = inner;
                loop {
                    let (label, after) = rest.split_once("=\"").expect(line);
                    assert!(is_name(label, false), "{line}: label {label}");
                    let mut value = String::new();
                    let mut chars = after.char_indices();
                    let end = loop {
                        match chars.next().expect(line) {
                            (i, '"') => break i,
                            (_, '\\') => match chars.next().expect(line).1 {
                                c @ ('\\' | '"') => value.push(c),
                                'n' => value.push('\n'),
                                other => panic!("{line}: escape \\{other}"),
                            },
                            (_, '\n') => panic!("{line}: raw newline"),
                            (_, c) => value.push(c),
                        }
                    };
                    labels.push(format!("{label}={value:?}"));
                    rest = &after[end + 1..];
                    if let Some(next) = rest.strip_prefix(',') {
                        rest = next;
                    } else {
                        rest = rest.strip_prefix('}').expect(line);
                        break;
                    }
                }
            }
            let value = rest.strip_prefix(' ').expect(line);
            let number = value.parse::<f64>().is_ok() || ["NaN", "+Inf", "-Inf"].contains(&value);
            assert!(number, "{line}: value {value}");
            labels.sort();
            assert!(series.insert(format!("{name}{labels:?}")), "{line}: twice");
            samples += 1;
        }
    }
    samples
}
