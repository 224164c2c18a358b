//! Secrets kept out of logs: a request retried over a loopback server, with every event of
//! the SDK written at TRACE level, shows its operation, attempts, status and request id, and
//! never a secret, a security token or a signature.
//!
//! One test in its own binary: it sets the process's global `tracing` subscriber and its
//! environment.

mod transport_support;

use cloudsdk::runtime::{send, Handle, Params};
use cloudsdk::{Config, Credentials};
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use transport_support::*;

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_or_logs() {
    for var in ["ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_ECS_METADATA_DISABLED"] {
        std::env::remove_var(var);
    }
    let home = std::env::temp_dir().join(format!("cloudsdk-home-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    std::env::set_var("HOME", &home);
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENVID");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ENV-SECRET-VALUE");
    std::env::set_var("ALIBABA_CLOUD_SECURITY_TOKEN", "ENV-TOKEN-VALUE");
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The global subscriber: a scoped one can miss events whose callsite interest another
    // thread cached first, and this binary holds this one test.
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this process");

    // The server echoes the token, as Alibaba does in a SignatureDoesNotMatch message.
    let echo = aliyun_error(400, "SignatureDoesNotMatch", "server string to sign is: SecurityToken=ENV-TOKEN-VALUE");
    let server = Server::start(vec![aliyun_error(503, "ServiceUnavailable", "down"), echo]).await;
    for signature in [cloudsdk::AliyunSignature::V3, cloudsdk::AliyunSignature::V1] {
        let c = Config::builder()
            .region("cn-hangzhou")
            .endpoint_url(&server.url)
            .retry_base_delay(Duration::from_millis(1))
            .aliyun_signature(signature)
            .build();
        let handle = Handle::new(&c);
        let e = send::<Value>(&handle, &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
        let shown = [format!("{e}"), format!("{e:?}"), format!("{handle:?}"), format!("{c:?}")];
        for text in shown {
            assert!(!text.contains("ENV-SECRET-VALUE") && !text.contains("ENV-TOKEN-VALUE"), "{text}");
        }
    }
    let explicit = Credentials::new("ID", "EXPLICIT-SECRET").with_security_token("EXPLICIT-TOKEN");
    let c = Config::builder().credentials(explicit.clone()).build();
    for text in [format!("{explicit:?}"), format!("{c:?}"), format!("{:?}", Handle::new(&c))] {
        assert!(text.contains("ID") && !text.contains("EXPLICIT-SECRET") && !text.contains("EXPLICIT-TOKEN"), "{text}");
    }

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("cloudsdk.send") && logs.contains("operation=\"DescribeImages\""), "{logs}");
    assert!(logs.contains("attempt=2") && logs.contains("status=503") && logs.contains("retrying"), "{logs}");
    assert!(
        logs.contains("request_id=\"7445DFC4-26F4-5C9C-8F50-4E8F3A5F1D2B\"") && logs.contains("elapsed_ms="),
        "{logs}"
    );
    assert!(!logs.contains("ENV-SECRET-VALUE") && !logs.contains("ENV-TOKEN-VALUE"), "{logs}");
    for r in server.requests() {
        let signature = match r.header("authorization") {
            Some(authorization) => authorization.split("Signature=").nth(1).expect("ACS3 signature").to_owned(),
            None => r.query_value("Signature").expect("V1 signature"),
        };
        assert!(signature.len() > 20 && !logs.contains(&signature), "signature {signature} in logs");
    }
    std::fs::remove_dir_all(home).unwrap();
}
