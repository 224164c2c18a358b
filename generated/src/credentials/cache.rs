//! Credentials kept between requests and refreshed before they expire.

use super::{Credentials, ProvideCredentials};
use crate::Error;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};
use tracing::warn;

/// Credentials are refreshed when they have no more than this left.
const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);
/// While the cached credentials are still valid, a refresh is not tried again sooner than
/// this after the last try (so a failing source is not asked on every request).
const RETRY_INTERVAL: Duration = Duration::from_secs(10);

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// The credentials of one client: asked of the provider once, then kept while they are
/// valid, refreshed when no more than [`REFRESH_MARGIN`] is left before their expiration
/// (credentials without one are kept forever). Callers that arrive during a refresh wait
/// for that one refresh. A failure is not kept: the next call asks again; but while the
/// kept credentials have not expired, a failed refresh returns them (with a warning).
///
/// Each [`Config`](crate::Config) holds one per credentials source (its provider, or each
/// protocol's default chain), shared by every client made from it.
pub(crate) struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    margin: Duration,
    retry_interval: Duration,
    clock: Clock,
    current: Mutex<Option<Credentials>>,
    /// Held while refreshing; holds the time of the last refresh tried.
    refresh: tokio::sync::Mutex<Option<SystemTime>>,
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("current", &self.cached())
            .finish_non_exhaustive()
    }
}

impl CredentialsCache {
    /// A cache over `provider`; nothing is asked until the first [`get`](Self::get).
    pub(crate) fn new(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            provider,
            margin: REFRESH_MARGIN,
            retry_interval: RETRY_INTERVAL,
            clock: Arc::new(SystemTime::now),
            current: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(None),
        }
    }

    #[cfg(test)]
    pub(crate) fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    #[cfg(test)]
    pub(crate) fn with_margin(mut self, margin: Duration, retry_interval: Duration) -> Self {
        self.margin = margin;
        self.retry_interval = retry_interval;
        self
    }

    /// Credentials that are valid now: the kept ones, or fresh ones from the provider.
    pub(crate) async fn get(&self) -> Result<Credentials, Error> {
        if let Some(credentials) = self.cached().filter(|c| self.fresh(c)) {
            return Ok(credentials);
        }
        let mut last_try = self.refresh.lock().await;
        // Another caller may have refreshed while this one waited.
        let cached = self.cached();
        if let Some(credentials) = &cached {
            let now = (self.clock)();
            let tried_recently = last_try.is_some_and(|t| now < t + self.retry_interval);
            if self.fresh(credentials) || (tried_recently && valid(credentials, now)) {
                return Ok(credentials.clone());
            }
        }
        *last_try = Some((self.clock)());
        match self.provider.provide_credentials().await {
            Ok(credentials) => {
                *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => match cached {
                Some(credentials) if valid(&credentials, (self.clock)()) => {
                    let left = credentials
                        .expiration()
                        .and_then(|e| e.duration_since((self.clock)()).ok())
                        .unwrap_or_default();
                    warn!(
                        error = %error,
                        expires_in_s = left.as_secs(),
                        "refreshing credentials failed; using the current ones until they expire"
                    );
                    Ok(credentials)
                }
                _ => Err(error),
            },
        }
    }

    fn cached(&self) -> Option<Credentials> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Whether `credentials` have more than the margin left.
    fn fresh(&self, credentials: &Credentials) -> bool {
        match credentials.expiration() {
            None => true,
            Some(expiration) => (self.clock)() + self.margin < expiration,
        }
    }
}

/// Whether `credentials` have not expired at `now`.
fn valid(credentials: &Credentials, now: SystemTime) -> bool {
    credentials.expiration().is_none_or(|expiration| now < expiration)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{imds_credentials, Imds, SECRET, STS_TOKEN};
    use crate::credentials::{credentials_error, EcsRamRoleProvider, Env};
    use futures::future::BoxFuture;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    /// A test clock: a fixed start plus an offset the test moves.
    #[derive(Clone)]
    struct TestClock(Arc<AtomicU64>);

    const START: SystemTime = SystemTime::UNIX_EPOCH;

    impl TestClock {
        fn new(start_secs: u64) -> Self {
            Self(Arc::new(AtomicU64::new(start_secs)))
        }
        fn set(&self, secs: u64) {
            self.0.store(secs, Ordering::SeqCst);
        }
        fn now(&self) -> SystemTime {
            START + Duration::from_secs(self.0.load(Ordering::SeqCst))
        }
        fn closure(&self) -> impl Fn() -> SystemTime + Send + Sync + 'static {
            let clock = self.clone();
            move || clock.now()
        }
    }

    /// Answers with the scripted results in turn (the last one repeats), counting calls.
    #[derive(Debug)]
    struct Scripted {
        calls: AtomicUsize,
        script: Vec<Result<Credentials, String>>,
    }

    impl Scripted {
        fn new(script: Vec<Result<Credentials, String>>) -> Arc<Self> {
            Arc::new(Self { calls: AtomicUsize::new(0), script })
        }
        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    impl ProvideCredentials for Scripted {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let answer = self.script[n.min(self.script.len() - 1)].clone();
            Box::pin(async move { answer.map_err(credentials_error) })
        }
    }

    fn expiring(id: &str, at_secs: u64) -> Result<Credentials, String> {
        Ok(Credentials::new(id, "CACHE-SECRET")
            .with_security_token("CACHE-TOKEN")
            .with_expiration(START + Duration::from_secs(at_secs)))
    }

    #[tokio::test]
    async fn static_credentials_are_asked_for_once() {
        let provider = Scripted::new(vec![Ok(Credentials::new("A", "B")), Err("asked twice".into())]);
        let cache = CredentialsCache::new(provider.clone());
        for _ in 0..5 {
            assert_eq!(cache.get().await.unwrap().access_key_id(), "A");
        }
        assert_eq!(provider.calls(), 1);
    }

    #[tokio::test]
    async fn a_failure_is_not_kept() {
        let provider = Scripted::new(vec![Err("down".into()), Ok(Credentials::new("A", "B"))]);
        let cache = CredentialsCache::new(provider.clone());
        assert_eq!(cache.get().await.unwrap_err().to_string(), "no credentials: down");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "A");
        assert_eq!(provider.calls(), 2);
    }

    #[tokio::test]
    async fn expiring_credentials_are_refreshed_within_the_margin() {
        let clock = TestClock::new(1000);
        let provider = Scripted::new(vec![expiring("FIRST", 1000 + 3600), expiring("SECOND", 1000 + 7200)]);
        let cache = CredentialsCache::new(provider.clone()).with_clock(clock.closure());
        assert_eq!(cache.get().await.unwrap().access_key_id(), "FIRST");
        clock.set(1000 + 3600 - 301);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "FIRST");
        assert_eq!(provider.calls(), 1);
        clock.set(1000 + 3600 - 300);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "SECOND");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "SECOND");
        assert_eq!(provider.calls(), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_valid_credentials_until_they_expire() {
        let logs = crate::credentials::test_support::Captured::default();
        let _subscriber = logs.install();
        let clock = TestClock::new(0);
        let provider = Scripted::new(vec![expiring("FIRST", 3600), Err("metadata service down".into())]);
        let cache = CredentialsCache::new(provider.clone())
            .with_clock(clock.closure())
            .with_margin(Duration::from_secs(300), Duration::from_secs(10));
        assert_eq!(cache.get().await.unwrap().access_key_id(), "FIRST");
        clock.set(3400);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "FIRST");
        assert_eq!(provider.calls(), 2);
        // Tried a moment ago: not asked again on every request.
        clock.set(3405);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "FIRST");
        assert_eq!(provider.calls(), 2);
        clock.set(3411);
        assert_eq!(cache.get().await.unwrap().access_key_id(), "FIRST");
        assert_eq!(provider.calls(), 3);
        clock.set(3600);
        assert_eq!(cache.get().await.unwrap_err().to_string(), "no credentials: metadata service down");
        let text = logs.text();
        assert!(text.contains("refreshing credentials failed; using the current ones until they expire"), "{text}");
        assert!(text.contains("metadata service down") && text.contains("expires_in_s=200"), "{text}");
        assert!(!text.contains("CACHE-SECRET") && !text.contains("CACHE-TOKEN"), "{text}");
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch_from_the_metadata_service() {
        let imds = Imds::start(Imds::instance("app-role", imds_credentials("2126-01-01T00:00:00Z")))
            .await
            .with_delay(Duration::from_millis(100));
        let provider = EcsRamRoleProvider::builder().endpoint(&imds.url).env(Env::fixed(&[])).build();
        let cache = Arc::new(CredentialsCache::new(Arc::new(provider)));
        let calls = (0..32).map(|_| {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.get().await })
        });
        for result in futures::future::join_all(calls).await {
            let c = result.unwrap().unwrap();
            assert_eq!((c.access_key_secret(), c.security_token()), (SECRET, Some(STS_TOKEN)));
        }
        assert_eq!(imds.credential_requests(), 1);
        assert_eq!(imds.requests().len(), 3, "token, role, credentials");
        let shown = format!("{cache:?}");
        assert!(!shown.contains(SECRET) && !shown.contains(STS_TOKEN), "{shown}");
    }

    #[tokio::test]
    async fn metadata_credentials_close_to_expiry_are_fetched_again() {
        let imds = Imds::start(Imds::instance("app-role", imds_credentials("2026-12-01T12:00:00Z"))).await;
        let expiration = 1_796_126_400; // 2026-12-01T12:00:00Z
        let clock = TestClock::new(expiration - 3600);
        let provider = EcsRamRoleProvider::builder().endpoint(&imds.url).env(Env::fixed(&[])).build();
        let cache = CredentialsCache::new(Arc::new(provider)).with_clock(clock.closure());
        cache.get().await.unwrap();
        cache.get().await.unwrap();
        assert_eq!(imds.credential_requests(), 1);
        clock.set(expiration - 200);
        let c = cache.get().await.unwrap();
        assert_eq!(imds.credential_requests(), 2);
        assert_eq!(c.expiration(), Some(START + Duration::from_secs(expiration)));
        // The service still gives the same (expiring) credentials: not asked on every call.
        cache.get().await.unwrap();
        assert_eq!(imds.credential_requests(), 2);
    }
}
