//! The live web UI: what Spark's Structured Streaming tab shows, served by the driver's
//! process while the session lives.
//!
//! The session starts it when its first streaming query starts on process 0 (the only process
//! that records progress; in a cluster its figures are already summed over every worker),
//! unless `spark.ui.enabled` is `false`. It listens on `spark.ui.host` (127.0.0.1) at
//! `spark.ui.port` (4040) or, if that port is taken, the next free one of the 16 after it, as
//! Spark does (`spark.port.maxRetries`); port 0 takes any free port. If no port can be bound
//! the queries run without a UI. [`Session::ui_url`](crate::Session::ui_url) gives its
//! address, and the examples print it on stderr.
//!
//! | path | what |
//! |---|---|
//! | `/` | the session's queries, active and finished: name, ids, status, batches, last rates |
//! | `/query/<id>` (or `/query/?id=<id>`) | one query: charts over its recent batches (input and process rates, input rows, batch duration by phase, state rows per operator, watermark, event-time lag), a table of the batches, its plan; refreshed every second without reloading |
//! | `/api/v1/streaming/queries` | JSON: every query with its status and last progress |
//! | `/api/v1/streaming/queries/<id>/progress` | JSON: its recent progress reports, each as [`StreamingQueryProgress::json`](crate::streaming::StreamingQueryProgress::json) prints it |
//! | `/metrics` | Prometheus's text format: batch duration, rates, state rows, watermark, batches committed, by `query_name` and `query_id` |
//!
//! `<id>` is a query's run id (as the pages link) or its id (then its latest run in the
//! session). Charts are SVG drawn by the server: the pages need no network and load no script
//! or style from elsewhere.
//!
//! The server runs on threads of its own and reads copies of each query's state (its progress
//! reports, cloned out of their lock), so it never holds up a batch. What it refuses (large or
//! malformed requests, bodies, too many connections) is listed in `server.rs`.

mod api;
mod chart;
#[cfg(test)]
mod fixtures;
mod metrics;
mod pages;
mod routes;
mod server;
mod snapshot;

use std::sync::Arc;

use crate::config::{SessionConf, UI_ENABLED, UI_HOST, UI_PORT};
use crate::streaming::StreamingQueryManager;

/// Spark's default `spark.ui.port`.
pub const DEFAULT_PORT: u16 = 4040;
/// The default `spark.ui.host`.
pub const DEFAULT_HOST: &str = "127.0.0.1";

/// A running web UI over a session's queries; it stops when dropped.
#[derive(Debug)]
pub struct WebUi {
    url: String,
    server: server::Server,
}

impl WebUi {
    /// Starts the UI over `queries` as `conf` says (`spark.ui.enabled`, `spark.ui.port`,
    /// `spark.ui.host`). `None` when it is disabled or cannot start, which is logged as a
    /// warning: a query never fails for want of its UI.
    pub fn start(conf: &SessionConf, queries: StreamingQueryManager) -> Option<WebUi> {
        match conf.get_bool(UI_ENABLED, true) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                tracing::warn!("{e}; the web UI is off");
                return None;
            }
        }
        let port = match conf.get(UI_PORT).map(|p| p.trim().parse::<u16>()) {
            None => DEFAULT_PORT,
            Some(Ok(port)) => port,
            Some(Err(_)) => {
                tracing::warn!(
                    "{UI_PORT} should be a port number (0 to 65535), but was {}; the web UI \
                     is off",
                    conf.get(UI_PORT).unwrap_or_default()
                );
                return None;
            }
        };
        let host = conf.get(UI_HOST).map_or(DEFAULT_HOST, str::trim);
        let started = server::bind(host, port).and_then(|listener| {
            let handler =
                Arc::new(move |request: &server::Request| routes::route(&queries, request));
            server::Server::start(listener, handler).map_err(|e| e.to_string())
        });
        match started {
            Ok(server) => {
                let url = format!("http://{}", server.address());
                tracing::debug!("Bound SparkUI to {host}, and started at {url}");
                Some(WebUi { url, server })
            }
            Err(e) => {
                tracing::warn!("the web UI is off: {e}");
                None
            }
        }
    }

    /// The UI's address, as `http://127.0.0.1:4040`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.server.address().port()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(pairs: &[(&str, &str)]) -> SessionConf {
        let mut conf = SessionConf::default();
        for (key, value) in pairs {
            conf.set(*key, value);
        }
        conf
    }

    #[test]
    fn the_ui_is_off_when_disabled_or_misconfigured() {
        let manager = StreamingQueryManager::default();
        for pairs in [
            [(UI_ENABLED, "false"), (UI_PORT, "0")],
            [(UI_ENABLED, "maybe"), (UI_PORT, "0")],
            [(UI_ENABLED, "true"), (UI_PORT, "70000")],
        ] {
            assert!(
                WebUi::start(&conf(&pairs), manager.clone()).is_none(),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn the_ui_serves_on_a_free_port_until_dropped() {
        use std::io::{Read, Write};
        let ui = WebUi::start(&conf(&[(UI_PORT, "0")]), Default::default()).unwrap();
        assert!(ui.url().starts_with("http://127.0.0.1:"), "{}", ui.url());
        let address = ("127.0.0.1", ui.port());
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.contains("# TYPE ember_streaming_batches_committed_total counter"));
        drop(ui);
        assert!(std::net::TcpStream::connect(address).is_err());
    }
}
