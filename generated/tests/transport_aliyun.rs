//! `runtime::send` against a scripted loopback server: Alibaba Cloud RPC requests (V3 and
//! V1 signatures), retries, timeouts, and error mapping.

mod transport_support;

use cloudsdk::runtime::signing::{acs3, rpc_v1, AccessKey};
use cloudsdk::runtime::{send, Handle, Operation, Params};
use cloudsdk::{AliyunSignature, Config, Credentials, Error};
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;
use transport_support::*;

const OK: &str = r#"{"RequestId":"ok-1","TotalCount":0,"Images":{"Image":[]}}"#;

fn config(url: &str) -> cloudsdk::ConfigBuilder {
    aliyun_config(url)
}

fn params(pairs: &[(&str, &str)]) -> Params {
    let mut p = Params::new();
    for (name, value) in pairs {
        p.simple(name, &Some((*value).to_owned()));
    }
    p
}

fn service_error(result: Result<Value, Error>) -> cloudsdk::ServiceError {
    match result {
        Err(Error::Service(e)) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// Recomputes the ACS3 signature from the request as received and compares.
fn assert_acs3_verifies(r: &Received, secret: &str) {
    let authorization = r.header("authorization").expect("authorization header");
    let fields = authorization.strip_prefix("ACS3-HMAC-SHA256 ").expect("ACS3 algorithm");
    let fields: HashMap<&str, &str> = fields.split(',').filter_map(|f| f.split_once('=')).collect();
    let headers: Vec<(String, String)> = fields["SignedHeaders"]
        .split(';')
        .map(|name| {
            (name.to_owned(), r.header(name).unwrap_or_else(|| panic!("signed header {name} not received")).to_owned())
        })
        .collect();
    let payload = r.header("x-acs-content-sha256").expect("x-acs-content-sha256");
    let key = AccessKey::new(fields["Credential"], secret);
    let signed = acs3::sign(&r.method, &r.path, r.query(), &headers, payload, &key);
    assert_eq!(signed.signature, fields["Signature"], "canonical request: {}", signed.canonical_request);
}

#[tokio::test]
async fn a_missing_required_parameter_sends_nothing() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let no_region = Config::builder().endpoint_url(&server.url).credentials(Credentials::new("a", "b")).build();
    let e = call(&no_region, &DESCRIBE_SUPPORT, Params::new()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "DescribeImageSupportInstanceTypes: invalid request, nothing was sent: required parameters RegionId, ImageId are not set"
    );
    assert!(matches!(e, Error::Build { operation: "DescribeImageSupportInstanceTypes", .. }));
    let e = call(&config(&server.url).build(), &DESCRIBE_SUPPORT, Params::new()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "DescribeImageSupportInstanceTypes: invalid request, nothing was sent: required parameter ImageId is not set"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_default_region_is_filled_from_config() {
    let server = Server::start(vec![Reply::ok(OK), Reply::ok(OK)]).await;
    let c = config(&server.url).build();
    call(&c, &DESCRIBE_SUPPORT, params(&[("ImageId", "m-1")])).await.unwrap();
    call(&c, &DESCRIBE_SUPPORT, params(&[("RegionId", "cn-beijing"), ("ImageId", "m-1")])).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].query(), [("ImageId".into(), "m-1".into()), ("RegionId".into(), "cn-hangzhou".into())]);
    assert_eq!(requests[1].query_value("RegionId").as_deref(), Some("cn-beijing"));
}

#[tokio::test]
async fn no_region_and_no_endpoint_is_a_build_error() {
    static ANYWHERE: Operation = Operation {
        service: &ECS,
        name: "DescribeRegions",
        method: "POST",
        path: "/",
        required: &[],
        idempotent: true,
        idempotency_token: None,
        region: true,
    };
    let c = Config::builder().credentials(Credentials::new("a", "b")).build();
    let e = call(&c, &ANYWHERE, Params::new()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "DescribeRegions: invalid request, nothing was sent: no endpoint for service ecs: set a region \
         (Config::region or the operation's RegionId) or Config::endpoint_url"
    );
}

#[tokio::test]
async fn v3_requests_carry_the_official_headers_and_verify() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let c = config(&server.url).user_agent("refvectors/1.0").build();
    let sent = [
        ("ImageName", "中文镜像 test*name~v1"),
        ("ImageOwnerAlias", "self"),
        ("DryRun", "true"),
        ("Tag.1.Key", "env"),
        ("Tag.1.Value", "prod test"),
        ("Tag.2.Value", "a*b"),
        ("NextToken", "tok/with+chars="),
        ("InstanceIds", r#"["i-1","i-2"]"#),
    ];
    let out = call(&c, &DESCRIBE_IMAGES, params(&sent)).await.unwrap();
    assert_eq!(out["RequestId"], "ok-1");
    let [r] = server.requests().try_into().unwrap();
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    let mut expected: Vec<(String, String)> = sent.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    expected.push(("RegionId".into(), "cn-hangzhou".into()));
    assert_eq!(r.query(), expected, "the server decodes exactly the signed values");
    assert!(r.raw_query.contains("prod%20test") && !r.raw_query.contains('+'), "{}", r.raw_query);
    assert_eq!(r.header("host"), Some(server.url.trim_start_matches("http://")));
    assert_eq!(r.header("x-acs-action"), Some("DescribeImages"));
    assert_eq!(r.header("x-acs-version"), Some("2014-05-26"));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("user-agent"), Some("refvectors/1.0"));
    assert_eq!(
        r.header("x-acs-content-sha256"),
        Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    assert_eq!(r.header("x-acs-security-token"), None);
    let date = r.header("x-acs-date").unwrap();
    assert!(date.len() == 20 && date.as_bytes()[10] == b'T' && date.ends_with('Z'), "{date}");
    let nonce = r.header("x-acs-signature-nonce").unwrap();
    assert!(nonce.len() == 36 && nonce.as_bytes()[14] == b'4', "a UUID v4: {nonce}");
    let authorization = r.header("authorization").unwrap();
    assert!(
        authorization.starts_with(
            "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=accept;host;user-agent;x-acs-action;\
             x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
        ),
        "{authorization}"
    );
    assert!(r.body.is_empty());
    assert_acs3_verifies(&r, "testsecret");
}

#[tokio::test]
async fn v3_sends_and_signs_the_sts_token() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let creds = Credentials::new("testid", "testsecret").with_security_token("CAIS+sts/token==");
    let c = config(&server.url).credentials(creds).build();
    call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    let [r] = server.requests().try_into().unwrap();
    assert_eq!(r.header("x-acs-security-token"), Some("CAIS+sts/token=="));
    assert_eq!(r.header("x-acs-accesskey-id"), Some("testid"));
    assert!(r.header("authorization").unwrap().contains(";x-acs-security-token;"));
    assert_acs3_verifies(&r, "testsecret");
}

#[tokio::test]
async fn v1_sends_every_parameter_and_the_signature_in_the_query() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let creds = Credentials::new("testid", "testsecret").with_security_token("CAIS+sts/token==");
    let c = config(&server.url).credentials(creds).aliyun_signature(AliyunSignature::V1).build();
    call(&c, &DESCRIBE_IMAGES, params(&[("Tag.1.Key", "键"), ("Tag.1.Value", "值 value")])).await.unwrap();
    let [r] = server.requests().try_into().unwrap();
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    assert!(r.body.is_empty());
    let query = r.query();
    let value = |name: &str| r.query_value(name).unwrap_or_else(|| panic!("{name} missing from {query:?}"));
    assert_eq!(value("Action"), "DescribeImages");
    assert_eq!(value("Version"), "2014-05-26");
    assert_eq!(value("Format"), "JSON");
    assert_eq!(value("AccessKeyId"), "testid");
    assert_eq!(value("SignatureMethod"), "HMAC-SHA1");
    assert_eq!(value("SignatureVersion"), "1.0");
    assert_eq!(value("SecurityToken"), "CAIS+sts/token==");
    assert_eq!(value("RegionId"), "cn-hangzhou");
    assert_eq!(value("Tag.1.Value"), "值 value");
    assert_eq!(value("SignatureNonce").len(), 36);
    assert!(value("Timestamp").ends_with('Z'));
    let (last, rest) = query.split_last().unwrap();
    assert_eq!(last.0, "Signature");
    let signed = rpc_v1::sign("POST", rest, &AccessKey::new("testid", "testsecret"));
    assert_eq!(signed.signature, last.1);
    assert_eq!(r.header("authorization"), None);
}

#[tokio::test]
async fn server_errors_are_retried_until_success_with_fresh_nonces() {
    let unavailable =
        aliyun_error(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
    let server = Server::start(vec![unavailable.clone(), unavailable, Reply::ok(OK)]).await;
    let out = call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    assert_eq!(out["RequestId"], "ok-1");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let mut nonces: Vec<&str> = requests.iter().map(|r| r.header("x-acs-signature-nonce").unwrap()).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "each attempt has its own nonce");
    let mut signatures: Vec<&str> = requests.iter().map(|r| r.header("authorization").unwrap()).collect();
    signatures.dedup();
    assert_eq!(signatures.len(), 3, "each attempt is signed afresh");
    for r in &requests {
        assert_acs3_verifies(r, "testsecret");
    }
}

#[tokio::test]
async fn v1_retries_sign_each_attempt_afresh() {
    let server = Server::start(vec![Reply::new(500, r#"{"Code":"InternalError","Message":"x"}"#), Reply::ok(OK)]).await;
    let c = config(&server.url).aliyun_signature(AliyunSignature::V1).build();
    call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_ne!(requests[0].query_value("SignatureNonce"), requests[1].query_value("SignatureNonce"));
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    let server =
        Server::start(vec![aliyun_error(400, "InvalidParameter", "The specified parameter is not valid.")]).await;
    let e = service_error(call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await);
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        (e.code(), e.status(), e.request_id()),
        ("InvalidParameter", 400, Some("7445DFC4-26F4-5C9C-8F50-4E8F3A5F1D2B"))
    );
    assert_eq!(e.host_id(), Some("ecs.aliyuncs.com"));
    assert_eq!(
        Error::Service(e).to_string(),
        "DescribeImages failed: InvalidParameter: The specified parameter is not valid. \
         (HTTP 400, request id 7445DFC4-26F4-5C9C-8F50-4E8F3A5F1D2B)"
    );
}

#[tokio::test]
async fn the_request_id_header_is_used_when_the_body_has_none() {
    let reply =
        Reply::new(404, r#"{"Code":"InvalidImageId.NotFound","Message":"gone"}"#).header("x-acs-request-id", "HDR-1");
    let server = Server::start(vec![reply]).await;
    let e = service_error(call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await);
    assert_eq!(e.request_id(), Some("HDR-1"));
    let reply = Reply::new(404, r#"{"code":"NotFound","message":"gone"}"#);
    let server = Server::start(vec![reply]).await;
    let e = service_error(call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await);
    assert_eq!(e.to_string(), "DescribeImages failed: NotFound: gone (HTTP 404, no request id)");
}

#[tokio::test]
async fn a_dry_run_answer_stays_a_service_error() {
    let server = Server::start(vec![aliyun_error(
        400,
        "DryRunOperation",
        "Request validation has been passed with DryRun flag set.",
    )])
    .await;
    let e = call(&config(&server.url).build(), &DESCRIBE_IMAGES, params(&[("DryRun", "true")])).await.unwrap_err();
    assert!(e.is_dry_run());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn throttling_waits_at_least_the_server_hint() {
    let throttled = aliyun_error(400, "Throttling.User", "Request was denied due to user flow control.")
        .header("x-acs-retry-after", "300");
    let server = Server::start(vec![throttled, Reply::ok(OK)]).await;
    call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].at - requests[0].at;
    assert!(waited >= Duration::from_millis(300), "waited only {waited:?}");
}

#[tokio::test]
async fn the_last_attempts_error_is_returned_unchanged() {
    let throttled = aliyun_error(400, "Throttling.User", "Request was denied due to user flow control.")
        .header("x-acs-retry-after", "10");
    let server = Server::start(vec![throttled.clone(), throttled.clone(), throttled]).await;
    let e = service_error(call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await);
    assert_eq!(server.requests().len(), 3);
    assert_eq!((e.code(), e.status(), e.retry_after()), ("Throttling.User", 400, Some(Duration::from_millis(10))));
}

#[tokio::test]
async fn max_attempts_one_means_no_retry() {
    let server = Server::start(vec![aliyun_error(503, "ServiceUnavailable", "down"), Reply::ok(OK)]).await;
    let c = config(&server.url).max_attempts(1).build();
    let e = service_error(call(&c, &DESCRIBE_IMAGES, Params::new()).await);
    assert_eq!((e.code(), e.status()), ("ServiceUnavailable", 503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn timeouts_are_retried_and_stay_timeouts() {
    let slow = Reply::ok(OK).delay(Duration::from_secs(3));
    let server = Server::start(vec![slow.clone(), slow]).await;
    let c = config(&server.url).timeout(Duration::from_millis(200)).max_attempts(2).build();
    let e = call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert!(matches!(e, Error::Timeout { operation: "DescribeImages", after } if after == Duration::from_millis(200)));
    assert_eq!(e.to_string(), "DescribeImages: no complete answer within 200 ms");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let url = closed_port_url().await;
    let c = config(&url).max_attempts(2).build();
    let e = call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    let Error::Transport { operation, message, source } = &e else { panic!("{e:?}") };
    assert_eq!(*operation, "DescribeImages");
    assert!(message.starts_with(&format!("cannot connect to {url}: ")), "{message}");
    assert!(source.is_some());
    assert!(e.to_string().starts_with(&format!("DescribeImages: transport error: cannot connect to {url}: ")), "{e}");
    assert!(!e.to_string().contains("Signature"), "no signed URL in messages: {e}");
}

#[tokio::test]
async fn a_malformed_success_body_is_a_deserialize_error() {
    let server = Server::start(vec![Reply::ok(r#"{"RequestId": "abc", "Images": {"Image": [ "#), Reply::ok(OK)]).await;
    let e = call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert_eq!(server.requests().len(), 1, "a bad 200 body is not retried");
    assert_eq!(
        e.to_string(),
        "DescribeImages: unreadable answer (HTTP 200): at Images.Image: EOF while parsing a list (line 1, column 43)"
    );
}

#[tokio::test]
async fn a_wrongly_typed_success_body_names_the_field() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Out {
        #[serde(rename = "TotalCount")]
        total_count: i32,
    }
    let server = Server::start(vec![Reply::ok(r#"{"TotalCount": {"x": 1}}"#)]).await;
    let e = send::<Out>(&Handle::new(&config(&server.url).build()), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "DescribeImages: unreadable answer (HTTP 200): at TotalCount: invalid type: map, expected i32 (line 1, column 15)"
    );
}

#[tokio::test]
async fn an_html_gateway_error_is_retried_then_reported_as_unreadable() {
    let html = Reply::new(502, "<html><body>502 Bad Gateway</body></html>").header("content-type", "text/html");
    let server = Server::start(vec![html.clone(), html]).await;
    let c = config(&server.url).max_attempts(2).build();
    let e = call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        e.to_string(),
        r#"DescribeImages: unreadable answer (HTTP 502): the error answer is not JSON: expected value at line 1 column 1; body starts with: "<html><body>502 Bad Gateway</body></html>""#
    );
}

#[tokio::test]
async fn a_long_unreadable_body_is_quoted_briefly() {
    let body = format!("<html>{}</html>", "é".repeat(500));
    let server = Server::start(vec![Reply::new(400, &body)]).await;
    let e = call(&config(&server.url).build(), &DESCRIBE_IMAGES, Params::new()).await.unwrap_err();
    let Error::Deserialize { snippet, status: 400, .. } = &e else { panic!("{e:?}") };
    assert_eq!(snippet.chars().count(), 201);
    assert!(snippet.starts_with("<html>éé") && snippet.ends_with('…'));
}

#[test]
fn send_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let handle = Handle::new(&Config::builder().build());
    let future = send::<Value>(&handle, &DESCRIBE_IMAGES, Params::new());
    assert_send(&future);
}

#[tokio::test]
async fn a_handed_in_http_client_is_used() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-app", "7".parse().unwrap());
    let http = cloudsdk::reqwest::Client::builder()
        .default_headers(headers)
        .redirect(cloudsdk::reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let c = config(&server.url).http_client(http).build();
    call(&c, &DESCRIBE_IMAGES, Params::new()).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header("x-app"), Some("7"));
    assert_acs3_verifies(r, "testsecret");
    assert!(format!("{c:?}").contains("http_client: Some(\"given\")"), "{c:?}");
}
