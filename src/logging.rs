//! Ember's diagnostics go through [`tracing`]; [`init`] installs the subscriber that prints
//! them on stderr, one line each, in the layout of Spark's console log
//! (`26/12/07 14:20:05 WARN driver: ...`), filtered by `RUST_LOG` (default: warnings, and
//! Ember's own information). Query output stays on stdout, untouched.
//!
//! A session installs it when it is created, unless the program has installed a subscriber
//! of its own first, which then receives Ember's events instead.

use std::fmt;

use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

/// The filter when `RUST_LOG` is not set.
const DEFAULT_FILTER: &str = "warn,ember=info,ember_operators=info";

/// Installs Ember's stderr logger as the global subscriber, unless one is installed already.
/// Safe to call many times.
///
/// ```
/// ember::logging::init();
/// tracing::debug!("shown with RUST_LOG=debug");
/// ```
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    // Fails only when a subscriber is installed already: the program's own, which is kept.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| QuietStderr)
        .event_format(SparkLayout)
        .try_init();
}

/// Stderr that never fails: a diagnostic that cannot be written (stderr closed, a reader
/// gone) is dropped. Otherwise the subscriber would report the failure with `eprintln!`,
/// which panics on that same stderr, in whichever thread logged — a worker, the driver.
struct QuietStderr;

impl std::io::Write for QuietStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}

/// The time now, in UTC.
fn now() -> chrono::DateTime<chrono::Utc> {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    chrono::DateTime::from_timestamp(since_epoch.as_secs() as i64, 0).unwrap_or_default()
}

/// `yy/MM/dd HH:mm:ss LEVEL module: message key=value ...`, in UTC.
struct SparkLayout;

impl<S, N> FormatEvent<S, N> for SparkLayout
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let metadata = event.metadata();
        let module = metadata.target().rsplit("::").next().unwrap_or("ember");
        write!(
            writer,
            "{} {} {module}: ",
            now().format("%y/%m/%d %H:%M:%S"),
            metadata.level()
        )?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}
