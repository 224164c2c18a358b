//! Providers tried in order.

use super::{
    credentials_error, list, Credentials, EcsRamRoleProvider, EnvironmentProvider, Lookup, ProfileFileProvider,
    ProvideCredentials, Source,
};
use crate::Error;
use futures::future::BoxFuture;
use std::any::Any;
use std::fmt;
use std::sync::Arc;

/// Providers tried in order; the first credentials found are used.
///
/// A built-in provider ([`EnvironmentProvider`], [`ProfileFileProvider`],
/// [`EcsRamRoleProvider`], [`Credentials`], another `ChainProvider`) that finds its source
/// not configured (no variables set, no file) lets the next one try; one that finds it
/// configured but broken (only one variable of a pair set, a profile without a secret, a
/// metadata service that fails) stops the chain with its error. Any other
/// [`ProvideCredentials`] either gives credentials or stops the chain with its error. When
/// no provider finds anything, the error names everything that was tried.
///
/// ```
/// use cloudsdk::credentials::{ChainProvider, EnvironmentProvider, ProfileFileProvider};
/// let chain = ChainProvider::first_try(EnvironmentProvider::aliyun())
///     .or_else(ProfileFileProvider::new().profile("ci"));
/// let config = cloudsdk::Config::builder().region("cn-hangzhou").build();
/// # let _ = (chain, config);
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct ChainProvider {
    links: Vec<Arc<dyn Source>>,
    /// Put before "tried …" in the not-found message ("for Alibaba Cloud").
    context: Option<&'static str>,
    /// Sources looked at before the chain, listed first in the not-found message.
    tried_before: Vec<String>,
}

impl fmt::Debug for ChainProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainProvider").field("links", &self.links).finish()
    }
}

impl ChainProvider {
    /// A chain starting with `provider`.
    pub fn first_try(provider: impl ProvideCredentials) -> Self {
        Self { links: Vec::new(), context: None, tried_before: Vec::new() }.or_else(provider)
    }

    /// Adds `provider`, tried when the ones before found nothing.
    pub fn or_else(mut self, provider: impl ProvideCredentials) -> Self {
        self.links.push(into_source(provider));
        self
    }

    /// An empty chain whose not-found message reads "`context`: tried `tried_before`, …".
    pub(crate) fn described(context: &'static str, tried_before: &str) -> Self {
        Self { links: Vec::new(), context: Some(context), tried_before: vec![tried_before.to_owned()] }
    }

    /// Adds a built-in provider.
    pub(crate) fn or_else_source(mut self, source: impl Source) -> Self {
        self.links.push(Arc::new(source));
        self
    }

    #[cfg(test)]
    pub(crate) fn links(&self) -> &[Arc<dyn Source>] {
        &self.links
    }

    async fn find(&self) -> Result<Lookup, Error> {
        let mut tried = self.tried_before.clone();
        for link in &self.links {
            match link.lookup().await? {
                Lookup::Found(credentials) => return Ok(Lookup::Found(credentials)),
                Lookup::NotFound(more) => tried.extend(more),
            }
        }
        Ok(Lookup::NotFound(tried))
    }
}

impl Source for ChainProvider {
    fn lookup(&self) -> BoxFuture<'_, Result<Lookup, Error>> {
        Box::pin(self.find())
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async {
            match self.find().await? {
                Lookup::Found(credentials) => Ok(credentials),
                Lookup::NotFound(tried) => Err(credentials_error(match self.context {
                    Some(context) => format!("{context}: tried {}", list(&tried)),
                    None => format!("tried {}", list(&tried)),
                })),
            }
        })
    }
}

/// A provider from outside this crate: it finds credentials or fails.
#[derive(Debug)]
struct Foreign<P>(P);

impl<P: ProvideCredentials> Source for Foreign<P> {
    fn lookup(&self) -> BoxFuture<'_, Result<Lookup, Error>> {
        Box::pin(async { self.0.provide_credentials().await.map(Lookup::Found) })
    }
}

/// The built-in providers keep their "not configured" answer in a chain; any other is
/// taken at its word.
fn into_source<P: ProvideCredentials>(provider: P) -> Arc<dyn Source> {
    fn builtin<T: Source>(any: Box<dyn Any>) -> Result<Arc<dyn Source>, Box<dyn Any>> {
        any.downcast::<T>().map(|p| Arc::new(*p) as Arc<dyn Source>)
    }
    let any: Box<dyn Any> = Box::new(provider);
    builtin::<EnvironmentProvider>(any)
        .or_else(builtin::<ProfileFileProvider>)
        .or_else(builtin::<EcsRamRoleProvider>)
        .or_else(builtin::<ChainProvider>)
        .or_else(builtin::<Credentials>)
        .unwrap_or_else(|any| match any.downcast::<P>() {
            Ok(p) => Arc::new(Foreign(*p)),
            Err(_) => unreachable!("the box holds the provider"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{message, temp_home};
    use crate::credentials::{
        aliyun_default_chain_with, jdcloud_default_chain_with, Env, ALIYUN_ID_VAR, ALIYUN_SECRET_VAR,
        ECS_METADATA_DISABLED_VAR, ECS_METADATA_VAR,
    };
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts its calls; gives `answer`.
    #[derive(Debug)]
    struct Custom {
        calls: Arc<AtomicUsize>,
        answer: Result<&'static str, &'static str>,
    }

    impl ProvideCredentials for Custom {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(async {
                match self.answer {
                    Ok(id) => Ok(Credentials::new(id, "S")),
                    Err(why) => Err(credentials_error(why.to_owned())),
                }
            })
        }
    }

    fn custom(answer: Result<&'static str, &'static str>) -> (Custom, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        (Custom { calls: Arc::clone(&calls), answer }, calls)
    }

    fn env_provider(pairs: &[(&str, &str)]) -> EnvironmentProvider {
        EnvironmentProvider::aliyun_with(Env::fixed(pairs))
    }

    const FILE: &str = r#"{"profiles": [{"name": "default", "access_key_id": "FILEID", "access_key_secret": "S"}]}"#;

    #[tokio::test]
    async fn the_first_provider_that_finds_wins() {
        let home = temp_home(Some(FILE));
        let h = home.to_str().unwrap();
        let (after, calls) = custom(Ok("CUSTOM"));
        let chain = ChainProvider::first_try(env_provider(&[(ALIYUN_ID_VAR, "ENV"), (ALIYUN_SECRET_VAR, "S")]))
            .or_else(ProfileFileProvider::with_env(Env::fixed(&[("HOME", h)])))
            .or_else(after);
        assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "ENV");
        let chain = ChainProvider::first_try(env_provider(&[]))
            .or_else(ProfileFileProvider::with_env(Env::fixed(&[("HOME", h)])))
            .or_else(chain);
        assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "FILEID");
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        std::fs::remove_dir_all(home).unwrap();
    }

    #[tokio::test]
    async fn not_found_lets_the_next_try_and_nothing_found_names_everything() {
        let home = temp_home(None);
        let h = home.to_str().unwrap();
        let (last, calls) = custom(Ok("CUSTOM"));
        let chain = ChainProvider::first_try(env_provider(&[]))
            .or_else(ProfileFileProvider::with_env(Env::fixed(&[("HOME", h)])))
            .or_else(last);
        assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "CUSTOM");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let inner = ChainProvider::first_try(ProfileFileProvider::with_env(Env::fixed(&[("HOME", h)])));
        let chain = ChainProvider::first_try(env_provider(&[])).or_else(inner);
        assert_eq!(
            message(chain.provide_credentials().await.unwrap_err()),
            format!(
                "tried the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET \
                 (not set) and the Alibaba Cloud CLI file {} (not found)",
                home.join(".aliyun").join("config.json").display()
            )
        );
        std::fs::remove_dir_all(home).unwrap();
    }

    #[tokio::test]
    async fn broken_stops_the_chain() {
        let home = temp_home(Some("{"));
        let h = home.to_str().unwrap();
        let (last, calls) = custom(Ok("CUSTOM"));
        let chain = ChainProvider::first_try(env_provider(&[(ALIYUN_ID_VAR, "ENV")]))
            .or_else(ProfileFileProvider::with_env(Env::fixed(&[("HOME", h)])))
            .or_else(last);
        assert_eq!(
            message(chain.provide_credentials().await.unwrap_err()),
            "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not; set both"
        );
        let (last, calls2) = custom(Ok("CUSTOM"));
        let chain = ChainProvider::first_try(env_provider(&[]))
            .or_else(ProfileFileProvider::with_env(Env::fixed(&[("HOME", h)])))
            .or_else(last);
        assert!(message(chain.provide_credentials().await.unwrap_err()).contains("is not valid JSON"));
        // A provider from outside the crate that fails stops the chain too.
        let (failing, calls3) = custom(Err("vault sealed"));
        let chain = ChainProvider::first_try(failing).or_else(Credentials::new("A", "B"));
        assert_eq!(message(chain.provide_credentials().await.unwrap_err()), "vault sealed");
        let counts = [&calls, &calls2, &calls3].map(|c| c.load(Ordering::SeqCst));
        assert_eq!(counts, [0, 0, 1]);
        std::fs::remove_dir_all(home).unwrap();
    }

    #[tokio::test]
    async fn the_alibaba_default_chain() {
        let home = temp_home(Some(FILE));
        let h = home.to_str().unwrap();
        let path = home.join(".aliyun").join("config.json").display().to_string();
        let c = aliyun_default_chain_with(Env::fixed(&[("HOME", h), (ALIYUN_ID_VAR, "E"), (ALIYUN_SECRET_VAR, "F")]));
        assert_eq!(c.provide_credentials().await.unwrap().access_key_id(), "E");
        let c = aliyun_default_chain_with(Env::fixed(&[("HOME", h)]));
        assert_eq!(c.provide_credentials().await.unwrap().access_key_id(), "FILEID");
        std::fs::remove_file(home.join(".aliyun/config.json")).unwrap();
        let e = aliyun_default_chain_with(Env::fixed(&[("HOME", h)])).provide_credentials().await.unwrap_err();
        assert_eq!(
            message(e),
            format!(
                "for Alibaba Cloud: tried Config::credentials (not set), the environment variables \
                 ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set), and the \
                 Alibaba Cloud CLI file {path} (not found)"
            )
        );
        let e = aliyun_default_chain_with(Env::fixed(&[])).provide_credentials().await.unwrap_err();
        assert!(message(e).ends_with("and the Alibaba Cloud CLI file ~/.aliyun/config.json (HOME is not set)"));
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn the_ecs_ram_role_joins_the_alibaba_default_chain_only_when_named() {
        let links = |pairs: &[(&str, &str)]| {
            let chain = aliyun_default_chain_with(Env::fixed(pairs));
            chain.links().iter().map(|l| format!("{l:?}")).collect::<Vec<_>>()
        };
        assert_eq!(links(&[]).len(), 2);
        assert_eq!(links(&[(ECS_METADATA_VAR, "")]).len(), 2);
        assert_eq!(links(&[(ECS_METADATA_VAR, "app-role"), (ECS_METADATA_DISABLED_VAR, "true")]).len(), 2);
        let with_role = links(&[(ECS_METADATA_VAR, "app-role")]);
        assert_eq!(with_role.len(), 3);
        assert!(with_role[2]
            .starts_with("EcsRamRoleProvider { endpoint: \"http://100.100.100.200\", role_name: Some(\"app-role\")"));
    }

    #[tokio::test]
    async fn the_jd_cloud_default_chain() {
        let c = jdcloud_default_chain_with(Env::fixed(&[("JDCLOUD_ACCESS_KEY", "J"), ("JDCLOUD_SECRET_KEY", "K")]));
        assert_eq!(c.provide_credentials().await.unwrap().access_key_id(), "J");
        let e = jdcloud_default_chain_with(Env::fixed(&[(ALIYUN_ID_VAR, "A"), (ALIYUN_SECRET_VAR, "B")]));
        assert_eq!(
            message(e.provide_credentials().await.unwrap_err()),
            "for JD Cloud: tried Config::credentials (not set) and the environment variables \
             JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY (not set)"
        );
    }

    #[test]
    fn debug_lists_the_providers_without_secrets() {
        let chain = ChainProvider::first_try(Credentials::new("ID", "THE-SECRET").with_security_token("THE-TOKEN"))
            .or_else(EnvironmentProvider::jdcloud());
        let text = format!("{chain:?}");
        assert!(text.starts_with("ChainProvider { links: [Credentials { access_key_id: \"ID\""), "{text}");
        assert!(text.contains("EnvironmentProvider") && !text.contains("THE-SECRET") && !text.contains("THE-TOKEN"));
    }
}
