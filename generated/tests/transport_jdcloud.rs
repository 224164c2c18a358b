//! `runtime::send` against a scripted loopback server: JD Cloud REST requests (JDCLOUD2
//! and JDCLOUD3), retries and error mapping.

mod transport_support;

use cloudsdk::runtime::signing::{jdcloud, AccessKey, EMPTY_PAYLOAD_SHA256};
use cloudsdk::runtime::{send, Handle, Params};
use cloudsdk::{Config, Credentials, Error, JdcloudSignature};
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;
use time::{Date, Month, OffsetDateTime, Time};
use transport_support::*;

const OK: &str =
    r#"{"requestId":"c4a6fm5ma9c3ve1hrgcq8hhoq1k8jfou","result":{"imageConstraints":{"imageId":"img-m5s0abcd29"}}}"#;
const NOT_FOUND: &str = r#"{"requestId":"c4a6fm5ma9c3ve1hrgcq8hhoq1k8jfou","error":{"code":404,"status":"NOT_FOUND","message":"image img-m5s0abcd29 not found"}}"#;

fn config(url: &str) -> cloudsdk::ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new("ak", "sk"))
        .region("cn-north-1")
        .endpoint_url(url)
        .retry_base_delay(Duration::from_millis(1))
}

fn image(id: &str) -> Params {
    let mut p = Params::new();
    p.path("imageId", &Some(id.to_owned()));
    p
}

async fn call(config: &Config, p: Params) -> Result<Value, Error> {
    send::<Value>(&Handle::new(config), &DESCRIBE_CONSTRAINTS, p).await
}

/// `yyyyMMddTHHmmssZ`.
fn parse_date(s: &str) -> OffsetDateTime {
    let n = |range: std::ops::Range<usize>| s[range].parse::<u32>().unwrap();
    let date =
        Date::from_calendar_date(n(0..4) as i32, Month::try_from(n(4..6) as u8).unwrap(), n(6..8) as u8).unwrap();
    let time = Time::from_hms(n(9..11) as u8, n(11..13) as u8, n(13..15) as u8).unwrap();
    date.with_time(time).assume_utc()
}

/// Recomputes the JD Cloud signature from the request as received and compares.
fn assert_jdcloud_verifies(r: &Received, algorithm: jdcloud::Algorithm, secret: &str) {
    let authorization = r.header("authorization").expect("authorization header");
    let fields = authorization.strip_prefix(algorithm.name()).expect("algorithm").trim();
    let fields: HashMap<&str, &str> = fields.split(", ").filter_map(|f| f.split_once('=')).collect();
    let mut credential = fields["Credential"].split('/');
    let (id, _day, region, service) = (
        credential.next().unwrap(),
        credential.next().unwrap(),
        credential.next().unwrap(),
        credential.next().unwrap(),
    );
    let headers: Vec<(&str, &str)> = fields["SignedHeaders"]
        .split(';')
        .filter(|n| !["host", "x-jdcloud-date", "x-jdcloud-nonce"].contains(n))
        .map(|n| (n, r.header(n).unwrap()))
        .collect();
    let path = decode(&r.path);
    let request = jdcloud::Request {
        method: &r.method,
        host: r.header("host"),
        path: &path,
        query: &r.raw_query,
        headers: &headers,
        payload_hash: EMPTY_PAYLOAD_SHA256,
    };
    let params = jdcloud::SigningParams {
        algorithm,
        date_nonce: jdcloud::DateNonce::Signed,
        region,
        service,
        timestamp: parse_date(r.header("x-jdcloud-date").unwrap()),
        nonce: r.header("x-jdcloud-nonce").unwrap(),
    };
    let signed = jdcloud::sign(&request, &params, &AccessKey::new(id, secret));
    assert_eq!(signed.parts.signature, fields["Signature"], "canonical request: {}", signed.parts.canonical_request);
}

#[tokio::test]
async fn jdcloud2_requests_have_the_documented_layout_and_verify() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let c = config(&server.url).user_agent("ua/1").build();
    let out = call(&c, image("img-m5s0abcd29")).await.unwrap();
    assert_eq!(out["result"]["imageConstraints"]["imageId"], "img-m5s0abcd29");
    let [r] = server.requests().try_into().unwrap();
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("GET", "/v1/regions/cn-north-1/images/img-m5s0abcd29/constraints")
    );
    assert_eq!(r.raw_query, "");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("user-agent"), Some("ua/1"));
    assert_eq!(r.header("host"), Some(server.url.trim_start_matches("http://")));
    let date = r.header("x-jdcloud-date").unwrap();
    assert!(date.len() == 16 && date.as_bytes()[8] == b'T' && date.ends_with('Z'), "{date}");
    assert_eq!(r.header("x-jdcloud-nonce").map(str::len), Some(36));
    let authorization = r.header("authorization").unwrap();
    let scope = format!("JDCLOUD2-HMAC-SHA256 Credential=ak/{}/cn-north-1/vm/jdcloud2_request, ", &date[..8]);
    assert!(authorization.starts_with(&scope), "{authorization}");
    assert!(
        authorization.contains("SignedHeaders=content-type;host;x-jdcloud-date;x-jdcloud-nonce, "),
        "{authorization}"
    );
    assert_jdcloud_verifies(&r, jdcloud::Algorithm::Jdcloud2, "sk");
}

#[tokio::test]
async fn jdcloud3_requests_verify_with_encoded_path_and_query() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let c = config(&server.url).jdcloud_signature(JdcloudSignature::V3).build();
    let mut p = image("img 1*x");
    p.path("regionId", &Some("cn-east-2".to_owned()));
    p.simple("filters.1.name", &Some("a b*c~".to_owned()));
    call(&c, p).await.unwrap();
    let [r] = server.requests().try_into().unwrap();
    assert_eq!(r.path, "/v1/regions/cn-east-2/images/img%201%2Ax/constraints");
    assert_eq!(r.raw_query, "filters.1.name=a%20b%2Ac~");
    let authorization = r.header("authorization").unwrap();
    assert!(authorization.starts_with("JDCLOUD3-HMAC-SHA256 Credential=ak/"), "{authorization}");
    assert!(authorization.contains("/cn-east-2/vm/jdcloud3_request, "), "the region parameter scopes the signature");
    assert_jdcloud_verifies(&r, jdcloud::Algorithm::Jdcloud3, "sk");
}

#[tokio::test]
async fn jdcloud2_verifies_with_a_query_too() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let mut p = image("img-1");
    p.simple("pageNumber", &Some(2));
    p.simple("name", &Some("x y".to_owned()));
    call(&config(&server.url).build(), p).await.unwrap();
    let [r] = server.requests().try_into().unwrap();
    assert_eq!(r.raw_query, "pageNumber=2&name=x%20y");
    assert_jdcloud_verifies(&r, jdcloud::Algorithm::Jdcloud2, "sk");
}

#[tokio::test]
async fn a_missing_path_parameter_sends_nothing() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let e = call(&config(&server.url).build(), Params::new()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "describeImageConstraints: invalid request, nothing was sent: required parameter imageId is not set"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_jdcloud_error_body_maps_to_a_service_error() {
    let server = Server::start(vec![Reply::new(404, NOT_FOUND), Reply::ok(OK)]).await;
    let e = call(&config(&server.url).build(), image("img-m5s0abcd29")).await.unwrap_err();
    assert_eq!(server.requests().len(), 1, "404 is not retried");
    let s = e.as_service().unwrap();
    assert_eq!(
        (s.code(), s.message(), s.request_id(), s.status()),
        ("NOT_FOUND", "image img-m5s0abcd29 not found", Some("c4a6fm5ma9c3ve1hrgcq8hhoq1k8jfou"), 404)
    );
    assert_eq!(
        e.to_string(),
        "describeImageConstraints failed: NOT_FOUND: image img-m5s0abcd29 not found \
         (HTTP 404, request id c4a6fm5ma9c3ve1hrgcq8hhoq1k8jfou)"
    );
}

#[tokio::test]
async fn the_jdcloud_request_id_header_is_a_fallback() {
    let body = r#"{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"bad"}}"#;
    let server = Server::start(vec![Reply::new(400, body).header("x-jdcloud-request-id", "hdr-9")]).await;
    let e = call(&config(&server.url).build(), image("img-1")).await.unwrap_err();
    let s = e.as_service().unwrap();
    assert_eq!((s.code(), s.request_id()), ("INVALID_ARGUMENT", Some("hdr-9")));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried() {
    let throttled = Reply::new(
        429,
        r#"{"requestId":"r1","error":{"code":429,"status":"TOO_MANY_REQUESTS","message":"slow down"}}"#,
    )
    .header("retry-after", "0");
    let broken = Reply::new(500, r#"{"requestId":"r2","error":{"code":500,"status":"INTERNAL","message":"oops"}}"#);
    let server = Server::start(vec![throttled, broken, Reply::ok(OK)]).await;
    call(&config(&server.url).build(), image("img-1")).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let nonces: std::collections::HashSet<&str> =
        requests.iter().map(|r| r.header("x-jdcloud-nonce").unwrap()).collect();
    assert_eq!(nonces.len(), 3);
    for r in &requests {
        assert_jdcloud_verifies(r, jdcloud::Algorithm::Jdcloud2, "sk");
    }
}

#[tokio::test]
async fn jdcloud_without_any_region_is_a_build_error() {
    let server = Server::start(vec![Reply::ok(OK)]).await;
    let c = Config::builder().credentials(Credentials::new("ak", "sk")).endpoint_url(&server.url).build();
    let e = call(&c, image("img-1")).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "describeImageConstraints: invalid request, nothing was sent: required parameter regionId is not set"
    );
    assert!(server.requests().is_empty());
}
