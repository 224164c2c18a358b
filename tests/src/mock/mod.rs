//! A spec-driven mock of the documented services, over real HTTP on `127.0.0.1`.
//!
//! Everything it knows comes from the specs (the [`sdkgen::ir::Ir`]): for each operation,
//! its protocol and route (Alibaba RPC by `Action`/`x-acs-action` and `Version`; JD Cloud
//! REST by method and path template), its parameters (wire names, styles, types, required,
//! enum values, ranges, lengths, `maxItems`), its documented errors and its documented JSON
//! sample response. For each request it:
//!
//! 1. routes it (unknown action: Alibaba 404 `InvalidAction.NotFound`; unknown path: JD
//!    Cloud 404 `NOT_FOUND`);
//! 2. verifies its signature with the test credentials it was started with (ACS3-HMAC-SHA256,
//!    HMAC-SHA1 RPC V1, JDCLOUD2, JDCLOUD3, as the service's spec lists them), the signing
//!    time, the security token and that the nonce is fresh;
//! 3. validates the parameters against the documentation;
//! 4. answers with the vendor's error body for the first problem found, or with the
//!    documented sample (HTTP 200, `application/json`, `x-acs-request-id` /
//!    `x-jdcloud-request-id`); a passing Alibaba `DryRun=true` gets 400 `DryRunOperation`.
//!
//! Test hooks on the [`Mock`] handle (and under `/__mock/` over HTTP, see `control`) inject
//! faults, delay answers, serve many items across pages, and record every request.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use cloudsdk_tests::mock::{Fault, Mock, MockConfig};
//! let mock = Mock::start(MockConfig::default()).await?;
//! mock.fail_next(2, Fault::unavailable());
//! let config = mock.sdk_config().region("cn-hangzhou").build();
//! let out = cloudsdk::aliyun::ecs::Client::new(&config).describe_instances().send().await?;
//! assert_eq!(mock.calls(), 3);
//! # drop(out); Ok(()) }
//! ```

pub mod cli;
mod control;
mod hooks;
mod paging;
mod request;
mod responses;
mod routing;
mod server;
mod signature;
mod validate;

pub use hooks::{Fault, FaultKind, Received};
pub use responses::SYNTHESIZED_HEADER;

use sdkgen::ir::Ir;
use server::State;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The access key id the mock accepts unless configured otherwise.
pub const TEST_ACCESS_KEY_ID: &str = "mock-access-key-id";

/// The access key secret the mock accepts unless configured otherwise.
pub const TEST_ACCESS_KEY_SECRET: &str = "mock-access-key-secret";

/// The credentials requests must be signed with.
#[derive(Clone, PartialEq, Eq)]
pub struct TestCredentials {
    /// The access key id.
    pub access_key_id: String,
    /// The access key secret.
    pub access_key_secret: String,
    /// The STS security token requests must carry; `None`: requests must carry none.
    pub security_token: Option<String>,
}

impl TestCredentials {
    /// An access key pair, without a security token.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self { access_key_id: access_key_id.into(), access_key_secret: access_key_secret.into(), security_token: None }
    }

    /// Requires this STS security token on every request.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The same credentials for the SDK.
    pub fn to_sdk(&self) -> cloudsdk::Credentials {
        let credentials = cloudsdk::Credentials::new(&self.access_key_id, &self.access_key_secret);
        match &self.security_token {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        }
    }
}

impl Default for TestCredentials {
    /// [`TEST_ACCESS_KEY_ID`] and [`TEST_ACCESS_KEY_SECRET`], without a token.
    fn default() -> Self {
        Self::new(TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET)
    }
}

impl fmt::Debug for TestCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field("security_token", &self.security_token.as_ref().map(|_| "** redacted **"))
            .finish()
    }
}

/// How to start a [`Mock`].
#[derive(Debug, Clone, Default)]
pub struct MockConfig {
    credentials: TestCredentials,
    port: u16,
    ir: Option<Ir>,
}

impl MockConfig {
    /// The default: [`TestCredentials::default`], a free port, the workspace's specs.
    pub fn new() -> Self {
        Self::default()
    }

    /// The credentials requests must be signed with.
    pub fn credentials(mut self, credentials: TestCredentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The port to listen on, on 127.0.0.1 (0, the default: a free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The services to mock (default: the IR of the workspace's `specs/`).
    pub fn ir(mut self, ir: Ir) -> Self {
        self.ir = Some(ir);
        self
    }
}

/// Why a mock could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum MockError {
    /// The specs could not be read or are invalid.
    Specs(String),
    /// The port could not be bound.
    Bind(std::io::Error),
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MockError::Specs(why) => write!(f, "cannot load the specs: {why}"),
            MockError::Bind(e) => write!(f, "cannot listen on 127.0.0.1: {e}"),
        }
    }
}

impl std::error::Error for MockError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MockError::Bind(e) => Some(e),
            MockError::Specs(_) => None,
        }
    }
}

/// A running mock server and its test hooks. Dropping it stops the server.
#[derive(Debug)]
pub struct Mock {
    url: String,
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<()>,
}

impl Mock {
    /// Starts a mock on 127.0.0.1, on the current Tokio runtime.
    pub async fn start(config: MockConfig) -> Result<Self, MockError> {
        let ir = match config.ir {
            Some(ir) => ir,
            None => crate::try_specs().map_err(MockError::Specs)?,
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await.map_err(MockError::Bind)?;
        let addr = listener.local_addr().map_err(MockError::Bind)?;
        let state = Arc::new(State::new(ir, config.credentials));
        let (shutdown, stop) = oneshot::channel();
        let server = tokio::spawn(server::serve(listener, Arc::clone(&state), stop));
        Ok(Self { url: format!("http://{addr}"), addr, state, shutdown: Some(shutdown), server })
    }

    /// The base URL (`http://127.0.0.1:<port>`), for `Config::endpoint_url`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the mock listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The credentials requests must be signed with.
    pub fn credentials(&self) -> &TestCredentials {
        &self.state.credentials
    }

    /// The IR the mock serves.
    pub fn ir(&self) -> &Ir {
        &self.state.ir
    }

    /// An SDK configuration pointed at the mock, with its credentials; add a region and
    /// anything else, then `build()`.
    pub fn sdk_config(&self) -> cloudsdk::ConfigBuilder {
        cloudsdk::Config::builder().credentials(self.credentials().to_sdk()).endpoint_url(self.url.clone())
    }

    /// Answers the next `count` calls that pass verification and validation with `fault`.
    pub fn fail_next(&self, count: usize, fault: Fault) {
        self.state.hooks.fail_next(count, fault);
    }

    /// Delays every answer by `delay` (zero: none).
    pub fn set_delay(&self, delay: Duration) {
        self.state.hooks.set_delay(delay);
    }

    /// Delays the next `count` answers by `delay`.
    pub fn delay_next(&self, count: usize, delay: Duration) {
        self.state.hooks.delay_next(count, delay);
    }

    /// Serves `items` items across the pages of a paginated operation: the sample's first
    /// item cloned, its id (`InstanceId`, `ImageId`) suffixed `-1` … `-items`; PageNumber
    /// and PageSize as requested (documented defaults 1 and 10); TotalCount = `items`.
    pub fn paginate(&self, operation: &str, items: usize) -> Result<(), String> {
        self.state.paginate(operation, items)
    }

    /// With `true`, a page past the end of `operation` repeats its last page and no
    /// TotalCount is sent, as a service that ignores the page number would: to test that a
    /// client detects a repeated page.
    pub fn repeat_last_page(&self, operation: &str, repeat: bool) -> Result<(), String> {
        self.state.repeat_last_page(operation, repeat)
    }

    /// The requests received so far, in order (control requests excluded).
    pub fn requests(&self) -> Vec<Received> {
        self.state.hooks.requests()
    }

    /// How many requests were received so far.
    pub fn calls(&self) -> u64 {
        self.state.hooks.calls()
    }

    /// How many TCP connections the mock accepted since it started (not cleared by
    /// [`Mock::reset`]).
    pub fn connections(&self) -> u64 {
        self.state.connections.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Forgets every hook, the record and the call counter.
    pub fn reset(&self) {
        self.state.hooks.reset();
    }

    /// Stops the server and waits until it has.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = (&mut self.server).await;
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.server.abort();
    }
}
