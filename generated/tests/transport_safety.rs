//! Retries never repeat a write, bounds hold, and hostile values are refused before
//! anything is sent: `runtime::send` against a scripted loopback server.

mod transport_support;

use cloudsdk::runtime::{Operation, Params};
use cloudsdk::{AliyunSignature, Config, Credentials, Error};
use std::time::{Duration, Instant};
use transport_support::*;

const OK: &str = r#"{"RequestId":"ok-1","KeyPairName":"k"}"#;

/// A write without an idempotency token (like `CreateKeyPair`).
static WRITE: Operation = Operation {
    service: &ECS,
    name: "CreateKeyPair",
    method: "POST",
    path: "/",
    required: &["RegionId"],
    idempotent: false,
    idempotency_token: None,
    region: true,
};

/// A write made safe to repeat by its client token (like `CreateHpcCluster`).
static TOKENED: Operation = Operation {
    service: &ECS,
    name: "CreateHpcCluster",
    method: "POST",
    path: "/",
    required: &["RegionId"],
    idempotent: false,
    idempotency_token: Some(cloudsdk::runtime::Token::Query("ClientToken")),
    region: true,
};

fn config(url: &str) -> cloudsdk::ConfigBuilder {
    aliyun_config(url)
}

#[tokio::test]
async fn a_write_whose_answer_was_lost_is_not_repeated() {
    let server = Server::start(vec![Reply::reset(), Reply::ok(OK)]).await;
    let e = call(&config(&server.url).build(), &WRITE, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert_eq!(server.requests().len(), 1, "the write reached the server once and was not sent again");
}

#[tokio::test]
async fn a_write_that_failed_on_the_server_is_not_repeated() {
    for reply in [
        Reply::new(503, r#"{"Code":"ServiceUnavailable","Message":"m","RequestId":"r"}"#),
        aliyun_error(500, "InternalError", "The request processing has failed due to some unknown error."),
        aliyun_error(400, "UnknownError", "unknown"),
        Reply::new(502, "<html>Bad Gateway</html>"),
    ] {
        let server = Server::start(vec![reply, Reply::ok(OK)]).await;
        let e = call(&config(&server.url).build(), &WRITE, Params::new()).await.unwrap_err();
        assert!(matches!(e, Error::Service(_) | Error::Deserialize { .. }), "{e:?}");
        assert_eq!(server.requests().len(), 1, "{e}");
    }
}

#[tokio::test]
async fn a_write_whose_attempt_timed_out_is_not_repeated() {
    let server = Server::start(vec![Reply::ok(OK).delay(Duration::from_millis(500)), Reply::ok(OK)]).await;
    let c = config(&server.url).timeout(Duration::from_millis(100)).build();
    let e = call(&c, &WRITE, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_throttled_write_is_retried() {
    let server = Server::start(vec![
        aliyun_error(400, "Throttling.User", "Request was denied due to user flow control."),
        Reply::ok(OK),
    ])
    .await;
    call(&config(&server.url).build(), &WRITE, Params::new()).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_write_that_could_not_connect_is_retried_until_attempts_run_out() {
    let url = closed_port_url().await;
    let started = Instant::now();
    let e = call(&config(&url).max_attempts(3).build(), &WRITE, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert!(e.to_string().contains("cannot connect"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_write_with_a_client_token_is_retried_with_the_same_token() {
    let server = Server::start(vec![
        Reply::reset(),
        Reply::new(503, r#"{"Code":"ServiceUnavailable","Message":"m"}"#),
        Reply::ok(OK),
    ])
    .await;
    call(&config(&server.url).build(), &TOKENED, Params::new()).await.unwrap();
    let tokens: Vec<String> =
        server.requests().iter().map(|r| r.query_value("ClientToken").expect("a token")).collect();
    assert_eq!(tokens.len(), 3);
    assert!(tokens.iter().all(|t| t == &tokens[0]), "{tokens:?}");
    assert!(uuid_like(&tokens[0]), "{}", tokens[0]);

    // Another call gets another token; a token the caller set is sent as is, every time.
    let server = Server::start(vec![Reply::reset(), Reply::ok(OK)]).await;
    let mut p = Params::new();
    p.simple("ClientToken", &Some("caller-token-1".to_owned()));
    call(&config(&server.url).build(), &TOKENED, p).await.unwrap();
    let tokens: Vec<String> = server.requests().iter().map(|r| r.query_value("ClientToken").unwrap()).collect();
    assert_eq!(tokens, ["caller-token-1", "caller-token-1"]);
}

#[tokio::test]
async fn each_call_gets_its_own_client_token_under_both_signatures() {
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        let server = Server::start(vec![Reply::ok(OK), Reply::ok(OK)]).await;
        let c = config(&server.url).aliyun_signature(signature).build();
        call(&c, &TOKENED, Params::new()).await.unwrap();
        call(&c, &TOKENED, Params::new()).await.unwrap();
        let tokens: Vec<String> = server.requests().iter().map(|r| r.query_value("ClientToken").unwrap()).collect();
        assert_eq!(tokens.len(), 2);
        assert_ne!(tokens[0], tokens[1]);
    }
}

#[tokio::test]
async fn a_read_whose_answer_was_lost_is_retried() {
    let server = Server::start(vec![Reply::reset(), Reply::ok(OK)]).await;
    call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_operation_timeout_bounds_every_attempt_and_wait() {
    let slow = || Reply::ok(OK).delay(Duration::from_secs(2));
    let server = Server::start(vec![slow(), slow(), slow()]).await;
    let c = config(&server.url).timeout(Duration::from_secs(5)).operation_timeout(Duration::from_millis(300)).build();
    let started = Instant::now();
    let e = call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::Timeout { after, .. } if after == Duration::from_millis(300)), "{e:?}");
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());

    // A retry whose backoff would pass the deadline is not attempted: the last error is returned.
    let server =
        Server::start(vec![Reply::new(503, r#"{"Code":"ServiceUnavailable","Message":"m"}"#), Reply::ok(OK)]).await;
    let c =
        config(&server.url).retry_base_delay(Duration::from_secs(10)).operation_timeout(Duration::from_secs(1)).build();
    let started = Instant::now();
    let e = call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert_eq!(e.as_service().map(|s| s.status()), Some(503), "{e:?}");
    assert_eq!(server.requests().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn an_answer_over_the_size_limit_is_refused() {
    let big = format!(r#"{{"RequestId":"r","Pad":"{}"}}"#, "x".repeat(4096));
    let server = Server::start(vec![Reply::ok(&big), Reply::ok(&big)]).await;
    let c = config(&server.url).max_response_bytes(1024).build();
    let e = call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::ResponseTooLarge { limit: 1024, .. }), "{e:?}");
    assert_eq!(server.requests().len(), 1, "not retried");
    assert_eq!(
        e.to_string(),
        "DescribeImages: the answer is larger than 1024 bytes (Config::max_response_bytes); it was not read"
    );
    let c = config(&server.url).max_response_bytes(big.len() as u64).build();
    call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap();
}

#[tokio::test]
async fn hostile_regions_are_refused_before_anything_is_sent() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    for region in ["evil.example/", "cn-hangzhou.evil.example", "a/b", "x:1", "", "CN-HANGZHOU", "cn-hangzhou\r\nx: y"]
    {
        // From the configuration, without and with an endpoint URL.
        let no_endpoint = Config::builder().credentials(Credentials::new("a", "b")).region(region).build();
        let e = call(&no_endpoint, &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
        let Error::Build { message, .. } = &e else { panic!("{e:?}") };
        assert!(message.starts_with(&format!("region {region:?} is not a region id")), "{message}");
        let e = call(&config(&server.url).region(region).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
        assert!(matches!(e, Error::Build { .. }), "{e:?}");
        // From the operation's region parameter.
        let mut p = Params::new();
        p.simple("RegionId", &Some(region.to_owned()));
        let e = call(&config(&server.url).build(), &DESCRIBE_IMAGES, p).await.unwrap_err();
        assert!(matches!(e, Error::Build { .. }), "{e:?}");
        let mut p = Params::new();
        p.path("regionId", &Some(region.to_owned()));
        p.path("imageId", &Some("img-1".to_owned()));
        let e = call(&config(&server.url).build(), &DESCRIBE_CONSTRAINTS, p).await.unwrap_err();
        assert!(matches!(e, Error::Build { .. }), "{e:?}");
    }
    assert_eq!(server.requests().len(), 0);
}

#[tokio::test]
async fn route_changing_path_values_are_refused_before_anything_is_sent() {
    let server = Server::start(vec![Reply::ok(r#"{"requestId":"r","result":{}}"#)]).await;
    for value in ["", ".", ".."] {
        let mut p = Params::new();
        p.path("regionId", &Some("cn-north-1".to_owned()));
        p.path("imageId", &Some(value.to_owned()));
        let e = call(&config(&server.url).build(), &DESCRIBE_CONSTRAINTS, p).await.unwrap_err();
        let Error::Build { message, .. } = &e else { panic!("{e:?}") };
        assert!(
            message.starts_with(&format!("path parameter imageId is {value:?}, which would change the route")),
            "{message}"
        );
    }
    assert_eq!(server.requests().len(), 0);
    // A value with slashes and dots stays one segment: the path sent is the path signed.
    let mut p = Params::new();
    p.path("regionId", &Some("cn-north-1".to_owned()));
    p.path("imageId", &Some("../../instances".to_owned()));
    call(&config(&server.url).build(), &DESCRIBE_CONSTRAINTS, p).await.unwrap();
    assert_eq!(server.requests()[0].path, "/v1/regions/cn-north-1/images/..%2F..%2Finstances/constraints");
}

#[tokio::test]
async fn line_breaks_in_header_values_are_refused_before_anything_is_sent() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let e = call(&config(&server.url).user_agent("app/1.0\r\nx-injected: 1").build(), &DESCRIBE_IMAGES, Params::new())
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "DescribeImages: invalid request, nothing was sent: the value of header user-agent contains a line break or another control character"
    );
    let token = Credentials::new("testid", "testsecret").with_security_token("STSSECRETVALUE\nx-injected: 1");
    let e = call(&config(&server.url).credentials(token).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::Build { .. }), "{e:?}");
    assert!(
        !e.to_string().contains("STSSECRETVALUE") && !format!("{e:?}").contains("STSSECRETVALUE"),
        "the token is not quoted: {e}"
    );
    // An access key id travels in the Authorization header with V3 (refused); V1 sends it
    // percent-encoded in the query, where a line break cannot start a header.
    let key = Credentials::new("id\r\nx-injected: 1", "testsecret");
    let e = call(&config(&server.url).credentials(key).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::Build { .. }), "{e:?}");
    assert_eq!(server.requests().len(), 0);
}

#[tokio::test]
async fn a_signer_the_service_does_not_accept_is_refused() {
    static ONLY_V3: cloudsdk::runtime::Service =
        cloudsdk::runtime::Service { signers: &[cloudsdk::runtime::signing::Signer::Acs3HmacSha256], ..ECS_FIELDS };
    static OP: Operation = Operation { service: &ONLY_V3, ..DESCRIBE_FIELDS };
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let e =
        call(&config(&server.url).aliyun_signature(AliyunSignature::V1).build(), &OP, Params::new()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "DescribeImages: invalid request, nothing was sent: service ecs does not accept hmac-sha1 signatures (it accepts acs3-hmac-sha256)"
    );
    assert_eq!(server.requests().len(), 0);
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36
        && s.chars().filter(|c| *c == '-').count() == 4
        && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

#[tokio::test]
async fn the_service_default_signer_applies_unless_the_config_picks_one() {
    static V1_DEFAULT: cloudsdk::runtime::Service =
        cloudsdk::runtime::Service { default_signer: cloudsdk::runtime::signing::Signer::HmacSha1, ..ECS_FIELDS };
    static OP: Operation = Operation { service: &V1_DEFAULT, ..DESCRIBE_FIELDS };
    let server = Server::start(vec![Reply::ok(OK), Reply::ok(OK), Reply::ok(OK)]).await;
    call(&config(&server.url).build(), &OP, Params::new()).await.unwrap();
    call(&config(&server.url).aliyun_signature(AliyunSignature::V3).build(), &OP, Params::new()).await.unwrap();
    call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    let r = server.requests();
    assert_eq!(r[0].query_value("SignatureMethod").as_deref(), Some("HMAC-SHA1"), "signing.default of the service");
    assert!(r[0].header("authorization").is_none());
    assert!(r[1].header("authorization").is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256 ")), "the Config's choice");
    assert!(r[2].header("authorization").is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256 ")), "ECS's default");
}
