//! The request pipeline behind every generated `send()`.
//!
//! One call: fill the default region, check required parameters, resolve credentials and
//! the endpoint (all before anything is sent), then up to `max_attempts` attempts, each
//! signed afresh (new timestamp and nonce) and limited by `Config::timeout`; between
//! attempts the policy of [`super::retry`] decides and waits. The answer of the last
//! attempt is mapped to the output, to [`Error::Service`], or to [`Error::Deserialize`].
//!
//! Logs (`tracing`): one `cloudsdk.send` span per call (service, operation) and one
//! `attempt` span per attempt (attempt number) whose events give the HTTP status, the
//! request id and the duration. Nothing logged contains a secret, a token, a signature or
//! a signed URL.

use super::signing::{self, acs3, jdcloud, rpc_v1, AccessKey, EMPTY_PAYLOAD_SHA256};
use super::{resolve_endpoint, retry, Handle, Operation, Params, Protocol, Service, Vendor};
use crate::error::ServiceErrorData;
use crate::{credentials, AliyunSignature, Config, Credentials, Error, JdcloudSignature, ProvideCredentials, ServiceError};
use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tracing::{debug, debug_span, info, info_span, Instrument};

/// How many characters of an unreadable body an [`Error::Deserialize`] quotes.
const SNIPPET_CHARS: usize = 200;

/// Headers that carry the request id when the body does not.
const REQUEST_ID_HEADERS: [&str; 2] = ["x-acs-request-id", "x-jdcloud-request-id"];

/// Sends one operation: resolves credentials and the endpoint, signs each attempt afresh,
/// retries what is retryable, maps error bodies to [`Error::Service`], and deserializes the
/// body into the operation's output.
pub async fn send<O: DeserializeOwned>(handle: &Handle, op: &'static Operation, params: Params) -> Result<O, Error> {
    let span = info_span!("cloudsdk.send", service = op.service.name, operation = op.name);
    async move { Call::new(handle, op, params).await?.run().await }.instrument(span).await
}

/// Everything one call needs, resolved once before the first attempt.
struct Call<'a> {
    op: &'static Operation,
    config: &'a Config,
    http: &'a reqwest::Client,
    credentials: Credentials,
    endpoint: Endpoint,
    region: Option<String>,
    params: Params,
}

/// The error of a failed attempt and the server's retry hint, if it sent one.
type Failure = (Error, Option<Duration>);

/// One HTTP answer, read completely.
struct Answer {
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

/// A request ready to be sent: everything but the base URL.
struct Wire {
    method: &'static str,
    /// The path as sent (percent-encoded).
    path: String,
    /// The query string as sent (percent-encoded), without `?`.
    query: String,
    headers: Vec<(String, String)>,
}

impl<'a> Call<'a> {
    async fn new(handle: &'a Handle, op: &'static Operation, params: Params) -> Result<Self, Error> {
        let config = handle.config();
        let http = handle.http(op.name)?;
        let params = prepare_params(op, params, config.region())?;
        let credentials = match config.credentials() {
            Some(explicit) => explicit.clone(),
            None => match op.service.vendor {
                Vendor::Aliyun => credentials::aliyun_default_chain().provide_credentials().await?,
                Vendor::Jdcloud => credentials::jdcloud_default_chain().provide_credentials().await?,
            },
        };
        let region = region_param(op.service, &params).or(config.region()).map(str::to_owned);
        let endpoint = Endpoint::resolve(op, region.as_deref(), config.endpoint_url())?;
        debug!(endpoint = %endpoint.origin, region = region.as_deref().unwrap_or("-"), "request prepared");
        Ok(Self { op, config, http, credentials, endpoint, region, params })
    }

    async fn run<O: DeserializeOwned>(&self) -> Result<O, Error> {
        let max_attempts = self.config.max_attempts().max(1);
        let mut attempt = 1;
        loop {
            let (error, hint) = match self.attempt().instrument(debug_span!("attempt", attempt)).await {
                Ok(output) => return Ok(output),
                Err(failure) => failure,
            };
            if attempt >= max_attempts {
                return Err(error);
            }
            let retry::Decision::Retry(reason) = retry::classify(self.op.service.vendor, &error, hint) else {
                return Err(error);
            };
            let delay = retry::backoff(attempt, self.config.retry_base_delay(), hint, &mut rand::rng());
            info!(attempt, reason, delay_ms = millis(delay), error = %error, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt<O: DeserializeOwned>(&self) -> Result<O, Failure> {
        let wire = self.wire(OffsetDateTime::now_utc(), &signing::new_nonce()).map_err(|e| (e, None))?;
        let request = self.endpoint.request(self.op.name, wire).map_err(|e| (e, None))?;
        let started = Instant::now();
        let answer = match self.exchange(request).await {
            Ok(answer) => answer,
            Err(error) => {
                debug!(elapsed_ms = millis(started.elapsed()), error = %error, "no answer");
                return Err((error, None));
            }
        };
        if tracing::enabled!(tracing::Level::DEBUG) {
            let request_id = answer.request_id.clone().or_else(|| body_request_id(&answer.body));
            debug!(
                status = answer.status,
                request_id = request_id.as_deref().unwrap_or("-"),
                elapsed_ms = millis(started.elapsed()),
                "answer"
            );
        }
        let hint = answer.retry_after;
        interpret(self.op, answer, self.credentials.security_token()).map_err(|e| (e, hint))
    }

    /// Sends `request` and reads the whole answer within `Config::timeout`.
    async fn exchange(&self, request: reqwest::Request) -> Result<Answer, Error> {
        let timeout = self.config.timeout();
        let work = async {
            let response = self.http.execute(request).await?;
            let status = response.status().as_u16();
            let request_id = request_id_header(response.headers());
            let retry_after = retry_after(response.headers());
            let body = Vec::from(response.bytes().await?);
            Ok::<_, reqwest::Error>(Answer { status, request_id, retry_after, body })
        };
        match tokio::time::timeout(timeout, work).await {
            Err(_) => Err(Error::Timeout { operation: self.op.name, after: timeout }),
            Ok(Err(e)) => Err(self.transport_error(e)),
            Ok(Ok(answer)) => Ok(answer),
        }
    }

    fn transport_error(&self, error: reqwest::Error) -> Error {
        let operation = self.op.name;
        if error.is_timeout() {
            let after = if error.is_connect() { self.config.connect_timeout() } else { self.config.timeout() };
            return Error::Timeout { operation, after };
        }
        // Without the URL: an RPC V1 URL carries the signature and the security token.
        let error = error.without_url();
        let cause = root_cause(&error);
        let message = if error.is_connect() {
            format!("cannot connect to {}: {cause}", self.endpoint.origin)
        } else if error.is_body() || error.is_decode() {
            format!("the answer from {} was cut short: {cause}", self.endpoint.origin)
        } else {
            format!("request to {} failed: {cause}", self.endpoint.origin)
        };
        Error::Transport { operation, message, source: Some(Box::new(error)) }
    }

    /// The signed request of one attempt.
    fn wire(&self, now: OffsetDateTime, nonce: &str) -> Result<Wire, Error> {
        let service = self.op.service;
        match (service.vendor, service.protocol, self.config.aliyun_signature()) {
            (Vendor::Aliyun, Protocol::Rpc, AliyunSignature::V3) => Ok(self.aliyun_v3(now, nonce)),
            (Vendor::Aliyun, Protocol::Rpc, AliyunSignature::V1) => Ok(self.aliyun_v1(now, nonce)),
            (Vendor::Jdcloud, Protocol::Rest, _) => self.jdcloud(now, nonce),
            (vendor, protocol, _) => Err(self.build_error(format!("{vendor:?} {protocol:?} APIs are not supported"))),
        }
    }

    fn key(&self) -> AccessKey<'_> {
        AccessKey::new(self.credentials.access_key_id(), self.credentials.access_key_secret())
    }

    /// Alibaba RPC with ACS3-HMAC-SHA256: parameters in the query, action and version in
    /// headers, empty body.
    fn aliyun_v3(&self, now: OffsetDateTime, nonce: &str) -> Wire {
        let path = self.endpoint.path("/");
        let mut headers = acs3::CommonHeaders {
            host: &self.endpoint.host,
            action: self.op.name,
            version: self.op.service.api_version,
            timestamp: now,
            nonce,
            content_sha256: EMPTY_PAYLOAD_SHA256,
            access_key_id: self.credentials.access_key_id(),
            security_token: self.credentials.security_token(),
        }
        .to_headers();
        headers.push(("accept".to_owned(), "application/json".to_owned()));
        headers.push(("user-agent".to_owned(), self.config.user_agent().to_owned()));
        let signed = acs3::sign("POST", &path, self.params.query(), &headers, EMPTY_PAYLOAD_SHA256, &self.key());
        headers.push(("authorization".to_owned(), signed.authorization.unwrap_or_default()));
        Wire { method: "POST", path, query: signing::encode_query(self.params.query()), headers }
    }

    /// Alibaba RPC with signature V1: every parameter, `Signature` last, in the query.
    fn aliyun_v1(&self, now: OffsetDateTime, nonce: &str) -> Wire {
        let common = rpc_v1::CommonParams {
            action: self.op.name,
            version: self.op.service.api_version,
            access_key_id: self.credentials.access_key_id(),
            security_token: self.credentials.security_token(),
            timestamp: now,
            nonce,
        };
        let mut query: Vec<(String, String)> =
            common.to_params().into_iter().chain(self.params.query().iter().cloned()).collect();
        let signed = rpc_v1::sign("POST", &query, &self.key());
        query.push(("Signature".to_owned(), signed.signature));
        let headers = vec![
            ("host".to_owned(), self.endpoint.host.clone()),
            ("x-acs-action".to_owned(), self.op.name.to_owned()),
            ("x-acs-version".to_owned(), self.op.service.api_version.to_owned()),
            ("accept".to_owned(), "application/json".to_owned()),
            ("user-agent".to_owned(), self.config.user_agent().to_owned()),
        ];
        Wire { method: "POST", path: self.endpoint.path("/"), query: signing::encode_query(&query), headers }
    }

    /// JD Cloud REST with JDCLOUD2 or JDCLOUD3.
    fn jdcloud(&self, now: OffsetDateTime, nonce: &str) -> Result<Wire, Error> {
        let region = self.region.as_deref().ok_or_else(|| {
            self.build_error("JD Cloud signs every request for a region: set the region parameter or Config::region".into())
        })?;
        let wire_path = fill_path(self.op.path, &self.params, signing::percent_encode).map_err(|e| self.build_error(e))?;
        let query = signing::encode_query(self.params.query());
        // The official SDK sends (and signs) the STS token base64-encoded.
        let token = self.credentials.security_token().map(|t| base64::engine::general_purpose::STANDARD.encode(t));
        let mut signed_headers = vec![("content-type", "application/json")];
        if let Some(token) = &token {
            signed_headers.push(("x-jdcloud-security-token", token.as_str()));
        }
        let request = jdcloud::Request {
            method: self.op.method,
            host: Some(&self.endpoint.host),
            path: &self.endpoint.path(&wire_path),
            query: &query,
            headers: &signed_headers,
            payload_hash: EMPTY_PAYLOAD_SHA256,
        };
        let algorithm = match self.config.jdcloud_signature() {
            JdcloudSignature::V2 => jdcloud::Algorithm::Jdcloud2,
            JdcloudSignature::V3 => jdcloud::Algorithm::Jdcloud3,
        };
        let params = jdcloud::SigningParams {
            algorithm,
            date_nonce: jdcloud::DateNonce::Signed,
            region,
            service: self.op.service.name,
            timestamp: now,
            nonce,
        };
        let signed = jdcloud::sign(&request, &params, &self.key());
        let mut headers = vec![
            ("host".to_owned(), self.endpoint.host.clone()),
            ("user-agent".to_owned(), self.config.user_agent().to_owned()),
        ];
        headers.extend(signed_headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())));
        headers.extend(signed.headers.into_iter().map(|(n, v)| (n.to_owned(), v)));
        Ok(Wire { method: self.op.method, path: self.endpoint.path(&wire_path), query, headers })
    }

    fn build_error(&self, message: String) -> Error {
        Error::Build { operation: self.op.name, message }
    }
}

/// Fills the default region, then checks that every required parameter is present.
fn prepare_params(op: &Operation, mut params: Params, region: Option<&str>) -> Result<Params, Error> {
    if let (Some(name), Some(region)) = (op.service.region_parameter, region) {
        match op.service.protocol {
            Protocol::Rpc => params.set_default(name, region),
            Protocol::Rest => params.set_default_path(name, region),
        }
    }
    let missing: Vec<&str> = op.required.iter().copied().filter(|name| !params.has(name)).collect();
    match missing.as_slice() {
        [] => Ok(params),
        [one] => Err(Error::Build { operation: op.name, message: format!("required parameter {one} is not set") }),
        many => Err(Error::Build {
            operation: op.name,
            message: format!("required parameters {} are not set", many.join(", ")),
        }),
    }
}

/// The value of the service's region parameter in `params`, if set.
fn region_param<'p>(service: &Service, params: &'p Params) -> Option<&'p str> {
    let name = service.region_parameter?;
    let path = params.path_params().iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
    path.or_else(|| params.query().iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()))
}

/// `template` with each `{name}` replaced by `encode(value)` of the path parameter `name`;
/// the error names a parameter that is not set.
fn fill_path(template: &str, params: &Params, encode: impl Fn(&str) -> String) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else { break };
        let name = &rest[open + 1..close];
        let value = params
            .path_params()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| format!("path parameter {name} is not set"))?;
        out.push_str(&rest[..open]);
        out.push_str(&encode(value));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Where requests go: the resolved or configured base URL, split for signing.
#[derive(Debug)]
struct Endpoint {
    /// `scheme://host[:port]`, also used in messages and logs.
    origin: String,
    /// The `Host` header: `host` or `host:port` for a non-default port.
    host: String,
    /// The base URL's path without a trailing `/` (usually empty).
    base_path: String,
}

impl Endpoint {
    fn resolve(op: &Operation, region: Option<&str>, endpoint_url: Option<&str>) -> Result<Self, Error> {
        let service = op.service;
        let build = |message: String| Error::Build { operation: op.name, message };
        let base = resolve_endpoint(service, region, endpoint_url).ok_or_else(|| {
            build(format!(
                "no endpoint for service {}: set a region (Config::region or the operation's {}) or \
                 Config::endpoint_url",
                service.name,
                service.region_parameter.unwrap_or("region parameter"),
            ))
        })?;
        Self::parse(&base).map_err(|why| build(format!("endpoint {base:?} {why}")))
    }

    fn parse(base: &str) -> Result<Self, &'static str> {
        let url = reqwest::Url::parse(base).map_err(|_| "is not an absolute URL")?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err("is not an http or https URL");
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err("must not have a query or a fragment");
        }
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or("has no host")?;
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let origin = format!("{}://{host}", url.scheme());
        Ok(Self { origin, host, base_path: url.path().trim_end_matches('/').to_owned() })
    }

    /// The base path followed by `path` (which starts with `/`).
    fn path(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    fn request(&self, operation: &'static str, wire: Wire) -> Result<reqwest::Request, Error> {
        let build = |message: String| Error::Build { operation, message };
        let method = reqwest::Method::from_bytes(wire.method.as_bytes())
            .map_err(|_| build(format!("invalid HTTP method {:?}", wire.method)))?;
        let separator = if wire.query.is_empty() { "" } else { "?" };
        let url = reqwest::Url::parse(&format!("{}{}{separator}{}", self.origin, wire.path, wire.query))
            .map_err(|e| build(format!("invalid request URL: {e}")))?;
        let mut request = reqwest::Request::new(method, url);
        for (name, value) in wire.headers {
            let header_name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| build(format!("invalid header name {name:?}")))?;
            // The value is not quoted: it may be a token.
            let header_value = reqwest::header::HeaderValue::from_str(&value)
                .map_err(|_| build(format!("the value of header {name} is not valid in HTTP")))?;
            request.headers_mut().append(header_name, header_value);
        }
        Ok(request)
    }
}

/// Maps an answer to the output, or to the error it reports.
fn interpret<O: DeserializeOwned>(op: &Operation, answer: Answer, token: Option<&str>) -> Result<O, Error> {
    if answer.status >= 400 {
        return Err(error_answer(op, &answer, token));
    }
    let mut de = serde_json::Deserializer::from_slice(&answer.body);
    let output = serde_path_to_error::deserialize(&mut de).map_err(|e| unreadable(op, &answer, describe_path_error(&e)))?;
    de.end().map_err(|e| unreadable(op, &answer, e.to_string()))?;
    Ok(output)
}

fn describe_path_error(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = e.path().to_string();
    if path == "." {
        e.inner().to_string()
    } else {
        format!("at {path}: {}", e.inner())
    }
}

/// An [`Error::Deserialize`] for `answer`.
fn unreadable(op: &Operation, answer: &Answer, message: String) -> Error {
    Error::Deserialize { operation: op.name, status: answer.status, message, snippet: snippet(&answer.body) }
}

/// The service error an error answer carries, or [`Error::Deserialize`] when its body is
/// not the vendor's error format.
fn error_answer(op: &Operation, answer: &Answer, token: Option<&str>) -> Error {
    let body: Value = match serde_json::from_slice(&answer.body) {
        Ok(body) => body,
        Err(_) if answer.body.iter().all(u8::is_ascii_whitespace) => {
            return unreadable(op, answer, "the error answer has an empty body".into())
        }
        Err(e) => return unreadable(op, answer, format!("the error answer is not JSON: {e}")),
    };
    let fields = match op.service.vendor {
        Vendor::Aliyun => aliyun_error(&body),
        Vendor::Jdcloud => jdcloud_error(&body),
    };
    let Some(fields) = fields else {
        return unreadable(op, answer, "the error answer has no error code".into());
    };
    Error::Service(ServiceError::from(ServiceErrorData {
        operation: op.name,
        status: answer.status,
        code: fields.code,
        message: redact(&fields.message, token),
        request_id: fields.request_id.or_else(|| answer.request_id.clone()),
        host_id: fields.host_id,
        recommend: fields.recommend,
        retry_after: answer.retry_after,
    }))
}

/// The fields of an error body.
#[derive(Debug, PartialEq)]
struct ErrorFields {
    code: String,
    message: String,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
}

fn string_field(value: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| match value.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// `{"RequestId","HostId","Code","Message","Recommend"}` (or lowercase `requestId`, `code`,
/// `message`).
fn aliyun_error(body: &Value) -> Option<ErrorFields> {
    Some(ErrorFields {
        code: string_field(body, &["Code", "code"])?,
        message: string_field(body, &["Message", "message"]).unwrap_or_default(),
        request_id: string_field(body, &["RequestId", "requestId"]),
        host_id: string_field(body, &["HostId", "hostId"]),
        recommend: string_field(body, &["Recommend", "recommend"]),
    })
}

/// `{"requestId","error":{"code","status","message"}}`; the code is the `status` string
/// (`NOT_FOUND`), else the numeric `code`.
fn jdcloud_error(body: &Value) -> Option<ErrorFields> {
    let error = body.get("error")?;
    Some(ErrorFields {
        code: string_field(error, &["status", "code"])?,
        message: string_field(error, &["message"]).unwrap_or_default(),
        request_id: string_field(body, &["requestId", "RequestId"]),
        host_id: None,
        recommend: None,
    })
}

/// `message` with the security token (raw, encoded or double-encoded, as a server may
/// echo it in a string to sign) replaced by `***`.
fn redact(message: &str, token: Option<&str>) -> String {
    let Some(token) = token.filter(|t| !t.is_empty()) else { return message.to_owned() };
    let once = signing::percent_encode(token);
    let twice = signing::percent_encode(&once);
    [twice, once, token.to_owned()].iter().fold(message.to_owned(), |m, form| m.replace(form.as_str(), "***"))
}

/// The first [`SNIPPET_CHARS`] characters of `body` (lossy UTF-8), with `…` when cut.
fn snippet(body: &[u8]) -> String {
    // 4 bytes per character at most: no need to decode more.
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut chars = text.char_indices();
    match chars.nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None if head.len() < body.len() => format!("{text}…"),
        None => text.into_owned(),
    }
}

/// The request id in a JSON body (`RequestId` or `requestId` at the top level), for logs.
fn body_request_id(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Ids {
        #[serde(rename = "RequestId", alias = "requestId")]
        request_id: Option<String>,
    }
    serde_json::from_slice::<Ids>(body).ok()?.request_id
}

fn request_id_header(headers: &reqwest::header::HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned))
}

/// The server's retry hint: Alibaba's `x-acs-retry-after` (milliseconds, > 0) or the
/// standard `Retry-After` (whole seconds; the HTTP-date form is ignored).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    number("x-acs-retry-after")
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
        .or_else(|| number("retry-after").map(Duration::from_secs))
}

/// The innermost cause of `error`, which says what actually failed ("Connection refused").
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(all(test, feature = "aliyun-ecs", feature = "jdcloud-vm"))]
mod tests {
    use super::*;

    // The generated service descriptions, so these tests follow the specs.
    use crate::services::aliyun::ecs::SERVICE as ECS;
    use crate::services::jdcloud::vm::SERVICE as VM;

    static DESCRIBE: Operation =
        Operation { service: &ECS, name: "DescribeImages", method: "POST", path: "/", required: &["RegionId", "ImageId"] };
    static CONSTRAINTS: Operation = Operation {
        service: &VM,
        name: "describeImageConstraints",
        method: "GET",
        path: "/v1/regions/{regionId}/images/{imageId}/constraints",
        required: &["regionId", "imageId"],
    };

    fn answer(status: u16, body: &str) -> Answer {
        Answer { status, request_id: None, retry_after: None, body: body.as_bytes().to_vec() }
    }

    fn build_message(e: Error) -> String {
        match e {
            Error::Build { message, .. } => message,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn default_region_fills_query_or_path() {
        let p = prepare_params(&DESCRIBE, Params::new(), Some("cn-x")).unwrap_err();
        assert_eq!(build_message(p), "required parameter ImageId is not set");
        let mut params = Params::new();
        params.simple("ImageId", &Some("m-1".to_owned()));
        let p = prepare_params(&DESCRIBE, params, Some("cn-x")).unwrap();
        assert_eq!(region_param(&ECS, &p), Some("cn-x"));
        let mut params = Params::new();
        params.path("imageId", &Some("img-1".to_owned()));
        let p = prepare_params(&CONSTRAINTS, params, Some("cn-north-1")).unwrap();
        assert_eq!(p.path_params(), &[("imageId", "img-1".to_owned()), ("regionId", "cn-north-1".to_owned())]);
    }

    #[test]
    fn explicit_region_parameter_is_kept_and_missing_ones_are_all_named() {
        let mut params = Params::new();
        params.simple("RegionId", &Some("cn-y".to_owned()));
        params.simple("ImageId", &Some("m".to_owned()));
        let p = prepare_params(&DESCRIBE, params, Some("cn-x")).unwrap();
        assert_eq!(region_param(&ECS, &p), Some("cn-y"));
        let e = prepare_params(&DESCRIBE, Params::new(), None).unwrap_err();
        assert_eq!(build_message(e), "required parameters RegionId, ImageId are not set");
    }

    #[test]
    fn path_templates_are_filled_and_encoded() {
        let mut params = Params::new();
        params.path("regionId", &Some("cn-north-1".to_owned()));
        params.path("imageId", &Some("a b/c".to_owned()));
        let t = CONSTRAINTS.path;
        assert_eq!(fill_path(t, &params, signing::percent_encode).unwrap(), "/v1/regions/cn-north-1/images/a%20b%2Fc/constraints");
        assert_eq!(fill_path(t, &params, str::to_owned).unwrap(), "/v1/regions/cn-north-1/images/a b/c/constraints");
        assert_eq!(fill_path(t, &Params::new(), str::to_owned).unwrap_err(), "path parameter regionId is not set");
        assert_eq!(fill_path("/x/{open", &params, str::to_owned).unwrap(), "/x/{open");
    }

    #[test]
    fn endpoints_are_split_for_signing() {
        let e = Endpoint::parse("http://127.0.0.1:9000").unwrap();
        assert_eq!((e.origin.as_str(), e.host.as_str(), e.base_path.as_str()), ("http://127.0.0.1:9000", "127.0.0.1:9000", ""));
        let e = Endpoint::parse("https://ecs.aliyuncs.com:443/prefix/").unwrap();
        assert_eq!((e.host.as_str(), e.path("/")), ("ecs.aliyuncs.com", "/prefix/".to_owned()));
        let e = Endpoint::parse("http://[::1]:8080").unwrap();
        assert_eq!(e.host, "[::1]:8080");
        assert_eq!(Endpoint::parse("127.0.0.1:9000").unwrap_err(), "is not an absolute URL");
        assert_eq!(Endpoint::parse("localhost:9000").unwrap_err(), "is not an http or https URL");
        assert_eq!(Endpoint::parse("http://h/?a=1").unwrap_err(), "must not have a query or a fragment");
    }

    #[test]
    fn no_endpoint_explains_what_to_set() {
        let e = Endpoint::resolve(&DESCRIBE, None, None).unwrap_err();
        assert_eq!(
            build_message(e),
            "no endpoint for service ecs: set a region (Config::region or the operation's RegionId) or Config::endpoint_url"
        );
    }

    #[test]
    fn aliyun_error_bodies() {
        let body = r#"{"RequestId":"R","HostId":"H","Code":"InvalidRegionId.NotFound","Message":"M","Recommend":"L"}"#;
        let Error::Service(e) = error_answer(&DESCRIBE, &answer(400, body), None) else { panic!() };
        assert_eq!((e.code(), e.message(), e.request_id(), e.status()), ("InvalidRegionId.NotFound", "M", Some("R"), 400));
        assert_eq!((e.host_id(), e.recommend(), e.operation()), (Some("H"), Some("L"), "DescribeImages"));
        let mut lower = answer(403, r#"{"requestId":"r","code":"Forbidden","message":"m"}"#);
        lower.request_id = Some("from-header".into());
        let Error::Service(e) = error_answer(&DESCRIBE, &lower, None) else { panic!() };
        assert_eq!((e.code(), e.message(), e.request_id()), ("Forbidden", "m", Some("r")));
    }

    #[test]
    fn jdcloud_error_bodies_and_header_request_ids() {
        let body = r#"{"requestId":"c4a6","error":{"code":404,"status":"NOT_FOUND","message":"image not found"}}"#;
        let Error::Service(e) = error_answer(&CONSTRAINTS, &answer(404, body), None) else { panic!() };
        assert_eq!((e.code(), e.message(), e.request_id(), e.status()), ("NOT_FOUND", "image not found", Some("c4a6"), 404));
        let mut no_id = answer(500, r#"{"error":{"code":500,"message":"boom"}}"#);
        no_id.request_id = Some("hdr".into());
        let Error::Service(e) = error_answer(&CONSTRAINTS, &no_id, None) else { panic!() };
        assert_eq!((e.code(), e.request_id()), ("500", Some("hdr")));
    }

    #[test]
    fn unexpected_error_bodies_are_deserialize_errors() {
        for (body, why) in [
            ("<html>Bad Gateway</html>", "the error answer is not JSON: expected value at line 1 column 1"),
            ("  ", "the error answer has an empty body"),
            (r#"{"foo":1}"#, "the error answer has no error code"),
            (r#"[1,2]"#, "the error answer has no error code"),
        ] {
            match error_answer(&DESCRIBE, &answer(502, body), None) {
                Error::Deserialize { status: 502, message, snippet, .. } => {
                    assert_eq!(message, why);
                    assert_eq!(snippet, body);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn success_bodies_deserialize_with_the_failing_path() {
        let ok: Value = interpret(&DESCRIBE, answer(200, r#"{"a":1}"#), None).unwrap();
        assert_eq!(ok["a"], 1);
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Out {
            items: Vec<u32>,
        }
        match interpret::<Out>(&DESCRIBE, answer(200, r#"{"items":[1,"x"]}"#), None).unwrap_err() {
            Error::Deserialize { message, status: 200, .. } => {
                assert_eq!(message, "at items[1]: invalid type: string \"x\", expected u32 at line 1 column 15")
            }
            other => panic!("{other:?}"),
        }
        match interpret::<Value>(&DESCRIBE, answer(200, r#"{"a":1} trailing"#), None).unwrap_err() {
            Error::Deserialize { message, .. } => assert_eq!(message, "trailing characters at line 1 column 9"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn snippets_are_short_and_cut_on_char_boundaries() {
        assert_eq!(snippet(b"abc"), "abc");
        let long = "é".repeat(300);
        let s = snippet(long.as_bytes());
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 1);
        assert!(s.ends_with('…'));
        let cut = &long.as_bytes()[..3];
        assert_eq!(snippet(cut), "é\u{FFFD}");
        assert_eq!(snippet(&[b'a'; 1000]).chars().count(), SNIPPET_CHARS + 1);
    }

    #[test]
    fn request_ids_for_logs() {
        assert_eq!(body_request_id(br#"{"RequestId":"A","x":[1]}"#).as_deref(), Some("A"));
        assert_eq!(body_request_id(br#"{"requestId":"b","result":{}}"#).as_deref(), Some("b"));
        assert_eq!(body_request_id(b"<html>"), None);
        assert_eq!(body_request_id(br#"{"RequestId":5}"#), None);
    }

    #[test]
    fn retry_hints_from_headers() {
        let mut h = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert("x-acs-retry-after", "1500".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(1500)));
        h.insert("x-acs-retry-after", "0".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn tokens_echoed_by_the_server_are_redacted() {
        let token = "CAIS+sts/token==";
        let message = "string to sign: SecurityToken%3DCAIS%252Bsts%252Ftoken%253D%253D and CAIS%2Bsts%2Ftoken%3D%3D and CAIS+sts/token==";
        assert_eq!(redact(message, Some(token)), "string to sign: SecurityToken%3D*** and *** and ***");
        assert_eq!(redact("m", None), "m");
        assert_eq!(redact("m", Some("")), "m");
    }
}
