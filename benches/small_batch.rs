//! A one-row batch after a long history costs what it touches, not what came before.
//!
//! ```sh
//! cargo bench --bench small_batch                      # 1,000,000 rows of history, 200 one-row batches
//! cargo bench --bench small_batch -- 100000 50         # history rows, one-row batches
//! ```
//!
//! Builds a word count over 1M rows of history (100,000 distinct words) in one batch, then
//! adds one-line files one at a time and reports the processing time of each one-row batch
//! (Ember's progress report: from the batch being planned to the sink having written it).

use std::io::Write;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ember::expr::{col, explode, split};
use ember::{ClusterArgs, Row, Session, Value};

fn main() -> ember::Result<()> {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let history: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let probes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    for workers in [1, 2] {
        run(history, probes, workers)?;
    }
    Ok(())
}

fn run(history: usize, probes: usize, workers: usize) -> ember::Result<()> {
    let dir = tempfile::tempdir().map_err(|e| ember::Error::io("tempdir", e))?;
    let write = |name: &str, text: &str| {
        let tmp = dir.path().join(format!(".{name}"));
        std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, dir.path().join(name)))
    };
    let mut text = String::with_capacity(history * 8);
    for i in 0..history {
        text.push_str(&format!("w{}\n", i % 100_000));
    }
    write("history.txt", &text).map_err(|e| ember::Error::io("history.txt", e))?;

    let spark = Session::builder()
        .cluster(ClusterArgs::threads(workers))
        .get_or_create()?;
    let counts = spark
        .read_stream()
        .text(dir.path())?
        .select([explode(split(col("value"), " ")).alias("word")])?
        .group_by([col("word")])?
        .count()?;
    let (done, batches) = mpsc::channel();
    let query = counts
        .write_stream()
        .output_mode("update")
        .foreach_batch(move |id, rows: &[Row]| {
            let _ = done.send((id, rows.to_vec()));
            Ok(())
        })
        .start()?;
    let wait = |expected: u64| loop {
        let (id, rows) = batches
            .recv_timeout(Duration::from_secs(120))
            .expect("batch did not arrive");
        if id == expected {
            return rows;
        }
    };
    let started = Instant::now();
    let first = wait(0);
    assert_eq!(first.len(), history.min(100_000), "history batch");
    let history_time = started.elapsed();
    for i in 0..probes {
        write(&format!("probe-{i:05}.txt"), "w7\n").map_err(|e| ember::Error::io("probe", e))?;
        let rows = wait(i as u64 + 1);
        let expected =
            (history / 100_000 + usize::from(7 < history % 100_000)) as i64 + i as i64 + 1;
        assert_eq!(
            rows,
            vec![Row::new(vec![Value::from("w7"), Value::Long(expected)])]
        );
    }
    let mut times: Vec<Duration> = query
        .recent_progress()
        .into_iter()
        .filter(|p| p.batch_id > 0)
        .map(|p| p.elapsed)
        .collect();
    query.stop()?;
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p50 = times[times.len() / 2];
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "RESULT engine=ember bench=small_batch workers={workers} history_rows={history} \
         history_batch_ms={:.1} one_row_batches={} p50_batch_ms={:.3} p99_batch_ms={:.3} correct=yes",
        ms(history_time),
        times.len(),
        ms(p50),
        ms(p99)
    );
    Ok(())
}
