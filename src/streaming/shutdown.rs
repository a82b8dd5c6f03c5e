//! Graceful shutdown (`spark.streaming.stopGracefullyOnShutdown=true`): SIGINT and SIGTERM
//! ask the driver to finish the batch in flight and stop; a second signal ends the process.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use signal_hook::consts::{SIGINT, SIGTERM};

use crate::error::{Error, Result};

/// Sets `stop` on SIGINT or SIGTERM; a second one terminates the process at once.
pub(crate) fn stop_on_signals(stop: Arc<AtomicBool>) -> Result<()> {
    for signal in [SIGINT, SIGTERM] {
        let register = || -> std::io::Result<()> {
            signal_hook::flag::register_conditional_shutdown(signal, 1, stop.clone())?;
            signal_hook::flag::register(signal, stop.clone())?;
            Ok(())
        };
        register().map_err(|e| Error::Runtime(format!("cannot install signal handlers: {e}")))?;
    }
    Ok(())
}
