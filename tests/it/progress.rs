//! Progress reports, status, listeners and the query manager: the JSON's layout against
//! what PySpark 4 printed, events in order at every scale, a failing query's terminated
//! event, several queries in one session.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ember::{
    ClusterArgs, QueryIdleEvent, QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent,
    Session, StreamingQuery, StreamingQueryListener, StreamingQueryProgress,
};

use crate::support::{
    count_words, start_at_scale, wait_until, write_files, LineServer, Running, Scale, SCALES,
};

/// What PySpark 4.0.1 printed as `lastProgress.prettyJson` for the socket word count
/// (`groupBy("word").count()`, update mode, console sink, `queryName("wc")`, 2 shuffle
/// partitions) after the line `hello world hello`, its batch 1.
const SPARK_PRETTY_JSON: &str = r#"{
  "id" : "74680c3d-c256-41f9-81da-fec7d8e3016f",
  "runId" : "7a9d1cf2-842d-462c-aa00-04dc6c20a7a2",
  "name" : "wc",
  "timestamp" : "2026-12-07T14:20:05.247Z",
  "batchId" : 1,
  "batchDuration" : 601,
  "numInputRows" : 1,
  "inputRowsPerSecond" : 90.90909090909092,
  "processedRowsPerSecond" : 1.663893510815308,
  "durationMs" : {
    "addBatch" : 488,
    "commitOffsets" : 42,
    "getBatch" : 0,
    "latestOffset" : 0,
    "queryPlanning" : 23,
    "triggerExecution" : 600,
    "walCommit" : 45
  },
  "stateOperators" : [ {
    "operatorName" : "stateStoreSave",
    "numRowsTotal" : 2,
    "numRowsUpdated" : 2,
    "allUpdatesTimeMs" : 55,
    "numRowsRemoved" : 0,
    "allRemovalsTimeMs" : 0,
    "commitTimeMs" : 132,
    "memoryUsedBytes" : 1192,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 2,
    "numStateStoreInstances" : 2,
    "customMetrics" : {
      "loadedMapCacheHitCount" : 4,
      "loadedMapCacheMissCount" : 0,
      "stateOnCurrentVersionSizeBytes" : 584
    }
  } ],
  "sources" : [ {
    "description" : "TextSocketV2[host: 127.0.0.1, port: 9931]",
    "startOffset" : -1,
    "endOffset" : 0,
    "latestOffset" : 0,
    "numInputRows" : 1,
    "inputRowsPerSecond" : 90.90909090909092,
    "processedRowsPerSecond" : 1.663893510815308
  } ],
  "sink" : {
    "description" : "org.apache.spark.sql.execution.streaming.ConsoleTable$@40591fd1",
    "numOutputRows" : 2
  }
}"#;

/// Each line of pretty JSON with its value replaced by the value's type (`<string>`,
/// `<int>`, `<double>`, `null`): keys, order, nesting and layout stay.
fn shape(json: &str) -> Vec<String> {
    json.lines()
        .map(|line| match line.split_once(" : ") {
            Some((key, value)) => {
                let (value, comma) = match value.strip_suffix(',') {
                    Some(value) => (value, ","),
                    None => (value, ""),
                };
                let kind = if value == "null" || value.starts_with(['{', '[']) {
                    value.to_string()
                } else if value.starts_with('"') {
                    "<string>".to_string()
                } else if value.contains(['.', 'E']) || value == "NaN" {
                    "<double>".to_string()
                } else {
                    assert!(value.parse::<i64>().is_ok(), "not a JSON number: {line}");
                    "<int>".to_string()
                };
                format!("{key} : {kind}{comma}")
            }
            None => line.to_string(),
        })
        .collect()
}

/// Spark's layout without the state store's `customMetrics`: they are the state store
/// provider's own (HDFS-backed here; RocksDB reports others), and a provider without any,
/// such as Ember's, leaves the field out, as Spark does with an empty map.
fn spark_shape_without_custom_metrics() -> Vec<String> {
    let start = SPARK_PRETTY_JSON.find(",\n    \"customMetrics\"").unwrap();
    let end = SPARK_PRETTY_JSON[start..].find("\n    }").unwrap() + start + "\n    }".len();
    shape(&format!(
        "{}{}",
        &SPARK_PRETTY_JSON[..start],
        &SPARK_PRETTY_JSON[end..]
    ))
}

/// Runs the socket word count in this process on `workers` workers, sends `hello world
/// hello`, and returns the query once it has run its first two batches.
fn socket_word_count(workers: usize) -> (StreamingQuery, LineServer) {
    let mut server = LineServer::new();
    let spark = Session::builder()
        .config("spark.ui.enabled", "false")
        .cluster(ClusterArgs {
            workers: Some(workers),
            ..ClusterArgs::default()
        })
        .get_or_create()
        .unwrap();
    let lines = crate::support::socket_lines(&spark, server.port());
    let query = count_words(lines)
        .write_stream()
        .output_mode("update")
        .query_name("wc")
        .foreach_batch(|_, _| Ok(()))
        .start()
        .unwrap();
    server.accept();
    wait_until(|| query.batches_completed() >= 1);
    server.send("hello world hello\n");
    wait_until(|| query.batches_completed() >= 2);
    (query, server)
}

#[test]
fn a_batchs_progress_json_has_sparks_keys_order_and_value_types() {
    for workers in [1, 2] {
        let (query, _server) = socket_word_count(workers);
        let progress = query.recent_progress();
        let batch = &progress[1];
        let pretty = batch.pretty_json();
        assert_eq!(
            shape(&pretty),
            spark_shape_without_custom_metrics(),
            "{pretty}"
        );
        // The values PySpark printed for the same input, where they are not times or ids.
        let value: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(value["name"], "wc");
        assert_eq!(value["batchId"], 1);
        assert_eq!(value["numInputRows"], 1);
        let source = &value["sources"][0];
        assert_eq!(
            (&source["startOffset"], &source["endOffset"]),
            (&(-1).into(), &0.into())
        );
        assert_eq!(source["numInputRows"], 1);
        let state = &value["stateOperators"][0];
        assert_eq!(state["operatorName"], "stateStoreSave");
        assert_eq!(
            (&state["numRowsTotal"], &state["numRowsUpdated"]),
            (&2.into(), &2.into())
        );
        assert_eq!(state["numShufflePartitions"], workers);
        assert!(state["memoryUsedBytes"].as_u64().unwrap() > 0, "{pretty}");
        assert_eq!(value["sink"]["numOutputRows"], 2);
        // The first batch, before any line: Spark's `null` and `-1`.
        let first: serde_json::Value = serde_json::from_str(&progress[0].json()).unwrap();
        assert_eq!(first["sources"][0]["startOffset"], serde_json::Value::Null);
        assert_eq!(first["sources"][0]["endOffset"], -1);
        assert_eq!(first["numInputRows"], 0);
        // Both forms read back as the report (but for Ember's nanoseconds, not in the JSON).
        let in_json = StreamingQueryProgress {
            elapsed: Duration::ZERO,
            ..batch.clone()
        };
        assert_eq!(StreamingQueryProgress::from_json(&pretty).unwrap(), in_json);
        assert_eq!(
            StreamingQueryProgress::from_json(&batch.json()).unwrap(),
            in_json
        );
        assert_eq!(query.last_progress().as_ref(), Some(batch));
        query.stop().unwrap();
    }
}

#[test]
fn status_says_what_the_query_does_in_sparks_words() {
    let (query, mut server) = socket_word_count(1);
    wait_until(|| query.status().message == "Waiting for data to arrive");
    let status = query.status();
    assert!(!status.is_data_available && !status.is_trigger_active);
    assert_eq!(
        status.pretty_json(),
        "{\n  \"message\" : \"Waiting for data to arrive\",\n  \"isDataAvailable\" : false,\n  \"isTriggerActive\" : false\n}"
    );
    server.send("more\n");
    wait_until(|| query.batches_completed() >= 3);
    query.stop().unwrap();
    assert_eq!(query.status().message, "Stopped");
    assert!(!query.is_active());
}

/// A listener that records every event as a line.
#[derive(Default)]
struct Recorder(Mutex<Vec<String>>);

impl Recorder {
    fn push(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl StreamingQueryListener for Recorder {
    fn on_query_started(&self, event: &QueryStartedEvent) {
        self.push(format!("started {}", event.name.as_deref().unwrap_or("-")));
    }
    fn on_query_progress(&self, event: &QueryProgressEvent) {
        let name = event.progress.name.as_deref().unwrap_or("-");
        self.push(format!("progress {} {name}", event.progress.batch_id));
    }
    fn on_query_idle(&self, _event: &QueryIdleEvent) {
        self.push("idle".into());
    }
    fn on_query_terminated(&self, event: &QueryTerminatedEvent) {
        self.push(format!(
            "terminated {}",
            event.error_class_on_exception.as_deref().unwrap_or("-")
        ));
    }
}

#[test]
fn one_session_runs_several_queries_and_its_manager_tracks_them() {
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".txt", &["a b", "b c"]);
    let spark = Session::builder()
        .config("spark.ui.enabled", "false")
        .config("spark.sql.streaming.noDataProgressEventInterval", 50)
        .config("spark.sql.streaming.numRecentProgressUpdates", 1)
        .get_or_create()
        .unwrap();
    let recorder = Arc::new(Recorder::default());
    spark.streams().add_listener(recorder.clone());
    let start = |name: &str| {
        spark
            .read_stream()
            .format("text")
            .option("maxFilesPerTrigger", 1)
            .load_path(data.path())
            .unwrap()
            .write_stream()
            .query_name(name)
            .format("noop")
            .start()
            .unwrap()
    };
    let first = start("first");
    let second = start("second");
    wait_until(|| first.batches_completed() == 2 && second.batches_completed() == 2);
    let active: Vec<String> = spark
        .streams()
        .active()
        .iter()
        .map(|q| q.id().to_string())
        .collect();
    assert_eq!(active, [first.id(), second.id()]);
    assert_eq!(
        spark.streams().get(second.id()).unwrap().name(),
        Some("second")
    );
    // numRecentProgressUpdates = 1.
    assert_eq!(first.recent_progress().len(), 1);
    assert_eq!(first.recent_progress()[0].batch_id, 1);
    // Idle: no new file for more than the interval.
    wait_until(|| recorder.lines().iter().filter(|l| *l == "idle").count() >= 2);
    assert!(!spark
        .streams()
        .await_any_termination_timeout(Duration::from_millis(10))
        .unwrap());
    assert!(!first
        .await_termination_timeout(Duration::from_millis(10))
        .unwrap());
    first.stop().unwrap();
    assert!(spark
        .streams()
        .await_any_termination_timeout(Duration::from_secs(1))
        .unwrap());
    spark.streams().reset_terminated();
    assert!(!spark
        .streams()
        .await_any_termination_timeout(Duration::from_millis(10))
        .unwrap());
    assert_eq!(spark.streams().active().len(), 1);
    assert!(spark.streams().get(first.id()).is_none());
    let listener: Arc<dyn StreamingQueryListener> = recorder.clone();
    second.stop().unwrap();
    wait_until(|| {
        recorder
            .lines()
            .iter()
            .filter(|l| l.starts_with("terminated"))
            .count()
            == 2
    });
    assert!(spark.streams().remove_listener(&listener));
    assert!(!spark.streams().remove_listener(&listener));
    // Per query, in order: started, a progress per batch, then terminated.
    let lines = recorder.lines();
    for name in ["first", "second"] {
        let own: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| l.ends_with(name))
            .collect();
        let expected = [
            format!("started {name}"),
            format!("progress 0 {name}"),
            format!("progress 1 {name}"),
        ];
        assert_eq!(own, expected, "{lines:?}");
    }
    let terminated: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("terminated"))
        .collect();
    assert_eq!(terminated, ["terminated -", "terminated -"]);
    assert!(lines.last().unwrap().starts_with("terminated"), "{lines:?}");
}

/// The `listener:` lines a `watch_progress` process printed, with each progress report
/// parsed.
fn listener_events(stderr: &str) -> Vec<(String, Option<serde_json::Value>)> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("listener: "))
        .map(|event| match event.strip_prefix("progress batch=") {
            Some(rest) => {
                let json = &rest[rest.find('{').unwrap()..];
                (
                    "progress".to_string(),
                    Some(serde_json::from_str(json).unwrap()),
                )
            }
            None => (event.split(' ').next().unwrap().to_string(), None),
        })
        .collect()
}

fn workers_at(scale: Scale) -> u64 {
    match scale {
        Scale::Workers(w) => w as u64,
        Scale::Processes(n, w) => (n * w) as u64,
    }
}

#[test]
fn listeners_get_started_one_progress_per_batch_then_terminated_at_every_scale() {
    let data = tempfile::tempdir().unwrap();
    write_files(
        data.path(),
        "part-",
        ".txt",
        &[
            "apple banana\napple kiwi",
            "kiwi carrot\ncarrot salmon",
            "banana plum",
        ],
    );
    let path = data.path().to_str().unwrap();
    for scale in SCALES {
        let dir = tempfile::tempdir().unwrap();
        let procs = start_at_scale(
            "watch_progress",
            &["--path", path, "--ui-port", "0"],
            scale,
            dir.path(),
        );
        let mut outputs = procs.into_iter().map(Running::finish);
        let (code, stdout, stderr) = outputs.next().unwrap();
        assert_eq!(code, Some(0), "{scale:?}: {stderr}");
        assert_eq!(crate::support::complete_batches(&stdout), 3, "{scale:?}");
        let events = listener_events(&stderr);
        let kinds: Vec<&str> = events.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            kinds,
            ["started", "progress", "progress", "progress", "terminated"],
            "{scale:?}: {stderr}"
        );
        let reports: Vec<&serde_json::Value> =
            events.iter().filter_map(|(_, p)| p.as_ref()).collect();
        let figures: Vec<(u64, u64, u64, u64)> = reports
            .iter()
            .map(|p| {
                let state = &p["stateOperators"][0];
                (
                    p["batchId"].as_u64().unwrap(),
                    p["numInputRows"].as_u64().unwrap(),
                    state["numRowsTotal"].as_u64().unwrap(),
                    state["numRowsUpdated"].as_u64().unwrap(),
                )
            })
            .collect();
        // Every worker's rows and groups, summed.
        assert_eq!(
            figures,
            [(0, 2, 3, 3), (1, 2, 5, 3), (2, 1, 6, 2)],
            "{scale:?}"
        );
        for p in &reports {
            assert_eq!(p["name"], "watched");
            assert_eq!(
                p["stateOperators"][0]["numShufflePartitions"],
                workers_at(scale)
            );
        }
        // The other process of a cluster: its query starts and ends; progress is the driver's.
        for (code, stdout, stderr) in outputs {
            assert_eq!(code, Some(0), "{scale:?}: {stderr}");
            assert_eq!(stdout, "");
            let kinds: Vec<String> = listener_events(&stderr)
                .into_iter()
                .map(|(k, _)| k)
                .collect();
            assert_eq!(kinds, ["started", "terminated"], "{scale:?}: {stderr}");
        }
    }
}

#[test]
fn two_queries_run_side_by_side_in_one_session_at_every_scale() {
    let data = tempfile::tempdir().unwrap();
    write_files(data.path(), "part-", ".txt", &["a b", "b c"]);
    let path = data.path().to_str().unwrap();
    for scale in SCALES {
        let dir = tempfile::tempdir().unwrap();
        let args = ["--path", path, "--queries", "2", "--ui-port", "0"];
        let procs = start_at_scale("watch_progress", &args, scale, dir.path());
        let mut outputs = procs.into_iter().map(Running::finish);
        let (code, stdout, stderr) = outputs.next().unwrap();
        assert_eq!(code, Some(0), "{scale:?}: {stderr}");
        assert_eq!(crate::support::complete_batches(&stdout), 4, "{scale:?}");
        for name in ["watched", "watched-2"] {
            let inputs: Vec<u64> = listener_events(&stderr)
                .into_iter()
                .filter_map(|(_, p)| p)
                .filter(|p| p["name"] == name)
                .map(|p| p["numInputRows"].as_u64().unwrap())
                .collect();
            assert_eq!(inputs, [1, 1], "{scale:?} {name}: {stderr}");
        }
        for (code, _, stderr) in outputs {
            assert_eq!(code, Some(0), "{scale:?}: {stderr}");
        }
    }
}

#[test]
fn a_failing_query_tells_listeners_its_error_at_every_scale() {
    let data = tempfile::tempdir().unwrap();
    write_files(
        data.path(),
        "part-",
        ".csv",
        &["apple,1\nkiwi,2", "apple,x"],
    );
    let path = data.path().to_str().unwrap();
    for scale in SCALES {
        let dir = tempfile::tempdir().unwrap();
        let args = ["--path", path, "--format", "csv", "--ui-port", "0"];
        let procs = start_at_scale("watch_progress", &args, scale, dir.path());
        let (code, _, stderr) = procs.into_iter().map(Running::finish).next().unwrap();
        assert_eq!(code, Some(1), "{scale:?}: {stderr}");
        let events: Vec<&str> = stderr
            .lines()
            .filter_map(|line| line.strip_prefix("listener: "))
            .collect();
        assert_eq!(events.len(), 3, "{scale:?}: {stderr}");
        assert!(events[0].starts_with("started") && events[1].starts_with("progress batch=0"));
        assert!(
            events[2].starts_with(
                "terminated class=FAILED_READ_FILE.NO_HINT exception=[STREAM_FAILED] Query [id = "
            ) && events[2].contains(
                "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are \
                     detected in record parsing: [apple,null]."
            ),
            "{scale:?}: {stderr}"
        );
    }
}

/// Diagnostics never cost a job its life: with stderr closed and `RUST_LOG=debug` (a line
/// per batch), the word count runs to its end and exits 0.
#[test]
fn a_closed_stderr_neither_fails_nor_hangs_a_job() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(crate::support::example("word_count"))
        .args(["--ui-port", "0"])
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let mut status = None;
    wait_until(|| {
        status = child.try_wait().unwrap();
        status.is_some()
    });
    assert!(status.unwrap().success(), "{status:?}");
}

/// `process_all_available` returns once what the source had at the call is processed, as
/// Spark's `processAllAvailable`: a file written just before is in the query's batches.
#[test]
fn process_all_available_waits_for_the_data_there_at_the_call() {
    let data = tempfile::tempdir().unwrap();
    let spark = Session::builder()
        .config("spark.ui.enabled", "false")
        .get_or_create()
        .unwrap();
    let query = spark
        .read_stream()
        .format("text")
        .load_path(data.path())
        .unwrap()
        .write_stream()
        .format("noop")
        .start()
        .unwrap();
    for round in 1..=3u64 {
        write_files(data.path(), &format!("round-{round}-"), ".txt", &["a\nb"]);
        query.process_all_available().unwrap();
        let read: u64 = query
            .recent_progress()
            .iter()
            .map(|p| p.num_input_rows)
            .sum();
        assert_eq!(read, 2 * round);
    }
    query.stop().unwrap();
    // A stopped query has nothing left to process.
    query.process_all_available().unwrap();
}
