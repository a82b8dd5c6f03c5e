//! Configuration: Spark configuration keys ([`SessionConf`]) and timely's cluster flags
//! ([`ClusterArgs`]), turned into a `timely::Config` for each query.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::{invalid_arg, Error, Result};

/// `spark.sql.shuffle.partitions`: worker threads per process when `-w` is not given.
pub const SHUFFLE_PARTITIONS: &str = "spark.sql.shuffle.partitions";
/// `spark.streaming.stopGracefullyOnShutdown`: finish the batch in flight on SIGINT/SIGTERM.
pub const STOP_GRACEFULLY: &str = "spark.streaming.stopGracefullyOnShutdown";
/// `spark.app.name`: the application name, also set by `SessionBuilder::app_name`.
pub const APP_NAME: &str = "spark.app.name";
/// `spark.sql.session.timeZone`: the zone of timestamps without an offset read by csv and json
/// sources, and the zone timestamps are shown and written in (UTC, a fixed offset such as
/// `+02:00`, or a region such as `Europe/Paris`; see [`crate::TimeZone`]).
pub const SESSION_TIME_ZONE: &str = "spark.sql.session.timeZone";

/// `spark.sql.streaming.stateStore.minDeltasForSnapshot`: snapshot aggregation state every
/// this many batches (default 10); a restart re-runs at most this many batches.
pub const SNAPSHOT_EVERY: &str = "spark.sql.streaming.stateStore.minDeltasForSnapshot";
/// `spark.sql.streaming.minBatchesToRetain`: batches of checkpoint logs kept (default 100).
pub const MIN_BATCHES_TO_RETAIN: &str = "spark.sql.streaming.minBatchesToRetain";

/// `spark.sql.streaming.numRecentProgressUpdates`: progress reports a query keeps for
/// `recent_progress()` (default 100).
pub const RECENT_PROGRESS: &str = "spark.sql.streaming.numRecentProgressUpdates";
/// `spark.sql.streaming.noDataProgressEventInterval`: milliseconds without new data after
/// which listeners get a `QueryIdleEvent` (default 10000).
pub const IDLE_EVENT_INTERVAL: &str = "spark.sql.streaming.noDataProgressEventInterval";
/// `spark.ui.enabled`: serve the live web UI while queries run (default true).
pub const UI_ENABLED: &str = "spark.ui.enabled";
/// `spark.ui.port`: the web UI's port (default 4040; if taken, the next free one, as Spark).
pub const UI_PORT: &str = "spark.ui.port";
/// `spark.ui.host`: the address the web UI binds to (default 127.0.0.1).
pub const UI_HOST: &str = "spark.ui.host";

/// The Spark configuration keys that mean something in Ember, with what they do.
/// Every other key is accepted and reported once on stderr as ignored.
pub const HONOURED_KEYS: &[(&str, &str)] = &[
    (APP_NAME, "the application name"),
    (
        SHUFFLE_PARTITIONS,
        "worker threads per process when -w is not given (Ember's partitions are its workers)",
    ),
    (
        STOP_GRACEFULLY,
        "on SIGINT/SIGTERM, finish and print the batch in flight, then exit 0",
    ),
    (
        SNAPSHOT_EVERY,
        "snapshot aggregation state every N batches (10); a restart re-runs at most N batches",
    ),
    (
        MIN_BATCHES_TO_RETAIN,
        "batches of checkpoint logs kept (100)",
    ),
    (
        RECENT_PROGRESS,
        "progress reports kept for recent_progress() (100)",
    ),
    (
        IDLE_EVENT_INTERVAL,
        "milliseconds without new data before listeners get an idle event (10000)",
    ),
    (UI_ENABLED, "serve the live web UI while queries run (true)"),
    (
        UI_PORT,
        "the web UI's port (4040; if taken, the next free one); 0 picks any free port",
    ),
    (UI_HOST, "the address the web UI binds to (127.0.0.1)"),
    (
        SESSION_TIME_ZONE,
        "the zone of timestamps read by csv/json sources without an offset, shown by the \
         console and written by the file sinks (UTC, an offset or a region)",
    ),
];

/// A session's Spark configuration: `key -> value` as strings, read through typed getters.
#[derive(Clone, Debug, Default)]
pub struct SessionConf {
    entries: BTreeMap<String, String>,
}

impl SessionConf {
    /// Sets `key` to `value`.
    pub fn set(&mut self, key: impl Into<String>, value: impl ToString) {
        self.entries.insert(key.into(), value.to_string());
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// The keys that are set but have no meaning in Ember.
    pub fn ignored_keys(&self) -> Vec<&str> {
        self.entries
            .keys()
            .map(String::as_str)
            .filter(|k| HONOURED_KEYS.iter().all(|(known, _)| known != k))
            .collect()
    }

    /// `key` as a boolean (`true`/`false`, any case), or `default` when unset.
    pub fn get_bool(&self, key: &str, default: bool) -> Result<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => invalid_arg!("{key} should be boolean, but was {v}"),
        }
    }

    /// `key` as a non-negative integer, or `None` when unset.
    pub fn get_count(&self, key: &str) -> Result<Option<u64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n) => Ok(Some(n)),
                _ => invalid_arg!("{key} should be a non-negative integer, but was {v}"),
            },
        }
    }

    /// `key` as a positive integer, or `None` when unset.
    pub fn get_positive(&self, key: &str) -> Result<Option<usize>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => invalid_arg!("{key} should be a positive integer, but was {v}"),
            },
        }
    }
}

/// Ends an Ember program the way the examples do: exit 0 on success; otherwise print
/// `error: <message>` on stderr and exit 1.
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     ember::config::exit_code(run())
/// }
/// fn run() -> ember::Result<()> {
///     Ok(())
/// }
/// ```
pub fn exit_code(result: Result<()>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// A `key=value` argument of a command line (`--conf spark.sql.session.timeZone=UTC`, a source
/// option): the key and the value, split at the first `=`, for clap's `value_parser`.
///
/// ```
/// use ember::config::parse_key_value;
///
/// assert_eq!(parse_key_value("a=b=c"), Ok(("a".to_string(), "b=c".to_string())));
/// assert!(parse_key_value("a").is_err());
/// ```
pub fn parse_key_value(text: &str) -> std::result::Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(format!("expected key=value, got '{text}'")),
    }
}

/// timely's cluster flags, for every Ember program's command line (`#[command(flatten)]`).
///
/// `-w N` worker threads per process; `-n P -p I -h hostfile` for process `I` of `P`, with one
/// `host:port` line per process in the hostfile (default `localhost:2101+I`). Because `-h`
/// means hostfile, as in timely, a program that flattens these arguments turns off clap's
/// `-h` help with `#[command(disable_help_flag = true)]`; `--help` still works.
///
/// ```
/// use clap::Parser;
/// use ember::ClusterArgs;
///
/// #[derive(Parser)]
/// #[command(disable_help_flag = true)]
/// struct Cli {
///     #[command(flatten)]
///     cluster: ClusterArgs,
/// }
///
/// let cli = Cli::parse_from(["job", "-w", "2", "-n", "2", "-p", "1", "-h", "hosts.txt"]);
/// assert_eq!(cli.cluster.workers, Some(2));
/// assert_eq!(cli.cluster.process, 1);
/// ```
#[derive(clap::Args, Clone, Debug)]
pub struct ClusterArgs {
    /// Worker threads per process [default: spark.sql.shuffle.partitions, else 1]
    #[arg(
        short = 'w',
        long = "workers",
        visible_alias = "threads",
        value_name = "N"
    )]
    pub workers: Option<usize>,
    /// Number of processes
    #[arg(short = 'n', long = "processes", default_value_t = 1, value_name = "P")]
    pub processes: usize,
    /// This process's index, 0-based
    #[arg(short = 'p', long = "process", default_value_t = 0, value_name = "I")]
    pub process: usize,
    /// File with one host:port line per process
    #[arg(short = 'h', long = "hostfile", value_name = "FILE")]
    pub hostfile: Option<PathBuf>,
    /// Print help
    #[arg(long = "help", action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// Blocks of ports (one port per process each) above the hostfile's that the program
    /// keeps for itself: queries connect their processes above them (0: queries start at
    /// the hostfile's ports). `ember-connect` keeps one, for its own connections.
    #[arg(skip)]
    pub reserved_port_blocks: usize,
}

impl Default for ClusterArgs {
    /// One process; workers from `spark.sql.shuffle.partitions`, else 1.
    fn default() -> Self {
        ClusterArgs {
            workers: None,
            processes: 1,
            process: 0,
            hostfile: None,
            help: None,
            reserved_port_blocks: 0,
        }
    }
}

impl ClusterArgs {
    /// Cluster arguments for `workers` threads in one process.
    pub fn threads(workers: usize) -> Self {
        ClusterArgs {
            workers: Some(workers),
            ..ClusterArgs::default()
        }
    }

    /// The timely configuration for these flags; `default_workers` serves when `-w` is absent.
    ///
    /// The `query`-th streaming query a session starts (from 0) connects its processes on
    /// the hostfile's ports plus `query` times the number of processes, so that the queries
    /// of one session run side by side; every process of a program starts its queries in the
    /// same order.
    pub(crate) fn timely_config(
        &self,
        default_workers: usize,
        query: usize,
    ) -> Result<timely::Config> {
        let threads = self.workers.unwrap_or(default_workers);
        if threads == 0 {
            invalid_arg!("-w (workers) must be at least 1");
        }
        if self.processes == 0 {
            invalid_arg!("-n (processes) must be at least 1");
        }
        if self.process >= self.processes {
            invalid_arg!(
                "-p {} is out of range for -n {}: processes are numbered 0 to {}",
                self.process,
                self.processes,
                self.processes - 1
            );
        }
        let communication = if self.processes > 1 {
            timely::CommunicationConfig::Cluster {
                threads,
                process: self.process,
                addresses: shift_ports(
                    self.addresses()?,
                    (query + self.reserved_port_blocks) * self.processes,
                )?,
                report: false,
                zerocopy: false,
            }
        } else if threads > 1 {
            timely::CommunicationConfig::Process(threads)
        } else {
            timely::CommunicationConfig::Thread
        };
        Ok(timely::Config {
            communication,
            worker: timely::WorkerConfig::default(),
        })
    }

    /// Whether this process hosts the driver (process 0).
    pub(crate) fn is_driver_process(&self) -> bool {
        self.process == 0
    }

    /// The `host:port` of each process, in order: the hostfile's lines, or `localhost:2101`
    /// and up without one.
    pub fn addresses(&self) -> Result<Vec<String>> {
        let Some(path) = &self.hostfile else {
            return Ok((0..self.processes)
                .map(|i| format!("localhost:{}", 2101 + i))
                .collect());
        };
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let addresses: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(self.processes)
            .map(String::from)
            .collect();
        if addresses.len() < self.processes {
            invalid_arg!(
                "hostfile {} has {} host:port lines, but -n {} needs one per process",
                path.display(),
                addresses.len(),
                self.processes
            );
        }
        Ok(addresses)
    }
}

/// Each `host:port` of `addresses` with its port moved up by `by`.
fn shift_ports(addresses: Vec<String>, by: usize) -> Result<Vec<String>> {
    if by == 0 {
        return Ok(addresses);
    }
    addresses
        .into_iter()
        .map(|address| {
            let shifted = address.rsplit_once(':').and_then(|(host, port)| {
                let port = port.parse::<usize>().ok()? + by;
                u16::try_from(port)
                    .ok()
                    .map(|port| format!("{host}:{port}"))
            });
            match shifted {
                Some(address) => Ok(address),
                None => invalid_arg!(
                    "cannot run another query of this session beside the others: {address} \
                     has no port {by} above it"
                ),
            }
        })
        .collect()
}
