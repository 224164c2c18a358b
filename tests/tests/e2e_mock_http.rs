//! The mock over raw HTTP: bad input of every kind gets the vendor's error body (never a
//! panic, never a dropped server), and the `/__mock/` control endpoints work with a plain
//! HTTP client such as curl.

mod support;

use cloudsdk_tests::mock::Mock;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An answer read off the wire.
#[derive(Debug)]
struct Raw {
    status: u16,
    head: String,
    body: String,
}

impl Raw {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Sends `request` bytes as they are (the mock closes the connection after answering,
/// since each request says `Connection: close`) and reads the whole answer.
async fn send_bytes(mock: &Mock, request: &[u8]) -> Raw {
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Raw { status, head: head.to_owned(), body: body.to_owned() }
}

async fn send(mock: &Mock, method: &str, target: &str) -> Raw {
    let request =
        format!("{method} {target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    send_bytes(mock, request.as_bytes()).await
}

fn code(raw: &Raw) -> Value {
    let body = raw.json();
    body.get("Code").cloned().unwrap_or_else(|| body["error"]["status"].clone())
}

#[tokio::test]
async fn unknown_actions_and_paths_are_not_found_in_each_vendors_format() {
    let mock = support::start().await;
    let rpc = send(&mock, "POST", "/?Action=StopInstances&Version=2014-05-26").await;
    assert_eq!((rpc.status, code(&rpc)), (404, json!("InvalidAction.NotFound")));
    assert!(rpc.head.to_ascii_lowercase().contains("x-acs-request-id: 00000000-0000-4000-8000-000000000001"));
    let body = rpc.json();
    for key in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
        assert!(body.get(key).is_some(), "{key} in {body}");
    }

    let rest = send(&mock, "GET", "/v1/regions/cn-north-1/nothing").await;
    assert_eq!(rest.status, 404);
    assert_eq!(
        rest.json()["error"],
        json!({"code": 404, "status": "NOT_FOUND", "message": "no API matches GET /v1/regions/cn-north-1/nothing"})
    );
    assert_eq!(mock.requests().iter().map(|r| r.operation.clone()).collect::<Vec<_>>(), [None, None]);
}

#[tokio::test]
async fn unsigned_requests_are_incomplete_signatures() {
    let mock = support::start().await;
    let rpc = send(&mock, "POST", "/?Action=DescribeImages&Version=2014-05-26&RegionId=cn-hangzhou").await;
    assert_eq!((rpc.status, code(&rpc)), (400, json!("IncompleteSignature")));
    let rest = send(&mock, "GET", "/v1/regions/cn-north-1/images/img-1/constraints").await;
    assert_eq!(rest.status, 401);
    assert_eq!(rest.json()["error"]["status"], "UNAUTHENTICATED");
    assert_eq!(mock.requests()[0].operation.as_deref(), Some("DescribeImages"));
}

#[tokio::test]
async fn bad_encodings_and_bodies_are_answered_not_panicked_on() {
    let mock = support::start().await;
    let bad_utf8 = send(&mock, "POST", "/?Action=DescribeImages&Version=2014-05-26&RegionId=%FF%FE").await;
    assert_eq!((bad_utf8.status, code(&bad_utf8)), (400, json!("InvalidParameter")));
    assert!(bad_utf8.json()["Message"].as_str().unwrap().contains("not UTF-8"));

    let bad_path = send(&mock, "GET", "/v1/regions/%FF/images/x/constraints").await;
    assert_eq!((bad_path.status, code(&bad_path)), (400, json!("INVALID_ARGUMENT")));

    // One byte over the 1 MiB limit: the mock has read every byte when it notices.
    let huge = format!(
        "POST /?Action=DescribeImages&Version=2014-05-26 HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{}",
        (1 << 20) + 1,
        "a".repeat((1 << 20) + 1)
    );
    let too_large = send_bytes(&mock, huge.as_bytes()).await;
    assert_eq!((too_large.status, code(&too_large)), (400, json!("InvalidParameter")));

    let odd_method = send(&mock, "BREW", "/").await;
    assert_eq!((odd_method.status, code(&odd_method)), (400, json!("UnsupportedHTTPMethod")));

    // Not HTTP at all: the connection ends; the server lives on.
    let garbage = send_bytes(&mock, b"\x00\x01\x02 not http\r\n\r\n").await;
    assert_ne!(garbage.status, 200);
    let after = send(&mock, "POST", "/?Action=StopInstances&Version=2014-05-26").await;
    assert_eq!(after.status, 404);
}

#[tokio::test]
async fn control_endpoints_drive_the_hooks_over_http() {
    let mock = support::start().await;
    let listed = send(&mock, "GET", "/__mock").await;
    assert_eq!(listed.status, 200);
    assert!(listed.json()["endpoints"].as_array().is_some_and(|e| e.len() == 7));

    let set = send(&mock, "POST", "/__mock/fail?count=1&kind=unavailable&retry_after_ms=1").await;
    assert_eq!(set.json(), json!({"ok": true, "failing_next": 1, "kind": "unavailable"}));
    let paged = send(&mock, "POST", "/__mock/paginate?operation=DescribeInstances&items=12").await;
    assert_eq!(paged.status, 200);

    let client = cloudsdk::aliyun::ecs::Client::new(&support::config(&mock).build());
    let items = futures::TryStreamExt::try_collect::<Vec<_>>(client.describe_instances().into_paginator().items())
        .await
        .unwrap();
    assert_eq!(items.len(), 12);

    assert_eq!(send(&mock, "GET", "/__mock/calls").await.json(), json!({"calls": 3}));
    let requests = send(&mock, "GET", "/__mock/requests").await.json();
    let statuses: Vec<_> = requests.as_array().unwrap().iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, [json!(503), json!(200), json!(200)]);
    assert_eq!(requests[0]["operation"], "DescribeInstances");

    assert_eq!(send(&mock, "POST", "/__mock/reset").await.status, 200);
    assert_eq!(mock.calls(), 0);
    assert_eq!(send(&mock, "DELETE", "/__mock/reset").await.status, 405);
}
