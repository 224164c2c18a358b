//! The generated clients against the mock: writes are not repeated, client tokens are made
//! once, secrets are redacted, hostile values send nothing, and clients of one `Config`
//! share one connection pool.

mod support;

use cloudsdk::aliyun::ecs;
use cloudsdk::jdcloud::vm;
use cloudsdk::{AliyunSignature, Error};
use cloudsdk_tests::mock::Fault;
use support::{config, start, statuses};

#[tokio::test]
async fn a_write_that_failed_on_the_service_is_not_repeated() {
    let mock = start().await;
    for fault in [Fault::unavailable(), Fault::documented("InternalError")] {
        mock.reset();
        mock.fail_next(1, fault);
        let client = ecs::Client::new(&config(&mock).build());
        let e = client.create_key_pair().key_pair_name("k1").send().await.unwrap_err();
        assert!(e.as_service().is_some(), "{e:?}");
        assert_eq!(mock.calls(), 1, "CreateKeyPair was sent once: {e}");
    }
    // The same fault on a read is retried.
    mock.reset();
    mock.fail_next(1, Fault::unavailable());
    ecs::Client::new(&config(&mock).build()).describe_instances().send().await.unwrap();
    assert_eq!(statuses(&mock), [503, 200]);
}

#[tokio::test]
async fn a_throttled_write_is_retried() {
    let mock = start().await;
    mock.fail_next(1, Fault::throttling());
    let out = ecs::Client::new(&config(&mock).build()).create_key_pair().key_pair_name("k1").send().await.unwrap();
    assert_eq!(out.key_pair_name.as_deref(), Some("test"));
    assert_eq!(statuses(&mock), [400, 200]);
}

#[tokio::test]
async fn a_client_token_is_filled_once_and_resent_on_retries() {
    let mock = start().await;
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        mock.reset();
        mock.fail_next(2, Fault::unavailable());
        let client = ecs::Client::new(&config(&mock).aliyun_signature(signature).build());
        let out = client.create_hpc_cluster().name("hpc-Cluster-01").send().await.unwrap();
        assert_eq!(out.hpc_cluster_id.as_deref(), Some("hpc-pnlg1ds9rky4****"));
        assert_eq!(statuses(&mock), [503, 503, 200]);
        let tokens: Vec<String> =
            mock.requests().iter().map(|r| r.param("ClientToken").expect("a client token").to_owned()).collect();
        assert!(tokens.iter().all(|t| t == &tokens[0]), "{tokens:?}");
        assert_eq!(tokens[0].len(), 36, "a UUID: {}", tokens[0]);
        // The next call has a token of its own; a token the caller sets is sent as is.
        client.create_hpc_cluster().name("hpc-Cluster-01").send().await.unwrap();
        client.create_hpc_cluster().name("hpc-Cluster-01").client_token("mine-1").send().await.unwrap();
        let last: Vec<String> =
            mock.requests().iter().skip(3).map(|r| r.param("ClientToken").unwrap().to_owned()).collect();
        assert_ne!(last[0], tokens[0]);
        assert_eq!(last[1], "mine-1");
    }
}

#[tokio::test]
async fn sensitive_fields_are_redacted_in_debug() {
    let mock = start().await;
    let out = ecs::Client::new(&config(&mock).build()).create_key_pair().key_pair_name("k1").send().await.unwrap();
    // The value is there for the caller, and only there.
    assert_eq!(out.private_key_body.as_deref(), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
    let debug = format!("{out:?}");
    assert!(!debug.contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), "{debug}");
    assert!(debug.contains("private_key_body: ** redacted **"), "{debug}");
    assert!(debug.contains("key_pair_name: Some(\"test\")"), "{debug}");
    let pretty = format!("{out:#?}");
    assert!(!pretty.contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), "{pretty}");
}

#[tokio::test]
async fn hostile_values_send_nothing() {
    let mock = start().await;
    let e =
        ecs::Client::new(&config(&mock).region("evil.example/").build()).describe_images().send().await.unwrap_err();
    assert!(matches!(e, Error::Build { .. }), "{e:?}");
    let e =
        ecs::Client::new(&config(&mock).build()).describe_images().region_id("cn-hangzhou.evil.example").send().await;
    assert!(matches!(e, Err(Error::Build { .. })), "{e:?}");
    let vm = vm::Client::new(&config(&mock).region("cn-north-1").build());
    for id in ["..", ".", ""] {
        let e = vm.describe_image_constraints().image_id(id).send().await.unwrap_err();
        assert!(e.to_string().contains("which would change the route"), "{e}");
    }
    let e = vm.describe_image_constraints().region_id("cn-north-1/../x").image_id("img-1").send().await.unwrap_err();
    assert!(matches!(e, Error::Build { .. }), "{e:?}");
    let e = ecs::Client::new(&config(&mock).user_agent("a\r\nx-injected: 1").build()).describe_images().send().await;
    assert!(matches!(e, Err(Error::Build { .. })), "{e:?}");
    assert_eq!(mock.calls(), 0);
    assert_eq!(mock.connections(), 0, "not even a connection was made");
}

#[tokio::test]
async fn clients_of_one_config_share_one_connection_pool() {
    let mock = start().await;
    let shared = config(&mock).region("cn-north-1").build();
    let (ecs_client, vm_client) = (ecs::Client::new(&shared), vm::Client::new(&shared));
    let another = ecs::Client::new(&shared.clone());
    for _ in 0..3 {
        ecs_client.describe_images().region_id("cn-hangzhou").send().await.unwrap();
        vm_client.describe_image_constraints().image_id("img-1").send().await.unwrap();
        another.describe_instances().region_id("cn-hangzhou").send().await.unwrap();
    }
    assert_eq!(mock.calls(), 9);
    assert_eq!(mock.connections(), 1, "one pooled connection for three clients of one Config");
    // Another Config has a pool of its own.
    ecs::Client::new(&config(&mock).build()).describe_images().send().await.unwrap();
    assert_eq!(mock.connections(), 2);
}
