//! A misbehaving HTTP/1.1 server on `127.0.0.1`, for the fault suite (`tests/tests/faults.rs`).
//!
//! A [`FaultServer`] is a raw [`TcpListener`] (no HTTP library): for each connection it reads
//! one HTTP/1.1 request at a time (the head, then a `Content-Length` body) and answers it with
//! the one [`Misbehaviour`] it was started with, counting the connections it accepted, the
//! requests it read in full and the body bytes it managed to send.
//!
//! Everything is bounded: at most [`MAX_CONNECTIONS`] connections and
//! [`MAX_REQUESTS_PER_CONNECTION`] requests on each, a request head of at most
//! [`MAX_HEAD_BYTES`] read within [`READ_TIMEOUT`], and every streamed body has a fixed
//! length. Dropping the server stops it and closes every connection.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use cloudsdk_tests::faults::{FaultServer, Misbehaviour};
//! let server = FaultServer::start(Misbehaviour::Html).await?;
//! let config = cloudsdk::Config::builder().endpoint_url(server.url()).build();
//! // … send a request through a client made from `config` …
//! assert!(server.requests() <= 1);
//! # Ok(()) }
//! ```

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{self, Write as _};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The most connections a server accepts; later ones wait in the backlog until it stops.
pub const MAX_CONNECTIONS: u64 = 64;

/// The most requests read on one connection.
pub const MAX_REQUESTS_PER_CONNECTION: u64 = 32;

/// The largest request head read; a larger one closes the connection.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The largest request body read; a larger one closes the connection.
pub const MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;

/// How long the server waits for a request (head and body) before closing the connection.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// The request id of every well-formed DescribeImages answer ([`ok_body`]).
pub const OK_REQUEST_ID: &str = "fault-suite-ok";

/// The id of the one image in [`ok_body`].
pub const OK_IMAGE_ID: &str = "m-fault-suite";

/// The body of [`Misbehaviour::Html`]; no error may quote it.
pub const HTML_BODY: &str = "<!DOCTYPE html><html><head><title>fault-suite-html-page</title></head>\
<body><h1>Welcome to the captive portal</h1><p>fault-suite-html-page: log in to continue.</p></body></html>";

/// The body of [`Misbehaviour::InvalidUtf8`]: JSON whose string holds the bytes FF FE.
pub const INVALID_UTF8_BODY: &[u8] = b"{\"RequestId\":\"fault-suite-utf8-\xff\xfe\"}";

/// The body of [`Misbehaviour::WrongShape`]: valid JSON, but `Images` is not a list wrapper.
pub const WRONG_SHAPE_BODY: &str = r#"{"Images": 5}"#;

/// The size of the bodies of [`Misbehaviour::HugeBody`] and [`Misbehaviour::HugeChunkedBody`].
pub const HUGE_BODY_BYTES: u64 = 100_000_000;

/// The size of the header value of [`Misbehaviour::HugeHeader`].
pub const HUGE_HEADER_BYTES: usize = 1024 * 1024;

/// The pause between two bytes of [`Misbehaviour::SlowBody`].
pub const SLOW_BYTE_INTERVAL: Duration = Duration::from_millis(200);

/// The length of the body of [`Misbehaviour::SlowBody`] (so one answer lasts at most
/// `SLOW_BODY_BYTES × SLOW_BYTE_INTERVAL`).
pub const SLOW_BODY_BYTES: usize = 50;

/// The declared and the sent length of [`Misbehaviour::ResetMidBody`].
pub const MID_BODY_DECLARED: usize = 1000;
/// See [`MID_BODY_DECLARED`].
pub const MID_BODY_SENT: usize = 100;

/// Time given to the client to read what was sent before the server resets or closes.
const SETTLE: Duration = Duration::from_millis(50);

/// What the server does with each request it reads. Numbers follow the fault list of the
/// suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Misbehaviour {
    /// 1. Nothing listens: the port was bound, then released, so connecting is refused.
    ConnectionRefused,
    /// 2. Reads the request, then resets the connection (`SO_LINGER` 0, so an RST) without
    ///    sending a byte.
    ResetBeforeAnswer,
    /// 3. Sends a 200 head with `Content-Length: 1000` and 100 bytes of body, then resets.
    ResetMidBody,
    /// 4. Sends a 200 head with `Transfer-Encoding: chunked` and one chunk, then closes
    ///    without the terminating zero-size chunk.
    TruncatedChunked,
    /// 5. Sends a 200 head at once, then one byte of body every [`SLOW_BYTE_INTERVAL`].
    SlowBody,
    /// 6. 200 with an HTML page ([`HTML_BODY`], `Content-Type: text/html`).
    Html,
    /// 7. 200 with an empty body (`Content-Length: 0`).
    EmptyBody,
    /// 8. 200 with the well-formed answer ([`ok_body`]) gzip-compressed,
    ///    `Content-Encoding: gzip`.
    Gzip,
    /// 9. 200 with a JSON body holding invalid UTF-8 ([`INVALID_UTF8_BODY`]).
    InvalidUtf8,
    /// 10. 200 whose head holds a header value of [`HUGE_HEADER_BYTES`].
    HugeHeader,
    /// 11. 200 with a body of [`HUGE_BODY_BYTES`] and its `Content-Length`, streamed from
    ///     one repeated buffer.
    HugeBody,
    /// 11b. The same body chunked, without `Content-Length`.
    HugeChunkedBody,
    /// 12. Answers the first request well, with `Connection: keep-alive`, then closes that
    ///     connection; answers every later request well.
    CloseAfterKeepAlive,
    /// 13. 200 with valid JSON of the wrong shape ([`WRONG_SHAPE_BODY`]).
    WrongShape,
    /// 14. 503 `ServiceUnavailable` (Alibaba's error body) to the first request, the
    ///     well-formed answer to every later one.
    UnavailableThenOk,
}

/// What becomes of a connection after an answer.
enum Next {
    /// Read the next request.
    KeepAlive,
    /// Close it (FIN).
    Close,
    /// Reset it (RST).
    Reset,
}

#[derive(Debug, Default)]
struct Stats {
    connections: AtomicU64,
    requests: AtomicU64,
    body_bytes_sent: AtomicU64,
}

/// A running fault server. Dropping it stops it.
#[derive(Debug)]
pub struct FaultServer {
    url: String,
    addr: SocketAddr,
    misbehaviour: Misbehaviour,
    stats: Arc<Stats>,
    task: Option<JoinHandle<()>>,
}

impl FaultServer {
    /// Starts a server on a free port of 127.0.0.1 on the current Tokio runtime. For
    /// [`Misbehaviour::ConnectionRefused`] the port is released again at once and nothing
    /// runs.
    pub async fn start(misbehaviour: Misbehaviour) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let stats = Arc::new(Stats::default());
        let task = if misbehaviour == Misbehaviour::ConnectionRefused {
            drop(listener);
            None
        } else {
            Some(tokio::spawn(accept(listener, misbehaviour, Arc::clone(&stats))))
        };
        Ok(Self { url: format!("http://{addr}"), addr, misbehaviour, stats, task })
    }

    /// The base URL (`http://127.0.0.1:<port>`), for `Config::endpoint_url`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on (or listened on, for [`Misbehaviour::ConnectionRefused`]).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What it does.
    pub fn misbehaviour(&self) -> Misbehaviour {
        self.misbehaviour
    }

    /// How many connections it accepted.
    pub fn connections(&self) -> u64 {
        self.stats.connections.load(Ordering::SeqCst)
    }

    /// How many requests it read in full (each got its misbehaviour).
    pub fn requests(&self) -> u64 {
        self.stats.requests.load(Ordering::SeqCst)
    }

    /// How many body bytes of the huge bodies it wrote before the client stopped reading.
    pub fn body_bytes_sent(&self) -> u64 {
        self.stats.body_bytes_sent.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            // Aborting the accept loop drops its JoinSet, which aborts every connection.
            task.abort();
        }
    }
}

/// The well-formed DescribeImages answer: [`OK_REQUEST_ID`], one image [`OK_IMAGE_ID`].
pub fn ok_body() -> String {
    format!(
        r#"{{"RequestId":"{OK_REQUEST_ID}","RegionId":"cn-hangzhou","TotalCount":1,"PageNumber":1,"PageSize":10,"Images":{{"Image":[{{"ImageId":"{OK_IMAGE_ID}"}}]}}}}"#
    )
}

async fn accept(listener: TcpListener, misbehaviour: Misbehaviour, stats: Arc<Stats>) {
    let mut connections = JoinSet::new();
    for _ in 0..MAX_CONNECTIONS {
        let Ok((stream, _)) = listener.accept().await else { break };
        stats.connections.fetch_add(1, Ordering::SeqCst);
        connections.spawn(serve(stream, misbehaviour, Arc::clone(&stats)));
    }
    while connections.join_next().await.is_some() {}
}

async fn serve(mut stream: TcpStream, misbehaviour: Misbehaviour, stats: Arc<Stats>) {
    let mut buffer = Vec::new();
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        match tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream, &mut buffer)).await {
            Ok(Ok(true)) => {}
            // End of stream, an I/O error, a request too large or too slow: done.
            _ => return,
        }
        let index = stats.requests.fetch_add(1, Ordering::SeqCst);
        // A write error means the client went away: nothing more to do on this connection.
        let next = answer(&mut stream, misbehaviour, index, &stats).await.unwrap_or(Next::Close);
        match next {
            Next::KeepAlive => continue,
            Next::Close => {
                let _ = stream.shutdown().await;
                return;
            }
            Next::Reset => {
                let _ = stream.set_zero_linger();
                return;
            }
        }
    }
}

/// Reads one request (head and `Content-Length` body) and removes it from `buffer`;
/// `false` at a clean end of stream or a request this server does not read.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<bool> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buffer.len() > MAX_HEAD_BYTES || !fill(stream, buffer).await? {
            return Ok(false);
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut length = 0;
    for line in head.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else { continue };
        let name = name.trim();
        if name.eq_ignore_ascii_case("transfer-encoding") {
            return Ok(false);
        }
        if name.eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<usize>() {
                Ok(n) if n <= MAX_REQUEST_BODY_BYTES => length = n,
                _ => return Ok(false),
            }
        }
    }
    while buffer.len() < head_end + length {
        if !fill(stream, buffer).await? {
            return Ok(false);
        }
    }
    buffer.drain(..head_end + length);
    Ok(true)
}

/// Reads what is available into `buffer`; `false` at the end of the stream.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<bool> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await?;
    buffer.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}

/// Answers request number `index` (from 0, counted over the whole server).
async fn answer(stream: &mut TcpStream, misbehaviour: Misbehaviour, index: u64, stats: &Stats) -> io::Result<Next> {
    use Misbehaviour as M;
    match misbehaviour {
        // Never reached: nothing listens.
        M::ConnectionRefused => Ok(Next::Reset),
        M::ResetBeforeAnswer => Ok(Next::Reset),
        M::ResetMidBody => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {MID_BODY_DECLARED}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&[b' '; MID_BODY_SENT]).await?;
            stream.flush().await?;
            tokio::time::sleep(SETTLE).await;
            Ok(Next::Reset)
        }
        M::TruncatedChunked => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            stream.write_all(head.as_bytes()).await?;
            let body = ok_body();
            let chunk = &body.as_bytes()[..20];
            stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
            stream.write_all(chunk).await?;
            stream.write_all(b"\r\n").await?;
            stream.flush().await?;
            tokio::time::sleep(SETTLE).await;
            Ok(Next::Close)
        }
        M::SlowBody => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {SLOW_BODY_BYTES}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream.flush().await?;
            for _ in 0..SLOW_BODY_BYTES {
                tokio::time::sleep(SLOW_BYTE_INTERVAL).await;
                stream.write_all(b" ").await?;
                stream.flush().await?;
            }
            Ok(Next::Close)
        }
        M::Html => {
            write_answer(stream, "200 OK", &[("Content-Type", "text/html; charset=utf-8")], HTML_BODY.as_bytes())
                .await?;
            Ok(Next::KeepAlive)
        }
        M::EmptyBody => {
            write_answer(stream, "200 OK", &[("Content-Type", "application/json")], b"").await?;
            Ok(Next::KeepAlive)
        }
        M::Gzip => {
            let body = gzip(ok_body().as_bytes())?;
            let headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip")];
            write_answer(stream, "200 OK", &headers, &body).await?;
            Ok(Next::KeepAlive)
        }
        M::InvalidUtf8 => {
            write_answer(stream, "200 OK", &[("Content-Type", "application/json")], INVALID_UTF8_BODY).await?;
            Ok(Next::KeepAlive)
        }
        M::HugeHeader => {
            let huge = "a".repeat(HUGE_HEADER_BYTES);
            let headers = [("Content-Type", "application/json"), ("X-Fault-Suite", huge.as_str())];
            write_answer(stream, "200 OK", &headers, ok_body().as_bytes()).await?;
            Ok(Next::Close)
        }
        M::HugeBody => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {HUGE_BODY_BYTES}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream_huge_body(stream, false, stats).await?;
            Ok(Next::Close)
        }
        M::HugeChunkedBody => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            stream.write_all(head.as_bytes()).await?;
            stream_huge_body(stream, true, stats).await?;
            Ok(Next::Close)
        }
        M::CloseAfterKeepAlive => {
            let headers = [("Content-Type", "application/json"), ("Connection", "keep-alive")];
            write_answer(stream, "200 OK", &headers, ok_body().as_bytes()).await?;
            Ok(if index == 0 { Next::Close } else { Next::KeepAlive })
        }
        M::WrongShape => {
            write_answer(stream, "200 OK", &[("Content-Type", "application/json")], WRONG_SHAPE_BODY.as_bytes())
                .await?;
            Ok(Next::KeepAlive)
        }
        M::UnavailableThenOk => {
            if index == 0 {
                let body = r#"{"RequestId":"fault-suite-503","HostId":"127.0.0.1","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}"#;
                write_answer(
                    stream,
                    "503 Service Unavailable",
                    &[("Content-Type", "application/json")],
                    body.as_bytes(),
                )
                .await?;
            } else {
                write_answer(stream, "200 OK", &[("Content-Type", "application/json")], ok_body().as_bytes()).await?;
            }
            Ok(Next::KeepAlive)
        }
    }
}

/// Writes a complete answer with `Content-Length`.
async fn write_answer(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    stream.flush().await
}

/// Writes [`HUGE_BODY_BYTES`] of spaces from one 64 KiB buffer, as chunks or as is,
/// counting what was written.
async fn stream_huge_body(stream: &mut TcpStream, chunked: bool, stats: &Stats) -> io::Result<()> {
    const BLOCK: usize = 64 * 1024;
    let block = vec![b' '; BLOCK];
    let mut left = HUGE_BODY_BYTES;
    while left > 0 {
        let n = usize::try_from(left.min(BLOCK as u64)).unwrap_or(BLOCK);
        if chunked {
            stream.write_all(format!("{n:x}\r\n").as_bytes()).await?;
        }
        stream.write_all(&block[..n]).await?;
        if chunked {
            stream.write_all(b"\r\n").await?;
        }
        stats.body_bytes_sent.fetch_add(n as u64, Ordering::SeqCst);
        left -= n as u64;
    }
    if chunked {
        stream.write_all(b"0\r\n\r\n").await?;
    }
    stream.flush().await
}

fn gzip(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data)?;
    encoder.finish()
}
