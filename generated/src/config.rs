//! Client configuration shared by every service.

use crate::credentials::{CredentialsCache, ProvideCredentials};
use crate::runtime::protocol::Protocol;
use crate::{Credentials, Error};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The default of [`ConfigBuilder::max_response_bytes`]: 16 MiB, some forty times the largest
/// documented answer (a 100-instance `DescribeInstances` page is about 400 KB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// Which signature Alibaba Cloud requests carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AliyunSignature {
    /// ACS3-HMAC-SHA256, the default of the current official SDKs.
    #[default]
    V3,
    /// The RPC signature V1: HMAC-SHA1, `SignatureVersion=1.0`, every parameter in the query.
    V1,
}

/// Which signature JD Cloud requests carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum JdcloudSignature {
    /// JDCLOUD2-HMAC-SHA256 (the default).
    #[default]
    V2,
    /// JDCLOUD3-HMAC-SHA256.
    V3,
}

/// Settings for every client made from it. Build one with [`Config::builder`].
///
/// Clients made from one `Config` (or its clones) share one HTTP connection pool. `Debug`
/// never prints a secret.
#[derive(Clone)]
#[non_exhaustive]
pub struct Config {
    pub(crate) credentials: Option<Credentials>,
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) max_attempts: u32,
    pub(crate) retry_base_delay: Duration,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) max_response_bytes: u64,
    pub(crate) aliyun_signature: Option<AliyunSignature>,
    pub(crate) jdcloud_signature: Option<JdcloudSignature>,
    pub(crate) user_agent: String,
    pub(crate) shared: Arc<Shared>,
}

/// What the clients of one `Config` share: the connection pool (made on first use, or the
/// one handed in with [`ConfigBuilder::http_client`]) and the credentials caches (one for
/// the provider handed in with [`ConfigBuilder::credentials_provider`], else one per
/// protocol's default chain, made on first use).
#[derive(Default)]
pub(crate) struct Shared {
    given_http: Option<reqwest::Client>,
    http: OnceLock<Result<reqwest::Client, Arc<reqwest::Error>>>,
    given_credentials: Option<Arc<CredentialsCache>>,
    default_credentials: Mutex<Vec<(&'static str, Arc<CredentialsCache>)>>,
}

impl Shared {
    /// The credentials a request of `protocol` is signed with: the explicit ones of the
    /// `Config`, else those of its provider, else those of the protocol's default chain,
    /// cached and refreshed before they expire.
    pub(crate) async fn credentials(&self, config: &Config, protocol: &dyn Protocol) -> Result<Credentials, Error> {
        if let Some(explicit) = &config.credentials {
            return Ok(explicit.clone());
        }
        let cache = match &self.given_credentials {
            Some(cache) => Arc::clone(cache),
            None => {
                let mut caches = self.default_credentials.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                match caches.iter().find(|(name, _)| *name == protocol.name()) {
                    Some((_, cache)) => Arc::clone(cache),
                    None => {
                        let cache = Arc::new(CredentialsCache::new(protocol.default_credentials()));
                        caches.push((protocol.name(), Arc::clone(&cache)));
                        cache
                    }
                }
            }
        };
        cache.get().await
    }

    /// The connection pool: rustls, `Config::connect_timeout`, and no redirects (a signed
    /// request must not be replayed elsewhere).
    pub(crate) fn http(&self, config: &Config, operation: &'static str) -> Result<reqwest::Client, Error> {
        if let Some(client) = &self.given_http {
            return Ok(client.clone());
        }
        let made = self.http.get_or_init(|| {
            reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(Arc::new)
        });
        made.clone().map_err(|e| Error::Transport {
            operation,
            message: format!("cannot create the HTTP client: {e}"),
            source: Some(Box::new(e)),
        })
    }
}

impl Config {
    /// A builder with the defaults: no explicit credentials (resolved from the environment
    /// when a request is sent), no region, 3 attempts, 100 ms backoff base, 10 s per
    /// attempt, 3 s to connect, no overall limit, answers up to 16 MiB, and each service's
    /// default signature (Alibaba V3, JD Cloud V2).
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder { config: Config::default(), http_client: None, credentials_provider: None }
    }

    /// The explicit credentials, if any.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// The default region.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint that overrides endpoint resolution, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Total attempts per request, the first included (at least 1).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Base of the exponential backoff between attempts.
    pub fn retry_base_delay(&self) -> Duration {
        self.retry_base_delay
    }

    /// Time limit of one attempt.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Time limit of connecting (TCP and TLS) in one attempt.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Time limit of a whole call: every attempt and every wait between attempts.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The largest answer body read, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// The Alibaba Cloud signature version, if chosen (else each service's default).
    pub fn aliyun_signature(&self) -> Option<AliyunSignature> {
        self.aliyun_signature
    }

    /// The JD Cloud signature version, if chosen (else each service's default).
    pub fn jdcloud_signature(&self) -> Option<JdcloudSignature> {
        self.jdcloud_signature
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            credentials: None,
            region: None,
            endpoint_url: None,
            max_attempts: 3,
            retry_base_delay: Duration::from_millis(100),
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(3),
            operation_timeout: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            aliyun_signature: None,
            jdcloud_signature: None,
            user_agent: concat!("cloudsdk-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            shared: Arc::default(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("credentials_provider", &self.shared.given_credentials)
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("max_attempts", &self.max_attempts)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("http_client", &self.shared.given_http.as_ref().map(|_| "given"))
            .field("aliyun_signature", &self.aliyun_signature)
            .field("jdcloud_signature", &self.jdcloud_signature)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// Builds a [`Config`].
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
    http_client: Option<reqwest::Client>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
}

impl ConfigBuilder {
    /// Explicit credentials; without them (and without
    /// [`credentials_provider`](Self::credentials_provider)) each client finds credentials
    /// with its vendor's default chain (see [`crate::credentials`]).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = Some(credentials);
        self
    }

    /// Where credentials come from, for every service: a chain, the ECS instance RAM role,
    /// or a source of your own. They are asked for on first use, cached by the `Config` (and
    /// its clones) and asked for again shortly before they expire. Explicit
    /// [`credentials`](Self::credentials) take precedence.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials_provider = Some(Arc::new(provider));
        self
    }

    /// The default region: used for endpoint resolution and for a region-scoped operation
    /// whose `RegionId`/`regionId` is not set.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sends every request to this URL (`http://127.0.0.1:9000`) instead of the resolved
    /// endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Total attempts per request, the first included; 0 is taken as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.config.max_attempts = attempts.max(1);
        self
    }

    /// Base of the exponential backoff (with jitter) between attempts.
    pub fn retry_base_delay(mut self, delay: std::time::Duration) -> Self {
        self.config.retry_base_delay = delay;
        self
    }

    /// Time limit of one attempt, from sending to the whole body read.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Time limit of connecting (TCP and TLS) in one attempt.
    pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Time limit of a whole call, every attempt and every wait between attempts included;
    /// when it passes, `send()` returns [`Error::Timeout`](crate::Error::Timeout). No limit
    /// by default (each attempt is still limited by [`ConfigBuilder::timeout`]).
    pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.config.operation_timeout = Some(timeout);
        self
    }

    /// The largest answer body read, in bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`],
    /// 16 MiB). A larger answer is refused by its `Content-Length` before it is read, or as
    /// soon as the bytes read pass the limit, with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.config.max_response_bytes = bytes;
        self
    }

    /// Sends requests through this client instead of one made for the `Config`: share a
    /// connection pool with the rest of an application, or set proxies and TLS roots.
    /// Make it with redirects disabled (`reqwest::redirect::Policy::none()`): a signed
    /// request must not be replayed elsewhere. [`ConfigBuilder::connect_timeout`] then does
    /// not apply; the client's own settings do.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The Alibaba Cloud signature version (default: each service's `signing.default`,
    /// [`AliyunSignature::V3`] for ECS).
    pub fn aliyun_signature(mut self, signature: AliyunSignature) -> Self {
        self.config.aliyun_signature = Some(signature);
        self
    }

    /// The JD Cloud signature version (default: each service's `signing.default`,
    /// [`JdcloudSignature::V2`] for VM).
    pub fn jdcloud_signature(mut self, signature: JdcloudSignature) -> Self {
        self.config.jdcloud_signature = Some(signature);
        self
    }

    /// Replaces the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = user_agent.into();
        self
    }

    /// The configuration, with a connection pool of its own that every client made from
    /// it (or from its clones) shares.
    pub fn build(self) -> Config {
        let shared = Shared {
            given_http: self.http_client,
            http: OnceLock::new(),
            given_credentials: self.credentials_provider.map(|p| Arc::new(CredentialsCache::new(p))),
            default_credentials: Mutex::default(),
        };
        Config { shared: Arc::new(shared), ..self.config }
    }
}
