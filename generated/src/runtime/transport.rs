//! The request pipeline behind every generated `send()`, written once for every protocol.
//!
//! One call: fill the default region and the idempotency token, check required parameters,
//! check the region, pick the signer, resolve the endpoint and the credentials (all before
//! anything is sent); then up to `max_attempts` attempts, each laid out and signed afresh by
//! the service's [`Protocol`] (new timestamp and nonce), limited by `Config::timeout`, its
//! answer read up to `Config::max_response_bytes`. Between attempts the policy of
//! [`super::retry`] decides, never repeating a request that may have been carried out
//! unless the operation is safe to repeat, and waits. `Config::operation_timeout` bounds the
//! whole call. The answer of the last attempt is mapped to the output, to
//! [`Error::Service`], or to [`Error::Deserialize`].
//!
//! Logs (`tracing`): one `cloudsdk.send` span per call (service, operation) and one
//! `attempt` span per attempt (attempt number) whose events give the HTTP status, the
//! request id and the duration. Nothing logged contains a secret, a token, a signature, a
//! signed URL, a parameter value or a body.

use super::protocol::{Attempt, Protocol, RegionIn, Wire};
use super::retry::{self, Decision, Reach};
use super::{resolve_endpoint, signing, Handle, Operation, Params, Service, Token};
use crate::error::ServiceErrorData;
use crate::{Config, Credentials, Error, ServiceError};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::{Duration, Instant, SystemTime};
use time::OffsetDateTime;
use tracing::{debug, debug_span, info, info_span, Instrument};

/// How many characters of an unreadable error body an [`Error::Deserialize`] quotes.
const SNIPPET_CHARS: usize = 200;

/// Headers that carry the request id when the body does not.
const REQUEST_ID_HEADERS: [&str; 2] = ["x-acs-request-id", "x-jdcloud-request-id"];

/// Sends one operation: resolves credentials and the endpoint, signs each attempt afresh,
/// retries what is safe to retry, maps error bodies to [`Error::Service`], and deserializes
/// the body into the operation's output.
///
/// Only this thin wrapper and the deserialization of the body are generic over the output:
/// the pipeline itself (`send_with`) is compiled once, not once per operation.
pub async fn send<O: DeserializeOwned + Send>(
    handle: &Handle,
    op: &'static Operation,
    params: Params,
) -> Result<O, Error> {
    let mut output = None;
    send_with(handle, op, params, &mut |body: &[u8]| {
        output = Some(decode::<O>(body)?);
        Ok(())
    })
    .await?;
    output.ok_or_else(|| Error::Deserialize {
        operation: op.name,
        status: 200,
        message: "the answer was not read".to_owned(),
        snippet: String::new(),
    })
}

/// What a generated output reads a successful body into, in place: a struct of
/// [`Fields`](super::serde::Fields) through one non-generic reader, others (JD Cloud's
/// envelope outputs) through their own `Deserialize`.
pub trait Body: Send + 'static {
    /// Reads the whole body into `self`; the error says where and why, without quoting it.
    fn decode(&mut self, body: &[u8]) -> Result<(), String>;
    /// The output, to be taken back by its type.
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any>;
}

impl<T: super::serde::Fields + Send + 'static> Body for T {
    fn decode(&mut self, body: &[u8]) -> Result<(), String> {
        decode_fields(body, self)
    }
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

/// The future a generated `send()` returns: the pipeline boxed (compiled once), and only
/// this small `poll` per output type. `Send + Unpin + 'static`.
pub struct Sending<O> {
    call: futures::future::BoxFuture<'static, Result<Box<dyn Body>, Error>>,
    operation: &'static str,
    output: std::marker::PhantomData<fn() -> O>,
}

impl<O> std::fmt::Debug for Sending<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sending").finish_non_exhaustive()
    }
}

impl<O: Body + Default + 'static> Sending<O> {
    /// Starts nothing yet: the call runs when the future is polled.
    pub fn new(handle: &Handle, op: &'static Operation, params: Params) -> Self {
        let call = Box::pin(send_boxed(handle.clone(), op, params, Box::new(O::default())));
        Sending { call, operation: op.name, output: std::marker::PhantomData }
    }
}

impl<O: Body + 'static> std::future::Future for Sending<O> {
    type Output = Result<O, Error>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        let operation = self.operation;
        self.call.as_mut().poll(cx).map(|done| {
            done?.into_any().downcast::<O>().map(|o| *o).map_err(|_| Error::Deserialize {
                operation,
                status: 200,
                message: "the answer was not read".to_owned(),
                snippet: String::new(),
            })
        })
    }
}

async fn send_boxed(
    handle: Handle,
    op: &'static Operation,
    params: Params,
    mut out: Box<dyn Body>,
) -> Result<Box<dyn Body>, Error> {
    send_into(&handle, op, params, &mut *out).await?;
    Ok(out)
}

/// [`send`] for an output that reads itself ([`Body`]): nothing here is generic, so no
/// part of the pipeline or of serde_json is compiled once per operation.
pub async fn send_into(
    handle: &Handle,
    op: &'static Operation,
    params: Params,
    out: &mut dyn Body,
) -> Result<(), Error> {
    send_with(handle, op, params, &mut |body: &[u8]| out.decode(body)).await
}

/// Reads a whole successful body into `fields`, tracking the path for the error.
fn decode_fields(body: &[u8], fields: &mut dyn super::serde::Fields) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut track = serde_path_to_error::Track::new();
    let read = super::serde::de_fields(serde_path_to_error::Deserializer::new(&mut de, &mut track), fields);
    if let Err(e) = read {
        return Err(describe_path_error(&serde_path_to_error::Error::new(track.path(), e)));
    }
    de.end().map_err(|e| describe_json_error(&e))
}

/// Reads a successful body: where and why it did not fit, without quoting it.
pub(crate) type Decode<'a> = dyn FnMut(&[u8]) -> Result<(), String> + Send + 'a;

/// The pipeline of [`send`], with the output's deserializer type-erased: `decode` reads a
/// successful body (and keeps what it read).
async fn send_with(
    handle: &Handle,
    op: &'static Operation,
    params: Params,
    decode: &mut Decode<'_>,
) -> Result<(), Error> {
    let span = info_span!("cloudsdk.send", service = op.service.name, operation = op.name);
    let config = handle.config();
    let call = async move {
        let deadline = config.operation_timeout().map(|limit| Instant::now() + limit);
        Call::new(handle, op, params).await?.run(deadline, decode).await
    };
    match config.operation_timeout() {
        None => call.instrument(span).await,
        Some(limit) => match tokio::time::timeout(limit, call.instrument(span)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout { operation: op.name, after: limit }),
        },
    }
}

/// Everything one call needs, resolved once before the first attempt.
struct Call<'a> {
    op: &'static Operation,
    protocol: &'static dyn Protocol,
    config: &'a Config,
    http: reqwest::Client,
    credentials: Credentials,
    endpoint: Endpoint,
    region: Option<String>,
    signer: signing::Signer,
    params: Params,
}

/// The error of a failed attempt, how far the attempt got, and the server's retry hint.
struct Failure {
    error: Error,
    reach: Reach,
    hint: Option<Duration>,
}

impl Failure {
    fn new(error: Error, reach: Reach) -> Self {
        Self { error, reach, hint: None }
    }
}

/// One HTTP answer, read completely.
struct Answer {
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

impl<'a> Call<'a> {
    async fn new(handle: &'a Handle, op: &'static Operation, params: Params) -> Result<Self, Error> {
        let config = handle.config();
        let service = op.service;
        let protocol = service.protocol;
        let build = |message: String| Error::Build { operation: op.name, message };
        let params = prepare_params(op, params, config.region())?;
        let region = region_param(service, &params).or(config.region()).map(str::to_owned);
        if let Some(region) = &region {
            protocol.check_region(region).map_err(build)?;
        }
        let signer = protocol.signer(service, config);
        if !service.signers.contains(&signer) {
            let accepted: Vec<&str> = service.signers.iter().map(|s| s.spec_name()).collect();
            return Err(build(format!(
                "service {} does not accept {} signatures (it accepts {})",
                service.name,
                signer.spec_name(),
                accepted.join(", ")
            )));
        }
        let endpoint = Endpoint::resolve(op, region.as_deref(), config.endpoint_url())?;
        let http = handle.http(op.name)?;
        let credentials = config.shared.credentials(config, protocol).await?;
        debug!(endpoint = %endpoint.origin, region = region.as_deref().unwrap_or("-"), protocol = protocol.name(), "request prepared");
        Ok(Self { op, protocol, config, http, credentials, endpoint, region, signer, params })
    }

    /// Whether repeating the request is safe: it only reads, or its idempotency token makes
    /// the service carry it out once.
    fn safe_to_repeat(&self) -> bool {
        self.op.idempotent || self.op.idempotency_token.is_some()
    }

    async fn run(&self, deadline: Option<Instant>, decode: &mut Decode<'_>) -> Result<(), Error> {
        let max_attempts = self.config.max_attempts().max(1);
        let mut attempt = 1;
        loop {
            let failure = match self.attempt(decode).instrument(debug_span!("attempt", attempt)).await {
                Ok(()) => return Ok(()),
                Err(failure) => failure,
            };
            let Failure { error, reach, hint } = failure;
            if attempt >= max_attempts {
                return Err(error);
            }
            let reason = match retry::classify(self.protocol, self.safe_to_repeat(), &error, reach, hint) {
                Decision::Retry(reason) => reason,
                Decision::Unsafe(reason) => {
                    info!(attempt, reason, error = %error, "not retried: the request may have been carried out and repeating it is not safe");
                    return Err(error);
                }
                Decision::Stop => return Err(error),
            };
            let delay = retry::backoff(attempt, self.config.retry_base_delay(), hint, &mut rand::rng());
            if deadline.is_some_and(|d| Instant::now() + delay >= d) {
                info!(
                    attempt,
                    reason,
                    delay_ms = millis(delay),
                    "not retried: the wait would pass Config::operation_timeout"
                );
                return Err(error);
            }
            info!(attempt, reason, delay_ms = millis(delay), error = %error, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt(&self, decode: &mut Decode<'_>) -> Result<(), Failure> {
        let nonce = signing::new_nonce();
        let attempt = Attempt {
            op: self.op,
            params: &self.params,
            credentials: &self.credentials,
            signer: self.signer,
            host: &self.endpoint.host,
            base_path: &self.endpoint.base_path,
            region: self.region.as_deref(),
            user_agent: self.config.user_agent(),
            timestamp: OffsetDateTime::now_utc(),
            nonce: &nonce,
        };
        let not_sent = |error| Failure::new(error, Reach::NotSent);
        let wire = self.protocol.wire(&attempt).map_err(|m| not_sent(self.build_error(m)))?;
        let request = self.endpoint.request(self.op.name, wire).map_err(not_sent)?;
        let started = Instant::now();
        let answer = match self.exchange(request).await {
            Ok(answer) => answer,
            Err(failure) => {
                debug!(elapsed_ms = millis(started.elapsed()), error = %failure.error, "no answer");
                return Err(failure);
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
        interpret_with(self.protocol, self.op, answer, self.credentials.security_token(), decode)
            .map_err(|error| Failure { error, reach: Reach::Answered, hint })
    }

    /// Sends `request` and reads the whole answer, up to `Config::max_response_bytes`,
    /// within `Config::timeout`.
    async fn exchange(&self, request: reqwest::Request) -> Result<Answer, Failure> {
        let timeout = self.config.timeout();
        let limit = self.config.max_response_bytes();
        let work = async {
            let mut response = self.http.execute(request).await.map_err(|e| self.transport_error(e))?;
            let status = response.status().as_u16();
            let request_id = request_id_header(response.headers());
            let retry_after = retry_after(response.headers(), SystemTime::now());
            let too_large =
                || Failure::new(Error::ResponseTooLarge { operation: self.op.name, limit }, Reach::Answered);
            let expected = response.content_length();
            if expected.is_some_and(|len| len > limit) {
                return Err(too_large());
            }
            let capacity = expected.unwrap_or(0).min(limit).min(1 << 20);
            let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
            while let Some(chunk) = response.chunk().await.map_err(|e| self.transport_error(e))? {
                if u64::try_from(body.len() + chunk.len()).unwrap_or(u64::MAX) > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Answer { status, request_id, retry_after, body })
        };
        match tokio::time::timeout(timeout, work).await {
            // The request may have been written: only the pool knows, and it does not say.
            Err(_) => {
                Err(Failure::new(Error::Timeout { operation: self.op.name, after: timeout }, Reach::MaybeReached))
            }
            Ok(result) => result,
        }
    }

    /// The error of a failed exchange, and whether the request may have reached the server:
    /// not when the connection could not be made, possibly otherwise (reset, cut short).
    fn transport_error(&self, error: reqwest::Error) -> Failure {
        let operation = self.op.name;
        let reach = if error.is_connect() { Reach::NotSent } else { Reach::MaybeReached };
        if error.is_timeout() {
            let after = if error.is_connect() { self.config.connect_timeout() } else { self.config.timeout() };
            return Failure::new(Error::Timeout { operation, after }, reach);
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
        Failure::new(Error::Transport { operation, message, source: Some(Box::new(error)) }, reach)
    }

    fn build_error(&self, message: String) -> Error {
        Error::Build { operation: self.op.name, message }
    }
}

/// Fills the default region and the idempotency token, then checks that every required
/// parameter is present.
///
/// The token is made once per call, so every attempt sends the same one and the service
/// carries the request out once.
fn prepare_params(op: &Operation, mut params: Params, region: Option<&str>) -> Result<Params, Error> {
    if let (Some(name), Some(region), true) = (op.service.region_parameter, region, op.region) {
        match op.service.protocol.region_in() {
            RegionIn::Query => params.set_default(name, region),
            RegionIn::Path => params.set_default_path(name, region),
        }
    }
    match op.idempotency_token {
        Some(Token::Query(name)) => params.set_default(name, &uuid::Uuid::new_v4().to_string()),
        Some(Token::Body(name)) => params.set_default_body(name, &uuid::Uuid::new_v4().to_string()),
        None => {}
    }
    // `RegionId` must be set; `DataDisk.N.Size` must be set in every data disk that is.
    let missing: Vec<String> = op
        .required
        .iter()
        .filter_map(|pattern| match pattern.contains('.') {
            false => (!params.has(pattern)).then(|| (*pattern).to_owned()),
            true => params.missing_member(pattern),
        })
        .collect();
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
        let endpoint = Self::parse(&base).map_err(|why| build(format!("endpoint {base:?} {why}")))?;
        // A resolved endpoint (not one the caller configured) is exactly scheme://host.
        if endpoint_url.is_none() && (!endpoint.base_path.is_empty() || endpoint.origin != base) {
            return Err(build(format!("endpoint {base:?} resolved for region {region:?} is not a plain host")));
        }
        Ok(endpoint)
    }

    fn parse(base: &str) -> Result<Self, &'static str> {
        let url = reqwest::Url::parse(base).map_err(|_| "is not an absolute URL")?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err("is not an http or https URL");
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err("must not have a query or a fragment");
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not carry a user name or password");
        }
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or("has no host")?;
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let origin = format!("{}://{host}", url.scheme());
        Ok(Self { origin, host, base_path: url.path().trim_end_matches('/').to_owned() })
    }

    /// The HTTP request of a signed wire. Refuses a header value with a line break or
    /// another control character (it would end the header and start another one the
    /// signature does not cover), and a URL whose path the parser would change (the request
    /// would go to another route than the one signed).
    fn request(&self, operation: &'static str, wire: Wire) -> Result<reqwest::Request, Error> {
        let build = |message: String| Error::Build { operation, message };
        let method = reqwest::Method::from_bytes(wire.method.as_bytes())
            .map_err(|_| build(format!("invalid HTTP method {:?}", wire.method)))?;
        let separator = if wire.query.is_empty() { "" } else { "?" };
        let url = reqwest::Url::parse(&format!("{}{}{separator}{}", self.origin, wire.path, wire.query))
            .map_err(|e| build(format!("invalid request URL: {e}")))?;
        if url.path() != wire.path {
            return Err(build(format!(
                "the request path {:?} would be sent as {:?}, not as signed",
                wire.path,
                url.path()
            )));
        }
        let mut request = reqwest::Request::new(method, url);
        for (name, value) in wire.headers {
            let header_name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| build(format!("invalid header name {name:?}")))?;
            // The value is not quoted: it may be a token.
            if value.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
                return Err(build(format!(
                    "the value of header {name} contains a line break or another control character"
                )));
            }
            let header_value = reqwest::header::HeaderValue::from_str(&value)
                .map_err(|_| build(format!("the value of header {name} is not valid in HTTP")))?;
            request.headers_mut().append(header_name, header_value);
        }
        if !wire.body.is_empty() {
            *request.body_mut() = Some(wire.body.into());
        }
        Ok(request)
    }
}

/// Maps an answer to the output, or to the error it reports.
#[cfg(all(test, feature = "aliyun-ecs", feature = "jdcloud-vm"))]
fn interpret<O: DeserializeOwned + Send>(
    protocol: &dyn Protocol,
    op: &Operation,
    answer: Answer,
    token: Option<&str>,
) -> Result<O, Error> {
    let mut output = None;
    interpret_with(protocol, op, answer, token, &mut |body: &[u8]| {
        output = Some(decode::<O>(body)?);
        Ok(())
    })?;
    Ok(output.expect("decoded"))
}

/// Maps an answer to the error it reports, or hands a successful body to `decode`.
fn interpret_with(
    protocol: &dyn Protocol,
    op: &Operation,
    answer: Answer,
    token: Option<&str>,
    decode: &mut Decode<'_>,
) -> Result<(), Error> {
    if !(200..300).contains(&answer.status) {
        return Err(error_answer(protocol, op, &answer, token));
    }
    decode(&answer.body).map_err(|message| Error::Deserialize {
        operation: op.name,
        status: answer.status,
        message,
        snippet: String::new(),
    })
}

/// Deserializes a whole successful body into `O`; the error says where and why, without
/// quoting the body.
pub fn decode<O: DeserializeOwned>(body: &[u8]) -> Result<O, String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let output = serde_path_to_error::deserialize(&mut de).map_err(|e| describe_path_error(&e))?;
    de.end().map_err(|e| describe_json_error(&e))?;
    Ok(output)
}

/// Where and why a successful body could not be read, without quoting it.
fn describe_path_error(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = e.path().to_string();
    let why = describe_json_error(e.inner());
    if path == "." {
        why
    } else {
        format!("at {path}: {why}")
    }
}

/// serde_json's message without the values it quotes (`invalid type: string "…", expected
/// u32` becomes `invalid type: string, expected u32`): a body may hold a password or a key.
fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let location = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&location).unwrap_or(&text);
    let message = match message.find(", expected ") {
        Some(i)
            if ["invalid type", "invalid value", "unknown variant", "unknown field"]
                .iter()
                .any(|k| message.starts_with(k)) =>
        {
            // "invalid type: string \"…\"" → "invalid type: string"; "unknown variant `…`" → "unknown variant".
            let what = &message[..i];
            let kept = what.find(['"', '`', '\'']).map_or(what, |q| &what[..q]);
            format!("{}{}", kept.trim_end(), &message[i..])
        }
        _ => message.to_owned(),
    };
    if e.line() == 0 {
        message
    } else {
        format!("{message} (line {}, column {})", e.line(), e.column())
    }
}

/// The service error an error answer carries, or [`Error::Deserialize`] when its body is
/// not the vendor's error format.
fn error_answer(protocol: &dyn Protocol, op: &Operation, answer: &Answer, token: Option<&str>) -> Error {
    let unreadable = |message: String| Error::Deserialize {
        operation: op.name,
        status: answer.status,
        message,
        snippet: redact(&snippet(&answer.body), token),
    };
    let body: Value = match serde_json::from_slice(&answer.body) {
        Ok(body) => body,
        Err(_) if answer.body.iter().all(u8::is_ascii_whitespace) => {
            return unreadable("the error answer has an empty body".into())
        }
        Err(e) => return unreadable(format!("the error answer is not JSON: {e}")),
    };
    let Some(fields) = protocol.error_fields(&body) else {
        return unreadable("the error answer has no error code".into());
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

/// The server's retry hint: Alibaba's `x-acs-retry-after` (milliseconds, > 0), else the
/// standard `Retry-After`, in whole seconds or as an HTTP date (how long from `now`; a date
/// in the past is no wait).
fn retry_after(headers: &reqwest::header::HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    if let Some(ms) = text("x-acs-retry-after").and_then(|v| v.parse::<u64>().ok()).filter(|ms| *ms > 0) {
        return Some(Duration::from_millis(ms));
    }
    let value = text("retry-after")?;
    match value.parse::<u64>() {
        Ok(seconds) => Some(Duration::from_secs(seconds)),
        Err(_) => httpdate::parse_http_date(value).ok().map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)),
    }
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
    use crate::runtime::protocol::{AliyunRpc, JdcloudRest};

    // The generated service descriptions, so these tests follow the specs.
    use crate::services::aliyun::ecs::SERVICE as ECS;
    use crate::services::jdcloud::vm::SERVICE as VM;

    static DESCRIBE: Operation = Operation {
        service: &ECS,
        name: "DescribeImages",
        method: "POST",
        path: "/",
        required: &["RegionId", "ImageId"],
        idempotent: true,
        idempotency_token: None,
        region: true,
    };
    static CREATE: Operation = Operation {
        service: &ECS,
        name: "CreateHpcCluster",
        method: "POST",
        path: "/",
        required: &["RegionId"],
        idempotent: false,
        idempotency_token: Some(Token::Query("ClientToken")),
        region: true,
    };
    static CONSTRAINTS: Operation = Operation {
        service: &VM,
        name: "describeImageConstraints",
        method: "GET",
        path: "/v1/regions/{regionId}/images/{imageId}/constraints",
        required: &["regionId", "imageId"],
        idempotent: true,
        idempotency_token: None,
        region: true,
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
    fn an_operation_without_the_region_parameter_gets_none() {
        // ModifyInstanceAttribute documents no RegionId: the service would refuse one.
        static MODIFY: Operation =
            Operation { name: "ModifyInstanceAttribute", required: &[], region: false, ..CREATE };
        let p = prepare_params(&MODIFY, Params::new(), Some("cn-x")).unwrap();
        assert!(!p.has("RegionId"), "{p:?}");
    }

    #[test]
    fn an_idempotency_token_is_filled_once_unless_set() {
        let p = prepare_params(&CREATE, Params::new(), Some("cn-x")).unwrap();
        let token = &p.query().iter().find(|(n, _)| n == "ClientToken").expect("a token").1;
        assert!(uuid::Uuid::parse_str(token).is_ok(), "{token}");
        let mut params = Params::new();
        params.simple("ClientToken", &Some("mine".to_owned()));
        let p = prepare_params(&CREATE, params, Some("cn-x")).unwrap();
        let tokens: Vec<_> = p.query().iter().filter(|(n, _)| n == "ClientToken").collect();
        assert_eq!(tokens, [&("ClientToken".to_owned(), "mine".to_owned())]);
        let p = prepare_params(&DESCRIBE, Params::new(), None).unwrap_err();
        assert!(matches!(p, Error::Build { .. }));
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
    fn endpoints_are_split_for_signing() {
        let e = Endpoint::parse("http://127.0.0.1:9000").unwrap();
        assert_eq!(
            (e.origin.as_str(), e.host.as_str(), e.base_path.as_str()),
            ("http://127.0.0.1:9000", "127.0.0.1:9000", "")
        );
        let e = Endpoint::parse("https://ecs.aliyuncs.com:443/prefix/").unwrap();
        assert_eq!((e.host.as_str(), e.base_path.as_str()), ("ecs.aliyuncs.com", "/prefix"));
        let e = Endpoint::parse("http://[::1]:8080").unwrap();
        assert_eq!(e.host, "[::1]:8080");
        assert_eq!(Endpoint::parse("127.0.0.1:9000").unwrap_err(), "is not an absolute URL");
        assert_eq!(Endpoint::parse("localhost:9000").unwrap_err(), "is not an http or https URL");
        assert_eq!(Endpoint::parse("http://h/?a=1").unwrap_err(), "must not have a query or a fragment");
        assert_eq!(Endpoint::parse("http://u:p@h/").unwrap_err(), "must not carry a user name or password");
    }

    #[test]
    fn every_resolved_endpoint_is_a_plain_host() {
        for (region, host) in ECS.endpoint_regions.iter().chain([&("cn-shanghai", "ecs.cn-shanghai.aliyuncs.com")]) {
            let e = Endpoint::resolve(&DESCRIBE, Some(region), None).unwrap();
            assert_eq!((e.host.as_str(), e.base_path.as_str()), (*host, ""), "{region}");
        }
        let e = Endpoint::resolve(&CONSTRAINTS, Some("cn-north-1"), None).unwrap();
        assert_eq!(e.origin, "https://vm.jdcloud-api.com");
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
    fn headers_with_line_breaks_and_rerouted_paths_are_refused() {
        let endpoint = Endpoint::parse("http://127.0.0.1:9").unwrap();
        let wire = |path: &str, header: &str| Wire {
            method: "GET",
            path: path.to_owned(),
            query: String::new(),
            headers: vec![("user-agent".to_owned(), header.to_owned())],
            body: Vec::new(),
        };
        for bad in ["a\r\nx-evil: 1", "a\nb", "a\rb", "a\0b"] {
            let e = endpoint.request("Op", wire("/", bad)).unwrap_err();
            assert_eq!(
                build_message(e),
                "the value of header user-agent contains a line break or another control character"
            );
        }
        assert!(endpoint.request("Op", wire("/", "tab\tok")).is_ok());
        let e = endpoint.request("Op", wire("/v1/a/../b", "ua")).unwrap_err();
        assert_eq!(build_message(e), "the request path \"/v1/a/../b\" would be sent as \"/v1/b\", not as signed");
        let e = endpoint.request("Op", wire("/v1/%2e%2e/b", "ua")).unwrap_err();
        assert!(build_message(e).starts_with("the request path \"/v1/%2e%2e/b\" would be sent as"));
    }

    #[test]
    fn error_bodies_become_service_errors() {
        let body = r#"{"RequestId":"R","HostId":"H","Code":"InvalidRegionId.NotFound","Message":"M","Recommend":"L"}"#;
        let Error::Service(e) = error_answer(&AliyunRpc, &DESCRIBE, &answer(400, body), None) else { panic!() };
        assert_eq!(
            (e.code(), e.message(), e.request_id(), e.status()),
            ("InvalidRegionId.NotFound", "M", Some("R"), 400)
        );
        assert_eq!((e.host_id(), e.recommend(), e.operation()), (Some("H"), Some("L"), "DescribeImages"));
        let mut no_id = answer(500, r#"{"error":{"code":500,"message":"boom"}}"#);
        no_id.request_id = Some("hdr".into());
        let Error::Service(e) = error_answer(&JdcloudRest, &CONSTRAINTS, &no_id, None) else { panic!() };
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
            match error_answer(&AliyunRpc, &DESCRIBE, &answer(502, body), None) {
                Error::Deserialize { status: 502, message, snippet, .. } => {
                    assert_eq!(message, why);
                    assert_eq!(snippet, body);
                }
                other => panic!("{other:?}"),
            }
        }
        let redirect = interpret::<Value>(&AliyunRpc, &DESCRIBE, answer(302, "<html>moved</html>"), None).unwrap_err();
        assert!(matches!(redirect, Error::Deserialize { status: 302, .. }), "{redirect:?}");
    }

    #[test]
    fn success_bodies_say_where_they_broke_without_quoting_them() {
        let ok: Value = interpret(&AliyunRpc, &DESCRIBE, answer(200, r#"{"a":1}"#), None).unwrap();
        assert_eq!(ok["a"], 1);
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Out {
            items: Vec<u32>,
        }
        let secret = "-----BEGIN PRIVATE KEY-----";
        let body = format!(r#"{{"items":[1,"{secret}"]}}"#);
        match interpret::<Out>(&AliyunRpc, &DESCRIBE, answer(200, &body), None).unwrap_err() {
            e @ Error::Deserialize { .. } => {
                let Error::Deserialize { ref message, status: 200, ref snippet, .. } = e else { unreachable!() };
                assert_eq!(message, "at items[1]: invalid type: string, expected u32 (line 1, column 41)");
                assert_eq!(snippet, "");
                assert!(!e.to_string().contains(secret) && !format!("{e:?}").contains(secret), "{e}");
            }
            other => panic!("{other:?}"),
        }
        match interpret::<Value>(&AliyunRpc, &DESCRIBE, answer(200, r#"{"a":1} trailing"#), None).unwrap_err() {
            Error::Deserialize { message, snippet, .. } => {
                assert_eq!(message, "trailing characters (line 1, column 9)");
                assert_eq!(snippet, "");
            }
            other => panic!("{other:?}"),
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Kind {
            A,
        }
        match interpret::<Vec<Kind>>(&AliyunRpc, &DESCRIBE, answer(200, r#"["hunter2"]"#), None).unwrap_err() {
            Error::Deserialize { message, .. } => {
                assert_eq!(message, "at [0]: unknown variant, expected `A` (line 1, column 10)")
            }
            other => panic!("{other:?}"),
        }
        match interpret::<Out>(&AliyunRpc, &DESCRIBE, answer(200, "<html>secret page</html>"), None).unwrap_err() {
            e @ Error::Deserialize { .. } => assert!(!e.to_string().contains("secret page"), "{e}"),
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
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        let mut h = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&h, now), None);
        h.insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(3)));
        h.insert("x-acs-retry-after", "1500".parse().unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_millis(1500)));
        h.insert("x-acs-retry-after", "0".parse().unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(3)));
        h.insert("retry-after", "Wed, 21 Oct 2015 07:28:07 GMT".parse().unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));
        h.insert("retry-after", "Wed, 21 Oct 2015 07:27:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::ZERO));
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h, now), None);
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
