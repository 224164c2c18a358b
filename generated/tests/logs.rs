//! Nothing secret reaches the logs: every request kind is sent with `tracing` at TRACE (and
//! the `log` records of the HTTP stack forwarded to it) into a buffer, which must then hold
//! no secret, no token (raw, percent- or base64-encoded), no signature and no parameter
//! value marked sensitive, while it does hold the events that show logging was on.
//!
//! One test in this binary: the subscriber is process-wide, and the test sets the process's
//! environment (credentials from `ALIBABA_CLOUD_*`).

mod transport_support;

use base64::Engine as _;
use cloudsdk::runtime::{send, Handle, Params};
use cloudsdk::{AliyunSignature, Config, Credentials, Error, JdcloudSignature};
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use transport_support::*;

const SECRET: &str = "LogTestSecretKey0123456789";
const TOKEN: &str = "CAIS+LogTestToken/sts==";
const ENV_SECRET: &str = "LogTestEnvSecret9876543210";
const ENV_TOKEN: &str = "CAIS+LogTestEnvToken/sts==";
const SENSITIVE: &str = "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn config(url: &str) -> cloudsdk::ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new("LogTestKeyId", SECRET).with_security_token(TOKEN))
        .region("cn-hangzhou")
        .endpoint_url(url)
        .retry_base_delay(Duration::from_millis(1))
        .timeout(Duration::from_secs(5))
}

#[tokio::test]
async fn no_secret_token_signature_or_sensitive_value_is_logged_at_trace() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let sensitive_answer = format!(r#"{{"RequestId":"r-1","PrivateKeyBody":"{SENSITIVE}"}}"#);
    let error_echoing_token = format!(
        r#"{{"RequestId":"r-2","Code":"SignatureDoesNotMatch","Message":"string to sign: {}"}}"#,
        cloudsdk::runtime::signing::percent_encode(TOKEN)
    );
    let server = Server::start(vec![
        // Alibaba V3 and V1: a retry after a 503, then answers.
        Reply::new(503, r#"{"Code":"ServiceUnavailable","Message":"m"}"#),
        Reply::ok(&sensitive_answer),
        Reply::ok(&sensitive_answer),
        Reply::new(400, &error_echoing_token),
        // JD Cloud JDCLOUD2 and JDCLOUD3.
        Reply::ok(r#"{"requestId":"r-3","result":{}}"#),
        Reply::ok(r#"{"requestId":"r-4","result":{}}"#),
        // A 2xx body that does not deserialize.
        Reply::ok(&format!(r#"{{"TotalCount":"{SENSITIVE}"}}"#)),
    ])
    .await;
    let mut sensitive_params = Params::new();
    sensitive_params.simple("Password", &Some(SENSITIVE.to_owned()));
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        let c = config(&server.url).aliyun_signature(signature).build();
        let out: Result<Value, Error> = send(&Handle::new(&c), &DESCRIBE_IMAGES, sensitive_params.clone()).await;
        tracing::info!(config = ?c, result = ?out.as_ref().map(|_| "ok"), "a caller logs its config");
    }
    let c = config(&server.url).build();
    let e = send::<Value>(&Handle::new(&c), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    tracing::error!(error = %e, debug = ?e, "a caller logs the error");
    for signature in [JdcloudSignature::V2, JdcloudSignature::V3] {
        let c = config(&server.url).jdcloud_signature(signature).build();
        let mut p = Params::new();
        p.path("imageId", &Some("img-1".to_owned()));
        send::<Value>(&Handle::new(&c), &DESCRIBE_CONSTRAINTS, p).await.unwrap();
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Out {
        #[serde(rename = "TotalCount")]
        total_count: i32,
    }
    let e = send::<Out>(&Handle::new(&config(&server.url).build()), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    tracing::error!(error = %e, debug = ?e, "a caller logs the error");

    // Credentials from the environment, and a server that echoes the token as Alibaba does
    // in a SignatureDoesNotMatch message.
    let home = std::env::temp_dir().join(format!("cloudsdk-logs-home-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aliyun")).expect("a HOME");
    for var in ["ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_ECS_METADATA_DISABLED"] {
        std::env::remove_var(var);
    }
    std::env::set_var("HOME", &home);
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENVID");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET);
    std::env::set_var("ALIBABA_CLOUD_SECURITY_TOKEN", ENV_TOKEN);
    let echo =
        aliyun_error(400, "SignatureDoesNotMatch", &format!("server string to sign is: SecurityToken={ENV_TOKEN}"));
    let down = aliyun_error(503, "ServiceUnavailable", "down");
    let env_server = Server::start(vec![down.clone(), echo.clone(), down, echo]).await;
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        let c = Config::builder()
            .region("cn-hangzhou")
            .endpoint_url(&env_server.url)
            .retry_base_delay(Duration::from_millis(1))
            .aliyun_signature(signature)
            .build();
        let e = send::<Value>(&Handle::new(&c), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
        tracing::error!(error = %e, debug = ?e, "a caller logs the error");
    }
    std::fs::remove_dir_all(home).expect("HOME removed");

    let logs = String::from_utf8(buffer.0.lock().expect("lock").clone()).expect("utf-8 logs");
    if std::env::var_os("CLOUDSDK_PRINT_LOGS").is_some() {
        eprintln!("{logs}");
    }
    let mut requests = server.requests();
    assert_eq!(requests.len(), 7);
    requests.extend(env_server.requests());
    assert_eq!(requests.len(), 11);
    // Logging was on: the pipeline's own events and the HTTP stack's are there.
    for expected in [
        "cloudsdk.send",
        "request prepared",
        "retrying",
        "answer",
        "status=503",
        "attempt=2",
        "request_id=\"7445DFC4-26F4-5C9C-8F50-4E8F3A5F1D2B\"",
        "elapsed_ms=",
        "DescribeImages",
        "describeImageConstraints",
    ] {
        assert!(logs.contains(expected), "no {expected:?} in the logs:\n{logs}");
    }
    assert!(logs.contains("TRACE"), "TRACE events were recorded:\n{logs}");

    let mut forbidden = vec![
        SECRET.to_owned(),
        TOKEN.to_owned(),
        cloudsdk::runtime::signing::percent_encode(TOKEN),
        base64::engine::general_purpose::STANDARD.encode(TOKEN),
        SENSITIVE.to_owned(),
        ENV_SECRET.to_owned(),
        ENV_TOKEN.to_owned(),
        cloudsdk::runtime::signing::percent_encode(SENSITIVE),
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".to_owned(),
    ];
    for r in &requests {
        if let Some(authorization) = r.header("authorization") {
            forbidden.push(authorization.rsplit("Signature=").next().expect("a signature").to_owned());
        }
        if let Some(signature) = r.query_value("Signature") {
            forbidden.push(signature.clone());
            forbidden.push(cloudsdk::runtime::signing::percent_encode(&signature));
        }
    }
    assert!(forbidden.len() >= 18, "{forbidden:?}");
    for secret in &forbidden {
        assert!(!logs.contains(secret.as_str()), "{secret:?} reached the logs:\n{logs}");
    }
}
