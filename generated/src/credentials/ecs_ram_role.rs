//! Credentials of the ECS instance RAM role, from the instance metadata service.

use super::{credentials_error, Credentials, Env, Lookup, ProvideCredentials, Source, IMDSV1_DISABLED_VAR};
use crate::Error;
use futures::future::BoxFuture;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tracing::debug;

/// The metadata service of every ECS instance.
pub(crate) const DEFAULT_ENDPOINT: &str = "http://100.100.100.200";
const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
/// Seconds a metadata token lives, as the official library asks.
const TOKEN_TTL_SECONDS: &str = "21600";
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(1);
/// The metadata service's answers are a few hundred bytes; anything this large is wrong.
const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// A role name goes into the path as one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The temporary credentials of the RAM role attached to the ECS instance this program runs
/// on, from the instance metadata service, as the official Alibaba Cloud credentials library
/// gets them.
///
/// Each lookup:
/// 1. asks for a metadata token (`PUT /latest/api/token`, hardened mode, IMDSv2) and sends
///    it with the next requests; if that fails, continues without a token (IMDSv1) unless
///    [`imds_v1_disabled`](EcsRamRoleProviderBuilder::imds_v1_disabled) or
///    `ALIBABA_CLOUD_IMDSV1_DISABLED=true` forbids it;
/// 2. without a [`role_name`](EcsRamRoleProviderBuilder::role_name), asks for the
///    instance's role (`GET /latest/meta-data/ram/security-credentials/`);
/// 3. gets the role's credentials (`GET /latest/meta-data/ram/security-credentials/<role>`),
///    with their expiration; they are refreshed before they expire.
///
/// Every failure (unreachable service, an HTTP status other than 200, a `Code` other than
/// `Success`, a missing field) is an [`Error::Credentials`] that never quotes a secret.
/// Requests time out after 1 s to connect and 1 s to read by default, follow no redirect
/// and use no proxy.
///
/// ```no_run
/// # async fn demo() -> Result<(), cloudsdk::Error> {
/// use cloudsdk::credentials::{EcsRamRoleProvider, ProvideCredentials};
/// let provider = EcsRamRoleProvider::builder().role_name("my-app").build();
/// let credentials = provider.provide_credentials().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct EcsRamRoleProvider {
    settings: Arc<Settings>,
    role_name: Option<String>,
}

/// What the role does not change; shared by clones, with one HTTP client.
struct Settings {
    endpoint: String,
    imds_v1_disabled: bool,
    connect_timeout: Duration,
    read_timeout: Duration,
    http: OnceLock<reqwest::Client>,
}

impl fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        f.debug_struct("EcsRamRoleProvider")
            .field("endpoint", &s.endpoint)
            .field("role_name", &self.role_name)
            .field("imds_v1_disabled", &s.imds_v1_disabled)
            .field("connect_timeout", &s.connect_timeout)
            .field("read_timeout", &s.read_timeout)
            .finish()
    }
}

/// Settings of an [`EcsRamRoleProvider`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct EcsRamRoleProviderBuilder {
    endpoint: Option<String>,
    role_name: Option<String>,
    imds_v1_disabled: Option<bool>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    env: Env,
}

impl EcsRamRoleProviderBuilder {
    /// The metadata service's base URL (default `http://100.100.100.200`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The RAM role; without it, the instance's role is asked for at each lookup.
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.role_name = Some(name.into()).filter(|n| !n.is_empty());
        self
    }

    /// When `true`, a failed token request is an error instead of a fallback to requests
    /// without a token. Default: whether `ALIBABA_CLOUD_IMDSV1_DISABLED` is `true`.
    pub fn imds_v1_disabled(mut self, disabled: bool) -> Self {
        self.imds_v1_disabled = Some(disabled);
        self
    }

    /// The time allowed to connect (default 1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The time allowed to read an answer once connected (default 1 s).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Reads environment variables from `env`.
    pub(crate) fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The provider.
    pub fn build(self) -> EcsRamRoleProvider {
        let endpoint = self.endpoint.unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        EcsRamRoleProvider {
            settings: Arc::new(Settings {
                endpoint: endpoint.trim_end_matches('/').to_owned(),
                imds_v1_disabled: self.imds_v1_disabled.unwrap_or_else(|| self.env.flag(IMDSV1_DISABLED_VAR)),
                connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
                read_timeout: self.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT),
                http: OnceLock::new(),
            }),
            role_name: self.role_name,
        }
    }
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EcsRamRoleProvider {
    /// The defaults: the metadata service at `http://100.100.100.200`, the instance's role.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Settings to change.
    pub fn builder() -> EcsRamRoleProviderBuilder {
        EcsRamRoleProviderBuilder::default()
    }

    /// The same service, another role (sharing the HTTP client).
    pub(crate) fn with_role_name(mut self, role: String) -> Self {
        self.role_name = Some(role).filter(|r| !r.is_empty());
        self
    }

    fn client(&self) -> Result<&reqwest::Client, Error> {
        if let Some(http) = self.settings.http.get() {
            return Ok(http);
        }
        let s = &self.settings;
        let http = reqwest::Client::builder()
            .connect_timeout(s.connect_timeout)
            .read_timeout(s.read_timeout)
            .timeout(s.connect_timeout + s.read_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| credentials_error(format!("cannot set up HTTP for the ECS instance metadata service: {e}")))?;
        Ok(self.settings.http.get_or_init(|| http))
    }

    /// The role's credentials, fetched now.
    pub(crate) async fn fetch(&self) -> Result<Credentials, Error> {
        let http = self.client()?;
        let endpoint = &self.settings.endpoint;
        let token = self.metadata_token(http).await?;
        let role = match &self.role_name {
            Some(role) => role.clone(),
            None => self.discover_role(http, token.as_deref()).await?,
        };
        if role == "." || role == ".." {
            return Err(credentials_error(format!("{role:?} is not a RAM role name")));
        }
        let failed = |what: String| {
            credentials_error(format!(
                "cannot get the credentials of RAM role {role:?} from the ECS instance metadata service at \
                 {endpoint}: {what}"
            ))
        };
        let path = format!("{CREDENTIALS_PATH}{}", utf8_percent_encode(&role, SEGMENT));
        let (status, body) = self.get(http, &path, token.as_deref()).await.map_err(&failed)?;
        if status != 200 {
            return Err(failed(format!("HTTP {status}")));
        }
        parse_credentials(&body).map_err(failed)
    }

    /// A metadata token, or `None` to go on without one (IMDSv1).
    async fn metadata_token(&self, http: &reqwest::Client) -> Result<Option<String>, Error> {
        let url = format!("{}{TOKEN_PATH}", self.settings.endpoint);
        let request = http.put(url).header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS).header("content-length", "0");
        let why = match exchange(request).await {
            Ok((200, body)) => match String::from_utf8(body) {
                Ok(token) if !token.trim().is_empty() => return Ok(Some(token.trim().to_owned())),
                _ => "an empty or unreadable token".to_owned(),
            },
            Ok((status, _)) => format!("HTTP {status}"),
            Err(e) => e,
        };
        if self.settings.imds_v1_disabled {
            return Err(credentials_error(format!(
                "cannot get a metadata token from the ECS instance metadata service at {} ({why}), and requests \
                 without one (IMDSv1) are disabled",
                self.settings.endpoint
            )));
        }
        debug!(reason = %why, "no ECS metadata token; continuing without one (IMDSv1)");
        Ok(None)
    }

    /// The instance's RAM role: the first line of the listing.
    async fn discover_role(&self, http: &reqwest::Client, token: Option<&str>) -> Result<String, Error> {
        let endpoint = &self.settings.endpoint;
        let failed = |what: String| {
            credentials_error(format!(
                "cannot get the RAM role name from the ECS instance metadata service at {endpoint}: {what}"
            ))
        };
        let (status, body) = self.get(http, CREDENTIALS_PATH, token).await.map_err(failed)?;
        match status {
            200 => {}
            404 => return Err(failed("HTTP 404: is a RAM role attached to the instance?".to_owned())),
            status => return Err(failed(format!("HTTP {status}"))),
        }
        let text = String::from_utf8_lossy(&body);
        match text.lines().map(str::trim).find(|line| !line.is_empty()) {
            Some(role) => Ok(role.to_owned()),
            None => Err(failed("no RAM role is attached to the instance".to_owned())),
        }
    }

    async fn get(&self, http: &reqwest::Client, path: &str, token: Option<&str>) -> Result<(u16, Vec<u8>), String> {
        let mut request = http.get(format!("{}{path}", self.settings.endpoint));
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token);
        }
        exchange(request).await
    }
}

/// Sends `request` and reads at most [`MAX_ANSWER_BYTES`] of the answer. The error says
/// what failed, without the URL's query (there is none) or any header.
async fn exchange(request: reqwest::RequestBuilder) -> Result<(u16, Vec<u8>), String> {
    let mut response = request.send().await.map_err(describe)?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(describe)? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(format!("the answer is larger than {MAX_ANSWER_BYTES} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, body))
}

/// A transport error and its causes, in words.
fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        return "no answer in time".to_owned();
    }
    let mut causes = String::new();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        causes.push_str(": ");
        causes.push_str(&cause.to_string());
        source = cause.source();
    }
    format!("{}{causes}", e.without_url())
}

/// The credentials in the service's answer. Messages never quote the answer: only the
/// position of a syntax error, and the names of missing fields.
fn parse_credentials(body: &[u8]) -> Result<Credentials, String> {
    let doc: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| format!("the answer is not valid JSON (line {}, column {})", e.line(), e.column()))?;
    let field = |key: &str| doc.get(key).and_then(|v| v.as_str()).filter(|v| !v.is_empty());
    match field("Code") {
        Some("Success") => {}
        Some(code) => return Err(format!("the service answered Code {:?}", code.chars().take(64).collect::<String>())),
        None => return Err("the answer has no Code".to_owned()),
    }
    let required = |key: &str| field(key).ok_or_else(|| format!("the answer has no {key}"));
    let (id, secret, token) = (required("AccessKeyId")?, required("AccessKeySecret")?, required("SecurityToken")?);
    let expiration = required("Expiration")?;
    let expiration = time::OffsetDateTime::parse(expiration, &time::format_description::well_known::Rfc3339)
        .map_err(|_| format!("its Expiration {expiration:?} is not an RFC 3339 time"))?;
    Ok(Credentials::new(id, secret).with_security_token(token).with_expiration(expiration.into()))
}

impl Source for EcsRamRoleProvider {
    fn lookup(&self) -> BoxFuture<'_, Result<Lookup, Error>> {
        Box::pin(async { self.fetch().await.map(Lookup::Found) })
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{imds_credentials, message, Imds, Seen, SECRET, STS_TOKEN, TOKEN};
    use std::time::SystemTime;

    fn provider(imds: &Imds) -> EcsRamRoleProviderBuilder {
        EcsRamRoleProvider::builder().endpoint(&imds.url).env(Env::fixed(&[]))
    }

    fn lines(seen: &[Seen]) -> Vec<String> {
        seen.iter()
            .map(|r| format!("{} {} token={}", r.method, r.path, r.header(TOKEN_HEADER).unwrap_or("-")))
            .collect()
    }

    /// Fails unless no text shown contains a secret or the metadata token.
    fn assert_clean(texts: &[String]) {
        for text in texts {
            for secret in [SECRET, STS_TOKEN, TOKEN] {
                assert!(!text.contains(secret), "{text}");
            }
        }
    }

    #[tokio::test]
    async fn token_mode_discovers_the_role() {
        let imds = Imds::start(Imds::instance("app-role", imds_credentials("2026-12-01T12:00:00Z"))).await;
        let p = provider(&imds).build();
        let c = p.provide_credentials().await.unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret(), c.security_token()),
            ("STS.ID-FROM-IMDS", SECRET, Some(STS_TOKEN))
        );
        assert_eq!(c.expiration(), Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_126_400)));
        let seen = imds.requests();
        assert_eq!(
            lines(&seen),
            [
                "PUT /latest/api/token token=-".to_owned(),
                format!("GET /latest/meta-data/ram/security-credentials/ token={TOKEN}"),
                format!("GET /latest/meta-data/ram/security-credentials/app-role token={TOKEN}"),
            ]
        );
        assert_eq!(seen[0].header("x-aliyun-ecs-metadata-token-ttl-seconds"), Some("21600"));
        assert_clean(&[format!("{p:?}"), format!("{c:?}")]);
    }

    #[tokio::test]
    async fn an_explicit_role_is_not_discovered_and_is_encoded() {
        let imds = Imds::start(Imds::instance("app-role", imds_credentials("2026-12-01T12:00:00Z"))).await;
        provider(&imds).role_name("app-role").build().provide_credentials().await.unwrap();
        assert_eq!(
            lines(&imds.requests()),
            [
                "PUT /latest/api/token token=-".to_owned(),
                format!("GET /latest/meta-data/ram/security-credentials/app-role token={TOKEN}")
            ]
        );
        let e = provider(&imds).role_name("a/../b c").build().provide_credentials().await.unwrap_err();
        assert!(message(e).ends_with(": HTTP 404"));
        assert_eq!(imds.requests()[3].path, "/latest/meta-data/ram/security-credentials/a%2F..%2Fb%20c");
        let e = provider(&imds).role_name("..").build().provide_credentials().await.unwrap_err();
        assert_eq!(message(e), "\"..\" is not a RAM role name");
    }

    #[tokio::test]
    async fn a_failed_token_request_falls_back_to_imds_v1() {
        for status in [404, 403, 500] {
            let routes = Imds::instance("app-role", imds_credentials("2026-12-01T12:00:00Z"));
            let imds =
                Imds::start(move |r: &Seen| if r.method == "PUT" { (status, String::new()) } else { routes(r) }).await;
            let c = provider(&imds).build().provide_credentials().await.unwrap();
            assert_eq!(c.access_key_secret(), SECRET);
            assert_eq!(
                lines(&imds.requests()),
                [
                    "PUT /latest/api/token token=-",
                    "GET /latest/meta-data/ram/security-credentials/ token=-",
                    "GET /latest/meta-data/ram/security-credentials/app-role token=-"
                ]
            );
        }
    }

    #[tokio::test]
    async fn imds_v1_can_be_disabled_by_the_builder_or_the_environment() {
        let imds = Imds::start(|r: &Seen| match r.method.as_str() {
            "PUT" => (403, String::new()),
            _ => (200, "app-role".to_owned()),
        })
        .await;
        let expected = format!(
            "cannot get a metadata token from the ECS instance metadata service at {} (HTTP 403), and requests \
             without one (IMDSv1) are disabled",
            imds.url
        );
        let e = provider(&imds).imds_v1_disabled(true).build().provide_credentials().await.unwrap_err();
        assert_eq!(message(e), expected);
        let from_env =
            EcsRamRoleProvider::builder().endpoint(&imds.url).env(Env::fixed(&[(IMDSV1_DISABLED_VAR, "true")]));
        let e = from_env.clone().build().provide_credentials().await.unwrap_err();
        assert_eq!(message(e), expected);
        assert_eq!(lines(&imds.requests()), ["PUT /latest/api/token token=-", "PUT /latest/api/token token=-"]);
        // The builder's choice wins over the variable.
        let e = from_env.imds_v1_disabled(false).build().provide_credentials().await.unwrap_err();
        assert!(message(e).contains("the answer is not valid JSON"));
    }

    #[tokio::test]
    async fn a_token_request_that_cannot_connect_is_explained_when_v1_is_disabled() {
        let url = crate::credentials::test_support::closed_port_url().await;
        let p = EcsRamRoleProvider::builder().endpoint(&url).imds_v1_disabled(true).env(Env::fixed(&[])).build();
        let e = message(p.provide_credentials().await.unwrap_err());
        assert!(
            e.starts_with(&format!("cannot get a metadata token from the ECS instance metadata service at {url} (")),
            "{e}"
        );
        let p = EcsRamRoleProvider::builder().endpoint(&url).env(Env::fixed(&[])).build();
        let e = message(p.provide_credentials().await.unwrap_err());
        assert!(
            e.starts_with(&format!("cannot get the RAM role name from the ECS instance metadata service at {url}: ")),
            "{e}"
        );
    }

    #[tokio::test]
    async fn role_discovery_failures() {
        let imds = Imds::start(|r: &Seen| match r.method.as_str() {
            "PUT" => (200, TOKEN.to_owned()),
            _ if r.header(TOKEN_HEADER) == Some("empty") => (200, "\n\n".to_owned()),
            _ => (404, String::new()),
        })
        .await;
        let e = provider(&imds).build().provide_credentials().await.unwrap_err();
        assert_eq!(
            message(e),
            format!(
                "cannot get the RAM role name from the ECS instance metadata service at {}: HTTP 404: is a RAM role \
                 attached to the instance?",
                imds.url
            )
        );
        let imds = Imds::start(|r: &Seen| match r.method.as_str() {
            "PUT" => (200, TOKEN.to_owned()),
            _ => (200, " \n".to_owned()),
        })
        .await;
        let e = provider(&imds).build().provide_credentials().await.unwrap_err();
        assert_eq!(
            message(e),
            format!(
                "cannot get the RAM role name from the ECS instance metadata service at {}: no RAM role is attached \
                 to the instance",
                imds.url
            )
        );
    }

    /// The answer to the credentials request is `body` with `status`; the error message.
    async fn failure(status: u16, body: String) -> (String, String) {
        let imds = Imds::start(move |r: &Seen| match r.method.as_str() {
            "PUT" => (200, TOKEN.to_owned()),
            _ => (status, body.clone()),
        })
        .await;
        let p = provider(&imds).role_name("app-role").build();
        let e = p.provide_credentials().await.unwrap_err();
        let shown = [format!("{e}"), format!("{e:?}"), format!("{p:?}")];
        assert_clean(&shown);
        let prefix = format!(
            "cannot get the credentials of RAM role \"app-role\" from the ECS instance metadata service at {}: ",
            imds.url
        );
        let m = message(e);
        assert!(m.starts_with(&prefix), "{m}");
        (m[prefix.len()..].to_owned(), imds.url.clone())
    }

    #[tokio::test]
    async fn credential_answers_that_are_not_success() {
        let body = imds_credentials("2026-12-01T12:00:00Z");
        assert_eq!(failure(500, body.clone()).await.0, "HTTP 500");
        assert_eq!(failure(404, String::new()).await.0, "HTTP 404");
        let code = body.replace("\"Success\"", "\"Failed\"");
        assert_eq!(failure(200, code).await.0, "the service answered Code \"Failed\"");
        let no_code = body.replace("\"Code\"", "\"Status\"");
        assert_eq!(failure(200, no_code).await.0, "the answer has no Code");
        let truncated = body[..body.find(STS_TOKEN).unwrap() + 4].to_owned();
        assert!(failure(200, truncated).await.0.starts_with("the answer is not valid JSON (line 1, column "));
        assert_eq!(failure(200, "<html>".to_owned()).await.0, "the answer is not valid JSON (line 1, column 1)");
        for field in ["AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"] {
            let missing = body.replace(&format!("\"{field}\""), "\"Other\"");
            assert_eq!(failure(200, missing).await.0, format!("the answer has no {field}"));
        }
        let wrong_type = body.replace(&format!("\"{SECRET}\""), "12");
        assert_eq!(failure(200, wrong_type).await.0, "the answer has no AccessKeySecret");
        let bad_time = imds_credentials("tomorrow");
        assert_eq!(failure(200, bad_time).await.0, "its Expiration \"tomorrow\" is not an RFC 3339 time");
        let huge = format!("{{\"Code\":\"Success\",\"Pad\":\"{}\"}}", "x".repeat(MAX_ANSWER_BYTES));
        assert_eq!(failure(200, huge).await.0, "the answer is larger than 65536 bytes");
    }

    #[tokio::test]
    async fn a_silent_service_times_out() {
        let imds = Imds::start(|_: &Seen| (200, TOKEN.to_owned())).await.with_delay(Duration::from_secs(5));
        let p = provider(&imds).read_timeout(Duration::from_millis(200)).role_name("r").build();
        let started = std::time::Instant::now();
        let e = message(p.provide_credentials().await.unwrap_err());
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        assert!(e.ends_with(": no answer in time"), "{e}");
    }

    #[test]
    fn the_default_endpoint_and_debug() {
        let p = EcsRamRoleProvider::builder().env(Env::fixed(&[])).build();
        assert_eq!(
            format!("{p:?}"),
            "EcsRamRoleProvider { endpoint: \"http://100.100.100.200\", role_name: None, imds_v1_disabled: false, \
             connect_timeout: 1s, read_timeout: 1s }"
        );
        let p = EcsRamRoleProvider::builder().endpoint("http://127.0.0.1:1/").role_name("").build();
        assert_eq!((p.settings.endpoint.as_str(), p.role_name.as_deref()), ("http://127.0.0.1:1", None));
    }
}
