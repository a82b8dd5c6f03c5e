//! A source and a sink written outside the crate (`examples/iterator_source.rs`), registered
//! by name, under a checkpoint: a crash at any failpoint, at any scale, then a restart,
//! leaves exactly the files a clean run writes.

use std::collections::BTreeMap;

use crate::support::{finish_all, run_to_failpoint, start_at_scale, Scale, SCALES};

/// The `batch-N.txt` files in `dir`, by name.
fn files(dir: &std::path::Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// Runs the example to its end at `scale` in `dir`; returns the sink's files.
fn run(scale: Scale, dir: &std::path::Path) -> BTreeMap<String, String> {
    finish_all(start_at_scale(
        "iterator_source",
        &["--out", "out", "--checkpoint", "ck"],
        scale,
        dir,
    ));
    files(&dir.join("out"))
}

#[test]
fn a_user_source_and_sink_survive_crashes_exactly_once() {
    let clean = run(Scale::Workers(1), tempfile::tempdir().unwrap().path());
    assert_eq!(clean.len(), 5);
    assert_eq!(clean["batch-4.txt"], "ant,9\nbee,9\ncat,9\ndog,9\neel,9\n");
    for (i, scale) in SCALES.into_iter().enumerate() {
        for point in [
            "after-offsets",
            "after-sink",
            "mid-snapshot",
            "after-commit",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let failpoint = format!("{point}:{}", 1 + i);
            let (reached, _) = run_to_failpoint(
                "iterator_source",
                &["--out", "out", "--checkpoint", "ck"],
                scale,
                dir.path(),
                &failpoint,
            );
            assert!(reached || point == "mid-snapshot", "{failpoint} {scale:?}");
            // The restart runs at another scale.
            let again = SCALES[(i + 1) % SCALES.len()];
            assert_eq!(
                run(again, dir.path()),
                clean,
                "{failpoint} {scale:?} then {again:?}"
            );
        }
    }
}
