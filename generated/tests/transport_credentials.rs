//! Credentials resolved when a request is sent (environment variables, the Alibaba Cloud
//! CLI file under `$HOME`), the public providers of `cloudsdk::credentials` (the ECS
//! instance metadata service played by a loopback server), and secrets kept out of `Debug`
//! and `Display` (and out of logs: `logs.rs`).
//!
//! These tests change the process environment, so each holds [`ENV`] for its whole run.

mod transport_support;

use cloudsdk::credentials::{ChainProvider, EcsRamRoleProvider, EnvironmentProvider, ProfileFileProvider};
use cloudsdk::runtime::{send, Handle, Params};
use cloudsdk::{Config, Credentials, Error, ProvideCredentials};
use futures::future::BoxFuture;
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::{Mutex as AsyncMutex, MutexGuard};
use transport_support::*;

static ENV: AsyncMutex<()> = AsyncMutex::const_new(());

const VARS: [&str; 10] = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_PROFILE",
    // Set, it would send the default chain to the metadata service at 100.100.100.200.
    "ALIBABA_CLOUD_ECS_METADATA",
    "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
    "ALIBABA_CLOUD_IMDSV1_DISABLED",
    "JDCLOUD_ACCESS_KEY",
    "JDCLOUD_SECRET_KEY",
    "HOME",
];

const OK: &str = r#"{"RequestId":"ok"}"#;

/// Takes the environment lock and clears every variable the SDK reads; `HOME` points at a
/// fresh empty directory.
async fn clean_env() -> (MutexGuard<'static, ()>, PathBuf) {
    // An async lock: it is held across awaits, and a failed test does not poison it.
    let guard = ENV.lock().await;
    for var in VARS {
        std::env::remove_var(var);
    }
    let home = std::env::temp_dir().join(format!("cloudsdk-home-{}-{}", std::process::id(), uuid::Uuid::new_v4()));
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    std::env::set_var("HOME", &home);
    (guard, home)
}

fn config(url: &str) -> Config {
    Config::builder().region("cn-hangzhou").endpoint_url(url).retry_base_delay(Duration::from_millis(1)).build()
}

fn credential_of(authorization: &str) -> &str {
    let start = authorization.find("Credential=").unwrap() + "Credential=".len();
    let rest = &authorization[start..];
    &rest[..rest.find([',', '/']).unwrap()]
}

#[tokio::test]
async fn alibaba_environment_variables_are_used() {
    let (_env, home) = clean_env().await;
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENVID");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ENVSECRET");
    std::env::set_var("ALIBABA_CLOUD_SECURITY_TOKEN", "ENVTOKEN");
    let server = Server::start(vec![Reply::ok(OK)]).await;
    send::<Value>(&Handle::new(&config(&server.url)), &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    let [r] = server.requests().try_into().unwrap();
    assert_eq!(credential_of(r.header("authorization").unwrap()), "ENVID");
    assert_eq!(r.header("x-acs-security-token"), Some("ENVTOKEN"));
    std::fs::remove_dir_all(home).unwrap();
}

#[tokio::test]
async fn jdcloud_environment_variables_are_used() {
    let (_env, home) = clean_env().await;
    std::env::set_var("JDCLOUD_ACCESS_KEY", "JDAK");
    std::env::set_var("JDCLOUD_SECRET_KEY", "JDSK");
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let mut p = Params::new();
    p.path("imageId", &Some("img-1".to_owned()));
    let c = Config::builder().region("cn-north-1").endpoint_url(&server.url).build();
    send::<Value>(&Handle::new(&c), &DESCRIBE_CONSTRAINTS, p).await.unwrap();
    let [r] = server.requests().try_into().unwrap();
    assert_eq!(credential_of(r.header("authorization").unwrap()), "JDAK");
    std::fs::remove_dir_all(home).unwrap();
}

#[tokio::test]
async fn the_alibaba_cli_profile_in_home_is_used() {
    let (_env, home) = clean_env().await;
    let file = r#"{"current": "temp", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": "FILEID", "access_key_secret": "FILESECRET"},
        {"name": "temp", "mode": "StsToken", "access_key_id": "STSID", "access_key_secret": "STSSECRET", "sts_token": "STSTOKEN"}
    ]}"#;
    std::fs::write(home.join(".aliyun/config.json"), file).unwrap();
    let server = Server::start(vec![Reply::ok(OK), Reply::ok(OK), Reply::ok(OK)]).await;
    let handle = Handle::new(&config(&server.url));
    send::<Value>(&handle, &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    std::env::set_var("ALIBABA_CLOUD_PROFILE", "default");
    // A Config keeps the credentials it found (they have no expiration): the file is read
    // once, not on every request. A new Config looks again.
    send::<Value>(&handle, &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    send::<Value>(&Handle::new(&config(&server.url)), &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    let [sts, cached, ak] = server.requests().try_into().unwrap();
    assert_eq!(credential_of(cached.header("authorization").unwrap()), "STSID");
    assert_eq!(credential_of(sts.header("authorization").unwrap()), "STSID");
    assert_eq!(sts.header("x-acs-security-token"), Some("STSTOKEN"));
    assert_eq!(credential_of(ak.header("authorization").unwrap()), "FILEID");
    assert_eq!(ak.header("x-acs-security-token"), None);
    std::fs::remove_dir_all(home).unwrap();
}

#[tokio::test]
async fn explicit_credentials_win_over_the_environment() {
    let (_env, home) = clean_env().await;
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENVID");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ENVSECRET");
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let c = Config::builder()
        .credentials(Credentials::new("EXPLICIT", "S"))
        .region("cn-hangzhou")
        .endpoint_url(&server.url)
        .build();
    send::<Value>(&Handle::new(&c), &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    let [r] = server.requests().try_into().unwrap();
    assert_eq!(credential_of(r.header("authorization").unwrap()), "EXPLICIT");
    std::fs::remove_dir_all(home).unwrap();
}

#[tokio::test]
async fn missing_credentials_name_what_was_tried_and_send_nothing() {
    let (_env, home) = clean_env().await;
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let e = send::<Value>(&Handle::new(&config(&server.url)), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::Credentials { .. }));
    assert_eq!(
        e.to_string(),
        format!(
            "no credentials: for Alibaba Cloud: tried Config::credentials (not set), the environment variables \
             ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set), and the Alibaba Cloud \
             CLI file {} (not found)",
            home.join(".aliyun").join("config.json").display()
        )
    );
    let mut p = Params::new();
    p.path("imageId", &Some("img-1".to_owned()));
    let e = send::<Value>(&Handle::new(&config(&server.url)), &DESCRIBE_CONSTRAINTS, p).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "no credentials: for JD Cloud: tried Config::credentials (not set) and the environment variables \
         JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY (not set)"
    );
    assert!(server.requests().is_empty());
    std::fs::remove_dir_all(home).unwrap();
}

#[tokio::test]
async fn an_unsupported_cli_mode_is_explained() {
    let (_env, home) = clean_env().await;
    let file = r#"{"current": "role", "profiles": [{"name": "role", "mode": "RamRoleArn", "ram_role_arn": "acs:ram::1:role/r"}]}"#;
    std::fs::write(home.join(".aliyun/config.json"), file).unwrap();
    let e =
        send::<Value>(&Handle::new(&config("http://127.0.0.1:9")), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "no credentials: profile \"role\" of the Alibaba Cloud CLI file {} uses mode \"RamRoleArn\", which is \
             not supported: use mode AK, StsToken or EcsRamRole, or set ALIBABA_CLOUD_ACCESS_KEY_ID and \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            home.join(".aliyun").join("config.json").display()
        )
    );
    std::fs::remove_dir_all(home).unwrap();
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_display() {
    let (_env, home) = clean_env().await;
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENVID");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ENV-SECRET-VALUE");
    std::env::set_var("ALIBABA_CLOUD_SECURITY_TOKEN", "ENV-TOKEN-VALUE");
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

    std::fs::remove_dir_all(home).unwrap();
}

/// What the metadata service answers for a role.
fn metadata_credentials(secret: &str, token: &str) -> String {
    format!(
        r#"{{"AccessKeyId":"STS.IMDSID","AccessKeySecret":"{secret}","Expiration":"2026-12-01T12:00:00Z","SecurityToken":"{token}","LastUpdated":"2026-12-01T06:00:00Z","Code":"Success"}}"#
    )
}

#[tokio::test]
async fn the_ecs_ram_role_comes_from_the_metadata_service_with_a_token() {
    let server = Server::start(vec![
        Reply::ok("METADATA-TOKEN"),
        Reply::ok("app-role\n"),
        Reply::ok(&metadata_credentials("IMDS-SECRET", "IMDS-STS")),
    ])
    .await;
    let provider = EcsRamRoleProvider::builder().endpoint(&server.url).build();
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret(), c.security_token()),
        ("STS.IMDSID", "IMDS-SECRET", Some("IMDS-STS"))
    );
    let expected = std::time::UNIX_EPOCH + Duration::from_secs(1_796_126_400);
    assert_eq!(c.expiration(), Some(expected));
    let [token, role, creds] = server.requests().try_into().unwrap();
    assert_eq!((token.method.as_str(), token.path.as_str()), ("PUT", "/latest/api/token"));
    assert_eq!(token.header("x-aliyun-ecs-metadata-token-ttl-seconds"), Some("21600"));
    assert_eq!((role.method.as_str(), role.path.as_str()), ("GET", "/latest/meta-data/ram/security-credentials/"));
    assert_eq!(creds.path, "/latest/meta-data/ram/security-credentials/app-role");
    for r in [&role, &creds] {
        assert_eq!(r.header("x-aliyun-ecs-metadata-token"), Some("METADATA-TOKEN"));
    }
    for text in [format!("{c:?}"), format!("{provider:?}")] {
        assert!(
            !text.contains("IMDS-SECRET") && !text.contains("IMDS-STS") && !text.contains("METADATA-TOKEN"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn the_metadata_service_without_tokens_and_its_failures() {
    // The token request fails (IMDSv1 only): plain requests follow, for the named role.
    let server = Server::start(vec![Reply::new(403, ""), Reply::ok(&metadata_credentials("S1", "T1"))]).await;
    let c = EcsRamRoleProvider::builder().endpoint(&server.url).role_name("app-role").imds_v1_disabled(false).build();
    assert_eq!(c.provide_credentials().await.unwrap().access_key_secret(), "S1");
    let [_, creds] = server.requests().try_into().unwrap();
    assert_eq!(creds.path, "/latest/meta-data/ram/security-credentials/app-role");
    assert_eq!(creds.header("x-aliyun-ecs-metadata-token"), None);

    let failing = metadata_credentials("LEAKED-SECRET", "LEAKED-TOKEN").replace("Success", "InvalidRole");
    let server = Server::start(vec![Reply::ok("T"), Reply::ok(&failing)]).await;
    let p = EcsRamRoleProvider::builder().endpoint(&server.url).role_name("app-role").build();
    let e = p.provide_credentials().await.unwrap_err();
    assert!(matches!(e, Error::Credentials { .. }));
    assert_eq!(
        e.to_string(),
        format!(
            "no credentials: cannot get the credentials of RAM role \"app-role\" from the ECS instance metadata \
             service at {}: the service answered Code \"InvalidRole\"",
            server.url
        )
    );
    assert!(!format!("{e:?}").contains("LEAKED"));

    let server = Server::start(vec![Reply::new(404, "")]).await;
    let p = EcsRamRoleProvider::builder().endpoint(&server.url).imds_v1_disabled(true).build();
    assert!(p
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string()
        .ends_with("(HTTP 404), and requests without one (IMDSv1) are disabled"));
    assert_eq!(server.requests().len(), 1);
}

/// A provider of the user's own.
#[derive(Debug)]
struct Vault(Result<&'static str, &'static str>);

impl ProvideCredentials for Vault {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async {
            match self.0 {
                Ok(id) => Ok(Credentials::new(id, "VAULT-SECRET")),
                Err(why) => Err(Error::Credentials { message: why.to_owned() }),
            }
        })
    }
}

#[tokio::test]
async fn public_providers_and_chains_over_the_process_environment() {
    let (_env, home) = clean_env().await;
    let path = home.join(".aliyun").join("config.json").display().to_string();
    let chain = ChainProvider::first_try(EnvironmentProvider::aliyun()).or_else(ProfileFileProvider::new());
    let e = chain.provide_credentials().await.unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "no credentials: tried the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set) and the Alibaba Cloud CLI file {path} (not found)"
        )
    );
    let shared: std::sync::Arc<dyn ProvideCredentials> = std::sync::Arc::new(chain.clone().or_else(Vault(Ok("VAULT"))));
    assert_eq!(shared.provide_credentials().await.unwrap().access_key_id(), "VAULT");
    let sealed = chain.clone().or_else(Vault(Err("vault sealed"))).or_else(Credentials::new("LAST", "S"));
    assert_eq!(sealed.provide_credentials().await.unwrap_err().to_string(), "no credentials: vault sealed");

    std::fs::write(
        &path,
        r#"{"profiles": [{"name": "ci", "mode": "AK", "access_key_id": "CI", "access_key_secret": "S"}]}"#,
    )
    .unwrap();
    let ci = ProfileFileProvider::new().profile("ci").provide_credentials().await.unwrap();
    assert_eq!(ci.access_key_id(), "CI");
    std::env::set_var("JDCLOUD_ACCESS_KEY", "JDAK");
    let e = EnvironmentProvider::jdcloud().provide_credentials().await.unwrap_err();
    assert_eq!(e.to_string(), "no credentials: JDCLOUD_ACCESS_KEY is set but JDCLOUD_SECRET_KEY is not; set both");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENVID");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ENVSECRET");
    assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "ENVID");
    std::fs::remove_dir_all(home).unwrap();
}

#[tokio::test]
async fn static_credentials_are_a_provider_and_may_expire() {
    let at = std::time::UNIX_EPOCH + Duration::from_secs(1_796_126_400);
    let c = Credentials::new("ID", "SECRET-VALUE").with_security_token("TOKEN-VALUE").with_expiration(at);
    assert_eq!(c.provide_credentials().await.unwrap(), c);
    assert_eq!(c.expiration(), Some(at));
    let text = format!("{c:?}");
    assert!(
        text.contains("2026-12-01T12:00:00Z") && !text.contains("SECRET-VALUE") && !text.contains("TOKEN-VALUE"),
        "{text}"
    );
}

/// Counts how often it is asked; its credentials expire far in the future.
#[derive(Debug, Default)]
struct Counting(std::sync::atomic::AtomicUsize);

impl cloudsdk::ProvideCredentials for Counting {
    fn provide_credentials(&self) -> futures::future::BoxFuture<'_, Result<cloudsdk::Credentials, cloudsdk::Error>> {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let expires = std::time::SystemTime::now() + Duration::from_secs(3600);
            Ok(cloudsdk::Credentials::new(format!("PROVIDED{n}"), "s").with_expiration(expires))
        })
    }
}

#[tokio::test]
async fn a_provider_is_asked_once_for_every_client_and_request_of_a_config() {
    let provider = std::sync::Arc::new(Counting::default());
    #[derive(Debug)]
    struct Shared(std::sync::Arc<Counting>);
    impl cloudsdk::ProvideCredentials for Shared {
        fn provide_credentials(
            &self,
        ) -> futures::future::BoxFuture<'_, Result<cloudsdk::Credentials, cloudsdk::Error>> {
            self.0.provide_credentials()
        }
    }
    let server = Server::start((0..20).map(|_| Reply::ok(OK)).collect()).await;
    let c = Config::builder()
        .region("cn-hangzhou")
        .endpoint_url(&server.url)
        .credentials_provider(Shared(std::sync::Arc::clone(&provider)))
        .build();
    let calls = (0..10).map(|i| {
        // Several handles (clients) of one Config, and a clone of it.
        let handle = if i % 2 == 0 { Handle::new(&c) } else { Handle::new(&c.clone()) };
        async move { send::<Value>(&handle, &DESCRIBE_IMAGES, Params::new()).await }
    });
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(provider.0.load(std::sync::atomic::Ordering::SeqCst), 1, "one fetch for 10 concurrent requests");
    assert!(server.requests().iter().all(|r| credential_of(r.header("authorization").unwrap()) == "PROVIDED0"));
}
