//! Failures end to end: what the client returns, how often it retried (the mock counts the
//! calls), and the `Display` of each error kind, pinned by snapshot.

mod support;

use cloudsdk::aliyun::ecs;
use cloudsdk::jdcloud::vm;
use cloudsdk::{AliyunSignature, Error, JdcloudSignature};
use cloudsdk_tests::mock::Fault;
use std::time::Duration;
use support::{config, start, statuses};

fn ecs(mock: &cloudsdk_tests::mock::Mock) -> ecs::Client {
    ecs::Client::new(&config(mock).build())
}

#[tokio::test]
async fn a_missing_required_parameter_is_a_build_error_and_nothing_is_sent() {
    let mock = start().await;
    let e = ecs(&mock).describe_image_from_family().send().await.unwrap_err();
    assert!(matches!(e, Error::Build { .. }), "{e:?}");
    assert_eq!(mock.calls(), 0);
    insta::assert_snapshot!("build", e);
}

#[tokio::test]
async fn unavailable_twice_then_success() {
    let mock = start().await;
    mock.fail_next(2, Fault::unavailable());
    let out = ecs(&mock).describe_instances().send().await.unwrap();
    assert_eq!(out.total_count, Some(58));
    assert_eq!(statuses(&mock), [503, 503, 200]);
    // Each attempt is signed afresh: the mock rejects a nonce it has seen.
    let nonces: std::collections::BTreeSet<_> =
        mock.requests().iter().map(|r| r.header("x-acs-signature-nonce").unwrap_or_default().to_owned()).collect();
    assert_eq!(nonces.len(), 3);
}

#[tokio::test]
async fn the_last_attempt_error_is_returned_when_retries_run_out() {
    let mock = start().await;
    mock.fail_next(5, Fault::unavailable());
    let e = ecs(&mock).describe_instances().send().await.unwrap_err();
    let service = e.as_service().expect("a service error");
    assert_eq!((service.code(), service.status()), ("ServiceUnavailable", 503));
    assert_eq!(mock.calls(), 3);
    insta::assert_snapshot!("service_unavailable", e);
}

#[tokio::test]
async fn throttling_is_retried_after_the_hinted_delay() {
    let mock = start().await;
    mock.fail_next(1, Fault::throttling().with_retry_after(Duration::from_millis(1)));
    ecs(&mock).describe_images().send().await.unwrap();
    assert_eq!(statuses(&mock), [400, 200]);
    assert_eq!(mock.requests()[0].operation.as_deref(), Some("DescribeImages"));
}

#[tokio::test]
async fn a_bad_parameter_is_not_retried() {
    let mock = start().await;
    let e = ecs(&mock).describe_images().page_size(500).send().await.unwrap_err();
    let service = e.as_service().expect("a service error");
    assert_eq!((service.code(), service.status()), ("InvalidParameter", 400));
    assert_eq!(mock.calls(), 1);
    insta::assert_snapshot!("invalid_parameter", e);
}

#[tokio::test]
async fn a_documented_error_for_an_undocumented_enum_value() {
    let mock = start().await;
    let e = ecs(&mock).describe_instances().status("Sleeping").send().await.unwrap_err();
    let service = e.as_service().expect("a service error");
    assert_eq!((service.code(), service.status()), ("InvalidStatus.NotFound", 404));
    assert_eq!(mock.calls(), 1);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let mock = start().await;
    mock.set_delay(Duration::from_secs(30));
    let client = ecs::Client::new(&config(&mock).timeout(Duration::from_millis(200)).max_attempts(2).build());
    let e = client.describe_images().send().await.unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    assert_eq!(mock.calls(), 2, "a timeout is retried");
    insta::assert_snapshot!("timeout", e);
}

#[tokio::test]
async fn a_slow_first_answer_is_retried() {
    let mock = start().await;
    mock.delay_next(1, Duration::from_secs(30));
    let client = ecs::Client::new(&config(&mock).timeout(Duration::from_secs(2)).build());
    client.describe_images().send().await.unwrap();
    assert_eq!(mock.calls(), 2);
}

#[tokio::test]
async fn a_malformed_body_is_a_deserialize_error() {
    let mock = start().await;
    mock.fail_next(1, Fault::malformed_body());
    let e = ecs(&mock).describe_image_support_instance_types().image_id("m-1").send().await.unwrap_err();
    assert!(matches!(e, Error::Deserialize { status: 200, .. }), "{e:?}");
    assert_eq!(mock.calls(), 1, "an unreadable 200 is not retried");
    insta::assert_snapshot!("deserialize", e);
}

#[tokio::test]
async fn a_jdcloud_not_found_is_a_service_error() {
    let mock = start().await;
    mock.fail_next(1, Fault::documented("NOT_FOUND"));
    let client = vm::Client::new(&config(&mock).build());
    let e = client.describe_image_constraints().region_id("cn-north-1").image_id("img-nope").send().await.unwrap_err();
    let service = e.as_service().expect("a service error");
    assert_eq!((service.code(), service.status(), service.message()), ("NOT_FOUND", 404, "Image 'xx' not found"));
    assert_eq!(service.request_id(), Some("mock0000000000000000000000000001"));
    assert_eq!(mock.calls(), 1);
    insta::assert_snapshot!("jdcloud_not_found", e);
}

#[tokio::test]
async fn a_dry_run_is_reported_as_such() {
    let mock = start().await;
    let e = ecs(&mock).describe_instances().dry_run(true).send().await.unwrap_err();
    assert!(e.is_dry_run(), "{e:?}");
    assert_eq!(mock.calls(), 1);
    insta::assert_snapshot!("dry_run", e);
    let passed = ecs(&mock).describe_instances().dry_run(false).send().await;
    assert!(passed.is_ok());
}

#[tokio::test]
async fn a_wrong_secret_is_signature_does_not_match_and_not_retried() {
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        let mock = start().await;
        let wrong = cloudsdk::Credentials::new(mock.credentials().access_key_id.clone(), "not-the-secret");
        let client = ecs::Client::new(&config(&mock).credentials(wrong).aliyun_signature(signature).build());
        let e = client.describe_images().send().await.unwrap_err();
        let service = e.as_service().expect("a service error");
        assert_eq!((service.code(), service.status()), ("SignatureDoesNotMatch", 400), "{signature:?}");
        assert_eq!(mock.calls(), 1);
        insta::assert_snapshot!(format!("wrong_secret_{signature:?}"), e);
    }
}

#[tokio::test]
async fn a_wrong_jdcloud_secret_is_unauthenticated() {
    for signature in [JdcloudSignature::V2, JdcloudSignature::V3] {
        let mock = start().await;
        let wrong = cloudsdk::Credentials::new(mock.credentials().access_key_id.clone(), "not-the-secret");
        let client = vm::Client::new(&config(&mock).credentials(wrong).jdcloud_signature(signature).build());
        let e = client.describe_image_constraints().image_id("img-1").send().await.unwrap_err();
        let service = e.as_service().expect("a service error");
        assert_eq!((service.code(), service.status()), ("UNAUTHENTICATED", 401), "{signature:?}");
        assert_eq!(mock.calls(), 1);
    }
}

#[tokio::test]
async fn an_unknown_access_key_is_not_found() {
    let mock = start().await;
    let stranger = cloudsdk::Credentials::new("someone-else", "secret");
    let e = ecs::Client::new(&config(&mock).credentials(stranger).build()).describe_images().send().await.unwrap_err();
    assert_eq!(e.as_service().map(|s| (s.code(), s.status())), Some(("InvalidAccessKeyId.NotFound", 404)));
    insta::assert_snapshot!("unknown_access_key", e);
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let mock = start().await;
    let cfg = config(&mock).max_attempts(2).build();
    let origin = mock.url().to_owned();
    mock.stop().await;
    let e = ecs::Client::new(&cfg).describe_images().send().await.unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    let shown = e.to_string().replace(&origin, "http://127.0.0.1:<port>");
    insta::assert_snapshot!("transport", without_os_error_code(&shown));
}

/// `… refused (os error 111)` → `… refused`: the number differs between systems.
fn without_os_error_code(text: &str) -> String {
    match text.find(" (os error ") {
        Some(start) => {
            let end = text[start..].find(')').map_or(text.len(), |i| start + i + 1);
            format!("{}{}", &text[..start], &text[end..])
        }
        None => text.to_owned(),
    }
}
