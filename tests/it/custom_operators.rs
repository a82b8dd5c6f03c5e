//! Custom operators (`examples/custom_operator.rs`, `examples/typed_operators.rs`): the
//! sessionization with `flat_map_groups_with_state`, the typed row closures and
//! `drop_duplicates`, exact bytes at every scale; a panicking closure and a row that does not
//! match its declared schema stop the query with an error naming the operator; sessions
//! survive a restart from a checkpoint, at another scale.

use crate::support::{
    at_every_scale, finish_all, run_then_restart, start_at_scale, write_files, Running, Scale,
    SCALES,
};

const CLICKS: [&str; 3] = [
    "alice,home\nbob,home\nalice,search\n",
    "alice,product\ncarol,home\n",
    "bob,cart\ncarol,search\ncarol,checkout\n",
];

fn batch(id: u64, table: &str) -> String {
    crate::support::console_batch(id, table)
}

fn sessions() -> [String; 3] {
    [
        batch(
            0,
            "\
+-----+------+--------------+-------+
|user |clicks|pages         |expired|
+-----+------+--------------+-------+
|alice|2     |[home, search]|false  |
|bob  |1     |[home]        |false  |
+-----+------+--------------+-------+
",
        ),
        batch(
            1,
            "\
+-----+------+-----------------------+-------+
|user |clicks|pages                  |expired|
+-----+------+-----------------------+-------+
|alice|3     |[home, search, product]|false  |
|bob  |1     |[home]                 |true   |
|carol|1     |[home]                 |false  |
+-----+------+-----------------------+-------+
",
        ),
        batch(
            2,
            "\
+-----+------+------------------------+-------+
|user |clicks|pages                   |expired|
+-----+------+------------------------+-------+
|alice|3     |[home, search, product] |true   |
|bob  |1     |[cart]                  |false  |
|carol|3     |[home, checkout, search]|false  |
+-----+------+------------------------+-------+
",
        ),
    ]
}

fn write_clicks(dir: &std::path::Path, files: &[&str]) {
    write_files(dir, "clicks-", ".csv", files);
}

#[test]
fn the_shipped_sample_runs_with_no_arguments() {
    let (code, stdout, stderr) = Running::start("custom_operator", &[]).finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, sessions().concat());
}

#[test]
fn sessions_time_out_and_print_the_same_at_every_scale() {
    let data = tempfile::tempdir().unwrap();
    write_clicks(data.path(), &CLICKS);
    let path = data.path().to_str().unwrap();
    at_every_scale("custom_operator", &["--path", path], &sessions().concat());
}

#[test]
fn a_long_timeout_keeps_sessions_open() {
    let data = tempfile::tempdir().unwrap();
    write_clicks(data.path(), &CLICKS);
    let path = data.path().to_str().unwrap();
    let (code, stdout, stderr) =
        Running::start("custom_operator", &["--path", path, "--timeout", "1 hour"]).finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stdout.contains("true"), "{stdout}");
    assert!(
        stdout.contains("|bob  |2     |[home, cart]            |false  |"),
        "{stdout}"
    );
}

#[test]
fn sessions_survive_a_restart_at_another_scale() {
    for scales in [
        (Scale::Workers(1), Scale::Workers(2)),
        (Scale::Workers(2), Scale::Processes(2, 2)),
        (Scale::Processes(2, 1), Scale::Workers(1)),
    ] {
        let (out_first, out_second) = run_then_restart(
            "custom_operator",
            &[],
            scales,
            |data| write_clicks(data, &CLICKS[..2]),
            |data| write_clicks(data, &CLICKS),
        );
        assert_eq!(out_first, sessions()[..2].concat(), "{scales:?}");
        // Alice's session, restored from the snapshot, times out in batch 2.
        assert_eq!(out_second, sessions()[2], "{scales:?}");
    }
}

const TYPED: [&str; 3] = [
    "alice,shop/cart\nbob,home\nalice,home\n",
    "alice,home\nbob,shop/shoes\ncarol,home\n",
    "mallory,home\n",
];

fn typed_data() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    write_clicks(data.path(), &TYPED);
    data
}

#[test]
fn map_filter_and_flat_map_rows() {
    let data = typed_data();
    let expected = [
        batch(
            0,
            "\
+-----+---------+
| user|   prefix|
+-----+---------+
|alice|     home|
|alice|     shop|
|alice|shop/cart|
+-----+---------+
",
        ),
        batch(
            1,
            "\
+-----+------+
| user|prefix|
+-----+------+
|alice|  home|
|carol|  home|
+-----+------+
",
        ),
        batch(
            2,
            "\
+-------+------+
|   user|prefix|
+-------+------+
|mallory|  home|
+-------+------+
",
        ),
    ];
    let path = data.path().to_str().unwrap();
    at_every_scale("typed_operators", &["--path", path], &expected.concat());
}

#[test]
fn drop_duplicates_keeps_the_first_row_of_each_key_across_batches() {
    let data = typed_data();
    let path = data.path().to_str().unwrap();
    let mallory = batch(
        2,
        "\
+-------+----+
|   user|page|
+-------+----+
|mallory|home|
+-------+----+
",
    );
    let by_user = [
        batch(
            0,
            "\
+-----+----+
| user|page|
+-----+----+
|alice|home|
|  bob|home|
+-----+----+
",
        ),
        batch(
            1,
            "\
+-----+----+
| user|page|
+-----+----+
|carol|home|
+-----+----+
",
        ),
        mallory.clone(),
    ];
    at_every_scale(
        "typed_operators",
        &["--path", path, "--query", "dedup"],
        &by_user.concat(),
    );
    let whole_rows = [
        batch(
            0,
            "\
+-----+---------+
| user|     page|
+-----+---------+
|alice|     home|
|alice|shop/cart|
|  bob|     home|
+-----+---------+
",
        ),
        batch(
            1,
            "\
+-----+----------+
| user|      page|
+-----+----------+
|  bob|shop/shoes|
|carol|      home|
+-----+----------+
",
        ),
        mallory,
    ];
    at_every_scale(
        "typed_operators",
        &["--path", path, "--query", "dedup-all"],
        &whole_rows.concat(),
    );
}

/// Runs `typed_operators` with `args` at every scale, as [`crate::support::fails_at_every_scale`].
fn fails_at_every_scale(args: &[&str], printed: &str, message: &str) {
    crate::support::fails_at_every_scale("typed_operators", args, printed, message);
}

#[test]
fn a_panicking_closure_fails_the_query_naming_the_operator_and_the_row() {
    let data = typed_data();
    let path = data.path().to_str().unwrap();
    let (code, stdout, _) = Running::start("typed_operators", &["--path", path]).finish();
    assert_eq!(code, Some(0));
    // The two batches before mallory's print; mallory's batch fails before its sink.
    let printed: String = stdout.split_inclusive("\n\n").take(2).collect();
    fails_at_every_scale(
        &["--path", path, "--fail", "panic"],
        &printed,
        "Operator 'map_rows' failed: panicked on row [mallory, home]: cannot handle user mallory",
    );
}

#[test]
fn a_row_that_does_not_match_the_declared_schema_fails_the_query() {
    let data = typed_data();
    let path = data.path().to_str().unwrap();
    fails_at_every_scale(
        &["--path", path, "--fail", "schema"],
        "",
        "Operator 'map_rows' failed: it output a row that does not match its declared schema: \
         column 'depth' is bigint, but the row has 1 (int)",
    );
}

#[test]
fn custom_operators_show_in_explain() {
    let spark = ember::Session::builder().get_or_create().unwrap();
    let clicks = spark
        .read_stream()
        .schema("user STRING, page STRING")
        .csv("data/clicks")
        .unwrap();
    let schema = ember::Schema::new(vec![ember::Field::new("user", ember::DataType::String)]);
    let users = clicks
        .filter(ember::col("page").not_eq(""))
        .unwrap()
        .drop_duplicates(Some(vec!["user"]))
        .unwrap()
        .group_by([ember::col("user")])
        .unwrap()
        .flat_map_groups_with_state(
            schema,
            ember::GroupStateTimeout::ProcessingTimeTimeout,
            |key: &ember::Row, _rows: &[ember::Row], _state: &mut ember::GroupState<u8>| {
                vec![key.clone()]
            },
        )
        .unwrap();
    assert_eq!(
        users.explain_string(),
        "\
== Logical Plan ==
Custom FlatMapGroupsWithState flat_map_groups_with_state [user], ProcessingTimeTimeout: exchange by hash([user]), state per key [user]
+- Custom DropDuplicates [user]: exchange by hash, keeps every key seen [user, page]
   +- Filter (NOT (page = ))
      +- StreamingRelation csv[data/clicks] [user, page]

== Physical Plan ==
Sink console (Append mode)
+- *(3) Custom FlatMapGroupsWithState flat_map_groups_with_state [user], ProcessingTimeTimeout: exchange by hash([user]), state per key -> [user]
   +- *(2) Custom DropDuplicates [user]: exchange by hash, keeps every key seen -> [user, page]
      +- *(1) Pipeline [Filter (NOT (page = ))]
         +- Source csv[data/clicks]
"
    );
}

#[test]
fn sessions_survive_a_crash_and_a_restart() {
    for scale in SCALES {
        let data = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let checkpoint = dir.path().join("checkpoint");
        let args = [
            "--path",
            data.path().to_str().unwrap(),
            "--checkpoint",
            checkpoint.to_str().unwrap(),
        ];
        write_clicks(data.path(), &CLICKS);
        // The driver aborts (as if killed) right after committing batch 1.
        let (reached, printed) = crate::support::run_to_failpoint(
            "custom_operator",
            &args,
            scale,
            dir.path(),
            "after-commit:1",
        );
        assert!(reached, "{scale:?}: the failpoint was not reached");
        assert_eq!(printed, sessions()[..2].concat(), "{scale:?}");
        // The restart rebuilds the sessions from the checkpoint and goes on with batch 2.
        let out = finish_all(start_at_scale("custom_operator", &args, scale, dir.path()));
        assert_eq!(out, sessions()[2], "{scale:?}");
    }
}
