//! Client configuration shared by every service.

use crate::Credentials;
use std::fmt;
use std::time::Duration;

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
/// `Debug` never prints a secret.
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
    pub(crate) aliyun_signature: AliyunSignature,
    pub(crate) jdcloud_signature: JdcloudSignature,
    pub(crate) user_agent: String,
}

impl Config {
    /// A builder with the defaults: no explicit credentials (resolved from the environment
    /// when a request is sent), no region, 3 attempts, 100 ms backoff base, 10 s per
    /// attempt, 3 s to connect, Alibaba V3 and JD Cloud V2 signatures.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder { config: Config::default() }
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

    /// The Alibaba Cloud signature version.
    pub fn aliyun_signature(&self) -> AliyunSignature {
        self.aliyun_signature
    }

    /// The JD Cloud signature version.
    pub fn jdcloud_signature(&self) -> JdcloudSignature {
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
            aliyun_signature: AliyunSignature::default(),
            jdcloud_signature: JdcloudSignature::default(),
            user_agent: concat!("cloudsdk-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("max_attempts", &self.max_attempts)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
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
}

impl ConfigBuilder {
    /// Explicit credentials; without them each request resolves credentials from the
    /// environment (see [`Credentials`]).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = Some(credentials);
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

    /// The Alibaba Cloud signature version (default [`AliyunSignature::V3`]).
    pub fn aliyun_signature(mut self, signature: AliyunSignature) -> Self {
        self.config.aliyun_signature = signature;
        self
    }

    /// The JD Cloud signature version (default [`JdcloudSignature::V2`]).
    pub fn jdcloud_signature(mut self, signature: JdcloudSignature) -> Self {
        self.config.jdcloud_signature = signature;
        self
    }

    /// Replaces the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = user_agent.into();
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
}
