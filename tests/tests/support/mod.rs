//! Shared set-up of the end-to-end tests: a mock on a free port and an SDK configuration
//! pointed at it, with generous timeouts and 1 ms retry delays so that no test depends on
//! timing luck.
#![allow(dead_code)]

use cloudsdk::ConfigBuilder;
use cloudsdk_tests::mock::{Mock, MockConfig, TestCredentials};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// A mock with the default test credentials.
pub async fn start() -> Mock {
    start_with(TestCredentials::default()).await
}

/// A mock that accepts `credentials`.
pub async fn start_with(credentials: TestCredentials) -> Mock {
    Mock::start(MockConfig::new().credentials(credentials)).await.expect("the mock starts")
}

/// A configuration for the mock: its credentials, region cn-hangzhou, 3 attempts, 1 ms
/// retry base delay, 30 s timeout.
pub fn config(mock: &Mock) -> ConfigBuilder {
    mock.sdk_config()
        .region("cn-hangzhou")
        .max_attempts(3)
        .retry_base_delay(Duration::from_millis(1))
        .timeout(Duration::from_secs(30))
}

/// The documented sample of `operation`, as its output type.
pub fn sample<T: DeserializeOwned>(operation: &str) -> T {
    let value = cloudsdk_tests::json_samples(operation).remove(0);
    serde_json::from_value(value).expect("the sample deserializes")
}

/// The HTTP statuses the mock answered with, in order.
pub fn statuses(mock: &Mock) -> Vec<u16> {
    mock.requests().iter().map(|r| r.status).collect()
}
