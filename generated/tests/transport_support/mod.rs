//! A tiny scripted HTTP/1.1 server on loopback for the transport tests, and static service
//! descriptions like the generated ones.
//!
//! The server answers the n-th request with the n-th scripted [`Reply`] (HTTP 500
//! `script exhausted` after the last one), closes every connection after one exchange, and
//! records every request it received.
#![allow(dead_code)]

use cloudsdk::runtime::protocol::{AliyunRpc, JdcloudRest};
use cloudsdk::runtime::signing::Signer;
use cloudsdk::runtime::{send, Handle, Operation, Params, Service};
use cloudsdk::{Config, ConfigBuilder, Credentials, Error};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Alibaba Cloud ECS, as the generator describes it.
pub static ECS: Service = ECS_FIELDS;

/// The fields of [`ECS`], for variations.
pub const ECS_FIELDS: Service = Service {
    protocol: &AliyunRpc,
    name: "ecs",
    api_version: "2014-05-26",
    scheme: "https",
    endpoint_pattern: "ecs.{region}.aliyuncs.com",
    endpoint_regions: &[("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com")],
    region_parameter: Some("RegionId"),
    signers: &[Signer::Acs3HmacSha256, Signer::HmacSha1],
    default_signer: Signer::Acs3HmacSha256,
};

/// ECS `DescribeImages`: RegionId is required.
pub static DESCRIBE_IMAGES: Operation = DESCRIBE_FIELDS;

/// The fields of [`DESCRIBE_IMAGES`], for variations.
pub const DESCRIBE_FIELDS: Operation = Operation {
    service: &ECS,
    name: "DescribeImages",
    method: "POST",
    path: "/",
    required: &["RegionId"],
    idempotent: true,
    idempotency_token: None,
    region: true,
};

/// ECS `DescribeImageSupportInstanceTypes`: RegionId and ImageId are required.
pub static DESCRIBE_SUPPORT: Operation = Operation {
    service: &ECS,
    name: "DescribeImageSupportInstanceTypes",
    method: "POST",
    path: "/",
    required: &["RegionId", "ImageId"],
    idempotent: true,
    idempotency_token: None,
    region: true,
};

/// JD Cloud VM, as the generator describes it.
pub static VM: Service = Service {
    protocol: &JdcloudRest,
    name: "vm",
    api_version: "v1",
    scheme: "https",
    endpoint_pattern: "vm.jdcloud-api.com",
    endpoint_regions: &[],
    region_parameter: Some("regionId"),
    signers: &[Signer::Jdcloud2HmacSha256, Signer::Jdcloud3HmacSha256],
    default_signer: Signer::Jdcloud2HmacSha256,
};

/// VM `describeImageConstraints`.
pub static DESCRIBE_CONSTRAINTS: Operation = Operation {
    service: &VM,
    name: "describeImageConstraints",
    method: "GET",
    path: "/v1/regions/{regionId}/images/{imageId}/constraints",
    required: &["regionId", "imageId"],
    idempotent: true,
    idempotency_token: None,
    region: true,
};

/// An Alibaba Cloud configuration for the server at `url`: test keys, cn-hangzhou, 1 ms
/// retry base delay, 5 s per attempt.
pub fn aliyun_config(url: &str) -> ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new("testid", "testsecret"))
        .region("cn-hangzhou")
        .endpoint_url(url)
        .retry_base_delay(Duration::from_millis(1))
        .timeout(Duration::from_secs(5))
}

/// Sends `op` with `p` and reads the answer as JSON.
pub async fn call(config: &Config, op: &'static Operation, p: Params) -> Result<Value, Error> {
    send::<Value>(&Handle::new(config), op, p).await
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Waited before answering.
    pub delay: Duration,
    /// Instead of answering, reset the connection once the request is read (the request
    /// reached the server; its answer is lost).
    pub reset: bool,
}

impl Reply {
    pub fn new(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into(),
            delay: Duration::ZERO,
            reset: false,
        }
    }

    pub fn ok(body: &str) -> Self {
        Self::new(200, body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Reads the request, then resets the connection without answering.
    pub fn reset() -> Self {
        Self { reset: true, ..Self::new(200, "") }
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// An Alibaba Cloud error answer.
pub fn aliyun_error(status: u16, code: &str, message: &str) -> Reply {
    let body = serde_json::json!({
        "RequestId": "7445DFC4-26F4-5C9C-8F50-4E8F3A5F1D2B",
        "HostId": "ecs.aliyuncs.com",
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=Ecs"),
    });
    Reply::new(status, &body.to_string())
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub at: Instant,
    pub method: String,
    /// The path as sent (still percent-encoded).
    pub path: String,
    /// The query string as sent, without `?`.
    pub raw_query: String,
    /// Header names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The query pairs as a server decodes them (`%XX` and `+`).
    pub fn query(&self) -> Vec<(String, String)> {
        self.raw_query
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    pub fn query_value(&self, name: &str) -> Option<String> {
        self.query().into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

pub fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// The running server.
pub struct Server {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(script: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(script.into_iter()));
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, script) = (Arc::clone(&log), Arc::clone(&script));
                tokio::spawn(async move { serve(stream, log, script).await });
            }
        });
        Self { url, received, task }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, log: Arc<Mutex<Vec<Received>>>, script: Arc<Mutex<std::vec::IntoIter<Reply>>>) {
    let Some(request) = read_request(&mut stream).await else { return };
    log.lock().expect("lock").push(request);
    let next = script.lock().expect("lock").next();
    let reply = next.unwrap_or_else(|| Reply::new(500, "script exhausted"));
    tokio::time::sleep(reply.delay).await;
    if reply.reset {
        // SO_LINGER 0: the close is an immediate RST (the deprecation is about a non-zero
        // linger blocking the thread on drop, which 0 does not).
        #[allow(deprecated)]
        let _ = stream.set_linger(Some(Duration::ZERO));
        drop(stream);
        return;
    }
    let mut head =
        format!("HTTP/1.1 {} Scripted\r\ncontent-length: {}\r\nconnection: close\r\n", reply.status, reply.body.len());
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // The client may be gone (timeout tests): ignore write errors.
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(reply.body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 1 << 20 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let (path, raw_query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (target, String::new()),
    };
    Some(Received { at, method, path, raw_query, headers, body })
}

/// A loopback URL where nothing listens.
pub async fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    drop(listener);
    format!("http://{addr}")
}
