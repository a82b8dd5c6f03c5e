//! The socket source (`format("socket")`): a TCP client that reads lines, as Spark's
//! `TextSocketSource` does. For tests and demos: it cannot replay what it has read.

use std::io::{BufRead, BufReader};
use std::net::{TcpStream, ToSocketAddrs};
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
}

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
        options.finish("the socket source", VALID_OPTIONS)?;
        Ok(SocketOptions { host, port })
    }

    fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// The driver's socket connection: a reader thread hands lines over a channel; the driver
/// numbers them and plans batches as line ranges.
struct SocketSource {
    lines: Receiver<Vec<String>>,
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
        let reader_wake = wake.clone();
        std::thread::Builder::new()
            .name(format!("socket-source-{address}"))
            .spawn(move || read_lines(stream, &address, sender, reader_wake))
            .map_err(|e| Error::Source(format!("cannot start the socket reader thread: {e}")))?;
        Ok(SocketSource {
            lines,
            buffer: Vec::new(),
            buffered_from: 0,
            planned: 0,
            started: false,
            frozen_at: None,
            wake,
        })
    }

    fn receive(&mut self) {
        for lines in self.lines.try_iter() {
            self.buffer.extend(lines);
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
        self.buffer.drain(..count).collect()
    }
}

impl SourceDriver for SocketSource {
    fn next_batch(&mut self) -> Result<Option<Offsets>> {
        self.receive();
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

/// The reader thread: one line per `\n` (a trailing `\r` is dropped), until the server closes
/// the connection. Like Spark's, the query keeps running after that, with no new data.
///
/// Lines that arrive together (in one read from the socket) are handed over together, so a
/// batch never splits what the server sent in one write.
fn read_lines(
    stream: TcpStream,
    address: &str,
    sender: Sender<Vec<String>>,
    wake: Arc<Mutex<Option<Thread>>>,
) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut lines = Vec::new();
        let open = match read_line(&mut reader, &mut lines) {
            Ok(open) => open,
            Err(e) => {
                eprintln!("ember: socket source: reading from {address} failed: {e}");
                false
            }
        };
        // Take the complete lines already buffered, without blocking.
        while open && reader.buffer().contains(&b'\n') {
            if !matches!(read_line(&mut reader, &mut lines), Ok(true)) {
                break;
            }
        }
        if !lines.is_empty() {
            if sender.send(lines).is_err() {
                return; // the query stopped
            }
            if let Some(thread) = wake.lock().ok().and_then(|t| t.clone()) {
                thread.unpark();
            }
        }
        if !open {
            eprintln!("ember: socket source: {address} closed the connection");
            return;
        }
    }
}

/// Reads one line into `lines`; `Ok(false)` at the end of the stream.
fn read_line(reader: &mut BufReader<TcpStream>, lines: &mut Vec<String>) -> std::io::Result<bool> {
    let mut line = Vec::new();
    if reader.read_until(b'\n', &mut line)? == 0 {
        return Ok(false);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
    lines.push(String::from_utf8_lossy(&line).into_owned());
    Ok(true)
}
