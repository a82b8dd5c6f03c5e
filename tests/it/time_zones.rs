//! Region time zones (`America/New_York`, `Europe/Paris`) for `spark.sql.session.timeZone` and
//! the csv `timeZone` option: local times read with Java's rules for daylight-saving gaps and
//! overlaps, timestamps shown with the zone's offset at their instant. Every expected output is
//! what PySpark 4.3 printed for the same files (notes: spark_timezones.md), rows sorted.

use crate::event_time::{windowed_batch, windowed_batch_with_word_width};
use crate::support::{
    console_batch, finish_all, run_at_scale, start_at_scale, write_file, Scale, SCALES,
};

/// New York local times around 2026's two transitions: 02:30 on 03-08 does not exist (clocks
/// jump from 02:00 EST to 03:00 EDT), 01:30 on 11-01 happens twice (02:00 EDT back to 01:00
/// EST); one row has an explicit offset.
const NEW_YORK_ROWS: &str = "2026-03-08 01:30:00,before-gap\n\
                             2026-03-08 02:30:00,gap\n\
                             2026-03-08 03:30:00,after-gap\n\
                             2026-11-01 00:30:00,before-overlap\n\
                             2026-11-01 01:30:00,overlap\n\
                             2026-11-01 02:30:00,after-overlap\n\
                             2026-07-04T12:00:00Z,explicit-offset\n";

/// Instants in Paris's winter and summer, and local times in its 2026 gap and overlap.
const PARIS_ROWS: &str = "2026-01-15T12:00:00Z,winter\n\
                          2026-07-15T12:00:00Z,summer\n\
                          2026-03-29 02:30:00,gap\n\
                          2026-10-25 02:30:00,overlap\n";

const SCHEMA: &str = "ts TIMESTAMP, word STRING";

/// Runs `file_echo` over one csv file of `rows` (`ts,word`) at `scale` with `args`; returns
/// process 0's stdout.
fn echo_csv(rows: &str, args: &[&str], scale: Scale) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write_file(&input, "part-0.csv", rows, 0);
    let path = input.to_str().unwrap();
    let mut all = vec!["--format", "csv", "--schema", SCHEMA, "--path", path];
    all.extend_from_slice(args);
    finish_all(start_at_scale("file_echo", &all, scale, dir.path()))
}

/// `windowed_count` in update mode (one batch, then the no-data batch) over one csv file of
/// `rows`, with the session zone `zone`.
fn windows_in(rows: &str, zone: &str, scale: Scale) -> String {
    let input = tempfile::tempdir().unwrap();
    write_file(input.path(), "part-0.csv", rows, 0);
    let conf = format!("spark.sql.session.timeZone={zone}");
    let path = input.path().to_str().unwrap();
    let args = ["--output-mode", "update", "--path", path, "--conf", &conf];
    run_at_scale("windowed_count", &args, scale)
}

const ECHO_LINE: &str = "+-------------------+---------------+\n";

/// Batch 0 of `file_echo` over the New York rows: `rows` are its `|ts|word|` lines.
fn new_york_echo(rows: &[&str]) -> String {
    let mut table = format!("{ECHO_LINE}|                 ts|           word|\n{ECHO_LINE}");
    for row in rows {
        table.push_str(row);
        table.push('\n');
    }
    table.push_str(ECHO_LINE);
    console_batch(0, &table)
}

#[test]
fn a_region_session_zone_reads_and_shows_local_times_as_spark_does() {
    // 02:30 in the gap is read as 03:30 EDT; 01:30 in the overlap as 01:30 EDT (05:30 UTC).
    let expected = new_york_echo(&[
        "|2026-03-08 01:30:00|     before-gap|",
        "|2026-03-08 03:30:00|      after-gap|",
        "|2026-03-08 03:30:00|            gap|",
        "|2026-07-04 08:00:00|explicit-offset|",
        "|2026-11-01 00:30:00| before-overlap|",
        "|2026-11-01 01:30:00|        overlap|",
        "|2026-11-01 02:30:00|  after-overlap|",
    ]);
    let conf = ["--conf", "spark.sql.session.timeZone=America/New_York"];
    for scale in SCALES {
        assert_eq!(echo_csv(NEW_YORK_ROWS, &conf, scale), expected, "{scale:?}");
    }
}

#[test]
fn the_time_zone_option_reads_local_times_in_a_region_shown_in_utc() {
    let expected = new_york_echo(&[
        "|2026-03-08 06:30:00|     before-gap|",
        "|2026-03-08 07:30:00|      after-gap|",
        "|2026-03-08 07:30:00|            gap|",
        "|2026-07-04 12:00:00|explicit-offset|",
        "|2026-11-01 04:30:00| before-overlap|",
        "|2026-11-01 05:30:00|        overlap|",
        "|2026-11-01 07:30:00|  after-overlap|",
    ]);
    let args = [
        "--conf",
        "spark.sql.session.timeZone=UTC",
        "--option",
        "timeZone=America/New_York",
    ];
    for scale in SCALES {
        assert_eq!(echo_csv(NEW_YORK_ROWS, &args, scale), expected, "{scale:?}");
    }
}

/// The window batch of `windowed_count` whose word column is `width` wide, then the no-data
/// batch after it.
fn window_batches(width: usize, rows: &[&str]) -> String {
    [
        windowed_batch_with_word_width("window", 0, rows, width),
        windowed_batch("window", 1, &[]),
    ]
    .concat()
}

/// The windows of the New York rows in the session region (as PySpark 4.3 showed them).
const NEW_YORK_WINDOWS: &[&str] = &[
    "|{2026-03-08 01:30:00, 2026-03-08 01:40:00}|before-gap     |1    |",
    "|{2026-03-08 03:30:00, 2026-03-08 03:40:00}|after-gap      |1    |",
    "|{2026-03-08 03:30:00, 2026-03-08 03:40:00}|gap            |1    |",
    "|{2026-07-04 08:00:00, 2026-07-04 08:10:00}|explicit-offset|1    |",
    "|{2026-11-01 00:30:00, 2026-11-01 00:40:00}|before-overlap |1    |",
    "|{2026-11-01 01:30:00, 2026-11-01 01:40:00}|overlap        |1    |",
    "|{2026-11-01 02:30:00, 2026-11-01 02:40:00}|after-overlap  |1    |",
];

#[test]
fn windows_are_shown_in_the_session_region() {
    let new_york = window_batches(15, NEW_YORK_WINDOWS);
    // 12:00 UTC is 13:00 in Paris in winter and 14:00 in summer.
    let paris = window_batches(
        7,
        &[
            "|{2026-01-15 13:00:00, 2026-01-15 13:10:00}|winter |1    |",
            "|{2026-03-29 03:30:00, 2026-03-29 03:40:00}|gap    |1    |",
            "|{2026-07-15 14:00:00, 2026-07-15 14:10:00}|summer |1    |",
            "|{2026-10-25 02:30:00, 2026-10-25 02:40:00}|overlap|1    |",
        ],
    );
    for scale in SCALES {
        let got = windows_in(NEW_YORK_ROWS, "America/New_York", scale);
        assert_eq!(got, new_york, "{scale:?}");
        assert_eq!(
            windows_in(PARIS_ROWS, "Europe/Paris", scale),
            paris,
            "{scale:?}"
        );
    }
}

/// The New York rows with their times written `dd/MM/yyyy HH:mm:ss[XXX]`.
const NEW_YORK_ROWS_DAY_FIRST: &str = "08/03/2026 01:30:00,before-gap\n\
                                       08/03/2026 02:30:00,gap\n\
                                       08/03/2026 03:30:00,after-gap\n\
                                       01/11/2026 00:30:00,before-overlap\n\
                                       01/11/2026 01:30:00,overlap\n\
                                       01/11/2026 02:30:00,after-overlap\n\
                                       04/07/2026 12:00:00Z,explicit-offset\n";

/// `to_timestamp(ts, pattern)` reads event times in the session region as `CAST` does (the gap
/// moves forward, the overlap takes the earlier offset), and the parsed column feeds the
/// watermark and the windows: PySpark 4.3 printed these windows for the same file and query
/// (`to_timestamp("ts", "dd/MM/yyyy HH:mm:ss[XXX]")`, `withWatermark`, `window`, update mode;
/// its rows in another order, Ember's sorted).
#[test]
fn to_timestamp_parses_event_times_for_windows_in_the_session_region() {
    let expected = window_batches(15, NEW_YORK_WINDOWS);
    for scale in SCALES {
        let input = tempfile::tempdir().unwrap();
        write_file(input.path(), "part-0.csv", NEW_YORK_ROWS_DAY_FIRST, 0);
        let path = input.path().to_str().unwrap();
        let args = [
            "--output-mode",
            "update",
            "--path",
            path,
            "--conf",
            "spark.sql.session.timeZone=America/New_York",
            "--time-format",
            "dd/MM/yyyy HH:mm:ss[XXX]",
        ];
        assert_eq!(
            run_at_scale("windowed_count", &args, scale),
            expected,
            "{scale:?}"
        );
    }
}

/// Spark's errors: an unknown session zone is an invalid configuration value; an unknown
/// source `timeZone` option, `INVALID_TIMEZONE` (`java.time` ids are case-sensitive).
#[test]
fn an_unknown_zone_is_refused_with_sparks_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    let cases = [
        (
            ["--conf", "spark.sql.session.timeZone=Mars/Olympus"],
            "[INVALID_CONF_VALUE.TIME_ZONE] The value 'Mars/Olympus' in the config \
             \"spark.sql.session.timeZone\" is invalid. Cannot resolve the given timezone. \
             SQLSTATE: 22022",
        ),
        (
            ["--option", "timeZone=europe/paris"],
            "[INVALID_TIMEZONE] The timezone: europe/paris is invalid. The timezone must be \
             either a region-based zone ID or a zone offset. Region IDs must have the form \
             'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the format \
             '(+|-)HH', '(+|-)HH:mm\u{2019} or '(+|-)HH:mm:ss', e.g '-08' , '+01:00' or \
             '-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are \
             accepted as synonyms for '+00:00'. SQLSTATE: 22009",
        ),
    ];
    for (flags, message) in cases {
        let mut args = vec!["--format", "csv", "--schema", SCHEMA, "--path", path];
        args.extend(flags);
        let running = crate::support::Running::start_in("file_echo", &args, dir.path());
        let (code, stdout, stderr) = running.finish();
        assert_eq!(code, Some(1));
        assert_eq!(stdout, "");
        assert_eq!(stderr, format!("error: {message}\n"));
    }
}

/// The json sink writes each timestamp with the session region's offset at that instant, as
/// PySpark 4.3 wrote the same rows (its file had them in input order; Ember's batches are
/// sorted).
#[test]
fn the_json_sink_writes_timestamps_with_the_regions_offset_at_each_instant() {
    let expected = "{\"ts\":\"2026-01-15T13:00:00.000+01:00\",\"word\":\"winter\"}\n\
                    {\"ts\":\"2026-03-29T03:30:00.000+02:00\",\"word\":\"gap\"}\n\
                    {\"ts\":\"2026-07-15T14:00:00.000+02:00\",\"word\":\"summer\"}\n\
                    {\"ts\":\"2026-10-25T02:30:00.000+02:00\",\"word\":\"overlap\"}\n";
    for scale in SCALES {
        let out = tempfile::tempdir().unwrap();
        let checkpoint = tempfile::tempdir().unwrap();
        let args = [
            "--conf",
            "spark.sql.session.timeZone=Europe/Paris",
            "--sink",
            "json",
            "--output",
            out.path().to_str().unwrap(),
            "--checkpoint",
            checkpoint.path().to_str().unwrap(),
        ];
        assert_eq!(echo_csv(PARIS_ROWS, &args, scale), "", "{scale:?}");
        let files = crate::file_sink::part_files(out.path());
        let texts: Vec<&str> = files.iter().map(|(_, text)| text.as_str()).collect();
        assert_eq!(texts, [expected], "{scale:?}");
    }
}
