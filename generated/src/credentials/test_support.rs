//! Helpers of the credential tests: temporary home directories, and a tiny HTTP/1.1 server
//! on loopback playing the ECS instance metadata service.

use crate::Error;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The secret the fake metadata service hands out.
pub(crate) const SECRET: &str = "IMDS-SECRET-VALUE";
/// The STS token the fake metadata service hands out.
pub(crate) const STS_TOKEN: &str = "IMDS-STS-TOKEN-VALUE";
/// The metadata token (IMDSv2) the fake metadata service hands out.
pub(crate) const TOKEN: &str = "IMDS-METADATA-TOKEN";

/// The message of a credentials error.
pub(crate) fn message(e: Error) -> String {
    match e {
        Error::Credentials { message } => message,
        other => panic!("not a credentials error: {other:?}"),
    }
}

/// A fresh directory under the system temp dir, used as HOME, with `.aliyun/config.json`
/// holding `config` if given.
pub(crate) fn temp_home(config: Option<&str>) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cloudsdk-cred-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".aliyun")).unwrap();
    if let Some(text) = config {
        std::fs::write(dir.join(".aliyun/config.json"), text).unwrap();
    }
    dir
}

/// The metadata service's answer for a role's credentials.
pub(crate) fn imds_credentials(expiration: &str) -> String {
    format!(
        r#"{{"AccessKeyId":"STS.ID-FROM-IMDS","AccessKeySecret":"{SECRET}","Expiration":"{expiration}","SecurityToken":"{STS_TOKEN}","LastUpdated":"2026-12-01T06:00:00Z","Code":"Success"}}"#
    )
}

/// A loopback URL where nothing listens.
pub(crate) async fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) path: String,
    /// Names lowercased.
    pub(crate) headers: Vec<(String, String)>,
}

impl Seen {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

type Handler = Arc<dyn Fn(&Seen) -> (u16, String) + Send + Sync>;

/// The fake metadata service: answers each request with `handler`'s status and body.
pub(crate) struct Imds {
    pub(crate) url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    delay_ms: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Imds {
    pub(crate) async fn start(handler: impl Fn(&Seen) -> (u16, String) + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let delay_ms = Arc::new(AtomicU64::new(0));
        let handler: Handler = Arc::new(handler);
        let (log, delay) = (Arc::clone(&seen), Arc::clone(&delay_ms));
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (log, delay, handler) = (Arc::clone(&log), Arc::clone(&delay), Arc::clone(&handler));
                tokio::spawn(async move {
                    let Some(request) = read_head(&mut stream).await else { return };
                    log.lock().unwrap().push(request.clone());
                    tokio::time::sleep(Duration::from_millis(delay.load(Ordering::Relaxed))).await;
                    let (status, body) = handler(&request);
                    let head = format!(
                        "HTTP/1.1 {status} Fake\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(body.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Self { url, seen, delay_ms, task }
    }

    /// Waits this long before each answer.
    pub(crate) fn with_delay(self, delay: Duration) -> Self {
        self.delay_ms.store(delay.as_millis() as u64, Ordering::Relaxed);
        self
    }

    /// An instance with RAM role `role`: tokens on `PUT /latest/api/token` (TTL header
    /// required), the role listed, `credentials` for the role (404 for any other role).
    /// Requests with a token must carry the one handed out.
    pub(crate) fn instance(
        role: &str,
        credentials: String,
    ) -> impl Fn(&Seen) -> (u16, String) + Clone + Send + Sync + 'static {
        let role = role.to_owned();
        move |r: &Seen| {
            let listing = "/latest/meta-data/ram/security-credentials/";
            if r.header("x-aliyun-ecs-metadata-token").is_some_and(|t| t != TOKEN) {
                return (401, String::new());
            }
            match (r.method.as_str(), r.path.as_str()) {
                ("PUT", "/latest/api/token") if r.header("x-aliyun-ecs-metadata-token-ttl-seconds").is_some() => {
                    (200, TOKEN.to_owned())
                }
                ("PUT", _) => (400, String::new()),
                ("GET", path) if path == listing => (200, format!("{role}\n")),
                ("GET", path) if path.strip_prefix(listing) == Some(role.as_str()) => (200, credentials.clone()),
                _ => (404, String::new()),
            }
        }
    }

    pub(crate) fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests asked for a role's credentials.
    pub(crate) fn credential_requests(&self) -> usize {
        let listing = "/latest/meta-data/ram/security-credentials/";
        self.requests().iter().filter(|r| r.path.len() > listing.len() && r.path.starts_with(listing)).count()
    }
}

impl Drop for Imds {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_head(stream: &mut tokio::net::TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 1 << 16 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Seen { method, path, headers })
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
pub(crate) struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Captures every event of this thread at TRACE until the guard is dropped.
    pub(crate) fn install(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}
