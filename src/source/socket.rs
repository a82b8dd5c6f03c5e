//! The socket source (`format("socket")`): a TCP client that reads lines, as Spark's
//! `TextSocketSource` does. For tests and demos: it cannot replay what it has read.

use std::io::{BufRead, BufReader};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::Thread;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use ember_operators::{DataType, Field, Row, Schema};
use serde::{Deserialize, Serialize};

use super::connector::{
    parse_offsets, to_offsets, Offsets, Resume, Share, Source, SourceDriver, SourceProvider,
    SourceRequest,
};
use crate::error::{Error, Result};
use crate::options::OptionMap;

/// `format("socket")`.
pub(crate) struct SocketProvider;

impl SourceProvider for SocketProvider {
    fn format(&self) -> &str {
        "socket"
    }

    fn create(&self, request: SourceRequest) -> Result<Arc<dyn Source>> {
        request.refuse_schema("TextSocketSourceProvider")?;
        request.refuse_path("socket")?;
        Ok(Arc::new(SocketOptions::parse(request.options)?))
    }
}

/// What a socket batch reads: lines `start..end` (0-based line numbers) of the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct LineRange {
    start: u64,
    end: u64,
}

impl Source for SocketOptions {
    fn schema(&self) -> Schema {
        Schema::new(vec![Field::new("value", DataType::String)])
    }

    fn describe(&self) -> String {
        format!("socket[{}:{}]", self.host, self.port)
    }

    fn identity(&self) -> String {
        "socket".into()
    }

    fn replayable(&self) -> bool {
        false
    }

    /// Spark's socket offset: the index of the last line read, `-1` before any.
    fn progress_offset(&self, batch: &Offsets) -> Offsets {
        match parse_offsets::<LineRange>("socket", batch) {
            Ok(range) => Offsets::from(range.end as i64 - 1),
            Err(_) => batch.clone(),
        }
    }

    fn checkpoint_warning(&self) -> Option<String> {
        Some(
            "The socket source should not be used for production applications! It does not \
             support recovery."
                .into(),
        )
    }

    fn open(&self) -> Result<Box<dyn SourceDriver>> {
        Ok(Box::new(SocketSource::connect(self)?))
    }

    /// The lines are on the driver only: they were read from the connection there.
    fn read_share(
        &self,
        offsets: &Offsets,
        _share: Share,
        driver: Option<&mut dyn SourceDriver>,
    ) -> Result<Vec<Row>> {
        let Some(driver) = driver else {
            return Ok(Vec::new());
        };
        let range: LineRange = parse_offsets(&self.describe(), offsets)?;
        let socket = driver
            .as_any_mut()
            .downcast_mut::<SocketSource>()
            .expect("invariant violated: a socket source's driver is a SocketSource");
        Ok(socket
            .take_lines(range.start, range.end)
            .into_iter()
            .map(|line| Row::new(vec![line.into()]))
            .collect())
    }
}

/// The options of `format("socket")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketOptions {
    /// `host`: the server to connect to.
    pub host: String,
    /// `port`: its port.
    pub port: u16,
    /// `ember.maxBufferedLines`: lines read and not yet in a batch, at most; beyond, reading
    /// pauses (the server is held back by TCP) until batches take them. Default 1,000,000.
    pub max_buffered_lines: usize,
    /// `ember.maxLineLength`: the longest line, in bytes; a longer one fails the query
    /// instead of filling memory. Default 16 MiB.
    pub max_line_length: usize,
}

/// The options Spark's socket source has (Ember's `ember.*` tuning options are taken too, and
/// named in the guide, not in this list).
const VALID_OPTIONS: &[&str] = &["host", "port"];

impl SocketOptions {
    pub(crate) fn parse(mut options: OptionMap) -> Result<Self> {
        let host = options.take("host").ok_or_else(|| {
            Error::InvalidArgument("Set a host to read from with option(\"host\", ...).".into())
        })?;
        let port = options.take("port").ok_or_else(|| {
            Error::InvalidArgument("Set a port to read from with option(\"port\", ...).".into())
        })?;
        let port = port.trim().parse::<u16>().map_err(|_| {
            Error::InvalidArgument(format!(
                "Invalid value '{port}' for option 'port', must be a port number (0 to 65535)"
            ))
        })?;
        let max_buffered_lines = options
            .take_positive("ember.maxBufferedLines")?
            .unwrap_or(1_000_000);
        let max_line_length = options
            .take_positive("ember.maxLineLength")?
            .unwrap_or(16 << 20);
        options.finish("the socket source", VALID_OPTIONS)?;
        Ok(SocketOptions {
            host,
            port,
            max_buffered_lines,
            max_line_length,
        })
    }

    fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// The driver's socket connection: a reader thread hands lines over a channel; the driver
/// numbers them and plans batches as line ranges.
struct SocketSource {
    lines: Receiver<Received>,
    /// Lines the reader thread has read and no batch has taken yet (the reader pauses at
    /// `ember.maxBufferedLines`).
    pending: Arc<AtomicUsize>,
    /// Tells the reader thread the query stopped.
    stop: Arc<AtomicBool>,
    /// Why the reader thread stopped reading, if it failed: the next batch fails with it.
    failure: Option<String>,
    /// Lines received and not yet taken by a batch, starting at line `buffered_from`.
    buffer: Vec<String>,
    buffered_from: u64,
    /// Lines planned into batches so far.
    planned: u64,
    /// Whether any batch has been planned (the first batch runs even when empty).
    started: bool,
    /// With `Trigger::AvailableNow`: the end of the input.
    frozen_at: Option<u64>,
    wake: Arc<Mutex<Option<Thread>>>,
}

impl SocketSource {
    /// Connects to the server and starts the reader thread.
    fn connect(options: &SocketOptions) -> Result<Self> {
        let address = options.address();
        let stream = connect(&address)?;
        let (sender, lines) = crossbeam_channel::unbounded();
        let wake = Arc::new(Mutex::new(None));
        let pending = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = Reader {
            address: address.clone(),
            sender,
            wake: wake.clone(),
            pending: pending.clone(),
            stop: stop.clone(),
            max_buffered_lines: options.max_buffered_lines,
            max_line_length: options.max_line_length,
        };
        std::thread::Builder::new()
            .name(format!("socket-source-{address}"))
            .spawn(move || reader.run(stream))
            .map_err(|e| Error::Source(format!("cannot start the socket reader thread: {e}")))?;
        Ok(SocketSource {
            lines,
            pending,
            stop,
            failure: None,
            buffer: Vec::new(),
            buffered_from: 0,
            planned: 0,
            started: false,
            frozen_at: None,
            wake,
        })
    }

    fn receive(&mut self) {
        for received in self.lines.try_iter() {
            match received {
                Received::Lines(lines) => self.buffer.extend(lines),
                Received::Failed(why) => self.failure = Some(why),
            }
        }
    }

    fn received(&self) -> u64 {
        self.buffered_from + self.buffer.len() as u64
    }

    /// Takes lines `start..end`, which must be the oldest buffered ones.
    fn take_lines(&mut self, start: u64, end: u64) -> Vec<String> {
        assert_eq!(
            start, self.buffered_from,
            "invariant violated: socket lines must be taken in order"
        );
        let count = (end - start) as usize;
        self.buffered_from = end;
        self.pending.fetch_sub(count, Ordering::SeqCst);
        self.buffer.drain(..count).collect()
    }
}

impl Drop for SocketSource {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl SourceDriver for SocketSource {
    fn next_batch(&mut self) -> Result<Option<Offsets>> {
        self.receive();
        if let Some(why) = self.failure.take() {
            return Err(Error::Source(why));
        }
        let end = self.frozen_at.unwrap_or(u64::MAX).min(self.received());
        if self.started && end == self.planned {
            return Ok(None);
        }
        self.started = true;
        let batch = LineRange {
            start: self.planned,
            end,
        };
        self.planned = end;
        Ok(Some(to_offsets(&batch)))
    }

    fn empty_batch(&self) -> Offsets {
        to_offsets(&LineRange {
            start: self.planned,
            end: self.planned,
        })
    }

    fn freeze_available(&mut self, _one_batch: bool) -> Result<()> {
        self.receive();
        self.frozen_at = Some(self.received());
        Ok(())
    }

    fn is_exhausted(&self) -> bool {
        self.started && Some(self.planned) == self.frozen_at
    }

    /// A new connection starts at line 0: what an earlier run read is gone.
    fn resume(&mut self, _earlier: Resume) -> Result<()> {
        Ok(())
    }

    fn wake_on_data(&mut self, thread: Thread) {
        *self
            .wake
            .lock()
            .expect("invariant violated: socket wake lock poisoned") = Some(thread);
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

fn connect(address: &str) -> Result<TcpStream> {
    let unreachable = |e: std::io::Error| {
        Error::Source(format!(
            "Cannot connect to the socket source at {address}: {e}"
        ))
    };
    let addrs: Vec<_> = address.to_socket_addrs().map_err(unreachable)?.collect();
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, Duration::from_secs(10)) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(unreachable(last.unwrap_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::NotFound, "no address found")
    })))
}

/// What the reader thread hands the driver.
enum Received {
    /// Lines, in order.
    Lines(Vec<String>),
    /// Reading failed; no more lines will come.
    Failed(String),
}

/// Why a line could not be read.
#[derive(Debug)]
pub(crate) enum LineError {
    Io(std::io::Error),
    TooLong,
}

/// The reader thread's half of the connection.
struct Reader {
    address: String,
    sender: Sender<Received>,
    wake: Arc<Mutex<Option<Thread>>>,
    pending: Arc<AtomicUsize>,
    /// Set when the driver's half is dropped: a paused reader stops.
    stop: Arc<AtomicBool>,
    max_buffered_lines: usize,
    max_line_length: usize,
}

impl Reader {
    /// One line per `\n` (a trailing `\r` is dropped), until the server closes the connection.
    /// Like Spark's, the query keeps running after that, with no new data.
    ///
    /// Lines that arrive together (in one read from the socket) are handed over together, so
    /// a batch never splits what the server sent in one write. While `max_buffered_lines`
    /// lines wait for a batch, reading pauses: the server is held back by TCP, and nothing is
    /// dropped. A line longer than `max_line_length` bytes fails the query.
    fn run(self, stream: TcpStream) {
        let mut reader = BufReader::new(stream);
        loop {
            while self.pending.load(Ordering::SeqCst) >= self.max_buffered_lines {
                if self.stop.load(Ordering::SeqCst) {
                    return; // the query stopped
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            let mut lines = Vec::new();
            let mut outcome = self.read_line(&mut reader, &mut lines);
            // Take the complete lines already buffered, without blocking.
            while matches!(outcome, Ok(true)) && reader.buffer().contains(&b'\n') {
                outcome = self.read_line(&mut reader, &mut lines);
            }
            if !lines.is_empty() {
                self.pending.fetch_add(lines.len(), Ordering::SeqCst);
                if !self.send(Received::Lines(lines)) {
                    return; // the query stopped
                }
            }
            match outcome {
                Ok(true) => {}
                Ok(false) => {
                    tracing::info!("socket source: {} closed the connection", self.address);
                    return;
                }
                // As Spark's reader: a failed read ends the input, the query goes on.
                Err(LineError::Io(e)) => {
                    tracing::warn!("socket source: reading from {} failed: {e}", self.address);
                    return;
                }
                Err(LineError::TooLong) => {
                    self.send(Received::Failed(format!(
                        "The socket source at {} sent a line longer than {} bytes \
                         (ember.maxLineLength); the query stops rather than run out of memory",
                        self.address, self.max_line_length
                    )));
                    return;
                }
            }
        }
    }

    /// Hands `received` to the driver and wakes it; false when the query has stopped.
    fn send(&self, received: Received) -> bool {
        if self.sender.send(received).is_err() {
            return false;
        }
        if let Some(thread) = self.wake.lock().ok().and_then(|t| t.clone()) {
            thread.unpark();
        }
        true
    }

    /// Reads one line into `lines`; `Ok(false)` at the end of the stream.
    fn read_line(
        &self,
        reader: &mut impl BufRead,
        lines: &mut Vec<String>,
    ) -> std::result::Result<bool, LineError> {
        read_line(reader, self.max_line_length, lines)
    }
}

/// Reads one line into `lines` (at most `max_line_length` bytes; a trailing `\r` dropped,
/// invalid UTF-8 replaced); `Ok(false)` at the end of the stream.
pub(crate) fn read_line(
    reader: &mut impl BufRead,
    max_line_length: usize,
    lines: &mut Vec<String>,
) -> std::result::Result<bool, LineError> {
    let mut line = Vec::new();
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(LineError::Io(e)),
        };
        if available.is_empty() {
            // The end of the stream: a last line without a line break still counts (a
            // trailing `\r` dropped, as before a line break).
            if !line.is_empty() {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                lines.push(String::from_utf8_lossy(&line).into_owned());
            }
            return Ok(false);
        }
        let (taken, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        line.extend_from_slice(&available[..taken]);
        reader.consume(taken);
        // Checked as the line grows: a line break may never come.
        if line.len() > max_line_length.saturating_add(2) {
            return Err(LineError::TooLong);
        }
        if done {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.len() > max_line_length {
                return Err(LineError::TooLong);
            }
            lines.push(String::from_utf8_lossy(&line).into_owned());
            return Ok(true);
        }
    }
}
