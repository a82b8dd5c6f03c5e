//! [`SourceArgs`]: the command-line flags of a job that reads lines from files or a socket —
//! `--source files|socket`, `--path`, `--host`, `--port`, `--trigger` — for a `clap` parser to
//! flatten beside [`ClusterArgs`](crate::ClusterArgs), as the examples do; and [`UiArgs`]
//! (`--ui-port`) with [`print_ui_address`], the web UI's flag and notice that every example
//! has; [`job_session`], the session a streaming job starts from.

use std::path::{Path, PathBuf};

use crate::config::{ClusterArgs, STOP_GRACEFULLY};
use crate::dataframe::DataFrame;
use crate::error::Result;
use crate::plan::Trigger;
use crate::session::{Session, SessionBuilder};

/// Where a job's input comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceKind {
    /// The files of a directory (--path), as they appear
    Files,
    /// Lines from a TCP server (--host, --port)
    Socket,
}

/// The input flags of a job reading files or a socket.
///
/// ```
/// use clap::Parser;
/// use ember::cli::{SourceArgs, SourceKind};
/// use ember::Trigger;
///
/// #[derive(Parser)]
/// struct Cli {
///     #[command(flatten)]
///     input: SourceArgs,
/// }
///
/// let cli = Cli::parse_from(["job", "--source", "socket", "--port", "9000"]);
/// assert_eq!(cli.input.source, SourceKind::Socket);
/// // A socket runs until stopped; files, by default, until what is there is read.
/// assert_eq!(cli.input.trigger(), Trigger::default());
/// let cli = Cli::parse_from(["job"]);
/// assert_eq!(cli.input.trigger(), Trigger::AvailableNow);
/// assert_eq!(cli.input.path_or("data/corpus"), std::path::Path::new("data/corpus"));
/// ```
#[derive(clap::Args, Clone, Debug)]
pub struct SourceArgs {
    /// Where the input comes from
    #[arg(long, value_enum, default_value = "files")]
    pub source: SourceKind,
    /// Host of the TCP server (--source socket)
    #[arg(long, default_value = "localhost")]
    pub host: String,
    /// Port of the TCP server (--source socket)
    #[arg(long, default_value_t = 9999)]
    pub port: u16,
    /// Directory to read (--source files) [default: the job's sample data]
    #[arg(long)]
    pub path: Option<PathBuf>,
    /// available-now (what is there, then stop), once, or an interval such as "2 seconds"
    /// [default: available-now for files; for a socket, a batch as soon as lines arrive,
    /// until stopped, as Spark's default trigger]
    #[arg(long)]
    pub trigger: Option<Trigger>,
}

impl SourceArgs {
    /// The socket's lines (`--host`, `--port`), one `value` column.
    pub fn socket_lines(&self, spark: &Session) -> Result<DataFrame> {
        spark
            .read_stream()
            .format("socket")
            .option("host", &self.host)
            .option("port", self.port)
            .load()
    }

    /// The lines of the input, one `value` column: the socket's, or those of the text files
    /// in `--path` (else `default_path`), at most `max_files_per_trigger` new files a batch
    /// when given.
    pub fn lines(
        &self,
        spark: &Session,
        default_path: impl AsRef<Path>,
        max_files_per_trigger: Option<usize>,
    ) -> Result<DataFrame> {
        match self.source {
            SourceKind::Socket => self.socket_lines(spark),
            SourceKind::Files => {
                let mut reader = spark.read_stream().format("text");
                if let Some(n) = max_files_per_trigger {
                    reader = reader.option("maxFilesPerTrigger", n);
                }
                reader.load_path(self.path_or(default_path))
            }
        }
    }

    /// `--path`, or `default`.
    pub fn path_or(&self, default: impl AsRef<Path>) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| default.as_ref().to_path_buf())
    }

    /// `--trigger`, or the source's default: `AvailableNow` for files, Spark's default
    /// trigger (run until stopped) for a socket.
    pub fn trigger(&self) -> Trigger {
        self.trigger.clone().unwrap_or(match self.source {
            SourceKind::Files => Trigger::AvailableNow,
            SourceKind::Socket => Trigger::default(),
        })
    }
}

/// The session of a streaming job run from its command line: named `app_name`, on the workers
/// and processes `cluster` gives (`-w`, `-n`, `-p`, `-h`), finishing the batch in flight on
/// SIGINT or SIGTERM (`spark.streaming.stopGracefullyOnShutdown`). Add the job's `--conf`
/// settings ([`SessionBuilder::configs`]), then its `--ui-port` ([`UiArgs::apply`]).
///
/// ```
/// use ember::cli::{job_session, UiArgs};
/// use ember::ClusterArgs;
///
/// let conf = [("spark.sql.shuffle.partitions".to_string(), "3".to_string())];
/// let builder = job_session("Orders", ClusterArgs::default()).configs(&conf);
/// let spark = UiArgs::default().apply(builder).get_or_create().unwrap();
/// assert_eq!(spark.app_name(), "Orders");
/// assert_eq!(spark.conf().get("spark.streaming.stopGracefullyOnShutdown"), Some("true"));
/// assert_eq!(spark.conf().get("spark.sql.shuffle.partitions"), Some("3"));
/// ```
pub fn job_session(app_name: &str, cluster: ClusterArgs) -> SessionBuilder {
    Session::builder()
        .app_name(app_name)
        .config(STOP_GRACEFULLY, "true")
        .cluster(cluster)
}

/// The web UI's flag: `--ui-port` sets `spark.ui.port` (see [`crate::ui`]).
///
/// ```
/// use clap::Parser;
/// use ember::cli::UiArgs;
/// use ember::Session;
///
/// #[derive(Parser)]
/// struct Cli {
///     #[command(flatten)]
///     ui: UiArgs,
/// }
///
/// let cli = Cli::parse_from(["job", "--ui-port", "4050"]);
/// assert_eq!(cli.ui.ui_port, Some(4050));
/// let spark = cli.ui.apply(Session::builder()).get_or_create().unwrap();
/// assert_eq!(spark.conf().get("spark.ui.port"), Some("4050"));
/// ```
#[derive(clap::Args, Clone, Debug, Default)]
pub struct UiArgs {
    /// Port of the live web UI, as spark.ui.port: if taken, the next free one; 0 for any free
    /// port [default: 4040]. Turn the UI off with --conf spark.ui.enabled=false where the job
    /// takes --conf
    #[arg(long, value_name = "PORT")]
    pub ui_port: Option<u16>,
}

impl UiArgs {
    /// `builder` with `spark.ui.port` set to `--ui-port`, when given (after any `--conf`, so
    /// that the flag wins).
    pub fn apply(&self, builder: SessionBuilder) -> SessionBuilder {
        match self.ui_port {
            Some(port) => builder.config(crate::config::UI_PORT, port),
            None => builder,
        }
    }
}

/// Prints where `spark`'s web UI is on stderr — `ember: web UI at http://127.0.0.1:4040` —
/// if it runs (the session starts it with its first query: call this after `start()`).
pub fn print_ui_address(spark: &Session) {
    if let Some(url) = spark.ui_url() {
        // Not `eprintln!`, which panics when stderr is gone: the notice is not worth a job.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "ember: web UI at {url}");
    }
}
