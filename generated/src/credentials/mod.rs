//! Credentials: the [`Credentials`] type, the [`ProvideCredentials`] trait, and the providers
//! that find credentials outside the program.
//!
//! When [`Config`](crate::Config) has no credentials, a client finds them with its vendor's
//! default chain, in this order:
//! - **Alibaba Cloud**: [`EnvironmentProvider::aliyun`] (`ALIBABA_CLOUD_ACCESS_KEY_ID`,
//!   `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optionally `ALIBABA_CLOUD_SECURITY_TOKEN`); then
//!   [`ProfileFileProvider`] (the Alibaba Cloud CLI file `$HOME/.aliyun/config.json`); then,
//!   only when `ALIBABA_CLOUD_ECS_METADATA` names a RAM role and
//!   `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is not `true`, [`EcsRamRoleProvider`] (the ECS
//!   instance metadata service), as the official Alibaba Cloud credentials library does.
//! - **JD Cloud**: [`EnvironmentProvider::jdcloud`] (`JDCLOUD_ACCESS_KEY`,
//!   `JDCLOUD_SECRET_KEY`).
//!
//! A source that is not configured lets the next one try; a source that is configured but
//! broken (only one variable of a pair set, an unreadable CLI file, a metadata service that
//! fails) stops the search with its error. If none is found, the request fails with
//! [`Error::Credentials`] naming everything that was tried.
//!
//! Credentials are cached by the client and refreshed a few minutes before they expire.
//! Nothing here blocks the async runtime: files are read with `tokio::fs`, HTTP goes through
//! `reqwest`.

mod cache;
mod chain;
mod ecs_ram_role;
mod environment;
mod profile;
#[cfg(test)]
mod test_support;

pub use chain::ChainProvider;
pub use ecs_ram_role::{EcsRamRoleProvider, EcsRamRoleProviderBuilder};
pub use environment::EnvironmentProvider;
pub use profile::ProfileFileProvider;

pub(crate) use cache::CredentialsCache;

use crate::Error;
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// Something that produces [`Credentials`] when asked: static keys, the environment, a
/// file, a metadata service, or a chain of those.
///
/// Implement it to plug in your own source (a secrets manager, a vault). It is object safe
/// and needs no extra crate:
///
/// ```
/// use cloudsdk::credentials::ProvideCredentials;
/// use cloudsdk::{Credentials, Error};
/// use futures::future::BoxFuture;
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl ProvideCredentials for FromVault {
///     fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
///         Box::pin(async { Ok(Credentials::new("AKID", "SECRET")) })
///     }
/// }
/// ```
///
/// Credentials that carry an [expiration](Credentials::expiration) are asked for again
/// shortly before they expire; credentials without one are asked for once.
pub trait ProvideCredentials: Send + Sync + fmt::Debug + 'static {
    /// Finds the credentials, or says with [`Error::Credentials`] why it cannot.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>>;
}

/// An access key pair, with an optional STS security token and an optional expiration.
///
/// `Debug` shows the key id and the expiration, never the secret or the token.
///
/// `Credentials` is itself a [`ProvideCredentials`] that always gives itself (static
/// credentials).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiration: Option<SystemTime>,
}

impl Credentials {
    /// An access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Adds an STS security token (temporary credentials).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Sets when these credentials stop being valid; they are refreshed shortly before.
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret. Handle with care: never log it.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When these credentials stop being valid, if they expire.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field("security_token", &self.security_token.as_ref().map(|_| "** redacted **"))
            .field("expiration", &self.expiration.map(rfc3339))
            .finish()
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(futures::future::ready(Ok(self.clone())))
    }
}

impl Source for Credentials {
    fn lookup(&self) -> BoxFuture<'_, Result<Lookup, Error>> {
        Box::pin(futures::future::ready(Ok(Lookup::Found(self.clone()))))
    }
}

/// A time as RFC 3339 text (for `Debug` and messages).
fn rfc3339(t: SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| format!("{t:?}"))
}

/// What a built-in provider found: credentials, or nothing because it is not configured
/// (then the next provider of a chain tries). A configured but broken source is an `Err`.
#[derive(Debug)]
pub(crate) enum Lookup {
    /// Credentials.
    Found(Credentials),
    /// Not configured; each entry says what was looked at and why it did not count
    /// ("the environment variables A and B (not set)").
    NotFound(Vec<String>),
}

/// The crate-private side of the built-in providers: a lookup that tells "not configured"
/// from "broken", which [`ChainProvider`] needs and the public trait does not express.
pub(crate) trait Source: Send + Sync + fmt::Debug + 'static {
    /// Finds credentials, reports that there are none to find, or fails.
    fn lookup(&self) -> BoxFuture<'_, Result<Lookup, Error>>;
}

/// The public answer of a built-in provider: not found becomes an error naming what was
/// tried.
pub(crate) fn found_or_error(lookup: Result<Lookup, Error>) -> Result<Credentials, Error> {
    match lookup? {
        Lookup::Found(credentials) => Ok(credentials),
        Lookup::NotFound(tried) => Err(credentials_error(format!("tried {}", list(&tried)))),
    }
}

/// `a`, `a and b`, `a, b, and c`.
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

pub(crate) fn credentials_error(message: String) -> Error {
    Error::Credentials { message }
}

/// Alibaba Cloud's access key id variable.
pub(crate) const ALIYUN_ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Alibaba Cloud's access key secret variable.
pub(crate) const ALIYUN_SECRET_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Alibaba Cloud's STS token variable (optional).
pub(crate) const ALIYUN_TOKEN_VAR: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// Selects a profile of the CLI file other than its `current` one, as the official
/// credentials library does.
pub(crate) const ALIYUN_PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";
/// Names the RAM role of the ECS instance; puts the metadata service in the default chain.
pub(crate) const ECS_METADATA_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// `true` keeps the metadata service out of every default lookup.
pub(crate) const ECS_METADATA_DISABLED_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// `true` forbids falling back to IMDSv1 (requests without a metadata token).
pub(crate) const IMDSV1_DISABLED_VAR: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// JD Cloud's access key variable.
pub(crate) const JDCLOUD_ID_VAR: &str = "JDCLOUD_ACCESS_KEY";
/// JD Cloud's secret key variable.
pub(crate) const JDCLOUD_SECRET_VAR: &str = "JDCLOUD_SECRET_KEY";

/// Where providers read environment variables: the process environment, or (in tests) a
/// fixed map. An empty value counts as unset.
#[derive(Clone, Default)]
pub(crate) struct Env {
    fixed: Option<Arc<HashMap<String, String>>>,
}

impl Env {
    /// The process environment.
    pub(crate) fn process() -> Self {
        Self { fixed: None }
    }

    /// A fixed set of variables; nothing else is set.
    #[cfg(test)]
    pub(crate) fn fixed(pairs: &[(&str, &str)]) -> Self {
        Self { fixed: Some(Arc::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())) }
    }

    /// The variable's value; `None` when unset or empty.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        let value = match &self.fixed {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// Whether the variable is `true` (any case).
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.var(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.fixed.is_some() { "fixed" } else { "process" })
    }
}

/// The chain an Alibaba Cloud client uses when [`Config`](crate::Config) has no
/// credentials: the environment variables, then the Alibaba Cloud CLI file, then the ECS
/// instance RAM role when `ALIBABA_CLOUD_ECS_METADATA` names one (and
/// `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is not `true`; both are read now, the others at
/// each lookup). When nothing is found, its error reads "for Alibaba Cloud: tried
/// Config::credentials (not set), the environment variables … (not set), and the Alibaba
/// Cloud CLI file … (not found)", so call it only when `Config::credentials` is unset.
pub(crate) fn aliyun_default_chain() -> ChainProvider {
    aliyun_default_chain_with(Env::process())
}

/// [`aliyun_default_chain`] reading `env`.
pub(crate) fn aliyun_default_chain_with(env: Env) -> ChainProvider {
    let chain = ChainProvider::described("for Alibaba Cloud", "Config::credentials (not set)")
        .or_else_source(EnvironmentProvider::aliyun_with(env.clone()))
        .or_else_source(ProfileFileProvider::with_env(env.clone()));
    match env.var(ECS_METADATA_VAR) {
        Some(role) if !env.flag(ECS_METADATA_DISABLED_VAR) => {
            chain.or_else_source(EcsRamRoleProvider::builder().role_name(role).env(env).build())
        }
        _ => chain,
    }
}

/// The chain a JD Cloud client uses when [`Config`](crate::Config) has no credentials: the
/// environment variables `JDCLOUD_ACCESS_KEY` and `JDCLOUD_SECRET_KEY`. Its not-found error
/// reads "for JD Cloud: tried Config::credentials (not set) and the environment variables …
/// (not set)", so call it only when `Config::credentials` is unset.
pub(crate) fn jdcloud_default_chain() -> ChainProvider {
    jdcloud_default_chain_with(Env::process())
}

/// [`jdcloud_default_chain`] reading `env`.
pub(crate) fn jdcloud_default_chain_with(env: Env) -> ChainProvider {
    ChainProvider::described("for JD Cloud", "Config::credentials (not set)")
        .or_else_source(EnvironmentProvider::jdcloud_with(env))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret_or_the_token() {
        let expiration = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_796_126_400);
        let c = Credentials::new("ID", "THE-SECRET").with_security_token("THE-TOKEN").with_expiration(expiration);
        let text = format!("{c:?}");
        assert_eq!(
            text,
            "Credentials { access_key_id: \"ID\", access_key_secret: \"** redacted **\", security_token: \
             Some(\"** redacted **\"), expiration: Some(\"2026-12-01T12:00:00Z\") }"
        );
        assert_eq!(c.expiration(), Some(expiration));
        assert_eq!(Credentials::new("a", "b").expiration(), None);
    }

    #[tokio::test]
    async fn static_credentials_provide_themselves() {
        let c = Credentials::new("A", "B").with_security_token("T");
        assert_eq!(c.provide_credentials().await.unwrap(), c);
        let shared: Arc<dyn ProvideCredentials> = Arc::new(c.clone());
        assert_eq!(shared.provide_credentials().await.unwrap(), c);
    }

    #[test]
    fn lists_read_as_english() {
        let s = |v: &[&str]| list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&[]), "nothing");
        assert_eq!(s(&["a"]), "a");
        assert_eq!(s(&["a", "b"]), "a and b");
        assert_eq!(s(&["a", "b", "c"]), "a, b, and c");
    }
}
