//! The web UI's HTTP/1.1 server: binding the port as Spark does, reading requests within hard
//! limits, answering each on its own short-lived thread.
//!
//! Requests are parsed with `httparse`; the I/O around it is here rather than in a server
//! crate because the sync one (`tiny_http` 0.12) aborts the whole process on a request that
//! declares a huge `Content-Length` (it allocates the declared length to drain the body),
//! which would kill the query the UI watches. This server never reads a body:
//!
//! | request | answer |
//! |---|---|
//! | request line longer than [`MAX_HEAD`] | 414, then the connection is closed |
//! | head (request line and headers) longer than [`MAX_HEAD`], or more than [`MAX_HEADERS`] headers | 431 |
//! | bytes that are not HTTP/1.x | 400 |
//! | a method other than GET or HEAD | 405 |
//! | a body (`Content-Length` > 0, `Transfer-Encoding`) | 413 |
//! | more than [`MAX_CONNECTIONS`] connections at once | closed at once |
//! | a client silent or not reading for [`IO_TIMEOUT`] | closed |
//!
//! Every response closes its connection (`Connection: close`). A handler that panics answers
//! 500; the server goes on.

use std::io::{ErrorKind, Read, Write};
use std::net::{
    IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs,
};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The longest request head read: request line and headers (Jetty's, Spark UI's server,
/// default is 8 KiB for the request line; this allows the same for the whole head, twice).
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// The most headers a request may have.
pub(crate) const MAX_HEADERS: usize = 64;
/// The most connections served at once; more are closed unanswered.
pub(crate) const MAX_CONNECTIONS: usize = 32;
/// How long a client may stay silent, or leave a response unread.
pub(crate) const IO_TIMEOUT: Duration = Duration::from_secs(5);
/// Spark's `spark.port.maxRetries`: ports tried after the configured one.
pub(crate) const PORT_RETRIES: u16 = 16;
/// What is read and thrown away of a refused request before closing, so that the client,
/// still sending, gets the answer rather than a reset connection.
const DRAIN_LIMIT: usize = 4 * 1024 * 1024;

/// A request, as the handler sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    /// The path, without the query string (`/query/abc`).
    pub path: String,
    /// The query string after `?`, if any (`id=abc`).
    pub query: Option<String>,
}

impl Request {
    /// The value of parameter `name` in the query string (not percent-decoded: the UI's
    /// parameters are ids).
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .as_deref()?
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    }
}

/// A response: a status, a content type and a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
}

impl Reply {
    /// A 200 response.
    pub(crate) fn ok(content_type: &'static str, body: String) -> Self {
        Reply {
            status: 200,
            content_type,
            body,
        }
    }

    /// An error response with a one-line plain-text body.
    pub(crate) fn error(status: u16, message: &str) -> Self {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{status} {}: {message}\n", reason(status)),
        }
    }
}

/// What answers requests: called on the connection's thread, for each valid request.
pub(crate) type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// Binds `host:port`, or the next free port of the [`PORT_RETRIES`] after it, as Spark binds
/// its UI (port 0: any free port). Logs each port it could not bind, in Spark's words.
pub(crate) fn bind(host: &str, port: u16) -> Result<TcpListener, String> {
    let ip = (host.trim_matches(|c| c == '[' || c == ']'), 0)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addresses| addresses.next())
        .map(|address| address.ip())
        .ok_or_else(|| format!("spark.ui.host {host} is not an address of this machine"))?;
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_RETRIES)
    };
    let mut error = String::new();
    for candidate in port..=last {
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(e) => {
                error = e.to_string();
                if candidate < last {
                    tracing::warn!(
                        "Service 'SparkUI' could not bind on port {candidate}. Attempting port {}.",
                        candidate + 1
                    );
                }
            }
        }
    }
    Err(format!(
        "could not bind {ip} on ports {port} to {last} ({error})"
    ))
}

/// A running server: its accept thread, stopped when this is dropped.
#[derive(Debug)]
pub(crate) struct Server {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `listener` with `handler` on a thread of its own, and one thread per connection.
    pub(crate) fn start(listener: TcpListener, handler: Arc<Handler>) -> std::io::Result<Server> {
        let address = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let accept = std::thread::Builder::new()
            .name("ember-ui".into())
            .spawn(move || accept_loop(listener, handler, &stopping))?;
        Ok(Server {
            address,
            stop,
            accept: Some(accept),
        })
    }

    /// The address the server listens on.
    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for Server {
    /// Stops accepting: wakes the accept thread with a connection of its own and waits for
    /// it. Connections being answered finish on their own threads.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let mut wake = self.address;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        if TcpStream::connect_timeout(&wake, Duration::from_secs(1)).is_ok() {
            if let Some(accept) = self.accept.take() {
                let _ = accept.join();
            }
        }
    }
}

fn accept_loop(listener: TcpListener, handler: Arc<Handler>, stop: &AtomicBool) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                // Out of file descriptors, a connection reset before it was accepted, ...:
                // wait a little rather than spin, and go on.
                tracing::debug!("web UI: cannot accept a connection: {e}");
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            continue; // dropped: closed unanswered
        }
        let handler = handler.clone();
        let done = open.clone();
        let spawned = std::thread::Builder::new()
            .name("ember-ui-conn".into())
            .spawn(move || {
                serve_connection(stream, &*handler);
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Reads one request from `stream`, answers it, closes.
fn serve_connection(mut stream: TcpStream, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let (reply, head_only, refused) = match read_request(&mut stream) {
        Ok(Parsed::Request(request, head_only)) => {
            let answer =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&request)));
            let reply = answer.unwrap_or_else(|_| {
                tracing::error!("web UI: the page for {} failed", request.path);
                Reply::error(500, "the page could not be made")
            });
            (reply, head_only, false)
        }
        Ok(Parsed::Refused(reply)) => (reply, false, true),
        Err(_) => return, // the client went away or stayed silent: nothing to answer
    };
    let _ = write_reply(&mut stream, &reply, head_only);
    if refused {
        // The client may still be sending what was refused: read (a bounded amount of) it,
        // so that closing does not reset the connection before the answer is read.
        let _ = stream.shutdown(Shutdown::Write);
        drain(&mut stream);
    }
    let _ = stream.shutdown(Shutdown::Both);
}

enum Parsed {
    /// A valid request; `true` for HEAD (answer without a body).
    Request(Request, bool),
    /// A request refused with this answer.
    Refused(Reply),
}

/// Reads the request head, at most [`MAX_HEAD`] bytes, and checks it.
fn read_request(stream: &mut impl Read) -> std::io::Result<Parsed> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let room = (MAX_HEAD - head.len()).min(chunk.len());
        if room == 0 {
            // Past the request line: the headers are too large; within it: the URL.
            return Ok(Parsed::Refused(if head.contains(&b'\n') {
                Reply::error(431, "the request's headers are too large")
            } else {
                Reply::error(414, "the request's URL is too long")
            }));
        }
        let n = stream.read(&mut chunk[..room])?;
        if n == 0 {
            return Err(ErrorKind::UnexpectedEof.into());
        }
        head.extend_from_slice(&chunk[..n]);
        if let Some(parsed) = parse_head(&head) {
            return Ok(parsed);
        }
    }
}

/// The request in `head`, or `None` if more bytes are needed.
fn parse_head(head: &[u8]) -> Option<Parsed> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let refuse = |status, why| Some(Parsed::Refused(Reply::error(status, why)));
    match request.parse(head) {
        Ok(httparse::Status::Partial) => None,
        Err(httparse::Error::TooManyHeaders) => refuse(431, "the request has too many headers"),
        Err(_) => refuse(400, "not an HTTP/1.x request"),
        Ok(httparse::Status::Complete(_)) => {
            let method = request.method.unwrap_or_default();
            let target = request.path.unwrap_or_default();
            let mut body = false;
            for header in request.headers.iter() {
                if header.name.eq_ignore_ascii_case("transfer-encoding") {
                    body = true;
                } else if header.name.eq_ignore_ascii_case("content-length") {
                    match std::str::from_utf8(header.value).map(|v| v.trim().parse::<u64>()) {
                        Ok(Ok(length)) => body |= length > 0,
                        _ => return refuse(400, "the Content-Length is not a number"),
                    }
                }
            }
            if method != "GET" && method != "HEAD" {
                return refuse(405, "only GET and HEAD are served");
            }
            if body {
                return refuse(413, "requests with a body are not served");
            }
            if !target.starts_with('/') {
                return refuse(400, "the request target is not a path");
            }
            let (path, query) = match target.split_once('?') {
                Some((path, query)) => (path, Some(query.to_string())),
                None => (target, None),
            };
            let request = Request {
                path: path.to_string(),
                query,
            };
            Some(Parsed::Request(request, method == "HEAD"))
        }
    }
}

fn write_reply(stream: &mut impl Write, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    if reply.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(reply.body.as_bytes())?;
    }
    stream.flush()
}

/// Reads and drops what the client still sends, up to [`DRAIN_LIMIT`] bytes or
/// [`IO_TIMEOUT`].
fn drain(stream: &mut TcpStream) {
    let deadline = Instant::now() + IO_TIMEOUT;
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut buffer = [0u8; 16 * 1024];
    let mut read = 0;
    while read < DRAIN_LIMIT && Instant::now() < deadline {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => read += n,
        }
    }
}

/// The reason phrase of `status`.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of(head: &[u8]) -> Option<u16> {
        match read_request(&mut &head[..]) {
            Ok(Parsed::Refused(reply)) => Some(reply.status),
            Ok(Parsed::Request(..)) => Some(200),
            Err(_) => None,
        }
    }

    #[test]
    fn requests_are_parsed_into_path_and_query() {
        let head = b"GET /query/?id=abc&x=1 HTTP/1.1\r\nHost: a\r\n\r\n";
        let Ok(Parsed::Request(request, false)) = read_request(&mut &head[..]) else {
            panic!("not parsed");
        };
        assert_eq!(request.path, "/query/");
        assert_eq!(request.param("id"), Some("abc"));
        assert_eq!(request.param("x"), Some("1"));
        assert_eq!(request.param("i"), None);
    }

    #[test]
    fn bad_requests_get_error_statuses() {
        assert_eq!(status_of(b"GET / HTTP/1.1\r\n\r\n"), Some(200));
        assert_eq!(status_of(b"HEAD / HTTP/1.0\r\n\r\n"), Some(200));
        assert_eq!(status_of(b"\x00\xff\x13garbage\r\n\r\n"), Some(400));
        assert_eq!(status_of(b"GET / HTTP/2.0\r\n\r\n"), Some(400));
        assert_eq!(status_of(b"GET http://x/ HTTP/1.1\r\n\r\n"), Some(400));
        assert_eq!(status_of(b"POST / HTTP/1.1\r\n\r\n"), Some(405));
        let huge_body = b"GET / HTTP/1.1\r\nContent-Length: 1000000000000\r\n\r\n";
        assert_eq!(status_of(huge_body), Some(413));
        let overflow = b"GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n";
        assert_eq!(status_of(overflow), Some(400));
        let chunked = b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(status_of(chunked), Some(413));
        // Cut short: the client went away.
        assert_eq!(status_of(b"GET / HTTP/1.1\r\nHost"), None);
    }

    #[test]
    fn oversized_heads_are_refused_after_reading_the_limit() {
        let long_url = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(1 << 20));
        assert_eq!(status_of(long_url.as_bytes()), Some(414));
        let long_header = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(1 << 20));
        assert_eq!(status_of(long_header.as_bytes()), Some(431));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(status_of(many.as_bytes()), Some(431));
    }

    #[test]
    fn a_taken_port_moves_the_server_to_the_next() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        if port >= u16::MAX - PORT_RETRIES {
            return; // no room above it to try
        }
        match bind("127.0.0.1", port) {
            Ok(listener) => assert!(listener.local_addr().unwrap().port() > port),
            // Every port above was taken by someone else too.
            Err(e) => assert!(e.contains("could not bind"), "{e}"),
        }
        assert!(bind("localhost", 0).is_ok());
    }
}
